package bpf

import (
	"math/rand/v2"
	"testing"
)

// factsSig returns the signature blockFacts computes for facts: the bit
// of the value of each (see block.fsig).
func factsSig(facts []fact) uint64 {
	var sig uint64
	for _, f := range facts {
		sig |= 1 << (uint32(f>>5&maxFactVal) & 63)
	}
	return sig
}

// TestTameSignature checks that tame, which scans a predecessor's facts
// only when their signature has the bit of the value pull tests, answers
// as it does without signatures (which make it scan every list), on the
// random graphs of the pull-up tests, and that it would not with a
// signature missing a bit.
func TestTameSignature(t *testing.T) {
	wrong := 0
	for seed := range uint64(5000) {
		r := rand.New(rand.NewPCG(seed, 5))
		n := 2 + r.IntN(24)
		g := pullGraph(seed, n)
		root := &g[0]
		o := &optimizer{nblocks: n + 2, nlisted: n + 2, budget: optBudget}
		o.topo(root)
		// The tests reachable from the root, whose predecessors
		// topo listed.
		var tests []*block
		for _, x := range o.order {
			if x.code != clsRET|retK {
				tests = append(tests, x)
			}
		}
		for range 20 {
			b, pull := tests[r.IntN(len(tests))], tests[r.IntN(len(tests))]
			tb := &g[r.IntN(n+2)]
			chain, atTop := r.IntN(2) == 0, r.IntN(4) != 0
			for i := range g {
				g[i].fsig = 0
			}
			want := o.tame(b, pull, tb, chain, atTop)
			for i := range g {
				g[i].fsig = factsSig(g[i].facts)
			}
			if got := o.tame(b, pull, tb, chain, atTop); got != want {
				t.Fatalf("seed %d: tame with signatures %v, want %v", seed, got, want)
			}
			// A signature without the bit of pull's value (but
			// another) hides the facts that decide pull's test.
			for i := range g {
				if g[i].fsig&pull.valBit() != 0 {
					g[i].fsig = g[i].fsig&^pull.valBit() | pull.valBit()<<1 | pull.valBit()>>1
				}
			}
			if o.tame(b, pull, tb, chain, atTop) != want {
				wrong++
			}
		}
	}
	if wrong == 0 {
		t.Errorf("signatures missing a bit never changed tame's answer: the test checks nothing")
	}
}
