package layers

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// TLS record (RFC 8446 section 5.1, RFC 5246 section 6.2):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	| Content Type  |     Legacy Record Version     |    Length     :
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	:  (Length)     |           Fragment (Length bytes) ...         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Handshake message (RFC 8446 section 4):
//
//	| Msg Type (1)  |              Length (3)                       |
//	|                    body (Length bytes) ...                    |
//
// ClientHello: version (2), random (32), session_id <0..32>, cipher_suites
// <2..2^16-2>, compression_methods <1..2^8-1>, extensions <8..2^16-1>.
// ServerHello: version, random, session_id, cipher_suite (2),
// compression_method (1), extensions.
// Extension: type (2), length (2), data.
const (
	tlsType    = 0
	tlsVersion = 1
	tlsLength  = 3
	// TLSRecordLen is the length of the record header.
	TLSRecordLen = 5
	// TLSPort is HTTPS; TLSAltPort is the default port of openssl
	// s_server, common in test setups.
	TLSPort    = 443
	TLSAltPort = 4433
)

// Record content types.
const (
	TLSChangeCipherSpec = 20
	TLSAlert            = 21
	TLSHandshake        = 22
	TLSApplicationData  = 23
	TLSHeartbeat        = 24
)

// Handshake message types.
const (
	TLSHelloRequest       = 0
	TLSClientHello        = 1
	TLSServerHello        = 2
	TLSNewSessionTicket   = 4
	TLSEndOfEarlyData     = 5
	TLSEncryptedExts      = 8
	TLSCertificate        = 11
	TLSServerKeyExchange  = 12
	TLSCertificateRequest = 13
	TLSServerHelloDone    = 14
	TLSCertificateVerify  = 15
	TLSClientKeyExchange  = 16
	TLSFinished           = 20
	TLSCertificateStatus  = 22
	TLSKeyUpdate          = 24
)

// Extension types.
const (
	TLSExtServerName          = 0
	TLSExtSupportedGroups     = 10
	TLSExtSignatureAlgorithms = 13
	TLSExtALPN                = 16
	TLSExtSupportedVersions   = 43
	TLSExtKeyShare            = 51
)

// TLSContentTypeNames names the record types as Scapy does.
var TLSContentTypeNames = map[uint64]string{
	20: "change_cipher_spec", 21: "alert", 22: "handshake", 23: "application_data", 24: "heartbeat",
}

// TLSVersionNames names the protocol versions.
var TLSVersionNames = map[uint64]string{
	0x0300: "SSLv3", 0x0301: "TLS 1.0", 0x0302: "TLS 1.1", 0x0303: "TLS 1.2", 0x0304: "TLS 1.3",
}

// TLSHandshakeNames names the handshake message types.
var TLSHandshakeNames = map[uint64]string{
	0: "hello_request", 1: "client_hello", 2: "server_hello", 4: "session_ticket", 5: "end_of_early_data",
	8: "encrypted_extensions", 11: "certificate", 12: "server_key_exchange", 13: "certificate_request",
	14: "server_hello_done", 15: "certificate_verify", 16: "client_key_exchange", 20: "finished",
	22: "certificate_status", 24: "key_update",
}

// TLSExtensionNames names the common extension types.
var TLSExtensionNames = map[uint64]string{
	0: "server_name", 5: "status_request", 10: "supported_groups", 11: "ec_point_formats",
	13: "signature_algorithms", 16: "application_layer_protocol_negotiation", 18: "signed_certificate_timestamp",
	21: "padding", 22: "encrypt_then_mac", 23: "extended_master_secret", 35: "session_ticket",
	41: "pre_shared_key", 42: "early_data", 43: "supported_versions", 45: "psk_key_exchange_modes",
	51: "key_share", 65281: "renegotiation_info",
}

