package layers

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// SIP message (RFC 3261 section 7): a start line, header fields, an empty
// line and an optional body.
//
//	Request:  Method SP Request-URI SP SIP-Version CRLF
//	Response: SIP-Version SP Status-Code SP Reason-Phrase CRLF
//	*( field-name HCOLON field-value CRLF )
//	CRLF
//	[ message-body ]   (SDP, RFC 4566, when Content-Type is application/sdp)
//
// Header names have compact forms (section 7.3.3: i Call-ID, m Contact,
// l Content-Length, c Content-Type, f From, t To, v Via, ...); Header
// finds a field by either form. A decoded message re-encodes byte for
// byte: header lines keep their separator and line endings.
const (
	SIPPort    = 5060
	SIPTLSPort = 5061
)

// SIPCompactForms maps compact header names to their long form.
var SIPCompactForms = map[string]string{
	"a": "Accept-Contact", "b": "Referred-By", "c": "Content-Type", "d": "Request-Disposition",
	"e": "Content-Encoding", "f": "From", "i": "Call-ID", "j": "Reject-Contact", "k": "Supported",
	"l": "Content-Length", "m": "Contact", "n": "Identity-Info", "o": "Event", "r": "Refer-To",
	"s": "Subject", "t": "To", "u": "Allow-Events", "v": "Via", "x": "Session-Expires", "y": "Identity",
}

// SIPHeader is one header field as written: Sep is what lies between the
// name and the value (": " usually), EOL the line ending.
type SIPHeader struct {
	Name  string
	Sep   string
	Value string
	EOL   string
}

// SDPMedia is one media description (m=) of an SDP body with its
// attributes.
type SDPMedia struct {
	Media      string // audio, video, ...
	Port       uint16
	Proto      string // RTP/AVP
	Formats    []string
	Connection string // c= of the media, else empty
	Attributes []string
}

// SDP is a session description (RFC 4566) parsed from a SIP body.
type SDP struct {
	Version     string
	Origin      string
	SessionName string
	Connection  string // c= at session level, e.g. "IN IP4 192.0.2.1"
	Time        string
	Attributes  []string
	Media       []SDPMedia
}

// ConnectionAddress returns the address of a c= line ("IN IP4 addr").
func (s *SDP) ConnectionAddress(m *SDPMedia) string {
	c := s.Connection
	if m != nil && m.Connection != "" {
		c = m.Connection
	}
	f := strings.Fields(c)
	if len(f) < 3 {
		return ""
	}
	a, _, _ := strings.Cut(f[2], "/")
	return a
}

// ParseSDP parses an SDP body; lines it does not know are skipped.
func ParseSDP(body []byte) (*SDP, error) {
	s := &SDP{}
	var m *SDPMedia
	for _, line := range strings.Split(string(body), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" {
			continue
		}
		if len(line) < 2 || line[1] != '=' {
			return s, fmt.Errorf("sdp line %q: %w", line, packet.ErrMalformed)
		}
		k, v := line[0], line[2:]
		switch k {
		case 'v':
			s.Version = v
		case 'o':
			s.Origin = v
		case 's':
			s.SessionName = v
		case 't':
			s.Time = v
		case 'c':
			if m != nil {
				m.Connection = v
			} else {
				s.Connection = v
			}
		case 'a':
			if m != nil {
				m.Attributes = append(m.Attributes, v)
			} else {
				s.Attributes = append(s.Attributes, v)
			}
		case 'm':
			f := strings.Fields(v)
			if len(f) < 3 {
				return s, fmt.Errorf("sdp media %q: %w", v, packet.ErrMalformed)
			}
			port, _, _ := strings.Cut(f[1], "/")
			pn, err := strconv.ParseUint(port, 10, 16)
			if err != nil {
				return s, fmt.Errorf("sdp media port %q: %w", f[1], packet.ErrMalformed)
			}
			s.Media = append(s.Media, SDPMedia{Media: f[0], Port: uint16(pn), Proto: f[2], Formats: f[3:]})
			m = &s.Media[len(s.Media)-1]
		}
	}
	return s, nil
}

// SIP is one SIP request or response.
type SIP struct {
	Method     string // requests
	URI        string
	Version    string // "SIP/2.0"
	StatusCode uint16 // responses
	Reason     string
	StartEOL   string
	Headers    []SIPHeader
	Body       []byte
	// SDP is the parsed body when it is a session description.
	SDP *SDP

	hasBlank bool   // the empty line that ends the headers was present
	blankEOL string // its line ending
}

