package layers

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"sync"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// NetFlow export packets start with a version number (Scapy's
// NetflowHeader); the version picks the header that follows:
//
//	 0                   1
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|        Version (5, 9, 10)     |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// NetFlow v5 header (24 bytes with the version) and records (48 bytes):
//
//	|            Count              |          SysUptime ...        |
//	|   ... SysUptime               |          unix_secs ...        |
//	|   ... unix_secs               |          unix_nsecs ...       |
//	|   ... unix_nsecs              |       flow_sequence ...       |
//	|   ... flow_sequence           | engine_type   |  engine_id    |
//	|       sampling_interval       |
//
//	record: srcaddr(4) dstaddr(4) nexthop(4) input(2) output(2) dPkts(4)
//	dOctets(4) First(4) Last(4) srcport(2) dstport(2) pad1(1)
//	tcp_flags(1) prot(1) tos(1) src_as(2) dst_as(2) src_mask(1)
//	dst_mask(1) pad2(2)
//
// NetFlow v9 header (RFC 3954 section 5.1; 20 bytes with the version):
//
//	|    Version = 0x0009           |          Count                |
//	|                           sysUpTime                           |
//	|                           UNIX Secs                           |
//	|                       Sequence Number                         |
//	|                        Source ID                              |
//
// then FlowSets, each "FlowSet ID (2) | Length (2) | body": ID 0 holds
// templates, 1 options templates, 256 and up data records of the template
// with that ID (RFC 3954 sections 5.2 to 5.4). IPFIX (RFC 7011) is in
// ipfix.go.
const (
	// NetflowHeaderLen is the version field alone.
	NetflowHeaderLen = 2
	// NetflowHeaderV5Len is the v5 header after the version.
	NetflowHeaderV5Len = 22
	// NetflowRecordV5Len is one v5 flow record.
	NetflowRecordV5Len = 48
	// NetflowHeaderV9Len is the v9 header after the version.
	NetflowHeaderV9Len = 18
	// FlowSetHeaderLen is a flowset's ID and length.
	FlowSetHeaderLen = 4
)

// NetFlow collector ports (untyped constants).
const (
	NetflowPort     = 2055
	NetflowPortAlt  = 2056
	NetflowPort9995 = 9995
	NetflowPort9996 = 9996
)

var tcpFlagNames8 = []string{"F", "S", "R", "P", "A", "U", "E", "C"}

// NetflowHeader is the version number that starts every export packet.
type NetflowHeader struct {
	Version fields.Opt[uint16]
}

var netflowProto = &packet.Proto{
	Name: "NetflowHeader", Doc: "NetFlow/IPFIX version number (UDP 2055, 2056, 9995, 9996)",
	New: func() packet.Layer { return new(NetflowHeader) },
	Fields: []fields.Field{
		fields.AutoUintField("version", 16, func(n *NetflowHeader) *fields.Opt[uint16] { return &n.Version }),
	},
	PostBuild: func(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
		if n := l.(*NetflowHeader); !n.Version.Valid {
			v, ok := ctx.Bind("version")
			if !ok {
				v = 1
			}
			put16(hdr, uint16(v))
		}
		return nil
	},
}

// NetflowHeaderType is the registered type of NetflowHeader.
var NetflowHeaderType = packet.Register(netflowProto)

func (n *NetflowHeader) Proto() *packet.Proto         { return netflowProto }
func (n *NetflowHeader) Get(name string) (any, error) { return packet.GetField(n, name) }
func (n *NetflowHeader) Set(name string, v any) error { return packet.SetField(n, name, v) }
func (n *NetflowHeader) Show() string                 { return packet.ShowLayer(n) }
func (n *NetflowHeader) HeaderLen() int               { return NetflowHeaderLen }
func (n *NetflowHeader) Summary() string {
	if n.Version.Value == 10 {
		return "IPFIX"
	}
	return "NetFlow v" + strconv.Itoa(int(n.Version.Value))
}

// DecodeFromBytes reads the version; the binding table picks the header.
func (n *NetflowHeader) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < NetflowHeaderLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	n.Version = fields.Some(be16(data))
	next := packet.NextLayer(NetflowHeaderType, "version", uint64(n.Version.Value))
	if next == 0 {
		return packet.DecodeResult{}, packet.ErrMalformed // not an export packet we know
	}
	return packet.DecodeResult{HeaderLen: NetflowHeaderLen, PayloadLen: -1, Next: next}, nil
}

func (n *NetflowHeader) SerializeTo(b []byte, _ *packet.BuildContext) error {
	put16(b, n.Version.Value)
	return nil
}

// NetflowHeaderV5 is the NetFlow v5 header after the version.
type NetflowHeaderV5 struct {
	Count            fields.Opt[uint16]
	SysUptime        uint32
	UnixSecs         uint32
	UnixNanoSeconds  uint32
	FlowSequence     uint32
	EngineType       uint8
	EngineID         uint8
	SamplingInterval uint16
	// Records are the flow records that follow the header. Records given
	// as NetflowRecordV5 layers above the header are written after them.
	Records []NetflowRecordV5
}

var netflowV5Proto = &packet.Proto{
	Name: "NetflowHeaderV5", Doc: "NetFlow v5 header",
	New: func() packet.Layer { return new(NetflowHeaderV5) },
	Fields: []fields.Field{
		fields.AutoUintField("count", 16, func(n *NetflowHeaderV5) *fields.Opt[uint16] { return &n.Count }),
		fields.IntField("sysUptime", 0, func(n *NetflowHeaderV5) *uint32 { return &n.SysUptime }),
		fields.IntField("unixSecs", 0, func(n *NetflowHeaderV5) *uint32 { return &n.UnixSecs }),
		fields.IntField("unixNanoSeconds", 0, func(n *NetflowHeaderV5) *uint32 { return &n.UnixNanoSeconds }),
		fields.IntField("flowSequence", 0, func(n *NetflowHeaderV5) *uint32 { return &n.FlowSequence }),
		fields.ByteField("engineType", 0, func(n *NetflowHeaderV5) *uint8 { return &n.EngineType }),
		fields.ByteField("engineID", 0, func(n *NetflowHeaderV5) *uint8 { return &n.EngineID }),
		fields.ShortField("samplingInterval", 0, func(n *NetflowHeaderV5) *uint16 { return &n.SamplingInterval }),
		fields.ListField("records", func(n *NetflowHeaderV5) any { return n.Records }, func(n *NetflowHeaderV5, v any) error {
			r, ok := v.([]NetflowRecordV5)
			if !ok {
				return fmt.Errorf("records: want []layers.NetflowRecordV5, got %T: %w", v, packet.ErrMalformed)
			}
			n.Records = r
			return nil
		}, formatV5Records, jsonV5Records),
	},
	PostBuild: func(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
		if n := l.(*NetflowHeaderV5); !n.Count.Valid {
			// Scapy counts the layers above the header.
			c := len(n.Records)
			ls := ctx.Packet().Layers()
			for i := ctx.Index() + 1; i < len(ls); i++ {
				if !ls[i].Proto().Trailer {
					c++
				}
			}
			put16(hdr, uint16(c))
		}
		return nil
	},
}

