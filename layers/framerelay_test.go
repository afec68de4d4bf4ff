package layers_test

import (
	"encoding/hex"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// TestFrameRelayLinkType dissects a corpus frame of link type FRELAY
// (107). tshark: fr:ipv6:ospf, fr.dlci 302, fr.cr 0, fr.fecn 0, fr.becn
// 0, fr.de 0, fr.ea 0 then 1, fr.ethertype 0x86dd, ospf.version 3.
func TestFrameRelayLinkType(t *testing.T) {
	const frame = "48e186dd6e00000000245901fe800000000000000000000000000003ff02000000000000000000000000000503010024" +
		"0303030300000000941c00000000000664000013001e00780000000000000000"
	data, _ := hex.DecodeString(frame)
	first, ok := packet.FirstLayer(107, data)
	if !ok {
		t.Fatal("link type 107 (FRELAY) is not bound")
	}
	p, err := packet.Dissect(data, first)
	if err != nil {
		t.Fatalf("dissect: %v (%v)", err, p)
	}
	if got, want := tunStack(p), "FrameRelay/IPv6/OSPF/Raw"; got != want {
		t.Errorf("stack %s, want %s", got, want)
	}
	for _, w := range []tunField{{"FrameRelay", 0, "dlci", 302}, {"FrameRelay", 0, "cr", 0}, {"FrameRelay", 0, "fecn", 0},
		{"FrameRelay", 0, "becn", 0}, {"FrameRelay", 0, "de", 0}, {"FrameRelay", 0, "type", 0x86dd}, {"OSPF", 0, "version", 3}} {
		l := tunNth(p, w.layer, w.n)
		if l == nil {
			t.Fatalf("no %s", w.layer)
		}
		if got, _ := l.Proto().Field(w.field).Uint(l); got != w.want {
			t.Errorf("%s %s = %d, want %d", w.layer, w.field, got, w.want)
		}
	}
	checkRoundTrip(t, data, first)
}

// TestFrameRelayBuild checks built headers against bytes derived by hand
// from Q.922 and RFC 2427: DLCI 302 is 0x12e, high six bits 0x12 << 2 =
// 0x48, low four bits 0xe << 4 | EA = 0xe1; then control 0x03 and NLPID
// 0xcc (IPv4) or 0x8e (IPv6).
func TestFrameRelayBuild(t *testing.T) {
	for _, c := range []struct {
		name  string
		setup func(f *layers.FrameRelay)
		up    packet.Layer
		want  string
	}{
		{"ipv4", func(f *layers.FrameRelay) { f.DLCI = 302 }, layers.NewIPv4(), "48e103cc45"},
		{"ipv6", func(f *layers.FrameRelay) { f.DLCI = 302 }, layers.NewIPv6(), "48e1038e60"},
		// all bits set: DLCI 1023 is 0xfc|C/R 0x02 = 0xfe, 0xf0|0x08|0x04|0x02|EA = 0xff
		{"bits", func(f *layers.FrameRelay) { f.DLCI, f.CR, f.FECN, f.BECN, f.DE = 1023, 1, 1, 1, 1 }, layers.NewIPv4(), "feff03cc45"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := layers.NewFrameRelay()
			c.setup(f)
			b, err := packet.New(f, c.up).Build()
			if err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(b[:5]); got != c.want {
				t.Errorf("built %s, want %s", got, c.want)
			}
			p, err := packet.Dissect(b, layers.FrameRelayType)
			if err != nil || p.NumLayers() < 2 || p.Layer(1).Proto() != c.up.Proto() {
				t.Errorf("dissected back as %v (%v)", p, err)
			}
		})
	}
}

func FuzzFrameRelay(f *testing.F) {
	var seeds [][]byte
	for _, h := range []string{"48e186dd6e00000000245901", "48e103cc450000", "48e1038e", "4800"} {
		b, _ := hex.DecodeString(h)
		seeds = append(seeds, b)
	}
	tunFuzz(f, layers.FrameRelayType, seeds)
}
