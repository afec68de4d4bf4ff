package layers

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// IEEE 802.11 MAC header (IEEE 802.11-2020 9.2.3); the frame control's
// first byte is version, type and subtype from its low bits up, its second
// the flags; the sequence control, HT control and FCS are little-endian:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|Subtype|Typ|Ver|     Flags     |          Duration/ID          |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                           Address 1                           |
//	+                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                               |   Address 2 (all but a few    |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+   control frames)             +
//	|                                                               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|          Address 3 (management and data frames)               |
//	+                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                               |   Sequence control (not in    |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+   control frames)             |
//	|   Address 4 (data frames with both to-DS and from-DS)         |
//	+                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                               | HT control (management frames |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ with the order flag) ...      |
//	|      frame body ... FCS (4 bytes, with Dot11FCS)              |
//
// The ordering of the bit fields in the first byte is Scapy's: subtype in
// the high nibble, then type and protocol version.
const (
	dot11FC     = 0
	dot11ID     = 2
	dot11Addr1  = 4
	Dot11MinLen = 10 // frame control, duration and address 1 (CTS, ACK)
	Dot11FCSLen = 4
)

// 802.11 frame types and the subtypes with a layer of their own
// (untyped).
const (
	Dot11TypeManagement = 0
	Dot11TypeControl    = 1
	Dot11TypeData       = 2
	Dot11TypeExtension  = 3

	Dot11SubtypeAssoReq      = 0
	Dot11SubtypeAssoResp     = 1
	Dot11SubtypeReassoReq    = 2
	Dot11SubtypeReassoResp   = 3
	Dot11SubtypeProbeReq     = 4
	Dot11SubtypeProbeResp    = 5
	Dot11SubtypeBeacon       = 8
	Dot11SubtypeATIM         = 9
	Dot11SubtypeDisas        = 10
	Dot11SubtypeAuth         = 11
	Dot11SubtypeDeauth       = 12
	Dot11SubtypeAction       = 13
	Dot11SubtypeActionNoAck  = 14
	Dot11SubtypeBlockAckReq  = 8 // control
	Dot11SubtypeBlockAck     = 9 // control
	Dot11SubtypePSPoll       = 10
	Dot11SubtypeRTS          = 11
	Dot11SubtypeCTS          = 12
	Dot11SubtypeAck          = 13
	Dot11SubtypeData         = 0 // data
	Dot11SubtypeNull         = 4
	Dot11SubtypeQoSData      = 8
	Dot11SubtypeQoSNull      = 12
	Dot11SubtypeCtrlExtended = 6
)

// Frame control flags (Scapy's FCfield, untyped).
const (
	Dot11FlagToDS      = 0x01
	Dot11FlagFromDS    = 0x02
	Dot11FlagMoreFrag  = 0x04
	Dot11FlagRetry     = 0x08
	Dot11FlagPwrMgt    = 0x10
	Dot11FlagMoreData  = 0x20
	Dot11FlagProtected = 0x40
	Dot11FlagOrder     = 0x80 // +HTC in QoS data and management frames
)

// Dot11TypeNames and Dot11SubtypeNames name types and subtypes as Scapy.
var (
	Dot11TypeNames    = map[uint64]string{0: "Management", 1: "Control", 2: "Data", 3: "Extension"}
	Dot11SubtypeNames = [4]map[uint64]string{
		{0: "Association Request", 1: "Association Response", 2: "Reassociation Request",
			3: "Reassociation Response", 4: "Probe Request", 5: "Probe Response", 6: "Timing Advertisement",
			8: "Beacon", 9: "ATIM", 10: "Disassociation", 11: "Authentication", 12: "Deauthentication",
			13: "Action", 14: "Action No Ack"},
		{2: "Trigger", 3: "TACK", 4: "Beamforming Report Poll", 5: "VHT/HE NDP Announcement",
			6: "Control Frame Extension", 7: "Control Wrapper", 8: "Block Ack Request", 9: "Block Ack",
			10: "PS-Poll", 11: "RTS", 12: "CTS", 13: "Ack", 14: "CF-End", 15: "CF-End+CF-Ack"},
		{0: "Data", 1: "Data+CF-Ack", 2: "Data+CF-Poll", 3: "Data+CF-Ack+CF-Poll", 4: "Null (no data)",
			5: "CF-Ack (no data)", 6: "CF-Poll (no data)", 7: "CF-Ack+CF-Poll (no data)", 8: "QoS Data",
			9: "QoS Data+CF-Ack", 10: "QoS Data+CF-Poll", 11: "QoS Data+CF-Ack+CF-Poll",
			12: "QoS Null (no data)", 14: "QoS CF-Poll (no data)", 15: "QoS CF-Ack+CF-Poll (no data)"},
		{0: "DMG Beacon", 1: "S1G Beacon"},
	}
	dot11FlagNames = []string{"to-DS", "from-DS", "MF", "retry", "pw-mgt", "MD", "protected", "order"}
)

