package bpf

import "testing"

// TestStmtMemoNamed checks that number's memo finds the statements of
// a named list (block.gid) by the id only while they are those named:
// a list shortened (by a pass that drops statements) or made anew with
// statements in front (the offsets of live programs) is found by hash.
func TestStmtMemoNamed(t *testing.T) {
	var m stmtMemo
	m.init(16)
	list := func(pre ...stmt) []stmt {
		s := append(pre, stmt{clsLDX | mMEM, 0}, stmt{clsLD | szB | mIND, 14},
			stmt{clsALU | aluAND | srcK, 0xf}, stmt{clsLD | szH | mIND, 16})
		return s[:len(s):len(s)]
	}
	mk := func(gid int32, stmts []stmt) *block { return &block{gid: gid, stmts: stmts} }
	fill := func(b *block) (*memoEntry, int32) {
		e, id := m.findNamed(b)
		if e.gen != m.gen {
			e.gen, e.rep = m.gen, b
		}
		return e, id
	}
	_, id1 := fill(mk(3, list()))
	if _, id := fill(mk(3, list())); id != id1 {
		t.Fatal("blocks with the same named statements have different entries")
	}
	if _, id := m.find(mk(0, list())); id != id1 {
		t.Fatal("the hash does not find the entry of named statements")
	}
	short := list()
	short = short[:len(short)-1]
	if _, id := fill(mk(3, short)); id == id1 {
		t.Fatal("a shortened list has the entry of the list named")
	}
	pre := list(stmt{clsLD | mIMM, 0}, stmt{clsST, 0})
	_, idPre := fill(mk(3, pre))
	if idPre == id1 {
		t.Fatal("a list with statements in front has the entry of the list named")
	}
	if _, id := fill(mk(3, list())); id != id1 {
		t.Fatal("the list named lost its entry")
	}
	// A list made anew first: the one named after it has its own entry.
	m.init(16)
	_, idPre = fill(mk(5, pre))
	if _, id := fill(mk(5, list())); id == idPre {
		t.Fatal("the list named has the entry of a list with statements in front")
	}
	// The next generation forgets the ids.
	m.init(16)
	mid := list()
	mid[2].k = 0x7
	if e, _ := fill(mk(3, mid)); e.rep.stmts[2].k != 0x7 {
		t.Fatal("an id keeps its entry in the next generation")
	}
	// Generations start over with a larger table: so do the ids.
	m.init(1024)
	if m.gen != 1 || len(m.named) != 0 {
		t.Fatal("the ids outlive the generations")
	}
	if _, id := fill(mk(3, list())); m.named[3] != (namedEntry{m.gen, id}) {
		t.Fatal("the id does not name the entry of its list")
	}
}
