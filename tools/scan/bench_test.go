package scan

import (
	"net/netip"
	"testing"
)

// BenchmarkProbe: building one SYN (cookie, IPv4 and TCP headers,
// checksums) into a reused buffer.
func BenchmarkProbe(b *testing.B) {
	s, err := newScanner(Config{Targets: mustTargets(b, "198.18.0.0/16"), Ports: []uint16{80}, Source: netip.MustParseAddr("198.18.1.2")})
	if err != nil {
		b.Fatal(err)
	}
	pr := newProber(s)
	buf := make([]byte, 128)
	b.ReportAllocs()
	i := uint64(0)
	for b.Loop() {
		dst, port := s.target(i % s.space)
		if _, err := pr.build(buf, dst, port); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkNext: one step of the target permutation.
func BenchmarkNext(b *testing.B) {
	pm, _ := NewPermutation(1<<24*1000, 1, 0, 1)
	for b.Loop() {
		if _, ok := pm.Next(); !ok {
			pm.Reset()
		}
	}
}

func mustTargets(b *testing.B, s ...string) Targets {
	t, err := ParseTargets(s...)
	if err != nil {
		b.Fatal(err)
	}
	return t
}
