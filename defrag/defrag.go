package defrag

import (
	"time"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Defaults of Config.
const (
	DefaultTimeout                 = 30 * time.Second
	DefaultMaxDatagrams            = 4096
	DefaultMaxBytes                = 64 << 20
	DefaultMaxFragmentsPerDatagram = 256
)

// OverlapPolicy says what an overlapping IPv4 fragment does. IPv6 always
// drops the datagram (RFC 5722).
type OverlapPolicy uint8

const (
	// OverlapDrop drops the datagram and all its fragments (Linux since
	// 4.19; the default).
	OverlapDrop OverlapPolicy = iota
	// OverlapFirst keeps the bytes received first and takes only the new
	// bytes of an overlapping fragment (BSD-like).
	OverlapFirst
	// OverlapLast lets an overlapping fragment overwrite the bytes
	// received before it.
	OverlapLast
)

// Config bounds a Defragmenter. Zero fields take the defaults.
type Config struct {
	// Timeout is how long a datagram may wait for its missing fragments,
	// from the capture time of its first fragment; default 30s.
	Timeout time.Duration
	// MaxDatagrams is the number of datagrams in flight; default 4096.
	MaxDatagrams int
	// MaxBytes bounds the packet bytes buffered in total; default 64 MiB.
	MaxBytes int
	// MaxFragmentsPerDatagram bounds the fragments of one datagram;
	// default 256.
	MaxFragmentsPerDatagram int
	// IPv4Overlap is the policy for overlapping IPv4 fragments; default
	// OverlapDrop.
	IPv4Overlap OverlapPolicy
}

// Stats counts what a Defragmenter did.
type Stats struct {
	Fragments   uint64 // fragments seen (IPv6 atomic fragments included)
	Reassembled uint64 // datagrams reassembled
	Atomic      uint64 // IPv6 atomic fragments passed through
	Duplicates  uint64 // fragments ignored as duplicates

	DroppedTimeout   uint64 // datagrams dropped by timeout
	DroppedOverlap   uint64 // datagrams dropped for overlapping fragments
	DroppedLimit     uint64 // datagrams evicted or dropped by a limit
	DroppedOversized uint64 // datagrams dropped as longer than 65535 bytes
	DroppedMalformed uint64 // malformed or truncated fragments (and the datagrams they spoil)
	DroppedTiny      uint64 // tiny fragments dropped (RFC 1858, RFC 7112)

	InFlight         int // datagrams waiting for fragments now
	BytesBuffered    int // packet bytes buffered now
	MaxBytesBuffered int // the most bytes ever buffered at once
}

// key identifies a datagram: (src, dst, proto, id) for IPv4, (src, dst,
// id) for IPv6.
type key struct {
	src, dst [16]byte
	id       uint32
	proto    uint8
	v6       bool
}

// piece is a run of received data at byte offset off.
type piece struct {
	off  int
	data []byte
}

// datagram is one datagram in flight.
type datagram struct {
	key        key
	first      time.Time
	prev, next *datagram // in order of creation

	pieces  []piece // sorted, not overlapping
	arr     [4]piece
	covered int // bytes in pieces
	maxEnd  int // end of the furthest piece
	total   int // data length, known once the last fragment is in
	lastIn  bool
	nfrags  int // fragments holding data
	bytes   int // buffered: pieces and head

	// From the first fragment (offset 0).
	head      []byte // link-layer prefix and IP header (IPv6: unfragmentable part)
	prefixLen int
	nhPos     int   // IPv6: offset in head of the next header to patch
	nh        uint8 // IPv6: the next header the Fragment header gave
	firstType packet.LayerType
	meta      packet.Metadata
}

// Defragmenter reassembles IPv4 and IPv6 fragments. Create it with New.
type Defragmenter struct {
	cfg        Config
	dgrams     map[key]*datagram
	head, tail *datagram // oldest, newest
	stats      Stats
}

// New returns a Defragmenter with the limits of cfg (zero fields take the
// defaults).
func New(cfg Config) *Defragmenter {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxDatagrams <= 0 {
		cfg.MaxDatagrams = DefaultMaxDatagrams
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = DefaultMaxBytes
	}
	if cfg.MaxFragmentsPerDatagram <= 0 {
		cfg.MaxFragmentsPerDatagram = DefaultMaxFragmentsPerDatagram
	}
	return &Defragmenter{cfg: cfg, dgrams: make(map[key]*datagram)}
}

// Stats returns the counters and the current occupancy.
func (d *Defragmenter) Stats() Stats {
	s := d.stats
	s.InFlight = len(d.dgrams)
	return s
}

// Expire drops the datagrams whose first fragment is more than Timeout
// older than now and returns how many it dropped.
func (d *Defragmenter) Expire(now time.Time) int {
	n := 0
	for g := d.head; g != nil; {
		next := g.next
		if now.Sub(g.first) > d.cfg.Timeout {
			d.drop(g)
			n++
		}
		g = next
	}
	d.stats.DroppedTimeout += uint64(n)
	return n
}

// expireOldest drops the oldest datagrams while they are past the timeout.
func (d *Defragmenter) expireOldest(now time.Time) {
	for d.head != nil && now.Sub(d.head.first) > d.cfg.Timeout {
		d.drop(d.head)
		d.stats.DroppedTimeout++
	}
}

// Flush drops every datagram in flight and returns how many it dropped
// (at the end of a capture, say). They are not counted as dropped.
func (d *Defragmenter) Flush() int {
	n := len(d.dgrams)
	for d.head != nil {
		d.drop(d.head)
	}
	return n
}

func (d *Defragmenter) drop(g *datagram) {
	if g.prev != nil {
		g.prev.next = g.next
	} else {
		d.head = g.next
	}
	if g.next != nil {
		g.next.prev = g.prev
	} else {
		d.tail = g.prev
	}
	g.prev, g.next = nil, nil
	delete(d.dgrams, g.key)
	d.stats.BytesBuffered -= g.bytes
	g.bytes = 0
}

func (d *Defragmenter) charge(g *datagram, n int) {
	g.bytes += n
	d.stats.BytesBuffered += n
	d.stats.MaxBytesBuffered = max(d.stats.MaxBytesBuffered, d.stats.BytesBuffered)
}

// frag is one fragment as read from a packet's bytes; its slices alias
// the packet.
type frag struct {
	key    key
	off    int
	more   bool
	data   []byte
	prefix []byte // link layer
	hdr    []byte // IPv4 header; IPv6 unfragmentable part
	nhPos  int    // IPv6: offset in hdr of the next header announcing the Fragment header
	nh     uint8  // IPv6: next header of the Fragment header
}

// Process takes one dissected packet with its capture time ts (the pcap
// time, or now when sniffing), used for timeouts.
//
// A packet that is not an IP fragment is returned unchanged with true; it
// costs no allocation. A fragment that does not complete its datagram
// returns nil, false, nil, or nil, false and an error when the fragment
// was dropped (ErrMalformed, ErrTruncated, ErrOverlap, ErrOversized,
// ErrTinyFragment, ErrLimit). The fragment that completes a datagram
// returns the reassembled packet, dissected from its own bytes, with true.
// An IPv6 atomic fragment is returned at once with its Fragment header
// removed. A nil packet returns nil, false, nil.
//
// The fragment's bytes are copied: p may be reused after Process returns.
func (d *Defragmenter) Process(p *packet.Packet, ts time.Time) (*packet.Packet, bool, error) {
	d.expireOldest(ts)
	if p == nil {
		return nil, false, nil
	}
	i, v6 := ipLayer(p)
	if i < 0 || !isFragment(p, i, v6) {
		return p, true, nil
	}
	d.stats.Fragments++
	var f frag
	var err error
	if v6 {
		f, err = parse6(p, i)
	} else {
		f, err = parse4(p, i)
	}
	if err != nil {
		d.stats.DroppedMalformed++
		return nil, false, err
	}
	if v6 && f.off == 0 && !f.more {
		d.stats.Atomic++
		one := [1]piece{{data: f.data}}
		return assemble6(f.prefix, f.hdr, f.nhPos, f.nh, p.Layer(0).Proto().Type(), p.Metadata, ts, len(f.data), one[:]), true, nil
	}
	return d.insert(p, &f, ts)
}

// isFragment reports whether the IP layer at index i of p is a fragment,
// from the typed layers alone.
func isFragment(p *packet.Packet, i int, v6 bool) bool {
	if !v6 {
		ip := p.Layer(i).(*layers.IPv4)
		return ip.Flags&layers.IPv4MoreFragments != 0 || ip.FragOff != 0
	}
	for _, l := range p.Layers()[i+1:] {
		switch l.(type) {
		case *layers.IPv6Fragment:
			return true
		case *layers.IPv6HopByHop, *layers.IPv6DestOpts, *layers.IPv6Routing, *layers.IPv6SRH:
		default:
			return false
		}
	}
	return false
}

func parse4(p *packet.Packet, i int) (frag, error) {
	b, off, err := ipBytes(p, i, 4)
	if err != nil {
		return frag{}, ErrMalformed
	}
	ip := b[off:]
	if len(ip) < layers.IPv4MinLen {
		return frag{}, ErrTruncated
	}
	hl := int(ip[0]&0x0f) * 4
	tl := int(be16(ip[2:]))
	switch {
	case hl < layers.IPv4MinLen || tl < hl:
		return frag{}, ErrMalformed
	case tl > len(ip):
		return frag{}, ErrTruncated
	}
	ff := be16(ip[6:])
	f := frag{
		off:    int(ff&ip4OffMask) * 8,
		more:   ff&ip4MF != 0,
		data:   ip[hl:tl],
		prefix: b[:off],
		hdr:    ip[:hl],
	}
	copy(f.key.src[:], ip[12:16])
	copy(f.key.dst[:], ip[16:20])
	f.key.proto = ip[9]
	f.key.id = uint32(be16(ip[4:]))
	return f, nil
}

func parse6(p *packet.Packet, i int) (frag, error) {
	b, off, err := ipBytes(p, i, 6)
	if err != nil {
		return frag{}, ErrMalformed
	}
	ip := b[off:]
	if len(ip) < ip6HdrLen {
		return frag{}, ErrTruncated
	}
	plen := int(be16(ip[4:]))
	end := ip6HdrLen + plen
	switch {
	case plen == 0:
		return frag{}, ErrMalformed // a jumbogram cannot be fragmented (RFC 2675)
	case end > len(ip):
		return frag{}, ErrTruncated
	}
	nh, announce, pos := ip[6], 6, ip6HdrLen
	for nh != layers.IPProtoFragment {
		if !isExtHeader(nh) || pos+2 > end {
			return frag{}, ErrMalformed
		}
		l := (int(ip[pos+1]) + 1) * 8
		if pos+l > end {
			return frag{}, ErrMalformed
		}
		nh, announce = ip[pos], pos
		pos += l
	}
	if pos+ip6FragLen > end {
		return frag{}, ErrMalformed
	}
	w := be16(ip[pos+2:])
	f := frag{
		off:    int(w>>3) * 8,
		more:   w&1 != 0,
		data:   ip[pos+ip6FragLen : end],
		prefix: b[:off],
		hdr:    ip[:pos],
		nhPos:  announce,
		nh:     ip[pos],
	}
	copy(f.key.src[:], ip[8:24])
	copy(f.key.dst[:], ip[24:40])
	f.key.id = be32(ip[pos+4:])
	f.key.v6 = true
	return f, nil
}

// insert adds fragment f of packet p to its datagram.
func (d *Defragmenter) insert(p *packet.Packet, f *frag, ts time.Time) (*packet.Packet, bool, error) {
	end := f.off + len(f.data)
	v6 := f.key.v6
	if f.more && (len(f.data) == 0 || len(f.data)%8 != 0) {
		d.stats.DroppedMalformed++
		return nil, false, ErrMalformed
	}
	// The reassembled length: IPv4 total length, IPv6 payload length.
	if (!v6 && len(f.hdr)+end > maxIPLen) || (v6 && len(f.hdr)-ip6HdrLen+end > maxIPLen) {
		d.stats.DroppedOversized++
		if g := d.dgrams[f.key]; g != nil {
			d.drop(g)
		}
		return nil, false, ErrOversized
	}
	if tiny(f) {
		d.stats.DroppedTiny++
		return nil, false, ErrTinyFragment
	}

	g := d.dgrams[f.key]
	if g == nil {
		for len(d.dgrams) >= d.cfg.MaxDatagrams && d.head != nil {
			d.drop(d.head)
			d.stats.DroppedLimit++
		}
		g = &datagram{key: f.key, first: ts}
		g.pieces = g.arr[:0]
		d.dgrams[f.key] = g
		if d.tail == nil {
			d.head, d.tail = g, g
		} else {
			g.prev, d.tail.next, d.tail = d.tail, g, g
		}
	}

	// Consistency of the end (Linux ip_frag_queue).
	if !f.more {
		if end < g.maxEnd || (g.lastIn && end != g.total) {
			return d.spoil(g, &d.stats.DroppedMalformed, ErrMalformed)
		}
	} else if g.lastIn && end > g.total {
		return d.spoil(g, &d.stats.DroppedMalformed, ErrMalformed)
	}

	// Where the fragment goes: pieces[lo:hi] are the ones it overlaps.
	lo := 0
	for lo < len(g.pieces) && g.pieces[lo].off+len(g.pieces[lo].data) <= f.off {
		lo++
	}
	hi := lo
	for hi < len(g.pieces) && g.pieces[hi].off < end {
		hi++
	}
	policy := d.cfg.IPv4Overlap
	if v6 {
		policy = OverlapDrop
	}
	if hi > lo {
		if q := g.pieces[lo]; hi == lo+1 && f.off >= q.off && end <= q.off+len(q.data) {
			d.stats.Duplicates++
			if !f.more && !g.lastIn {
				g.lastIn, g.total = true, end
				return d.complete(g, ts)
			}
			return nil, false, nil
		}
		if policy == OverlapDrop || len(f.data) == 0 {
			return d.spoil(g, &d.stats.DroppedOverlap, ErrOverlap)
		}
	}

	need := len(f.data)
	if f.off == 0 && g.head == nil {
		need += len(f.prefix) + len(f.hdr)
	}
	if g.nfrags+1 > d.cfg.MaxFragmentsPerDatagram || need > d.cfg.MaxBytes {
		return d.spoil(g, &d.stats.DroppedLimit, ErrLimit)
	}
	for d.stats.BytesBuffered+need > d.cfg.MaxBytes {
		victim := d.head
		if victim == g {
			victim = g.next
		}
		if victim == nil {
			return d.spoil(g, &d.stats.DroppedLimit, ErrLimit)
		}
		d.drop(victim)
		d.stats.DroppedLimit++
	}

	if f.off == 0 && g.head == nil {
		g.head = make([]byte, 0, len(f.prefix)+len(f.hdr))
		g.head = append(append(g.head, f.prefix...), f.hdr...)
		g.prefixLen = len(f.prefix)
		g.nhPos, g.nh = f.nhPos, f.nh
		g.firstType = p.Layer(0).Proto().Type()
		g.meta = p.Metadata
		d.charge(g, len(g.head))
	}
	if len(f.data) > 0 {
		data := make([]byte, len(f.data))
		copy(data, f.data)
		d.charge(g, len(data))
		g.nfrags++
		if hi == lo {
			g.pieces = append(g.pieces, piece{})
			copy(g.pieces[lo+1:], g.pieces[lo:])
			g.pieces[lo] = piece{off: f.off, data: data}
			g.covered += len(data)
		} else {
			d.merge(g, lo, hi, piece{off: f.off, data: data}, policy)
		}
	}
	g.maxEnd = max(g.maxEnd, end)
	if !f.more {
		g.lastIn, g.total = true, end
	}
	return d.complete(g, ts)
}

// merge puts n into g over pieces[lo:hi], which it overlaps, by policy
// (OverlapFirst or OverlapLast). Coverage stays without overlaps.
func (d *Defragmenter) merge(g *datagram, lo, hi int, n piece, policy OverlapPolicy) {
	old := g.pieces[lo:hi]
	var out []piece
	nEnd := n.off + len(n.data)
	if policy == OverlapFirst {
		// n's bytes outside the old pieces only
		at := n.off
		for _, q := range old {
			if q.off > at {
				out = append(out, piece{off: at, data: n.data[at-n.off : q.off-n.off]})
			}
			at = max(at, q.off+len(q.data))
		}
		if at < nEnd {
			out = append(out, piece{off: at, data: n.data[at-n.off:]})
		}
		out = append(out, old...)
	} else {
		// the old pieces' bytes outside n only
		for _, q := range old {
			qEnd := q.off + len(q.data)
			if q.off < n.off {
				out = append(out, piece{off: q.off, data: q.data[:n.off-q.off]})
			}
			if qEnd > nEnd {
				out = append(out, piece{off: nEnd, data: q.data[nEnd-q.off:]})
			}
		}
		out = append(out, n)
	}
	covered := 0
	for _, q := range out {
		covered += len(q.data)
	}
	for _, q := range old {
		covered -= len(q.data)
	}
	g.covered += covered
	// Bytes no longer referenced stay charged to the datagram until it
	// completes or is dropped: the bound holds on what is allocated.
	rest := append(out, g.pieces[hi:]...)
	g.pieces = append(g.pieces[:lo], rest...)
	sortPieces(g.pieces[lo:])
}

func sortPieces(ps []piece) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].off < ps[j-1].off; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// spoil drops datagram g, counts it and returns err.
func (d *Defragmenter) spoil(g *datagram, counter *uint64, err error) (*packet.Packet, bool, error) {
	d.drop(g)
	*counter++
	return nil, false, err
}

