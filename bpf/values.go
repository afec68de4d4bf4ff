package bpf

// Value numbering: the values registers hold, the facts blocks test, and
// the statements and blocks that repeat others.

import "slices"

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
	// Each block, once stepped, merges its exit values into the entry
	// values of its successors (kept in their exit until they are
	// stepped: they come after it in o.order), the first to reach a
	// successor copying them. What all the predecessors agree on does
	// not depend on the order of the merges.
	o.mark++
	reached := int32(o.mark)
	for i, b := range o.order {
		// The values are merged and stepped in place, in b's exit.
		st := &o.exit[i]
		if i == 0 {
			*st = unknownRegs
			a, x := o.konst(0), o.konst(0)
			if !o.live {
				st.a, st.x = a, x
			}
		}
		if o.live {
			o.ent[i] = [2]int32{st.a, st.x} // for deadStores
		}
		o.dropRedundant(b, st)
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
	if !o.usesMem || ex.m == st.m {
		// Memory is unknown everywhere, or the same.
		return
	}
	for j := range st.m {
		if ex.m[j] != st.m[j] {
			st.m[j] = unknown
		}
	}
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
