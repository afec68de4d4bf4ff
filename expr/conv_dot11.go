package expr

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// 802.11: the FCS trailer of Dot11FCS, RSN and WPA elements, radiotap
// extended presence words.

// rsnKwargs are Scapy's Dot11EltRSN fields goscapy's element computes.
var rsnKwargs = []string{"version", "group_cipher_suite", "nb_pairwise_cipher_suites", "pairwise_cipher_suites",
	"nb_akm_suites", "akm_suites", "mfp_capable", "mfp_required", "gtksa_replay_counter", "ptksa_replay_counter",
	"no_pairwise", "pre_auth", "reserved", "pmkids", "group_management_cipher_suite"}

// rsnInfo applies Scapy's Dot11EltRSN arguments to r.
func rsnInfo(r layers.RSNInfo, m map[string]any) (layers.RSNInfo, error) {
	k := &kw{m: m}
	suite := func(name string) (layers.RSNSuite, bool) {
		v, ok := m[name]
		if !ok || v == nil {
			return layers.RSNSuite{}, false
		}
		s, ok := v.(layers.RSNSuite)
		if !ok {
			k.fail(name, fmt.Errorf("%w: %s is no RSNCipherSuite(...)", ErrBadValue, pyRepr(v)))
		}
		return s, ok
	}
	suites := func(name string) ([]layers.RSNSuite, bool) {
		v, ok := m[name]
		if !ok || v == nil {
			return nil, false
		}
		var out []layers.RSNSuite
		for _, e := range pyList(v) {
			s, ok := e.(layers.RSNSuite)
			if !ok {
				k.fail(name, fmt.Errorf("%w: %s is no cipher or AKM suite", ErrBadValue, pyRepr(e)))
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	r.Version = k.u16("version", r.Version)
	if s, ok := suite("group_cipher_suite"); ok {
		r.GroupCipher, r.HasGroupCipher = s, true
	}
	if s, ok := suites("pairwise_cipher_suites"); ok {
		r.PairwiseCiphers, r.HasPairwise = s, true
	}
	if s, ok := suites("akm_suites"); ok {
		r.AKMSuites, r.HasAKM = s, true
	}
	if s, ok := suite("group_management_cipher_suite"); ok {
		r.GroupMgmtCipher, r.HasGroupMgmtCipher = s, true
	}
	// the capabilities, least significant bit first
	caps := []struct {
		name        string
		shift, bits uint
	}{{"pre_auth", 0, 1}, {"no_pairwise", 1, 1}, {"ptksa_replay_counter", 2, 2}, {"gtksa_replay_counter", 4, 2},
		{"mfp_required", 6, 1}, {"mfp_capable", 7, 1}, {"reserved", 8, 8}}
	for _, c := range caps {
		if v, ok := m[c.name]; ok && v != nil {
			u, err := pyUint(v, int(c.bits))
			if err != nil {
				k.fail(c.name, err)
			}
			mask := uint16(1<<c.bits-1) << c.shift
			r.Capabilities = r.Capabilities&^mask | uint16(u)<<c.shift
			r.HasCapabilities = true
		}
	}
	return r, k.err
}

func init() {
	addClass(
		&class{name: "Dot11FCS", proto: "Dot11FCS", trailer: func() packet.Layer { return layers.NewDot11FCSTrailer() }},
		&class{name: "Dot11EltRSN", proto: "Dot11EltRSN",
			new: func() packet.Layer { return layers.NewDot11EltRSN(layers.DefaultRSNInfo()) },
			kwarg: func(c *compiler, l *layerT, n string, a arg) ([]*assign, bool, error) {
				known := false
				for _, x := range rsnKwargs {
					known = known || x == n
				}
				if !known {
					return nil, false, nil
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
				r, err := rsnInfo(layers.DefaultRSNInfo(), l.pending)
				if err != nil {
					return err
				}
				l.newFn = func() packet.Layer { return layers.NewDot11EltRSN(r) }
				return nil
			}},
		// Scapy's Dot11EltMicrosoftWPA(): WPA version 1, CCMP group and
		// pairwise ciphers, 802.1X
		&class{name: "Dot11EltMicrosoftWPA", proto: "Dot11EltMicrosoftWPA", new: func() packet.Layer {
			ccmp := layers.RSNSuite{OUI: layers.OUIIEEE80211, Type: layers.RSNCipherCCMP128}
			wpa := layers.RSNInfo{Version: 1, GroupCipher: ccmp, PairwiseCiphers: []layers.RSNSuite{ccmp},
				AKMSuites:      []layers.RSNSuite{{OUI: layers.OUIIEEE80211, Type: layers.RSNAKM8021X}},
				HasGroupCipher: true, HasPairwise: true, HasAKM: true}
			return layers.NewDot11EltVendor(layers.OUIMicrosoft, wpa.AppendTo([]byte{1}))
		}},
	)
	suite := func(name, field string, def uint8) {
		addObject(name, func(c *compiler, call *callExpr) (any, error) {
			k, err := c.kw(call, "oui", field)
			if err != nil {
				return nil, err
			}
			return layers.RSNSuite{OUI: uint32(k.uint("oui", 24, layers.OUIIEEE80211)), Type: k.u8(field, def)}, k.err
		})
	}
	suite("RSNCipherSuite", "cipher", layers.RSNCipherCCMP128)
	suite("AKMSuite", "suite", layers.RSNAKM8021X)

	// radiotap extended presence words: present names the bits bN
	addObject("RadioTapExtendedPresenceMask", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "present", "index")
		if err != nil {
			return nil, err
		}
		v, ok := k.m["present"]
		if !ok || v == nil {
			return uint32(0), k.err
		}
		if s, ok := pyText(v); ok {
			var w uint32
			for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '+' || r == '|' }) {
				n, err := strconv.Atoi(strings.TrimPrefix(part, "b"))
				if !strings.HasPrefix(part, "b") || err != nil || n < 0 {
					if part == "Ext" {
						w |= layers.RadioTapExt
						continue
					}
					return nil, fmt.Errorf("%w: present flag %q (want b32, b33, ... or Ext)", ErrBadValue, part)
				}
				w |= 1 << uint(n%32)
			}
			return w, k.err
		}
		return k.u32("present", 0), k.err
	})
	addConverter("RadioTap", "Ext", func(c *compiler, n node) (any, error) {
		v, err := c.listFieldValue(n)
		if err != nil {
			return nil, err
		}
		var out []uint32
		for _, e := range pyList(v) {
			switch x := e.(type) {
			case uint32:
				out = append(out, x)
			default:
				u, err := pyUint32(x)
				if err != nil {
					return nil, err
				}
				out = append(out, u)
			}
		}
		return out, nil
	})

	// scapy.contrib.wpa_eapol's WPA_key is goscapy's EAPOL_KEY
	wpaRenames := map[string]string{"descriptor_type": "key_descriptor_type", "len": "key_length",
		"nonce": "key_nonce", "key_iv": "key_iv", "wpa_key_rsc": "key_rsc", "wpa_key_id": "key_id",
		"wpa_key_mic": "key_mic", "wpa_key_length": "key_data_length", "wpa_key": "key_data"}
	keyInfo := []struct {
		name        string
		shift, bits uint
	}{{"key_descriptor_type_version", 0, 3}, {"key_type", 3, 1}, {"key_index", 4, 2}, {"install", 6, 1},
		{"key_ack", 7, 1}, {"has_key_mic", 8, 1}, {"secure", 9, 1}, {"error", 10, 1}, {"request", 11, 1},
		{"encrypted_key_data", 12, 1}, {"smk_message", 13, 1}, {"reserved2", 14, 2}}
	addClass(&class{name: "WPA_key", proto: "EAPOL_KEY",
		kwarg: func(c *compiler, l *layerT, n string, a arg) ([]*assign, bool, error) {
			switch n {
			case "key_info", "replay_counter":
			default:
				to, ok := wpaRenames[n]
				if !ok {
					return nil, false, nil
				}
				v, err := c.constant(a.val)
				if err != nil {
					return nil, true, err
				}
				if b, ok := v.([]byte); ok {
					v = b
				} else if i, ok := pyInt(v); ok {
					v = i
				}
				l.extra = append(l.extra, n+"="+c.srcRepr(a.val))
				return []*assign{constAssign(l, to, v, a.at)}, true, nil
			}
			v, err := c.constant(a.val)
			if err != nil {
				return nil, true, err
			}
			l.extra = append(l.extra, n+"="+c.srcRepr(a.val))
			if n == "replay_counter" {
				b, ok := pyBytesOf(v)
				if !ok || len(b) != 8 {
					u, err := pyUint(v, 64)
					if err != nil {
						return nil, true, fmt.Errorf("%w: replay_counter takes 8 bytes", ErrBadValue)
					}
					return []*assign{constAssign(l, "key_replay_counter", u, a.at)}, true, nil
				}
				var u uint64
				for _, x := range b {
					u = u<<8 | uint64(x)
				}
				return []*assign{constAssign(l, "key_replay_counter", u, a.at)}, true, nil
			}
			info, err := pyUint(v, 16)
			if err != nil {
				return nil, true, err
			}
			var as []*assign
			for _, ki := range keyInfo {
				as = append(as, constAssign(l, ki.name, info>>ki.shift&(1<<ki.bits-1), a.at))
			}
			return as, true, nil
		}})
}
