package goscapy

import (
	"errors"
	"fmt"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// The Go descriptions of testdata/scapy/arp_icmp.in.
func init() {
	addGolden("arp_who_has", func() ([]byte, error) {
		return EtherARP("aa:bb:cc:dd:ee:ff", "ff:ff:ff:ff:ff:ff", "192.168.1.1", "192.168.1.2", layers.ARPWhoHas)
	})
	addGolden("arp_is_at", func() ([]byte, error) {
		return EtherARP("11:22:33:44:55:66", "aa:bb:cc:dd:ee:ff", "192.168.1.2", "192.168.1.1", layers.ARPIsAt)
	})
	addGolden("arp_spec_scanner", func() ([]byte, error) {
		srcMAC, srcIP, targetIP := "02:00:00:00:00:01", "198.18.1.2", "198.18.1.3"
		pkt := NewEthernet().DstMAC("ff:ff:ff:ff:ff:ff").SrcMAC(srcMAC).Type(layers.EtherTypeARP).
			Over(NewARP().Op(layers.ARPWhoHas).SrcMAC(srcMAC).SrcIP(srcIP).DstIP(targetIP)).Packet()
		return pkt.Build()
	})
	addGolden("arp_gratuitous_request", func() ([]byte, error) {
		return EtherARP("02:00:00:00:01:02", "ff:ff:ff:ff:ff:ff", "198.18.1.2", "198.18.1.2", layers.ARPWhoHas)
	})
	addGolden("arp_gratuitous_reply", func() ([]byte, error) {
		return EtherARP("02:00:00:00:01:02", "ff:ff:ff:ff:ff:ff", "198.18.1.2", "198.18.1.2", layers.ARPIsAt)
	})
	addGolden("arp_defaults", func() ([]byte, error) {
		return NewEthernet().SrcMAC("00:11:22:33:44:55").Over(NewARP()).Build()
	})
	addGolden("arp_ptype_ipv6", func() ([]byte, error) {
		return NewEthernet().SrcMAC("aa:bb:cc:dd:ee:ff").
			Over(NewARP().PType(layers.EtherTypeIPv6).SrcMAC("aa:bb:cc:dd:ee:ff").SrcIP("fe80::1").DstIP("fe80::2")).Build()
	})
	addGolden("arp_ptype_odd", func() ([]byte, error) {
		return NewEthernet().SrcMAC("aa:bb:cc:dd:ee:ff").
			Over(NewARP().PType(0x1234).SrcMAC("aa:bb:cc:dd:ee:ff").SrcIP([]byte{1, 2}).DstIP([]byte{3, 4})).Build()
	})
	addGolden("arp_hwlen8_rarp", func() ([]byte, error) {
		return NewEthernet().SrcMAC("aa:bb:cc:dd:ee:ff").
			Over(NewARP().HwType(layers.ARPHwIEEE802).Op(layers.ARPRARPReq).SrcMAC([]byte("12345678")).DstMAC([]byte("abcdefgh")).
				SrcIP("1.2.3.4").DstIP("5.6.7.8")).Build()
	})
	addGolden("arp_lengths_set", func() ([]byte, error) {
		return NewEthernet().SrcMAC("aa:bb:cc:dd:ee:ff").
			Over(NewARP().HwLen(6).PLen(4).Op(layers.ARPInARPRep).SrcMAC("aa:bb:cc:dd:ee:ff").SrcIP("10.1.2.3").
				DstMAC("01:02:03:04:05:06").DstIP("10.3.2.1")).Build()
	})

	addGolden("icmp_spec_echo", func() ([]byte, error) {
		return NewEthernet().SrcMAC("aa:bb:cc:dd:ee:ff").DstMAC("ff:ff:ff:ff:ff:ff").
			Over(NewIP().SrcIP("192.168.1.1").DstIP("8.8.8.8")).
			Over(NewICMP().Type(8).Code(0)).Build()
	})
	addGolden("icmp_shortcut_ether", func() ([]byte, error) {
		return EtherIPICMP("aa:bb:cc:dd:ee:ff", "00:11:22:33:44:55", "10.0.0.1", "10.0.0.2", layers.ICMPEchoReply, 0)
	})
	addGolden("icmp_timestamp_zero", func() ([]byte, error) {
		return NewEthernet().SrcMAC("aa:bb:cc:dd:ee:ff").DstMAC("00:11:22:33:44:55").
			Over(NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
			Over(NewICMP().Type(layers.ICMPTimestampRequest).Timestamps(0, 0, 0)).Build()
	})
	addGolden("icmp_shortcut_ip", func() ([]byte, error) {
		return IPICMP("10.0.0.1", "10.0.0.2", layers.ICMPRouterSolicitation, 0)
	})
	addGolden("icmp_defaults", func() ([]byte, error) {
		return NewIP().SrcIP("1.2.3.4").DstIP("5.6.7.8").Over(NewICMP()).Build()
	})
	addGolden("icmp_echo_request_payload", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").
			Over(NewICMP().Type(layers.ICMPEchoRequest).ID(0x1234).Seq(7)).
			Over(NewRaw("abcdefghijklmnopqrstuvwabcdefghi")).Build()
	})
	addGolden("icmp_echo_reply_odd_payload", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.2").DstIP("10.0.0.1").TTL(63).
			Over(NewICMP().Type(layers.ICMPEchoReply).ID(0xbeef).Seq(65535)).
			Over(NewRaw("odd!!")).Build()
	})
	addGolden("icmp_bad_chksum", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").
			Over(NewICMP().Chksum(0xdead).ID(1).Seq(1)).Over(NewRaw("x")).Build()
	})
	addGolden("icmp_port_unreach_udp", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.2").DstIP("10.0.0.1").
			Over(NewICMP().Type(layers.ICMPDestUnreach).Code(layers.ICMPPortUnreachable)).
			Over(NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
			Over(NewUDP().SrcPort(1234).DstPort(53)).Build()
	})
	addGolden("icmp_host_unreach_tcp", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.1").DstIP("10.0.0.1").
			Over(NewICMP().Type(layers.ICMPDestUnreach).Code(layers.ICMPHostUnreachable)).
			Over(NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").ID(77)).
			Over(NewTCP().SrcPort(40000).DstPort(80).Seq(12345).Flags(layers.TCPSyn)).Build()
	})
	addGolden("icmp_frag_needed_tcp", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.1").DstIP("10.0.0.1").
			Over(NewICMP().Type(layers.ICMPDestUnreach).Code(layers.ICMPFragmentationNeeded).NextHopMTU(1400)).
			Over(NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").Flags(layers.IPv4DontFragment)).
			Over(NewTCP().SrcPort(40000).DstPort(443).Flags(layers.TCPPsh | layers.TCPAck).Seq(1).Ack(2)).
			Over(NewRaw("data")).Build()
	})
	addGolden("icmp_frag_needed_udp", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.1").DstIP("10.0.0.1").
			Over(NewICMP().Type(3).Code(4).NextHopMTU(1280).Length(7)).
			Over(NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").Flags(layers.IPv4DontFragment)).
			Over(NewUDP().SrcPort(5000).DstPort(6000)).Build()
	})
	addGolden("icmp_source_quench_udp", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.1").DstIP("10.0.0.1").
			Over(NewICMP().Type(layers.ICMPSourceQuench)).
			Over(NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
			Over(NewUDP().SrcPort(7).DstPort(9)).Build()
	})
	addGolden("icmp_source_quench_tcp", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.1").DstIP("10.0.0.1").
			Over(NewICMP().Type(layers.ICMPSourceQuench).Unused(0x01020304)).
			Over(NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
			Over(NewTCP().SrcPort(7).DstPort(9)).Build()
	})
	addGolden("icmp_redirect_udp", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.254").DstIP("10.0.0.1").
			Over(NewICMP().Type(layers.ICMPRedirect).Code(layers.ICMPRedirectHost).Gateway("10.0.0.253")).
			Over(NewIP().SrcIP("10.0.0.1").DstIP("192.0.2.9")).
			Over(NewUDP().SrcPort(33434).DstPort(53)).Build()
	})
	addGolden("icmp_redirect_tcp", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.254").DstIP("10.0.0.1").
			Over(NewICMP().Type(layers.ICMPRedirect).Code(layers.ICMPRedirectNet).Set("gw", "10.0.0.252")).
			Over(NewIP().SrcIP("10.0.0.1").DstIP("192.0.2.9")).
			Over(NewTCP().SrcPort(1000).DstPort(22)).Build()
	})
	addGolden("icmp_time_exceeded_udp", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.1").DstIP("10.0.0.1").
			Over(NewICMP().Type(layers.ICMPTimeExceeded).Code(layers.ICMPTTLExceeded)).
			Over(NewIP().SrcIP("10.0.0.1").DstIP("198.51.100.1").TTL(1)).
			Over(NewUDP().SrcPort(33434).DstPort(33435)).
			Over(NewRaw(`@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`)).Build()
	})
	addGolden("icmp_time_exceeded_tcp", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.1").DstIP("10.0.0.1").
			Over(NewICMP().Type(layers.ICMPTimeExceeded).Code(layers.ICMPReassemblyTimeout).Length(5)).
			Over(NewIP().SrcIP("10.0.0.1").DstIP("198.51.100.1").TTL(1)).
			Over(NewTCP().SrcPort(1).DstPort(2)).Build()
	})
	addGolden("icmp_time_exceeded_icmp", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.1").DstIP("10.0.0.1").
			Over(NewICMP().Type(layers.ICMPTimeExceeded)).
			Over(NewIP().SrcIP("10.0.0.1").DstIP("198.51.100.1").TTL(1)).
			Over(NewICMP().ID(0x42).Seq(3)).Build()
	})
	addGolden("icmp_param_problem_udp", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.1").DstIP("10.0.0.1").
			Over(NewICMP().Type(layers.ICMPParamProblem).Pointer(20)).
			Over(NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
			Over(NewUDP().SrcPort(1).DstPort(2)).Build()
	})
	addGolden("icmp_param_problem_tcp", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.1").DstIP("10.0.0.1").
			Over(NewICMP().Type(layers.ICMPParamProblem).Code(layers.ICMPParamBadLength).Pointer(1).Length(6).Unused(0xabcd)).
			Over(NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
			Over(NewTCP().SrcPort(3).DstPort(4)).Build()
	})
	addGolden("icmp_timestamp_request", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").
			Over(NewICMP().Type(layers.ICMPTimestampRequest).ID(1).Seq(2).Timestamps(1000, 2000, 3000)).Build()
	})
	addGolden("icmp_timestamp_reply", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.2").DstIP("10.0.0.1").
			Over(NewICMP().Type(layers.ICMPTimestampReply).ID(1).Seq(2).
				Set("ts_ori", 1000).Set("ts_rx", "1:2:3.004").Set("ts_tx", "23:59:59.999")).Build()
	})
	addGolden("icmp_address_mask_reply", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.2").DstIP("10.0.0.1").
			Over(NewICMP().Type(layers.ICMPAddressMaskReply).ID(5).Seq(6).AddrMask("255.255.255.0")).Build()
	})
	addGolden("icmp_router_advertisement", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.254").DstIP("224.0.0.1").
			Over(NewICMP().Type(layers.ICMPRouterAdvertisement).Unused(0x01001800)).
			Over(NewRaw([]byte{10, 0, 0, 0xfe, 0, 0, 0, 0})).Build()
	})
	addGolden("icmp_domain_name_request", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").
			Over(NewICMP().Type(layers.ICMPDomainNameRequest).ID(9).Seq(10).Set("unused", 11)).Build()
	})
}

