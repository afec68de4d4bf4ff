package layers

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/goscapy/goscapy/checksum"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// ICMP message (RFC 792):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|     Type      |     Code      |          Checksum             |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                 Rest of header, by type (below)               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|     Timestamps (13, 14) or address mask (17, 18) ...          |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|     Data: the quoted IP header (errors) or any bytes ...      |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Rest of header, with Scapy's field names:
//
//	echo, timestamp, information, address mask, domain name
//	(0, 8, 13-18, 37, 38):       id (16) | seq (16)
//	dest-unreach (3):            reserved (8) | length (8) | nexthopmtu (16)  (RFC 1191, 4884)
//	redirect (5):                gw (32)
//	time-exceeded (11):          reserved (8) | length (8) | unused (16)      (RFC 4884)
//	parameter-problem (12):      ptr (8) | length (8) | unused (16)           (RFC 4884)
//	any other type:              unused (32)
//
// then ts_ori, ts_rx, ts_tx (32 each; 13, 14), addr_mask (32; 17, 18,
// RFC 950) or unused (32; 37, 38). The header is 8 bytes, 20 for
// timestamps and 12 for address masks and domain names: Scapy's layout,
// which covers every byte, so each type re-encodes byte for byte.
const (
	icmpType  = 0
	icmpCode  = 1
	icmpCsum  = 2
	icmpRest  = 4
	icmpExtra = 8
	// ICMPHdrLen is the length of the header of most types.
	ICMPHdrLen = 8
)

// ICMP types (untyped constants: .Type(layers.ICMPEchoRequest) compiles).
const (
	ICMPEchoReply           = 0
	ICMPDestUnreach         = 3
	ICMPSourceQuench        = 4
	ICMPRedirect            = 5
	ICMPEchoRequest         = 8
	ICMPRouterAdvertisement = 9
	ICMPRouterSolicitation  = 10
	ICMPTimeExceeded        = 11
	ICMPParamProblem        = 12
	ICMPTimestampRequest    = 13
	ICMPTimestampReply      = 14
	ICMPInfoRequest         = 15
	ICMPInfoReply           = 16
	ICMPAddressMaskRequest  = 17
	ICMPAddressMaskReply    = 18
	ICMPTraceroute          = 30
	ICMPDomainNameRequest   = 37
	ICMPDomainNameReply     = 38
)

// ICMP codes of dest-unreach (3).
const (
	ICMPNetUnreachable          = 0
	ICMPHostUnreachable         = 1
	ICMPProtoUnreachable        = 2
	ICMPPortUnreachable         = 3
	ICMPFragmentationNeeded     = 4
	ICMPSourceRouteFailed       = 5
	ICMPNetUnknown              = 6
	ICMPHostUnknown             = 7
	ICMPHostIsolated            = 8
	ICMPNetProhibited           = 9
	ICMPHostProhibited          = 10
	ICMPTOSNetUnreachable       = 11
	ICMPTOSHostUnreachable      = 12
	ICMPCommProhibited          = 13
	ICMPHostPrecedenceViolation = 14
	ICMPPrecedenceCutoff        = 15
)

// ICMP codes of redirect (5), time-exceeded (11) and parameter-problem (12).
const (
	ICMPRedirectNet       = 0
	ICMPRedirectHost      = 1
	ICMPRedirectTOSNet    = 2
	ICMPRedirectTOSHost   = 3
	ICMPTTLExceeded       = 0 // ttl-zero-during-transit
	ICMPReassemblyTimeout = 1 // ttl-zero-during-reassembly
	ICMPParamPointer      = 0 // ip-header-bad: ptr shows the bad octet
	ICMPParamMissingOpt   = 1
	ICMPParamBadLength    = 2
)

