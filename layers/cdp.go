package layers

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/checksum"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// Cisco Discovery Protocol, version 1 and 2, after LLC/SNAP with OUI
// 00:00:0c and type 0x2000, sent to 01:00:0c:cc:cc:cc:
//
//	+--------+--------+--------+--------+
//	|Version |  TTL   |    Checksum     |
//	+--------+--------+--------+--------+
//	|      Type       |     Length      |  TLVs: Length counts the
//	+--------+--------+--------+--------+  4-byte TLV header
//	|      Value ...                    |
//	+-----------------------------------+
//
// The checksum is the Internet checksum of the CDP PDU, except that an odd
// last byte is added as a sign-extended low byte with Cisco's off-by-one
// correction (as Scapy's CDPv2_HDR and real devices compute it).
const (
	cdpHdrLen = 4
	cdpTLVHdr = 4
)

// CDP TLV types (untyped constants).
const (
	CDPTLVDeviceID        = 0x0001
	CDPTLVAddresses       = 0x0002
	CDPTLVPortID          = 0x0003
	CDPTLVCapabilities    = 0x0004
	CDPTLVSoftwareVersion = 0x0005
	CDPTLVPlatform        = 0x0006
	CDPTLVIPPrefix        = 0x0007
	CDPTLVProtocolHello   = 0x0008
	CDPTLVVTPDomain       = 0x0009
	CDPTLVNativeVLAN      = 0x000a
	CDPTLVDuplex          = 0x000b
	CDPTLVVoIPVLANReply   = 0x000e
	CDPTLVVoIPVLANQuery   = 0x000f
	CDPTLVPower           = 0x0010
	CDPTLVMTU             = 0x0011
	CDPTLVTrustBitmap     = 0x0012
	CDPTLVUntrustedCoS    = 0x0013
	CDPTLVSystemName      = 0x0014
	CDPTLVSystemOID       = 0x0015
	CDPTLVMgmtAddress     = 0x0016
	CDPTLVLocation        = 0x0017

	// CDPMulticast is the destination of CDP frames.
	CDPMulticast = "01:00:0c:cc:cc:cc"
)

// CDP capability bits.
const (
	CDPCapRouter            = 0x01
	CDPCapTransparentBridge = 0x02
	CDPCapSourceRouteBridge = 0x04
	CDPCapSwitch            = 0x08
	CDPCapHost              = 0x10
	CDPCapIGMP              = 0x20
	CDPCapRepeater          = 0x40
)

// CDPTLVNames names TLV types as Scapy's _cdp_tlv_types.
var CDPTLVNames = map[uint64]string{
	0x01: "Device ID", 0x02: "Addresses", 0x03: "Port ID", 0x04: "Capabilities",
	0x05: "Software Version", 0x06: "Platform", 0x07: "IP Prefix", 0x08: "Protocol Hello",
	0x09: "VTP Management Domain", 0x0a: "Native VLAN", 0x0b: "Duplex", 0x0e: "VoIP VLAN Reply",
	0x0f: "VoIP VLAN Query", 0x10: "Power", 0x11: "MTU", 0x12: "Trust Bitmap",
	0x13: "Untrusted Port CoS", 0x14: "System Name", 0x15: "System OID",
	0x16: "Management Address", 0x17: "Location", 0x1a: "Power Available",
}

var cdpCapNames = []string{"Router", "TransparentBridge", "SourceRouteBridge", "Switch", "Host", "IGMPCapable", "Repeater"}

// CDPTLV is one TLV: type, length (0 when building: 4 plus the value's
// length) and value as on the wire.
type CDPTLV struct {
	Type   uint16
	Length uint16
	Value  []byte
}

func (t CDPTLV) wireLen() int { return cdpTLVHdr + len(t.Value) }

// CDP is a CDP PDU (Scapy's CDPv2_HDR: vers, ttl, cksum, msg): its TLVs
// are records of one list.
type CDP struct {
	Version  uint8
	TTL      uint8
	Checksum fields.Opt[uint16]
	TLVs     []CDPTLV
}

var cdpProto = &packet.Proto{
	Name: "CDPv2_HDR", Aliases: []string{"CDP"},
	Doc: "Cisco Discovery Protocol v1/v2 (SNAP 00:00:0c type 0x2000): TLVs as records, Cisco checksum",
	New: func() packet.Layer { return NewCDP() },
	Fields: []fields.Field{
		fields.ByteField("vers", 2, func(c *CDP) *uint8 { return &c.Version }),
		fields.ByteField("ttl", 180, func(c *CDP) *uint8 { return &c.TTL }),
		fields.AutoUintField("cksum", 16, func(c *CDP) *fields.Opt[uint16] { return &c.Checksum }).WithHex(),
		fields.ListField("msg", func(c *CDP) any { return c.TLVs }, setCDPTLVs, formatCDPTLVs, jsonCDPTLVs),
	},
	PostBuild: cdpPostBuild,
}

