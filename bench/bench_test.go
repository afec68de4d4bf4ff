package bench

import (
	"bytes"
	"encoding/hex"
	"flag"
	"net"
	"os"
	"strings"
	"testing"

	gp "github.com/google/gopacket"
	gpl "github.com/google/gopacket/layers"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Each benchmark runs the goscapy and the gopacket side of one pair as
// sub-benchmarks: BenchmarkBuildSYN/goscapy and BenchmarkBuildSYN/gopacket.

func BenchmarkBuildSYN(b *testing.B)      { runPair(b, "BuildSYN") }
func BenchmarkBuildSYNSeq(b *testing.B)   { runPair(b, "BuildSYNSeq") }
func BenchmarkDecodeSYN(b *testing.B)     { runPair(b, "DecodeSYN") }
func BenchmarkDissectSYN(b *testing.B)    { runPair(b, "DissectSYN") }
func BenchmarkScanner(b *testing.B)       { runPair(b, "Scanner") }
func BenchmarkDecodeDNS(b *testing.B)     { runPair(b, "DecodeDNS") }
func BenchmarkEncodeDNS(b *testing.B)     { runPair(b, "EncodeDNS") }
func BenchmarkBuildICMPEcho(b *testing.B) { runPair(b, "BuildICMPEcho") }

func runPair(b *testing.B, name string) {
	p, ok := Lookup(name)
	if !ok {
		b.Fatalf("no pair %q", name)
	}
	b.Run("goscapy", p.Goscapy)
	b.Run("gopacket", p.Gopacket)
	for n, f := range Extra(name) {
		b.Run(n, f)
	}
}

// TestRatios prints the ratio table; it runs only with
// GOSCAPY_BENCH_RATIOS=1 (it takes about a minute), and fails on a missed
// goal only with GOSCAPY_BENCH_STRICT=1.
func TestRatios(t *testing.T) {
	if os.Getenv("GOSCAPY_BENCH_RATIOS") != "1" {
		t.Skip("set GOSCAPY_BENCH_RATIOS=1 to measure the goscapy/gopacket ratios")
	}
	rs := Run(3, false, nil)
	var sb strings.Builder
	if err := WriteTable(&sb, rs); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + sb.String())
	if os.Getenv("GOSCAPY_BENCH_STRICT") == "1" {
		for _, r := range rs {
			if r.Status == "FAIL" || r.Status == "error" {
				t.Errorf("%s: %s (ratio %.2f, cpu ratio %.2f, goal %.2f)", r.Pair.Name, r.Status, r.Ratio, r.CPURatio, r.Pair.Goal)
			}
		}
	}
}

// The two sides of every pair must do the same work: the tests below check
// that they build the same bytes and read the same values, which are those
// tshark shows for the corpus frames.

func gopacketBuild(t *testing.T, opts gp.SerializeOptions, ls ...gp.SerializableLayer) []byte {
	t.Helper()
	buf := gp.NewSerializeBuffer()
	if err := gp.SerializeLayers(buf, opts, ls...); err != nil {
		t.Fatalf("gopacket SerializeLayers: %v", err)
	}
	return buf.Bytes()
}

func sameBytes(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Errorf("%s:\n got %s\nwant %s", what, hex.EncodeToString(got), hex.EncodeToString(want))
	}
}

func TestBuildSYNSameBytes(t *testing.T) {
	out, err := GoscapySYN().BuildInto(make([]byte, 1514))
	if err != nil {
		t.Fatalf("goscapy BuildInto: %v", err)
	}
	sameBytes(t, "goscapy SYN", out, SYNFrame)
	sameBytes(t, "gopacket SYN", gopacketBuild(t, gpFix, GopacketSYN()...), SYNFrame)
}

func TestScannerSameBytes(t *testing.T) {
	for _, port := range []uint16{1, 80, 443, 65535} {
		ours, err := GoscapyScanSYN(port)
		if err != nil {
			t.Fatalf("goscapy scanner: %v", err)
		}
		typed, err := GoscapyScanSYNTyped(port)
		if err != nil {
			t.Fatalf("goscapy scanner (typed): %v", err)
		}
		theirs, err := GopacketScanSYN(port)
		if err != nil {
			t.Fatalf("gopacket scanner: %v", err)
		}
		// gopacket's Ethernet always pads to the 60-byte minimum; Scapy and
		// goscapy do not (the NIC does).
		if len(theirs) != 60 || !bytes.Equal(theirs[54:], make([]byte, 6)) {
			t.Fatalf("gopacket scanner SYN: %x, want 54 bytes and 6 of padding", theirs)
		}
		sameBytes(t, "goscapy scanner SYN", ours, theirs[:54])
		sameBytes(t, "goscapy scanner SYN (typed)", typed, theirs[:54])
	}
}

