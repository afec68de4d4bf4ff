package layers_test

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

var mplsFrames = []tunFrame{
	// vlan.id 215,11; vlan.etype 0x8100,0x8847; mpls.label 16000, mpls.exp 0,
	// mpls.bottom 1, mpls.ttl 126
	{"pcapplusplus/MplsPackets.pcap#1",
		"28c2ceba97e8508189f9d57b810000d78100000b884703e8017e4500014f7ac500007e06a0bf020304060c0d0e0f509c" +
			"0050469662087fffffff501803fba1c80000474554202f692f3f7469643d31393926686173683d386b7478726c267375" +
			"6269643d3020485454502f312e310d0a4163636570743a206170706c69636174696f6e2f6a6176617363726970742c20" +
			"2a2f2a3b713d302e380d0a4163636570742d4c616e67756167653a20656e2d55532c656e3b713d302e350d0a55736572" +
			"2d4167656e743a204d6f7a696c6c612f352e30202857696e646f7773204e5420362e333b20574f5736343b2054726964" +
			"656e742f372e303b2072763a31312e3029206c696b65204765636b6f0d0a4163636570742d456e636f64696e673a2067" +
			"7a69702c206465666c6174650d0a486f73743a20737276312e7372762d737461742e636f6d0d0a444e543a20310d0a43" +
			"6f6e6e656374696f6e3a204b6565702d416c6976650d0a0d0a",
		"Ethernet/Dot1Q/Dot1Q/MPLS/IP/TCP/HTTP", // an HTTP GET, as tshark says
		[]tunField{{"Dot1Q", 0, "vlan", 215}, {"Dot1Q", 1, "vlan", 11}, {"Dot1Q", 1, "type", 0x8847},
			{"MPLS", 0, "label", 16000}, {"MPLS", 0, "cos", 0}, {"MPLS", 0, "s", 1}, {"MPLS", 0, "ttl", 126}}},
	// mpls.label 18,16; mpls.exp 0,0; mpls.bottom 0,1; mpls.ttl 254,255; then
	// tshark's pwethcw (control word) and Ethernet; vlan.id 1
	{"pcapplusplus/MplsPackets.pcap#2",
		"cc0404dc0010cc0304dc00108847000120fe000101ff00000000cc070d080000cc000a64000081000001080045000064" +
			"00070000ff01383ec0a80102c0a801010000bb2a00010002000000000004cb18abcdabcdabcdabcdabcdabcdabcdabcd" +
			"abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd",
		"Ethernet/MPLS/MPLS/EoMCW/Ethernet/Dot1Q/IP/ICMP/Raw",
		[]tunField{{"MPLS", 0, "label", 18}, {"MPLS", 1, "label", 16}, {"MPLS", 0, "s", 0}, {"MPLS", 1, "s", 1},
			{"MPLS", 0, "ttl", 254}, {"MPLS", 1, "ttl", 255}, {"EoMCW", 0, "seq", 0}, {"Dot1Q", 0, "vlan", 1}}},
	// eth.type 0x8848; mpls.label 197379,197387; mpls.exp 0,5; mpls.bottom
	// 0,1; mpls.ttl 48,48 (a crafted frame: the payload ends there)
	{"tcpdump/mpls-label-heapoverflow.pcap#1",
		"3030303030303030303030308848303030303030bb30",
		"Ethernet/MPLS/MPLS",
		[]tunField{{"Ethernet", 0, "type", 0x8848}, {"MPLS", 0, "label", 197379}, {"MPLS", 1, "label", 197387},
			{"MPLS", 0, "cos", 0}, {"MPLS", 1, "cos", 5}, {"MPLS", 0, "s", 0}, {"MPLS", 1, "s", 1},
			{"MPLS", 0, "ttl", 48}, {"MPLS", 1, "ttl", 48}}},
}

func TestMPLSFrames(t *testing.T) { tunCheckFrames(t, mplsFrames) }

func TestMPLSBuild(t *testing.T) {
	for _, c := range []struct {
		name   string
		layers []packet.Layer
		want   string
	}{
		// Scapy: raw(MPLS()/MPLS()/Raw(b'a'))
		{"stack", []packet.Layer{layers.NewMPLS(), layers.NewMPLS(), &packet.Raw{Load: []byte("a")}}, "000030000000310061"},
		// Scapy: raw(MPLS()/IP()) starts 00000100 (IPv4 explicit null)
		{"ipv4", []packet.Layer{layers.NewMPLS(), layers.NewIPv4()}, "00000100"},
		// Scapy: raw(MPLS()/IPv6()) starts 00002100 (IPv6 explicit null)
		{"ipv6", []packet.Layer{layers.NewMPLS(), layers.NewIPv6()}, "00002100"},
		// Scapy: raw(Ether()/MPLS()): type 0x8847, label 3
		{"ether", []packet.Layer{layers.NewEthernet(), layers.NewMPLS()}, "ffffffffffff000000000000884700003100"},
		// Scapy: raw(IP()/MPLS()): protocol 137
		{"ip", []packet.Layer{layers.NewIPv4(), layers.NewMPLS()}, "4500001800010000" + "4089"},
	} {
		b, err := packet.New(c.layers...).Build()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := hex.EncodeToString(b); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s: got %s, want %s...", c.name, got, c.want)
		}
	}
	// Values set are kept, however odd.
	m := layers.NewMPLS()
	m.Label, m.S, m.TC, m.TTL = fields.Some(uint32(0xfffff)), fields.Some(uint8(0)), 7, 1
	b, _ := packet.New(m, layers.NewIPv4()).Build()
	if got := hex.EncodeToString(b[:4]); got != "fffffe01" {
		t.Errorf("set values: %s", got)
	}
}

