package expr

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/goscapy/goscapy/ber"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Kerberos: Scapy's ASN.1 message classes (Kerberos(root=KRB_AS_REQ(
// padata=[PADATA(...)], reqBody=KRB_KDC_REQ_BODY(...))), KRB_TGS_REQ,
// KRB_ERROR) onto goscapy's flattened Kerberos layer, with Scapy's
// defaults: the optional fields Scapy fills (an empty padata, addresses
// and additional-tickets list; rtime, ctime "now"; cusec 0; an empty
// crealm, e-text and e-data) are written as Scapy writes them.

// krbRoot is a Kerberos message made from a Scapy class: the layer it
// gives.
type krbRoot struct {
	class string
	msg   layers.Kerberos
}

func (r *krbRoot) String() string { return r.class + "(...)" }

// krbBody is Scapy's KRB_KDC_REQ_BODY: the fields it sets on the layer.
type krbBody struct{ set func(k *layers.Kerberos) }

func (b *krbBody) String() string { return "KRB_KDC_REQ_BODY(...)" }

// krbEncoded is the DER of a Scapy ASN.1 packet given as a value
// (PA_PAC_REQUEST(...) as a padataValue).
type krbEncoded []byte

// krbNow is Scapy's GeneralizedTime() default: the current time.
func krbNow() []byte { return []byte(time.Now().UTC().Format("20060102150405Z")) }

// krbConv reads Kerberos values: plain Python values or ASN.1 ones.
type krbConv struct{ err error }

func (kc *krbConv) fail(name string, err error) {
	if kc.err == nil {
		kc.err = fmt.Errorf("field %s: %w", name, err)
	}
}

func (kc *krbConv) int(name string, v any) int64 {
	if a, ok := v.(asn1Val); ok && a.isInt {
		return a.num
	}
	n, ok := pyInt(v)
	if !ok {
		kc.fail(name, fmt.Errorf("%w: %s is not an integer", ErrBadValue, pyRepr(v)))
	}
	return n
}

// enum reads an integer that may be given by name.
func (kc *krbConv) enum(name string, v any, names map[uint64]string) int64 {
	if a, ok := v.(asn1Val); ok && a.isInt {
		return a.num
	}
	if _, ok := pyText(v); ok {
		u, err := enumValue(v, names, 32)
		if err != nil {
			kc.fail(name, err)
		}
		return int64(u)
	}
	return kc.int(name, v)
}

func (kc *krbConv) str(name string, v any) []byte {
	if a, ok := v.(asn1Val); ok && !a.isInt && a.tag != ber.TagOID && a.tag != ber.TagNull {
		return a.data
	}
	if _, isPkt := v.(*packetVal); !isPkt {
		if b, ok := pyBytesOf(v); ok {
			return b
		}
	}
	kc.fail(name, fmt.Errorf("%w: %s is not a string", ErrBadValue, pyRepr(v)))
	return nil
}

func (kc *krbConv) time(name string, v any) []byte {
	b := kc.str(name, v)
	if kc.err == nil {
		if _, err := ber.ParseGeneralizedTime(b); err != nil {
			kc.fail(name, fmt.Errorf("%w: %s is no KerberosTime ('20240501100000Z')", ErrBadValue, pyRepr(v)))
		}
	}
	return b
}

func (kc *krbConv) principal(name string, v any) layers.KerberosPrincipal {
	switch x := v.(type) {
	case layers.KerberosPrincipal:
		return x
	case string, bareText:
		s, _ := pyText(x)
		return layers.KerberosPrincipalFrom(s)
	}
	kc.fail(name, fmt.Errorf("%w: %s is no PrincipalName(...)", ErrBadValue, pyRepr(v)))
	return layers.KerberosPrincipal{}
}

// flags reads KerberosFlags: a string of '0' and '1' (bit 0 first), an
// ASN1_BIT_STRING, or a 32-bit integer.
func (kc *krbConv) flags(name string, v any) ber.BitString {
	if a, ok := v.(asn1Val); ok && a.tag == ber.TagBitString && len(a.data) > 0 {
		return ber.BitString{Bytes: a.data[1:], Unused: a.data[0]}
	}
	if s, ok := pyText(v); ok && strings.Trim(s, "01") == "" {
		bs := ber.BitString{Unused: uint8((8 - len(s)%8) % 8)}
		s += strings.Repeat("0", int(bs.Unused))
		for i := 0; i < len(s); i += 8 {
			var x byte
			for _, ch := range s[i : i+8] {
				x = x<<1 | byte(ch-'0')
			}
			bs.Bytes = append(bs.Bytes, x)
		}
		return bs
	}
	if n, ok := pyInt(v); ok && n >= 0 && n <= 0xffffffff {
		return ber.BitStringFromUint32(uint32(n))
	}
	kc.fail(name, fmt.Errorf("%w: %s is no KerberosFlags (a string of '0' and '1', as '0100...')", ErrBadValue, pyRepr(v)))
	return ber.BitString{}
}

