package goscapy

import (
	"bytes"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Go descriptions of testdata/scapy/apps1.in: DHCP, DHCPv6, NTP and BGP.
func init() {
	const mac = "02:00:00:00:00:01"
	// DHCP
	addGolden("dhcp_discover_scapy", func() ([]byte, error) { return DHCPDiscover(mac, 0x1234abcd) })
	addGolden("dhcp_request_scapy", func() ([]byte, error) {
		return DHCPRequest(mac, 0x1234abcd, "192.168.1.100", "192.168.1.1")
	})
	addGolden("dhcp_offer", func() ([]byte, error) {
		return NewEthernet().SrcMAC("02:00:00:00:00:fe").DstMAC(mac).
			Over(NewIP().SrcIP("192.168.1.1").DstIP("192.168.1.100")).
			Over(NewUDP().SrcPort(67).DstPort(68)).
			Over(NewBOOTP().Op(layers.BOOTPReply).XID(0x1234abcd).YIAddr("192.168.1.100").SIAddr("192.168.1.1").CHAddr(mac)).
			Over(NewDHCP().Option("message-type", "offer").Option("server_id", "192.168.1.1").
				Option("lease_time", 86400).Option("renewal_time", 43200).Option("rebinding_time", 75600).
				Option("subnet_mask", "255.255.255.0").Option("router", "192.168.1.1").
				Option("name_server", "8.8.8.8", "8.8.4.4").Option("domain", "example.com").
				Option("broadcast_address", "192.168.1.255").Option("end").Pad(4)).
			Build()
	})
	addGolden("dhcp_ack_builder", func() ([]byte, error) {
		return NewIP().SrcIP("192.168.1.1").DstIP("192.168.1.100").
			Over(NewUDP().SrcPort(67).DstPort(68)).
			Over(NewBOOTP().Op(layers.BOOTPReply).XID(0x99).CIAddr("192.168.1.100").YIAddr("192.168.1.100").CHAddr(mac)).
			Over(NewDHCP().MessageType(layers.DHCPAck).ServerID("192.168.1.1").LeaseTime(3600).
				SubnetMask("255.255.255.0").Router("192.168.1.1", "192.168.1.2").DNS("192.168.1.53").
				Hostname("client1").End()).
			Build()
	})
	addGolden("bootp_defaults", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").Over(NewUDP().SrcPort(68).DstPort(67)).Over(NewBOOTP()).Build()
	})
	addGolden("dhcp_empty_options", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").Over(NewUDP().SrcPort(68).DstPort(67)).
			Over(NewBOOTP().XID(1)).Over(NewDHCP()).Build()
	})
	addGolden("dhcp_relay_unknown", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").Over(NewUDP().SrcPort(67).DstPort(67)).
			Over(NewBOOTP().Hops(1).GIAddr("10.0.0.1").XID(7).Secs(3).CHAddr("02:00:00:00:00:02").
				SName("server1").File("pxelinux.0")).
			Over(NewDHCP().MessageType(layers.DHCPRequest).Hostname("client").
				RelayAgentInfo(layers.DHCPSubOption{Code: 1, Data: []byte("eth0")},
					layers.DHCPSubOption{Code: 2, Data: []byte{2, 0, 0, 0, 0, 2}}).
				Options(layers.DHCPBytesOption(250, []byte("abc"))).Option("max_dhcp_size", 1500).End()).
			Build()
	})

	// DHCPv6
	llt := layers.DUIDLLT(1, 12345, []byte{2, 0, 0, 0, 0, 1})
	v6 := func(src, dst string, sport, dport uint16, d *DHCPv6Builder) func() ([]byte, error) {
		return func() ([]byte, error) {
			return NewIPv6().SrcIP(src).DstIP(dst).Over(NewUDP().SrcPort(sport).DstPort(dport)).Over(d).Build()
		}
	}
	addGolden("dhcp6_defaults", v6("fe80::1", "ff02::1:2", 546, 547, NewDHCPv6()))
	addGolden("dhcp6_solicit", v6("fe80::1", "ff02::1:2", 546, 547,
		NewDHCPv6().TrID(0x123456).ClientID(llt).IANA(1, 0, 0).ORO(23, 24).ElapsedTime(0)))
	addGolden("dhcp6_solicit_shortcut", func() ([]byte, error) { return DHCPv6Solicit(mac, 0xabcdef, 7) })
	addGolden("dhcp6_advertise", v6("fe80::2", "fe80::1", 547, 546,
		NewDHCPv6().MsgType(layers.DHCPv6Advertise).TrID(0x123456).ClientID(llt).
			ServerID(layers.DUIDLL(1, []byte{2, 0, 0, 0, 0, 2})).
			IANA(1, 3600, 5400, layers.DHCPv6IAAddrOption(netip.MustParseAddr("2001:db8::100"), 7200, 10800)).
			DNSServers("2001:db8::53", "2001:db8::54").DomainList("example.com", "lab.example.org").
			Options(layers.DHCPv6PreferenceOption(255)).StatusCode(layers.DHCPv6StatusSuccess, "all good")))
	addGolden("dhcp6_reply_pd", v6("fe80::2", "fe80::1", 547, 546,
		NewDHCPv6().MsgType(layers.DHCPv6Reply).TrID(0x42).ServerID(layers.DUIDEN(32473, []byte{1, 2, 3, 4})).
			IAPD(5, 100, 200, layers.DHCPv6IAPrefixOption(netip.MustParsePrefix("2001:db8:1200::/56"), 300, 400)).
			RapidCommit()))
	addGolden("dhcp6_relay_forw", v6("2001:db8::1", "2001:db8::547", 547, 547,
		NewDHCPv6().MsgType(layers.DHCPv6RelayForw).LinkAddr("2001:db8:1::1").PeerAddr("fe80::1").
			InterfaceID([]byte("eth0")).
			RelayMessage(NewDHCPv6().TrID(1).ClientID(layers.DUIDLL(1, []byte{2, 0, 0, 0, 0, 1})).ElapsedTime(100))))
	addGolden("dhcp6_info_request", v6("fe80::1", "ff02::1:2", 546, 547,
		NewDHCPv6().MsgType(layers.DHCPv6InformationRequest).TrID(9).ClientID(layers.DUIDEN(9, []byte("xyz"))).ORO(23, 24, 31)))

	// NTP
	ts := func(sec uint32, frac uint32) layers.NTPTimestamp {
		return layers.NTPTimestamp(uint64(sec)<<32 | uint64(frac))
	}
	udp := func(src, dst string, sport, dport uint16, n *NTPBuilder) func() ([]byte, error) {
		return func() ([]byte, error) {
			return NewIP().SrcIP(src).DstIP(dst).Over(NewUDP().SrcPort(sport).DstPort(dport)).Over(n).Build()
		}
	}
	addGolden("ntp_client_scapy", udp("192.0.2.10", "192.0.2.123", 123, 123, NewNTP().Orig(0).Sent(ts(3913056000, 1<<31))))
	addGolden("ntp_sntp_request", func() ([]byte, error) {
		return NTPRequest("192.0.2.10", "192.0.2.123", time.Date(2024, 1, 1, 0, 0, 0, 250000000, time.UTC))
	})
	addGolden("ntp_server", udp("192.0.2.123", "192.0.2.10", 123, 123,
		NewNTP().Mode(layers.NTPModeServer).Poll(6).Precision(-23).RootDelay(time.Second/64).
			RootDispersion(time.Second/2).RefID("192.0.2.1").Ref(ts(3913055990, 1<<31)).
			Orig(ts(3913056000, 1<<30)).Recv(3913056000.75).Sent(3913056000.875)))
	addGolden("ntp_stratum1_v3", udp("192.0.2.123", "192.0.2.10", 123, 40000,
		NewNTP().Version(3).Mode(layers.NTPModeServer).Stratum(1).RefID("GPS").Precision(-20).Leap(3).
			Orig(0).Sent(3913056001)))
	addGolden("ntp_mac", udp("192.0.2.10", "192.0.2.123", 123, 123,
		NewNTP().Orig(0).Sent(0).MAC(1, bytes.Repeat([]byte{0x11}, 16))))
	addGolden("ntp_control", udp("192.0.2.10", "192.0.2.123", 40000, 123,
		NewNTPControl().OpCode(2).Sequence(7).Data([]byte("version"))))
	addGolden("ntp_private", udp("192.0.2.10", "192.0.2.123", 40000, 123,
		NewNTPPrivate().Set("implementation", 3).Set("request_code", 1)))

	// BGP
	toPeer := func(msgs ...*BGPBuilder) func() ([]byte, error) {
		return func() ([]byte, error) { return BGPSegment("192.0.2.1", "192.0.2.2", 179, 40000, 1000, 2000, msgs...) }
	}
	toSpeaker := func(msgs ...*BGPBuilder) func() ([]byte, error) {
		return func() ([]byte, error) { return BGPSegment("192.0.2.2", "192.0.2.1", 40000, 179, 1, 1, msgs...) }
	}
	addGolden("bgp_keepalive", toPeer(NewBGPKeepAlive()))
	addGolden("bgp_open", toSpeaker(NewBGPOpen().MyAS(65001).HoldTime(90).BGPID("192.0.2.1").
		Capabilities(layers.BGPCapMP(layers.BGPAFIIPv4, layers.BGPSAFIUnicast)).
		Capabilities(layers.BGPCapRR()).Capabilities(layers.BGPCapAS4(65001))))
	addGolden("bgp_open_gr_addpath", toSpeaker(NewBGPOpen().MyAS(23456).HoldTime(180).BGPID("10.0.0.1").
		Capabilities(layers.BGPCapGR(8, 120, layers.BGPAFISAFIFlags{AFI: 1, SAFI: 1, Flags: 0x80})).
		Capabilities(layers.BGPCapADDPath(layers.BGPAFISAFIFlags{AFI: 1, SAFI: 1, Flags: 3})).
		Capabilities(layers.BGPCapAS4(4200000001))))
	addGolden("bgp_update", toPeer(NewBGPUpdate().Withdraw("10.9.0.0/16").
		Origin(layers.BGPOriginIGP).ASPath(65001, 4200000000).NextHop("192.0.2.1").MED(100).LocalPref(200).
		Communities(65001<<16|100).NLRI("198.51.100.0/24", "203.0.113.128/25")))
	addGolden("bgp_update_mp_ipv6", toPeer(NewBGPUpdate().Origin(layers.BGPOriginIncomplete).ASPath2(65001, 65002).
		MPReach(layers.BGPAFIIPv6, layers.BGPSAFIUnicast, []any{"2001:db8::1"}, "2001:db8:100::/40").
		MPUnreach(layers.BGPAFIIPv6, layers.BGPSAFIUnicast, "2001:db8:200::/48")))
	addGolden("bgp_update_aggregator", toPeer(NewBGPUpdate().Attrs(
		layers.BGPAggregatorAttr(65001, netip.MustParseAddr("192.0.2.9")), layers.BGPAtomicAggregateAttr())))
	addGolden("bgp_end_of_rib", toPeer(NewBGPUpdate()))
	addGolden("bgp_notification", toPeer(NewBGPNotification(6, 2).Data([]byte("shutdown"))))
	addGolden("bgp_route_refresh", toPeer(NewBGPRouteRefresh(layers.BGPAFIIPv6, layers.BGPSAFIUnicast)))
	addGolden("bgp_open_keepalive_segment", toSpeaker(NewBGPOpen().MyAS(65001).HoldTime(90).BGPID("192.0.2.1"),
		NewBGPKeepAlive()))
}

