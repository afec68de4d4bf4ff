package layers

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// QUIC packets (RFC 9000 section 17, RFC 8999 invariants, RFC 9369 for
// version 2):
//
//	Long header:  1|F|TT|xxxx | Version (32) | DCID Len (8) | DCID |
//	              SCID Len (8) | SCID | type-specific
//	  Initial:    Token Length (varint) | Token | Length (varint) |
//	              Packet Number (1-4, protected) | Payload (protected)
//	  0-RTT, Handshake: Length (varint) | Packet Number | Payload
//	  Retry:      Retry Token | Retry Integrity Tag (16)
//	Version negotiation (version 0): ... | SCID | Supported Versions (32 each)
//	Short header: 0|1|S|RR|K|PP | DCID (length known only to the endpoints) |
//	              Packet Number | Payload
//
// The low bits of the first byte and the packet number are under header
// protection, so a layer keeps the first byte and everything from the
// packet number on as sent (Payload). Several long-header packets may share
// a datagram: each is a layer. A short-header packet's connection ID
// cannot be told from its packet number without the connection's state,
// so all that follows its first byte is Payload. DecryptInitial removes
// the protection of Initial packets (RFC 9001 section 5), whose keys come
// from the client's Destination Connection ID, and reads their frames and
// the TLS ClientHello they carry.

// QUIC packet kinds (untyped constants; the long header type codes are
// version 1's) and versions.
const (
	QUICInitial            = 0
	QUIC0RTT               = 1
	QUICHandshake          = 2
	QUICRetry              = 3
	QUICVersionNegotiation = 4
	QUICShortHeader        = 5

	QUICVersion1       = 0x00000001
	QUICVersion2       = 0x6b3343cf
	QUICVersionDraft29 = 0xff00001d

	QUICPort = 443
	// QUICDoQPort is DNS over QUIC (RFC 9250).
	QUICDoQPort = 853
)

// QUICKindNames names the packet kinds.
var QUICKindNames = map[uint64]string{
	0: "Initial", 1: "0-RTT", 2: "Handshake", 3: "Retry", 4: "Version Negotiation", 5: "Short Header",
}

// QUIC is one QUIC packet.
type QUIC struct {
	// First is the first byte as sent: header form, fixed bit, long packet
	// type and the type-specific bits (protected in most packets).
	First   uint8
	Version uint32
	DCID    []byte
	SCID    []byte
	// Token is the Initial token, or the Retry token.
	Token []byte
	// TokenLenWidth and LengthWidth are the sizes of the variable-length
	// integers (1, 2, 4 or 8; 0 when building: the smallest), kept so a
	// packet re-encodes as sent.
	TokenLenWidth uint8
	Length        fields.Opt[uint64]
	LengthWidth   uint8
	// Payload is what follows the header: the protected packet number and
	// payload of Initial, 0-RTT and Handshake packets (Length bytes), all
	// after the first byte of a short-header packet, all after the
	// connection IDs of a long-header packet of an unknown version.
	Payload []byte
	// SupportedVersions are the versions of a version negotiation packet.
	SupportedVersions []uint32
	// RetryIntegrityTag ends a Retry packet.
	RetryIntegrityTag [16]byte
	// Opaque is set when the type-specific part was not parsed (short
	// header, unknown version): Payload holds it.
	Opaque bool
}

func quicLong(l any) bool { return l.(*QUIC).First&0x80 != 0 }
func quicKind(kinds ...int) func(any) bool {
	return func(l any) bool {
		k := l.(*QUIC).Kind()
		for _, x := range kinds {
			if x == k {
				return true
			}
		}
		return false
	}
}
func quicParsed(kinds ...int) func(any) bool {
	f := quicKind(kinds...)
	return func(l any) bool { return f(l) && !l.(*QUIC).Opaque }
}

