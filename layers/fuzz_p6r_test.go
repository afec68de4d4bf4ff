package layers

import (
	"bytes"
	"testing"

	"github.com/goscapy/goscapy/packet"
)

// p6rFuzz is what the fuzz targets check: no panic, and every input
// re-encodes byte for byte whether or not it decoded; Show, String and
// JSON work.
func p6rFuzz(t *testing.T, data []byte, first packet.LayerType) *packet.Packet {
	p, err := packet.Dissect(data, first)
	_ = p.String()
	_ = p.Show()
	_ = p.AppendJSON(nil, 1)
	out, berr := p.Build()
	if berr != nil || !bytes.Equal(out, data) {
		t.Fatalf("round trip of %v (decode error %v): %v\n got %x\nwant %x", p, err, berr, out, data)
	}
	return p
}

// p6rSeeds adds the corpus frames of proto and their payloads from the
// layer first on.
func p6rSeeds(f *testing.F, proto string, first packet.LayerType) {
	for _, fr := range loadP6RFrames(f) {
		if fr.proto != proto {
			continue
		}
		f.Add(fr.frame)
		start, _ := packet.FirstLayer(fr.linkType, fr.frame)
		p, _ := packet.Dissect(fr.frame, start)
		off := 0
		for _, l := range p.Layers() {
			if l.Proto().Type() == first {
				f.Add(fr.frame[off:])
				break
			}
			off += l.HeaderLen()
		}
	}
}

// FuzzSNMP decodes SNMP messages and frames.
func FuzzSNMP(f *testing.F) {
	p6rSeeds(f, "snmp", SNMPType)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, first := range []packet.LayerType{SNMPType, EthernetType} {
			p := p6rFuzz(t, data, first)
			if s, ok := packet.LayerOf[*SNMP](p); ok {
				snmpTsharkFields(p6rVals{}, s)
				for _, v := range s.Varbinds {
					_ = v.Value.String()
				}
			}
		}
	})
}

// FuzzRadius decodes RADIUS packets and frames.
func FuzzRadius(f *testing.F) {
	p6rSeeds(f, "radius", RadiusType)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, first := range []packet.LayerType{RadiusType, EthernetType} {
			p := p6rFuzz(t, data, first)
			if r, ok := packet.LayerOf[*Radius](p); ok {
				radiusTsharkFields(p6rVals{}, r)
				r.EAPMessage()
				b, _ := packet.New(r).Build()
				RadiusResponseAuthenticator(b, r.Authenticator, []byte("s"))
				RadiusMessageAuthenticator(b, nil, []byte("s"))
			}
		}
	})
}

// FuzzLDAP decodes LDAP messages (several per segment) and frames.
func FuzzLDAP(f *testing.F) {
	p6rSeeds(f, "ldap", LDAPType)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, first := range []packet.LayerType{LDAPType, EthernetType} {
			p := p6rFuzz(t, data, first)
			for _, l := range p.Layers() {
				if m, ok := l.(*LDAP); ok {
					ldapTsharkFields(p6rVals{}, m)
				}
			}
		}
	})
}

// FuzzLDAPFilter parses filter text; what parses prints back as text that
// parses to the same encoding.
func FuzzLDAPFilter(f *testing.F) {
	for _, s := range []string{"(cn=Babs Jensen)", "(&(objectClass=person)(|(uid=a*)(cn=*b*c)))", "(!(x>=1))",
		"(cn:dn:caseExactMatch:=x)", `(y=\28\29\5c\00)`, "uid=alice", "(o=univ*of*mich*)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc, err := ParseLDAPFilter(s)
		if err != nil {
			return
		}
		text, err := LDAPFilterString(enc)
		if err != nil {
			t.Fatalf("%q encodes to %x, which does not print: %v", s, enc, err)
		}
		again, err := ParseLDAPFilter(text)
		if err != nil || !bytes.Equal(again, enc) {
			t.Fatalf("%q -> %q -> %x (%v), want %x", s, text, again, err, enc)
		}
	})
}

// FuzzKerberos decodes Kerberos messages, over UDP and TCP frames.
func FuzzKerberos(f *testing.F) {
	p6rSeeds(f, "kerberos", KerberosType)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, first := range []packet.LayerType{KerberosType, EthernetType, TCPType} {
			p := p6rFuzz(t, data, first)
			if k, ok := packet.LayerOf[*Kerberos](p); ok {
				kerberosTsharkFields(p6rVals{}, k)
			}
		}
	})
}

// FuzzQUIC decodes QUIC datagrams and tries to decrypt their Initials.
func FuzzQUIC(f *testing.F) {
	p6rSeeds(f, "quic", QUICType)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, first := range []packet.LayerType{QUICType, LoopbackType} {
			p := p6rFuzz(t, data, first)
			for _, l := range p.Layers() {
				if q, ok := l.(*QUIC); ok {
					quicTsharkFields(p6rVals{}, q)
					q.DecryptInitial(nil, true)
				}
			}
		}
		ParseQUICFrames(data)
	})
}

// FuzzCDP decodes 802.3 frames: LLC, SNAP, CDP.
func FuzzCDP(f *testing.F) {
	p6rSeeds(f, "cdp", CDPType)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, first := range []packet.LayerType{CDPType, EthernetType, LLCType} {
			p := p6rFuzz(t, data, first)
			cdpTsharkFields(p6rVals{}, p)
			if c, ok := packet.LayerOf[*CDP](p); ok {
				c.Addresses()
				c.MgmtAddresses()
				c.Summary()
			}
		}
	})
}
