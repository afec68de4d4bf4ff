//go:build linux

package traceroute_test

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy/internal/netns"
	"github.com/goscapy/goscapy/tools/traceroute"
)

// TestLabTraceroute traces from A to B's far address, behind R, with
// each probe type (IPv4) and with ICMPv6 and UDP over IPv6: R, then the
// target, every probe answered.
func TestLabTraceroute(t *testing.T) {
	lab := netns.NewLab(t)
	// Linux limits the ICMP errors it sends to one host (about one a
	// second after a burst of six): lift the limit in R and B, or the
	// later traces would see R fall silent.
	for _, ns := range []netns.NS{netns.R, netns.B} {
		for _, key := range []string{"net/ipv4/icmp_ratelimit", "net/ipv6/icmp/ratelimit"} {
			if err := lab.Sysctl(ns, key, "0"); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, c := range []struct {
		method         traceroute.Method
		target, router netip.Addr
	}{
		{traceroute.UDP, lab.BFar4, lab.R4},
		{traceroute.ICMP, lab.BFar4, lab.R4},
		{traceroute.TCP, lab.BFar4, lab.R4},
		{traceroute.ICMP, lab.BFar6, lab.R6},
		{traceroute.UDP, lab.BFar6, lab.R6},
	} {
		var res *traceroute.Result
		err := lab.Do(netns.A, func() error {
			var err error
			res, err = traceroute.Trace(context.Background(), traceroute.Config{Target: c.target, Method: c.method,
				MaxHops: 10, Timeout: 500 * time.Millisecond})
			return err
		})
		if err != nil {
			t.Fatalf("%v %v: %v", c.method, c.target, err)
		}
		t.Logf("\n%s", res)
		if !res.Reached || len(res.Hops) != 2 {
			t.Fatalf("%v %v: reached %v in %d hops\n%s", c.method, c.target, res.Reached, len(res.Hops), res)
		}
		for i, want := range []netip.Addr{c.router, c.target} {
			h := res.Hops[i]
			if h.TTL != i+1 || len(h.Probes) != 3 {
				t.Errorf("%v: hop %d: %+v", c.method, i+1, h)
			}
			for _, p := range h.Probes {
				if !p.OK || p.From != want || p.Reached != (i == 1) || p.Note != "" || p.RTT <= 0 || p.RTT > time.Second {
					t.Errorf("%v %v: hop %d: probe %+v, want an answer from %v", c.method, c.target, i+1, p, want)
				}
			}
		}
		if line := res.Hops[0].String(); !strings.HasPrefix(line, " 1  "+c.router.String()+"  ") || strings.Count(line, " ms") != 3 {
			t.Errorf("line %q", line)
		}
	}
}

// TestLabTracerouteUnanswered: probes to an address nobody has on the
// LAN get no answer ("*") up to the last hop.
func TestLabTracerouteUnanswered(t *testing.T) {
	lab := netns.NewPair(t)
	var res *traceroute.Result
	err := lab.Do(netns.A, func() error {
		var err error
		res, err = traceroute.Trace(context.Background(), traceroute.Config{Target: netip.MustParseAddr("198.18.1.77"),
			MaxHops: 3, Probes: 1, Timeout: 300 * time.Millisecond})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Reached || len(res.Hops) != 3 || res.Sent != 3 {
		t.Fatalf("%+v", res)
	}
	if s := res.String(); !strings.HasSuffix(s, " 1  *\n 2  *\n 3  *\n") {
		t.Errorf("table\n%s", s)
	}
}
