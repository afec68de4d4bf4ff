package packet

import (
	"errors"
	"sync/atomic"
)

// DecodeContext is what a layer may know while it decodes.
type DecodeContext struct {
	// Packet is the packet being decoded; its layers so far are complete.
	Packet *Packet
	// Offset is where the current layer starts in the packet.
	Offset int
	// Quoted is true inside an ICMP error's quotation: headers there are
	// often cut short and lengths point past the end, which is no error.
	Quoted bool
	// Quote, set by a layer, marks its payload as such a quotation.
	Quote bool
	// Guess, set by a layer, says its Next is a heuristic (a well-known
	// port): when that layer fails to decode, the payload is simply not
	// that protocol and stays Raw without an error, as in Scapy.
	Guess bool

	// What decoding found, kept in the packet (here rather than in Packet
	// itself, where they would cost another word).
	quoted int16 // index of the first layer quoted by an ICMP error; 0 none
	errIdx int16 // 1 + index of the Raw layer holding undecodable bytes; 0 none
}

// Decoder dissects packets into reused layers. Once warm it allocates
// nothing per packet. A Decoder is not safe for concurrent use; the packet
// it returns is valid until the next Decode.
//
// Each layer position owns its instances: the layer at position i of one
// packet is reused at position i of the next packet of the same shape, so
// a stream of alike packets finds every layer with one comparison, and an
// instance is never handed out twice in one decode.
type Decoder struct {
	pool
	first LayerType
	pkt   Packet
	// The preset block of first, whose DecodeCommon decodes the common
	// stacks (taken at the first decode; blkDone then).
	blk     PresetBlock
	blkDone bool
}

// pool hands out the layers of the generic decoder: a Decoder's reused
// ones, or, for Dissect (fresh), new ones.
type pool struct {
	fresh bool
	// Dissect's layers allocated with its packet (RegisterPreset), taken
	// before any other is allocated.
	preset  *[MaxPreset]Layer
	presetT *[MaxPreset]LayerType
	hot     []posEntry   // index = position: the instance used there last
	cold    [][]posEntry // index = position: its other instances
}

// posEntry is an instance of a layer type kept for one position.
type posEntry struct {
	t LayerType
	l Layer
}

// maxPositions bounds the layer positions of a packet: MaxLayers decoded
// layers, then Raw and Padding.
const maxPositions = MaxLayers + 2

// NewDecoder returns a decoder that starts at layer type first.
func NewDecoder(first LayerType) *Decoder {
	return &Decoder{first: first}
}

// Decode dissects data. The layers it could decode are kept when it fails;
// the error is a *DecodeError. data is not copied.
func (d *Decoder) Decode(data []byte) (*Packet, error) {
	return d.DecodeAs(data, d.first)
}

// DecodeAs dissects data starting at layer type first.
func (d *Decoder) DecodeAs(data []byte, first LayerType) (*Packet, error) {
	p := &d.pkt
	p.reset(data)
	ctx := &p.dctx
	*ctx = DecodeContext{Packet: p}
	if first == d.first {
		if !d.blkDone {
			d.blkDone = true
			if ps := presetFor(first); ps != nil {
				d.blk = ps.alloc()
			}
		}
		if d.blk != nil {
			if off, end, next, ok := d.blk.DecodeCommon(data, ctx); ok {
				return p, d.decode(p, data, next, off, end)
			}
			*ctx = DecodeContext{Packet: p}
		}
	}
	return p, d.decode(p, data, first, 0, len(data))
}

// Dissect decodes data into a new packet that owns its layers (it still
// references data). Layers it could decode are kept on error.
func Dissect(data []byte, first LayerType) (*Packet, error) {
	d := pool{fresh: true}
	ps := presetFor(first)
	if ps == nil {
		p := &Packet{}
		p.reset(data)
		p.dctx = DecodeContext{Packet: p}
		return p, d.decode(p, data, first, 0, len(data))
	}
	blk := ps.alloc()
	p := blk.Packet()
	// The block is new: zero but for these (each pointer written costs a
	// write barrier while the collector runs).
	p.layers, p.data = p.arr[:0], data
	ctx := &p.dctx
	ctx.Packet = p
	if off, end, next, ok := blk.DecodeCommon(data, ctx); ok {
		// The block's other layers are of the stacks not taken.
		return p, d.decode(p, data, next, off, end)
	}
	*ctx = DecodeContext{Packet: p}
	ls := blk.Layers()
	d.preset, d.presetT = &ls, &ps.types
	return p, d.decode(p, data, first, 0, len(data))
}

// get returns the instance of t for position i of this decode.
func (d *pool) get(i int, t LayerType) Layer {
	if i < len(d.hot) {
		if e := &d.hot[i]; e.t == t {
			return e.l
		}
	}
	return d.getSlow(i, t)
}

func (d *pool) getSlow(i int, t LayerType) Layer {
	if d.fresh {
		if d.preset != nil {
			for k, pt := range d.presetT {
				if pt == t && d.preset[k] != nil {
					l := d.preset[k]
					d.preset[k] = nil
					return l
				}
			}
		}
		if pr := ProtoOf(t); pr != nil {
			return pr.New()
		}
		return nil
	}
	if i >= maxPositions {
		return nil
	}
	if d.hot == nil {
		d.hot = make([]posEntry, maxPositions)
		d.cold = make([][]posEntry, maxPositions)
	}
	hot, cold := &d.hot[i], d.cold[i]
	for k := range cold {
		if cold[k].t == t { // swap it in: the next packet likely has it too
			*hot, cold[k] = cold[k], *hot
			return hot.l
		}
	}
	pr := ProtoOf(t)
	if pr == nil {
		return nil
	}
	if hot.l != nil {
		d.cold[i] = append(cold, *hot)
	}
	*hot = posEntry{t: t, l: pr.New()}
	return hot.l
}