// ICMPTypeNames names ICMP types as Scapy does.
var ICMPTypeNames = map[uint64]string{
	0: "echo-reply", 3: "dest-unreach", 4: "source-quench", 5: "redirect", 8: "echo-request",
	9: "router-advertisement", 10: "router-solicitation", 11: "time-exceeded",
	12: "parameter-problem", 13: "timestamp-request", 14: "timestamp-reply",
	15: "information-request", 16: "information-response", 17: "address-mask-request",
	18: "address-mask-reply", 30: "traceroute", 31: "datagram-conversion-error",
	32: "mobile-host-redirect", 33: "ipv6-where-are-you", 34: "ipv6-i-am-here",
	35: "mobile-registration-request", 36: "mobile-registration-reply",
	37: "domain-name-request", 38: "domain-name-reply", 39: "skip", 40: "photuris",
}

// ICMPCodeNames names the codes of each type as Scapy does.
var ICMPCodeNames = map[uint8]map[uint64]string{
	3: {0: "network-unreachable", 1: "host-unreachable", 2: "protocol-unreachable",
		3: "port-unreachable", 4: "fragmentation-needed", 5: "source-route-failed",
		6: "network-unknown", 7: "host-unknown", 9: "network-prohibited", 10: "host-prohibited",
		11: "TOS-network-unreachable", 12: "TOS-host-unreachable", 13: "communication-prohibited",
		14: "host-precedence-violation", 15: "precedence-cutoff"},
	5:  {0: "network-redirect", 1: "host-redirect", 2: "TOS-network-redirect", 3: "TOS-host-redirect"},
	11: {0: "ttl-zero-during-transit", 1: "ttl-zero-during-reassembly"},
	12: {0: "ip-header-bad", 1: "required-option-missing"},
	40: {0: "bad-spi", 1: "authentication-failed", 2: "decompression-failed",
		3: "decryption-failed", 4: "need-authentification", 5: "need-authorization"},
}

// ICMP is an ICMP (IPv4) message header. Which fields are on the wire
// depends on Type (see the layout above); the others are ignored when
// building and zero after decoding. Error messages (3, 4, 5, 11, 12) are
// followed by the quoted IP header, dissected as IP, TCP, UDP, ICMP
// layers that Packet.Quoted and GetLayer("IPerror") find; other types
// carry their data as Raw.
type ICMP struct {
	Type     uint8 // default ICMPEchoRequest
	Code     uint8
	Checksum fields.Opt[uint16] // over the whole message; unset: computed

	ID  uint16 // id: echo, timestamp, information, address mask
	Seq uint16 // seq

	// Timestamps (13, 14) in milliseconds since midnight UT; unset: the
	// time of building, as Scapy.
	TSOri, TSRx, TSTx fields.Opt[uint32]

	Gateway    netip.Addr // gw: redirect
	Pointer    uint8      // ptr: parameter-problem
	Reserved   uint8      // reserved: dest-unreach, time-exceeded
	Length     uint8      // length of the quoted datagram in words (RFC 4884)
	AddrMask   netip.Addr // addr_mask: address mask request/reply
	NextHopMTU uint16     // nexthopmtu: dest-unreach fragmentation-needed
	// Unused is 16 bits for time-exceeded and parameter-problem, 32 bits
	// for types without other fields (source-quench, router messages,
	// unknown types, and after id/seq for 37, 38) and absent otherwise.
	Unused uint32
}

func icmpIs(set ...uint8) func(l any) bool {
	return func(l any) bool {
		t := l.(*ICMP).Type
		for _, s := range set {
			if t == s {
				return true
			}
		}
		return false
	}
}