func TestARPICMPSummaries(t *testing.T) {
	for _, c := range []struct {
		name, want string
	}{
		// Scapy 2.5 summary() of the same bytes, with "Ether" read "Ethernet".
		{"arp_who_has", "Ethernet / ARP who has 192.168.1.2 says 192.168.1.1"},
		{"arp_is_at", "Ethernet / ARP is at 11:22:33:44:55:66 says 192.168.1.2"},
		{"arp_hwlen8_rarp", "Ethernet / ARP RARP-req 1.2.3.4 > 5.6.7.8"},
		{"arp_ptype_ipv6", "Ethernet / ARP who has fe80::2 says fe80::1"},
		{"icmp_spec_echo", "Ethernet / IP / ICMP 192.168.1.1 > 8.8.8.8 echo-request 0"},
		{"icmp_echo_request_payload", "IP / ICMP 10.0.0.1 > 10.0.0.2 echo-request 0 / Raw"},
		{"icmp_timestamp_reply", "IP / ICMP 10.0.0.2 > 10.0.0.1 timestamp-reply 0"},
	} {
		b, err := goldenCases[c.name]()
		if err != nil {
			t.Fatal(err)
		}
		p, err := dissectAny(b)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := p.String(); got != c.want {
			t.Errorf("%s: got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// TestICMPQuoteGolden dissects every error case and checks the quote.
func TestICMPQuoteGolden(t *testing.T) {
	for _, c := range []struct {
		name  string
		inner string // last quoted layer
	}{
		{"icmp_port_unreach_udp", "UDP"}, {"icmp_host_unreach_tcp", "TCP"}, {"icmp_frag_needed_tcp", "Raw"},
		{"icmp_frag_needed_udp", "UDP"}, {"icmp_source_quench_udp", "UDP"}, {"icmp_source_quench_tcp", "TCP"},
		{"icmp_redirect_udp", "UDP"}, {"icmp_redirect_tcp", "TCP"}, {"icmp_time_exceeded_udp", "Raw"},
		{"icmp_time_exceeded_tcp", "TCP"}, {"icmp_time_exceeded_icmp", "ICMP"},
		{"icmp_param_problem_udp", "UDP"}, {"icmp_param_problem_tcp", "TCP"},
	} {
		b, _ := goldenCases[c.name]()
		p, err := dissectAny(b)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if p.Quoted() != 2 || p.GetLayer("IPerror") == nil || p.GetLayer("IPerror") == p.GetLayer("IP") {
			t.Errorf("%s: quote at %d in %v", c.name, p.Quoted(), p)
		}
		ls := p.Layers()
		if got := ls[len(ls)-1].Proto().Name; got != c.inner {
			t.Errorf("%s: innermost %s, want %s (%v)", c.name, got, c.inner, p)
		}
	}
}

// TestARPICMPBuildErrors checks that a bad value names layer and field.
func TestARPICMPBuildErrors(t *testing.T) {
	for _, c := range []struct {
		b     Builder
		field string
	}{
		{NewARP().SrcMAC("zz:bb:cc:dd:ee:ff"), "hwsrc"},
		{NewARP().DstIP("300.1.1.1"), "pdst"},
		{NewARP().SrcIP(42), "psrc"},
		{NewICMP().Gateway("nope"), "gw"},
		{NewICMP().Set("code", "no-such-code"), "code"},
		{NewICMP().Set("ts_ori", "99:99"), "ts_ori"},
	} {
		_, err := c.b.Layers()
		var be *packet.BuildError
		if !errors.As(err, &be) || be.Field != c.field {
			t.Errorf("%v: want a BuildError of field %s", err, c.field)
		}
	}
	if _, err := EtherARP("aa:bb:cc:dd:ee:ff", "ff:ff:ff:ff:ff:ff", "1.2.3.4", "bad", layers.ARPWhoHas); err == nil {
		t.Error("EtherARP with a bad address built")
	}
	if _, err := IPICMP("1.2.3.4", "::1", 8, 0); err == nil {
		t.Error("IPICMP with an IPv6 address built")
	}
}

// TestARPReplyAPI is the spec's reading of an ARP reply.
func TestARPReplyAPI(t *testing.T) {
	b, _ := goldenCases["arp_is_at"]()
	reply, err := Dissect(append(b, make([]byte, 18)...)) // padded to 60 as on the wire
	if err != nil {
		t.Fatal(err)
	}
	hwSrc, _ := reply.GetLayer("ARP").Get("hwsrc")
	if fmt.Sprint(hwSrc) != "11:22:33:44:55:66" {
		t.Errorf("hwsrc %v", hwSrc)
	}
	if reply.GetLayer("Padding") == nil || reply.String() != "Ethernet / ARP is at 11:22:33:44:55:66 says 192.168.1.2 / Padding" {
		t.Errorf("padding: %v", reply)
	}
	op, _ := reply.GetLayer("ARP").Get("op")
	if op.(uint16) != layers.ARPIsAt {
		t.Errorf("op %v", op)
	}
}
