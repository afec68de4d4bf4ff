package layers_test

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

var erspanFrames = []tunFrame{
	// type I: gre.proto 0x88be without a sequence number, Ethernet follows
	{"tcpdump/erspan-type-i-4.pcap#1",
		"002389afd259002389afcd0e08004500006200000000fd2f8968140101011e010102000088be002389ce441300505684" +
			"017d08004500003c65ea00008001be700a0101640a0101010800ba59030090026162636465666768696a6b6c6d6e6f70" +
			"71727374757677616263646566676869",
		"Ethernet/IP/GRE/ERSPAN_I/Ethernet/IP/ICMP/Raw",
		[]tunField{{"GRE", 0, "proto", 0x88be}, {"GRE", 0, "seqnum_present", 0}, {"ICMP", 0, "type", 8}}},
	// type I, mirrored frame with vlan.id 10, vlan.etype 0x0800 (OSPF)
	{"tcpdump/erspan-type-i-4.pcap#3",
		"002389afd259002389afcd0e08004500006a00000000fd2f8960140101011e010102000088be01005e000005002389ce" +
			"44138100000a080045c00040010800000159cc960a010101e00000050201002c3201010100000000be9a000000000000" +
			"00000000ffffff00000a0201000000280a01010100000000",
		"Ethernet/IP/GRE/ERSPAN_I/Ethernet/Dot1Q/IP/OSPF/OSPF_Hello",
		[]tunField{{"Dot1Q", 0, "vlan", 10}, {"Dot1Q", 0, "type", 0x0800}}},
	// type II: gre.sequence_number 1086760, erspan.version 1, erspan.vlan
	// 101, erspan.cos 6, erspan.spanid 1, erspan.index 540773
	{"tcpdump/erspan-type-ii-2.pcap#1",
		"000c29f1581e005056c0000108004500006201284000fc2f74ebc0a8c343c0a8c3c4100088be001095281065c0010008" +
			"406501005e00000200000c07acfe080045c0003000000000011169310ac86502e000000207c107c1001cd96500001001" +
			"0369fe00636973636f0000000ac86501",
		"Ethernet/IP/GRE/ERSPAN_II/Ethernet/IP/UDP/Raw",
		[]tunField{{"GRE", 0, "sequence_number", 1086760}, {"ERSPAN_II", 0, "ver", 1}, {"ERSPAN_II", 0, "vlan", 101},
			{"ERSPAN_II", 0, "cos", 6}, {"ERSPAN_II", 0, "en", 0}, {"ERSPAN_II", 0, "t", 0},
			{"ERSPAN_II", 0, "session_id", 1}, {"ERSPAN_II", 0, "index", 540773}}},
	// type III: gre.proto 0x22eb, gre.sequence_number 47838, erspan.version 2,
	// erspan.vlan 1, erspan.cos 0, erspan.spanid 101, erspan.timestamp
	// 880151297, erspan.hw 32, erspan.ft 7 (not Ethernet: Raw, as tshark's data)
	{"tcpdump/erspan-type-iii-ft-7.pcap#1",
		"001018b38f10881dfcc9dc0308004500007000000000ff2f3669c0a801acc0a801f9100022eb0000bade200118653476" +
			"0b0100001e000000abc500004b87010081000100001969dfdc01810000010013aaaa0300008101a20000000000011583" +
			"0c0200000000000000000000000000000000000000000000000000000000",
		"Ethernet/IP/GRE/ERSPAN_III/Raw",
		[]tunField{{"GRE", 0, "proto", 0x22eb}, {"GRE", 0, "sequence_number", 47838}, {"ERSPAN_III", 0, "ver", 2},
			{"ERSPAN_III", 0, "vlan", 1}, {"ERSPAN_III", 0, "cos", 0}, {"ERSPAN_III", 0, "session_id", 101},
			{"ERSPAN_III", 0, "timestamp", 880151297}, {"ERSPAN_III", 0, "hw", 32}, {"ERSPAN_III", 0, "ft", 7},
			{"ERSPAN_III", 0, "o", 0}}},
}

func TestERSPANFrames(t *testing.T) { tunCheckFrames(t, erspanFrames) }

