package scan

import (
	"net/netip"
	"testing"
)

// TestSipHash checks the test vectors of the SipHash paper (appendix A):
// key 00 01 .. 0f, messages 00 01 .. of length 0 and 15.
func TestSipHash(t *testing.T) {
	var key [16]byte
	for i := range key {
		key[i] = byte(i)
	}
	msg := make([]byte, 15)
	for i := range msg {
		msg[i] = byte(i)
	}
	if got := siphash(&key, nil); got != 0x726fdb47dd0e0e31 {
		t.Errorf("empty message: %#x", got)
	}
	if got := siphash(&key, msg); got != 0xa129ca6149be45e5 {
		t.Errorf("15-byte message: %#x", got)
	}
}

func TestCookie(t *testing.T) {
	var k1, k2 [16]byte
	k2[0] = 1
	a, b := netip.MustParseAddr("198.18.1.2"), netip.MustParseAddr("198.18.1.3")
	c := cookie(&k1, a, b, 40000, 80)
	if c != cookie(&k1, a, b, 40000, 80) {
		t.Fatal("cookie is not a function of its inputs")
	}
	for _, o := range []uint32{cookie(&k2, a, b, 40000, 80), cookie(&k1, b, a, 40000, 80), cookie(&k1, a, b, 40001, 80), cookie(&k1, a, b, 40000, 81)} {
		if o == c {
			t.Error("a changed input gave the same cookie")
		}
	}
	allocs := testing.AllocsPerRun(100, func() { cookie(&k1, a, b, 40000, 80) })
	if allocs != 0 {
		t.Errorf("cookie allocates %.1f times", allocs)
	}
}
