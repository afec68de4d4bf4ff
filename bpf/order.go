package bpf

// Block order: reverse postorder with predecessor lists (topo), and the
// levels the pull-ups visit blocks by.

import "slices"

type dfsFrame struct {
	b     *block
	state uint8
}

// Predecessor lists are linked through the nodes of o.pn, one list per
// block (block.phead, ptail). The nodes of the edges a listing finds
// come first: those of the block at position i (in o.obuf for visit, in
// o.order for linkPreds) are 2i for its true branch and 2i+1 for its
// false branch; those addPred appends follow. A block's edges are
// linked as the search finishes it, with no list to size or carve, and
// the consumers follow a list (pred) as they would range over a slice.
type pnode struct {
	from *block
	next int32 // the next node of the list; -1 ends it
	side bool
}

// pred returns the edge of node n of a predecessor list (the block it
// leaves and its side) and the next node.
func (o *optimizer) pred(n int32) (from *block, side bool, next int32) {
	p := &o.pn[n]
	return p.from, p.side, p.next
}

// link puts the entries of b's edges at the head of its successors'
// lists, the false branch first, in nodes e (the true branch) and e+1,
// and counts them (npred). Linking the blocks from the last of o.order
// to the first, each emptied before those before it link to it, leaves
// every list in the order of the blocks, the true branch first.
func link(pn []pnode, b *block, e int32) {
	s := b.jf
	s.npred++
	pn[e+1] = pnode{b, s.phead, false}
	if s.phead < 0 {
		s.ptail = e + 1
	}
	s.phead = e + 1
	s = b.jt
	s.npred++
	pn[e] = pnode{b, s.phead, true}
	if s.phead < 0 {
		s.ptail = e
	}
	s.phead = e
}

// topo lists the blocks reachable from root in reverse postorder (the
// false branch is visited first so that the true branch comes right
// after its block), and records each block's predecessors. When o.order
// is that list, listed without the predecessors (see listOrder) or kept
// up to date by the pull-ups (see moveUp), it only links them.
func (o *optimizer) topo(root *block) {
	if o.orderOf == root && o.unlinked {
		o.linkPreds()
		o.predsOf = root
		return
	}
	o.listOrder(root, true)
}

// linkPreds links the predecessor lists of the blocks of o.order,
// emptying each (and clearing its count) before the blocks before it,
// its predecessors, link to it.
func (o *optimizer) linkPreds() {
	pn, order := o.pn, o.order
	for i := len(order) - 1; i >= 0; i-- {
		b := order[i]
		b.npred, b.phead = 0, -1
		if b.code != clsRET|retK {
			link(pn, b, int32(2*i))
		}
	}
	o.unlinked = false
}

// moveUp updates o.order and o.lslots for a pull-up that moved pull
// from the end of the chain d ... sp pull n to the top, pull d ... sp n,
// where pull and the blocks below d have one way in each, from the block
// above them, and pull has taken all of d's ways in.
//
// A search, visiting either branch first, enters the chain by the same
// edge as before the move, with the same blocks visited, and sees the
// chain's successors (n and the target t the chain's tests share) in the
// same order with the same blocks visited when it reaches each (the
// chain cannot be reached from them: the graph has no cycle). So it
// finishes the same blocks in the same order but pull, which it finishes
// right after d rather than right before sp: in o.order, pull moves from
// the end of the chain, which lies between d and pull, to just before d.
//
// The old level of pull, one more than the higher of n's and t's, is
// above t's, so that each block of the chain (all lead to t) was one
// level above the next. After the move, sp, leading to n and t, takes
// the old level of pull, each block from d to sp the old level of the
// block below it, and pull, leading to d and t, the old level of d: the
// levels of the blocks above do not change. A level lists its blocks in
// the reverse of the order levels' search finishes them, and each block
// of the chain finishes next to the block whose level it takes (before
// the move or after it), so that it takes that block's place in the
// list: its slot in o.lslots.
func (o *optimizer) moveUp(d, pull *block) {
	// The chain is short: a loop costs less than copy's call.
	order, i := o.order, d.order
	slots, slot := o.lslots, pull.lslot
	for j := pull.order; j > i; j-- {
		b := order[j-1]
		order[j], b.order = b, j
		b.lslot, slot = slot, b.lslot
		slots[b.lslot] = b
	}
	order[i], pull.order = pull, i
	pull.lslot, slots[slot] = slot, pull
}

// lister is the state of listOrder's recursive search (visit) and of
// levels' (visitTF).
type lister struct {
	mark  int32
	preds bool // link the predecessor lists
	out   []*block
	pn    []pnode
	heads []*block // visitTF: o.lheads
}

