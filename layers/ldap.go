package layers

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/ber"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// LDAP messages (RFC 4511 section 4), in BER with definite lengths:
//
//	LDAPMessage ::= SEQUENCE {
//	    messageID  INTEGER (0 .. maxInt),
//	    protocolOp CHOICE { bindRequest [APPLICATION 0], bindResponse [1],
//	        unbindRequest [2] NULL, searchRequest [3], searchResEntry [4],
//	        searchResDone [5], searchResRef [19], modifyRequest [6],
//	        modifyResponse [7], addRequest [8], addResponse [9],
//	        delRequest [10] LDAPDN, delResponse [11], modDNRequest [12],
//	        modDNResponse [13], compareRequest [14], compareResponse [15],
//	        abandonRequest [16] MessageID, extendedReq [23],
//	        extendedResp [24], intermediateResponse [25] },
//	    controls   [0] Controls OPTIONAL }
//	LDAPResult ::= SEQUENCE { resultCode ENUMERATED, matchedDN LDAPDN,
//	    diagnosticMessage LDAPString, referral [3] Referral OPTIONAL }
//
// One LDAP layer is one message; a TCP segment carrying several holds one
// layer per message. A search filter is kept in its encoded form and
// shown in the RFC 4515 text form ("(&(objectClass=person)(uid=alice))");
// LDAPFilterString and ParseLDAPFilter convert between the two. A decoded
// message keeps its length forms (Active Directory's four-octet lengths),
// so it re-encodes byte for byte.

// LDAP protocol operations (APPLICATION tag numbers) and ports (untyped
// constants).
const (
	LDAPBindRequest          = 0
	LDAPBindResponse         = 1
	LDAPUnbindRequest        = 2
	LDAPSearchRequest        = 3
	LDAPSearchResultEntry    = 4
	LDAPSearchResultDone     = 5
	LDAPModifyRequest        = 6
	LDAPModifyResponse       = 7
	LDAPAddRequest           = 8
	LDAPAddResponse          = 9
	LDAPDelRequest           = 10
	LDAPDelResponse          = 11
	LDAPModifyDNRequest      = 12
	LDAPModifyDNResponse     = 13
	LDAPCompareRequest       = 14
	LDAPCompareResponse      = 15
	LDAPAbandonRequest       = 16
	LDAPSearchResultRef      = 19
	LDAPExtendedRequest      = 23
	LDAPExtendedResponse     = 24
	LDAPIntermediateResponse = 25

	LDAPPort   = 389
	LDAPGCPort = 3268

	LDAPScopeBase    = 0
	LDAPScopeOne     = 1
	LDAPScopeSubtree = 2

	LDAPModAdd     = 0
	LDAPModDelete  = 1
	LDAPModReplace = 2
)

// LDAPOpNames names the protocol operations as RFC 4511 (and tshark) do.
var LDAPOpNames = map[uint64]string{
	0: "bindRequest", 1: "bindResponse", 2: "unbindRequest", 3: "searchRequest", 4: "searchResEntry",
	5: "searchResDone", 6: "modifyRequest", 7: "modifyResponse", 8: "addRequest", 9: "addResponse",
	10: "delRequest", 11: "delResponse", 12: "modDNRequest", 13: "modDNResponse", 14: "compareRequest",
	15: "compareResponse", 16: "abandonRequest", 19: "searchResRef", 23: "extendedReq", 24: "extendedResp",
	25: "intermediateResponse",
}

// LDAPResultNames names result codes (RFC 4511 appendix A).
var LDAPResultNames = map[uint64]string{
	0: "success", 1: "operationsError", 2: "protocolError", 3: "timeLimitExceeded", 4: "sizeLimitExceeded",
	5: "compareFalse", 6: "compareTrue", 7: "authMethodNotSupported", 8: "strongerAuthRequired",
	10: "referral", 11: "adminLimitExceeded", 12: "unavailableCriticalExtension",
	13: "confidentialityRequired", 14: "saslBindInProgress", 16: "noSuchAttribute",
	17: "undefinedAttributeType", 18: "inappropriateMatching", 19: "constraintViolation",
	20: "attributeOrValueExists", 21: "invalidAttributeSyntax", 32: "noSuchObject", 33: "aliasProblem",
	34: "invalidDNSyntax", 36: "aliasDereferencingProblem", 48: "inappropriateAuthentication",
	49: "invalidCredentials", 50: "insufficientAccessRights", 51: "busy", 52: "unavailable",
	53: "unwillingToPerform", 54: "loopDetect", 64: "namingViolation", 65: "objectClassViolation",
	66: "notAllowedOnNonLeaf", 67: "notAllowedOnRDN", 68: "entryAlreadyExists",
	69: "objectClassModsProhibited", 71: "affectsMultipleDSAs", 80: "other",
}

// LDAPScopeNames and LDAPDerefNames name the search scope and alias
// dereferencing values.
var (
	LDAPScopeNames = map[uint64]string{0: "baseObject", 1: "singleLevel", 2: "wholeSubtree"}
	LDAPDerefNames = map[uint64]string{0: "neverDerefAliases", 1: "derefInSearching", 2: "derefFindingBaseObj", 3: "derefAlways"}
	ldapModNames   = map[int64]string{0: "add", 1: "delete", 2: "replace", 3: "increment"}
)

// LDAPAttribute is an attribute description and its values (a
// PartialAttribute of RFC 4511).
type LDAPAttribute struct {
	Type   []byte
	Values [][]byte
}

// LDAPChange is one change of a modify request.
type LDAPChange struct {
	Operation int64 // LDAPModAdd, LDAPModDelete, LDAPModReplace
	Attribute LDAPAttribute
}

// LDAPControl is a control: its OID, criticality (when present on the
// wire or set) and value.
type LDAPControl struct {
	Type        []byte
	Criticality fields.Opt[bool]
	Value       fields.Opt[[]byte]
}

// LDAP is one LDAP message (Scapy's LDAP: messageID, protocolOp and the
// operation's fields, flattened). Fields that several operations share
// hold the DN (bind_name, baseObject, objectName, entry, object) and the
// LDAPResult of every response.
type LDAP struct {
	MessageID int64
	Op        uint8 // LDAPBindRequest, ...

	// DN is the operation's distinguished name: the bind name, search
	// base, entry name or object.
	DN []byte

	// LDAPResult of responses.
	ResultCode        int64
	MatchedDN         []byte
	DiagnosticMessage []byte
	Referral          [][]byte
	HasReferral       bool

	// bindRequest: version and authentication choice. AuthTag is the
	// choice's tag: [0] simple (AuthData is the password), [3] SASL
	// (SASLMechanism, SASLCredentials), others kept as AuthData.
	Version         int64
	AuthTag         ber.Tag
	AuthData        []byte
	SASLMechanism   []byte
	SASLCredentials fields.Opt[[]byte]
	// bindResponse.
	ServerSASLCreds fields.Opt[[]byte]

	// searchRequest.
	Scope        int64
	DerefAliases int64
	SizeLimit    int64
	TimeLimit    int64
	TypesOnly    bool
	// Filter is the encoded filter (LDAPFilterString shows it).
	Filter []byte
	// Attributes are the attribute selection of a search request
	// (Values unused), or the attributes of an entry (searchResEntry,
	// addRequest).
	Attributes []LDAPAttribute

	// searchResRef.
	URIs [][]byte
	// modifyRequest.
	Changes []LDAPChange
	// modDNRequest.
	NewRDN       []byte
	DeleteOldRDN bool
	NewSuperior  fields.Opt[[]byte]
	// compareRequest.
	AssertionType  []byte
	AssertionValue []byte
	// abandonRequest.
	AbandonID int64
	// extendedReq, extendedResp, intermediateResponse.
	RequestName   []byte
	RequestValue  fields.Opt[[]byte]
	ResponseName  fields.Opt[[]byte]
	ResponseValue fields.Opt[[]byte]
	// OpData holds the contents of an operation of another tag.
	OpTag  ber.Tag
	OpData []byte

	Controls    []LDAPControl
	HasControls bool

	layout ber.Layout
}

