package ber

import (
	"math/big"
	"net/netip"
	"strconv"
	"time"
)

// ParseInt64 decodes the contents of an INTEGER (or ENUMERATED) as a
// two's complement number. Redundant leading octets are accepted; a value
// beyond int64 is ErrOverflow.
func ParseInt64(c []byte) (int64, error) {
	if len(c) == 0 {
		return 0, ErrMalformed
	}
	c = trimInt(c)
	if len(c) > 8 {
		return 0, ErrOverflow
	}
	v := int64(int8(c[0]))
	for _, b := range c[1:] {
		v = v<<8 | int64(b)
	}
	return v, nil
}

// trimInt drops leading octets that only repeat the sign.
func trimInt(c []byte) []byte {
	for len(c) > 1 && (c[0] == 0 && c[1]&0x80 == 0 || c[0] == 0xff && c[1]&0x80 != 0) {
		c = c[1:]
	}
	return c
}

// ParseUint64 decodes the contents of a non-negative INTEGER (Counter64,
// Counter32, ...). A negative value or one beyond uint64 is ErrOverflow.
func ParseUint64(c []byte) (uint64, error) {
	if len(c) == 0 {
		return 0, ErrMalformed
	}
	if c[0]&0x80 != 0 {
		return 0, ErrOverflow
	}
	for len(c) > 1 && c[0] == 0 {
		c = c[1:]
	}
	if len(c) > 8 {
		return 0, ErrOverflow
	}
	var v uint64
	for _, b := range c {
		v = v<<8 | uint64(b)
	}
	return v, nil
}

// ParseBigInt decodes the contents of an INTEGER of any size.
func ParseBigInt(c []byte) (*big.Int, error) {
	if len(c) == 0 {
		return nil, ErrMalformed
	}
	v := new(big.Int).SetBytes(c)
	if c[0]&0x80 != 0 {
		v.Sub(v, new(big.Int).Lsh(big.NewInt(1), uint(8*len(c))))
	}
	return v, nil
}

// BigIntBytes appends the minimal two's complement contents of v (0 for
// nil).
func BigIntBytes(dst []byte, v *big.Int) []byte {
	if v == nil || v.Sign() == 0 {
		return append(dst, 0)
	}
	if v.Sign() > 0 {
		b := v.Bytes()
		if b[0]&0x80 != 0 {
			dst = append(dst, 0)
		}
		return append(dst, b...)
	}
	// Negative: two's complement of |v| in enough octets.
	n := (v.BitLen() + 8) / 8
	m := new(big.Int).Lsh(big.NewInt(1), uint(8*n))
	m.Add(m, v)
	b := m.Bytes()
	for len(b) < n {
		b = append([]byte{0}, b...)
	}
	return append(dst, trimInt(b)...)
}

// ParseBool decodes the contents of a BOOLEAN: one octet, zero for false.
func ParseBool(c []byte) (bool, error) {
	if len(c) != 1 {
		return false, ErrMalformed
	}
	return c[0] != 0, nil
}

// BitString is the contents of a BIT STRING: the bits, most significant
// first, and how many bits of the last octet are unused.
type BitString struct {
	Bytes  []byte
	Unused uint8
}

// ParseBitString decodes the contents of a BIT STRING (primitive form).
func ParseBitString(c []byte) (BitString, error) {
	if len(c) == 0 || c[0] > 7 || len(c) == 1 && c[0] != 0 {
		return BitString{}, ErrMalformed
	}
	return BitString{Bytes: c[1:], Unused: c[0]}, nil
}

// BitLen returns the number of bits.
func (s BitString) BitLen() int { return 8*len(s.Bytes) - int(s.Unused) }

// At returns bit i (0 is the first, most significant bit), 0 beyond the
// end.
func (s BitString) At(i int) int {
	if i < 0 || i >= s.BitLen() {
		return 0
	}
	return int(s.Bytes[i/8]>>(7-uint(i%8))) & 1
}

// Uint32 returns the first 32 bits as a number, bit 0 the most
// significant: Kerberos' KDCOptions and TicketFlags.
func (s BitString) Uint32() uint32 {
	var v uint32
	for i := range 4 {
		v <<= 8
		if i < len(s.Bytes) {
			v |= uint32(s.Bytes[i])
		}
	}
	return v
}

// BitStringFromUint32 is the 32-bit BIT STRING of Kerberos flags.
func BitStringFromUint32(v uint32) BitString {
	return BitString{Bytes: []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}}
}

// ParseIPv4 decodes the four octets of an IpAddress.
func ParseIPv4(c []byte) (netip.Addr, error) {
	if len(c) != 4 {
		return netip.Addr{}, ErrMalformed
	}
	return netip.AddrFrom4([4]byte(c)), nil
}

// ParseGeneralizedTime decodes a GeneralizedTime: YYYYMMDDHH[MM[SS]] with
// an optional fraction, then Z, a +hhmm/-hhmm offset, or nothing (local
// time, read as UTC). Kerberos uses the DER form YYYYMMDDHHMMSSZ.
func ParseGeneralizedTime(c []byte) (time.Time, error) {
	return parseTime(c, 4)
}

// ParseUTCTime decodes a UTCTime: YYMMDDHHMM[SS] then Z or an offset;
// years 50-99 are 19xx.
func ParseUTCTime(c []byte) (time.Time, error) {
	return parseTime(c, 2)
}

