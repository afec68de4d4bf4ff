package goscapy

import (
	"bytes"
	"encoding/hex"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy/ber"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

// Go descriptions of testdata/scapy/p6r.in: SNMP, RADIUS, Kerberos,
// LLC/SNAP and CDP.
func init() {
	ipudp := func(src, dst string, sport, dport uint16, top Builder) func() ([]byte, error) {
		return func() ([]byte, error) {
			return NewIP().SrcIP(src).DstIP(dst).Over(NewUDP().SrcPort(sport).DstPort(dport)).Over(top).Build()
		}
	}
	const agent, mgr = "192.0.2.161", "192.0.2.10"
	addGolden("snmp_defaults", ipudp(mgr, agent, 161, 161, NewSNMP()))
	addGolden("snmp_get", ipudp(mgr, agent, 40000, 161,
		NewSNMP().Community("public").ID(7).Get("1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.5.0")))
	addGolden("snmp_v1_next", ipudp(mgr, agent, 40001, 161,
		NewSNMP().Version(layers.SNMPv1).Community("private").ID(1234).GetNext("1.3.6.1.2.1.1")))
	addGolden("snmp_response", ipudp(agent, mgr, 161, 40000,
		NewSNMP().PDU(layers.SNMPResponse).ID(7).
			Varbind("1.3.6.1.2.1.1.1.0", layers.SNMPString("Linux")).
			Varbind("1.3.6.1.2.1.1.3.0", layers.SNMPUnsigned(ber.TagTimeTicks, 12345)).
			Varbind("1.3.6.1.2.1.2.2.1.10.1", layers.SNMPUnsigned(ber.TagCounter32, 4000000000)).
			Varbind("1.3.6.1.2.1.4.20.1.1.1", layers.SNMPIPAddress(netip.MustParseAddr("192.0.2.1"))).
			Varbind("1.3.6.1.2.1.1.2.0", layers.SNMPOIDValue(ber.MustParseOID("1.3.6.1.4.1.8072.3.2.10"))).
			Varbind("1.3.6.1.2.1.2.2.1.5.1", layers.SNMPUnsigned(ber.TagGauge32, 1000000000)).
			Varbind("1.3.6.1.2.1.1.7.0", layers.SNMPInt(-5))))
	addGolden("snmp_set_long", ipudp(mgr, agent, 40000, 161,
		NewSNMP().Community("private").PDU(layers.SNMPSetRequest).ID(99).
			Varbind("1.3.6.1.2.1.1.4.0", layers.SNMPString(strings.Repeat("x", 200))).
			Varbind("1.3.6.1.2.1.1.6.0", layers.SNMPString("lab"))))
	addGolden("snmp_bulk", ipudp(mgr, agent, 40000, 161,
		NewSNMP().ID(9).Get("1.3.6.1.2.1.1.3", "1.3.6.1.2.1.2.2.1.2").Bulk(1, 10)))
	addGolden("snmp_trapv1", ipudp("192.0.2.5", "192.0.2.162", 40000, 162,
		NewSNMP().Trap("1.3.6.1.4.1.8072.3.2.10", "192.0.2.5", 6, 1, 1234).
			Varbind("1.3.6.1.2.1.1.5.0", layers.SNMPString("agent"))))
	addGolden("snmp_trapv2", ipudp("192.0.2.5", "192.0.2.162", 40000, 162,
		NewSNMP().PDU(layers.SNMPTrapV2).ID(42).
			Varbind("1.3.6.1.2.1.1.3.0", layers.SNMPUnsigned(ber.TagTimeTicks, 100)).
			Varbind("1.3.6.1.6.3.1.1.4.1.0", layers.SNMPOIDValue(ber.MustParseOID("1.3.6.1.6.3.1.1.5.1")))))
	addGolden("snmp_inform", ipudp("192.0.2.5", "192.0.2.162", 40000, 162,
		NewSNMP().PDU(layers.SNMPInformRequest).ID(43).
			Varbind("1.3.6.1.2.1.1.3.0", layers.SNMPUnsigned(ber.TagTimeTicks, 100))))

	// RADIUS
	const nas, srv = "192.0.2.10", "192.0.2.1"
	addGolden("radius_defaults", ipudp(nas, srv, 1812, 1812, NewRadius()))
	addGolden("radius_access_request", ipudp(nas, srv, 40000, 1812,
		NewRadius().ID(7).Authenticator(bytes.Repeat([]byte{1}, 16)).UserName("alice").NASIPAddress(nas).NASPort(1).
			MessageAuthenticator().VendorSpecific(9, layers.RadiusVSA{Type: 1, Value: []byte("shell:priv-lvl=15")})))
	addGolden("radius_response_auth", func() ([]byte, error) {
		r := NewRadius().Code(layers.RadiusAccessAccept).ID(7).
			Attribute(layers.RadiusStringAttr(layers.RadiusAttrReplyMessage, "welcome"))
		body, err := r.Build()
		if err != nil {
			return nil, err
		}
		var req [16]byte
		copy(req[:], bytes.Repeat([]byte{0x11}, 16))
		auth, err := layers.RadiusResponseAuthenticator(body, req, []byte("testing123"))
		if err != nil {
			return nil, err
		}
		return ipudp(srv, nas, 1812, 40000, r.Authenticator(auth[:]))()
	})
	addGolden("radius_message_auth", func() ([]byte, error) {
		r := NewRadius().ID(9).Authenticator(bytes.Repeat([]byte{1}, 16)).UserName("bob").MessageAuthenticator()
		body, err := r.Build()
		if err != nil {
			return nil, err
		}
		ma, err := layers.RadiusMessageAuthenticator(body, nil, []byte("testing123"))
		if err != nil {
			return nil, err
		}
		r.Layer().Attributes[1].Value = ma[:]
		return ipudp(nas, srv, 40000, 1812, r)()
	})
	addGolden("radius_accounting", ipudp(nas, srv, 40000, 1813,
		NewRadius().Code(layers.RadiusAccountingRequest).ID(3).Authenticator(bytes.Repeat([]byte{0x22}, 16)).
			Attribute(layers.RadiusUint32Attr(layers.RadiusAttrAcctStatusType, 1),
				layers.RadiusStringAttr(layers.RadiusAttrAcctSessionID, "sess-0001")).
			NASIPAddress(nas)))

	// Kerberos
	t2037 := time.Date(2037, 9, 13, 2, 48, 5, 0, time.UTC)
	addGolden("kerberos_asreq", ipudp(mgr, "192.0.2.88", 40000, 88,
		NewKerberos().ASReq("alice", "EXAMPLE.ORG", "krbtgt/EXAMPLE.ORG").KDCOptions(0x40810010).
			PAData(128, []byte{0x30, 0x05, 0xa0, 0x03, 0x01, 0x01, 0x01}).
			Till(t2037).RTime(t2037).Nonce(12345).ETypes(18, 17, 23).
			Addresses().Set("additionalTickets", []byte{0x30, 0x00})))
	addGolden("kerberos_error", ipudp("192.0.2.88", mgr, 88, 40000,
		NewKerberos().KRBError(25, "EXAMPLE.ORG", "krbtgt/EXAMPLE.ORG", time.Date(2024, 5, 1, 10, 0, 0, 123456000, time.UTC)).
			CTime(time.Date(2024, 5, 1, 9, 59, 59, 0, time.UTC)).CRealm("").EText("NEEDED_PREAUTH").EData([]byte{})))

	// LLC, SNAP and CDP in IEEE 802.3 frames.
	dot3 := func(dst string, top ...Builder) func() ([]byte, error) {
		return func() ([]byte, error) {
			n := 0
			for _, b := range top {
				ls, _ := b.Layers()
				for _, l := range ls {
					n += l.HeaderLen()
				}
			}
			s := &Stack{}
			s.Over(NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC(dst).Type(uint16(n)))
			for _, b := range top {
				s.Over(b)
			}
			return s.Build()
		}
	}
	addGolden("snap_ip", dot3("02:00:00:00:00:02", NewLLC(), NewSNAP(),
		NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2"), NewICMP()))
	addGolden("llc_stp_raw", dot3("01:80:c2:00:00:00", NewLLC().DSAP(0x42).SSAP(0x42).Ctrl(3), NewRaw(make([]byte, 5))))
	addGolden("cdp_basic", dot3(layers.CDPMulticast, NewLLC(), NewSNAP(),
		NewCDP().DeviceID("R1").PortID("Gi0/1").Capabilities(0x29).SoftwareVersion("IOS 15.1").
			Platform("cisco 2911").Addresses("192.0.2.1").NativeVLAN(10).Duplex(true)))
	addGolden("cdp_odd_low", dot3(layers.CDPMulticast, NewLLC(), NewSNAP(), NewCDP().TTL(60).DeviceID("R\xfe1")))
	addGolden("cdp_odd_high", dot3(layers.CDPMulticast, NewLLC(), NewSNAP(), NewCDP().Version(1).DeviceID("R1\xfe")))
}

// TestP6RBuiltWithTshark builds LDAP, QUIC, Kerberos-over-TCP and SNMPv3
// messages, Scapy having no usable encoder for them, and has tshark read
// them: the fields it sees are the ones described.
func TestP6RBuiltWithTshark(t *testing.T) {
	if _, err := exec.LookPath("tshark"); err != nil {
		t.Skip("tshark is not installed (apt-get install tshark)")
	}
	tcp := func(sport, dport uint16, top Builder) *Stack {
		return NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02").
			Over(NewIP().SrcIP("192.0.2.10").DstIP("192.0.2.1")).
			Over(NewTCP().SrcPort(sport).DstPort(dport).Flags(layers.TCPPsh | layers.TCPAck).Seq(1).Ack(1)).Over(top)
	}
	udp := func(sport, dport uint16, top Builder) *Stack {
		return NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02").
			Over(NewIP().SrcIP("192.0.2.10").DstIP("192.0.2.1")).
			Over(NewUDP().SrcPort(sport).DstPort(dport)).Over(top)
	}
	dcid, _ := hex.DecodeString("8394c8f03e515708")
	ch := NewTLSClientHello().HelloVersion(0x0303).CipherSuites(0x1301, 0x1302).ServerName("example.com").
		ALPN("h3").SupportedVersions(0x0304)
	cases := []struct {
		name   string
		frame  *Stack
		fields map[string]string
	}{
		{"ldap bind", tcp(40000, 389, NewLDAP().MessageID(1).BindRequest("cn=admin,dc=example,dc=org", "secret")),
			map[string]string{"ldap.messageID": "1", "ldap.protocolOp": "0", "ldap.version": "3",
				"ldap.name": "cn=admin,dc=example,dc=org", "ldap.simple": "secret"}},
		{"ldap sasl bind", tcp(40000, 389, NewLDAP().MessageID(2).SASLBind("", "GSSAPI", []byte{1, 2})),
			map[string]string{"ldap.messageID": "2", "ldap.mechanism": "GSSAPI"}},
		{"ldap search", tcp(40000, 389, NewLDAP().MessageID(3).
			Search("dc=example,dc=org", layers.LDAPScopeSubtree, "(&(objectClass=person)(!(|(uid=al*)(cn=*smith))))", "cn", "mail").
			SizeLimit(10).Control("1.2.840.113556.1.4.319", true, []byte{0x30, 0x05, 0x02, 0x01, 0x05, 0x04, 0x00})),
			map[string]string{"ldap.messageID": "3", "ldap.protocolOp": "3", "ldap.baseObject": "dc=example,dc=org",
				"ldap.scope": "2", "ldap.sizeLimit": "10", "ldap.controlType": "1.2.840.113556.1.4.319",
				"ldap.filter_text": "(&(objectClass=person)(!(|(uid=al*)(cn=*smith))))"}},
		{"ldap entry", tcp(389, 40000, NewLDAP().MessageID(3).Entry("uid=alice,dc=example,dc=org",
			layers.LDAPAttr("cn", "Alice"), layers.LDAPAttr("mail", "alice@example.org", "a@example.org"))),
			map[string]string{"ldap.protocolOp": "4", "ldap.objectName": "uid=alice,dc=example,dc=org", "ldap.type": "cn,mail"}},
		{"ldap done", tcp(389, 40000, NewLDAP().MessageID(3).Result(layers.LDAPSearchResultDone, 32, "dc=org", "no such object")),
			map[string]string{"ldap.protocolOp": "5", "ldap.resultCode": "32", "ldap.matchedDN": "dc=org",
				"ldap.errorMessage": "no such object"}},
		{"ldap modify", tcp(40000, 389, NewLDAP().MessageID(4).Modify("uid=alice,dc=example,dc=org",
			layers.LDAPChange{Operation: layers.LDAPModReplace, Attribute: layers.LDAPAttr("mail", "new@example.org")})),
			map[string]string{"ldap.protocolOp": "6", "ldap.object": "uid=alice,dc=example,dc=org", "ldap.operation": "2", "ldap.type": "mail"}},
		{"ldap moddn", tcp(40000, 389, NewLDAP().MessageID(5).ModifyDN("uid=bob,dc=example,dc=org", "uid=robert", true, "ou=people,dc=example,dc=org")),
			map[string]string{"ldap.protocolOp": "12", "ldap.entry": "uid=bob,dc=example,dc=org", "ldap.newrdn": "uid=robert",
				"ldap.deleteoldrdn": "1", "ldap.newSuperior": "ou=people,dc=example,dc=org"}},
		{"ldap compare", tcp(40000, 389, NewLDAP().MessageID(6).Compare("uid=bob,dc=example,dc=org", "sn", "Builder")),
			map[string]string{"ldap.protocolOp": "14", "ldap.attributeDesc": "sn", "ldap.assertionValue": "Builder"}},
		{"ldap delete", tcp(40000, 389, NewLDAP().MessageID(7).Delete("uid=bob,dc=example,dc=org")),
			map[string]string{"ldap.protocolOp": "10", "ldap.delRequest": "uid=bob,dc=example,dc=org"}},
		{"ldap abandon", tcp(40000, 389, NewLDAP().MessageID(8).Abandon(3)),
			map[string]string{"ldap.protocolOp": "16", "ldap.abandonRequest": "3"}},
		{"ldap extended", tcp(40000, 389, NewLDAP().MessageID(9).Extended("1.3.6.1.4.1.1466.20037", nil)),
			map[string]string{"ldap.protocolOp": "23", "ldap.requestName": "1.3.6.1.4.1.1466.20037"}},
		{"ldap unbind", tcp(40000, 389, NewLDAP().MessageID(10).Unbind()),
			map[string]string{"ldap.protocolOp": "2", "ldap.messageID": "10"}},
		{"kerberos tcp", tcp(40000, 88, NewKerberos().ASReq("alice", "EXAMPLE.ORG", "krbtgt/EXAMPLE.ORG").
			KDCOptions(0x40810010).Till(time.Date(2037, 9, 13, 2, 48, 5, 0, time.UTC)).Nonce(7).ETypes(18, 17)),
			map[string]string{"kerberos.msg_type": "10", "kerberos.CNameString": "alice", "kerberos.realm": "EXAMPLE.ORG",
				"kerberos.SNameString": "krbtgt,EXAMPLE.ORG", "kerberos.nonce": "7", "kerberos.ENCTYPE": "18,17",
				"kerberos.kdc_options": "40810010"}},
		{"snmpv3", udp(40000, 161, NewSNMP().V3(77, 4, []byte{0x80, 0, 0x1f, 0x88, 4, 'x'}, 3, 1000, "bob").
			Context([]byte{0x80, 0, 0x1f, 0x88, 4, 'x'}, "").Get("1.3.6.1.2.1.1.1.0")),
			map[string]string{"snmp.msgVersion": "3", "snmp.msgID": "77", "snmp.msgFlags": "04", "snmp.msgUserName": "bob",
				"snmp.msgAuthoritativeEngineBoots": "3", "snmp.msgAuthoritativeEngineTime": "1000", "snmp.data": "0",
				"snmp.name": "1.3.6.1.2.1.1.1.0"}},
		{"quic initial", udp(40000, 443, NewQUIC().DCID(dcid).SCID([]byte{1, 2, 3, 4}).ClientHello(ch)),
			map[string]string{"quic.version": "0x00000001", "quic.dcid": "8394c8f03e515708", "quic.scid": "01020304",
				"quic.packet_number": "0", "tls.handshake.type": "1", "tls.handshake.extensions_server_name": "example.com",
				"tls.handshake.ciphersuite": "0x1301,0x1302", "quic.frame_type": "6,0"}},
	}
	dir := t.TempDir()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			frame, err := tc.frame.Build()
			if err != nil {
				t.Fatal(err)
			}
			p, err := Dissect(frame)
			if err != nil {
				t.Fatalf("dissect: %v (%v)", err, p)
			}
			if again, _ := p.Build(); !bytes.Equal(again, frame) {
				t.Errorf("round trip\n got %x\nwant %x", again, frame)
			}
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".pcap")
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			w, _ := pcap.NewWriter(f, pcap.LinkTypeEthernet)
			w.WritePacket(pcap.CaptureInfo{Timestamp: time.Unix(1700000000, 0), LinkType: pcap.LinkTypeEthernet}, frame)
			w.Flush()
			f.Close()
			args := []string{"-n", "-r", path, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,", "-e", "_ws.malformed", "-e", "_ws.expert.severity"}
			keys := make([]string, 0, len(tc.fields))
			for k := range tc.fields {
				if k == "ldap.filter_text" {
					continue
				}
				keys = append(keys, k)
				args = append(args, "-e", k)
			}
			out, err := exec.Command("tshark", args...).Output()
			if err != nil {
				t.Fatalf("tshark: %v", err)
			}
			cols := strings.Split(strings.TrimRight(string(out), "\n"), "\t")
			if len(cols) != len(keys)+2 {
				t.Fatalf("tshark printed %q", out)
			}
			if cols[0] != "" {
				t.Errorf("tshark finds the frame malformed")
			}
			for i, k := range keys {
				if cols[i+2] != tc.fields[k] {
					t.Errorf("%s = %q, want %q", k, cols[i+2], tc.fields[k])
				}
			}
			if ft, ok := tc.fields["ldap.filter_text"]; ok {
				v, _ := exec.Command("tshark", "-n", "-r", path, "-O", "ldap", "-V").Output()
				if !strings.Contains(string(v), "Filter: "+ft) {
					t.Errorf("tshark does not show filter %s:\n%s", ft, v)
				}
			}
		})
	}
}