// TLSAlertDescriptions names the alert descriptions.
var TLSAlertDescriptions = map[uint64]string{
	0: "close_notify", 10: "unexpected_message", 20: "bad_record_mac", 22: "record_overflow",
	40: "handshake_failure", 42: "bad_certificate", 43: "unsupported_certificate", 44: "certificate_revoked",
	45: "certificate_expired", 46: "certificate_unknown", 47: "illegal_parameter", 48: "unknown_ca",
	49: "access_denied", 50: "decode_error", 51: "decrypt_error", 70: "protocol_version",
	71: "insufficient_security", 80: "internal_error", 86: "inappropriate_fallback", 90: "user_canceled",
	109: "missing_extension", 110: "unsupported_extension", 112: "unrecognized_name",
	116: "certificate_required", 120: "no_application_protocol",
}

// TLSExtension is a hello extension; Data is kept as on the wire. The
// methods of TLSHello read the common ones.
type TLSExtension struct {
	Type uint16
	Data []byte
}

// TLSHello is the body of a ClientHello or ServerHello.
type TLSHello struct {
	Version   uint16
	Random    [32]byte
	SessionID []byte
	// CipherSuites and CompressionMethods are the client's offers; a
	// ServerHello holds its choice as the only element.
	CipherSuites       []uint16
	CompressionMethods []uint8
	// NoExtensions marks a hello without an extensions block (SSLv3 and
	// early TLS); an empty block is written otherwise when Extensions is
	// empty.
	NoExtensions bool
	Extensions   []TLSExtension
}

// TLSHandshakeMsg is one handshake message of a record.
type TLSHandshakeMsg struct {
	Type   uint8
	Length fields.Opt[uint32] // 24 bits; unset: computed
	// Hello is the parsed body of a ClientHello or ServerHello, Certs the
	// DER certificates of a Certificate message (Parsed tells which body
	// is used); Body is the body of any other message, kept raw.
	Parsed  bool
	Hello   TLSHello
	Certs   [][]byte
	Body    []byte
	Partial bool // cut at the end of a partial record: Body holds what is there
}

// TLS is one TLS record. Several records in one TCP segment are
// consecutive TLS layers. A handshake record is split into its messages
// (ClientHello, ServerHello and Certificate parsed, the others raw); other
// records (alerts, change cipher spec, application data, encrypted
// handshake) keep their fragment in Data. A record cut at the end of the
// segment is decoded as far as it goes and flagged Partial.
type TLS struct {
	Type    uint8
	Version uint16
	Length  fields.Opt[uint16]
	// Messages are the handshake messages (Type 22 with HasMessages).
	HasMessages bool
	Messages    []TLSHandshakeMsg
	// Data is the fragment of any other record.
	Data    []byte
	Partial bool
}

var tlsProto = &packet.Proto{
	Sequence: true, // several records in one segment
	Name:     "TLS", Aliases: []string{"SSL"},
	Doc: "TLS/SSL record layer (RFC 8446/5246): handshake (ClientHello, ServerHello, Certificate), alerts, CCS, application data; TCP 443",
	New: func() packet.Layer { return NewTLS() },
	Fields: []fields.Field{
		fields.ByteField("type", TLSHandshake, func(t *TLS) *uint8 { return &t.Type }).WithEnum(TLSContentTypeNames),
		fields.XShortField("version", 0x0303, func(t *TLS) *uint16 { return &t.Version }).WithEnum(TLSVersionNames),
		fields.AutoUintField("len", 16, func(t *TLS) *fields.Opt[uint16] { return &t.Length }),
		fields.ListField("msg", func(t *TLS) any { return t.Messages }, setTLSMessages, formatTLSMessages, jsonTLSMessages).
			When(func(l any) bool { return l.(*TLS).HasMessages }),
		fields.BytesField("data", func(t *TLS) *[]byte { return &t.Data }).When(func(l any) bool { return !l.(*TLS).HasMessages }),
		fields.ListField("level", func(t *TLS) any { return t.alertByte(0) }, nil,
			func(t *TLS) string { return strconv.Itoa(int(t.alertByte(0))) }, func(t *TLS) any { return t.alertByte(0) }).When(tlsIsAlert),
		fields.ListField("descr", func(t *TLS) any { return t.alertByte(1) }, nil,
			func(t *TLS) string { return tlsName(TLSAlertDescriptions, uint64(t.alertByte(1))) }, func(t *TLS) any { return t.alertByte(1) }).When(tlsIsAlert),
		fields.ListField("partial", func(t *TLS) any { return t.Partial }, nil,
			func(t *TLS) string { return "True" }, func(t *TLS) any { return t.Partial }).When(func(l any) bool { return l.(*TLS).Partial }),
	},
}

