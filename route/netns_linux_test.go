//go:build linux

package route

import (
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy/internal/netns"
)

// The namespace tests run in a pair of internal/netns (A's a0
// 02:00:00:00:01:02 198.18.1.2/24 2001:db8:1::2/64, joined to B's b0
// 02:00:00:00:01:03 198.18.1.3/24 2001:db8:1::3/64), to which newPair adds
// in A:
//
//	198.18.9.0/24 via 198.18.1.3 metric 7
//	2001:db8:9::/64 via 2001:db8:1::3
//	224.0.0.0/4 dev a0
//	permanent neighbour 198.18.1.50 at 02:00:00:00:00:50
//
// Traffic stays inside the namespaces the test made.

const (
	macA = "02:00:00:00:01:02"
	macB = "02:00:00:00:01:03"
)

func newPair(t *testing.T) *netns.Lab {
	t.Helper()
	lab := netns.NewPair(t)
	for _, c := range [][]string{
		{"ip", "route", "add", "198.18.9.0/24", "via", "198.18.1.3", "metric", "7"},
		{"ip", "-6", "route", "add", "2001:db8:9::/64", "via", "2001:db8:1::3"},
		{"ip", "route", "add", "224.0.0.0/4", "dev", "a0"},
		{"ip", "neigh", "add", "198.18.1.50", "lladdr", "02:00:00:00:00:50", "dev", "a0", "nud", "permanent"},
	} {
		nsRun(t, lab, netns.A, c...)
	}
	waitLinkLocal(t, lab, netns.A, "a0")
	waitLinkLocal(t, lab, netns.B, "b0")
	return lab
}

// waitLinkLocal waits until dev in ns has its IPv6 link-local address.
func waitLinkLocal(t *testing.T, lab *netns.Lab, ns netns.NS, dev string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		out := nsRun(t, lab, ns, "ip", "-6", "addr", "show", "dev", dev)
		if strings.Contains(out, "fe80::") && !strings.Contains(out, "tentative") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no link-local address on %s in %v: %s", dev, ns, out)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// nsRun runs a command in namespace ns.
func nsRun(t *testing.T, lab *netns.Lab, ns netns.NS, cmd ...string) string {
	t.Helper()
	out, err := lab.Exec(ns, cmd...)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// inNS runs fn on the test's thread switched into namespace ns.
func inNS(t *testing.T, lab *netns.Lab, ns netns.NS, fn func() error) {
	t.Helper()
	if err := lab.Do(ns, fn); err != nil {
		t.Fatal(err)
	}
}
