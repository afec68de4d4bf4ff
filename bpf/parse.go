package bpf

import "fmt"

// Qualifier values, as in libpcap's gencode.h.
const (
	qDefault = 0
	qUndef   = 255
)

// address qualifiers
const (
	qHost = 1 + iota
	qNet
	qPort
	qGateway
	qProto
	qProtochain
	qPortrange
)

// protocol qualifiers
const (
	pLink = 1 + iota
	pIP
	pARP
	pRARP
	pSCTP
	pTCP
	pUDP
	pICMP
	pIGMP
	pIGRP
	pAtalk
	pDecnet
	pLat
	pSca
	pMoprc
	pMopdl
	pIPv6
	pICMPv6
	pAH
	pESP
	pPIM
	pVRRP
	pAarp
	pISO
	pESIS
	pISIS
	pCLNP
	pSTP
	pIPX
	pNetbeui
	pISISL1
	pISISL2
	pISISIIH
	pISISSNP
	pISISCSNP
	pISISPSNP
	pISISLSP
	pRadio
	pCARP
)

// direction qualifiers
const (
	dSrc = 1 + iota
	dDst
	dOr
	dAnd
)

type qual struct{ proto, dir, addr uint8 }

var qerr = qual{qUndef, qUndef, qUndef}

// pnameOf is the protocol qualifier of each protocol keyword, 0 (no
// protocol qualifier is 0) for the other tokens.
var pnameOf = [256]uint8{
	kwLink: pLink, kwIP: pIP, kwArp: pARP, kwRarp: pRARP, kwSCTP: pSCTP,
	kwTCP: pTCP, kwUDP: pUDP, kwICMP: pICMP, kwIGMP: pIGMP, kwIGRP: pIGRP,
	kwPIM: pPIM, kwVRRP: pVRRP, kwCARP: pCARP, kwAtalk: pAtalk, kwAarp: pAarp,
	kwDecnet: pDecnet, kwLat: pLat, kwSca: pSca, kwMopdl: pMopdl,
	kwMoprc: pMoprc, kwIP6: pIPv6, kwICMP6: pICMPv6, kwAH: pAH, kwESP: pESP,
	kwISO: pISO, kwESIS: pESIS, kwISIS: pISIS, kwL1: pISISL1, kwL2: pISISL2,
	kwIIH: pISISIIH, kwLSP: pISISLSP, kwSNP: pISISSNP, kwPSNP: pISISPSNP,
	kwCSNP: pISISCSNP, kwCLNP: pCLNP, kwSTP: pSTP, kwIPX: pIPX,
	kwNetbeui: pNetbeui, kwRadio: pRadio,
}

type nodeKind uint8

const (
	nAnd nodeKind = iota
	nOr
	nNot
	nID     // an id (name, number, address) with its qualifiers
	nAbbrev // a bare protocol name: tcp, ip6, arp, ...
	nRel    // arth relop arth
	nOther  // broadcast, less, vlan, ...
)

type idKind uint8

const (
	idName    idKind = iota // ID
	idNum                   // NUM
	idHID                   // HID
	idHIDLen                // HID / NUM
	idHIDMask               // HID mask HID
	idHID6                  // HID6
	idHID6Len               // HID6 / NUM
	idEther                 // EID
	idARC                   // AID
)

type otherKind uint8

const (
	oBroadcast otherKind = iota
	oMulticast
	oLess
	oGreater
	oByte
	oInbound
	oOutbound
	oIfindex
	oVlan
	oMpls
	oPppoed
	oPppoes
	oGeneve
	oLLC
)

// node is a node of the parsed expression.
type node struct {
	kind  nodeKind
	pos   int
	l, r  *node
	q     qual
	ik    idKind
	s1    string
	s2    string
	num   uint32
	num2  uint32
	proto uint8 // nAbbrev: the protocol; nOther: the protocol qualifier
	other otherKind
	has   bool   // nOther: the optional number is present
	op    uint16 // nRel: BPF jump op; nOther oByte: operator character
	rev   bool
	a0    *arth
	a1    *arth
}

type arthKind uint8

const (
	aNum arthKind = iota
	aLen
	aLoad
	aBin
	aNeg
)

