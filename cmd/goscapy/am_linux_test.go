//go:build linux

package main

import (
	"strings"
	"testing"

	"github.com/goscapy/goscapy/internal/netns"
)

// TestAMCommandLab runs `goscapy am icmp` and `goscapy am arp` in B of a
// pair while A pings an address only the machines answer for.
func TestAMCommandLab(t *testing.T) {
	lab := netns.NewPair(t)
	arpDone, icmpDone := make(chan result, 1), make(chan result, 1)
	go lab.Do(netns.B, func() error {
		arpDone <- runCmdNoCheck("am", "arp", "-i", lab.IfaceB, "--timeout", "3s", "198.18.1.60")
		return nil
	})
	go lab.Do(netns.B, func() error {
		icmpDone <- runCmdNoCheck("am", "icmp", "-i", lab.IfaceB, "--timeout", "3s", "198.18.1.60")
		return nil
	})
	// The machines start at once; ping retries its first ARP requests.
	pout, err := lab.Exec(netns.A, "ping", "-c", "2", "-i", "0.3", "-w", "2", "198.18.1.60")
	if err != nil {
		t.Errorf("ping: %v", err)
	}
	a, i := <-arpDone, <-icmpDone
	if a.code != exitOK || !strings.Contains(a.stdout, "arp 198.18.1.60 is-at "+lab.MACB.String()) ||
		!strings.Contains(a.stdout, "am arp on b0: ") {
		t.Errorf("am arp: %d %q %q", a.code, a.stdout, a.stderr)
	}
	if i.code != exitOK || !strings.Contains(i.stdout, "icmp echo-reply 198.18.1.60 -> 198.18.1.2") ||
		!strings.Contains(i.stdout, "am icmp on b0: ") || !strings.Contains(i.stdout, " answered") {
		t.Errorf("am icmp: %d %q %q\nping: %s", i.code, i.stdout, i.stderr, pout)
	}
}

func runCmdNoCheck(args ...string) result {
	var o, e strings.Builder
	code := run(args, strings.NewReader(""), &o, &e)
	return result{o.String(), e.String(), code}
}
