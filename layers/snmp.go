package layers

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/ber"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// SNMP messages (RFC 1157, RFC 3416, RFC 3412), in BER:
//
//	Message ::= SEQUENCE {                      -- v1 (0) and v2c (1)
//	    version INTEGER, community OCTET STRING, data PDUs }
//	SNMPv3Message ::= SEQUENCE {                -- v3
//	    msgVersion INTEGER (3),
//	    msgGlobalData SEQUENCE { msgID INTEGER, msgMaxSize INTEGER,
//	        msgFlags OCTET STRING (SIZE(1)), msgSecurityModel INTEGER },
//	    msgSecurityParameters OCTET STRING,     -- USM: RFC 3414
//	    msgData CHOICE { plaintext ScopedPDU, encryptedPDU OCTET STRING } }
//	ScopedPDU ::= SEQUENCE { contextEngineID OCTET STRING,
//	    contextName OCTET STRING, data PDUs }
//	PDU ::= [n] IMPLICIT SEQUENCE { request-id INTEGER,
//	    error-status INTEGER, error-index INTEGER,  -- non-repeaters,
//	    variable-bindings SEQUENCE OF SEQUENCE {   -- max-repetitions (bulk)
//	        name OBJECT IDENTIFIER, value ANY } }
//	Trap-PDU ::= [4] IMPLICIT SEQUENCE { enterprise OBJECT IDENTIFIER,
//	    agent-addr IpAddress, generic-trap INTEGER, specific-trap INTEGER,
//	    time-stamp TimeTicks, variable-bindings ... }
//
// Lengths are definite (RFC 3417 section 8). A decoded message keeps the
// length forms and integer widths it was sent with (ber.Layout), so it
// re-encodes byte for byte.

// SNMP versions, PDU types and ports (untyped constants).
const (
	SNMPv1  = 0
	SNMPv2c = 1
	SNMPv3  = 3

	SNMPGetRequest     = 0
	SNMPGetNextRequest = 1
	SNMPResponse       = 2
	SNMPSetRequest     = 3
	SNMPTrapV1         = 4
	SNMPGetBulkRequest = 5
	SNMPInformRequest  = 6
	SNMPTrapV2         = 7
	SNMPReport         = 8

	SNMPPort     = 161
	SNMPTrapPort = 162
)

// SNMPVersionNames names versions as Scapy does.
var SNMPVersionNames = map[uint64]string{0: "v1", 1: "v2c", 2: "v2", 3: "v3"}

// SNMPPDUNames names PDU types by Scapy's classes.
var SNMPPDUNames = map[uint64]string{
	0: "SNMPget", 1: "SNMPnext", 2: "SNMPresponse", 3: "SNMPset", 4: "SNMPtrapv1",
	5: "SNMPbulk", 6: "SNMPinform", 7: "SNMPtrapv2", 8: "SNMPreport",
}

var snmpPDUText = [...]string{"get-request", "get-next-request", "get-response", "set-request", "trap",
	"getBulkRequest", "informRequest", "snmpV2-trap", "report"}

// SNMPErrorNames names error-status values as Scapy's SNMP_error.
var SNMPErrorNames = map[uint64]string{
	0: "no_error", 1: "too_big", 2: "no_such_name", 3: "bad_value", 4: "read_only", 5: "generic_error",
	6: "no_access", 7: "wrong_type", 8: "wrong_length", 9: "wrong_encoding", 10: "wrong_value",
	11: "no_creation", 12: "inconsistent_value", 13: "resource_unavailable", 14: "commit_failed",
	15: "undo_failed", 16: "authorization_error", 17: "not_writable", 18: "inconsistent_name",
}

// SNMPTrapNames names generic-trap values as Scapy's SNMP_trap_types.
var SNMPTrapNames = map[uint64]string{
	0: "cold_start", 1: "warm_start", 2: "link_down", 3: "link_up", 4: "auth_failure",
	5: "egp_neigh_loss", 6: "enterprise_specific",
}

// Tags of the varbind exceptions of RFC 3416 (context class, NULL
// contents).
var (
	SNMPNoSuchObject   = ber.Context(0)
	SNMPNoSuchInstance = ber.Context(1)
	SNMPEndOfMibView   = ber.Context(2)
)