// ErrNoFCSRoom is returned by building a Dot11FCS frame that does not end
// with a 4-byte trailer (NewDot11FCSTrailer) to hold the FCS.
var ErrNoFCSRoom = errors.New("no 4-byte trailer after the frame for its fcs")

// Dot11 is an 802.11 MAC header (Scapy's Dot11, shown as "802.11"). The
// same struct is Scapy's Dot11FCS ("802.11-FCS") when the frame ends with
// its frame check sequence: NewDot11FCS, or dissection after a radiotap
// header whose flags say so. ID is the duration/ID field read big-endian,
// as Scapy shows it (Duration gives the little-endian value).
type Dot11 struct {
	Subtype fields.Opt[uint8] // 4 bits; unset: from the layer above, else 0
	Type    fields.Opt[uint8] // 2 bits; unset: from the layer above, else 0
	Version uint8             // 2 bits, Scapy's "proto"
	FCfield uint8             // Dot11Flag... bits
	ID      uint16
	Addr1   fields.MAC
	Addr2   fields.MAC
	Addr3   fields.MAC
	SC      uint16 // sequence control: sequence number << 4 | fragment
	Addr4   fields.MAC
	HTC     uint32 // HT control of management frames with the order flag
	// Pad holds the bytes a capture inserted after the header to align the
	// body to 4 bytes (radiotap flag RadioTapFlagDataPad); QoS data frames
	// have them after the QoS control instead.
	Pad []byte
	FCS fields.Opt[uint32] // Dot11FCS: unset, computed (CRC-32)

	fcs bool
}

func dot11Fields(withFCS bool) []fields.Field {
	f := []fields.Field{
		fields.WithFormat(fields.AutoUintField("subtype", 4, func(d *Dot11) *fields.Opt[uint8] { return &d.Subtype }),
			func(d *Dot11) string {
				if !d.Subtype.Valid {
					return "None"
				}
				if n, ok := Dot11SubtypeNames[d.Type.Value&3][uint64(d.Subtype.Value)]; ok {
					return n
				}
				return strconv.Itoa(int(d.Subtype.Value))
			}),
		fields.AutoUintField("type", 2, func(d *Dot11) *fields.Opt[uint8] { return &d.Type }).WithEnum(Dot11TypeNames),
		fields.BitField("proto", 2, uint8(0), func(d *Dot11) *uint8 { return &d.Version }),
		fields.FlagsField("FCfield", 8, uint8(0), dot11FlagNames, func(d *Dot11) *uint8 { return &d.FCfield }),
		fields.ShortField("ID", 0, func(d *Dot11) *uint16 { return &d.ID }),
		dot11Addr("addr1", 1, func(d *Dot11) *fields.MAC { return &d.Addr1 }),
		dot11Addr("addr2", 2, func(d *Dot11) *fields.MAC { return &d.Addr2 }).
			When(func(l any) bool { return l.(*Dot11).hasAddr2() }),
		dot11Addr("addr3", 3, func(d *Dot11) *fields.MAC { return &d.Addr3 }).
			When(func(l any) bool { return l.(*Dot11).hasAddr3() }),
		fields.ShortField("SC", 0, func(d *Dot11) *uint16 { return &d.SC }).
			When(func(l any) bool { return l.(*Dot11).Type.Value != Dot11TypeControl }),
		dot11Addr("addr4", 4, func(d *Dot11) *fields.MAC { return &d.Addr4 }).
			When(func(l any) bool { d := l.(*Dot11); return d.Type.Value == Dot11TypeData && d.FCfield&3 == 3 }),
		fields.XIntField("htc", 0, func(d *Dot11) *uint32 { return &d.HTC }).
			When(func(l any) bool { return l.(*Dot11).hasHTC() }),
		fields.BytesField("pad", func(d *Dot11) *[]byte { return &d.Pad }).
			When(func(l any) bool { return len(l.(*Dot11).Pad) > 0 }),
	}
	if withFCS {
		f = append(f, fields.AutoUintField("fcs", 32, func(d *Dot11) *fields.Opt[uint32] { return &d.FCS }).WithHex())
	}
	return f
}