func ldapOp(ops ...uint8) func(l any) bool {
	return func(l any) bool {
		op := l.(*LDAP).Op
		for _, o := range ops {
			if o == op {
				return true
			}
		}
		return false
	}
}

// ldapIsResult reports operations whose body is an LDAPResult.
func ldapIsResult(op uint8) bool {
	switch op {
	case LDAPBindResponse, LDAPSearchResultDone, LDAPModifyResponse, LDAPAddResponse, LDAPDelResponse,
		LDAPModifyDNResponse, LDAPCompareResponse, LDAPExtendedResponse:
		return true
	}
	return false
}

func ldapResult(l any) bool { return ldapIsResult(l.(*LDAP).Op) }

func ldapDNField(name string, ops ...uint8) fields.Field {
	return fields.BytesField(name, func(l *LDAP) *[]byte { return &l.DN }).When(ldapOp(ops...))
}

func ldapOptBytesField(name string, ptr func(*LDAP) *fields.Opt[[]byte], ops ...uint8) fields.Field {
	return fields.ListField(name,
		func(l *LDAP) any {
			if o := ptr(l); o.Valid {
				return o.Value
			}
			return nil
		},
		func(l *LDAP, v any) error {
			switch x := v.(type) {
			case []byte:
				ptr(l).Put(x)
			case string:
				ptr(l).Put([]byte(x))
			default:
				return fmt.Errorf("%w: %T is not bytes", fields.ErrBadValue, v)
			}
			return nil
		},
		func(l *LDAP) string {
			if o := ptr(l); o.Valid {
				return fields.ReprBytes(o.Value)
			}
			return "None"
		},
		func(l *LDAP) any {
			if o := ptr(l); o.Valid {
				return fmt.Sprintf("%x", o.Value)
			}
			return nil
		}).When(ldapOp(ops...))
}

var ldapProto = &packet.Proto{
	Name: "LDAP",
	Doc:  "LDAPv3 messages (RFC 4511): bind, search with filters, entries, modify, add, delete, modDN, compare, abandon, extended; TCP/UDP 389",
	New:  func() packet.Layer { return NewLDAP() },
	Fields: []fields.Field{
		berIntField("messageID", 0, func(l *LDAP) *int64 { return &l.MessageID }),
		fields.EnumField("protocolOp", 8, uint8(LDAPSearchRequest), LDAPOpNames, func(l *LDAP) *uint8 { return &l.Op }),
		berIntField("version", 3, func(l *LDAP) *int64 { return &l.Version }).When(ldapOp(LDAPBindRequest)),
		ldapDNField("bind_name", LDAPBindRequest),
		fields.BytesField("authentication", func(l *LDAP) *[]byte { return &l.AuthData }).
			When(func(x any) bool { l := x.(*LDAP); return l.Op == LDAPBindRequest && l.AuthTag != LDAPAuthSASL }),
		fields.BytesField("mechanism", func(l *LDAP) *[]byte { return &l.SASLMechanism }).
			When(func(x any) bool { l := x.(*LDAP); return l.Op == LDAPBindRequest && l.AuthTag == LDAPAuthSASL }),
		ldapOptBytesField("credentials", func(l *LDAP) *fields.Opt[[]byte] { return &l.SASLCredentials }, LDAPBindRequest).
			When(func(x any) bool { l := x.(*LDAP); return l.Op == LDAPBindRequest && l.AuthTag == LDAPAuthSASL }),
		berEnumField("resultCode", 0, LDAPResultNames, func(l *LDAP) *int64 { return &l.ResultCode }).When(ldapResult),
		fields.BytesField("matchedDN", func(l *LDAP) *[]byte { return &l.MatchedDN }).When(ldapResult),
		fields.BytesField("diagnosticMessage", func(l *LDAP) *[]byte { return &l.DiagnosticMessage }).When(ldapResult),
		fields.ListField("referral", func(l *LDAP) any { return l.Referral }, setLDAPReferral,
			func(l *LDAP) string { return formatByteList(l.Referral) }, func(l *LDAP) any { return stringList(l.Referral) }).
			When(func(x any) bool { l := x.(*LDAP); return ldapIsResult(l.Op) && l.HasReferral }),
		ldapOptBytesField("serverSaslCreds", func(l *LDAP) *fields.Opt[[]byte] { return &l.ServerSASLCreds }, LDAPBindResponse),
		ldapDNField("baseObject", LDAPSearchRequest),
		berEnumField("scope", 0, LDAPScopeNames, func(l *LDAP) *int64 { return &l.Scope }).When(ldapOp(LDAPSearchRequest)),
		berEnumField("derefAliases", 0, LDAPDerefNames, func(l *LDAP) *int64 { return &l.DerefAliases }).When(ldapOp(LDAPSearchRequest)),
		berIntField("sizeLimit", 0, func(l *LDAP) *int64 { return &l.SizeLimit }).When(ldapOp(LDAPSearchRequest)),
		berIntField("timeLimit", 0, func(l *LDAP) *int64 { return &l.TimeLimit }).When(ldapOp(LDAPSearchRequest)),
		fields.ListField("attrsOnly", func(l *LDAP) any { return l.TypesOnly }, func(l *LDAP, v any) error {
			b, ok := v.(bool)
			if !ok {
				return fmt.Errorf("%w: %T is not a bool", fields.ErrBadValue, v)
			}
			l.TypesOnly = b
			return nil
		}, func(l *LDAP) string { return strconv.FormatBool(l.TypesOnly) }, func(l *LDAP) any { return l.TypesOnly }).
			When(ldapOp(LDAPSearchRequest)),
		fields.ListField("filter", func(l *LDAP) any { return l.FilterString() }, setLDAPFilter,
			func(l *LDAP) string { return l.FilterString() }, func(l *LDAP) any { return l.FilterString() }).
			When(ldapOp(LDAPSearchRequest)),
		ldapDNField("objectName", LDAPSearchResultEntry),
		ldapDNField("entry", LDAPAddRequest, LDAPDelRequest, LDAPModifyDNRequest, LDAPCompareRequest),
		ldapDNField("object", LDAPModifyRequest),
		fields.ListField("attributes", func(l *LDAP) any { return l.Attributes }, setLDAPAttributes,
			formatLDAPAttributes, jsonLDAPAttributes).When(ldapOp(LDAPSearchRequest, LDAPSearchResultEntry, LDAPAddRequest)),
		fields.ListField("uris", func(l *LDAP) any { return l.URIs }, nil,
			func(l *LDAP) string { return formatByteList(l.URIs) }, func(l *LDAP) any { return stringList(l.URIs) }).
			When(ldapOp(LDAPSearchResultRef)),
		fields.ListField("changes", func(l *LDAP) any { return l.Changes }, setLDAPChanges,
			formatLDAPChanges, jsonLDAPChanges).When(ldapOp(LDAPModifyRequest)),
		fields.BytesField("newrdn", func(l *LDAP) *[]byte { return &l.NewRDN }).When(ldapOp(LDAPModifyDNRequest)),
		fields.ListField("deleteoldrdn", func(l *LDAP) any { return l.DeleteOldRDN }, nil,
			func(l *LDAP) string { return strconv.FormatBool(l.DeleteOldRDN) }, func(l *LDAP) any { return l.DeleteOldRDN }).
			When(ldapOp(LDAPModifyDNRequest)),
		ldapOptBytesField("newSuperior", func(l *LDAP) *fields.Opt[[]byte] { return &l.NewSuperior }, LDAPModifyDNRequest),
		fields.BytesField("attributeDesc", func(l *LDAP) *[]byte { return &l.AssertionType }).When(ldapOp(LDAPCompareRequest)),
		fields.BytesField("assertionValue", func(l *LDAP) *[]byte { return &l.AssertionValue }).When(ldapOp(LDAPCompareRequest)),
		berIntField("abandonID", 0, func(l *LDAP) *int64 { return &l.AbandonID }).When(ldapOp(LDAPAbandonRequest)),
		fields.BytesField("requestName", func(l *LDAP) *[]byte { return &l.RequestName }).When(ldapOp(LDAPExtendedRequest)),
		ldapOptBytesField("requestValue", func(l *LDAP) *fields.Opt[[]byte] { return &l.RequestValue }, LDAPExtendedRequest),
		ldapOptBytesField("responseName", func(l *LDAP) *fields.Opt[[]byte] { return &l.ResponseName }, LDAPExtendedResponse, LDAPIntermediateResponse),
		ldapOptBytesField("responseValue", func(l *LDAP) *fields.Opt[[]byte] { return &l.ResponseValue }, LDAPExtendedResponse, LDAPIntermediateResponse),
		fields.BytesField("opData", func(l *LDAP) *[]byte { return &l.OpData }).
			When(func(x any) bool { _, known := LDAPOpNames[uint64(x.(*LDAP).Op)]; return !known }),
		fields.ListField("Controls", func(l *LDAP) any { return l.Controls }, setLDAPControls,
			formatLDAPControls, jsonLDAPControls).When(func(x any) bool { return x.(*LDAP).HasControls }),
	},
}