// SNMPValue is the value of a variable binding: its tag and contents, as
// on the wire. Helpers read the usual types.
type SNMPValue struct {
	Tag  ber.Tag
	Data []byte
}

// SNMPVarbind is one variable binding (Scapy's SNMPvarbind: oid, value).
type SNMPVarbind struct {
	OID   ber.OID
	Value SNMPValue
}

// SNMPNull is the NULL value of requests.
func SNMPNull() SNMPValue { return SNMPValue{Tag: ber.TagNull} }

// SNMPInt returns an INTEGER (Integer32) value.
func SNMPInt(v int64) SNMPValue {
	return SNMPValue{Tag: ber.TagInteger, Data: ber.AppendInt(nil, ber.TagInteger, v)[2:]}
}

// SNMPString returns an OCTET STRING value.
func SNMPString(s string) SNMPValue { return SNMPValue{Tag: ber.TagOctetString, Data: []byte(s)} }

// SNMPOIDValue returns an OBJECT IDENTIFIER value.
func SNMPOIDValue(o ber.OID) SNMPValue { return SNMPValue{Tag: ber.TagOID, Data: o} }

// SNMPIPAddress returns an IpAddress value.
func SNMPIPAddress(a netip.Addr) SNMPValue {
	b := a.Unmap().As4()
	return SNMPValue{Tag: ber.TagIPAddress, Data: b[:]}
}

// SNMPUnsigned returns an unsigned value of an application type:
// ber.TagCounter32, TagGauge32, TagTimeTicks, TagCounter64, TagUInteger32.
func SNMPUnsigned(tag ber.Tag, v uint64) SNMPValue {
	var w ber.Writer
	w.Reset(nil)
	w.WriteUint(tag, v)
	b := w.Bytes()
	return SNMPValue{Tag: tag, Data: b[len(b)-ber.UintLen(v):]}
}

// Int returns an INTEGER value (also Counter32, Gauge32, TimeTicks, ...).
func (v SNMPValue) Int() (int64, bool) {
	if v.Tag.IsConstructed() {
		return 0, false
	}
	x, err := ber.ParseInt64(v.Data)
	return x, err == nil
}

// Uint returns an unsigned value (Counter32, Gauge32, TimeTicks,
// Counter64); a 32-bit type sent as a negative number is read modulo
// 2^32, as agents that forget the leading zero mean it.
func (v SNMPValue) Uint() (uint64, bool) {
	if v.Tag.IsConstructed() {
		return 0, false
	}
	if x, err := ber.ParseUint64(v.Data); err == nil {
		return x, true
	}
	if x, err := ber.ParseInt64(v.Data); err == nil && x < 0 && x >= -1<<31 && v.Tag != ber.TagInteger {
		return uint64(uint32(x)), true
	}
	return 0, false
}

// OID returns an OBJECT IDENTIFIER value.
func (v SNMPValue) OID() (ber.OID, bool) {
	if v.Tag != ber.TagOID || ber.OID(v.Data).Validate() != nil {
		return nil, false
	}
	return ber.OID(v.Data), true
}

// IP returns an IpAddress value.
func (v SNMPValue) IP() (netip.Addr, bool) {
	if v.Tag != ber.TagIPAddress || len(v.Data) != 4 {
		return netip.Addr{}, false
	}
	return netip.AddrFrom4([4]byte(v.Data)), true
}

// String formats the value as Scapy's repr does: <ASN1_INTEGER[5]>-like
// type names are left out; integers, strings, OIDs and addresses in
// their text forms, exceptions by name.
func (v SNMPValue) String() string {
	switch v.Tag {
	case ber.TagNull:
		return "NULL"
	case ber.TagInteger, ber.TagCounter32, ber.TagGauge32, ber.TagTimeTicks, ber.TagCounter64, ber.TagUInteger32:
		if v.Tag == ber.TagInteger {
			if x, ok := v.Int(); ok {
				return strconv.FormatInt(x, 10)
			}
		} else if x, ok := v.Uint(); ok {
			return v.Tag.String() + "(" + strconv.FormatUint(x, 10) + ")"
		}
	case ber.TagOctetString:
		return fields.ReprBytes(v.Data)
	case ber.TagOID:
		return ber.OID(v.Data).String()
	case ber.TagIPAddress:
		if a, ok := v.IP(); ok {
			return a.String()
		}
	case SNMPNoSuchObject:
		return "noSuchObject"
	case SNMPNoSuchInstance:
		return "noSuchInstance"
	case SNMPEndOfMibView:
		return "endOfMibView"
	}
	return v.Tag.String() + "(" + fields.ReprBytes(v.Data) + ")"
}

