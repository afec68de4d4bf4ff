package packet

import (
	"fmt"
	"sync"
)

// ctxPool holds the build contexts lent to packets built for the first time.
var ctxPool = sync.Pool{New: func() any { return new(BuildContext) }}

// BuildContext is what a layer may know while it is built.
type BuildContext struct {
	p       *Packet
	i       int
	payload []byte
	protos  []*Proto // of p's layers, filled once per build
	pstore  []*Proto // their storage, kept between builds
	pbuf    [8]*Proto
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
	if c.i+1 < len(c.p.layers) && !c.proto(c.i+1).Trailer {
		return c.p.layers[c.i+1]
	}
	return nil
}

func (c *BuildContext) proto(i int) *Proto {
	if i < len(c.protos) {
		return c.protos[i]
	}
	return c.p.layers[i].Proto()
}

// Prev returns the layer below the one being built, or nil.
func (c *BuildContext) Prev() Layer {
	if c.i > 0 {
		return c.p.layers[c.i-1]
	}
	return nil
}

// upperType is the type of the layer above the one being built, or 0
// (none, or Padding).
func (c *BuildContext) upperType() LayerType {
	if c.i+1 >= len(c.p.layers) {
		return 0
	}
	if up := c.proto(c.i + 1); !up.Trailer {
		return up.typ
	}
	return 0
}

// Bind returns the value the binding table gives this layer's field for the
// layer above it (EtherType for IP, IP protocol for TCP, ...).
func (c *BuildContext) Bind(field string) (uint64, bool) {
	if c.i+1 >= len(c.p.layers) {
		return 0, false
	}
	up := c.proto(c.i + 1)
	if up.Trailer {
		return 0, false
	}
	return BindValue(c.proto(c.i).typ, up.typ, field)
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
// layers around them (DNS over TCP carries a length prefix). The build
// looks for it on the layers of protocols whose New returns a layer that
// implements it.
type ContextHeaderLen interface {
	HeaderLenIn(p *Packet, i int) int
}

func (p *Packet) headerLen(i int) int {
	l := p.layers[i]
	return p.headerLenOf(i, l, l.Proto())
}

// headerLenOf is headerLen for a layer of protocol pr: the protocol says
// whether its layers need the packet.
func (p *Packet) headerLenOf(i int, l Layer, pr *Proto) int {
	if pr.ctxLen {
		if c, ok := l.(ContextHeaderLen); ok {
			return c.HeaderLenIn(p, i)
		}
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
	if out, ok := p.memoHit(buf); ok {
		return out, nil
	}
	var ctx *BuildContext
	switch p.bs {
	case nil:
		// A packet built once (the usual case) borrows one.
		ctx = ctxPool.Get().(*BuildContext)
		defer ctxPool.Put(ctx)
	case &builtOnce:
		p.bs = new(buildState) // built again: the packet keeps its own
		ctx = &p.bs.ctx
	default:
		ctx = &p.bs.ctx
	}
	n := len(p.layers)
	var offsArr [17]int
	var offs []int
	if n < len(offsArr) {
		offs = offsArr[:n+1]
	} else {
		offs = make([]int, n+1)
	}
	if cap(ctx.pstore) < n {
		if n <= len(ctx.pbuf) {
			ctx.pstore = ctx.pbuf[:0]
		} else {
			ctx.pstore = make([]*Proto, 0, n)
		}
	}
	protos := ctx.pstore[:n]
	total, payEnd := 0, -1
	for i, l := range p.layers {
		pr := l.Proto()
		protos[i] = pr
		offs[i] = total
		if payEnd < 0 && pr.Trailer {
			payEnd = total
		}
		total += p.headerLenOf(i, l, pr)
	}
	offs[n] = total
	if payEnd < 0 {
		payEnd = total
	}
	if len(buf) < total {
		return nil, fmt.Errorf("%w: need %d bytes, have %d", ErrShortBuffer, total, len(buf))
	}
	out := buf[:total]
	ctx.pstore = protos[:0]
	ctx.p, ctx.protos = p, protos
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
		if h := protos[i].PostBuild; h != nil {
			if err := h(hdr, l, ctx); err != nil {
				return nil, buildErr(l, err)
			}
		}
	}
	ctx.p, ctx.payload, ctx.protos = nil, nil, nil
	p.memoStore(out)
	return out, nil
}

func buildErr(l Layer, err error) error {
	if _, ok := err.(*BuildError); ok {
		return err
	}
	return &BuildError{Layer: l.Proto().Name, Err: err}
}
