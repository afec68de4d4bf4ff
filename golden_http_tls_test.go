package goscapy

import (
	"bytes"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Go descriptions of testdata/scapy/http_tls.in: HTTP and TLS.
func init() {
	pa := uint8(layers.TCPPsh | layers.TCPAck)
	addGolden("http_get", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.80").
			Over(NewTCP().SrcPort(40000).DstPort(80).Flags(pa)).
			Over(NewHTTPRequest().Header("Host", "example.com").Header("User-Agent", "goscapy")).Build()
	})
	addGolden("http_post_body", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.80").
			Over(NewTCP().SrcPort(40000).DstPort(8080).Flags(pa)).
			Over(NewHTTPRequest().Method("POST").Path("/api").Version("HTTP/1.0").
				Header("Content-Length", "5").Header("Content-Type", "text/plain").Header("Host", "example.com").
				Body([]byte("hello"))).Build()
	})
	addGolden("http_response", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.80").DstIP("192.0.2.1").
			Over(NewTCP().SrcPort(80).DstPort(40000).Flags(pa)).
			Over(NewHTTPResponse().Header("Content-Length", "2").Header("Content-Type", "text/html").Body([]byte("ok"))).Build()
	})
	addGolden("http_404", func() ([]byte, error) {
		return NewHTTPResponse().Status(404, "Not Found").Header("Server", "test").Build()
	})
	var rnd1, rnd2 [32]byte
	for i := 4; i < 32; i++ {
		rnd1[i], rnd2[i] = 1, 2
	}
	addGolden("tls_client_hello", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
			Over(NewTCP().SrcPort(40000).DstPort(443).Flags(pa)).
			Over(NewTLSClientHello().Random(rnd1).CipherSuites(0x1301, 0xc02f).
				ServerName("example.com").ALPN("h2", "http/1.1")).Build()
	})
	addGolden("tls13_client_hello", func() ([]byte, error) {
		return NewTLSClientHello().Version(0x0303).Random(rnd1).CipherSuites(0x1301).
			SupportedVersions(0x0304, 0x0303).SupportedGroups(29, 23).SignatureAlgorithms(0x0403, 0x0804).
			KeyShare(layers.TLSKeyShare{Group: 29, Key: make([]byte, 32)}).Build()
	})
	addGolden("tls_server_hello", func() ([]byte, error) {
		return NewTLSServerHello().Random(rnd2).CipherSuites(0xc02f).Build()
	})
	addGolden("tls_alert", func() ([]byte, error) {
		return NewIP().SrcIP("192.0.2.2").DstIP("192.0.2.1").
			Over(NewTCP().SrcPort(443).DstPort(40000).Flags(pa)).
			Over(NewTLSAlert(2, 40)).Build()
	})
	addGolden("tls_ccs", func() ([]byte, error) { return NewTLSChangeCipherSpec().Build() })
	addGolden("tls_appdata", func() ([]byte, error) { return NewTLSApplicationData([]byte("abc")).Build() })
	addGolden("tls_certificate", func() ([]byte, error) {
		return NewTLSCertificate([]byte{0x30, 0x01, 0x00}).Build()
	})
}

// TestHTTPTLSShortcuts builds the shortcuts and reads them back.
func TestHTTPTLSShortcuts(t *testing.T) {
	b, err := HTTPGet("192.0.2.1", "192.0.2.80", 40000, "example.com", "/x")
	if err != nil {
		t.Fatal(err)
	}
	p, err := packet.Dissect(b, layers.IPv4Type)
	if err != nil {
		t.Fatal(err)
	}
	h, ok := packet.LayerOf[*layers.HTTP](p)
	if !ok || string(h.Path) != "/x" || p.String() != "IP / TCP / HTTP Request GET /x" {
		t.Errorf("%v", p)
	}
	b, err = TLSClientHello("192.0.2.1", "192.0.2.2", 40000, "example.com", "h2")
	if err != nil {
		t.Fatal(err)
	}
	p, err = packet.Dissect(b, layers.IPv4Type)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := packet.LayerOf[*layers.TLS](p)
	ch, ok := r.ClientHello()
	if !ok || ch.ServerName() != "example.com" || len(ch.ALPN()) != 1 || len(ch.KeyShares()) != 1 {
		t.Errorf("%v", p)
	}
	out, _ := p.Build()
	if !bytes.Equal(out, b) {
		t.Error("round trip")
	}
	if _, err := NewHTTPResponse().Status(2000, "x").Build(); err == nil {
		t.Error("bad status accepted")
	}
	if _, err := NewTLSAlert(2, 40).CipherSuites(1).Build(); err == nil {
		t.Error("hello setter on an alert accepted")
	}
}