// SNMPUSM holds the User-based Security Model parameters (RFC 3414
// section 2.4); the authentication and privacy parameters are kept as
// sent (no cryptography here).
type SNMPUSM struct {
	EngineID    []byte
	EngineBoots int64
	EngineTime  int64
	UserName    []byte
	AuthParams  []byte
	PrivParams  []byte
}

// SNMP is an SNMP message of any version (Scapy's SNMP: version,
// community, PDU, with the PDU's fields id, error, error_index,
// varbindlist ... flattened into this layer). SNMPv3 adds the header data,
// the USM parameters and the scoped PDU; an encrypted scoped PDU is kept
// opaque (EncryptedPDU).
type SNMP struct {
	Version   int64
	Community []byte

	// SNMPv3.
	MsgID            int64
	MsgMaxSize       int64
	MsgFlags         []byte
	MsgSecurityModel int64
	// SecurityParameters is the msgSecurityParameters octet string when it
	// is not read as USM (HasUSM false).
	SecurityParameters []byte
	USM                SNMPUSM
	HasUSM             bool
	ContextEngineID    []byte
	ContextName        []byte
	// EncryptedPDU is the encrypted scoped PDU; Encrypted tells that the
	// message carries one (and no PDU fields).
	EncryptedPDU []byte
	Encrypted    bool

	// The PDU.
	PDUType     uint8 // SNMPGetRequest, ...
	RequestID   int64
	ErrorStatus int64 // non-repeaters in a GetBulk request
	ErrorIndex  int64 // max-repetitions in a GetBulk request
	// Trap v1 (PDUType SNMPTrapV1).
	Enterprise   ber.OID
	AgentAddr    netip.Addr
	GenericTrap  int64
	SpecificTrap int64
	TimeStamp    int64 // TimeTicks
	Varbinds     []SNMPVarbind

	layout ber.Layout
}

func snmpIsV3(l any) bool   { return l.(*SNMP).Version == SNMPv3 }
func snmpNotV3(l any) bool  { return l.(*SNMP).Version != SNMPv3 }
func snmpHasPDU(l any) bool { return !l.(*SNMP).Encrypted }
func snmpIsTrap1(l any) bool {
	s := l.(*SNMP)
	return !s.Encrypted && s.PDUType == SNMPTrapV1
}
func snmpIsBulk(l any) bool {
	s := l.(*SNMP)
	return !s.Encrypted && s.PDUType == SNMPGetBulkRequest
}
func snmpIsPlain(l any) bool {
	s := l.(*SNMP)
	return !s.Encrypted && s.PDUType != SNMPTrapV1 && s.PDUType != SNMPGetBulkRequest
}
func snmpIsRequestPDU(l any) bool {
	s := l.(*SNMP)
	return !s.Encrypted && s.PDUType != SNMPTrapV1
}
func snmpUSM(l any) bool   { s := l.(*SNMP); return s.Version == SNMPv3 && s.HasUSM }
func snmpNoUSM(l any) bool { s := l.(*SNMP); return s.Version == SNMPv3 && !s.HasUSM }
func snmpScoped(l any) bool {
	s := l.(*SNMP)
	return s.Version == SNMPv3 && !s.Encrypted
}
func snmpEnc(l any) bool { s := l.(*SNMP); return s.Version == SNMPv3 && s.Encrypted }

