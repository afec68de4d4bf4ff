package layers

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// HTTP/1.x message head (RFC 9112 section 2.1):
//
//	HTTP-message = start-line CRLF
//	               *( field-line CRLF )
//	               CRLF
//	               [ message-body ]
//	start-line   = request-line / status-line
//	request-line = method SP request-target SP HTTP-version
//	status-line  = HTTP-version SP status-code SP [ reason-phrase ]
//	field-line   = field-name ":" OWS field-value OWS
//
// The layer holds the start line and the header lines; the body is its
// payload (Raw), as in Scapy. Every byte is kept, so a decoded message
// re-encodes byte-exact.
const (
	// HTTPPort and HTTPAltPort are the ports HTTP is dissected on.
	HTTPPort    = 80
	HTTPAltPort = 8080

	httpMaxMethod = 32
)

// HTTPHeader is one header line: Name, the separator (the colon and the
// blank space after it; nil builds ": ") and Value.
type HTTPHeader struct {
	Name  []byte
	Sep   []byte
	Value []byte
}

func (h *HTTPHeader) len() int {
	s := 2
	if h.Sep != nil {
		s = len(h.Sep)
	}
	return len(h.Name) + s + len(h.Value) + 2
}

// HTTP is an HTTP/1.x request or response head (Scapy's HTTPRequest and
// HTTPResponse). Fields are Scapy's: Method, Path, Http_Version for a
// request; Http_Version, Status_Code, Reason_Phrase for a response; the
// header lines in order (Get also accepts a header name in Scapy's form,
// "Host", "User_Agent"). The body is the payload.
type HTTP struct {
	Response     bool
	Method       []byte
	Path         []byte
	HTTPVersion  []byte
	StatusCode   []byte
	ReasonPhrase []byte
	Headers      []HTTPHeader
	// Partial holds the bytes of a header section cut at the end of the
	// segment (no empty line yet): kept as is, no final CRLF is written.
	Partial   []byte
	Truncated bool
}

func httpReq(l any) bool  { return !l.(*HTTP).Response }
func httpResp(l any) bool { return l.(*HTTP).Response }

var httpProto = &packet.Proto{
	Name: "HTTP", Aliases: []string{"HTTPRequest", "HTTPResponse"},
	Doc: "HTTP/1.x request and response heads (RFC 9112); body as payload; TCP 80/8080",
	New: func() packet.Layer { return NewHTTPRequest() },
	Fields: []fields.Field{
		fields.BytesField("Method", func(h *HTTP) *[]byte { return &h.Method }).When(httpReq),
		fields.BytesField("Path", func(h *HTTP) *[]byte { return &h.Path }).When(httpReq),
		fields.BytesField("Http_Version", func(h *HTTP) *[]byte { return &h.HTTPVersion }),
		fields.BytesField("Status_Code", func(h *HTTP) *[]byte { return &h.StatusCode }).When(httpResp),
		fields.BytesField("Reason_Phrase", func(h *HTTP) *[]byte { return &h.ReasonPhrase }).When(httpResp),
		fields.ListField("headers", func(h *HTTP) any { return h.Headers }, setHTTPHeaders, formatHTTPHeaders, jsonHTTPHeaders),
		fields.BytesField("partial", func(h *HTTP) *[]byte { return &h.Partial }).When(func(l any) bool { return l.(*HTTP).Truncated }),
	},
}

// HTTPType is the registered type of HTTP.
var HTTPType = packet.Register(httpProto)

// NewHTTPRequest returns Scapy's HTTPRequest defaults: GET / HTTP/1.1.
func NewHTTPRequest() *HTTP {
	return &HTTP{Method: []byte("GET"), Path: []byte("/"), HTTPVersion: []byte("HTTP/1.1")}
}

// NewHTTPResponse returns Scapy's HTTPResponse defaults: HTTP/1.1 200 OK.
func NewHTTPResponse() *HTTP {
	return &HTTP{Response: true, HTTPVersion: []byte("HTTP/1.1"), StatusCode: []byte("200"), ReasonPhrase: []byte("OK")}
}

func (h *HTTP) Proto() *packet.Proto         { return httpProto }
func (h *HTTP) Set(name string, v any) error { return packet.SetField(h, name, v) }
func (h *HTTP) Show() string                 { return packet.ShowLayer(h) }
func (h *HTTP) Summary() string              { return h.SummaryIn(nil, 0) }

// Get returns a field by Scapy name, or the value of a header given in
// Scapy's form ("User_Agent") or as on the wire ("User-Agent").
func (h *HTTP) Get(name string) (any, error) {
	v, err := packet.GetField(h, name)
	if err == nil {
		return v, nil
	}
	if hv, ok := h.Header(strings.ReplaceAll(name, "_", "-")); ok {
		return hv, nil
	}
	return nil, err
}

// Title is Scapy's class name.
func (h *HTTP) Title() string {
	if h.Response {
		return "HTTP Response"
	}
	return "HTTP Request"
}

