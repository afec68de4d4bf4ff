package expr

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/netip"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// layerT is one layer of a template: a registered protocol, the values
// its Scapy class implies, and the fields the expression sets.
type layerT struct {
	proto    *packet.Proto
	class    string // the Scapy class name String prints
	written  string // the name as written, for messages
	at       int    // offset of the name
	presets  []preset
	newFn    func() packet.Layer // nil: proto.New
	trailer  func() packet.Layer // appended at the end of the packet
	assigns  []*assign           // in the protocol's field order
	extra    []string            // arguments String prints that are no assign
	hidden   bool                // a payload String prints as an argument of the layer before
	pending  map[string]any      // what a class's kwarg hook gathers for its finish hook
	padFrame bool                // pad the frame from this Ethernet layer on to 60 bytes (LLDP)
	prefix   string              // printed before the layer: "dns_compress("
	suffix   string
	fuzz     bool
	fuzzable []*fields.Field
	member   *memberT // set when this is a sub-layer folded into a list field
}

type preset struct {
	name string
	v    any
}

// assign is one field the expression sets.
type assign struct {
	name  string
	field *fields.Field // nil for names the layer's Set takes beyond its table
	gen   gen
	dim   int // index in Template.dims, -1 for single values
	repr  string
	at    int
	order int
}

// memberT is a Scapy layer that goscapy holds in the layer before it: as
// an element of a list field (SCTP chunks, LLDP TLVs), or as fields
// (merge: IGMPv3mq, BGPOpen).
type memberT struct {
	parent string // protocol name of the layer that holds it
	field  string
	val    any
	merge  bool
}

// compiler turns the syntax tree into a template.
type compiler struct {
	src   string
	depth int
}

func (c *compiler) errAt(at int, err error, format string, a ...any) *SyntaxError {
	if err == nil {
		err = ErrSyntax
	}
	return &SyntaxError{Col: column(c.src, at), Msg: fmt.Sprintf(format, a...), Err: err}
}

func (c *compiler) text(n node) string {
	s, e := n.span()
	if s < 0 || e > len(c.src) || s > e {
		return ""
	}
	return c.src[s:e]
}

// packet compiles a packet expression into its layers.
func (c *compiler) packet(n node) ([]*layerT, error) {
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > maxDepth {
		s, _ := n.span()
		return nil, c.errAt(s, nil, "expression nested too deeply")
	}
	switch n := n.(type) {
	case *binExpr:
		switch n.op {
		case "/":
			l, err := c.packet(n.l)
			if err != nil {
				return nil, err
			}
			r, err := c.packet(n.r)
			if err != nil {
				return nil, err
			}
			return append(l, r...), nil
		case "and":
			if err := c.ignorable(n.l); err != nil {
				return nil, err
			}
			return c.packet(n.r)
		case "+", "*":
			v, err := c.constant(n)
			if err != nil {
				return nil, err
			}
			b, ok := asBytes(v)
			if !ok {
				return nil, c.errAt(n.at, nil, "expected a layer or a payload, found %s", c.text(n))
			}
			return []*layerT{c.payload(n.start, b)}, nil
		}
	case *strLit:
		return []*layerT{c.payload(n.start, []byte(n.val))}, nil
	case *walrusExpr:
		return c.packet(n.val)
	case *callExpr:
		if n.name == "fuzz" && n.recv == nil {
			if len(n.args) != 1 || n.args[0].name != "" {
				return nil, c.errAt(n.start, nil, "fuzz takes one layer: fuzz(TCP())")
			}
			ls, err := c.packet(n.args[0].val)
			if err != nil {
				return nil, err
			}
			for _, l := range ls {
				l.fuzz = true
			}
			return ls, nil
		}
		if w, ok := wrappers[n.name]; ok && n.recv == nil {
			if len(n.args) != 1 || n.args[0].name != "" {
				return nil, c.errAt(n.start, nil, "%s takes one packet", n.name)
			}
			ls, err := c.packet(n.args[0].val)
			if err != nil {
				return nil, err
			}
			if err := w(ls); err != nil {
				return nil, c.errAt(n.start, ErrBadValue, "%s: %v", n.name, err)
			}
			if len(ls) > 0 {
				ls[0].prefix = n.name + "(" + ls[0].prefix
				ls[len(ls)-1].suffix += ")"
			}
			return ls, nil
		}
		if _, ok := objects[n.name]; ok && n.recv == nil && classes[n.name] == nil {
			v, err := c.constant(n)
			if err != nil {
				return nil, err
			}
			if b, ok := asBytes(v); ok {
				return []*layerT{c.payload(n.start, b)}, nil
			}
			return nil, c.errAt(n.start, nil, "%s() is no layer", n.name)
		}
		return c.layer(n)
	case *bareLit:
		if lookupClass(n.text) != nil {
			return c.packet(&callExpr{start: n.start, end: n.end, name: n.text, nameEnd: n.end})
		}
		return nil, c.errAt(n.start, ErrUnknownLayer, "unknown layer %q", n.text)
	}
	s, _ := n.span()
	return nil, c.errAt(s, nil, "expected a layer, found %s", c.text(n))
}

