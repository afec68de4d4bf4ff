package layers

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/ber"
	"github.com/goscapy/goscapy/packet"
)

// p6rFrame is a row of testdata/p6r_frames.txt: a corpus frame TShark
// dissects as SNMP, RADIUS, LDAP, Kerberos, QUIC or CDP, with the values
// tshark gives for it (testdata/p6r_frames_gen.py wrote the file; values of
// one field are joined with "|").
type p6rFrame = apps1Frame

func loadP6RFrames(t testing.TB) []p6rFrame {
	return loadTsharkFrames(t, "testdata/p6r_frames.txt")
}

// p6rFrameOf returns one frame of the file.
func p6rFrameOf(t testing.TB, proto, file, n string) []byte {
	t.Helper()
	for _, f := range loadP6RFrames(t) {
		if f.proto == proto && f.file == file && f.n == n {
			return f.frame
		}
	}
	t.Fatalf("no %s frame %s#%s", proto, file, n)
	return nil
}

// p6rVals collects values in tshark's order.
type p6rVals map[string][]string

func (v p6rVals) add(k string, vals ...any) {
	for _, x := range vals {
		v[k] = append(v[k], fmt.Sprint(x))
	}
}

// str adds a string value as tshark prints it: nothing when empty.
func (v p6rVals) str(k string, s []byte) {
	if len(s) > 0 {
		v.add(k, string(s))
	}
}

// octets adds a byte string as tshark prints it: hex, "<MISSING>" when
// empty.
func (v p6rVals) octets(k string, b []byte) {
	if len(b) == 0 {
		v.add(k, "<MISSING>")
		return
	}
	v.add(k, hex.EncodeToString(b))
}

func (v p6rVals) joined() map[string]string {
	m := make(map[string]string, len(v))
	for k, l := range v {
		m[k] = strings.Join(l, "|")
	}
	return m
}

func p6rTsharkTime(b []byte) string {
	t, err := ber.ParseGeneralizedTime(b)
	if err != nil {
		return "bad time"
	}
	return t.UTC().Format("Jan _2, 2006 15:04:05.000000000 UTC")
}

func snmpTsharkFields(v p6rVals, s *SNMP) {
	if s.Version == SNMPv3 {
		v.add("snmp.msgVersion", s.Version)
		v.add("snmp.msgID", s.MsgID)
		v.add("snmp.msgMaxSize", s.MsgMaxSize)
		v.octets("snmp.msgFlags", s.MsgFlags)
		v.add("snmp.msgSecurityModel", s.MsgSecurityModel)
		if s.HasUSM {
			v.octets("snmp.msgAuthoritativeEngineID", s.USM.EngineID)
			v.add("snmp.msgAuthoritativeEngineBoots", s.USM.EngineBoots)
			v.add("snmp.msgAuthoritativeEngineTime", s.USM.EngineTime)
			v.str("snmp.msgUserName", s.USM.UserName)
			v.octets("snmp.msgAuthenticationParameters", s.USM.AuthParams)
			v.octets("snmp.msgPrivacyParameters", s.USM.PrivParams)
		}
		if s.Encrypted {
			v.octets("snmp.encryptedPDU", s.EncryptedPDU)
			return
		}
		v.octets("snmp.contextEngineID", s.ContextEngineID)
		v.str("snmp.contextName", s.ContextName)
	} else {
		v.add("snmp.version", s.Version)
		v.str("snmp.community", s.Community)
	}
	v.add("snmp.data", s.PDUType)
	switch s.PDUType {
	case SNMPTrapV1:
		v.add("snmp.enterprise", s.Enterprise)
		v.add("snmp.agent_addr", s.AgentAddr)
		v.add("snmp.generic_trap", s.GenericTrap)
		v.add("snmp.specific_trap", s.SpecificTrap)
		v.add("snmp.time_stamp", s.TimeStamp)
	case SNMPGetBulkRequest:
		v.add("snmp.request_id", s.RequestID)
		v.add("snmp.non_repeaters", s.ErrorStatus)
		v.add("snmp.max_repetitions", s.ErrorIndex)
	default:
		v.add("snmp.request_id", s.RequestID)
		v.add("snmp.error_status", s.ErrorStatus)
		v.add("snmp.error_index", s.ErrorIndex)
	}
	for _, vb := range s.Varbinds {
		v.add("snmp.name", vb.OID)
		val := vb.Value
		switch val.Tag {
		case ber.TagInteger:
			x, _ := val.Int()
			v.add("snmp.value.int", x)
		case ber.TagOctetString:
			v.octets("snmp.value.octets", val.Data)
		case ber.TagOID:
			v.add("snmp.value.oid", ber.OID(val.Data))
		case ber.TagIPAddress:
			a, _ := val.IP()
			v.add("snmp.value.ipv4", a)
		case ber.TagCounter32:
			x, _ := val.Uint()
			v.add("snmp.value.counter", x)
		case ber.TagGauge32:
			x, _ := val.Uint()
			v.add("snmp.value.g32", x)
		case ber.TagTimeTicks:
			x, _ := val.Uint()
			v.add("snmp.value.timeticks", x)
		}
	}
}

