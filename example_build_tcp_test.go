package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

// hexRows prints b as rows of 16 space-separated hex bytes.
func hexRows(b []byte) {
	for len(b) > 16 {
		fmt.Printf("% x\n", b[:16])
		b = b[16:]
	}
	fmt.Printf("% x\n", b)
}

func ExampleNewTCP() {
	// Scapy: IP(src="192.0.2.1", dst="192.0.2.2")/TCP(sport=40000, dport=443, flags="S",
	//            seq=1000, window=64240, options=[("MSS", 1460), ("SAckOK", b""), ("WScale", 7)])
	b, err := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
		Over(goscapy.NewTCP().SrcPort(40000).DstPort(443).Flags(layers.TCPSyn).
			Seq(1000).Window(64240).
			Options(layers.TCPOptionMSS(1460), layers.TCPOptionSAckOK(), layers.TCPOptionWScale(7))).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	hexRows(b[20:]) // the TCP header, checksum and data offset filled in
	// Output:
	// IP / TCP 192.0.2.1:40000 > 192.0.2.2:443 S
	// 9c 40 01 bb 00 00 03 e8 00 00 00 00 80 02 fa f0
	// 49 41 00 00 02 04 05 b4 04 02 03 03 07 00 00 00
}

func ExampleTCPBuilder_Chksum() {
	// A deliberately wrong checksum is kept as set.
	// Scapy: IP(src="192.0.2.1", dst="192.0.2.2")/TCP(flags="A", chksum=0xdead)
	b, _ := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
		Over(goscapy.NewTCP().Flags(layers.TCPAck).Chksum(0xdead)).Build()
	hexRows(b[20:])
	// Output:
	// 00 14 00 50 00 00 00 00 00 00 00 00 50 10 20 00
	// de ad 00 00
}

func ExampleTCPBuilder_Set() {
	// Any field by its Scapy name: TCP(urgptr=5, flags="PAU")
	t := goscapy.NewTCP().Set("flags", "PAU").Set("urgptr", 5)
	if err := t.Err(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Layer().Flags == layers.TCPPsh|layers.TCPAck|layers.TCPUrg, t.Layer().Urgent)

	// A bad value is reported by Err and by Build.
	_, err := goscapy.NewTCP().Set("flags", "SQ").Build()
	fmt.Println(err)
	// Output:
	// true 5
	// build TCP: field flags = SQ: TCP: field flags: invalid field value: "SQ"
}

func ExampleNewUDP() {
	// Scapy: IP(src="192.0.2.1", dst="192.0.2.2")/UDP(sport=5000, dport=6000)/Raw(b"hello")
	b, err := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
		Over(goscapy.NewUDP().SrcPort(5000).DstPort(6000)).
		Over(goscapy.NewRaw("hello")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	hexRows(b[20:]) // length and checksum computed
	// Output:
	// IP / UDP 192.0.2.1:5000 > 192.0.2.2:6000 / Raw
	// 13 88 17 70 00 0d 0d 06 68 65 6c 6c 6f
}

func ExampleUDPBuilder_Chksum() {
	// Scapy: IP(src="192.0.2.1", dst="192.0.2.2")/UDP(sport=1, dport=2, chksum=0)/Raw(b"x")
	// (checksum 0: none, as allowed over IPv4)
	b, _ := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
		Over(goscapy.NewUDP().SrcPort(1).DstPort(2).Chksum(0)).
		Over(goscapy.NewRaw([]byte{'x'})).Build()
	hexRows(b[20:])
	// Output:
	// 00 01 00 02 00 09 00 00 78
}

func ExampleNewRaw() {
	// Scapy: Raw(b"GET / HTTP/1.0\r\n\r\n")
	b, _ := goscapy.NewRaw("GET / HTTP/1.0\r\n\r\n").Build()
	fmt.Printf("%q\n", b)
	// Output:
	// "GET / HTTP/1.0\r\n\r\n"
}
