//go:build linux

package route

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"

	"golang.org/x/sys/unix"
)

// Interfaces returns the interfaces of the caller's network namespace with
// their addresses, in index order.
func Interfaces() ([]Interface, error) {
	return InterfacesContext(context.Background())
}

// InterfacesContext is Interfaces bounded by ctx.
func InterfacesContext(ctx context.Context) ([]Interface, error) {
	c, err := openNetlink()
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return c.interfaces(ctx, true)
}

// InterfaceByName returns the interface called name; the error for an
// unknown name lists the interfaces there are.
func InterfaceByName(name string) (Interface, error) {
	c, err := openNetlink()
	if err != nil {
		return Interface{}, err
	}
	defer c.Close()
	return c.interfaceByName(context.Background(), name)
}

// InterfaceByIndex returns the interface with the given index.
func InterfaceByIndex(index int) (Interface, error) {
	c, err := openNetlink()
	if err != nil {
		return Interface{}, err
	}
	defer c.Close()
	ifs, err := c.interfaces(context.Background(), true)
	if err != nil {
		return Interface{}, err
	}
	for _, ifc := range ifs {
		if ifc.Index == index {
			return ifc, nil
		}
	}
	return Interface{}, fmt.Errorf("route: %w with index %d (available: %s)", ErrNoInterface, index, interfaceNames(ifs))
}

func (c *nlConn) interfaceByName(ctx context.Context, name string) (Interface, error) {
	ifs, err := c.interfaces(ctx, true)
	if err != nil {
		return Interface{}, err
	}
	for _, ifc := range ifs {
		if ifc.Name == name {
			return ifc, nil
		}
	}
	if name == "" {
		return Interface{}, fmt.Errorf("route: %w: no interface name given (available: %s)", ErrNoInterface, interfaceNames(ifs))
	}
	return Interface{}, fmt.Errorf("route: %w %q (available: %s)", ErrNoInterface, name, interfaceNames(ifs))
}

// retry repeats a dump the kernel interrupted.
func retry(f func() error) error {
	var err error
	for range dumpRetries {
		if err = f(); !errors.Is(err, errDumpInterrupted) {
			return err
		}
	}
	return err
}

