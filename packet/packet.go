package packet

import (
	"fmt"
	"strings"
	"time"
)

// Limits on nesting. A tunnel (IP in IP, QinQ, VXLAN) adds a repeated
// layer type; more than MaxTunnel repetitions of one type stop dissection.
const (
	MaxLayers = 64
	MaxTunnel = 8
)

// Metadata is what a capture says about a packet.
type Metadata struct {
	Timestamp      time.Time
	CaptureLength  int
	Length         int
	InterfaceIndex int
	LinkType       uint32
}

// Packet is a stack of layers, outermost first.
//
// Its size matters: Dissect allocates it with the layers of the common
// stacks in one block (RegisterPreset), and the collector's work grows
// with the bytes allocated.
type Packet struct {
	layers []Layer
	arr    [4]Layer // the layers of most packets, without a second allocation
	data   []byte
	err    error

	// Metadata of a captured packet (zero for built ones).
	Metadata Metadata

	bs   *buildState   // nil: never built; &builtOnce: built once (memo.go)
	dctx DecodeContext // also holds what decoding found (quoted, errIdx)
}

// New returns a packet of the given layers, outermost first.
func New(layers ...Layer) *Packet {
	p := &Packet{}
	p.layers = append(p.arr[:0], layers...)
	return p
}

// Layers returns the layers, outermost first. The slice is the packet's.
func (p *Packet) Layers() []Layer { return p.layers }

// Len returns the number of layers.
func (p *Packet) NumLayers() int { return len(p.layers) }

// Layer returns layer i, or nil.
func (p *Packet) Layer(i int) Layer {
	if i < 0 || i >= len(p.layers) {
		return nil
	}
	return p.layers[i]
}

// Append adds layers on top (innermost).
func (p *Packet) Append(layers ...Layer) *Packet {
	if p.layers == nil {
		p.layers = p.arr[:0]
	}
	if n := len(p.layers); len(layers) <= cap(p.layers)-n {
		// In place, one by one: no bulk write barrier.
		p.layers = p.layers[:n+len(layers)]
		for i, l := range layers {
			p.layers[n+i] = l
		}
		return p
	}
	p.layers = append(p.layers, layers...)
	return p
}

// Push adds one layer on top: Append for one layer, cheaper.
func (p *Packet) Push(l Layer) {
	if p.layers == nil {
		p.layers = p.arr[:0]
	}
	p.layers = append(p.layers, l)
}

// Data returns the bytes a dissected packet was decoded from (nil for
// built packets). They are not copied.
func (p *Packet) Data() []byte { return p.data }

// Err returns the decode error of a dissected packet, or the first build
// error a builder recorded.
func (p *Packet) Err() error { return p.err }

// SetErr records an error that Build reports (builders record bad values).
func (p *Packet) SetErr(err error) {
	if p.err == nil {
		p.err = err
	}
}

// Quoted returns the index of the first layer inside an ICMP error quote
// (Scapy's IPerror, TCPerror ...), or 0 when there is none.
func (p *Packet) Quoted() int { return int(p.dctx.quoted) }

// ErrLayer returns the index of the Raw layer that holds the bytes a
// decoder could not decode (the layer named by Err), or -1.
func (p *Packet) ErrLayer() int {
	if p.err == nil {
		return -1
	}
	return int(p.dctx.errIdx) - 1
}

// GetLayer returns the first layer of that name or alias ("Ether", "IPv4"),
// or nil. "IPerror", "TCPerror", "UDPerror", "ICMPerror" name the layers
// quoted by an ICMP error.
func (p *Packet) GetLayer(name string) Layer {
	from := 0
	if name == "IPerror6" {
		name = "IPv6error"
	}
	if n, ok := strings.CutSuffix(name, "error"); ok && p.dctx.quoted > 0 && Lookup(name) == nil {
		name, from = n, int(p.dctx.quoted)
	}
	pr := Lookup(name)
	if pr == nil {
		return nil
	}
	for _, l := range p.layers[from:] {
		if l.Proto() == pr {
			return l
		}
	}
	return nil
}

