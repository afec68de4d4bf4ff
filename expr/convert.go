package expr

import (
	"encoding/hex"
	"fmt"
	"math"
	"net/netip"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// Conversions of Python constants (see compiler.constant) to Go values.

func pyInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x), true
		}
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<62 {
			return int64(x), true
		}
	case bareText:
		if n, ok := parseNumber(string(x)); ok && !n.isFloat && n.val <= math.MaxInt64 {
			if n.neg {
				return -int64(n.val), true
			}
			return int64(n.val), true
		}
	}
	return 0, false
}

// pyUint converts v to an unsigned integer of bits bits.
func pyUint(v any, bits int) (uint64, error) {
	if u, ok := v.(uint64); ok {
		if bits < 64 && u>>uint(bits) != 0 {
			return 0, fmt.Errorf("%w: %d does not fit in %d bits", ErrBadValue, u, bits)
		}
		return u, nil
	}
	i, ok := pyInt(v)
	if !ok {
		return 0, fmt.Errorf("%w: %s is not an integer", ErrBadValue, pyRepr(v))
	}
	if i < 0 || bits < 64 && uint64(i)>>uint(bits) != 0 {
		return 0, fmt.Errorf("%w: %d does not fit in %d bits", ErrBadValue, i, bits)
	}
	return uint64(i), nil
}

func pyUint8(v any) (uint8, error)   { u, err := pyUint(v, 8); return uint8(u), err }
func pyUint16(v any) (uint16, error) { u, err := pyUint(v, 16); return uint16(u), err }
func pyUint32(v any) (uint32, error) { u, err := pyUint(v, 32); return uint32(u), err }

// pyText returns text: a str or an unquoted value.
func pyText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case bareText:
		return string(x), true
	}
	return "", false
}

// pyBytesOf returns bytes: bytes, or a str in UTF-8 (as Scapy encodes it).
func pyBytesOf(v any) ([]byte, bool) {
	switch x := v.(type) {
	case []byte:
		return x, true
	case string:
		return []byte(x), true
	case bareText:
		if h, ok := strings.CutPrefix(strings.ToLower(string(x)), "0x"); ok {
			if b, err := hex.DecodeString(h); err == nil {
				return b, true
			}
		}
		return []byte(x), true
	case *packetVal:
		b, err := x.bytes()
		return b, err == nil
	}
	return nil, false
}

// pyAddr converts text or 4/16 bytes to an address.
func pyAddr(v any, want6 bool) (netip.Addr, error) {
	if s, ok := pyText(v); ok {
		v = s
	}
	a, err := fields.AddrFrom(v, want6)
	if err != nil {
		return a, err
	}
	return a, nil
}

// pyList returns the elements of a list or tuple; other values are a list
// of one.
func pyList(v any) []any {
	switch x := v.(type) {
	case []any:
		return x
	case pyTuple:
		return x
	case nil:
		return nil
	}
	return []any{v}
}

