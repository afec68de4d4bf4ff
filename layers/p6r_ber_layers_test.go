package layers

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/ber"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

func layerOf[L packet.Layer](t *testing.T, proto, file, n string) (*packet.Packet, L) {
	t.Helper()
	frame := p6rFrameOf(t, proto, file, n)
	var lt uint32 = 1
	for _, f := range loadP6RFrames(t) {
		if f.proto == proto && f.file == file && f.n == n {
			lt = f.linkType
		}
	}
	first, _ := packet.FirstLayer(lt, frame)
	p, _ := packet.Dissect(frame, first)
	l, ok := packet.LayerOf[L](p)
	if !ok {
		t.Fatalf("%s#%s: %v (%v)", file, n, p, p.Err())
	}
	return p, l
}

func TestSNMPCorpusV3(t *testing.T) {
	_, s := layerOf[*SNMP](t, "snmp", "generated/daemons/snmp.pcap", "119")
	if s.Version != SNMPv3 || !s.HasUSM || string(s.USM.UserName) != "noauth" || s.Flags() != 4 || s.Encrypted {
		t.Fatalf("%+v", s)
	}
	if s.PDUName() != "get-request" || len(s.Varbinds) != 2 || s.Varbinds[1].OID.String() != "1.3.6.1.2.1.1.5.0" {
		t.Errorf("%s %v", s.PDUName(), s.Varbinds)
	}
	for _, want := range []string{"msgUserName= b'noauth'", "msgSecurityModel= 3", "PDU       = SNMPget"} {
		if !strings.Contains(s.Show(), want) {
			t.Errorf("show lacks %q:\n%s", want, s.Show())
		}
	}
	_, e := layerOf[*SNMP](t, "snmp", "generated/daemons/snmp.pcap", "127")
	if !e.Encrypted || len(e.EncryptedPDU) == 0 || e.Flags()&3 != 3 {
		t.Errorf("encrypted %+v", e)
	}
	if s := e.Summary(); s != "SNMP v3 encryptedPDU" {
		t.Errorf("summary %q", s)
	}
	_, tr := layerOf[*SNMP](t, "snmp", "generated/daemons/snmp.pcap", "1")
	if tr.PDUType != SNMPTrapV1 || tr.Enterprise.String() != "1.3.6.1.4.1.8072.3.2.10" || tr.AgentAddr.String() != "198.19.4.1" {
		t.Errorf("trap %+v", tr)
	}
}

// TestSNMPNonMinimal: long-form lengths and padded integers, which BER
// allows, come back as sent; a message changed after decoding still
// encodes into valid BER.
func TestSNMPNonMinimal(t *testing.T) {
	// SEQUENCE (long form 0x81) { INTEGER 1 as 00 00 01, OCTET STRING "public",
	// get-request { id 0x00 0x07, 0, 0, SEQUENCE (0x82 form) {} } }
	raw := unhexT(t, "30811d"+"0203000001"+"04067075626c6963"+"a00e"+"02020007"+"020100"+"020100"+"30820000")
	s := NewSNMP()
	r, err := s.DecodeFromBytes(raw, nil)
	if err != nil || r.HeaderLen != len(raw) || s.Version != 1 || s.RequestID != 7 {
		t.Fatalf("%v %+v", err, s)
	}
	b, err := packet.New(s).Build()
	if err != nil || !bytes.Equal(b, raw) {
		t.Fatalf("round trip %v\n got %x\nwant %x", err, b, raw)
	}
	s.Community = []byte("a much longer community string than before")
	b, err = packet.New(s).Build()
	if err != nil {
		t.Fatal(err)
	}
	u := NewSNMP()
	if _, err := u.DecodeFromBytes(b, nil); err != nil || string(u.Community) != string(s.Community) || u.RequestID != 7 {
		t.Errorf("changed message: %v %+v", err, u)
	}
}

