package layers

import (
	"fmt"
	"net/netip"
	"strconv"

	"github.com/goscapy/goscapy/checksum"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// IPv6 fixed header (RFC 8200 section 3):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|Version| Traffic Class |           Flow Label                  |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|         Payload Length        |  Next Header  |   Hop Limit   |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                                                               |
//	+                                                               +
//	|                                                               |
//	+                         Source Address                        +
//	|                                                               |
//	+                                                               +
//	|                                                               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                                                               |
//	+                                                               +
//	|                                                               |
//	+                      Destination Address                      +
//	|                                                               |
//	+                                                               +
//	|                                                               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
const (
	ip6VerTCFL = 0
	ip6PLen    = 4
	ip6NH      = 6
	ip6HLim    = 7
	ip6Src     = 8
	ip6Dst     = 24
	IPv6HdrLen = 40
)

// IPv6NextHeaderNames names next-header values as Scapy's ipv6nh.
var IPv6NextHeaderNames = map[uint64]string{
	0: "Hop-by-Hop Option Header", 4: "IP", 6: "TCP", 17: "UDP", 41: "IPv6",
	43: "Routing Header", 44: "Fragment Header", 47: "GRE", 50: "ESP Header",
	51: "AH Header", 58: "ICMPv6", 59: "No Next Header", 60: "Destination Option Header",
	112: "VRRP", 132: "SCTP", 135: "Mobility Header",
}

var (
	ip6Loopback    = netip.IPv6Loopback()
	ip6Unspecified = netip.IPv6Unspecified()
)

// IPv6 is the fixed IPv6 header. Extension headers (ipv6ext.go) are layers
// of their own, bound to the next-header values of this header's table; a
// next header no protocol is bound to leaves the payload as Raw.
type IPv6 struct {
	Version      uint8  // 4 bits, default 6
	TrafficClass uint8  // DSCP and ECN
	FlowLabel    uint32 // 20 bits
	PayloadLen   fields.Opt[uint16]
	NextHeader   fields.Opt[uint8] // unset: from the layer above, 59 when none
	HopLimit     uint8
	Src          netip.Addr // zero: ::1 towards ::1, else ::
	Dst          netip.Addr // zero: ::

	// ph holds the pseudo-header addresses of the packet being built,
	// recorded by HeaderLenIn before any layer is written: the final
	// destination of a routing header, the home address of a destination
	// options header (RFC 8200 section 8.1, RFC 6275 section 6.3).
	ph struct {
		src, dst netip.Addr
		valid    bool
	}
}

var ipv6Proto = &packet.Proto{
	Name: "IPv6",
	Doc:  "IPv6 fixed header (RFC 8200); extension headers are layers of their own",
	New:  func() packet.Layer { return NewIPv6() },
	Fields: []fields.Field{
		fields.BitField("version", 4, uint8(6), func(ip *IPv6) *uint8 { return &ip.Version }),
		fields.BitField("tc", 8, uint8(0), func(ip *IPv6) *uint8 { return &ip.TrafficClass }),
		fields.BitField("fl", 20, uint32(0), func(ip *IPv6) *uint32 { return &ip.FlowLabel }),
		fields.AutoUintField("plen", 16, func(ip *IPv6) *fields.Opt[uint16] { return &ip.PayloadLen }),
		fields.AutoUintField("nh", 8, func(ip *IPv6) *fields.Opt[uint8] { return &ip.NextHeader }).WithEnum(IPv6NextHeaderNames),
		fields.ByteField("hlim", 64, func(ip *IPv6) *uint8 { return &ip.HopLimit }),
		fields.WithJSON(fields.WithFormat(fields.IP6Field("src", netip.Addr{}, func(ip *IPv6) *netip.Addr { return &ip.Src }),
			func(ip *IPv6) string { return ip.src().String() }), func(ip *IPv6) any { return ip.src().String() }),
		fields.IP6Field("dst", ip6Loopback, func(ip *IPv6) *netip.Addr { return &ip.Dst }),
	},
	PostBuild: ipv6PostBuild,
}

// IPv6Type is the registered type of IPv6.
var IPv6Type = packet.Register(ipv6Proto)

// NewIPv6 returns an IPv6 header with Scapy's defaults (hlim=64,
// dst=::1; src follows dst as Scapy's route lookup does for ::1).
func NewIPv6() *IPv6 { return &IPv6{Version: 6, HopLimit: 64, Dst: ip6Loopback} }

func (ip *IPv6) Proto() *packet.Proto         { return ipv6Proto }
func (ip *IPv6) Get(name string) (any, error) { return packet.GetField(ip, name) }
func (ip *IPv6) Set(name string, v any) error { return packet.SetField(ip, name, v) }
func (ip *IPv6) Show() string                 { return packet.ShowLayer(ip) }
func (ip *IPv6) Summary() string              { return ip.SummaryIn(nil, 0) }
func (ip *IPv6) HeaderLen() int               { return IPv6HdrLen }

// SummaryIn is "src > dst nh" with the next header's name ("::1 > ::1
// ICMPv6"); an unset next header is the one the layer above gives.
func (ip *IPv6) SummaryIn(p *packet.Packet, i int) string {
	return ip.src().String() + " > " + ip.dst().String() + " " + ipv6Proto.Fields[4].FormatUint(uint64(ip.nextHeader(p, i)))
}

// nextHeader is the value the nh field takes in packet p at index i.
func (ip *IPv6) nextHeader(p *packet.Packet, i int) uint8 {
	if ip.NextHeader.Valid {
		return ip.NextHeader.Value
	}
	if p != nil {
		if up := p.Layer(i + 1); up != nil && !up.Proto().Trailer {
			if v, ok := packet.BindValue(IPv6Type, up.Proto().Type(), "nh"); ok {
				return uint8(v)
			}
		}
	}
	return IPProtoNoNext
}

func (ip *IPv6) src() netip.Addr {
	if ip.Src.IsValid() {
		return as6(ip.Src)
	}
	if ip.dst() == ip6Loopback {
		return ip6Loopback
	}
	return ip6Unspecified
}

func (ip *IPv6) dst() netip.Addr {
	if ip.Dst.IsValid() {
		return as6(ip.Dst)
	}
	return ip6Unspecified
}

// as6 gives an IPv4 address its IPv4-mapped IPv6 form and drops zones, so
// that the text shown is what goes on the wire.
func as6(a netip.Addr) netip.Addr {
	if a.Is4() || a.Zone() != "" {
		return netip.AddrFrom16(a.As16())
	}
	return a
}

// SrcAddr and DstAddr return the effective addresses.
func (ip *IPv6) SrcAddr() netip.Addr { return ip.src() }
func (ip *IPv6) DstAddr() netip.Addr { return ip.dst() }

// PseudoHeaderSum implements packet.NetworkLayer (RFC 8200 section 8.1).
// While a packet is built it uses the addresses HeaderLenIn found in the
// extension headers above (the final destination of a routing header),
// otherwise the header's own source and destination.
func (ip *IPv6) PseudoHeaderSum(proto uint8, length int) uint64 {
	src, dst := ip.src(), ip.dst()
	if ip.ph.valid {
		src, dst = ip.ph.src, ip.ph.dst
	}
	return checksum.Pseudo6(src.As16(), dst.As16(), proto, length)
}

// PseudoHeaderSumIn is the pseudo-header sum of this header at index i of
// p for an upper-layer protocol after its extension headers: the
// destination is the final one of a routing header with segments left
// (the last address of types 0 and 2, Segment List[0] of a segment
// routing header; an unset segments left counts as some left, as in
// Scapy) and the source the home address of a destination options header
// whose only option besides padding is a home address option (RFC 6275
// section 6.3; Scapy's in6_pseudoheader, which does not skip padding).
func (ip *IPv6) PseudoHeaderSumIn(p *packet.Packet, i int, proto uint8, length int) uint64 {
	src, dst := ip.pseudoAddrs(p, i)
	return checksum.Pseudo6(src.As16(), dst.As16(), proto, length)
}

// HeaderLenIn implements packet.ContextHeaderLen. The header is always 40
// bytes; building calls this for every layer before writing any, which is
// when the pseudo-header addresses are taken from the extension headers
// above.
func (ip *IPv6) HeaderLenIn(p *packet.Packet, i int) int {
	src, dst := ip.pseudoAddrs(p, i)
	if !ip.ph.valid || ip.ph.src != src || ip.ph.dst != dst {
		// written only when they change, so that building the same
		// layers again, from several goroutines too, only reads them
		ip.ph.src, ip.ph.dst, ip.ph.valid = src, dst, true
	}
	return IPv6HdrLen
}

// homeAddress returns the address of a home address option when it is the
// only option besides padding.
func homeAddress(opts []IPv6Option) (netip.Addr, bool) {
	var a netip.Addr
	n := 0
	for _, o := range opts {
		switch {
		case o.Bad:
			return a, false
		case o.Type == IPv6OptPad1 || o.Type == IPv6OptPadN:
		case o.Type == IPv6OptHAO && len(o.Data) == 16:
			a = netip.AddrFrom16([16]byte(o.Data))
			n++
		default:
			return a, false
		}
	}
	return a, n == 1
}

func (ip *IPv6) pseudoAddrs(p *packet.Packet, i int) (src, dst netip.Addr) {
	src, dst = ip.src(), ip.dst()
	if p == nil {
		return src, dst
	}
	hao := false
	for j := i + 1; j < p.NumLayers(); j++ {
		switch x := p.Layer(j).(type) {
		case *IPv6Routing:
			if a, ok := x.finalDest(); ok {
				dst = a
			}
		case *IPv6SRH:
			if a, ok := x.finalDest(); ok {
				dst = a
			}
		case *IPv6DestOpts:
			if a, ok := homeAddress(x.Options); ok && !hao {
				src, hao = a, true
			}
		case *IPv6HopByHop, *IPv6Fragment, *AH:
		default:
			return src, dst
		}
	}
	return src, dst
}

// DecodeFromBytes decodes the fixed header. The payload ends where the
// payload length says (the rest is Padding); a payload length of 0 with a
// next header other than 59 (a jumbogram, or a packet captured before
// segmentation offload filled it in) takes the rest.
func (ip *IPv6) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < IPv6HdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	w := be32(data[ip6VerTCFL:])
	ip.Version = uint8(w >> 28)
	ip.TrafficClass = uint8(w >> 20)
	ip.FlowLabel = w & 0xfffff
	pl := be16(data[ip6PLen:])
	ip.PayloadLen = fields.Some(pl)
	ip.ph.valid = false
	nh := data[ip6NH]
	ip.NextHeader = fields.Some(nh)
	ip.HopLimit = data[ip6HLim]
	ip.Src = netip.AddrFrom16([16]byte(data[ip6Src : ip6Src+16]))
	ip.Dst = netip.AddrFrom16([16]byte(data[ip6Dst : ip6Dst+16]))
	n := int(pl)
	if pl == 0 && nh != IPProtoNoNext {
		n = -1
	}
	return packet.DecodeResult{HeaderLen: IPv6HdrLen, PayloadLen: n, Next: ipv6Next(nh, data[IPv6HdrLen:])}, nil
}

