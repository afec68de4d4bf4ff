package goscapy

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

func init() {
	v6 := func(src, dst string) *IPv6Builder { return NewIPv6().SrcIP(src).DstIP(dst) }
	alphabet := "abcdefghijklmnopqrstuvwxyz012345"

	addGolden("ipv6_alone", func() ([]byte, error) { return v6("2001:db8::1", "2001:db8::2").Build() })
	addGolden("ipv6_defaults", func() ([]byte, error) { return NewIPv6().Build() })
	addGolden("ipv6_fields", func() ([]byte, error) {
		return v6("2001:db8::1", "ff02::1").TrafficClass(0xb8).FlowLabel(0x12345).HopLimit(1).Over(NewRaw("abc")).Build()
	})
	addGolden("ipv6_nh_set", func() ([]byte, error) {
		return v6("2001:db8::1", "2001:db8::2").NextHeader(253).Over(NewRaw([]byte{0, 1})).Build()
	})
	addGolden("ipv6_plen_set", func() ([]byte, error) {
		return v6("2001:db8::1", "2001:db8::2").PayloadLen(99).Over(NewUDP().SrcPort(1).DstPort(2).Chksum(0x1234)).Build()
	})
	addGolden("ether_ipv6_raw", func() ([]byte, error) {
		return EtherIPv6("00:11:22:33:44:55", "66:77:88:99:aa:bb", "fe80::1", "fe80::2", []byte("payload"))
	})
	addGolden("ether_ipv6_tcp_syn", func() ([]byte, error) {
		return EtherIPv6TCP("aa:bb:cc:dd:ee:ff", "ff:ff:ff:ff:ff:ff", "2001:db8::1", "2001:db8::2", 12345, 80, layers.TCPSyn)
	})
	addGolden("ether_ipv6_tcp_opts", func() ([]byte, error) {
		return NewEthernet().SrcMAC("02:00:00:05:00:01").DstMAC("02:00:00:05:00:0a").
			Over(v6("2001:db8:50::2", "2001:db8:52::2")).
			Over(NewTCP().SrcPort(55852).DstPort(8080).Seq(1000).Window(64800).Flags(layers.TCPSyn).
				Options(layers.TCPOptionMSS(1440), layers.TCPOptionSAckOK(), layers.TCPOptionTimestamp(4084306536, 0),
					layers.TCPOptionNOP(), layers.TCPOptionWScale(10))).Build()
	})
	addGolden("ipv6_tcp_data", func() ([]byte, error) {
		return v6("2001:db8::1", "2001:db8::2").HopLimit(255).
			Over(NewTCP().SrcPort(443).DstPort(50000).Seq(7).Ack(9).Flags(layers.TCPPsh | layers.TCPAck).Window(501)).
			Over(NewRaw("GET / HTTP/1.1\r\n\r\n")).Build()
	})
	addGolden("ipv6_udp_defaults", func() ([]byte, error) {
		return v6("2001:db8::1", "2001:db8::2").Over(NewUDP()).Build()
	})
	addGolden("ether_ipv6_udp_payload", func() ([]byte, error) {
		return EtherIPv6UDP("00:11:22:33:44:55", "66:77:88:99:aa:bb", "2001:db8::1", "2001:db8::2", 5000, 6000, []byte("hello world"))
	})
	addGolden("ipv6_udp_cksum_ffff", func() ([]byte, error) {
		return IPv6UDP("2001:db8::1", "2001:db8::2", 1234, 5678, []byte{0x89, 'e'})
	})
	addGolden("ipv6_icmpv6_default", func() ([]byte, error) { return NewIPv6().Over(NewICMPv6()).Build() })
	addGolden("ether_ipv6_icmpv6_echo", func() ([]byte, error) {
		return EtherIPv6ICMPv6("00:11:22:33:44:55", "66:77:88:99:aa:bb", "2001:db8::1", "2001:db8::2", layers.ICMPv6EchoRequest, 0)
	})
	addGolden("ipv6_echo_request_data", func() ([]byte, error) {
		return v6("2001:db8:0:12::1", "2001:db8:0:12::2").Over(NewICMPv6().ID(0x110d).Seq(3)).Over(NewRaw(alphabet)).Build()
	})
	addGolden("ipv6_echo_reply_data", func() ([]byte, error) {
		return v6("2001:db8:0:12::2", "2001:db8:0:12::1").HopLimit(62).
			Over(NewICMPv6().Type(layers.ICMPv6EchoReply).ID(0x110d).Seq(3)).Over(NewRaw(alphabet)).Build()
	})
	addGolden("ipv6_dest_unreach_udp", func() ([]byte, error) {
		return v6("2001:db8:91::2", "2001:db8:90::1").
			Over(NewICMPv6().Type(layers.ICMPv6DestUnreach).Code(layers.ICMPv6PortUnreach)).
			Over(v6("2001:db8:90::1", "2001:db8:91::2").HopLimit(1)).
			Over(NewUDP().SrcPort(41056).DstPort(33434)).Over(NewRaw("@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_")).Build()
	})
	addGolden("ipv6_dest_unreach_default", func() ([]byte, error) {
		return IPv6ICMPv6("2001:db8::1", "2001:db8::2", layers.ICMPv6DestUnreach, 0)
	})
	addGolden("ipv6_packet_too_big", func() ([]byte, error) {
		return v6("2001:db8:50::1", "2001:db8:50::2").
			Over(NewICMPv6().Type(layers.ICMPv6PacketTooBig).MTU(1280)).
			Over(v6("2001:db8:50::2", "2001:db8:52::2")).
			Over(NewTCP().SrcPort(55852).DstPort(8080).Flags(layers.TCPAck)).Over(NewRaw(bytes.Repeat([]byte("x"), 64))).Build()
	})
	addGolden("ipv6_packet_too_big_default", func() ([]byte, error) {
		return IPv6ICMPv6("2001:db8::1", "2001:db8::2", layers.ICMPv6PacketTooBig, 0)
	})
	addGolden("ipv6_packet_too_big_mtu", func() ([]byte, error) {
		return v6("2001:db8::1", "2001:db8::2").Over(NewICMPv6().Type(layers.ICMPv6PacketTooBig).MTU(1400)).Build()
	})
	addGolden("ipv6_time_exceeded", func() ([]byte, error) {
		return v6("2001:db8:90::1", "2001:db8:90::ff:fe09:1").
			Over(NewICMPv6().Type(layers.ICMPv6TimeExceeded)).
			Over(v6("2001:db8:90::ff:fe09:1", "2001:db8:91::2").HopLimit(1)).
			Over(NewICMPv6().ID(0x1f9f).Seq(1)).Over(NewRaw("0123456789")).Build()
	})
	addGolden("ipv6_time_exceeded_frag", func() ([]byte, error) {
		return v6("2001:db8::1", "2001:db8::2").
			Over(NewICMPv6().Type(layers.ICMPv6TimeExceeded).Code(layers.ICMPv6ReassemblyExceeded).Set("length", 3).Set("unused", 0x10203)).Build()
	})
	addGolden("ipv6_param_problem", func() ([]byte, error) {
		return v6("2001:db8:90::3", "2001:db8:90::ff:fe09:1").
			Over(NewICMPv6().Type(layers.ICMPv6ParamProblem).Code(layers.ICMPv6UnknownNextHeader).Ptr(6)).
			Over(v6("2001:db8:90::ff:fe09:1", "2001:db8:90::3").NextHeader(253)).Over(NewRaw(make([]byte, 32))).Build()
	})
	addGolden("ipv6_param_problem_default", func() ([]byte, error) {
		return IPv6ICMPv6("2001:db8::1", "2001:db8::2", layers.ICMPv6ParamProblem, 0)
	})
	addGolden("ipv6_icmpv6_unknown", func() ([]byte, error) {
		return v6("2001:db8::1", "2001:db8::2").Over(NewICMPv6().Type(200).Code(1).Set("word", 0x01020304)).Over(NewRaw("abc")).Build()
	})
	addGolden("ipv6_icmpv6_ns", func() ([]byte, error) {
		return v6("fe80::1", "ff02::1:ff00:2").HopLimit(255).
			Over(NewNDPNeighborSolicitation("fe80::2")).Over(NewNDPOptSrcLLAddr("02:00:00:00:00:01")).Build()
	})
	addGolden("ipv6_icmpv6_bad_cksum", func() ([]byte, error) {
		return v6("2001:db8::1", "2001:db8::2").Over(NewICMPv6().Chksum(0xdead).ID(1).Seq(2)).Build()
	})
	addGolden("ip_ipv6_6in4", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").Over(v6("2001:db8::1", "2001:db8::2")).
			Over(NewICMPv6().ID(7).Seq(1)).Build()
	})
	addGolden("ipv6_ipv6_udp", func() ([]byte, error) {
		return v6("2001:db8:30::1", "2001:db8:30::ff").Over(v6("2001:db8:33::1", "2001:db8:33::2")).
			Over(NewUDP().SrcPort(60858).DstPort(5000)).Over(NewRaw("tunnel payload")).Build()
	})
	addGolden("ipv6_ip_tcp", func() ([]byte, error) {
		return v6("2001:db8:30::1", "2001:db8:30::ff").Over(NewIP().SrcIP("198.18.33.1").DstIP("198.18.33.2")).
			Over(NewTCP().SrcPort(58060).DstPort(8080)).Build()
	})
	addGolden("ether_ipv6_ipv6_icmpv6", func() ([]byte, error) {
		return NewEthernet().SrcMAC("02:00:00:03:00:01").DstMAC("02:00:00:03:00:0a").
			Over(v6("2001:db8:30::1", "2001:db8:30::ff").HopLimit(64)).Over(v6("2001:db8:33::1", "2001:db8:33::2")).
			Over(NewICMPv6().ID(0x1ad4).Seq(1)).Over(NewRaw("ping")).Build()
	})
}

