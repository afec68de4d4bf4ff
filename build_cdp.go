package goscapy

import (
	"net/netip"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// LLCBuilder builds an IEEE 802.2 LLC header; unset fields come from the
// layer above (SNAP: 0xaa, 0xaa, 3).
type LLCBuilder struct{ base[*layers.LLC] }

// NewLLC starts an LLC header.
func NewLLC() *LLCBuilder { return &LLCBuilder{base[*layers.LLC]{l: layers.NewLLC()}} }

// DSAP, SSAP and Ctrl set the fields.
func (b *LLCBuilder) DSAP(v uint8) *LLCBuilder { b.l.DSAP = fields.Some(v); return b }
func (b *LLCBuilder) SSAP(v uint8) *LLCBuilder { b.l.SSAP = fields.Some(v); return b }
func (b *LLCBuilder) Ctrl(v uint8) *LLCBuilder { b.l.Ctrl = fields.Some(v); return b }

// Set sets any field by its Scapy name.
func (b *LLCBuilder) Set(field string, v any) *LLCBuilder { b.set(field, v); return b }

// SNAPBuilder builds a SNAP header; unset fields come from the layer
// above (CDP: Cisco, 0x2000; IP: 0, 0x0800).
type SNAPBuilder struct{ base[*layers.SNAP] }

// NewSNAP starts a SNAP header.
func NewSNAP() *SNAPBuilder { return &SNAPBuilder{base[*layers.SNAP]{l: layers.NewSNAP()}} }

// OUI sets the organisation code (24 bits).
func (b *SNAPBuilder) OUI(v uint32) *SNAPBuilder {
	if v>>24 != 0 {
		b.fail("OUI", v, fields.ErrBadValue)
	}
	b.l.OUI = fields.Some(v)
	return b
}

// Code sets the protocol code.
func (b *SNAPBuilder) Code(v uint16) *SNAPBuilder { b.l.Code = fields.Some(v); return b }

// Set sets any field by its Scapy name.
func (b *SNAPBuilder) Set(field string, v any) *SNAPBuilder { b.set(field, v); return b }

// CDPBuilder builds a CDP PDU: TLVs appended in the order of the calls;
// the checksum is computed unless set.
type CDPBuilder struct{ base[*layers.CDP] }

// NewCDP starts a CDP PDU with Scapy's defaults: version 2, TTL 180.
func NewCDP() *CDPBuilder { return &CDPBuilder{base[*layers.CDP]{l: layers.NewCDP()}} }

// Version and TTL set the header.
func (b *CDPBuilder) Version(v uint8) *CDPBuilder { b.l.Version = v; return b }
func (b *CDPBuilder) TTL(v uint8) *CDPBuilder     { b.l.TTL = v; return b }

// Checksum sets the checksum (computed when unset).
func (b *CDPBuilder) Checksum(v uint16) *CDPBuilder { b.l.Checksum = fields.Some(v); return b }

// TLV appends TLVs as given.
func (b *CDPBuilder) TLV(t ...layers.CDPTLV) *CDPBuilder {
	for _, x := range t {
		if len(x.Value) > 0xffff-4 {
			b.fail("msg", x.Type, fields.ErrBadValue)
		}
	}
	b.l.TLVs = append(b.l.TLVs, t...)
	return b
}

// DeviceID, PortID, SoftwareVersion, Platform and VTPDomain append the
// text TLVs.
func (b *CDPBuilder) DeviceID(s string) *CDPBuilder {
	return b.TLV(layers.CDPText(layers.CDPTLVDeviceID, s))
}
func (b *CDPBuilder) PortID(s string) *CDPBuilder {
	return b.TLV(layers.CDPText(layers.CDPTLVPortID, s))
}
func (b *CDPBuilder) SoftwareVersion(s string) *CDPBuilder {
	return b.TLV(layers.CDPText(layers.CDPTLVSoftwareVersion, s))
}
func (b *CDPBuilder) Platform(s string) *CDPBuilder {
	return b.TLV(layers.CDPText(layers.CDPTLVPlatform, s))
}
func (b *CDPBuilder) VTPDomain(s string) *CDPBuilder {
	return b.TLV(layers.CDPText(layers.CDPTLVVTPDomain, s))
}

// Capabilities appends a Capabilities TLV (layers.CDPCapRouter, ...).
func (b *CDPBuilder) Capabilities(v uint32) *CDPBuilder {
	return b.TLV(layers.CDPCapabilitiesTLV(v))
}

// Addresses appends an Addresses TLV of IPv4 and IPv6 addresses.
func (b *CDPBuilder) Addresses(addrs ...any) *CDPBuilder {
	return b.TLV(layers.CDPAddressesTLV(layers.CDPTLVAddresses, b.addrs(addrs)...))
}

// MgmtAddresses appends a Management Address TLV.
func (b *CDPBuilder) MgmtAddresses(addrs ...any) *CDPBuilder {
	return b.TLV(layers.CDPAddressesTLV(layers.CDPTLVMgmtAddress, b.addrs(addrs)...))
}

func (b *CDPBuilder) addrs(vs []any) []netip.Addr {
	out := make([]netip.Addr, 0, len(vs))
	for _, v := range vs {
		a, err := fields.AddrFrom(v, false)
		if err != nil {
			if a, err = fields.AddrFrom(v, true); err != nil {
				b.fail("addr", v, err)
				continue
			}
		}
		out = append(out, a)
	}
	return out
}

// NativeVLAN appends a Native VLAN TLV.
func (b *CDPBuilder) NativeVLAN(v uint16) *CDPBuilder {
	return b.TLV(layers.CDPUint16TLV(layers.CDPTLVNativeVLAN, v))
}

// Duplex appends a Duplex TLV.
func (b *CDPBuilder) Duplex(full bool) *CDPBuilder { return b.TLV(layers.CDPDuplexTLV(full)) }

// Set sets any field by its Scapy name.
func (b *CDPBuilder) Set(field string, v any) *CDPBuilder { b.set(field, v); return b }

// EtherCDP builds an IEEE 802.3 frame to 01:00:0c:cc:cc:cc with LLC,
// SNAP and the CDP PDU, its length field set to the payload's length and
// padded to 60 bytes.
func EtherCDP(srcMAC any, cdp *CDPBuilder) ([]byte, error) {
	n := layers.LLCLen + layers.SNAPLen + cdp.l.HeaderLen()
	s := NewEthernet().SrcMAC(srcMAC).DstMAC(layers.CDPMulticast).Type(uint16(n)).
		Over(NewLLC()).Over(NewSNAP()).Over(cdp)
	if layers.EthHdrLen+n < 60 {
		s = s.Over(NewRaw(make([]byte, 60-layers.EthHdrLen-n)))
	}
	return s.Build()
}
