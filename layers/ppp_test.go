package layers_test

import (
	"encoding/hex"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// pppFrames are corpus frames with PPP inside Ethernet; the values are
// tshark's.
var pppFrames = []tunFrame{
	// eth:ethertype:vlan:ethertype:vlan:ethertype:pppoes:ppp:ip:tcp;
	// pppoe.session_id 0xdde5, pppoe.payload_length 54, ppp.protocol
	// 0x0021, ip.src 10.3.65.35, ip.proto 6
	{"pcapplusplus/one_http_stream_rst.pcap#1",
		"442b03cd52006cf049d4fea8810003ab810002e888641100dde50036002145000034362640008006ec400a034123b908d42e" +
			"13cc00509cd2de460000000080022000e7910000020405a00103030801010402",
		"Ethernet/Dot1Q/Dot1Q/PPPoE/PPP/IP/TCP",
		[]tunField{{"PPPoE", 0, "version", 1}, {"PPPoE", 0, "type", 1}, {"PPPoE", 0, "code", 0},
			{"PPPoE", 0, "sessionid", 0xdde5}, {"PPPoE", 0, "len", 54}, {"PPP", 0, "proto", 0x0021},
			{"IP", 0, "proto", 6}}},
	// eth:ethertype:ip:gre:ppp:ip:icmp:data; gre.proto 0x880b,
	// gre.key.call_id 24, ppp.address 0xff, ppp.protocol 0x0021, inner
	// ip.proto 1
	{"pcapplusplus/GrePackets.cap#26",
		"0009e955c01c00140000020008004500007818d80000402f397d14000002140000013001880b0058001800000007ff030021" +
			"450000541101000040012f2c1101017a2800000208004500182b00010000000053c6838000000000000304b71011121314" +
			"15161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637",
		"Ethernet/IP/GRE/HDLC/PPP/IP/ICMP/Raw",
		[]tunField{{"GRE", 0, "proto", 0x880b}, {"GRE", 0, "call_id", 24}, {"HDLC", 0, "address", 0xff},
			{"HDLC", 0, "control", 0x03}, {"PPP", 0, "proto", 0x0021}, {"IP", 1, "proto", 1}}},
}

func TestPPPFrames(t *testing.T) { tunCheckFrames(t, pppFrames) }

// TestPPPLinkType dissects corpus frames of link type PPP (9).
func TestPPPLinkType(t *testing.T) {
	for _, c := range []struct {
		origin, hex, stack string
		want               []tunField
	}{
		// ppp:mpls:ip:udp:data; ppp.address 0xff, ppp.protocol 0x0281,
		// mpls.label 100704, mpls.ttl 1, ip.proto 17
		{"tcpdump/mpls-traceroute.pcap#1",
			"ff0302811896010145000028a54c00000111f76f0c0404040c010101a54b829b00140000000000000000000000000000",
			"HDLC/PPP/MPLS/IP/UDP/Raw",
			[]tunField{{"HDLC", 0, "address", 0xff}, {"PPP", 0, "proto", 0x0281}, {"MPLS", 0, "label", 100704},
				{"MPLS", 0, "ttl", 1}, {"IP", 0, "proto", 17}}},
		// ppp:mpls:ip:tcp:bgp; ppp.protocol 0x0281, mpls.label 100656,
		// mpls.ttl 64, ip.proto 6
		{"tcpdump/lspping-fec-ldp.pcap#1",
			"ff03028118930d4045c000479f0f00004006b6ca0c0404040c080808100400b36ee724a6b0fe802780184000fd1b00000101" +
				"080a050db418050d7dbeffffffffffffffffffffffffffffffff001304",
			"HDLC/PPP/MPLS/IP/TCP/BGP",
			[]tunField{{"PPP", 0, "proto", 0x0281}, {"MPLS", 0, "label", 100656}, {"MPLS", 0, "ttl", 64}, {"IP", 0, "proto", 6}}},
	} {
		t.Run(c.origin, func(t *testing.T) {
			data, err := hex.DecodeString(c.hex)
			if err != nil {
				t.Fatal(err)
			}
			first, ok := packet.FirstLayer(9, data)
			if !ok {
				t.Fatal("link type 9 (PPP) is not bound")
			}
			p, err := packet.Dissect(data, first)
			if err != nil {
				t.Fatalf("dissect: %v (%v)", err, p)
			}
			if got := tunStack(p); got != c.stack {
				t.Errorf("stack %s, want %s", got, c.stack)
			}
			for _, w := range c.want {
				l := tunNth(p, w.layer, w.n)
				if l == nil {
					t.Errorf("no %s #%d", w.layer, w.n)
					continue
				}
				if got, _ := l.Proto().Field(w.field).Uint(l); got != w.want {
					t.Errorf("%s %s = %d, want %d", w.layer, w.field, got, w.want)
				}
			}
			checkRoundTrip(t, data, first)
		})
	}
}

// TestPPPBuild compares built frames with Scapy's bytes
// (/usr/bin/python3, scapy 2.5.0, from scapy.layers.ppp import *).
func TestPPPBuild(t *testing.T) {
	ip := func() *layers.IPv4 {
		l := layers.NewIPv4()
		l.Set("src", "10.0.0.1")
		l.Set("dst", "10.0.0.2")
		return l
	}
	eth := func() *layers.Ethernet {
		e := layers.NewEthernet()
		e.Set("src", "00:11:22:33:44:55")
		e.Set("dst", "66:77:88:99:aa:bb")
		return e
	}
	udp := layers.NewUDP()
	udp.SrcPort = 1234
	pppoe := layers.NewPPPoE()
	pppoe.SessionID = 0x11
	ip6 := layers.NewIPv6()
	ip6.Set("src", "2001:db8::1")
	ip6.Set("dst", "2001:db8::2")
	ppp6 := layers.NewPPP()
	ppp6.Set("proto", 0x57)
	for _, c := range []struct {
		name   string
		layers []packet.Layer
		want   string
	}{
		// raw(HDLC()/PPP()/IP(src="10.0.0.1",dst="10.0.0.2")/UDP(sport=1234,dport=53))
		{"hdlc", []packet.Layer{layers.NewHDLC(), layers.NewPPP(), ip(), udp},
			"ff03214500001c00010000401166ce0a0000010a00000204d200350008e6d4"},
		// raw(Ether(src=..., dst=...)/PPPoE(sessionid=0x11)/PPP()/IP(src="10.0.0.1",dst="10.0.0.2")/ICMP())
		{"pppoe", []packet.Layer{eth(), pppoe, layers.NewPPP(), ip(), layers.NewICMP()},
			"66778899aabb001122334455886411000011001d214500001c00010000400166de0a0000010a0000020800f7ff00000000"},
		// raw(Ether(src=..., dst=...)/PPPoE(sessionid=0x11)/PPP(proto=0x57)/IPv6(src="2001:db8::1",dst="2001:db8::2")/UDP())
		{"pppoe-ipv6", []packet.Layer{eth(), pppoe, ppp6, ip6, layers.NewUDP()},
			"66778899aabb001122334455886411000011003157600000000008114020010db800000000000000000000000120010db8" +
				"000000000000000000000002003500350008a3ff"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := packet.New(c.layers...).Build()
			if err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(b); got != c.want {
				t.Errorf("built\n%s\nwant (Scapy)\n%s", got, c.want)
			}
		})
	}
}

func FuzzPPP(f *testing.F) {
	var seeds [][]byte
	for _, h := range []string{"ff0302811896010145000028a54c00000111f76f0c0404040c010101a54b829b0014", "21450000", "c227", "0057"} {
		b, _ := hex.DecodeString(h)
		seeds = append(seeds, b)
	}
	tunFuzz(f, layers.PPPType, seeds)
}