var quicProto = &packet.Proto{
	Name: "QUIC",
	Doc:  "QUIC (RFC 9000, 9369): long headers (Initial, 0-RTT, Handshake, Retry), version negotiation, short headers; Initial decryption; UDP 443",
	New:  func() packet.Layer { return NewQUIC() },
	Fields: []fields.Field{
		fields.XByteField("first_byte", 0xc0, func(q *QUIC) *uint8 { return &q.First }),
		fields.ListField("long_packet_type", func(q *QUIC) any { return q.Kind() }, nil,
			func(q *QUIC) string { return QUICKindNames[uint64(q.Kind())] }, func(q *QUIC) any { return q.Kind() }),
		fields.XIntField("version", QUICVersion1, func(q *QUIC) *uint32 { return &q.Version }).When(quicLong),
		fields.BytesField("dst_conn_id", func(q *QUIC) *[]byte { return &q.DCID }).When(quicLong),
		fields.BytesField("src_conn_id", func(q *QUIC) *[]byte { return &q.SCID }).When(quicLong),
		fields.BytesField("token", func(q *QUIC) *[]byte { return &q.Token }).When(quicParsed(QUICInitial, QUICRetry)),
		fields.AutoUintField("length", 62, func(q *QUIC) *fields.Opt[uint64] { return &q.Length }).
			When(quicParsed(QUICInitial, QUIC0RTT, QUICHandshake)),
		fields.ListField("supported_versions", func(q *QUIC) any { return q.SupportedVersions }, nil,
			func(q *QUIC) string {
				parts := make([]string, len(q.SupportedVersions))
				for i, v := range q.SupportedVersions {
					parts[i] = fmt.Sprintf("%#08x", v)
				}
				return "[" + strings.Join(parts, ", ") + "]"
			}, func(q *QUIC) any { return q.SupportedVersions }).When(quicKind(QUICVersionNegotiation)),
		fields.ListField("retry_integrity_tag", func(q *QUIC) any { return q.RetryIntegrityTag[:] }, nil,
			func(q *QUIC) string { return fields.ReprBytes(q.RetryIntegrityTag[:]) },
			func(q *QUIC) any { return fmt.Sprintf("%x", q.RetryIntegrityTag) }).When(quicParsed(QUICRetry)),
		fields.ListField("initial", func(q *QUIC) any {
			if p, err := q.DecryptInitial(nil, false); err == nil {
				return p
			}
			return nil
		}, nil,
			formatQUICInitial, jsonQUICInitial).When(quicParsed(QUICInitial)),
		fields.BytesField("payload", func(q *QUIC) *[]byte { return &q.Payload }).
			When(func(l any) bool { return !quicKind(QUICVersionNegotiation, QUICRetry)(l) || l.(*QUIC).Opaque }),
	},
}

// QUICType is the registered type of QUIC.
var QUICType = packet.Register(quicProto)

// NewQUIC returns an empty version 1 Initial packet.
func NewQUIC() *QUIC { return &QUIC{First: 0xc0, Version: QUICVersion1} }

func (q *QUIC) Proto() *packet.Proto         { return quicProto }
func (q *QUIC) Get(name string) (any, error) { return packet.GetField(q, name) }
func (q *QUIC) Set(name string, v any) error { return packet.SetField(q, name, v) }
func (q *QUIC) Show() string                 { return packet.ShowLayer(q) }

// Kind returns QUICInitial, QUIC0RTT, QUICHandshake, QUICRetry,
// QUICVersionNegotiation or QUICShortHeader. Version 2 numbers the long
// packet types differently (RFC 9369 section 3.2).
func (q *QUIC) Kind() int {
	if q.First&0x80 == 0 {
		return QUICShortHeader
	}
	if q.Version == 0 {
		return QUICVersionNegotiation
	}
	t := int(q.First>>4) & 3
	if q.Version == QUICVersion2 {
		return [4]int{QUICRetry, QUICInitial, QUIC0RTT, QUICHandshake}[t]
	}
	return t
}

