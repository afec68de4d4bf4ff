package bpf

// Value numbering: the values registers hold, the facts blocks test, and
// the statements and blocks that repeat others.

import (
	"math/bits"
	"slices"
)

type valInfo struct {
	isConst bool
	k       uint32
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
	// For a given code, each operand is always a constant or always a
	// value number (at least -1): 32 bits keep either.
	ab := uint64(uint32(a)) | uint64(uint32(b))<<32
	tag := uint64(t.gen)<<16 | uint64(code)
	e := t.find(tag, ab)
	if e.tag == tag {
		return e.id
	}
	v := o.fresh()
	*e = ventry{tag: tag, ab: ab, id: v}
	t.inserted()
	return v
}

// valTable is an open-addressing hash table from value keys to value
// numbers. Entries of an earlier generation (compile) are free, so that
// starting a compile does not clear the table.
type valTable struct {
	ents  []ventry
	moved []ventry // grow's copy of the entries
	gen   uint32
	n     int
	shift uint8 // the top bits of a hash index the table
}

type ventry struct {
	tag uint64 // the generation, above the code
	ab  uint64 // the operands, packed
	id  int32
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

// The tables of a workspace keep the memory of the largest compile, but
// a compile uses only the part its size calls for: spread over the whole
// memory, the few entries of a small filter would each take a cache line
// of their own.

func (t *valTable) init(size int) {
	n := tableSize(size)
	t.gen++
	if cap(t.ents) < n || t.gen == 0 {
		t.ents = make([]ventry, max(n, cap(t.ents)))
		t.gen = 1
	}
	t.ents = t.ents[:n]
	t.n = 0
	t.shift = uint8(65 - bits.Len(uint(n)))
}

// find returns the entry of the value (tag, ab) if it is in the table,
// else the free entry for it.
func (t *valTable) find(tag, ab uint64) *ventry {
	mask := len(t.ents) - 1
	i := int(((ab^tag<<48)*0x9e3779b97f4a7c15)>>(t.shift&63)) & mask
	for {
		e := &t.ents[i]
		if e.tag == tag && e.ab == ab || uint32(e.tag>>16) != t.gen {
			return e
		}
		i = (i + 1) & mask
	}
}

// inserted counts an entry just inserted, and grows the table when
// it is half full.
func (t *valTable) inserted() {
	if t.n++; 2*t.n > len(t.ents) {
		t.grow()
	}
}

// grow doubles the size of the table. Within the memory it has, the
// entries move to a new generation, through t.moved.
func (t *valTable) grow() {
	old := t.ents
	n := 2 * len(old)
	t.shift--
	if cap(old) < n || t.gen+1 == 0 {
		t.ents = make([]ventry, n)
		for _, e := range old {
			if uint32(e.tag>>16) == t.gen {
				*t.find(e.tag, e.ab) = e
			}
		}
		return
	}
	moved := t.moved[:0]
	for _, e := range old {
		if uint32(e.tag>>16) == t.gen {
			moved = append(moved, e)
		}
	}
	t.moved = moved
	t.gen++
	t.ents = old[:n]
	for _, e := range moved {
		e.tag = uint64(t.gen)<<16 | e.tag&0xffff
		*t.find(e.tag, e.ab) = e
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

// stmtSum sums up a block's statements for values (block.vs). They are
// local when each reads only registers an earlier one of the block sets,
// and none reads or writes memory or jumps: they then load the values
// number found, whatever the registers hold at the block's entry. A
// local statement that loads a register with the value it holds is the
// first of the block to set that register (number finds the others
// loading a value set in the block, and the statements are then not
// local): it is dropped when the register holds that value at entry.
type stmtSum struct {
	local bool
	set   uint8 // the registers the statements set (sumA, sumX)
	// ia is the index of the first statement setting A if it loads a
	// known value, and va that value; else va is noValue (which no
	// register holds). ix and vx are those of X. (Blocks of more than
	// maxSumIndex+1 statements are not local.)
	ia, ix int16
	va, vx int32
}

// noValue is a value number no register holds.
const noValue int32 = -2

const maxSumIndex = 1<<15 - 1

// Registers of stmtRegs; sumOther stands for memory and jumps.
const (
	sumA uint8 = 1 << iota
	sumX
	sumOther
)

// stmtRegs returns the registers statement s reads and sets, as step
// computes it; statements that read or write memory, jump, or load in a
// mode step gives no value for read sumOther.
func stmtRegs(s stmt) (use, def uint8) {
	r := stmtRegsTab[uint8(s.code)]
	return r >> 4, r & 0xf
}

// stmtRegsTab holds what stmtRegs returns for each code (class, mode,
// operation and source are in its low byte), the registers read in the
// high half.
var stmtRegsTab = func() (tab [256]uint8) {
	for c := range tab {
		use, def := codeRegs(uint16(c))
		tab[c] = use<<4 | def
	}
	return tab
}()

// codeRegs is stmtRegs for a statement of the given code.
func codeRegs(code uint16) (use, def uint8) {
	switch bpfClass(code) {
	case clsLD:
		switch bpfMode(code) {
		case mIMM, mLEN, mABS:
			return 0, sumA
		case mIND:
			return sumX, sumA
		}
	case clsLDX:
		switch bpfMode(code) {
		case mIMM, mLEN, mMSH:
			return 0, sumX
		}
	case clsALU:
		if bpfOp(code) != aluNEG && bpfSrc(code) == srcX {
			return sumA | sumX, sumA
		}
		return sumA, sumA
	case clsMISC:
		if code&0xf8 == miscTXA {
			return sumX, sumA
		}
		return sumA, sumX
	}
	return sumOther, 0
}

// number computes the values each block tests, from the block alone
// (registers unknown at entry), and notes blocks that store to memory
// (and the slots they store to) and blocks whose statements jump. It
// also sums up the statements for values (block.vs, block.sid).
func (o *optimizer) number() {
	o.usesMem, o.memSlots = false, 0
	m := &o.nmemo
	m.init(len(o.order))
	for _, b := range o.order {
		// Most blocks repeat the statements of others (the loads of
		// the EtherType, the protocol, a port): their values are
		// looked up, and so are their facts when one of the last
		// blocks with the same statements made the same test. (The
		// facts of a test whose values are unknown are not read.)
		var e *memoEntry
		var id int32
		if n := len(b.stmts); n == 1 || n == 2 {
			// find, written out for the first entry probed, when it
			// holds the statements or is free (mostly).
			s0, s1 := packStmt(b.stmts[0]), packStmt(b.stmts[n-1])|uint64(n)<<48
			id = int32(m.slot(s0, s1))
			if e = &m.ents[id]; e.gen != m.gen {
				e.s0, e.s1 = s0, s1
			} else if e.s0 != s0 || e.s1 != s1 {
				e, id = m.find(b)
			}
		} else if n > 2 && b.gid != 0 {
			e, id = m.findNamed(b)
		} else {
			e, id = m.find(b)
		}
		b.sid = id
		test := uint64(b.code)<<32 | uint64(b.k)
		if e.gen == m.gen {
			b.hasSt, b.jumps = e.hasSt, e.jumps
			b.tv, b.tx, b.vs = e.tv, e.tx, e.vs
			if e.hasSt {
				o.usesMem = true
				o.memSlots |= e.slots
			}
			var t *memoTest
			switch test {
			case e.tests[0].test:
				t = &e.tests[0]
			case e.tests[1].test:
				t = &e.tests[1]
			case e.tests[2].test:
				t = &e.tests[2]
			default:
				o.setTest(b)
				if e.next++; e.next == memoTests {
					e.next = 0
				}
				e.tests[e.next] = memoTest{test, b.tkind, b.tf, b.tq, b.teq}
				continue
			}
			b.tkind, b.tf, b.tq, b.teq = t.kind, t.f, t.q, t.eq
			continue
		}
		b.hasSt, b.jumps = false, false
		var slots uint16
		st := unknownRegs
		// Live programs keep their values in memory: values steps
		// their statements.
		sum := stmtSum{local: !o.live, va: noValue, vx: noValue}
		for i, s := range b.stmts {
			switch bpfClass(s.code) {
			case clsST, clsSTX:
				b.hasSt = true
				o.usesMem = true
				slots |= 1 << (s.k & 15)
			case clsJMP:
				b.jumps = true
			}
			same := o.step(s, &st)
			if !sum.local {
				continue
			}
			use, def := stmtRegs(s)
			switch {
			case same || use&^sum.set != 0 || i > maxSumIndex:
				sum.local = false
			case def == sumA && sum.set&sumA == 0:
				if st.a >= 0 {
					sum.ia, sum.va = int16(i), st.a
				}
			case def == sumX && sum.set&sumX == 0:
				if st.x >= 0 {
					sum.ix, sum.vx = int16(i), st.x
				}
			}
			sum.set |= def
		}
		b.tv, b.tx, b.vs = st.a, st.x, sum
		o.setTest(b)
		e.gen, e.rep = m.gen, b
		e.hasSt, e.jumps, e.slots = b.hasSt, b.jumps, slots
		o.memSlots |= slots
		e.tv, e.tx, e.vs = b.tv, b.tx, b.vs
		e.tests[0] = memoTest{test, b.tkind, b.tf, b.tq, b.teq}
		e.tests[1].test, e.tests[2].test, e.next = noTest, noTest, 0
	}
}

// stmtMemo is number's table of what it computes from a block's
// statements: an open-addressing hash table from the statements to the
// values in A and X after them, with the facts of the last test made on
// these values (entries of an earlier generation are free).
type stmtMemo struct {
	ents  []memoEntry
	gen   uint32
	shift uint8 // the top bits of a hash index the table
	// named[g] is the index of the entry of the statements of id g
	// (block.gid) once findNamed has found it, if its gen is the
	// memo's. (Its entries hold no generation to come: init empties it
	// when it starts the generations over.)
	named []namedEntry
}

type namedEntry struct {
	gen uint32
	sid int32
}

type memoEntry struct {
	gen uint32
	// The first and last statements, packed (see packStmt), the number
	// of statements in s1's top bits, and a block with these
	// statements (compared when there are more than two).
	s0, s1 uint64
	rep    *block
	// What number computed for rep's statements.
	tv, tx       int32
	vs           stmtSum
	hasSt, jumps bool
	slots        uint16 // the memory slots the statements store to
	// The last tests made on these values (the jump and constant,
	// packed, or noTest), and their facts as setTest computed them; the
	// newest is tests[next].
	tests [memoTests]memoTest
	next  uint8
}

// memoTests is the number of tests a memo entry keeps: the protocol
// tests of a port are three (SCTP, TCP, UDP).
const memoTests = 3

// noTest is no packed test (a code has 16 bits).
const noTest = ^uint64(0)

type memoTest struct {
	test     uint64
	kind     uint8
	f, q, eq fact
}

func (m *stmtMemo) init(size int) {
	n := tableSize(size)
	m.gen++
	if cap(m.ents) < n || m.gen == 0 {
		m.ents = make([]memoEntry, max(n, cap(m.ents)))
		m.named = m.named[:0]
		m.gen = 1
	}
	m.ents = m.ents[:n]
	m.shift = uint8(65 - bits.Len(uint(n)))
}

// findNamed is find for the statements of b, of more than two, when the
// generator named them (b.gid): after the first block with the id, they
// are found without hashing them whole. Their entry is checked to begin
// and end as they do (see block.gid).
func (m *stmtMemo) findNamed(b *block) (*memoEntry, int32) {
	stmts, g := b.stmts, int(b.gid)
	if len(stmts) != cap(stmts) {
		return m.findLong(stmts)
	}
	if g >= len(m.named) {
		m.named = append(m.named, make([]namedEntry, g+1-len(m.named))...)
	}
	r := &m.named[g]
	if r.gen == m.gen {
		e := &m.ents[r.sid]
		n := len(stmts)
		if e.s0 == packStmt(stmts[0]) && e.s1 == packStmt(stmts[n-1])|uint64(min(n, 0xffff))<<48 {
			return e, r.sid
		}
		return m.findLong(stmts)
	}
	e, id := m.findLong(stmts)
	*r = namedEntry{m.gen, id}
	return e, id
}

func packStmt(s stmt) uint64 { return uint64(s.code)<<32 | uint64(s.k) }

// find returns the entry of b's statements, or the free one for them,
// its key set, and its index.
func (m *stmtMemo) find(b *block) (*memoEntry, int32) {
	stmts := b.stmts
	n := len(stmts)
	if n > 2 {
		return m.findLong(stmts)
	}
	var s0, s1 uint64
	if n > 0 {
		// The number of statements goes above the last's code.
		s0, s1 = packStmt(stmts[0]), packStmt(stmts[n-1])|uint64(n)<<48
	}
	mask := len(m.ents) - 1
	i := m.slot(s0, s1)
	for {
		e := &m.ents[i]
		if e.gen != m.gen {
			e.s0, e.s1 = s0, s1
			return e, int32(i)
		}
		if e.s0 == s0 && e.s1 == s1 {
			return e, int32(i)
		}
		i = (i + 1) & mask
	}
}

// slot returns the index of the first entry find probes for the key of
// at most two statements.
func (m *stmtMemo) slot(s0, s1 uint64) int {
	return int(((s0^s1<<7)*0x9e3779b97f4a7c15)>>(m.shift&63)) & (len(m.ents) - 1)
}

// findLong is find for more than two statements. (The number in s1 is
// capped, and compared with rep's.)
func (m *stmtMemo) findLong(stmts []stmt) (*memoEntry, int32) {
	n := len(stmts)
	s0, s1 := packStmt(stmts[0]), packStmt(stmts[n-1])|uint64(min(n, 0xffff))<<48
	h := (s0 ^ s1<<7) * 0x9e3779b97f4a7c15
	for _, s := range stmts[1 : n-1] {
		h = (h ^ packStmt(s)) * 0x9e3779b97f4a7c15
	}
	mask := len(m.ents) - 1
	i := int(h>>(m.shift&63)) & mask
	for {
		e := &m.ents[i]
		if e.gen != m.gen {
			e.s0, e.s1 = s0, s1
			return e, int32(i)
		}
		if e.s0 == s0 && e.s1 == s1 && len(e.rep.stmts) == n && slices.Equal(e.rep.stmts[1:n-1], stmts[1:n-1]) {
			return e, int32(i)
		}
		i = (i + 1) & mask
	}
}

// values numbers the register values at entry and exit of every block,
// merging what all predecessors agree on, and drops the statements that
// change nothing (dropRedundant). Programs that use no memory take
// valuesAX; for the others, the blocks stepped are looked up (valsMemo).
//
// Each block, once stepped, merges its exit values into the entry values
// of its successors (kept in their exit until they are stepped: they come
// after it in o.order), the first to reach a successor copying them. What
// all the predecessors agree on does not depend on the order of the
// merges.
func (o *optimizer) values() {
	n := len(o.order)
	o.mark++
	reached := int32(o.mark)
	if !o.live && !o.usesMem {
		o.valuesAX(reached)
		return
	}
	if cap(o.exit) < n {
		o.ent = make([][2]int32, n)
		o.exit = make([]regs, n)
	}
	o.ent, o.exit = o.ent[:n], o.exit[:n]
	vm := &o.vmemo
	vm.init(n, o.memSlots)
	for i, b := range o.order {
		// The values are merged and stepped in place, in b's exit.
		st := &o.exit[i]
		if i == 0 {
			*st = unknownRegs
			a, x := o.konst(0), o.konst(0)
			if !o.live {
				st.a, st.x = a, x
			}
		} else if b.code == clsRET|retK && len(b.stmts) == 0 {
			continue // see valuesAX (deadStores skips returns)
		}
		if o.live {
			o.ent[i] = [2]int32{st.a, st.x} // for deadStores
		}
		// Blocks with the same statements and the same values at
		// entry keep the same statements, with the same values at
		// exit: those of the first are looked up (and its statements
		// copied if dropRedundant changed them). Stepping them again
		// would number no new value.
		if e := vm.find(b.sid, st); e.gen == vm.gen {
			if e.changed {
				b.stmts = b.stmts[:copy(b.stmts, e.rep.stmts)]
			}
			*st = e.exit
		} else {
			n := len(b.stmts)
			vm.rewrote = false
			o.dropRedundant(b, st)
			e.gen, e.rep, e.exit = vm.gen, b, *st
			e.changed = vm.rewrote || len(b.stmts) != n
		}
		if b.code != clsRET|retK {
			o.mergeExit(b.jt, st, reached)
			o.mergeExit(b.jf, st, reached)
		}
	}
}

// mergeExit merges ex, the exit values of a predecessor of s, into the
// entry values of s (see values); s is marked reached once it has them.
func (o *optimizer) mergeExit(s *block, ex *regs, reached int32) {
	st := &o.exit[s.order]
	if s.mark != reached {
		s.mark = reached
		*st = *ex
		return
	}
	if ex.a != st.a {
		st.a = unknown
	}
	if ex.x != st.x {
		st.x = unknown
	}
	// The slots no block stores to are unknown in both.
	for slots := o.memSlots; slots != 0; slots &= slots - 1 {
		if j := bits.TrailingZeros16(slots); ex.m[j] != st.m[j] {
			st.m[j] = unknown
		}
	}
}

// valsMemo is values' table of the blocks it has stepped: an
// open-addressing hash table from a block's statements (their entry in
// number's memo, block.sid) and the register values at its entry to the
// block, whose statements dropRedundant has reduced, and to the values
// at its exit. Entries of an earlier generation are free.
type valsMemo struct {
	ents  []valsEntry
	gen   uint32
	shift uint8 // the top bits of a hash index the table
	// slots has the memory slots blocks store to (optimizer.memSlots):
	// the others are unknown in every entry.
	slots uint16
	// rewrote is set by dropRedundant when it turns a statement into
	// another (see valsEntry.changed).
	rewrote bool
}

type valsEntry struct {
	gen       uint32
	sid       int32
	ent, exit regs
	rep       *block
	changed   bool // dropRedundant dropped or rewrote some of rep's statements
}

func (m *valsMemo) init(size int, slots uint16) {
	m.slots = slots
	n := tableSize(size)
	m.gen++
	if cap(m.ents) < n || m.gen == 0 {
		m.ents = make([]valsEntry, max(n, cap(m.ents)))
		m.gen = 1
	}
	m.ents = m.ents[:n]
	m.shift = uint8(65 - bits.Len(uint(n)))
}

// find returns the entry of the statements sid with the values st at
// entry, or the free one for them, its key set.
func (m *valsMemo) find(sid int32, st *regs) *valsEntry {
	// Memory mostly holds the same values at the entries of the
	// blocks with the same statements, A and X less so: only these
	// are hashed.
	h := (uint64(sid) ^ uint64(uint32(st.a))<<20 ^ uint64(uint32(st.x))<<42) * 0x9e3779b97f4a7c15
	mask := len(m.ents) - 1
	i := int(h>>(m.shift&63)) & mask
	for {
		e := &m.ents[i]
		if e.gen != m.gen {
			e.sid, e.ent = sid, *st
			return e
		}
		if e.sid == sid && e.ent.a == st.a && e.ent.x == st.x && sameSlots(&e.ent, st, m.slots) {
			return e
		}
		i = (i + 1) & mask
	}
}

// sameSlots reports whether r and q hold the same values in the memory
// slots of mask.
func sameSlots(r, q *regs, mask uint16) bool {
	for ; mask != 0; mask &= mask - 1 {
		if j := bits.TrailingZeros16(mask); r.m[j] != q.m[j] {
			return false
		}
	}
	return true
}

// valuesAX is values for programs that do not use memory (every memory
// slot is unknown everywhere): only the values of A and X are merged, in
// block.exitAX (a block's entry values until it is stepped, then its
// exit values), and the blocks whose statements are local (see stmtSum)
// are not stepped. reached marks the blocks a predecessor has merged
// into.
func (o *optimizer) valuesAX(reached int32) {
	for i, b := range o.order {
		ax := b.exitAX
		if i == 0 {
			a, x := o.konst(0), o.konst(0)
			ax = uint64(uint32(a)) | uint64(uint32(x))<<32
		} else if b.code == clsRET|retK && len(b.stmts) == 0 {
			// Nothing to drop, and no successor reads its values
			// (mostly, the two returns of the whole program, with
			// many predecessors).
			continue
		}
		if vs := &b.vs; !vs.local {
			st := unknownRegs
			st.a, st.x = int32(ax), int32(ax>>32)
			o.dropRedundant(b, &st)
			ax = uint64(uint32(st.a)) | uint64(uint32(st.x))<<32
		} else {
			// The statements dropped, the later first.
			if da, dx := int32(ax) == vs.va, int32(ax>>32) == vs.vx; da || dx {
				if da && dx && vs.ia < vs.ix {
					b.stmts = dropStmt(b.stmts, vs.ix)
					dx = false
				}
				if da {
					b.stmts = dropStmt(b.stmts, vs.ia)
				}
				if dx {
					b.stmts = dropStmt(b.stmts, vs.ix)
				}
			}
			// The registers the statements set hold what number
			// found at exit.
			switch vs.set {
			case sumA:
				ax = ax&^(1<<32-1) | uint64(uint32(b.tv))
			case sumX:
				ax = uint64(uint32(ax)) | uint64(uint32(b.tx))<<32
			case sumA | sumX:
				ax = uint64(uint32(b.tv)) | uint64(uint32(b.tx))<<32
			}
		}
		b.exitAX = ax
		if b.code != clsRET|retK {
			mergeAX(b.jt, ax, reached)
			mergeAX(b.jf, ax, reached)
		}
	}
}

// mergeAX merges ax, the exit values of A and X of a predecessor of s,
// into the entry values of s (see valuesAX): a half that differs
// becomes unknown (all ones).
func mergeAX(s *block, ax uint64, reached int32) {
	if s.mark != reached {
		s.mark, s.exitAX = reached, ax
		return
	}
	if d := s.exitAX ^ ax; d != 0 {
		if uint32(d) != 0 {
			s.exitAX |= 1<<32 - 1 // unknown
		}
		if d>>32 != 0 {
			s.exitAX |= (1<<32 - 1) << 32
		}
	}
}

// dropStmt removes statement i of stmts. The first and the last are cut
// off; the others move down in place.
func dropStmt(stmts []stmt, i int16) []stmt {
	n := len(stmts) - 1
	switch int(i) {
	case 0:
		return stmts[1:]
	case n:
		return stmts[:n]
	}
	copy(stmts[i:], stmts[i+1:])
	return stmts[:n]
}

// dedup merges blocks with the same statements, test and successors.
// The blocks are visited from the returns up, so that a block's
// successors are already merged when it is; the first block found with
// a key keeps it. The table holds indices into o.order plus one.
func (o *optimizer) dedup(root *block) *block {
	size, shift := 16, 60
	for size < 2*len(o.order) {
		size <<= 1
		shift--
	}
	if cap(o.dtab) < size {
		o.dtab = make([]int32, size)
	}
	tab := o.dtab[:size]
	clear(tab)
	mask := size - 1
	merged := false
	order := o.order
	for i := len(order) - 1; i >= 0; i-- {
		b := order[i]
		// The key hashed is the successors, the test and the first
		// statement (blocks differing only in others are rare).
		h := uint64(b.k)<<16 | uint64(b.code)
		if b.code != clsRET|retK {
			if d := b.jt.dup; d != nil {
				b.jt = d
			}
			if d := b.jf.dup; d != nil {
				b.jf = d
			}
			h ^= (uint64(uint32(b.jt.order)) | uint64(uint32(b.jf.order))<<32) * 0xbf58476d1ce4e5b9
		}
		if n := len(b.stmts); n > 0 {
			h ^= packStmt(b.stmts[0])<<8 ^ uint64(n)
		}
		h *= 0x9e3779b97f4a7c15
		j := int(h>>(shift&63)) & mask
		var dup *block
		for ; tab[j] != 0; j = (j + 1) & mask {
			c := order[tab[j]-1]
			if c.code == b.code && c.k == b.k && c.jt == b.jt && c.jf == b.jf && slices.Equal(c.stmts, b.stmts) {
				dup = c
				break
			}
		}
		// Only b's predecessors, after it, read b.dup.
		if b.dup = dup; dup == nil {
			tab[j] = int32(i + 1)
		} else {
			merged = true
		}
	}
	if merged {
		o.orderOf, o.predsOf = nil, nil
	}
	if root.dup != nil {
		return root.dup
	}
	return root
}

// dropRedundant removes the statements of b that load a register with
// the value it already holds, stepping st from the block's entry values
// to its exit values. Live programs also turn indexed loads into
// absolute ones (setting vmemo.rewrote). (values runs it as it goes: a
// statement dropped changes no value, so the values of the blocks after
// are the same.)
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
			o.vmemo.rewrote = true
		}
		if !o.step(s, st) {
			stmts[n] = s
			n++
		}
	}
	b.stmts = stmts[:n]
}
