package expr

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// TestScapyClassErrors: misused Scapy value classes (SNMP PDUs and
// varbinds, ASN.1 values, RADIUS attributes, Kerberos messages, ZCL
// records, NetFlow templates, CDP messages, 802.11 fields) give a
// *SyntaxError at the offending argument or class.
func TestScapyClassErrors(t *testing.T) {
	for _, c := range []struct {
		in           string
		at           string // the text the column points at (its first occurrence)
		layer, field string
		kind         error
		msg          string
	}{
		{"SNMP(PDU=SNMPget(id='x'))", "id=", "SNMP", "id", ErrBadValue, "not an integer"},
		{"SNMP(PDU=SNMPget(bogus=1))", "bogus", "SNMPget", "bogus", ErrNoField, `SNMPget has no field "bogus"`},
		{"SNMP(PDU=SNMPbulk(error=1))", "error", "SNMPbulk", "error", ErrNoField, "non_repeaters"},
		{"SNMP(PDU=SNMPvarbind())", "SNMPvarbind", "", "", ErrBadValue, "PDU takes SNMPget(...)"},
		{"SNMP(PDU=SNMPget(varbindlist=[SNMPvarbind(value=5)]))", "SNMPvarbind", "", "", ErrBadValue, "is no ASN.1 value"},
		{"SNMP(PDU=SNMPget(varbindlist=[5]))", "varbindlist", "SNMP", "varbindlist", ErrBadValue, "no SNMPvarbind"},
		{"SNMP(PDU=SNMPget(varbindlist=[SNMPvarbind(oid=ASN1_OID(5))]))", "5)", "", "", ErrBadValue, "ASN1_OID takes an OID"},
		{"SNMP(PDU=SNMPget(varbindlist=[SNMPvarbind(oid=ASN1_INTEGER(5))]))", "SNMPvarbind", "", "", ErrBadValue, "ASN1_INTEGER is no OID"},
		{"SNMP(PDU=SNMPget(varbindlist=[SNMPvarbind(value=ASN1_IPADDRESS('::1'))]))", "'::1'", "", "", ErrBadValue, "an IPv4 address"},
		{"SNMP(PDU=SNMPget(varbindlist=[SNMPvarbind(value=ASN1_STRING(1, 2))]))", "ASN1_STRING", "", "", ErrBadValue, "takes one value"},
		{"SNMP(id=3, PDU=SNMPget(id=4))", "id=3", "", "", ErrSyntax, "given both to SNMP and to its PDU"},
		{"SNMP(PDU=SNMPtrapv1(enterprise='x.y'))", "enterprise", "SNMP", "enterprise", ErrBadValue, "no OID"},
		{"Radius(attributes=[RadiusAttr_NAS_IP_Address(value='x')])", "RadiusAttr_NAS_IP_Address", "", "", ErrBadValue, "RadiusAttr_NAS_IP_Address"},
		{"Radius(attributes=[RadiusAttr_NAS_Port(value=b'x')])", "RadiusAttr_NAS_Port", "", "", ErrBadValue, "not an integer"},
		{"Radius(attributes=[RadiusAttr_User_Name(type=2)])", "type", "RadiusAttr_User_Name", "type", ErrNoField, "(fields: len, value)"},
		{"Radius(attributes=[5])", "attributes", "RADIUS", "attributes", ErrBadValue, "no RADIUS attribute"},
		{"Radius(attributes=[RadiusAttribute(type='Bogus-Type')])", "RadiusAttribute", "", "", ErrBadValue, "unknown name"},
		{"Kerberos(root=KRB_AS_REQ(reqBody=5))", "KRB_AS_REQ", "", "", ErrBadValue, "no KRB_KDC_REQ_BODY"},
		{"Kerberos(root=KRB_AS_REQ(padata=[PrincipalName()]))", "KRB_AS_REQ", "", "", ErrBadValue, "no PADATA"},
		{"Kerberos(root=KRB_AS_REQ(reqBody=KRB_KDC_REQ_BODY(till='yesterday')))", "KRB_KDC_REQ_BODY", "", "", ErrBadValue, "no KerberosTime"},
		{"Kerberos(root=KRB_AS_REQ(reqBody=KRB_KDC_REQ_BODY(kdcOptions='forwardable')))", "KRB_KDC_REQ_BODY", "", "", ErrBadValue, "KerberosFlags"},
		{"Kerberos(root=KRB_AS_REQ(reqBody=KRB_KDC_REQ_BODY(cname=5)))", "KRB_KDC_REQ_BODY", "", "", ErrBadValue, "no PrincipalName"},
		{"Kerberos(root=KRB_ERROR(stime='20240501100000Z'))", "KRB_ERROR", "", "", ErrBadValue, "needs an sname"},
		{"Kerberos(root=KRB_AP_REQ())", "KRB_AP_REQ", "", "", ErrBadValue, "root takes KRB_AS_REQ(...)"},
		{"Kerberos(root=KRB_AS_REQ(), nonce=1)", "nonce", "", "", ErrSyntax, "goes inside root"},
		{"ZigbeeClusterLibrary()/ZCLGeneralReportAttributes(attribute_reports=[ZCLAttributeReport(attribute_identifier='x')])", "ZCLAttributeReport", "", "", ErrBadValue, "not an integer"},
		{"ZigbeeClusterLibrary()/ZCLGeneralWriteAttributes(write_records=[1, 2])", "write_records", "ZCLGeneralWriteAttributes", "write_records", ErrBadValue, "no write attribute record"},
		{"ZigbeeClusterLibrary()/ZCLGeneralReadAttributesResponse(read_attribute_status_record=[ZCLReadAttributeStatusRecord(status='bogus')])", "ZCLReadAttributeStatusRecord", "", "", ErrBadValue, "unknown name"},
		{"ZCLWriteAttributeRecord(attribute_value=b'x')", "attribute_value", "ZCLWriteAttributeRecord", "attribute_value", ErrNoField, "attribute_data"},
		{"NetflowHeader()/NetflowHeaderV9()/NetflowFlowsetV9(templates=[NetflowTemplateV9(template_fields=[1])])", "NetflowTemplateV9", "", "", ErrBadValue, "no NetflowTemplateFieldV9"},
		{"NetflowHeader()/NetflowHeaderV9()/NetflowFlowsetV9(templates=[NetflowTemplateV9(template_fields=[NetflowTemplateFieldV9(fieldType=999)])])", "NetflowTemplateFieldV9", "", "", ErrBadValue, "give fieldLength"},
		{"NetflowHeader()/NetflowHeaderV9()/NetflowFlowsetV9(templates=[NetflowTemplateV9(fieldCount=2, template_fields=[NetflowTemplateFieldV9(fieldType=8)])])", "NetflowTemplateV9", "", "", ErrBadValue, "fieldCount 2"},
		{"NetflowHeader()/NetflowHeaderV9()/NetflowFlowsetV9(templates=b'x')", "templates", "NetflowFlowsetV9", "templates", ErrBadValue, "NetflowTemplateV9(...) values"},
		{"NetflowHeader()/NetflowHeaderV9()/NetflowDataflowsetV9(templateID=256, records=[b'x'])", "records", "NetflowDataflowsetV9", "records", ErrBadValue, "no NetflowRecordV9"},
		{"NetflowHeader()/NetflowHeaderV9()/NetflowDataflowsetV9(templateID=256, records=[NetflowRecordV9(fieldValue=b'x')], data=b'y')", "NetflowDataflowsetV9", "", "", ErrBadValue, "records and data"},
		{"NetflowHeader()/NetflowHeaderV9()/NetflowDataflowsetV9(records=[NetflowRecordV9(fieldValue=b'x')])", "NetflowDataflowsetV9", "", "", ErrBadValue, "templateID=256 or more"},
		{"NetflowHeader()/NetflowHeaderV9()/NetflowDataflowsetV9(templateID=[256, 1], records=[NetflowRecordV9(fieldValue=b'x')])", "NetflowDataflowsetV9", "", "", ErrBadValue, "templateID=256 or more"},
		{"CDPv2_HDR(msg=[CDPAddrRecordIPv4()])", "msg", "CDPv2_HDR", "msg", ErrBadValue, "no CDP message"},
		{"CDPv2_HDR(msg=[CDPMsgAddr(addr=[CDPMsgDeviceID()])])", "CDPMsgAddr", "", "", ErrBadValue, "no CDPAddrRecordIPv4"},
		{"CDPv2_HDR(msg=[CDPMsgCapabilities(cap='Flying')])", "CDPMsgCapabilities", "", "", ErrBadValue, "unknown capabilities"},
		{"RadioTap(present='VHT', mcs_nss=b'12345', VHT_coding=1)", "VHT_coding", "", "", ErrSyntax, "last byte of the 5-byte mcs_nss"},
		{"RadioTap(present='VHT', mcs_nss=b'123')", "mcs_nss", "RadioTap", "mcs_nss", ErrBadValue, "mcs_nss"},
		{"Dot11EltHTCapabilities(RX_MSC_Bitmask='x')", "RX_MSC_Bitmask", "Dot11EltHTCapabilities", "RX_MSC_Bitmask", ErrBadValue, "want 10 bytes"},
		{"Dot11EltHTCapabilities(RX_MSC_Bitmask=-1)", "RX_MSC_Bitmask", "Dot11EltHTCapabilities", "RX_MSC_Bitmask", ErrBadValue, "takes an integer"},
		{"Dot11EltCountry(descriptors=[1])", "descriptors", "Dot11EltCountry", "descriptors", ErrBadValue, "no Dot11EltCountryConstraintTriplet"},
	} {
		_, err := Parse(c.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: %T %v", c.in, err, err)
			continue
		}
		col := strings.Index(c.in, c.at) + 1
		if se.Col != col || se.Layer != c.layer || se.Field != c.field || !errors.Is(err, c.kind) || !strings.Contains(se.Msg, c.msg) {
			t.Errorf("%q: col %d layer %q field %q kind ok %v: %q\nwant col %d layer %q field %q %v %q",
				c.in, se.Col, se.Layer, se.Field, errors.Is(err, c.kind), se.Msg, col, c.layer, c.field, c.kind, c.msg)
		}
	}
}