// NetflowHeaderV5Type is the registered type of NetflowHeaderV5.
var NetflowHeaderV5Type = packet.Register(netflowV5Proto)

func (n *NetflowHeaderV5) Proto() *packet.Proto         { return netflowV5Proto }
func (n *NetflowHeaderV5) Get(name string) (any, error) { return packet.GetField(n, name) }
func (n *NetflowHeaderV5) Set(name string, v any) error { return packet.SetField(n, name, v) }
func (n *NetflowHeaderV5) Show() string                 { return packet.ShowLayer(n) }
func (n *NetflowHeaderV5) HeaderLen() int {
	return NetflowHeaderV5Len + NetflowRecordV5Len*len(n.Records)
}

func formatV5Records(n *NetflowHeaderV5) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := range n.Records {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(n.Records[i].Summary())
	}
	b.WriteByte(']')
	return b.String()
}

func jsonV5Records(n *NetflowHeaderV5) any {
	out := make([]map[string]any, 0, len(n.Records))
	for i := range n.Records {
		r := &n.Records[i]
		m := map[string]any{}
		for _, f := range netflowRecV5Proto.Fields {
			m[f.Name] = f.JSON(r)
		}
		out = append(out, m)
	}
	return out
}
func (n *NetflowHeaderV5) Summary() string {
	return fmt.Sprintf("NetflowHeaderV5 count=%d seq=%d", n.Count.Value, n.FlowSequence)
}

// DecodeFromBytes decodes the header; count records follow.
func (n *NetflowHeaderV5) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < NetflowHeaderV5Len {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	n.Count = fields.Some(be16(data))
	n.SysUptime = be32(data[2:])
	n.UnixSecs = be32(data[6:])
	n.UnixNanoSeconds = be32(data[10:])
	n.FlowSequence = be32(data[14:])
	n.EngineType, n.EngineID = data[18], data[19]
	n.SamplingInterval = be16(data[20:])
	// The records are kept in the header (a stack of one layer per record
	// would exceed the decoder's nesting limit); a short tail stays Raw.
	n.Records = n.Records[:0]
	o := NetflowHeaderV5Len
	for len(data)-o >= NetflowRecordV5Len {
		n.Records = append(n.Records, NetflowRecordV5{})
		n.Records[len(n.Records)-1].decode(data[o:])
		o += NetflowRecordV5Len
	}
	return packet.DecodeResult{HeaderLen: o, PayloadLen: -1}, nil
}

func (n *NetflowHeaderV5) SerializeTo(b []byte, _ *packet.BuildContext) error {
	put16(b, n.Count.Value)
	put32(b[2:], n.SysUptime)
	put32(b[6:], n.UnixSecs)
	put32(b[10:], n.UnixNanoSeconds)
	put32(b[14:], n.FlowSequence)
	b[18], b[19] = n.EngineType, n.EngineID
	put16(b[20:], n.SamplingInterval)
	for i := range n.Records {
		_ = n.Records[i].SerializeTo(b[NetflowHeaderV5Len+NetflowRecordV5Len*i:], nil)
	}
	return nil
}

// NetflowRecordV5 is one NetFlow v5 flow record.
type NetflowRecordV5 struct {
	Src, Dst, Nexthop netip.Addr
	Input, Output     uint16
	Dpkts, DOctets    uint32
	First, Last       uint32
	SrcPort, DstPort  uint16
	Pad1              uint8
	TCPFlags          uint8
	Prot              uint8
	Tos               uint8
	SrcAS, DstAS      uint16
	SrcMask, DstMask  uint8
	Pad2              uint16
}

var loopback4 = netip.AddrFrom4([4]byte{127, 0, 0, 1})

var netflowRecV5Proto = &packet.Proto{
	Name: "NetflowRecordV5", Doc: "NetFlow v5 flow record",
	New: func() packet.Layer { return NewNetflowRecordV5() },
	Fields: []fields.Field{
		fields.IPField("src", loopback4, func(n *NetflowRecordV5) *netip.Addr { return &n.Src }),
		fields.IPField("dst", loopback4, func(n *NetflowRecordV5) *netip.Addr { return &n.Dst }),
		fields.IPField("nexthop", netip.IPv4Unspecified(), func(n *NetflowRecordV5) *netip.Addr { return &n.Nexthop }),
		fields.ShortField("input", 0, func(n *NetflowRecordV5) *uint16 { return &n.Input }),
		fields.ShortField("output", 0, func(n *NetflowRecordV5) *uint16 { return &n.Output }),
		fields.IntField("dpkts", 1, func(n *NetflowRecordV5) *uint32 { return &n.Dpkts }),
		fields.IntField("dOctets", 60, func(n *NetflowRecordV5) *uint32 { return &n.DOctets }),
		fields.IntField("first", 0, func(n *NetflowRecordV5) *uint32 { return &n.First }),
		fields.IntField("last", 0, func(n *NetflowRecordV5) *uint32 { return &n.Last }),
		fields.ShortField("srcport", 0, func(n *NetflowRecordV5) *uint16 { return &n.SrcPort }),
		fields.ShortField("dstport", 0, func(n *NetflowRecordV5) *uint16 { return &n.DstPort }),
		fields.ByteField("pad1", 0, func(n *NetflowRecordV5) *uint8 { return &n.Pad1 }),
		fields.FlagsField("tcpFlags", 8, uint8(2), tcpFlagNames8, func(n *NetflowRecordV5) *uint8 { return &n.TCPFlags }),
		fields.ByteField("prot", 6, func(n *NetflowRecordV5) *uint8 { return &n.Prot }),
		fields.ByteField("tos", 0, func(n *NetflowRecordV5) *uint8 { return &n.Tos }),
		fields.ShortField("src_as", 0, func(n *NetflowRecordV5) *uint16 { return &n.SrcAS }),
		fields.ShortField("dst_as", 0, func(n *NetflowRecordV5) *uint16 { return &n.DstAS }),
		fields.ByteField("src_mask", 0, func(n *NetflowRecordV5) *uint8 { return &n.SrcMask }),
		fields.ByteField("dst_mask", 0, func(n *NetflowRecordV5) *uint8 { return &n.DstMask }),
		fields.ShortField("pad2", 0, func(n *NetflowRecordV5) *uint16 { return &n.Pad2 }),
	},
}

// NetflowRecordV5Type is the registered type of NetflowRecordV5.
var NetflowRecordV5Type = packet.Register(netflowRecV5Proto)

// NewNetflowRecordV5 returns a record with Scapy's defaults.
func NewNetflowRecordV5() *NetflowRecordV5 {
	return &NetflowRecordV5{Src: loopback4, Dst: loopback4, Nexthop: netip.IPv4Unspecified(), Dpkts: 1, DOctets: 60, TCPFlags: 2, Prot: 6}
}

func (n *NetflowRecordV5) Proto() *packet.Proto         { return netflowRecV5Proto }
func (n *NetflowRecordV5) Get(name string) (any, error) { return packet.GetField(n, name) }
func (n *NetflowRecordV5) Set(name string, v any) error { return packet.SetField(n, name, v) }
func (n *NetflowRecordV5) Show() string                 { return packet.ShowLayer(n) }
func (n *NetflowRecordV5) HeaderLen() int               { return NetflowRecordV5Len }
func (n *NetflowRecordV5) Summary() string {
	return fmt.Sprintf("NetflowRecordV5 %s:%d > %s:%d proto %d", n.Src, n.SrcPort, n.Dst, n.DstPort, n.Prot)
}

