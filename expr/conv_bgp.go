package expr

import (
	"fmt"
	"net/netip"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// BGP: Scapy's BGPHeader is goscapy's BGP layer; BGPOpen, BGPUpdate,
// BGPNotification and BGPRouteRefresh set its fields.

// bgpAttr is a path attribute body (what BGPPA* classes return) with its
// type code, for BGPPathAttr.
type bgpAttr struct {
	code uint8
	data []byte
}

var bgpAttrCodes = map[uint64]string{1: "ORIGIN", 2: "AS_PATH", 3: "NEXT_HOP", 4: "MULTI_EXIT_DISC",
	5: "LOCAL_PREF", 6: "ATOMIC_AGGREGATE", 7: "AGGREGATOR", 8: "COMMUNITY", 9: "ORIGINATOR_ID",
	10: "CLUSTER_LIST", 14: "MP_REACH_NLRI", 15: "MP_UNREACH_NLRI", 16: "EXTENDED_COMMUNITIES",
	17: "AS4_PATH", 18: "AS4_AGGREGATOR", 32: "LARGE_COMMUNITY"}

var bgpFlagNames = []string{"", "", "", "", "Extended-Length", "Partial", "Transitive", "Optional"}

// bgpPrefixes reads a list of BGPNLRI_IPv4/IPv6 values.
func (k *kw) bgpPrefixes(name string) []layers.BGPPrefix {
	var out []layers.BGPPrefix
	for _, e := range pyList(k.m[name]) {
		p, ok := e.(layers.BGPPrefix)
		if !ok {
			k.fail(name, fmt.Errorf("%w: %s is no BGPNLRI_IPv4(...) or BGPNLRI_IPv6(...)", ErrBadValue, pyRepr(e)))
			return nil
		}
		out = append(out, p)
	}
	return out
}

func init() {
	msg := func(name string, typ uint8) *class {
		return &class{name: name, proto: "BGP", merge: true, presets: []preset{{"type", uint64(typ)}}}
	}
	addClass(
		msg("BGPOpen", layers.BGPOpen), msg("BGPUpdate", layers.BGPUpdate),
		msg("BGPNotification", layers.BGPNotification), msg("BGPRouteRefresh", layers.BGPRouteRefresh),
		&class{name: "BGPKeepAlive", proto: "BGP", presets: []preset{{"type", uint64(layers.BGPKeepAlive)}}},
	)
	addConverter("BGP", "opt_params", func(c *compiler, n node) (any, error) {
		return objList[layers.BGPOptParam](c, n, "optional parameter (BGPOptParam(...))")
	})
	addConverter("BGP", "path_attr", func(c *compiler, n node) (any, error) {
		return objList[layers.BGPPathAttr](c, n, "path attribute (BGPPathAttr(...))")
	})
	prefixes := func(c *compiler, n node) (any, error) {
		v, err := c.listFieldValue(n)
		if err != nil {
			return nil, err
		}
		k := &kw{m: map[string]any{"routes": v}}
		ps := k.bgpPrefixes("routes")
		if k.err != nil {
			// text prefixes are taken too
			if ss, ok := plainValue(v).([]string); ok {
				return ss, nil
			}
			return nil, k.err
		}
		return ps, nil
	}
	addConverter("BGP", "withdrawn_routes", prefixes)
	addConverter("BGP", "nlri", prefixes)
	nlri := func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "prefix", "length")
		if err != nil {
			return nil, err
		}
		p, err := layers.BGPRoute(k.text("prefix", "0.0.0.0/0"))
		if err != nil {
			return nil, err
		}
		return p, k.err
	}
	addObject("BGPNLRI_IPv4", nlri)
	addObject("BGPNLRI_IPv6", nlri)

	// optional parameters and capabilities
	addObject("BGPOptParam", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "param_type", "param_length", "param_value", "authentication_data")
		if err != nil {
			return nil, err
		}
		p := layers.BGPOptParam{Type: k.u8("param_type", 2)}
		switch v := k.m["param_value"].(type) {
		case layers.BGPCapability:
			p.Caps = []layers.BGPCapability{v}
		case nil:
			p.Data = k.bytes("authentication_data", []byte{})
		default:
			p.Data = k.bytes("param_value", nil)
		}
		return p, k.err
	})
	capability := func(name string, fieldNames []string, make func(k *kw) layers.BGPCapability) {
		addObject(name, func(c *compiler, call *callExpr) (any, error) {
			k, err := c.kw(call, append([]string{"code", "length"}, fieldNames...)...)
			if err != nil {
				return nil, err
			}
			cp := make(k)
			if k.has("code") && k.m["code"] != nil {
				cp.Code = k.u8("code", cp.Code)
			}
			return cp, k.err
		})
	}
	capability("BGPCapGeneric", []string{"cap_data"}, func(k *kw) layers.BGPCapability {
		return layers.BGPCapability{Data: k.bytes("cap_data", []byte{})}
	})
	capability("BGPCapMultiprotocol", []string{"afi", "reserved", "safi"}, func(k *kw) layers.BGPCapability {
		return layers.BGPCapMP(k.u16("afi", 0), k.u8("safi", 0))
	})
	capability("BGPCapFourBytesASN", []string{"asn"}, func(k *kw) layers.BGPCapability {
		return layers.BGPCapAS4(k.u32("asn", 0))
	})
	capability("BGPCapRouteRefresh", nil, func(k *kw) layers.BGPCapability { return layers.BGPCapRR() })
	capability("BGPCapEnhancedRouteRefresh", nil, func(k *kw) layers.BGPCapability { return layers.BGPCapEnhancedRR() })
	capability("BGPCapGracefulRestart", []string{"restart_flags", "restart_time", "entries"}, func(k *kw) layers.BGPCapability {
		var afs []layers.BGPAFISAFIFlags
		for _, e := range pyList(k.m["entries"]) {
			a, ok := e.(layers.BGPAFISAFIFlags)
			if !ok {
				k.fail("entries", fmt.Errorf("%w: %s is no GRTuple(...)", ErrBadValue, pyRepr(e)))
				break
			}
			afs = append(afs, a)
		}
		return layers.BGPCapGR(k.u8("restart_flags", 0), k.u16("restart_time", 0), afs...)
	})
	addObject("GRTuple", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "afi", "safi", "flags")
		if err != nil {
			return nil, err
		}
		return layers.BGPAFISAFIFlags{AFI: k.u16("afi", 0), SAFI: k.u8("safi", 0), Flags: k.u8("flags", 0)}, k.err
	})

	// path attributes
	addObject("BGPPathAttr", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "type_flags", "type_code", "attr_ext_len", "attr_len", "attribute")
		if err != nil {
			return nil, err
		}
		code := uint8(k.enum("type_code", bgpAttrCodes, 8, 0))
		a := layers.BGPPathAttr{Type: code}
		switch v := k.m["attribute"].(type) {
		case bgpAttr:
			a.Data = v.data
		case nil:
			a.Data = []byte{}
		default:
			a.Data = k.bytes("attribute", nil)
		}
		a.Flags = 0x80
		if v, ok := k.m["type_flags"]; ok && v != nil {
			if s, ok := pyText(v); ok {
				u, ok := fields.ParseFlags(s, bgpFlagNames)
				if !ok {
					k.fail("type_flags", fmt.Errorf("%w: flags %q", ErrBadValue, s))
				}
				a.Flags = uint8(u)
			} else {
				a.Flags = k.u8("type_flags", 0)
			}
		}
		if len(a.Data) > 255 {
			a.Flags |= layers.BGPAttrFlagExtLength
		}
		if k.has("attr_len") && k.m["attr_len"] != nil {
			a.Length.Put(k.u16("attr_len", 0))
		}
		return a, k.err
	})
	attr := func(name string, code uint8, fieldNames []string, data func(k *kw) []byte) {
		addObject(name, func(c *compiler, call *callExpr) (any, error) {
			k, err := c.kw(call, fieldNames...)
			if err != nil {
				return nil, err
			}
			d := data(k)
			return bgpAttr{code, d}, k.err
		})
	}
	u32 := func(v uint32) []byte { return []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)} }
	attr("BGPPAOrigin", 1, []string{"origin"}, func(k *kw) []byte {
		return []byte{uint8(k.enum("origin", map[uint64]string{0: "IGP", 1: "EGP", 2: "INCOMPLETE"}, 8, 0))}
	})
	aspath := func(w int) func(k *kw) []byte {
		return func(k *kw) []byte {
			var d []byte
			for _, e := range pyList(k.m["segments"]) {
				s, ok := e.(layers.BGPASPathSegment)
				if !ok {
					k.fail("segments", fmt.Errorf("%w: %s is no ASPathSegment(...)", ErrBadValue, pyRepr(e)))
					return nil
				}
				d = append(d, s.Type, byte(len(s.ASNs)))
				for _, a := range s.ASNs {
					if w == 4 {
						d = append(d, byte(a>>24), byte(a>>16))
					}
					d = append(d, byte(a>>8), byte(a))
				}
			}
			if d == nil {
				d = []byte{}
			}
			return d
		}
	}
	attr("BGPPAASPath", 2, []string{"segments"}, aspath(2))
	attr("BGPPAAS4BytesPath", 2, []string{"segments"}, aspath(4))
	attr("BGPPAAS4Path", 17, []string{"segments"}, aspath(4))
	addObject("ASPathSegment", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "segment_type", "segment_length", "segment_value")
		if err != nil {
			return nil, err
		}
		s := layers.BGPASPathSegment{Type: uint8(k.enum("segment_type",
			map[uint64]string{1: "AS_SET", 2: "AS_SEQUENCE", 3: "AS_CONFED_SEQUENCE", 4: "AS_CONFED_SET"}, 8, 2))}
		for _, e := range pyList(k.m["segment_value"]) {
			u, err := pyUint32(e)
			if err != nil {
				k.fail("segment_value", err)
			}
			s.ASNs = append(s.ASNs, u)
		}
		return s, k.err
	})
	attr("BGPPANextHop", 3, []string{"next_hop"}, func(k *kw) []byte {
		a := k.addr("next_hop", false, netip.IPv4Unspecified()).As4()
		return a[:]
	})
	attr("BGPPAMultiExitDisc", 4, []string{"med"}, func(k *kw) []byte { return u32(k.u32("med", 0)) })
	attr("BGPPALocalPref", 5, []string{"local_pref"}, func(k *kw) []byte { return u32(k.u32("local_pref", 0)) })
	attr("BGPPAAtomicAggregate", 6, nil, func(k *kw) []byte { return []byte{} })
	attr("BGPPAAggregator", 7, []string{"aggregator_asn", "speaker_address"}, func(k *kw) []byte {
		asn := k.u16("aggregator_asn", 0)
		a := k.addr("speaker_address", false, netip.IPv4Unspecified()).As4()
		return append([]byte{byte(asn >> 8), byte(asn)}, a[:]...)
	})
	attr("BGPPACommunity", 8, []string{"community"}, func(k *kw) []byte { return u32(k.u32("community", 0)) })
	attr("BGPPAMPReachNLRI", 14, []string{"afi", "safi", "nh_addr_len", "nh_v4_addr", "nh_v6_addr",
		"nh_v6_global", "nh_v6_link_local", "reserved", "nlri"}, func(k *kw) []byte {
		afi, safi := k.u16("afi", 0), k.u8("safi", 0)
		var nhs []netip.Addr
		switch n := k.u8("nh_addr_len", 0); n {
		case 4:
			nhs = []netip.Addr{k.addr("nh_v4_addr", false, netip.IPv4Unspecified())}
		case 16:
			nhs = []netip.Addr{k.addr("nh_v6_addr", true, netip.IPv6Unspecified())}
		case 32:
			nhs = []netip.Addr{k.addr("nh_v6_global", true, netip.IPv6Unspecified()), k.addr("nh_v6_link_local", true, netip.IPv6Unspecified())}
		}
		a := layers.BGPMPReachAttr(afi, safi, nhs, k.bgpPrefixes("nlri")...)
		return a.Data
	})
	attr("BGPPAMPUnreachNLRI", 15, []string{"afi", "safi", "afi_safi_specific"}, func(k *kw) []byte {
		var routes []layers.BGPPrefix
		if v, ok := k.m["afi_safi_specific"].([]layers.BGPPrefix); ok {
			routes = v
		}
		return layers.BGPMPUnreachAttr(k.u16("afi", 0), k.u8("safi", 0), routes...).Data
	})
	unreach := func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "withdrawn_routes")
		if err != nil {
			return nil, err
		}
		return k.bgpPrefixes("withdrawn_routes"), k.err
	}
	addObject("BGPPAMPUnreachNLRI_IPv4", unreach)
	addObject("BGPPAMPUnreachNLRI_IPv6", unreach)
}