// TestApps1Shortcuts dissects what the shortcuts and builders build and
// reads the values back through the typed layers and Scapy field names.
func TestApps1Shortcuts(t *testing.T) {
	frame, err := DHCPDiscover("02:00:00:00:00:01", 0xdeadbeef)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Dissect(frame)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.String(); got != "Ethernet / IP / UDP / BOOTP / DHCP Discover" {
		t.Errorf("summary %q", got)
	}
	bootp, _ := packet.LayerOf[*layers.BOOTP](p)
	if xid, _ := bootp.Get("xid"); xid != uint32(0xdeadbeef) || bootp.ClientMAC().String() != "02:00:00:00:00:01" {
		t.Errorf("bootp %v %v", xid, bootp.ClientMAC())
	}
	if !strings.Contains(p.Show(), "message-type=discover") {
		t.Errorf("show:\n%s", p.Show())
	}

	req, err := NTPRequest("192.0.2.10", "192.0.2.123", time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	q, err := DissectAs(req, layers.IPv4Type)
	if err != nil {
		t.Fatal(err)
	}
	n, ok := packet.LayerOf[*layers.NTP](q)
	if !ok || !n.SentTime().Equal(time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)) || n.Orig.Value != 0 {
		t.Errorf("ntp %v sent %v", q, n.SentTime())
	}

	// A bad value is kept and reported by Build, naming layer and field.
	if _, err := NewDHCP().Option("no-such-option", 1).Build(); err == nil || !strings.Contains(err.Error(), "DHCP") {
		t.Errorf("bad option: %v", err)
	}
	if _, err := NewBGPUpdate().NLRI("10.0.0.0/33").Build(); err == nil || !strings.Contains(err.Error(), "nlri") {
		t.Errorf("bad prefix: %v", err)
	}
	if _, err := NewDHCPv6().TrID(1 << 24).Build(); err == nil {
		t.Error("trid of 25 bits accepted")
	}
	if _, err := DHCPv6Solicit("not a mac", 1, 1); err == nil {
		t.Error("bad mac accepted")
	}
}

// TestApps1UnsetFieldsComputed: lengths a user sets are kept, the others
// computed, for BGP and NTP control messages.
func TestApps1UnsetFieldsComputed(t *testing.T) {
	b, err := NewBGPKeepAlive().Len(100).Build()
	if err != nil || len(b) != 19 || b[16] != 0 || b[17] != 100 {
		t.Errorf("bgp len kept: %x %v", b, err)
	}
	c, err := NewNTPControl().Count(3).Data([]byte("abcdef")).Build()
	if err != nil || c[11] != 3 || len(c) != 18 {
		t.Errorf("ntp count kept: %x %v", c, err)
	}
}
