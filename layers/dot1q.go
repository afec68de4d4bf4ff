package layers

import (
	"strconv"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// IEEE 802.1Q VLAN tag (the 4 bytes after the tag protocol identifier,
// which is the EtherType of the layer below: 0x8100 for a customer tag,
// 0x88a8 for an 802.1ad service tag):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	| PCP |D|        VLAN ID        |     EtherType or length       |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// PCP is the priority code point, D the drop eligible indicator (the CFI
// bit of old), and the type the EtherType of what follows (a value of 1500
// or less is an 802.3 length).
const (
	dot1qTCI    = 0
	dot1qType   = 2
	Dot1QHdrLen = 4
)

// EtherType values of VLAN tags beside EtherTypeDot1Q and EtherTypeQinQ.
const (
	EtherTypeQinQ9100 = 0x9100 // pre-standard outer tag, dissected as 802.1Q
	EtherTypeQinQ9200 = 0x9200 // pre-standard outer tag, dissected as 802.1Q
)

// VLANTag holds the fields of an 802.1Q or 802.1ad tag.
type VLANTag struct {
	Priority uint8              // 3 bits (PCP)
	DEI      uint8              // 1 bit: drop eligible (Scapy's "id", the CFI)
	VLAN     uint16             // 12 bits; Scapy's default is 1
	Type     fields.Opt[uint16] // EtherType of the payload; unset: from the layer above
}

// Dot1Q is an IEEE 802.1Q VLAN tag (Scapy's Dot1Q, shown as "802.1Q").
type Dot1Q struct{ VLANTag }

// Dot1AD is an IEEE 802.1ad service VLAN tag, the outer tag of QinQ
// (Scapy's Dot1AD). Its layout is 802.1Q's.
type Dot1AD struct{ VLANTag }

func vlanFields[L any](tag func(*L) *VLANTag) []fields.Field {
	return []fields.Field{
		fields.BitField("prio", 3, uint8(0), func(l *L) *uint8 { return &tag(l).Priority }),
		fields.BitField("id", 1, uint8(0), func(l *L) *uint8 { return &tag(l).DEI }),
		fields.BitField("vlan", 12, uint16(1), func(l *L) *uint16 { return &tag(l).VLAN }),
		fields.AutoUintField("type", 16, func(l *L) *fields.Opt[uint16] { return &tag(l).Type }).
			WithEnum(EtherTypeNames).WithHex(),
	}
}

var dot1qProto = &packet.Proto{
	Name: "Dot1Q", Aliases: []string{"802.1Q", "VLAN"},
	Doc:    "IEEE 802.1Q VLAN tag (EtherType 0x8100; 0x9100 and 0x9200 dissected too)",
	New:    func() packet.Layer { return NewDot1Q() },
	Fields: vlanFields(func(d *Dot1Q) *VLANTag { return &d.VLANTag }),
}

var dot1adProto = &packet.Proto{
	Name: "Dot1AD", Aliases: []string{"802_1AD", "802.1AD", "QinQ"},
	Doc:    "IEEE 802.1ad service VLAN tag, the outer tag of QinQ (EtherType 0x88a8)",
	New:    func() packet.Layer { return NewDot1AD() },
	Fields: vlanFields(func(d *Dot1AD) *VLANTag { return &d.VLANTag }),
}

// Dot1QType and Dot1ADType are the registered types of the VLAN tags.
var (
	Dot1QType  = packet.Register(dot1qProto)
	Dot1ADType = packet.Register(dot1adProto)
)

// NewDot1Q returns an 802.1Q tag with Scapy's defaults (vlan 1, type from
// the layer above).
func NewDot1Q() *Dot1Q { return &Dot1Q{VLANTag{VLAN: 1}} }

// NewDot1AD returns an 802.1ad tag with Scapy's defaults (vlan 1).
func NewDot1AD() *Dot1AD { return &Dot1AD{VLANTag{VLAN: 1}} }

func (d *Dot1Q) Proto() *packet.Proto         { return dot1qProto }
func (d *Dot1Q) Get(name string) (any, error) { return packet.GetField(d, name) }
func (d *Dot1Q) Set(name string, v any) error { return packet.SetField(d, name, v) }
func (d *Dot1Q) Show() string                 { return packet.ShowLayer(d) }
func (d *Dot1Q) Title() string                { return "802.1Q" }
func (d *Dot1Q) Summary() string              { return d.SummaryIn(nil, 0) }
func (d *Dot1Q) HeaderLen() int               { return Dot1QHdrLen }

// SummaryIn is Scapy's "802.1q src > dst (type) vlan N".
func (d *Dot1Q) SummaryIn(p *packet.Packet, i int) string {
	return d.summary(dot1qProto, d, p, i)
}

// DecodeFromBytes decodes the 4-byte tag.
func (d *Dot1Q) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	return d.decode(data, Dot1QType)
}

// SerializeTo writes the tag; an unset type comes from the layer above.
func (d *Dot1Q) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	d.serialize(b, ctx, Dot1QType)
	return nil
}

