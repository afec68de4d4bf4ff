package layers_test

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

var geneveFrames = []tunFrame{
	// geneve.vni 0x00000a, geneve.proto_type 0x6558, one option: class
	// 0x0000, type 0x80, 4 bytes of data
	{"tcpdump/geneve.pcap#1",
		"001b213cac30001b213cab6408004500008edfad4000401132af1400000114000002314a17c1007a0000024065580000" +
			"0a00000080010000000cfe71d883724fb69ed2495148080045000054bda24000400141041e0000011e00000208002c54" +
			"29520017f1a2ce540000000017780c0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b" +
			"2c2d2e2f3031323334353637",
		"Ethernet/IP/UDP/GENEVE/Ethernet/IP/ICMP/Raw",
		[]tunField{{"GENEVE", 0, "vni", 0x0a}, {"GENEVE", 0, "proto", 0x6558}, {"GENEVE", 0, "optionlen", 2},
			{"GENEVE", 0, "critical", 1}, {"GENEVE", 0, "oam", 0}}},
	// geneve.vni 0x00000b, geneve.proto_type 0x6558, no options
	{"tcpdump/geneve.pcap#2",
		"001b213cab64001b213cac300800450000868805400040118a5f1400000214000001c55d17c100720000000065580000" +
			"0b00b69ed2495148fe71d883724f08004500005411f3000040012cb41e0000021e0000010000345429520017f1a2ce54" +
			"0000000017780c0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233" +
			"34353637",
		"Ethernet/IP/UDP/GENEVE/Ethernet/IP/ICMP/Raw",
		[]tunField{{"GENEVE", 0, "vni", 0x0b}, {"GENEVE", 0, "proto", 0x6558}, {"GENEVE", 0, "optionlen", 0}}},
}

func TestGeneveFrames(t *testing.T) {
	tunCheckFrames(t, geneveFrames)
	p, _ := packet.Dissect(geneveFrames[0].bytes(t), layers.EthernetType)
	g, _ := packet.LayerOf[*layers.Geneve](p)
	if len(g.Options) != 1 || g.Options[0].Class != 0 || g.Options[0].Type != 0x80 ||
		hex.EncodeToString(g.Options[0].Data) != "0000000c" {
		t.Errorf("options %+v", g.Options)
	}
}

func TestGeneveBuild(t *testing.T) {
	g := layers.NewGeneve()
	g.VNI = 0x123456
	g.Options = []layers.GeneveOption{{Class: 0x0102, Type: 0x80, Data: []byte{0, 1, 0, 2}}, {Class: 0xffff, Type: 1, Flags: 5, Data: []byte("abcde")}}
	b, err := packet.New(g, layers.NewIPv4()).Build()
	if err != nil {
		t.Fatal(err)
	}
	// optionlen 2+3 words, proto 0x0800, the second option padded to 8 bytes
	want := "05000800" + "12345600" + "0102800100010002" + "ffff01a2" + "6162636465000000"
	if got := hex.EncodeToString(b[:len(want)/2]); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	p, err := packet.Dissect(b, layers.GeneveType)
	if err != nil || tunStack(p) != "GENEVE/IP" {
		t.Fatalf("%v %s", err, tunStack(p))
	}
	checkRoundTrip(t, b, layers.GeneveType)
	// Scapy: raw(GENEVE()/Ether()) starts 0000655800000000
	b, _ = packet.New(layers.NewGeneve(), layers.NewEthernet()).Build()
	if got := hex.EncodeToString(b[:8]); got != "0000655800000000" {
		t.Errorf("over Ethernet: %s", got)
	}
	// A MPLS payload takes Ethernet's binding.
	b, _ = packet.New(layers.NewGeneve(), layers.NewMPLS()).Build()
	if got := hex.EncodeToString(b[:4]); got != "00008847" {
		t.Errorf("over MPLS: %s", got)
	}
}

func TestGeneveFieldsShow(t *testing.T) {
	p, _ := packet.Dissect(geneveFrames[0].bytes(t), layers.EthernetType)
	g, _ := packet.LayerOf[*layers.Geneve](p)
	show := g.Show()
	for _, s := range []string{"###[ GENEVE ]###", "optionlen = 2", "critical  = 1", "proto     = TEB", "vni       = 0xa",
		"options   = [<GeneveOptions classid=0x0000 type=0x80 length=1 data=b'\\x00\\x00\\x00\\x0c'>]"} {
		if !strings.Contains(show, s) {
			t.Errorf("show lacks %q:\n%s", s, show)
		}
	}
	if g.Summary() != "GENEVE (vni=0xa,optionlen=2,proto=TEB)" {
		t.Errorf("summary %q", g.Summary())
	}
	if err := g.Set("options", []layers.GeneveOption{{Class: 0x0101, Data: []byte{1, 2, 3, 4}}}); err != nil {
		t.Fatal(err)
	}
	if err := g.Set("options", 5); err == nil {
		t.Error("options from an int")
	}
	if packet.Lookup("Geneve") != g.Proto() {
		t.Error("alias")
	}
}

func TestGeneveMalformed(t *testing.T) {
	for _, c := range []struct {
		hex  string
		want error
	}{
		{"00006558000001", packet.ErrTruncated},                   // short header
		{"01006558000001000000", packet.ErrTruncated},             // option length past the end
		{"40006558000001006558", packet.ErrMalformed},             // version 1
		{"010065580000010000000002deadbeef", packet.ErrMalformed}, // option longer than the option area
	} {
		b, _ := hex.DecodeString(c.hex)
		if _, err := layers.NewGeneve().DecodeFromBytes(b, &packet.DecodeContext{}); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.hex, err, c.want)
		}
	}
	for _, f := range []string{"sport", "dport"} {
		if packet.NextLayer(layers.UDPType, f, layers.GenevePort) != layers.GeneveType {
			t.Errorf("udp %s 6081 not bound", f)
		}
	}
}

// FuzzGeneve starts at a Geneve header.
func FuzzGeneve(f *testing.F) {
	tunFuzz(f, layers.GeneveType, tunSeeds(f, geneveFrames, "GENEVE"))
}
