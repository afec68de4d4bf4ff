package goscapy

import (
	"net"
	"net/netip"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Dot1QBuilder builds an IEEE 802.1Q VLAN tag.
type Dot1QBuilder struct{ base[*layers.Dot1Q] }

// NewDot1Q starts an 802.1Q tag with Scapy's defaults (vlan 1, priority
// 0, type from the layer above). Ethernet below it gets type 0x8100.
func NewDot1Q() *Dot1QBuilder { return &Dot1QBuilder{base[*layers.Dot1Q]{l: layers.NewDot1Q()}} }

// VLAN sets the 12-bit VLAN ID.
func (b *Dot1QBuilder) VLAN(v uint16) *Dot1QBuilder { b.l.VLAN = vlanID(&b.base, v); return b }

// Prio sets the 3-bit priority code point.
func (b *Dot1QBuilder) Prio(v uint8) *Dot1QBuilder {
	b.l.Priority = bitsOf(&b.base, "prio", v, 3)
	return b
}

// DEI sets the drop eligible indicator (Scapy's "id", the old CFI).
func (b *Dot1QBuilder) DEI(v uint8) *Dot1QBuilder { b.l.DEI = bitsOf(&b.base, "id", v, 1); return b }

// Type sets the EtherType of the payload; by default it comes from the
// layer above.
func (b *Dot1QBuilder) Type(v uint16) *Dot1QBuilder { b.l.Type = fields.Some(v); return b }

// Set sets any field by its Scapy name.
func (b *Dot1QBuilder) Set(field string, v any) *Dot1QBuilder { b.set(field, v); return b }

// Dot1ADBuilder builds an IEEE 802.1ad service tag, the outer tag of QinQ.
type Dot1ADBuilder struct{ base[*layers.Dot1AD] }

// NewDot1AD starts an 802.1ad tag with Scapy's defaults (vlan 1). Ethernet
// below it gets type 0x88a8; an 802.1Q tag above it makes its type 0x8100.
func NewDot1AD() *Dot1ADBuilder { return &Dot1ADBuilder{base[*layers.Dot1AD]{l: layers.NewDot1AD()}} }

// VLAN sets the 12-bit VLAN ID (the service VLAN).
func (b *Dot1ADBuilder) VLAN(v uint16) *Dot1ADBuilder { b.l.VLAN = vlanID(&b.base, v); return b }

// Prio sets the 3-bit priority code point.
func (b *Dot1ADBuilder) Prio(v uint8) *Dot1ADBuilder {
	b.l.Priority = bitsOf(&b.base, "prio", v, 3)
	return b
}

// DEI sets the drop eligible indicator.
func (b *Dot1ADBuilder) DEI(v uint8) *Dot1ADBuilder { b.l.DEI = bitsOf(&b.base, "id", v, 1); return b }

// Type sets the EtherType of the payload; by default it comes from the
// layer above.
func (b *Dot1ADBuilder) Type(v uint16) *Dot1ADBuilder { b.l.Type = fields.Some(v); return b }

// Set sets any field by its Scapy name.
func (b *Dot1ADBuilder) Set(field string, v any) *Dot1ADBuilder { b.set(field, v); return b }

func vlanID[L packet.Layer](b *base[L], v uint16) uint16 {
	if v > 0x0fff {
		b.fail("vlan", v, fields.ErrBadValue)
	}
	return v & 0x0fff
}

// bitsOf checks that v fits n bits, recording an error naming the field.
func bitsOf[L packet.Layer, T uint8 | uint16 | uint32](b *base[L], field string, v T, n int) T {
	if uint64(v) >= 1<<n {
		b.fail(field, v, fields.ErrBadValue)
	}
	return v & (1<<n - 1)
}

// MPLSBuilder builds one MPLS label stack entry.
type MPLSBuilder struct{ base[*layers.MPLS] }

// NewMPLS starts a label stack entry with Scapy's defaults: ttl 0, cos 0,
// label 0 under IPv4, 2 under IPv6, 3 otherwise, bottom of stack set
// unless another entry follows. Ethernet below it gets type 0x8847.
func NewMPLS() *MPLSBuilder { return &MPLSBuilder{base[*layers.MPLS]{l: layers.NewMPLS()}} }

// Label sets the 20-bit label.
func (b *MPLSBuilder) Label(v uint32) *MPLSBuilder {
	b.l.Label = fields.Some(bitsOf(&b.base, "label", v, 20))
	return b
}

// COS sets the 3-bit traffic class (Scapy's "cos", the EXP bits).
func (b *MPLSBuilder) COS(v uint8) *MPLSBuilder { b.l.TC = bitsOf(&b.base, "cos", v, 3); return b }

// S sets the bottom-of-stack bit; by default it is computed.
func (b *MPLSBuilder) S(v uint8) *MPLSBuilder {
	b.l.S = fields.Some(bitsOf(&b.base, "s", v, 1))
	return b
}

// TTL sets the time to live.
func (b *MPLSBuilder) TTL(v uint8) *MPLSBuilder { b.l.TTL = v; return b }

// Set sets any field by its Scapy name.
func (b *MPLSBuilder) Set(field string, v any) *MPLSBuilder { b.set(field, v); return b }

// MPLSStack returns a label stack, outermost label first, each entry with
// the given TTL; the last entry is the bottom of the stack.
func MPLSStack(ttl uint8, labels ...uint32) *Stack {
	s := &Stack{}
	for _, l := range labels {
		s.Over(NewMPLS().Label(l).TTL(ttl))
	}
	return s
}

// EoMCWBuilder builds an Ethernet pseudowire control word.
type EoMCWBuilder struct{ base[*layers.EoMCW] }

// NewEoMCW starts a control word of zeros; put Ethernet over it.
func NewEoMCW() *EoMCWBuilder { return &EoMCWBuilder{base[*layers.EoMCW]{l: layers.NewEoMCW()}} }

// Seq sets the sequence number.
func (b *EoMCWBuilder) Seq(v uint16) *EoMCWBuilder { b.l.Seq = v; return b }

// Set sets any field by its Scapy name.
func (b *EoMCWBuilder) Set(field string, v any) *EoMCWBuilder { b.set(field, v); return b }

// GREBuilder builds a GRE header (version 0, or PPTP's version 1).
type GREBuilder struct{ base[*layers.GRE] }

// NewGRE starts a GRE header with Scapy's defaults: no checksum, key or
// sequence number; protocol type from the layer above (0x0800 for IPv4,
// 0x86dd for IPv6, 0x6558 for Ethernet, 0x8847 for MPLS, ...). IPv4 below
// it gets protocol 47.
func NewGRE() *GREBuilder { return &GREBuilder{base[*layers.GRE]{l: layers.NewGRE()}} }

// NewGREPPTP starts PPTP's enhanced GRE header (Scapy's GRE_PPTP):
// version 1, protocol PPP, payload length computed.
func NewGREPPTP() *GREBuilder { return &GREBuilder{base[*layers.GRE]{l: layers.NewGREPPTP()}} }

// Proto sets the protocol type; by default it comes from the layer above.
func (b *GREBuilder) Proto(v uint16) *GREBuilder { b.l.Protocol = fields.Some(v); return b }

// ChecksumPresent sets the C bit: the checksum is computed unless Chksum
// sets it.
func (b *GREBuilder) ChecksumPresent() *GREBuilder { b.l.ChecksumPresent = 1; return b }

// Chksum sets the C bit and the checksum (by default it is computed).
func (b *GREBuilder) Chksum(v uint16) *GREBuilder {
	b.l.ChecksumPresent = 1
	b.l.Checksum = fields.Some(v)
	return b
}

// Key sets the K bit and the key (version 0).
func (b *GREBuilder) Key(v uint32) *GREBuilder { b.l.KeyPresent = 1; b.l.Key = v; return b }

// Seq sets the S bit and the sequence number.
func (b *GREBuilder) Seq(v uint32) *GREBuilder {
	b.l.SeqPresent = fields.Some(uint8(1))
	b.l.Seq = v
	return b
}

// Ack sets the A bit and the acknowledgment number (version 1).
func (b *GREBuilder) Ack(v uint32) *GREBuilder { b.l.AckPresent = 1; b.l.Ack = v; return b }

// CallID sets the K bit and the call ID (version 1).
func (b *GREBuilder) CallID(v uint16) *GREBuilder { b.l.KeyPresent = 1; b.l.CallID = v; return b }

// PayloadLen sets PPTP's payload length; by default it is computed.
func (b *GREBuilder) PayloadLen(v uint16) *GREBuilder { b.l.PayloadLen = fields.Some(v); return b }

// Version sets the 3-bit version (0 GRE, 1 PPTP's enhanced GRE).
func (b *GREBuilder) Version(v uint8) *GREBuilder {
	b.l.Version = bitsOf(&b.base, "version", v, 3)
	return b
}

// Flags sets the reserved flag bits (5 in version 0, 4 in version 1).
func (b *GREBuilder) Flags(v uint8) *GREBuilder { b.l.Flags = bitsOf(&b.base, "flags", v, 5); return b }

// RecursionControl sets the 3-bit recursion control (RFC 1701).
func (b *GREBuilder) RecursionControl(v uint8) *GREBuilder {
	b.l.RecursionControl = bitsOf(&b.base, "recursion_control", v, 3)
	return b
}

// Set sets any field by its Scapy name.
func (b *GREBuilder) Set(field string, v any) *GREBuilder { b.set(field, v); return b }

// VXLANBuilder builds a VXLAN header.
type VXLANBuilder struct{ base[*layers.VXLAN] }

// NewVXLAN starts a VXLAN header with Scapy's defaults: vni 0; flags 0x0c
// with the next protocol of the layer above (Scapy's GPE form) when there
// is one, 0x08 otherwise. Call Flags(layers.VXLANFlagInstance) for a plain
// RFC 7348 header. The UDP layer below keeps its own ports: set the
// destination port to 4789 (layers.VXLANPort), as VXLANEncap does.
func NewVXLAN() *VXLANBuilder { return &VXLANBuilder{base[*layers.VXLAN]{l: layers.NewVXLAN()}} }

// VNI sets the 24-bit network identifier.
func (b *VXLANBuilder) VNI(v uint32) *VXLANBuilder { b.l.VNI = bitsOf(&b.base, "vni", v, 24); return b }

// Flags sets the flags (layers.VXLANFlagInstance, ...); by default they
// are computed.
func (b *VXLANBuilder) Flags(v uint8) *VXLANBuilder { b.l.Flags = fields.Some(v); return b }

// NextProtocol sets the GPE next protocol (layers.VXLANNextIPv4, ...); by
// default it comes from the layer above.
func (b *VXLANBuilder) NextProtocol(v uint8) *VXLANBuilder {
	b.l.NextProtocol = fields.Some(v)
	return b
}

// GroupPolicy sets the group policy ID and flags, and the G and I flags.
func (b *VXLANBuilder) GroupPolicy(gpid uint16, gpflags uint8) *VXLANBuilder {
	b.l.Flags = fields.Some(b.l.Flags.Value | layers.VXLANFlagGBP | layers.VXLANFlagInstance)
	b.l.GPID, b.l.GPFlags = gpid, gpflags
	return b
}

// Set sets any field by its Scapy name.
func (b *VXLANBuilder) Set(field string, v any) *VXLANBuilder { b.set(field, v); return b }

// GeneveBuilder builds a Geneve header.
type GeneveBuilder struct{ base[*layers.Geneve] }

// NewGeneve starts a Geneve header with Scapy's defaults: vni 0, no
// options, protocol type from the layer above (0x6558 for Ethernet). The
// UDP layer below keeps its own ports: set the destination port to 6081
// (layers.GenevePort), as GeneveEncap does.
func NewGeneve() *GeneveBuilder { return &GeneveBuilder{base[*layers.Geneve]{l: layers.NewGeneve()}} }

// VNI sets the 24-bit network identifier.
func (b *GeneveBuilder) VNI(v uint32) *GeneveBuilder {
	b.l.VNI = bitsOf(&b.base, "vni", v, 24)
	return b
}

// Proto sets the protocol type; by default it comes from the layer above.
func (b *GeneveBuilder) Proto(v uint16) *GeneveBuilder { b.l.Protocol = fields.Some(v); return b }

// OAM sets the OAM bit.
func (b *GeneveBuilder) OAM(v uint8) *GeneveBuilder { b.l.OAM = bitsOf(&b.base, "oam", v, 1); return b }

// Critical sets the critical-options-present bit.
func (b *GeneveBuilder) Critical(v uint8) *GeneveBuilder {
	b.l.Critical = bitsOf(&b.base, "critical", v, 1)
	return b
}

// Option adds an option TLV; data is padded with zeros to 4 bytes.
func (b *GeneveBuilder) Option(class uint16, typ uint8, data []byte) *GeneveBuilder {
	if len(data) > 31*4 {
		b.fail("options", len(data), fields.ErrBadValue)
	}
	b.l.Options = append(b.l.Options, layers.GeneveOption{Class: class, Type: typ, Data: data})
	return b
}

// OptionLen sets the option length in words; by default it is computed.
func (b *GeneveBuilder) OptionLen(v uint8) *GeneveBuilder {
	b.l.OptionLen = fields.Some(bitsOf(&b.base, "optionlen", v, 6))
	return b
}

// Set sets any field by its Scapy name.
func (b *GeneveBuilder) Set(field string, v any) *GeneveBuilder { b.set(field, v); return b }

// ERSPANBuilder builds an ERSPAN type II header.
type ERSPANBuilder struct{ base[*layers.ERSPANII] }

// NewERSPAN starts an ERSPAN type II header with Scapy's defaults (all
// zero: call Ver(1) for the version the draft gives type II). GRE below
// it gets protocol 0x88be and a sequence number; put Ethernet over it.
func NewERSPAN() *ERSPANBuilder {
	return &ERSPANBuilder{base[*layers.ERSPANII]{l: layers.NewERSPANII()}}
}

// Ver sets the 4-bit version (1 for type II).
func (b *ERSPANBuilder) Ver(v uint8) *ERSPANBuilder { b.l.Ver = bitsOf(&b.base, "ver", v, 4); return b }

// VLAN sets the 12-bit VLAN of the mirrored frame.
func (b *ERSPANBuilder) VLAN(v uint16) *ERSPANBuilder { b.l.VLAN = vlanID(&b.base, v); return b }

// COS sets the 3-bit class of service.
func (b *ERSPANBuilder) COS(v uint8) *ERSPANBuilder { b.l.COS = bitsOf(&b.base, "cos", v, 3); return b }

// En sets the 2-bit encapsulation type of the mirrored frame.
func (b *ERSPANBuilder) En(v uint8) *ERSPANBuilder { b.l.En = bitsOf(&b.base, "en", v, 2); return b }

// Truncated sets the T bit.
func (b *ERSPANBuilder) Truncated(v uint8) *ERSPANBuilder {
	b.l.T = bitsOf(&b.base, "t", v, 1)
	return b
}

// SessionID sets the 10-bit session ID.
func (b *ERSPANBuilder) SessionID(v uint16) *ERSPANBuilder {
	b.l.SessionID = bitsOf(&b.base, "session_id", v, 10)
	return b
}

// Index sets the 20-bit port index.
func (b *ERSPANBuilder) Index(v uint32) *ERSPANBuilder {
	b.l.Index = bitsOf(&b.base, "index", v, 20)
	return b
}

// Set sets any field by its Scapy name.
func (b *ERSPANBuilder) Set(field string, v any) *ERSPANBuilder { b.set(field, v); return b }

// ERSPANIIIBuilder builds an ERSPAN type III header.
type ERSPANIIIBuilder struct{ base[*layers.ERSPANIII] }

// NewERSPANIII starts an ERSPAN type III header with Scapy's defaults (ver
// 2, frame type Ethernet). GRE below it gets protocol 0x22eb.
func NewERSPANIII() *ERSPANIIIBuilder {
	return &ERSPANIIIBuilder{base[*layers.ERSPANIII]{l: layers.NewERSPANIII()}}
}

// VLAN sets the 12-bit VLAN of the mirrored frame.
func (b *ERSPANIIIBuilder) VLAN(v uint16) *ERSPANIIIBuilder { b.l.VLAN = vlanID(&b.base, v); return b }

// COS sets the 3-bit class of service.
func (b *ERSPANIIIBuilder) COS(v uint8) *ERSPANIIIBuilder {
	b.l.COS = bitsOf(&b.base, "cos", v, 3)
	return b
}

// SessionID sets the 10-bit session ID.
func (b *ERSPANIIIBuilder) SessionID(v uint16) *ERSPANIIIBuilder {
	b.l.SessionID = bitsOf(&b.base, "session_id", v, 10)
	return b
}

// Timestamp sets the timestamp.
func (b *ERSPANIIIBuilder) Timestamp(v uint32) *ERSPANIIIBuilder { b.l.Timestamp = v; return b }

// SGT sets the security group tag.
func (b *ERSPANIIIBuilder) SGT(v uint16) *ERSPANIIIBuilder { b.l.SGT = v; return b }

// FrameType sets the 5-bit frame type (layers.ERSPANFrameEthernet, ...).
func (b *ERSPANIIIBuilder) FrameType(v uint8) *ERSPANIIIBuilder {
	b.l.FT = bitsOf(&b.base, "ft", v, 5)
	return b
}

// HW sets the 6-bit hardware ID.
func (b *ERSPANIIIBuilder) HW(v uint8) *ERSPANIIIBuilder {
	b.l.HW = bitsOf(&b.base, "hw", v, 6)
	return b
}

// Direction sets the D bit (1: egress).
func (b *ERSPANIIIBuilder) Direction(v uint8) *ERSPANIIIBuilder {
	b.l.D = bitsOf(&b.base, "d", v, 1)
	return b
}

// Granularity sets the 2-bit timestamp granularity.
func (b *ERSPANIIIBuilder) Granularity(v uint8) *ERSPANIIIBuilder {
	b.l.Gra = bitsOf(&b.base, "gra", v, 2)
	return b
}

// Platform adds the platform specific subheader (sets O).
func (b *ERSPANIIIBuilder) Platform(id uint8, info1, info2 uint32) *ERSPANIIIBuilder {
	b.l.O = 1
	b.l.PlatformID = bitsOf(&b.base, "platf_id", id, 6)
	b.l.Info1 = bitsOf(&b.base, "info1", info1, 26)
	b.l.Info2 = info2
	return b
}

// Set sets any field by its Scapy name.
func (b *ERSPANIIIBuilder) Set(field string, v any) *ERSPANIIIBuilder { b.set(field, v); return b }

// ERSPANIBuilder builds ERSPAN type I, which has no header: GRE below it
// gets protocol 0x88be without a sequence number.
type ERSPANIBuilder struct{ base[*layers.ERSPANI] }

// NewERSPANI starts ERSPAN type I; put Ethernet over it.
func NewERSPANI() *ERSPANIBuilder {
	return &ERSPANIBuilder{base[*layers.ERSPANI]{l: layers.NewERSPANI()}}
}

// EtherDot1Q builds Ether/Dot1Q(vlan)/payload.
func EtherDot1Q(srcMAC, dstMAC any, vlan uint16, payload Builder) ([]byte, error) {
	return NewEthernet().SrcMAC(srcMAC).DstMAC(dstMAC).Over(NewDot1Q().VLAN(vlan)).Over(payload).Build()
}

// EtherQinQ builds Ether/Dot1AD(outer)/Dot1Q(inner)/payload: an 802.1ad
// service tag over a customer tag.
func EtherQinQ(srcMAC, dstMAC any, outer, inner uint16, payload Builder) ([]byte, error) {
	return NewEthernet().SrcMAC(srcMAC).DstMAC(dstMAC).
		Over(NewDot1AD().VLAN(outer)).Over(NewDot1Q().VLAN(inner)).Over(payload).Build()
}

// GREEncap builds IP/GRE/inner (IPv6 when the addresses are IPv6): inner
// may be an IP packet, an Ethernet frame (protocol 0x6558) or anything
// bound to an EtherType.
func GREEncap(srcIP, dstIP any, inner Builder) ([]byte, error) {
	return ipOver(srcIP, dstIP).Over(NewGRE()).Over(inner).Build()
}

// VXLANEncap builds IP/UDP(4789 → 4789)/VXLAN(flags I, vni)/inner: the
// RFC 7348 form (IPv6 when the addresses are IPv6). inner is normally an
// Ethernet frame.
func VXLANEncap(srcIP, dstIP any, vni uint32, inner Builder) ([]byte, error) {
	return ipOver(srcIP, dstIP).
		Over(NewUDP().SrcPort(layers.VXLANPort).DstPort(layers.VXLANPort)).
		Over(NewVXLAN().Flags(layers.VXLANFlagInstance).VNI(vni)).Over(inner).Build()
}

// GeneveEncap builds IP/UDP(6081 → 6081)/Geneve(vni)/inner (IPv6 when the
// addresses are IPv6); the protocol type follows inner (0x6558 for
// Ethernet).
func GeneveEncap(srcIP, dstIP any, vni uint32, inner Builder) ([]byte, error) {
	return ipOver(srcIP, dstIP).
		Over(NewUDP().SrcPort(layers.GenevePort).DstPort(layers.GenevePort)).
		Over(NewGeneve().VNI(vni)).Over(inner).Build()
}

// ipOver starts a stack with IPv4, or IPv6 when either address is IPv6.
func ipOver(src, dst any) *Stack {
	if isIPv6(src) || isIPv6(dst) {
		return (&Stack{}).Over(NewIPv6().SrcIP(src).DstIP(dst))
	}
	return (&Stack{}).Over(NewIP().SrcIP(src).DstIP(dst))
}

func isIPv6(v any) bool {
	switch x := v.(type) {
	case string:
		a, err := netip.ParseAddr(x)
		return err == nil && a.Is6() && !a.Is4In6()
	case netip.Addr:
		return x.Is6() && !x.Is4In6()
	case net.IP:
		return x.To4() == nil && len(x) == net.IPv6len
	case [16]byte:
		return true
	}
	return false
}