// arth is a node of an arithmetic expression.
type arth struct {
	kind  arthKind
	pos   int
	op    tokKind // aBin: the operator token
	l, r  *arth
	num   uint32 // aNum value; aLoad size
	proto uint8  // aLoad protocol
}

type parser struct {
	expr  string
	toks  []token
	i     int
	depth int
	err   *Error
	ws    *workspace
	eof   token // what tok returns after an error
}

const nodeChunk = 32

// node and arth allocate parse tree nodes from the workspace.
func (p *parser) node(n node) *node {
	return p.ws.node(n)
}

func (p *parser) arth(a arth) *arth {
	return p.ws.arth(a)
}

func (w *workspace) node(n node) *node {
	r := w.nodes.alloc()
	*r = n
	return r
}

func (w *workspace) arth(a arth) *arth {
	r := w.arths.alloc()
	*r = a
	return r
}

// arena hands out values from chunks kept across compilations; reset
// makes them all free again (pointers into a chunk stay valid, the
// chunks are never moved).
type arena[T any] struct {
	chunks [][]T
	chunk  int // chunk in use
	next   int // next free value in it
}

func (a *arena[T]) alloc() *T {
	if a.chunk < len(a.chunks) && a.next == nodeChunk {
		a.chunk++
		a.next = 0
	}
	if a.chunk == len(a.chunks) {
		a.chunks = append(a.chunks, make([]T, nodeChunk))
	}
	r := &a.chunks[a.chunk][a.next]
	a.next++
	return r
}

func (a *arena[T]) reset() { a.chunk, a.next = 0, 0 }

// maxDepth bounds the nesting of parentheses and negations so that a
// hostile expression cannot exhaust the stack.
const maxDepth = 200

// tok, peek and next return pointers into the token list (or to p.eof),
// which does not change while parsing; tokens are not copied.
func (p *parser) tok() *token {
	if p.err != nil {
		return &p.eof
	}
	return &p.toks[p.i]
}

// fail records the first error; after it the parser sees only the end of
// the input, so every loop stops and the callers unwind.
func (p *parser) fail(e *Error) {
	if p.err == nil {
		p.err = e
	}
}
func (p *parser) peek(n int) *token {
	if p.i+n < len(p.toks) {
		return &p.toks[p.i+n]
	}
	return &p.toks[len(p.toks)-1]
}
func (p *parser) next() *token {
	t := &p.toks[p.i]
	if p.i < len(p.toks)-1 {
		p.i++
	}
	return t
}

// describe names a token for error messages.
func (p *parser) describe(t *token) string {
	if t.kind == tEOF {
		if t.err != "" {
			return "invalid character"
		}
		return "end of expression"
	}
	return fmt.Sprintf("%q", p.expr[t.pos:t.end])
}

func (p *parser) unexpected(t *token, what string) *Error {
	if t.err != "" {
		return syntaxErr(t.pos, "%s", t.err)
	}
	if what == "" {
		return syntaxErr(t.pos, "unexpected %s", p.describe(t))
	}
	return syntaxErr(t.pos, "%s, found %s", what, p.describe(t))
}

func (p *parser) enter(pos int) bool {
	p.depth++
	if p.depth > maxDepth {
		p.fail(syntaxErr(pos, "expression nested too deeply"))
		return false
	}
	return true
}

// parse parses a complete expression; it returns nil for an empty one.
func parse(expr string, ws *workspace) (*node, error) {
	ws.toks = lex(expr, ws.toks[:0])
	p := &parser{expr: expr, toks: ws.toks, ws: ws, eof: token{kind: tEOF, pos: len(expr), end: len(expr)}}
	if p.tok().kind == tEOF {
		if t := p.tok(); t.err != "" {
			return nil, syntaxErr(t.pos, "%s", t.err)
		}
		return nil, nil
	}
	n, _ := p.parseExpr(qerr)
	if p.err != nil {
		return nil, p.err
	}
	if t := p.tok(); t.kind != tEOF || t.err != "" {
		if t.kind == tRParen {
			return nil, syntaxErr(t.pos, "unbalanced ')'")
		}
		return nil, p.unexpected(t, "expected 'and' or 'or'")
	}
	return n, nil
}

