package bpf

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// valuesPool is the statements of the random blocks of TestValuesDrops:
// few offsets and constants, so that blocks repeat loads and values.
var valuesPool = []stmt{
	{clsLD | szH | mABS, 12},
	{clsLD | szB | mABS, 23},
	{clsLD | szH | mABS, 20},
	{clsLD | mIMM, 0},
	{clsLD | mIMM, 4},
	{clsLD | szW | mLEN, 0},
	{clsLD | szH | mIND, 14},
	{clsLD | szH | mIND, 16},
	{clsLDX | mMSH | szB, 14},
	{clsLDX | mIMM, 0},
	{clsLDX | mIMM, 4},
	{clsLDX | mLEN, 0},
	{clsALU | aluADD | srcK, 0},
	{clsALU | aluADD | srcK, 4},
	{clsALU | aluAND | srcK, 0},
	{clsALU | aluADD | srcX, 0},
	{clsALU | aluMUL | srcX, 0},
	{clsALU | aluDIV | srcX, 0},
	{clsALU | aluNEG, 0},
	{clsMISC | miscTAX, 0},
	{clsMISC | miscTXA, 0},
}

// valuesMemPool adds statements that use memory.
var valuesMemPool = []stmt{
	{clsST, 0},
	{clsSTX, 1},
	{clsLD | mMEM, 0},
	{clsLDX | mMEM, 1},
}

// refValues is values as dropRedundant defines it, on copies of the
// blocks' statements: every block's statements are stepped from the
// values its predecessors agree on.
func refValues(o *optimizer, stmts [][]stmt) [][]stmt {
	out := make([][]stmt, len(o.order))
	exit := make([]regs, len(o.order))
	for i, b := range o.order {
		st := unknownRegs
		if i == 0 {
			a, x := o.konst(0), o.konst(0)
			if !o.live {
				st.a, st.x = a, x
			}
		} else {
			preds := o.predList(b)
			st = exit[preds[0].from.order]
			for _, e := range preds[1:] {
				ex := &exit[e.from.order]
				if ex.a != st.a {
					st.a = unknown
				}
				if ex.x != st.x {
					st.x = unknown
				}
				for j := range st.m {
					if ex.m[j] != st.m[j] {
						st.m[j] = unknown
					}
				}
			}
		}
		c := &block{code: b.code, k: b.k, jumps: b.jumps, stmts: slices.Clone(stmts[i])}
		o.dropRedundant(c, &st)
		out[i] = c.stmts
		exit[i] = st
	}
	return out
}

// TestValuesDrops checks values (the summaries of local statements that
// valuesAX applies without stepping them, and the table of blocks
// stepped that values looks up) against stepping every block, on random
// graphs of blocks that repeat statements.
func TestValuesDrops(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	o := new(optimizer)
	local := 0
	for iter := range 20000 {
		pool := valuesPool
		if iter%4 == 3 {
			pool = append(slices.Clip(valuesPool), valuesMemPool...)
		}
		o.live = iter%8 == 7
		// Blocks 0..n-1 test; each jumps to later blocks or to one of
		// two returns. A few statement lists are shared between them.
		n := 2 + r.IntN(6)
		lists := make([][]stmt, 1+r.IntN(3))
		for i := range lists {
			l := make([]stmt, 1+r.IntN(4))
			for j := range l {
				l[j] = pool[r.IntN(len(pool))]
			}
			lists[i] = l
		}
		blocks := make([]*block, n+2)
		for i := range blocks {
			blocks[i] = &block{code: clsRET | retK}
		}
		blocks[n+1].k = 1
		for i := range n {
			b := blocks[i]
			b.code, b.k = jeq, uint32(r.IntN(3))
			b.stmts = slices.Clone(lists[r.IntN(len(lists))])
			b.jt = blocks[i+1+r.IntN(n+1-i)]
			b.jf = blocks[i+1+r.IntN(n+1-i)]
			b.head = b
		}
		o.nblocks, o.nlisted = len(blocks), len(blocks)
		o.vals = o.vals[:0]
		o.tab.init(2 * o.nblocks)
		o.orderOf, o.predsOf = nil, nil
		o.topo(blocks[0])
		o.number()
		orig := make([][]stmt, len(o.order))
		for i, b := range o.order {
			orig[i] = slices.Clone(b.stmts)
			if b.vs.local {
				local++
			}
		}
		want := refValues(o, orig)
		o.values()
		for i, b := range o.order {
			if !slices.Equal(b.stmts, want[i]) {
				t.Fatalf("iteration %d (live %v), block %d of %d: statements %v, want %v (from %v)", iter, o.live, i, len(o.order), b.stmts, want[i], orig[i])
			}
		}
	}
	if local < 10000 {
		t.Errorf("only %d blocks with local statements", local)
	}
}

