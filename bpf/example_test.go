package bpf_test

import (
	"fmt"
	"log"

	"github.com/goscapy/goscapy/bpf"
)

// Compile a filter for Ethernet frames and print the program the way
// "tcpdump -d" does.
func ExampleCompile() {
	prog, err := bpf.Compile("tcp dst port 80", bpf.LinkTypeEthernet, 0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(bpf.Disassemble(prog))
	// Output:
	// (000) ldh      [12]
	// (001) jeq      #0x86dd          jt 2	jf 6
	// (002) ldb      [20]
	// (003) jeq      #0x6             jt 4	jf 15
	// (004) ldh      [56]
	// (005) jeq      #0x50            jt 14	jf 15
	// (006) jeq      #0x800           jt 7	jf 15
	// (007) ldb      [23]
	// (008) jeq      #0x6             jt 9	jf 15
	// (009) ldh      [20]
	// (010) jset     #0x1fff          jt 15	jf 11
	// (011) ldxb     4*([14]&0xf)
	// (012) ldh      [x + 16]
	// (013) jeq      #0x50            jt 14	jf 15
	// (014) ret      #262144
	// (015) ret      #0
}

// Filter packets in user space with a Matcher.
func ExampleMatcher() {
	m, err := bpf.NewMatcher("icmp[icmptype] == icmp-echo", bpf.LinkTypeEthernet, 0)
	if err != nil {
		log.Fatal(err)
	}
	ping := []byte{
		// Ethernet: dst, src, type IPv4
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
		// IPv4: 20 bytes, protocol ICMP, 10.0.0.1 > 10.0.0.2
		0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0x66, 0xdd,
		0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
		// ICMP echo request
		0x08, 0x00, 0xf7, 0xff, 0x00, 0x00, 0x00, 0x00,
	}
	reply := append([]byte(nil), ping...)
	reply[34] = 0 // echo reply
	fmt.Println(m.Match(ping), m.Match(reply))
	fmt.Println(m.Run(ping, len(ping)))
	// Output:
	// true false
	// 262144
}

// Errors tell where the expression went wrong.
func ExampleCompile_error() {
	_, err := bpf.Compile("tcp and port", bpf.LinkTypeEthernet, 0)
	fmt.Println(err)
	// Output:
	// syntax error at 12: expected a port number or name after "port", found end of expression
}
