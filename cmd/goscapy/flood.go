package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/ring"
	"github.com/goscapy/goscapy/route"
)

func init() {
	register(command{name: "flood", summary: "send one frame over and over at a rate, as fast as the TX ring goes", run: runFlood})
}

const floodUsage = `usage: goscapy flood -i IFACE [--rate PPS | --mbps N] [--duration D] [-c N] [flags] SPEC

Build the frame SPEC describes (the language of goscapy build, see
'goscapy build -h') once, and send it on IFACE again and again: as fast
as the interface takes it, or at --rate packets (--mbps megabits) per
second, until -c packets were sent, --duration passed, or Ctrl-C:

  goscapy flood -i veth0 -c 1000000 'Ether(dst=02:00:00:00:00:02)/IP(dst=198.18.0.2)/UDP(dport=9)'
  goscapy flood -i veth0 --rate 10000 --duration 10s 'Ether()/IP(dst=198.18.0.2)/ICMP()'

Frames are built into the slots of a memory-mapped TX ring, one system
call per batch (sendmmsg batches where there is no ring, --method to
choose). An unset Ethernet source is the interface's address, an unset IP
source the kernel's source towards the destination. Sending needs root or
CAP_NET_RAW: send only to networks you own.

On a terminal a progress line shows the packets sent, the rate and the
frames that could not be sent. At the end it prints a summary.
`