func tlsIsAlert(l any) bool {
	t := l.(*TLS)
	return t.Type == TLSAlert && !t.HasMessages && len(t.Data) == 2
}

// TLSType is the registered type of TLS.
var TLSType = packet.Register(tlsProto)

// NewTLS returns an empty handshake record, version TLS 1.2.
func NewTLS() *TLS { return &TLS{Type: TLSHandshake, Version: 0x0303} }

func (t *TLS) Proto() *packet.Proto         { return tlsProto }
func (t *TLS) Get(name string) (any, error) { return packet.GetField(t, name) }
func (t *TLS) Set(name string, v any) error { return packet.SetField(t, name, v) }
func (t *TLS) Show() string                 { return packet.ShowLayer(t) }
func (t *TLS) Summary() string              { return t.SummaryIn(nil, 0) }

// SummaryIn implements packet.ContextSummarizer: "TLS handshake
// client_hello" or "TLS application_data".
func (t *TLS) SummaryIn(*packet.Packet, int) string {
	var b strings.Builder
	b.WriteString("TLS ")
	b.WriteString(tlsName(TLSContentTypeNames, uint64(t.Type)))
	if t.HasMessages {
		for i := range t.Messages {
			b.WriteByte(' ')
			b.WriteString(tlsName(TLSHandshakeNames, uint64(t.Messages[i].Type)))
		}
	}
	if t.Partial {
		b.WriteString(" (partial)")
	}
	return b.String()
}

func tlsName(m map[uint64]string, v uint64) string {
	if s, ok := m[v]; ok {
		return s
	}
	return strconv.FormatUint(v, 10)
}

// ClientHello returns the first ClientHello of the record.
func (t *TLS) ClientHello() (*TLSHello, bool) { return t.hello(TLSClientHello) }

// ServerHello returns the first ServerHello of the record.
func (t *TLS) ServerHello() (*TLSHello, bool) { return t.hello(TLSServerHello) }

func (t *TLS) hello(typ uint8) (*TLSHello, bool) {
	if !t.HasMessages {
		return nil, false
	}
	for i := range t.Messages {
		if m := &t.Messages[i]; m.Type == typ && m.Parsed {
			return &m.Hello, true
		}
	}
	return nil, false
}

// Certificates returns the DER certificates of the first Certificate
// message of the record.
func (t *TLS) Certificates() [][]byte {
	for i := range t.Messages {
		if m := &t.Messages[i]; t.HasMessages && m.Type == TLSCertificate && m.Parsed {
			return m.Certs
		}
	}
	return nil
}

func (t *TLS) alertByte(i int) uint8 {
	if !tlsIsAlert(t) {
		return 0
	}
	return t.Data[i]
}

// AlertLevel and AlertDescription read an unencrypted alert.
func (t *TLS) AlertLevel() (uint8, bool) {
	if !tlsIsAlert(t) {
		return 0, false
	}
	return t.Data[0], true
}

// AlertDescription returns the description of an unencrypted alert.
func (t *TLS) AlertDescription() (uint8, bool) {
	if !tlsIsAlert(t) {
		return 0, false
	}
	return t.Data[1], true
}

// Extension returns the data of the first extension of that type.
func (h *TLSHello) Extension(typ uint16) ([]byte, bool) {
	for i := range h.Extensions {
		if h.Extensions[i].Type == typ {
			return h.Extensions[i].Data, true
		}
	}
	return nil, false
}

// ServerName returns the host name of the server_name extension (SNI).
func (h *TLSHello) ServerName() string {
	d, ok := h.Extension(TLSExtServerName)
	if !ok || len(d) < 2 {
		return ""
	}
	l := int(be16(d))
	if l > len(d)-2 {
		return ""
	}
	d = d[2 : 2+l]
	for len(d) >= 3 {
		n := int(be16(d[1:]))
		if n > len(d)-3 {
			return ""
		}
		if d[0] == 0 {
			return string(d[3 : 3+n])
		}
		d = d[3+n:]
	}
	return ""
}