// ignorable accepts the operands of "and" before the packet in the import
// idiom: (M := __import__('scapy.contrib.x', fromlist=['*'])) and
// (L := M.Layer) and (...). Every layer is registered, so module imports
// and class aliases change nothing.
func (c *compiler) ignorable(n node) error {
	switch n := n.(type) {
	case *walrusExpr:
		return nil
	case *callExpr:
		if n.name == "__import__" || n.recv != nil && !n.parens {
			return nil
		}
	case *binExpr:
		if n.op == "and" {
			if err := c.ignorable(n.l); err != nil {
				return err
			}
			return c.ignorable(n.r)
		}
	}
	s, _ := n.span()
	return c.errAt(s, nil, "only module imports and name bindings may come before \"and\"")
}

// payload is a Raw layer holding b.
func (c *compiler) payload(at int, b []byte) *layerT {
	pr := packet.Lookup("Raw")
	return &layerT{proto: pr, class: "Raw", written: "Raw", at: at,
		assigns: []*assign{{name: "load", field: pr.Field("load"), gen: constGen{b}, dim: -1, repr: pyBytesRepr(b), at: at}}}
}

// newLayer returns a fresh layer with the class's defaults.
func (l *layerT) newLayer() packet.Layer {
	if l.newFn != nil {
		return l.newFn()
	}
	return l.proto.New()
}

