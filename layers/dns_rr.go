package layers

import (
	"bytes"
	"fmt"
	"iter"
	"net/netip"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// Domain names (RFC 1035 section 4.1.4): a sequence of labels, each a
// length byte (0-63) and that many bytes, ended by a zero byte or by a
// 2-byte pointer (top bits 11) to a prior occurrence of the rest of the
// name in the message:
//
//	+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//	| 1  1|                OFFSET                   |
//	+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
const (
	dnsMaxName  = 255 // wire octets of a name, root byte included
	dnsMaxLabel = 63
	dnsMaxJumps = 126 // compression pointers followed for one name
	dnsMaxPtr   = 0x3fff
)

// DNSName is a domain name. A name made from text (ParseDNSName,
// DNSNameOf) holds its own uncompressed wire form. A name decoded from a
// message references the message: its text is resolved only when asked for
// and it re-encodes exactly as it was found, compression pointers included,
// as long as what they point to is unchanged. The zero DNSName is the root.
type DNSName struct {
	buf []byte // the message the name was decoded from, or its own encoding
	off int    // where the name starts in buf
	err error  // why the text given could not be encoded
	// plain: buf[off:] is exactly the name in wire form, labels only (no
	// compression pointers), already checked: it is written as it is.
	plain bool
}

var dnsRootWire = []byte{0}

// ParseDNSName encodes a name in text form: "example.com" or
// "example.com."; "" and "." are the root. Labels are 1 to 63 bytes and the
// name at most 255 bytes in wire form. There are no escapes: a label cannot
// hold a dot.
func ParseDNSName(s string) (DNSName, error) {
	if s == "" || s == "." {
		return DNSName{buf: dnsRootWire, plain: true}, nil
	}
	t := strings.TrimSuffix(s, ".")
	b := make([]byte, 0, len(t)+2)
	for label := range strings.SplitSeq(t, ".") {
		switch {
		case label == "":
			return DNSName{}, fmt.Errorf("%w: dns name %q has an empty label", fields.ErrBadValue, s)
		case len(label) > dnsMaxLabel:
			return DNSName{}, fmt.Errorf("%w: dns name %q has a label longer than 63 bytes", fields.ErrBadValue, s)
		}
		b = append(b, byte(len(label)))
		b = append(b, label...)
	}
	b = append(b, 0)
	if len(b) > dnsMaxName {
		return DNSName{}, fmt.Errorf("%w: dns name %q is longer than 255 bytes", fields.ErrBadValue, s)
	}
	return DNSName{buf: b, plain: true}, nil
}

// DNSNameOf is ParseDNSName for builders: an invalid name is kept and its
// error returned by Err and by Build.
func DNSNameOf(s string) DNSName {
	n, err := ParseDNSName(s)
	if err != nil {
		return DNSName{err: err}
	}
	return n
}

// Err returns why the name given as text could not be encoded, or nil.
func (n DNSName) Err() error { return n.err }

// IsRoot reports whether the name is the root (".").
func (n DNSName) IsRoot() bool {
	if n.err != nil {
		return false
	}
	it := newDNSLabels(n.buf, n.off)
	_, ok := it.next()
	return !ok && it.err == nil
}

// Compressed reports whether the name's wire form uses a compression
// pointer.
func (n DNSName) Compressed() bool {
	if n.buf == nil || n.err != nil {
		return false
	}
	it := newDNSLabels(n.buf, n.off)
	it.walk()
	return it.jumps > 0
}

// Labels iterates over the labels, outermost last ("www", "example",
// "com"). The slices are the message's: do not modify them.
func (n DNSName) Labels() iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		if n.buf == nil || n.err != nil {
			return
		}
		it := newDNSLabels(n.buf, n.off)
		for {
			l, ok := it.next()
			if !ok || !yield(l) {
				return
			}
		}
	}
}

// AppendText appends the name in text form with its final dot
// ("example.com.", "." for the root).
func (n DNSName) AppendText(b []byte) ([]byte, error) {
	if n.err != nil {
		return b, n.err
	}
	if n.buf == nil {
		return append(b, '.'), nil
	}
	it := newDNSLabels(n.buf, n.off)
	start := len(b)
	for {
		l, ok := it.next()
		if !ok {
			break
		}
		b = append(b, l...)
		b = append(b, '.')
	}
	if len(b) == start {
		b = append(b, '.')
	}
	return b, it.err
}

// String returns the text form ("example.com."); "" for an invalid name.
func (n DNSName) String() string {
	var a [64]byte
	b, err := n.AppendText(a[:0])
	if err != nil {
		return ""
	}
	return string(b)
}

// MarshalText implements encoding.TextMarshaler.
func (n DNSName) MarshalText() ([]byte, error) { return n.AppendText(nil) }

// Equal reports whether two names have the same labels, ignoring ASCII
// case as DNS does.
func (n DNSName) Equal(m DNSName) bool {
	if n.err != nil || m.err != nil {
		return false
	}
	return dnsSameSuffix(n.buf, n.off, m.buf, m.off, true)
}

