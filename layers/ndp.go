package layers

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// Neighbor discovery (RFC 4861) messages are ICMPv6 messages (icmpv6.go
// holds their fields: router solicitation 133, router advertisement 134,
// neighbor solicitation 135, neighbor advertisement 136, redirect 137).
// Their options follow them as layers of their own, one per option, as
// Scapy's ICMPv6NDOpt* classes: an option's type picks its layer through
// ICMPv6's binding table (field "ndopt"). As in Scapy, an option of a type
// no layer is bound to, and everything after it, stays Raw.
//
// Every option starts with a type and a length in units of 8 bytes
// (RFC 4861 section 4.6):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|     Type      |    Length     |              ...              |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// A length of 0 is malformed. The bytes a length covers past an option's
// fields are kept in Extra ("extra", shown only when present) so that every
// option re-encodes byte for byte. Options whose Scapy class has a fixed
// length byte (link-layer address, prefix information, MTU, ...) keep it
// as a plain field with Scapy's default; the others compute it when unset.
const (
	ndoType = 0
	ndoLen  = 1
	ndoUnit = 8
)

// NDP option types (RFC 4861, 4191, 5175, 6275, 8106).
const (
	NDPOptSrcLLAddr     = 1
	NDPOptDstLLAddr     = 2
	NDPOptPrefixInfo    = 3
	NDPOptRedirectedHdr = 4
	NDPOptMTU           = 5
	NDPOptShortcutLimit = 6
	NDPOptAdvInterval   = 7
	NDPOptHAInfo        = 8
	NDPOptNonce         = 14
	NDPOptRouteInfo     = 24
	NDPOptRDNSS         = 25
	NDPOptEFA           = 26
	NDPOptDNSSL         = 31
	NDPOptPREF64        = 38
)

// NDPOptionNames names option types as Scapy's icmp6ndopts.
var NDPOptionNames = map[uint64]string{
	1: "Source Link-Layer Address", 2: "Target Link-Layer Address", 3: "Prefix Information",
	4: "Redirected Header", 5: "MTU", 6: "NBMA Shortcut Limit Option", 7: "Advertisement Interval Option",
	8: "Home Agent Information Option", 9: "Source Address List", 10: "Target Address List",
	11: "CGA Option", 12: "RSA Signature Option", 13: "Timestamp Option", 14: "Nonce option",
	15: "Trust Anchor Option", 16: "Certificate Option", 17: "IP Address Option",
	18: "New Router Prefix Information Option", 19: "Link-layer Address Option",
	20: "Neighbor Advertisement Acknowledgement Option", 21: "CARD Request Option", 22: "CARD Reply Option",
	23: "MAP Option", 24: "Route Information Option", 25: "Recursive DNS Server Option",
	26: "IPv6 Router Advertisement Flags Option", 31: "DNS Search List Option", 38: "PREF64 Option",
}

// ndOptLen checks an option's length byte: l is its length in bytes, at
// least min.
func ndOptLen(data []byte, min int) (int, error) {
	if len(data) < 2 {
		return 0, packet.ErrTruncated
	}
	l := ndoUnit * int(data[ndoLen])
	switch {
	case l == 0:
		return 0, packet.ErrMalformed
	case len(data) < l:
		return 0, packet.ErrTruncated
	case l < min:
		return 0, packet.ErrMalformed
	}
	return l, nil
}

// ndOptResult is the result of an option of l bytes: the next option, if
// two bytes or more follow (one lone byte stays Raw).
func ndOptResult(data []byte, l int) packet.DecodeResult {
	var next packet.LayerType
	if len(data)-l >= 2 {
		next = packet.NextLayer(ICMPv6Type, "ndopt", uint64(data[l]))
	}
	return packet.DecodeResult{HeaderLen: l, PayloadLen: -1, Next: next}
}

// extraOf is data[from:l], nil when empty.
func extraOf(data []byte, from, l int) []byte {
	if l > from {
		return data[from:l:l]
	}
	return nil
}

func extraField[L any](ptr func(*L) *[]byte) fields.Field {
	return fields.BytesField("extra", ptr).When(func(l any) bool { return len(*ptr(l.(*L))) > 0 })
}

func ndTypeField[L any](def uint8, ptr func(*L) *uint8) fields.Field {
	return fields.ByteField("type", def, ptr)
}

// ---- source and target link-layer address (types 1, 2) ----

// NDOptSrcLLAddr is a source link-layer address option (Scapy's
// ICMPv6NDOptSrcLLAddr):
//
//	|  Type = 1     |  Length = 1   |   Link-Layer Address (6)  ...
type NDOptSrcLLAddr struct {
	Type   uint8
	Len    uint8 // 1 for Ethernet
	LLAddr fields.MAC
	Extra  []byte // link-layer addresses longer than 6 bytes continue here
}

// NDOptDstLLAddr is a target link-layer address option (Scapy's
// ICMPv6NDOptDstLLAddr), laid out as NDOptSrcLLAddr.
type NDOptDstLLAddr NDOptSrcLLAddr

func llAddrFields[L any](def uint8, h func(*L) *NDOptSrcLLAddr) []fields.Field {
	return []fields.Field{
		ndTypeField(def, func(l *L) *uint8 { return &h(l).Type }),
		fields.ByteField("len", 1, func(l *L) *uint8 { return &h(l).Len }),
		fields.MACField("lladdr", fields.MAC{}, func(l *L) *fields.MAC { return &h(l).LLAddr }),
		extraField(func(l *L) *[]byte { return &h(l).Extra }),
	}
}

var ndOptSrcLLAddrProto = &packet.Proto{
	Name:    "ICMPv6NDOptSrcLLAddr",
	Aliases: []string{"ICMPv6 Neighbor Discovery Option - Source Link-Layer Address"},
	Doc:     "NDP source link-layer address option (RFC 4861)",
	New:     func() packet.Layer { return NewNDOptSrcLLAddr(fields.MAC{}) },
	Fields:  llAddrFields(NDPOptSrcLLAddr, func(o *NDOptSrcLLAddr) *NDOptSrcLLAddr { return o }),
}

var ndOptDstLLAddrProto = &packet.Proto{
	Name:    "ICMPv6NDOptDstLLAddr",
	Aliases: []string{"ICMPv6 Neighbor Discovery Option - Destination Link-Layer Address"},
	Doc:     "NDP target link-layer address option (RFC 4861)",
	New:     func() packet.Layer { return NewNDOptDstLLAddr(fields.MAC{}) },
	Fields:  llAddrFields(NDPOptDstLLAddr, func(o *NDOptDstLLAddr) *NDOptSrcLLAddr { return (*NDOptSrcLLAddr)(o) }),
}

// Registered types of the link-layer address options.
var (
	NDOptSrcLLAddrType = packet.Register(ndOptSrcLLAddrProto)
	NDOptDstLLAddrType = packet.Register(ndOptDstLLAddrProto)
)

