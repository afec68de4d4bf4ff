package layers

import (
	"math/bits"

	"github.com/goscapy/goscapy/checksum"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// GRE header (RFC 2784 with the key and sequence number of RFC 2890, and
// the routing bits of RFC 1701):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|C|R|K|S|s|Recur|  Flags  | Ver |         Protocol Type         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|      Checksum (optional)      |       Offset (optional)       |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                         Key (optional)                        |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                 Sequence Number (optional)                    |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                    Routing (optional, RFC 1701)               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Checksum and offset are present when C or R is set, the key when K, the
// sequence number when S, the routing (source route entries ending with a
// null entry) when R.
//
// PPTP's enhanced GRE (RFC 2637 section 4.1) is version 1: the key field
// holds the payload length and the call ID, and the top flag bit (A) adds
// an acknowledgment number after the sequence number:
//
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|C|R|K|S|s|Recur|A| Flags | Ver |    Protocol Type (0x880b)     |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|    Key (HW) Payload Length    |       Key (LW) Call ID        |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                 Sequence Number (optional)                    |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|               Acknowledgment Number (optional)                |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
const (
	greFlags     = 0
	greVer       = 1
	greProtoOff  = 2
	GREMinHdrLen = 4
)

// GRE flag bits of the first byte and the acknowledgment bit of the second.
const (
	GREChecksumPresent = 0x80
	GRERoutingPresent  = 0x40
	GREKeyPresent      = 0x20
	GRESeqPresent      = 0x10
	GREStrictRoute     = 0x08
	GREAckPresent      = 0x80 // second byte, version 1
)

// GRE protocol types beside the EtherTypes of Ethernet's bindings.
const (
	EtherTypeTEB = 0x6558 // transparent Ethernet bridging: Ethernet over GRE
	EtherTypePPP = 0x880b // PPP, carried by PPTP's enhanced GRE
)

// GRE is a GRE header, version 0 (RFC 2784/2890) or PPTP's version 1.
// Its payload is picked by protocol type: GRE's own bindings first (0x6558
// is Ethernet, 0x88be ERSPAN, 0x22eb ERSPAN type III), then Ethernet's
// type bindings, so every EtherType protocol works over GRE.
type GRE struct {
	ChecksumPresent   uint8 // 1 bit (C)
	RoutingPresent    uint8 // 1 bit (R)
	KeyPresent        uint8 // 1 bit (K)
	SeqPresent        fields.Opt[uint8]
	StrictSourceRoute uint8 // 1 bit (s)
	RecursionControl  uint8 // 3 bits
	AckPresent        uint8 // 1 bit (A), version 1 only
	Flags             uint8 // 5 bits in version 0, 4 bits after A in version 1
	Version           uint8 // 3 bits
	// Protocol is the EtherType of the payload; unset: from the layer
	// above (0 when nothing is bound).
	Protocol fields.Opt[uint16]
	// Checksum covers header and payload; unset with C set: computed.
	Checksum   fields.Opt[uint16]
	Offset     uint16
	Key        uint32             // version 0
	PayloadLen fields.Opt[uint16] // version 1: unset, the payload's length
	CallID     uint16             // version 1
	Seq        uint32
	Ack        uint32 // version 1
	Routing    []byte // source route entries, the null entry included
}

var greProto = &packet.Proto{
	Name: "GRE", Aliases: []string{"GRE_PPTP"},
	Doc: "GRE (RFC 2784/2890) and PPTP's enhanced GRE (RFC 2637); payload by protocol type",
	New: func() packet.Layer { return NewGRE() },
	Fields: []fields.Field{
		fields.BitField("chksum_present", 1, uint8(0), func(g *GRE) *uint8 { return &g.ChecksumPresent }),
		fields.BitField("routing_present", 1, uint8(0), func(g *GRE) *uint8 { return &g.RoutingPresent }),
		fields.BitField("key_present", 1, uint8(0), func(g *GRE) *uint8 { return &g.KeyPresent }),
		fields.AutoUintField("seqnum_present", 1, func(g *GRE) *fields.Opt[uint8] { return &g.SeqPresent }),
		fields.BitField("strict_route_source", 1, uint8(0), func(g *GRE) *uint8 { return &g.StrictSourceRoute }),
		fields.BitField("recursion_control", 3, uint8(0), func(g *GRE) *uint8 { return &g.RecursionControl }),
		fields.BitField("acknum_present", 1, uint8(0), func(g *GRE) *uint8 { return &g.AckPresent }).
			When(func(l any) bool { return l.(*GRE).pptp() }),
		fields.BitField("flags", 5, uint8(0), func(g *GRE) *uint8 { return &g.Flags }),
		fields.BitField("version", 3, uint8(0), func(g *GRE) *uint8 { return &g.Version }),
		fields.AutoUintField("proto", 16, func(g *GRE) *fields.Opt[uint16] { return &g.Protocol }).
			WithEnum(EtherTypeNames).WithHex(),
		fields.AutoUintField("chksum", 16, func(g *GRE) *fields.Opt[uint16] { return &g.Checksum }).WithHex().
			When(func(l any) bool { return l.(*GRE).hasChecksum() }),
		fields.XShortField("offset", 0, func(g *GRE) *uint16 { return &g.Offset }).
			When(func(l any) bool { return l.(*GRE).hasChecksum() }),
		fields.XIntField("key", 0, func(g *GRE) *uint32 { return &g.Key }).
			When(func(l any) bool { g := l.(*GRE); return g.KeyPresent&1 == 1 && !g.pptp() }),
		fields.AutoUintField("payload_len", 16, func(g *GRE) *fields.Opt[uint16] { return &g.PayloadLen }).
			When(func(l any) bool { g := l.(*GRE); return g.KeyPresent&1 == 1 && g.pptp() }),
		fields.ShortField("call_id", 0, func(g *GRE) *uint16 { return &g.CallID }).
			When(func(l any) bool { g := l.(*GRE); return g.KeyPresent&1 == 1 && g.pptp() }),
		fields.XIntField("sequence_number", 0, func(g *GRE) *uint32 { return &g.Seq }).
			When(func(l any) bool { return l.(*GRE).SeqPresent.Value&1 == 1 }),
		fields.XIntField("ack_number", 0, func(g *GRE) *uint32 { return &g.Ack }).
			When(func(l any) bool { g := l.(*GRE); return g.pptp() && g.AckPresent&1 == 1 }),
		fields.BytesField("routing", func(g *GRE) *[]byte { return &g.Routing }).
			When(func(l any) bool { return l.(*GRE).RoutingPresent&1 == 1 }),
	},
	PostBuild: grePostBuild,
}

// GREType is the registered type of GRE.
var GREType = packet.Register(greProto)

// NewGRE returns a GRE header with Scapy's defaults: version 0, no
// optional fields, protocol type from the layer above.
func NewGRE() *GRE { return &GRE{} }

// NewGREPPTP returns PPTP's enhanced GRE header with Scapy's GRE_PPTP
// defaults: version 1, key present (payload length and call ID),
// protocol PPP.
func NewGREPPTP() *GRE {
	return &GRE{KeyPresent: 1, Version: 1, Protocol: fields.Some(uint16(EtherTypePPP))}
}

func (g *GRE) Proto() *packet.Proto         { return greProto }
func (g *GRE) Get(name string) (any, error) { return packet.GetField(g, name) }
func (g *GRE) Set(name string, v any) error { return packet.SetField(g, name, v) }
func (g *GRE) Show() string                 { return packet.ShowLayer(g) }

// Title is "GRE", or Scapy's "GRE PPTP" for version 1.
func (g *GRE) Title() string {
	if g.pptp() {
		return "GRE PPTP"
	}
	return "GRE"
}

// Summary is "GRE (proto)", with the key or call ID when present.
func (g *GRE) Summary() string {
	s := g.Title() + " (" + greProto.Fields[9].Format(g) + ")"
	if g.KeyPresent&1 == 1 {
		if g.pptp() {
			s += " call_id " + greProto.Fields[14].Format(g)
		} else {
			s += " key " + greProto.Fields[12].Format(g)
		}
	}
	return s
}

func (g *GRE) pptp() bool        { return g.Version&7 == 1 }
func (g *GRE) hasChecksum() bool { return g.ChecksumPresent&1 == 1 || g.RoutingPresent&1 == 1 }

// HeaderLen counts the optional fields present; an unset S bit counts as
// clear (HeaderLenIn knows the layer above).
func (g *GRE) HeaderLen() int { return g.headerLen(g.SeqPresent.Value) }

// HeaderLenIn is HeaderLen with S as the layer above makes it (ERSPAN
// type II sets it, as Scapy's binding does).
func (g *GRE) HeaderLenIn(p *packet.Packet, i int) int { return g.headerLen(g.seqIn(p, i)) }

func (g *GRE) headerLen(seq uint8) int {
	n := GREMinHdrLen
	if g.hasChecksum() {
		n += 4
	}
	if g.KeyPresent&1 == 1 {
		n += 4
	}
	if seq&1 == 1 {
		n += 4
	}
	if g.pptp() && g.AckPresent&1 == 1 {
		n += 4
	}
	if g.RoutingPresent&1 == 1 {
		n += len(g.Routing)
	}
	return n
}

// seqIn is the S bit in packet p at index i.
func (g *GRE) seqIn(p *packet.Packet, i int) uint8 {
	if g.SeqPresent.Valid || p == nil {
		return g.SeqPresent.Value
	}
	if up := p.Layer(i + 1); up != nil && !up.Proto().Trailer {
		if v, ok := packet.BindValue(GREType, up.Proto().Type(), "seqnum_present"); ok {
			return uint8(v)
		}
	}
	return 0
}

// DecodeFromBytes decodes the header and its optional fields.
func (g *GRE) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < GREMinHdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	f, v := data[greFlags], data[greVer]
	g.ChecksumPresent = f >> 7
	g.RoutingPresent = f >> 6 & 1
	g.KeyPresent = f >> 5 & 1
	g.SeqPresent = fields.Some(f >> 4 & 1)
	g.StrictSourceRoute = f >> 3 & 1
	g.RecursionControl = f & 7
	g.Version = v & 7
	if g.pptp() {
		g.AckPresent = v >> 7
		g.Flags = v >> 3 & 0x0f
	} else {
		g.AckPresent = 0
		g.Flags = v >> 3
	}
	proto := be16(data[greProtoOff:])
	g.Protocol = fields.Some(proto)
	g.Checksum, g.Offset, g.Key, g.PayloadLen, g.CallID, g.Seq, g.Ack, g.Routing = fields.Opt[uint16]{}, 0, 0, fields.Opt[uint16]{}, 0, 0, 0, nil
	n := GREMinHdrLen
	word := func() (uint32, bool) {
		if len(data) < n+4 {
			return 0, false
		}
		w := be32(data[n:])
		n += 4
		return w, true
	}
	var ok bool
	var w uint32
	if g.hasChecksum() {
		if w, ok = word(); !ok {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		g.Checksum = fields.Some(uint16(w >> 16))
		g.Offset = uint16(w)
	}
	if g.KeyPresent == 1 {
		if w, ok = word(); !ok {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		if g.pptp() {
			g.PayloadLen = fields.Some(uint16(w >> 16))
			g.CallID = uint16(w)
		} else {
			g.Key = w
		}
	}
	if g.SeqPresent.Value == 1 {
		if g.Seq, ok = word(); !ok {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
	}
	if g.pptp() && g.AckPresent == 1 {
		if g.Ack, ok = word(); !ok {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
	}
	if g.RoutingPresent == 1 {
		// Source route entries: address family, offset, length, data;
		// the list ends with an entry of family 0 and length 0.
		start := n
		for {
			if len(data) < n+4 {
				return packet.DecodeResult{}, packet.ErrTruncated
			}
			af, l := be16(data[n:]), int(data[n+3])
			n += 4 + l
			if n > len(data) {
				return packet.DecodeResult{}, packet.ErrTruncated
			}
			if af == 0 && l == 0 {
				break
			}
		}
		g.Routing = data[start:n:n]
	}
	res := packet.DecodeResult{HeaderLen: n, PayloadLen: -1, Next: etherTypeNext(GREType, "proto", proto)}
	if res.Next == PPPType && len(data) > n && data[n] == 0xff {
		res.Next = HDLCType // PPP in HDLC-like framing, as Scapy's PPP dispatch
	}
	if g.pptp() && g.KeyPresent == 1 {
		res.PayloadLen = int(g.PayloadLen.Value)
	}
	if res.Next == ERSPANIIType && g.SeqPresent.Value == 0 {
		res.Next = ERSPANIType // type I has no header and no sequence number
	}
	return res, nil
}

// SerializeTo writes the header; unset fields are computed: protocol type
// and S from the layer above, PPTP's payload length and the checksum (when
// C is set) by the build hook.
func (g *GRE) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	seq := g.seqIn(ctx.Packet(), ctx.Index()) & 1
	b[greFlags] = g.ChecksumPresent&1<<7 | g.RoutingPresent&1<<6 | g.KeyPresent&1<<5 | seq<<4 |
		g.StrictSourceRoute&1<<3 | g.RecursionControl&7
	b[greVer] = g.AckPresent&1<<7 | g.Flags&0x1f<<3 | g.Version&7
	proto := g.Protocol.Value
	if !g.Protocol.Valid {
		proto = uint16(etherTypeBind(ctx, GREType, "proto", 0))
	}
	put16(b[greProtoOff:], proto)
	n := GREMinHdrLen
	if g.hasChecksum() {
		put16(b[n:], g.Checksum.Value)
		put16(b[n+2:], g.Offset)
		n += 4
	}
	if g.KeyPresent&1 == 1 {
		if g.pptp() {
			put16(b[n:], g.PayloadLen.Value)
			put16(b[n+2:], g.CallID)
		} else {
			put32(b[n:], g.Key)
		}
		n += 4
	}
	if seq == 1 {
		put32(b[n:], g.Seq)
		n += 4
	}
	if g.pptp() && g.AckPresent&1 == 1 {
		put32(b[n:], g.Ack)
		n += 4
	}
	if g.RoutingPresent&1 == 1 {
		copy(b[n:], g.Routing)
	}
	return nil
}

// grePostBuild fills PPTP's payload length and, with C set, the checksum
// over header and payload, when they are unset.
func grePostBuild(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
	g := l.(*GRE)
	if g.pptp() && g.KeyPresent&1 == 1 && !g.PayloadLen.Valid {
		put16(hdr[GREMinHdrLen+greOptOff(g):], uint16(len(ctx.Payload())))
	}
	if g.ChecksumPresent&1 == 1 && !g.Checksum.Valid {
		put16(hdr[GREMinHdrLen:], 0)
		put16(hdr[GREMinHdrLen:], checksumOver(hdr, ctx.Payload()))
	}
	return nil
}

// greOptOff is the offset of the key field after the first word.
func greOptOff(g *GRE) int {
	if g.hasChecksum() {
		return 4
	}
	return 0
}

// checksumOver is the Internet checksum of a followed by b.
func checksumOver(a, b []byte) uint16 {
	sa := checksum.Fold(checksum.Partial(a, 0))
	sb := checksum.Fold(checksum.Partial(b, 0))
	if len(a)%2 == 1 {
		sb = bits.ReverseBytes16(sb) // b starts at an odd offset
	}
	return ^checksum.Combine(sa, sb)
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: IPv4Type, Upper: GREType, Field: "proto", Value: IPProtoGRE},
		packet.BindingRule{Lower: IPv6Type, Upper: GREType, Field: "nh", Value: IPProtoGRE},
		packet.BindingRule{Lower: GREType, Upper: EthernetType, Field: "proto", Value: EtherTypeTEB},
	)
}
