package sendrecv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/route"
)

// The Sr family: send requests and collect their answers, as Scapy's
// sr(), sr1(), srp() and srp1().
//
// One call opens one packet socket on each interface the answers can
// come from (the interface named, or those of the routes to the
// destinations), with a kernel filter attached before it is bound and
// the host's outgoing frames left out (PACKET_IGNORE_OUTGOING; where the
// kernel lacks it they are dropped by their PACKET_OUTGOING flag). A
// goroutine per socket reads from before the first request is sent until
// the call returns, so the answers are collected while the requests are
// still being sent. Each frame read is dissected once by a warm decoder
// and looked up by its MatchKey among the requests: the candidates of
// one hash bucket are confirmed with DefaultMatch, so thousands of
// requests in flight cost no more per answer than one. A custom match
// function has no key and is tried against every request still waiting.
// A frame that answers a request is copied and dissected again into a
// packet of its own; every other frame allocates nothing.
//
// Layer 3 calls (Sr, Sr1) send on the raw IP sockets Send uses and
// return the answers from their IP layer on, as Scapy does; layer 2
// calls (Srp, Srp1) send and receive on the one packet socket of the
// interface and return whole frames.

// ErrNoReply is the error of Sr1 and Srp1 when no answer came within the
// timeout (Scapy's sr1 returns None). Sr and Srp report unanswered
// requests in their result instead.
var ErrNoReply = errors.New("no reply")

// SrOptions configures SrContext, Sr1Context, SrpContext and
// Srp1Context. The zero value sends each packet once, as fast as
// possible, on the interface of the route to its destination, and waits
// until every request is answered (or ctx ends).
type SrOptions struct {
	// Iface is the interface to send on and receive from; "" chooses the
	// interface of the kernel's route to each destination (route.Lookup).
	Iface string
	// Timeout is how long to wait for answers once the last request of
	// a round is sent. Zero or negative waits until every request is
	// answered (with Multi: until ctx ends), as Scapy's timeout=None.
	Timeout time.Duration
	// Retry sends the requests left unanswered again (Scapy's retry): n
	// > 0 up to n more rounds; n < 0 until -n rounds in a row bring no
	// new answer.
	Retry int
	// Inter waits this long between two requests (Scapy's inter).
	Inter time.Duration
	// Multi keeps collecting answers to a request that has one (Scapy's
	// multi): every answer is a pair of its own, and the call waits for
	// the whole timeout. Sr1 and Srp1 ignore it.
	Multi bool
	// Filter is a kernel filter in tcpdump syntax on what is received.
	// Empty derives one from the requests: frames addressed to their
	// source addresses (and ARP for ARP requests); none when a request
	// has no usable source address, carries a VLAN tag, or is neither
	// IP nor ARP.
	Filter string
	// Match decides whether a received packet answers a request; nil is
	// DefaultMatch.
	Match MatchFunc
	// Rate sends at most this many requests per second; 0 is as fast as
	// possible.
	Rate float64
}

// SndRcvPair is a request and a packet that answered it.
type SndRcvPair struct {
	Sent, Received *packet.Packet
	// SentAt is when the request was (last) written; ReceivedAt is the
	// kernel's receive time of the answer.
	SentAt, ReceivedAt time.Time
}

// RTT returns the time from the request to its answer.
func (p SndRcvPair) RTT() time.Duration { return p.ReceivedAt.Sub(p.SentAt) }

// SndRcvList is the result of Sr and Srp (Scapy's SndRcvList and the
// unanswered PacketList): the answered pairs in the order the answers
// arrived, and the requests nothing answered, in the order given.
//
// Sent packets are the requests as they were sent: the bytes written
// (with the lengths, checksums and source addresses filled in),
// dissected again, with Metadata.Timestamp the time of the last write.
type SndRcvList struct {
	Answered   []SndRcvPair
	Unanswered []*packet.Packet
}