// NewNDOptSrcLLAddr returns a source link-layer address option.
func NewNDOptSrcLLAddr(mac fields.MAC) *NDOptSrcLLAddr {
	return &NDOptSrcLLAddr{Type: NDPOptSrcLLAddr, Len: 1, LLAddr: mac}
}

// NewNDOptDstLLAddr returns a target link-layer address option.
func NewNDOptDstLLAddr(mac fields.MAC) *NDOptDstLLAddr {
	return &NDOptDstLLAddr{Type: NDPOptDstLLAddr, Len: 1, LLAddr: mac}
}

func (o *NDOptSrcLLAddr) Proto() *packet.Proto         { return ndOptSrcLLAddrProto }
func (o *NDOptSrcLLAddr) Get(name string) (any, error) { return packet.GetField(o, name) }
func (o *NDOptSrcLLAddr) Set(name string, v any) error { return packet.SetField(o, name, v) }
func (o *NDOptSrcLLAddr) Show() string                 { return packet.ShowLayer(o) }
func (o *NDOptSrcLLAddr) Title() string                { return ndOptSrcLLAddrProto.Aliases[0] }
func (o *NDOptSrcLLAddr) Summary() string              { return o.SummaryIn(nil, 0) }
func (o *NDOptSrcLLAddr) HeaderLen() int               { return 8 + len(o.Extra) }

// SummaryIn is Scapy's "<name> <lladdr>".
func (o *NDOptSrcLLAddr) SummaryIn(*packet.Packet, int) string {
	return o.Title() + " " + o.LLAddr.String()
}

func (o *NDOptSrcLLAddr) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	l, err := ndOptLen(data, 8)
	if err != nil {
		return packet.DecodeResult{}, err
	}
	o.Type, o.Len = data[ndoType], data[ndoLen]
	copy(o.LLAddr[:], data[2:8])
	o.Extra = extraOf(data, 8, l)
	return ndOptResult(data, l), nil
}

func (o *NDOptSrcLLAddr) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[ndoType], b[ndoLen] = o.Type, o.Len
	copy(b[2:], o.LLAddr[:])
	copy(b[8:], o.Extra)
	return nil
}

func (o *NDOptDstLLAddr) Proto() *packet.Proto         { return ndOptDstLLAddrProto }
func (o *NDOptDstLLAddr) Get(name string) (any, error) { return packet.GetField(o, name) }
func (o *NDOptDstLLAddr) Set(name string, v any) error { return packet.SetField(o, name, v) }
func (o *NDOptDstLLAddr) Show() string                 { return packet.ShowLayer(o) }
func (o *NDOptDstLLAddr) Title() string                { return ndOptDstLLAddrProto.Aliases[0] }
func (o *NDOptDstLLAddr) Summary() string              { return o.SummaryIn(nil, 0) }
func (o *NDOptDstLLAddr) HeaderLen() int               { return 8 + len(o.Extra) }

// SummaryIn is Scapy's "<name> <lladdr>".
func (o *NDOptDstLLAddr) SummaryIn(*packet.Packet, int) string {
	return o.Title() + " " + o.LLAddr.String()
}

func (o *NDOptDstLLAddr) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	return (*NDOptSrcLLAddr)(o).DecodeFromBytes(data, ctx)
}

func (o *NDOptDstLLAddr) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	return (*NDOptSrcLLAddr)(o).SerializeTo(b, ctx)
}

// ---- prefix information (type 3) ----

// NDOptPrefixInfo is a prefix information option (RFC 4861 section
// 4.6.2; Scapy's ICMPv6NDOptPrefixInfo):
//
//	|     Type      |    Length     | Prefix Length |L|A|R|Reserved1|
//	|                         Valid Lifetime                        |
//	|                       Preferred Lifetime                      |
//	|                           Reserved2                           |
//	|                            Prefix (16)                        |
type NDOptPrefixInfo struct {
	Type              uint8
	Len               uint8 // 4
	PrefixLen         uint8 // prefixlen
	L, A, R           uint8 // on-link, autonomous, router address flags
	Res1              uint8 // 5 bits
	ValidLifetime     uint32
	PreferredLifetime uint32
	Res2              uint32
	Prefix            netip.Addr
	Extra             []byte
}

var ndOptPrefixInfoProto = &packet.Proto{
	Name:    "ICMPv6NDOptPrefixInfo",
	Aliases: []string{"ICMPv6 Neighbor Discovery Option - Prefix Information"},
	Doc:     "NDP prefix information option (RFC 4861)",
	New:     func() packet.Layer { return NewNDOptPrefixInfo(netip.Prefix{}) },
	Fields: []fields.Field{
		ndTypeField(NDPOptPrefixInfo, func(o *NDOptPrefixInfo) *uint8 { return &o.Type }),
		fields.ByteField("len", 4, func(o *NDOptPrefixInfo) *uint8 { return &o.Len }),
		fields.ByteField("prefixlen", 64, func(o *NDOptPrefixInfo) *uint8 { return &o.PrefixLen }),
		fields.BitField("L", 1, uint8(1), func(o *NDOptPrefixInfo) *uint8 { return &o.L }),
		fields.BitField("A", 1, uint8(1), func(o *NDOptPrefixInfo) *uint8 { return &o.A }),
		fields.BitField("R", 1, uint8(0), func(o *NDOptPrefixInfo) *uint8 { return &o.R }),
		fields.BitField("res1", 5, uint8(0), func(o *NDOptPrefixInfo) *uint8 { return &o.Res1 }),
		fields.XIntField("validlifetime", 0xffffffff, func(o *NDOptPrefixInfo) *uint32 { return &o.ValidLifetime }),
		fields.XIntField("preferredlifetime", 0xffffffff, func(o *NDOptPrefixInfo) *uint32 { return &o.PreferredLifetime }),
		fields.XIntField("res2", 0, func(o *NDOptPrefixInfo) *uint32 { return &o.Res2 }),
		ndAddrField("prefix", func(o *NDOptPrefixInfo) *netip.Addr { return &o.Prefix }),
		extraField(func(o *NDOptPrefixInfo) *[]byte { return &o.Extra }),
	},
}

// NDOptPrefixInfoType is the registered type of NDOptPrefixInfo.
var NDOptPrefixInfoType = packet.Register(ndOptPrefixInfoProto)

// NewNDOptPrefixInfo returns a prefix information option with Scapy's
// defaults (on-link and autonomous, infinite lifetimes); the zero prefix
// is ::/64.
func NewNDOptPrefixInfo(prefix netip.Prefix) *NDOptPrefixInfo {
	o := &NDOptPrefixInfo{Type: NDPOptPrefixInfo, Len: 4, PrefixLen: 64, L: 1, A: 1,
		ValidLifetime: 0xffffffff, PreferredLifetime: 0xffffffff, Prefix: ip6Unspecified}
	if prefix.IsValid() {
		o.Prefix, o.PrefixLen = prefix.Addr(), uint8(prefix.Bits())
	}
	return o
}