// layer compiles NAME(args): the layer, and a Raw payload after it when
// the class carries an argument so.
func (c *compiler) layer(call *callExpr) ([]*layerT, error) {
	cl := lookupClass(call.name)
	if cl == nil {
		return nil, c.errAt(call.start, ErrUnknownLayer, "unknown layer %q", call.name)
	}
	pr := packet.Lookup(cl.proto)
	if pr == nil {
		return nil, c.errAt(call.start, ErrUnknownLayer, "unknown layer %q", call.name)
	}
	if cl.member != "" {
		l, err := c.member(call, cl, pr)
		if err != nil {
			return nil, err
		}
		return []*layerT{l}, nil
	}
	l := &layerT{proto: pr, class: cl.name, written: call.name, at: call.start, newFn: cl.new, trailer: cl.trailer}
	for _, ps := range cl.presets {
		l.presets = append(l.presets, preset{ps.name, ps.v})
	}
	var tail *layerT
	scratch := l.newLayer()
	for _, ps := range l.presets {
		if err := scratch.Set(ps.name, ps.v); err != nil {
			return nil, c.errAt(call.start, ErrBadValue, "%s: %v", call.name, err)
		}
	}
	seen := map[string]bool{}
	var extra []*assign
	for _, a := range call.args {
		name := a.name
		if name == "" {
			name = cl.positional
			if name == "" && len(pr.Fields) == 1 {
				name = pr.Fields[0].Name
			}
			if name == "" {
				return nil, &SyntaxError{Col: column(c.src, a.at), Layer: pr.Name, Err: ErrSyntax,
					Msg: fmt.Sprintf("%s: value %s has no field name (fields: %s)", call.name, a.written, fieldNames(pr))}
			}
		}
		if to, ok := cl.rename[name]; ok {
			name = to
		}
		if seen[name] {
			return nil, c.errAt(a.at, ErrSyntax, "%s: field %s given twice", call.name, name)
		}
		seen[name] = true
		if split, ok := cl.tail[name]; ok {
			v, err := c.constant(a.val)
			if err != nil {
				return nil, err
			}
			b, ok := pyBytesOf(v)
			if !ok {
				return nil, c.fieldErr(l, name, a, fmt.Errorf("%w: %s is not bytes", ErrBadValue, a.written))
			}
			sets, rest := split(b)
			for _, ps := range sets {
				extra = append(extra, &assign{name: ps.name, field: pr.Field(ps.name), gen: constGen{ps.v}, dim: -1, at: a.at})
			}
			if len(rest) > 0 {
				tail = c.payload(a.at, rest)
				tail.hidden = true
			}
			l.extra = append(l.extra, name+"="+pyBytesRepr(b))
			continue
		}
		if cl.kwarg != nil {
			if as, ok, err := cl.kwarg(c, l, name, a); ok || err != nil {
				if err != nil {
					return nil, c.fieldErr(l, name, a, err)
				}
				extra = append(extra, as...)
				continue
			}
		}
		f := pr.Field(name)
		if f == nil {
			return nil, &SyntaxError{Col: column(c.src, a.at), Layer: pr.Name, Field: name, Err: ErrNoField,
				Msg: fmt.Sprintf("%s has no field %q (fields: %s)", call.name, name, fieldNames(pr))}
		}
		g, err := c.fieldGen(l, f, a)
		if err != nil {
			return nil, err
		}
		as := &assign{name: name, field: f, gen: g, dim: -1, at: a.at, repr: c.repr(f, a.val)}
		for i := range pr.Fields {
			if &pr.Fields[i] == f {
				as.order = i
			}
		}
		l.assigns = append(l.assigns, as)
	}
	if cl.finish != nil {
		if err := cl.finish(c, l); err != nil {
			var se *SyntaxError
			if errors.As(err, &se) {
				return nil, err
			}
			return nil, c.errAt(call.start, ErrBadValue, "%s: %v", call.name, err)
		}
	}
	sortAssigns(l.assigns)
	l.assigns = append(l.assigns, extra...)
	// validate every value on a scratch layer, in the order the template
	// sets them
	for _, as := range l.assigns {
		for _, v := range as.gen.samples() {
			if err := scratch.Set(as.name, v); err != nil {
				a := arg{name: as.name, at: as.at, written: as.repr}
				for _, x := range call.args {
					if x.at == as.at {
						a = x
					}
				}
				return nil, c.fieldErr(l, as.name, a, err)
			}
		}
	}
	l.fuzzable = fuzzable(pr, l)
	if cl.merge {
		l.member = &memberT{parent: cl.proto, merge: true}
	}
	if tail != nil {
		return []*layerT{l, tail}, nil
	}
	return []*layerT{l}, nil
}

// sortAssigns puts the fields in the protocol's declaration order, the
// order Scapy sets them in and expands them in.
func sortAssigns(as []*assign) {
	for i := 1; i < len(as); i++ {
		for j := i; j > 0 && as[j].order < as[j-1].order; j-- {
			as[j], as[j-1] = as[j-1], as[j]
		}
	}
}

// fuzzable lists the fields fuzz() draws for l: those the expression left
// alone, that are not computed, of a kind that has random values.
func fuzzable(pr *packet.Proto, l *layerT) []*fields.Field {
	var out []*fields.Field
	for i := range pr.Fields {
		f := &pr.Fields[i]
		if f.Auto {
			continue
		}
		switch {
		case f.Kind == fields.KindUint, f.Kind == fields.KindMAC, f.Kind == fields.KindIPv4, f.Kind == fields.KindIPv6:
		case f.Kind == fields.KindBytes && f.Name == "load":
		default:
			continue
		}
		set := false
		for _, a := range l.assigns {
			if a.name == f.Name {
				set = true
			}
		}
		if !set {
			out = append(out, f)
		}
	}
	return out
}