// SummaryIn implements packet.ContextSummarizer: Scapy's "HTTP Request
// GET /" or "HTTP Response 200 OK".
func (h *HTTP) SummaryIn(*packet.Packet, int) string {
	if h.Response {
		return "HTTP Response " + string(h.StatusCode) + " " + string(h.ReasonPhrase)
	}
	return "HTTP Request " + string(h.Method) + " " + string(h.Path)
}

// Header returns the value of the first header of that name (case
// insensitive).
func (h *HTTP) Header(name string) ([]byte, bool) {
	for i := range h.Headers {
		if strings.EqualFold(string(h.Headers[i].Name), name) {
			return h.Headers[i].Value, true
		}
	}
	return nil, false
}

// AddHeader appends a header line "name: value".
func (h *HTTP) AddHeader(name, value string) {
	h.Headers = append(h.Headers, HTTPHeader{Name: []byte(name), Value: []byte(value)})
}

// Chunked reports whether the body uses the chunked transfer coding.
func (h *HTTP) Chunked() bool {
	v, ok := h.Header("Transfer-Encoding")
	return ok && bytes.Contains(bytes.ToLower(v), []byte("chunked"))
}

// ContentLength returns the Content-Length header as a number.
func (h *HTTP) ContentLength() (int, bool) {
	v, ok := h.Header("Content-Length")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(string(bytes.TrimSpace(v)))
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// HTTPDechunk decodes a chunked body (RFC 9112 section 7.1). complete is
// true when the last chunk (size 0) was seen; otherwise out holds the data
// of the complete chunks so far. An invalid chunk size is an error.
func HTTPDechunk(body []byte) (out []byte, complete bool, err error) {
	for {
		i := bytes.Index(body, []byte("\r\n"))
		if i < 0 {
			return out, false, nil
		}
		line := body[:i]
		if j := bytes.IndexByte(line, ';'); j >= 0 {
			line = line[:j]
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 || len(line) > 15 {
			return out, false, fmt.Errorf("http chunk size %q: %w", line, packet.ErrMalformed)
		}
		n, perr := strconv.ParseUint(string(line), 16, 64)
		if perr != nil {
			return out, false, fmt.Errorf("http chunk size %q: %w", line, packet.ErrMalformed)
		}
		body = body[i+2:]
		if n == 0 {
			return out, true, nil
		}
		if uint64(len(body)) < n+2 {
			return out, false, nil
		}
		out = append(out, body[:n]...)
		if body[n] != '\r' || body[n+1] != '\n' {
			return out, false, fmt.Errorf("http chunk end: %w", packet.ErrMalformed)
		}
		body = body[n+2:]
	}
}

// HeaderLen is the length of the message head.
func (h *HTTP) HeaderLen() int {
	n := 0
	if h.Response {
		n = len(h.HTTPVersion) + 1 + len(h.StatusCode) + 1 + len(h.ReasonPhrase) + 2
	} else {
		n = len(h.Method) + 1 + len(h.Path) + 1 + len(h.HTTPVersion) + 2
	}
	for i := range h.Headers {
		n += h.Headers[i].len()
	}
	if h.Truncated {
		return n + len(h.Partial)
	}
	return n + 2
}

// SerializeTo writes the message head.
func (h *HTTP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	if len(b) < h.HeaderLen() {
		return packet.ErrShortBuffer
	}
	o := 0
	w := func(s []byte) { o += copy(b[o:], s) }
	sp := []byte{' '}
	if h.Response {
		w(h.HTTPVersion)
		w(sp)
		w(h.StatusCode)
		w(sp)
		w(h.ReasonPhrase)
	} else {
		w(h.Method)
		w(sp)
		w(h.Path)
		w(sp)
		w(h.HTTPVersion)
	}
	crlf := []byte("\r\n")
	w(crlf)
	for i := range h.Headers {
		hd := &h.Headers[i]
		w(hd.Name)
		if hd.Sep != nil {
			w(hd.Sep)
		} else {
			w([]byte(": "))
		}
		w(hd.Value)
		w(crlf)
	}
	if h.Truncated {
		w(h.Partial)
	} else {
		w(crlf)
	}
	return nil
}

func httpVersionOK(v []byte) bool {
	return len(v) == 8 && string(v[:7]) == "HTTP/1." && v[7] >= '0' && v[7] <= '9'
}

func httpTokenChar(c byte) bool {
	return c > ' ' && c < 127 && !strings.ContainsRune("()<>@,;:\\\"/[]?={}", rune(c))
}

// HTTPLooksLike reports whether a TCP payload starts like an HTTP/1.x
// request or response head: the content heuristic for ports that carry
// no binding.
func HTTPLooksLike(data []byte) bool {
	i := bytes.Index(data, []byte("\r\n"))
	if i < 0 {
		return false
	}
	_, ok := httpStartLine(data[:i], new(HTTP))
	return ok
}

func httpStartLine(line []byte, h *HTTP) (resp, ok bool) {
	if len(line) >= 13 && string(line[:7]) == "HTTP/1." {
		if !httpVersionOK(line[:8]) || line[8] != ' ' || line[12] != ' ' {
			return false, false
		}
		for _, c := range line[9:12] {
			if c < '0' || c > '9' {
				return false, false
			}
		}
		for _, c := range line[13:] {
			if c < ' ' && c != '\t' || c == 127 {
				return false, false
			}
		}
		h.Response = true
		h.HTTPVersion, h.StatusCode, h.ReasonPhrase = line[:8], line[9:12], line[13:]
		h.Method, h.Path = nil, nil
		return true, true
	}
	sp := bytes.IndexByte(line, ' ')
	if sp <= 0 || sp > httpMaxMethod {
		return false, false
	}
	for _, c := range line[:sp] {
		if !httpTokenChar(c) {
			return false, false
		}
	}
	rest := line[sp+1:]
	sp2 := bytes.IndexByte(rest, ' ')
	if sp2 <= 0 || !httpVersionOK(rest[sp2+1:]) {
		return false, false
	}
	for _, c := range rest[:sp2] {
		if c <= ' ' || c == 127 {
			return false, false
		}
	}
	h.Response = false
	h.Method, h.Path, h.HTTPVersion = line[:sp], rest[:sp2], rest[sp2+1:]
	h.StatusCode, h.ReasonPhrase = nil, nil
	return false, true
}

// DecodeFromBytes decodes the message head; what follows the empty line is
// the payload. Data that is not an HTTP/1.x head is ErrMalformed.
func (h *HTTP) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	i := bytes.Index(data, []byte("\r\n"))
	if i < 0 {
		return packet.DecodeResult{}, notHeuristic(ctx)
	}
	if _, ok := httpStartLine(data[:i], h); !ok {
		return packet.DecodeResult{}, notHeuristic(ctx)
	}
	h.Headers = h.Headers[:0]
	h.Partial, h.Truncated = nil, false
	off := i + 2
	for {
		rest := data[off:]
		j := bytes.Index(rest, []byte("\r\n"))
		if j < 0 {
			// The head goes on in the next segment.
			h.Partial, h.Truncated = rest, true
			return packet.DecodeResult{HeaderLen: len(data), PayloadLen: -1}, nil
		}
		if j == 0 {
			return packet.DecodeResult{HeaderLen: off + 2, PayloadLen: -1}, nil
		}
		line := rest[:j]
		c := bytes.IndexByte(line, ':')
		if c <= 0 || bytes.IndexByte(line, '\n') >= 0 || bytes.IndexByte(line, '\r') >= 0 {
			return packet.DecodeResult{}, notHeuristic(ctx)
		}
		v := c + 1
		for v < len(line) && (line[v] == ' ' || line[v] == '\t') {
			v++
		}
		h.Headers = append(h.Headers, HTTPHeader{Name: line[:c], Sep: line[c:v], Value: line[v:]})
		off += j + 2
	}
}

// notHeuristic is the error of a port heuristic that finds other data:
// ErrMalformed, so the bytes stay Raw; inside an ICMP error's quotation,
// where payloads are cut anywhere, ErrTruncated, which is no error there.
func notHeuristic(ctx *packet.DecodeContext) error {
	if ctx != nil && ctx.Quoted {
		return packet.ErrTruncated
	}
	return packet.ErrMalformed
}

func setHTTPHeaders(h *HTTP, v any) error {
	switch x := v.(type) {
	case []HTTPHeader:
		h.Headers = x
	case map[string]string:
		h.Headers = h.Headers[:0]
		for k, val := range x {
			h.AddHeader(k, val)
		}
	default:
		return fmt.Errorf("%w: %T is not []layers.HTTPHeader", fields.ErrBadValue, v)
	}
	return nil
}

func formatHTTPHeaders(h *HTTP) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := range h.Headers {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(fields.ReprBytes(h.Headers[i].Name))
		b.WriteString(": ")
		b.WriteString(fields.ReprBytes(h.Headers[i].Value))
	}
	b.WriteByte(']')
	return b.String()
}

func jsonHTTPHeaders(h *HTTP) any {
	out := make([]map[string]string, 0, len(h.Headers))
	for i := range h.Headers {
		out = append(out, map[string]string{"name": string(h.Headers[i].Name), "value": string(h.Headers[i].Value)})
	}
	return out
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: TCPType, Upper: HTTPType, Field: "dport", Value: HTTPPort, DissectOnly: true},
		packet.BindingRule{Lower: TCPType, Upper: HTTPType, Field: "sport", Value: HTTPPort, DissectOnly: true},
		packet.BindingRule{Lower: TCPType, Upper: HTTPType, Field: "dport", Value: HTTPAltPort, DissectOnly: true},
		packet.BindingRule{Lower: TCPType, Upper: HTTPType, Field: "sport", Value: HTTPAltPort, DissectOnly: true},
	)
}
