package bpf

import "slices"

// The optimizer works on the block graph produced by the code generator,
// whose blocks are self-contained: each computes from the packet every
// value its test uses. It does what matters of libpcap's optimizer, with
// the same consequences for packets too short for a load (a BPF load out
// of bounds rejects the packet):
//
//  1. Jump threading. Values are numbered (the same load, the same
//     arithmetic on the same values, give the same number), and each
//     block knows the test outcomes that hold on every path reaching it.
//     An edge into a block whose outcome is already known goes straight
//     to the block's successor. The skipped block's loads were executed
//     on the way, so no load that could fail is dropped. Blocks whose
//     two branches lead to the same place, and blocks testing a
//     constant, are skipped too, as libpcap does.
//  2. Pull-ups (pullup.go), which reorder chains of tests as libpcap's
//     or_pullup and and_pullup do.
//  3. Removal of statements that load a register with the value it
//     already holds on every path (the second "ldh [12]" of
//     "ip or ip6", the second "ldxb 4*([14]&0xf)" of a port test).
//  4. Merging of identical blocks, and skipping the root while its
//     outcome is known (keeping its statements, as libpcap does).
//
// Arithmetic is simplified as libpcap simplifies it (x*0 is 0, and so
// on), which also drops the loads computing x; the rule that libpcap's
// optimizer may drop a load, and this one drops the same loads, is what
// makes the accepted packets the same down to truncated captures.

type regs struct {
	a, x int32
	m    [16]int32
}

// A fact has at most four fields so that the compiler keeps it in
// registers (building a larger struct on the stack and copying it whole
// stalls the store-to-load forwarding of the processor).
type fact struct {
	v    int32  // value tested
	k    uint32 // constant operand, or value number
	op   uint16 // jmpJEQ, jmpJGT, jmpJGE or jmpJSET
	bits uint16 // factX: operand is the value number in k; factRes: outcome
}

const (
	factX   = 1
	factRes = 2
)

func (f fact) x() bool   { return f.bits&factX != 0 }
func (f fact) res() bool { return f.bits&factRes != 0 }

func (f *fact) setRes(r bool) {
	f.bits &^= factRes
	if r {
		f.bits |= factRes
	}
}

type vkey struct {
	code uint16
	a, b int64
}

type valInfo struct {
	isConst bool
	k       uint32
}

type optimizer struct {
	ent     []regs // register values at entry (live programs) and exit of o.order[i]
	exit    []regs
	vals    []valInfo
	tab     valTable
	order   []*block
	mark    int
	buf     []fact
	stack   []dfsFrame
	edges   []edge
	farena  []fact
	snap    []*block
	budget  int
	byLevel []*block
	counts  []int32 // pullups: blocks per level
	xedges  []edge  // predecessor lists grown past their room in edges
	eblocks []*block
	etramp  []uint8
	estart  []int
	// orderOf is the root o.order was computed from while the graph has
	// not changed since, so that topo need not run again; nil otherwise.
	orderOf *block
	// live is set for programs whose offsets have variable parts in
	// memory (CompileOptions.Live with "vlan"): an indexed load with an
	// unknown X is numbered (as libpcap numbers it, with its undefined
	// value), and dead stores are removed.
	live   bool
	liveIn []uint32
	keep   []bool // deadStores: the statements of a block kept
	// usesMem is set when a block stores to memory; without stores,
	// every memory slot is unknown everywhere.
	usesMem bool
	// dtab is dedup's hash table of block indices (plus one).
	dtab []int32
	// nblocks is the number of blocks of the graph being optimized
	// (an upper bound of the blocks reachable from the root).
	nblocks int
	// again is set by a pass that may have left work for another pass
	// (see optimize).
	again bool
}

type edge struct {
	from *block
	side bool
}

// maxFacts bounds the facts kept per block (the oldest are kept: those
// established near the root decide the most tests).
const maxFacts = 128

// maxThreadSteps bounds the blocks one edge skips in one pass; later
// passes follow the edges already moved, so long chains still collapse,
// in a few passes, without quadratic work.
const maxThreadSteps = 16

// optBudget is the number of elementary steps (facts examined, chain
// links followed) the branch optimizations may take.
const optBudget = 1 << 25

// unknown is the value number of a register whose content is not known;
// it never equals another value, not even itself.
const unknown int32 = -1

