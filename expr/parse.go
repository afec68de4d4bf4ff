package expr

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The syntax tree. Offsets are byte offsets into the source.

type node interface {
	span() (start, end int)
}

// strLit is a quoted string: Python str, or bytes with a b prefix.
type strLit struct {
	start, end int
	val        string // the bytes (UTF-8 for str literals)
	isBytes    bool
}

// numLit is a Python number literal: an integer (val, neg) or a float.
type numLit struct {
	start, end int
	text       string
	isFloat    bool
	val        uint64
	neg        bool
	f          float64
}

// bareLit is an unquoted value that is no number: 10.0.0.1,
// aa:bb:cc:dd:ee:ff, SA, http, None, True.
type bareLit struct {
	start, end int
	text       string
}

type listLit struct {
	start, end int
	elems      []node
}

type tupleLit struct {
	start, end int
	elems      []node
}

// callExpr is NAME(args), also a layer written without parentheses
// (parens false) and the form with space-separated arguments.
type callExpr struct {
	start, end int
	name       string // the last component of a dotted name
	nameEnd    int
	recv       node // what the name was qualified with, if anything
	args       []arg
	parens     bool
	open       int // offset of "("
}

type arg struct {
	name    string // "" for a positional argument
	at      int    // offset of the name, or of the value
	val     node
	written string // the value as written
}

// binExpr is l OP r with OP one of / * + and (the keyword).
type binExpr struct {
	start, end int
	op         string
	at         int // offset of the operator
	l, r       node
}

// walrusExpr is (NAME := value), Python's assignment expression.
type walrusExpr struct {
	start, end int
	name       string
	val        node
}

// negExpr is -x on a non-literal operand.
type negExpr struct {
	start, end int
	x          node
}

func (n *strLit) span() (int, int)     { return n.start, n.end }
func (n *numLit) span() (int, int)     { return n.start, n.end }
func (n *bareLit) span() (int, int)    { return n.start, n.end }
func (n *listLit) span() (int, int)    { return n.start, n.end }
func (n *tupleLit) span() (int, int)   { return n.start, n.end }
func (n *callExpr) span() (int, int)   { return n.start, n.end }
func (n *binExpr) span() (int, int)    { return n.start, n.end }
func (n *walrusExpr) span() (int, int) { return n.start, n.end }
func (n *negExpr) span() (int, int)    { return n.start, n.end }

// maxDepth bounds nesting (lists in lists, calls in calls).
const maxDepth = 64

type parser struct {
	s     string
	i     int
	depth int
}

func (p *parser) errAt(at int, format string, a ...any) error {
	return &SyntaxError{Col: column(p.s, at), Msg: fmt.Sprintf(format, a...), Err: ErrSyntax}
}

func (p *parser) eof() bool { return p.i >= len(p.s) }

