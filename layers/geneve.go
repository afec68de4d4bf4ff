package layers

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// Geneve header (RFC 8926 section 3.4):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|Ver|  Opt Len  |O|C|    Rsvd.  |          Protocol Type        |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|        Virtual Network Identifier (VNI)       |    Reserved   |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                                                               |
//	~                    Variable-Length Options                    ~
//	|                                                               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Opt Len counts the options in 4-byte words. Each option (section 3.5):
//
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|          Option Class         |      Type     |R|R|R| Length  |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                 Variable-Length Option Data                   |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// with Length the data's length in 4-byte words.
const (
	geneveVerOpt   = 0
	geneveFlags    = 1
	geneveProtoOff = 2
	geneveVNI      = 4
	GeneveHdrLen   = 8
	geneveOptHdr   = 4
)

// GenevePort is Geneve's UDP port.
const GenevePort = 6081

// GeneveOption is one option TLV. Its length is that of Data, which is
// padded with zeros to a multiple of 4 bytes when built.
type GeneveOption struct {
	Class uint16
	Type  uint8 // the top bit is the critical bit
	Flags uint8 // the 3 reserved bits (Scapy's "reserved")
	Data  []byte
}

func (o *GeneveOption) len() int { return geneveOptHdr + (len(o.Data)+3)&^3 }

// GeneveClassNames names option classes as Scapy's CLASS_IDS.
var GeneveClassNames = map[uint16]string{
	0x0100: "Linux", 0x0101: "Open vSwitch", 0x0102: "Open Virtual Networking (OVN)",
	0x0103: "In-band Network Telemetry (INT)", 0x0104: "VMware", 0x0105: "Amazon.com, Inc.",
	0x0106: "Cisco Systems, Inc.", 0x0107: "Oracle Corporation", 0x0110: "Amazon.com, Inc.",
	0x0118: "IBM", 0x0128: "Ericsson", 0xfeff: "Unassigned", 0xffff: "Experimental",
}

// Geneve is a Geneve header with its options. The payload is picked by
// protocol type: Geneve's bindings (0x6558 is Ethernet), then Ethernet's.
type Geneve struct {
	Version   uint8              // 2 bits; a version other than 0 is not decoded
	OptionLen fields.Opt[uint8]  // 6 bits, in words; unset: from Options
	OAM       uint8              // 1 bit
	Critical  uint8              // 1 bit: critical options present
	Reserved  uint8              // 6 bits
	Protocol  fields.Opt[uint16] // unset: from the layer above
	VNI       uint32             // 24 bits
	Reserved2 uint8
	Options   []GeneveOption
}

var geneveProto = &packet.Proto{
	Name: "GENEVE", Aliases: []string{"Geneve"},
	Doc: "Geneve (RFC 8926) with option TLVs; UDP 6081, payload by protocol type",
	New: func() packet.Layer { return NewGeneve() },
	Fields: []fields.Field{
		fields.BitField("version", 2, uint8(0), func(g *Geneve) *uint8 { return &g.Version }),
		fields.AutoUintField("optionlen", 6, func(g *Geneve) *fields.Opt[uint8] { return &g.OptionLen }),
		fields.BitField("oam", 1, uint8(0), func(g *Geneve) *uint8 { return &g.OAM }),
		fields.BitField("critical", 1, uint8(0), func(g *Geneve) *uint8 { return &g.Critical }),
		fields.BitField("reserved", 6, uint8(0), func(g *Geneve) *uint8 { return &g.Reserved }),
		fields.AutoUintField("proto", 16, func(g *Geneve) *fields.Opt[uint16] { return &g.Protocol }).
			WithEnum(EtherTypeNames).WithHex(),
		fields.UintField("vni", 24, uint32(0), func(g *Geneve) *uint32 { return &g.VNI }).WithHex(),
		fields.XByteField("reserved2", 0, func(g *Geneve) *uint8 { return &g.Reserved2 }),
		fields.ListField("options", func(g *Geneve) any { return g.Options }, setGeneveOptions, formatGeneveOptions, jsonGeneveOptions),
	},
}

// GeneveType is the registered type of Geneve.
var GeneveType = packet.Register(geneveProto)

// NewGeneve returns a Geneve header with Scapy's defaults (vni 0, no
// options, protocol type from the layer above).
func NewGeneve() *Geneve { return &Geneve{} }

func (g *Geneve) Proto() *packet.Proto         { return geneveProto }
func (g *Geneve) Get(name string) (any, error) { return packet.GetField(g, name) }
func (g *Geneve) Set(name string, v any) error { return packet.SetField(g, name, v) }
func (g *Geneve) Show() string                 { return packet.ShowLayer(g) }
func (g *Geneve) Summary() string              { return g.SummaryIn(nil, 0) }

