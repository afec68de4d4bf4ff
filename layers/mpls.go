package layers

import (
	"strconv"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// MPLS label stack entry (RFC 3032 section 2.1); a label stack is one
// entry after the other, each its own layer, the last with S set:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                Label                  | TC  |S|      TTL      |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// TC is the traffic class (Scapy's "cos", the EXP bits of RFC 3032).
const (
	mplsEntry  = 0
	MPLSHdrLen = 4
)

// MPLS EtherTypes and the IP protocol number of MPLS in IP (RFC 4023).
const (
	EtherTypeMPLSMcast = 0x8848
	IPProtoMPLSInIP    = 137
)

// Reserved MPLS labels (RFC 3032, RFC 7274).
const (
	MPLSLabelIPv4ExplicitNull = 0
	MPLSLabelRouterAlert      = 1
	MPLSLabelIPv6ExplicitNull = 2
	MPLSLabelImplicitNull     = 3
	MPLSLabelEntropy          = 7
	MPLSLabelGAL              = 13
)

// MPLS is one label stack entry. The payload after the bottom of the
// stack is picked by its first nibble: 4 is IPv4, 6 is IPv6, 0 is an
// Ethernet pseudowire control word (EoMCW) followed by Ethernet; anything
// else stays Raw.
type MPLS struct {
	// Label is 20 bits. Unset, it is Scapy's: 0 (IPv4 explicit null)
	// under IPv4, 2 (IPv6 explicit null) under IPv6, 3 otherwise.
	Label fields.Opt[uint32]
	TC    uint8 // 3 bits, Scapy's "cos"
	// S is the bottom-of-stack bit. Unset, it is 0 when another entry
	// follows and 1 otherwise.
	S   fields.Opt[uint8]
	TTL uint8 // Scapy's default is 0
}

var mplsProto = &packet.Proto{
	Name: "MPLS", Doc: "MPLS label stack entry (RFC 3032), one layer per entry; EtherType 0x8847/0x8848",
	New: func() packet.Layer { return NewMPLS() },
	Fields: []fields.Field{
		fields.AutoUintField("label", 20, func(m *MPLS) *fields.Opt[uint32] { return &m.Label }),
		fields.BitField("cos", 3, uint8(0), func(m *MPLS) *uint8 { return &m.TC }),
		fields.AutoUintField("s", 1, func(m *MPLS) *fields.Opt[uint8] { return &m.S }),
		fields.ByteField("ttl", 0, func(m *MPLS) *uint8 { return &m.TTL }),
	},
}

// MPLSType is the registered type of MPLS.
var MPLSType = packet.Register(mplsProto)

// NewMPLS returns a label stack entry with Scapy's defaults (label and
// bottom of stack from the layers around it, cos 0, ttl 0).
func NewMPLS() *MPLS { return &MPLS{} }

func (m *MPLS) Proto() *packet.Proto         { return mplsProto }
func (m *MPLS) Get(name string) (any, error) { return packet.GetField(m, name) }
func (m *MPLS) Set(name string, v any) error { return packet.SetField(m, name, v) }
func (m *MPLS) Show() string                 { return packet.ShowLayer(m) }
func (m *MPLS) HeaderLen() int               { return MPLSHdrLen }

// Summary is "MPLS label N" (Scapy's summary line names the layer only).
func (m *MPLS) Summary() string {
	return "MPLS label " + mplsProto.Fields[0].Format(m)
}

// DecodeFromBytes decodes one entry; the next entry follows unless S is
// set.
func (m *MPLS) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < MPLSHdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	e := be32(data[mplsEntry:])
	m.Label = fields.Some(e >> 12)
	m.TC = uint8(e>>9) & 7
	s := uint8(e>>8) & 1
	m.S = fields.Some(s)
	m.TTL = uint8(e)
	res := packet.DecodeResult{HeaderLen: MPLSHdrLen, PayloadLen: -1}
	switch {
	case s == 0:
		res.Next = MPLSType
	case len(data) > MPLSHdrLen:
		switch data[MPLSHdrLen] >> 4 {
		case 4:
			res.Next = IPv4Type
		case 6:
			res.Next = IPv6Type
		case 0:
			res.Next = EoMCWType
		}
	}
	return res, nil
}

