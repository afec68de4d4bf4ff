// Package ber reads and writes ASN.1 values in the Basic Encoding Rules
// (ITU-T X.690), the encoding of SNMP, LDAP, Kerberos and X.509.
//
// It is a general codec and knows no protocol: it sits beside checksum on
// the lowest floor of the module and imports nothing of it, so layers and
// tools can share it. It holds:
//
//   - Tag: class, constructed bit and number (multi-byte tag numbers
//     included), with constants for the universal types and the SNMP
//     application types (IpAddress, Counter32, Gauge32, TimeTicks, Opaque,
//     Counter64).
//   - Reader: iterates over the TLVs of a byte slice without copying or
//     allocating; a TLV gives its contents as a sub-slice and decodes them
//     (INTEGER of any size, BOOLEAN, NULL, OBJECT IDENTIFIER, BIT STRING,
//     GeneralizedTime/UTCTime, IpAddress, ...).
//   - Writer: appends encodings to a byte slice, or writes them into a
//     fixed buffer, or only counts their size; constructed values are
//     opened with Begin and closed with End, their length computed.
//   - Layout: the encoding choices BER leaves open (long-form lengths,
//     padded integers, the byte of a true BOOLEAN), recorded while reading
//     and replayed while writing, so a decoded message re-encodes byte for
//     byte.
//
// Lengths are definite by default: SNMP (RFC 3417 section 8), LDAP (RFC
// 4511 section 5.1) and Kerberos (DER, RFC 4120 section 5.1) forbid the
// indefinite form, so their decoders reject it. A Reader with Indefinite
// set accepts it for other BER users. Errors are *Error values carrying the
// offset of the element at fault; they match ErrTruncated, ErrMalformed,
// ErrIndefinite, ErrTag, ErrOverflow and ErrTooDeep with errors.Is.
package ber

import (
	"errors"
	"strconv"
)

// Errors, to test with errors.Is.
var (
	// ErrTruncated: an element runs past the end of the input.
	ErrTruncated = errors.New("truncated")
	// ErrMalformed: an identifier, length or contents that BER forbids.
	ErrMalformed = errors.New("malformed")
	// ErrIndefinite: an indefinite length where only definite ones are
	// allowed.
	ErrIndefinite = errors.New("indefinite length not allowed")
	// ErrTag: an element of another type than the one expected.
	ErrTag = errors.New("unexpected tag")
	// ErrOverflow: a value too large for the Go type asked for.
	ErrOverflow = errors.New("value out of range")
	// ErrTooDeep: constructed values nested deeper than MaxDepth.
	ErrTooDeep = errors.New("nested too deep")
	// ErrShortBuffer: a Writer's fixed buffer is too small.
	ErrShortBuffer = errors.New("buffer too short")
	// ErrUnbalanced: Begin and End calls of a Writer do not pair up.
	ErrUnbalanced = errors.New("begin and end do not match")
)

// MaxDepth bounds the nesting of constructed values a Reader descends
// into and a Writer opens.
const MaxDepth = 64

// Error reports where decoding failed: the offset of the element (from
// the start of the Reader's input) and the reason.
type Error struct {
	Offset int
	Err    error
	// Want and Got are the expected and found tags of an ErrTag.
	Want, Got Tag
}

