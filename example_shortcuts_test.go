package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleEtherIP() {
	// Scapy: Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/IP(src="192.0.2.1", dst="192.0.2.2")/Raw(b"hi")
	b, err := goscapy.EtherIP("02:00:00:00:00:01", "02:00:00:00:00:02", "192.0.2.1", "192.0.2.2", []byte("hi"))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p.Summary())
	hexRows(b)
	// Output:
	// Ethernet / 192.0.2.1 > 192.0.2.2 hopopt / Raw
	// 02 00 00 00 00 02 02 00 00 00 00 01 08 00 45 00
	// 00 16 00 01 00 00 40 00 f6 e3 c0 00 02 01 c0 00
	// 02 02 68 69
}

func ExampleEtherIPTCP() {
	// Scapy: Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/
	//        IP(src="192.0.2.1", dst="192.0.2.2")/TCP(sport=40000, dport=80, flags="S")
	b, err := goscapy.EtherIPTCP("02:00:00:00:00:01", "02:00:00:00:00:02", "192.0.2.1", "192.0.2.2",
		40000, 80, layers.TCPSyn)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p.Summary())
	hexRows(b)
	// Output:
	// Ethernet / IP / TCP 192.0.2.1:40000 > 192.0.2.2:80 S
	// 02 00 00 00 00 02 02 00 00 00 00 01 08 00 45 00
	// 00 28 00 01 00 00 40 06 f6 cb c0 00 02 01 c0 00
	// 02 02 9c 40 00 50 00 00 00 00 00 00 00 00 50 02
	// 20 00 6f 4e 00 00
}

func ExampleEtherIPTCP_badAddress() {
	_, err := goscapy.EtherIPTCP("02:00:00:00:00:01", "02:00:00:00:00:02", "192.0.2.1", "192.0.2.300",
		40000, 80, layers.TCPSyn)
	fmt.Println(err)
	// Output:
	// build IP: field dst = 192.0.2.300: invalid field value: ip address "192.0.2.300"
}

func ExampleEtherIPUDP() {
	// Scapy: Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/
	//        IP(src="192.0.2.1", dst="192.0.2.2")/UDP(sport=5000, dport=6000)/Raw(b"hello")
	b, err := goscapy.EtherIPUDP("02:00:00:00:00:01", "02:00:00:00:00:02", "192.0.2.1", "192.0.2.2",
		5000, 6000, []byte("hello"))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p.Summary())
	hexRows(b)
	// Output:
	// Ethernet / IP / UDP 192.0.2.1:5000 > 192.0.2.2:6000 / Raw
	// 02 00 00 00 00 02 02 00 00 00 00 01 08 00 45 00
	// 00 21 00 01 00 00 40 11 f6 c7 c0 00 02 01 c0 00
	// 02 02 13 88 17 70 00 0d 0d 06 68 65 6c 6c 6f
}

func ExampleIPTCP() {
	// Scapy: IP(src="192.0.2.1", dst="192.0.2.2")/TCP(sport=40000, dport=22, flags="SA")
	b, err := goscapy.IPTCP("192.0.2.1", "192.0.2.2", 40000, 22, layers.TCPSyn|layers.TCPAck)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	hexRows(b)
	// Output:
	// IP / TCP 192.0.2.1:40000 > 192.0.2.2:22 SA
	// 45 00 00 28 00 01 00 00 40 06 f6 cb c0 00 02 01
	// c0 00 02 02 9c 40 00 16 00 00 00 00 00 00 00 00
	// 50 12 20 00 6f 78 00 00
}

func ExampleIPUDP() {
	// Scapy: IP(src="192.0.2.1", dst="192.0.2.2")/UDP(sport=5000, dport=6000)/Raw(b"hello")
	b, err := goscapy.IPUDP("192.0.2.1", "192.0.2.2", 5000, 6000, []byte("hello"))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	hexRows(b)
	// Output:
	// IP / UDP 192.0.2.1:5000 > 192.0.2.2:6000 / Raw
	// 45 00 00 21 00 01 00 00 40 11 f6 c7 c0 00 02 01
	// c0 00 02 02 13 88 17 70 00 0d 0d 06 68 65 6c 6c
	// 6f
}
