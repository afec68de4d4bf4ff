package layers

import (
	"crypto/hmac"
	"crypto/md5"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// RADIUS packet (RFC 2865 section 3, RFC 2866, RFC 5176):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|     Code      |  Identifier   |            Length             |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                         Authenticator (16)                    |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Attributes: Type (1), Length (1, header included), Value ...
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-
//
// A Vendor-Specific attribute (26) holds a 32-bit vendor ID and, in the
// usual format, sub-attributes of vendor type, length and value.
const (
	radiusCode   = 0
	radiusID     = 1
	radiusLength = 2
	radiusAuth   = 4
	// RadiusHdrLen is the length of the fixed header.
	RadiusHdrLen = 20
	// RadiusMaxLen is the largest packet RFC 2865 allows.
	RadiusMaxLen = 4096
)

// RADIUS codes and ports (untyped constants).
const (
	RadiusAccessRequest      = 1
	RadiusAccessAccept       = 2
	RadiusAccessReject       = 3
	RadiusAccountingRequest  = 4
	RadiusAccountingResponse = 5
	RadiusAccessChallenge    = 11
	RadiusStatusServer       = 12
	RadiusStatusClient       = 13
	RadiusDisconnectRequest  = 40
	RadiusDisconnectACK      = 41
	RadiusDisconnectNAK      = 42
	RadiusCoARequest         = 43
	RadiusCoAACK             = 44
	RadiusCoANAK             = 45

	RadiusAuthPort    = 1812
	RadiusAcctPort    = 1813
	RadiusOldAuthPort = 1645
	RadiusOldAcctPort = 1646
	RadiusDynAuthPort = 3799
)

// RADIUS attribute types (untyped constants; the IANA registry has the
// rest, named in RadiusAttributeNames).
const (
	RadiusAttrUserName             = 1
	RadiusAttrUserPassword         = 2
	RadiusAttrCHAPPassword         = 3
	RadiusAttrNASIPAddress         = 4
	RadiusAttrNASPort              = 5
	RadiusAttrServiceType          = 6
	RadiusAttrFramedProtocol       = 7
	RadiusAttrFramedIPAddress      = 8
	RadiusAttrReplyMessage         = 18
	RadiusAttrState                = 24
	RadiusAttrClass                = 25
	RadiusAttrVendorSpecific       = 26
	RadiusAttrSessionTimeout       = 27
	RadiusAttrCalledStationID      = 30
	RadiusAttrCallingStationID     = 31
	RadiusAttrNASIdentifier        = 32
	RadiusAttrProxyState           = 33
	RadiusAttrAcctStatusType       = 40
	RadiusAttrAcctSessionID        = 44
	RadiusAttrEventTimestamp       = 55
	RadiusAttrNASPortType          = 61
	RadiusAttrEAPMessage           = 79
	RadiusAttrMessageAuthenticator = 80
	RadiusAttrNASIPv6Address       = 95
	RadiusAttrErrorCause           = 101
)

// RadiusCodeNames names the codes as Scapy does.
var RadiusCodeNames = map[uint64]string{
	1: "Access-Request", 2: "Access-Accept", 3: "Access-Reject", 4: "Accounting-Request",
	5: "Accounting-Response", 6: "Accounting-Status (now Interim Accounting)", 7: "Password-Request",
	8: "Password-Ack", 9: "Password-Reject", 10: "Accounting-Message", 11: "Access-Challenge",
	12: "Status-Server (experimental)", 13: "Status-Client (experimental)", 21: "Resource-Free-Request",
	22: "Resource-Free-Response", 23: "Resource-Query-Request", 24: "Resource-Query-Response",
	25: "Alternate-Resource-Reclaim-Request", 26: "NAS-Reboot-Request", 27: "NAS-Reboot-Response",
	28: "Reserved", 29: "Next-Passcode", 30: "New-Pin", 31: "Terminate-Session", 32: "Password-Expired",
	33: "Event-Request", 34: "Event-Response", 40: "Disconnect-Request", 41: "Disconnect-ACK",
	42: "Disconnect-NAK", 43: "CoA-Request", 44: "CoA-ACK", 45: "CoA-NAK", 50: "IP-Address-Allocate",
	51: "IP-Address-Release", 52: "Protocol-Error", 250: "Experimental Use", 251: "Experimental Use",
	252: "Experimental Use", 253: "Experimental Use", 254: "Reserved", 255: "Reserved",
}

// RadiusAttributeNames names attribute types (IANA radius-types).
var RadiusAttributeNames = map[uint64]string{
	1: "User-Name", 2: "User-Password", 3: "CHAP-Password", 4: "NAS-IP-Address", 5: "NAS-Port",
	6: "Service-Type", 7: "Framed-Protocol", 8: "Framed-IP-Address", 9: "Framed-IP-Netmask",
	10: "Framed-Routing", 11: "Filter-Id", 12: "Framed-MTU", 13: "Framed-Compression", 14: "Login-IP-Host",
	15: "Login-Service", 16: "Login-TCP-Port", 18: "Reply-Message", 19: "Callback-Number", 20: "Callback-Id",
	22: "Framed-Route", 23: "Framed-IPX-Network", 24: "State", 25: "Class", 26: "Vendor-Specific",
	27: "Session-Timeout", 28: "Idle-Timeout", 29: "Termination-Action", 30: "Called-Station-Id",
	31: "Calling-Station-Id", 32: "NAS-Identifier", 33: "Proxy-State", 34: "Login-LAT-Service",
	35: "Login-LAT-Node", 36: "Login-LAT-Group", 37: "Framed-AppleTalk-Link", 38: "Framed-AppleTalk-Network",
	39: "Framed-AppleTalk-Zone", 40: "Acct-Status-Type", 41: "Acct-Delay-Time", 42: "Acct-Input-Octets",
	43: "Acct-Output-Octets", 44: "Acct-Session-Id", 45: "Acct-Authentic", 46: "Acct-Session-Time",
	47: "Acct-Input-Packets", 48: "Acct-Output-Packets", 49: "Acct-Terminate-Cause",
	50: "Acct-Multi-Session-Id", 51: "Acct-Link-Count", 52: "Acct-Input-Gigawords",
	53: "Acct-Output-Gigawords", 55: "Event-Timestamp", 56: "Egress-VLANID", 57: "Ingress-Filters",
	58: "Egress-VLAN-Name", 59: "User-Priority-Table", 60: "CHAP-Challenge", 61: "NAS-Port-Type",
	62: "Port-Limit", 63: "Login-LAT-Port", 64: "Tunnel-Type", 65: "Tunnel-Medium-Type",
	66: "Tunnel-Client-Endpoint", 67: "Tunnel-Server-Endpoint", 68: "Acct-Tunnel-Connection",
	69: "Tunnel-Password", 70: "ARAP-Password", 71: "ARAP-Features", 72: "ARAP-Zone-Access",
	73: "ARAP-Security", 74: "ARAP-Security-Data", 75: "Password-Retry", 76: "Prompt", 77: "Connect-Info",
	78: "Configuration-Token", 79: "EAP-Message", 80: "Message-Authenticator",
	81: "Tunnel-Private-Group-ID", 82: "Tunnel-Assignment-ID", 83: "Tunnel-Preference",
	84: "ARAP-Challenge-Response", 85: "Acct-Interim-Interval", 86: "Acct-Tunnel-Packets-Lost",
	87: "NAS-Port-Id", 88: "Framed-Pool", 89: "CUI", 90: "Tunnel-Client-Auth-ID",
	91: "Tunnel-Server-Auth-ID", 92: "NAS-Filter-Rule", 94: "Originating-Line-Info",
	95: "NAS-IPv6-Address", 96: "Framed-Interface-Id", 97: "Framed-IPv6-Prefix", 98: "Login-IPv6-Host",
	99: "Framed-IPv6-Route", 100: "Framed-IPv6-Pool", 101: "Error-Cause", 102: "EAP-Key-Name",
	123: "Delegated-IPv6-Prefix", 126: "Operator-Name", 168: "Framed-IPv6-Address",
	169: "DNS-Server-IPv6-Address",
}

// RadiusAttribute is one attribute: type, length (0 when building: 2
// plus the value's length) and value as on the wire (a Vendor-Specific
// value starts with the vendor ID).
type RadiusAttribute struct {
	Type  uint8
	Len   uint8
	Value []byte
}

// RadiusVSA is one vendor sub-attribute of a Vendor-Specific attribute.
type RadiusVSA struct {
	Type  uint8
	Len   uint8 // 0 when building: 2 plus the value's length
	Value []byte
}

// Radius is a RADIUS packet (Scapy's Radius: code, id, len, authenticator,
// attributes). The length is computed when unset; the authenticator is
// written as given (ResponseAuthenticator and MessageAuthenticator
// compute them from the shared secret).
type Radius struct {
	Code          uint8
	ID            uint8
	Len           fields.Opt[uint16]
	Authenticator [16]byte
	Attributes    []RadiusAttribute
}

var radiusProto = &packet.Proto{
	Name: "RADIUS",
	Doc:  "RADIUS (RFC 2865, 2866, 5176): attributes incl. vendor-specific; UDP 1812/1813, 1645/1646, 3799",
	New:  func() packet.Layer { return NewRadius() },
	Fields: []fields.Field{
		fields.EnumField("code", 8, uint8(1), RadiusCodeNames, func(r *Radius) *uint8 { return &r.Code }),
		fields.ByteField("id", 0, func(r *Radius) *uint8 { return &r.ID }),
		fields.AutoUintField("len", 16, func(r *Radius) *fields.Opt[uint16] { return &r.Len }),
		fields.ListField("authenticator", func(r *Radius) any { return r.Authenticator[:] }, setRadiusAuth,
			func(r *Radius) string { return fields.ReprBytes(r.Authenticator[:]) },
			func(r *Radius) any { return fmt.Sprintf("%x", r.Authenticator) }),
		fields.ListField("attributes", func(r *Radius) any { return r.Attributes }, setRadiusAttrs,
			formatRadiusAttrs, jsonRadiusAttrs),
	},
	PostBuild: radiusPostBuild,
}

// RadiusType is the registered type of RADIUS.
var RadiusType = packet.Register(radiusProto)

// NewRadius returns an Access-Request with Scapy's defaults (id 0, a zero
// authenticator, no attributes).
func NewRadius() *Radius { return &Radius{Code: RadiusAccessRequest} }

func (r *Radius) Proto() *packet.Proto         { return radiusProto }
func (r *Radius) Get(name string) (any, error) { return packet.GetField(r, name) }
func (r *Radius) Set(name string, v any) error { return packet.SetField(r, name, v) }
func (r *Radius) Show() string                 { return packet.ShowLayer(r) }

// Summary is "RADIUS Access-Request id 7".
func (r *Radius) Summary() string { return r.SummaryIn(nil, 0) }

// SummaryIn implements packet.ContextSummarizer.
func (r *Radius) SummaryIn(*packet.Packet, int) string {
	name := RadiusCodeNames[uint64(r.Code)]
	if name == "" {
		name = "code " + strconv.Itoa(int(r.Code))
	}
	return "RADIUS " + name + " id " + strconv.Itoa(int(r.ID))
}

// HeaderLen is the length of the packet.
func (r *Radius) HeaderLen() int {
	n := RadiusHdrLen
	for i := range r.Attributes {
		n += 2 + len(r.Attributes[i].Value)
	}
	return n
}

// DecodeFromBytes decodes the header and the attributes up to the
// length; bytes beyond it are Padding.
func (r *Radius) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < RadiusHdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	l := int(be16(data[radiusLength:]))
	if l < RadiusHdrLen {
		return packet.DecodeResult{}, notHeuristic(ctx)
	}
	if l > len(data) {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	r.Code, r.ID = data[radiusCode], data[radiusID]
	r.Len = fields.Some(uint16(l))
	copy(r.Authenticator[:], data[radiusAuth:])
	r.Attributes = r.Attributes[:0]
	rest := data[RadiusHdrLen:l]
	for len(rest) > 0 {
		if len(rest) < 2 {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		al := int(rest[1])
		if al < 2 || al > len(rest) {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		r.Attributes = append(r.Attributes, RadiusAttribute{Type: rest[0], Len: rest[1], Value: rest[2:al:al]})
		rest = rest[al:]
	}
	return packet.DecodeResult{HeaderLen: l, PayloadLen: 0}, nil
}

// SerializeTo writes the packet; attribute lengths of 0 are computed, the
// packet length comes from the hook.
func (r *Radius) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[radiusCode], b[radiusID] = r.Code, r.ID
	put16(b[radiusLength:], r.Len.Value)
	copy(b[radiusAuth:], r.Authenticator[:])
	off := RadiusHdrLen
	for _, a := range r.Attributes {
		n := 2 + len(a.Value)
		if n > 255 {
			return fmt.Errorf("%w: radius attribute %d of %d bytes (at most 255)", fields.ErrBadValue, a.Type, n)
		}
		b[off] = a.Type
		b[off+1] = a.Len
		if a.Len == 0 {
			b[off+1] = byte(n)
		}
		copy(b[off+2:], a.Value)
		off += n
	}
	return nil
}

func radiusPostBuild(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
	r := l.(*Radius)
	if !r.Len.Valid {
		n := len(hdr) + len(ctx.Payload())
		if n > 0xffff {
			return fmt.Errorf("%w: radius packet of %d bytes", fields.ErrBadValue, n)
		}
		put16(hdr[radiusLength:], uint16(n))
	}
	return nil
}

// Attribute returns the value of the first attribute of that type.
func (r *Radius) Attribute(typ uint8) ([]byte, bool) {
	for i := range r.Attributes {
		if r.Attributes[i].Type == typ {
			return r.Attributes[i].Value, true
		}
	}
	return nil, false
}

// UserName returns the User-Name attribute.
func (r *Radius) UserName() (string, bool) {
	v, ok := r.Attribute(RadiusAttrUserName)
	return string(v), ok
}

// EAPMessage returns the EAP packet carried in the EAP-Message
// attributes, concatenated (RFC 3579 section 3.1).
func (r *Radius) EAPMessage() []byte {
	var out []byte
	for _, a := range r.Attributes {
		if a.Type == RadiusAttrEAPMessage {
			out = append(out, a.Value...)
		}
	}
	return out
}

// Uint32 returns the value of an integer attribute.
func (a RadiusAttribute) Uint32() (uint32, bool) {
	if len(a.Value) != 4 {
		return 0, false
	}
	return be32(a.Value), true
}

// Addr returns the value of an address attribute (IPv4 or IPv6).
func (a RadiusAttribute) Addr() (netip.Addr, bool) {
	return netip.AddrFromSlice(a.Value)
}

// VendorSpecific returns the vendor ID and sub-attributes of a
// Vendor-Specific attribute; ok is false when the value is not in the
// usual format (the sub-attributes must fill it).
func (a RadiusAttribute) VendorSpecific() (vendor uint32, subs []RadiusVSA, ok bool) {
	if a.Type != RadiusAttrVendorSpecific || len(a.Value) < 4 {
		return 0, nil, false
	}
	vendor = be32(a.Value)
	rest := a.Value[4:]
	for len(rest) > 0 {
		if len(rest) < 2 || rest[1] < 2 || int(rest[1]) > len(rest) {
			return vendor, subs, false
		}
		subs = append(subs, RadiusVSA{Type: rest[0], Len: rest[1], Value: rest[2:rest[1]:rest[1]]})
		rest = rest[rest[1]:]
	}
	return vendor, subs, true
}

// RadiusAttr returns an attribute of that type and value.
func RadiusAttr(typ uint8, value []byte) RadiusAttribute {
	return RadiusAttribute{Type: typ, Value: value}
}

// RadiusStringAttr returns a text attribute (User-Name, NAS-Identifier,
// Reply-Message, ...).
func RadiusStringAttr(typ uint8, s string) RadiusAttribute {
	return RadiusAttribute{Type: typ, Value: []byte(s)}
}

// RadiusUint32Attr returns an integer attribute (NAS-Port, Service-Type,
// Session-Timeout, ...).
func RadiusUint32Attr(typ uint8, v uint32) RadiusAttribute {
	b := make([]byte, 4)
	put32(b, v)
	return RadiusAttribute{Type: typ, Value: b}
}

// RadiusAddrAttr returns an address attribute (NAS-IP-Address,
// Framed-IP-Address, NAS-IPv6-Address).
func RadiusAddrAttr(typ uint8, a netip.Addr) RadiusAttribute {
	return RadiusAttribute{Type: typ, Value: a.Unmap().AsSlice()}
}

// RadiusVendorAttr returns a Vendor-Specific attribute of that vendor with
// the sub-attributes.
func RadiusVendorAttr(vendor uint32, subs ...RadiusVSA) RadiusAttribute {
	v := make([]byte, 4, 4+8*len(subs))
	put32(v, vendor)
	for _, s := range subs {
		l := s.Len
		if l == 0 {
			l = uint8(2 + len(s.Value))
		}
		v = append(v, s.Type, l)
		v = append(v, s.Value...)
	}
	return RadiusAttribute{Type: RadiusAttrVendorSpecific, Value: v}
}

// RadiusResponseAuthenticator computes the authenticator of a response
// (RFC 2865 section 3) or of an Accounting-Request (RFC 2866 section 3,
// with a zero request authenticator): MD5 of the packet with the request
// authenticator in place of its own, followed by the shared secret.
// packet is the RADIUS packet as built, its length field set.
func RadiusResponseAuthenticator(packet []byte, requestAuth [16]byte, secret []byte) ([16]byte, error) {
	if len(packet) < RadiusHdrLen {
		return [16]byte{}, fmt.Errorf("radius authenticator: %w: %d bytes", fields.ErrBadValue, len(packet))
	}
	h := md5.New()
	h.Write(packet[:radiusAuth])
	h.Write(requestAuth[:])
	h.Write(packet[RadiusHdrLen:])
	h.Write(secret)
	var out [16]byte
	h.Sum(out[:0])
	return out, nil
}

// RadiusMessageAuthenticator computes the Message-Authenticator attribute
// (RFC 3579 section 3.2): HMAC-MD5 keyed with the secret over the packet
// with the attribute's value zeroed and, for a response, the request
// authenticator in place of its own (requestAuth nil for a request).
func RadiusMessageAuthenticator(packet []byte, requestAuth []byte, secret []byte) ([16]byte, error) {
	var out [16]byte
	if len(packet) < RadiusHdrLen {
		return out, fmt.Errorf("radius message-authenticator: %w: %d bytes", fields.ErrBadValue, len(packet))
	}
	buf := append([]byte(nil), packet...)
	if requestAuth != nil {
		if len(requestAuth) != 16 {
			return out, fmt.Errorf("radius message-authenticator: %w: request authenticator of %d bytes", fields.ErrBadValue, len(requestAuth))
		}
		copy(buf[radiusAuth:], requestAuth)
	}
	found := false
	for off := RadiusHdrLen; off+2 <= len(buf); {
		l := int(buf[off+1])
		if l < 2 || off+l > len(buf) {
			break
		}
		if buf[off] == RadiusAttrMessageAuthenticator && l == 18 {
			clear(buf[off+2 : off+18])
			found = true
		}
		off += l
	}
	if !found {
		return out, fmt.Errorf("radius message-authenticator: %w: no Message-Authenticator attribute", fields.ErrBadValue)
	}
	m := hmac.New(md5.New, secret)
	m.Write(buf)
	m.Sum(out[:0])
	return out, nil
}

func setRadiusAuth(r *Radius, v any) error {
	var b []byte
	switch x := v.(type) {
	case []byte:
		b = x
	case [16]byte:
		b = x[:]
	case string:
		b = []byte(x)
	default:
		return fmt.Errorf("%w: authenticator from %T", fields.ErrBadValue, v)
	}
	if len(b) > 16 {
		return fmt.Errorf("%w: authenticator of %d bytes (16 at most)", fields.ErrBadValue, len(b))
	}
	r.Authenticator = [16]byte{}
	copy(r.Authenticator[:], b)
	return nil
}

func setRadiusAttrs(r *Radius, v any) error {
	switch x := v.(type) {
	case []RadiusAttribute:
		r.Attributes = x
	case RadiusAttribute:
		r.Attributes = []RadiusAttribute{x}
	default:
		return fmt.Errorf("%w: radius attributes from %T (want []layers.RadiusAttribute)", fields.ErrBadValue, v)
	}
	return nil
}

// radiusTextAttrs are the attributes whose values Show prints as text.
var radiusTextAttrs = map[uint8]bool{
	1: true, 11: true, 18: true, 19: true, 20: true, 22: true, 30: true, 31: true, 32: true,
	34: true, 35: true, 36: true, 39: true, 44: true, 50: true, 77: true, 87: true, 88: true,
}

func (a RadiusAttribute) text() string {
	name := RadiusAttributeNames[uint64(a.Type)]
	if name == "" {
		name = "type " + strconv.Itoa(int(a.Type))
	}
	var val string
	switch {
	case radiusTextAttrs[a.Type]:
		val = strconv.Quote(string(a.Value))
	case a.Type == RadiusAttrNASIPAddress || a.Type == RadiusAttrFramedIPAddress || a.Type == RadiusAttrNASIPv6Address:
		if ad, ok := a.Addr(); ok {
			val = ad.String()
		}
	case a.Type == RadiusAttrVendorSpecific:
		if vendor, subs, ok := a.VendorSpecific(); ok {
			parts := make([]string, len(subs))
			for i, s := range subs {
				parts[i] = fmt.Sprintf("vendor_type=%d value=%s", s.Type, fields.ReprBytes(s.Value))
			}
			val = fmt.Sprintf("vendor_id=%d [%s]", vendor, strings.Join(parts, ", "))
		}
	case len(a.Value) == 4 && a.Type != RadiusAttrUserPassword:
		val = strconv.FormatUint(uint64(be32(a.Value)), 10)
	}
	if val == "" {
		val = fields.ReprBytes(a.Value)
	}
	return name + "=" + val
}

func formatRadiusAttrs(r *Radius) string {
	parts := make([]string, len(r.Attributes))
	for i, a := range r.Attributes {
		parts[i] = a.text()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonRadiusAttrs(r *Radius) any {
	out := make([]map[string]any, len(r.Attributes))
	for i, a := range r.Attributes {
		o := map[string]any{"type": a.Type, "len": a.Len, "value": fmt.Sprintf("%x", a.Value)}
		if vendor, subs, ok := a.VendorSpecific(); ok {
			o["vendor_id"] = vendor
			vs := make([]map[string]any, len(subs))
			for j, s := range subs {
				vs[j] = map[string]any{"vendor_type": s.Type, "vendor_len": s.Len, "value": fmt.Sprintf("%x", s.Value)}
			}
			o["vendor_attributes"] = vs
		}
		out[i] = o
	}
	return out
}

func init() {
	var rules []packet.BindingRule
	for _, port := range []uint64{RadiusAuthPort, RadiusAcctPort, RadiusOldAuthPort, RadiusOldAcctPort, RadiusDynAuthPort} {
		rules = append(rules,
			packet.BindingRule{Lower: UDPType, Upper: RadiusType, Field: "dport", Value: port, DissectOnly: true},
			packet.BindingRule{Lower: UDPType, Upper: RadiusType, Field: "sport", Value: port, DissectOnly: true})
	}
	packet.Bind(rules...)
}