// SerializeTo writes the header; an unset next header comes from the layer
// above (59, No Next Header, when nothing is bound), an unset payload
// length from the build hook.
func (ip *IPv6) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	put32(b[ip6VerTCFL:], uint32(ip.Version&0x0f)<<28|uint32(ip.TrafficClass)<<20|ip.FlowLabel&0xfffff)
	put16(b[ip6PLen:], ip.PayloadLen.Value)
	nh := ip.NextHeader.Value
	if !ip.NextHeader.Valid {
		nh = IPProtoNoNext
		if v, ok := ipv6NHKey.Value(ctx); ok {
			nh = uint8(v)
		}
	}
	b[ip6NH] = nh
	b[ip6HLim] = ip.HopLimit
	s, d := ip.src().As16(), ip.dst().As16()
	*(*[16]byte)(b[ip6Src : ip6Src+16]) = s
	*(*[16]byte)(b[ip6Dst : ip6Dst+16]) = d
	return nil
}

// ipv6PostBuild fills the payload length when unset.
func ipv6PostBuild(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
	ip := l.(*IPv6)
	if !ip.PayloadLen.Valid {
		n := len(ctx.Payload())
		if n > 0xffff {
			// a jumbogram (RFC 2675) carries plen 0 and a hop-by-hop option
			return &packet.BuildError{Layer: "IPv6", Field: "plen", Value: strconv.Itoa(n),
				Err: fmt.Errorf("%w: payload longer than 65535 bytes (set plen to 0 for a jumbogram)", fields.ErrBadValue)}
		}
		put16(hdr[ip6PLen:], uint16(n))
	}
	return nil
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: EthernetType, Upper: IPv6Type, Field: "type", Value: EtherTypeIPv6},
		packet.BindingRule{Lower: IPv6Type, Upper: TCPType, Field: "nh", Value: IPProtoTCP},
		packet.BindingRule{Lower: IPv6Type, Upper: UDPType, Field: "nh", Value: IPProtoUDP},
		packet.BindingRule{Lower: IPv6Type, Upper: IPv4Type, Field: "nh", Value: IPProtoIPIP},
		packet.BindingRule{Lower: IPv6Type, Upper: IPv6Type, Field: "nh", Value: IPProtoIPv6},
		packet.BindingRule{Lower: IPv4Type, Upper: IPv6Type, Field: "proto", Value: IPProtoIPv6},
	)
	packet.BindLinkType(229, IPv6Type) // LINKTYPE_IPV6
}
