package layers

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/goscapy/goscapy/ber"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// Kerberos V5 messages (RFC 4120 section 5), in DER:
//
//	AS-REQ ::= [APPLICATION 10] KDC-REQ   TGS-REQ ::= [APPLICATION 12] KDC-REQ
//	KDC-REQ ::= SEQUENCE { pvno [1] INTEGER (5), msg-type [2] INTEGER,
//	    padata [3] SEQUENCE OF PA-DATA OPTIONAL, req-body [4] KDC-REQ-BODY }
//	KDC-REQ-BODY ::= SEQUENCE { kdc-options [0] KDCOptions,
//	    cname [1] PrincipalName OPTIONAL, realm [2] Realm,
//	    sname [3] PrincipalName OPTIONAL, from [4] KerberosTime OPTIONAL,
//	    till [5] KerberosTime, rtime [6] KerberosTime OPTIONAL,
//	    nonce [7] UInt32, etype [8] SEQUENCE OF Int32,
//	    addresses [9] HostAddresses OPTIONAL,
//	    enc-authorization-data [10] EncryptedData OPTIONAL,
//	    additional-tickets [11] SEQUENCE OF Ticket OPTIONAL }
//	AS-REP ::= [APPLICATION 11] KDC-REP   TGS-REP ::= [APPLICATION 13] KDC-REP
//	KDC-REP ::= SEQUENCE { pvno [0], msg-type [1], padata [2] OPTIONAL,
//	    crealm [3] Realm, cname [4] PrincipalName, ticket [5] Ticket,
//	    enc-part [6] EncryptedData }
//	KRB-ERROR ::= [APPLICATION 30] SEQUENCE { pvno [0], msg-type [1],
//	    ctime [2] OPTIONAL, cusec [3] OPTIONAL, stime [4], susec [5],
//	    error-code [6], crealm [7] OPTIONAL, cname [8] OPTIONAL, realm [9],
//	    sname [10], e-text [11] OPTIONAL, e-data [12] OPTIONAL }
//	Ticket ::= [APPLICATION 1] SEQUENCE { tkt-vno [0], realm [1],
//	    sname [2] PrincipalName, enc-part [3] EncryptedData }
//	EncryptedData ::= SEQUENCE { etype [0] Int32, kvno [1] UInt32 OPTIONAL,
//	    cipher [2] OCTET STRING }
//	PrincipalName ::= SEQUENCE { name-type [0] Int32,
//	    name-string [1] SEQUENCE OF KerberosString }
//
// Over TCP a 4-byte record mark (the message length) comes first (RFC
// 4120 section 7.2.2). Encrypted parts are kept opaque; other messages
// (AP-REQ, KRB-PRIV, ...) are kept as their tag and contents.

// Kerberos message types and port (untyped constants).
const (
	KerberosASReq    = 10
	KerberosASRep    = 11
	KerberosTGSReq   = 12
	KerberosTGSRep   = 13
	KerberosAPReq    = 14
	KerberosAPRep    = 15
	KerberosKRBSafe  = 20
	KerberosKRBPriv  = 21
	KerberosKRBCred  = 22
	KerberosKRBError = 30

	KerberosPort = 88
)

// KerberosMsgNames names message types as RFC 4120 does.
var KerberosMsgNames = map[uint64]string{
	1: "Ticket", 2: "Authenticator", 3: "EncTicketPart", 10: "AS-REQ", 11: "AS-REP", 12: "TGS-REQ",
	13: "TGS-REP", 14: "AP-REQ", 15: "AP-REP", 20: "KRB-SAFE", 21: "KRB-PRIV", 22: "KRB-CRED",
	25: "EncASRepPart", 26: "EncTGSRepPart", 27: "EncApRepPart", 28: "EncKrbPrivPart",
	29: "EncKrbCredPart", 30: "KRB-ERROR",
}

// KerberosErrorNames names error codes (RFC 4120 section 7.5.9, as tshark
// prints them).
var KerberosErrorNames = map[uint64]string{
	0: "KDC_ERR_NONE", 1: "KDC_ERR_NAME_EXP", 2: "KDC_ERR_SERVICE_EXP", 3: "KDC_ERR_BAD_PVNO",
	4: "KDC_ERR_C_OLD_MAST_KVNO", 5: "KDC_ERR_S_OLD_MAST_KVNO", 6: "KDC_ERR_C_PRINCIPAL_UNKNOWN",
	7: "KDC_ERR_S_PRINCIPAL_UNKNOWN", 8: "KDC_ERR_PRINCIPAL_NOT_UNIQUE", 9: "KDC_ERR_NULL_KEY",
	10: "KDC_ERR_CANNOT_POSTDATE", 11: "KDC_ERR_NEVER_VALID", 12: "KDC_ERR_POLICY",
	13: "KDC_ERR_BADOPTION", 14: "KDC_ERR_ETYPE_NOSUPP", 15: "KDC_ERR_SUMTYPE_NOSUPP",
	16: "KDC_ERR_PADATA_TYPE_NOSUPP", 17: "KDC_ERR_TRTYPE_NOSUPP", 18: "KDC_ERR_CLIENT_REVOKED",
	19: "KDC_ERR_SERVICE_REVOKED", 20: "KDC_ERR_TGT_REVOKED", 21: "KDC_ERR_CLIENT_NOTYET",
	22: "KDC_ERR_SERVICE_NOTYET", 23: "KDC_ERR_KEY_EXPIRED", 24: "KDC_ERR_PREAUTH_FAILED",
	25: "KDC_ERR_PREAUTH_REQUIRED", 26: "KDC_ERR_SERVER_NOMATCH", 27: "KDC_ERR_MUST_USE_USER2USER",
	28: "KDC_ERR_PATH_NOT_ACCEPTED", 29: "KDC_ERR_SVC_UNAVAILABLE", 31: "KRB_AP_ERR_BAD_INTEGRITY",
	32: "KRB_AP_ERR_TKT_EXPIRED", 33: "KRB_AP_ERR_TKT_NYV", 34: "KRB_AP_ERR_REPEAT",
	35: "KRB_AP_ERR_NOT_US", 36: "KRB_AP_ERR_BADMATCH", 37: "KRB_AP_ERR_SKEW",
	38: "KRB_AP_ERR_BADADDR", 39: "KRB_AP_ERR_BADVERSION", 40: "KRB_AP_ERR_MSG_TYPE",
	41: "KRB_AP_ERR_MODIFIED", 42: "KRB_AP_ERR_BADORDER", 44: "KRB_AP_ERR_BADKEYVER",
	45: "KRB_AP_ERR_NOKEY", 46: "KRB_AP_ERR_MUT_FAIL", 47: "KRB_AP_ERR_BADDIRECTION",
	48: "KRB_AP_ERR_METHOD", 49: "KRB_AP_ERR_BADSEQ", 50: "KRB_AP_ERR_INAPP_CKSUM",
	51: "KRB_AP_PATH_NOT_ACCEPTED", 52: "KRB_ERR_RESPONSE_TOO_BIG", 60: "KRB_ERR_GENERIC",
	61: "KRB_ERR_FIELD_TOOLONG", 62: "KDC_ERROR_CLIENT_NOT_TRUSTED", 63: "KDC_ERROR_KDC_NOT_TRUSTED",
	64: "KDC_ERROR_INVALID_SIG", 65: "KDC_ERR_KEY_TOO_WEAK", 66: "KDC_ERR_CERTIFICATE_MISMATCH",
	67: "KRB_AP_ERR_NO_TGT", 68: "KDC_ERR_WRONG_REALM", 69: "KRB_AP_ERR_USER_TO_USER_REQUIRED",
	70: "KDC_ERR_CANT_VERIFY_CERTIFICATE", 71: "KDC_ERR_INVALID_CERTIFICATE",
	72: "KDC_ERR_REVOKED_CERTIFICATE", 73: "KDC_ERR_REVOCATION_STATUS_UNKNOWN",
	74: "KDC_ERR_REVOCATION_STATUS_UNAVAILABLE", 75: "KDC_ERR_CLIENT_NAME_MISMATCH",
	76: "KDC_ERR_KDC_NAME_MISMATCH", 90: "KDC_ERR_PREAUTH_EXPIRED", 91: "KDC_ERR_MORE_PREAUTH_DATA_REQUIRED",
	93: "KDC_ERR_UNKNOWN_CRITICAL_FAST_OPTIONS",
}

