package goscapy

import (
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// IGMPBuilder builds an IGMP message: v1/v2 (the default: a general
// query), an IGMPv3 query (NewIGMPv3Query or any v3 query field set) or an
// IGMPv3 report (NewIGMPv3Report). The checksum is computed unless set.
type IGMPBuilder struct{ base[*layers.IGMP] }

// NewIGMP starts an IGMP message with Scapy's defaults (type 0x11,
// mrcode 20, gaddr 0.0.0.0).
func NewIGMP() *IGMPBuilder { return &IGMPBuilder{base[*layers.IGMP]{l: layers.NewIGMP()}} }

// NewIGMPv3Query starts an IGMPv3 general query (Scapy's
// IGMPv3()/IGMPv3mq()).
func NewIGMPv3Query() *IGMPBuilder {
	return &IGMPBuilder{base[*layers.IGMP]{l: layers.NewIGMPv3Query()}}
}

// NewIGMPv3Report starts an IGMPv3 membership report (Scapy's
// IGMPv3(type=0x22)/IGMPv3mr()) with these group records.
func NewIGMPv3Report(recs ...layers.IGMPv3Record) *IGMPBuilder {
	return &IGMPBuilder{base[*layers.IGMP]{l: layers.NewIGMPv3Report(recs...)}}
}

// Type sets the message type (layers.IGMPMembershipQuery, ...).
func (b *IGMPBuilder) Type(v uint8) *IGMPBuilder { b.l.Type = v; return b }

// MRCode sets the maximum response time (v2) or code (v3).
func (b *IGMPBuilder) MRCode(v uint8) *IGMPBuilder { b.l.MRCode = v; return b }

// Chksum sets the checksum; by default it is computed.
func (b *IGMPBuilder) Chksum(v uint16) *IGMPBuilder { b.l.Checksum = fields.Some(v); return b }

// Group sets the group address (gaddr).
func (b *IGMPBuilder) Group(v any) *IGMPBuilder { b.set("gaddr", v); return b }

// S sets the IGMPv3 query's suppress router-side processing flag.
func (b *IGMPBuilder) S(v uint8) *IGMPBuilder {
	b.l.S = bitsOf(&b.base, "s", v, 1)
	b.l.V3 = true
	return b
}

// QRV sets the IGMPv3 query's robustness variable.
func (b *IGMPBuilder) QRV(v uint8) *IGMPBuilder {
	b.l.QRV = bitsOf(&b.base, "qrv", v, 3)
	b.l.V3 = true
	return b
}

// QQIC sets the IGMPv3 query's querier's query interval code.
func (b *IGMPBuilder) QQIC(v uint8) *IGMPBuilder { b.l.QQIC = v; b.l.V3 = true; return b }

// Sources sets the IGMPv3 query's source addresses (srcaddrs).
func (b *IGMPBuilder) Sources(v ...string) *IGMPBuilder { b.set("srcaddrs", v); return b }

// Records sets the IGMPv3 report's group records.
func (b *IGMPBuilder) Records(recs ...layers.IGMPv3Record) *IGMPBuilder { b.l.Records = recs; return b }

// Set sets any field by its Scapy name.
func (b *IGMPBuilder) Set(field string, v any) *IGMPBuilder { b.set(field, v); return b }

// IPIGMP builds IPv4 (TTL 1, router-alert option) carrying an IGMP
// message of type typ for group: a v2 report (0x16) or leave (0x17) is
// the usual use. The destination is the group for reports and queries,
// 224.0.0.2 for a leave.
func IPIGMP(src, group string, typ uint8) ([]byte, error) {
	dst := group
	if typ == layers.IGMPLeaveGroup {
		dst = "224.0.0.2"
	}
	mr := uint8(0)
	if typ == layers.IGMPMembershipQuery {
		mr = 20
	}
	return NewIP().SrcIP(src).DstIP(dst).TTL(1).
		Options(layers.IPOption{Type: layers.IPOptRouterAlert, Data: []byte{0, 0}}).
		Over(NewIGMP().Type(typ).MRCode(mr).Group(group)).Build()
}

// SCTPBuilder builds an SCTP packet: the common header and its chunks
// (layers.SCTPChunkInit, layers.SCTPChunkData, ...). The CRC32c checksum
// is computed unless set; IP's protocol (132) and IPv6's next header come
// from the binding table.
type SCTPBuilder struct{ base[*layers.SCTP] }

// NewSCTP starts an SCTP packet with Scapy's defaults (ports 0, tag 0)
// and these chunks.
func NewSCTP(chunks ...layers.SCTPChunk) *SCTPBuilder {
	return &SCTPBuilder{base[*layers.SCTP]{l: layers.NewSCTP(chunks...)}}
}

// SrcPort sets the source port.
func (b *SCTPBuilder) SrcPort(v uint16) *SCTPBuilder { b.l.SrcPort = v; return b }

// DstPort sets the destination port.
func (b *SCTPBuilder) DstPort(v uint16) *SCTPBuilder { b.l.DstPort = v; return b }

// Tag sets the verification tag.
func (b *SCTPBuilder) Tag(v uint32) *SCTPBuilder { b.l.Tag = v; return b }

// Chksum sets the checksum as the four bytes on the wire read
// big-endian; by default the CRC32c is computed.
func (b *SCTPBuilder) Chksum(v uint32) *SCTPBuilder { b.l.Checksum = fields.Some(v); return b }

// Chunks replaces the chunks.
func (b *SCTPBuilder) Chunks(c ...layers.SCTPChunk) *SCTPBuilder { b.l.Chunks = c; return b }

// Chunk appends a chunk.
func (b *SCTPBuilder) Chunk(c layers.SCTPChunk) *SCTPBuilder {
	b.l.Chunks = append(b.l.Chunks, c)
	return b
}

// Set sets any field by its Scapy name.
func (b *SCTPBuilder) Set(field string, v any) *SCTPBuilder { b.set(field, v); return b }

// IPSCTP builds IPv4 carrying SCTP between the ports with these chunks.
func IPSCTP(src, dst string, sport, dport uint16, tag uint32, chunks ...layers.SCTPChunk) ([]byte, error) {
	return NewIP().SrcIP(src).DstIP(dst).
		Over(NewSCTP(chunks...).SrcPort(sport).DstPort(dport).Tag(tag)).Build()
}
