package bench

import (
	"errors"
	"net"
	"testing"

	gp "github.com/google/gopacket"
	gpl "github.com/google/gopacket/layers"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

var errNoDNS = errors.New("no dns layer")

// ---------------------------------------------------------------------------
// 5a. Warm decoder on a DNS response (Ether/IP/UDP/DNS with one question and
// one answer whose name is a compression pointer).

func goscapyDecodeDNS(b *testing.B) {
	dec := goscapy.NewDecoder()
	b.ReportAllocs()
	b.SetBytes(int64(len(DNSResponseFrame)))
	cpu := startCPU()
	for b.Loop() {
		p, err := dec.Decode(DNSResponseFrame)
		if err != nil {
			fail(b, "goscapy Decode", err)
		}
		d, ok := packet.LayerOf[*layers.DNS](p)
		if !ok {
			fail(b, "goscapy Decode", errNoDNS)
		}
		sink += int(d.ID) + len(d.Answers)
	}
	cpu.report(b)
}

func gopacketDecodeDNS(b *testing.B) {
	var (
		eth gpl.Ethernet
		ip4 gpl.IPv4
		udp gpl.UDP
		dns gpl.DNS
	)
	parser := gp.NewDecodingLayerParser(gpl.LayerTypeEthernet, &eth, &ip4, &udp, &dns)
	decoded := make([]gp.LayerType, 0, 4)
	b.ReportAllocs()
	b.SetBytes(int64(len(DNSResponseFrame)))
	cpu := startCPU()
	for b.Loop() {
		if err := parser.DecodeLayers(DNSResponseFrame, &decoded); err != nil {
			fail(b, "gopacket DecodeLayers", err)
		}
		sink += int(dns.ID) + len(dns.Answers)
	}
	cpu.report(b)
}

// ---------------------------------------------------------------------------
// 5b. Encoding a prepared DNS response message (the DNS layer alone, counts
// computed): the answer of DNSResponseFrame, its name written out in full
// since gopacket does not compress names.

const (
	dnsName   = "b.lab.test"
	dnsID     = 1
	dnsAnswer = "198.18.1.3"
)

// GoscapyDNSResponse returns the response as a prepared goscapy packet.
// With compress, the answer name is a pointer as in DNSResponseFrame.
func GoscapyDNSResponse(compress bool) *packet.Packet {
	d := goscapy.NewDNS().ID(dnsID).QR(true).AA(true).RD(true).RA(true).
		Question(dnsName, layers.DNSTypeA).
		Answer(layers.DNSRRA(dnsName, 0, dnsAnswer))
	if compress {
		d.Compress()
	}
	return d.Packet()
}

// GopacketDNSResponse returns the same response as a gopacket layer.
func GopacketDNSResponse() *gpl.DNS {
	return &gpl.DNS{ID: dnsID, QR: true, AA: true, RD: true, RA: true,
		Questions: []gpl.DNSQuestion{{Name: []byte(dnsName), Type: gpl.DNSTypeA, Class: gpl.DNSClassIN}},
		Answers: []gpl.DNSResourceRecord{{Name: []byte(dnsName), Type: gpl.DNSTypeA, Class: gpl.DNSClassIN,
			IP: net.IP{198, 18, 1, 3}}},
	}
}

func goscapyEncodeDNS(b *testing.B) {
	p := GoscapyDNSResponse(false)
	buf := make([]byte, 1514)
	n := dnsEncodedLen(b, p)
	b.ReportAllocs()
	b.SetBytes(int64(n))
	cpu := startCPU()
	for b.Loop() {
		out, err := p.BuildInto(buf)
		if err != nil {
			fail(b, "goscapy BuildInto", err)
		}
		sink += len(out)
	}
	cpu.report(b)
}

func dnsEncodedLen(b *testing.B, p *packet.Packet) int {
	out, err := p.Build()
	if err != nil {
		fail(b, "goscapy Build", err)
	}
	return len(out)
}

var gpFixLen = gp.SerializeOptions{FixLengths: true}

func gopacketEncodeDNS(b *testing.B) {
	dns := GopacketDNSResponse()
	buf := gp.NewSerializeBuffer()
	if err := gp.SerializeLayers(buf, gpFixLen, dns); err != nil {
		fail(b, "gopacket SerializeLayers", err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(buf.Bytes())))
	cpu := startCPU()
	for b.Loop() {
		if err := gp.SerializeLayers(buf, gpFixLen, dns); err != nil {
			fail(b, "gopacket SerializeLayers", err)
		}
		sink += len(buf.Bytes())
	}
	cpu.report(b)
}

// ---------------------------------------------------------------------------
// 5c. BuildInto of a prepared ICMP echo request with 56 bytes of data (the
// frame of ping).

var (
	pingDstMAC = fields.MustParseMAC("02:00:00:00:01:01")
	pingDstIP  = net.IP{198, 18, 2, 2}
)

const (
	pingIPID = 0x1ec3
	pingID   = 0x783a
	pingSeq  = 1
)

// GoscapyICMPEcho returns ICMPEchoFrame's echo request as a prepared
// goscapy packet.
func GoscapyICMPEcho() *packet.Packet {
	return goscapy.NewEthernet().SrcMAC(srcMAC).DstMAC(pingDstMAC).
		Over(goscapy.NewIP().SrcIP(srcIP).DstIP(pingDstIP).ID(pingIPID).Flags(ipFlagDF)).
		Over(goscapy.NewICMP().Type(layers.ICMPEchoRequest).ID(pingID).Seq(pingSeq)).
		Over(goscapy.NewRaw(ICMPEchoFrame[icmpDataOffset:])).
		Packet()
}

// GopacketICMPEcho returns the same echo request as prepared gopacket layers.
func GopacketICMPEcho() []gp.SerializableLayer {
	eth := &gpl.Ethernet{SrcMAC: srcHW, DstMAC: net.HardwareAddr(pingDstMAC[:]), EthernetType: gpl.EthernetTypeIPv4}
	ip := &gpl.IPv4{Version: 4, Id: pingIPID, Flags: gpl.IPv4DontFragment, TTL: 64,
		Protocol: gpl.IPProtocolICMPv4, SrcIP: src4, DstIP: pingDstIP}
	icmp := &gpl.ICMPv4{TypeCode: gpl.CreateICMPv4TypeCode(gpl.ICMPv4TypeEchoRequest, 0), Id: pingID, Seq: pingSeq}
	data := gp.Payload(ICMPEchoFrame[icmpDataOffset:])
	return []gp.SerializableLayer{eth, ip, icmp, &data}
}

func goscapyBuildICMPEcho(b *testing.B) {
	p := GoscapyICMPEcho()
	buf := make([]byte, 1514)
	b.ReportAllocs()
	b.SetBytes(int64(len(ICMPEchoFrame)))
	cpu := startCPU()
	for b.Loop() {
		out, err := p.BuildInto(buf)
		if err != nil {
			fail(b, "goscapy BuildInto", err)
		}
		sink += len(out)
	}
	cpu.report(b)
}

func gopacketBuildICMPEcho(b *testing.B) {
	ls := GopacketICMPEcho()
	buf := gp.NewSerializeBuffer()
	b.ReportAllocs()
	b.SetBytes(int64(len(ICMPEchoFrame)))
	cpu := startCPU()
	for b.Loop() {
		if err := gp.SerializeLayers(buf, gpFix, ls...); err != nil {
			fail(b, "gopacket SerializeLayers", err)
		}
		sink += len(buf.Bytes())
	}
	cpu.report(b)
}
