package ber

// TLV is one decoded element: identifier, length and contents. Value is a
// sub-slice of the Reader's input (nothing is copied).
type TLV struct {
	Tag Tag
	// Value holds the contents octets (without the end-of-contents octets
	// of an indefinite length).
	Value []byte
	// Offset is where the element starts, counted from the start of the
	// input of the outermost Reader.
	Offset int
	// HeaderLen is the number of identifier and length octets.
	HeaderLen int
	// Indefinite is set for an element of indefinite length.
	Indefinite bool

	raw    []byte
	depth  int
	indef  bool
	layout *Layout
}

// Len returns the size of the whole encoding.
func (t TLV) Len() int { return len(t.raw) }

// Bytes returns the whole encoding: identifier, length and contents.
func (t TLV) Bytes() []byte { return t.raw }

// Reader returns a Reader over the contents of a constructed element.
// Offsets it reports stay relative to the outermost input, and it records
// into the same Layout.
func (t TLV) Reader() Reader {
	return Reader{data: t.Value, base: t.Offset + t.HeaderLen, depth: t.depth + 1, Indefinite: t.indef, layout: t.layout}
}

// Reader iterates over consecutive TLVs of a byte slice. The zero Reader
// is empty; a Reader is a small value, copied freely.
type Reader struct {
	data  []byte
	off   int
	base  int
	depth int
	// Indefinite allows indefinite lengths (BER). It is off by default,
	// as SNMP, LDAP and Kerberos forbid them.
	Indefinite bool
	layout     *Layout
}

// NewReader returns a Reader over data.
func NewReader(data []byte) Reader { return Reader{data: data} }

// Record makes the Reader (and the Readers of the elements it returns)
// append the encoding choices of every element it reads to l (Reset it
// first for a new message). A Writer given l reproduces them.
func (r *Reader) Record(l *Layout) { r.layout = l }

// More reports whether bytes remain.
func (r *Reader) More() bool { return r.off < len(r.data) }

// Offset returns the offset of the next element from the start of the
// outermost input.
func (r *Reader) Offset() int { return r.base + r.off }

// Rest returns the bytes not read yet.
func (r *Reader) Rest() []byte { return r.data[r.off:] }

// PeekTag returns the tag of the next element without reading it; ok is
// false at the end or when the identifier is malformed.
func (r *Reader) PeekTag() (Tag, bool) {
	t, _, err := parseTag(r.data[r.off:])
	return t, err == nil
}

// Next reads the next element.
func (r *Reader) Next() (TLV, error) {
	if r.depth > MaxDepth {
		return TLV{}, errAt(r.Offset(), ErrTooDeep)
	}
	d := r.data[r.off:]
	start := r.Offset()
	if len(d) == 0 {
		return TLV{}, errAt(start, ErrTruncated)
	}
	t, n, err := parseTag(d)
	if err != nil {
		return TLV{}, errAt(start, err)
	}
	if n >= len(d) {
		return TLV{}, errAt(start, ErrTruncated)
	}
	l0 := d[n]
	n++
	var form uint8
	var length int
	indef := false
	switch {
	case l0 < 0x80:
		length = int(l0)
	case l0 == 0x80:
		if !r.Indefinite {
			return TLV{}, errAt(start, ErrIndefinite)
		}
		if !t.IsConstructed() {
			return TLV{}, errAt(start, ErrMalformed)
		}
		indef = true
		form = formIndefinite
	case l0 == 0xff:
		return TLV{}, errAt(start, ErrMalformed)
	default:
		k := int(l0 & 0x7f)
		if k > 8 {
			return TLV{}, errAt(start, ErrMalformed)
		}
		if n+k > len(d) {
			return TLV{}, errAt(start, ErrTruncated)
		}
		var v uint64
		for _, c := range d[n : n+k] {
			v = v<<8 | uint64(c)
		}
		n += k
		if v > uint64(len(d)-n) {
			return TLV{}, errAt(start, ErrTruncated)
		}
		length = int(v)
		form = uint8(k)
	}
	tlv := TLV{Tag: t, Offset: start, HeaderLen: n, depth: r.depth, indef: r.Indefinite, layout: r.layout}
	if indef {
		end, err := r.scanIndefinite(d[n:], start+n)
		if err != nil {
			return TLV{}, err
		}
		tlv.Value = d[n : n+end : n+end]
		tlv.Indefinite = true
		tlv.raw = d[: n+end+2 : n+end+2]
	} else {
		if length > len(d)-n {
			return TLV{}, errAt(start, ErrTruncated)
		}
		tlv.Value = d[n : n+length : n+length]
		tlv.raw = d[: n+length : n+length]
	}
	r.off += len(tlv.raw)
	if r.layout != nil {
		h := hint{tag: t, form: form}
		if !t.IsConstructed() && len(tlv.Value) <= 0xff {
			h.ilen = uint8(len(tlv.Value))
			if len(tlv.Value) == 1 {
				h.val = tlv.Value[0]
			}
		}
		r.layout.hints = append(r.layout.hints, h)
	}
	return tlv, nil
}

