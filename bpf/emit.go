package bpf

import "golang.org/x/net/bpf"

// emit lays the blocks out as a linear program. Blocks come in reverse
// postorder (the true branch falls through), the return blocks last.
// Conditional jumps reach at most 255 instructions ahead; a farther
// target goes through an unconditional jump ("ja") placed right after.
func emit(o *optimizer, root *block) []bpf.RawInstruction {
	if o.orderOf != root {
		o.listOrder(root, false) // the predecessors are not needed
	}
	// Programs of at most 256 instructions need no trampoline (no jump
	// reaches farther than their end) and have mostly two return
	// blocks: each block's insPos is where it starts, and the blocks
	// are written in one more pass over the order. The others take
	// emitLong.
	total := 0
	var rets [2]*block // the return blocks
	nret := 0
	for _, b := range o.order {
		if b.code == clsRET|retK {
			if nret == len(rets) {
				return emitLong(o)
			}
			rets[nret] = b
			nret++
			continue
		}
		b.insPos = int32(total)
		total += len(b.stmts) + 1
	}
	for _, b := range rets[:nret] {
		b.insPos = int32(total)
		total++
	}
	if total > 256 {
		return emitLong(o)
	}
	out := make([]bpf.RawInstruction, total)
	j := 0
	for _, b := range o.order {
		if b.code == clsRET|retK {
			continue
		}
		j = emitStmts(out, j, b.stmts)
		out[j] = bpf.RawInstruction{Op: b.code, Jt: uint8(int(b.jt.insPos) - j - 1), Jf: uint8(int(b.jf.insPos) - j - 1), K: b.k}
		j++
	}
	for _, b := range rets[:nret] {
		out[j] = bpf.RawInstruction{Op: b.code, K: b.k}
		j++
	}
	return out
}

// emitLong is emit for any program: insPos is the index of a block in
// the layout.
func emitLong(o *optimizer) []bpf.RawInstruction {
	// Number the blocks, the return blocks last, and compute where each
	// starts as if no jump needed a trampoline.
	blocks, start := o.eblocks[:0], o.estart[:0]
	total := 0
	var rets [2]*block // the return blocks; usually no more than these
	nret := 0
	for _, b := range o.order {
		if b.code == clsRET|retK {
			if nret < len(rets) {
				rets[nret] = b
			}
			nret++
			continue
		}
		b.insPos = int32(len(blocks))
		blocks = append(blocks, b)
		start = append(start, total)
		total += len(b.stmts) + 1
	}
	if nret > len(rets) {
		nret = 0
		for _, b := range o.order {
			if b.code == clsRET|retK {
				b.insPos = int32(len(blocks))
				blocks = append(blocks, b)
				start = append(start, total)
				total++
			}
		}
	}
	for _, b := range rets[:nret] {
		b.insPos = int32(len(blocks))
		blocks = append(blocks, b)
		start = append(start, total)
		total++
	}
	o.eblocks, o.estart = blocks, start
	// No jump reaches farther than the end of a program of at most 256
	// instructions: only a longer one may need trampolines.
	var tramp []uint8
	if total > 256 {
		tramp, total = o.trampolines(blocks, start)
	}
	out := make([]bpf.RawInstruction, total)
	j := 0
	for i, b := range blocks {
		if b.code == clsRET|retK {
			out[j] = bpf.RawInstruction{Op: b.code, K: b.k}
			j++
			continue
		}
		j = emitStmts(out, j, b.stmts)
		tt, tf := start[b.jt.insPos], start[b.jf.insPos]
		if tramp == nil || tramp[i] == 0 {
			out[j] = bpf.RawInstruction{Op: b.code, Jt: uint8(tt - j - 1), Jf: uint8(tf - j - 1), K: b.k}
			j++
			continue
		}
		next := j + 1
		var jts [2]int
		njt := 0
		if tramp[i]&1 != 0 {
			jts[njt] = tt
			njt++
			tt = next
			next++
		}
		if tramp[i]&2 != 0 {
			jts[njt] = tf
			njt++
			tf = next
		}
		out[j] = bpf.RawInstruction{Op: b.code, Jt: uint8(tt - j - 1), Jf: uint8(tf - j - 1), K: b.k}
		j++
		for _, t := range jts[:njt] {
			out[j] = bpf.RawInstruction{Op: clsJMP | jmpJA, K: uint32(t - j - 1)}
			j++
		}
	}
	return out
}

// trampolines decides which jumps of the blocks go through a trampoline
// and returns, for each block, bit 0 set if its true branch needs one
// and bit 1 if its false branch does, and the length of the program. It
// updates the start of each block.
func (o *optimizer) trampolines(blocks []*block, start []int) ([]uint8, int) {
	tramp := zeroed(o.etramp, len(blocks))
	o.etramp = tramp
	total := 0
	for {
		pos := 0
		for i, b := range blocks {
			start[i] = pos
			if b.code == clsRET|retK {
				pos++
				continue
			}
			pos += len(b.stmts) + 1 + int(tramp[i]&1) + int(tramp[i]>>1)
		}
		total = pos
		if total <= 256 {
			break
		}
		grown := false
		for i, b := range blocks {
			if b.code == clsRET|retK {
				continue
			}
			j := start[i] + len(b.stmts)
			if tramp[i]&1 == 0 && start[b.jt.insPos]-j-1 > 255 {
				tramp[i] |= 1
				grown = true
			}
			if tramp[i]&2 == 0 && start[b.jf.insPos]-j-1 > 255 {
				tramp[i] |= 2
				grown = true
			}
		}
		if !grown {
			break
		}
	}
	return tramp, total
}

// emitStmts writes a block's statements at out[j:] and returns the index
// after them.
func emitStmts(out []bpf.RawInstruction, j int, stmts []stmt) int {
	for _, s := range stmts {
		r := bpf.RawInstruction{Op: s.code, K: s.k}
		if s.code == inBlockJeq {
			r.Jf = 2 // see genVlanLive
		}
		out[j] = r
		j++
	}
	return j
}