// TestIPv6BuilderErrors: a bad value given to a builder or a shortcut is
// kept and returned by Build, naming the layer, the field and the value.
func TestIPv6BuilderErrors(t *testing.T) {
	for _, c := range []struct {
		name, layer, field, value string
		build                     func() ([]byte, error)
	}{
		{"ipv4 source", "IPv6", "src", "10.0.0.1", func() ([]byte, error) { return NewIPv6().SrcIP("10.0.0.1").Build() }},
		{"bad destination", "IPv6", "dst", "2001:db8::zz", func() ([]byte, error) { return NewIPv6().DstIP("2001:db8::zz").Build() }},
		{"flow label", "IPv6", "fl", "1048576", func() ([]byte, error) { return NewIPv6().FlowLabel(1 << 20).Build() }},
		{"unknown field", "IPv6", "bogus", "1", func() ([]byte, error) { return NewIPv6().Set("bogus", 1).Build() }},
		{"icmpv6 field", "ICMPv6", "unused", "16777216", func() ([]byte, error) {
			return NewIPv6().Over(NewICMPv6().Set("unused", 1<<24)).Build()
		}},
		{"shortcut", "IPv6", "dst", "192.0.2.1", func() ([]byte, error) {
			return EtherIPv6TCP("00:11:22:33:44:55", "66:77:88:99:aa:bb", "2001:db8::1", "192.0.2.1", 1, 2, layers.TCPSyn)
		}},
		{"shortcut mac", "Ethernet", "src", "nope", func() ([]byte, error) {
			return EtherIPv6ICMPv6("nope", "66:77:88:99:aa:bb", "2001:db8::1", "2001:db8::2", layers.ICMPv6EchoRequest, 0)
		}},
	} {
		b, err := c.build()
		var be *packet.BuildError
		if !errors.As(err, &be) || b != nil {
			t.Errorf("%s: %x, %v", c.name, b, err)
			continue
		}
		if be.Layer != c.layer || be.Field != c.field || be.Value != c.value {
			t.Errorf("%s: %+v", c.name, be)
		}
		if msg := err.Error(); !strings.Contains(msg, c.field) || msg != strings.ToLower(msg[:1])+msg[1:] {
			t.Errorf("%s: message %q", c.name, msg)
		}
	}
}