// tiny reports a tiny fragment (RFC 1858 section 3.2, RFC 7112).
func tiny(f *frag) bool {
	if !f.key.v6 {
		if f.key.proto != layers.IPProtoTCP {
			return false
		}
		return f.off == 8 || (f.off == 0 && len(f.data) < 16)
	}
	return f.off == 0 && !upperComplete(f.nh, f.data)
}

// complete returns the reassembled packet when g is complete.
func (d *Defragmenter) complete(g *datagram, ts time.Time) (*packet.Packet, bool, error) {
	if !g.lastIn || g.head == nil || g.covered != g.total {
		return nil, false, nil
	}
	d.drop(g)
	d.stats.Reassembled++
	prefix, hdr := g.head[:g.prefixLen], g.head[g.prefixLen:]
	if g.key.v6 {
		return assemble6(prefix, hdr, g.nhPos, g.nh, g.firstType, g.meta, ts, g.total, g.pieces), true, nil
	}
	return assemble4(prefix, hdr, g.firstType, g.meta, ts, g.total, g.pieces), true, nil
}

// join returns the link-layer prefix, the header and the data of the
// pieces in one new buffer, and the offset of the header in it.
func join(prefix, hdr []byte, total int, pieces []piece) []byte {
	buf := make([]byte, len(prefix)+len(hdr)+total)
	copy(buf, prefix)
	copy(buf[len(prefix):], hdr)
	data := buf[len(prefix)+len(hdr):]
	for _, q := range pieces {
		copy(data[q.off:], q.data)
	}
	return buf
}