// The tags of a bind request's authentication choice: simple (the
// password) and SASL.
var (
	LDAPAuthSimple = ber.Context(0)
	LDAPAuthSASL   = ber.Context(3).Constructed()
)

// LDAPType is the registered type of LDAP.
var LDAPType = packet.Register(ldapProto)

// NewLDAP returns a search request with Scapy's defaults (message 0, base
// "", scope baseObject, filter present with an empty attribute, "(=*)").
// A bind request is of version 3 unless set (Scapy's default is 2, LDAPv2
// that RFC 3494 retired).
func NewLDAP() *LDAP {
	return &LDAP{Op: LDAPSearchRequest, Version: 3, AuthTag: LDAPAuthSimple, Filter: []byte{0x87, 0x00}}
}

func (l *LDAP) Proto() *packet.Proto         { return ldapProto }
func (l *LDAP) Get(name string) (any, error) { return packet.GetField(l, name) }
func (l *LDAP) Set(name string, v any) error { return packet.SetField(l, name, v) }
func (l *LDAP) Show() string                 { return packet.ShowLayer(l) }

// OpName returns the operation's name ("searchRequest").
func (l *LDAP) OpName() string {
	if n, ok := LDAPOpNames[uint64(l.Op)]; ok {
		return n
	}
	return "op " + strconv.Itoa(int(l.Op))
}

// Summary is tshark's: `searchRequest(6) "dc=example,dc=org" wholeSubtree`.
func (l *LDAP) Summary() string { return l.SummaryIn(nil, 0) }

// SummaryIn implements packet.ContextSummarizer.
func (l *LDAP) SummaryIn(*packet.Packet, int) string {
	s := "LDAP " + l.OpName() + "(" + strconv.FormatInt(l.MessageID, 10) + ")"
	switch l.Op {
	case LDAPBindRequest, LDAPSearchRequest, LDAPSearchResultEntry, LDAPAddRequest, LDAPDelRequest,
		LDAPModifyRequest, LDAPModifyDNRequest, LDAPCompareRequest:
		s += " " + strconv.Quote(string(l.DN))
	}
	switch {
	case l.Op == LDAPSearchRequest:
		s += " " + LDAPScopeNames[uint64(l.Scope)] + " " + l.FilterString()
	case ldapIsResult(l.Op):
		if n, ok := LDAPResultNames[uint64(l.ResultCode)]; ok {
			s += " " + n
		} else {
			s += " result " + strconv.FormatInt(l.ResultCode, 10)
		}
	}
	return s
}

// FilterString returns the search filter in its RFC 4515 text form.
func (l *LDAP) FilterString() string {
	s, err := LDAPFilterString(l.Filter)
	if err != nil {
		return "<bad filter " + fmt.Sprintf("%x", l.Filter) + ">"
	}
	return s
}

// Attribute returns the values of an entry's attribute (type compared
// without case).
func (l *LDAP) Attribute(typ string) ([][]byte, bool) {
	for _, a := range l.Attributes {
		if strings.EqualFold(string(a.Type), typ) {
			return a.Values, true
		}
	}
	return nil, false
}

// LDAPLooksLike reports whether data starts like an LDAP message: a
// SEQUENCE holding an INTEGER.
func LDAPLooksLike(data []byte) bool {
	r := ber.NewReader(data)
	t, ok := r.PeekTag()
	if !ok || t != ber.TagSequence || len(data) < 5 {
		return false
	}
	// the identifier and length of the sequence, then an INTEGER tag
	n := 2
	if data[1]&0x80 != 0 {
		n += int(data[1] & 0x7f)
	}
	return n < len(data) && data[n] == 0x02
}

// DecodeFromBytes decodes one message; a message following it in the same
// segment is the next layer.
func (l *LDAP) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	l.layout.Reset()
	r := ber.NewReader(data)
	r.Record(&l.layout)
	n, err := l.decode(&r)
	if err != nil {
		return packet.DecodeResult{}, berErr(err)
	}
	next := packet.LayerType(0)
	if n < len(data) && LDAPLooksLike(data[n:]) {
		next = LDAPType
		if ctx != nil {
			ctx.Guess = true // a message cut by the segment end stays Raw
		}
	}
	return packet.DecodeResult{HeaderLen: n, PayloadLen: -1, Next: next}, nil
}

var errLDAP = errors.New("not an ldap message")

func (l *LDAP) reset() {
	*l = LDAP{layout: l.layout, Attributes: l.Attributes[:0], Changes: l.Changes[:0], Referral: l.Referral[:0],
		URIs: l.URIs[:0], Controls: l.Controls[:0]}
}

func (l *LDAP) decode(r *ber.Reader) (int, error) {
	msg, err := r.Read(ber.TagSequence)
	if err != nil {
		return 0, err
	}
	m := msg.Reader()
	l.reset()
	if l.MessageID, err = m.ReadInt(ber.TagInteger); err != nil {
		return 0, err
	}
	op, err := m.Next()
	if err != nil {
		return 0, err
	}
	if op.Tag.Class() != ber.ClassApplication {
		return 0, errLDAP
	}
	l.Op = uint8(op.Tag.Number())
	if op.Tag.Number() > 0xff {
		return 0, errLDAP
	}
	if err := l.decodeOp(op); err != nil {
		return 0, err
	}
	if c, ok, err := m.ReadOptional(ber.Context(0).Constructed()); err != nil {
		return 0, err
	} else if ok {
		l.HasControls = true
		if err := l.decodeControls(c); err != nil {
			return 0, err
		}
	}
	if m.More() {
		return 0, errLDAP
	}
	return msg.Len(), nil
}

// opTag is the tag an operation has: primitive for unbind, delete and
// abandon, constructed for the others.
func ldapOpTag(op uint8) ber.Tag {
	t := ber.Application(uint32(op))
	switch op {
	case LDAPUnbindRequest, LDAPDelRequest, LDAPAbandonRequest:
		return t
	}
	return t.Constructed()
}