// TestP6RDissectShow reads back a built message of each protocol: the
// packet summary and Show name the fields.
func TestP6RDissectShow(t *testing.T) {
	b, err := SNMPGet("192.0.2.10", "192.0.2.161", 40000, "public", 7, "1.3.6.1.2.1.1.1.0")
	if err != nil {
		t.Fatal(err)
	}
	p, err := DissectAs(b, layers.IPv4Type)
	if err != nil {
		t.Fatal(err)
	}
	if s := p.String(); s != "IP / UDP / SNMP v2c get-request 1.3.6.1.2.1.1.1.0" {
		t.Errorf("summary %q", s)
	}
	for _, want := range []string{"community = b'public'", "PDU       = SNMPget", "id        = 7",
		"varbindlist= [SNMPvarbind(oid=1.3.6.1.2.1.1.1.0, value=NULL)]"} {
		if !strings.Contains(p.Show(), want) {
			t.Errorf("show lacks %q:\n%s", want, p.Show())
		}
	}
	s, _ := packet.LayerOf[*layers.SNMP](p)
	if v, _ := s.Get("community"); string(v.([]byte)) != "public" {
		t.Errorf("get community %v", v)
	}
	if err := s.Set("id", 8); err != nil || s.RequestID != 8 {
		t.Errorf("set id: %v", err)
	}
}
