package layers

import (
	"strconv"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// VXLAN header (RFC 7348 section 5):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|R|R|R|R|I|R|R|R|            Reserved                           |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                VXLAN Network Identifier (VNI) |   Reserved    |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// VXLAN-GPE (draft-ietf-nvo3-vxlan-gpe, UDP 4790) sets P and carries the
// payload's protocol in the last byte of the first word; the group policy
// extension (draft-smith-vxlan-group-policy) sets G and carries policy
// flags and a group policy ID there:
//
//	|R|R|Ver|I|P|R|O|       Reserved                |Next Protocol  |  GPE
//	|G|R|R|R|I|R|R|R|R|D|R|R|A|R|R|R|        Group Policy ID        |  GBP
const (
	vxlanFlags  = 0
	vxlanWord1  = 1
	vxlanNP     = 3
	vxlanVNI    = 4
	vxlanRes2   = 7
	VXLANHdrLen = 8
)

// VXLAN flag bits (Scapy's names, least significant first: OAM, R,
// NextProtocol, Instance, V1, V2, R, G).
const (
	VXLANFlagOAM          = 0x01
	VXLANFlagNextProtocol = 0x04
	VXLANFlagInstance     = 0x08 // the VNI is valid: RFC 7348 requires it
	VXLANFlagGBP          = 0x80
)

// UDP ports of VXLAN: RFC 7348's, VXLAN-GPE's and Linux's old default.
const (
	VXLANPort      = 4789
	VXLANGPEPort   = 4790
	VXLANLinuxPort = 8472
)

// VXLAN-GPE next protocol values.
const (
	VXLANNextIPv4     = 1
	VXLANNextIPv6     = 2
	VXLANNextEthernet = 3
	VXLANNextNSH      = 4
)

var vxlanFlagNames = []string{"OAM", "R", "NextProtocol", "Instance", "V1", "V2", "R", "G"}
var vxlanGPFlagNames = []string{"R", "R", "R", "A", "R", "R", "D", "R"}
var vxlanNextNames = map[uint64]string{0: "NotDefined", 1: "IPv4", 2: "IPv6", 3: "Ethernet", 4: "NSH"}

// VXLAN is a VXLAN header, with the VXLAN-GPE and group policy forms.
// Without P the payload is Ethernet; with P it is picked by NextProtocol.
type VXLAN struct {
	// Flags unset is Scapy's: 0x0c (Instance and NextProtocol, the GPE
	// form) when the layer above has a next protocol value (Ethernet,
	// IPv4, IPv6), 0x08 (Instance) otherwise. Set VXLANFlagInstance for a
	// plain RFC 7348 header over Ethernet.
	Flags        fields.Opt[uint8]
	Reserved0    uint16            // with P: bytes 1-2
	NextProtocol fields.Opt[uint8] // with P; unset: from the layer above
	Reserved1    uint32            // without P and G: bytes 1-3 (24 bits)
	GPFlags      uint8             // with G (and not P)
	GPID         uint16            // with G (and not P): group policy ID
	VNI          uint32            // 24 bits
	Reserved2    uint8
}

func vxlanFlagsOf(l any) uint8 { return l.(*VXLAN).Flags.Or(VXLANFlagInstance) }
func vxlanHasNP(l any) bool    { return vxlanFlagsOf(l)&VXLANFlagNextProtocol != 0 }
func vxlanHasGBP(l any) bool {
	f := vxlanFlagsOf(l)
	return f&VXLANFlagGBP != 0 && f&VXLANFlagNextProtocol == 0
}
func vxlanHasRes1(l any) bool { return vxlanFlagsOf(l)&(VXLANFlagGBP|VXLANFlagNextProtocol) == 0 }

var vxlanProto = &packet.Proto{
	Name: "VXLAN", Doc: "VXLAN (RFC 7348) with GPE and group policy forms; UDP 4789, 4790, 8472",
	New: func() packet.Layer { return NewVXLAN() },
	Fields: []fields.Field{
		fields.AutoUintField("flags", 8, func(v *VXLAN) *fields.Opt[uint8] { return &v.Flags }).WithFlags(vxlanFlagNames),
		fields.ShortField("reserved0", 0, func(v *VXLAN) *uint16 { return &v.Reserved0 }).When(vxlanHasNP),
		fields.AutoUintField("NextProtocol", 8, func(v *VXLAN) *fields.Opt[uint8] { return &v.NextProtocol }).
			WithEnum(vxlanNextNames).When(vxlanHasNP),
		fields.UintField("reserved1", 24, uint32(0), func(v *VXLAN) *uint32 { return &v.Reserved1 }).When(vxlanHasRes1),
		fields.FlagsField("gpflags", 8, uint8(0), vxlanGPFlagNames, func(v *VXLAN) *uint8 { return &v.GPFlags }).When(vxlanHasGBP),
		fields.ShortField("gpid", 0, func(v *VXLAN) *uint16 { return &v.GPID }).When(vxlanHasGBP),
		fields.UintField("vni", 24, uint32(0), func(v *VXLAN) *uint32 { return &v.VNI }).WithHex(),
		fields.XByteField("reserved2", 0, func(v *VXLAN) *uint8 { return &v.Reserved2 }),
	},
}

// VXLANType is the registered type of VXLAN.
var VXLANType = packet.Register(vxlanProto)

// NewVXLAN returns a VXLAN header with Scapy's defaults (vni 0; flags and
// next protocol from the layer above).
func NewVXLAN() *VXLAN { return &VXLAN{} }

func (v *VXLAN) Proto() *packet.Proto         { return vxlanProto }
func (v *VXLAN) Get(name string) (any, error) { return packet.GetField(v, name) }
func (v *VXLAN) Set(name string, x any) error { return packet.SetField(v, name, x) }
func (v *VXLAN) Show() string                 { return packet.ShowLayer(v) }
func (v *VXLAN) Summary() string              { return v.SummaryIn(nil, 0) }
func (v *VXLAN) HeaderLen() int               { return VXLANHdrLen }

// SummaryIn is Scapy's "VXLAN (vni=N)", with the group policy ID when G is
// set.
func (v *VXLAN) SummaryIn(*packet.Packet, int) string {
	s := "VXLAN (vni=" + vxlanProto.Fields[6].Format(v)
	if vxlanFlagsOf(v)&VXLANFlagGBP != 0 {
		s += " gpid=" + strconv.Itoa(int(v.GPID))
	}
	return s + ")"
}

// DecodeFromBytes decodes the header. A header without the I flag is not
// VXLAN (RFC 7348 requires it): the port heuristic misfired, and the bytes
// stay Raw (ErrMalformed).
func (v *VXLAN) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < VXLANHdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	f := data[vxlanFlags]
	if f&VXLANFlagInstance == 0 {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	v.Flags = fields.Some(f)
	v.Reserved0, v.NextProtocol, v.Reserved1, v.GPFlags, v.GPID = 0, fields.Opt[uint8]{}, 0, 0, 0
	w := be32(data[vxlanFlags:]) & 0xffffff
	next := EthernetType
	switch {
	case f&VXLANFlagNextProtocol != 0:
		v.Reserved0 = uint16(w >> 8)
		np := uint8(w)
		v.NextProtocol = fields.Some(np)
		next = packet.NextLayer(VXLANType, "NextProtocol", uint64(np))
	case f&VXLANFlagGBP != 0:
		v.GPFlags = uint8(w >> 16)
		v.GPID = uint16(w)
	default:
		v.Reserved1 = w
	}
	x := be32(data[vxlanVNI:])
	v.VNI = x >> 8
	v.Reserved2 = uint8(x)
	return packet.DecodeResult{HeaderLen: VXLANHdrLen, PayloadLen: -1, Next: next}, nil
}

// SerializeTo writes the header; unset flags and next protocol come from
// the layer above.
func (v *VXLAN) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	np, bound := ctx.Bind("NextProtocol")
	f := v.Flags.Value
	if !v.Flags.Valid {
		f = VXLANFlagInstance
		if bound {
			f |= VXLANFlagNextProtocol
		}
	}
	var w uint32
	switch {
	case f&VXLANFlagNextProtocol != 0:
		if v.NextProtocol.Valid {
			np = uint64(v.NextProtocol.Value)
		}
		w = uint32(v.Reserved0)<<8 | uint32(np&0xff)
	case f&VXLANFlagGBP != 0:
		w = uint32(v.GPFlags)<<16 | uint32(v.GPID)
	default:
		w = v.Reserved1 & 0xffffff
	}
	put32(b[vxlanFlags:], uint32(f)<<24|w)
	put32(b[vxlanVNI:], v.VNI<<8|uint32(v.Reserved2))
	return nil
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: UDPType, Upper: VXLANType, Field: "dport", Value: VXLANPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: VXLANType, Field: "sport", Value: VXLANPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: VXLANType, Field: "dport", Value: VXLANGPEPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: VXLANType, Field: "sport", Value: VXLANGPEPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: VXLANType, Field: "dport", Value: VXLANLinuxPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: VXLANType, Field: "sport", Value: VXLANLinuxPort, DissectOnly: true},
		packet.BindingRule{Lower: VXLANType, Upper: EthernetType, Field: "NextProtocol", Value: VXLANNextEthernet},
		packet.BindingRule{Lower: VXLANType, Upper: IPv4Type, Field: "NextProtocol", Value: VXLANNextIPv4},
		packet.BindingRule{Lower: VXLANType, Upper: IPv6Type, Field: "NextProtocol", Value: VXLANNextIPv6},
		packet.BindingRule{Lower: VXLANType, Upper: EthernetType, Field: "NextProtocol", Value: 0, DissectOnly: true},
	)
}
