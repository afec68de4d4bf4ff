package shell

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/goscapy/goscapy/expr"
	"github.com/goscapy/goscapy/packet"
)

// Shell holds the variables of a session and runs statements.
type Shell struct {
	// Out receives what statements print; Err the messages of Interact.
	Out, Err io.Writer
	// Sandbox refuses the functions that use the network or files
	// (sr, send, sniff, rdpcap, wrpcap, ...).
	Sandbox  bool
	vars     map[string]Value
	exprName map[string]bool
}

// New returns a shell printing to out (errors of interactive sessions to
// errw).
func New(out, errw io.Writer) *Shell {
	s := &Shell{Out: out, Err: errw, vars: map[string]Value{}, exprName: map[string]bool{}}
	for _, n := range expr.Names() {
		s.exprName[strings.ToLower(n)] = true
	}
	return s
}

// Set binds a variable.
func (s *Shell) Set(name string, v Value) { s.vars[name] = v }

// Get returns a variable.
func (s *Shell) Get(name string) (Value, bool) { v, ok := s.vars[name]; return v, ok }

// Vars returns the variable names, sorted.
func (s *Shell) Vars() []string {
	out := make([]string, 0, len(s.vars))
	for n := range s.vars {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// isLiteral reports a name that starts a packet literal: a layer or
// expression-language name that is not a variable or a shell function.
func (s *Shell) isLiteral(name string) bool {
	if _, ok := s.vars[name]; ok {
		return false
	}
	if _, ok := builtins[name]; ok {
		return false
	}
	return packet.Lookup(name) != nil || s.exprName[strings.ToLower(name)]
}

// Exec runs the statements of one piece of text (one line, or a script)
// and stops at the first error, which is an *Error with the position.
func (s *Shell) Exec(ctx context.Context, src string) error {
	err := s.exec(ctx, src)
	if err == nil || errors.Is(err, ErrExit) {
		return err
	}
	var pe *posError
	if !errors.As(err, &pe) {
		return &Error{Line: 0, Col: 1, Msg: err.Error(), Err: err}
	}
	line, col := 1, 1
	for i := 0; i < pe.pos && i < len(src); i++ {
		if src[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	if !strings.Contains(src, "\n") {
		line = 0
	}
	return &Error{Line: line, Col: col, Msg: pe.msg, Err: pe.err}
}

func (s *Shell) exec(ctx context.Context, src string) error {
	toks, err := lex(src)
	if err != nil {
		return err
	}
	start := 0
	for start < len(toks) {
		end := start
		for toks[end].kind != tEOF && toks[end].kind != tSep {
			end++
		}
		if end > start {
			st := append(append([]token(nil), toks[start:end]...), token{kind: tEOF, pos: toks[end].pos, end: toks[end].pos})
			p := &parser{src: src, toks: st, isLit: s.isLiteral}
			stm, err := p.parseStmt()
			if err != nil {
				return err
			}
			if err := s.run(ctx, stm); err != nil {
				return err
			}
		}
		if toks[end].kind == tEOF {
			break
		}
		start = end + 1
	}
	return nil
}

// RunScript runs a script read from r; it stops at the first error.
func (s *Shell) RunScript(ctx context.Context, r io.Reader) error {
	b, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		return err
	}
	err = s.Exec(ctx, string(b))
	if errors.Is(err, ErrExit) {
		return nil
	}
	return err
}

func (s *Shell) run(ctx context.Context, st *stmt) error {
	v, err := s.eval(ctx, st.val)
	if err != nil {
		return err
	}
	switch len(st.targets) {
	case 0:
		if v != nil {
			fmt.Fprintln(s.Out, repr(v))
		}
		return nil
	case 1:
		return s.assign(ctx, st.targets[0], v)
	}
	items, err := unpack(v, len(st.targets))
	if err != nil {
		return wrapAt(st.targets[0].at(), err)
	}
	for i, t := range st.targets {
		if err := s.assign(ctx, t, items[i]); err != nil {
			return err
		}
	}
	return nil
}

func unpack(v Value, n int) ([]Value, error) {
	switch x := v.(type) {
	case *List:
		if len(x.Items) != n {
			return nil, fmt.Errorf("%w: %d values to unpack into %d names", ErrType, len(x.Items), n)
		}
		return x.Items, nil
	case *Results:
		if n != 2 {
			return nil, fmt.Errorf("%w: results unpack into 2 names (answered, unanswered)", ErrType)
		}
		return []Value{x, &List{Name: "Unanswered", Items: pktValues(x.L.Unanswered)}}, nil
	}
	return nil, fmt.Errorf("%w: cannot unpack %s", ErrType, typeName(v))
}

func (s *Shell) assign(ctx context.Context, t node, v Value) error {
	switch t := t.(type) {
	case *nameN:
		if _, ok := builtins[t.name]; ok {
			return errAt(t.pos, ErrName, "%s is a function and cannot be assigned", t.name)
		}
		s.vars[t.name] = v
		return nil
	case *attrN:
		x, err := s.eval(ctx, t.x)
		if err != nil {
			return err
		}
		return wrapAt(t.pos, setField(x, t.name, v))
	case *indexN:
		return errAt(t.pos, ErrType, "item assignment is not supported; assign a field: p[IP].ttl = 3")
	}
	return errAt(t.at(), ErrSyntax, "cannot assign to this expression")
}

func typeName(v Value) string {
	switch v.(type) {
	case nil:
		return "None"
	case int64:
		return "int"
	case float64:
		return "float"
	case bool:
		return "bool"
	case string:
		return "str"
	case []byte:
		return "bytes"
	case *Packet:
		return "packet"
	case *LayerRef:
		return "layer"
	case *List:
		return "list"
	case *Results:
		return "results"
	case *AsyncSniffer:
		return "AsyncSniffer"
	case *bound, *function:
		return "function"
	}
	return fmt.Sprintf("%T", v)
}

func (s *Shell) eval(ctx context.Context, n node) (Value, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrapAt(n.at(), err)
	}
	switch n := n.(type) {
	case *numN:
		return n.val, nil
	case *strN:
		if n.isBytes {
			return []byte(n.s), nil
		}
		return n.s, nil
	case *nameN:
		if v, ok := s.vars[n.name]; ok {
			return v, nil
		}
		switch n.name {
		case "None":
			return nil, nil
		case "True":
			return true, nil
		case "False":
			return false, nil
		}
		if _, ok := builtins[n.name]; ok {
			return &function{name: n.name}, nil
		}
		return nil, errAt(n.pos, ErrName, "name %q is not defined (not a variable, function or layer)", n.name)
	case *litN:
		src, subst := s.substitute(n.src)
		v, err := newTemplatePacket(src)
		if err != nil {
			var se *expr.SyntaxError
			if errors.As(err, &se) && !subst {
				return nil, &posError{pos: n.pos + se.Col - 1, msg: se.Msg, err: err}
			}
			return nil, wrapAt(n.pos, err)
		}
		return v, nil
	case *listN:
		l := &List{tuple: n.tuple}
		for _, it := range n.items {
			v, err := s.eval(ctx, it)
			if err != nil {
				return nil, err
			}
			l.Items = append(l.Items, v)
		}
		return l, nil
	case *binN:
		l, err := s.eval(ctx, n.l)
		if err != nil {
			return nil, err
		}
		r, err := s.eval(ctx, n.r)
		if err != nil {
			return nil, err
		}
		v, err := binop(n.op, l, r)
		return v, wrapAt(n.pos, err)
	case *attrN:
		x, err := s.eval(ctx, n.x)
		if err != nil {
			return nil, err
		}
		v, err := getAttr(x, n.name)
		return v, wrapAt(n.pos, err)
	case *indexN:
		x, err := s.eval(ctx, n.x)
		if err != nil {
			return nil, err
		}
		i, err := s.eval(ctx, n.idx)
		if err != nil {
			return nil, err
		}
		v, err := index(x, i)
		return v, wrapAt(n.pos, err)
	case *callN:
		return s.call(ctx, n)
	}
	return nil, errAt(n.at(), ErrSyntax, "cannot evaluate this expression")
}

// substitute replaces, in a packet literal, the field values that name a
// variable by the variable's value: IP(dst=target).
func (s *Shell) substitute(src string) (string, bool) {
	toks, err := lex(src)
	if err != nil || len(s.vars) == 0 {
		return src, false
	}
	var b strings.Builder
	last, changed := 0, false
	for i := 1; i+1 < len(toks); i++ {
		t := toks[i]
		if t.kind != tName {
			continue
		}
		prev, next := toks[i-1], toks[i+1]
		if prev.kind != tOp || !strings.Contains("=(,[", prev.text) || next.kind != tOp && next.kind != tEOF ||
			next.kind == tOp && !strings.Contains(",)]/", next.text) {
			continue
		}
		v, ok := s.vars[t.text]
		if !ok {
			continue
		}
		r, ok := literalRepr(v)
		if !ok {
			continue
		}
		b.WriteString(src[last:t.pos])
		b.WriteString(r)
		last = t.end
		changed = true
	}
	if !changed {
		return src, false
	}
	b.WriteString(src[last:])
	return b.String(), true
}

// literalRepr renders v as a value of the expression language.
func literalRepr(v Value) (string, bool) {
	switch x := v.(type) {
	case nil, bool, int64, float64, []byte:
		return repr(x), true
	case string:
		return pyStr(x, '"'), true
	case *Packet:
		if x.p == nil {
			return x.src, true
		}
		return x.Command(), true
	case *List:
		parts := make([]string, len(x.Items))
		for i, it := range x.Items {
			r, ok := literalRepr(it)
			if !ok {
				return "", false
			}
			parts[i] = r
		}
		if x.tuple {
			return "(" + strings.Join(parts, ", ") + ")", true
		}
		return "[" + strings.Join(parts, ", ") + "]", true
	}
	return "", false
}

func binop(op string, l, r Value) (Value, error) {
	switch op {
	case "/":
		lp, lok := l.(*Packet)
		if !lok {
			if lr, ok := l.(*LayerRef); ok {
				return nil, fmt.Errorf("%w: stack on the packet, not on one of its layers (%s)", ErrType, repr(lr))
			}
			return nil, fmt.Errorf("%w: cannot stack on a %s", ErrType, typeName(l))
		}
		var rs string
		switch x := r.(type) {
		case *Packet:
			if x.p != nil {
				rs = x.Command()
			} else {
				rs = x.src
			}
		case string:
			rs = pyStr(x, '"')
		case []byte:
			rs = repr(x)
		default:
			return nil, fmt.Errorf("%w: cannot stack a %s on a packet", ErrType, typeName(r))
		}
		ls := lp.src
		if lp.p != nil {
			ls = lp.Command()
		}
		return newTemplatePacket(ls + "/" + rs)
	case "+":
		switch x := l.(type) {
		case int64:
			if y, ok := r.(int64); ok {
				return x + y, nil
			}
		case float64:
			if y, ok := toFloat(r); ok {
				return x + y, nil
			}
		case string:
			if y, ok := r.(string); ok {
				return x + y, nil
			}
		case []byte:
			if y, ok := r.([]byte); ok {
				return append(append([]byte(nil), x...), y...), nil
			}
		case *List:
			if y, ok := r.(*List); ok {
				return &List{Name: x.Name, Items: append(append([]Value(nil), x.Items...), y.Items...), tuple: x.tuple}, nil
			}
		}
	case "*":
		n, ok := r.(int64)
		if !ok || n < 0 || n > 1<<20 {
			break
		}
		switch x := l.(type) {
		case int64:
			return x * n, nil
		case string:
			if len(x)*int(n) <= 1<<24 {
				return strings.Repeat(x, int(n)), nil
			}
		case []byte:
			if len(x)*int(n) <= 1<<24 {
				return []byte(strings.Repeat(string(x), int(n))), nil
			}
		}
	}
	return nil, fmt.Errorf("%w: unsupported operand types for %s: %s and %s", ErrType, op, typeName(l), typeName(r))
}

func toFloat(v Value) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

func index(x, i Value) (Value, error) {
	switch x := x.(type) {
	case *List:
		n, ok := i.(int64)
		if !ok {
			return nil, fmt.Errorf("%w: a list index is an integer, not a %s", ErrType, typeName(i))
		}
		if n < 0 {
			n += int64(len(x.Items))
		}
		if n < 0 || n >= int64(len(x.Items)) {
			return nil, fmt.Errorf("%w: index %s of a list of %d", ErrIndex, repr(i), len(x.Items))
		}
		return x.Items[n], nil
	case *Results:
		n, ok := i.(int64)
		if !ok {
			return nil, fmt.Errorf("%w: an index is an integer", ErrType)
		}
		a := x.L.Answered
		if n < 0 {
			n += int64(len(a))
		}
		if n < 0 || n >= int64(len(a)) {
			return nil, fmt.Errorf("%w: index %s of %d answers", ErrIndex, repr(i), len(a))
		}
		return &List{Items: []Value{&Packet{p: a[n].Sent}, &Packet{p: a[n].Received}}, tuple: true}, nil
	case *Packet:
		return layerRef(x, i)
	case *LayerRef:
		return layerRef(x.pkt, i)
	}
	return nil, fmt.Errorf("%w: a %s cannot be indexed", ErrType, typeName(x))
}

// layerRef resolves p[TCP], p["TCP"], p[1].
func layerRef(p *Packet, i Value) (Value, error) {
	var pr *packet.Proto
	switch x := i.(type) {
	case int64:
		r := &LayerRef{pkt: p, nth: int(x)}
		if _, _, err := r.layer(); err != nil {
			return nil, err
		}
		return r, nil
	case string:
		pr = packet.Lookup(x)
		if pr == nil {
			return nil, fmt.Errorf("%w: unknown layer %q", ErrIndex, x)
		}
	case *Packet:
		q, err := x.First()
		if err != nil || q.NumLayers() == 0 {
			return nil, fmt.Errorf("%w: index a packet with a layer name: p[TCP]", ErrType)
		}
		pr = q.Layer(0).Proto()
	default:
		return nil, fmt.Errorf("%w: index a packet with a layer name or a number, not a %s", ErrType, typeName(i))
	}
	r := &LayerRef{pkt: p, proto: pr}
	if _, _, err := r.layer(); err != nil {
		return nil, err
	}
	return r, nil
}

// readLines is used by Interact when the input is not a terminal.
func (s *Shell) readLines(ctx context.Context, r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	var failed error
	for sc.Scan() {
		if err := s.Exec(ctx, sc.Text()); err != nil {
			if errors.Is(err, ErrExit) {
				return nil
			}
			fmt.Fprintln(s.Err, "goscapy: "+err.Error())
			failed = err
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return failed
}
