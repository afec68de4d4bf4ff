package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewDot1Q() {
	// Scapy: Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/Dot1Q(vlan=100, prio=5)/
	//        IP(src="10.0.0.1", dst="10.0.0.2")/ICMP()
	b, err := goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02").
		Over(goscapy.NewDot1Q().VLAN(100).Prio(5)).
		Over(goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
		Over(goscapy.NewICMP()).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p.Summary())
	hexRows(b[12:18]) // TPID 0x8100, TCI, then the EtherType of IPv4
	// Output:
	// Ethernet / Dot1Q / IP / ICMP 10.0.0.1 > 10.0.0.2 echo-request 0
	// 81 00 a0 64 08 00
}

func ExampleDot1QBuilder_VLAN() {
	// VLAN IDs have 12 bits.
	_, err := goscapy.NewDot1Q().VLAN(5000).Build()
	fmt.Println(err)
	// Output:
	// build Dot1Q: field vlan = 5000: invalid field value
}

func ExampleNewDot1AD() {
	// QinQ. Scapy: Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/Dot1AD(vlan=20)/Dot1Q(vlan=100)/
	//        IP(src="198.18.10.1", dst="198.18.10.2")/UDP(sport=5000, dport=5001)/Raw(b"qinq")
	b, err := goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02").
		Over(goscapy.NewDot1AD().VLAN(20)).Over(goscapy.NewDot1Q().VLAN(100)).
		Over(goscapy.NewIP().SrcIP("198.18.10.1").DstIP("198.18.10.2")).
		Over(goscapy.NewUDP().SrcPort(5000).DstPort(5001)).Over(goscapy.NewRaw("qinq")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p.Summary())
	hexRows(b[12:22])
	// Output:
	// Ethernet / Dot1AD / Dot1Q / IP / UDP 198.18.10.1:5000 > 198.18.10.2:5001 / Raw
	// 88 a8 00 14 81 00 00 64 08 00
}

func ExampleEtherDot1Q() {
	// Scapy: Ether(src="02:00:00:00:00:01", dst="ff:ff:ff:ff:ff:ff")/Dot1Q(vlan=10)/
	//        ARP(op=1, hwsrc="02:00:00:00:00:01", psrc="10.0.0.1", pdst="10.0.0.2")
	b, err := goscapy.EtherDot1Q("02:00:00:00:00:01", "ff:ff:ff:ff:ff:ff", 10,
		goscapy.NewARP().SrcMAC("02:00:00:00:00:01").SrcIP("10.0.0.1").DstIP("10.0.0.2"))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p.Summary())
	hexRows(b[12:18])
	// Output:
	// Ethernet / Dot1Q / ARP who has 10.0.0.2 says 10.0.0.1
	// 81 00 00 0a 08 06
}

func ExampleEtherQinQ() {
	// Scapy: Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/Dot1AD(vlan=20)/Dot1Q(vlan=100)/
	//        IP(src="198.18.10.1", dst="198.18.10.2")/ICMP()
	b, err := goscapy.EtherQinQ("02:00:00:00:00:01", "02:00:00:00:00:02", 20, 100,
		goscapy.NewIP().SrcIP("198.18.10.1").DstIP("198.18.10.2").Over(goscapy.NewICMP()))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p.Summary())
	hexRows(b[12:22])
	// Output:
	// Ethernet / Dot1AD / Dot1Q / IP / ICMP 198.18.10.1 > 198.18.10.2 echo-request 0
	// 88 a8 00 14 81 00 00 64 08 00
}

func ExampleNewMPLS() {
	// Scapy (load_contrib("mpls")): Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/
	//        MPLS(label=16000, ttl=126)/IP(src="10.0.0.1", dst="10.0.0.2")/ICMP()
	b, err := goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02").
		Over(goscapy.NewMPLS().Label(16000).TTL(126)).
		Over(goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
		Over(goscapy.NewICMP()).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p.Summary())
	hexRows(b[12:18]) // EtherType 0x8847, then label 16000, bottom of stack, TTL 126
	// Output:
	// Ethernet / MPLS / IP / ICMP 10.0.0.1 > 10.0.0.2 echo-request 0
	// 88 47 03 e8 01 7e
}

func ExampleMPLSStack() {
	// Scapy (load_contrib("mpls")): MPLS(label=18, ttl=64)/MPLS(label=16, ttl=64)/IP(src="10.0.0.1", dst="10.0.0.2")
	b, err := goscapy.MPLSStack(64, 18, 16).Over(goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[:8]) // only the last entry has the bottom-of-stack bit
	// Output:
	// 00 01 20 40 00 01 01 40
}

