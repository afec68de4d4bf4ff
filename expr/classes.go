package expr

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/goscapy/goscapy/packet"
)

// class is a name usable as a layer: a registered protocol, or a Scapy
// class that goscapy models as a registered protocol with some fields
// preset (ICMPv6EchoRequest is ICMPv6 with type 128), or as an element of
// a list field of the layer before it (SCTP chunks).
type class struct {
	name       string // Scapy's class name, printed by String
	proto      string // the registered protocol
	presets    []preset
	new        func() packet.Layer // the layer with the class's defaults; nil: the protocol's
	trailer    func() packet.Layer // a layer the packet ends with (Dot11FCS's FCS)
	positional string              // the field a positional argument sets
	rename     map[string]string   // Scapy field names that goscapy spells differently
	// kwarg handles keyword arguments beyond the protocol's field table
	// (HTTP headers); ok false leaves the name to the table.
	kwarg func(c *compiler, l *layerT, name string, a arg) (as []*assign, ok bool, err error)
	// finish runs after the arguments, to turn what kwarg gathered in
	// l.pending into assigns.
	finish func(c *compiler, l *layerT) error
	// tail holds keyword arguments whose bytes goscapy carries as the
	// Raw payload after the layer (ICMPv6EchoRequest's data); the function
	// may also return values for fields of the layer.
	tail map[string]func(b []byte) ([]preset, []byte)

	// For member classes: the list field of the parent protocol the
	// element goes to, how to build the element from the call, and how
	// to make the field's value from the elements.
	member   string
	implicit bool // the parent layer is made when the member has none before it (LLDP TLVs)
	padFrame bool // the implicit parent pads the Ethernet frame under it to 60 bytes
	build    func(c *compiler, call *callExpr) (any, error)
	collect  func(elems []any) (any, error)

	// merge marks a Scapy layer whose fields goscapy holds in the layer
	// before it (IGMPv3mq after IGMPv3, BGPOpen after BGPHeader): its
	// arguments set fields of that layer of protocol proto. presets
	// then apply to that layer unless it sets them, and new replaces its
	// defaults.
	merge bool
	// mergeOptional: without a layer of proto before it, the class is a
	// layer of its own (HTTPRequest after HTTP, or alone).
	mergeOptional bool
}

// classes holds the Scapy classes that are not registered names.
var classes = map[string]*class{}

// addClass registers Scapy class names (from the per-protocol files).
func addClass(cs ...*class) {
	for _, c := range cs {
		if _, dup := classes[c.name]; dup {
			panic("expr: class " + c.name + " defined twice")
		}
		classes[c.name] = c
	}
}

// scapyNames are the class names Scapy uses for registered protocols that
// goscapy names otherwise.
var scapyNames = map[string]string{"Ethernet": "Ether", "BGP": "BGPHeader", "OSPF": "OSPF_Hdr", "DHCPv6": "DHCP6"}

// lookupClass finds a layer class by Scapy class name, registered name or
// alias (registered names ignore case).
func lookupClass(name string) *class {
	if cl := classes[name]; cl != nil {
		return cl
	}
	if pr := packet.Lookup(name); pr != nil {
		n := pr.Name
		if s, ok := scapyNames[n]; ok {
			n = s
		}
		// an alias or another case of a class's own protocol (KRB5,
		// snmp) is that class
		if cl := classes[n]; cl != nil && cl.proto == pr.Name && cl.member == "" && !cl.merge {
			return cl
		}
		return &class{name: n, proto: pr.Name}
	}
	for k, cl := range classes {
		if strings.EqualFold(k, name) {
			return cl
		}
	}
	return nil
}

// objects are the functions and Scapy classes that make values rather
// than layers: mac2str(), DNSQR(), IPOption_RR(), DUID_LLT(), ...
var objects = map[string]func(c *compiler, call *callExpr) (any, error){}