func (o *optimizer) fresh() int32 {
	o.vals = append(o.vals, valInfo{})
	return int32(len(o.vals) - 1)
}

func (o *optimizer) val(code uint16, a, b int64) int32 {
	key := vkey{code, a, b}
	slot := o.tab.find(key)
	if o.tab.ids[slot] != 0 {
		return o.tab.ids[slot] - 1
	}
	v := o.fresh()
	o.tab.insert(slot, key, v+1)
	return v
}

// valTable is an open-addressing hash table from value keys to value
// numbers (stored plus one, so that 0 marks a free slot).
type valTable struct {
	keys []vkey
	ids  []int32
	n    int
}

func (t *valTable) init(size int) {
	n := 64
	for n < 2*size {
		n <<= 1
	}
	if len(t.ids) < n {
		t.keys = make([]vkey, n)
		t.ids = make([]int32, n)
	} else {
		clear(t.ids)
	}
	t.n = 0
}

func (t *valTable) find(k vkey) int {
	h := (uint64(k.code)*0x9e3779b97f4a7c15 ^ uint64(k.a)*0xbf58476d1ce4e5b9 ^ uint64(k.b)*0x94d049bb133111eb)
	mask := len(t.ids) - 1
	i := int(h>>17) & mask
	for t.ids[i] != 0 && t.keys[i] != k {
		i = (i + 1) & mask
	}
	return i
}

func (t *valTable) insert(slot int, k vkey, id int32) {
	t.keys[slot], t.ids[slot] = k, id
	t.n++
	if 2*t.n > len(t.ids) {
		keys, ids := t.keys, t.ids
		t.keys = make([]vkey, 2*len(keys))
		t.ids = make([]int32, 2*len(ids))
		t.n = 0
		for j, id := range ids {
			if id != 0 {
				s := t.find(keys[j])
				t.keys[s], t.ids[s] = keys[j], id
				t.n++
			}
		}
	}
}

func (o *optimizer) konst(k uint32) int32 {
	v := o.val(0xffff, int64(k), 0)
	o.vals[v] = valInfo{isConst: true, k: k}
	return v
}

func (o *optimizer) isConst(v int32) bool { return v >= 0 && o.vals[v].isConst }

// alu numbers the result of an arithmetic operation, with libpcap's
// simplifications: constants fold, x op 0 is x for +, |, ^ and shifts,
// x*0 and x&0 are 0, and 0 op x is x for +, | and ^ and 0 for the
// others. (These drop the loads computing x: a packet too short for them
// is not rejected, as with libpcap.)
func (o *optimizer) alu(op uint16, a, b int32) int32 {
	if op == aluNEG {
		if o.isConst(a) {
			return o.konst(-o.vals[a].k)
		}
		if a < 0 && !o.live {
			return unknown
		}
		return o.val(clsALU|op, int64(a), int64(a))
	}
	if o.isConst(b) {
		k := o.vals[b].k
		if o.isConst(a) {
			if r, msg := aluFold(op, o.vals[a].k, k); msg == "" {
				return o.konst(r)
			}
			return unknown
		}
		if k == 0 {
			switch op {
			case aluADD, aluLSH, aluRSH, aluOR, aluXOR:
				return a
			case aluMUL, aluAND:
				return o.konst(0)
			}
		}
	} else if o.isConst(a) && o.vals[a].k == 0 {
		switch op {
		case aluADD, aluOR, aluXOR:
			return b
		case aluMUL, aluDIV, aluMOD, aluAND, aluLSH, aluRSH:
			return o.konst(0)
		}
	}
	if (a < 0 || b < 0) && !o.live {
		return unknown
	}
	return o.val(clsALU|op, int64(a), int64(b))
}

