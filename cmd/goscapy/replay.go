package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/goscapy/goscapy/pcap"
	"github.com/goscapy/goscapy/ring"
	"github.com/goscapy/goscapy/route"
)

func init() {
	register(command{name: "replay", summary: "send the packets of a capture file on an interface, as tcpreplay does", run: runReplay})
}

const replayUsage = `usage: goscapy replay -i IFACE [--topspeed | --pps N | --mbps N | --multiplier X] [--loop N] [--preload] FILE

Send the packets of FILE (pcap or pcapng, gzipped or not) on IFACE byte
for byte, as tcpreplay does: with the time between packets kept as it was
captured (--multiplier X replays X times faster), at --pps packets or
--mbps megabits per second, or as fast as the interface takes them
(--topspeed). --loop N sends the file N times (0: until Ctrl-C).
--preload reads the whole file into memory before sending, so that
reading it costs nothing while the packets go out.

  goscapy replay -i veth0 trace.pcap
  goscapy replay -i veth0 --topspeed --preload --loop 10 trace.pcap
  goscapy replay -i veth0 --pps 1000 trace.pcapng

The packets are copied into the slots of a memory-mapped TX ring and
handed to the kernel one batch per system call (sendmmsg batches where
there is no ring; --method to choose). A packet larger than the
interface takes is counted as failed and skipped. Sending needs root or
CAP_NET_RAW: replay only on networks you own.

On a terminal a progress line shows the packets sent and the rate. At the
end it prints, as tcpreplay does:

  Actual: 100000 packets (10260219 bytes) sent in 0.21 seconds
  Rated: 48858185.7 Bps, 390.87 Mbps, 476190.48 pps
`

// replayOpts are the flags of replay.
type replayOpts struct {
	iface      string
	topspeed   bool
	pps, mbps  float64
	multiplier float64
	loops      int
	preload    bool
	method     string
	bypass     bool
	quiet      bool
}

