package expr

import (
	"math"
	"testing"
)

// allocsPerPacket returns the allocations of expanding n packets of tpl,
// per packet.
func allocsPerPacket(t *testing.T, s string, n int) float64 {
	t.Helper()
	tpl := MustParse(s).Seed(1)
	if tpl.Count() < n {
		t.Fatalf("%s: %d packets", s, tpl.Count())
	}
	a := testing.AllocsPerRun(3, func() {
		k := 0
		for _, p := range tpl.All() {
			_ = p
			if k++; k == n {
				break
			}
		}
	})
	return a / float64(n)
}

// TestExpandAllocs: expanding a template allocates the packet and its
// layers, and nothing per field: five varying integer fields cost what
// one does, and what a packet of constants costs.
func TestExpandAllocs(t *testing.T) {
	const n = 1000
	one := allocsPerPacket(t, `IP(src="10.0.0.1", dst="10.0.0.2")/TCP(dport=(1,60000))`, n)
	five := allocsPerPacket(t, `IP(src="10.0.0.1", dst="10.0.0.2", id=(1,10), ttl=(1,10), tos=[1,2,3,4,5,6,7,8,9,10])/TCP(dport=(1,10), sport=(1,10), seq=(1,10))`, n)
	consts := allocsPerPacket(t, `IP(src="10.0.0.1", dst="10.0.0.2", id=(1,2000))/TCP(dport=80, sport=1234, seq=7, window=512)`, n)
	random := allocsPerPacket(t, `IP(src="10.0.0.1", dst="10.0.0.2", id=RandShort(), ttl=RandByte())/TCP(dport=(1,2000), seq=RandInt())`, n)
	t.Logf("allocations per packet: one range %.2f, five ranges %.2f, constants %.2f, random integers %.2f", one, five, consts, random)
	if math.Round(five) != math.Round(one) || math.Round(consts) != math.Round(one) || math.Round(random) != math.Round(one) {
		t.Errorf("allocations per packet differ: one range %.2f, five ranges %.2f, constants %.2f, random %.2f", one, five, consts, random)
	}
	// a packet is the packet and its two layers
	if one > 3.1 {
		t.Errorf("%.2f allocations per packet of two layers", one)
	}
}

func BenchmarkExpand(b *testing.B) {
	tpl := MustParse(`Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/IP(src="10.0.0.1", dst="10.0.0.0/16")/TCP(dport=(1,1000), flags="S")`)
	buf := make([]byte, 1500)
	b.ReportAllocs()
	b.ResetTimer()
	k := 0
	for k < b.N {
		for _, p := range tpl.All() {
			if _, err := p.BuildInto(buf); err != nil {
				b.Fatal(err)
			}
			if k++; k >= b.N {
				break
			}
		}
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(`Ether()/IP(dst="198.18.1.0/24", ttl=(1,5))/TCP(dport=[22,80,443], flags="S", options=[("MSS",1460)])/"payload"`); err != nil {
			b.Fatal(err)
		}
	}
}
