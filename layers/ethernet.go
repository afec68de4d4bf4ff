package layers

import (
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// Ethernet II / IEEE 802.3 header (IEEE 802.3 clause 3.1.1):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                    Destination MAC address                    |
//	+                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                               |                               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
//	|                      Source MAC address                       |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|     EtherType or length       |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
const (
	ethDst    = 0
	ethSrc    = 6
	ethType   = 12
	EthHdrLen = 14
)

// EtherType values (untyped: they fit any integer parameter).
const (
	EtherTypeIPv4   = 0x0800
	EtherTypeARP    = 0x0806
	EtherTypeRARP   = 0x8035
	EtherTypeDot1Q  = 0x8100
	EtherTypeIPv6   = 0x86dd
	EtherTypeQinQ   = 0x88a8
	EtherTypeMPLS   = 0x8847
	EtherTypeLLDP   = 0x88cc
	EtherTypePPPoED = 0x8863
	EtherTypePPPoES = 0x8864
	EtherTypeEAPOL  = 0x888e
	EtherTypeLoop   = 0x9000
	// EtherTypeMaxLength is the largest value that is an 802.3 length.
	EtherTypeMaxLength = 1500
)

// EtherTypeNames names EtherTypes as Scapy does.
var EtherTypeNames = map[uint64]string{
	0x0800: "IPv4", 0x0806: "ARP", 0x8035: "RARP", 0x8100: "n_802_1Q", 0x86dd: "IPv6",
	0x88a8: "n_802_1AD", 0x8847: "MPLS", 0x8848: "MPLS_MCAST", 0x88cc: "LLDP", 0x8863: "PPPOE_DISC",
	0x8864: "PPPOE", 0x888e: "EAPOL", 0x9000: "LOOP", 0x22f0: "AVTP", 0x88f7: "PTP",
	0x8809: "SLOW", 0x88e5: "MACSEC", 0x6558: "TEB", 0x894f: "NSH",
}

// Ethernet is an Ethernet II frame header. A Type of 1500 or less is an
// IEEE 802.3 length: the payload ends there and the rest is Padding.
type Ethernet struct {
	Dst  fields.MAC
	Src  fields.MAC
	Type fields.Opt[uint16] // EtherType; unset: from the layer above
}

var ethernetProto = &packet.Proto{
	Name: "Ethernet", Aliases: []string{"Ether", "802.3", "Dot3"},
	Doc: "Ethernet II and IEEE 802.3 (length) framing",
	New: func() packet.Layer { return NewEthernet() },
	Fields: []fields.Field{
		fields.MACField("dst", fields.BroadcastMAC, func(e *Ethernet) *fields.MAC { return &e.Dst }),
		fields.MACField("src", fields.MAC{}, func(e *Ethernet) *fields.MAC { return &e.Src }),
		fields.AutoUintField("type", 16, func(e *Ethernet) *fields.Opt[uint16] { return &e.Type }).
			WithEnum(EtherTypeNames).WithHex(),
	},
	PostBuild: nil,
}

// EthernetType is the registered type of Ethernet.
var EthernetType = packet.Register(ethernetProto)

// NewEthernet returns an Ethernet header with Scapy's defaults.
func NewEthernet() *Ethernet { return &Ethernet{Dst: fields.BroadcastMAC} }

func (e *Ethernet) Proto() *packet.Proto         { return ethernetProto }
func (e *Ethernet) Get(name string) (any, error) { return packet.GetField(e, name) }
func (e *Ethernet) Set(name string, v any) error { return packet.SetField(e, name, v) }
func (e *Ethernet) Show() string                 { return packet.ShowLayer(e) }
func (e *Ethernet) Summary() string              { return e.SummaryIn(nil, 0) }
func (e *Ethernet) HeaderLen() int               { return EthHdrLen }

// SummaryIn is "src > dst (type)".
func (e *Ethernet) SummaryIn(*packet.Packet, int) string {
	return e.Src.String() + " > " + e.Dst.String() + " (" + ethernetProto.Fields[2].Format(e) + ")"
}

// DecodeFromBytes decodes the 14-byte header.
// The dissection bindings read by the decoders of the hot layers.
var (
	ethTypeKey = packet.NewBindKey(EthernetType, "type")
	ethLLCKey  = packet.NewBindKey(EthernetType, "llc")
)

func (e *Ethernet) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < EthHdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	e.Dst = fields.MAC(data[ethDst : ethDst+6])
	e.Src = fields.MAC(data[ethSrc : ethSrc+6])
	t := be16(data[ethType:])
	e.Type = fields.Some(t)
	if t <= EtherTypeMaxLength {
		return packet.DecodeResult{HeaderLen: EthHdrLen, PayloadLen: int(t), Next: ethLLCKey.Next(0)}, nil
	}
	return packet.DecodeResult{HeaderLen: EthHdrLen, PayloadLen: -1, Next: ethTypeKey.Next(uint64(t))}, nil
}

// SerializeTo writes the header; an unset type comes from the binding of
// the layer above (0x9000, Scapy's default, when nothing is bound).
func (e *Ethernet) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	*(*fields.MAC)(b[ethDst : ethDst+6]) = e.Dst
	*(*fields.MAC)(b[ethSrc : ethSrc+6]) = e.Src
	t := e.Type.Value
	if !e.Type.Valid {
		t = EtherTypeLoop
		if v, ok := ethTypeKey.Value(ctx); ok {
			t = uint16(v)
		} else if _, ok := ctx.Bind("llc"); ok {
			// LLC rides on 802.3 framing: the field is the length (as
			// Scapy's Dot3 computes it).
			t = uint16(min(len(ctx.Payload()), EtherTypeMaxLength))
		}
	}
	put16(b[ethType:], t)
	return nil
}

func init() {
	packet.BindLinkType(1, EthernetType) // LINKTYPE_ETHERNET
}
