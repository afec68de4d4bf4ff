package bpf

import "slices"

// Jump threading: the test outcomes known on every path to a block, and
// the edges moved past blocks whose outcome they decide.

// A fact is a test outcome, packed into 64 bits so that facts compare
// as integers: bit 0 is the outcome, bits 1-3 the jump (its BPF op field
// shifted right by 4), bit 4 is set when the operand is a value number
// (srcX), bits 5-31 hold the value tested and bits 32-63 the constant
// operand or the operand's value number.
type fact uint64

const (
	factRes fact = 1
	factX   fact = 1 << 4
	// maxFactVal is the largest value number a fact can hold; tests of
	// values numbered above it are taken as unknown. (The statements of
	// an expression of MaxExprLen bytes number far fewer values.)
	maxFactVal = 1<<27 - 1
	// factLow selects the outcome, jump, srcX flag and value of a fact.
	factLow fact = 1<<32 - 1
)

func (f fact) res() bool { return f&factRes != 0 }

// makeFact packs a test of value v with operand k (a value number when x
// is set) and jump op, for the outcome false.
func makeFact(v int32, op uint16, k uint32, x bool) fact {
	f := fact(k)<<32 | fact(v)<<5 | fact(op>>4&7)<<1
	if x {
		f |= factX
	}
	return f
}

// Kinds of a block's test for outcome (block.tkind).
const (
	testUnknown uint8 = iota // a value is not known: never decided
	testScan                 // decided by the facts, if at all
	testFalse                // decided by constants
	testTrue
)

// maxFacts bounds the facts kept per block (the oldest are kept: those
// established near the root decide the most tests).
const maxFacts = 128

// maxThreadSteps bounds the blocks one edge skips in one pass; later
// passes follow the edges already moved, so long chains still collapse,
// in a few passes, without quadratic work.
const maxThreadSteps = 16

// setTest computes the facts of b's test (block.tkind, tf, tq and teq)
// from its values, as numbered by number.
func (o *optimizer) setTest(b *block) {
	b.tkind = testUnknown
	if b.code == clsRET|retK {
		return
	}
	v, k, x := b.tv, b.k, bpfSrc(b.code) == srcX
	op := bpfOp(b.code)
	if x {
		k = uint32(b.tx)
	}
	if v < 0 || v > maxFactVal || x && int32(k) < 0 {
		return
	}
	b.tf = makeFact(v, op, k, x)
	// The test as outcome looks it up is b.tf but for an X operand
	// known constant.
	tq := b.tf
	if x {
		if xv := o.vals[k]; xv.isConst {
			x, k = false, xv.k
			tq = makeFact(v, op, k, x)
		}
	}
	if av := o.vals[v]; av.isConst && !x {
		b.tkind = testFalse
		if evalJump(op, av.k, k) {
			b.tkind = testTrue
		}
		return
	}
	b.tkind = testScan
	b.tq = tq
	// A test of equality with a constant is decided (false) by the
	// same value found equal to another constant: a fact whose low
	// half reads teq. None reads ^0.
	b.teq = ^fact(0)
	if !x && op == jmpJEQ {
		b.teq = tq&factLow | factRes
	}
}

// fact returns the fact that b's test has the outcome side, and whether
// its values are known.
func (b *block) fact(side bool) (fact, bool) {
	f := b.tf
	if side {
		f |= factRes
	}
	return f, b.tkind != testUnknown
}

// valBit returns the bit of the value b tests in a signature of facts
// (block.fsig).
func (b *block) valBit() uint64 { return 1 << (uint32(b.tv) & 63) }

