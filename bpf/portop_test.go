package bpf

import (
	"slices"
	"testing"
)

// TestPortopQuick checks that the port primitives built directly
// (genPortopQuick, genPortrangeopQuick) make the blocks genPortopJoin
// makes by joining the parts with genAnd and genOr: the same blocks in
// the same order, with the same statements (each slice its own: capacity
// equal to length), tests, senses, links and heads, for every link type,
// with and without the variable offsets of live "vlan", for IPv4 and
// IPv6, every direction, single ports and ranges.
func TestPortopQuick(t *testing.T) {
	n := 0
	for _, lt := range []uint32{1, 113, 276, 12, 228} {
		for _, vl := range []bool{false, true} {
			for _, rel := range []offrel{orTranIPv4, orTranIPv6} {
				for _, dir := range []uint8{0, dSrc, dDst, dOr} {
					for _, proto := range []uint32{6, 17, 132} {
						for _, rng := range []bool{false, true} {
							for _, v2 := range []uint32{100, 1000} {
								mk := func(quick bool) (*workspace, *block) {
									ws := new(workspace)
									c, _ := newCompiler(lt, 100, ws)
									c.vlVar = vl
									c.offLinkpl += 4
									p := &portSpec{rel: rel, v1: 443, rng: rng, v2: v2}
									if quick {
										return ws, c.genPortopQuick(p, proto, dir)
									}
									return ws, c.genPortopJoin(p, proto, dir)
								}
								w1, r1 := mk(true)
								w2, r2 := mk(false)
								if w1.nblocks() != w2.nblocks() {
									t.Fatalf("lt %d vl %v rel %d dir %d proto %d rng %v: %d blocks, joined %d", lt, vl, rel, dir, proto, rng, w1.nblocks(), w2.nblocks())
								}
								nb := w1.nblocks()
								idx := func(w *workspace, b *block) int {
									if b == nil {
										return -1
									}
									for i := 0; i < nb; i++ {
										if &w.bchunks[i/blockChunk][i%blockChunk] == b {
											return i
										}
									}
									return -2
								}
								if idx(w1, r1) != idx(w2, r2) {
									t.Fatalf("lt %d vl %v rel %d dir %d proto %d rng %v: returns block %d, joined %d", lt, vl, rel, dir, proto, rng, idx(w1, r1), idx(w2, r2))
								}
								for i := 0; i < nb; i++ {
									a, b := &w1.bchunks[0][i], &w2.bchunks[0][i]
									if a.code != b.code || a.k != b.k || a.sense != b.sense || !slices.Equal(a.stmts, b.stmts) || cap(a.stmts) != len(a.stmts) ||
										idx(w1, a.jt) != idx(w2, b.jt) || idx(w1, a.jf) != idx(w2, b.jf) || idx(w1, a.head) != idx(w2, b.head) {
										t.Fatalf("lt %d vl %v rel %d dir %d rng %v block %d differs: %+v %+v", lt, vl, rel, dir, rng, i, *a, *b)
									}
									n++
								}
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d blocks compared", n)
}
