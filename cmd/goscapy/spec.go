package main

// The packet description language of "goscapy build" (SPEC):
//
//	spec   = layer { "/" layer }
//	layer  = NAME [ "(" [ arg { "," arg } ] ")" ]   Ether(src=aa:bb:cc:dd:ee:ff)
//	       | NAME { arg }                           Ether src=aa:bb:cc:dd:ee:ff
//	       | QUOTED                                 "hello" is Raw(load="hello")
//	arg    = NAME "=" value | value                 a bare value sets a layer's only field
//	value  = QUOTED | BARE
//
// NAME is a protocol name or alias looked up in the registry ignoring case
// (Ether, IP, IPv6, TCP, UDP, ICMP, ARP, DNS, Raw, ...). Inside
// parentheses a BARE value runs to the next "," or ")"; without them, to
// the next space or "/". QUOTED is '...' or "..." (a b prefix is allowed)
// with the escapes \\ \' \" \n \r \t \0 \xHH. White space between tokens
// is ignored, so a spec split over several arguments joined by spaces
// reads the same.
//
// Each field is set with the layer's Set(name, value) and the value text:
// the field kinds parse numbers (80, 0x50), enum names (http), flag letters
// (SA, DF), addresses and "0x..." hex bytes. A quoted value given to a
// byte-string field is taken literally (load="0x41" is four bytes); an
// unquoted None leaves a computed field to the library.

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// specError is a SPEC that cannot be used; col is 1-based.
type specError struct {
	col int
	msg string
}

func (e *specError) Error() string { return fmt.Sprintf("spec column %d: %s", e.col, e.msg) }

// specArg is one name=value (name empty for a bare value).
type specArg struct {
	name, value string
	quoted      bool
	col         int // of the name, or of the value when there is no name
}

// specLayer is one layer of a SPEC.
type specLayer struct {
	name string // as written; "" for a quoted Raw payload
	col  int
	args []specArg
}

type specParser struct {
	s string
	i int
}

func (p *specParser) errorf(at int, format string, a ...any) error {
	return &specError{col: at + 1, msg: fmt.Sprintf(format, a...)}
}

func (p *specParser) skipSpace() {
	for p.i < len(p.s) && isSpace(p.s[p.i]) {
		p.i++
	}
}

func (p *specParser) eof() bool { return p.i >= len(p.s) }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'
}

// atQuote reports a quoted value at the cursor (with an optional b prefix).
func (p *specParser) atQuote() bool {
	if p.eof() {
		return false
	}
	c := p.s[p.i]
	if c == '"' || c == '\'' {
		return true
	}
	return (c == 'b' || c == 'B') && p.i+1 < len(p.s) && (p.s[p.i+1] == '"' || p.s[p.i+1] == '\'')
}

// parseSpec parses a SPEC into layers without looking names up.
func parseSpec(s string) ([]specLayer, error) {
	p := &specParser{s: s}
	var out []specLayer
	p.skipSpace()
	if p.eof() {
		return nil, p.errorf(0, "empty spec")
	}
	for {
		p.skipSpace()
		if p.eof() {
			return nil, p.errorf(p.i, "missing layer after /")
		}
		l, err := p.layer()
		if err != nil {
			return nil, err
		}
		out = append(out, l)
		p.skipSpace()
		if p.eof() {
			return out, nil
		}
		if p.s[p.i] != '/' {
			return nil, p.errorf(p.i, "expected / between layers, found %q", p.s[p.i])
		}
		p.i++
	}
}

func (p *specParser) layer() (specLayer, error) {
	l := specLayer{col: p.i + 1}
	if p.atQuote() {
		v, err := p.quoted()
		if err != nil {
			return l, err
		}
		l.args = []specArg{{value: v, quoted: true, col: l.col}}
		return l, nil
	}
	start := p.i
	for !p.eof() && isNameByte(p.s[p.i]) {
		p.i++
	}
	if p.i == start {
		return l, p.errorf(p.i, "expected a layer name, found %q", p.s[p.i])
	}
	l.name = p.s[start:p.i]
	p.skipSpace()
	if !p.eof() && p.s[p.i] == '(' {
		open := p.i
		p.i++
		for {
			p.skipSpace()
			if p.eof() {
				return l, p.errorf(open, "%s: missing )", l.name)
			}
			if p.s[p.i] == ')' && len(l.args) == 0 {
				p.i++
				return l, nil
			}
			a, err := p.arg(l.name, ",)")
			if err != nil {
				return l, err
			}
			l.args = append(l.args, a)
			p.skipSpace()
			if p.eof() {
				return l, p.errorf(open, "%s: missing )", l.name)
			}
			switch p.s[p.i] {
			case ',':
				p.i++
			case ')':
				p.i++
				return l, nil
			default:
				return l, p.errorf(p.i, "%s: expected , or ) after a field, found %q", l.name, p.s[p.i])
			}
		}
	}
	// the form without parentheses: args separated by spaces
	for {
		p.skipSpace()
		if p.eof() || p.s[p.i] == '/' {
			return l, nil
		}
		a, err := p.arg(l.name, " \t\r\n/")
		if err != nil {
			return l, err
		}
		l.args = append(l.args, a)
	}
}

