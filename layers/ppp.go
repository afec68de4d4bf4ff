package layers

import (
	"fmt"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// HDLC-like framing of PPP (RFC 1662 section 3.1), as captures of link
// type PPP carry it: the all-stations address and the unnumbered
// information control field, then PPP.
//
//	+----------+----------+----------+
//	|   Flag   | Address  | Control  |
//	| 01111110 | 11111111 | 00000011 |
//	+----------+----------+----------+
//
// The flag is not captured.
const (
	hdlcAddress = 0
	hdlcControl = 1
	HDLCHdrLen  = 2
)

// PPP protocol numbers (RFC 1661, IANA PPP DLL protocol numbers).
const (
	PPPProtoIPv4 = 0x0021
	PPPProtoIPv6 = 0x0057
	PPPProtoMPLS = 0x0281
	PPPProtoEAP  = 0xc227
)

// HDLC is the address and control bytes before PPP (Scapy's HDLC).
type HDLC struct {
	Address uint8 // 0xff
	Control uint8 // 0x03
}

var hdlcProto = &packet.Proto{
	Name: "HDLC", Doc: "HDLC-like framing of PPP (RFC 1662): address and control; PPP follows",
	New: func() packet.Layer { return NewHDLC() },
	Fields: []fields.Field{
		fields.XByteField("address", 0xff, func(h *HDLC) *uint8 { return &h.Address }),
		fields.XByteField("control", 0x03, func(h *HDLC) *uint8 { return &h.Control }),
	},
}

// HDLCType is the registered type of HDLC.
var HDLCType = packet.Register(hdlcProto)

// NewHDLC returns the framing with Scapy's defaults (0xff, 0x03).
func NewHDLC() *HDLC { return &HDLC{Address: 0xff, Control: 0x03} }

func (h *HDLC) Proto() *packet.Proto         { return hdlcProto }
func (h *HDLC) Get(name string) (any, error) { return packet.GetField(h, name) }
func (h *HDLC) Set(name string, v any) error { return packet.SetField(h, name, v) }
func (h *HDLC) Show() string                 { return packet.ShowLayer(h) }
func (h *HDLC) Summary() string              { return "HDLC" }
func (h *HDLC) HeaderLen() int               { return HDLCHdrLen }

// DecodeFromBytes decodes the two bytes; PPP follows.
func (h *HDLC) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < HDLCHdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	h.Address, h.Control = data[hdlcAddress], data[hdlcControl]
	return packet.DecodeResult{HeaderLen: HDLCHdrLen, PayloadLen: -1, Next: PPPType}, nil
}

// SerializeTo writes the two bytes.
func (h *HDLC) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[hdlcAddress], b[hdlcControl] = h.Address, h.Control
	return nil
}

// PPP header (RFC 1661 section 2):
//
//	+----------+-------------+---------+
//	| Protocol | Information | Padding |
//	| 8/16 bits|      *      |    *    |
//	+----------+-------------+---------+
//
// Protocol numbers are odd in their low byte and even in their high one,
// so a first byte that is odd is a protocol field compressed to one byte
// (section 6.5). As Scapy, the decoder takes a one-byte field when the
// first byte is odd, and the builder writes one byte for protocols below
// 0x100 (IPv4 0x21, IPv6 0x57) and two otherwise; a dissected header keeps
// the width it had.
const (
	pppProtoOff  = 0
	PPPHdrLen    = 2 // uncompressed
	PPPHdrLenPFC = 1 // protocol-field compression
)

// PPP is the protocol field of a PPP frame; the payload goes by it.
type PPP struct {
	// Protocol is unset by default: it comes from the layer above (0x0021
	// for IPv4, 0x0057 for IPv6, 0x0281 for MPLS, 0xc227 for EAP), 0x0021
	// otherwise.
	Protocol fields.Opt[uint16]

	// width is the size of the protocol field as decoded (0 for a built
	// layer: Scapy's rule), so that a dissected frame re-encodes as it
	// came.
	width uint8
}

var pppProto = &packet.Proto{
	Name: "PPP", Doc: "PPP (RFC 1661); one-byte protocol field below 0x100, as Scapy; payload by protocol: IPv4, IPv6, MPLS, EAP",
	New: func() packet.Layer { return NewPPP() },
	Fields: []fields.Field{
		fields.AutoUintField("proto", 16, func(p *PPP) *fields.Opt[uint16] { return &p.Protocol }).WithHex(),
	},
}

