package layers

import (
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// Linux cooked capture header, version 1 (LINKTYPE_LINUX_SLL, 113; see
// https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|          Packet type          |        ARPHRD_ type           |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|   Link-layer address length   |                               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
//	|           Link-layer address (8 bytes, zero padded)           |
//	+                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                               |        Protocol type          |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
const (
	sllPktType   = 0
	sllHaType    = 2
	sllHaLen     = 4
	sllAddr      = 6
	sllProtoOff  = 14
	SLLHdrLen    = 16
	sllAddrBytes = 8
)

// Linux cooked capture header, version 2 (LINKTYPE_LINUX_SLL2, 276; see
// https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL2.html):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|         Protocol type         |       Reserved (MBZ)          |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                       Interface index                         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|          ARPHRD_ type         |  Packet type  | Address length|
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|           Link-layer address (8 bytes, zero padded)           |
//	+                                                               +
//	|                                                               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
const (
	sll2ProtoOff = 0
	sll2Reserved = 2
	sll2IfIndex  = 4
	sll2HaType   = 8
	sll2PktType  = 10
	sll2HaLen    = 11
	sll2Addr     = 12
	SLL2HdrLen   = 20
)

// Packet types of the cooked headers (Linux PACKET_*): who the packet was
// for, as the capturing host saw it.
const (
	SLLHost      = 0 // to us
	SLLBroadcast = 1
	SLLMulticast = 2
	SLLOtherHost = 3 // to another host, seen in promiscuous mode
	SLLOutgoing  = 4 // sent by us
)

// SLLPacketTypeNames names packet types as Scapy's
// COOKED_LINUX_PACKET_TYPES.
var SLLPacketTypeNames = map[uint64]string{
	0: "unicast", 1: "broadcast", 2: "multicast", 3: "unicast-to-another-host", 4: "sent-by-us",
}

// Protocol values of the cooked headers that are not EtherTypes (Linux
// ETH_P_*); every other value is an EtherType.
const (
	SLLProtoNovell8023 = 0x0001 // Novell 802.3 frame without an 802.2 LLC header
	SLLProtoLLC        = 0x0004 // frame starting with an 802.2 LLC header
	SLLProtoCAN        = 0x000c
	SLLProtoCANFD      = 0x000d
)

// SLL is a Linux cooked capture header (version 1), Scapy's CookedLinux.
// The payload is picked by protocol type: first from bindings on SLL's
// "proto" field, then from Ethernet's "type" bindings, so every protocol
// bound to Ethernet works over it.
type SLL struct {
	PktType    uint16 // SLLHost, SLLOutgoing, ...
	LLAddrType uint16 // ARPHRD_ type (1: Ethernet); Scapy's default is 512
	LLAddrLen  uint16 // bytes of Src that hold the address
	// Src is the link-layer source address field: 8 bytes on the wire,
	// zero padded when shorter, cut when longer. Decoding keeps a
	// sub-slice of the input.
	Src      []byte
	Protocol fields.Opt[uint16] // EtherType or SLLProto*; unset: from the layer above
}

var sllProto = &packet.Proto{
	Name: "CookedLinux", Aliases: []string{"SLL", "LinuxSLL", "cooked linux"},
	Doc: "Linux cooked capture v1 (LINKTYPE_LINUX_SLL)",
	New: func() packet.Layer { return NewSLL() },
	Fields: []fields.Field{
		fields.ShortField("pkttype", 0, func(s *SLL) *uint16 { return &s.PktType }).WithEnum(SLLPacketTypeNames),
		fields.XShortField("lladdrtype", 512, func(s *SLL) *uint16 { return &s.LLAddrType }),
		fields.ShortField("lladdrlen", 0, func(s *SLL) *uint16 { return &s.LLAddrLen }),
		fields.WithFormat(fields.BytesField("src", func(s *SLL) *[]byte { return &s.Src }),
			func(s *SLL) string { return linkAddrText(s.Src, int(s.LLAddrLen)) }),
		fields.AutoUintField("proto", 16, func(s *SLL) *fields.Opt[uint16] { return &s.Protocol }).
			WithEnum(EtherTypeNames).WithHex(),
	},
}

// SLLType is the registered type of SLL.
var SLLType = packet.Register(sllProto)

// NewSLL returns a cooked header with Scapy's defaults (lladdrtype 0x200).
func NewSLL() *SLL { return &SLL{LLAddrType: 512} }

func (s *SLL) Proto() *packet.Proto         { return sllProto }
func (s *SLL) Get(name string) (any, error) { return packet.GetField(s, name) }
func (s *SLL) Set(name string, v any) error { return packet.SetField(s, name, v) }
func (s *SLL) Show() string                 { return packet.ShowLayer(s) }
func (s *SLL) HeaderLen() int               { return SLLHdrLen }

// Addr returns the link-layer address: the first lladdrlen bytes of Src.
func (s *SLL) Addr() []byte { return s.Src[:min(int(s.LLAddrLen), len(s.Src))] }

// Summary is "CookedLinux pkttype address (proto)". Like Scapy, the
// packet's summary line names the layer only ("CookedLinux / IP / ...").
func (s *SLL) Summary() string {
	return sllSummary("CookedLinux", sllProto.Fields[0].Format(s), s.Src, int(s.LLAddrLen), "("+sllProto.Fields[4].Format(s)+")")
}

// DecodeFromBytes decodes the 16-byte header.
func (s *SLL) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < SLLHdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	s.PktType = be16(data[sllPktType:])
	s.LLAddrType = be16(data[sllHaType:])
	s.LLAddrLen = be16(data[sllHaLen:])
	s.Src = data[sllAddr : sllAddr+sllAddrBytes : sllAddr+sllAddrBytes]
	p := be16(data[sllProtoOff:])
	s.Protocol = fields.Some(p)
	return packet.DecodeResult{HeaderLen: SLLHdrLen, PayloadLen: -1, Next: sllNext(SLLType, p)}, nil
}