func radiusTsharkFields(v p6rVals, r *Radius) {
	v.add("radius.code", r.Code)
	v.add("radius.id", r.ID)
	v.add("radius.length", r.Len.Value)
	v.add("radius.authenticator", hex.EncodeToString(r.Authenticator[:]))
	for _, a := range r.Attributes {
		v.add("radius.avp.type", a.Type)
		v.add("radius.avp.length", a.Len)
		switch a.Type {
		case RadiusAttrVendorSpecific:
			if vendor, _, ok := a.VendorSpecific(); ok {
				v.add("radius.avp.vendor_id", vendor)
			}
		case RadiusAttrUserName:
			v.str("radius.User_Name", a.Value)
		case RadiusAttrNASIPAddress:
			if ad, ok := a.Addr(); ok {
				v.add("radius.NAS_IP_Address", ad)
			}
		case RadiusAttrMessageAuthenticator:
			v.add("radius.Message_Authenticator", hex.EncodeToString(a.Value))
		}
	}
}

// ldapFilterFields adds the fields tshark shows for the items of a filter.
func ldapFilterFields(v p6rVals, t ber.TLV, depth int) {
	if depth > ldapMaxFilterDepth {
		return
	}
	n := t.Tag.Number()
	r := t.Reader()
	switch {
	case n <= 2:
		for r.More() {
			c, err := r.Next()
			if err != nil {
				return
			}
			ldapFilterFields(v, c, depth+1)
		}
	case n == 3 || n == 5 || n == 6 || n == 8:
		a, _ := r.ReadBytes(ber.TagOctetString)
		val, _ := r.ReadBytes(ber.TagOctetString)
		v.str("ldap.attributeDesc", a)
		v.str("ldap.assertionValue", val)
	case n == 4:
		a, _ := r.ReadBytes(ber.TagOctetString)
		v.str("ldap.type", a)
	case n == 9:
		for r.More() {
			e, err := r.Next()
			if err != nil {
				return
			}
			if e.Tag == ber.Context(2) {
				v.str("ldap.type", e.Value)
			}
		}
	}
}

func ldapTsharkFields(v p6rVals, l *LDAP) {
	v.add("ldap.messageID", l.MessageID)
	v.add("ldap.protocolOp", l.Op)
	result := func() {
		v.add("ldap.resultCode", l.ResultCode)
		v.str("ldap.matchedDN", l.MatchedDN)
		v.str("ldap.errorMessage", l.DiagnosticMessage)
	}
	attrs := func() {
		for _, a := range l.Attributes {
			v.str("ldap.type", a.Type)
		}
	}
	switch l.Op {
	case LDAPBindRequest:
		v.add("ldap.version", l.Version)
		v.str("ldap.name", l.DN)
		if l.AuthTag == LDAPAuthSASL {
			v.str("ldap.mechanism", l.SASLMechanism)
		} else if l.AuthTag == LDAPAuthSimple {
			v.str("ldap.simple", l.AuthData)
		}
	case LDAPSearchRequest:
		v.str("ldap.baseObject", l.DN)
		v.add("ldap.scope", l.Scope)
		v.add("ldap.derefAliases", l.DerefAliases)
		v.add("ldap.sizeLimit", l.SizeLimit)
		v.add("ldap.timeLimit", l.TimeLimit)
		v.add("ldap.typesOnly", map[bool]int{false: 0, true: 1}[l.TypesOnly])
		r := ber.NewReader(l.Filter)
		if f, err := r.Next(); err == nil {
			ldapFilterFields(v, f, 0)
		}
		v.add("ldap.filter_text", l.FilterString())
	case LDAPSearchResultEntry:
		v.str("ldap.objectName", l.DN)
		attrs()
	case LDAPAddRequest:
		v.str("ldap.entry", l.DN)
		attrs()
	case LDAPModifyRequest:
		v.str("ldap.object", l.DN)
		for _, c := range l.Changes {
			v.add("ldap.operation", c.Operation)
			v.str("ldap.type", c.Attribute.Type)
		}
	case LDAPModifyDNRequest:
		v.str("ldap.entry", l.DN)
		v.str("ldap.newrdn", l.NewRDN)
		v.add("ldap.deleteoldrdn", map[bool]int{false: 0, true: 1}[l.DeleteOldRDN])
	case LDAPCompareRequest:
		v.str("ldap.entry", l.DN)
		v.str("ldap.attributeDesc", l.AssertionType)
		v.str("ldap.assertionValue", l.AssertionValue)
	case LDAPAbandonRequest:
		v.add("ldap.abandonRequest", l.AbandonID)
	case LDAPExtendedRequest:
		v.str("ldap.requestName", l.RequestName)
	default:
		if ldapIsResult(l.Op) {
			result()
			if l.Op == LDAPExtendedResponse && l.ResponseName.Valid {
				v.str("ldap.responseName", l.ResponseName.Value)
			}
		}
	}
	for _, c := range l.Controls {
		v.str("ldap.controlType", c.Type)
	}
}

