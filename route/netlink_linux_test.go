//go:build linux

package route

import (
	"encoding/hex"
	"errors"
	"net"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/goscapy/goscapy/fields"
)

func capturedBytes(t testing.TB, name string) []byte {
	t.Helper()
	b, err := hex.DecodeString(captured[name])
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return b
}

// replies splits a captured reply into its messages, checking the
// headers' framing.
func replies(t *testing.T, name string) (types []uint16, bodies [][]byte) {
	t.Helper()
	err := splitMessages(capturedBytes(t, name), func(h nlHeader, msg []byte) error {
		types = append(types, h.typ)
		bodies = append(bodies, msg)
		return nil
	})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return types, bodies
}

func TestParseLinkDump(t *testing.T) {
	types, bodies := replies(t, "link_dump")
	var got []Interface
	for i, typ := range types {
		if typ == unix.NLMSG_DONE {
			if i != len(types)-1 {
				t.Errorf("DONE is message %d of %d", i, len(types))
			}
			continue
		}
		ifc, err := parseLink(bodies[i])
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ifc)
	}
	want := []Interface{
		{Index: 1, Name: "lo", MTU: 65536, Flags: net.FlagUp | net.FlagLoopback | net.FlagRunning, Type: LinkLoopback},
		{Index: 2, Name: "a0", MTU: 1500, MAC: fields.MustParseMAC("02:00:00:aa:00:02"),
			Flags: net.FlagUp | net.FlagBroadcast | net.FlagMulticast | net.FlagRunning, Type: LinkEthernet},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d links, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		if got[i].String() != want[i].String() || got[i].Type != want[i].Type {
			t.Errorf("link %d:\n got %v (type %d)\nwant %v (type %d)", i, got[i], got[i].Type, want[i], want[i].Type)
		}
	}
}

