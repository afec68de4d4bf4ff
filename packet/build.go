package packet

import "fmt"

// BuildContext is what a layer may know while it is built.
type BuildContext struct {
	p       *Packet
	i       int
	payload []byte
}

// Packet returns the packet being built.
func (c *BuildContext) Packet() *Packet { return c.p }

// Index returns the position of the layer being built.
func (c *BuildContext) Index() int { return c.i }

// Payload returns the bytes after the header, up to any trailing Padding:
// what lengths and checksums cover. They are already written.
func (c *BuildContext) Payload() []byte { return c.payload }

// Next returns the layer above the one being built, or nil (Padding does
// not count).
func (c *BuildContext) Next() Layer {
	if c.i+1 < len(c.p.layers) {
		l := c.p.layers[c.i+1]
		if !l.Proto().Trailer {
			return l
		}
	}
	return nil
}

// Prev returns the layer below the one being built, or nil.
func (c *BuildContext) Prev() Layer {
	if c.i > 0 {
		return c.p.layers[c.i-1]
	}
	return nil
}

// Bind returns the value the binding table gives this layer's field for the
// layer above it (EtherType for IP, IP protocol for TCP, ...).
func (c *BuildContext) Bind(field string) (uint64, bool) {
	n := c.Next()
	if n == nil {
		return 0, false
	}
	return BindValue(c.p.layers[c.i].Proto().typ, n.Proto().typ, field)
}

// PseudoHeaderSum returns the pseudo-header sum from the nearest network
// layer below, for upper-layer checksums.
func (c *BuildContext) PseudoHeaderSum(proto uint8, length int) (uint64, bool) {
	for j := c.i - 1; j >= 0; j-- {
		if nl, ok := c.p.layers[j].(NetworkLayer); ok {
			return nl.PseudoHeaderSum(proto, length), true
		}
	}
	return 0, false
}

// ContextHeaderLen is implemented by layers whose length depends on the
// layers around them (DNS over TCP carries a length prefix).
type ContextHeaderLen interface {
	HeaderLenIn(p *Packet, i int) int
}

func (p *Packet) headerLen(i int) int {
	l := p.layers[i]
	if c, ok := l.(ContextHeaderLen); ok {
		return c.HeaderLenIn(p, i)
	}
	return l.HeaderLen()
}

// Len returns the number of bytes the packet builds to.
func (p *Packet) Len() int {
	n := 0
	for i := range p.layers {
		n += p.headerLen(i)
	}
	return n
}

// Build returns the packet's bytes, with unset fields computed.
func (p *Packet) Build() ([]byte, error) {
	if p.err != nil && p.data == nil {
		return nil, p.err
	}
	return p.BuildInto(make([]byte, p.Len()))
}

// BuildInto builds the packet into buf and returns buf[:n]. A buffer too
// short is an error (ErrShortBuffer), never a panic. It does not allocate.
func (p *Packet) BuildInto(buf []byte) ([]byte, error) {
	if p.err != nil && p.data == nil {
		return nil, p.err
	}
	var offsArr [17]int
	offs := offsArr[:0]
	if len(p.layers)+1 > len(offsArr) {
		offs = make([]int, 0, len(p.layers)+1)
	}
	total, payEnd := 0, -1
	for i, l := range p.layers {
		offs = append(offs, total)
		if payEnd < 0 && l.Proto().Trailer {
			payEnd = total
		}
		total += p.headerLen(i)
	}
	offs = append(offs, total)
	if payEnd < 0 {
		payEnd = total
	}
	if len(buf) < total {
		return nil, fmt.Errorf("%w: need %d bytes, have %d", ErrShortBuffer, total, len(buf))
	}
	out := buf[:total]
	ctx := &p.bctx
	ctx.p = p
	for i := len(p.layers) - 1; i >= 0; i-- {
		l := p.layers[i]
		start, hend := offs[i], offs[i+1]
		pe := max(payEnd, hend)
		ctx.i = i
		ctx.payload = out[hend:pe]
		hdr := out[start:hend]
		if err := l.SerializeTo(hdr, ctx); err != nil {
			return nil, buildErr(l, err)
		}
		if h := l.Proto().PostBuild; h != nil {
			if err := h(hdr, l, ctx); err != nil {
				return nil, buildErr(l, err)
			}
		}
	}
	ctx.p, ctx.payload = nil, nil
	return out, nil
}

func buildErr(l Layer, err error) error {
	if _, ok := err.(*BuildError); ok {
		return err
	}
	return &BuildError{Layer: l.Proto().Name, Err: err}
}
