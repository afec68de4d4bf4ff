package layers

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// IPv6 extension headers (RFC 8200 section 4): hop-by-hop options (0),
// routing (43; types 0 and 2 as IPv6Routing, type 4 as IPv6SRH), fragment
// (44), destination options (60), and the IPsec headers AH (51) and ESP
// (50). Each is its own layer; its next-header value is bound with IPv6's
// table (packet.NextLayer(IPv6Type, "nh", v)), so whatever follows IPv6
// follows any extension header too, and an unset next header is filled
// from that table when building (59, No Next Header, when nothing is
// bound). As in Scapy, a routing header of type 4 dissects as IPv6SRH and a
// fragment with a non-zero offset carries Raw.
//
// Hop-by-hop and destination options headers (RFC 8200 sections 4.3, 4.6):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Next Header  |  Hdr Ext Len  |                               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
//	|                 Options (TLV: type, length, data)             |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The header is 8 * (Hdr Ext Len + 1) bytes.
const (
	extNH         = 0
	extLen        = 1
	extOpts       = 2
	extUnit       = 8
	IPv6ExtMinLen = 8
)

// IPv6 option types (RFC 8200 section 4.2, RFC 2711, RFC 2675, RFC 6275).
const (
	IPv6OptPad1        = 0x00
	IPv6OptPadN        = 0x01
	IPv6OptTunnelLimit = 0x04
	IPv6OptRouterAlert = 0x05
	IPv6OptQuickStart  = 0x06
	IPv6OptJumbo       = 0xc2
	IPv6OptHAO         = 0xc9
)

// IPv6OptionNames names option types as Scapy's _hbhopts.
var IPv6OptionNames = map[uint8]string{
	0x00: "Pad1", 0x01: "PadN", 0x04: "Tunnel Encapsulation Limit", 0x05: "Router Alert",
	0x06: "Quick-Start", 0xc2: "Jumbo Payload", 0xc9: "Home Address Option",
}

// ipv6OptClass is Scapy's class for an option type.
var ipv6OptClass = map[uint8]string{0x00: "Pad1", 0x01: "PadN", 0x05: "RouterAlert", 0xc2: "Jumbo", 0xc9: "HAO"}

// IPv6Option is one TLV option of a hop-by-hop or destination options
// header. Pad1 is a single byte: no length, no data. Length 0 means
// computed (len(Data)). An option whose length byte is missing or runs
// past the header is kept with Bad set and its remaining bytes in Data, so
// it re-encodes verbatim.
type IPv6Option struct {
	Type   uint8  // otype
	Length uint8  // optlen; 0: len(Data)
	Data   []byte // optdata
	Bad    bool
}

// Option constructors (Scapy's Pad1(), PadN(), RouterAlert(), Jumbo(),
// HAO()).
func IPv6OptionPad1() IPv6Option { return IPv6Option{Type: IPv6OptPad1} }
func IPv6OptionPadN(n int) IPv6Option {
	return IPv6Option{Type: IPv6OptPadN, Data: make([]byte, n)}
}
func IPv6OptionRouterAlert(value uint16) IPv6Option {
	return IPv6Option{Type: IPv6OptRouterAlert, Data: []byte{byte(value >> 8), byte(value)}}
}
func IPv6OptionJumbo(plen uint32) IPv6Option {
	d := make([]byte, 4)
	put32(d, plen)
	return IPv6Option{Type: IPv6OptJumbo, Data: d}
}
func IPv6OptionHAO(home netip.Addr) IPv6Option {
	a := as6(home).As16()
	return IPv6Option{Type: IPv6OptHAO, Data: a[:]}
}

func (o IPv6Option) len() int {
	if o.Bad {
		return 1 + len(o.Data)
	}
	if o.Type == IPv6OptPad1 {
		return 1
	}
	return 2 + len(o.Data)
}

// Name returns Scapy's class name of the option (HBHOptUnknown for the
// types it does not know).
func (o IPv6Option) Name() string {
	if n, ok := ipv6OptClass[o.Type]; ok {
		return n
	}
	return "HBHOptUnknown"
}

// alignDelta is the padding Scapy's autopad puts before the option at
// offset cur from the start of the header: RouterAlert 2n, Jumbo 4n+2,
// HAO 8n+6 (RFC 2711, 2675, 6275).
func (o IPv6Option) alignDelta(cur int) int {
	var x, y int
	switch o.Type {
	case IPv6OptRouterAlert:
		x, y = 2, 0
	case IPv6OptJumbo:
		x, y = 4, 2
	case IPv6OptHAO:
		x, y = 8, 6
	default:
		return 0
	}
	if o.Bad {
		return 0
	}
	return x*((cur-y+x-1)/x) + y - cur
}

// ipv6OptsLen is the length of the options area, with autopad's padding.
func ipv6OptsLen(opts []IPv6Option, autopad bool) int {
	cur := extOpts
	for i := range opts {
		if autopad {
			cur += opts[i].alignDelta(cur)
		}
		cur += opts[i].len()
	}
	if autopad && cur%extUnit != 0 {
		cur += extUnit - cur%extUnit
	}
	return cur - extOpts
}

// putPad writes d bytes of padding: Pad1 or PadN.
func putPad(b []byte, d int) int {
	switch d {
	case 0:
		return 0
	case 1:
		b[0] = IPv6OptPad1
		return 1
	}
	b[0], b[1] = IPv6OptPadN, byte(d-2)
	clear(b[2:d])
	return d
}

// writeIPv6Opts writes the options area (b starts at header offset 2).
func writeIPv6Opts(b []byte, opts []IPv6Option, autopad bool) int {
	n := 0
	for _, o := range opts {
		if autopad {
			n += putPad(b[n:], o.alignDelta(extOpts+n))
		}
		b[n] = o.Type
		n++
		if o.Bad || o.Type == IPv6OptPad1 {
			n += copy(b[n:], o.Data)
			continue
		}
		l := o.Length
		if l == 0 {
			l = uint8(len(o.Data))
		}
		b[n] = l
		n++
		n += copy(b[n:], o.Data)
	}
	if autopad && (extOpts+n)%extUnit != 0 {
		n += putPad(b[n:], extUnit-(extOpts+n)%extUnit)
	}
	return n
}

