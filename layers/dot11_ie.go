package layers

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// 802.11 information element (802.11-2020 9.4.2.1), one per layer:
//
//	+--------+--------+-------------------------------+
//	|   ID   | length |  information (length bytes)   |
//	+--------+--------+-------------------------------+
//
// ID 255 is an extension element whose first information byte is the
// element ID extension; ID 221 is vendor specific, its information
// starting with an OUI. Every element keeps its information bytes, so it
// re-encodes as it came; the element's class (Scapy's Dot11EltRates,
// Dot11EltRSN, ...) follows from its ID, and its typed fields are read
// from the information (and written back into it by Set).
const Dot11EltHdrLen = 2

// Element IDs (untyped).
const (
	Dot11EltIDSSID             = 0
	Dot11EltIDRates            = 1
	Dot11EltIDFHSet            = 2
	Dot11EltIDDSSet            = 3
	Dot11EltIDCFSet            = 4
	Dot11EltIDTIM              = 5
	Dot11EltIDIBSSSet          = 6
	Dot11EltIDCountry          = 7
	Dot11EltIDBSSLoad          = 11
	Dot11EltIDChallenge        = 16
	Dot11EltIDPowerConstraint  = 32
	Dot11EltIDERP              = 42
	Dot11EltIDHTCapabilities   = 45
	Dot11EltIDRSN              = 48
	Dot11EltIDExtRates         = 50
	Dot11EltIDMobilityDomain   = 54
	Dot11EltIDHTOperation      = 61
	Dot11EltIDRMEnabledCaps    = 70
	Dot11EltIDExtCapabilities  = 127
	Dot11EltIDVHTCapabilities  = 191
	Dot11EltIDVHTOperation     = 192
	Dot11EltIDVendor           = 221
	Dot11EltIDExtension        = 255
	Dot11EltExtIDHECapabilites = 35 // element ID extension of HE capabilities
	Dot11EltExtIDHEOperation   = 36
)

// Dot11EltIDNames names element IDs as Scapy does (and a few more).
var Dot11EltIDNames = map[uint64]string{
	0: "SSID", 1: "Supported Rates", 2: "FHset", 3: "DSSS Set", 4: "CF Set", 5: "TIM", 6: "IBSS Set",
	7: "Country", 10: "Request", 11: "BSS Load", 12: "EDCA Set", 13: "TSPEC", 14: "TCLAS", 15: "Schedule",
	16: "Challenge text", 32: "Power Constraint", 33: "Power Capability", 36: "Supported Channels",
	42: "ERP", 45: "HT Capabilities", 46: "QoS Capability", 48: "RSN", 50: "Extended Supported Rates",
	52: "Neighbor Report", 61: "HT Operation", 107: "Interworking", 127: "Extendend Capabilities",
	191: "VHT Capabilities", 221: "Vendor Specific",
}

// OUIs of vendor-specific elements and RSN suites (untyped).
const (
	OUIIEEE80211 = 0x000fac // RSN suites
	OUIMicrosoft = 0x0050f2 // WPA, WMM, WPS
	OUIWiFiAll   = 0x506f9a // Wi-Fi Alliance: P2P, Hotspot 2.0
)

// ErrBadElement is returned by the element readers for an element whose
// information does not have the structure of its kind.
var ErrBadElement = errors.New("malformed information element")

// Dot11Elt is one 802.11 information element (Scapy's Dot11Elt and its
// classes by ID: Dot11EltRates, Dot11EltDSSSet, Dot11EltTIM,
// Dot11EltCountry, Dot11EltERP, Dot11EltRSN, Dot11EltHTCapabilities,
// Dot11EltVHTCapabilities, Dot11EltHECapabilities,
// Dot11EltVendorSpecific, Dot11EltMicrosoftWPA). Info holds the
// information bytes; the typed readers (SSID, Rates, Channel, TIM,
// Country, RSN, ...) parse it.
type Dot11Elt struct {
	ID   uint8
	Len  fields.Opt[uint8] // unset: len(Info)
	Info []byte
}

var (
	eltIDField = fields.ByteField("ID", 0, func(e *Dot11Elt) *uint8 { return &e.ID }).WithEnum(Dot11EltIDNames)
	eltLen     = fields.AutoUintField("len", 8, func(e *Dot11Elt) *fields.Opt[uint8] { return &e.Len })
	eltInfo    = fields.BytesField("info", func(e *Dot11Elt) *[]byte { return &e.Info })
)

// eltProto makes the proto of an element class; New gives an element of
// the class with Scapy's default information.
func eltProto(name, title, doc string, id uint8, def []byte, more ...fields.Field) *packet.Proto {
	return &packet.Proto{
		Name: name, Aliases: []string{title}, Doc: doc,
		New:       func() packet.Layer { return &Dot11Elt{ID: id, Info: append([]byte(nil), def...)} },
		Fields:    append([]fields.Field{eltIDField, eltLen}, more...),
		PostBuild: dot11EltPostBuild,
	}
}

