package layers

import (
	"strconv"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// IEEE 802.2 LLC header, the payload of IEEE 802.3 length frames:
//
//	+--------+--------+--------+
//	|  DSAP  |  SSAP  |  Ctrl  |
//	+--------+--------+--------+
//
// and the SNAP header (IEEE 802, RFC 1042) after DSAP=SSAP=0xaa, Ctrl=3:
//
//	+--------+--------+--------+--------+--------+
//	|      Organization code (OUI)      |  Type  |
//	+--------+--------+--------+--------+--------+
//
// As in Scapy the control field is one byte (unnumbered frames, the only
// ones SNAP, STP and CDP use); the second byte of an I- or S-frame control
// field stays in the payload.
const (
	LLCLen  = 3
	SNAPLen = 5
)

// LLC SAP values and SNAP organisation codes (untyped constants).
const (
	LLCSAPSNAP = 0xaa
	LLCSAPSTP  = 0x42
	LLCCtrlUI  = 0x03

	SNAPOUIEncapsulated = 0x000000 // RFC 1042: the type is an EtherType
	SNAPOUICisco        = 0x00000c
	SNAPOUIBridged      = 0x0000f8 // IEEE 802.1H bridge tunnel

	SNAPCodeCDP = 0x2000
)

// LLCSAPNames names common SAPs.
var LLCSAPNames = map[uint64]string{
	0x00: "null", 0x06: "IP", 0x42: "STP", 0xaa: "SNAP", 0xe0: "IPX", 0xf0: "NetBIOS", 0xfe: "OSI",
}

// LLC is an IEEE 802.2 LLC header (Scapy's LLC: dsap, ssap, ctrl). Unset
// fields come from the binding of the layer above (SNAP: 0xaa, 0xaa, 3),
// else 0.
type LLC struct {
	DSAP fields.Opt[uint8]
	SSAP fields.Opt[uint8]
	Ctrl fields.Opt[uint8]
}

var llcProto = &packet.Proto{
	Name: "LLC", Aliases: []string{"802.2"},
	Doc: "IEEE 802.2 LLC header of 802.3 length frames (one-byte control field)",
	New: func() packet.Layer { return NewLLC() },
	Fields: []fields.Field{
		fields.AutoUintField("dsap", 8, func(l *LLC) *fields.Opt[uint8] { return &l.DSAP }).WithHex().WithEnum(LLCSAPNames),
		fields.AutoUintField("ssap", 8, func(l *LLC) *fields.Opt[uint8] { return &l.SSAP }).WithHex().WithEnum(LLCSAPNames),
		fields.AutoUintField("ctrl", 8, func(l *LLC) *fields.Opt[uint8] { return &l.Ctrl }),
	},
}

// LLCType is the registered type of LLC.
var LLCType = packet.Register(llcProto)

// NewLLC returns an LLC header whose fields come from the layer above.
func NewLLC() *LLC { return &LLC{} }

func (l *LLC) Proto() *packet.Proto         { return llcProto }
func (l *LLC) Get(name string) (any, error) { return packet.GetField(l, name) }
func (l *LLC) Set(name string, v any) error { return packet.SetField(l, name, v) }
func (l *LLC) Show() string                 { return packet.ShowLayer(l) }
func (l *LLC) HeaderLen() int               { return LLCLen }

// Summary is "LLC dsap > ssap ctrl".
func (l *LLC) Summary() string {
	return "LLC " + llcProto.Fields[0].Format(l) + " > " + llcProto.Fields[1].Format(l) + " ctrl " + strconv.Itoa(int(l.Ctrl.Value))
}

// DecodeFromBytes decodes the three bytes; the payload is picked by DSAP
// (0xaa with control 3 is SNAP).
func (l *LLC) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < LLCLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	l.DSAP, l.SSAP, l.Ctrl = fields.Some(data[0]), fields.Some(data[1]), fields.Some(data[2])
	next := packet.NextLayer(LLCType, "dsap", uint64(data[0]))
	if next == SNAPType && (data[1] != LLCSAPSNAP || data[2] != LLCCtrlUI) {
		next = 0
	}
	return packet.DecodeResult{HeaderLen: LLCLen, PayloadLen: -1, Next: next}, nil
}

// SerializeTo writes the header; unset fields from the binding of the
// layer above.
func (l *LLC) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	b[0] = llcBind(ctx, l.DSAP, "dsap")
	b[1] = llcBind(ctx, l.SSAP, "ssap")
	b[2] = llcBind(ctx, l.Ctrl, "ctrl")
	return nil
}

