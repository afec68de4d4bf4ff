package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewARP() {
	// Scapy: Ether(src="02:00:00:00:00:01", dst="ff:ff:ff:ff:ff:ff")/
	//        ARP(hwsrc="02:00:00:00:00:01", psrc="198.18.1.2", pdst="198.18.1.3")
	s := goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("ff:ff:ff:ff:ff:ff").
		Over(goscapy.NewARP().SrcMAC("02:00:00:00:00:01").SrcIP("198.18.1.2").DstIP("198.18.1.3"))
	b, err := s.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Packet())
	fmt.Printf("%x\n", b)
	// Output:
	// Ethernet / ARP who has 198.18.1.3 says 198.18.1.2
	// ffffffffffff02000000000108060001080006040001020000000001c6120102000000000000c6120103
}

func ExampleARPBuilder_Op() {
	// An ARP reply (is-at). Scapy: ARP(op="is-at", hwsrc="02:00:00:00:00:03",
	// psrc="198.18.1.3", hwdst="02:00:00:00:00:01", pdst="198.18.1.2")
	arp := goscapy.NewARP().Op(layers.ARPIsAt).
		SrcMAC("02:00:00:00:00:03").SrcIP("198.18.1.3").
		DstMAC("02:00:00:00:00:01").DstIP("198.18.1.2")
	b, _ := arp.Build()
	fmt.Println(arp.Packet())
	fmt.Printf("%x\n", b)
	// Output:
	// ARP is at 02:00:00:00:00:03 says 198.18.1.3
	// 0001080006040002020000000003c6120103020000000001c6120102
}

func ExampleARPBuilder_Set() {
	// Fields can also be set by their Scapy names, here a gratuitous ARP.
	// Scapy: ARP(op=2, hwsrc="02:00:00:00:00:01", psrc="198.18.1.2",
	//            hwdst="ff:ff:ff:ff:ff:ff", pdst="198.18.1.2")
	arp := goscapy.NewARP().Set("op", "is-at").Set("hwsrc", "02:00:00:00:00:01").
		Set("psrc", "198.18.1.2").Set("hwdst", "ff:ff:ff:ff:ff:ff").Set("pdst", "198.18.1.2")
	b, err := arp.Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 0001080006040002020000000001c6120102ffffffffffffc6120102 <nil>
}

func ExampleARPBuilder_PType() {
	// Other protocol address types: the lengths follow the addresses.
	// Scapy: ARP(ptype=0x86dd, hwsrc="02:00:00:00:00:01", psrc="fe80::1", pdst="fe80::2")
	arp := goscapy.NewARP().PType(layers.EtherTypeIPv6).
		SrcMAC("02:00:00:00:00:01").SrcIP("fe80::1").DstIP("fe80::2")
	b, _ := arp.Build()
	fmt.Println(len(b), arp.Layer().Summary())
	fmt.Printf("%x\n", b[:8])
	// Output:
	// 52 ARP who has fe80::2 says fe80::1
	// 000186dd06100001
}