// ALPN returns the protocol names of the ALPN extension.
func (h *TLSHello) ALPN() []string {
	d, ok := h.Extension(TLSExtALPN)
	if !ok || len(d) < 2 {
		return nil
	}
	l := int(be16(d))
	if l > len(d)-2 {
		return nil
	}
	d = d[2 : 2+l]
	var out []string
	for len(d) >= 1 {
		n := int(d[0])
		if n > len(d)-1 {
			break
		}
		out = append(out, string(d[1:1+n]))
		d = d[1+n:]
	}
	return out
}

// u16list reads a list of 16-bit values with a length prefix of pre bytes.
func tlsU16List(d []byte, pre int) []uint16 {
	if len(d) < pre {
		return nil
	}
	l := int(d[0])
	if pre == 2 {
		l = int(be16(d))
	}
	if l > len(d)-pre {
		return nil
	}
	d = d[pre : pre+l]
	out := make([]uint16, 0, len(d)/2)
	for len(d) >= 2 {
		out = append(out, be16(d))
		d = d[2:]
	}
	return out
}

// SupportedVersions returns the versions of the supported_versions
// extension: the client's list, or the server's choice.
func (h *TLSHello) SupportedVersions() []uint16 {
	d, ok := h.Extension(TLSExtSupportedVersions)
	if !ok {
		return nil
	}
	if len(d) == 2 {
		return []uint16{be16(d)}
	}
	return tlsU16List(d, 1)
}

// SupportedGroups returns the named groups of the supported_groups
// extension.
func (h *TLSHello) SupportedGroups() []uint16 {
	d, _ := h.Extension(TLSExtSupportedGroups)
	return tlsU16List(d, 2)
}

// SignatureAlgorithms returns the signature schemes of the
// signature_algorithms extension.
func (h *TLSHello) SignatureAlgorithms() []uint16 {
	d, _ := h.Extension(TLSExtSignatureAlgorithms)
	return tlsU16List(d, 2)
}

// TLSKeyShare is one key_share entry.
type TLSKeyShare struct {
	Group uint16
	Key   []byte
}

// KeyShares returns the entries of the key_share extension: the client's
// list or the server's single share.
func (h *TLSHello) KeyShares() []TLSKeyShare {
	d, ok := h.Extension(TLSExtKeyShare)
	if !ok || len(d) < 2 {
		return nil
	}
	parse := func(d []byte) []TLSKeyShare {
		var out []TLSKeyShare
		for len(d) >= 4 {
			n := int(be16(d[2:]))
			if n > len(d)-4 {
				return out
			}
			out = append(out, TLSKeyShare{Group: be16(d), Key: d[4 : 4+n]})
			d = d[4+n:]
		}
		return out
	}
	if l := int(be16(d)); l == len(d)-2 {
		return parse(d[2:])
	}
	if len(d) == 2 { // HelloRetryRequest: the selected group
		return []TLSKeyShare{{Group: be16(d)}}
	}
	return parse(d)
}

// Extension builders.

// TLSExtSNI returns a server_name extension for host.
func TLSExtSNI(host string) TLSExtension {
	n := len(host)
	d := make([]byte, 5+n)
	put16(d, uint16(3+n))
	d[2] = 0
	put16(d[3:], uint16(n))
	copy(d[5:], host)
	return TLSExtension{Type: TLSExtServerName, Data: d}
}

// TLSExtALPNOf returns an ALPN extension offering protos.
func TLSExtALPNOf(protos ...string) TLSExtension {
	n := 0
	for _, p := range protos {
		n += 1 + len(p)
	}
	d := make([]byte, 2, 2+n)
	put16(d, uint16(n))
	for _, p := range protos {
		d = append(d, byte(len(p)))
		d = append(d, p...)
	}
	return TLSExtension{Type: TLSExtALPN, Data: d}
}