// blockFacts computes the test outcomes that hold on all paths from the
// root to b, from its predecessors' facts. Stale predecessor entries
// (edges redirected since the predecessors were listed) and dead
// predecessors are ignored. It reports false if b is unreachable; else
// b's facts end the arena (threadPass relies on it). It also computes
// their signature (block.fsig).
func (o *optimizer) blockFacts(b *block) bool {
	arena := o.farena
	if n := b.phead; n >= 0 && n == b.ptail {
		// One way in: the facts are the predecessor's and its test's
		// outcome. When the predecessor's facts end the arena (it was
		// the last block processed, as it mostly is along a chain),
		// the list is extended in place rather than copied.
		p, side, _ := o.pred(n)
		if p.dead || succ(p, side) != b {
			b.facts, b.fstart, b.fsig = nil, int32(len(arena)), 0
			return false
		}
		if ps := int(p.fstart); ps+len(p.facts) == len(arena) {
			sig := p.fsig
			if tf, ok := p.fact(side); ok {
				arena = append(arena, tf)
				sig |= p.valBit()
			}
			end := len(arena)
			if end-ps > maxFacts {
				o.again = true
				end = ps + maxFacts
				arena = arena[:end]
			}
			b.facts, b.fstart, b.fsig = arena[ps:end:end], p.fstart, sig
			o.farena = arena
			o.budget -= end - ps
			return true
		}
	}
	start := len(arena)
	first := true
	npreds := 0
	// A fact kept is one of every predecessor's, or its test's
	// outcome: its value's bit is in each one's signature or is that
	// of its test.
	var sig uint64
	for n := b.phead; n >= 0; {
		p, side, next := o.pred(n)
		n = next
		npreds++
		if p.dead || succ(p, side) != b {
			continue
		}
		tf, known := p.fact(side)
		psig := p.fsig
		if known {
			psig |= p.valBit()
		}
		if first {
			first = false
			arena = append(arena, p.facts...)
			if known {
				arena = append(arena, tf)
			}
			sig = psig
			continue
		}
		sig &= psig
		// The facts of the predecessors mostly share a prefix (those
		// of a common dominator), kept without searching.
		kept := start
		for _, g := range p.facts {
			if kept == len(arena) || arena[kept] != g {
				break
			}
			kept++
		}
		for _, f := range arena[kept:] {
			keep := known && f == tf
			for _, g := range p.facts {
				if keep {
					break
				}
				keep = f == g
			}
			if keep {
				arena[kept] = f
				kept++
			}
		}
		arena = arena[:kept]
	}
	if len(arena)-start > maxFacts {
		o.again = true
		// Keep the oldest facts: those established near the root
		// (link and network protocol) decide the most tests.
		arena = arena[:start+maxFacts]
	}
	b.facts, b.fstart, b.fsig = arena[start:len(arena):len(arena)], int32(start), sig
	o.farena = arena
	o.budget -= len(b.facts) * npreds
	return !first
}

func evalJump(op uint16, a, k uint32) bool {
	switch op {
	case jmpJEQ:
		return a == k
	case jmpJGT:
		return a > k
	case jmpJGE:
		return a >= k
	}
	return a&k != 0
}

// outcome returns the result of b's test if the facts determine it.
// Like libpcap's optimizer, it knows a test whose value is a constant, a
// test already made on the same value with the same operand, and that a
// value found equal to one constant is not equal to another; it does no
// range reasoning, so that the expressions it finds never match are
// exactly those libpcap refuses.
//
// The facts are those of facts followed by those of more (two slices, so
// that callers need not copy them into one).
func (o *optimizer) outcome(b *block, facts, more []fact) (bool, bool) {
	switch b.tkind {
	case testFalse:
		return false, true
	case testTrue:
		return true, true
	case testScan:
		if r, ok := scanFacts(b.tq, b.teq, facts); ok {
			return r, true
		}
		return scanFacts(b.tq, b.teq, more)
	}
	return false, false
}

// scanFacts looks for a fact deciding test t: the same test, or, for a
// test of equality with a constant, the same value found equal to a
// constant (then it is not equal to another): a fact whose low half
// reads eq (see setTest).
//
// Both kinds of fact have t's low half but for the outcome (t has the
// outcome false, and eq is t's low half with the outcome true, or ^0,
// which no low half reads), so one compare of the low halves rejects
// the facts on other values, jumps or kinds of operand: most of them.
func scanFacts(t, eq fact, facts []fact) (bool, bool) {
	for i := range facts {
		if uint32(facts[i]^t) > uint32(factRes) {
			continue
		}
		if f := facts[i]; f&^factRes == t || f&factLow == eq {
			// The same test with the outcome true, or else the
			// same test with the outcome false or an equality
			// with another constant: false.
			return f == t|factRes, true
		}
	}
	return false, false
}

func succ(b *block, side bool) *block {
	if side {
		return b.jt
	}
	return b.jf
}