// dnsLabels walks the labels of a name in a message, following pointers.
// Pointers must point before the run of labels they end, at most
// dnsMaxJumps of them, and the name is at most 255 bytes: loops and
// out-of-bounds reads are errors, never hangs or panics.
type dnsLabels struct {
	buf   []byte
	pos   int // next byte to read
	seg   int // start of the current run of labels
	start int // where the name starts
	at    int // where the label next returned starts
	jumps int
	wire  int // wire length of the labels so far
	inl   int // bytes of the name at its start, up to its zero byte or first pointer
	hi    int // end of the furthest byte read after the first pointer
	err   error
}

func newDNSLabels(buf []byte, off int) dnsLabels {
	return dnsLabels{buf: buf, pos: off, seg: off, start: off}
}

func (it *dnsLabels) mark(end int) {
	if it.jumps > 0 && end > it.hi {
		it.hi = end
	}
}

// next returns the next label; false at the end of the name or on error
// (it.err).
func (it *dnsLabels) next() ([]byte, bool) {
	if it.buf == nil && it.pos == 0 && it.jumps == 0 && it.wire == 0 && it.err == nil {
		// the zero DNSName: the root
		it.inl = 1
		return nil, false
	}
	for {
		if it.pos < 0 || it.pos >= len(it.buf) {
			it.err = packet.ErrTruncated
			return nil, false
		}
		c := it.buf[it.pos]
		switch {
		case c == 0:
			it.mark(it.pos + 1)
			if it.jumps == 0 {
				it.inl = it.pos + 1 - it.start
			}
			return nil, false
		case c&0xc0 == 0xc0:
			if it.pos+1 >= len(it.buf) {
				it.err = packet.ErrTruncated
				return nil, false
			}
			t := int(c&0x3f)<<8 | int(it.buf[it.pos+1])
			it.mark(it.pos + 2)
			if it.jumps == 0 {
				it.inl = it.pos + 2 - it.start
			}
			it.jumps++
			if t >= it.seg || it.jumps > dnsMaxJumps {
				it.err = packet.ErrMalformed
				return nil, false
			}
			it.pos, it.seg = t, t
		case c&0xc0 != 0: // 0x40 and 0x80 label types
			it.err = packet.ErrMalformed
			return nil, false
		default:
			end := it.pos + 1 + int(c)
			if end > len(it.buf) {
				it.err = packet.ErrTruncated
				return nil, false
			}
			it.wire += 1 + int(c)
			if it.wire >= dnsMaxName {
				it.err = packet.ErrMalformed
				return nil, false
			}
			it.mark(end)
			it.at = it.pos
			l := it.buf[it.pos+1 : end]
			it.pos = end
			return l, true
		}
	}
}

// walk reads the whole name.
func (it *dnsLabels) walk() {
	for {
		if _, ok := it.next(); !ok {
			return
		}
	}
}

// dnsSkipName checks the name at off and returns where the bytes after it
// start and the end of the furthest byte it reads.
// It reads the labels as dnsLabels.next does, in a loop of its own: it is
// called for every name of every message decoded.
func dnsSkipName(msg []byte, off int) (end, reach int, err error) {
	pos, seg, wire, jumps, hi, inl := off, off, 0, 0, 0, 0
	for {
		if pos < 0 || pos >= len(msg) {
			return 0, 0, packet.ErrTruncated
		}
		c := msg[pos]
		switch {
		case c == 0:
			if jumps == 0 {
				inl = pos + 1 - off
			} else if pos+1 > hi {
				hi = pos + 1
			}
			return off + inl, max(off+inl, hi), nil
		case c < 0x40:
			next := pos + 1 + int(c)
			if next > len(msg) {
				return 0, 0, packet.ErrTruncated
			}
			if wire += 1 + int(c); wire >= dnsMaxName {
				return 0, 0, packet.ErrMalformed
			}
			if jumps > 0 && next > hi {
				hi = next
			}
			pos = next
		case c&0xc0 == 0xc0:
			if pos+1 >= len(msg) {
				return 0, 0, packet.ErrTruncated
			}
			t := int(c&0x3f)<<8 | int(msg[pos+1])
			if jumps == 0 {
				inl = pos + 2 - off
			} else if pos+2 > hi {
				hi = pos + 2
			}
			jumps++
			if t >= seg || jumps > dnsMaxJumps {
				return 0, 0, packet.ErrMalformed
			}
			pos, seg = t, t
		default: // 0x40 and 0x80 label types
			return 0, 0, packet.ErrMalformed
		}
	}
}

// dnsSameSuffix compares the names (or name suffixes) at a[ap] and b[bp]
// label by label.
func dnsSameSuffix(a []byte, ap int, b []byte, bp int, fold bool) bool {
	ia, ib := newDNSLabels(a, ap), newDNSLabels(b, bp)
	for {
		la, oka := ia.next()
		lb, okb := ib.next()
		if oka != okb {
			return false
		}
		if !oka {
			return ia.err == nil && ib.err == nil
		}
		if fold {
			if !bytes.EqualFold(la, lb) {
				return false
			}
		} else if !bytes.Equal(la, lb) {
			return false
		}
	}
}