// Sr sends IP packets (a link layer in them is left out) and returns the
// answers and the requests left unanswered; see SrContext.
func Sr(pkts []*packet.Packet, iface string, timeout time.Duration, match MatchFunc) (*SndRcvList, error) {
	return SrContext(context.Background(), pkts, SrOptions{Iface: iface, Timeout: timeout, Match: match})
}

// Sr1 sends one IP packet and returns it as sent and its first answer;
// see Sr1Context.
func Sr1(p *packet.Packet, iface string, timeout time.Duration, match MatchFunc) (sent, reply *packet.Packet, err error) {
	return Sr1Context(context.Background(), p, SrOptions{Iface: iface, Timeout: timeout, Match: match})
}

// Srp sends frames as built and returns the answers and the frames left
// unanswered; see SrpContext.
func Srp(pkts []*packet.Packet, iface string, timeout time.Duration, match MatchFunc) (*SndRcvList, error) {
	return SrpContext(context.Background(), pkts, SrOptions{Iface: iface, Timeout: timeout, Match: match})
}

// Srp1 sends one frame and returns it as sent and its first answer; see
// Srp1Context.
func Srp1(p *packet.Packet, iface string, timeout time.Duration, match MatchFunc) (sent, reply *packet.Packet, err error) {
	return Srp1Context(context.Background(), p, SrOptions{Iface: iface, Timeout: timeout, Match: match})
}

// SrContext sends pkts at layer 3 (as Send: the kernel routes them and
// adds the link layer; an unset IP source is the route's source) and
// collects their answers until the timeout after the last request, or
// until every request is answered. Answers are returned from their IP
// layer on. No answer is no error: the request is in Unanswered. When
// ctx ends, the result so far is returned with ctx.Err(); on any other
// error nothing was sent, or sending stopped there and the result holds
// what was answered until then.
func SrContext(ctx context.Context, pkts []*packet.Packet, opts SrOptions) (*SndRcvList, error) {
	return srRun(ctx, pkts, opts, false, false)
}

// SrpContext is SrContext at layer 2: each frame is sent as built (an
// unset Ethernet source is the interface's address, an unset IP source
// the route's), and answers are whole frames. Without Iface the
// interface is that of the route to the frame's IP destination (or ARP
// target address).
func SrpContext(ctx context.Context, pkts []*packet.Packet, opts SrOptions) (*SndRcvList, error) {
	return srRun(ctx, pkts, opts, true, false)
}

// Sr1Context sends p at layer 3 and returns it as sent and the first
// packet that answers it. No answer within the timeout gives the sent
// packet, a nil reply and an error matching ErrNoReply.
func Sr1Context(ctx context.Context, p *packet.Packet, opts SrOptions) (sent, reply *packet.Packet, err error) {
	return sr1(ctx, p, opts, false)
}

// Srp1Context is Sr1Context at layer 2.
func Srp1Context(ctx context.Context, p *packet.Packet, opts SrOptions) (sent, reply *packet.Packet, err error) {
	return sr1(ctx, p, opts, true)
}

func sr1(ctx context.Context, p *packet.Packet, opts SrOptions, l2 bool) (sent, reply *packet.Packet, err error) {
	opts.Multi = false
	res, err := srRun(ctx, []*packet.Packet{p}, opts, l2, true)
	if res == nil {
		return nil, nil, err
	}
	if len(res.Answered) > 0 {
		return res.Answered[0].Sent, res.Answered[0].Received, nil
	}
	if len(res.Unanswered) > 0 {
		sent = res.Unanswered[0]
	}
	if err == nil {
		cause := ErrNoReply
		if opts.Timeout > 0 {
			cause = fmt.Errorf("%w within %v", ErrNoReply, opts.Timeout)
		}
		err = &OpError{Op: srOpName(l2, true), Iface: opts.Iface, Err: cause}
	}
	return sent, nil, err
}

func srOpName(l2, one bool) string {
	op := "sr"
	if l2 {
		op = "srp"
	}
	if one {
		op += "1"
	}
	return op
}