func decodeIPv6Opts(opts []IPv6Option, b []byte) []IPv6Option {
	n := 0
	for len(b) > 0 {
		if n == len(opts) {
			opts = append(opts, IPv6Option{})
			opts = opts[:cap(opts)]
		}
		o := &opts[n]
		n++
		t := b[0]
		o.Type, o.Length, o.Data, o.Bad = t, 0, nil, false
		switch {
		case t == IPv6OptPad1:
			b = b[1:]
		case len(b) < 2 || 2+int(b[1]) > len(b):
			o.Data, o.Bad = b[1:], true
			return opts[:n]
		default:
			l := 2 + int(b[1])
			o.Length, o.Data = b[1], b[2:l:l]
			b = b[l:]
		}
	}
	return opts[:n]
}

// Value returns the option's value as Scapy's class holds it: the router
// alert value, the jumbo payload length, the home address; nil for
// padding; the data bytes otherwise.
func (o IPv6Option) Value() any {
	switch {
	case o.Bad:
		return o.Data
	case o.Type == IPv6OptRouterAlert && len(o.Data) == 2:
		return be16(o.Data)
	case o.Type == IPv6OptJumbo && len(o.Data) == 4:
		return be32(o.Data)
	case o.Type == IPv6OptHAO && len(o.Data) == 16:
		return netip.AddrFrom16([16]byte(o.Data))
	case o.Type == IPv6OptPad1:
		return nil
	}
	return o.Data
}

// String is the option as a Scapy constructor: RouterAlert(value=0),
// PadN(optdata=b”), HBHOptUnknown(otype=7, optdata=b'...').
func (o IPv6Option) String() string {
	var s string
	switch v := o.Value().(type) {
	case nil:
		return o.Name() + "()"
	case uint16:
		s = "value=" + strconv.Itoa(int(v))
	case uint32:
		s = "jumboplen=" + strconv.FormatUint(uint64(v), 10)
	case netip.Addr:
		s = "hoa=" + v.String()
	case []byte:
		s = "optdata=" + fields.ReprBytes(v)
		if o.Name() == "HBHOptUnknown" || o.Bad {
			s = "otype=" + strconv.Itoa(int(o.Type)) + ", " + s
		}
	}
	if o.Length != 0 && int(o.Length) != len(o.Data) && !o.Bad {
		s += ", optlen=" + strconv.Itoa(int(o.Length))
	}
	return o.Name() + "(" + s + ")"
}

