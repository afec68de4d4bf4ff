package layers

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/checksum"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// IPv4 header (RFC 791 section 3.1):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|Version|  IHL  |Type of Service|          Total Length         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|         Identification        |Flags|      Fragment Offset    |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Time to Live |    Protocol   |         Header Checksum       |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                       Source Address                          |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                    Destination Address                        |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                    Options                    |    Padding    |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
const (
	ip4VerIHL   = 0
	ip4TOS      = 1
	ip4Len      = 2
	ip4ID       = 4
	ip4FlagFrag = 6
	ip4TTL      = 8
	ip4Proto    = 9
	ip4Csum     = 10
	ip4Src      = 12
	ip4Dst      = 16
	IPv4MinLen  = 20
)

// IPv4 flags (the 3-bit field; Scapy names MF, DF, evil).
const (
	IPv4MoreFragments = 1
	IPv4DontFragment  = 2
	IPv4Evil          = 4
)

// IP protocol numbers.
const (
	IPProtoHopOpt   = 0
	IPProtoICMP     = 1
	IPProtoIGMP     = 2
	IPProtoIPIP     = 4
	IPProtoTCP      = 6
	IPProtoUDP      = 17
	IPProtoIPv6     = 41
	IPProtoRouting  = 43
	IPProtoFragment = 44
	IPProtoGRE      = 47
	IPProtoESP      = 50
	IPProtoAH       = 51
	IPProtoICMPv6   = 58
	IPProtoNoNext   = 59
	IPProtoDstOpts  = 60
	IPProtoOSPF     = 89
	IPProtoPIM      = 103
	IPProtoVRRP     = 112
	IPProtoSCTP     = 132
)

// IPProtoNames names IP protocols as Scapy does (from /etc/protocols).
var IPProtoNames = map[uint64]string{
	0: "hopopt", 1: "icmp", 2: "igmp", 3: "ggp", 4: "ipencap", 6: "tcp", 8: "egp", 9: "igp",
	12: "pup", 17: "udp", 20: "hmp", 22: "xns_idp", 27: "rdp", 29: "iso_tp4", 33: "dccp",
	36: "xtp", 37: "ddp", 38: "idpr_cmtp", 41: "ipv6", 43: "ipv6_route", 44: "ipv6_frag",
	45: "idrp", 46: "rsvp", 47: "gre", 50: "esp", 51: "ah", 57: "skip", 58: "ipv6_icmp",
	59: "ipv6_nonxt", 60: "ipv6_opts", 73: "rspf", 81: "vmtp", 88: "eigrp", 89: "ospf",
	93: "ax_25", 94: "ipip", 97: "etherip", 98: "encap", 103: "pim", 108: "ipcomp",
	112: "vrrp", 115: "l2tp", 124: "isis", 132: "sctp", 133: "fc", 135: "mobility_header",
	136: "udplite", 137: "mpls_in_ip", 138: "manet", 139: "hip", 140: "shim6", 141: "wesp",
	142: "rohc", 143: "ethernet",
}

// IPOption is one IPv4 option (RFC 791). EOL and NOP have no length byte;
// an EOL's Data holds the padding bytes after it, so that decoded headers
// re-encode byte for byte. An option whose length byte is missing or wrong
// is kept with Bad set and everything after its type byte in Data.
type IPOption struct {
	Type   uint8 // copied flag, class and number
	Length uint8 // 0: computed (2 + len(Data)); 1-byte options ignore it
	Data   []byte
	Bad    bool
}

// IPv4 option types.
const (
	IPOptEOL         = 0
	IPOptNOP         = 1
	IPOptRecordRoute = 7
	IPOptTimestamp   = 68
	IPOptSecurity    = 130
	IPOptLSRR        = 131
	IPOptSSRR        = 137
	IPOptRouterAlert = 148
)

var ipOptNames = map[uint8]string{0: "end_of_list", 1: "nop", 7: "record_route", 68: "timestamp",
	130: "security", 131: "loose_source_route", 137: "strict_source_route", 148: "router_alert",
	136: "stream_id", 82: "traceroute", 25: "mtu_probe"}