// krbKinds are the Scapy message classes the layer holds: the
// APPLICATION tag and Scapy's default msgType (KRB_TGS_REQ's is 10 too
// in Scapy 2.5, whose KRB_KDC_REQ gives msgType 10 for both requests).
var krbKinds = map[string]uint8{"KRB_AS_REQ": layers.KerberosASReq, "KRB_TGS_REQ": layers.KerberosTGSReq, "KRB_ERROR": layers.KerberosKRBError}

func krbRequest(name string) func(c *compiler, call *callExpr) (any, error) {
	return func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "pvno", "msgType", "padata", "reqBody")
		if err != nil {
			return nil, err
		}
		r := &krbRoot{class: name, msg: *layers.NewKerberos()}
		m := &r.msg
		m.App, m.Pvno, m.MsgType = krbKinds[name], 5, layers.KerberosASReq
		m.HasPAData, m.HasAddresses, m.AdditionalTickets = true, true, []byte{0x30, 0}
		m.Till, m.RTime = krbNow(), krbNow()
		kc := &krbConv{}
		if v := k.m["pvno"]; v != nil {
			m.Pvno = kc.int("pvno", v)
		}
		if v := k.m["msgType"]; v != nil {
			m.MsgType = kc.enum("msgType", v, layers.KerberosMsgNames)
		}
		if v, ok := k.m["padata"]; ok {
			m.PAData, m.HasPAData = nil, v != nil
			for _, e := range pyList(v) {
				p, ok := e.(layers.KerberosPAData)
				if !ok {
					return nil, fmt.Errorf("field padata: %w: %s is no PADATA(...)", ErrBadValue, pyRepr(e))
				}
				m.PAData = append(m.PAData, p)
			}
		}
		if v := k.m["reqBody"]; v != nil {
			b, ok := v.(*krbBody)
			if !ok {
				return nil, fmt.Errorf("field reqBody: %w: %s is no KRB_KDC_REQ_BODY(...)", ErrBadValue, pyRepr(v))
			}
			b.set(m)
		}
		if k.err != nil {
			return nil, k.err
		}
		return r, kc.err
	}
}