var snmpProto = &packet.Proto{
	Name: "SNMP",
	Doc:  "SNMP v1/v2c/v3 (RFC 1157, 3416, 3412, 3414) over BER: PDUs, varbinds, USM parameters kept; UDP 161/162",
	New:  func() packet.Layer { return NewSNMP() },
	Fields: []fields.Field{
		berEnumField("version", 1, SNMPVersionNames, func(s *SNMP) *int64 { return &s.Version }),
		fields.BytesField("community", func(s *SNMP) *[]byte { return &s.Community }).When(snmpNotV3),
		berIntField("msgID", 0, func(s *SNMP) *int64 { return &s.MsgID }).When(snmpIsV3),
		berIntField("msgMaxSize", 65507, func(s *SNMP) *int64 { return &s.MsgMaxSize }).When(snmpIsV3),
		fields.BytesField("msgFlags", func(s *SNMP) *[]byte { return &s.MsgFlags }).When(snmpIsV3),
		berIntField("msgSecurityModel", 3, func(s *SNMP) *int64 { return &s.MsgSecurityModel }).When(snmpIsV3),
		fields.BytesField("msgAuthoritativeEngineID", func(s *SNMP) *[]byte { return &s.USM.EngineID }).When(snmpUSM),
		berIntField("msgAuthoritativeEngineBoots", 0, func(s *SNMP) *int64 { return &s.USM.EngineBoots }).When(snmpUSM),
		berIntField("msgAuthoritativeEngineTime", 0, func(s *SNMP) *int64 { return &s.USM.EngineTime }).When(snmpUSM),
		fields.BytesField("msgUserName", func(s *SNMP) *[]byte { return &s.USM.UserName }).When(snmpUSM),
		fields.BytesField("msgAuthenticationParameters", func(s *SNMP) *[]byte { return &s.USM.AuthParams }).When(snmpUSM),
		fields.BytesField("msgPrivacyParameters", func(s *SNMP) *[]byte { return &s.USM.PrivParams }).When(snmpUSM),
		fields.BytesField("msgSecurityParameters", func(s *SNMP) *[]byte { return &s.SecurityParameters }).When(snmpNoUSM),
		fields.BytesField("contextEngineID", func(s *SNMP) *[]byte { return &s.ContextEngineID }).When(snmpScoped),
		fields.BytesField("contextName", func(s *SNMP) *[]byte { return &s.ContextName }).When(snmpScoped),
		fields.BytesField("encryptedPDU", func(s *SNMP) *[]byte { return &s.EncryptedPDU }).When(snmpEnc),
		fields.EnumField("PDU", 8, uint8(0), SNMPPDUNames, func(s *SNMP) *uint8 { return &s.PDUType }).When(snmpHasPDU),
		berIntField("id", 0, func(s *SNMP) *int64 { return &s.RequestID }).When(snmpIsRequestPDU),
		berEnumField("error", 0, SNMPErrorNames, func(s *SNMP) *int64 { return &s.ErrorStatus }).When(snmpIsPlain),
		berIntField("error_index", 0, func(s *SNMP) *int64 { return &s.ErrorIndex }).When(snmpIsPlain),
		berIntField("non_repeaters", 0, func(s *SNMP) *int64 { return &s.ErrorStatus }).When(snmpIsBulk),
		berIntField("max_repetitions", 0, func(s *SNMP) *int64 { return &s.ErrorIndex }).When(snmpIsBulk),
		berOIDField("enterprise", func(s *SNMP) *ber.OID { return &s.Enterprise }).When(snmpIsTrap1),
		fields.IPField("agent_addr", netip.IPv4Unspecified(), func(s *SNMP) *netip.Addr { return &s.AgentAddr }).When(snmpIsTrap1),
		berEnumField("generic_trap", 0, SNMPTrapNames, func(s *SNMP) *int64 { return &s.GenericTrap }).When(snmpIsTrap1),
		berIntField("specific_trap", 0, func(s *SNMP) *int64 { return &s.SpecificTrap }).When(snmpIsTrap1),
		berIntField("time_stamp", 0, func(s *SNMP) *int64 { return &s.TimeStamp }).When(snmpIsTrap1),
		fields.ListField("varbindlist", func(s *SNMP) any { return s.Varbinds }, setSNMPVarbinds,
			formatSNMPVarbinds, jsonSNMPVarbinds).When(snmpHasPDU),
	},
}

// SNMPType is the registered type of SNMP.
var SNMPType = packet.Register(snmpProto)

// NewSNMP returns an SNMPv2c get-request with Scapy's defaults (community
// "public", id 0, no varbinds).
func NewSNMP() *SNMP {
	return &SNMP{Version: SNMPv2c, Community: []byte("public"), AgentAddr: netip.IPv4Unspecified(),
		MsgMaxSize: 65507, MsgSecurityModel: 3}
}

