package stream

import (
	"net/netip"
	"time"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Direction is the way bytes flow in a Conversation.
type Direction uint8

const (
	// ClientToServer is from the client (the side that sent the first
	// SYN, or the sender of the first packet seen) to the server.
	ClientToServer Direction = 0
	// ServerToClient is the other way.
	ServerToClient Direction = 1
)

// String returns "client>server" or "server>client".
func (d Direction) String() string {
	if d == ServerToClient {
		return "server>client"
	}
	return "client>server"
}

// Reverse returns the other direction.
func (d Direction) Reverse() Direction { return d ^ 1 }

// Policy says which copy of a byte wins when segments overlap, as the
// target-based policies of intrusion detection systems do.
type Policy uint8

const (
	// First keeps the copy that arrived first: bytes already handed over
	// and bytes waiting in the buffer are not replaced by later copies.
	// It is the default and what tshark's Follow TCP Stream shows.
	First Policy = iota
	// Last keeps the most recent copy of a byte that is still buffered
	// (a retransmission with other bytes replaces what waits for a gap
	// to fill). Bytes already handed over are never taken back.
	Last
)

// String returns "first" or "last".
func (p Policy) String() string {
	if p == Last {
		return "last"
	}
	return "first"
}

// CloseReason says why a conversation ended.
type CloseReason uint8

const (
	// ClosedFIN: both sides sent FIN and every byte before it was handed
	// over (or skipped as a gap).
	ClosedFIN CloseReason = iota + 1
	// ClosedRST: a side reset the connection. Bytes still waiting for a
	// gap to fill are dropped, as the receiving host drops them.
	ClosedRST
	// ClosedTimeout: no packet for longer than Config.Timeout, or
	// FlushOlderThan; waiting bytes were handed over first, gaps skipped.
	ClosedTimeout
	// ClosedEvicted: the conversation was the least recently active one
	// when Config.MaxFlows was reached; waiting bytes were handed over.
	ClosedEvicted
	// ClosedReused: a SYN with another initial sequence number started a
	// new connection between the same addresses and ports.
	ClosedReused
	// ClosedFlush: FlushAll, at the end of the input.
	ClosedFlush
)

// String names the reason.
func (r CloseReason) String() string {
	switch r {
	case ClosedFIN:
		return "fin"
	case ClosedRST:
		return "rst"
	case ClosedTimeout:
		return "timeout"
	case ClosedEvicted:
		return "evicted"
	case ClosedReused:
		return "reused"
	case ClosedFlush:
		return "flush"
	}
	return "open"
}

// DataInfo describes the bytes of one Handler.Data call.
type DataInfo struct {
	// Seen is the capture time of the segment the bytes came in.
	Seen time.Time
	// Seq is the TCP sequence number of the first byte.
	Seq uint32
	// Gap is the number of bytes before these that were never seen and
	// are skipped: the peer acknowledged past them (lost from the
	// capture, not from the connection), the flow's or the assembler's
	// buffer was full, or the conversation was flushed.
	Gap int
	// Truncated is the number of bytes right after these that the
	// segment carried on the wire but the capture cut off (snapshot
	// length).
	Truncated int
}

// Handler receives a conversation's bytes, in order, one direction at a
// time, and its end. The data slice is only valid during the call: it may
// be the packet's own bytes (in-order segments are not copied). A Handler
// must not call the Assembler it is attached to.
type Handler interface {
	Data(c *Conversation, dir Direction, data []byte, info DataInfo)
	Close(c *Conversation, reason CloseReason)
}

// StartHandler is a Handler that is also told when a conversation
// begins, before any of its data: to set Conversation.User, say.
type StartHandler interface {
	Handler
	Start(c *Conversation)
}

// FinHandler is a Handler that is also told when one direction ends: its
// FIN arrived and every byte before it was handed over (or skipped). The
// other direction may go on (a half-close).
type FinHandler interface {
	Handler
	Fin(c *Conversation, dir Direction)
}

// HandlerFuncs is a Handler made of functions; a nil function ignores its
// events.
type HandlerFuncs struct {
	StartFunc func(c *Conversation)
	DataFunc  func(c *Conversation, dir Direction, data []byte, info DataInfo)
	CloseFunc func(c *Conversation, reason CloseReason)
}

// Start calls StartFunc.
func (h HandlerFuncs) Start(c *Conversation) {
	if h.StartFunc != nil {
		h.StartFunc(c)
	}
}

// Data calls DataFunc.
func (h HandlerFuncs) Data(c *Conversation, dir Direction, data []byte, info DataInfo) {
	if h.DataFunc != nil {
		h.DataFunc(c, dir, data, info)
	}
}

// Close calls CloseFunc.
func (h HandlerFuncs) Close(c *Conversation, reason CloseReason) {
	if h.CloseFunc != nil {
		h.CloseFunc(c, reason)
	}
}

// Defaults of Config.
const (
	DefaultMaxBufferedPerFlow = 4 << 20
	DefaultMaxBufferedTotal   = 256 << 20
	DefaultMaxFlows           = 1 << 18
)

// Config sets up an Assembler. Zero values take the defaults.
type Config struct {
	// Handler receives the ordered bytes; nil discards them (the
	// conversations are still tracked).
	Handler Handler
	// Policy decides overlaps; the default is First.
	Policy Policy
	// MaxBufferedPerFlow bounds the out-of-order bytes one conversation
	// holds (both directions, with a small overhead per segment). When
	// a segment would go past it, the oldest gap is skipped (reported in
	// DataInfo.Gap) and what follows it handed over. Default 4 MiB.
	MaxBufferedPerFlow int
	// MaxBufferedTotal bounds the out-of-order bytes of all
	// conversations; past it, the least recently active conversations
	// holding bytes are flushed, gaps skipped. Default 256 MiB.
	MaxBufferedTotal int
	// MaxFlows bounds the conversations tracked, closed ones included
	// (they are kept so that their late packets are recognised); a new
	// one evicts the least recently active. Default 262144. Each takes
	// about half a kilobyte besides its buffered bytes.
	MaxFlows int
	// Timeout, when positive, closes conversations without a packet for
	// that long (by capture time), handing over their waiting bytes
	// first. Zero keeps them until FlushOlderThan, FlushAll or eviction.
	Timeout time.Duration
}

// Conversation is one TCP connection, both directions. The Assembler owns
// it and reuses it once it is gone: do not keep it after the Handler's
// Close call (copy what you need; User is yours to set).
type Conversation struct {
	// ID numbers the conversations from 0 in the order they started.
	// It is usually tshark's tcp.stream number when every packet of a
	// capture goes through the Assembler; StreamIndex gives exactly that.
	ID uint64
	// Client sent the first SYN (or, picked up mid-stream, the first
	// packet seen; the receiver of a SYN-ACK seen first); Server is the
	// other side.
	Client, Server netip.AddrPort
	// Start and Last are the capture times of the first and the latest
	// packet.
	Start, Last time.Time
	// Bytes counts the bytes handed over, Gaps the bytes skipped,
	// Segments the segments seen, per Direction.
	Bytes, Gaps, Segments [2]uint64
	// User is free for the Handler's state.
	User any

	key      flowKey
	half     [2]half
	buffered int
	closed   CloseReason
	// lru: all conversations, most recently active first; bl: those
	// holding out-of-order bytes.
	prev, next   *Conversation
	bprev, bnext *Conversation
	inBL         bool
}

// Closed returns why the conversation ended, or 0 while it is open.
func (c *Conversation) Closed() CloseReason { return c.closed }

// Buffered returns the out-of-order bytes the conversation holds.
func (c *Conversation) Buffered() int { return c.buffered }

// Endpoints returns the source and destination of a direction.
func (c *Conversation) Endpoints(dir Direction) (src, dst netip.AddrPort) {
	if dir == ServerToClient {
		return c.Server, c.Client
	}
	return c.Client, c.Server
}

// half is one direction's reassembly state.
type half struct {
	started bool   // next is known
	next    uint32 // sequence number of the next byte to hand over
	baseSet bool
	base    uint32 // initial sequence number (SYN), or first seq - 1
	finSeen bool
	fin     uint32 // sequence number of the FIN
	done    bool   // every byte before the FIN is handed over
	gap     int    // bytes skipped, reported with the next data
	frags   []frag // out-of-order segments in arrival order
}

type frag struct {
	seq  uint32
	data []byte // owned
	seen time.Time
}

// fragOverhead is what a buffered segment costs besides its bytes.
const fragOverhead = 64

type flowKey struct{ a, b netip.AddrPort }

func keyOf(src, dst netip.AddrPort) flowKey {
	if lessAddrPort(dst, src) {
		return flowKey{dst, src}
	}
	return flowKey{src, dst}
}

func lessAddrPort(x, y netip.AddrPort) bool {
	if c := x.Addr().Compare(y.Addr()); c != 0 {
		return c < 0
	}
	return x.Port() < y.Port()
}

// Sequence-space comparisons (RFC 9293 section 3.4).
func seqLT(a, b uint32) bool { return int32(a-b) < 0 }
func seqGT(a, b uint32) bool { return int32(a-b) > 0 }

// Assembler reassembles TCP conversations: it follows both directions of
// each connection, puts out-of-order segments back in order, resolves
// retransmissions and overlaps with the configured Policy, and hands the
// ordered bytes to the Handler. Memory is bounded (Config). In-order
// segments go to the Handler without being copied and without any
// allocation once the conversation exists. An Assembler is not safe for
// concurrent use.
type Assembler struct {
	cfg      Config
	flows    map[flowKey]*Conversation
	head     *Conversation // most recently active
	tail     *Conversation
	bhead    *Conversation
	btail    *Conversation
	free     []*Conversation
	nextID   uint64
	buffered int
	pool     bufPool
	scratch  []byte
	stats    Stats
}

// Stats counts what an Assembler did.
type Stats struct {
	Segments      uint64 // segments processed
	Conversations uint64 // conversations started
	Evicted       uint64 // conversations closed because MaxFlows was reached
	ForcedGaps    uint64 // gaps skipped because a buffer limit was reached
	Dropped       uint64 // out-of-order bytes dropped by a reset
	Ignored       uint64 // segments of closed conversations
}

// NewAssembler returns an Assembler; zero fields of cfg take the defaults.
func NewAssembler(cfg Config) *Assembler {
	if cfg.MaxBufferedPerFlow <= 0 {
		cfg.MaxBufferedPerFlow = DefaultMaxBufferedPerFlow
	}
	if cfg.MaxBufferedTotal <= 0 {
		cfg.MaxBufferedTotal = DefaultMaxBufferedTotal
	}
	if cfg.MaxFlows <= 0 {
		cfg.MaxFlows = DefaultMaxFlows
	}
	a := &Assembler{cfg: cfg, flows: make(map[flowKey]*Conversation)}
	a.pool.limit = min(cfg.MaxBufferedTotal/4, 8<<20)
	return a
}

// Config returns the configuration in use, defaults filled in.
func (a *Assembler) Config() Config { return a.cfg }

// Stats returns the counters.
func (a *Assembler) Stats() Stats { return a.stats }

// Flows returns the number of conversations tracked (closed ones kept to
// recognise their late packets included).
func (a *Assembler) Flows() int { return len(a.flows) }

// Buffered returns the out-of-order bytes held, overhead included.
func (a *Assembler) Buffered() int { return a.buffered }

// Process feeds one dissected packet (see SegmentOf) captured at ts. It
// returns the conversation the segment belongs to, or nil when the packet
// carries no TCP segment the Assembler can use (no TCP layer, an IP
// fragment, a TCP header in an ICMP error).
func (a *Assembler) Process(p *packet.Packet, ts time.Time) *Conversation {
	var s Segment
	if !SegmentOf(p, &s) {
		return nil
	}
	s.Seen = ts
	return a.ProcessSegment(&s)
}

// ProcessSegment feeds one segment. It returns its conversation.
func (a *Assembler) ProcessSegment(s *Segment) *Conversation {
	a.stats.Segments++
	if a.cfg.Timeout > 0 {
		a.expire(s.Seen.Add(-a.cfg.Timeout))
	}
	key := keyOf(s.Src, s.Dst)
	c := a.flows[key]
	pureSYN := s.Flags&(layers.TCPSyn|layers.TCPAck) == layers.TCPSyn
	if c != nil && pureSYN {
		// A new SYN with another initial sequence number: the ports are
		// reused by a new connection.
		d := c.dirOf(s.Src)
		if h := &c.half[d]; h.baseSet && s.Seq != h.base {
			a.remove(c, ClosedReused)
			c = nil
		}
	}
	if c == nil {
		c = a.create(key, s)
	} else {
		a.touch(c)
	}
	if c.Last.Before(s.Seen) {
		c.Last = s.Seen
	}
	if c.closed != 0 {
		a.stats.Ignored++
		return c
	}
	a.segment(c, c.dirOf(s.Src), s)
	return c
}

func (c *Conversation) dirOf(src netip.AddrPort) Direction {
	if src == c.Client {
		return ClientToServer
	}
	return ServerToClient
}

// create starts a conversation, evicting the least recently active one
// when the table is full.
func (a *Assembler) create(key flowKey, s *Segment) *Conversation {
	for len(a.flows) >= a.cfg.MaxFlows && a.tail != nil {
		a.stats.Evicted++
		a.remove(a.tail, ClosedEvicted)
	}
	var c *Conversation
	if n := len(a.free); n > 0 {
		c = a.free[n-1]
		a.free = a.free[:n-1]
		var frags [2][]frag
		for d := range frags {
			if cap(c.half[d].frags) <= 32 {
				frags[d] = c.half[d].frags[:0]
			}
		}
		*c = Conversation{}
		c.half[0].frags, c.half[1].frags = frags[0], frags[1]
	} else {
		// a block at a time: one allocation for many conversations
		block := make([]Conversation, 64)
		for i := len(block) - 1; i > 0; i-- {
			a.free = append(a.free, &block[i])
		}
		c = &block[0]
	}
	c.ID = a.nextID
	a.nextID++
	a.stats.Conversations++
	c.key = key
	if s.Flags&(layers.TCPSyn|layers.TCPAck) == layers.TCPSyn|layers.TCPAck {
		c.Client, c.Server = s.Dst, s.Src
	} else {
		c.Client, c.Server = s.Src, s.Dst
	}
	c.Start, c.Last = s.Seen, s.Seen
	a.flows[key] = c
	a.pushFront(c)
	if sh, ok := a.cfg.Handler.(StartHandler); ok {
		sh.Start(c)
	}
	return c
}

// segment applies one segment to direction dir of c.
func (a *Assembler) segment(c *Conversation, dir Direction, s *Segment) {
	c.Segments[dir]++
	h := &c.half[dir]
	if o := &c.half[dir^1]; s.Flags&layers.TCPAck != 0 {
		// The peer acknowledges what it received: bytes it acknowledges
		// past a hole were lost from the capture only.
		if len(o.frags) > 0 {
			a.drain(c, dir^1, s.Ack, drainAck)
		}
		if o.finSeen && !o.done && len(o.frags) == 0 && seqLT(o.next, o.fin) && seqGT(s.Ack, o.fin) {
			c.skip(dir^1, o.fin) // the last bytes before its FIN
		}
	}
	seq := s.Seq
	syn := s.Flags&layers.TCPSyn != 0
	if syn {
		seq++
	}
	if !h.baseSet {
		h.baseSet = true
		h.base = s.Seq
		if !syn {
			h.base = s.Seq - 1
		}
	}
	if !h.started {
		h.started, h.next = true, seq
	}
	length := s.wireLen()
	end := seq + uint32(length)
	if s.Flags&layers.TCPRst != 0 && !seqLT(s.Seq, h.next) {
		// A reset at or past the next expected byte; an older one is
		// stale (or forged) and ignored.
		if len(s.Payload) > 0 && seq == h.next {
			a.deliver(c, dir, h, seq, s.Payload, s.Seen, length-len(s.Payload))
			h.next = end
		}
		a.close(c, ClosedRST)
		return
	}
	if s.Flags&layers.TCPFin != 0 && !h.finSeen {
		h.finSeen, h.fin = true, end
	}
	data := s.Payload
	if seqLT(seq, h.next) && seqGT(end, h.next) {
		// A retransmission carrying more than what was handed over.
		off := int(h.next - seq)
		if off >= len(data) {
			data = nil
		} else {
			data = data[off:]
		}
		seq, length = h.next, int(end-h.next)
	}
	if len(data) > 0 && !seqLT(seq, h.next) {
		if seq == h.next {
			if a.cfg.Policy == First && len(h.frags) > 0 {
				data = a.overlay(h, seq, data)
			}
			a.deliver(c, dir, h, seq, data, s.Seen, length-len(data))
			h.next = end
			a.drain(c, dir, 0, drainFit)
		} else {
			a.insert(c, dir, seq, data, s.Seen)
		}
	}
	a.checkDone(c)
}

// checkDone closes the conversation when both sides finished.
func (a *Assembler) checkDone(c *Conversation) {
	for d := range c.half {
		h := &c.half[d]
		if h.finSeen && !h.done && len(h.frags) == 0 && !seqLT(h.next, h.fin) {
			h.done = true
			if fh, ok := a.cfg.Handler.(FinHandler); ok {
				fh.Fin(c, Direction(d))
			}
		}
	}
	if c.half[0].done && c.half[1].done && c.closed == 0 {
		a.close(c, ClosedFIN)
	}
}

// overlay returns data with the bytes that buffered segments (which all
// arrived earlier) hold for the same sequence numbers: the First policy.
// data is copied only when a buffered segment overlaps it.
func (a *Assembler) overlay(h *half, seq uint32, data []byte) []byte {
	copied := false
	end := seq + uint32(len(data))
	for i := len(h.frags) - 1; i >= 0; i-- { // earliest arrival applied last: it wins
		f := &h.frags[i]
		fend := f.seq + uint32(len(f.data))
		if !seqLT(f.seq, end) || !seqGT(fend, seq) {
			continue
		}
		if !copied {
			a.scratch = append(a.scratch[:0], data...)
			data = a.scratch
			copied = true
		}
		lo, hi := f.seq, fend
		if seqLT(lo, seq) {
			lo = seq
		}
		if seqGT(hi, end) {
			hi = end
		}
		copy(data[lo-seq:hi-seq], f.data[lo-f.seq:hi-f.seq])
	}
	return data
}

// deliver hands bytes to the Handler.
func (a *Assembler) deliver(c *Conversation, dir Direction, h *half, seq uint32, data []byte, seen time.Time, trunc int) {
	gap := h.gap
	h.gap = 0
	c.Bytes[dir] += uint64(len(data))
	if a.cfg.Handler != nil && (len(data) > 0 || gap > 0) {
		a.cfg.Handler.Data(c, dir, data, DataInfo{Seen: seen, Seq: seq, Gap: gap, Truncated: max(trunc, 0)})
	}
}

// skip moves the next sequence number of h forward to seq, a gap.
func (c *Conversation) skip(dir Direction, seq uint32) {
	h := &c.half[dir]
	n := int(seq - h.next)
	h.gap += n
	c.Gaps[dir] += uint64(n)
	h.next = seq
}

type drainMode uint8

const (
	drainFit   drainMode = iota // hand over the segments that fit
	drainAck                    // and skip a gap the peer acknowledged past
	drainForce                  // and skip gaps until nothing is left
)

// drain hands over the buffered segments of one direction that continue
// the stream, in arrival order, as tshark's Follow TCP Stream applies
// them; drainAck also skips a hole that ack acknowledges past, drainForce
// every hole.
func (a *Assembler) drain(c *Conversation, dir Direction, ack uint32, mode drainMode) {
	h := &c.half[dir]
	for len(h.frags) > 0 {
		lowest := h.frags[0].seq
		found := -1
		for i := range h.frags {
			f := &h.frags[i]
			if seqGT(lowest, f.seq) {
				lowest = f.seq
			}
			if !seqGT(f.seq, h.next) {
				found = i
				break
			}
		}
		if found < 0 {
			if mode == drainForce || mode == drainAck && seqGT(ack, lowest) {
				c.skip(dir, lowest)
				continue
			}
			return
		}
		f := h.frags[found]
		h.frags = append(h.frags[:found], h.frags[found+1:]...)
		h.frags[len(h.frags):cap(h.frags)][0] = frag{} // drop the reference; cap > len now
		a.unbuffer(c, cap(f.data)+fragOverhead)
		fend := f.seq + uint32(len(f.data))
		if seqGT(fend, h.next) {
			off := h.next - f.seq
			a.deliver(c, dir, h, h.next, f.data[off:], f.seen, 0)
			h.next = fend
		}
		a.pool.put(f.data)
	}
	if cap(h.frags) > 32 {
		h.frags = nil // a burst's array is not kept
	}
	if c.buffered == 0 {
		a.blRemove(c)
	}
}

// insert buffers an out-of-order segment, keeping within the limits.
func (a *Assembler) insert(c *Conversation, dir Direction, seq uint32, data []byte, seen time.Time) {
	h := &c.half[dir]
	cost := bufCap(len(data)) + fragOverhead
	for c.buffered+cost > a.cfg.MaxBufferedPerFlow {
		a.stats.ForcedGaps++
		if len(c.half[dir^1].frags) > 0 && len(h.frags) == 0 {
			a.drain(c, dir^1, 0, drainForce)
			continue
		}
		if len(h.frags) == 0 {
			// The segment alone is over the limit: skip to it.
			c.skip(dir, seq)
			a.deliver(c, dir, h, seq, data, seen, 0)
			h.next = seq + uint32(len(data))
			return
		}
		// Skip the first hole, then see whether the segment now fits.
		lowest := h.frags[0].seq
		for i := range h.frags {
			if seqGT(lowest, h.frags[i].seq) {
				lowest = h.frags[i].seq
			}
		}
		c.skip(dir, lowest)
		a.drain(c, dir, 0, drainFit)
		if !seqGT(seq, h.next) {
			end := seq + uint32(len(data))
			if seqGT(end, h.next) {
				off := h.next - seq
				a.deliver(c, dir, h, h.next, data[off:], seen, 0)
				h.next = end
				a.drain(c, dir, 0, drainFit)
			}
			return
		}
	}
	if a.cfg.Policy == Last {
		// The newest copy wins: write it over the buffered bytes it
		// overlaps.
		end := seq + uint32(len(data))
		for i := range h.frags {
			f := &h.frags[i]
			fend := f.seq + uint32(len(f.data))
			if !seqLT(f.seq, end) || !seqGT(fend, seq) {
				continue
			}
			lo, hi := f.seq, fend
			if seqLT(lo, seq) {
				lo = seq
			}
			if seqGT(hi, end) {
				hi = end
			}
			copy(f.data[lo-f.seq:hi-f.seq], data[lo-seq:hi-seq])
		}
	}
	b := a.pool.get(len(data))
	copy(b, data)
	h.frags = append(h.frags, frag{seq: seq, data: b, seen: seen})
	c.buffered += cost
	a.buffered += cost
	a.blTouch(c)
	for a.buffered > a.cfg.MaxBufferedTotal && a.btail != nil {
		a.stats.ForcedGaps++
		o := a.btail
		a.drain(o, ClientToServer, 0, drainForce)
		a.drain(o, ServerToClient, 0, drainForce)
		a.checkDone(o)
	}
}

func (a *Assembler) unbuffer(c *Conversation, cost int) {
	c.buffered -= cost
	a.buffered -= cost
}

// FlushOlderThan hands over the waiting bytes (gaps skipped) of the
// conversations whose latest packet is older than t, closes them with
// ClosedTimeout and forgets them. It returns how many it closed.
func (a *Assembler) FlushOlderThan(t time.Time) int {
	return a.expire(t)
}

func (a *Assembler) expire(t time.Time) int {
	n := 0
	for c := a.tail; c != nil && c.Last.Before(t); c = a.tail {
		if c.closed == 0 {
			n++
		}
		a.remove(c, ClosedTimeout)
	}
	return n
}

// FlushAll hands over every waiting byte (gaps skipped), closes every
// open conversation with ClosedFlush, oldest first, and forgets them all:
// call it at the end of the input.
func (a *Assembler) FlushAll() {
	for a.tail != nil {
		a.remove(a.tail, ClosedFlush)
	}
}

// close ends a conversation (its waiting bytes handed over, or dropped
// for a reset) and tells the Handler; it stays in the table, closed, to
// recognise its late packets.
func (a *Assembler) close(c *Conversation, reason CloseReason) {
	if c.closed != 0 {
		return
	}
	for d := range c.half {
		h := &c.half[d]
		if reason == ClosedRST {
			for _, f := range h.frags {
				a.stats.Dropped += uint64(len(f.data))
				a.unbuffer(c, cap(f.data)+fragOverhead)
				a.pool.put(f.data)
			}
			h.frags = nil
		} else {
			a.drain(c, Direction(d), 0, drainForce)
		}
	}
	a.blRemove(c)
	c.closed = reason
	if a.cfg.Handler != nil {
		a.cfg.Handler.Close(c, reason)
	}
}

// remove closes a conversation if it is open and forgets it.
func (a *Assembler) remove(c *Conversation, reason CloseReason) {
	a.close(c, reason)
	if a.flows[c.key] == c {
		delete(a.flows, c.key)
	}
	a.unlink(c)
	c.User = nil
	a.free = append(a.free, c)
}

// LRU lists.

func (a *Assembler) pushFront(c *Conversation) {
	c.prev, c.next = nil, a.head
	if a.head != nil {
		a.head.prev = c
	}
	a.head = c
	if a.tail == nil {
		a.tail = c
	}
}

func (a *Assembler) unlink(c *Conversation) {
	if c.prev != nil {
		c.prev.next = c.next
	} else if a.head == c {
		a.head = c.next
	}
	if c.next != nil {
		c.next.prev = c.prev
	} else if a.tail == c {
		a.tail = c.prev
	}
	c.prev, c.next = nil, nil
}

func (a *Assembler) touch(c *Conversation) {
	if a.head == c {
		return
	}
	a.unlink(c)
	a.pushFront(c)
}

func (a *Assembler) blTouch(c *Conversation) {
	if c.inBL {
		if a.bhead == c {
			return
		}
		a.blRemove(c)
	}
	c.inBL = true
	c.bprev, c.bnext = nil, a.bhead
	if a.bhead != nil {
		a.bhead.bprev = c
	}
	a.bhead = c
	if a.btail == nil {
		a.btail = c
	}
}

func (a *Assembler) blRemove(c *Conversation) {
	if !c.inBL {
		return
	}
	if c.bprev != nil {
		c.bprev.bnext = c.bnext
	} else {
		a.bhead = c.bnext
	}
	if c.bnext != nil {
		c.bnext.bprev = c.bprev
	} else {
		a.btail = c.bprev
	}
	c.bprev, c.bnext, c.inBL = nil, nil, false
}

// bufPool recycles the buffers of out-of-order segments by power-of-two
// size class, keeping at most limit bytes.
type bufPool struct {
	classes [18][][]byte // 64 B .. 8 MiB
	held    int
	limit   int
}

func sizeClass(n int) int {
	c, size := 0, 64
	for size < n && c < len(bufPool{}.classes)-1 {
		size <<= 1
		c++
	}
	if size < n {
		return -1
	}
	return c
}

// bufCap is the capacity of the buffer get(n) returns.
func bufCap(n int) int {
	if c := sizeClass(n); c >= 0 {
		return 64 << c
	}
	return n
}

func (p *bufPool) get(n int) []byte {
	c := sizeClass(n)
	if c < 0 {
		return make([]byte, n)
	}
	if l := len(p.classes[c]); l > 0 {
		b := p.classes[c][l-1]
		p.classes[c] = p.classes[c][:l-1]
		p.held -= cap(b)
		return b[:n]
	}
	return make([]byte, n, 64<<c)
}

func (p *bufPool) put(b []byte) {
	c := sizeClass(cap(b))
	if c < 0 || 64<<c != cap(b) || p.held+cap(b) > p.limit {
		return
	}
	p.classes[c] = append(p.classes[c], b)
	p.held += cap(b)
}