func assemble4(prefix, hdr []byte, first packet.LayerType, meta packet.Metadata, ts time.Time, total int, pieces []piece) *packet.Packet {
	buf := join(prefix, hdr, total, pieces)
	h := buf[len(prefix) : len(prefix)+len(hdr)]
	put16(h[2:], uint16(len(hdr)+total))
	put16(h[6:], be16(h[6:])&(ip4Reserved|ip4DF))
	ip4Checksum(h)
	return redissect(buf, first, meta, ts)
}

func assemble6(prefix, hdr []byte, nhPos int, nh uint8, first packet.LayerType, meta packet.Metadata, ts time.Time, total int, pieces []piece) *packet.Packet {
	buf := join(prefix, hdr, total, pieces)
	h := buf[len(prefix):]
	h[nhPos] = nh
	put16(h[4:], uint16(len(hdr)-ip6HdrLen+total))
	return redissect(buf, first, meta, ts)
}

func redissect(buf []byte, first packet.LayerType, meta packet.Metadata, ts time.Time) *packet.Packet {
	q, _ := packet.Dissect(buf, first) // the decode error, if any, stays on q.Err()
	q.Metadata = meta
	q.Metadata.Timestamp = ts
	q.Metadata.CaptureLength, q.Metadata.Length = len(buf), len(buf)
	return q
}
