package fields

import (
	"encoding/hex"
	"fmt"
	"net/netip"
	"strings"
)

// Unsigned is the set of integer types integer fields hold.
type Unsigned interface {
	~uint8 | ~uint16 | ~uint32 | ~uint64
}

// UintField is an integer field of bits bits stored in a plain struct field.
func UintField[L any, T Unsigned](name string, bits int, def T, ptr func(*L) *T) Field {
	f := Field{Name: name, Kind: KindUint, Bits: bits, Default: def}
	f.get = func(l any) (any, bool) { return *ptr(l.(*L)), true }
	f.uint = func(l any) (uint64, bool) { return uint64(*ptr(l.(*L))), true }
	f.setUint = func(l any, u uint64) { *ptr(l.(*L)) = T(u) }
	return f
}

// AutoUintField is an integer field the library computes unless set
// (lengths, checksums, next-protocol values): Scapy's None default.
func AutoUintField[L any, T Unsigned](name string, bits int, ptr func(*L) *Opt[T]) Field {
	f := Field{Name: name, Kind: KindUint, Bits: bits, Auto: true}
	f.get = func(l any) (any, bool) {
		o := ptr(l.(*L))
		return o.Value, o.Valid
	}
	f.uint = func(l any) (uint64, bool) {
		o := ptr(l.(*L))
		return uint64(o.Value), o.Valid
	}
	f.setUint = func(l any, u uint64) { ptr(l.(*L)).Put(T(u)) }
	f.unset = func(l any) { ptr(l.(*L)).Unset() }
	return f
}

// ByteField is an 8-bit integer.
func ByteField[L any](name string, def uint8, ptr func(*L) *uint8) Field {
	return UintField(name, 8, def, ptr)
}

// XByteField is an 8-bit integer shown in hex.
func XByteField[L any](name string, def uint8, ptr func(*L) *uint8) Field {
	f := UintField(name, 8, def, ptr)
	f.Hex = true
	return f
}

// ShortField is a 16-bit integer.
func ShortField[L any](name string, def uint16, ptr func(*L) *uint16) Field {
	return UintField(name, 16, def, ptr)
}

// XShortField is a 16-bit integer shown in hex.
func XShortField[L any](name string, def uint16, ptr func(*L) *uint16) Field {
	f := UintField(name, 16, def, ptr)
	f.Hex = true
	return f
}

// IntField is a 32-bit integer.
func IntField[L any](name string, def uint32, ptr func(*L) *uint32) Field {
	return UintField(name, 32, def, ptr)
}

// XIntField is a 32-bit integer shown in hex.
func XIntField[L any](name string, def uint32, ptr func(*L) *uint32) Field {
	f := UintField(name, 32, def, ptr)
	f.Hex = true
	return f
}

// LongField is a 64-bit integer.
func LongField[L any](name string, def uint64, ptr func(*L) *uint64) Field {
	return UintField(name, 64, def, ptr)
}

// BitField is an integer of fewer bits than its storage.
func BitField[L any, T Unsigned](name string, bits int, def T, ptr func(*L) *T) Field {
	return UintField(name, bits, def, ptr)
}

// FlagsField is an integer whose bits have names, least significant first.
// A string of single letters names one bit per letter ("FSRPAUEC").
func FlagsField[L any, T Unsigned](name string, bits int, def T, names any, ptr func(*L) *T) Field {
	f := UintField(name, bits, def, ptr)
	f.Flags = flagNames(names)
	return f
}

func flagNames(names any) []string {
	switch x := names.(type) {
	case string:
		out := make([]string, len(x))
		for i := range x {
			out[i] = x[i : i+1]
		}
		return out
	case []string:
		return x
	}
	panic(fmt.Sprintf("fields: flag names must be string or []string, not %T", names))
}

// EnumField is an integer whose values have names.
func EnumField[L any, T Unsigned](name string, bits int, def T, enum map[uint64]string, ptr func(*L) *T) Field {
	f := UintField(name, bits, def, ptr)
	f.Enum = enum
	return f
}

// MACField is a 6-byte MAC address.
func MACField[L any](name string, def MAC, ptr func(*L) *MAC) Field {
	f := Field{Name: name, Kind: KindMAC, Bits: 48, Default: def}
	f.get = func(l any) (any, bool) { return *ptr(l.(*L)), true }
	f.set = func(l any, v any) error {
		m, err := MACFrom(v)
		if err != nil {
			return err
		}
		*ptr(l.(*L)) = m
		return nil
	}
	return f
}

