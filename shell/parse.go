package shell

import (
	"strconv"
	"strings"
)

// Token kinds.
const (
	tEOF = iota
	tName
	tNum
	tStr
	tOp
	tSep // ";" or a newline at depth 0
)

type token struct {
	kind    int
	pos     int // byte offset of the token in the source
	end     int
	text    string // the source text
	str     string // decoded string value
	isBytes bool
}

// lex splits src into tokens. It is lenient: text it does not know
// becomes one-character operator tokens, so that packet literals (with
// unquoted addresses such as 10.0.0.1 or aa:bb:cc:dd:ee:ff) are scanned
// without error; only an unterminated string fails.
func lex(src string) ([]token, error) {
	var toks []token
	depth := 0
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '\n':
			if depth == 0 {
				toks = append(toks, token{kind: tSep, pos: i, end: i + 1, text: "\n"})
			}
			i++
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == ';':
			toks = append(toks, token{kind: tSep, pos: i, end: i + 1, text: ";"})
			i++
		case isStrStart(src, i):
			t, err := lexString(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i = t.end
		case isIdentStart(c):
			j := i + 1
			for j < len(src) && isIdentChar(src[j]) {
				j++
			}
			toks = append(toks, token{kind: tName, pos: i, end: j, text: src[i:j]})
			i = j
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			j := i + 1
			for j < len(src) && (isIdentChar(src[j]) || src[j] == '.' || src[j] == ':') {
				j++
			}
			toks = append(toks, token{kind: tNum, pos: i, end: j, text: src[i:j]})
			i = j
		default:
			switch c {
			case '(', '[', '{':
				depth++
			case ')', ']', '}':
				if depth > 0 {
					depth--
				}
			}
			toks = append(toks, token{kind: tOp, pos: i, end: i + 1, text: src[i : i+1]})
			i++
		}
	}
	toks = append(toks, token{kind: tEOF, pos: len(src), end: len(src)})
	return toks, nil
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentChar(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

// isStrStart reports a string literal at i: a quote, or a b/r/rb/br
// prefix and a quote.
func isStrStart(src string, i int) bool {
	j := i
	for k := 0; k < 2 && j < len(src); k++ {
		switch src[j] {
		case 'b', 'B', 'r', 'R':
			j++
			continue
		}
		break
	}
	if j >= len(src) || src[j] != '"' && src[j] != '\'' {
		return false
	}
	// A prefix only when nothing identifier-like precedes it.
	return j == i || i == 0 || !isIdentChar(src[i-1])
}

func lexString(src string, i int) (token, error) {
	start := i
	raw, bytes := false, false
	for src[i] != '"' && src[i] != '\'' {
		switch src[i] {
		case 'r', 'R':
			raw = true
		case 'b', 'B':
			bytes = true
		}
		i++
	}
	q := src[i]
	triple := strings.HasPrefix(src[i:], strings.Repeat(string(q), 3))
	if triple {
		i += 3
	} else {
		i++
	}
	var b strings.Builder
	for {
		if i >= len(src) || !triple && src[i] == '\n' {
			return token{}, errAt(start, ErrSyntax, "unterminated string")
		}
		c := src[i]
		if triple && strings.HasPrefix(src[i:], strings.Repeat(string(q), 3)) {
			i += 3
			break
		}
		if !triple && c == q {
			i++
			break
		}
		if c == '\\' && !raw && i+1 < len(src) {
			i++
			e := src[i]
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '0':
				b.WriteByte(0)
			case 'a':
				b.WriteByte(7)
			case 'b':
				b.WriteByte(8)
			case 'f':
				b.WriteByte(12)
			case 'v':
				b.WriteByte(11)
			case '\n':
			case 'x':
				if i+2 < len(src) {
					if v, err := strconv.ParseUint(src[i+1:i+3], 16, 8); err == nil {
						b.WriteByte(byte(v))
						i += 3
						continue
					}
				}
				return token{}, errAt(i-1, ErrSyntax, `bad \x escape`)
			default:
				if e != '\\' && e != '\'' && e != '"' {
					b.WriteByte('\\')
				}
				b.WriteByte(e)
			}
			i++
			continue
		}
		b.WriteByte(c)
		i++
	}
	return token{kind: tStr, pos: start, end: i, text: src[start:i], str: b.String(), isBytes: bytes}, nil
}

// AST.
type node interface{ at() int }