// CDPType is the registered type of CDP.
var CDPType = packet.Register(cdpProto)

// NewCDP returns a CDP PDU with Scapy's defaults: version 2, TTL 180.
func NewCDP() *CDP { return &CDP{Version: 2, TTL: 180} }

func (c *CDP) Proto() *packet.Proto         { return cdpProto }
func (c *CDP) Get(name string) (any, error) { return packet.GetField(c, name) }
func (c *CDP) Set(name string, v any) error { return packet.SetField(c, name, v) }
func (c *CDP) Show() string                 { return packet.ShowLayer(c) }

// Title is Scapy's class name.
func (c *CDP) Title() string { return "Cisco Discovery Protocol version 2" }

// Summary is "CDPv2 device-id port-id".
func (c *CDP) Summary() string { return c.SummaryIn(nil, 0) }

// SummaryIn implements packet.ContextSummarizer.
func (c *CDP) SummaryIn(*packet.Packet, int) string {
	s := "CDPv" + strconv.Itoa(int(c.Version))
	if id, ok := c.DeviceID(); ok {
		s += " " + id
	}
	if p, ok := c.PortID(); ok {
		s += " " + p
	}
	return s
}

// HeaderLen is the length of the PDU.
func (c *CDP) HeaderLen() int {
	n := cdpHdrLen
	for i := range c.TLVs {
		n += c.TLVs[i].wireLen()
	}
	return n
}