// thread follows the chain of blocks from t whose outcome is known under
// facts (extended with each outcome found, within its capacity: one fact
// per step) and returns where it ends.
func (o *optimizer) thread(t *block, facts []fact) *block {
	steps := 0
	// The budget is kept in a local while the loop runs.
	budget := o.budget
	// In live programs a chain may go past blocks that store offsets
	// when it ends at a return, where memory no longer matters.
	var stored *block
	for ; steps < maxThreadSteps; steps++ {
		if t.tkind == testScan && !t.hasSt && t.jt != t.jf {
			// The common step, a test the facts may decide in a
			// block that does not store, in short: the same as
			// below. (A return, with neither branch, is not one.)
			budget -= len(facts)
			r, ok := scanFacts(t.tq, t.teq, facts)
			if !ok {
				break
			}
			facts = facts[:len(facts)+1]
			facts[len(facts)-1], _ = t.fact(r)
			t = succ(t, r)
			continue
		}
		if t.code == clsRET|retK {
			break
		}
		budget -= len(facts)
		if t.hasSt {
			if !o.live {
				break
			}
			if stored == nil {
				stored = t
			}
		}
		if t.jt == t.jf {
			t = t.jt
			continue
		}
		// o.outcome(t, facts, nil), written out: a call per step
		// costs more than most scans, and the loop keeps its values
		// in registers.
		var r bool
		switch t.tkind {
		case testScan:
			var ok bool
			if r, ok = scanFacts(t.tq, t.teq, facts); !ok {
				goto out
			}
		case testFalse:
		case testTrue:
			r = true
		default:
			goto out
		}
		// facts has room for one more fact per step (see threadPass).
		facts = facts[:len(facts)+1]
		facts[len(facts)-1], _ = t.fact(r)
		t = succ(t, r)
	}
out:
	o.budget = budget
	if steps == maxThreadSteps && t.code != clsRET|retK {
		o.again = true // cut by the step limit
	}
	if stored != nil && t.code != clsRET|retK {
		return stored
	}
	return t
}

// addPred appends the edge of b on side to the predecessors of t, in a
// node after those of topo's edges.
func (o *optimizer) addPred(t, b *block, side bool) {
	n := int32(len(o.pn))
	o.pn = append(o.pn, pnode{b, -1, side})
	if t.phead < 0 {
		t.phead = n
	} else {
		o.pn[t.ptail].next = n
	}
	t.ptail = n
}

// threadPass makes one pass of jump threading over the blocks in
// o.order and reports whether it moved an edge. In a settled graph,
// where every edge leads to a block whose test the facts leave open, it
// only computes the facts, and takes from the budget what thread would
// for its one step per edge.
func (o *optimizer) threadPass(settled bool) bool {
	if o.idlePass(settled) {
		// The facts would be those of the last pass but for the
		// changes of the pull-ups since, which tame allows for;
		// they would be too few to be cut at maxFacts, and what the
		// pass would take from the budget does not matter.
		o.again = false
		return false
	}
	o.budget -= len(o.order)
	// One pass in topological order: a block's facts are computed
	// from its predecessors, whose edges are already threaded.
	o.farena = o.farena[:0]
	o.again = false
	if settled && o.checkSettled {
		o.settledPasses++
	}
	changed := false
	for i, b := range o.order {
		if o.budget <= 0 {
			break
		}
		if b.code == clsRET|retK && o.budgetSafe {
			// The facts of a return serve only to take from the
			// budget, and perhaps to mark it dead (when an edge has
			// moved, so that topo runs again anyway).
			continue
		}
		if i == 0 {
			b.facts, b.fstart, b.fsig = nil, 0, 0
		} else if !o.blockFacts(b) {
			b.dead = true
			o.predsOf = nil // topo clears the flag
			continue
		}
		if b.code == clsRET|retK {
			continue
		}
		// The facts on b's edges: b's and the outcome of its test (nf
		// in all), and their signature.
		nf, sig := len(b.facts), b.fsig
		known := b.tkind != testUnknown
		if known {
			nf++
			sig |= b.valBit()
		}
		moved := false
		for k := 0; k < 2; k++ {
			side := k == 0
			s := succ(b, side)
			if s.code == clsRET|retK {
				continue // a return has nothing to skip
			}
			if settled && !o.checkSettled ||
				s.jt != s.jf && (s.tkind == testUnknown || s.tkind == testScan && sig&s.valBit() == 0) {
				// thread would stop at s after one step: the
				// graph is settled, or no fact decides s's test
				// (its values are not known, or no fact is on
				// the value it tests).
				o.budget -= nf
				continue
			}
			// The facts thread learns along a chain (the outcome of
			// b's test on the edge, and one per step) follow b's
			// facts in the arena, which they end (see blockFacts;
			// the root's are the empty arena), so that thread scans
			// one list. What it writes past the end of the arena is
			// no block's: the next blocks' facts overwrite it.
			n := len(o.farena)
			if cap(o.farena)-n <= maxThreadSteps {
				o.farena = slices.Grow(o.farena, 1+maxThreadSteps)
			}
			facts := o.farena[b.fstart : n : n+1+maxThreadSteps]
			if known {
				facts = facts[:len(facts)+1]
				facts[len(facts)-1], _ = b.fact(side)
			}
			t := o.thread(s, facts)
			if t != s {
				if settled {
					o.settledMoved = true
				}
				if side {
					b.jt = t
				} else {
					b.jf = t
				}
				o.addPred(t, b, side)
				changed = true
				moved = true
				o.orderOf, o.predsOf = nil, nil
			}
		}
		if moved && b.jt == b.jf {
			o.again = true // earlier blocks may now skip b
		}
	}
	return changed
}
