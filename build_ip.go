package goscapy

import (
	"net/netip"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// IPBuilder builds an IPv4 header.
type IPBuilder struct{ base[*layers.IPv4] }

// NewIP starts an IPv4 header with Scapy's defaults (ttl 64, id 1,
// dst 127.0.0.1).
func NewIP() *IPBuilder {
	a := &struct {
		b IPBuilder
		v layers.IPv4
	}{v: *layers.NewIPv4()} // one allocation for the builder and its layer
	a.b.l = &a.v
	return &a.b
}

// NewIPv4 is NewIP.
func NewIPv4() *IPBuilder { return NewIP() }

func (b *IPBuilder) addr(field string, v any) netip.Addr { return b.ipAddr(field, v, false) }

// SrcIP sets the source: "192.168.1.1", a netip.Addr, net.IP.
func (b *IPBuilder) SrcIP(v any) *IPBuilder { b.l.Src = b.addr("src", v); return b }

// DstIP sets the destination.
func (b *IPBuilder) DstIP(v any) *IPBuilder { b.l.Dst = b.addr("dst", v); return b }

// TTL sets the time to live.
func (b *IPBuilder) TTL(v uint8) *IPBuilder { b.l.TTL = v; return b }

// TOS sets the type of service (DSCP and ECN).
func (b *IPBuilder) TOS(v uint8) *IPBuilder { b.l.TOS = v; return b }

// ID sets the identification.
func (b *IPBuilder) ID(v uint16) *IPBuilder { b.l.ID = v; return b }

// Flags sets the 3 flag bits (layers.IPv4DontFragment, ...).
func (b *IPBuilder) Flags(v uint8) *IPBuilder {
	if v > 7 {
		b.fail("flags", v, fields.ErrBadValue)
	}
	b.l.Flags = v
	return b
}

// Frag sets the fragment offset in 8-byte units.
func (b *IPBuilder) Frag(v uint16) *IPBuilder {
	if v > 0x1fff {
		b.fail("frag", v, fields.ErrBadValue)
	}
	b.l.FragOff = v
	return b
}

// Proto sets the protocol; by default it comes from the layer above.
func (b *IPBuilder) Proto(v uint8) *IPBuilder { b.l.Protocol = fields.Some(v); return b }

// Len sets the total length; by default it is computed.
func (b *IPBuilder) Len(v uint16) *IPBuilder { b.l.Len = fields.Some(v); return b }

// IHL sets the header length in words; by default it is computed.
func (b *IPBuilder) IHL(v uint8) *IPBuilder {
	if v > 15 {
		b.fail("ihl", v, fields.ErrBadValue)
	}
	b.l.IHL = fields.Some(v)
	return b
}

// Chksum sets the header checksum; by default it is computed.
func (b *IPBuilder) Chksum(v uint16) *IPBuilder { b.l.Checksum = fields.Some(v); return b }

// Options sets the IP options (padded with zeros to 4 bytes).
func (b *IPBuilder) Options(opts ...layers.IPOption) *IPBuilder { b.l.Options = opts; return b }

// Set sets any field by its Scapy name.
func (b *IPBuilder) Set(field string, v any) *IPBuilder { b.set(field, v); return b }
