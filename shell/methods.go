package shell

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// methods lists the methods of each kind of value (for completion too).
var methods = map[string][]string{
	"packet":       {"show", "show2", "summary", "command", "hexdump", "copy", "haslayer", "getlayer"},
	"layer":        {"show", "show2", "summary", "command", "hexdump", "copy", "haslayer", "getlayer"},
	"list":         {"summary", "nsummary", "show"},
	"results":      {"summary", "nsummary", "show", "table"},
	"AsyncSniffer": {"start", "stop", "join"},
}

// Methods returns the method names of a value.
func Methods(v Value) []string { return methods[typeName(v)] }

func getAttr(x Value, name string) (Value, error) {
	if contains(methods[typeName(x)], name) {
		return &bound{recv: x, name: name}, nil
	}
	switch x := x.(type) {
	case *AsyncSniffer:
		if name == "results" {
			return x.results(), nil
		}
	case *LayerRef:
		p, i, err := x.layer()
		if err != nil {
			return nil, err
		}
		for _, l := range p.Layers()[i:] {
			if l.Proto().Field(name) != nil {
				v, err := l.Get(name)
				return fieldValue(v), err
			}
		}
		return nil, fmt.Errorf("%w: %s has no field %s", ErrName, p.Layer(i).Proto().Name, name)
	case *Packet:
		p, err := x.First()
		if err != nil {
			return nil, err
		}
		for _, l := range p.Layers() {
			if l.Proto().Field(name) != nil {
				v, err := l.Get(name)
				return fieldValue(v), err
			}
		}
		return nil, fmt.Errorf("%w: no layer of the packet has a field %s", ErrName, name)
	}
	return nil, fmt.Errorf("%w: a %s has no attribute %s", ErrName, typeName(x), name)
}

