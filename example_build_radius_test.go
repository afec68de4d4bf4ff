package goscapy_test

import (
	"bytes"
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewRadius() {
	// Scapy: IP(src="192.0.2.10", dst="192.0.2.1")/UDP(sport=40000, dport=1812)/
	//        Radius(code=1, id=7, authenticator=b"\x01"*16, attributes=[RadiusAttr_User_Name(value="alice"),
	//               RadiusAttr_NAS_IP_Address(value="192.0.2.10"), RadiusAttr_NAS_Port(value=1)])
	b, err := goscapy.NewIP().SrcIP("192.0.2.10").DstIP("192.0.2.1").
		Over(goscapy.NewUDP().SrcPort(40000).DstPort(1812)).
		Over(goscapy.NewRadius().ID(7).Authenticator(bytes.Repeat([]byte{1}, 16)).
			UserName("alice").NASIPAddress("192.0.2.10").NASPort(1)).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	hexRows(b[28:])
	// Output:
	// IP / UDP / RADIUS Access-Request id 7
	// 01 07 00 27 01 01 01 01 01 01 01 01 01 01 01 01
	// 01 01 01 01 01 07 61 6c 69 63 65 04 06 c0 00 02
	// 0a 05 06 00 00 00 01
}

func ExampleRadiusBuilder_VendorSpecific() {
	// Scapy: Radius(id=1, attributes=[RadiusAttr_Vendor_Specific(vendor_id=9, vendor_type=1,
	//               value=b"shell:priv-lvl=15")])
	b, _ := goscapy.NewRadius().ID(1).
		VendorSpecific(9, layers.RadiusVSA{Type: 1, Value: []byte("shell:priv-lvl=15")}).Build()
	hexRows(b[20:])
	// Output:
	// 1a 19 00 00 00 09 01 13 73 68 65 6c 6c 3a 70 72
	// 69 76 2d 6c 76 6c 3d 31 35
}

func ExampleRadiusBuilder_Attribute() {
	// An Accounting-Request.
	// Scapy: Radius(code=4, id=3, authenticator=b"\x22"*16, attributes=[
	//            RadiusAttribute(type=40, value=b"\x00\x00\x00\x01"), RadiusAttribute(type=44, value=b"sess-0001"),
	//            RadiusAttribute(type=32, value=b"nas1")])
	b, _ := goscapy.NewRadius().Code(layers.RadiusAccountingRequest).ID(3).
		Authenticator(bytes.Repeat([]byte{0x22}, 16)).
		Attribute(layers.RadiusUint32Attr(layers.RadiusAttrAcctStatusType, 1),
			layers.RadiusStringAttr(layers.RadiusAttrAcctSessionID, "sess-0001")).
		NASIdentifier("nas1").
		Build()
	hexRows(b)
	// Output:
	// 04 03 00 2b 22 22 22 22 22 22 22 22 22 22 22 22
	// 22 22 22 22 28 06 00 00 00 01 2c 0b 73 65 73 73
	// 2d 30 30 30 31 20 06 6e 61 73 31
}

func ExampleRadiusBuilder_MessageAuthenticator() {
	// The Message-Authenticator is 16 zero bytes until computed from the
	// secret (RFC 3579).
	// Scapy: r = Radius(id=9, len=43, authenticator=b"\x01"*16, attributes=[RadiusAttr_User_Name(value="bob"),
	//                   RadiusAttr_Message_Authenticator()])
	//        r[RadiusAttr_Message_Authenticator].value = \
	//            RadiusAttr_Message_Authenticator.compute_message_authenticator(r, b"\x01"*16, b"testing123")
	r := goscapy.NewRadius().ID(9).Authenticator(bytes.Repeat([]byte{1}, 16)).UserName("bob").
		MessageAuthenticator()
	body, err := r.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	ma, err := layers.RadiusMessageAuthenticator(body, nil, []byte("testing123"))
	if err != nil {
		fmt.Println(err)
		return
	}
	r.Layer().Attributes[1].Value = ma[:]
	b, _ := r.Build()
	hexRows(b[20:])
	// Output:
	// 01 05 62 6f 62 50 12 88 89 0a c8 1b c0 5e 27 7a
	// 91 3e 90 13 a7 46 17
}
