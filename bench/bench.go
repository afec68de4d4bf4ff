// Package bench compares goscapy with github.com/google/gopacket on the
// same work: each Pair runs one task with both libraries, so that
//
//	go test -bench . -benchmem
//
// prints BenchmarkX/goscapy next to BenchmarkX/gopacket (ns/op, cpu-ns/op,
// B/op, allocs/op), and cmd/ratios prints the goscapy/gopacket time ratio
// of every pair against its goal.
//
// This is a separate module: the main goscapy module does not depend on
// gopacket.
package bench

import (
	"errors"
	"net"
	"net/netip"
	"testing"

	gp "github.com/google/gopacket"
	gpl "github.com/google/gopacket/layers"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Pair is one task measured with both libraries.
type Pair struct {
	// Name is the benchmark name without the "Benchmark" prefix.
	Name string
	// Goal is the largest acceptable goscapy/gopacket time ratio (judged
	// on CPU time per operation where it is measured, see CPUMetric).
	Goal float64
	// Goscapy and Gopacket run the task b.N times (b.Loop).
	Goscapy, Gopacket func(b *testing.B)
}

// Pairs returns the benchmark pairs in a fixed order.
func Pairs() []Pair {
	return []Pair{
		{Name: "BuildSYN", Goal: 0.5, Goscapy: goscapyBuildSYN, Gopacket: gopacketBuildSYN},
		{Name: "BuildSYNSeq", Goal: 1, Goscapy: goscapyBuildSYNSeq, Gopacket: gopacketBuildSYNSeq},
		{Name: "DecodeSYN", Goal: 0.5, Goscapy: goscapyDecodeSYN, Gopacket: gopacketDecodeSYN},
		{Name: "DissectSYN", Goal: 0.3, Goscapy: goscapyDissectSYN, Gopacket: gopacketDissectSYN},
		{Name: "Scanner", Goal: 1, Goscapy: goscapyScanner, Gopacket: gopacketScanner},
		{Name: "DecodeDNS", Goal: 0.5, Goscapy: goscapyDecodeDNS, Gopacket: gopacketDecodeDNS},
		{Name: "EncodeDNS", Goal: 0.5, Goscapy: goscapyEncodeDNS, Gopacket: gopacketEncodeDNS},
		{Name: "BuildICMPEcho", Goal: 0.5, Goscapy: goscapyBuildICMPEcho, Gopacket: gopacketBuildICMPEcho},
	}
}

// Lookup returns the pair of that name.
func Lookup(name string) (Pair, bool) {
	for _, p := range Pairs() {
		if p.Name == name {
			return p, true
		}
	}
	return Pair{}, false
}

// Addresses of the SYN and scanner frames (those of SYNFrame).
var (
	srcMACText = "02:00:00:00:01:02"
	dstMACText = "02:00:00:00:01:03"
	srcIPText  = "198.18.1.2"
	dstIPText  = "198.18.1.3"

	srcMAC = fields.MustParseMAC(srcMACText)
	dstMAC = fields.MustParseMAC(dstMACText)
	srcIP  = netip.MustParseAddr(srcIPText)
	dstIP  = netip.MustParseAddr(dstIPText)

	srcHW = net.HardwareAddr(srcMAC[:])
	dstHW = net.HardwareAddr(dstMAC[:])
	src4  = net.IP(srcIP.AsSlice())
	dst4  = net.IP(dstIP.AsSlice())
)

// The SYN of SYNFrame.
const (
	synIPID   = 0x75fe
	synSport  = 50188
	synDport  = 80
	synSeq    = 0x1c8f5791
	synWindow = 64240
	synTSVal  = 0xb2ee151e
	synMSS    = 1460
	synWScale = 10
	scanSport = 40000
	ipFlagDF  = 2 // IP flags field value (3 bits) with DF set
)

// sink keeps results alive.
var sink int

// fail reports an error once and stops the benchmark.
func fail(b *testing.B, what string, err error) {
	b.Helper()
	b.Fatalf("%s: %v", what, err)
}

// ---------------------------------------------------------------------------
// 1. BuildInto of a prepared SYN.

// GoscapySYN returns SYNFrame's SYN as a prepared goscapy packet.
func GoscapySYN() *packet.Packet {
	return goscapy.NewEthernet().SrcMAC(srcMAC).DstMAC(dstMAC).
		Over(goscapy.NewIP().SrcIP(srcIP).DstIP(dstIP).ID(synIPID).Flags(ipFlagDF)).
		Over(goscapy.NewTCP().SrcPort(synSport).DstPort(synDport).Seq(synSeq).
			Flags(layers.TCPSyn).Window(synWindow).
			Options(layers.TCPOptionMSS(synMSS), layers.TCPOptionSAckOK(),
				layers.TCPOptionTimestamp(synTSVal, 0), layers.TCPOptionNOP(),
				layers.TCPOptionWScale(synWScale))).
		Packet()
}

// GopacketSYN returns SYNFrame's SYN as prepared gopacket layers.
func GopacketSYN() []gp.SerializableLayer {
	eth := &gpl.Ethernet{SrcMAC: srcHW, DstMAC: dstHW, EthernetType: gpl.EthernetTypeIPv4}
	ip := &gpl.IPv4{Version: 4, Id: synIPID, Flags: gpl.IPv4DontFragment, TTL: 64,
		Protocol: gpl.IPProtocolTCP, SrcIP: src4, DstIP: dst4}
	ts := make([]byte, 8)
	ts[0], ts[1], ts[2], ts[3] = synTSVal>>24, synTSVal>>16&0xff, synTSVal>>8&0xff, synTSVal&0xff
	tcp := &gpl.TCP{SrcPort: synSport, DstPort: synDport, Seq: synSeq, SYN: true, Window: synWindow,
		Options: []gpl.TCPOption{
			{OptionType: gpl.TCPOptionKindMSS, OptionData: []byte{synMSS >> 8, synMSS & 0xff}},
			{OptionType: gpl.TCPOptionKindSACKPermitted},
			{OptionType: gpl.TCPOptionKindTimestamps, OptionData: ts},
			{OptionType: gpl.TCPOptionKindNop},
			{OptionType: gpl.TCPOptionKindWindowScale, OptionData: []byte{synWScale}},
		}}
	_ = tcp.SetNetworkLayerForChecksum(ip) // fails only for a non-IP layer
	return []gp.SerializableLayer{eth, ip, tcp}
}

var gpFix = gp.SerializeOptions{FixLengths: true, ComputeChecksums: true}

func goscapyBuildSYN(b *testing.B) { goscapyBuildSYNLoop(b, false) }

// goscapyBuildSYNSeq is goscapyBuildSYN with a new sequence number for every
// packet: a full build each time (lengths, checksums, options), as a
// sender of changing packets pays; an unchanged prepared packet is copied
// from its last build.
func goscapyBuildSYNSeq(b *testing.B) { goscapyBuildSYNLoop(b, true) }

func goscapyBuildSYNLoop(b *testing.B, newSeq bool) {
	p := GoscapySYN()
	tcp, _ := packet.LayerOf[*layers.TCP](p)
	buf := make([]byte, 1514)
	b.ReportAllocs()
	b.SetBytes(int64(len(SYNFrame)))
	cpu := startCPU()
	seq := uint32(synSeq)
	for b.Loop() {
		if newSeq {
			seq++
			tcp.Seq = seq
		}
		out, err := p.BuildInto(buf)
		if err != nil {
			fail(b, "goscapy BuildInto", err)
		}
		sink += len(out)
	}
	cpu.report(b)
}

func gopacketBuildSYN(b *testing.B)    { gopacketBuildSYNLoop(b, false) }
func gopacketBuildSYNSeq(b *testing.B) { gopacketBuildSYNLoop(b, true) }

func gopacketBuildSYNLoop(b *testing.B, newSeq bool) {
	ls := GopacketSYN()
	tcp := ls[2].(*gpl.TCP)
	buf := gp.NewSerializeBuffer()
	b.ReportAllocs()
	b.SetBytes(int64(len(SYNFrame)))
	cpu := startCPU()
	seq := uint32(synSeq)
	for b.Loop() {
		if newSeq {
			seq++
			tcp.Seq = seq
		}
		if err := gp.SerializeLayers(buf, gpFix, ls...); err != nil {
			fail(b, "gopacket SerializeLayers", err)
		}
		sink += len(buf.Bytes())
	}
	cpu.report(b)
}

// ---------------------------------------------------------------------------
// 2. Warm decoder on the 74-byte SYN, reading the destination port.

func goscapyDecodeSYN(b *testing.B) {
	dec := goscapy.NewDecoder()
	b.ReportAllocs()
	b.SetBytes(int64(len(SYNFrame)))
	cpu := startCPU()
	for b.Loop() {
		p, err := dec.Decode(SYNFrame)
		if err != nil {
			fail(b, "goscapy Decode", err)
		}
		t, ok := packet.LayerOf[*layers.TCP](p)
		if !ok {
			fail(b, "goscapy Decode", errNoTCP)
		}
		sink += int(t.DstPort)
	}
	cpu.report(b)
}

var errNoTCP = errors.New("no tcp layer")

func gopacketDecodeSYN(b *testing.B) {
	var (
		eth     gpl.Ethernet
		ip4     gpl.IPv4
		tcp     gpl.TCP
		payload gp.Payload
	)
	parser := gp.NewDecodingLayerParser(gpl.LayerTypeEthernet, &eth, &ip4, &tcp, &payload)
	decoded := make([]gp.LayerType, 0, 4)
	b.ReportAllocs()
	b.SetBytes(int64(len(SYNFrame)))
	cpu := startCPU()
	for b.Loop() {
		if err := parser.DecodeLayers(SYNFrame, &decoded); err != nil {
			fail(b, "gopacket DecodeLayers", err)
		}
		sink += int(tcp.DstPort)
	}
	cpu.report(b)
}

// ---------------------------------------------------------------------------
// 3. Dissect into a full packet object.

func goscapyDissectSYN(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(SYNFrame)))
	cpu := startCPU()
	for b.Loop() {
		p, err := goscapy.Dissect(SYNFrame)
		if err != nil {
			fail(b, "goscapy Dissect", err)
		}
		t, ok := packet.LayerOf[*layers.TCP](p)
		if !ok {
			fail(b, "goscapy Dissect", errNoTCP)
		}
		sink += int(t.DstPort)
	}
	cpu.report(b)
}

