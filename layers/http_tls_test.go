package layers

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

type httpTLSFrame struct {
	proto, file string
	n           int
	want        map[string]string
	frame       []byte
}

func loadHTTPTLSFrames(t testing.TB) []httpTLSFrame {
	t.Helper()
	var out []httpTLSFrame
	for _, line := range strings.Split(strings.TrimSpace(httpTLSFrames), "\n") {
		c := strings.Split(line, "\t")
		if len(c) != 5 {
			t.Fatalf("bad frame line %q", line)
		}
		f := httpTLSFrame{proto: c[0], file: c[1]}
		f.n, _ = strconv.Atoi(c[2])
		if err := json.Unmarshal([]byte(c[3]), &f.want); err != nil {
			t.Fatal(err)
		}
		b, err := hex.DecodeString(c[4])
		if err != nil {
			t.Fatal(err)
		}
		f.frame = b
		out = append(out, f)
	}
	return out
}

func httpTLSFrame1(t testing.TB, file string, n int) []byte {
	for _, f := range loadHTTPTLSFrames(t) {
		if f.file == file && f.n == n {
			return f.frame
		}
	}
	t.Fatalf("no frame %s#%d", file, n)
	return nil
}

// tcpPayloadOf returns the TCP payload of an Ethernet/IP/TCP frame.
func tcpPayloadOf(fr []byte) []byte {
	if len(fr) < 14 {
		return nil
	}
	off := 14
	switch be16(fr[12:]) {
	case 0x0800:
		if len(fr) < off+20 {
			return nil
		}
		off += int(fr[off]&15) * 4
	case 0x86dd:
		off += 40
	default:
		return nil
	}
	if len(fr) < off+20 {
		return nil
	}
	off += int(fr[off+12]>>4) * 4
	if off > len(fr) {
		return nil
	}
	return fr[off:]
}

func joinU16(v []uint16, hexa bool) string {
	s := make([]string, len(v))
	for i, x := range v {
		if hexa {
			s[i] = fmt.Sprintf("0x%04x", x)
		} else {
			s[i] = strconv.Itoa(int(x))
		}
	}
	return strings.Join(s, ",")
}

func reencode(t *testing.T, p *packet.Packet, frame []byte, name string) {
	t.Helper()
	out, err := p.Build()
	if err != nil {
		t.Errorf("%s: build: %v", name, err)
		return
	}
	if !bytes.Equal(out, frame) {
		t.Errorf("%s: re-encode differs\n got %x\nwant %x", name, out, frame)
	}
}