func (e *Error) Error() string {
	s := "ber: offset " + strconv.Itoa(e.Offset) + ": " + e.Err.Error()
	if errors.Is(e.Err, ErrTag) {
		s += " " + e.Got.String() + ", want " + e.Want.String()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

func errAt(off int, err error) error { return &Error{Offset: off, Err: err} }

// Class is the class of a tag.
type Class uint8

// Tag classes (X.690 section 8.1.2.2).
const (
	ClassUniversal   Class = 0
	ClassApplication Class = 1
	ClassContext     Class = 2
	ClassPrivate     Class = 3
)

var classNames = [...]string{"UNIVERSAL", "APPLICATION", "CONTEXT", "PRIVATE"}

func (c Class) String() string { return classNames[c&3] }

// Tag is an identifier: class (2 bits), constructed flag and tag number
// (up to 2^29-1), packed so tags can be constants and compared with ==.
type Tag uint32

const (
	tagNumberMask = 1<<29 - 1
	tagCons       = 1 << 29
	tagClassShift = 30
	// MaxTagNumber is the largest tag number a Tag holds.
	MaxTagNumber = tagNumberMask
)

// NewTag returns the tag of that class, form and number (the number is
// cut to 29 bits).
func NewTag(c Class, constructed bool, number uint32) Tag {
	t := Tag(c&3)<<tagClassShift | Tag(number&tagNumberMask)
	if constructed {
		t |= tagCons
	}
	return t
}

// Universal, Application, Context and Private return primitive tags of
// their class; Constructed() turns them into constructed ones.
func Universal(n uint32) Tag   { return NewTag(ClassUniversal, false, n) }
func Application(n uint32) Tag { return NewTag(ClassApplication, false, n) }
func Context(n uint32) Tag     { return NewTag(ClassContext, false, n) }
func Private(n uint32) Tag     { return NewTag(ClassPrivate, false, n) }

// Explicit returns the tag of an [n] EXPLICIT wrapper: context class,
// constructed.
func Explicit(n uint32) Tag { return NewTag(ClassContext, true, n) }

// Class returns the tag's class.
func (t Tag) Class() Class { return Class(t >> tagClassShift) }

// IsConstructed reports whether the tag is of the constructed form.
func (t Tag) IsConstructed() bool { return t&tagCons != 0 }

// Number returns the tag number.
func (t Tag) Number() uint32 { return uint32(t & tagNumberMask) }

// Constructed returns the same tag in the constructed form.
func (t Tag) Constructed() Tag { return t | tagCons }

// Primitive returns the same tag in the primitive form.
func (t Tag) Primitive() Tag { return t &^ tagCons }

// Universal tags. The constructed ones (SEQUENCE, SET) carry the flag.
const (
	TagEOC              Tag = 0
	TagBoolean          Tag = 1
	TagInteger          Tag = 2
	TagBitString        Tag = 3
	TagOctetString      Tag = 4
	TagNull             Tag = 5
	TagOID              Tag = 6
	TagObjectDescriptor Tag = 7
	TagExternal         Tag = 8 | tagCons
	TagReal             Tag = 9
	TagEnumerated       Tag = 10
	TagUTF8String       Tag = 12
	TagRelativeOID      Tag = 13
	TagSequence         Tag = 16 | tagCons
	TagSet              Tag = 17 | tagCons
	TagNumericString    Tag = 18
	TagPrintableString  Tag = 19
	TagT61String        Tag = 20
	TagIA5String        Tag = 22
	TagUTCTime          Tag = 23
	TagGeneralizedTime  Tag = 24
	TagGraphicString    Tag = 25
	TagVisibleString    Tag = 26
	TagGeneralString    Tag = 27
	TagUniversalString  Tag = 28
	TagBMPString        Tag = 30
)

// SNMP's application types (RFC 2578 section 7.1, RFC 3416 section 3):
// primitive, [APPLICATION n] IMPLICIT.
const (
	TagIPAddress   Tag = Tag(ClassApplication)<<tagClassShift | 0
	TagCounter32   Tag = Tag(ClassApplication)<<tagClassShift | 1
	TagGauge32     Tag = Tag(ClassApplication)<<tagClassShift | 2
	TagTimeTicks   Tag = Tag(ClassApplication)<<tagClassShift | 3
	TagOpaque      Tag = Tag(ClassApplication)<<tagClassShift | 4
	TagNsapAddress Tag = Tag(ClassApplication)<<tagClassShift | 5
	TagCounter64   Tag = Tag(ClassApplication)<<tagClassShift | 6
	TagUInteger32  Tag = Tag(ClassApplication)<<tagClassShift | 7
)

var universalNames = map[Tag]string{
	TagEOC: "EOC", TagBoolean: "BOOLEAN", TagInteger: "INTEGER", TagBitString: "BIT STRING",
	TagOctetString: "OCTET STRING", TagNull: "NULL", TagOID: "OBJECT IDENTIFIER",
	TagObjectDescriptor: "ObjectDescriptor", TagExternal: "EXTERNAL", TagReal: "REAL",
	TagEnumerated: "ENUMERATED", TagUTF8String: "UTF8String", TagRelativeOID: "RELATIVE-OID",
	TagSequence: "SEQUENCE", TagSet: "SET", TagNumericString: "NumericString",
	TagPrintableString: "PrintableString", TagT61String: "T61String", TagIA5String: "IA5String",
	TagUTCTime: "UTCTime", TagGeneralizedTime: "GeneralizedTime", TagGraphicString: "GraphicString",
	TagVisibleString: "VisibleString", TagGeneralString: "GeneralString",
	TagUniversalString: "UniversalString", TagBMPString: "BMPString",
	TagIPAddress: "IpAddress", TagCounter32: "Counter32", TagGauge32: "Gauge32",
	TagTimeTicks: "TimeTicks", TagOpaque: "Opaque", TagNsapAddress: "NsapAddress",
	TagCounter64: "Counter64", TagUInteger32: "UInteger32",
}

// String names universal and SNMP tags ("INTEGER", "SEQUENCE",
// "Counter32") and writes others as "[APPLICATION 1]", "[0]" (context),
// with " constructed" when the form is not the usual one.
func (t Tag) String() string {
	if n, ok := universalNames[t]; ok {
		return n
	}
	var s string
	switch t.Class() {
	case ClassContext:
		s = "[" + strconv.FormatUint(uint64(t.Number()), 10) + "]"
	default:
		s = "[" + t.Class().String() + " " + strconv.FormatUint(uint64(t.Number()), 10) + "]"
	}
	if t.IsConstructed() {
		s += " constructed"
	}
	return s
}

// tagLen is the number of identifier octets of t.
func tagLen(t Tag) int {
	n := t.Number()
	if n < 31 {
		return 1
	}
	l := 2
	for n >= 0x80 {
		n >>= 7
		l++
	}
	return l
}

// AppendTag appends the identifier octets of t.
func AppendTag(dst []byte, t Tag) []byte {
	b0 := byte(t.Class()) << 6
	if t.IsConstructed() {
		b0 |= 0x20
	}
	n := t.Number()
	if n < 31 {
		return append(dst, b0|byte(n))
	}
	dst = append(dst, b0|0x1f)
	var tmp [5]byte
	i := len(tmp)
	for {
		i--
		tmp[i] = byte(n & 0x7f)
		n >>= 7
		if n == 0 {
			break
		}
	}
	for j := i; j < len(tmp)-1; j++ {
		tmp[j] |= 0x80
	}
	return append(dst, tmp[i:]...)
}

// lenLen is the number of length octets of a definite length l: one in
// the short form, 1+n in the long form with n octets. form > 0 asks for
// the long form with form octets when l fits.
func lenLen(l, form int) int {
	if form > 0 && form <= 8 && (form >= 8 || l>>(8*uint(form)) == 0) {
		return 1 + form
	}
	if l < 0x80 {
		return 1
	}
	n := 1
	for x := l >> 8; x != 0; x >>= 8 {
		n++
	}
	return 1 + n
}

// putLen writes the length octets of l into b (exactly lenLen(l, form)
// bytes).
func putLen(b []byte, l, form int) {
	n := len(b) - 1
	if n == 0 {
		b[0] = byte(l)
		return
	}
	b[0] = 0x80 | byte(n)
	for i := n; i >= 1; i-- {
		b[i] = byte(l)
		l >>= 8
	}
}

// AppendLength appends the minimal definite length octets of l.
func AppendLength(dst []byte, l int) []byte {
	n := lenLen(l, 0)
	for range n {
		dst = append(dst, 0)
	}
	putLen(dst[len(dst)-n:], l, 0)
	return dst
}

// HeaderLen returns the size of the identifier and minimal length octets
// of an element of tag t with contents of n bytes.
func HeaderLen(t Tag, n int) int { return tagLen(t) + lenLen(n, 0) }
