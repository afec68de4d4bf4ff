package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/bpf"
)

func init() {
	register(command{name: "filter", summary: "compile a tcpdump filter expression to BPF and print the program", run: runFilter})
}

const filterUsage = `usage: goscapy filter [-d | -dd | -ddd] [--linktype TYPE] [--snaplen N] EXPR...

Compile a filter expression in tcpdump syntax (pcap-filter(7)) to a
classic BPF program and print it, as tcpdump -d, -dd and -ddd do, without
tcpdump or libpcap. The arguments are joined with spaces, so the
expression needs no quotes:

  goscapy filter tcp port 80
  goscapy filter -dd 'udp and (port 53 or port 5353)'
  goscapy filter --linktype raw ip6

  -d    (default) the program in readable form:  (000) ldh      [12]
  -dd   as a C array:                             { 0x28, 0, 0, 0x0000000c },
  -ddd  as decimal numbers, after the count of instructions

TYPE is a link-type number or name: ether (EN10MB, 1), raw (101),
linux_sll (113), linux_sll2 (276), ipv4 (228), ipv6 (229). The program
returns N (default 262144) for the packets it accepts. An empty EXPR
accepts every packet. The program is what goscapy attaches to its
sockets; goscapy read -f and goscapy sniff -f use the same compiler.
`

func runFilter(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("filter")
	d := fs.Bool("d", false, "print the program in readable form (the default)")
	dd := fs.Bool("dd", false, "print the program as a C array")
	ddd := fs.Bool("ddd", false, "print the program as decimal numbers")
	lt := fs.String("linktype", "ether", "link type of the packets, a `TYPE` name or number")
	snap := fs.Int("snaplen", bpf.DefaultSnaplen, "bytes kept of an accepted packet, the program's return `N`")
	pos, code, ok := parseArgs(fs, args, stdout, stderr, filterUsage)
	if !ok {
		return code
	}
	n := 0
	for _, b := range []bool{*d, *dd, *ddd} {
		if b {
			n++
		}
	}
	if n > 1 {
		return usageError(stderr, "filter", errors.New("choose one of -d, -dd, -ddd"))
	}
	linkType, err := parseLinkType(*lt)
	if err != nil {
		return usageError(stderr, "filter", err)
	}
	if *snap <= 0 {
		return usageError(stderr, "filter", fmt.Errorf("--snaplen %d: must be positive", *snap))
	}
	expr := strings.Join(pos, " ")
	prog, err := bpf.Compile(expr, linkType, *snap)
	if err != nil {
		return fail(stderr, err)
	}
	var b strings.Builder
	switch {
	case *dd:
		for _, in := range prog {
			fmt.Fprintf(&b, "{ 0x%x, %d, %d, 0x%08x },\n", in.Op, in.Jt, in.Jf, in.K)
		}
	case *ddd:
		fmt.Fprintf(&b, "%d\n", len(prog))
		for _, in := range prog {
			fmt.Fprintf(&b, "%d %d %d %d\n", in.Op, in.Jt, in.Jf, in.K)
		}
	default:
		b.WriteString(bpf.Disassemble(prog))
	}
	return writeOut(stdout, stderr, b.String())
}

// linkTypeNames are the link types the filter compiler knows, by name.
var linkTypeNames = map[string]uint32{
	"ether": bpf.LinkTypeEthernet, "ethernet": bpf.LinkTypeEthernet, "en10mb": bpf.LinkTypeEthernet,
	"raw": bpf.LinkTypeRaw, "linux_sll": bpf.LinkTypeLinuxSLL, "sll": bpf.LinkTypeLinuxSLL,
	"linux_sll2": bpf.LinkTypeLinuxSLL2, "sll2": bpf.LinkTypeLinuxSLL2,
	"ipv4": bpf.LinkTypeIPv4, "ipv6": bpf.LinkTypeIPv6,
}

// parseLinkType reads a link-type number or name.
func parseLinkType(s string) (uint32, error) {
	if n, err := strconv.ParseUint(s, 0, 32); err == nil {
		return uint32(n), nil
	}
	if v, ok := linkTypeNames[strings.ToLower(s)]; ok {
		return v, nil
	}
	return 0, fmt.Errorf("--linktype %q: not a link type (ether, raw, linux_sll, linux_sll2, ipv4, ipv6 or a number)", s)
}
