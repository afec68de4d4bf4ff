package bpf

// Pull-ups reorder chains of tests, as libpcap's optimizer does with its
// or_pullup and and_pullup: in "A1 or B1 or A2 or B2", where A1 and A2
// test the same value (say the source port) and B1, B2 another (the
// destination port), the test A2 moves up next to A1. Besides making
// the program shorter, this decides which loads a packet goes through:
// a packet too short for B's field is accepted if A2 matches, as libpcap
// accepts it, where the original order would have rejected it at B1.

// field names one successor field of a block.
type field struct {
	b    *block
	side bool
}

func (f field) get() *block {
	if f.b == nil {
		return nil
	}
	if f.side {
		return f.b.jt
	}
	return f.b.jf
}

func (f field) set(t *block) {
	if f.side {
		f.b.jt = t
	} else {
		f.b.jf = t
	}
}

// Dominance along a chain: a block of the chain below b is taken to be
// dominated by b when every block between them has b's chain as its only
// way in (one predecessor). npred counts are kept up to date as the
// pull-ups move edges.

// retarget points field f at t, keeping predecessor counts.
func retarget(f field, t *block) {
	if old := f.get(); old != nil {
		old.npred--
	}
	f.set(t)
	t.npred++
}

// pullups runs or_pullup and and_pullup on every block, from the blocks
// nearest to the returns up, and reports whether the graph changed.
func (o *optimizer) pullups(root *block) bool {
	if !o.pullCandidate() {
		return false
	}
	if o.predsOf != root {
		o.topo(root)
	}
	// Predecessor lists (block.preds, just listed by topo) and the
	// processing order are computed once, as libpcap does; the pull-ups
	// themselves do not update them (retarget keeps only the counts).
	// Within a level, libpcap visits blocks in the reverse of the order
	// a depth-first search (true branch first) finishes them; the
	// search computes the levels and lists the blocks of each level in
	// that order.
	o.levels(root)
	changed := false
	for l := 1; l <= int(root.level); l++ {
		for b := o.lheads[l]; b != nil; b = b.lnext {
			if o.budget <= 0 {
				return changed
			}
			if o.pullupsAt(b) {
				changed = true
			}
		}
	}
	return changed
}

// pullupsAt runs or_pullup and and_pullup on b and reports whether the
// graph changed.
func (o *optimizer) pullupsAt(b *block) bool {
	// Both pull-ups need predecessors (as listed before the pull-ups)
	// that all test the same value.
	preds := b.preds
	if len(preds) == 0 {
		return false
	}
	val := preds[0].from.tv
	for _, e := range preds[1:] {
		if e.from.tv != val {
			return false
		}
	}
	// or_pullup, then and_pullup; when chainEnds, pullup would look at
	// b and its successor only.
	changed := false
	if o.chainEnds(b, false) {
		o.budget -= 2
	} else {
		changed = o.pullup(b, false)
	}
	if o.chainEnds(b, true) {
		o.budget -= 2
	} else if o.pullup(b, true) {
		changed = true
	}
	return changed
}

// chainEnds reports that pullup(b, and) would stop at b's successor on
// the chain side: the first predecessor still points to b, and that
// successor is a return or does not share b's common target.
func (o *optimizer) chainEnds(b *block, and bool) bool {
	first := b.preds[0].from
	if first.jt != b && first.jf != b {
		return false
	}
	if and {
		c := b.jt
		return c.code == clsRET|retK || c.jf != b.jf
	}
	c := b.jf
	return c.code == clsRET|retK || c.jt != b.jt
}

// pullCandidate looks for a chain that a pull-up could reorder: tests
// sharing a target, on a value, then on another value, then on the first
// value again. Without one, pullups has nothing to do.
func (o *optimizer) pullCandidate() bool {
	for _, x := range o.order {
		if x.code == clsRET|retK || x.dead {
			continue
		}
		for k := 0; k < 2; k++ {
			b := x.jt
			if k == 1 {
				b = x.jf
			}
			if b.code == clsRET|retK {
				continue
			}
			// Chains of false branches sharing the true target, then
			// of true branches sharing the false target, from b
			// (looked at first, outside the loops).
			diff := b.tv != x.tv
			seenDiff := diff
			for s, n := b.jf, 1; n < 64 && s.code != clsRET|retK && s.jt == b.jt; s, n = s.jf, n+1 {
				if s.tv != x.tv {
					seenDiff = true
				} else if seenDiff {
					return true
				}
			}
			seenDiff = diff
			for s, n := b.jt, 1; n < 64 && s.code != clsRET|retK && s.jf == b.jf; s, n = s.jt, n+1 {
				if s.tv != x.tv {
					seenDiff = true
				} else if seenDiff {
					return true
				}
			}
		}
	}
	return false
}