// Summary is "QUIC Initial v1 DCID=... SCID=...".
func (q *QUIC) Summary() string { return q.SummaryIn(nil, 0) }

// SummaryIn implements packet.ContextSummarizer.
func (q *QUIC) SummaryIn(*packet.Packet, int) string {
	s := "QUIC " + QUICKindNames[uint64(q.Kind())]
	if q.First&0x80 == 0 {
		return s
	}
	if q.Version != 0 {
		s += " " + QUICVersionName(q.Version)
	}
	if len(q.DCID) > 0 {
		s += fmt.Sprintf(" DCID=%x", q.DCID)
	}
	if len(q.SCID) > 0 {
		s += fmt.Sprintf(" SCID=%x", q.SCID)
	}
	return s
}

// QUICVersionName names versions: "v1", "v2", "draft-29", GREASE and
// others in hex.
func QUICVersionName(v uint32) string {
	switch {
	case v == QUICVersion1:
		return "v1"
	case v == QUICVersion2:
		return "v2"
	case v>>8 == 0xff0000:
		return "draft-" + strconv.Itoa(int(v&0xff))
	case v&0x0f0f0f0f == 0x0a0a0a0a:
		return fmt.Sprintf("grease %#08x", v)
	}
	return fmt.Sprintf("%#08x", v)
}

// quicKnownVersion reports versions whose long headers follow version 1's
// layout (v1, v2, drafts, and the reserved 0x?a?a?a?a versions that force
// version negotiation).
func quicKnownVersion(v uint32) bool {
	return v == QUICVersion1 || v == QUICVersion2 || v>>8 == 0xff0000 || v&0x0f0f0f0f == 0x0a0a0a0a
}

// QUICVarint reads a variable-length integer (RFC 9000 section 16): the
// value and its size, 0 when b is too short.
func QUICVarint(b []byte) (uint64, int) {
	if len(b) == 0 {
		return 0, 0
	}
	n := 1 << (b[0] >> 6)
	if len(b) < n {
		return 0, 0
	}
	v := uint64(b[0] & 0x3f)
	for _, c := range b[1:n] {
		v = v<<8 | uint64(c)
	}
	return v, n
}

// QUICVarintLen returns the smallest size of v as a variable-length
// integer (0 for values beyond 2^62-1).
func QUICVarintLen(v uint64) int {
	switch {
	case v < 1<<6:
		return 1
	case v < 1<<14:
		return 2
	case v < 1<<30:
		return 4
	case v < 1<<62:
		return 8
	}
	return 0
}

// AppendQUICVarint appends v in width bytes (0: the smallest).
func AppendQUICVarint(dst []byte, v uint64, width int) []byte {
	if width == 0 {
		width = QUICVarintLen(v)
	}
	var tag byte
	switch width {
	case 2:
		tag = 0x40
	case 4:
		tag = 0x80
	case 8:
		tag = 0xc0
	}
	for i := width - 1; i >= 0; i-- {
		b := byte(v >> (8 * uint(i)))
		if i == width-1 {
			b = b&0x3f | tag
		}
		dst = append(dst, b)
	}
	return dst
}

func quicWidth(w uint8, v uint64) int {
	if w == 1 || w == 2 || w == 4 || w == 8 {
		if QUICVarintLen(v) <= int(w) {
			return int(w)
		}
	}
	return QUICVarintLen(v)
}

// QUICLooksLike reports whether data starts with a long-header QUIC packet
// of a known version (or a version negotiation) whose lengths fit.
func QUICLooksLike(data []byte) bool {
	if len(data) < 7 || data[0]&0x80 == 0 {
		return false
	}
	v := be32(data[1:])
	if v != 0 && (!quicKnownVersion(v) || data[0]&0x40 == 0) {
		return false
	}
	dl := int(data[5])
	if dl > 20 || 6+dl >= len(data) {
		return false
	}
	sl := int(data[6+dl])
	return sl <= 20 && 7+dl+sl <= len(data)
}

