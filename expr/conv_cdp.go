package expr

import (
	"fmt"
	"net/netip"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// CDP: Scapy's contrib.cdp message classes (CDPMsgDeviceID, CDPMsgAddr
// with CDPAddrRecordIPv4, ...) in CDPv2_HDR(msg=[...]).

// cdpAddrRecord is the bytes of one CDPAddrRecord.
type cdpAddrRecord []byte

// cdpCapNames are Scapy's names of the capability bits, lowest first.
var cdpCapNames = func() []string {
	n := []string{"Router", "TransparentBridge", "SourceRouteBridge", "Switch", "Host", "IGMPCapable", "Repeater"}
	for i := 25; i > 0; i-- {
		n = append(n, fmt.Sprintf("Bit%d", i))
	}
	return n
}()

// cdpMsg makes a CDP message class of type typ (0: CDPMsgGeneric, whose
// type is a field): value builds the value from the other arguments.
func cdpMsg(typ uint16, value func(k *kw) []byte, names ...string) func(c *compiler, call *callExpr) (any, error) {
	allowed := append([]string{"type", "len"}, names...)
	return func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, allowed...)
		if err != nil {
			return nil, err
		}
		t := layers.CDPTLV{Type: k.u16("type", typ), Length: k.u16("len", 0), Value: value(k)}
		if k.err == nil && len(t.Value) > 0xffff-4 {
			return nil, fmt.Errorf("%w: a value of %d bytes does not fit in a CDP message", ErrBadValue, len(t.Value))
		}
		return t, k.err
	}
}

func cdpU16(name string, def uint16) func(k *kw) []byte {
	return func(k *kw) []byte { v := k.u16(name, def); return []byte{byte(v >> 8), byte(v)} }
}

func cdpU8(name string, def uint8) func(k *kw) []byte {
	return func(k *kw) []byte { return []byte{k.u8(name, def)} }
}

func cdpBytes(name string, def string) func(k *kw) []byte {
	return func(k *kw) []byte { return k.bytes(name, []byte(def)) }
}

func cdpAddrs(k *kw) []byte {
	var recs []byte
	n := 0
	for _, e := range pyList(k.m["addr"]) {
		r, ok := e.(cdpAddrRecord)
		if !ok {
			k.fail("addr", fmt.Errorf("%w: %s is no CDPAddrRecordIPv4(...) or CDPAddrRecordIPv6(...)", ErrBadValue, pyRepr(e)))
			return nil
		}
		recs = append(recs, r...)
		n++
	}
	c := k.u32("naddr", uint32(n))
	return append([]byte{byte(c >> 24), byte(c >> 16), byte(c >> 8), byte(c)}, recs...)
}

// cdpAddrRecordObj makes CDPAddrRecord classes: ptype, the protocol and
// the address with their lengths.
func cdpAddrRecordObj(ptype uint8, proto []byte, want6 int) func(c *compiler, call *callExpr) (any, error) {
	return func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "ptype", "plen", "proto", "addrlen", "addr")
		if err != nil {
			return nil, err
		}
		p := k.bytes("proto", proto)
		var addr []byte
		switch want6 {
		case 0:
			addr = k.ipv4("addr", netip.IPv4Unspecified())
		case 1:
			addr = make([]byte, 16)
			if a := k.addr("addr", true, netip.IPv6Loopback()); a.IsValid() {
				b := a.As16()
				addr = b[:]
			}
		default:
			addr = k.bytes("addr", nil)
		}
		r := cdpAddrRecord{k.u8("ptype", ptype), k.u8("plen", uint8(len(p)))}
		r = append(r, p...)
		al := k.u16("addrlen", uint16(len(addr)))
		r = append(r, byte(al>>8), byte(al))
		return append(r, addr...), k.err
	}
}

func init() {
	text := func(typ uint16) func(c *compiler, call *callExpr) (any, error) {
		return cdpMsg(typ, cdpBytes("val", ""), "val")
	}
	addObject("CDPMsgGeneric", text(0))
	addObject("CDPMsgDeviceID", text(layers.CDPTLVDeviceID))
	addObject("CDPMsgSoftwareVersion", text(layers.CDPTLVSoftwareVersion))
	addObject("CDPMsgPlatform", text(layers.CDPTLVPlatform))
	addObject("CDPMsgVTPMgmtDomain", text(layers.CDPTLVVTPDomain))
	addObject("CDPMsgPortID", cdpMsg(layers.CDPTLVPortID, cdpBytes("iface", "Port 1"), "iface"))
	addObject("CDPMsgCapabilities", cdpMsg(layers.CDPTLVCapabilities, func(k *kw) []byte {
		var u uint64
		if v, ok := k.m["cap"]; ok && v != nil {
			if s, ok := pyText(v); ok {
				f, ok := fields.ParseFlags(s, cdpCapNames)
				if !ok {
					k.fail("cap", fmt.Errorf("%w: unknown capabilities %q", ErrBadValue, s))
				}
				u = f
			} else {
				u = k.uint("cap", 32, 0)
			}
		}
		return []byte{byte(u >> 24), byte(u >> 16), byte(u >> 8), byte(u)}
	}, "cap"))
	addObject("CDPMsgAddr", cdpMsg(layers.CDPTLVAddresses, cdpAddrs, "naddr", "addr"))
	addObject("CDPMsgMgmtAddr", cdpMsg(layers.CDPTLVMgmtAddress, cdpAddrs, "naddr", "addr"))
	addObject("CDPMsgNativeVLAN", cdpMsg(layers.CDPTLVNativeVLAN, cdpU16("vlan", 1), "vlan"))
	addObject("CDPMsgMTU", cdpMsg(layers.CDPTLVMTU, cdpU16("mtu", 1500), "mtu"))
	addObject("CDPMsgDuplex", cdpMsg(layers.CDPTLVDuplex, cdpU8("duplex", 0), "duplex"))
	addObject("CDPMsgTrustBitmap", cdpMsg(layers.CDPTLVTrustBitmap, cdpU8("trust_bitmap", 0), "trust_bitmap"))
	addObject("CDPMsgUntrustedPortCoS", cdpMsg(layers.CDPTLVUntrustedCoS, cdpU8("untrusted_port_cos", 0), "untrusted_port_cos"))
	addObject("CDPMsgVoIPVLANReply", cdpMsg(layers.CDPTLVVoIPVLANReply, func(k *kw) []byte {
		v := k.u16("vlan", 1)
		return []byte{k.u8("status", 1), byte(v >> 8), byte(v)}
	}, "status", "vlan"))
	addObject("CDPMsgIPPrefix", cdpMsg(layers.CDPTLVIPPrefix, func(k *kw) []byte {
		return append(k.ipv4("prefix", netip.AddrFrom4([4]byte{192, 168, 0, 1})), k.u8("plen", 24))
	}, "prefix", "plen"))
	addObject("CDPAddrRecordIPv4", cdpAddrRecordObj(1, []byte{0xcc}, 0))
	addObject("CDPAddrRecordIPv6", cdpAddrRecordObj(2, []byte{0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x86, 0xdd}, 1))
	addObject("CDPAddrRecord", cdpAddrRecordObj(1, nil, 2))
	addConverter("CDPv2_HDR", "msg", func(c *compiler, n node) (any, error) {
		v, err := objList[layers.CDPTLV](c, n, "CDP message (CDPMsgDeviceID(...), ...)")
		if _, isBytes := v.([]byte); isBytes {
			return nil, fmt.Errorf("%w: msg takes CDP messages (CDPMsgDeviceID(...), ...)", ErrBadValue)
		}
		return v, err
	})
}
