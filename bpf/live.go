package bpf

// Live form of "vlan" (libpcap's gen_vlan_bpf_extensions, used for live
// captures on Linux). A Linux packet socket receives frames whose outer
// VLAN tag the kernel (or the NIC) has removed and kept in the packet's
// metadata; the filter reads it with ancillary loads at negative offsets.
// The first "vlan" of an expression tests both the metadata and the
// EtherType; when the tag is in the frame, the offsets of the following
// headers grow by 4 at run time, so they are kept in scratch memory.

// Ancillary load offsets (linux/filter.h).
const (
	skfAdOff                   = 0xfffff000 // SKF_AD_OFF (-0x1000)
	skfAdVlanTag               = 44         // SKF_AD_VLAN_TAG
	skfAdVlanTagPresent        = 48         // SKF_AD_VLAN_TAG_PRESENT
	ancVlanTag                 = skfAdOff + skfAdVlanTag
	ancVlanTagPresent          = skfAdOff + skfAdVlanTagPresent
	regLinkpl                  = 0 // M[] cell of the variable part of the link-layer payload offset
	regLinktype                = 1 // M[] cell of the variable part of the EtherType offset
	inBlockJeq          uint16 = clsJMP | jmpJEQ | srcK
)

// genLoadAVar returns the statements of genLoadA for the headers whose
// offset has a variable part (libpcap's gen_load_absoffset_relrel and
// gen_loadx_iphdrlen); ok is false for the others.
func (c *compiler) genLoadAVar(rel offrel, off uint32, size uint16) ([]stmt, bool) {
	ind := func(reg, k uint32) []stmt {
		s := c.newStmts(2)
		s[0] = stmt{clsLDX | mMEM, reg}
		s[1] = stmt{clsLD | size | mIND, k}
		return s
	}
	switch rel {
	case orLLC:
		return ind(regLinkpl, c.offLinkpl+off), true
	case orPrevMPLShdr:
		return ind(regLinkpl, c.offLinkpl+c.offNl-4+off), true
	case orLinkpl:
		return ind(regLinkpl, c.offLinkpl+c.offNl+off), true
	case orLinkplNosnap:
		return ind(regLinkpl, c.offLinkpl+c.offNlNosnap+off), true
	case orLinktype:
		return ind(regLinktype, c.offLinktype+off), true
	case orTranIPv4:
		nl := c.offLinkpl + c.offNl
		s := c.newStmts(7)
		s[0] = stmt{clsLDX | mMEM, regLinkpl}
		s[1] = stmt{clsLD | szB | mIND, nl}
		s[2] = stmt{clsALU | aluAND | srcK, 0xf}
		s[3] = stmt{clsALU | aluLSH | srcK, 2}
		s[4] = stmt{clsALU | aluADD | srcX, 0}
		s[5] = stmt{clsMISC | miscTAX, 0}
		s[6] = stmt{clsLD | size | mIND, nl + off}
		return s, true
	case orTranIPv6:
		return ind(regLinkpl, c.offLinkpl+c.offNl+40+off), true
	}
	return nil, false
}

// genVlanTPID tests the EtherType for 802.1Q, 802.1ad and QinQ.
func (c *compiler) genVlanTPID() *block {
	b0 := c.genLinktype(ethertype8021Q)
	b1 := c.genLinktype(ethertype8021AD)
	genOr(b0, b1)
	b0 = b1
	b1 = c.genLinktype(ethertypeQinQ)
	genOr(b0, b1)
	return b1
}

// genVlanLive generates the first "vlan" of a live program.
func (c *compiler) genVlanLive(num uint32, has bool) *block {
	b0 := c.newBlock(jeq, 1, c.stmts(stmt{clsLD | szB | mABS, ancVlanTagPresent}))
	tpid := c.genVlanTPID()
	var vid *block
	if has {
		if num > 0x0fff {
			return c.invalid("VLAN tag %d greater than maximum %d", num, 0x0fff)
		}
		vid = c.genMcmp(orLinkpl, 0, szH, num, 0x0fff)
	}
	// When the tag is in the frame, the headers after it are 4 bytes
	// farther. (libpcap adds 4 to the cells, which hold 0 here; its
	// optimizer folds that into these statements.)
	h := tpid.head
	var buf [16]stmt
	h.stmts = c.stmts(append(append(buf[:0], stmt{clsLD | mIMM, 4}, stmt{clsST, regLinkpl}, stmt{clsST, regLinktype}), h.stmts...)...)
	c.vlVar = true
	genOr(b0, tpid)
	b0 = tpid
	if has {
		// Take the TCI from the metadata when the tag is there, else
		// from the frame; the jeq falls through on true and skips two
		// statements on false, the ja skips the frame load.
		n := len(vid.stmts)
		pre := append(buf[:0],
			stmt{clsLD | szB | mABS, ancVlanTagPresent},
			stmt{inBlockJeq, 1},
			stmt{clsLD | szB | mABS, ancVlanTag},
			stmt{clsJMP | jmpJA, uint32(n - 1)},
		)
		vid.stmts = c.stmts(append(pre, vid.stmts...)...)
		genAnd(b0, vid)
		b0 = vid
	}
	return b0
}

