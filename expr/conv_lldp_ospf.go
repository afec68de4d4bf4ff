package expr

import (
	"fmt"
	"net/netip"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// LLDP TLVs (Scapy's LLDPDU* layers, goscapy's LLDP layer's tlvs) and
// OSPF LSA headers, requests and LSAs.

func lldpTLV(name string, typ uint8, value func(k *kw) []byte, fieldNames ...string) *class {
	return &class{name: name, proto: "LLDPDU", member: "tlvs", implicit: true, padFrame: true,
		build: func(c *compiler, call *callExpr) (any, error) {
			k, err := c.kw(call, append([]string{"_type", "_length"}, fieldNames...)...)
			if err != nil {
				return nil, err
			}
			t := layers.LLDPTLV{Type: k.u8("_type", typ), Value: value(k)}
			if k.has("_length") && k.m["_length"] != nil {
				t.Length.Put(k.u16("_length", 0))
			}
			return t, k.err
		},
		collect: func(elems []any) (any, error) {
			out := make([]layers.LLDPTLV, len(elems))
			for i, e := range elems {
				out[i] = e.(layers.LLDPTLV)
			}
			return out, nil
		}}
}

// lldpID is a chassis or port id: a MAC for subtype macSub, an address
// for network addresses, text otherwise.
func lldpID(macSub uint8) func(k *kw) []byte {
	return func(k *kw) []byte {
		sub := k.u8("subtype", 0)
		v := []byte{sub}
		switch {
		case sub == macSub:
			return append(v, k.mac("id")...)
		case sub == 5 && macSub == 4 || sub == 4 && macSub == 3:
			a := k.addr("id", false, netip.IPv4Unspecified())
			fam := k.u8("family", 1)
			if a.Is6() {
				fam = k.u8("family", 2)
			}
			return append(append(v, fam), a.AsSlice()...)
		}
		return append(v, k.bytes("id", nil)...)
	}
}

var lldpCapNames = []string{"other", "repeater", "mac_bridge", "wlan_access_point", "router", "telephone",
	"docsis_cable_device", "station_only", "c_vlan_component", "s_vlan_component", "two_port_mac_relay",
	"reserved_1", "reserved_2", "reserved_3", "reserved_4", "reserved_5"}

func init() {
	capFields := []string{}
	for _, n := range lldpCapNames {
		capFields = append(capFields, n+"_available", n+"_enabled")
	}
	addClass(
		lldpTLV("LLDPDUChassisID", layers.LLDPTLVChassisID, lldpID(4), "subtype", "family", "id"),
		lldpTLV("LLDPDUPortID", layers.LLDPTLVPortID, lldpID(3), "subtype", "family", "id"),
		lldpTLV("LLDPDUTimeToLive", layers.LLDPTLVTTL, func(k *kw) []byte {
			t := k.u16("ttl", 20)
			return []byte{byte(t >> 8), byte(t)}
		}, "ttl"),
		lldpTLV("LLDPDUPortDescription", 4, func(k *kw) []byte { return k.bytes("description", nil) }, "description"),
		lldpTLV("LLDPDUSystemName", 5, func(k *kw) []byte { return k.bytes("system_name", nil) }, "system_name"),
		lldpTLV("LLDPDUSystemDescription", 6, func(k *kw) []byte { return k.bytes("description", nil) }, "description"),
		lldpTLV("LLDPDUSystemCapabilities", layers.LLDPTLVSystemCaps, func(k *kw) []byte {
			var av, en uint16
			for i, n := range lldpCapNames {
				av |= uint16(k.bit(n+"_available")) << i
				en |= uint16(k.bit(n+"_enabled")) << i
			}
			return []byte{byte(av >> 8), byte(av), byte(en >> 8), byte(en)}
		}, capFields...),
		lldpTLV("LLDPDUManagementAddress", layers.LLDPTLVManagementAddress, func(k *kw) []byte {
			addr := k.bytes("management_address", nil)
			if s, ok := pyText(k.m["management_address"]); ok {
				if a, err := netip.ParseAddr(s); err == nil {
					addr = a.AsSlice()
				}
			}
			n := k.u32("interface_number", 0)
			oid := k.bytes("object_id", nil)
			v := []byte{byte(1 + len(addr)), k.u8("management_address_subtype", 0)}
			v = append(v, addr...)
			v = append(v, k.u8("interface_numbering_subtype", 1), byte(n>>24), byte(n>>16), byte(n>>8), byte(n), byte(len(oid)))
			return append(v, oid...)
		}, "_management_address_string_length", "management_address_subtype", "management_address",
			"interface_numbering_subtype", "interface_number", "_oid_string_length", "object_id"),
		lldpTLV("LLDPDUGenericOrganisationSpecific", layers.LLDPTLVOrgSpecific, func(k *kw) []byte {
			oui := k.uint("org_code", 24, 0)
			return append([]byte{byte(oui >> 16), byte(oui >> 8), byte(oui), k.u8("subtype", 0)}, k.bytes("data", nil)...)
		}, "org_code", "subtype", "data"),
		lldpTLV("LLDPDUEndOfLLDPDU", layers.LLDPTLVEnd, func(k *kw) []byte { return nil }),
	)

	// OSPF
	addConverter("OSPF_DBDesc", "lsaheaders", func(c *compiler, n node) (any, error) {
		return objList[layers.OSPFLSAHdr](c, n, "LSA header (OSPF_LSA_Hdr(...))")
	})
	addConverter("OSPF_LSAck", "lsaheaders", func(c *compiler, n node) (any, error) {
		return objList[layers.OSPFLSAHdr](c, n, "LSA header (OSPF_LSA_Hdr(...))")
	})
	addConverter("OSPF_LSReq", "requests", func(c *compiler, n node) (any, error) {
		return objList[layers.OSPFLSReqItem](c, n, "request (OSPF_LSReq_Item(...))")
	})
	addConverter("OSPF_LSUpd", "lsalist", func(c *compiler, n node) (any, error) {
		return objList[layers.OSPFLSA](c, n, "LSA (OSPF_Router_LSA(...), ...)")
	})
	ip := func(s string) netip.Addr { return netip.MustParseAddr(s) }
	lsaTypes := map[uint64]string{}
	for k, v := range layers.OSPFLSATypeNames {
		lsaTypes[k] = v
	}
	options := func(k *kw) uint8 {
		v, ok := k.m["options"]
		if !ok || v == nil {
			return 0
		}
		if s, ok := pyText(v); ok {
			u, ok := fields.ParseFlags(s, []string{"MT", "E", "MC", "NP", "L", "DC", "O", "DN"})
			if !ok {
				k.fail("options", fmt.Errorf("%w: flags %q", ErrBadValue, s))
			}
			return uint8(u)
		}
		return k.u8("options", 0)
	}
	hdrFields := []string{"age", "options", "type", "id", "adrouter", "seq", "chksum", "len"}
	addObject("OSPF_LSA_Hdr", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, hdrFields...)
		if err != nil {
			return nil, err
		}
		d := layers.NewOSPFLSAHdr()
		h := layers.OSPFLSAHdr{Age: k.u16("age", d.Age), Options: options(k), Type: uint8(k.enum("type", lsaTypes, 8, uint64(d.Type))),
			ID: k.addr("id", false, d.ID), AdRouter: k.addr("adrouter", false, d.AdRouter), Seq: k.u32("seq", d.Seq),
			Chksum: k.u16("chksum", 0), Len: k.u16("len", d.Len)}
		return h, k.err
	})
	addObject("OSPF_LSReq_Item", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "type", "id", "adrouter")
		if err != nil {
			return nil, err
		}
		return layers.OSPFLSReqItem{Type: uint32(k.enum("type", lsaTypes, 32, 1)), ID: k.addr("id", false, ip("1.1.1.1")),
			AdRouter: k.addr("adrouter", false, ip("1.1.1.1"))}, k.err
	})
	addObject("OSPF_Link", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "id", "data", "type", "toscount", "metric", "tos", "reserved", "tosmetric")
		if err != nil {
			return nil, err
		}
		l := layers.OSPFLink{ID: k.addr("id", false, ip("192.168.0.0")), Data: k.addr("data", false, ip("255.255.255.0")),
			Type: k.u8("type", 3), TOSCount: k.u8("toscount", 0), Metric: k.u16("metric", 10)}
		if l.TOSCount > 0 {
			m := k.u16("tosmetric", 0)
			l.TOS = []byte{k.u8("tos", 0), k.u8("reserved", 0), byte(m >> 8), byte(m)}
		}
		return l, k.err
	})
	// lsa wraps a body constructor with the header fields every LSA class
	// takes.
	lsa := func(name string, typ uint8, id, adrouter string, body func(k *kw, id, adr netip.Addr) layers.OSPFLSA, extra ...string) {
		addObject(name, func(c *compiler, call *callExpr) (any, error) {
			k, err := c.kw(call, append(append([]string{}, hdrFields...), extra...)...)
			if err != nil {
				return nil, err
			}
			a := body(k, k.addr("id", false, ip(id)), k.addr("adrouter", false, ip(adrouter)))
			a.Age, a.Options, a.Seq = k.u16("age", 1), options(k), k.u32("seq", 0x80000001)
			a.Type = uint8(k.enum("type", lsaTypes, 8, uint64(typ)))
			if k.has("chksum") && k.m["chksum"] != nil {
				a.Chksum.Put(k.u16("chksum", 0))
			}
			if k.has("len") && k.m["len"] != nil {
				a.Len.Put(k.u16("len", 0))
			}
			return a, k.err
		})
	}
	lsa("OSPF_Router_LSA", 1, "1.1.1.1", "1.1.1.1", func(k *kw, id, adr netip.Addr) layers.OSPFLSA {
		var links []layers.OSPFLink
		for _, e := range pyList(k.m["linklist"]) {
			l, ok := e.(layers.OSPFLink)
			if !ok {
				k.fail("linklist", fmt.Errorf("%w: %s is no OSPF_Link", ErrBadValue, pyRepr(e)))
				continue
			}
			links = append(links, l)
		}
		a := layers.OSPFRouterLSA(id, adr, k.u8("flags", 0), links...)
		if k.has("linkcount") && k.m["linkcount"] != nil {
			n := k.u16("linkcount", 0)
			a.Body[2], a.Body[3] = byte(n>>8), byte(n)
		}
		return a
	}, "flags", "reserved", "linkcount", "linklist")
	lsa("OSPF_Network_LSA", 2, "192.168.0.0", "1.1.1.1", func(k *kw, id, adr netip.Addr) layers.OSPFLSA {
		return layers.OSPFNetworkLSA(id, adr, k.addr("mask", false, ip("255.255.255.0")), k.addrs("routerlist", false)...)
	}, "mask", "routerlist")
	summary := func(name string, typ uint8, id, mask string, metric uint32) {
		lsa(name, typ, id, "1.1.1.1", func(k *kw, id, adr netip.Addr) layers.OSPFLSA {
			return layers.OSPFSummaryLSA(typ, id, adr, k.addr("mask", false, ip(mask)), k.u32("metric", metric))
		}, "mask", "reserved", "metric", "tos", "tosmetric")
	}
	summary("OSPF_SummaryIP_LSA", layers.OSPFLSASummaryIP, "192.168.0.0", "255.255.255.0", 10)
	summary("OSPF_SummaryASBR_LSA", layers.OSPFLSASummaryASBR, "2.2.2.2", "0.0.0.0", 20)
	external := func(name string, typ uint8) {
		lsa(name, typ, "192.168.0.0", "2.2.2.2", func(k *kw, id, adr netip.Addr) layers.OSPFLSA {
			return layers.OSPFExternalLSA(typ, id, adr, k.addr("mask", false, ip("255.255.255.0")), k.bit("ebit") == 1,
				k.u32("metric", 20), k.addr("fwdaddr", false, ip("0.0.0.0")), k.u32("tag", 0))
		}, "mask", "ebit", "reserved", "metric", "fwdaddr", "tag", "tos", "tosmetric")
	}
	external("OSPF_External_LSA", layers.OSPFLSAExternal)
	external("OSPF_NSSA_External_LSA", layers.OSPFLSANSSAExternal)
}