// KerberosPADataNames names pre-authentication data types (IANA).
var KerberosPADataNames = map[uint64]string{
	1: "PA-TGS-REQ", 2: "PA-ENC-TIMESTAMP", 3: "PA-PW-SALT", 11: "PA-ETYPE-INFO", 14: "PA-PK-AS-REQ-OLD",
	15: "PA-PK-AS-REP-OLD", 16: "PA-PK-AS-REQ", 17: "PA-PK-AS-REP", 19: "PA-ETYPE-INFO2",
	20: "PA-SVR-REFERRAL-INFO", 128: "PA-PAC-REQUEST", 129: "PA-FOR-USER", 133: "PA-FX-COOKIE",
	134: "PA-AUTHENTICATION-SET", 135: "PA-AUTH-SET-SELECTED", 136: "PA-FX-FAST", 137: "PA-FX-ERROR",
	138: "PA-ENCRYPTED-CHALLENGE", 147: "PA-OTP-CHALLENGE", 149: "PA-REQ-ENC-PA-REP",
	150: "PA-AS-FRESHNESS", 151: "PA-SPAKE", 165: "PA-SUPPORTED-ENCTYPES", 167: "PA-PAC-OPTIONS",
}

// KerberosETypeNames names encryption types (RFC 3961, 3962, 4757, 8009).
var KerberosETypeNames = map[uint64]string{
	1: "des-cbc-crc", 2: "des-cbc-md4", 3: "des-cbc-md5", 16: "des3-cbc-sha1-kd",
	17: "aes128-cts-hmac-sha1-96", 18: "aes256-cts-hmac-sha1-96", 19: "aes128-cts-hmac-sha256-128",
	20: "aes256-cts-hmac-sha384-192", 23: "rc4-hmac", 24: "rc4-hmac-exp", 25: "camellia128-cts-cmac",
	26: "camellia256-cts-cmac",
}

// KerberosKDCOptionNames names the KDC option bits, bit 0 first (the most
// significant bit of the 32-bit value KDCOptions returns).
var KerberosKDCOptionNames = []string{
	"reserved", "forwardable", "forwarded", "proxiable", "proxy", "allow-postdate", "postdated",
	"unused7", "renewable", "unused9", "unused10", "opt-hardware-auth", "unused12", "unused13",
	"constrained-delegation", "canonicalize", "request-anonymous", "unused17", "unused18", "unused19",
	"unused20", "unused21", "unused22", "unused23", "unused24", "unused25", "disable-transited-check",
	"renewable-ok", "enc-tkt-in-skey", "unused29", "renew", "validate",
}

// KerberosPrincipal is a PrincipalName: its type and components.
type KerberosPrincipal struct {
	NameType int64
	Names    [][]byte
}

// String joins the components with "/" (krbtgt/EXAMPLE.ORG).
func (p KerberosPrincipal) String() string {
	parts := make([]string, len(p.Names))
	for i, n := range p.Names {
		parts[i] = string(n)
	}
	return strings.Join(parts, "/")
}

// KerberosEncryptedData is an EncryptedData: the cipher text stays
// opaque.
type KerberosEncryptedData struct {
	EType   int64
	KVNO    int64
	HasKVNO bool
	Cipher  []byte
}

// KerberosTicket is a Ticket: version, realm, service name and the
// encrypted part.
type KerberosTicket struct {
	TktVno  int64
	Realm   []byte
	SName   KerberosPrincipal
	EncPart KerberosEncryptedData
}

// KerberosPAData is one pre-authentication data element.
type KerberosPAData struct {
	Type  int64
	Value []byte
}

// KerberosHostAddress is a HostAddress: type (2 IPv4, 24 IPv6, 20
// NetBIOS) and address bytes.
type KerberosHostAddress struct {
	Type    int64
	Address []byte
}

// Kerberos is one Kerberos V5 message (Scapy's Kerberos with KRB_AS_REQ,
// KRB_TGS_REQ, KRB_AS_REP, KRB_TGS_REP and KRB_ERROR flattened). Times are
// kept as the GeneralizedTime text they were sent as ("20240501100000Z");
// the *Time methods read them.
type Kerberos struct {
	// OverTCP: the message is preceded by its 4-byte record mark (set by
	// decoding after TCP; the builder's OverTCP).
	OverTCP    bool
	RecordMark fields.Opt[uint32]

	App     uint8 // the APPLICATION tag: KerberosASReq, ...
	Pvno    int64
	MsgType int64

	PAData    []KerberosPAData
	HasPAData bool

	// KDC-REQ-BODY.
	KDCOptions        ber.BitString
	CName             KerberosPrincipal
	HasCName          bool
	Realm             []byte
	SName             KerberosPrincipal
	HasSName          bool
	From              []byte
	Till              []byte
	RTime             []byte
	Nonce             int64
	ETypes            []int64
	Addresses         []KerberosHostAddress
	HasAddresses      bool
	EncAuthData       KerberosEncryptedData
	HasEncAuthData    bool
	AdditionalTickets []byte // the encoded SEQUENCE OF Ticket

	// KDC-REP (CName too).
	CRealm  []byte
	Ticket  KerberosTicket
	EncPart KerberosEncryptedData

	// KRB-ERROR (CRealm, CName, Realm, SName too).
	CTime     []byte
	CUsec     int64
	HasCUsec  bool
	STime     []byte
	SUsec     int64
	ErrorCode int64
	EText     fields.Opt[[]byte]
	EData     fields.Opt[[]byte]

	// Body is the contents of other messages (AP-REQ, KRB-PRIV, ...);
	// BodyTag their tag.
	BodyTag ber.Tag
	Body    []byte

	layout ber.Layout
}