func (o *NDOptPrefixInfo) Proto() *packet.Proto         { return ndOptPrefixInfoProto }
func (o *NDOptPrefixInfo) Get(name string) (any, error) { return packet.GetField(o, name) }
func (o *NDOptPrefixInfo) Set(name string, v any) error { return packet.SetField(o, name, v) }
func (o *NDOptPrefixInfo) Show() string                 { return packet.ShowLayer(o) }
func (o *NDOptPrefixInfo) Title() string                { return ndOptPrefixInfoProto.Aliases[0] }
func (o *NDOptPrefixInfo) Summary() string              { return o.SummaryIn(nil, 0) }
func (o *NDOptPrefixInfo) HeaderLen() int               { return 32 + len(o.Extra) }

// SummaryIn is Scapy's "<name> 2001:db8::/64 On-link 1 Autonomous Address
// 1 Router Address 0".
func (o *NDOptPrefixInfo) SummaryIn(*packet.Packet, int) string {
	return o.Title() + " " + addr6Text(o.Prefix) + "/" + strconv.Itoa(int(o.PrefixLen)) +
		" On-link " + strconv.Itoa(int(o.L&1)) + " Autonomous Address " + strconv.Itoa(int(o.A&1)) +
		" Router Address " + strconv.Itoa(int(o.R&1))
}

func (o *NDOptPrefixInfo) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	l, err := ndOptLen(data, 32)
	if err != nil {
		return packet.DecodeResult{}, err
	}
	o.Type, o.Len, o.PrefixLen = data[ndoType], data[ndoLen], data[2]
	f := data[3]
	o.L, o.A, o.R, o.Res1 = f>>7, f>>6&1, f>>5&1, f&0x1f
	o.ValidLifetime, o.PreferredLifetime, o.Res2 = be32(data[4:]), be32(data[8:]), be32(data[12:])
	o.Prefix = netip.AddrFrom16([16]byte(data[16:32]))
	o.Extra = extraOf(data, 32, l)
	return ndOptResult(data, l), nil
}

func (o *NDOptPrefixInfo) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[ndoType], b[ndoLen], b[2] = o.Type, o.Len, o.PrefixLen
	b[3] = o.L&1<<7 | o.A&1<<6 | o.R&1<<5 | o.Res1&0x1f
	put32(b[4:], o.ValidLifetime)
	put32(b[8:], o.PreferredLifetime)
	put32(b[12:], o.Res2)
	putAddr(b[16:], o.Prefix)
	copy(b[32:], o.Extra)
	return nil
}

// ndAddrField is an IPv6 address shown as "::" when unset.
func ndAddrField[L any](name string, ptr func(*L) *netip.Addr) fields.Field {
	return fields.WithJSON(fields.WithFormat(fields.IP6Field(name, ip6Unspecified, ptr),
		func(l *L) string { return addr6Text(*ptr(l)) }),
		func(l *L) any { return addr6Text(*ptr(l)) })
}

// ---- redirected header (type 4) ----

// NDOptRedirectedHdr is a redirected header option (RFC 4861 section
// 4.6.3; Scapy's ICMPv6NDOptRedirectedHdr): 6 reserved bytes and as much
// of the redirected packet as fits. When it is the last option, as
// senders put it, the redirected packet is dissected as the layers that
// follow, an IPv6 quotation such as an error's (the "IPv6 in ICMPv6" of
// Show, GetLayer("IPv6error")); an option followed by others keeps it as
// bytes in Pkt (Scapy's field "pkt"; Packet dissects it). Pkt is cut to
// a multiple of 8 bytes when built, as Scapy does; unset, the length
// covers Pkt, or the layers after the option.
type NDOptRedirectedHdr struct {
	Type uint8
	Len  fields.Opt[uint8]
	Res  []byte // 6 bytes; nil is zeros
	Pkt  []byte // the redirected packet, usually cut short, when kept as bytes
}

var ndOptRedirectedHdrProto = &packet.Proto{
	Name:    "ICMPv6NDOptRedirectedHdr",
	Aliases: []string{"ICMPv6 Neighbor Discovery Option - Redirected Header"},
	Doc:     "NDP redirected header option (RFC 4861): the redirected IPv6 packet as a quotation",
	New:     func() packet.Layer { return NewNDOptRedirectedHdr(nil) },
	Fields: []fields.Field{
		ndTypeField(NDPOptRedirectedHdr, func(o *NDOptRedirectedHdr) *uint8 { return &o.Type }),
		fields.AutoUintField("len", 8, func(o *NDOptRedirectedHdr) *fields.Opt[uint8] { return &o.Len }),
		fields.WithFormat(fields.BytesField("res", func(o *NDOptRedirectedHdr) *[]byte { return &o.Res }),
			func(o *NDOptRedirectedHdr) string { return fields.ReprBytes(o.res()) }),
		fields.BytesField("pkt", func(o *NDOptRedirectedHdr) *[]byte { return &o.Pkt }),
	},
}

// NDOptRedirectedHdrType is the registered type of NDOptRedirectedHdr.
var NDOptRedirectedHdrType = packet.Register(ndOptRedirectedHdrProto)

// NewNDOptRedirectedHdr returns a redirected header option holding pkt
// (the bytes of an IPv6 packet); with pkt nil, the layers put after it
// are the redirected packet.
func NewNDOptRedirectedHdr(pkt []byte) *NDOptRedirectedHdr {
	return &NDOptRedirectedHdr{Type: NDPOptRedirectedHdr, Pkt: pkt}
}

func (o *NDOptRedirectedHdr) Proto() *packet.Proto         { return ndOptRedirectedHdrProto }
func (o *NDOptRedirectedHdr) Get(name string) (any, error) { return packet.GetField(o, name) }
func (o *NDOptRedirectedHdr) Set(name string, v any) error { return packet.SetField(o, name, v) }
func (o *NDOptRedirectedHdr) Show() string                 { return packet.ShowLayer(o) }
func (o *NDOptRedirectedHdr) Title() string                { return ndOptRedirectedHdrProto.Aliases[0] }
func (o *NDOptRedirectedHdr) Summary() string              { return ndOptRedirectedHdrProto.Name }

// HeaderLen is 8 and Pkt cut to a multiple of 8 bytes.
func (o *NDOptRedirectedHdr) HeaderLen() int { return 8 + len(o.Pkt)&^7 }

func (o *NDOptRedirectedHdr) res() []byte {
	var z [6]byte
	if len(o.Res) == 0 {
		return z[:]
	}
	return o.Res
}

// Packet dissects Pkt from IPv6; it is usually cut short, which is no
// error here.
func (o *NDOptRedirectedHdr) Packet() *packet.Packet {
	p, _ := packet.Dissect(o.Pkt, IPv6Type)
	return p
}