func (c *compiler) fieldErr(l *layerT, name string, a arg, err error) error {
	var se *SyntaxError
	if errors.As(err, &se) {
		return err
	}
	kind := ErrBadValue
	if errors.Is(err, fields.ErrNoField) {
		kind = ErrNoField
	}
	return &SyntaxError{Col: column(c.src, a.at), Layer: l.proto.Name, Field: name,
		Err: fmt.Errorf("%w: %w", kind, err), Msg: fmt.Sprintf("%s(%s=%s): %v", l.written, name, a.written, err)}
}

func fieldNames(pr *packet.Proto) string {
	names := make([]string, len(pr.Fields))
	for i := range pr.Fields {
		names[i] = pr.Fields[i].Name
	}
	return strings.Join(names, ", ")
}

// isIPField reports fields that take an address, where Scapy expands a
// network ("10.0.0.0/30") into its addresses.
func isIPField(f *fields.Field) bool { return f.Kind == fields.KindIPv4 || f.Kind == fields.KindIPv6 }

// fieldGen compiles the value of one field.
func (c *compiler) fieldGen(l *layerT, f *fields.Field, a arg) (gen, error) {
	if conv := converterFor(l.proto.Name, f.Name); conv != nil {
		v, err := conv(c, a.val)
		if err != nil {
			return nil, c.fieldErr(l, f.Name, a, err)
		}
		return constGen{v}, nil
	}
	if f.Kind == fields.KindList {
		// a list field holds the list: no expansion. The layer's Set
		// says which Go form it takes.
		v, err := c.listFieldValue(a.val)
		if err != nil {
			return nil, c.fieldErr(l, f.Name, a, err)
		}
		var cands []any
		if nl, ok := a.val.(*numLit); ok && !nl.isFloat {
			// a number is tried as a number before its hex bytes
			if iv, err := c.constant(nl); err == nil {
				cands = append(cands, iv)
			}
		}
		var first error
		for _, cand := range append(cands, candidates(v)...) {
			s := l.newLayer()
			for _, ps := range l.presets {
				_ = s.Set(ps.name, ps.v)
			}
			err := s.Set(f.Name, cand)
			if err == nil {
				return constGen{cand}, nil
			}
			if first == nil {
				first = err
			}
		}
		return nil, c.fieldErr(l, f.Name, a, first)
	}
	g, err := c.setGen(f, a.val, true)
	if err != nil {
		return nil, c.fieldErr(l, f.Name, a, err)
	}
	return g, nil
}

// setGen compiles a value that may be a set: a list, a range tuple, a
// network, a volatile value, or a constant. top is false for the items of
// a list (whose own lists are values, not sets).
func (c *compiler) setGen(f *fields.Field, n node, top bool) (gen, error) {
	switch n := n.(type) {
	case *listLit:
		if !top {
			return nil, fmt.Errorf("%w: a list inside a list", ErrBadValue)
		}
		items := make([]gen, 0, len(n.elems))
		for _, e := range n.elems {
			g, err := c.setGen(f, e, false)
			if err != nil {
				return nil, err
			}
			items = append(items, g)
		}
		return newList(items), nil
	case *tupleLit:
		if lo, hi, step, ok := c.rangeTuple(n); ok {
			if f.Kind != fields.KindUint {
				return nil, fmt.Errorf("%w: a range (lo, hi) needs an integer field", ErrBadValue)
			}
			if lo < 0 || hi < 0 || hi == math.MaxInt64 {
				return nil, fmt.Errorf("%w: bound out of range in %s", ErrBadValue, c.text(n))
			}
			if step == 0 {
				return nil, fmt.Errorf("%w: range step is zero", ErrBadValue)
			}
			return newRange(lo, hi, step), nil
		}
		return nil, fmt.Errorf("%w: a tuple is a range of integers (lo, hi) or (lo, hi, step)", ErrBadValue)
	case *callExpr:
		if g, ok, err := c.volatile(f, n); ok || err != nil {
			return g, err
		}
		if n.name == "Net" || n.name == "Net6" {
			if len(n.args) != 1 {
				return nil, fmt.Errorf("%w: %s takes one network", ErrBadValue, n.name)
			}
			v, err := c.constant(n.args[0].val)
			if err != nil {
				return nil, err
			}
			s, ok := v.(string)
			if !ok {
				if b, ok2 := v.(bareText); ok2 {
					s, ok = string(b), true
				}
			}
			p, err := netip.ParsePrefix(strings.TrimSpace(s))
			if !ok || err != nil {
				if a, err2 := netip.ParseAddr(strings.TrimSpace(s)); ok && err2 == nil {
					return constGen{a}, nil
				}
				return nil, fmt.Errorf("%w: %s(%s) is no network", ErrBadValue, n.name, c.text(n.args[0].val))
			}
			return newNet(p), nil
		}
	case *strLit, *bareLit:
		if isIPField(f) {
			text := ""
			if s, ok := n.(*strLit); ok && !s.isBytes {
				text = s.val
			} else if b, ok := n.(*bareLit); ok {
				text = b.text
			}
			if strings.Contains(text, "/") {
				p, err := netip.ParsePrefix(strings.TrimSpace(text))
				if err != nil {
					return nil, fmt.Errorf("%w: network %q: %v", ErrBadValue, text, err)
				}
				return newNet(p), nil
			}
		}
	}
	v, err := c.scalar(f, n)
	if err != nil {
		return nil, err
	}
	return constGen{normalize(f, v)}, nil
}

