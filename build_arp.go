package goscapy

import (
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// ARPBuilder builds an ARP packet.
type ARPBuilder struct{ base[*layers.ARP] }

// NewARP starts an ARP who-has for Ethernet and IPv4 (hwtype 1, ptype
// 0x0800, op 1, hwdst 00:00:00:00:00:00, pdst 0.0.0.0). Unlike Scapy,
// which asks the routing table, hwsrc and psrc default to
// 00:00:00:00:00:00 and 0.0.0.0: set them with SrcMAC and SrcIP.
func NewARP() *ARPBuilder { return &ARPBuilder{base[*layers.ARP]{l: layers.NewARP()}} }

// Op sets the operation (layers.ARPWhoHas, layers.ARPIsAt, ...).
func (b *ARPBuilder) Op(v uint16) *ARPBuilder { b.l.Op = v; return b }

// SrcMAC sets the sender hardware address (hwsrc): "aa:bb:cc:dd:ee:ff", a
// MAC, net.HardwareAddr, or bytes of another length for other hardware.
func (b *ARPBuilder) SrcMAC(v any) *ARPBuilder { b.set("hwsrc", v); return b }

// DstMAC sets the target hardware address (hwdst).
func (b *ARPBuilder) DstMAC(v any) *ARPBuilder { b.set("hwdst", v); return b }

// SrcIP sets the sender protocol address (psrc): "192.168.1.1", a
// netip.Addr, net.IP, an IPv6 address, or bytes of another length.
func (b *ARPBuilder) SrcIP(v any) *ARPBuilder { b.set("psrc", v); return b }

// DstIP sets the target protocol address (pdst).
func (b *ARPBuilder) DstIP(v any) *ARPBuilder { b.set("pdst", v); return b }

// HwType sets the hardware type (1, Ethernet, by default).
func (b *ARPBuilder) HwType(v uint16) *ARPBuilder { b.l.HwType = v; return b }

// PType sets the protocol type (0x0800, IPv4, by default).
func (b *ARPBuilder) PType(v uint16) *ARPBuilder { b.l.PType = v; return b }

// HwLen sets the hardware address length; by default it is computed.
func (b *ARPBuilder) HwLen(v uint8) *ARPBuilder { b.l.HwLen = fields.Some(v); return b }

// PLen sets the protocol address length; by default it is computed.
func (b *ARPBuilder) PLen(v uint8) *ARPBuilder { b.l.PLen = fields.Some(v); return b }

// Set sets any field by its Scapy name.
func (b *ARPBuilder) Set(field string, v any) *ARPBuilder { b.set(field, v); return b }
