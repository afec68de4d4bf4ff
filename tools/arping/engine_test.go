package arping

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

var (
	ourMAC = fields.MustParseMAC("02:00:00:00:01:02")
	ourIP  = netip.MustParseAddr("198.18.1.2")
)

// fakeLink is an Ethernet segment in user space: hosts answer the ARP
// requests they see as the test says.
type fakeLink struct {
	t        *testing.T
	hosts    map[netip.Addr][]fields.MAC // who answers for an address
	lossy    map[netip.Addr]bool         // answers only the second request
	frames   chan []byte
	mu       sync.Mutex
	deadline time.Time
	requests map[netip.Addr]int
	order    []netip.Addr
}

func newFakeLink(t *testing.T) *fakeLink {
	return &fakeLink{t: t, hosts: map[netip.Addr][]fields.MAC{}, lossy: map[netip.Addr]bool{},
		frames: make(chan []byte, 4096), requests: map[netip.Addr]int{}}
}

func (f *fakeLink) reply(from fields.MAC, ip netip.Addr, to fields.MAC, toIP netip.Addr) {
	b, err := goscapy.EtherARP(from, to, ip, toIP, layers.ARPIsAt)
	if err != nil {
		f.t.Error(err)
		return
	}
	f.frames <- b
}

func (f *fakeLink) write(frame []byte) error {
	p, err := goscapy.Dissect(frame)
	if err != nil {
		f.t.Errorf("request does not dissect: %v", err)
		return nil
	}
	eth, _ := packet.LayerOf[*layers.Ethernet](p)
	arp, ok := packet.LayerOf[*layers.ARP](p)
	if !ok || arp.Op != layers.ARPWhoHas || !eth.Dst.IsBroadcast() || eth.Src != ourMAC || arp.HwSrc != ourMAC || arp.PSrc != ourIP {
		f.t.Errorf("not our ARP request: %v", p)
		return nil
	}
	f.mu.Lock()
	f.requests[arp.PDst]++
	n := f.requests[arp.PDst]
	f.order = append(f.order, arp.PDst)
	f.mu.Unlock()
	if f.lossy[arp.PDst] && n < 2 {
		return nil
	}
	for _, m := range f.hosts[arp.PDst] {
		f.reply(m, arp.PDst, arp.HwSrc, arp.PSrc)
	}
	return nil
}

func (f *fakeLink) read(buf []byte) (int, time.Time, error) {
	f.mu.Lock()
	d := f.deadline
	f.mu.Unlock()
	t := time.NewTimer(time.Until(d))
	defer t.Stop()
	select {
	case b := <-f.frames:
		return copy(buf, b), time.Now(), nil
	case <-t.C:
		return 0, time.Time{}, fmt.Errorf("read: %w", os.ErrDeadlineExceeded)
	}
}

func (f *fakeLink) setReadDeadline(d time.Time) error {
	f.mu.Lock()
	f.deadline = d
	f.mu.Unlock()
	return nil
}

func (f *fakeLink) close() error { return nil }

func mac(s string) fields.MAC { return fields.MustParseMAC(s) }
func ip(s string) netip.Addr  { return netip.MustParseAddr(s) }