// srRun is the engine under the four calls; one stops at the first
// answer.
func srRun(ctx context.Context, pkts []*packet.Packet, o SrOptions, l2, one bool) (*SndRcvList, error) {
	op := srOpName(l2, one)
	if err := srSupported(op, o.Iface); err != nil {
		return nil, err
	}
	if o.Inter < 0 || o.Rate < 0 {
		return nil, &OpError{Op: op, Iface: o.Iface, Err: errors.New("inter and rate cannot be negative")}
	}
	if len(pkts) == 0 {
		return &SndRcvList{}, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if o.Iface != "" {
		if _, err := srInterface(op, o.Iface); err != nil {
			return nil, err
		}
	}
	e := newSrEngine(op, o, l2, one)
	defer e.close()
	if err := e.prepare(pkts); err != nil {
		return nil, err
	}
	if err := e.open(); err != nil {
		return nil, err
	}
	err := e.run(ctx)
	return e.result(), err
}

// srReq is one request.
type srReq struct {
	pkt      *packet.Packet // the bytes sent, dissected
	wire     []byte
	key      uint64
	out      int // index in srEngine.outs
	sentAt   time.Time
	sent     bool
	answers  int
	inBucket bool
}

// srLink is a packet socket the answers are read from.
type srLink struct {
	iface string
	conn  *L2Conn
}

// srWriter is the socket a request is written on.
type srWriter interface {
	WritePacket([]byte) error
	WriteBatch([][]byte) (int, error)
}

type srEngine struct {
	op     string
	o      SrOptions
	l2     bool
	one    bool
	match  MatchFunc
	hashed bool

	reqs  []srReq
	links []*srLink
	outs  []srWriter

	// family of the L3 writers in outs (L3), link of the L2 writers.
	outFamily []int
	outLink   []int

	routes map[netip.Addr]srRoute
	ifaces map[string]route.Interface

	gap  time.Duration // between two requests (Inter, Rate)
	next time.Time     // earliest time of the next request

	mu       sync.Mutex
	buckets  map[uint64][]int32
	pending  int // requests not answered yet
	answered []SndRcvPair
	rerr     error
	notify   chan struct{}

	wg       sync.WaitGroup
	stopping atomic.Bool // the readers are being stopped
	closed   bool
}

func newSrEngine(op string, o SrOptions, l2, one bool) *srEngine {
	e := &srEngine{op: op, o: o, l2: l2, one: one, match: o.Match, notify: make(chan struct{}, 1),
		routes: make(map[netip.Addr]srRoute), ifaces: make(map[string]route.Interface)}
	e.gap = max(o.Inter, 0)
	if o.Rate > 0 {
		e.gap = max(e.gap, time.Duration(float64(time.Second)/o.Rate))
	}
	if e.match == nil || sameFunc(e.match, DefaultMatch) {
		e.match, e.hashed = DefaultMatch, true
	}
	return e
}

// sameFunc reports whether two functions are the same top-level function.
func sameFunc(a, b MatchFunc) bool {
	return reflect.ValueOf(a).Pointer() == reflect.ValueOf(b).Pointer()
}

func (e *srEngine) errorf(iface string, err error) error {
	return &OpError{Op: e.op, Iface: iface, Err: err}
}

// srRoute is the answer of route.Lookup for one destination.
type srRoute struct {
	r   route.Route
	err error
}

// lookup returns the kernel's route to dst, asking once per address.
func (e *srEngine) lookup(dst netip.Addr) (route.Route, error) {
	if r, ok := e.routes[dst]; ok {
		return r.r, r.err
	}
	r, err := route.Lookup(dst)
	if err != nil {
		err = e.errorf(e.o.Iface, err)
	}
	e.routes[dst] = srRoute{r, err}
	return r, err
}

// link returns the index of the receiving link of iface, adding it.
func (e *srEngine) link(iface string) int {
	for i, l := range e.links {
		if l.iface == iface {
			return i
		}
	}
	e.links = append(e.links, &srLink{iface: iface})
	return len(e.links) - 1
}

// ipDstOf returns the destination of an IPv4 or IPv6 layer.
func ipDstOf(l packet.Layer) netip.Addr {
	switch ip := l.(type) {
	case *layers.IPv4:
		return ip.DstAddr()
	case *layers.IPv6:
		return ip.DstAddr()
	}
	return netip.Addr{}
}

// withSource returns p with a copy of its IP layer i carrying src.
func withSource(p *packet.Packet, i int, src netip.Addr) *packet.Packet {
	out := append([]packet.Layer(nil), p.Layers()...)
	switch ip := out[i].(type) {
	case *layers.IPv4:
		if !src.Is4() {
			return p
		}
		c := *ip
		c.Src = src
		out[i] = &c
	case *layers.IPv6:
		if !src.Is6() || src.Is4In6() {
			return p
		}
		c := *ip
		c.Src = src
		out[i] = &c
	default:
		return p
	}
	return packet.New(out...)
}

// prepare builds every request, finds its interface and computes its
// match key. Nothing is sent and no socket is opened yet.
func (e *srEngine) prepare(pkts []*packet.Packet) error {
	e.reqs = make([]srReq, len(pkts))
	which := func(i int, err error) error {
		if len(pkts) > 1 {
			return fmt.Errorf("pkts[%d]: %w", i, err)
		}
		return err
	}
	for i, p := range pkts {
		if err := checkPacket(p); err != nil {
			return which(i, err)
		}
		var err error
		if e.l2 {
			err = e.prepareL2(i, p)
		} else {
			err = e.prepareL3(i, p)
		}
		if err != nil {
			return which(i, err)
		}
	}
	e.pending = len(e.reqs)
	if e.hashed {
		e.buckets = make(map[uint64][]int32, len(e.reqs))
		for i := range e.reqs {
			r := &e.reqs[i]
			r.key = MatchKey(r.pkt)
			e.buckets[r.key] = append(e.buckets[r.key], int32(i))
			r.inBucket = true
		}
	}
	return nil
}

func (e *srEngine) prepareL3(i int, p *packet.Packet) error {
	k := ipIndex(p)
	if k < 0 {
		return e.errorf(e.o.Iface, fmt.Errorf("%w: %s sends IP packets (use %sp for link-layer frames)", ErrNoIPLayer, e.op, e.op[:2]))
	}
	ipl := p.Layer(k)
	dst := ipDstOf(ipl)
	iface := e.o.Iface
	q := p
	// The route gives the interface the answers come in on and the
	// source address. With an interface named, a destination without a
	// route is the kernel's business.
	r, err := e.lookup(dst)
	if err != nil && (iface == "" || needsSource(ipl)) {
		return err
	}
	if err == nil && needsSource(ipl) && r.Src.IsValid() {
		q = withSource(p, k, r.Src)
	}
	q, family, err := l3Packet(q)
	if err != nil {
		return e.errorf(iface, err)
	}
	wire, err := q.Build()
	if err != nil {
		return err
	}
	if iface == "" {
		iface = r.Iface
	}
	e.link(iface)
	req := srReq{wire: wire, out: e.l3Out(family)}
	req.pkt, _ = packet.Dissect(wire, q.Layer(0).Proto().Type())
	e.reqs[i] = req
	return nil
}

// l3Out returns the index of the raw socket of family in outs (opened
// by open).
func (e *srEngine) l3Out(family int) int {
	for i, f := range e.outFamily {
		if f == family {
			return i
		}
	}
	e.outFamily = append(e.outFamily, family)
	e.outs = append(e.outs, nil)
	return len(e.outs) - 1
}

// l2Dst returns the address a frame is for: its IP destination or ARP
// target.
func l2Dst(p *packet.Packet) netip.Addr {
	for k := 0; k < p.NumLayers(); k++ {
		if packet.InQuote(p, k) {
			break
		}
		switch l := p.Layer(k).(type) {
		case *layers.IPv4, *layers.IPv6:
			return ipDstOf(l)
		case *layers.ARP:
			return l.PDst
		}
	}
	return netip.Addr{}
}

func (e *srEngine) prepareL2(i int, p *packet.Packet) error {
	iface := e.o.Iface
	if iface == "" {
		dst := l2Dst(p)
		if !dst.IsValid() {
			return e.errorf("", fmt.Errorf("%s needs an interface: the frame has no IP destination or ARP target to route", e.op))
		}
		r, err := e.lookup(dst)
		if err != nil {
			return err
		}
		iface = r.Iface
	}
	li := e.link(iface)
	ifc, ok := e.ifaces[iface]
	if !ok {
		var err error
		if ifc, err = srInterface(e.op, iface); err != nil {
			return err
		}
		e.ifaces[iface] = ifc
	}
	q := p
	if k := ipIndex(p); k >= 0 && needsSource(p.Layer(k)) {
		if r, err := e.lookup(ipDstOf(p.Layer(k))); err == nil && r.Src.IsValid() {
			q = withSource(p, k, r.Src)
		}
	}
	q = fillARP(q, ifc)
	frame, err := l2Packet(q, ifc.MAC).Build()
	if err != nil {
		return err
	}
	out := -1
	for j, l := range e.outLink {
		if l == li {
			out = j
		}
	}
	if out < 0 {
		e.outLink = append(e.outLink, li)
		e.outs = append(e.outs, nil)
		out = len(e.outs) - 1
	}
	e.reqs[i] = srReq{wire: frame, out: out}
	e.reqs[i].pkt, _ = packet.Dissect(frame, p.Layer(0).Proto().Type())
	return nil
}

// fillARP returns p, or a copy of its layer list with an ARP request's
// unset sender addresses filled in, as Scapy does: the interface's MAC
// address, and its IPv4 address (on the target's subnet if it has one).
func fillARP(p *packet.Packet, ifc route.Interface) *packet.Packet {
	for k := 0; k < p.NumLayers(); k++ {
		a, ok := p.Layer(k).(*layers.ARP)
		if !ok {
			continue
		}
		setMAC := a.HwSrc.IsZero() && a.HwSrcRaw == nil && !ifc.MAC.IsZero()
		var src netip.Addr
		if !a.PSrc.IsValid() && a.PSrcRaw == nil && a.PDst.Is4() {
			src, _ = ifc.Addr4(a.PDst)
		}
		if !setMAC && !src.IsValid() {
			return p
		}
		c := *a
		if setMAC {
			c.HwSrc = ifc.MAC
		}
		if src.IsValid() {
			c.PSrc = src
		}
		out := append([]packet.Layer(nil), p.Layers()...)
		out[k] = &c
		return packet.New(out...)
	}
	return p
}

// open opens the receiving sockets (with the filter) and the sockets
// the requests are written on.
func (e *srEngine) open() error {
	filter, auto := e.o.Filter, false
	if filter == "" {
		filter, auto = autoFilter(e.reqs), true
	}
	// Room for the answers to every request in flight (and some noise),
	// so none is dropped while the reader is busy.
	rcvbuf := min(max(defaultSrRcvbuf, len(e.reqs)*4096), maxSrRcvbuf)
	for _, l := range e.links {
		c, err := srOpenLink(l.iface, filter, rcvbuf)
		if err != nil && auto && filter != "" && !errors.Is(err, ErrPermission) && !errors.Is(err, ErrNoInterface) {
			c, err = srOpenLink(l.iface, "", rcvbuf)
		}
		if err != nil {
			return err
		}
		l.conn = c
	}
	for i := range e.outs {
		if e.l2 {
			e.outs[i] = e.links[e.outLink[i]].conn
			continue
		}
		c, _, err := cachedL3(e.outFamily[i], e.o.Iface)
		if err != nil {
			return err
		}
		e.outs[i] = c
	}
	return nil
}

const (
	defaultSrRcvbuf = 4 << 20
	maxSrRcvbuf     = 256 << 20
	srReadBuf       = 64<<10 + 256
	srMaxClauses    = 32
)

// autoFilter derives a kernel filter from the requests: what is
// addressed to their source addresses, and ARP for ARP requests. It
// returns "" (no filter) when a request gives nothing to filter on.
func autoFilter(reqs []srReq) string {
	seen := make(map[string]bool)
	var clauses []string
	add := func(c string) {
		if !seen[c] {
			seen[c] = true
			clauses = append(clauses, c)
		}
	}
	for i := range reqs {
		p := reqs[i].pkt
		found := false
	scan:
		for k := 0; k < p.NumLayers(); k++ {
			if packet.InQuote(p, k) {
				break
			}
			switch l := p.Layer(k).(type) {
			case *layers.Dot1Q, *layers.Dot1AD:
				return "" // the kernel may or may not have taken the tag out
			case *layers.IPv4:
				src := l.SrcAddr()
				if !src.IsValid() || src.IsUnspecified() || src.IsMulticast() || src == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
					return ""
				}
				add("dst host " + src.String())
				found = true
				break scan
			case *layers.IPv6:
				src := l.SrcAddr()
				if !src.IsValid() || src.IsUnspecified() || src.IsMulticast() {
					return ""
				}
				add("dst host " + src.String())
				found = true
				break scan
			case *layers.ARP:
				add("arp")
				found = true
				break scan
			}
		}
		if !found || len(clauses) > srMaxClauses {
			return ""
		}
	}
	return strings.Join(clauses, " or ")
}

