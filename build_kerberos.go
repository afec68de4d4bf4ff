package goscapy

import (
	"time"

	"github.com/goscapy/goscapy/ber"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// KerberosBuilder builds a Kerberos V5 message: AS-REQ, TGS-REQ,
// AS-REP, TGS-REP or KRB-ERROR. Over TCP the 4-byte record mark is added
// (computed unless set).
//
//	req, err := goscapy.NewIP().DstIP("192.0.2.88").
//		Over(goscapy.NewUDP().SrcPort(40000).DstPort(88)).
//		Over(goscapy.NewKerberos().ASReq("alice", "EXAMPLE.ORG", "krbtgt/EXAMPLE.ORG").
//			Till(time.Now().Add(10*time.Hour)).Nonce(12345).ETypes(18, 17)).
//		Build()
type KerberosBuilder struct{ base[*layers.Kerberos] }

// NewKerberos starts an AS-REQ of protocol version 5.
func NewKerberos() *KerberosBuilder {
	return &KerberosBuilder{base[*layers.Kerberos]{l: layers.NewKerberos()}}
}

func (b *KerberosBuilder) msg(app uint8) {
	b.l.App, b.l.MsgType = app, int64(app)
}

// ASReq makes the message an AS-REQ for client cname of realm, for the
// service sname ("krbtgt/REALM"; "" for none).
func (b *KerberosBuilder) ASReq(cname, realm, sname string) *KerberosBuilder {
	b.msg(layers.KerberosASReq)
	b.l.CName, b.l.HasCName = layers.KerberosPrincipalFrom(cname), true
	b.l.Realm = []byte(realm)
	if sname != "" {
		b.l.SName, b.l.HasSName = layers.KerberosPrincipalFrom(sname), true
	}
	return b
}

// TGSReq makes the message a TGS-REQ for service sname of realm; the
// ticket goes in a PA-TGS-REQ pre-authentication (PAData).
func (b *KerberosBuilder) TGSReq(realm, sname string) *KerberosBuilder {
	b.msg(layers.KerberosTGSReq)
	b.l.Realm = []byte(realm)
	b.l.SName, b.l.HasSName = layers.KerberosPrincipalFrom(sname), true
	return b
}

// KRBError makes the message a KRB-ERROR with its code, realm, service
// and server time.
func (b *KerberosBuilder) KRBError(code int64, realm, sname string, stime time.Time) *KerberosBuilder {
	b.msg(layers.KerberosKRBError)
	b.l.ErrorCode, b.l.Realm = code, []byte(realm)
	b.l.SName, b.l.HasSName = layers.KerberosPrincipalFrom(sname), true
	b.l.STime = ber.AppendGeneralizedTime(nil, stime.Truncate(time.Second))
	b.l.SUsec = int64(stime.Nanosecond() / 1000)
	return b
}

// Rep makes the message an AS-REP (or, tgs true, a TGS-REP) for the
// client cname of crealm, with the ticket and the encrypted part as
// opaque EncryptedData.
func (b *KerberosBuilder) Rep(tgs bool, crealm, cname string, ticket layers.KerberosTicket, encPart layers.KerberosEncryptedData) *KerberosBuilder {
	b.msg(layers.KerberosASRep)
	if tgs {
		b.msg(layers.KerberosTGSRep)
	}
	b.l.CRealm = []byte(crealm)
	b.l.CName, b.l.HasCName = layers.KerberosPrincipalFrom(cname), true
	b.l.Ticket, b.l.EncPart = ticket, encPart
	return b
}

// CName, SName and Realm set the names.
func (b *KerberosBuilder) CName(nameType int64, names ...string) *KerberosBuilder {
	b.l.CName, b.l.HasCName = principal(nameType, names), true
	return b
}
func (b *KerberosBuilder) SName(nameType int64, names ...string) *KerberosBuilder {
	b.l.SName, b.l.HasSName = principal(nameType, names), true
	return b
}
func (b *KerberosBuilder) Realm(s string) *KerberosBuilder { b.l.Realm = []byte(s); return b }

func principal(t int64, names []string) layers.KerberosPrincipal {
	p := layers.KerberosPrincipal{NameType: t}
	for _, n := range names {
		p.Names = append(p.Names, []byte(n))
	}
	return p
}

// KDCOptions sets the KDC options, bit 0 the most significant
// (0x40810010: forwardable, renewable, canonicalize, renewable-ok).
func (b *KerberosBuilder) KDCOptions(v uint32) *KerberosBuilder {
	b.l.KDCOptions = ber.BitStringFromUint32(v)
	return b
}

// Till, From and RTime set the request's times (whole seconds, UTC).
func (b *KerberosBuilder) Till(t time.Time) *KerberosBuilder {
	b.l.Till = ber.AppendGeneralizedTime(nil, t.Truncate(time.Second))
	return b
}
func (b *KerberosBuilder) From(t time.Time) *KerberosBuilder {
	b.l.From = ber.AppendGeneralizedTime(nil, t.Truncate(time.Second))
	return b
}
func (b *KerberosBuilder) RTime(t time.Time) *KerberosBuilder {
	b.l.RTime = ber.AppendGeneralizedTime(nil, t.Truncate(time.Second))
	return b
}

// Nonce sets the nonce.
func (b *KerberosBuilder) Nonce(v uint32) *KerberosBuilder { b.l.Nonce = int64(v); return b }

// ETypes sets the encryption types the client accepts, in order of
// preference (18 aes256-cts-hmac-sha1-96, 17, 23 rc4-hmac, ...).
func (b *KerberosBuilder) ETypes(e ...int64) *KerberosBuilder { b.l.ETypes = e; return b }

// PAData appends pre-authentication data.
func (b *KerberosBuilder) PAData(typ int64, value []byte) *KerberosBuilder {
	b.l.PAData = append(b.l.PAData, layers.KerberosPAData{Type: typ, Value: value})
	b.l.HasPAData = true
	return b
}

// Addresses sets the client addresses of a request (type 2 IPv4, 24
// IPv6).
func (b *KerberosBuilder) Addresses(a ...layers.KerberosHostAddress) *KerberosBuilder {
	b.l.Addresses, b.l.HasAddresses = a, true
	return b
}

// EText sets the error text of a KRB-ERROR.
func (b *KerberosBuilder) EText(s string) *KerberosBuilder {
	b.l.EText = fields.Some([]byte(s))
	return b
}

// OverTCP adds the record mark (also added when the layer below is TCP).
func (b *KerberosBuilder) OverTCP() *KerberosBuilder { b.l.OverTCP = true; return b }

// Set sets any field by its Scapy name.
func (b *KerberosBuilder) Set(field string, v any) *KerberosBuilder { b.set(field, v); return b }

// CTime sets the client time of a KRB-ERROR and its microseconds.
func (b *KerberosBuilder) CTime(t time.Time) *KerberosBuilder {
	b.l.CTime = ber.AppendGeneralizedTime(nil, t.Truncate(time.Second))
	b.l.CUsec, b.l.HasCUsec = int64(t.Nanosecond()/1000), true
	return b
}

// CRealm sets the client's realm (of a KRB-ERROR or a reply; an empty
// one is written).
func (b *KerberosBuilder) CRealm(s string) *KerberosBuilder { b.l.CRealm = []byte(s); return b }

// EData sets the error data of a KRB-ERROR.
func (b *KerberosBuilder) EData(v []byte) *KerberosBuilder {
	b.l.EData = fields.Some(v)
	return b
}