// addObject registers a value-making function or class.
func addObject(name string, fn func(c *compiler, call *callExpr) (any, error)) {
	if _, dup := objects[name]; dup {
		panic("expr: object " + name + " defined twice")
	}
	objects[name] = fn
}

// wrappers are functions of a whole packet: dns_compress(packet).
var wrappers = map[string]func(ls []*layerT) error{}

// converters turn the value of a list field into what the layer's Set
// takes, keyed "Proto.field".
var converters = map[string]func(c *compiler, n node) (any, error){}

func addConverter(proto, field string, fn func(c *compiler, n node) (any, error)) {
	converters[proto+"."+field] = fn
}

// converterFor returns the converter of a field, or nil.
func converterFor(proto, field string) func(c *compiler, n node) (any, error) {
	return converters[proto+"."+field]
}

// stack compiles a packet expression and folds member classes into the
// layers that hold them.
func (c *compiler) stack(n node) ([]*layerT, error) {
	ls, err := c.packet(n)
	if err != nil {
		return nil, err
	}
	return c.fold(ls)
}

// member compiles a member class: its value is computed now, and fold
// gives it to the layer before it.
func (c *compiler) member(call *callExpr, cl *class, pr *packet.Proto) (*layerT, error) {
	v, err := cl.build(c, call)
	if err != nil {
		var se *SyntaxError
		if errors.As(err, &se) {
			return nil, err
		}
		return nil, c.errAt(call.start, ErrBadValue, "%s: %v", call.name, err)
	}
	l := &layerT{proto: pr, class: cl.name, written: call.name, at: call.start,
		member: &memberT{parent: cl.proto, field: cl.member, val: v}}
	for _, a := range call.args {
		l.assigns = append(l.assigns, &assign{name: a.name, dim: -1, repr: c.srcRepr(a.val), at: a.at, gen: constGen{}})
	}
	return l, nil
}

// fold hands the values of member classes to the nearest layer before
// them of the protocol that holds them, and the fields of merged classes
// to that layer.
func (c *compiler) fold(ls []*layerT) ([]*layerT, error) {
	type acc struct {
		l     *layerT
		field string
		elems []any
		cl    *class
	}
	var accs []*acc
	var last *layerT
	changed := map[*layerT]bool{}
	out := make([]*layerT, 0, len(ls))
	for _, l := range ls {
		if l.member == nil {
			last = l
			out = append(out, l)
			continue
		}
		if last == nil || last.proto.Name != l.member.parent {
			if cl := classes[l.class]; cl != nil && cl.mergeOptional {
				l.member = nil
				last = l
				out = append(out, l)
				continue
			}
			if cl := classes[l.class]; cl != nil && cl.implicit {
				// Scapy's layers of this family stand alone; goscapy's
				// layer holding them is made here
				pr := packet.Lookup(l.member.parent)
				last = &layerT{proto: pr, class: pr.Name, written: pr.Name, at: l.at, hidden: true}
				if cl.padFrame {
					// Scapy's LLDPDU pads the Ethernet frame under it
					// (past any 802.1Q tags) to the minimum size
					j := len(out) - 1
					for j >= 0 && (out[j].proto.Name == "Dot1Q" || out[j].proto.Name == "Dot1AD") {
						j--
					}
					if j >= 0 && out[j].proto.Name == "Ethernet" {
						out[j].padFrame = true
					}
				}
				out = append(out, last)
			} else {
				return nil, c.errAt(l.at, ErrSyntax, "%s must follow a %s layer", l.written, l.member.parent)
			}
		}
		out = append(out, l)
		if l.member.merge {
			for _, as := range l.assigns {
				for _, x := range last.assigns {
					if x.name == as.name {
						return nil, c.errAt(as.at, ErrSyntax, "%s: field %s is set twice", l.written, as.name)
					}
				}
				cp := *as
				cp.repr = "" // String prints it with the merged class
				last.assigns = append(last.assigns, &cp)
			}
			for _, ps := range l.presets {
				set := false
				for _, x := range last.assigns {
					set = set || x.name == ps.name
				}
				if !set {
					last.presets = append(last.presets, ps)
				}
			}
			if l.newFn != nil && last.newFn == nil {
				last.newFn = l.newFn
			}
			sortAssigns(last.assigns)
			changed[last] = true
			continue
		}
		var a *acc
		for _, x := range accs {
			if x.l == last && x.field == l.member.field {
				a = x
			}
		}
		if a == nil {
			a = &acc{l: last, field: l.member.field, cl: classes[l.class]}
			accs = append(accs, a)
		}
		a.elems = append(a.elems, l.member.val)
	}
	for _, a := range accs {
		for _, as := range a.l.assigns {
			if as.name == a.field {
				return nil, c.errAt(as.at, ErrSyntax, "%s: %s is given both as a field and as layers", a.l.written, a.field)
			}
		}
		v, err := a.cl.collect(a.elems)
		if err != nil {
			return nil, c.errAt(a.l.at, ErrBadValue, "%s: %v", a.l.written, err)
		}
		a.l.assigns = append(a.l.assigns, &assign{name: a.field, field: a.l.proto.Field(a.field), gen: constGen{v}, dim: -1, at: a.l.at})
		changed[a.l] = true
	}
	// check the layers that received values again, as a whole
	ls = out
	for _, l := range ls {
		if !changed[l] {
			continue
		}
		scratch := l.newLayer()
		for _, ps := range l.presets {
			if err := scratch.Set(ps.name, ps.v); err != nil {
				return nil, c.errAt(l.at, ErrBadValue, "%s: %v", l.written, err)
			}
		}
		for _, as := range l.assigns {
			for _, v := range as.gen.samples() {
				if err := scratch.Set(as.name, v); err != nil {
					return nil, c.fieldErr(l, as.name, arg{name: as.name, at: as.at, written: as.repr}, err)
				}
			}
		}
		l.fuzzable = fuzzable(l.proto, l)
	}
	return ls, nil
}

