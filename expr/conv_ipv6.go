package expr

import (
	"fmt"
	"net/netip"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// ICMPv6 classes, IPv6 extension header options, MLDv2 records.

// objList evaluates a list of objects of type T (what Scapy classes
// return here); raw bytes pass through for the layer's own decoding.
func objList[T any](c *compiler, n node, what string) (any, error) {
	v, err := c.listFieldValue(n)
	if err != nil {
		return nil, err
	}
	if b, ok := v.([]byte); ok {
		return b, nil
	}
	if v == nil {
		return []T(nil), nil
	}
	var out []T
	for _, e := range pyList(v) {
		x, ok := e.(T)
		if !ok {
			return nil, fmt.Errorf("%w: %s is no %s", ErrBadValue, pyRepr(e), what)
		}
		out = append(out, x)
	}
	return out, nil
}

// icmp6 is a Scapy ICMPv6 class: ICMPv6 with its type and defaults.
func icmp6(name string, typ uint8, mldv2 bool) *class {
	return &class{name: name, proto: "ICMPv6", new: func() packet.Layer {
		m := layers.NewICMPv6Of(typ)
		m.MLDv2 = mldv2
		return m
	}}
}

// echoData: the data of an echo message is goscapy's Raw payload.
var echoData = map[string]func(b []byte) ([]preset, []byte){
	"data": func(b []byte) ([]preset, []byte) { return nil, b },
}

func init() {
	er := icmp6("ICMPv6EchoRequest", layers.ICMPv6EchoRequest, false)
	er.tail = echoData
	ep := icmp6("ICMPv6EchoReply", layers.ICMPv6EchoReply, false)
	ep.tail = echoData
	unk := icmp6("ICMPv6Unknown", layers.ICMPv6DestUnreach, false)
	unk.tail = map[string]func(b []byte) ([]preset, []byte){
		// the first four bytes of the body are goscapy's word field
		"msgbody": func(b []byte) ([]preset, []byte) {
			if len(b) < 4 {
				return nil, b
			}
			w := uint64(b[0])<<24 | uint64(b[1])<<16 | uint64(b[2])<<8 | uint64(b[3])
			return []preset{{"word", w}}, b[4:]
		},
	}
	addClass(er, ep, unk,
		icmp6("ICMPv6DestUnreach", layers.ICMPv6DestUnreach, false),
		icmp6("ICMPv6PacketTooBig", layers.ICMPv6PacketTooBig, false),
		icmp6("ICMPv6TimeExceeded", layers.ICMPv6TimeExceeded, false),
		icmp6("ICMPv6ParamProblem", layers.ICMPv6ParamProblem, false),
		icmp6("ICMPv6ND_RS", layers.ICMPv6RouterSolicitation, false),
		icmp6("ICMPv6ND_RA", layers.ICMPv6RouterAdvertisement, false),
		icmp6("ICMPv6ND_NS", layers.ICMPv6NeighborSolicitation, false),
		icmp6("ICMPv6ND_NA", layers.ICMPv6NeighborAdvertisement, false),
		icmp6("ICMPv6ND_Redirect", layers.ICMPv6Redirect, false),
		icmp6("ICMPv6MLQuery", layers.ICMPv6MLDQuery, false),
		icmp6("ICMPv6MLReport", layers.ICMPv6MLDReport, false),
		icmp6("ICMPv6MLDone", layers.ICMPv6MLDDone, false),
		icmp6("ICMPv6MLQuery2", layers.ICMPv6MLDQuery, true),
		icmp6("ICMPv6MLReport2", layers.ICMPv6MLDv2Report, false),
		// the layers quoted by an ICMPv6 error are plain layers here
		&class{name: "IPerror6", proto: "IPv6"},
	)
	addConverter("ICMPv6", "records", func(c *compiler, n node) (any, error) {
		return objList[layers.MLDv2Record](c, n, "MLDv2 record (ICMPv6MLDMultAddrRec(...))")
	})
	addObject("ICMPv6MLDMultAddrRec", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "rtype", "auxdata_len", "sources_number", "dst", "sources", "auxdata")
		if err != nil {
			return nil, err
		}
		r := layers.NewMLDv2Record(k.addr("dst", true, netip.IPv6Unspecified()), k.addrs("sources", true)...)
		r.Type = k.u8("rtype", r.Type)
		r.AuxData = k.bytes("auxdata", nil)
		if k.has("auxdata_len") && k.m["auxdata_len"] != nil {
			r.AuxDataLen.Put(k.u8("auxdata_len", 0))
		}
		if k.has("sources_number") && k.m["sources_number"] != nil {
			r.SourcesNumber.Put(k.u16("sources_number", 0))
		}
		return r, k.err
	})

	// IPv6 extension header options
	opts := func(c *compiler, n node) (any, error) {
		return objList[layers.IPv6Option](c, n, "IPv6 option (PadN(...), RouterAlert(), Jumbo(...), HAO(...))")
	}
	addConverter("IPv6ExtHdrHopByHop", "options", opts)
	addConverter("IPv6ExtHdrDestOpt", "options", opts)
	addObject("Pad1", func(c *compiler, call *callExpr) (any, error) {
		return layers.IPv6OptionPad1(), nil
	})
	generic := func(def uint8) func(c *compiler, call *callExpr) (any, error) {
		return func(c *compiler, call *callExpr) (any, error) {
			k, err := c.kw(call, "otype", "optlen", "optdata")
			if err != nil {
				return nil, err
			}
			o := layers.IPv6Option{Type: k.u8("otype", def), Data: k.bytes("optdata", []byte{})}
			if k.has("optlen") && k.m["optlen"] != nil {
				o.Length = k.u8("optlen", 0)
			}
			return o, k.err
		}
	}
	addObject("PadN", generic(1))
	addObject("HBHOptUnknown", generic(1))
	addObject("RouterAlert", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "otype", "optlen", "value")
		if err != nil {
			return nil, err
		}
		return layers.IPv6OptionRouterAlert(k.u16("value", 0)), k.err
	})
	addObject("Jumbo", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "otype", "optlen", "jumboplen")
		if err != nil {
			return nil, err
		}
		return layers.IPv6OptionJumbo(k.u32("jumboplen", 0)), k.err
	})
	addObject("HAO", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "otype", "optlen", "hoa")
		if err != nil {
			return nil, err
		}
		return layers.IPv6OptionHAO(k.addr("hoa", true, netip.IPv6Unspecified())), k.err
	})
	addConverter("IPv6ExtHdrSegmentRouting", "tlv_objects", func(c *compiler, n node) (any, error) {
		return objList[layers.SRHTLV](c, n, "segment routing TLV (IPv6ExtHdrSegmentRoutingTLVPadN(...))")
	})
	srhTLV := func(typ uint8, field string) func(c *compiler, call *callExpr) (any, error) {
		return func(c *compiler, call *callExpr) (any, error) {
			k, err := c.kw(call, "type", "len", field)
			if err != nil {
				return nil, err
			}
			return layers.SRHTLV{Type: k.u8("type", typ), Value: k.bytes(field, []byte{})}, k.err
		}
	}
	addObject("IPv6ExtHdrSegmentRoutingTLVPadN", srhTLV(layers.SRHTLVPadN, "padding"))
	addObject("IPv6ExtHdrSegmentRoutingTLV", srhTLV(0, "value"))
}