func runFlood(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("flood")
	iface := fs.String("i", "", "send on interface `IFACE` (required)")
	rate := fs.Float64("rate", 0, "send `PPS` packets per second (default: as fast as possible)")
	mbps := fs.Float64("mbps", 0, "send `N` megabits per second")
	dur := fs.Duration("duration", 0, "stop after `D` (10s, 1m, ...)")
	count := fs.Int64("c", 0, "stop after `N` packets")
	method := fs.String("method", "", "send with `M`: tx-ring, sendmmsg or io_uring (default: the fastest there is)")
	bypass := fs.Bool("qdisc-bypass", false, "hand frames straight to the driver, past tc (PACKET_QDISC_BYPASS)")
	senders := fs.Int("senders", 1, "send from `N` goroutines, each with its own socket")
	quiet := fs.Bool("q", false, "print nothing")
	pos, code, ok := parseArgs(fs, args, stdout, stderr, floodUsage)
	if !ok {
		return code
	}
	switch {
	case len(pos) == 0:
		return usageError(stderr, "flood", errors.New("missing SPEC"))
	case *iface == "":
		return usageError(stderr, "flood", errors.New("flood needs an interface: -i IFACE"))
	case *rate < 0 || *mbps < 0 || *dur < 0 || *count < 0:
		return usageError(stderr, "flood", errors.New("--rate, --mbps, --duration and -c cannot be negative"))
	case *rate > 0 && *mbps > 0:
		return usageError(stderr, "flood", errors.New("give --rate or --mbps, not both"))
	case *senders < 1 || *senders > 64:
		return usageError(stderr, "flood", fmt.Errorf("--senders %d: want 1 to 64", *senders))
	}
	spec := strings.Join(pos, " ")
	if spec == "-" {
		b, err := readInput(stdin)
		if err != nil {
			return fail(stderr, err)
		}
		spec = string(b)
	}
	frame, err := floodFrame(spec, *iface)
	if err != nil {
		return fail(stderr, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *dur > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *dur)
		defer cancel()
	}
	cfg := ring.TXConfig{FrameSize: ring.FrameSizeFor(len(frame)), Method: *method, QdiscBypass: *bypass}
	var ss []ring.Sender
	defer func() {
		for _, s := range ss {
			s.Close()
		}
	}()
	for range *senders {
		s, err := ring.OpenSender(*iface, cfg)
		if err != nil {
			return fail(stderr, err)
		}
		ss = append(ss, s)
	}
	var c sendCounters
	budget := newBudget(*count)
	p := startProgress(stderr, "flood", &c)
	start := time.Now()
	errs := make([]error, len(ss))
	var wg sync.WaitGroup
	for i, s := range ss {
		var lim *ring.Limiter
		switch {
		case *rate > 0:
			lim, _ = ring.NewLimiter(*rate / float64(len(ss)))
		case *mbps > 0:
			lim, _ = ring.NewBitLimiter(*mbps * 1e6 / float64(len(ss)))
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			// One thread per sender: the goroutine does not hop between
			// threads (and CPU caches) after each system call.
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			errs[i] = floodLoop(ctx, s, frame, lim, budget, &c)
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	p.finish()
	var retries uint64
	how := ""
	for _, s := range ss {
		retries += s.Stats().Retries
		how = s.Method()
	}
	err = errors.Join(errs...)
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		err = nil // Ctrl-C or --duration
	}
	if !*quiet {
		n := c.packets.Load()
		line := fmt.Sprintf("Sent %d packets (%d bytes) in %.2f seconds: %.0f pps, %.2f Mbps (%s",
			n, c.bytes.Load(), elapsed.Seconds(), float64(n)/elapsed.Seconds(), float64(c.bytes.Load())*8/elapsed.Seconds()/1e6, how)
		if len(ss) > 1 {
			line += fmt.Sprintf(", %d senders", len(ss))
		}
		line += fmt.Sprintf(", %d failed, %d retries)\n", c.failed.Load(), retries)
		if code := writeOut(stdout, stderr, line); code != exitOK {
			return code
		}
	}
	if err != nil {
		return fail(stderr, err)
	}
	return exitOK
}

// floodLayers reads SPEC with the build language: the one call into
// spec.go.
func floodLayers(spec string) ([]packet.Layer, error) { return specLayers(spec) }

// floodFrame builds the frame of spec for iface, filling in an unset
// Ethernet source (the interface's address) and IP source (the kernel's
// source towards the destination).
func floodFrame(spec, iface string) ([]byte, error) {
	ls, err := floodLayers(spec)
	if err != nil {
		return nil, err
	}
	if len(ls) == 0 {
		return nil, errors.New("empty SPEC")
	}
	ifc, err := route.InterfaceByName(iface)
	if err != nil {
		return nil, err
	}
	eth, isEth := ls[0].(*layers.Ethernet)
	if ifc.Type == route.LinkEthernet && !isEth {
		return nil, fmt.Errorf("%s is an Ethernet interface: start SPEC with Ether(...) (flood sends frames as built)", iface)
	}
	if isEth && eth.Src.IsZero() {
		eth.Src = ifc.MAC
	}
	for _, l := range ls {
		if fillSource(l) {
			break // the outer IP layer only, not a tunnel's inner one
		}
	}
	return packet.New(ls...).Build()
}

// fillSource sets the unset source of an IP layer to the kernel's
// source towards its destination; it reports whether l is an IP layer.
func fillSource(l packet.Layer) bool {
	switch ip := l.(type) {
	case *layers.IPv4:
		if !ip.Src.IsValid() {
			if r, err := route.Lookup(ip.DstAddr()); err == nil && r.Src.Is4() {
				ip.Src = r.Src
			}
		}
		return true
	case *layers.IPv6:
		if !ip.Src.IsValid() {
			if r, err := route.Lookup(ip.DstAddr()); err == nil && r.Src.Is6() && !r.Src.Is4In6() {
				ip.Src = r.Src
			}
		}
		return true
	}
	return false
}

// floodBatch is the number of frames queued between two looks at the
// context and the budget.
const floodBatch = 256

// floodLoop sends frame until ctx ends or the budget is spent, paced by
// lim when it is not nil.
func floodLoop(ctx context.Context, s ring.Sender, frame []byte, lim *ring.Limiter, b *budget, c *sendCounters) error {
	for ctx.Err() == nil {
		k := floodBatch
		if lim != nil {
			if k, _ = lim.TryTake(floodBatch, len(frame)); k == 0 {
				// Nothing is due: what was queued goes out before the wait.
				if err := s.FlushContext(ctx); err != nil {
					return err
				}
				var err error
				if k, err = lim.Take(ctx, floodBatch, len(frame)); err != nil {
					break
				}
			}
		}
		if k = b.claim(k); k == 0 {
			break
		}
		sent := 0
		for range k {
			slot, err := s.NextContext(ctx)
			if err != nil {
				c.add(sent, len(frame))
				return err
			}
			copy(slot, frame)
			if err := s.Commit(len(frame)); err != nil {
				c.failed.Add(1)
				if errors.Is(err, ring.ErrFrameSize) {
					continue
				}
				c.add(sent, len(frame))
				return err
			}
			sent++
		}
		c.add(sent, len(frame))
	}
	return errors.Join(s.FlushContext(context.Background()), ctx.Err())
}

// sendCounters are the totals of the senders, read by the progress line.
type sendCounters struct {
	packets, bytes, failed atomic.Uint64
}

func (c *sendCounters) add(n, size int) {
	c.packets.Add(uint64(n))
	c.bytes.Add(uint64(n * size))
}

// budget hands out at most n packets to the senders (0: no limit).
type budget struct {
	limited bool
	left    atomic.Int64
}

func newBudget(n int64) *budget {
	b := &budget{limited: n > 0}
	b.left.Store(n)
	return b
}

// claim takes up to k packets of the budget and returns how many.
func (b *budget) claim(k int) int {
	if !b.limited {
		return k
	}
	for {
		left := b.left.Load()
		if left <= 0 {
			return 0
		}
		n := min(int64(k), left)
		if b.left.CompareAndSwap(left, left-n) {
			return int(n)
		}
	}
}

// liveProgress draws "goscapy: flood: 1234567 packets, 456789 pps, 0
// dropped" on standard error, redrawn in place four times a second,
// only when standard error is a terminal. A nil *liveProgress does
// nothing.
type liveProgress struct {
	stop, done chan struct{}
}

func startProgress(stderr io.Writer, name string, c *sendCounters) *liveProgress {
	if !isTerminal(stderr) {
		return nil
	}
	p := &liveProgress{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		last, lastT := uint64(0), time.Now()
		var buf []byte
		drawn := false
		for {
			select {
			case <-p.stop:
				if drawn {
					io.WriteString(stderr, "\r\x1b[K")
				}
				return
			case now := <-tick.C:
				n := c.packets.Load()
				pps := float64(n-last) / now.Sub(lastT).Seconds()
				last, lastT = n, now
				buf = append(buf[:0], "\rgoscapy: "...)
				buf = append(buf, name...)
				buf = append(buf, ": "...)
				buf = strconv.AppendUint(buf, n, 10)
				buf = append(buf, " packets, "...)
				buf = strconv.AppendFloat(buf, pps, 'f', 0, 64)
				buf = append(buf, " pps, "...)
				buf = strconv.AppendUint(buf, c.failed.Load(), 10)
				buf = append(buf, " dropped\x1b[K"...)
				stderr.Write(buf)
				drawn = true
			}
		}
	}()
	return p
}

// finish erases the line and stops redrawing it.
func (p *liveProgress) finish() {
	if p == nil {
		return
	}
	close(p.stop)
	<-p.done
}
