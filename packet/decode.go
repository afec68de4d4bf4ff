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
}

// Decoder dissects packets into reused layers. Once warm it allocates
// nothing per packet. A Decoder is not safe for concurrent use; the packet
// it returns is valid until the next Decode.
type Decoder struct {
	first LayerType
	fresh bool
	// Dissect's layers allocated with its packet (RegisterPreset), taken
	// before any other is allocated.
	preset  [MaxPreset]Layer
	presetT [MaxPreset]LayerType
	epoch   uint32     // one per decode: a slot of another epoch has none in use
	slots   []poolSlot // index = LayerType
	pkt     Packet
}

// poolSlot holds a decoder's instances of one layer type.
type poolSlot struct {
	insts []Layer
	used  uint16 // handed out in epoch
	epoch uint32
}

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
	d.epoch++
	if d.epoch == 0 { // wrapped: no slot may look current by accident
		for i := range d.slots {
			d.slots[i].epoch = 0
		}
		d.epoch = 1
	}
	err := d.decode(p, data, first)
	return p, err
}

// Dissect decodes data into a new packet that owns its layers (it still
// references data). Layers it could decode are kept on error.
func Dissect(data []byte, first LayerType) (*Packet, error) {
	d := Decoder{fresh: true}
	var p *Packet
	if ps := presetFor(first); ps != nil {
		p, d.preset = ps.alloc()
		d.presetT = ps.types
	} else {
		p = &Packet{}
	}
	p.reset(data)
	err := d.decode(p, data, first)
	return p, err
}

// get returns an instance of t for this decode: a pooled one when warm.
func (d *Decoder) get(t LayerType) Layer {
	if int(t) < len(d.slots) {
		s := &d.slots[t]
		if s.epoch == d.epoch {
			if int(s.used) < len(s.insts) {
				s.used++
				return s.insts[s.used-1]
			}
		} else if len(s.insts) > 0 {
			s.epoch, s.used = d.epoch, 1
			return s.insts[0]
		}
	}
	return d.getSlow(t)
}

func (d *Decoder) getSlow(t LayerType) Layer {
	if d.fresh {
		for i, pt := range d.presetT {
			if pt == t && d.preset[i] != nil {
				l := d.preset[i]
				d.preset[i] = nil
				return l
			}
		}
	}
	pr := ProtoOf(t)
	if pr == nil {
		return nil
	}
	if d.fresh {
		return pr.New()
	}
	l := pr.New()
	if int(t) >= len(d.slots) {
		d.slots = append(d.slots, make([]poolSlot, len(load().protos)-len(d.slots))...)
	}
	s := &d.slots[t]
	if s.epoch != d.epoch {
		s.epoch, s.used = d.epoch, 0
	}
	s.insts = append(s.insts, l)
	s.used++
	return l
}

// put gives back the last instance of t handed out by get.
func (d *Decoder) put(t LayerType) {
	if !d.fresh && int(t) < len(d.slots) && d.slots[t].used > 0 {
		d.slots[t].used--
	}
}

func (d *Decoder) decode(p *Packet, data []byte, t LayerType) error {
	ctx := &p.dctx
	*ctx = DecodeContext{Packet: p}
	off, end := 0, len(data)
	var err error
	for t != 0 && off < end {
		if n := len(p.layers); n > MaxTunnel && (n >= MaxLayers || !isSequence(t) && d.repeats(p, t) > MaxTunnel) {
			err = &DecodeError{Layer: t.String(), Offset: off, Err: ErrTooDeep}
			break
		}
		l := d.get(t)
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
			d.put(t)
			break
		}
		p.layers = append(p.layers, l)
		off += res.HeaderLen
		if res.PayloadLen >= 0 && off+res.PayloadLen < end {
			end = off + res.PayloadLen
		}
		if ctx.Quote && !ctx.Quoted {
			ctx.Quoted = true
			p.quoted = int16(len(p.layers))
		}
		t = res.Next
	}
	if off < end {
		r := d.get(RawType).(*Raw)
		r.Load = data[off:end]
		if err != nil {
			p.errIdx = int16(len(p.layers) + 1)
		}
		p.layers = append(p.layers, r)
	}
	if end < len(data) {
		pd := d.get(PaddingType).(*Padding)
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

func (d *Decoder) repeats(p *Packet, t LayerType) int {
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

// preset is a registered allocation for Dissect.
type preset struct {
	types [MaxPreset]LayerType
	alloc func() (*Packet, [MaxPreset]Layer)
}

var presets atomic.Pointer[[]*preset] // index = first LayerType

func presetFor(first LayerType) *preset {
	if m := presets.Load(); m != nil && int(first) < len(*m) {
		return (*m)[first]
	}
	return nil
}

// RegisterPreset makes Dissect of a packet starting at first take its
// packet and the layers of the given types from one allocation made by
// alloc (a struct holding a Packet and those layers): a packet whose
// layers are among them costs one allocation instead of one per layer.
// alloc returns the packet and the layers, in the order of types; layers
// past them are nil. Registering for first again replaces the preset.
func RegisterPreset(first LayerType, types []LayerType, alloc func() (*Packet, [MaxPreset]Layer)) {
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