func krbApp(apps ...uint8) func(l any) bool {
	return func(l any) bool {
		a := l.(*Kerberos).App
		for _, x := range apps {
			if x == a {
				return true
			}
		}
		return false
	}
}

var (
	krbReq   = krbApp(KerberosASReq, KerberosTGSReq)
	krbRep   = krbApp(KerberosASRep, KerberosTGSRep)
	krbErr   = krbApp(KerberosKRBError)
	krbKnown = krbApp(KerberosASReq, KerberosTGSReq, KerberosASRep, KerberosTGSRep, KerberosKRBError)
)

func krbTimeField(name string, ptr func(*Kerberos) *[]byte, cond func(any) bool) fields.Field {
	return fields.ListField(name, func(k *Kerberos) any { return string(*ptr(k)) },
		func(k *Kerberos, v any) error {
			switch x := v.(type) {
			case time.Time:
				*ptr(k) = ber.AppendGeneralizedTime(nil, x)
			case string:
				if _, err := ber.ParseGeneralizedTime([]byte(x)); err != nil {
					return fmt.Errorf("%w: KerberosTime %q", fields.ErrBadValue, x)
				}
				*ptr(k) = []byte(x)
			default:
				return fmt.Errorf("%w: KerberosTime from %T", fields.ErrBadValue, v)
			}
			return nil
		},
		func(k *Kerberos) string {
			if *ptr(k) == nil {
				return "None"
			}
			return string(*ptr(k))
		},
		func(k *Kerberos) any {
			if *ptr(k) == nil {
				return nil
			}
			return string(*ptr(k))
		}).When(cond)
}

func krbPrincipalField(name string, ptr func(*Kerberos) *KerberosPrincipal, cond func(any) bool) fields.Field {
	return fields.ListField(name, func(k *Kerberos) any { return *ptr(k) },
		func(k *Kerberos, v any) error {
			p, err := krbPrincipalFrom(v)
			if err != nil {
				return err
			}
			*ptr(k) = p
			if ptr(k) == &k.CName {
				k.HasCName = true
			} else if ptr(k) == &k.SName {
				k.HasSName = true
			}
			return nil
		},
		func(k *Kerberos) string { return formatKrbPrincipal(*ptr(k)) },
		func(k *Kerberos) any {
			p := ptr(k)
			return map[string]any{"nameType": p.NameType, "nameString": stringList(p.Names)}
		}).When(cond)
}

func formatKrbPrincipal(p KerberosPrincipal) string {
	return fmt.Sprintf("PrincipalName(nameType=%d, nameString=%s)", p.NameType, formatByteList(p.Names))
}

// krbPrincipalFrom takes a KerberosPrincipal or "name/instance" text (a
// principal of type NT-PRINCIPAL, 1; NT-SRV-INST, 2, with an instance).
func krbPrincipalFrom(v any) (KerberosPrincipal, error) {
	switch x := v.(type) {
	case KerberosPrincipal:
		return x, nil
	case string:
		return KerberosPrincipalFrom(x), nil
	}
	return KerberosPrincipal{}, fmt.Errorf("%w: principal from %T", fields.ErrBadValue, v)
}

// KerberosPrincipalFrom splits "krbtgt/EXAMPLE.ORG" into its components:
// type NT-SRV-INST (2) when it has several, NT-PRINCIPAL (1) otherwise.
func KerberosPrincipalFrom(s string) KerberosPrincipal {
	parts := strings.Split(s, "/")
	p := KerberosPrincipal{NameType: 1}
	if len(parts) > 1 {
		p.NameType = 2
	}
	for _, x := range parts {
		p.Names = append(p.Names, []byte(x))
	}
	return p
}

func krbEncField(name string, ptr func(*Kerberos) *KerberosEncryptedData, cond func(any) bool) fields.Field {
	return fields.ListField(name, func(k *Kerberos) any { return *ptr(k) }, nil,
		func(k *Kerberos) string { return formatKrbEnc(*ptr(k)) },
		func(k *Kerberos) any { return jsonKrbEnc(*ptr(k)) }).When(cond)
}

func formatKrbEnc(e KerberosEncryptedData) string {
	s := "EncryptedData(etype=" + krbName(KerberosETypeNames, e.EType)
	if e.HasKVNO {
		s += ", kvno=" + strconv.FormatInt(e.KVNO, 10)
	}
	return s + fmt.Sprintf(", cipher=%d bytes)", len(e.Cipher))
}

func jsonKrbEnc(e KerberosEncryptedData) any {
	o := map[string]any{"etype": e.EType, "cipher": fmt.Sprintf("%x", e.Cipher)}
	if e.HasKVNO {
		o["kvno"] = e.KVNO
	}
	return o
}

func krbName(m map[uint64]string, v int64) string {
	if n, ok := m[uint64(v)]; ok && v >= 0 {
		return n
	}
	return strconv.FormatInt(v, 10)
}

