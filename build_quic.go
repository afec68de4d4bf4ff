package goscapy

import (
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// QUICBuilder builds a QUIC packet. A long-header packet's Payload (packet
// number and protected payload) is given as it is to be sent, or, for an
// Initial, produced by Protect from the frames: the CRYPTO frame of a TLS
// ClientHello, say.
//
//	ch := goscapy.NewTLSClientHello().ServerName("example.com").ALPN("h3").
//		SupportedVersions(0x0304).CipherSuites(0x1301)
//	dgram, err := goscapy.NewIP().DstIP("192.0.2.1").
//		Over(goscapy.NewUDP().SrcPort(40000).DstPort(443)).
//		Over(goscapy.NewQUIC().DCID(dcid).SCID(scid).ClientHello(ch)).
//		Build()
type QUICBuilder struct {
	base[*layers.QUIC]
	protect      bool
	pn           uint64
	frames       []byte
	padTo        int
	server       bool
	originalDCID []byte
}

// NewQUIC starts a version 1 Initial packet (packet number length 1,
// no connection IDs, no token).
func NewQUIC() *QUICBuilder { return &QUICBuilder{base: base[*layers.QUIC]{l: layers.NewQUIC()}} }

// First sets the first byte as sent (form, fixed bit, type, type-specific
// bits).
func (b *QUICBuilder) First(v uint8) *QUICBuilder { b.l.First = v; return b }

// Kind sets the long packet type (layers.QUICInitial, QUIC0RTT,
// QUICHandshake, QUICRetry) in the first byte, as the version numbers it.
func (b *QUICBuilder) Kind(k int) *QUICBuilder {
	t := uint8(k & 3)
	if b.l.Version == layers.QUICVersion2 {
		t = [4]uint8{1, 2, 3, 0}[k&3]
	}
	b.l.First = b.l.First&^0x30 | t<<4 | 0xc0
	return b
}

// Version sets the version (layers.QUICVersion1, QUICVersion2, 0 for
// version negotiation).
func (b *QUICBuilder) Version(v uint32) *QUICBuilder { b.l.Version = v; return b }

// DCID and SCID set the connection IDs (20 bytes at most).
func (b *QUICBuilder) DCID(v []byte) *QUICBuilder {
	if len(v) > 20 {
		b.fail("dst_conn_id", v, fields.ErrBadValue)
	}
	b.l.DCID = v
	return b
}
func (b *QUICBuilder) SCID(v []byte) *QUICBuilder {
	if len(v) > 20 {
		b.fail("src_conn_id", v, fields.ErrBadValue)
	}
	b.l.SCID = v
	return b
}

// Token sets the Initial (or Retry) token.
func (b *QUICBuilder) Token(v []byte) *QUICBuilder { b.l.Token = v; return b }

// Payload sets the packet number and payload as they are to be sent.
func (b *QUICBuilder) Payload(v []byte) *QUICBuilder { b.l.Payload = v; return b }

// Length sets the Length field (computed when unset).
func (b *QUICBuilder) Length(v uint64) *QUICBuilder { b.l.Length = fields.Some(v); return b }

// VersionNegotiation makes the packet a version negotiation listing the
// versions.
func (b *QUICBuilder) VersionNegotiation(versions ...uint32) *QUICBuilder {
	b.l.First |= 0x80
	b.l.Version, b.l.SupportedVersions = 0, versions
	return b
}

// Protect makes the Initial's payload from frames (plaintext), protected
// with packet number pn and padded with PADDING frames to padTo bytes of
// packet (a client pads its first datagram to 1200).
func (b *QUICBuilder) Protect(pn uint64, frames []byte, padTo int) *QUICBuilder {
	b.protect, b.pn, b.frames, b.padTo = true, pn, frames, padTo
	return b
}

// ClientHello protects a client Initial carrying the ClientHello of a
// TLS record builder in a CRYPTO frame, packet number 0, padded to 1200
// bytes.
func (b *QUICBuilder) ClientHello(tls *TLSBuilder) *QUICBuilder {
	rec, err := tls.Build()
	if err != nil {
		b.fail("crypto", "ClientHello", err)
		return b
	}
	return b.Protect(0, layers.AppendQUICCryptoFrame(nil, 0, rec[5:]), 1200)
}

// Server protects with the server's Initial keys, derived from the
// Destination Connection ID of the client's first Initial.
func (b *QUICBuilder) Server(originalDCID []byte) *QUICBuilder {
	b.server, b.originalDCID = true, originalDCID
	return b
}

// Set sets any field by its Scapy name.
func (b *QUICBuilder) Set(field string, v any) *QUICBuilder { b.set(field, v); return b }

// layerAndErr makes Stack.Over call Layers.
func (b *QUICBuilder) layerAndErr() (packet.Layer, error, bool) { return nil, nil, false }

// Layers implements Builder: it applies the protection Protect asked for.
func (b *QUICBuilder) Layers() ([]packet.Layer, error) {
	if b.protect && b.err == nil {
		b.protect = false
		dcid := b.originalDCID
		if !b.server {
			dcid = nil
		}
		if err := b.l.ProtectInitial(dcid, b.server, b.pn, b.frames, b.padTo); err != nil {
			b.fail("payload", "initial protection", err)
		}
	}
	return b.base.Layers()
}

// Over starts a stack with this packet and puts x on top of it.
func (b *QUICBuilder) Over(x Builder) *Stack { return (&Stack{}).Over(b).Over(x) }

// Packet returns a one-layer packet.
func (b *QUICBuilder) Packet() *packet.Packet { return (&Stack{}).Over(b).Packet() }

// Build returns the packet's bytes.
func (b *QUICBuilder) Build() ([]byte, error) { return (&Stack{}).Over(b).Build() }

// BuildInto builds into buf and returns buf[:n].
func (b *QUICBuilder) BuildInto(buf []byte) ([]byte, error) { return (&Stack{}).Over(b).BuildInto(buf) }