var (
	dot11EltProto = eltProto("Dot11Elt", "802.11 Information Element",
		"IEEE 802.11 information element (ID, length, information); SSID and elements without a class of their own", 0, nil, eltInfo)
	dot11EltRatesProto = eltProto("Dot11EltRates", "802.11 Rates",
		"802.11 supported rates and extended supported rates elements (IDs 1 and 50)", 1, []byte{0x82}, eltRatesField)
	dot11EltDSSSetProto = eltProto("Dot11EltDSSSet", "802.11 DSSS Parameter Set",
		"802.11 DSSS parameter set element (ID 3): the current channel", 3, []byte{0},
		eltUint("channel", 0, 1, 0, 8))
	dot11EltTIMProto = eltProto("Dot11EltTIM", "802.11 TIM",
		"802.11 traffic indication map element (ID 5): DTIM count and period, bitmap", 5, []byte{0, 1, 0, 0},
		eltUint("dtim_count", 0, 1, 0, 8), eltUint("dtim_period", 1, 1, 0, 8),
		eltUint("bitmap_control", 2, 1, 0, 8), eltTail("virtual_bitmap", 3))
	dot11EltCountryProto = eltProto("Dot11EltCountry", "802.11 Country",
		"802.11 country element (ID 7): country string and channel/power triplets", 7, []byte{0, 0, 0, 0},
		eltFixedBytes("country_string", 0, 3), eltCountryField,
		eltUint("pad", 0, 0, 0, 8).When(func(l any) bool { e := l.(*Dot11Elt); return len(e.Info) > 3 && (len(e.Info)-3)%3 != 0 }))
	dot11EltERPProto = eltProto("Dot11EltERP", "802.11 ERP",
		"802.11 ERP element (ID 42): non-ERP present, use protection, Barker preamble", 42, []byte{0},
		eltUint("NonERP_Present", 0, 1, 0, 1), eltUint("Use_Protection", 0, 1, 1, 1),
		eltUint("Barker_Preamble_Mode", 0, 1, 2, 1), eltUint("res", 0, 1, 3, 5))
	dot11EltRSNProto = eltProto("Dot11EltRSN", "802.11 RSN information",
		"802.11 RSN element (ID 48): version, group, pairwise and AKM suites, capabilities, PMKIDs", 48, defaultRSN,
		rsnFields()...)
	dot11EltHTCapProto = eltProto("Dot11EltHTCapabilities", "802.11 HT Capabilities",
		"802.11 HT capabilities element (ID 45): capability info, A-MPDU parameters, MCS set, ...", 45, defaultHTCap,
		htCapFields()...)
	dot11EltVHTCapProto = eltProto("Dot11EltVHTCapabilities", "802.11 VHT Capabilities",
		"802.11 VHT capabilities element (ID 191): capability info and MCS maps", 191, make([]byte, 12),
		vhtCapFields()...)
	dot11EltHECapProto = eltProto("Dot11EltHECapabilities", "802.11 HE Capabilities",
		"802.11 HE capabilities element (ID 255, extension 35): MAC and PHY capabilities, MCS/NSS set", 255, defaultHECap,
		heCapFields()...)
	dot11EltVendorProto = eltProto("Dot11EltVendorSpecific", "802.11 Vendor Specific",
		"802.11 vendor specific element (ID 221): OUI and vendor data, kept", 221, []byte{0, 0, 0},
		eltOUIField, eltTail("info", 3))
	dot11EltMSWPAProto = eltProto("Dot11EltMicrosoftWPA", "802.11 Microsoft WPA",
		"802.11 vendor specific element of Microsoft's WPA (OUI 00:50:f2, type 1): the suites of WPA1", 221, defaultMSWPA,
		append([]fields.Field{eltOUIField, eltUint("type", 3, 1, 0, 8)}, wpaFields()...)...)
)

// Scapy's default information of Dot11EltRSN, Dot11EltHTCapabilities and
// Dot11EltMicrosoftWPA; HE capabilities default to no spatial streams.
var (
	defaultRSN   = func() []byte { r := DefaultRSNInfo(); return r.AppendTo(nil) }()
	defaultHTCap = append([]byte{0, 0, 0x03}, make([]byte, 23)...)
	defaultHECap = append(append([]byte{Dot11EltExtIDHECapabilites}, make([]byte, 17)...), 0xff, 0xff, 0xff, 0xff)
	defaultMSWPA = append([]byte{0x00, 0x50, 0xf2, 0x01}, defaultRSN[:18]...)
)

// The registered types of the element classes.
var (
	Dot11EltType                = packet.Register(dot11EltProto)
	Dot11EltRatesType           = packet.Register(dot11EltRatesProto)
	Dot11EltDSSSetType          = packet.Register(dot11EltDSSSetProto)
	Dot11EltTIMType             = packet.Register(dot11EltTIMProto)
	Dot11EltCountryType         = packet.Register(dot11EltCountryProto)
	Dot11EltERPType             = packet.Register(dot11EltERPProto)
	Dot11EltRSNType             = packet.Register(dot11EltRSNProto)
	Dot11EltHTCapabilitiesType  = packet.Register(dot11EltHTCapProto)
	Dot11EltVHTCapabilitiesType = packet.Register(dot11EltVHTCapProto)
	Dot11EltHECapabilitiesType  = packet.Register(dot11EltHECapProto)
	Dot11EltVendorSpecificType  = packet.Register(dot11EltVendorProto)
	Dot11EltMicrosoftWPAType    = packet.Register(dot11EltMSWPAProto)
	dot11EltTypes               = []*packet.Proto{dot11EltProto, dot11EltRatesProto, dot11EltDSSSetProto, dot11EltTIMProto, dot11EltCountryProto, dot11EltERPProto, dot11EltRSNProto, dot11EltHTCapProto, dot11EltVHTCapProto, dot11EltHECapProto, dot11EltVendorProto, dot11EltMSWPAProto}
)

// eltProtoOf is the class of an element with this ID and information.
func eltProtoOf(id uint8, info []byte) *packet.Proto {
	switch id {
	case Dot11EltIDRates, Dot11EltIDExtRates:
		return dot11EltRatesProto
	case Dot11EltIDDSSet:
		return dot11EltDSSSetProto
	case Dot11EltIDTIM:
		return dot11EltTIMProto
	case Dot11EltIDCountry:
		return dot11EltCountryProto
	case Dot11EltIDERP:
		return dot11EltERPProto
	case Dot11EltIDRSN:
		return dot11EltRSNProto
	case Dot11EltIDHTCapabilities:
		return dot11EltHTCapProto
	case Dot11EltIDVHTCapabilities:
		return dot11EltVHTCapProto
	case Dot11EltIDExtension:
		if len(info) > 0 && info[0] == Dot11EltExtIDHECapabilites {
			return dot11EltHECapProto
		}
	case Dot11EltIDVendor:
		if len(info) >= 4 && ouiOf(info) == OUIMicrosoft && info[3] == 1 {
			return dot11EltMSWPAProto
		}
		return dot11EltVendorProto
	}
	return dot11EltProto
}

func ouiOf(b []byte) uint32 { return uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2]) }

// NewDot11Elt returns an element of that ID and information.
func NewDot11Elt(id uint8, info []byte) *Dot11Elt { return &Dot11Elt{ID: id, Info: info} }

// NewDot11EltSSID returns an SSID element.
func NewDot11EltSSID(ssid string) *Dot11Elt { return NewDot11Elt(Dot11EltIDSSID, []byte(ssid)) }

// NewDot11EltRates returns a supported rates element; each rate is in
// units of 500 kb/s, with 0x80 set for a basic rate (0x82 is 1 Mb/s basic).
func NewDot11EltRates(rates ...uint8) *Dot11Elt { return NewDot11Elt(Dot11EltIDRates, rates) }

