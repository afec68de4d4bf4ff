package ber

import (
	"math/big"
	"net/netip"
	"time"
)

// Layout records, element by element in the order they were read, the
// encoding choices BER leaves open: the form of each length (short, long
// with n octets, indefinite), the width of integers padded beyond the
// minimum and the octet of a true BOOLEAN. A Reader fills it (Record); a
// Writer replays it (UseLayout) so that a decoded message re-encodes byte
// for byte. An entry applies only to an element of the same tag, so a
// message whose structure changed still encodes correctly, with minimal
// forms where the record no longer fits. The zero Layout is empty and
// keeps its memory across Reset.
type Layout struct {
	hints []hint
}

type hint struct {
	tag  Tag
	form uint8 // 0: short or minimal; n: long form with n octets; formIndefinite
	ilen uint8 // primitive contents length (up to 255)
	val  uint8 // the contents octet of one-octet primitives
}

const formIndefinite = 0xff

// Reset empties the layout, keeping its memory.
func (l *Layout) Reset() { l.hints = l.hints[:0] }

// Len returns the number of elements recorded.
func (l *Layout) Len() int { return len(l.hints) }

// Truncate forgets the elements recorded after the first n: a decoder
// that read a part speculatively and gives it up calls it with the Len
// it noted before.
func (l *Layout) Truncate(n int) {
	if n >= 0 && n < len(l.hints) {
		l.hints = l.hints[:n]
	}
}

// Writer encodes elements one after the other. It appends to a slice
// (Reset), writes into a buffer of fixed size (ResetFixed), or counts the
// size of the encoding without writing (ResetCount): the three give the
// same lengths, so counting first and writing into a buffer of that size
// is exact. Constructed elements are opened with Begin and closed with
// End, which computes their length. Errors are sticky: the first is kept
// and returned by Err; later calls do nothing.
type Writer struct {
	buf    []byte
	limit  int // maximum len(buf) in fixed mode, -1 otherwise
	n      int // size in count mode
	count  bool
	stack  [MaxDepth]open
	depth  int
	err    error
	layout *Layout
	li     int
}

type open struct {
	mark     int // count mode: size after the identifier; else index of the length octets
	reserved int // length octets reserved
	form     uint8
}

// Reset makes the Writer append to dst (keeping what dst holds).
func (w *Writer) Reset(dst []byte) {
	*w = Writer{buf: dst, limit: -1, layout: w.layout}
}

// ResetFixed makes the Writer write into dst from its start, never past
// len(dst) (ErrShortBuffer).
func (w *Writer) ResetFixed(dst []byte) {
	*w = Writer{buf: dst[:0], limit: len(dst), layout: w.layout}
}

// ResetCount makes the Writer count the size of the encoding only.
func (w *Writer) ResetCount() {
	*w = Writer{count: true, limit: -1, layout: w.layout}
}

// UseLayout makes the Writer reproduce the encoding choices recorded in
// l (nil for minimal encodings), from its first entry.
func (w *Writer) UseLayout(l *Layout) { w.layout, w.li = l, 0 }

// Bytes returns the encoding (what was appended, with the original dst
// in front of it in append mode).
func (w *Writer) Bytes() []byte { return w.buf }

// Len returns the number of bytes written or counted.
func (w *Writer) Len() int {
	if w.count {
		return w.n
	}
	return len(w.buf)
}

// Err returns the first error: ErrShortBuffer, ErrTooDeep, ErrUnbalanced
// (also for elements left open).
func (w *Writer) Err() error {
	if w.err == nil && w.depth != 0 {
		return ErrUnbalanced
	}
	return w.err
}

func (w *Writer) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// next returns the layout entry for the next element of tag t.
func (w *Writer) next(t Tag) (hint, bool) {
	if w.layout == nil || w.li >= len(w.layout.hints) {
		return hint{}, false
	}
	h := w.layout.hints[w.li]
	w.li++
	return h, h.tag == t
}

// grow makes room for n more bytes and returns them (nil when failed or
// counting).
func (w *Writer) grow(n int) []byte {
	if w.err != nil {
		return nil
	}
	if w.count {
		w.n += n
		return nil
	}
	l := len(w.buf)
	if w.limit >= 0 {
		if l+n > w.limit {
			w.fail(ErrShortBuffer)
			return nil
		}
		w.buf = w.buf[:l+n]
		return w.buf[l:]
	}
	for range n {
		w.buf = append(w.buf, 0)
	}
	return w.buf[l:]
}

