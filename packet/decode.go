package packet

import "errors"

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
	pool  [][]Layer
	used  []uint16    // instances of each type handed out by this decode
	dirty []LayerType // the types whose used count is not zero
	pkt   Packet
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
	for _, t := range d.dirty {
		d.used[t] = 0
	}
	d.dirty = d.dirty[:0]
	err := d.decode(p, data, first)
	return p, err
}

// Dissect decodes data into a new packet that owns its layers (it still
// references data). Layers it could decode are kept on error.
func Dissect(data []byte, first LayerType) (*Packet, error) {
	d := Decoder{fresh: true}
	p := &Packet{}
	p.reset(data)
	err := d.decode(p, data, first)
	return p, err
}

func (d *Decoder) get(t LayerType) Layer {
	if int(t) < len(d.pool) { // warm path: a pooled instance
		if i := d.used[t]; int(i) < len(d.pool[t]) {
			if i == 0 {
				d.dirty = append(d.dirty, t)
			}
			d.used[t]++
			return d.pool[t][i]
		}
	}
	pr := ProtoOf(t)
	if pr == nil {
		return nil
	}
	if d.fresh {
		return pr.New()
	}
	if int(t) >= len(d.pool) {
		n := len(load().protos)
		d.pool = append(d.pool, make([][]Layer, n-len(d.pool))...)
		d.used = append(d.used, make([]uint16, n-len(d.used))...)
	}
	i := d.used[t]
	if i == 0 {
		d.dirty = append(d.dirty, t)
	}
	d.used[t]++
	if int(i) < len(d.pool[t]) {
		return d.pool[t][i]
	}
	l := pr.New()
	d.pool[t] = append(d.pool[t], l)
	return l
}

func (d *Decoder) decode(p *Packet, data []byte, t LayerType) error {
	ctx := &p.dctx
	*ctx = DecodeContext{Packet: p}
	off, end := 0, len(data)
	var err error
	for t != 0 && off < end {
		if len(p.layers) >= MaxLayers || (len(p.layers) > MaxTunnel && !isSequence(t) && d.repeats(p, t) > MaxTunnel) {
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
		if e != nil {
			// A quotation in an ICMP error is often cut short (RFC 792
			// quotes 8 bytes past the IP header): that is no error, the
			// rest simply stays Raw. Neither is a port heuristic that
			// guessed wrong.
			if !guessed && (!ctx.Quoted || !errors.Is(e, ErrTruncated)) {
				err = &DecodeError{Layer: l.Proto().Name, Offset: off, Err: e}
			}
			if !d.fresh {
				d.used[t]-- // give the instance back
			}
			break
		}
		if res.HeaderLen < 0 || res.HeaderLen > end-off {
			err = &DecodeError{Layer: l.Proto().Name, Offset: off, Err: ErrMalformed}
			break
		}
		p.layers = append(p.layers, l)
		hdrEnd := off + res.HeaderLen
		if res.PayloadLen >= 0 && hdrEnd+res.PayloadLen < end {
			end = hdrEnd + res.PayloadLen
		}
		if ctx.Quote && !ctx.Quoted {
			ctx.Quoted = true
			p.quoted = len(p.layers)
		}
		off = hdrEnd
		t = res.Next
	}
	if off < end {
		r := d.get(RawType).(*Raw)
		r.Load = data[off:end]
		if err != nil {
			p.errIdx = len(p.layers) + 1
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