func (s *SNMP) Proto() *packet.Proto { return snmpProto }
func (s *SNMP) Get(name string) (any, error) {
	return packet.GetField(s, name)
}
func (s *SNMP) Set(name string, v any) error { return packet.SetField(s, name, v) }
func (s *SNMP) Show() string                 { return packet.ShowLayer(s) }

// PDUName returns the PDU type as tshark names it ("get-request").
func (s *SNMP) PDUName() string {
	if s.Encrypted {
		return "encryptedPDU"
	}
	if int(s.PDUType) < len(snmpPDUText) {
		return snmpPDUText[s.PDUType]
	}
	return "pdu " + strconv.Itoa(int(s.PDUType))
}

// Summary is "SNMP v2c get-request 1.3.6.1.2.1.1.1.0 ...".
func (s *SNMP) Summary() string { return s.SummaryIn(nil, 0) }

// SummaryIn implements packet.ContextSummarizer.
func (s *SNMP) SummaryIn(*packet.Packet, int) string {
	var b strings.Builder
	b.WriteString("SNMP ")
	if n, ok := SNMPVersionNames[uint64(s.Version)]; ok {
		b.WriteString(n)
	} else {
		b.WriteString("version " + strconv.FormatInt(s.Version, 10))
	}
	b.WriteString(" ")
	b.WriteString(s.PDUName())
	if s.PDUType == SNMPTrapV1 && !s.Encrypted {
		b.WriteString(" ")
		b.WriteString(s.Enterprise.String())
	}
	for i, v := range s.Varbinds {
		if i == 3 {
			b.WriteString(" ...")
			break
		}
		b.WriteString(" ")
		b.WriteString(v.OID.String())
	}
	return b.String()
}

// Flags returns the v3 message flags (bit 0 auth, 1 priv, 2 reportable).
func (s *SNMP) Flags() uint8 {
	if len(s.MsgFlags) == 0 {
		return 0
	}
	return s.MsgFlags[0]
}

// berErr turns a codec error into ErrTruncated or ErrMalformed.
func berErr(err error) error {
	if errors.Is(err, ber.ErrTruncated) {
		return packet.ErrTruncated
	}
	return packet.ErrMalformed
}

// DecodeFromBytes decodes one message; bytes after it are Padding.
func (s *SNMP) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	s.layout.Reset()
	r := ber.NewReader(data)
	r.Record(&s.layout)
	n, err := s.decode(&r)
	if err != nil {
		return packet.DecodeResult{}, berErr(err)
	}
	return packet.DecodeResult{HeaderLen: n, PayloadLen: 0}, nil
}

func (s *SNMP) decode(r *ber.Reader) (int, error) {
	msg, err := r.Read(ber.TagSequence)
	if err != nil {
		return 0, err
	}
	m := msg.Reader()
	if s.Version, err = m.ReadInt(ber.TagInteger); err != nil {
		return 0, err
	}
	s.Encrypted, s.HasUSM = false, false
	s.Community, s.MsgFlags, s.SecurityParameters, s.EncryptedPDU = nil, nil, nil, nil
	s.ContextEngineID, s.ContextName = nil, nil
	s.USM = SNMPUSM{}
	pr := &m
	if s.Version == SNMPv3 {
		hd, err := m.Enter(ber.TagSequence)
		if err != nil {
			return 0, err
		}
		if s.MsgID, err = hd.ReadInt(ber.TagInteger); err != nil {
			return 0, err
		}
		if s.MsgMaxSize, err = hd.ReadInt(ber.TagInteger); err != nil {
			return 0, err
		}
		if s.MsgFlags, err = hd.ReadBytes(ber.TagOctetString); err != nil {
			return 0, err
		}
		if s.MsgSecurityModel, err = hd.ReadInt(ber.TagInteger); err != nil {
			return 0, err
		}
		if hd.More() {
			return 0, packet.ErrMalformed
		}
		sp, err := m.Read(ber.TagOctetString)
		if err != nil {
			return 0, err
		}
		s.SecurityParameters = sp.Value
		if s.MsgSecurityModel == 3 && len(sp.Value) > 0 {
			mark := s.layout.Len()
			if s.decodeUSM(sp) {
				s.HasUSM, s.SecurityParameters = true, nil
			} else {
				s.layout.Truncate(mark)
			}
		}
		if tag, _ := m.PeekTag(); tag == ber.TagOctetString {
			if s.EncryptedPDU, err = m.ReadBytes(ber.TagOctetString); err != nil {
				return 0, err
			}
			s.Encrypted = true
			s.Varbinds = s.Varbinds[:0]
		} else {
			sc, err := m.Enter(ber.TagSequence)
			if err != nil {
				return 0, err
			}
			if s.ContextEngineID, err = sc.ReadBytes(ber.TagOctetString); err != nil {
				return 0, err
			}
			if s.ContextName, err = sc.ReadBytes(ber.TagOctetString); err != nil {
				return 0, err
			}
			if err := s.decodePDU(&sc); err != nil {
				return 0, err
			}
			if sc.More() {
				return 0, packet.ErrMalformed
			}
		}
	} else {
		if s.Community, err = m.ReadBytes(ber.TagOctetString); err != nil {
			return 0, err
		}
		if err := s.decodePDU(pr); err != nil {
			return 0, err
		}
	}
	if m.More() {
		return 0, packet.ErrMalformed
	}
	return msg.Len(), nil
}

