package layers

import (
	"fmt"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// RTCP packet (RFC 3550 section 6.4): a common header, then a body that
// depends on the packet type; several packets make a compound packet,
// each its own RTCP layer.
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|V=2|P|    RC   |   PT=SR=200   |             length            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                         SSRC of sender                        |
//	+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//	|  SR: NTP timestamp (64), RTP timestamp, packet count, octets  |
//	+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//	|  report blocks (24 bytes each): SSRC, fraction lost (8),      |
//	|  cumulative lost (24), highest seq, jitter, LSR, DLSR         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// length is the packet's size in 32-bit words minus one. RR (201) has no
// sender info; SDES (202) holds RC chunks of an SSRC and items (type,
// length, text) ended by a zero byte and padded to 32 bits; BYE (203)
// lists RC SSRCs and an optional reason; APP (204) an SSRC, a 4-character
// name and data.
const (
	RTCPLen = 4 // the common header

	RTCPSR   = 200
	RTCPRR   = 201
	RTCPSDES = 202
	RTCPBYE  = 203
	RTCPAPP  = 204
)

// RTCPTypeNames names the packet types as Scapy's contrib RTCP.
var RTCPTypeNames = map[uint64]string{200: "Sender report", 201: "Receiver report", 202: "Source description", 203: "BYE", 204: "APP"}

// RTCPSDESNames names the SDES item types (RFC 3550 section 6.5).
var RTCPSDESNames = map[uint64]string{0: "END", 1: "CNAME", 2: "NAME", 3: "EMAIL", 4: "PHONE", 5: "LOC", 6: "TOOL", 7: "NOTE", 8: "PRIV"}

// RTCPSenderInfo is the sender information of an SR.
type RTCPSenderInfo struct {
	NTPTimestamp uint64
	RTPTimestamp uint32
	PacketCount  uint32
	OctetCount   uint32
}

// RTCPReportBlock is one reception report block.
type RTCPReportBlock struct {
	SourceSync         uint32
	FractionLost       uint8
	CumulativeLost     uint32 // 24 bits
	HighestSeqnumRecv  uint32
	InterarrivalJitter uint32
	LastSRTimestamp    uint32
	DelaySinceLastSR   uint32
}

// RTCPSDESItem is one SDES item.
type RTCPSDESItem struct {
	Type  uint8
	Value []byte
}

// RTCPSDESChunk is one SDES chunk.
type RTCPSDESChunk struct {
	SourceSync uint32
	Items      []RTCPSDESItem
}

// RTCP is one RTCP packet. Body holds everything after the common header
// as received or built; the views (SourceSync, SenderInfo, ReportBlocks,
// Chunks, ByeSSRCs, Reason, AppName) are decoded from it. BuildRTCPBody
// makes a body from views.
type RTCP struct {
	Version    uint8
	Padding    uint8
	Count      uint8
	PacketType uint8
	Length     fields.Opt[uint16]
	Body       []byte

	SourceSync   uint32
	SenderInfo   RTCPSenderInfo
	ReportBlocks []RTCPReportBlock
	Chunks       []RTCPSDESChunk
	ByeSSRCs     []uint32
	Reason       string
	AppName      string
}

var rtcpProto = &packet.Proto{
	Name: "RTCP", Doc: "RTCP (RFC 3550): SR, RR, SDES, BYE, APP, compound packets",
	New: func() packet.Layer { return NewRTCP() },
	Fields: []fields.Field{
		fields.BitField("version", 2, uint8(2), func(r *RTCP) *uint8 { return &r.Version }),
		fields.BitField("padding", 1, uint8(0), func(r *RTCP) *uint8 { return &r.Padding }),
		fields.BitField("count", 5, uint8(0), func(r *RTCP) *uint8 { return &r.Count }),
		fields.EnumField("packet_type", 8, uint8(0), RTCPTypeNames, func(r *RTCP) *uint8 { return &r.PacketType }),
		fields.AutoUintField("length", 16, func(r *RTCP) *fields.Opt[uint16] { return &r.Length }),
		fields.WithFormat(fields.IntField("sourcesync", 0, func(r *RTCP) *uint32 { return &r.SourceSync }).
			When(func(l any) bool { t := l.(*RTCP).PacketType; return t == RTCPSR || t == RTCPRR || t == RTCPAPP }),
			func(r *RTCP) string { return fmt.Sprintf("%#x", r.SourceSync) }),
		fields.ListField("sender_info", func(r *RTCP) any { return r.SenderInfo }, nil,
			func(r *RTCP) string {
				s := r.SenderInfo
				return fmt.Sprintf("ntp_timestamp=%#x rtp_timestamp=%d sender_packet_count=%d sender_octet_count=%d",
					s.NTPTimestamp, s.RTPTimestamp, s.PacketCount, s.OctetCount)
			}, func(r *RTCP) any {
				s := r.SenderInfo
				return map[string]any{"ntp_timestamp": s.NTPTimestamp, "rtp_timestamp": s.RTPTimestamp,
					"sender_packet_count": s.PacketCount, "sender_octet_count": s.OctetCount}
			}).When(func(l any) bool { return l.(*RTCP).PacketType == RTCPSR }),
		fields.ListField("report_blocks", func(r *RTCP) any { return r.ReportBlocks }, nil, formatRTCPBlocks, jsonRTCPBlocks).
			When(func(l any) bool { t := l.(*RTCP).PacketType; return t == RTCPSR || t == RTCPRR }),
		fields.ListField("sdes_chunks", func(r *RTCP) any { return r.Chunks }, nil, formatRTCPChunks, jsonRTCPChunks).
			When(func(l any) bool { return l.(*RTCP).PacketType == RTCPSDES }),
		fields.ListField("ssrcs", func(r *RTCP) any { return r.ByeSSRCs }, nil,
			func(r *RTCP) string { return fmt.Sprint(r.ByeSSRCs) }, func(r *RTCP) any { return r.ByeSSRCs }).
			When(func(l any) bool { return l.(*RTCP).PacketType == RTCPBYE }),
		fields.StrField("reason", "", func(r *RTCP) *string { return &r.Reason }).
			When(func(l any) bool { return l.(*RTCP).PacketType == RTCPBYE }),
		fields.StrField("name", "", func(r *RTCP) *string { return &r.AppName }).
			When(func(l any) bool { return l.(*RTCP).PacketType == RTCPAPP }),
		fields.BytesField("body", func(r *RTCP) *[]byte { return &r.Body }),
	},
	PostBuild: func(hdr []byte, l packet.Layer, _ *packet.BuildContext) error {
		if r := l.(*RTCP); !r.Length.Valid {
			put16(hdr[2:], uint16((len(hdr)+3)/4-1))
		}
		return nil
	},
}

// RTCPType is the registered type of RTCP.
var RTCPType = packet.Register(rtcpProto)

// NewRTCP returns an RTCP packet of version 2.
func NewRTCP() *RTCP { return &RTCP{Version: 2} }

func (r *RTCP) Proto() *packet.Proto         { return rtcpProto }
func (r *RTCP) Get(name string) (any, error) { return packet.GetField(r, name) }
func (r *RTCP) Set(name string, v any) error { return packet.SetField(r, name, v) }
func (r *RTCP) Show() string                 { return packet.ShowLayer(r) }
func (r *RTCP) HeaderLen() int               { return RTCPLen + len(r.Body) }

// Summary is "RTCP Sender report ssrc=0x..".
func (r *RTCP) Summary() string {
	n, ok := RTCPTypeNames[uint64(r.PacketType)]
	if !ok {
		n = fmt.Sprintf("type %d", r.PacketType)
	}
	return "RTCP " + n
}

func formatRTCPBlocks(r *RTCP) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, x := range r.ReportBlocks {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "ssrc=%#x lost=%d/%d highest=%d jitter=%d lsr=%#x dlsr=%d", x.SourceSync, x.FractionLost,
			x.CumulativeLost, x.HighestSeqnumRecv, x.InterarrivalJitter, x.LastSRTimestamp, x.DelaySinceLastSR)
	}
	b.WriteByte(']')
	return b.String()
}