// SerializeTo writes the header; an unset proto comes from the layer
// above (0x0800, Scapy's default, when nothing is bound).
func (s *SLL) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	put16(b[sllPktType:], s.PktType)
	put16(b[sllHaType:], s.LLAddrType)
	put16(b[sllHaLen:], s.LLAddrLen)
	putLinkAddr(b[sllAddr:sllAddr+sllAddrBytes], s.Src)
	p := s.Protocol.Value
	if !s.Protocol.Valid {
		p = sllBuildProto(ctx, SLLType)
	}
	put16(b[sllProtoOff:], p)
	return nil
}

// SLL2 is a Linux cooked capture header version 2, Scapy's CookedLinuxV2.
// Its payload is picked as SLL's: bindings on SLL2's "proto" field, then
// SLL's, then Ethernet's "type".
type SLL2 struct {
	Protocol   fields.Opt[uint16] // EtherType or SLLProto*; unset: from the layer above
	Reserved   uint16
	IfIndex    uint32 // interface the packet was captured on
	LLAddrType uint16 // ARPHRD_ type; Scapy's default is 512
	PktType    uint8
	LLAddrLen  uint8
	Src        []byte // as SLL.Src: 8 bytes on the wire
}

var sll2Proto = &packet.Proto{
	Name: "CookedLinuxV2", Aliases: []string{"SLL2", "LinuxSLL2", "cooked linux v2"},
	Doc: "Linux cooked capture v2 (LINKTYPE_LINUX_SLL2)",
	New: func() packet.Layer { return NewSLL2() },
	Fields: []fields.Field{
		fields.AutoUintField("proto", 16, func(s *SLL2) *fields.Opt[uint16] { return &s.Protocol }).
			WithEnum(EtherTypeNames).WithHex(),
		fields.ShortField("reserved", 0, func(s *SLL2) *uint16 { return &s.Reserved }),
		fields.IntField("ifindex", 0, func(s *SLL2) *uint32 { return &s.IfIndex }),
		fields.XShortField("lladdrtype", 512, func(s *SLL2) *uint16 { return &s.LLAddrType }),
		fields.ByteField("pkttype", 0, func(s *SLL2) *uint8 { return &s.PktType }).WithEnum(SLLPacketTypeNames),
		fields.ByteField("lladdrlen", 0, func(s *SLL2) *uint8 { return &s.LLAddrLen }),
		fields.WithFormat(fields.BytesField("src", func(s *SLL2) *[]byte { return &s.Src }),
			func(s *SLL2) string { return linkAddrText(s.Src, int(s.LLAddrLen)) }),
	},
}

// SLL2Type is the registered type of SLL2.
var SLL2Type = packet.Register(sll2Proto)

// NewSLL2 returns a cooked v2 header with Scapy's defaults (lladdrtype
// 0x200).
func NewSLL2() *SLL2 { return &SLL2{LLAddrType: 512} }

func (s *SLL2) Proto() *packet.Proto         { return sll2Proto }
func (s *SLL2) Get(name string) (any, error) { return packet.GetField(s, name) }
func (s *SLL2) Set(name string, v any) error { return packet.SetField(s, name, v) }
func (s *SLL2) Show() string                 { return packet.ShowLayer(s) }
func (s *SLL2) HeaderLen() int               { return SLL2HdrLen }

// Addr returns the link-layer address: the first lladdrlen bytes of Src.
func (s *SLL2) Addr() []byte { return s.Src[:min(int(s.LLAddrLen), len(s.Src))] }