func init() {
	addObject("PrincipalName", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "nameType", "nameString")
		if err != nil {
			return nil, err
		}
		kc := &krbConv{}
		p := layers.KerberosPrincipal{}
		if v := k.m["nameType"]; v != nil {
			p.NameType = kc.int("nameType", v)
		}
		for _, e := range pyList(k.m["nameString"]) {
			p.Names = append(p.Names, kc.str("nameString", e))
		}
		return p, kc.err
	})
	addObject("PADATA", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "padataType", "padataValue")
		if err != nil {
			return nil, err
		}
		p := layers.KerberosPAData{Value: []byte{}}
		kc := &krbConv{}
		if v := k.m["padataType"]; v != nil {
			p.Type = kc.enum("padataType", v, layers.KerberosPADataNames)
		}
		switch v := k.m["padataValue"].(type) {
		case nil:
		case krbEncoded:
			p.Value = v
		default:
			p.Value = kc.str("padataValue", v)
		}
		return p, kc.err
	})
	addObject("PA_PAC_REQUEST", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "includePac")
		if err != nil {
			return nil, err
		}
		// SEQUENCE { [0] BOOLEAN }, True written as 01 as Scapy does
		inc := byte(1)
		if v, ok := k.m["includePac"]; ok && v != nil {
			kc := &krbConv{}
			if kc.int("includePac", v) == 0 {
				inc = 0
			}
			if kc.err != nil {
				return nil, kc.err
			}
		}
		return krbEncoded{0x30, 0x05, 0xa0, 0x03, 0x01, 0x01, inc}, nil
	})
	addObject("HostAddress", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "addrType", "address")
		if err != nil {
			return nil, err
		}
		kc := &krbConv{}
		a := layers.KerberosHostAddress{Address: []byte{}}
		if v := k.m["addrType"]; v != nil {
			a.Type = kc.int("addrType", v)
		}
		if v := k.m["address"]; v != nil {
			a.Address = kc.str("address", v)
		}
		return a, kc.err
	})
	addObject("EncryptedData", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "etype", "kvno", "cipher")
		if err != nil {
			return nil, err
		}
		kc := &krbConv{}
		e := layers.KerberosEncryptedData{EType: 0x17, Cipher: []byte{}}
		if v := k.m["etype"]; v != nil {
			e.EType = kc.int("etype", v)
		}
		if v := k.m["kvno"]; v != nil {
			e.KVNO, e.HasKVNO = kc.int("kvno", v), true
		}
		if v := k.m["cipher"]; v != nil {
			e.Cipher = kc.str("cipher", v)
		}
		return e, kc.err
	})
	addObject("KRB_KDC_REQ_BODY", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "kdcOptions", "cname", "realm", "sname", "from_", "till", "rtime", "nonce", "etype",
			"addresses", "encAuthorizationData", "additionalTickets")
		if err != nil {
			return nil, err
		}
		kc := &krbConv{}
		var sets []func(m *layers.Kerberos)
		add := func(f func(m *layers.Kerberos)) { sets = append(sets, f) }
		m := k.m
		if v := m["kdcOptions"]; v != nil {
			bs := kc.flags("kdcOptions", v)
			add(func(k *layers.Kerberos) { k.KDCOptions = bs })
		}
		if v := m["cname"]; v != nil {
			p := kc.principal("cname", v)
			add(func(k *layers.Kerberos) { k.CName, k.HasCName = p, true })
		}
		if v := m["realm"]; v != nil {
			b := kc.str("realm", v)
			add(func(k *layers.Kerberos) { k.Realm = b })
		}
		if v := m["sname"]; v != nil {
			p := kc.principal("sname", v)
			add(func(k *layers.Kerberos) { k.SName, k.HasSName = p, true })
		}
		if v := m["from_"]; v != nil {
			t := kc.time("from_", v)
			add(func(k *layers.Kerberos) { k.From = t })
		}
		if v := m["till"]; v != nil {
			t := kc.time("till", v)
			add(func(k *layers.Kerberos) { k.Till = t })
		}
		if v, ok := m["rtime"]; ok {
			var t []byte
			if v != nil {
				t = kc.time("rtime", v)
			}
			add(func(k *layers.Kerberos) { k.RTime = t })
		}
		if v := m["nonce"]; v != nil {
			n := kc.int("nonce", v)
			add(func(k *layers.Kerberos) { k.Nonce = n })
		}
		if v, ok := m["etype"]; ok {
			var es []int64
			for _, e := range pyList(v) {
				es = append(es, kc.int("etype", e))
			}
			add(func(k *layers.Kerberos) { k.ETypes = es })
		}
		if v, ok := m["addresses"]; ok {
			var as []layers.KerberosHostAddress
			for _, e := range pyList(v) {
				a, ok := e.(layers.KerberosHostAddress)
				if !ok {
					kc.fail("addresses", fmt.Errorf("%w: %s is no HostAddress(...)", ErrBadValue, pyRepr(e)))
				}
				as = append(as, a)
			}
			add(func(k *layers.Kerberos) { k.Addresses, k.HasAddresses = as, v != nil })
		}
		if v := m["encAuthorizationData"]; v != nil {
			e, ok := v.(layers.KerberosEncryptedData)
			if !ok {
				kc.fail("encAuthorizationData", fmt.Errorf("%w: %s is no EncryptedData(...)", ErrBadValue, pyRepr(v)))
			}
			add(func(k *layers.Kerberos) { k.EncAuthData, k.HasEncAuthData = e, true })
		}
		if v, ok := m["additionalTickets"]; ok {
			if len(pyList(v)) > 0 {
				kc.fail("additionalTickets", fmt.Errorf("%w: tickets (KRB_Ticket) are not supported here: give [] or None", ErrBadValue))
			}
			var t []byte
			if v != nil {
				t = []byte{0x30, 0}
			}
			add(func(k *layers.Kerberos) { k.AdditionalTickets = t })
		}
		if kc.err != nil {
			return nil, kc.err
		}
		return &krbBody{set: func(k *layers.Kerberos) {
			for _, f := range sets {
				f(k)
			}
		}}, nil
	})
	addObject("KRB_AS_REQ", krbRequest("KRB_AS_REQ"))
	addObject("KRB_TGS_REQ", krbRequest("KRB_TGS_REQ"))
	addObject("KRB_ERROR", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "pvno", "msgType", "ctime", "cusec", "stime", "susec", "errorCode", "crealm",
			"cname", "realm", "sname", "eText", "eData")
		if err != nil {
			return nil, err
		}
		r := &krbRoot{class: "KRB_ERROR", msg: *layers.NewKerberos()}
		e := &r.msg
		e.App, e.Pvno, e.MsgType = layers.KerberosKRBError, 5, layers.KerberosKRBError
		e.CTime, e.HasCUsec, e.STime, e.CRealm, e.Realm = krbNow(), true, krbNow(), []byte{}, []byte{}
		e.EText.Put([]byte{})
		e.EData.Put([]byte{})
		kc := &krbConv{}
		m := k.m
		if v := m["pvno"]; v != nil {
			e.Pvno = kc.int("pvno", v)
		}
		if v := m["msgType"]; v != nil {
			e.MsgType = kc.enum("msgType", v, layers.KerberosMsgNames)
		}
		if v, ok := m["ctime"]; ok {
			e.CTime = nil
			if v != nil {
				e.CTime = kc.time("ctime", v)
			}
		}
		if v, ok := m["cusec"]; ok {
			e.HasCUsec = v != nil
			if v != nil {
				e.CUsec = kc.int("cusec", v)
			}
		}
		if v := m["stime"]; v != nil {
			e.STime = kc.time("stime", v)
		}
		if v := m["susec"]; v != nil {
			e.SUsec = kc.int("susec", v)
		}
		if v := m["errorCode"]; v != nil {
			e.ErrorCode = kc.enum("errorCode", v, layers.KerberosErrorNames)
		}
		if v, ok := m["crealm"]; ok {
			e.CRealm = nil
			if v != nil {
				e.CRealm = kc.str("crealm", v)
			}
		}
		if v := m["cname"]; v != nil {
			e.CName, e.HasCName = kc.principal("cname", v), true
		}
		if v := m["realm"]; v != nil {
			e.Realm = kc.str("realm", v)
		}
		v := m["sname"]
		if v == nil {
			// Scapy leaves sname out when None; the layer always writes it
			return nil, fmt.Errorf("%w: KRB_ERROR needs an sname (PrincipalName(...))", ErrBadValue)
		}
		e.SName, e.HasSName = kc.principal("sname", v), true
		for _, f := range []struct {
			name string
			o    interface{ Put([]byte) }
		}{{"eText", &e.EText}, {"eData", &e.EData}} {
			if v, ok := m[f.name]; ok {
				if v == nil {
					if f.name == "eText" {
						e.EText.Valid = false
					} else {
						e.EData.Valid = false
					}
					continue
				}
				f.o.Put(kc.str(f.name, v))
			}
		}
		if k.err != nil {
			return nil, k.err
		}
		return r, kc.err
	})
	addClass(&class{name: "Kerberos", proto: "Kerberos",
		kwarg: func(c *compiler, l *layerT, n string, a arg) ([]*assign, bool, error) {
			if n != "root" {
				return nil, false, nil
			}
			call, ok := a.val.(*callExpr)
			if !ok || !call.parens {
				return nil, false, nil // root=10, root='AS-REQ': the field's own values
			}
			if _, ok := krbKinds[call.name]; !ok {
				return nil, true, c.errAt(call.start, ErrBadValue, "Kerberos(root=%s(...)): root takes KRB_AS_REQ(...), KRB_TGS_REQ(...) or KRB_ERROR(...)", call.name)
			}
			v, err := c.constant(call)
			if err != nil {
				return nil, true, err
			}
			r := v.(*krbRoot)
			msg := r.msg
			l.newFn = func() packet.Layer {
				k := msg
				k.PAData = slices.Clone(msg.PAData)
				k.ETypes = slices.Clone(msg.ETypes)
				k.Addresses = slices.Clone(msg.Addresses)
				return &k
			}
			if l.pending == nil {
				l.pending = map[string]any{}
			}
			l.pending["root"] = true
			l.extra = append(l.extra, "root="+c.srcRepr(a.val))
			return []*assign{{name: "root", field: l.proto.Field("root"), gen: constGen{msg.App}, dim: -1, at: a.at}}, true, nil
		},
		finish: func(c *compiler, l *layerT) error {
			if l.pending["root"] == nil {
				return nil
			}
			for _, as := range l.assigns {
				if as.name != "len" {
					return c.errAt(as.at, ErrSyntax, "Kerberos: field %s goes inside root=...(...)", as.name)
				}
			}
			return nil
		}})
}