func (s *SNMP) decodeUSM(sp ber.TLV) bool {
	u := sp.Reader()
	seq, err := u.Enter(ber.TagSequence)
	if err != nil || u.More() {
		return false
	}
	var e1, e2, e3, e4, e5, e6 error
	s.USM.EngineID, e1 = seq.ReadBytes(ber.TagOctetString)
	s.USM.EngineBoots, e2 = seq.ReadInt(ber.TagInteger)
	s.USM.EngineTime, e3 = seq.ReadInt(ber.TagInteger)
	s.USM.UserName, e4 = seq.ReadBytes(ber.TagOctetString)
	s.USM.AuthParams, e5 = seq.ReadBytes(ber.TagOctetString)
	s.USM.PrivParams, e6 = seq.ReadBytes(ber.TagOctetString)
	return e1 == nil && e2 == nil && e3 == nil && e4 == nil && e5 == nil && e6 == nil && !seq.More()
}

func (s *SNMP) decodePDU(m *ber.Reader) error {
	p, err := m.Next()
	if err != nil {
		return err
	}
	if p.Tag.Class() != ber.ClassContext || !p.Tag.IsConstructed() || p.Tag.Number() > SNMPReport {
		return packet.ErrMalformed
	}
	s.PDUType = uint8(p.Tag.Number())
	r := p.Reader()
	if s.PDUType == SNMPTrapV1 {
		t, err := r.Read(ber.TagOID)
		if err != nil {
			return err
		}
		if s.Enterprise, err = t.OID(); err != nil {
			return err
		}
		a, err := r.Read(ber.TagIPAddress)
		if err != nil {
			return err
		}
		if s.AgentAddr, err = a.IPv4(); err != nil {
			return err
		}
		if s.GenericTrap, err = r.ReadInt(ber.TagInteger); err != nil {
			return err
		}
		if s.SpecificTrap, err = r.ReadInt(ber.TagInteger); err != nil {
			return err
		}
		if s.TimeStamp, err = r.ReadInt(ber.TagTimeTicks); err != nil {
			return err
		}
	} else {
		if s.RequestID, err = r.ReadInt(ber.TagInteger); err != nil {
			return err
		}
		if s.ErrorStatus, err = r.ReadInt(ber.TagInteger); err != nil {
			return err
		}
		if s.ErrorIndex, err = r.ReadInt(ber.TagInteger); err != nil {
			return err
		}
	}
	vbl, err := r.Enter(ber.TagSequence)
	if err != nil {
		return err
	}
	s.Varbinds = s.Varbinds[:0]
	for vbl.More() {
		vb, err := vbl.Enter(ber.TagSequence)
		if err != nil {
			return err
		}
		o, err := vb.Read(ber.TagOID)
		if err != nil {
			return err
		}
		oid, err := o.OID()
		if err != nil {
			return err
		}
		v, err := vb.Next()
		if err != nil {
			return err
		}
		if vb.More() {
			return packet.ErrMalformed
		}
		s.Varbinds = append(s.Varbinds, SNMPVarbind{OID: oid, Value: SNMPValue{Tag: v.Tag, Data: v.Value}})
	}
	if r.More() {
		return packet.ErrMalformed
	}
	return nil
}