var kerberosProto = &packet.Proto{
	Name: "Kerberos", Aliases: []string{"KRB5", "KerberosTCPHeader"},
	Doc: "Kerberos V5 (RFC 4120): AS-REQ/REP, TGS-REQ/REP, KRB-ERROR, encrypted parts opaque; UDP/TCP 88 (TCP record mark)",
	New: func() packet.Layer { return NewKerberos() },
	Fields: []fields.Field{
		fields.AutoUintField("len", 32, func(k *Kerberos) *fields.Opt[uint32] { return &k.RecordMark }).
			When(func(l any) bool { return l.(*Kerberos).OverTCP }),
		fields.EnumField("root", 8, uint8(KerberosASReq), KerberosMsgNames, func(k *Kerberos) *uint8 { return &k.App }),
		berIntField("pvno", 5, func(k *Kerberos) *int64 { return &k.Pvno }).When(krbKnown),
		berEnumField("msgType", KerberosASReq, KerberosMsgNames, func(k *Kerberos) *int64 { return &k.MsgType }).When(krbKnown),
		fields.ListField("padata", func(k *Kerberos) any { return k.PAData }, setKrbPAData, formatKrbPAData, jsonKrbPAData).
			When(func(l any) bool { k := l.(*Kerberos); return (krbReq(l) || krbRep(l)) && k.HasPAData }),
		fields.ListField("kdcOptions", func(k *Kerberos) any { return k.KDCOptions.Uint32() },
			func(k *Kerberos, v any) error {
				x, err := toInt64(v)
				if err != nil || x < 0 || x > 0xffffffff {
					return fmt.Errorf("%w: kdcOptions %v", fields.ErrBadValue, v)
				}
				k.KDCOptions = ber.BitStringFromUint32(uint32(x))
				return nil
			},
			func(k *Kerberos) string { return formatKDCOptions(k.KDCOptions) },
			func(k *Kerberos) any { return k.KDCOptions.Uint32() }).When(krbReq),
		krbPrincipalField("cname", func(k *Kerberos) *KerberosPrincipal { return &k.CName },
			func(l any) bool { k := l.(*Kerberos); return krbRep(l) || (krbReq(l) || krbErr(l)) && k.HasCName }),
		fields.BytesField("crealm", func(k *Kerberos) *[]byte { return &k.CRealm }).
			When(func(l any) bool { k := l.(*Kerberos); return krbRep(l) || krbErr(l) && k.CRealm != nil }),
		fields.BytesField("realm", func(k *Kerberos) *[]byte { return &k.Realm }).When(krbApp(KerberosASReq, KerberosTGSReq, KerberosKRBError)),
		krbPrincipalField("sname", func(k *Kerberos) *KerberosPrincipal { return &k.SName },
			func(l any) bool { k := l.(*Kerberos); return krbErr(l) || krbReq(l) && k.HasSName }),
		krbTimeField("from_", func(k *Kerberos) *[]byte { return &k.From }, func(l any) bool { return krbReq(l) && l.(*Kerberos).From != nil }),
		krbTimeField("till", func(k *Kerberos) *[]byte { return &k.Till }, krbReq),
		krbTimeField("rtime", func(k *Kerberos) *[]byte { return &k.RTime }, func(l any) bool { return krbReq(l) && l.(*Kerberos).RTime != nil }),
		berIntField("nonce", 0, func(k *Kerberos) *int64 { return &k.Nonce }).When(krbReq),
		fields.ListField("etype", func(k *Kerberos) any { return k.ETypes }, setKrbETypes,
			func(k *Kerberos) string {
				parts := make([]string, len(k.ETypes))
				for i, e := range k.ETypes {
					parts[i] = krbName(KerberosETypeNames, e)
				}
				return "[" + strings.Join(parts, ", ") + "]"
			},
			func(k *Kerberos) any { return k.ETypes }).When(krbReq),
		fields.ListField("addresses", func(k *Kerberos) any { return k.Addresses }, nil,
			func(k *Kerberos) string {
				parts := make([]string, len(k.Addresses))
				for i, a := range k.Addresses {
					parts[i] = fmt.Sprintf("HostAddress(addrType=%d, address=%s)", a.Type, fields.ReprBytes(a.Address))
				}
				return "[" + strings.Join(parts, ", ") + "]"
			}, nil).When(func(l any) bool { return krbReq(l) && l.(*Kerberos).HasAddresses }),
		krbEncField("encAuthorizationData", func(k *Kerberos) *KerberosEncryptedData { return &k.EncAuthData },
			func(l any) bool { return krbReq(l) && l.(*Kerberos).HasEncAuthData }),
		fields.BytesField("additionalTickets", func(k *Kerberos) *[]byte { return &k.AdditionalTickets }).
			When(func(l any) bool { return krbReq(l) && l.(*Kerberos).AdditionalTickets != nil }),
		fields.ListField("ticket", func(k *Kerberos) any { return k.Ticket }, nil,
			func(k *Kerberos) string {
				t := k.Ticket
				return fmt.Sprintf("Ticket(tktVno=%d, realm=%s, sname=%s, encPart=%s)", t.TktVno, fields.ReprBytes(t.Realm),
					formatKrbPrincipal(t.SName), formatKrbEnc(t.EncPart))
			},
			func(k *Kerberos) any {
				t := k.Ticket
				return map[string]any{"tktVno": t.TktVno, "realm": string(t.Realm), "sname": t.SName.String(), "encPart": jsonKrbEnc(t.EncPart)}
			}).When(krbRep),
		krbEncField("encPart", func(k *Kerberos) *KerberosEncryptedData { return &k.EncPart }, krbRep),
		krbTimeField("ctime", func(k *Kerberos) *[]byte { return &k.CTime }, func(l any) bool { return krbErr(l) && l.(*Kerberos).CTime != nil }),
		berIntField("cusec", 0, func(k *Kerberos) *int64 { return &k.CUsec }).When(func(l any) bool { return krbErr(l) && l.(*Kerberos).HasCUsec }),
		krbTimeField("stime", func(k *Kerberos) *[]byte { return &k.STime }, krbErr),
		berIntField("susec", 0, func(k *Kerberos) *int64 { return &k.SUsec }).When(krbErr),
		berEnumField("errorCode", 0, KerberosErrorNames, func(k *Kerberos) *int64 { return &k.ErrorCode }).When(krbErr),
		krbOptBytes("eText", func(k *Kerberos) *fields.Opt[[]byte] { return &k.EText }, krbErr),
		krbOptBytes("eData", func(k *Kerberos) *fields.Opt[[]byte] { return &k.EData }, krbErr),
		fields.BytesField("body", func(k *Kerberos) *[]byte { return &k.Body }).When(func(l any) bool { return !krbKnown(l) }),
	},
}

// krbOptBytes is an optional byte string field of Kerberos.
func krbOptBytes(name string, ptr func(*Kerberos) *fields.Opt[[]byte], cond func(any) bool) fields.Field {
	return fields.ListField(name,
		func(k *Kerberos) any {
			if o := ptr(k); o.Valid {
				return o.Value
			}
			return nil
		},
		func(k *Kerberos, v any) error {
			switch x := v.(type) {
			case []byte:
				ptr(k).Put(x)
			case string:
				ptr(k).Put([]byte(x))
			default:
				return fmt.Errorf("%w: %T is not bytes", fields.ErrBadValue, v)
			}
			return nil
		},
		func(k *Kerberos) string {
			if o := ptr(k); o.Valid {
				return fields.ReprBytes(o.Value)
			}
			return "None"
		},
		func(k *Kerberos) any {
			if o := ptr(k); o.Valid {
				return fmt.Sprintf("%x", o.Value)
			}
			return nil
		}).When(func(l any) bool { return cond(l) && ptr(l.(*Kerberos)).Valid })
}

