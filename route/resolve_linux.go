//go:build linux

package route

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// resendEvery is the interval between ARP requests or neighbour
// solicitations while no answer came.
const resendEvery = 250 * time.Millisecond

// ResolveMAC returns the link-layer address of ip on iface: the
// interface's own MAC for one of its addresses, the group address for a
// multicast ip, the broadcast address for 255.255.255.255 or the
// interface's subnet broadcast, a zero MAC on loopback and links without
// hardware addresses, else the neighbour cache entry (reachable, stale,
// delay, probe or permanent), else the answer to an ARP request (IPv4) or
// a neighbour solicitation to the solicited-node group (IPv6) sent on
// iface. Requests are repeated every 250 ms until ctx ends, or for 1 s when
// ctx has no deadline; then the error wraps ErrNoAnswer. Answers from the
// wire are remembered for CacheTTL. Sending needs root or CAP_NET_RAW.
func ResolveMAC(ctx context.Context, iface string, ip netip.Addr) (fields.MAC, error) {
	if !ip.IsValid() {
		return fields.MAC{}, fmt.Errorf("route: resolving an invalid address on %s", iface)
	}
	ip = ip.Unmap().WithZone("")
	c, err := openNetlink()
	if err != nil {
		return fields.MAC{}, err
	}
	defer c.Close()
	ifc, err := c.interfaceByName(ctx, iface)
	if err != nil {
		return fields.MAC{}, err
	}
	return c.resolve(ctx, ifc, ip)
}

func (c *nlConn) resolve(ctx context.Context, ifc Interface, ip netip.Addr) (fields.MAC, error) {
	if mac, ok := staticMAC(ifc, ip); ok {
		return mac, nil
	}
	key := cacheKey{ns: netnsID(), index: ifc.Index, ip: ip}
	if mac, ok := resolved.get(key); ok {
		return mac, nil
	}
	ns, err := c.neighbors(ctx, ifc.Index, ip)
	if err != nil {
		return fields.MAC{}, err
	}
	for _, n := range ns {
		if n.State.Usable() && !n.MAC.IsZero() {
			return n.MAC, nil
		}
	}
	if !ifc.IsUp() {
		return fields.MAC{}, fmt.Errorf("route: cannot resolve %s: interface %s is down (ip link set %s up)", ip, ifc.Name, ifc.Name)
	}
	mac, err := query(ctx, ifc, ip)
	if err != nil {
		return fields.MAC{}, err
	}
	resolved.put(key, mac)
	return mac, nil
}

// staticMAC answers what needs no query.
func staticMAC(ifc Interface, ip netip.Addr) (fields.MAC, bool) {
	if ifc.IsLoopback() || (ifc.MAC.IsZero() && ifc.Type != LinkEthernet) {
		return fields.MAC{}, true
	}
	if mac, ok := MulticastMAC(ip); ok {
		return mac, true
	}
	if ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		return fields.BroadcastMAC, true
	}
	for _, p := range ifc.Addrs {
		if p.Addr() == ip {
			return ifc.MAC, true
		}
		if ip.Is4() && p.Addr().Is4() && p.Bits() < 31 && p.Contains(ip) && isLastAddr(p, ip) {
			return fields.BroadcastMAC, true
		}
	}
	return fields.MAC{}, false
}

// isLastAddr reports the subnet broadcast address of an IPv4 prefix.
func isLastAddr(p netip.Prefix, ip netip.Addr) bool {
	a := ip.As4()
	v := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	host := uint32(1)<<(32-p.Bits()) - 1
	return v&host == host
}

// NextHop returns where a packet to dst leaves: the interface and source
// address the kernel picks (Lookup) and the destination MAC of the frame:
// the gateway's when routed, dst's own when directly connected, the group
// address for multicast, broadcast for broadcast destinations, a zero MAC
// for local and loopback destinations.
func NextHop(dst netip.Addr) (iface string, src netip.Addr, mac fields.MAC, err error) {
	return NextHopContext(context.Background(), dst)
}