// DecodeFromBytes decodes one record; another follows while 48 bytes remain.
func (n *NetflowRecordV5) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < NetflowRecordV5Len {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	n.decode(data)
	var next packet.LayerType
	if len(data)-NetflowRecordV5Len >= NetflowRecordV5Len {
		next = NetflowRecordV5Type
	}
	return packet.DecodeResult{HeaderLen: NetflowRecordV5Len, PayloadLen: -1, Next: next}, nil
}

func (n *NetflowRecordV5) decode(data []byte) {
	n.Src = netip.AddrFrom4([4]byte(data[0:4]))
	n.Dst = netip.AddrFrom4([4]byte(data[4:8]))
	n.Nexthop = netip.AddrFrom4([4]byte(data[8:12]))
	n.Input, n.Output = be16(data[12:]), be16(data[14:])
	n.Dpkts, n.DOctets = be32(data[16:]), be32(data[20:])
	n.First, n.Last = be32(data[24:]), be32(data[28:])
	n.SrcPort, n.DstPort = be16(data[32:]), be16(data[34:])
	n.Pad1, n.TCPFlags, n.Prot, n.Tos = data[36], data[37], data[38], data[39]
	n.SrcAS, n.DstAS = be16(data[40:]), be16(data[42:])
	n.SrcMask, n.DstMask = data[44], data[45]
	n.Pad2 = be16(data[46:])
}

func put4(b []byte, a netip.Addr) {
	if a.Is4() {
		v := a.As4()
		copy(b, v[:])
	} else {
		clear(b[:4])
	}
}

func (n *NetflowRecordV5) SerializeTo(b []byte, _ *packet.BuildContext) error {
	put4(b[0:], n.Src)
	put4(b[4:], n.Dst)
	put4(b[8:], n.Nexthop)
	put16(b[12:], n.Input)
	put16(b[14:], n.Output)
	put32(b[16:], n.Dpkts)
	put32(b[20:], n.DOctets)
	put32(b[24:], n.First)
	put32(b[28:], n.Last)
	put16(b[32:], n.SrcPort)
	put16(b[34:], n.DstPort)
	b[36], b[37], b[38], b[39] = n.Pad1, n.TCPFlags, n.Prot, n.Tos
	put16(b[40:], n.SrcAS)
	put16(b[42:], n.DstAS)
	b[44], b[45] = n.SrcMask, n.DstMask
	put16(b[46:], n.Pad2)
	return nil
}

// NetflowHeaderV9 is the NetFlow v9 header after the version.
type NetflowHeaderV9 struct {
	Count           fields.Opt[uint16]
	SysUptime       uint32
	UnixSecs        uint32
	PackageSequence uint32
	SourceID        uint32
	// FlowSets are the flowsets of the packet, kept in the header (a
	// stack of one layer per flowset would exceed the decoder's nesting
	// limit). FlowSet layers put above the header are written after them.
	FlowSets []*FlowSet
}

var netflowV9Proto = &packet.Proto{
	Name: "NetflowHeaderV9", Doc: "NetFlow v9 header (RFC 3954)",
	New: func() packet.Layer { return new(NetflowHeaderV9) },
	Fields: []fields.Field{
		fields.AutoUintField("count", 16, func(n *NetflowHeaderV9) *fields.Opt[uint16] { return &n.Count }),
		fields.IntField("sysUptime", 0, func(n *NetflowHeaderV9) *uint32 { return &n.SysUptime }),
		fields.IntField("unixSecs", 0, func(n *NetflowHeaderV9) *uint32 { return &n.UnixSecs }),
		fields.IntField("packageSequence", 0, func(n *NetflowHeaderV9) *uint32 { return &n.PackageSequence }),
		fields.IntField("SourceID", 0, func(n *NetflowHeaderV9) *uint32 { return &n.SourceID }),
		fields.ListField("flowsets", func(n *NetflowHeaderV9) any { return n.FlowSets },
			func(n *NetflowHeaderV9, v any) error { return setFlowSets(&n.FlowSets, v) },
			func(n *NetflowHeaderV9) string { return formatFlowSets(n.FlowSets) },
			func(n *NetflowHeaderV9) any { return jsonFlowSets(n.FlowSets) }),
	},
	PostBuild: func(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
		if n := l.(*NetflowHeaderV9); !n.Count.Valid {
			// Scapy counts the flowsets above the header.
			c := len(n.FlowSets)
			for _, x := range ctx.Packet().Layers()[ctx.Index()+1:] {
				if _, ok := x.(*FlowSet); ok {
					c++
				}
			}
			put16(hdr, uint16(c))
		}
		return nil
	},
}

// NetflowHeaderV9Type is the registered type of NetflowHeaderV9.
var NetflowHeaderV9Type = packet.Register(netflowV9Proto)

func (n *NetflowHeaderV9) Proto() *packet.Proto         { return netflowV9Proto }
func (n *NetflowHeaderV9) Get(name string) (any, error) { return packet.GetField(n, name) }
func (n *NetflowHeaderV9) Set(name string, v any) error { return packet.SetField(n, name, v) }
func (n *NetflowHeaderV9) Show() string                 { return packet.ShowLayer(n) }
func (n *NetflowHeaderV9) HeaderLen() int               { return NetflowHeaderV9Len + flowSetsLen(n.FlowSets) }
func (n *NetflowHeaderV9) Summary() string {
	return fmt.Sprintf("NetflowHeaderV9 count=%d source=%d", n.Count.Value, n.SourceID)
}

// DecodeFromBytes decodes the header; flowsets follow.
func (n *NetflowHeaderV9) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < NetflowHeaderV9Len {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	n.Count = fields.Some(be16(data))
	n.SysUptime = be32(data[2:])
	n.UnixSecs = be32(data[6:])
	n.PackageSequence = be32(data[10:])
	n.SourceID = be32(data[14:])
	var exp netip.Addr
	if ctx != nil {
		exp, _, _ = flowContext(ctx.Packet)
	}
	o, err := decodeFlowSets(&n.FlowSets, data, NetflowHeaderV9Len, exp, 9, n.SourceID)
	return packet.DecodeResult{HeaderLen: o, PayloadLen: -1}, err
}

func (n *NetflowHeaderV9) SerializeTo(b []byte, _ *packet.BuildContext) error {
	put16(b, n.Count.Value)
	put32(b[2:], n.SysUptime)
	put32(b[6:], n.UnixSecs)
	put32(b[10:], n.PackageSequence)
	put32(b[14:], n.SourceID)
	serializeFlowSets(b[NetflowHeaderV9Len:], n.FlowSets)
	return nil
}

// FlowField is one field specifier of a template: type, length and, for
// enterprise-specific IPFIX fields, the enterprise number. A length of
// FlowVarLen (IPFIX) means the length is carried in each record.
type FlowField struct {
	Type       uint16 // without the enterprise bit
	Length     uint16
	Enterprise uint32 // non-zero: the enterprise bit is set
}

