package expr

import (
	"fmt"
	"strings"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// HTTP requests and responses (Scapy's HTTPRequest and HTTPResponse after
// HTTP, goscapy's HTTP layer) and TLS records and messages.

// constAssign is a field value a class sets from its arguments.
func constAssign(l *layerT, name string, v any, at int) *assign {
	a := &assign{name: name, field: l.proto.Field(name), gen: constGen{v}, dim: -1, at: at}
	for i := range l.proto.Fields {
		if l.proto.Fields[i].Name == name {
			a.order = i
		}
	}
	return a
}

// Scapy's header fields, in its order (scapy.layers.http).
var (
	httpRequestHeaders = strings.Fields(`A_IM Accept Accept_Charset Accept_Datetime Accept_Encoding
		Accept_Language Access_Control_Request_Headers Access_Control_Request_Method Authorization
		Cache_Control Connection Content_Length Content_MD5 Content_Type Cookie DNT Date Expect Forwarded
		From Front_End_Https HTTP2_Settings Host If_Match If_Modified_Since If_None_Match If_Range
		If_Unmodified_Since Keep_Alive Max_Forwards Origin Permanent Pragma Proxy_Authorization
		Proxy_Connection Range Referer Save_Data TE Upgrade Upgrade_Insecure_Requests User_Agent Via
		Warning X_ATT_DeviceId X_Correlation_ID X_Csrf_Token X_Forwarded_For X_Forwarded_Host
		X_Forwarded_Proto X_Http_Method_Override X_Request_ID X_Requested_With X_UIDH X_Wap_Profile`)
	httpResponseHeaders = strings.Fields(`Accept_Patch Accept_Ranges Access_Control_Allow_Credentials
		Access_Control_Allow_Headers Access_Control_Allow_Methods Access_Control_Allow_Origin
		Access_Control_Expose_Headers Access_Control_Max_Age Age Allow Alt_Svc Cache_Control Connection
		Content_Disposition Content_Encoding Content_Language Content_Length Content_Location Content_MD5
		Content_Range Content_Security_Policy Content_Type Date Delta_Base ETag Expires IM Keep_Alive
		Last_Modified Link Location P3P Permanent Pragma Proxy_Authenticate Public_Key_Pins Refresh
		Retry_After Server Set_Cookie Status Strict_Transport_Security Timing_Allow_Origin Tk Trailer
		Transfer_Encoding Upgrade Vary Via WWW_Authenticate Warning X_Content_Duration
		X_Content_Security_Policy X_Content_Type_Options X_Correlation_ID X_Frame_Options X_Powered_By
		X_Request_ID X_UA_Compatible X_WebKit_CSP X_XSS_Protection`)
)

// httpClass is HTTPRequest or HTTPResponse: the header arguments become
// goscapy's headers list, in Scapy's order.
func httpClass(name string, names []string, newFn func() packet.Layer) *class {
	return &class{name: name, proto: "HTTP", new: newFn, merge: true, mergeOptional: true,
		kwarg: func(c *compiler, l *layerT, n string, a arg) ([]*assign, bool, error) {
			if l.proto.Field(n) != nil {
				return nil, false, nil
			}
			known := false
			for _, h := range names {
				known = known || h == n
			}
			if !known && n != "Unknown_Headers" {
				return nil, false, &SyntaxError{Col: column(c.src, a.at), Layer: name, Field: n, Err: ErrNoField,
					Msg: fmt.Sprintf("%s has no field %q (headers are Scapy's names: Host, User_Agent, Content_Type, ...)", name, n)}
			}
			v, err := c.constant(a.val)
			if err != nil {
				return nil, true, err
			}
			if l.pending == nil {
				l.pending = map[string]any{}
			}
			l.pending[n] = v
			l.extra = append(l.extra, n+"="+c.srcRepr(a.val))
			return nil, true, nil
		},
		finish: func(c *compiler, l *layerT) error {
			if len(l.pending) == 0 {
				return nil
			}
			var hs []layers.HTTPHeader
			add := func(n string, v any) error {
				b, ok := pyBytesOf(v)
				if !ok {
					return fmt.Errorf("%w: header %s: %s is not bytes", ErrBadValue, n, pyRepr(v))
				}
				hs = append(hs, layers.HTTPHeader{Name: []byte(strings.ReplaceAll(n, "_", "-")), Value: b})
				return nil
			}
			for _, n := range names {
				if v, ok := l.pending[n]; ok {
					if err := add(n, v); err != nil {
						return err
					}
				}
			}
			if u, ok := l.pending["Unknown_Headers"]; ok {
				for _, e := range pyList(u) {
					t, ok := e.(pyTuple)
					if !ok || len(t) != 2 {
						return fmt.Errorf("%w: Unknown_Headers holds (name, value) pairs", ErrBadValue)
					}
					n, _ := pyBytesOf(t[0])
					if err := add(string(n), t[1]); err != nil {
						return err
					}
				}
			}
			l.assigns = append(l.assigns, constAssign(l, "headers", hs, l.at))
			return nil
		}}
}

// tlsVersion reads a TLS version: a number or Scapy's name.
func (k *kw) random32(def [32]byte) [32]byte {
	r := def
	if k.has("gmt_unix_time") && k.m["gmt_unix_time"] != nil {
		t := k.u32("gmt_unix_time", 0)
		r[0], r[1], r[2], r[3] = byte(t>>24), byte(t>>16), byte(t>>8), byte(t)
	}
	if b := k.bytes("random_bytes", nil); b != nil {
		if len(b) != 28 {
			k.fail("random_bytes", fmt.Errorf("%w: want 28 bytes, not %d", ErrBadValue, len(b)))
		}
		copy(r[4:], b)
	}
	return r
}

// tlsRecord is what TLSAlert, TLSChangeCipherSpec and
// TLSApplicationData return: a record type and its data.
type tlsRecord struct {
	typ  uint8
	data []byte
}

func init() {
	addClass(
		httpClass("HTTPRequest", httpRequestHeaders, func() packet.Layer { return layers.NewHTTPRequest() }),
		httpClass("HTTPResponse", httpResponseHeaders, func() packet.Layer { return layers.NewHTTPResponse() }),
		&class{name: "TLS", proto: "TLS",
			kwarg: func(c *compiler, l *layerT, n string, a arg) ([]*assign, bool, error) {
				if n != "msg" {
					return nil, false, nil
				}
				v, err := c.constant(a.val)
				if err != nil {
					return nil, true, err
				}
				var msgs []layers.TLSHandshakeMsg
				var data []byte
				var typ uint8
				for _, e := range pyList(v) {
					switch x := e.(type) {
					case layers.TLSHandshakeMsg:
						msgs, typ = append(msgs, x), layers.TLSHandshake
					case tlsRecord:
						data, typ = append(data, x.data...), x.typ
					default:
						return nil, true, fmt.Errorf("%w: %s is no TLS message", ErrBadValue, pyRepr(e))
					}
				}
				if msgs != nil && data != nil {
					return nil, true, fmt.Errorf("%w: handshake and other messages in one record", ErrBadValue)
				}
				l.extra = append(l.extra, "msg="+c.srcRepr(a.val))
				l.presets = append(l.presets, preset{"type", uint64(typ)})
				if msgs != nil {
					return []*assign{constAssign(l, "msg", msgs, a.at)}, true, nil
				}
				return []*assign{constAssign(l, "data", data, a.at)}, true, nil
			}},
	)
	hello := func(typ uint8) func(c *compiler, call *callExpr) (any, error) {
		return func(c *compiler, call *callExpr) (any, error) {
			k, err := c.kw(call, "msgtype", "msglen", "version", "gmt_unix_time", "random_bytes", "sidlen", "sid",
				"cipherslen", "ciphers", "cipher", "complen", "comp", "extlen", "ext")
			if err != nil {
				return nil, err
			}
			m := layers.TLSHandshakeMsg{Type: k.u8("msgtype", typ), Parsed: true}
			if k.has("msglen") && k.m["msglen"] != nil {
				m.Length.Put(uint32(k.uint("msglen", 24, 0)))
			}
			h := &m.Hello
			h.Version = k.u16("version", 0x0303)
			h.Random = k.random32([32]byte{})
			h.SessionID = k.bytes("sid", nil)
			for _, e := range pyList(k.m["ciphers"]) {
				u, err := pyUint16(e)
				if err != nil {
					k.fail("ciphers", err)
				}
				h.CipherSuites = append(h.CipherSuites, u)
			}
			if typ == layers.TLSServerHello {
				h.CipherSuites = []uint16{k.u16("cipher", 0)}
			}
			h.CompressionMethods = []uint8{0}
			if k.has("comp") && k.m["comp"] != nil {
				h.CompressionMethods = nil
				for _, e := range pyList(k.m["comp"]) {
					u, err := pyUint8(e)
					if err != nil {
						k.fail("comp", err)
					}
					h.CompressionMethods = append(h.CompressionMethods, u)
				}
			}
			h.NoExtensions = !k.has("ext")
			for _, e := range pyList(k.m["ext"]) {
				x, ok := e.(layers.TLSExtension)
				if !ok {
					k.fail("ext", fmt.Errorf("%w: %s is no TLS extension", ErrBadValue, pyRepr(e)))
					break
				}
				h.Extensions = append(h.Extensions, x)
			}
			return m, k.err
		}
	}
	addObject("TLSClientHello", hello(layers.TLSClientHello))
	addObject("TLSServerHello", hello(layers.TLSServerHello))
	addObject("TLSCertificate", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "msgtype", "msglen", "certslen", "certs")
		if err != nil {
			return nil, err
		}
		m := layers.TLSHandshakeMsg{Type: k.u8("msgtype", layers.TLSCertificate), Parsed: true}
		for _, e := range pyList(k.m["certs"]) {
			if t, ok := e.(pyTuple); ok && len(t) == 2 {
				e = t[1] // (length, DER)
			}
			b, ok := pyBytesOf(e)
			if !ok {
				k.fail("certs", fmt.Errorf("%w: %s is no certificate", ErrBadValue, pyRepr(e)))
				break
			}
			m.Certs = append(m.Certs, b)
		}
		return m, k.err
	})
	addObject("TLSAlert", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "level", "descr")
		if err != nil {
			return nil, err
		}
		return tlsRecord{layers.TLSAlert, []byte{k.u8("level", 1), k.u8("descr", 0)}}, k.err
	})
	addObject("TLSChangeCipherSpec", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "msgtype")
		if err != nil {
			return nil, err
		}
		return tlsRecord{layers.TLSChangeCipherSpec, []byte{k.u8("msgtype", 1)}}, k.err
	})
	addObject("TLSApplicationData", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "data")
		if err != nil {
			return nil, err
		}
		return tlsRecord{layers.TLSApplicationData, k.bytes("data", nil)}, k.err
	})
	// extensions
	ext := func(name string, fieldName string, make func(k *kw) (layers.TLSExtension, error)) {
		addObject(name, func(c *compiler, call *callExpr) (any, error) {
			k, err := c.kw(call, "type", "len", fieldName, fieldName+"len", "shares", "servernameslen", "protocolslen")
			if err != nil {
				return nil, err
			}
			x, err := make(k)
			if err != nil {
				return nil, err
			}
			return x, k.err
		})
	}
	u16s := func(k *kw, name string) []uint16 {
		var out []uint16
		for _, e := range pyList(k.m[name]) {
			u, err := pyUint16(e)
			if err != nil {
				k.fail(name, err)
			}
			out = append(out, u)
		}
		return out
	}
	ext("TLS_Ext_ServerName", "servernames", func(k *kw) (layers.TLSExtension, error) {
		var names []string
		for _, e := range pyList(k.m["servernames"]) {
			s, ok := e.(string)
			if !ok {
				return layers.TLSExtension{}, fmt.Errorf("%w: %s is no ServerName(...)", ErrBadValue, pyRepr(e))
			}
			names = append(names, s)
		}
		var d []byte
		for _, n := range names {
			d = append(d, 0, byte(len(n)>>8), byte(len(n)))
			d = append(d, n...)
		}
		return layers.TLSExtension{Type: 0, Data: append([]byte{byte(len(d) >> 8), byte(len(d))}, d...)}, nil
	})
	ext("TLS_Ext_ALPN", "protocols", func(k *kw) (layers.TLSExtension, error) {
		var ps []string
		for _, e := range pyList(k.m["protocols"]) {
			s, ok := e.(string)
			if !ok {
				return layers.TLSExtension{}, fmt.Errorf("%w: %s is no ProtocolName(...)", ErrBadValue, pyRepr(e))
			}
			ps = append(ps, s)
		}
		return layers.TLSExtALPNOf(ps...), nil
	})
	ext("TLS_Ext_SupportedVersion_CH", "versions", func(k *kw) (layers.TLSExtension, error) {
		return layers.TLSExtSupportedVersionsOf(u16s(k, "versions")...), nil
	})
	ext("TLS_Ext_SupportedGroups", "groups", func(k *kw) (layers.TLSExtension, error) {
		return layers.TLSExtSupportedGroupsOf(u16s(k, "groups")...), nil
	})
	ext("TLS_Ext_SignatureAlgorithms", "sig_algs", func(k *kw) (layers.TLSExtension, error) {
		return layers.TLSExtSignatureAlgorithmsOf(u16s(k, "sig_algs")...), nil
	})
	ext("TLS_Ext_KeyShare_CH", "client_shares", func(k *kw) (layers.TLSExtension, error) {
		var ks []layers.TLSKeyShare
		for _, e := range pyList(k.m["client_shares"]) {
			s, ok := e.(layers.TLSKeyShare)
			if !ok {
				return layers.TLSExtension{}, fmt.Errorf("%w: %s is no KeyShareEntry(...)", ErrBadValue, pyRepr(e))
			}
			ks = append(ks, s)
		}
		return layers.TLSExtKeyShareOf(ks...), nil
	})
	// the names inside extensions are plain values here
	addObject("ServerName", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "nametype", "namelen", "servername")
		if err != nil {
			return nil, err
		}
		return string(k.bytes("servername", nil)), k.err
	})
	addObject("ProtocolName", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "len", "protocol")
		if err != nil {
			return nil, err
		}
		return string(k.bytes("protocol", nil)), k.err
	})
	addObject("KeyShareEntry", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "group", "kxlen", "key_exchange")
		if err != nil {
			return nil, err
		}
		return layers.TLSKeyShare{Group: k.u16("group", 0), Key: k.bytes("key_exchange", nil)}, k.err
	})
}