// scanIndefinite finds the end-of-contents octets that close an element
// of indefinite length whose contents start at d (at offset base); it
// returns the length of the contents before them.
func (r *Reader) scanIndefinite(d []byte, base int) (int, error) {
	sub := Reader{data: d, base: base, depth: r.depth + 1, Indefinite: true}
	for {
		if !sub.More() {
			return 0, errAt(sub.Offset(), ErrTruncated)
		}
		if len(sub.Rest()) >= 2 && sub.Rest()[0] == 0 && sub.Rest()[1] == 0 {
			return sub.off, nil
		}
		if _, err := sub.Next(); err != nil {
			return 0, err
		}
	}
}

// Read reads the next element and checks its tag.
func (r *Reader) Read(want Tag) (TLV, error) {
	off := r.off
	t, err := r.Next()
	if err != nil {
		return t, err
	}
	if t.Tag != want {
		r.off = off
		r.unrecord()
		return TLV{}, &Error{Offset: t.Offset, Err: ErrTag, Want: want, Got: t.Tag}
	}
	return t, nil
}

func (r *Reader) unrecord() {
	if r.layout != nil && len(r.layout.hints) > 0 {
		r.layout.hints = r.layout.hints[:len(r.layout.hints)-1]
	}
}

// ReadOptional reads the next element if it has tag want; ok is false
// (and nothing is read) when the input ends or another element follows.
func (r *Reader) ReadOptional(want Tag) (t TLV, ok bool, err error) {
	if tag, good := r.PeekTag(); !good || tag != want {
		return TLV{}, false, nil
	}
	t, err = r.Next()
	return t, err == nil, err
}

// Enter reads a constructed element of tag want and returns a Reader over
// its contents.
func (r *Reader) Enter(want Tag) (Reader, error) {
	t, err := r.Read(want)
	if err != nil {
		return Reader{}, err
	}
	return t.Reader(), nil
}

// ReadInt reads an element of tag want holding an integer.
func (r *Reader) ReadInt(want Tag) (int64, error) {
	t, err := r.Read(want)
	if err != nil {
		return 0, err
	}
	return t.Int64()
}

// ReadBytes reads an element of tag want and returns its contents.
func (r *Reader) ReadBytes(want Tag) ([]byte, error) {
	t, err := r.Read(want)
	if err != nil {
		return nil, err
	}
	return t.Value, nil
}

// parseTag reads identifier octets: the tag and how many octets it took.
// High tag numbers must be minimal and of 31 or more.
func parseTag(d []byte) (Tag, int, error) {
	if len(d) == 0 {
		return 0, 0, ErrTruncated
	}
	b0 := d[0]
	c, cons, num := Class(b0>>6), b0&0x20 != 0, uint32(b0&0x1f)
	if num != 0x1f {
		return NewTag(c, cons, num), 1, nil
	}
	num = 0
	for i := 1; ; i++ {
		if i >= len(d) {
			return 0, 0, ErrTruncated
		}
		b := d[i]
		if i == 1 && b == 0x80 {
			return 0, 0, ErrMalformed // not minimal
		}
		if num > tagNumberMask>>7 {
			return 0, 0, ErrMalformed
		}
		num = num<<7 | uint32(b&0x7f)
		if b&0x80 == 0 {
			if num < 31 {
				return 0, 0, ErrMalformed // belongs in the low form
			}
			return NewTag(c, cons, num), i + 1, nil
		}
	}
}