// FlowVarLen is the IPFIX field length of variable-length fields.
const FlowVarLen = 0xffff

// Name returns the IANA name of the field's type ("sourceIPv4Address").
func (f FlowField) Name() string {
	if f.Enterprise != 0 {
		return fmt.Sprintf("enterprise%d.%d", f.Enterprise, f.Type)
	}
	if n, ok := FlowFieldNames[uint64(f.Type)]; ok {
		return n
	}
	return "field" + strconv.Itoa(int(f.Type))
}

// FlowFieldNames names the common information elements (IANA IPFIX
// registry, which NetFlow v9 shares for types up to 127).
var FlowFieldNames = map[uint64]string{
	1: "octetDeltaCount", 2: "packetDeltaCount", 4: "protocolIdentifier", 5: "ipClassOfService",
	6: "tcpControlBits", 7: "sourceTransportPort", 8: "sourceIPv4Address", 9: "sourceIPv4PrefixLength",
	10: "ingressInterface", 11: "destinationTransportPort", 12: "destinationIPv4Address",
	13: "destinationIPv4PrefixLength", 14: "egressInterface", 15: "ipNextHopIPv4Address",
	16: "bgpSourceAsNumber", 17: "bgpDestinationAsNumber", 21: "flowEndSysUpTime", 22: "flowStartSysUpTime",
	27: "sourceIPv6Address", 28: "destinationIPv6Address", 29: "sourceIPv6PrefixLength",
	30: "destinationIPv6PrefixLength", 31: "flowLabelIPv6", 32: "icmpTypeCodeIPv4", 34: "samplingInterval",
	35: "samplingAlgorithm", 36: "flowActiveTimeout", 37: "flowIdleTimeout", 38: "engineType", 39: "engineId",
	40: "exportedOctetTotalCount", 41: "exportedMessageTotalCount", 42: "exportedFlowRecordTotalCount",
	56: "sourceMacAddress", 57: "postDestinationMacAddress", 58: "vlanId", 60: "ipVersion", 61: "flowDirection",
	62: "ipNextHopIPv6Address", 80: "destinationMacAddress", 81: "postSourceMacAddress",
	82: "interfaceName", 83: "interfaceDescription", 85: "octetTotalCount", 86: "packetTotalCount",
	136: "flowEndReason", 139: "icmpTypeCodeIPv6", 148: "flowId", 149: "observationDomainId",
	150: "flowStartSeconds", 151: "flowEndSeconds", 152: "flowStartMilliseconds", 153: "flowEndMilliseconds",
	154: "flowStartMicroseconds", 155: "flowEndMicroseconds", 156: "flowStartNanoseconds",
	157: "flowEndNanoseconds", 160: "systemInitTimeMilliseconds", 161: "flowDurationMilliseconds",
	176: "icmpTypeIPv4", 177: "icmpCodeIPv4", 178: "icmpTypeIPv6", 179: "icmpCodeIPv6",
	210: "paddingOctets", 239: "biflowDirection",
}

// FlowTemplate is a template or options template (ScopeCount > 0 or
// Options set) of one exporter.
type FlowTemplate struct {
	ID         uint16
	Options    bool
	ScopeCount int // the first ScopeCount fields are scope fields
	Fields     []FlowField
}

// MinRecordLen is the length of a record whose variable-length fields are
// empty.
func (t *FlowTemplate) MinRecordLen() int {
	n := 0
	for _, f := range t.Fields {
		if f.Length == FlowVarLen {
			n++
		} else {
			n += int(f.Length)
		}
	}
	return n
}

// FlowValue is one field of a decoded data record.
type FlowValue struct {
	Field FlowField
	Value []byte // aliases the packet
}

// String shows the value as an integer, address or hex string.
func (v FlowValue) String() string {
	b := v.Value
	switch {
	case v.Field.Enterprise == 0 && (v.Field.Type == 8 || v.Field.Type == 12 || v.Field.Type == 15) && len(b) == 4,
		v.Field.Enterprise == 0 && (v.Field.Type == 27 || v.Field.Type == 28 || v.Field.Type == 62) && len(b) == 16:
		a, _ := netip.AddrFromSlice(b)
		return a.String()
	case v.Field.Enterprise == 0 && (v.Field.Type == 82 || v.Field.Type == 83):
		return strconv.Quote(string(b))
	case len(b) >= 1 && len(b) <= 8:
		var u uint64
		for _, c := range b {
			u = u<<8 | uint64(c)
		}
		return strconv.FormatUint(u, 10)
	}
	return fmt.Sprintf("%x", b)
}

// Uint returns the value as an unsigned integer (up to 8 bytes).
func (v FlowValue) Uint() (uint64, bool) {
	if len(v.Value) == 0 || len(v.Value) > 8 {
		return 0, false
	}
	var u uint64
	for _, c := range v.Value {
		u = u<<8 | uint64(c)
	}
	return u, true
}

// FlowRecord is one data record: its values in template order.
type FlowRecord []FlowValue

// Get returns the value of the first field of that type (no enterprise).
func (r FlowRecord) Get(typ uint16) (FlowValue, bool) {
	for _, v := range r {
		if v.Field.Type == typ && v.Field.Enterprise == 0 {
			return v, true
		}
	}
	return FlowValue{}, false
}

// DecodeFlowRecords splits data (a data set's body) into records of t,
// reading IPFIX variable-length fields (RFC 7011 section 7) when ipfix is
// true; bytes too short for another record are padding and returned.
func DecodeFlowRecords(t *FlowTemplate, data []byte, ipfix bool) (recs []FlowRecord, pad []byte, err error) {
	minLen := t.MinRecordLen()
	if minLen == 0 {
		return nil, data, packet.ErrMalformed
	}
	for len(data) >= minLen {
		rec := make(FlowRecord, 0, len(t.Fields))
		rest := data
		for _, f := range t.Fields {
			n := int(f.Length)
			if f.Length == FlowVarLen && ipfix {
				if len(rest) < 1 {
					return recs, data, packet.ErrTruncated
				}
				n, rest = int(rest[0]), rest[1:]
				if n == 255 {
					if len(rest) < 2 {
						return recs, data, packet.ErrTruncated
					}
					n, rest = int(be16(rest)), rest[2:]
				}
			}
			if len(rest) < n {
				return recs, data, packet.ErrTruncated
			}
			rec = append(rec, FlowValue{Field: f, Value: rest[:n:n]})
			rest = rest[n:]
		}
		recs = append(recs, rec)
		data = rest
	}
	return recs, data, nil
}

