package layers

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// SCTP common header (RFC 9260 section 3.1), IP protocol 132:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|     Source Port Number        |     Destination Port Number   |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                      Verification Tag                         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                           Checksum                            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// followed by chunks (section 3.2), each padded to a multiple of 4 bytes:
//
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|   Chunk Type  | Chunk  Flags  |        Chunk Length           |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                          Chunk Value                          |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The chunk length counts the 4-byte chunk header and the value, not the
// padding. INIT and INIT ACK values (section 3.3.2) start with
//
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                         Initiate Tag                          |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|           Advertised Receiver Window Credit (a_rwnd)          |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Number of Outbound Streams   |   Number of Inbound Streams   |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                          Initial TSN                          |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|              Optional/Variable-Length Parameters              |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// and the parameters are TLVs (type 16 bits, length 16 bits, value padded
// to 4 bytes). A DATA value (section 3.3.1) is TSN (32), stream
// identifier (16), stream sequence number (16), payload protocol
// identifier (32) and the user data; a SACK value (section 3.3.4) is the
// cumulative TSN ack (32), a_rwnd (32), the number of gap ack blocks (16)
// and of duplicate TSNs (16), the blocks (start, end: 16 bits each) and
// the duplicate TSNs (32 bits each).
const (
	sctpSrcPort = 0
	sctpDstPort = 2
	sctpTag     = 4
	sctpCsum    = 8
	SCTPLen     = 12

	sctpChunkType  = 0
	sctpChunkFlags = 1
	sctpChunkLen   = 2
	SCTPChunkLen   = 4

	sctpInitLen  = 16 // initiate tag .. initial TSN
	sctpDataLen  = 12 // TSN .. payload protocol identifier
	sctpSACKLen  = 12 // cumulative TSN ack .. number of duplicate TSNs
	sctpParamLen = 4
)

// SCTP chunk types (RFC 9260 section 3.2).
const (
	SCTPChunkTypeData             = 0
	SCTPChunkTypeInit             = 1
	SCTPChunkTypeInitAck          = 2
	SCTPChunkTypeSACK             = 3
	SCTPChunkTypeHeartbeat        = 4
	SCTPChunkTypeHeartbeatAck     = 5
	SCTPChunkTypeAbort            = 6
	SCTPChunkTypeShutdown         = 7
	SCTPChunkTypeShutdownAck      = 8
	SCTPChunkTypeError            = 9
	SCTPChunkTypeCookieEcho       = 10
	SCTPChunkTypeCookieAck        = 11
	SCTPChunkTypeShutdownComplete = 14
)

// SCTPChunkTypeNames names the chunk types as Scapy's sctpchunktypes.
var SCTPChunkTypeNames = map[uint8]string{
	0: "data", 1: "init", 2: "init-ack", 3: "sack", 4: "heartbeat-req", 5: "heartbeat-ack",
	6: "abort", 7: "shutdown", 8: "shutdown-ack", 9: "error", 10: "cookie-echo", 11: "cookie-ack",
	14: "shutdown-complete", 15: "authentication", 0x80: "address-configuration-ack",
	0xc0: "forward-tsn", 0xc1: "address-configuration",
}

// sctpChunkClass is the Scapy class of each chunk type.
var sctpChunkClass = map[uint8]string{
	0: "SCTPChunkData", 1: "SCTPChunkInit", 2: "SCTPChunkInitAck", 3: "SCTPChunkSACK",
	4: "SCTPChunkHeartbeatReq", 5: "SCTPChunkHeartbeatAck", 6: "SCTPChunkAbort",
	7: "SCTPChunkShutdown", 8: "SCTPChunkShutdownAck", 9: "SCTPChunkError",
	10: "SCTPChunkCookieEcho", 11: "SCTPChunkCookieAck", 14: "SCTPChunkShutdownComplete",
}

