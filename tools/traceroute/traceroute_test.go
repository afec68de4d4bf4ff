package traceroute

import (
	"encoding/hex"
	"errors"
	"net/netip"
	"testing"
	"time"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// TestProbes: the probes are Scapy's, with the probe number in the UDP
// destination port, the TCP source port or the ICMP sequence number.
func TestProbes(t *testing.T) {
	for _, c := range []struct {
		method Method
		target string
		scapy  string // with src set, as Scapy builds it
	}{
		// IP(src, dst, ttl=2)/UDP(sport=0x8000|4660, dport=33434+3)/Raw(bytes(32))
		{UDP, "198.18.2.2", "4500003c0001000002112988c6120102c61202029234829d00285ba30000000000000000000000000000000000000000000000000000000000000000"},
		// IP(src, dst, ttl=2)/TCP(sport=33000+3, dport=80, flags="S", seq=(33000<<16)|3, window=5840)
		{TCP, "198.18.2.2", "4500002800010000020629a7c6120102c612020280eb005080e8000300000000500216d007c30000"},
		// IP(src, dst, ttl=2)/ICMP(id=0x8000|4660, seq=4)/Raw(bytes(32))
		{ICMP, "198.18.2.2", "4500003c0001000002012998c6120102c6120202080065c7923400040000000000000000000000000000000000000000000000000000000000000000"},
		// IPv6(src, dst, hlim=2)/ICMPv6EchoRequest(id=0x8000|4660, seq=4)/Raw(bytes(32))
		{ICMP, "2001:db8:2::2", "6000000000283a0220010db800010000000000000000000220010db8000200000000000000000002800091eb923400040000000000000000000000000000000000000000000000000000000000000000"},
	} {
		s, err := configure(Config{Target: netip.MustParseAddr(c.target), Method: c.method})
		if err != nil {
			t.Fatal(err)
		}
		if c.method != TCP {
			s.id = 0x8000 | 4660
		}
		p := s.request(2, 0)
		switch ip := p.Layer(0).(type) {
		case *layers.IPv4:
			ip.Src = netip.MustParseAddr("198.18.1.2")
		case *layers.IPv6:
			ip.Src = netip.MustParseAddr("2001:db8:1::2")
		}
		b, err := p.Build()
		if err != nil {
			t.Fatal(err)
		}
		if got := hex.EncodeToString(b); got != c.scapy {
			t.Errorf("%v %s:\n got %s\nwant %s", c.method, c.target, got, c.scapy)
		}
		sent, err := packet.Dissect(b, p.Layer(0).Proto().Type())
		if err != nil {
			t.Fatal(err)
		}
		if n, ok := s.probeNumber(sent); !ok || n != 3 {
			t.Errorf("%v: probe number %d %v, want 3", c.method, n, ok)
		}
		if ttl, q := s.probeOf(3); ttl != 2 || q != 0 {
			t.Errorf("probeOf(3) = %d, %d", ttl, q)
		}
	}
}

func TestTable(t *testing.T) {
	r := &Result{Target: netip.MustParseAddr("198.18.2.2"), Method: UDP, MaxHops: 30, Hops: []Hop{
		{TTL: 1, Probes: []Probe{{OK: true, From: netip.MustParseAddr("198.18.1.1"), RTT: 215 * time.Microsecond},
			{OK: true, From: netip.MustParseAddr("198.18.1.1"), RTT: 190 * time.Microsecond}, {}}},
		{TTL: 2, Probes: []Probe{{}, {}, {}}},
		{TTL: 3, Probes: []Probe{{OK: true, From: netip.MustParseAddr("10.0.0.1"), RTT: time.Millisecond},
			{OK: true, From: netip.MustParseAddr("10.0.0.2"), RTT: 2 * time.Millisecond, Note: "!H"},
			{OK: true, From: netip.MustParseAddr("10.0.0.2"), RTT: 3 * time.Millisecond}}},
	}}
	want := "traceroute to 198.18.2.2 (198.18.2.2), 30 hops max, udp probes\n" +
		" 1  198.18.1.1  0.215 ms  0.190 ms *\n" +
		" 2  * * *\n" +
		" 3  10.0.0.1  1.000 ms 10.0.0.2  2.000 ms !H  3.000 ms\n"
	if s := r.String(); s != want {
		t.Errorf("table\n%s\nwant\n%s", s, want)
	}
}

func TestConfigErrors(t *testing.T) {
	a := netip.MustParseAddr("198.18.2.2")
	for _, cfg := range []Config{{}, {Target: a, MaxHops: 256}, {Target: a, FirstTTL: 5, MaxHops: 4},
		{Target: a, Probes: 11}, {Target: a, Port: 65530}, {Target: a, Method: 7}} {
		if _, err := configure(cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("%+v: %v", cfg, err)
		}
	}
	for s, want := range map[string]Method{"udp": UDP, "ICMP": ICMP, "tcp": TCP} {
		if m, err := ParseMethod(s); err != nil || m != want {
			t.Errorf("ParseMethod(%q) = %v, %v", s, m, err)
		}
	}
	if _, err := ParseMethod("sctp"); !errors.Is(err, ErrConfig) {
		t.Errorf("sctp: %v", err)
	}
}
