package layers

import (
	"fmt"
	"net/netip"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// IPFIX message header (RFC 7011 section 3.1), after the version number
// (10) that NetflowHeader holds:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|       Version Number          |            Length             |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                           Export Time                         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                       Sequence Number                         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                    Observation Domain ID                      |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Sets follow: ID 2 templates, 3 options templates (section 3.4.2.2:
// Template ID, Field Count, Scope Field Count, then field specifiers with
// the enterprise bit and number), 256 and up data records; variable-length
// fields (length 65535) carry a 1- or 3-byte length in each record
// (section 7). The sets share the FlowSet type with NetFlow v9.
const (
	// NetflowHeaderV10Len is the IPFIX header after the version.
	NetflowHeaderV10Len = 14
	// IPFIXPort is the IANA port of IPFIX collectors.
	IPFIXPort = 4739
)

// NetflowHeaderV10 is the IPFIX message header after the version.
type NetflowHeaderV10 struct {
	// Length is the whole message, version included (RFC 7011).
	Length              fields.Opt[uint16]
	ExportTime          uint32
	FlowSequence        uint32
	ObservationDomainID uint32
	// FlowSets are the sets of the message (see NetflowHeaderV9).
	FlowSets []*FlowSet
}

var netflowV10Proto = &packet.Proto{
	Name: "NetflowHeaderV10", Aliases: []string{"IPFIX"}, Doc: "IPFIX message header (RFC 7011), with template and data sets",
	New: func() packet.Layer { return new(NetflowHeaderV10) },
	Fields: []fields.Field{
		fields.AutoUintField("length", 16, func(n *NetflowHeaderV10) *fields.Opt[uint16] { return &n.Length }),
		fields.IntField("ExportTime", 0, func(n *NetflowHeaderV10) *uint32 { return &n.ExportTime }),
		fields.IntField("flowSequence", 0, func(n *NetflowHeaderV10) *uint32 { return &n.FlowSequence }),
		fields.IntField("ObservationDomainID", 0, func(n *NetflowHeaderV10) *uint32 { return &n.ObservationDomainID }),
		fields.ListField("flowsets", func(n *NetflowHeaderV10) any { return n.FlowSets },
			func(n *NetflowHeaderV10, v any) error { return setFlowSets(&n.FlowSets, v) },
			func(n *NetflowHeaderV10) string { return formatFlowSets(n.FlowSets) },
			func(n *NetflowHeaderV10) any { return jsonFlowSets(n.FlowSets) }),
	},
	PostBuild: func(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
		if n := l.(*NetflowHeaderV10); !n.Length.Valid {
			total := len(hdr) + len(ctx.Payload())
			if _, ok := ctx.Prev().(*NetflowHeader); ok {
				total += NetflowHeaderLen
			}
			put16(hdr, uint16(total))
		}
		return nil
	},
}

// NetflowHeaderV10Type is the registered type of NetflowHeaderV10.
var NetflowHeaderV10Type = packet.Register(netflowV10Proto)

var ipfixOptionsProto = newFlowSetProto("NetflowOptionsFlowset10", "IPFIX options template set", true)

// NetflowOptionsFlowset10Type is the registered type of IPFIX options
// template sets.
var NetflowOptionsFlowset10Type = packet.Register(ipfixOptionsProto)

func (n *NetflowHeaderV10) Proto() *packet.Proto         { return netflowV10Proto }
func (n *NetflowHeaderV10) Get(name string) (any, error) { return packet.GetField(n, name) }
func (n *NetflowHeaderV10) Set(name string, v any) error { return packet.SetField(n, name, v) }
func (n *NetflowHeaderV10) Show() string                 { return packet.ShowLayer(n) }
func (n *NetflowHeaderV10) HeaderLen() int {
	return NetflowHeaderV10Len + flowSetsLen(n.FlowSets)
}
func (n *NetflowHeaderV10) Summary() string {
	return fmt.Sprintf("IPFIX len=%d domain=%d seq=%d", n.Length.Value, n.ObservationDomainID, n.FlowSequence)
}

// DecodeFromBytes decodes the header; the message ends where its length
// says, and sets follow.
func (n *NetflowHeaderV10) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < NetflowHeaderV10Len {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	l := int(be16(data))
	n.Length = fields.Some(uint16(l))
	n.ExportTime = be32(data[2:])
	n.FlowSequence = be32(data[6:])
	n.ObservationDomainID = be32(data[10:])
	pl := l - NetflowHeaderLen - NetflowHeaderV10Len
	if pl < 0 {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	msg := data
	if NetflowHeaderV10Len+pl < len(msg) {
		msg = msg[:NetflowHeaderV10Len+pl]
	}
	var exp netip.Addr
	if ctx != nil {
		exp, _, _ = flowContext(ctx.Packet)
	}
	o, err := decodeFlowSets(&n.FlowSets, msg, NetflowHeaderV10Len, exp, 10, n.ObservationDomainID)
	return packet.DecodeResult{HeaderLen: o, PayloadLen: pl - (o - NetflowHeaderV10Len)}, err
}

func (n *NetflowHeaderV10) SerializeTo(b []byte, _ *packet.BuildContext) error {
	put16(b, n.Length.Value)
	put32(b[2:], n.ExportTime)
	put32(b[6:], n.FlowSequence)
	put32(b[10:], n.ObservationDomainID)
	serializeFlowSets(b[NetflowHeaderV10Len:], n.FlowSets)
	return nil
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: NetflowHeaderType, Upper: NetflowHeaderV10Type, Field: "version", Value: 10},
		packet.BindingRule{Lower: UDPType, Upper: NetflowHeaderType, Field: "dport", Value: IPFIXPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: NetflowHeaderType, Field: "sport", Value: IPFIXPort, DissectOnly: true},
	)
}