// NextHopContext is NextHop bounded by ctx (the MAC resolution takes 1 s
// at most when ctx has no deadline).
func NextHopContext(ctx context.Context, dst netip.Addr) (iface string, src netip.Addr, mac fields.MAC, err error) {
	if !dst.IsValid() {
		return "", src, mac, errors.New("route: next hop of an invalid address")
	}
	c, err := openNetlink()
	if err != nil {
		return "", src, mac, err
	}
	defer c.Close()
	r, err := c.lookup(ctx, dst)
	if err != nil {
		return "", src, mac, err
	}
	dst = dst.Unmap().WithZone("")
	if r.Type == RouteLocal {
		return r.Iface, r.Src, fields.MAC{}, nil
	}
	if m, ok := MulticastMAC(dst); ok {
		return r.Iface, r.Src, m, nil
	}
	if r.Type == RouteBroadcast {
		return r.Iface, r.Src, fields.BroadcastMAC, nil
	}
	ifc, err := c.interfaceByName(ctx, r.Iface)
	if err != nil {
		return r.Iface, r.Src, mac, err
	}
	hop := dst
	if r.Gateway.IsValid() {
		hop = r.Gateway.Unmap().WithZone("")
	}
	mac, err = c.resolve(ctx, ifc, hop)
	return r.Iface, r.Src, mac, err
}

// query sends ARP requests or neighbour solicitations for ip on ifc until
// an answer comes or ctx ends.
func query(ctx context.Context, ifc Interface, ip netip.Addr) (fields.MAC, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultResolveTimeout)
		defer cancel()
	}
	var frame []byte
	var err error
	proto := uint16(layers.EtherTypeARP)
	if ip.Is4() {
		frame, err = arpRequest(ifc, ip)
	} else {
		proto = layers.EtherTypeIPv6
		frame, err = neighborSolicitation(ifc, ip)
	}
	if err != nil {
		return fields.MAC{}, fmt.Errorf("route: resolving %s on %s: %w", ip, ifc.Name, err)
	}
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, 0)
	if err != nil {
		if errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) {
			return fields.MAC{}, fmt.Errorf("route: resolving %s on %s needs root or CAP_NET_RAW: %w", ip, ifc.Name, os.NewSyscallError("socket", err))
		}
		return fields.MAC{}, fmt.Errorf("route: resolving %s on %s: %w", ip, ifc.Name, os.NewSyscallError("socket", err))
	}
	// Closing a packet socket waits for an RCU grace period (about 10 ms);
	// the caller need not.
	defer func() { go unix.Close(fd) }()
	// Protocol 0 at socket() receives nothing; the bind lets in the one
	// EtherType of the answers, on ifc only.
	sa := &unix.SockaddrLinklayer{Protocol: htons(proto), Ifindex: ifc.Index}
	if err := unix.Bind(fd, sa); err != nil {
		return fields.MAC{}, fmt.Errorf("route: resolving %s on %s: %w", ip, ifc.Name, os.NewSyscallError("bind", err))
	}
	dst := &unix.SockaddrLinklayer{Protocol: htons(proto), Ifindex: ifc.Index, Halen: 6}
	copy(dst.Addr[:], frame[0:6])
	buf := make([]byte, 2048)
	var eth layers.Ethernet
	var arp layers.ARP
	var ip6 layers.IPv6
	var icmp layers.ICMPv6
	end, _ := ctx.Deadline()
	for {
		if err := unix.Sendto(fd, frame, 0, dst); err != nil {
			return fields.MAC{}, fmt.Errorf("route: resolving %s on %s: %w", ip, ifc.Name, os.NewSyscallError("sendto", err))
		}
		next := time.Now().Add(resendEvery)
		if end.Before(next) {
			next = end
		}
		for time.Now().Before(next) {
			err := waitReadable(ctx, fd, next)
			if errors.Is(err, context.DeadlineExceeded) {
				break // at next; the check below tells the end from a resend
			}
			if err != nil {
				return fields.MAC{}, fmt.Errorf("route: resolving %s on %s: %w", ip, ifc.Name, err)
			}
			// Read what is there; other traffic of the EtherType cannot
			// hold the loop past next.
			for time.Now().Before(next) {
				n, from, err := unix.Recvfrom(fd, buf, unix.MSG_DONTWAIT)
				if err == unix.EINTR {
					continue
				}
				if err != nil {
					break // EAGAIN: drained
				}
				if ll, ok := from.(*unix.SockaddrLinklayer); ok && ll.Pkttype == unix.PACKET_OUTGOING {
					continue
				}
				var mac fields.MAC
				var ok bool
				if ip.Is4() {
					mac, ok = arpAnswer(buf[:n], ip, &eth, &arp)
				} else {
					mac, ok = naAnswer(buf[:n], ip, &eth, &ip6, &icmp)
				}
				if ok {
					return mac, nil
				}
			}
		}
		if err := ctx.Err(); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return fields.MAC{}, fmt.Errorf("route: resolving %s on %s: %w", ip, ifc.Name, err)
		}
		if !time.Now().Before(end) {
			return fields.MAC{}, fmt.Errorf("route: %w from %s on %s (is it up?)", ErrNoAnswer, ip, ifc.Name)
		}
	}
}