func (o *NDOptRedirectedHdr) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	l, err := ndOptLen(data, 8)
	if err != nil {
		return packet.DecodeResult{}, err
	}
	o.Type, o.Len = data[ndoType], fields.Some(data[ndoLen])
	o.Res = data[2:8:8]
	o.Pkt = nil
	if l == len(data) && l > 8 && ctx != nil {
		// the last option: the redirected packet is a quotation
		ctx.Quote = true
		return packet.DecodeResult{HeaderLen: 8, PayloadLen: -1, Next: IPv6Type}, nil
	}
	o.Pkt = extraOf(data, 8, l)
	return ndOptResult(data, l), nil
}

func (o *NDOptRedirectedHdr) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	if len(o.Res) != 0 && len(o.Res) != 6 {
		return &packet.BuildError{Layer: ndOptRedirectedHdrProto.Name, Field: "res", Value: fmt.Sprintf("%x", o.Res),
			Err: fmt.Errorf("%w: want 6 bytes", fields.ErrBadValue)}
	}
	b[ndoType] = o.Type
	n := len(b)
	if len(o.Pkt) == 0 && ctx != nil {
		n += len(ctx.Payload()) // the redirected packet as layers
	}
	b[ndoLen] = o.Len.Or(uint8((n + 7) / ndoUnit))
	copy(b[2:8], o.res())
	copy(b[8:], o.Pkt)
	return nil
}

// ---- MTU (type 5) ----

// NDOptMTU is an MTU option (RFC 4861 section 4.6.4; Scapy's
// ICMPv6NDOptMTU): type, length 1, 2 reserved bytes, the MTU.
type NDOptMTU struct {
	Type  uint8
	Len   uint8
	Res   uint16
	MTU   uint32
	Extra []byte
}

var ndOptMTUProto = &packet.Proto{
	Name:    "ICMPv6NDOptMTU",
	Aliases: []string{"ICMPv6 Neighbor Discovery Option - MTU"},
	Doc:     "NDP MTU option (RFC 4861)",
	New:     func() packet.Layer { return NewNDOptMTU(1280) },
	Fields: []fields.Field{
		ndTypeField(NDPOptMTU, func(o *NDOptMTU) *uint8 { return &o.Type }),
		fields.ByteField("len", 1, func(o *NDOptMTU) *uint8 { return &o.Len }),
		fields.XShortField("res", 0, func(o *NDOptMTU) *uint16 { return &o.Res }),
		fields.IntField("mtu", 1280, func(o *NDOptMTU) *uint32 { return &o.MTU }),
		extraField(func(o *NDOptMTU) *[]byte { return &o.Extra }),
	},
}

// NDOptMTUType is the registered type of NDOptMTU.
var NDOptMTUType = packet.Register(ndOptMTUProto)

// NewNDOptMTU returns an MTU option (Scapy's default MTU is 1280).
func NewNDOptMTU(mtu uint32) *NDOptMTU { return &NDOptMTU{Type: NDPOptMTU, Len: 1, MTU: mtu} }

func (o *NDOptMTU) Proto() *packet.Proto         { return ndOptMTUProto }
func (o *NDOptMTU) Get(name string) (any, error) { return packet.GetField(o, name) }
func (o *NDOptMTU) Set(name string, v any) error { return packet.SetField(o, name, v) }
func (o *NDOptMTU) Show() string                 { return packet.ShowLayer(o) }
func (o *NDOptMTU) Title() string                { return ndOptMTUProto.Aliases[0] }
func (o *NDOptMTU) Summary() string              { return o.SummaryIn(nil, 0) }
func (o *NDOptMTU) HeaderLen() int               { return 8 + len(o.Extra) }

// SummaryIn is Scapy's "<name> <mtu>".
func (o *NDOptMTU) SummaryIn(*packet.Packet, int) string {
	return o.Title() + " " + strconv.FormatUint(uint64(o.MTU), 10)
}

func (o *NDOptMTU) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	l, err := ndOptLen(data, 8)
	if err != nil {
		return packet.DecodeResult{}, err
	}
	o.Type, o.Len, o.Res, o.MTU = data[ndoType], data[ndoLen], be16(data[2:]), be32(data[4:])
	o.Extra = extraOf(data, 8, l)
	return ndOptResult(data, l), nil
}

func (o *NDOptMTU) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[ndoType], b[ndoLen] = o.Type, o.Len
	put16(b[2:], o.Res)
	put32(b[4:], o.MTU)
	copy(b[8:], o.Extra)
	return nil
}

// ---- NBMA shortcut limit (type 6), advertisement interval (7), home agent information (8), expanded flags (26) ----

// NDOptShortcutLimit is an NBMA shortcut limit option (RFC 2491; Scapy's
// ICMPv6NDOptShortcutLimit).
type NDOptShortcutLimit struct {
	Type        uint8
	Len         uint8
	ShortcutLim uint8
	Res1        uint8
	Res2        uint32
	Extra       []byte
}

var ndOptShortcutLimitProto = &packet.Proto{
	Name:    "ICMPv6NDOptShortcutLimit",
	Aliases: []string{"ICMPv6 Neighbor Discovery Option - NBMA Shortcut Limit"},
	Doc:     "NDP NBMA shortcut limit option (RFC 2491)",
	New:     func() packet.Layer { return &NDOptShortcutLimit{Type: NDPOptShortcutLimit, Len: 1, ShortcutLim: 40} },
	Fields: []fields.Field{
		ndTypeField(NDPOptShortcutLimit, func(o *NDOptShortcutLimit) *uint8 { return &o.Type }),
		fields.ByteField("len", 1, func(o *NDOptShortcutLimit) *uint8 { return &o.Len }),
		fields.ByteField("shortcutlim", 40, func(o *NDOptShortcutLimit) *uint8 { return &o.ShortcutLim }),
		fields.ByteField("res1", 0, func(o *NDOptShortcutLimit) *uint8 { return &o.Res1 }),
		fields.IntField("res2", 0, func(o *NDOptShortcutLimit) *uint32 { return &o.Res2 }),
		extraField(func(o *NDOptShortcutLimit) *[]byte { return &o.Extra }),
	},
}

// NDOptShortcutLimitType is the registered type of NDOptShortcutLimit.
var NDOptShortcutLimitType = packet.Register(ndOptShortcutLimitProto)

func (o *NDOptShortcutLimit) Proto() *packet.Proto         { return ndOptShortcutLimitProto }
func (o *NDOptShortcutLimit) Get(name string) (any, error) { return packet.GetField(o, name) }
func (o *NDOptShortcutLimit) Set(name string, v any) error { return packet.SetField(o, name, v) }
func (o *NDOptShortcutLimit) Show() string                 { return packet.ShowLayer(o) }
func (o *NDOptShortcutLimit) Title() string                { return ndOptShortcutLimitProto.Aliases[0] }
func (o *NDOptShortcutLimit) Summary() string              { return ndOptShortcutLimitProto.Name }
func (o *NDOptShortcutLimit) HeaderLen() int               { return 8 + len(o.Extra) }

func (o *NDOptShortcutLimit) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	l, err := ndOptLen(data, 8)
	if err != nil {
		return packet.DecodeResult{}, err
	}
	o.Type, o.Len, o.ShortcutLim, o.Res1, o.Res2 = data[ndoType], data[ndoLen], data[2], data[3], be32(data[4:])
	o.Extra = extraOf(data, 8, l)
	return ndOptResult(data, l), nil
}