// arg parses name=value or a bare value; stops ends a bare value.
func (p *specParser) arg(layer, stops string) (specArg, error) {
	a := specArg{col: p.i + 1}
	start := p.i
	for !p.eof() && isNameByte(p.s[p.i]) {
		p.i++
	}
	if p.i > start {
		save := p.i
		p.skipSpace()
		if !p.eof() && p.s[p.i] == '=' {
			a.name = p.s[start:save]
			p.i++
			p.skipSpace()
			vcol := p.i
			if p.eof() || strings.IndexByte(stops, p.s[p.i]) >= 0 {
				return a, p.errorf(vcol, "%s: missing value for %s", layer, a.name)
			}
			return a, p.value(&a, layer, stops)
		}
	}
	p.i = start // a bare value
	if p.eof() || strings.IndexByte(stops, p.s[p.i]) >= 0 || p.s[p.i] == '=' {
		return a, p.errorf(p.i, "%s: expected name=value", layer)
	}
	return a, p.value(&a, layer, stops)
}

// value parses a quoted or bare value into a; stops ends a bare value.
func (p *specParser) value(a *specArg, layer, stops string) error {
	what := layer
	if a.name != "" {
		what += " " + a.name
	}
	if p.atQuote() {
		v, err := p.quoted()
		if err != nil {
			return err
		}
		a.value, a.quoted = v, true
		return nil
	}
	start := p.i
	for !p.eof() && strings.IndexByte(stops, p.s[p.i]) < 0 {
		switch c := p.s[p.i]; c {
		case '"', '\'', '(', ')':
			return p.errorf(p.i, "%s: unexpected %q in a value (quote values that hold it)", what, c)
		case '=':
			return p.errorf(p.i, "%s: unexpected '=' in a value (a missing comma? quote values that hold it)", what)
		}
		p.i++
	}
	a.value = strings.TrimRight(p.s[start:p.i], " \t\r\n")
	return nil
}

// quoted parses '...' or "..." (optionally b'...') with escapes.
func (p *specParser) quoted() (string, error) {
	start := p.i
	if c := p.s[p.i]; c == 'b' || c == 'B' {
		p.i++
	}
	q := p.s[p.i]
	p.i++
	var b strings.Builder
	for {
		if p.eof() {
			return "", p.errorf(start, "unterminated quoted value")
		}
		c := p.s[p.i]
		switch {
		case c == q:
			p.i++
			return b.String(), nil
		case c == '\\':
			if p.i+1 >= len(p.s) {
				return "", p.errorf(start, "unterminated quoted value")
			}
			e := p.s[p.i+1]
			p.i += 2
			switch e {
			case '\\', '\'', '"':
				b.WriteByte(e)
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case '0':
				b.WriteByte(0)
			case 'x':
				if p.i+2 > len(p.s) {
					return "", p.errorf(p.i-2, `\x needs two hex digits`)
				}
				v, err := hex.DecodeString(p.s[p.i : p.i+2])
				if err != nil {
					return "", p.errorf(p.i-2, `\x needs two hex digits, found %q`, p.s[p.i:p.i+2])
				}
				b.WriteByte(v[0])
				p.i += 2
			default: // kept as written, as Python does
				b.WriteByte('\\')
				b.WriteByte(e)
			}
		default:
			b.WriteByte(c)
			p.i++
		}
	}
}

// specLayers parses a SPEC and creates its layers with the fields set.
func specLayers(s string) ([]packet.Layer, error) {
	sl, err := parseSpec(s)
	if err != nil {
		return nil, err
	}
	out := make([]packet.Layer, 0, len(sl))
	for _, l := range sl {
		name := l.name
		if name == "" {
			name = "Raw"
		}
		pr := packet.Lookup(name)
		if pr == nil {
			return nil, &specError{col: l.col, msg: fmt.Sprintf("unknown layer %q (known: %s)", name, layerNames())}
		}
		layer := pr.New()
		for _, a := range l.args {
			if err := setArg(layer, name, a); err != nil {
				return nil, err
			}
		}
		out = append(out, layer)
	}
	return out, nil
}

// setArg sets one field of layer from its text.
func setArg(layer packet.Layer, written string, a specArg) error {
	pr := layer.Proto()
	if a.name == "" {
		if len(pr.Fields) != 1 {
			return &specError{col: a.col, msg: fmt.Sprintf("%s: value %s has no field name (fields: %s)", written, showValue(a), fieldNames(pr))}
		}
		a.name = pr.Fields[0].Name
	}
	var v any = a.value
	f := pr.Field(a.name)
	switch {
	case !a.quoted && a.value == "None":
		v = nil
	case f == nil:
	case a.quoted && f.Kind == fields.KindBytes:
		v = []byte(a.value)
	case !a.quoted && f.Kind == fields.KindList:
		if h, ok := strings.CutPrefix(strings.ToLower(a.value), "0x"); ok {
			if b, err := hex.DecodeString(h); err == nil {
				v = b
			}
		}
	}
	if err := layer.Set(a.name, v); err != nil {
		if errors.Is(err, packet.ErrNoField) {
			return &specError{col: a.col, msg: fmt.Sprintf("%s has no field %q (fields: %s)", written, a.name, fieldNames(pr))}
		}
		return &specError{col: a.col, msg: fmt.Sprintf("%s(%s=%s): %v", written, a.name, showValue(a), err)}
	}
	return nil
}

func showValue(a specArg) string {
	if a.quoted || a.value == "" {
		return fmt.Sprintf("%q", a.value)
	}
	return a.value
}

func fieldNames(pr *packet.Proto) string {
	names := make([]string, len(pr.Fields))
	for i := range pr.Fields {
		names[i] = pr.Fields[i].Name
	}
	return strings.Join(names, ", ")
}