// NewDot11EltExtRates returns an extended supported rates element.
func NewDot11EltExtRates(rates ...uint8) *Dot11Elt { return NewDot11Elt(Dot11EltIDExtRates, rates) }

// NewDot11EltDSSSet returns a DSSS parameter set element (the channel).
func NewDot11EltDSSSet(channel uint8) *Dot11Elt {
	return NewDot11Elt(Dot11EltIDDSSet, []byte{channel})
}

// NewDot11EltTIM returns a TIM element.
func NewDot11EltTIM(t Dot11TIM) *Dot11Elt {
	return NewDot11Elt(Dot11EltIDTIM, append([]byte{t.DTIMCount, t.DTIMPeriod, t.BitmapControl}, t.VirtualBitmap...))
}

// NewDot11EltCountry returns a country element: the 3-byte country string
// (code and environment, "US " or "DEI") and the triplets, padded to an
// even length as Scapy does.
func NewDot11EltCountry(c Dot11Country) *Dot11Elt {
	cs := []byte(c.String)
	for len(cs) < 3 {
		cs = append(cs, ' ')
	}
	info := cs[:3:3]
	for _, t := range c.Triplets {
		info = append(info, t.FirstChannel, t.NumChannels, t.MaxPower)
	}
	if len(c.Triplets)%2 == 0 {
		info = append(info, 0)
	}
	return NewDot11Elt(Dot11EltIDCountry, info)
}

// NewDot11EltRSN returns an RSN element of r.
func NewDot11EltRSN(r RSNInfo) *Dot11Elt { return NewDot11Elt(Dot11EltIDRSN, r.AppendTo(nil)) }

// NewDot11EltVendor returns a vendor specific element.
func NewDot11EltVendor(oui uint32, data []byte) *Dot11Elt {
	return NewDot11Elt(Dot11EltIDVendor, append([]byte{byte(oui >> 16), byte(oui >> 8), byte(oui)}, data...))
}

func (e *Dot11Elt) Proto() *packet.Proto         { return eltProtoOf(e.ID, e.Info) }
func (e *Dot11Elt) Get(name string) (any, error) { return packet.GetField(e, name) }
func (e *Dot11Elt) Set(name string, v any) error { return packet.SetField(e, name, v) }
func (e *Dot11Elt) Show() string                 { return packet.ShowLayer(e) }
func (e *Dot11Elt) HeaderLen() int               { return Dot11EltHdrLen + len(e.Info) }

// Title is Scapy's name of the element's class.
func (e *Dot11Elt) Title() string { return e.Proto().Aliases[0] }

// Summary is Scapy's "SSID='name'" for an SSID, the class name otherwise.
func (e *Dot11Elt) Summary() string {
	if e.ID == Dot11EltIDSSID {
		return "SSID='" + string(e.Info) + "'"
	}
	return e.Proto().Name
}

// DecodeFromBytes decodes one element; the next one follows.
func (e *Dot11Elt) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < Dot11EltHdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	n := Dot11EltHdrLen + int(data[1])
	if len(data) < n {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	e.ID, e.Len, e.Info = data[0], fields.Some(data[1]), data[Dot11EltHdrLen:n]
	return packet.DecodeResult{HeaderLen: n, PayloadLen: -1, Next: dot11EltNext(data[n:], ctx)}, nil
}

// dot11EltNext returns the layer type to decode the element at the start
// of rest with: its class, or, when the decoder already holds as many
// layers of that class as it accepts of one type (packet.MaxTunnel, a
// bound meant for nested tunnels, not for a list), another element class
// (every class decodes into the same struct and reports its own class).
// Near packet.MaxLayers the rest stays Raw.
func dot11EltNext(rest []byte, ctx *packet.DecodeContext) packet.LayerType {
	if len(rest) == 0 {
		return 0
	}
	var info []byte
	if len(rest) >= Dot11EltHdrLen {
		info = rest[Dot11EltHdrLen:min(len(rest), Dot11EltHdrLen+int(rest[1]))]
	}
	want := eltProtoOf(rest[0], info)
	if ctx == nil || ctx.Packet == nil {
		return want.Type()
	}
	p := ctx.Packet
	if p.NumLayers() >= packet.MaxLayers-2 {
		return 0
	}
	if p.NumLayers() < packet.MaxTunnel || eltCount(p, want) < packet.MaxTunnel {
		return want.Type()
	}
	best, bestN := want, packet.MaxTunnel
	for _, q := range dot11EltTypes {
		if n := eltCount(p, q); n < bestN {
			best, bestN = q, n
		}
	}
	if bestN >= packet.MaxTunnel {
		return 0
	}
	return best.Type()
}

// eltCount counts the elements of class q in p.
func eltCount(p *packet.Packet, q *packet.Proto) int {
	n := 0
	for _, l := range p.Layers() {
		if e, ok := l.(*Dot11Elt); ok && e.Proto() == q {
			n++
		}
	}
	return n
}

// SerializeTo writes ID, length and information.
func (e *Dot11Elt) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[0] = e.ID
	b[1] = e.Len.Or(uint8(len(e.Info)))
	copy(b[Dot11EltHdrLen:], e.Info)
	return nil
}

func dot11EltPostBuild(_ []byte, l packet.Layer, _ *packet.BuildContext) error {
	e := l.(*Dot11Elt)
	if !e.Len.Valid && len(e.Info) > 255 {
		return &packet.BuildError{Layer: "Dot11Elt", Field: "info", Value: strconv.Itoa(len(e.Info)) + " bytes",
			Err: fmt.Errorf("%w: more than 255 bytes", fields.ErrBadValue)}
	}
	return nil
}

// mutable returns Info as a private copy of at least n bytes, for Set.
func (e *Dot11Elt) mutable(n int) []byte {
	b := make([]byte, max(n, len(e.Info)))
	copy(b, e.Info)
	e.Info = b
	return b
}