func krbPrincipalTshark(v p6rVals, key string, p KerberosPrincipal) {
	v.add("kerberos.name_type", p.NameType)
	for _, n := range p.Names {
		v.add(key, string(n))
	}
}

func kerberosTsharkFields(v p6rVals, k *Kerberos) {
	if !krbKnown(k) {
		return
	}
	v.add("kerberos.pvno", k.Pvno)
	v.add("kerberos.msg_type", k.MsgType)
	for _, p := range k.PAData {
		v.add("kerberos.padata_type", p.Type)
	}
	enc := func(e KerberosEncryptedData) {
		v.add("kerberos.etype", e.EType)
		if e.HasKVNO {
			v.add("kerberos.kvno", e.KVNO)
		}
	}
	switch k.App {
	case KerberosASReq, KerberosTGSReq:
		v.add("kerberos.kdc_options", hex.EncodeToString(k.KDCOptions.Bytes))
		if k.HasCName {
			krbPrincipalTshark(v, "kerberos.CNameString", k.CName)
		}
		v.str("kerberos.realm", k.Realm)
		if k.HasSName {
			krbPrincipalTshark(v, "kerberos.SNameString", k.SName)
		}
		v.add("kerberos.till", p6rTsharkTime(k.Till))
		v.add("kerberos.nonce", k.Nonce)
		for _, e := range k.ETypes {
			v.add("kerberos.ENCTYPE", e)
		}
		if k.HasEncAuthData {
			enc(k.EncAuthData)
		}
	case KerberosASRep, KerberosTGSRep:
		v.str("kerberos.crealm", k.CRealm)
		krbPrincipalTshark(v, "kerberos.CNameString", k.CName)
		v.add("kerberos.tkt_vno", k.Ticket.TktVno)
		v.str("kerberos.realm", k.Ticket.Realm)
		krbPrincipalTshark(v, "kerberos.SNameString", k.Ticket.SName)
		enc(k.Ticket.EncPart)
		enc(k.EncPart)
	case KerberosKRBError:
		v.add("kerberos.stime", p6rTsharkTime(k.STime))
		v.add("kerberos.susec", k.SUsec)
		v.add("kerberos.error_code", k.ErrorCode)
		v.str("kerberos.crealm", k.CRealm)
		if k.HasCName {
			krbPrincipalTshark(v, "kerberos.CNameString", k.CName)
		}
		v.str("kerberos.realm", k.Realm)
		krbPrincipalTshark(v, "kerberos.SNameString", k.SName)
		if k.EText.Valid {
			v.str("kerberos.e_text", k.EText.Value)
		}
	}
}