func (w *Writer) putTag(t Tag) {
	n := tagLen(t)
	b := w.grow(n)
	if b != nil {
		AppendTag(b[:0], t)
	}
}

// header writes identifier and length octets for contents of n bytes.
func (w *Writer) header(t Tag, n int, h hint, ok bool) {
	form := 0
	if ok && h.form != formIndefinite {
		form = int(h.form)
	}
	w.putTag(t)
	k := lenLen(n, form)
	if b := w.grow(k); b != nil {
		putLen(b, n, form)
	}
}

// Begin opens an element of tag t whose contents are the elements
// written until the matching End: a constructed element (SEQUENCE, SET,
// [n] EXPLICIT ...) or an OCTET STRING that wraps an encoding (SNMP's
// security parameters).
func (w *Writer) Begin(t Tag) {
	h, ok := w.next(t)
	if w.err != nil {
		return
	}
	if w.depth >= MaxDepth {
		w.fail(ErrTooDeep)
		return
	}
	o := open{}
	if ok {
		o.form = h.form
	}
	w.putTag(t)
	switch {
	case o.form == formIndefinite:
		o.reserved = 1
	case o.form > 0 && o.form <= 8:
		o.reserved = 1 + int(o.form)
	default:
		o.reserved = 1
	}
	if w.count {
		o.mark = w.n
		w.n += o.reserved
	} else {
		o.mark = len(w.buf)
		w.grow(o.reserved)
	}
	w.stack[w.depth] = o
	w.depth++
}

// End closes the element the last Begin opened and writes its length.
func (w *Writer) End() {
	if w.err != nil {
		return
	}
	if w.depth == 0 {
		w.fail(ErrUnbalanced)
		return
	}
	w.depth--
	o := w.stack[w.depth]
	if o.form == formIndefinite {
		if w.count {
			w.n += 2
			return
		}
		if b := w.grow(2); b != nil {
			w.buf[o.mark] = 0x80
			b[0], b[1] = 0, 0
		}
		return
	}
	form := 0
	if o.form <= 8 {
		form = int(o.form)
	}
	if w.count {
		clen := w.n - o.mark - o.reserved
		w.n += lenLen(clen, form) - o.reserved
		return
	}
	start := o.mark + o.reserved
	clen := len(w.buf) - start
	need := lenLen(clen, form)
	if d := need - o.reserved; d > 0 {
		if w.grow(d) == nil {
			return
		}
		copy(w.buf[start+d:], w.buf[start:start+clen])
	} else if d < 0 {
		copy(w.buf[start+d:], w.buf[start:start+clen])
		w.buf = w.buf[:len(w.buf)+d]
	}
	putLen(w.buf[o.mark:o.mark+need], clen, form)
}

// WriteBytes writes a primitive element of tag t with contents b.
func (w *Writer) WriteBytes(t Tag, b []byte) {
	h, ok := w.next(t)
	w.header(t, len(b), h, ok)
	if d := w.grow(len(b)); d != nil {
		copy(d, b)
	}
}

// WriteString writes a primitive element of tag t with contents s.
func (w *Writer) WriteString(t Tag, s string) {
	h, ok := w.next(t)
	w.header(t, len(s), h, ok)
	if d := w.grow(len(s)); d != nil {
		copy(d, s)
	}
}

// WriteNull writes an element of tag t with no contents (NULL).
func (w *Writer) WriteNull(t Tag) { w.WriteBytes(t, nil) }

// WriteBool writes a BOOLEAN: 0xff for true (DER), or the octet a
// layout recorded.
func (w *Writer) WriteBool(t Tag, v bool) {
	h, ok := w.next(t)
	w.header(t, 1, h, ok)
	c := byte(0)
	if v {
		c = 0xff
		if ok && h.ilen == 1 && h.val != 0 {
			c = h.val
		}
	}
	if d := w.grow(1); d != nil {
		d[0] = c
	}
}

