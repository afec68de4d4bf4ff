package layers

import (
	"fmt"
	"net/netip"
	"strconv"

	"github.com/goscapy/goscapy/checksum"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// ICMPv6 message (RFC 4443 section 2.1), with the 4 bytes that follow the
// checksum in every message, and the fixed body of neighbor discovery
// (RFC 4861) and MLD (RFC 2710, RFC 3810) messages:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|     Type      |     Code      |          Checksum             |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Identifier (echo) / Length (RFC 4884) |  Sequence / Unused   |
//	|  MTU (packet too big) / Pointer (parameter problem) / Reserved |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                          Message body ...                     |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The 4 bytes after the checksum, with Scapy's field names:
//
//	echo (128, 129):               id (16) | seq (16)
//	packet too big (2):            mtu (32)
//	parameter problem (4):         ptr (32)
//	dest unreach, time exceeded:   length (8) | unused (24)      (RFC 4884)
//	router solicitation (133),
//	neighbor solicitation (135),
//	redirect (137):                res (32)
//	router advertisement (134):    chlim (8) | M O H prf(2) P res(2) | routerlifetime (16)
//	neighbor advertisement (136):  R S O | res (29)
//	MLD (130-132):                 mrd (16) | reserved (16)
//	MLDv2 report (143):            reserved (16) | records_number (16)
//	any other type:                word (32)
//
// then the body: reachabletime and retranstimer (134); tgt (135, 136);
// tgt and dst (137); mladdr (130-132); mladdr, Resv S QRV, QQIC,
// sources_number and sources (MLDv2 query: type 130 of 28 bytes or more);
// the multicast address records (143). Neighbor discovery options follow
// as layers of their own (ndp.go); errors (types 1-4) quote as much of the
// offending IPv6 packet as fits; echo messages carry data as Raw.
const (
	icmp6Type    = 0
	icmp6Code    = 1
	icmp6Csum    = 2
	icmp6Word    = 4
	icmp6Body    = 8
	ICMPv6HdrLen = 8
)

// ICMPv6 message types (untyped constants).
const (
	ICMPv6DestUnreach           = 1
	ICMPv6PacketTooBig          = 2
	ICMPv6TimeExceeded          = 3
	ICMPv6ParamProblem          = 4
	ICMPv6EchoRequest           = 128
	ICMPv6EchoReply             = 129
	ICMPv6MLDQuery              = 130
	ICMPv6MLDReport             = 131
	ICMPv6MLDDone               = 132
	ICMPv6RouterSolicitation    = 133
	ICMPv6RouterAdvertisement   = 134
	ICMPv6NeighborSolicitation  = 135
	ICMPv6NeighborAdvertisement = 136
	ICMPv6Redirect              = 137
	ICMPv6MLDv2Report           = 143
)

// Router preference values of router advertisements (RFC 4191), as Scapy
// names them (icmp6ndraprefs).
const (
	NDPPrefMedium   = 0
	NDPPrefHigh     = 1
	NDPPrefReserved = 2
	NDPPrefLow      = 3
)

// NDPPrefNames names router preferences as Scapy's icmp6ndraprefs.
var NDPPrefNames = map[uint64]string{0: "Medium (default)", 1: "High", 2: "Reserved", 3: "Low"}

// ICMPv6 codes of destination unreachable (RFC 4443 section 3.1), time
// exceeded (3.3) and parameter problem (3.4) messages.
const (
	ICMPv6NoRoute            = 0
	ICMPv6AdminProhibited    = 1
	ICMPv6BeyondScope        = 2
	ICMPv6AddrUnreach        = 3
	ICMPv6PortUnreach        = 4
	ICMPv6SrcPolicyFailed    = 5
	ICMPv6RejectRoute        = 6
	ICMPv6HopLimitExceeded   = 0
	ICMPv6ReassemblyExceeded = 1
	ICMPv6ErroneousHeader    = 0
	ICMPv6UnknownNextHeader  = 1
	ICMPv6UnknownOption      = 2
	ICMPv6IncompleteChain    = 3
)

// ICMPv6TypeNames names ICMPv6 types as Scapy's icmp6types.
var ICMPv6TypeNames = map[uint64]string{
	1: "Destination unreachable", 2: "Packet too big", 3: "Time exceeded", 4: "Parameter problem",
	100: "Private Experimentation", 101: "Private Experimentation",
	128: "Echo Request", 129: "Echo Reply", 130: "MLD Query", 131: "MLD Report", 132: "MLD Done",
	133: "Router Solicitation", 134: "Router Advertisement", 135: "Neighbor Solicitation",
	136: "Neighbor Advertisement", 137: "Redirect Message", 138: "Router Renumbering",
	139: "ICMP Node Information Query", 140: "ICMP Node Information Response",
	141: "Inverse Neighbor Discovery Solicitation Message",
	142: "Inverse Neighbor Discovery Advertisement Message", 143: "MLD Report Version 2",
	144: "Home Agent Address Discovery Request Message", 145: "Home Agent Address Discovery Reply Message",
	146: "Mobile Prefix Solicitation", 147: "Mobile Prefix Advertisement",
	148: "Certification Path Solicitation", 149: "Certification Path Advertisement",
	151: "Multicast Router Advertisement", 152: "Multicast Router Solicitation",
	153: "Multicast Router Termination", 155: "RPL Control Message",
	200: "Private Experimentation", 201: "Private Experimentation",
}

// icmp6CodeNames names the codes of the error messages as Scapy does.
var icmp6CodeNames = map[uint8]map[uint8]string{
	ICMPv6DestUnreach: {0: "No route to destination",
		1: "Communication with destination administratively prohibited",
		2: "Beyond scope of source address", 3: "Address unreachable", 4: "Port unreachable"},
	ICMPv6TimeExceeded: {0: "hop limit exceeded in transit", 1: "fragment reassembly time exceeded"},
	ICMPv6ParamProblem: {0: "erroneous header field encountered", 1: "unrecognized Next Header type encountered",
		2: "unrecognized IPv6 option encountered", 3: "first fragment has incomplete header chain"},
}

// ICMPv6 is one ICMPv6 message of any type: Scapy's per-type classes in
// one layer, whose fields are present by type (Show and Get use Scapy's
// names of the type's class). The 4 bytes after the checksum are read
// through the view the type selects; decoding fills the views of the
// echo, error and solicitation types (ID and Seq, MTU, Pointer, Length and
// Unused, Reserved) from the same 4 bytes, so changing the type of a
// decoded message between those keeps them.
//
// Fields shared by several types hold one value: Reserved is "res" of
// router and neighbor solicitations, redirects (32 bits), neighbor
// advertisements (29 bits) and router advertisements (2 bits), and "word"
// for the types this layer has no body for; O is the other-configuration
// flag of a router advertisement and the override flag of a neighbor
// advertisement; S is the solicited flag of a neighbor advertisement and
// the suppress-router-side-processing flag of an MLDv2 query. NewICMPv6Of
// gives a message the defaults of its type's Scapy class.
//
// Two Scapy names are not used: the "res" that Scapy's MLDv2 report gives
// its code byte is "code" here, and Scapy's "data" of echo messages is the
// Raw payload.
type ICMPv6 struct {
	Type     uint8
	Code     uint8
	Checksum fields.Opt[uint16]
	ID       uint16
	Seq      uint16
	MTU      uint32
	Pointer  uint32
	Length   uint8  // length of the quoted packet in 64-bit words (RFC 4884)
	Unused   uint32 // 24 bits
	Reserved uint32 // "res" or "word"

	// Router advertisement (RFC 4861 section 4.2, RFC 4191, RFC 5175).
	CurHopLimit    uint8 // chlim
	M, O, H, P     uint8 // managed, other (also NA override), home agent, proxy flags
	Prf            uint8 // router preference (2 bits): NDPPrefHigh ...
	RouterLifetime uint16
	ReachableTime  uint32
	RetransTimer   uint32

	// Neighbor advertisement flags (RFC 4861 section 4.4): router,
	// solicited (also the MLDv2 query S flag); O above is override.
	R, S uint8

	Target netip.Addr // tgt: NS, NA, redirect
	Dst    netip.Addr // dst: the destination a redirect is about

	// MLD (RFC 2710) and MLDv2 (RFC 3810).
	MRD           uint16     // maximum response delay (code)
	MLDReserved   uint16     // "reserved"
	MLAddr        netip.Addr // mladdr: the multicast address
	MLDv2         bool       // type 130 is an MLDv2 query
	Resv          uint8      // 4 bits
	QRV           uint8      // 3 bits
	QQIC          uint8
	SourcesNumber fields.Opt[uint16]
	Sources       []netip.Addr
	RecordsNumber fields.Opt[uint16]
	Records       []MLDv2Record
}

func icmp6Is(types ...uint8) func(any) bool {
	return func(l any) bool {
		t := l.(*ICMPv6).Type
		for _, x := range types {
			if t == x {
				return true
			}
		}
		return false
	}
}

func icmp6Other(l any) bool { return !icmp6Known(l.(*ICMPv6).Type) }

// icmp6Known reports the types whose 4-byte word has named views.
func icmp6Known(t uint8) bool {
	switch t {
	case ICMPv6EchoRequest, ICMPv6EchoReply, ICMPv6PacketTooBig, ICMPv6ParamProblem, ICMPv6DestUnreach, ICMPv6TimeExceeded,
		ICMPv6RouterSolicitation, ICMPv6RouterAdvertisement, ICMPv6NeighborSolicitation, ICMPv6NeighborAdvertisement,
		ICMPv6Redirect, ICMPv6MLDQuery, ICMPv6MLDReport, ICMPv6MLDDone, ICMPv6MLDv2Report:
		return true
	}
	return false
}

func icmp6MLDv2Query(l any) bool { m := l.(*ICMPv6); return m.Type == ICMPv6MLDQuery && m.MLDv2 }

// icmpv6Proto registers one layer for every ICMPv6 message, so that
// GetLayer("ICMPv6") finds any of them. Scapy's per-type class names
// (ICMPv6EchoRequest, ICMPv6ND_NS, ...) are deliberately not aliases:
// GetLayer("ICMPv6EchoReply") would then return an echo request as well.
// Scapy's display names of its MLD classes, which do not start with
// "ICMPv6", are aliases, so that tools comparing layer names with Scapy's
// find this layer for them.
var icmpv6Proto = &packet.Proto{
	Name: "ICMPv6",
	Aliases: []string{"MLD - Multicast Listener Query", "MLD - Multicast Listener Report", "MLD - Multicast Listener Done",
		"MLDv2 - Multicast Listener Query", "MLDv2 - Multicast Listener Report"},
	Doc: "ICMPv6 (RFC 4443): echo, errors quoting IPv6, neighbor discovery (RFC 4861), MLD and MLDv2 (RFC 2710, 3810)",
	New: func() packet.Layer { return NewICMPv6() },
	Fields: []fields.Field{
		fields.EnumField("type", 8, uint8(ICMPv6EchoRequest), ICMPv6TypeNames, func(m *ICMPv6) *uint8 { return &m.Type }),
		fields.WithFormat(fields.ByteField("code", 0, func(m *ICMPv6) *uint8 { return &m.Code }),
			func(m *ICMPv6) string { return m.codeText() }),
		fields.AutoUintField("cksum", 16, func(m *ICMPv6) *fields.Opt[uint16] { return &m.Checksum }).WithHex(),
		fields.XShortField("id", 0, func(m *ICMPv6) *uint16 { return &m.ID }).When(icmp6Is(ICMPv6EchoRequest, ICMPv6EchoReply)),
		fields.XShortField("seq", 0, func(m *ICMPv6) *uint16 { return &m.Seq }).When(icmp6Is(ICMPv6EchoRequest, ICMPv6EchoReply)),
		fields.IntField("mtu", 1280, func(m *ICMPv6) *uint32 { return &m.MTU }).When(icmp6Is(ICMPv6PacketTooBig)),
		fields.IntField("ptr", 6, func(m *ICMPv6) *uint32 { return &m.Pointer }).When(icmp6Is(ICMPv6ParamProblem)),
		fields.ByteField("length", 0, func(m *ICMPv6) *uint8 { return &m.Length }).When(icmp6Is(ICMPv6DestUnreach, ICMPv6TimeExceeded)),
		fields.BitField("unused", 24, uint32(0), func(m *ICMPv6) *uint32 { return &m.Unused }).WithHex().When(icmp6Is(ICMPv6DestUnreach, ICMPv6TimeExceeded)),
		fields.ByteField("chlim", 0, func(m *ICMPv6) *uint8 { return &m.CurHopLimit }).When(icmp6Is(ICMPv6RouterAdvertisement)),
		fields.BitField("M", 1, uint8(0), func(m *ICMPv6) *uint8 { return &m.M }).When(icmp6Is(ICMPv6RouterAdvertisement)),
		fields.BitField("R", 1, uint8(1), func(m *ICMPv6) *uint8 { return &m.R }).When(icmp6Is(ICMPv6NeighborAdvertisement)),
		fields.BitField("S", 1, uint8(0), func(m *ICMPv6) *uint8 { return &m.S }).
			When(func(l any) bool { return l.(*ICMPv6).Type == ICMPv6NeighborAdvertisement || icmp6MLDv2Query(l) }),
		fields.BitField("O", 1, uint8(1), func(m *ICMPv6) *uint8 { return &m.O }).When(icmp6Is(ICMPv6RouterAdvertisement, ICMPv6NeighborAdvertisement)),
		fields.BitField("H", 1, uint8(0), func(m *ICMPv6) *uint8 { return &m.H }).When(icmp6Is(ICMPv6RouterAdvertisement)),
		fields.EnumField("prf", 2, uint8(NDPPrefHigh), NDPPrefNames, func(m *ICMPv6) *uint8 { return &m.Prf }).When(icmp6Is(ICMPv6RouterAdvertisement)),
		fields.BitField("P", 1, uint8(0), func(m *ICMPv6) *uint8 { return &m.P }).When(icmp6Is(ICMPv6RouterAdvertisement)),
		fields.WithFormat(fields.XIntField("res", 0, func(m *ICMPv6) *uint32 { return &m.Reserved }),
			func(m *ICMPv6) string {
				if m.Type == ICMPv6RouterAdvertisement || m.Type == ICMPv6NeighborSolicitation || m.Type == ICMPv6RouterSolicitation {
					return strconv.FormatUint(uint64(m.Reserved), 10) // Scapy's BitField and IntField
				}
				return "0x" + strconv.FormatUint(uint64(m.Reserved), 16)
			}).
			When(icmp6Is(ICMPv6RouterSolicitation, ICMPv6RouterAdvertisement, ICMPv6NeighborSolicitation, ICMPv6NeighborAdvertisement, ICMPv6Redirect)),
		fields.XIntField("word", 0, func(m *ICMPv6) *uint32 { return &m.Reserved }).When(icmp6Other),
		fields.ShortField("routerlifetime", 1800, func(m *ICMPv6) *uint16 { return &m.RouterLifetime }).When(icmp6Is(ICMPv6RouterAdvertisement)),
		fields.IntField("reachabletime", 0, func(m *ICMPv6) *uint32 { return &m.ReachableTime }).When(icmp6Is(ICMPv6RouterAdvertisement)),
		fields.IntField("retranstimer", 0, func(m *ICMPv6) *uint32 { return &m.RetransTimer }).When(icmp6Is(ICMPv6RouterAdvertisement)),
		icmp6AddrField("tgt", func(m *ICMPv6) *netip.Addr { return &m.Target }).
			When(icmp6Is(ICMPv6NeighborSolicitation, ICMPv6NeighborAdvertisement, ICMPv6Redirect)),
		icmp6AddrField("dst", func(m *ICMPv6) *netip.Addr { return &m.Dst }).When(icmp6Is(ICMPv6Redirect)),
		fields.ShortField("mrd", 0, func(m *ICMPv6) *uint16 { return &m.MRD }).When(icmp6Is(ICMPv6MLDQuery, ICMPv6MLDReport, ICMPv6MLDDone)),
		fields.ShortField("reserved", 0, func(m *ICMPv6) *uint16 { return &m.MLDReserved }).
			When(icmp6Is(ICMPv6MLDQuery, ICMPv6MLDReport, ICMPv6MLDDone, ICMPv6MLDv2Report)),
		fields.AutoUintField("records_number", 16, func(m *ICMPv6) *fields.Opt[uint16] { return &m.RecordsNumber }).When(icmp6Is(ICMPv6MLDv2Report)),
		icmp6AddrField("mladdr", func(m *ICMPv6) *netip.Addr { return &m.MLAddr }).When(icmp6Is(ICMPv6MLDQuery, ICMPv6MLDReport, ICMPv6MLDDone)),
		fields.BitField("Resv", 4, uint8(0), func(m *ICMPv6) *uint8 { return &m.Resv }).When(icmp6MLDv2Query),
		fields.BitField("QRV", 3, uint8(0), func(m *ICMPv6) *uint8 { return &m.QRV }).When(icmp6MLDv2Query),
		fields.ByteField("QQIC", 0, func(m *ICMPv6) *uint8 { return &m.QQIC }).When(icmp6MLDv2Query),
		fields.AutoUintField("sources_number", 16, func(m *ICMPv6) *fields.Opt[uint16] { return &m.SourcesNumber }).When(icmp6MLDv2Query),
		addrListField("sources", func(m *ICMPv6) *[]netip.Addr { return &m.Sources }).When(icmp6MLDv2Query),
		fields.ListField("records", func(m *ICMPv6) any { return m.Records }, setMLDv2Records, formatMLDv2Records, jsonMLDv2Records).
			When(icmp6Is(ICMPv6MLDv2Report)),
	},
	PostBuild: icmpv6PostBuild,
}

// icmp6AddrField is an IPv6 address shown as "::" when unset.
func icmp6AddrField(name string, ptr func(*ICMPv6) *netip.Addr) fields.Field {
	return fields.WithJSON(fields.WithFormat(fields.IP6Field(name, ip6Unspecified, ptr),
		func(m *ICMPv6) string { return addr6Text(*ptr(m)) }),
		func(m *ICMPv6) any { return addr6Text(*ptr(m)) })
}

// ICMPv6Type is the registered type of ICMPv6.
var ICMPv6Type = packet.Register(icmpv6Proto)

// NewICMPv6 returns an echo request (type 128, code 0, id 0, seq 0), as
// Scapy's ICMPv6EchoRequest(). Switched to another type, the message holds
// Scapy's defaults of the error types (mtu 1280, ptr 6) and zeros
// elsewhere; NewICMPv6Of gives any type its class's defaults.
func NewICMPv6() *ICMPv6 { return &ICMPv6{Type: ICMPv6EchoRequest, MTU: 1280, Pointer: 6} }

// NewICMPv6Of returns a message of type t with the defaults of Scapy's
// class for it: a neighbor advertisement has R and O set
// (ICMPv6ND_NA()), a router advertisement a lifetime of 1800 s and
// preference High (ICMPv6ND_RA()), an MLD query a maximum response delay
// of 10000 ms (ICMPv6MLQuery()). NewICMPv6Of(ICMPv6MLDQuery) is an MLDv1
// query; set MLDv2 for Scapy's ICMPv6MLQuery2().
func NewICMPv6Of(t uint8) *ICMPv6 {
	m := NewICMPv6()
	m.Type = t
	switch t {
	case ICMPv6NeighborAdvertisement:
		m.R, m.O = 1, 1
	case ICMPv6RouterAdvertisement:
		m.Prf, m.RouterLifetime = NDPPrefHigh, 1800
	case ICMPv6MLDQuery:
		m.MRD = 10000
	}
	return m
}

func (m *ICMPv6) Proto() *packet.Proto         { return icmpv6Proto }
func (m *ICMPv6) Get(name string) (any, error) { return packet.GetField(m, name) }
func (m *ICMPv6) Set(name string, v any) error { return packet.SetField(m, name, v) }
func (m *ICMPv6) Show() string                 { return packet.ShowLayer(m) }
func (m *ICMPv6) Summary() string              { return m.SummaryIn(nil, 0) }

// HeaderLen is 8 bytes and the type's fixed body.
func (m *ICMPv6) HeaderLen() int {
	switch m.Type {
	case ICMPv6RouterAdvertisement:
		return ICMPv6HdrLen + 8
	case ICMPv6NeighborSolicitation, ICMPv6NeighborAdvertisement, ICMPv6MLDReport, ICMPv6MLDDone:
		return ICMPv6HdrLen + 16
	case ICMPv6Redirect:
		return ICMPv6HdrLen + 32
	case ICMPv6MLDQuery:
		if m.MLDv2 {
			return mldv2QueryLen + 16*len(m.Sources)
		}
		return ICMPv6HdrLen + 16
	case ICMPv6MLDv2Report:
		return ICMPv6HdrLen + mldv2RecordsLen(m.Records)
	}
	return ICMPv6HdrLen
}

// IsError reports an error message (types 0-127); those of types 1-4
// quote the offending packet.
func (m *ICMPv6) IsError() bool { return m.Type < 128 }

// IsNDP reports a neighbor discovery message (types 133-137), which
// neighbor discovery options may follow.
func (m *ICMPv6) IsNDP() bool {
	return m.Type >= ICMPv6RouterSolicitation && m.Type <= ICMPv6Redirect
}

func (m *ICMPv6) typeName() string {
	if n, ok := ICMPv6TypeNames[uint64(m.Type)]; ok {
		return n
	}
	return "type " + strconv.Itoa(int(m.Type))
}

func (m *ICMPv6) codeText() string {
	if n, ok := icmp6CodeNames[m.Type][m.Code]; ok {
		return n
	}
	return strconv.Itoa(int(m.Code))
}

// SummaryIn is Scapy's "ICMPv6 Echo Request (id: 0x0 seq: 0x0)" for echo
// messages, "ICMPv6 Neighbor Solicitation (tgt: 2001:db8::1)" for
// neighbor solicitations and advertisements, and "ICMPv6 <type> (<code or
// value>)" for the others.
func (m *ICMPv6) SummaryIn(*packet.Packet, int) string {
	s := "ICMPv6 " + m.typeName()
	switch m.Type {
	case ICMPv6EchoRequest, ICMPv6EchoReply:
		return s + " (id: 0x" + strconv.FormatUint(uint64(m.ID), 16) + " seq: 0x" + strconv.FormatUint(uint64(m.Seq), 16) + ")"
	case ICMPv6DestUnreach, ICMPv6TimeExceeded:
		return s + " (" + m.codeText() + ")"
	case ICMPv6PacketTooBig:
		return s + " (mtu: " + strconv.FormatUint(uint64(m.MTU), 10) + ")"
	case ICMPv6ParamProblem:
		return s + " (" + m.codeText() + ", ptr: " + strconv.FormatUint(uint64(m.Pointer), 10) + ")"
	case ICMPv6NeighborSolicitation, ICMPv6NeighborAdvertisement:
		return s + " (tgt: " + addr6Text(m.Target) + ")"
	case ICMPv6Redirect:
		return s + " (tgt: " + addr6Text(m.Target) + " dst: " + addr6Text(m.Dst) + ")"
	case ICMPv6RouterAdvertisement:
		return s + " Lifetime " + strconv.Itoa(int(m.RouterLifetime)) + " Hop Limit " + strconv.Itoa(int(m.CurHopLimit)) +
			" Preference " + icmpv6Proto.Field("prf").FormatUint(uint64(m.Prf&3)) +
			" Managed " + strconv.Itoa(int(m.M&1)) + " Other " + strconv.Itoa(int(m.O&1)) + " Home " + strconv.Itoa(int(m.H&1))
	case ICMPv6MLDQuery, ICMPv6MLDReport, ICMPv6MLDDone:
		if m.Type == ICMPv6MLDQuery && m.MLDv2 {
			s = "ICMPv6 MLDv2 Query"
		}
		return s + " (" + addr6Text(m.MLAddr) + ")"
	}
	if m.Code != 0 {
		return s + " (code: " + strconv.Itoa(int(m.Code)) + ")"
	}
	return s
}

// word returns the 4 bytes after the checksum as the type selects them.
func (m *ICMPv6) word() uint32 {
	switch m.Type {
	case ICMPv6EchoRequest, ICMPv6EchoReply:
		return uint32(m.ID)<<16 | uint32(m.Seq)
	case ICMPv6PacketTooBig:
		return m.MTU
	case ICMPv6ParamProblem:
		return m.Pointer
	case ICMPv6DestUnreach, ICMPv6TimeExceeded:
		return uint32(m.Length)<<24 | m.Unused&0xffffff
	case ICMPv6RouterAdvertisement:
		return uint32(m.CurHopLimit)<<24 | uint32(m.M&1)<<23 | uint32(m.O&1)<<22 | uint32(m.H&1)<<21 |
			uint32(m.Prf&3)<<19 | uint32(m.P&1)<<18 | (m.Reserved&3)<<16 | uint32(m.RouterLifetime)
	case ICMPv6NeighborAdvertisement:
		return uint32(m.R&1)<<31 | uint32(m.S&1)<<30 | uint32(m.O&1)<<29 | m.Reserved&0x1fffffff
	case ICMPv6MLDQuery, ICMPv6MLDReport, ICMPv6MLDDone:
		return uint32(m.MRD)<<16 | uint32(m.MLDReserved)
	case ICMPv6MLDv2Report:
		return uint32(m.MLDReserved)<<16 | uint32(m.RecordsNumber.Or(uint16(len(m.Records))))
	}
	return m.Reserved
}

// minLen is the length a message of this type needs (Scapy's
// icmp6typesminhdrlen).
func icmp6MinLen(t uint8) int {
	switch t {
	case ICMPv6RouterAdvertisement:
		return ICMPv6HdrLen + 8
	case ICMPv6NeighborSolicitation, ICMPv6NeighborAdvertisement, ICMPv6MLDQuery, ICMPv6MLDReport, ICMPv6MLDDone:
		return ICMPv6HdrLen + 16
	case ICMPv6Redirect:
		return ICMPv6HdrLen + 32
	}
	return ICMPv6HdrLen
}

// DecodeFromBytes decodes the header and the type's fixed body. An error
// message of types 1-4 quotes an IPv6 packet; neighbor discovery options
// after the body are layers of their own (ndp.go), the first option type
// no layer is bound to, and what follows, Raw, as in Scapy; other bodies
// are Raw.
func (m *ICMPv6) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < ICMPv6HdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	t := data[icmp6Type]
	if len(data) < icmp6MinLen(t) {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	m.Type = t
	m.Code = data[icmp6Code]
	m.Checksum = fields.Some(be16(data[icmp6Csum:]))
	w := be32(data[icmp6Word:])
	m.ID, m.Seq = uint16(w>>16), uint16(w)
	m.MTU, m.Pointer, m.Reserved = w, w, w
	m.Length, m.Unused = uint8(w>>24), w&0xffffff
	m.MLDv2 = false
	hl := ICMPv6HdrLen
	var next packet.LayerType
	switch t {
	case ICMPv6DestUnreach, ICMPv6PacketTooBig, ICMPv6TimeExceeded, ICMPv6ParamProblem:
		next = IPv6Type
		if ctx != nil {
			ctx.Quote = true
		}
	case ICMPv6RouterSolicitation:
	case ICMPv6RouterAdvertisement:
		m.CurHopLimit = uint8(w >> 24)
		f := uint8(w >> 16)
		m.M, m.O, m.H, m.Prf, m.P, m.Reserved = f>>7, f>>6&1, f>>5&1, f>>3&3, f>>2&1, uint32(f&3)
		m.RouterLifetime = uint16(w)
		m.ReachableTime = be32(data[icmp6Body:])
		m.RetransTimer = be32(data[icmp6Body+4:])
		hl += 8
	case ICMPv6NeighborSolicitation, ICMPv6NeighborAdvertisement, ICMPv6Redirect:
		if t == ICMPv6NeighborAdvertisement {
			m.R, m.S, m.O, m.Reserved = uint8(w>>31), uint8(w>>30&1), uint8(w>>29&1), w&0x1fffffff
		}
		m.Target = netip.AddrFrom16([16]byte(data[icmp6Body : icmp6Body+16]))
		hl += 16
		if t == ICMPv6Redirect {
			m.Dst = netip.AddrFrom16([16]byte(data[icmp6Body+16 : icmp6Body+32]))
			hl += 16
		}
	case ICMPv6MLDQuery, ICMPv6MLDReport, ICMPv6MLDDone:
		m.MRD, m.MLDReserved = uint16(w>>16), uint16(w)
		m.MLAddr = netip.AddrFrom16([16]byte(data[icmp6Body : icmp6Body+16]))
		hl += 16
		if t == ICMPv6MLDQuery && len(data) >= mldv2QueryLen {
			n, err := m.decodeMLDv2Query(data)
			if err != nil {
				return packet.DecodeResult{}, err
			}
			hl = n
		}
		return packet.DecodeResult{HeaderLen: hl, PayloadLen: -1}, nil
	case ICMPv6MLDv2Report:
		m.MLDReserved = uint16(w >> 16)
		m.RecordsNumber = fields.Some(uint16(w))
		var n int
		var err error
		m.Records, n, err = decodeMLDv2Records(m.Records, data[icmp6Body:], int(uint16(w)))
		if err != nil {
			return packet.DecodeResult{}, err
		}
		return packet.DecodeResult{HeaderLen: ICMPv6HdrLen + n, PayloadLen: -1}, nil
	default:
		return packet.DecodeResult{HeaderLen: hl, PayloadLen: -1}, nil
	}
	if m.IsNDP() && len(data)-hl >= 2 {
		next = packet.NextLayer(ICMPv6Type, "ndopt", uint64(data[hl]))
	}
	return packet.DecodeResult{HeaderLen: hl, PayloadLen: -1, Next: next}, nil
}

// SerializeTo writes the header and the type's body; an unset checksum
// comes from the hook, unset record and source counts from the lists.
func (m *ICMPv6) SerializeTo(b []byte, _ *packet.BuildContext) error {
	switch {
	case m.Type == ICMPv6NeighborAdvertisement && m.Reserved > 0x1fffffff:
		return icmp6Bad("res", m.Reserved, 29)
	case m.Type == ICMPv6RouterAdvertisement && m.Reserved > 3:
		return icmp6Bad("res", m.Reserved, 2)
	}
	b[icmp6Type] = m.Type
	b[icmp6Code] = m.Code
	put16(b[icmp6Csum:], m.Checksum.Value)
	put32(b[icmp6Word:], m.word())
	body := b[icmp6Body:]
	switch m.Type {
	case ICMPv6RouterAdvertisement:
		put32(body, m.ReachableTime)
		put32(body[4:], m.RetransTimer)
	case ICMPv6NeighborSolicitation, ICMPv6NeighborAdvertisement, ICMPv6Redirect:
		putAddr(body, m.Target)
		if m.Type == ICMPv6Redirect {
			putAddr(body[16:], m.Dst)
		}
	case ICMPv6MLDQuery, ICMPv6MLDReport, ICMPv6MLDDone:
		putAddr(body, m.MLAddr)
		if m.Type == ICMPv6MLDQuery && m.MLDv2 {
			m.putMLDv2Query(b)
		}
	case ICMPv6MLDv2Report:
		putMLDv2Records(body, m.Records)
	}
	return nil
}

func icmp6Bad(field string, v uint32, bits int) error {
	return &packet.BuildError{Layer: "ICMPv6", Field: field, Value: strconv.FormatUint(uint64(v), 10),
		Err: fmt.Errorf("%w: does not fit in %d bits", fields.ErrBadValue, bits)}
}

// icmpv6PostBuild computes the checksum with the pseudo-header of the
// nearest IPv6 header below (its final destination when a routing header
// lies between); with none (ICMPv6 alone, or over IPv4) it stays 0, as in
// Scapy.
func icmpv6PostBuild(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
	m := l.(*ICMPv6)
	if m.Checksum.Valid {
		return nil
	}
	put16(hdr[icmp6Csum:], 0)
	var c uint16
	p := ctx.Packet()
	for j := ctx.Index() - 1; j >= 0; j-- {
		below := p.Layer(j)
		if ip, ok := below.(*IPv6); ok {
			pl := ctx.Payload()
			ph := ip.PseudoHeaderSumIn(p, j, IPProtoICMPv6, len(hdr)+len(pl))
			c = ^checksum.Fold(checksum.Partial(pl, checksum.Partial(hdr, ph)))
			break
		}
		if _, ok := below.(packet.NetworkLayer); ok {
			break
		}
	}
	put16(hdr[icmp6Csum:], c)
	return nil
}

func init() {
	packet.Bind(packet.BindingRule{Lower: IPv6Type, Upper: ICMPv6Type, Field: "nh", Value: IPProtoICMPv6})
}

// icmp6Titles are the names of Scapy's ICMPv6 classes.
var icmp6Titles = map[uint8]string{
	1: "ICMPv6 Destination Unreachable", 2: "ICMPv6 Packet Too Big", 3: "ICMPv6 Time Exceeded",
	4: "ICMPv6 Parameter Problem", 128: "ICMPv6 Echo Request", 129: "ICMPv6 Echo Reply",
	130: "MLD - Multicast Listener Query", 131: "MLD - Multicast Listener Report",
	132: "MLD - Multicast Listener Done", 133: "ICMPv6 Neighbor Discovery - Router Solicitation",
	134: "ICMPv6 Neighbor Discovery - Router Advertisement", 135: "ICMPv6 Neighbor Discovery - Neighbor Solicitation",
	136: "ICMPv6 Neighbor Discovery - Neighbor Advertisement", 137: "ICMPv6 Neighbor Discovery - Redirect",
	143: "MLDv2 - Multicast Listener Report",
}

// Title names the message in Show as Scapy's classes do
// ("ICMPv6 Echo Request").
func (m *ICMPv6) Title() string {
	if m.Type == ICMPv6MLDQuery && m.MLDv2 {
		return "MLDv2 - Multicast Listener Query"
	}
	if t, ok := icmp6Titles[m.Type]; ok {
		return t
	}
	return "ICMPv6"
}