func quicTsharkFields(v p6rVals, q *QUIC) {
	v.add("quic.header_form", q.First>>7)
	if q.First&0x80 == 0 {
		return
	}
	if q.Kind() != QUICVersionNegotiation {
		v.add("quic.long.packet_type", (q.First>>4)&3)
	}
	v.add("quic.version", fmt.Sprintf("0x%08x", q.Version))
	if len(q.DCID) > 0 {
		v.add("quic.dcid", hex.EncodeToString(q.DCID))
	}
	if len(q.SCID) > 0 {
		v.add("quic.scid", hex.EncodeToString(q.SCID))
	}
	switch q.Kind() {
	case QUICVersionNegotiation:
		for _, s := range q.SupportedVersions {
			v.add("quic.supported_version", fmt.Sprintf("0x%08x", s))
		}
		return
	case QUICInitial:
		v.add("quic.token_length", len(q.Token))
	}
	v.add("quic.length", q.Length.Value)
	if q.Kind() != QUICInitial {
		return
	}
	p, err := q.DecryptInitial(nil, false)
	if err != nil {
		return
	}
	v.add("quic.packet_number", p.PacketNumber)
	for _, f := range p.Frames {
		v.add("quic.frame_type", f.Type)
		if f.Type == QUICFrameCrypto {
			v.add("quic.crypto.offset", f.Offset)
			v.add("quic.crypto.length", len(f.Data))
		}
	}
	if h := p.ClientHello; h != nil {
		v.add("tls.handshake.type", 1)
		for _, c := range h.CipherSuites {
			v.add("tls.handshake.ciphersuite", fmt.Sprintf("0x%04x", c))
		}
		if sni := h.ServerName(); sni != "" {
			v.add("tls.handshake.extensions_server_name", sni)
		}
	}
}

func cdpTsharkFields(v p6rVals, p *packet.Packet) {
	for _, l := range p.Layers() {
		switch x := l.(type) {
		case *LLC:
			v.add("llc.dsap", fmt.Sprintf("0x%02x", x.DSAP.Value))
			v.add("llc.ssap", fmt.Sprintf("0x%02x", x.SSAP.Value))
			v.add("llc.control", fmt.Sprintf("0x%04x", x.Ctrl.Value))
		case *SNAP:
			v.add("llc.oui", x.OUI.Value)
		case *CDP:
			v.add("cdp.version", x.Version)
			v.add("cdp.ttl", x.TTL)
			v.add("cdp.checksum", fmt.Sprintf("0x%04x", x.Checksum.Value))
			for _, t := range x.TLVs {
				v.add("cdp.tlv.type", fmt.Sprintf("0x%04x", t.Type))
				v.add("cdp.tlv.len", t.Length)
				switch t.Type {
				case CDPTLVDeviceID:
					v.str("cdp.deviceid", t.Value)
				case CDPTLVPortID:
					v.str("cdp.portid", t.Value)
				case CDPTLVPlatform:
					v.str("cdp.platform", t.Value)
				case CDPTLVCapabilities:
					if len(t.Value) == 4 {
						v.add("cdp.capabilities", fmt.Sprintf("0x%08x", be32(t.Value)))
					}
				case CDPTLVNativeVLAN:
					if len(t.Value) == 2 {
						v.add("cdp.native_vlan", be16(t.Value))
					}
				case CDPTLVDuplex:
					if len(t.Value) == 1 {
						v.add("cdp.duplex", t.Value[0])
					}
				case CDPTLVSoftwareVersion:
					for _, line := range strings.Split(strings.TrimRight(string(t.Value), "\x00"), "\n") {
						v.add("cdp.software_version", line)
					}
				case CDPTLVVTPDomain:
					v.str("cdp.vtp_management_domain", t.Value)
				}
			}
		}
	}
}

// p6rFields computes the tshark fields of a frame from our layers.
func p6rFields(proto string, p *packet.Packet) map[string]string {
	v := p6rVals{}
	if proto == "cdp" {
		cdpTsharkFields(v, p)
		return v.joined()
	}
	for _, l := range p.Layers() {
		switch x := l.(type) {
		case *SNMP:
			snmpTsharkFields(v, x)
		case *Radius:
			radiusTsharkFields(v, x)
		case *LDAP:
			ldapTsharkFields(v, x)
		case *Kerberos:
			kerberosTsharkFields(v, x)
		case *QUIC:
			quicTsharkFields(v, x)
		}
	}
	return v.joined()
}

// p6rLayerTypes are the layers each proto's frames must end in.
var p6rLayerTypes = map[string]packet.LayerType{
	"snmp": SNMPType, "radius": RadiusType, "ldap": LDAPType, "kerberos": KerberosType, "quic": QUICType, "cdp": CDPType,
}

// p6rRoundTrip dissects data from first: it must re-encode byte for byte,
// and a warm decoder must agree with one-shot dissection.
func p6rRoundTrip(t *testing.T, what string, data []byte, first packet.LayerType) *packet.Packet {
	t.Helper()
	p, _ := packet.Dissect(data, first)
	out, err := p.Build()
	if err != nil || !bytes.Equal(out, data) {
		t.Errorf("%s: round trip of %v: %v\n got %x\nwant %x", what, p, err, out, data)
	}
	d := packet.NewDecoder(first)
	for range 2 {
		q, _ := d.Decode(data)
		if q.String() != p.String() {
			t.Errorf("%s: decoder %q, Dissect %q", what, q, p)
		}
	}
	_ = p.Show()
	_ = p.AppendJSON(nil, 1)
	return p
}

