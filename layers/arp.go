package layers

import (
	"fmt"
	"net/netip"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// ARP packet (RFC 826); the address fields are hwlen and plen bytes long
// (6 and 4 for Ethernet and IPv4, 28 bytes in all):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|         Hardware Type         |         Protocol Type         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  HW Addr Len  |Proto Addr Len |           Operation           |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|               Sender Hardware Address (hwlen bytes)           |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|               Sender Protocol Address (plen bytes)            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|               Target Hardware Address (hwlen bytes)           |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|               Target Protocol Address (plen bytes)            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
const (
	arpHwType = 0
	arpPType  = 2
	arpHwLen  = 4
	arpPLen   = 5
	arpOp     = 6
	arpAddrs  = 8
	// ARPFixedLen is the part of the header before the addresses.
	ARPFixedLen = 8
	// ARPLen is the length of an Ethernet/IPv4 ARP packet.
	ARPLen = 28
)

// ARP operations (untyped: .Op(layers.ARPWhoHas) and comparisons with the
// uint16 that Get("op") returns both compile).
const (
	ARPWhoHas     = 1 // request
	ARPIsAt       = 2 // reply
	ARPRARPReq    = 3 // RFC 903
	ARPRARPRep    = 4
	ARPDynRARPReq = 5 // RFC 1931
	ARPDynRARPRep = 6
	ARPDynRARPErr = 7
	ARPInARPReq   = 8 // RFC 2390
	ARPInARPRep   = 9

	ARPRequest = ARPWhoHas
	ARPReply   = ARPIsAt
)

// ARP hardware types (a few of IANA's).
const (
	ARPHwEthernet   = 1
	ARPHwIEEE802    = 6
	ARPHwInfiniBand = 32
)

// ARPOpNames names ARP operations as Scapy does.
var ARPOpNames = map[uint64]string{
	1: "who-has", 2: "is-at", 3: "RARP-req", 4: "RARP-rep", 5: "Dyn-RARP-req",
	6: "Dyn-RAR-rep", 7: "Dyn-RARP-err", 8: "InARP-req", 9: "InARP-rep",
}

// ARPHwTypeNames names hardware types as Scapy's HARDWARE_TYPES.
var ARPHwTypeNames = map[uint64]string{
	1: "Ethernet (10Mb)", 2: "Ethernet (3Mb)", 3: "AX.25", 4: "Proteon ProNET Token Ring",
	5: "Chaos", 6: "IEEE 802 Networks", 7: "ARCNET", 8: "Hyperchannel", 9: "Lanstar",
	10: "Autonet Short Address", 11: "LocalTalk", 12: "LocalNet", 13: "Ultra link",
	14: "SMDS", 15: "Frame relay", 16: "ATM", 17: "HDLC", 18: "Fibre Channel", 19: "ATM",
	20: "Serial Line", 21: "ATM",
}

// ARP is an ARP (or RARP, InARP) packet.
//
// Addresses of the usual sizes are typed: a 6-byte hardware address is a
// MAC in HwSrc/HwDst, a 4-byte protocol address an IPv4 and a 16-byte one
// an IPv6 netip.Addr in PSrc/PDst. Addresses of any other size (InfiniBand's
// 20-byte hardware addresses, an odd protocol) are kept as bytes in
// HwSrcRaw/HwDstRaw and PSrcRaw/PDstRaw; the decoder sets those (as
// sub-slices of the input) exactly when the sizes are not 6 and 4/16, so
// every packet re-encodes byte for byte. When building, an address whose
// Raw slice is non-nil is written from it, otherwise from the typed value,
// zero-padded or cut to the address length (as Scapy's StrFixedLenField).
//
// Unlike Scapy, which also wants hwtype 1 and ptype 0x0800 (or 0x86dd)
// for them, the typed forms depend on the lengths alone, so IEEE 802
// (hwtype 6) addresses show as MACs.
//
// Scapy takes the defaults of hwsrc and psrc from the routing table; here
// they are 00:00:00:00:00:00 and 0.0.0.0: set them.
type ARP struct {
	HwType uint16 // default 1, Ethernet
	PType  uint16 // default 0x0800, IPv4
	// HwLen and PLen are the address lengths; unset they are 6 (or the
	// length of HwSrcRaw) and 4 (16 for IPv6 addresses, or the length of
	// PSrcRaw). A length set by hand is written as given.
	HwLen fields.Opt[uint8]
	PLen  fields.Opt[uint8]
	Op    uint16 // ARPWhoHas, ARPIsAt, ...
	HwSrc fields.MAC
	PSrc  netip.Addr
	HwDst fields.MAC
	PDst  netip.Addr

	// Addresses of other sizes; nil when the typed fields are used.
	HwSrcRaw, HwDstRaw []byte
	PSrcRaw, PDstRaw   []byte
}

var arpProto = &packet.Proto{
	Name: "ARP",
	Doc:  "ARP and RARP (RFC 826, 903); addresses of any size",
	New:  func() packet.Layer { return NewARP() },
	Fields: []fields.Field{
		fields.XShortField("hwtype", 1, func(a *ARP) *uint16 { return &a.HwType }).WithEnum(ARPHwTypeNames),
		fields.XShortField("ptype", EtherTypeIPv4, func(a *ARP) *uint16 { return &a.PType }).WithEnum(EtherTypeNames),
		fields.AutoUintField("hwlen", 8, func(a *ARP) *fields.Opt[uint8] { return &a.HwLen }),
		fields.AutoUintField("plen", 8, func(a *ARP) *fields.Opt[uint8] { return &a.PLen }),
		fields.ShortField("op", ARPWhoHas, func(a *ARP) *uint16 { return &a.Op }).WithEnum(ARPOpNames),
		arpHwField("hwsrc", func(a *ARP) (*fields.MAC, *[]byte) { return &a.HwSrc, &a.HwSrcRaw }),
		arpPField("psrc", func(a *ARP) (*netip.Addr, *[]byte) { return &a.PSrc, &a.PSrcRaw }),
		arpHwField("hwdst", func(a *ARP) (*fields.MAC, *[]byte) { return &a.HwDst, &a.HwDstRaw }),
		arpPField("pdst", func(a *ARP) (*netip.Addr, *[]byte) { return &a.PDst, &a.PDstRaw }),
	},
}

func arpHwField(name string, ptr func(*ARP) (*fields.MAC, *[]byte)) fields.Field {
	f := fields.MACField(name, fields.MAC{}, func(a *ARP) *fields.MAC { m, _ := ptr(a); return m })
	f = fields.WithFormat(f, func(a *ARP) string {
		m, r := ptr(a)
		if *r != nil {
			return fields.ReprBytes(*r)
		}
		return m.String()
	})
	return fields.WithJSON(f, func(a *ARP) any {
		m, r := ptr(a)
		if *r != nil {
			return fmt.Sprintf("%x", *r)
		}
		return m.String()
	})
}

func arpPField(name string, ptr func(*ARP) (*netip.Addr, *[]byte)) fields.Field {
	f := fields.IPField(name, netip.AddrFrom4([4]byte{}), func(a *ARP) *netip.Addr { p, _ := ptr(a); return p })
	f = fields.WithFormat(f, func(a *ARP) string {
		p, r := ptr(a)
		if *r != nil {
			return fields.ReprBytes(*r)
		}
		return arpAddr(*p).String()
	})
	return fields.WithJSON(f, func(a *ARP) any {
		p, r := ptr(a)
		if *r != nil {
			return fmt.Sprintf("%x", *r)
		}
		return arpAddr(*p).String()
	})
}

// arpAddr makes the zero Addr read as 0.0.0.0.
func arpAddr(a netip.Addr) netip.Addr {
	if !a.IsValid() {
		return netip.AddrFrom4([4]byte{})
	}
	return a
}

// ARPType is the registered type of ARP.
var ARPType = packet.Register(arpProto)

// NewARP returns a who-has for Ethernet and IPv4 with Scapy's defaults,
// except hwsrc 00:00:00:00:00:00 and psrc 0.0.0.0 (Scapy asks the routing
// table).
func NewARP() *ARP {
	// PSrc is left unset: it is built as 0.0.0.0, and a send fills in
	// the interface's address (Scapy computes psrc from the route).
	z := netip.AddrFrom4([4]byte{})
	return &ARP{HwType: ARPHwEthernet, PType: EtherTypeIPv4, Op: ARPWhoHas, PDst: z}
}

func (a *ARP) Proto() *packet.Proto { return arpProto }
func (a *ARP) Show() string         { return packet.ShowLayer(a) }
func (a *ARP) Summary() string      { return a.SummaryIn(nil, 0) }
func (a *ARP) HeaderLen() int       { return ARPFixedLen + 2*a.hwLen() + 2*a.pLen() }

// Get returns a field by Scapy name; an address kept as bytes (see ARP) is
// returned as []byte.
func (a *ARP) Get(name string) (any, error) {
	switch name {
	case "hwsrc":
		if a.HwSrcRaw != nil {
			return a.HwSrcRaw, nil
		}
	case "hwdst":
		if a.HwDstRaw != nil {
			return a.HwDstRaw, nil
		}
	case "psrc":
		if a.PSrcRaw != nil {
			return a.PSrcRaw, nil
		}
	case "pdst":
		if a.PDstRaw != nil {
			return a.PDstRaw, nil
		}
	}
	return packet.GetField(a, name)
}

// Set sets a field by Scapy name. Hardware addresses take a MAC in any
// usual form, or bytes of another length; protocol addresses take an IPv4
// or IPv6 address (text, netip.Addr, 4 or 16 bytes) or bytes of another
// length.
func (a *ARP) Set(name string, v any) error {
	switch name {
	case "hwsrc":
		return a.setHw(name, &a.HwSrc, &a.HwSrcRaw, v)
	case "hwdst":
		return a.setHw(name, &a.HwDst, &a.HwDstRaw, v)
	case "psrc":
		return a.setP(name, &a.PSrc, &a.PSrcRaw, v)
	case "pdst":
		return a.setP(name, &a.PDst, &a.PDstRaw, v)
	}
	return packet.SetField(a, name, v)
}

func (a *ARP) setHw(name string, m *fields.MAC, raw *[]byte, v any) error {
	if b, ok := v.([]byte); ok && len(b) != 6 {
		*raw = b
		return nil
	}
	x, err := fields.MACFrom(v)
	if err != nil {
		return fmt.Errorf("%s: field %s: %w", arpProto.Name, name, err)
	}
	*m, *raw = x, nil
	return nil
}

func (a *ARP) setP(name string, p *netip.Addr, raw *[]byte, v any) error {
	if b, ok := v.([]byte); ok && len(b) != 4 && len(b) != 16 {
		*raw = b
		return nil
	}
	x, err := fields.AddrFrom(v, false)
	if err != nil {
		var err6 error
		if x, err6 = fields.AddrFrom(v, true); err6 != nil {
			return fmt.Errorf("%s: field %s: %w", arpProto.Name, name, err)
		}
	}
	*p, *raw = x, nil
	return nil
}

// hwLen is the hardware address length the packet is written with.
func (a *ARP) hwLen() int {
	switch {
	case a.HwLen.Valid:
		return int(a.HwLen.Value)
	case a.HwSrcRaw != nil:
		return len(a.HwSrcRaw)
	case a.HwDstRaw != nil:
		return len(a.HwDstRaw)
	}
	return 6
}

// pLen is the protocol address length the packet is written with.
func (a *ARP) pLen() int {
	switch {
	case a.PLen.Valid:
		return int(a.PLen.Value)
	case a.PSrcRaw != nil:
		return len(a.PSrcRaw)
	case a.PDstRaw != nil:
		return len(a.PDstRaw)
	case a.PSrc.Is6() || a.PDst.Is6():
		return 16
	}
	return 4
}

// SummaryIn is Scapy's: "ARP who has 192.168.1.2 says 192.168.1.1",
// "ARP is at aa:bb:cc:dd:ee:ff says 192.168.1.2", "ARP RARP-req a > b".
func (a *ARP) SummaryIn(*packet.Packet, int) string {
	f := arpProto.Fields
	switch a.Op {
	case ARPWhoHas:
		return "ARP who has " + f[8].Format(a) + " says " + f[6].Format(a)
	case ARPIsAt:
		return "ARP is at " + f[5].Format(a) + " says " + f[6].Format(a)
	}
	return "ARP " + f[4].FormatUint(uint64(a.Op)) + " " + f[6].Format(a) + " > " + f[8].Format(a)
}

// DecodeFromBytes decodes the packet; what follows it (Ethernet padding)
// is Padding. Addresses not 6 and 4/16 bytes long are kept as sub-slices.
func (a *ARP) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < ARPFixedLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	hl, pl := int(data[arpHwLen]), int(data[arpPLen])
	n := ARPFixedLen + 2*hl + 2*pl
	if len(data) < n {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	a.HwType = be16(data[arpHwType:])
	a.PType = be16(data[arpPType:])
	a.HwLen = fields.Some(uint8(hl))
	a.PLen = fields.Some(uint8(pl))
	a.Op = be16(data[arpOp:])
	o := arpAddrs
	hs, ps, hd, pd := data[o:o+hl], data[o+hl:o+hl+pl], data[o+hl+pl:o+2*hl+pl], data[o+2*hl+pl:n]
	if hl == 6 {
		a.HwSrc, a.HwDst = fields.MAC(hs), fields.MAC(hd)
		a.HwSrcRaw, a.HwDstRaw = nil, nil
	} else {
		a.HwSrc, a.HwDst = fields.MAC{}, fields.MAC{}
		a.HwSrcRaw, a.HwDstRaw = hs, hd
	}
	switch pl {
	case 4:
		a.PSrc, a.PDst = netip.AddrFrom4([4]byte(ps)), netip.AddrFrom4([4]byte(pd))
		a.PSrcRaw, a.PDstRaw = nil, nil
	case 16:
		a.PSrc, a.PDst = netip.AddrFrom16([16]byte(ps)), netip.AddrFrom16([16]byte(pd))
		a.PSrcRaw, a.PDstRaw = nil, nil
	default:
		a.PSrc, a.PDst = netip.Addr{}, netip.Addr{}
		a.PSrcRaw, a.PDstRaw = ps, pd
	}
	return packet.DecodeResult{HeaderLen: n, PayloadLen: 0}, nil
}

// SerializeTo writes the packet (HeaderLen bytes).
func (a *ARP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	hl, pl := a.hwLen(), a.pLen()
	if ARPFixedLen+2*hl+2*pl != len(b) || hl > 255 || pl > 255 {
		return fmt.Errorf("%w: address lengths %d and %d", fields.ErrBadValue, hl, pl)
	}
	put16(b[arpHwType:], a.HwType)
	put16(b[arpPType:], a.PType)
	b[arpHwLen] = uint8(hl)
	b[arpPLen] = uint8(pl)
	put16(b[arpOp:], a.Op)
	o := arpAddrs
	putARPHw(b[o:o+hl], a.HwSrc, a.HwSrcRaw)
	o += hl
	putARPProto(b[o:o+pl], a.PSrc, a.PSrcRaw)
	o += pl
	putARPHw(b[o:o+hl], a.HwDst, a.HwDstRaw)
	o += hl
	putARPProto(b[o:o+pl], a.PDst, a.PDstRaw)
	return nil
}

// putARPHw writes raw when non-nil, else the MAC, zero-padded or cut to b.
func putARPHw(b []byte, m fields.MAC, raw []byte) {
	n := 0
	if raw != nil {
		n = copy(b, raw)
	} else {
		n = copy(b, m[:])
	}
	clear(b[n:])
}

// putARPProto writes raw when non-nil, else the address, zero-padded or
// cut to b.
func putARPProto(b []byte, p netip.Addr, raw []byte) {
	n := 0
	switch {
	case raw != nil:
		n = copy(b, raw)
	case p.Is4():
		a := p.As4()
		n = copy(b, a[:])
	case p.Is6():
		a := p.As16()
		n = copy(b, a[:])
	}
	clear(b[n:])
}

func init() {
	packet.Bind(packet.BindingRule{Lower: EthernetType, Upper: ARPType, Field: "type", Value: EtherTypeARP})
	// RARP (RFC 903) shares the format; dissection only, so building ARP
	// over Ethernet gives 0x0806.
	packet.Bind(packet.BindingRule{Lower: EthernetType, Upper: ARPType, Field: "type", Value: EtherTypeRARP, DissectOnly: true})
}
