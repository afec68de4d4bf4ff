package route

import (
	"net"
	"net/netip"
	"testing"

	"github.com/goscapy/goscapy/fields"
)

func TestMulticastMAC(t *testing.T) {
	for _, tc := range []struct{ ip, mac string }{
		{"224.0.0.251", "01:00:5e:00:00:fb"},
		{"239.255.255.250", "01:00:5e:7f:ff:fa"},
		{"224.128.1.2", "01:00:5e:00:01:02"}, // the 24th bit is dropped
		{"::ffff:224.0.0.1", "01:00:5e:00:00:01"},
		{"ff02::1", "33:33:00:00:00:01"},
		{"ff02::1:ff00:3", "33:33:ff:00:00:03"},
		{"198.18.1.3", ""},
		{"2001:db8::1", ""},
	} {
		mac, ok := MulticastMAC(netip.MustParseAddr(tc.ip))
		if tc.mac == "" {
			if ok {
				t.Errorf("%s: got %v", tc.ip, mac)
			}
			continue
		}
		if !ok || mac.String() != tc.mac {
			t.Errorf("%s: got %v %v, want %s", tc.ip, mac, ok, tc.mac)
		}
	}
}

func TestSolicitedNode(t *testing.T) {
	for ip, want := range map[string]string{
		"2001:db8:1::3":       "ff02::1:ff00:3",
		"fe80::ff:feaa:2":     "ff02::1:ffaa:2",
		"2001:db8::1234:5678": "ff02::1:ff34:5678",
	} {
		if got := SolicitedNode(netip.MustParseAddr(ip)); got != netip.MustParseAddr(want) {
			t.Errorf("%s: got %v, want %s", ip, got, want)
		}
	}
}

func TestNeighState(t *testing.T) {
	for s, want := range map[NeighState]string{
		NeighNone:                "NONE",
		NeighReachable:           "REACHABLE",
		NeighPermanent:           "PERMANENT",
		NeighStale | NeighNoARP:  "STALE|NOARP",
		NeighIncomplete | 0x100:  "INCOMPLETE|0x100",
		NeighDelay:               "DELAY",
		NeighProbe | NeighFailed: "PROBE|FAILED",
	} {
		if got := s.String(); got != want {
			t.Errorf("%#x: got %q, want %q", uint16(s), got, want)
		}
	}
	for s, want := range map[NeighState]bool{
		NeighReachable: true, NeighStale: true, NeighDelay: true, NeighProbe: true, NeighPermanent: true,
		NeighNone: false, NeighIncomplete: false, NeighFailed: false, NeighNoARP: false,
	} {
		if s.Usable() != want {
			t.Errorf("%v: usable %v", s, !want)
		}
	}
}

func TestStrings(t *testing.T) {
	r := Route{
		Dst: netip.MustParsePrefix("0.0.0.0/0"), Gateway: netip.MustParseAddr("198.18.1.1"),
		Src: netip.MustParseAddr("198.18.1.2"), Iface: "a0", Metric: 100, Table: TableMain, Type: RouteUnicast,
	}
	if got := r.String(); got != "default via 198.18.1.1 dev a0 src 198.18.1.2 metric 100 table 254" {
		t.Errorf("route: %q", got)
	}
	r = Route{Dst: netip.MustParsePrefix("198.18.1.255/32"), IfIndex: 3, Type: RouteBroadcast, Table: TableLocal}
	if got := r.String(); got != "broadcast 198.18.1.255/32 dev #3 table 255" {
		t.Errorf("route: %q", got)
	}
	if got := (Route{Type: 42}).String(); got != "type 42 ?" {
		t.Errorf("route: %q", got)
	}
	n := Neighbor{IP: netip.MustParseAddr("fe80::1"), MAC: fields.MustParseMAC("02:00:00:00:01:01"),
		State: NeighReachable, Iface: "a0", Router: true}
	if got := n.String(); got != "fe80::1 dev a0 lladdr 02:00:00:00:01:01 router REACHABLE" {
		t.Errorf("neighbour: %q", got)
	}
	n = Neighbor{IP: netip.MustParseAddr("198.18.1.9"), State: NeighFailed, Iface: "a0"}
	if got := n.String(); got != "198.18.1.9 dev a0 FAILED" {
		t.Errorf("neighbour: %q", got)
	}
	ifc := Interface{Index: 2, Name: "a0", MTU: 1500, MAC: fields.MustParseMAC("02:00:00:aa:00:02"),
		Flags: net.FlagUp | net.FlagBroadcast, Addrs: []netip.Prefix{netip.MustParsePrefix("198.18.1.2/24")}}
	if got := ifc.String(); got != "2: a0 mtu 1500 02:00:00:aa:00:02 up|broadcast 198.18.1.2/24" {
		t.Errorf("interface: %q", got)
	}
}

func TestInterfaceAddr(t *testing.T) {
	ifc := Interface{Addrs: []netip.Prefix{
		netip.MustParsePrefix("198.18.1.2/24"),
		netip.MustParsePrefix("198.18.2.2/24"),
		netip.MustParsePrefix("2001:db8:1::2/64"),
		netip.MustParsePrefix("fe80::2/64"),
	}}
	for _, tc := range []struct{ dst, want string }{
		{"198.18.2.9", "198.18.2.2"},
		{"198.18.7.1", "198.18.1.2"},
		{"2001:db8:1::9", "2001:db8:1::2"},
		{"2001:db8:7::9", "fe80::2"},
		{"fe80::9%a0", "fe80::2"},
	} {
		dst := netip.MustParseAddr(tc.dst)
		var got netip.Addr
		var ok bool
		if dst.Is4() {
			got, ok = ifc.Addr4(dst)
		} else {
			got, ok = ifc.Addr6(dst)
		}
		if !ok || got != netip.MustParseAddr(tc.want) {
			t.Errorf("%s: got %v %v, want %s", tc.dst, got, ok, tc.want)
		}
	}
	if _, ok := (Interface{}).Addr4(netip.Addr{}); ok {
		t.Error("address of an interface without any")
	}
}