func (l *LDAP) decodeOp(op ber.TLV) error {
	_, known := LDAPOpNames[uint64(l.Op)]
	if !known || op.Tag != ldapOpTag(l.Op) {
		l.OpTag, l.OpData = op.Tag, op.Value
		if known {
			return errLDAP
		}
		return nil
	}
	var err error
	switch l.Op {
	case LDAPUnbindRequest:
		return op.Null()
	case LDAPDelRequest:
		l.DN = op.Value
		return nil
	case LDAPAbandonRequest:
		l.AbandonID, err = op.Int64()
		return err
	}
	r := op.Reader()
	switch {
	case l.Op == LDAPBindRequest:
		if l.Version, err = r.ReadInt(ber.TagInteger); err != nil {
			return err
		}
		if l.DN, err = r.ReadBytes(ber.TagOctetString); err != nil {
			return err
		}
		a, err := r.Next()
		if err != nil {
			return err
		}
		l.AuthTag = a.Tag
		if a.Tag == LDAPAuthSASL {
			s := a.Reader()
			if l.SASLMechanism, err = s.ReadBytes(ber.TagOctetString); err != nil {
				return err
			}
			if c, ok, err := s.ReadOptional(ber.TagOctetString); err != nil {
				return err
			} else if ok {
				l.SASLCredentials = fields.Some(c.Value)
			}
			if s.More() {
				return errLDAP
			}
		} else {
			l.AuthData = a.Value
		}
	case ldapIsResult(l.Op):
		if err := l.decodeResult(&r); err != nil {
			return err
		}
		switch l.Op {
		case LDAPBindResponse:
			if c, ok, err := r.ReadOptional(ber.Context(7)); err != nil {
				return err
			} else if ok {
				l.ServerSASLCreds = fields.Some(c.Value)
			}
		case LDAPExtendedResponse:
			if err := ldapOptional(&r, ber.Context(10), &l.ResponseName); err != nil {
				return err
			}
			if err := ldapOptional(&r, ber.Context(11), &l.ResponseValue); err != nil {
				return err
			}
		}
	case l.Op == LDAPSearchRequest:
		if l.DN, err = r.ReadBytes(ber.TagOctetString); err != nil {
			return err
		}
		if l.Scope, err = r.ReadInt(ber.TagEnumerated); err != nil {
			return err
		}
		if l.DerefAliases, err = r.ReadInt(ber.TagEnumerated); err != nil {
			return err
		}
		if l.SizeLimit, err = r.ReadInt(ber.TagInteger); err != nil {
			return err
		}
		if l.TimeLimit, err = r.ReadInt(ber.TagInteger); err != nil {
			return err
		}
		b, err := r.Read(ber.TagBoolean)
		if err != nil {
			return err
		}
		if l.TypesOnly, err = b.Bool(); err != nil {
			return err
		}
		f, err := r.Next()
		if err != nil {
			return err
		}
		if err := ldapCheckFilter(f.Bytes()); err != nil {
			return err
		}
		l.Filter = f.Bytes()
		as, err := r.Enter(ber.TagSequence)
		if err != nil {
			return err
		}
		for as.More() {
			t, err := as.ReadBytes(ber.TagOctetString)
			if err != nil {
				return err
			}
			l.Attributes = append(l.Attributes, LDAPAttribute{Type: t})
		}
	case l.Op == LDAPSearchResultEntry || l.Op == LDAPAddRequest:
		if l.DN, err = r.ReadBytes(ber.TagOctetString); err != nil {
			return err
		}
		as, err := r.Enter(ber.TagSequence)
		if err != nil {
			return err
		}
		for as.More() {
			a := l.nextAttr()
			if err := ldapDecodeAttr(&as, a); err != nil {
				return err
			}
		}
	case l.Op == LDAPSearchResultRef:
		for r.More() {
			u, err := r.ReadBytes(ber.TagOctetString)
			if err != nil {
				return err
			}
			l.URIs = append(l.URIs, u)
		}
	case l.Op == LDAPModifyRequest:
		if l.DN, err = r.ReadBytes(ber.TagOctetString); err != nil {
			return err
		}
		cs, err := r.Enter(ber.TagSequence)
		if err != nil {
			return err
		}
		for cs.More() {
			c, err := cs.Enter(ber.TagSequence)
			if err != nil {
				return err
			}
			ch := l.nextChange()
			if ch.Operation, err = c.ReadInt(ber.TagEnumerated); err != nil {
				return err
			}
			if err := ldapDecodeAttr(&c, &ch.Attribute); err != nil {
				return err
			}
			if c.More() {
				return errLDAP
			}
		}
	case l.Op == LDAPModifyDNRequest:
		if l.DN, err = r.ReadBytes(ber.TagOctetString); err != nil {
			return err
		}
		if l.NewRDN, err = r.ReadBytes(ber.TagOctetString); err != nil {
			return err
		}
		b, err := r.Read(ber.TagBoolean)
		if err != nil {
			return err
		}
		if l.DeleteOldRDN, err = b.Bool(); err != nil {
			return err
		}
		if err := ldapOptional(&r, ber.Context(0), &l.NewSuperior); err != nil {
			return err
		}
	case l.Op == LDAPCompareRequest:
		if l.DN, err = r.ReadBytes(ber.TagOctetString); err != nil {
			return err
		}
		ava, err := r.Enter(ber.TagSequence)
		if err != nil {
			return err
		}
		if l.AssertionType, err = ava.ReadBytes(ber.TagOctetString); err != nil {
			return err
		}
		if l.AssertionValue, err = ava.ReadBytes(ber.TagOctetString); err != nil {
			return err
		}
		if ava.More() {
			return errLDAP
		}
	case l.Op == LDAPExtendedRequest:
		if l.RequestName, err = r.ReadBytes(ber.Context(0)); err != nil {
			return err
		}
		if err := ldapOptional(&r, ber.Context(1), &l.RequestValue); err != nil {
			return err
		}
	case l.Op == LDAPIntermediateResponse:
		if err := ldapOptional(&r, ber.Context(0), &l.ResponseName); err != nil {
			return err
		}
		if err := ldapOptional(&r, ber.Context(1), &l.ResponseValue); err != nil {
			return err
		}
	}
	if r.More() {
		return errLDAP
	}
	return nil
}

func ldapOptional(r *ber.Reader, tag ber.Tag, dst *fields.Opt[[]byte]) error {
	t, ok, err := r.ReadOptional(tag)
	if err != nil {
		return err
	}
	if ok {
		*dst = fields.Some(t.Value)
	}
	return nil
}

func (l *LDAP) decodeResult(r *ber.Reader) error {
	var err error
	if l.ResultCode, err = r.ReadInt(ber.TagEnumerated); err != nil {
		return err
	}
	if l.MatchedDN, err = r.ReadBytes(ber.TagOctetString); err != nil {
		return err
	}
	if l.DiagnosticMessage, err = r.ReadBytes(ber.TagOctetString); err != nil {
		return err
	}
	if ref, ok, err := r.ReadOptional(ber.Context(3).Constructed()); err != nil {
		return err
	} else if ok {
		l.HasReferral = true
		rr := ref.Reader()
		for rr.More() {
			u, err := rr.ReadBytes(ber.TagOctetString)
			if err != nil {
				return err
			}
			l.Referral = append(l.Referral, u)
		}
	}
	return nil
}

