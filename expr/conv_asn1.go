package expr

import (
	"fmt"
	"math"
	"net/netip"
	"strings"

	"github.com/goscapy/goscapy/ber"
	"github.com/goscapy/goscapy/layers"
)

// Scapy's ASN.1 value classes (ASN1_INTEGER(5), ASN1_OID('1.3.6.1'),
// ASN1_STRING(b'x'), ...) and the SNMP classes written with them
// (SNMP(PDU=SNMPget(varbindlist=[SNMPvarbind(oid=ASN1_OID(...))]))).

// asn1Val is an ASN.1 value: its tag and content octets as Scapy's BER
// codec writes them.
type asn1Val struct {
	class string // Scapy's class name, for messages
	tag   ber.Tag
	data  []byte
	num   int64 // integers (and booleans): the value
	isInt bool
}

func (v asn1Val) String() string { return v.class + "(...)" }

// scapyBERInt is the content of a BER INTEGER as Scapy's
// BERcodec_INTEGER.enc writes it: two's complement, one byte more than the
// minimum for negative values of the form -128·256^k.
func scapyBERInt(i int64) []byte {
	var ls []byte
	for {
		ls = append(ls, byte(i))
		if i >= -127 && i < 0 {
			break
		}
		if i >= 128 && i <= 255 {
			ls = append(ls, 0)
		}
		i >>= 8
		if i == 0 {
			break
		}
	}
	for a, b := 0, len(ls)-1; a < b; a, b = a+1, b-1 {
		ls[a], ls[b] = ls[b], ls[a]
	}
	return ls
}

// scapyBERUint writes an unsigned value that may exceed int64
// (Counter64).
func scapyBERUint(u uint64) []byte {
	if u <= math.MaxInt64 {
		return scapyBERInt(int64(u))
	}
	out := []byte{0}
	for s := 56; s >= 0; s -= 8 {
		out = append(out, byte(u>>uint(s)))
	}
	return out
}

// asn1Kinds are the ASN.1 value classes: how each makes its content.
var asn1Kinds = map[string]struct {
	tag  ber.Tag
	kind string // "int", "uint", "bytes", "oid", "ip", "null", "bool", "bits", "time"
}{
	"ASN1_INTEGER":          {ber.TagInteger, "int"},
	"ASN1_ENUMERATED":       {ber.TagEnumerated, "int"},
	"ASN1_BOOLEAN":          {ber.TagBoolean, "bool"},
	"ASN1_NULL":             {ber.TagNull, "null"},
	"ASN1_OID":              {ber.TagOID, "oid"},
	"ASN1_STRING":           {ber.TagOctetString, "bytes"},
	"ASN1_UTF8_STRING":      {ber.TagUTF8String, "bytes"},
	"ASN1_NUMERIC_STRING":   {ber.TagNumericString, "bytes"},
	"ASN1_PRINTABLE_STRING": {ber.TagPrintableString, "bytes"},
	"ASN1_T61_STRING":       {ber.TagT61String, "bytes"},
	"ASN1_VIDEOTEX_STRING":  {ber.Universal(21), "bytes"},
	"ASN1_IA5_STRING":       {ber.TagIA5String, "bytes"},
	"ASN1_ISO646_STRING":    {ber.TagVisibleString, "bytes"},
	"ASN1_GENERAL_STRING":   {ber.TagGeneralString, "bytes"},
	"ASN1_UNIVERSAL_STRING": {ber.TagUniversalString, "bytes"},
	"ASN1_BMP_STRING":       {ber.TagBMPString, "bytes"},
	"ASN1_UTC_TIME":         {ber.TagUTCTime, "time"},
	"ASN1_GENERALIZED_TIME": {ber.TagGeneralizedTime, "time"},
	"ASN1_BIT_STRING":       {ber.TagBitString, "bits"},
	"ASN1_IPADDRESS":        {ber.TagIPAddress, "ip"},
	"ASN1_COUNTER32":        {ber.TagCounter32, "uint"},
	"ASN1_GAUGE32":          {ber.TagGauge32, "uint"},
	"ASN1_TIME_TICKS":       {ber.TagTimeTicks, "uint"},
	// SNMP's Counter64 and UInteger32, which Scapy 2.5 has no class for
	"ASN1_COUNTER64":  {ber.TagCounter64, "uint"},
	"ASN1_UINTEGER32": {ber.TagUInteger32, "uint"},
}