func (o *NDOptShortcutLimit) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[ndoType], b[ndoLen], b[2], b[3] = o.Type, o.Len, o.ShortcutLim, o.Res1
	put32(b[4:], o.Res2)
	copy(b[8:], o.Extra)
	return nil
}

// NDOptAdvInterval is an advertisement interval option (RFC 6275 section
// 7.3; Scapy's ICMPv6NDOptAdvInterval), in milliseconds.
type NDOptAdvInterval struct {
	Type   uint8
	Len    uint8
	Res    uint16
	AdvInt uint32
	Extra  []byte
}

var ndOptAdvIntervalProto = &packet.Proto{
	Name:    "ICMPv6NDOptAdvInterval",
	Aliases: []string{"ICMPv6 Neighbor Discovery - Interval Advertisement"},
	Doc:     "NDP advertisement interval option (RFC 6275)",
	New:     func() packet.Layer { return &NDOptAdvInterval{Type: NDPOptAdvInterval, Len: 1} },
	Fields: []fields.Field{
		ndTypeField(NDPOptAdvInterval, func(o *NDOptAdvInterval) *uint8 { return &o.Type }),
		fields.ByteField("len", 1, func(o *NDOptAdvInterval) *uint8 { return &o.Len }),
		fields.ShortField("res", 0, func(o *NDOptAdvInterval) *uint16 { return &o.Res }),
		fields.IntField("advint", 0, func(o *NDOptAdvInterval) *uint32 { return &o.AdvInt }),
		extraField(func(o *NDOptAdvInterval) *[]byte { return &o.Extra }),
	},
}

// NDOptAdvIntervalType is the registered type of NDOptAdvInterval.
var NDOptAdvIntervalType = packet.Register(ndOptAdvIntervalProto)

func (o *NDOptAdvInterval) Proto() *packet.Proto         { return ndOptAdvIntervalProto }
func (o *NDOptAdvInterval) Get(name string) (any, error) { return packet.GetField(o, name) }
func (o *NDOptAdvInterval) Set(name string, v any) error { return packet.SetField(o, name, v) }
func (o *NDOptAdvInterval) Show() string                 { return packet.ShowLayer(o) }
func (o *NDOptAdvInterval) Title() string                { return ndOptAdvIntervalProto.Aliases[0] }
func (o *NDOptAdvInterval) Summary() string              { return o.SummaryIn(nil, 0) }
func (o *NDOptAdvInterval) HeaderLen() int               { return 8 + len(o.Extra) }

// SummaryIn is Scapy's "<name> <advint> milliseconds".
func (o *NDOptAdvInterval) SummaryIn(*packet.Packet, int) string {
	return o.Title() + " " + strconv.FormatUint(uint64(o.AdvInt), 10) + " milliseconds"
}

func (o *NDOptAdvInterval) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	l, err := ndOptLen(data, 8)
	if err != nil {
		return packet.DecodeResult{}, err
	}
	o.Type, o.Len, o.Res, o.AdvInt = data[ndoType], data[ndoLen], be16(data[2:]), be32(data[4:])
	o.Extra = extraOf(data, 8, l)
	return ndOptResult(data, l), nil
}

func (o *NDOptAdvInterval) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[ndoType], b[ndoLen] = o.Type, o.Len
	put16(b[2:], o.Res)
	put32(b[4:], o.AdvInt)
	copy(b[8:], o.Extra)
	return nil
}

// NDOptHAInfo is a home agent information option (RFC 6275 section 7.4;
// Scapy's ICMPv6NDOptHAInfo).
type NDOptHAInfo struct {
	Type     uint8
	Len      uint8
	Res      uint16
	Pref     uint16
	Lifetime uint16
	Extra    []byte
}

var ndOptHAInfoProto = &packet.Proto{
	Name:    "ICMPv6NDOptHAInfo",
	Aliases: []string{"ICMPv6 Neighbor Discovery - Home Agent Information"},
	Doc:     "NDP home agent information option (RFC 6275)",
	New:     func() packet.Layer { return &NDOptHAInfo{Type: NDPOptHAInfo, Len: 1, Lifetime: 1} },
	Fields: []fields.Field{
		ndTypeField(NDPOptHAInfo, func(o *NDOptHAInfo) *uint8 { return &o.Type }),
		fields.ByteField("len", 1, func(o *NDOptHAInfo) *uint8 { return &o.Len }),
		fields.ShortField("res", 0, func(o *NDOptHAInfo) *uint16 { return &o.Res }),
		fields.ShortField("pref", 0, func(o *NDOptHAInfo) *uint16 { return &o.Pref }),
		fields.ShortField("lifetime", 1, func(o *NDOptHAInfo) *uint16 { return &o.Lifetime }),
		extraField(func(o *NDOptHAInfo) *[]byte { return &o.Extra }),
	},
}

// NDOptHAInfoType is the registered type of NDOptHAInfo.
var NDOptHAInfoType = packet.Register(ndOptHAInfoProto)

func (o *NDOptHAInfo) Proto() *packet.Proto         { return ndOptHAInfoProto }
func (o *NDOptHAInfo) Get(name string) (any, error) { return packet.GetField(o, name) }
func (o *NDOptHAInfo) Set(name string, v any) error { return packet.SetField(o, name, v) }
func (o *NDOptHAInfo) Show() string                 { return packet.ShowLayer(o) }
func (o *NDOptHAInfo) Title() string                { return ndOptHAInfoProto.Aliases[0] }
func (o *NDOptHAInfo) Summary() string              { return o.SummaryIn(nil, 0) }
func (o *NDOptHAInfo) HeaderLen() int               { return 8 + len(o.Extra) }

// SummaryIn is Scapy's "<name> <pref> <lifetime> seconds".
func (o *NDOptHAInfo) SummaryIn(*packet.Packet, int) string {
	return o.Title() + " " + strconv.Itoa(int(o.Pref)) + " " + strconv.Itoa(int(o.Lifetime)) + " seconds"
}

func (o *NDOptHAInfo) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	l, err := ndOptLen(data, 8)
	if err != nil {
		return packet.DecodeResult{}, err
	}
	o.Type, o.Len = data[ndoType], data[ndoLen]
	o.Res, o.Pref, o.Lifetime = be16(data[2:]), be16(data[4:]), be16(data[6:])
	o.Extra = extraOf(data, 8, l)
	return ndOptResult(data, l), nil
}

func (o *NDOptHAInfo) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[ndoType], b[ndoLen] = o.Type, o.Len
	put16(b[2:], o.Res)
	put16(b[4:], o.Pref)
	put16(b[6:], o.Lifetime)
	copy(b[8:], o.Extra)
	return nil
}

