package packet

import (
	"fmt"
	"maps"
	"slices"
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
	// Sequence marks layers that follow one another as records of one
	// stream (TLS records, for one), not as nested encapsulations: their
	// repeats do not count toward MaxTunnel (MaxLayers still bounds them).
	Sequence bool

	typ     LayerType
	byField map[string]*fields.Field
	ctxLen  bool // its layers implement ContextHeaderLen
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

	// The lookup tables derived from binds, built on first use: building
	// them at every registration would cost start-up time quadratic in
	// the number of protocols.
	idx atomic.Pointer[regIndex]
}

// regIndex holds the tables read on hot paths.
type regIndex struct {
	next [][]fieldIndex // index = lower: per field, its values
	up   []uint16       // index = lower*len(protos)+upper: 1 + index into upl, 0 none
	upl  [][]binding    // build bindings of one (lower, upper) pair
}

// fieldIndex holds the dissection bindings of one field of a lower layer
// in an open-addressing hash table; the first rule registered for a value
// wins.
type fieldIndex struct {
	field string
	keys  []uint64
	ups   []LayerType // 0: empty slot
	shift uint8
}

func hashValue(v uint64, shift uint8) uint64 { return (v * 0x9E3779B97F4A7C15) >> shift }

// lookup returns the layer bound to value, or 0.
func (fi *fieldIndex) lookup(value uint64) LayerType {
	if len(fi.keys) == 0 {
		return 0
	}
	mask := uint64(len(fi.keys) - 1)
	for h := hashValue(value, fi.shift); ; h = (h + 1) & mask {
		u := fi.ups[h]
		if u == 0 || fi.keys[h] == value {
			return u
		}
	}
}

// insert adds value unless it is there already.
func (fi *fieldIndex) insert(value uint64, up LayerType) {
	mask := uint64(len(fi.keys) - 1)
	for h := hashValue(value, fi.shift); ; h = (h + 1) & mask {
		if fi.ups[h] == 0 {
			fi.keys[h], fi.ups[h] = value, up
			return
		}
		if fi.keys[h] == value {
			return // first registered wins
		}
	}
}

// index returns the lookup tables, building them on first use.
func (r *registry) index() *regIndex {
	if x := r.idx.Load(); x != nil {
		return x
	}
	r.idx.CompareAndSwap(nil, r.buildIndex())
	return r.idx.Load()
}

func (r *registry) buildIndex() *regIndex {
	n := len(r.protos)
	x := &regIndex{next: make([][]fieldIndex, n), up: make([]uint16, n*n)}
	for lower, bs := range r.binds {
		var fis []fieldIndex
		count := map[string]int{}
		for _, b := range bs {
			if int(b.upper) < n && b.build {
				k := lower*n + int(b.upper)
				if x.up[k] == 0 {
					x.upl = append(x.upl, nil)
					x.up[k] = uint16(len(x.upl))
				}
				x.upl[x.up[k]-1] = append(x.upl[x.up[k]-1], b)
			}
			if count[b.field] == 0 {
				fis = append(fis, fieldIndex{field: b.field})
			}
			count[b.field]++
		}
		for i := range fis {
			fi := &fis[i]
			size, bits := 4, uint8(2)
			for size < 2*count[fi.field] {
				size, bits = size*2, bits+1
			}
			fi.keys, fi.ups, fi.shift = make([]uint64, size), make([]LayerType, size), 64-bits
		}
		for _, b := range bs {
			for i := range fis {
				if fis[i].field == b.field {
					fis[i].insert(b.value, b.upper)
				}
			}
		}
		x.next[lower] = fis
	}
	return x
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

// clone returns a copy of r to change and publish. It shares what it can:
// the slices are clipped, so appending to them copies, and each writer
// clones the map it changes; the old registry, which readers may hold,
// never changes.
func (r *registry) clone() *registry {
	return &registry{
		protos: slices.Clip(r.protos),
		byName: r.byName,
		binds:  slices.Clip(slices.Clone(r.binds)),
		links:  r.links,
	}
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
	_, p.ctxLen = p.New().(ContextHeaderLen)
	p.byField = make(map[string]*fields.Field, len(p.Fields))
	for i := range p.Fields {
		p.byField[p.Fields[i].Name] = &p.Fields[i]
	}
	r.protos = append(r.protos, p)
	r.binds = append(r.binds, nil)
	r.byName = maps.Clone(r.byName)
	for _, n := range append([]string{p.Name}, p.Aliases...) {
		r.byName[strings.ToLower(n)] = p
	}
	store(r)
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
		r.binds[b.Lower] = append(slices.Clip(r.binds[b.Lower]), binding{field: b.Field, value: b.Value, upper: b.Upper, build: !b.DissectOnly})
	}
	store(r)
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
	r.links = maps.Clone(r.links)
	r.links[linkType] = e
	store(r)
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
	x := r.index()
	if int(lower) >= len(x.next) {
		return 0
	}
	fis := x.next[lower]
	for i := range fis {
		if fis[i].field == field {
			return fis[i].lookup(value)
		}
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
	x := r.index()
	k := x.up[int(lower)*n+int(upper)]
	if k == 0 {
		return 0, false
	}
	for _, b := range x.upl[k-1] {
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