// SummaryIn is Scapy's "GENEVE (vni=N,optionlen=N,proto=P)".
func (g *Geneve) SummaryIn(*packet.Packet, int) string {
	ol := geneveProto.Fields[1].Format(g)
	if !g.OptionLen.Valid {
		ol = strconv.Itoa(g.optLen() / 4)
	}
	return "GENEVE (vni=" + geneveProto.Fields[6].Format(g) + ",optionlen=" + ol +
		",proto=" + geneveProto.Fields[5].Format(g) + ")"
}

func (g *Geneve) optLen() int {
	n := 0
	for i := range g.Options {
		n += g.Options[i].len()
	}
	return n
}

// HeaderLen is 8 plus the options.
func (g *Geneve) HeaderLen() int { return GeneveHdrLen + g.optLen() }

// DecodeFromBytes decodes the header and options. A version other than 0,
// or options that do not fill their length exactly, are not Geneve (the
// port heuristic misfired): ErrMalformed.
func (g *Geneve) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < GeneveHdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	g.Version = data[geneveVerOpt] >> 6
	if g.Version != 0 {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	ol := data[geneveVerOpt] & 0x3f
	hl := GeneveHdrLen + int(ol)*4
	if len(data) < hl {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	g.OptionLen = fields.Some(ol)
	f := data[geneveFlags]
	g.OAM = f >> 7
	g.Critical = f >> 6 & 1
	g.Reserved = f & 0x3f
	proto := be16(data[geneveProtoOff:])
	g.Protocol = fields.Some(proto)
	w := be32(data[geneveVNI:])
	g.VNI = w >> 8
	g.Reserved2 = uint8(w)
	g.Options = g.Options[:0]
	opts := data[GeneveHdrLen:hl]
	for len(opts) > 0 {
		if len(opts) < geneveOptHdr {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		n := geneveOptHdr + int(opts[3]&0x1f)*4
		if n > len(opts) {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		g.Options = append(g.Options, GeneveOption{Class: be16(opts), Type: opts[2], Flags: opts[3] >> 5,
			Data: opts[geneveOptHdr:n:n]})
		opts = opts[n:]
	}
	return packet.DecodeResult{HeaderLen: hl, PayloadLen: -1, Next: etherTypeNext(GeneveType, "proto", proto)}, nil
}

// SerializeTo writes the header and options; unset option length and
// protocol type are computed.
func (g *Geneve) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	ol := g.OptionLen.Value
	if !g.OptionLen.Valid {
		ol = uint8((len(b) - GeneveHdrLen) / 4)
	}
	b[geneveVerOpt] = g.Version&3<<6 | ol&0x3f
	b[geneveFlags] = g.OAM&1<<7 | g.Critical&1<<6 | g.Reserved&0x3f
	proto := g.Protocol.Value
	if !g.Protocol.Valid {
		proto = uint16(etherTypeBind(ctx, GeneveType, "proto", 0))
	}
	put16(b[geneveProtoOff:], proto)
	put32(b[geneveVNI:], g.VNI<<8|uint32(g.Reserved2))
	n := GeneveHdrLen
	for i := range g.Options {
		o := &g.Options[i]
		l := o.len()
		put16(b[n:], o.Class)
		b[n+2] = o.Type
		b[n+3] = o.Flags&7<<5 | uint8((l-geneveOptHdr)/4)&0x1f
		m := copy(b[n+geneveOptHdr:n+l], o.Data)
		clear(b[n+geneveOptHdr+m : n+l])
		n += l
	}
	return nil
}

func formatGeneveOptions(g *Geneve) string {
	if len(g.Options) == 0 {
		return "[]"
	}
	parts := make([]string, len(g.Options))
	for i, o := range g.Options {
		class := GeneveClassNames[o.Class]
		if class == "" {
			class = fmt.Sprintf("0x%04x", o.Class)
		}
		parts[i] = fmt.Sprintf("<GeneveOptions classid=%s type=0x%x length=%d data=%s>", class, o.Type,
			(len(o.Data)+3)/4, fields.ReprBytes(o.Data))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonGeneveOptions(g *Geneve) any {
	out := make([]map[string]any, len(g.Options))
	for i, o := range g.Options {
		out[i] = map[string]any{"classid": o.Class, "type": o.Type, "reserved": o.Flags,
			"length": (len(o.Data) + 3) / 4, "data": fmt.Sprintf("%x", o.Data)}
	}
	return out
}

func setGeneveOptions(g *Geneve, v any) error {
	switch x := v.(type) {
	case []GeneveOption:
		g.Options = x
	case GeneveOption:
		g.Options = []GeneveOption{x}
	default:
		return fmt.Errorf("%w: geneve options from %T (want []layers.GeneveOption)", fields.ErrBadValue, v)
	}
	return nil
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: UDPType, Upper: GeneveType, Field: "dport", Value: GenevePort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: GeneveType, Field: "sport", Value: GenevePort, DissectOnly: true},
		packet.BindingRule{Lower: GeneveType, Upper: EthernetType, Field: "proto", Value: EtherTypeTEB},
	)
}