// TestIPv6DissectSummary: the bytes of the shortcuts read back with
// Scapy's names and summaries.
func TestIPv6DissectSummary(t *testing.T) {
	frame, err := EtherIPv6ICMPv6("00:11:22:33:44:55", "66:77:88:99:aa:bb", "2001:db8::1", "2001:db8::2", layers.ICMPv6EchoRequest, 0)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Dissect(frame)
	if err != nil {
		t.Fatal(err)
	}
	if s := p.String(); s != "Ethernet / IPv6 / ICMPv6 Echo Request (id: 0x0 seq: 0x0)" {
		t.Errorf("summary %q", s)
	}
	if v, _ := p.GetLayer("ICMPv6").Get("type"); v != uint8(layers.ICMPv6EchoRequest) {
		t.Errorf("type %#v", v)
	}
	if v, _ := p.GetLayer("IPv6").Get("nh"); v != uint8(layers.IPProtoICMPv6) {
		t.Errorf("nh %#v", v)
	}
	frame, _ = IPv6UDP("2001:db8::1", "2001:db8::2", 5000, 6000, []byte("x"))
	p, _ = DissectAs(frame, layers.IPv6Type)
	if s := p.String(); s != "IPv6 / UDP 2001:db8::1:5000 > 2001:db8::2:6000 / Raw" {
		t.Errorf("summary %q", s)
	}
	frame, _ = NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").Build()
	p, _ = DissectAs(frame, layers.IPv6Type)
	if s := p.String(); s != "2001:db8::1 > 2001:db8::2 No Next Header" {
		t.Errorf("summary %q", s)
	}
	if _, err := EtherIPv6("00:11:22:33:44:55", "66:77:88:99:aa:bb", "2001:db8::1", "2001:db8::2", nil); err != nil {
		t.Error(err)
	}
}

