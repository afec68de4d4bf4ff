package goscapy

import (
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// RadiusBuilder builds a RADIUS packet; the length is computed unless set,
// the authenticator is written as given (layers.RadiusResponseAuthenticator
// and layers.RadiusMessageAuthenticator compute them from the secret).
//
//	req, err := goscapy.NewIP().DstIP("192.0.2.1").
//		Over(goscapy.NewUDP().SrcPort(40000).DstPort(1812)).
//		Over(goscapy.NewRadius().ID(7).Authenticator(auth).
//			UserName("alice").NASIPAddress("192.0.2.10").NASPort(1)).
//		Build()
type RadiusBuilder struct{ base[*layers.Radius] }

// NewRadius starts an Access-Request with Scapy's defaults: id 0, a zero
// authenticator, no attributes.
func NewRadius() *RadiusBuilder { return &RadiusBuilder{base[*layers.Radius]{l: layers.NewRadius()}} }

// Code sets the code (layers.RadiusAccessRequest, ...).
func (b *RadiusBuilder) Code(v uint8) *RadiusBuilder { b.l.Code = v; return b }

// ID sets the identifier.
func (b *RadiusBuilder) ID(v uint8) *RadiusBuilder { b.l.ID = v; return b }

// Len sets the length field (computed when unset).
func (b *RadiusBuilder) Len(v uint16) *RadiusBuilder { b.l.Len = fields.Some(v); return b }

// Authenticator sets the 16-byte authenticator (shorter values are zero
// padded).
func (b *RadiusBuilder) Authenticator(v []byte) *RadiusBuilder { b.set("authenticator", v); return b }

// Attribute appends attributes (layers.RadiusStringAttr(...), ...).
func (b *RadiusBuilder) Attribute(a ...layers.RadiusAttribute) *RadiusBuilder {
	for _, x := range a {
		if len(x.Value) > 253 {
			b.fail("attributes", x.Type, fields.ErrBadValue)
		}
	}
	b.l.Attributes = append(b.l.Attributes, a...)
	return b
}

// UserName appends a User-Name attribute.
func (b *RadiusBuilder) UserName(s string) *RadiusBuilder {
	return b.Attribute(layers.RadiusStringAttr(layers.RadiusAttrUserName, s))
}

// NASIPAddress appends a NAS-IP-Address attribute.
func (b *RadiusBuilder) NASIPAddress(v any) *RadiusBuilder {
	a, err := fields.AddrFrom(v, false)
	if err != nil {
		b.fail("NAS-IP-Address", v, err)
		return b
	}
	return b.Attribute(layers.RadiusAddrAttr(layers.RadiusAttrNASIPAddress, a))
}

// NASPort appends a NAS-Port attribute.
func (b *RadiusBuilder) NASPort(v uint32) *RadiusBuilder {
	return b.Attribute(layers.RadiusUint32Attr(layers.RadiusAttrNASPort, v))
}

// NASIdentifier appends a NAS-Identifier attribute.
func (b *RadiusBuilder) NASIdentifier(s string) *RadiusBuilder {
	return b.Attribute(layers.RadiusStringAttr(layers.RadiusAttrNASIdentifier, s))
}

// VendorSpecific appends a Vendor-Specific attribute.
func (b *RadiusBuilder) VendorSpecific(vendor uint32, subs ...layers.RadiusVSA) *RadiusBuilder {
	return b.Attribute(layers.RadiusVendorAttr(vendor, subs...))
}

// MessageAuthenticator appends a Message-Authenticator attribute of 16
// zero bytes, to be filled with layers.RadiusMessageAuthenticator.
func (b *RadiusBuilder) MessageAuthenticator() *RadiusBuilder {
	return b.Attribute(layers.RadiusAttr(layers.RadiusAttrMessageAuthenticator, make([]byte, 16)))
}

// Set sets any field by its Scapy name.
func (b *RadiusBuilder) Set(field string, v any) *RadiusBuilder { b.set(field, v); return b }
