package layers

import (
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// UDP header (RFC 768):
//
//	 0      7 8     15 16    23 24    31
//	+--------+--------+--------+--------+
//	|     Source      |   Destination   |
//	|      Port       |      Port       |
//	+--------+--------+--------+--------+
//	|                 |                 |
//	|     Length      |    Checksum     |
//	+--------+--------+--------+--------+
const (
	udpSrcPort = 0
	udpDstPort = 2
	udpLen     = 4
	udpCsum    = 6
	UDPLen     = 8
)

// UDPPortNames names well-known ports as Scapy's UDP_SERVICES (a subset).
var UDPPortNames = map[uint64]string{
	53: "domain", 67: "bootps", 68: "bootpc", 69: "tftp", 123: "ntp", 137: "netbios_ns",
	161: "snmp", 162: "snmp_trap", 500: "isakmp", 514: "syslog", 520: "router", 1812: "radius",
	4789: "vxlan", 5353: "mdns",
}

// UDP is a UDP header.
type UDP struct {
	SrcPort  uint16
	DstPort  uint16
	Len      fields.Opt[uint16]
	Checksum fields.Opt[uint16]
}

var udpProto = &packet.Proto{
	Name: "UDP", Doc: "UDP (RFC 768); port heuristics pick the payload",
	New: func() packet.Layer { return NewUDP() },
	Fields: []fields.Field{
		fields.ShortField("sport", 53, func(u *UDP) *uint16 { return &u.SrcPort }).WithEnum(UDPPortNames),
		fields.ShortField("dport", 53, func(u *UDP) *uint16 { return &u.DstPort }).WithEnum(UDPPortNames),
		fields.AutoUintField("len", 16, func(u *UDP) *fields.Opt[uint16] { return &u.Len }),
		fields.AutoUintField("chksum", 16, func(u *UDP) *fields.Opt[uint16] { return &u.Checksum }).WithHex(),
	},
	PostBuild: udpPostBuild,
}

// UDPType is the registered type of UDP.
var UDPType = packet.Register(udpProto)

// NewUDP returns a UDP header with Scapy's defaults (sport=dport=53).
func NewUDP() *UDP { return &UDP{SrcPort: 53, DstPort: 53} }

func (u *UDP) Proto() *packet.Proto         { return udpProto }
func (u *UDP) Get(name string) (any, error) { return packet.GetField(u, name) }
func (u *UDP) Set(name string, v any) error { return packet.SetField(u, name, v) }
func (u *UDP) Show() string                 { return packet.ShowLayer(u) }
func (u *UDP) Summary() string              { return u.SummaryIn(nil, 0) }
func (u *UDP) HeaderLen() int               { return UDPLen }

// SummaryIn is "UDP src:sport > dst:dport".
func (u *UDP) SummaryIn(p *packet.Packet, i int) string {
	return "UDP " + endpoints(p, i, u.SrcPort, u.DstPort)
}

// DecodeFromBytes decodes the header; the payload ends where the length
// says and is picked by port (destination first, then source).
var (
	udpDportKey = packet.NewBindKey(UDPType, "dport")
	udpSportKey = packet.NewBindKey(UDPType, "sport")
)

func (u *UDP) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < UDPLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	u.SrcPort = be16(data[udpSrcPort:])
	u.DstPort = be16(data[udpDstPort:])
	l := be16(data[udpLen:])
	u.Len = fields.Some(l)
	u.Checksum = fields.Some(be16(data[udpCsum:]))
	pl := int(l) - UDPLen
	if pl < 0 {
		pl = -1
	}
	var next packet.LayerType
	if len(data) > UDPLen && pl != 0 { // no payload, nothing to guess
		next = udpDportKey.Next(uint64(u.DstPort))
		if next == 0 {
			next = udpSportKey.Next(uint64(u.SrcPort))
		}
		if next == 0 { // no port binding: content heuristics (QUIC)
			payload := data[UDPLen:]
			if pl > 0 && pl < len(payload) {
				payload = payload[:pl]
			}
			next = packet.GuessLayer(UDPType, payload)
		}
	}
	ctx.Guess = next != 0 // port bindings are heuristics
	return packet.DecodeResult{HeaderLen: UDPLen, PayloadLen: pl, Next: next}, nil
}

// SerializeTo writes the header; length and checksum come from the hook.
func (u *UDP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	put16(b[udpSrcPort:], u.SrcPort)
	put16(b[udpDstPort:], u.DstPort)
	put16(b[udpLen:], u.Len.Value)
	put16(b[udpCsum:], u.Checksum.Value)
	return nil
}

// udpPostBuild fills length and checksum (0 computes as 0xffff, RFC 768).
func udpPostBuild(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
	u := l.(*UDP)
	if !u.Len.Valid {
		put16(hdr[udpLen:], uint16(UDPLen+len(ctx.Payload())))
	}
	if !u.Checksum.Valid {
		c := transportChecksum(hdr, ctx, IPProtoUDP)
		if c == 0 {
			if _, ok := ctx.PseudoHeaderSum(IPProtoUDP, 0); ok {
				c = 0xffff
			}
		}
		put16(hdr[udpCsum:], c)
	}
	return nil
}

func init() {
	packet.Bind(packet.BindingRule{Lower: IPv4Type, Upper: UDPType, Field: "proto", Value: IPProtoUDP})
}