type (
	nameN struct {
		pos  int
		name string
	}
	numN struct {
		pos int
		val any // int64 or float64
	}
	strN struct {
		pos     int
		s       string
		isBytes bool
	}
	listN struct {
		pos   int
		items []node
		tuple bool
	}
	litN struct { // a packet literal: expression-language text
		pos int
		src string
	}
	kwarg struct {
		name string
		pos  int
		val  node
	}
	callN struct {
		pos  int
		fn   node
		args []node
		kw   []kwarg
	}
	attrN struct {
		pos  int
		x    node
		name string
	}
	indexN struct {
		pos int
		x   node
		idx node
	}
	binN struct {
		pos  int
		op   string
		l, r node
	}
)

func (n *nameN) at() int  { return n.pos }
func (n *numN) at() int   { return n.pos }
func (n *strN) at() int   { return n.pos }
func (n *listN) at() int  { return n.pos }
func (n *litN) at() int   { return n.pos }
func (n *callN) at() int  { return n.pos }
func (n *attrN) at() int  { return n.pos }
func (n *indexN) at() int { return n.pos }
func (n *binN) at() int   { return n.pos }

// stmt is an expression statement (targets empty) or an assignment.
type stmt struct {
	targets []node
	val     node
}

// maxDepth bounds nesting, so that no input exhausts the stack.
const maxDepth = 200

// maxChain bounds the operators and postfix operations in a row
// (a/b/c..., x.a.b...), whose trees the evaluator walks recursively.
const maxChain = 2000

type parser struct {
	src   string
	toks  []token
	i     int
	depth int
	isLit func(name string) bool // names that start a packet literal
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token {
	t := p.toks[p.i]
	if p.i < len(p.toks)-1 {
		p.i++
	}
	return t
}

func (p *parser) isOp(s string) bool {
	t := p.peek()
	return t.kind == tOp && t.text == s
}

func (p *parser) expect(s string) (token, error) {
	t := p.peek()
	if t.kind != tOp || t.text != s {
		return t, errAt(t.pos, ErrSyntax, "expected %q, found %s", s, describe(t))
	}
	return p.next(), nil
}

func describe(t token) string {
	switch t.kind {
	case tEOF:
		return "end of input"
	case tSep:
		return "end of statement"
	}
	return strconv.Quote(t.text)
}

// parseStmt parses one statement ending at a separator or EOF.
func (p *parser) parseStmt() (*stmt, error) {
	var targets []node
	first, err := p.parseTuple()
	if err != nil {
		return nil, err
	}
	if p.isOp("=") {
		p.next()
		if l, ok := first.(*listN); ok && l.tuple {
			targets = l.items
		} else {
			targets = []node{first}
		}
		for _, t := range targets {
			switch t.(type) {
			case *nameN, *attrN, *indexN:
			default:
				return nil, errAt(t.at(), ErrSyntax, "cannot assign to this expression")
			}
		}
		val, err := p.parseTuple()
		if err != nil {
			return nil, err
		}
		first = val
	}
	if t := p.peek(); t.kind != tEOF && t.kind != tSep {
		return nil, errAt(t.pos, ErrSyntax, "unexpected %s", describe(t))
	}
	return &stmt{targets: targets, val: first}, nil
}

// parseTuple parses "a" or "a, b, ..." (a tuple without parentheses).
func (p *parser) parseTuple() (node, error) {
	pos := p.peek().pos
	x, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	if !p.isOp(",") {
		return x, nil
	}
	items := []node{x}
	for p.isOp(",") {
		p.next()
		if t := p.peek(); t.kind == tEOF || t.kind == tSep || t.kind == tOp && t.text == "=" {
			break
		}
		y, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		items = append(items, y)
	}
	return &listN{pos: pos, items: items, tuple: true}, nil
}

func (p *parser) parseExpr() (node, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, errAt(p.peek().pos, ErrSyntax, "expression nested too deeply")
	}
	l, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for n := 0; p.isOp("/") || p.isOp("+") || p.isOp("*"); n++ {
		op := p.next()
		if n > maxChain {
			return nil, errAt(op.pos, ErrSyntax, "expression too long")
		}
		r, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		l = &binN{pos: op.pos, op: op.text, l: l, r: r}
	}
	return l, nil
}

func (p *parser) parseUnary() (node, error) {
	if p.isOp("-") {
		m := p.next()
		t := p.peek()
		if t.kind != tNum {
			return nil, errAt(m.pos, ErrSyntax, "'-' applies to numbers only")
		}
		p.next()
		v, err := parseNum(t)
		if err != nil {
			return nil, err
		}
		switch x := v.(type) {
		case int64:
			v = -x
		case float64:
			v = -x
		}
		return p.parsePostfix(&numN{pos: m.pos, val: v})
	}
	x, err := p.parsePrimary()
	if err != nil {
		return nil, err
	}
	return p.parsePostfix(x)
}