var sipProto = &packet.Proto{
	Name: "SIP", Doc: "SIP (RFC 3261) with SDP bodies (UDP/TCP 5060)",
	New: func() packet.Layer { return NewSIP() },
	Fields: []fields.Field{
		fields.StrField("method", "", func(s *SIP) *string { return &s.Method }).When(func(l any) bool { return l.(*SIP).Method != "" }),
		fields.StrField("uri", "", func(s *SIP) *string { return &s.URI }).When(func(l any) bool { return l.(*SIP).Method != "" }),
		fields.StrField("version", "SIP/2.0", func(s *SIP) *string { return &s.Version }),
		fields.ShortField("status_code", 0, func(s *SIP) *uint16 { return &s.StatusCode }).When(func(l any) bool { return l.(*SIP).Method == "" }),
		fields.StrField("reason", "", func(s *SIP) *string { return &s.Reason }).When(func(l any) bool { return l.(*SIP).Method == "" }),
		fields.ListField("headers", func(s *SIP) any { return s.Headers }, func(s *SIP, v any) error {
			h, ok := v.([]SIPHeader)
			if !ok {
				return fmt.Errorf("headers: want []layers.SIPHeader, got %T: %w", v, packet.ErrMalformed)
			}
			s.Headers = h
			return nil
		}, formatSIPHeaders, jsonSIPHeaders),
		fields.BytesField("body", func(s *SIP) *[]byte { return &s.Body }),
		fields.ListField("sdp", func(s *SIP) any { return s.SDP }, nil, formatSDP, jsonSDP).
			When(func(l any) bool { return l.(*SIP).SDP != nil }),
	},
}

// SIPType is the registered type of SIP.
var SIPType = packet.Register(sipProto)

// NewSIP returns an empty SIP/2.0 message.
func NewSIP() *SIP { return &SIP{Version: "SIP/2.0"} }

func (s *SIP) Proto() *packet.Proto         { return sipProto }
func (s *SIP) Get(name string) (any, error) { return packet.GetField(s, name) }
func (s *SIP) Set(name string, v any) error { return packet.SetField(s, name, v) }
func (s *SIP) Show() string                 { return packet.ShowLayer(s) }

// IsRequest tells a request from a response.
func (s *SIP) IsRequest() bool { return s.Method != "" }

// Summary is "SIP INVITE sip:bob@example.com" or "SIP 200 OK".
func (s *SIP) Summary() string {
	if s.IsRequest() {
		return "SIP " + s.Method + " " + s.URI
	}
	return fmt.Sprintf("SIP %d %s", s.StatusCode, s.Reason)
}

// Header returns the value of the first header of that name (long or
// compact form, any case).
func (s *SIP) Header(name string) (string, bool) {
	long := name
	if l, ok := SIPCompactForms[strings.ToLower(name)]; ok {
		long = l
	}
	for _, h := range s.Headers {
		n := h.Name
		if l, ok := SIPCompactForms[strings.ToLower(n)]; ok {
			n = l
		}
		if strings.EqualFold(n, long) {
			return h.Value, true
		}
	}
	return "", false
}

// AddHeader appends a header "Name: value".
func (s *SIP) AddHeader(name, value string) {
	s.Headers = append(s.Headers, SIPHeader{name, ": ", value, "\r\n"})
}

// CSeq returns the sequence number and method of the CSeq header.
func (s *SIP) CSeq() (uint32, string) {
	v, _ := s.Header("CSeq")
	n, m, _ := strings.Cut(strings.TrimSpace(v), " ")
	u, _ := strconv.ParseUint(n, 10, 32)
	return uint32(u), strings.TrimSpace(m)
}

func formatSIPHeaders(s *SIP) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, h := range s.Headers {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(h.Name + ": " + h.Value)
	}
	b.WriteByte(']')
	return b.String()
}

func jsonSIPHeaders(s *SIP) any {
	out := make([]map[string]any, 0, len(s.Headers))
	for _, h := range s.Headers {
		out = append(out, map[string]any{"name": h.Name, "value": h.Value})
	}
	return out
}

func formatSDP(s *SIP) string {
	d := s.SDP
	var b strings.Builder
	fmt.Fprintf(&b, "o=%q s=%q c=%q", d.Origin, d.SessionName, d.Connection)
	for _, m := range d.Media {
		fmt.Fprintf(&b, " m=%s %d %s %v", m.Media, m.Port, m.Proto, m.Formats)
	}
	return b.String()
}

func jsonSDP(s *SIP) any {
	d := s.SDP
	media := make([]map[string]any, 0, len(d.Media))
	for _, m := range d.Media {
		media = append(media, map[string]any{"media": m.Media, "port": m.Port, "proto": m.Proto,
			"formats": m.Formats, "connection": m.Connection, "attributes": m.Attributes})
	}
	return map[string]any{"version": d.Version, "origin": d.Origin, "session": d.SessionName,
		"connection": d.Connection, "attributes": d.Attributes, "media": media}
}

func (s *SIP) startLine() string {
	if s.IsRequest() {
		return s.Method + " " + s.URI + " " + s.Version
	}
	return s.Version + " " + strconv.Itoa(int(s.StatusCode)) + " " + s.Reason
}

func eolOr(e string) string {
	if e == "" {
		return "\r\n"
	}
	return e
}

// HeaderLen is the whole message.
func (s *SIP) HeaderLen() int {
	n := len(s.startLine()) + len(eolOr(s.StartEOL))
	for _, h := range s.Headers {
		n += len(h.Name) + len(h.Sep) + len(h.Value) + len(eolOr(h.EOL))
	}
	if s.hasBlank || s.blankEOL == "" {
		n += len(eolOr(s.blankEOL))
	}
	return n + len(s.Body)
}

