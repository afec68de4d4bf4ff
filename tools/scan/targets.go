package scan

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// ErrTarget reports a target or port list that could not be used.
var ErrTarget = errors.New("bad target")

// Targets is a set of hosts, IPv4 and IPv6: addresses, prefixes and
// ranges, merged so that each host is in it once, in address order. It
// holds ranges, not hosts, so a /8 costs as little as one address.
type Targets struct {
	ranges []addrRange
	total  uint64
}

type addrRange struct {
	first netip.Addr
	count uint64 // hosts in the range
	off   uint64 // index of first in the whole set
}

// u128 is an address as a 128-bit number (IPv4 in the low 32 bits).
type u128 struct{ hi, lo uint64 }

func toU128(a netip.Addr) u128 {
	if a.Is4() {
		b := a.As4()
		return u128{0, uint64(binary.BigEndian.Uint32(b[:]))}
	}
	b := a.As16()
	return u128{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])}
}

func fromU128(v u128, v4 bool) netip.Addr {
	if v4 {
		var b [4]byte
		binary.BigEndian.PutUint32(b[:], uint32(v.lo))
		return netip.AddrFrom4(b)
	}
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], v.hi)
	binary.BigEndian.PutUint64(b[8:], v.lo)
	return netip.AddrFrom16(b)
}

func (v u128) add(n uint64) u128 {
	lo, c := bits.Add64(v.lo, n, 0)
	return u128{v.hi + c, lo}
}

// sub returns v - w when it fits 64 bits.
func (v u128) sub(w u128) (uint64, bool) {
	lo, b := bits.Sub64(v.lo, w.lo, 0)
	hi, b2 := bits.Sub64(v.hi, w.hi, b)
	return lo, hi == 0 && b2 == 0
}

func (v u128) less(w u128) bool { return v.hi < w.hi || v.hi == w.hi && v.lo < w.lo }

// span is an inclusive range of addresses of one family.
type span struct {
	first, last u128
	v4          bool
}

// ParseTargets reads hosts given as addresses (198.18.1.3, 2001:db8::1),
// prefixes (198.18.1.0/24) and ranges (198.18.1.10-198.18.1.20 or
// 198.18.1.10-20), each argument possibly a comma-separated list.
// Host names are not resolved.
func ParseTargets(args ...string) (Targets, error) {
	var spans []span
	for _, arg := range args {
		for _, s := range strings.Split(arg, ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			sp, err := parseSpan(s)
			if err != nil {
				return Targets{}, err
			}
			spans = append(spans, sp)
		}
	}
	return newTargets(spans)
}

// NewTargets returns the hosts of prefixes (a single host is a /32 or
// /128 prefix).
func NewTargets(prefixes ...netip.Prefix) (Targets, error) {
	spans := make([]span, 0, len(prefixes))
	for _, p := range prefixes {
		if !p.IsValid() {
			return Targets{}, fmt.Errorf("scan: %w: invalid prefix", ErrTarget)
		}
		spans = append(spans, prefixSpan(p.Masked()))
	}
	return newTargets(spans)
}

func prefixSpan(p netip.Prefix) span {
	a := p.Addr().Unmap()
	width := 128
	if a.Is4() {
		width = 32
	}
	host := width - p.Bits()
	first := toU128(a)
	last := first
	switch {
	case host >= 64:
		last.lo = ^uint64(0)
		if host > 64 {
			last.hi |= 1<<(host-64) - 1
		}
	case host > 0:
		last.lo |= 1<<host - 1
	}
	return span{first, last, a.Is4()}
}

func parseSpan(s string) (span, error) {
	bad := func(why string) (span, error) {
		return span{}, fmt.Errorf("scan: %w %q: %s", ErrTarget, s, why)
	}
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return bad("not an address, prefix or range")
		}
		return prefixSpan(p.Masked()), nil
	}
	if lo, hi, ok := strings.Cut(s, "-"); ok {
		a, err := netip.ParseAddr(lo)
		if err != nil {
			return bad("not an address, prefix or range")
		}
		a = a.Unmap()
		b, err := netip.ParseAddr(hi)
		if err != nil {
			// 198.18.1.10-20: the last byte of the end
			n, nerr := strconv.ParseUint(hi, 10, 8)
			if nerr != nil || !a.Is4() {
				return bad("the end of a range is an address (or, for IPv4, a last byte)")
			}
			v := a.As4()
			v[3] = byte(n)
			b = netip.AddrFrom4(v)
		}
		b = b.Unmap()
		if a.Is4() != b.Is4() || a.Zone() != "" || b.Zone() != "" {
			return bad("both ends must be addresses of one family")
		}
		if b.Less(a) {
			return bad("the range ends before it starts")
		}
		return span{toU128(a), toU128(b), a.Is4()}, nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return bad("not an address, prefix or range (host names are not resolved)")
	}
	a = a.Unmap()
	return span{toU128(a), toU128(a), a.Is4()}, nil
}