// EncodeFlowRecord appends one record of t with the given values (one per
// template field; fixed-length values are left-padded or cut to the field's
// length, variable-length ones get their IPFIX length prefix).
func EncodeFlowRecord(dst []byte, t *FlowTemplate, values ...[]byte) ([]byte, error) {
	if len(values) != len(t.Fields) {
		return dst, fmt.Errorf("flow record: %d values for %d fields: %w", len(values), len(t.Fields), packet.ErrMalformed)
	}
	for i, f := range t.Fields {
		v := values[i]
		if f.Length == FlowVarLen {
			if len(v) < 255 {
				dst = append(dst, byte(len(v)))
			} else if len(v) <= 0xffff {
				dst = append(dst, 255, byte(len(v)>>8), byte(len(v)))
			} else {
				return dst, fmt.Errorf("flow record: value of %d bytes: %w", len(v), packet.ErrMalformed)
			}
			dst = append(dst, v...)
			continue
		}
		n := int(f.Length)
		if len(v) >= n {
			dst = append(dst, v[len(v)-n:]...)
		} else {
			dst = append(dst, make([]byte, n-len(v))...)
			dst = append(dst, v...)
		}
	}
	return dst, nil
}

// FlowUint returns v as a big-endian value of n bytes, for EncodeFlowRecord.
func FlowUint(v uint64, n int) []byte {
	b := make([]byte, n)
	for i := n - 1; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
	return b
}

// flowKey identifies a template: the exporter's address, the protocol
// version, the source ID (v9) or observation domain (IPFIX), the template ID.
type flowKey struct {
	exporter netip.Addr
	version  uint16
	domain   uint32
	id       uint16
}

// FlowTemplates caches the templates and options templates that NetFlow v9
// and IPFIX exporters announce, per exporter (source address), source ID or
// observation domain, and template ID. Template sets update it while they
// are decoded; data sets are decoded with it, and kept raw while their
// template is unknown. It is safe for concurrent use.
//
// Decoding uses DefaultFlowTemplates: a collector reading one capture or
// socket keeps that cache, and calls Reset between unrelated captures.
type FlowTemplates struct {
	mu sync.RWMutex
	m  map[flowKey]*FlowTemplate
}

// NewFlowTemplates returns an empty cache.
func NewFlowTemplates() *FlowTemplates { return &FlowTemplates{m: map[flowKey]*FlowTemplate{}} }

// DefaultFlowTemplates is the cache every dissection of NetFlow v9 and
// IPFIX uses.
var DefaultFlowTemplates = NewFlowTemplates()

// Add records t (a later template with the same key replaces it).
func (c *FlowTemplates) Add(exporter netip.Addr, version uint16, domain uint32, t *FlowTemplate) {
	c.mu.Lock()
	c.m[flowKey{exporter, version, domain, t.ID}] = t
	c.mu.Unlock()
}

// Lookup returns the template, or nil.
func (c *FlowTemplates) Lookup(exporter netip.Addr, version uint16, domain uint32, id uint16) *FlowTemplate {
	c.mu.RLock()
	t := c.m[flowKey{exporter, version, domain, id}]
	c.mu.RUnlock()
	return t
}

// Remove forgets a template (IPFIX template withdrawal).
func (c *FlowTemplates) Remove(exporter netip.Addr, version uint16, domain uint32, id uint16) {
	c.mu.Lock()
	delete(c.m, flowKey{exporter, version, domain, id})
	c.mu.Unlock()
}

// Len returns the number of templates held.
func (c *FlowTemplates) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}

// Reset forgets every template.
func (c *FlowTemplates) Reset() {
	c.mu.Lock()
	clear(c.m)
	c.mu.Unlock()
}

// FlowSet kinds.
const (
	FlowSetTemplate = iota
	FlowSetOptions
	FlowSetData
)

// FlowSet is one NetFlow v9 FlowSet or IPFIX Set: a template set
// (Templates), an options template set (Templates with Options) or a data
// set (Data, with Records decoded when the template was known). Its layer
// name follows Scapy: NetflowFlowsetV9, NetflowOptionsFlowsetV9,
// NetflowOptionsFlowset10, NetflowDataflowsetV9.
type FlowSet struct {
	proto     *packet.Proto
	IPFIX     bool
	FlowSetID uint16
	Length    fields.Opt[uint16]
	Templates []FlowTemplate
	Data      []byte // a data set's records, as received or built
	Pad       []byte // bytes after the last template or record
	// Template is the template a data set was decoded with, or nil.
	Template *FlowTemplate
	Records  []FlowRecord
}

func (s *FlowSet) kind() int {
	switch {
	case s.FlowSetID >= 256:
		return FlowSetData
	case s.FlowSetID == 1 || s.FlowSetID == 3:
		return FlowSetOptions
	}
	return FlowSetTemplate
}

func flowSetFields() []fields.Field {
	return []fields.Field{
		fields.ShortField("flowSetID", 0, func(s *FlowSet) *uint16 { return &s.FlowSetID }),
		fields.AutoUintField("length", 16, func(s *FlowSet) *fields.Opt[uint16] { return &s.Length }),
		fields.ListField("templates", func(s *FlowSet) any { return s.Templates }, setFlowTemplates, formatFlowTemplates, jsonFlowTemplates).
			When(func(l any) bool { return l.(*FlowSet).kind() != FlowSetData }),
		fields.ListField("records", func(s *FlowSet) any { return s.Records }, nil, formatFlowRecords, jsonFlowRecords).
			When(func(l any) bool { return l.(*FlowSet).kind() == FlowSetData }),
		fields.BytesField("data", func(s *FlowSet) *[]byte { return &s.Data }).
			When(func(l any) bool { return l.(*FlowSet).kind() == FlowSetData }),
		fields.BytesField("pad", func(s *FlowSet) *[]byte { return &s.Pad }),
	}
}

func setFlowTemplates(s *FlowSet, v any) error {
	t, ok := v.([]FlowTemplate)
	if !ok {
		return fmt.Errorf("templates: want []layers.FlowTemplate, got %T: %w", v, packet.ErrMalformed)
	}
	s.Templates = t
	return nil
}

func formatFlowTemplates(s *FlowSet) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, t := range s.Templates {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "template %d", t.ID)
		if t.Options {
			fmt.Fprintf(&b, " scope %d", t.ScopeCount)
		}
		b.WriteString(" (")
		for j, f := range t.Fields {
			if j > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%s/%d", f.Name(), f.Length)
		}
		b.WriteByte(')')
	}
	b.WriteByte(']')
	return b.String()
}

func jsonFlowTemplates(s *FlowSet) any {
	out := make([]map[string]any, 0, len(s.Templates))
	for _, t := range s.Templates {
		fs := make([]map[string]any, 0, len(t.Fields))
		for _, f := range t.Fields {
			m := map[string]any{"fieldType": f.Type, "fieldLength": f.Length}
			if f.Enterprise != 0 {
				m["enterpriseNumber"] = f.Enterprise
			}
			fs = append(fs, m)
		}
		m := map[string]any{"templateID": t.ID, "template_fields": fs}
		if t.Options {
			m["scope_field_count"] = t.ScopeCount
		}
		out = append(out, m)
	}
	return out
}

func formatFlowRecords(s *FlowSet) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, r := range s.Records {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('{')
		for j, v := range r {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(v.Field.Name())
			b.WriteByte('=')
			b.WriteString(v.String())
		}
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return b.String()
}

func jsonFlowRecords(s *FlowSet) any {
	out := make([]map[string]any, 0, len(s.Records))
	for _, r := range s.Records {
		m := make(map[string]any, len(r))
		for _, v := range r {
			if u, ok := v.Uint(); ok && len(v.Value) != 4 && len(v.Value) != 16 {
				m[v.Field.Name()] = u
			} else {
				m[v.Field.Name()] = v.String()
			}
		}
		out = append(out, m)
	}
	return out
}

