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
	// The preset blocks of first whose DecodeCommon decodes the common
	// stacks, made at their first use: the preset's Reused block, else
	// one per kind.
	reused PresetBlock
	blks   [MaxPresetKinds]PresetBlock
}

// pool hands out the layers of the generic decoder: a Decoder's reused
// ones, or, for Dissect (fresh), new ones.
type pool struct {
	fresh bool
	// Dissect's block (RegisterPreset): its layers not in its packet yet
	// are taken before any other is allocated.
	blk  PresetBlock
	hot  []posEntry   // index = position: the instance used there last
	cold [][]posEntry // index = position: its other instances
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
		if ps := presetFor(first); ps != nil {
			blk := d.reused
			if blk == nil {
				blk = d.block(ps, data)
			}
			if off, end, next, ok := blk.DecodeCommon(data, ctx); ok {
				if next == 0 && off >= end && end == len(data) {
					return p, nil // nothing left: no Raw, no Padding
				}
				return p, d.decode(p, data, next, off, end)
			}
			*ctx = DecodeContext{Packet: p}
			p.layers = p.layers[:0] // a block that declined keeps nothing
		}
	}
	return p, d.decode(p, data, first, 0, len(data))
}

// block returns the decoder's block for data.
func (d *Decoder) block(ps *Preset, data []byte) PresetBlock {
	if ps.Reused != nil {
		d.reused = ps.Reused()
		return d.reused
	}
	k := ps.kind(data)
	if d.blks[k] == nil {
		d.blks[k] = ps.New(k)
	}
	return d.blks[k]
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
	blk := ps.New(ps.kind(data))
	p := blk.Packet()
	// The block is new: zero but for these (each pointer written costs a
	// write barrier while the collector runs).
	p.layers, p.data = p.arr[:0], data
	ctx := &p.dctx
	ctx.Packet = p
	d.blk = blk
	if off, end, next, ok := blk.DecodeCommon(data, ctx); ok {
		return p, d.decode(p, data, next, off, end)
	}
	*ctx = DecodeContext{Packet: p}
	p.layers = p.layers[:0] // a block that declined keeps nothing
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
		if d.blk != nil {
			p := d.blk.Packet()
		next:
			for _, l := range d.blk.Layers() {
				if l == nil || l.Proto().typ != t {
					continue
				}
				for _, u := range p.layers {
					if u == l {
						continue next // in use
					}
				}
				return l
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

// MaxPreset is the number of layers a preset block may hold.
const MaxPreset = 8

// MaxPresetKinds is the number of kinds of block a preset may have.
const MaxPresetKinds = 4

// PresetBlock is one allocation made by a preset (RegisterPreset): a
// packet and the layers of the common stacks that start at the preset's
// first layer type.
type PresetBlock interface {
	// Packet returns the block's packet.
	Packet() *Packet
	// Layers returns the block's layers; layers past them are nil.
	Layers() [MaxPreset]Layer
	// DecodeCommon decodes the leading layers of data that it knows into
	// the block's layers, calling their decoders directly rather than
	// through the registry, and appends them to ctx.Packet one by one,
	// as the generic decoder would. It returns where the generic decoder
	// goes on: the offset, the end of the payload and the next layer
	// type, exactly as the generic decoder would have reached them after
	// those layers (a layer it cannot decode cleanly is left to the
	// generic decoder, which reports the error). It returns ok false,
	// having appended nothing, when it decoded nothing: the generic
	// decoder then dissects the packet from the start.
	DecodeCommon(data []byte, ctx *DecodeContext) (off, end int, next LayerType, ok bool)
}

// Preset says how to allocate the packets that start at one layer type
// (RegisterPreset).
type Preset struct {
	// Kinds is the number of kinds of block, at most MaxPresetKinds: a
	// block sized for the packets of each kind (an IPv4 block, an IPv6
	// block) keeps every packet from paying for the others' layers.
	Kinds int
	// Kind picks the kind of block for a packet from its bytes (any
	// bytes, short ones included); nil means kind 0.
	Kind func(data []byte) int
	// New returns a new, zero block of a kind.
	New func(kind int) PresetBlock
	// Reused, if not nil, returns a block holding the layers of every
	// kind, which a Decoder makes once and uses for all its packets
	// (its size does not matter there, and no kind is picked).
	Reused func() PresetBlock
}

func (ps *Preset) kind(data []byte) int {
	if ps.Kind == nil {
		return 0
	}
	if k := ps.Kind(data); uint(k) < uint(ps.Kinds) {
		return k
	}
	return 0
}

var presets atomic.Pointer[[]*Preset] // index = first LayerType

func presetFor(first LayerType) *Preset {
	if m := presets.Load(); m != nil && int(first) < len(*m) {
		return (*m)[first]
	}
	return nil
}

// RegisterPreset makes Dissect of a packet starting at first take its
// packet and the layers of its common stacks from one block (a struct
// holding a Packet and those layers): a packet whose layers are among
// them costs one allocation instead of one per layer. The block's
// DecodeCommon is the fast path of Dissect and of a Decoder for those
// stacks; a Decoder keeps the Reused block, or one block of each kind.
// Registering for first again replaces the preset.
func RegisterPreset(first LayerType, ps Preset) {
	if ps.New == nil || ps.Kinds < 1 || ps.Kinds > MaxPresetKinds {
		panic("packet: a preset needs New and 1 to MaxPresetKinds kinds")
	}
	regMu.Lock()
	defer regMu.Unlock()
	var m []*Preset
	if old := presets.Load(); old != nil {
		m = append(m, *old...)
	}
	for int(first) >= len(m) {
		m = append(m, nil)
	}
	m[first] = &ps
	presets.Store(&m)
}
