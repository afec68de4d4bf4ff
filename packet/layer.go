// Package packet is goscapy's engine: a Packet is a stack of layers,
// outermost first; a registry of protocols and binding rules drives both
// dissection (which layer comes next) and building (which type, protocol
// or next-header value a lower layer carries).
//
// A Layer decodes itself from a byte slice without copying and writes its
// header into a caller buffer after its payload is already in place, so
// lengths and checksums can be computed (BuildHook, Scapy's post_build).
package packet

import (
	"errors"
	"fmt"
	"strings"

	"github.com/goscapy/goscapy/fields"
)

// Layer is one protocol header (with its data, for leaf layers).
type Layer interface {
	// Proto returns the registry entry: name, fields, hooks.
	Proto() *Proto
	// Get and Set access fields by Scapy name.
	Get(name string) (any, error)
	Set(name string, v any) error
	// Show returns Scapy's show() tree of this layer alone.
	Show() string
	// Summary returns a one-line description of this layer alone.
	Summary() string
	// HeaderLen is the number of bytes SerializeTo writes.
	HeaderLen() int
	// SerializeTo writes the header into b (exactly HeaderLen bytes); the
	// payload is already in place and available from ctx.Payload().
	SerializeTo(b []byte, ctx *BuildContext) error
	// DecodeFromBytes decodes the layer at the start of data without
	// copying: the layer may keep sub-slices of data.
	DecodeFromBytes(data []byte, ctx *DecodeContext) (DecodeResult, error)
}

// ContextSummarizer is implemented by layers whose summary uses the layers
// around them (TCP shows the IP addresses of the layer below).
type ContextSummarizer interface {
	SummaryIn(p *Packet, i int) string
}

// Titler is implemented by layers whose Show title depends on their
// content, as Scapy's classes do ("ICMPv6 Echo Request").
type Titler interface {
	Title() string
}

func layerTitle(l Layer) string {
	if t, ok := l.(Titler); ok {
		return t.Title()
	}
	return l.Proto().Name
}

// NetworkLayer is implemented by layers that provide a pseudo-header for
// upper-layer checksums (IPv4, IPv6).
type NetworkLayer interface {
	// PseudoHeaderSum returns the unfolded pseudo-header sum for the
	// upper protocol proto and the upper-layer length.
	PseudoHeaderSum(proto uint8, length int) uint64
}

// DecodeResult tells the decoder where the payload is and what it holds.
type DecodeResult struct {
	// HeaderLen is the number of bytes this layer consumed.
	HeaderLen int
	// PayloadLen is the payload length the header claims, or -1 for "the
	// rest". Bytes beyond it become Padding.
	PayloadLen int
	// Next is the layer type of the payload; 0 makes it Raw.
	Next LayerType
}

// Errors returned by decoding and building; test with errors.Is.
var (
	ErrTruncated   = errors.New("truncated")
	ErrMalformed   = errors.New("malformed")
	ErrTooDeep     = errors.New("too many nested layers")
	ErrShortBuffer = errors.New("buffer too short for packet")
	ErrNoLayer     = errors.New("no such layer")
	ErrNoField     = fields.ErrNoField
)

// DecodeError reports where dissection stopped. The layers decoded before
// it are kept; the undecodable bytes are a Raw layer.
type DecodeError struct {
	Layer  string // the layer that failed
	Offset int    // byte offset of that layer in the packet
	Err    error  // ErrTruncated, ErrMalformed, ...
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s at offset %d: %v", strings.ToLower(e.Layer), e.Offset, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// BuildError reports a value that cannot be built: a bad address given to a
// builder, a value that does not fit its field.
type BuildError struct {
	Layer string
	Field string
	Value string
	Err   error
}

func (e *BuildError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("build %s: %v", e.Layer, e.Err)
	}
	return fmt.Sprintf("build %s: field %s = %s: %v", e.Layer, e.Field, e.Value, e.Err)
}

func (e *BuildError) Unwrap() error { return e.Err }

// GetField implements Layer.Get with the protocol's field table.
func GetField(l Layer, name string) (any, error) {
	f := l.Proto().Field(name)
	if f == nil {
		return nil, fmt.Errorf("%s: %w %q", l.Proto().Name, ErrNoField, name)
	}
	return f.Get(l), nil
}

// SetField implements Layer.Set with the protocol's field table.
func SetField(l Layer, name string, v any) error {
	f := l.Proto().Field(name)
	if f == nil {
		return fmt.Errorf("%s: %w %q", l.Proto().Name, ErrNoField, name)
	}
	if err := f.Set(l, v); err != nil {
		return fmt.Errorf("%s: %w", l.Proto().Name, err)
	}
	return nil
}

// ShowLayer implements Layer.Show: Scapy's show() of one layer.
func ShowLayer(l Layer) string {
	var b strings.Builder
	showLayer(&b, l, 0, "", 0)
	return b.String()
}

// showLayer writes the show() tree of l. up is the type of the layer
// above it, or 0: a computed field that is unset shows the value the
// binding of up gives it (Ether()/IP() shows type IPv4), as Scapy shows
// the fields an upper layer overloads.
func showLayer(b *strings.Builder, l Layer, depth int, title string, up LayerType) {
	p := l.Proto()
	if title == "" {
		title = layerTitle(l)
	}
	b.WriteString("###[ ")
	b.WriteString(title)
	b.WriteString(" ]###\n")
	ind := strings.Repeat(" ", 2+3*depth)
	for i := range p.Fields {
		f := &p.Fields[i]
		if !f.Present(l) {
			continue
		}
		b.WriteString(ind)
		if up != 0 && f.Auto && f.Kind == fields.KindUint && !f.IsSet(l) {
			if v, ok := BindValue(p.typ, up, f.Name); ok {
				fmt.Fprintf(b, "%-10s= %s\n", f.Name, f.FormatUint(v))
				continue
			}
		}
		fmt.Fprintf(b, "%-10s= %s\n", f.Name, f.Format(l))
	}
}

// HexDump returns a hexdump in Scapy's hexdump() layout.
func HexDump(data []byte) string {
	var b strings.Builder
	for off := 0; off < len(data); off += 16 {
		line := data[off:min(off+16, len(data))]
		fmt.Fprintf(&b, "%04x  ", off)
		for i := 0; i < 16; i++ {
			if i < len(line) {
				fmt.Fprintf(&b, "%02X ", line[i])
			} else {
				b.WriteString("   ")
			}
		}
		b.WriteByte(' ')
		for _, c := range line {
			if c >= 32 && c < 127 {
				b.WriteByte(c)
			} else {
				b.WriteByte('.')
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}
