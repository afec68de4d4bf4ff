package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewIPv6() {
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2", tc=0xb8, fl=0x12345, hlim=1)/Raw(b"abc")
	b, err := goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").
		TrafficClass(0xb8).FlowLabel(0x12345).HopLimit(1).
		Over(goscapy.NewRaw("abc")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv6Type)
	fmt.Println(p.Summary())
	hexRows(b[:8]) // version, class, flow label, payload length, next header 59, hop limit
	// Output:
	// 2001:db8::1 > 2001:db8::2 No Next Header / Raw
	// 6b 81 23 45 00 03 3b 01
}

func ExampleIPv6Builder_SrcIP() {
	// An IPv4 address where an IPv6 one is needed is an error.
	_, err := goscapy.NewIPv6().SrcIP("192.0.2.1").Build()
	fmt.Println(err)
	// Output:
	// build IPv6: field src = 192.0.2.1: invalid field value: 192.0.2.1 is not an ipv6 address
}

func ExampleIPv6Builder_NextHeader() {
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2", nh=253, plen=4)/Raw(b"\x00\x01")
	b, _ := goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").
		NextHeader(253).PayloadLen(4).
		Over(goscapy.NewRaw([]byte{0, 1})).Build()
	hexRows(b[:8])
	// Output:
	// 60 00 00 00 00 04 fd 40
}

func ExampleNewICMPv6() {
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2")/ICMPv6EchoRequest(id=0x110d, seq=3, data=b"ping")
	b, err := goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").
		Over(goscapy.NewICMPv6().ID(0x110d).Seq(3)).
		Over(goscapy.NewRaw("ping")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv6Type)
	fmt.Println(p.Summary())
	hexRows(b[40:]) // checksum computed over the IPv6 pseudo-header
	// Output:
	// IPv6 / ICMPv6 Echo Request (id: 0x110d seq: 0x3) / Raw
	// 80 00 34 63 11 0d 00 03 70 69 6e 67
}

func ExampleICMPv6Builder_MTU() {
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2")/ICMPv6PacketTooBig(mtu=1400)
	b, _ := goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").
		Over(goscapy.NewICMPv6().Type(layers.ICMPv6PacketTooBig).MTU(1400)).Build()
	hexRows(b[40:])
	// Output:
	// 02 00 9c d0 00 00 05 78
}

func ExampleICMPv6Builder_Ptr() {
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2")/ICMPv6ParamProblem(code=1, ptr=40)
	b, _ := goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").
		Over(goscapy.NewICMPv6().Type(layers.ICMPv6ParamProblem).Code(1).Ptr(40)).Build()
	hexRows(b[40:])
	// Output:
	// 04 01 a0 1f 00 00 00 28
}

func ExampleICMPv6Builder_Chksum() {
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2")/ICMPv6EchoRequest(cksum=0xdead, id=1, seq=2)
	b, _ := goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").
		Over(goscapy.NewICMPv6().Chksum(0xdead).ID(1).Seq(2)).Build()
	hexRows(b[40:])
	// Output:
	// 80 00 de ad 00 01 00 02
}
