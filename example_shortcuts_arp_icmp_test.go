package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleEtherARP() {
	// Scapy: Ether(src="02:00:00:00:00:01", dst="ff:ff:ff:ff:ff:ff")/
	//        ARP(op=1, hwsrc="02:00:00:00:00:01", psrc="192.0.2.1", pdst="192.0.2.2")
	b, err := goscapy.EtherARP("02:00:00:00:00:01", "ff:ff:ff:ff:ff:ff", "192.0.2.1", "192.0.2.2", layers.ARPWhoHas)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p.Summary())
	hexRows(b)
	// Output:
	// Ethernet / ARP who has 192.0.2.2 says 192.0.2.1
	// ff ff ff ff ff ff 02 00 00 00 00 01 08 06 00 01
	// 08 00 06 04 00 01 02 00 00 00 00 01 c0 00 02 01
	// 00 00 00 00 00 00 c0 00 02 02
}

func ExampleEtherARP_isAt() {
	// Scapy: Ether(src="02:00:00:00:00:02", dst="02:00:00:00:00:01")/
	//        ARP(op=2, hwsrc="02:00:00:00:00:02", psrc="192.0.2.2", hwdst="02:00:00:00:00:01", pdst="192.0.2.1")
	b, err := goscapy.EtherARP("02:00:00:00:00:02", "02:00:00:00:00:01", "192.0.2.2", "192.0.2.1", layers.ARPIsAt)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p.Summary())
	hexRows(b[14:])
	// Output:
	// Ethernet / ARP is at 02:00:00:00:00:02 says 192.0.2.2
	// 00 01 08 00 06 04 00 02 02 00 00 00 00 02 c0 00
	// 02 02 02 00 00 00 00 01 c0 00 02 01
}

func ExampleEtherIPICMP() {
	// Scapy: Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/
	//        IP(src="192.0.2.1", dst="192.0.2.2")/ICMP(type=8, code=0)
	b, err := goscapy.EtherIPICMP("02:00:00:00:00:01", "02:00:00:00:00:02", "192.0.2.1", "192.0.2.2",
		layers.ICMPEchoRequest, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p.Summary())
	hexRows(b)
	// Output:
	// Ethernet / IP / ICMP 192.0.2.1 > 192.0.2.2 echo-request 0
	// 02 00 00 00 00 02 02 00 00 00 00 01 08 00 45 00
	// 00 1c 00 01 00 00 40 01 f6 dc c0 00 02 01 c0 00
	// 02 02 08 00 f7 ff 00 00 00 00
}

func ExampleIPICMP() {
	// Scapy: IP(src="192.0.2.2", dst="192.0.2.1")/ICMP(type=3, code=3)
	b, err := goscapy.IPICMP("192.0.2.2", "192.0.2.1", layers.ICMPDestUnreach, 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	hexRows(b)
	// Output:
	// IP / ICMP 192.0.2.2 > 192.0.2.1 dest-unreach port-unreachable
	// 45 00 00 1c 00 01 00 00 40 01 f6 dc c0 00 02 02
	// c0 00 02 01 03 03 fc fc 00 00 00 00
}