func TestSNMPErrorsAndFields(t *testing.T) {
	for _, bad := range []string{
		"", "30", "3003020101", "300502010104", // truncated
		"3003040100",                           // no version
		"300c020101040161a00502010002",         // truncated pdu
		"3010020101040161bf1f0702010002010000", // pdu of another class
	} {
		b, _ := hex.DecodeString(bad)
		if _, err := NewSNMP().DecodeFromBytes(b, nil); err == nil {
			t.Errorf("%s decoded", bad)
		}
	}
	if _, err := NewSNMP().DecodeFromBytes(unhexT(t, "3004020101"), nil); !errors.Is(err, packet.ErrTruncated) {
		t.Errorf("truncated: %v", err)
	}
	s := NewSNMP()
	if err := s.Set("varbindlist", []string{"1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.3.0"}); err != nil || len(s.Varbinds) != 2 {
		t.Errorf("varbinds: %v", err)
	}
	if err := s.Set("varbindlist", []string{"bad"}); err == nil {
		t.Error("bad oid accepted")
	}
	if err := s.Set("version", "3"); err != nil || s.Version != 3 {
		t.Errorf("version: %v", err)
	}
	if v, _ := s.Get("msgID"); v != int64(0) {
		t.Errorf("msgID %v", v)
	}
	if err := s.Set("id", -5); err != nil || s.RequestID != -5 {
		t.Errorf("negative id: %v", err)
	}
	for _, tc := range []struct {
		v    SNMPValue
		want string
	}{
		{SNMPInt(-5), "-5"}, {SNMPString("x\x01"), `b'x\x01'`}, {SNMPNull(), "NULL"},
		{SNMPUnsigned(ber.TagCounter64, 1<<63), "Counter64(9223372036854775808)"},
		{SNMPValue{Tag: ber.TagCounter32, Data: []byte{0xff, 0xff, 0xff, 0xff}}, "Counter32(4294967295)"},
		{SNMPValue{Tag: SNMPNoSuchInstance}, "noSuchInstance"},
	} {
		if tc.v.String() != tc.want {
			t.Errorf("%v: %q", tc.v, tc.v.String())
		}
	}
}

