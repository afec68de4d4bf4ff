package bpf

// Arithmetic expressions (relations such as "ip[2:2] - 20 > 576").
//
// libpcap evaluates every operand into a scratch register and relies on
// its optimizer to clean up; here the expression tree is folded first,
// with the same simplifications libpcap's optimizer makes (constant
// folding, x+0, x*0, 0&x, ...), and then evaluated straight into A. The
// protocol checks that guard a load (for tcp[0]: IPv4, protocol TCP, not
// a later fragment) are built exactly as libpcap builds them, including
// its quirk of keeping only the left operand's checks of a binary
// operator.

// aluOf is the ALU operation of each arithmetic operator token.
var aluOf = [256]uint16{
	tPlus: aluADD, tMinus: aluSUB, tStar: aluMUL, tSlash: aluDIV,
	tPercent: aluMOD, tAmp: aluAND, tPipe: aluOR, tCaret: aluXOR,
	tLSH: aluLSH, tRSH: aluRSH,
}

// checks builds the protocol checks of an arithmetic expression, or nil.
func (c *compiler) checks(a *arth) *block {
	switch a.kind {
	case aBin, aNeg:
		return c.checks(a.l)
	case aLoad:
		inst := c.checks(a.l)
		c.pos = a.pos
		switch a.proto {
		case pLink:
			return inst
		case pIP, pARP, pRARP, pAtalk, pDecnet, pSca, pLat, pMoprc, pMopdl, pIPv6:
			b := c.genProtoAbbrev(a.proto)
			if inst != nil {
				genAnd(inst, b)
			}
			return b
		case pSCTP, pTCP, pUDP, pICMP, pIGMP, pIGRP, pPIM, pVRRP, pCARP:
			b := c.genIPFrag()
			genAnd(c.genProtoAbbrev(a.proto), b)
			if inst != nil {
				genAnd(inst, b)
			}
			genAnd(c.genProtoAbbrev(pIP), b)
			return b
		case pICMPv6:
			b := c.genProtoAbbrev(pIPv6)
			if inst != nil {
				genAnd(inst, b)
			}
			b2 := c.genCmp(orLinkpl, 6, szB, 58)
			genAnd(b, b2)
			return b2
		case pRadio:
			c.fail(invalidErr(a.pos, "radio information not present in capture"))
			return nil
		}
		c.fail(invalidErr(a.pos, "unsupported index operation"))
	}
	return nil
}

func isConst(a *arth) bool { return a.kind == aNum }

// fold simplifies an expression as libpcap's optimizer would, reporting
// division by zero and oversized shifts.
func (c *compiler) fold(a *arth) *arth {
	switch a.kind {
	case aLoad:
		idx := c.fold(a.l)
		if idx == a.l {
			return a
		}
		cp := c.ws.arth(*a)
		cp.l = idx
		return cp
	case aNeg:
		x := c.fold(a.l)
		if isConst(x) {
			return c.ws.arth(arth{kind: aNum, pos: a.pos, num: -x.num})
		}
		if x == a.l {
			return a
		}
		return c.ws.arth(arth{kind: aNeg, pos: a.pos, l: x})
	case aBin:
		l, r := c.fold(a.l), c.fold(a.r)
		op := aluOf[a.op]
		num := func(v uint32) *arth { return c.ws.arth(arth{kind: aNum, pos: a.pos, num: v}) }
		if isConst(r) {
			k := r.num
			if isConst(l) {
				v, msg := aluFold(op, l.num, k)
				if msg != "" {
					c.fail(invalidErr(a.pos, "%s", msg))
					return num(0)
				}
				return num(v)
			}
			switch {
			case k == 0 && (op == aluADD || op == aluSUB || op == aluOR || op == aluXOR || op == aluLSH || op == aluRSH):
				return l
			case k == 0 && (op == aluMUL || op == aluAND):
				return num(0)
			case k == 0 && op == aluDIV:
				c.fail(invalidErr(a.pos, "division by zero"))
				return num(0)
			case k == 0 && op == aluMOD:
				c.fail(invalidErr(a.pos, "modulus by zero"))
				return num(0)
			case k > 31 && (op == aluLSH || op == aluRSH):
				c.fail(invalidErr(a.pos, "shift by more than 31 bits"))
				return num(0)
			}
		} else if isConst(l) && l.num == 0 {
			switch op {
			case aluADD, aluOR, aluXOR:
				return r
			case aluMUL, aluDIV, aluMOD, aluAND, aluLSH, aluRSH:
				return num(0)
			}
		}
		if l == a.l && r == a.r {
			return a
		}
		return c.ws.arth(arth{kind: aBin, pos: a.pos, op: a.op, l: l, r: r})
	}
	return a
}

