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
	// Predecessor lists (block.phead, just listed by topo) and the
	// processing order are computed once, as libpcap does; the pull-ups
	// themselves do not update the lists (the moves keep only the
	// counts), nor the order of the blocks they have yet to visit.
	// Within a level, libpcap visits blocks in the reverse of the order
	// a depth-first search (true branch first) finishes them; the
	// search computes the levels and lists the blocks in that order
	// (o.lslots), unless the moves of the last pull-ups kept the list
	// up to date.
	if o.slotsOf != root {
		o.levels(root)
	}
	// The moves keep o.order and o.lslots up to date while they are
	// ones whose effect on them moveUp knows (see pullup). A move
	// changes only the slots of the blocks it moves, which the loop
	// has passed: they are at lower levels than b, or b itself.
	o.keepOrder = true
	changed := false
blocks:
	for _, b := range o.lslots {
		if o.budget <= 0 {
			break
		}
		// Both pull-ups need predecessors (as listed before the
		// pull-ups) that all test the same value.
		if b.phead < 0 {
			continue
		}
		first, _, n := o.pred(b.phead)
		for n >= 0 {
			var p *block
			if p, _, n = o.pred(n); p.tv != first.tv {
				continue blocks
			}
		}
		// or_pullup, then and_pullup; most give up within their
		// first two steps, which pullStops sees without a call.
		if n := pullStops(b, first, false); n != 0 {
			o.budget -= n
		} else if o.pullup(b, first, false) {
			changed = true
		}
		if n := pullStops(b, first, true); n != 0 {
			o.budget -= n
		} else if o.pullup(b, first, true) {
			changed = true
		}
	}
	if changed {
		// The predecessor lists must be linked again; the graph
		// keeps its order and slots if the moves kept them.
		o.predsOf = nil
		if o.keepOrder {
			o.unlinked = true
		} else {
			o.orderOf, o.slotsOf = nil, nil
		}
	}
	return changed
}

// pullStops returns the steps pullup(b, first, and) takes when its
// first block, or the one after it, ends the walk (a return, a block not
// sharing b's common target, or one with other ways in), and 0 when the
// walk goes further. While b's first predecessor still points to b, the
// walk starts at b and stops at b's successor on the chain side (whether
// b tests the predecessor's value or not); once a pull-up has moved that
// edge, it starts at the predecessor's false branch.
func pullStops(b, first *block, and bool) int {
	// c is the block that may end the walk, after n steps (never b
	// itself, which the walk exempts from the count check: the graph
	// has no cycle).
	c, n := first.jf, 1
	if first.jt == b || first.jf == b {
		c, n = succ(b, and), 2
	}
	if c.code == clsRET|retK || c.npred != 1 || succ(c, !and) != succ(b, !and) {
		return n
	}
	return 0
}

// pullCandidate looks for a chain that a pull-up could reorder: tests
// sharing a target, on a value, then on another value, then on the first
// value again. Without one, pullups has nothing to do.
func (o *optimizer) pullCandidate() bool {
	for _, x := range o.order {
		if x.code == clsRET|retK || x.dead {
			continue
		}
		v := x.tv
		b := x.jt
		for k := 0; k < 2; k, b = k+1, x.jf {
			if b.code == clsRET|retK {
				continue
			}
			// Chains of false branches sharing the true target, then
			// of true branches sharing the false target, from b
			// (looked at first, outside the loops).
			diff := b.tv != v
			if s, t := b.jf, b.jt; s.code != clsRET|retK && s.jt == t {
				seenDiff := diff
				for n := 1; ; {
					if s.tv != v {
						seenDiff = true
					} else if seenDiff {
						return true
					}
					s, n = s.jf, n+1
					if n == 64 || s.code == clsRET|retK || s.jt != t {
						break
					}
				}
			}
			if s, f := b.jt, b.jf; s.code != clsRET|retK && s.jf == f {
				seenDiff := diff
				for n := 1; ; {
					if s.tv != v {
						seenDiff = true
					} else if seenDiff {
						return true
					}
					s, n = s.jt, n+1
					if n == 64 || s.code == clsRET|retK || s.jf != f {
						break
					}
				}
			}
		}
	}
	return false
}

// levels sets the levels of the blocks reachable from root (0 for
// returns, else 1 + the highest level of the successors; the root has
// the highest) and lists the blocks of each level l > 0 from
// o.lheads[l] (following block.lnext), in the reverse of the order a
// depth-first search visiting the true branch first finishes them.
// (The search may leave the levels of returns, which it need not visit,
// unset: only those of the other blocks are read.) It lists the same
// blocks in o.lslots, level after level from 1 up, and numbers them
// (block.lslot). The moves of the pull-ups keep o.lslots up to date
// (see moveUp), not the levels, which only the search reads.
func (o *optimizer) levels(root *block) {
	// No level exceeds the number of blocks; the lists of the last
	// search reach no higher than its root's level.
	n := o.nblocks + 1
	if cap(o.lheads) < n {
		o.lheads = make([]*block, n)
	} else {
		clear(o.lheads[:min(o.lused, len(o.lheads))])
		o.lheads = o.lheads[:n]
	}
	if cap(o.lslots) < n {
		o.lslots = make([]*block, 0, n)
	}
	o.slotsOf = root
	if root.code == clsRET|retK {
		root.level, o.lused, o.lslots = 0, 0, o.lslots[:0]
		return
	}
	o.dfs(root, true, nil)
	o.lused = int(root.level) + 1
	slots, k := o.lslots[:cap(o.lslots)], int32(0)
	for _, b := range o.lheads[1:o.lused] {
		for ; b != nil; b = b.lnext {
			slots[k], b.lslot = b, k
			k++
		}
	}
	o.lslots = slots[:k]
}

