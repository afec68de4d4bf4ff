package goscapy

import (
	"bytes"
	"net/netip"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Go descriptions of testdata/scapy/ipv6ext.in: IPv6 extension headers,
// IPsec headers, neighbor discovery and MLD.
func init() {
	v6 := func(src, dst string) *IPv6Builder { return NewIPv6().SrcIP(src).DstIP(dst) }
	doc := func() *IPv6Builder { return v6("2001:db8::1", "2001:db8::2") }

	addGolden("ipv6ext_hbh_default", func() ([]byte, error) {
		return doc().Over(NewIPv6ExtHopByHop()).Over(NewUDP()).Build()
	})
	addGolden("ipv6ext_hbh_jumbo", func() ([]byte, error) {
		return doc().PayloadLen(0).Over(NewIPv6ExtHopByHop().Jumbo(70000)).Over(NewRaw("jumbo")).Build()
	})
	addGolden("ipv6ext_hbh_unknown_opt", func() ([]byte, error) {
		return doc().Over(NewIPv6ExtHopByHop().Options(layers.IPv6Option{Type: 0x3e, Data: []byte("abc")})).
			Over(NewUDP().SrcPort(1).DstPort(2)).Build()
	})
	addGolden("ipv6ext_hbh_align", func() ([]byte, error) {
		return doc().Over(NewIPv6ExtHopByHop().Options(layers.IPv6OptionPadN(1)).RouterAlert(2)).
			Over(NewUDP().SrcPort(1).DstPort(2)).Build()
	})
	addGolden("ipv6ext_hbh_autopad_off", func() ([]byte, error) {
		return doc().Over(NewIPv6ExtHopByHop().AutoPad(false).RouterAlert(0).Options(layers.IPv6OptionPadN(0))).
			Over(NewICMPv6()).Build()
	})
	addGolden("ipv6ext_destopt_udp", func() ([]byte, error) {
		return doc().Over(NewIPv6ExtDestOpts().Options(layers.IPv6Option{Type: 0x11, Data: []byte("lab")})).
			Over(NewUDP().SrcPort(5000).DstPort(6000)).Over(NewRaw("hi")).Build()
	})
	addGolden("ipv6ext_destopt_hao_tcp", func() ([]byte, error) {
		return doc().Over(NewIPv6ExtDestOpts().HomeAddress("2001:db8:99::1")).
			Over(NewTCP().SrcPort(1234).DstPort(80)).Build()
	})
	addGolden("ipv6ext_routing0_udp", func() ([]byte, error) {
		return doc().Over(NewIPv6ExtRouting("2001:db8::10", "2001:db8::20")).
			Over(NewUDP().SrcPort(5000).DstPort(6000)).Over(NewRaw("data")).Build()
	})
	addGolden("ipv6ext_routing0_segleft0", func() ([]byte, error) {
		return doc().Over(NewIPv6ExtRouting("2001:db8::10").SegLeft(0)).Over(NewUDP().SrcPort(5000).DstPort(6000)).Build()
	})
	addGolden("ipv6ext_routing2_echo", func() ([]byte, error) {
		return doc().Over(NewIPv6ExtRouting(netip.MustParseAddr("2001:db8:99::1")).Type(layers.IPv6RoutingMobileIPv6)).
			Over(NewICMPv6().ID(7).Seq(1)).Build()
	})
	addGolden("ipv6ext_srh_default", func() ([]byte, error) {
		return doc().Over(NewIPv6ExtSRH()).Over(NewUDP()).Build()
	})
	addGolden("ipv6ext_srh_tcp", func() ([]byte, error) {
		return v6("2001:db8::1", "2001:db8:1::1").
			Over(NewIPv6ExtSRH("2001:db8:3::1", "2001:db8:2::1", "2001:db8:1::1").SegLeft(2).Tag(7)).
			Over(NewTCP().SrcPort(1234).DstPort(80)).Build()
	})
	addGolden("ipv6ext_srh_encap", func() ([]byte, error) {
		return v6("fc00:1::1", "fc00:2::1").Over(NewIPv6ExtSRH("fc00:2::1").SegLeft(0)).
			Over(doc()).Over(NewICMPv6().ID(1).Seq(2)).Build()
	})
	addGolden("ipv6ext_srh_tlv", func() ([]byte, error) {
		return doc().Over(NewIPv6ExtSRH("2001:db8::9").TLVs(layers.SRHTLV{Type: layers.SRHTLVPadN, Value: make([]byte, 4)})).
			Over(NewUDP()).Build()
	})
	addGolden("ipv6ext_srh_flags", func() ([]byte, error) {
		return doc().Over(NewIPv6ExtSRH("2001:db8::9", "2001:db8::8").Set("protected", 1).Set("oam", 1).
			Set("alert", 1).Set("hmac", 1).Tag(0x1234)).Build()
	})
	addGolden("ipv6ext_frag_first", func() ([]byte, error) {
		return doc().Over(NewIPv6ExtFragment().More(true).ID(0x1234)).Over(NewUDP().SrcPort(1).DstPort(2)).
			Over(NewRaw(strings.Repeat("a", 16))).Build()
	})
	addGolden("ipv6ext_frag_later", func() ([]byte, error) {
		return doc().Over(NewIPv6ExtFragment().NextHeader(layers.IPProtoUDP).Offset(3).ID(0x1234)).
			Over(NewRaw(strings.Repeat("b", 16))).Build()
	})
	addGolden("ipv6ext_frag_default", func() ([]byte, error) {
		return doc().Over(NewIPv6ExtFragment()).Build()
	})
	addGolden("ipv6ext_chain", func() ([]byte, error) {
		return doc().Over(NewIPv6ExtHopByHop()).Over(NewIPv6ExtDestOpts()).Over(NewIPv6ExtRouting("2001:db8::5")).
			Over(NewIPv6ExtFragment()).Over(NewIPv6ExtDestOpts()).Over(NewUDP().SrcPort(7).DstPort(9)).Over(NewRaw("chain")).Build()
	})
	addGolden("ipv6ext_ah_tcp", func() ([]byte, error) {
		// Scapy leaves a TCP checksum under AH at 0; we compute one unless set.
		return doc().Over(NewAH().SPI(0x100).Seq(5).ICV(bytes.Repeat([]byte{1}, 12))).
			Over(NewTCP().SrcPort(1234).DstPort(80).Chksum(0)).Build()
	})
	addGolden("ipv6ext_esp", func() ([]byte, error) {
		return doc().Over(NewESP().SPI(0xdeadbeef).Seq(1).Data([]byte{1, 2, 3, 4})).Build()
	})
	addGolden("ipv6ext_ip_ah_esp", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").Over(NewAH().ICV(bytes.Repeat([]byte{2}, 12))).
			Over(NewESP().SPI(0x200).Seq(2).Data([]byte("xyz"))).Build()
	})
	addGolden("ipv6ext_ip_esp_default", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").Over(NewESP()).Build()
	})
	addGolden("ipv6ext_ether_mldv2_hbh", func() ([]byte, error) {
		return NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("33:33:00:00:00:16").
			Over(v6("fe80::1", "ff02::16").HopLimit(1)).Over(NewIPv6ExtHopByHop().RouterAlert(0)).
			Over(NewMLDv2Report(layers.NewMLDv2Record(netip.MustParseAddr("ff02::1:ff00:1")))).Build()
	})

	// Neighbor discovery.
	addGolden("ndp_ns_shortcut", func() ([]byte, error) {
		return EtherIPv6NS("02:00:00:00:00:01", "fe80::1", "fe80::2")
	})
	addGolden("ndp_ns_dad", func() ([]byte, error) {
		return EtherIPv6NS("02:00:00:00:00:01", "::", "2001:db8::1:22aa:bbcc")
	})
	addGolden("ndp_na", func() ([]byte, error) {
		return v6("fe80::2", "fe80::1").HopLimit(255).Over(NewNDPNeighborAdvertisement("fe80::2").Router(false).Solicited(true)).
			Over(NewNDPOptDstLLAddr("02:00:00:00:00:02")).Build()
	})
	addGolden("ndp_na_default", func() ([]byte, error) {
		return v6("fe80::2", "ff02::1").HopLimit(255).Over(NewNDPNeighborAdvertisement("::")).Build()
	})
	addGolden("ndp_rs", func() ([]byte, error) {
		return v6("fe80::1", "ff02::2").HopLimit(255).Over(NewNDPRouterSolicitation()).
			Over(NewNDPOptSrcLLAddr("02:00:00:00:00:01")).Build()
	})
	addGolden("ndp_ra_default", func() ([]byte, error) {
		return v6("fe80::1", "ff02::1").HopLimit(255).Over(NewNDPRouterAdvertisement()).Build()
	})
	addGolden("ndp_ra_full", func() ([]byte, error) {
		return v6("fe80::1", "ff02::1").HopLimit(255).
			Over(NewNDPRouterAdvertisement().CurHopLimit(64).Managed(true).Other(true).Preference(layers.NDPPrefLow).
				RouterLifetime(600).ReachableTime(30000).RetransTimer(1000)).
			Over(NewNDPOptPrefixInfo("2001:db8:1::/64").Set("validlifetime", 86400).Set("preferredlifetime", 14400)).
			Over(NewNDPOptMTU(1500)).
			Over(NewNDPOptRDNSS("2001:db8::53", "2001:db8::54").Set("lifetime", 600)).
			Over(NewNDPOptDNSSL("lab.test", "example.com").Set("lifetime", 600)).
			Over(NewNDPOptRouteInfo("2001:db8:2::/48").Set("prf", layers.NDPPrefHigh)).
			Over(NewNDPOptSrcLLAddr("02:00:00:00:00:01")).Build()
	})
	addGolden("ndp_ra_misc_opts", func() ([]byte, error) {
		return v6("fe80::1", "ff02::1").HopLimit(255).Over(NewNDPRouterAdvertisement()).
			Over(NewNDPOption(packet.Lookup("ICMPv6NDOptAdvInterval").New()).Set("advint", 5000)).
			Over(NewNDPOption(&layers.NDOptHAInfo{Type: layers.NDPOptHAInfo, Len: 1, Pref: 1, Lifetime: 100})).
			Over(NewNDPOption(packet.Lookup("ICMPv6NDOptShortcutLimit").New())).
			Over(NewNDPOption(packet.Lookup("ICMPv6NDOptEFA").New())).
			Over(NewNDPOption(layers.NewNDOptRouteInfo(netip.Prefix{}))).Build()
	})
	addGolden("ndp_redirect", func() ([]byte, error) {
		redirected, err := v6("2001:db8::5", "2001:db8:2::7").Over(NewICMPv6().ID(1).Seq(1)).
			Over(NewRaw(strings.Repeat("x", 20))).Build()
		if err != nil {
			return nil, err
		}
		return v6("fe80::1", "2001:db8::5").HopLimit(255).Over(NewNDPRedirect("fe80::9", "2001:db8:2::7")).
			Over(NewNDPOptDstLLAddr("02:00:00:00:00:09")).Over(NewNDPOptRedirectedHdr(redirected)).Build()
	})
	addGolden("ndp_ns_nonce_raw", func() ([]byte, error) {
		return v6("fe80::1", "fe80::2").HopLimit(255).Over(NewNDPNeighborSolicitation("fe80::2")).
			Over(NewRaw([]byte{14, 1, 1, 2, 3, 4, 5, 6})).Build()
	})

	// MLD.
	addGolden("mld_query_v1", func() ([]byte, error) {
		return v6("fe80::1", "ff02::1").HopLimit(1).Over(NewMLDQuery("::")).Build()
	})
	addGolden("mld_report_v1", func() ([]byte, error) {
		return v6("fe80::1", "ff02::1:ff00:1").HopLimit(1).Over(NewMLDReport("ff02::1:ff00:1")).Build()
	})
	addGolden("mld_done_v1", func() ([]byte, error) {
		return v6("fe80::1", "ff02::2").HopLimit(1).Over(NewMLDDone("ff02::1:ff00:1")).Build()
	})
	addGolden("mld_query_v2", func() ([]byte, error) {
		return v6("fe80::1", "ff02::1").HopLimit(1).Over(NewIPv6ExtHopByHop().RouterAlert(0)).
			Over(NewMLDv2Query("ff02::db8", "2001:db8::1", "2001:db8::2").SuppressRouterSide(true).QRV(2).QQIC(125)).Build()
	})
	addGolden("mld_report_v2", func() ([]byte, error) {
		join := layers.NewMLDv2Record(netip.MustParseAddr("ff02::1:ff00:1"))
		include := layers.NewMLDv2Record(netip.MustParseAddr("ff05::2"), netip.MustParseAddr("2001:db8::7"))
		include.Type = layers.MLDv2ModeIsInclude
		return v6("fe80::1", "ff02::16").HopLimit(1).Over(NewIPv6ExtHopByHop().RouterAlert(0)).
			Over(NewMLDv2Report(join, include)).Build()
	})
	addGolden("mld_report_v2_empty", func() ([]byte, error) {
		return v6("fe80::1", "ff02::16").HopLimit(1).Over(NewMLDv2Report()).Build()
	})
}