func (p *parser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (p *parser) skipSpace() {
	for p.i < len(p.s) && isSpace(p.s[p.i]) {
		p.i++
	}
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isIdentByte(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// found describes the character at the cursor for messages.
func (p *parser) found() string {
	if p.eof() {
		return "end of text"
	}
	r, _ := utf8.DecodeRuneInString(p.s[p.i:])
	return strconv.QuoteRune(r)
}

// atQuote reports a string literal at the cursor, with an optional b, r,
// rb or br prefix; it returns the prefix length.
func (p *parser) atQuote() (int, bool) {
	for n := 0; n <= 2 && p.i+n < len(p.s); n++ {
		c := p.s[p.i+n]
		if c == '"' || c == '\'' {
			pre := strings.ToLower(p.s[p.i : p.i+n])
			switch pre {
			case "", "b", "r", "rb", "br", "u":
				return n, true
			}
			return 0, false
		}
		if !strings.ContainsRune("bBrRuU", rune(c)) {
			return 0, false
		}
	}
	return 0, false
}

// ident reads an identifier at the cursor ("" if there is none).
func (p *parser) ident() string {
	start := p.i
	if p.eof() || !isIdentStart(p.s[p.i]) {
		return ""
	}
	for p.i < len(p.s) && isIdentByte(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

// parse parses a whole expression.
func parse(s string) (node, error) {
	p := &parser{s: s}
	p.skipSpace()
	if p.eof() {
		return nil, &SyntaxError{Col: 1, Msg: "empty expression", Err: ErrEmpty}
	}
	n, err := p.expr(true, true, "")
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if !p.eof() {
		return nil, p.errAt(p.i, "expected / between layers, found %s", p.found())
	}
	return n, nil
}

// ctx describes where a value is: the delimiters that end a bare value and
// what is being parsed, for messages.
type vctx struct {
	layerPos bool   // an operand of the packet chain: a bare name is a layer
	slash    bool   // "/" is the packet operator here
	stops    string // characters that end a bare value
	strict   bool   // quotes, parentheses and "=" inside a bare value are errors
	what     string // "IP dst", for messages
}

// expr parses: and-chain of sums.
func (p *parser) expr(layerPos, slash bool, what string) (node, error) {
	return p.exprCtx(vctx{layerPos: layerPos, slash: slash, stops: "", what: what})
}

func (p *parser) exprCtx(c vctx) (node, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, p.errAt(p.i, "expression nested too deeply")
	}
	l, err := p.sum(c)
	if err != nil {
		return nil, err
	}
	for {
		save := p.i
		p.skipSpace()
		if strings.HasPrefix(p.s[p.i:], "and") && p.i+3 < len(p.s) && (isSpace(p.s[p.i+3]) || p.s[p.i+3] == '(') {
			at := p.i
			p.i += 3
			p.skipSpace()
			r, err := p.sum(c)
			if err != nil {
				return nil, err
			}
			ls, _ := l.span()
			_, re := r.span()
			l = &binExpr{start: ls, end: re, op: "and", at: at, l: l, r: r}
			continue
		}
		p.i = save
		return l, nil
	}
}

// sum: term { "+" term }
func (p *parser) sum(c vctx) (node, error) {
	l, err := p.term(c)
	if err != nil {
		return nil, err
	}
	for {
		save := p.i
		p.skipSpace()
		if p.peek() != '+' {
			p.i = save
			return l, nil
		}
		at := p.i
		p.i++
		p.skipSpace()
		if p.eof() {
			return nil, p.errAt(p.i, "missing operand after +")
		}
		rc := c
		rc.layerPos = false
		r, err := p.term(rc)
		if err != nil {
			return nil, err
		}
		ls, _ := l.span()
		_, re := r.span()
		l = &binExpr{start: ls, end: re, op: "+", at: at, l: l, r: r}
	}
}

// term: unary { ("/" | "*") unary }
func (p *parser) term(c vctx) (node, error) {
	l, err := p.unary(c)
	if err != nil {
		return nil, err
	}
	for {
		save := p.i
		p.skipSpace()
		op := p.peek()
		if op != '*' && !(op == '/' && c.slash) {
			p.i = save
			return l, nil
		}
		at := p.i
		p.i++
		p.skipSpace()
		if p.eof() {
			if op == '/' {
				return nil, p.errAt(p.i, "missing layer after /")
			}
			return nil, p.errAt(p.i, "missing operand after *")
		}
		rc := c
		if op == '*' {
			rc.layerPos = false // a repetition count
		}
		r, err := p.unary(rc)
		if err != nil {
			return nil, err
		}
		ls, _ := l.span()
		_, re := r.span()
		l = &binExpr{start: ls, end: re, op: string(op), at: at, l: l, r: r}
	}
}

func (p *parser) unary(c vctx) (node, error) {
	if p.peek() == '-' && p.i+1 < len(p.s) && !isDigit(p.s[p.i+1]) && p.s[p.i+1] != '.' {
		start := p.i
		p.i++
		p.skipSpace()
		x, err := p.primary(c)
		if err != nil {
			return nil, err
		}
		_, e := x.span()
		return &negExpr{start: start, end: e, x: x}, nil
	}
	return p.primary(c)
}

// primary parses a literal, a list or tuple, a call, a layer name or a
// bare value.
func (p *parser) primary(c vctx) (node, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, p.errAt(p.i, "expression nested too deeply")
	}
	if p.eof() {
		return nil, p.errAt(p.i, "missing value")
	}
	start := p.i
	if n, ok := p.atQuote(); ok {
		s, err := p.quoted(n)
		if err != nil {
			return nil, err
		}
		return p.postfix(s, c)
	}
	switch ch := p.s[p.i]; {
	case ch == '[':
		return p.list()
	case ch == '(':
		n, err := p.paren(c)
		if err != nil {
			return nil, err
		}
		return p.postfix(n, c)
	case isIdentStart(ch):
		return p.name(c)
	}
	if c.layerPos {
		return nil, p.errAt(start, "expected a layer name, found %s", p.found())
	}
	return p.bare(c)
}

// postfix handles .NAME(...) after a call or a parenthesised expression
// (the import idiom: __import__('m').Layer(), (M := ...).Layer()).
func (p *parser) postfix(n node, c vctx) (node, error) {
	for {
		if p.peek() != '.' || p.i+1 >= len(p.s) || !isIdentStart(p.s[p.i+1]) {
			return n, nil
		}
		p.i++
		name := p.ident()
		for p.peek() == '.' && p.i+1 < len(p.s) && isIdentStart(p.s[p.i+1]) {
			p.i++
			name = p.ident()
		}
		start, _ := n.span()
		call := &callExpr{start: start, name: name, nameEnd: p.i, recv: n}
		save := p.i
		p.skipSpace()
		if p.peek() == '(' {
			if err := p.callArgs(call); err != nil {
				return nil, err
			}
		} else {
			p.i = save
			call.end = p.i
		}
		n = call
	}
}

// name parses a call NAME(...) or qualifier.NAME(...), a layer name (with
// the space-separated argument form in layer position), or a bare value
// that starts with a letter (http, SA, aabb.ccdd.eeff, fe80::1).
func (p *parser) name(c vctx) (node, error) {
	start := p.i
	id := p.ident()
	nameEnd := p.i
	// a dotted name: qualifier.NAME
	last, qualEnd, j := id, -1, p.i
	for j+1 < len(p.s) && p.s[j] == '.' && isIdentStart(p.s[j+1]) {
		k := j + 1
		for k < len(p.s) && isIdentByte(p.s[k]) {
			k++
		}
		qualEnd, last, j = j, p.s[j+1:k], k
	}
	k := j
	for k < len(p.s) && isSpace(p.s[k]) {
		k++
	}
	dottedOK := qualEnd < 0 || j >= len(p.s) || !strings.ContainsRune(".:-", rune(p.s[j]))
	if k < len(p.s) && p.s[k] == '(' && dottedOK {
		call := &callExpr{start: start, name: last, nameEnd: j}
		if qualEnd >= 0 {
			call.recv = &bareLit{start: start, end: qualEnd, text: p.s[start:qualEnd]}
		}
		p.i = k
		if err := p.callArgs(call); err != nil {
			return nil, err
		}
		return p.postfix(call, c)
	}
	if !c.layerPos {
		p.i = start
		return p.bare(c)
	}
	if qualEnd >= 0 && dottedOK {
		// qualifier.NAME without parentheses
		p.i = j
		return &callExpr{start: start, name: last, nameEnd: j, end: j,
			recv: &bareLit{start: start, end: qualEnd, text: p.s[start:qualEnd]}}, nil
	}
	// a layer without parentheses, perhaps with arguments separated by
	// white space: IP dst=10.0.0.1 ttl=3
	p.i = nameEnd
	if !p.eof() && !strings.ContainsRune(" \t\r\n/),]", rune(p.s[p.i])) {
		return nil, p.errAt(p.i, "expected / between layers, found %s", p.found())
	}
	call := &callExpr{start: start, name: id, nameEnd: nameEnd, end: nameEnd}
	return call, p.spaceArgs(call)
}

func (p *parser) foundAt(at int) string {
	save := p.i
	p.i = at
	defer func() { p.i = save }()
	return p.found()
}

// spaceArgs parses the arguments of a layer written without parentheses:
// NAME=VALUE or VALUE separated by white space, up to "/" or the end.
func (p *parser) spaceArgs(call *callExpr) error {
	for {
		save := p.i
		p.skipSpace()
		if p.eof() || p.peek() == '/' || p.peek() == ')' || p.peek() == ',' || p.peek() == ']' || p.i == save {
			p.i = save
			return nil
		}
		if strings.HasPrefix(p.s[p.i:], "and") && p.i+3 < len(p.s) && isSpace(p.s[p.i+3]) {
			p.i = save
			return nil
		}
		a, err := p.arg(call.name, vctx{stops: " \t\r\n/", strict: true})
		if err != nil {
			return err
		}
		call.args = append(call.args, a)
		call.end = p.i
	}
}

// callArgs parses "(" [arg {"," arg} [","]] ")" at the cursor.
func (p *parser) callArgs(call *callExpr) error {
	call.open = p.i
	call.parens = true
	p.i++
	for {
		p.skipSpace()
		if p.eof() {
			return p.errAt(call.open, "%s: missing )", call.name)
		}
		if p.peek() == ')' {
			p.i++
			call.end = p.i
			return nil
		}
		a, err := p.arg(call.name, vctx{stops: ",)", strict: true, slash: true})
		if err != nil {
			return err
		}
		call.args = append(call.args, a)
		p.skipSpace()
		if p.eof() {
			return p.errAt(call.open, "%s: missing )", call.name)
		}
		switch p.peek() {
		case ',':
			p.i++
			p.skipSpace()
			if p.peek() == ',' {
				return p.errAt(p.i, "%s: expected name=value", call.name)
			}
		case ')':
			p.i++
			call.end = p.i
			return nil
		default:
			return p.errAt(p.i, "%s: expected , or ) after a field, found %s", call.name, p.found())
		}
	}
}

// arg parses NAME=VALUE or a positional VALUE.
func (p *parser) arg(layer string, c vctx) (arg, error) {
	a := arg{at: p.i}
	start := p.i
	if id := p.ident(); id != "" {
		save := p.i
		p.skipSpace()
		if p.peek() == '=' && (p.i+1 >= len(p.s) || p.s[p.i+1] != '=') {
			a.name = id
			p.i++
			p.skipSpace()
			if p.eof() || strings.IndexByte(c.stops, p.s[p.i]) >= 0 {
				return a, p.errAt(p.i, "%s: missing value for %s", layer, id)
			}
			c.what = layer + " " + id
			vstart := p.i
			v, err := p.value(c)
			if err != nil {
				return a, err
			}
			a.val = v
			a.written = strings.TrimSpace(p.s[vstart:p.i])
			return a, nil
		}
		p.i = save
	}
	p.i = start
	if p.eof() || strings.IndexByte(c.stops, p.s[p.i]) >= 0 || p.s[p.i] == '=' {
		return a, p.errAt(p.i, "%s: expected name=value", layer)
	}
	c.what = layer
	v, err := p.value(c)
	if err != nil {
		return a, err
	}
	a.val = v
	a.written = strings.TrimSpace(p.s[start:p.i])
	return a, nil
}

// value parses a field value: an expression whose bare parts end at the
// context's delimiters.
func (p *parser) value(c vctx) (node, error) {
	c.layerPos = false
	return p.exprCtx(c)
}

// list parses [a, b, ...].
func (p *parser) list() (node, error) {
	open := p.i
	p.i++
	l := &listLit{start: open}
	for {
		p.skipSpace()
		if p.eof() {
			return nil, p.errAt(open, "missing ] of the list")
		}
		if p.peek() == ']' {
			p.i++
			l.end = p.i
			return l, nil
		}
		v, err := p.value(vctx{stops: ",]", slash: true, what: "list"})
		if err != nil {
			return nil, err
		}
		l.elems = append(l.elems, v)
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.i++
		case ']':
		default:
			if p.eof() {
				return nil, p.errAt(open, "missing ] of the list")
			}
			return nil, p.errAt(p.i, "expected , or ] in a list, found %s", p.found())
		}
	}
}

// paren parses a tuple (a, b), a parenthesised expression (x) or an
// assignment expression (NAME := x).
func (p *parser) paren(c vctx) (node, error) {
	open := p.i
	p.i++
	p.skipSpace()
	// (NAME := value)
	save := p.i
	if id := p.ident(); id != "" {
		p.skipSpace()
		if strings.HasPrefix(p.s[p.i:], ":=") {
			p.i += 2
			p.skipSpace()
			v, err := p.exprCtx(vctx{stops: ")", slash: true, layerPos: c.layerPos, what: id})
			if err != nil {
				return nil, err
			}
			p.skipSpace()
			if p.peek() != ')' {
				return nil, p.errAt(open, "missing ) of :=")
			}
			p.i++
			return &walrusExpr{start: open, end: p.i, name: id, val: v}, nil
		}
	}
	p.i = save
	t := &tupleLit{start: open}
	comma := false
	for {
		p.skipSpace()
		if p.eof() {
			return nil, p.errAt(open, "missing )")
		}
		if p.peek() == ')' {
			p.i++
			t.end = p.i
			if len(t.elems) == 1 && !comma {
				return t.elems[0], nil // (x) is x
			}
			return t, nil
		}
		v, err := p.exprCtx(vctx{stops: ",)", slash: true, layerPos: c.layerPos && len(t.elems) == 0, what: c.what})
		if err != nil {
			return nil, err
		}
		t.elems = append(t.elems, v)
		p.skipSpace()
		switch p.peek() {
		case ',':
			comma = true
			p.i++
		case ')':
		default:
			if p.eof() {
				return nil, p.errAt(open, "missing )")
			}
			return nil, p.errAt(p.i, "expected , or ) found %s", p.found())
		}
	}
}

// bare reads an unquoted value up to the context's delimiters: a number,
// or text such as 10.0.0.1, aa:bb:cc:dd:ee:ff, 2001:db8::1, SA, S+A.
func (p *parser) bare(c vctx) (node, error) {
	start := p.i
	stops := c.stops
	if stops == "" {
		stops = " \t\r\n,)]/"
	}
scan:
	for p.i < len(p.s) && strings.IndexByte(stops, p.s[p.i]) < 0 {
		switch ch := p.s[p.i]; ch {
		case ')', ']':
			if !c.strict {
				break scan
			}
			return nil, p.errAt(p.i, "%s: unexpected %q in a value (quote values that hold it)", c.what, ch)
		case '"', '\'', '(', '[':
			return nil, p.errAt(p.i, "%s: unexpected %q in a value (quote values that hold it)", c.what, ch)
		case '=':
			return nil, p.errAt(p.i, "%s: unexpected '=' in a value (a missing comma? quote values that hold it)", c.what)
		case '+', '*':
			// an operator after a number: 16*2, 3+b'x'
			if _, ok := parseNumber(strings.TrimSpace(p.s[start:p.i])); ok {
				break scan
			}
		}
		p.i++
	}
	end := p.i
	text := strings.TrimRight(p.s[start:end], " \t\r\n")
	if text == "" {
		return nil, p.errAt(start, "%s: missing value", c.what)
	}
	tend := start + len(text)
	if n, ok := parseNumber(text); ok {
		n.start, n.end = start, tend
		return n, nil
	}
	return &bareLit{start: start, end: tend, text: text}, nil
}

// parseNumber reads a Python number literal: decimal, 0x, 0o and 0b
// integers with optional underscores and sign, and floats.
func parseNumber(s string) (*numLit, bool) {
	t := s
	neg := false
	if t != "" && (t[0] == '-' || t[0] == '+') {
		neg = t[0] == '-'
		t = t[1:]
	}
	if t == "" || !(isDigit(t[0]) || t[0] == '.' && len(t) > 1 && isDigit(t[1])) {
		return nil, false
	}
	if len(t) > 1 && t[0] == '0' && isDigit(t[1]) {
		return nil, false // 010 is no Python literal
	}
	if u, err := strconv.ParseUint(t, 0, 64); err == nil {
		if neg && u == 0 {
			neg = false
		}
		return &numLit{text: s, val: u, neg: neg}, true
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '_' || (c == '+' || c == '-') && i > 0 && (t[i-1] == 'e' || t[i-1] == 'E')) {
			return nil, false
		}
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(t, "_", ""), 64)
	if err != nil {
		return nil, false
	}
	if neg {
		f = -f
	}
	return &numLit{text: s, isFloat: true, f: f}, true
}

// quoted parses a string literal with Python's escapes; prefix is the
// length of its b/r prefix.
func (p *parser) quoted(prefix int) (node, error) {
	start := p.i
	pre := strings.ToLower(p.s[p.i : p.i+prefix])
	isBytes := strings.Contains(pre, "b")
	raw := strings.Contains(pre, "r")
	p.i += prefix
	q := p.s[p.i]
	triple := strings.HasPrefix(p.s[p.i:], strings.Repeat(string(q), 3))
	if triple {
		p.i += 3
	} else {
		p.i++
	}
	var b strings.Builder
	for {
		if p.eof() {
			return nil, p.errAt(start, "unterminated quoted value")
		}
		c := p.s[p.i]
		switch {
		case c == q && (!triple || strings.HasPrefix(p.s[p.i:], strings.Repeat(string(q), 3))):
			if triple {
				p.i += 3
			} else {
				p.i++
			}
			return &strLit{start: start, end: p.i, val: b.String(), isBytes: isBytes}, nil
		case c == '\\' && !raw:
			if p.i+1 >= len(p.s) {
				return nil, p.errAt(start, "unterminated quoted value")
			}
			if err := p.escape(&b, isBytes); err != nil {
				return nil, err
			}
		case c == '\\' && raw:
			// a raw string keeps the backslash, and the next character
			// does not end it
			b.WriteByte(c)
			p.i++
			if p.i < len(p.s) {
				b.WriteByte(p.s[p.i])
				p.i++
			}
		default:
			if isBytes && c >= 0x80 {
				return nil, p.errAt(p.i, "bytes can only contain ASCII characters (use \\x escapes)")
			}
			b.WriteByte(c)
			p.i++
		}
	}
}

// escape decodes the escape sequence at the cursor (a backslash).
func (p *parser) escape(b *strings.Builder, isBytes bool) error {
	at := p.i
	e := p.s[p.i+1]
	p.i += 2
	put := func(r rune) {
		if isBytes {
			b.WriteByte(byte(r))
		} else {
			b.WriteRune(r)
		}
	}
	switch e {
	case '\\', '\'', '"':
		b.WriteByte(e)
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'a':
		b.WriteByte(7)
	case 'b':
		b.WriteByte(8)
	case 'f':
		b.WriteByte(12)
	case 'v':
		b.WriteByte(11)
	case '\n':
		// a line continuation
	case 'x':
		if p.i+2 > len(p.s) {
			return p.errAt(at, `\x needs two hex digits`)
		}
		v, err := strconv.ParseUint(p.s[p.i:p.i+2], 16, 8)
		if err != nil {
			return p.errAt(at, `\x needs two hex digits, found %q`, p.s[p.i:p.i+2])
		}
		put(rune(v))
		p.i += 2
	case 'u', 'U':
		n := 4
		if e == 'U' {
			n = 8
		}
		if isBytes {
			b.WriteByte('\\')
			b.WriteByte(e)
			return nil
		}
		if p.i+n > len(p.s) {
			return p.errAt(at, `\%c needs %d hex digits`, e, n)
		}
		v, err := strconv.ParseUint(p.s[p.i:p.i+n], 16, 32)
		if err != nil || v > utf8.MaxRune {
			return p.errAt(at, `\%c needs %d hex digits, found %q`, e, n, p.s[p.i:p.i+n])
		}
		b.WriteRune(rune(v))
		p.i += n
	default:
		if e >= '0' && e <= '7' {
			v := uint32(e - '0')
			for k := 0; k < 2 && p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '7'; k++ {
				v = v*8 + uint32(p.s[p.i]-'0')
				p.i++
			}
			if isBytes && v > 255 {
				return p.errAt(at, "octal escape above \\377 in bytes")
			}
			put(rune(v))
			return nil
		}
		// kept as written, as Python does
		b.WriteByte('\\')
		b.WriteByte(e)
	}
	return nil
}