// normalize converts text to the field's value once, so that expanding
// does not parse it for every packet: integers (names and flag letters
// too), MACs, addresses. Text the field table cannot read stays text for
// the layer's own Set (ICMP code names, ARP addresses of other sizes).
func normalize(f *fields.Field, v any) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	switch f.Kind {
	case fields.KindUint:
		if u, err := f.ParseUint(s); err == nil {
			return u
		}
	case fields.KindMAC:
		if m, err := fields.MACFrom(s); err == nil {
			return m
		}
	case fields.KindIPv4, fields.KindIPv6:
		if a, err := fields.AddrFrom(s, f.Kind == fields.KindIPv6); err == nil {
			return a
		}
	}
	return v
}

// rangeTuple reads (lo, hi) or (lo, hi, step) of integers.
func (c *compiler) rangeTuple(t *tupleLit) (lo, hi, step int64, ok bool) {
	if len(t.elems) < 2 || len(t.elems) > 3 {
		return 0, 0, 0, false
	}
	var v [3]int64
	v[2] = 1
	for i, e := range t.elems {
		x, err := c.constant(e)
		if err != nil {
			return 0, 0, 0, false
		}
		switch x := x.(type) {
		case int64:
			v[i] = x
		case uint64:
			if x > math.MaxInt64 {
				return 0, 0, 0, false
			}
			v[i] = int64(x)
		case bool:
			if x {
				v[i] = 1
			}
		default:
			return 0, 0, 0, false
		}
	}
	return v[0], v[1], v[2], true
}

// scalar converts a constant to what the field's Set takes.
func (c *compiler) scalar(f *fields.Field, n node) (any, error) {
	switch n := n.(type) {
	case *numLit:
		switch f.Kind {
		case fields.KindUint:
			if n.isFloat {
				return n.f, nil
			}
			if n.neg {
				return nil, fmt.Errorf("%w: negative %s", fields.ErrBadValue, n.text)
			}
			return n.val, nil
		default:
			// text keeps the legacy forms: 0x hex for byte strings
			return n.text, nil
		}
	case *bareLit:
		switch n.text {
		case "None":
			return nil, nil
		case "True", "False":
			if f.Kind == fields.KindUint {
				return n.text == "True", nil
			}
		}
		return n.text, nil
	}
	v, err := c.constant(n)
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case string:
		if f.Kind == fields.KindBytes {
			return []byte(x), nil
		}
		return x, nil
	case bareText:
		return string(x), nil
	case []byte:
		switch f.Kind {
		case fields.KindString:
			return string(x), nil
		case fields.KindUint:
			return nil, fmt.Errorf("%w: bytes for an integer field", fields.ErrBadValue)
		}
		return x, nil
	case *packetVal:
		b, err := x.bytes()
		if err != nil {
			return nil, err
		}
		return b, nil
	}
	return v, nil
}

