package goscapy_test

import (
	"fmt"
	"net/netip"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewIGMP() {
	// Scapy's IGMP() is a v2 general query with a maximum response time of 2 s.
	// Scapy (scapy.contrib.igmp): IP(src="192.0.2.254", dst="224.0.0.1", ttl=1)/IGMP()
	s := goscapy.NewIP().SrcIP("192.0.2.254").DstIP("224.0.0.1").TTL(1).Over(goscapy.NewIGMP())
	b, _ := s.Build()
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p)
	fmt.Printf("%x\n", b[20:])
	// Output:
	// 192.0.2.254 > 224.0.0.1 igmp / IGMP
	// 1114eeeb00000000
}

func ExampleIGMPBuilder_Group() {
	// A v2 leave. Scapy (scapy.contrib.igmp): IGMP(type=0x17, mrcode=0, gaddr="239.1.2.3")
	b, _ := goscapy.NewIGMP().Type(layers.IGMPLeaveGroup).MRCode(0).Group("239.1.2.3").Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 1700f7faef010203
}

func ExampleIGMPBuilder_Chksum() {
	// A deliberately wrong checksum is kept.
	// Scapy (scapy.contrib.igmp): IGMP(mrcode=100, chksum=0x1234)
	b, _ := goscapy.NewIGMP().MRCode(100).Chksum(0x1234).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 1164123400000000
}

func ExampleNewIGMPv3Query() {
	// A group-and-source-specific query.
	// Scapy (scapy.contrib.igmpv3): IGMPv3(mrcode=10)/IGMPv3mq(gaddr="232.1.1.1", s=1, qrv=2, qqic=60,
	//   srcaddrs=["10.1.1.1", "10.1.1.2"])
	b, err := goscapy.NewIGMPv3Query().MRCode(10).Group("232.1.1.1").S(1).QRV(2).QQIC(60).
		Sources("10.1.1.1", "10.1.1.2").Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 110ae5afe80101010a3c00020a0101010a010102 <nil>
}

func ExampleNewIGMPv3Report() {
	// Scapy (scapy.contrib.igmpv3): IGMPv3(type=0x22)/IGMPv3mr(records=[
	//   IGMPv3gr(rtype=4, maddr="239.1.1.1"),
	//   IGMPv3gr(rtype=1, maddr="232.1.1.1", srcaddrs=["10.1.1.1"])])
	a := netip.MustParseAddr
	b, err := goscapy.NewIGMPv3Report(
		layers.NewIGMPv3Record(layers.IGMPv3ChangeToExclude, a("239.1.1.1")),
		layers.NewIGMPv3Record(layers.IGMPv3ModeIsInclude, a("232.1.1.1"), a("10.1.1.1"))).Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 2200f4f40000000204000000ef01010101000001e80101010a010101 <nil>
}

func ExampleIPIGMP() {
	// A v2 membership report: TTL 1 and the router-alert option.
	// Scapy (scapy.contrib.igmp): IP(src="192.168.1.10", dst="239.1.2.3", ttl=1,
	//   options=[IPOption_Router_Alert()])/IGMP(type=0x16, mrcode=0, gaddr="239.1.2.3")
	b, err := goscapy.IPIGMP("192.168.1.10", "239.1.2.3", layers.IGMPv2MembershipReport)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p)
	fmt.Printf("%x\n", b)
	// Output:
	// 192.168.1.10 > 239.1.2.3 igmp / IGMP
	// 460000200001000001027220c0a8010aef010203940400001600f8faef010203
}

func ExampleNewSCTP() {
	// A DATA chunk with the B and E bits (a whole message); the CRC32c is
	// computed. Scapy: IP(src="10.0.0.1", dst="10.0.0.2")/SCTP(sport=5000, dport=5001, tag=0xabcdef01)/
	//   SCTPChunkData(tsn=0x1000, stream_id=1, stream_seq=2, proto_id=46, beginning=1, ending=1, data=b"hello")
	s := goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").
		Over(goscapy.NewSCTP(layers.SCTPChunkData(3, 0x1000, 1, 2, 46, []byte("hello"))).
			SrcPort(5000).DstPort(5001).Tag(0xabcdef01))
	b, err := s.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Packet())
	fmt.Printf("%x\n", b[20:])
	// Output:
	// IP / SCTP 10.0.0.1:5000 > 10.0.0.2:5001 data
	// 13881389abcdef011b5075970003001500001000000100020000002e68656c6c6f000000
}

func ExampleSCTPBuilder_Chunk() {
	// Several chunks in one packet.
	// Scapy: SCTP(sport=5000, dport=5001, tag=0xabcdef01)/SCTPChunkCookieEcho(cookie=b"cookie")/
	//   SCTPChunkData(tsn=0x1000, data=b"x", beginning=1, ending=1)
	b, _ := goscapy.NewSCTP().SrcPort(5000).DstPort(5001).Tag(0xabcdef01).
		Chunk(layers.SCTPChunkCookieEcho([]byte("cookie"))).
		Chunk(layers.SCTPChunkData(3, 0x1000, 0, 0, 0, []byte("x"))).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 13881389abcdef01cf652f9f0a00000a636f6f6b696500000003001100001000000000000000000078000000
}

func ExampleSCTPBuilder_Chksum() {
	// Scapy: SCTP(sport=1, dport=2, chksum=0xdeadbeef)/SCTPChunkCookieAck()
	b, _ := goscapy.NewSCTP(layers.SCTPChunkCookieAck()).SrcPort(1).DstPort(2).Chksum(0xdeadbeef).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 0001000200000000deadbeef0b000004
}

func ExampleIPSCTP() {
	// An INIT with an IPv4 address parameter.
	// Scapy: IP(src="10.0.0.1", dst="10.0.0.2")/SCTP(sport=5000, dport=5001)/SCTPChunkInit(init_tag=0x12345678,
	//   a_rwnd=106496, n_out_streams=10, n_in_streams=65535, init_tsn=0x1000,
	//   params=[SCTPChunkParamIPv4Addr(addr="10.0.0.1")])
	b, err := goscapy.IPSCTP("10.0.0.1", "10.0.0.2", 5000, 5001, 0,
		layers.SCTPChunkInit(0x12345678, 106496, 10, 65535, 0x1000, layers.SCTPParam{Type: 5, Value: []byte{10, 0, 0, 1}}))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p)
	fmt.Printf("%x\n", b[20:])
	// Output:
	// IP / SCTP 10.0.0.1:5000 > 10.0.0.2:5001 init
	// 13881389000000001c87e36a0100001c123456780001a000000affff00001000000500080a000001
}