func ExampleNewEoMCW() {
	// An Ethernet pseudowire: label stack, control word, then the customer frame.
	// Scapy (load_contrib("mpls")): MPLS(label=16, ttl=255)/EoMCW(seq=7)/
	//        Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/IP(src="10.0.0.1", dst="10.0.0.2")
	b, err := goscapy.NewMPLS().Label(16).TTL(255).
		Over(goscapy.NewEoMCW().Seq(7)).
		Over(goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02")).
		Over(goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[:8])
	// Output:
	// 00 01 01 ff 00 00 00 07
}

func ExampleNewGRE() {
	// Scapy: IP(src="192.0.2.1", dst="192.0.2.2")/GRE(key_present=1, seqnum_present=1, key=7, sequence_number=9)/
	//        IP(src="10.0.0.1", dst="10.0.0.2")/ICMP()
	b, err := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
		Over(goscapy.NewGRE().Key(7).Seq(9)).
		Over(goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
		Over(goscapy.NewICMP()).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	hexRows(b[20:32])
	// Output:
	// IP / GRE / IP / ICMP 10.0.0.1 > 10.0.0.2 echo-request 0
	// 30 00 08 00 00 00 00 07 00 00 00 09
}

func ExampleGREBuilder_ChecksumPresent() {
	// Scapy: IP(src="192.0.2.1", dst="192.0.2.2")/GRE(chksum_present=1)/IP(src="10.0.0.1", dst="10.0.0.2")/Raw(b"abc")
	b, _ := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
		Over(goscapy.NewGRE().ChecksumPresent()).
		Over(goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
		Over(goscapy.NewRaw("abc")).Build()
	hexRows(b[20:28])
	// Output:
	// 80 00 08 00 b3 9c 00 00
}

func ExampleNewGREPPTP() {
	// Scapy: IP(src="20.0.0.2", dst="20.0.0.1")/GRE_PPTP(seqnum_present=1, acknum_present=1, call_id=5,
	//        sequence_number=3, ack_number=2)/Raw(b"\xff\x03\xc0\x21\x01")
	b, err := goscapy.NewIP().SrcIP("20.0.0.2").DstIP("20.0.0.1").
		Over(goscapy.NewGREPPTP().CallID(5).Seq(3).Ack(2)).
		Over(goscapy.NewRaw([]byte{0xff, 0x03, 0xc0, 0x21, 0x01})).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[20:])
	// Output:
	// 30 81 88 0b 00 05 00 05 00 00 00 03 00 00 00 02
	// ff 03 c0 21 01
}

func ExampleGREEncap() {
	// Scapy: IP(src="192.0.2.1", dst="192.0.2.2")/GRE()/IPv6(src="2001:db8::1", dst="2001:db8::2")/UDP(sport=1, dport=2)
	b, err := goscapy.GREEncap("192.0.2.1", "192.0.2.2",
		goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").Over(goscapy.NewUDP().SrcPort(1).DstPort(2)))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	hexRows(b[:24])
	// Output:
	// IP / GRE / IPv6 / UDP 2001:db8::1:1 > 2001:db8::2:2
	// 45 00 00 48 00 01 00 00 40 2f f6 82 c0 00 02 01
	// c0 00 02 02 00 00 86 dd
}

func ExampleNewVXLAN() {
	// Scapy's default VXLAN (GPE form: flags 0x0c with next protocol Ethernet).
	// Scapy: IP(src="192.0.2.1", dst="192.0.2.2")/UDP(sport=4789, dport=4789)/VXLAN(vni=42)/
	//        Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/IP(src="10.0.0.1", dst="10.0.0.2")/ICMP()
	b, err := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
		Over(goscapy.NewUDP().SrcPort(layers.VXLANPort).DstPort(layers.VXLANPort)).
		Over(goscapy.NewVXLAN().VNI(42)).
		Over(goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02")).
		Over(goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).Over(goscapy.NewICMP()).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	hexRows(b[28:36])
	// Output:
	// IP / UDP / VXLAN / Ethernet / IP / ICMP 10.0.0.1 > 10.0.0.2 echo-request 0
	// 0c 00 00 03 00 00 2a 00
}

func ExampleVXLANBuilder_GroupPolicy() {
	// Scapy: VXLAN(flags="G+Instance", gpflags="D", gpid=17, vni=77)
	// gpflags 0x40 is D: do not learn.
	b, _ := goscapy.NewVXLAN().GroupPolicy(17, 0x40).VNI(77).Build()
	hexRows(b)
	// Output:
	// 88 40 00 11 00 00 4d 00
}

func ExampleVXLANEncap() {
	// The RFC 7348 form. Scapy: IP(src="192.0.2.1", dst="192.0.2.2")/UDP(sport=4789, dport=4789)/
	//        VXLAN(flags=0x08, vni=100)/Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/
	//        IP(src="10.0.0.1", dst="10.0.0.2")/ICMP()
	inner := goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02").
		Over(goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).Over(goscapy.NewICMP())
	b, err := goscapy.VXLANEncap("192.0.2.1", "192.0.2.2", 100, inner)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	hexRows(b[20:36]) // UDP (checksum over the whole datagram), VXLAN
	// Output:
	// IP / UDP / VXLAN / Ethernet / IP / ICMP 10.0.0.1 > 10.0.0.2 echo-request 0
	// 12 b5 12 b5 00 3a de 08 08 00 00 00 00 00 64 00
}

func ExampleNewGeneve() {
	// Scapy (load_contrib("geneve")): IP(src="192.0.2.1", dst="192.0.2.2")/UDP(sport=6081, dport=6081)/
	//        GENEVE(vni=0xb, critical=1, options=[GeneveOptions(classid=0x0102, type=0x80, data=b"\x00\x01\x00\x02")])/
	//        IP(src="10.0.0.1", dst="10.0.0.2")
	b, err := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
		Over(goscapy.NewUDP().SrcPort(layers.GenevePort).DstPort(layers.GenevePort)).
		Over(goscapy.NewGeneve().VNI(0xb).Critical(1).Option(0x0102, 0x80, []byte{0, 1, 0, 2})).
		Over(goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[28:44]) // header, then the option
	// Output:
	// 02 40 08 00 00 00 0b 00 01 02 80 01 00 01 00 02
}

func ExampleGeneveEncap() {
	// Scapy (load_contrib("geneve")): IPv6(src="2001:db8::1", dst="2001:db8::2")/UDP(sport=6081, dport=6081)/
	//        GENEVE(vni=0x123456)/Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/IPv6(src="fe80::1", dst="fe80::2")
	inner := goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02").
		Over(goscapy.NewIPv6().SrcIP("fe80::1").DstIP("fe80::2"))
	b, err := goscapy.GeneveEncap("2001:db8::1", "2001:db8::2", 0x123456, inner)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv6Type)
	fmt.Println(p.Summary())
	hexRows(b[40:56]) // UDP, Geneve: protocol 0x6558 (Ethernet), VNI
	// Output:
	// IPv6 / UDP / GENEVE / Ethernet / fe80::1 > fe80::2 No Next Header
	// 17 c1 17 c1 00 46 83 b8 00 00 65 58 12 34 56 00
}

func ExampleNewERSPAN() {
	// Scapy (load_contrib("erspan")): IP(src="192.0.2.1", dst="192.0.2.2")/GRE(sequence_number=5)/
	//        ERSPAN_II(ver=1, vlan=101, cos=6, session_id=1, index=540773)/
	//        Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
	b, err := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
		Over(goscapy.NewGRE().Seq(5)).
		Over(goscapy.NewERSPAN().Ver(1).VLAN(101).COS(6).SessionID(1).Index(540773)).
		Over(goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[20:36]) // GRE with protocol 0x88be and a sequence number, ERSPAN II
	// Output:
	// 10 00 88 be 00 00 00 05 10 65 c0 01 00 08 40 65
}

func ExampleNewERSPANIII() {
	// Scapy (load_contrib("erspan")): IP(src="192.0.2.1", dst="192.0.2.2")/GRE(seqnum_present=1, sequence_number=47838)/
	//        ERSPAN_III(vlan=101, cos=1, session_id=3, timestamp=880151297, hw=32, ft=0)/
	//        Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
	b, err := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
		Over(goscapy.NewGRE().Seq(47838)).
		Over(goscapy.NewERSPANIII().VLAN(101).COS(1).SessionID(3).Timestamp(880151297).HW(32)).
		Over(goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[20:40])
	// Output:
	// 10 00 22 eb 00 00 ba de 20 65 20 03 34 76 0b 01
	// 00 00 02 00
}

func ExampleERSPANIIIBuilder_Platform() {
	// Scapy (load_contrib("erspan")): GRE()/ERSPAN_III(d=1, gra=2)/ERSPAN_PlatformSpecific(platf_id=3, info1=5, info2=7)/
	//        Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
	b, err := goscapy.NewGRE().
		Over(goscapy.NewERSPANIII().Direction(1).Granularity(2).Platform(3, 5, 7)).
		Over(goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[:24])
	// Output:
	// 00 00 22 eb 20 00 00 00 00 00 00 00 00 00 00 0d
	// 0c 00 00 05 00 00 00 07
}

func ExampleNewERSPANI() {
	// Scapy (load_contrib("erspan")): IP(src="10.1.1.1", dst="10.1.1.2")/GRE()/ERSPAN_I()/
	//        Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
	b, err := goscapy.NewIP().SrcIP("10.1.1.1").DstIP("10.1.1.2").
		Over(goscapy.NewGRE()).Over(goscapy.NewERSPANI()).
		Over(goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[20:24]) // GRE: protocol 0x88be, no sequence number
	// Output:
	// 00 00 88 be
}

func ExampleMPLSBuilder_S() {
	// The bottom-of-stack bit is computed unless set.
	// Scapy (load_contrib("mpls")): MPLS(label=5, s=0)/MPLS(label=20, ttl=64)/Raw(b"xy")
	b, _ := goscapy.NewMPLS().Label(5).S(0).Over(goscapy.NewMPLS().Label(20).TTL(64)).Over(goscapy.NewRaw("xy")).Build()
	hexRows(b)
	// Output:
	// 00 00 50 00 00 01 41 40 78 79
}

func ExampleGeneveBuilder_OAM() {
	// Scapy (load_contrib("geneve")): GENEVE(vni=0x123456, oam=1)/IPv6(src="2001:db8::1", dst="2001:db8::2")
	b, _ := goscapy.NewGeneve().VNI(0x123456).OAM(1).
		Over(goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2")).Build()
	hexRows(b[:8])
	// Output:
	// 00 80 86 dd 12 34 56 00
}