func formatIPv6Opts(opts []IPv6Option) string {
	parts := make([]string, len(opts))
	for i, o := range opts {
		parts[i] = o.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonIPv6Opts(opts []IPv6Option) any {
	out := make([]map[string]any, len(opts))
	for i, o := range opts {
		m := map[string]any{"otype": o.Type, "name": o.Name()}
		if o.Type != IPv6OptPad1 || o.Bad {
			l := o.Length
			if l == 0 {
				l = uint8(len(o.Data))
			}
			if !o.Bad {
				m["optlen"] = l
			}
			m["optdata"] = fmt.Sprintf("%x", o.Data)
		}
		out[i] = m
	}
	return out
}

func setIPv6Opts(v any) ([]IPv6Option, error) {
	switch x := v.(type) {
	case []IPv6Option:
		return x, nil
	case IPv6Option:
		return []IPv6Option{x}, nil
	case []byte:
		return decodeIPv6Opts(nil, x), nil
	}
	return nil, fmt.Errorf("%w: ipv6 options from %T (want []layers.IPv6Option or raw bytes)", fields.ErrBadValue, v)
}

// ---- next header handling shared by the extension headers ----

// IPv6 routing header types.
const (
	IPv6RoutingSourceRoute = 0 // deprecated (RFC 5095)
	IPv6RoutingNimrod      = 1
	IPv6RoutingMobileIPv6  = 2 // RFC 6275
	IPv6RoutingRPL         = 3 // RFC 6554
	IPv6RoutingSRH         = 4 // RFC 8754
)

// ipv6Next picks the layer a next-header value announces, with rest the
// bytes that follow: IPv6's binding table, except that a routing header of
// type 4 is a segment routing header (Scapy's guess_payload_class).
func ipv6Next(nh uint8, rest []byte) packet.LayerType {
	if nh == IPProtoRouting && len(rest) > 2 && rest[2] == IPv6RoutingSRH {
		return IPv6SRHType
	}
	return ipv6NHKey.Next(uint64(nh))
}

var ipv6NHKey = packet.NewBindKey(IPv6Type, "nh")

// extNextHeader is the next header an extension header carries: the value
// set, or the one IPv6's table gives the layer above, 59 when nothing is
// bound.
func extNextHeader(o fields.Opt[uint8], ctx *packet.BuildContext) uint8 {
	if o.Valid {
		return o.Value
	}
	if n := ctx.Next(); n != nil {
		if v, ok := packet.BindValue(IPv6Type, n.Proto().Type(), "nh"); ok {
			return uint8(v)
		}
	}
	return IPProtoNoNext
}

func nhField[L any](ptr func(*L) *fields.Opt[uint8]) fields.Field {
	return fields.AutoUintField("nh", 8, ptr).WithEnum(IPv6NextHeaderNames)
}

// ---- address lists (routing headers, MLD sources, RDNSS) ----

func decodeAddrs(dst []netip.Addr, b []byte, n int) []netip.Addr {
	dst = dst[:0]
	for i := 0; i < n; i++ {
		dst = append(dst, netip.AddrFrom16([16]byte(b[16*i:16*i+16])))
	}
	return dst
}

func putAddrs(b []byte, addrs []netip.Addr) int {
	for i, a := range addrs {
		putAddr(b[16*i:], a)
	}
	return 16 * len(addrs)
}

// putAddr writes a as 16 bytes (an IPv4 address IPv4-mapped, the zero
// Addr as ::).
func putAddr(b []byte, a netip.Addr) {
	a16 := as6(a).As16()
	copy(b, a16[:])
}

// formatAddrs is Scapy's IP6ListField text: "[ 2001:db8::1, 2001:db8::2 ]".
func formatAddrs(addrs []netip.Addr) string {
	parts := make([]string, len(addrs))
	for i, a := range addrs {
		parts[i] = addr6Text(a)
	}
	return "[ " + strings.Join(parts, ", ") + " ]"
}

func addr6Text(a netip.Addr) string {
	if !a.IsValid() {
		return "::"
	}
	return as6(a).String()
}

func jsonAddrs(addrs []netip.Addr) any {
	out := make([]string, len(addrs))
	for i, a := range addrs {
		out[i] = addr6Text(a)
	}
	return out
}

// parseAddrs accepts []netip.Addr, []string, or a string of addresses
// separated by commas or spaces (brackets allowed).
func parseAddrs(v any) ([]netip.Addr, error) {
	var ss []string
	switch x := v.(type) {
	case []netip.Addr:
		return x, nil
	case netip.Addr:
		return []netip.Addr{x}, nil
	case []string:
		ss = x
	case string:
		ss = strings.FieldsFunc(x, func(r rune) bool { return r == ',' || r == ' ' || r == '[' || r == ']' })
	default:
		return nil, fmt.Errorf("%w: ipv6 address list from %T", fields.ErrBadValue, v)
	}
	out := make([]netip.Addr, 0, len(ss))
	for _, s := range ss {
		a, err := fields.AddrFrom(s, true)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

func addrListField[L any](name string, ptr func(*L) *[]netip.Addr) fields.Field {
	return fields.ListField(name,
		func(l *L) any { return *ptr(l) },
		func(l *L, v any) error {
			a, err := parseAddrs(v)
			if err == nil {
				*ptr(l) = a
			}
			return err
		},
		func(l *L) string { return formatAddrs(*ptr(l)) },
		func(l *L) any { return jsonAddrs(*ptr(l)) })
}

// ---- hop-by-hop and destination options ----

// IPv6HopByHop is a hop-by-hop options header (Scapy's IPv6ExtHdrHopByHop).
// With AutoPad (the default, as Scapy's autopad) building aligns router
// alert, jumbo payload and home address options and pads the header to a
// multiple of 8 bytes with Pad1 and PadN; decoded options keep their
// padding, and AutoPad is on when re-encoding them with it gives the same
// bytes.
type IPv6HopByHop struct {
	NextHeader fields.Opt[uint8] // unset: from the layer above
	Len        fields.Opt[uint8] // in 8-byte units, not counting the first 8
	AutoPad    uint8             // 1: align and pad the options when building
	Options    []IPv6Option
}

// IPv6DestOpts is a destination options header (Scapy's
// IPv6ExtHdrDestOpt), laid out as the hop-by-hop header.
type IPv6DestOpts IPv6HopByHop

func optsFields[L any](h func(*L) *IPv6HopByHop) []fields.Field {
	return []fields.Field{
		nhField(func(l *L) *fields.Opt[uint8] { return &h(l).NextHeader }),
		fields.AutoUintField("len", 8, func(l *L) *fields.Opt[uint8] { return &h(l).Len }),
		fields.WithFormat(fields.ByteField("autopad", 1, func(l *L) *uint8 { return &h(l).AutoPad }),
			func(l *L) string {
				if h(l).AutoPad != 0 {
					return "On"
				}
				return "Off"
			}),
		fields.ListField("options", func(l *L) any { return h(l).Options },
			func(l *L, v any) error {
				o, err := setIPv6Opts(v)
				if err == nil {
					h(l).Options = o
				}
				return err
			},
			func(l *L) string { return formatIPv6Opts(h(l).Options) },
			func(l *L) any { return jsonIPv6Opts(h(l).Options) }),
	}
}

var ipv6HopByHopProto = &packet.Proto{
	Name:    "IPv6ExtHdrHopByHop",
	Aliases: []string{"IPv6 Extension Header - Hop-by-Hop Options Header", "HopByHop", "HBH"},
	Doc:     "IPv6 hop-by-hop options header (RFC 8200): router alert, jumbo payload, padding, others kept",
	New:     func() packet.Layer { return NewIPv6HopByHop() },
	Fields:  optsFields(func(h *IPv6HopByHop) *IPv6HopByHop { return h }),
}

var ipv6DestOptsProto = &packet.Proto{
	Name:    "IPv6ExtHdrDestOpt",
	Aliases: []string{"IPv6 Extension Header - Destination Options Header", "DestOpt"},
	Doc:     "IPv6 destination options header (RFC 8200): home address, padding, others kept",
	New:     func() packet.Layer { return NewIPv6DestOpts() },
	Fields:  optsFields(func(d *IPv6DestOpts) *IPv6HopByHop { return (*IPv6HopByHop)(d) }),
}

// Registered types of the options headers.
var (
	IPv6HopByHopType = packet.Register(ipv6HopByHopProto)
	IPv6DestOptsType = packet.Register(ipv6DestOptsProto)
)

// NewIPv6HopByHop returns an empty hop-by-hop header with autopad on: it
// builds as 8 bytes (next header, length 0, PadN of 4).
func NewIPv6HopByHop() *IPv6HopByHop { return &IPv6HopByHop{AutoPad: 1} }

// NewIPv6DestOpts returns an empty destination options header with
// autopad on.
func NewIPv6DestOpts() *IPv6DestOpts { return &IPv6DestOpts{AutoPad: 1} }

func (h *IPv6HopByHop) Proto() *packet.Proto         { return ipv6HopByHopProto }
func (h *IPv6HopByHop) Get(name string) (any, error) { return packet.GetField(h, name) }
func (h *IPv6HopByHop) Set(name string, v any) error { return packet.SetField(h, name, v) }
func (h *IPv6HopByHop) Show() string                 { return packet.ShowLayer(h) }
func (h *IPv6HopByHop) Summary() string              { return ipv6HopByHopProto.Name }
func (h *IPv6HopByHop) Title() string                { return ipv6HopByHopProto.Aliases[0] }
func (h *IPv6HopByHop) HeaderLen() int               { return extOpts + h.optsLen() }

func (h *IPv6DestOpts) Proto() *packet.Proto         { return ipv6DestOptsProto }
func (h *IPv6DestOpts) Get(name string) (any, error) { return packet.GetField(h, name) }
func (h *IPv6DestOpts) Set(name string, v any) error { return packet.SetField(h, name, v) }
func (h *IPv6DestOpts) Show() string                 { return packet.ShowLayer(h) }
func (h *IPv6DestOpts) Summary() string              { return ipv6DestOptsProto.Name }
func (h *IPv6DestOpts) Title() string                { return ipv6DestOptsProto.Aliases[0] }
func (h *IPv6DestOpts) HeaderLen() int               { return (*IPv6HopByHop)(h).HeaderLen() }

func (h *IPv6HopByHop) optsLen() int { return ipv6OptsLen(h.Options, h.AutoPad != 0) }

// DecodeFromBytes decodes the header and its options; the payload is
// picked by the next header with IPv6's table.
func (h *IPv6HopByHop) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < 2 {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	hl := extUnit * (int(data[extLen]) + 1)
	if len(data) < hl {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	h.NextHeader = fields.Some(data[extNH])
	h.Len = fields.Some(data[extLen])
	h.Options = decodeIPv6Opts(h.Options[:0], data[extOpts:hl])
	h.AutoPad = 0
	if ipv6OptsLen(h.Options, true) == hl-extOpts {
		h.AutoPad = 1
	}
	return packet.DecodeResult{HeaderLen: hl, PayloadLen: -1, Next: ipv6Next(data[extNH], data[hl:])}, nil
}

func (h *IPv6DestOpts) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	return (*IPv6HopByHop)(h).DecodeFromBytes(data, ctx)
}

// SerializeTo writes the header; unset next header and length are
// computed (length: (options + 2 + 7) / 8 - 1, as Scapy).
func (h *IPv6HopByHop) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	b[extNH] = extNextHeader(h.NextHeader, ctx)
	n := writeIPv6Opts(b[extOpts:], h.Options, h.AutoPad != 0)
	b[extLen] = h.Len.Or(uint8((n+extOpts+7)/extUnit - 1))
	return nil
}

func (h *IPv6DestOpts) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	return (*IPv6HopByHop)(h).SerializeTo(b, ctx)
}

// Option returns the first option of that type, if any.
func (h *IPv6HopByHop) Option(t uint8) (IPv6Option, bool) {
	for _, o := range h.Options {
		if o.Type == t && !o.Bad {
			return o, true
		}
	}
	return IPv6Option{}, false
}

// Option returns the first option of that type, if any.
func (h *IPv6DestOpts) Option(t uint8) (IPv6Option, bool) { return (*IPv6HopByHop)(h).Option(t) }

// ---- routing header, types 0 and 2 (and others) ----

// IPv6 routing header (RFC 8200 section 4.4); type 0 (RFC 2460, deprecated
// by RFC 5095) and type 2 (RFC 6275) carry addresses:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Next Header  |  Hdr Ext Len  |  Routing Type | Segments Left |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                            Reserved                           |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                       Address[1] ... Address[n]               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
const (
	rtType     = 2
	rtSegLeft  = 3
	rtReserved = 4
	rtAddrs    = 8
)

// IPv6Routing is a routing header of any type but 4 (Scapy's
// IPv6ExtHdrRouting): the bytes after the first 8 are read as 16-byte
// addresses, and what is left of a last partial address is kept in Data.
type IPv6Routing struct {
	NextHeader fields.Opt[uint8]
	Len        fields.Opt[uint8] // unset: 2 per address
	Type       uint8
	SegLeft    fields.Opt[uint8] // unset: the number of addresses
	Reserved   uint32
	Addresses  []netip.Addr
	Data       []byte // trailing bytes that are not a whole address
}

var ipv6RoutingProto = &packet.Proto{
	Name:    "IPv6ExtHdrRouting",
	Aliases: []string{"IPv6 Option Header Routing", "Routing"},
	Doc:     "IPv6 routing header (RFC 8200): type 0 and 2 addresses; type 4 is IPv6ExtHdrSegmentRouting",
	New:     func() packet.Layer { return NewIPv6Routing() },
	Fields: []fields.Field{
		nhField(func(r *IPv6Routing) *fields.Opt[uint8] { return &r.NextHeader }),
		fields.AutoUintField("len", 8, func(r *IPv6Routing) *fields.Opt[uint8] { return &r.Len }),
		fields.ByteField("type", 0, func(r *IPv6Routing) *uint8 { return &r.Type }),
		fields.AutoUintField("segleft", 8, func(r *IPv6Routing) *fields.Opt[uint8] { return &r.SegLeft }),
		fields.IntField("reserved", 0, func(r *IPv6Routing) *uint32 { return &r.Reserved }),
		addrListField("addresses", func(r *IPv6Routing) *[]netip.Addr { return &r.Addresses }),
		fields.BytesField("data", func(r *IPv6Routing) *[]byte { return &r.Data }).
			When(func(l any) bool { return len(l.(*IPv6Routing).Data) > 0 }),
	},
}

// IPv6RoutingType is the registered type of IPv6Routing.
var IPv6RoutingType = packet.Register(ipv6RoutingProto)

// NewIPv6Routing returns a type 0 routing header without addresses, as
// Scapy's IPv6ExtHdrRouting().
func NewIPv6Routing() *IPv6Routing { return &IPv6Routing{} }

func (r *IPv6Routing) Proto() *packet.Proto         { return ipv6RoutingProto }
func (r *IPv6Routing) Get(name string) (any, error) { return packet.GetField(r, name) }
func (r *IPv6Routing) Set(name string, v any) error { return packet.SetField(r, name, v) }
func (r *IPv6Routing) Show() string                 { return packet.ShowLayer(r) }
func (r *IPv6Routing) Summary() string              { return ipv6RoutingProto.Name }
func (r *IPv6Routing) Title() string                { return ipv6RoutingProto.Aliases[0] }
func (r *IPv6Routing) HeaderLen() int               { return rtAddrs + 16*len(r.Addresses) + len(r.Data) }

// DecodeFromBytes decodes the header and its addresses.
func (r *IPv6Routing) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < rtAddrs {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	hl := extUnit * (int(data[extLen]) + 1)
	if len(data) < hl {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	r.NextHeader = fields.Some(data[extNH])
	r.Len = fields.Some(data[extLen])
	r.Type = data[rtType]
	r.SegLeft = fields.Some(data[rtSegLeft])
	r.Reserved = be32(data[rtReserved:])
	n := (hl - rtAddrs) / 16
	r.Addresses = decodeAddrs(r.Addresses, data[rtAddrs:], n)
	r.Data = nil
	if rest := data[rtAddrs+16*n : hl]; len(rest) > 0 {
		r.Data = rest
	}
	return packet.DecodeResult{HeaderLen: hl, PayloadLen: -1, Next: ipv6Next(data[extNH], data[hl:])}, nil
}

// SerializeTo writes the header; unset length and segments left come from
// the addresses.
func (r *IPv6Routing) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	b[extNH] = extNextHeader(r.NextHeader, ctx)
	b[extLen] = r.Len.Or(uint8((len(b) - rtAddrs + 7) / extUnit))
	b[rtType] = r.Type
	b[rtSegLeft] = r.SegLeft.Or(uint8(len(r.Addresses)))
	put32(b[rtReserved:], r.Reserved)
	n := rtAddrs + putAddrs(b[rtAddrs:], r.Addresses)
	copy(b[n:], r.Data)
	return nil
}

// finalDest is the address the pseudo-header uses (Scapy's
// in6_pseudoheader): the last address when segments are left.
func (r *IPv6Routing) finalDest() (netip.Addr, bool) {
	if len(r.Addresses) == 0 || (r.SegLeft.Valid && r.SegLeft.Value == 0) {
		return netip.Addr{}, false
	}
	return as6(r.Addresses[len(r.Addresses)-1]), true
}

// ---- segment routing header ----

// Segment routing header (RFC 8754 section 2):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	| Next Header   |  Hdr Ext Len  | Routing Type  | Segments Left |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Last Entry   |     Flags     |              Tag              |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|            Segment List[0] (128-bit IPv6 address)             |
//	|                              ...                              |
//	|            Segment List[n] (128-bit IPv6 address)             |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	//         Optional Type Length Value objects (variable)       //
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Flags, as Scapy names the bits of draft 06: unused1, protected, oam,
// alert, hmac, unused2 (3 bits).
const (
	srhLastEntry = 4
	srhFlags     = 5
	srhTag       = 6
	srhSegs      = 8
)

// SRH TLV types (RFC 8754 section 2.1).
const (
	SRHTLVPad1    = 0
	SRHTLVPadN    = 4
	SRHTLVHMAC    = 5
	SRHTLVIngress = 1 // draft 06
	SRHTLVEgress  = 2 // draft 06
)

var srhTLVNames = map[uint8]string{0: "Pad1 TLV", 1: "Ingress Node TLV", 2: "Egress Node TLV", 4: "PadN TLV", 5: "HMAC TLV"}

// SRHTLV is one TLV of a segment routing header. Pad1 is a single byte
// (RFC 8754 section 2.1.1.1). Length 0 means computed (len(Value)). A TLV
// that runs past the header is kept with Bad set and its bytes in Value.
type SRHTLV struct {
	Type   uint8
	Length uint8
	Value  []byte
	Bad    bool
}

func (t SRHTLV) len() int {
	if t.Bad {
		return 1 + len(t.Value)
	}
	if t.Type == SRHTLVPad1 {
		return 1
	}
	return 2 + len(t.Value)
}

// Name returns the TLV's name ("PadN TLV") or its type number.
func (t SRHTLV) Name() string {
	if n, ok := srhTLVNames[t.Type]; ok {
		return n
	}
	return strconv.Itoa(int(t.Type))
}

func decodeSRHTLVs(tlvs []SRHTLV, b []byte) []SRHTLV {
	n := 0
	for len(b) > 0 {
		if n == len(tlvs) {
			tlvs = append(tlvs, SRHTLV{})
			tlvs = tlvs[:cap(tlvs)]
		}
		t := &tlvs[n]
		n++
		t.Type, t.Length, t.Value, t.Bad = b[0], 0, nil, false
		switch {
		case b[0] == SRHTLVPad1:
			b = b[1:]
		case len(b) < 2 || 2+int(b[1]) > len(b):
			t.Value, t.Bad = b[1:], true
			return tlvs[:n]
		default:
			l := 2 + int(b[1])
			t.Length, t.Value = b[1], b[2:l:l]
			b = b[l:]
		}
	}
	return tlvs[:n]
}

func writeSRHTLVs(b []byte, tlvs []SRHTLV) int {
	n := 0
	for _, t := range tlvs {
		b[n] = t.Type
		n++
		if t.Bad || t.Type == SRHTLVPad1 {
			n += copy(b[n:], t.Value)
			continue
		}
		l := t.Length
		if l == 0 {
			l = uint8(len(t.Value))
		}
		b[n] = l
		n++
		n += copy(b[n:], t.Value)
	}
	return n
}

// IPv6SRH is a segment routing header (Scapy's IPv6ExtHdrSegmentRouting).
// Unset, the length pads the TLVs to a multiple of 8 bytes with a Pad1 or
// PadN TLV, and segments left and last entry are the number of segments
// minus one.
type IPv6SRH struct {
	NextHeader fields.Opt[uint8]
	Len        fields.Opt[uint8]
	Type       uint8 // 4
	SegLeft    fields.Opt[uint8]
	LastEntry  fields.Opt[uint8]
	Unused1    uint8 // flag bits, most significant first
	Protected  uint8
	OAM        uint8
	Alert      uint8
	HMAC       uint8
	Unused2    uint8 // 3 bits
	Tag        uint16
	Addresses  []netip.Addr // the segment list, final segment first
	TLVs       []SRHTLV
}

var ipv6SRHProto = &packet.Proto{
	Name:    "IPv6ExtHdrSegmentRouting",
	Aliases: []string{"IPv6 Option Header Segment Routing", "SRH", "SRv6"},
	Doc:     "IPv6 segment routing header (RFC 8754): segment list, flags, tag, TLVs",
	New:     func() packet.Layer { return NewIPv6SRH() },
	Fields: []fields.Field{
		nhField(func(r *IPv6SRH) *fields.Opt[uint8] { return &r.NextHeader }),
		fields.AutoUintField("len", 8, func(r *IPv6SRH) *fields.Opt[uint8] { return &r.Len }),
		fields.ByteField("type", 4, func(r *IPv6SRH) *uint8 { return &r.Type }),
		fields.AutoUintField("segleft", 8, func(r *IPv6SRH) *fields.Opt[uint8] { return &r.SegLeft }),
		fields.AutoUintField("lastentry", 8, func(r *IPv6SRH) *fields.Opt[uint8] { return &r.LastEntry }),
		fields.BitField("unused1", 1, uint8(0), func(r *IPv6SRH) *uint8 { return &r.Unused1 }),
		fields.BitField("protected", 1, uint8(0), func(r *IPv6SRH) *uint8 { return &r.Protected }),
		fields.BitField("oam", 1, uint8(0), func(r *IPv6SRH) *uint8 { return &r.OAM }),
		fields.BitField("alert", 1, uint8(0), func(r *IPv6SRH) *uint8 { return &r.Alert }),
		fields.BitField("hmac", 1, uint8(0), func(r *IPv6SRH) *uint8 { return &r.HMAC }),
		fields.BitField("unused2", 3, uint8(0), func(r *IPv6SRH) *uint8 { return &r.Unused2 }),
		fields.ShortField("tag", 0, func(r *IPv6SRH) *uint16 { return &r.Tag }),
		addrListField("addresses", func(r *IPv6SRH) *[]netip.Addr { return &r.Addresses }).WithDefault([]netip.Addr{ip6Loopback}),
		fields.ListField("tlv_objects", func(r *IPv6SRH) any { return r.TLVs }, setSRHTLVs, formatSRHTLVs, jsonSRHTLVs),
	},
}

// IPv6SRHType is the registered type of IPv6SRH.
var IPv6SRHType = packet.Register(ipv6SRHProto)

// NewIPv6SRH returns a segment routing header with Scapy's defaults: one
// segment, ::1.
func NewIPv6SRH() *IPv6SRH {
	return &IPv6SRH{Type: IPv6RoutingSRH, Addresses: []netip.Addr{ip6Loopback}}
}

func (r *IPv6SRH) Proto() *packet.Proto         { return ipv6SRHProto }
func (r *IPv6SRH) Get(name string) (any, error) { return packet.GetField(r, name) }
func (r *IPv6SRH) Set(name string, v any) error { return packet.SetField(r, name, v) }
func (r *IPv6SRH) Show() string                 { return packet.ShowLayer(r) }
func (r *IPv6SRH) Summary() string              { return ipv6SRHProto.Name }
func (r *IPv6SRH) Title() string                { return ipv6SRHProto.Aliases[0] }

func (r *IPv6SRH) tlvLen() int {
	n := 0
	for _, t := range r.TLVs {
		n += t.len()
	}
	return n
}

// pad is the padding TLV an unset length adds (0, 1 or 2-7 bytes).
func (r *IPv6SRH) pad() int {
	if r.Len.Valid {
		return 0
	}
	return (extUnit - (srhSegs+16*len(r.Addresses)+r.tlvLen())%extUnit) % extUnit
}

// HeaderLen is 8 + 16 per segment + the TLVs (and their padding).
func (r *IPv6SRH) HeaderLen() int { return srhSegs + 16*len(r.Addresses) + r.tlvLen() + r.pad() }

// DecodeFromBytes decodes the header, lastentry + 1 segments, and the
// TLVs in the rest of the header.
func (r *IPv6SRH) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < srhSegs {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	hl := extUnit * (int(data[extLen]) + 1)
	if len(data) < hl {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	n := int(data[srhLastEntry]) + 1
	if srhSegs+16*n > hl {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	r.NextHeader = fields.Some(data[extNH])
	r.Len = fields.Some(data[extLen])
	r.Type = data[rtType]
	r.SegLeft = fields.Some(data[rtSegLeft])
	r.LastEntry = fields.Some(data[srhLastEntry])
	f := data[srhFlags]
	r.Unused1, r.Protected, r.OAM, r.Alert, r.HMAC, r.Unused2 = f>>7, f>>6&1, f>>5&1, f>>4&1, f>>3&1, f&7
	r.Tag = be16(data[srhTag:])
	r.Addresses = decodeAddrs(r.Addresses, data[srhSegs:], n)
	r.TLVs = decodeSRHTLVs(r.TLVs[:0], data[srhSegs+16*n:hl])
	return packet.DecodeResult{HeaderLen: hl, PayloadLen: -1, Next: ipv6Next(data[extNH], data[hl:])}, nil
}

// SerializeTo writes the header; unset fields are computed as Scapy's
// post_build does.
func (r *IPv6SRH) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	last := uint8(0)
	if len(r.Addresses) > 0 {
		last = uint8(len(r.Addresses) - 1)
	}
	b[extNH] = extNextHeader(r.NextHeader, ctx)
	b[extLen] = r.Len.Or(uint8((len(b) - srhSegs) / extUnit))
	b[rtType] = r.Type
	b[rtSegLeft] = r.SegLeft.Or(last)
	b[srhLastEntry] = r.LastEntry.Or(last)
	b[srhFlags] = r.Unused1&1<<7 | r.Protected&1<<6 | r.OAM&1<<5 | r.Alert&1<<4 | r.HMAC&1<<3 | r.Unused2&7
	put16(b[srhTag:], r.Tag)
	n := srhSegs + putAddrs(b[srhSegs:], r.Addresses)
	n += writeSRHTLVs(b[n:], r.TLVs)
	switch d := r.pad(); d {
	case 0:
	case 1:
		b[n] = SRHTLVPad1
	default:
		b[n], b[n+1] = SRHTLVPadN, byte(d-2)
		clear(b[n+2 : n+d])
	}
	return nil
}

// finalDest is the final segment (Segment List[0]) when segments are left
// (Scapy's in6_pseudoheader).
func (r *IPv6SRH) finalDest() (netip.Addr, bool) {
	if len(r.Addresses) == 0 || (r.SegLeft.Valid && r.SegLeft.Value == 0) {
		return netip.Addr{}, false
	}
	return as6(r.Addresses[0]), true
}

func formatSRHTLVs(r *IPv6SRH) string {
	parts := make([]string, len(r.TLVs))
	for i, t := range r.TLVs {
		s := "(" + strconv.Itoa(int(t.Type)) + " " + t.Name()
		if t.Type != SRHTLVPad1 || t.Bad {
			s += ", " + fields.ReprBytes(t.Value)
		}
		parts[i] = s + ")"
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonSRHTLVs(r *IPv6SRH) any {
	out := make([]map[string]any, len(r.TLVs))
	for i, t := range r.TLVs {
		m := map[string]any{"type": t.Type, "name": t.Name()}
		if t.Type != SRHTLVPad1 || t.Bad {
			l := t.Length
			if l == 0 {
				l = uint8(len(t.Value))
			}
			if !t.Bad {
				m["len"] = l
			}
			m["value"] = fmt.Sprintf("%x", t.Value)
		}
		out[i] = m
	}
	return out
}

func setSRHTLVs(r *IPv6SRH, v any) error {
	switch x := v.(type) {
	case []SRHTLV:
		r.TLVs = x
	case []byte:
		r.TLVs = decodeSRHTLVs(nil, x)
	default:
		return fmt.Errorf("%w: srh tlvs from %T (want []layers.SRHTLV or raw bytes)", fields.ErrBadValue, v)
	}
	return nil
}

// ---- fragment header ----

// Fragment header (RFC 8200 section 4.5):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                         Identification                        |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
const (
	fragRes1    = 1
	fragOffM    = 2
	fragID      = 4
	IPv6FragLen = 8
)

// IPv6Fragment is a fragment header (Scapy's IPv6ExtHdrFragment). The
// offset is in 8-byte units; a fragment with a non-zero offset carries Raw.
type IPv6Fragment struct {
	NextHeader fields.Opt[uint8]
	Res1       uint8
	Offset     uint16 // 13 bits
	Res2       uint8  // 2 bits
	M          uint8  // 1: more fragments follow
	ID         uint32
}

var ipv6FragmentProto = &packet.Proto{
	Name:    "IPv6ExtHdrFragment",
	Aliases: []string{"IPv6 Extension Header - Fragmentation header", "Fragment"},
	Doc:     "IPv6 fragment header (RFC 8200); a non-first fragment carries Raw",
	New:     func() packet.Layer { return NewIPv6Fragment() },
	Fields: []fields.Field{
		nhField(func(f *IPv6Fragment) *fields.Opt[uint8] { return &f.NextHeader }),
		fields.BitField("res1", 8, uint8(0), func(f *IPv6Fragment) *uint8 { return &f.Res1 }),
		fields.BitField("offset", 13, uint16(0), func(f *IPv6Fragment) *uint16 { return &f.Offset }),
		fields.BitField("res2", 2, uint8(0), func(f *IPv6Fragment) *uint8 { return &f.Res2 }),
		fields.BitField("m", 1, uint8(0), func(f *IPv6Fragment) *uint8 { return &f.M }),
		fields.IntField("id", 0, func(f *IPv6Fragment) *uint32 { return &f.ID }),
	},
}

// IPv6FragmentType is the registered type of IPv6Fragment.
var IPv6FragmentType = packet.Register(ipv6FragmentProto)

// NewIPv6Fragment returns a fragment header with Scapy's defaults (offset
// 0, m 0, id 0).
func NewIPv6Fragment() *IPv6Fragment { return &IPv6Fragment{} }

func (f *IPv6Fragment) Proto() *packet.Proto         { return ipv6FragmentProto }
func (f *IPv6Fragment) Get(name string) (any, error) { return packet.GetField(f, name) }
func (f *IPv6Fragment) Set(name string, v any) error { return packet.SetField(f, name, v) }
func (f *IPv6Fragment) Show() string                 { return packet.ShowLayer(f) }
func (f *IPv6Fragment) Summary() string              { return ipv6FragmentProto.Name }
func (f *IPv6Fragment) Title() string                { return ipv6FragmentProto.Aliases[0] }
func (f *IPv6Fragment) HeaderLen() int               { return IPv6FragLen }

// DecodeFromBytes decodes the 8-byte header; only a first fragment
// (offset 0) has its payload dissected.
func (f *IPv6Fragment) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < IPv6FragLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	f.NextHeader = fields.Some(data[extNH])
	f.Res1 = data[fragRes1]
	w := be16(data[fragOffM:])
	f.Offset, f.Res2, f.M = w>>3, uint8(w>>1&3), uint8(w&1)
	f.ID = be32(data[fragID:])
	var next packet.LayerType
	if f.Offset == 0 {
		next = ipv6Next(data[extNH], data[IPv6FragLen:])
	}
	return packet.DecodeResult{HeaderLen: IPv6FragLen, PayloadLen: -1, Next: next}, nil
}

// SerializeTo writes the header.
func (f *IPv6Fragment) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	b[extNH] = extNextHeader(f.NextHeader, ctx)
	b[fragRes1] = f.Res1
	put16(b[fragOffM:], f.Offset<<3|uint16(f.Res2&3)<<1|uint16(f.M&1))
	put32(b[fragID:], f.ID)
	return nil
}

// ---- AH ----

// Authentication header (RFC 4302 section 2):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	| Next Header   |  Payload Len  |          RESERVED             |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                 Security Parameters Index (SPI)               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                    Sequence Number Field                      |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                Integrity Check Value-ICV (variable)           |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The header is (Payload Len + 2) * 4 bytes.
const (
	ahPayloadLen = 1
	ahReserved   = 2
	ahSPI        = 4
	ahSeq        = 8
	AHMinLen     = 12
)

// AH is an IPsec authentication header over IPv4 or IPv6. Its next header
// is read with IPv6's table, then IPv4's (ICMP over IPv4). Unlike Scapy,
// which leaves them 0, an unset next header and payload length are
// computed.
type AH struct {
	NextHeader fields.Opt[uint8]
	PayloadLen fields.Opt[uint8] // in 32-bit words, minus 2
	Reserved   uint16
	SPI        uint32
	Seq        uint32
	ICV        []byte
}

var ahProto = &packet.Proto{
	Name: "AH", Aliases: []string{"AuthenticationHeader"},
	Doc: "IPsec authentication header (RFC 4302); IPv4 protocol and IPv6 next header 51",
	New: func() packet.Layer { return NewAH() },
	Fields: []fields.Field{
		nhField(func(a *AH) *fields.Opt[uint8] { return &a.NextHeader }),
		fields.AutoUintField("payloadlen", 8, func(a *AH) *fields.Opt[uint8] { return &a.PayloadLen }),
		fields.ShortField("reserved", 0, func(a *AH) *uint16 { return &a.Reserved }),
		fields.XIntField("spi", 1, func(a *AH) *uint32 { return &a.SPI }),
		fields.IntField("seq", 0, func(a *AH) *uint32 { return &a.Seq }),
		fields.BytesField("icv", func(a *AH) *[]byte { return &a.ICV }),
	},
}

// AHType is the registered type of AH.
var AHType = packet.Register(ahProto)

// NewAH returns an authentication header with Scapy's defaults (spi 1,
// seq 0, no ICV).
func NewAH() *AH { return &AH{SPI: 1} }

func (a *AH) Proto() *packet.Proto         { return ahProto }
func (a *AH) Get(name string) (any, error) { return packet.GetField(a, name) }
func (a *AH) Set(name string, v any) error { return packet.SetField(a, name, v) }
func (a *AH) Show() string                 { return packet.ShowLayer(a) }
func (a *AH) HeaderLen() int               { return AHMinLen + len(a.ICV) }

// SummaryIn is Summary.
func (a *AH) SummaryIn(*packet.Packet, int) string { return a.Summary() }

// Summary is "AH spi=0x... seq=n".
func (a *AH) Summary() string {
	return "AH spi=0x" + strconv.FormatUint(uint64(a.SPI), 16) + " seq=" + strconv.FormatUint(uint64(a.Seq), 10)
}

// ahNext is the layer after AH: IPv6's table, then IPv4's.
func ahNext(nh uint8, rest []byte) packet.LayerType {
	if t := ipv6Next(nh, rest); t != 0 {
		return t
	}
	return packet.NextLayer(IPv4Type, "proto", uint64(nh))
}

// DecodeFromBytes decodes the header and its ICV.
func (a *AH) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < AHMinLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	hl := (int(data[ahPayloadLen]) + 2) * 4
	if hl < AHMinLen {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	if len(data) < hl {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	a.NextHeader = fields.Some(data[extNH])
	a.PayloadLen = fields.Some(data[ahPayloadLen])
	a.Reserved = be16(data[ahReserved:])
	a.SPI = be32(data[ahSPI:])
	a.Seq = be32(data[ahSeq:])
	a.ICV = data[AHMinLen:hl:hl]
	return packet.DecodeResult{HeaderLen: hl, PayloadLen: -1, Next: ahNext(data[extNH], data[hl:])}, nil
}

// SerializeTo writes the header; an unset next header comes from IPv6's
// table (IPv4's when IPv6 has no binding), an unset payload length from
// the ICV.
func (a *AH) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	nh := a.NextHeader
	if !nh.Valid {
		if n := ctx.Next(); n != nil {
			if _, ok := packet.BindValue(IPv6Type, n.Proto().Type(), "nh"); !ok {
				if v, ok := packet.BindValue(IPv4Type, n.Proto().Type(), "proto"); ok {
					nh = fields.Some(uint8(v))
				}
			}
		}
	}
	b[extNH] = extNextHeader(nh, ctx)
	b[ahPayloadLen] = a.PayloadLen.Or(uint8((len(b)+3)/4 - 2))
	put16(b[ahReserved:], a.Reserved)
	put32(b[ahSPI:], a.SPI)
	put32(b[ahSeq:], a.Seq)
	copy(b[AHMinLen:], a.ICV)
	return nil
}

// ---- ESP ----

// Encapsulating security payload (RFC 4303 section 2): SPI and sequence
// number, then encrypted data this layer keeps opaque:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|               Security Parameters Index (SPI)                 |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                      Sequence Number                          |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|     Payload, padding, pad length, next header, ICV (opaque)   |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
const (
	espSPI    = 0
	espSeq    = 4
	ESPHdrLen = 8
	// ESPNATTPort is UDP encapsulation of ESP (RFC 3948).
	ESPNATTPort = 4500
)

// ESP is an IPsec encapsulating security payload: its header and the rest
// as opaque data (Scapy's ESP). Over UDP port 4500 a packet whose first 4
// bytes are zero is IKE (the non-ESP marker) and a one-byte packet a
// keepalive: ESP refuses them (ErrMalformed), so they stay Raw.
type ESP struct {
	SPI  uint32
	Seq  uint32
	Data []byte
}

var espProto = &packet.Proto{
	Name: "ESP", Aliases: []string{"EncapsulatingSecurityPayload"},
	Doc: "IPsec ESP header (RFC 4303), the rest opaque; IP protocol 50, UDP 4500",
	New: func() packet.Layer { return NewESP() },
	Fields: []fields.Field{
		fields.XIntField("spi", 1, func(e *ESP) *uint32 { return &e.SPI }),
		fields.IntField("seq", 0, func(e *ESP) *uint32 { return &e.Seq }),
		fields.BytesField("data", func(e *ESP) *[]byte { return &e.Data }),
	},
}

// ESPType is the registered type of ESP.
var ESPType = packet.Register(espProto)

// NewESP returns an ESP header with Scapy's defaults (spi 1, seq 0).
func NewESP() *ESP { return &ESP{SPI: 1} }

func (e *ESP) Proto() *packet.Proto         { return espProto }
func (e *ESP) Get(name string) (any, error) { return packet.GetField(e, name) }
func (e *ESP) Set(name string, v any) error { return packet.SetField(e, name, v) }
func (e *ESP) Show() string                 { return packet.ShowLayer(e) }
func (e *ESP) HeaderLen() int               { return ESPHdrLen + len(e.Data) }

// SummaryIn is Summary.
func (e *ESP) SummaryIn(*packet.Packet, int) string { return e.Summary() }

// Summary is "ESP spi=0x... seq=n".
func (e *ESP) Summary() string {
	return "ESP spi=0x" + strconv.FormatUint(uint64(e.SPI), 16) + " seq=" + strconv.FormatUint(uint64(e.Seq), 10)
}

// DecodeFromBytes takes all of data: the header and the opaque rest.
func (e *ESP) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	overUDP := false
	if ctx != nil && ctx.Packet != nil && ctx.Packet.NumLayers() > 0 {
		_, overUDP = ctx.Packet.Layer(ctx.Packet.NumLayers() - 1).(*UDP)
	}
	if len(data) < ESPHdrLen {
		if overUDP {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	e.SPI = be32(data[espSPI:])
	if e.SPI == 0 && overUDP {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	e.Seq = be32(data[espSeq:])
	e.Data = data[ESPHdrLen:]
	return packet.DecodeResult{HeaderLen: len(data), PayloadLen: -1}, nil
}

// SerializeTo writes the header and the data.
func (e *ESP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	put32(b[espSPI:], e.SPI)
	put32(b[espSeq:], e.Seq)
	copy(b[ESPHdrLen:], e.Data)
	return nil
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: IPv6Type, Upper: IPv6HopByHopType, Field: "nh", Value: IPProtoHopOpt},
		packet.BindingRule{Lower: IPv6Type, Upper: IPv6RoutingType, Field: "nh", Value: IPProtoRouting},
		packet.BindingRule{Lower: IPv6Type, Upper: IPv6SRHType, Field: "nh", Value: IPProtoRouting},
		packet.BindingRule{Lower: IPv6Type, Upper: IPv6FragmentType, Field: "nh", Value: IPProtoFragment},
		packet.BindingRule{Lower: IPv6Type, Upper: IPv6DestOptsType, Field: "nh", Value: IPProtoDstOpts},
		packet.BindingRule{Lower: IPv6Type, Upper: AHType, Field: "nh", Value: IPProtoAH},
		packet.BindingRule{Lower: IPv6Type, Upper: ESPType, Field: "nh", Value: IPProtoESP},
		packet.BindingRule{Lower: IPv4Type, Upper: AHType, Field: "proto", Value: IPProtoAH},
		packet.BindingRule{Lower: IPv4Type, Upper: ESPType, Field: "proto", Value: IPProtoESP},
		packet.BindingRule{Lower: UDPType, Upper: ESPType, Field: "dport", Value: ESPNATTPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: ESPType, Field: "sport", Value: ESPNATTPort, DissectOnly: true},
	)
}
