// Package checksum computes the Internet checksum (RFC 1071) over one or
// several memory regions without copying them together.
package checksum

import (
	"encoding/binary"
	"math/bits"
)

// Partial adds the 16-bit big-endian words of b to the running sum
// initial and returns the unfolded result. Regions of odd length may only
// come last; use Combine to join sums of regions at odd offsets.
func Partial(b []byte, initial uint64) uint64 {
	s := initial
	var c uint64
	for len(b) >= 32 {
		s, c = bits.Add64(s, binary.BigEndian.Uint64(b), c)
		s, c = bits.Add64(s, binary.BigEndian.Uint64(b[8:]), c)
		s, c = bits.Add64(s, binary.BigEndian.Uint64(b[16:]), c)
		s, c = bits.Add64(s, binary.BigEndian.Uint64(b[24:]), c)
		b = b[32:]
	}
	for len(b) >= 8 {
		s, c = bits.Add64(s, binary.BigEndian.Uint64(b), c)
		b = b[8:]
	}
	s, c = bits.Add64(s, 0, c)
	s += c
	for len(b) >= 2 {
		s, c = bits.Add64(s, uint64(binary.BigEndian.Uint16(b)), 0)
		s += c
		b = b[2:]
	}
	if len(b) == 1 {
		s, c = bits.Add64(s, uint64(b[0])<<8, 0)
		s += c
	}
	return s
}

// Fold folds a running sum to 16 bits (not complemented).
func Fold(s uint64) uint16 {
	s = (s >> 32) + (s & 0xffffffff)
	s = (s >> 32) + (s & 0xffffffff)
	s = (s >> 16) + (s & 0xffff)
	s = (s >> 16) + (s & 0xffff)
	s = (s >> 16) + (s & 0xffff)
	return uint16(s)
}

// Checksum returns the Internet checksum of b: the complement of the
// folded one's-complement sum, added to initial.
func Checksum(b []byte, initial uint64) uint16 {
	return ^Fold(Partial(b, initial))
}

// Combine adds two 16-bit folded partial sums in one's complement.
func Combine(a, b uint16) uint16 {
	s := uint32(a) + uint32(b)
	return uint16(s + s>>16)
}

// Pseudo4 returns the IPv4 pseudo-header sum (RFC 793/768) for the upper
// protocol proto and upper-layer length.
func Pseudo4(src, dst [4]byte, proto uint8, length int) uint64 {
	s := uint64(binary.BigEndian.Uint16(src[:])) + uint64(binary.BigEndian.Uint16(src[2:])) +
		uint64(binary.BigEndian.Uint16(dst[:])) + uint64(binary.BigEndian.Uint16(dst[2:]))
	return s + uint64(proto) + uint64(uint32(length)>>16) + uint64(uint32(length)&0xffff)
}

// Pseudo6 returns the IPv6 pseudo-header sum (RFC 8200 section 8.1).
func Pseudo6(src, dst [16]byte, proto uint8, length int) uint64 {
	s := Partial(src[:], 0)
	s = Partial(dst[:], s)
	return s + uint64(proto) + uint64(uint32(length)>>16) + uint64(uint32(length)&0xffff)
}
