package scan

import (
	"encoding/binary"
	"math/bits"
	"net/netip"
)

// Cookies are what makes the scanner stateless: the sequence number of
// each SYN is a keyed hash (SipHash-2-4) of the probe's addresses and
// ports, so a reply is checked by hashing it again (its acknowledgment
// number is the cookie plus one), with no table of what was sent. The
// key is random for each scan unless Config.Key gives one; nobody who
// does not know it can forge an answer.

// cookie returns the sequence number of the probe src:sport > dst:dport.
func cookie(key *[16]byte, src, dst netip.Addr, sport, dport uint16) uint32 {
	var msg [36]byte
	s, d := src.As16(), dst.As16()
	copy(msg[0:16], s[:])
	copy(msg[16:32], d[:])
	binary.BigEndian.PutUint16(msg[32:], sport)
	binary.BigEndian.PutUint16(msg[34:], dport)
	h := siphash(key, msg[:])
	return uint32(h) ^ uint32(h>>32)
}

// siphash is SipHash-2-4 (Aumasson and Bernstein) of msg under key.
func siphash(key *[16]byte, msg []byte) uint64 {
	k0 := binary.LittleEndian.Uint64(key[0:8])
	k1 := binary.LittleEndian.Uint64(key[8:16])
	v0 := k0 ^ 0x736f6d6570736575
	v1 := k1 ^ 0x646f72616e646f6d
	v2 := k0 ^ 0x6c7967656e657261
	v3 := k1 ^ 0x7465646279746573
	round := func() {
		v0 += v1
		v1 = bits.RotateLeft64(v1, 13)
		v1 ^= v0
		v0 = bits.RotateLeft64(v0, 32)
		v2 += v3
		v3 = bits.RotateLeft64(v3, 16)
		v3 ^= v2
		v0 += v3
		v3 = bits.RotateLeft64(v3, 21)
		v3 ^= v0
		v2 += v1
		v1 = bits.RotateLeft64(v1, 17)
		v1 ^= v2
		v2 = bits.RotateLeft64(v2, 32)
	}
	n := len(msg)
	for len(msg) >= 8 {
		m := binary.LittleEndian.Uint64(msg)
		v3 ^= m
		round()
		round()
		v0 ^= m
		msg = msg[8:]
	}
	var last [8]byte
	copy(last[:], msg)
	last[7] = byte(n)
	m := binary.LittleEndian.Uint64(last[:])
	v3 ^= m
	round()
	round()
	v0 ^= m
	v2 ^= 0xff
	round()
	round()
	round()
	round()
	return v0 ^ v1 ^ v2 ^ v3
}