// deadStores removes the statements whose result no later statement or
// test uses (libpcap's opt_deadstores), for the programs whose blocks
// pass offsets to each other in memory. It walks the blocks from the
// returns up with the registers live at each block's exit.
func (o *optimizer) deadStores() {
	// Bits 0-15: M[0..15], bit 16: A, bit 17: X.
	const bitA, bitX = 1 << 16, 1 << 17
	live := zeroed(o.liveIn, len(o.order))
	o.liveIn = live
	for i := len(o.order) - 1; i >= 0; i-- {
		b := o.order[i]
		if b.code == clsRET|retK {
			live[i] = 0
			continue
		}
		l := live[b.jt.order] | live[b.jf.order] | bitA
		if bpfSrc(b.code) == srcX {
			l |= bitX
		}
		fixed := b.jumps
		// A block that leaves A and X as they were, when nothing after
		// it reads a register, needs no statements (libpcap's opt_blk).
		if live[b.jt.order]|live[b.jf.order] == 0 && !fixed && len(b.stmts) > 0 {
			en, ex := o.ent[i], &o.exit[i]
			if en[0] >= 0 && en[0] == ex.a && en[1] >= 0 && en[1] == ex.x {
				b.stmts = nil
			}
		}
		st := b.stmts
		if len(st) <= 64 {
			// The statements kept, as the bits of a word.
			var keep uint64
			for j := len(st) - 1; j >= 0; j-- {
				def, use := stmtDefUse(st[j])
				if def != 0 && l&def == 0 && !fixed {
					continue
				}
				keep |= 1 << j
				l = l&^def | use
			}
			if keep != 1<<len(st)-1 {
				kept := st[:0]
				for j, s := range st {
					if keep&(1<<j) != 0 {
						kept = append(kept, s)
					}
				}
				b.stmts = kept
			}
			live[i] = l
			continue
		}
		keep := len(st)
		out := zeroed(o.keep, len(st))
		o.keep = out
		for j := len(st) - 1; j >= 0; j-- {
			s := st[j]
			def, use := stmtDefUse(s)
			if def != 0 && l&def == 0 && !fixed {
				keep--
				continue
			}
			out[j] = true
			l = l&^def | use
		}
		if keep != len(st) {
			kept := st[:0]
			for j, s := range st {
				if out[j] {
					kept = append(kept, s)
				}
			}
			b.stmts = kept
		}
		live[i] = l
	}
}

// stmtDefUse returns the registers a statement sets and reads, as the
// bits of deadStores (libpcap's atomdef and atomuse). They depend on the
// code (of one byte, as every BPF opcode) but for the memory cell, so
// that they are looked up in defUseTab.
func stmtDefUse(s stmt) (def, use uint32) {
	e := &defUseTab[uint8(s.code)]
	m := uint32(1) << (s.k & 15)
	return e.def | m&e.defM, e.use | m&e.useM
}

// defUse is what codeDefUse returns for a code: the registers set and
// read besides the memory cell, and defM and useM all ones if the cell
// is set or read (zero if not).
type defUse struct {
	def, use, defM, useM uint32
}

// defUseTab holds the defUse of the codes of one byte.
var defUseTab = func() (t [256]defUse) {
	const bitM = 1 << 18 // no register of deadStores
	for code := range t {
		def, use := codeDefUse(uint16(code), bitM)
		e := &t[code]
		e.def, e.use = def&^bitM, use&^bitM
		if def&bitM != 0 {
			e.defM = ^uint32(0)
		}
		if use&bitM != 0 {
			e.useM = ^uint32(0)
		}
	}
	return t
}()

// codeDefUse returns stmtDefUse of a statement with the code, m being
// the bit of the memory cell it names.
func codeDefUse(code uint16, m uint32) (def, use uint32) {
	const bitA, bitX = 1 << 16, 1 << 17
	switch bpfClass(code) {
	case clsLD:
		def = bitA
		switch bpfMode(code) {
		case mIND:
			use = bitX
		case mMEM:
			use = m
		}
	case clsLDX:
		def = bitX
		if bpfMode(code) == mMEM {
			use = m
		}
	case clsST:
		def, use = m, bitA
	case clsSTX:
		def, use = m, bitX
	case clsALU:
		def, use = bitA, bitA
		if bpfSrc(code) == srcX && bpfOp(code) != aluNEG {
			use |= bitX
		}
	case clsJMP:
		use = bitA
		if bpfSrc(code) == srcX {
			use |= bitX
		}
	case clsMISC:
		if code&0xf8 == miscTXA {
			def, use = bitA, bitX
		} else {
			def, use = bitX, bitA
		}
	}
	return def, use
}

// zeroed returns s resized to n zero elements, reusing its memory when it
// has room (without the allocation a race-instrumented append of make
// would make).
func zeroed[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}
