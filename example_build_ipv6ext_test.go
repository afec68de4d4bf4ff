package goscapy_test

import (
	"bytes"
	"fmt"
	"net/netip"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewIPv6ExtHopByHop() {
	// Scapy: IPv6(src="fe80::1", dst="ff02::16", hlim=1)/IPv6ExtHdrHopByHop(options=[RouterAlert()])/
	//        ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(dst="ff02::1:ff00:1")])
	b, err := goscapy.NewIPv6().SrcIP("fe80::1").DstIP("ff02::16").HopLimit(1).
		Over(goscapy.NewIPv6ExtHopByHop().RouterAlert(0)).
		Over(goscapy.NewMLDv2Report().Records(layers.NewMLDv2Record(netip.MustParseAddr("ff02::1:ff00:1")))).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv6Type)
	fmt.Println(p.Summary())
	hexRows(b[40:48]) // next header 58, length 0, router alert, PadN
	// Output:
	// IPv6 / IPv6ExtHdrHopByHop / ICMPv6 MLD Report Version 2
	// 3a 00 05 02 00 00 01 00
}

func ExampleIPv6ExtHopByHopBuilder_Jumbo() {
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2", plen=0)/
	//        IPv6ExtHdrHopByHop(options=[Jumbo(jumboplen=70000)])/Raw(b"jumbo")
	b, _ := goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").PayloadLen(0).
		Over(goscapy.NewIPv6ExtHopByHop().Jumbo(70000)).
		Over(goscapy.NewRaw("jumbo")).Build()
	hexRows(b[40:])
	// Output:
	// 3b 00 c2 04 00 01 11 70 6a 75 6d 62 6f
}

func ExampleIPv6ExtHopByHopBuilder_AutoPad() {
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2")/
	//        IPv6ExtHdrHopByHop(autopad=0, options=[RouterAlert(value=0), PadN(optdata=b"")])/ICMPv6EchoRequest()
	b, _ := goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").
		Over(goscapy.NewIPv6ExtHopByHop().AutoPad(false).
			Options(layers.IPv6OptionRouterAlert(0), layers.IPv6OptionPadN(0))).
		Over(goscapy.NewICMPv6()).Build()
	hexRows(b[40:])
	// Output:
	// 3a 00 05 02 00 00 01 00 80 00 24 48 00 00 00 00
}

func ExampleNewIPv6ExtDestOpts() {
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2")/
	//        IPv6ExtHdrDestOpt(options=[HAO(hoa="2001:db8:99::1")])/TCP(sport=1234, dport=80)
	b, err := goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").
		Over(goscapy.NewIPv6ExtDestOpts().HomeAddress("2001:db8:99::1")).
		Over(goscapy.NewTCP().SrcPort(1234)).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv6Type)
	fmt.Println(p.Summary())
	hexRows(b[40:]) // the TCP checksum uses the home address as source
	// Output:
	// IPv6 / IPv6ExtHdrDestOpt / TCP 1234 > 80 S
	// 06 02 01 02 00 00 c9 10 20 01 0d b8 00 99 00 00
	// 00 00 00 00 00 00 00 01 04 d2 00 50 00 00 00 00
	// 00 00 00 00 50 02 20 00 2e b3 00 00
}

func ExampleNewIPv6ExtRouting() {
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2")/
	//        IPv6ExtHdrRouting(addresses=["2001:db8::10", "2001:db8::20"])/UDP(sport=5000, dport=6000)
	b, err := goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").
		Over(goscapy.NewIPv6ExtRouting("2001:db8::10", "2001:db8::20")).
		Over(goscapy.NewUDP().SrcPort(5000).DstPort(6000)).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv6Type)
	fmt.Println(p.Summary())
	hexRows(b[40:48]) // nh 17, len 4, type 0, segleft 2
	hexRows(b[80:])   // UDP, checksum to the last address
	// Output:
	// IPv6 / IPv6ExtHdrRouting / UDP 5000 > 6000
	// 11 04 00 02 00 00 00 00
	// 13 88 17 70 00 08 79 53
}

func ExampleIPv6ExtRoutingBuilder_Type() {
	// Mobile IPv6 type 2 routing header.
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2")/
	//        IPv6ExtHdrRouting(type=2, addresses=["2001:db8:99::1"])/ICMPv6EchoRequest(id=7, seq=1)
	b, _ := goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").
		Over(goscapy.NewIPv6ExtRouting("2001:db8:99::1").Type(layers.IPv6RoutingMobileIPv6)).
		Over(goscapy.NewICMPv6().ID(7).Seq(1)).Build()
	hexRows(b[40:48])
	hexRows(b[64:])
	// Output:
	// 3a 02 02 01 00 00 00 00
	// 80 00 23 a8 00 07 00 01
}

func ExampleNewIPv6ExtSRH() {
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8:1::1")/
	//        IPv6ExtHdrSegmentRouting(addresses=["2001:db8:3::1", "2001:db8:2::1", "2001:db8:1::1"],
	//                                 segleft=2, tag=7)/TCP(sport=1234, dport=80)
	b, err := goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8:1::1").
		Over(goscapy.NewIPv6ExtSRH("2001:db8:3::1", "2001:db8:2::1", "2001:db8:1::1").Tag(7)).
		Over(goscapy.NewTCP().SrcPort(1234)).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv6Type)
	fmt.Println(p.Summary())
	hexRows(b[40:48]) // nh 6, len 6, type 4, segleft 2, last entry 2, flags 0, tag 7
	hexRows(b[96:])
	// Output:
	// IPv6 / IPv6ExtHdrSegmentRouting / TCP 1234 > 80 S
	// 06 06 04 02 02 00 00 07
	// 04 d2 00 50 00 00 00 00 00 00 00 00 50 02 20 00
	// 2f 4a 00 00
}