// NDOptEFA is an expanded flags option (RFC 5175; Scapy's ICMPv6NDOptEFA):
// 48 bits of flags.
type NDOptEFA struct {
	Type  uint8
	Len   uint8
	Res   uint64 // 48 bits
	Extra []byte
}

var ndOptEFAProto = &packet.Proto{
	Name:    "ICMPv6NDOptEFA",
	Aliases: []string{"ICMPv6 Neighbor Discovery Option - Expanded Flags Option"},
	Doc:     "NDP expanded flags option (RFC 5175)",
	New:     func() packet.Layer { return &NDOptEFA{Type: NDPOptEFA, Len: 1} },
	Fields: []fields.Field{
		ndTypeField(NDPOptEFA, func(o *NDOptEFA) *uint8 { return &o.Type }),
		fields.ByteField("len", 1, func(o *NDOptEFA) *uint8 { return &o.Len }),
		fields.BitField("res", 48, uint64(0), func(o *NDOptEFA) *uint64 { return &o.Res }),
		extraField(func(o *NDOptEFA) *[]byte { return &o.Extra }),
	},
}

// NDOptEFAType is the registered type of NDOptEFA.
var NDOptEFAType = packet.Register(ndOptEFAProto)

func (o *NDOptEFA) Proto() *packet.Proto         { return ndOptEFAProto }
func (o *NDOptEFA) Get(name string) (any, error) { return packet.GetField(o, name) }
func (o *NDOptEFA) Set(name string, v any) error { return packet.SetField(o, name, v) }
func (o *NDOptEFA) Show() string                 { return packet.ShowLayer(o) }
func (o *NDOptEFA) Title() string                { return ndOptEFAProto.Aliases[0] }
func (o *NDOptEFA) Summary() string              { return ndOptEFAProto.Name }
func (o *NDOptEFA) HeaderLen() int               { return 8 + len(o.Extra) }

func (o *NDOptEFA) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	l, err := ndOptLen(data, 8)
	if err != nil {
		return packet.DecodeResult{}, err
	}
	o.Type, o.Len = data[ndoType], data[ndoLen]
	o.Res = uint64(be16(data[2:]))<<32 | uint64(be32(data[4:]))
	o.Extra = extraOf(data, 8, l)
	return ndOptResult(data, l), nil
}

func (o *NDOptEFA) SerializeTo(b []byte, _ *packet.BuildContext) error {
	if o.Res>>48 != 0 {
		return &packet.BuildError{Layer: ndOptEFAProto.Name, Field: "res", Value: strconv.FormatUint(o.Res, 10),
			Err: fmt.Errorf("%w: does not fit in 48 bits", fields.ErrBadValue)}
	}
	b[ndoType], b[ndoLen] = o.Type, o.Len
	put16(b[2:], uint16(o.Res>>32))
	put32(b[4:], uint32(o.Res))
	copy(b[8:], o.Extra)
	return nil
}

// ---- route information (type 24) ----

// NDOptRouteInfo is a route information option (RFC 4191 section 2.3;
// Scapy's ICMPv6NDOptRouteInfo). The prefix takes 0, 8 or 16 bytes as the
// length says (1, 2 or 3); unset, the length is 3 when a prefix is given
// and 1 otherwise, as in Scapy.
//
//	|     Type      |    Length     | Prefix Length |Resvd|Prf|Resvd|
//	|                        Route Lifetime                         |
//	|                   Prefix (Variable Length)                    |
type NDOptRouteInfo struct {
	Type       uint8
	Len        fields.Opt[uint8]
	PLen       uint8 // prefix length
	Res1       uint8 // 3 bits
	Prf        uint8 // 2 bits
	Res2       uint8 // 3 bits
	RtLifetime uint32
	Prefix     netip.Addr // zero: none
	Extra      []byte     // bytes past the 16 of a prefix
}

var ndOptRouteInfoProto = &packet.Proto{
	Name:    "ICMPv6NDOptRouteInfo",
	Aliases: []string{"ICMPv6 Neighbor Discovery Option - Route Information Option"},
	Doc:     "NDP route information option (RFC 4191)",
	New:     func() packet.Layer { return NewNDOptRouteInfo(netip.Prefix{}) },
	Fields: []fields.Field{
		ndTypeField(NDPOptRouteInfo, func(o *NDOptRouteInfo) *uint8 { return &o.Type }),
		fields.AutoUintField("len", 8, func(o *NDOptRouteInfo) *fields.Opt[uint8] { return &o.Len }),
		fields.ByteField("plen", 0, func(o *NDOptRouteInfo) *uint8 { return &o.PLen }),
		fields.BitField("res1", 3, uint8(0), func(o *NDOptRouteInfo) *uint8 { return &o.Res1 }),
		fields.EnumField("prf", 2, uint8(0), NDPPrefNames, func(o *NDOptRouteInfo) *uint8 { return &o.Prf }),
		fields.BitField("res2", 3, uint8(0), func(o *NDOptRouteInfo) *uint8 { return &o.Res2 }),
		fields.IntField("rtlifetime", 0xffffffff, func(o *NDOptRouteInfo) *uint32 { return &o.RtLifetime }),
		fields.WithJSON(fields.WithFormat(fields.IP6Field("prefix", netip.Addr{}, func(o *NDOptRouteInfo) *netip.Addr { return &o.Prefix }),
			func(o *NDOptRouteInfo) string {
				if !o.Prefix.IsValid() {
					return "None"
				}
				return as6(o.Prefix).String()
			}),
			func(o *NDOptRouteInfo) any {
				if !o.Prefix.IsValid() {
					return nil
				}
				return as6(o.Prefix).String()
			}),
		extraField(func(o *NDOptRouteInfo) *[]byte { return &o.Extra }),
	},
}

// NDOptRouteInfoType is the registered type of NDOptRouteInfo.
var NDOptRouteInfoType = packet.Register(ndOptRouteInfoProto)

// NewNDOptRouteInfo returns a route information option for prefix (none
// when the zero Prefix), with an infinite lifetime.
func NewNDOptRouteInfo(prefix netip.Prefix) *NDOptRouteInfo {
	o := &NDOptRouteInfo{Type: NDPOptRouteInfo, RtLifetime: 0xffffffff}
	if prefix.IsValid() {
		o.Prefix, o.PLen = prefix.Addr(), uint8(prefix.Bits())
	}
	return o
}

func (o *NDOptRouteInfo) Proto() *packet.Proto         { return ndOptRouteInfoProto }
func (o *NDOptRouteInfo) Get(name string) (any, error) { return packet.GetField(o, name) }
func (o *NDOptRouteInfo) Set(name string, v any) error { return packet.SetField(o, name, v) }
func (o *NDOptRouteInfo) Show() string                 { return packet.ShowLayer(o) }
func (o *NDOptRouteInfo) Title() string                { return ndOptRouteInfoProto.Aliases[0] }
func (o *NDOptRouteInfo) Summary() string              { return o.SummaryIn(nil, 0) }

