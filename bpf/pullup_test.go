package bpf

import (
	"math/rand/v2"
	"testing"
)

// The pull-ups take shortcuts (pullStops decides most pull-ups without
// a walk, pullup skips the step pullStops checked, a move updates only
// the predecessor counts that change, tame checks both ends of a move at
// once); TestPullupsShortcuts checks them against the plain form below,
// libpcap's or_pullup and and_pullup step by step, on random graphs: the
// same moves, the same predecessor counts, the same budget taken (the
// budget decides what huge filters are left with) and the same
// tamePulls (and the same answer from tame at each move).

// plainTameDiffers is set by plainPullup when tame, asked before each
// move, gives another answer than the plain checks.
var plainTameDiffers bool

func (o *optimizer) plainPullups(root *block) bool {
	if !o.plainCandidate() {
		return false
	}
	if o.predsOf != root {
		o.topo(root)
	}
	o.levels(root)
	changed := false
	for l := 1; l <= int(root.level); l++ {
		for b := o.lheads[l]; b != nil; b = b.lnext {
			if o.budget <= 0 {
				return changed
			}
			preds := o.predList(b)
			if len(preds) == 0 {
				continue
			}
			same := true
			for _, e := range preds[1:] {
				same = same && e.from.tv == preds[0].from.tv
			}
			if !same {
				continue
			}
			if o.plainPullup(b, false) {
				changed = true
			}
			if o.plainPullup(b, true) {
				changed = true
			}
		}
	}
	return changed
}

func (o *optimizer) plainCandidate() bool {
	for _, x := range o.order {
		if x.code == clsRET|retK || x.dead {
			continue
		}
		for _, b := range []*block{x.jt, x.jf} {
			if b.code == clsRET|retK {
				continue
			}
			for _, and := range []bool{false, true} {
				seenDiff := b.tv != x.tv
				for s, n := succ(b, and), 1; n < 64 && s.code != clsRET|retK && succ(s, !and) == succ(b, !and); s, n = succ(s, and), n+1 {
					if s.tv != x.tv {
						seenDiff = true
					} else if seenDiff {
						return true
					}
				}
			}
		}
	}
	return false
}

func (o *optimizer) plainPullup(b *block, and bool) bool {
	preds := o.predList(b)
	first := preds[0].from
	val := first.tv
	chain := and
	common := func(x *block) *block { return succ(x, !and) }
	cb := common(b)
	dfrom, dside := first, first.jt == b
	atTop := true
	var d *block
	for {
		o.budget--
		d = succ(dfrom, dside)
		if d.code == clsRET|retK || common(d) != cb || d != b && d.npred != 1 {
			return false
		}
		if d.tv != val {
			break
		}
		dfrom, dside = d, chain
		atTop = false
	}
	sfrom := d
	var pull *block
	for {
		o.budget--
		s := succ(sfrom, chain)
		if s.code == clsRET|retK || common(s) != cb || s != b && s.npred != 1 || o.budget <= 0 {
			return false
		}
		if s.tv == val {
			pull = s
			break
		}
		sfrom = s
	}
	tame := o.plainTameCommon(cb, pull, chain) && (!atTop || o.plainTameAtTop(b, pull, preds))
	if o.tame(b, pull, cb, chain, atTop) != tame {
		plainTameDiffers = true
	}
	if o.tamePulls && !tame {
		o.tamePulls = false
	}
	retarget(field{sfrom, chain}, succ(pull, chain))
	retarget(field{pull, chain}, d)
	if atTop {
		for _, e := range preds {
			retarget(e.from.jtOrJf(b), pull)
		}
	} else {
		retarget(field{dfrom, dside}, pull)
	}
	return true
}

func (o *optimizer) plainTameCommon(t, pull *block, chain bool) bool {
	f, ok := pull.fact(chain)
	if !ok || t.code == clsRET|retK {
		return true
	}
	_, decided := o.outcome(t, []fact{f}, nil)
	return !decided
}

func (o *optimizer) plainTameAtTop(b, pull *block, preds []predEdge) bool {
	if int(b.npred) != len(preds) {
		return false
	}
	for _, e := range preds {
		p := e.from
		if p.dead || p.jt == p.jf || p.jt != b && p.jf != b {
			return false
		}
		var more []fact
		if tf, ok := p.fact(p.jt == b); ok {
			more = []fact{tf}
		}
		if _, ok := o.outcome(pull, p.facts, more); ok {
			return false
		}
	}
	return true
}

