//go:build linux

package route

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/internal/netns"
)

var (
	ipA  = netip.MustParseAddr("198.18.1.2")
	ipB  = netip.MustParseAddr("198.18.1.3")
	ip6A = netip.MustParseAddr("2001:db8:1::2")
	ip6B = netip.MustParseAddr("2001:db8:1::3")
)

func TestNetnsInterfaces(t *testing.T) {
	p := newPair(t)
	inNS(t, p, netns.A, func() error {
		ifs, err := Interfaces()
		if err != nil {
			return err
		}
		if len(ifs) != 2 || ifs[0].Name != "lo" || ifs[1].Name != "a0" {
			t.Fatalf("interfaces %v", ifs)
		}
		a0 := ifs[1]
		if a0.MAC != fields.MustParseMAC(macA) || a0.MTU != 1500 || a0.Type != LinkEthernet ||
			a0.Flags&(net.FlagUp|net.FlagBroadcast|net.FlagMulticast) != net.FlagUp|net.FlagBroadcast|net.FlagMulticast {
			t.Errorf("a0: %v", a0)
		}
		for _, want := range []string{"198.18.1.2/24", "2001:db8:1::2/64"} {
			if !slices.Contains(a0.Addrs, netip.MustParsePrefix(want)) {
				t.Errorf("a0 lacks %s: %v", want, a0.Addrs)
			}
		}
		if ll, ok := a0.Addr6(netip.MustParseAddr("2001:db8:7::1")); !ok || !ll.IsLinkLocalUnicast() {
			t.Errorf("a0 link-local: %v %v", ll, ok)
		}
		if !ifs[0].IsLoopback() || ifs[0].Type != LinkLoopback {
			t.Errorf("lo: %v", ifs[0])
		}
		byName, err := InterfaceByName("a0")
		if err != nil || byName.Index != a0.Index || !slices.Equal(byName.Addrs, a0.Addrs) {
			t.Errorf("InterfaceByName(a0) = %v, %v", byName, err)
		}
		byIndex, err := InterfaceByIndex(a0.Index)
		if err != nil || byIndex.Name != "a0" {
			t.Errorf("InterfaceByIndex(%d) = %v, %v", a0.Index, byIndex, err)
		}
		_, err = InterfaceByName("eth9")
		if !errors.Is(err, ErrNoInterface) || err.Error() != `route: no such interface "eth9" (available: lo, a0)` {
			t.Errorf("unknown interface: %v", err)
		}
		if _, err := InterfaceByIndex(999); !errors.Is(err, ErrNoInterface) {
			t.Errorf("unknown index: %v", err)
		}
		return nil
	})
}

func TestNetnsRoutes(t *testing.T) {
	p := newPair(t)
	inNS(t, p, netns.A, func() error {
		main := func(family int) []string {
			rs, err := Routes(family)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rs {
				if r.Table == TableMain {
					out = append(out, r.String())
				}
			}
			return out
		}
		want4 := []string{
			"198.18.1.0/24 dev a0 src 198.18.1.2 table 254",
			"198.18.9.0/24 via 198.18.1.3 dev a0 metric 7 table 254",
			"224.0.0.0/4 dev a0 table 254", // `ip route add` makes it a unicast route
		}
		if got := main(unix.AF_INET); !slices.Equal(got, want4) {
			t.Errorf("IPv4 main table:\n%s", strings.Join(got, "\n"))
		}
		want6 := []string{
			"2001:db8:1::/64 dev a0 metric 256 table 254",
			"2001:db8:9::/64 via 2001:db8:1::3 dev a0 metric 1024 table 254",
			"fe80::/64 dev a0 metric 256 table 254",
		}
		if got := main(unix.AF_INET6); !slices.Equal(got, want6) {
			t.Errorf("IPv6 main table:\n%s", strings.Join(got, "\n"))
		}
		all, err := Routes(0)
		if err != nil {
			return err
		}
		var local bool
		for _, r := range all {
			if r.Table == TableLocal && r.Type == RouteLocal && r.Dst == netip.PrefixFrom(ipA, 32) {
				local = true
			}
		}
		if !local {
			t.Errorf("no local route for 198.18.1.2 among %v", all)
		}
		return nil
	})
}