// p6rSkip tells the frames tshark dissects with a protocol we do not
// claim there: Kerberos tickets sent bare to krb524 (UDP 4444) and the
// ICMP errors quoting them, kpasswd (TCP 464) that carries Kerberos
// messages.
func p6rSkip(f p6rFrame, p *packet.Packet) bool {
	if f.proto != "kerberos" {
		return false
	}
	for _, l := range p.Layers() {
		switch x := l.(type) {
		case *UDP:
			return x.SrcPort != KerberosPort && x.DstPort != KerberosPort
		case *TCP:
			return x.SrcPort != KerberosPort && x.DstPort != KerberosPort
		case *ICMP:
			return true
		}
	}
	return false
}

// ldapFlat rewrites a filter's text with nested operations of the same
// kind merged: tshark prints (|(|(a)(b))(c)) for an OR of three items.
func ldapFlat(s string) string {
	type node struct {
		op   byte
		kids []*node
		leaf string
	}
	i := 0
	var parse func() *node
	parse = func() *node {
		if i >= len(s) || s[i] != '(' {
			return nil
		}
		i++
		n := &node{}
		if i < len(s) && (s[i] == '&' || s[i] == '|' || s[i] == '!') {
			n.op = s[i]
			i++
			for i < len(s) && s[i] == '(' {
				k := parse()
				if k == nil {
					return nil
				}
				if k.op == n.op && n.op != '!' {
					n.kids = append(n.kids, k.kids...)
				} else {
					n.kids = append(n.kids, k)
				}
			}
		} else {
			j := strings.IndexByte(s[i:], ')')
			if j < 0 {
				return nil
			}
			n.leaf = s[i : i+j]
			i += j
		}
		if i >= len(s) || s[i] != ')' {
			return nil
		}
		i++
		return n
	}
	var print func(n *node, b *strings.Builder)
	print = func(n *node, b *strings.Builder) {
		b.WriteByte('(')
		if n.op != 0 {
			b.WriteByte(n.op)
			for _, k := range n.kids {
				print(k, b)
			}
		} else {
			b.WriteString(n.leaf)
		}
		b.WriteByte(')')
	}
	n := parse()
	if n == nil || i != len(s) {
		return s
	}
	var b strings.Builder
	print(n, &b)
	return b.String()
}

// kerberosNested tells the fields where tshark adds values from the
// messages it dissects inside pre-authentication data (the AP-REQ of a
// TGS-REQ, FAST armour, ETYPE-INFO2 ...): ours must appear among them in
// order.
var kerberosNested = map[string]bool{
	"kerberos.pvno": true, "kerberos.msg_type": true, "kerberos.realm": true, "kerberos.SNameString": true,
	"kerberos.CNameString": true, "kerberos.name_type": true, "kerberos.etype": true, "kerberos.kvno": true,
	"kerberos.tkt_vno": true, "kerberos.padata_type": true,
}

// subsequence reports whether every element of sub appears in seq in
// order.
func subsequence(sub, seq []string) bool {
	i := 0
	for _, s := range seq {
		if i < len(sub) && sub[i] == s {
			i++
		}
	}
	return i == len(sub)
}

