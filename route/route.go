package route

import (
	"errors"
	"net"
	"net/netip"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/goscapy/goscapy/fields"
)

// Errors; test with errors.Is.
var (
	// ErrUnsupported is returned on systems without netlink.
	ErrUnsupported = errors.New("route: not supported on " + runtime.GOOS + " (needs linux netlink)")
	// ErrNoInterface reports an interface name or index that does not
	// exist; the message lists the interfaces there are.
	ErrNoInterface = errors.New("no such interface")
	// ErrNoRoute reports a destination the kernel has no route to.
	ErrNoRoute = errors.New("no route")
	// ErrNoAnswer reports an ARP or NDP query nobody answered in time.
	ErrNoAnswer = errors.New("no answer")
)

// CacheTTL is how long ResolveMAC remembers an answer it got on the wire.
const CacheTTL = 10 * time.Second

// DefaultResolveTimeout bounds ResolveMAC when its context has no deadline.
const DefaultResolveTimeout = time.Second

// Interface is a network interface of the host (of the caller's network
// namespace).
type Interface struct {
	Index int
	Name  string
	MTU   int
	MAC   fields.MAC // zero when the link has no 6-byte hardware address
	Flags net.Flags
	// Addrs are the interface's addresses with their prefix length, host
	// bits kept (198.18.1.2/24), IPv4 first, in the kernel's order.
	Addrs []netip.Prefix
	// Type is the ARPHRD_* link type (1 Ethernet, 772 loopback, 65534
	// none for tun devices, ...).
	Type uint16
}

// Link types of Interface.Type.
const (
	LinkEthernet = 1
	LinkLoopback = 772
	LinkNone     = 65534
)

// IsLoopback reports a loopback interface.
func (ifc Interface) IsLoopback() bool { return ifc.Flags&net.FlagLoopback != 0 }

// IsUp reports an interface that is administratively up.
func (ifc Interface) IsUp() bool { return ifc.Flags&net.FlagUp != 0 }

// Addr4 returns the interface's first IPv4 address whose prefix contains
// dst, else its first IPv4 address; ok is false when it has none. With an
// invalid dst it returns the first IPv4 address.
func (ifc Interface) Addr4(dst netip.Addr) (netip.Addr, bool) {
	return ifc.pick(dst, true)
}

// Addr6 is Addr4 for IPv6: an address whose prefix contains dst, else a
// link-local address, else the first IPv6 address.
func (ifc Interface) Addr6(dst netip.Addr) (netip.Addr, bool) {
	return ifc.pick(dst, false)
}

func (ifc Interface) pick(dst netip.Addr, v4 bool) (netip.Addr, bool) {
	var first, ll netip.Addr
	for _, p := range ifc.Addrs {
		a := p.Addr()
		if a.Is4() != v4 {
			continue
		}
		if dst.IsValid() && p.Contains(dst.WithZone("")) {
			return a, true
		}
		if !first.IsValid() {
			first = a
		}
		if !ll.IsValid() && a.IsLinkLocalUnicast() {
			ll = a
		}
	}
	if !v4 && ll.IsValid() {
		return ll, true
	}
	return first, first.IsValid()
}

// String is one line in the manner of `ip link`: "2: a0 mtu 1500
// 02:00:00:00:00:01 up|broadcast|multicast|running 198.18.1.2/24".
func (ifc Interface) String() string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(ifc.Index))
	b.WriteString(": ")
	b.WriteString(ifc.Name)
	b.WriteString(" mtu ")
	b.WriteString(strconv.Itoa(ifc.MTU))
	b.WriteString(" ")
	b.WriteString(ifc.MAC.String())
	b.WriteString(" ")
	b.WriteString(ifc.Flags.String())
	for _, a := range ifc.Addrs {
		b.WriteString(" ")
		b.WriteString(a.String())
	}
	return b.String()
}

// Route is a routing table entry, or the kernel's answer for one
// destination (Lookup).
type Route struct {
	// Dst is the destination prefix (0.0.0.0/0 or ::/0 for a default
	// route).
	Dst netip.Prefix
	// Gateway is the next router; invalid for a directly connected
	// destination.
	Gateway netip.Addr
	// Src is the preferred source address; invalid when the entry names
	// none (Lookup always fills it when the kernel has one).
	Src     netip.Addr
	Iface   string
	IfIndex int
	Metric  int
	Table   int // TableMain, TableLocal, ...
	// Protocol (RTPROT_*: 2 kernel, 3 boot, 4 static, ...), Scope
	// (RT_SCOPE_*: 0 universe, 253 link, 254 host) and Type (RTN_*: 1
	// unicast, 2 local, 3 broadcast, 5 multicast, ...) as the kernel gives
	// them.
	Protocol, Scope, Type uint8
}

// Routing tables.
const (
	TableDefault = 253
	TableMain    = 254
	TableLocal   = 255
)

// Route types (Route.Type).
const (
	RouteUnicast     = 1
	RouteLocal       = 2
	RouteBroadcast   = 3
	RouteAnycast     = 4
	RouteMulticast   = 5
	RouteBlackhole   = 6
	RouteUnreachable = 7
	RouteProhibit    = 8
)