func (o IPOption) len() int {
	if o.Bad || o.Type == IPOptEOL || o.Type == IPOptNOP {
		return 1 + len(o.Data)
	}
	return 2 + len(o.Data)
}

// IPv4 is an IPv4 header with options.
type IPv4 struct {
	Version  uint8             // 4 bits, default 4
	IHL      fields.Opt[uint8] // header length in 32-bit words
	TOS      uint8
	Len      fields.Opt[uint16] // total length
	ID       uint16
	Flags    uint8  // 3 bits: IPv4MoreFragments, IPv4DontFragment, IPv4Evil
	FragOff  uint16 // 13 bits, in 8-byte units
	TTL      uint8
	Protocol fields.Opt[uint8]
	Checksum fields.Opt[uint16]
	Src      netip.Addr // zero: 127.0.0.1 towards loopback, else 0.0.0.0
	Dst      netip.Addr
	Options  []IPOption
}

var ipv4Proto = &packet.Proto{
	Name: "IP", Aliases: []string{"IPv4"},
	Doc: "IPv4 with options (RFC 791)",
	New: func() packet.Layer { return NewIPv4() },
	Fields: []fields.Field{
		fields.BitField("version", 4, uint8(4), func(ip *IPv4) *uint8 { return &ip.Version }),
		fields.AutoUintField("ihl", 4, func(ip *IPv4) *fields.Opt[uint8] { return &ip.IHL }),
		fields.XByteField("tos", 0, func(ip *IPv4) *uint8 { return &ip.TOS }),
		fields.AutoUintField("len", 16, func(ip *IPv4) *fields.Opt[uint16] { return &ip.Len }),
		fields.ShortField("id", 1, func(ip *IPv4) *uint16 { return &ip.ID }),
		fields.FlagsField("flags", 3, uint8(0), []string{"MF", "DF", "evil"}, func(ip *IPv4) *uint8 { return &ip.Flags }),
		fields.BitField("frag", 13, uint16(0), func(ip *IPv4) *uint16 { return &ip.FragOff }),
		fields.ByteField("ttl", 64, func(ip *IPv4) *uint8 { return &ip.TTL }),
		fields.AutoUintField("proto", 8, func(ip *IPv4) *fields.Opt[uint8] { return &ip.Protocol }).WithEnum(IPProtoNames),
		fields.AutoUintField("chksum", 16, func(ip *IPv4) *fields.Opt[uint16] { return &ip.Checksum }).WithHex(),
		fields.WithJSON(fields.WithFormat(fields.IPField("src", netip.Addr{}, func(ip *IPv4) *netip.Addr { return &ip.Src }),
			func(ip *IPv4) string { return ip.src().String() }), func(ip *IPv4) any { return ip.src().String() }),
		fields.IPField("dst", netip.AddrFrom4([4]byte{127, 0, 0, 1}), func(ip *IPv4) *netip.Addr { return &ip.Dst }),
		fields.ListField("options", func(ip *IPv4) any { return ip.Options }, setIPOptions, formatIPOptions, jsonIPOptions),
	},
	PostBuild: ipv4PostBuild,
}

// IPv4Type is the registered type of IPv4.
var IPv4Type = packet.Register(ipv4Proto)

// NewIPv4 returns an IPv4 header with Scapy's defaults (ttl=64, id=1,
// dst=127.0.0.1).
func NewIPv4() *IPv4 {
	return &IPv4{Version: 4, ID: 1, TTL: 64, Dst: netip.AddrFrom4([4]byte{127, 0, 0, 1})}
}

func (ip *IPv4) Proto() *packet.Proto         { return ipv4Proto }
func (ip *IPv4) Get(name string) (any, error) { return packet.GetField(ip, name) }
func (ip *IPv4) Set(name string, v any) error { return packet.SetField(ip, name, v) }
func (ip *IPv4) Show() string                 { return packet.ShowLayer(ip) }
func (ip *IPv4) Summary() string              { return ip.SummaryIn(nil, 0) }

// SummaryIn is "src > dst proto".
func (ip *IPv4) SummaryIn(*packet.Packet, int) string {
	return ip.src().String() + " > " + ip.dst().String() + " " + ipv4Proto.Fields[8].FormatUint(uint64(ip.Protocol.Value))
}