// TestGoldenIPv6ExtDissect dissects the Scapy bytes of ipv6ext.tsv and
// requires the layers the expression names (Scapy's ICMPv6 classes are
// our ICMPv6; an NDP option of a type without a layer, and what follows,
// is Raw as in Scapy), every byte decoded and a byte-exact re-encoding.
func TestGoldenIPv6ExtDissect(t *testing.T) {
	n := 0
	icmp := strings.NewReplacer("Ether(", "Ethernet(", "IP(", "IP(")
	for _, r := range loadGolden(t) {
		if r.file != "ipv6ext.tsv" {
			continue
		}
		n++
		p, err := dissectExpr(r.expr, r.want)
		if err != nil {
			t.Errorf("%s: %v (%v)", r.name, err, p)
			continue
		}
		var names []string
		for _, l := range p.Layers() {
			names = append(names, l.Proto().Name)
		}
		got := strings.Join(names, "/")
		var want []string
		expr := icmp.Replace(r.expr)
		if i := strings.Index(expr, "/ICMPv6NDOptRedirectedHdr(pkt="); i >= 0 {
			// Scapy's field pkt: the layers after the last option here
			expr = expr[:i] + "/ICMPv6NDOptRedirectedHdr()/" + strings.TrimSuffix(expr[i+len("/ICMPv6NDOptRedirectedHdr(pkt="):], ")")
		}
		depth := 0
		start := 0
		for i, c := range expr + "/" {
			switch c {
			case '(', '[':
				depth++
			case ')', ']':
				depth--
			case '/':
				if depth == 0 {
					name, _, _ := strings.Cut(expr[start:i], "(")
					switch {
					case strings.HasPrefix(name, "ICMPv6") && !strings.HasPrefix(name, "ICMPv6NDOpt"):
						name = "ICMPv6"
					case name == "AH" || name == "ESP":
					}
					want = append(want, name)
					start = i + 1
				}
			}
		}
		if w := strings.Join(want, "/"); got != w {
			t.Errorf("%s: %s, want %s", r.name, got, w)
		}
		if b, err := p.Build(); err != nil || !bytes.Equal(b, r.want) {
			t.Errorf("%s: round trip: %v\n got %x\nwant %x", r.name, err, b, r.want)
		}
	}
	if n < 40 {
		t.Errorf("%d ipv6ext golden rows", n)
	}
}

