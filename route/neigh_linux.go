//go:build linux

package route

import (
	"context"
	"fmt"
	"net/netip"

	"golang.org/x/sys/unix"
)

// Neighbors returns the ARP and NDP cache entries of iface, or of every
// interface when iface is "". Entries of every state are returned; use
// Neighbor.State.Usable to keep those with a valid address.
func Neighbors(iface string) ([]Neighbor, error) {
	return NeighborsContext(context.Background(), iface)
}

// NeighborsContext is Neighbors bounded by ctx.
func NeighborsContext(ctx context.Context, iface string) ([]Neighbor, error) {
	c, err := openNetlink()
	if err != nil {
		return nil, err
	}
	defer c.Close()
	ifs, err := c.interfaces(ctx, false)
	if err != nil {
		return nil, err
	}
	index := 0
	if iface != "" {
		for _, ifc := range ifs {
			if ifc.Name == iface {
				index = ifc.Index
			}
		}
		if index == 0 {
			return nil, fmt.Errorf("route: %w %q (available: %s)", ErrNoInterface, iface, interfaceNames(ifs))
		}
	}
	ns, err := c.neighbors(ctx, index, netip.Addr{})
	if err != nil {
		return nil, err
	}
	for i := range ns {
		for _, ifc := range ifs {
			if ifc.Index == ns[i].IfIndex {
				ns[i].Iface = ifc.Name
				break
			}
		}
	}
	return ns, nil
}

// neighbors dumps the cache, keeping entries of interface index (all when
// 0) and of address ip (all when invalid).
func (c *nlConn) neighbors(ctx context.Context, index int, ip netip.Addr) ([]Neighbor, error) {
	var ns []Neighbor
	err := retry(func() error {
		ns = ns[:0]
		var body [ndmLen]byte // AF_UNSPEC: IPv4 and IPv6
		return c.do(ctx, unix.RTM_GETNEIGH, unix.NLM_F_DUMP, body[:], func(typ uint16, msg []byte) error {
			if typ != unix.RTM_NEWNEIGH {
				return nil
			}
			n, ok, err := parseNeigh(msg)
			if err != nil {
				return err
			}
			if !ok || (index != 0 && n.IfIndex != index) || (ip.IsValid() && n.IP != ip) {
				return nil
			}
			ns = append(ns, n)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("route: listing neighbours: %w", err)
	}
	return ns, nil
}