func (d *Dot1AD) Proto() *packet.Proto         { return dot1adProto }
func (d *Dot1AD) Get(name string) (any, error) { return packet.GetField(d, name) }
func (d *Dot1AD) Set(name string, v any) error { return packet.SetField(d, name, v) }
func (d *Dot1AD) Show() string                 { return packet.ShowLayer(d) }
func (d *Dot1AD) Title() string                { return "802_1AD" }
func (d *Dot1AD) Summary() string              { return d.SummaryIn(nil, 0) }
func (d *Dot1AD) HeaderLen() int               { return Dot1QHdrLen }

// SummaryIn is as 802.1Q's (Scapy's Dot1AD inherits it).
func (d *Dot1AD) SummaryIn(p *packet.Packet, i int) string {
	return d.summary(dot1adProto, d, p, i)
}

// DecodeFromBytes decodes the 4-byte tag.
func (d *Dot1AD) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	return d.decode(data, Dot1ADType)
}

// SerializeTo writes the tag; an unset type comes from the layer above.
func (d *Dot1AD) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	d.serialize(b, ctx, Dot1ADType)
	return nil
}

// TCI returns the tag control information: priority, DEI and VLAN ID.
func (t *VLANTag) TCI() uint16 {
	return uint16(t.Priority&7)<<13 | uint16(t.DEI&1)<<12 | t.VLAN&0x0fff
}

// SetTCI sets priority, DEI and VLAN ID from the tag control information.
func (t *VLANTag) SetTCI(tci uint16) {
	t.Priority = uint8(tci >> 13)
	t.DEI = uint8(tci>>12) & 1
	t.VLAN = tci & 0x0fff
}

// decode reads a tag. A type of 1500 or less is an 802.3 length: the
// payload ends there (the rest is Padding) and is what Ethernet binds for
// length frames (LLC).
func (t *VLANTag) decode(data []byte, own packet.LayerType) (packet.DecodeResult, error) {
	if len(data) < Dot1QHdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	t.SetTCI(be16(data[dot1qTCI:]))
	typ := be16(data[dot1qType:])
	t.Type = fields.Some(typ)
	if typ <= EtherTypeMaxLength {
		return packet.DecodeResult{HeaderLen: Dot1QHdrLen, PayloadLen: int(typ), Next: packet.NextLayer(EthernetType, "llc", 0)}, nil
	}
	return packet.DecodeResult{HeaderLen: Dot1QHdrLen, PayloadLen: -1, Next: etherTypeNext(own, "type", typ)}, nil
}

func (t *VLANTag) serialize(b []byte, ctx *packet.BuildContext, own packet.LayerType) {
	put16(b[dot1qTCI:], t.TCI())
	typ := t.Type.Value
	if !t.Type.Valid {
		typ = uint16(etherTypeBind(ctx, own, "type", 0))
	}
	put16(b[dot1qType:], typ)
}

func (t *VLANTag) summary(pr *packet.Proto, l packet.Layer, p *packet.Packet, i int) string {
	typ := pr.Fields[3].Format(l)
	if p != nil {
		if e, ok := p.Layer(i - 1).(*Ethernet); ok {
			return "802.1q " + e.Src.String() + " > " + e.Dst.String() + " (" + typ + ") vlan " + strconv.Itoa(int(t.VLAN))
		}
	}
	return "802.1q (" + typ + ") vlan " + strconv.Itoa(int(t.VLAN))
}

// etherTypeNext picks the payload of a header whose field holds an
// EtherType (VLAN tags, GRE, Geneve): bindings on the header's own field
// first, then Ethernet's type bindings, so that every protocol bound to an
// EtherType works over it.
func etherTypeNext(own packet.LayerType, field string, typ uint16) packet.LayerType {
	if t := packet.NextLayer(own, field, uint64(typ)); t != 0 {
		return t
	}
	return ethTypeKey.Next(uint64(typ))
}

// etherTypeBind is the reverse of etherTypeNext for building: the value
// the header's field takes for the layer above, def when nothing is bound.
func etherTypeBind(ctx *packet.BuildContext, own packet.LayerType, field string, def uint64) uint64 {
	n := ctx.Next()
	if n == nil {
		return def
	}
	return etherTypeBindTo(own, n.Proto().Type(), field, def)
}

func etherTypeBindTo(own, up packet.LayerType, field string, def uint64) uint64 {
	if v, ok := packet.BindValue(own, up, field); ok {
		return v
	}
	if v, ok := packet.BindValue(EthernetType, up, "type"); ok {
		return v
	}
	return def
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: EthernetType, Upper: Dot1QType, Field: "type", Value: EtherTypeDot1Q},
		packet.BindingRule{Lower: EthernetType, Upper: Dot1ADType, Field: "type", Value: EtherTypeQinQ},
		packet.BindingRule{Lower: EthernetType, Upper: Dot1QType, Field: "type", Value: EtherTypeQinQ9100, DissectOnly: true},
		packet.BindingRule{Lower: EthernetType, Upper: Dot1QType, Field: "type", Value: EtherTypeQinQ9200, DissectOnly: true},
	)
}