func (p *parser) parsePostfix(x node) (node, error) {
	for n := 0; ; n++ {
		if n > maxChain {
			return nil, errAt(p.peek().pos, ErrSyntax, "expression too long")
		}
		switch {
		case p.isOp("."):
			p.next()
			t := p.next()
			if t.kind != tName {
				return nil, errAt(t.pos, ErrSyntax, "expected a name after '.', found %s", describe(t))
			}
			x = &attrN{pos: t.pos, x: x, name: t.text}
		case p.isOp("("):
			open := p.next()
			c := &callN{pos: open.pos, fn: x}
			for !p.isOp(")") {
				t := p.peek()
				if t.kind == tName && p.toks[p.i+1].kind == tOp && p.toks[p.i+1].text == "=" {
					p.next()
					p.next()
					v, err := p.parseExpr()
					if err != nil {
						return nil, err
					}
					c.kw = append(c.kw, kwarg{name: t.text, pos: t.pos, val: v})
				} else {
					if len(c.kw) > 0 {
						return nil, errAt(t.pos, ErrSyntax, "positional argument after a keyword argument")
					}
					v, err := p.parseExpr()
					if err != nil {
						return nil, err
					}
					c.args = append(c.args, v)
				}
				if !p.isOp(",") {
					break
				}
				p.next()
			}
			if _, err := p.expect(")"); err != nil {
				return nil, err
			}
			x = c
		case p.isOp("["):
			open := p.next()
			idx, err := p.parseExpr()
			if err != nil {
				return nil, err
			}
			if _, err := p.expect("]"); err != nil {
				return nil, err
			}
			x = &indexN{pos: open.pos, x: x, idx: idx}
		default:
			return x, nil
		}
	}
}

func parseNum(t token) (any, error) {
	s := strings.ReplaceAll(t.text, "_", "")
	if v, err := strconv.ParseInt(s, 0, 64); err == nil {
		return v, nil
	}
	if u, err := strconv.ParseUint(s, 0, 64); err == nil {
		return int64(u), nil
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "xXpP") {
		return v, nil
	}
	return nil, errAt(t.pos, ErrSyntax, "bad number %q", t.text)
}

func (p *parser) parsePrimary() (node, error) {
	t := p.peek()
	switch t.kind {
	case tNum:
		p.next()
		v, err := parseNum(t)
		if err != nil {
			return nil, err
		}
		return &numN{pos: t.pos, val: v}, nil
	case tStr:
		p.next()
		s := &strN{pos: t.pos, s: t.str, isBytes: t.isBytes}
		// Adjacent strings join, as in Python.
		for p.peek().kind == tStr {
			n := p.next()
			s.s += n.str
			s.isBytes = s.isBytes || n.isBytes
		}
		return s, nil
	case tName:
		if p.isLit != nil && p.isLit(t.text) {
			return p.parseLiteral()
		}
		p.next()
		return &nameN{pos: t.pos, name: t.text}, nil
	case tOp:
		switch t.text {
		case "(":
			p.next()
			if p.isOp(")") {
				p.next()
				return &listN{pos: t.pos, tuple: true}, nil
			}
			x, err := p.parseExpr()
			if err != nil {
				return nil, err
			}
			if p.isOp(")") {
				p.next()
				return x, nil
			}
			items := []node{x}
			for p.isOp(",") {
				p.next()
				if p.isOp(")") {
					break
				}
				y, err := p.parseExpr()
				if err != nil {
					return nil, err
				}
				items = append(items, y)
			}
			if _, err := p.expect(")"); err != nil {
				return nil, err
			}
			return &listN{pos: t.pos, items: items, tuple: true}, nil
		case "[":
			p.next()
			l := &listN{pos: t.pos}
			for !p.isOp("]") {
				y, err := p.parseExpr()
				if err != nil {
					return nil, err
				}
				l.items = append(l.items, y)
				if !p.isOp(",") {
					break
				}
				p.next()
			}
			if _, err := p.expect("]"); err != nil {
				return nil, err
			}
			return l, nil
		}
	}
	return nil, errAt(t.pos, ErrSyntax, "unexpected %s", describe(t))
}

// parseLiteral takes a layer name and, when a parenthesis follows, the
// text up to the matching one: a packet literal for package expr.
func (p *parser) parseLiteral() (node, error) {
	name := p.next()
	end := name.end
	if p.isOp("(") {
		depth := 0
		for {
			t := p.next()
			if t.kind == tEOF {
				return nil, errAt(name.pos, ErrSyntax, "%s( is not closed", name.text)
			}
			if t.kind == tOp {
				switch t.text {
				case "(", "[", "{":
					depth++
				case ")", "]", "}":
					depth--
				}
			}
			if depth == 0 {
				end = t.end
				break
			}
		}
	}
	return &litN{pos: name.pos, src: p.src[name.pos:end]}, nil
}