func gopacketDissectSYN(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(SYNFrame)))
	cpu := startCPU()
	for b.Loop() {
		p := gp.NewPacket(SYNFrame, gpl.LayerTypeEthernet, gp.Default)
		if el := p.ErrorLayer(); el != nil {
			fail(b, "gopacket NewPacket", el.Error())
		}
		t, ok := p.Layer(gpl.LayerTypeTCP).(*gpl.TCP)
		if !ok {
			fail(b, "gopacket NewPacket", errNoTCP)
		}
		sink += int(t.DstPort)
	}
	cpu.report(b)
}

// ---------------------------------------------------------------------------
// 4. Scanner loop: a fresh SYN per destination port, 1..65535.

// GoscapyScanSYN builds the scanner's SYN to port with the builder chain,
// the addresses given as text as in the documentation.
func GoscapyScanSYN(port uint16) ([]byte, error) {
	return goscapy.NewEthernet().SrcMAC(srcMACText).DstMAC(dstMACText).
		Over(goscapy.NewIP().SrcIP(srcIPText).DstIP(dstIPText)).
		Over(goscapy.NewTCP().SrcPort(scanSport).DstPort(port).Flags(layers.TCPSyn)).
		Build()
}

// GoscapyScanSYNTyped is GoscapyScanSYN with the addresses already parsed
// (fields.MAC and netip.Addr values).
func GoscapyScanSYNTyped(port uint16) ([]byte, error) {
	return goscapy.NewEthernet().SrcMAC(srcMAC).DstMAC(dstMAC).
		Over(goscapy.NewIP().SrcIP(srcIP).DstIP(dstIP)).
		Over(goscapy.NewTCP().SrcPort(scanSport).DstPort(port).Flags(layers.TCPSyn)).
		Build()
}