// listOrder lists the blocks in o.order and numbers them (block.order),
// clearing their dead flags; with preds, it also lists and counts
// (npred) their predecessors, in the order of the list, the true branch
// first (topo). Without, it empties the lists and clears the counts,
// for linkPreds.
func (o *optimizer) listOrder(root *block, preds bool) {
	o.orderOf, o.predsOf, o.unlinked = root, nil, !preds
	o.slotsOf = nil
	if preds {
		o.predsOf = root
	}
	if cap(o.obuf) < o.nblocks {
		o.obuf = make([]*block, o.nblocks)
	}
	buf := o.obuf[:o.nblocks]
	o.obuf = buf
	if n := 2 * len(buf); cap(o.pn) < n {
		o.pn = make([]pnode, n)
	}
	o.pn = o.pn[:2*len(buf)]
	o.mark++
	mark := int32(o.mark)
	root.mark, root.dead = mark, false
	if o.nblocks <= maxRecursiveDFS {
		// The search writes the blocks from the end of the buffer as
		// it finishes them, which lists them in reverse postorder
		// without reversing. The graph loses blocks and never gains
		// one (an edge moves only to a block already reachable), so
		// that the blocks the last search found (nblocks at first)
		// bound those this one finds: the buffer ends there, and
		// their numbers are right from the start when it finds them
		// all.
		n := int32(o.nlisted)
		l := lister{mark: mark, preds: preds, out: buf[:n], pn: o.pn}
		var pos int32
		if root.code == clsRET|retK {
			pos = l.list(root, n)
		} else {
			pos = l.visit(root, n)
		}
		o.order = buf[pos:n]
		o.nlisted = len(o.order)
		if pos != 0 {
			for i, b := range o.order {
				b.order = int32(i)
			}
		}
		return
	}
	root.npred, root.phead = 0, -1
	o.order = o.dfs(root, false, buf[:0])
	slices.Reverse(o.order)
	o.nlisted = len(o.order)
	for i, b := range o.order {
		b.order = int32(i)
	}
	if preds {
		o.linkPreds()
	}
}

// list writes b at out[pos-1], numbers it, empties its predecessor list
// (the blocks linking to b finish after it) and returns the new pos.
func (l *lister) list(b *block, pos int32) int32 {
	pos--
	l.out[pos] = b
	b.order = pos
	b.npred, b.phead = 0, -1
	return pos
}

// visit is the recursive search of listOrder from b, not a return: it
// visits false branches first and lists each block it finishes (list),
// and returns the new pos. With preds, it links the entries of each
// block's edges as it finishes the block, which comes before those
// finished earlier, as link requires.
func (l *lister) visit(b *block, pos int32) int32 {
	if s := b.jf; s.mark != l.mark {
		s.mark, s.dead = l.mark, false
		if s.code == clsRET|retK {
			pos = l.list(s, pos)
		} else {
			pos = l.visit(s, pos)
		}
	}
	if s := b.jt; s.mark != l.mark {
		s.mark, s.dead = l.mark, false
		if s.code == clsRET|retK {
			pos = l.list(s, pos)
		} else {
			pos = l.visit(s, pos)
		}
	}
	pos = l.list(b, pos)
	if l.preds {
		link(l.pn, b, 2*pos)
	}
	return pos
}

// keepCanonical lists the blocks of the graph dedup merged, from root,
// as listOrder would: those of o.order that duplicate none, in their
// order. The search of the merged graph goes where the search of the
// graph before went, with the block kept for each class of merged
// blocks, and skips what the latter found past a block of a class
// already visited, all of it in classes already visited too (the blocks
// of a class have the same successors once merged). So it finishes the
// kept blocks in the order the other search finished the first block of
// each class. Blocks of a class have the same level: no path joins two
// of them, so the first the search reaches is the first it finishes,
// the last of the class in reverse postorder, which is the one dedup
// keeps (it goes from the end of o.order).
func (o *optimizer) keepCanonical(root *block) {
	n := 0
	for _, b := range o.order {
		if b.dup == nil {
			b.order = int32(n)
			o.order[n] = b
			n++
		}
	}
	o.order = o.order[:n]
	o.orderOf, o.nlisted = root, n
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
// them; visiting the false branch first (for listOrder, which has
// marked root and cleared its count and list), it appends the blocks to
// out as it finishes them, and clears the dead flags, predecessor
// counts and lists of the blocks it reaches.
func (o *optimizer) dfs(root *block, trueFirst bool, out []*block) []*block {
	mark := int32(o.mark)
	if trueFirst {
		o.mark++
		mark = int32(o.mark)
		root.mark = mark
		if o.nblocks <= maxRecursiveDFS {
			l := lister{mark: mark, heads: o.lheads}
			l.visitTF(root)
			return out
		}
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
				next.npred, next.phead, next.dead = 0, -1, false
			}
			stack = append(stack, dfsFrame{next, 0})
		}
	}
	o.stack = stack
	return out
}

// visitTF is the recursive dfs visiting true branches first from b, not
// a return; it returns the level of b. (Returns, at level 0, are not
// visited.)
func (l *lister) visitTF(b *block) int32 {
	var lt, lf int32
	if s := b.jt; s.code != clsRET|retK {
		lt = s.level
		if s.mark != l.mark {
			s.mark = l.mark
			lt = l.visitTF(s)
		}
	}
	if s := b.jf; s.code != clsRET|retK {
		lf = s.level
		if s.mark != l.mark {
			s.mark = l.mark
			lf = l.visitTF(s)
		}
	}
	lv := 1 + max(lt, lf)
	b.level = lv
	h := &l.heads[lv]
	b.lnext, *h = *h, b
	return lv
}
