package goscapy_test

import (
	"fmt"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

func ExampleNewKerberos() {
	// An AS-REQ for alice@EXAMPLE.ORG asking for a ticket-granting ticket.
	till := time.Date(2037, 9, 13, 2, 48, 5, 0, time.UTC)
	b, err := goscapy.NewIP().SrcIP("192.0.2.10").DstIP("192.0.2.88").
		Over(goscapy.NewUDP().SrcPort(40000).DstPort(88)).
		Over(goscapy.NewKerberos().ASReq("alice", "EXAMPLE.ORG", "krbtgt/EXAMPLE.ORG").
			KDCOptions(0x40810010).Till(till).Nonce(12345).ETypes(18, 17, 23)).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	k, _ := packet.LayerOf[*layers.Kerberos](p)
	fmt.Println(k.MsgType, string(k.Till), k.Nonce, k.ETypes)
	// Output:
	// IP / UDP / Kerberos AS-REQ alice@EXAMPLE.ORG krbtgt/EXAMPLE.ORG
	// 10 20370913024805Z 12345 [18 17 23]
}

func ExampleKerberosBuilder_KRBError() {
	// The KDC asks for pre-authentication.
	// Scapy: Kerberos(root=KRB_ERROR(ctime=ASN1_GENERALIZED_TIME("20240501095959Z"),
	//            stime=ASN1_GENERALIZED_TIME("20240501100000Z"), susec=123456, errorCode=25,
	//            realm=ASN1_GENERAL_STRING(b"EXAMPLE.ORG"), sname=PrincipalName(nameType=2,
	//            nameString=[ASN1_GENERAL_STRING(b"krbtgt"), ASN1_GENERAL_STRING(b"EXAMPLE.ORG")]),
	//            eText=ASN1_GENERAL_STRING(b"NEEDED_PREAUTH")))
	// (Scapy also writes an empty crealm and e-data: CRealm("") and EData([]byte{}).)
	stime := time.Date(2024, 5, 1, 10, 0, 0, 123456000, time.UTC)
	b, err := goscapy.NewKerberos().KRBError(25, "EXAMPLE.ORG", "krbtgt/EXAMPLE.ORG", stime).
		CTime(time.Date(2024, 5, 1, 9, 59, 59, 0, time.UTC)).CRealm("").
		EText("NEEDED_PREAUTH").EData([]byte{}).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.KerberosType)
	fmt.Println(p.Summary())
	fmt.Println(len(b))
	hexRows(b[:32])
	// Output:
	// Kerberos KRB-ERROR KDC_ERR_PREAUTH_REQUIRED
	// 146
	// 7e 81 8f 30 81 8c a0 03 02 01 05 a1 03 02 01 1e
	// a2 11 18 0f 32 30 32 34 30 35 30 31 30 39 35 39
}

func ExampleKerberosBuilder_TGSReq() {
	// A TGS-REQ for a service ticket. The ticket-granting ticket travels in a
	// PA-TGS-REQ (type 1) pre-authentication: an AP-REQ, opaque here.
	var apReq []byte // the encoded AP-REQ with the TGT and an authenticator
	m, err := goscapy.NewKerberos().TGSReq("EXAMPLE.ORG", "HTTP/www.example.org").
		PAData(1, apReq).KDCOptions(0x40810000).
		Till(time.Date(2037, 9, 13, 2, 48, 5, 0, time.UTC)).Nonce(7).ETypes(18).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(m, layers.KerberosType)
	fmt.Println(p.Summary())
	// Output:
	// Kerberos TGS-REQ HTTP/www.example.org
}

func ExampleKerberosBuilder_Rep() {
	// An AS-REP: the ticket and the encrypted part stay opaque.
	ticket := layers.KerberosTicket{TktVno: 5, Realm: []byte("EXAMPLE.ORG"),
		SName:   layers.KerberosPrincipalFrom("krbtgt/EXAMPLE.ORG"),
		EncPart: layers.KerberosEncryptedData{EType: 18, KVNO: 2, HasKVNO: true, Cipher: []byte{1, 2, 3, 4}}}
	enc := layers.KerberosEncryptedData{EType: 18, Cipher: []byte{5, 6, 7, 8}}
	m, err := goscapy.NewKerberos().Rep(false, "EXAMPLE.ORG", "alice", ticket, enc).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(m, layers.KerberosType)
	fmt.Println(p.Summary())
	k, _ := packet.LayerOf[*layers.Kerberos](p)
	fmt.Println(k.MsgType, k.Ticket.SName, k.EncPart.EType)
	// Output:
	// Kerberos AS-REP alice@EXAMPLE.ORG
	// 11 krbtgt/EXAMPLE.ORG 18
}

func ExampleKerberosBuilder_OverTCP() {
	// Over TCP each message is preceded by its 4-byte length (RFC 4120 section 7.2.2).
	b, err := goscapy.NewKerberos().ASReq("alice", "EXAMPLE.ORG", "krbtgt/EXAMPLE.ORG").KDCOptions(0x40810010).
		Till(time.Date(2037, 9, 13, 2, 48, 5, 0, time.UTC)).Nonce(1).ETypes(18).
		OverTCP().Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(b)-4, b[:4])
	// Output:
	// 127 [0 0 0 127]
}