// asn1Object makes the value of ASN.1 class name from its one argument.
func asn1Object(name string) func(c *compiler, call *callExpr) (any, error) {
	k := asn1Kinds[name]
	return func(c *compiler, call *callExpr) (any, error) {
		if len(call.args) > 1 || len(call.args) == 1 && call.args[0].name != "" && call.args[0].name != "val" {
			return nil, c.errAt(call.start, ErrBadValue, "%s takes one value", name)
		}
		var v any
		at := call.start
		if len(call.args) == 1 {
			var err error
			if v, err = c.constant(call.args[0].val); err != nil {
				return nil, err
			}
			at = call.args[0].at
		}
		out := asn1Val{class: name, tag: k.tag}
		bad := func(want string) error {
			return c.errAt(at, ErrBadValue, "%s takes %s, not %s", name, want, pyRepr(v))
		}
		switch k.kind {
		case "int", "bool":
			if v == nil {
				v = int64(0)
			}
			n, ok := pyInt(v)
			if !ok {
				return nil, bad("an integer")
			}
			out.data, out.num, out.isInt = scapyBERInt(n), n, true
		case "uint":
			if v == nil {
				v = int64(0)
			}
			if u, ok := v.(uint64); ok {
				out.data = scapyBERUint(u)
				break
			}
			n, ok := pyInt(v)
			if !ok {
				return nil, bad("an integer")
			}
			out.data, out.num, out.isInt = scapyBERInt(n), n, true
		case "null":
			if v != nil {
				if n, ok := pyInt(v); !ok || n != 0 {
					return nil, bad("0")
				}
			}
		case "oid":
			s, ok := pyText(v)
			if !ok {
				return nil, bad("an OID in dotted text ('1.3.6.1')")
			}
			o, err := ber.ParseOID(strings.TrimSpace(s))
			if err != nil {
				return nil, bad("an OID in dotted text ('1.3.6.1')")
			}
			out.data = o
		case "ip":
			s, ok := pyText(v)
			a, err := netip.ParseAddr(strings.TrimSpace(s))
			if !ok || err != nil || !a.Unmap().Is4() {
				return nil, bad("an IPv4 address")
			}
			b := a.Unmap().As4()
			out.data = b[:]
		case "bits":
			s, ok := pyText(v)
			if b, isB := v.([]byte); isB {
				s, ok = string(b), true
			}
			if !ok || strings.Trim(s, "01") != "" {
				return nil, bad("a string of '0' and '1' characters")
			}
			// Scapy pads the bits with zeros to whole bytes
			unused := (8 - len(s)%8) % 8
			s += strings.Repeat("0", unused)
			out.data = []byte{byte(unused)}
			for i := 0; i < len(s); i += 8 {
				var x byte
				for _, ch := range s[i : i+8] {
					x = x<<1 | byte(ch-'0')
				}
				out.data = append(out.data, x)
			}
		default: // bytes, time
			if v == nil {
				v = []byte{}
			}
			b, ok := pyBytesOf(v)
			if _, isPkt := v.(*packetVal); !ok || isPkt {
				return nil, bad("a string")
			}
			out.data = b
		}
		return out, nil
	}
}

// asn1OID reads an OID given as text or ASN1_OID(...).
func asn1OID(v any) (ber.OID, error) {
	if a, ok := v.(asn1Val); ok {
		if a.tag != ber.TagOID {
			return nil, fmt.Errorf("%w: %s is no OID", ErrBadValue, a.class)
		}
		return ber.OID(a.data), nil
	}
	s, ok := pyText(v)
	if !ok {
		return nil, fmt.Errorf("%w: %s is no OID (ASN1_OID('1.3.6.1') or '1.3.6.1')", ErrBadValue, pyRepr(v))
	}
	o, err := ber.ParseOID(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("%w: %s is no OID", ErrBadValue, pyRepr(v))
	}
	return o, nil
}

// snmpPDUs are Scapy's SNMP PDU classes: the PDU type and the fields
// each takes (all are fields of goscapy's SNMP layer).
var snmpPDUs = map[string]struct {
	typ    uint8
	fields []string
}{
	"SNMPget":      {layers.SNMPGetRequest, []string{"id", "error", "error_index", "varbindlist"}},
	"SNMPnext":     {layers.SNMPGetNextRequest, []string{"id", "error", "error_index", "varbindlist"}},
	"SNMPresponse": {layers.SNMPResponse, []string{"id", "error", "error_index", "varbindlist"}},
	"SNMPset":      {layers.SNMPSetRequest, []string{"id", "error", "error_index", "varbindlist"}},
	"SNMPtrapv1": {layers.SNMPTrapV1, []string{"enterprise", "agent_addr", "generic_trap", "specific_trap",
		"time_stamp", "varbindlist"}},
	"SNMPbulk":   {layers.SNMPGetBulkRequest, []string{"id", "non_repeaters", "max_repetitions", "varbindlist"}},
	"SNMPinform": {layers.SNMPInformRequest, []string{"id", "error", "error_index", "varbindlist"}},
	"SNMPtrapv2": {layers.SNMPTrapV2, []string{"id", "error", "error_index", "varbindlist"}},
	"SNMPreport": {layers.SNMPReport, []string{"id", "error", "error_index", "varbindlist"}},
}