// fieldValue converts a field's Go value to a shell value.
func fieldValue(v any) Value {
	switch x := v.(type) {
	case nil, string, []byte, bool, int64, float64:
		return x
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint64:
		return int64(x)
	case int:
		return int64(x)
	case netip.Addr:
		return x.String()
	case fields.MAC:
		return x.String()
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

func (s *Shell) method(ctx context.Context, recv Value, name string, a *args) (Value, error) {
	if !contains(methods[typeName(recv)], name) {
		return nil, fmt.Errorf("%w: a %s has no method %s", ErrName, typeName(recv), name)
	}
	switch r := recv.(type) {
	case *AsyncSniffer:
		switch name {
		case "start":
			return nil, r.start(ctx)
		case "stop":
			return r.wait(ctx, true)
		case "join":
			return r.wait(ctx, false)
		}
	case *Results:
		var b strings.Builder
		switch name {
		case "summary":
			b.WriteString(r.L.Summary())
		case "nsummary":
			for i, p := range r.L.Answered {
				fmt.Fprintf(&b, "%04d %s ==> %s\n", i, p.Sent.String(), p.Received.String())
			}
		case "show":
			for i, p := range r.L.Answered {
				fmt.Fprintf(&b, "%04d %s ==> %s\n", i, p.Sent.String(), p.Received.String())
			}
		case "table":
			if err := r.L.Table(&b); err != nil {
				return nil, err
			}
		}
		_, err := io.WriteString(s.Out, b.String())
		return nil, err
	case *List:
		var b strings.Builder
		for i, it := range r.Items {
			switch name {
			case "summary":
				b.WriteString(summaryLine(it) + "\n")
			case "nsummary", "show":
				fmt.Fprintf(&b, "%04d %s\n", i, summaryLine(it))
			}
		}
		_, err := io.WriteString(s.Out, b.String())
		return nil, err
	case *Packet, *LayerRef:
		return s.packetMethod(ctx, recv, name, a)
	}
	return nil, fmt.Errorf("%w: a %s has no method %s", ErrName, typeName(recv), name)
}

func summaryLine(v Value) string {
	switch x := v.(type) {
	case *Packet:
		p, err := x.First()
		if err != nil {
			return err.Error()
		}
		return p.String()
	case *List:
		parts := make([]string, len(x.Items))
		for i, it := range x.Items {
			parts[i] = summaryLine(it)
		}
		return strings.Join(parts, " ==> ")
	}
	return repr(v)
}

func (s *Shell) packetMethod(ctx context.Context, recv Value, name string, a *args) (Value, error) {
	var ps []*packet.Packet
	var err error
	pv, isPkt := recv.(*Packet)
	switch name {
	case "copy":
		if isPkt {
			if pv.p != nil {
				return &Packet{p: pv.p}, nil
			}
			return &Packet{src: pv.src, t: pv.t}, nil
		}
		return recv, nil
	case "haslayer", "getlayer":
		if err := a.want(1, 1); err != nil {
			return nil, err
		}
		base := pv
		if !isPkt {
			base = recv.(*LayerRef).pkt
		}
		v, err := layerRef(base, a.pos[0])
		if name == "haslayer" {
			return err == nil, nil
		}
		if err != nil {
			return nil, nil
		}
		return v, nil
	case "command":
		if isPkt {
			return pv.Command(), nil
		}
	}
	if err := a.want(0, 0); err != nil {
		return nil, err
	}
	ps, err = valuePackets(recv)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for i, p := range ps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		switch name {
		case "show":
			b.WriteString(p.Show())
		case "show2":
			frame, err := p.Build()
			if err != nil {
				return nil, err
			}
			b.WriteString(redissect(frame, p).Show())
		case "summary":
			b.WriteString(p.String() + "\n")
		case "command":
			b.WriteString(packetCommand(p) + "\n")
		case "hexdump":
			frame, err := p.Build()
			if err != nil {
				return nil, err
			}
			if i > 0 {
				b.WriteString("\n")
			}
			b.WriteString(packet.HexDump(frame))
		}
	}
	if name == "summary" && len(ps) == 1 {
		return strings.TrimSuffix(b.String(), "\n"), nil
	}
	if name == "command" {
		return strings.TrimSuffix(b.String(), "\n"), nil
	}
	_, err = io.WriteString(s.Out, b.String())
	return nil, err
}

// redissect decodes built bytes again so that computed fields show their
// values (Scapy's show2()); when the bindings lead elsewhere, the bytes
// are decoded as the layers of the built packet.
func redissect(frame []byte, built *packet.Packet) *packet.Packet {
	if built.NumLayers() == 0 {
		return built
	}
	if p, err := packet.Dissect(frame, built.Layer(0).Proto().Type()); err == nil {
		return p
	}
	p := packet.New()
	ctx := &packet.DecodeContext{Packet: p}
	off := 0
	for _, l := range built.Layers() {
		nl := l.Proto().New()
		ctx.Offset = off
		res, err := nl.DecodeFromBytes(frame[off:], ctx)
		if err != nil || res.HeaderLen < 0 || res.HeaderLen > len(frame)-off {
			return built
		}
		p.Append(nl)
		off += res.HeaderLen
	}
	if off < len(frame) {
		p.Append(&packet.Raw{Load: frame[off:]})
	}
	return p
}

// setField assigns a field: p[IP].ttl = 3 or p.ttl = 3.
func setField(x Value, name string, v Value) error {
	var r *LayerRef
	switch x := x.(type) {
	case *LayerRef:
		r = x
	case *Packet:
		p, err := x.First()
		if err != nil {
			return err
		}
		for i, l := range p.Layers() {
			if l.Proto().Field(name) != nil {
				r = &LayerRef{pkt: x, nth: i}
				break
			}
		}
		if r == nil {
			return fmt.Errorf("%w: no layer of the packet has a field %s", ErrName, name)
		}
	default:
		return fmt.Errorf("%w: a %s has no fields", ErrType, typeName(x))
	}
	p, i, err := r.layer()
	if err != nil {
		return err
	}
	l := p.Layer(i)
	if l.Proto().Field(name) == nil {
		return fmt.Errorf("%w: %s has no field %s", ErrName, l.Proto().Name, name)
	}
	if r.pkt.p != nil {
		return l.Set(name, goValue(v))
	}
	// A described packet: change its description, so that copies, sets
	// and computed fields behave as if it had been written so.
	lr, ok := literalRepr(v)
	if !ok {
		return fmt.Errorf("%w: a %s cannot be a field value", ErrType, typeName(v))
	}
	k := 0 // the occurrence of this protocol in the packet
	for j := 0; j < i; j++ {
		if p.Layer(j).Proto() == l.Proto() {
			k++
		}
	}
	src, err := editSource(r.pkt.src, l.Proto(), k, i, p.NumLayers(), name, lr)
	if err != nil {
		return err
	}
	np, err := newTemplatePacket(src)
	if err != nil {
		return err
	}
	*r.pkt = *np
	return nil
}

func goValue(v Value) any {
	switch x := v.(type) {
	case bool:
		if x {
			return 1
		}
		return 0
	case *Packet:
		b, err := x.Bytes()
		if err != nil {
			return nil
		}
		return b
	}
	return v
}

// editSource sets field=value in the term of src that describes layer
// index of a packet of n layers: the index-th term when src has one term
// per layer, else the k-th term naming proto.
func editSource(src string, proto *packet.Proto, k, index, n int, field, value string) (string, error) {
	toks, err := lex(src)
	if err != nil {
		return "", err
	}
	// Top-level terms, split at "/".
	type term struct{ start, end int }
	var terms []term
	depth, start := 0, 0
	for _, t := range toks {
		if t.kind == tOp {
			switch t.text {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				depth--
			case "/":
				if depth == 0 {
					terms = append(terms, term{start, t.pos})
					start = t.end
				}
			}
		}
		if t.kind == tEOF {
			terms = append(terms, term{start, len(src)})
		}
	}
	seen := 0
	for ti, tm := range terms {
		text := strings.TrimSpace(src[tm.start:tm.end])
		if len(terms) == n {
			if ti != index {
				continue
			}
		} else {
			name := text
			if i := strings.IndexAny(text, "( "); i >= 0 {
				name = text[:i]
			}
			if packet.Lookup(name) != proto {
				continue
			}
			if seen != k {
				seen++
				continue
			}
		}
		off := tm.start + strings.Index(src[tm.start:tm.end], text)
		edited, err := editTerm(text, field, value)
		if err != nil {
			return "", err
		}
		return src[:off] + edited + src[off+len(text):], nil
	}
	return "", fmt.Errorf("%w: cannot set %s here: the layer is not written as %s(...) in %s", ErrType, field, proto.Name, src)
}

// editTerm sets field=value in a term NAME or NAME(args).
func editTerm(text, field, value string) (string, error) {
	i := strings.IndexByte(text, '(')
	if i < 0 {
		if strings.ContainsAny(text, " \t") {
			return "", fmt.Errorf("%w: cannot set %s in %q", ErrType, field, text)
		}
		return text + "(" + field + "=" + value + ")", nil
	}
	if !strings.HasSuffix(text, ")") {
		return "", fmt.Errorf("%w: cannot set %s in %q", ErrType, field, text)
	}
	inner := text[i+1 : len(text)-1]
	toks, err := lex(inner)
	if err != nil {
		return "", err
	}
	// Split the arguments at top-level commas.
	var argsText []string
	depth, start := 0, 0
	for _, t := range toks {
		if t.kind == tOp {
			switch t.text {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				depth--
			case ",":
				if depth == 0 {
					argsText = append(argsText, inner[start:t.pos])
					start = t.end
				}
			}
		}
	}
	argsText = append(argsText, inner[start:])
	out := make([]string, 0, len(argsText)+1)
	replaced := false
	for _, a := range argsText {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		if eq := strings.IndexByte(a, '='); eq > 0 && strings.TrimSpace(a[:eq]) == field {
			a = field + "=" + value
			replaced = true
		}
		out = append(out, a)
	}
	if !replaced {
		out = append(out, field+"="+value)
	}
	return text[:i+1] + strings.Join(out, ", ") + ")", nil
}