// pullup is libpcap's or_pullup (and is false: chains of false branches
// sharing the true target) or and_pullup (and is true: chains of true
// branches sharing the false target). The caller has checked that b is
// not a return (its level is not 0), that its predecessors, as listed
// before the pull-ups, all test the same value, and that the walk goes
// past the blocks pullStops looks at; first is b's first predecessor.
func (o *optimizer) pullup(b, first *block, and bool) bool {
	val := first.tv
	// chain is the side followed down the chain; the tests of the
	// chain share their target cb on the other side.
	chain := and
	cb := succ(b, !chain)
	// The chain from b down to the blocks looked at must have no other
	// way in (npred 1), so that b dominates them. diff (the field of
	// dfrom on side dside) leads to the first block d of the chain not
	// testing val.
	// The walks count their steps in budget, stored back on return;
	// the first step, to the block after first, is one pullStops has
	// checked.
	budget := o.budget - 1
	dfrom, dside := first, first.jt == b
	d := succ(dfrom, dside)
	atTop := true
	for d.tv == val {
		dfrom, dside = d, chain
		atTop = false
		budget--
		d = succ(dfrom, dside)
		if d.code == clsRET|retK || succ(d, !chain) != cb || d.npred != 1 && d != b {
			o.budget = budget
			return false
		}
	}
	// same (the field of sfrom on the chain side) leads to pull, the
	// next block testing val.
	sfrom := d
	var pull *block
	for {
		budget--
		s := succ(sfrom, chain)
		if s.code == clsRET|retK || succ(s, !chain) != cb || s.npred != 1 && s != b || budget <= 0 {
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
	if o.tamePulls && !o.tame(b, pull, cb, chain, atTop) {
		o.tamePulls = false
	}
	// The move is one moveUp knows when the counts are right (no move
	// moveUp does not know was made since they were counted) and b's
	// first predecessor still leads to b: then the chain starts at b
	// (d is b at the top, below it else), so that the walks, which
	// exempt only b from the count check, saw one way in for each
	// block below d, and d's one way in, from dfrom, below the top. At
	// the top, the edges moved must be all of b's ways in.
	keep := o.keepOrder && (first.jt == b || first.jf == b)
	// sfrom skips pull, which leads to d: pull's successor on the chain
	// side trades one way in for another, pull loses one and d gains
	// one. Then the edges from above lead to pull: below the top of the
	// chain, dfrom's one edge to d, which gives both counts back; at the
	// top, those of b's predecessors, as retarget counts them.
	field{sfrom, chain}.set(succ(pull, chain))
	field{pull, chain}.set(d)
	if !atTop {
		field{dfrom, dside}.set(pull)
	} else {
		pull.npred--
		d.npred++
		for n := b.phead; n >= 0; {
			var p *block
			p, _, n = o.pred(n)
			f := p.jtOrJf(b)
			keep = keep && f.get() == b
			retarget(f, pull)
		}
		// b's one way in left is pull's.
		keep = keep && b.npred == 1
	}
	if keep {
		o.moveUp(d, pull)
	} else {
		o.keepOrder = false
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
// which the new fact says nothing). tame checks these; when the chain
// starts below D's predecessors (not atTop), the one edge into S comes
// from D's only predecessor, whose facts S already had. The facts checked are those of the last pass: pull-ups made since
// may only have removed some, or added facts on other values than the
// test of the block that has them.

// tame reports whether the pull-up of pull to the top of the chain
// whose tests share the target t, above b's predecessors (atTop) or
// below, keeps a settled graph settled.
//
// The blocks between pull's old and new places, which learn the outcome
// of pull's test on the chain side, must still not decide the test of t
// with it. When atTop, b's only predecessors must be those listed, each
// with one edge to b, and none of them may decide pull's test on the
// edge that is to lead to it, from its facts as the last pass computed
// them. (Pull-ups done before in the same round may have added to these
// facts only facts on other values than the tests of the blocks
// concerned, or removed some.)
func (o *optimizer) tame(b, pull, t *block, chain, atTop bool) bool {
	if f, ok := pull.fact(chain); ok && t.code != clsRET|retK {
		if _, decided := o.outcome(t, []fact{f}, nil); decided {
			return false
		}
	}
	if !atTop {
		return true
	}
	// One walk of the list checks each predecessor and counts them;
	// the count is checked last, as the answer is false either way.
	npreds := 0
	for n := b.phead; n >= 0; {
		var p *block
		p, _, n = o.pred(n)
		npreds++
		if p.dead || p.jt == p.jf || p.jt != b && p.jf != b {
			return false
		}
		// o.outcome(pull, p.facts, p's outcome on the edge to b),
		// written out.
		switch pull.tkind {
		case testFalse, testTrue:
			return false
		case testScan:
			// Only a fact on pull's value decides its test: the
			// list is scanned only if its signature has the
			// value's bit, or is 0, that of an empty list, or of
			// facts given without one (see block.fsig).
			if p.fsig&pull.valBit() != 0 || p.fsig == 0 {
				if _, ok := scanFacts(pull.tq, pull.teq, p.facts); ok {
					return false
				}
			}
			if tf, ok := p.fact(p.jt == b); ok {
				if _, ok := scanFacts(pull.tq, pull.teq, []fact{tf}); ok {
					return false
				}
			}
		}
	}
	return int(b.npred) == npreds
}

// jtOrJf names the field of p pointing to b: its true branch if that one
// does, else its false branch (as libpcap decides).
func (p *block) jtOrJf(b *block) field {
	return field{p, p.jt == b}
}
