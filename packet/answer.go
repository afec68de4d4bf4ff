package packet

import "sync"

// Request/answer matching, as Scapy's answers() and hashret().
//
// Answers(reply, request) walks both packets from their first layers. A
// layer that implements Answerer decides for itself and for what follows
// it (IP compares addresses and hands over to the transport layer; an ICMP
// error compares its quotation with the request); any other layer answers
// a layer of the same protocol when its payload answers that layer's
// payload, as Scapy's Packet.answers. Raw and Padding answer anything, and
// the end of the reply answers the end of the request (or its Padding),
// as Scapy's Raw and NoPayload do.
//
// HashKey(p) is Scapy's hashret() folded into a uint64: a request and
// every packet that answers it have the same key, so a sender with
// thousands of requests in flight finds the candidates for a reply in one
// map lookup. A layer that implements Hasher contributes what a request and
// its answer share (swapped addresses, the ICMP id and sequence); other
// layers contribute nothing and pass their payload's hash on.

// Answerer is implemented by layers that decide whether a packet answers
// a request (Scapy's answers()). New protocols plug into Answers by
// implementing it.
type Answerer interface {
	// AnswersAt reports whether reply, from its layer i (this layer) on,
	// answers request from its layer j on; request.Layer(j) may be nil or
	// of another protocol. An implementation that depends on its payload
	// calls the package function AnswersAt(reply, i+1, request, j+1).
	AnswersAt(reply *Packet, i int, request *Packet, j int) bool
}

// Hasher is implemented by layers that contribute to HashKey (Scapy's
// hashret()).
type Hasher interface {
	// HashAt returns the hash of p from its layer i (this layer) on. A
	// request and every reply its AnswersAt accepts must hash equal, so a
	// layer mixes in only values both share, and its payload's hash
	// (HashAt(p, i+1)) only when its AnswersAt depends on the payload.
	HashAt(p *Packet, i int) uint64
}

// Answers reports whether reply answers request (Scapy's
// reply.answers(request)). It does not allocate for dissected packets.
func Answers(reply, request *Packet) bool {
	return AnswersAt(reply, 0, request, 0)
}

// AnswersAt reports whether reply, from its layer i on, answers request
// from its layer j on: the layer's own AnswersAt when it implements
// Answerer, otherwise Scapy's default rules (see Answers).
func AnswersAt(reply *Packet, i int, request *Packet, j int) bool {
	if reply == nil || request == nil || i < 0 || j < 0 {
		return false
	}
	rl := reply.Layer(i)
	if rl == nil {
		// Scapy's NoPayload answers the end of a request or its Padding.
		ql := request.Layer(j)
		return ql == nil || ql.Proto().Trailer
	}
	pr := rl.Proto()
	if pr == rawProto || pr.Trailer {
		return true
	}
	if a, ok := rl.(Answerer); ok {
		return a.AnswersAt(reply, i, request, j)
	}
	ql := request.Layer(j)
	return ql != nil && ql.Proto() == pr && AnswersAt(reply, i+1, request, j+1)
}

// HashSeed is the hash of an empty suffix: what HashAt returns past the
// last layer, and the start of a layer's hash that ignores its payload.
const HashSeed uint64 = 0x9e3779b97f4a7c15

// HashKey returns the matching hash of p (Scapy's hashret()): a request
// and its answers have the same key. Keys may collide; Answers decides.
func HashKey(p *Packet) uint64 { return HashAt(p, 0) }

// HashAt returns the matching hash of p from its layer i on: that of the
// first layer from i on that implements Hasher, HashSeed when none does.
func HashAt(p *Packet, i int) uint64 {
	if p == nil || i < 0 {
		return HashSeed
	}
	for ; i < len(p.layers); i++ {
		if h, ok := p.layers[i].(Hasher); ok {
			return h.HashAt(p, i)
		}
	}
	return HashSeed
}

// HashMix mixes v into the hash h. The result depends on the order of the
// values mixed.
func HashMix(h, v uint64) uint64 {
	h ^= v + 0x9e3779b97f4a7c15 + h<<6 + h>>2
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	return h ^ h>>31
}

// HashBytes mixes the bytes b (their length included) into h.
func HashBytes(h uint64, b []byte) uint64 {
	h = HashMix(h, uint64(len(b)))
	for len(b) >= 8 {
		h = HashMix(h, uint64(b[0])<<56|uint64(b[1])<<48|uint64(b[2])<<40|uint64(b[3])<<32|
			uint64(b[4])<<24|uint64(b[5])<<16|uint64(b[6])<<8|uint64(b[7]))
		b = b[8:]
	}
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return HashMix(h, v)
}

// InQuote reports whether layer i of p is inside the quotation of an ICMP
// error (Scapy's IPerror, TCPerror, ... classes): for a dissected packet,
// from Quoted on; for a built one, above a layer whose IsError method
// reports true (an ICMP or ICMPv6 error message).
func InQuote(p *Packet, i int) bool {
	if p == nil {
		return false
	}
	if p.dctx.quoted > 0 || p.data != nil {
		return p.dctx.quoted > 0 && i >= int(p.dctx.quoted)
	}
	for k := 0; k < i && k < len(p.layers); k++ {
		if e, ok := p.layers[k].(interface{ IsError() bool }); ok && e.IsError() {
			return true
		}
	}
	return false
}

// LayerOffset returns the byte offset at which layer i of p starts in its
// encoding (p.Len() for i past the last layer). For a dissected packet it
// is the offset in Data.
func LayerOffset(p *Packet, i int) int {
	if p == nil {
		return 0
	}
	n := 0
	for k := 0; k < i && k < len(p.layers); k++ {
		n += p.headerLen(k)
	}
	return n
}

// WithBytes calls f with the encoding of p and returns what f returns. For
// a dissected packet the bytes are the data it was decoded from; a built
// packet is built into a pooled buffer (on a private copy of the packet,
// so concurrent builds of p do not race), which f must not keep. When p
// cannot be built, f is not called and WithBytes returns false.
func WithBytes(p *Packet, f func(b []byte) bool) bool {
	if p == nil {
		return false
	}
	if p.data != nil {
		return f(p.data)
	}
	s := scratchPool.Get().(*scratch)
	defer func() {
		s.pkt = Packet{} // built once each time: no state to keep
		scratchPool.Put(s)
	}()
	s.pkt.layers = p.layers
	s.pkt.err = p.err
	n := s.pkt.Len()
	if cap(s.buf) < n {
		s.buf = make([]byte, n)
	}
	b, err := s.pkt.BuildInto(s.buf[:n])
	if err != nil {
		return false
	}
	return f(b)
}

type scratch struct {
	pkt Packet
	buf []byte
}

var scratchPool = sync.Pool{New: func() any { return &scratch{buf: make([]byte, 0, 2048)} }}
