package fields

import (
	"net/netip"
	"strings"
)

// ParseAddr parses an IPv4 or IPv6 address as netip.ParseAddr does,
// surrounding spaces allowed. A plain dotted quad, the usual text of a
// builder, is parsed without netip's general parser; anything else goes
// to it, so the results and errors are netip's.
func ParseAddr(s string) (netip.Addr, error) {
	if a, ok := ParseDottedQuad(s); ok {
		return a, nil
	}
	return netip.ParseAddr(strings.TrimSpace(s))
}

// ParseDottedQuad accepts exactly what netip.ParseAddr accepts as IPv4
// and nothing more: four decimal fields of one to three digits without
// leading zeros, each at most 255. It reports false for anything else,
// valid or not. It keeps nothing of s.
func ParseDottedQuad(s string) (netip.Addr, bool) {
	if len(s) < 7 || len(s) > 15 {
		return netip.Addr{}, false
	}
	var a [4]byte
	f, v, digits := 0, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if digits == 1 && v == 0 {
				return netip.Addr{}, false // a leading zero
			}
			v = v*10 + int(c-'0')
			digits++
			if v > 255 {
				return netip.Addr{}, false
			}
		case c == '.' && digits > 0 && f < 3:
			a[f] = byte(v)
			f, v, digits = f+1, 0, 0
		default:
			return netip.Addr{}, false
		}
	}
	if f != 3 || digits == 0 {
		return netip.Addr{}, false
	}
	a[3] = byte(v)
	return netip.AddrFrom4(a), true
}
