package bpf

// peep makes libpcap's rewrites of a block's last operation into its
// test (opt_peep), where the value the operation leaves in A is not used
// after the block:
//
//	and #k; jeq #0   ->  jset #k (branches swapped)
//	sub #x; jeq #y   ->  jeq #(x+y)
//
// (and "sub x; jeq #0" -> "jeq x", or "jeq #(y+x)" when X is a known
// constant). It runs after the branch optimizations, on blocks that
// still compute every value they test, before values drops the loads of
// values a register already holds: A then holds the operand of the
// "and" or "sub" after the block, as in libpcap's program. It reports
// whether a block changed (what number computed of it is stale) and
// whether branches were swapped (the order of the blocks changes).
func (o *optimizer) peep() (changed, swapped bool) {
	for _, b := range o.order {
		if b.code != jeq || len(b.stmts) == 0 {
			continue
		}
		last := &b.stmts[len(b.stmts)-1]
		if bpfClass(last.code) != clsALU || b.jumps || aLiveIn(b.jt) || aLiveIn(b.jf) {
			continue
		}
		switch {
		case last.code == clsALU|aluSUB|srcX && o.isConst(b.tx):
			b.k += o.vals[b.tx].k
		case last.code == clsALU|aluSUB|srcX && b.k == 0:
			b.code = clsJMP | jmpJEQ | srcX
		case last.code == clsALU|aluSUB|srcK:
			b.k += last.k
		case last.code == clsALU|aluAND|srcK && b.k == 0:
			b.code, b.k = jset, last.k
			b.jt, b.jf = b.jf, b.jt
			swapped = true
		default:
			continue
		}
		b.stmts = b.stmts[:len(b.stmts)-1]
		changed = true
	}
	return changed, swapped
}

// aLiveIn reports whether b reads A before it sets it: in a statement, or
// in its test.
func aLiveIn(b *block) bool {
	for _, s := range b.stmts {
		switch bpfClass(s.code) {
		case clsLD:
			return false
		case clsALU, clsST, clsJMP:
			return true
		case clsMISC:
			if s.code&0xf8 == miscTXA {
				return false
			}
			return true // tax
		}
	}
	return b.code != clsRET|retK // a test reads A; so does ret A
}