// SerializeTo writes the entry; unset label and S come from the layer
// above.
func (m *MPLS) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	label := m.Label.Value
	if !m.Label.Valid {
		label = mplsDefaultLabel(ctx.Next())
	}
	s := m.S.Value
	if !m.S.Valid {
		s = 1
		if v, ok := ctx.Bind("s"); ok {
			s = uint8(v)
		}
	}
	put32(b[mplsEntry:], label<<12|uint32(m.TC&7)<<9|uint32(s&1)<<8|uint32(m.TTL))
	return nil
}

// mplsDefaultLabel is Scapy's label for an entry under up: the explicit
// null label of IPv4 or IPv6, 3 (implicit null) otherwise. Dissection
// does not go by label, so this is no binding rule.
func mplsDefaultLabel(up packet.Layer) uint32 {
	if up != nil {
		switch up.Proto().Type() {
		case IPv4Type:
			return MPLSLabelIPv4ExplicitNull
		case IPv6Type:
			return MPLSLabelIPv6ExplicitNull
		}
	}
	return MPLSLabelImplicitNull
}

// Ethernet pseudowire control word (RFC 4448 section 3, Scapy's EoMCW),
// between the bottom of an MPLS label stack and an Ethernet frame:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|0 0 0 0|       Reserved        |       Sequence Number         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
const (
	eomcwFirst  = 0
	eomcwSeq    = 2
	EoMCWHdrLen = 4
)

// EoMCW is the Ethernet pseudowire control word; Ethernet follows.
type EoMCW struct {
	Zero     uint8  // 4 bits, 0 for a control word
	Reserved uint16 // 12 bits (flags, fragment and length bits of RFC 4385)
	Seq      uint16
}

var eomcwProto = &packet.Proto{
	Name: "EoMCW", Aliases: []string{"PWEthCW"},
	Doc: "Ethernet pseudowire control word over MPLS (RFC 4448)",
	New: func() packet.Layer { return NewEoMCW() },
	Fields: []fields.Field{
		fields.BitField("zero", 4, uint8(0), func(c *EoMCW) *uint8 { return &c.Zero }),
		fields.BitField("reserved", 12, uint16(0), func(c *EoMCW) *uint16 { return &c.Reserved }),
		fields.ShortField("seq", 0, func(c *EoMCW) *uint16 { return &c.Seq }),
	},
}

// EoMCWType is the registered type of EoMCW.
var EoMCWType = packet.Register(eomcwProto)

// NewEoMCW returns a control word of zeros.
func NewEoMCW() *EoMCW { return &EoMCW{} }

func (c *EoMCW) Proto() *packet.Proto         { return eomcwProto }
func (c *EoMCW) Get(name string) (any, error) { return packet.GetField(c, name) }
func (c *EoMCW) Set(name string, v any) error { return packet.SetField(c, name, v) }
func (c *EoMCW) Show() string                 { return packet.ShowLayer(c) }
func (c *EoMCW) Summary() string              { return "EoMCW seq " + strconv.Itoa(int(c.Seq)) }
func (c *EoMCW) HeaderLen() int               { return EoMCWHdrLen }

// DecodeFromBytes decodes the control word; Ethernet follows.
func (c *EoMCW) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < EoMCWHdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	w := be16(data[eomcwFirst:])
	c.Zero = uint8(w >> 12)
	c.Reserved = w & 0x0fff
	c.Seq = be16(data[eomcwSeq:])
	return packet.DecodeResult{HeaderLen: EoMCWHdrLen, PayloadLen: -1, Next: EthernetType}, nil
}

// SerializeTo writes the control word.
func (c *EoMCW) SerializeTo(b []byte, _ *packet.BuildContext) error {
	put16(b[eomcwFirst:], uint16(c.Zero&0x0f)<<12|c.Reserved&0x0fff)
	put16(b[eomcwSeq:], c.Seq)
	return nil
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: EthernetType, Upper: MPLSType, Field: "type", Value: EtherTypeMPLS},
		packet.BindingRule{Lower: EthernetType, Upper: MPLSType, Field: "type", Value: EtherTypeMPLSMcast, DissectOnly: true},
		packet.BindingRule{Lower: IPv4Type, Upper: MPLSType, Field: "proto", Value: IPProtoMPLSInIP},
		packet.BindingRule{Lower: IPv6Type, Upper: MPLSType, Field: "nh", Value: IPProtoMPLSInIP},
		// An entry with S clear is followed by another.
		packet.BindingRule{Lower: MPLSType, Upper: MPLSType, Field: "s", Value: 0},
	)
}
