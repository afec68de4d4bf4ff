package goscapy_test

import (
	"fmt"
	"net/netip"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewNetflowHeader() {
	// The version comes from the header above it.
	for _, top := range []goscapy.Builder{goscapy.NewNetflowV5(), goscapy.NewNetflowV9(), goscapy.NewIPFIX()} {
		b, _ := goscapy.NewNetflowHeader().Over(top).Build()
		fmt.Printf("%x\n", b[:2])
	}
	// Output:
	// 0005
	// 0009
	// 000a
}

func ExampleNetflowHeaderBuilder_Version() {
	// An explicit version is kept. Scapy: NetflowHeader(version=7)/NetflowHeaderV5()
	b, _ := goscapy.NewNetflowHeader().Version(7).Over(goscapy.NewNetflowV5()).Build()
	fmt.Printf("%x\n", b[:4])
	// Output:
	// 00070000
}

func ExampleNewNetflowV1() {
	// Scapy: NetflowHeader()/NetflowHeaderV1(sysUptime=1000, unixSecs=1700000000)/
	//   NetflowRecordV1(ipsrc="10.0.0.1", ipdst="10.0.0.2", dpkts=3, dbytes=180, srcport=1234, dstport=80, proto=6)
	b, err := goscapy.NewNetflowHeader().
		Over(goscapy.NewNetflowV1().SysUptime(1000).UnixSecs(1700000000).
			Record(layers.NetflowRecordV1{IPSrc: netip.MustParseAddr("10.0.0.1"), IPDst: netip.MustParseAddr("10.0.0.2"),
				Nexthop: netip.MustParseAddr("0.0.0.0"), Dpkts: 3, Dbytes: 180, SrcPort: 1234, DstPort: 80, Proto: 6})).
		Build()
	fmt.Println(len(b), err)
	fmt.Printf("%x\n", b[:16])
	fmt.Printf("%x\n", b[16:])
	// Output:
	// 64 <nil>
	// 00010001000003e86553f10000000000
	// 0a0000010a000002000000000000000000000003000000b4000000000000000004d20050000006000000000000000000
}

func ExampleNewNetflowV5() {
	// Records are layers over the header, as in Scapy; the count is computed.
	// Scapy: IP(src="192.0.2.1", dst="192.0.2.9")/UDP(sport=2055, dport=2055)/NetflowHeader()/
	//   NetflowHeaderV5(sysUptime=1000, unixSecs=1700000000, flowSequence=7)/
	//   NetflowRecordV5(src="10.0.0.1", dst="10.0.0.2", srcport=1234, dstport=80, dpkts=3, dOctets=180)
	s := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.9").
		Over(goscapy.NewUDP().SrcPort(2055).DstPort(2055)).
		Over(goscapy.NewNetflowHeader()).
		Over(goscapy.NewNetflowV5().SysUptime(1000).UnixSecs(1700000000).FlowSequence(7)).
		Over(goscapy.NewNetflowRecordV5().Src("10.0.0.1").Dst("10.0.0.2").Ports(1234, 80).Counters(3, 180))
	b, err := s.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Packet(), len(b))
	fmt.Printf("%x\n", b[28:52])
	// Output:
	// IP / UDP 192.0.2.1:2055 > 192.0.2.9:2055 / NetflowHeader / NetflowHeaderV5 / NetflowRecordV5 100
	// 00050001000003e86553f100000000000000000700000000
}

func ExampleNetflowV5Builder_Record() {
	// Records appended inside the header, every field set.
	// Scapy: NetflowHeader()/NetflowHeaderV5(unixSecs=5, engineType=1, engineID=2, samplingInterval=0x4010)/
	//   NetflowRecordV5(src="192.0.2.1", dst="198.51.100.2", nexthop="192.0.2.254", input=3, output=4,
	//     first=10, last=20, srcport=0, dstport=0, tcpFlags="SA", prot=6, tos=0x10, src_as=64512,
	//     dst_as=64513, src_mask=24, dst_mask=16)
	rec := goscapy.NewNetflowRecordV5().Src("192.0.2.1").Dst("198.51.100.2").Nexthop("192.0.2.254").
		Interfaces(3, 4).Times(10, 20).TCPFlags(layers.TCPSyn|layers.TCPAck).Prot(6).Tos(0x10).
		AS(64512, 64513).Masks(24, 16)
	b, err := goscapy.NewNetflowHeader().
		Over(goscapy.NewNetflowV5().UnixSecs(5).Engine(1, 2).SamplingInterval(0x4010).Record(rec)).Build()
	fmt.Println(len(b), err)
	fmt.Printf("%x\n", b[:24])
	fmt.Printf("%x\n", b[24:])
	// Output:
	// 72 <nil>
	// 000500010000000000000005000000000000000001024010
	// c0000201c6336402c00002fe00030004000000010000003c0000000a000000140000000000120610fc00fc0118100000
}