func (l *LDAP) nextAttr() *LDAPAttribute {
	if len(l.Attributes) < cap(l.Attributes) {
		l.Attributes = l.Attributes[:len(l.Attributes)+1]
		a := &l.Attributes[len(l.Attributes)-1]
		a.Type, a.Values = nil, a.Values[:0]
		return a
	}
	l.Attributes = append(l.Attributes, LDAPAttribute{})
	return &l.Attributes[len(l.Attributes)-1]
}

func (l *LDAP) nextChange() *LDAPChange {
	if len(l.Changes) < cap(l.Changes) {
		l.Changes = l.Changes[:len(l.Changes)+1]
		c := &l.Changes[len(l.Changes)-1]
		c.Attribute.Type, c.Attribute.Values = nil, c.Attribute.Values[:0]
		return c
	}
	l.Changes = append(l.Changes, LDAPChange{})
	return &l.Changes[len(l.Changes)-1]
}

// ldapDecodeAttr reads a PartialAttribute: SEQUENCE { type, SET OF value }.
func ldapDecodeAttr(r *ber.Reader, a *LDAPAttribute) error {
	s, err := r.Enter(ber.TagSequence)
	if err != nil {
		return err
	}
	if a.Type, err = s.ReadBytes(ber.TagOctetString); err != nil {
		return err
	}
	vs, err := s.Enter(ber.TagSet)
	if err != nil {
		return err
	}
	for vs.More() {
		v, err := vs.ReadBytes(ber.TagOctetString)
		if err != nil {
			return err
		}
		a.Values = append(a.Values, v)
	}
	if s.More() {
		return errLDAP
	}
	return nil
}

func (l *LDAP) decodeControls(c ber.TLV) error {
	r := c.Reader()
	for r.More() {
		s, err := r.Enter(ber.TagSequence)
		if err != nil {
			return err
		}
		var ctl LDAPControl
		if ctl.Type, err = s.ReadBytes(ber.TagOctetString); err != nil {
			return err
		}
		if b, ok, err := s.ReadOptional(ber.TagBoolean); err != nil {
			return err
		} else if ok {
			v, err := b.Bool()
			if err != nil {
				return err
			}
			ctl.Criticality = fields.Some(v)
		}
		if err := ldapOptional(&s, ber.TagOctetString, &ctl.Value); err != nil {
			return err
		}
		if s.More() {
			return errLDAP
		}
		l.Controls = append(l.Controls, ctl)
	}
	return nil
}

func (l *LDAP) encode(w *ber.Writer) {
	w.Begin(ber.TagSequence)
	w.WriteInt(ber.TagInteger, l.MessageID)
	l.encodeOp(w)
	if l.HasControls || len(l.Controls) > 0 {
		w.Begin(ber.Context(0).Constructed())
		for _, c := range l.Controls {
			w.Begin(ber.TagSequence)
			w.WriteBytes(ber.TagOctetString, c.Type)
			if c.Criticality.Valid {
				w.WriteBool(ber.TagBoolean, c.Criticality.Value)
			}
			if c.Value.Valid {
				w.WriteBytes(ber.TagOctetString, c.Value.Value)
			}
			w.End()
		}
		w.End()
	}
	w.End()
}

func (l *LDAP) encodeOp(w *ber.Writer) {
	if _, known := LDAPOpNames[uint64(l.Op)]; !known {
		w.WriteBytes(l.OpTag, l.OpData)
		return
	}
	switch l.Op {
	case LDAPUnbindRequest:
		w.WriteNull(ldapOpTag(l.Op))
		return
	case LDAPDelRequest:
		w.WriteBytes(ldapOpTag(l.Op), l.DN)
		return
	case LDAPAbandonRequest:
		w.WriteInt(ldapOpTag(l.Op), l.AbandonID)
		return
	}
	w.Begin(ldapOpTag(l.Op))
	switch {
	case l.Op == LDAPBindRequest:
		w.WriteInt(ber.TagInteger, l.Version)
		w.WriteBytes(ber.TagOctetString, l.DN)
		if l.AuthTag == LDAPAuthSASL {
			w.Begin(LDAPAuthSASL)
			w.WriteBytes(ber.TagOctetString, l.SASLMechanism)
			if l.SASLCredentials.Valid {
				w.WriteBytes(ber.TagOctetString, l.SASLCredentials.Value)
			}
			w.End()
		} else {
			w.WriteBytes(l.AuthTag, l.AuthData)
		}
	case ldapIsResult(l.Op):
		w.WriteInt(ber.TagEnumerated, l.ResultCode)
		w.WriteBytes(ber.TagOctetString, l.MatchedDN)
		w.WriteBytes(ber.TagOctetString, l.DiagnosticMessage)
		if l.HasReferral || len(l.Referral) > 0 {
			w.Begin(ber.Context(3).Constructed())
			for _, u := range l.Referral {
				w.WriteBytes(ber.TagOctetString, u)
			}
			w.End()
		}
		switch l.Op {
		case LDAPBindResponse:
			if l.ServerSASLCreds.Valid {
				w.WriteBytes(ber.Context(7), l.ServerSASLCreds.Value)
			}
		case LDAPExtendedResponse:
			ldapWriteOpt(w, ber.Context(10), l.ResponseName)
			ldapWriteOpt(w, ber.Context(11), l.ResponseValue)
		}
	case l.Op == LDAPSearchRequest:
		w.WriteBytes(ber.TagOctetString, l.DN)
		w.WriteInt(ber.TagEnumerated, l.Scope)
		w.WriteInt(ber.TagEnumerated, l.DerefAliases)
		w.WriteInt(ber.TagInteger, l.SizeLimit)
		w.WriteInt(ber.TagInteger, l.TimeLimit)
		w.WriteBool(ber.TagBoolean, l.TypesOnly)
		w.WriteEncoded(l.Filter)
		w.Begin(ber.TagSequence)
		for _, a := range l.Attributes {
			w.WriteBytes(ber.TagOctetString, a.Type)
		}
		w.End()
	case l.Op == LDAPSearchResultEntry || l.Op == LDAPAddRequest:
		w.WriteBytes(ber.TagOctetString, l.DN)
		w.Begin(ber.TagSequence)
		for _, a := range l.Attributes {
			ldapEncodeAttr(w, a)
		}
		w.End()
	case l.Op == LDAPSearchResultRef:
		for _, u := range l.URIs {
			w.WriteBytes(ber.TagOctetString, u)
		}
	case l.Op == LDAPModifyRequest:
		w.WriteBytes(ber.TagOctetString, l.DN)
		w.Begin(ber.TagSequence)
		for _, c := range l.Changes {
			w.Begin(ber.TagSequence)
			w.WriteInt(ber.TagEnumerated, c.Operation)
			ldapEncodeAttr(w, c.Attribute)
			w.End()
		}
		w.End()
	case l.Op == LDAPModifyDNRequest:
		w.WriteBytes(ber.TagOctetString, l.DN)
		w.WriteBytes(ber.TagOctetString, l.NewRDN)
		w.WriteBool(ber.TagBoolean, l.DeleteOldRDN)
		ldapWriteOpt(w, ber.Context(0), l.NewSuperior)
	case l.Op == LDAPCompareRequest:
		w.WriteBytes(ber.TagOctetString, l.DN)
		w.Begin(ber.TagSequence)
		w.WriteBytes(ber.TagOctetString, l.AssertionType)
		w.WriteBytes(ber.TagOctetString, l.AssertionValue)
		w.End()
	case l.Op == LDAPExtendedRequest:
		w.WriteBytes(ber.Context(0), l.RequestName)
		ldapWriteOpt(w, ber.Context(1), l.RequestValue)
	case l.Op == LDAPIntermediateResponse:
		ldapWriteOpt(w, ber.Context(0), l.ResponseName)
		ldapWriteOpt(w, ber.Context(1), l.ResponseValue)
	}
	w.End()
}