func jsonRTCPBlocks(r *RTCP) any {
	out := make([]map[string]any, 0, len(r.ReportBlocks))
	for _, x := range r.ReportBlocks {
		out = append(out, map[string]any{"sourcesync": x.SourceSync, "fraction_lost": x.FractionLost,
			"cumulative_lost": x.CumulativeLost, "highest_seqnum_recv": x.HighestSeqnumRecv,
			"interarrival_jitter": x.InterarrivalJitter, "last_SR_timestamp": x.LastSRTimestamp,
			"delay_since_last_SR": x.DelaySinceLastSR})
	}
	return out
}

func formatRTCPChunks(r *RTCP) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, c := range r.Chunks {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "ssrc=%#x", c.SourceSync)
		for _, it := range c.Items {
			n, ok := RTCPSDESNames[uint64(it.Type)]
			if !ok {
				n = fmt.Sprint(it.Type)
			}
			fmt.Fprintf(&b, " %s=%q", n, it.Value)
		}
	}
	b.WriteByte(']')
	return b.String()
}

func jsonRTCPChunks(r *RTCP) any {
	out := make([]map[string]any, 0, len(r.Chunks))
	for _, c := range r.Chunks {
		items := make([]map[string]any, 0, len(c.Items))
		for _, it := range c.Items {
			items = append(items, map[string]any{"chunk_type": it.Type, "value": string(it.Value)})
		}
		out = append(out, map[string]any{"sourcesync": c.SourceSync, "items": items})
	}
	return out
}