// interfaces dumps the links and, when withAddrs, their addresses.
func (c *nlConn) interfaces(ctx context.Context, withAddrs bool) ([]Interface, error) {
	var ifs []Interface
	err := retry(func() error {
		ifs = ifs[:0]
		var body [ifiLen]byte // AF_UNSPEC
		return c.do(ctx, unix.RTM_GETLINK, unix.NLM_F_DUMP, body[:], func(typ uint16, msg []byte) error {
			if typ != unix.RTM_NEWLINK {
				return nil
			}
			ifc, err := parseLink(msg)
			if err != nil {
				return err
			}
			ifs = append(ifs, ifc)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("route: listing interfaces: %w", err)
	}
	slices.SortFunc(ifs, func(a, b Interface) int { return a.Index - b.Index })
	if !withAddrs {
		return ifs, nil
	}
	err = retry(func() error {
		for i := range ifs {
			ifs[i].Addrs = ifs[i].Addrs[:0]
		}
		var body [ifaLen]byte // AF_UNSPEC
		return c.do(ctx, unix.RTM_GETADDR, unix.NLM_F_DUMP, body[:], func(typ uint16, msg []byte) error {
			if typ != unix.RTM_NEWADDR {
				return nil
			}
			idx, p, err := parseAddr(msg)
			if err != nil {
				return err
			}
			if !p.IsValid() {
				return nil
			}
			for i := range ifs {
				if ifs[i].Index == idx {
					ifs[i].Addrs = append(ifs[i].Addrs, p)
					break
				}
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("route: listing addresses: %w", err)
	}
	return ifs, nil
}

// names maps interface indexes to names.
func (c *nlConn) names(ctx context.Context) (map[int]string, error) {
	ifs, err := c.interfaces(ctx, false)
	if err != nil {
		return nil, err
	}
	m := make(map[int]string, len(ifs))
	for _, ifc := range ifs {
		m[ifc.Index] = ifc.Name
	}
	return m, nil
}

// link returns one interface (without addresses) by index.
func (c *nlConn) link(ctx context.Context, index int) (Interface, error) {
	var body [ifiLen]byte
	ne.PutUint32(body[ifiIndex:], uint32(index))
	var ifc Interface
	found := false
	err := c.do(ctx, unix.RTM_GETLINK, 0, body[:], func(typ uint16, msg []byte) error {
		if typ != unix.RTM_NEWLINK {
			return nil
		}
		var err error
		ifc, err = parseLink(msg)
		found = err == nil
		return err
	})
	if err == nil && !found {
		err = fmt.Errorf("%w with index %d", ErrNoInterface, index)
	}
	return ifc, err
}

func checkFamily(family int) error {
	switch family {
	case unix.AF_UNSPEC, unix.AF_INET, unix.AF_INET6:
		return nil
	}
	return fmt.Errorf("route: address family %d: want syscall.AF_INET (%d), syscall.AF_INET6 (%d) or 0 for both",
		family, unix.AF_INET, unix.AF_INET6)
}

// Routes returns the routes of every table (main, local, and any other)
// for family: syscall.AF_INET, syscall.AF_INET6, or 0 for both. Route.Table
// tells the tables apart (TableMain is what `ip route` shows). Cached
// clones are left out.
func Routes(family int) ([]Route, error) {
	return RoutesContext(context.Background(), family)
}

// RoutesContext is Routes bounded by ctx.
func RoutesContext(ctx context.Context, family int) ([]Route, error) {
	if err := checkFamily(family); err != nil {
		return nil, err
	}
	c, err := openNetlink()
	if err != nil {
		return nil, err
	}
	defer c.Close()
	names, err := c.names(ctx)
	if err != nil {
		return nil, err
	}
	var rs []Route
	err = retry(func() error {
		rs = rs[:0]
		var body [rtmLen]byte
		body[rtmFamily] = uint8(family)
		return c.do(ctx, unix.RTM_GETROUTE, unix.NLM_F_DUMP, body[:], func(typ uint16, msg []byte) error {
			if typ != unix.RTM_NEWROUTE || routeFlags(msg)&unix.RTM_F_CLONED != 0 {
				return nil
			}
			r, err := parseRoute(msg)
			if err != nil {
				return err
			}
			if !r.Dst.IsValid() {
				return nil // another family (MPLS, ...)
			}
			r.Iface = names[r.IfIndex]
			rs = append(rs, r)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("route: listing routes: %w", err)
	}
	return rs, nil
}

// Lookup asks the kernel which route it takes to dst (RTM_GETROUTE, as
// `ip route get`): the interface, the gateway if any, the preferred
// source address, and, from a second query for the matching table entry
// (`ip route get fibmatch`), the destination prefix and metric. A scoped
// IPv6 address (fe80::1%a0) is looked up on its interface. A destination
// without a route gives an error wrapping ErrNoRoute and the kernel's
// errno.
func Lookup(dst netip.Addr) (Route, error) {
	return LookupContext(context.Background(), dst)
}

// LookupContext is Lookup bounded by ctx.
func LookupContext(ctx context.Context, dst netip.Addr) (Route, error) {
	if !dst.IsValid() {
		return Route{}, errors.New("route: lookup of an invalid address")
	}
	c, err := openNetlink()
	if err != nil {
		return Route{}, err
	}
	defer c.Close()
	return c.lookup(ctx, dst)
}

func (c *nlConn) lookup(ctx context.Context, dst netip.Addr) (Route, error) {
	zone := dst.Zone()
	dst = dst.Unmap().WithZone("")
	oif := 0
	if zone != "" {
		if n, err := strconv.Atoi(zone); err == nil {
			oif = n
		} else {
			ifc, err := c.interfaceByName(ctx, zone)
			if err != nil {
				return Route{}, err
			}
			oif = ifc.Index
		}
	}
	query := func(flags uint32) (Route, bool, error) {
		body := make([]byte, rtmLen, rtmLen+2*8+16)
		if dst.Is4() {
			body[rtmFamily] = unix.AF_INET
		} else {
			body[rtmFamily] = unix.AF_INET6
		}
		body[rtmDstLen] = uint8(dst.BitLen())
		ne.PutUint32(body[rtmFlags:], flags)
		body = appendAttr(body, unix.RTA_DST, dst.AsSlice())
		if oif != 0 {
			body = appendAttrU32(body, unix.RTA_OIF, uint32(oif))
		}
		var r Route
		found := false
		err := c.do(ctx, unix.RTM_GETROUTE, 0, body, func(typ uint16, msg []byte) error {
			if typ != unix.RTM_NEWROUTE {
				return nil
			}
			var err error
			r, err = parseRoute(msg)
			found = err == nil
			return err
		})
		return r, found, err
	}
	r, found, err := query(unix.RTM_F_LOOKUP_TABLE)
	if err != nil {
		var nle *NetlinkError
		if errors.As(err, &nle) {
			return Route{}, fmt.Errorf("route: %w to %s: %w", ErrNoRoute, dst, err)
		}
		return Route{}, fmt.Errorf("route: looking up %s: %w", dst, err)
	}
	if !found {
		return Route{}, fmt.Errorf("route: %w to %s: the kernel gave no answer", ErrNoRoute, dst)
	}
	// The matching table entry gives the prefix and metric; kernels before
	// 4.13 do not know the flag and keep the host prefix.
	if m, ok, err := query(unix.RTM_F_FIB_MATCH | unix.RTM_F_LOOKUP_TABLE); err == nil && ok && m.Dst.IsValid() {
		r.Dst = m.Dst
		if r.Metric == 0 {
			r.Metric = m.Metric
		}
		if r.Table == 0 {
			r.Table = m.Table
		}
	}
	if r.IfIndex != 0 {
		if ifc, err := c.link(ctx, r.IfIndex); err == nil {
			r.Iface = ifc.Name
		}
	}
	return r, nil
}