// dot11Addr is an address shown with its meaning, as Scapy does
// ("ff:ff:ff:ff:ff:ff (RA=DA)").
func dot11Addr(name string, index int, ptr func(*Dot11) *fields.MAC) fields.Field {
	return fields.WithFormat(fields.MACField(name, fields.MAC{}, ptr), func(d *Dot11) string {
		s := ptr(d).String()
		if m := d.AddressMeaning(index); m != "" {
			s += " (" + m + ")"
		}
		return s
	})
}

var (
	dot11Proto = &packet.Proto{
		Name: "Dot11", Aliases: []string{"802.11"},
		Doc:       "IEEE 802.11 MAC header: management, control, data and extension frames (LINKTYPE_IEEE802_11, 105)",
		New:       func() packet.Layer { return NewDot11() },
		Fields:    dot11Fields(false),
		PostBuild: dot11PostBuild,
	}
	dot11FCSProto = &packet.Proto{
		Name: "Dot11FCS", Aliases: []string{"802.11-FCS"},
		Doc:       "IEEE 802.11 MAC header of a frame that ends with its FCS (CRC-32, kept in fcs; the 4 bytes are the trailer)",
		New:       func() packet.Layer { return NewDot11FCS() },
		Fields:    dot11Fields(true),
		PostBuild: dot11PostBuild,
	}
)

// Dot11Type and Dot11FCSType are the registered types of the 802.11
// header without and with FCS.
var (
	Dot11Type    = packet.Register(dot11Proto)
	Dot11FCSType = packet.Register(dot11FCSProto)
)

// NewDot11 returns an 802.11 header with Scapy's defaults: addresses
// 00:00:00:00:00:00; type and subtype from the layer above (a management
// frame of subtype 0 when nothing is bound).
func NewDot11() *Dot11 { return &Dot11{} }

// NewDot11FCS returns an 802.11 header whose frame ends with its FCS. The
// frame must end with a 4-byte trailer for it (NewDot11FCSTrailer); the
// FCS is computed unless set.
func NewDot11FCS() *Dot11 { return &Dot11{fcs: true} }

// NewDot11FCSTrailer returns the 4-byte trailer that holds the FCS of a
// Dot11FCS frame (as a Padding layer: it is no part of any payload). The
// FCS is written into the frame's last 4 bytes; a dissected frame keeps
// them, and any padding before them, as its trailing Padding.
func NewDot11FCSTrailer() *packet.Padding { return &packet.Padding{Load: make([]byte, Dot11FCSLen)} }

// HasFCS reports whether this is a Dot11FCS header.
func (d *Dot11) HasFCS() bool { return d.fcs }

func (d *Dot11) Proto() *packet.Proto {
	if d.fcs {
		return dot11FCSProto
	}
	return dot11Proto
}
func (d *Dot11) Get(name string) (any, error) { return packet.GetField(d, name) }
func (d *Dot11) Set(name string, v any) error { return packet.SetField(d, name, v) }
func (d *Dot11) Show() string                 { return packet.ShowLayer(d) }

// Title is Scapy's name: "802.11" or "802.11-FCS".
func (d *Dot11) Title() string { return d.Proto().Aliases[0] }

// Summary is Scapy's "802.11 type subtype addr2 > addr1".
func (d *Dot11) Summary() string { return d.SummaryIn(nil, -1) }

