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
	blocks := o.eblocks[:0]
	for _, b := range o.order {
		if b.code != clsRET|retK {
			blocks = append(blocks, b)
		}
	}
	for _, b := range o.order {
		if b.code == clsRET|retK {
			blocks = append(blocks, b)
		}
	}
	// tramp[i] bit 0: the true branch of block i needs a trampoline,
	// bit 1: the false branch.
	tramp := append(o.etramp[:0], make([]uint8, len(blocks))...)
	o.eblocks, o.etramp = blocks, tramp
	for i, b := range blocks {
		b.insPos = int32(i)
	}
	start := append(o.estart[:0], make([]int, len(blocks))...)
	o.estart = start
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
			// No jump reaches farther than the end: none needs a
			// trampoline.
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
	out := make([]bpf.RawInstruction, 0, total)
	for i, b := range blocks {
		if b.code == clsRET|retK {
			out = append(out, bpf.RawInstruction{Op: b.code, K: b.k})
			continue
		}
		for _, s := range b.stmts {
			r := bpf.RawInstruction{Op: s.code, K: s.k}
			if s.code == inBlockJeq {
				r.Jf = 2 // see genVlanLive
			}
			out = append(out, r)
		}
		j := len(out)
		tt, tf := start[b.jt.insPos], start[b.jf.insPos]
		next := j + 1
		var jts []int
		if tramp[i]&1 != 0 {
			jts = append(jts, tt)
			tt = next
			next++
		}
		if tramp[i]&2 != 0 {
			jts = append(jts, tf)
			tf = next
		}
		out = append(out, bpf.RawInstruction{Op: b.code, Jt: uint8(tt - j - 1), Jf: uint8(tf - j - 1), K: b.k})
		for _, t := range jts {
			out = append(out, bpf.RawInstruction{Op: clsJMP | jmpJA, K: uint32(t - len(out) - 1)})
		}
	}
	return out
}
