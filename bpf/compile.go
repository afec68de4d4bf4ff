package bpf

import (
	"fmt"

	"golang.org/x/net/bpf"
)

// Link types accepted by Compile (DLT_* / LINKTYPE_* numbers).
const (
	LinkTypeEthernet  uint32 = 1   // DLT_EN10MB
	LinkTypeRaw       uint32 = 101 // LINKTYPE_RAW (DLT_RAW is 12, or 14 on OpenBSD)
	LinkTypeLinuxSLL  uint32 = 113 // Linux cooked capture v1
	LinkTypeIPv4      uint32 = 228 // raw IPv4
	LinkTypeIPv6      uint32 = 229 // raw IPv6
	LinkTypeLinuxSLL2 uint32 = 276 // Linux cooked capture v2
)

// MaxExprLen is the length of the longest expression Compile accepts;
// the programs of longer ones would not fit the kernel's limit of 4096
// instructions anyway.
const MaxExprLen = 64 << 10

// DefaultSnaplen is the snapshot length tcpdump uses, returned by
// programs compiled with a snaplen of 0.
const DefaultSnaplen = 262144

// Compile compiles a filter expression in tcpdump syntax (pcap-filter(7))
// to a classic BPF program for packets of the given link type, accepting
// packets with snaplen (the return value of the program; 0 or less means
// DefaultSnaplen). The program accepts exactly the packets libpcap's
// program for the same expression accepts, and can be attached to a
// socket with SO_ATTACH_FILTER (see golang.org/x/net/bpf's Setter, or
// syscall.SockFprog). An empty expression accepts every packet.
//
// Errors are *Error values matching ErrSyntax, ErrInvalid, ErrRejectsAll
// or ErrUnsupported with errors.Is.
func Compile(expr string, linkType uint32, snaplen int) ([]bpf.RawInstruction, error) {
	return CompileWith(expr, linkType, snaplen, CompileOptions{})
}

// CompileOptions selects the form of the compiled program.
type CompileOptions struct {
	// Live compiles the program for a Linux packet socket, as libpcap
	// does for a live capture: the kernel removes the outer VLAN tag of a
	// received frame before the filter runs and keeps it in the packet's
	// metadata, so the first "vlan" of the expression tests the tag with
	// the kernel's ancillary loads (SKF_AD_VLAN_TAG_PRESENT and
	// SKF_AD_VLAN_TAG) as well as the frame's EtherType, and the offsets
	// of the headers after it are kept in scratch memory (M[0] for the
	// link-layer payload, M[1] for the EtherType), like "tcpdump -d -i
	// IFACE" prints. Without "vlan" the program is the same as without
	// Live.
	//
	// Live programs run only in the kernel: a Matcher does not know the
	// metadata (NewMatcherProgram refuses the ancillary loads), and
	// offline matching of a capture file, where the tag is in the frame,
	// uses the form compiled without Live.
	//
	// Arithmetic on packet data after a live "vlan" (for example
	// "vlan and ip[2:2] > 576") and "pppoes" after it are not supported in
	// this form (ErrUnsupported).
	Live bool
}

// CompileLive is CompileWith(expr, linkType, snaplen, CompileOptions{Live: true}):
// the program to attach to a Linux packet socket.
func CompileLive(expr string, linkType uint32, snaplen int) ([]bpf.RawInstruction, error) {
	return CompileWith(expr, linkType, snaplen, CompileOptions{Live: true})
}

// CompileWith is Compile with options.
func CompileWith(expr string, linkType uint32, snaplen int, opts CompileOptions) ([]bpf.RawInstruction, error) {
	if snaplen <= 0 {
		snaplen = DefaultSnaplen
	}
	if len(expr) > MaxExprLen {
		return nil, &Error{Kind: ErrInvalid, Pos: MaxExprLen, Msg: fmt.Sprintf("expression is longer than %d bytes", MaxExprLen)}
	}
	ws := getWorkspace()
	defer putWorkspace(ws)
	return compileIn(ws, expr, linkType, uint32(min(snaplen, 1<<31-1)), opts)
}

// compileIn compiles in the workspace ws.
func compileIn(ws *workspace, expr string, linkType, snaplen uint32, opts CompileOptions) ([]bpf.RawInstruction, error) {
	ws.reset()
	n, err := parse(expr, ws)
	if err != nil {
		return nil, err
	}
	c, err := newCompiler(linkType, snaplen, ws)
	if err != nil {
		return nil, err
	}
	c.live = opts.Live
	if n == nil {
		return []bpf.RawInstruction{{Op: clsRET | retK, K: c.snaplen}}, nil
	}
	b := c.gen(n)
	if c.err != nil {
		return nil, c.err
	}
	backpatch(b, c.genRetblk(c.snaplen))
	b.sense = !b.sense
	backpatch(b, c.genRetblk(0))
	if c.vlVar {
		// Initialize the variable parts of the offsets (libpcap's
		// insert_compute_vloffsets).
		h := b.head
		var buf [16]stmt
		h.stmts = c.stmts(append(append(buf[:0], stmt{clsLD | mIMM, 0}, stmt{clsST, regLinkpl}, stmt{clsST, regLinktype}), h.stmts...)...)
	}
	o := &ws.opt
	o.live = c.vlVar
	root := o.optimize(b.head, ws.nblocks())
	if root.code == clsRET|retK && root.k == 0 {
		return nil, &Error{Kind: ErrRejectsAll, Pos: -1, Msg: fmt.Sprintf("%q never matches", expr)}
	}
	return emit(o, root), nil
}

// MustCompile is like Compile but panics if the expression does not
// compile. It is meant for constant expressions in programs and tests.
func MustCompile(expr string, linkType uint32, snaplen int) []bpf.RawInstruction {
	prog, err := Compile(expr, linkType, snaplen)
	if err != nil {
		panic("bpf: MustCompile(" + fmt.Sprintf("%q", expr) + "): " + err.Error())
	}
	return prog
}

// CompileInstructions is like Compile but returns the program as
// golang.org/x/net/bpf instructions (bpf.Assemble turns them back into
// raw instructions).
func CompileInstructions(expr string, linkType uint32, snaplen int) ([]bpf.Instruction, error) {
	raw, err := Compile(expr, linkType, snaplen)
	if err != nil {
		return nil, err
	}
	out := make([]bpf.Instruction, len(raw))
	for i, r := range raw {
		out[i] = r.Disassemble()
	}
	return out, nil
}
