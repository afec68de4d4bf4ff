package shell

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"sync"

	"github.com/goscapy/goscapy/expr"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sendrecv"
	"github.com/goscapy/goscapy/sniff"
)

// Value is what a shell expression evaluates to: nil (None), int64,
// float64, bool, string, []byte, *List (also tuples), *Packet, *LayerRef,
// *Results, *AsyncSniffer, or a value a function returns to print
// (fmt.Stringer).
type Value any

// Packet is a packet value: either the text of a packet description in
// the expression language (built packets, possibly a set of packets) or a
// packet read from a capture or the wire.
type Packet struct {
	src string         // expression text ("" for a captured packet)
	t   *expr.Template // src parsed
	p   *packet.Packet // a captured packet
}

// maxExpand bounds the packets a template expands to in the shell.
const maxExpand = 1 << 16

// newTemplatePacket parses src.
func newTemplatePacket(src string) (*Packet, error) {
	t, err := expr.Parse(src)
	if err != nil {
		return nil, err
	}
	return &Packet{src: src, t: t}, nil
}

// First returns the packet (the first of a set).
func (v *Packet) First() (*packet.Packet, error) {
	if v.p != nil {
		return v.p, nil
	}
	return v.t.First()
}

// All returns every packet the value stands for.
func (v *Packet) All() ([]*packet.Packet, error) {
	if v.p != nil {
		return []*packet.Packet{v.p}, nil
	}
	n := v.t.Count()
	if n > maxExpand {
		return nil, fmt.Errorf("%w: the expression expands to %d packets (at most %d here)", ErrArgs, n, maxExpand)
	}
	if n == 0 {
		return nil, expr.ErrNoPackets
	}
	out := make([]*packet.Packet, 0, n)
	for _, p := range v.t.All() {
		out = append(out, p)
	}
	return out, nil
}

// Bytes builds the packet (the first of a set).
func (v *Packet) Bytes() ([]byte, error) {
	p, err := v.First()
	if err != nil {
		return nil, err
	}
	if v.p != nil && v.p.Data() != nil {
		return append([]byte(nil), v.p.Data()...), nil
	}
	return p.Build()
}

// Command returns Scapy's command(): text that builds the packet again.
func (v *Packet) Command() string {
	if v.p == nil {
		return v.t.String()
	}
	return packetCommand(v.p)
}

// LayerRef is one layer of a packet value, p[TCP] or p[1].
type LayerRef struct {
	pkt   *Packet
	proto *packet.Proto // nil: by index
	nth   int           // occurrence of proto, or the layer index
}

// layer finds the layer in the packet (the first of a set) and its index.
func (r *LayerRef) layer() (*packet.Packet, int, error) {
	p, err := r.pkt.First()
	if err != nil {
		return nil, 0, err
	}
	if r.proto == nil {
		if r.nth < 0 || r.nth >= p.NumLayers() {
			return nil, 0, fmt.Errorf("%w: layer index %d of a packet of %d layers", ErrIndex, r.nth, p.NumLayers())
		}
		return p, r.nth, nil
	}
	k := 0
	for i, l := range p.Layers() {
		if l.Proto() == r.proto {
			if k == r.nth {
				return p, i, nil
			}
			k++
		}
	}
	return nil, 0, fmt.Errorf("%w: layer %s not found", ErrIndex, r.proto.Name)
}

// List is a list of values: a packet list (rdpcap, sniff) or a tuple.
type List struct {
	Name  string // "Sniffed", "rdpcap", ... for packet lists; "" for others
	Items []Value
	tuple bool
}

// Results is what sr and srp return: the answered pairs and the requests
// left unanswered.
type Results struct {
	L *sendrecv.SndRcvList
}

// AsyncSniffer captures in the background: start(), stop(), join(),
// results.
type AsyncSniffer struct {
	cfg     sniff.SniffConfig
	mu      sync.Mutex
	pkts    []Value
	cancel  context.CancelFunc
	done    chan struct{}
	err     error
	started bool
}

// text is a value printed as it is (the result of traceroute, arping).
type text string

func (t text) String() string { return string(t) }

// bound is a method not yet called: p.show.
type bound struct {
	recv Value
	name string
}

// function is a builtin not yet called.
type function struct{ name string }

