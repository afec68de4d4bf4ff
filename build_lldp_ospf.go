package goscapy

import (
	"net/netip"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// LLDPBuilder builds an LLDPDU: TLVs appended in the order of the calls.
//
//	frame, err := goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC(layers.LLDPMulticast).
//		Over(goscapy.NewLLDP().ChassisMAC("02:00:00:00:00:01").PortName("eth0").TTL(120).
//			SystemName("sw1").End()).
//		Build()
type LLDPBuilder struct{ base[*layers.LLDP] }

// NewLLDP starts an empty LLDPDU.
func NewLLDP() *LLDPBuilder { return &LLDPBuilder{base[*layers.LLDP]{l: layers.NewLLDP()}} }

func (b *LLDPBuilder) add(t layers.LLDPTLV) *LLDPBuilder {
	b.l.TLVs = append(b.l.TLVs, t)
	return b
}

// TLV appends TLVs as given.
func (b *LLDPBuilder) TLV(t ...layers.LLDPTLV) *LLDPBuilder {
	b.l.TLVs = append(b.l.TLVs, t...)
	return b
}

// ChassisID appends a Chassis ID TLV with any subtype
// (layers.LLDPChassisMAC, ...).
func (b *LLDPBuilder) ChassisID(subtype uint8, id []byte) *LLDPBuilder {
	return b.add(layers.LLDPChassisID(subtype, id))
}

// ChassisMAC appends a Chassis ID TLV of subtype MAC address.
func (b *LLDPBuilder) ChassisMAC(v any) *LLDPBuilder {
	m := b.mac("chassis id", v)
	return b.add(layers.LLDPChassisID(layers.LLDPChassisMAC, m[:]))
}

// ChassisName appends a Chassis ID TLV of subtype locally assigned.
func (b *LLDPBuilder) ChassisName(s string) *LLDPBuilder {
	return b.add(layers.LLDPChassisID(layers.LLDPChassisLocal, []byte(s)))
}

// PortID appends a Port ID TLV with any subtype (layers.LLDPPortMAC, ...).
func (b *LLDPBuilder) PortID(subtype uint8, id []byte) *LLDPBuilder {
	return b.add(layers.LLDPPortID(subtype, id))
}

// PortName appends a Port ID TLV of subtype interface name.
func (b *LLDPBuilder) PortName(s string) *LLDPBuilder {
	return b.add(layers.LLDPPortID(layers.LLDPPortInterfaceName, []byte(s)))
}

// PortMAC appends a Port ID TLV of subtype MAC address.
func (b *LLDPBuilder) PortMAC(v any) *LLDPBuilder {
	m := b.mac("port id", v)
	return b.add(layers.LLDPPortID(layers.LLDPPortMAC, m[:]))
}

// TTL appends a Time To Live TLV (seconds).
func (b *LLDPBuilder) TTL(ttl uint16) *LLDPBuilder { return b.add(layers.LLDPTTL(ttl)) }

// PortDescription, SystemName and SystemDescription append the text TLVs.
func (b *LLDPBuilder) PortDescription(s string) *LLDPBuilder {
	return b.add(layers.LLDPText(layers.LLDPTLVPortDescription, s))
}
func (b *LLDPBuilder) SystemName(s string) *LLDPBuilder {
	return b.add(layers.LLDPText(layers.LLDPTLVSystemName, s))
}
func (b *LLDPBuilder) SystemDescription(s string) *LLDPBuilder {
	return b.add(layers.LLDPText(layers.LLDPTLVSystemDescription, s))
}

// SystemCapabilities appends a System Capabilities TLV
// (layers.LLDPCapBridge|layers.LLDPCapRouter, ...).
func (b *LLDPBuilder) SystemCapabilities(available, enabled uint16) *LLDPBuilder {
	return b.add(layers.LLDPSystemCapabilities(available, enabled))
}

// ManagementAddress appends a Management Address TLV for an IPv4 or IPv6
// address ("192.0.2.1", netip.Addr) with the interface's ifIndex.
func (b *LLDPBuilder) ManagementAddress(addr any, ifIndex uint32) *LLDPBuilder {
	a, err := fields.AddrFrom(addr, false)
	if err != nil {
		if a, err = fields.AddrFrom(addr, true); err != nil {
			b.fail("management address", addr, err)
			return b
		}
	}
	return b.add(layers.LLDPManagementAddress(a, ifIndex))
}

// OrgSpecific appends an organisation-specific TLV.
func (b *LLDPBuilder) OrgSpecific(oui uint32, subtype uint8, data []byte) *LLDPBuilder {
	return b.add(layers.LLDPOrgSpecific(oui, subtype, data))
}

// End appends the End Of LLDPDU TLV.
func (b *LLDPBuilder) End() *LLDPBuilder { return b.add(layers.LLDPEnd()) }

// Set sets any field by its Scapy name ("tlvs").
func (b *LLDPBuilder) Set(field string, v any) *LLDPBuilder { b.set(field, v); return b }

// EtherLLDP builds Ethernet/LLDP to the nearest-bridge group
// 01:80:c2:00:00:0e: chassis ID the source MAC, port ID the interface
// name, the TTL, the system name when not empty, and End Of LLDPDU; a
// short frame is padded with zeros to 60 bytes, as Scapy's LLDPDU does.
func EtherLLDP(srcMAC any, portName string, ttl uint16, systemName string) ([]byte, error) {
	l := NewLLDP().ChassisMAC(srcMAC).PortName(portName).TTL(ttl)
	if systemName != "" {
		l.SystemName(systemName)
	}
	l.End()
	s := NewEthernet().SrcMAC(srcMAC).DstMAC(layers.LLDPMulticast).Over(l)
	if n := layers.EthHdrLen + l.l.HeaderLen(); n < 60 {
		s = s.Over(NewRaw(make([]byte, 60-n)))
	}
	return s.Build()
}

// OSPFBuilder builds an OSPFv2 header; type, len and chksum are computed
// unless set.
//
//	hello, err := goscapy.NewIP().SrcIP("192.0.2.1").DstIP(layers.OSPFAllSPFRouters).TTL(1).
//		Over(goscapy.NewOSPF().Src("192.0.2.1")).
//		Over(goscapy.NewOSPFHello().Neighbors("192.0.2.2")).
//		Build()
type OSPFBuilder struct{ base[*layers.OSPF] }

// NewOSPF starts an OSPF header with Scapy's defaults: version 2, src
// 1.1.1.1, area 0.0.0.0, null authentication.
func NewOSPF() *OSPFBuilder { return &OSPFBuilder{base[*layers.OSPF]{l: layers.NewOSPF()}} }

func ospfAddrArg(fail func(string, any, error), field string, v any) netip.Addr {
	a, err := fields.AddrFrom(v, false)
	if err != nil {
		fail(field, v, err)
	}
	return a
}

// Version sets the version (2).
func (b *OSPFBuilder) Version(v uint8) *OSPFBuilder { b.l.Version = v; return b }

// Type sets the packet type (layers.OSPFHello, ...); by default it comes
// from the layer above.
func (b *OSPFBuilder) Type(v uint8) *OSPFBuilder { b.l.Type = fields.Some(v); return b }

// Len sets the packet length; by default 24 and the body.
func (b *OSPFBuilder) Len(v uint16) *OSPFBuilder { b.l.Len = fields.Some(v); return b }

// Src sets the router ID.
func (b *OSPFBuilder) Src(v any) *OSPFBuilder { b.l.Src = ospfAddrArg(b.fail, "src", v); return b }

// Area sets the area ID.
func (b *OSPFBuilder) Area(v any) *OSPFBuilder { b.l.Area = ospfAddrArg(b.fail, "area", v); return b }

// Chksum sets the checksum; by default it is computed.
func (b *OSPFBuilder) Chksum(v uint16) *OSPFBuilder { b.l.Chksum = fields.Some(v); return b }

// AuthType sets the authentication type (layers.OSPFAuthNull, ...).
func (b *OSPFBuilder) AuthType(v uint16) *OSPFBuilder { b.l.AuthType = v; return b }

// AuthData sets the authentication field (null or simple authentication).
func (b *OSPFBuilder) AuthData(v uint64) *OSPFBuilder { b.l.AuthData = v; return b }

// CryptoAuth selects cryptographic authentication with a key ID, digest
// length and sequence number (the digest itself is appended by the
// caller, outside the packet length).
func (b *OSPFBuilder) CryptoAuth(keyID, authDataLen uint8, seq uint32) *OSPFBuilder {
	b.l.AuthType, b.l.KeyID, b.l.AuthDataLen, b.l.Seq = layers.OSPFAuthCrypto, keyID, authDataLen, seq
	return b
}

// Set sets any field by its Scapy name.
func (b *OSPFBuilder) Set(field string, v any) *OSPFBuilder { b.set(field, v); return b }

// OSPFHelloBuilder builds an OSPF Hello.
type OSPFHelloBuilder struct{ base[*layers.OSPFHelloBody] }

// NewOSPFHello starts a Hello with Scapy's defaults: mask 255.255.255.0,
// hello interval 10, priority 1, dead interval 40.
func NewOSPFHello() *OSPFHelloBuilder {
	return &OSPFHelloBuilder{base[*layers.OSPFHelloBody]{l: layers.NewOSPFHello()}}
}

// Mask sets the network mask.
func (b *OSPFHelloBuilder) Mask(v any) *OSPFHelloBuilder {
	b.l.Mask = ospfAddrArg(b.fail, "mask", v)
	return b
}

// HelloInterval and DeadInterval set the timers (seconds).
func (b *OSPFHelloBuilder) HelloInterval(v uint16) *OSPFHelloBuilder { b.l.HelloInterval = v; return b }
func (b *OSPFHelloBuilder) DeadInterval(v uint32) *OSPFHelloBuilder  { b.l.DeadInterval = v; return b }

// Options sets the options (E 0x02, ...).
func (b *OSPFHelloBuilder) Options(v uint8) *OSPFHelloBuilder { b.l.Options = v; return b }

// Prio sets the router priority.
func (b *OSPFHelloBuilder) Prio(v uint8) *OSPFHelloBuilder { b.l.Prio = v; return b }

// Router and Backup set the designated and backup designated routers.
func (b *OSPFHelloBuilder) Router(v any) *OSPFHelloBuilder {
	b.l.Router = ospfAddrArg(b.fail, "router", v)
	return b
}
func (b *OSPFHelloBuilder) Backup(v any) *OSPFHelloBuilder {
	b.l.Backup = ospfAddrArg(b.fail, "backup", v)
	return b
}

// Neighbors appends neighbor router IDs.
func (b *OSPFHelloBuilder) Neighbors(v ...any) *OSPFHelloBuilder {
	for _, x := range v {
		b.l.Neighbors = append(b.l.Neighbors, ospfAddrArg(b.fail, "neighbors", x))
	}
	return b
}

// Set sets any field by its Scapy name.
func (b *OSPFHelloBuilder) Set(field string, v any) *OSPFHelloBuilder { b.set(field, v); return b }

// OSPFDBDescBuilder builds an OSPF database description.
type OSPFDBDescBuilder struct{ base[*layers.OSPFDBDescBody] }

// NewOSPFDBDesc starts a database description with Scapy's defaults (mtu
// 1500, ddseq 1).
func NewOSPFDBDesc() *OSPFDBDescBuilder {
	return &OSPFDBDescBuilder{base[*layers.OSPFDBDescBody]{l: layers.NewOSPFDBDesc()}}
}

// MTU, Options, DBDescr (MS 1, M 2, I 4) and DDSeq set the fields.
func (b *OSPFDBDescBuilder) MTU(v uint16) *OSPFDBDescBuilder        { b.l.MTU = v; return b }
func (b *OSPFDBDescBuilder) Options(v uint8) *OSPFDBDescBuilder     { b.l.Options = v; return b }
func (b *OSPFDBDescBuilder) DBDescr(v uint8) *OSPFDBDescBuilder     { b.l.DBDescr = v; return b }
func (b *OSPFDBDescBuilder) DDSeq(v uint32) *OSPFDBDescBuilder      { b.l.DDSeq = v; return b }
func (b *OSPFDBDescBuilder) Set(f string, v any) *OSPFDBDescBuilder { b.set(f, v); return b }

// LSAHeaders appends LSA headers (layers.NewOSPFLSAHdr gives Scapy's
// defaults).
func (b *OSPFDBDescBuilder) LSAHeaders(h ...layers.OSPFLSAHdr) *OSPFDBDescBuilder {
	b.l.LSAHeaders = append(b.l.LSAHeaders, h...)
	return b
}

// OSPFLSReqBuilder builds an OSPF link state request.
type OSPFLSReqBuilder struct{ base[*layers.OSPFLSReqBody] }

// NewOSPFLSReq starts an empty link state request.
func NewOSPFLSReq() *OSPFLSReqBuilder {
	return &OSPFLSReqBuilder{base[*layers.OSPFLSReqBody]{l: layers.NewOSPFLSReq()}}
}

// Request appends a request: LSA type, link state ID, advertising router.
func (b *OSPFLSReqBuilder) Request(typ uint32, id, adRouter any) *OSPFLSReqBuilder {
	i, err := fields.AddrFrom(id, false)
	if err != nil {
		b.fail("id", id, err)
	}
	a, err := fields.AddrFrom(adRouter, false)
	if err != nil {
		b.fail("adrouter", adRouter, err)
	}
	b.l.Requests = append(b.l.Requests, layers.OSPFLSReqItem{Type: typ, ID: i, AdRouter: a})
	return b
}

// Set sets any field by its Scapy name.
func (b *OSPFLSReqBuilder) Set(f string, v any) *OSPFLSReqBuilder { b.set(f, v); return b }

// OSPFLSUpdBuilder builds an OSPF link state update.
type OSPFLSUpdBuilder struct{ base[*layers.OSPFLSUpdBody] }

// NewOSPFLSUpd starts an empty link state update.
func NewOSPFLSUpd() *OSPFLSUpdBuilder {
	return &OSPFLSUpdBuilder{base[*layers.OSPFLSUpdBody]{l: layers.NewOSPFLSUpd()}}
}

// LSAs appends LSAs (layers.OSPFRouterLSA, OSPFNetworkLSA, ...); their
// lengths and Fletcher checksums are computed unless set.
func (b *OSPFLSUpdBuilder) LSAs(a ...layers.OSPFLSA) *OSPFLSUpdBuilder {
	b.l.LSAs = append(b.l.LSAs, a...)
	return b
}

// LSACount sets the LSA count; by default the number of LSAs.
func (b *OSPFLSUpdBuilder) LSACount(v uint32) *OSPFLSUpdBuilder {
	b.l.LSACount = fields.Some(v)
	return b
}

// Set sets any field by its Scapy name.
func (b *OSPFLSUpdBuilder) Set(f string, v any) *OSPFLSUpdBuilder { b.set(f, v); return b }

// OSPFLSAckBuilder builds an OSPF link state acknowledgment.
type OSPFLSAckBuilder struct{ base[*layers.OSPFLSAckBody] }

// NewOSPFLSAck starts an empty acknowledgment.
func NewOSPFLSAck() *OSPFLSAckBuilder {
	return &OSPFLSAckBuilder{base[*layers.OSPFLSAckBody]{l: layers.NewOSPFLSAck()}}
}

// LSAHeaders appends the headers of the acknowledged LSAs.
func (b *OSPFLSAckBuilder) LSAHeaders(h ...layers.OSPFLSAHdr) *OSPFLSAckBuilder {
	b.l.LSAHeaders = append(b.l.LSAHeaders, h...)
	return b
}

// Set sets any field by its Scapy name.
func (b *OSPFLSAckBuilder) Set(f string, v any) *OSPFLSAckBuilder { b.set(f, v); return b }

// OSPFHelloPacket builds IP/OSPF/Hello as routers send it: to
// AllSPFRouters (224.0.0.5) with TTL 1 and TOS 0xc0 (internetwork
// control), router ID routerID in area, listing the neighbors seen.
func OSPFHelloPacket(srcIP, routerID, area any, neighbors ...any) ([]byte, error) {
	return NewIP().SrcIP(srcIP).DstIP(layers.OSPFAllSPFRouters).TTL(1).TOS(0xc0).
		Over(NewOSPF().Src(routerID).Area(area)).
		Over(NewOSPFHello().Neighbors(neighbors...)).Build()
}