func ldapWriteOpt(w *ber.Writer, tag ber.Tag, v fields.Opt[[]byte]) {
	if v.Valid {
		w.WriteBytes(tag, v.Value)
	}
}

func ldapEncodeAttr(w *ber.Writer, a LDAPAttribute) {
	w.Begin(ber.TagSequence)
	w.WriteBytes(ber.TagOctetString, a.Type)
	w.Begin(ber.TagSet)
	for _, v := range a.Values {
		w.WriteBytes(ber.TagOctetString, v)
	}
	w.End()
	w.End()
}

// HeaderLen is the length of the encoded message.
func (l *LDAP) HeaderLen() int {
	var w ber.Writer
	w.UseLayout(&l.layout)
	w.ResetCount()
	l.encode(&w)
	return w.Len()
}

// SerializeTo encodes the message, reproducing the length forms of a
// decoded one.
func (l *LDAP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	var w ber.Writer
	w.ResetFixed(b)
	w.UseLayout(&l.layout)
	l.encode(&w)
	return berDone(&w, len(b))
}

// LDAP search filters (RFC 4511 section 4.5.1):
//
//	Filter ::= CHOICE { and [0] SET OF Filter, or [1] SET OF Filter,
//	    not [2] Filter, equalityMatch [3] AttributeValueAssertion,
//	    substrings [4] SubstringFilter, greaterOrEqual [5] AVA,
//	    lessOrEqual [6] AVA, present [7] AttributeDescription,
//	    approxMatch [8] AVA, extensibleMatch [9] MatchingRuleAssertion }
const ldapMaxFilterDepth = 32

// ldapFilterOps are the operators of the attribute value assertions, by
// filter choice.
var ldapFilterOps = [...]string{3: "=", 5: ">=", 6: "<=", 8: "~="}

// ldapCheckFilter validates an encoded filter without allocating.
func ldapCheckFilter(enc []byte) error {
	r := ber.NewReader(enc)
	t, err := r.Next()
	if err != nil {
		return err
	}
	if r.More() {
		return errLDAP
	}
	return ldapWalkFilter(t, 0, nil)
}

// ldapWalkFilter checks one filter element, writing its text form to b
// when b is not nil.
func ldapWalkFilter(t ber.TLV, depth int, b *strings.Builder) error {
	if depth > ldapMaxFilterDepth || t.Tag.Class() != ber.ClassContext {
		return errLDAP
	}
	out := func(s string) {
		if b != nil {
			b.WriteString(s)
		}
	}
	val := func(v []byte) {
		if b != nil {
			ldapEscape(b, v)
		}
	}
	n := t.Tag.Number()
	switch {
	case n <= 1 && t.Tag.IsConstructed():
		out("(" + [...]string{"&", "|"}[n])
		r := t.Reader()
		for r.More() {
			c, err := r.Next()
			if err != nil {
				return err
			}
			if err := ldapWalkFilter(c, depth+1, b); err != nil {
				return err
			}
		}
		out(")")
	case n == 2 && t.Tag.IsConstructed():
		r := t.Reader()
		c, err := r.Next()
		if err != nil {
			return err
		}
		if r.More() {
			return errLDAP
		}
		out("(!")
		if err := ldapWalkFilter(c, depth+1, b); err != nil {
			return err
		}
		out(")")
	case (n == 3 || n == 5 || n == 6 || n == 8) && t.Tag.IsConstructed():
		r := t.Reader()
		a, err := r.ReadBytes(ber.TagOctetString)
		if err != nil {
			return err
		}
		v, err := r.ReadBytes(ber.TagOctetString)
		if err != nil {
			return err
		}
		if r.More() {
			return errLDAP
		}
		out("(")
		out(string(a))
		out(ldapFilterOps[n])
		val(v)
		out(")")
	case n == 4 && t.Tag.IsConstructed():
		r := t.Reader()
		a, err := r.ReadBytes(ber.TagOctetString)
		if err != nil {
			return err
		}
		subs, err := r.Enter(ber.TagSequence)
		if err != nil {
			return err
		}
		if r.More() || !subs.More() {
			return errLDAP
		}
		out("(")
		out(string(a))
		out("=")
		last := -1
		for subs.More() {
			s, err := subs.Next()
			if err != nil {
				return err
			}
			k := int(s.Tag.Number())
			if s.Tag.Class() != ber.ClassContext || s.Tag.IsConstructed() || k > 2 || k < last || (k == 0 && last >= 0) || (last == 2) {
				return errLDAP
			}
			if k != 0 {
				out("*")
			}
			val(s.Value)
			last = k
		}
		if last != 2 {
			out("*")
		}
		out(")")
	case n == 7 && !t.Tag.IsConstructed():
		out("(")
		out(string(t.Value))
		out("=*)")
	case n == 9 && t.Tag.IsConstructed():
		r := t.Reader()
		var rule, typ, value []byte
		dn, hasValue := false, false
		for r.More() {
			e, err := r.Next()
			if err != nil {
				return err
			}
			switch e.Tag {
			case ber.Context(1):
				rule = e.Value
			case ber.Context(2):
				typ = e.Value
			case ber.Context(3):
				value, hasValue = e.Value, true
			case ber.Context(4):
				if dn, err = e.Bool(); err != nil {
					return err
				}
			default:
				return errLDAP
			}
		}
		// RFC 4511: the type must be there when the rule is not; an empty
		// rule or type has no text form.
		if !hasValue || rule == nil && typ == nil || rule != nil && len(rule) == 0 || typ != nil && len(typ) == 0 {
			return errLDAP
		}
		out("(")
		out(string(typ))
		if dn {
			out(":dn")
		}
		if rule != nil {
			out(":")
			out(string(rule))
		}
		out(":=")
		val(value)
		out(")")
	default:
		return errLDAP
	}
	return nil
}

// ldapEscape writes a value as RFC 4515 does: *, (, ), \ and NUL (and
// bytes that are not printable ASCII) as \XX.
func ldapEscape(b *strings.Builder, v []byte) {
	const hx = "0123456789abcdef"
	for _, c := range v {
		if c == '*' || c == '(' || c == ')' || c == '\\' || c < 0x20 || c >= 0x7f {
			b.WriteByte('\\')
			b.WriteByte(hx[c>>4])
			b.WriteByte(hx[c&15])
			continue
		}
		b.WriteByte(c)
	}
}

// LDAPFilterString returns the RFC 4515 text form of an encoded filter.
func LDAPFilterString(enc []byte) (string, error) {
	r := ber.NewReader(enc)
	t, err := r.Next()
	if err != nil {
		return "", err
	}
	if r.More() {
		return "", fmt.Errorf("ldap filter: %w: bytes after the filter", packet.ErrMalformed)
	}
	var b strings.Builder
	if err := ldapWalkFilter(t, 0, &b); err != nil {
		return "", fmt.Errorf("ldap filter: %w", packet.ErrMalformed)
	}
	return b.String(), nil
}

// ParseLDAPFilter encodes a filter given in the RFC 4515 text form:
// "(&(objectClass=person)(|(uid=al*)(cn=*smith)))", with presence
// (attr=*), substrings, >=, <=, ~= and extensible matches
// (attr:dn:rule:=value); values escape *, (, ), \ as \2a, \28, \29, \5c.
// The outer parentheses may be left out of a simple filter.
func ParseLDAPFilter(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s != "" && s[0] != '(' {
		s = "(" + s + ")"
	}
	var w ber.Writer
	w.Reset(nil)
	p := ldapFilterParser{s: s, w: &w}
	if err := p.filter(0); err != nil {
		return nil, err
	}
	if p.i != len(p.s) {
		return nil, p.fail("text after the filter")
	}
	if err := w.Err(); err != nil {
		return nil, err
	}
	return w.Bytes(), nil
}