func runReplay(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("replay")
	var o replayOpts
	fs.StringVar(&o.iface, "i", "", "send on interface `IFACE` (required)")
	fs.BoolVar(&o.topspeed, "topspeed", false, "send as fast as the interface takes the packets")
	fs.Float64Var(&o.pps, "pps", 0, "send `N` packets per second")
	fs.Float64Var(&o.mbps, "mbps", 0, "send `N` megabits per second")
	fs.Float64Var(&o.multiplier, "multiplier", 0, "replay `X` times as fast as captured (0.5: half as fast)")
	fs.IntVar(&o.loops, "loop", 1, "send the file `N` times (0: until interrupted)")
	fs.BoolVar(&o.preload, "preload", false, "read the whole file into memory before sending")
	fs.StringVar(&o.method, "method", "", "send with `M`: tx-ring, sendmmsg or io_uring (default: the fastest there is)")
	fs.BoolVar(&o.bypass, "qdisc-bypass", false, "hand frames straight to the driver, past tc (PACKET_QDISC_BYPASS)")
	fs.BoolVar(&o.quiet, "q", false, "print nothing")
	pos, code, ok := parseArgs(fs, args, stdout, stderr, replayUsage)
	if !ok {
		return code
	}
	modes := 0
	for _, on := range []bool{o.topspeed, o.pps > 0, o.mbps > 0, o.multiplier > 0} {
		if on {
			modes++
		}
	}
	switch {
	case len(pos) == 0:
		return usageError(stderr, "replay", errors.New("missing FILE"))
	case len(pos) > 1:
		return usageError(stderr, "replay", errors.New("one FILE at a time"))
	case o.iface == "":
		return usageError(stderr, "replay", errors.New("replay needs an interface: -i IFACE"))
	case o.pps < 0 || o.mbps < 0 || o.multiplier < 0 || o.loops < 0:
		return usageError(stderr, "replay", errors.New("--pps, --mbps, --multiplier and --loop cannot be negative"))
	case modes > 1:
		return usageError(stderr, "replay", errors.New("choose one of --topspeed, --pps, --mbps, --multiplier"))
	}
	if o.multiplier == 0 {
		o.multiplier = 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := replay(ctx, pos[0], &o, stderr)
	if errors.Is(err, context.Canceled) {
		err = nil // Ctrl-C: say what was sent
	}
	if !o.quiet && res.method != "" {
		if code := writeOut(stdout, stderr, res.summary(o.iface)); code != exitOK {
			return code
		}
	}
	if err != nil {
		return fail(stderr, err)
	}
	return exitOK
}

// replayResult is what a replay sent.
type replayResult struct {
	packets, bytes, failed, truncated, retries uint64
	elapsed                                    time.Duration
	method                                     string
}

// summary is tcpreplay's report.
func (r *replayResult) summary(iface string) string {
	var b strings.Builder
	secs := r.elapsed.Seconds()
	rate := func(v uint64) float64 {
		if secs <= 0 {
			return 0
		}
		return float64(v) / secs
	}
	fmt.Fprintf(&b, "Actual: %d packets (%d bytes) sent in %.2f seconds\n", r.packets, r.bytes, secs)
	fmt.Fprintf(&b, "Rated: %.1f Bps, %.2f Mbps, %.2f pps\n", rate(r.bytes), rate(r.bytes)*8/1e6, rate(r.packets))
	fmt.Fprintf(&b, "Statistics for network device: %s\n", iface)
	fmt.Fprintf(&b, "\tSuccessful packets:        %d\n", r.packets)
	fmt.Fprintf(&b, "\tFailed packets:            %d\n", r.failed)
	fmt.Fprintf(&b, "\tTruncated packets:         %d\n", r.truncated)
	fmt.Fprintf(&b, "\tWaits for a full queue:    %d\n", r.retries)
	fmt.Fprintf(&b, "Method: %s\n", r.method)
	return b.String()
}

// replaySource gives the packets of the file, once per loop.
type replaySource interface {
	next() (data []byte, ci pcap.CaptureInfo, err error)
	rewind() error
	close() error
}

// streamSource reads the file as it sends (the zero-copy reader).
type streamSource struct {
	path string
	r    *pcap.Reader
}

func (s *streamSource) next() ([]byte, pcap.CaptureInfo, error) { return s.r.ReadPacketData() }

func (s *streamSource) rewind() error {
	s.r.Close()
	r, err := pcap.Open(s.path)
	if err != nil {
		return err
	}
	s.r = r
	return nil
}

func (s *streamSource) close() error { return s.r.Close() }

// memSource holds the whole file in memory: the packets back to back in
// one buffer, with what the send loop needs of their metadata.
type memSource struct {
	data []byte
	pkts []memPacket
	i    int
}

type memPacket struct {
	end    int   // end of the packet in data
	ts     int64 // Unix nanoseconds
	length int   // on the wire
	lt     pcap.LinkType
}

// loadSource reads every packet of r; size (the file's, 0 if unknown)
// sizes the buffer once.
func loadSource(r *pcap.Reader, size int64) (*memSource, error) {
	m := &memSource{}
	if size > 0 && size < 1<<40 {
		m.data = make([]byte, 0, size)
		m.pkts = make([]memPacket, 0, size/64)
	}
	for {
		d, ci, err := r.ReadPacketData()
		if err == io.EOF {
			return m, nil
		}
		if err != nil {
			return nil, err
		}
		m.data = append(m.data, d...)
		m.pkts = append(m.pkts, memPacket{end: len(m.data), ts: ci.Timestamp.UnixNano(), length: ci.Length, lt: ci.LinkType})
	}
}

func (m *memSource) next() ([]byte, pcap.CaptureInfo, error) {
	if m.i >= len(m.pkts) {
		return nil, pcap.CaptureInfo{}, io.EOF
	}
	start := 0
	if m.i > 0 {
		start = m.pkts[m.i-1].end
	}
	p := &m.pkts[m.i]
	m.i++
	d := m.data[start:p.end]
	return d, pcap.CaptureInfo{Timestamp: time.Unix(0, p.ts), CaptureLength: len(d), Length: p.length, LinkType: p.lt}, nil
}

func (m *memSource) rewind() error { m.i = 0; return nil }
func (m *memSource) close() error  { return nil }

// maxLen returns the largest packet held.
func (m *memSource) maxLen() int {
	n, start := 0, 0
	for _, p := range m.pkts {
		n = max(n, p.end-start)
		start = p.end
	}
	return n
}

// replay sends the file as o says.
func replay(ctx context.Context, path string, o *replayOpts, stderr io.Writer) (replayResult, error) {
	var res replayResult
	r, err := pcap.Open(path)
	if err != nil {
		return res, err
	}
	var src replaySource = &streamSource{path: path, r: r}
	ifc, err := route.InterfaceByName(o.iface)
	if err != nil {
		r.Close()
		return res, err
	}
	maxFrame := ifc.MTU + 14
	if ifc.MTU <= 0 || maxFrame > 65536+14 {
		maxFrame = 65536 + 14
	}
	if o.preload {
		var size int64
		if fi, err := os.Stat(path); err == nil {
			size = fi.Size()
		}
		m, err := loadSource(r, size)
		r.Close()
		if err != nil {
			return res, fmt.Errorf("%s: %w", path, err)
		}
		src = m
		maxFrame = min(maxFrame, max(m.maxLen(), 60))
	}
	defer src.close()
	wantLT := pcap.LinkType(1)
	if ifc.Type != route.LinkEthernet && ifc.Type != 772 { // 772: loopback, Ethernet framing
		wantLT = 0 // another link type: send what the file has
	}
	cfg := ring.TXConfig{FrameSize: ring.FrameSizeFor(maxFrame), Method: o.method, QdiscBypass: o.bypass}
	cfg.Frames = min(max((32<<20)/cfg.FrameSize, 256), ring.DefaultFrames)
	s, err := ring.OpenSender(o.iface, cfg)
	if err != nil {
		return res, err
	}
	res.method = s.Method()
	var lim *ring.Limiter
	switch {
	case o.pps > 0:
		lim, _ = ring.NewLimiter(o.pps)
	case o.mbps > 0:
		lim, _ = ring.NewBitLimiter(o.mbps * 1e6)
	}
	timed := !o.topspeed && lim == nil
	var c sendCounters
	p := startProgress(stderr, "replay", &c)
	var sleeper *time.Timer
	sleep := func(d time.Duration) error {
		if sleeper == nil {
			sleeper = time.NewTimer(d)
		} else {
			sleeper.Reset(d)
		}
		select {
		case <-ctx.Done():
			sleeper.Stop()
			return ctx.Err()
		case <-sleeper.C:
			return nil
		}
	}
	var start time.Time
	var sendErr error
	runtime.LockOSThread() // the sending goroutine keeps its thread and CPU cache
	defer runtime.UnlockOSThread()
loops:
	for loop := 0; o.loops == 0 || loop < o.loops; loop++ {
		if loop > 0 {
			if err := src.rewind(); err != nil {
				sendErr = err
				break
			}
		}
		var t0, wall0 time.Time
		first := true
		for n := 0; ; n++ {
			data, ci, err := src.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				sendErr = fmt.Errorf("%s: %w", path, err)
				break loops
			}
			if n&1023 == 0 && ctx.Err() != nil {
				sendErr = ctx.Err()
				break loops
			}
			if wantLT != 0 && ci.LinkType != wantLT {
				c.failed.Add(1)
				continue
			}
			if ci.CaptureLength < ci.Length {
				res.truncated++
			}
			switch {
			case timed:
				now := time.Now()
				if first {
					t0, wall0, first = ci.Timestamp, now, false
				}
				due := wall0.Add(time.Duration(float64(ci.Timestamp.Sub(t0)) / o.multiplier))
				if d := due.Sub(now); d > 20*time.Microsecond {
					// Queued packets go out before the wait.
					if sendErr = s.FlushContext(ctx); sendErr != nil {
						break loops
					}
					if sendErr = sleep(d); sendErr != nil {
						break loops
					}
				}
			case lim != nil:
				if k, _ := lim.TryTake(1, len(data)); k == 0 {
					if sendErr = s.FlushContext(ctx); sendErr != nil {
						break loops
					}
					if _, sendErr = lim.Take(ctx, 1, len(data)); sendErr != nil {
						break loops
					}
				}
			}
			if start.IsZero() {
				start = time.Now()
			}
			if err := s.SendContext(ctx, data); err != nil {
				if errors.Is(err, ring.ErrFrameSize) {
					c.failed.Add(1)
					continue
				}
				sendErr = err
				break loops
			}
			c.add(1, len(data))
		}
	}
	if err := s.FlushContext(ctx); sendErr == nil {
		sendErr = err
	}
	if !start.IsZero() {
		res.elapsed = time.Since(start)
	}
	p.finish()
	st := s.Stats()
	cerr := s.Close()
	res.packets, res.bytes, res.retries = st.Packets, st.Bytes, st.Retries
	res.failed = c.failed.Load()
	if sendErr == nil {
		sendErr = cerr
	}
	return res, sendErr
}
