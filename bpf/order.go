package bpf

// Block order: reverse postorder with predecessor lists (topo), and the
// levels the pull-ups visit blocks by.

import "slices"

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