// PPPType is the registered type of PPP.
var PPPType = packet.Register(pppProto)

// NewPPP returns a PPP header whose protocol comes from the layer above.
func NewPPP() *PPP { return &PPP{} }

func (p *PPP) Proto() *packet.Proto         { return pppProto }
func (p *PPP) Get(name string) (any, error) { return packet.GetField(p, name) }
func (p *PPP) Set(name string, v any) error { return packet.SetField(p, name, v) }
func (p *PPP) Show() string                 { return packet.ShowLayer(p) }

// HeaderLen is 1 for a protocol below 0x100, 2 otherwise (unset: as for
// IPv4), or the width the field had when dissected.
func (p *PPP) HeaderLen() int { return p.len(p.protocol(nil)) }

// HeaderLenIn is HeaderLen with the layer above known.
func (p *PPP) HeaderLenIn(pk *packet.Packet, i int) int {
	var up packet.Layer
	if pk != nil && i+1 < pk.NumLayers() {
		up = pk.Layer(i + 1)
	}
	return p.len(p.protocol(up))
}

// len is the field's width: two bytes when dissected so or when the
// protocol needs them, one otherwise.
func (p *PPP) len(proto uint16) int {
	if p.width == PPPHdrLen || proto >= 0x100 {
		return PPPHdrLen
	}
	return PPPHdrLenPFC
}

// protocol is the value written for the layer above up.
func (p *PPP) protocol(up packet.Layer) uint16 {
	if p.Protocol.Valid {
		return p.Protocol.Value
	}
	if up != nil {
		if v, ok := packet.BindValue(PPPType, up.Proto().Type(), "proto"); ok {
			return uint16(v)
		}
	}
	return PPPProtoIPv4
}

// Summary is "PPP proto 0x0021".
func (p *PPP) Summary() string { return fmt.Sprintf("PPP proto %#04x", p.Protocol.Value) }

// DecodeFromBytes decodes the protocol field, one byte when the first is
// odd.
func (p *PPP) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < 1 {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	n, proto := PPPHdrLenPFC, uint16(data[pppProtoOff])
	if proto&1 == 0 {
		if len(data) < PPPHdrLen {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		n, proto = PPPHdrLen, be16(data[pppProtoOff:])
	}
	p.Protocol = fields.Some(proto)
	p.width = uint8(n)
	return packet.DecodeResult{HeaderLen: n, PayloadLen: -1, Next: packet.NextLayer(PPPType, "proto", uint64(proto))}, nil
}

// SerializeTo writes the protocol field; unset, it comes from the layer
// above.
func (p *PPP) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	proto := p.protocol(ctx.Next())
	if len(b) == PPPHdrLenPFC {
		b[pppProtoOff] = byte(proto)
		return nil
	}
	put16(b[pppProtoOff:], proto)
	return nil
}

// pppLinkLayer picks the first layer of a capture of link type PPP: HDLC
// when the frame starts with the all-stations address, PPP otherwise.
func pppLinkLayer(data []byte) packet.LayerType {
	if len(data) > 0 && data[0] == 0xff {
		return HDLCType
	}
	return PPPType
}

// PPPoE header (RFC 2516 section 4):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  VER  | TYPE  |      CODE     |          SESSION_ID           |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|            LENGTH             |           payload             ~
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
const (
	pppoeVerType = 0
	pppoeCode    = 1
	pppoeSession = 2
	pppoeLen     = 4
	PPPoEHdrLen  = 6
)

// PPPoE is the session-stage PPPoE header (Scapy's PPPoE); PPP follows
// when the code is 0.
type PPPoE struct {
	Version   uint8 // 4 bits, 1
	Type      uint8 // 4 bits, 1
	Code      uint8
	SessionID uint16
	// Len is the payload length; unset, it is computed.
	Len fields.Opt[uint16]
}

