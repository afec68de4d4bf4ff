package layers

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// IGMP message, versions 1 and 2 (RFC 1112 appendix I, RFC 2236 section
// 2), IP protocol 2:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|      Type     | Max Resp Time |           Checksum            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                         Group Address                         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// IGMPv3 membership query (RFC 3376 section 4.1): a type 0x11 message of
// 12 bytes or more.
//
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Type = 0x11  | Max Resp Code |           Checksum            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                         Group Address                         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	| Resv  |S| QRV |     QQIC      |     Number of Sources (N)     |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                     Source Address [1..N]                     |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// IGMPv3 membership report (RFC 3376 section 4.2), type 0x22:
//
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Type = 0x22  |    Reserved   |           Checksum            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|           Reserved            |  Number of Group Records (M)  |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                     Group Record [1..M]                       |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Group record:
//
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Record Type  |  Aux Data Len |     Number of Sources (N)     |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                       Multicast Address                       |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                     Source Address [1..N]                     |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|            Auxiliary Data (Aux Data Len 32-bit words)         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
const (
	igmpType    = 0
	igmpMRCode  = 1
	igmpCsum    = 2
	igmpGAddr   = 4
	igmpQFlags  = 8
	igmpQQIC    = 9
	igmpQNSrc   = 10
	igmpQSrcs   = 12
	igmpRRes2   = 4
	igmpRNumGrp = 6
	igmpRRecs   = 8
	IGMPLen     = 8
	IGMPv3QLen  = 12

	igmpRecType   = 0
	igmpRecAuxLen = 1
	igmpRecNSrc   = 2
	igmpRecMAddr  = 4
	igmpRecSrcs   = 8
	IGMPv3RecLen  = 8
)

// IGMP message types.
const (
	IGMPMembershipQuery    = 0x11
	IGMPv1MembershipReport = 0x12
	IGMPv2MembershipReport = 0x16
	IGMPLeaveGroup         = 0x17
	IGMPv3MembershipReport = 0x22
)

// IGMPv3 group record types (RFC 3376 section 4.2.12).
const (
	IGMPv3ModeIsInclude   = 1
	IGMPv3ModeIsExclude   = 2
	IGMPv3ChangeToInclude = 3
	IGMPv3ChangeToExclude = 4
	IGMPv3AllowNewSources = 5
	IGMPv3BlockOldSources = 6
)

// IGMPTypeNames names the message types as Scapy's IGMP and IGMPv3.
var IGMPTypeNames = map[uint64]string{
	0x11: "Membership Query", 0x12: "Version 1 - Membership Report",
	0x16: "Version 2 - Membership Report", 0x17: "Leave Group",
	0x22: "Version 3 Membership Report", 0x30: "Multicast Router Advertisement",
	0x31: "Multicast Router Solicitation", 0x32: "Multicast Router Termination",
}

// IGMPv3RecordTypeNames names the group record types as Scapy's IGMPv3gr.
var IGMPv3RecordTypeNames = map[uint8]string{
	1: "Mode Is Include", 2: "Mode Is Exclude", 3: "Change To Include Mode",
	4: "Change To Exclude Mode", 5: "Allow New Sources", 6: "Block Old Sources",
}

// IGMPv3Record is one group record of an IGMPv3 report (Scapy's
// IGMPv3gr). Unset counts are computed.
type IGMPv3Record struct {
	Type       uint8              // rtype
	AuxDataLen fields.Opt[uint8]  // auxdlen, in 32-bit words
	NumSrc     fields.Opt[uint16] // numsrc
	MAddr      netip.Addr         // maddr
	Sources    []netip.Addr       // srcaddrs
	AuxData    []byte
}

// NewIGMPv3Record returns a record of type rtype for group maddr.
func NewIGMPv3Record(rtype uint8, maddr netip.Addr, sources ...netip.Addr) IGMPv3Record {
	return IGMPv3Record{Type: rtype, MAddr: maddr, Sources: sources}
}

func (r *IGMPv3Record) len() int { return IGMPv3RecLen + 4*len(r.Sources) + len(r.AuxData) }

