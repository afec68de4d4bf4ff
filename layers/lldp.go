package layers

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// LLDPDU (IEEE 802.1AB-2016 section 8): a sequence of TLVs, each with a
// 7-bit type and a 9-bit length, ended by the End Of LLDPDU TLV:
//
//	 0                   1
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 ...
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- ... -+
//	|  TLV type   |  TLV length     |  value     |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- ... -+
//
// The TLVs of the first frame are Chassis ID, Port ID and Time To Live
// (mandatory), optional TLVs, then End Of LLDPDU (type 0, length 0).
// Organisation-specific TLVs (type 127) start with a 3-byte OUI and a
// subtype.
//
// One LLDP layer holds the whole LLDPDU: its TLVs are records in a list,
// each kept as type, length and value, so every frame re-encodes byte for
// byte; typed helpers read and build the values. Bytes after the End TLV
// are Padding.
const (
	lldpTLVHdr = 2
	// LLDPMaxTLVLen is the largest TLV value (9 bits).
	LLDPMaxTLVLen = 511
)

// LLDP TLV types (untyped constants).
const (
	LLDPTLVEnd               = 0
	LLDPTLVChassisID         = 1
	LLDPTLVPortID            = 2
	LLDPTLVTTL               = 3
	LLDPTLVPortDescription   = 4
	LLDPTLVSystemName        = 5
	LLDPTLVSystemDescription = 6
	LLDPTLVSystemCaps        = 7
	LLDPTLVManagementAddress = 8
	LLDPTLVOrgSpecific       = 127
)

// Chassis ID subtypes (802.1AB table 8-2).
const (
	LLDPChassisChassisComponent = 1
	LLDPChassisInterfaceAlias   = 2
	LLDPChassisPortComponent    = 3
	LLDPChassisMAC              = 4
	LLDPChassisNetworkAddress   = 5
	LLDPChassisInterfaceName    = 6
	LLDPChassisLocal            = 7
)

// Port ID subtypes (802.1AB table 8-3).
const (
	LLDPPortInterfaceAlias = 1
	LLDPPortPortComponent  = 2
	LLDPPortMAC            = 3
	LLDPPortNetworkAddress = 4
	LLDPPortInterfaceName  = 5
	LLDPPortAgentCircuitID = 6
	LLDPPortLocal          = 7
)

// System capability bits (802.1AB table 8-4).
const (
	LLDPCapOther           = 0x0001
	LLDPCapRepeater        = 0x0002
	LLDPCapBridge          = 0x0004
	LLDPCapWLANAccessPoint = 0x0008
	LLDPCapRouter          = 0x0010
	LLDPCapTelephone       = 0x0020
	LLDPCapDOCSIS          = 0x0040
	LLDPCapStationOnly     = 0x0080
	LLDPCapCVLAN           = 0x0100
	LLDPCapSVLAN           = 0x0200
	LLDPCapTwoPortMACRelay = 0x0400
)

// LLDPMulticast is the nearest-bridge group address LLDP frames go to.
const LLDPMulticast = "01:80:c2:00:00:0e"

// LLDPTLVNames names the TLV types as Scapy's LLDPDU.TYPES does.
var LLDPTLVNames = map[uint64]string{
	0: "end of LLDPDU", 1: "chassis id", 2: "port id", 3: "time to live", 4: "port description",
	5: "system name", 6: "system description", 7: "system capabilities", 8: "management address",
	127: "organisation specific TLV",
}

var lldpChassisSubtypes = map[uint8]string{
	0: "reserved", 1: "chassis component", 2: "interface alias", 3: "port component",
	4: "MAC address", 5: "network address", 6: "interface name", 7: "locally assigned",
}

var lldpPortSubtypes = map[uint8]string{
	0: "reserved", 1: "interface alias", 2: "port component", 3: "MAC address",
	4: "network address", 5: "interface name", 6: "agent circuit ID", 7: "locally assigned",
}

// LLDPTLV is one TLV: type (7 bits), length (9 bits; unset: the length of
// Value) and the value, kept as on the wire (for an organisation-specific
// TLV, OUI and subtype included).
type LLDPTLV struct {
	Type   uint8
	Length fields.Opt[uint16]
	Value  []byte
}

func (t LLDPTLV) wireLen() int { return lldpTLVHdr + len(t.Value) }

// LLDPChassisID returns a Chassis ID TLV with the given subtype and id.
func LLDPChassisID(subtype uint8, id []byte) LLDPTLV {
	return LLDPTLV{Type: LLDPTLVChassisID, Value: append([]byte{subtype}, id...)}
}

