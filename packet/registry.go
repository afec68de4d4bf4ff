package packet

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/goscapy/goscapy/fields"
)

// LayerType identifies a registered protocol. The zero LayerType is "none".
type LayerType uint16

// BuildHook runs after a layer has written its header, with the header
// bytes and the payload already in place behind it: Scapy's post_build. It
// fills in the fields the user left unset (lengths, checksums) and must
// never overwrite a value the user set.
type BuildHook func(hdr []byte, l Layer, ctx *BuildContext) error

// Proto describes a protocol to the registry.
type Proto struct {
	Name    string   // Scapy's name: "Ethernet", "IP", "TCP"
	Aliases []string // other names GetLayer accepts: "Ether", "IPv4"
	Doc     string   // one line for the protocol table
	New     func() Layer
	Fields  []fields.Field
	// PostBuild computes the fields the user left unset.
	PostBuild BuildHook
	// Trailer marks layers (Padding) that are not part of any payload:
	// lengths and checksums of the layers before them leave them out.
	Trailer bool

	typ     LayerType
	byField map[string]*fields.Field
}

// Type is the LayerType the registry assigned.
func (p *Proto) Type() LayerType { return p.typ }

// Field returns the field descriptor of that Scapy name, or nil.
func (p *Proto) Field(name string) *fields.Field {
	if f, ok := p.byField[name]; ok {
		return f
	}
	return nil
}

// BindingRule binds an upper protocol to a value of a lower protocol's
// field, as Scapy's bind_layers: dissection picks Upper when the lower
// layer's Field holds Value; building fills an unset Field with Value when
// Upper sits on Lower (unless DissectOnly).
type BindingRule struct {
	Lower, Upper LayerType
	Field        string
	Value        uint64
	DissectOnly  bool // heuristics such as "UDP port 53 is DNS"
}

type binding struct {
	field string
	value uint64
	upper LayerType
	build bool
}

type registry struct {
	protos []*Proto // index = LayerType
	byName map[string]*Proto
	binds  [][]binding // index = lower LayerType, registration order
	links  map[uint32]linkEntry

	// Indexes derived from binds by index(), read on hot paths.
	next [][]fieldIndex // index = lower: per field, sorted values
	up   [][]binding    // index = lower*len(protos)+upper: build bindings
}

// fieldIndex holds the dissection bindings of one field of a lower layer,
// sorted by value; the first rule registered for a value wins.
type fieldIndex struct {
	field string
	vals  []uint64
	ups   []LayerType
}

// index rebuilds the lookup tables from binds.
func (r *registry) index() {
	n := len(r.protos)
	r.next = make([][]fieldIndex, n)
	r.up = make([][]binding, n*n)
	for lower, bs := range r.binds {
		var fis []fieldIndex
		for _, b := range bs {
			if int(b.upper) < n && b.build {
				r.up[lower*n+int(b.upper)] = append(r.up[lower*n+int(b.upper)], b)
			}
			k := -1
			for i := range fis {
				if fis[i].field == b.field {
					k = i
				}
			}
			if k < 0 {
				fis = append(fis, fieldIndex{field: b.field})
				k = len(fis) - 1
			}
			fi := &fis[k]
			j := sort.Search(len(fi.vals), func(i int) bool { return fi.vals[i] >= b.value })
			if j < len(fi.vals) && fi.vals[j] == b.value {
				continue // first registered wins
			}
			fi.vals = slices.Insert(fi.vals, j, b.value)
			fi.ups = slices.Insert(fi.ups, j, b.upper)
		}
		r.next[lower] = fis
	}
}

var (
	regMu sync.Mutex
	reg   atomic.Pointer[registry]
)

// empty is the registry before the first registration (package variables
// of other files register before any init function runs).
var empty = &registry{protos: []*Proto{nil}, byName: map[string]*Proto{}, binds: [][]binding{nil}, links: map[uint32]linkEntry{}}

func load() *registry {
	if r := reg.Load(); r != nil {
		return r
	}
	return empty
}

func (r *registry) clone() *registry {
	n := &registry{
		protos: append([]*Proto(nil), r.protos...),
		byName: make(map[string]*Proto, len(r.byName)+4),
		binds:  make([][]binding, len(r.binds)),
		links:  make(map[uint32]linkEntry, len(r.links)),
	}
	for k, v := range r.byName {
		n.byName[k] = v
	}
	for i, b := range r.binds {
		n.binds[i] = append([]binding(nil), b...)
	}
	for k, v := range r.links {
		n.links[k] = v
	}
	return n
}

// Register adds a protocol and returns its LayerType. Registering a name
// twice panics: it is a programming error found at start-up.
func Register(p *Proto) LayerType {
	regMu.Lock()
	defer regMu.Unlock()
	r := load().clone()
	for _, n := range append([]string{p.Name}, p.Aliases...) {
		if _, dup := r.byName[strings.ToLower(n)]; dup {
			panic(fmt.Sprintf("packet: protocol name %q registered twice", n))
		}
	}
	if p.New == nil {
		panic(fmt.Sprintf("packet: protocol %q has no New", p.Name))
	}
	p.typ = LayerType(len(r.protos))
	p.byField = make(map[string]*fields.Field, len(p.Fields))
	for i := range p.Fields {
		p.byField[p.Fields[i].Name] = &p.Fields[i]
	}
	r.protos = append(r.protos, p)
	r.binds = append(r.binds, nil)
	for _, n := range append([]string{p.Name}, p.Aliases...) {
		r.byName[strings.ToLower(n)] = p
	}
	r.index()
	reg.Store(r)
	return p.typ
}