// listFieldValue converts the value of a list field (options, records)
// without a converter of its own: lists of text become []string, 0x hex
// becomes bytes.
func (c *compiler) listFieldValue(n node) (any, error) {
	if b, ok := n.(*bareLit); ok {
		if b.text == "None" {
			return nil, nil
		}
		if h, ok := strings.CutPrefix(strings.ToLower(b.text), "0x"); ok {
			if v, err := hex.DecodeString(h); err == nil {
				return v, nil
			}
		}
		return b.text, nil
	}
	if nl, ok := n.(*numLit); ok {
		if h, ok := strings.CutPrefix(strings.ToLower(nl.text), "0x"); ok && len(h)%2 == 0 && len(h) > 2 {
			if v, err := hex.DecodeString(h); err == nil {
				return v, nil
			}
		}
	}
	v, err := c.constant(n)
	if err != nil {
		return nil, err
	}
	return plainValue(v), nil
}

// plainValue turns lists of text into []string, bare text into string.
func plainValue(v any) any {
	switch x := v.(type) {
	case bareText:
		return string(x)
	case []any:
		strs := make([]string, 0, len(x))
		for _, e := range x {
			switch s := e.(type) {
			case string:
				strs = append(strs, s)
			case bareText:
				strs = append(strs, string(s))
			default:
				return x
			}
		}
		return strs
	}
	return v
}

