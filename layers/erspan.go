package layers

import (
	"strconv"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// ERSPAN (Encapsulated Remote SPAN, draft-foschiano-erspan) carries
// mirrored Ethernet frames over GRE. Type I has no header of its own (GRE
// protocol 0x88be without a sequence number); type II (0x88be with a
// sequence number) and type III (0x22eb) have the headers below.
//
// ERSPAN type II header:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Ver  |          VLAN         | COS | En|T|    Session ID     |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|      Reserved         |                  Index                |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// ERSPAN type III header, with the optional platform specific subheader
// when O is set:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Ver  |          VLAN         | COS |BSO|T|     Session ID    |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                          Timestamp                            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|             SGT               |P|    FT   |   Hw ID   |D|Gra|O|
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Platf ID |               Platform Specific Info              |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                  Platform Specific Info                       |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
const (
	erspanVerVLAN   = 0
	erspanSession   = 2
	erspan2Index    = 4
	erspan3Time     = 4
	erspan3SGT      = 8
	erspan3Bits     = 10
	erspan3Platform = 12
	ERSPANIIHdrLen  = 8
	ERSPANIIIHdrLen = 12
	// ERSPANPlatformLen is the length of type III's platform specific
	// subheader.
	ERSPANPlatformLen = 8
)

// GRE protocol types of ERSPAN.
const (
	EtherTypeERSPAN    = 0x88be // type I (no sequence number) and II
	EtherTypeERSPANIII = 0x22eb
)

// ERSPAN type III frame types (ft).
const (
	ERSPANFrameEthernet = 0
	ERSPANFrameIP       = 2
)

var erspanFrameTypes = map[uint64]string{0: "Ethernet", 2: "IP"}
var erspanGranularity = map[uint64]string{0: "100us", 1: "100ns", 2: "IEEE 1588"}

// ERSPANI is ERSPAN type I: no header; the mirrored Ethernet frame follows
// GRE directly.
type ERSPANI struct{}

var erspanIProto = &packet.Proto{
	Name: "ERSPAN_I", Aliases: []string{"ERSPAN I"},
	Doc: "ERSPAN type I: GRE 0x88be without sequence number, no header",
	New: func() packet.Layer { return NewERSPANI() },
}

// ERSPANII is the ERSPAN type II header.
type ERSPANII struct {
	Ver       uint8  // 4 bits; 1 on the wire, Scapy's default is 0
	VLAN      uint16 // 12 bits: the original VLAN
	COS       uint8  // 3 bits
	En        uint8  // 2 bits: encapsulation of the original frame
	T         uint8  // 1 bit: truncated
	SessionID uint16 // 10 bits (tshark's erspan.spanid)
	Reserved  uint16 // 12 bits
	Index     uint32 // 20 bits: port index
}

var erspanIIProto = &packet.Proto{
	Name: "ERSPAN_II", Aliases: []string{"ERSPAN II", "ERSPAN"},
	Doc: "ERSPAN type II over GRE 0x88be (with sequence number); Ethernet follows",
	New: func() packet.Layer { return NewERSPANII() },
	Fields: []fields.Field{
		fields.BitField("ver", 4, uint8(0), func(e *ERSPANII) *uint8 { return &e.Ver }),
		fields.BitField("vlan", 12, uint16(0), func(e *ERSPANII) *uint16 { return &e.VLAN }),
		fields.BitField("cos", 3, uint8(0), func(e *ERSPANII) *uint8 { return &e.COS }),
		fields.BitField("en", 2, uint8(0), func(e *ERSPANII) *uint8 { return &e.En }),
		fields.BitField("t", 1, uint8(0), func(e *ERSPANII) *uint8 { return &e.T }),
		fields.BitField("session_id", 10, uint16(0), func(e *ERSPANII) *uint16 { return &e.SessionID }),
		fields.BitField("reserved", 12, uint16(0), func(e *ERSPANII) *uint16 { return &e.Reserved }),
		fields.BitField("index", 20, uint32(0), func(e *ERSPANII) *uint32 { return &e.Index }),
	},
}

// ERSPANIII is the ERSPAN type III header with its optional platform
// specific subheader (Scapy's ERSPAN_PlatformSpecific, present when O is
// set).
type ERSPANIII struct {
	Ver        uint8  // 4 bits, 2
	VLAN       uint16 // 12 bits
	COS        uint8  // 3 bits
	BSO        uint8  // 2 bits: bad/short/oversized
	T          uint8  // 1 bit: truncated
	SessionID  uint16 // 10 bits
	Timestamp  uint32
	SGT        uint16 // security group tag
	P          uint8  // 1 bit
	FT         uint8  // 5 bits: frame type (ERSPANFrameEthernet, ERSPANFrameIP)
	HW         uint8  // 6 bits: hardware ID
	D          uint8  // 1 bit: direction
	Gra        uint8  // 2 bits: timestamp granularity
	O          uint8  // 1 bit: platform specific subheader follows
	PlatformID uint8  // 6 bits
	Info1      uint32 // 26 bits
	Info2      uint32
}

func erspan3HasPlatform(l any) bool { return l.(*ERSPANIII).O&1 == 1 }

var erspanIIIProto = &packet.Proto{
	Name: "ERSPAN_III", Aliases: []string{"ERSPAN III"},
	Doc: "ERSPAN type III over GRE 0x22eb; Ethernet (or IP) follows",
	New: func() packet.Layer { return NewERSPANIII() },
	Fields: []fields.Field{
		fields.BitField("ver", 4, uint8(2), func(e *ERSPANIII) *uint8 { return &e.Ver }),
		fields.BitField("vlan", 12, uint16(0), func(e *ERSPANIII) *uint16 { return &e.VLAN }),
		fields.BitField("cos", 3, uint8(0), func(e *ERSPANIII) *uint8 { return &e.COS }),
		fields.BitField("bso", 2, uint8(0), func(e *ERSPANIII) *uint8 { return &e.BSO }),
		fields.BitField("t", 1, uint8(0), func(e *ERSPANIII) *uint8 { return &e.T }),
		fields.BitField("session_id", 10, uint16(0), func(e *ERSPANIII) *uint16 { return &e.SessionID }),
		fields.XIntField("timestamp", 0, func(e *ERSPANIII) *uint32 { return &e.Timestamp }),
		fields.XShortField("sgt_other", 0, func(e *ERSPANIII) *uint16 { return &e.SGT }),
		fields.BitField("p", 1, uint8(0), func(e *ERSPANIII) *uint8 { return &e.P }),
		fields.EnumField("ft", 5, uint8(0), erspanFrameTypes, func(e *ERSPANIII) *uint8 { return &e.FT }),
		fields.BitField("hw", 6, uint8(0), func(e *ERSPANIII) *uint8 { return &e.HW }),
		fields.BitField("d", 1, uint8(0), func(e *ERSPANIII) *uint8 { return &e.D }),
		fields.EnumField("gra", 2, uint8(0), erspanGranularity, func(e *ERSPANIII) *uint8 { return &e.Gra }),
		fields.BitField("o", 1, uint8(0), func(e *ERSPANIII) *uint8 { return &e.O }),
		fields.BitField("platf_id", 6, uint8(0), func(e *ERSPANIII) *uint8 { return &e.PlatformID }).When(erspan3HasPlatform),
		fields.BitField("info1", 26, uint32(0), func(e *ERSPANIII) *uint32 { return &e.Info1 }).When(erspan3HasPlatform),
		fields.XIntField("info2", 0, func(e *ERSPANIII) *uint32 { return &e.Info2 }).When(erspan3HasPlatform),
	},
}

// The registered types of the ERSPAN layers.
var (
	ERSPANIType   = packet.Register(erspanIProto)
	ERSPANIIType  = packet.Register(erspanIIProto)
	ERSPANIIIType = packet.Register(erspanIIIProto)
)

// NewERSPANI returns the (empty) type I layer.
func NewERSPANI() *ERSPANI { return &ERSPANI{} }

// NewERSPANII returns a type II header with Scapy's defaults (all zero,
// ver 0 included: set Ver to 1 for what the draft specifies).
func NewERSPANII() *ERSPANII { return &ERSPANII{} }

// NewERSPANIII returns a type III header with Scapy's defaults (ver 2).
func NewERSPANIII() *ERSPANIII { return &ERSPANIII{Ver: 2} }

func (e *ERSPANI) Proto() *packet.Proto         { return erspanIProto }
func (e *ERSPANI) Get(name string) (any, error) { return packet.GetField(e, name) }
func (e *ERSPANI) Set(name string, v any) error { return packet.SetField(e, name, v) }
func (e *ERSPANI) Show() string                 { return packet.ShowLayer(e) }
func (e *ERSPANI) Title() string                { return "ERSPAN I" }
func (e *ERSPANI) Summary() string              { return "ERSPAN I" }
func (e *ERSPANI) HeaderLen() int               { return 0 }

// DecodeFromBytes takes nothing; Ethernet follows.
func (e *ERSPANI) DecodeFromBytes([]byte, *packet.DecodeContext) (packet.DecodeResult, error) {
	return packet.DecodeResult{PayloadLen: -1, Next: EthernetType}, nil
}

// SerializeTo writes nothing.
func (e *ERSPANI) SerializeTo([]byte, *packet.BuildContext) error { return nil }

func (e *ERSPANII) Proto() *packet.Proto         { return erspanIIProto }
func (e *ERSPANII) Get(name string) (any, error) { return packet.GetField(e, name) }
func (e *ERSPANII) Set(name string, v any) error { return packet.SetField(e, name, v) }
func (e *ERSPANII) Show() string                 { return packet.ShowLayer(e) }
func (e *ERSPANII) Title() string                { return "ERSPAN II" }
func (e *ERSPANII) HeaderLen() int               { return ERSPANIIHdrLen }

// Summary is "ERSPAN II session N vlan V".
func (e *ERSPANII) Summary() string {
	return "ERSPAN II session " + strconv.Itoa(int(e.SessionID)) + " vlan " + strconv.Itoa(int(e.VLAN))
}

// DecodeFromBytes decodes the 8-byte header; Ethernet follows.
func (e *ERSPANII) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < ERSPANIIHdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	e.Ver, e.VLAN = erspanVer(data)
	s := be16(data[erspanSession:])
	e.COS = uint8(s >> 13)
	e.En = uint8(s>>11) & 3
	e.T = uint8(s>>10) & 1
	e.SessionID = s & 0x3ff
	w := be32(data[erspan2Index:])
	e.Reserved = uint16(w >> 20)
	e.Index = w & 0xfffff
	return packet.DecodeResult{HeaderLen: ERSPANIIHdrLen, PayloadLen: -1, Next: EthernetType}, nil
}

