package goscapy_test

import (
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// A DNS query as Scapy builds it:
// Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/IP(src="192.0.2.1", dst="192.0.2.2")/
// UDP(sport=33333, dport=53)/DNS(id=0x1234, qd=DNSQR(qname="example.com"))
const dnsQueryHex = "020000000002020000000001080045000039000100004011f6afc0000201c0000202" +
	"8235003500251794123401000001000000000000076578616d706c6503636f6d0000010001"

func ExampleDissect() {
	frame, _ := hex.DecodeString(dnsQueryHex)
	p, err := goscapy.Dissect(frame)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p)
	ip, _ := packet.LayerOf[*layers.IPv4](p)
	udp, _ := packet.LayerOf[*layers.UDP](p)
	fmt.Println(ip.Src, ip.Dst, ip.TTL, udp.SrcPort, udp.DstPort)
	// Output:
	// Ethernet / IP / UDP / DNS Qry "example.com."
	// 192.0.2.1 192.0.2.2 64 33333 53
}

func ExampleDissect_truncated() {
	// The layers that could be decoded are kept; the error says where
	// dissection stopped.
	frame, _ := hex.DecodeString(dnsQueryHex)
	p, err := goscapy.Dissect(frame[:30])
	fmt.Println(p)
	var de *packet.DecodeError
	fmt.Println(errors.As(err, &de), errors.Is(err, packet.ErrTruncated))
	// Output:
	// 02:00:00:00:00:01 > 02:00:00:00:00:02 (IPv4) / Raw
	// true true
}

func ExampleDissectAs() {
	// A raw IPv4 packet (no link layer), from Scapy:
	// IP(src="192.0.2.1", dst="192.0.2.2")/ICMP(id=7, seq=1)/b"ping"
	data, _ := hex.DecodeString("45000020000100004001f6d8c0000201c0000202080019270007000170696e67")
	p, err := goscapy.DissectAs(data, layers.IPv4Type)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Summary())
	icmp, _ := packet.LayerOf[*layers.ICMP](p)
	fmt.Println(icmp.Type, icmp.ID, icmp.Seq)
	// Output:
	// IP / ICMP 192.0.2.1 > 192.0.2.2 echo-request 0 / Raw
	// 8 7 1
}

func ExampleNewDecoder() {
	// A decoder is reused for every frame (a capture loop, say): once
	// warm it allocates nothing, and each packet is valid until the next
	// Decode.
	frame, _ := hex.DecodeString(dnsQueryHex)
	dec := goscapy.NewDecoder()
	for range 3 {
		p, err := dec.Decode(frame)
		if err != nil {
			fmt.Println(err)
			return
		}
		dns, _ := packet.LayerOf[*layers.DNS](p)
		fmt.Printf("%#04x %d\n", dns.ID, len(dns.Questions))
	}
	// Output:
	// 0x1234 1
	// 0x1234 1
	// 0x1234 1
}

func ExampleNewDecoderFor() {
	// Scapy: IP(src="192.0.2.1", dst="192.0.2.2")/ICMP(id=7, seq=1)/b"ping"
	data, _ := hex.DecodeString("45000020000100004001f6d8c0000201c0000202080019270007000170696e67")
	dec := goscapy.NewDecoderFor(layers.IPv4Type)
	p, err := dec.Decode(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p)
	// Output:
	// IP / ICMP 192.0.2.1 > 192.0.2.2 echo-request 0 / Raw
}
