package ber

import (
	"math/big"
	"strconv"
	"strings"
)

// OID is an OBJECT IDENTIFIER in its encoded form: the contents octets
// (X.690 section 8.19). Decoding keeps a sub-slice of the input, so an OID
// costs no allocation until it is printed; compare OIDs with Equal.
type OID []byte

// ParseOID parses the dotted text form ("1.3.6.1.2.1.1.1.0"; a leading dot
// is accepted, as net-snmp prints them). The first arc is 0, 1 or 2, the
// second below 40 unless the first is 2; arcs may be of any size.
func ParseOID(s string) (OID, error) {
	return AppendOIDText(nil, s)
}

// MustParseOID is ParseOID for constants; it panics on a bad OID.
func MustParseOID(s string) OID {
	o, err := ParseOID(s)
	if err != nil {
		panic("ber: bad oid " + strconv.Quote(s))
	}
	return o
}

// AppendOIDText appends the encoding of the dotted OID s to dst.
func AppendOIDText(dst []byte, s string) (OID, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), ".")
	parts := strings.Split(s, ".")
	if len(parts) < 2 {
		return nil, ErrMalformed
	}
	var arcs [2]uint64
	for i := range 2 {
		v, err := strconv.ParseUint(parts[i], 10, 64)
		if err != nil {
			if i == 1 && parts[0] == "2" {
				if b, ok := new(big.Int).SetString(parts[1], 10); ok && b.Sign() >= 0 {
					b.Add(b, big.NewInt(80))
					dst = appendBigArc(dst, b)
					goto rest
				}
			}
			return nil, ErrMalformed
		}
		arcs[i] = v
	}
	if arcs[0] > 2 || arcs[0] < 2 && arcs[1] >= 40 || arcs[1] > 1<<63 {
		return nil, ErrMalformed
	}
	dst = appendArc(dst, arcs[0]*40+arcs[1])
rest:
	for _, p := range parts[2:] {
		if p == "" || p[0] == '+' || p[0] == '-' {
			return nil, ErrMalformed
		}
		v, err := strconv.ParseUint(p, 10, 64)
		if err != nil {
			b, ok := new(big.Int).SetString(p, 10)
			if !ok {
				return nil, ErrMalformed
			}
			dst = appendBigArc(dst, b)
			continue
		}
		dst = appendArc(dst, v)
	}
	return OID(dst), nil
}

// OIDFromArcs encodes an OID from its arcs.
func OIDFromArcs(arcs ...uint64) (OID, error) {
	if len(arcs) < 2 || arcs[0] > 2 || arcs[0] < 2 && arcs[1] >= 40 || arcs[1] > 1<<63 {
		return nil, ErrMalformed
	}
	b := appendArc(nil, arcs[0]*40+arcs[1])
	for _, a := range arcs[2:] {
		b = appendArc(b, a)
	}
	return OID(b), nil
}

func appendArc(dst []byte, v uint64) []byte {
	var tmp [10]byte
	i := len(tmp) - 1
	tmp[i] = byte(v & 0x7f)
	for v >>= 7; v != 0; v >>= 7 {
		i--
		tmp[i] = byte(v&0x7f) | 0x80
	}
	return append(dst, tmp[i:]...)
}

func appendBigArc(dst []byte, v *big.Int) []byte {
	if v.IsUint64() {
		return appendArc(dst, v.Uint64())
	}
	var groups []byte
	x := new(big.Int).Set(v)
	m := big.NewInt(0x7f)
	for x.Sign() > 0 {
		groups = append(groups, byte(new(big.Int).And(x, m).Uint64()))
		x.Rsh(x, 7)
	}
	for i := len(groups) - 1; i >= 0; i-- {
		b := groups[i]
		if i > 0 {
			b |= 0x80
		}
		dst = append(dst, b)
	}
	return dst
}

// Validate checks the encoding: not empty, every arc complete and minimal
// (no leading 0x80 octet).
func (o OID) Validate() error {
	if len(o) == 0 || o[len(o)-1]&0x80 != 0 {
		return ErrMalformed
	}
	start := true
	for _, b := range o {
		if start && b == 0x80 {
			return ErrMalformed
		}
		start = b&0x80 == 0
	}
	return nil
}

// Equal reports whether two OIDs are the same.
func (o OID) Equal(p OID) bool { return string(o) == string(p) }

// HasPrefix reports whether p is o or an ancestor of o (p's arcs start
// o's; both well formed).
func (o OID) HasPrefix(p OID) bool {
	return len(p) <= len(o) && string(o[:len(p)]) == string(p) && (len(p) == 0 || p[len(p)-1]&0x80 == 0)
}

// Arcs appends the arcs of o to dst; an arc beyond uint64 is ErrOverflow.
func (o OID) Arcs(dst []uint64) ([]uint64, error) {
	if err := o.Validate(); err != nil {
		return dst, err
	}
	var v uint64
	first := true
	for _, b := range o {
		if v > 1<<57-1 {
			return dst, ErrOverflow
		}
		v = v<<7 | uint64(b&0x7f)
		if b&0x80 != 0 {
			continue
		}
		if first {
			first = false
			switch {
			case v < 40:
				dst = append(dst, 0, v)
			case v < 80:
				dst = append(dst, 1, v-40)
			default:
				dst = append(dst, 2, v-80)
			}
		} else {
			dst = append(dst, v)
		}
		v = 0
	}
	return dst, nil
}

// AppendText appends the dotted text form of o ("1.3.6.1.2.1.1.1.0");
// it allocates nothing for arcs that fit in 64 bits. A malformed encoding
// is written as "<bad oid HEX>".
func (o OID) AppendText(dst []byte) []byte {
	if o.Validate() != nil {
		dst = append(dst, "<bad oid "...)
		const hx = "0123456789abcdef"
		for _, b := range o {
			dst = append(dst, hx[b>>4], hx[b&15])
		}
		return append(dst, '>')
	}
	first := true
	i := 0
	for i < len(o) {
		j := i
		for o[j]&0x80 != 0 {
			j++
		}
		arc := o[i : j+1]
		i = j + 1
		if len(arc) > 9 || len(arc) == 9 && arc[0]&0x7f > 1 {
			// beyond 64 bits
			x := new(big.Int)
			for _, b := range arc {
				x.Lsh(x, 7)
				x.Or(x, big.NewInt(int64(b&0x7f)))
			}
			if first {
				dst = append(dst, "2."...)
				x.Sub(x, big.NewInt(80))
				first = false
			} else {
				dst = append(dst, '.')
			}
			dst = x.Append(dst, 10)
			continue
		}
		var v uint64
		for _, b := range arc {
			v = v<<7 | uint64(b&0x7f)
		}
		if first {
			first = false
			switch {
			case v < 40:
				dst = append(dst, '0', '.')
			case v < 80:
				dst = append(dst, '1', '.')
				v -= 40
			default:
				dst = append(dst, '2', '.')
				v -= 80
			}
		} else {
			dst = append(dst, '.')
		}
		dst = strconv.AppendUint(dst, v, 10)
	}
	return dst
}

// String returns the dotted text form.
func (o OID) String() string { return string(o.AppendText(nil)) }