func (p *parser) parseExpr(qPrev qual) (*node, qual) {
	n, q := p.parseTerm(qPrev)
	for {
		t := p.tok()
		if t.kind != tAnd && t.kind != tOr {
			return n, q
		}
		p.next()
		r, rq := p.parseTermOrID(q, t)
		k := nAnd
		if t.kind == tOr {
			k = nOr
		}
		n = p.node(node{kind: k, pos: t.pos, l: n, r: r})
		q = rq
	}
}

func isArithOp(k tokKind) bool {
	switch k {
	case tPlus, tMinus, tStar, tSlash, tPercent, tAmp, tPipe, tCaret, tLSH, tRSH:
		return true
	}
	return false
}

func isRelop(k tokKind) bool {
	switch k {
	case tGT, tGEQ, tEQ, tLT, tLEQ, tNEQ:
		return true
	}
	return false
}

// matching returns the index of the token closing the parenthesis at j,
// or -1.
func (p *parser) matching(j int) int {
	depth := 0
	for k := j; k < len(p.toks); k++ {
		switch p.toks[k].kind {
		case tLParen:
			depth++
		case tRParen:
			depth--
			if depth == 0 {
				return k
			}
		case tEOF:
			return -1
		}
	}
	return -1
}

// isIDGroup reports whether the parenthesis at j opens a group of ids,
// as in "host (a or b)", rather than an expression.
func (p *parser) isIDGroup(j int) bool {
	k := p.matching(j)
	if k < 0 || k == j+1 {
		return false
	}
	if isArithOp(p.toks[k+1].kind) || isRelop(p.toks[k+1].kind) {
		return false
	}
	for m := j + 1; m < k; m++ {
		switch p.toks[m].kind {
		case tID, tHID, tHID6, tEID, tAID, tBadEther, tNum, tAnd, tOr, tNot, tLParen, tRParen:
		case tSlash, kwMask:
			if pk := p.toks[m-1].kind; pk != tHID && pk != tHID6 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// parseTermOrID parses what follows 'and' or 'or': a term, or an id that
// inherits the qualifiers q of the preceding primitive.
func (p *parser) parseTermOrID(q qual, op *token) (*node, qual) {
	j := p.i
	for p.toks[j].kind == tNot {
		j++
	}
	switch t := p.toks[j]; t.kind {
	case tID, tHID, tHID6, tEID, tAID, tBadEther:
		return p.parseID(q, "", "")
	case tNum:
		if !isArithOp(p.toks[j+1].kind) && !isRelop(p.toks[j+1].kind) {
			return p.parseID(q, "", "")
		}
	case tLParen:
		if p.isIDGroup(j) {
			return p.parseID(q, "", "")
		}
	case tEOF:
		if t.err == "" {
			p.fail(syntaxErr(t.pos, "expected an expression after %q", p.expr[op.pos:op.end]))
			return nil, q
		}
	}
	return p.parseTerm(q)
}

// parseID parses an id (nid, pnum, "( pid )" or "not id") with qualifiers q.
// what is the error message when no id follows, a format taking arg
// when arg is not empty (it is formatted only on error).
func (p *parser) parseID(q qual, what, arg string) (*node, qual) {
	t := p.tok()
	if !p.enter(t.pos) {
		p.depth--
		return nil, q
	}
	n, q := p.parseIDIn(t, q, what, arg)
	p.depth--
	return n, q
}

// parseIDIn is parseID within the nesting depth p.enter counted.
func (p *parser) parseIDIn(t *token, q qual, what, arg string) (*node, qual) {
	switch t.kind {
	case tNot:
		p.next()
		n, q2 := p.parseID(q, what, arg)
		return p.node(node{kind: nNot, pos: t.pos, l: n}), q2
	case tLParen:
		p.next()
		n := p.parsePID(q)
		if c := p.tok(); c.kind != tRParen {
			p.fail(p.unexpected(c, "expected ')' or 'and' or 'or'"))
			return nil, q
		}
		p.next()
		return n, q
	case tNum:
		if t.err != "" {
			p.fail(syntaxErr(t.pos, "%s", t.err))
			return nil, q
		}
		p.next()
		return p.node(node{kind: nID, pos: t.pos, q: q, ik: idNum, num: t.num}), q
	case tID:
		p.next()
		return p.node(node{kind: nID, pos: t.pos, q: q, ik: idName, s1: t.text}), q
	case tHID, tHID6:
		p.next()
		n := p.node(node{kind: nID, pos: t.pos, q: q, ik: idHID, s1: t.text})
		if t.kind == tHID6 {
			if t.err != "" {
				p.fail(syntaxErr(t.pos, "%s", t.err))
				return nil, q
			}
			n.ik = idHID6
		}
		switch p.tok().kind {
		case tSlash:
			p.next()
			m := p.tok()
			if m.kind != tNum || m.err != "" {
				p.fail(p.unexpected(m, "expected a prefix length after '/'"))
				return nil, q
			}
			p.next()
			n.num = m.num
			n.ik++ // idHIDLen, idHID6Len
		case kwMask:
			if t.kind == tHID6 {
				p.fail(syntaxErr(p.tok().pos, "'mask' is not valid for IPv6 addresses"))
				return nil, q
			}
			p.next()
			m := p.tok()
			if m.kind != tHID {
				p.fail(p.unexpected(m, "expected a dotted netmask after 'mask'"))
				return nil, q
			}
			p.next()
			n.ik = idHIDMask
			n.s2 = m.text
		}
		return n, q
	case tEID:
		p.next()
		return p.node(node{kind: nID, pos: t.pos, q: q, ik: idEther, s1: t.text}), q
	case tAID:
		p.next()
		return p.node(node{kind: nID, pos: t.pos, q: q, ik: idARC, s1: t.text}), q
	case tBadEther:
		p.fail(syntaxErr(t.pos, "%s", t.err))
		return nil, q
	}
	switch {
	case what == "":
		what = "expected a host, network, port or protocol"
	case arg != "":
		what = fmt.Sprintf(what, arg)
	}
	p.fail(p.unexpected(t, what))
	return nil, q
}

// parsePID parses the inside of "( pid )": ids joined by 'and'/'or'.
func (p *parser) parsePID(q qual) *node {
	n, _ := p.parseID(q, "", "")
	for {
		t := p.tok()
		if t.kind != tAnd && t.kind != tOr {
			return n
		}
		p.next()
		r, _ := p.parseID(q, "", "")
		k := nAnd
		if t.kind == tOr {
			k = nOr
		}
		n = p.node(node{kind: k, pos: t.pos, l: n, r: r})
	}
}

func isDqual(k tokKind) bool { return k == kwSrc || k == kwDst }
func isAqual(k tokKind) bool {
	return k == kwHost || k == kwNet || k == kwPort || k == kwPortrange
}

// parseTerm parses a term; qPrev is the qualifier list in force before
// it (used by "( expr )", whose qualifiers are those before the '(').
func (p *parser) parseTerm(qPrev qual) (*node, qual) {
	t := p.tok()
	if !p.enter(t.pos) {
		p.depth--
		return nil, qerr
	}
	n, q := p.parseTermIn(t, qPrev)
	p.depth--
	return n, q
}

// parseTermIn is parseTerm within the nesting depth p.enter counted.
func (p *parser) parseTermIn(t *token, qPrev qual) (*node, qual) {
	if t.err != "" {
		p.fail(syntaxErr(t.pos, "%s", t.err))
		return nil, qerr
	}
	switch t.kind {
	case tNot:
		p.next()
		n, q := p.parseTerm(qPrev)
		return p.node(node{kind: nNot, pos: t.pos, l: n}), q
	case tLParen:
		if k := p.matching(p.i); k >= 0 && (isArithOp(p.toks[k+1].kind) || isRelop(p.toks[k+1].kind)) {
			return p.parseRelation(), qerr
		}
		p.next()
		if p.tok().kind == tRParen {
			p.fail(syntaxErr(p.tok().pos, "empty parentheses"))
			return nil, qerr
		}
		n, _ := p.parseExpr(qPrev)
		if c := p.tok(); c.kind != tRParen {
			p.fail(p.unexpected(c, "expected ')'"))
			return nil, qerr
		}
		p.next()
		return n, qPrev
	case tNum, tMinus, kwLen:
		return p.parseRelation(), qerr
	case kwDst, kwSrc, kwHost, kwNet, kwPort, kwPortrange, kwProto, kwProtochain, kwGateway:
		return p.parseHeadID(qDefault)
	case kwBroadcast, kwMulticast:
		p.next()
		o := oBroadcast
		if t.kind == kwMulticast {
			o = oMulticast
		}
		return p.node(node{kind: nOther, pos: t.pos, other: o, proto: qDefault}), qerr
	case kwLess, kwGreater:
		p.next()
		m := p.tok()
		if m.kind != tNum || m.err != "" {
			p.fail(p.unexpected(m, fmt.Sprintf("expected a length after %q", t.text)))
			return nil, qerr
		}
		p.next()
		o := oLess
		if t.kind == kwGreater {
			o = oGreater
		}
		return p.node(node{kind: nOther, pos: t.pos, other: o, num: m.num}), qerr
	case kwByte:
		p.next()
		idx := p.tok()
		if idx.kind != tNum || idx.err != "" {
			p.fail(p.unexpected(idx, "expected an offset after \"byte\""))
			return nil, qerr
		}
		p.next()
		op := p.tok()
		var c uint16
		switch op.kind {
		case tAmp:
			c = '&'
		case tPipe:
			c = '|'
		case tLT:
			c = '<'
		case tGT:
			c = '>'
		case tEQ:
			c = '='
		default:
			p.fail(p.unexpected(op, "expected one of & | < > = after \"byte\" offset"))
			return nil, qerr
		}
		p.next()
		v := p.tok()
		if v.kind != tNum || v.err != "" {
			p.fail(p.unexpected(v, "expected a value"))
			return nil, qerr
		}
		p.next()
		return p.node(node{kind: nOther, pos: t.pos, other: oByte, num: idx.num, num2: v.num, op: c}), qerr
	case kwInbound, kwOutbound, kwPppoed:
		p.next()
		o := oPppoed
		switch t.kind {
		case kwInbound:
			o = oInbound
		case kwOutbound:
			o = oOutbound
		}
		return p.node(node{kind: nOther, pos: t.pos, other: o}), qerr
	case kwIfindex:
		p.next()
		m := p.tok()
		if m.kind != tNum || m.err != "" {
			p.fail(p.unexpected(m, "expected an interface index after \"ifindex\""))
			return nil, qerr
		}
		p.next()
		return p.node(node{kind: nOther, pos: t.pos, other: oIfindex, num: m.num}), qerr
	case kwVlan, kwMpls, kwPppoes, kwGeneve:
		p.next()
		o := oGeneve
		switch t.kind {
		case kwVlan:
			o = oVlan
		case kwMpls:
			o = oMpls
		case kwPppoes:
			o = oPppoes
		}
		n := p.node(node{kind: nOther, pos: t.pos, other: o})
		if v, ok := p.tryPnum(); ok {
			n.num, n.has = v, true
		}
		return n, qerr
	case kwLLC:
		p.next()
		n := p.node(node{kind: nOther, pos: t.pos, other: oLLC})
		if m := p.tok(); m.kind == tID {
			p.next()
			n.s1 = m.text
		}
		return n, qerr
	case kwOther:
		p.fail(unsupportedErr(t.pos, "%q is not supported (802.11, ATM, SS7 and pflog primitives are not compiled)", t.text))
		return nil, qerr
	}
	if pr := pnameOf[t.kind]; pr != 0 {
		nk := p.peek(1).kind
		switch {
		case nk == tLBrack:
			return p.parseRelation(), qerr
		case isDqual(nk) || isAqual(nk) || nk == kwProto || nk == kwProtochain || nk == kwGateway:
			p.next()
			return p.parseHeadID(pr)
		case nk == kwBroadcast || nk == kwMulticast:
			p.next()
			o := oBroadcast
			if nk == kwMulticast {
				o = oMulticast
			}
			p.next()
			return p.node(node{kind: nOther, pos: t.pos, other: o, proto: pr}), qerr
		case nk == kwOther:
			p.fail(unsupportedErr(p.peek(1).pos, "%q is not supported (802.11 primitives are not compiled)", p.peek(1).text))
			return nil, qerr
		}
		p.next()
		return p.node(node{kind: nAbbrev, pos: t.pos, proto: pr}), qerr
	}
	switch t.kind {
	case tID, tHID, tHID6, tEID, tAID:
		p.fail(syntaxErr(t.pos, "%s needs a qualifier such as 'host', 'net' or 'port' before it", p.describe(t)))
		return nil, qerr
	case tRParen:
		p.fail(syntaxErr(t.pos, "unexpected ')'"))
		return nil, qerr
	}
	p.fail(p.unexpected(t, "expected a primitive"))
	return nil, qerr
}

// tryPnum parses an optional pnum: NUM or "( pnum )".
func (p *parser) tryPnum() (uint32, bool) {
	j := p.i
	depth := 0
	for p.toks[j].kind == tLParen {
		j++
		depth++
	}
	if p.toks[j].kind != tNum {
		return 0, false
	}
	for k := 1; k <= depth; k++ {
		if p.toks[j+k].kind != tRParen {
			return 0, false
		}
	}
	t := p.toks[j]
	if t.err != "" {
		p.fail(syntaxErr(t.pos, "%s", t.err))
		return 0, false
	}
	p.i = j + depth + 1
	return t.num, true
}

// parseHeadID parses the rest of a head (direction and address type
// qualifiers, 'proto', 'protochain' or 'gateway') and the id after it.
func (p *parser) parseHeadID(pq uint8) (*node, qual) {
	q := qual{proto: pq}
	t := p.tok()
	last := t
	if isDqual(t.kind) {
		p.next()
		q.dir = dSrc
		if t.kind == kwDst {
			q.dir = dDst
		}
		c := p.tok()
		if (c.kind == tOr || c.kind == tAnd) && isDqual(p.peek(1).kind) && p.peek(1).kind != t.kind {
			p.next()
			last = p.next()
			q.dir = dOr
			if c.kind == tAnd {
				q.dir = dAnd
			}
		}
		if isAqual(p.tok().kind) {
			last = p.next()
			q.addr = aqualOf(last.kind)
		}
	} else {
		last = p.next()
		switch t.kind {
		case kwProto:
			q.addr = qProto
		case kwProtochain:
			q.addr = qProtochain
		case kwGateway:
			q.addr = qGateway
		default:
			q.addr = aqualOf(t.kind)
		}
	}
	var what, arg string
	switch q.addr {
	case qPort:
		what = `expected a port number or name after "port"`
	case qPortrange:
		what = `expected a port range (such as 6000-6010) after "portrange"`
	case qProto, qProtochain:
		what, arg = "expected a protocol number or name after %q", last.text
	case qNet:
		what = `expected a network address after "net"`
	case qGateway:
		what = `expected a host name after "gateway"`
	default:
		what, arg = "expected an address after %q", last.text
	}
	n, _ := p.parseID(q, what, arg)
	return n, q
}

func aqualOf(k tokKind) uint8 {
	switch k {
	case kwHost:
		return qHost
	case kwNet:
		return qNet
	case kwPort:
		return qPort
	case kwPortrange:
		return qPortrange
	}
	return qDefault
}

// parseRelation parses "arth relop arth".
func (p *parser) parseRelation() *node {
	start := p.tok().pos
	a0 := p.parseArth()
	t := p.tok()
	var op uint16
	rev := false
	switch t.kind {
	case tGT:
		op = jgt
	case tGEQ:
		op = jge
	case tEQ:
		op = jeq
	case tLEQ:
		op, rev = jgt, true
	case tLT:
		op, rev = jge, true
	case tNEQ:
		op, rev = jeq, true
	default:
		p.fail(p.unexpected(t, "expected a comparison operator (=, !=, <, <=, >, >=)"))
		return nil
	}
	p.next()
	a1 := p.parseArth()
	return p.node(node{kind: nRel, pos: start, op: op, rev: rev, a0: a0, a1: a1})
}

// Operator precedence of the libpcap grammar; 0 means the operator has
// no declared precedence (% and ^), which makes yacc always shift.
func arthPrec(k tokKind) int {
	switch k {
	case tPipe:
		return 1
	case tAmp:
		return 2
	case tLSH, tRSH:
		return 3
	case tPlus, tMinus:
		return 4
	case tStar, tSlash:
		return 5
	case tNot: // stands for unary minus on the operator stack
		return 6
	}
	return 0
}

type opEntry struct {
	kind tokKind // tNot for unary minus
	pos  int
}

// parseArth parses an arithmetic expression, reproducing the
// shift/reduce decisions of libpcap's yacc grammar.
func (p *parser) parseArth() *arth {
	if !p.enter(p.tok().pos) {
		p.depth--
		return nil
	}
	a := p.parseArthIn()
	p.depth--
	return a
}

// parseArthIn is parseArth within the nesting depth p.enter counted.
func (p *parser) parseArthIn() *arth {
	var opsBuf [8]opEntry
	var valsBuf [8]*arth
	ops, vals := opsBuf[:0], valsBuf[:0]
	reduce := func() {
		o := ops[len(ops)-1]
		ops = ops[:len(ops)-1]
		if o.kind == tNot {
			v := vals[len(vals)-1]
			vals[len(vals)-1] = p.arth(arth{kind: aNeg, pos: o.pos, l: v})
			return
		}
		r := vals[len(vals)-1]
		l := vals[len(vals)-2]
		vals = vals[:len(vals)-1]
		vals[len(vals)-1] = p.arth(arth{kind: aBin, pos: o.pos, op: o.kind, l: l, r: r})
	}
	operand := func() {
		for p.tok().kind == tMinus {
			ops = append(ops, opEntry{tNot, p.tok().pos})
			p.next()
			if len(ops) > maxDepth {
				p.fail(syntaxErr(p.tok().pos, "expression nested too deeply"))
			}
		}
		vals = append(vals, p.parsePrimary())
	}
	operand()
	for {
		la := p.tok().kind
		if !isArithOp(la) {
			for len(ops) > 0 {
				reduce()
			}
			return vals[0]
		}
		for len(ops) > 0 {
			top := arthPrec(ops[len(ops)-1].kind)
			cur := arthPrec(la)
			if top == 0 || cur == 0 || cur > top {
				break
			}
			reduce()
		}
		ops = append(ops, opEntry{la, p.tok().pos})
		p.next()
		if len(ops) > maxDepth {
			p.fail(syntaxErr(p.tok().pos, "expression nested too deeply"))
		}
		operand()
	}
}

func (p *parser) parsePrimary() *arth {
	t := p.tok()
	if t.err != "" {
		p.fail(syntaxErr(t.pos, "%s", t.err))
		return nil
	}
	switch t.kind {
	case tNum:
		p.next()
		return p.arth(arth{kind: aNum, pos: t.pos, num: t.num})
	case kwLen:
		p.next()
		return p.arth(arth{kind: aLen, pos: t.pos})
	case tLParen:
		p.next()
		a := p.parseArth()
		if c := p.tok(); c.kind != tRParen {
			p.fail(p.unexpected(c, "expected ')'"))
			return nil
		}
		p.next()
		return a
	}
	if pr := pnameOf[t.kind]; pr != 0 {
		p.next()
		if b := p.tok(); b.kind != tLBrack {
			p.fail(p.unexpected(b, fmt.Sprintf("expected '[' after %q", t.text)))
			return nil
		}
		p.next()
		idx := p.parseArth()
		size := uint32(1)
		if p.tok().kind == tColon {
			p.next()
			s := p.tok()
			if s.kind != tNum || s.err != "" {
				p.fail(p.unexpected(s, "expected a size (1, 2 or 4) after ':'"))
				return nil
			}
			p.next()
			size = s.num
			if size != 1 && size != 2 && size != 4 {
				p.fail(invalidErr(s.pos, "data size must be 1, 2, or 4"))
				return nil
			}
		}
		if c := p.tok(); c.kind != tRBrack {
			p.fail(p.unexpected(c, "expected ']'"))
			return nil
		}
		p.next()
		return p.arth(arth{kind: aLoad, pos: t.pos, proto: pr, l: idx, num: size})
	}
	p.fail(p.unexpected(t, "expected a number, 'len' or a packet field such as ip[0]"))
	return nil
}
