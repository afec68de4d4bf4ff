package goscapy

import (
	"net/netip"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// IPv6 extension header builders. Each header's next header is filled from
// the layer above with IPv6's table (59, No Next Header, when nothing is
// bound) and the IPv6 header's own next header from the first extension
// header, so NewIPv6().Over(NewIPv6ExtHopByHop()).Over(NewUDP()) builds
// nh 0 then 17. Lengths are computed unless set.

// addr6 converts a builder argument to an IPv6 address, recording errors.
func addr6[L packet.Layer](b *base[L], field string, v any) netip.Addr {
	a, err := fields.AddrFrom(v, true)
	if err != nil {
		b.fail(field, v, err)
	}
	return a
}

func addrs6[L packet.Layer](b *base[L], field string, vs []any) []netip.Addr {
	out := make([]netip.Addr, len(vs))
	for i, v := range vs {
		out[i] = addr6(b, field, v)
	}
	return out
}

// IPv6ExtHopByHopBuilder builds a hop-by-hop options header.
type IPv6ExtHopByHopBuilder struct{ base[*layers.IPv6HopByHop] }

// NewIPv6ExtHopByHop starts a hop-by-hop options header with autopad on,
// as Scapy's IPv6ExtHdrHopByHop(): options are aligned and the header is
// padded to a multiple of 8 bytes.
func NewIPv6ExtHopByHop() *IPv6ExtHopByHopBuilder {
	return &IPv6ExtHopByHopBuilder{base[*layers.IPv6HopByHop]{l: layers.NewIPv6HopByHop()}}
}

// NextHeader sets the next header; by default it comes from the layer
// above.
func (b *IPv6ExtHopByHopBuilder) NextHeader(v uint8) *IPv6ExtHopByHopBuilder {
	b.l.NextHeader = fields.Some(v)
	return b
}

// Len sets the length in 8-byte units past the first 8; by default it is
// computed.
func (b *IPv6ExtHopByHopBuilder) Len(v uint8) *IPv6ExtHopByHopBuilder {
	b.l.Len = fields.Some(v)
	return b
}

// AutoPad turns Scapy's autopad on (the default) or off.
func (b *IPv6ExtHopByHopBuilder) AutoPad(on bool) *IPv6ExtHopByHopBuilder {
	b.l.AutoPad = boolBit(on)
	return b
}

// Options appends options (layers.IPv6OptionRouterAlert(0), ...).
func (b *IPv6ExtHopByHopBuilder) Options(opts ...layers.IPv6Option) *IPv6ExtHopByHopBuilder {
	b.l.Options = append(b.l.Options, opts...)
	return b
}

// RouterAlert appends a router alert option (RFC 2711; 0 is MLD).
func (b *IPv6ExtHopByHopBuilder) RouterAlert(v uint16) *IPv6ExtHopByHopBuilder {
	return b.Options(layers.IPv6OptionRouterAlert(v))
}

// Jumbo appends a jumbo payload option (RFC 2675).
func (b *IPv6ExtHopByHopBuilder) Jumbo(plen uint32) *IPv6ExtHopByHopBuilder {
	return b.Options(layers.IPv6OptionJumbo(plen))
}

// Set sets any field by its Scapy name (nh, len, autopad, options).
func (b *IPv6ExtHopByHopBuilder) Set(field string, v any) *IPv6ExtHopByHopBuilder {
	b.set(field, v)
	return b
}

// IPv6ExtDestOptsBuilder builds a destination options header.
type IPv6ExtDestOptsBuilder struct{ base[*layers.IPv6DestOpts] }

// NewIPv6ExtDestOpts starts a destination options header with autopad on,
// as Scapy's IPv6ExtHdrDestOpt().
func NewIPv6ExtDestOpts() *IPv6ExtDestOptsBuilder {
	return &IPv6ExtDestOptsBuilder{base[*layers.IPv6DestOpts]{l: layers.NewIPv6DestOpts()}}
}

// NextHeader sets the next header; by default it comes from the layer
// above.
func (b *IPv6ExtDestOptsBuilder) NextHeader(v uint8) *IPv6ExtDestOptsBuilder {
	b.l.NextHeader = fields.Some(v)
	return b
}

// Len sets the length; by default it is computed.
func (b *IPv6ExtDestOptsBuilder) Len(v uint8) *IPv6ExtDestOptsBuilder {
	b.l.Len = fields.Some(v)
	return b
}

// AutoPad turns Scapy's autopad on (the default) or off.
func (b *IPv6ExtDestOptsBuilder) AutoPad(on bool) *IPv6ExtDestOptsBuilder {
	b.l.AutoPad = boolBit(on)
	return b
}

// Options appends options.
func (b *IPv6ExtDestOptsBuilder) Options(opts ...layers.IPv6Option) *IPv6ExtDestOptsBuilder {
	b.l.Options = append(b.l.Options, opts...)
	return b
}

// HomeAddress appends a home address option (RFC 6275); alone in the
// header, it is the source of upper-layer pseudo-headers.
func (b *IPv6ExtDestOptsBuilder) HomeAddress(v any) *IPv6ExtDestOptsBuilder {
	return b.Options(layers.IPv6OptionHAO(addr6(&b.base, "options", v)))
}

// Set sets any field by its Scapy name.
func (b *IPv6ExtDestOptsBuilder) Set(field string, v any) *IPv6ExtDestOptsBuilder {
	b.set(field, v)
	return b
}

// IPv6ExtRoutingBuilder builds a routing header of type 0, 2 or another
// type laid out as addresses.
type IPv6ExtRoutingBuilder struct{ base[*layers.IPv6Routing] }

// NewIPv6ExtRouting starts a type 0 routing header over the addresses
// given ("2001:db8::1", netip.Addr ...); segments left is their number
// unless set. The last address is the destination of upper-layer
// pseudo-headers.
func NewIPv6ExtRouting(addrs ...any) *IPv6ExtRoutingBuilder {
	b := &IPv6ExtRoutingBuilder{base[*layers.IPv6Routing]{l: layers.NewIPv6Routing()}}
	b.l.Addresses = addrs6(&b.base, "addresses", addrs)
	return b
}

// Type sets the routing type (0, or layers.IPv6RoutingMobileIPv6).
func (b *IPv6ExtRoutingBuilder) Type(v uint8) *IPv6ExtRoutingBuilder { b.l.Type = v; return b }

// SegLeft sets segments left; by default it is the number of addresses.
func (b *IPv6ExtRoutingBuilder) SegLeft(v uint8) *IPv6ExtRoutingBuilder {
	b.l.SegLeft = fields.Some(v)
	return b
}

// Addresses replaces the addresses.
func (b *IPv6ExtRoutingBuilder) Addresses(addrs ...any) *IPv6ExtRoutingBuilder {
	b.l.Addresses = addrs6(&b.base, "addresses", addrs)
	return b
}

// NextHeader sets the next header; by default it comes from the layer
// above.
func (b *IPv6ExtRoutingBuilder) NextHeader(v uint8) *IPv6ExtRoutingBuilder {
	b.l.NextHeader = fields.Some(v)
	return b
}

// Len sets the length; by default it is 2 per address.
func (b *IPv6ExtRoutingBuilder) Len(v uint8) *IPv6ExtRoutingBuilder {
	b.l.Len = fields.Some(v)
	return b
}

// Set sets any field by its Scapy name (nh, len, type, segleft, reserved,
// addresses).
func (b *IPv6ExtRoutingBuilder) Set(field string, v any) *IPv6ExtRoutingBuilder {
	b.set(field, v)
	return b
}

// IPv6ExtSRHBuilder builds a segment routing header (RFC 8754).
type IPv6ExtSRHBuilder struct{ base[*layers.IPv6SRH] }

// NewIPv6ExtSRH starts a segment routing header over the segment list
// given, final segment first as on the wire (Scapy's addresses; ::1 when
// none is given, as Scapy). Segments left and last entry are the number of
// segments minus one unless set; the first segment is the destination of
// upper-layer pseudo-headers.
func NewIPv6ExtSRH(segments ...any) *IPv6ExtSRHBuilder {
	b := &IPv6ExtSRHBuilder{base[*layers.IPv6SRH]{l: layers.NewIPv6SRH()}}
	if len(segments) > 0 {
		b.l.Addresses = addrs6(&b.base, "addresses", segments)
	}
	return b
}

// Segments replaces the segment list.
func (b *IPv6ExtSRHBuilder) Segments(segments ...any) *IPv6ExtSRHBuilder {
	b.l.Addresses = addrs6(&b.base, "addresses", segments)
	return b
}

// SegLeft sets segments left.
func (b *IPv6ExtSRHBuilder) SegLeft(v uint8) *IPv6ExtSRHBuilder {
	b.l.SegLeft = fields.Some(v)
	return b
}

// LastEntry sets the index of the last segment.
func (b *IPv6ExtSRHBuilder) LastEntry(v uint8) *IPv6ExtSRHBuilder {
	b.l.LastEntry = fields.Some(v)
	return b
}

// Tag sets the tag.
func (b *IPv6ExtSRHBuilder) Tag(v uint16) *IPv6ExtSRHBuilder { b.l.Tag = v; return b }

// TLVs appends TLVs; with the length unset a Pad1 or PadN TLV completes
// the header to a multiple of 8 bytes.
func (b *IPv6ExtSRHBuilder) TLVs(tlvs ...layers.SRHTLV) *IPv6ExtSRHBuilder {
	b.l.TLVs = append(b.l.TLVs, tlvs...)
	return b
}

// NextHeader sets the next header; by default it comes from the layer
// above.
func (b *IPv6ExtSRHBuilder) NextHeader(v uint8) *IPv6ExtSRHBuilder {
	b.l.NextHeader = fields.Some(v)
	return b
}

// Len sets the length; by default it is computed.
func (b *IPv6ExtSRHBuilder) Len(v uint8) *IPv6ExtSRHBuilder { b.l.Len = fields.Some(v); return b }

// Set sets any field by its Scapy name (protected, oam, alert, hmac, ...).
func (b *IPv6ExtSRHBuilder) Set(field string, v any) *IPv6ExtSRHBuilder { b.set(field, v); return b }

// IPv6ExtFragmentBuilder builds a fragment header.
type IPv6ExtFragmentBuilder struct{ base[*layers.IPv6Fragment] }

// NewIPv6ExtFragment starts a fragment header (offset 0, no more
// fragments, id 0), as Scapy's IPv6ExtHdrFragment().
func NewIPv6ExtFragment() *IPv6ExtFragmentBuilder {
	return &IPv6ExtFragmentBuilder{base[*layers.IPv6Fragment]{l: layers.NewIPv6Fragment()}}
}

// Offset sets the fragment offset in 8-byte units (13 bits).
func (b *IPv6ExtFragmentBuilder) Offset(v uint16) *IPv6ExtFragmentBuilder {
	if v > 0x1fff {
		b.fail("offset", v, fields.ErrBadValue)
	}
	b.l.Offset = v
	return b
}

// More sets the more-fragments flag (m).
func (b *IPv6ExtFragmentBuilder) More(on bool) *IPv6ExtFragmentBuilder { b.l.M = boolBit(on); return b }

// ID sets the identification.
func (b *IPv6ExtFragmentBuilder) ID(v uint32) *IPv6ExtFragmentBuilder { b.l.ID = v; return b }

// NextHeader sets the next header; by default it comes from the layer
// above.
func (b *IPv6ExtFragmentBuilder) NextHeader(v uint8) *IPv6ExtFragmentBuilder {
	b.l.NextHeader = fields.Some(v)
	return b
}

// Set sets any field by its Scapy name (nh, res1, offset, res2, m, id).
func (b *IPv6ExtFragmentBuilder) Set(field string, v any) *IPv6ExtFragmentBuilder {
	b.set(field, v)
	return b
}

// AHBuilder builds an IPsec authentication header.
type AHBuilder struct{ base[*layers.AH] }

// NewAH starts an authentication header (spi 1, seq 0, no ICV). Next
// header and payload length are computed unless set (Scapy leaves them 0).
func NewAH() *AHBuilder { return &AHBuilder{base[*layers.AH]{l: layers.NewAH()}} }

// SPI sets the security parameters index.
func (b *AHBuilder) SPI(v uint32) *AHBuilder { b.l.SPI = v; return b }

// Seq sets the sequence number.
func (b *AHBuilder) Seq(v uint32) *AHBuilder { b.l.Seq = v; return b }

// ICV sets the integrity check value.
func (b *AHBuilder) ICV(v []byte) *AHBuilder { b.l.ICV = v; return b }

// NextHeader sets the next header.
func (b *AHBuilder) NextHeader(v uint8) *AHBuilder { b.l.NextHeader = fields.Some(v); return b }

// PayloadLen sets the payload length (32-bit words minus 2).
func (b *AHBuilder) PayloadLen(v uint8) *AHBuilder { b.l.PayloadLen = fields.Some(v); return b }

// Set sets any field by its Scapy name.
func (b *AHBuilder) Set(field string, v any) *AHBuilder { b.set(field, v); return b }

// ESPBuilder builds an IPsec ESP header and its opaque data.
type ESPBuilder struct{ base[*layers.ESP] }

// NewESP starts an ESP header (spi 1, seq 0, no data), as Scapy's ESP().
func NewESP() *ESPBuilder { return &ESPBuilder{base[*layers.ESP]{l: layers.NewESP()}} }

// SPI sets the security parameters index.
func (b *ESPBuilder) SPI(v uint32) *ESPBuilder { b.l.SPI = v; return b }

// Seq sets the sequence number.
func (b *ESPBuilder) Seq(v uint32) *ESPBuilder { b.l.Seq = v; return b }

// Data sets the encrypted payload, padding and ICV, opaque here.
func (b *ESPBuilder) Data(v []byte) *ESPBuilder { b.l.Data = v; return b }

// Set sets any field by its Scapy name.
func (b *ESPBuilder) Set(field string, v any) *ESPBuilder { b.set(field, v); return b }

func boolBit(on bool) uint8 {
	if on {
		return 1
	}
	return 0
}