func (s *SNMP) encode(w *ber.Writer) {
	w.Begin(ber.TagSequence)
	w.WriteInt(ber.TagInteger, s.Version)
	if s.Version == SNMPv3 {
		w.Begin(ber.TagSequence)
		w.WriteInt(ber.TagInteger, s.MsgID)
		w.WriteInt(ber.TagInteger, s.MsgMaxSize)
		w.WriteBytes(ber.TagOctetString, s.MsgFlags)
		w.WriteInt(ber.TagInteger, s.MsgSecurityModel)
		w.End()
		if s.HasUSM {
			w.Begin(ber.TagOctetString)
			w.Begin(ber.TagSequence)
			w.WriteBytes(ber.TagOctetString, s.USM.EngineID)
			w.WriteInt(ber.TagInteger, s.USM.EngineBoots)
			w.WriteInt(ber.TagInteger, s.USM.EngineTime)
			w.WriteBytes(ber.TagOctetString, s.USM.UserName)
			w.WriteBytes(ber.TagOctetString, s.USM.AuthParams)
			w.WriteBytes(ber.TagOctetString, s.USM.PrivParams)
			w.End()
			w.End()
		} else {
			w.WriteBytes(ber.TagOctetString, s.SecurityParameters)
		}
		if s.Encrypted {
			w.WriteBytes(ber.TagOctetString, s.EncryptedPDU)
		} else {
			w.Begin(ber.TagSequence)
			w.WriteBytes(ber.TagOctetString, s.ContextEngineID)
			w.WriteBytes(ber.TagOctetString, s.ContextName)
			s.encodePDU(w)
			w.End()
		}
	} else {
		w.WriteBytes(ber.TagOctetString, s.Community)
		s.encodePDU(w)
	}
	w.End()
}

func (s *SNMP) encodePDU(w *ber.Writer) {
	w.Begin(ber.Context(uint32(s.PDUType)).Constructed())
	if s.PDUType == SNMPTrapV1 {
		w.WriteOID(ber.TagOID, s.Enterprise)
		w.WriteIPv4(ber.TagIPAddress, s.AgentAddr)
		w.WriteInt(ber.TagInteger, s.GenericTrap)
		w.WriteInt(ber.TagInteger, s.SpecificTrap)
		w.WriteInt(ber.TagTimeTicks, s.TimeStamp)
	} else {
		w.WriteInt(ber.TagInteger, s.RequestID)
		w.WriteInt(ber.TagInteger, s.ErrorStatus)
		w.WriteInt(ber.TagInteger, s.ErrorIndex)
	}
	w.Begin(ber.TagSequence)
	for _, vb := range s.Varbinds {
		w.Begin(ber.TagSequence)
		w.WriteOID(ber.TagOID, vb.OID)
		w.WriteBytes(vb.Value.Tag, vb.Value.Data)
		w.End()
	}
	w.End()
	w.End()
}

// HeaderLen is the length of the encoded message.
func (s *SNMP) HeaderLen() int {
	var w ber.Writer
	w.UseLayout(&s.layout)
	w.ResetCount()
	s.encode(&w)
	return w.Len()
}

// SerializeTo encodes the message, reproducing the length forms and
// integer widths of a decoded one.
func (s *SNMP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	var w ber.Writer
	w.ResetFixed(b)
	w.UseLayout(&s.layout)
	s.encode(&w)
	return berDone(&w, len(b))
}

// berDone checks that a writer filled the buffer of n bytes it was given.
func berDone(w *ber.Writer, n int) error {
	if err := w.Err(); err != nil {
		return err
	}
	if w.Len() != n {
		return fmt.Errorf("%w: encoded %d bytes into %d", packet.ErrShortBuffer, w.Len(), n)
	}
	return nil
}

// berIntField is an integer field held as int64 (BER INTEGERs are signed
// and of any size; these fit 64 bits).
func berIntField[L any](name string, def int64, ptr func(*L) *int64) fields.Field {
	return berEnumField(name, def, nil, ptr)
}

