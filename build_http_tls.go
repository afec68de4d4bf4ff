package goscapy

import (
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// HTTPBuilder builds an HTTP/1.x request or response head and its body.
//
//	req, err := goscapy.NewIP().DstIP("192.0.2.80").
//		Over(goscapy.NewTCP().DstPort(80).Flags(layers.TCPPsh | layers.TCPAck)).
//		Over(goscapy.NewHTTPRequest().Path("/index.html").Header("Host", "example.com")).
//		Build()
type HTTPBuilder struct {
	base[*layers.HTTP]
	body []byte
	two  [2]packet.Layer
}

// NewHTTPRequest starts a request with Scapy's defaults: GET / HTTP/1.1.
func NewHTTPRequest() *HTTPBuilder {
	return &HTTPBuilder{base: base[*layers.HTTP]{l: layers.NewHTTPRequest()}}
}

// NewHTTPResponse starts a response with Scapy's defaults: HTTP/1.1 200 OK.
func NewHTTPResponse() *HTTPBuilder {
	return &HTTPBuilder{base: base[*layers.HTTP]{l: layers.NewHTTPResponse()}}
}

// Method sets the request method.
func (b *HTTPBuilder) Method(v string) *HTTPBuilder { b.l.Method = []byte(v); return b }

// Path sets the request target.
func (b *HTTPBuilder) Path(v string) *HTTPBuilder { b.l.Path = []byte(v); return b }

// Version sets the HTTP version ("HTTP/1.0").
func (b *HTTPBuilder) Version(v string) *HTTPBuilder { b.l.HTTPVersion = []byte(v); return b }

// Status sets the status code and reason phrase of a response.
func (b *HTTPBuilder) Status(code int, reason string) *HTTPBuilder {
	if code < 100 || code > 999 {
		b.fail("Status_Code", code, errBadHTTPStatus)
		return b
	}
	b.l.StatusCode = []byte{byte('0' + code/100), byte('0' + code/10%10), byte('0' + code%10)}
	b.l.ReasonPhrase = []byte(reason)
	return b
}

// Header appends a header line; headers are written in the order given.
func (b *HTTPBuilder) Header(name, value string) *HTTPBuilder { b.l.AddHeader(name, value); return b }

// Body sets the body: a Raw payload after the head. No Content-Length is
// added (as in Scapy); add the header when the peer needs it.
func (b *HTTPBuilder) Body(v []byte) *HTTPBuilder { b.body = v; return b }

// Set sets any field by its Scapy name.
func (b *HTTPBuilder) Set(field string, v any) *HTTPBuilder { b.set(field, v); return b }

// layerAndErr makes Stack.Over call Layers.
func (b *HTTPBuilder) layerAndErr() (packet.Layer, error, bool) { return nil, nil, false }

// Layers implements Builder: the head, and the body as Raw.
func (b *HTTPBuilder) Layers() ([]packet.Layer, error) {
	b.two[0] = b.l
	if b.body == nil {
		return b.two[:1], b.err
	}
	b.two[1] = &packet.Raw{Load: b.body}
	return b.two[:], b.err
}

// Over starts a stack with this message and puts x on top of it.
func (b *HTTPBuilder) Over(x Builder) *Stack { return (&Stack{}).Over(b).Over(x) }

// Packet returns the message as a packet.
func (b *HTTPBuilder) Packet() *packet.Packet { return (&Stack{}).Over(b).Packet() }

// Build returns the message's bytes.
func (b *HTTPBuilder) Build() ([]byte, error) { return (&Stack{}).Over(b).Build() }

// BuildInto builds into buf and returns buf[:n].
func (b *HTTPBuilder) BuildInto(buf []byte) ([]byte, error) {
	return (&Stack{}).Over(b).BuildInto(buf)
}

type httpError string

func (e httpError) Error() string { return string(e) }

const errBadHTTPStatus = httpError("status code must have three digits")

// HTTPGet builds IP/TCP/HTTP: a GET request for path with a Host header,
// from sport to port 80, flags PA.
func HTTPGet(srcIP, dstIP any, sport uint16, host, path string) ([]byte, error) {
	return NewIP().SrcIP(srcIP).DstIP(dstIP).
		Over(NewTCP().SrcPort(sport).DstPort(layers.HTTPPort).Flags(layers.TCPPsh | layers.TCPAck)).
		Over(NewHTTPRequest().Path(path).Header("Host", host)).Build()
}

// TLSBuilder builds one TLS record.
//
//	ch, err := goscapy.NewTLSClientHello().ServerName("example.com").ALPN("h2", "http/1.1").Build()
type TLSBuilder struct{ base[*layers.TLS] }

// NewTLS starts an empty handshake record, version TLS 1.2; add messages
// with Message or use the NewTLSClientHello family.
func NewTLS() *TLSBuilder { return &TLSBuilder{base[*layers.TLS]{l: layers.NewTLS()}} }

func newTLSHello(typ uint8) *TLSBuilder {
	b := NewTLS()
	b.l.HasMessages = true
	m := layers.TLSHandshakeMsg{Type: typ, Parsed: true}
	m.Hello.Version = 0x0303
	m.Hello.NoExtensions = true
	m.Hello.CompressionMethods = []uint8{0}
	b.l.Messages = []layers.TLSHandshakeMsg{m}
	return b
}

// NewTLSClientHello starts a record (version TLS 1.0, as clients send it)
// with a ClientHello of version TLS 1.2, a zero random, null compression
// and no cipher suites or extensions yet.
func NewTLSClientHello() *TLSBuilder {
	b := newTLSHello(layers.TLSClientHello)
	b.l.Version = 0x0301
	return b
}

// NewTLSServerHello starts a record with a ServerHello of version TLS 1.2
// and cipher suite 0 (set it with CipherSuites).
func NewTLSServerHello() *TLSBuilder {
	b := newTLSHello(layers.TLSServerHello)
	b.l.Messages[0].Hello.CipherSuites = []uint16{0}
	return b
}

// NewTLSCertificate starts a record with a Certificate message holding the
// DER certificates, leaf first.
func NewTLSCertificate(der ...[]byte) *TLSBuilder {
	b := NewTLS()
	b.l.HasMessages = true
	b.l.Messages = []layers.TLSHandshakeMsg{{Type: layers.TLSCertificate, Parsed: true, Certs: der}}
	return b
}

// NewTLSAlert starts an alert record (level 1 warning, 2 fatal).
func NewTLSAlert(level, description uint8) *TLSBuilder {
	b := NewTLS()
	b.l.Type = layers.TLSAlert
	b.l.Data = []byte{level, description}
	return b
}

// NewTLSChangeCipherSpec starts a change cipher spec record.
func NewTLSChangeCipherSpec() *TLSBuilder {
	b := NewTLS()
	b.l.Type = layers.TLSChangeCipherSpec
	b.l.Data = []byte{1}
	return b
}

// NewTLSApplicationData starts an application data record with opaque data.
func NewTLSApplicationData(data []byte) *TLSBuilder {
	b := NewTLS()
	b.l.Type = layers.TLSApplicationData
	b.l.Data = data
	return b
}

// Type sets the content type (layers.TLSHandshake, ...).
func (b *TLSBuilder) Type(v uint8) *TLSBuilder { b.l.Type = v; return b }

// Version sets the record version.
func (b *TLSBuilder) Version(v uint16) *TLSBuilder { b.l.Version = v; return b }

// Length sets the record length; by default it is the fragment's.
func (b *TLSBuilder) Length(v uint16) *TLSBuilder { b.l.Length.Put(v); return b }

// Data sets the fragment of a record without handshake messages.
func (b *TLSBuilder) Data(v []byte) *TLSBuilder {
	b.l.HasMessages, b.l.Messages, b.l.Data = false, nil, v
	return b
}

// Message appends a handshake message.
func (b *TLSBuilder) Message(m layers.TLSHandshakeMsg) *TLSBuilder {
	b.l.HasMessages = true
	b.l.Data = nil
	b.l.Messages = append(b.l.Messages, m)
	return b
}

// hello returns the hello of the first message, or records an error.
func (b *TLSBuilder) hello(field string) *layers.TLSHello {
	if len(b.l.Messages) > 0 {
		m := &b.l.Messages[0]
		if m.Type == layers.TLSClientHello || m.Type == layers.TLSServerHello {
			return &m.Hello
		}
	}
	b.fail(field, "", errNoTLSHello)
	return &layers.TLSHello{}
}

const errNoTLSHello = httpError("record holds no ClientHello or ServerHello")

// HelloVersion sets the version of the hello.
func (b *TLSBuilder) HelloVersion(v uint16) *TLSBuilder { b.hello("version").Version = v; return b }

// Random sets the 32 random bytes of the hello.
func (b *TLSBuilder) Random(v [32]byte) *TLSBuilder { b.hello("random").Random = v; return b }

// SessionID sets the legacy session ID (up to 32 bytes).
func (b *TLSBuilder) SessionID(v []byte) *TLSBuilder {
	if len(v) > 32 {
		b.fail("sid", len(v), errTLSSessionID)
		return b
	}
	b.hello("sid").SessionID = v
	return b
}

const errTLSSessionID = httpError("session id longer than 32 bytes")

// CipherSuites sets the offered suites (ClientHello) or the chosen one
// (ServerHello: the first).
func (b *TLSBuilder) CipherSuites(v ...uint16) *TLSBuilder {
	b.hello("ciphers").CipherSuites = v
	return b
}

// Compression sets the compression methods.
func (b *TLSBuilder) Compression(v ...uint8) *TLSBuilder {
	b.hello("comp").CompressionMethods = v
	return b
}

// Extension appends an extension to the hello.
func (b *TLSBuilder) Extension(e ...layers.TLSExtension) *TLSBuilder {
	h := b.hello("ext")
	h.NoExtensions = false
	h.Extensions = append(h.Extensions, e...)
	return b
}

// ServerName adds the server_name extension (SNI).
func (b *TLSBuilder) ServerName(host string) *TLSBuilder { return b.Extension(layers.TLSExtSNI(host)) }

// ALPN adds the ALPN extension.
func (b *TLSBuilder) ALPN(protos ...string) *TLSBuilder {
	return b.Extension(layers.TLSExtALPNOf(protos...))
}

// SupportedVersions adds the client's supported_versions extension.
func (b *TLSBuilder) SupportedVersions(v ...uint16) *TLSBuilder {
	return b.Extension(layers.TLSExtSupportedVersionsOf(v...))
}

// SupportedGroups adds the supported_groups extension.
func (b *TLSBuilder) SupportedGroups(v ...uint16) *TLSBuilder {
	return b.Extension(layers.TLSExtSupportedGroupsOf(v...))
}

// SignatureAlgorithms adds the signature_algorithms extension.
func (b *TLSBuilder) SignatureAlgorithms(v ...uint16) *TLSBuilder {
	return b.Extension(layers.TLSExtSignatureAlgorithmsOf(v...))
}

// KeyShare adds the client's key_share extension.
func (b *TLSBuilder) KeyShare(shares ...layers.TLSKeyShare) *TLSBuilder {
	return b.Extension(layers.TLSExtKeyShareOf(shares...))
}

// Set sets any field by its Scapy name.
func (b *TLSBuilder) Set(field string, v any) *TLSBuilder { b.set(field, v); return b }

// TLSClientHello builds IP/TCP/TLS: a TLS 1.3 ClientHello for sni (with
// ALPN when given) from sport to port 443, flags PA. The random and key
// share are zero: fill them in with NewTLSClientHello for a real handshake.
func TLSClientHello(srcIP, dstIP any, sport uint16, sni string, alpn ...string) ([]byte, error) {
	ch := NewTLSClientHello().CipherSuites(0x1301, 0x1302, 0x1303).ServerName(sni)
	if len(alpn) > 0 {
		ch.ALPN(alpn...)
	}
	ch.SupportedVersions(0x0304, 0x0303).SupportedGroups(0x001d, 0x0017).
		SignatureAlgorithms(0x0403, 0x0804, 0x0401).
		KeyShare(layers.TLSKeyShare{Group: 0x001d, Key: make([]byte, 32)})
	return NewIP().SrcIP(srcIP).DstIP(dstIP).
		Over(NewTCP().SrcPort(sport).DstPort(layers.TLSPort).Flags(layers.TCPPsh | layers.TCPAck)).
		Over(ch).Build()
}