func TestNetnsLookup(t *testing.T) {
	p := newPair(t)
	inNS(t, p, netns.A, func() error {
		for _, tc := range []struct {
			dst, prefix, gw, src, iface string
			metric                      int
			typ                         uint8
		}{
			{"198.18.1.3", "198.18.1.0/24", "", "198.18.1.2", "a0", 0, RouteUnicast},
			{"198.18.9.7", "198.18.9.0/24", "198.18.1.3", "198.18.1.2", "a0", 7, RouteUnicast},
			{"2001:db8:1::3", "2001:db8:1::/64", "", "2001:db8:1::2", "a0", 256, RouteUnicast},
			{"2001:db8:9::1", "2001:db8:9::/64", "2001:db8:1::3", "2001:db8:1::2", "a0", 1024, RouteUnicast},
			{"198.18.1.2", "198.18.1.2/32", "", "198.18.1.2", "lo", 0, RouteLocal},
			{"::ffff:198.18.1.3", "198.18.1.0/24", "", "198.18.1.2", "a0", 0, RouteUnicast},
		} {
			r, err := Lookup(netip.MustParseAddr(tc.dst))
			if err != nil {
				t.Errorf("%s: %v", tc.dst, err)
				continue
			}
			var gw netip.Addr
			if tc.gw != "" {
				gw = netip.MustParseAddr(tc.gw)
			}
			if r.Dst != netip.MustParsePrefix(tc.prefix) || r.Gateway != gw || r.Src != netip.MustParseAddr(tc.src) ||
				r.Iface != tc.iface || r.Metric != tc.metric || r.Type != tc.typ || r.Table != TableMain {
				t.Errorf("%s: got %v (type %d)", tc.dst, r, r.Type)
			}
		}
		for _, dst := range []string{"198.19.0.1", "2001:db8:5::1"} {
			_, err := Lookup(netip.MustParseAddr(dst))
			if !errors.Is(err, ErrNoRoute) || !errors.Is(err, unix.ENETUNREACH) || !strings.Contains(err.Error(), dst) {
				t.Errorf("%s: want a no-route error, got %v", dst, err)
			}
		}
		// A scoped address is looked up on its interface.
		r, err := Lookup(netip.MustParseAddr("fe80::1%a0"))
		if err != nil || r.Iface != "a0" {
			t.Errorf("fe80::1%%a0: %v %v", r, err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := LookupContext(ctx, ipB); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled lookup: %v", err)
		}
		return nil
	})
}

func TestNetnsNeighbors(t *testing.T) {
	p := newPair(t)
	nsRun(t, p, netns.A, "ip", "-6", "neigh", "add", "2001:db8:1::50", "lladdr", "02:00:00:00:00:51", "dev", "a0", "nud", "stale")
	inNS(t, p, netns.A, func() error {
		ns, err := Neighbors("a0")
		if err != nil {
			return err
		}
		var got []string
		for _, n := range ns {
			if !n.IP.IsMulticast() {
				got = append(got, n.String())
			}
		}
		slices.Sort(got)
		want := []string{
			"198.18.1.50 dev a0 lladdr 02:00:00:00:00:50 PERMANENT",
			"2001:db8:1::50 dev a0 lladdr 02:00:00:00:00:51 STALE",
		}
		if !slices.Equal(got, want) {
			t.Errorf("neighbours:\n%s", strings.Join(got, "\n"))
		}
		all, err := Neighbors("")
		if err != nil || len(all) < len(ns) {
			t.Errorf("all neighbours: %v %v", all, err)
		}
		if _, err := Neighbors("eth9"); !errors.Is(err, ErrNoInterface) || !strings.Contains(err.Error(), "a0") {
			t.Errorf("unknown interface: %v", err)
		}
		// A cache entry is used as it is: nothing is sent for these.
		for ip, want := range map[string]string{"198.18.1.50": "02:00:00:00:00:50", "2001:db8:1::50": "02:00:00:00:00:51"} {
			mac, err := ResolveMAC(context.Background(), "a0", netip.MustParseAddr(ip))
			if err != nil || mac.String() != want {
				t.Errorf("ResolveMAC(%s) = %v, %v; want %s", ip, mac, err, want)
			}
		}
		return nil
	})
}

func TestNetnsResolveMAC(t *testing.T) {
	p := newPair(t)
	FlushCache()
	inNS(t, p, netns.A, func() error {
		for _, ip := range []netip.Addr{ipB, ip6B} {
			start := time.Now()
			mac, err := ResolveMAC(context.Background(), "a0", ip)
			if err != nil {
				t.Errorf("%s: %v", ip, err)
				continue
			}
			if mac != fields.MustParseMAC(macB) {
				t.Errorf("%s: got %v, want %s", ip, mac, macB)
			}
			t.Logf("%s is at %v (%v)", ip, mac, time.Since(start))
		}
		return nil
	})
	// B's kernel answered our query, so it learned A from it.
	for _, c := range [][]string{{"ip", "neigh", "show", "198.18.1.2", "dev", "b0"}, {"ip", "-6", "neigh", "show", "2001:db8:1::2", "dev", "b0"}} {
		if out := nsRun(t, p, netns.B, c...); !strings.Contains(out, macA) {
			t.Errorf("%s in B: %q, want an entry with %s", strings.Join(c, " "), out, macA)
		}
	}
	// A's kernel was not asked: the query went out on our own socket.
	if out := nsRun(t, p, netns.A, "ip", "neigh", "show", "198.18.1.3"); strings.Contains(out, macB) {
		t.Logf("A's kernel also knows B: %q", out)
	}
	// The answer is remembered: with B gone, it still resolves.
	nsRun(t, p, netns.B, "ip", "link", "set", "b0", "down")
	inNS(t, p, netns.A, func() error {
		mac, err := ResolveMAC(context.Background(), "a0", ipB)
		if err != nil || mac != fields.MustParseMAC(macB) {
			t.Errorf("from the cache: %v %v", mac, err)
		}
		return nil
	})
}

func TestNetnsResolveAbsent(t *testing.T) {
	p := newPair(t)
	FlushCache()
	inNS(t, p, netns.A, func() error {
		for _, ip := range []string{"198.18.1.9", "2001:db8:1::9"} {
			start := time.Now()
			_, err := ResolveMAC(context.Background(), "a0", netip.MustParseAddr(ip))
			took := time.Since(start)
			if !errors.Is(err, ErrNoAnswer) || err.Error() != "route: no answer from "+ip+" on a0 (is it up?)" {
				t.Errorf("%s: got %v", ip, err)
			}
			if took > 3*time.Second || took < 900*time.Millisecond {
				t.Errorf("%s: failed after %v, want about 1s", ip, took)
			}
		}
		// A shorter deadline is honoured.
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		if _, err := ResolveMAC(ctx, "a0", netip.MustParseAddr("198.18.1.9")); !errors.Is(err, ErrNoAnswer) {
			t.Errorf("short deadline: %v", err)
		}
		if took := time.Since(start); took > 1500*time.Millisecond {
			t.Errorf("short deadline: took %v", took)
		}
		// Cancellation stops it at once.
		ctx2, cancel2 := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel2)
		start = time.Now()
		if _, err := ResolveMAC(ctx2, "a0", netip.MustParseAddr("198.18.1.9")); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled: %v", err)
		}
		if took := time.Since(start); took > 1500*time.Millisecond {
			t.Errorf("cancelled: took %v", took)
		}
		if _, err := ResolveMAC(context.Background(), "eth9", ipB); !errors.Is(err, ErrNoInterface) ||
			!strings.Contains(err.Error(), "available: lo, a0") {
			t.Errorf("unknown interface: %v", err)
		}
		return nil
	})
	nsRun(t, p, netns.A, "ip", "link", "set", "a0", "down")
	inNS(t, p, netns.A, func() error {
		_, err := ResolveMAC(context.Background(), "a0", ipB)
		if err == nil || !strings.Contains(err.Error(), "a0 is down") {
			t.Errorf("interface down: %v", err)
		}
		return nil
	})
}

