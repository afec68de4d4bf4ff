package goscapy

import (
	"bytes"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// linkLayer lets a link layer struct start a builder stack.
type linkLayer struct{ l packet.Layer }

func (b linkLayer) Layers() ([]packet.Layer, error) { return []packet.Layer{b.l}, nil }

// linkBuild builds first (a layer struct) with the builders' layers on it.
func linkBuild(first packet.Layer, rest ...Builder) ([]byte, error) {
	s := (&Stack{}).Over(linkLayer{first})
	for _, b := range rest {
		s.Over(b)
	}
	return s.Build()
}

func init() {
	addGolden("sll_ip_icmp", func() ([]byte, error) {
		sll := &layers.SLL{PktType: layers.SLLHost, LLAddrType: 1, LLAddrLen: 6,
			Src: []byte{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0}, Protocol: fields.Some[uint16](0x800)}
		return packet.New(sll, linkIPv4("10.0.0.1", "10.0.0.2"), layers.NewICMP()).Build()
	})
	addGolden("sll_defaults_ipv6_udp", func() ([]byte, error) {
		return linkBuild(layers.NewSLL(), NewIPv6().SrcIP("fe80::1").DstIP("fe80::2"),
			NewUDP().SrcPort(1234).DstPort(5678), NewRaw("hello"))
	})
	addGolden("sll_outgoing_tcp", func() ([]byte, error) {
		sll := &layers.SLL{PktType: layers.SLLOutgoing, LLAddrType: 1, LLAddrLen: 6, Src: []byte{0x00, 0x0c, 0x29, 0xb2, 0xa1, 0x17}}
		return linkBuild(sll, NewIP().SrcIP("192.168.1.142").DstIP("192.168.1.143").TTL(128),
			NewTCP().SrcPort(40000).DstPort(443).Flags(layers.TCPAck).Seq(7).Ack(9))
	})
	addGolden("sll_arp", func() ([]byte, error) {
		sll := &layers.SLL{PktType: layers.SLLBroadcast, LLAddrType: 1, LLAddrLen: 6, Src: []byte{0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff}}
		return linkBuild(sll, NewARP().SrcMAC("aa:bb:cc:dd:ee:ff").SrcIP("10.0.0.1").
			DstMAC("00:00:00:00:00:00").DstIP("10.0.0.2"))
	})
	addGolden("sll_proto_raw", func() ([]byte, error) {
		sll := &layers.SLL{PktType: layers.SLLOtherHost, LLAddrType: 0x304, Protocol: fields.Some[uint16](0x1234)}
		return linkBuild(sll, NewRaw("abc"))
	})
	addGolden("sll2_ip_tcp", func() ([]byte, error) {
		sll := &layers.SLL2{IfIndex: 20, LLAddrType: 1, PktType: layers.SLLOutgoing, LLAddrLen: 6,
			Src: []byte{0xd2, 0xcf, 0xc2, 0x50, 0x15, 0xea}}
		return linkBuild(sll, NewIP().SrcIP("7.249.151.114").DstIP("116.63.66.108"),
			NewTCP().SrcPort(57292).DstPort(443).Flags(layers.TCPAck))
	})
	addGolden("sll2_defaults_ipv6", func() ([]byte, error) {
		return linkBuild(layers.NewSLL2(), NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2"), NewICMPv6().ID(1).Seq(2))
	})
	addGolden("sll2_long_addr", func() ([]byte, error) {
		sll := &layers.SLL2{Protocol: fields.Some[uint16](0x4321), Reserved: 7, IfIndex: 0xdeadbeef, LLAddrType: 0xfffe,
			PktType: layers.SLLMulticast, LLAddrLen: 8, Src: []byte("12345678")}
		return linkBuild(sll, NewRaw([]byte{1, 2, 3}))
	})
	addGolden("loopback_ip_udp", func() ([]byte, error) {
		return linkBuild(layers.NewLoopback(), NewIP().SrcIP("127.0.0.1").DstIP("127.0.0.1"), NewUDP().SrcPort(4000).DstPort(53))
	})
	addGolden("loopback_ipv6_24", func() ([]byte, error) {
		return linkBuild(layers.NewLoopback(), NewIPv6().SrcIP("::1").DstIP("::1"), NewTCP().SrcPort(1).DstPort(2))
	})
	addGolden("loopback_ipv6_30", func() ([]byte, error) {
		lo := &layers.Loopback{Family: fields.Some[uint32](layers.LoopbackAFInet6Darwin)}
		return linkBuild(lo, NewIPv6().SrcIP("::1").DstIP("::1"), NewUDP())
	})
	addGolden("loopback_other", func() ([]byte, error) {
		lo := layers.NewLoopback()
		if err := lo.Set("type", "OSI"); err != nil {
			return nil, err
		}
		return linkBuild(lo, NewRaw("osi"))
	})
}

func linkIPv4(src, dst string) *layers.IPv4 {
	ip := NewIP().SrcIP(src).DstIP(dst)
	return ip.Layer()
}

// TestGoldenLinkDissect dissects the Scapy bytes of link.tsv from the first
// layer their capture link type names, and checks the layer stack and the
// byte-exact round trip (TestGoldenScapy dissects them from Ethernet).
func TestGoldenLinkDissect(t *testing.T) {
	want := map[string]string{
		"sll_ip_icmp":           "CookedLinux IP ICMP",
		"sll_defaults_ipv6_udp": "CookedLinux IPv6 UDP Raw",
		"sll_outgoing_tcp":      "CookedLinux IP TCP",
		"sll_arp":               "CookedLinux ARP",
		"sll_proto_raw":         "CookedLinux Raw",
		"sll2_ip_tcp":           "CookedLinuxV2 IP TCP",
		"sll2_defaults_ipv6":    "CookedLinuxV2 IPv6 ICMPv6",
		"sll2_long_addr":        "CookedLinuxV2 Raw",
		"loopback_ip_udp":       "Loopback IP UDP",
		"loopback_ipv6_24":      "Loopback IPv6 TCP",
		"loopback_ipv6_30":      "Loopback IPv6 UDP",
		"loopback_other":        "Loopback Raw",
	}
	n := 0
	for _, r := range loadGolden(t) {
		if r.file != "link.tsv" {
			continue
		}
		n++
		t.Run(r.name, func(t *testing.T) {
			var lt uint32
			switch {
			case strings.HasPrefix(r.name, "sll2_"):
				lt = 276
			case strings.HasPrefix(r.name, "sll_"):
				lt = 113
			case strings.HasPrefix(r.name, "loopback_"):
				lt = 0
			default:
				t.Fatalf("no link type for %s", r.name)
			}
			first, ok := packet.FirstLayer(lt, r.want)
			if !ok {
				t.Fatalf("link type %d is not bound", lt)
			}
			p, err := DissectAs(r.want, first)
			if err != nil {
				t.Fatalf("dissect: %v", err)
			}
			var names []string
			for _, l := range p.Layers() {
				names = append(names, l.Proto().Name)
			}
			if got := strings.Join(names, " "); got != want[r.name] {
				t.Errorf("layers %q, want %q (%v)", got, want[r.name], p)
			}
			b, err := p.Build()
			if err != nil || !bytes.Equal(b, r.want) {
				t.Errorf("round trip: %v\n got %x\nwant %x", err, b, r.want)
			}
		})
	}
	if n != len(want) {
		t.Errorf("link.tsv has %d cases, want %d", n, len(want))
	}
}