// SerializeTo writes the header.
func (e *ERSPANII) SerializeTo(b []byte, _ *packet.BuildContext) error {
	put16(b[erspanVerVLAN:], uint16(e.Ver&0x0f)<<12|e.VLAN&0x0fff)
	put16(b[erspanSession:], uint16(e.COS&7)<<13|uint16(e.En&3)<<11|uint16(e.T&1)<<10|e.SessionID&0x3ff)
	put32(b[erspan2Index:], uint32(e.Reserved&0x0fff)<<20|e.Index&0xfffff)
	return nil
}

func (e *ERSPANIII) Proto() *packet.Proto         { return erspanIIIProto }
func (e *ERSPANIII) Get(name string) (any, error) { return packet.GetField(e, name) }
func (e *ERSPANIII) Set(name string, v any) error { return packet.SetField(e, name, v) }
func (e *ERSPANIII) Show() string                 { return packet.ShowLayer(e) }
func (e *ERSPANIII) Title() string                { return "ERSPAN III" }

// Summary is "ERSPAN III session N vlan V (ft)".
func (e *ERSPANIII) Summary() string {
	return "ERSPAN III session " + strconv.Itoa(int(e.SessionID)) + " vlan " + strconv.Itoa(int(e.VLAN)) +
		" (" + erspanIIIProto.Fields[9].Format(e) + ")"
}