// GopacketScanSYN builds the same SYN as a gopacket scanner does: fresh
// layer structs and a fresh serialize buffer per packet, addresses parsed
// once (gopacket has no text form).
func GopacketScanSYN(port uint16) ([]byte, error) {
	eth := &gpl.Ethernet{SrcMAC: srcHW, DstMAC: dstHW, EthernetType: gpl.EthernetTypeIPv4}
	ip := &gpl.IPv4{Version: 4, Id: 1, TTL: 64, Protocol: gpl.IPProtocolTCP, SrcIP: src4, DstIP: dst4}
	tcp := &gpl.TCP{SrcPort: scanSport, DstPort: gpl.TCPPort(port), SYN: true, Window: 8192}
	if err := tcp.SetNetworkLayerForChecksum(ip); err != nil {
		return nil, err
	}
	buf := gp.NewSerializeBuffer()
	if err := gp.SerializeLayers(buf, gpFix, eth, ip, tcp); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func scanLoop(b *testing.B, build func(uint16) ([]byte, error)) {
	b.ReportAllocs()
	b.SetBytes(54)
	port := 0
	cpu := startCPU()
	for b.Loop() {
		port = port%65535 + 1
		frame, err := build(uint16(port))
		if err != nil {
			fail(b, "scanner build", err)
		}
		sink += len(frame)
	}
	cpu.report(b)
}

func goscapyScanner(b *testing.B)      { scanLoop(b, GoscapyScanSYN) }
func goscapyScannerTyped(b *testing.B) { scanLoop(b, GoscapyScanSYNTyped) }
func gopacketScanner(b *testing.B)     { scanLoop(b, GopacketScanSYN) }

// Extra returns benchmarks shown beside a pair but not part of its ratio
// (the scanner with pre-parsed addresses).
func Extra(name string) map[string]func(*testing.B) {
	if name == "Scanner" {
		return map[string]func(*testing.B){"goscapy_typed": goscapyScannerTyped}
	}
	return nil
}
