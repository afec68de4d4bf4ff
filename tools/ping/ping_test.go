package ping

import (
	"context"
	"encoding/hex"
	"errors"
	"net/netip"
	"testing"
	"time"
)

// TestRequest: the echo request is Scapy's
// ICMP(id=0x1234, seq=1)/Raw(bytes(range(56))) behind the IP header.
func TestRequest(t *testing.T) {
	p := Request(Config{Target: netip.MustParseAddr("198.18.1.3")}, 0x1234, 1)
	b, err := p.Build()
	if err != nil {
		t.Fatal(err)
	}
	const scapy = "0800eeb712340001000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637"
	if got := hex.EncodeToString(b[20:]); got != scapy {
		t.Errorf("ICMP part\n got %s\nwant %s", got, scapy)
	}
	if b[8] != 64 || len(b) != 84 {
		t.Errorf("ttl %d, length %d", b[8], len(b))
	}
}

func TestStrings(t *testing.T) {
	r := Reply{Seq: 2, From: netip.MustParseAddr("198.18.1.3"), TTL: 64, RTT: 123456 * time.Nanosecond, Size: 64}
	if s := r.String(); s != "64 bytes from 198.18.1.3: icmp_seq=2 ttl=64 time=0.123 ms" {
		t.Errorf("%q", s)
	}
	r.RTT = 23456789
	if s := r.String(); s != "64 bytes from 198.18.1.3: icmp_seq=2 ttl=64 time=23.5 ms" {
		t.Errorf("%q", s)
	}
	r = Reply{Seq: 1, From: netip.MustParseAddr("198.18.1.1"), Error: icmpError(3, 1)}
	if s := r.String(); s != "From 198.18.1.1 icmp_seq=1 Destination Host Unreachable" {
		t.Errorf("%q", s)
	}
	// 1, 2 and 4 ms: mean 7/3, deviation sqrt(21/3 - 49/9) = sqrt(14)/3
	var rs rttStats
	for _, d := range []time.Duration{time.Millisecond, 2 * time.Millisecond, 4 * time.Millisecond} {
		rs.add(d)
	}
	st := Stats{Target: netip.MustParseAddr("198.18.1.3"), Sent: 4, Received: 3, Elapsed: 3004 * time.Millisecond}
	rs.fill(&st)
	want := "--- 198.18.1.3 ping statistics ---\n" +
		"4 packets transmitted, 3 received, 25% packet loss, time 3004ms\n" +
		"rtt min/avg/max/mdev = 1.000/2.333/4.000/1.247 ms\n"
	if s := st.String(); s != want {
		t.Errorf("summary\n%s\nwant\n%s", s, want)
	}
	if h := Header(Config{Target: netip.MustParseAddr("2001:db8::1")}); h != "PING 2001:db8::1 (2001:db8::1) 56(104) bytes of data." {
		t.Errorf("%q", h)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []Config{{}, {Target: netip.MustParseAddr("198.18.1.3"), Count: -1}, {Target: netip.MustParseAddr("198.18.1.3"), Size: 70000}} {
		if _, err := Ping(context.Background(), cfg, nil); !errors.Is(err, ErrConfig) {
			t.Errorf("%+v: %v", cfg, err)
		}
	}
}