// String is the record as a Scapy constructor.
func (r IGMPv3Record) String() string {
	s := "IGMPv3gr(rtype=" + strconv.Itoa(int(r.Type)) + ", maddr=" + addr4Text(r.MAddr) + ", srcaddrs=" + formatAddrs4(r.Sources)
	if r.AuxDataLen.Valid && int(r.AuxDataLen.Value)*4 != len(r.AuxData) {
		s += ", auxdlen=" + strconv.Itoa(int(r.AuxDataLen.Value))
	}
	if r.NumSrc.Valid && int(r.NumSrc.Value) != len(r.Sources) {
		s += ", numsrc=" + strconv.Itoa(int(r.NumSrc.Value))
	}
	if len(r.AuxData) > 0 {
		s += ", auxdata=" + fields.ReprBytes(r.AuxData)
	}
	return s + ")"
}

// IGMP is an IGMP message of any version: v1/v2 (Scapy's IGMP), the
// IGMPv3 query (IGMPv3/IGMPv3mq) and the IGMPv3 report (IGMPv3/IGMPv3mr).
// Bytes after the message become Raw.
type IGMP struct {
	Type     uint8
	MRCode   uint8 // mrcode: max response time (v2) or code (v3)
	Checksum fields.Opt[uint16]
	GAddr    netip.Addr // gaddr (absent in v3 reports)

	// V3 marks a type 0x11 message as an IGMPv3 query (12 bytes or more).
	V3       bool
	Resv     uint8 // 4 bits
	S        uint8 // suppress router-side processing, 1 bit
	QRV      uint8 // 3 bits
	QQIC     uint8
	NumSrc   fields.Opt[uint16]
	SrcAddrs []netip.Addr

	// IGMPv3 report (type 0x22).
	Res2    uint16
	NumGrp  fields.Opt[uint16]
	Records []IGMPv3Record
}

func igmpIsReport(l any) bool { return l.(*IGMP).Type == IGMPv3MembershipReport }
func igmpIsV3Query(l any) bool {
	g := l.(*IGMP)
	return g.Type == IGMPMembershipQuery && g.V3
}

var igmpProto = &packet.Proto{
	Name: "IGMP", Aliases: []string{"IGMPv3"}, Doc: "IGMP v1/v2/v3 (RFC 1112, 2236, 3376)",
	New: func() packet.Layer { return NewIGMP() },
	Fields: []fields.Field{
		fields.EnumField("type", 8, uint8(0x11), IGMPTypeNames, func(g *IGMP) *uint8 { return &g.Type }),
		fields.ByteField("mrcode", 20, func(g *IGMP) *uint8 { return &g.MRCode }),
		fields.AutoUintField("chksum", 16, func(g *IGMP) *fields.Opt[uint16] { return &g.Checksum }).WithHex(),
		fields.IPField("gaddr", netip.IPv4Unspecified(), func(g *IGMP) *netip.Addr { return &g.GAddr }).When(func(l any) bool { return !igmpIsReport(l) }),
		fields.BitField("resv", 4, uint8(0), func(g *IGMP) *uint8 { return &g.Resv }).When(igmpIsV3Query),
		fields.BitField("s", 1, uint8(0), func(g *IGMP) *uint8 { return &g.S }).When(igmpIsV3Query),
		fields.BitField("qrv", 3, uint8(0), func(g *IGMP) *uint8 { return &g.QRV }).When(igmpIsV3Query),
		fields.ByteField("qqic", 0, func(g *IGMP) *uint8 { return &g.QQIC }).When(igmpIsV3Query),
		fields.AutoUintField("numsrc", 16, func(g *IGMP) *fields.Opt[uint16] { return &g.NumSrc }).When(igmpIsV3Query),
		fields.ListField("srcaddrs",
			func(g *IGMP) any { return g.SrcAddrs },
			func(g *IGMP, v any) error {
				a, err := parseAddrs4(v)
				if err == nil {
					g.SrcAddrs, g.V3 = a, true
				}
				return err
			},
			func(g *IGMP) string { return formatAddrs4(g.SrcAddrs) },
			func(g *IGMP) any { return jsonAddrs4(g.SrcAddrs) }).When(igmpIsV3Query),
		fields.XShortField("res2", 0, func(g *IGMP) *uint16 { return &g.Res2 }).When(igmpIsReport),
		fields.AutoUintField("numgrp", 16, func(g *IGMP) *fields.Opt[uint16] { return &g.NumGrp }).When(igmpIsReport),
		fields.ListField("records",
			func(g *IGMP) any { return g.Records },
			setIGMPv3Records, formatIGMPv3Records, jsonIGMPv3Records).When(igmpIsReport),
	},
	PostBuild: igmpPostBuild,
}