// SummaryIn adds the SSID of a management frame's elements.
func (d *Dot11) SummaryIn(p *packet.Packet, i int) string {
	var b strings.Builder
	b.WriteString(d.Title())
	b.WriteByte(' ')
	t := d.Type.Value & 3
	b.WriteString(Dot11TypeNames[uint64(t)])
	b.WriteByte(' ')
	if n, ok := Dot11SubtypeNames[t][uint64(d.Subtype.Value)]; ok {
		b.WriteString(n)
	} else {
		b.WriteString(strconv.Itoa(int(d.Subtype.Value)))
	}
	b.WriteByte(' ')
	if d.hasAddr2() {
		b.WriteString(d.addrText(2))
		b.WriteByte(' ')
	}
	b.WriteString("> ")
	b.WriteString(d.addrText(1))
	if p != nil && t == Dot11TypeManagement {
		for _, l := range p.Layers()[i+1:] {
			if e, ok := l.(*Dot11Elt); ok && e.ID == Dot11EltIDSSID {
				b.WriteString(" " + e.Summary())
				break
			}
		}
	}
	return b.String()
}

func (d *Dot11) addrText(i int) string {
	var a fields.MAC
	switch i {
	case 1:
		a = d.Addr1
	case 2:
		a = d.Addr2
	case 3:
		a = d.Addr3
	default:
		a = d.Addr4
	}
	s := a.String()
	if m := d.AddressMeaning(i); m != "" {
		s += " (" + m + ")"
	}
	return s
}

// Seq and Frag are the sequence and fragment numbers of SC.
func (d *Dot11) Seq() uint16  { return d.SC >> 4 }
func (d *Dot11) Frag() uint16 { return d.SC & 15 }

// Duration is the duration/ID field as the standard reads it
// (little-endian; ID holds Scapy's big-endian reading).
func (d *Dot11) Duration() uint16 { return d.ID>>8 | d.ID<<8 }

// Protected reports the protected-frame flag (Scapy's FCfield.protected).
func (d *Dot11) Protected() bool { return d.FCfield&Dot11FlagProtected != 0 }

// dot11AddrMeaning follows 802.11-2020 9.3.2.1 (Table 9-30) and Scapy.
var dot11AddrMeaning = [4][4]string{ // [from-DS<<1 | to-DS][address]
	{"RA=DA", "TA=SA", "BSSID", ""}, // neither
	{"RA=BSSID", "TA=SA", "DA", ""}, // to-DS
	{"RA=DA", "TA=BSSID", "SA", ""}, // from-DS
	{"RA", "TA", "DA", "SA"},        // both
}

// AddressMeaning is Scapy's address_meaning: what address index (1-4)
// holds for this frame ("RA=DA", "TA=SA", "BSSID", ...), or "".
func (d *Dot11) AddressMeaning(index int) string {
	if index < 1 || index > 4 {
		return ""
	}
	switch d.Type.Value & 3 {
	case Dot11TypeManagement:
		return [4]string{"RA=DA", "TA=SA", "BSSID/STA", ""}[index-1]
	case Dot11TypeControl:
		if d.Subtype.Value == Dot11SubtypeCtrlExtended && d.FCfield&15 == 6 {
			return [4]string{"RA", "NAV-SA", "NAV-DA", ""}[index-1]
		}
		return [4]string{"RA", "TA", "", ""}[index-1]
	case Dot11TypeData:
		return dot11AddrMeaning[d.FCfield&3][index-1]
	}
	return [4]string{"BSSID", "", "", ""}[index-1]
}

func (d *Dot11) hasAddr2() bool { return dot11HasAddr2(d.Type.Value, d.Subtype.Value) }
func (d *Dot11) hasAddr3() bool { return dot11HasAddr3(d.Type.Value, d.Subtype.Value, d.FCfield) }
func (d *Dot11) hasHTC() bool {
	return d.Type.Value == Dot11TypeManagement && d.FCfield&Dot11FlagOrder != 0
}

func dot11HasAddr2(t, s uint8) bool {
	return t != Dot11TypeControl || (s >= 4 && s <= 6) || (s >= 8 && s <= 11) || s >= 14
}

func dot11HasAddr3(t, s, flags uint8) bool {
	return t == Dot11TypeManagement || t == Dot11TypeData ||
		(t == Dot11TypeControl && s == Dot11SubtypeCtrlExtended && flags&15 == 6)
}

