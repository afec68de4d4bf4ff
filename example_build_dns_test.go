package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleDNSBuilder() {
	// A query on its own. Scapy: DNS(id=0x1234, qd=DNSQR(qname="example.com"))
	q := goscapy.NewDNS().ID(0x1234).Question("example.com", layers.DNSTypeA)
	b, err := q.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q.Layer().Summary())
	fmt.Printf("%x\n", b)
	// Output:
	// DNS Qry "example.com."
	// 123401000001000000000000076578616d706c6503636f6d0000010001
}

func ExampleDNSBuilder_Question() {
	// The first Question replaces Scapy's default www.example.com; more
	// add to the question section.
	// Scapy: DNS(id=1, qd=DNSQR(qname="example.com")/DNSQR(qname="example.com", qtype="AAAA"))
	b, _ := goscapy.NewDNS().ID(1).
		Question("example.com", layers.DNSTypeA).
		Question("example.com", layers.DNSTypeAAAA).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 000101000002000000000000076578616d706c6503636f6d0000010001076578616d706c6503636f6d00001c0001
}

func ExampleDNSBuilder_Answer() {
	// Scapy: IP(src="192.0.2.53", dst="192.0.2.1")/UDP(sport=53, dport=33333)/
	//        DNS(id=7, qr=1, ra=1, qd=DNSQR(qname="example.com"),
	//            an=DNSRR(rrname="example.com", ttl=60, rdata="192.0.2.80"))
	b, err := goscapy.NewIP().SrcIP("192.0.2.53").DstIP("192.0.2.1").
		Over(goscapy.NewUDP().SrcPort(53).DstPort(33333)).
		Over(goscapy.NewDNS().ID(7).QR(true).RA(true).
			Question("example.com", layers.DNSTypeA).
			Answer(layers.DNSRRA("example.com", 60, "192.0.2.80"))).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p)
	fmt.Printf("%x\n", b[28:])
	// Output:
	// IP / UDP / DNS Ans "192.0.2.80"
	// 000781800001000100000000076578616d706c6503636f6d0000010001076578616d706c6503636f6d00000100010000003c0004c0000250
}

func ExampleDNSBuilder_Authority() {
	// NXDOMAIN with the zone's SOA in the authority section.
	// Scapy: DNS(id=12, qr=1, ra=1, rcode=3, qd=DNSQR(qname="nope.example.com"),
	//            ns=DNSRRSOA(rrname="example.com", ttl=900, mname="ns1.example.com",
	//                rname="hostmaster.example.com", serial=1, refresh=7200, retry=3600,
	//                expire=1209600, minimum=300))
	d := goscapy.NewDNS().ID(12).QR(true).RA(true).Rcode(layers.DNSRcodeNXDomain).
		Question("nope.example.com", layers.DNSTypeA).
		Authority(layers.DNSRRSOA("example.com", 900, "ns1.example.com", "hostmaster.example.com",
			1, 7200, 3600, 1209600, 300))
	b, _ := d.Build()
	fmt.Println(d.Layer().Summary(), len(b))
	fmt.Printf("%x\n", b[:12])
	// Output:
	// DNS Ans 118
	// 000c81830001000000010000
}

func ExampleDNSBuilder_Additional() {
	// EDNS0: an OPT record advertising a 1232-byte UDP payload, with the
	// DNSSEC OK bit (set by Scapy's DNSRROPT by default).
	// Scapy: DNS(id=10, qd=DNSQR(qname="example.com"), ar=DNSRROPT(rclass=1232))
	b, _ := goscapy.NewDNS().ID(10).Question("example.com", layers.DNSTypeA).
		Additional(layers.DNSRROPT(1232, layers.DNSEDNS0DO)).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 000a01000001000000000001076578616d706c6503636f6d000001000100002904d0000080000000
}

func ExampleDNSBuilder_Compress() {
	// Names are written whole unless Compress is called, as Scapy's
	// dns_compress does.
	// Scapy: dns_compress(DNS(id=3, qr=1, qd=DNSQR(qname="www.example.com"),
	//            an=DNSRR(rrname="www.example.com", type="CNAME", ttl=300, rdata="example.com")))
	msg := func() *goscapy.DNSBuilder {
		return goscapy.NewDNS().ID(3).QR(true).Question("www.example.com", layers.DNSTypeA).
			Answer(layers.DNSRRCNAME("www.example.com", 300, "example.com"))
	}
	whole, _ := msg().Build()
	compressed, _ := msg().Compress().Build()
	fmt.Println(len(whole), len(compressed))
	fmt.Printf("%x\n", compressed)
	// Output:
	// 73 47
	// 00038100000100010000000003777777076578616d706c6503636f6d0000010001c00c000500010000012c0002c010
}

func ExampleDNSBuilder_OverTCP() {
	// DNS over TCP starts with the message length.
	// Scapy: IP(src="192.0.2.1", dst="192.0.2.53")/TCP(sport=40000, dport=53, flags="PA")/
	//        DNS(id=14, qd=DNSQR(qname="example.com"))
	b, _ := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.53").
		Over(goscapy.NewTCP().SrcPort(40000).DstPort(53).Flags(layers.TCPPsh | layers.TCPAck)).
		Over(goscapy.NewDNS().ID(14).Question("example.com", layers.DNSTypeA).OverTCP()).
		Build()
	fmt.Printf("%x\n", b[40:])
	// Output:
	// 001d000e01000001000000000000076578616d706c6503636f6d0000010001
}

func ExampleDNSBuilder_Opcode() {
	// Header bits and codes. Scapy: DNS(id=0xbeef, opcode=2, rd=0, ad=1, cd=1, qd=None)
	b, _ := goscapy.NewDNS().ID(0xbeef).Opcode(layers.DNSOpcodeStatus).RD(false).AD(true).CD(true).
		Questions().Build()
	fmt.Printf("%x\n", b)
	// Output:
	// beef10300000000000000000
}

func ExampleDNSBuilder_Set() {
	// Scapy field names, here wrong counts kept as given.
	// Scapy: DNS(id=13, qdcount=5, arcount=2, qd=DNSQR(qname="example.com"))
	b, err := goscapy.NewDNS().ID(13).Set("qdcount", 5).Set("arcount", 2).
		Question("example.com", layers.DNSTypeA).Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 000d01000005000000000002076578616d706c6503636f6d0000010001 <nil>
}