// run starts the readers and sends the rounds of requests.
func (e *srEngine) run(ctx context.Context) error {
	for _, l := range e.links {
		e.wg.Add(1)
		go e.receive(l)
	}
	todo := make([]int, len(e.reqs))
	for i := range todo {
		todo[i] = i
	}
	retry, autostop := e.o.Retry, 0
	if retry < 0 {
		autostop = -retry
		retry = autostop
	}
	for {
		if err := e.send(ctx, todo); err != nil {
			return err
		}
		if err := e.wait(ctx); err != nil {
			return err
		}
		remain := e.unanswered()
		if autostop > 0 && len(remain) > 0 && len(remain) != len(todo) {
			retry = autostop
		}
		todo = remain
		if len(todo) == 0 || e.one && e.answeredLen() > 0 {
			return nil
		}
		retry--
		if retry < 0 {
			return nil
		}
	}
}

func (e *srEngine) answeredLen() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.answered)
}

// unanswered lists the requests without an answer.
func (e *srEngine) unanswered() []int {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []int
	for i := range e.reqs {
		if e.reqs[i].answers == 0 {
			out = append(out, i)
		}
	}
	return out
}

// wait waits for the answers of a round: until the timeout, every
// request is answered (not Multi), ctx ends or a reader fails.
func (e *srEngine) wait(ctx context.Context) error {
	var timeout <-chan time.Time
	if e.o.Timeout > 0 {
		t := time.NewTimer(e.o.Timeout)
		defer t.Stop()
		timeout = t.C
	}
	for {
		e.mu.Lock()
		done := !e.o.Multi && e.pending == 0 || e.one && len(e.answered) > 0
		err := e.rerr
		e.mu.Unlock()
		if err != nil {
			return err
		}
		if done {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timeout:
			return nil
		case <-e.notify:
		}
	}
}