// LLDPPortID returns a Port ID TLV with the given subtype and id.
func LLDPPortID(subtype uint8, id []byte) LLDPTLV {
	return LLDPTLV{Type: LLDPTLVPortID, Value: append([]byte{subtype}, id...)}
}

// LLDPTTL returns a Time To Live TLV (seconds).
func LLDPTTL(ttl uint16) LLDPTLV {
	return LLDPTLV{Type: LLDPTLVTTL, Value: []byte{byte(ttl >> 8), byte(ttl)}}
}

// LLDPText returns a text TLV: port description, system name or system
// description.
func LLDPText(typ uint8, s string) LLDPTLV { return LLDPTLV{Type: typ, Value: []byte(s)} }

// LLDPSystemCapabilities returns a System Capabilities TLV.
func LLDPSystemCapabilities(available, enabled uint16) LLDPTLV {
	return LLDPTLV{Type: LLDPTLVSystemCaps, Value: []byte{byte(available >> 8), byte(available), byte(enabled >> 8), byte(enabled)}}
}

// LLDPManagementAddress returns a Management Address TLV for an IPv4 or
// IPv6 address, with an interface number (numbering subtype 2, ifIndex)
// and an empty OID.
func LLDPManagementAddress(addr netip.Addr, ifNumber uint32) LLDPTLV {
	a := addr.AsSlice()
	family := byte(1)
	if addr.Is6() && !addr.Is4In6() {
		family = 2
	}
	v := make([]byte, 0, 2+len(a)+6)
	v = append(v, byte(1+len(a)), family)
	v = append(v, a...)
	v = append(v, 2, byte(ifNumber>>24), byte(ifNumber>>16), byte(ifNumber>>8), byte(ifNumber), 0)
	return LLDPTLV{Type: LLDPTLVManagementAddress, Value: v}
}

// LLDPOrgSpecific returns an organisation-specific TLV.
func LLDPOrgSpecific(oui uint32, subtype uint8, data []byte) LLDPTLV {
	v := append([]byte{byte(oui >> 16), byte(oui >> 8), byte(oui), subtype}, data...)
	return LLDPTLV{Type: LLDPTLVOrgSpecific, Value: v}
}

// LLDPEnd returns the End Of LLDPDU TLV.
func LLDPEnd() LLDPTLV { return LLDPTLV{Type: LLDPTLVEnd} }

// Subtype returns the first byte of a chassis ID, port ID or
// organisation-specific TLV's own data (after the OUI), 0 when absent.
func (t LLDPTLV) Subtype() uint8 {
	switch t.Type {
	case LLDPTLVOrgSpecific:
		if len(t.Value) >= 4 {
			return t.Value[3]
		}
	case LLDPTLVChassisID, LLDPTLVPortID:
		if len(t.Value) >= 1 {
			return t.Value[0]
		}
	}
	return 0
}

// ID returns the id of a chassis ID or port ID TLV (the value after the
// subtype).
func (t LLDPTLV) ID() []byte {
	if len(t.Value) < 1 {
		return nil
	}
	return t.Value[1:]
}

// OUI returns the organisation code of an organisation-specific TLV.
func (t LLDPTLV) OUI() uint32 {
	if len(t.Value) < 3 {
		return 0
	}
	return uint32(t.Value[0])<<16 | uint32(t.Value[1])<<8 | uint32(t.Value[2])
}

// OrgData returns the data of an organisation-specific TLV after OUI and
// subtype.
func (t LLDPTLV) OrgData() []byte {
	if len(t.Value) < 4 {
		return nil
	}
	return t.Value[4:]
}

// IDString formats a chassis or port id as tshark does: a MAC address, a
// network address, or text.
func (t LLDPTLV) IDString() string {
	id := t.ID()
	st := t.Subtype()
	mac := (t.Type == LLDPTLVChassisID && st == LLDPChassisMAC) || (t.Type == LLDPTLVPortID && st == LLDPPortMAC)
	net := (t.Type == LLDPTLVChassisID && st == LLDPChassisNetworkAddress) || (t.Type == LLDPTLVPortID && st == LLDPPortNetworkAddress)
	switch {
	case mac && len(id) == 6:
		var m fields.MAC
		copy(m[:], id)
		return m.String()
	case net && len(id) >= 1:
		if a, ok := netip.AddrFromSlice(id[1:]); ok {
			return a.String()
		}
	}
	return string(id)
}