type ldapFilterParser struct {
	s string
	i int
	w *ber.Writer
}

func (p *ldapFilterParser) fail(what string) error {
	return fmt.Errorf("%w: ldap filter %q at offset %d: %s", fields.ErrBadValue, p.s, p.i, what)
}

func (p *ldapFilterParser) filter(depth int) error {
	if depth > ldapMaxFilterDepth {
		return p.fail("nested too deep")
	}
	if p.i >= len(p.s) || p.s[p.i] != '(' {
		return p.fail("want (")
	}
	p.i++
	if p.i >= len(p.s) {
		return p.fail("unexpected end")
	}
	switch c := p.s[p.i]; c {
	case '&', '|':
		p.i++
		n := uint32(0)
		if c == '|' {
			n = 1
		}
		p.w.Begin(ber.Context(n).Constructed())
		for p.i < len(p.s) && p.s[p.i] == '(' {
			if err := p.filter(depth + 1); err != nil {
				return err
			}
		}
		p.w.End()
	case '!':
		p.i++
		p.w.Begin(ber.Context(2).Constructed())
		if err := p.filter(depth + 1); err != nil {
			return err
		}
		p.w.End()
	default:
		if err := p.item(); err != nil {
			return err
		}
	}
	if p.i >= len(p.s) || p.s[p.i] != ')' {
		return p.fail("want )")
	}
	p.i++
	return nil
}

func (p *ldapFilterParser) item() error {
	end := strings.IndexByte(p.s[p.i:], ')')
	if end < 0 {
		return p.fail("want )")
	}
	item := p.s[p.i : p.i+end]
	p.i += end
	var op string
	k := -1
	for _, o := range []string{":=", ">=", "<=", "~=", "="} {
		if j := strings.Index(item, o); j > 0 && (k < 0 || j < k) {
			k, op = j, o
		}
	}
	if k <= 0 {
		return p.fail("no attribute and operator")
	}
	attr, raw := item[:k], item[k+len(op):]
	switch op {
	case ":=":
		parts := strings.Split(attr, ":")
		typ, rule, dn := parts[0], "", false
		for _, x := range parts[1:] {
			if strings.EqualFold(x, "dn") {
				dn = true
			} else if rule == "" {
				rule = x
			} else {
				return p.fail("bad extensible match")
			}
		}
		if typ == "" && rule == "" {
			return p.fail("extensible match without attribute or rule")
		}
		v, err := ldapUnescape(raw)
		if err != nil {
			return p.fail(err.Error())
		}
		p.w.Begin(ber.Context(9).Constructed())
		if rule != "" {
			p.w.WriteString(ber.Context(1), rule)
		}
		if typ != "" {
			p.w.WriteString(ber.Context(2), typ)
		}
		p.w.WriteBytes(ber.Context(3), v)
		if dn {
			p.w.WriteBool(ber.Context(4), true)
		}
		p.w.End()
		return nil
	case "=":
		if raw == "*" {
			p.w.WriteString(ber.Context(7), attr)
			return nil
		}
		if strings.Contains(raw, "*") {
			pieces := strings.Split(raw, "*")
			p.w.Begin(ber.Context(4).Constructed())
			p.w.WriteString(ber.TagOctetString, attr)
			p.w.Begin(ber.TagSequence)
			for i, pc := range pieces {
				if pc == "" {
					if i > 0 && i < len(pieces)-1 {
						return p.fail("empty substring")
					}
					continue
				}
				v, err := ldapUnescape(pc)
				if err != nil {
					return p.fail(err.Error())
				}
				n := uint32(1)
				switch i {
				case 0:
					n = 0
				case len(pieces) - 1:
					n = 2
				}
				p.w.WriteBytes(ber.Context(n), v)
			}
			p.w.End()
			p.w.End()
			return nil
		}
	}
	v, err := ldapUnescape(raw)
	if err != nil {
		return p.fail(err.Error())
	}
	n := uint32(3)
	for k, o := range ldapFilterOps {
		if o == op {
			n = uint32(k)
		}
	}
	p.w.Begin(ber.Context(n).Constructed())
	p.w.WriteString(ber.TagOctetString, attr)
	p.w.WriteBytes(ber.TagOctetString, v)
	p.w.End()
	return nil
}

func ldapUnescape(s string) ([]byte, error) {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '(' || c == '*' {
			return nil, errors.New("unescaped " + string(c))
		}
		if c != '\\' {
			out = append(out, c)
			continue
		}
		if i+2 >= len(s) {
			return nil, errors.New("short escape")
		}
		v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			return nil, errors.New("bad escape")
		}
		out = append(out, byte(v))
		i += 2
	}
	return out, nil
}

func setLDAPFilter(l *LDAP, v any) error {
	switch x := v.(type) {
	case string:
		f, err := ParseLDAPFilter(x)
		if err != nil {
			return err
		}
		l.Filter = f
	case []byte:
		if err := ldapCheckFilter(x); err != nil {
			return fmt.Errorf("%w: encoded ldap filter", fields.ErrBadValue)
		}
		l.Filter = x
	default:
		return fmt.Errorf("%w: filter from %T (want its text form)", fields.ErrBadValue, v)
	}
	return nil
}

func setLDAPReferral(l *LDAP, v any) error {
	b, err := byteList(v)
	if err != nil {
		return err
	}
	l.Referral, l.HasReferral = b, true
	return nil
}