func (e *srEngine) poke() {
	select {
	case e.notify <- struct{}{}:
	default:
	}
}

// send writes the requests idx, paced by Inter and Rate, in batches
// (sendmmsg) when nothing paces them.
func (e *srEngine) send(ctx context.Context, idx []int) error {
	w := srSender{ctx: ctx}
	defer w.stop()
	for len(idx) > 0 {
		k := 1
		for e.gap == 0 && k < len(idx) && k < batchLen && e.reqs[idx[k]].out == e.reqs[idx[0]].out {
			k++
		}
		if err := e.sendBatch(&w, idx[:k]); err != nil {
			return err
		}
		idx = idx[k:]
	}
	return nil
}

// pace waits until the next request may go (Inter, Rate). The schedule
// is kept from the first request, so time spent sending is not added to
// the gap; a sender that falls behind by more than a gap does not burst
// to catch up.
func (e *srEngine) pace(w *srSender) error {
	if e.gap <= 0 {
		return nil
	}
	now := time.Now()
	if d := e.next.Sub(now); d > 0 {
		if err := w.wait(d); err != nil {
			return err
		}
		now = e.next
	}
	base := e.next
	if now.Sub(base) > e.gap {
		base = now
	}
	e.next = base.Add(e.gap)
	return nil
}