var routeTypeNames = [...]string{"unspec", "unicast", "local", "broadcast", "anycast", "multicast",
	"blackhole", "unreachable", "prohibit", "throw", "nat", "xresolve"}

// String is one line in the manner of `ip route`: "198.18.2.0/24 via
// 198.18.1.1 dev a0 src 198.18.1.2 metric 100 table 254".
func (r Route) String() string {
	var b strings.Builder
	if r.Type != RouteUnicast {
		if int(r.Type) < len(routeTypeNames) {
			b.WriteString(routeTypeNames[r.Type])
		} else {
			b.WriteString("type " + strconv.Itoa(int(r.Type)))
		}
		b.WriteString(" ")
	}
	switch {
	case !r.Dst.IsValid():
		b.WriteString("?")
	case r.Dst.Bits() == 0:
		b.WriteString("default")
	default:
		b.WriteString(r.Dst.String())
	}
	if r.Gateway.IsValid() {
		b.WriteString(" via ")
		b.WriteString(r.Gateway.String())
	}
	if r.Iface != "" {
		b.WriteString(" dev ")
		b.WriteString(r.Iface)
	} else if r.IfIndex != 0 {
		b.WriteString(" dev #")
		b.WriteString(strconv.Itoa(r.IfIndex))
	}
	if r.Src.IsValid() {
		b.WriteString(" src ")
		b.WriteString(r.Src.String())
	}
	if r.Metric != 0 {
		b.WriteString(" metric ")
		b.WriteString(strconv.Itoa(r.Metric))
	}
	if r.Table != 0 {
		b.WriteString(" table ")
		b.WriteString(strconv.Itoa(r.Table))
	}
	return b.String()
}

// NeighState is the state of a neighbour cache entry (Linux NUD_*).
type NeighState uint16

// Neighbour states.
const (
	NeighNone       NeighState = 0x00
	NeighIncomplete NeighState = 0x01
	NeighReachable  NeighState = 0x02
	NeighStale      NeighState = 0x04
	NeighDelay      NeighState = 0x08
	NeighProbe      NeighState = 0x10
	NeighFailed     NeighState = 0x20
	NeighNoARP      NeighState = 0x40
	NeighPermanent  NeighState = 0x80
)

var neighStateNames = [...]string{"INCOMPLETE", "REACHABLE", "STALE", "DELAY", "PROBE", "FAILED", "NOARP", "PERMANENT"}

// String returns the names `ip neigh` prints, joined by "|" when several
// bits are set ("NONE" for none).
func (s NeighState) String() string {
	if s == 0 {
		return "NONE"
	}
	var parts []string
	for i, n := range neighStateNames {
		if s&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	if rest := s &^ 0xff; rest != 0 {
		parts = append(parts, "0x"+strconv.FormatUint(uint64(rest), 16))
	}
	return strings.Join(parts, "|")
}

// Usable reports a state whose link-layer address can be used: reachable,
// stale, delay, probe or permanent.
func (s NeighState) Usable() bool {
	return s&(NeighReachable|NeighStale|NeighDelay|NeighProbe|NeighPermanent) != 0
}

// Neighbor is an entry of the ARP (IPv4) or NDP (IPv6) cache.
type Neighbor struct {
	IP      netip.Addr
	MAC     fields.MAC // zero while incomplete or failed
	State   NeighState
	Iface   string
	IfIndex int
	Router  bool // NTF_ROUTER: an IPv6 router
}

// String is one line in the manner of `ip neigh`: "198.18.1.3 dev a0
// lladdr 02:00:00:00:00:03 REACHABLE".
func (n Neighbor) String() string {
	s := n.IP.String() + " dev " + n.Iface
	if !n.MAC.IsZero() || n.State.Usable() {
		s += " lladdr " + n.MAC.String()
	}
	if n.Router {
		s += " router"
	}
	return s + " " + n.State.String()
}

// MulticastMAC maps a multicast IP address to its Ethernet group address:
// 01:00:5e and the low 23 bits for IPv4 (RFC 1112), 33:33 and the low 32
// bits for IPv6 (RFC 2464). ok is false for any other address.
func MulticastMAC(ip netip.Addr) (mac fields.MAC, ok bool) {
	if !ip.IsMulticast() {
		return mac, false
	}
	if ip.Is4() || ip.Is4In6() {
		a := ip.Unmap().As4()
		return fields.MAC{0x01, 0x00, 0x5e, a[1] & 0x7f, a[2], a[3]}, true
	}
	a := ip.As16()
	return fields.MAC{0x33, 0x33, a[12], a[13], a[14], a[15]}, true
}

// SolicitedNode returns the solicited-node multicast address of an IPv6
// address, ff02::1:ffXX:XXXX (RFC 4291 section 2.7.1).
func SolicitedNode(ip netip.Addr) netip.Addr {
	a := ip.As16()
	return netip.AddrFrom16([16]byte{0xff, 0x02, 11: 0x01, 12: 0xff, 13: a[13], 14: a[14], 15: a[15]})
}

// interfaceNames lists names for "no such interface" errors.
func interfaceNames(ifs []Interface) string {
	if len(ifs) == 0 {
		return "none"
	}
	names := make([]string, len(ifs))
	for i, ifc := range ifs {
		names[i] = ifc.Name
	}
	return strings.Join(names, ", ")
}
