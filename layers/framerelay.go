package layers

import (
	"strconv"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// Frame Relay header with a two-octet Q.922 address (ITU-T Q.922 section
// 3.3, RFC 2427 section 2), as captures of link type FRELAY (107) hold it:
//
//	  7   6   5   4   3   2   1   0
//	+---+---+---+---+---+---+---+---+
//	|   DLCI, high 6 bits   |C/R|EA |  EA = 0
//	+---+---+---+---+---+---+---+---+
//	| DLCI, low 4   |FE |BE |DE |EA |  EA = 1 (FE FECN, BE BECN)
//	+---+---+---+---+---+---+---+---+
//	|          type, 16 bits        |
//	+---+---+---+---+---+---+---+---+
//
// The 16 bits after the address are either the Q.933 control field 0x03
// followed by an NLPID (RFC 2427 multiprotocol encapsulation: 0xcc IPv4,
// 0x8e IPv6) or, in Cisco's encapsulation, an EtherType. Both are kept as
// one field, "type": 0x03cc is RFC 2427 IPv4, 0x0800 Cisco IPv4 (values
// 0x0300-0x03ff are no EtherType). Longer Q.922 addresses (3 and 4 octets)
// and RFC 2427's padded NLPIDs (SNAP, 0x00 pad) are not decoded.
const (
	frAddr     = 0
	frType     = 2
	FRHdrLen   = 4
	FRTypeIPv4 = 0x03cc // Q.933 UI control, NLPID IPv4
	FRTypeIPv6 = 0x038e // Q.933 UI control, NLPID IPv6
)

// FrameRelay is a Frame Relay header.
type FrameRelay struct {
	DLCI uint16 // 10 bits
	CR   uint8  // 1 bit, command/response
	FECN uint8  // 1 bit, forward congestion notification
	BECN uint8  // 1 bit, backward congestion notification
	DE   uint8  // 1 bit, discard eligibility
	// Type is the Q.933 control and NLPID (0x03cc, 0x038e) or a Cisco
	// EtherType. Unset, it comes from the layer above (RFC 2427's value for
	// IPv4 and IPv6).
	Type fields.Opt[uint16]
}

var frProto = &packet.Proto{
	Name: "FrameRelay", Doc: "Frame Relay, two-octet Q.922 address (RFC 2427 NLPID or Cisco EtherType); link type 107",
	New: func() packet.Layer { return NewFrameRelay() },
	Fields: []fields.Field{
		fields.BitField("dlci", 10, uint16(0), func(f *FrameRelay) *uint16 { return &f.DLCI }),
		fields.BitField("cr", 1, uint8(0), func(f *FrameRelay) *uint8 { return &f.CR }),
		fields.BitField("fecn", 1, uint8(0), func(f *FrameRelay) *uint8 { return &f.FECN }),
		fields.BitField("becn", 1, uint8(0), func(f *FrameRelay) *uint8 { return &f.BECN }),
		fields.BitField("de", 1, uint8(0), func(f *FrameRelay) *uint8 { return &f.DE }),
		fields.AutoUintField("type", 16, func(f *FrameRelay) *fields.Opt[uint16] { return &f.Type }).
			WithEnum(EtherTypeNames).WithHex(),
	},
}

// FrameRelayType is the registered type of FrameRelay.
var FrameRelayType = packet.Register(frProto)

// NewFrameRelay returns a header for DLCI 0 whose type comes from the
// layer above.
func NewFrameRelay() *FrameRelay { return &FrameRelay{} }

func (f *FrameRelay) Proto() *packet.Proto         { return frProto }
func (f *FrameRelay) Get(name string) (any, error) { return packet.GetField(f, name) }
func (f *FrameRelay) Set(name string, v any) error { return packet.SetField(f, name, v) }
func (f *FrameRelay) Show() string                 { return packet.ShowLayer(f) }
func (f *FrameRelay) HeaderLen() int               { return FRHdrLen }

// Summary is "FrameRelay dlci 302".
func (f *FrameRelay) Summary() string { return "FrameRelay dlci " + strconv.Itoa(int(f.DLCI)) }

// DecodeFromBytes decodes a two-octet address and the type. An address
// that does not end in its second octet is ErrMalformed.
func (f *FrameRelay) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < FRHdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	a0, a1 := data[frAddr], data[frAddr+1]
	if a0&1 != 0 || a1&1 != 1 {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	f.DLCI = uint16(a0>>2)<<4 | uint16(a1>>4)
	f.CR = a0 >> 1 & 1
	f.FECN, f.BECN, f.DE = a1>>3&1, a1>>2&1, a1>>1&1
	typ := be16(data[frType:])
	f.Type = fields.Some(typ)
	return packet.DecodeResult{HeaderLen: FRHdrLen, PayloadLen: -1, Next: etherTypeNext(FrameRelayType, "type", typ)}, nil
}

// SerializeTo writes the header; an unset type comes from the layer
// above.
func (f *FrameRelay) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	b[frAddr] = byte(f.DLCI>>4&0x3f)<<2 | (f.CR&1)<<1
	b[frAddr+1] = byte(f.DLCI&0x0f)<<4 | (f.FECN&1)<<3 | (f.BECN&1)<<2 | (f.DE&1)<<1 | 1
	typ := f.Type.Value
	if !f.Type.Valid {
		typ = uint16(etherTypeBind(ctx, FrameRelayType, "type", 0))
	}
	put16(b[frType:], typ)
	return nil
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: FrameRelayType, Upper: IPv4Type, Field: "type", Value: FRTypeIPv4},
		packet.BindingRule{Lower: FrameRelayType, Upper: IPv6Type, Field: "type", Value: FRTypeIPv6},
	)
	packet.BindLinkType(107, FrameRelayType) // LINKTYPE_FRELAY
}