// DecodeFromBytes decodes the header and the TLVs, which fill the PDU.
func (c *CDP) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < cdpHdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	c.Version, c.TTL = data[0], data[1]
	c.Checksum = fields.Some(be16(data[2:]))
	c.TLVs = c.TLVs[:0]
	rest := data[cdpHdrLen:]
	for len(rest) > 0 {
		if len(rest) < cdpTLVHdr {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		l := int(be16(rest[2:]))
		if l < cdpTLVHdr {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		if l > len(rest) {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		c.TLVs = append(c.TLVs, CDPTLV{Type: be16(rest), Length: uint16(l), Value: rest[cdpTLVHdr:l:l]})
		rest = rest[l:]
	}
	return packet.DecodeResult{HeaderLen: len(data), PayloadLen: -1}, nil
}

// SerializeTo writes the PDU; TLV lengths of 0 are computed, the
// checksum comes from the hook.
func (c *CDP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[0], b[1] = c.Version, c.TTL
	put16(b[2:], c.Checksum.Value)
	off := cdpHdrLen
	for _, t := range c.TLVs {
		n := t.wireLen()
		if n > 0xffff {
			return fmt.Errorf("%w: cdp tlv of %d bytes", fields.ErrBadValue, n)
		}
		put16(b[off:], t.Type)
		l := t.Length
		if l == 0 {
			l = uint16(n)
		}
		put16(b[off+2:], l)
		copy(b[off+cdpTLVHdr:], t.Value)
		off += n
	}
	return nil
}

func cdpPostBuild(hdr []byte, l packet.Layer, _ *packet.BuildContext) error {
	c := l.(*CDP)
	if !c.Checksum.Valid {
		put16(hdr[2:], 0)
		put16(hdr[2:], CDPChecksum(hdr))
	}
	return nil
}

// CDPChecksum computes the CDP checksum of a PDU (its checksum field
// zero): the Internet checksum, where an odd last byte b is added as the
// word 0x00bb when b <= 0x80 and as 0xff(b-1) otherwise.
func CDPChecksum(pdu []byte) uint16 {
	if len(pdu)%2 == 0 {
		return checksum.Checksum(pdu, 0)
	}
	n := len(pdu) - 1
	last := pdu[n]
	w := uint64(last)
	if last > 0x80 {
		w = 0xff00 | uint64(last-1)
	}
	return checksum.Checksum(pdu[:n], w)
}

// TLV returns the value of the first TLV of that type.
func (c *CDP) TLV(typ uint16) ([]byte, bool) {
	for i := range c.TLVs {
		if c.TLVs[i].Type == typ {
			return c.TLVs[i].Value, true
		}
	}
	return nil, false
}

func (c *CDP) text(typ uint16) (string, bool) {
	v, ok := c.TLV(typ)
	return string(v), ok
}

// DeviceID, PortID, SoftwareVersion, Platform, VTPDomain and SystemName
// return the text TLVs.
func (c *CDP) DeviceID() (string, bool)        { return c.text(CDPTLVDeviceID) }
func (c *CDP) PortID() (string, bool)          { return c.text(CDPTLVPortID) }
func (c *CDP) SoftwareVersion() (string, bool) { return c.text(CDPTLVSoftwareVersion) }
func (c *CDP) Platform() (string, bool)        { return c.text(CDPTLVPlatform) }
func (c *CDP) VTPDomain() (string, bool)       { return c.text(CDPTLVVTPDomain) }
func (c *CDP) SystemName() (string, bool)      { return c.text(CDPTLVSystemName) }

func (c *CDP) u16(typ uint16) (uint16, bool) {
	v, ok := c.TLV(typ)
	if !ok || len(v) != 2 {
		return 0, false
	}
	return be16(v), true
}

// Capabilities returns the capability bits (CDPCapRouter, ...).
func (c *CDP) Capabilities() (uint32, bool) {
	v, ok := c.TLV(CDPTLVCapabilities)
	if !ok || len(v) != 4 {
		return 0, false
	}
	return be32(v), true
}

// NativeVLAN, MTU and Power (milliwatts) return the 16-bit TLVs.
func (c *CDP) NativeVLAN() (uint16, bool) { return c.u16(CDPTLVNativeVLAN) }
func (c *CDP) MTU() (uint16, bool)        { return c.u16(CDPTLVMTU) }
func (c *CDP) Power() (uint16, bool)      { return c.u16(CDPTLVPower) }

// Duplex returns the duplex TLV: true for full duplex.
func (c *CDP) Duplex() (full, ok bool) {
	v, ok := c.TLV(CDPTLVDuplex)
	if !ok || len(v) != 1 {
		return false, false
	}
	return v[0] == 1, true
}

// CDPAddress is one address record: protocol type (1 NLPID, 2 802.2),
// protocol bytes and address bytes.
type CDPAddress struct {
	ProtoType uint8
	Proto     []byte
	Addr      []byte
}

var (
	cdpProtoIP   = []byte{0xcc}
	cdpProtoIPv6 = []byte{0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x86, 0xdd}
)

// IP returns the record's address when it is IPv4 or IPv6.
func (a CDPAddress) IP() (netip.Addr, bool) {
	switch {
	case a.ProtoType == 1 && string(a.Proto) == string(cdpProtoIP) && len(a.Addr) == 4:
		return netip.AddrFrom4([4]byte(a.Addr)), true
	case a.ProtoType == 2 && string(a.Proto) == string(cdpProtoIPv6) && len(a.Addr) == 16:
		return netip.AddrFrom16([16]byte(a.Addr)), true
	}
	return netip.Addr{}, false
}

// ParseCDPAddresses reads the value of an Addresses or Management
// Address TLV: a 32-bit count and the records.
func ParseCDPAddresses(v []byte) ([]CDPAddress, error) {
	if len(v) < 4 {
		return nil, packet.ErrTruncated
	}
	n := be32(v)
	v = v[4:]
	var out []CDPAddress
	for i := uint32(0); i < n; i++ {
		if len(v) < 2 || len(v) < 2+int(v[1])+2 {
			return out, packet.ErrTruncated
		}
		pl := int(v[1])
		al := int(be16(v[2+pl:]))
		if len(v) < 4+pl+al {
			return out, packet.ErrTruncated
		}
		out = append(out, CDPAddress{ProtoType: v[0], Proto: v[2 : 2+pl], Addr: v[4+pl : 4+pl+al]})
		v = v[4+pl+al:]
	}
	return out, nil
}

// Addresses returns the addresses of the Addresses TLV.
func (c *CDP) Addresses() []netip.Addr { return c.addrs(CDPTLVAddresses) }

// MgmtAddresses returns the addresses of the Management Address TLV.
func (c *CDP) MgmtAddresses() []netip.Addr { return c.addrs(CDPTLVMgmtAddress) }

func (c *CDP) addrs(typ uint16) []netip.Addr {
	v, ok := c.TLV(typ)
	if !ok {
		return nil
	}
	recs, _ := ParseCDPAddresses(v)
	var out []netip.Addr
	for _, r := range recs {
		if a, ok := r.IP(); ok {
			out = append(out, a)
		}
	}
	return out
}

// CDPText returns a TLV holding text (device ID, port ID, software
// version, platform, VTP domain, system name).
func CDPText(typ uint16, s string) CDPTLV { return CDPTLV{Type: typ, Value: []byte(s)} }

// CDPCapabilitiesTLV returns a Capabilities TLV.
func CDPCapabilitiesTLV(caps uint32) CDPTLV {
	v := make([]byte, 4)
	put32(v, caps)
	return CDPTLV{Type: CDPTLVCapabilities, Value: v}
}

// CDPUint16TLV returns a TLV of a 16-bit value (native VLAN, MTU, power).
func CDPUint16TLV(typ, v uint16) CDPTLV {
	b := make([]byte, 2)
	put16(b, v)
	return CDPTLV{Type: typ, Value: b}
}

// CDPDuplexTLV returns a Duplex TLV.
func CDPDuplexTLV(full bool) CDPTLV {
	v := byte(0)
	if full {
		v = 1
	}
	return CDPTLV{Type: CDPTLVDuplex, Value: []byte{v}}
}

// CDPAddressesTLV returns an Addresses (or Management Address, with typ
// CDPTLVMgmtAddress) TLV of IPv4 and IPv6 addresses.
func CDPAddressesTLV(typ uint16, addrs ...netip.Addr) CDPTLV {
	v := make([]byte, 4, 4+len(addrs)*26)
	put32(v, uint32(len(addrs)))
	for _, a := range addrs {
		if a.Is4() || a.Is4In6() {
			b := a.Unmap().As4()
			v = append(v, 1, 1, 0xcc, 0, 4)
			v = append(v, b[:]...)
		} else {
			b := a.As16()
			v = append(v, 2, 8)
			v = append(v, cdpProtoIPv6...)
			v = append(v, 0, 16)
			v = append(v, b[:]...)
		}
	}
	return CDPTLV{Type: typ, Value: v}
}

func cdpTLVText(t CDPTLV) string {
	name := CDPTLVNames[uint64(t.Type)]
	if name == "" {
		name = fmt.Sprintf("type %#04x", t.Type)
	}
	var val string
	switch t.Type {
	case CDPTLVDeviceID, CDPTLVPortID, CDPTLVSoftwareVersion, CDPTLVPlatform, CDPTLVVTPDomain, CDPTLVSystemName, CDPTLVLocation:
		val = strconv.Quote(string(t.Value))
	case CDPTLVCapabilities:
		if len(t.Value) == 4 {
			val = fields.FormatFlags(uint64(be32(t.Value)), cdpCapNames)
		}
	case CDPTLVNativeVLAN, CDPTLVMTU, CDPTLVPower:
		if len(t.Value) == 2 {
			val = strconv.Itoa(int(be16(t.Value)))
		}
	case CDPTLVDuplex:
		if len(t.Value) == 1 {
			val = map[bool]string{true: "Full", false: "Half"}[t.Value[0] == 1]
		}
	case CDPTLVAddresses, CDPTLVMgmtAddress:
		if recs, err := ParseCDPAddresses(t.Value); err == nil {
			parts := make([]string, 0, len(recs))
			for _, r := range recs {
				if a, ok := r.IP(); ok {
					parts = append(parts, a.String())
				} else {
					parts = append(parts, fmt.Sprintf("%x:%x", r.Proto, r.Addr))
				}
			}
			val = "[" + strings.Join(parts, ", ") + "]"
		}
	}
	if val == "" {
		val = fields.ReprBytes(t.Value)
	}
	return name + "=" + val
}

func formatCDPTLVs(c *CDP) string {
	parts := make([]string, len(c.TLVs))
	for i, t := range c.TLVs {
		parts[i] = cdpTLVText(t)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonCDPTLVs(c *CDP) any {
	out := make([]map[string]any, len(c.TLVs))
	for i, t := range c.TLVs {
		out[i] = map[string]any{"type": t.Type, "len": t.Length, "value": fmt.Sprintf("%x", t.Value)}
	}
	return out
}

func setCDPTLVs(c *CDP, v any) error {
	switch x := v.(type) {
	case []CDPTLV:
		c.TLVs = x
	case CDPTLV:
		c.TLVs = []CDPTLV{x}
	default:
		return fmt.Errorf("%w: cdp tlvs from %T (want []layers.CDPTLV)", fields.ErrBadValue, v)
	}
	return nil
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: SNAPType, Upper: CDPType, Field: "code", Value: SNAPCodeCDP},
		packet.BindingRule{Lower: SNAPType, Upper: CDPType, Field: "OUI", Value: SNAPOUICisco},
		// Cisco sends CDP over GRE tunnels with protocol type 0x2000.
		packet.BindingRule{Lower: GREType, Upper: CDPType, Field: "proto", Value: SNAPCodeCDP},
	)
}