// aluFold computes a constant operation like libpcap's fold_op.
func aluFold(op uint16, a, b uint32) (uint32, string) {
	switch op {
	case aluADD:
		return a + b, ""
	case aluSUB:
		return a - b, ""
	case aluMUL:
		return a * b, ""
	case aluDIV:
		if b == 0 {
			return 0, "division by zero"
		}
		return a / b, ""
	case aluMOD:
		if b == 0 {
			return 0, "modulus by zero"
		}
		return a % b, ""
	case aluAND:
		return a & b, ""
	case aluOR:
		return a | b, ""
	case aluXOR:
		return a ^ b, ""
	case aluLSH:
		if b < 32 {
			return a << b, ""
		}
		return 0, ""
	case aluRSH:
		if b < 32 {
			return a >> b, ""
		}
		return 0, ""
	}
	return 0, "unknown operator"
}

// usesX reports whether evaluating a clobbers the X register.
func usesX(a *arth) bool {
	switch a.kind {
	case aLoad:
		if isConst(a.l) {
			switch a.proto {
			case pSCTP, pTCP, pUDP, pICMP, pIGMP, pIGRP, pPIM, pVRRP, pCARP:
				return true
			}
			return false
		}
		return true
	case aNeg:
		return usesX(a.l)
	case aBin:
		return !isConst(a.r) || usesX(a.l)
	}
	return false
}

// loadBase returns the offset that a proto[...] index is relative to, and
// whether it is relative to the IPv4 header length in X.
func (c *compiler) loadBase(proto uint8) (uint32, bool) {
	nl := c.offLinkpl + c.offNl
	switch proto {
	case pLink:
		return c.offLinkhdr, false
	case pSCTP, pTCP, pUDP, pICMP, pIGMP, pIGRP, pPIM, pVRRP, pCARP:
		return nl, true
	case pICMPv6:
		return nl + 40, false
	}
	return nl, false
}

// eval appends statements leaving the value of a in A. tmp is the next
// free scratch memory cell.
func (c *compiler) eval(a *arth, s []stmt, tmp int) []stmt {
	switch a.kind {
	case aNum:
		return append(s, stmt{clsLD | mIMM, a.num})
	case aLen:
		return append(s, stmt{clsLD | szW | mLEN, 0})
	case aNeg:
		s = c.eval(a.l, s, tmp)
		return append(s, stmt{clsALU | aluNEG, 0})
	case aLoad:
		if c.vlVar && a.proto != pLink {
			c.fail(unsupportedErr(c.pos, "loads relative to a protocol header after 'vlan' are not supported in the live form"))
			return s
		}
		size := sizeCode(a.num)
		base, tran := c.loadBase(a.proto)
		nl := c.offLinkpl + c.offNl
		if isConst(a.l) {
			if tran {
				return append(s, stmt{clsLDX | mMSH | szB, nl}, stmt{clsLD | size | mIND, base + a.l.num})
			}
			return append(s, stmt{clsLD | size | mABS, base + a.l.num})
		}
		s = c.eval(a.l, s, tmp)
		if tran {
			s = append(s, stmt{clsLDX | mMSH | szB, nl}, stmt{clsALU | aluADD | srcX, 0})
		}
		return append(s, stmt{clsMISC | miscTAX, 0}, stmt{clsLD | size | mIND, base})
	case aBin:
		op := aluOf[a.op]
		if isConst(a.r) {
			s = c.eval(a.l, s, tmp)
			return append(s, stmt{clsALU | op | srcK, a.r.num})
		}
		s = c.evalX(a.r, a.l, s, tmp)
		return append(s, stmt{clsALU | op | srcX, 0})
	}
	return s
}

// evalX appends statements leaving the value of r in X and of l in A.
func (c *compiler) evalX(r, l *arth, s []stmt, tmp int) []stmt {
	if !usesX(l) {
		s = c.eval(r, s, tmp)
		s = append(s, stmt{clsMISC | miscTAX, 0})
		return c.eval(l, s, tmp)
	}
	if tmp >= 16 {
		c.fail(invalidErr(c.pos, "too many registers needed to evaluate expression"))
		return s
	}
	s = c.eval(r, s, tmp)
	s = append(s, stmt{clsST, uint32(tmp)})
	s = c.eval(l, s, tmp+1)
	return append(s, stmt{clsLDX | mMEM, uint32(tmp)})
}

// genRelation generates "a0 op a1" (negated when rev), preceded by the
// protocol checks of both operands.
func (c *compiler) genRelation(n *node) *block {
	chk0 := c.checks(n.a0)
	chk1 := c.checks(n.a1)
	c.pos = n.pos
	a0, a1 := c.fold(n.a0), c.fold(n.a1)
	if c.err != nil {
		return c.genTrue()
	}
	var b *block
	if isConst(a1) {
		s := c.eval(a0, c.ws.sbuf[:0], 0)
		c.ws.sbuf = s[:0]
		b = c.newBlock(n.op, a1.num, c.stmts(s...))
	} else {
		s := c.evalX(a1, a0, c.ws.sbuf[:0], 0)
		c.ws.sbuf = s[:0]
		b = c.newBlock(n.op|srcX, 0, c.stmts(s...))
	}
	if n.rev {
		genNot(b)
	}
	var tmp *block
	switch {
	case chk0 != nil && chk1 != nil:
		genAnd(chk0, chk1)
		tmp = chk1
	case chk0 != nil:
		tmp = chk0
	default:
		tmp = chk1
	}
	if tmp != nil {
		genAnd(tmp, b)
	}
	return b
}
