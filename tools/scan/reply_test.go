package scan

import (
	"net/netip"
	"testing"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

var (
	addrA  = netip.MustParseAddr("198.18.1.2")
	addrB  = netip.MustParseAddr("198.18.1.3")
	addrR  = netip.MustParseAddr("198.18.1.1")
	addrA6 = netip.MustParseAddr("2001:db8:1::2")
	addrB6 = netip.MustParseAddr("2001:db8:1::3")
)

// builtBy returns a function that checks a build and returns its bytes.
func builtBy(t *testing.T) func([]byte, error) []byte {
	return func(b []byte, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
}

func TestParseReplyTCP(t *testing.T) {
	mustBuild := builtBy(t)
	synack := mustBuild(goscapy.NewEthernet().Over(goscapy.NewIP().SrcIP(addrB).DstIP(addrA).TTL(63)).
		Over(goscapy.NewTCP().SrcPort(80).DstPort(40001).Seq(7).Ack(0x01020304).Flags(layers.TCPSyn | layers.TCPAck)).Build())
	var r reply
	if !parseReply(synack, linkEthernet, &r) {
		t.Fatal("SYN-ACK not parsed")
	}
	want := reply{kind: kindSynAck, from: addrB, target: addrB, local: addrA, lport: 40001, tport: 80, ack: 0x01020304, ttl: 63}
	if r != want {
		t.Errorf("SYN-ACK: %+v\nwant %+v", r, want)
	}
	// the same as an IP packet, and behind a VLAN tag
	if !parseReply(synack[14:], linkRaw, &r) || r != want {
		t.Errorf("raw SYN-ACK: %+v", r)
	}
	tagged := mustBuild(goscapy.NewEthernet().Over(goscapy.NewDot1Q().VLAN(5)).Over(goscapy.NewIP().SrcIP(addrB).DstIP(addrA).TTL(63)).
		Over(goscapy.NewTCP().SrcPort(80).DstPort(40001).Seq(7).Ack(0x01020304).Flags(layers.TCPSyn | layers.TCPAck)).Build())
	if !parseReply(tagged, linkEthernet, &r) || r != want {
		t.Errorf("tagged SYN-ACK: %+v", r)
	}

	rst := mustBuild(goscapy.NewIPv6().SrcIP(addrB6).DstIP(addrA6).HopLimit(64).
		Over(goscapy.NewTCP().SrcPort(22).DstPort(40001).Ack(99).Flags(layers.TCPRst | layers.TCPAck)).Build())
	if !parseReply(rst, linkRaw, &r) {
		t.Fatal("IPv6 RST not parsed")
	}
	want = reply{kind: kindRst, from: addrB6, target: addrB6, local: addrA6, lport: 40001, tport: 22, ack: 99, ttl: 64}
	if r != want {
		t.Errorf("RST: %+v\nwant %+v", r, want)
	}

	// not answers: a SYN (our own probe seen again), a RST without ACK
	// (the kernel's reset of a SYN-ACK), an ACK, ARP
	for name, b := range map[string][]byte{
		"syn": mustBuild(goscapy.NewIP().SrcIP(addrA).DstIP(addrB).Over(goscapy.NewTCP().Flags(layers.TCPSyn)).Build()),
		"rst": mustBuild(goscapy.NewIP().SrcIP(addrA).DstIP(addrB).Over(goscapy.NewTCP().Flags(layers.TCPRst)).Build()),
		"ack": mustBuild(goscapy.NewIP().SrcIP(addrA).DstIP(addrB).Over(goscapy.NewTCP().Flags(layers.TCPAck)).Build()),
		"udp": mustBuild(goscapy.NewIP().SrcIP(addrA).DstIP(addrB).Over(goscapy.NewUDP()).Build()),
	} {
		if parseReply(b, linkRaw, &r) {
			t.Errorf("%s parsed as an answer: %+v", name, r)
		}
	}
	arp := mustBuild(goscapy.EtherARP("02:00:00:00:01:03", "02:00:00:00:01:02", addrB.String(), addrA.String(), layers.ARPIsAt))
	if parseReply(arp, linkEthernet, &r) {
		t.Error("ARP parsed as an answer")
	}
}

func TestParseReplyICMP(t *testing.T) {
	mustBuild := builtBy(t)
	for _, cut := range []int{0, 28} { // whole quote, IP header + 8 bytes
		b := mustBuild(goscapy.NewIP().SrcIP(addrR).DstIP(addrA).TTL(64).
			Over(goscapy.NewICMP().Type(3).Code(13)).
			Over(goscapy.NewIP().SrcIP(addrA).DstIP(addrB).TTL(63)).
			Over(goscapy.NewTCP().SrcPort(40001).DstPort(443).Seq(0xdeadbeef).Flags(layers.TCPSyn)).Build())
		if cut > 0 {
			b = b[:20+8+cut]
		}
		var r reply
		if !parseReply(b, linkRaw, &r) {
			t.Fatalf("cut %d: ICMP error not parsed", cut)
		}
		want := reply{kind: kindUnreach, from: addrR, target: addrB, local: addrA, lport: 40001, tport: 443, seq: 0xdeadbeef, ttl: 64, icmpT: 3, icmpC: 13}
		if r != want {
			t.Errorf("cut %d: %+v\nwant %+v", cut, r, want)
		}
	}
	b6 := mustBuild(goscapy.NewIPv6().SrcIP(addrB6).DstIP(addrA6).
		Over(goscapy.NewICMPv6().Type(1).Code(1)).
		Over(goscapy.NewIPv6().SrcIP(addrA6).DstIP(addrB6)).
		Over(goscapy.NewTCP().SrcPort(40001).DstPort(25).Seq(5)).Build())
	var r reply
	if !parseReply(b6, linkRaw, &r) || r.kind != kindUnreach || r.icmpT != 1 || r.icmpC != 1 || r.target != addrB6 || r.seq != 5 || r.tport != 25 {
		t.Errorf("ICMPv6 error: %+v", r)
	}
	// time exceeded and echo reply are not answers to a SYN
	te := mustBuild(goscapy.NewIP().SrcIP(addrR).DstIP(addrA).Over(goscapy.NewICMP().Type(11)).
		Over(goscapy.NewIP().SrcIP(addrA).DstIP(addrB)).Over(goscapy.NewTCP()).Build())
	echo := mustBuild(goscapy.NewIP().SrcIP(addrB).DstIP(addrA).Over(goscapy.NewICMP().Type(0)).Build())
	for _, b := range [][]byte{te, echo} {
		if parseReply(b, linkRaw, &r) {
			t.Errorf("parsed as an answer: %+v", r)
		}
	}
}

// TestParseReplyShort: every prefix of an answer is refused or read
// without panicking, and parsing allocates nothing.
func TestParseReplyShort(t *testing.T) {
	mustBuild := builtBy(t)
	b := mustBuild(goscapy.NewEthernet().Over(goscapy.NewIP().SrcIP(addrR).DstIP(addrA)).
		Over(goscapy.NewICMP().Type(3).Code(1)).
		Over(goscapy.NewIP().SrcIP(addrA).DstIP(addrB)).
		Over(goscapy.NewTCP().SrcPort(40001)).Build())
	var r reply
	for i := range b {
		if parseReply(b[:i], linkEthernet, &r) && i < 14+20+8+20+8 {
			t.Errorf("a frame of %d bytes parsed", i)
		}
	}
	if allocs := testing.AllocsPerRun(100, func() { parseReply(b, linkEthernet, &r) }); allocs != 0 {
		t.Errorf("parseReply allocates %.1f times", allocs)
	}
}

func FuzzParseReply(f *testing.F) {
	f.Add([]byte{0x45, 0, 0, 20}, true)
	f.Fuzz(func(t *testing.T, b []byte, eth bool) {
		var r reply
		link := uint32(linkRaw)
		if eth {
			link = linkEthernet
		}
		parseReply(b, link, &r)
	})
}
