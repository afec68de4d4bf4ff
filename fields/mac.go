package fields

import (
	"errors"
	"fmt"
	"net"
	"strconv"
)

// MAC is a 48-bit IEEE 802 address as a value type.
type MAC [6]byte

// BroadcastMAC is ff:ff:ff:ff:ff:ff.
var BroadcastMAC = MAC{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// ErrBadMAC reports a string that is not a 48-bit MAC address.
var ErrBadMAC = errors.New("invalid mac address")

// hexVal is the value of each hex digit, 0xff for any other byte.
var hexVal = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = byte(c-'a') + 10
		t[c-'a'+'A'] = byte(c-'a') + 10
	}
	return t
}()

func unhex(c byte) (byte, bool) {
	v := hexVal[c]
	return v, v != 0xff
}

// ParseMAC parses "aa:bb:cc:dd:ee:ff", "aa-bb-cc-dd-ee-ff",
// "aabb.ccdd.eeff" or "aabbccddeeff". It does not allocate on success.
func ParseMAC(s string) (MAC, error) {
	var m MAC
	var sep byte
	switch len(s) {
	case 17:
		sep = s[2]
		if sep != ':' && sep != '-' || s[5] != sep || s[8] != sep || s[11] != sep || s[14] != sep {
			return m, macErr(s)
		}
		var bad byte // any byte not a hex digit sets high bits (0xff)
		for i := range m {
			h, l := hexVal[s[3*i]], hexVal[s[3*i+1]]
			bad |= h | l
			m[i] = h<<4 | l
		}
		if bad&0xf0 != 0 {
			return MAC{}, macErr(s)
		}
		return m, nil
	case 14:
		if s[4] != '.' || s[9] != '.' {
			return m, macErr(s)
		}
		j := 0
		for i := 0; i < 14; i += 2 {
			if s[i] == '.' {
				i--
				continue
			}
			h, ok1 := unhex(s[i])
			l, ok2 := unhex(s[i+1])
			if !ok1 || !ok2 || j >= 6 {
				return m, macErr(s)
			}
			m[j] = h<<4 | l
			j++
		}
		if j != 6 {
			return m, macErr(s)
		}
		return m, nil
	case 12:
		for i := 0; i < 6; i++ {
			h, ok1 := unhex(s[2*i])
			l, ok2 := unhex(s[2*i+1])
			if !ok1 || !ok2 {
				return m, macErr(s)
			}
			m[i] = h<<4 | l
		}
		return m, nil
	}
	return m, macErr(s)
}

// macErr quotes a copy of s: the text a caller passes stays its own.
func macErr(s string) error {
	return fmt.Errorf("%w %s (want aa:bb:cc:dd:ee:ff)", ErrBadMAC, strconv.Quote(s))
}

// MustParseMAC is ParseMAC that panics on error; for constants in programs.
func MustParseMAC(s string) MAC {
	m, err := ParseMAC(s)
	if err != nil {
		panic(err)
	}
	return m
}

// MACFrom converts a string, MAC, [6]byte, net.HardwareAddr or []byte of
// length 6 to a MAC.
func MACFrom(v any) (MAC, error) {
	switch x := v.(type) {
	case MAC:
		return x, nil
	case [6]byte:
		return MAC(x), nil
	case string:
		return ParseMAC(x)
	case net.HardwareAddr:
		if len(x) == 6 {
			return MAC(x), nil
		}
		return MAC{}, fmt.Errorf("%w %q (want 6 bytes)", ErrBadMAC, x.String())
	case []byte:
		if len(x) == 6 {
			return MAC(x), nil
		}
		return MAC{}, fmt.Errorf("%w: %d bytes (want 6)", ErrBadMAC, len(x))
	case fmt.Stringer:
		return ParseMAC(x.String())
	}
	return MAC{}, fmt.Errorf("%w: unsupported type %T", ErrBadMAC, v)
}

const hexdigits = "0123456789abcdef"

// AppendText appends the colon form to b.
func (m MAC) AppendText(b []byte) ([]byte, error) {
	for i, x := range m {
		if i > 0 {
			b = append(b, ':')
		}
		b = append(b, hexdigits[x>>4], hexdigits[x&15])
	}
	return b, nil
}

// String returns "aa:bb:cc:dd:ee:ff".
func (m MAC) String() string {
	var a [17]byte
	b, _ := m.AppendText(a[:0])
	return string(b)
}

// MarshalText implements encoding.TextMarshaler.
func (m MAC) MarshalText() ([]byte, error) { return m.AppendText(nil) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (m *MAC) UnmarshalText(b []byte) error {
	v, err := ParseMAC(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// IsBroadcast reports ff:ff:ff:ff:ff:ff.
func (m MAC) IsBroadcast() bool { return m == BroadcastMAC }

// IsMulticast reports the group bit.
func (m MAC) IsMulticast() bool { return m[0]&1 == 1 }

// IsZero reports 00:00:00:00:00:00.
func (m MAC) IsZero() bool { return m == MAC{} }