// prefixBytes is the number of prefix bytes on the wire.
func (o *NDOptRouteInfo) prefixBytes() int {
	if o.Len.Valid {
		return min(16, max(0, 8*(int(o.Len.Value)-1)))
	}
	if o.Prefix.IsValid() {
		return 16
	}
	return 0
}

// HeaderLen is 8 and the prefix bytes (and any extra bytes).
func (o *NDOptRouteInfo) HeaderLen() int { return 8 + o.prefixBytes() + len(o.Extra) }

// SummaryIn is Scapy's "<name> <prefix>/<plen> Preference <prf>".
func (o *NDOptRouteInfo) SummaryIn(*packet.Packet, int) string {
	f := ndOptRouteInfoProto.Fields
	return o.Title() + " " + f[7].Format(o) + "/" + strconv.Itoa(int(o.PLen)) + " Preference " + f[4].FormatUint(uint64(o.Prf&3))
}

func (o *NDOptRouteInfo) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	l, err := ndOptLen(data, 8)
	if err != nil {
		return packet.DecodeResult{}, err
	}
	o.Type, o.Len, o.PLen = data[ndoType], fields.Some(data[ndoLen]), data[2]
	f := data[3]
	o.Res1, o.Prf, o.Res2 = f>>5, f>>3&3, f&7
	o.RtLifetime = be32(data[4:])
	var a [16]byte
	n := min(16, l-8)
	copy(a[:], data[8:8+n])
	o.Prefix = netip.AddrFrom16(a)
	o.Extra = extraOf(data, 8+n, l)
	return ndOptResult(data, l), nil
}

func (o *NDOptRouteInfo) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[ndoType] = o.Type
	b[ndoLen] = o.Len.Or(uint8(len(b) / ndoUnit))
	b[2] = o.PLen
	b[3] = o.Res1&7<<5 | o.Prf&3<<3 | o.Res2&7
	put32(b[4:], o.RtLifetime)
	n := o.prefixBytes()
	a := as6(o.Prefix).As16()
	copy(b[8:8+n], a[:n])
	copy(b[8+n:], o.Extra)
	return nil
}

// ---- recursive DNS server (type 25) ----

// NDOptRDNSS is a recursive DNS server option (RFC 8106 section 5.1;
// Scapy's ICMPv6NDOptRDNSS):
//
//	|     Type      |     Length    |           Reserved            |
//	|                           Lifetime                            |
//	|            Addresses of IPv6 Recursive DNS Servers            |
type NDOptRDNSS struct {
	Type     uint8
	Len      fields.Opt[uint8] // unset: 2 per server + 1
	Res      uint16
	Lifetime uint32
	DNS      []netip.Addr
	Extra    []byte
}

var ndOptRDNSSProto = &packet.Proto{
	Name:    "ICMPv6NDOptRDNSS",
	Aliases: []string{"ICMPv6 Neighbor Discovery Option - Recursive DNS Server Option"},
	Doc:     "NDP recursive DNS server option (RFC 8106)",
	New:     func() packet.Layer { return NewNDOptRDNSS() },
	Fields: []fields.Field{
		ndTypeField(NDPOptRDNSS, func(o *NDOptRDNSS) *uint8 { return &o.Type }),
		fields.AutoUintField("len", 8, func(o *NDOptRDNSS) *fields.Opt[uint8] { return &o.Len }),
		fields.ShortField("res", 0, func(o *NDOptRDNSS) *uint16 { return &o.Res }),
		fields.IntField("lifetime", 0xffffffff, func(o *NDOptRDNSS) *uint32 { return &o.Lifetime }),
		addrListField("dns", func(o *NDOptRDNSS) *[]netip.Addr { return &o.DNS }),
		extraField(func(o *NDOptRDNSS) *[]byte { return &o.Extra }),
	},
}

// NDOptRDNSSType is the registered type of NDOptRDNSS.
var NDOptRDNSSType = packet.Register(ndOptRDNSSProto)

// NewNDOptRDNSS returns a recursive DNS server option listing servers,
// with an infinite lifetime (Scapy's default).
func NewNDOptRDNSS(servers ...netip.Addr) *NDOptRDNSS {
	return &NDOptRDNSS{Type: NDPOptRDNSS, Lifetime: 0xffffffff, DNS: servers}
}

func (o *NDOptRDNSS) Proto() *packet.Proto         { return ndOptRDNSSProto }
func (o *NDOptRDNSS) Get(name string) (any, error) { return packet.GetField(o, name) }
func (o *NDOptRDNSS) Set(name string, v any) error { return packet.SetField(o, name, v) }
func (o *NDOptRDNSS) Show() string                 { return packet.ShowLayer(o) }
func (o *NDOptRDNSS) Title() string                { return ndOptRDNSSProto.Aliases[0] }
func (o *NDOptRDNSS) Summary() string              { return o.SummaryIn(nil, 0) }
func (o *NDOptRDNSS) HeaderLen() int               { return 8 + 16*len(o.DNS) + len(o.Extra) }

// SummaryIn is Scapy's "<name> <server>, <server>".
func (o *NDOptRDNSS) SummaryIn(*packet.Packet, int) string {
	s := make([]string, len(o.DNS))
	for i, a := range o.DNS {
		s[i] = addr6Text(a)
	}
	return o.Title() + " " + strings.Join(s, ", ")
}

func (o *NDOptRDNSS) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	l, err := ndOptLen(data, 8)
	if err != nil {
		return packet.DecodeResult{}, err
	}
	o.Type, o.Len, o.Res, o.Lifetime = data[ndoType], fields.Some(data[ndoLen]), be16(data[2:]), be32(data[4:])
	n := (l - 8) / 16
	o.DNS = decodeAddrs(o.DNS, data[8:], n)
	o.Extra = extraOf(data, 8+16*n, l)
	return ndOptResult(data, l), nil
}

func (o *NDOptRDNSS) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[ndoType] = o.Type
	b[ndoLen] = o.Len.Or(uint8((len(b) + 7) / ndoUnit))
	put16(b[2:], o.Res)
	put32(b[4:], o.Lifetime)
	n := 8 + putAddrs(b[8:], o.DNS)
	copy(b[n:], o.Extra)
	return nil
}

// ---- DNS search list (type 31) ----

// NDOptDNSSL is a DNS search list option (RFC 8106 section 5.2; Scapy's
// ICMPv6NDOptDNSSL). SearchList holds the names in DNS wire form, with
// the zero padding to a multiple of 8 bytes: Names reads them, Set
// ("searchlist", []string{...}) encodes them.
type NDOptDNSSL struct {
	Type       uint8
	Len        fields.Opt[uint8]
	Res        uint16
	Lifetime   uint32
	SearchList []byte
}