func newFlowSetProto(name, doc string, ipfix bool) *packet.Proto {
	p := &packet.Proto{Name: name, Doc: doc, Fields: flowSetFields(), PostBuild: flowSetPostBuild}
	p.New = func() packet.Layer { return &FlowSet{proto: p, IPFIX: ipfix} }
	return p
}

var (
	flowSetV9Proto              = newFlowSetProto("NetflowFlowsetV9", "NetFlow v9 / IPFIX template set", false)
	flowOptionsV9Proto          = newFlowSetProto("NetflowOptionsFlowsetV9", "NetFlow v9 options template flowset", false)
	flowDataV9Proto             = newFlowSetProto("NetflowDataflowsetV9", "NetFlow v9 / IPFIX data set, decoded with the exporter's template", false)
	NetflowFlowsetV9Type        = packet.Register(flowSetV9Proto)
	NetflowOptionsFlowsetV9Type = packet.Register(flowOptionsV9Proto)
	NetflowDataflowsetV9Type    = packet.Register(flowDataV9Proto)
)

// NewFlowSet returns a flowset layer of the given ID: 0 (v9 templates),
// 1 (v9 options templates), 2 (IPFIX templates), 3 (IPFIX options
// templates), 256 and up (data).
func NewFlowSet(id uint16, ipfix bool) *FlowSet {
	s := &FlowSet{FlowSetID: id, IPFIX: ipfix}
	switch {
	case id >= 256:
		s.proto = flowDataV9Proto
	case id == 1:
		s.proto = flowOptionsV9Proto
	case id == 3:
		s.proto = ipfixOptionsProto
	default:
		s.proto = flowSetV9Proto
	}
	return s
}

func (s *FlowSet) Proto() *packet.Proto {
	if s.proto == nil {
		return flowSetV9Proto
	}
	return s.proto
}
func (s *FlowSet) Get(name string) (any, error) { return packet.GetField(s, name) }
func (s *FlowSet) Set(name string, v any) error { return packet.SetField(s, name, v) }
func (s *FlowSet) Show() string                 { return packet.ShowLayer(s) }

// Summary is "NetflowDataflowsetV9 id=256 records=3".
func (s *FlowSet) Summary() string {
	switch s.kind() {
	case FlowSetData:
		if s.Template == nil {
			return fmt.Sprintf("%s id=%d (template unknown)", s.Proto().Name, s.FlowSetID)
		}
		return fmt.Sprintf("%s id=%d records=%d", s.Proto().Name, s.FlowSetID, len(s.Records))
	}
	return fmt.Sprintf("%s templates=%d", s.Proto().Name, len(s.Templates))
}

// HeaderLen is the whole set: the header, its body and padding.
func (s *FlowSet) HeaderLen() int { return FlowSetHeaderLen + s.bodyLen() + len(s.Pad) }

func (s *FlowSet) bodyLen() int {
	if s.kind() == FlowSetData {
		return len(s.Data)
	}
	n := 0
	for _, t := range s.Templates {
		n += 4
		if t.Options {
			if s.IPFIX {
				n += 2
			} else {
				n += 2 // scope length and option length after ID
			}
		}
		for _, f := range t.Fields {
			n += 4
			if f.Enterprise != 0 && s.IPFIX {
				n += 4
			}
		}
	}
	return n
}

func (s *FlowSet) SerializeTo(b []byte, _ *packet.BuildContext) error {
	put16(b, s.FlowSetID)
	if s.Length.Valid {
		put16(b[2:], s.Length.Value)
	} else {
		put16(b[2:], uint16(s.HeaderLen()))
	}
	o := FlowSetHeaderLen
	if s.kind() == FlowSetData {
		o += copy(b[o:], s.Data)
	} else {
		for _, t := range s.Templates {
			put16(b[o:], t.ID)
			switch {
			case t.Options && s.IPFIX:
				put16(b[o+2:], uint16(len(t.Fields)))
				put16(b[o+4:], uint16(t.ScopeCount))
				o += 6
			case t.Options:
				put16(b[o+2:], uint16(4*t.ScopeCount))
				put16(b[o+4:], uint16(4*(len(t.Fields)-t.ScopeCount)))
				o += 6
			default:
				put16(b[o+2:], uint16(len(t.Fields)))
				o += 4
			}
			for _, f := range t.Fields {
				typ := f.Type
				if f.Enterprise != 0 && s.IPFIX {
					typ |= 0x8000
				}
				put16(b[o:], typ)
				put16(b[o+2:], f.Length)
				o += 4
				if f.Enterprise != 0 && s.IPFIX {
					put32(b[o:], f.Enterprise)
					o += 4
				}
			}
		}
	}
	copy(b[o:], s.Pad)
	return nil
}

func flowSetPostBuild(hdr []byte, l packet.Layer, _ *packet.BuildContext) error {
	if s := l.(*FlowSet); !s.Length.Valid {
		put16(hdr[2:], uint16(len(hdr)))
	}
	return nil
}

// flowSetNext picks the layer of the set at the start of data.
func flowSetNext(data []byte, ipfix bool) packet.LayerType {
	if len(data) < FlowSetHeaderLen {
		return 0
	}
	id := be16(data)
	switch {
	case id >= 256:
		return NetflowDataflowsetV9Type
	case !ipfix && id == 0, ipfix && id == 2:
		return NetflowFlowsetV9Type
	case !ipfix && id == 1:
		return NetflowOptionsFlowsetV9Type
	case ipfix && id == 3:
		return NetflowOptionsFlowset10Type
	}
	return 0
}

// flowContext finds the exporter address, version and domain of the
// export packet being decoded.
func flowContext(p *packet.Packet) (exp netip.Addr, version uint16, domain uint32) {
	if p == nil {
		return
	}
	for _, l := range p.Layers() {
		switch x := l.(type) {
		case *IPv4:
			exp = x.Src
		case *IPv6:
			exp = x.Src
		case *NetflowHeaderV9:
			version, domain = 9, x.SourceID
		case *NetflowHeaderV10:
			version, domain = 10, x.ObservationDomainID
		}
	}
	return
}

// DecodeFromBytes decodes one set on its own (the export headers decode
// their sets themselves). Templates are added to DefaultFlowTemplates; a
// data set is decoded with the exporter's template when it is known, and
// kept raw otherwise.
func (s *FlowSet) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	var p *packet.Packet
	if ctx != nil {
		p = ctx.Packet
	}
	exp, version, domain := flowContext(p)
	l, err := s.decode(data, exp, version, domain)
	if err != nil {
		return packet.DecodeResult{}, err
	}
	return packet.DecodeResult{HeaderLen: l, PayloadLen: -1, Next: flowSetNext(data[l:], s.IPFIX)}, nil
}

