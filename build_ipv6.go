package goscapy

import (
	"net/netip"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// IPv6Builder builds an IPv6 header.
type IPv6Builder struct{ base[*layers.IPv6] }

// NewIPv6 starts an IPv6 header with Scapy's defaults (hlim 64, dst ::1,
// next header from the layer above, 59 when there is none).
func NewIPv6() *IPv6Builder { return &IPv6Builder{base[*layers.IPv6]{l: layers.NewIPv6()}} }

func (b *IPv6Builder) addr(field string, v any) netip.Addr { return b.ipAddr(field, v, true) }

// SrcIP sets the source: "2001:db8::1", a netip.Addr, net.IP. An IPv4
// address is an error.
func (b *IPv6Builder) SrcIP(v any) *IPv6Builder { b.l.Src = b.addr("src", v); return b }

// DstIP sets the destination.
func (b *IPv6Builder) DstIP(v any) *IPv6Builder { b.l.Dst = b.addr("dst", v); return b }

// HopLimit sets the hop limit.
func (b *IPv6Builder) HopLimit(v uint8) *IPv6Builder { b.l.HopLimit = v; return b }

// TrafficClass sets the traffic class (DSCP and ECN).
func (b *IPv6Builder) TrafficClass(v uint8) *IPv6Builder { b.l.TrafficClass = v; return b }

// FlowLabel sets the 20-bit flow label.
func (b *IPv6Builder) FlowLabel(v uint32) *IPv6Builder {
	if v > 0xfffff {
		b.fail("fl", v, fields.ErrBadValue)
	}
	b.l.FlowLabel = v
	return b
}

// NextHeader sets the next header; by default it comes from the layer
// above.
func (b *IPv6Builder) NextHeader(v uint8) *IPv6Builder { b.l.NextHeader = fields.Some(v); return b }

// PayloadLen sets the payload length; by default it is computed.
func (b *IPv6Builder) PayloadLen(v uint16) *IPv6Builder { b.l.PayloadLen = fields.Some(v); return b }

// Set sets any field by its Scapy name.
func (b *IPv6Builder) Set(field string, v any) *IPv6Builder { b.set(field, v); return b }

// ICMPv6Builder builds an ICMPv6 message.
type ICMPv6Builder struct{ base[*layers.ICMPv6] }

// NewICMPv6 starts an echo request (type 128, code 0, id 0, seq 0), as
// Scapy's ICMPv6EchoRequest(). With Type(layers.ICMPv6PacketTooBig) the
// MTU is 1280 and with Type(layers.ICMPv6ParamProblem) the pointer is 6
// unless set, as in Scapy.
func NewICMPv6() *ICMPv6Builder { return &ICMPv6Builder{base[*layers.ICMPv6]{l: layers.NewICMPv6()}} }

// Type sets the message type (layers.ICMPv6EchoRequest, ...).
func (b *ICMPv6Builder) Type(v uint8) *ICMPv6Builder { b.l.Type = v; return b }

// Code sets the code.
func (b *ICMPv6Builder) Code(v uint8) *ICMPv6Builder { b.l.Code = v; return b }

// ID sets the echo identifier.
func (b *ICMPv6Builder) ID(v uint16) *ICMPv6Builder { b.l.ID = v; return b }

// Seq sets the echo sequence number.
func (b *ICMPv6Builder) Seq(v uint16) *ICMPv6Builder { b.l.Seq = v; return b }

// MTU sets the MTU of a packet-too-big message.
func (b *ICMPv6Builder) MTU(v uint32) *ICMPv6Builder { b.l.MTU = v; return b }

// Ptr sets the pointer of a parameter-problem message.
func (b *ICMPv6Builder) Ptr(v uint32) *ICMPv6Builder { b.l.Pointer = v; return b }

// Chksum sets the checksum; by default it is computed with the IPv6
// pseudo-header.
func (b *ICMPv6Builder) Chksum(v uint16) *ICMPv6Builder { b.l.Checksum = fields.Some(v); return b }

// Set sets any field by its Scapy name (type, code, cksum, id, seq, mtu,
// ptr, length, unused, res, word).
func (b *ICMPv6Builder) Set(field string, v any) *ICMPv6Builder { b.set(field, v); return b }