var icmpProto = &packet.Proto{
	Name: "ICMP", Doc: "ICMP for IPv4 (RFC 792, 950, 1191, 4884); errors quote the IP header",
	New: func() packet.Layer { return NewICMP() },
	Fields: []fields.Field{
		fields.ByteField("type", ICMPEchoRequest, func(m *ICMP) *uint8 { return &m.Type }).WithEnum(ICMPTypeNames),
		fields.WithFormat(fields.ByteField("code", 0, func(m *ICMP) *uint8 { return &m.Code }),
			func(m *ICMP) string { return ICMPCodeName(m.Type, m.Code) }),
		fields.AutoUintField("chksum", 16, func(m *ICMP) *fields.Opt[uint16] { return &m.Checksum }).WithHex(),
		fields.XShortField("id", 0, func(m *ICMP) *uint16 { return &m.ID }).When(icmpHasIDSeq),
		fields.XShortField("seq", 0, func(m *ICMP) *uint16 { return &m.Seq }).When(icmpHasIDSeq),
		icmpTSField("ts_ori", func(m *ICMP) *fields.Opt[uint32] { return &m.TSOri }),
		icmpTSField("ts_rx", func(m *ICMP) *fields.Opt[uint32] { return &m.TSRx }),
		icmpTSField("ts_tx", func(m *ICMP) *fields.Opt[uint32] { return &m.TSTx }),
		icmpAddrField("gw", func(m *ICMP) *netip.Addr { return &m.Gateway }).When(icmpIs(ICMPRedirect)),
		fields.ByteField("ptr", 0, func(m *ICMP) *uint8 { return &m.Pointer }).When(icmpIs(ICMPParamProblem)),
		fields.ByteField("reserved", 0, func(m *ICMP) *uint8 { return &m.Reserved }).When(icmpIs(ICMPDestUnreach, ICMPTimeExceeded)),
		fields.ByteField("length", 0, func(m *ICMP) *uint8 { return &m.Length }).When(icmpIs(ICMPDestUnreach, ICMPTimeExceeded, ICMPParamProblem)),
		icmpAddrField("addr_mask", func(m *ICMP) *netip.Addr { return &m.AddrMask }).When(icmpIs(ICMPAddressMaskRequest, ICMPAddressMaskReply)),
		fields.ShortField("nexthopmtu", 0, func(m *ICMP) *uint16 { return &m.NextHopMTU }).When(icmpIs(ICMPDestUnreach)),
		fields.WithJSON(fields.WithFormat(fields.IntField("unused", 0, func(m *ICMP) *uint32 { return &m.Unused }),
			func(m *ICMP) string {
				switch icmpUnusedBits(m.Type) {
				case 16:
					return strconv.Itoa(int(uint16(m.Unused)))
				case 32:
					return strconv.FormatUint(uint64(m.Unused), 10)
				}
				return fields.ReprBytes(nil)
			}), func(m *ICMP) any {
			switch icmpUnusedBits(m.Type) {
			case 16:
				return uint64(uint16(m.Unused))
			case 32:
				return uint64(m.Unused)
			}
			return ""
		}),
	},
	PostBuild: icmpPostBuild,
}

func icmpTSField(name string, ptr func(*ICMP) *fields.Opt[uint32]) fields.Field {
	f := fields.AutoUintField(name, 32, ptr)
	f = fields.WithFormat(f, func(m *ICMP) string {
		o := ptr(m)
		if !o.Valid {
			return "None"
		}
		return FormatICMPTimestamp(o.Value)
	})
	return f.When(icmpIs(ICMPTimestampRequest, ICMPTimestampReply))
}

func icmpAddrField(name string, ptr func(*ICMP) *netip.Addr) fields.Field {
	f := fields.IPField(name, netip.AddrFrom4([4]byte{}), ptr)
	f = fields.WithFormat(f, func(m *ICMP) string { return icmpAddr(*ptr(m)).String() })
	return fields.WithJSON(f, func(m *ICMP) any { return icmpAddr(*ptr(m)).String() })
}

// icmpAddr makes the zero Addr read as 0.0.0.0.
func icmpAddr(a netip.Addr) netip.Addr {
	if !a.Is4() {
		return netip.AddrFrom4([4]byte{})
	}
	return a
}