// step applies statement s to the register values st; it reports whether
// the statement changes nothing (it loads a known value already there).
func (o *optimizer) step(s stmt, st *regs) bool {
	set := func(r *int32, v int32) bool {
		same := v >= 0 && *r == v
		*r = v
		return same
	}
	switch bpfClass(s.code) {
	case clsLD:
		var v int32
		switch bpfMode(s.code) {
		case mIMM:
			v = o.konst(s.k)
		case mLEN:
			v = o.val(clsLD|mLEN, 0, 0)
		case mABS:
			v = o.val(s.code, int64(s.k), 0)
		case mIND:
			v = unknown
			switch {
			case o.live && o.isConst(st.x):
				// libpcap turns it into an absolute load.
				v = o.val(clsLD|bpfSize(s.code)|mABS, int64(s.k+o.vals[st.x].k), 0)
			case st.x >= 0 || o.live:
				v = o.val(s.code, int64(s.k), int64(st.x))
			}
		case mMEM:
			v = st.m[s.k&15]
		}
		return set(&st.a, v)
	case clsLDX:
		var v int32
		switch bpfMode(s.code) {
		case mIMM:
			v = o.konst(s.k)
		case mLEN:
			v = o.val(clsLD|mLEN, 0, 0)
		case mMEM:
			v = st.m[s.k&15]
		case mMSH:
			v = o.val(s.code, int64(s.k), 0)
		}
		return set(&st.x, v)
	case clsST:
		return set(&st.m[s.k&15], st.a)
	case clsSTX:
		return set(&st.m[s.k&15], st.x)
	case clsALU:
		op := bpfOp(s.code)
		switch {
		case op == aluNEG:
			st.a = o.alu(op, st.a, unknown)
		case bpfSrc(s.code) == srcX:
			st.a = o.alu(op, st.a, st.x)
		default:
			st.a = o.alu(op, st.a, o.konst(s.k))
		}
		return false
	case clsMISC:
		if s.code&0xf8 == miscTXA {
			return set(&st.a, st.x)
		}
		return set(&st.x, st.a)
	}
	return false
}

// unknownRegs holds no known value.
var unknownRegs = regs{unknown, unknown, [16]int32{
	unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown,
	unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown,
}}

type dfsFrame struct {
	b     *block
	state uint8
}

// topo lists the blocks reachable from root in reverse postorder (the
// false branch is visited first so that the true branch comes right
// after its block), and records each block's predecessors.
func (o *optimizer) topo(root *block) {
	o.listOrder(root)
	n := 0
	for _, b := range o.order {
		if b.code != clsRET|retK {
			b.jt.npred++
			b.jf.npred++
			n += 2
		}
	}
	if cap(o.edges) < n {
		o.edges = make([]edge, n)
	}
	edges := o.edges[:n]
	off := 0
	for _, b := range o.order {
		b.preds = edges[off : off : off+int(b.npred)]
		off += int(b.npred)
	}
	for _, b := range o.order {
		if b.code != clsRET|retK {
			b.jt.preds = append(b.jt.preds, edge{b, true})
			b.jf.preds = append(b.jf.preds, edge{b, false})
		}
	}
}

// listOrder is the first half of topo: it lists the blocks in o.order
// and numbers them (block.order), without their predecessors (it only
// clears their counts and dead flags for topo).
func (o *optimizer) listOrder(root *block) {
	o.orderOf = root
	o.order = o.dfs(root, false, o.order[:0])
	slices.Reverse(o.order)
	for i, b := range o.order {
		b.order = int32(i)
		b.npred = 0
		b.dead = false
	}
}

// maxRecursiveDFS is the size of the graphs dfs searches recursively
// (faster); larger ones are searched with an explicit stack, so that a
// huge filter does not grow the goroutine's stack.
const maxRecursiveDFS = 2048

// dfs appends to out the blocks reachable from root in the order a
// depth-first search finishes them, visiting the true branch of a block
// first if trueFirst, else its false branch first.
func (o *optimizer) dfs(root *block, trueFirst bool, out []*block) []*block {
	o.mark++
	mark := int32(o.mark)
	if o.nblocks <= maxRecursiveDFS {
		root.mark = mark
		if trueFirst {
			return visitTF(root, mark, out)
		}
		return visitFT(root, mark, out)
	}
	// Iterative search; a stack entry's state counts the successors
	// already pushed.
	stack := o.stack[:0]
	root.mark = mark
	stack = append(stack, dfsFrame{root, 0})
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		b := f.b
		if b.code == clsRET|retK || f.state == 2 {
			out = append(out, b)
			stack = stack[:len(stack)-1]
			continue
		}
		next, other := b.jf, b.jt
		if trueFirst {
			next, other = other, next
		}
		if f.state == 1 {
			next = other
		}
		f.state++
		if next.mark != mark {
			next.mark = mark
			stack = append(stack, dfsFrame{next, 0})
		}
	}
	o.stack = stack
	return out
}