func buildOne(t *testing.T, s string) (*packet.Packet, []byte) {
	t.Helper()
	tpl, err := Parse(s)
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	p, err := tpl.First()
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	b, err := p.Build()
	if err != nil {
		t.Fatalf("%s: build: %v", s, err)
	}
	again, err := Parse(tpl.String())
	if err != nil {
		t.Fatalf("%s: String %s: %v", s, tpl.String(), err)
	}
	if q, err := again.First(); err != nil {
		t.Fatalf("%s: String %s: %v", s, tpl.String(), err)
	} else if b2, err := q.Build(); err != nil || string(b2) != string(b) {
		t.Fatalf("%s: String %s builds %x, %v; want %x", s, tpl.String(), b2, err, b)
	}
	return p, b
}

// TestScapyClassValues checks values the golden corpus does not cover
// against hand-derived encodings.
func TestScapyClassValues(t *testing.T) {
	// BER integers as Scapy's codec writes them (X.690 two's complement;
	// Scapy adds a 0xff byte before negative values of the form -128·256^k)
	for _, c := range []struct {
		v    int64
		want string
	}{{0, "00"}, {127, "7f"}, {128, "0080"}, {255, "00ff"}, {256, "0100"}, {-1, "ff"}, {-127, "81"},
		{-128, "ff80"}, {-129, "ff7f"}, {32768, "008000"}, {4000000000, "00ee6b2800"}} {
		if got := string(hexOf(scapyBERInt(c.v))); got != c.want {
			t.Errorf("scapyBERInt(%d) = %s, want %s", c.v, got, c.want)
		}
	}
	// every ASN.1 value class in a varbind, against the bytes of Scapy's
	// SNMPvarbind(oid='1.3', value=...) (printed by /usr/bin/python3
	// with scapy.all)
	for _, c := range []struct{ in, scapy string }{
		{`ASN1_INTEGER(-128)`, "300706012b0202ff80"},
		{`ASN1_INTEGER(-32768)`, "300806012b0203ff8000"},
		{`ASN1_INTEGER(0)`, "300606012b020100"},
		{`ASN1_BOOLEAN(True)`, "300606012b010101"},
		{`ASN1_BIT_STRING('101')`, "300706012b030205a0"},
		{`ASN1_BIT_STRING('')`, "300606012b030100"},
		{`ASN1_NULL(0)`, "300506012b0500"},
		{`ASN1_UTF8_STRING('\xe9')`, "300706012b0c02c3a9"},
		{`ASN1_ISO646_STRING(b'x')`, "300606012b1a0178"},
		{`ASN1_UTC_TIME('240501100000Z')`, "301206012b170d3234303530313130303030305a"},
		{`ASN1_ENUMERATED(3)`, "300606012b0a0103"},
		{`ASN1_GAUGE32(4294967295)`, "300a06012b420500ffffffff"},
		{`ASN1_COUNTER32(128)`, "300706012b41020080"},
		{`ASN1_IPADDRESS('1.2.3.4')`, "300906012b400401020304"},
		{`ASN1_OID('1.3.6.1.4.1.8072')`, "300c06012b06072b06010401bf08"},
		{`ASN1_STRING(b'')`, "300506012b0400"},
		{`ASN1_TIME_TICKS(0)`, "300606012b430100"},
		{`ASN1_PRINTABLE_STRING('ab')`, "300706012b13026162"},
		{`ASN1_IA5_STRING('a')`, "300606012b160161"},
		{`ASN1_GENERALIZED_TIME('20240501100000Z')`, "301406012b180f32303234303530313130303030305a"},
		{`ASN1_T61_STRING(b't')`, "300606012b140174"},
		{`ASN1_NUMERIC_STRING('12')`, "300706012b12023132"},
		{`ASN1_VIDEOTEX_STRING(b'v')`, "300606012b150176"},
		{`ASN1_UNIVERSAL_STRING(b'u')`, "300606012b1c0175"},
		{`ASN1_BMP_STRING(b'\x00b')`, "300706012b1e020062"},
		{`ASN1_GENERAL_STRING(b'g')`, "300606012b1b0167"},
	} {
		_, b := buildOne(t, "SNMP(PDU=SNMPget(varbindlist=[SNMPvarbind(oid='1.3', value="+c.in+")]))")
		if !strings.HasSuffix(hexOf(b), c.scapy) {
			t.Errorf("%s: %x, want the varbind %s", c.in, b, c.scapy)
		}
	}
	if got := string(hexOf(scapyBERUint(1 << 63))); got != "008000000000000000" {
		t.Errorf("scapyBERUint(1<<63) = %s", got)
	}
	// SNMP varbinds: an OID given as text is a NULL-valued binding;
	// Counter64 beyond int64, a bit string padded to whole bytes
	p, _ := buildOne(t, "SNMP(PDU=SNMPget(varbindlist=['1.3.6.1', SNMPvarbind(oid='1.3', value=ASN1_COUNTER64(18446744073709551615)), SNMPvarbind(value=ASN1_BIT_STRING('101'))]))")
	s := p.Layer(0).(*layers.SNMP)
	if len(s.Varbinds) != 3 || s.Varbinds[0].Value.Tag != layers.SNMPNull().Tag || s.Varbinds[0].OID.String() != "1.3.6.1" ||
		hexOf(s.Varbinds[1].Value.Data) != "00ffffffffffffffff" || hexOf(s.Varbinds[2].Value.Data) != "05a0" {
		t.Errorf("varbinds %+v", s.Varbinds)
	}
	// SNMPtrapv1 without enterprise: Scapy's 1.3
	p, _ = buildOne(t, "SNMP(PDU=SNMPtrapv1(time_stamp=1))")
	if s := p.Layer(0).(*layers.SNMP); s.Enterprise.String() != "1.3" || s.PDUType != layers.SNMPTrapV1 {
		t.Errorf("trap: enterprise %s pdu %d", s.Enterprise, s.PDUType)
	}
	// RADIUS: a vendor attribute's lengths (RFC 2865 section 5.26), an
	// integer attribute, a short Message-Authenticator padded to 16 bytes
	p, _ = buildOne(t, "Radius(attributes=[RadiusAttr_Vendor_Specific(vendor_id=9, vendor_type=1, value=b'ab'), RadiusAttr_Session_Timeout(value=300), RadiusAttr_Message_Authenticator(value=b'\\x01')])")
	r := p.Layer(0).(*layers.Radius)
	if len(r.Attributes) != 3 || hexOf(r.Attributes[0].Value) != "0000000901046162" || r.Attributes[1].Type != 27 ||
		hexOf(r.Attributes[1].Value) != "0000012c" || hexOf(r.Attributes[2].Value) != "01000000000000000000000000000000" {
		t.Errorf("radius attributes %+v", r.Attributes)
	}
	// Kerberos: Scapy's "now" for the times it fills
	before := time.Now().UTC().Add(-time.Second)
	p, _ = buildOne(t, "Kerberos(root=KRB_AS_REQ(reqBody=KRB_KDC_REQ_BODY(realm='X', etype=[18, ASN1_INTEGER(17)])))")
	k := p.Layer(0).(*layers.Kerberos)
	till, err := k.TillTime()
	if err != nil || till.Before(before.Truncate(time.Second)) || till.After(time.Now().Add(time.Second)) {
		t.Errorf("till %v %v", till, err)
	}
	if len(k.ETypes) != 2 || k.ETypes[1] != 17 || !k.HasAddresses || !k.HasPAData || string(k.Realm) != "X" {
		t.Errorf("kerberos %+v", k)
	}
	// NetFlow: a data set is padded to 4 bytes when its length is computed
	_, b := buildOne(t, "NetflowDataflowsetV9(templateID=300, records=[NetflowRecordV9(fieldValue=b'abcde')])")
	if hexOf(b) != "012c000c6162636465000000" { // Scapy's bytes
		t.Errorf("data set %x", b)
	}
	// aliases and other cases of a protocol's name keep its Scapy class
	for _, e := range []string{"snmp(PDU=SNMPnext(id=5))", "KRB5(root=KRB_ERROR(stime='20240501100000Z', sname=PrincipalName(nameType=2, nameString=[b'krbtgt'])))"} {
		buildOne(t, e)
	}
	if p, _ := buildOne(t, "snmp(PDU=SNMPnext(id=5))"); p.Layer(0).(*layers.SNMP).PDUType != layers.SNMPGetNextRequest {
		t.Errorf("snmp(PDU=SNMPnext()): PDU %d", p.Layer(0).(*layers.SNMP).PDUType)
	}
	// an enterprise field in a template, as Scapy writes it
	_, b = buildOne(t, "NetflowFlowsetV9(templates=[NetflowTemplateV9(templateID=256, template_fields=[NetflowTemplateFieldV9(enterpriseBit=1, fieldType=5, fieldLength=4, enterpriseNumber=9), NetflowTemplateFieldV9(fieldType=8)])])")
	if hexOf(b) != "0000001401000002800500040000000900080004" { // Scapy's bytes
		t.Errorf("template set %x", b)
	}
	// an 802.11 element's info given as a set still expands
	tpl, err := Parse("Dot11Elt(ID='SSID', info=['a', 'b'])")
	if err != nil || tpl.Count() != 2 {
		t.Errorf("info set: %v", err)
	}
}

func hexOf(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}
