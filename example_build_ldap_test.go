package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewLDAP() {
	// A subtree search for people whose uid starts with "a", returning cn and mail.
	b, err := goscapy.NewIP().SrcIP("192.0.2.10").DstIP("192.0.2.1").
		Over(goscapy.NewTCP().SrcPort(40000).DstPort(389).Flags(layers.TCPPsh | layers.TCPAck)).
		Over(goscapy.NewLDAP().MessageID(2).
			Search("dc=example,dc=org", layers.LDAPScopeSubtree, "(&(objectClass=person)(uid=a*))", "cn", "mail").
			SizeLimit(10)).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	// Output:
	// IP / TCP / LDAP searchRequest(2) "dc=example,dc=org" wholeSubtree (&(objectClass=person)(uid=a*))
}

func ExampleLDAPBuilder_BindRequest() {
	// A simple bind, version 3.
	b, err := goscapy.NewLDAP().MessageID(1).BindRequest("cn=admin,dc=example,dc=org", "secret").Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b)
	// Output:
	// 30 2c 02 01 01 60 27 02 01 03 04 1a 63 6e 3d 61
	// 64 6d 69 6e 2c 64 63 3d 65 78 61 6d 70 6c 65 2c
	// 64 63 3d 6f 72 67 80 06 73 65 63 72 65 74
}

func ExampleLDAPBuilder_SASLBind() {
	b, err := goscapy.NewLDAP().MessageID(2).SASLBind("", "EXTERNAL", nil).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b)
	// Output:
	// 30 16 02 01 02 60 11 02 01 03 04 00 a3 0a 04 08
	// 45 58 54 45 52 4e 41 4c
}

func ExampleLDAPBuilder_Result() {
	// A server's answer to a bind: invalidCredentials (49).
	b, err := goscapy.NewLDAP().MessageID(1).Result(layers.LDAPBindResponse, 49, "", "bad password").Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.LDAPType)
	fmt.Println(p.Summary())
	hexRows(b)
	// Output:
	// LDAP bindResponse(1) invalidCredentials
	// 30 18 02 01 01 61 13 0a 01 31 04 00 04 0c 62 61
	// 64 20 70 61 73 73 77 6f 72 64
}

func ExampleLDAPBuilder_Entry() {
	b, err := goscapy.NewLDAP().MessageID(2).Entry("uid=alice,dc=example,dc=org",
		layers.LDAPAttr("cn", "Alice"), layers.LDAPAttr("mail", "alice@example.org")).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.LDAPType)
	fmt.Println(p.Summary())
	// Output:
	// LDAP searchResEntry(2) "uid=alice,dc=example,dc=org"
}

func ExampleLDAPBuilder_Add() {
	b, err := goscapy.NewLDAP().MessageID(3).Add("uid=bob,dc=example,dc=org",
		layers.LDAPAttr("objectClass", "person"), layers.LDAPAttr("cn", "Bob"), layers.LDAPAttr("sn", "Builder")).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.LDAPType)
	fmt.Println(p.Summary())
	// Output:
	// LDAP addRequest(3) "uid=bob,dc=example,dc=org"
}

func ExampleLDAPBuilder_Modify() {
	b, err := goscapy.NewLDAP().MessageID(4).Modify("uid=alice,dc=example,dc=org",
		layers.LDAPChange{Operation: layers.LDAPModReplace, Attribute: layers.LDAPAttr("mail", "new@example.org")}).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b)
	// Output:
	// 30 44 02 01 04 66 3f 04 1b 75 69 64 3d 61 6c 69
	// 63 65 2c 64 63 3d 65 78 61 6d 70 6c 65 2c 64 63
	// 3d 6f 72 67 30 20 30 1e 0a 01 02 30 19 04 04 6d
	// 61 69 6c 31 11 04 0f 6e 65 77 40 65 78 61 6d 70
	// 6c 65 2e 6f 72 67
}

func ExampleLDAPBuilder_ModifyDN() {
	b, err := goscapy.NewLDAP().MessageID(5).
		ModifyDN("uid=bob,dc=example,dc=org", "uid=robert", true, "").Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b)
	// Output:
	// 30 2f 02 01 05 6c 2a 04 19 75 69 64 3d 62 6f 62
	// 2c 64 63 3d 65 78 61 6d 70 6c 65 2c 64 63 3d 6f
	// 72 67 04 0a 75 69 64 3d 72 6f 62 65 72 74 01 01
	// ff
}

func ExampleLDAPBuilder_Delete() {
	b, _ := goscapy.NewLDAP().MessageID(7).Delete("uid=bob,dc=example,dc=org").Build()
	hexRows(b)
	// Output:
	// 30 1e 02 01 07 4a 19 75 69 64 3d 62 6f 62 2c 64
	// 63 3d 65 78 61 6d 70 6c 65 2c 64 63 3d 6f 72 67
}

func ExampleLDAPBuilder_Compare() {
	b, _ := goscapy.NewLDAP().MessageID(6).Compare("uid=bob,dc=example,dc=org", "sn", "Builder").Build()
	hexRows(b)
	// Output:
	// 30 2f 02 01 06 6e 2a 04 19 75 69 64 3d 62 6f 62
	// 2c 64 63 3d 65 78 61 6d 70 6c 65 2c 64 63 3d 6f
	// 72 67 30 0d 04 02 73 6e 04 07 42 75 69 6c 64 65
	// 72
}

func ExampleLDAPBuilder_Abandon() {
	b, _ := goscapy.NewLDAP().MessageID(8).Abandon(3).Build()
	hexRows(b)
	// Output:
	// 30 06 02 01 08 50 01 03
}

func ExampleLDAPBuilder_Extended() {
	// StartTLS (RFC 4511 section 4.14).
	b, _ := goscapy.NewLDAP().MessageID(9).Extended("1.3.6.1.4.1.1466.20037", nil).Build()
	hexRows(b)
	// Output:
	// 30 1d 02 01 09 77 18 80 16 31 2e 33 2e 36 2e 31
	// 2e 34 2e 31 2e 31 34 36 36 2e 32 30 30 33 37
}

func ExampleLDAPBuilder_Unbind() {
	b, _ := goscapy.NewLDAP().MessageID(10).Unbind().Build()
	hexRows(b)
	// Output:
	// 30 05 02 01 0a 42 00
}

func ExampleLDAPBuilder_Control() {
	// A paged-results control (RFC 2696) asking for 5 entries.
	b, err := goscapy.NewLDAP().MessageID(3).Search("dc=example,dc=org", layers.LDAPScopeOne, "(objectClass=*)").
		Control("1.2.840.113556.1.4.319", true, []byte{0x30, 0x05, 0x02, 0x01, 0x05, 0x04, 0x00}).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.LDAPType)
	fmt.Println(p.Summary())
	fmt.Println(len(b))
	// Output:
	// LDAP searchRequest(3) "dc=example,dc=org" singleLevel (objectClass=*)
	// 96
}
