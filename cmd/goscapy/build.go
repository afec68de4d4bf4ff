package main

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/goscapy/goscapy/packet"
)

func init() {
	register(command{name: "build", summary: "build a packet from a Scapy-like description", run: runBuild})
}

const buildUsage = `usage: goscapy build [flags] SPEC

Build a packet from a Scapy-like description and print it.

SPEC is a stack of layers separated by "/", outermost first:

  goscapy build 'Ether(src=aa:bb:cc:dd:ee:ff, dst=ff:ff:ff:ff:ff:ff)/IP(dst=10.0.0.1, ttl=3)/TCP(dport=80, flags=SA)/Raw(load="hello")'

  - A layer is a protocol name or alias in any case, with its fields in
    parentheses as name=value pairs separated by commas. Empty or missing
    parentheses are the same: Ether()/IP()/TCP.
  - Without parentheses the fields are separated by spaces, and several
    arguments are joined with spaces, so this needs no shell quoting:
      goscapy build Ether / IP dst=10.0.0.1 ttl=3 / TCP dport=80 flags=SA
  - Values are the fields' text forms: numbers (80, 0x50), names (dport=http,
    proto=udp), flag letters (flags=SA, flags=DF), addresses, and byte strings
    as 0x hex (load=0x00ff) or quoted text (load="hello"). Quotes ('...' or
    "...", b"..." too, with \\ \" \n \r \t \0 \xHH escapes) keep commas,
    spaces, slashes and parentheses in a value. None leaves a computed field
    (len, chksum, type, ...) to the library.
  - A value without a name sets a layer's only field: Raw("hello"). A quoted
    string alone is a Raw layer: Ether()/IP()/"hello".
  - Fields left out take Scapy's defaults; lengths, checksums and type
    fields left unset are computed.
  - A SPEC of "-" is read from standard input.

Layers:
`

func runBuild(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("build")
	var out outputFlags
	out.register(fs, "print the field tree of the built packet dissected again (Scapy's show2())",
		"print the packet as one line of lowercase hex")
	usage := buildUsage + wrap(layerNames(), "  ", 78) + "\nOutput: a hexdump as Scapy's hexdump(), unless one of the flags below says otherwise.\n"
	pos, code, ok := parseArgs(fs, args, stdout, stderr, usage)
	if !ok {
		return code
	}
	if err := out.check(); err != nil {
		return usageError(stderr, "build", err)
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
	ls, err := specLayers(spec)
	if err != nil {
		return fail(stderr, err)
	}
	built := packet.New(ls...)
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
	}
	return writeOut(stdout, stderr, text)
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
