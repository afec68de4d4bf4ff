// Package fields describes protocol fields: their kinds (ByteField,
// ShortField, IntField, LongField, BitField, FlagsField, EnumField,
// MACField, IPField, IP6Field, StrField, BytesField), Scapy names and
// defaults, text parsing and formatting, and wire packing.
//
// Each protocol publishes a table of Field values. The table drives the
// generic surface — Get and Set by name, Show, JSON, the expression
// language and fuzzing — while hot paths use the protocol's typed struct
// fields directly and never touch the table.
package fields

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// Kind is the wire and text form of a field.
type Kind uint8

// Field kinds.
const (
	KindUint   Kind = iota + 1 // unsigned integer of Bits bits
	KindMAC                    // 6-byte MAC address
	KindIPv4                   // 4-byte IPv4 address
	KindIPv6                   // 16-byte IPv6 address
	KindBytes                  // raw bytes, hex in text form
	KindString                 // text (DNS names, ...)
	KindList                   // options, records: structured
)

var kindNames = [...]string{"", "uint", "mac", "ipv4", "ipv6", "bytes", "string", "list"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Errors returned by field access.
var (
	ErrNoField     = errors.New("no such field")
	ErrBadValue    = errors.New("invalid field value")
	ErrShortBuffer = errors.New("buffer too short")
	ErrReadOnly    = errors.New("field cannot be set")
)

// Field describes one protocol field for the generic surface.
type Field struct {
	Name string // Scapy's name
	Kind Kind
	Bits int  // width of integer fields
	Auto bool // computed when unset (Scapy's None)
	Hex  bool // shown in hex (Scapy's XShortField, ...)

	// Default is the value a fresh layer holds (nil for Auto fields).
	Default any
	// Enum names integer values (EnumField).
	Enum map[uint64]string
	// Flags names the bits of a FlagsField, least significant bit first.
	Flags []string

	get     func(l any) (any, bool)
	set     func(l any, v any) error
	unset   func(l any)
	uint    func(l any) (uint64, bool)
	setUint func(l any, u uint64)
	cond    func(l any) bool
	text    func(l any) string
	json    func(l any) any
}

// Get returns the field's value in layer l (a pointer to the protocol
// struct). Auto fields that are unset return nil, as Scapy returns None.
func (f *Field) Get(l any) any {
	v, ok := f.get(l)
	if !ok {
		return nil
	}
	return v
}

// IsSet reports whether an Auto field holds a value; plain fields always do.
func (f *Field) IsSet(l any) bool { _, ok := f.get(l); return ok }

// Uint returns an integer field's value as uint64.
func (f *Field) Uint(l any) (uint64, bool) {
	if f.uint == nil {
		return 0, false
	}
	return f.uint(l)
}

// Set assigns v, converting integers of any Go type, strings in the field's
// text form (numbers, enum names, flag letters, addresses, hex), and typed
// values (netip.Addr, MAC, []byte). Set(nil) makes an Auto field unset.
func (f *Field) Set(l any, v any) error {
	if v == nil {
		if f.unset != nil {
			f.unset(l)
			return nil
		}
		return fmt.Errorf("field %s: %w: nil (field is not computed)", f.Name, ErrBadValue)
	}
	if f.setUint != nil {
		u, err := f.ParseUint(v)
		if err != nil {
			return fmt.Errorf("field %s: %w", f.Name, err)
		}
		f.setUint(l, u)
		return nil
	}
	if f.set == nil {
		return fmt.Errorf("field %s: %w", f.Name, ErrReadOnly)
	}
	if err := f.set(l, v); err != nil {
		return fmt.Errorf("field %s: %w", f.Name, err)
	}
	return nil
}

// Present reports whether the field exists in this instance (conditional
// fields, such as ICMP's id for echo messages only).
func (f *Field) Present(l any) bool { return f.cond == nil || f.cond(l) }

// Format returns the field's value as Show prints it: enum names, flag
// letters, hex where Scapy uses it, "None" for unset Auto fields.
func (f *Field) Format(l any) string {
	if f.text != nil {
		return f.text(l)
	}
	v, ok := f.get(l)
	if !ok {
		return "None"
	}
	switch f.Kind {
	case KindUint:
		u, _ := f.uint(l)
		return f.FormatUint(u)
	case KindBytes:
		b, _ := v.([]byte)
		return reprBytes(b)
	case KindString:
		return fmt.Sprintf("%q", v)
	}
	return fmt.Sprint(v)
}

// FormatUint formats an integer as this field shows it.
func (f *Field) FormatUint(u uint64) string {
	if f.Flags != nil {
		return FormatFlags(u, f.Flags)
	}
	if f.Enum != nil {
		if n, ok := f.Enum[u]; ok {
			return n
		}
	}
	if f.Hex {
		return "0x" + strconv.FormatUint(u, 16)
	}
	return strconv.FormatUint(u, 10)
}

// JSON returns the value for the JSON form: integers as numbers, addresses
// as text, bytes as lowercase hex, lists as arrays of objects, nil unset.
func (f *Field) JSON(l any) any {
	if f.json != nil {
		return f.json(l)
	}
	v, ok := f.get(l)
	if !ok {
		return nil
	}
	switch f.Kind {
	case KindUint:
		u, _ := f.uint(l)
		return u
	case KindBytes:
		b, _ := v.([]byte)
		return hex.EncodeToString(b)
	case KindMAC, KindIPv4, KindIPv6:
		return fmt.Sprint(v)
	}
	return v
}

// PackInto writes value v in the field's wire form at the start of b and
// returns the bytes written. Integer fields must be whole bytes wide.
func (f *Field) PackInto(b []byte, v any) (int, error) {
	switch f.Kind {
	case KindUint:
		if f.Bits%8 != 0 {
			return 0, fmt.Errorf("field %s: %w: %d-bit field is not byte aligned", f.Name, ErrBadValue, f.Bits)
		}
		u, err := f.ParseUint(v)
		if err != nil {
			return 0, fmt.Errorf("field %s: %w", f.Name, err)
		}
		n := f.Bits / 8
		if len(b) < n {
			return 0, ErrShortBuffer
		}
		for i := n - 1; i >= 0; i-- {
			b[i] = byte(u)
			u >>= 8
		}
		return n, nil
	case KindMAC:
		m, err := MACFrom(v)
		if err != nil {
			return 0, err
		}
		if len(b) < 6 {
			return 0, ErrShortBuffer
		}
		return copy(b, m[:]), nil
	case KindIPv4, KindIPv6:
		a, err := AddrFrom(v, f.Kind == KindIPv6)
		if err != nil {
			return 0, fmt.Errorf("field %s: %w", f.Name, err)
		}
		s := a.AsSlice()
		if len(b) < len(s) {
			return 0, ErrShortBuffer
		}
		return copy(b, s), nil
	case KindBytes, KindString:
		var s []byte
		switch x := v.(type) {
		case []byte:
			s = x
		case string:
			s = []byte(x)
		default:
			return 0, fmt.Errorf("field %s: %w: %T", f.Name, ErrBadValue, v)
		}
		if len(b) < len(s) {
			return 0, ErrShortBuffer
		}
		return copy(b, s), nil
	}
	return 0, fmt.Errorf("field %s: %w: %s fields have no fixed wire form", f.Name, ErrBadValue, f.Kind)
}

// SerializeInto writes the field's current value in layer l at the start of
// b (see PackInto).
func (f *Field) SerializeInto(b []byte, l any) (int, error) {
	v, ok := f.get(l)
	if !ok {
		v = uint64(0)
		if f.Kind != KindUint {
			return 0, fmt.Errorf("field %s: %w: unset", f.Name, ErrBadValue)
		}
	}
	return f.PackInto(b, v)
}

// ParseUint converts v to an integer that fits the field: Go integers,
// bool, decimal/0x-hex strings, enum names and flag letters ("SA", "DF",
// "S+A").
func (f *Field) ParseUint(v any) (uint64, error) {
	u, err := toUint(v, f)
	if err != nil {
		return 0, err
	}
	if f.Bits < 64 && u>>uint(f.Bits) != 0 {
		return 0, fmt.Errorf("%w: %d does not fit in %d bits", ErrBadValue, u, f.Bits)
	}
	return u, nil
}

func toUint(v any, f *Field) (uint64, error) {
	switch x := v.(type) {
	case uint8:
		return uint64(x), nil
	case uint16:
		return uint64(x), nil
	case uint32:
		return uint64(x), nil
	case uint64:
		return x, nil
	case uint:
		return uint64(x), nil
	case int:
		if x < 0 {
			return 0, fmt.Errorf("%w: negative %d", ErrBadValue, x)
		}
		return uint64(x), nil
	case int8:
		return toUint(int(x), f)
	case int16:
		return toUint(int(x), f)
	case int32:
		return toUint(int(x), f)
	case int64:
		if x < 0 {
			return 0, fmt.Errorf("%w: negative %d", ErrBadValue, x)
		}
		return uint64(x), nil
	case float64:
		if x < 0 || x != float64(uint64(x)) {
			return 0, fmt.Errorf("%w: %v is not a whole number", ErrBadValue, x)
		}
		return uint64(x), nil
	case bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case string:
		return parseUintText(strings.TrimSpace(x), f)
	case interface{ Uint64() uint64 }:
		return x.Uint64(), nil
	}
	return 0, fmt.Errorf("%w: %T is not an integer", ErrBadValue, v)
}

func parseUintText(s string, f *Field) (uint64, error) {
	if s == "" {
		return 0, fmt.Errorf("%w: empty", ErrBadValue)
	}
	if u, err := strconv.ParseUint(s, 0, 64); err == nil {
		return u, nil
	}
	if f != nil && f.Enum != nil {
		for k, n := range f.Enum {
			if strings.EqualFold(n, s) {
				return k, nil
			}
		}
	}
	if f != nil && f.Flags != nil {
		if u, ok := ParseFlags(s, f.Flags); ok {
			return u, nil
		}
	}
	return 0, fmt.Errorf("%w: %q", ErrBadValue, s)
}

// FormatFlags writes the set bits as letters (Scapy style: "SA", "DF");
// multi-letter names are joined with "+". Unnamed set bits appear as hex.
func FormatFlags(u uint64, names []string) string {
	single := true
	for _, n := range names {
		if len(n) != 1 {
			single = false
			break
		}
	}
	var b strings.Builder
	for i, n := range names {
		if u&(1<<uint(i)) == 0 || n == "" {
			continue
		}
		if !single && b.Len() > 0 {
			b.WriteByte('+')
		}
		b.WriteString(n)
	}
	rest := u
	for i, n := range names {
		if n != "" {
			rest &^= 1 << uint(i)
		}
	}
	if rest != 0 {
		if b.Len() > 0 {
			b.WriteByte('+')
		}
		b.WriteString("0x" + strconv.FormatUint(rest, 16))
	}
	if b.Len() == 0 {
		return ""
	}
	return b.String()
}

// ParseFlags parses flag letters or "+"-joined names.
func ParseFlags(s string, names []string) (uint64, bool) {
	var u uint64
	if strings.Contains(s, "+") || strings.Contains(s, "|") {
		for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '+' || r == '|' }) {
			v, ok := ParseFlags(part, names)
			if !ok {
				return 0, false
			}
			u |= v
		}
		return u, true
	}
	for i, n := range names {
		if n != "" && n == s {
			return 1 << uint(i), true
		}
	}
	// letter form: each character one flag
	for _, c := range s {
		found := false
		for i, n := range names {
			if len(n) == 1 && rune(n[0]) == c {
				u |= 1 << uint(i)
				found = true
				break
			}
		}
		if !found {
			return 0, false
		}
	}
	return u, true
}