// SCTPChunk is one chunk: its header and its value as on the wire (a
// sub-slice of the packet after decoding). The typed accessors read the
// value of the common chunk types; the SCTPChunk* constructors encode it.
type SCTPChunk struct {
	Type  uint8
	Flags uint8
	Len   fields.Opt[uint16] // 4 + len(Value) unless set
	Value []byte
	// Pad holds the padding bytes after the chunk when PadSet (decoded
	// chunks keep what was on the wire, even a missing final pad);
	// otherwise zero bytes up to a multiple of 4 are written.
	Pad    []byte
	PadSet bool
}

func (c *SCTPChunk) padLen() int {
	if c.PadSet {
		return len(c.Pad)
	}
	return (4 - len(c.Value)%4) % 4
}

func (c *SCTPChunk) wireLen() int { return SCTPChunkLen + len(c.Value) + c.padLen() }

// SCTPParam is a TLV parameter of an INIT, INIT ACK or HEARTBEAT chunk
// (or an error cause of ABORT and ERROR, which share the layout).
type SCTPParam struct {
	Type  uint16
	Value []byte
}

// SCTPChunkData returns a DATA chunk; flags are the U, B, E (and I) bits
// (Scapy's unordered, beginning, ending, delay_sack).
func SCTPChunkData(flags uint8, tsn uint32, streamID, streamSeq uint16, ppid uint32, data []byte) SCTPChunk {
	v := make([]byte, sctpDataLen+len(data))
	put32(v[0:], tsn)
	put16(v[4:], streamID)
	put16(v[6:], streamSeq)
	put32(v[8:], ppid)
	copy(v[sctpDataLen:], data)
	return SCTPChunk{Type: SCTPChunkTypeData, Flags: flags, Value: v}
}

func sctpInitValue(initTag, aRwnd uint32, nOut, nIn uint16, initTSN uint32, params []SCTPParam) []byte {
	v := make([]byte, sctpInitLen, sctpInitLen+sctpParamsLen(params))
	put32(v[0:], initTag)
	put32(v[4:], aRwnd)
	put16(v[8:], nOut)
	put16(v[10:], nIn)
	put32(v[12:], initTSN)
	return AppendSCTPParams(v, params)
}

// SCTPChunkInit returns an INIT chunk with these parameters.
func SCTPChunkInit(initTag, aRwnd uint32, nOut, nIn uint16, initTSN uint32, params ...SCTPParam) SCTPChunk {
	return SCTPChunk{Type: SCTPChunkTypeInit, Value: sctpInitValue(initTag, aRwnd, nOut, nIn, initTSN, params)}
}

// SCTPChunkInitAck returns an INIT ACK chunk (the state cookie is
// parameter 7).
func SCTPChunkInitAck(initTag, aRwnd uint32, nOut, nIn uint16, initTSN uint32, params ...SCTPParam) SCTPChunk {
	return SCTPChunk{Type: SCTPChunkTypeInitAck, Value: sctpInitValue(initTag, aRwnd, nOut, nIn, initTSN, params)}
}

// SCTPChunkSACK returns a SACK chunk; gaps are (start, end) offsets.
func SCTPChunkSACK(cumTSN, aRwnd uint32, gaps [][2]uint16, dups []uint32) SCTPChunk {
	v := make([]byte, sctpSACKLen+4*len(gaps)+4*len(dups))
	put32(v[0:], cumTSN)
	put32(v[4:], aRwnd)
	put16(v[8:], uint16(len(gaps)))
	put16(v[10:], uint16(len(dups)))
	o := sctpSACKLen
	for _, g := range gaps {
		put16(v[o:], g[0])
		put16(v[o+2:], g[1])
		o += 4
	}
	for _, d := range dups {
		put32(v[o:], d)
		o += 4
	}
	return SCTPChunk{Type: SCTPChunkTypeSACK, Value: v}
}

// SCTPChunkHeartbeat returns a HEARTBEAT request with these parameters
// (heartbeat info is parameter 1).
func SCTPChunkHeartbeat(params ...SCTPParam) SCTPChunk {
	return SCTPChunk{Type: SCTPChunkTypeHeartbeat, Value: AppendSCTPParams(nil, params)}
}

// SCTPChunkHeartbeatAck returns a HEARTBEAT ACK echoing these parameters.
func SCTPChunkHeartbeatAck(params ...SCTPParam) SCTPChunk {
	return SCTPChunk{Type: SCTPChunkTypeHeartbeatAck, Value: AppendSCTPParams(nil, params)}
}