// sendBatch writes requests of one socket, recording their send time
// first so that no answer can arrive before its request is known.
func (e *srEngine) sendBatch(w *srSender, idx []int) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if err := e.pace(w); err != nil {
		return err
	}
	out := e.outs[e.reqs[idx[0]].out]
	frames := w.frames[:0]
	now := time.Now()
	e.mu.Lock()
	for _, i := range idx {
		r := &e.reqs[i]
		r.sentAt, r.sent = now, true
		frames = append(frames, r.wire)
	}
	e.mu.Unlock()
	w.frames = frames
	for len(frames) > 0 {
		var n int
		var err error
		if len(frames) == 1 {
			if err = out.WritePacket(frames[0]); err == nil {
				n = 1
			}
		} else {
			n, err = out.WriteBatch(frames)
		}
		frames = frames[n:]
		if n > 0 {
			w.progress()
		}
		if err != nil {
			if again, rerr := w.retry(err); !again {
				return rerr
			}
		}
	}
	return nil
}

// srSender keeps the state of a sending round: the frames of a batch
// and the backoff after a full device queue.
type srSender struct {
	ctx     context.Context
	frames  [][]byte
	timer   *time.Timer
	stalled time.Time
	backoff time.Duration
}

func (w *srSender) wait(d time.Duration) error {
	if w.timer == nil {
		w.timer = time.NewTimer(d)
	} else {
		w.timer.Reset(d)
	}
	select {
	case <-w.ctx.Done():
		w.timer.Stop()
		return w.ctx.Err()
	case <-w.timer.C:
		return nil
	}
}