func TestParseAddrDump(t *testing.T) {
	types, bodies := replies(t, "addr_dump")
	type ia struct {
		index int
		p     string
	}
	var got []ia
	for i, typ := range types {
		if typ != unix.RTM_NEWADDR {
			continue
		}
		idx, p, err := parseAddr(bodies[i])
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ia{idx, p.String()})
	}
	want := []ia{{1, "127.0.0.1/8"}, {2, "198.18.1.2/24"}, {1, "::1/128"}, {2, "2001:db8:1::2/64"}, {2, "fe80::ff:feaa:2/64"}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

func TestParseRouteDump(t *testing.T) {
	types, bodies := replies(t, "route_dump")
	var got []string
	for i, typ := range types {
		if typ != unix.RTM_NEWROUTE {
			continue
		}
		r, err := parseRoute(bodies[i])
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r.String())
	}
	want := []string{
		"198.18.1.0/24 dev #2 src 198.18.1.2 table 254",
		"198.18.9.0/24 via 198.18.1.3 dev #2 metric 7 table 254",
		"local 127.0.0.0/8 dev #1 src 127.0.0.1 table 255",
		"local 127.0.0.1/32 dev #1 src 127.0.0.1 table 255",
		"broadcast 127.255.255.255/32 dev #1 src 127.0.0.1 table 255",
		"local 198.18.1.2/32 dev #2 src 198.18.1.2 table 255",
		"broadcast 198.18.1.255/32 dev #2 src 198.18.1.2 table 255",
		"2001:db8:1::/64 dev #2 metric 256 table 254",
		"2001:db8:9::/64 via 2001:db8:1::3 dev #2 metric 1024 table 254",
		"fe80::/64 dev #2 metric 256 table 254",
		"local ::1/128 dev #1 table 255",
		"local 2001:db8:1::2/128 dev #2 table 255",
		"local fe80::ff:feaa:2/128 dev #2 table 255",
		"multicast ff00::/8 dev #2 metric 256 table 255",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The first entry in full: protocol kernel, scope link, unicast.
	r, _ := parseRoute(bodies[0])
	if r.Protocol != 2 || r.Scope != 253 || r.Type != RouteUnicast || r.IfIndex != 2 {
		t.Errorf("connected route: protocol %d scope %d type %d ifindex %d, want 2 253 1 2", r.Protocol, r.Scope, r.Type, r.IfIndex)
	}
}

func TestParseNeighDump(t *testing.T) {
	types, bodies := replies(t, "neigh_dump")
	var got []string
	for i, typ := range types {
		if typ != unix.RTM_NEWNEIGH {
			continue
		}
		n, ok, err := parseNeigh(bodies[i])
		if err != nil || !ok {
			t.Fatalf("message %d: ok %v, %v", i, ok, err)
		}
		n.Iface = "a0"
		got = append(got, n.String())
	}
	want := []string{
		"198.18.1.50 dev a0 lladdr 02:00:00:00:00:50 PERMANENT",
		"ff02::16 dev a0 lladdr 33:33:00:00:00:16 NOARP",
		"2001:db8:1::50 dev a0 lladdr 02:00:00:00:00:51 PERMANENT",
		"ff02::2 dev a0 lladdr 33:33:00:00:00:02 NOARP",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseRouteGet(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		typ        uint8
	}{
		{"get_gw4", "198.18.9.7/32 via 198.18.1.3 dev #2 src 198.18.1.2 table 254", RouteUnicast},
		{"get_gw4_fib", "198.18.9.0/24 via 198.18.1.3 dev #2 metric 7 table 254", RouteUnicast},
		{"get_conn6", "2001:db8:1::3/128 dev #2 src 2001:db8:1::2 metric 256 table 254", RouteUnicast},
		{"get_gw6_fib", "2001:db8:9::/64 via 2001:db8:1::3 dev #2 metric 1024 table 254", RouteUnicast},
		{"get_local4", "local 198.18.1.2/32 dev #1 src 198.18.1.2 table 254", RouteLocal},
	} {
		types, bodies := replies(t, tc.name)
		if len(types) != 1 || types[0] != unix.RTM_NEWROUTE {
			t.Fatalf("%s: message types %v", tc.name, types)
		}
		r, err := parseRoute(bodies[0])
		if err != nil {
			t.Fatal(err)
		}
		if r.String() != tc.want || r.Type != tc.typ {
			t.Errorf("%s: got %q (type %d), want %q (type %d)", tc.name, r, r.Type, tc.want, tc.typ)
		}
	}
}

func TestParseError(t *testing.T) {
	var err error
	splitErr := splitMessages(capturedBytes(t, "get_unreach4"), func(h nlHeader, msg []byte) error {
		if h.typ != unix.NLMSG_ERROR {
			t.Errorf("type %d, want NLMSG_ERROR", h.typ)
		}
		err = nlError(h, msg)
		return nil
	})
	if splitErr != nil {
		t.Fatal(splitErr)
	}
	if !errors.Is(err, unix.ENETUNREACH) {
		t.Errorf("got %v, want ENETUNREACH", err)
	}
	var nle *NetlinkError
	if !errors.As(err, &nle) || nle.Error() != "network is unreachable" {
		t.Errorf("got %#v", err)
	}
	// An ack is no error; an extended ack carries the kernel's message.
	ack := []byte{0, 0, 0, 0}
	if err := nlError(nlHeader{}, ack); err != nil {
		t.Errorf("ack: %v", err)
	}
	msg := make([]byte, 4+nlmsgHdr)
	ne.PutUint32(msg, uint32(0xffffffea)) // -EINVAL
	msg = appendAttr(msg, 1, []byte("Invalid prefix\x00"))
	err = nlError(nlHeader{flags: unix.NLM_F_ACK_TLVS | unix.NLM_F_CAPPED}, msg)
	if !errors.Is(err, unix.EINVAL) || err.Error() != "invalid argument (Invalid prefix)" {
		t.Errorf("extended ack: %v", err)
	}
}

func TestMalformed(t *testing.T) {
	// Every cut of a real dump is either parsed or refused, never a panic,
	// and a length pointing past the end is an error.
	b := capturedBytes(t, "route_dump")
	for n := range b {
		_ = splitMessages(b[:n], func(h nlHeader, msg []byte) error {
			parseAny(h.typ, msg)
			return nil
		})
	}
	bad := slices.Clone(b)
	ne.PutUint32(bad, uint32(len(b)+1))
	if err := splitMessages(bad, func(nlHeader, []byte) error { return nil }); !errors.Is(err, errNetlink) {
		t.Errorf("overlong message: %v", err)
	}
	if err := attrs([]byte{200, 0, 1, 0, 0, 0, 0, 0}, func(uint16, []byte) {}); !errors.Is(err, errNetlink) {
		t.Errorf("overlong attribute: %v", err)
	}
	for _, f := range []func([]byte) error{
		func(b []byte) error { _, err := parseLink(b); return err },
		func(b []byte) error { _, _, err := parseAddr(b); return err },
		func(b []byte) error { _, err := parseRoute(b); return err },
		func(b []byte) error { _, _, err := parseNeigh(b); return err },
	} {
		if err := f([]byte{2}); !errors.Is(err, errNetlink) {
			t.Errorf("short body: %v", err)
		}
	}
}

// parseAny runs the parser of a message type.
func parseAny(typ uint16, msg []byte) {
	switch typ {
	case unix.RTM_NEWLINK:
		_, _ = parseLink(msg)
	case unix.RTM_NEWADDR:
		_, _, _ = parseAddr(msg)
	case unix.RTM_NEWROUTE:
		_, _ = parseRoute(msg)
	case unix.RTM_NEWNEIGH:
		_, _, _ = parseNeigh(msg)
	case unix.NLMSG_ERROR:
		_ = nlError(nlHeader{flags: unix.NLM_F_ACK_TLVS}, msg)
	}
}

func TestMultipath(t *testing.T) {
	// rtmsg AF_INET dst 198.18.9.0/24, RTA_MULTIPATH with two next hops.
	body := make([]byte, rtmLen)
	body[rtmFamily], body[rtmDstLen], body[rtmTable], body[rtmType] = unix.AF_INET, 24, TableMain, RouteUnicast
	body = appendAttr(body, unix.RTA_DST, []byte{198, 18, 9, 0})
	hop := func(idx int, gw []byte) []byte {
		h := make([]byte, rtnhLen)
		ne.PutUint32(h[4:], uint32(idx))
		h = appendAttr(h, unix.RTA_GATEWAY, gw)
		ne.PutUint16(h, uint16(len(h)))
		return h
	}
	mp := append(hop(3, []byte{198, 18, 1, 1}), hop(4, []byte{198, 18, 1, 9})...)
	body = appendAttr(body, unix.RTA_MULTIPATH, mp)
	r, err := parseRoute(body)
	if err != nil {
		t.Fatal(err)
	}
	if r.String() != "198.18.9.0/24 via 198.18.1.1 dev #3 table 254" {
		t.Errorf("got %q", r)
	}
}

func TestRequestEncoding(t *testing.T) {
	// The request Lookup sends for 198.18.9.7 has the layout `ip route get`
	// uses: rtmsg with dst_len 32, then RTA_DST.
	body := make([]byte, rtmLen)
	body[rtmFamily], body[rtmDstLen] = unix.AF_INET, 32
	body = appendAttr(body, unix.RTA_DST, netip.MustParseAddr("198.18.9.7").AsSlice())
	if got := hex.EncodeToString(body); got != "022000000000000000000000"+"08000100c6120907" {
		t.Errorf("got %s", got)
	}
	if got := appendAttr(nil, 3, []byte("a0\x00")); len(got) != 8 || got[0] != 7 {
		t.Errorf("padding: % x", got)
	}
}

// TestHostReadOnly reads the host's own tables, which needs no privilege
// and sends nothing.
func TestHostReadOnly(t *testing.T) {
	ifs, err := Interfaces()
	if err != nil {
		t.Fatal(err)
	}
	var lo *Interface
	for i := range ifs {
		if ifs[i].IsLoopback() {
			lo = &ifs[i]
		}
	}
	if lo == nil {
		t.Fatalf("no loopback among %v", ifs)
	}
	if !slices.Contains(lo.Addrs, netip.MustParsePrefix("127.0.0.1/8")) {
		t.Errorf("lo addresses %v", lo.Addrs)
	}
	if _, err := InterfaceByName("no-such-if0"); !errors.Is(err, ErrNoInterface) || !strings.Contains(err.Error(), lo.Name) {
		t.Errorf("unknown interface: %v", err)
	}
	if ifc, err := InterfaceByIndex(lo.Index); err != nil || ifc.Name != lo.Name {
		t.Errorf("by index: %v %v", ifc, err)
	}
	r, err := Lookup(netip.MustParseAddr("127.0.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Iface != lo.Name || r.Type != RouteLocal || r.Src != netip.MustParseAddr("127.0.0.1") {
		t.Errorf("lookup 127.0.0.1: %v", r)
	}
	if _, err := Routes(unix.AF_INET); err != nil {
		t.Error(err)
	}
	if _, err := Routes(99); err == nil {
		t.Error("family 99 accepted")
	}
	if _, err := Neighbors(""); err != nil {
		t.Error(err)
	}
	if _, err := Neighbors("no-such-if0"); !errors.Is(err, ErrNoInterface) {
		t.Errorf("unknown interface: %v", err)
	}
	// Nothing is sent for a loopback destination.
	if _, _, mac, err := NextHop(netip.MustParseAddr("127.0.0.1")); err != nil || !mac.IsZero() {
		t.Errorf("next hop 127.0.0.1: %v %v", mac, err)
	}
}

// FuzzNetlink feeds arbitrary replies to the message and attribute
// parsers: no panic, and what they take stays within the input.
func FuzzNetlink(f *testing.F) {
	for _, b := range captured {
		x, _ := hex.DecodeString(b)
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		total := 0
		_ = splitMessages(b, func(h nlHeader, msg []byte) error {
			total += nlmsgHdr + len(msg)
			if total > len(b) {
				t.Fatalf("messages cover %d bytes of %d", total, len(b))
			}
			parseAny(h.typ, msg)
			for _, typ := range []uint16{unix.RTM_NEWLINK, unix.RTM_NEWADDR, unix.RTM_NEWROUTE, unix.RTM_NEWNEIGH} {
				parseAny(typ, msg)
			}
			return nil
		})
		r, err := parseRoute(b)
		if err == nil && r.Dst.IsValid() && r.Dst.Bits() < 0 {
			t.Fatalf("invalid prefix %v", r.Dst)
		}
	})
}
