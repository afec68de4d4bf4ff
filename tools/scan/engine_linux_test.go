//go:build linux

package scan

import (
	"net/netip"
	"testing"

	"golang.org/x/sys/unix"
)

// TestEngineRefused: probes the kernel refuses (no route, a local
// firewall) mark their ports filtered with a local reason, get no
// retry, and do not stop the scan.
func TestEngineRefused(t *testing.T) {
	cfg := testConfig(t, "198.18.1.0/29", 1)
	net := newFakeNet(t, func(netip.Addr, uint16) string { return "closed" })
	net.refuse = func(dst netip.Addr) error {
		switch dst.As4()[3] {
		case 2:
			return unix.ENETUNREACH
		case 5:
			return unix.EPERM
		}
		return nil
	}
	got, st := runFake(t, cfg, net)
	if len(got) != 8*len(cfg.Ports) {
		t.Fatalf("%d results", len(got))
	}
	for ap, r := range got {
		want, reason := Closed, ReasonReset
		switch ap.Addr().As4()[3] {
		case 2:
			want, reason = Filtered, "local-net-unreach"
		case 5:
			want, reason = Filtered, "local-prohibited"
		}
		if r.State != want || r.Reason != reason {
			t.Errorf("%v: %v, want %v %s", ap, r, want, reason)
		}
	}
	if st.Unsent != uint64(2*len(cfg.Ports)) || st.Probes != uint64(6*len(cfg.Ports)) || st.Rounds != 1 {
		t.Errorf("stats %+v", st)
	}
}
