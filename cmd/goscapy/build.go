package main

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/goscapy/goscapy/expr"
	"github.com/goscapy/goscapy/packet"
)

func init() {
	register(command{name: "build", summary: "build the packets a Scapy expression describes", run: runBuild})
}

const buildUsage = `usage: goscapy build [flags] SPEC

Build the packets a Scapy expression describes and print them.

SPEC is Scapy's syntax: layers separated by "/", outermost first, with
their fields as keyword arguments:

  goscapy build 'Ether(src="aa:bb:cc:dd:ee:ff")/IP(dst="10.0.0.1", ttl=3)/TCP(dport=80, flags="SA")/"hello"'

  - Every registered layer, by Scapy's class name (Ether, IP, IPv6, TCP,
    UDP, ICMP, ARP, DNS, ICMPv6EchoRequest, DHCP6_Solicit, ...). A layer
    without arguments needs no parentheses: Ether()/IP()/TCP.
  - Values: numbers (80, 0x50, 0o17, 0b101), strings with Python escapes,
    b"..." bytes, addresses, flag letters ("SA", "DF"), enum names
    ("echo-request"), None for a computed field (len, chksum, ...), True,
    False, option lists as Scapy writes them:
      TCP(options=[("MSS", 1460), ("NOP", None), ("SAckOK", b"")])
  - Sets expand into several packets, in Scapy's order: lists
    dport=[22, 80, 443], ranges ttl=(1, 5) (both ends included), networks
    dst="198.18.1.0/30" (every address).
  - Random values are drawn for every packet: RandShort(), RandByte(),
    RandInt(), RandNum(1, 10), RandIP("10.0.0.0/8"), RandMAC(),
    RandString(8); fuzz(TCP()) draws every field not given.
  - A quoted string alone is the payload (Raw): Ether()/IP()/"hello".
  - The unquoted forms of earlier versions still work: addresses and
    names without quotes, Ether(src=aa:bb:cc:dd:ee:ff)/IP(dst=10.0.0.1,
    ttl=3), and fields separated by spaces, which needs no shell quoting:
      goscapy build Ether / IP dst=10.0.0.1 ttl=3 / TCP dport=80 flags=SA
  - A SPEC of "-" is read from standard input.

Layers:
`

func runBuild(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("build")
	var out outputFlags
	out.register(fs, "print the field tree of each packet dissected again (Scapy's show2())",
		"print each packet as one line of lowercase hex")
	count := fs.Int("c", 0, "print at most `N` packets (0: all the expression expands to)")
	usage := buildUsage + wrap(layerNames(), "  ", 78) + "\nOutput: a hexdump as Scapy's hexdump() per packet, a blank line between two, unless one of the flags below says otherwise.\n"
	pos, code, ok := parseArgs(fs, args, stdout, stderr, usage)
	if !ok {
		return code
	}
	if err := out.check(); err != nil {
		return usageError(stderr, "build", err)
	}
	if *count < 0 {
		return usageError(stderr, "build", fmt.Errorf("-c %d: the count cannot be negative", *count))
	}
	if len(pos) == 0 {
		return usageError(stderr, "build", errors.New("missing SPEC"))
	}
	spec := strings.Join(pos, " ")
	if spec == "-" {
		b, err := readInput(stdin)
		if err != nil {
			return fail(stderr, err)
		}
		spec = string(b)
	}
	t, err := parseSpec(spec)
	if err != nil {
		return fail(stderr, err)
	}
	if t.Count() == 0 {
		return fail(stderr, expr.ErrNoPackets)
	}
	for i, built := range t.All() {
		if *count > 0 && i >= *count {
			break
		}
		frame, err := built.Build()
		if err != nil {
			return fail(stderr, err)
		}
		var text string
		switch {
		case out.hex:
			text = hex.EncodeToString(frame) + "\n"
		case out.show:
			text = redissect(frame, built).Show()
		case out.json:
			text = string(redissect(frame, built).AppendJSON(nil, 0)) + "\n"
		case out.summary:
			text = redissect(frame, built).String() + "\n"
		default:
			text = packet.HexDump(frame)
			if i > 0 {
				text = "\n" + text
			}
		}
		if code := writeOut(stdout, stderr, text); code != exitOK {
			return code
		}
	}
	return exitOK
}

// redissect decodes the built bytes again so that computed fields show
// their values, as Scapy's show2(). When the bindings lead the decoder
// astray (a payload a port heuristic takes for another protocol, a length
// set on purpose), the bytes are decoded as the layers the user described;
// failing that, the built packet itself is shown.
func redissect(frame []byte, built *packet.Packet) *packet.Packet {
	if built.NumLayers() == 0 {
		return built
	}
	if p, err := packet.Dissect(frame, built.Layer(0).Proto().Type()); err == nil {
		return p
	}
	p := packet.New()
	ctx := &packet.DecodeContext{Packet: p}
	off := 0
	for _, l := range built.Layers() {
		nl := l.Proto().New()
		ctx.Offset = off
		res, err := nl.DecodeFromBytes(frame[off:], ctx)
		if err != nil || res.HeaderLen < 0 || res.HeaderLen > len(frame)-off {
			return built
		}
		p.Append(nl)
		off += res.HeaderLen
	}
	if off < len(frame) {
		p.Append(&packet.Raw{Load: frame[off:]})
	}
	return p
}

// maxInput bounds what is read from standard input.
const maxInput = 64 << 20

// readInput reads standard input, up to maxInput bytes.
func readInput(stdin io.Reader) ([]byte, error) {
	if stdin == nil {
		return nil, errors.New("no standard input")
	}
	b, err := io.ReadAll(io.LimitReader(stdin, maxInput+1))
	if err != nil {
		return nil, fmt.Errorf("read standard input: %w", err)
	}
	if len(b) > maxInput {
		return nil, fmt.Errorf("standard input is larger than %d bytes", maxInput)
	}
	return b, nil
}