// TestTLSCorpus compares every TLS field TShark gives for real frames.
func TestTLSCorpus(t *testing.T) {
	for _, f := range loadHTTPTLSFrames(t) {
		if f.proto != "tls" {
			continue
		}
		name := fmt.Sprintf("%s#%d", f.file, f.n)
		p, err := packet.Dissect(f.frame, EthernetType)
		if err != nil {
			t.Errorf("%s: %v (%v)", name, err, p)
			continue
		}
		reencode(t, p, f.frame, name)
		var types, versions, lengths, hs, sni, alpn, ciphers, sid, certs, alert, sv, groups []string
		for _, l := range p.Layers() {
			r, ok := l.(*TLS)
			if !ok || r.Partial { // tshark lists no record cut at the segment end
				continue
			}
			types = append(types, strconv.Itoa(int(r.Type)))
			versions = append(versions, fmt.Sprintf("0x%04x", r.Version))
			lengths = append(lengths, strconv.Itoa(int(r.Length.Value)))
			if d, ok := r.AlertDescription(); ok && f.file != "gopacket/test301.pcapng" {
				alert = append(alert, strconv.Itoa(int(d)))
			}
			for i := range r.Messages {
				m := &r.Messages[i]
				hs = append(hs, strconv.Itoa(int(m.Type)))
				if !m.Parsed {
					continue
				}
				switch m.Type {
				case TLSClientHello, TLSServerHello:
					h := &m.Hello
					if s := h.ServerName(); s != "" {
						sni = append(sni, s)
					}
					if a := h.ALPN(); len(a) > 0 {
						alpn = append(alpn, strings.Join(a, ","))
					}
					ciphers = append(ciphers, joinU16(h.CipherSuites, true))
					if len(h.SessionID) > 0 {
						sid = append(sid, hex.EncodeToString(h.SessionID))
					}
					if v := h.SupportedVersions(); len(v) > 0 {
						// tshark lists the client's versions without GREASE.
						sv = append(sv, joinU16(v, true))
					}
					if g := h.SupportedGroups(); len(g) > 0 {
						groups = append(groups, joinU16(g, true))
					}
				case TLSCertificate:
					for _, c := range m.Certs {
						certs = append(certs, strconv.Itoa(len(c)))
					}
				}
			}
		}
		got := map[string]string{
			"tls.record.version": strings.Join(versions, ","), "tls.record.length": strings.Join(lengths, ","),
			"tls.handshake.extensions_server_name":       strings.Join(sni, ","),
			"tls.handshake.extensions_alpn_str":          strings.Join(alpn, ","),
			"tls.handshake.ciphersuite":                  strings.Join(ciphers, ","),
			"tls.handshake.session_id":                   strings.Join(sid, ","),
			"tls.handshake.certificate_length":           strings.Join(certs, ","),
			"tls.handshake.extensions.supported_version": strings.Join(sv, ","),
			"tls.handshake.extensions_supported_group":   strings.Join(groups, ","),
		}
		// tshark leaves out the content type of TLS 1.3 encrypted records.
		if w := f.want["tls.record.content_type"]; strings.Count(w, ",") == len(types)-1 {
			got["tls.record.content_type"] = strings.Join(types, ",")
		}
		// The capture of test301 comes with its key log: tshark decrypts
		// the Finished messages that stay opaque here.
		if f.file != "gopacket/test301.pcapng" {
			got["tls.handshake.type"] = strings.Join(hs, ",")
			got["tls.alert_message.desc"] = strings.Join(alert, ",")
		}
		for k, g := range got {
			if w := f.want[k]; g != w {
				t.Errorf("%s: %s = %q, tshark %q", name, k, g, w)
			}
		}
	}
}

// TestHTTPCorpus compares request and status lines and headers with TShark.
func TestHTTPCorpus(t *testing.T) {
	for _, f := range loadHTTPTLSFrames(t) {
		if f.proto != "http" {
			continue
		}
		name := fmt.Sprintf("%s#%d", f.file, f.n)
		p, err := packet.Dissect(f.frame, EthernetType)
		h, ok := packet.LayerOf[*HTTP](p)
		if len(f.want) == 0 { // a body segment on port 80: not HTTP, stays Raw
			if _, raw := packet.LayerOf[*packet.Raw](p); ok || !raw || err != nil {
				t.Errorf("%s: %v %v", name, p, err)
			}
			reencode(t, p, f.frame, name)
			continue
		}
		if err != nil || !ok {
			t.Errorf("%s: %v (%v)", name, err, p)
			continue
		}
		reencode(t, p, f.frame, name)
		hv := func(n string) string { v, _ := h.Header(n); return string(v) }
		var got map[string]string
		if h.Response {
			got = map[string]string{"http.response.version": string(h.HTTPVersion), "http.response.code": string(h.StatusCode),
				"http.response.phrase": string(h.ReasonPhrase)}
		} else {
			got = map[string]string{"http.request.method": string(h.Method), "http.request.uri": string(h.Path),
				"http.request.version": string(h.HTTPVersion)}
		}
		got["http.host"] = hv("Host")
		got["http.content_length_header"] = hv("Content-Length")
		got["http.transfer_encoding"] = hv("Transfer-Encoding")
		for k, g := range got {
			if w := f.want[k]; g != w {
				t.Errorf("%s: %s = %q, tshark %q", name, k, g, w)
			}
		}
	}
}