func ExampleNewNetflowRecordV5() {
	// Scapy's defaults: one packet of zero octets.
	// Scapy: NetflowRecordV5(src="10.0.0.1", dst="10.0.0.2", srcport=53, dstport=33333, prot=17)
	r := goscapy.NewNetflowRecordV5().Src("10.0.0.1").Dst("10.0.0.2").Ports(53, 33333).Prot(layers.IPProtoUDP)
	b, _ := r.Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 0a0000010a0000020000000000000000000000010000003c000000000000000000358235000211000000000000000000
}

func ExampleNewNetflowV9() {
	// A template flowset: IPv4 source, destination and packet count.
	// Scapy: NetflowHeader()/NetflowHeaderV9(sysUptime=100, unixSecs=1700000000, packageSequence=1, SourceID=7)/
	//   NetflowFlowsetV9(templates=[NetflowTemplateV9(templateID=256, template_fields=[
	//     NetflowTemplateFieldV9(fieldType=8, fieldLength=4), NetflowTemplateFieldV9(fieldType=12, fieldLength=4),
	//     NetflowTemplateFieldV9(fieldType=2, fieldLength=4)])])
	b, err := goscapy.NewNetflowHeader().
		Over(goscapy.NewNetflowV9().SysUptime(100).UnixSecs(1700000000).PackageSequence(1).SourceID(7).
			Template(256, layers.FlowField{Type: 8, Length: 4}, layers.FlowField{Type: 12, Length: 4},
				layers.FlowField{Type: 2, Length: 4})).
		Build()
	fmt.Println(len(b), err)
	fmt.Printf("%x\n", b[20:])
	// Output:
	// 40 <nil>
	// 000000140100000300080004000c000400020004
}

func ExampleNetflowV9Builder_Records() {
	// A data flowset encoded with the template's field lengths.
	// Scapy: NetflowHeader()/NetflowHeaderV9(unixSecs=1700000000, packageSequence=2, SourceID=7)/
	//   NetflowDataflowsetV9(templateID=256, records=[NetflowRecordV9(
	//     fieldValue=b"\x0a\x00\x00\x01\x0a\x00\x00\x02\x00\x00\x00\x05")])
	t := &layers.FlowTemplate{ID: 256, Fields: []layers.FlowField{{Type: 8, Length: 4}, {Type: 12, Length: 4}, {Type: 2, Length: 4}}}
	b, err := goscapy.NewNetflowHeader().
		Over(goscapy.NewNetflowV9().UnixSecs(1700000000).PackageSequence(2).SourceID(7).
			Records(t, []byte{10, 0, 0, 1}, []byte{10, 0, 0, 2}, layers.FlowUint(5, 4))).
		Build()
	fmt.Println(len(b), err)
	fmt.Printf("%x\n", b[20:])
	// Output:
	// 36 <nil>
	// 010000100a0000010a00000200000005
}

func ExampleNewIPFIX() {
	// The message length counts the whole message, version included
	// (RFC 7011); Scapy leaves the version out, so it is given there.
	// Scapy: NetflowHeader()/NetflowHeaderV10(length=32, ExportTime=1700000000, flowSequence=3,
	//   ObservationDomainID=9)/NetflowFlowsetV9(flowSetID=2, templates=[NetflowTemplateV9(templateID=300,
	//   template_fields=[NetflowTemplateFieldV9(fieldType=8, fieldLength=4),
	//   NetflowTemplateFieldV9(fieldType=7, fieldLength=2)])])
	b, err := goscapy.NewNetflowHeader().
		Over(goscapy.NewIPFIX().ExportTime(1700000000).FlowSequence(3).ObservationDomainID(9).
			Template(300, layers.FlowField{Type: 8, Length: 4}, layers.FlowField{Type: 7, Length: 2})).
		Build()
	fmt.Println(len(b), err)
	fmt.Printf("%x\n", b)
	// Output:
	// 32 <nil>
	// 000a00206553f100000000030000000900020010012c00020008000400070002
}