func digits(c []byte, n int) (int, bool) {
	if len(c) < n {
		return 0, false
	}
	v := 0
	for _, b := range c[:n] {
		if b < '0' || b > '9' {
			return 0, false
		}
		v = v*10 + int(b-'0')
	}
	return v, true
}

func parseTime(c []byte, ylen int) (time.Time, error) {
	year, ok := digits(c, ylen)
	if !ok {
		return time.Time{}, ErrMalformed
	}
	if ylen == 2 {
		if year < 50 {
			year += 2000
		} else {
			year += 1900
		}
	}
	c = c[ylen:]
	var f [5]int // month day hour min sec
	n := 0
	for n < 5 {
		v, ok := digits(c, 2)
		if !ok {
			break
		}
		f[n] = v
		c = c[2:]
		n++
	}
	if n < 4 && !(ylen == 4 && n == 3) {
		return time.Time{}, ErrMalformed
	}
	ns := 0
	if ylen == 4 && len(c) > 0 && (c[0] == '.' || c[0] == ',') {
		c = c[1:]
		k := 0
		scale := 100000000
		for k < len(c) && c[k] >= '0' && c[k] <= '9' {
			ns += int(c[k]-'0') * scale
			scale /= 10
			k++
		}
		if k == 0 {
			return time.Time{}, ErrMalformed
		}
		c = c[k:]
	}
	loc := time.UTC
	switch {
	case len(c) == 1 && c[0] == 'Z':
	case len(c) == 5 && (c[0] == '+' || c[0] == '-'):
		hh, ok1 := digits(c[1:], 2)
		mm, ok2 := digits(c[3:], 2)
		if !ok1 || !ok2 || hh > 23 || mm > 59 {
			return time.Time{}, ErrMalformed
		}
		off := hh*3600 + mm*60
		if c[0] == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
	case len(c) == 0 && ylen == 4:
	default:
		return time.Time{}, ErrMalformed
	}
	if f[0] < 1 || f[0] > 12 || f[1] < 1 || f[1] > 31 || f[2] > 23 || f[3] > 59 || f[4] > 60 {
		return time.Time{}, ErrMalformed
	}
	return time.Date(year, time.Month(f[0]), f[1], f[2], f[3], f[4], ns, loc), nil
}

// AppendGeneralizedTime appends t in DER's GeneralizedTime form: UTC,
// "YYYYMMDDHHMMSSZ", with a fraction of second (no trailing zeros) only
// when t has one.
func AppendGeneralizedTime(dst []byte, t time.Time) []byte {
	t = t.UTC()
	dst = t.AppendFormat(dst, "20060102150405")
	if ns := t.Nanosecond(); ns != 0 {
		s := strconv.Itoa(1000000000 + ns)[1:]
		for s[len(s)-1] == '0' {
			s = s[:len(s)-1]
		}
		dst = append(dst, '.')
		dst = append(dst, s...)
	}
	return append(dst, 'Z')
}

// Int64 decodes the contents as an integer.
func (t TLV) Int64() (int64, error) {
	v, err := ParseInt64(t.Value)
	if err != nil {
		return 0, errAt(t.Offset, err)
	}
	return v, nil
}

// Uint64 decodes the contents as a non-negative integer.
func (t TLV) Uint64() (uint64, error) {
	v, err := ParseUint64(t.Value)
	if err != nil {
		return 0, errAt(t.Offset, err)
	}
	return v, nil
}

// BigInt decodes the contents as an integer of any size.
func (t TLV) BigInt() (*big.Int, error) {
	v, err := ParseBigInt(t.Value)
	if err != nil {
		return nil, errAt(t.Offset, err)
	}
	return v, nil
}

// Bool decodes the contents as a BOOLEAN.
func (t TLV) Bool() (bool, error) {
	v, err := ParseBool(t.Value)
	if err != nil {
		return false, errAt(t.Offset, err)
	}
	return v, nil
}

// Null checks that the element has no contents.
func (t TLV) Null() error {
	if len(t.Value) != 0 {
		return errAt(t.Offset, ErrMalformed)
	}
	return nil
}

// OID decodes the contents as an OBJECT IDENTIFIER.
func (t TLV) OID() (OID, error) {
	o := OID(t.Value)
	if err := o.Validate(); err != nil {
		return nil, errAt(t.Offset, err)
	}
	return o, nil
}

// BitString decodes the contents as a BIT STRING.
func (t TLV) BitString() (BitString, error) {
	v, err := ParseBitString(t.Value)
	if err != nil {
		return v, errAt(t.Offset, err)
	}
	return v, nil
}

// IPv4 decodes the contents as an IpAddress.
func (t TLV) IPv4() (netip.Addr, error) {
	v, err := ParseIPv4(t.Value)
	if err != nil {
		return v, errAt(t.Offset, err)
	}
	return v, nil
}

// Time decodes the contents as a UTCTime when the tag is UTCTime, as a
// GeneralizedTime otherwise (KerberosTime is one).
func (t TLV) Time() (time.Time, error) {
	var v time.Time
	var err error
	if t.Tag == TagUTCTime {
		v, err = ParseUTCTime(t.Value)
	} else {
		v, err = ParseGeneralizedTime(t.Value)
	}
	if err != nil {
		return v, errAt(t.Offset, err)
	}
	return v, nil
}
