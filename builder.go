// Package goscapy is the friendly surface of the goscapy packet library:
// chainable builders (NewEthernet().SrcMAC(...).Over(NewIP()...)), one-call
// shortcuts (EtherIPTCP, EtherARP, ...), Dissect and NewDecoder.
//
// Building fills in what was left unset — lengths, checksums with the
// IPv4/IPv6 pseudo-header, EtherType, IP protocol and next-header values
// from the binding table — and never overwrites a value that was set, so a
// deliberately wrong checksum can be sent. Defaults equal Scapy's.
package goscapy

import (
	"encoding/hex"
	"fmt"
	"net"
	"net/netip"
	"reflect"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// MAC is a 48-bit hardware address value.
type MAC = fields.MAC

// ParseMAC parses "aa:bb:cc:dd:ee:ff" and the other usual forms.
func ParseMAC(s string) (MAC, error) { return fields.ParseMAC(s) }

// Builder is anything that contributes layers to a stack: the per-layer
// builders and Stack itself.
type Builder interface {
	// Layers returns the builder's layers, outermost first, and the first
	// invalid value it was given.
	Layers() ([]packet.Layer, error)
}

// Stack is a sequence of layers under construction, outermost first.
type Stack struct {
	pkt packet.Packet // the stack's layers, built in place
	err error
}

// Layers implements Builder.
func (s *Stack) Layers() ([]packet.Layer, error) { return s.pkt.Layers(), s.err }

// oneLayer is implemented by the per-layer builders: their layer and
// error without a slice around them. A builder that embeds base and has
// Layers of its own (more layers, work to do first) declares a
// layerAndErr that returns ok false (a test checks it).
type oneLayer interface {
	layerAndErr() (l packet.Layer, err error, ok bool)
}

// Over puts b's layers on top of (inside) the stack.
func (s *Stack) Over(b Builder) *Stack {
	var err error
	var l packet.Layer
	one := false
	if o, ok := b.(oneLayer); ok {
		l, err, one = o.layerAndErr()
	}
	if one {
		s.pkt.Push(l)
	} else {
		var ls []packet.Layer
		ls, err = b.Layers()
		s.pkt.Append(ls...)
	}
	if s.err == nil {
		s.err = err
	}
	return s
}

// Packet returns the stack's packet (the same one each time: layers put
// over the stack later appear in it); a bad value given to a builder is
// reported by its Build, BuildInto or a send.
func (s *Stack) Packet() *packet.Packet {
	if s.err != nil {
		s.pkt.SetErr(s.err)
	}
	return &s.pkt
}

// Build returns the packet's bytes.
func (s *Stack) Build() ([]byte, error) {
	if s.err != nil {
		return nil, s.err
	}
	return s.Packet().Build()
}

// BuildInto builds into buf and returns buf[:n].
func (s *Stack) BuildInto(buf []byte) ([]byte, error) {
	if s.err != nil {
		return nil, s.err
	}
	return s.Packet().BuildInto(buf)
}

// base holds what every layer builder shares.
type base[L packet.Layer] struct {
	l   L
	err error
}

// Layer returns the layer being built, for direct access to its fields.
func (b *base[L]) Layer() L { return b.l }

// Layers implements Builder.
func (b *base[L]) Layers() ([]packet.Layer, error) {
	return []packet.Layer{b.l}, b.err
}

func (b *base[L]) layerAndErr() (packet.Layer, error, bool) { return b.l, b.err, true }

// Err returns the first invalid value given to the builder.
func (b *base[L]) Err() error { return b.err }

// Over starts a stack with this layer and puts x on top of it.
func (b *base[L]) Over(x Builder) *Stack {
	s := &Stack{err: b.err}
	s.pkt.Append(b.l)
	return s.Over(x)
}

// Packet returns a one-layer packet.
func (b *base[L]) Packet() *packet.Packet {
	p := packet.New(b.l)
	if b.err != nil {
		p.SetErr(b.err)
	}
	return p
}

// Build returns the layer's bytes.
func (b *base[L]) Build() ([]byte, error) { return b.Packet().Build() }

// BuildInto builds into buf and returns buf[:n].
func (b *base[L]) BuildInto(buf []byte) ([]byte, error) { return b.Packet().BuildInto(buf) }

// set assigns a field by Scapy name, recording the first error.
func (b *base[L]) set(field string, v any) {
	if err := b.l.Set(field, v); err != nil {
		b.fail(field, v, err)
	}
}

func (b *base[L]) fail(field string, v any, err error) {
	if b.err == nil {
		b.err = &packet.BuildError{Layer: b.l.Proto().Name, Field: field, Value: fmt.Sprintf("%v", v), Err: err}
	}
}

// mac converts a builder argument to a MAC, recording errors. It takes the
// argument apart with a type switch and never keeps or passes it on, so a
// string or MAC in a variable given to a setter stays on the caller's
// stack (no allocation per call).
func (b *base[L]) mac(field string, v any) fields.MAC {
	var err error
	var text string
	switch x := v.(type) {
	case fields.MAC:
		return x
	case [6]byte:
		return fields.MAC(x)
	case string:
		m, e := fields.ParseMAC(x)
		if e == nil {
			return m
		}
		err, text = e, x
	case net.HardwareAddr:
		if len(x) == 6 {
			return fields.MAC(x)
		}
		err, text = fmt.Errorf("%w: %d bytes (want 6)", fields.ErrBadMAC, len(x)), x.String()
	case []byte:
		if len(x) == 6 {
			return fields.MAC(x)
		}
		err, text = fmt.Errorf("%w: %d bytes (want 6)", fields.ErrBadMAC, len(x)), hex.EncodeToString(x)
	default:
		err = fmt.Errorf("%w: unsupported type %s", fields.ErrBadMAC, reflect.TypeOf(v))
	}
	b.failText(field, text, err)
	return fields.MAC{}
}

// ipAddr converts a builder argument to an IP address (IPv6 only when
// want6), recording errors; like mac it does not let the argument escape.
func (b *base[L]) ipAddr(field string, v any, want6 bool) netip.Addr {
	var a netip.Addr
	var text string
	switch x := v.(type) {
	case netip.Addr:
		a = x
	case string:
		p, err := parseAddrText(x)
		if err != nil {
			b.failText(field, x, fmt.Errorf("%w: ip address %s", fields.ErrBadValue, strconv.Quote(x)))
			return netip.Addr{}
		}
		a, text = p, x
	case [4]byte:
		a = netip.AddrFrom4(x)
	case [16]byte:
		a = netip.AddrFrom16(x)
	case net.IP:
		if x4 := x.To4(); x4 != nil && !want6 {
			x = x4
		}
		p, ok := netip.AddrFromSlice(x)
		if !ok {
			b.failText(field, x.String(), fmt.Errorf("%w: ip address of %d bytes", fields.ErrBadValue, len(x)))
			return netip.Addr{}
		}
		a = p
	case []byte:
		p, ok := netip.AddrFromSlice(x)
		if !ok {
			b.failText(field, hex.EncodeToString(x), fmt.Errorf("%w: ip address of %d bytes", fields.ErrBadValue, len(x)))
			return netip.Addr{}
		}
		a = p
	default:
		b.failText(field, "", fmt.Errorf("%w: %s is not an ip address", fields.ErrBadValue, reflect.TypeOf(v)))
		return netip.Addr{}
	}
	switch {
	case want6 && a.Is4():
		b.failText(field, addrText(text, a), fmt.Errorf("%w: %s is not an ipv6 address", fields.ErrBadValue, a.String()))
	case !want6 && !a.Is4() && !a.Is4In6():
		b.failText(field, addrText(text, a), fmt.Errorf("%w: %s is not an ipv4 address", fields.ErrBadValue, a.String()))
	case !want6:
		a = a.Unmap()
	}
	return a
}

// failText records the first bad value, given as text.
// parseAddrText is fields.ParseAddr on a copy of s unless it is a plain
// dotted quad: netip keeps the text of a zone, and a builder's value (an
// interface) should stay on the caller's stack.
func parseAddrText(s string) (netip.Addr, error) {
	if a, ok := fields.ParseDottedQuad(s); ok {
		return a, nil
	}
	return fields.ParseAddr(strings.Clone(s))
}

// addrText is the text a user gave for an address, else its own.
func addrText(text string, a netip.Addr) string {
	if text != "" {
		return text
	}
	return a.String()
}

// failText records the first error. It keeps a copy of text: a builder's
// value (an interface) then stays on the caller's stack.
func (b *base[L]) failText(field, text string, err error) {
	if b.err == nil {
		b.err = &packet.BuildError{Layer: b.l.Proto().Name, Field: field, Value: strings.Clone(text), Err: err}
	}
}
