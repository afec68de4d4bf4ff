package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewEthernet() {
	// The EtherType comes from the layer above.
	// Scapy: Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/IP(src="192.0.2.1", dst="192.0.2.2")
	s := goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02").
		Over(goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2"))
	b, err := s.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%x\n", b[:14])
	fmt.Println(s.Packet())
	// Output:
	// 0200000000020200000000010800
	// Ethernet / 192.0.2.1 > 192.0.2.2 hopopt
}

func ExampleEthernetBuilder_Type() {
	// An explicit EtherType (here the IEEE 802.1X one) with a raw payload.
	// Scapy: Ether(src="02:00:00:00:00:01", type=0x888e)/Raw(b"\x01\x01\x00\x00")
	b, _ := goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").Type(layers.EtherTypeEAPOL).
		Over(goscapy.NewRaw([]byte{1, 1, 0, 0})).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// ffffffffffff020000000001888e01010000
}

func ExampleEthernetBuilder_Set() {
	// Scapy field names and values work too.
	eth := goscapy.NewEthernet().Set("src", "02:00:00:00:00:01").Set("type", 0x86dd)
	fmt.Println(eth.Layer().Summary())
	// A bad value is kept until Build reports it.
	_, err := goscapy.NewEthernet().SrcMAC("02:00:00:00:01").Build()
	fmt.Println(err)
	// Output:
	// 02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff (IPv6)
	// build Ethernet: field src = 02:00:00:00:01: invalid mac address "02:00:00:00:01" (want aa:bb:cc:dd:ee:ff)
}