// IGMPType is the registered type of IGMP.
var IGMPType = packet.Register(igmpProto)

// NewIGMP returns an IGMP message with Scapy's defaults: a v2 general
// query (type 0x11, mrcode 20, gaddr 0.0.0.0).
func NewIGMP() *IGMP {
	return &IGMP{Type: IGMPMembershipQuery, MRCode: 20, GAddr: netip.IPv4Unspecified()}
}

// NewIGMPv3Query returns an IGMPv3 general query as Scapy's
// IGMPv3()/IGMPv3mq() (mrcode 20).
func NewIGMPv3Query() *IGMP { g := NewIGMP(); g.V3 = true; return g }

// NewIGMPv3Report returns an IGMPv3 report as Scapy's
// IGMPv3()/IGMPv3mr() (type 0x22, mrcode 0).
func NewIGMPv3Report(recs ...IGMPv3Record) *IGMP {
	return &IGMP{Type: IGMPv3MembershipReport, Records: recs}
}

func (g *IGMP) Proto() *packet.Proto         { return igmpProto }
func (g *IGMP) Get(name string) (any, error) { return packet.GetField(g, name) }
func (g *IGMP) Set(name string, v any) error { return packet.SetField(g, name, v) }
func (g *IGMP) Show() string                 { return packet.ShowLayer(g) }

// Title is "IGMPv3" for the version 3 messages, as Scapy's class name.
func (g *IGMP) Title() string {
	if g.isV3() {
		return "IGMPv3"
	}
	return "IGMP"
}

func (g *IGMP) isV3() bool {
	return g.Type == IGMPv3MembershipReport || (g.Type == IGMPMembershipQuery && g.V3)
}

// Summary is "IGMP Membership Query 224.0.0.1" and the like.
func (g *IGMP) Summary() string {
	s := g.Title() + " "
	if n, ok := IGMPTypeNames[uint64(g.Type)]; ok {
		s += n
	} else {
		s += "type " + strconv.Itoa(int(g.Type))
	}
	if g.Type == IGMPv3MembershipReport {
		return s + " " + strconv.Itoa(len(g.Records)) + " records"
	}
	return s + " " + addr4Text(g.GAddr)
}

// HeaderLen is 8, 12 plus 4 per source (v3 query), or 8 plus the records
// (v3 report).
func (g *IGMP) HeaderLen() int {
	switch {
	case g.Type == IGMPv3MembershipReport:
		n := IGMPLen
		for i := range g.Records {
			n += g.Records[i].len()
		}
		return n
	case g.Type == IGMPMembershipQuery && g.V3:
		return IGMPv3QLen + 4*len(g.SrcAddrs)
	}
	return IGMPLen
}

