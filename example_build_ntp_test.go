package goscapy_test

import (
	"bytes"
	"fmt"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewNTP() {
	// A server's reply. 2024-01-01 00:00:00 UTC is 3913056000 seconds since 1900.
	// Scapy: IP(src="192.0.2.123", dst="192.0.2.10")/UDP(sport=123, dport=123)/
	//        NTP(mode=4, stratum=2, poll=6, precision=-23, delay=0.015625, dispersion=0.5, id="192.0.2.1",
	//            ref=3913055990.5, orig=3913056000.25, recv=3913056000.75, sent=3913056000.875)
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	b, err := goscapy.NewIP().SrcIP("192.0.2.123").DstIP("192.0.2.10").
		Over(goscapy.NewUDP().SrcPort(123).DstPort(123)).
		Over(goscapy.NewNTP().Mode(layers.NTPModeServer).Stratum(2).Poll(6).Precision(-23).
			RootDelay(time.Second / 64).RootDispersion(time.Second / 2).RefID("192.0.2.1").
			Ref(t0.Add(-9500 * time.Millisecond)).Orig(t0.Add(250 * time.Millisecond)).
			Recv(t0.Add(750 * time.Millisecond)).Sent(t0.Add(875 * time.Millisecond))).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	hexRows(b[28:])
	// Output:
	// IP / UDP / NTP v4, server
	// 24 02 06 e9 00 00 04 00 00 00 80 00 c0 00 02 01
	// e9 3c 7e f6 80 00 00 00 e9 3c 7f 00 40 00 00 00
	// e9 3c 7f 00 c0 00 00 00 e9 3c 7f 00 e0 00 00 00
}

func ExampleNTPBuilder_RefID() {
	// A stratum 1 server names its reference clock.
	// Scapy: NTP(version=3, mode=4, stratum=1, ref_id="GPS", precision=-20, leap=3, orig=0, sent=3913056001)
	b, err := goscapy.NewNTP().Version(3).Mode(layers.NTPModeServer).Stratum(1).RefID("GPS").
		Precision(-20).Leap(3).Orig(0).Sent(3913056001).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[:16])
	// Output:
	// dc 01 0a ec 00 00 00 00 00 00 00 00 47 50 53 00
}

func ExampleNTPBuilder_MAC() {
	// Scapy: NTPHeader(orig=0, sent=0)/NTPAuthenticator(key_id=1, dgst=b"\x11"*16)
	b, _ := goscapy.NewNTP().Orig(0).Sent(0).MAC(1, bytes.Repeat([]byte{0x11}, 16)).Build()
	fmt.Println(len(b))
	hexRows(b[48:])
	// Output:
	// 68
	// 00 00 00 01 11 11 11 11 11 11 11 11 11 11 11 11
	// 11 11 11 11
}

func ExampleNewNTPControl() {
	// Scapy: IP(src="192.0.2.10", dst="192.0.2.123")/UDP(sport=40000, dport=123)/
	//        NTPControl(op_code=2, sequence=7, count=7, data=b"version")
	b, err := goscapy.NewIP().SrcIP("192.0.2.10").DstIP("192.0.2.123").
		Over(goscapy.NewUDP().SrcPort(40000).DstPort(123)).
		Over(goscapy.NewNTPControl().OpCode(2).Sequence(7).Data([]byte("version"))).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	hexRows(b[28:])
	// Output:
	// IP / UDP / NTP v2, NTP control message
	// 16 02 00 07 00 00 00 00 00 00 00 07 76 65 72 73
	// 69 6f 6e
}

func ExampleNewNTPPrivate() {
	// Scapy: NTPPrivate(mode=7, implementation=3, request_code=1)
	b, err := goscapy.NewNTPPrivate().Set("implementation", 3).Set("request_code", 1).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b)
	// Output:
	// 17 00 03 01 00 00 00 00
}

func ExampleNTPRequest() {
	// Scapy: IP(src="192.0.2.10", dst="192.0.2.123")/UDP(sport=123, dport=123)/
	//        NTP(stratum=0, poll=0, ref_id="", orig=0, sent=3913056000.25)
	sent := time.Date(2024, 1, 1, 0, 0, 0, 250000000, time.UTC)
	b, err := goscapy.NTPRequest("192.0.2.10", "192.0.2.123", sent)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	hexRows(b[20:])
	// Output:
	// IP / UDP / NTP v4, client
	// 00 7b 00 7b 00 38 ae c4 23 00 00 00 00 00 00 00
	// 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
	// 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
	// e9 3c 7f 00 40 00 00 00
}

func ExampleNewNTPClientRequest() {
	sent := time.Date(2024, 1, 1, 0, 0, 0, 250000000, time.UTC)
	b, err := goscapy.NewNTPClientRequest(sent).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	// Version 4, mode 3 (client); the transmit timestamp at the end.
	hexRows(b[:4])
	hexRows(b[40:])
	// Output:
	// 23 00 00 00
	// e9 3c 7f 00 40 00 00 00
}