func TestEngine(t *testing.T) {
	l := newFakeLink(t)
	l.hosts[ip("198.18.1.1")] = []fields.MAC{mac("02:00:00:00:01:01")}
	l.hosts[ip("198.18.1.3")] = []fields.MAC{mac("02:00:00:00:01:03")}
	l.hosts[ip("198.18.1.200")] = []fields.MAC{mac("02:00:00:00:01:c8"), mac("02:00:00:00:99:c8")} // a conflict
	l.hosts[ip("198.18.1.9")] = []fields.MAC{mac("02:00:00:00:01:09")}
	l.lossy[ip("198.18.1.9")] = true
	// unsolicited answers: for an address outside the prefix and to
	// another host
	l.reply(mac("02:00:00:00:05:05"), ip("198.18.2.5"), ourMAC, ourIP)
	l.reply(mac("02:00:00:00:05:06"), ip("198.18.1.6"), mac("02:00:00:00:01:07"), ip("198.18.1.7"))

	cfg := Config{Iface: "fake0", Prefix: netip.MustParsePrefix("198.18.1.0/24"), Retries: 1, Timeout: 40 * time.Millisecond, Concurrency: 32}
	var got []Result
	st, err := run(context.Background(), cfg, l, ourMAC, ourIP, func(r Result) { got = append(got, r) })
	if err != nil {
		t.Fatal(err)
	}
	sortResults(got)
	want := []Result{
		{IP: ip("198.18.1.1"), MAC: mac("02:00:00:00:01:01")},
		{IP: ip("198.18.1.3"), MAC: mac("02:00:00:00:01:03")},
		{IP: ip("198.18.1.9"), MAC: mac("02:00:00:00:01:09")},
		{IP: ip("198.18.1.200"), MAC: mac("02:00:00:00:01:c8")},
		{IP: ip("198.18.1.200"), MAC: mac("02:00:00:00:99:c8"), Duplicate: true},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v\nwant %v", got, want)
	}
	for i := range want {
		if got[i].IP != want[i].IP || got[i].MAC != want[i].MAC || got[i].Duplicate != want[i].Duplicate {
			t.Errorf("result %d: %v, want %v", i, got[i], want[i])
		}
	}
	// 254 addresses but ours: 253; silent ones asked twice
	if st.Addresses != 253 || st.Hosts != 4 || st.Duplicates != 1 {
		t.Errorf("stats %+v", st)
	}
	if wantReq := 3 + 2*(253-3); st.Requests != wantReq { // three answer at once, the lossy one and the silent ones twice
		t.Errorf("%d requests, want %d", st.Requests, wantReq)
	}
	for a, n := range l.requests {
		if a == ourIP || a == ip("198.18.1.0") || a == ip("198.18.1.255") {
			t.Errorf("asked %v", a)
		}
		if len(l.hosts[a]) > 0 && !l.lossy[a] && n != 1 {
			t.Errorf("%v answered but was asked %d times", a, n)
		}
	}
}

// TestConcurrencyBound: with nobody answering, exactly Concurrency
// addresses are being asked until the first timeout.
func TestConcurrencyBound(t *testing.T) {
	l := newFakeLink(t)
	cfg := Config{Iface: "fake0", Prefix: netip.MustParsePrefix("198.18.1.0/24"), Timeout: 10 * time.Second, Concurrency: 5}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := run(ctx, cfg, l, ourMAC, ourIP, nil)
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	l.mu.Lock()
	n := len(l.order)
	l.mu.Unlock()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("err %v", err)
	}
	if n != 5 {
		t.Errorf("%d addresses asked at once, want 5", n)
	}
}

func TestAddresses(t *testing.T) {
	for _, c := range []struct {
		prefix string
		n      int
		first  string
		last   string
	}{
		{"198.18.1.0/24", 253, "198.18.1.1", "198.18.1.254"}, // without .2 (ours)
		{"198.18.1.2/31", 1, "198.18.1.3", "198.18.1.3"},
		{"198.18.1.7/32", 1, "198.18.1.7", "198.18.1.7"},
		{"198.18.1.77/30", 2, "198.18.1.77", "198.18.1.78"},
	} {
		as, err := addresses(netip.MustParsePrefix(c.prefix), ourIP)
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != c.n || as[0] != ip(c.first) || as[len(as)-1] != ip(c.last) {
			t.Errorf("%s: %d addresses %v..%v", c.prefix, len(as), as[0], as[len(as)-1])
		}
		if slices.Contains(as, ourIP) {
			t.Errorf("%s: our address is asked", c.prefix)
		}
	}
	for _, p := range []string{"2001:db8::/120", "10.0.0.0/8"} {
		if _, err := addresses(netip.MustParsePrefix(p), ourIP); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: %v", p, err)
		}
	}
	if _, err := ScanFunc(context.Background(), Config{Prefix: netip.MustParsePrefix("198.18.1.0/24")}, nil); !errors.Is(err, ErrConfig) {
		t.Errorf("no interface: %v", err)
	}
}

func TestStatsString(t *testing.T) {
	s := Stats{Addresses: 256, Hosts: 2, Elapsed: 1234 * time.Millisecond}
	if got := s.String(); got != "256 hosts scanned in 1.234 seconds; 2 responded" {
		t.Errorf("%q", got)
	}
}