// dot11HdrLen is the header length of a frame of type t, subtype s and
// flags (without the FCS).
func dot11HdrLen(t, s, flags uint8) int {
	n := Dot11MinLen
	if dot11HasAddr2(t, s) {
		n += 6
	}
	if dot11HasAddr3(t, s, flags) {
		n += 6
	}
	if t != Dot11TypeControl {
		n += 2
	}
	if t == Dot11TypeData && flags&3 == 3 {
		n += 6
	}
	if t == Dot11TypeManagement && flags&Dot11FlagOrder != 0 {
		n += 4
	}
	return n
}

// typeSubtype returns type and subtype as built: unset ones come from the
// binding of the layer above ("type_subtype" is type<<4 | subtype).
func (d *Dot11) typeSubtype(next packet.Layer) (uint8, uint8) {
	t, s := d.Type.Value, d.Subtype.Value
	if (!d.Type.Valid || !d.Subtype.Valid) && next != nil && !next.Proto().Trailer {
		if v, ok := packet.BindValue(Dot11Type, next.Proto().Type(), "type_subtype"); ok {
			if !d.Type.Valid {
				t = uint8(v>>4) & 3
			}
			if !d.Subtype.Valid {
				s = uint8(v) & 15
			}
		}
	}
	return t & 3, s & 15
}

// HeaderLen is the header length for the type and subtype as they are.
func (d *Dot11) HeaderLen() int {
	return dot11HdrLen(d.Type.Value&3, d.Subtype.Value&15, d.FCfield) + len(d.Pad)
}

// HeaderLenIn accounts for a type and subtype that come from the layer
// above.
func (d *Dot11) HeaderLenIn(p *packet.Packet, i int) int {
	t, s := d.typeSubtype(p.Layer(i + 1))
	return dot11HdrLen(t, s, d.FCfield) + len(d.Pad)
}

// dataPad reports whether the radiotap header below says that the capture
// pads 802.11 headers to 4 bytes.
func dataPad(ctx *packet.DecodeContext) bool {
	if ctx == nil || ctx.Packet == nil || ctx.Packet.NumLayers() == 0 {
		return false
	}
	r, ok := ctx.Packet.Layer(ctx.Packet.NumLayers() - 1).(*RadioTap)
	return ok && r.Has(RadioTapFlags) && r.Flags&RadioTapFlagDataPad != 0
}

func padLen(n int) int { return (4 - n%4) % 4 }

// DecodeFromBytes decodes the header (and the FCS of a Dot11FCS frame:
// its last 4 bytes, which stay behind as the trailer) and picks the body:
// QoS control for QoS data, the cipher header of protected frames, the
// management body, LLC for data.
func (d *Dot11) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < Dot11MinLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	fc, flags := data[dot11FC], data[dot11FC+1]
	t, s := fc>>2&3, fc>>4
	n := dot11HdrLen(t, s, flags)
	end := len(data)
	if d.fcs {
		end -= Dot11FCSLen
	}
	if end < n {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	d.Version, d.Type, d.Subtype, d.FCfield = fc&3, fields.Some(t), fields.Some(s), flags
	d.ID = be16(data[dot11ID:])
	copy(d.Addr1[:], data[dot11Addr1:])
	off := Dot11MinLen
	d.Addr2, d.Addr3, d.Addr4, d.SC, d.HTC = fields.MAC{}, fields.MAC{}, fields.MAC{}, 0, 0
	if dot11HasAddr2(t, s) {
		copy(d.Addr2[:], data[off:])
		off += 6
	}
	if dot11HasAddr3(t, s, flags) {
		copy(d.Addr3[:], data[off:])
		off += 6
	}
	if t != Dot11TypeControl {
		d.SC = binary.LittleEndian.Uint16(data[off:])
		off += 2
	}
	if t == Dot11TypeData && flags&3 == 3 {
		copy(d.Addr4[:], data[off:])
		off += 6
	}
	if d.hasHTC() {
		d.HTC = binary.LittleEndian.Uint32(data[off:])
		off += 4
	}
	d.Pad = nil
	if qos := t == Dot11TypeData && s >= 8 && s != 13; !qos && t != Dot11TypeControl && end > n && dataPad(ctx) {
		p := min(padLen(n), end-n)
		d.Pad = data[n : n+p]
		n += p
	}
	pl := -1
	if d.fcs {
		d.FCS = fields.Some(binary.LittleEndian.Uint32(data[end:]))
		pl = end - n
	}
	return packet.DecodeResult{HeaderLen: n, PayloadLen: pl, Next: dot11Next(t, s, flags, data[n:end], ctx)}, nil
}