// AddrFrom converts a string, netip.Addr, [4]byte, [16]byte or
// net.IP-like []byte to an address of the wanted family.
func AddrFrom(v any, want6 bool) (netip.Addr, error) {
	var a netip.Addr
	switch x := v.(type) {
	case netip.Addr:
		a = x
	case string:
		p, err := ParseAddr(x)
		if err != nil {
			return a, fmt.Errorf("%w: ip address %q", ErrBadValue, x)
		}
		a = p
	case [4]byte:
		a = netip.AddrFrom4(x)
	case [16]byte:
		a = netip.AddrFrom16(x)
	case []byte:
		p, ok := netip.AddrFromSlice(x)
		if !ok {
			return a, fmt.Errorf("%w: ip address of %d bytes", ErrBadValue, len(x))
		}
		a = p
	case fmt.Stringer:
		return AddrFrom(x.String(), want6)
	default:
		return a, fmt.Errorf("%w: %T is not an ip address", ErrBadValue, v)
	}
	if want6 {
		if a.Is4() {
			return a, fmt.Errorf("%w: %s is not an ipv6 address", ErrBadValue, a)
		}
		return a, nil
	}
	a = a.Unmap()
	if !a.Is4() {
		return a, fmt.Errorf("%w: %s is not an ipv4 address", ErrBadValue, a)
	}
	return a, nil
}

func reprBytes(b []byte) string {
	var sb strings.Builder
	sb.WriteString("b'")
	for _, c := range b {
		switch {
		case c == '\\':
			sb.WriteString(`\\`)
		case c == '\'':
			sb.WriteString(`\'`)
		case c == '\n':
			sb.WriteString(`\n`)
		case c == '\r':
			sb.WriteString(`\r`)
		case c == '\t':
			sb.WriteString(`\t`)
		case c >= 32 && c < 127:
			sb.WriteByte(c)
		default:
			sb.WriteString(`\x`)
			sb.WriteByte(hexdigits[c>>4])
			sb.WriteByte(hexdigits[c&15])
		}
	}
	sb.WriteByte('\'')
	return sb.String()
}

// ReprBytes formats bytes as Scapy shows them (b'...').
func ReprBytes(b []byte) string { return reprBytes(b) }

// BE is a shorthand for big-endian encoding used by field kinds.
var BE = binary.BigEndian