// snmpPDUKwarg takes SNMP(PDU=SNMPget(...)): the PDU type and the PDU's
// fields, which goscapy's SNMP layer holds.
func snmpPDUKwarg(c *compiler, l *layerT, n string, a arg) ([]*assign, bool, error) {
	if n != "PDU" {
		return nil, false, nil
	}
	call, ok := a.val.(*callExpr)
	if !ok || !call.parens {
		return nil, false, nil // PDU=0, PDU='SNMPnext': the field's own values
	}
	pdu, ok := snmpPDUs[call.name]
	if !ok {
		return nil, true, c.errAt(call.start, ErrBadValue, "SNMP(PDU=%s(...)): PDU takes SNMPget(...), SNMPnext(...), SNMPresponse(...), SNMPset(...), SNMPtrapv1(...), SNMPbulk(...), SNMPinform(...), SNMPtrapv2(...) or SNMPreport(...)", call.name)
	}
	order := func(f string) int {
		for i := range l.proto.Fields {
			if l.proto.Fields[i].Name == f {
				return i
			}
		}
		return 0
	}
	out := []*assign{{name: "PDU", field: l.proto.Field("PDU"), gen: constGen{pdu.typ}, dim: -1, at: a.at, order: order("PDU")}}
	l.presets = append(l.presets, preset{"PDU", pdu.typ})
	given := map[string]bool{}
	for _, x := range call.args {
		if x.name == "" {
			return nil, true, c.errAt(x.at, ErrSyntax, "%s: value %s has no field name (fields: %s)", call.name, x.written, strings.Join(pdu.fields, ", "))
		}
		known := false
		for _, f := range pdu.fields {
			known = known || f == x.name
		}
		if !known {
			return nil, true, &SyntaxError{Col: column(c.src, x.at), Layer: call.name, Field: x.name, Err: ErrNoField,
				Msg: fmt.Sprintf("%s has no field %q (fields: %s)", call.name, x.name, strings.Join(pdu.fields, ", "))}
		}
		if given[x.name] {
			return nil, true, c.errAt(x.at, ErrSyntax, "%s: field %s given twice", call.name, x.name)
		}
		given[x.name] = true
		f := l.proto.Field(x.name)
		g, err := c.fieldGen(l, f, x)
		if err != nil {
			return nil, true, err
		}
		out = append(out, &assign{name: x.name, field: f, gen: g, dim: -1, at: x.at, order: order(x.name)})
	}
	if pdu.typ == layers.SNMPTrapV1 && !given["enterprise"] {
		// Scapy's SNMPtrapv1 enterprise is 1.3
		out = append(out, &assign{name: "enterprise", field: l.proto.Field("enterprise"), gen: constGen{ber.MustParseOID("1.3")},
			dim: -1, at: a.at, order: order("enterprise")})
	}
	sortAssigns(out)
	if l.pending == nil {
		l.pending = map[string]any{}
	}
	l.pending["PDU"] = given
	l.extra = append(l.extra, "PDU="+c.srcRepr(a.val))
	return out, true, nil
}

func init() {
	for name := range asn1Kinds {
		addObject(name, asn1Object(name))
	}
	addObject("SNMPvarbind", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "oid", "value")
		if err != nil {
			return nil, err
		}
		vb := layers.SNMPVarbind{OID: ber.MustParseOID("1.3"), Value: layers.SNMPNull()}
		if v, ok := k.m["oid"]; ok && v != nil {
			if vb.OID, err = asn1OID(v); err != nil {
				return nil, fmt.Errorf("field oid: %w", err)
			}
		}
		if v, ok := k.m["value"]; ok && v != nil {
			a, ok := v.(asn1Val)
			if !ok {
				return nil, fmt.Errorf("field value: %w: %s is no ASN.1 value (ASN1_INTEGER(5), ASN1_STRING(b'x'), ...)", ErrBadValue, pyRepr(v))
			}
			vb.Value = layers.SNMPValue{Tag: a.tag, Data: a.data}
		}
		return vb, nil
	})
	addClass(&class{name: "SNMP", proto: "SNMP", kwarg: snmpPDUKwarg,
		finish: func(c *compiler, l *layerT) error {
			given, _ := l.pending["PDU"].(map[string]bool)
			for _, as := range l.assigns {
				if given[as.name] || as.name == "PDU" && given != nil {
					return c.errAt(as.at, ErrSyntax, "SNMP: field %s is given both to SNMP and to its PDU", as.name)
				}
			}
			return nil
		}})
	addConverter("SNMP", "varbindlist", func(c *compiler, n node) (any, error) {
		v, err := c.listFieldValue(n)
		if err != nil {
			return nil, err
		}
		out := []layers.SNMPVarbind{}
		for _, e := range pyList(v) {
			if vb, ok := e.(layers.SNMPVarbind); ok {
				out = append(out, vb)
				continue
			}
			o, err := asn1OID(e)
			if err != nil {
				return nil, fmt.Errorf("%w: %s is no SNMPvarbind(...) or OID", ErrBadValue, pyRepr(e))
			}
			out = append(out, layers.SNMPVarbind{OID: o, Value: layers.SNMPNull()})
		}
		return out, nil
	})
	addConverter("SNMP", "enterprise", func(c *compiler, n node) (any, error) {
		v, err := c.constant(n)
		if err != nil {
			return nil, err
		}
		return asn1OID(plainValue(v))
	})
}