func TestNetnsNextHop(t *testing.T) {
	p := newPair(t)
	FlushCache()
	inNS(t, p, netns.A, func() error {
		zero := fields.MAC{}
		for _, tc := range []struct {
			dst, iface, src string
			mac             fields.MAC
		}{
			{"198.18.9.7", "a0", "198.18.1.2", fields.MustParseMAC(macB)}, // via the gateway B
			{"198.18.1.3", "a0", "198.18.1.2", fields.MustParseMAC(macB)}, // connected
			{"2001:db8:9::1", "a0", "2001:db8:1::2", fields.MustParseMAC(macB)},
			{"198.18.1.255", "a0", "198.18.1.2", fields.BroadcastMAC}, // subnet broadcast
			{"224.0.0.251", "a0", "198.18.1.2", fields.MustParseMAC("01:00:5e:00:00:fb")},
			{"ff02::fb", "a0", "", fields.MustParseMAC("33:33:00:00:00:fb")}, // source: link-local
			{"198.18.1.2", "lo", "198.18.1.2", zero},                         // our own address
			{"127.0.0.1", "lo", "127.0.0.1", zero},
			{"198.18.1.50", "a0", "198.18.1.2", fields.MustParseMAC("02:00:00:00:00:50")},
		} {
			iface, src, mac, err := NextHop(netip.MustParseAddr(tc.dst))
			if err != nil {
				t.Errorf("%s: %v", tc.dst, err)
				continue
			}
			if iface != tc.iface || mac != tc.mac || (tc.src != "" && src != netip.MustParseAddr(tc.src)) {
				t.Errorf("%s: got %s %v %v, want %s %s %v", tc.dst, iface, src, mac, tc.iface, tc.src, tc.mac)
			}
		}
		if _, _, _, err := NextHop(netip.MustParseAddr("198.19.0.1")); !errors.Is(err, ErrNoRoute) {
			t.Errorf("no route: %v", err)
		}
		start := time.Now()
		_, _, _, err := NextHop(netip.MustParseAddr("198.18.1.9"))
		if !errors.Is(err, ErrNoAnswer) || time.Since(start) > 3*time.Second {
			t.Errorf("absent host: %v after %v", err, time.Since(start))
		}
		return nil
	})
}