func (w *srSender) stop() {
	if w.timer != nil {
		w.timer.Stop()
	}
}

func (w *srSender) progress() { w.stalled, w.backoff = time.Time{}, 0 }

// retry waits after a frame the device queue had no room for (ENOBUFS)
// and reports whether to write it again; it gives up after a second
// without progress.
func (w *srSender) retry(err error) (bool, error) {
	if !noBuffers(err) {
		return false, err
	}
	now := time.Now()
	if w.stalled.IsZero() {
		w.stalled = now
	} else if now.Sub(w.stalled) > time.Second {
		return false, err
	}
	w.backoff = min(max(2*w.backoff, 20*time.Microsecond), time.Millisecond)
	if werr := w.wait(w.backoff); werr != nil {
		return false, werr
	}
	return true, nil
}

// receive reads frames from one link until its socket is closed.
func (e *srEngine) receive(l *srLink) {
	defer e.wg.Done()
	buf := make([]byte, srReadBuf)
	dec := packet.NewDecoder(0)
	lt := l.conn.LinkType()
	for {
		n, info, err := l.conn.ReadPacket(buf)
		if err != nil {
			if !e.stopping.Load() && !errors.Is(err, net.ErrClosed) {
				e.mu.Lock()
				if e.rerr == nil {
					e.rerr = err
				}
				e.mu.Unlock()
				e.poke()
			}
			return
		}
		e.handle(dec, buf[:n], &info, lt)
	}
}