// ManagementAddress returns the address of a management address TLV.
func (t LLDPTLV) ManagementAddress() (netip.Addr, bool) {
	if t.Type != LLDPTLVManagementAddress || len(t.Value) < 2 {
		return netip.Addr{}, false
	}
	n := int(t.Value[0])
	if n < 1 || 1+n > len(t.Value) {
		return netip.Addr{}, false
	}
	return netip.AddrFromSlice(t.Value[2 : 1+n])
}

// String is the record as Show prints it.
func (t LLDPTLV) String() string {
	var b strings.Builder
	name := LLDPTLVNames[uint64(t.Type)]
	if name == "" {
		name = "type " + strconv.Itoa(int(t.Type))
	}
	b.WriteString(name)
	b.WriteString("(")
	if t.Length.Valid {
		fmt.Fprintf(&b, "_length=%d, ", t.Length.Value)
	}
	switch t.Type {
	case LLDPTLVEnd:
	case LLDPTLVChassisID, LLDPTLVPortID:
		names := lldpChassisSubtypes
		if t.Type == LLDPTLVPortID {
			names = lldpPortSubtypes
		}
		st := t.Subtype()
		sn := names[st]
		if sn == "" {
			sn = strconv.Itoa(int(st))
		}
		fmt.Fprintf(&b, "subtype=%s, id=%s", sn, strconv.Quote(t.IDString()))
	case LLDPTLVTTL:
		if len(t.Value) == 2 {
			fmt.Fprintf(&b, "ttl=%d", be16(t.Value))
		} else {
			b.WriteString("value=" + fields.ReprBytes(t.Value))
		}
	case LLDPTLVPortDescription, LLDPTLVSystemDescription:
		b.WriteString("description=" + fields.ReprBytes(t.Value))
	case LLDPTLVSystemName:
		b.WriteString("system_name=" + fields.ReprBytes(t.Value))
	case LLDPTLVSystemCaps:
		if len(t.Value) == 4 {
			fmt.Fprintf(&b, "available=%#04x, enabled=%#04x", be16(t.Value), be16(t.Value[2:]))
		} else {
			b.WriteString("value=" + fields.ReprBytes(t.Value))
		}
	case LLDPTLVManagementAddress:
		if a, ok := t.ManagementAddress(); ok {
			b.WriteString("management_address=" + a.String() + ", ")
		}
		b.WriteString("value=" + fields.ReprBytes(t.Value))
	case LLDPTLVOrgSpecific:
		fmt.Fprintf(&b, "org_code=%#06x, subtype=%#x, data=%s", t.OUI(), t.Subtype(), fields.ReprBytes(t.OrgData()))
	default:
		b.WriteString("value=" + fields.ReprBytes(t.Value))
	}
	b.WriteString(")")
	return b.String()
}

// LLDP is one LLDPDU: its TLVs in order.
type LLDP struct {
	TLVs []LLDPTLV
}

var lldpProto = &packet.Proto{
	Name: "LLDPDU", Aliases: []string{"LLDP"},
	Doc: "LLDP (IEEE 802.1AB): the TLVs of one LLDPDU as records; EtherType 0x88cc",
	New: func() packet.Layer { return NewLLDP() },
	Fields: []fields.Field{
		fields.ListField("tlvs", func(l *LLDP) any { return l.TLVs }, setLLDPTLVs, formatLLDPTLVs, jsonLLDPTLVs),
	},
}

// LLDPType is the registered type of LLDP.
var LLDPType = packet.Register(lldpProto)

// NewLLDP returns an empty LLDPDU (add the TLVs; Scapy has no defaults for
// a whole LLDPDU).
func NewLLDP() *LLDP { return &LLDP{} }

func (l *LLDP) Proto() *packet.Proto         { return lldpProto }
func (l *LLDP) Get(name string) (any, error) { return packet.GetField(l, name) }
func (l *LLDP) Set(name string, v any) error { return packet.SetField(l, name, v) }
func (l *LLDP) Show() string                 { return packet.ShowLayer(l) }
func (l *LLDP) Summary() string              { return l.SummaryIn(nil, 0) }

// SummaryIn is "LLDP chassis CHASSIS port PORT ttl N".
func (l *LLDP) SummaryIn(*packet.Packet, int) string {
	s := "LLDP"
	if t := l.TLV(LLDPTLVChassisID); t != nil {
		s += " chassis " + t.IDString()
	}
	if t := l.TLV(LLDPTLVPortID); t != nil {
		s += " port " + t.IDString()
	}
	if ttl, ok := l.TTL(); ok {
		s += " ttl " + strconv.Itoa(int(ttl))
	}
	return s
}