func llcBind(ctx *packet.BuildContext, o fields.Opt[uint8], field string) uint8 {
	if o.Valid {
		return o.Value
	}
	if ctx != nil {
		if v, ok := ctx.Bind(field); ok {
			return uint8(v)
		}
	}
	return 0
}

// SNAP is the SNAP header after LLC (Scapy's SNAP: OUI, code). With OUI 0
// the code is an EtherType and the payload is picked as after Ethernet;
// other organisations bind their own codes (Cisco's 0x2000 is CDP). Unset
// fields come from the binding of the layer above.
type SNAP struct {
	OUI  fields.Opt[uint32] // 24 bits
	Code fields.Opt[uint16]
}

var snapOUINames = map[uint64]string{0: "encapsulated ethernet", 0x0c: "cisco", 0xf8: "bridge tunnel"}

var snapProto = &packet.Proto{
	Name: "SNAP", Doc: "SNAP header (RFC 1042, IEEE 802) after LLC 0xaa: OUI and protocol code",
	New: func() packet.Layer { return NewSNAP() },
	Fields: []fields.Field{
		fields.AutoUintField("OUI", 24, func(s *SNAP) *fields.Opt[uint32] { return &s.OUI }).WithHex().WithEnum(snapOUINames),
		fields.AutoUintField("code", 16, func(s *SNAP) *fields.Opt[uint16] { return &s.Code }).WithHex().WithEnum(EtherTypeNames),
	},
}

// SNAPType is the registered type of SNAP.
var SNAPType = packet.Register(snapProto)

// NewSNAP returns a SNAP header whose fields come from the layer above.
func NewSNAP() *SNAP { return &SNAP{} }

func (s *SNAP) Proto() *packet.Proto         { return snapProto }
func (s *SNAP) Get(name string) (any, error) { return packet.GetField(s, name) }
func (s *SNAP) Set(name string, v any) error { return packet.SetField(s, name, v) }
func (s *SNAP) Show() string                 { return packet.ShowLayer(s) }
func (s *SNAP) HeaderLen() int               { return SNAPLen }

// Summary is "SNAP oui code".
func (s *SNAP) Summary() string {
	return "SNAP " + snapProto.Fields[0].Format(s) + " " + snapProto.Fields[1].Format(s)
}

// DecodeFromBytes decodes the five bytes and picks the payload by code.
func (s *SNAP) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < SNAPLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	oui := uint32(data[0])<<16 | uint32(data[1])<<8 | uint32(data[2])
	code := be16(data[3:])
	s.OUI, s.Code = fields.Some(oui), fields.Some(code)
	next := packet.LayerType(0)
	if up := packet.NextLayer(SNAPType, "code", uint64(code)); up != 0 {
		if v, ok := packet.BindValue(SNAPType, up, "OUI"); !ok || uint32(v) == oui {
			next = up
		}
	}
	if next == 0 && (oui == SNAPOUIEncapsulated || oui == SNAPOUIBridged) {
		next = packet.NextLayer(EthernetType, "type", uint64(code))
	}
	return packet.DecodeResult{HeaderLen: SNAPLen, PayloadLen: -1, Next: next}, nil
}

// SerializeTo writes the header. Unset fields come from SNAP's bindings of
// the layer above, else (OUI 0) from the EtherType Ethernet binds it to.
func (s *SNAP) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	oui, code := s.OUI.Value, s.Code.Value
	if ctx != nil && (!s.OUI.Valid || !s.Code.Valid) {
		bo, okOUI := ctx.Bind("OUI")
		bc, okCode := ctx.Bind("code")
		if !okCode {
			if up := ctx.Next(); up != nil {
				bc, okCode = packet.BindValue(EthernetType, up.Proto().Type(), "type")
				bo, okOUI = 0, okCode
			}
		}
		if !s.OUI.Valid && okOUI {
			oui = uint32(bo)
		}
		if !s.Code.Valid && okCode {
			code = uint16(bc)
		}
	}
	b[0], b[1], b[2] = byte(oui>>16), byte(oui>>8), byte(oui)
	put16(b[3:], code)
	return nil
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: EthernetType, Upper: LLCType, Field: "llc", Value: 0},
		packet.BindingRule{Lower: LLCType, Upper: SNAPType, Field: "dsap", Value: LLCSAPSNAP},
		packet.BindingRule{Lower: LLCType, Upper: SNAPType, Field: "ssap", Value: LLCSAPSNAP},
		packet.BindingRule{Lower: LLCType, Upper: SNAPType, Field: "ctrl", Value: LLCCtrlUI},
	)
}