// pullGraph builds a random graph of n tests (the first is the root) on
// two or three values, most of them in chains of tests sharing a
// target, and two returns. A block's k is its index. Some tests are
// decided by constants, some may be by the facts, and the others never
// are, so that tame finds outcomes.
func pullGraph(seed uint64, n int) []block {
	r := rand.New(rand.NewPCG(seed, 7))
	decided := 2 << r.IntN(4) // one test in decided is decided, one more may be by the facts
	values := 2 + r.IntN(2)
	returns := 2 + r.IntN(8) // one target in returns is a return
	bs := make([]block, n+2)
	for i := range bs {
		bs[i].k = uint32(i)
	}
	for i := n; i < n+2; i++ {
		bs[i].code = clsRET | retK
	}
	// later picks a block after i, or a return.
	later := func(i int) *block {
		if r.IntN(returns) == 0 {
			return &bs[n+r.IntN(2)]
		}
		return &bs[i+1+r.IntN(n+1-i)]
	}
	for i := range n {
		b := &bs[i]
		b.code = jeq
		b.tv = int32(r.IntN(values))
		switch r.IntN(decided) {
		case 0:
			b.tkind = testFalse
		case 1:
			// A test the facts may decide: equality with one of
			// two constants.
			b.tkind = testScan
			b.tf = makeFact(b.tv, jmpJEQ, uint32(r.IntN(2)), false)
			b.tq, b.teq = b.tf, b.tf&factLow|factRes
		}
		// The facts of a pass made before.
		for range r.IntN(3) {
			f := makeFact(int32(r.IntN(values)), jmpJEQ, uint32(r.IntN(2)), false)
			b.facts = append(b.facts, f|fact(r.IntN(2)))
		}
		next := &bs[i+1]
		if r.IntN(8) == 0 {
			next = later(i)
		}
		// The target shared with the previous block, when it comes
		// after this one.
		shared := later(i)
		if i > 0 {
			s := succ(&bs[i-1], r.IntN(2) == 0)
			if s.code == clsRET|retK || int(s.k) > i {
				shared = s
			}
		}
		switch r.IntN(5) {
		case 0, 1:
			b.jt, b.jf = shared, next
		case 2, 3:
			b.jt, b.jf = next, shared
		default:
			b.jt, b.jf = later(i), later(i)
		}
	}
	return bs
}

func TestPullupsShortcuts(t *testing.T) {
	for seed := range uint64(30000) {
		r := rand.New(rand.NewPCG(seed, 1))
		n := 2 + r.IntN(24)
		budget := optBudget
		if r.IntN(3) == 0 {
			budget = 1 + r.IntN(8*n)
		}
		var gs [2][]block
		var os [2]*optimizer
		for k := range 2 {
			gs[k] = pullGraph(seed, n)
			os[k] = &optimizer{nblocks: n + 2, nlisted: n + 2, budget: budget}
		}
		// Rounds as optimize runs them, each on the graph the last one
		// left.
		for round := range 3 {
			tame := r.IntN(4) != 0
			var changed [2]bool
			for k, o := range os {
				root := &gs[k][0]
				o.topo(root)
				o.tamePulls = tame
				if k == 0 {
					changed[k] = o.pullups(root)
				} else {
					changed[k] = o.plainPullups(root)
				}
			}
			a, b := os[0], os[1]
			if plainTameDiffers {
				t.Fatalf("seed %d round %d: tame differs from the plain checks", seed, round)
			}
			if changed[0] != changed[1] || a.budget != b.budget || a.tamePulls != b.tamePulls {
				t.Fatalf("seed %d round %d: changed %v budget %d tamePulls %v, want %v %d %v", seed, round,
					changed[0], a.budget, a.tamePulls, changed[1], b.budget, b.tamePulls)
			}
			for i := range gs[0] {
				a, b := &gs[0][i], &gs[1][i]
				if a.code != clsRET|retK && (a.jt.k != b.jt.k || a.jf.k != b.jf.k) {
					t.Fatalf("seed %d round %d: block %d goes to %d/%d, want %d/%d", seed, round, i, a.jt.k, a.jf.k, b.jt.k, b.jf.k)
				}
				if a.npred != b.npred {
					t.Fatalf("seed %d round %d: block %d has %d predecessors, want %d", seed, round, i, a.npred, b.npred)
				}
			}
		}
	}
}

// predEdge is one entry of a predecessor list, as predList copies it.
type predEdge struct {
	from *block
	side bool
}

// predList copies b's predecessor list.
func (o *optimizer) predList(b *block) []predEdge {
	var out []predEdge
	for n := b.phead; n >= 0; {
		var e predEdge
		e.from, e.side, n = o.pred(n)
		out = append(out, e)
	}
	return out
}
