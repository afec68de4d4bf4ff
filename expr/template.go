package expr

import (
	"errors"
	"fmt"
	"iter"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// ErrNoPackets is returned by First for an expression that expands to no
// packet at all (an empty list such as dport=[]).
var ErrNoPackets = errors.New("the expression expands to no packet")

// Template is a parsed expression: a stack of layers whose fields may hold
// sets of values (lists, ranges, networks) and volatile values. It expands
// lazily into the cartesian product of its sets, in Scapy's order; random
// values are drawn anew for every packet.
//
// A Template is not modified by expanding it: several goroutines may
// range over All at once. Seed must not be called concurrently with them.
type Template struct {
	src    string
	layers []*layerT
	dims   []*assign // the fields with more than one value, fastest first
	count  uint64    // saturates at MaxUint64
	seed   int64
	seeded bool
}

// Parse parses a Scapy packet expression such as
//
//	Ether()/IP(dst="198.18.1.0/30", ttl=(1,5))/TCP(dport=[22,80,443], flags="S")/"payload"
//
// The package documentation describes the syntax. Errors are
// *SyntaxError values giving the column of the problem.
func Parse(s string) (*Template, error) {
	n, err := parse(s)
	if err != nil {
		return nil, err
	}
	c := &compiler{src: s}
	ls, err := c.stack(n)
	if err != nil {
		return nil, err
	}
	overload(ls)
	t := &Template{src: s, layers: ls}
	t.finish()
	return t, nil
}

// MustParse is Parse for expressions known to be valid; it panics on an
// error.
func MustParse(s string) *Template {
	t, err := Parse(s)
	if err != nil {
		panic(fmt.Sprintf("expr: %v", err))
	}
	return t
}

// finish orders the multi-valued fields as Scapy's iteration does: the
// last layer varies fastest; within a layer the field declared first
// varies fastest.
func (t *Template) finish() {
	t.dims = t.dims[:0]
	t.count = 1
	for i := len(t.layers) - 1; i >= 0; i-- {
		if t.layers[i].member != nil {
			continue
		}
		for _, a := range t.layers[i].assigns {
			n := a.gen.size()
			if n == 1 {
				a.dim = -1
				continue
			}
			a.dim = len(t.dims)
			t.dims = append(t.dims, a)
			if n == 0 {
				t.count = 0
			} else if t.count != 0 {
				if t.count > math.MaxUint64/n {
					t.count = math.MaxUint64
				} else {
					t.count *= n
				}
			}
		}
	}
}

// Count returns the number of packets the template expands to: the size
// of the cartesian product of its sets (volatile values count once). It
// saturates at the largest int.
func (t *Template) Count() int {
	if t.count > math.MaxInt {
		return math.MaxInt
	}
	return int(t.count)
}

// Seed makes the random values reproducible: every expansion after it
// draws the same values. Without it each expansion draws fresh ones.
func (t *Template) Seed(seed int64) *Template {
	t.seed, t.seeded = seed, true
	return t
}

// All returns the packets of the template in Scapy's order, with their
// index, made one at a time as the loop asks for them: a /16 network times
// a thousand ports is never held in memory. Each packet is new; the
// constant values of fields (byte strings, option lists) are shared
// between packets and must not be modified.
func (t *Template) All() iter.Seq2[int, *packet.Packet] {
	return func(yield func(int, *packet.Packet) bool) {
		r := newRand(t.seed, t.seeded)
		var box uintBox
		idx := make([]uint64, len(t.dims))
		n := t.count
		if n > math.MaxInt {
			n = math.MaxInt
		}
		for k := uint64(0); k < n; k++ {
			if !yield(int(k), t.make(k, r, &box, idx)) {
				return
			}
		}
	}
}

// First returns the first packet of the expansion. A value that cannot be
// set is reported here (Parse checks them all, so this is rare).
func (t *Template) First() (*packet.Packet, error) {
	if t.count == 0 {
		return nil, ErrNoPackets
	}
	var box uintBox
	p := t.make(0, newRand(t.seed, t.seeded), &box, make([]uint64, len(t.dims)))
	if err := p.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

// Packet returns the first packet of the expansion; an error is recorded
// on it and reported by its Build. For an expression that expands to no
// packet it returns an empty packet whose Build fails with ErrNoPackets.
func (t *Template) Packet() *packet.Packet {
	if t.count == 0 {
		p := packet.New()
		p.SetErr(ErrNoPackets)
		return p
	}
	var box uintBox
	return t.make(0, newRand(t.seed, t.seeded), &box, make([]uint64, len(t.dims)))
}

// Layers returns the number of layers of every packet.
func (t *Template) Layers() int { return len(t.layers) }

// Volatile reports whether the packets hold random values (Rand* or
// fuzz), so that two expansions differ unless Seed is called.
func (t *Template) Volatile() bool {
	for _, l := range t.layers {
		if l.fuzz {
			return true
		}
		for _, a := range l.assigns {
			if hasRand(a.gen) {
				return true
			}
		}
	}
	return false
}

func hasRand(g gen) bool {
	switch g := g.(type) {
	case randGen:
		return true
	case listGen:
		for _, it := range g.items {
			if hasRand(it) {
				return true
			}
		}
	}
	return false
}

// make builds packet k of the expansion.
func (t *Template) make(k uint64, r *rand.Rand, box *uintBox, idx []uint64) *packet.Packet {
	for d, a := range t.dims {
		n := a.gen.size()
		idx[d] = k % n
		k /= n
	}
	p := packet.New()
	padFrom := -1
	for _, lt := range t.layers {
		if lt.member != nil {
			continue // folded into the layer before it
		}
		if lt.padFrame {
			padFrom = p.NumLayers()
		}
		l := lt.newLayer()
		for _, ps := range lt.presets {
			if err := l.Set(ps.name, ps.v); err != nil {
				p.SetErr(fmt.Errorf("%s: %w", lt.class, err))
			}
		}
		for _, a := range lt.assigns {
			var i uint64
			if a.dim >= 0 {
				i = idx[a.dim]
			}
			if err := l.Set(a.name, a.gen.at(i, r, box)); err != nil {
				p.SetErr(&packet.BuildError{Layer: lt.proto.Name, Field: a.name, Value: a.repr, Err: err})
			}
		}
		if lt.fuzz {
			fuzzLayer(l, lt.fuzzable, r, box)
		}
		p.Append(l)
	}
	if padFrom >= 0 {
		n := 0
		for _, l := range p.Layers()[padFrom:] {
			n += l.HeaderLen()
		}
		if n < minFrame {
			p.Append(&packet.Raw{Load: make([]byte, minFrame-n)})
		}
	}
	for i := len(t.layers) - 1; i >= 0; i-- {
		if t.layers[i].trailer != nil {
			p.Append(t.layers[i].trailer())
		}
	}
	return p
}

// minFrame is the smallest Ethernet frame without its FCS.
const minFrame = 60

// fuzzLayer draws the fields fuzz() randomises that are present in l.
func fuzzLayer(l packet.Layer, fs []*fields.Field, r *rand.Rand, box *uintBox) {
	var presentArr [128]bool
	present := presentArr[:0]
	if len(fs) > len(presentArr) {
		present = make([]bool, 0, len(fs))
	}
	for _, f := range fs {
		present = append(present, f.Present(l))
	}
	for i, f := range fs {
		if !present[i] {
			continue
		}
		if v, ok := randomFieldValue(f, r, box); ok {
			_ = l.Set(f.Name, v) // a value the layer refuses keeps the default
		}
	}
}

// String returns the template in Scapy's command() form, which Parse
// reads back: IP(dst=Net("10.0.0.0/30"), ttl=(1, 5))/TCP(dport=[80, 443]).
func (t *Template) String() string {
	var b strings.Builder
	n := 0
	for _, lt := range t.layers {
		if lt.hidden {
			b.WriteString(lt.prefix)
			b.WriteString(lt.suffix)
			continue
		}
		if n > 0 {
			b.WriteByte('/')
		}
		n++
		b.WriteString(lt.prefix)
		if lt.fuzz {
			b.WriteString("fuzz(")
		}
		lt.writeTo(&b)
		if lt.fuzz {
			b.WriteByte(')')
		}
		b.WriteString(lt.suffix)
	}
	return b.String()
}

func (lt *layerT) writeTo(b *strings.Builder) {
	b.WriteString(lt.class)
	b.WriteByte('(')
	n := 0
	for _, a := range lt.assigns {
		if a.repr == "" {
			continue
		}
		if n > 0 {
			b.WriteString(", ")
		}
		n++
		b.WriteString(a.name)
		b.WriteByte('=')
		b.WriteString(a.repr)
	}
	for _, x := range lt.extra {
		if n > 0 {
			b.WriteString(", ")
		}
		n++
		b.WriteString(x)
	}
	b.WriteByte(')')
}