// TestIPv6ExtPseudoHeader: a routing header's final destination and a
// home address option's address are in the upper-layer pseudo-header,
// and recomputing the checksums of dissected Scapy bytes gives Scapy's.
// Left out: the TCP checksum Scapy leaves 0 under AH, and segment routing
// headers of one segment, whose segments left Scapy computes as 0 but
// treats as non-zero for the pseudo-header (a dissected 0 is 0).
func TestIPv6ExtPseudoHeader(t *testing.T) {
	skip := map[string]bool{"ipv6ext_ah_tcp": true, "ipv6ext_srh_default": true, "ipv6ext_srh_tlv": true}
	for _, r := range loadGolden(t) {
		if r.file != "ipv6ext.tsv" || skip[r.name] {
			continue
		}
		p, err := dissectExpr(r.expr, r.want)
		if err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
		unset := 0
		stop := p.NumLayers()
		if q := p.Quoted(); q > 0 {
			stop = q // a quotation keeps the checksums it was cut with
		}
		for _, l := range p.Layers()[:stop] {
			for _, name := range []string{"chksum", "cksum"} {
				if f := l.Proto().Field(name); f != nil && f.Auto {
					if err := l.Set(name, nil); err == nil {
						unset++
					}
				}
			}
		}
		b, err := p.Build()
		if err != nil || !bytes.Equal(b, r.want) {
			t.Errorf("%s: %d checksums recomputed: %v\n got %x\nwant %x", r.name, unset, err, b, r.want)
		}
	}
}