// berEnumField is a berIntField whose values have names.
func berEnumField[L any](name string, def int64, enum map[uint64]string, ptr func(*L) *int64) fields.Field {
	f := fields.ListField(name, func(l *L) any { return *ptr(l) },
		func(l *L, v any) error {
			x, err := toInt64(v)
			if err != nil {
				return err
			}
			*ptr(l) = x
			return nil
		},
		nil,
		func(l *L) any { return *ptr(l) })
	f.Default = def
	f.Enum = enum
	return fields.WithFormat(f, func(l *L) string {
		x := *ptr(l)
		if enum != nil && x >= 0 {
			if n, ok := enum[uint64(x)]; ok {
				return n
			}
		}
		return strconv.FormatInt(x, 10)
	})
}

func toInt64(v any) (int64, error) {
	switch x := v.(type) {
	case int:
		return int64(x), nil
	case int8:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case int64:
		return x, nil
	case uint8:
		return int64(x), nil
	case uint16:
		return int64(x), nil
	case uint32:
		return int64(x), nil
	case uint:
		if uint64(x) > 1<<63-1 {
			break
		}
		return int64(x), nil
	case uint64:
		if x > 1<<63-1 {
			break
		}
		return int64(x), nil
	case float64:
		if x == float64(int64(x)) {
			return int64(x), nil
		}
	case string:
		if i, err := strconv.ParseInt(strings.TrimSpace(x), 0, 64); err == nil {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%w: %v (%T) is not an integer", fields.ErrBadValue, v, v)
}

// berOIDField is an OBJECT IDENTIFIER field, set from its text or a
// ber.OID.
func berOIDField[L any](name string, ptr func(*L) *ber.OID) fields.Field {
	return fields.ListField(name, func(l *L) any { return *ptr(l) },
		func(l *L, v any) error {
			o, err := oidFrom(v)
			if err != nil {
				return err
			}
			*ptr(l) = o
			return nil
		},
		func(l *L) string { return ptr(l).String() },
		func(l *L) any { return ptr(l).String() })
}

func oidFrom(v any) (ber.OID, error) {
	switch x := v.(type) {
	case ber.OID:
		return x, x.Validate()
	case string:
		o, err := ber.ParseOID(x)
		if err != nil {
			return nil, fmt.Errorf("%w: oid %q", fields.ErrBadValue, x)
		}
		return o, nil
	}
	return nil, fmt.Errorf("%w: oid from %T", fields.ErrBadValue, v)
}

func setSNMPVarbinds(s *SNMP, v any) error {
	switch x := v.(type) {
	case []SNMPVarbind:
		s.Varbinds = x
	case SNMPVarbind:
		s.Varbinds = []SNMPVarbind{x}
	case []string:
		s.Varbinds = s.Varbinds[:0]
		for _, t := range x {
			o, err := oidFrom(t)
			if err != nil {
				return err
			}
			s.Varbinds = append(s.Varbinds, SNMPVarbind{OID: o, Value: SNMPNull()})
		}
	default:
		return fmt.Errorf("%w: varbinds from %T (want []layers.SNMPVarbind or OIDs as []string)", fields.ErrBadValue, v)
	}
	return nil
}

func formatSNMPVarbinds(s *SNMP) string {
	parts := make([]string, len(s.Varbinds))
	for i, v := range s.Varbinds {
		parts[i] = "SNMPvarbind(oid=" + v.OID.String() + ", value=" + v.Value.String() + ")"
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonSNMPVarbinds(s *SNMP) any {
	out := make([]map[string]any, len(s.Varbinds))
	for i, v := range s.Varbinds {
		o := map[string]any{"oid": v.OID.String(), "tag": v.Value.Tag.String(), "value": fmt.Sprintf("%x", v.Value.Data)}
		switch v.Value.Tag {
		case ber.TagInteger:
			if x, ok := v.Value.Int(); ok {
				o["value"] = x
			}
		case ber.TagCounter32, ber.TagGauge32, ber.TagTimeTicks, ber.TagCounter64, ber.TagUInteger32:
			if x, ok := v.Value.Uint(); ok {
				o["value"] = x
			}
		case ber.TagOID, ber.TagIPAddress:
			o["value"] = v.Value.String()
		case ber.TagNull:
			o["value"] = nil
		}
		out[i] = o
	}
	return out
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: UDPType, Upper: SNMPType, Field: "dport", Value: SNMPPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: SNMPType, Field: "sport", Value: SNMPPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: SNMPType, Field: "dport", Value: SNMPTrapPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: SNMPType, Field: "sport", Value: SNMPTrapPort, DissectOnly: true},
	)
}