func ExampleNewRTP() {
	// A G.711 A-law packet with the marker bit.
	// Scapy: IP(src="192.0.2.1", dst="192.0.2.2")/UDP(sport=6000, dport=6002)/
	//   RTP(payload_type=8, sequence=1, timestamp=160, sourcesync=0x1234, marker=1)/Raw(b"\xd5\xd5\xd5\xd5")
	s := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
		Over(goscapy.NewUDP().SrcPort(6000).DstPort(6002)).
		Over(goscapy.NewRTP().PayloadType(8).Sequence(1).Timestamp(160).SourceSync(0x1234).Marker(true)).
		Over(goscapy.NewRaw([]byte{0xd5, 0xd5, 0xd5, 0xd5}))
	b, _ := s.Build()
	fmt.Println(s.Packet())
	fmt.Printf("%x\n", b[28:])
	// Output:
	// IP / UDP 192.0.2.1:6000 > 192.0.2.2:6002 / RTP / Raw
	// 80880001000000a000001234d5d5d5d5
}

func ExampleRTPBuilder_CSRCs() {
	// Contributing sources (the count is computed) and a header extension.
	// Scapy: RTP(extension=1, sync=[1, 2], sequence=65535, timestamp=4294967295, sourcesync=5)/
	//   RTPExtension(header_id=0xbede, header=[0x10203040, 5])
	b, err := goscapy.NewRTP().Extension(true).CSRCs(1, 2).Sequence(65535).Timestamp(4294967295).SourceSync(5).
		Over(goscapy.NewRTPExtension(0xbede, 0x10203040, 5)).Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 9200ffffffffffff000000050000000100000002bede00021020304000000005 <nil>
}

func ExampleNewRTPExtension() {
	// A one-word extension. Scapy: RTPExtension(header_id=0xbede, header=[0x10aabbcc])
	b, _ := goscapy.NewRTPExtension(0xbede, 0x10aabbcc).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// bede000110aabbcc
}

func ExampleNewRTCPSR() {
	// A sender report with one reception report block.
	// Scapy (scapy.contrib.rtcp): RTCP(packet_type=200, count=1, sourcesync=0x1234,
	//   sender_info=SenderInfo(ntp_timestamp=0xe9b4a1c080000000, rtp_timestamp=160,
	//     sender_packet_count=10, sender_octet_count=1600),
	//   report_blocks=[ReceptionReport(sourcesync=0x5678, fraction_lost=0, cumulative_lost=1,
	//     highest_seqnum_recv=100, interarrival_jitter=3, last_SR_timestamp=0, delay_since_last_SR=0)])
	b, err := goscapy.NewRTCPSR(0x1234,
		layers.RTCPSenderInfo{NTPTimestamp: 0xe9b4a1c080000000, RTPTimestamp: 160, PacketCount: 10, OctetCount: 1600},
		layers.RTCPReportBlock{SourceSync: 0x5678, CumulativeLost: 1, HighestSeqnumRecv: 100, InterarrivalJitter: 3}).Build()
	fmt.Println(len(b), err)
	fmt.Printf("%x\n", b[:28])
	fmt.Printf("%x\n", b[28:])
	// Output:
	// 52 <nil>
	// 81c8000c00001234e9b4a1c080000000000000a00000000a00000640
	// 000056780000000100000064000000030000000000000000
}

func ExampleNewRTCPRR() {
	// A receiver report without blocks.
	// Scapy (scapy.contrib.rtcp): RTCP(packet_type=201, sourcesync=0x1234)
	b, _ := goscapy.NewRTCPRR(0x1234).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 80c9000100001234
}