// TLV returns the first TLV of the given type, nil when absent.
func (l *LLDP) TLV(typ uint8) *LLDPTLV {
	for i := range l.TLVs {
		if l.TLVs[i].Type == typ {
			return &l.TLVs[i]
		}
	}
	return nil
}

// TTL returns the time to live.
func (l *LLDP) TTL() (uint16, bool) {
	t := l.TLV(LLDPTLVTTL)
	if t == nil || len(t.Value) < 2 {
		return 0, false
	}
	return be16(t.Value), true
}

// SystemName returns the system name, "" when absent.
func (l *LLDP) SystemName() string {
	if t := l.TLV(LLDPTLVSystemName); t != nil {
		return string(t.Value)
	}
	return ""
}

// HeaderLen is the length of all TLVs.
func (l *LLDP) HeaderLen() int {
	n := 0
	for i := range l.TLVs {
		n += l.TLVs[i].wireLen()
	}
	return n
}

// DecodeFromBytes decodes the TLVs up to and including End Of LLDPDU (or
// the end of data); what follows is Padding. A TLV running past the data
// is ErrTruncated.
func (l *LLDP) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	l.TLVs = l.TLVs[:0]
	off := 0
	for off < len(data) {
		if len(data)-off < lldpTLVHdr {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		h := be16(data[off:])
		typ, n := uint8(h>>9), int(h&0x1ff)
		if off+lldpTLVHdr+n > len(data) {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		l.TLVs = append(l.TLVs, LLDPTLV{Type: typ, Length: fields.Some(uint16(n)),
			Value: data[off+lldpTLVHdr : off+lldpTLVHdr+n : off+lldpTLVHdr+n]})
		off += lldpTLVHdr + n
		if typ == LLDPTLVEnd {
			break
		}
	}
	if len(l.TLVs) == 0 {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	return packet.DecodeResult{HeaderLen: off, PayloadLen: 0}, nil
}

// SerializeTo writes the TLVs; an unset length is the value's.
func (l *LLDP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	off := 0
	for i := range l.TLVs {
		t := &l.TLVs[i]
		if t.Type > 127 {
			return fmt.Errorf("%w: lldp tlv type %d does not fit 7 bits", fields.ErrBadValue, t.Type)
		}
		n := t.Length.Or(uint16(len(t.Value)))
		if n > LLDPMaxTLVLen || len(t.Value) > LLDPMaxTLVLen {
			return fmt.Errorf("%w: lldp tlv length %d does not fit 9 bits", fields.ErrBadValue, max(int(n), len(t.Value)))
		}
		put16(b[off:], uint16(t.Type)<<9|n)
		copy(b[off+lldpTLVHdr:], t.Value)
		off += t.wireLen()
	}
	return nil
}

func formatLLDPTLVs(l *LLDP) string {
	parts := make([]string, len(l.TLVs))
	for i, t := range l.TLVs {
		parts[i] = t.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonLLDPTLVs(l *LLDP) any {
	out := make([]map[string]any, len(l.TLVs))
	for i, t := range l.TLVs {
		m := map[string]any{"type": t.Type, "len": t.Length.Or(uint16(len(t.Value))), "value": fmt.Sprintf("%x", t.Value)}
		switch t.Type {
		case LLDPTLVChassisID, LLDPTLVPortID:
			m["subtype"] = t.Subtype()
			m["id"] = t.IDString()
		case LLDPTLVTTL:
			if len(t.Value) == 2 {
				m["ttl"] = be16(t.Value)
			}
		case LLDPTLVOrgSpecific:
			m["org_code"] = t.OUI()
			m["subtype"] = t.Subtype()
		}
		out[i] = m
	}
	return out
}

func setLLDPTLVs(l *LLDP, v any) error {
	switch x := v.(type) {
	case []LLDPTLV:
		l.TLVs = x
	case LLDPTLV:
		l.TLVs = []LLDPTLV{x}
	default:
		return fmt.Errorf("%w: lldp tlvs from %T (want []layers.LLDPTLV)", fields.ErrBadValue, v)
	}
	return nil
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: EthernetType, Upper: LLDPType, Field: "type", Value: EtherTypeLLDP},
		packet.BindingRule{Lower: Dot1QType, Upper: LLDPType, Field: "type", Value: EtherTypeLLDP},
	)
}