func tlsExtU16(typ uint16, pre int, vals []uint16) TLSExtension {
	d := make([]byte, pre, pre+2*len(vals))
	if pre == 1 {
		d[0] = byte(2 * len(vals))
	} else {
		put16(d, uint16(2*len(vals)))
	}
	for _, v := range vals {
		d = append(d, byte(v>>8), byte(v))
	}
	return TLSExtension{Type: typ, Data: d}
}

// TLSExtSupportedVersionsOf returns a client supported_versions extension.
func TLSExtSupportedVersionsOf(versions ...uint16) TLSExtension {
	return tlsExtU16(TLSExtSupportedVersions, 1, versions)
}

// TLSExtSupportedGroupsOf returns a supported_groups extension.
func TLSExtSupportedGroupsOf(groups ...uint16) TLSExtension {
	return tlsExtU16(TLSExtSupportedGroups, 2, groups)
}

// TLSExtSignatureAlgorithmsOf returns a signature_algorithms extension.
func TLSExtSignatureAlgorithmsOf(schemes ...uint16) TLSExtension {
	return tlsExtU16(TLSExtSignatureAlgorithms, 2, schemes)
}

// TLSExtKeyShareOf returns a client key_share extension.
func TLSExtKeyShareOf(shares ...TLSKeyShare) TLSExtension {
	n := 0
	for _, s := range shares {
		n += 4 + len(s.Key)
	}
	d := make([]byte, 2, 2+n)
	put16(d, uint16(n))
	for _, s := range shares {
		d = append(d, byte(s.Group>>8), byte(s.Group), byte(len(s.Key)>>8), byte(len(s.Key)))
		d = append(d, s.Key...)
	}
	return TLSExtension{Type: TLSExtKeyShare, Data: d}
}

// Lengths and serialization.

func (h *TLSHello) len(client bool) int {
	n := 2 + 32 + 1 + len(h.SessionID)
	if client {
		n += 2 + 2*len(h.CipherSuites) + 1 + len(h.CompressionMethods)
	} else {
		n += 3
	}
	if !h.NoExtensions {
		n += 2
		for i := range h.Extensions {
			n += 4 + len(h.Extensions[i].Data)
		}
	}
	return n
}

func (h *TLSHello) put(b []byte, client bool) int {
	put16(b, h.Version)
	copy(b[2:], h.Random[:])
	o := 34
	b[o] = byte(len(h.SessionID))
	o += 1 + copy(b[o+1:], h.SessionID)
	if client {
		put16(b[o:], uint16(2*len(h.CipherSuites)))
		o += 2
		for _, c := range h.CipherSuites {
			put16(b[o:], c)
			o += 2
		}
		b[o] = byte(len(h.CompressionMethods))
		o += 1 + copy(b[o+1:], h.CompressionMethods)
	} else {
		var cs uint16
		var cm uint8
		if len(h.CipherSuites) > 0 {
			cs = h.CipherSuites[0]
		}
		if len(h.CompressionMethods) > 0 {
			cm = h.CompressionMethods[0]
		}
		put16(b[o:], cs)
		b[o+2] = cm
		o += 3
	}
	if !h.NoExtensions {
		start := o
		o += 2
		for i := range h.Extensions {
			e := &h.Extensions[i]
			put16(b[o:], e.Type)
			put16(b[o+2:], uint16(len(e.Data)))
			o += 4 + copy(b[o+4:], e.Data)
		}
		put16(b[start:], uint16(o-start-2))
	}
	return o
}

func (m *TLSHandshakeMsg) bodyLen() int {
	if !m.Parsed {
		return len(m.Body)
	}
	switch m.Type {
	case TLSClientHello:
		return m.Hello.len(true)
	case TLSServerHello:
		return m.Hello.len(false)
	case TLSCertificate:
		n := 3
		for _, c := range m.Certs {
			n += 3 + len(c)
		}
		return n
	}
	return len(m.Body)
}