func TestERSPANIII(t *testing.T) {
	// Scapy: raw(GRE()/ERSPAN_III(o=1)/ERSPAN_PlatformSpecific(platf_id=3,info1=5,info2=7)/Ether())
	b, _ := hex.DecodeString("000022eb2000000000000000000000010c00000500000007ffffffffffff0000000000009000")
	p, err := packet.Dissect(b, layers.GREType)
	if err != nil || tunStack(p) != "GRE/ERSPAN_III/Ethernet" {
		t.Fatalf("%v %s", err, tunStack(p))
	}
	e := p.Layer(1).(*layers.ERSPANIII)
	if e.O != 1 || e.PlatformID != 3 || e.Info1 != 5 || e.Info2 != 7 || e.HeaderLen() != 20 {
		t.Errorf("%+v", e)
	}
	show := e.Show()
	for _, s := range []string{"###[ ERSPAN III ]###", "ver       = 2", "ft        = Ethernet", "platf_id  = 3", "info2     = 0x7"} {
		if !strings.Contains(show, s) {
			t.Errorf("show lacks %q:\n%s", s, show)
		}
	}
	checkRoundTrip(t, b, layers.GREType)
	// Frame type IP: the payload is IP by its version.
	e = layers.NewERSPANIII()
	e.FT = layers.ERSPANFrameIP
	b, err = packet.New(layers.NewGRE(), e, layers.NewIPv6()).Build()
	if err != nil {
		t.Fatal(err)
	}
	if p, err = packet.Dissect(b, layers.GREType); err != nil || tunStack(p) != "GRE/ERSPAN_III/IPv6" {
		t.Errorf("ft=IP: %v %s", err, tunStack(p))
	}
	if !strings.Contains(layers.NewERSPANIII().Show(), "###[ ERSPAN III ]###") || strings.Contains(layers.NewERSPANIII().Show(), "platf_id") {
		t.Error("platform fields shown without O")
	}
}

func TestERSPANFieldsShow(t *testing.T) {
	e := layers.NewERSPANII()
	for name, v := range map[string]any{"ver": 1, "vlan": 101, "cos": 6, "session_id": 1, "index": 540773, "t": 1, "en": 3} {
		if err := e.Set(name, v); err != nil {
			t.Fatalf("set %s: %v", name, err)
		}
	}
	if err := e.Set("session_id", 1024); err == nil {
		t.Error("11-bit session accepted")
	}
	b, _ := packet.New(e).Build()
	if got := hex.EncodeToString(b); got != "1065dc0100084065" {
		t.Errorf("built %s", got)
	}
	show := e.Show()
	for _, s := range []string{"###[ ERSPAN II ]###", "session_id= 1", "index     = 540773"} {
		if !strings.Contains(show, s) {
			t.Errorf("show lacks %q:\n%s", s, show)
		}
	}
	if e.Summary() != "ERSPAN II session 1 vlan 101" {
		t.Errorf("summary %q", e.Summary())
	}
	if packet.Lookup("ERSPAN") != e.Proto() || packet.Lookup("ERSPAN III") == nil || packet.Lookup("ERSPAN_I") == nil {
		t.Error("lookup by name")
	}
}

func TestERSPANTruncated(t *testing.T) {
	for n := 0; n < layers.ERSPANIIHdrLen; n++ {
		if _, err := layers.NewERSPANII().DecodeFromBytes(make([]byte, n), &packet.DecodeContext{}); err == nil {
			t.Errorf("type II, %d bytes: no error", n)
		}
	}
	b := make([]byte, layers.ERSPANIIIHdrLen+layers.ERSPANPlatformLen)
	b[11] = 1 // O
	for n := 0; n < len(b); n++ {
		if _, err := layers.NewERSPANIII().DecodeFromBytes(b[:n], &packet.DecodeContext{}); err == nil {
			t.Errorf("type III, %d bytes: no error", n)
		}
	}
}

// FuzzERSPAN starts at a type II header.
func FuzzERSPAN(f *testing.F) {
	tunFuzz(f, layers.ERSPANIIType, tunSeeds(f, erspanFrames, "ERSPAN_II"))
}

// FuzzERSPANIII starts at a type III header.
func FuzzERSPANIII(f *testing.F) {
	tunFuzz(f, layers.ERSPANIIIType, tunSeeds(f, erspanFrames, "ERSPAN_III"))
}
