package defrag

import (
	"fmt"
	"math/rand/v2"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Fragment cuts the outermost IPv4 or IPv6 layer of p into fragments of at
// most mtu bytes each (IP header included, link layer not counted); the
// layers in front of it are copied onto every fragment. Each fragment is
// dissected from its own bytes, starting at the type of p's first layer,
// and carries p's Metadata with the lengths of its bytes. A packet that
// fits is returned as it is, alone. See the package documentation for
// what IPv4 options and IPv6 extension headers become.
//
// Errors: ErrNotIP, ErrDontFragment (IPv4 with DF set), ErrMTU,
// ErrOversized (an IPv6 datagram that the Fragment header would push past
// 65535 bytes), ErrMalformed (lengths in the header that do not match the
// packet), or the error of building p.
func Fragment(p *packet.Packet, mtu int) ([]*packet.Packet, error) {
	return fragment(p, mtu, rand.Uint32)
}

func fragment(p *packet.Packet, mtu int, newID func() uint32) ([]*packet.Packet, error) {
	if p == nil {
		return nil, ErrNotIP
	}
	i, v6 := ipLayer(p)
	if i < 0 {
		return nil, ErrNotIP
	}
	b, err := p.Build()
	if err != nil {
		return nil, err
	}
	off := prefixLen(p, i)
	want := byte(4)
	if v6 {
		want = 6
	}
	if off >= len(b) || b[off]>>4 != want {
		return nil, fmt.Errorf("%w: no ip header at offset %d", ErrMalformed, off)
	}
	f := fragmenter{p: p, prefix: b[:off], first: p.Layer(0).Proto().Type()}
	if v6 {
		return f.v6(b[off:], mtu, newID)
	}
	return f.v4(b[off:], mtu)
}

type fragmenter struct {
	p      *packet.Packet
	prefix []byte
	first  packet.LayerType
	out    []*packet.Packet
}

// emit returns a new buffer holding the link-layer prefix and parts.
func (f *fragmenter) emit(parts ...[]byte) []byte {
	n := len(f.prefix)
	for _, p := range parts {
		n += len(p)
	}
	buf := make([]byte, 0, n)
	buf = append(buf, f.prefix...)
	for _, p := range parts {
		buf = append(buf, p...)
	}
	return buf
}

func (f *fragmenter) add(buf []byte) {
	q, _ := packet.Dissect(buf, f.first) // a fragment's payload may not dissect: that stays on q.Err()
	q.Metadata = f.p.Metadata
	q.Metadata.CaptureLength, q.Metadata.Length = len(buf), len(buf)
	f.out = append(f.out, q)
}

// v4 fragments the IPv4 packet ip (RFC 791 section 3.2, fragmentation
// procedure).
func (f *fragmenter) v4(ip []byte, mtu int) ([]*packet.Packet, error) {
	if len(ip) < layers.IPv4MinLen {
		return nil, fmt.Errorf("%w: %d-byte ipv4 header", ErrMalformed, len(ip))
	}
	hl := int(ip[0]&0x0f) * 4
	tl := int(be16(ip[2:]))
	if hl < layers.IPv4MinLen || tl < hl || tl > len(ip) {
		return nil, fmt.Errorf("%w: ipv4 header length %d, total length %d, %d bytes", ErrMalformed, hl, tl, len(ip))
	}
	if tl <= mtu {
		return []*packet.Packet{f.p}, nil
	}
	ff := be16(ip[6:])
	if ff&ip4DF != 0 {
		return nil, fmt.Errorf("%w: %d-byte packet, mtu %d", ErrDontFragment, tl, mtu)
	}
	if mtu-hl < 8 {
		return nil, fmt.Errorf("%w: mtu %d, ipv4 header %d bytes", ErrMTU, mtu, hl)
	}
	base := int(ff&ip4OffMask) * 8
	lastMF := ff & ip4MF
	data := ip[hl:tl]
	if base+len(data)+hl > maxIPLen {
		return nil, fmt.Errorf("%w: offset %d and %d bytes of data", ErrOversized, base, len(data))
	}
	first := ip[:hl]
	later := copiedHeader(first)
	for pos := 0; ; {
		h := later
		if pos == 0 {
			h = first
		}
		room := mtu - len(h)
		n, mf := room&^7, uint16(ip4MF)
		if len(data)-pos <= room {
			n, mf = len(data)-pos, lastMF
		}
		buf := f.emit(h, data[pos:pos+n])
		hdr := buf[len(f.prefix) : len(f.prefix)+len(h)]
		put16(hdr[2:], uint16(len(h)+n))
		put16(hdr[6:], ff&(ip4Reserved|ip4DF)|mf|uint16((base+pos)/8))
		ip4Checksum(hdr)
		f.add(buf)
		pos += n
		if pos >= len(data) {
			break
		}
	}
	return f.out, nil
}

// copiedHeader returns the header of fragments after the first: the fixed
// header and the options whose copy flag is set, padded with end-of-list
// bytes to a multiple of 4 (RFC 791 section 3.1, "copied flag").
func copiedHeader(h []byte) []byte {
	out := make([]byte, layers.IPv4MinLen, len(h))
	copy(out, h)
	opts := h[layers.IPv4MinLen:]
	for i := 0; i < len(opts); {
		t := opts[i]
		if t == layers.IPOptEOL {
			break
		}
		if t == layers.IPOptNOP {
			i++
			continue
		}
		if i+1 >= len(opts) {
			break
		}
		l := int(opts[i+1])
		if l < 2 || i+l > len(opts) {
			break
		}
		if t&0x80 != 0 {
			out = append(out, opts[i:i+l]...)
		}
		i += l
	}
	for len(out)%4 != 0 {
		out = append(out, layers.IPOptEOL)
	}
	out[0] = h[0]&0xf0 | byte(len(out)/4)
	return out
}

// v6 fragments the IPv6 packet ip (RFC 8200 section 4.5).
func (f *fragmenter) v6(ip []byte, mtu int, newID func() uint32) ([]*packet.Packet, error) {
	if len(ip) < ip6HdrLen {
		return nil, fmt.Errorf("%w: %d-byte ipv6 header", ErrMalformed, len(ip))
	}
	plen := int(be16(ip[4:]))
	end := ip6HdrLen + plen
	if plen == 0 || end > len(ip) {
		return nil, fmt.Errorf("%w: ipv6 payload length %d, %d bytes", ErrMalformed, plen, len(ip)-ip6HdrLen)
	}
	ip = ip[:end]

	// Walk the extension headers: the unfragmentable part ends after the
	// last routing header, else after the hop-by-hop header.
	unfrag, unfragNH := ip6HdrLen, 6
	nh, announce, pos := ip[6], 6, ip6HdrLen
	existing := false
	var fnh uint8
	var id uint32
	var base int
	lastM := uint16(0)
	for isExtHeader(nh) || nh == layers.IPProtoFragment {
		if nh == layers.IPProtoFragment {
			if pos+ip6FragLen > end {
				return nil, fmt.Errorf("%w: fragment header past the end", ErrMalformed)
			}
			existing = true
			unfrag, unfragNH = pos, announce
			fnh = ip[pos]
			w := be16(ip[pos+2:])
			base, lastM = int(w>>3)*8, w&1
			id = be32(ip[pos+4:])
			break
		}
		if pos+2 > end {
			return nil, fmt.Errorf("%w: extension header past the end", ErrMalformed)
		}
		l := (int(ip[pos+1]) + 1) * 8
		if pos+l > end {
			return nil, fmt.Errorf("%w: extension header past the end", ErrMalformed)
		}
		if nh != layers.IPProtoDstOpts {
			unfrag, unfragNH = pos+l, pos
		}
		nh, announce = ip[pos], pos
		pos += l
	}
	if len(ip) <= mtu {
		return []*packet.Packet{f.p}, nil
	}
	data := ip[unfrag:]
	if existing {
		data = ip[unfrag+ip6FragLen:]
	} else {
		fnh, id = ip[unfragNH], newID()
	}
	if unfrag-ip6HdrLen+ip6FragLen+base+len(data) > maxIPLen {
		return nil, fmt.Errorf("%w: %d bytes of payload with the fragment header", ErrOversized, unfrag-ip6HdrLen+ip6FragLen+base+len(data))
	}
	last := mtu - unfrag - ip6FragLen
	inner := last &^ 7
	if inner <= 0 {
		return nil, fmt.Errorf("%w: mtu %d, unfragmentable part and fragment header %d bytes", ErrMTU, mtu, unfrag+ip6FragLen)
	}
	var fh [ip6FragLen]byte
	fh[0] = fnh
	put32(fh[4:], id)
	for pos := 0; ; {
		n, m := inner, uint16(1)
		if len(data)-pos <= last {
			n, m = len(data)-pos, lastM
		}
		put16(fh[2:], uint16((base+pos)/8)<<3|m)
		buf := f.emit(ip[:unfrag], fh[:], data[pos:pos+n])
		hdr := buf[len(f.prefix):]
		hdr[unfragNH] = layers.IPProtoFragment
		put16(hdr[4:], uint16(unfrag-ip6HdrLen+ip6FragLen+n))
		f.add(buf)
		pos += n
		if pos >= len(data) {
			break
		}
	}
	return f.out, nil
}