// dot11Next picks the layer of an 802.11 frame body.
func dot11Next(t, s, flags uint8, body []byte, ctx *packet.DecodeContext) packet.LayerType {
	if t == Dot11TypeData && s >= 8 && s != 13 {
		return Dot11QoSType
	}
	if flags&Dot11FlagProtected != 0 {
		return dot11CipherNext(body)
	}
	next := packet.NextLayer(Dot11Type, "type_subtype", uint64(t)<<4|uint64(s))
	if next == Dot11EltType {
		return dot11EltNext(body, ctx)
	}
	return next
}

// SerializeTo writes the header; an unset type or subtype comes from the
// binding of the layer above.
func (d *Dot11) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	var next packet.Layer
	if ctx != nil && ctx.Packet() != nil {
		next = ctx.Next()
	}
	t, s := d.typeSubtype(next)
	b[dot11FC] = s<<4 | t<<2 | d.Version&3
	b[dot11FC+1] = d.FCfield
	put16(b[dot11ID:], d.ID)
	copy(b[dot11Addr1:], d.Addr1[:])
	off := Dot11MinLen
	if dot11HasAddr2(t, s) {
		off += copy(b[off:], d.Addr2[:])
	}
	if dot11HasAddr3(t, s, d.FCfield) {
		off += copy(b[off:], d.Addr3[:])
	}
	if t != Dot11TypeControl {
		binary.LittleEndian.PutUint16(b[off:], d.SC)
		off += 2
	}
	if t == Dot11TypeData && d.FCfield&3 == 3 {
		off += copy(b[off:], d.Addr4[:])
	}
	if t == Dot11TypeManagement && d.FCfield&Dot11FlagOrder != 0 {
		binary.LittleEndian.PutUint32(b[off:], d.HTC)
		off += 4
	}
	copy(b[off:], d.Pad)
	return nil
}

// dot11PostBuild writes the FCS of a Dot11FCS frame into its last 4 bytes
// (the end of the trailer that follows the body): the value set, or the
// CRC-32 of everything before it from the 802.11 header on.
func dot11PostBuild(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
	d := l.(*Dot11)
	if !d.fcs {
		return nil
	}
	p := ctx.Packet()
	n := len(hdr)
	for j := ctx.Index() + 1; j < p.NumLayers(); j++ {
		if c, ok := p.Layer(j).(packet.ContextHeaderLen); ok {
			n += c.HeaderLenIn(p, j)
		} else {
			n += p.Layer(j).HeaderLen()
		}
	}
	if n-len(hdr)-len(ctx.Payload()) < Dot11FCSLen || cap(hdr) < n {
		return &packet.BuildError{Layer: "Dot11FCS", Field: "fcs", Value: "none", Err: ErrNoFCSRoom}
	}
	frame := hdr[:n]
	fcs := d.FCS.Value
	if !d.FCS.Valid {
		fcs = crc32.ChecksumIEEE(frame[:n-Dot11FCSLen])
	}
	binary.LittleEndian.PutUint32(frame[n-Dot11FCSLen:], fcs)
	return nil
}

// Dot11FCSMode says how frames of link type 105 (802.11 without a radio
// header) are read: with a trailing FCS, without, or by checking whether
// the last 4 bytes are the CRC-32 of the rest (the default).
type Dot11FCSMode int32

// Dot11FCSMode values.
const (
	Dot11FCSGuess Dot11FCSMode = iota
	Dot11FCSAlways
	Dot11FCSNever
)

var dot11LinkFCS atomic.Int32

// SetDot11LinkFCS sets how frames of link type 105 are dissected; it is
// safe for concurrent use.
func SetDot11LinkFCS(m Dot11FCSMode) { dot11LinkFCS.Store(int32(m)) }