// TestNetnsRouter runs in the three-namespace lab: A reaches B's far
// network through router R, so the next hop is R's MAC, which A learns by
// ARP and NDP across R's bridge.
func TestNetnsRouter(t *testing.T) {
	lab := netns.NewLab(t)
	waitLinkLocal(t, lab, netns.A, lab.IfaceA)
	FlushCache()
	inNS(t, lab, netns.A, func() error {
		for _, tc := range []struct{ dst, gw, src string }{
			{lab.BFar4.String(), lab.R4.String(), lab.A4.String()},
			{lab.BFar6.String(), lab.R6.String(), lab.A6.String()},
		} {
			r, err := Lookup(netip.MustParseAddr(tc.dst))
			if err != nil {
				t.Errorf("%s: %v", tc.dst, err)
				continue
			}
			if r.Dst.Bits() != 0 || r.Gateway != netip.MustParseAddr(tc.gw) || r.Src != netip.MustParseAddr(tc.src) ||
				r.Iface != lab.IfaceA || r.Table != TableMain {
				t.Errorf("%s: got %v, want default via %s dev %s src %s", tc.dst, r, tc.gw, lab.IfaceA, tc.src)
			}
			start := time.Now()
			iface, src, mac, err := NextHop(netip.MustParseAddr(tc.dst))
			if err != nil || iface != lab.IfaceA || src != netip.MustParseAddr(tc.src) || mac != lab.MACR {
				t.Errorf("next hop of %s: %s %v %v %v, want %s %s %v", tc.dst, iface, src, mac, err, lab.IfaceA, tc.src, lab.MACR)
			}
			t.Logf("next hop of %s: %v (%v)", tc.dst, mac, time.Since(start))
		}
		// B on the same segment is reached directly.
		_, _, mac, err := NextHop(lab.B4)
		if err != nil || mac != lab.MACB {
			t.Errorf("next hop of %v: %v %v, want %v", lab.B4, mac, err, lab.MACB)
		}
		return nil
	})
	inNS(t, lab, netns.B, func() error {
		// B reaches A directly over the LAN, not through its default
		// route.
		r, err := Lookup(lab.A4)
		if err != nil || r.Iface != lab.IfaceB || r.Gateway.IsValid() {
			t.Errorf("from B to %v: %v %v", lab.A4, r, err)
		}
		return nil
	})
}
