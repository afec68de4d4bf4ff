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
	o.topo(root)
	// Predecessor lists (block.preds, just listed by topo) and the
	// processing order are computed once, as libpcap does; the pull-ups
	// themselves do not update them (retarget keeps only the counts).
	o.snap = o.snap[:0]
	maxLevel := 0
	for i := len(o.order) - 1; i >= 0; i-- {
		b := o.order[i]
		b.level = 0
		if b.code != clsRET|retK {
			b.level = 1 + max(b.jt.level, b.jf.level)
			maxLevel = max(maxLevel, int(b.level))
		}
	}
	// Within a level, libpcap visits blocks in the reverse of the order
	// a depth-first search (true branch first) finishes them.
	o.snap = o.postorder(root, o.snap)
	changed := false
	// Bucket the blocks by level, keeping the order within a level.
	counts := append(o.counts[:0], make([]int32, maxLevel+2)...)
	o.counts = counts
	for _, b := range o.snap {
		counts[b.level+1]++
	}
	for l := 1; l < len(counts); l++ {
		counts[l] += counts[l-1]
	}
	byLevel := o.byLevel[:0]
	byLevel = append(byLevel, make([]*block, len(o.snap))...)
	for i := len(o.snap) - 1; i >= 0; i-- {
		b := o.snap[i]
		byLevel[counts[b.level]] = b
		counts[b.level]++
	}
	o.byLevel = byLevel
	for _, b := range byLevel {
		if b.level == 0 {
			continue
		}
		if o.budget <= 0 {
			break
		}
		// Both pull-ups need predecessors (as listed before the
		// pull-ups) that all test the same value.
		if len(b.preds) == 0 {
			continue
		}
		val, same := b.preds[0].from.tv, true
		for _, e := range b.preds[1:] {
			if e.from.tv != val {
				same = false
				break
			}
		}
		if !same {
			continue
		}
		if o.pullup(b, false) {
			changed = true
		}
		if o.pullup(b, true) {
			changed = true
		}
	}
	return changed
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
			for a := 0; a < 2; a++ {
				and := a == 1
				seenDiff := false
				for s, n := b, 0; n < 64 && s.code != clsRET|retK; s, n = succ(s, and), n+1 {
					if and && s.jf != b.jf || !and && s.jt != b.jt {
						break
					}
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

// postorder appends the blocks reachable from root in the order a
// depth-first search visiting the true branch first finishes them.
func (o *optimizer) postorder(root *block, out []*block) []*block {
	return o.dfs(root, true, out)
}

// pullup is libpcap's or_pullup (and is false: chains of false branches
// sharing the true target) or and_pullup (and is true: chains of true
// branches sharing the false target). The caller has checked that b is
// not a return (its level is not 0) and that its predecessors, as
// listed before the pull-ups, all test the same value.
func (o *optimizer) pullup(b *block, and bool) bool {
	preds := b.preds
	val := preds[0].from.tv
	// chain is the side followed down the chain; common the side whose
	// target all the tests of the chain share.
	chain := and
	common := func(x *block) *block {
		if and {
			return x.jf
		}
		return x.jt
	}
	first := preds[0].from
	diff := field{first, first.jt == b}
	atTop := true
	// only tells whether the chain from b down to the current block has
	// no other way in, so that b dominates it.
	only := true
	for {
		o.budget--
		d := diff.get()
		if d == nil || d.code == clsRET|retK || common(d) != common(b) {
			return false
		}
		if d != b {
			only = only && d.npred == 1
		}
		if !only {
			return false
		}
		if d.tv != val {
			break
		}
		diff = field{d, chain}
		atTop = false
	}
	same := field{diff.get(), chain}
	for {
		o.budget--
		s := same.get()
		if s == nil || s.code == clsRET|retK || common(s) != common(b) {
			return false
		}
		if s != b {
			only = only && s.npred == 1
		}
		if !only || o.budget <= 0 {
			return false
		}
		if s.tv == val {
			break
		}
		same = field{s, chain}
	}
	pull := same.get()
	d := diff.get()
	retarget(same, field{pull, chain}.get())
	retarget(field{pull, chain}, d)
	if atTop {
		for _, e := range preds {
			retarget(e.from.jtOrJf(b), pull)
		}
	} else {
		retarget(diff, pull)
	}
	return true
}

// jtOrJf names the field of p pointing to b: its true branch if that one
// does, else its false branch (as libpcap decides).
func (p *block) jtOrJf(b *block) field {
	return field{p, p.jt == b}
}
