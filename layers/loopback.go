package layers

import (
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// BSD loopback header (LINKTYPE_NULL, 0, in the byte order of the host
// that captured; LINKTYPE_LOOP, 108, in network byte order, OpenBSD; see
// https://www.tcpdump.org/linktypes/LINKTYPE_NULL.html):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|            Address family (AF_*), host or network order       |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
const (
	loFamily    = 0
	LoopbackLen = 4
)

// Address families of the loopback header. AF_INET6 differs between
// systems; all three values are IPv6 when dissecting, and building uses
// LoopbackAFInet6.
const (
	LoopbackAFInet         = 2
	LoopbackAFInet6        = 24 // NetBSD, OpenBSD, BSD/OS, Windows (Npcap)
	LoopbackAFInet6FreeBSD = 28
	LoopbackAFInet6Darwin  = 30
	// LoopbackAFInet6Linux is Linux's AF_INET6, which Scapy on Linux
	// writes; it is dissected as IPv6 too.
	LoopbackAFInet6Linux = 10
)

// LoopbackFamilyNames names address families as Scapy's LOOPBACK_TYPES,
// except that the three IPv6 values have distinct names so that a name
// sets one value.
var LoopbackFamilyNames = map[uint64]string{
	2: "IPv4", 7: "OSI", 16: "Appletalk", 23: "Netware IPX/SPX",
	24: "IPv6", 28: "IPv6_FreeBSD", 30: "IPv6_Darwin",
}

// Loopback is the 4-byte BSD loopback header, Scapy's Loopback. Decoding
// accepts either byte order (the smaller reading wins) and records it in
// BigEndian, so a decoded header re-encodes as it was read.
type Loopback struct {
	Family fields.Opt[uint32] // "type": AF_* value; unset: from the layer above
	// BigEndian writes the family in network byte order (LINKTYPE_LOOP,
	// big-endian hosts); false is little-endian, as most captures.
	BigEndian bool
}

var loopbackProto = &packet.Proto{
	Name: "Loopback", Aliases: []string{"Null", "BSDLoopback"},
	Doc: "BSD loopback (LINKTYPE_NULL, LINKTYPE_LOOP): 4-byte address family",
	New: func() packet.Layer { return NewLoopback() },
	Fields: []fields.Field{
		fields.AutoUintField("type", 32, func(l *Loopback) *fields.Opt[uint32] { return &l.Family }).
			WithEnum(LoopbackFamilyNames),
	},
}

// LoopbackType is the registered type of Loopback.
var LoopbackType = packet.Register(loopbackProto)

// NewLoopback returns a little-endian (LINKTYPE_NULL) header whose family
// comes from the layer above.
func NewLoopback() *Loopback { return &Loopback{} }

// NewLoop returns a network-byte-order (LINKTYPE_LOOP) header whose family
// comes from the layer above.
func NewLoop() *Loopback { return &Loopback{BigEndian: true} }

func (l *Loopback) Proto() *packet.Proto         { return loopbackProto }
func (l *Loopback) Get(name string) (any, error) { return packet.GetField(l, name) }
func (l *Loopback) Set(name string, v any) error { return packet.SetField(l, name, v) }
func (l *Loopback) Show() string                 { return packet.ShowLayer(l) }
func (l *Loopback) HeaderLen() int               { return LoopbackLen }

// Summary is "Loopback (family)". Like Scapy, the packet's summary line
// names the layer only.
func (l *Loopback) Summary() string {
	return "Loopback (" + loopbackProto.Fields[0].Format(l) + ")"
}

// DecodeFromBytes decodes the 4-byte header in either byte order.
func (l *Loopback) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < LoopbackLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	be := be32(data[loFamily:])
	le := loopbackLE32(data[loFamily:])
	l.BigEndian = be < le
	l.Family = fields.Some(min(be, le))
	return packet.DecodeResult{HeaderLen: LoopbackLen, PayloadLen: -1,
		Next: packet.NextLayer(LoopbackType, "type", uint64(l.Family.Value))}, nil
}

// SerializeTo writes the header; an unset family comes from the layer
// above (AF_INET, Scapy's default, when nothing is bound).
func (l *Loopback) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	f := l.Family.Value
	if !l.Family.Valid {
		f = LoopbackAFInet
		if v, ok := ctx.Bind("type"); ok {
			f = uint32(v)
		}
	}
	if l.BigEndian {
		put32(b[loFamily:], f)
	} else {
		b[0], b[1], b[2], b[3] = byte(f), byte(f>>8), byte(f>>16), byte(f>>24)
	}
	return nil
}

func loopbackLE32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: LoopbackType, Upper: IPv4Type, Field: "type", Value: LoopbackAFInet},
		packet.BindingRule{Lower: LoopbackType, Upper: IPv6Type, Field: "type", Value: LoopbackAFInet6},
		packet.BindingRule{Lower: LoopbackType, Upper: IPv6Type, Field: "type", Value: LoopbackAFInet6FreeBSD, DissectOnly: true},
		packet.BindingRule{Lower: LoopbackType, Upper: IPv6Type, Field: "type", Value: LoopbackAFInet6Darwin, DissectOnly: true},
		packet.BindingRule{Lower: LoopbackType, Upper: IPv6Type, Field: "type", Value: LoopbackAFInet6Linux, DissectOnly: true},
	)
	packet.BindLinkType(0, LoopbackType)   // LINKTYPE_NULL
	packet.BindLinkType(108, LoopbackType) // LINKTYPE_LOOP
}