// ICMPType is the registered type of ICMP.
var ICMPType = packet.Register(icmpProto)

// NewICMP returns an echo-request with Scapy's defaults (code 0, id 0,
// seq 0).
func NewICMP() *ICMP {
	z := netip.AddrFrom4([4]byte{})
	return &ICMP{Type: ICMPEchoRequest, Gateway: z, AddrMask: z}
}

func (m *ICMP) Proto() *packet.Proto         { return icmpProto }
func (m *ICMP) Get(name string) (any, error) { return packet.GetField(m, name) }
func (m *ICMP) Show() string                 { return packet.ShowLayer(m) }
func (m *ICMP) Summary() string              { return m.SummaryIn(nil, 0) }
func (m *ICMP) HeaderLen() int               { return icmpHeaderLen(m.Type) }

// Set sets a field by Scapy name. Besides what the field table takes, code
// accepts the code names of the current type ("port-unreachable") and the
// timestamps accept Scapy's "h:m:s.ms" text.
func (m *ICMP) Set(name string, v any) error {
	if s, ok := v.(string); ok {
		switch name {
		case "code":
			for c, n := range ICMPCodeNames[m.Type] {
				if strings.EqualFold(n, strings.TrimSpace(s)) {
					m.Code = uint8(c)
					return nil
				}
			}
		case "ts_ori", "ts_rx", "ts_tx":
			if strings.Contains(s, ":") {
				ms, err := ParseICMPTimestamp(s)
				if err != nil {
					return fmt.Errorf("%s: field %s: %w", icmpProto.Name, name, err)
				}
				return packet.SetField(m, name, ms)
			}
		}
	}
	return packet.SetField(m, name, v)
}

// ICMPTypeName returns Scapy's name of an ICMP type, or its number.
func ICMPTypeName(t uint8) string {
	if n, ok := ICMPTypeNames[uint64(t)]; ok {
		return n
	}
	return strconv.Itoa(int(t))
}

// ICMPCodeName returns Scapy's name of a code of type t, or its number.
func ICMPCodeName(t, code uint8) string {
	if n, ok := ICMPCodeNames[t][uint64(code)]; ok {
		return n
	}
	return strconv.Itoa(int(code))
}

// FormatICMPTimestamp formats milliseconds since midnight as Scapy shows
// them: "h:m:s.ms" without zero padding ("1:2:3.4" is 01:02:03.004).
func FormatICMPTimestamp(ms uint32) string {
	s, milli := ms/1000, ms%1000
	mi, s := s/60, s%60
	h, mi := mi/60, mi%60
	return strconv.Itoa(int(h)) + ":" + strconv.Itoa(int(mi)) + ":" + strconv.Itoa(int(s)) + "." + strconv.Itoa(int(milli))
}

// ParseICMPTimestamp parses "h:m[:s[.ms]]" (':' may also be 'h', 'm';
// the fraction is milliseconds, "1:2:3.4" being 3.400 s as in Scapy) to
// milliseconds since midnight.
func ParseICMPTimestamp(s string) (uint32, error) {
	orig := s
	bad := fmt.Errorf("%w: timestamp %q (want h:m:s.ms)", fields.ErrBadValue, orig)
	s = strings.TrimSpace(s)
	num := func(max int) (int, bool) {
		i := 0
		for i < len(s) && i < max && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 {
			return 0, false
		}
		n, _ := strconv.Atoi(s[:i])
		s = s[i:]
		return n, true
	}
	sep := func(set string) bool {
		if len(s) > 0 && strings.IndexByte(set, s[0]) >= 0 {
			s = s[1:]
			return true
		}
		return false
	}
	h, ok := num(2)
	if !ok || h > 29 || !sep("Hh:") {
		return 0, bad
	}
	var mi, sec, ms int
	if len(s) > 0 {
		if mi, ok = num(2); !ok || mi > 59 {
			return 0, bad
		}
		if sep("Mm:") && len(s) > 0 {
			if sec, ok = num(2); !ok || sec > 59 {
				return 0, bad
			}
			if sep("sS:.") && len(s) > 0 {
				frac := s
				if _, ok = num(3); !ok {
					return 0, bad
				}
				ms, _ = strconv.Atoi((frac[:len(frac)-len(s)] + "000")[:3])
			}
		}
	}
	if len(s) != 0 {
		return 0, bad
	}
	return uint32(((h*60+mi)*60+sec)*1000 + ms), nil
}

