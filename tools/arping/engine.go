package arping

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"sync"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// transport is the packet socket of a scan.
type transport interface {
	write(frame []byte) error
	// read returns an incoming frame and its receive time; at the
	// deadline an error wrapping os.ErrDeadlineExceeded.
	read(buf []byte) (int, time.Time, error)
	setReadDeadline(t time.Time) error
	close() error
}

// Scan asks every address of cfg.Prefix on cfg.Iface and returns the
// hosts that answered, sorted by address (duplicates after the first
// answer for their address). It returns early when ctx ends, with the
// hosts found so far and ctx.Err().
//
// The socket is opened on the calling goroutine: call Scan where the
// scan must happen (inside a network namespace, say).
func Scan(ctx context.Context, cfg Config) ([]Result, Stats, error) {
	var out []Result
	st, err := ScanFunc(ctx, cfg, func(r Result) { out = append(out, r) })
	sortResults(out)
	return out, st, err
}

// ScanFunc is Scan, calling fn for each answer as it comes (in no
// particular order) instead of returning a sorted list. fn is never
// called concurrently and should return quickly.
func ScanFunc(ctx context.Context, cfg Config, fn func(Result)) (Stats, error) {
	if cfg.Iface == "" {
		return Stats{}, fmt.Errorf("%w: no interface", ErrConfig)
	}
	if cfg.Concurrency < 0 || cfg.Retries < 0 || cfg.Timeout < 0 {
		return Stats{}, fmt.Errorf("%w: negative concurrency, retries or timeout", ErrConfig)
	}
	if cfg.Source.IsValid() && !cfg.Source.Unmap().Is4() {
		return Stats{}, fmt.Errorf("%w: source %v is not IPv4", ErrConfig, cfg.Source)
	}
	if _, err := addresses(cfg.Prefix, netip.Addr{}); err != nil {
		return Stats{}, err
	}
	tr, mac, src, err := open(&cfg)
	if err != nil {
		return Stats{}, err
	}
	defer tr.close()
	return run(ctx, cfg, tr, mac, src, fn)
}

// query is an address being asked.
type query struct {
	sentAt time.Time
	answer chan struct{} // closed by the receiver at the first answer
}

type scanState struct {
	mu      sync.Mutex
	src     netip.Addr
	queries map[netip.Addr]*query
	macs    map[netip.Addr][]fields.MAC
	st      Stats
	fn      func(Result)
}

// handle takes a received frame.
func (s *scanState) handle(dec *packet.Decoder, frame []byte, ts time.Time) {
	p, _ := dec.Decode(frame)
	if p == nil {
		return
	}
	arp, ok := packet.LayerOf[*layers.ARP](p)
	if !ok || arp.Op != layers.ARPIsAt || arp.PType != layers.EtherTypeIPv4 || !arp.PSrc.Is4() {
		return
	}
	if s.src.IsValid() && !s.src.IsUnspecified() && arp.PDst != s.src {
		return // an answer to somebody else
	}
	ip, mac := arp.PSrc, arp.HwSrc
	s.mu.Lock()
	q := s.queries[ip]
	if q == nil || q.sentAt.IsZero() {
		s.mu.Unlock()
		return // not asked
	}
	s.st.Replies++
	known := s.macs[ip]
	for _, m := range known {
		if m == mac {
			s.mu.Unlock()
			return // the same host again (a retry answered)
		}
	}
	s.macs[ip] = append(known, mac)
	r := Result{IP: ip, MAC: mac, RTT: max(ts.Sub(q.sentAt), 0), Duplicate: len(known) > 0}
	if r.Duplicate {
		s.st.Duplicates++
	} else {
		s.st.Hosts++
		close(q.answer)
	}
	fn := s.fn
	fn(r) // under the lock: fn is never called concurrently
	s.mu.Unlock()
}

func run(ctx context.Context, cfg Config, tr transport, mac fields.MAC, src netip.Addr, fn func(Result)) (Stats, error) {
	start := time.Now()
	conc := cfg.Concurrency
	if conc == 0 {
		conc = 64
	}
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = time.Second
	}
	if fn == nil {
		fn = func(Result) {}
	}
	addrs, err := addresses(cfg.Prefix, src)
	if err != nil {
		return Stats{}, err
	}
	s := &scanState{src: src, queries: make(map[netip.Addr]*query, len(addrs)), macs: map[netip.Addr][]fields.MAC{}, fn: fn}
	s.st.Addresses = len(addrs)
	for _, a := range addrs {
		s.queries[a] = &query{answer: make(chan struct{})}
	}

	// the receiver
	stop := make(chan struct{})
	recvErr := make(chan error, 1)
	go func() {
		dec := goscapy.NewDecoder()
		buf := make([]byte, 2048)
		for {
			select {
			case <-stop:
				recvErr <- nil
				return
			default:
			}
			tr.setReadDeadline(time.Now().Add(50 * time.Millisecond))
			n, ts, err := tr.read(buf)
			if err != nil {
				if errors.Is(err, os.ErrDeadlineExceeded) {
					continue
				}
				recvErr <- err
				return
			}
			s.handle(dec, buf[:n], ts)
		}
	}()

	// the askers, conc at a time
	sem := make(chan struct{}, conc)
	var wg sync.WaitGroup
	var werr error
	var werrOnce sync.Once
	failed := make(chan struct{})
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
ask:
	for _, a := range addrs {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			break ask
		}
		wg.Add(1)
		go func(a netip.Addr) {
			defer func() { <-sem; wg.Done() }()
			frame, err := request(mac, src, a)
			if err != nil {
				werrOnce.Do(func() { werr = err; close(failed); cancel() })
				return
			}
			q := s.queries[a]
			timer := time.NewTimer(timeout)
			defer timer.Stop()
			for try := 0; try <= cfg.Retries; try++ {
				s.mu.Lock()
				q.sentAt = time.Now()
				s.st.Requests++
				s.mu.Unlock()
				if err := tr.write(frame); err != nil {
					werrOnce.Do(func() { werr = err; close(failed); cancel() })
					return
				}
				if try > 0 {
					timer.Reset(timeout)
				}
				select {
				case <-q.answer:
					return
				case <-ctx.Done():
					return
				case <-timer.C:
				}
			}
		}(a)
	}
	wg.Wait()
	// Late answers and duplicates: listen until the timeout of the
	// last request has passed.
	s.mu.Lock()
	var lastSent time.Time
	for _, q := range s.queries {
		if q.sentAt.After(lastSent) {
			lastSent = q.sentAt
		}
	}
	s.mu.Unlock()
	if d := time.Until(lastSent.Add(timeout)); d > 0 && werr == nil {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
		}
	}
	close(stop)
	rerr := <-recvErr
	s.mu.Lock()
	st := s.st
	s.fn = func(Result) {}
	s.mu.Unlock()
	st.Elapsed = time.Since(start)
	switch {
	case werr != nil:
		return st, werr
	case rerr != nil:
		return st, rerr
	}
	return st, ctx.Err()
}

// request builds the ARP who-has for target.
func request(mac fields.MAC, src, target netip.Addr) ([]byte, error) {
	if !src.IsValid() {
		src = netip.IPv4Unspecified()
	}
	return goscapy.NewEthernet().DstMAC(fields.BroadcastMAC).SrcMAC(mac).Type(layers.EtherTypeARP).
		Over(goscapy.NewARP().Op(layers.ARPWhoHas).SrcMAC(mac).SrcIP(src).DstIP(target)).
		Build()
}
