// Package scan is a stateless TCP SYN scanner in the manner of zmap and
// masscan: it sends SYNs to many hosts × ports from one goroutine on one
// raw socket, reads the answers on another through a kernel BPF filter,
// and tells open ports (SYN-ACK), closed ones (RST) and filtered ones (no
// answer after the retries, or an ICMP destination unreachable).
//
//	targets, _ := scan.ParseTargets("198.18.1.0/24")
//	ports, _ := scan.ParsePorts("22,80,443")
//	stats, err := scan.Scan(ctx, scan.Config{Targets: targets, Ports: ports, Rate: 10000},
//		func(r scan.Result) { fmt.Println(r) })
//
// # Order, seeds and shards
//
// The probes visit the target space (every host × every port) in a
// random order, a walk of a cyclic group modulo a prime fixed by
// Config.Seed (see Permutation): nothing is held per target, so a /8 ×
// 1000 ports costs no more memory than one host. Config.Shard and
// Config.Shards split one space between machines with no coordination and
// no overlap: each runs the same seed with its own shard number.
//
// # No state per probe
//
// The sequence number of each SYN is a keyed hash of its addresses and
// ports (a SYN cookie), so an answer is checked without a table of what
// was sent: a SYN-ACK or RST must acknowledge the cookie plus one, an
// ICMP error must quote the cookie. Answers that fail are counted as
// Invalid and dropped. The answered targets are remembered (a bitmap, or
// a set for spaces above 2^27) so retries go only to the silent ones and
// the silent ones can be reported as filtered at the end.
//
// # What the kernel of the scanning host does
//
// The probes are sent on a raw socket, so the scanning host's kernel
// knows no connection for them: it answers every SYN-ACK with a RST
// itself, which closes the half-open connection on the target as nmap's
// own RST would. The scanner does not send one. (To keep the kernel
// quiet, drop outgoing RSTs from the source port with nftables.)
//
// Scanning needs root or CAP_NET_RAW. Send only to hosts you are allowed
// to scan.
package scan

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// State is the state of a port.
type State uint8

// Port states, as nmap names them.
const (
	Open     State = iota + 1 // a SYN-ACK answered
	Closed                    // a RST answered
	Filtered                  // no answer, or an ICMP unreachable
)

func (s State) String() string {
	switch s {
	case Open:
		return "open"
	case Closed:
		return "closed"
	case Filtered:
		return "filtered"
	}
	return "state" + strconv.Itoa(int(s))
}