// visitFT is the recursive dfs visiting false branches first.
func visitFT(b *block, mark int32, out []*block) []*block {
	if b.code != clsRET|retK {
		if s := b.jf; s.mark != mark {
			s.mark = mark
			out = visitFT(s, mark, out)
		}
		if s := b.jt; s.mark != mark {
			s.mark = mark
			out = visitFT(s, mark, out)
		}
	}
	return append(out, b)
}

// visitTF is the recursive dfs visiting true branches first.
func visitTF(b *block, mark int32, out []*block) []*block {
	if b.code != clsRET|retK {
		if s := b.jt; s.mark != mark {
			s.mark = mark
			out = visitTF(s, mark, out)
		}
		if s := b.jf; s.mark != mark {
			s.mark = mark
			out = visitTF(s, mark, out)
		}
	}
	return append(out, b)
}

// number computes the values each block tests, from the block alone
// (registers unknown at entry), and notes blocks that store to memory.
func (o *optimizer) number() {
	o.usesMem = false
	for _, b := range o.order {
		st := unknownRegs
		b.hasSt = false
		for _, s := range b.stmts {
			if c := bpfClass(s.code); c == clsST || c == clsSTX {
				b.hasSt = true
				o.usesMem = true
			}
			o.step(s, &st)
		}
		b.tv, b.tx = st.a, st.x
	}
}

// values numbers the register values at entry and exit of every block,
// merging what all predecessors agree on, and drops the statements that
// change nothing (dropRedundant).
func (o *optimizer) values() {
	n := len(o.order)
	if cap(o.ent) < n {
		o.ent = make([]regs, n)
		o.exit = make([]regs, n)
	}
	o.ent, o.exit = o.ent[:n], o.exit[:n]
	for i, b := range o.order {
		var st regs
		if i == 0 {
			st = unknownRegs
			a, x := o.konst(0), o.konst(0)
			if !o.live {
				st.a, st.x = a, x
			}
		} else {
			ps := b.preds
			st = o.exit[ps[0].from.order]
			for _, e := range ps[1:] {
				ex := &o.exit[e.from.order]
				if ex.a != st.a {
					st.a = unknown
				}
				if ex.x != st.x {
					st.x = unknown
				}
				if !o.usesMem {
					// Memory is unknown everywhere.
					continue
				}
				for j := range st.m {
					if ex.m[j] != st.m[j] {
						st.m[j] = unknown
					}
				}
			}
		}
		if o.live {
			o.ent[i] = st // for deadStores
		}
		o.dropRedundant(b, &st)
		o.exit[i] = st
	}
}

// known reports whether the fact is about known values.
func (f fact) known() bool { return f.v >= 0 && (!f.x() || int32(f.k) >= 0) }

func (b *block) test(side bool) fact {
	f := fact{v: b.tv, op: bpfOp(b.code), k: b.k}
	if side {
		f.bits = factRes
	}
	if bpfSrc(b.code) == srcX {
		f.bits |= factX
		f.k = uint32(b.tx)
	}
	return f
}