// TestValTableGrows checks that the value table keeps its numbers as it
// grows past its initial size.
func TestValTableGrows(t *testing.T) {
	o := new(optimizer)
	for range 2 {
		o.vals = o.vals[:0]
		o.tab.init(1)
		const n = 5000
		for i := range n {
			if v := o.val(clsLD|szB|mABS, int64(i), 0); v != int32(i) {
				t.Fatalf("load %d numbered %d", i, v)
			}
		}
		for i := range n {
			if v := o.val(clsALU|aluADD, int64(i), int64(unknown)); v != int32(n+i) {
				t.Fatalf("sum %d numbered %d", i, v)
			}
		}
		for i := range n {
			if v := o.val(clsLD|szB|mABS, int64(i), 0); v != int32(i) {
				t.Fatalf("load %d found as %d", i, v)
			}
			if v := o.val(clsALU|aluADD, int64(i), int64(unknown)); v != int32(n+i) {
				t.Fatalf("sum %d found as %d", i, v)
			}
		}
		if len(o.vals) != 2*n {
			t.Fatalf("%d values numbered, want %d", len(o.vals), 2*n)
		}
	}
}

// TestStmtMemoLong checks that number's memo tells apart blocks of more
// than two statements that differ only in the middle ones.
func TestStmtMemoLong(t *testing.T) {
	var m stmtMemo
	m.init(8)
	mk := func(k uint32) *block {
		return &block{stmts: []stmt{{clsLD | szB | mABS, 1}, {clsLD | szB | mABS, k}, {clsLD | szB | mABS, 3}}}
	}
	b1, b2, b3 := mk(2), mk(7), mk(2)
	e1, i1 := m.find(b1)
	e1.gen, e1.rep = m.gen, b1
	e2, i2 := m.find(b2)
	if e2.gen == m.gen || i2 == i1 {
		t.Fatal("blocks with different statements share an entry")
	}
	e2.gen, e2.rep = m.gen, b2
	if _, i3 := m.find(b3); i3 != i1 {
		t.Fatal("blocks with the same statements have different entries")
	}
}

// TestStmtRegsTab checks that the table of stmtRegs gives what codeRegs
// computes for every code, which reads only the low byte.
func TestStmtRegsTab(t *testing.T) {
	for c := 0; c <= 0xffff; c++ {
		use, def := stmtRegs(stmt{code: uint16(c)})
		if wu, wd := codeRegs(uint16(c)); use != wu || def != wd {
			t.Fatalf("stmtRegs(%#x) = %d, %d, want %d, %d", c, use, def, wu, wd)
		}
	}
}

// TestSameSlots checks that the values' memo compares exactly the
// memory slots of its mask.
func TestSameSlots(t *testing.T) {
	r, q := unknownRegs, unknownRegs
	r.m[3], q.m[3] = 7, 7
	r.m[9] = 5
	if !sameSlots(&r, &q, 1<<3) || !sameSlots(&r, &q, 0) {
		t.Error("slots holding the same values differ")
	}
	if sameSlots(&r, &q, 1<<3|1<<9) || sameSlots(&r, &q, 1<<9) {
		t.Error("slots holding different values are the same")
	}
}