// SCTPChunkAbort returns an ABORT chunk; tcb is the T bit; causes are
// the encoded error causes.
func SCTPChunkAbort(tcb bool, causes []byte) SCTPChunk {
	return SCTPChunk{Type: SCTPChunkTypeAbort, Flags: b2u8(tcb), Value: causes}
}

// SCTPChunkShutdown returns a SHUTDOWN chunk.
func SCTPChunkShutdown(cumTSN uint32) SCTPChunk {
	v := make([]byte, 4)
	put32(v, cumTSN)
	return SCTPChunk{Type: SCTPChunkTypeShutdown, Value: v}
}

// SCTPChunkShutdownAck returns a SHUTDOWN ACK chunk.
func SCTPChunkShutdownAck() SCTPChunk { return SCTPChunk{Type: SCTPChunkTypeShutdownAck} }

// SCTPChunkError returns an ERROR chunk with the encoded error causes.
func SCTPChunkError(causes []byte) SCTPChunk {
	return SCTPChunk{Type: SCTPChunkTypeError, Value: causes}
}

// SCTPChunkCookieEcho returns a COOKIE ECHO chunk.
func SCTPChunkCookieEcho(cookie []byte) SCTPChunk {
	return SCTPChunk{Type: SCTPChunkTypeCookieEcho, Value: cookie}
}

// SCTPChunkCookieAck returns a COOKIE ACK chunk.
func SCTPChunkCookieAck() SCTPChunk { return SCTPChunk{Type: SCTPChunkTypeCookieAck} }

// SCTPChunkShutdownComplete returns a SHUTDOWN COMPLETE chunk; tcb is the
// T bit.
func SCTPChunkShutdownComplete(tcb bool) SCTPChunk {
	return SCTPChunk{Type: SCTPChunkTypeShutdownComplete, Flags: b2u8(tcb)}
}

