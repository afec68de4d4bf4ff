package goscapy

import (
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// TCPBuilder builds a TCP header.
type TCPBuilder struct{ base[*layers.TCP] }

// NewTCP starts a TCP header with Scapy's defaults (sport 20, dport 80,
// flags S, window 8192).
func NewTCP() *TCPBuilder {
	a := &struct {
		b TCPBuilder
		v layers.TCP
	}{v: *layers.NewTCP()} // one allocation for the builder and its layer
	a.b.l = &a.v
	return &a.b
}

// SrcPort sets the source port.
func (b *TCPBuilder) SrcPort(v uint16) *TCPBuilder { b.l.SrcPort = v; return b }

// DstPort sets the destination port.
func (b *TCPBuilder) DstPort(v uint16) *TCPBuilder { b.l.DstPort = v; return b }

// Seq sets the sequence number.
func (b *TCPBuilder) Seq(v uint32) *TCPBuilder { b.l.Seq = v; return b }

// Ack sets the acknowledgment number.
func (b *TCPBuilder) Ack(v uint32) *TCPBuilder { b.l.Ack = v; return b }

// Flags sets the flags (layers.TCPSyn|layers.TCPAck ...).
func (b *TCPBuilder) Flags(v uint8) *TCPBuilder { b.l.Flags = v; return b }

// Window sets the window.
func (b *TCPBuilder) Window(v uint16) *TCPBuilder { b.l.Window = v; return b }

// Urgent sets the urgent pointer.
func (b *TCPBuilder) Urgent(v uint16) *TCPBuilder { b.l.Urgent = v; return b }

// DataOffset sets the header length in words; by default it is computed.
func (b *TCPBuilder) DataOffset(v uint8) *TCPBuilder {
	if v > 15 {
		b.fail("dataofs", v, fields.ErrBadValue)
	}
	b.l.DataOffset = fields.Some(v)
	return b
}

// Chksum sets the checksum; by default it is computed.
func (b *TCPBuilder) Chksum(v uint16) *TCPBuilder { b.l.Checksum = fields.Some(v); return b }

// Options sets the options (layers.TCPOptionMSS(1460), ...), padded with
// EOL bytes to 4.
func (b *TCPBuilder) Options(opts ...layers.TCPOption) *TCPBuilder { b.l.SetOptions(opts...); return b }

// Set sets any field by its Scapy name.
func (b *TCPBuilder) Set(field string, v any) *TCPBuilder { b.set(field, v); return b }

// UDPBuilder builds a UDP header.
type UDPBuilder struct{ base[*layers.UDP] }

// NewUDP starts a UDP header with Scapy's defaults (ports 53).
func NewUDP() *UDPBuilder {
	a := &struct {
		b UDPBuilder
		v layers.UDP
	}{v: *layers.NewUDP()} // one allocation for the builder and its layer
	a.b.l = &a.v
	return &a.b
}

// SrcPort sets the source port.
func (b *UDPBuilder) SrcPort(v uint16) *UDPBuilder { b.l.SrcPort = v; return b }

// DstPort sets the destination port.
func (b *UDPBuilder) DstPort(v uint16) *UDPBuilder { b.l.DstPort = v; return b }

// Len sets the length; by default it is computed.
func (b *UDPBuilder) Len(v uint16) *UDPBuilder { b.l.Len = fields.Some(v); return b }

// Chksum sets the checksum; by default it is computed.
func (b *UDPBuilder) Chksum(v uint16) *UDPBuilder { b.l.Checksum = fields.Some(v); return b }

// Set sets any field by its Scapy name.
func (b *UDPBuilder) Set(field string, v any) *UDPBuilder { b.set(field, v); return b }

// RawBuilder builds a Raw payload.
type RawBuilder struct{ base[*layers.Raw] }

// NewRaw holds bytes (a []byte or a string).
func NewRaw[T []byte | string](load T) *RawBuilder {
	return &RawBuilder{base[*layers.Raw]{l: &layers.Raw{Load: []byte(load)}}}
}