// SerializeTo writes the message.
func (s *SIP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	o := copy(b, s.startLine())
	o += copy(b[o:], eolOr(s.StartEOL))
	for _, h := range s.Headers {
		o += copy(b[o:], h.Name)
		o += copy(b[o:], h.Sep)
		o += copy(b[o:], h.Value)
		o += copy(b[o:], eolOr(h.EOL))
	}
	if s.hasBlank || s.blankEOL == "" {
		o += copy(b[o:], eolOr(s.blankEOL))
	}
	copy(b[o:], s.Body)
	return nil
}

// nextLine splits off one line with its ending ("\r\n" or "\n").
func nextLine(data []byte) (line []byte, eol string, rest []byte, ok bool) {
	i := bytes.IndexByte(data, '\n')
	if i < 0 {
		return nil, "", data, false
	}
	if i > 0 && data[i-1] == '\r' {
		return data[:i-1], "\r\n", data[i+1:], true
	}
	return data[:i], "\n", data[i+1:], true
}

// DecodeFromBytes parses the start line and headers; the rest is the
// body, parsed as SDP when Content-Type says so.
func (s *SIP) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	line, eol, rest, ok := nextLine(data)
	if !ok {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	*s = SIP{Headers: s.Headers[:0], StartEOL: eol}
	f := strings.SplitN(string(line), " ", 3)
	if len(f) != 3 {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	if strings.HasPrefix(f[0], "SIP/") {
		code, err := strconv.ParseUint(f[1], 10, 16)
		if err != nil || len(f[1]) != 3 || code < 100 {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		s.Version, s.StatusCode, s.Reason = f[0], uint16(code), f[2]
	} else {
		if !strings.HasPrefix(f[2], "SIP/") || f[0] == "" || strings.ContainsAny(f[0], "\t\r") {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		s.Method, s.URI, s.Version = f[0], f[1], f[2]
	}
	for {
		line, eol, rest, ok = nextLine(rest)
		if !ok {
			// Headers cut short (a truncated capture): keep what is left as
			// the body, so the message re-encodes unchanged.
			s.Body = rest
			s.hasBlank, s.blankEOL = false, "-"
			break
		}
		if len(line) == 0 {
			s.hasBlank, s.blankEOL = true, eol
			s.Body = rest
			break
		}
		name, val, found := bytes.Cut(line, []byte(":"))
		if !found {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		v := val
		i := 0
		for i < len(v) && (v[i] == ' ' || v[i] == '\t') {
			i++
		}
		s.Headers = append(s.Headers, SIPHeader{Name: string(name), Sep: ":" + string(v[:i]), Value: string(v[i:]), EOL: eol})
	}
	if ct, ok := s.Header("Content-Type"); ok && strings.HasPrefix(strings.ToLower(strings.TrimSpace(ct)), "application/sdp") && len(s.Body) > 0 {
		if d, err := ParseSDP(s.Body); err == nil {
			s.SDP = d
		}
	}
	return packet.DecodeResult{HeaderLen: len(data), PayloadLen: 0}, nil
}

// SIPLooksLike is the content heuristic for SIP on other ports: a status
// line "SIP/2.0 NNN " or a request line "METHOD sip:" / "METHOD sips:"
// of a known method.
func SIPLooksLike(b []byte) bool {
	if len(b) >= 12 && string(b[:8]) == "SIP/2.0 " {
		return b[8] >= '1' && b[8] <= '6' && b[9] >= '0' && b[9] <= '9' && b[10] >= '0' && b[10] <= '9' && b[11] == ' '
	}
	for _, m := range sipMethods {
		if len(b) > len(m)+5 && string(b[:len(m)]) == m && b[len(m)] == ' ' {
			u := b[len(m)+1:]
			return string(u[:4]) == "sip:" || (len(u) >= 5 && string(u[:5]) == "sips:") || string(u[:4]) == "tel:"
		}
	}
	return false
}

var sipMethods = []string{"INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "PRACK", "SUBSCRIBE",
	"NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE"}

func init() {
	packet.RegisterHeuristic(TCPType, packet.Heuristic{Name: "sip", Upper: SIPType, Looks: SIPLooksLike})
	packet.RegisterHeuristic(UDPType, packet.Heuristic{Name: "sip", Upper: SIPType, Looks: SIPLooksLike})
	packet.Bind(
		packet.BindingRule{Lower: UDPType, Upper: SIPType, Field: "dport", Value: SIPPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: SIPType, Field: "sport", Value: SIPPort, DissectOnly: true},
		packet.BindingRule{Lower: TCPType, Upper: SIPType, Field: "dport", Value: SIPPort, DissectOnly: true},
		packet.BindingRule{Lower: TCPType, Upper: SIPType, Field: "sport", Value: SIPPort, DissectOnly: true},
	)
}
