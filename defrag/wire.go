package defrag

import (
	"encoding/binary"
	"errors"

	"github.com/goscapy/goscapy/checksum"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Errors of Fragment and Process; test with errors.Is.
var (
	// ErrDontFragment: an IPv4 packet with DF set does not fit the MTU.
	ErrDontFragment = errors.New("packet does not fit the mtu and has the don't-fragment flag set")
	// ErrMTU: the MTU leaves no room for 8 bytes of data after the
	// headers every fragment repeats.
	ErrMTU = errors.New("mtu too small for the headers")
	// ErrNotIP: Fragment was given a packet without an IPv4 or IPv6 layer.
	ErrNotIP = errors.New("no ip layer")
	// ErrMalformed: the IP header or fragment is inconsistent (lengths,
	// a fragment other than the last that is empty or not a multiple of 8
	// bytes, a fragment past the end of its datagram).
	ErrMalformed = errors.New("malformed fragment")
	// ErrTruncated: the capture holds fewer bytes than the IP length says.
	ErrTruncated = errors.New("fragment truncated by the capture")
	// ErrOverlap: a fragment overlaps another of its datagram; the
	// datagram is dropped.
	ErrOverlap = errors.New("overlapping fragment")
	// ErrOversized: the datagram would be longer than 65535 bytes.
	ErrOversized = errors.New("datagram longer than 65535 bytes")
	// ErrTinyFragment: a tiny fragment (RFC 1858, RFC 7112) was dropped.
	ErrTinyFragment = errors.New("tiny fragment")
	// ErrLimit: a fragment or datagram exceeded a configured limit
	// (fragments per datagram, bytes buffered) and was dropped.
	ErrLimit = errors.New("reassembly limit exceeded")
)

// Bits of the IPv4 flags/fragment-offset word.
const (
	ip4Reserved = 0x8000
	ip4DF       = 0x4000
	ip4MF       = 0x2000
	ip4OffMask  = 0x1fff
)

// IPv6 header and extension header facts used here.
const (
	ip6HdrLen  = 40
	ip6FragLen = 8
	maxIPLen   = 0xffff
)

func be16(b []byte) uint16     { return binary.BigEndian.Uint16(b) }
func be32(b []byte) uint32     { return binary.BigEndian.Uint32(b) }
func put16(b []byte, v uint16) { binary.BigEndian.PutUint16(b, v) }
func put32(b []byte, v uint32) { binary.BigEndian.PutUint32(b, v) }

// ipLayer returns the index of the outermost IP layer of p and whether it
// is IPv6; -1 when there is none.
func ipLayer(p *packet.Packet) (int, bool) {
	for i, l := range p.Layers() {
		switch l.(type) {
		case *layers.IPv4:
			return i, false
		case *layers.IPv6:
			return i, true
		}
	}
	return -1, false
}

// headerLen is the length layer i of p builds to.
func headerLen(p *packet.Packet, i int) int {
	l := p.Layer(i)
	if c, ok := l.(packet.ContextHeaderLen); ok {
		return c.HeaderLenIn(p, i)
	}
	return l.HeaderLen()
}

// prefixLen is the number of bytes of the layers before layer i.
func prefixLen(p *packet.Packet, i int) int {
	n := 0
	for j := 0; j < i; j++ {
		n += headerLen(p, j)
	}
	return n
}

// ipBytes returns the bytes of p and the offset of its IP layer (at index
// i, of version v): the bytes it was dissected from when they hold that
// header where the layers say, else the bytes it builds to.
func ipBytes(p *packet.Packet, i int, v byte) ([]byte, int, error) {
	off := prefixLen(p, i)
	if b := p.Data(); off < len(b) && b[off]>>4 == v {
		return b, off, nil
	}
	b, err := p.Build()
	if err != nil {
		return nil, 0, err
	}
	if off >= len(b) || b[off]>>4 != v {
		return nil, 0, ErrMalformed
	}
	return b, off, nil
}

// isExtHeader reports whether an IPv6 next-header value is an extension
// header whose length is (len+1)*8 bytes: hop-by-hop, routing, destination
// options.
func isExtHeader(nh uint8) bool {
	return nh == layers.IPProtoHopOpt || nh == layers.IPProtoRouting || nh == layers.IPProtoDstOpts
}

// ip4Checksum fills the header checksum of an IPv4 header.
func ip4Checksum(h []byte) {
	put16(h[10:], 0)
	put16(h[10:], checksum.Checksum(h, 0))
}

// upperComplete reports whether b, the data of a first fragment starting
// with header nh, holds the header chain through the upper-layer header
// (RFC 7112): extension headers and AH whole, then 20 bytes of TCP, 8 of
// UDP, 4 of ICMPv6.
func upperComplete(nh uint8, b []byte) bool {
	for range 64 {
		switch nh {
		case layers.IPProtoHopOpt, layers.IPProtoRouting, layers.IPProtoDstOpts, layers.IPProtoAH:
			if len(b) < 2 {
				return false
			}
			l := (int(b[1]) + 1) * 8
			if nh == layers.IPProtoAH {
				l = (int(b[1]) + 2) * 4
			}
			if len(b) < l {
				return false
			}
			nh, b = b[0], b[l:]
		case layers.IPProtoFragment:
			if len(b) < ip6FragLen {
				return false
			}
			nh, b = b[0], b[ip6FragLen:]
		case layers.IPProtoTCP:
			return len(b) >= 20
		case layers.IPProtoUDP:
			return len(b) >= 8
		case layers.IPProtoICMPv6:
			return len(b) >= 4
		default:
			return true
		}
	}
	return false
}
