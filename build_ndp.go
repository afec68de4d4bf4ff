package goscapy

import (
	"fmt"
	"net/netip"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Neighbor discovery (RFC 4861) and MLD (RFC 2710, RFC 3810) builders.
// The messages are ICMPv6 layers with the defaults of Scapy's classes
// (ICMPv6ND_NA() has R and O set, ICMPv6ND_RA() a lifetime of 1800 s,
// ICMPv6MLQuery() a response delay of 10 s); NDP options are layers of
// their own, put after the message with Over. Scapy's NDP and MLD classes
// also change the IPv6 header under them (hop limit 255 or 1, an all-nodes
// destination); these builders leave the IPv6 builder alone, and
// NeighborSolicitation sets up the whole stack.

// NDPBuilder builds a neighbor discovery message: router solicitation
// and advertisement, neighbor solicitation and advertisement, redirect.
type NDPBuilder struct{ base[*layers.ICMPv6] }

func newNDP(t uint8) *NDPBuilder {
	return &NDPBuilder{base[*layers.ICMPv6]{l: layers.NewICMPv6Of(t)}}
}

// NewNDPRouterSolicitation starts a router solicitation (type 133).
func NewNDPRouterSolicitation() *NDPBuilder { return newNDP(layers.ICMPv6RouterSolicitation) }

// NewNDPRouterAdvertisement starts a router advertisement (type 134)
// with Scapy's defaults: hop limit 0, preference High, lifetime 1800 s.
func NewNDPRouterAdvertisement() *NDPBuilder { return newNDP(layers.ICMPv6RouterAdvertisement) }

// NewNDPNeighborSolicitation starts a neighbor solicitation (type 135)
// for target ("2001:db8::1", a netip.Addr, ...).
func NewNDPNeighborSolicitation(target any) *NDPBuilder {
	return newNDP(layers.ICMPv6NeighborSolicitation).Target(target)
}

// NewNDPNeighborAdvertisement starts a neighbor advertisement (type 136)
// for target with Scapy's flags: router and override set, solicited not.
func NewNDPNeighborAdvertisement(target any) *NDPBuilder {
	return newNDP(layers.ICMPv6NeighborAdvertisement).Target(target)
}

// NewNDPRedirect starts a redirect (type 137): target is the better first
// hop, dst the destination redirected.
func NewNDPRedirect(target, dst any) *NDPBuilder {
	return newNDP(layers.ICMPv6Redirect).Target(target).Dst(dst)
}

// Target sets the target address (tgt) of a solicitation, advertisement
// or redirect.
func (b *NDPBuilder) Target(v any) *NDPBuilder { b.l.Target = addr6(&b.base, "tgt", v); return b }

// Dst sets the destination address of a redirect.
func (b *NDPBuilder) Dst(v any) *NDPBuilder { b.l.Dst = addr6(&b.base, "dst", v); return b }

// Code sets the code.
func (b *NDPBuilder) Code(v uint8) *NDPBuilder { b.l.Code = v; return b }

// Chksum sets the checksum; by default it is computed.
func (b *NDPBuilder) Chksum(v uint16) *NDPBuilder { b.l.Checksum = fields.Some(v); return b }

// Router sets the router flag (R) of a neighbor advertisement.
func (b *NDPBuilder) Router(on bool) *NDPBuilder { b.l.R = boolBit(on); return b }

// Solicited sets the solicited flag (S) of a neighbor advertisement.
func (b *NDPBuilder) Solicited(on bool) *NDPBuilder { b.l.S = boolBit(on); return b }

// Override sets the override flag (O) of a neighbor advertisement.
func (b *NDPBuilder) Override(on bool) *NDPBuilder { b.l.O = boolBit(on); return b }

// CurHopLimit sets the hop limit a router advertisement announces
// (chlim).
func (b *NDPBuilder) CurHopLimit(v uint8) *NDPBuilder { b.l.CurHopLimit = v; return b }

// Managed sets the managed address configuration flag (M) of a router
// advertisement.
func (b *NDPBuilder) Managed(on bool) *NDPBuilder { b.l.M = boolBit(on); return b }

// Other sets the other configuration flag (O) of a router advertisement.
func (b *NDPBuilder) Other(on bool) *NDPBuilder { b.l.O = boolBit(on); return b }

// Preference sets the router preference (prf; layers.NDPPrefHigh ...).
func (b *NDPBuilder) Preference(v uint8) *NDPBuilder {
	if v > 3 {
		b.fail("prf", v, fields.ErrBadValue)
	}
	b.l.Prf = v
	return b
}

// RouterLifetime sets the router lifetime in seconds (0: not a default
// router).
func (b *NDPBuilder) RouterLifetime(v uint16) *NDPBuilder { b.l.RouterLifetime = v; return b }

// ReachableTime sets the reachable time in milliseconds.
func (b *NDPBuilder) ReachableTime(v uint32) *NDPBuilder { b.l.ReachableTime = v; return b }

// RetransTimer sets the retransmission timer in milliseconds.
func (b *NDPBuilder) RetransTimer(v uint32) *NDPBuilder { b.l.RetransTimer = v; return b }

// Set sets any field by its Scapy name (res, H, P, ...).
func (b *NDPBuilder) Set(field string, v any) *NDPBuilder { b.set(field, v); return b }

// NDPOptionBuilder builds one neighbor discovery option; Set reaches
// every field by its Scapy name (Set("lifetime", 600), Set("L", 0)).
type NDPOptionBuilder[L packet.Layer] struct{ base[L] }

// Set sets any field by its Scapy name.
func (b *NDPOptionBuilder[L]) Set(field string, v any) *NDPOptionBuilder[L] {
	b.set(field, v)
	return b
}

// NewNDPOption wraps any option layer (layers.NDOptHAInfo, ...) in a
// builder.
func NewNDPOption[L packet.Layer](l L) *NDPOptionBuilder[L] {
	return &NDPOptionBuilder[L]{base[L]{l: l}}
}

func ndpOpt[L packet.Layer](l L) *NDPOptionBuilder[L] { return NewNDPOption(l) }

// NewNDPOptSrcLLAddr starts a source link-layer address option
// (Scapy's ICMPv6NDOptSrcLLAddr).
func NewNDPOptSrcLLAddr(mac any) *NDPOptionBuilder[*layers.NDOptSrcLLAddr] {
	b := ndpOpt(layers.NewNDOptSrcLLAddr(fields.MAC{}))
	b.l.LLAddr = b.mac("lladdr", mac)
	return b
}

// NewNDPOptDstLLAddr starts a target link-layer address option (Scapy's
// ICMPv6NDOptDstLLAddr).
func NewNDPOptDstLLAddr(mac any) *NDPOptionBuilder[*layers.NDOptDstLLAddr] {
	b := ndpOpt(layers.NewNDOptDstLLAddr(fields.MAC{}))
	b.l.LLAddr = b.mac("lladdr", mac)
	return b
}

// NewNDPOptPrefixInfo starts a prefix information option for prefix
// ("2001:db8:1::/64" or a netip.Prefix), on-link and autonomous, with
// infinite lifetimes (Scapy's ICMPv6NDOptPrefixInfo defaults).
func NewNDPOptPrefixInfo(prefix any) *NDPOptionBuilder[*layers.NDOptPrefixInfo] {
	b := ndpOpt(layers.NewNDOptPrefixInfo(netip.Prefix{}))
	if p, ok := prefix6(&b.base, "prefix", prefix); ok {
		b.l.Prefix, b.l.PrefixLen = p.Addr(), uint8(p.Bits())
	}
	return b
}

// NewNDPOptRouteInfo starts a route information option for prefix
// (RFC 4191), with an infinite lifetime.
func NewNDPOptRouteInfo(prefix any) *NDPOptionBuilder[*layers.NDOptRouteInfo] {
	b := ndpOpt(layers.NewNDOptRouteInfo(netip.Prefix{}))
	if p, ok := prefix6(&b.base, "prefix", prefix); ok {
		b.l.Prefix, b.l.PLen = p.Addr(), uint8(p.Bits())
	}
	return b
}

// NewNDPOptMTU starts an MTU option.
func NewNDPOptMTU(mtu uint32) *NDPOptionBuilder[*layers.NDOptMTU] {
	return ndpOpt(layers.NewNDOptMTU(mtu))
}

// NewNDPOptRDNSS starts a recursive DNS server option (RFC 8106) listing
// servers, with an infinite lifetime.
func NewNDPOptRDNSS(servers ...any) *NDPOptionBuilder[*layers.NDOptRDNSS] {
	b := ndpOpt(layers.NewNDOptRDNSS())
	b.l.DNS = addrs6(&b.base, "dns", servers)
	return b
}

// NewNDPOptDNSSL starts a DNS search list option (RFC 8106) for names,
// with an infinite lifetime.
func NewNDPOptDNSSL(names ...string) *NDPOptionBuilder[*layers.NDOptDNSSL] {
	b := ndpOpt(layers.NewNDOptDNSSL())
	b.set("searchlist", names)
	return b
}

// NewNDPOptRedirectedHdr starts a redirected header option holding the
// bytes of the packet redirected (cut to a multiple of 8 bytes).
func NewNDPOptRedirectedHdr(pkt []byte) *NDPOptionBuilder[*layers.NDOptRedirectedHdr] {
	return ndpOpt(layers.NewNDOptRedirectedHdr(pkt))
}

// prefix6 converts a builder argument to an IPv6 prefix.
func prefix6[L packet.Layer](b *base[L], field string, v any) (netip.Prefix, bool) {
	var p netip.Prefix
	var err error
	switch x := v.(type) {
	case netip.Prefix:
		p = x
	case string:
		p, err = netip.ParsePrefix(x)
	case fmt.Stringer:
		p, err = netip.ParsePrefix(x.String())
	default:
		err = fmt.Errorf("%w: %T is not a prefix", fields.ErrBadValue, v)
	}
	if err == nil && !p.Addr().Is6() {
		err = fmt.Errorf("%w: %s is not an ipv6 prefix", fields.ErrBadValue, p)
	}
	if err != nil {
		b.fail(field, v, err)
		return p, false
	}
	return p, true
}

// MLDBuilder builds an MLD message: MLDv1 query, report and done, MLDv2
// query and report.
type MLDBuilder struct{ base[*layers.ICMPv6] }

func newMLD(t uint8) *MLDBuilder { return &MLDBuilder{base[*layers.ICMPv6]{l: layers.NewICMPv6Of(t)}} }

// NewMLDQuery starts an MLDv1 query (type 130) for group (:: for a
// general query), with Scapy's response delay of 10000 ms.
func NewMLDQuery(group any) *MLDBuilder { return newMLD(layers.ICMPv6MLDQuery).Group(group) }

// NewMLDReport starts an MLDv1 report (type 131) for group.
func NewMLDReport(group any) *MLDBuilder { return newMLD(layers.ICMPv6MLDReport).Group(group) }

// NewMLDDone starts an MLDv1 done message (type 132) for group.
func NewMLDDone(group any) *MLDBuilder { return newMLD(layers.ICMPv6MLDDone).Group(group) }

// NewMLDv2Query starts an MLDv2 query (type 130, RFC 3810) for group and
// sources, as Scapy's ICMPv6MLQuery2().
func NewMLDv2Query(group any, sources ...any) *MLDBuilder {
	b := newMLD(layers.ICMPv6MLDQuery).Group(group)
	b.l.MLDv2 = true
	b.l.Sources = addrs6(&b.base, "sources", sources)
	return b
}

// NewMLDv2Report starts an MLDv2 report (type 143) of records
// (layers.NewMLDv2Record(group) joins group).
func NewMLDv2Report(records ...layers.MLDv2Record) *MLDBuilder {
	b := newMLD(layers.ICMPv6MLDv2Report)
	b.l.Records = records
	return b
}

// Group sets the multicast address (mladdr).
func (b *MLDBuilder) Group(v any) *MLDBuilder { b.l.MLAddr = addr6(&b.base, "mladdr", v); return b }

// MRD sets the maximum response delay in milliseconds.
func (b *MLDBuilder) MRD(v uint16) *MLDBuilder { b.l.MRD = v; return b }

// QRV sets the querier's robustness variable of an MLDv2 query.
func (b *MLDBuilder) QRV(v uint8) *MLDBuilder {
	if v > 7 {
		b.fail("QRV", v, fields.ErrBadValue)
	}
	b.l.QRV = v
	return b
}

// QQIC sets the querier's query interval code of an MLDv2 query.
func (b *MLDBuilder) QQIC(v uint8) *MLDBuilder { b.l.QQIC = v; return b }

// SuppressRouterSide sets the S flag of an MLDv2 query.
func (b *MLDBuilder) SuppressRouterSide(on bool) *MLDBuilder { b.l.S = boolBit(on); return b }

// Records appends multicast address records to an MLDv2 report.
func (b *MLDBuilder) Records(records ...layers.MLDv2Record) *MLDBuilder {
	b.l.Records = append(b.l.Records, records...)
	return b
}

// Chksum sets the checksum; by default it is computed.
func (b *MLDBuilder) Chksum(v uint16) *MLDBuilder { b.l.Checksum = fields.Some(v); return b }

// Set sets any field by its Scapy name.
func (b *MLDBuilder) Set(field string, v any) *MLDBuilder { b.set(field, v); return b }

// NeighborSolicitation returns the stack of a neighbor solicitation for
// target from srcMAC and srcIP: Ethernet to the multicast MAC of the
// target's solicited-node address (33:33:ff:xx:xx:xx), IPv6 to that
// address (ff02::1:ffxx:xxxx) with hop limit 255, the solicitation, and a
// source link-layer address option (left out when srcIP is ::, duplicate
// address detection, RFC 4861 section 4.3).
func NeighborSolicitation(srcMAC, srcIP, target any) *Stack {
	tgt, err := fields.AddrFrom(target, true)
	var dst netip.Addr
	var dmac MAC
	if err == nil {
		dst = layers.SolicitedNodeMulticast(tgt)
		dmac = layers.MulticastMAC(dst)
	}
	s := NewEthernet().SrcMAC(srcMAC).DstMAC(dmac).
		Over(NewIPv6().SrcIP(srcIP).DstIP(dst).HopLimit(255)).
		Over(NewNDPNeighborSolicitation(target))
	if err == nil {
		if src, e := fields.AddrFrom(srcIP, true); e == nil && !src.IsUnspecified() {
			s.Over(NewNDPOptSrcLLAddr(srcMAC))
		}
	}
	return s
}

// EtherIPv6NS builds a neighbor solicitation frame for target (see
// NeighborSolicitation).
func EtherIPv6NS(srcMAC, srcIP, target any) ([]byte, error) {
	return NeighborSolicitation(srcMAC, srcIP, target).Build()
}
