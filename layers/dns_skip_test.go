package layers

import (
	"errors"

	"github.com/goscapy/goscapy/packet"
	"math/rand/v2"
	"testing"
)

// dnsSkipNameIter is dnsSkipName written with the label iterator, as the
// reference the fast loop must agree with.
func dnsSkipNameIter(msg []byte, off int) (end, reach int, err error) {
	it := newDNSLabels(msg, off)
	it.walk()
	if it.err != nil {
		return 0, 0, it.err
	}
	return off + it.inl, max(off+it.inl, it.hi), nil
}

// TestDNSSkipNameAgrees compares the two on names built to exercise
// labels, pointers (backward, forward, loops), bad label types and cuts.
func TestDNSSkipNameAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte{0, 0, 1, 2, 3, 5, 63, 64, 0x80, 0xc0, 0xc0, 0xc1, 'a', 'b', 12}
	for n := 0; n < 200000; n++ {
		msg := make([]byte, 1+r.IntN(40))
		for i := range msg {
			msg[i] = alphabet[r.IntN(len(alphabet))]
		}
		off := r.IntN(len(msg) + 1)
		e1, r1, err1 := dnsSkipName(msg, off)
		e2, r2, err2 := dnsSkipNameIter(msg, off)
		if e1 != e2 || r1 != r2 || err1 != err2 {
			t.Fatalf("%x at %d: fast %d %d %v, iterator %d %d %v", msg, off, e1, r1, err1, e2, r2, err2)
		}
	}
	long := make([]byte, 0, 300) // a name of 255 wire bytes or more is malformed
	for len(long) < 280 {
		long = append(long, 9, 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a')
	}
	long = append(long, 0)
	if _, _, err := dnsSkipName(long, 0); !errors.Is(err, packet.ErrMalformed) {
		t.Errorf("long name: %v", err)
	}
}