func TestLDAPFilters(t *testing.T) {
	// Encodings derived from RFC 4511 section 4.5.1 for the examples of RFC
	// 4515 section 4.
	for _, tc := range []struct{ text, enc string }{
		{"(cn=Babs Jensen)", "a3110402636e040b42616273204a656e73656e"},
		{"(!(cn=Tim Howes))", "a211a30f0402636e040954696d20486f776573"},
		{"(o=univ*of*mich*)", "a41504016f30108004756e697681026f6681046d696368"},
		{"(seeAlso=*)", "8707736565416c736f"},
		{"(cn:caseExactMatch:=Fred Flintstone)", "a925810e636173654578616374" + "4d617463688202636e830f4672656420466c696e7473746f6e65"},
		{"(cn:dn:=x)", "a90a8202636e8301788401ff"},
		{"(&(a>=1)(b<=2)(c~=3))", "a018a506040161040131a606040162040132a806040163040133"},
		{`(|(x=*\2a*)(y=\28\29\5c\00))`, "a115a40804017830038101" + "2aa309040179040428295c00"},
	} {
		enc, err := ParseLDAPFilter(tc.text)
		if err != nil {
			t.Errorf("%s: %v", tc.text, err)
			continue
		}
		if hex.EncodeToString(enc) != tc.enc {
			t.Errorf("%s: %x, want %s", tc.text, enc, tc.enc)
		}
		back, err := LDAPFilterString(enc)
		if err != nil || back != tc.text {
			t.Errorf("%s: back %q %v", tc.text, back, err)
		}
	}
	if f, _ := ParseLDAPFilter("uid=alice"); hex.EncodeToString(f) != "a30c0403756964"+"0405616c696365" {
		t.Errorf("bare filter %x", f)
	}
	for _, bad := range []string{"", "(", "(cn=a", "(&(cn=a)", "(=x)x", "(cn=a*(b)", "(cn=\\2)", "(cn=a**b)", "(a=1))"} {
		if _, err := ParseLDAPFilter(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	if _, err := LDAPFilterString([]byte{0x87}); err == nil {
		t.Error("truncated filter shown")
	}
	if _, err := LDAPFilterString([]byte{0xa4, 0x03, 0x04, 0x01, 0x61}); err == nil {
		t.Error("substrings without a sequence shown")
	}
	l := NewLDAP()
	if err := l.Set("filter", "(objectClass=*)"); err != nil || l.FilterString() != "(objectClass=*)" {
		t.Errorf("set filter: %v %q", err, l.FilterString())
	}
	if err := l.Set("filter", "(broken"); err == nil {
		t.Error("broken filter set")
	}
}

// TestLDAPSegments: the Active Directory segment of the corpus holds four
// messages with four-octet lengths; a message cut by the segment end
// stays Raw without error.
func TestLDAPSegments(t *testing.T) {
	p, _ := layerOf[*LDAP](t, "ldap", "pcapplusplus/ldap.pcapng", "8")
	n := 0
	for _, l := range p.Layers() {
		if m, ok := l.(*LDAP); ok {
			n++
			if m.MessageID != 6 {
				t.Errorf("message %d", m.MessageID)
			}
		}
	}
	if n != 4 || p.Err() != nil {
		t.Fatalf("%v: %d messages, %v", p, n, p.Err())
	}
	frame := p6rFrameOf(t, "ldap", "pcapplusplus/ldap.pcapng", "8")
	if b, _ := p.Build(); !bytes.Equal(b, frame) {
		t.Error("four-octet lengths not kept")
	}
	_, bind := layerOf[*LDAP](t, "ldap", "generated/daemons/ldap.pcap", "4")
	msg := make([]byte, bind.HeaderLen())
	if err := bind.SerializeTo(msg, nil); err != nil {
		t.Fatal(err)
	}
	two := append(append([]byte(nil), msg...), msg[:len(msg)-3]...)
	q, err := packet.Dissect(two, LDAPType)
	if err != nil || q.String() != `LDAP bindRequest(1) "cn=admin,dc=example,dc=org" / Raw` {
		t.Errorf("%v %v", q, err)
	}
	if s := bind.Summary(); s != `LDAP bindRequest(1) "cn=admin,dc=example,dc=org"` {
		t.Errorf("summary %q", s)
	}
	_, e := layerOf[*LDAP](t, "ldap", "generated/daemons/ldap.pcap", "35")
	if v, ok := e.Attribute("MAIL"); !ok || len(v) != 1 || !strings.HasSuffix(string(v[0]), "@example.org") {
		t.Errorf("mail %q", v)
	}
	for _, want := range []string{"protocolOp= searchResEntry", "objectName= b'uid=bob,ou=people,dc=example,dc=org'", "uid=[b'bob']"} {
		if !strings.Contains(e.Show(), want) {
			t.Errorf("show lacks %q:\n%s", want, e.Show())
		}
	}
}

func TestLDAPDecodeErrors(t *testing.T) {
	for _, bad := range []string{
		"3003020101",                    // no operation
		"30050201016000",                // bind request without fields
		"3006020101420100",              // unbind with contents
		"300702010163020400",            // search request cut short
		"300a020101420004037878" + "78", // element after the operation
		"3008020101040378787" + "8",     // operation of the universal class
	} {
		b, _ := hex.DecodeString(bad)
		if _, err := NewLDAP().DecodeFromBytes(b, nil); err == nil {
			t.Errorf("%s decoded", bad)
		}
	}
	// An operation of an unknown tag ([APPLICATION 30]) is kept.
	l := NewLDAP()
	raw := unhexT(t, "3006020101"+"5e0100")
	if _, err := l.DecodeFromBytes(raw, nil); err != nil || l.Op != 30 || !bytes.Equal(l.OpData, []byte{0}) {
		t.Fatalf("unknown op: %v %+v", err, l)
	}
	if b, _ := packet.New(l).Build(); !bytes.Equal(b, raw) {
		t.Errorf("unknown op rebuilt as %x", b)
	}
}

func TestKerberosCorpus(t *testing.T) {
	_, rep := layerOf[*Kerberos](t, "kerberos", "generated/daemons/kerberos.pcap", "4")
	if rep.App != KerberosASRep || rep.CName.String() != "alice" || string(rep.CRealm) != "APPCAP.TEST" ||
		rep.Ticket.SName.String() != "krbtgt/APPCAP.TEST" || rep.EncPart.EType != 18 || !rep.Ticket.EncPart.HasKVNO {
		t.Errorf("%+v", rep)
	}
	if s := rep.Summary(); s != "Kerberos AS-REP alice@APPCAP.TEST" {
		t.Errorf("summary %q", s)
	}
	_, e := layerOf[*Kerberos](t, "kerberos", "generated/daemons/kerberos.pcap", "2")
	if e.ErrorCode != 25 || string(e.EText.Value) != "NEEDED_PREAUTH" || len(e.EData.Value) == 0 {
		t.Errorf("%+v", e)
	}
	if st, err := e.STimeTime(); err != nil || st.Year() != 2026 {
		t.Errorf("stime %v %v", st, err)
	}
	_, req := layerOf[*Kerberos](t, "kerberos", "generated/daemons/kerberos.pcap", "1")
	if req.KDCOptionBits() != 0x40800000 || len(req.ETypes) != 8 || req.Nonce != 2060157546 {
		t.Errorf("%#x %v %d", req.KDCOptionBits(), req.ETypes, req.Nonce)
	}
	if _, ok := req.PA(149); !ok {
		t.Error("padata 149")
	}
	for _, want := range []string{"msgType   = AS-REQ", "forwardable", "renewable", "etype     = [aes256-cts-hmac-sha1-96, aes128-cts-hmac-sha1-96"} {
		if !strings.Contains(req.Show(), want) {
			t.Errorf("show lacks %q:\n%s", want, req.Show())
		}
	}
	// Over TCP: the record mark, kept as sent.
	p, tcp := layerOf[*Kerberos](t, "kerberos", "generated/daemons/kerberos.pcap", "52")
	if !tcp.OverTCP || tcp.RecordMark.Value+4 != uint32(tcp.HeaderLen()) {
		t.Errorf("record mark %d, message %d", tcp.RecordMark.Value, tcp.HeaderLen())
	}
	frame := p6rFrameOf(t, "kerberos", "generated/daemons/kerberos.pcap", "52")
	// The message cut short by the end of the segment is Raw, no error.
	seg := frame[14+20:]
	q, err := packet.Dissect(seg[:len(seg)-10], TCPType)
	if err != nil || !strings.HasSuffix(q.String(), " PA / Raw") {
		t.Errorf("%v %v", q, err)
	}
	if s := p.String(); !strings.HasSuffix(s, "TCP / Kerberos AS-REQ alice@APPCAP.TEST krbtgt/APPCAP.TEST") {
		t.Errorf("%q", s)
	}
}

func TestKerberosBuildTCP(t *testing.T) {
	k := NewKerberos()
	k.CName, k.HasCName = KerberosPrincipalFrom("bob"), true
	k.Realm, k.Till, k.Nonce, k.ETypes = []byte("R"), []byte("20370913024805Z"), 1, []int64{18}
	k.KDCOptions = ber.BitStringFromUint32(0)
	tc := NewTCP()
	tc.DstPort = KerberosPort
	b, err := packet.New(NewIPv4(), tc, k).Build()
	if err != nil {
		t.Fatal(err)
	}
	p, err := packet.Dissect(b, IPv4Type)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := packet.LayerOf[*Kerberos](p)
	if !ok || !got.OverTCP || int(got.RecordMark.Value) != len(b)-20-20-4 || got.CName.String() != "bob" {
		t.Errorf("%v %+v", p, got)
	}
	if err := k.Set("cname", "host/a.example"); err != nil || k.CName.NameType != 2 {
		t.Errorf("set cname: %v", err)
	}
	if err := k.Set("till", "not a time"); err == nil {
		t.Error("bad time set")
	}
	k.RecordMark = fields.Some(uint32(99))
	b2, _ := packet.New(NewIPv4(), tc, k).Build()
	if be32(b2[40:]) != 99 {
		t.Error("record mark set by hand not kept")
	}
}

func TestLDAPFilterTree(t *testing.T) {
	enc, err := ParseLDAPFilter("(&(objectClass=person)(|(uid=al*ce)(cn:dn:2.5.13.2:=x))(!(mail=*)))")
	if err != nil {
		t.Fatal(err)
	}
	n, err := LDAPFilterTree(enc)
	if err != nil {
		t.Fatal(err)
	}
	if n.Op != LDAPFilterAnd || len(n.Children) != 3 {
		t.Fatalf("%+v", n)
	}
	eq, or, not := n.Children[0], n.Children[1], n.Children[2]
	if eq.Op != LDAPFilterEquality || eq.Attr != "objectClass" || string(eq.Value) != "person" {
		t.Errorf("equality %+v", eq)
	}
	sub, ext := or.Children[0], or.Children[1]
	if sub.Op != LDAPFilterSubstrings || len(sub.Substrings) != 2 || sub.Substrings[1].Kind != 2 || string(sub.Substrings[1].Value) != "ce" {
		t.Errorf("substrings %+v", sub)
	}
	if ext.Op != LDAPFilterExtensible || ext.Rule != "2.5.13.2" || ext.Attr != "cn" || !ext.DNAttributes || string(ext.Value) != "x" {
		t.Errorf("extensible %+v", ext)
	}
	if not.Op != LDAPFilterNot || not.Children[0].Op != LDAPFilterPresent || not.Children[0].Attr != "mail" {
		t.Errorf("not %+v", not)
	}
	if !bytes.Equal(n.Encode(), enc) || n.String() != "(&(objectClass=person)(|(uid=al*ce)(cn:dn:2.5.13.2:=x))(!(mail=*)))" {
		t.Errorf("back: %x %s", n.Encode(), n)
	}
	if _, err := LDAPFilterTree([]byte{0xa0}); err == nil {
		t.Error("bad filter")
	}
}

func TestQUICShortHeader(t *testing.T) {
	q := NewQUIC()
	q.DecodeFromBytes([]byte{0x40, 1, 2, 3, 4, 5, 6}, nil)
	dcid, rest, ok := q.ShortHeader(4)
	if !ok || !bytes.Equal(dcid, []byte{1, 2, 3, 4}) || len(rest) != 2 {
		t.Errorf("%x %x %v", dcid, rest, ok)
	}
	if _, _, ok := q.ShortHeader(9); ok {
		t.Error("dcid longer than the packet")
	}
}