// WriteInt writes an INTEGER (or ENUMERATED, or any implicitly tagged
// integer) in the fewest octets, or padded to the width a layout
// recorded.
func (w *Writer) WriteInt(t Tag, v int64) {
	h, ok := w.next(t)
	n := IntLen(v)
	width := n
	if ok && int(h.ilen) > n {
		width = int(h.ilen)
	}
	w.header(t, width, h, ok)
	if d := w.grow(width); d != nil {
		u := uint64(v)
		for i := width - 1; i >= 0; i-- {
			d[i] = byte(u)
			u = uint64(int64(u) >> 8)
		}
	}
}

// WriteUint writes a non-negative integer (Counter64, say): a leading
// zero octet when the top bit is set.
func (w *Writer) WriteUint(t Tag, v uint64) {
	h, ok := w.next(t)
	n := UintLen(v)
	width := n
	if ok && int(h.ilen) > n {
		width = int(h.ilen)
	}
	w.header(t, width, h, ok)
	if d := w.grow(width); d != nil {
		for i := width - 1; i >= 0; i-- {
			d[i] = byte(v)
			v >>= 8
		}
	}
}

// WriteBigInt writes an integer of any size (nil is 0).
func (w *Writer) WriteBigInt(t Tag, v *big.Int) {
	h, ok := w.next(t)
	c := BigIntBytes(nil, v)
	if ok && int(h.ilen) > len(c) {
		c = padInt(c, int(h.ilen))
	}
	w.header(t, len(c), h, ok)
	if d := w.grow(len(c)); d != nil {
		copy(d, c)
	}
}

func padInt(c []byte, width int) []byte {
	fill := byte(0)
	if len(c) > 0 && c[0]&0x80 != 0 {
		fill = 0xff
	}
	out := make([]byte, width)
	k := width - len(c)
	for i := range k {
		out[i] = fill
	}
	copy(out[k:], c)
	return out
}

// WriteOID writes an OBJECT IDENTIFIER (tag TagOID unless implicitly
// tagged).
func (w *Writer) WriteOID(t Tag, o OID) { w.WriteBytes(t, o) }

// WriteBitString writes a BIT STRING.
func (w *Writer) WriteBitString(t Tag, s BitString) {
	h, ok := w.next(t)
	w.header(t, 1+len(s.Bytes), h, ok)
	if d := w.grow(1 + len(s.Bytes)); d != nil {
		d[0] = s.Unused
		copy(d[1:], s.Bytes)
	}
}

// WriteIPv4 writes an IPv4 address as four octets (SNMP's IpAddress).
func (w *Writer) WriteIPv4(t Tag, a netip.Addr) {
	b := a.Unmap().As4()
	w.WriteBytes(t, b[:])
}

// WriteGeneralizedTime writes a time as GeneralizedTime in DER's form:
// UTC, "YYYYMMDDHHMMSSZ" with a fraction only when there is one.
func (w *Writer) WriteGeneralizedTime(t Tag, v time.Time) {
	var tmp [32]byte
	w.WriteBytes(t, AppendGeneralizedTime(tmp[:0], v))
}

// WriteEncoded writes one element that is already encoded (a TLV's
// Bytes), taking its place in the layout.
func (w *Writer) WriteEncoded(b []byte) {
	if w.layout != nil && w.li < len(w.layout.hints) {
		w.li++
	}
	if d := w.grow(len(b)); d != nil {
		copy(d, b)
	}
}

// WriteRaw writes bytes as they are; the layout is not consulted.
func (w *Writer) WriteRaw(b []byte) {
	if d := w.grow(len(b)); d != nil {
		copy(d, b)
	}
}

// IntLen returns the number of contents octets of v as an INTEGER.
func IntLen(v int64) int {
	n := 1
	for v > 127 || v < -128 {
		v >>= 8
		n++
	}
	return n
}

// UintLen returns the number of contents octets of a non-negative v.
func UintLen(v uint64) int {
	n := 1
	for v > 127 {
		v >>= 8
		n++
	}
	return n
}

// AppendInt appends a complete INTEGER element of tag t.
func AppendInt(dst []byte, t Tag, v int64) []byte {
	var w Writer
	w.Reset(dst)
	w.WriteInt(t, v)
	return w.buf
}

// AppendBytes appends a complete primitive element of tag t.
func AppendBytes(dst []byte, t Tag, b []byte) []byte {
	dst = AppendTag(dst, t)
	dst = AppendLength(dst, len(b))
	return append(dst, b...)
}
