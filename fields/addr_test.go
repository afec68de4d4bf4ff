package fields

import (
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"strings"
	"testing"
)

// TestParseAddrAgreesWithNetip compares ParseAddr with
// netip.ParseAddr(strings.TrimSpace(s)) on addresses, near misses and
// random strings of address characters: the same address or both errors.
func TestParseAddrAgreesWithNetip(t *testing.T) {
	cases := []string{
		"0.0.0.0", "255.255.255.255", "198.18.1.2", " 198.18.1.2 ", "198.18.1.2\\n",
		"1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.02.3.4", "1.2.3.04", "0.0.0.00",
		"1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4 ", "1.2.3.-4", "1.2.3.4a", "1000.1.1.1",
		"::1", "fe80::1%eth0", "::ffff:1.2.3.4", "2001:db8::", "", " ", "a.b.c.d", "1.2.3.4/24",
	}
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "0123456789.: a"
	for range 200000 {
		b := make([]byte, 1+r.IntN(16))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for i := range 100000 {
		cases = append(cases, fmt.Sprintf("%d.%d.%d.%d", r.IntN(300), r.IntN(300), r.IntN(300), i%300))
	}
	for _, s := range cases {
		got, gerr := ParseAddr(s)
		want, werr := netip.ParseAddr(strings.TrimSpace(s))
		if got != want || (gerr == nil) != (werr == nil) {
			t.Fatalf("ParseAddr(%q) = %v, %v; netip: %v, %v", s, got, gerr, want, werr)
		}
	}
}

func TestParseAddrAllocs(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _, _ = ParseAddr("198.18.1.2") }); n != 0 {
		t.Errorf("ParseAddr allocates %v times", n)
	}
}

// TestParseMACAgreesWithNet compares the 17-character forms of ParseMAC
// with net.ParseMAC on random strings of hex digits and separators.
func TestParseMACAgreesWithNet(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const alphabet = "0123456789abcdefABCDEFg:-."
	good := 0
	for range 300000 {
		b := []byte("aa:bb:cc:dd:ee:ff")
		if r.IntN(2) == 0 {
			b = []byte("aa-bb-cc-dd-ee-ff")
		}
		for k := r.IntN(4); k > 0; k-- { // a few random changes
			b[r.IntN(len(b))] = alphabet[r.IntN(len(alphabet))]
		}
		for i := range b {
			if b[i] != ':' && b[i] != '-' && r.IntN(3) == 0 {
				b[i] = "0123456789abcdefABCDEF"[r.IntN(22)]
			}
		}
		s := string(b)
		got, gerr := ParseMAC(s)
		want, werr := net.ParseMAC(s)
		if (gerr == nil) != (werr == nil) || gerr == nil && string(got[:]) != string(want) {
			t.Fatalf("ParseMAC(%q) = %v, %v; net.ParseMAC: %v, %v", s, got, gerr, want, werr)
		}
		if gerr == nil {
			good++
		}
	}
	if good < 1000 {
		t.Fatalf("only %d valid addresses tried", good)
	}
}