// TestGoldenIPv6Dissect dissects the Scapy bytes of ipv6.tsv from the
// layer their expression starts with (bare IPv6 and IPv4 packets too) and
// requires every byte decoded, the layers named in the expression, and a
// byte-exact re-encoding.
func TestGoldenIPv6Dissect(t *testing.T) {
	n := 0
	for _, r := range loadGolden(t) {
		if r.file != "ipv6.tsv" {
			continue
		}
		n++
		first := layers.EthernetType
		switch {
		case strings.HasPrefix(r.expr, "IPv6("):
			first = layers.IPv6Type
		case strings.HasPrefix(r.expr, "IP("):
			first = layers.IPv4Type
		}
		p, err := DissectAs(r.want, first)
		if err != nil {
			t.Errorf("%s: %v", r.name, err)
			continue
		}
		var names []string
		for _, l := range p.Layers() {
			names = append(names, l.Proto().Name)
		}
		got := strings.Join(names, "/")
		want := strings.NewReplacer("Ether(", "Ethernet(", "ICMPv6EchoRequest(", "ICMPv6(", "ICMPv6EchoReply(", "ICMPv6(",
			"ICMPv6DestUnreach(", "ICMPv6(", "ICMPv6PacketTooBig(", "ICMPv6(", "ICMPv6TimeExceeded(", "ICMPv6(",
			"ICMPv6ParamProblem(", "ICMPv6(", "ICMPv6Unknown(", "ICMPv6(", "ICMPv6ND_NS(", "ICMPv6(").Replace(r.expr)
		var wantNames []string
		for _, part := range strings.Split(want, ")/") {
			name, _, _ := strings.Cut(part, "(")
			if len(wantNames) > 0 && name == "Raw" && wantNames[len(wantNames)-1] == "Raw" {
				continue
			}
			wantNames = append(wantNames, name)
		}
		// Scapy's data= and msgbody= fields are our Raw payloads.
		if w := strings.Join(wantNames, "/"); got != w && got != w+"/Raw" {
			t.Errorf("%s: %s, want %s", r.name, got, w)
		}
		if b, err := p.Build(); err != nil || !bytes.Equal(b, r.want) {
			t.Errorf("%s: round trip: %v\n got %x\nwant %x", r.name, err, b, r.want)
		}
	}
	if n < 30 {
		t.Errorf("%d ipv6 golden rows", n)
	}
}