// DecodeFromBytes decodes the message; a query of 12 bytes or more is an
// IGMPv3 query (RFC 3376 section 7.1).
func (g *IGMP) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < IGMPLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	g.Type = data[igmpType]
	g.MRCode = data[igmpMRCode]
	g.Checksum = fields.Some(be16(data[igmpCsum:]))
	g.V3, g.Resv, g.S, g.QRV, g.QQIC, g.NumSrc, g.Res2, g.NumGrp = false, 0, 0, 0, 0, fields.Opt[uint16]{}, 0, fields.Opt[uint16]{}
	g.SrcAddrs = g.SrcAddrs[:0]
	g.Records = g.Records[:0]
	g.GAddr = netip.Addr{}
	hl := IGMPLen
	switch {
	case g.Type == IGMPv3MembershipReport:
		g.Res2 = be16(data[igmpRRes2:])
		n := int(be16(data[igmpRNumGrp:]))
		g.NumGrp = fields.Some(uint16(n))
		recs, used, err := decodeIGMPv3Records(g.Records, data[igmpRRecs:], n)
		if err != nil {
			return packet.DecodeResult{}, err
		}
		g.Records = recs
		hl += used
	case g.Type == IGMPMembershipQuery && len(data) >= IGMPv3QLen:
		g.GAddr = netip.AddrFrom4([4]byte(data[igmpGAddr:igmpQFlags]))
		ns := int(be16(data[igmpQNSrc:]))
		if len(data)-IGMPv3QLen < 4*ns {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		g.V3 = true
		f := data[igmpQFlags]
		g.Resv, g.S, g.QRV = f>>4, f>>3&1, f&7
		g.QQIC = data[igmpQQIC]
		g.NumSrc = fields.Some(uint16(ns))
		g.SrcAddrs = decodeAddrs4(g.SrcAddrs, data[igmpQSrcs:], ns)
		hl = IGMPv3QLen + 4*ns
	default:
		g.GAddr = netip.AddrFrom4([4]byte(data[igmpGAddr:igmpQFlags]))
	}
	return packet.DecodeResult{HeaderLen: hl, PayloadLen: -1}, nil
}

// SerializeTo writes the message; the checksum comes from the hook.
func (g *IGMP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[igmpType] = g.Type
	b[igmpMRCode] = g.MRCode
	put16(b[igmpCsum:], g.Checksum.Value)
	switch {
	case g.Type == IGMPv3MembershipReport:
		put16(b[igmpRRes2:], g.Res2)
		put16(b[igmpRNumGrp:], g.NumGrp.Or(uint16(len(g.Records))))
		putIGMPv3Records(b[igmpRRecs:], g.Records)
	case g.Type == IGMPMembershipQuery && g.V3:
		putAddr4(b[igmpGAddr:], g.GAddr)
		b[igmpQFlags] = g.Resv&0x0f<<4 | g.S&1<<3 | g.QRV&7
		b[igmpQQIC] = g.QQIC
		put16(b[igmpQNSrc:], g.NumSrc.Or(uint16(len(g.SrcAddrs))))
		putAddrs4(b[igmpQSrcs:], g.SrcAddrs)
	default:
		putAddr4(b[igmpGAddr:], g.GAddr)
	}
	return nil
}

// igmpPostBuild fills the checksum over the message and what follows it,
// as Scapy does.
func igmpPostBuild(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
	if g := l.(*IGMP); !g.Checksum.Valid {
		put16(hdr[igmpCsum:], checksumOver(hdr, ctx.Payload()))
	}
	return nil
}

func decodeIGMPv3Records(recs []IGMPv3Record, b []byte, n int) ([]IGMPv3Record, int, error) {
	off := 0
	recs = recs[:cap(recs)]
	for i := 0; i < n; i++ {
		if len(b)-off < IGMPv3RecLen {
			return recs[:0], 0, packet.ErrTruncated
		}
		rb := b[off:]
		ns, aux := int(be16(rb[igmpRecNSrc:])), 4*int(rb[igmpRecAuxLen])
		l := IGMPv3RecLen + 4*ns + aux
		if len(rb) < l {
			return recs[:0], 0, packet.ErrTruncated
		}
		if i == len(recs) {
			recs = append(recs, IGMPv3Record{})
			recs = recs[:cap(recs)]
		}
		r := &recs[i]
		r.Type = rb[igmpRecType]
		r.AuxDataLen = fields.Some(rb[igmpRecAuxLen])
		r.NumSrc = fields.Some(uint16(ns))
		r.MAddr = netip.AddrFrom4([4]byte(rb[igmpRecMAddr:igmpRecSrcs]))
		r.Sources = decodeAddrs4(r.Sources, rb[igmpRecSrcs:], ns)
		r.AuxData = nil
		if aux > 0 {
			r.AuxData = rb[l-aux : l : l]
		}
		off += l
	}
	return recs[:n], off, nil
}