func htons(v uint16) uint16 { return v<<8 | v>>8 }

// arpRequest builds "who has ip" from the interface's address in ip's
// subnet (or its first IPv4 address; 0.0.0.0, an ARP probe, when it has
// none).
func arpRequest(ifc Interface, ip netip.Addr) ([]byte, error) {
	src, ok := ifc.Addr4(ip)
	if !ok {
		src = netip.IPv4Unspecified()
	}
	eth := layers.NewEthernet()
	eth.Dst, eth.Src = fields.BroadcastMAC, ifc.MAC
	arp := layers.NewARP()
	arp.Op = layers.ARPWhoHas
	arp.HwSrc, arp.PSrc = ifc.MAC, src
	arp.PDst = ip
	return packet.New(eth, arp).Build()
}

// neighborSolicitation builds a neighbour solicitation for ip (RFC 4861
// section 4.3) to its solicited-node group, from the interface's address
// in ip's prefix or its link-local address, with the source link-layer
// address option; from :: without the option when the interface has no
// IPv6 address.
func neighborSolicitation(ifc Interface, ip netip.Addr) ([]byte, error) {
	src, ok := ifc.Addr6(ip)
	group := SolicitedNode(ip)
	gmac, _ := MulticastMAC(group)
	eth := layers.NewEthernet()
	eth.Dst, eth.Src = gmac, ifc.MAC
	ip6 := layers.NewIPv6()
	ip6.Src, ip6.Dst, ip6.HopLimit = netip.IPv6Unspecified(), group, 255
	icmp := layers.NewICMPv6()
	icmp.Type, icmp.Code = layers.ICMPv6NeighborSolicitation, 0
	body := make([]byte, 0, 24)
	// The target is a field of the ICMPv6 layer ("tgt") where the layer
	// knows neighbour discovery (its header is then longer than 8 bytes),
	// else the first bytes of the body.
	if icmp.HeaderLen() > layers.ICMPv6HdrLen {
		if err := icmp.Set("tgt", ip); err != nil {
			return nil, err
		}
	} else {
		t := ip.As16()
		body = append(body, t[:]...)
	}
	if ok {
		ip6.Src = src
		body = append(body, 1, 1) // source link-layer address, 8 bytes
		body = append(body, ifc.MAC[:]...)
	}
	p := packet.New(eth, ip6, icmp)
	if len(body) > 0 {
		p.Append(&packet.Raw{Load: body})
	}
	return p.Build()
}

// arpAnswer takes ip's MAC from an ARP reply (or request) it sent.
func arpAnswer(frame []byte, ip netip.Addr, eth *layers.Ethernet, arp *layers.ARP) (fields.MAC, bool) {
	r, err := eth.DecodeFromBytes(frame, nil)
	if err != nil || !eth.Type.Valid || eth.Type.Value != layers.EtherTypeARP || r.HeaderLen > len(frame) {
		return fields.MAC{}, false
	}
	if _, err := arp.DecodeFromBytes(frame[r.HeaderLen:], nil); err != nil {
		return fields.MAC{}, false
	}
	if arp.HwType != layers.ARPHwEthernet || arp.PType != layers.EtherTypeIPv4 || arp.HwSrcRaw != nil || arp.PSrcRaw != nil ||
		(arp.Op != layers.ARPIsAt && arp.Op != layers.ARPWhoHas) || arp.PSrc != ip || arp.HwSrc.IsZero() || arp.HwSrc.IsMulticast() {
		return fields.MAC{}, false
	}
	return arp.HwSrc, true
}