// decode dissects data[off:end] from layer type t on, after the layers
// p has; p.dctx is set up.
func (d *pool) decode(p *Packet, data []byte, t LayerType, off, end int) error {
	ctx := &p.dctx
	var err error
	for t != 0 && off < end {
		n := len(p.layers)
		if n > MaxTunnel && (n >= MaxLayers || !isSequence(t) && d.repeats(p, t) > MaxTunnel) {
			err = &DecodeError{Layer: t.String(), Offset: off, Err: ErrTooDeep}
			break
		}
		l := d.get(n, t)
		if l == nil {
			break
		}
		ctx.Offset = off
		ctx.Quote = false
		guessed := ctx.Guess
		ctx.Guess = false
		res, e := l.DecodeFromBytes(data[off:end], ctx)
		if e != nil || uint(res.HeaderLen) > uint(end-off) {
			if e == nil {
				err = &DecodeError{Layer: l.Proto().Name, Offset: off, Err: ErrMalformed}
				break
			}
			// A quotation in an ICMP error is often cut short (RFC 792
			// quotes 8 bytes past the IP header): that is no error, the
			// rest simply stays Raw. Neither is a port heuristic that
			// guessed wrong.
			if !guessed && (!ctx.Quoted || !errors.Is(e, ErrTruncated)) {
				err = &DecodeError{Layer: l.Proto().Name, Offset: off, Err: e}
			}
			break
		}
		p.layers = append(p.layers, l)
		off += res.HeaderLen
		if res.PayloadLen >= 0 && off+res.PayloadLen < end {
			end = off + res.PayloadLen
		}
		if ctx.Quote && !ctx.Quoted {
			ctx.Quoted = true
			p.dctx.quoted = int16(len(p.layers))
		}
		t = res.Next
	}
	if off < end {
		r := d.get(len(p.layers), RawType).(*Raw)
		r.Load = data[off:end]
		if err != nil {
			p.dctx.errIdx = int16(len(p.layers) + 1)
		}
		p.layers = append(p.layers, r)
	}
	if end < len(data) {
		pd := d.get(len(p.layers), PaddingType).(*Padding)
		pd.Load = data[end:]
		p.layers = append(p.layers, pd)
	}
	p.err = err
	return err
}

// isSequence reports whether t is a record layer (Proto.Sequence).
func isSequence(t LayerType) bool {
	pr := ProtoOf(t)
	return pr != nil && pr.Sequence
}

func (d *pool) repeats(p *Packet, t LayerType) int {
	n := 0
	for _, l := range p.layers {
		if l.Proto().typ == t {
			n++
		}
	}
	return n
}

// MaxPreset is the number of layers a preset allocation may hold.
const MaxPreset = 8

// PresetBlock is one allocation made by a preset (RegisterPreset): a
// packet and the layers of the common stacks that start at the preset's
// first layer type.
type PresetBlock interface {
	// Packet returns the block's packet.
	Packet() *Packet
	// Layers returns the block's layers, in the order of the preset's
	// types; layers past them are nil.
	Layers() [MaxPreset]Layer
	// DecodeCommon decodes the start of data into the block's layers
	// when it is one of the common stacks, calling their decoders
	// directly rather than through the registry, and appends them to
	// ctx.Packet. It returns where the generic decoder goes on: the
	// offset, the end of the payload and the next layer type, exactly
	// as the generic decoder would have reached them. For any other
	// packet, and for one that does not decode cleanly, it returns ok
	// false having appended nothing, and the generic decoder dissects
	// the packet from the start.
	DecodeCommon(data []byte, ctx *DecodeContext) (off, end int, next LayerType, ok bool)
}

// preset is a registered allocation for Dissect.
type preset struct {
	types [MaxPreset]LayerType
	alloc func() PresetBlock
}

var presets atomic.Pointer[[]*preset] // index = first LayerType

func presetFor(first LayerType) *preset {
	if m := presets.Load(); m != nil && int(first) < len(*m) {
		return (*m)[first]
	}
	return nil
}

// RegisterPreset makes Dissect of a packet starting at first take its
// packet and the layers of the given types from one block made by alloc
// (a new, zero struct holding a Packet and those layers): a packet whose layers are
// among them costs one allocation instead of one per layer. The block's
// DecodeCommon is the fast path of Dissect and of a Decoder for the
// common stacks. A Decoder takes the preset of its first layer type at
// its first decode. Registering for first again replaces the preset.
func RegisterPreset(first LayerType, types []LayerType, alloc func() PresetBlock) {
	if len(types) > MaxPreset {
		panic("packet: a preset holds at most MaxPreset layers")
	}
	regMu.Lock()
	defer regMu.Unlock()
	ps := &preset{alloc: alloc}
	copy(ps.types[:], types)
	var m []*preset
	if old := presets.Load(); old != nil {
		m = append(m, *old...)
	}
	for int(first) >= len(m) {
		m = append(m, nil)
	}
	m[first] = ps
	presets.Store(&m)
}