func (m *TLSHandshakeMsg) put(b []byte) int {
	n := m.bodyLen()
	l := uint32(n)
	if m.Length.Valid {
		l = m.Length.Value
	}
	b[0] = m.Type
	b[1], b[2], b[3] = byte(l>>16), byte(l>>8), byte(l)
	o := 4
	if !m.Parsed {
		return o + copy(b[o:], m.Body)
	}
	switch m.Type {
	case TLSClientHello, TLSServerHello:
		return o + m.Hello.put(b[o:], m.Type == TLSClientHello)
	case TLSCertificate:
		put24(b[o:], n-3)
		o += 3
		for _, c := range m.Certs {
			put24(b[o:], len(c))
			o += 3 + copy(b[o+3:], c)
		}
		return o
	}
	return o + copy(b[o:], m.Body)
}

func put24(b []byte, v int) { b[0], b[1], b[2] = byte(v>>16), byte(v>>8), byte(v) }
func be24(b []byte) int     { return int(b[0])<<16 | int(b[1])<<8 | int(b[2]) }

func (t *TLS) bodyLen() int {
	if !t.HasMessages {
		return len(t.Data)
	}
	n := 0
	for i := range t.Messages {
		n += 4 + t.Messages[i].bodyLen()
	}
	return n
}

// HeaderLen is the length of the record: header and fragment.
func (t *TLS) HeaderLen() int { return TLSRecordLen + t.bodyLen() }

// SerializeTo writes the record; an unset length is the fragment's.
func (t *TLS) SerializeTo(b []byte, _ *packet.BuildContext) error {
	n := t.bodyLen()
	if len(b) < TLSRecordLen+n {
		return packet.ErrShortBuffer
	}
	if n > 0xffff && !t.Length.Valid {
		return &packet.BuildError{Layer: "TLS", Field: "len", Value: strconv.Itoa(n), Err: fields.ErrBadValue}
	}
	b[tlsType] = t.Type
	put16(b[tlsVersion:], t.Version)
	put16(b[tlsLength:], t.Length.Or(uint16(n)))
	o := TLSRecordLen
	if !t.HasMessages {
		copy(b[o:], t.Data)
		return nil
	}
	for i := range t.Messages {
		o += t.Messages[i].put(b[o:])
	}
	return nil
}

// TLSLooksLike reports whether data starts with a TLS record header:
// content type 20 to 24 and version 0x0300 to 0x0304.
func TLSLooksLike(data []byte) bool {
	return len(data) >= TLSRecordLen && data[0] >= TLSChangeCipherSpec && data[0] <= TLSHeartbeat &&
		data[1] == 3 && data[2] <= 4
}

// DecodeFromBytes decodes one record. Data that does not start with a
// record header is ErrMalformed; a record longer than data is kept as a
// partial record.
func (t *TLS) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if !TLSLooksLike(data) {
		if len(data) < TLSRecordLen && len(data) >= 3 && data[0] >= 20 && data[0] <= 24 && data[1] == 3 {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		return packet.DecodeResult{}, notHeuristic(ctx)
	}
	t.Type = data[tlsType]
	t.Version = be16(data[tlsVersion:])
	l := int(be16(data[tlsLength:]))
	t.Length = fields.Some(uint16(l))
	t.Partial = false
	end := TLSRecordLen + l
	if end > len(data) {
		end = len(data)
		t.Partial = true
	}
	frag := data[TLSRecordLen:end]
	t.Data = frag
	t.HasMessages = false
	t.Messages = t.Messages[:0]
	if t.Type == TLSHandshake && !tlsAfterCCS(ctx) && t.decodeMessages(frag) {
		t.HasMessages = true
		t.Data = nil
	}
	next := packet.LayerType(0)
	if TLSLooksLike(data[end:]) {
		next = TLSType
	}
	return packet.DecodeResult{HeaderLen: end, PayloadLen: -1, Next: next}, nil
}

// tlsAfterCCS reports whether a change cipher spec record came before in
// the packet: the handshake records after it are encrypted.
func tlsAfterCCS(ctx *packet.DecodeContext) bool {
	if ctx == nil || ctx.Packet == nil {
		return false
	}
	for _, l := range ctx.Packet.Layers() {
		if r, ok := l.(*TLS); ok && r.Type == TLSChangeCipherSpec {
			return true
		}
	}
	return false
}