// Dot11LinkLayer returns the first layer of an 802.11 frame of link type
// 105: Dot11FCSType when the frame ends with its FCS (see SetDot11LinkFCS),
// Dot11Type otherwise.
func Dot11LinkLayer(data []byte) packet.LayerType {
	switch Dot11FCSMode(dot11LinkFCS.Load()) {
	case Dot11FCSAlways:
		return Dot11FCSType
	case Dot11FCSNever:
		return Dot11Type
	}
	if n := len(data); n >= Dot11MinLen+Dot11FCSLen &&
		crc32.ChecksumIEEE(data[:n-Dot11FCSLen]) == binary.LittleEndian.Uint32(data[n-Dot11FCSLen:]) {
		return Dot11FCSType
	}
	return Dot11Type
}

// 802.11 QoS control (802.11-2020 9.2.4.5), after the header of QoS data
// frames; an HT control field follows when the frame has the order flag:
//
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|A|AckP |E|  TID  |     TXOP    |   (A: A-MSDU present, E: EOSP;
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+    Scapy's bit order, MSB first)
const (
	Dot11QoSLen = 2
	dot11HTCLen = 4
)

// Dot11QoS is the QoS control field of QoS data frames (Scapy's Dot11QoS).
type Dot11QoS struct {
	AMSDUPresent uint8 // 1 bit: the body is an A-MSDU
	AckPolicy    uint8 // 2 bits
	EOSP         uint8 // 1 bit
	TID          uint8 // 4 bits
	TXOP         uint8
	HTC          uint32 // HT control, present with the order flag
	Pad          []byte // alignment bytes of the capture (see Dot11.Pad)

	htc bool
}

var dot11QoSProto = &packet.Proto{
	Name: "Dot11QoS", Aliases: []string{"802.11 QoS"},
	Doc: "IEEE 802.11 QoS control (QoS data frames): TID, EOSP, ack policy, TXOP; HT control with the order flag",
	New: func() packet.Layer { return NewDot11QoS() },
	Fields: []fields.Field{
		fields.BitField("A_MSDU_Present", 1, uint8(0), func(q *Dot11QoS) *uint8 { return &q.AMSDUPresent }),
		fields.BitField("Ack_Policy", 2, uint8(0), func(q *Dot11QoS) *uint8 { return &q.AckPolicy }),
		fields.BitField("EOSP", 1, uint8(0), func(q *Dot11QoS) *uint8 { return &q.EOSP }),
		fields.BitField("TID", 4, uint8(0), func(q *Dot11QoS) *uint8 { return &q.TID }),
		fields.ByteField("TXOP", 0, func(q *Dot11QoS) *uint8 { return &q.TXOP }),
		fields.XIntField("htc", 0, func(q *Dot11QoS) *uint32 { return &q.HTC }).
			When(func(l any) bool { return l.(*Dot11QoS).htc }),
		fields.BytesField("pad", func(q *Dot11QoS) *[]byte { return &q.Pad }).
			When(func(l any) bool { return len(l.(*Dot11QoS).Pad) > 0 }),
	},
}

// Dot11QoSType is the registered type of Dot11QoS.
var Dot11QoSType = packet.Register(dot11QoSProto)

// NewDot11QoS returns a QoS control field of zeros. Under a Dot11 whose
// type and subtype are unset it makes a QoS Null frame (type 2, subtype
// 12), as Scapy does: set the Dot11 subtype to 8 for QoS data.
func NewDot11QoS() *Dot11QoS { return &Dot11QoS{} }

func (q *Dot11QoS) Proto() *packet.Proto         { return dot11QoSProto }
func (q *Dot11QoS) Get(name string) (any, error) { return packet.GetField(q, name) }
func (q *Dot11QoS) Set(name string, v any) error { return packet.SetField(q, name, v) }
func (q *Dot11QoS) Show() string                 { return packet.ShowLayer(q) }
func (q *Dot11QoS) Title() string                { return "802.11 QoS" }
func (q *Dot11QoS) Summary() string              { return "Dot11QoS TID " + strconv.Itoa(int(q.TID)) }

// HeaderLen is 2, or 6 with an HT control field.
func (q *Dot11QoS) HeaderLen() int {
	if q.htc {
		return Dot11QoSLen + dot11HTCLen + len(q.Pad)
	}
	return Dot11QoSLen + len(q.Pad)
}

// HeaderLenIn includes the HT control field when the 802.11 header below
// has the order flag.
func (q *Dot11QoS) HeaderLenIn(p *packet.Packet, i int) int {
	if dot11Order(p.Layer(i - 1)) {
		return Dot11QoSLen + dot11HTCLen + len(q.Pad)
	}
	return Dot11QoSLen + len(q.Pad)
}

func dot11Order(l packet.Layer) bool {
	d, ok := l.(*Dot11)
	return ok && d.FCfield&Dot11FlagOrder != 0
}

func dot11Below(ctx *packet.DecodeContext) *Dot11 {
	if ctx == nil || ctx.Packet == nil || ctx.Packet.NumLayers() == 0 {
		return nil
	}
	d, _ := ctx.Packet.Layer(ctx.Packet.NumLayers() - 1).(*Dot11)
	return d
}

// DecodeFromBytes decodes the QoS control (and HT control); the body is
// LLC, an A-MSDU (kept Raw) or, in protected frames, a cipher header.
func (q *Dot11QoS) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	d := dot11Below(ctx)
	q.htc = d != nil && d.FCfield&Dot11FlagOrder != 0
	q.Pad = nil
	n := q.HeaderLen()
	if len(data) < n {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	if d != nil && len(data) > n && ctx.Packet.NumLayers() >= 2 {
		// the radiotap header is below the 802.11 header
		if r, ok := ctx.Packet.Layer(ctx.Packet.NumLayers() - 2).(*RadioTap); ok && r.Has(RadioTapFlags) && r.Flags&RadioTapFlagDataPad != 0 {
			p := min(padLen(d.HeaderLen()+n), len(data)-n)
			q.Pad = data[n : n+p]
		}
	}
	q.AMSDUPresent, q.AckPolicy, q.EOSP, q.TID = data[0]>>7, data[0]>>5&3, data[0]>>4&1, data[0]&15
	q.TXOP = data[1]
	q.HTC = 0
	if q.htc {
		q.HTC = binary.LittleEndian.Uint32(data[2:])
	}
	n += len(q.Pad)
	var next packet.LayerType
	switch {
	case d != nil && d.Protected():
		next = dot11CipherNext(data[n:])
	case q.AMSDUPresent != 0:
	case d != nil && d.Subtype.Value&4 != 0: // QoS null, CF-Poll: no body
	default:
		next = packet.NextLayer(Dot11QoSType, "llc", 0)
	}
	return packet.DecodeResult{HeaderLen: n, PayloadLen: -1, Next: next}, nil
}

// SerializeTo writes the QoS control (and the HT control when the header
// below has the order flag).
func (q *Dot11QoS) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[0] = (q.AMSDUPresent&1)<<7 | (q.AckPolicy&3)<<5 | (q.EOSP&1)<<4 | q.TID&15
	b[1] = q.TXOP
	off := Dot11QoSLen
	if len(b) >= Dot11QoSLen+dot11HTCLen+len(q.Pad) {
		binary.LittleEndian.PutUint32(b[2:], q.HTC)
		off += dot11HTCLen
	}
	copy(b[off:], q.Pad)
	return nil
}

func init() {
	packet.BindLinkTypeFunc(105, Dot11LinkLayer) // LINKTYPE_IEEE802_11
	packet.Bind(
		packet.BindingRule{Lower: Dot11Type, Upper: Dot11QoSType, Field: "type_subtype", Value: 0x2c},
		// data frames carry LLC (Scapy binds type=2, subtype 0 stays)
		packet.BindingRule{Lower: Dot11Type, Upper: LLCType, Field: "type_subtype", Value: 0x20},
		packet.BindingRule{Lower: Dot11Type, Upper: LLCType, Field: "type_subtype", Value: 0x21, DissectOnly: true},
		packet.BindingRule{Lower: Dot11Type, Upper: LLCType, Field: "type_subtype", Value: 0x22, DissectOnly: true},
		packet.BindingRule{Lower: Dot11Type, Upper: LLCType, Field: "type_subtype", Value: 0x23, DissectOnly: true},
		packet.BindingRule{Lower: Dot11QoSType, Upper: LLCType, Field: "llc", Value: 0},
	)
}
