package checksum

import (
	"math/rand/v2"
	"testing"
)

// naive is RFC 1071's reference loop.
func naive(b []byte) uint16 {
	var s uint32
	for i := 0; i+1 < len(b); i += 2 {
		s += uint32(b[i])<<8 | uint32(b[i+1])
	}
	if len(b)%2 == 1 {
		s += uint32(b[len(b)-1]) << 8
	}
	for s>>16 != 0 {
		s = s&0xffff + s>>16
	}
	return ^uint16(s)
}

func TestChecksumMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 300; n++ {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		if got, want := Checksum(b, 0), naive(b); got != want {
			t.Fatalf("len %d: got %#04x want %#04x", n, got, want)
		}
		// all-ones data exercises carries
		for i := range b {
			b[i] = 0xff
		}
		if got, want := Checksum(b, 0), naive(b); got != want {
			t.Fatalf("ones len %d: got %#04x want %#04x", n, got, want)
		}
	}
}

func TestRFC1071Example(t *testing.T) {
	// RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2.
	b := []byte{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7}
	if got := Fold(Partial(b, 0)); got != 0xddf2 {
		t.Fatalf("got %#04x want 0xddf2", got)
	}
}

func TestSplitRegions(t *testing.T) {
	b := []byte("the quick brown fox jumps over the lazy dog!!")
	whole := Checksum(b, 0)
	split := ^Fold(Partial(b[20:], Partial(b[:20], 0)))
	if whole != split {
		t.Fatalf("split %#04x whole %#04x", split, whole)
	}
	if c := Combine(Fold(Partial(b[:20], 0)), Fold(Partial(b[20:], 0))); ^c != whole {
		t.Fatalf("combine %#04x whole %#04x", ^c, whole)
	}
}

func BenchmarkChecksum1500(b *testing.B) {
	buf := make([]byte, 1500)
	b.SetBytes(1500)
	for b.Loop() {
		Checksum(buf, 0)
	}
}