func TestMPLSFieldsShow(t *testing.T) {
	m := layers.NewMPLS()
	if v, _ := m.Get("label"); v != nil {
		t.Errorf("unset label %v", v)
	}
	for name, v := range map[string]any{"label": 100, "cos": 5, "s": 1, "ttl": 64} {
		if err := m.Set(name, v); err != nil {
			t.Fatalf("set %s: %v", name, err)
		}
	}
	if m.Label.Value != 100 || m.TC != 5 || m.S.Value != 1 || m.TTL != 64 {
		t.Errorf("%+v", m)
	}
	if err := m.Set("label", 1<<20); err == nil {
		t.Error("21-bit label accepted")
	}
	show := m.Show()
	for _, s := range []string{"###[ MPLS ]###", "label     = 100", "cos       = 5", "s         = 1", "ttl       = 64"} {
		if !strings.Contains(show, s) {
			t.Errorf("show lacks %q:\n%s", s, show)
		}
	}
	if m.Summary() != "MPLS label 100" {
		t.Errorf("summary %q", m.Summary())
	}
}

func TestMPLSPayloadByNibble(t *testing.T) {
	for _, c := range []struct {
		payload string
		stack   string
	}{
		{"4500001400010000400066e70a0000010a000002", "MPLS/IP"},
		{"6000000000003b40" + strings.Repeat("00", 32), "MPLS/IPv6"},
		{"00000007" + "020000000002" + "020000000001" + "9000", "MPLS/EoMCW/Ethernet"},
		{"10000000", "MPLS/Raw"}, // G-ACh and others stay Raw
	} {
		b, _ := hex.DecodeString("00064140" + c.payload)
		p, err := packet.Dissect(b, layers.MPLSType)
		if err != nil || tunStack(p) != c.stack {
			t.Errorf("%s: %v %s, want %s", c.payload[:8], err, tunStack(p), c.stack)
		}
		checkRoundTrip(t, b, layers.MPLSType)
	}
	// A stack that never ends is bounded by the decoder's nesting limit.
	b, _ := hex.DecodeString(strings.Repeat("00064040", 20))
	p, err := packet.Dissect(b, layers.MPLSType)
	if !errors.Is(err, packet.ErrTooDeep) {
		t.Errorf("endless stack: %v", err)
	}
	checkRoundTrip(t, b, layers.MPLSType)
	_ = p
}

func TestMPLSBindings(t *testing.T) {
	for _, c := range []struct {
		lower  packet.LayerType
		field  string
		value  uint64
		upper  packet.LayerType
		dissOK bool
	}{
		{layers.EthernetType, "type", layers.EtherTypeMPLS, layers.MPLSType, true},
		{layers.IPv4Type, "proto", layers.IPProtoMPLSInIP, layers.MPLSType, true},
		{layers.IPv6Type, "nh", layers.IPProtoMPLSInIP, layers.MPLSType, true},
	} {
		if v, ok := packet.BindValue(c.lower, c.upper, c.field); !ok || v != c.value {
			t.Errorf("build %v %s: %d %v", c.lower, c.field, v, ok)
		}
		if got := packet.NextLayer(c.lower, c.field, c.value); got != c.upper {
			t.Errorf("dissect %v %s %d: %v", c.lower, c.field, c.value, got)
		}
	}
	if got := packet.NextLayer(layers.EthernetType, "type", layers.EtherTypeMPLSMcast); got != layers.MPLSType {
		t.Errorf("0x8848: %v", got)
	}
	if _, ok := packet.BindValue(layers.EthernetType, layers.MPLSType, "type"); !ok {
		t.Error("no build binding")
	}
}

func TestEoMCWShow(t *testing.T) {
	c := layers.NewEoMCW()
	if err := c.Set("seq", 9); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.Show(), "seq       = 9") || c.Summary() != "EoMCW seq 9" {
		t.Errorf("%s %s", c.Show(), c.Summary())
	}
}

// FuzzMPLS starts at a label stack entry.
func FuzzMPLS(f *testing.F) {
	tunFuzz(f, layers.MPLSType, tunSeeds(f, mplsFrames, "MPLS"))
}