func b2u8(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

func sctpParamsLen(params []SCTPParam) int {
	n := 0
	for _, p := range params {
		n += (sctpParamLen + len(p.Value) + 3) &^ 3
	}
	return n
}

// AppendSCTPParams appends the parameters as TLVs, each padded to 4
// bytes, as Scapy does.
func AppendSCTPParams(b []byte, params []SCTPParam) []byte {
	for _, p := range params {
		l := sctpParamLen + len(p.Value)
		b = binary.BigEndian.AppendUint16(b, p.Type)
		b = binary.BigEndian.AppendUint16(b, uint16(l))
		b = append(b, p.Value...)
		for ; l%4 != 0; l++ {
			b = append(b, 0)
		}
	}
	return b
}

// ParseSCTPParams reads the TLV parameters (or error causes) of b; it
// stops with ErrMalformed at a parameter that does not fit.
func ParseSCTPParams(b []byte) ([]SCTPParam, error) {
	var out []SCTPParam
	for len(b) > 0 {
		if len(b) < sctpParamLen {
			return out, packet.ErrMalformed
		}
		l := int(be16(b[2:]))
		if l < sctpParamLen || l > len(b) {
			return out, packet.ErrMalformed
		}
		out = append(out, SCTPParam{Type: be16(b), Value: b[sctpParamLen:l:l]})
		b = b[min((l+3)&^3, len(b)):]
	}
	return out, nil
}

// DataFields returns the TSN, stream identifier, stream sequence number,
// payload protocol identifier and user data of a DATA chunk.
func (c *SCTPChunk) DataFields() (tsn uint32, streamID, streamSeq uint16, ppid uint32, data []byte, ok bool) {
	if c.Type != SCTPChunkTypeData || len(c.Value) < sctpDataLen {
		return 0, 0, 0, 0, nil, false
	}
	v := c.Value
	return be32(v), be16(v[4:]), be16(v[6:]), be32(v[8:]), v[sctpDataLen:], true
}

// InitFields returns the fixed part and the parameters of an INIT or
// INIT ACK chunk.
func (c *SCTPChunk) InitFields() (initTag, aRwnd uint32, nOut, nIn uint16, initTSN uint32, params []SCTPParam, ok bool) {
	if (c.Type != SCTPChunkTypeInit && c.Type != SCTPChunkTypeInitAck) || len(c.Value) < sctpInitLen {
		return 0, 0, 0, 0, 0, nil, false
	}
	v := c.Value
	params, err := ParseSCTPParams(v[sctpInitLen:])
	return be32(v), be32(v[4:]), be16(v[8:]), be16(v[10:]), be32(v[12:]), params, err == nil
}

// SACKFields returns the content of a SACK chunk.
func (c *SCTPChunk) SACKFields() (cumTSN, aRwnd uint32, gaps [][2]uint16, dups []uint32, ok bool) {
	if c.Type != SCTPChunkTypeSACK || len(c.Value) < sctpSACKLen {
		return 0, 0, nil, nil, false
	}
	v := c.Value
	ng, nd := int(be16(v[8:])), int(be16(v[10:]))
	if len(v) < sctpSACKLen+4*ng+4*nd {
		return 0, 0, nil, nil, false
	}
	o := sctpSACKLen
	for i := 0; i < ng; i++ {
		gaps = append(gaps, [2]uint16{be16(v[o:]), be16(v[o+2:])})
		o += 4
	}
	for i := 0; i < nd; i++ {
		dups = append(dups, be32(v[o:]))
		o += 4
	}
	return be32(v), be32(v[4:]), gaps, dups, true
}

// String is the chunk as a Scapy constructor, with the fields of the
// common chunk types.
func (c SCTPChunk) String() string {
	name, ok := sctpChunkClass[c.Type]
	if !ok {
		name = "SCTPChunk(type=" + strconv.Itoa(int(c.Type))
	} else {
		name += "("
	}
	parts := []string{}
	if c.Flags != 0 {
		parts = append(parts, fmt.Sprintf("flags=%#x", c.Flags))
	}
	if c.Len.Valid && int(c.Len.Value) != SCTPChunkLen+len(c.Value) {
		parts = append(parts, "len="+strconv.Itoa(int(c.Len.Value)))
	}
	switch c.Type {
	case SCTPChunkTypeData:
		if tsn, sid, ssn, ppid, data, ok := c.DataFields(); ok {
			parts = append(parts, fmt.Sprintf("tsn=%#x, stream_id=%#x, stream_seq=%#x, proto_id=%d, data=%s", tsn, sid, ssn, ppid, fields.ReprBytes(data)))
			return name + strings.Join(parts, ", ") + ")"
		}
	case SCTPChunkTypeInit, SCTPChunkTypeInitAck:
		if it, rw, no, ni, tsn, params, ok := c.InitFields(); ok {
			ps := make([]string, len(params))
			for i, p := range params {
				ps[i] = fmt.Sprintf("(type=%d, data=%s)", p.Type, fields.ReprBytes(p.Value))
			}
			parts = append(parts, fmt.Sprintf("init_tag=%#x, a_rwnd=%d, n_out_streams=%d, n_in_streams=%d, init_tsn=%#x, params=[%s]", it, rw, no, ni, tsn, strings.Join(ps, ", ")))
			return name + strings.Join(parts, ", ") + ")"
		}
	case SCTPChunkTypeSACK:
		if cum, rw, gaps, dups, ok := c.SACKFields(); ok {
			parts = append(parts, fmt.Sprintf("cumul_tsn_ack=%#x, a_rwnd=%d, gap_ack_list=%v, dup_tsn_list=%v", cum, rw, gaps, dups))
			return name + strings.Join(parts, ", ") + ")"
		}
	case SCTPChunkTypeShutdown:
		if len(c.Value) == 4 {
			parts = append(parts, fmt.Sprintf("cumul_tsn_ack=%#x", be32(c.Value)))
			return name + strings.Join(parts, ", ") + ")"
		}
	}
	if len(c.Value) > 0 {
		parts = append(parts, "data="+fields.ReprBytes(c.Value))
	}
	if !ok {
		if len(parts) > 0 {
			return name + ", " + strings.Join(parts, ", ") + ")"
		}
		return name + ")"
	}
	return name + strings.Join(parts, ", ") + ")"
}

// SCTPServiceNames names well-known SCTP ports (Scapy's SCTP_SERVICES, a
// subset).
var SCTPServiceNames = map[uint64]string{
	2905: "m3ua", 2944: "megaco", 3868: "diameter", 36412: "s1ap", 38412: "ngap", 6704: "forces",
}

// SCTP is an SCTP packet: the common header and its chunks.
type SCTP struct {
	SrcPort  uint16
	DstPort  uint16
	Tag      uint32
	Checksum fields.Opt[uint32]
	Chunks   []SCTPChunk
}

var sctpProto = &packet.Proto{
	Name: "SCTP", Doc: "SCTP common header and chunks (RFC 9260); CRC32c checksum",
	New: func() packet.Layer { return NewSCTP() },
	Fields: []fields.Field{
		fields.ShortField("sport", 0, func(s *SCTP) *uint16 { return &s.SrcPort }).WithEnum(SCTPServiceNames),
		fields.ShortField("dport", 0, func(s *SCTP) *uint16 { return &s.DstPort }).WithEnum(SCTPServiceNames),
		fields.XIntField("tag", 0, func(s *SCTP) *uint32 { return &s.Tag }),
		fields.AutoUintField("chksum", 32, func(s *SCTP) *fields.Opt[uint32] { return &s.Checksum }).WithHex(),
		fields.ListField("chunks", func(s *SCTP) any { return s.Chunks }, setSCTPChunks, formatSCTPChunks, jsonSCTPChunks),
	},
	PostBuild: sctpPostBuild,
}

// SCTPType is the registered type of SCTP.
var SCTPType = packet.Register(sctpProto)

// NewSCTP returns an SCTP header with Scapy's defaults (ports 0, tag 0,
// checksum computed) and no chunks.
func NewSCTP(chunks ...SCTPChunk) *SCTP { return &SCTP{Chunks: chunks} }

func (s *SCTP) Proto() *packet.Proto         { return sctpProto }
func (s *SCTP) Get(name string) (any, error) { return packet.GetField(s, name) }
func (s *SCTP) Set(name string, v any) error { return packet.SetField(s, name, v) }
func (s *SCTP) Show() string                 { return packet.ShowLayer(s) }
func (s *SCTP) Summary() string              { return s.SummaryIn(nil, 0) }

// HeaderLen is the common header and every chunk with its padding.
func (s *SCTP) HeaderLen() int {
	n := SCTPLen
	for i := range s.Chunks {
		n += s.Chunks[i].wireLen()
	}
	return n
}

// SummaryIn is "SCTP src:sport > dst:dport init" with the chunk names.
func (s *SCTP) SummaryIn(p *packet.Packet, i int) string {
	var b strings.Builder
	b.WriteString("SCTP ")
	b.WriteString(endpoints(p, i, s.SrcPort, s.DstPort))
	for j := range s.Chunks {
		b.WriteByte(' ')
		if n, ok := SCTPChunkTypeNames[s.Chunks[j].Type]; ok {
			b.WriteString(n)
		} else {
			b.WriteString("chunk-" + strconv.Itoa(int(s.Chunks[j].Type)))
		}
	}
	return b.String()
}

// DecodeFromBytes decodes the common header and every chunk; chunk
// values are sub-slices of data. A chunk shorter than its header or
// longer than the packet makes the packet malformed.
func (s *SCTP) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < SCTPLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	s.SrcPort = be16(data[sctpSrcPort:])
	s.DstPort = be16(data[sctpDstPort:])
	s.Tag = be32(data[sctpTag:])
	s.Checksum = fields.Some(be32(data[sctpCsum:]))
	s.Chunks = s.Chunks[:0]
	off := SCTPLen
	for off < len(data) {
		rest := data[off:]
		if len(rest) < SCTPChunkLen {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		l := int(be16(rest[sctpChunkLen:]))
		if l < SCTPChunkLen {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		if l > len(rest) {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		end := min((l+3)&^3, len(rest))
		s.Chunks = append(s.Chunks, SCTPChunk{
			Type: rest[sctpChunkType], Flags: rest[sctpChunkFlags], Len: fields.Some(uint16(l)),
			Value: rest[SCTPChunkLen:l:l], Pad: rest[l:end:end], PadSet: true,
		})
		off += end
	}
	return packet.DecodeResult{HeaderLen: off, PayloadLen: 0}, nil
}

// SerializeTo writes the header and the chunks; the checksum comes from
// the hook.
func (s *SCTP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	put16(b[sctpSrcPort:], s.SrcPort)
	put16(b[sctpDstPort:], s.DstPort)
	put32(b[sctpTag:], s.Tag)
	put32(b[sctpCsum:], s.Checksum.Value)
	off := SCTPLen
	for i := range s.Chunks {
		c := &s.Chunks[i]
		cb := b[off:]
		cb[sctpChunkType] = c.Type
		cb[sctpChunkFlags] = c.Flags
		put16(cb[sctpChunkLen:], c.Len.Or(uint16(SCTPChunkLen+len(c.Value))))
		n := SCTPChunkLen + copy(cb[SCTPChunkLen:], c.Value)
		if c.PadSet {
			n += copy(cb[n:], c.Pad)
		} else {
			for p := c.padLen(); p > 0; p-- {
				cb[n] = 0
				n++
			}
		}
		off += n
	}
	return nil
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// sctpPostBuild fills the CRC32c over the packet (and anything after it,
// as Scapy does), stored least significant byte first as RFC 9260
// appendix A computes it.
func sctpPostBuild(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
	if s := l.(*SCTP); !s.Checksum.Valid {
		put32(hdr[sctpCsum:], 0)
		c := crc32.Update(crc32.Update(0, castagnoli, hdr), castagnoli, ctx.Payload())
		binary.LittleEndian.PutUint32(hdr[sctpCsum:], c)
	}
	return nil
}

// SCTPChecksum returns the CRC32c of an SCTP packet b with its checksum
// field taken as zero, in the byte order of the wire read big-endian.
func SCTPChecksum(b []byte) uint32 {
	if len(b) < SCTPLen {
		return 0
	}
	var z [4]byte
	c := crc32.Update(0, castagnoli, b[:sctpCsum])
	c = crc32.Update(c, castagnoli, z[:])
	c = crc32.Update(c, castagnoli, b[SCTPLen:])
	var w [4]byte
	binary.LittleEndian.PutUint32(w[:], c)
	return be32(w[:])
}

func formatSCTPChunks(s *SCTP) string {
	parts := make([]string, len(s.Chunks))
	for i, c := range s.Chunks {
		parts[i] = c.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonSCTPChunks(s *SCTP) any {
	out := make([]map[string]any, len(s.Chunks))
	for i, c := range s.Chunks {
		m := map[string]any{
			"type":  c.Type,
			"flags": c.Flags,
			"len":   c.Len.Or(uint16(SCTPChunkLen + len(c.Value))),
			"data":  fmt.Sprintf("%x", c.Value),
		}
		if tsn, sid, ssn, ppid, _, ok := c.DataFields(); ok {
			m["tsn"], m["stream_id"], m["stream_seq"], m["proto_id"] = tsn, sid, ssn, ppid
		}
		if it, rw, no, ni, tsn, _, ok := c.InitFields(); ok {
			m["init_tag"], m["a_rwnd"], m["n_out_streams"], m["n_in_streams"], m["init_tsn"] = it, rw, no, ni, tsn
		}
		out[i] = m
	}
	return out
}

func setSCTPChunks(s *SCTP, v any) error {
	switch x := v.(type) {
	case []SCTPChunk:
		s.Chunks = x
	case SCTPChunk:
		s.Chunks = []SCTPChunk{x}
	default:
		return fmt.Errorf("%w: sctp chunks from %T (want []layers.SCTPChunk)", fields.ErrBadValue, v)
	}
	return nil
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: IPv4Type, Upper: SCTPType, Field: "proto", Value: IPProtoSCTP},
		packet.BindingRule{Lower: IPv6Type, Upper: SCTPType, Field: "nh", Value: IPProtoSCTP},
	)
}