// HasLayer reports whether a layer of that name is present.
func (p *Packet) HasLayer(name string) bool { return p.GetLayer(name) != nil }

// LayerOf returns the first layer of type T: typed access without a name
// lookup, e.g. packet.LayerOf[*layers.TCP](p). It does not allocate.
func LayerOf[T Layer](p *Packet) (T, bool) {
	for _, l := range p.layers {
		if t, ok := l.(T); ok {
			return t, true
		}
	}
	var zero T
	return zero, false
}

// LayerType returns the first layer of that registered type, or nil.
func (p *Packet) LayerByType(t LayerType) Layer {
	pr := ProtoOf(t)
	for _, l := range p.layers {
		if l.Proto() == pr {
			return l
		}
	}
	return nil
}

// String is Scapy's summary(): layer names joined by " / ", the innermost
// layer that can describe itself doing so ("Ethernet / IP / TCP
// 10.0.0.1:12345 > 10.0.0.2:80 S").
func (p *Packet) String() string {
	if p == nil {
		return "<nil>"
	}
	parts := make([]string, len(p.layers))
	found := false
	for i := len(p.layers) - 1; i >= 0; i-- {
		l := p.layers[i]
		parts[i] = l.Proto().Name
		if p.dctx.quoted > 0 && i >= int(p.dctx.quoted) {
			// Scapy's IPerror, TCPerror, UDPerror, ICMPerror, IPerror6
			if pr := l.Proto(); !pr.Trailer && pr != rawProto {
				if pr.Name == "IPv6" {
					parts[i] = "IPerror6"
				} else {
					parts[i] = pr.Name + "error"
				}
			}
			continue
		}
		if !found {
			if cs, ok := l.(ContextSummarizer); ok {
				if s := cs.SummaryIn(p, i); s != "" {
					parts[i] = s
					found = true
				}
			}
		}
	}
	return strings.Join(parts, " / ")
}

// Summary is String.
func (p *Packet) Summary() string { return p.String() }

// Show returns Scapy's show() tree of the whole packet.
func (p *Packet) Show() string {
	var b strings.Builder
	for i, l := range p.layers {
		title := layerTitle(l)
		if pr := l.Proto(); p.dctx.quoted > 0 && i >= int(p.dctx.quoted) && !pr.Trailer && pr != rawProto {
			// Scapy's quoted classes: "IP in ICMP", "UDP in ICMP", "IPv6 in ICMPv6"
			if pr.Name == "IPv6" {
				title = pr.Name + " in ICMPv6"
			} else {
				title = pr.Name + " in ICMP"
			}
		}
		var up LayerType
		if i+1 < len(p.layers) {
			if pr := p.layers[i+1].Proto(); !pr.Trailer {
				up = pr.typ
			}
		}
		showLayer(&b, l, i, title, up)
	}
	return b.String()
}

// HexDump returns the hexdump of the built packet (of the decoded bytes if
// it cannot be built).
func (p *Packet) HexDump() string {
	b, err := p.Build()
	if err != nil {
		b = p.data
	}
	return HexDump(b)
}

// Decode errors of one-shot dissection are reported on the packet too.
func (p *Packet) reset(data []byte) {
	if cap(p.layers) == 0 {
		p.layers = p.arr[:0]
	}
	// Layers past the length stay referenced: they are the decoder's
	// pooled instances, kept alive by the pool anyway.
	p.layers = p.layers[:0]
	p.data = data
	p.err = nil
	p.Metadata = Metadata{}
	// The caller sets p.dctx.
}

// Format implements fmt.Formatter: %v is the summary, %+v the Show tree.
func (p *Packet) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('+') {
		fmt.Fprint(f, p.Show())
		return
	}
	fmt.Fprint(f, p.String())
}