// eltUint is a number inside the information: width bits from bit shift
// of the size-byte little-endian word at offset off (size 0: the byte at
// the end of the information, for the pad of a country element).
func eltUint(name string, off, size int, shift, width uint) fields.Field {
	word := func(e *Dot11Elt) (uint64, bool) {
		o, n := off, size
		if n == 0 {
			o, n = len(e.Info)-1, 1
		}
		if o < 0 || o+n > len(e.Info) {
			return 0, false
		}
		var w uint64
		for i := n - 1; i >= 0; i-- {
			w = w<<8 | uint64(e.Info[o+i])
		}
		return w, true
	}
	mask := uint64(1)<<width - 1
	return fields.ListField(name,
		func(e *Dot11Elt) any {
			w, ok := word(e)
			if !ok {
				return nil
			}
			return w >> shift & mask
		},
		func(e *Dot11Elt, v any) error {
			f := fields.Field{Name: name, Kind: fields.KindUint, Bits: int(width)}
			u, err := f.ParseUint(v)
			if err != nil {
				return err
			}
			o, n := off, size
			if n == 0 {
				o, n = max(len(e.Info)-1, 0), 1
			}
			w, _ := word(e)
			w = w&^(mask<<shift) | u<<shift
			b := e.mutable(o + n)
			for i := 0; i < n; i++ {
				b[o+i] = byte(w >> (8 * i))
			}
			return nil
		},
		func(e *Dot11Elt) string {
			w, ok := word(e)
			if !ok {
				return "None"
			}
			return strconv.FormatUint(w>>shift&mask, 10)
		},
		func(e *Dot11Elt) any {
			w, ok := word(e)
			if !ok {
				return nil
			}
			return w >> shift & mask
		})
}

// eltTail is the information from offset off on, as bytes.
func eltTail(name string, off int) fields.Field {
	get := func(e *Dot11Elt) []byte {
		if len(e.Info) < off {
			return nil
		}
		return e.Info[off:]
	}
	return fields.ListField(name, func(e *Dot11Elt) any { return get(e) },
		func(e *Dot11Elt, v any) error {
			b, err := bytesOf(v)
			if err != nil {
				return err
			}
			head := e.mutable(off)[:off]
			e.Info = append(head[:off:off], b...)
			return nil
		},
		func(e *Dot11Elt) string { return fields.ReprBytes(get(e)) },
		func(e *Dot11Elt) any { return fmt.Sprintf("%x", get(e)) })
}

// eltFixedBytes is n bytes of the information at offset off.
func eltFixedBytes(name string, off, n int) fields.Field {
	get := func(e *Dot11Elt) []byte {
		if len(e.Info) < off+n {
			return nil
		}
		return e.Info[off : off+n]
	}
	return fields.ListField(name, func(e *Dot11Elt) any { return get(e) },
		func(e *Dot11Elt, v any) error {
			b, err := bytesOf(v)
			if err != nil || len(b) != n {
				return fmt.Errorf("%w: want %d bytes", fields.ErrBadValue, n)
			}
			copy(e.mutable(off + n)[off:], b)
			return nil
		},
		func(e *Dot11Elt) string { return fields.ReprBytes(get(e)) },
		func(e *Dot11Elt) any { return fmt.Sprintf("%x", get(e)) })
}

func bytesOf(v any) ([]byte, error) {
	switch x := v.(type) {
	case []byte:
		return x, nil
	case string:
		return []byte(x), nil
	}
	return nil, fmt.Errorf("%w: %T is not bytes", fields.ErrBadValue, v)
}

var eltOUIField = fields.ListField("oui",
	func(e *Dot11Elt) any {
		if len(e.Info) < 3 {
			return nil
		}
		return uint64(ouiOf(e.Info))
	},
	func(e *Dot11Elt, v any) error {
		f := fields.Field{Name: "oui", Kind: fields.KindUint, Bits: 24}
		u, err := f.ParseUint(v)
		if err != nil {
			return err
		}
		b := e.mutable(3)
		b[0], b[1], b[2] = byte(u>>16), byte(u>>8), byte(u)
		return nil
	},
	func(e *Dot11Elt) string {
		if len(e.Info) < 3 {
			return "None"
		}
		return fmt.Sprintf("%02x:%02x:%02x", e.Info[0], e.Info[1], e.Info[2])
	},
	func(e *Dot11Elt) any {
		if len(e.Info) < 3 {
			return nil
		}
		return ouiOf(e.Info)
	})