func putIGMPv3Records(b []byte, recs []IGMPv3Record) {
	off := 0
	for i := range recs {
		r := &recs[i]
		rb := b[off:]
		rb[igmpRecType] = r.Type
		rb[igmpRecAuxLen] = r.AuxDataLen.Or(uint8((len(r.AuxData) + 3) / 4))
		put16(rb[igmpRecNSrc:], r.NumSrc.Or(uint16(len(r.Sources))))
		putAddr4(rb[igmpRecMAddr:], r.MAddr)
		n := igmpRecSrcs + putAddrs4(rb[igmpRecSrcs:], r.Sources)
		n += copy(rb[n:], r.AuxData)
		off += n
	}
}

func formatIGMPv3Records(g *IGMP) string {
	parts := make([]string, len(g.Records))
	for i, r := range g.Records {
		parts[i] = r.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonIGMPv3Records(g *IGMP) any {
	out := make([]map[string]any, len(g.Records))
	for i, r := range g.Records {
		out[i] = map[string]any{
			"rtype":    r.Type,
			"auxdlen":  r.AuxDataLen.Or(uint8((len(r.AuxData) + 3) / 4)),
			"numsrc":   r.NumSrc.Or(uint16(len(r.Sources))),
			"maddr":    addr4Text(r.MAddr),
			"srcaddrs": jsonAddrs4(r.Sources),
			"auxdata":  fmt.Sprintf("%x", r.AuxData),
		}
	}
	return out
}

func setIGMPv3Records(g *IGMP, v any) error {
	switch x := v.(type) {
	case []IGMPv3Record:
		g.Records = x
	case IGMPv3Record:
		g.Records = []IGMPv3Record{x}
	default:
		return fmt.Errorf("%w: igmpv3 records from %T (want []layers.IGMPv3Record)", fields.ErrBadValue, v)
	}
	return nil
}

// ---- IPv4 address lists ----

func decodeAddrs4(dst []netip.Addr, b []byte, n int) []netip.Addr {
	dst = dst[:0]
	for i := 0; i < n; i++ {
		dst = append(dst, netip.AddrFrom4([4]byte(b[4*i:4*i+4])))
	}
	return dst
}

func putAddrs4(b []byte, addrs []netip.Addr) int {
	for i, a := range addrs {
		putAddr4(b[4*i:], a)
	}
	return 4 * len(addrs)
}

// putAddr4 writes a as 4 bytes (the zero Addr or an IPv6 address as
// 0.0.0.0).
func putAddr4(b []byte, a netip.Addr) {
	a = a.Unmap()
	var a4 [4]byte
	if a.Is4() {
		a4 = a.As4()
	}
	copy(b[:4], a4[:])
}

func addr4Text(a netip.Addr) string {
	a = a.Unmap()
	if !a.Is4() {
		return "0.0.0.0"
	}
	return a.String()
}

// formatAddrs4 is Scapy's FieldListField text: "[192.0.2.1, 192.0.2.2]".
func formatAddrs4(addrs []netip.Addr) string {
	parts := make([]string, len(addrs))
	for i, a := range addrs {
		parts[i] = addr4Text(a)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonAddrs4(addrs []netip.Addr) any {
	out := make([]string, len(addrs))
	for i, a := range addrs {
		out[i] = addr4Text(a)
	}
	return out
}

// parseAddrs4 accepts []netip.Addr, []string, or a string of IPv4
// addresses separated by commas or spaces (brackets allowed).
func parseAddrs4(v any) ([]netip.Addr, error) {
	var ss []string
	switch x := v.(type) {
	case []netip.Addr:
		for _, a := range x {
			if !a.Unmap().Is4() {
				return nil, fmt.Errorf("%w: %s is not an ipv4 address", fields.ErrBadValue, a)
			}
		}
		return x, nil
	case netip.Addr:
		return parseAddrs4([]netip.Addr{x})
	case []string:
		ss = x
	case string:
		ss = strings.FieldsFunc(x, func(r rune) bool { return r == ',' || r == ' ' || r == '[' || r == ']' })
	default:
		return nil, fmt.Errorf("%w: ipv4 address list from %T", fields.ErrBadValue, v)
	}
	out := make([]netip.Addr, 0, len(ss))
	for _, s := range ss {
		a, err := fields.AddrFrom(s, false)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

func init() {
	packet.Bind(packet.BindingRule{Lower: IPv4Type, Upper: IGMPType, Field: "proto", Value: IPProtoIGMP})
}
