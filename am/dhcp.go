package am

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"slices"
	"sync"
	"time"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// DHCPConfig configures the DHCP server (Scapy's BOOTP_am and DHCP_am).
type DHCPConfig struct {
	// Iface is the interface to serve on (required).
	Iface string
	// Pool is the subnet the addresses are leased from; it also gives the
	// subnet mask option (required, IPv4).
	Pool netip.Prefix
	// First and Last bound the leased range inside Pool; unset, the
	// range is the whole subnet but its network and broadcast addresses.
	// Server, Router and DNS addresses are never leased.
	First, Last netip.Addr
	// Server is the server identifier and the source of the replies
	// (required).
	Server netip.Addr
	// Router and DNS are sent as the router (3) and name server (6)
	// options when set.
	Router, DNS []netip.Addr
	// Domain is sent as the domain name option (15) when set.
	Domain string
	// Lease is the lease time; 0 is one hour.
	Lease time.Duration
	// Filter narrows what is read (tcpdump syntax, ANDed with the
	// machine's "udp dst port 67").
	Filter string
	// OnAnswer, when set, is called after each reply is sent.
	OnAnswer func(Answer)
}

// dhcpPool hands out addresses, one per client MAC.
type dhcpPool struct {
	mu          sync.Mutex
	first, last netip.Addr
	reserved    []netip.Addr
	byMAC       map[fields.MAC]netip.Addr
	byAddr      map[netip.Addr]fields.MAC
}

// maxScan bounds the search for a free address.
const maxScan = 1 << 16

func (p *dhcpPool) inRange(a netip.Addr) bool {
	return a.Is4() && p.first.Compare(a) <= 0 && a.Compare(p.last) <= 0 && !slices.Contains(p.reserved, a)
}

// offer returns the address for mac: its lease, the requested address
// when free, or the first free one.
func (p *dhcpPool) offer(mac fields.MAC, want netip.Addr) (netip.Addr, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if a, ok := p.byMAC[mac]; ok {
		return a, true
	}
	if want.IsValid() && p.inRange(want) {
		if _, used := p.byAddr[want]; !used {
			p.bind(mac, want)
			return want, true
		}
	}
	a := p.first
	for range maxScan {
		if _, used := p.byAddr[a]; !used && p.inRange(a) {
			p.bind(mac, a)
			return a, true
		}
		if a == p.last {
			break
		}
		a = a.Next()
	}
	return netip.Addr{}, false
}

func (p *dhcpPool) bind(mac fields.MAC, a netip.Addr) {
	p.byMAC[mac] = a
	p.byAddr[a] = mac
}

// request checks a REQUEST for addr from mac: the address must be the
// one leased to mac or free in the range.
func (p *dhcpPool) request(mac fields.MAC, addr netip.Addr) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if a, ok := p.byMAC[mac]; ok {
		return a == addr
	}
	if !p.inRange(addr) {
		return false
	}
	if _, used := p.byAddr[addr]; used {
		return false
	}
	p.bind(mac, addr)
	return true
}

func (p *dhcpPool) release(mac fields.MAC) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if a, ok := p.byMAC[mac]; ok {
		delete(p.byMAC, mac)
		delete(p.byAddr, a)
	}
}

func addrOf4(b []byte) netip.Addr {
	if len(b) != 4 {
		return netip.Addr{}
	}
	return netip.AddrFrom4([4]byte(b))
}

func prefixMask(bits int) netip.Addr {
	var m [4]byte
	binary.BigEndian.PutUint32(m[:], ^uint32(0)<<(32-bits))
	return netip.AddrFrom4(m)
}