func ExampleNewRTCPSDES() {
	// A source description with a CNAME (RFC 3550, section 6.5): V=2,
	// SC=1, PT=202, length 3 (four words, less one); SSRC; CNAME (1), 4
	// bytes; null octets that end the list and pad it to a word.
	b, err := goscapy.NewRTCPSDES(layers.RTCPSDESChunk{SourceSync: 0x1234,
		Items: []layers.RTCPSDESItem{{Type: 1, Value: []byte("a@b1")}}}).Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 81ca0003000012340104614062310000 <nil>
}

func ExampleNewRTCPBYE() {
	// A BYE for one source with a reason (RFC 3550, section 6.6): V=2,
	// SC=1, PT=203, length 2 (three words, less one); SSRC; reason length
	// 3, "bye".
	b, err := goscapy.NewRTCPBYE("bye", 0x1234).Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 81cb00020000123403627965 <nil>
}

func ExampleNewRTCPAPP() {
	// An application-defined packet (RFC 3550, section 6.7): V=2,
	// subtype 1, PT=204, length 3 (four words, less one); SSRC; name
	// "TEST"; data.
	b, err := goscapy.NewRTCPAPP(0x1234, 1, "TEST", []byte{1, 2, 3, 4}).Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 81cc0003000012345445535401020304 <nil>
}

func ExampleNewSIPRequest() {
	inv, err := goscapy.NewSIPRequest("OPTIONS", "sip:bob@192.0.2.2").
		Header("Via", "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1").
		Header("Call-ID", "1@192.0.2.1").Header("CSeq", "1 OPTIONS").
		Header("Content-Length", "0").Build()
	fmt.Printf("%q %v\n", inv, err)
	// Output:
	// "OPTIONS sip:bob@192.0.2.2 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1\r\nCall-ID: 1@192.0.2.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n" <nil>
}

func ExampleNewSIPResponse() {
	r := goscapy.NewSIPResponse(200, "OK").Header("CSeq", "1 OPTIONS").Header("Content-Length", "0")
	b, _ := r.Build()
	fmt.Println(r.Layer().Summary())
	fmt.Printf("%q\n", b)
	// Output:
	// SIP 200 OK
	// "SIP/2.0 200 OK\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
}

func ExampleSIPBuilder_Body() {
	// Body adds Content-Type and Content-Length.
	sdp := []byte("v=0\r\n")
	b, _ := goscapy.NewSIPRequest("INVITE", "sip:bob@192.0.2.2").
		Header("CSeq", "1 INVITE").Body("application/sdp", sdp).Build()
	fmt.Printf("%q\n", b)
	// Output:
	// "INVITE sip:bob@192.0.2.2 SIP/2.0\r\nCSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n"
}

func ExampleRTCPBuilder() {
	// A compound packet: a receiver report followed by a source
	// description (RFC 3550, section 6.1), each RTCP packet a layer.
	s := goscapy.NewRTCPRR(0x1234).Over(goscapy.NewRTCPSDES(layers.RTCPSDESChunk{SourceSync: 0x1234,
		Items: []layers.RTCPSDESItem{{Type: 1, Value: []byte("a@b1")}}}))
	b, err := s.Build()
	fmt.Println(s.Packet(), err)
	fmt.Printf("%x\n", b)
	// Output:
	// RTCP / RTCP <nil>
	// 80c900010000123481ca0003000012340104614062310000
}

func ExampleIPFIXBuilder_Records() {
	// An IPFIX data set for template 300 (source address, source and
	// destination ports).
	// Scapy: NetflowHeader()/NetflowHeaderV10(length=28, ExportTime=1700000000, flowSequence=4,
	//   ObservationDomainID=9)/NetflowDataflowsetV9(templateID=300,
	//   records=[NetflowRecordV9(fieldValue=b"\x0a\x00\x00\x01\x04\xd2\x00\x50")])
	t := &layers.FlowTemplate{ID: 300, Fields: []layers.FlowField{{Type: 8, Length: 4}, {Type: 7, Length: 2}, {Type: 11, Length: 2}}}
	b, err := goscapy.NewNetflowHeader().
		Over(goscapy.NewIPFIX().ExportTime(1700000000).FlowSequence(4).ObservationDomainID(9).
			Records(t, []byte{10, 0, 0, 1}, layers.FlowUint(1234, 2), layers.FlowUint(80, 2))).
		Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 000a001c6553f1000000000400000009012c000c0a00000104d20050 <nil>
}
