package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewHTTPRequest() {
	// Scapy: HTTP()/HTTPRequest(Host=b"example.com", User_Agent=b"goscapy")
	req := goscapy.NewHTTPRequest().Header("Host", "example.com").Header("User-Agent", "goscapy")
	b, err := req.Build()
	fmt.Printf("%q %v\n", b, err)
	// Output:
	// "GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: goscapy\r\n\r\n" <nil>
}

func ExampleNewHTTPResponse() {
	// Scapy: HTTP()/HTTPResponse(Content_Length=b"2", Content_Type=b"text/html")/Raw(b"ok")
	b, _ := goscapy.NewHTTPResponse().Header("Content-Length", "2").Header("Content-Type", "text/html").
		Body([]byte("ok")).Build()
	fmt.Printf("%q\n", b)
	// Output:
	// "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/html\r\n\r\nok"
}

func ExampleHTTPBuilder_Status() {
	// Scapy: HTTP()/HTTPResponse(Status_Code=b"404", Reason_Phrase=b"Not Found", Server=b"test")
	b, _ := goscapy.NewHTTPResponse().Status(404, "Not Found").Header("Server", "test").Build()
	fmt.Printf("%q\n", b)
	// Output:
	// "HTTP/1.1 404 Not Found\r\nServer: test\r\n\r\n"
}

func ExampleHTTPBuilder_Body() {
	// A POST over TCP. Scapy: IP(src="192.0.2.1", dst="192.0.2.80")/TCP(sport=40000, dport=8080, flags="PA")/
	//   HTTP()/HTTPRequest(Method=b"POST", Path=b"/api", Http_Version=b"HTTP/1.0", Content_Length=b"5",
	//   Content_Type=b"text/plain", Host=b"example.com")/Raw(b"hello")
	s := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.80").
		Over(goscapy.NewTCP().SrcPort(40000).DstPort(8080).Flags(layers.TCPPsh | layers.TCPAck)).
		Over(goscapy.NewHTTPRequest().Method("POST").Path("/api").Version("HTTP/1.0").
			Header("Content-Length", "5").Header("Content-Type", "text/plain").Header("Host", "example.com").
			Body([]byte("hello")))
	b, err := s.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Packet())
	fmt.Printf("%q\n", b[40:])
	// Output:
	// IP / TCP / HTTP Request POST /api / Raw
	// "POST /api HTTP/1.0\r\nContent-Length: 5\r\nContent-Type: text/plain\r\nHost: example.com\r\n\r\nhello"
}

func ExampleHTTPGet() {
	// Scapy: IP(src="192.0.2.1", dst="192.0.2.80")/TCP(sport=40000, dport=80, flags="PA")/
	//   HTTP()/HTTPRequest(Path=b"/index.html", Host=b"example.com")
	b, err := goscapy.HTTPGet("192.0.2.1", "192.0.2.80", 40000, "example.com", "/index.html")
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p)
	fmt.Printf("%q\n", b[40:])
	fmt.Printf("%x\n", b[20:40])
	// Output:
	// IP / TCP / HTTP Request GET /index.html
	// "GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n"
	// 9c40005000000000000000005018200042fa0000
}

func ExampleNewTLS() {
	// A record of any content type with opaque data.
	// Scapy: TLS(type=23, version=0x0303, msg=[TLSApplicationData(data=b"abc")])
	b, _ := goscapy.NewTLS().Type(layers.TLSApplicationData).Data([]byte("abc")).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 1703030003616263
}