// icmpHasIDSeq reports the types with id and seq (Scapy's
// icmp_id_seq_types).
func icmpHasIDSeq(l any) bool { return icmpIDSeqType(l.(*ICMP).Type) }

func icmpIDSeqType(t uint8) bool {
	switch t {
	case 0, 8, 13, 14, 15, 16, 17, 18, 37, 38:
		return true
	}
	return false
}

// icmpUnusedBits is the width of the unused field of type t (0: absent).
func icmpUnusedBits(t uint8) int {
	switch t {
	case 11, 12:
		return 16
	case 0, 3, 5, 8, 13, 14, 15, 16, 17, 18:
		return 0
	}
	return 32
}

// icmpHeaderLen is the header length of type t.
func icmpHeaderLen(t uint8) int {
	switch t {
	case ICMPTimestampRequest, ICMPTimestampReply:
		return 20
	case ICMPAddressMaskRequest, ICMPAddressMaskReply, ICMPDomainNameRequest, ICMPDomainNameReply:
		return 12
	}
	return ICMPHdrLen
}

// IsError reports the error messages whose data is a quoted IP header:
// dest-unreach, source-quench, redirect, time-exceeded, parameter-problem.
func (m *ICMP) IsError() bool { return icmpErrorType(m.Type) }

func icmpErrorType(t uint8) bool {
	switch t {
	case ICMPDestUnreach, ICMPSourceQuench, ICMPRedirect, ICMPTimeExceeded, ICMPParamProblem:
		return true
	}
	return false
}

// SummaryIn is Scapy's "ICMP 10.0.0.1 > 10.0.0.2 echo-request 0", with the
// addresses of the IP layer below; "ICMP echo-request 0" without one.
func (m *ICMP) SummaryIn(p *packet.Packet, i int) string {
	tc := ICMPTypeName(m.Type) + " " + ICMPCodeName(m.Type, m.Code)
	if p != nil && i > 0 {
		if a, ok := p.Layer(i - 1).(interface {
			SrcAddr() netip.Addr
			DstAddr() netip.Addr
		}); ok {
			return "ICMP " + a.SrcAddr().String() + " > " + a.DstAddr().String() + " " + tc
		}
	}
	return "ICMP " + tc
}