func (s *FlowSet) decode(data []byte, exp netip.Addr, version uint16, domain uint32) (int, error) {
	if len(data) < FlowSetHeaderLen {
		return 0, packet.ErrTruncated
	}
	s.FlowSetID = be16(data)
	l := int(be16(data[2:]))
	s.Length = fields.Some(uint16(l))
	if l < FlowSetHeaderLen {
		return 0, packet.ErrMalformed
	}
	if l > len(data) {
		return 0, packet.ErrTruncated
	}
	if version != 0 {
		s.IPFIX = version == 10
	}
	switch {
	case s.FlowSetID >= 256:
		s.proto = flowDataV9Proto
	case s.FlowSetID == 1:
		s.proto = flowOptionsV9Proto
	case s.FlowSetID == 3:
		s.proto = ipfixOptionsProto
	default:
		s.proto = flowSetV9Proto
	}
	s.Templates, s.Data, s.Pad, s.Template, s.Records = s.Templates[:0], nil, nil, nil, nil
	body := data[FlowSetHeaderLen:l]
	if s.kind() == FlowSetData {
		s.Data = body
		if t := DefaultFlowTemplates.Lookup(exp, version, domain, s.FlowSetID); t != nil {
			recs, pad, err := DecodeFlowRecords(t, body, s.IPFIX)
			if err == nil {
				s.Template, s.Records = t, recs
				s.Data, s.Pad = body[:len(body)-len(pad)], pad
			}
		}
		return l, nil
	}
	rest, err := s.decodeTemplates(body)
	if err != nil {
		return 0, err
	}
	s.Pad = rest
	for i := range s.Templates {
		t := s.Templates[i]
		t.Fields = append([]FlowField(nil), t.Fields...)
		if len(t.Fields) == 0 {
			DefaultFlowTemplates.Remove(exp, version, domain, t.ID)
			continue
		}
		DefaultFlowTemplates.Add(exp, version, domain, &t)
	}
	return l, nil
}

// decodeFlowSets decodes the sets from data[o:] into *sets and returns
// where they end; a set that does not fit stops the list (the rest stays
// Raw) unless it is the first problem of a well-formed header.
func decodeFlowSets(sets *[]*FlowSet, data []byte, o int, exp netip.Addr, version uint16, domain uint32) (int, error) {
	old := *sets
	*sets = old[:0]
	for len(data)-o >= FlowSetHeaderLen {
		var s *FlowSet
		if k := len(*sets); k < cap(old) && old[:k+1][k] != nil {
			s = old[:k+1][k]
		} else {
			s = &FlowSet{}
		}
		l, err := s.decode(data[o:], exp, version, domain)
		if err != nil {
			return o, nil // the rest stays Raw
		}
		*sets = append(*sets, s)
		o += l
	}
	return o, nil
}

func flowSetsLen(sets []*FlowSet) int {
	n := 0
	for _, s := range sets {
		n += s.HeaderLen()
	}
	return n
}

func serializeFlowSets(b []byte, sets []*FlowSet) {
	for _, s := range sets {
		_ = s.SerializeTo(b, nil)
		b = b[s.HeaderLen():]
	}
}

func setFlowSets(dst *[]*FlowSet, v any) error {
	s, ok := v.([]*FlowSet)
	if !ok {
		return fmt.Errorf("flowsets: want []*layers.FlowSet, got %T: %w", v, packet.ErrMalformed)
	}
	*dst = s
	return nil
}

func formatFlowSets(sets []*FlowSet) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, s := range sets {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s.Summary())
		if s.kind() == FlowSetData {
			b.WriteByte(' ')
			b.WriteString(formatFlowRecords(s))
		} else {
			b.WriteByte(' ')
			b.WriteString(formatFlowTemplates(s))
		}
	}
	b.WriteByte(']')
	return b.String()
}

func jsonFlowSets(sets []*FlowSet) any {
	out := make([]map[string]any, 0, len(sets))
	for _, s := range sets {
		m := map[string]any{"name": s.Proto().Name, "flowSetID": s.FlowSetID, "length": s.Length.Value}
		if s.kind() == FlowSetData {
			m["records"] = jsonFlowRecords(s)
			if s.Template == nil {
				m["data"] = fmt.Sprintf("%x", s.Data)
			}
		} else {
			m["templates"] = jsonFlowTemplates(s)
		}
		out = append(out, m)
	}
	return out
}

func (s *FlowSet) decodeTemplates(b []byte) ([]byte, error) {
	opts := s.kind() == FlowSetOptions
	for len(b) >= 4 {
		t := FlowTemplate{ID: be16(b), Options: opts}
		if t.ID < 256 { // padding (zeros) or a bad template
			break
		}
		var n, scope int
		switch {
		case opts && s.IPFIX:
			if len(b) < 6 {
				return nil, packet.ErrTruncated
			}
			n, scope = int(be16(b[2:])), int(be16(b[4:]))
			b = b[6:]
		case opts:
			if len(b) < 6 {
				return nil, packet.ErrTruncated
			}
			sl, ol := int(be16(b[2:])), int(be16(b[4:]))
			if sl%4 != 0 || ol%4 != 0 {
				return nil, packet.ErrMalformed
			}
			scope, n = sl/4, sl/4+ol/4
			b = b[6:]
		default:
			n = int(be16(b[2:]))
			b = b[4:]
		}
		if scope > n {
			return nil, packet.ErrMalformed
		}
		t.ScopeCount = scope
		for range n {
			if len(b) < 4 {
				return nil, packet.ErrTruncated
			}
			f := FlowField{Type: be16(b), Length: be16(b[2:])}
			b = b[4:]
			if s.IPFIX && f.Type&0x8000 != 0 {
				if len(b) < 4 {
					return nil, packet.ErrTruncated
				}
				f.Type &= 0x7fff
				f.Enterprise = be32(b)
				b = b[4:]
				if f.Enterprise == 0 { // keep the bit through a round trip
					return nil, packet.ErrMalformed
				}
			}
			t.Fields = append(t.Fields, f)
		}
		s.Templates = append(s.Templates, t)
	}
	return b, nil
}

func init() {
	var rules []packet.BindingRule
	for _, port := range []uint64{NetflowPort, NetflowPortAlt, NetflowPort9995, NetflowPort9996} {
		rules = append(rules,
			packet.BindingRule{Lower: UDPType, Upper: NetflowHeaderType, Field: "dport", Value: port, DissectOnly: true},
			packet.BindingRule{Lower: UDPType, Upper: NetflowHeaderType, Field: "sport", Value: port, DissectOnly: true})
	}
	rules = append(rules,
		packet.BindingRule{Lower: NetflowHeaderType, Upper: NetflowHeaderV5Type, Field: "version", Value: 5},
		packet.BindingRule{Lower: NetflowHeaderType, Upper: NetflowHeaderV9Type, Field: "version", Value: 9})
	packet.Bind(rules...)
}

// NetFlow v1 (the original export format, still sent by some daemons):
// a 16-byte header (with the version) and 48-byte records.
//
//	|    Version = 1    |   Count   |   SysUptime   |   unix_secs   |
//	|   unix_nsecs   |
//
//	record: srcaddr(4) dstaddr(4) nexthop(4) input(2) output(2) dPkts(4)
//	dOctets(4) First(4) Last(4) srcport(2) dstport(2) pad(2) prot(1)
//	tos(1) flags(1) pad(3) reserved(4)
const (
	// NetflowHeaderV1Len is the v1 header after the version.
	NetflowHeaderV1Len = 14
	// NetflowRecordV1Len is one v1 record.
	NetflowRecordV1Len = 48
)

