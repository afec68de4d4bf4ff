package layers

import (
	"fmt"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// RTP fixed header (RFC 3550 section 5.1):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|V=2|P|X|  CC   |M|     PT      |       sequence number         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                           timestamp                           |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|           synchronization source (SSRC) identifier            |
//	+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//	|            contributing source (CSRC) identifiers             |
//	|                             ....                              |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// With X set, a header extension follows (section 5.3.1, Scapy's
// RTPExtension): profile-defined ID (16), length in 32-bit words (16),
// then the words. With P set, the last byte of the packet counts the
// padding bytes, which end up in a Padding layer.
//
// RTP has no port of its own: it is not bound to UDP; DecodeRTP and
// LooksLikeRTP decode a UDP payload as RTP when asked (ports from SDP, or
// the heuristic).
const (
	rtpSeq  = 2
	rtpTS   = 4
	rtpSSRC = 8
	// RTPLen is the fixed header without CSRCs.
	RTPLen = 12
)

// RTPPayloadTypeNames names the static payload types as Scapy's RTP.
var RTPPayloadTypeNames = map[uint64]string{
	0: "G.711 PCMU", 3: "GSM", 4: "G723", 5: "DVI4", 6: "DVI4", 7: "LPC", 8: "PCMA", 9: "G722",
	10: "L16", 11: "L16", 12: "QCELP", 13: "CN", 14: "MPA", 15: "G728", 16: "DVI4", 17: "DVI4",
	18: "G729", 25: "CelB", 26: "JPEG", 28: "nv", 31: "H261", 32: "MPV", 33: "MP2T", 34: "H263",
}

// RTP is an RTP header with its CSRC list.
type RTP struct {
	Version     uint8
	Padding     uint8
	Extension   uint8
	NumSync     fields.Opt[uint8] // CSRC count
	Marker      uint8
	PayloadType uint8
	Sequence    uint16
	Timestamp   uint32
	SourceSync  uint32
	Sync        []uint32 // CSRCs
}

func setUint32List(name string, dst *[]uint32, v any) error {
	s, ok := v.([]uint32)
	if !ok {
		return fmt.Errorf("%s: want []uint32, got %T: %w", name, v, packet.ErrMalformed)
	}
	*dst = s
	return nil
}

var rtpProto = &packet.Proto{
	Name: "RTP", Doc: "RTP (RFC 3550); decoded from UDP when asked (SDP ports or heuristic)",
	New: func() packet.Layer { return NewRTP() },
	Fields: []fields.Field{
		fields.BitField("version", 2, uint8(2), func(r *RTP) *uint8 { return &r.Version }),
		fields.BitField("padding", 1, uint8(0), func(r *RTP) *uint8 { return &r.Padding }),
		fields.BitField("extension", 1, uint8(0), func(r *RTP) *uint8 { return &r.Extension }),
		fields.AutoUintField("numsync", 4, func(r *RTP) *fields.Opt[uint8] { return &r.NumSync }),
		fields.BitField("marker", 1, uint8(0), func(r *RTP) *uint8 { return &r.Marker }),
		fields.EnumField("payload_type", 7, uint8(0), RTPPayloadTypeNames, func(r *RTP) *uint8 { return &r.PayloadType }),
		fields.ShortField("sequence", 0, func(r *RTP) *uint16 { return &r.Sequence }),
		fields.IntField("timestamp", 0, func(r *RTP) *uint32 { return &r.Timestamp }),
		fields.IntField("sourcesync", 0, func(r *RTP) *uint32 { return &r.SourceSync }),
		fields.ListField("sync", func(r *RTP) any { return r.Sync },
			func(r *RTP, v any) error { return setUint32List("sync", &r.Sync, v) },
			func(r *RTP) string { return fmt.Sprint(r.Sync) }, func(r *RTP) any { return r.Sync }),
	},
	PostBuild: func(hdr []byte, l packet.Layer, _ *packet.BuildContext) error {
		if r := l.(*RTP); !r.NumSync.Valid {
			hdr[0] = hdr[0]&^0x0f | byte(len(r.Sync))&0x0f
		}
		return nil
	},
}

// RTPType is the registered type of RTP.
var RTPType = packet.Register(rtpProto)

// NewRTP returns an RTP header with Scapy's defaults (version 2).
func NewRTP() *RTP { return &RTP{Version: 2} }

func (r *RTP) Proto() *packet.Proto         { return rtpProto }
func (r *RTP) Get(name string) (any, error) { return packet.GetField(r, name) }
func (r *RTP) Set(name string, v any) error { return packet.SetField(r, name, v) }
func (r *RTP) Show() string                 { return packet.ShowLayer(r) }
func (r *RTP) HeaderLen() int               { return RTPLen + 4*len(r.Sync) }

// Summary is "RTP PCMA seq=12 ts=160 ssrc=0x1234", with " M" when the
// marker is set.
func (r *RTP) Summary() string {
	pt, ok := RTPPayloadTypeNames[uint64(r.PayloadType)]
	if !ok {
		pt = fmt.Sprintf("PT=%d", r.PayloadType)
	}
	s := fmt.Sprintf("RTP %s seq=%d ts=%d ssrc=%#x", pt, r.Sequence, r.Timestamp, r.SourceSync)
	if r.Marker != 0 {
		s += " M"
	}
	return s
}

// DecodeFromBytes decodes the header and CSRCs; with P set the padding
// the last byte counts is left out of the payload.
func (r *RTP) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < RTPLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	r.Version = data[0] >> 6
	if r.Version != 2 {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	r.Padding = data[0] >> 5 & 1
	r.Extension = data[0] >> 4 & 1
	cc := int(data[0] & 0x0f)
	r.NumSync = fields.Some(uint8(cc))
	r.Marker = data[1] >> 7
	r.PayloadType = data[1] & 0x7f
	r.Sequence = be16(data[rtpSeq:])
	r.Timestamp = be32(data[rtpTS:])
	r.SourceSync = be32(data[rtpSSRC:])
	hl := RTPLen + 4*cc
	if len(data) < hl {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	r.Sync = r.Sync[:0]
	for i := RTPLen; i < hl; i += 4 {
		r.Sync = append(r.Sync, be32(data[i:]))
	}
	pl := -1
	if r.Padding != 0 {
		n := int(data[len(data)-1])
		if n == 0 || n > len(data)-hl {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		pl = len(data) - hl - n
	}
	var next packet.LayerType
	if r.Extension != 0 {
		next = RTPExtensionType
	}
	return packet.DecodeResult{HeaderLen: hl, PayloadLen: pl, Next: next}, nil
}

func (r *RTP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[0] = r.Version<<6 | r.Padding&1<<5 | r.Extension&1<<4 | r.NumSync.Value&0x0f
	b[1] = r.Marker<<7 | r.PayloadType&0x7f
	put16(b[rtpSeq:], r.Sequence)
	put32(b[rtpTS:], r.Timestamp)
	put32(b[rtpSSRC:], r.SourceSync)
	for i, c := range r.Sync {
		put32(b[RTPLen+4*i:], c)
	}
	return nil
}

// RTPExtension is the RTP header extension (Scapy's RTPExtension).
type RTPExtension struct {
	HeaderID uint16
	HdrLen   fields.Opt[uint16] // in 32-bit words
	Header   []uint32
}

var rtpExtProto = &packet.Proto{
	Name: "RTPExtension", Doc: "RTP header extension (RFC 3550 section 5.3.1)",
	New: func() packet.Layer { return new(RTPExtension) },
	Fields: []fields.Field{
		fields.XShortField("header_id", 0, func(r *RTPExtension) *uint16 { return &r.HeaderID }),
		fields.AutoUintField("header_len", 16, func(r *RTPExtension) *fields.Opt[uint16] { return &r.HdrLen }),
		fields.ListField("header", func(r *RTPExtension) any { return r.Header },
			func(r *RTPExtension, v any) error { return setUint32List("header", &r.Header, v) },
			func(r *RTPExtension) string { return fmt.Sprint(r.Header) }, func(r *RTPExtension) any { return r.Header }),
	},
	PostBuild: func(hdr []byte, l packet.Layer, _ *packet.BuildContext) error {
		if r := l.(*RTPExtension); !r.HdrLen.Valid {
			put16(hdr[2:], uint16(len(r.Header)))
		}
		return nil
	},
}

// RTPExtensionType is the registered type of RTPExtension.
var RTPExtensionType = packet.Register(rtpExtProto)

func (r *RTPExtension) Proto() *packet.Proto         { return rtpExtProto }
func (r *RTPExtension) Get(name string) (any, error) { return packet.GetField(r, name) }
func (r *RTPExtension) Set(name string, v any) error { return packet.SetField(r, name, v) }
func (r *RTPExtension) Show() string                 { return packet.ShowLayer(r) }
func (r *RTPExtension) HeaderLen() int               { return 4 + 4*len(r.Header) }
func (r *RTPExtension) Summary() string {
	return fmt.Sprintf("RTPExtension id=%#x words=%d", r.HeaderID, len(r.Header))
}

// DecodeFromBytes decodes the extension header and its words.
func (r *RTPExtension) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < 4 {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	r.HeaderID = be16(data)
	n := int(be16(data[2:]))
	r.HdrLen = fields.Some(uint16(n))
	if len(data) < 4+4*n {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	r.Header = r.Header[:0]
	for i := 0; i < n; i++ {
		r.Header = append(r.Header, be32(data[4+4*i:]))
	}
	return packet.DecodeResult{HeaderLen: 4 + 4*n, PayloadLen: -1}, nil
}

func (r *RTPExtension) SerializeTo(b []byte, _ *packet.BuildContext) error {
	put16(b, r.HeaderID)
	put16(b[2:], r.HdrLen.Value)
	for i, w := range r.Header {
		put32(b[4+4*i:], w)
	}
	return nil
}

// DecodeRTP dissects a UDP payload as RTP (the caller knows the port from
// SDP, or LooksLikeRTP said so).
func DecodeRTP(payload []byte) (*packet.Packet, error) {
	return packet.Dissect(payload, RTPType)
}

// LooksLikeRTP is the heuristic for RTP on UDP: both ports even and above
// 1023 (RFC 3550 section 11), version 2, a payload type that is not RTCP's
// (72 to 76 with the marker bit), and room for the CSRCs, extension and
// padding the header announces.
func LooksLikeRTP(payload []byte, sport, dport uint16) bool {
	if sport%2 != 0 || dport%2 != 0 || sport < 1024 || dport < 1024 || len(payload) < RTPLen {
		return false
	}
	if payload[0]>>6 != 2 {
		return false
	}
	if pt := payload[1] & 0x7f; pt >= 72 && pt <= 76 {
		return false
	}
	hl := RTPLen + 4*int(payload[0]&0x0f)
	if len(payload) < hl {
		return false
	}
	if payload[0]&0x10 != 0 {
		if len(payload) < hl+4 {
			return false
		}
		hl += 4 + 4*int(be16(payload[hl+2:]))
		if len(payload) < hl {
			return false
		}
	}
	if payload[0]&0x20 != 0 {
		n := int(payload[len(payload)-1])
		if n == 0 || n > len(payload)-hl {
			return false
		}
	}
	return true
}

// LooksLikeRTCP is the heuristic for RTCP on UDP: version 2, a packet type
// from 200 to 204 and a length that fits.
func LooksLikeRTCP(payload []byte) bool {
	if len(payload) < 8 || payload[0]>>6 != 2 || payload[1] < RTCPSR || payload[1] > RTCPAPP {
		return false
	}
	return 4*(int(be16(payload[2:]))+1) <= len(payload)
}