// TestDecodeSYNAgree checks both decoders against tshark's fields of frame
// 225: 198.18.1.2:50188 > 198.18.1.3:80, seq 0x1c8f5791, window 64240,
// options 020405b40402080ab2ee151e000000000103030a.
func TestDecodeSYNAgree(t *testing.T) {
	dec := goscapy.NewDecoder()
	for _, name := range []string{"decoder", "dissect"} {
		var p *packet.Packet
		var err error
		if name == "decoder" {
			p, err = dec.Decode(SYNFrame)
		} else {
			p, err = goscapy.Dissect(SYNFrame)
		}
		if err != nil {
			t.Fatalf("goscapy %s: %v", name, err)
		}
		if got := p.NumLayers(); got != 3 {
			t.Errorf("goscapy %s: %d layers (%v), want Ether/IP/TCP", name, got, p)
		}
		tcp, ok := packet.LayerOf[*layers.TCP](p)
		if !ok {
			t.Fatalf("goscapy %s: no TCP layer in %v", name, p)
		}
		if tcp.SrcPort != 50188 || tcp.DstPort != 80 || tcp.Seq != 0x1c8f5791 || tcp.Window != 64240 || tcp.Flags != layers.TCPSyn {
			t.Errorf("goscapy %s: TCP %+v", name, tcp)
		}
		if tcp.NumOptions() != 5 || len(tcp.Options()) != 5 {
			t.Errorf("goscapy %s: %d TCP options, want 5", name, len(tcp.Options()))
		}
		ip, ok := packet.LayerOf[*layers.IPv4](p)
		if !ok || ip.SrcAddr() != srcIP || ip.DstAddr() != dstIP {
			t.Errorf("goscapy %s: IP layer %v", name, ip)
		}
		out, err := p.Build()
		if err != nil {
			t.Fatalf("goscapy %s: rebuild: %v", name, err)
		}
		sameBytes(t, "goscapy "+name+" round trip", out, SYNFrame)
	}

	var (
		eth gpl.Ethernet
		ip4 gpl.IPv4
		tcp gpl.TCP
		pl  gp.Payload
	)
	parser := gp.NewDecodingLayerParser(gpl.LayerTypeEthernet, &eth, &ip4, &tcp, &pl)
	var decoded []gp.LayerType
	if err := parser.DecodeLayers(SYNFrame, &decoded); err != nil {
		t.Fatalf("gopacket DecodeLayers: %v", err)
	}
	if tcp.SrcPort != 50188 || tcp.DstPort != 80 || tcp.Seq != 0x1c8f5791 || tcp.Window != 64240 || !tcp.SYN || len(tcp.Options) != 5 {
		t.Errorf("gopacket TCP %+v", tcp)
	}
	gpk := gp.NewPacket(SYNFrame, gpl.LayerTypeEthernet, gp.Default)
	if gpk.ErrorLayer() != nil || gpk.Layer(gpl.LayerTypeTCP) == nil {
		t.Errorf("gopacket NewPacket: %v", gpk)
	}
}