// TestP6RCorpusFrames dissects every SNMP, RADIUS, LDAP, Kerberos, QUIC
// and CDP frame of the corpus: each re-encodes byte for byte, each that
// tshark dissects without error ends in our layer without error, and the
// fields agree with tshark's.
func TestP6RCorpusFrames(t *testing.T) {
	checked := map[string]int{}
	for _, f := range loadP6RFrames(t) {
		first, _ := packet.FirstLayer(f.linkType, f.frame)
		p := p6rRoundTrip(t, f.String(), f.frame, first)
		if f.malformed || p6rSkip(f, p) {
			continue
		}
		if p.Err() != nil {
			t.Errorf("%s: %v: %v", f, p, p.Err())
			continue
		}
		last := p.Layers()[len(p.Layers())-1]
		if last.Proto().Trailer && len(p.Layers()) > 1 {
			last = p.Layers()[len(p.Layers())-2]
		}
		if last.Proto().Type() != p6rLayerTypes[f.proto] {
			if _, raw := last.(*Raw); !raw || f.proto != "ldap" {
				t.Errorf("%s: %v does not end in %s", f, p, p6rLayerTypes[f.proto])
				continue
			}
		}
		got := p6rFields(f.proto, p)
		keys := make([]string, 0, len(f.want))
		for k := range f.want {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if k == "cdp.checksum.status" || k == "llc.pid" || k == "tls.handshake.type" && got[k] == "" {
				continue
			}
			want := f.want[k]
			if k == "ldap.filter_text" {
				want = ldapFlat(want) // one search request per frame here
			}
			if k == "quic.packet_number" && got[k] == "" {
				continue // not decrypted: tshark shows the protected bytes
			}
			if got[k] == want {
				continue
			}
			if f.proto == "kerberos" && kerberosNested[k] &&
				(got[k] == "" || subsequence(strings.Split(got[k], "|"), strings.Split(want, "|"))) {
				continue
			}
			t.Errorf("%s: %s = %q, tshark %q", f, k, got[k], want)
		}
		for k := range got {
			if _, ok := f.want[k]; !ok && k != "ldap.filter_text" {
				t.Errorf("%s: %s = %q, tshark has none", f, k, got[k])
			}
		}
		if f.proto == "cdp" && f.want["cdp.checksum.status"] == "1" {
			c, _ := packet.LayerOf[*CDP](p)
			b, _ := packet.New(c).Build()
			sum := be16(b[2:])
			b[2], b[3] = 0, 0
			if CDPChecksum(b) != sum {
				t.Errorf("%s: checksum %#04x, computed %#04x", f, sum, CDPChecksum(b))
			}
		}
		checked[f.proto]++
	}
	for proto, min := range map[string]int{"snmp": 200, "radius": 30, "ldap": 100, "kerberos": 50, "quic": 14, "cdp": 60} {
		if checked[proto] < min {
			t.Errorf("only %d %s frames checked against tshark (want %d)", checked[proto], proto, min)
		}
	}
	t.Logf("frames checked against tshark: %v", checked)
}

// TestP6RCorpusNoAllocs decodes the corpus frames with a warm decoder and
// re-encodes them into a buffer: neither allocates.
func TestP6RCorpusNoAllocs(t *testing.T) {
	buf := make([]byte, 4096)
	for _, f := range loadP6RFrames(t) {
		if f.malformed {
			continue
		}
		first, _ := packet.FirstLayer(f.linkType, f.frame)
		dec := packet.NewDecoder(first)
		if p, _ := dec.Decode(f.frame); p6rSkip(f, p) {
			continue // other protocols' layers
		}
		if n := testing.AllocsPerRun(10, func() {
			p, _ := dec.Decode(f.frame)
			if _, err := p.BuildInto(buf); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("%s: %v allocations", f, n)
		}
	}
}

// BenchmarkP6RDecode decodes one corpus frame of each protocol with a warm
// decoder.
func BenchmarkP6RDecode(b *testing.B) {
	for _, c := range []struct{ proto, file, n string }{
		{"snmp", "generated/daemons/snmp.pcap", "4"},
		{"radius", "generated/daemons/radius.pcap", "1"},
		{"ldap", "generated/daemons/ldap.pcap", "35"},
		{"kerberos", "generated/daemons/kerberos.pcap", "4"},
		{"quic", "tcpdump/quic_vn.pcap", "3"},
		{"cdp", "tcpdump/3560_CDP.pcap", "1"},
	} {
		frame := p6rFrameOf(b, c.proto, c.file, c.n)
		first, _ := packet.FirstLayer(1, frame)
		if c.proto == "quic" {
			first = LoopbackType
		}
		d := packet.NewDecoder(first)
		b.Run(c.proto, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(frame)))
			for b.Loop() {
				d.Decode(frame)
			}
		})
	}
}

// BenchmarkP6RBuildInto re-encodes a decoded SNMP response and LDAP entry
// into a buffer (the BER encoders count, then write).
func BenchmarkP6RBuildInto(b *testing.B) {
	buf := make([]byte, 2048)
	for _, c := range []struct{ proto, file, n string }{
		{"snmp", "generated/daemons/snmp.pcap", "4"},
		{"ldap", "generated/daemons/ldap.pcap", "35"},
		{"kerberos", "generated/daemons/kerberos.pcap", "4"},
	} {
		frame := p6rFrameOf(b, c.proto, c.file, c.n)
		p, _ := packet.Dissect(frame, EthernetType)
		b.Run(c.proto, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.BuildInto(buf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