func ExampleIPv6ExtSRHBuilder_TLVs() {
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2")/IPv6ExtHdrSegmentRouting(addresses=["2001:db8::9"],
	//        tlv_objects=[IPv6ExtHdrSegmentRoutingTLVPadN(padding=b"\x00\x00\x00\x00")])/UDP()
	b, _ := goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").
		Over(goscapy.NewIPv6ExtSRH("2001:db8::9").
			TLVs(layers.SRHTLV{Type: layers.SRHTLVPadN, Value: make([]byte, 4)})).
		Over(goscapy.NewUDP()).Build()
	hexRows(b[40:48])
	hexRows(b[64:])
	// Output:
	// 11 03 04 00 00 00 00 00
	// 04 04 00 00 00 00 04 00 00 35 00 35 00 08 a3 f8
}

func ExampleNewIPv6ExtFragment() {
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2")/IPv6ExtHdrFragment(m=1, id=0x1234)/
	//        UDP(sport=1, dport=2)/Raw(b"a"*16)
	b, err := goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").
		Over(goscapy.NewIPv6ExtFragment().More(true).ID(0x1234)).
		Over(goscapy.NewUDP().SrcPort(1).DstPort(2)).
		Over(goscapy.NewRaw(bytes.Repeat([]byte("a"), 16))).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[40:56]) // fragment header, then UDP
	// Output:
	// 11 00 00 01 00 00 12 34 00 01 00 02 00 18 99 3b
}

func ExampleIPv6ExtFragmentBuilder_Offset() {
	// A later fragment: Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2")/
	//        IPv6ExtHdrFragment(nh=17, offset=3, id=0x1234)/Raw(b"b"*16)
	b, _ := goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").
		Over(goscapy.NewIPv6ExtFragment().NextHeader(17).Offset(3).ID(0x1234)).
		Over(goscapy.NewRaw(bytes.Repeat([]byte("b"), 16))).Build()
	hexRows(b[:8])
	hexRows(b[40:48])
	// Output:
	// 60 00 00 00 00 18 2c 40
	// 11 00 00 18 00 00 12 34
}

func ExampleNewAH() {
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2")/
	//        AH(nh=6, payloadlen=4, spi=0x100, seq=5, icv=b"\x01"*12)/TCP(sport=1234, dport=80)
	b, err := goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").
		Over(goscapy.NewAH().SPI(0x100).Seq(5).ICV(bytes.Repeat([]byte{1}, 12))).
		Over(goscapy.NewTCP().SrcPort(1234)).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv6Type)
	fmt.Println(p.Summary())
	hexRows(b[40:64]) // next header and payload length computed
	// Output:
	// IPv6 / AH / TCP 1234 > 80 S
	// 06 04 00 00 00 00 01 00 00 00 00 05 01 01 01 01
	// 01 01 01 01 01 01 01 01
}

func ExampleNewESP() {
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2")/ESP(spi=0xdeadbeef, seq=1, data=b"\x01\x02\x03\x04")
	b, err := goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").
		Over(goscapy.NewESP().SPI(0xdeadbeef).Seq(1).Data([]byte{1, 2, 3, 4})).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv6Type)
	fmt.Println(p.Summary())
	hexRows(b[:8])
	hexRows(b[40:])
	// Output:
	// IPv6 / ESP spi=0xdeadbeef seq=1
	// 60 00 00 00 00 0c 32 40
	// de ad be ef 00 00 00 01 01 02 03 04
}

func ExampleIPv6ExtDestOptsBuilder_Options() {
	// Scapy: IPv6(src="2001:db8::1", dst="2001:db8::2")/
	//        IPv6ExtHdrDestOpt(options=[HBHOptUnknown(otype=0x11, optdata=b"lab")])/UDP(sport=5000, dport=6000)/Raw(b"hi")
	b, err := goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").
		Over(goscapy.NewIPv6ExtDestOpts().Options(layers.IPv6Option{Type: 0x11, Data: []byte("lab")})).
		Over(goscapy.NewUDP().SrcPort(5000).DstPort(6000)).
		Over(goscapy.NewRaw("hi")).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[40:]) // the option padded to 8 bytes with PadN
	// Output:
	// 11 00 11 03 6c 61 62 00 13 88 17 70 00 0a 11 04
	// 68 69
}

func ExampleIPv6ExtSRHBuilder_Set() {
	// Scapy: IPv6ExtHdrSegmentRouting(addresses=["2001:db8::9", "2001:db8::8"],
	//                                 protected=1, oam=1, alert=1, hmac=1, tag=0x1234)
	b, err := goscapy.NewIPv6ExtSRH("2001:db8::9", "2001:db8::8").
		Set("protected", 1).Set("oam", 1).Set("alert", 1).Set("hmac", 1).Tag(0x1234).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[:8])
	// Output:
	// 3b 04 04 01 01 78 12 34
}
