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
	"fmt"

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
	layers []packet.Layer
	err    error
	arr    [4]packet.Layer // room for the usual stacks without another allocation
}

// Layers implements Builder.
func (s *Stack) Layers() ([]packet.Layer, error) { return s.layers, s.err }

// Over puts b's layers on top of (inside) the stack.
func (s *Stack) Over(b Builder) *Stack {
	ls, err := b.Layers()
	s.layers = append(s.layers, ls...)
	if s.err == nil {
		s.err = err
	}
	return s
}

// Packet returns the packet; a bad value given to a builder is reported by
// its Build, BuildInto or a send.
func (s *Stack) Packet() *packet.Packet {
	p := packet.New(s.layers...)
	if s.err != nil {
		p.SetErr(s.err)
	}
	return p
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
	one [1]packet.Layer // Layers' result, without allocating
}

// Layer returns the layer being built, for direct access to its fields.
func (b *base[L]) Layer() L { return b.l }

// Layers implements Builder.
func (b *base[L]) Layers() ([]packet.Layer, error) {
	b.one[0] = b.l
	return b.one[:], b.err
}

// Err returns the first invalid value given to the builder.
func (b *base[L]) Err() error { return b.err }

// Over starts a stack with this layer and puts x on top of it.
func (b *base[L]) Over(x Builder) *Stack {
	s := &Stack{err: b.err}
	s.layers = append(s.arr[:0], b.l)
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

// mac converts a builder argument to a MAC, recording errors.
func (b *base[L]) mac(field string, v any) fields.MAC {
	m, err := fields.MACFrom(v)
	if err != nil {
		b.fail(field, v, err)
	}
	return m
}
