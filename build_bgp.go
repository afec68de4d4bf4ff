package goscapy

import (
	"net/netip"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// BGPBuilder builds one BGP message; several messages in one TCP segment
// are several builders stacked with Over.
//
//	seg, err := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
//		Over(goscapy.NewTCP().SrcPort(40000).DstPort(179).Flags(layers.TCPPsh | layers.TCPAck)).
//		Over(goscapy.NewBGPOpen().MyAS(65001).HoldTime(90).BGPID("192.0.2.1").
//			Capabilities(layers.BGPCapMP(layers.BGPAFIIPv4, layers.BGPSAFIUnicast),
//				layers.BGPCapRR(), layers.BGPCapAS4(65001))).
//		Over(goscapy.NewBGPKeepAlive()).
//		Build()
type BGPBuilder struct{ base[*layers.BGP] }

func newBGP(t uint8) *BGPBuilder {
	l := layers.NewBGP()
	l.Type = t
	return &BGPBuilder{base[*layers.BGP]{l: l}}
}

// NewBGP starts a message with Scapy's BGPHeader defaults: a KEEPALIVE.
func NewBGP() *BGPBuilder { return newBGP(layers.BGPKeepAlive) }

// NewBGPKeepAlive starts a KEEPALIVE.
func NewBGPKeepAlive() *BGPBuilder { return newBGP(layers.BGPKeepAlive) }

// NewBGPOpen starts an OPEN with Scapy's defaults: version 4, my_as 0,
// hold_time 0, bgp_id 0.0.0.0, no optional parameters.
func NewBGPOpen() *BGPBuilder { return newBGP(layers.BGPOpen) }

// NewBGPUpdate starts an empty UPDATE (an end-of-RIB marker as it stands).
func NewBGPUpdate() *BGPBuilder { return newBGP(layers.BGPUpdate) }

// NewBGPNotification starts a NOTIFICATION with an error code and subcode.
func NewBGPNotification(code, subcode uint8) *BGPBuilder {
	b := newBGP(layers.BGPNotification)
	b.l.ErrorCode, b.l.ErrorSubcode = code, subcode
	return b
}

// NewBGPRouteRefresh starts a ROUTE-REFRESH for an address family.
func NewBGPRouteRefresh(afi uint16, safi uint8) *BGPBuilder {
	b := newBGP(layers.BGPRouteRefresh)
	b.l.AFI, b.l.SAFI = afi, safi
	return b
}

// Type sets the message type (layers.BGPOpen, ...).
func (b *BGPBuilder) Type(t uint8) *BGPBuilder { b.l.Type = t; return b }

// Len sets the message length; by default it is computed.
func (b *BGPBuilder) Len(v uint16) *BGPBuilder { b.l.Len = fields.Some(v); return b }

// Marker sets the 16-byte marker; by default it is all ones.
func (b *BGPBuilder) Marker(m []byte) *BGPBuilder {
	if len(m) != 16 {
		b.fail("marker", m, fields.ErrBadValue)
	}
	b.l.Marker = m
	return b
}

// Version sets the BGP version of an OPEN.
func (b *BGPBuilder) Version(v uint8) *BGPBuilder { b.l.Version = v; return b }

// MyAS sets the AS number of an OPEN (23456, AS_TRANS, for 4-byte AS
// numbers, which go in a BGPCapAS4 capability).
func (b *BGPBuilder) MyAS(v uint16) *BGPBuilder { b.l.MyAS = v; return b }

// HoldTime sets the hold time of an OPEN, in seconds.
func (b *BGPBuilder) HoldTime(v uint16) *BGPBuilder { b.l.HoldTime = v; return b }

// BGPID sets the BGP identifier of an OPEN.
func (b *BGPBuilder) BGPID(v any) *BGPBuilder {
	a, err := fields.AddrFrom(v, false)
	if err != nil {
		b.fail("bgp_id", v, err)
	}
	b.l.BGPID = a
	return b
}

// Capabilities appends a capabilities parameter to an OPEN.
func (b *BGPBuilder) Capabilities(caps ...layers.BGPCapability) *BGPBuilder {
	b.l.OptParams = append(b.l.OptParams, layers.BGPCapabilities(caps...))
	return b
}

// OptParams appends optional parameters to an OPEN.
func (b *BGPBuilder) OptParams(p ...layers.BGPOptParam) *BGPBuilder {
	b.l.OptParams = append(b.l.OptParams, p...)
	return b
}

func (b *BGPBuilder) routes(field string, ss []string) []layers.BGPPrefix {
	out := make([]layers.BGPPrefix, 0, len(ss))
	for _, s := range ss {
		p, err := layers.BGPRoute(s)
		if err != nil {
			b.fail(field, s, err)
			continue
		}
		out = append(out, p)
	}
	return out
}

// Withdraw appends withdrawn IPv4 routes to an UPDATE ("10.0.0.0/8").
func (b *BGPBuilder) Withdraw(prefixes ...string) *BGPBuilder {
	b.l.Withdrawn = append(b.l.Withdrawn, b.routes("withdrawn_routes", prefixes)...)
	return b
}

// NLRI appends announced IPv4 routes to an UPDATE.
func (b *BGPBuilder) NLRI(prefixes ...string) *BGPBuilder {
	b.l.NLRI = append(b.l.NLRI, b.routes("nlri", prefixes)...)
	return b
}

// Attrs appends path attributes to an UPDATE (layers.BGPOriginAttr(...),
// ...).
func (b *BGPBuilder) Attrs(a ...layers.BGPPathAttr) *BGPBuilder {
	b.l.PathAttrs = append(b.l.PathAttrs, a...)
	return b
}

// Origin appends ORIGIN (layers.BGPOriginIGP, ...).
func (b *BGPBuilder) Origin(o uint8) *BGPBuilder { return b.Attrs(layers.BGPOriginAttr(o)) }

// ASPath appends AS_PATH, one AS_SEQUENCE of 4-byte AS numbers (sessions
// with the 4-octet AS capability, as nearly all are).
func (b *BGPBuilder) ASPath(asns ...uint32) *BGPBuilder {
	return b.Attrs(layers.BGPAS4PathAttr(layers.BGPASSeq(asns...)))
}

// ASPath2 appends AS_PATH, one AS_SEQUENCE of 2-byte AS numbers.
func (b *BGPBuilder) ASPath2(asns ...uint32) *BGPBuilder {
	return b.Attrs(layers.BGPASPathAttr(layers.BGPASSeq(asns...)))
}

// NextHop appends NEXT_HOP.
func (b *BGPBuilder) NextHop(v any) *BGPBuilder {
	a, err := fields.AddrFrom(v, false)
	if err != nil {
		b.fail("next_hop", v, err)
		return b
	}
	return b.Attrs(layers.BGPNextHopAttr(a))
}

// MED appends MULTI_EXIT_DISC.
func (b *BGPBuilder) MED(v uint32) *BGPBuilder { return b.Attrs(layers.BGPMEDAttr(v)) }

// LocalPref appends LOCAL_PREF.
func (b *BGPBuilder) LocalPref(v uint32) *BGPBuilder { return b.Attrs(layers.BGPLocalPrefAttr(v)) }

// Communities appends COMMUNITIES (AS<<16 | value each).
func (b *BGPBuilder) Communities(c ...uint32) *BGPBuilder {
	return b.Attrs(layers.BGPCommunitiesAttr(c...))
}

// MPReach appends MP_REACH_NLRI for IPv6 unicast (or any family) routes
// with their next hops.
func (b *BGPBuilder) MPReach(afi uint16, safi uint8, nextHops []any, prefixes ...string) *BGPBuilder {
	nh := make([]netip.Addr, 0, len(nextHops))
	for _, v := range nextHops {
		a, err := fields.AddrFrom(v, afi == layers.BGPAFIIPv6)
		if err != nil {
			b.fail("mp_reach_nlri", v, err)
			return b
		}
		nh = append(nh, a)
	}
	return b.Attrs(layers.BGPMPReachAttr(afi, safi, nh, b.routes("mp_reach_nlri", prefixes)...))
}

// MPUnreach appends MP_UNREACH_NLRI with withdrawn routes.
func (b *BGPBuilder) MPUnreach(afi uint16, safi uint8, prefixes ...string) *BGPBuilder {
	return b.Attrs(layers.BGPMPUnreachAttr(afi, safi, b.routes("mp_unreach_nlri", prefixes)...))
}

// ErrorCode and ErrorSubcode set the error of a NOTIFICATION.
func (b *BGPBuilder) ErrorCode(v uint8) *BGPBuilder    { b.l.ErrorCode = v; return b }
func (b *BGPBuilder) ErrorSubcode(v uint8) *BGPBuilder { b.l.ErrorSubcode = v; return b }

// Data sets the data of a NOTIFICATION (or the ORF entries of a
// ROUTE-REFRESH).
func (b *BGPBuilder) Data(d []byte) *BGPBuilder { b.l.Data = d; return b }

// AFI, SAFI and Subtype set the fields of a ROUTE-REFRESH.
func (b *BGPBuilder) AFI(v uint16) *BGPBuilder    { b.l.AFI = v; return b }
func (b *BGPBuilder) SAFI(v uint8) *BGPBuilder    { b.l.SAFI = v; return b }
func (b *BGPBuilder) Subtype(v uint8) *BGPBuilder { b.l.Subtype = v; return b }

// Set sets any field by its Scapy name.
func (b *BGPBuilder) Set(field string, v any) *BGPBuilder { b.set(field, v); return b }

// BGPSegment builds IP/TCP with PSH and ACK set carrying the messages in
// order: one segment as a BGP speaker writes it (one of the ports is
// layers.BGPPort).
func BGPSegment(srcIP, dstIP any, sport, dport uint16, seq, ack uint32, msgs ...*BGPBuilder) ([]byte, error) {
	s := NewIP().SrcIP(srcIP).DstIP(dstIP).
		Over(NewTCP().SrcPort(sport).DstPort(dport).Seq(seq).Ack(ack).Flags(layers.TCPPsh | layers.TCPAck))
	for _, m := range msgs {
		s.Over(m)
	}
	return s.Build()
}
