// Package lab builds the goscapy network lab: three Linux network
// namespaces joined by veth pairs and a bridge, made natively with
// netlink and setns (no scripts, no ip command), with the topology and
// addresses of the test harness:
//
//	ns A                 ns R (router)                      ns B
//	a0 198.18.1.2/24 --- ra -+                              b0 198.18.1.3/24
//	   2001:db8:1::2/64      |-- br0 198.18.1.1/24 -- rb ---   2001:db8:1::3/64
//	                         |       2001:db8:1::1/64
//	                         r1 198.18.2.1/24 ------------- b1 198.18.2.2/24
//	                            2001:db8:2::1/64                2001:db8:2::2/64
//
// Addresses come from 198.18.0.0/15 (RFC 2544) and 2001:db8::/32 (RFC
// 3849); every link lives inside the namespaces, so removing them
// removes the whole lab and nothing reaches other networks. Namespaces
// are named PREFIX-ID-a, -r and -b (PREFIX "gslab"), visible to `ip
// netns`.
//
//	l, err := lab.Up(ctx, "")     // a new lab with a fresh ID
//	defer l.Down()
//	err = l.Do(lab.A, func() error { ... }) // sockets opened here live in A
//
// Building a lab needs root, or CAP_NET_ADMIN and CAP_NET_RAW (and
// CAP_SYS_ADMIN to mount the namespaces); without them Up returns an
// error wrapping ErrPermission. On systems other than Linux every call
// returns ErrUnsupported.
package lab

import (
	"embed"
	"errors"
	"net/netip"

	"github.com/goscapy/goscapy/fields"
)

// Errors; test with errors.Is.
var (
	ErrUnsupported = errors.New("network namespaces are not supported on this system (linux only)")
	ErrPermission  = errors.New("needs root or CAP_NET_ADMIN and CAP_NET_RAW")
	ErrNotFound    = errors.New("no such lab")
	ErrName        = errors.New("invalid lab name")
)

// Prefix starts the name of every namespace a lab creates.
const Prefix = "gslab"

// NS names a namespace of the lab.
type NS int

// The namespaces: A acts, R routes, B serves.
const (
	A NS = iota
	R
	B
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

// suffix is the end of the namespace name.
func (n NS) suffix() string {
	switch n {
	case A:
		return "a"
	case R:
		return "r"
	}
	return "b"
}

// Topology describes the lab: interface names, MACs and addresses, the
// same in every lab (they live inside its namespaces).
type Topology struct {
	IfaceA, IfaceB, IfaceBFar, IfaceR, IfaceRFar string
	MACA, MACB, MACBFar, MACR, MACRFar           fields.MAC

	A4, A6, B4, B6, R4, R6, BFar4, BFar6, RFar4, RFar6 netip.Addr
	LAN4, LAN6, Far4, Far6                             netip.Prefix
}

// Default is the lab's topology.
var Default = Topology{
	IfaceA: "a0", IfaceB: "b0", IfaceBFar: "b1", IfaceR: "br0", IfaceRFar: "r1",
	MACA:    fields.MAC{2, 0, 0, 0, 1, 2},
	MACB:    fields.MAC{2, 0, 0, 0, 1, 3},
	MACBFar: fields.MAC{2, 0, 0, 0, 2, 2},
	MACR:    fields.MAC{2, 0, 0, 0, 1, 1},
	MACRFar: fields.MAC{2, 0, 0, 0, 2, 1},
	A4:      netip.MustParseAddr("198.18.1.2"), A6: netip.MustParseAddr("2001:db8:1::2"),
	B4: netip.MustParseAddr("198.18.1.3"), B6: netip.MustParseAddr("2001:db8:1::3"),
	R4: netip.MustParseAddr("198.18.1.1"), R6: netip.MustParseAddr("2001:db8:1::1"),
	BFar4: netip.MustParseAddr("198.18.2.2"), BFar6: netip.MustParseAddr("2001:db8:2::2"),
	RFar4: netip.MustParseAddr("198.18.2.1"), RFar6: netip.MustParseAddr("2001:db8:2::1"),
	LAN4: netip.MustParsePrefix("198.18.1.0/24"), LAN6: netip.MustParsePrefix("2001:db8:1::/64"),
	Far4: netip.MustParsePrefix("198.18.2.0/24"), Far6: netip.MustParsePrefix("2001:db8:2::/64"),
}

// Lab is a lab that is up.
type Lab struct {
	Topology
	// ID is the lab's name between Prefix and the namespace letter.
	ID string
}

// Name returns the namespace name of ns ("gslab-ID-a", ...).
func (l *Lab) Name(ns NS) string { return Prefix + "-" + l.ID + "-" + ns.suffix() }

// validID reports whether id can name a lab: 1 to 8 of [a-z0-9].
func validID(id string) bool {
	if id == "" || len(id) > 8 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

//go:embed testdata/sample.pcap
var sample embed.FS

// Sample returns a small bundled capture (made in this lab: DNS, DHCP,
// DHCPv6, ARP, ICMPv6, TCP over IPv4 and IPv6), for when a live lab
// cannot be built.
func Sample() []byte {
	b, _ := sample.ReadFile("testdata/sample.pcap")
	return b
}