// volatile compiles Scapy's random values: RandShort(), RandIP("10.0.0.0/8")...
func (c *compiler) volatile(f *fields.Field, n *callExpr) (gen, bool, error) {
	args, err := c.args(n)
	if err != nil {
		return nil, true, err
	}
	num := func(i int, def uint64) (uint64, error) {
		if i >= len(args) {
			return def, nil
		}
		switch x := args[i].(type) {
		case int64:
			if x < 0 {
				return 0, fmt.Errorf("%w: %s: negative bound", ErrBadValue, n.name)
			}
			return uint64(x), nil
		case uint64:
			return x, nil
		}
		return 0, fmt.Errorf("%w: %s takes integers", ErrBadValue, n.name)
	}
	str := func(i int, def string) (string, error) {
		if i >= len(args) {
			return def, nil
		}
		switch x := args[i].(type) {
		case string:
			return x, nil
		case bareText:
			return string(x), nil
		}
		return "", fmt.Errorf("%w: %s takes a text template", ErrBadValue, n.name)
	}
	switch n.name {
	case "RandByte":
		return randGen{kind: randUint, hi: math.MaxUint8}, true, nil
	case "RandShort":
		return randGen{kind: randUint, hi: math.MaxUint16}, true, nil
	case "RandInt":
		return randGen{kind: randUint, hi: math.MaxUint32}, true, nil
	case "RandLong":
		return randGen{kind: randUint, hi: math.MaxUint64}, true, nil
	case "RandNum":
		lo, err := num(0, 0)
		if err != nil {
			return nil, true, err
		}
		hi, err := num(1, 0)
		if err != nil {
			return nil, true, err
		}
		if len(args) != 2 || hi < lo {
			return nil, true, fmt.Errorf("%w: RandNum(lo, hi) with lo <= hi", ErrBadValue)
		}
		return randGen{kind: randUint, lo: lo, hi: hi}, true, nil
	case "RandIP", "RandIP6":
		def := "0.0.0.0/0"
		if n.name == "RandIP6" || f != nil && f.Kind == fields.KindIPv6 {
			def = "::/0"
		}
		s, err := str(0, def)
		if err != nil {
			return nil, true, err
		}
		p, err := netip.ParsePrefix(strings.TrimSpace(s))
		if err != nil {
			a, err2 := netip.ParseAddr(strings.TrimSpace(s))
			if err2 != nil {
				return nil, true, fmt.Errorf("%w: %s(%q): want a network such as 10.0.0.0/8", ErrBadValue, n.name, s)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		return randGen{kind: randIP, net: p}, true, nil
	case "RandMAC":
		s, err := str(0, "*:*:*:*:*:*")
		if err != nil {
			return nil, true, err
		}
		g := randGen{kind: randMAC}
		parts := strings.Split(s, ":")
		if len(parts) != 6 {
			return nil, true, fmt.Errorf("%w: RandMAC(%q): want six parts such as 00:11:*:*:*:*", ErrBadValue, s)
		}
		for i, p := range parts {
			if p == "*" {
				g.mac[i] = -1
				continue
			}
			b, err := hex.DecodeString(fmt.Sprintf("%02s", p))
			if err != nil || len(b) != 1 {
				return nil, true, fmt.Errorf("%w: RandMAC(%q): %q is neither * nor a hex byte", ErrBadValue, s, p)
			}
			g.mac[i] = int16(b[0])
		}
		return g, true, nil
	case "RandString", "RandBin":
		kind := randString
		if n.name == "RandBin" {
			kind = randBin
		}
		if len(args) == 0 {
			return randGen{kind: kind, n: -1}, true, nil
		}
		size, err := num(0, 0)
		if err != nil {
			return nil, true, err
		}
		if size > 65535 {
			return nil, true, fmt.Errorf("%w: %s(%d): at most 65535 bytes", ErrBadValue, n.name, size)
		}
		return randGen{kind: kind, n: int(size)}, true, nil
	case "RandChoice":
		if len(args) == 0 {
			return nil, true, fmt.Errorf("%w: RandChoice needs values", ErrBadValue)
		}
		g := randGen{kind: randChoice}
		for i := range n.args {
			v, err := c.scalar(f, n.args[i].val)
			if err != nil {
				return nil, true, err
			}
			g.choices = append(g.choices, v)
		}
		return g, true, nil
	}
	return nil, false, nil
}

// args evaluates the positional arguments of a call as constants.
func (c *compiler) args(n *callExpr) ([]any, error) {
	var out []any
	for _, a := range n.args {
		if a.name != "" {
			continue
		}
		v, err := c.constant(a.val)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// bareText is an unquoted value (10.0.0.1, SA, http).
type bareText string

// pyTuple is a Python tuple.
type pyTuple []any

// packetVal is a packet given as a field value (a quoted header).
type packetVal struct {
	layers []*layerT
}

func (p *packetVal) packet() (*packet.Packet, error) {
	t := &Template{layers: p.layers}
	t.finish()
	return t.First()
}

func (p *packetVal) bytes() ([]byte, error) {
	pk, err := p.packet()
	if err != nil {
		return nil, err
	}
	return pk.Build()
}

// constant evaluates a node as a Python constant: string (str), []byte
// (bytes), int64 or uint64, float64, bool, nil, bareText, []any (list),
// pyTuple, *packetVal, or an object a Scapy class call returns.
func (c *compiler) constant(n node) (any, error) {
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > maxDepth {
		s, _ := n.span()
		return nil, c.errAt(s, nil, "expression nested too deeply")
	}
	switch n := n.(type) {
	case *strLit:
		if n.isBytes {
			return []byte(n.val), nil
		}
		return n.val, nil
	case *numLit:
		if n.isFloat {
			return n.f, nil
		}
		if n.neg {
			if n.val > math.MaxInt64 {
				return nil, c.errAt(n.start, ErrBadValue, "number %s out of range", n.text)
			}
			return -int64(n.val), nil
		}
		if n.val <= math.MaxInt64 {
			return int64(n.val), nil
		}
		return n.val, nil
	case *bareLit:
		switch n.text {
		case "None":
			return nil, nil
		case "True":
			return true, nil
		case "False":
			return false, nil
		}
		return bareText(n.text), nil
	case *listLit:
		out := make([]any, 0, len(n.elems))
		for _, e := range n.elems {
			v, err := c.constant(e)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case *tupleLit:
		out := make(pyTuple, 0, len(n.elems))
		for _, e := range n.elems {
			v, err := c.constant(e)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case *negExpr:
		v, err := c.constant(n.x)
		if err != nil {
			return nil, err
		}
		switch x := v.(type) {
		case int64:
			return -x, nil
		case float64:
			return -x, nil
		}
		return nil, c.errAt(n.start, ErrBadValue, "cannot negate %s", c.text(n.x))
	case *walrusExpr:
		return c.constant(n.val)
	case *binExpr:
		return c.binary(n)
	case *callExpr:
		if fn, ok := objects[n.name]; ok {
			v, err := fn(c, n)
			if err != nil {
				var se *SyntaxError
				if errors.As(err, &se) {
					return nil, err
				}
				return nil, c.errAt(n.start, ErrBadValue, "%s: %v", n.name, err)
			}
			return v, nil
		}
		if lookupClass(n.name) != nil || n.name == "fuzz" {
			ls, err := c.packet(n)
			if err != nil {
				return nil, err
			}
			return &packetVal{layers: ls}, nil
		}
		return nil, c.errAt(n.start, ErrUnknownLayer, "unknown function or layer %q", n.name)
	}
	s, _ := n.span()
	return nil, c.errAt(s, nil, "unexpected %s", c.text(n))
}

// binary evaluates + and * on strings, bytes and integers, and / on
// packets.
func (c *compiler) binary(n *binExpr) (any, error) {
	if n.op == "/" && isObjectExpr(n) {
		// records stacked as Scapy does: DNSRR(...)/DNSRR(...)
		l, err := c.constant(n.l)
		if err != nil {
			return nil, err
		}
		r, err := c.constant(n.r)
		if err != nil {
			return nil, err
		}
		return append(append([]any(nil), pyList(l)...), pyList(r)...), nil
	}
	if n.op == "/" {
		ls, err := c.packet(n)
		if err != nil {
			return nil, err
		}
		return &packetVal{layers: ls}, nil
	}
	if n.op == "and" {
		if err := c.ignorable(n.l); err != nil {
			return nil, err
		}
		return c.constant(n.r)
	}
	l, err := c.constant(n.l)
	if err != nil {
		return nil, err
	}
	r, err := c.constant(n.r)
	if err != nil {
		return nil, err
	}
	bad := func() error {
		return c.errAt(n.at, ErrBadValue, "cannot compute %s", c.text(n))
	}
	switch n.op {
	case "+":
		switch x := l.(type) {
		case string:
			if y, ok := r.(string); ok {
				return x + y, nil
			}
		case []byte:
			if y, ok := r.([]byte); ok {
				return append(append([]byte(nil), x...), y...), nil
			}
		case int64:
			if y, ok := r.(int64); ok {
				return x + y, nil
			}
		case []any:
			if y, ok := r.([]any); ok {
				return append(append([]any(nil), x...), y...), nil
			}
		}
		return nil, bad()
	case "*":
		k, ok := r.(int64)
		v := l
		if !ok {
			k, ok = l.(int64)
			v = r
		}
		if !ok {
			return nil, bad()
		}
		if k < 0 {
			k = 0
		}
		switch x := v.(type) {
		case string:
			if int64(len(x))*k > 1<<20 {
				return nil, c.errAt(n.at, ErrBadValue, "%s is longer than 1 MiB", c.text(n))
			}
			return strings.Repeat(x, int(k)), nil
		case []byte:
			if int64(len(x))*k > 1<<20 {
				return nil, c.errAt(n.at, ErrBadValue, "%s is longer than 1 MiB", c.text(n))
			}
			out := make([]byte, 0, len(x)*int(k))
			for i := int64(0); i < k; i++ {
				out = append(out, x...)
			}
			return out, nil
		case int64:
			if y, ok := l.(int64); ok && v == r {
				return y * x, nil
			}
			return x * k, nil
		}
		return nil, bad()
	}
	return nil, bad()
}

// isObjectExpr reports a "/" stack of values that are no layers
// (DNSRR(...)/DNSRR(...)).
func isObjectExpr(n node) bool {
	switch n := n.(type) {
	case *callExpr:
		_, obj := objects[n.name]
		return obj && lookupClass(n.name) == nil
	case *binExpr:
		return n.op == "/" && isObjectExpr(n.l) && isObjectExpr(n.r)
	}
	return false
}

// asBytes converts strings and bytes to a payload.
func asBytes(v any) ([]byte, bool) {
	switch x := v.(type) {
	case string:
		return []byte(x), true
	case []byte:
		return x, true
	}
	return nil, false
}

// newRand returns the source of a template's random values.
func newRand(seed int64, seeded bool) *rand.Rand {
	if seeded {
		return rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	}
	return rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
}