func (ip *IPv4) src() netip.Addr {
	if ip.Src.Is4() {
		return ip.Src
	}
	if ip.dst().IsLoopback() {
		return netip.AddrFrom4([4]byte{127, 0, 0, 1})
	}
	return netip.AddrFrom4([4]byte{})
}

func (ip *IPv4) dst() netip.Addr {
	if ip.Dst.Is4() {
		return ip.Dst
	}
	return netip.AddrFrom4([4]byte{})
}

// SrcAddr and DstAddr return the effective addresses.
func (ip *IPv4) SrcAddr() netip.Addr { return ip.src() }
func (ip *IPv4) DstAddr() netip.Addr { return ip.dst() }

func (ip *IPv4) optLen() int {
	n := 0
	for i := range ip.Options {
		n += ip.Options[i].len()
	}
	return n
}

// HeaderLen is 20 plus the options padded to a multiple of 4.
func (ip *IPv4) HeaderLen() int { return IPv4MinLen + (ip.optLen()+3)&^3 }

// PseudoHeaderSum implements packet.NetworkLayer.
func (ip *IPv4) PseudoHeaderSum(proto uint8, length int) uint64 {
	return checksum.Pseudo4(ip.src().As4(), ip.dst().As4(), proto, length)
}

// DecodeFromBytes decodes the header and options. A fragment other than
// the first carries Raw data.
var ipv4ProtoKey = packet.NewBindKey(IPv4Type, "proto")

func (ip *IPv4) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < IPv4MinLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	ihl := data[ip4VerIHL] & 0x0f
	hl := int(ihl) * 4
	if hl < IPv4MinLen {
		hl = IPv4MinLen // Scapy's reading: options are empty, the value is kept
	}
	if len(data) < hl {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	ip.decodePlain((*[IPv4MinLen]byte)(data[:IPv4MinLen]))
	if hl > IPv4MinLen {
		ip.Options = decodeIPOptions(ip.Options[:0], data[IPv4MinLen:hl])
	}
	tl := ip.Len.Value
	pl := int(tl) - hl
	if pl < 0 {
		pl = -1 // a bogus total length (0 from segmentation offload): take the rest
	}
	var next packet.LayerType
	if ip.FragOff == 0 {
		next = ipv4ProtoKey.Next(uint64(ip.Protocol.Value))
	}
	return packet.DecodeResult{HeaderLen: hl, PayloadLen: pl, Next: next}, nil
}

// decodePlain decodes the fixed header; options are left empty.
func (ip *IPv4) decodePlain(h *[IPv4MinLen]byte) {
	ip.Version = h[ip4VerIHL] >> 4
	ip.IHL = fields.Some(h[ip4VerIHL] & 0x0f)
	ip.TOS = h[ip4TOS]
	ip.Len = fields.Some(be16(h[ip4Len:]))
	ip.ID = be16(h[ip4ID:])
	ff := be16(h[ip4FlagFrag:])
	ip.Flags = uint8(ff >> 13)
	ip.FragOff = ff & 0x1fff
	ip.TTL = h[ip4TTL]
	ip.Protocol = fields.Some(h[ip4Proto])
	ip.Checksum = fields.Some(be16(h[ip4Csum:]))
	ip.Src = netip.AddrFrom4([4]byte(h[ip4Src : ip4Src+4]))
	ip.Dst = netip.AddrFrom4([4]byte(h[ip4Dst : ip4Dst+4]))
	if ip.Options != nil {
		ip.Options = ip.Options[:0]
	}
}

func decodeIPOptions(opts []IPOption, b []byte) []IPOption {
	for len(b) > 0 {
		t := b[0]
		switch {
		case t == IPOptEOL:
			var rest []byte
			if len(b) > 1 {
				rest = b[1:]
			}
			return append(opts, IPOption{Type: t, Data: rest})
		case t == IPOptNOP:
			opts = append(opts, IPOption{Type: t})
			b = b[1:]
		case len(b) < 2 || int(b[1]) < 2 || int(b[1]) > len(b):
			// malformed: keep the rest verbatim, length byte included
			return append(opts, IPOption{Type: t, Data: b[1:], Bad: true})
		default:
			opts = append(opts, IPOption{Type: t, Length: b[1], Data: b[2:b[1]]})
			b = b[b[1]:]
		}
	}
	return opts
}