var ndOptDNSSLProto = &packet.Proto{
	Name:    "ICMPv6NDOptDNSSL",
	Aliases: []string{"ICMPv6 Neighbor Discovery Option - DNS Search List Option"},
	Doc:     "NDP DNS search list option (RFC 8106)",
	New:     func() packet.Layer { return NewNDOptDNSSL() },
	Fields: []fields.Field{
		ndTypeField(NDPOptDNSSL, func(o *NDOptDNSSL) *uint8 { return &o.Type }),
		fields.AutoUintField("len", 8, func(o *NDOptDNSSL) *fields.Opt[uint8] { return &o.Len }),
		fields.ShortField("res", 0, func(o *NDOptDNSSL) *uint16 { return &o.Res }),
		fields.IntField("lifetime", 0xffffffff, func(o *NDOptDNSSL) *uint32 { return &o.Lifetime }),
		fields.ListField("searchlist", func(o *NDOptDNSSL) any { return o.Names() }, setDNSSL,
			func(o *NDOptDNSSL) string {
				n := o.Names()
				for i := range n {
					n[i] = "'" + n[i] + "'"
				}
				return "[" + strings.Join(n, ", ") + "]"
			},
			func(o *NDOptDNSSL) any { return o.Names() }),
	},
}

// NDOptDNSSLType is the registered type of NDOptDNSSL.
var NDOptDNSSLType = packet.Register(ndOptDNSSLProto)

// NewNDOptDNSSL returns a DNS search list option for names ("lab.test"),
// with an infinite lifetime.
func NewNDOptDNSSL(names ...string) *NDOptDNSSL {
	return &NDOptDNSSL{Type: NDPOptDNSSL, Lifetime: 0xffffffff, SearchList: EncodeDNSSearchList(names)}
}

func (o *NDOptDNSSL) Proto() *packet.Proto         { return ndOptDNSSLProto }
func (o *NDOptDNSSL) Get(name string) (any, error) { return packet.GetField(o, name) }
func (o *NDOptDNSSL) Set(name string, v any) error { return packet.SetField(o, name, v) }
func (o *NDOptDNSSL) Show() string                 { return packet.ShowLayer(o) }
func (o *NDOptDNSSL) Title() string                { return ndOptDNSSLProto.Aliases[0] }
func (o *NDOptDNSSL) Summary() string              { return o.SummaryIn(nil, 0) }

// HeaderLen is 8 and the search list padded to a multiple of 8.
func (o *NDOptDNSSL) HeaderLen() int { return 8 + (len(o.SearchList)+7)&^7 }

// SummaryIn is Scapy's "<name> <name>, <name>".
func (o *NDOptDNSSL) SummaryIn(*packet.Packet, int) string {
	return o.Title() + " " + strings.Join(o.Names(), ", ")
}

// Names returns the domain names of the search list, each ending in a dot
// ("lab.test."), as Scapy lists them.
func (o *NDOptDNSSL) Names() []string {
	var out []string
	b := o.SearchList
	for len(b) > 0 {
		var labels []string
		for len(b) > 0 && b[0] != 0 {
			l := int(b[0])
			if l > len(b)-1 {
				l = len(b) - 1
			}
			labels = append(labels, string(b[1:1+l]))
			b = b[1+l:]
		}
		if len(labels) > 0 {
			out = append(out, strings.Join(labels, ".")+".")
		}
		if len(b) > 0 {
			b = b[1:]
		}
	}
	return out
}

// EncodeDNSSearchList encodes names as a DNS search list: each name in DNS
// wire form without compression, zero padding to a multiple of 8 bytes.
func EncodeDNSSearchList(names []string) []byte {
	var b []byte
	for _, n := range names {
		for _, l := range strings.Split(strings.TrimSuffix(n, "."), ".") {
			if l == "" {
				continue
			}
			b = append(b, byte(len(l)))
			b = append(b, l...)
		}
		b = append(b, 0)
	}
	for len(b)%8 != 0 {
		b = append(b, 0)
	}
	return b
}

func setDNSSL(o *NDOptDNSSL, v any) error {
	switch x := v.(type) {
	case []string:
		for _, n := range x {
			for _, l := range strings.Split(strings.TrimSuffix(n, "."), ".") {
				if len(l) > 63 {
					return fmt.Errorf("%w: label %q longer than 63 bytes", fields.ErrBadValue, l)
				}
			}
		}
		o.SearchList = EncodeDNSSearchList(x)
	case string:
		return setDNSSL(o, strings.FieldsFunc(x, func(r rune) bool { return r == ',' || r == ' ' }))
	case []byte:
		o.SearchList = x
	default:
		return fmt.Errorf("%w: dns search list from %T (want []string or wire bytes)", fields.ErrBadValue, v)
	}
	return nil
}

func (o *NDOptDNSSL) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	l, err := ndOptLen(data, 8)
	if err != nil {
		return packet.DecodeResult{}, err
	}
	o.Type, o.Len, o.Res, o.Lifetime = data[ndoType], fields.Some(data[ndoLen]), be16(data[2:]), be32(data[4:])
	o.SearchList = extraOf(data, 8, l)
	return ndOptResult(data, l), nil
}

func (o *NDOptDNSSL) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[ndoType] = o.Type
	b[ndoLen] = o.Len.Or(uint8(len(b) / ndoUnit))
	put16(b[2:], o.Res)
	put32(b[4:], o.Lifetime)
	n := 8 + copy(b[8:], o.SearchList)
	clear(b[n:])
	return nil
}

// ---- helpers ----

// SolicitedNodeMulticast returns the solicited-node multicast address of
// a (RFC 4291 section 2.7.1): ff02::1:ffXX:XXXX with the low 24 bits of a.
func SolicitedNodeMulticast(a netip.Addr) netip.Addr {
	s := as6(a).As16()
	m := [16]byte{0xff, 0x02, 11: 0x01, 12: 0xff, 13: s[13], 14: s[14], 15: s[15]}
	return netip.AddrFrom16(m)
}

// MulticastMAC returns the Ethernet address of an IPv6 multicast address
// (RFC 2464 section 7): 33:33 and its low 32 bits.
func MulticastMAC(a netip.Addr) fields.MAC {
	s := as6(a).As16()
	return fields.MAC{0x33, 0x33, s[12], s[13], s[14], s[15]}
}

func init() {
	for _, b := range []struct {
		t packet.LayerType
		v uint64
	}{
		{NDOptSrcLLAddrType, NDPOptSrcLLAddr}, {NDOptDstLLAddrType, NDPOptDstLLAddr},
		{NDOptPrefixInfoType, NDPOptPrefixInfo}, {NDOptRedirectedHdrType, NDPOptRedirectedHdr},
		{NDOptMTUType, NDPOptMTU}, {NDOptShortcutLimitType, NDPOptShortcutLimit},
		{NDOptAdvIntervalType, NDPOptAdvInterval}, {NDOptHAInfoType, NDPOptHAInfo},
		{NDOptRouteInfoType, NDPOptRouteInfo}, {NDOptRDNSSType, NDPOptRDNSS},
		{NDOptEFAType, NDPOptEFA}, {NDOptDNSSLType, NDPOptDNSSL},
	} {
		packet.Bind(packet.BindingRule{Lower: ICMPv6Type, Upper: b.t, Field: "ndopt", Value: b.v, DissectOnly: true})
	}
}