// pyRepr renders a constant for messages.
func pyRepr(v any) string {
	switch x := v.(type) {
	case string:
		return pyStrRepr(x)
	case []byte:
		return pyBytesRepr(x)
	case bareText:
		return string(x)
	case nil:
		return "None"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = pyRepr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case pyTuple:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = pyRepr(e)
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	return fmt.Sprint(v)
}

// kw reads keyword arguments of a Scapy class into Go values with
// defaults.
type kw struct {
	m   map[string]any
	err error
}

func (k *kw) has(name string) bool { _, ok := k.m[name]; return ok }

func (k *kw) fail(name string, err error) {
	if k.err == nil {
		k.err = fmt.Errorf("field %s: %w", name, err)
	}
}

func (k *kw) uint(name string, bits int, def uint64) uint64 {
	v, ok := k.m[name]
	if !ok || v == nil {
		return def
	}
	u, err := pyUint(v, bits)
	if err != nil {
		k.fail(name, err)
	}
	return u
}

func (k *kw) u8(name string, def uint8) uint8 { return uint8(k.uint(name, 8, uint64(def))) }
func (k *kw) u16(name string, def uint16) uint16 {
	return uint16(k.uint(name, 16, uint64(def)))
}
func (k *kw) u32(name string, def uint32) uint32 {
	return uint32(k.uint(name, 32, uint64(def)))
}

func (k *kw) bytes(name string, def []byte) []byte {
	v, ok := k.m[name]
	if !ok || v == nil {
		return def
	}
	b, ok := pyBytesOf(v)
	if !ok {
		k.fail(name, fmt.Errorf("%w: %s is not bytes", ErrBadValue, pyRepr(v)))
	}
	return b
}

func (k *kw) text(name, def string) string {
	v, ok := k.m[name]
	if !ok || v == nil {
		return def
	}
	if s, ok := pyText(v); ok {
		return s
	}
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	k.fail(name, fmt.Errorf("%w: %s is not text", ErrBadValue, pyRepr(v)))
	return def
}

func (k *kw) addr(name string, want6 bool, def netip.Addr) netip.Addr {
	v, ok := k.m[name]
	if !ok || v == nil {
		return def
	}
	a, err := pyAddr(v, want6)
	if err != nil {
		k.fail(name, err)
	}
	return a
}

func (k *kw) addrs(name string, want6 bool) []netip.Addr {
	v, ok := k.m[name]
	if !ok || v == nil {
		return nil
	}
	var out []netip.Addr
	for _, e := range pyList(v) {
		a, err := pyAddr(e, want6)
		if err != nil {
			k.fail(name, err)
			return nil
		}
		out = append(out, a)
	}
	return out
}

// read evaluates a call's keyword arguments.
func (c *compiler) kw(call *callExpr, allowed ...string) (*kw, error) {
	m, err := c.kwargs(call, allowed...)
	if err != nil {
		return nil, err
	}
	return &kw{m: m}, nil
}

func init() {
	addObject("mac2str", func(c *compiler, call *callExpr) (any, error) {
		args, err := c.args(call)
		if err != nil {
			return nil, err
		}
		if len(args) != 1 {
			return nil, fmt.Errorf("%w: mac2str takes one MAC address", ErrBadValue)
		}
		m, err := fields.MACFrom(plainValue(args[0]))
		if err != nil {
			return nil, err
		}
		return m[:], nil
	})
	addObject("range", func(c *compiler, call *callExpr) (any, error) {
		args, err := c.args(call)
		if err != nil {
			return nil, err
		}
		var v [3]int64
		v[2] = 1
		for i, a := range args {
			n, ok := pyInt(a)
			if !ok || i > 2 {
				return nil, fmt.Errorf("%w: range takes one to three integers", ErrBadValue)
			}
			v[i] = n
		}
		lo, hi, step := v[0], v[1], v[2]
		if len(args) == 1 {
			lo, hi = 0, v[0]
		}
		if len(args) == 0 || step == 0 {
			return nil, fmt.Errorf("%w: range takes one to three integers, a step other than 0", ErrBadValue)
		}
		var out []any
		for x := lo; (step > 0 && x < hi || step < 0 && x > hi) && len(out) <= 1<<16; x += step {
			out = append(out, x)
		}
		if len(out) > 1<<16 {
			return nil, fmt.Errorf("%w: range of more than 65536 values", ErrBadValue)
		}
		return out, nil
	})
	addObject("bytes", func(c *compiler, call *callExpr) (any, error) {
		args, err := c.args(call)
		if err != nil {
			return nil, err
		}
		if len(args) == 1 {
			if n, ok := pyInt(args[0]); ok && n >= 0 && n <= 1<<20 {
				return make([]byte, n), nil
			}
			if b, ok := pyBytesOf(args[0]); ok {
				return b, nil
			}
			var out []byte
			for _, e := range pyList(args[0]) {
				u, err := pyUint8(e)
				if err != nil {
					return nil, err
				}
				out = append(out, u)
			}
			return out, nil
		}
		return nil, fmt.Errorf("%w: bytes takes one value", ErrBadValue)
	})
}

// candidates lists the Go forms a Python value may take for a list
// field's Set, most specific first.
func candidates(v any) []any {
	switch x := v.(type) {
	case string:
		return []any{x, []byte(x)}
	case bareText:
		return []any{string(x), []byte(x)}
	case []byte:
		return []any{x, string(x)}
	case *packetVal:
		var out []any
		if p, err := x.packet(); err == nil {
			if p.NumLayers() == 1 {
				out = append(out, p.Layer(0))
				if o, ok := p.Layer(0).(*layers.DHCPv6Opt); ok {
					out = append(out, o.DHCPv6Option, []layers.DHCPv6Option{o.DHCPv6Option})
				}
			}
			if b, err := p.Build(); err == nil {
				out = append(out, b)
			}
		}
		return out
	case []any:
		return listCandidates(x)
	case []string:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = e
		}
		return listCandidates(l)
	}
	return []any{v}
}

func listCandidates(x []any) []any {
	if len(x) == 0 {
		return []any{[]string{}, []int{}, []netip.Addr{}, x}
	}
	ints, texts, pkts := true, true, true
	for _, e := range x {
		_, isInt := pyInt(e)
		if _, ok := e.(bool); ok {
			isInt = false
		}
		_, isText := pyText(e)
		_, isPkt := e.(*packetVal)
		ints, texts, pkts = ints && isInt, texts && isText, pkts && isPkt
	}
	var out []any
	switch {
	case ints:
		is := make([]int, len(x))
		u8 := make([]uint8, len(x))
		u16 := make([]uint16, len(x))
		u32 := make([]uint32, len(x))
		for i, e := range x {
			n, _ := pyInt(e)
			is[i], u8[i], u16[i], u32[i] = int(n), uint8(n), uint16(n), uint32(n)
		}
		out = append(out, is, u16, u8, u32)
	case texts:
		ss := make([]string, len(x))
		var as []netip.Addr
		for i, e := range x {
			ss[i], _ = pyText(e)
			if a, err := netip.ParseAddr(strings.TrimSpace(ss[i])); err == nil {
				as = append(as, a)
			}
		}
		out = append(out, ss)
		if len(as) == len(ss) {
			out = append(out, as)
		}
	case pkts:
		var opts []layers.DHCPv6Option
		var raw []byte
		ok := true
		for _, e := range x {
			p, err := e.(*packetVal).packet()
			if err != nil {
				ok = false
				break
			}
			for _, l := range p.Layers() {
				if o, isOpt := l.(*layers.DHCPv6Opt); isOpt {
					opts = append(opts, o.DHCPv6Option)
				}
			}
			b, err := p.Build()
			if err != nil {
				ok = false
				break
			}
			raw = append(raw, b...)
		}
		if ok {
			if opts != nil {
				out = append(out, opts)
			}
			out = append(out, raw)
		}
	}
	return append(out, x)
}