// IPField is an IPv4 address.
func IPField[L any](name string, def netip.Addr, ptr func(*L) *netip.Addr) Field {
	return addrField(name, KindIPv4, def, ptr)
}

// IP6Field is an IPv6 address.
func IP6Field[L any](name string, def netip.Addr, ptr func(*L) *netip.Addr) Field {
	return addrField(name, KindIPv6, def, ptr)
}

func addrField[L any](name string, k Kind, def netip.Addr, ptr func(*L) *netip.Addr) Field {
	f := Field{Name: name, Kind: k, Default: def}
	if k == KindIPv4 {
		f.Bits = 32
	} else {
		f.Bits = 128
	}
	f.get = func(l any) (any, bool) { return *ptr(l.(*L)), true }
	f.set = func(l any, v any) error {
		a, err := AddrFrom(v, k == KindIPv6)
		if err != nil {
			return err
		}
		*ptr(l.(*L)) = a
		return nil
	}
	f.text = func(l any) string {
		a := *ptr(l.(*L))
		if !a.IsValid() {
			return "None"
		}
		return a.String()
	}
	f.json = func(l any) any {
		a := *ptr(l.(*L))
		if !a.IsValid() {
			return nil
		}
		return a.String()
	}
	return f
}

// BytesField is a byte string (payloads, opaque data), hex in text form;
// Set also takes a Go string as its bytes.
func BytesField[L any](name string, ptr func(*L) *[]byte) Field {
	f := Field{Name: name, Kind: KindBytes, Default: []byte(nil)}
	f.get = func(l any) (any, bool) { return *ptr(l.(*L)), true }
	f.set = func(l any, v any) error {
		switch x := v.(type) {
		case []byte:
			*ptr(l.(*L)) = x
		case string:
			if b, ok := parseHexText(x); ok {
				*ptr(l.(*L)) = b
			} else {
				*ptr(l.(*L)) = []byte(x)
			}
		default:
			return fmt.Errorf("%w: %T is not bytes", ErrBadValue, v)
		}
		return nil
	}
	return f
}

// parseHexText accepts "0x..." hex for byte fields.
func parseHexText(s string) ([]byte, bool) {
	if !strings.HasPrefix(s, "0x") && !strings.HasPrefix(s, "0X") {
		return nil, false
	}
	b, err := hex.DecodeString(s[2:])
	return b, err == nil
}

// StrField is text (a DNS name, say).
func StrField[L any](name string, def string, ptr func(*L) *string) Field {
	f := Field{Name: name, Kind: KindString, Default: def}
	f.get = func(l any) (any, bool) { return *ptr(l.(*L)), true }
	f.set = func(l any, v any) error {
		switch x := v.(type) {
		case string:
			*ptr(l.(*L)) = x
		case []byte:
			*ptr(l.(*L)) = string(x)
		default:
			return fmt.Errorf("%w: %T is not a string", ErrBadValue, v)
		}
		return nil
	}
	return f
}

// ListField is a structured field (options, records). get returns the
// typed slice; set accepts what the protocol documents; format and json
// give Show's text and the JSON array.
func ListField[L any](name string, get func(*L) any, set func(*L, any) error, format func(*L) string, json func(*L) any) Field {
	f := Field{Name: name, Kind: KindList}
	f.get = func(l any) (any, bool) { return get(l.(*L)), true }
	if set != nil {
		f.set = func(l any, v any) error { return set(l.(*L), v) }
	}
	if format != nil {
		f.text = func(l any) string { return format(l.(*L)) }
	}
	if json != nil {
		f.json = func(l any) any { return json(l.(*L)) }
	}
	return f
}

// When makes a field present only when cond holds (Scapy's
// ConditionalField).
func (f Field) When(cond func(l any) bool) Field { f.cond = cond; return f }

// WithHex shows the field in hex.
func (f Field) WithHex() Field { f.Hex = true; return f }

// WithEnum names values of an integer field.
func (f Field) WithEnum(e map[uint64]string) Field { f.Enum = e; return f }

// WithFlags names bits of an integer field.
func (f Field) WithFlags(names any) Field { f.Flags = flagNames(names); return f }

// WithDefault records the default shown for documentation.
func (f Field) WithDefault(v any) Field { f.Default = v; return f }

// WithFormat replaces the text form used by Show.
func WithFormat[L any](f Field, format func(*L) string) Field {
	f.text = func(l any) string { return format(l.(*L)) }
	return f
}

// WithJSON replaces the JSON form.
func WithJSON[L any](f Field, json func(*L) any) Field {
	f.json = func(l any) any { return json(l.(*L)) }
	return f
}