// decodeMessages splits a handshake fragment into messages; false when the
// fragment is not a sequence of whole messages (encrypted, or a message
// continued from another record), so it stays raw.
func (t *TLS) decodeMessages(d []byte) bool {
	if len(d) == 0 {
		return false
	}
	for len(d) > 0 {
		if len(d) < 4 {
			return false
		}
		typ := d[0]
		if _, known := TLSHandshakeNames[uint64(typ)]; !known {
			return false
		}
		n := be24(d[1:])
		switch typ {
		case TLSHelloRequest, TLSEndOfEarlyData, TLSServerHelloDone:
			if n != 0 || typ == TLSHelloRequest && len(d) != 4 {
				return false
			}
		default:
			if n == 0 {
				return false
			}
		}
		partial := false
		if n > len(d)-4 {
			if !t.Partial {
				return false
			}
			partial = true
		}
		m := t.nextMsg()
		m.Type = typ
		m.Length = fields.Some(uint32(n))
		m.Partial = partial
		m.Parsed = false
		m.Body = d[4:min(4+n, len(d))]
		if !partial {
			switch typ {
			case TLSClientHello, TLSServerHello:
				m.Parsed = m.Hello.decode(m.Body, typ == TLSClientHello)
			case TLSCertificate:
				m.Parsed = m.decodeCerts(m.Body)
			}
			if m.Parsed {
				m.Body = nil
			}
		}
		d = d[min(4+n, len(d)):]
	}
	return true
}

func (t *TLS) nextMsg() *TLSHandshakeMsg {
	if len(t.Messages) < cap(t.Messages) {
		t.Messages = t.Messages[:len(t.Messages)+1]
	} else {
		t.Messages = append(t.Messages, TLSHandshakeMsg{})
	}
	return &t.Messages[len(t.Messages)-1]
}

func (m *TLSHandshakeMsg) decodeCerts(d []byte) bool {
	m.Certs = m.Certs[:0]
	if len(d) < 3 || be24(d) != len(d)-3 {
		return false
	}
	d = d[3:]
	for len(d) > 0 {
		if len(d) < 3 {
			return false
		}
		n := be24(d)
		if n > len(d)-3 {
			return false
		}
		m.Certs = append(m.Certs, d[3:3+n])
		d = d[3+n:]
	}
	return true
}

func (h *TLSHello) decode(d []byte, client bool) bool {
	if len(d) < 35 {
		return false
	}
	h.Version = be16(d)
	copy(h.Random[:], d[2:34])
	sl := int(d[34])
	d = d[35:]
	if sl > 32 || sl > len(d) {
		return false
	}
	h.SessionID = d[:sl]
	d = d[sl:]
	h.CipherSuites = h.CipherSuites[:0]
	h.CompressionMethods = h.CompressionMethods[:0]
	if client {
		if len(d) < 2 {
			return false
		}
		cl := int(be16(d))
		if cl%2 != 0 || cl > len(d)-2 {
			return false
		}
		for i := 2; i < 2+cl; i += 2 {
			h.CipherSuites = append(h.CipherSuites, be16(d[i:]))
		}
		d = d[2+cl:]
		if len(d) < 1 || int(d[0]) > len(d)-1 {
			return false
		}
		h.CompressionMethods = d[1 : 1+int(d[0])]
		d = d[1+int(d[0]):]
	} else {
		if len(d) < 3 {
			return false
		}
		h.CipherSuites = append(h.CipherSuites, be16(d))
		h.CompressionMethods = d[2:3]
		d = d[3:]
	}
	h.Extensions = h.Extensions[:0]
	if len(d) == 0 {
		h.NoExtensions = true
		return true
	}
	h.NoExtensions = false
	if len(d) < 2 || int(be16(d)) != len(d)-2 {
		return false
	}
	d = d[2:]
	for len(d) > 0 {
		if len(d) < 4 {
			return false
		}
		n := int(be16(d[2:]))
		if n > len(d)-4 {
			return false
		}
		h.Extensions = append(h.Extensions, TLSExtension{Type: be16(d), Data: d[4 : 4+n]})
		d = d[4+n:]
	}
	return true
}

