package expr

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// ICMP quoted layers, tunnels, NTP, IGMP, DHCP, DHCPv6 and DNS classes.

// enumValue reads an integer given as a number or as one of the names.
func enumValue(v any, names map[uint64]string, bits int) (uint64, error) {
	if s, ok := pyText(v); ok {
		for k, n := range names {
			if strings.EqualFold(n, s) {
				return k, nil
			}
		}
		if n, ok := parseNumber(s); ok && !n.isFloat && !n.neg {
			v = n.val
		} else {
			return 0, fmt.Errorf("%w: unknown name %q", ErrBadValue, s)
		}
	}
	return pyUint(v, bits)
}

func (k *kw) enum(name string, names map[uint64]string, bits int, def uint64) uint64 {
	v, ok := k.m[name]
	if !ok || v == nil {
		return def
	}
	u, err := enumValue(v, names, bits)
	if err != nil {
		k.fail(name, err)
	}
	return u
}

func init() {
	addClass(
		// the layers quoted by an ICMP error are plain layers in goscapy
		&class{name: "IPerror", proto: "IP"},
		&class{name: "TCPerror", proto: "TCP"},
		&class{name: "UDPerror", proto: "UDP"},
		&class{name: "ICMPerror", proto: "ICMP"},
		&class{name: "GRE_PPTP", proto: "GRE", new: func() packet.Layer { return layers.NewGREPPTP() }},
		&class{name: "NTPControl", proto: "NTP", new: func() packet.Layer { return layers.NewNTPControl() }},
		&class{name: "NTPPrivate", proto: "NTP", new: func() packet.Layer { return layers.NewNTPPrivate() }},
		&class{name: "NTPAuthenticator", proto: "NTP", member: "mac",
			build: func(c *compiler, call *callExpr) (any, error) {
				k, err := c.kw(call, "padding", "key_id", "dgst")
				if err != nil {
					return nil, err
				}
				id := k.u32("key_id", 0)
				m := append([]byte{byte(id >> 24), byte(id >> 16), byte(id >> 8), byte(id)}, k.bytes("dgst", nil)...)
				return append(k.bytes("padding", nil), m...), k.err
			},
			collect: func(elems []any) (any, error) {
				var out []byte
				for _, e := range elems {
					out = append(out, e.([]byte)...)
				}
				return out, nil
			}},
		&class{name: "IGMPv3", proto: "IGMP", new: func() packet.Layer { return layers.NewIGMPv3Query() }},
		&class{name: "IGMPv3mq", proto: "IGMP", merge: true},
		// a report's mrcode is 0 (Scapy's IGMPv3.post_build)
		&class{name: "IGMPv3mr", proto: "IGMP", merge: true, presets: []preset{{"mrcode", uint64(0)}}},
	)
	for i, n := range []string{"Solicit", "Advertise", "Request", "Confirm", "Renew", "Rebind", "Reply",
		"Release", "Decline", "Reconf", "InfoRequest", "RelayForward", "RelayReply"} {
		addClass(&class{name: "DHCP6_" + n, proto: "DHCPv6", presets: []preset{{"msgtype", uint64(i + 1)}}})
	}
	addConverter("IGMP", "records", func(c *compiler, n node) (any, error) {
		return objList[layers.IGMPv3Record](c, n, "IGMPv3 group record (IGMPv3gr(...))")
	})
	addObject("IGMPv3gr", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "rtype", "auxdlen", "numsrc", "maddr", "srcaddrs", "auxdata")
		if err != nil {
			return nil, err
		}
		r := layers.NewIGMPv3Record(k.u8("rtype", 1), k.addr("maddr", false, netip.IPv4Unspecified()), k.addrs("srcaddrs", false)...)
		r.AuxData = k.bytes("auxdata", nil)
		if k.has("auxdlen") && k.m["auxdlen"] != nil {
			r.AuxDataLen.Put(k.u8("auxdlen", 0))
		}
		if k.has("numsrc") && k.m["numsrc"] != nil {
			r.NumSrc.Put(k.u16("numsrc", 0))
		}
		return r, k.err
	})

	// DHCP: options as Scapy's list of tuples and names
	addConverter("DHCP", "options", func(c *compiler, n node) (any, error) {
		v, err := c.listFieldValue(n)
		if err != nil {
			return nil, err
		}
		if b, ok := v.([]byte); ok {
			return b, nil
		}
		var out []layers.DHCPOption
		for _, e := range pyList(v) {
			var name any
			var vals []any
			switch x := e.(type) {
			case pyTuple:
				if len(x) == 0 {
					return nil, fmt.Errorf("%w: an empty DHCP option", ErrBadValue)
				}
				name, vals = x[0], x[1:]
			default:
				name = e
			}
			var o layers.DHCPOption
			if s, ok := pyText(name); ok {
				args := make([]any, len(vals))
				for i, v := range vals {
					args[i] = goValue(v)
				}
				o, err = layers.NewDHCPOption(s, args...)
				if err != nil {
					return nil, err
				}
			} else {
				code, err := pyUint8(name)
				if err != nil {
					return nil, fmt.Errorf("%w: DHCP option %s", ErrBadValue, pyRepr(name))
				}
				var data []byte
				for _, v := range vals {
					b, ok := pyBytesOf(v)
					if !ok {
						return nil, fmt.Errorf("%w: DHCP option %d takes bytes, not %s", ErrBadValue, code, pyRepr(v))
					}
					data = append(data, b...)
				}
				o = layers.DHCPBytesOption(code, data)
			}
			out = append(out, o)
		}
		return out, nil
	})

	// DHCPv6 DUIDs
	addObject("DUID_LLT", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "type", "hwtype", "timeval", "lladdr")
		if err != nil {
			return nil, err
		}
		return layers.DUIDLLT(k.u16("hwtype", 1), k.u32("timeval", 0), k.mac("lladdr")), k.err
	})
	addObject("DUID_LL", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "type", "hwtype", "lladdr")
		if err != nil {
			return nil, err
		}
		return layers.DUIDLL(k.u16("hwtype", 1), k.mac("lladdr")), k.err
	})
	addObject("DUID_EN", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "type", "enterprisenum", "id")
		if err != nil {
			return nil, err
		}
		return layers.DUIDEN(k.u32("enterprisenum", 311), k.bytes("id", nil)), k.err
	})

	// DNS
	addObject("DNSQR", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "qname", "qtype", "qclass", "unicastresponse")
		if err != nil {
			return nil, err
		}
		q := layers.NewDNSQuestion(k.text("qname", "www.example.com"), uint16(k.enum("qtype", layers.DNSTypeNames, 16, 1)))
		q.Class = uint16(k.enum("qclass", layers.DNSClassNames, 16, 1))
		return q, k.err
	})
	rr := func(c *compiler, call *callExpr, extra ...string) (*kw, layers.DNSRR, error) {
		k, err := c.kw(call, append([]string{"rrname", "type", "rclass", "cacheflush", "ttl", "rdlen"}, extra...)...)
		if err != nil {
			return nil, layers.DNSRR{}, err
		}
		r := layers.NewDNSRR(k.text("rrname", "."), uint16(k.enum("type", layers.DNSTypeNames, 16, 1)), k.u32("ttl", 0), nil)
		r.Class = uint16(k.enum("rclass", layers.DNSClassNames, 16, 1))
		if k.has("rdlen") && k.m["rdlen"] != nil {
			r.RDLen.Put(k.u16("rdlen", 0))
		}
		return k, r, nil
	}
	addObject("DNSRR", func(c *compiler, call *callExpr) (any, error) {
		k, r, err := rr(c, call, "rdata")
		if err != nil {
			return nil, err
		}
		ttl, rd := r.TTL, k.m["rdata"]
		var x layers.DNSRR
		switch r.Type {
		case layers.DNSTypeA:
			x = layers.DNSRRA(k.text("rrname", "."), ttl, plainValue(orDefault(rd, "0.0.0.0")))
		case layers.DNSTypeAAAA:
			x = layers.DNSRRAAAA(k.text("rrname", "."), ttl, plainValue(orDefault(rd, "::")))
		case layers.DNSTypeCNAME, layers.DNSTypeNS, layers.DNSTypePTR:
			x = layers.DNSRRCNAME(k.text("rrname", "."), ttl, k.text("rdata", ""))
		case layers.DNSTypeTXT:
			var txt []string
			for _, e := range pyList(rd) {
				s, ok := pyText(e)
				if !ok {
					b, ok := e.([]byte)
					if !ok {
						return nil, fmt.Errorf("%w: TXT rdata %s", ErrBadValue, pyRepr(e))
					}
					s = string(b)
				}
				txt = append(txt, s)
			}
			x = layers.DNSRRTXT(k.text("rrname", "."), ttl, txt...)
		default:
			x = layers.NewDNSRR(k.text("rrname", "."), r.Type, ttl, k.bytes("rdata", nil))
		}
		x.Type, x.Class, x.RDLen = r.Type, r.Class, r.RDLen
		return x, firstErr(k.err, x.Err())
	})
	addObject("DNSRRMX", func(c *compiler, call *callExpr) (any, error) {
		k, r, err := rr(c, call, "preference", "exchange")
		if err != nil {
			return nil, err
		}
		x := layers.DNSRRMX(k.text("rrname", "."), r.TTL, k.u16("preference", 0), k.text("exchange", ""))
		x.Class, x.RDLen = r.Class, r.RDLen
		return x, firstErr(k.err, x.Err())
	})
	addObject("DNSRRSOA", func(c *compiler, call *callExpr) (any, error) {
		k, r, err := rr(c, call, "mname", "rname", "serial", "refresh", "retry", "expire", "minimum")
		if err != nil {
			return nil, err
		}
		x := layers.DNSRRSOA(k.text("rrname", "."), r.TTL, k.text("mname", ""), k.text("rname", ""),
			k.u32("serial", 0), k.u32("refresh", 0), k.u32("retry", 0), k.u32("expire", 0), k.u32("minimum", 0))
		x.Class, x.RDLen = r.Class, r.RDLen
		return x, firstErr(k.err, x.Err())
	})
	addObject("DNSRRSRV", func(c *compiler, call *callExpr) (any, error) {
		k, r, err := rr(c, call, "priority", "weight", "port", "target")
		if err != nil {
			return nil, err
		}
		x := layers.DNSRRSRV(k.text("rrname", "."), r.TTL, k.u16("priority", 0), k.u16("weight", 0), k.u16("port", 0), k.text("target", ""))
		x.Class, x.RDLen = r.Class, r.RDLen
		return x, firstErr(k.err, x.Err())
	})
	addObject("DNSRROPT", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "rrname", "type", "rclass", "extrcode", "version", "z", "rdlen", "rdata")
		if err != nil {
			return nil, err
		}
		var opts []layers.EDNS0Option
		for _, e := range pyList(k.m["rdata"]) {
			o, ok := e.(layers.EDNS0Option)
			if !ok {
				return nil, fmt.Errorf("%w: %s is no EDNS0 option (EDNS0TLV(...))", ErrBadValue, pyRepr(e))
			}
			opts = append(opts, o)
		}
		x := layers.DNSRROPT(k.u16("rclass", 4096), k.u16("z", 0x8000), opts...)
		x.TTL |= uint32(k.u8("extrcode", 0))<<24 | uint32(k.u8("version", 0))<<16
		if k.has("rdlen") && k.m["rdlen"] != nil {
			x.RDLen.Put(k.u16("rdlen", 0))
		}
		return x, firstErr(k.err, x.Err())
	})
	addObject("EDNS0TLV", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "optcode", "optlen", "optdata")
		if err != nil {
			return nil, err
		}
		return layers.EDNS0Option{Code: k.u16("optcode", 0), Data: k.bytes("optdata", nil)}, k.err
	})
	wrappers["dns_compress"] = func(ls []*layerT) error {
		found := false
		for _, l := range ls {
			if l.proto.Name != "DNS" {
				continue
			}
			found = true
			prev, pr := l.newFn, l.proto
			l.newFn = func() packet.Layer {
				var x packet.Layer
				if prev != nil {
					x = prev()
				} else {
					x = pr.New()
				}
				if d, ok := x.(*layers.DNS); ok {
					d.Compress = true
				}
				return x
			}
		}
		if !found {
			return fmt.Errorf("%w: no DNS layer to compress", ErrBadValue)
		}
		return nil
	}
	addConverter("DNS", "qd", func(c *compiler, n node) (any, error) {
		return objList[layers.DNSQuestion](c, n, "DNS question (DNSQR(...))")
	})
	rrs := func(c *compiler, n node) (any, error) {
		return objList[layers.DNSRR](c, n, "DNS record (DNSRR(...))")
	}
	addConverter("DNS", "an", rrs)
	addConverter("DNS", "ns", rrs)
	addConverter("DNS", "ar", rrs)
}

// mac reads a MAC address given as text or 6 bytes.
func (k *kw) mac(name string) []byte {
	v, ok := k.m[name]
	if !ok || v == nil {
		return make([]byte, 6)
	}
	if b, ok := v.([]byte); ok {
		return b
	}
	s, _ := pyText(v)
	m, err := fields.ParseMAC(s)
	if err != nil {
		k.fail(name, err)
	}
	return m[:]
}

func orDefault(v, def any) any {
	if v == nil {
		return def
	}
	return v
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// goValue converts a Python constant to the Go value layer constructors
// take: text as string, lists of integers as []int, lists of text as
// []string.
func goValue(v any) any {
	switch x := v.(type) {
	case bareText:
		return string(x)
	case int64:
		return x
	case []any:
		ints := make([]int, 0, len(x))
		for _, e := range x {
			i, ok := pyInt(e)
			if !ok {
				return plainValue(x)
			}
			ints = append(ints, int(i))
		}
		return ints
	}
	return v
}