// Bind adds binding rules (Scapy's bind_layers), used both ways.
func Bind(rules ...BindingRule) {
	regMu.Lock()
	defer regMu.Unlock()
	r := load().clone()
	for _, b := range rules {
		if int(b.Lower) >= len(r.protos) || int(b.Upper) >= len(r.protos) || b.Lower == 0 || b.Upper == 0 {
			panic(fmt.Sprintf("packet: binding of unregistered layer types %d/%d", b.Lower, b.Upper))
		}
		r.binds[b.Lower] = append(r.binds[b.Lower], binding{field: b.Field, value: b.Value, upper: b.Upper, build: !b.DissectOnly})
	}
	r.index()
	reg.Store(r)
}

type linkEntry struct {
	first LayerType
	pick  func(data []byte) LayerType
}

// BindLinkType maps a capture link type (DLT) to the first layer.
func BindLinkType(linkType uint32, first LayerType) {
	bindLink(linkType, linkEntry{first: first})
}

// BindLinkTypeFunc maps a capture link type to a function that picks the
// first layer from the packet's bytes (raw IP: version 4 or 6).
func BindLinkTypeFunc(linkType uint32, pick func(data []byte) LayerType) {
	bindLink(linkType, linkEntry{pick: pick})
}

func bindLink(linkType uint32, e linkEntry) {
	regMu.Lock()
	defer regMu.Unlock()
	r := load().clone()
	r.links[linkType] = e
	reg.Store(r)
}

// LinkTypeLayer returns the first layer for a capture link type.
func LinkTypeLayer(linkType uint32) (LayerType, bool) {
	e, ok := load().links[linkType]
	if e.pick != nil {
		return 0, false
	}
	return e.first, ok
}

// FirstLayer returns the first layer for a packet of a capture link type:
// the bound layer, the one the bound function picks, or Raw when the link
// type is unknown (ok is then false).
func FirstLayer(linkType uint32, data []byte) (t LayerType, ok bool) {
	e, ok := load().links[linkType]
	if !ok {
		return RawType, false
	}
	if e.pick != nil {
		if t := e.pick(data); t != 0 {
			return t, true
		}
		return RawType, true
	}
	return e.first, true
}

// NextLayer returns the upper layer bound to value of lower's field, or 0.
// It is lock-free and allocation-free.
func NextLayer(lower LayerType, field string, value uint64) LayerType {
	return load().nextLayer(lower, field, value)
}

func (r *registry) nextLayer(lower LayerType, field string, value uint64) LayerType {
	if int(lower) >= len(r.next) {
		return 0
	}
	for i := range r.next[lower] {
		fi := &r.next[lower][i]
		if fi.field != field {
			continue
		}
		lo, hi := 0, len(fi.vals)
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if fi.vals[m] < value {
				lo = m + 1
			} else {
				hi = m
			}
		}
		if lo < len(fi.vals) && fi.vals[lo] == value {
			return fi.ups[lo]
		}
		return 0
	}
	return 0
}

// BindValue returns the value lower's field takes when upper sits on it.
func BindValue(lower, upper LayerType, field string) (uint64, bool) {
	r := load()
	n := len(r.protos)
	if int(lower) >= n || int(upper) >= n {
		return 0, false
	}
	for _, b := range r.up[int(lower)*n+int(upper)] {
		if b.field == field {
			return b.value, true
		}
	}
	return 0, false
}

// Bindings lists the rules registered for lower.
func Bindings(lower LayerType) []BindingRule {
	r := load()
	if int(lower) >= len(r.binds) {
		return nil
	}
	out := make([]BindingRule, 0, len(r.binds[lower]))
	for _, b := range r.binds[lower] {
		out = append(out, BindingRule{Lower: lower, Upper: b.upper, Field: b.field, Value: b.value, DissectOnly: !b.build})
	}
	return out
}

// Lookup finds a protocol by name or alias, ignoring case.
func Lookup(name string) *Proto {
	return load().byName[strings.ToLower(name)]
}

// ProtoOf returns the protocol of a LayerType, or nil.
func ProtoOf(t LayerType) *Proto {
	r := load()
	if int(t) >= len(r.protos) {
		return nil
	}
	return r.protos[t]
}

// Protocols lists every registered protocol in registration order.
func Protocols() []*Proto {
	r := load()
	return append([]*Proto(nil), r.protos[1:]...)
}

// String returns the protocol name.
func (t LayerType) String() string {
	if p := ProtoOf(t); p != nil {
		return p.Name
	}
	return fmt.Sprintf("LayerType(%d)", uint16(t))
}
