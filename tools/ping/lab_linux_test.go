//go:build linux

package ping_test

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy/internal/netns"
	"github.com/goscapy/goscapy/tools/ping"
)

func runPing(t *testing.T, lab *netns.Lab, cfg ping.Config) ([]ping.Reply, ping.Stats, error) {
	t.Helper()
	var replies []ping.Reply
	var st ping.Stats
	err := lab.Do(netns.A, func() error {
		var err error
		st, err = ping.Ping(context.Background(), cfg, func(r ping.Reply) { replies = append(replies, r) })
		return err
	})
	return replies, st, err
}

// TestLabPing pings B from A over IPv4 and IPv6, on the LAN and behind
// the router (B answers from its far address; its route back to A is
// the LAN, so the TTL is B's 64 either way).
func TestLabPing(t *testing.T) {
	lab := netns.NewLab(t)
	for _, target := range []netip.Addr{lab.B4, lab.B6, lab.BFar4, lab.BFar6} {
		replies, st, err := runPing(t, lab, ping.Config{Target: target, Count: 3, Interval: 100 * time.Millisecond})
		if err != nil {
			t.Fatalf("%v: %v", target, err)
		}
		if len(replies) != 3 || st.Sent != 3 || st.Received != 3 || st.Loss() != 0 || st.Errors != 0 {
			t.Fatalf("%v: replies %v, stats %+v", target, replies, st)
		}
		for i, r := range replies {
			if r.Seq != i+1 || r.From != target || r.TTL != 64 || r.Size != 64 || r.Error != "" || r.RTT <= 0 || r.RTT > time.Second {
				t.Errorf("%v: reply %d: %+v", target, i, r)
			}
		}
		if st.Min <= 0 || st.Min > st.Avg || st.Avg > st.Max || st.Elapsed < 200*time.Millisecond {
			t.Errorf("%v: stats %+v", target, st)
		}
		t.Logf("%v\n%s", replies[0], st)
	}
}

// TestLabPingTTL: with a TTL of 1 the router answers time exceeded.
func TestLabPingTTL(t *testing.T) {
	lab := netns.NewLab(t)
	replies, st, err := runPing(t, lab, ping.Config{Target: lab.BFar4, Count: 1, TTL: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(replies) != 1 || replies[0].From != lab.R4 || replies[0].Error != "Time to live exceeded" || st.Errors != 1 || st.Received != 0 {
		t.Fatalf("replies %v, stats %+v", replies, st)
	}
	if s := replies[0].String(); s != "From 198.18.1.1 icmp_seq=1 Time to live exceeded" {
		t.Errorf("line %q", s)
	}
}

// TestLabPingLoss: nobody has the address: every request is lost, and
// the run takes the requests' schedule.
func TestLabPingLoss(t *testing.T) {
	lab := netns.NewPair(t)
	replies, st, err := runPing(t, lab, ping.Config{Target: netip.MustParseAddr("198.18.1.77"), Count: 2,
		Interval: 100 * time.Millisecond, Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if len(replies) != 0 || st.Sent != 2 || st.Received != 0 || st.Loss() != 100 {
		t.Errorf("replies %v, stats %+v", replies, st)
	}
	if !strings.Contains(st.String(), "2 packets transmitted, 0 received, 100% packet loss") {
		t.Errorf("summary %q", st)
	}
}

func TestLabPingErrors(t *testing.T) {
	lab := netns.NewPair(t)
	_, _, err := runPing(t, lab, ping.Config{Target: netip.MustParseAddr("203.0.113.1"), Count: 1})
	if err == nil || !strings.Contains(err.Error(), "no route to 203.0.113.1") {
		t.Errorf("no route: %v", err)
	}
	_, _, err = runPing(t, lab, ping.Config{Target: lab.B4, Iface: "nosuch0", Count: 1})
	if err == nil || !strings.Contains(err.Error(), `no such interface "nosuch0"`) {
		t.Errorf("unknown interface: %v", err)
	}
}