// KerberosType is the registered type of Kerberos.
var KerberosType = packet.Register(kerberosProto)

// NewKerberos returns an AS-REQ with protocol version 5.
func NewKerberos() *Kerberos {
	return &Kerberos{App: KerberosASReq, Pvno: 5, MsgType: KerberosASReq}
}

func (k *Kerberos) Proto() *packet.Proto         { return kerberosProto }
func (k *Kerberos) Get(name string) (any, error) { return packet.GetField(k, name) }
func (k *Kerberos) Set(name string, v any) error { return packet.SetField(k, name, v) }
func (k *Kerberos) Show() string                 { return packet.ShowLayer(k) }

// Summary is "Kerberos AS-REQ cname@realm sname", or the error's name.
func (k *Kerberos) Summary() string { return k.SummaryIn(nil, 0) }

// SummaryIn implements packet.ContextSummarizer.
func (k *Kerberos) SummaryIn(*packet.Packet, int) string {
	s := "Kerberos " + krbName(KerberosMsgNames, int64(k.App))
	switch {
	case k.App == KerberosASReq || k.App == KerberosTGSReq:
		if k.HasCName {
			s += " " + k.CName.String() + "@" + string(k.Realm)
		}
		if k.HasSName {
			s += " " + k.SName.String()
		}
	case k.App == KerberosASRep || k.App == KerberosTGSRep:
		s += " " + k.CName.String() + "@" + string(k.CRealm)
	case k.App == KerberosKRBError:
		s += " " + krbName(KerberosErrorNames, k.ErrorCode)
	}
	return s
}

// KDCOptions returns the KDC options as 32 bits, bit 0 (reserved) the
// most significant.
func (k *Kerberos) KDCOptionBits() uint32 { return k.KDCOptions.Uint32() }

func formatKDCOptions(s ber.BitString) string {
	v := s.Uint32()
	var names []string
	for i := 0; i < 32; i++ {
		if v&(1<<(31-uint(i))) != 0 {
			names = append(names, KerberosKDCOptionNames[i])
		}
	}
	return fmt.Sprintf("%#08x (%s)", v, strings.Join(names, ", "))
}

// TillTime, FromTime, RTimeTime, STimeTime and CTimeTime read the times.
func (k *Kerberos) TillTime() (time.Time, error)  { return ber.ParseGeneralizedTime(k.Till) }
func (k *Kerberos) FromTime() (time.Time, error)  { return ber.ParseGeneralizedTime(k.From) }
func (k *Kerberos) RTimeTime() (time.Time, error) { return ber.ParseGeneralizedTime(k.RTime) }
func (k *Kerberos) STimeTime() (time.Time, error) { return ber.ParseGeneralizedTime(k.STime) }
func (k *Kerberos) CTimeTime() (time.Time, error) { return ber.ParseGeneralizedTime(k.CTime) }

// PA returns the value of the first pre-authentication data of that type.
func (k *Kerberos) PA(typ int64) ([]byte, bool) {
	for _, p := range k.PAData {
		if p.Type == typ {
			return p.Value, true
		}
	}
	return nil, false
}

func (k *Kerberos) overTCP(below packet.Layer) bool {
	if k.OverTCP {
		return true
	}
	_, ok := below.(*TCP)
	return ok
}

// HeaderLen is the length of the message (and of its record mark when
// OverTCP is set).
func (k *Kerberos) HeaderLen() int { return k.headerLen(k.OverTCP) }

// HeaderLenIn counts the record mark also when the layer below is TCP.
func (k *Kerberos) HeaderLenIn(p *packet.Packet, i int) int {
	return k.headerLen(k.overTCP(p.Layer(i - 1)))
}

func (k *Kerberos) headerLen(tcp bool) int {
	var w ber.Writer
	w.UseLayout(&k.layout)
	w.ResetCount()
	k.encode(&w)
	n := w.Len()
	if tcp {
		n += 4
	}
	return n
}

// SerializeTo writes the record mark (after TCP; unset: the message's
// length) and the message.
func (k *Kerberos) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	tcp := k.OverTCP || ctx != nil && k.overTCP(ctx.Prev())
	if tcp {
		if len(b) < 4 {
			return packet.ErrShortBuffer
		}
		put32(b, k.RecordMark.Or(uint32(len(b)-4)))
		b = b[4:]
	}
	var w ber.Writer
	w.ResetFixed(b)
	w.UseLayout(&k.layout)
	k.encode(&w)
	return berDone(&w, len(b))
}