// HeaderLen is 12, or 20 with the platform specific subheader.
func (e *ERSPANIII) HeaderLen() int {
	if e.O&1 == 1 {
		return ERSPANIIIHdrLen + ERSPANPlatformLen
	}
	return ERSPANIIIHdrLen
}

// DecodeFromBytes decodes the header (and subheader). Frame type 0 is
// Ethernet, 2 is IP (version by the first nibble); others stay Raw.
func (e *ERSPANIII) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < ERSPANIIIHdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	e.Ver, e.VLAN = erspanVer(data)
	s := be16(data[erspanSession:])
	e.COS = uint8(s >> 13)
	e.BSO = uint8(s>>11) & 3
	e.T = uint8(s>>10) & 1
	e.SessionID = s & 0x3ff
	e.Timestamp = be32(data[erspan3Time:])
	e.SGT = be16(data[erspan3SGT:])
	f := be16(data[erspan3Bits:])
	e.P = uint8(f >> 15)
	e.FT = uint8(f>>10) & 0x1f
	e.HW = uint8(f>>4) & 0x3f
	e.D = uint8(f>>3) & 1
	e.Gra = uint8(f>>1) & 3
	e.O = uint8(f) & 1
	e.PlatformID, e.Info1, e.Info2 = 0, 0, 0
	n := ERSPANIIIHdrLen
	if e.O == 1 {
		if len(data) < ERSPANIIIHdrLen+ERSPANPlatformLen {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		w := be32(data[erspan3Platform:])
		e.PlatformID = uint8(w >> 26)
		e.Info1 = w & 0x3ffffff
		e.Info2 = be32(data[erspan3Platform+4:])
		n += ERSPANPlatformLen
	}
	res := packet.DecodeResult{HeaderLen: n, PayloadLen: -1}
	switch e.FT {
	case ERSPANFrameEthernet:
		res.Next = EthernetType
	case ERSPANFrameIP:
		if len(data) > n {
			switch data[n] >> 4 {
			case 4:
				res.Next = IPv4Type
			case 6:
				res.Next = IPv6Type
			}
		}
	}
	return res, nil
}