var pppoeProto = &packet.Proto{
	Name: "PPPoE", Doc: "PPP over Ethernet session stage (RFC 2516); EtherType 0x8864; PPP follows",
	New: func() packet.Layer { return NewPPPoE() },
	Fields: []fields.Field{
		fields.BitField("version", 4, uint8(1), func(p *PPPoE) *uint8 { return &p.Version }),
		fields.BitField("type", 4, uint8(1), func(p *PPPoE) *uint8 { return &p.Type }),
		fields.XByteField("code", 0, func(p *PPPoE) *uint8 { return &p.Code }),
		fields.XShortField("sessionid", 0, func(p *PPPoE) *uint16 { return &p.SessionID }),
		fields.AutoUintField("len", 16, func(p *PPPoE) *fields.Opt[uint16] { return &p.Len }),
	},
	PostBuild: pppoePostBuild,
}

// PPPoEType is the registered type of PPPoE.
var PPPoEType = packet.Register(pppoeProto)

// NewPPPoE returns a session header with Scapy's defaults (version 1,
// type 1, code 0, session 0, length computed).
func NewPPPoE() *PPPoE { return &PPPoE{Version: 1, Type: 1} }

func (p *PPPoE) Proto() *packet.Proto         { return pppoeProto }
func (p *PPPoE) Get(name string) (any, error) { return packet.GetField(p, name) }
func (p *PPPoE) Set(name string, v any) error { return packet.SetField(p, name, v) }
func (p *PPPoE) Show() string                 { return packet.ShowLayer(p) }
func (p *PPPoE) HeaderLen() int               { return PPPoEHdrLen }

// Summary is "PPPoE session 0x0001".
func (p *PPPoE) Summary() string { return fmt.Sprintf("PPPoE session %#04x", p.SessionID) }

// DecodeFromBytes decodes the header; the length bounds the payload.
func (p *PPPoE) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < PPPoEHdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	p.Version, p.Type = data[pppoeVerType]>>4, data[pppoeVerType]&0x0f
	p.Code = data[pppoeCode]
	p.SessionID = be16(data[pppoeSession:])
	n := be16(data[pppoeLen:])
	p.Len = fields.Some(n)
	res := packet.DecodeResult{HeaderLen: PPPoEHdrLen, PayloadLen: int(n)}
	if p.Code == 0 {
		res.Next = PPPType
	}
	return res, nil
}

// SerializeTo writes the header; the length is filled after the payload.
func (p *PPPoE) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[pppoeVerType] = p.Version<<4 | p.Type&0x0f
	b[pppoeCode] = p.Code
	put16(b[pppoeSession:], p.SessionID)
	put16(b[pppoeLen:], p.Len.Value)
	return nil
}

func pppoePostBuild(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
	if p := l.(*PPPoE); !p.Len.Valid {
		put16(hdr[pppoeLen:], uint16(len(ctx.Payload())))
	}
	return nil
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: HDLCType, Upper: PPPType},
		packet.BindingRule{Lower: PPPType, Upper: IPv4Type, Field: "proto", Value: PPPProtoIPv4},
		packet.BindingRule{Lower: PPPType, Upper: IPv6Type, Field: "proto", Value: PPPProtoIPv6},
		packet.BindingRule{Lower: PPPType, Upper: MPLSType, Field: "proto", Value: PPPProtoMPLS},
		packet.BindingRule{Lower: PPPType, Upper: EAPType, Field: "proto", Value: PPPProtoEAP},
		packet.BindingRule{Lower: EthernetType, Upper: PPPoEType, Field: "type", Value: EtherTypePPPoES},
		packet.BindingRule{Lower: SLLType, Upper: PPPoEType, Field: "proto", Value: EtherTypePPPoES},
		packet.BindingRule{Lower: PPPoEType, Upper: PPPType, Field: "code", Value: 0},
		packet.BindingRule{Lower: GREType, Upper: PPPType, Field: "proto", Value: EtherTypePPP},
		// After PPP, so that dissection picks PPP (which GRE turns into
		// HDLC when the address byte is there) and building HDLC on GRE
		// fills the protocol type.
		packet.BindingRule{Lower: GREType, Upper: HDLCType, Field: "proto", Value: EtherTypePPP},
	)
	packet.BindLinkTypeFunc(9, pppLinkLayer) // LINKTYPE_PPP
	packet.BindLinkType(50, HDLCType)        // LINKTYPE_PPP_HDLC
	packet.BindLinkType(51, PPPoEType)       // LINKTYPE_PPP_ETHER
}