// TestNDPShortcut: the neighbor solicitation shortcut computes the
// solicited-node address and its MAC, and reports a bad target.
func TestNDPShortcut(t *testing.T) {
	b, err := EtherIPv6NS("02:00:00:00:00:01", "2001:db8::1", "2001:db8::12:3456")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Dissect(b)
	if err != nil {
		t.Fatal(err)
	}
	if s := p.String(); s != "Ethernet / IPv6 / ICMPv6 / ICMPv6 Neighbor Discovery Option - Source Link-Layer Address 02:00:00:00:00:01" {
		t.Errorf("summary %q", s)
	}
	if d, _ := p.GetLayer("Ethernet").Get("dst"); d.(MAC).String() != "33:33:ff:12:34:56" {
		t.Errorf("ethernet dst %v", d)
	}
	ip, _ := packet.LayerOf[*layers.IPv6](p)
	if ip.Dst.String() != "ff02::1:ff12:3456" || ip.HopLimit != 255 {
		t.Errorf("ipv6 %v hlim %d", ip.Dst, ip.HopLimit)
	}
	if tgt, _ := p.GetLayer("ICMPv6").Get("tgt"); tgt.(netip.Addr).String() != "2001:db8::12:3456" {
		t.Errorf("tgt %v", tgt)
	}
	if _, err := EtherIPv6NS("02:00:00:00:00:01", "2001:db8::1", "10.0.0.1"); err == nil || !strings.Contains(err.Error(), "tgt") {
		t.Errorf("ipv4 target: %v", err)
	}
	if _, err := NewNDPOptPrefixInfo("10.0.0.0/8").Build(); err == nil {
		t.Error("ipv4 prefix accepted")
	}
}
