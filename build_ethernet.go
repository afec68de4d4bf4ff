package goscapy

import (
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// EthernetBuilder builds an Ethernet header.
type EthernetBuilder struct{ base[*layers.Ethernet] }

// NewEthernet starts an Ethernet header (dst ff:ff:ff:ff:ff:ff, src
// 00:00:00:00:00:00, type from the layer above).
func NewEthernet() *EthernetBuilder {
	a := &struct {
		b EthernetBuilder
		v layers.Ethernet
	}{v: *layers.NewEthernet()} // one allocation for the builder and its layer
	a.b.l = &a.v
	return &a.b
}

// SrcMAC sets the source: "aa:bb:cc:dd:ee:ff", a MAC, net.HardwareAddr.
func (b *EthernetBuilder) SrcMAC(v any) *EthernetBuilder { b.l.Src = b.mac("src", v); return b }

// DstMAC sets the destination.
func (b *EthernetBuilder) DstMAC(v any) *EthernetBuilder { b.l.Dst = b.mac("dst", v); return b }

// Type sets the EtherType (or 802.3 length).
func (b *EthernetBuilder) Type(t uint16) *EthernetBuilder { b.l.Type = fields.Some(t); return b }

// Set sets any field by its Scapy name.
func (b *EthernetBuilder) Set(field string, v any) *EthernetBuilder { b.set(field, v); return b }
