package expr

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"net/netip"

	"github.com/goscapy/goscapy/fields"
)

// A gen gives the values of one field: a constant, a set (list, range,
// network) whose members the template expands, or a volatile value drawn
// at random for every packet.
type gen interface {
	// size is the number of values the field takes across the expansion;
	// constants and volatile values count 1.
	size() uint64
	// at returns value i (0 <= i < size) as Set takes it; volatile values
	// draw from r. Integers are handed over through box, a pointer, so
	// that setting them does not allocate.
	at(i uint64, r *rand.Rand, box *uintBox) any
	// samples returns the values that validation sets on a scratch layer:
	// every constant of a list, the ends of ranges and networks, the
	// extremes of random values.
	samples() []any
}

// uintBox hands an integer to a field's Set without allocating: Set takes
// any value with a Uint64 method.
type uintBox struct{ v uint64 }

func (b *uintBox) Uint64() uint64 { return b.v }

// constGen is one value.
type constGen struct{ v any }

func (g constGen) size() uint64                        { return 1 }
func (g constGen) at(uint64, *rand.Rand, *uintBox) any { return g.v }
func (g constGen) samples() []any                      { return []any{g.v} }

// rangeGen is Scapy's (lo, hi[, step]) tuple, Python's
// range(lo, hi+1, step): lo, lo+step, ... up to hi included; with a
// negative step, down to above hi+1.
type rangeGen struct {
	lo   uint64
	step int64
	n    uint64
}

func newRange(lo, hi, step int64) rangeGen {
	var n uint64
	stop := hi + 1
	switch {
	case step > 0 && stop > lo:
		n = (uint64(stop-lo) + uint64(step) - 1) / uint64(step)
	case step < 0 && lo > stop:
		n = (uint64(lo-stop) + uint64(-step) - 1) / uint64(-step)
	}
	return rangeGen{lo: uint64(lo), step: step, n: n}
}

func (g rangeGen) size() uint64 { return g.n }

func (g rangeGen) val(i uint64) uint64 { return g.lo + i*uint64(g.step) }

func (g rangeGen) at(i uint64, _ *rand.Rand, box *uintBox) any {
	box.v = g.val(i)
	return box
}

func (g rangeGen) samples() []any {
	if g.n == 0 {
		return nil
	}
	return []any{g.val(0), g.val(g.n - 1)}
}

// netGen is every address of a network, Scapy's Net and Net6: from the
// network address to the last one.
type netGen struct {
	base netip.Addr
	n    uint64 // saturates at MaxUint64 for very large IPv6 networks
}

func newNet(p netip.Prefix) netGen {
	p = p.Masked()
	hostBits := p.Addr().BitLen() - p.Bits()
	n := uint64(math.MaxUint64)
	if hostBits < 64 {
		n = 1 << uint(hostBits)
	}
	return netGen{base: p.Addr(), n: n}
}

func (g netGen) size() uint64 { return g.n }

func (g netGen) addr(i uint64) netip.Addr { return addAddr(g.base, i) }

func (g netGen) at(i uint64, _ *rand.Rand, _ *uintBox) any { return g.addr(i) }

func (g netGen) samples() []any { return []any{g.addr(0), g.addr(g.n - 1)} }

// addAddr returns a + i.
func addAddr(a netip.Addr, i uint64) netip.Addr {
	if a.Is4() {
		b := a.As4()
		v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
		v += uint32(i)
		return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
	}
	b := a.As16()
	hi := uint64(b[0])<<56 | uint64(b[1])<<48 | uint64(b[2])<<40 | uint64(b[3])<<32 | uint64(b[4])<<24 | uint64(b[5])<<16 | uint64(b[6])<<8 | uint64(b[7])
	lo := uint64(b[8])<<56 | uint64(b[9])<<48 | uint64(b[10])<<40 | uint64(b[11])<<32 | uint64(b[12])<<24 | uint64(b[13])<<16 | uint64(b[14])<<8 | uint64(b[15])
	var carry uint64
	lo, carry = bits.Add64(lo, i, 0)
	hi += carry
	for k := 0; k < 8; k++ {
		b[k] = byte(hi >> (56 - 8*k))
		b[8+k] = byte(lo >> (56 - 8*k))
	}
	return netip.AddrFrom16(b)
}

// listGen is a Python list of values: the members of each item in turn.
type listGen struct {
	items []gen
	ends  []uint64 // cumulative sizes
}