// handle matches one received frame against the requests. A frame that
// answers none allocates nothing.
func (e *srEngine) handle(dec *packet.Decoder, data []byte, info *PacketInfo, lt uint32) {
	if info.Outgoing() {
		return
	}
	first, _ := packet.FirstLayer(lt, data)
	p, _ := dec.DecodeAs(data, first)
	var key uint64
	if e.hashed {
		key = MatchKey(p)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	i := e.find(p, key)
	if i < 0 {
		return
	}
	r := &e.reqs[i]
	if r.answers == 0 {
		e.pending--
	}
	r.answers++
	if !e.o.Multi && r.inBucket {
		e.unbucket(i)
	}
	e.answered = append(e.answered, SndRcvPair{Sent: r.pkt, Received: e.own(p, data, first, info, lt),
		SentAt: r.sentAt, ReceivedAt: info.Timestamp})
	e.poke()
}

// find returns the request p answers, -1 for none; the caller holds mu.
func (e *srEngine) find(p *packet.Packet, key uint64) int {
	if e.hashed {
		for _, i := range e.buckets[key] {
			if e.candidate(int(i)) && e.match(e.reqs[i].pkt, p) {
				return int(i)
			}
		}
		if p.Err() == nil {
			return -1
		}
		// A packet that could not be fully dissected ends in Raw, which
		// answers anything as in Scapy, and may hash apart from its
		// request: try them all.
	}
	for i := range e.reqs {
		if e.candidate(i) && e.match(e.reqs[i].pkt, p) {
			return i
		}
	}
	return -1
}

// candidate reports a request that may still be answered.
func (e *srEngine) candidate(i int) bool {
	r := &e.reqs[i]
	return r.sent && (e.o.Multi || r.answers == 0)
}

// unbucket takes an answered request out of its bucket.
func (e *srEngine) unbucket(i int) {
	r := &e.reqs[i]
	b := e.buckets[r.key]
	for k, j := range b {
		if int(j) == i {
			b[k] = b[len(b)-1]
			b = b[:len(b)-1]
			break
		}
	}
	if len(b) == 0 {
		delete(e.buckets, r.key)
	} else {
		e.buckets[r.key] = b
	}
	r.inBucket = false
}

// own returns an answer as a packet of its own: at layer 3 from its IP
// layer on (Scapy's L3 sockets return the payload of the link layer).
func (e *srEngine) own(p *packet.Packet, data []byte, first packet.LayerType, info *PacketInfo, lt uint32) *packet.Packet {
	off := 0
	if !e.l2 {
		if k := ipIndex(p); k >= 0 {
			off = packet.LayerOffset(p, k)
			first = p.Layer(k).Proto().Type()
			lt = linkTypeRawIP
		}
	}
	b := bytes.Clone(data[off:])
	q, _ := packet.Dissect(b, first)
	q.Metadata = packet.Metadata{Timestamp: info.Timestamp, CaptureLength: len(b),
		Length: max(info.Length-off, len(b)), InterfaceIndex: info.InterfaceIndex, LinkType: lt}
	return q
}

// linkTypeRawIP is LINKTYPE_RAW: packets that start with their IP header.
const linkTypeRawIP = 101

// close stops the readers and closes the sockets of the call. Closing a
// packet socket waits for the kernel's RCU grace period (synchronize_net,
// about 10 ms): the readers are stopped with a deadline, and the sockets
// are closed in the background so the call does not wait for it.
func (e *srEngine) close() {
	if e.closed {
		return
	}
	e.closed = true
	e.stopping.Store(true)
	for _, l := range e.links {
		if l.conn != nil && l.conn.SetReadDeadline(time.Unix(1, 0)) != nil {
			l.conn.Close()
			l.conn = nil
		}
	}
	e.wg.Wait()
	for _, l := range e.links {
		if c := l.conn; c != nil {
			go c.Close()
		}
	}
}

// result collects the pairs and the unanswered requests. The readers
// have stopped or are stopped here.
func (e *srEngine) result() *SndRcvList {
	e.close()
	e.mu.Lock()
	defer e.mu.Unlock()
	res := &SndRcvList{Answered: e.answered}
	for i := range e.reqs {
		r := &e.reqs[i]
		if r.pkt != nil && r.sent {
			r.pkt.Metadata.Timestamp = r.sentAt
		}
		if r.answers == 0 && r.pkt != nil {
			res.Unanswered = append(res.Unanswered, r.pkt)
		}
	}
	return res
}