func ExampleNewTLSClientHello() {
	// Scapy: TLS(version=0x0301, msg=[TLSClientHello(gmt_unix_time=0, random_bytes=b"\x01"*28,
	//   ciphers=[0x1301, 0xc02f], ext=[TLS_Ext_ServerName(servernames=[ServerName(servername=b"example.com")]),
	//   TLS_Ext_ALPN(protocols=[ProtocolName(protocol=b"h2")])])])
	var random [32]byte
	for i := 4; i < 32; i++ {
		random[i] = 1
	}
	ch := goscapy.NewTLSClientHello().Random(random).CipherSuites(0x1301, 0xc02f).
		ServerName("example.com").ALPN("h2")
	b, err := ch.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ch.Layer().Summary(), len(b))
	fmt.Printf("%x\n", b[:11])
	fmt.Printf("%x\n", b[43:])
	// Output:
	// TLS handshake client_hello 83
	// 160301004e0100004a0303
	// 0000041301c02f0100001d00000010000e00000b6578616d706c652e636f6d001000050003026832
}

func ExampleTLSBuilder_KeyShare() {
	// A TLS 1.3 ClientHello: supported versions, groups, signature
	// algorithms and an X25519 key share.
	// Scapy: TLS(version=0x0303, msg=[TLSClientHello(gmt_unix_time=0, random_bytes=b"\x00"*28,
	//   ciphers=[0x1301], ext=[TLS_Ext_SupportedVersion_CH(versions=[0x0304]),
	//   TLS_Ext_SupportedGroups(groups=[29]), TLS_Ext_SignatureAlgorithms(sig_algs=[0x0403]),
	//   TLS_Ext_KeyShare_CH(client_shares=[KeyShareEntry(group=29, key_exchange=b"\x00"*32)])])])
	b, err := goscapy.NewTLSClientHello().Version(0x0303).CipherSuites(0x1301).
		SupportedVersions(0x0304).SupportedGroups(0x001d).SignatureAlgorithms(0x0403).
		KeyShare(layers.TLSKeyShare{Group: 0x001d, Key: make([]byte, 32)}).Build()
	fmt.Println(len(b), err)
	fmt.Printf("%x\n", b[43:71])
	// Output:
	// 117 <nil>
	// 000002130101000041002b0003020304000a00040002001d000d0004
}

func ExampleNewTLSServerHello() {
	// Scapy: TLS(version=0x0303, msg=[TLSServerHello(gmt_unix_time=0, random_bytes=b"\x00"*28, cipher=0xc02f)])
	b, _ := goscapy.NewTLSServerHello().CipherSuites(0xc02f).Build()
	fmt.Printf("%x\n", b[:11])
	fmt.Printf("%x\n", b[43:])
	// Output:
	// 160303002a020000260303
	// 00c02f00
}

func ExampleNewTLSCertificate() {
	// Scapy: TLS(version=0x0303, msg=[TLSCertificate(certs=[(3, b"\x30\x01\x00")])])
	b, _ := goscapy.NewTLSCertificate([]byte{0x30, 0x01, 0x00}).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 160303000d0b000009000006000003300100
}

func ExampleNewTLSAlert() {
	// A fatal handshake_failure. Scapy: TLS(version=0x0303, type=21, msg=[TLSAlert(level=2, descr=40)])
	a := goscapy.NewTLSAlert(2, 40)
	b, _ := a.Build()
	fmt.Println(a.Layer().Summary())
	fmt.Printf("%x\n", b)
	// Output:
	// TLS alert
	// 15030300020228
}

func ExampleNewTLSChangeCipherSpec() {
	// Scapy: TLS(version=0x0303, msg=[TLSChangeCipherSpec()])
	b, _ := goscapy.NewTLSChangeCipherSpec().Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 140303000101
}

func ExampleNewTLSApplicationData() {
	// Scapy: TLS(version=0x0303, msg=[TLSApplicationData(data=b"abc")])
	b, _ := goscapy.NewTLSApplicationData([]byte("abc")).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 1703030003616263
}

func ExampleTLSClientHello() {
	// IP/TCP/TLS with a TLS 1.3 ClientHello for example.com, without sending it.
	b, err := goscapy.TLSClientHello("192.0.2.1", "192.0.2.2", 40000, "example.com", "h2", "http/1.1")
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p, len(b))
	// Output:
	// IP / TCP / TLS handshake client_hello 207
}
