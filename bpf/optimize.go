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

type valInfo struct {
	isConst bool
	k       uint32
}

type optimizer struct {
	ent     [][2]int32 // the values of A and X at entry of o.order[i] (live programs)
	exit    []regs     // the register values at exit of o.order[i]
	vals    []valInfo
	tab     valTable
	nmemo   stmtMemo
	order   []*block
	obuf    []*block // listOrder: the buffer o.order lies in
	mark    int
	buf     []fact
	stack   []dfsFrame
	edges   []edge
	farena  []fact
	budget  int
	lheads  []*block // pullups: the first block of each level (block.lnext)
	xedges  []edge   // predecessor lists grown past their room in edges
	eblocks []*block
	etramp  []uint8
	estart  []int
	// orderOf is the root o.order was computed from while the graph has
	// not changed since, so that topo need not run again; nil otherwise.
	orderOf *block
	// predsOf is the root topo last listed the predecessors (and their
	// counts) from while the graph has not changed since; nil otherwise.
	predsOf *block
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
	// rootStmts holds the statements of the root chosen by optRoot.
	rootStmts []stmt
	// tamePulls is cleared by a pull-up that may let a pass move edges
	// in a settled graph (see optimize and pullup).
	tamePulls bool
	// budgetSafe is set when the budget left is more than the rest of
	// the optimization can take (see iterCost), so that a pass need not
	// compute facts only to take its part (those of returns, all of
	// them over a settled graph).
	budgetSafe bool
	// checkSettled makes the passes over a settled graph thread the
	// edges anyway, count themselves in settledPasses and set
	// settledMoved if an edge moves (for tests).
	checkSettled, settledMoved bool
	settledPasses              int
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

// maxIters bounds the passes of optimize.
const maxIters = 100

// iterCost bounds what one iteration of optimize (a threading pass and
// the pull-ups) takes from the budget on a graph of n blocks: a pass
// takes n, at most maxFacts per predecessor entry of a block (at most
// four per block: two edges in, two moved in) and per step of thread
// (maxThreadSteps per edge) the facts it scans; the pull-ups take 2 per
// block and side, or one per block of the chains they follow.
func iterCost(n int) int64 {
	n64 := int64(n)
	f := int64(min(maxFacts, n))
	steps := int64(min(maxThreadSteps, n))
	return n64 + 4*n64*f + 2*n64*steps*(f+steps+1) + 4*n64*(n64+1)
}

// unknown is the value number of a register whose content is not known;
// it never equals another value, not even itself.
const unknown int32 = -1

func (o *optimizer) fresh() int32 {
	o.vals = append(o.vals, valInfo{})
	return int32(len(o.vals) - 1)
}

func (o *optimizer) val(code uint16, a, b int64) int32 {
	t := &o.tab
	slot := t.find(code, a, b)
	if e := &t.ents[slot]; e.gen == t.gen {
		return e.id
	}
	v := o.fresh()
	t.insert(slot, ventry{gen: t.gen, id: v, code: code, a: a, b: b})
	return v
}

// valTable is an open-addressing hash table from value keys to value
// numbers. Entries of an earlier generation (compile) are free, so that
// starting a compile does not clear the table.
type valTable struct {
	ents []ventry
	gen  uint32
	n    int
}

type ventry struct {
	gen  uint32
	id   int32
	code uint16
	a, b int64
}

// tableSize is the size of an open-addressing table for size entries: a
// power of two, at least 64 and twice the entries.
func tableSize(size int) int {
	n := 64
	for n < 2*size {
		n <<= 1
	}
	return n
}

func (t *valTable) init(size int) {
	n := tableSize(size)
	t.gen++
	if len(t.ents) < n || t.gen == 0 {
		t.ents = make([]ventry, max(n, len(t.ents)))
		t.gen = 1
	}
	t.n = 0
}

// find returns the slot of the value (code, a, b): its entry if it is
// in the table, else the free slot for it.
func (t *valTable) find(code uint16, a, b int64) int {
	h := (uint64(code)*0x9e3779b97f4a7c15 ^ uint64(a)*0xbf58476d1ce4e5b9 ^ uint64(b)*0x94d049bb133111eb)
	mask := len(t.ents) - 1
	i := int(h>>17) & mask
	for {
		e := &t.ents[i]
		if e.gen != t.gen || e.code == code && e.a == a && e.b == b {
			return i
		}
		i = (i + 1) & mask
	}
}

func (t *valTable) insert(slot int, e ventry) {
	t.ents[slot] = e
	t.n++
	if 2*t.n > len(t.ents) {
		old := t.ents
		t.ents = make([]ventry, 2*len(old))
		t.n = 0
		for _, e := range old {
			if e.gen == t.gen {
				t.ents[t.find(e.code, e.a, e.b)] = e
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
	o.listOrder(root, true)
}

// listOrder lists the blocks in o.order and numbers them (block.order),
// clearing their dead flags; with preds, it also lists their
// predecessors, in the order of the list (topo).
func (o *optimizer) listOrder(root *block, preds bool) {
	o.orderOf, o.predsOf = root, nil
	if o.nblocks <= maxRecursiveDFS {
		// The search writes the blocks from the end of the buffer as
		// it finishes them (nblocks bounds their number), which lists
		// them in reverse postorder without reversing, and counts the
		// predecessors.
		if cap(o.obuf) < o.nblocks {
			o.obuf = make([]*block, o.nblocks)
		}
		buf := o.obuf[:o.nblocks]
		o.mark++
		mark := int32(o.mark)
		root.mark, root.npred = mark, 0
		o.order = buf[visitRev(root, mark, buf, len(buf)):]
	} else {
		o.order = o.dfs(root, false, o.order[:0]) // clears the counts
		slices.Reverse(o.order)
		for _, b := range o.order {
			if b.code != clsRET|retK {
				b.jt.npred++
				b.jf.npred++
			}
		}
	}
	if !preds {
		for i, b := range o.order {
			b.order = int32(i)
			b.dead = false
		}
		return
	}
	if n := 2 * len(o.order); cap(o.edges) < n {
		o.edges = make([]edge, n)
	}
	edges := o.edges[:cap(o.edges)]
	off := 0
	// A block's predecessor list is carved from edges (with room for
	// its count) when its first predecessor is appended, which marks
	// the block anew; the entries come in the order of the list, the
	// true branch first.
	o.mark++
	carved := int32(o.mark)
	root.preds = nil
	for i, b := range o.order {
		b.order = int32(i)
		b.dead = false
		if b.code == clsRET|retK {
			continue
		}
		if s := b.jt; s.mark != carved {
			s.mark = carved
			n := int(s.npred)
			s.preds = edges[off : off+1 : off+n]
			s.preds[0] = edge{b, true}
			off += n
		} else {
			s.preds = append(s.preds, edge{b, true})
		}
		if s := b.jf; s.mark != carved {
			s.mark = carved
			n := int(s.npred)
			s.preds = edges[off : off+1 : off+n]
			s.preds[0] = edge{b, false}
			off += n
		} else {
			s.preds = append(s.preds, edge{b, false})
		}
	}
	o.predsOf = root
}

// maxRecursiveDFS is the size of the graphs dfs and listOrder search
// recursively (faster); larger ones are searched with an explicit stack,
// so that a huge filter does not grow the goroutine's stack.
const maxRecursiveDFS = 2048

// dfs finds the blocks reachable from root by a depth-first search.
// Visiting the true branch of a block first (trueFirst, for levels), it
// sets the levels of the blocks and pushes each block it finishes on
// the list of its level (o.lheads, cleared by the caller), so that each
// list holds its blocks in the reverse of the order the search finishes
// them; visiting the false branch first (for listOrder), it appends the
// blocks to out as it finishes them and clears their predecessor
// counts.
func (o *optimizer) dfs(root *block, trueFirst bool, out []*block) []*block {
	o.mark++
	mark := int32(o.mark)
	root.mark = mark
	if !trueFirst {
		root.npred = 0
	}
	if trueFirst && o.nblocks <= maxRecursiveDFS {
		visitTF(root, mark, o.lheads)
		return out
	}
	// Iterative search; a stack entry's state counts the successors
	// already pushed.
	stack := o.stack[:0]
	stack = append(stack, dfsFrame{root, 0})
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		b := f.b
		if b.code == clsRET|retK || f.state == 2 {
			if trueFirst {
				b.level = 0
				if b.code != clsRET|retK {
					b.level = 1 + max(b.jt.level, b.jf.level)
				}
				b.lnext = o.lheads[b.level]
				o.lheads[b.level] = b
			} else {
				out = append(out, b)
			}
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
			if !trueFirst {
				next.npred = 0
			}
			stack = append(stack, dfsFrame{next, 0})
		}
	}
	o.stack = stack
	return out
}

// visitRev is the recursive search of listOrder: it visits false
// branches first, writes each block it finishes at out[pos-1] and
// returns the new pos. It counts the predecessors of the blocks it
// reaches.
func visitRev(b *block, mark int32, out []*block, pos int) int {
	if b.code != clsRET|retK {
		s := b.jf
		if s.mark != mark {
			s.mark, s.npred = mark, 0
			pos = visitRev(s, mark, out, pos)
		}
		s.npred++
		s = b.jt
		if s.mark != mark {
			s.mark, s.npred = mark, 0
			pos = visitRev(s, mark, out, pos)
		}
		s.npred++
	}
	pos--
	out[pos] = b
	return pos
}

// visitTF is the recursive dfs visiting true branches first; it returns
// the level of b.
func visitTF(b *block, mark int32, heads []*block) int32 {
	var l int32
	if b.code != clsRET|retK {
		s := b.jt
		lt := s.level
		if s.mark != mark {
			s.mark = mark
			lt = visitTF(s, mark, heads)
		}
		s = b.jf
		lf := s.level
		if s.mark != mark {
			s.mark = mark
			lf = visitTF(s, mark, heads)
		}
		l = 1 + max(lt, lf)
	}
	b.level = l
	b.lnext = heads[l]
	heads[l] = b
	return l
}

// number computes the values each block tests, from the block alone
// (registers unknown at entry), and notes blocks that store to memory
// and blocks whose statements jump.
func (o *optimizer) number() {
	o.usesMem = false
	m := &o.nmemo
	m.init(len(o.order))
	for _, b := range o.order {
		b.hasSt, b.jumps = false, false
		// Blocks of one or two statements mostly repeat those of
		// others (the loads of the EtherType, the protocol, a port):
		// their values are looked up by the statements.
		var slot *memoEntry
		if n := len(b.stmts); n == 1 || n == 2 {
			s0, s1 := b.stmts[0], b.stmts[n-1]
			switch slot = m.find(n, s0, s1); {
			case slot.gen != m.gen:
				*slot = memoEntry{gen: m.gen, n: uint8(n), s0: s0, s1: s1}
			case slot.valid:
				b.tv, b.tx = slot.tv, slot.tx
				if slot.tcode == b.code && slot.tk == b.k {
					// The same test as the last block with
					// these statements: the same facts.
					b.tkind, b.tf, b.tq, b.teq = slot.tkind, slot.tf, slot.tq, slot.teq
					continue
				}
				o.setTest(b)
				slot.tcode, slot.tk = b.code, b.k
				slot.tkind, slot.tf, slot.tq, slot.teq = b.tkind, b.tf, b.tq, b.teq
				continue
			default:
				slot = nil // statements that store or jump
			}
		}
		st := unknownRegs
		for _, s := range b.stmts {
			switch bpfClass(s.code) {
			case clsST, clsSTX:
				b.hasSt = true
				o.usesMem = true
				slot = nil // a store is not looked up
			case clsJMP:
				b.jumps = true
				slot = nil
			}
			o.step(s, &st)
		}
		b.tv, b.tx = st.a, st.x
		o.setTest(b)
		if slot != nil {
			slot.tv, slot.tx, slot.valid = st.a, st.x, true
			slot.tcode, slot.tk = b.code, b.k
			slot.tkind, slot.tf, slot.tq, slot.teq = b.tkind, b.tf, b.tq, b.teq
		}
	}
}

// stmtMemo is number's table of the values of short blocks: an
// open-addressing hash table from one or two statements to the values in
// A and X after them (entries of an earlier generation are free).
type stmtMemo struct {
	ents []memoEntry
	gen  uint32
}

type memoEntry struct {
	gen    uint32
	n      uint8
	valid  bool // the values are set (false: the block stores or jumps)
	s0, s1 stmt
	tv, tx int32
	// The test of the last block looked up (its jump and constant),
	// and its facts as setTest computed them.
	tcode       uint16
	tkind       uint8
	tk          uint32
	tf, tq, teq fact
}

func (m *stmtMemo) init(size int) {
	n := tableSize(size)
	m.gen++
	if len(m.ents) < n || m.gen == 0 {
		m.ents = make([]memoEntry, max(n, len(m.ents)))
		m.gen = 1
	}
}

// find returns the entry of the statements (s0 and s1 the first and
// last of n), or the free one for them.
func (m *stmtMemo) find(n int, s0, s1 stmt) *memoEntry {
	h := (uint64(s0.code)<<32|uint64(s0.k))*0x9e3779b97f4a7c15 ^ (uint64(s1.code)<<32|uint64(s1.k))*0xbf58476d1ce4e5b9 ^ uint64(n)
	mask := len(m.ents) - 1
	i := int(h>>17) & mask
	for {
		e := &m.ents[i]
		if e.gen != m.gen || int(e.n) == n && e.s0 == s0 && e.s1 == s1 {
			return e
		}
		i = (i + 1) & mask
	}
}

// values numbers the register values at entry and exit of every block,
// merging what all predecessors agree on, and drops the statements that
// change nothing (dropRedundant).
func (o *optimizer) values() {
	n := len(o.order)
	if cap(o.exit) < n {
		o.ent = make([][2]int32, n)
		o.exit = make([]regs, n)
	}
	o.ent, o.exit = o.ent[:n], o.exit[:n]
	for i, b := range o.order {
		// The values are merged and stepped in place, in b's exit.
		st := &o.exit[i]
		if i == 0 {
			*st = unknownRegs
			a, x := o.konst(0), o.konst(0)
			if !o.live {
				st.a, st.x = a, x
			}
		} else {
			ps := b.preds
			*st = o.exit[ps[0].from.order]
			for _, e := range ps[1:] {
				ex := &o.exit[e.from.order]
				if ex.a != st.a {
					st.a = unknown
				}
				if ex.x != st.x {
					st.x = unknown
				}
				if !o.usesMem || ex.m == st.m {
					// Memory is unknown everywhere, or the same.
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
			o.ent[i] = [2]int32{st.a, st.x} // for deadStores
		}
		o.dropRedundant(b, st)
	}
}

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
	if x {
		if xv := o.vals[k]; xv.isConst {
			x, k = false, xv.k
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
	b.tq = makeFact(v, op, k, x)
	// A test of equality with a constant is decided (false) by the
	// same value found equal to another constant: a fact whose low
	// half reads teq. None reads ^0.
	b.teq = ^fact(0)
	if !x && op == jmpJEQ {
		b.teq = b.tq&factLow | factRes
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

// blockFacts computes the test outcomes that hold on all paths from the
// root to b, from its predecessors' facts. Stale predecessor entries
// (edges redirected since the predecessors were listed) and dead
// predecessors are ignored. It reports false if b is unreachable.
func (o *optimizer) blockFacts(b *block) bool {
	arena := o.farena
	preds := b.preds
	if len(preds) == 1 {
		// One way in: the facts are the predecessor's and its test's
		// outcome. When the predecessor's facts end the arena (it was
		// the last block processed, as it mostly is along a chain),
		// the list is extended in place rather than copied.
		e := preds[0]
		p := e.from
		if p.dead || succ(p, e.side) != b {
			b.facts, b.fstart = nil, int32(len(arena))
			return false
		}
		if ps := int(p.fstart); ps+len(p.facts) == len(arena) {
			if tf, ok := p.fact(e.side); ok {
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
	for _, e := range preds {
		p := e.from
		if p.dead || succ(p, e.side) != b {
			continue
		}
		tf, known := p.fact(e.side)
		if first {
			first = false
			arena = append(arena, p.facts...)
			if known {
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
	b.facts, b.fstart = arena[start:len(arena):len(arena)], int32(start)
	o.farena = arena
	o.budget -= len(b.facts) * len(preds)
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
func scanFacts(t, eq fact, facts []fact) (bool, bool) {
	for _, f := range facts {
		if f&^factRes == t {
			return f.res(), true
		}
		if f&factLow == eq {
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
// base followed by more (extended with each outcome found, within its
// capacity: one fact per step) and returns where it ends.
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
		r, ok := o.outcome(t, base, more)
		if !ok {
			break
		}
		tf, _ := t.fact(r)
		more = append(more, tf)
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
	// Blocks are reused from compile to compile: forget the previous
	// graph's roots.
	o.orderOf, o.predsOf = nil, nil
	o.nblocks = nblocks
	o.tab.init(2 * nblocks)
	// The work budget bounds the time spent moving branches on huge
	// filters; when it runs out the program is left less optimized.
	o.budget = optBudget
	o.topo(root)
	o.number()
	// settled is set while the graph is known to be one in which a pass
	// moves no edge (see below): the pass then only computes the facts
	// and takes from the budget what the threading would, or, once the
	// budget cannot run out (budgetSafe), does nothing.
	settled := false
	o.budgetSafe = nblocks < maxFacts && int64(o.budget) > maxIters*iterCost(nblocks)
	for iter := 0; iter < maxIters && o.budget > 0; iter++ {
		if o.orderOf != root {
			o.topo(root)
		}
		if settled && !o.budgetSafe && nblocks < maxFacts && int64(o.budget) > int64(maxIters-iter)*iterCost(nblocks) {
			o.budgetSafe = true
		}
		changed := o.threadPass(settled)
		if o.budget <= 0 {
			o.again = true
		}
		// Another pass finds nothing new when this one moved edges
		// only: every block's facts are computed from predecessors
		// already threaded, and an edge moved to the end of a chain
		// stops at a block whose outcome stays unknown, unless that
		// block's branches have since merged, a chain was cut by
		// maxThreadSteps or the budget, or facts were dropped at
		// maxFacts (the next pass may list them in another order).
		// The graph is then settled: a pass over it moves no edge.
		// (Live programs are left out: their chains may go past
		// blocks that store.)
		settled = !o.again && !o.live
		o.tamePulls = settled
		if o.pullups(root) {
			changed = true
			o.again = true
			o.orderOf, o.predsOf = nil, nil
			// Pull-ups that give no edge facts deciding the test it
			// leads to leave a settled graph settled (see
			// tameCommon): the next pass then needs only the facts,
			// for the budget and for the next pull-ups.
			settled = settled && o.tamePulls
		}
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

// threadPass makes one pass of jump threading over the blocks in
// o.order and reports whether it moved an edge. In a settled graph,
// where every edge leads to a block whose test the facts leave open, it
// only computes the facts, and takes from the budget what thread would
// for its one step per edge.
func (o *optimizer) threadPass(settled bool) bool {
	if settled && o.budgetSafe && !o.checkSettled {
		// The facts would be those of the last pass but for the
		// changes of the pull-ups since, which tameAtTop allows for;
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
	// The facts thread learns along a chain: the outcome of the test of
	// the block the edge leaves, and one per step.
	var buf [1 + maxThreadSteps]fact
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
			b.facts, b.fstart = nil, 0
		} else if !o.blockFacts(b) {
			b.dead = true
			o.predsOf = nil // topo clears the flag
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
			more := buf[:0]
			if tf, known := b.fact(side); known {
				more = append(more, tf)
			}
			if settled && !o.checkSettled {
				// thread would stop at s after one step.
				o.budget -= len(b.facts) + len(more)
				continue
			}
			t := o.thread(s, b.facts, more)
			if t != s {
				if settled {
					o.settledMoved = true
				}
				if side {
					b.jt = t
				} else {
					b.jf = t
				}
				o.addPred(t, edge{b, side})
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
		res, ok := o.outcome(r, nil, nil)
		if !ok {
			break
		}
		r = succ(r, res)
	}
	if r == root || r.code == clsRET|retK {
		return r
	}
	// The statements go to a buffer of the optimizer: only emit reads
	// them, before the next compile.
	o.rootStmts = append(append(o.rootStmts[:0], root.stmts...), r.stmts...)
	r.stmts = o.rootStmts
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
		o.orderOf, o.predsOf = nil, nil
	}
	return canon(root)
}

// dropRedundant removes the statements of b that load a register with
// the value it already holds, stepping st from the block's entry values
// to its exit values. (values runs it as it goes: a statement dropped
// changes no value, so the values of the blocks after are the same.)
func (o *optimizer) dropRedundant(b *block, st *regs) {
	if o.live && b.jumps {
		for _, s := range b.stmts {
			o.step(s, st)
		}
		return
	}
	// The statements kept move down in place: n of them so far.
	stmts, n := b.stmts, 0
	for _, s := range stmts {
		if o.live && bpfClass(s.code) == clsLD && bpfMode(s.code) == mIND && o.isConst(st.x) {
			s = stmt{clsLD | bpfSize(s.code) | mABS, s.k + o.vals[st.x].k}
		}
		if !o.step(s, st) {
			stmts[n] = s
			n++
		}
	}
	b.stmts = stmts[:n]
}