func writeIPOptions(b []byte, opts []IPOption) int {
	n := 0
	for _, o := range opts {
		b[n] = o.Type
		n++
		if !o.Bad && o.Type != IPOptEOL && o.Type != IPOptNOP {
			l := o.Length
			if l == 0 {
				l = uint8(2 + len(o.Data))
			}
			b[n] = l
			n++
		}
		n += copy(b[n:], o.Data)
	}
	return n
}

// SerializeTo writes the header; unset fields are computed: ihl from the
// options, proto from the layer above, total length and checksum by the
// build hook.
func (ip *IPv4) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	hl := len(b)
	b[ip4VerIHL] = ip.Version<<4 | ip.IHL.Or(uint8(hl/4))&0x0f
	b[ip4TOS] = ip.TOS
	put16(b[ip4ID:], ip.ID)
	put16(b[ip4FlagFrag:], uint16(ip.Flags&7)<<13|ip.FragOff&0x1fff)
	b[ip4TTL] = ip.TTL
	proto := ip.Protocol.Value
	if !ip.Protocol.Valid {
		proto = 0
		if v, ok := ipv4ProtoKey.Value(ctx); ok {
			proto = uint8(v)
		}
	}
	b[ip4Proto] = proto
	put16(b[ip4Csum:], ip.Checksum.Value)
	s, d := ip.src().As4(), ip.dst().As4()
	*(*[4]byte)(b[ip4Src : ip4Src+4]) = s
	*(*[4]byte)(b[ip4Dst : ip4Dst+4]) = d
	n := IPv4MinLen
	if len(ip.Options) > 0 {
		n += writeIPOptions(b[IPv4MinLen:], ip.Options)
	}
	clear(b[n:])
	return nil
}

// ipv4PostBuild fills the total length and header checksum when unset.
func ipv4PostBuild(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
	ip := l.(*IPv4)
	if ip.Len.Valid {
		put16(hdr[ip4Len:], ip.Len.Value)
	} else {
		put16(hdr[ip4Len:], uint16(len(hdr)+len(ctx.Payload())))
	}
	if !ip.Checksum.Valid {
		put16(hdr[ip4Csum:], 0)
		put16(hdr[ip4Csum:], checksum.Checksum(hdr, 0))
	}
	return nil
}

func formatIPOptions(ip *IPv4) string {
	if len(ip.Options) == 0 {
		return "[]"
	}
	parts := make([]string, len(ip.Options))
	for i, o := range ip.Options {
		name := ipOptNames[o.Type]
		if name == "" {
			name = strconv.Itoa(int(o.Type))
		}
		if len(o.Data) == 0 {
			parts[i] = name
		} else {
			parts[i] = fmt.Sprintf("%s(%x)", name, o.Data)
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonIPOptions(ip *IPv4) any {
	out := make([]map[string]any, len(ip.Options))
	for i, o := range ip.Options {
		m := map[string]any{"type": o.Type, "data": fmt.Sprintf("%x", o.Data)}
		if !o.Bad && o.Type != IPOptEOL && o.Type != IPOptNOP {
			l := o.Length
			if l == 0 {
				l = uint8(2 + len(o.Data))
			}
			m["length"] = l
		}
		if n := ipOptNames[o.Type]; n != "" {
			m["name"] = n
		}
		out[i] = m
	}
	return out
}

func setIPOptions(ip *IPv4, v any) error {
	switch x := v.(type) {
	case []IPOption:
		ip.Options = x
	case []byte:
		ip.Options = decodeIPOptions(nil, x)
	default:
		return fmt.Errorf("%w: ip options from %T (want []layers.IPOption or raw bytes)", fields.ErrBadValue, v)
	}
	return nil
}

func init() {
	packet.Bind(packet.BindingRule{Lower: EthernetType, Upper: IPv4Type, Field: "type", Value: EtherTypeIPv4})
	packet.Bind(packet.BindingRule{Lower: IPv4Type, Upper: IPv4Type, Field: "proto", Value: IPProtoIPIP})
	packet.BindLinkType(228, IPv4Type) // LINKTYPE_IPV4
}