// TestDNSPairsAgree checks both sides against tshark's fields of frame 33:
// id 0x0001, flags 0x8580 (QR AA RD RA), b.lab.test A IN, one answer
// b.lab.test A 198.18.1.3 TTL 0.
func TestDNSPairsAgree(t *testing.T) {
	p, err := goscapy.Dissect(DNSResponseFrame)
	if err != nil {
		t.Fatalf("goscapy Dissect: %v", err)
	}
	d, ok := packet.LayerOf[*layers.DNS](p)
	if !ok {
		t.Fatalf("goscapy Dissect: no DNS layer in %v", p)
	}
	if d.ID != 1 || d.QR != 1 || d.AA != 1 || d.RD != 1 || d.RA != 1 || len(d.Questions) != 1 || len(d.Answers) != 1 {
		t.Errorf("goscapy DNS %+v", d)
	}
	out, err := p.Build()
	if err != nil {
		t.Fatalf("goscapy rebuild: %v", err)
	}
	sameBytes(t, "goscapy DNS response round trip", out, DNSResponseFrame)

	var dns gpl.DNS
	if err := dns.DecodeFromBytes(DNSResponseFrame[dnsOffset:], gp.NilDecodeFeedback); err != nil {
		t.Fatalf("gopacket DNS: %v", err)
	}
	if dns.ID != 1 || !dns.QR || !dns.AA || !dns.RD || !dns.RA || len(dns.Questions) != 1 || len(dns.Answers) != 1 ||
		string(dns.Answers[0].Name) != dnsName || !dns.Answers[0].IP.Equal(net.IP{198, 18, 1, 3}) {
		t.Errorf("gopacket DNS %+v", dns)
	}

	// The encode pair: the same description gives the frame's bytes with
	// compression, and the same bytes in both libraries without.
	compressed, err := GoscapyDNSResponse(true).Build()
	if err != nil {
		t.Fatalf("goscapy DNS build: %v", err)
	}
	sameBytes(t, "goscapy compressed DNS response", compressed, DNSResponseFrame[dnsOffset:])
	ours, err := GoscapyDNSResponse(false).Build()
	if err != nil {
		t.Fatalf("goscapy DNS build: %v", err)
	}
	sameBytes(t, "goscapy DNS response", ours, gopacketBuild(t, gpFixLen, GopacketDNSResponse()))

	// Frame 32, the query (id 0x0001, flags 0x0100: RD), from both builders.
	query, err := goscapy.NewDNS().ID(dnsID).Question(dnsName, layers.DNSTypeA).Build()
	if err != nil {
		t.Fatalf("goscapy DNS query build: %v", err)
	}
	sameBytes(t, "goscapy DNS query", query, DNSQueryFrame[dnsOffset:])
	gq := &gpl.DNS{ID: dnsID, RD: true,
		Questions: []gpl.DNSQuestion{{Name: []byte(dnsName), Type: gpl.DNSTypeA, Class: gpl.DNSClassIN}}}
	sameBytes(t, "gopacket DNS query", gopacketBuild(t, gpFixLen, gq), DNSQueryFrame[dnsOffset:])
}

func TestICMPEchoSameBytes(t *testing.T) {
	out, err := GoscapyICMPEcho().BuildInto(make([]byte, 1514))
	if err != nil {
		t.Fatalf("goscapy BuildInto: %v", err)
	}
	sameBytes(t, "goscapy echo request", out, ICMPEchoFrame)
	sameBytes(t, "gopacket echo request", gopacketBuild(t, gpFix, GopacketICMPEcho()...), ICMPEchoFrame)
}

// TestGoscapyNoAllocs holds goscapy to its promise on the measured paths:
// building a prepared packet and decoding with a warm decoder allocate
// nothing.
func TestGoscapyNoAllocs(t *testing.T) {
	buf := make([]byte, 1514)
	for name, p := range map[string]*packet.Packet{
		"SYN": GoscapySYN(), "echo request": GoscapyICMPEcho(), "DNS response": GoscapyDNSResponse(false),
	} {
		if n := testing.AllocsPerRun(100, func() { _, _ = p.BuildInto(buf) }); n != 0 {
			t.Errorf("BuildInto of a prepared %s: %v allocs, want 0", name, n)
		}
	}
	dec := goscapy.NewDecoder()
	for name, frame := range map[string][]byte{"SYN": SYNFrame, "DNS response": DNSResponseFrame} {
		_, _ = dec.Decode(frame)
		if n := testing.AllocsPerRun(100, func() { _, _ = dec.Decode(frame) }); n != 0 {
			t.Errorf("warm Decode of the %s: %v allocs, want 0", name, n)
		}
	}
}

// TestPairsRun runs every pair once so a broken side fails go test, not
// only go test -bench.
func TestPairsRun(t *testing.T) {
	bt := flag.Lookup("test.benchtime")
	old := bt.Value.String()
	if err := bt.Value.Set("10x"); err != nil {
		t.Fatal(err)
	}
	defer bt.Value.Set(old)
	for _, p := range Pairs() {
		t.Run(p.Name, func(t *testing.T) {
			for side, f := range map[string]func(*testing.B){"goscapy": p.Goscapy, "gopacket": p.Gopacket} {
				if r := testing.Benchmark(f); r.N == 0 {
					t.Errorf("%s side of %s failed", side, p.Name)
				}
			}
		})
	}
}