// naAnswer takes ip's MAC from a neighbour advertisement for it: the
// target link-layer address option, else the frame's source.
func naAnswer(frame []byte, ip netip.Addr, eth *layers.Ethernet, ip6 *layers.IPv6, icmp *layers.ICMPv6) (fields.MAC, bool) {
	r, err := eth.DecodeFromBytes(frame, nil)
	if err != nil || !eth.Type.Valid || eth.Type.Value != layers.EtherTypeIPv6 || r.HeaderLen > len(frame) {
		return fields.MAC{}, false
	}
	b := frame[r.HeaderLen:]
	r, err = ip6.DecodeFromBytes(b, nil)
	if err != nil || r.HeaderLen > len(b) || !ip6.NextHeader.Valid || ip6.NextHeader.Value != layers.IPProtoICMPv6 || ip6.HopLimit != 255 {
		return fields.MAC{}, false
	}
	b = b[r.HeaderLen:]
	if ip6.PayloadLen.Valid && int(ip6.PayloadLen.Value) <= len(b) {
		b = b[:ip6.PayloadLen.Value] // drop Ethernet padding
	}
	if _, err = icmp.DecodeFromBytes(b, nil); err != nil || icmp.Type != layers.ICMPv6NeighborAdvertisement || icmp.Code != 0 {
		return fields.MAC{}, false
	}
	// The target and options follow the 8-byte header, however much of
	// them the ICMPv6 layer takes.
	if len(b) < layers.ICMPv6HdrLen {
		return fields.MAC{}, false
	}
	b = b[layers.ICMPv6HdrLen:]
	if len(b) < 16 || netip.AddrFrom16([16]byte(b[:16])) != ip {
		return fields.MAC{}, false
	}
	mac := eth.Src
	for opts := b[16:]; len(opts) >= 2; {
		l := int(opts[1]) * 8
		if l == 0 || l > len(opts) {
			break
		}
		if opts[0] == 2 && l >= 8 { // target link-layer address
			mac = fields.MAC(opts[2:8])
			break
		}
		opts = opts[l:]
	}
	if mac.IsZero() || mac.IsMulticast() {
		return fields.MAC{}, false
	}
	return mac, true
}

// cacheKey names an answer: network namespace, interface, address.
type cacheKey struct {
	ns    uint64
	index int
	ip    netip.Addr
}

type cacheEntry struct {
	mac     fields.MAC
	expires time.Time
}

type macCache struct {
	mu sync.Mutex
	m  map[cacheKey]cacheEntry
}

// resolved holds the answers ResolveMAC got on the wire.
var resolved macCache

func (c *macCache) get(k cacheKey) (fields.MAC, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok || time.Now().After(e.expires) {
		return fields.MAC{}, false
	}
	return e.mac, true
}

func (c *macCache) put(k cacheKey, mac fields.MAC) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	if c.m == nil {
		c.m = make(map[cacheKey]cacheEntry)
	}
	if len(c.m) >= 4096 {
		for k, e := range c.m {
			if now.After(e.expires) {
				delete(c.m, k)
			}
		}
	}
	c.m[k] = cacheEntry{mac: mac, expires: now.Add(CacheTTL)}
}

// FlushCache forgets the answers ResolveMAC remembered.
func FlushCache() {
	resolved.mu.Lock()
	clear(resolved.m)
	resolved.mu.Unlock()
}

// netnsID identifies the calling thread's network namespace (the inode of
// its ns/net file); 0 when /proc is not there.
func netnsID() uint64 {
	var st unix.Stat_t
	if err := unix.Stat("/proc/thread-self/ns/net", &st); err != nil {
		return 0
	}
	return st.Ino
}
