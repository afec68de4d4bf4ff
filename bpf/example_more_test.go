package bpf_test

import (
	"errors"
	"fmt"
	"log"

	xbpf "golang.org/x/net/bpf"

	"github.com/goscapy/goscapy/bpf"
)

// Disassemble prints a program as "tcpdump -d" does; the same expression
// gives the same program as libpcap.
func ExampleDisassemble() {
	prog, err := bpf.Compile("ip host 10.0.0.1", bpf.LinkTypeEthernet, 0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(bpf.Disassemble(prog))
	// Output:
	// (000) ldh      [12]
	// (001) jeq      #0x800           jt 2	jf 7
	// (002) ld       [26]
	// (003) jeq      #0xa000001       jt 6	jf 4
	// (004) ld       [30]
	// (005) jeq      #0xa000001       jt 6	jf 7
	// (006) ret      #262144
	// (007) ret      #0
}

// MustCompile is for expressions fixed in the program text: it panics on
// an error. On raw IP links there is no link-layer header to skip.
func ExampleMustCompile() {
	prog := bpf.MustCompile("udp dst port 53", bpf.LinkTypeRaw, 65535)
	fmt.Print(bpf.Disassemble(prog))
	// Output:
	// (000) ldb      [0]
	// (001) and      #0xf0
	// (002) jeq      #0x60            jt 3	jf 7
	// (003) ldb      [6]
	// (004) jeq      #0x11            jt 5	jf 18
	// (005) ldh      [42]
	// (006) jeq      #0x35            jt 17	jf 18
	// (007) ldb      [0]
	// (008) and      #0xf0
	// (009) jeq      #0x40            jt 10	jf 18
	// (010) ldb      [9]
	// (011) jeq      #0x11            jt 12	jf 18
	// (012) ldh      [6]
	// (013) jset     #0x1fff          jt 18	jf 14
	// (014) ldxb     4*([0]&0xf)
	// (015) ldh      [x + 2]
	// (016) jeq      #0x35            jt 17	jf 18
	// (017) ret      #65535
	// (018) ret      #0
}

// CompileInstructions gives the program as golang.org/x/net/bpf
// instructions, to inspect or extend.
func ExampleCompileInstructions() {
	ins, err := bpf.CompileInstructions("arp", bpf.LinkTypeEthernet, 0)
	if err != nil {
		log.Fatal(err)
	}
	for _, in := range ins {
		fmt.Printf("%#v\n", in)
	}
	raw, _ := xbpf.Assemble(ins)
	prog, _ := bpf.Compile("arp", bpf.LinkTypeEthernet, 0)
	fmt.Println(len(raw) == len(prog) && raw[0] == prog[0])
	// Output:
	// bpf.LoadAbsolute{Off:0xc, Size:2}
	// bpf.JumpIf{Cond:0x1, Val:0x806, SkipTrue:0x1, SkipFalse:0x0}
	// bpf.RetConstant{Val:0x40000}
	// bpf.RetConstant{Val:0x0}
	// true
}

// CompileLive compiles for a Linux packet socket, where the kernel has
// already removed the VLAN tag of a received frame: the program tests the
// tag in the packet's metadata ("tcpdump -d -i IFACE" prints this form).
func ExampleCompileLive() {
	prog, err := bpf.CompileLive("vlan 100", bpf.LinkTypeEthernet, 0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(bpf.Disassemble(prog))
	// Output:
	// (000) ldb      [vlanp]
	// (001) jeq      #0x1             jt 6	jf 2
	// (002) ldh      [12]
	// (003) jeq      #0x8100          jt 6	jf 4
	// (004) jeq      #0x88a8          jt 6	jf 5
	// (005) jeq      #0x9100          jt 6	jf 14
	// (006) ldb      [vlanp]
	// (007) jeq      #0x1             jt 8	jf 10
	// (008) ldb      [vlan_tci]
	// (009) ja       11
	// (010) ldh      [14]
	// (011) and      #0xfff
	// (012) jeq      #0x64            jt 13	jf 14
	// (013) ret      #262144
	// (014) ret      #0
}

// CompileWith selects the form of the program: without Live, the VLAN tag
// is read from the frame, as in a capture file.
func ExampleCompileWith() {
	prog, err := bpf.CompileWith("vlan 100", bpf.LinkTypeEthernet, 0, bpf.CompileOptions{Live: false})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(bpf.Disassemble(prog))
	// Output:
	// (000) ldh      [12]
	// (001) jeq      #0x8100          jt 4	jf 2
	// (002) jeq      #0x88a8          jt 4	jf 3
	// (003) jeq      #0x9100          jt 4	jf 8
	// (004) ldh      [14]
	// (005) and      #0xfff
	// (006) jeq      #0x64            jt 7	jf 8
	// (007) ret      #262144
	// (008) ret      #0
}

// The two forms of one expression differ only when it uses "vlan".
func ExampleCompileOptions() {
	for _, expr := range []string{"tcp port 22", "vlan and tcp port 22"} {
		offline, _ := bpf.CompileWith(expr, bpf.LinkTypeEthernet, 0, bpf.CompileOptions{})
		live, _ := bpf.CompileWith(expr, bpf.LinkTypeEthernet, 0, bpf.CompileOptions{Live: true})
		fmt.Printf("%-20s %d %d same=%v\n", expr, len(offline), len(live), bpf.Disassemble(offline) == bpf.Disassemble(live))
	}
	// Output:
	// tcp port 22          20 20 same=true
	// vlan and tcp port 22 24 49 same=false
}

// NewMatcher compiles an expression and runs it in user space, on
// captured packets or packets about to be sent.
func ExampleNewMatcher() {
	m, err := bpf.NewMatcher("udp and dst port 53", bpf.LinkTypeRaw, 0)
	if err != nil {
		log.Fatal(err)
	}
	query := []byte{ // IP(src="10.0.0.1", dst="10.0.0.2")/UDP(sport=1024, dport=53)
		0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x66, 0xce,
		0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
		0x04, 0x00, 0x00, 0x35, 0x00, 0x08, 0xe7, 0xa6,
	}
	answer := append([]byte(nil), query...)
	answer[20], answer[21], answer[22], answer[23] = 0x00, 0x35, 0x04, 0x00 // ports swapped
	fmt.Println(m.Match(query), m.Match(answer))
	fmt.Println(len(m.Program()))
	// Output:
	// true false
	// 19
}

// NewMatcherProgram runs a program from elsewhere (built by hand here,
// or read from a tool) after checking it as the kernel would.
func ExampleNewMatcherProgram() {
	prog, err := xbpf.Assemble([]xbpf.Instruction{
		xbpf.LoadAbsolute{Off: 12, Size: 2},                          // EtherType
		xbpf.JumpIf{Cond: xbpf.JumpEqual, Val: 0x0806, SkipFalse: 1}, // ARP?
		xbpf.RetConstant{Val: 96},                                    // keep 96 bytes
		xbpf.RetConstant{Val: 0},
	})
	if err != nil {
		log.Fatal(err)
	}
	m, err := bpf.NewMatcherProgram(prog)
	if err != nil {
		log.Fatal(err)
	}
	arp := make([]byte, 42)
	arp[12], arp[13] = 0x08, 0x06
	fmt.Println(m.Match(arp), m.Run(arp, len(arp)))

	// A jump out of the program is refused.
	_, err = bpf.NewMatcherProgram([]xbpf.RawInstruction{{Op: 0x15, Jt: 5, Jf: 0, K: 1}, {Op: 0x06, K: 0}})
	fmt.Println(errors.Is(err, bpf.ErrProgram))
	// Output:
	// true 96
	// true
}

// An Error says what is wrong and where; Kind is a sentinel for errors.Is.
func ExampleError() {
	for _, expr := range []string{"port 70000", "tcp and (port 80", "host example.com"} {
		_, err := bpf.Compile(expr, bpf.LinkTypeEthernet, 0)
		var e *bpf.Error
		if errors.As(err, &e) {
			fmt.Printf("%q: %v at %d: %s\n", expr, e.Kind, e.Pos, e.Msg)
		}
	}
	_, err := bpf.Compile("ether proto 0x800 and arp", bpf.LinkTypeEthernet, 0)
	fmt.Println(errors.Is(err, bpf.ErrRejectsAll))
	// Output:
	// "port 70000": invalid filter at 5: illegal port number 70000 > 65535
	// "tcp and (port 80": syntax error at 16: expected ')', found end of expression
	// "host example.com": unsupported filter at 5: host names are not resolved ('example.com'); give the address
	// true
}