func newTargets(spans []span) (Targets, error) {
	slices.SortFunc(spans, func(x, y span) int {
		switch {
		case x.v4 != y.v4:
			if x.v4 {
				return -1
			}
			return 1
		case x.first.less(y.first):
			return -1
		case y.first.less(x.first):
			return 1
		}
		return 0
	})
	// merge overlapping and adjacent spans
	var merged []span
	for _, s := range spans {
		if n := len(merged); n > 0 {
			m := &merged[n-1]
			if m.v4 == s.v4 && (!m.last.less(s.first) || m.last.add(1) == s.first && m.last != (u128{^uint64(0), ^uint64(0)})) {
				if m.last.less(s.last) {
					m.last = s.last
				}
				continue
			}
		}
		merged = append(merged, s)
	}
	var t Targets
	for _, s := range merged {
		d, ok := s.last.sub(s.first)
		if !ok || d >= MaxSpace {
			return Targets{}, fmt.Errorf("scan: %w: %v-%v is too many hosts", ErrTarget, fromU128(s.first, s.v4), fromU128(s.last, s.v4))
		}
		c := d + 1
		if t.total+c > MaxSpace {
			return Targets{}, fmt.Errorf("scan: %w: more than 2^62 hosts", ErrTarget)
		}
		t.ranges = append(t.ranges, addrRange{first: fromU128(s.first, s.v4), count: c, off: t.total})
		t.total += c
	}
	return t, nil
}

// Len returns the number of hosts.
func (t Targets) Len() uint64 { return t.total }

// At returns host i (0 <= i < Len) in address order.
func (t Targets) At(i uint64) netip.Addr {
	k, _ := slices.BinarySearchFunc(t.ranges, i, func(r addrRange, i uint64) int {
		switch {
		case r.off+r.count <= i:
			return -1
		case r.off > i:
			return 1
		}
		return 0
	})
	if k >= len(t.ranges) {
		return netip.Addr{}
	}
	r := t.ranges[k]
	return fromU128(toU128(r.first).add(i-r.off), r.first.Is4())
}

// Index returns the position of host a in the set.
func (t Targets) Index(a netip.Addr) (uint64, bool) {
	a = a.Unmap()
	v := toU128(a)
	k, found := slices.BinarySearchFunc(t.ranges, v, func(r addrRange, v u128) int {
		if r.first.Is4() != a.Is4() {
			if r.first.Is4() { // IPv4 ranges come first
				return -1
			}
			return 1
		}
		first := toU128(r.first)
		if v.less(first) {
			return 1
		}
		if d, ok := v.sub(first); ok && d < r.count {
			return 0
		}
		return -1
	})
	if !found {
		return 0, false
	}
	r := t.ranges[k]
	d, _ := v.sub(toU128(r.first))
	return r.off + d, true
}

// Families reports whether the set has IPv4 and IPv6 hosts.
func (t Targets) Families() (v4, v6 bool) {
	for _, r := range t.ranges {
		if r.first.Is4() {
			v4 = true
		} else {
			v6 = true
		}
	}
	return v4, v6
}

// First returns the first host of family 4 or 6 (invalid when there is
// none).
func (t Targets) First(family int) netip.Addr {
	for _, r := range t.ranges {
		if r.first.Is4() == (family == 4) {
			return r.first
		}
	}
	return netip.Addr{}
}

// String lists the ranges.
func (t Targets) String() string {
	var b strings.Builder
	for i, r := range t.ranges {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(r.first.String())
		if r.count > 1 {
			b.WriteString("-")
			b.WriteString(fromU128(toU128(r.first).add(r.count-1), r.first.Is4()).String())
		}
	}
	return b.String()
}

// ParsePorts reads a port list: numbers and ranges separated by commas
// ("22,80,8000-8100", "-" or "1-65535" for all). The result is sorted,
// without duplicates.
func ParsePorts(s string) ([]uint16, error) {
	var seen [65536 / 64]uint64
	n := 0
	s = strings.TrimSpace(s)
	if s == "-" {
		s = "1-65535"
	}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := parsePort(lo, part)
		if err != nil {
			return nil, err
		}
		b := a
		if isRange {
			if b, err = parsePort(hi, part); err != nil {
				return nil, err
			}
			if b < a {
				return nil, fmt.Errorf("scan: %w: port range %q ends before it starts", ErrTarget, part)
			}
		}
		for p := a; p <= b; p++ {
			if seen[p/64]&(1<<(p%64)) == 0 {
				seen[p/64] |= 1 << (p % 64)
				n++
			}
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("scan: %w: no ports in %q", ErrTarget, s)
	}
	out := make([]uint16, 0, n)
	for p := 1; p < 65536; p++ {
		if seen[p/64]&(1<<(p%64)) != 0 {
			out = append(out, uint16(p))
		}
	}
	return out, nil
}

func parsePort(s, part string) (int, error) {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || v < 1 || v > 65535 {
		return 0, fmt.Errorf("scan: %w: port %q in %q: want 1 to 65535", ErrTarget, s, part)
	}
	return v, nil
}
