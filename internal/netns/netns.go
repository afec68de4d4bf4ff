// Package netns is the test harness for live traffic: it builds small
// networks of Linux network namespaces joined by veth pairs, runs code and
// commands inside them, and tears everything down when the test ends.
//
// Traffic in these networks never leaves the namespaces the test created:
// addresses come from 198.18.0.0/15 (RFC 2544) and 2001:db8::/32 (RFC
// 3849), and every link is created inside the namespaces, so deleting them
// removes all. Tests call Require first; it skips them when not run as
// root or when iproute2's ip command is missing.
//
//	netns.Require(t)
//	lab := netns.NewLab(t)          // namespaces A, R (router) and B
//	err := lab.Do(netns.A, func() error {
//		// sockets opened here live in A, whichever goroutine uses them later
//		return nil
//	})
//
// The lab has the topology of the shared netlab.sh:
//
//	ns A                 ns R (router)                      ns B
//	a0 198.18.1.2/24 --- ra -+                              b0 198.18.1.3/24
//	   2001:db8:1::2/64      |-- br0 198.18.1.1/24 -- rb ---   2001:db8:1::3/64
//	                         |       2001:db8:1::1/64
//	                         r1 198.18.2.1/24 ------------- b1 198.18.2.2/24
//	                            2001:db8:2::1/64                2001:db8:2::2/64
//
// A, R and B share one Ethernet segment (bridge br0 in R); B's second
// interface sits behind R, which forwards. A's default routes point to R,
// B's to R's far address. NewPair builds the smaller network of A and B
// joined by one veth pair (a0 - b0, same addresses and MACs, no router).
package netns

import (
	"net/netip"
	"testing"

	"github.com/goscapy/goscapy/fields"
)

// NS names a namespace of a Lab.
type NS int

// The namespaces of a Lab. A pair has A and B only.
const (
	A NS = iota // the host the tests act from
	R           // the router (lab only)
	B           // the peer: services listen here
)

func (n NS) String() string {
	switch n {
	case A:
		return "A"
	case R:
		return "R"
	case B:
		return "B"
	}
	return "NS(?)"
}

// Lab is a network of namespaces created for one test. The exported fields
// describe it; they are the same in every lab (interface names, addresses
// and MACs live inside the namespaces, so labs of tests running at the
// same time do not collide).
type Lab struct {
	// Interfaces: IfaceA in A, IfaceB (LAN) and IfaceBFar in B, IfaceR
	// (the bridge on the LAN) and IfaceRFar in R. IfaceBFar, IfaceR and
	// IfaceRFar are empty in a pair.
	IfaceA, IfaceB, IfaceBFar, IfaceR, IfaceRFar string

	// MAC addresses of those interfaces.
	MACA, MACB, MACBFar, MACR, MACRFar fields.MAC

	// Addresses: A4/A6 on a0, B4/B6 on b0, R4/R6 on br0 (the gateway of
	// A), BFar4/BFar6 on b1, RFar4/RFar6 on r1 (the gateway of B). The
	// router and far addresses are invalid in a pair.
	A4, A6, B4, B6, R4, R6, BFar4, BFar6, RFar4, RFar6 netip.Addr

	// The LAN (A, R, B) and FAR (R, B) subnets.
	LAN4, LAN6, Far4, Far6 netip.Prefix

	t     testing.TB
	names [3]string // namespace names; "" for R in a pair
	pair  bool
	state *labState // platform part
}

// Name returns the name of namespace ns as `ip netns` knows it ("" for R
// in a pair).
func (l *Lab) Name(ns NS) string {
	if ns < A || ns > B {
		return ""
	}
	return l.names[ns]
}

// Pair reports whether the lab is a pair (A and B only).
func (l *Lab) Pair() bool { return l.pair }

// HTTPBody is what the HTTP server of StartHTTP answers to every request.
const HTTPBody = "netlab packet lab: B says hello\n"

func mustMAC(s string) fields.MAC {
	m, err := fields.ParseMAC(s)
	if err != nil {
		panic(err)
	}
	return m
}

// newLabValues fills the exported description.
func newLabValues(t testing.TB, pair bool) *Lab {
	l := &Lab{
		t: t, pair: pair,
		IfaceA: "a0", IfaceB: "b0",
		MACA: mustMAC("02:00:00:00:01:02"), MACB: mustMAC("02:00:00:00:01:03"),
		A4: netip.MustParseAddr("198.18.1.2"), A6: netip.MustParseAddr("2001:db8:1::2"),
		B4: netip.MustParseAddr("198.18.1.3"), B6: netip.MustParseAddr("2001:db8:1::3"),
		LAN4: netip.MustParsePrefix("198.18.1.0/24"), LAN6: netip.MustParsePrefix("2001:db8:1::/64"),
	}
	if !pair {
		l.IfaceBFar, l.IfaceR, l.IfaceRFar = "b1", "br0", "r1"
		l.MACBFar = mustMAC("02:00:00:00:02:02")
		l.MACR = mustMAC("02:00:00:00:01:01")
		l.MACRFar = mustMAC("02:00:00:00:02:01")
		l.R4, l.R6 = netip.MustParseAddr("198.18.1.1"), netip.MustParseAddr("2001:db8:1::1")
		l.BFar4, l.BFar6 = netip.MustParseAddr("198.18.2.2"), netip.MustParseAddr("2001:db8:2::2")
		l.RFar4, l.RFar6 = netip.MustParseAddr("198.18.2.1"), netip.MustParseAddr("2001:db8:2::1")
		l.Far4, l.Far6 = netip.MustParsePrefix("198.18.2.0/24"), netip.MustParsePrefix("2001:db8:2::/64")
	}
	return l
}