// repr returns Python's repr of v, as the shell echoes it.
func repr(v Value) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return pyStr(x, '\'')
	case []byte:
		return "b" + pyStr(string(x), '\'')
	case *Packet:
		if x.p != nil {
			return "<" + x.p.String() + ">"
		}
		return x.src
	case *LayerRef:
		p, i, err := x.layer()
		if err != nil {
			return "<" + err.Error() + ">"
		}
		return "<" + p.Layer(i).Summary() + ">"
	case *List:
		if x.Name != "" {
			return "<" + x.Name + ": " + countProtos(x.Items) + ">"
		}
		parts := make([]string, len(x.Items))
		for i, it := range x.Items {
			parts[i] = repr(it)
		}
		if x.tuple {
			if len(parts) == 1 {
				return "(" + parts[0] + ",)"
			}
			return "(" + strings.Join(parts, ", ") + ")"
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *Results:
		return fmt.Sprintf("(%s, <Unanswered: %s>)", x.L.String(), countProtos(pktValues(x.L.Unanswered)))
	case *AsyncSniffer:
		return "<AsyncSniffer>"
	case *bound:
		return "<bound method " + x.name + ">"
	case *function:
		return "<function " + x.name + ">"
	case netip.Addr, fields.MAC:
		return pyStr(fmt.Sprint(x), '\'')
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// str is Python's str(): strings unquoted, the rest as repr.
func str(v Value) string {
	switch x := v.(type) {
	case string:
		return x
	case text:
		return string(x)
	}
	return repr(v)
}

// pyStr quotes s as a Python string literal.
func pyStr(s string, q byte) string {
	if q == '\'' && strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == q || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(q)
	return b.String()
}

func pktValues(ps []*packet.Packet) []Value {
	out := make([]Value, len(ps))
	for i, p := range ps {
		out[i] = &Packet{p: p}
	}
	return out
}

// countProtos is Scapy's "TCP:1 UDP:0 ICMP:2 Other:0".
func countProtos(items []Value) string {
	var tcp, udp, icmp, other int
	for _, it := range items {
		pv, ok := it.(*Packet)
		if !ok {
			other++
			continue
		}
		p, err := pv.First()
		if err != nil {
			other++
			continue
		}
		switch {
		case p.HasLayer("TCP"):
			tcp++
		case p.HasLayer("UDP"):
			udp++
		case p.HasLayer("ICMP"):
			icmp++
		default:
			other++
		}
	}
	return fmt.Sprintf("TCP:%d UDP:%d ICMP:%d Other:%d", tcp, udp, icmp, other)
}

// packetCommand renders a packet as Scapy's command(): each layer with the
// fields whose value differs from the default.
func packetCommand(p *packet.Packet) string {
	var b strings.Builder
	for i, l := range p.Layers() {
		if i > 0 {
			b.WriteByte('/')
		}
		pr := l.Proto()
		if r, ok := l.(*packet.Raw); ok {
			fmt.Fprintf(&b, "Raw(load=%s)", "b"+pyStr(string(r.Load), '\''))
			continue
		}
		if r, ok := l.(*packet.Padding); ok {
			fmt.Fprintf(&b, "Padding(load=%s)", "b"+pyStr(string(r.Load), '\''))
			continue
		}
		name := pr.Name
		if len(pr.Aliases) > 0 && packet.Lookup(pr.Aliases[0]) == pr && strings.EqualFold(pr.Name, "Ethernet") {
			name = pr.Aliases[0]
		}
		b.WriteString(name)
		b.WriteByte('(')
		n := 0
		for fi := range pr.Fields {
			f := &pr.Fields[fi]
			if !f.Present(l) {
				continue
			}
			v := f.Get(l)
			if v == nil || f.Kind == fields.KindList {
				continue
			}
			if f.Default != nil && fmt.Sprint(v) == fmt.Sprint(f.Default) {
				continue
			}
			var s string
			switch x := v.(type) {
			case []byte:
				if len(x) == 0 && f.Default == nil {
					continue
				}
				s = "b" + pyStr(string(x), '\'')
			case string:
				s = pyStr(x, '"')
			case netip.Addr, fields.MAC:
				s = pyStr(fmt.Sprint(x), '"')
			default:
				if f.Kind == fields.KindUint {
					u, err := f.ParseUint(v)
					if err != nil {
						continue
					}
					s = strconv.FormatUint(u, 10)
				} else {
					s = pyStr(f.Format(l), '"')
				}
			}
			if n > 0 {
				b.WriteString(", ")
			}
			n++
			b.WriteString(f.Name + "=" + s)
		}
		b.WriteByte(')')
	}
	return b.String()
}