// DecodeFromBytes decodes the header. The payload of an error message is
// marked as a quotation (ctx.Quote) and dissected from IP on; other
// messages carry Raw data.
func (m *ICMP) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < ICMPHdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	t := data[icmpType]
	hl := icmpHeaderLen(t)
	if len(data) < hl {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	*m = ICMP{Type: t, Code: data[icmpCode], Checksum: fields.Some(be16(data[icmpCsum:]))}
	r := data[icmpRest:]
	switch {
	case icmpIDSeqType(t):
		m.ID, m.Seq = be16(r), be16(r[2:])
		x := data[icmpExtra:]
		switch t {
		case ICMPTimestampRequest, ICMPTimestampReply:
			m.TSOri, m.TSRx, m.TSTx = fields.Some(be32(x)), fields.Some(be32(x[4:])), fields.Some(be32(x[8:]))
		case ICMPAddressMaskRequest, ICMPAddressMaskReply:
			m.AddrMask = netip.AddrFrom4([4]byte(x[:4]))
		case ICMPDomainNameRequest, ICMPDomainNameReply:
			m.Unused = be32(x)
		}
	case t == ICMPDestUnreach:
		m.Reserved, m.Length, m.NextHopMTU = r[0], r[1], be16(r[2:])
	case t == ICMPRedirect:
		m.Gateway = netip.AddrFrom4([4]byte(r[:4]))
	case t == ICMPTimeExceeded:
		m.Reserved, m.Length, m.Unused = r[0], r[1], uint32(be16(r[2:]))
	case t == ICMPParamProblem:
		m.Pointer, m.Length, m.Unused = r[0], r[1], uint32(be16(r[2:]))
	default:
		m.Unused = be32(r)
	}
	if t != ICMPRedirect {
		m.Gateway = netip.AddrFrom4([4]byte{})
	}
	if t != ICMPAddressMaskRequest && t != ICMPAddressMaskReply {
		m.AddrMask = netip.AddrFrom4([4]byte{})
	}
	var next packet.LayerType
	if icmpErrorType(t) {
		if ctx != nil {
			ctx.Quote = true
		}
		next = IPv4Type
	}
	return packet.DecodeResult{HeaderLen: hl, PayloadLen: -1, Next: next}, nil
}

// SerializeTo writes the header of the current type; an unset checksum is
// computed by the build hook, unset timestamps are the current time.
func (m *ICMP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	t := m.Type
	if len(b) != icmpHeaderLen(t) {
		return fmt.Errorf("%w: header of %d bytes for type %d", fields.ErrBadValue, len(b), t)
	}
	b[icmpType] = t
	b[icmpCode] = m.Code
	put16(b[icmpCsum:], m.Checksum.Value)
	r := b[icmpRest:]
	switch {
	case icmpIDSeqType(t):
		put16(r, m.ID)
		put16(r[2:], m.Seq)
		x := b[icmpExtra:]
		switch t {
		case ICMPTimestampRequest, ICMPTimestampReply:
			var now uint32
			if !m.TSOri.Valid || !m.TSRx.Valid || !m.TSTx.Valid {
				now = icmpNow()
			}
			put32(x, m.TSOri.Or(now))
			put32(x[4:], m.TSRx.Or(now))
			put32(x[8:], m.TSTx.Or(now))
		case ICMPAddressMaskRequest, ICMPAddressMaskReply:
			a := icmpAddr(m.AddrMask).As4()
			copy(x, a[:])
		case ICMPDomainNameRequest, ICMPDomainNameReply:
			put32(x, m.Unused)
		}
	case t == ICMPDestUnreach:
		r[0], r[1] = m.Reserved, m.Length
		put16(r[2:], m.NextHopMTU)
	case t == ICMPRedirect:
		a := icmpAddr(m.Gateway).As4()
		copy(r, a[:])
	case t == ICMPTimeExceeded:
		r[0], r[1] = m.Reserved, m.Length
		put16(r[2:], uint16(m.Unused))
	case t == ICMPParamProblem:
		r[0], r[1] = m.Pointer, m.Length
		put16(r[2:], uint16(m.Unused))
	default:
		put32(r, m.Unused)
	}
	return nil
}

// icmpNow is the time of day in milliseconds since midnight UT.
func icmpNow() uint32 {
	return uint32(time.Now().UnixMilli() % (24 * 60 * 60 * 1000))
}

// icmpPostBuild computes the checksum over the header and the payload.
func icmpPostBuild(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
	m := l.(*ICMP)
	if m.Checksum.Valid {
		return nil
	}
	put16(hdr[icmpCsum:], 0)
	// hdr is of even length, so the payload continues its 16-bit words.
	put16(hdr[icmpCsum:], ^checksum.Fold(checksum.Partial(ctx.Payload(), checksum.Partial(hdr, 0))))
	return nil
}

func init() {
	packet.Bind(packet.BindingRule{Lower: IPv4Type, Upper: ICMPType, Field: "proto", Value: IPProtoICMP})
}
