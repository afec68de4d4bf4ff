package bpf

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// refListing is a plain depth-first search of the blocks reachable from
// root (false branch first), in reverse postorder, with the predecessor
// entries of each block in the order of the list, the true branch first.
func refListing(root *block) ([]*block, map[*block][][2]any) {
	seen := map[*block]bool{}
	var post []*block
	var visit func(b *block)
	visit = func(b *block) {
		seen[b] = true
		if b.code != clsRET|retK {
			if !seen[b.jf] {
				visit(b.jf)
			}
			if !seen[b.jt] {
				visit(b.jt)
			}
		}
		post = append(post, b)
	}
	visit(root)
	slices.Reverse(post)
	preds := map[*block][][2]any{}
	for _, b := range post {
		if b.code != clsRET|retK {
			preds[b.jt] = append(preds[b.jt], [2]any{b, true})
			preds[b.jf] = append(preds[b.jf], [2]any{b, false})
		}
	}
	return post, preds
}

// randomGraph makes a graph of n blocks whose edges go from a block to
// later ones; the last few are returns. Tests take few values (k), so
// that dedup finds blocks to merge.
func randomGraph(r *rand.Rand, n int) []*block {
	bs := make([]*block, n)
	for i := range bs {
		bs[i] = &block{code: clsJMP | jmpJEQ, k: uint32(r.IntN(3))}
	}
	nret := 1 + r.IntN(min(3, n-1))
	for i := n - nret; i < n; i++ {
		bs[i].code, bs[i].k = clsRET|retK, uint32(r.IntN(2))
	}
	for i := 0; i < n-nret; i++ {
		bs[i].jt = bs[i+1+r.IntN(min(n-i-1, 6))]
		bs[i].jf = bs[i+1+r.IntN(n-i-1)]
	}
	return bs
}

func checkListing(t *testing.T, o *optimizer, root *block, preds bool) {
	t.Helper()
	want, wantPreds := refListing(root)
	if !slices.Equal(o.order, want) {
		t.Fatalf("order differs")
	}
	for i, b := range o.order {
		if b.order != int32(i) || b.dead {
			t.Fatalf("block %d numbered %d, dead %v", i, b.order, b.dead)
		}
	}
	if !preds {
		return
	}
	for _, b := range o.order {
		var got [][2]any
		last := int32(-1)
		for n := b.phead; n >= 0; {
			p, side, next := o.pred(n)
			got = append(got, [2]any{p, side})
			last, n = n, next
		}
		if !slices.Equal(got, wantPreds[b]) || int(b.npred) != len(got) {
			t.Fatalf("block %d: %d predecessors (npred %d), want %d", b.order, len(got), b.npred, len(wantPreds[b]))
		}
		if last >= 0 && last != b.ptail {
			t.Fatalf("block %d: tail %d, want %d", b.order, b.ptail, last)
		}
	}
}

// TestListings checks the order and predecessor lists of topo, listed
// in the search or linked after it, as edges move down the graph (which
// never makes a block reachable again), the lists addPred extends, and
// the order keepCanonical gives a graph dedup merged.
func TestListings(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var o optimizer
	for range 3000 {
		n := 2 + r.IntN(40)
		bs := randomGraph(r, n)
		root := bs[0]
		o.nblocks, o.nlisted, o.orderOf, o.predsOf = n, n, nil, nil
		for step := range 6 {
			if step%2 == 0 {
				o.topo(root)
			} else {
				o.listOrder(root, false)
				checkListing(t, &o, root, false)
				o.topo(root) // links
			}
			checkListing(t, &o, root, true)
			// addPred appends to the lists.
			b := o.order[r.IntN(len(o.order))]
			if b.code != clsRET|retK {
				want := [][2]any{}
				for m := b.jt.phead; m >= 0; {
					p, side, next := o.pred(m)
					want = append(want, [2]any{p, side})
					m = next
				}
				o.addPred(b.jt, b, true)
				want = append(want, [2]any{b, true})
				var got [][2]any
				for m := b.jt.phead; m >= 0; {
					p, side, next := o.pred(m)
					got = append(got, [2]any{p, side})
					m = next
				}
				if !slices.Equal(got, want) {
					t.Fatal("addPred")
				}
				// Move the false branch down its own chain.
				s := b.jf
				for k := r.IntN(3); k > 0 && s.code != clsRET|retK; k-- {
					s = succ(s, r.IntN(2) == 0)
				}
				b.jf = s
			}
			o.orderOf, o.predsOf = nil, nil
		}
		o.listOrder(root, false)
		if d := o.dedup(root); o.orderOf == nil {
			o.keepCanonical(d)
			checkListing(t, &o, d, false)
		}
	}
}

// refLevels lists the blocks (not returns) reachable from root in the
// order the pull-ups visit them: by level from 1 up, each level in the
// reverse of the order a depth-first search visiting the true branch
// first finishes them.
func refLevels(root *block) []*block {
	level := map[*block]int{}
	var byLevel [][]*block
	var visit func(b *block) int
	visit = func(b *block) int {
		if b.code == clsRET|retK {
			return 0
		}
		if l, ok := level[b]; ok {
			return l
		}
		level[b] = -1 // visited; no path leads back to b
		l := 1 + max(visit(b.jt), visit(b.jf))
		level[b] = l
		for len(byLevel) <= l {
			byLevel = append(byLevel, nil)
		}
		byLevel[l] = append([]*block{b}, byLevel[l]...)
		return l
	}
	visit(root)
	var out []*block
	for _, bs := range byLevel {
		out = append(out, bs...)
	}
	return out
}

// TestPullupsKeepOrder checks the order and the pull-ups' list that the
// moves of the pull-ups keep up to date (moveUp) against new searches,
// over rounds of pull-ups on random graphs.
func TestPullupsKeepOrder(t *testing.T) {
	kept := 0
	for seed := range uint64(20000) {
		r := rand.New(rand.NewPCG(seed, 3))
		n := 2 + r.IntN(24)
		g := pullGraph(seed, n)
		root := &g[0]
		o := &optimizer{nblocks: n + 2, nlisted: n + 2, budget: optBudget}
		for round := range 4 {
			o.topo(root)
			checkListing(t, o, root, true)
			o.tamePulls = r.IntN(2) == 0
			if !o.pullups(root) {
				break
			}
			if o.orderOf != root {
				continue
			}
			kept++
			checkListing(t, o, root, false)
			if o.slotsOf != root {
				t.Fatalf("seed %d round %d: order kept, slots not", seed, round)
			}
			want := refLevels(root)
			if !slices.Equal(o.lslots, want) {
				t.Fatalf("seed %d round %d: slots differ", seed, round)
			}
			for i, b := range o.lslots {
				if b.lslot != int32(i) {
					t.Fatalf("seed %d round %d: block in slot %d numbered %d", seed, round, i, b.lslot)
				}
			}
		}
	}
	if kept < 1000 {
		t.Fatalf("only %d rounds kept the order", kept)
	}
}