// NetflowRecordV1 is one NetFlow v1 record (Scapy's NetflowRecordV1
// field names; the flags byte and the bytes after it are padding1/2 there
// and kept as read).
type NetflowRecordV1 struct {
	IPSrc, IPDst, Nexthop      netip.Addr
	InputIfIndex, OutpuIfIndex uint16
	Dpkts, Dbytes              uint32
	StartTime, EndTime         uint32
	SrcPort, DstPort           uint16
	Padding                    uint16
	Proto, Tos                 uint8
	Padding1, Padding2         uint32
}

func (r *NetflowRecordV1) decode(b []byte) {
	r.IPSrc = netip.AddrFrom4([4]byte(b[0:4]))
	r.IPDst = netip.AddrFrom4([4]byte(b[4:8]))
	r.Nexthop = netip.AddrFrom4([4]byte(b[8:12]))
	r.InputIfIndex, r.OutpuIfIndex = be16(b[12:]), be16(b[14:])
	r.Dpkts, r.Dbytes = be32(b[16:]), be32(b[20:])
	r.StartTime, r.EndTime = be32(b[24:]), be32(b[28:])
	r.SrcPort, r.DstPort, r.Padding = be16(b[32:]), be16(b[34:]), be16(b[36:])
	r.Proto, r.Tos = b[38], b[39]
	r.Padding1, r.Padding2 = be32(b[40:]), be32(b[44:])
}

func (r *NetflowRecordV1) encode(b []byte) {
	put4(b[0:], r.IPSrc)
	put4(b[4:], r.IPDst)
	put4(b[8:], r.Nexthop)
	put16(b[12:], r.InputIfIndex)
	put16(b[14:], r.OutpuIfIndex)
	put32(b[16:], r.Dpkts)
	put32(b[20:], r.Dbytes)
	put32(b[24:], r.StartTime)
	put32(b[28:], r.EndTime)
	put16(b[32:], r.SrcPort)
	put16(b[34:], r.DstPort)
	put16(b[36:], r.Padding)
	b[38], b[39] = r.Proto, r.Tos
	put32(b[40:], r.Padding1)
	put32(b[44:], r.Padding2)
}

// NetflowHeaderV1 is the NetFlow v1 header after the version, with its
// records.
type NetflowHeaderV1 struct {
	Count           fields.Opt[uint16]
	SysUptime       uint32
	UnixSecs        uint32
	UnixNanoSeconds uint32
	Records         []NetflowRecordV1
}

var netflowV1Proto = &packet.Proto{
	Name: "NetflowHeaderV1", Doc: "NetFlow v1 header and records",
	New: func() packet.Layer { return new(NetflowHeaderV1) },
	Fields: []fields.Field{
		fields.AutoUintField("count", 16, func(n *NetflowHeaderV1) *fields.Opt[uint16] { return &n.Count }),
		fields.IntField("sysUptime", 0, func(n *NetflowHeaderV1) *uint32 { return &n.SysUptime }),
		fields.IntField("unixSecs", 0, func(n *NetflowHeaderV1) *uint32 { return &n.UnixSecs }),
		fields.IntField("unixNanoSeconds", 0, func(n *NetflowHeaderV1) *uint32 { return &n.UnixNanoSeconds }),
		fields.ListField("records", func(n *NetflowHeaderV1) any { return n.Records }, func(n *NetflowHeaderV1, v any) error {
			r, ok := v.([]NetflowRecordV1)
			if !ok {
				return fmt.Errorf("records: want []layers.NetflowRecordV1, got %T: %w", v, packet.ErrMalformed)
			}
			n.Records = r
			return nil
		}, func(n *NetflowHeaderV1) string {
			var b strings.Builder
			b.WriteByte('[')
			for i, r := range n.Records {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%s:%d > %s:%d proto %d", r.IPSrc, r.SrcPort, r.IPDst, r.DstPort, r.Proto)
			}
			b.WriteByte(']')
			return b.String()
		}, func(n *NetflowHeaderV1) any {
			out := make([]map[string]any, 0, len(n.Records))
			for _, r := range n.Records {
				out = append(out, map[string]any{"ipsrc": r.IPSrc.String(), "ipdst": r.IPDst.String(),
					"nexthop": r.Nexthop.String(), "inputIfIndex": r.InputIfIndex, "outpuIfIndex": r.OutpuIfIndex,
					"dpkts": r.Dpkts, "dbytes": r.Dbytes, "starttime": r.StartTime, "endtime": r.EndTime,
					"srcport": r.SrcPort, "dstport": r.DstPort, "proto": r.Proto, "tos": r.Tos})
			}
			return out
		}),
	},
	PostBuild: func(hdr []byte, l packet.Layer, _ *packet.BuildContext) error {
		if n := l.(*NetflowHeaderV1); !n.Count.Valid {
			put16(hdr, uint16(len(n.Records)))
		}
		return nil
	},
}

// NetflowHeaderV1Type is the registered type of NetflowHeaderV1.
var NetflowHeaderV1Type = packet.Register(netflowV1Proto)

func (n *NetflowHeaderV1) Proto() *packet.Proto         { return netflowV1Proto }
func (n *NetflowHeaderV1) Get(name string) (any, error) { return packet.GetField(n, name) }
func (n *NetflowHeaderV1) Set(name string, v any) error { return packet.SetField(n, name, v) }
func (n *NetflowHeaderV1) Show() string                 { return packet.ShowLayer(n) }
func (n *NetflowHeaderV1) HeaderLen() int {
	return NetflowHeaderV1Len + NetflowRecordV1Len*len(n.Records)
}
func (n *NetflowHeaderV1) Summary() string {
	return fmt.Sprintf("NetflowHeaderV1 count=%d", n.Count.Value)
}

// DecodeFromBytes decodes the header and every whole record after it.
func (n *NetflowHeaderV1) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < NetflowHeaderV1Len {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	n.Count = fields.Some(be16(data))
	n.SysUptime, n.UnixSecs, n.UnixNanoSeconds = be32(data[2:]), be32(data[6:]), be32(data[10:])
	n.Records = n.Records[:0]
	o := NetflowHeaderV1Len
	for len(data)-o >= NetflowRecordV1Len {
		n.Records = append(n.Records, NetflowRecordV1{})
		n.Records[len(n.Records)-1].decode(data[o:])
		o += NetflowRecordV1Len
	}
	return packet.DecodeResult{HeaderLen: o, PayloadLen: -1}, nil
}

func (n *NetflowHeaderV1) SerializeTo(b []byte, _ *packet.BuildContext) error {
	put16(b, n.Count.Value)
	put32(b[2:], n.SysUptime)
	put32(b[6:], n.UnixSecs)
	put32(b[10:], n.UnixNanoSeconds)
	for i := range n.Records {
		n.Records[i].encode(b[NetflowHeaderV1Len+NetflowRecordV1Len*i:])
	}
	return nil
}

func init() {
	packet.Bind(packet.BindingRule{Lower: NetflowHeaderType, Upper: NetflowHeaderV1Type, Field: "version", Value: 1})
}
