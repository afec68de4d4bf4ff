package goscapy

import (
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// ICMPBuilder builds an ICMP (IPv4) header. For error messages, put the
// quoted IP header (and the start of its payload) over it:
// NewICMP().Type(3).Code(3).Over(NewIP()...).Over(NewUDP()...).
type ICMPBuilder struct{ base[*layers.ICMP] }

// NewICMP starts an ICMP echo-request with Scapy's defaults (code 0,
// id 0, seq 0, checksum computed).
func NewICMP() *ICMPBuilder { return &ICMPBuilder{base[*layers.ICMP]{l: layers.NewICMP()}} }

// Type sets the type (layers.ICMPEchoRequest, layers.ICMPDestUnreach, ...).
// It decides which of the other fields are on the wire.
func (b *ICMPBuilder) Type(v uint8) *ICMPBuilder { b.l.Type = v; return b }

// Code sets the code (layers.ICMPPortUnreachable, ...).
func (b *ICMPBuilder) Code(v uint8) *ICMPBuilder { b.l.Code = v; return b }

// ID sets the identifier (echo, timestamp, information, address mask).
func (b *ICMPBuilder) ID(v uint16) *ICMPBuilder { b.l.ID = v; return b }

// Seq sets the sequence number (the same types as ID).
func (b *ICMPBuilder) Seq(v uint16) *ICMPBuilder { b.l.Seq = v; return b }

// Chksum sets the checksum; by default it is computed.
func (b *ICMPBuilder) Chksum(v uint16) *ICMPBuilder { b.l.Checksum = fields.Some(v); return b }

// Gateway sets the gateway address of a redirect (gw).
func (b *ICMPBuilder) Gateway(v any) *ICMPBuilder { b.set("gw", v); return b }

// Pointer sets the octet pointer of a parameter-problem (ptr).
func (b *ICMPBuilder) Pointer(v uint8) *ICMPBuilder { b.l.Pointer = v; return b }

// NextHopMTU sets the MTU of a fragmentation-needed dest-unreach.
func (b *ICMPBuilder) NextHopMTU(v uint16) *ICMPBuilder { b.l.NextHopMTU = v; return b }

// Length sets the RFC 4884 length of the quoted datagram, in 32-bit words.
func (b *ICMPBuilder) Length(v uint8) *ICMPBuilder { b.l.Length = v; return b }

// Timestamps sets the originate, receive and transmit timestamps of a
// timestamp request or reply, in milliseconds since midnight UT. Unset,
// they are the time of building, as in Scapy.
func (b *ICMPBuilder) Timestamps(ori, rx, tx uint32) *ICMPBuilder {
	b.l.TSOri, b.l.TSRx, b.l.TSTx = fields.Some(ori), fields.Some(rx), fields.Some(tx)
	return b
}

// AddrMask sets the address mask of an address-mask request or reply.
func (b *ICMPBuilder) AddrMask(v any) *ICMPBuilder { b.set("addr_mask", v); return b }

// Unused sets the unused bits of the types that have them.
func (b *ICMPBuilder) Unused(v uint32) *ICMPBuilder { b.l.Unused = v; return b }

// Set sets any field by its Scapy name ("code" also takes the code names
// of the current type, such as "port-unreachable").
func (b *ICMPBuilder) Set(field string, v any) *ICMPBuilder { b.set(field, v); return b }
