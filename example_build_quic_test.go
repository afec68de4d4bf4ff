package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

func ExampleNewQUIC() {
	// A client's first Initial: a TLS ClientHello in a CRYPTO frame,
	// protected with the keys derived from the Destination Connection ID
	// (RFC 9001 section 5.2) and padded to 1200 bytes.
	dcid := []byte{0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08}
	ch := goscapy.NewTLSClientHello().CipherSuites(0x1301).ServerName("example.com").
		ALPN("h3").SupportedVersions(0x0304)
	b, err := goscapy.NewIP().SrcIP("192.0.2.10").DstIP("192.0.2.1").
		Over(goscapy.NewUDP().SrcPort(40000).DstPort(443)).
		Over(goscapy.NewQUIC().DCID(dcid).SCID([]byte{1, 2, 3, 4}).ClientHello(ch)).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary(), len(b)-28)

	// The receiver removes the protection the same way.
	q, _ := packet.LayerOf[*layers.QUIC](p)
	in, err := q.DecryptInitial(dcid, false)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(in.PacketNumber, in.ServerName())
	// Output:
	// IP / UDP / QUIC Initial v1 DCID=8394c8f03e515708 SCID=01020304 1200
	// 0 example.com
}

func ExampleQUICBuilder_VersionNegotiation() {
	// A server lists the versions it supports.
	b, err := goscapy.NewQUIC().DCID([]byte{1, 2, 3, 4}).SCID([]byte{5, 6, 7, 8}).
		VersionNegotiation(layers.QUICVersion1, layers.QUICVersion2).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[1:]) // the first byte's low bits are arbitrary (zero here)
	// Output:
	// 00 00 00 00 04 01 02 03 04 04 05 06 07 08 00 00
	// 00 01 6b 33 43 cf
}

func ExampleQUICBuilder_Kind() {
	// A Handshake packet whose payload is given as sent (already protected).
	b, err := goscapy.NewQUIC().Kind(layers.QUICHandshake).DCID([]byte{1, 2, 3, 4}).
		Payload([]byte{0xaa, 0xbb, 0xcc, 0xdd}).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.QUICType)
	fmt.Println(p.Summary())
	hexRows(b)
	// Output:
	// QUIC Handshake v1 DCID=01020304
	// e0 00 00 00 01 04 01 02 03 04 00 04 aa bb cc dd
}

func ExampleQUICBuilder_Server() {
	// The server's Initial is protected with the server keys derived from
	// the client's original Destination Connection ID.
	odcid := []byte{0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08}
	ping := []byte{0x01} // a PING frame
	b, err := goscapy.NewQUIC().DCID([]byte{1, 2, 3, 4}).SCID([]byte{0xf0, 0x67, 0xa5, 0x50, 0x2a, 0x42, 0x62, 0xb5}).
		Server(odcid).Protect(1, ping, 0).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.QUICType)
	q, _ := packet.LayerOf[*layers.QUIC](p)
	in, err := q.DecryptInitial(odcid, true)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Summary())
	fmt.Printf("pn %d, frames % x\n", in.PacketNumber, in.Plaintext[:1])
	// Output:
	// QUIC Initial v1 DCID=01020304 SCID=f067a5502a4262b5
	// pn 1, frames 01
}
