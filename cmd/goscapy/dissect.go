package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/packet"
)

func init() {
	register(command{name: "dissect", summary: "decode a packet given in hex and show its layers", run: runDissect})
}

const dissectUsage = `usage: goscapy dissect [flags] [HEX...]

Decode one packet given in hex and print its layers, as Scapy's show().

The hex comes from the arguments, joined, or from standard input when there
is none or it is "-". Spaces, colons and newlines between digits are
ignored and a 0x prefix is allowed, so "ff:ff:ff", "0xffffff" and
"ff ff ff" are the same. A hexdump with offsets (goscapy build's output,
Scapy's hexdump(), tshark -x, tcpdump -xx) is read too:

  goscapy build 'Ether()/IP()/TCP()' | goscapy dissect

When a layer cannot be decoded, the layers before it are printed, its bytes
are shown as Raw, the error follows on standard error and the exit status
is 1.
`

func runDissect(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("dissect")
	var out outputFlags
	out.register(fs, "print the field tree (the default)", "print a hexdump of the bytes, as Scapy's hexdump()")
	first := fs.String("first", "Ethernet", "first layer: `NAME` of a protocol (IP or IPv6 for raw IP packets)")
	pos, code, ok := parseArgs(fs, args, stdout, stderr, dissectUsage)
	if !ok {
		return code
	}
	if err := out.check(); err != nil {
		return usageError(stderr, "dissect", err)
	}
	pr := packet.Lookup(*first)
	if pr == nil {
		return usageError(stderr, "dissect", fmt.Errorf("unknown layer %q for --first (known: %s)", *first, layerNames()))
	}
	var text string
	if len(pos) == 0 || len(pos) == 1 && pos[0] == "-" {
		b, err := readInput(stdin)
		if err != nil {
			return fail(stderr, err)
		}
		text = string(b)
	} else {
		text = strings.Join(pos, " ")
	}
	data, err := parseHexInput(text)
	if err != nil {
		return fail(stderr, err)
	}
	if len(data) == 0 {
		return fail(stderr, errors.New("no bytes to dissect"))
	}
	p, derr := packet.Dissect(data, pr.Type())
	var s string
	switch {
	case out.json:
		s = string(p.AppendJSON(nil, 0)) + "\n"
	case out.summary:
		s = p.String() + "\n"
	case out.hex:
		s = packet.HexDump(data)
	default:
		s = p.Show()
	}
	if c := writeOut(stdout, stderr, s); c != exitOK {
		return c
	}
	if derr != nil {
		return fail(stderr, derr)
	}
	return exitOK
}

// parseHexInput reads plain hex (separators ignored) or a hexdump with
// offsets.
func parseHexInput(s string) ([]byte, error) {
	if isHexdump(s) {
		return parseHexdump(s)
	}
	return parsePlainHex(s)
}

// parsePlainHex decodes hex digits, ignoring white space, colons and a 0x
// before each group.
func parsePlainHex(s string) ([]byte, error) {
	out := make([]byte, 0, len(s)/2)
	var hi byte
	half, hiAt := false, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isSpace(c) || c == ':' {
			continue
		}
		if c == '0' && !half && i+1 < len(s) && (s[i+1] == 'x' || s[i+1] == 'X') && (i == 0 || isSpace(s[i-1])) {
			i++
			continue
		}
		v, ok := unhex(c)
		if !ok {
			return nil, fmt.Errorf("invalid hex digit %q at position %d", rune(c), i+1)
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi, hiAt = v, i
		}
		half = !half
	}
	if half {
		return nil, fmt.Errorf("odd number of hex digits (the last one at position %d)", hiAt+1)
	}
	return out, nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// dumpOffset splits a hexdump line into its offset and the rest: "0000  ",
// "0x0010:  ", "00000020 " followed by a colon or two spaces.
func dumpOffset(line string) (off int, rest string, ok bool) {
	line = strings.TrimLeft(line, " \t")
	s := line
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		s = s[2:]
	}
	n := 0
	for n < len(s) && n < 9 {
		if _, ok := unhex(s[n]); !ok {
			break
		}
		n++
	}
	if n < 4 || n > 8 {
		return 0, "", false
	}
	v, err := strconv.ParseUint(s[:n], 16, 32)
	if err != nil {
		return 0, "", false
	}
	rest = s[n:]
	switch {
	case strings.HasPrefix(rest, ":") && (len(rest) == 1 || rest[1] == ' ' || rest[1] == '\t'):
		rest = rest[1:]
	case strings.HasPrefix(rest, "  ") || strings.HasPrefix(rest, "\t"):
	default:
		return 0, "", false
	}
	return int(v), rest, true
}

// isHexdump reports input with a hexdump line at offset 0.
func isHexdump(s string) bool {
	for _, line := range strings.Split(s, "\n") {
		if off, _, ok := dumpOffset(line); ok && off == 0 {
			return true
		}
	}
	return false
}

// parseHexdump reads the hex columns of a hexdump: after the offset, hex
// groups of 2 or 4 digits separated by single spaces, up to two spaces
// (the ASCII column) or the end of the line. Lines before the first one
// (a tcpdump summary line, say) are skipped; each offset must match the
// bytes read so far.
func parseHexdump(s string) ([]byte, error) {
	var out []byte
	started := false
	for n, line := range strings.Split(s, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		off, rest, ok := dumpOffset(line)
		if !started {
			if !ok || off != 0 {
				continue
			}
			started = true
		}
		if !ok {
			return nil, fmt.Errorf("hexdump line %d: no offset at the start", n+1)
		}
		if off == 0 && len(out) > 0 {
			return nil, fmt.Errorf("hexdump line %d: a second packet starts here (dissect takes one)", n+1)
		}
		if off != len(out) {
			return nil, fmt.Errorf("hexdump line %d: offset %#x, expected %#x", n+1, off, len(out))
		}
		rest = strings.TrimLeft(rest, " \t")
		for rest != "" {
			g := 0
			for g < len(rest) && rest[g] != ' ' && rest[g] != '\t' {
				g++
			}
			group := rest[:g]
			if len(group) != 2 && len(group) != 4 {
				break // the ASCII column
			}
			b, err := parsePlainHex(group)
			if err != nil {
				break
			}
			out = append(out, b...)
			rest = rest[g:]
			if rest == "" || rest[0] == '\t' || strings.HasPrefix(rest, "  ") {
				break
			}
			rest = rest[1:]
		}
	}
	return out, nil
}