// NewDHCP returns a DHCP server: a DISCOVER gets an OFFER of an address
// of the pool (the same one for the same client MAC), a REQUEST for that
// address (or another free one of the pool) an ACK and any other REQUEST
// addressed to this server a NAK; a RELEASE frees the lease. Replies are
// broadcast when the client sets the broadcast flag, sent to the client's
// MAC and offered address otherwise.
func NewDHCP(cfg DHCPConfig) (*Machine, error) {
	if !cfg.Pool.IsValid() || !cfg.Pool.Addr().Is4() || cfg.Pool.Bits() > 30 {
		return nil, fmt.Errorf("%w: dhcp: needs an IPv4 pool prefix of /30 or larger, got %v", ErrConfig, cfg.Pool)
	}
	if !cfg.Server.Is4() {
		return nil, fmt.Errorf("%w: dhcp: needs an IPv4 server address", ErrConfig)
	}
	pool := cfg.Pool.Masked()
	first, last := cfg.First, cfg.Last
	if !first.IsValid() {
		first = pool.Addr().Next()
	}
	if !last.IsValid() {
		b := pool.Addr().As4()
		v := binary.BigEndian.Uint32(b[:]) | ^(^uint32(0) << (32 - pool.Bits()))
		binary.BigEndian.PutUint32(b[:], v-1)
		last = netip.AddrFrom4(b)
	}
	if !pool.Contains(first) || !pool.Contains(last) || last.Less(first) {
		return nil, fmt.Errorf("%w: dhcp: range %s-%s is not inside %s", ErrConfig, first, last, pool)
	}
	p := &dhcpPool{first: first, last: last, byMAC: map[fields.MAC]netip.Addr{}, byAddr: map[netip.Addr]fields.MAC{}}
	p.reserved = append(p.reserved, cfg.Server)
	p.reserved = append(p.reserved, cfg.Router...)
	p.reserved = append(p.reserved, cfg.DNS...)
	lease := cfg.Lease
	if lease <= 0 {
		lease = time.Hour
	}
	secs := uint32(min(lease/time.Second, 1<<32-1))
	mask := prefixMask(pool.Bits())
	server, router, dns, domain := cfg.Server, slices.Clone(cfg.Router), slices.Clone(cfg.DNS), cfg.Domain
	h := func(req *packet.Packet, mac fields.MAC) (bool, *packet.Packet, string) {
		b, ok := packet.LayerOf[*layers.BOOTP](req)
		if !ok || b.Op != layers.BOOTPRequest || b.HType != 1 || b.HLen != 6 || len(b.CHAddr) < 6 {
			return false, nil, ""
		}
		d, ok := packet.LayerOf[*layers.DHCP](req)
		if !ok {
			return false, nil, ""
		}
		var mtype uint8
		var requested, sid netip.Addr
		for _, o := range d.Options {
			switch o.Code {
			case layers.DHCPOptMessageType:
				if len(o.Data) == 1 {
					mtype = o.Data[0]
				}
			case layers.DHCPOptRequestedAddr:
				requested = addrOf4(o.Data)
			case layers.DHCPOptServerID:
				sid = addrOf4(o.Data)
			}
		}
		client := fields.MAC(b.CHAddr[:6])
		var yi netip.Addr
		var rtype uint8
		switch mtype {
		case layers.DHCPDiscover:
			a, ok := p.offer(client, requested)
			if !ok {
				return true, nil, ""
			}
			yi, rtype = a, layers.DHCPOffer
		case layers.DHCPRequest:
			if sid.IsValid() && sid != server {
				p.release(client) // the client took another server's offer
				return true, nil, ""
			}
			want := requested
			if !want.IsValid() {
				want = b.CIAddr
			}
			if want.IsValid() && p.request(client, want) {
				yi, rtype = want, layers.DHCPAck
			} else {
				rtype = layers.DHCPNak
			}
		case layers.DHCPRelease:
			if !sid.IsValid() || sid == server {
				p.release(client)
			}
			return true, nil, ""
		default:
			return mtype != 0, nil, ""
		}
		zero := netip.AddrFrom4([4]byte{})
		rb := layers.NewBOOTP()
		rb.Op, rb.XID, rb.Flags = layers.BOOTPReply, b.XID, b.Flags
		rb.CIAddr, rb.YIAddr, rb.SIAddr, rb.GIAddr = zero, zero, server, b.GIAddr
		if rtype != layers.DHCPNak {
			rb.YIAddr = yi
		}
		rb.CHAddr = slices.Clone(b.CHAddr)
		opts := []layers.DHCPOption{
			layers.DHCPMessageTypeOption(rtype),
			layers.DHCPAddrOption(layers.DHCPOptServerID, server),
		}
		if rtype != layers.DHCPNak {
			opts = append(opts,
				layers.DHCPUint32Option(layers.DHCPOptLeaseTime, secs),
				layers.DHCPAddrOption(layers.DHCPOptSubnetMask, mask))
			if len(router) > 0 {
				opts = append(opts, layers.DHCPAddrOption(layers.DHCPOptRouter, router...))
			}
			if len(dns) > 0 {
				opts = append(opts, layers.DHCPAddrOption(layers.DHCPOptDNS, dns...))
			}
			if domain != "" {
				opts = append(opts, layers.DHCPBytesOption(layers.DHCPOptDomainName, []byte(domain)))
			}
		}
		opts = append(opts, layers.DHCPEndOption())
		eth := ethReply(req, mac)
		ip := layers.NewIPv4()
		ip.Src = server
		broadcast := b.Flags&layers.BOOTPBroadcast != 0 || rtype == layers.DHCPNak || !yi.IsValid()
		if broadcast {
			eth.Dst, ip.Dst = fields.BroadcastMAC, netip.AddrFrom4([4]byte{255, 255, 255, 255})
		} else {
			eth.Dst, ip.Dst = client, yi
		}
		u := layers.NewUDP()
		u.SrcPort, u.DstPort = layers.BOOTPServerPort, layers.BOOTPClientPort
		names := map[uint8]string{layers.DHCPOffer: "offer", layers.DHCPAck: "ack", layers.DHCPNak: "nak"}
		text := fmt.Sprintf("dhcp %s %s to %s xid=%#x", names[rtype], yi, client, b.XID)
		if rtype == layers.DHCPNak {
			text = fmt.Sprintf("dhcp nak to %s xid=%#x", client, b.XID)
		}
		return true, packet.New(eth, ip, u, rb, &layers.DHCP{Options: opts}), text
	}
	return newMachine("dhcp", cfg.Iface, "udp dst port 67", cfg.Filter, cfg.OnAnswer, h)
}