func TestHTTPTLSBindings(t *testing.T) {
	for _, c := range []struct {
		field string
		port  uint64
		want  packet.LayerType
	}{
		{"dport", 80, HTTPType}, {"sport", 80, HTTPType}, {"dport", 8080, HTTPType}, {"sport", 8080, HTTPType},
		{"dport", 443, TLSType}, {"sport", 443, TLSType}, {"dport", 4433, TLSType}, {"sport", 4433, TLSType},
	} {
		if got := packet.NextLayer(TCPType, c.field, c.port); got != c.want {
			t.Errorf("tcp %s %d: %v", c.field, c.port, got)
		}
	}
	for _, n := range []string{"HTTPRequest", "HTTPResponse", "http", "TLS", "SSL"} {
		if packet.Lookup(n) == nil {
			t.Errorf("lookup %s", n)
		}
	}
}

func TestHTTPShowGetChunked(t *testing.T) {
	p, err := packet.Dissect(httpTLSFrame1(t, "generated/kernel/http.pcap", 28), EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	h, _ := packet.LayerOf[*HTTP](p)
	if !h.Chunked() {
		t.Error("not chunked")
	}
	if v, err := h.Get("Transfer_Encoding"); err != nil || string(v.([]byte)) != "chunked" {
		t.Errorf("get: %v %v", v, err)
	}
	show := h.Show()
	for _, want := range []string{"###[ HTTP Response ]###", "Status_Code= b'200'", "Http_Version= b'HTTP/1.1'", "b'Transfer-Encoding': b'chunked'"} {
		if !strings.Contains(show, want) {
			t.Errorf("show lacks %q:\n%s", want, show)
		}
	}
	if h.Summary() != "HTTP Response 200 OK" {
		t.Error(h.Summary())
	}
	out, done, err := HTTPDechunk([]byte("5\r\nhello\r\n6;x=1\r\n world\r\n0\r\n\r\n"))
	if string(out) != "hello world" || !done || err != nil {
		t.Errorf("%q %v %v", out, done, err)
	}
	if _, _, err := HTTPDechunk([]byte("zz\r\n")); !errors.Is(err, packet.ErrMalformed) {
		t.Error(err)
	}
	out, done, _ = HTTPDechunk([]byte("5\r\nhello\r\n6\r\n wo"))
	if string(out) != "hello" || done {
		t.Errorf("%q %v", out, done)
	}
}

func TestHTTPHeuristicFailsCleanly(t *testing.T) {
	for _, s := range []string{"", "GET", "GET /\r\n", "\x16\x03\x01\x00", "get / HTTP/2.0\r\n", "HTTP/1.1 2x0 OK\r\n",
		"GET / HTTP/1.1\r\nbadheader\r\n\r\n", "G ET / HTTP/1.1\r\n"} {
		h := NewHTTPRequest()
		if _, err := h.DecodeFromBytes([]byte(s), nil); !errors.Is(err, packet.ErrMalformed) {
			t.Errorf("%q: %v", s, err)
		}
	}
	if !HTTPLooksLike([]byte("POST /x HTTP/1.0\r\n")) || !HTTPLooksLike([]byte("HTTP/1.1 404 Not Found\r\n")) {
		t.Error("looks like")
	}
	// A head cut at the segment end is kept.
	in := []byte("GET / HTTP/1.1\r\nHost: a\r\nUser-Ag")
	h := NewHTTPRequest()
	res, err := h.DecodeFromBytes(in, nil)
	if err != nil || !h.Truncated || res.HeaderLen != len(in) || h.HeaderLen() != len(in) {
		t.Fatalf("%v %+v", err, h)
	}
}

func TestHTTPBuildScapyDefaults(t *testing.T) {
	h := NewHTTPRequest()
	h.AddHeader("Host", "example.com")
	b, err := packet.New(h).Build()
	if err != nil || string(b) != "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n" {
		t.Errorf("%q %v", b, err)
	}
	r := NewHTTPResponse()
	b, err = packet.New(r).Build()
	if err != nil || string(b) != "HTTP/1.1 200 OK\r\n\r\n" {
		t.Errorf("%q %v", b, err)
	}
}

func TestTLSClientHelloHelpers(t *testing.T) {
	p, err := packet.Dissect(httpTLSFrame1(t, "generated/kernel/tls.pcap", 61), EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := packet.LayerOf[*TLS](p)
	ch, ok := r.ClientHello()
	if !ok || ch.ServerName() != "tls.lab.test" || strings.Join(ch.ALPN(), ",") != "h2,http/1.1" {
		t.Fatalf("%v %+v", ok, ch)
	}
	if len(ch.KeyShares()) == 0 || len(ch.SignatureAlgorithms()) == 0 {
		t.Errorf("key shares %v sigalgs %v", ch.KeyShares(), ch.SignatureAlgorithms())
	}
	show := r.Show()
	for _, want := range []string{"###[ TLS ]###", "type      = handshake", "servername=tls.lab.test", "version   = TLS 1.0"} {
		if !strings.Contains(show, want) {
			t.Errorf("show lacks %q:\n%s", want, show)
		}
	}
	if r.Summary() != "TLS handshake client_hello" {
		t.Error(r.Summary())
	}
	// Certificates of a server flight.
	q, _ := packet.Dissect(httpTLSFrame1(t, "generated/kernel/tls.pcap", 9), EthernetType)
	n := 0
	for _, l := range q.Layers() {
		if r, ok := l.(*TLS); ok {
			n += len(r.Certificates())
		}
	}
	if n != 1 {
		t.Errorf("%d certificates", n)
	}
}

func TestTLSPartialRecord(t *testing.T) {
	fr := httpTLSFrame1(t, "generated/kernel/tls.pcap", 9)
	payload := tcpPayloadOf(fr)
	for _, cut := range []int{3, 5, 60, 74, 80, 200, 600} {
		seg := payload[:cut]
		r := NewTLS()
		res, err := r.DecodeFromBytes(seg, &packet.DecodeContext{})
		if cut < 5 {
			if err == nil {
				t.Errorf("cut %d: no error", cut)
			}
			continue
		}
		if err != nil {
			t.Errorf("cut %d: %v", cut, err)
			continue
		}
		d := packet.New(r)
		b, err := d.Build()
		if err != nil || !bytes.Equal(b, seg[:res.HeaderLen]) {
			t.Errorf("cut %d: %x %v", cut, b, err)
		}
	}
}

func TestTLSBuild(t *testing.T) {
	var h TLSHello
	h.Version = 0x0303
	h.CipherSuites = []uint16{0x1301, 0x1302}
	h.CompressionMethods = []uint8{0}
	h.Extensions = []TLSExtension{TLSExtSNI("example.com"), TLSExtALPNOf("h2", "http/1.1"),
		TLSExtSupportedVersionsOf(0x0304, 0x0303), TLSExtSupportedGroupsOf(29, 23),
		TLSExtSignatureAlgorithmsOf(0x0403, 0x0804), TLSExtKeyShareOf(TLSKeyShare{Group: 29, Key: make([]byte, 32)})}
	r := &TLS{Type: TLSHandshake, Version: 0x0301, HasMessages: true,
		Messages: []TLSHandshakeMsg{{Type: TLSClientHello, Parsed: true, Hello: h}}}
	b, err := packet.New(r).Build()
	if err != nil {
		t.Fatal(err)
	}
	q := NewTLS()
	if _, err := q.DecodeFromBytes(b, &packet.DecodeContext{}); err != nil {
		t.Fatal(err)
	}
	ch, ok := q.ClientHello()
	if !ok || ch.ServerName() != "example.com" || joinU16(ch.SupportedVersions(), true) != "0x0304,0x0303" ||
		joinU16(ch.SupportedGroups(), false) != "29,23" || len(ch.KeyShares()) != 1 || len(ch.KeyShares()[0].Key) != 32 {
		t.Errorf("%+v", ch)
	}
	if int(q.Length.Value) != len(b)-5 {
		t.Error("length")
	}
	// A length the user set is kept.
	r.Length = fields.Some(uint16(7))
	b, _ = packet.New(r).Build()
	if be16(b[3:]) != 7 {
		t.Error("user length overwritten")
	}
}

func TestHTTPTLSDecoderNoAlloc(t *testing.T) {
	fr := httpTLSFrame1(t, "generated/kernel/tls.pcap", 9)
	hr := httpTLSFrame1(t, "generated/kernel/http.pcap", 8)
	d := packet.NewDecoder(EthernetType)
	d.Decode(fr)
	d.Decode(hr)
	n := testing.AllocsPerRun(50, func() {
		d.Decode(fr)
		d.Decode(hr)
	})
	if n != 0 {
		t.Errorf("%v allocations per decode", n)
	}
}

func FuzzTLS(f *testing.F) {
	for _, fr := range loadHTTPTLSFrames(f) {
		if fr.proto == "tls" && len(tcpPayloadOf(fr.frame)) > 0 {
			f.Add(tcpPayloadOf(fr.frame))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewTLS()
		res, err := r.DecodeFromBytes(data, &packet.DecodeContext{})
		if err != nil {
			return
		}
		b, err := packet.New(r).Build()
		if err != nil || !bytes.Equal(b, data[:res.HeaderLen]) {
			t.Fatalf("re-encode: %x %v, want %x", b, err, data[:res.HeaderLen])
		}
		r.Show()
		r.Summary()
		if ch, ok := r.ClientHello(); ok {
			ch.ServerName()
			ch.ALPN()
			ch.KeyShares()
			ch.SupportedVersions()
		}
	})
}

func FuzzHTTP(f *testing.F) {
	for _, fr := range loadHTTPTLSFrames(f) {
		if fr.proto == "http" && len(tcpPayloadOf(fr.frame)) > 0 {
			f.Add(tcpPayloadOf(fr.frame))
		}
	}
	f.Add([]byte("GET / HTTP/1.1\r\nHost: a\r\n\r\nbody"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h := NewHTTPRequest()
		res, err := h.DecodeFromBytes(data, &packet.DecodeContext{})
		if err != nil {
			return
		}
		b, err := packet.New(h).Build()
		if err != nil || !bytes.Equal(b, data[:res.HeaderLen]) {
			t.Fatalf("re-encode: %q %v, want %q", b, err, data[:res.HeaderLen])
		}
		h.Show()
		h.Summary()
		HTTPDechunk(data[res.HeaderLen:])
	})
}

// TestHTTPTLSGetEveryField reads every field of fresh and decoded layers
// by name: no field may panic on a layer where it is absent.
func TestHTTPTLSGetEveryField(t *testing.T) {
	ls := []packet.Layer{NewTLS(), NewHTTPRequest(), NewHTTPResponse(), &TLS{}, &HTTP{}}
	for _, f := range loadHTTPTLSFrames(t) {
		p, _ := packet.Dissect(f.frame, EthernetType)
		for _, l := range p.Layers() {
			if _, ok := l.(*TLS); ok {
				ls = append(ls, l)
			}
			if _, ok := l.(*HTTP); ok {
				ls = append(ls, l)
			}
		}
	}
	for _, l := range ls {
		for _, f := range l.Proto().Fields {
			if _, err := l.Get(f.Name); err != nil {
				t.Errorf("%s.%s: %v", l.Proto().Name, f.Name, err)
			}
		}
		l.Show()
		l.Summary()
		packet.New(l).Build()
	}
}