var eltRatesField = fields.ListField("rates",
	func(e *Dot11Elt) any { return e.Info },
	func(e *Dot11Elt, v any) error {
		switch x := v.(type) {
		case []byte:
			e.Info = x
		case []int:
			b := make([]byte, len(x))
			for i, r := range x {
				if r < 0 || r > 255 {
					return fields.ErrBadValue
				}
				b[i] = byte(r)
			}
			e.Info = b
		default:
			return fmt.Errorf("%w: rates take []byte or []int", fields.ErrBadValue)
		}
		return nil
	},
	func(e *Dot11Elt) string {
		parts := make([]string, len(e.Info))
		for i, r := range e.Info {
			parts[i] = RateString(r)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	},
	func(e *Dot11Elt) any {
		out := make([]int, len(e.Info))
		for i, r := range e.Info {
			out[i] = int(r)
		}
		return out
	})

// RateString shows a rate byte as Scapy does: "1.0 Mbps", "1.0(B) Mbps"
// for a basic rate.
func RateString(r uint8) string {
	s := strconv.FormatFloat(float64(r&0x7f)/2, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	if r&0x80 != 0 {
		s += "(B)"
	}
	return s + " Mbps"
}

var eltCountryField = fields.ListField("descriptors",
	func(e *Dot11Elt) any { c, _ := e.Country(); return c.Triplets },
	nil,
	func(e *Dot11Elt) string {
		c, _ := e.Country()
		parts := make([]string, len(c.Triplets))
		for i, t := range c.Triplets {
			parts[i] = fmt.Sprintf("(first_channel_number=%d, num_channels=%d, mtp=%d)", t.FirstChannel, t.NumChannels, t.MaxPower)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	},
	func(e *Dot11Elt) any {
		c, _ := e.Country()
		out := make([]map[string]int, len(c.Triplets))
		for i, t := range c.Triplets {
			out[i] = map[string]int{"first_channel_number": int(t.FirstChannel), "num_channels": int(t.NumChannels), "mtp": int(t.MaxPower)}
		}
		return out
	})

// SSID returns the SSID of an SSID element.
func (e *Dot11Elt) SSID() (string, bool) {
	if e.ID != Dot11EltIDSSID {
		return "", false
	}
	return string(e.Info), true
}

// Rates returns the rates of a (extended) supported rates element, in
// units of 500 kb/s with 0x80 set for basic rates.
func (e *Dot11Elt) Rates() ([]byte, bool) {
	if e.ID != Dot11EltIDRates && e.ID != Dot11EltIDExtRates {
		return nil, false
	}
	return e.Info, true
}

// Channel returns the channel of a DSSS parameter set element.
func (e *Dot11Elt) Channel() (uint8, bool) {
	if e.ID != Dot11EltIDDSSet || len(e.Info) < 1 {
		return 0, false
	}
	return e.Info[0], true
}

// Dot11TIM is the content of a TIM element.
type Dot11TIM struct {
	DTIMCount     uint8
	DTIMPeriod    uint8
	BitmapControl uint8 // bit 0: group traffic buffered; bits 1-7: bitmap offset / 2
	VirtualBitmap []byte
}

// TIM returns the content of a TIM element.
func (e *Dot11Elt) TIM() (Dot11TIM, bool) {
	if e.ID != Dot11EltIDTIM || len(e.Info) < 3 {
		return Dot11TIM{}, false
	}
	return Dot11TIM{e.Info[0], e.Info[1], e.Info[2], e.Info[3:]}, true
}

// Dot11CountryTriplet is a first channel, a number of channels and a
// maximum transmit power (dBm) of a country element.
type Dot11CountryTriplet struct{ FirstChannel, NumChannels, MaxPower uint8 }

// Dot11Country is the content of a country element.
type Dot11Country struct {
	String   string // 3 bytes: country code and environment (' ', 'I', 'O', 'X')
	Triplets []Dot11CountryTriplet
}

// Country returns the content of a country element.
func (e *Dot11Elt) Country() (Dot11Country, bool) {
	if e.ID != Dot11EltIDCountry || len(e.Info) < 3 {
		return Dot11Country{}, false
	}
	c := Dot11Country{String: string(e.Info[:3])}
	for b := e.Info[3:]; len(b) >= 3; b = b[3:] {
		c.Triplets = append(c.Triplets, Dot11CountryTriplet{b[0], b[1], b[2]})
	}
	return c, true
}

// VendorOUI returns the OUI of a vendor specific element and the data
// after it.
func (e *Dot11Elt) VendorOUI() (oui uint32, data []byte, ok bool) {
	if e.ID != Dot11EltIDVendor || len(e.Info) < 3 {
		return 0, nil, false
	}
	return ouiOf(e.Info), e.Info[3:], true
}

// RSNSuite is a cipher or AKM suite selector: an OUI and a type.
type RSNSuite struct {
	OUI  uint32
	Type uint8
}

// RSN suite types of OUI 00:0f:ac (untyped).
const (
	RSNCipherGroup   = 0
	RSNCipherWEP40   = 1
	RSNCipherTKIP    = 2
	RSNCipherCCMP128 = 4
	RSNCipherWEP104  = 5
	RSNCipherBIPCMAC = 6
	RSNCipherGCMP128 = 8
	RSNCipherGCMP256 = 9
	RSNCipherCCMP256 = 10
	RSNAKM8021X      = 1
	RSNAKMPSK        = 2
	RSNAKMFT8021X    = 3
	RSNAKMFTPSK      = 4
	RSNAKMPSKSHA256  = 6
	RSNAKMSAE        = 8
	RSNAKMOWE        = 18
)

// RSNCipherNames and RSNAKMNames are Scapy's names of the suites of OUI
// 00:0f:ac.
var (
	RSNCipherNames = map[uint64]string{0: "Use group cipher suite", 1: "WEP-40", 2: "TKIP", 3: "OCB", 4: "CCMP-128",
		5: "WEP-104", 6: "BIP-CMAC-128", 7: "Group addressed traffic not allowed", 8: "GCMP-128", 9: "GCMP-256",
		10: "CCMP-256", 11: "BIP-GMAC-128", 12: "BIP-GMAC-256", 13: "BIP-CMAC-256"}
	RSNAKMNames = map[uint64]string{0: "Reserved", 1: "802.1X", 2: "PSK", 3: "FT-802.1X", 4: "FT-PSK",
		5: "WPA-SHA256", 6: "PSK-SHA256", 7: "TDLS", 8: "SAE", 9: "FT-SAE", 10: "AP-PEER-KEY",
		11: "WPA-SHA256-SUITE-B", 12: "WPA-SHA384-SUITE-B", 13: "FT-802.1X-SHA384", 14: "FILS-SHA256",
		15: "FILS-SHA384", 16: "FT-FILS-SHA256", 17: "FT-FILS-SHA384", 18: "OWE"}
)

// RSNInfo is the content of an RSN element (or of Microsoft's WPA
// element, without capabilities). The fields after the version are
// optional on the wire: the Has flags say which were there.
type RSNInfo struct {
	Version            uint16
	GroupCipher        RSNSuite
	PairwiseCiphers    []RSNSuite
	AKMSuites          []RSNSuite
	Capabilities       uint16 // little-endian RSN capabilities (bit 7 MFPC, bit 6 MFPR, ...)
	PMKIDs             [][16]byte
	GroupMgmtCipher    RSNSuite
	HasGroupCipher     bool
	HasPairwise        bool
	HasAKM             bool
	HasCapabilities    bool
	HasPMKIDs          bool
	HasGroupMgmtCipher bool
}

// RSN capability bits (untyped).
const (
	RSNCapPreAuth   = 1 << 0
	RSNCapNoPairwis = 1 << 1
	RSNCapMFPR      = 1 << 6
	RSNCapMFPC      = 1 << 7
)

// DefaultRSNInfo is Scapy's Dot11EltRSN(): version 1, CCMP-128 group and
// pairwise ciphers, 802.1X AKM, MFP capable and required, an empty PMKID
// list and BIP-CMAC-128 management group cipher.
func DefaultRSNInfo() RSNInfo {
	ccmp := RSNSuite{OUIIEEE80211, RSNCipherCCMP128}
	return RSNInfo{Version: 1, GroupCipher: ccmp, PairwiseCiphers: []RSNSuite{ccmp},
		AKMSuites: []RSNSuite{{OUIIEEE80211, RSNAKM8021X}}, Capabilities: RSNCapMFPC | RSNCapMFPR,
		GroupMgmtCipher: RSNSuite{OUIIEEE80211, RSNCipherBIPCMAC},
		HasGroupCipher:  true, HasPairwise: true, HasAKM: true, HasCapabilities: true, HasPMKIDs: true,
		HasGroupMgmtCipher: true}
}

// ParseRSN parses the information of an RSN element.
func ParseRSN(b []byte) (RSNInfo, error) { return parseRSN(b, true) }

func parseRSN(b []byte, withCaps bool) (RSNInfo, error) {
	var r RSNInfo
	if len(b) < 2 {
		return r, ErrBadElement
	}
	le := binary.LittleEndian
	r.Version, b = le.Uint16(b), b[2:]
	suite := func() RSNSuite { s := RSNSuite{ouiOf(b), b[3]}; b = b[4:]; return s }
	list := func() ([]RSNSuite, bool) {
		if len(b) < 2 {
			return nil, false
		}
		n := int(le.Uint16(b))
		b = b[2:]
		if len(b) < 4*n {
			return nil, false
		}
		out := make([]RSNSuite, n)
		for i := range out {
			out[i] = suite()
		}
		return out, true
	}
	if len(b) == 0 {
		return r, nil
	}
	if len(b) < 4 {
		return r, ErrBadElement
	}
	r.GroupCipher, r.HasGroupCipher = suite(), true
	if len(b) == 0 {
		return r, nil
	}
	var ok bool
	if r.PairwiseCiphers, ok = list(); !ok {
		return r, ErrBadElement
	}
	r.HasPairwise = true
	if len(b) == 0 {
		return r, nil
	}
	if r.AKMSuites, ok = list(); !ok {
		return r, ErrBadElement
	}
	r.HasAKM = true
	if len(b) == 0 || !withCaps {
		if len(b) != 0 {
			return r, ErrBadElement
		}
		return r, nil
	}
	if len(b) < 2 {
		return r, ErrBadElement
	}
	r.Capabilities, r.HasCapabilities, b = le.Uint16(b), true, b[2:]
	if len(b) == 0 {
		return r, nil
	}
	if len(b) < 2 {
		return r, ErrBadElement
	}
	n := int(le.Uint16(b))
	b = b[2:]
	if len(b) < 16*n {
		return r, ErrBadElement
	}
	r.PMKIDs = make([][16]byte, n)
	for i := range r.PMKIDs {
		copy(r.PMKIDs[i][:], b)
		b = b[16:]
	}
	r.HasPMKIDs = true
	if len(b) == 0 {
		return r, nil
	}
	if len(b) != 4 {
		return r, ErrBadElement
	}
	r.GroupMgmtCipher, r.HasGroupMgmtCipher = suite(), true
	return r, nil
}

// AppendTo appends the element information of r: the fields up to the
// last one present.
func (r *RSNInfo) AppendTo(b []byte) []byte {
	le := binary.LittleEndian
	b = le.AppendUint16(b, r.Version)
	put := func(s RSNSuite) { b = append(b, byte(s.OUI>>16), byte(s.OUI>>8), byte(s.OUI), s.Type) }
	putList := func(l []RSNSuite) {
		b = le.AppendUint16(b, uint16(len(l)))
		for _, s := range l {
			put(s)
		}
	}
	more := [...]bool{r.HasGroupCipher, r.HasPairwise, r.HasAKM, r.HasCapabilities, r.HasPMKIDs, r.HasGroupMgmtCipher}
	last := -1
	for i, m := range more {
		if m {
			last = i
		}
	}
	if last >= 0 {
		put(r.GroupCipher)
	}
	if last >= 1 {
		putList(r.PairwiseCiphers)
	}
	if last >= 2 {
		putList(r.AKMSuites)
	}
	if last >= 3 {
		b = le.AppendUint16(b, r.Capabilities)
	}
	if last >= 4 {
		b = le.AppendUint16(b, uint16(len(r.PMKIDs)))
		for _, p := range r.PMKIDs {
			b = append(b, p[:]...)
		}
	}
	if last >= 5 {
		put(r.GroupMgmtCipher)
	}
	return b
}

// RSN parses an RSN element.
func (e *Dot11Elt) RSN() (RSNInfo, error) {
	if e.ID != Dot11EltIDRSN {
		return RSNInfo{}, ErrBadElement
	}
	return ParseRSN(e.Info)
}

// WPA parses Microsoft's WPA element (vendor specific, 00:50:f2 type 1):
// version, group cipher, pairwise and AKM suites.
func (e *Dot11Elt) WPA() (RSNInfo, error) {
	if e.ID != Dot11EltIDVendor || len(e.Info) < 4 || ouiOf(e.Info) != OUIMicrosoft || e.Info[3] != 1 {
		return RSNInfo{}, ErrBadElement
	}
	return parseRSN(e.Info[4:], false)
}

func formatSuite(s RSNSuite, names map[uint64]string) string {
	n := strconv.Itoa(int(s.Type))
	if s.OUI == OUIIEEE80211 {
		if x, ok := names[uint64(s.Type)]; ok {
			n = x
		}
	}
	return fmt.Sprintf("(oui=0x%x, %s)", s.OUI, n)
}

func formatSuites(l []RSNSuite, names map[uint64]string) string {
	parts := make([]string, len(l))
	for i, s := range l {
		parts[i] = formatSuite(s, names)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func suiteJSON(s RSNSuite) any { return map[string]any{"oui": s.OUI, "type": s.Type} }

func suitesJSON(l []RSNSuite) any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = suiteJSON(s)
	}
	return out
}

// rsnRead is a read-only field computed from the parsed RSN (or WPA)
// content.
func rsnRead(name string, wpa bool, get func(r *RSNInfo) any, format func(r *RSNInfo) string, json func(r *RSNInfo) any) fields.Field {
	parse := func(e *Dot11Elt) (RSNInfo, bool) {
		var r RSNInfo
		var err error
		if wpa {
			r, err = e.WPA()
		} else {
			r, err = e.RSN()
		}
		return r, err == nil
	}
	return fields.ListField(name,
		func(e *Dot11Elt) any {
			r, ok := parse(e)
			if !ok {
				return nil
			}
			return get(&r)
		}, nil,
		func(e *Dot11Elt) string {
			r, ok := parse(e)
			if !ok {
				return "None"
			}
			return format(&r)
		},
		func(e *Dot11Elt) any {
			r, ok := parse(e)
			if !ok {
				return nil
			}
			return json(&r)
		})
}

func suiteFields(wpa bool) []fields.Field {
	num := func(v func(r *RSNInfo) int) (func(r *RSNInfo) any, func(r *RSNInfo) string, func(r *RSNInfo) any) {
		return func(r *RSNInfo) any { return v(r) }, func(r *RSNInfo) string { return strconv.Itoa(v(r)) },
			func(r *RSNInfo) any { return v(r) }
	}
	g1, f1, j1 := num(func(r *RSNInfo) int { return int(r.Version) })
	g2, f2, j2 := num(func(r *RSNInfo) int { return len(r.PairwiseCiphers) })
	g3, f3, j3 := num(func(r *RSNInfo) int { return len(r.AKMSuites) })
	return []fields.Field{
		rsnRead("version", wpa, g1, f1, j1),
		rsnRead("group_cipher_suite", wpa, func(r *RSNInfo) any { return r.GroupCipher },
			func(r *RSNInfo) string { return formatSuite(r.GroupCipher, RSNCipherNames) },
			func(r *RSNInfo) any { return suiteJSON(r.GroupCipher) }),
		rsnRead("nb_pairwise_cipher_suites", wpa, g2, f2, j2),
		rsnRead("pairwise_cipher_suites", wpa, func(r *RSNInfo) any { return r.PairwiseCiphers },
			func(r *RSNInfo) string { return formatSuites(r.PairwiseCiphers, RSNCipherNames) },
			func(r *RSNInfo) any { return suitesJSON(r.PairwiseCiphers) }),
		rsnRead("nb_akm_suites", wpa, g3, f3, j3),
		rsnRead("akm_suites", wpa, func(r *RSNInfo) any { return r.AKMSuites },
			func(r *RSNInfo) string { return formatSuites(r.AKMSuites, RSNAKMNames) },
			func(r *RSNInfo) any { return suitesJSON(r.AKMSuites) }),
	}
}

func wpaFields() []fields.Field { return suiteFields(true) }

// rsnFields are Scapy's Dot11EltRSN fields: the suites, the capability
// bits (read from the parsed element), the PMKIDs and the management
// group cipher.
func rsnFields() []fields.Field {
	f := suiteFields(false)
	caps := []struct {
		name         string
		shift, width uint
	}{
		{"mfp_capable", 7, 1}, {"mfp_required", 6, 1}, {"gtksa_replay_counter", 4, 2},
		{"ptksa_replay_counter", 2, 2}, {"no_pairwise", 1, 1}, {"pre_auth", 0, 1}, {"reserved", 15, 1},
		{"ocvc", 14, 1}, {"extended_key_id", 13, 1}, {"pbac", 12, 1}, {"spp_a_msdu_required", 11, 1},
		{"spp_a_msdu_capable", 10, 1}, {"peer_key_enabled", 9, 1}, {"joint_multiband_rsna", 8, 1},
	}
	for _, c := range caps {
		c := c
		v := func(r *RSNInfo) int { return int(r.Capabilities >> c.shift & (1<<c.width - 1)) }
		f = append(f, rsnRead(c.name, false, func(r *RSNInfo) any { return v(r) },
			func(r *RSNInfo) string { return strconv.Itoa(v(r)) }, func(r *RSNInfo) any { return v(r) }).
			When(func(l any) bool { r, err := l.(*Dot11Elt).RSN(); return err == nil && r.HasCapabilities }))
	}
	f = append(f,
		rsnRead("pmkids", false, func(r *RSNInfo) any { return r.PMKIDs },
			func(r *RSNInfo) string {
				parts := make([]string, len(r.PMKIDs))
				for i, p := range r.PMKIDs {
					parts[i] = fmt.Sprintf("%x", p)
				}
				return "[" + strings.Join(parts, ", ") + "]"
			},
			func(r *RSNInfo) any {
				out := make([]string, len(r.PMKIDs))
				for i, p := range r.PMKIDs {
					out[i] = fmt.Sprintf("%x", p)
				}
				return out
			}).When(func(l any) bool { r, err := l.(*Dot11Elt).RSN(); return err == nil && r.HasPMKIDs }),
		rsnRead("group_management_cipher_suite", false, func(r *RSNInfo) any { return r.GroupMgmtCipher },
			func(r *RSNInfo) string { return formatSuite(r.GroupMgmtCipher, RSNCipherNames) },
			func(r *RSNInfo) any { return suiteJSON(r.GroupMgmtCipher) }).
			When(func(l any) bool { r, err := l.(*Dot11Elt).RSN(); return err == nil && r.HasGroupMgmtCipher }))
	return f
}

// Dot11HTCapabilities is the content of an HT capabilities element
// (802.11-2020 9.4.2.55), multi-byte fields little-endian as on the wire.
type Dot11HTCapabilities struct {
	Info        uint16   // HT capability information (bit 0 LDPC, bit 1 40 MHz, bit 5 short GI 20, ...)
	AMPDUParams uint8    // bits 0-1 maximum A-MPDU length exponent, 2-4 minimum start spacing
	MCSSet      [16]byte // supported MCS set: RX bitmask (bits 0-76), highest rate, TX flags
	ExtCap      uint16
	TxBF        uint32
	ASEL        uint8
}

// RxMCSBitmask returns the receive MCS bitmap's first 64 MCS indexes.
func (h *Dot11HTCapabilities) RxMCSBitmask() uint64 { return binary.LittleEndian.Uint64(h.MCSSet[:]) }

// HTCapabilities returns the content of an HT capabilities element.
func (e *Dot11Elt) HTCapabilities() (Dot11HTCapabilities, bool) {
	var h Dot11HTCapabilities
	if e.ID != Dot11EltIDHTCapabilities || len(e.Info) < 26 {
		return h, false
	}
	b := e.Info
	h.Info, h.AMPDUParams = le16(b), b[2]
	copy(h.MCSSet[:], b[3:19])
	h.ExtCap, h.TxBF, h.ASEL = le16(b[19:]), binary.LittleEndian.Uint32(b[21:]), b[25]
	return h, true
}

func htCapFields() []fields.Field {
	info := []struct {
		name         string
		shift, width uint
	}{
		{"L_SIG_TXOP_Protection", 15, 1}, {"Forty_Mhz_Intolerant", 14, 1}, {"PSMP", 13, 1}, {"DSSS_CCK", 12, 1},
		{"Max_A_MSDU", 11, 1}, {"Delayed_BlockAck", 10, 1}, {"Rx_STBC", 8, 2}, {"Tx_STBC", 7, 1},
		{"Short_GI_40Mhz", 6, 1}, {"Short_GI_20Mhz", 5, 1}, {"Green_Field", 4, 1}, {"SM_Power_Save", 2, 2},
		{"Supported_Channel_Width", 1, 1}, {"LDPC_Coding_Capability", 0, 1},
	}
	var f []fields.Field
	for _, x := range info {
		f = append(f, eltUint(x.name, 0, 2, x.shift, x.width))
	}
	return append(f,
		eltUint("res1", 2, 1, 5, 3), eltUint("Min_MPDCU_Start_Spacing", 2, 1, 2, 3),
		eltUint("Max_A_MPDU_Length_Exponent", 2, 1, 0, 2),
		eltFixedBytes("RX_MSC_Bitmask", 3, 10),
		eltUint("RX_Highest_Supported_Data_Rate", 13, 2, 0, 10),
		eltUint("TX_MCS_Set_Defined", 15, 1, 0, 1), eltUint("TX_RX_MCS_Set_Not_Equal", 15, 1, 1, 1),
		eltUint("TX_Max_Spatial_Streams", 15, 1, 2, 2), eltUint("TX_Unequal_Modulation", 15, 1, 4, 1),
		eltUint("PCO", 19, 2, 0, 1), eltUint("PCO_Transition_Time", 19, 2, 1, 2),
		eltUint("MCS_Feedback", 19, 2, 8, 2), eltUint("HTC_HT_Support", 19, 2, 10, 1),
		eltUint("RD_Responder", 19, 2, 11, 1),
		eltUint("TXBF", 21, 4, 0, 32), eltUint("ASEL", 25, 1, 0, 8))
}

// Dot11VHTCapabilities is the content of a VHT capabilities element
// (802.11-2020 9.4.2.157).
type Dot11VHTCapabilities struct {
	Info      uint32 // bits 0-1 maximum MPDU length, 2-3 channel widths, 5 short GI 80, ...
	RxMCSMap  uint16 // 2 bits per spatial stream: 0 MCS 0-7, 1 0-8, 2 0-9, 3 none
	RxHighest uint16
	TxMCSMap  uint16
	TxHighest uint16
}

// VHTCapabilities returns the content of a VHT capabilities element.
func (e *Dot11Elt) VHTCapabilities() (Dot11VHTCapabilities, bool) {
	if e.ID != Dot11EltIDVHTCapabilities || len(e.Info) < 12 {
		return Dot11VHTCapabilities{}, false
	}
	b := e.Info
	return Dot11VHTCapabilities{binary.LittleEndian.Uint32(b), le16(b[4:]), le16(b[6:]), le16(b[8:]), le16(b[10:])}, true
}

func vhtCapFields() []fields.Field {
	info := []struct {
		name         string
		shift, width uint
	}{
		{"max_mpdu_length", 0, 2}, {"supported_channel_width_set", 2, 2}, {"rx_ldpc", 4, 1},
		{"short_gi_80", 5, 1}, {"short_gi_160", 6, 1}, {"tx_stbc", 7, 1}, {"rx_stbc", 8, 3},
		{"su_beamformer", 11, 1}, {"su_beamformee", 12, 1}, {"beamformee_sts", 13, 3},
		{"sounding_dimensions", 16, 3}, {"mu_beamformer", 19, 1}, {"mu_beamformee", 20, 1},
		{"txop_ps", 21, 1}, {"htc_vht", 22, 1}, {"max_a_mpdu_length_exp", 23, 3},
		{"link_adaptation", 26, 2}, {"rx_antenna_pattern", 28, 1}, {"tx_antenna_pattern", 29, 1},
		{"ext_nss_bw", 30, 2},
	}
	var f []fields.Field
	for _, x := range info {
		f = append(f, eltUint(x.name, 0, 4, x.shift, x.width))
	}
	return append(f, eltUint("rx_mcs_map", 4, 2, 0, 16).WithHex(), eltUint("rx_highest", 6, 2, 0, 13),
		eltUint("tx_mcs_map", 8, 2, 0, 16).WithHex(), eltUint("tx_highest", 10, 2, 0, 13))
}

// Dot11HECapabilities is the content of an HE capabilities element
// (802.11ax 9.4.2.248): MAC and PHY capability bytes and the supported
// HE-MCS and NSS set with PPE thresholds, kept as bytes.
type Dot11HECapabilities struct {
	MAC    [6]byte
	PHY    [11]byte
	MCSNSS []byte // supported HE-MCS/NSS set (4, 8 or 12 bytes) and PPE thresholds
}

// RxMCSMap80 and TxMCSMap80 are the HE-MCS maps for up to 80 MHz.
func (h *Dot11HECapabilities) RxMCSMap80() uint16 {
	if len(h.MCSNSS) < 2 {
		return 0xffff
	}
	return le16(h.MCSNSS)
}

// TxMCSMap80 is the transmit HE-MCS map for up to 80 MHz.
func (h *Dot11HECapabilities) TxMCSMap80() uint16 {
	if len(h.MCSNSS) < 4 {
		return 0xffff
	}
	return le16(h.MCSNSS[2:])
}

// HECapabilities returns the content of an HE capabilities element.
func (e *Dot11Elt) HECapabilities() (Dot11HECapabilities, bool) {
	var h Dot11HECapabilities
	if e.ID != Dot11EltIDExtension || len(e.Info) < 18 || e.Info[0] != Dot11EltExtIDHECapabilites {
		return h, false
	}
	copy(h.MAC[:], e.Info[1:7])
	copy(h.PHY[:], e.Info[7:18])
	h.MCSNSS = e.Info[18:]
	return h, true
}

func heCapFields() []fields.Field {
	return []fields.Field{
		eltUint("ext_id", 0, 1, 0, 8),
		eltFixedBytes("he_mac_cap", 1, 6),
		eltFixedBytes("he_phy_cap", 7, 11),
		eltUint("channel_width_set", 7, 1, 1, 7),
		eltUint("rx_he_mcs_map_80", 18, 2, 0, 16).WithHex(),
		eltUint("tx_he_mcs_map_80", 20, 2, 0, 16).WithHex(),
		eltTail("mcs_nss_ppe", 18),
	}
}
