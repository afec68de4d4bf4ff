package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleEtherIPv6() {
	// Scapy: Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/
	//        IPv6(src="2001:db8::1", dst="2001:db8::2")/Raw(b"hi")
	b, err := goscapy.EtherIPv6("02:00:00:00:00:01", "02:00:00:00:00:02", "2001:db8::1", "2001:db8::2", []byte("hi"))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p.Summary())
	hexRows(b)
	// Output:
	// Ethernet / 2001:db8::1 > 2001:db8::2 No Next Header / Raw
	// 02 00 00 00 00 02 02 00 00 00 00 01 86 dd 60 00
	// 00 00 00 02 3b 40 20 01 0d b8 00 00 00 00 00 00
	// 00 00 00 00 00 01 20 01 0d b8 00 00 00 00 00 00
	// 00 00 00 00 00 02 68 69
}

func ExampleEtherIPv6TCP() {
	// Scapy: Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/
	//        IPv6(src="2001:db8::1", dst="2001:db8::2")/TCP(sport=40000, dport=443, flags="S")
	b, err := goscapy.EtherIPv6TCP("02:00:00:00:00:01", "02:00:00:00:00:02", "2001:db8::1", "2001:db8::2",
		40000, 443, layers.TCPSyn)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p.Summary())
	hexRows(b[54:]) // the TCP header
	// Output:
	// Ethernet / IPv6 / TCP 2001:db8::1:40000 > 2001:db8::2:443 S
	// 9c 40 01 bb 00 00 00 00 00 00 00 00 50 02 20 00
	// 96 72 00 00
}

func ExampleEtherIPv6TCP_ipv4Address() {
	_, err := goscapy.EtherIPv6TCP("02:00:00:00:00:01", "02:00:00:00:00:02", "2001:db8::1", "192.0.2.2",
		40000, 443, layers.TCPSyn)
	fmt.Println(err)
	// Output:
	// build IPv6: field dst = 192.0.2.2: invalid field value: 192.0.2.2 is not an ipv6 address
}

func ExampleEtherIPv6UDP() {
	// Scapy: Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/
	//        IPv6(src="2001:db8::1", dst="2001:db8::2")/UDP(sport=5000, dport=6000)/Raw(b"hello")
	b, err := goscapy.EtherIPv6UDP("02:00:00:00:00:01", "02:00:00:00:00:02", "2001:db8::1", "2001:db8::2",
		5000, 6000, []byte("hello"))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p.Summary())
	hexRows(b[54:]) // the UDP header and payload
	// Output:
	// Ethernet / IPv6 / UDP 2001:db8::1:5000 > 2001:db8::2:6000 / Raw
	// 13 88 17 70 00 0d 35 95 68 65 6c 6c 6f
}

func ExampleEtherIPv6ICMPv6() {
	// Scapy: Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/
	//        IPv6(src="2001:db8::1", dst="2001:db8::2")/ICMPv6EchoRequest()
	b, err := goscapy.EtherIPv6ICMPv6("02:00:00:00:00:01", "02:00:00:00:00:02", "2001:db8::1", "2001:db8::2",
		layers.ICMPv6EchoRequest, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p.Summary())
	hexRows(b[54:])
	// Output:
	// Ethernet / IPv6 / ICMPv6 Echo Request (id: 0x0 seq: 0x0)
	// 80 00 24 48 00 00 00 00
}

func ExampleIPv6TCP() {
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2")/TCP(sport=40000, dport=80, flags="R")
	b, err := goscapy.IPv6TCP("2001:db8::1", "2001:db8::2", 40000, 80, layers.TCPRst)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv6Type)
	fmt.Println(p.Summary())
	hexRows(b)
	// Output:
	// IPv6 / TCP 2001:db8::1:40000 > 2001:db8::2:80 R
	// 60 00 00 00 00 14 06 40 20 01 0d b8 00 00 00 00
	// 00 00 00 00 00 00 00 01 20 01 0d b8 00 00 00 00
	// 00 00 00 00 00 00 00 02 9c 40 00 50 00 00 00 00
	// 00 00 00 00 50 04 20 00 97 db 00 00
}

func ExampleIPv6UDP() {
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2")/UDP(sport=5000, dport=6000)/Raw(b"hello")
	b, err := goscapy.IPv6UDP("2001:db8::1", "2001:db8::2", 5000, 6000, []byte("hello"))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv6Type)
	fmt.Println(p.Summary())
	hexRows(b)
	// Output:
	// IPv6 / UDP 2001:db8::1:5000 > 2001:db8::2:6000 / Raw
	// 60 00 00 00 00 0d 11 40 20 01 0d b8 00 00 00 00
	// 00 00 00 00 00 00 00 01 20 01 0d b8 00 00 00 00
	// 00 00 00 00 00 00 00 02 13 88 17 70 00 0d 35 95
	// 68 65 6c 6c 6f
}

func ExampleIPv6ICMPv6() {
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2")/ICMPv6EchoReply()
	b, err := goscapy.IPv6ICMPv6("2001:db8::1", "2001:db8::2", layers.ICMPv6EchoReply, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv6Type)
	fmt.Println(p.Summary())
	hexRows(b)
	// Output:
	// IPv6 / ICMPv6 Echo Reply (id: 0x0 seq: 0x0)
	// 60 00 00 00 00 08 3a 40 20 01 0d b8 00 00 00 00
	// 00 00 00 00 00 00 00 01 20 01 0d b8 00 00 00 00
	// 00 00 00 00 00 00 00 02 81 00 23 48 00 00 00 00
}