// MarshalText gives the state's name (for JSON).
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Reasons a port has its state (nmap's names).
const (
	ReasonSynAck     = "syn-ack"
	ReasonReset      = "reset"
	ReasonNoResponse = "no-response"
)

// Result is the state of one port of one host.
type Result struct {
	Addr  netip.Addr `json:"addr"`
	Port  uint16     `json:"port"`
	State State      `json:"state"`
	// Reason is why: "syn-ack", "reset", "no-response", the ICMP error
	// ("admin-prohibited", "host-unreach", "port-unreach", ...), or, for
	// a probe the local kernel refused to send, "local-net-unreach",
	// "local-host-unreach" or "local-prohibited".
	Reason string `json:"reason"`
	// From is the address the answer came from (a router for an ICMP
	// error); invalid for no-response.
	From netip.Addr `json:"from,omitzero"`
	// TTL is the TTL (hop limit) of the answer.
	TTL uint8 `json:"ttl,omitempty"`
	// Time is when the answer was received (the kernel's timestamp).
	Time time.Time `json:"time,omitzero"`
}

// String is one line: "198.18.1.3:80 open syn-ack ttl 64".
func (r Result) String() string {
	s := netip.AddrPortFrom(r.Addr, r.Port).String() + " " + r.State.String() + " " + r.Reason
	if r.TTL != 0 {
		s += " ttl " + strconv.Itoa(int(r.TTL))
	}
	if r.From.IsValid() && r.From != r.Addr {
		s += " from " + r.From.String()
	}
	return s
}

// Service returns the usual name of the port ("http"), or "".
func (r Result) Service() string { return layers.TCPPortNames[uint64(r.Port)] }

// Config says what to scan and how.
type Config struct {
	// Targets are the hosts, Ports their ports (1..65535); the space is
	// every host × every port.
	Targets Targets
	Ports   []uint16
	// Iface is the interface to send and listen on; "" takes the
	// interface of the kernel's route to the first target.
	Iface string
	// Source and Source6 are the IPv4 and IPv6 source addresses; unset,
	// the kernel's source for the first target of the family.
	Source, Source6 netip.Addr
	// SourcePort is the TCP source port of every probe; 0 picks one in
	// 40000..59999 from the cookie key.
	SourcePort uint16
	// Rate is the most probes sent per second (0: as fast as the socket
	// takes them).
	Rate float64
	// Retries is how many more rounds of probes go to the targets that
	// have not answered (0: one probe each).
	Retries int
	// Timeout is how long to wait for answers after each round (default
	// 1s).
	Timeout time.Duration
	// Seed fixes the order of the targets; machines that split one scan
	// with Shard use the same seed.
	Seed uint64
	// Shard (0-based) of Shards: the part of the space this run scans.
	// Shards 0 means 1.
	Shard, Shards int
	// TTL of the probes (default 64).
	TTL uint8
	// Key is the key of the SYN cookies; all zero picks a random one.
	Key [16]byte
}

// Stats sums up a scan.
type Stats struct {
	Space    uint64 // hosts × ports of the whole space (all shards)
	Targets  uint64 // the part this shard scanned
	Probes   uint64 // SYNs sent (retries included)
	Answers  uint64 // valid answers (duplicates included)
	Dups     uint64 // answers for a target already answered
	Invalid  uint64 // answers that failed the cookie check or matched no target
	Open     uint64
	Closed   uint64
	Filtered uint64
	Dropped  uint64 // frames the kernel dropped (receive buffer full)
	Unsent   uint64 // probes the local kernel refused (no route, a local firewall)
	Rounds   int    // rounds of probes sent
	Elapsed  time.Duration
}

// Errors; test with errors.Is.
var (
	// ErrUnsupported: scanning needs raw sockets (Linux).
	ErrUnsupported = errors.New("scan: raw sockets are not supported on this system (linux only)")
	// ErrConfig reports a configuration that cannot be scanned.
	ErrConfig = errors.New("scan: bad configuration")
)

// Scan scans as cfg says and calls fn once per port of the shard's part
// of the space: as answers come for open and closed ports (and those an
// ICMP error filters), then, after the last round, for the ports that
// never answered (filtered, no-response), in scan order. fn is never
// called concurrently; it should return quickly, since the receiver
// waits for it. Scan returns when the scan is done or ctx ends (then
// with ctx.Err() and the stats so far; the silent ports are not
// reported).
//
// The sockets are opened, and the route looked up, on the calling
// goroutine: call Scan where the scan must happen (inside a network
// namespace, say).
func Scan(ctx context.Context, cfg Config, fn func(Result)) (Stats, error) {
	s, err := newScanner(cfg)
	if err != nil {
		return Stats{}, err
	}
	tr, err := openTransport(s)
	if err != nil {
		return Stats{}, err
	}
	defer tr.close()
	return s.run(ctx, tr, fn)
}

// transport is the sockets of a scan: raw IP packets out, frames in.
type transport interface {
	// write sends IP packets of one family; it returns how many went.
	write(pkts [][]byte) (int, error)
	// read reads one frame (link layer in linkType) with its time; it
	// returns an error wrapping os.ErrDeadlineExceeded at the deadline.
	read(buf []byte) (n int, ts time.Time, err error)
	setReadDeadline(t time.Time) error
	linkType() uint32
	dropped() uint64
	close() error
}

// scanner is one scan's fixed part.
type scanner struct {
	cfg      Config
	space    uint64
	perm     *Permutation
	key      [16]byte
	sport    uint16
	src4     netip.Addr
	src6     netip.Addr
	timeout  time.Duration
	ttl      uint8
	answered answeredSet
}

func newScanner(cfg Config) (*scanner, error) {
	if cfg.Targets.Len() == 0 {
		return nil, fmt.Errorf("%w: no targets", ErrConfig)
	}
	if len(cfg.Ports) == 0 {
		return nil, fmt.Errorf("%w: no ports", ErrConfig)
	}
	for i, p := range cfg.Ports {
		if p == 0 {
			return nil, fmt.Errorf("%w: port 0", ErrConfig)
		}
		if i > 0 && p <= cfg.Ports[i-1] {
			return nil, fmt.Errorf("%w: ports must be sorted and distinct (use ParsePorts)", ErrConfig)
		}
	}
	if cfg.Rate < 0 || cfg.Retries < 0 || cfg.Timeout < 0 {
		return nil, fmt.Errorf("%w: negative rate, retries or timeout", ErrConfig)
	}
	if cfg.Shards == 0 {
		cfg.Shards = 1
	}
	n := cfg.Targets.Len()
	P := uint64(len(cfg.Ports))
	if n > MaxSpace/P {
		return nil, fmt.Errorf("%w: %d hosts × %d ports is more than 2^62 probes", ErrConfig, n, P)
	}
	perm, err := NewPermutation(n*P, cfg.Seed, cfg.Shard, cfg.Shards)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	s := &scanner{cfg: cfg, space: n * P, perm: perm, key: cfg.Key, sport: cfg.SourcePort,
		src4: cfg.Source, src6: cfg.Source6, timeout: cfg.Timeout, ttl: cfg.TTL}
	if s.key == ([16]byte{}) {
		rand.Read(s.key[:])
	}
	if s.sport == 0 {
		s.sport = 40000 + uint16(siphash(&s.key, []byte("source port"))%20000)
	}
	if s.timeout == 0 {
		s.timeout = time.Second
	}
	if s.ttl == 0 {
		s.ttl = 64
	}
	if s.src4.IsValid() && !s.src4.Unmap().Is4() || s.src6.IsValid() && (!s.src6.Is6() || s.src6.Is4In6()) {
		return nil, fmt.Errorf("%w: Source must be IPv4, Source6 IPv6", ErrConfig)
	}
	s.src4 = s.src4.Unmap()
	s.answered = newAnsweredSet(s.space)
	return s, nil
}

// target returns the host and port of index idx of the space.
func (s *scanner) target(idx uint64) (netip.Addr, uint16) {
	P := uint64(len(s.cfg.Ports))
	return s.cfg.Targets.At(idx / P), s.cfg.Ports[idx%P]
}

// index returns the index of host a, port p, if they are in the space.
func (s *scanner) index(a netip.Addr, port uint16) (uint64, bool) {
	h, ok := s.cfg.Targets.Index(a)
	if !ok {
		return 0, false
	}
	lo, hi := 0, len(s.cfg.Ports)
	for lo < hi {
		m := (lo + hi) / 2
		if s.cfg.Ports[m] < port {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == len(s.cfg.Ports) || s.cfg.Ports[lo] != port {
		return 0, false
	}
	return h*uint64(len(s.cfg.Ports)) + uint64(lo), true
}

// source returns our address for a target's family.
func (s *scanner) source(dst netip.Addr) netip.Addr {
	if dst.Is4() {
		return s.src4
	}
	return s.src6
}

// prober builds probes into reused buffers.
type prober struct {
	s    *scanner
	ip4  *layers.IPv4
	ip6  *layers.IPv6
	tcp4 *layers.TCP
	tcp6 *layers.TCP
	p4   *packet.Packet
	p6   *packet.Packet
}

func newProber(s *scanner) *prober {
	pr := &prober{s: s, ip4: layers.NewIPv4(), ip6: layers.NewIPv6(), tcp4: layers.NewTCP(), tcp6: layers.NewTCP()}
	pr.ip4.TTL, pr.ip4.Src = s.ttl, s.src4
	pr.ip6.HopLimit, pr.ip6.Src = s.ttl, s.src6
	for _, t := range []*layers.TCP{pr.tcp4, pr.tcp6} {
		t.SrcPort, t.Flags, t.Window = s.sport, layers.TCPSyn, 1024
		// MSS 1460, as most SYNs carry one (a SYN without options is
		// a mark of scanners some hosts drop).
		t.SetOptions(layers.TCPOptionMSS(1460))
	}
	pr.p4 = packet.New(pr.ip4, pr.tcp4)
	pr.p6 = packet.New(pr.ip6, pr.tcp6)
	return pr
}

// build writes the SYN to dst:port into buf.
func (pr *prober) build(buf []byte, dst netip.Addr, port uint16) ([]byte, error) {
	c := cookie(&pr.s.key, pr.s.source(dst), dst, pr.s.sport, port)
	if dst.Is4() {
		pr.ip4.Dst, pr.ip4.ID = dst, uint16(c>>16)
		pr.tcp4.DstPort, pr.tcp4.Seq = port, c
		return pr.p4.BuildInto(buf)
	}
	pr.ip6.Dst = dst
	pr.tcp6.DstPort, pr.tcp6.Seq = port, c
	return pr.p6.BuildInto(buf)
}

// check validates an answer and returns the index it answers with the
// port's state and reason.
func (s *scanner) check(r *reply) (idx uint64, st State, reason string, ok bool) {
	if r.lport != s.sport || r.local != s.source(r.target) || !r.target.IsValid() {
		return 0, 0, "", false
	}
	c := cookie(&s.key, r.local, r.target, s.sport, r.tport)
	switch r.kind {
	case kindSynAck:
		st, reason = Open, ReasonSynAck
		ok = r.ack == c+1
	case kindRst:
		st, reason = Closed, ReasonReset
		ok = r.ack == c+1
	case kindUnreach:
		st = Filtered
		reason, ok = unreachReason(r.from.Is4(), r.icmpC)
		ok = ok && r.seq == c
	}
	if !ok {
		return 0, 0, "", false
	}
	idx, ok = s.index(r.target, r.tport)
	return idx, st, reason, ok
}

// unreachReason names an ICMP (or ICMPv6) destination unreachable code
// that filters a port, as nmap does; ok is false for other codes.
func unreachReason(v4 bool, code uint8) (string, bool) {
	if v4 {
		switch code {
		case 0:
			return "net-unreach", true
		case 1:
			return "host-unreach", true
		case 2:
			return "proto-unreach", true
		case 3:
			return "port-unreach", true
		case 9:
			return "net-prohibited", true
		case 10:
			return "host-prohibited", true
		case 13:
			return "admin-prohibited", true
		}
		return "", false
	}
	switch code {
	case 0:
		return "net-unreach", true // no route
	case 1:
		return "admin-prohibited", true
	case 3:
		return "host-unreach", true // address unreachable
	case 4:
		return "port-unreach", true
	case 5, 6:
		return "admin-prohibited", true // source policy, reject route
	}
	return "", false
}

const batchLen = 64

// run sends the rounds and gathers the answers.
func (s *scanner) run(ctx context.Context, tr transport, fn func(Result)) (Stats, error) {
	start := time.Now()
	var st Stats
	st.Space = s.space
	var stats struct {
		sync.Mutex
		answers, dups, invalid, open, closed, filtered, unsent uint64
	}
	if fn == nil {
		fn = func(Result) {}
	}
	var fnMu sync.Mutex // fn is never called concurrently
	emit := func(r Result) {
		fnMu.Lock()
		fn(r)
		fnMu.Unlock()
	}

	// The receiver.
	var stop atomic.Bool
	recvDone := make(chan error, 1)
	link := tr.linkType()
	go func() {
		buf := make([]byte, 2048)
		var r reply
		var err error
		for !stop.Load() {
			tr.setReadDeadline(time.Now().Add(50 * time.Millisecond))
			n, ts, rerr := tr.read(buf)
			if rerr != nil {
				if isTimeout(rerr) {
					continue
				}
				err = rerr
				break
			}
			if !parseReply(buf[:n], link, &r) {
				continue
			}
			idx, state, reason, ok := s.check(&r)
			stats.Lock()
			if !ok {
				stats.invalid++
				stats.Unlock()
				continue
			}
			stats.answers++
			first := s.answered.add(idx)
			if !first {
				stats.dups++
				stats.Unlock()
				continue
			}
			switch state {
			case Open:
				stats.open++
			case Closed:
				stats.closed++
			default:
				stats.filtered++
			}
			stats.Unlock()
			emit(Result{Addr: r.target, Port: r.tport, State: state, Reason: reason, From: r.from, TTL: r.ttl, Time: ts})
		}
		recvDone <- err
	}()

	var err error
	pr := newProber(s)
	var bufs [batchLen][]byte
	for i := range bufs {
		bufs[i] = make([]byte, 128)
	}
	batch := make([][]byte, 0, batchLen)
	var batchIdx [batchLen]uint64 // the space index of each probe of batch
	var sent uint64
	pace := newPacer(s.cfg.Rate)
	// refused reports a probe the local kernel would not send: its port
	// is filtered at once and gets no retry.
	refused := func(i int, reason string) {
		idx := batchIdx[i]
		if !s.answered.add(idx) {
			return
		}
		stats.Lock()
		stats.unsent++
		stats.filtered++
		stats.Unlock()
		dst, port := s.target(idx)
		emit(Result{Addr: dst, Port: port, State: Filtered, Reason: reason})
	}
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := pace.wait(ctx, len(batch)); err != nil {
			return err
		}
		n, werr := writeAll(ctx, tr, batch, refused)
		sent += uint64(n)
		batch = batch[:0]
		return werr
	}
	var targets uint64
	curV4 := true
rounds:
	for round := 0; round <= s.cfg.Retries; round++ {
		s.perm.Reset()
		sentAny := false
		for {
			idx, ok := s.perm.Next()
			if !ok {
				break
			}
			if round == 0 {
				targets++
			} else if s.answered.has(idx) {
				continue
			}
			dst, port := s.target(idx)
			if dst.Is4() != curV4 && len(batch) > 0 {
				if err = flush(); err != nil {
					break rounds
				}
			}
			curV4 = dst.Is4()
			b, berr := pr.build(bufs[len(batch)], dst, port)
			if berr != nil {
				err = berr
				break rounds
			}
			batchIdx[len(batch)] = idx
			batch = append(batch, b)
			sentAny = true
			if len(batch) == batchLen || len(batch) >= pace.burst() {
				if err = flush(); err != nil {
					break rounds
				}
			}
		}
		if err = flush(); err != nil {
			break
		}
		if !sentAny {
			break
		}
		st.Rounds++
		// wait for the answers of this round
		t := time.NewTimer(s.timeout)
		select {
		case <-ctx.Done():
			t.Stop()
			err = ctx.Err()
			break rounds
		case rerr := <-recvDone:
			t.Stop()
			recvDone <- rerr
			if rerr != nil {
				err = rerr
				break rounds
			}
		case <-t.C:
		}
	}
	stop.Store(true)
	rerr := <-recvDone
	if err == nil {
		err = rerr
	}
	st.Targets, st.Probes = targets, sent
	st.Dropped = tr.dropped()
	if err == nil {
		// the ports that never answered
		s.perm.Reset()
		for {
			idx, ok := s.perm.Next()
			if !ok {
				break
			}
			if s.answered.has(idx) {
				continue
			}
			dst, port := s.target(idx)
			stats.filtered++
			emit(Result{Addr: dst, Port: port, State: Filtered, Reason: ReasonNoResponse})
		}
	}
	st.Answers, st.Dups, st.Invalid = stats.answers, stats.dups, stats.invalid
	st.Open, st.Closed, st.Filtered = stats.open, stats.closed, stats.filtered
	st.Unsent = stats.unsent
	st.Elapsed = time.Since(start)
	return st, err
}

// answeredSet remembers the indexes that answered: a bitmap for spaces
// up to 2^27, a set above.
type answeredSet struct {
	bits []atomic.Uint64
	mu   sync.Mutex
	m    map[uint64]struct{}
}

const bitmapMax = 1 << 27

func newAnsweredSet(n uint64) answeredSet {
	if n <= bitmapMax {
		return answeredSet{bits: make([]atomic.Uint64, (n+63)/64)}
	}
	return answeredSet{m: make(map[uint64]struct{})}
}

// add marks idx and reports whether it was new.
func (a *answeredSet) add(idx uint64) bool {
	if a.bits != nil {
		w := &a.bits[idx/64]
		bit := uint64(1) << (idx % 64)
		return w.Or(bit)&bit == 0
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, ok := a.m[idx]; ok {
		return false
	}
	a.m[idx] = struct{}{}
	return true
}

func (a *answeredSet) has(idx uint64) bool {
	if a.bits != nil {
		return a.bits[idx/64].Load()&(1<<(idx%64)) != 0
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	_, ok := a.m[idx]
	return ok
}

// pacer spaces the probes to a rate.
type pacer struct {
	rate  float64
	start time.Time
	n     float64
	timer *time.Timer
}

func newPacer(rate float64) *pacer { return &pacer{rate: rate} }

// burst is how many probes go in one write: about a millisecond's worth.
func (p *pacer) burst() int {
	if p.rate <= 0 {
		return batchLen
	}
	return max(1, min(batchLen, int(p.rate/1000)))
}

// wait returns when k more probes may go.
func (p *pacer) wait(ctx context.Context, k int) error {
	if p.rate <= 0 {
		return ctx.Err()
	}
	now := time.Now()
	if p.start.IsZero() {
		p.start = now
	}
	due := p.start.Add(time.Duration(p.n / p.rate * float64(time.Second)))
	if late := now.Sub(due); late > 100*time.Millisecond {
		// fell behind (a slow device): no burst to catch up
		p.start = now.Add(-time.Duration(p.n / p.rate * float64(time.Second)))
	} else if late < 0 {
		if p.timer == nil {
			p.timer = time.NewTimer(-late)
		} else {
			p.timer.Reset(-late)
		}
		select {
		case <-ctx.Done():
			p.timer.Stop()
			return ctx.Err()
		case <-p.timer.C:
		}
	}
	p.n += float64(k)
	return nil
}

// writeAll writes a batch and returns the number of probes sent. It
// waits for room when the device queue is full, giving up after a second
// without progress, and passes a probe the kernel refuses for its
// destination (no route, a local firewall) to refused, going on with the
// next.
func writeAll(ctx context.Context, tr transport, batch [][]byte, refused func(i int, reason string)) (int, error) {
	done, sent := 0, 0
	var stalled time.Time
	backoff := 20 * time.Microsecond
	for done < len(batch) {
		n, err := tr.write(batch[done:])
		done += n
		sent += n
		if n > 0 {
			stalled, backoff = time.Time{}, 20*time.Microsecond
		}
		if err == nil {
			continue
		}
		if reason, ok := sendRefused(err); ok && done < len(batch) {
			refused(done, reason)
			done++
			continue
		}
		if !noBuffers(err) {
			return sent, err
		}
		now := time.Now()
		if stalled.IsZero() {
			stalled = now
		} else if now.Sub(stalled) > time.Second {
			return sent, err
		}
		select {
		case <-ctx.Done():
			return sent, ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, time.Millisecond)
	}
	return sent, ctx.Err()
}

func isTimeout(err error) bool { return errors.Is(err, os.ErrDeadlineExceeded) }
