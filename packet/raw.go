package packet

import (
	"github.com/goscapy/goscapy/fields"
)

// Raw holds bytes no protocol claimed (Scapy's Raw, field "load").
type Raw struct {
	Load []byte
}

// Padding holds bytes after the end a lower layer's length field gives
// (Ethernet minimum-size padding, for instance).
type Padding struct {
	Load []byte
}

// RawType and PaddingType are the registered types of Raw and Padding.
var (
	rawProto = &Proto{
		Name: "Raw", Doc: "bytes no protocol claimed",
		New:    func() Layer { return new(Raw) },
		Fields: []fields.Field{fields.BytesField("load", func(r *Raw) *[]byte { return &r.Load })},
	}
	paddingProto = &Proto{
		Name: "Padding", Doc: "bytes past the length a lower layer claims",
		New:     func() Layer { return new(Padding) },
		Trailer: true,
		Fields:  []fields.Field{fields.BytesField("load", func(r *Padding) *[]byte { return &r.Load })},
	}
	RawType     = Register(rawProto)
	PaddingType = Register(paddingProto)
)

func (r *Raw) Proto() *Proto                               { return rawProto }
func (r *Raw) Get(name string) (any, error)                { return GetField(r, name) }
func (r *Raw) Set(name string, v any) error                { return SetField(r, name, v) }
func (r *Raw) Show() string                                { return ShowLayer(r) }
func (r *Raw) Summary() string                             { return "Raw" }
func (r *Raw) HeaderLen() int                              { return len(r.Load) }
func (r *Raw) SerializeTo(b []byte, _ *BuildContext) error { copy(b, r.Load); return nil }

// DecodeFromBytes takes all of data.
func (r *Raw) DecodeFromBytes(data []byte, _ *DecodeContext) (DecodeResult, error) {
	r.Load = data
	return DecodeResult{HeaderLen: len(data), PayloadLen: 0}, nil
}

func (r *Padding) Proto() *Proto                               { return paddingProto }
func (r *Padding) Get(name string) (any, error)                { return GetField(r, name) }
func (r *Padding) Set(name string, v any) error                { return SetField(r, name, v) }
func (r *Padding) Show() string                                { return ShowLayer(r) }
func (r *Padding) Summary() string                             { return "Padding" }
func (r *Padding) HeaderLen() int                              { return len(r.Load) }
func (r *Padding) SerializeTo(b []byte, _ *BuildContext) error { copy(b, r.Load); return nil }

// DecodeFromBytes takes all of data.
func (r *Padding) DecodeFromBytes(data []byte, _ *DecodeContext) (DecodeResult, error) {
	r.Load = data
	return DecodeResult{HeaderLen: len(data), PayloadLen: 0}, nil
}

// Snapshot implements Snapshotter.
func (r *Raw) Snapshot(dst Layer) Layer {
	s, ok := dst.(*Raw)
	if !ok {
		s = new(Raw)
	}
	s.Load = cloneBytes(s.Load, r.Load)
	return s
}

// Unchanged implements Snapshotter.
func (r *Raw) Unchanged(s Layer) bool {
	o, ok := s.(*Raw)
	return ok && sameBytes(r.Load, o.Load)
}

// Snapshot implements Snapshotter.
func (r *Padding) Snapshot(dst Layer) Layer {
	s, ok := dst.(*Padding)
	if !ok {
		s = new(Padding)
	}
	s.Load = cloneBytes(s.Load, r.Load)
	return s
}

// Unchanged implements Snapshotter.
func (r *Padding) Unchanged(s Layer) bool {
	o, ok := s.(*Padding)
	return ok && sameBytes(r.Load, o.Load)
}

func cloneBytes(dst, src []byte) []byte {
	if src == nil {
		return nil
	}
	return append(dst[:0], src...)
}

func sameBytes(a, b []byte) bool {
	return (a == nil) == (b == nil) && string(a) == string(b)
}
