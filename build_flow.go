package goscapy

import (
	"fmt"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// NetflowHeaderBuilder builds the version number that starts a NetFlow or
// IPFIX export packet; left unset it comes from the header above it (5,
// 9 or 10), as Scapy's binding fills it.
//
//	pkt, err := goscapy.NewIP().DstIP("192.0.2.9").
//		Over(goscapy.NewUDP().SrcPort(2055).DstPort(2055)).
//		Over(goscapy.NewNetflowHeader()).
//		Over(goscapy.NewNetflowV5().FlowSequence(7)).
//		Over(goscapy.NewNetflowRecordV5().Src("10.0.0.1").Dst("10.0.0.2").Ports(1234, 80)).
//		Build()
type NetflowHeaderBuilder struct{ base[*layers.NetflowHeader] }

// NewNetflowHeader starts a version field.
func NewNetflowHeader() *NetflowHeaderBuilder {
	return &NetflowHeaderBuilder{base[*layers.NetflowHeader]{l: new(layers.NetflowHeader)}}
}

// Version sets the version explicitly.
func (b *NetflowHeaderBuilder) Version(v uint16) *NetflowHeaderBuilder {
	b.l.Version = fields.Some(v)
	return b
}

// NetflowV1Builder builds a NetFlow v1 header with its records.
type NetflowV1Builder struct{ base[*layers.NetflowHeaderV1] }

// NewNetflowV1 starts a NetFlow v1 header (count computed).
func NewNetflowV1() *NetflowV1Builder {
	return &NetflowV1Builder{base[*layers.NetflowHeaderV1]{l: new(layers.NetflowHeaderV1)}}
}

// SysUptime sets the exporter's uptime in milliseconds.
func (b *NetflowV1Builder) SysUptime(v uint32) *NetflowV1Builder { b.l.SysUptime = v; return b }

// UnixSecs sets the export time, seconds.
func (b *NetflowV1Builder) UnixSecs(v uint32) *NetflowV1Builder { b.l.UnixSecs = v; return b }

// Record appends a record.
func (b *NetflowV1Builder) Record(r layers.NetflowRecordV1) *NetflowV1Builder {
	b.l.Records = append(b.l.Records, r)
	return b
}

// NetflowV5Builder builds a NetFlow v5 header. Records are NetflowRecordV5
// layers put over it (Scapy's layering) or appended with Record.
type NetflowV5Builder struct{ base[*layers.NetflowHeaderV5] }

// NewNetflowV5 starts a NetFlow v5 header with Scapy's defaults (all zero,
// count computed).
func NewNetflowV5() *NetflowV5Builder {
	return &NetflowV5Builder{base[*layers.NetflowHeaderV5]{l: new(layers.NetflowHeaderV5)}}
}

// Count sets the record count explicitly.
func (b *NetflowV5Builder) Count(v uint16) *NetflowV5Builder { b.l.Count = fields.Some(v); return b }

// SysUptime sets the exporter's uptime in milliseconds.
func (b *NetflowV5Builder) SysUptime(v uint32) *NetflowV5Builder { b.l.SysUptime = v; return b }

// UnixSecs sets the export time, seconds.
func (b *NetflowV5Builder) UnixSecs(v uint32) *NetflowV5Builder { b.l.UnixSecs = v; return b }

// UnixNanoSeconds sets the export time's nanoseconds.
func (b *NetflowV5Builder) UnixNanoSeconds(v uint32) *NetflowV5Builder {
	b.l.UnixNanoSeconds = v
	return b
}

// FlowSequence sets the sequence number of the first record.
func (b *NetflowV5Builder) FlowSequence(v uint32) *NetflowV5Builder { b.l.FlowSequence = v; return b }

// Engine sets the engine type and ID.
func (b *NetflowV5Builder) Engine(typ, id uint8) *NetflowV5Builder {
	b.l.EngineType, b.l.EngineID = typ, id
	return b
}

// SamplingInterval sets the sampling mode and interval field.
func (b *NetflowV5Builder) SamplingInterval(v uint16) *NetflowV5Builder {
	b.l.SamplingInterval = v
	return b
}

// Record appends a record inside the header.
func (b *NetflowV5Builder) Record(r *NetflowRecordV5Builder) *NetflowV5Builder {
	if r.err != nil && b.err == nil {
		b.err = r.err
	}
	b.l.Records = append(b.l.Records, *r.l)
	return b
}

// NetflowRecordV5Builder builds one NetFlow v5 record.
type NetflowRecordV5Builder struct{ base[*layers.NetflowRecordV5] }

// NewNetflowRecordV5 starts a record with Scapy's defaults (127.0.0.1 to
// 127.0.0.1, one TCP packet of 60 bytes, flags S).
func NewNetflowRecordV5() *NetflowRecordV5Builder {
	return &NetflowRecordV5Builder{base[*layers.NetflowRecordV5]{l: layers.NewNetflowRecordV5()}}
}

// Src sets the source address.
func (b *NetflowRecordV5Builder) Src(a any) *NetflowRecordV5Builder {
	b.l.Src = b.ipAddr("src", a, false)
	return b
}

// Dst sets the destination address.
func (b *NetflowRecordV5Builder) Dst(a any) *NetflowRecordV5Builder {
	b.l.Dst = b.ipAddr("dst", a, false)
	return b
}

// Nexthop sets the next-hop router's address.
func (b *NetflowRecordV5Builder) Nexthop(a any) *NetflowRecordV5Builder {
	b.l.Nexthop = b.ipAddr("nexthop", a, false)
	return b
}

// Ports sets the source and destination ports.
func (b *NetflowRecordV5Builder) Ports(src, dst uint16) *NetflowRecordV5Builder {
	b.l.SrcPort, b.l.DstPort = src, dst
	return b
}

// Interfaces sets the SNMP input and output interface indexes.
func (b *NetflowRecordV5Builder) Interfaces(in, out uint16) *NetflowRecordV5Builder {
	b.l.Input, b.l.Output = in, out
	return b
}

// Counters sets the packet and octet counts.
func (b *NetflowRecordV5Builder) Counters(pkts, octets uint32) *NetflowRecordV5Builder {
	b.l.Dpkts, b.l.DOctets = pkts, octets
	return b
}

// Times sets the uptime at the first and last packet.
func (b *NetflowRecordV5Builder) Times(first, last uint32) *NetflowRecordV5Builder {
	b.l.First, b.l.Last = first, last
	return b
}

// TCPFlags sets the OR of the TCP flags seen.
func (b *NetflowRecordV5Builder) TCPFlags(v uint8) *NetflowRecordV5Builder {
	b.l.TCPFlags = v
	return b
}

// Prot sets the IP protocol.
func (b *NetflowRecordV5Builder) Prot(v uint8) *NetflowRecordV5Builder { b.l.Prot = v; return b }

// Tos sets the type of service.
func (b *NetflowRecordV5Builder) Tos(v uint8) *NetflowRecordV5Builder { b.l.Tos = v; return b }

// AS sets the source and destination AS numbers.
func (b *NetflowRecordV5Builder) AS(src, dst uint16) *NetflowRecordV5Builder {
	b.l.SrcAS, b.l.DstAS = src, dst
	return b
}

// Masks sets the source and destination prefix lengths.
func (b *NetflowRecordV5Builder) Masks(src, dst uint8) *NetflowRecordV5Builder {
	b.l.SrcMask, b.l.DstMask = src, dst
	return b
}

// FlowSetsBuilder adds template, options template and data sets to a
// NetFlow v9 or IPFIX header.
type flowSets struct {
	sets  *[]*layers.FlowSet
	ipfix bool
	err   *error
}

func (f flowSets) template(id uint16, fs []layers.FlowField) {
	s := layers.NewFlowSet(0, f.ipfix)
	if f.ipfix {
		s.FlowSetID = 2
	}
	s.Templates = []layers.FlowTemplate{{ID: id, Fields: fs}}
	*f.sets = append(*f.sets, s)
}

func (f flowSets) options(id uint16, scope, opts []layers.FlowField) {
	sid := uint16(1)
	if f.ipfix {
		sid = 3
	}
	s := layers.NewFlowSet(sid, f.ipfix)
	s.Templates = []layers.FlowTemplate{{ID: id, Options: true, ScopeCount: len(scope), Fields: append(append([]layers.FlowField(nil), scope...), opts...)}}
	*f.sets = append(*f.sets, s)
}

func (f flowSets) data(id uint16, data []byte) {
	if id < 256 && *f.err == nil {
		*f.err = &packet.BuildError{Layer: "NetflowDataflowsetV9", Field: "templateID", Value: fmt.Sprint(id), Err: fields.ErrBadValue}
	}
	s := layers.NewFlowSet(id, f.ipfix)
	s.Data = data
	*f.sets = append(*f.sets, s)
}

func (f flowSets) records(t *layers.FlowTemplate, values [][]byte) {
	var data []byte
	var err error
	per := len(t.Fields)
	if per == 0 || len(values)%per != 0 {
		if *f.err == nil {
			*f.err = &packet.BuildError{Layer: "NetflowDataflowsetV9", Field: "records", Value: fmt.Sprint(len(values)), Err: fields.ErrBadValue}
		}
		return
	}
	for i := 0; i < len(values); i += per {
		if data, err = layers.EncodeFlowRecord(data, t, values[i:i+per]...); err != nil && *f.err == nil {
			*f.err = err
		}
	}
	f.data(t.ID, data)
}

// NetflowV9Builder builds a NetFlow v9 header with its flowsets.
type NetflowV9Builder struct{ base[*layers.NetflowHeaderV9] }

// NewNetflowV9 starts a NetFlow v9 header (count computed).
func NewNetflowV9() *NetflowV9Builder {
	return &NetflowV9Builder{base[*layers.NetflowHeaderV9]{l: new(layers.NetflowHeaderV9)}}
}

func (b *NetflowV9Builder) sets() flowSets { return flowSets{&b.l.FlowSets, false, &b.err} }

// Count sets the flowset count explicitly.
func (b *NetflowV9Builder) Count(v uint16) *NetflowV9Builder { b.l.Count = fields.Some(v); return b }

// SysUptime sets the exporter's uptime in milliseconds.
func (b *NetflowV9Builder) SysUptime(v uint32) *NetflowV9Builder { b.l.SysUptime = v; return b }

// UnixSecs sets the export time, seconds.
func (b *NetflowV9Builder) UnixSecs(v uint32) *NetflowV9Builder { b.l.UnixSecs = v; return b }

// PackageSequence sets the packet's sequence number.
func (b *NetflowV9Builder) PackageSequence(v uint32) *NetflowV9Builder {
	b.l.PackageSequence = v
	return b
}

// SourceID sets the exporter's source ID.
func (b *NetflowV9Builder) SourceID(v uint32) *NetflowV9Builder { b.l.SourceID = v; return b }

// Template adds a template flowset with one template.
func (b *NetflowV9Builder) Template(id uint16, fs ...layers.FlowField) *NetflowV9Builder {
	b.sets().template(id, fs)
	return b
}

// OptionsTemplate adds an options template flowset.
func (b *NetflowV9Builder) OptionsTemplate(id uint16, scope, opts []layers.FlowField) *NetflowV9Builder {
	b.sets().options(id, scope, opts)
	return b
}

// Data adds a data flowset of template id with records already encoded.
func (b *NetflowV9Builder) Data(id uint16, data []byte) *NetflowV9Builder {
	b.sets().data(id, data)
	return b
}

// Records adds a data flowset of template t: values holds one value per
// template field for each record, record after record.
func (b *NetflowV9Builder) Records(t *layers.FlowTemplate, values ...[]byte) *NetflowV9Builder {
	b.sets().records(t, values)
	return b
}

// IPFIXBuilder builds an IPFIX message header (RFC 7011) with its sets.
type IPFIXBuilder struct{ base[*layers.NetflowHeaderV10] }

// NewIPFIX starts an IPFIX header (length computed).
func NewIPFIX() *IPFIXBuilder {
	return &IPFIXBuilder{base[*layers.NetflowHeaderV10]{l: new(layers.NetflowHeaderV10)}}
}

func (b *IPFIXBuilder) sets() flowSets { return flowSets{&b.l.FlowSets, true, &b.err} }

// Length sets the message length explicitly.
func (b *IPFIXBuilder) Length(v uint16) *IPFIXBuilder { b.l.Length = fields.Some(v); return b }

// ExportTime sets the export time, seconds.
func (b *IPFIXBuilder) ExportTime(v uint32) *IPFIXBuilder { b.l.ExportTime = v; return b }

// FlowSequence sets the sequence number.
func (b *IPFIXBuilder) FlowSequence(v uint32) *IPFIXBuilder { b.l.FlowSequence = v; return b }

// ObservationDomainID sets the observation domain.
func (b *IPFIXBuilder) ObservationDomainID(v uint32) *IPFIXBuilder {
	b.l.ObservationDomainID = v
	return b
}

// Template adds a template set with one template.
func (b *IPFIXBuilder) Template(id uint16, fs ...layers.FlowField) *IPFIXBuilder {
	b.sets().template(id, fs)
	return b
}

// OptionsTemplate adds an options template set.
func (b *IPFIXBuilder) OptionsTemplate(id uint16, scope, opts []layers.FlowField) *IPFIXBuilder {
	b.sets().options(id, scope, opts)
	return b
}

// Data adds a data set of template id with records already encoded.
func (b *IPFIXBuilder) Data(id uint16, data []byte) *IPFIXBuilder {
	b.sets().data(id, data)
	return b
}

// Records adds a data set of template t (one value per field per record;
// variable-length fields get their length prefix).
func (b *IPFIXBuilder) Records(t *layers.FlowTemplate, values ...[]byte) *IPFIXBuilder {
	b.sets().records(t, values)
	return b
}

// RTPBuilder builds an RTP header.
//
//	pkt, err := goscapy.NewUDP().SrcPort(6000).DstPort(6000).
//		Over(goscapy.NewRTP().PayloadType(8).Sequence(1).Timestamp(160).SourceSync(0x1234)).
//		Over(goscapy.NewRaw(make([]byte, 160))).Build()
type RTPBuilder struct{ base[*layers.RTP] }

// NewRTP starts an RTP header with Scapy's defaults (version 2, all else 0).
func NewRTP() *RTPBuilder { return &RTPBuilder{base[*layers.RTP]{l: layers.NewRTP()}} }

// PayloadType sets the payload type (7 bits: 0 PCMU, 8 PCMA, ...).
func (b *RTPBuilder) PayloadType(v uint8) *RTPBuilder {
	if v > 127 {
		b.fail("payload_type", v, fields.ErrBadValue)
	}
	b.l.PayloadType = v & 0x7f
	return b
}

// Marker sets the marker bit.
func (b *RTPBuilder) Marker(on bool) *RTPBuilder { b.l.Marker = flowBit(on); return b }

// Padding sets the padding bit (the padding itself is the payload's).
func (b *RTPBuilder) Padding(on bool) *RTPBuilder { b.l.Padding = flowBit(on); return b }

// Extension sets the extension bit; put an RTPExtension over the header.
func (b *RTPBuilder) Extension(on bool) *RTPBuilder { b.l.Extension = flowBit(on); return b }

// Sequence sets the sequence number.
func (b *RTPBuilder) Sequence(v uint16) *RTPBuilder { b.l.Sequence = v; return b }

// Timestamp sets the media timestamp.
func (b *RTPBuilder) Timestamp(v uint32) *RTPBuilder { b.l.Timestamp = v; return b }

// SourceSync sets the SSRC.
func (b *RTPBuilder) SourceSync(v uint32) *RTPBuilder { b.l.SourceSync = v; return b }

// CSRCs sets the contributing sources (up to 15; the count is computed).
func (b *RTPBuilder) CSRCs(v ...uint32) *RTPBuilder {
	if len(v) > 15 {
		b.fail("sync", len(v), fields.ErrBadValue)
		v = v[:15]
	}
	b.l.Sync = v
	return b
}

func flowBit(on bool) uint8 {
	if on {
		return 1
	}
	return 0
}

// RTPExtensionBuilder builds an RTP header extension.
type RTPExtensionBuilder struct{ base[*layers.RTPExtension] }

// NewRTPExtension starts an extension with profile ID id and the words.
func NewRTPExtension(id uint16, words ...uint32) *RTPExtensionBuilder {
	return &RTPExtensionBuilder{base[*layers.RTPExtension]{l: &layers.RTPExtension{HeaderID: id, Header: words}}}
}

// RTCPBuilder builds one RTCP packet; put several over each other for a
// compound packet.
type RTCPBuilder struct{ base[*layers.RTCP] }

func newRTCP(pt uint8) *RTCPBuilder {
	r := layers.NewRTCP()
	r.PacketType = pt
	return &RTCPBuilder{base[*layers.RTCP]{l: r}}
}

func (b *RTCPBuilder) body(app []byte) *RTCPBuilder {
	if err := b.l.BuildRTCPBody(app); err != nil && b.err == nil {
		b.err = &packet.BuildError{Layer: "RTCP", Err: err}
	}
	return b
}

// NewRTCPSR starts a sender report.
func NewRTCPSR(ssrc uint32, info layers.RTCPSenderInfo, blocks ...layers.RTCPReportBlock) *RTCPBuilder {
	b := newRTCP(layers.RTCPSR)
	b.l.SourceSync, b.l.SenderInfo, b.l.ReportBlocks = ssrc, info, blocks
	return b.body(nil)
}

// NewRTCPRR starts a receiver report.
func NewRTCPRR(ssrc uint32, blocks ...layers.RTCPReportBlock) *RTCPBuilder {
	b := newRTCP(layers.RTCPRR)
	b.l.SourceSync, b.l.ReportBlocks = ssrc, blocks
	return b.body(nil)
}

// NewRTCPSDES starts a source description.
func NewRTCPSDES(chunks ...layers.RTCPSDESChunk) *RTCPBuilder {
	b := newRTCP(layers.RTCPSDES)
	b.l.Chunks = chunks
	return b.body(nil)
}

// NewRTCPBYE starts a BYE with an optional reason.
func NewRTCPBYE(reason string, ssrcs ...uint32) *RTCPBuilder {
	b := newRTCP(layers.RTCPBYE)
	b.l.ByeSSRCs, b.l.Reason = ssrcs, reason
	return b.body(nil)
}

// NewRTCPAPP starts an application-defined packet (name of 4 characters).
func NewRTCPAPP(ssrc uint32, subtype uint8, name string, data []byte) *RTCPBuilder {
	b := newRTCP(layers.RTCPAPP)
	b.l.SourceSync, b.l.AppName, b.l.Count = ssrc, name, subtype&0x1f
	b.body(data)
	b.l.Count = subtype & 0x1f
	return b
}

// SIPBuilder builds a SIP request or response.
//
//	inv, err := goscapy.NewSIPRequest("INVITE", "sip:bob@192.0.2.2").
//		Header("Via", "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1").
//		Header("Call-ID", "1@192.0.2.1").Header("CSeq", "1 INVITE").
//		Body("application/sdp", sdp).Build()
type SIPBuilder struct{ base[*layers.SIP] }

// NewSIPRequest starts a request line.
func NewSIPRequest(method, uri string) *SIPBuilder {
	s := layers.NewSIP()
	s.Method, s.URI = method, uri
	return &SIPBuilder{base[*layers.SIP]{l: s}}
}

// NewSIPResponse starts a status line.
func NewSIPResponse(code uint16, reason string) *SIPBuilder {
	s := layers.NewSIP()
	s.StatusCode, s.Reason = code, reason
	return &SIPBuilder{base[*layers.SIP]{l: s}}
}

// Header appends a header field.
func (b *SIPBuilder) Header(name, value string) *SIPBuilder { b.l.AddHeader(name, value); return b }

// Body sets the body with its Content-Type and Content-Length headers.
func (b *SIPBuilder) Body(contentType string, body []byte) *SIPBuilder {
	b.l.AddHeader("Content-Type", contentType)
	b.l.AddHeader("Content-Length", fmt.Sprint(len(body)))
	b.l.Body = body
	return b
}
