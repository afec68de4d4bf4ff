package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/ber"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewSNMP() {
	// Scapy: IP(src="192.0.2.10", dst="192.0.2.161")/UDP(sport=40000, dport=161)/
	//        SNMP(community="public", PDU=SNMPget(id=7, varbindlist=[SNMPvarbind(oid=ASN1_OID("1.3.6.1.2.1.1.1.0"))]))
	b, err := goscapy.NewIP().SrcIP("192.0.2.10").DstIP("192.0.2.161").
		Over(goscapy.NewUDP().SrcPort(40000).DstPort(161)).
		Over(goscapy.NewSNMP().Community("public").ID(7).Get("1.3.6.1.2.1.1.1.0")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	hexRows(b[28:])
	// Output:
	// IP / UDP / SNMP v2c get-request 1.3.6.1.2.1.1.1.0
	// 30 26 02 01 01 04 06 70 75 62 6c 69 63 a0 19 02
	// 01 07 02 01 00 02 01 00 30 0e 30 0c 06 08 2b 06
	// 01 02 01 01 01 00 05 00
}

func ExampleSNMPBuilder_Varbind() {
	// An agent's response.
	// Scapy: SNMP(PDU=SNMPresponse(id=7, varbindlist=[
	//            SNMPvarbind(oid=ASN1_OID("1.3.6.1.2.1.1.5.0"), value=ASN1_STRING(b"sw1")),
	//            SNMPvarbind(oid=ASN1_OID("1.3.6.1.2.1.1.3.0"), value=ASN1_TIME_TICKS(12345))]))
	b, err := goscapy.NewSNMP().PDU(layers.SNMPResponse).ID(7).
		Varbind("1.3.6.1.2.1.1.5.0", layers.SNMPString("sw1")).
		Varbind("1.3.6.1.2.1.1.3.0", layers.SNMPUnsigned(ber.TagTimeTicks, 12345)).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b)
	// Output:
	// 30 39 02 01 01 04 06 70 75 62 6c 69 63 a2 2c 02
	// 01 07 02 01 00 02 01 00 30 21 30 0f 06 08 2b 06
	// 01 02 01 01 05 00 04 03 73 77 31 30 0e 06 08 2b
	// 06 01 02 01 01 03 00 43 02 30 39
}

func ExampleSNMPBuilder_GetNext() {
	// Scapy: SNMP(version=0, community="private", PDU=SNMPnext(id=1234,
	//            varbindlist=[SNMPvarbind(oid=ASN1_OID("1.3.6.1.2.1.1"))]))
	b, _ := goscapy.NewSNMP().Version(layers.SNMPv1).Community("private").ID(1234).
		GetNext("1.3.6.1.2.1.1").Build()
	hexRows(b)
	// Output:
	// 30 26 02 01 00 04 07 70 72 69 76 61 74 65 a1 18
	// 02 02 04 d2 02 01 00 02 01 00 30 0c 30 0a 06 06
	// 2b 06 01 02 01 01 05 00
}

func ExampleSNMPBuilder_Bulk() {
	// Scapy: SNMP(PDU=SNMPbulk(id=9, non_repeaters=1, max_repetitions=10, varbindlist=[
	//            SNMPvarbind(oid=ASN1_OID("1.3.6.1.2.1.1.3")), SNMPvarbind(oid=ASN1_OID("1.3.6.1.2.1.2.2.1.2"))]))
	b, _ := goscapy.NewSNMP().ID(9).Get("1.3.6.1.2.1.1.3", "1.3.6.1.2.1.2.2.1.2").Bulk(1, 10).Build()
	hexRows(b)
	// Output:
	// 30 34 02 01 01 04 06 70 75 62 6c 69 63 a5 27 02
	// 01 09 02 01 01 02 01 0a 30 1c 30 0b 06 07 2b 06
	// 01 02 01 01 03 05 00 30 0d 06 09 2b 06 01 02 01
	// 02 02 01 02 05 00
}

func ExampleSNMPBuilder_Trap() {
	// An SNMPv1 enterprise-specific trap.
	// Scapy: SNMP(version=0, PDU=SNMPtrapv1(enterprise=ASN1_OID("1.3.6.1.4.1.8072.3.2.10"),
	//            agent_addr="192.0.2.5", generic_trap=6, specific_trap=1, time_stamp=1234,
	//            varbindlist=[SNMPvarbind(oid=ASN1_OID("1.3.6.1.2.1.1.5.0"), value=ASN1_STRING(b"agent"))]))
	b, err := goscapy.NewSNMP().Trap("1.3.6.1.4.1.8072.3.2.10", "192.0.2.5", 6, 1, 1234).
		Varbind("1.3.6.1.2.1.1.5.0", layers.SNMPString("agent")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b)
	// Output:
	// 30 3e 02 01 00 04 06 70 75 62 6c 69 63 a4 31 06
	// 0a 2b 06 01 04 01 bf 08 03 02 0a 40 04 c0 00 02
	// 05 02 01 06 02 01 01 43 02 04 d2 30 13 30 11 06
	// 08 2b 06 01 02 01 01 05 00 04 05 61 67 65 6e 74
}

func ExampleSNMPBuilder_Error() {
	// Scapy: SNMP(PDU=SNMPresponse(id=3, error=2, error_index=1,
	//            varbindlist=[SNMPvarbind(oid=ASN1_OID("1.3.6.1.2.1.1.1.0"))]))
	b, _ := goscapy.NewSNMP().PDU(layers.SNMPResponse).ID(3).Error(2, 1).
		Varbind("1.3.6.1.2.1.1.1.0", layers.SNMPNull()).Build()
	hexRows(b)
	// Output:
	// 30 26 02 01 01 04 06 70 75 62 6c 69 63 a2 19 02
	// 01 03 02 01 02 02 01 01 30 0e 30 0c 06 08 2b 06
	// 01 02 01 01 01 00 05 00
}

func ExampleSNMPBuilder_V3() {
	// An SNMPv3 discovery request: no user, reportable, an empty engine ID.
	b, err := goscapy.NewSNMP().V3(1, 0x04, nil, 0, 0, "").Context(nil, "").ID(1).Get().Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b)
	// Output:
	// 30 38 02 01 03 30 0e 02 01 01 02 03 00 ff e3 04
	// 01 04 02 01 03 04 10 30 0e 04 00 02 01 00 02 01
	// 00 04 00 04 00 04 00 30 11 04 00 04 00 a0 0b 02
	// 01 01 02 01 00 02 01 00 30 00
}

func ExampleSNMPGet() {
	// Scapy: IP(src="192.0.2.10", dst="192.0.2.161")/UDP(sport=40000, dport=161)/
	//        SNMP(community="public", PDU=SNMPget(id=7, varbindlist=[
	//            SNMPvarbind(oid=ASN1_OID("1.3.6.1.2.1.1.1.0")), SNMPvarbind(oid=ASN1_OID("1.3.6.1.2.1.1.5.0"))]))
	b, err := goscapy.SNMPGet("192.0.2.10", "192.0.2.161", 40000, "public", 7, "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.5.0")
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	hexRows(b[28:])
	// Output:
	// IP / UDP / SNMP v2c get-request 1.3.6.1.2.1.1.1.0 1.3.6.1.2.1.1.5.0
	// 30 34 02 01 01 04 06 70 75 62 6c 69 63 a0 27 02
	// 01 07 02 01 00 02 01 00 30 1c 30 0c 06 08 2b 06
	// 01 02 01 01 01 00 05 00 30 0c 06 08 2b 06 01 02
	// 01 01 05 00 05 00
}