// kwargs evaluates the keyword arguments of a call as constants, checking
// the names against allowed.
func (c *compiler) kwargs(call *callExpr, allowed ...string) (map[string]any, error) {
	out := map[string]any{}
	for _, a := range call.args {
		if a.name == "" {
			return nil, c.errAt(a.at, ErrSyntax, "%s: value %s has no field name (fields: %s)", call.name, a.written, strings.Join(allowed, ", "))
		}
		ok := false
		for _, n := range allowed {
			if n == a.name {
				ok = true
			}
		}
		if !ok {
			return nil, &SyntaxError{Col: column(c.src, a.at), Layer: call.name, Field: a.name, Err: ErrNoField,
				Msg: fmt.Sprintf("%s has no field %q (fields: %s)", call.name, a.name, strings.Join(allowed, ", "))}
		}
		v, err := c.constant(a.val)
		if err != nil {
			return nil, err
		}
		out[a.name] = v
	}
	return out, nil
}

// randNames are the volatile value functions (see compiler.volatile).
var randNames = []string{"RandByte", "RandShort", "RandInt", "RandLong", "RandNum", "RandIP", "RandIP6",
	"RandMAC", "RandString", "RandBin", "RandChoice"}

// Names returns the names Parse knows besides the registered protocols,
// sorted: the Scapy classes it maps onto them (ICMPv6EchoRequest,
// SCTPChunkInit, BGPOpen, ...), the value classes (DNSQR, IPOption_RR,
// DUID_LLT, ...) and the functions (fuzz, dns_compress, mac2str, Net,
// RandShort, ...). Shells complete names with it.
func Names() []string {
	seen := map[string]bool{"fuzz": true, "Net": true, "Net6": true}
	for _, n := range randNames {
		seen[n] = true
	}
	for n := range classes {
		seen[n] = true
	}
	for n := range objects {
		seen[n] = true
	}
	for n := range wrappers {
		seen[n] = true
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
