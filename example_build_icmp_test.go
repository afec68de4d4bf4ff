package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewICMP() {
	// An echo request (ping). Scapy: IP(src="192.0.2.1", dst="192.0.2.2")/ICMP(id=0x1234, seq=1)/b"abcd"
	s := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
		Over(goscapy.NewICMP().ID(0x1234).Seq(1)).
		Over(goscapy.NewRaw([]byte("abcd")))
	b, err := s.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Packet())
	fmt.Printf("%x\n", b[20:])
	// Output:
	// IP / ICMP 192.0.2.1 > 192.0.2.2 echo-request 0 / Raw
	// 080021041234000161626364
}

func ExampleICMPBuilder() {
	// An error message quotes the offending IP header and the start of its
	// payload: put them over the ICMP layer.
	// Scapy: ICMP(type=3, code=3)/IP(src="192.0.2.2", dst="192.0.2.1")/UDP(sport=5000, dport=53)
	s := goscapy.NewICMP().Type(layers.ICMPDestUnreach).Code(layers.ICMPPortUnreachable).
		Over(goscapy.NewIP().SrcIP("192.0.2.2").DstIP("192.0.2.1")).
		Over(goscapy.NewUDP().SrcPort(5000).DstPort(53))
	b, _ := s.Build()
	fmt.Println(s.Packet())
	fmt.Printf("%x\n", b[:8])
	// Output:
	// ICMP / IP / UDP 192.0.2.2:5000 > 192.0.2.1:53
	// 0303811a00000000
}

func ExampleICMPBuilder_Type() {
	// The type decides which fields are on the wire.
	for _, t := range []uint8{layers.ICMPEchoReply, layers.ICMPTimeExceeded, layers.ICMPAddressMaskRequest} {
		b, _ := goscapy.NewICMP().Type(t).Build()
		fmt.Printf("%d: %x\n", t, b)
	}
	// Output:
	// 0: 0000ffff00000000
	// 11: 0b00f4ff00000000
	// 17: 1100eeff0000000000000000
}

func ExampleICMPBuilder_Gateway() {
	// A host redirect. Scapy: ICMP(type=5, code=1, gw="192.0.2.254")
	b, _ := goscapy.NewICMP().Type(layers.ICMPRedirect).Code(layers.ICMPRedirectHost).
		Gateway("192.0.2.254").Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 05013800c00002fe
}

func ExampleICMPBuilder_NextHopMTU() {
	// Fragmentation needed (path MTU discovery).
	// Scapy: ICMP(type=3, code=4, nexthopmtu=1400)
	b, _ := goscapy.NewICMP().Type(layers.ICMPDestUnreach).Code(layers.ICMPFragmentationNeeded).
		NextHopMTU(1400).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 0304f78300000578
}

func ExampleICMPBuilder_Timestamps() {
	// Scapy: ICMP(type=13, id=1, seq=2, ts_ori=1000, ts_rx=0, ts_tx=0)
	b, _ := goscapy.NewICMP().Type(layers.ICMPTimestampRequest).ID(1).Seq(2).
		Timestamps(1000, 0, 0).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 0d00ef1400010002000003e80000000000000000
}

func ExampleICMPBuilder_AddrMask() {
	// Scapy: ICMP(type=18, id=3, addr_mask="255.255.255.0")
	b, _ := goscapy.NewICMP().Type(layers.ICMPAddressMaskReply).ID(3).AddrMask("255.255.255.0").Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 1200eefb00030000ffffff00
}

func ExampleICMPBuilder_Pointer() {
	// Parameter problem at octet 20. Scapy: ICMP(type=12, ptr=20)
	b, _ := goscapy.NewICMP().Type(layers.ICMPParamProblem).Pointer(20).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 0c00dfff14000000
}

func ExampleICMPBuilder_Chksum() {
	// A deliberately wrong checksum is kept. Scapy: ICMP(chksum=0xdead, id=1, seq=1)
	b, _ := goscapy.NewICMP().ID(1).Seq(1).Chksum(0xdead).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 0800dead00010001
}

func ExampleICMPBuilder_Set() {
	// Codes by name, as in Scapy: ICMP(type="dest-unreach", code="port-unreachable")
	b, err := goscapy.NewICMP().Set("type", "dest-unreach").Set("code", "port-unreachable").Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 0303fcfc00000000 <nil>
}