func byteList(v any) ([][]byte, error) {
	switch x := v.(type) {
	case [][]byte:
		return x, nil
	case []string:
		out := make([][]byte, len(x))
		for i, s := range x {
			out[i] = []byte(s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%w: %T is not a list of strings", fields.ErrBadValue, v)
}

func stringList(l [][]byte) []string {
	out := make([]string, len(l))
	for i, b := range l {
		out[i] = string(b)
	}
	return out
}

func formatByteList(l [][]byte) string {
	parts := make([]string, len(l))
	for i, b := range l {
		parts[i] = fields.ReprBytes(b)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func setLDAPAttributes(l *LDAP, v any) error {
	switch x := v.(type) {
	case []LDAPAttribute:
		l.Attributes = x
	case []string:
		l.Attributes = l.Attributes[:0]
		for _, s := range x {
			l.Attributes = append(l.Attributes, LDAPAttribute{Type: []byte(s)})
		}
	default:
		return fmt.Errorf("%w: attributes from %T (want []layers.LDAPAttribute or names)", fields.ErrBadValue, v)
	}
	return nil
}

func formatLDAPAttributes(l *LDAP) string {
	parts := make([]string, len(l.Attributes))
	for i, a := range l.Attributes {
		if l.Op == LDAPSearchRequest {
			parts[i] = strconv.Quote(string(a.Type))
			continue
		}
		parts[i] = string(a.Type) + "=" + formatByteList(a.Values)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonLDAPAttributes(l *LDAP) any {
	out := make([]map[string]any, len(l.Attributes))
	for i, a := range l.Attributes {
		o := map[string]any{"type": string(a.Type)}
		if l.Op != LDAPSearchRequest {
			o["values"] = stringList(a.Values)
		}
		out[i] = o
	}
	return out
}

func setLDAPChanges(l *LDAP, v any) error {
	switch x := v.(type) {
	case []LDAPChange:
		l.Changes = x
	case LDAPChange:
		l.Changes = []LDAPChange{x}
	default:
		return fmt.Errorf("%w: changes from %T (want []layers.LDAPChange)", fields.ErrBadValue, v)
	}
	return nil
}

func formatLDAPChanges(l *LDAP) string {
	parts := make([]string, len(l.Changes))
	for i, c := range l.Changes {
		op := ldapModNames[c.Operation]
		if op == "" {
			op = strconv.FormatInt(c.Operation, 10)
		}
		parts[i] = op + " " + string(c.Attribute.Type) + "=" + formatByteList(c.Attribute.Values)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonLDAPChanges(l *LDAP) any {
	out := make([]map[string]any, len(l.Changes))
	for i, c := range l.Changes {
		out[i] = map[string]any{"operation": c.Operation, "type": string(c.Attribute.Type), "values": stringList(c.Attribute.Values)}
	}
	return out
}

func setLDAPControls(l *LDAP, v any) error {
	switch x := v.(type) {
	case []LDAPControl:
		l.Controls, l.HasControls = x, len(x) > 0
	default:
		return fmt.Errorf("%w: controls from %T (want []layers.LDAPControl)", fields.ErrBadValue, v)
	}
	return nil
}

func formatLDAPControls(l *LDAP) string {
	parts := make([]string, len(l.Controls))
	for i, c := range l.Controls {
		s := "controlType=" + string(c.Type)
		if c.Criticality.Valid {
			s += " criticality=" + strconv.FormatBool(c.Criticality.Value)
		}
		if c.Value.Valid {
			s += " controlValue=" + fields.ReprBytes(c.Value.Value)
		}
		parts[i] = s
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonLDAPControls(l *LDAP) any {
	out := make([]map[string]any, len(l.Controls))
	for i, c := range l.Controls {
		o := map[string]any{"controlType": string(c.Type)}
		if c.Criticality.Valid {
			o["criticality"] = c.Criticality.Value
		}
		if c.Value.Valid {
			o["controlValue"] = fmt.Sprintf("%x", c.Value.Value)
		}
		out[i] = o
	}
	return out
}

func init() {
	var rules []packet.BindingRule
	for _, lower := range []packet.LayerType{TCPType, UDPType} {
		for _, port := range []uint64{LDAPPort, LDAPGCPort} {
			rules = append(rules,
				packet.BindingRule{Lower: lower, Upper: LDAPType, Field: "dport", Value: port, DissectOnly: true},
				packet.BindingRule{Lower: lower, Upper: LDAPType, Field: "sport", Value: port, DissectOnly: true})
		}
	}
	packet.Bind(rules...)
}

// LDAPAttr returns an attribute with text values.
func LDAPAttr(typ string, values ...string) LDAPAttribute {
	a := LDAPAttribute{Type: []byte(typ), Values: make([][]byte, len(values))}
	for i, v := range values {
		a.Values[i] = []byte(v)
	}
	return a
}

// LDAP filter choices (untyped constants): the context tag numbers of
// RFC 4511's Filter.
const (
	LDAPFilterAnd            = 0
	LDAPFilterOr             = 1
	LDAPFilterNot            = 2
	LDAPFilterEquality       = 3
	LDAPFilterSubstrings     = 4
	LDAPFilterGreaterOrEqual = 5
	LDAPFilterLessOrEqual    = 6
	LDAPFilterPresent        = 7
	LDAPFilterApprox         = 8
	LDAPFilterExtensible     = 9
)

// LDAPFilterNode is one node of a decoded search filter: an and, or or
// not of Children, or an item on Attr (the attribute description; for an
// extensible match also Rule and DNAttributes) with its Value or
// Substrings.
type LDAPFilterNode struct {
	Op           uint8
	Attr         string
	Value        []byte
	Substrings   []LDAPSubstring
	Rule         string
	DNAttributes bool
	Children     []*LDAPFilterNode
}

// LDAPSubstring is one piece of a substrings filter: Kind 0 initial,
// 1 any, 2 final.
type LDAPSubstring struct {
	Kind  uint8
	Value []byte
}

// String returns the node in the RFC 4515 text form.
func (n *LDAPFilterNode) String() string {
	var w ber.Writer
	w.Reset(nil)
	n.encode(&w)
	s, err := LDAPFilterString(w.Bytes())
	if err != nil {
		return "<bad filter>"
	}
	return s
}

func (n *LDAPFilterNode) encode(w *ber.Writer) {
	t := ber.Context(uint32(n.Op))
	switch n.Op {
	case LDAPFilterAnd, LDAPFilterOr, LDAPFilterNot:
		w.Begin(t.Constructed())
		for _, c := range n.Children {
			c.encode(w)
		}
		w.End()
	case LDAPFilterPresent:
		w.WriteString(t, n.Attr)
	case LDAPFilterSubstrings:
		w.Begin(t.Constructed())
		w.WriteString(ber.TagOctetString, n.Attr)
		w.Begin(ber.TagSequence)
		for _, s := range n.Substrings {
			w.WriteBytes(ber.Context(uint32(s.Kind)), s.Value)
		}
		w.End()
		w.End()
	case LDAPFilterExtensible:
		w.Begin(t.Constructed())
		if n.Rule != "" {
			w.WriteString(ber.Context(1), n.Rule)
		}
		if n.Attr != "" {
			w.WriteString(ber.Context(2), n.Attr)
		}
		w.WriteBytes(ber.Context(3), n.Value)
		if n.DNAttributes {
			w.WriteBool(ber.Context(4), true)
		}
		w.End()
	default:
		w.Begin(t.Constructed())
		w.WriteString(ber.TagOctetString, n.Attr)
		w.WriteBytes(ber.TagOctetString, n.Value)
		w.End()
	}
}

// Encode returns the BER encoding of the filter.
func (n *LDAPFilterNode) Encode() []byte {
	var w ber.Writer
	w.Reset(nil)
	n.encode(&w)
	return w.Bytes()
}

// LDAPFilterTree decodes an encoded filter into a tree.
func LDAPFilterTree(enc []byte) (*LDAPFilterNode, error) {
	if err := ldapCheckFilter(enc); err != nil {
		return nil, fmt.Errorf("ldap filter: %w", packet.ErrMalformed)
	}
	r := ber.NewReader(enc)
	t, _ := r.Next()
	return ldapTree(t), nil
}

// FilterTree returns the search filter as a tree.
func (l *LDAP) FilterTree() (*LDAPFilterNode, error) { return LDAPFilterTree(l.Filter) }

// ldapTree builds the tree of a filter ldapCheckFilter accepted.
func ldapTree(t ber.TLV) *LDAPFilterNode {
	n := &LDAPFilterNode{Op: uint8(t.Tag.Number())}
	r := t.Reader()
	switch n.Op {
	case LDAPFilterAnd, LDAPFilterOr, LDAPFilterNot:
		for r.More() {
			c, _ := r.Next()
			n.Children = append(n.Children, ldapTree(c))
		}
	case LDAPFilterPresent:
		n.Attr = string(t.Value)
	case LDAPFilterSubstrings:
		a, _ := r.ReadBytes(ber.TagOctetString)
		n.Attr = string(a)
		subs, _ := r.Enter(ber.TagSequence)
		for subs.More() {
			s, _ := subs.Next()
			n.Substrings = append(n.Substrings, LDAPSubstring{Kind: uint8(s.Tag.Number()), Value: s.Value})
		}
	case LDAPFilterExtensible:
		for r.More() {
			e, _ := r.Next()
			switch e.Tag.Number() {
			case 1:
				n.Rule = string(e.Value)
			case 2:
				n.Attr = string(e.Value)
			case 3:
				n.Value = e.Value
			case 4:
				n.DNAttributes, _ = e.Bool()
			}
		}
	default:
		a, _ := r.ReadBytes(ber.TagOctetString)
		v, _ := r.ReadBytes(ber.TagOctetString)
		n.Attr, n.Value = string(a), v
	}
	return n
}