// DecodeFromBytes decodes one message; after TCP, its record mark first. A
// message longer than the segment is ErrTruncated (it continues in the
// next segments).
func (k *Kerberos) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	tcp := false
	if ctx != nil && ctx.Packet != nil {
		if n := len(ctx.Packet.Layers()); n > 0 {
			_, tcp = ctx.Packet.Layer(n - 1).(*TCP)
		}
	}
	off := 0
	end := len(data)
	if tcp {
		if len(data) < 4 {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		mark := be32(data)
		l := int(mark & 0x7fffffff)
		if l > len(data)-4 {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		off, end = 4, 4+l
	}
	k.layout.Reset()
	r := ber.NewReader(data[off:end])
	r.Record(&k.layout)
	n, err := k.decode(&r)
	if err != nil {
		return packet.DecodeResult{}, berErr(err)
	}
	k.OverTCP = tcp
	if tcp {
		k.RecordMark = fields.Some(be32(data))
	}
	if tcp {
		if off+n != end {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		next := packet.LayerType(0)
		if len(data)-end >= 4 {
			next = KerberosType
			ctx.Guess = true
		}
		return packet.DecodeResult{HeaderLen: end, PayloadLen: -1, Next: next}, nil
	}
	return packet.DecodeResult{HeaderLen: n, PayloadLen: 0}, nil
}

func (k *Kerberos) reset() {
	*k = Kerberos{layout: k.layout, PAData: k.PAData[:0], ETypes: k.ETypes[:0], Addresses: k.Addresses[:0],
		CName: KerberosPrincipal{Names: k.CName.Names[:0]}, SName: KerberosPrincipal{Names: k.SName.Names[:0]},
		Ticket: KerberosTicket{SName: KerberosPrincipal{Names: k.Ticket.SName.Names[:0]}}}
}

// krbField reads [n] EXPLICIT and returns the element inside.
func krbField(r *ber.Reader, n uint32) (ber.TLV, error) {
	e, err := r.Read(ber.Explicit(n))
	if err != nil {
		return ber.TLV{}, err
	}
	in := e.Reader()
	t, err := in.Next()
	if err != nil {
		return ber.TLV{}, err
	}
	if in.More() {
		return ber.TLV{}, errKrb
	}
	return t, nil
}

func krbOptField(r *ber.Reader, n uint32) (ber.TLV, bool, error) {
	if t, ok := r.PeekTag(); !ok || t != ber.Explicit(n) {
		return ber.TLV{}, false, nil
	}
	t, err := krbField(r, n)
	return t, err == nil, err
}

func krbInt(r *ber.Reader, n uint32) (int64, error) {
	t, err := krbField(r, n)
	if err != nil {
		return 0, err
	}
	if t.Tag != ber.TagInteger {
		return 0, errKrb
	}
	return t.Int64()
}

func krbString(r *ber.Reader, n uint32) ([]byte, error) {
	t, err := krbField(r, n)
	if err != nil {
		return nil, err
	}
	if t.Tag != ber.TagGeneralString {
		return nil, errKrb
	}
	return t.Value, nil
}

func krbTime(r *ber.Reader, n uint32) ([]byte, error) {
	t, err := krbField(r, n)
	if err != nil {
		return nil, err
	}
	if t.Tag != ber.TagGeneralizedTime {
		return nil, errKrb
	}
	return t.Value, nil
}

func krbOptTime(r *ber.Reader, n uint32) ([]byte, error) {
	if t, ok := r.PeekTag(); !ok || t != ber.Explicit(n) {
		return nil, nil
	}
	return krbTime(r, n)
}

var errKrb = fmt.Errorf("kerberos: %w", packet.ErrMalformed)

func (k *Kerberos) decode(r *ber.Reader) (int, error) {
	m, err := r.Next()
	if err != nil {
		return 0, err
	}
	if m.Tag.Class() != ber.ClassApplication || !m.Tag.IsConstructed() || m.Tag.Number() > 0xff {
		return 0, errKrb
	}
	k.reset()
	k.App = uint8(m.Tag.Number())
	if !krbKnown(k) {
		k.BodyTag, k.Body = m.Tag, m.Value
		return m.Len(), nil
	}
	mr := m.Reader()
	s, err := mr.Enter(ber.TagSequence)
	if err != nil {
		return 0, err
	}
	if mr.More() {
		return 0, errKrb
	}
	switch k.App {
	case KerberosASReq, KerberosTGSReq:
		err = k.decodeReq(&s)
	case KerberosASRep, KerberosTGSRep:
		err = k.decodeRep(&s)
	default:
		err = k.decodeError(&s)
	}
	if err != nil {
		return 0, err
	}
	if s.More() {
		return 0, errKrb
	}
	return m.Len(), nil
}

func (k *Kerberos) decodePAData(r *ber.Reader, n uint32) error {
	t, ok, err := krbOptField(r, n)
	if err != nil || !ok {
		return err
	}
	if t.Tag != ber.TagSequence {
		return errKrb
	}
	k.HasPAData = true
	pr := t.Reader()
	for pr.More() {
		p, err := pr.Enter(ber.TagSequence)
		if err != nil {
			return err
		}
		var pa KerberosPAData
		if pa.Type, err = krbInt(&p, 1); err != nil {
			return err
		}
		v, err := krbField(&p, 2)
		if err != nil {
			return err
		}
		if v.Tag != ber.TagOctetString || p.More() {
			return errKrb
		}
		pa.Value = v.Value
		k.PAData = append(k.PAData, pa)
	}
	return nil
}

func krbDecodePrincipal(t ber.TLV, p *KerberosPrincipal) error {
	if t.Tag != ber.TagSequence {
		return errKrb
	}
	r := t.Reader()
	var err error
	if p.NameType, err = krbInt(&r, 0); err != nil {
		return err
	}
	ns, err := krbField(&r, 1)
	if err != nil {
		return err
	}
	if ns.Tag != ber.TagSequence || r.More() {
		return errKrb
	}
	nr := ns.Reader()
	p.Names = p.Names[:0]
	for nr.More() {
		s, err := nr.ReadBytes(ber.TagGeneralString)
		if err != nil {
			return err
		}
		p.Names = append(p.Names, s)
	}
	return nil
}

func krbDecodeEnc(t ber.TLV, e *KerberosEncryptedData) error {
	if t.Tag != ber.TagSequence {
		return errKrb
	}
	r := t.Reader()
	var err error
	if e.EType, err = krbInt(&r, 0); err != nil {
		return err
	}
	if kv, ok, err := krbOptField(&r, 1); err != nil {
		return err
	} else if ok {
		if kv.Tag != ber.TagInteger {
			return errKrb
		}
		if e.KVNO, err = kv.Int64(); err != nil {
			return err
		}
		e.HasKVNO = true
	}
	c, err := krbField(&r, 2)
	if err != nil {
		return err
	}
	if c.Tag != ber.TagOctetString || r.More() {
		return errKrb
	}
	e.Cipher = c.Value
	return nil
}

func (k *Kerberos) decodeReq(s *ber.Reader) error {
	var err error
	if k.Pvno, err = krbInt(s, 1); err != nil {
		return err
	}
	if k.MsgType, err = krbInt(s, 2); err != nil {
		return err
	}
	if err := k.decodePAData(s, 3); err != nil {
		return err
	}
	bt, err := krbField(s, 4)
	if err != nil {
		return err
	}
	if bt.Tag != ber.TagSequence {
		return errKrb
	}
	b := bt.Reader()
	o, err := krbField(&b, 0)
	if err != nil {
		return err
	}
	if o.Tag != ber.TagBitString {
		return errKrb
	}
	if k.KDCOptions, err = o.BitString(); err != nil {
		return err
	}
	if t, ok, err := krbOptField(&b, 1); err != nil {
		return err
	} else if ok {
		k.HasCName = true
		if err := krbDecodePrincipal(t, &k.CName); err != nil {
			return err
		}
	}
	if k.Realm, err = krbString(&b, 2); err != nil {
		return err
	}
	if t, ok, err := krbOptField(&b, 3); err != nil {
		return err
	} else if ok {
		k.HasSName = true
		if err := krbDecodePrincipal(t, &k.SName); err != nil {
			return err
		}
	}
	if k.From, err = krbOptTime(&b, 4); err != nil {
		return err
	}
	if k.Till, err = krbTime(&b, 5); err != nil {
		return err
	}
	if k.RTime, err = krbOptTime(&b, 6); err != nil {
		return err
	}
	if k.Nonce, err = krbInt(&b, 7); err != nil {
		return err
	}
	et, err := krbField(&b, 8)
	if err != nil {
		return err
	}
	if et.Tag != ber.TagSequence {
		return errKrb
	}
	er := et.Reader()
	for er.More() {
		v, err := er.ReadInt(ber.TagInteger)
		if err != nil {
			return err
		}
		k.ETypes = append(k.ETypes, v)
	}
	if t, ok, err := krbOptField(&b, 9); err != nil {
		return err
	} else if ok {
		if t.Tag != ber.TagSequence {
			return errKrb
		}
		k.HasAddresses = true
		ar := t.Reader()
		for ar.More() {
			a, err := ar.Enter(ber.TagSequence)
			if err != nil {
				return err
			}
			var h KerberosHostAddress
			if h.Type, err = krbInt(&a, 0); err != nil {
				return err
			}
			v, err := krbField(&a, 1)
			if err != nil {
				return err
			}
			if v.Tag != ber.TagOctetString || a.More() {
				return errKrb
			}
			h.Address = v.Value
			k.Addresses = append(k.Addresses, h)
		}
	}
	if t, ok, err := krbOptField(&b, 10); err != nil {
		return err
	} else if ok {
		k.HasEncAuthData = true
		if err := krbDecodeEnc(t, &k.EncAuthData); err != nil {
			return err
		}
	}
	if t, ok, err := krbOptField(&b, 11); err != nil {
		return err
	} else if ok {
		if t.Tag != ber.TagSequence {
			return errKrb
		}
		k.AdditionalTickets = t.Bytes()
	}
	if b.More() {
		return errKrb
	}
	return nil
}

func (k *Kerberos) decodeRep(s *ber.Reader) error {
	var err error
	if k.Pvno, err = krbInt(s, 0); err != nil {
		return err
	}
	if k.MsgType, err = krbInt(s, 1); err != nil {
		return err
	}
	if err := k.decodePAData(s, 2); err != nil {
		return err
	}
	if k.CRealm, err = krbString(s, 3); err != nil {
		return err
	}
	t, err := krbField(s, 4)
	if err != nil {
		return err
	}
	if err := krbDecodePrincipal(t, &k.CName); err != nil {
		return err
	}
	k.HasCName = true
	tk, err := krbField(s, 5)
	if err != nil {
		return err
	}
	if tk.Tag != ber.Application(1).Constructed() {
		return errKrb
	}
	tr := tk.Reader()
	ts, err := tr.Enter(ber.TagSequence)
	if err != nil {
		return err
	}
	if tr.More() {
		return errKrb
	}
	if k.Ticket.TktVno, err = krbInt(&ts, 0); err != nil {
		return err
	}
	if k.Ticket.Realm, err = krbString(&ts, 1); err != nil {
		return err
	}
	sn, err := krbField(&ts, 2)
	if err != nil {
		return err
	}
	if err := krbDecodePrincipal(sn, &k.Ticket.SName); err != nil {
		return err
	}
	ep, err := krbField(&ts, 3)
	if err != nil {
		return err
	}
	if err := krbDecodeEnc(ep, &k.Ticket.EncPart); err != nil {
		return err
	}
	if ts.More() {
		return errKrb
	}
	e, err := krbField(s, 6)
	if err != nil {
		return err
	}
	return krbDecodeEnc(e, &k.EncPart)
}

func (k *Kerberos) decodeError(s *ber.Reader) error {
	var err error
	if k.Pvno, err = krbInt(s, 0); err != nil {
		return err
	}
	if k.MsgType, err = krbInt(s, 1); err != nil {
		return err
	}
	if k.CTime, err = krbOptTime(s, 2); err != nil {
		return err
	}
	if t, ok, err := krbOptField(s, 3); err != nil {
		return err
	} else if ok {
		if t.Tag != ber.TagInteger {
			return errKrb
		}
		if k.CUsec, err = t.Int64(); err != nil {
			return err
		}
		k.HasCUsec = true
	}
	if k.STime, err = krbTime(s, 4); err != nil {
		return err
	}
	if k.SUsec, err = krbInt(s, 5); err != nil {
		return err
	}
	if k.ErrorCode, err = krbInt(s, 6); err != nil {
		return err
	}
	if t, ok, err := krbOptField(s, 7); err != nil {
		return err
	} else if ok {
		if t.Tag != ber.TagGeneralString {
			return errKrb
		}
		k.CRealm = t.Value
	}
	if t, ok, err := krbOptField(s, 8); err != nil {
		return err
	} else if ok {
		k.HasCName = true
		if err := krbDecodePrincipal(t, &k.CName); err != nil {
			return err
		}
	}
	if k.Realm, err = krbString(s, 9); err != nil {
		return err
	}
	t, err := krbField(s, 10)
	if err != nil {
		return err
	}
	if err := krbDecodePrincipal(t, &k.SName); err != nil {
		return err
	}
	k.HasSName = true
	if t, ok, err := krbOptField(s, 11); err != nil {
		return err
	} else if ok {
		if t.Tag != ber.TagGeneralString {
			return errKrb
		}
		k.EText = fields.Some(t.Value)
	}
	if t, ok, err := krbOptField(s, 12); err != nil {
		return err
	} else if ok {
		if t.Tag != ber.TagOctetString {
			return errKrb
		}
		k.EData = fields.Some(t.Value)
	}
	return nil
}

func krbWriteInt(w *ber.Writer, n uint32, v int64) {
	w.Begin(ber.Explicit(n))
	w.WriteInt(ber.TagInteger, v)
	w.End()
}

func krbWriteString(w *ber.Writer, n uint32, v []byte) {
	w.Begin(ber.Explicit(n))
	w.WriteBytes(ber.TagGeneralString, v)
	w.End()
}

func krbWriteTime(w *ber.Writer, n uint32, v []byte) {
	w.Begin(ber.Explicit(n))
	w.WriteBytes(ber.TagGeneralizedTime, v)
	w.End()
}

func krbWriteOctets(w *ber.Writer, n uint32, v []byte) {
	w.Begin(ber.Explicit(n))
	w.WriteBytes(ber.TagOctetString, v)
	w.End()
}

func krbWritePrincipal(w *ber.Writer, n uint32, p KerberosPrincipal) {
	w.Begin(ber.Explicit(n))
	w.Begin(ber.TagSequence)
	krbWriteInt(w, 0, p.NameType)
	w.Begin(ber.Explicit(1))
	w.Begin(ber.TagSequence)
	for _, s := range p.Names {
		w.WriteBytes(ber.TagGeneralString, s)
	}
	w.End()
	w.End()
	w.End()
	w.End()
}

func krbWriteEnc(w *ber.Writer, n uint32, e KerberosEncryptedData) {
	w.Begin(ber.Explicit(n))
	w.Begin(ber.TagSequence)
	krbWriteInt(w, 0, e.EType)
	if e.HasKVNO {
		krbWriteInt(w, 1, e.KVNO)
	}
	krbWriteOctets(w, 2, e.Cipher)
	w.End()
	w.End()
}

func (k *Kerberos) writePAData(w *ber.Writer, n uint32) {
	if !k.HasPAData && len(k.PAData) == 0 {
		return
	}
	w.Begin(ber.Explicit(n))
	w.Begin(ber.TagSequence)
	for _, p := range k.PAData {
		w.Begin(ber.TagSequence)
		krbWriteInt(w, 1, p.Type)
		krbWriteOctets(w, 2, p.Value)
		w.End()
	}
	w.End()
	w.End()
}

func (k *Kerberos) encode(w *ber.Writer) {
	if !krbKnown(k) {
		w.WriteBytes(k.BodyTag, k.Body)
		return
	}
	w.Begin(ber.Application(uint32(k.App)).Constructed())
	w.Begin(ber.TagSequence)
	switch k.App {
	case KerberosASReq, KerberosTGSReq:
		krbWriteInt(w, 1, k.Pvno)
		krbWriteInt(w, 2, k.MsgType)
		k.writePAData(w, 3)
		w.Begin(ber.Explicit(4))
		w.Begin(ber.TagSequence)
		w.Begin(ber.Explicit(0))
		w.WriteBitString(ber.TagBitString, k.KDCOptions)
		w.End()
		if k.HasCName {
			krbWritePrincipal(w, 1, k.CName)
		}
		krbWriteString(w, 2, k.Realm)
		if k.HasSName {
			krbWritePrincipal(w, 3, k.SName)
		}
		if k.From != nil {
			krbWriteTime(w, 4, k.From)
		}
		krbWriteTime(w, 5, k.Till)
		if k.RTime != nil {
			krbWriteTime(w, 6, k.RTime)
		}
		krbWriteInt(w, 7, k.Nonce)
		w.Begin(ber.Explicit(8))
		w.Begin(ber.TagSequence)
		for _, e := range k.ETypes {
			w.WriteInt(ber.TagInteger, e)
		}
		w.End()
		w.End()
		if k.HasAddresses {
			w.Begin(ber.Explicit(9))
			w.Begin(ber.TagSequence)
			for _, a := range k.Addresses {
				w.Begin(ber.TagSequence)
				krbWriteInt(w, 0, a.Type)
				krbWriteOctets(w, 1, a.Address)
				w.End()
			}
			w.End()
			w.End()
		}
		if k.HasEncAuthData {
			krbWriteEnc(w, 10, k.EncAuthData)
		}
		if k.AdditionalTickets != nil {
			w.Begin(ber.Explicit(11))
			w.WriteEncoded(k.AdditionalTickets)
			w.End()
		}
		w.End()
		w.End()
	case KerberosASRep, KerberosTGSRep:
		krbWriteInt(w, 0, k.Pvno)
		krbWriteInt(w, 1, k.MsgType)
		k.writePAData(w, 2)
		krbWriteString(w, 3, k.CRealm)
		krbWritePrincipal(w, 4, k.CName)
		w.Begin(ber.Explicit(5))
		w.Begin(ber.Application(1).Constructed())
		w.Begin(ber.TagSequence)
		krbWriteInt(w, 0, k.Ticket.TktVno)
		krbWriteString(w, 1, k.Ticket.Realm)
		krbWritePrincipal(w, 2, k.Ticket.SName)
		krbWriteEnc(w, 3, k.Ticket.EncPart)
		w.End()
		w.End()
		w.End()
		krbWriteEnc(w, 6, k.EncPart)
	default:
		krbWriteInt(w, 0, k.Pvno)
		krbWriteInt(w, 1, k.MsgType)
		if k.CTime != nil {
			krbWriteTime(w, 2, k.CTime)
		}
		if k.HasCUsec {
			krbWriteInt(w, 3, k.CUsec)
		}
		krbWriteTime(w, 4, k.STime)
		krbWriteInt(w, 5, k.SUsec)
		krbWriteInt(w, 6, k.ErrorCode)
		if k.CRealm != nil {
			krbWriteString(w, 7, k.CRealm)
		}
		if k.HasCName {
			krbWritePrincipal(w, 8, k.CName)
		}
		krbWriteString(w, 9, k.Realm)
		krbWritePrincipal(w, 10, k.SName)
		if k.EText.Valid {
			krbWriteString(w, 11, k.EText.Value)
		}
		if k.EData.Valid {
			krbWriteOctets(w, 12, k.EData.Value)
		}
	}
	w.End()
	w.End()
}

func setKrbPAData(k *Kerberos, v any) error {
	switch x := v.(type) {
	case []KerberosPAData:
		k.PAData, k.HasPAData = x, true
	case KerberosPAData:
		k.PAData, k.HasPAData = []KerberosPAData{x}, true
	default:
		return fmt.Errorf("%w: padata from %T (want []layers.KerberosPAData)", fields.ErrBadValue, v)
	}
	return nil
}

func formatKrbPAData(k *Kerberos) string {
	parts := make([]string, len(k.PAData))
	for i, p := range k.PAData {
		parts[i] = fmt.Sprintf("PADATA(padataType=%s, padataValue=%d bytes)", krbName(KerberosPADataNames, p.Type), len(p.Value))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonKrbPAData(k *Kerberos) any {
	out := make([]map[string]any, len(k.PAData))
	for i, p := range k.PAData {
		out[i] = map[string]any{"padataType": p.Type, "padataValue": fmt.Sprintf("%x", p.Value)}
	}
	return out
}

func setKrbETypes(k *Kerberos, v any) error {
	switch x := v.(type) {
	case []int64:
		k.ETypes = x
	case []int:
		k.ETypes = k.ETypes[:0]
		for _, e := range x {
			k.ETypes = append(k.ETypes, int64(e))
		}
	default:
		return fmt.Errorf("%w: etype from %T (want []int64)", fields.ErrBadValue, v)
	}
	return nil
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: UDPType, Upper: KerberosType, Field: "dport", Value: KerberosPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: KerberosType, Field: "sport", Value: KerberosPort, DissectOnly: true},
		packet.BindingRule{Lower: TCPType, Upper: KerberosType, Field: "dport", Value: KerberosPort, DissectOnly: true},
		packet.BindingRule{Lower: TCPType, Upper: KerberosType, Field: "sport", Value: KerberosPort, DissectOnly: true},
	)
}