// Summary is "CookedLinuxV2 pkttype address ifindex N (proto)". Like
// Scapy, the packet's summary line names the layer only.
func (s *SLL2) Summary() string {
	return sllSummary("CookedLinuxV2", sll2Proto.Fields[4].Format(s), s.Src, int(s.LLAddrLen),
		"ifindex "+strconv.FormatUint(uint64(s.IfIndex), 10)+" ("+sll2Proto.Fields[0].Format(s)+")")
}

// DecodeFromBytes decodes the 20-byte header.
func (s *SLL2) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < SLL2HdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	p := be16(data[sll2ProtoOff:])
	s.Protocol = fields.Some(p)
	s.Reserved = be16(data[sll2Reserved:])
	s.IfIndex = be32(data[sll2IfIndex:])
	s.LLAddrType = be16(data[sll2HaType:])
	s.PktType = data[sll2PktType]
	s.LLAddrLen = data[sll2HaLen]
	s.Src = data[sll2Addr : sll2Addr+sllAddrBytes : sll2Addr+sllAddrBytes]
	return packet.DecodeResult{HeaderLen: SLL2HdrLen, PayloadLen: -1, Next: sllNext(SLL2Type, p)}, nil
}

// SerializeTo writes the header; an unset proto comes from the layer
// above (0x0800 when nothing is bound).
func (s *SLL2) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	p := s.Protocol.Value
	if !s.Protocol.Valid {
		p = sllBuildProto(ctx, SLL2Type)
	}
	put16(b[sll2ProtoOff:], p)
	put16(b[sll2Reserved:], s.Reserved)
	put32(b[sll2IfIndex:], s.IfIndex)
	put16(b[sll2HaType:], s.LLAddrType)
	b[sll2PktType] = s.PktType
	b[sll2HaLen] = s.LLAddrLen
	putLinkAddr(b[sll2Addr:sll2Addr+sllAddrBytes], s.Src)
	return nil
}

// sllNext picks the payload of a cooked header: bindings on the header's
// own "proto" field (SLL's too for SLL2), then Ethernet's table, where an
// LLC payload is the one Ethernet binds for 802.3 length frames.
func sllNext(own packet.LayerType, proto uint16) packet.LayerType {
	if t := packet.NextLayer(own, "proto", uint64(proto)); t != 0 {
		return t
	}
	if own != SLLType {
		if t := packet.NextLayer(SLLType, "proto", uint64(proto)); t != 0 {
			return t
		}
	}
	if proto == SLLProtoLLC {
		return packet.NextLayer(EthernetType, "llc", 0)
	}
	return packet.NextLayer(EthernetType, "type", uint64(proto))
}

// sllBuildProto is the proto value for the layer above, the reverse of
// sllNext; 0x0800 when nothing is bound (Scapy's default).
func sllBuildProto(ctx *packet.BuildContext, own packet.LayerType) uint16 {
	n := ctx.Next()
	if n == nil {
		return EtherTypeIPv4
	}
	up := n.Proto().Type()
	if v, ok := packet.BindValue(own, up, "proto"); ok {
		return uint16(v)
	}
	if own != SLLType {
		if v, ok := packet.BindValue(SLLType, up, "proto"); ok {
			return uint16(v)
		}
	}
	if v, ok := packet.BindValue(EthernetType, up, "type"); ok {
		return uint16(v)
	}
	if _, ok := packet.BindValue(EthernetType, up, "llc"); ok {
		return SLLProtoLLC
	}
	return EtherTypeIPv4
}

// putLinkAddr writes a into the 8-byte address field, zero padded.
func putLinkAddr(b, a []byte) {
	n := copy(b, a)
	clear(b[n:])
}

// linkAddrText shows the first n bytes of an address field as
// colon-separated hex (a MAC for n = 6); with n out of 1..8 it shows the
// whole field as bytes.
func linkAddrText(a []byte, n int) string {
	if n < 1 || n > sllAddrBytes || n > len(a) {
		return fields.ReprBytes(a)
	}
	const digits = "0123456789abcdef"
	var sb strings.Builder
	for i, c := range a[:n] {
		if i > 0 {
			sb.WriteByte(':')
		}
		sb.WriteByte(digits[c>>4])
		sb.WriteByte(digits[c&15])
	}
	return sb.String()
}

func sllSummary(name, pkttype string, src []byte, n int, rest string) string {
	s := name + " " + pkttype
	if n > 0 {
		s += " " + linkAddrText(src, n)
	}
	return s + " " + rest
}

func init() {
	packet.BindLinkType(113, SLLType)  // LINKTYPE_LINUX_SLL
	packet.BindLinkType(276, SLL2Type) // LINKTYPE_LINUX_SLL2
}