// SerializeTo writes the header (and subheader).
func (e *ERSPANIII) SerializeTo(b []byte, _ *packet.BuildContext) error {
	put16(b[erspanVerVLAN:], uint16(e.Ver&0x0f)<<12|e.VLAN&0x0fff)
	put16(b[erspanSession:], uint16(e.COS&7)<<13|uint16(e.BSO&3)<<11|uint16(e.T&1)<<10|e.SessionID&0x3ff)
	put32(b[erspan3Time:], e.Timestamp)
	put16(b[erspan3SGT:], e.SGT)
	put16(b[erspan3Bits:], uint16(e.P&1)<<15|uint16(e.FT&0x1f)<<10|uint16(e.HW&0x3f)<<4|
		uint16(e.D&1)<<3|uint16(e.Gra&3)<<1|uint16(e.O&1))
	if e.O&1 == 1 {
		put32(b[erspan3Platform:], uint32(e.PlatformID&0x3f)<<26|e.Info1&0x3ffffff)
		put32(b[erspan3Platform+4:], e.Info2)
	}
	return nil
}

func erspanVer(data []byte) (uint8, uint16) {
	w := be16(data[erspanVerVLAN:])
	return uint8(w >> 12), w & 0x0fff
}

func init() {
	packet.Bind(
		// Dissection tells type I from type II by GRE's S bit; building
		// sets S under type II, as Scapy's binding does.
		packet.BindingRule{Lower: GREType, Upper: ERSPANIIType, Field: "proto", Value: EtherTypeERSPAN},
		packet.BindingRule{Lower: GREType, Upper: ERSPANIIType, Field: "seqnum_present", Value: 1},
		packet.BindingRule{Lower: GREType, Upper: ERSPANIType, Field: "proto", Value: EtherTypeERSPAN},
		packet.BindingRule{Lower: GREType, Upper: ERSPANIIIType, Field: "proto", Value: EtherTypeERSPANIII},
	)
}