// HeaderLen is the length of the packet.
func (q *QUIC) HeaderLen() int {
	if q.First&0x80 == 0 {
		return 1 + len(q.Payload)
	}
	n := 7 + len(q.DCID) + len(q.SCID)
	if q.Opaque {
		return n + len(q.Payload)
	}
	switch q.Kind() {
	case QUICVersionNegotiation:
		return n + 4*len(q.SupportedVersions)
	case QUICRetry:
		return n + len(q.Token) + 16
	case QUICInitial:
		n += quicWidth(q.TokenLenWidth, uint64(len(q.Token))) + len(q.Token)
	}
	return n + quicWidth(q.LengthWidth, q.Length.Or(uint64(len(q.Payload)))) + len(q.Payload)
}

// DecodeFromBytes decodes one packet; a long-header packet coalesced after
// it is the next layer, zero padding after the last one is Padding.
func (q *QUIC) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < 1 {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	*q = QUIC{SupportedVersions: q.SupportedVersions[:0], First: data[0]}
	if data[0]&0x80 == 0 {
		if data[0]&0x40 == 0 {
			return packet.DecodeResult{}, notHeuristic(ctx)
		}
		q.Payload, q.Opaque = data[1:], true
		return packet.DecodeResult{HeaderLen: len(data), PayloadLen: -1}, nil
	}
	if len(data) < 7 {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	q.Version = be32(data[1:])
	off := 5
	dl := int(data[off])
	if off+1+dl >= len(data) {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	q.DCID = data[off+1 : off+1+dl : off+1+dl]
	off += 1 + dl
	sl := int(data[off])
	if off+1+sl > len(data) {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	q.SCID = data[off+1 : off+1+sl : off+1+sl]
	off += 1 + sl
	if q.Version == 0 {
		rest := data[off:]
		if len(rest)%4 != 0 || len(rest) == 0 {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		for i := 0; i < len(rest); i += 4 {
			q.SupportedVersions = append(q.SupportedVersions, be32(rest[i:]))
		}
		return packet.DecodeResult{HeaderLen: len(data), PayloadLen: -1}, nil
	}
	if !quicKnownVersion(q.Version) || dl > 20 || sl > 20 {
		q.Payload, q.Opaque = data[off:], true
		return packet.DecodeResult{HeaderLen: len(data), PayloadLen: -1}, nil
	}
	switch q.Kind() {
	case QUICRetry:
		rest := data[off:]
		if len(rest) < 16 {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		q.Token = rest[: len(rest)-16 : len(rest)-16]
		copy(q.RetryIntegrityTag[:], rest[len(rest)-16:])
		return packet.DecodeResult{HeaderLen: len(data), PayloadLen: -1}, nil
	case QUICInitial:
		tl, n := QUICVarint(data[off:])
		if n == 0 {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		q.TokenLenWidth = uint8(n)
		off += n
		if tl > uint64(len(data)-off) {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		q.Token = data[off : off+int(tl) : off+int(tl)]
		off += int(tl)
	}
	l, n := QUICVarint(data[off:])
	if n == 0 {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	q.LengthWidth = uint8(n)
	q.Length = fields.Some(l)
	off += n
	if l > uint64(len(data)-off) {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	end := off + int(l)
	q.Payload = data[off:end:end]
	rest := data[end:]
	if len(rest) > 0 && rest[0]&0x40 != 0 {
		if ctx != nil {
			ctx.Guess = true
		}
		return packet.DecodeResult{HeaderLen: end, PayloadLen: -1, Next: QUICType}, nil
	}
	return packet.DecodeResult{HeaderLen: end, PayloadLen: 0}, nil
}

// SerializeTo writes the packet; an unset length is the payload's.
func (q *QUIC) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[0] = q.First
	if q.First&0x80 == 0 {
		copy(b[1:], q.Payload)
		return nil
	}
	if len(q.DCID) > 255 || len(q.SCID) > 255 {
		return fmt.Errorf("%w: quic connection id longer than 255 bytes", fields.ErrBadValue)
	}
	put32(b[1:], q.Version)
	off := 5
	b[off] = byte(len(q.DCID))
	off += 1 + copy(b[off+1:], q.DCID)
	b[off] = byte(len(q.SCID))
	off += 1 + copy(b[off+1:], q.SCID)
	if q.Opaque {
		copy(b[off:], q.Payload)
		return nil
	}
	switch q.Kind() {
	case QUICVersionNegotiation:
		for _, v := range q.SupportedVersions {
			put32(b[off:], v)
			off += 4
		}
		return nil
	case QUICRetry:
		off += copy(b[off:], q.Token)
		copy(b[off:], q.RetryIntegrityTag[:])
		return nil
	case QUICInitial:
		tl := uint64(len(q.Token))
		off += len(AppendQUICVarint(b[off:off], tl, quicWidth(q.TokenLenWidth, tl)))
		off += copy(b[off:], q.Token)
	}
	l := q.Length.Or(uint64(len(q.Payload)))
	if QUICVarintLen(l) == 0 {
		return fmt.Errorf("%w: quic length %d", fields.ErrBadValue, l)
	}
	off += len(AppendQUICVarint(b[off:off], l, quicWidth(q.LengthWidth, l)))
	copy(b[off:], q.Payload)
	return nil
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: UDPType, Upper: QUICType, Field: "dport", Value: QUICPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: QUICType, Field: "sport", Value: QUICPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: QUICType, Field: "dport", Value: QUICDoQPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: QUICType, Field: "sport", Value: QUICDoQPort, DissectOnly: true},
	)
}

// ShortHeader splits a short-header packet's Payload when the length of
// the connection ID is known (the endpoints chose it): the Destination
// Connection ID and the protected packet number and payload.
func (q *QUIC) ShortHeader(dcidLen int) (dcid, rest []byte, ok bool) {
	if q.First&0x80 != 0 || dcidLen < 0 || dcidLen > 20 || dcidLen > len(q.Payload) {
		return nil, nil, false
	}
	return q.Payload[:dcidLen], q.Payload[dcidLen:], true
}

// formatQUICInitial shows what a client's Initial carries (decrypted with
// the keys of its own DCID): packet number, frames, server name.
func formatQUICInitial(q *QUIC) string {
	p, err := q.DecryptInitial(nil, false)
	if err != nil {
		return "protected (unknown version, or a server's Initial: its keys come from the client's first DCID)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "pn=%d frames=[", p.PacketNumber)
	for i, f := range p.Frames {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quicFrameName(f.Type))
	}
	b.WriteString("]")
	if h := p.ClientHello; h != nil {
		b.WriteString(" ClientHello(")
		h.format(&b, true)
		b.WriteString(")")
	}
	return b.String()
}

func jsonQUICInitial(q *QUIC) any {
	p, err := q.DecryptInitial(nil, false)
	if err != nil {
		return nil
	}
	frames := make([]uint64, len(p.Frames))
	for i, f := range p.Frames {
		frames[i] = f.Type
	}
	o := map[string]any{"packet_number": p.PacketNumber, "frames": frames, "crypto": fmt.Sprintf("%x", p.Crypto)}
	if sni := p.ServerName(); sni != "" {
		o["servername"] = sni
	}
	return o
}

func quicFrameName(t uint64) string {
	switch t {
	case QUICFramePadding:
		return "PADDING"
	case QUICFramePing:
		return "PING"
	case QUICFrameACK, QUICFrameACKECN:
		return "ACK"
	case QUICFrameCrypto:
		return "CRYPTO"
	case QUICFrameConnectionClose, QUICFrameAppClose:
		return "CONNECTION_CLOSE"
	}
	return fmt.Sprintf("frame %#x", t)
}