// levels sets the levels of the blocks reachable from root (0 for
// returns, else 1 + the highest level of the successors; the root has
// the highest) and lists the blocks of each level l from o.lheads[l]
// (following block.lnext), in the reverse of the order a depth-first
// search visiting the true branch first finishes them.
func (o *optimizer) levels(root *block) {
	// No level exceeds the number of blocks.
	if n := o.nblocks + 1; cap(o.lheads) < n {
		o.lheads = make([]*block, n)
	} else {
		o.lheads = o.lheads[:n]
		clear(o.lheads)
	}
	o.dfs(root, true, nil)
}

// pullup is libpcap's or_pullup (and is false: chains of false branches
// sharing the true target) or and_pullup (and is true: chains of true
// branches sharing the false target). The caller has checked that b is
// not a return (its level is not 0) and that its predecessors, as
// listed before the pull-ups, all test the same value.
func (o *optimizer) pullup(b *block, and bool) bool {
	preds := b.preds
	first := preds[0].from
	val := first.tv
	// chain is the side followed down the chain; common the side whose
	// target all the tests of the chain share.
	chain := and
	common := func(x *block) *block {
		if and {
			return x.jf
		}
		return x.jt
	}
	cb := common(b)
	// The chain from b down to the blocks looked at must have no other
	// way in (npred 1), so that b dominates them. diff (the field of
	// dfrom on side dside) leads to the first block d of the chain not
	// testing val.
	// The walks count their steps in budget, stored back on return.
	budget := o.budget
	dfrom, dside := first, first.jt == b
	atTop := true
	var d *block
	for {
		budget--
		d = succ(dfrom, dside)
		if d.code == clsRET|retK || common(d) != cb || d != b && d.npred != 1 {
			o.budget = budget
			return false
		}
		if d.tv != val {
			break
		}
		dfrom, dside = d, chain
		atTop = false
	}
	// same (the field of sfrom on the chain side) leads to pull, the
	// next block testing val.
	sfrom := d
	var pull *block
	for {
		budget--
		s := succ(sfrom, chain)
		if s.code == clsRET|retK || common(s) != cb || s != b && s.npred != 1 || budget <= 0 {
			o.budget = budget
			return false
		}
		if s.tv == val {
			pull = s
			break
		}
		sfrom = s
	}
	o.budget = budget
	if o.tamePulls && (!o.tameCommon(cb, pull, chain) || atTop && !o.tameAtTop(b, pull, preds)) {
		o.tamePulls = false
	}
	same := field{sfrom, chain}
	retarget(same, succ(pull, chain))
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

// Pull-ups and settled graphs. Let the pull-up move pull (S) from the
// end of the chain D ... Sp S N (D and the blocks up to Sp testing other
// values than S) to just above D. In a settled graph (no edge leads to a
// block whose test its facts decide), the facts after the move are
// those before, except that S has those D had, D ... Sp gain the outcome
// of S's test on the chain side, and the facts of N and of the common
// target T come in another order. So an edge that may now be decided is
// one from the old predecessors of D to S, or one from D ... Sp to T
// (the other successors of D ... Sp test other values than S does, on
// which the new fact says nothing). tameCommon and tameAtTop check
// these; when the chain starts below D's predecessors (not atTop), the
// one edge into S comes from D's only predecessor, whose facts S already
// had. The facts checked are those of the last pass: pull-ups made since
// may only have removed some, or added facts on other values than the
// test of the block that has them.

// tameCommon reports whether the blocks between pull's old and new
// places, which learn the outcome of pull's test on the chain side, can
// still not decide the test of their common target t with it.
func (o *optimizer) tameCommon(t, pull *block, chain bool) bool {
	f, ok := pull.fact(chain)
	if !ok || t.code == clsRET|retK {
		return true
	}
	o.buf = append(o.buf[:0], f)
	_, decided := o.outcome(t, o.buf, nil)
	return !decided
}

// tameAtTop reports whether pulling pull up to the predecessors of b
// (the top of the chain) keeps a settled graph settled: b's only
// predecessors are those listed, each with one edge to b, and none of
// them decides pull's test on the edge that is to lead to it, from its
// facts as the last pass computed them. (Pull-ups done before in the
// same round may have added to these facts only facts on other values
// than the tests of the blocks concerned, or removed some.)
func (o *optimizer) tameAtTop(b, pull *block, preds []edge) bool {
	if int(b.npred) != len(preds) {
		return false
	}
	for _, e := range preds {
		p := e.from
		if p.dead || p.jt == p.jf || p.jt != b && p.jf != b {
			return false
		}
		side := p.jt == b
		o.buf = o.buf[:0]
		if tf, ok := p.fact(side); ok {
			o.buf = append(o.buf, tf)
		}
		if _, ok := o.outcome(pull, p.facts, o.buf); ok {
			return false
		}
	}
	return true
}

// jtOrJf names the field of p pointing to b: its true branch if that one
// does, else its false branch (as libpcap decides).
func (p *block) jtOrJf(b *block) field {
	return field{p, p.jt == b}
}