// DecodeFromBytes decodes one packet; another RTCP packet follows while
// bytes remain (compound packets).
func (r *RTCP) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < RTCPLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	r.Version = data[0] >> 6
	if r.Version != 2 {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	r.Padding = data[0] >> 5 & 1
	r.Count = data[0] & 0x1f
	r.PacketType = data[1]
	l := int(be16(data[2:]))
	r.Length = fields.Some(uint16(l))
	n := 4 * (l + 1)
	if n > len(data) {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	r.Body = data[RTCPLen:n]
	if err := r.decodeBody(); err != nil {
		return packet.DecodeResult{}, err
	}
	var next packet.LayerType
	if len(data) > n {
		next = RTCPType
	}
	return packet.DecodeResult{HeaderLen: n, PayloadLen: -1, Next: next}, nil
}

func (r *RTCP) decodeBody() error {
	b := r.Body
	if r.Padding != 0 && len(b) > 0 {
		p := int(b[len(b)-1])
		if p == 0 || p > len(b) {
			return packet.ErrMalformed
		}
		b = b[:len(b)-p]
	}
	r.SourceSync, r.SenderInfo = 0, RTCPSenderInfo{}
	r.ReportBlocks, r.Chunks, r.ByeSSRCs, r.Reason, r.AppName = r.ReportBlocks[:0], r.Chunks[:0], r.ByeSSRCs[:0], "", ""
	switch r.PacketType {
	case RTCPSR, RTCPRR:
		need := 4 + 24*int(r.Count)
		if r.PacketType == RTCPSR {
			need += 20
		}
		if len(b) < need {
			return packet.ErrTruncated
		}
		r.SourceSync = be32(b)
		b = b[4:]
		if r.PacketType == RTCPSR {
			r.SenderInfo = RTCPSenderInfo{uint64(be32(b))<<32 | uint64(be32(b[4:])), be32(b[8:]), be32(b[12:]), be32(b[16:])}
			b = b[20:]
		}
		for range r.Count {
			r.ReportBlocks = append(r.ReportBlocks, RTCPReportBlock{be32(b), b[4], be32(b[4:]) & 0xffffff,
				be32(b[8:]), be32(b[12:]), be32(b[16:]), be32(b[20:])})
			b = b[24:]
		}
	case RTCPSDES:
		for range r.Count {
			if len(b) < 4 {
				return packet.ErrTruncated
			}
			c := RTCPSDESChunk{SourceSync: be32(b)}
			o := 4
			for {
				if o >= len(b) {
					return packet.ErrTruncated
				}
				if b[o] == 0 {
					o++
					break
				}
				if o+2 > len(b) || o+2+int(b[o+1]) > len(b) {
					return packet.ErrTruncated
				}
				c.Items = append(c.Items, RTCPSDESItem{b[o], b[o+2 : o+2+int(b[o+1])]})
				o += 2 + int(b[o+1])
			}
			o = (o + 3) &^ 3
			if o > len(b) {
				o = len(b)
			}
			r.Chunks = append(r.Chunks, c)
			b = b[o:]
		}
	case RTCPBYE:
		if len(b) < 4*int(r.Count) {
			return packet.ErrTruncated
		}
		for i := range int(r.Count) {
			r.ByeSSRCs = append(r.ByeSSRCs, be32(b[4*i:]))
		}
		b = b[4*int(r.Count):]
		if len(b) > 0 && 1+int(b[0]) <= len(b) {
			r.Reason = string(b[1 : 1+int(b[0])])
		}
	case RTCPAPP:
		if len(b) < 8 {
			return packet.ErrTruncated
		}
		r.SourceSync = be32(b)
		r.AppName = string(b[4:8])
	}
	return nil
}

func (r *RTCP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[0] = r.Version<<6 | r.Padding&1<<5 | r.Count&0x1f
	b[1] = r.PacketType
	put16(b[2:], r.Length.Value)
	copy(b[RTCPLen:], r.Body)
	return nil
}

// BuildRTCPBody sets Body (and Count) from the views for the packet type:
// SourceSync, SenderInfo and ReportBlocks for SR/RR; Chunks for SDES;
// ByeSSRCs and Reason for BYE; SourceSync, AppName and data for APP.
func (r *RTCP) BuildRTCPBody(appData []byte) error {
	var b []byte
	switch r.PacketType {
	case RTCPSR, RTCPRR:
		b = be32b(b, r.SourceSync)
		if r.PacketType == RTCPSR {
			s := r.SenderInfo
			b = be32b(be32b(b, uint32(s.NTPTimestamp>>32)), uint32(s.NTPTimestamp))
			b = be32b(be32b(be32b(b, s.RTPTimestamp), s.PacketCount), s.OctetCount)
		}
		for _, x := range r.ReportBlocks {
			b = be32b(b, x.SourceSync)
			b = be32b(b, uint32(x.FractionLost)<<24|x.CumulativeLost&0xffffff)
			b = be32b(be32b(be32b(be32b(b, x.HighestSeqnumRecv), x.InterarrivalJitter), x.LastSRTimestamp), x.DelaySinceLastSR)
		}
		r.Count = uint8(len(r.ReportBlocks))
	case RTCPSDES:
		for _, c := range r.Chunks {
			b = be32b(b, c.SourceSync)
			for _, it := range c.Items {
				if len(it.Value) > 255 {
					return fmt.Errorf("rtcp: sdes item of %d bytes: %w", len(it.Value), packet.ErrMalformed)
				}
				b = append(b, it.Type, byte(len(it.Value)))
				b = append(b, it.Value...)
			}
			b = append(b, 0)
			for len(b)%4 != 0 {
				b = append(b, 0)
			}
		}
		r.Count = uint8(len(r.Chunks))
	case RTCPBYE:
		for _, s := range r.ByeSSRCs {
			b = be32b(b, s)
		}
		if r.Reason != "" {
			if len(r.Reason) > 255 {
				return fmt.Errorf("rtcp: bye reason of %d bytes: %w", len(r.Reason), packet.ErrMalformed)
			}
			b = append(b, byte(len(r.Reason)))
			b = append(b, r.Reason...)
			for len(b)%4 != 0 {
				b = append(b, 0)
			}
		}
		r.Count = uint8(len(r.ByeSSRCs))
	case RTCPAPP:
		b = be32b(b, r.SourceSync)
		name := []byte((r.AppName + "    ")[:4])
		b = append(b, name...)
		b = append(b, appData...)
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
	default:
		b = append(b, appData...)
	}
	r.Body = b
	return nil
}

func be32b(b []byte, v uint32) []byte {
	return append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}