func newList(items []gen) listGen {
	g := listGen{items: items, ends: make([]uint64, len(items))}
	var n uint64
	for i, it := range items {
		s := it.size()
		if n+s < n {
			n = math.MaxUint64
		} else {
			n += s
		}
		g.ends[i] = n
	}
	return g
}

func (g listGen) size() uint64 {
	if len(g.ends) == 0 {
		return 0
	}
	return g.ends[len(g.ends)-1]
}

func (g listGen) at(i uint64, r *rand.Rand, box *uintBox) any {
	var from uint64
	for k, e := range g.ends {
		if i < e {
			return g.items[k].at(i-from, r, box)
		}
		from = e
	}
	return nil
}

func (g listGen) samples() []any {
	var out []any
	for _, it := range g.items {
		out = append(out, it.samples()...)
	}
	return out
}

// randKind is what a volatile value draws.
type randKind uint8

const (
	randUint   randKind = iota // an integer in [lo, hi]
	randIP                     // an address in a network
	randMAC                    // a MAC from a template
	randString                 // n alphanumeric characters
	randBin                    // n random bytes
	randChoice                 // one of several constants
)

// randGen is a volatile value (Scapy's RandShort(), RandIP(), ...): one
// value per packet, drawn when the packet is made.
type randGen struct {
	kind    randKind
	lo, hi  uint64
	net     netip.Prefix
	mac     [6]int16 // -1 for a random byte
	n       int      // length of strings; -1 for a random length
	choices []any
}

func (g randGen) size() uint64 { return 1 }

func (g randGen) at(_ uint64, r *rand.Rand, box *uintBox) any {
	switch g.kind {
	case randUint:
		if g.lo == 0 && g.hi == math.MaxUint64 {
			box.v = r.Uint64()
		} else {
			box.v = g.lo + r.Uint64N(g.hi-g.lo+1)
		}
		return box
	case randIP:
		return randomAddr(g.net, r)
	case randMAC:
		var m fields.MAC
		for i, b := range g.mac {
			if b < 0 {
				m[i] = byte(r.Uint32())
			} else {
				m[i] = byte(b)
			}
		}
		return m
	case randString, randBin:
		n := g.n
		if n < 0 {
			n = int(math.Min(r.ExpFloat64()*100, 65535))
		}
		b := make([]byte, n)
		for i := range b {
			if g.kind == randString {
				b[i] = alnum[r.IntN(len(alnum))]
			} else {
				b[i] = byte(r.Uint32())
			}
		}
		return b
	case randChoice:
		return g.choices[r.IntN(len(g.choices))]
	}
	return nil
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func (g randGen) samples() []any {
	switch g.kind {
	case randUint:
		return []any{g.lo, g.hi}
	case randIP:
		return []any{g.net.Masked().Addr()}
	case randMAC:
		return []any{fields.MAC{}}
	case randString, randBin:
		n := max(g.n, 0)
		return []any{make([]byte, n)}
	case randChoice:
		return g.choices
	}
	return nil
}

// randomAddr draws an address of network p.
func randomAddr(p netip.Prefix, r *rand.Rand) netip.Addr {
	base := p.Masked().Addr()
	host := base.BitLen() - p.Bits()
	if base.Is4() {
		v := r.Uint64()
		if host < 64 {
			v &= 1<<uint(host) - 1
		}
		return addAddr(base, v)
	}
	b := base.As16()
	for i := 15; i >= 0 && host > 0; i-- {
		x := byte(r.Uint32())
		if host < 8 {
			x &= 1<<uint(host) - 1
		}
		b[i] |= x
		host -= 8
	}
	return netip.AddrFrom16(b)
}

// randomFieldValue draws a value for a field fuzz() randomises: any
// integer of the field's width, any address.
func randomFieldValue(f *fields.Field, r *rand.Rand, box *uintBox) (any, bool) {
	switch f.Kind {
	case fields.KindUint:
		v := r.Uint64()
		if f.Bits < 64 {
			v &= 1<<uint(f.Bits) - 1
		}
		box.v = v
		return box, true
	case fields.KindMAC:
		var m fields.MAC
		for i := range m {
			m[i] = byte(r.Uint32())
		}
		return m, true
	case fields.KindIPv4:
		return randomAddr(netip.PrefixFrom(netip.IPv4Unspecified(), 0), r), true
	case fields.KindIPv6:
		return randomAddr(netip.PrefixFrom(netip.IPv6Unspecified(), 0), r), true
	case fields.KindBytes:
		// a payload's load: 0 to 1200 random bytes, as Scapy's StrField
		b := make([]byte, r.IntN(1201))
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b, true
	}
	return nil, false
}