func setTLSMessages(t *TLS, v any) error {
	switch x := v.(type) {
	case []TLSHandshakeMsg:
		t.Messages, t.HasMessages = x, true
	case TLSHandshakeMsg:
		t.Messages, t.HasMessages = []TLSHandshakeMsg{x}, true
	default:
		return fmt.Errorf("%w: %T is not []layers.TLSHandshakeMsg", fields.ErrBadValue, v)
	}
	return nil
}

func (h *TLSHello) format(b *strings.Builder, client bool) {
	fmt.Fprintf(b, "version=%s", tlsName(TLSVersionNames, uint64(h.Version)))
	fmt.Fprintf(b, " sid=%x", h.SessionID)
	if client {
		b.WriteString(" ciphers=[")
		for i, c := range h.CipherSuites {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(b, "0x%04x", c)
		}
		b.WriteString("]")
	} else if len(h.CipherSuites) > 0 {
		fmt.Fprintf(b, " cipher=0x%04x", h.CipherSuites[0])
	}
	if sni := h.ServerName(); sni != "" {
		fmt.Fprintf(b, " servername=%s", sni)
	}
	if a := h.ALPN(); len(a) > 0 {
		fmt.Fprintf(b, " alpn=%s", strings.Join(a, ","))
	}
	b.WriteString(" ext=[")
	for i := range h.Extensions {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(tlsName(TLSExtensionNames, uint64(h.Extensions[i].Type)))
	}
	b.WriteString("]")
}

func formatTLSMessages(t *TLS) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := range t.Messages {
		m := &t.Messages[i]
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(tlsName(TLSHandshakeNames, uint64(m.Type)))
		b.WriteString("(")
		switch {
		case m.Parsed && (m.Type == TLSClientHello || m.Type == TLSServerHello):
			m.Hello.format(&b, m.Type == TLSClientHello)
		case m.Parsed && m.Type == TLSCertificate:
			fmt.Fprintf(&b, "%d certificates", len(m.Certs))
		default:
			fmt.Fprintf(&b, "%d bytes", len(m.Body))
			if m.Partial {
				b.WriteString(", partial")
			}
		}
		b.WriteString(")")
	}
	b.WriteByte(']')
	return b.String()
}

func jsonTLSMessages(t *TLS) any {
	out := make([]map[string]any, 0, len(t.Messages))
	for i := range t.Messages {
		m := &t.Messages[i]
		o := map[string]any{"msgtype": m.Type}
		switch {
		case m.Parsed && (m.Type == TLSClientHello || m.Type == TLSServerHello):
			h := &m.Hello
			o["version"] = h.Version
			o["random"] = fmt.Sprintf("%x", h.Random)
			o["sid"] = fmt.Sprintf("%x", h.SessionID)
			o["ciphers"] = h.CipherSuites
			exts := make([]map[string]any, 0, len(h.Extensions))
			for _, e := range h.Extensions {
				exts = append(exts, map[string]any{"type": e.Type, "data": fmt.Sprintf("%x", e.Data)})
			}
			o["ext"] = exts
			if sni := h.ServerName(); sni != "" {
				o["servername"] = sni
			}
			if a := h.ALPN(); a != nil {
				o["alpn"] = a
			}
		case m.Parsed && m.Type == TLSCertificate:
			certs := make([]string, 0, len(m.Certs))
			for _, c := range m.Certs {
				certs = append(certs, fmt.Sprintf("%x", c))
			}
			o["certs"] = certs
		default:
			o["body"] = fmt.Sprintf("%x", m.Body)
		}
		out = append(out, o)
	}
	return out
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: TCPType, Upper: TLSType, Field: "dport", Value: TLSPort, DissectOnly: true},
		packet.BindingRule{Lower: TCPType, Upper: TLSType, Field: "sport", Value: TLSPort, DissectOnly: true},
		packet.BindingRule{Lower: TCPType, Upper: TLSType, Field: "dport", Value: TLSAltPort, DissectOnly: true},
		packet.BindingRule{Lower: TCPType, Upper: TLSType, Field: "sport", Value: TLSAltPort, DissectOnly: true},
	)
}