// DNSQuestion is one entry of the question section (Scapy's DNSQR).
type DNSQuestion struct {
	Name  DNSName // qname
	Type  uint16  // qtype
	Class uint16  // qclass
}

// NewDNSQuestion returns a question of class IN. An invalid name is
// reported by Build.
func NewDNSQuestion(name string, qtype uint16) DNSQuestion {
	return DNSQuestion{Name: DNSNameOf(name), Type: qtype, Class: DNSClassIN}
}

// DNSRR is a resource record of the answer, authority or additional
// section (Scapy's DNSRR, DNSRRMX, DNSRRSOA, DNSRRSRV, DNSRROPT). Data is
// the rdata in wire form; the typed accessors (Addr, Target, MX, TXT, SOA,
// SRV, Options) read it. A decoded record's Data is a sub-slice of the
// message and names inside it may be compression pointers into the
// message: they are resolved by the accessors and written back as found.
//
// A decoded rdlen is kept as it was; when it was the length of the rdata
// and names inside the rdata must be written differently (what their
// pointers reach changed, or Compress was set) it follows the new length.
//
// For an OPT record (EDNS0, RFC 6891) Class is the requestor's UDP payload
// size and TTL holds the extended rcode, the version and the flags (DO is
// DNSEDNS0DO).
type DNSRR struct {
	Name  DNSName            // rrname
	Type  uint16             // type
	Class uint16             // rclass
	TTL   uint32             // ttl
	RDLen fields.Opt[uint16] // rdlen; unset: the length of the rdata written (see DNSRR)
	Data  []byte             // rdata

	msg []byte // the message Data was decoded from
	off int    // where Data starts in msg
	err error  // an invalid value given to a constructor
}

// Err returns the first invalid value given to the record's constructor.
func (rr DNSRR) Err() error {
	if rr.err != nil {
		return rr.err
	}
	return rr.Name.err
}

// NewDNSRR returns a record with raw rdata, of class IN.
func NewDNSRR(name string, rtype uint16, ttl uint32, rdata []byte) DNSRR {
	return DNSRR{Name: DNSNameOf(name), Type: rtype, Class: DNSClassIN, TTL: ttl, Data: rdata}
}

// DNSRRA returns an A record; addr is "192.0.2.1", a netip.Addr, ...
func DNSRRA(name string, ttl uint32, addr any) DNSRR {
	rr := NewDNSRR(name, DNSTypeA, ttl, nil)
	a, err := fields.AddrFrom(addr, false)
	if err != nil {
		rr.err = fmt.Errorf("dns a record %s: %w", name, err)
		return rr
	}
	b := a.As4()
	rr.Data = b[:]
	return rr
}

// DNSRRAAAA returns an AAAA record (RFC 3596).
func DNSRRAAAA(name string, ttl uint32, addr any) DNSRR {
	rr := NewDNSRR(name, DNSTypeAAAA, ttl, nil)
	a, err := fields.AddrFrom(addr, true)
	if err != nil {
		rr.err = fmt.Errorf("dns aaaa record %s: %w", name, err)
		return rr
	}
	b := a.As16()
	rr.Data = b[:]
	return rr
}

func dnsNameRR(name string, rtype uint16, ttl uint32, target string) DNSRR {
	rr := NewDNSRR(name, rtype, ttl, nil)
	t := DNSNameOf(target)
	if t.err != nil {
		rr.err = t.err
		return rr
	}
	rr.Data = t.buf
	return rr
}

// DNSRRCNAME returns a CNAME record.
func DNSRRCNAME(name string, ttl uint32, target string) DNSRR {
	return dnsNameRR(name, DNSTypeCNAME, ttl, target)
}

// DNSRRNS returns an NS record.
func DNSRRNS(name string, ttl uint32, host string) DNSRR {
	return dnsNameRR(name, DNSTypeNS, ttl, host)
}

// DNSRRPTR returns a PTR record.
func DNSRRPTR(name string, ttl uint32, target string) DNSRR {
	return dnsNameRR(name, DNSTypePTR, ttl, target)
}

// DNSRRMX returns an MX record.
func DNSRRMX(name string, ttl uint32, preference uint16, exchange string) DNSRR {
	rr := NewDNSRR(name, DNSTypeMX, ttl, nil)
	x := DNSNameOf(exchange)
	if x.err != nil {
		rr.err = x.err
		return rr
	}
	rr.Data = append([]byte{byte(preference >> 8), byte(preference)}, x.buf...)
	return rr
}