// blockFacts computes the test outcomes that hold on all paths from the
// root to b, from its predecessors' facts. Stale predecessor entries
// (edges redirected since the predecessors were listed) and dead
// predecessors are ignored. It reports false if b is unreachable.
func (o *optimizer) blockFacts(b *block) bool {
	arena := o.farena
	if len(b.preds) == 1 {
		// One way in: the facts are the predecessor's and its test's
		// outcome. When the predecessor's facts end the arena (it was
		// the last block processed, as it mostly is along a chain),
		// the list is extended in place rather than copied.
		e := b.preds[0]
		p := e.from
		if p.dead || succ(p, e.side) != b {
			b.facts, b.fstart = nil, int32(len(arena))
			return false
		}
		if ps := int(p.fstart); ps+len(p.facts) == len(arena) {
			if tf := p.test(e.side); tf.known() {
				arena = append(arena, tf)
			}
			end := len(arena)
			if end-ps > maxFacts {
				o.again = true
				end = ps + maxFacts
				arena = arena[:end]
			}
			b.facts, b.fstart = arena[ps:end:end], p.fstart
			o.farena = arena
			o.budget -= end - ps
			return true
		}
	}
	start := len(arena)
	first := true
	for _, e := range b.preds {
		p := e.from
		if p.dead || succ(p, e.side) != b {
			continue
		}
		tf := p.test(e.side)
		if first {
			first = false
			arena = append(arena, p.facts...)
			if tf.known() {
				arena = append(arena, tf)
			}
			continue
		}
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
			keep := f == tf
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
	b.facts, b.fstart = arena[start:len(arena):len(arena)], int32(start)
	o.farena = arena
	o.budget -= len(b.facts) * len(b.preds)
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

// outcome returns the result of test t if the facts determine it. Like
// libpcap's optimizer, it knows a test whose value is a constant, a test
// already made on the same value with the same operand, and that a value
// found equal to one constant is not equal to another; it does no range
// reasoning, so that the expressions it finds never match are exactly
// those libpcap refuses.
//
// The facts are those of facts followed by those of more (two slices, so
// that callers need not copy them into one).
func (o *optimizer) outcome(t fact, facts, more []fact) (bool, bool) {
	if !t.known() {
		return false, false
	}
	if t.x() {
		if xv := o.vals[t.k]; xv.isConst {
			t.bits &^= factX
			t.k = xv.k
		}
	}
	if av := o.vals[t.v]; av.isConst && !t.x() {
		return evalJump(t.op, av.k, t.k), true
	}
	if r, ok := scanFacts(t, facts); ok {
		return r, true
	}
	return scanFacts(t, more)
}

func scanFacts(t fact, facts []fact) (bool, bool) {
	for _, f := range facts {
		if f.v != t.v || (f.bits^t.bits)&factX != 0 {
			continue
		}
		if f.op == t.op && f.k == t.k {
			return f.res(), true
		}
		if !t.x() && f.op == jmpJEQ && f.res() && t.op == jmpJEQ {
			return false, true
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
// base followed by more (extended with each outcome found) and returns
// where it ends. more is o.buf.
func (o *optimizer) thread(t *block, base, more []fact) *block {
	steps := 0
	// In live programs a chain may go past blocks that store offsets
	// when it ends at a return, where memory no longer matters.
	var stored *block
	for ; t.code != clsRET|retK && steps < maxThreadSteps; steps++ {
		o.budget -= len(base) + len(more)
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
		tf := t.test(false)
		r, ok := o.outcome(tf, base, more)
		if !ok {
			break
		}
		tf.setRes(r)
		more = append(more, tf)
		o.buf = more[:0]
		t = succ(t, r)
	}
	if steps == maxThreadSteps && t.code != clsRET|retK {
		o.again = true // cut by the step limit
	}
	if stored != nil && t.code != clsRET|retK {
		return stored
	}
	return t
}

// addPred appends e to the predecessors of t. A list with no room left
// moves to o.xedges (the lists topo carves from o.edges are full), so
// that a warm optimizer does not allocate.
func (o *optimizer) addPred(t *block, e edge) {
	if len(t.preds) == cap(t.preds) {
		n := len(t.preds)
		start := len(o.xedges)
		o.xedges = append(o.xedges, t.preds...)
		o.xedges = append(o.xedges, make([]edge, n+4)...)
		t.preds = o.xedges[start : start+n : start+2*n+4]
	}
	t.preds = append(t.preds, e)
}

// optimize returns the new root of the graph.
func (o *optimizer) optimize(root *block, nblocks int) *block {
	o.vals = o.vals[:0]
	o.xedges = o.xedges[:0]
	o.nblocks = nblocks
	o.tab.init(4 * nblocks)
	// The work budget bounds the time spent moving branches on huge
	// filters; when it runs out the program is left less optimized.
	o.budget = optBudget
	o.topo(root)
	o.number()
	for iter := 0; iter < 100 && o.budget > 0; iter++ {
		if o.orderOf != root {
			o.topo(root)
		}
		o.budget -= len(o.order)
		// One pass in topological order: a block's facts are computed
		// from its predecessors, whose edges are already threaded.
		o.farena = o.farena[:0]
		o.again = false
		changed := false
		for i, b := range o.order {
			if o.budget <= 0 {
				break
			}
			if i == 0 {
				b.facts, b.fstart = nil, 0
			} else if !o.blockFacts(b) {
				b.dead = true
				continue
			}
			if b.code == clsRET|retK {
				continue
			}
			moved := false
			for k := 0; k < 2; k++ {
				side := k == 0
				s := succ(b, side)
				if s.code == clsRET|retK {
					continue // a return has nothing to skip
				}
				o.buf = o.buf[:0]
				if tf := b.test(side); tf.known() {
					o.buf = append(o.buf, tf)
				}
				t := o.thread(s, b.facts, o.buf)
				if t != s {
					if side {
						b.jt = t
					} else {
						b.jf = t
					}
					o.addPred(t, edge{b, side})
					changed = true
					moved = true
					o.orderOf = nil
				}
			}
			if moved && b.jt == b.jf {
				o.again = true // earlier blocks may now skip b
			}
		}
		if o.budget <= 0 {
			o.again = true
		}
		if o.pullups(root) {
			changed = true
			o.again = true
			o.orderOf = nil
		}
		// Another pass finds nothing new when this one moved edges
		// only: every block's facts are computed from predecessors
		// already threaded, and an edge moved to the end of a chain
		// stops at a block whose outcome stays unknown, unless that
		// block's branches have since merged, a chain was cut by
		// maxThreadSteps or the budget, or facts were dropped at
		// maxFacts (the next pass may list them in another order).
		if !changed || !o.again {
			break
		}
	}
	if o.orderOf != root {
		o.topo(root)
	}
	o.values()
	if o.live {
		o.deadStores()
	}
	return o.optRoot(o.dedup(root))
}

// optRoot skips root blocks whose outcome is known (libpcap's opt_root).
// The statements of the original root are kept, in front of the new
// root's, so that its loads still reject a packet too short for them.
func (o *optimizer) optRoot(root *block) *block {
	r := root
	for r.code != clsRET|retK {
		if r.jt == r.jf {
			r = r.jt
			continue
		}
		res, ok := o.outcome(r.test(false), nil, nil)
		if !ok {
			break
		}
		r = succ(r, res)
	}
	if r == root || r.code == clsRET|retK {
		return r
	}
	r.stmts = append(append([]stmt(nil), root.stmts...), r.stmts...)
	return r
}

// dedup merges blocks with the same statements, test and successors.
// The blocks are visited from the returns up, so that a block's
// successors are already merged when it is; the first block found with
// a key keeps it. The table holds indices into o.order plus one.
func (o *optimizer) dedup(root *block) *block {
	canon := func(b *block) *block {
		if b.dup != nil {
			return b.dup
		}
		return b
	}
	size := 16
	for size < 2*len(o.order) {
		size <<= 1
	}
	if cap(o.dtab) < size {
		o.dtab = make([]int32, size)
	}
	tab := o.dtab[:size]
	clear(tab)
	mask := uint64(size - 1)
	merged := false
	for i := len(o.order) - 1; i >= 0; i-- {
		b := o.order[i]
		b.dup = nil
		h := uint64(14695981039346656037)
		if b.code != clsRET|retK {
			b.jt, b.jf = canon(b.jt), canon(b.jf)
			h = (h ^ uint64(b.jt.order)) * 1099511628211
			h = (h ^ uint64(b.jf.order)) * 1099511628211
		}
		h = (h ^ (uint64(b.code)<<32 | uint64(b.k))) * 1099511628211
		for _, s := range b.stmts {
			h = (h ^ (uint64(s.code)<<32 | uint64(s.k))) * 1099511628211
		}
		j := (h ^ h>>29) & mask
		for ; tab[j] != 0; j = (j + 1) & mask {
			c := o.order[tab[j]-1]
			if c.code == b.code && c.k == b.k && c.jt == b.jt && c.jf == b.jf && slices.Equal(c.stmts, b.stmts) {
				b.dup = c
				merged = true
				break
			}
		}
		if b.dup == nil {
			tab[j] = int32(i + 1)
		}
	}
	if merged {
		o.orderOf = nil
	}
	return canon(root)
}

// dropRedundant removes the statements of b that load a register with
// the value it already holds, stepping st from the block's entry values
// to its exit values. (values runs it as it goes: a statement dropped
// changes no value, so the values of the blocks after are the same.)
func (o *optimizer) dropRedundant(b *block, st *regs) {
	if o.live && hasInBlockJump(b) {
		for _, s := range b.stmts {
			o.step(s, st)
		}
		return
	}
	kept := b.stmts[:0]
	for _, s := range b.stmts {
		if o.live && bpfClass(s.code) == clsLD && bpfMode(s.code) == mIND && o.isConst(st.x) {
			s = stmt{clsLD | bpfSize(s.code) | mABS, s.k + o.vals[st.x].k}
		}
		if !o.step(s, st) {
			kept = append(kept, s)
		}
	}
	b.stmts = kept
}
