package layers

import (
	"strconv"

	"github.com/goscapy/goscapy/checksum"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// ICMPv6 message (RFC 4443 section 2.1), with the 4 bytes that follow the
// checksum in every message this layer knows:
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
// Errors (types 1-4) quote as much of the offending IPv6 packet as fits;
// echo messages carry data; other messages (NDP, MLD, ...) keep their body
// as Raw for now.
const (
	icmp6Type    = 0
	icmp6Code    = 1
	icmp6Csum    = 2
	icmp6Word    = 4
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

// ICMPv6 is one ICMPv6 message of any type. The 4 bytes after the checksum
// are read through the view the type selects: ID and Seq (echo), MTU
// (packet too big), Pointer (parameter problem), Length and Unused
// (destination unreachable, time exceeded) or Reserved (every other type).
// Decoding fills all views from the same 4 bytes, so changing the type of
// a decoded message keeps them.
//
// Reserved is the field "res" for router and neighbor solicitations and
// redirects, where Scapy's "res" is the same 32 bits; for every other type
// (router and neighbor advertisements, MLD, unknown types, whose first 4
// bytes Scapy splits into other fields) it is "word", a name Scapy does not
// use, so that no field shares a Scapy name with a different meaning.
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

func icmp6Other(l any) bool {
	switch l.(*ICMPv6).Type {
	case ICMPv6EchoRequest, ICMPv6EchoReply, ICMPv6PacketTooBig, ICMPv6ParamProblem, ICMPv6DestUnreach, ICMPv6TimeExceeded,
		ICMPv6RouterSolicitation, ICMPv6NeighborSolicitation, ICMPv6Redirect:
		return false
	}
	return true
}

// icmpv6Proto registers one layer for every ICMPv6 message, so that
// GetLayer("ICMPv6") finds any of them. Scapy's per-type class names
// (ICMPv6EchoRequest, ICMPv6DestUnreach, ...) are deliberately not aliases:
// GetLayer("ICMPv6EchoReply") would then return an echo request as well.
var icmpv6Proto = &packet.Proto{
	Name: "ICMPv6",
	Doc:  "ICMPv6 (RFC 4443): echo, errors quoting IPv6; other types keep their body as Raw",
	New:  func() packet.Layer { return NewICMPv6() },
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
		fields.XIntField("res", 0, func(m *ICMPv6) *uint32 { return &m.Reserved }).
			When(icmp6Is(ICMPv6RouterSolicitation, ICMPv6NeighborSolicitation, ICMPv6Redirect)),
		fields.XIntField("word", 0, func(m *ICMPv6) *uint32 { return &m.Reserved }).When(icmp6Other),
	},
	PostBuild: icmpv6PostBuild,
}

// ICMPv6Type is the registered type of ICMPv6.
var ICMPv6Type = packet.Register(icmpv6Proto)

// NewICMPv6 returns an echo request (type 128, code 0, id 0, seq 0), as
// Scapy's ICMPv6EchoRequest(). Switched to another type, the message holds
// Scapy's defaults of that type (mtu 1280, ptr 6, zeros elsewhere).
func NewICMPv6() *ICMPv6 { return &ICMPv6{Type: ICMPv6EchoRequest, MTU: 1280, Pointer: 6} }

func (m *ICMPv6) Proto() *packet.Proto         { return icmpv6Proto }
func (m *ICMPv6) Get(name string) (any, error) { return packet.GetField(m, name) }
func (m *ICMPv6) Set(name string, v any) error { return packet.SetField(m, name, v) }
func (m *ICMPv6) Show() string                 { return packet.ShowLayer(m) }
func (m *ICMPv6) Summary() string              { return m.SummaryIn(nil, 0) }
func (m *ICMPv6) HeaderLen() int               { return ICMPv6HdrLen }

// IsError reports an error message (types 0-127); those of types 1-4
// quote the offending packet.
func (m *ICMPv6) IsError() bool { return m.Type < 128 }

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
// messages and "ICMPv6 <type> (<code or value>)" for the others.
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
	}
	return m.Reserved
}

// DecodeFromBytes decodes the 8-byte header. An error message of types
// 1-4 quotes an IPv6 packet; other bodies are Raw.
func (m *ICMPv6) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < ICMPv6HdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	m.Type = data[icmp6Type]
	m.Code = data[icmp6Code]
	m.Checksum = fields.Some(be16(data[icmp6Csum:]))
	w := be32(data[icmp6Word:])
	m.ID, m.Seq = uint16(w>>16), uint16(w)
	m.MTU, m.Pointer, m.Reserved = w, w, w
	m.Length, m.Unused = uint8(w>>24), w&0xffffff
	var next packet.LayerType
	switch m.Type {
	case ICMPv6DestUnreach, ICMPv6PacketTooBig, ICMPv6TimeExceeded, ICMPv6ParamProblem:
		next = IPv6Type
		if ctx != nil {
			ctx.Quote = true
		}
	}
	return packet.DecodeResult{HeaderLen: ICMPv6HdrLen, PayloadLen: -1, Next: next}, nil
}

// SerializeTo writes the header; an unset checksum comes from the hook.
func (m *ICMPv6) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[icmp6Type] = m.Type
	b[icmp6Code] = m.Code
	put16(b[icmp6Csum:], m.Checksum.Value)
	put32(b[icmp6Word:], m.word())
	return nil
}

// icmpv6PostBuild computes the checksum with the pseudo-header of the
// nearest IPv6 header below; with none (ICMPv6 alone, or over IPv4) it
// stays 0, as in Scapy.
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
			ph := ip.PseudoHeaderSum(IPProtoICMPv6, len(hdr)+len(pl))
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
	if t, ok := icmp6Titles[m.Type]; ok {
		return t
	}
	return "ICMPv6"
}