// DNSRRTXT returns a TXT record of character strings; as Scapy does, a
// string of 255 bytes or more is split into strings of 255 and empty
// strings are left out.
func DNSRRTXT(name string, ttl uint32, txt ...string) DNSRR {
	rr := NewDNSRR(name, DNSTypeTXT, ttl, nil)
	d := []byte{}
	for _, s := range txt {
		for len(s) >= 255 {
			d = append(d, 255)
			d = append(d, s[:255]...)
			s = s[255:]
		}
		if len(s) > 0 {
			d = append(d, byte(len(s)))
			d = append(d, s...)
		}
	}
	rr.Data = d
	return rr
}

// DNSRRSOA returns an SOA record.
func DNSRRSOA(name string, ttl uint32, mname, rname string, serial, refresh, retry, expire, minimum uint32) DNSRR {
	rr := NewDNSRR(name, DNSTypeSOA, ttl, nil)
	m, r := DNSNameOf(mname), DNSNameOf(rname)
	if m.err != nil || r.err != nil {
		rr.err = m.err
		if rr.err == nil {
			rr.err = r.err
		}
		return rr
	}
	d := make([]byte, 0, len(m.buf)+len(r.buf)+20)
	d = append(d, m.buf...)
	d = append(d, r.buf...)
	for _, v := range [...]uint32{serial, refresh, retry, expire, minimum} {
		d = append(d, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	}
	rr.Data = d
	return rr
}

// DNSRRSRV returns an SRV record (RFC 2782).
func DNSRRSRV(name string, ttl uint32, priority, weight, port uint16, target string) DNSRR {
	rr := NewDNSRR(name, DNSTypeSRV, ttl, nil)
	t := DNSNameOf(target)
	if t.err != nil {
		rr.err = t.err
		return rr
	}
	d := make([]byte, 6, 6+len(t.buf))
	put16(d, priority)
	put16(d[2:], weight)
	put16(d[4:], port)
	rr.Data = append(d, t.buf...)
	return rr
}

// EDNS0Option is one option of an OPT record (Scapy's EDNS0TLV: optcode,
// optlen, optdata).
type EDNS0Option struct {
	Code uint16 // optcode
	Data []byte // optdata
}

// DNSRROPT returns an OPT pseudo-record (EDNS0, RFC 6891) of the root name
// with the requestor's UDP payload size and flags (DNSEDNS0DO); Scapy's
// DNSRROPT() is DNSRROPT(4096, DNSEDNS0DO).
func DNSRROPT(udpSize uint16, flags uint16, opts ...EDNS0Option) DNSRR {
	rr := DNSRR{Name: DNSName{buf: dnsRootWire}, Type: DNSTypeOPT, Class: udpSize, TTL: uint32(flags)}
	n := 0
	for _, o := range opts {
		n += 4 + len(o.Data)
	}
	d := make([]byte, 0, n)
	for _, o := range opts {
		if len(o.Data) > 0xffff {
			rr.err = fmt.Errorf("%w: edns0 option %d longer than 65535 bytes", fields.ErrBadValue, o.Code)
			return rr
		}
		d = append(d, byte(o.Code>>8), byte(o.Code), byte(len(o.Data)>>8), byte(len(o.Data)))
		d = append(d, o.Data...)
	}
	rr.Data = d
	return rr
}

// rdataBuf returns where the rdata can be read: the message it was decoded
// from (names inside may point before it) or Data alone.
func (rr DNSRR) rdataBuf() (buf []byte, base int, inMsg bool) {
	if len(rr.Data) > 0 && rr.msg != nil && rr.off >= 0 && rr.off+len(rr.Data) <= len(rr.msg) &&
		&rr.msg[rr.off] == &rr.Data[0] {
		return rr.msg, rr.off, true
	}
	return rr.Data, 0, false
}

// nameAt reads a name at offset k of the rdata: it must start and end
// inside the rdata; pointers are only followed in a decoded message.
func (rr DNSRR) nameAt(k int) (DNSName, int, bool) {
	buf, base, inMsg := rr.rdataBuf()
	if k < 0 || k >= len(rr.Data) {
		return DNSName{}, 0, false
	}
	it := newDNSLabels(buf, base+k)
	it.walk()
	if it.err != nil || k+it.inl > len(rr.Data) || (!inMsg && it.jumps > 0) {
		return DNSName{}, 0, false
	}
	return DNSName{buf: buf, off: base + k}, it.inl, true
}

// Addr returns the address of an A or AAAA record.
func (rr DNSRR) Addr() (netip.Addr, bool) {
	switch {
	case rr.Type == DNSTypeA && len(rr.Data) == 4:
		return netip.AddrFrom4([4]byte(rr.Data)), true
	case rr.Type == DNSTypeAAAA && len(rr.Data) == 16:
		return netip.AddrFrom16([16]byte(rr.Data)), true
	}
	return netip.Addr{}, false
}

// dnsNameType reports the types whose rdata is one name (NS, MD, MF,
// CNAME, PTR), as Scapy's DNSRR decodes them.
func dnsNameType(t uint16) bool {
	return t == DNSTypeNS || t == 3 || t == 4 || t == DNSTypeCNAME || t == DNSTypePTR
}

// Target returns the name an NS, CNAME or PTR record (or MD, MF) holds.
func (rr DNSRR) Target() (DNSName, bool) {
	if !dnsNameType(rr.Type) {
		return DNSName{}, false
	}
	n, _, ok := rr.nameAt(0)
	return n, ok
}

// MX returns the preference and exchange of an MX record.
func (rr DNSRR) MX() (preference uint16, exchange DNSName, ok bool) {
	if rr.Type != DNSTypeMX || len(rr.Data) < 3 {
		return 0, DNSName{}, false
	}
	n, _, ok := rr.nameAt(2)
	return be16(rr.Data), n, ok
}

// DNSSOA is the rdata of an SOA record.
type DNSSOA struct {
	MName, RName                            DNSName
	Serial, Refresh, Retry, Expire, Minimum uint32
}

// SOA returns the rdata of an SOA record.
func (rr DNSRR) SOA() (DNSSOA, bool) {
	var s DNSSOA
	if rr.Type != DNSTypeSOA {
		return s, false
	}
	m, l1, ok := rr.nameAt(0)
	if !ok {
		return s, false
	}
	r, l2, ok := rr.nameAt(l1)
	if !ok || len(rr.Data)-l1-l2 < 20 {
		return s, false
	}
	d := rr.Data[l1+l2:]
	s = DNSSOA{MName: m, RName: r, Serial: be32(d), Refresh: be32(d[4:]), Retry: be32(d[8:]),
		Expire: be32(d[12:]), Minimum: be32(d[16:])}
	return s, true
}

// DNSSRV is the rdata of an SRV record (RFC 2782).
type DNSSRV struct {
	Priority, Weight, Port uint16
	Target                 DNSName
}

// SRV returns the rdata of an SRV record.
func (rr DNSRR) SRV() (DNSSRV, bool) {
	if rr.Type != DNSTypeSRV || len(rr.Data) < 7 {
		return DNSSRV{}, false
	}
	n, _, ok := rr.nameAt(6)
	if !ok {
		return DNSSRV{}, false
	}
	return DNSSRV{Priority: be16(rr.Data), Weight: be16(rr.Data[2:]), Port: be16(rr.Data[4:]), Target: n}, true
}

// TXT returns the character strings of a TXT record (sub-slices of the
// rdata). ok is false when a string runs past the end; the strings before
// it are returned.
func (rr DNSRR) TXT() (txt [][]byte, ok bool) {
	if rr.Type != DNSTypeTXT {
		return nil, false
	}
	d := rr.Data
	for len(d) > 0 {
		n := int(d[0])
		if 1+n > len(d) {
			return txt, false
		}
		txt = append(txt, d[1:1+n])
		d = d[1+n:]
	}
	return txt, true
}

// UDPSize returns an OPT record's requestor's UDP payload size (rclass).
func (rr DNSRR) UDPSize() uint16 { return rr.Class }

// ExtRcode returns an OPT record's upper 8 bits of the extended rcode.
func (rr DNSRR) ExtRcode() uint8 { return uint8(rr.TTL >> 24) }

// Version returns an OPT record's EDNS version.
func (rr DNSRR) Version() uint8 { return uint8(rr.TTL >> 16) }

// EDNSFlags returns an OPT record's flags (Scapy's z; DNSEDNS0DO).
func (rr DNSRR) EDNSFlags() uint16 { return uint16(rr.TTL) }

// Options returns the options of an OPT record; AppendOptions reuses a
// slice.
func (rr DNSRR) Options() ([]EDNS0Option, bool) { return rr.AppendOptions(nil) }

// AppendOptions appends the options of an OPT record to dst (their Data
// are sub-slices of the rdata). ok is false when an option runs past the
// end or the record is not OPT.
func (rr DNSRR) AppendOptions(dst []EDNS0Option) ([]EDNS0Option, bool) {
	if rr.Type != DNSTypeOPT {
		return dst, false
	}
	d := rr.Data
	for len(d) > 0 {
		if len(d) < 4 {
			return dst, false
		}
		n := int(be16(d[2:]))
		if 4+n > len(d) {
			return dst, false
		}
		dst = append(dst, EDNS0Option{Code: be16(d), Data: d[4 : 4+n]})
		d = d[4+n:]
	}
	return dst, true
}

// dnsEncoder writes (or, with out nil, measures) a message. Names decoded
// from the message being re-encoded (src) keep their compression pointers
// while the bytes those reach are unchanged: out[:div] equals src[:div].
// An optimistic pass keeps every pointer; it stands when the whole output
// equals src (then every pointer reaches what it reached).
type dnsEncoder struct {
	out        []byte // nil: measure only
	pos        int
	src        []byte
	div        int
	compress   bool
	optimistic bool
	tab        []dnsSuffix
	err        error
}

// dnsSuffix is a name suffix already written, for compression.
type dnsSuffix struct {
	buf []byte
	p   int // where its first label is in buf
	at  int // where it is in the message
}

// put writes p. A message built from scratch (no src to compare with)
// takes the short way when p fits.
func (e *dnsEncoder) put(p []byte) {
	if e.src == nil && e.pos+len(p) <= len(e.out) {
		copy(e.out[e.pos:], p)
		e.pos += len(p)
		return
	}
	e.putSlow(p)
}

func (e *dnsEncoder) putSlow(p []byte) {
	if e.div == e.pos && e.src != nil {
		k := 0
		if e.pos < len(e.src) {
			s := e.src[e.pos:]
			for k < len(p) && k < len(s) && p[k] == s[k] {
				k++
			}
		}
		e.div += k
	}
	if e.out != nil {
		if e.pos+len(p) > len(e.out) {
			if e.err == nil {
				e.err = packet.ErrShortBuffer
			}
		} else {
			copy(e.out[e.pos:], p)
		}
	}
	e.pos += len(p)
}

// putUntracked writes bytes whose value is not known yet: what follows is
// no longer known to equal src.
func (e *dnsEncoder) putUntracked(n int) {
	if e.out != nil && e.pos+n <= len(e.out) {
		clear(e.out[e.pos : e.pos+n])
	}
	e.pos += n
}

func (e *dnsEncoder) put16(v uint16) {
	if e.src == nil && e.pos+2 <= len(e.out) {
		put16(e.out[e.pos:], v)
		e.pos += 2
		return
	}
	a := [2]byte{byte(v >> 8), byte(v)}
	e.putSlow(a[:])
}

func (e *dnsEncoder) put32(v uint32) {
	if e.src == nil && e.pos+4 <= len(e.out) {
		put32(e.out[e.pos:], v)
		e.pos += 4
		return
	}
	a := [4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
	e.putSlow(a[:])
}

func (e *dnsEncoder) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

func sameBuf(a, b []byte) bool {
	return len(a) > 0 && len(a) == len(b) && &a[0] == &b[0]
}

func (e *dnsEncoder) find(buf []byte, p int) (int, bool) {
	for i := range e.tab {
		s := &e.tab[i]
		if dnsSameSuffix(s.buf, s.p, buf, p, false) {
			return s.at, true
		}
	}
	return 0, false
}

func (e *dnsEncoder) register(buf []byte, p, at int) {
	if at <= dnsMaxPtr {
		e.tab = append(e.tab, dnsSuffix{buf: buf, p: p, at: at})
	}
}

// name writes a name: verbatim when it was decoded from src and what its
// pointers reach is unchanged, label by label otherwise, compressed as
// Scapy's dns_compress does when asked (every suffix of a name already
// written becomes a pointer to it).
func (e *dnsEncoder) name(n DNSName) {
	if n.err != nil {
		e.fail(n.err)
		return
	}
	if n.buf == nil {
		e.put(dnsRootWire)
		return
	}
	if n.plain && !e.compress {
		e.put(n.buf[n.off:])
		return
	}
	it := newDNSLabels(n.buf, n.off)
	it.walk()
	if it.err != nil {
		e.fail(fmt.Errorf("dns name: %w", it.err))
		return
	}
	if it.jumps == 0 && !e.compress {
		e.put(n.buf[n.off : n.off+it.inl])
		return
	}
	if it.jumps > 0 && sameBuf(n.buf, e.src) && (e.optimistic || it.hi <= e.div) {
		if e.compress {
			r := newDNSLabels(n.buf, n.off)
			for r.jumps == 0 {
				if _, ok := r.next(); !ok {
					break
				}
				if r.jumps == 0 {
					if _, found := e.find(n.buf, r.at); !found {
						e.register(n.buf, r.at, e.pos+r.at-n.off)
					}
				}
			}
		}
		e.put(n.buf[n.off : n.off+it.inl])
		return
	}
	w := newDNSLabels(n.buf, n.off)
	for {
		l, ok := w.next()
		if !ok {
			break
		}
		if e.compress {
			if at, found := e.find(n.buf, w.at); found {
				e.put16(0xc000 | uint16(at))
				return
			}
			e.register(n.buf, w.at, e.pos)
		}
		e.put(n.buf[w.at : w.at+1+len(l)])
	}
	e.put(dnsRootWire)
}

// rdata writes a record's rdata; names inside NS, CNAME, PTR, MX, SOA and
// SRV rdata are written (and compressed) as names, the rest verbatim.
func (e *dnsEncoder) rdata(rr *DNSRR) {
	var fixed, names, after int
	switch {
	case dnsNameType(rr.Type):
		names = 1
	case rr.Type == DNSTypeMX:
		fixed, names = 2, 1
	case rr.Type == DNSTypeSRV:
		fixed, names = 6, 1
	case rr.Type == DNSTypeSOA:
		names, after = 2, 20
	default:
		e.put(rr.Data)
		return
	}
	if len(rr.Data) < fixed+1 {
		e.put(rr.Data)
		return
	}
	var at [2]DNSName
	k := fixed
	for i := 0; i < names; i++ {
		n, l, ok := rr.nameAt(k)
		if !ok {
			e.put(rr.Data) // not the layout of its type: kept as it is
			return
		}
		at[i] = n
		k += l
	}
	if len(rr.Data)-k < after {
		e.put(rr.Data)
		return
	}
	e.put(rr.Data[:fixed])
	for i := 0; i < names; i++ {
		e.name(at[i])
	}
	e.put(rr.Data[k:])
}

// rr writes a resource record.
func (e *dnsEncoder) rr(rr *DNSRR) {
	if rr.err != nil {
		e.fail(rr.err)
		return
	}
	e.name(rr.Name)
	e.put16(rr.Type)
	e.put16(rr.Class)
	e.put32(rr.TTL)
	lenAt := e.pos
	switch {
	case rr.RDLen.Valid && e.followsRData(rr):
		// A decoded rdlen that described its rdata keeps doing so when
		// names inside must be written differently (their pointers reach
		// bytes that changed, or compression was asked for).
		saved := *e
		e.out = nil
		e.put16(rr.RDLen.Value)
		start := e.pos
		e.rdata(rr)
		n := e.pos - start
		e.out, e.pos, e.div, e.tab, e.err = saved.out, saved.pos, saved.div, e.tab[:len(saved.tab)], saved.err
		if n == int(rr.RDLen.Value) {
			e.put16(rr.RDLen.Value)
			e.rdata(rr)
			return
		}
		e.putUntracked(2)
	case rr.RDLen.Valid:
		e.put16(rr.RDLen.Value)
		e.rdata(rr)
		return
	default:
		e.putUntracked(2)
	}
	start := e.pos
	e.rdata(rr)
	n := e.pos - start
	if n > 0xffff {
		e.fail(fmt.Errorf("%w: rdata of %d bytes", fields.ErrBadValue, n))
		return
	}
	if e.out != nil && lenAt+2 <= len(e.out) {
		put16(e.out[lenAt:], uint16(n))
	}
}

// followsRData reports a decoded record whose rdlen is the length of its
// rdata, which holds names.
func (e *dnsEncoder) followsRData(rr *DNSRR) bool {
	if int(rr.RDLen.Value) != len(rr.Data) {
		return false
	}
	if !dnsNameType(rr.Type) && rr.Type != DNSTypeMX && rr.Type != DNSTypeSRV && rr.Type != DNSTypeSOA {
		return false
	}
	_, _, inMsg := rr.rdataBuf()
	return inMsg
}

// Scapy-style text of names and records, for Show, Summary and JSON.

func dnsNameText(n DNSName) string {
	if n.err != nil {
		return "<" + n.err.Error() + ">"
	}
	return n.String()
}

// pyRepr quotes like Python's repr of a str.
func pyRepr(s string) string { return fields.ReprBytes([]byte(s))[1:] }

func dnsTypeText(t uint16) string {
	if n, ok := DNSTypeNames[uint64(t)]; ok {
		return n
	}
	return strconv.Itoa(int(t))
}

func dnsClassText(c uint16) string {
	if n, ok := DNSClassNames[uint64(c)]; ok {
		return n
	}
	return strconv.Itoa(int(c))
}

func optUint16Text(o fields.Opt[uint16]) string {
	if !o.Valid {
		return "None"
	}
	return strconv.Itoa(int(o.Value))
}

func dnsTXTText(rr DNSRR) string {
	txt, _ := rr.TXT()
	parts := make([]string, len(txt))
	for i, s := range txt {
		parts[i] = fields.ReprBytes(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// rdataText is the rdata as Scapy's DNSRR shows it.
func (rr DNSRR) rdataText() string {
	if a, ok := rr.Addr(); ok {
		return a.String()
	}
	if n, ok := rr.Target(); ok {
		return pyRepr(n.String())
	}
	if rr.Type == DNSTypeTXT {
		if _, ok := rr.TXT(); ok {
			return dnsTXTText(rr)
		}
	}
	return fields.ReprBytes(rr.Data)
}

// String is Scapy's repr of the question.
func (q DNSQuestion) String() string {
	return "<DNSQR  qname=" + pyRepr(dnsNameText(q.Name)) + " qtype=" + dnsTypeText(q.Type) +
		" qclass=" + dnsClassText(q.Class) + " |>"
}

// String is Scapy's repr of the record (DNSRR, DNSRRMX, DNSRRSOA,
// DNSRRSRV or DNSRROPT).
func (rr DNSRR) String() string {
	var b strings.Builder
	head := func(class string) {
		b.WriteString("<" + class + "  rrname=" + pyRepr(dnsNameText(rr.Name)) + " type=" + dnsTypeText(rr.Type))
	}
	common := func(class string) {
		head(class)
		b.WriteString(" rclass=" + dnsClassText(rr.Class) + " ttl=" + strconv.FormatUint(uint64(rr.TTL), 10) +
			" rdlen=" + optUint16Text(rr.RDLen))
	}
	switch rr.Type {
	case DNSTypeOPT:
		head("DNSRROPT")
		fmt.Fprintf(&b, " rclass=%d extrcode=%d version=%d z=%s rdlen=%s", rr.Class, rr.ExtRcode(), rr.Version(),
			dnsOPTFlagsText(rr.EDNSFlags()), optUint16Text(rr.RDLen))
		if opts, ok := rr.Options(); ok {
			parts := make([]string, len(opts))
			for i, o := range opts {
				parts[i] = fmt.Sprintf("<EDNS0TLV  optcode=%s optlen=%d optdata=%s |>", dnsOptCodeText(o.Code), len(o.Data), pyRepr(string(o.Data)))
			}
			b.WriteString(" rdata=[" + strings.Join(parts, ", ") + "]")
		} else {
			b.WriteString(" rdata=" + fields.ReprBytes(rr.Data))
		}
	case DNSTypeMX:
		if pref, x, ok := rr.MX(); ok {
			common("DNSRRMX")
			fmt.Fprintf(&b, " preference=%d exchange=%s", pref, pyRepr(x.String()))
			break
		}
		common("DNSRR")
		b.WriteString(" rdata=" + rr.rdataText())
	case DNSTypeSOA:
		if s, ok := rr.SOA(); ok {
			common("DNSRRSOA")
			fmt.Fprintf(&b, " mname=%s rname=%s serial=%d refresh=%d retry=%d expire=%d minimum=%d",
				pyRepr(s.MName.String()), pyRepr(s.RName.String()), s.Serial, s.Refresh, s.Retry, s.Expire, s.Minimum)
			break
		}
		common("DNSRR")
		b.WriteString(" rdata=" + rr.rdataText())
	case DNSTypeSRV:
		if s, ok := rr.SRV(); ok {
			common("DNSRRSRV")
			fmt.Fprintf(&b, " priority=%d weight=%d port=%d target=%s", s.Priority, s.Weight, s.Port, pyRepr(s.Target.String()))
			break
		}
		common("DNSRR")
		b.WriteString(" rdata=" + rr.rdataText())
	default:
		common("DNSRR")
		b.WriteString(" rdata=" + rr.rdataText())
	}
	b.WriteString(" |>")
	return b.String()
}

func dnsOPTFlagsText(z uint16) string {
	if z == DNSEDNS0DO {
		return "D0"
	}
	return strconv.Itoa(int(z))
}

func dnsOptCodeText(c uint16) string {
	if n, ok := EDNS0OptionNames[uint64(c)]; ok {
		return n
	}
	return strconv.Itoa(int(c))
}

// jsonQuestion is the JSON object of a question, with Scapy's names.
func (q *DNSQuestion) json() map[string]any {
	return map[string]any{"qname": dnsNameText(q.Name), "qtype": q.Type, "qclass": q.Class}
}

// json is the JSON object of a record, with Scapy's field names.
func (rr DNSRR) json() map[string]any {
	m := map[string]any{"rrname": dnsNameText(rr.Name), "type": rr.Type, "rclass": rr.Class}
	if rr.RDLen.Valid {
		m["rdlen"] = rr.RDLen.Value
	} else {
		m["rdlen"] = nil
	}
	if rr.Type == DNSTypeOPT {
		m["extrcode"], m["version"], m["z"] = rr.ExtRcode(), rr.Version(), rr.EDNSFlags()
		if opts, ok := rr.Options(); ok {
			l := make([]map[string]any, len(opts))
			for i, o := range opts {
				l[i] = map[string]any{"optcode": o.Code, "optlen": len(o.Data), "optdata": fmt.Sprintf("%x", o.Data)}
			}
			m["rdata"] = l
		} else {
			m["rdata"] = fmt.Sprintf("%x", rr.Data)
		}
		return m
	}
	m["ttl"] = rr.TTL
	if pref, x, ok := rr.MX(); ok {
		m["preference"], m["exchange"] = pref, x.String()
		return m
	}
	if s, ok := rr.SOA(); ok {
		m["mname"], m["rname"] = s.MName.String(), s.RName.String()
		m["serial"], m["refresh"], m["retry"], m["expire"], m["minimum"] = s.Serial, s.Refresh, s.Retry, s.Expire, s.Minimum
		return m
	}
	if s, ok := rr.SRV(); ok {
		m["priority"], m["weight"], m["port"], m["target"] = s.Priority, s.Weight, s.Port, s.Target.String()
		return m
	}
	switch {
	case rr.Type == DNSTypeA || rr.Type == DNSTypeAAAA:
		if a, ok := rr.Addr(); ok {
			m["rdata"] = a.String()
			return m
		}
	case dnsNameType(rr.Type):
		if n, ok := rr.Target(); ok {
			m["rdata"] = n.String()
			return m
		}
	case rr.Type == DNSTypeTXT:
		if txt, ok := rr.TXT(); ok {
			s := make([]string, len(txt))
			for i, t := range txt {
				s[i] = string(t)
			}
			m["rdata"] = s
			return m
		}
	}
	m["rdata"] = fmt.Sprintf("%x", rr.Data)
	return m
}
