// Package sniff captures packets, live from an interface or from a pcap
// or pcapng file, and hands them dissected to a callback or a channel, as
// Scapy's sniff() does.
//
//	sniff.Sniff(sniff.SniffConfig{Iface: "eth0", Filter: "icmp", Timeout: 10 * time.Second},
//		func(p *packet.Packet) bool { fmt.Println(p); return true })
//	ch, stop := sniff.SniffChan(sniff.SniffConfig{Iface: "eth0", Count: 5})
//
// Filter takes tcpdump syntax. For live captures it is compiled by package
// bpf and attached to the socket in the kernel before the socket is bound,
// so rejected packets never reach user space (no libpcap, no tcpdump).
// For files the same program runs in user space.
//
// Live captures read from a memory-mapped RX ring (package ring,
// TPACKET_V3) when the system has one: the kernel writes the packets into
// memory shared with the sniffer, which decodes them in place. Without a
// ring (or with NoRing) they are read from a packet socket. Either way
// the kernel counts the packets it had to drop because the sniffer was too
// slow: Stats and CaptureStats report them.
//
// A packet that fails to dissect is delivered all the same: its Err is
// the decode error and the bytes that could not be decoded are its Raw
// layer. Sniffing never stops because of one bad packet.
//
// # Memory
//
// Each packet is read into one buffer the sniffer reuses. Without Store,
// the packet a callback gets is decoded into reused layers and is valid
// only until the callback returns: nothing is allocated per packet. With
// Store, and always for SniffChan and SniffPackets, each packet owns a
// copy of its bytes and its own layers, so it may be kept; that copy is
// the only allocation per packet.
package sniff

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/goscapy/goscapy/bpf"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
	"github.com/goscapy/goscapy/sendrecv"
	xbpf "golang.org/x/net/bpf"

	_ "github.com/goscapy/goscapy/layers" // the protocols to dissect with
)

// SniffConfig says where to capture and what to keep.
type SniffConfig struct {
	// Iface is the interface to capture on; "" (or "any") captures on
	// all of them. (On all interfaces the filter is compiled for
	// Ethernet framing, which loopback has too; packets of an interface
	// without it, a tun device say, are then filtered as if they had it.)
	Iface string
	// Filter is a filter expression in tcpdump syntax (pcap-filter(7)).
	Filter string
	// Instructions is a classic BPF program to filter with instead of
	// Filter.
	Instructions []xbpf.RawInstruction
	// Count stops after that many packets (0: no limit).
	Count int
	// Timeout stops the capture after that long (0: no limit).
	Timeout time.Duration
	// Promisc puts the interface in promiscuous mode while capturing.
	Promisc bool
	// Store gives the callback packets it may keep (see the package
	// documentation, Memory). Without it a packet is only valid during the
	// callback.
	Store bool
	// Stop, when it returns true for a packet (after the callback saw
	// it), ends the capture (Scapy's stop_filter).
	Stop func(*packet.Packet) bool
	// LFilter drops the packets it returns false for, in Go, after Filter
	// (Scapy's lfilter). Dropped packets are not counted, written or
	// delivered.
	LFilter func(*packet.Packet) bool
	// Offline reads the packets from this pcap or pcapng file instead of
	// an interface.
	Offline string
	// Write also writes the packets delivered to this file: pcapng when
	// its name ends in .pcapng, classic pcap (nanosecond timestamps)
	// otherwise.
	Write string
	// SnapLen is the largest number of bytes kept of a packet (default
	// 262144, as tcpdump).
	SnapLen int
	// NoRing reads live packets from a packet socket, one system call per
	// packet, instead of the memory-mapped RX ring.
	NoRing bool
	// Session, when set, reassembles before delivery (Scapy's session=):
	// every captured packet goes through Session.Process and the callback
	// gets what that returns (whole IP datagrams, application messages
	// spanning TCP segments); at the end of the capture what is still
	// waiting is delivered from Flush. A *stream.Session is one. The
	// packets handed to the session own their bytes.
	Session Session
}

// Session reassembles packets: IP fragments into datagrams, TCP segments
// into application messages (see package stream).
type Session interface {
	Process(p *packet.Packet, ts time.Time) ([]*packet.Packet, error)
	Flush() []*packet.Packet
}

// DefaultSnapLen is the snapshot length when SniffConfig.SnapLen is 0.
const DefaultSnapLen = 262144

// chanBuffer is the capacity of SniffChan's channel.
const chanBuffer = 256

// Sniffer is an open capture: Open makes the socket (or opens the file)
// at once, so a caller knows the capture is running before it sends
// anything; Run delivers the packets.
type Sniffer struct {
	cfg      SniffConfig
	live     liveSource
	rd       *pcap.Reader
	linkType uint32
	buf      []byte
	cbDone   bool // the callback returned false
	dec      *packet.Decoder
	own      bool
	count    int
	captured atomic.Int64
	matchers map[pcap.LinkType]*bpf.Matcher
	w        *captureWriter
	mu       sync.Mutex
	ran      bool
	running  bool
	closed   atomic.Bool
	smu      sync.Mutex
	lastRecv uint64 // counters at the last Stats call
	lastDrop uint64
}

// liveSource is where a live capture reads: the RX ring (ring_linux.go)
// or a packet socket.
type liveSource interface {
	// run reads packets and hands them to s.deliver until it says done,
	// ctx ends or interrupt is called (then it returns net.ErrClosed).
	run(ctx context.Context, s *Sniffer, cb func(*packet.Packet) bool) error
	// interrupt makes run return; the source stays open.
	interrupt()
	// counters returns the kernel's counters since the source opened.
	counters() (CaptureStats, error)
	close() error
}

// openRing opens a capture on an RX ring; nil where there is none.
var openRing func(cfg *SniffConfig) (src liveSource, linkType uint32, err error)

// CaptureStats are the counters of a live capture since it was opened.
type CaptureStats struct {
	// Received counts the packets the kernel's filter accepted, delivered
	// or dropped (libpcap's ps_recv: tcpdump's "received by filter").
	Received uint64
	// Dropped counts the packets the kernel dropped because the capture
	// did not read them fast enough (tcpdump's "dropped by kernel").
	Dropped uint64
	// FreezeCount counts the times the RX ring was full (the kernel froze
	// it until the sniffer released a block).
	FreezeCount uint64
	// Captured counts the packets the sniffer delivered (after LFilter).
	Captured uint64
	// Method says how packets are read: "rx-ring", "recvmmsg" or
	// "recvmsg".
	Method string
}

// Open starts a capture as cfg says: it opens the socket, with its
// filter, or the file. Call it where the capture must happen (inside a
// network namespace, say); Run may be called from anywhere.
func Open(cfg SniffConfig) (*Sniffer, error) {
	if cfg.Count < 0 {
		return nil, fmt.Errorf("sniff: count %d is negative", cfg.Count)
	}
	if cfg.Filter != "" && cfg.Instructions != nil {
		return nil, errors.New("sniff: give Filter or Instructions, not both")
	}
	if cfg.Offline != "" && cfg.Iface != "" {
		return nil, errors.New("sniff: give Iface or Offline, not both")
	}
	if cfg.SnapLen <= 0 {
		cfg.SnapLen = DefaultSnapLen
	}
	s := &Sniffer{cfg: cfg, own: cfg.Store || cfg.Session != nil, dec: packet.NewDecoder(0)}
	if cfg.Offline != "" {
		r, err := pcap.Open(cfg.Offline)
		if err != nil {
			return nil, fmt.Errorf("sniff: %w", err)
		}
		s.rd = r
		s.linkType = uint32(r.LinkType())
		s.matchers = make(map[pcap.LinkType]*bpf.Matcher)
		if _, err := s.matcher(r.LinkType()); err != nil {
			r.Close()
			return nil, err
		}
	} else if openRing != nil && !cfg.NoRing {
		src, lt, err := openRing(&cfg)
		if err != nil {
			return nil, err
		}
		s.live, s.linkType = src, lt
	} else {
		opts := []sendrecv.Option{sendrecv.WithSnapLen(cfg.SnapLen)}
		switch {
		case cfg.Instructions != nil:
			opts = append(opts, sendrecv.WithBPF(cfg.Instructions))
		case cfg.Filter != "":
			opts = append(opts, sendrecv.WithFilter(cfg.Filter))
		}
		if cfg.Promisc {
			opts = append(opts, sendrecv.WithPromisc())
		}
		c, err := sendrecv.OpenL2(cfg.Iface, opts...)
		if err != nil {
			return nil, err
		}
		s.live = &connSource{conn: c}
		s.linkType = c.LinkType()
		s.buf = make([]byte, min(cfg.SnapLen, 1<<18))
	}
	if cfg.Write != "" {
		name := cfg.Iface
		if name == "" && cfg.Offline == "" {
			name = "any"
		}
		w, err := newCaptureWriter(cfg.Write, pcap.LinkType(s.linkType), name, cfg.SnapLen)
		if err != nil {
			s.release()
			return nil, err
		}
		s.w = w
	}
	return s, nil
}

// LinkType returns the capture link type (LINKTYPE_*) of the packets: of
// the interface, or of the file's first interface.
func (s *Sniffer) LinkType() uint32 { return s.linkType }

// Stats returns the packets the kernel passed the filter and those it
// dropped because the receiver was too slow, since the last call (live
// captures only).
func (s *Sniffer) Stats() (received, dropped uint32, err error) {
	st, err := s.CaptureStats()
	if err != nil {
		return 0, 0, err
	}
	s.smu.Lock()
	defer s.smu.Unlock()
	received, dropped = uint32(st.Received-s.lastRecv), uint32(st.Dropped-s.lastDrop)
	s.lastRecv, s.lastDrop = st.Received, st.Dropped
	return received, dropped, nil
}

// CaptureStats returns the counters of a live capture since it was
// opened: what the kernel's filter accepted and what it dropped, and the
// packets delivered. After the capture is closed it returns the last
// counters.
func (s *Sniffer) CaptureStats() (CaptureStats, error) {
	if s.live == nil {
		return CaptureStats{}, errors.New("sniff: no statistics for a file")
	}
	st, err := s.live.counters()
	st.Captured = uint64(s.captured.Load())
	return st, err
}

// Method says how a live capture reads packets: "rx-ring" (the
// memory-mapped ring), "recvmmsg" (its fallback) or "recvmsg" (a packet
// socket, with NoRing); "file" for a file.
func (s *Sniffer) Method() string {
	if s.live == nil {
		return "file"
	}
	st, _ := s.live.counters()
	return st.Method
}

// Close ends the capture and closes the socket or file and the Write
// file. Called while Run is going on (from another goroutine or from the
// callback), it makes Run return, and Run closes them as it ends.
func (s *Sniffer) Close() error {
	s.mu.Lock()
	if s.closed.Load() {
		s.mu.Unlock()
		return nil
	}
	s.closed.Store(true)
	running := s.running
	s.mu.Unlock()
	if running {
		if s.live != nil {
			s.live.interrupt() // wakes the reader; Run closes the rest
		}
		return nil
	}
	return s.release()
}

// release closes the input and the Write file.
func (s *Sniffer) release() error {
	var err error
	if s.live != nil {
		if cerr := s.live.close(); cerr != nil && !errors.Is(cerr, net.ErrClosed) {
			err = cerr
		}
	}
	if s.rd != nil {
		err = errors.Join(err, s.rd.Close())
	}
	if s.w != nil {
		err = errors.Join(err, s.w.close())
	}
	return err
}

// Run delivers the packets to cb until cb returns false, Count packets
// were delivered, Stop says so, Timeout passes, ctx ends (its error is
// returned) or the file ends. A nil cb only counts and writes. Run can be
// called once.
func (s *Sniffer) Run(ctx context.Context, cb func(p *packet.Packet) bool) error {
	s.mu.Lock()
	if s.ran || s.closed.Load() {
		s.mu.Unlock()
		return errors.New("sniff: the capture has already run or is closed")
	}
	s.ran, s.running = true, true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.running = false
		s.mu.Unlock()
		if s.closed.Load() {
			s.release() // Close came during Run
		}
	}()
	parent := ctx
	if s.cfg.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.cfg.Timeout)
		defer cancel()
	}
	var err error
	if s.rd != nil {
		err = s.runOffline(ctx, cb)
	} else {
		err = s.runLive(ctx, cb)
	}
	if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		err = parent.Err() // nil when only the Timeout passed
	}
	if s.cfg.Session != nil && cb != nil && !s.cbDone {
		for _, q := range s.cfg.Session.Flush() {
			if !cb(q) {
				break
			}
		}
	}
	if s.w != nil {
		if ferr := s.w.flush(); err == nil {
			err = ferr
		}
	}
	return err
}

func (s *Sniffer) runLive(ctx context.Context, cb func(*packet.Packet) bool) error {
	err := s.live.run(ctx, s, cb)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(err, net.ErrClosed) && s.closed.Load() {
			return nil // Close was called
		}
	}
	return err
}

// connSource reads a packet socket, one packet per system call.
type connSource struct {
	conn *sendrecv.L2Conn
	mu   sync.Mutex
	acc  CaptureStats
}

func (c *connSource) run(ctx context.Context, s *Sniffer, cb func(*packet.Packet) bool) error {
	stop := context.AfterFunc(ctx, func() { c.conn.SetReadDeadline(time.Unix(1, 0)) })
	defer stop()
	lt := pcap.LinkType(s.linkType)
	for {
		n, info, err := c.conn.ReadPacket(s.buf)
		if err != nil {
			return err
		}
		ci := pcap.CaptureInfo{Timestamp: info.Timestamp, CaptureLength: n, Length: info.Length,
			InterfaceIndex: info.InterfaceIndex, LinkType: lt}
		if done, err := s.deliver(s.buf[:n], &ci, cb); done || err != nil {
			return err
		}
	}
}

func (c *connSource) interrupt() { c.conn.Close() }

func (c *connSource) counters() (CaptureStats, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	recv, drop, err := c.conn.Stats() // since the last call: summed here
	if err == nil {
		c.acc.Received += uint64(recv)
		c.acc.Dropped += uint64(drop)
	}
	st := c.acc
	st.Method = "recvmsg"
	if err != nil && errors.Is(err, net.ErrClosed) {
		err = nil // closed: the last counters
	}
	return st, err
}

func (c *connSource) close() error {
	c.counters() // keep the last counters
	return c.conn.Close()
}

func (s *Sniffer) runOffline(ctx context.Context, cb func(*packet.Packet) bool) error {
	done := ctx.Done()
	for {
		if done != nil {
			select {
			case <-done:
				return ctx.Err()
			default:
			}
		}
		if s.closed.Load() {
			return nil
		}
		data, ci, err := s.rd.ReadPacketData()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("sniff: %s: %w", s.cfg.Offline, err)
		}
		m, err := s.matcher(ci.LinkType)
		if err != nil {
			return err
		}
		if m != nil {
			k := m.Run(data, ci.Length)
			if k == 0 {
				continue
			}
			if int64(k) < int64(len(data)) {
				data = data[:k]
				ci.CaptureLength = int(k)
			}
		}
		if len(data) > s.cfg.SnapLen {
			data = data[:s.cfg.SnapLen]
			ci.CaptureLength = len(data)
		}
		if done, err := s.deliver(data, &ci, cb); done || err != nil {
			return err
		}
	}
}

// matcher returns the user-space filter for packets of a link type (nil
// when there is no filter), compiling it on first use.
func (s *Sniffer) matcher(lt pcap.LinkType) (*bpf.Matcher, error) {
	if s.cfg.Filter == "" && s.cfg.Instructions == nil {
		return nil, nil
	}
	if m, ok := s.matchers[lt]; ok {
		return m, nil
	}
	var m *bpf.Matcher
	var err error
	if s.cfg.Instructions != nil {
		m, err = bpf.NewMatcherProgram(s.cfg.Instructions)
	} else {
		m, err = bpf.NewMatcher(s.cfg.Filter, uint32(lt), s.cfg.SnapLen)
	}
	if err != nil {
		return nil, fmt.Errorf("sniff: filter for link type %v: %w", lt, err)
	}
	s.matchers[lt] = m
	return m, nil
}

// deliver dissects one packet and hands it on; done reports the end of
// the capture.
func (s *Sniffer) deliver(data []byte, ci *pcap.CaptureInfo, cb func(*packet.Packet) bool) (done bool, err error) {
	first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
	var p *packet.Packet
	if s.own {
		p, _ = packet.Dissect(bytes.Clone(data), first)
	} else {
		p, _ = s.dec.DecodeAs(data, first)
	}
	p.Metadata = packet.Metadata{
		Timestamp:      ci.Timestamp,
		CaptureLength:  ci.CaptureLength,
		Length:         ci.Length,
		InterfaceIndex: ci.InterfaceIndex,
		LinkType:       uint32(ci.LinkType),
	}
	if s.cfg.LFilter != nil && !s.cfg.LFilter(p) {
		return false, nil
	}
	if s.w != nil {
		if err := s.w.write(ci, data); err != nil {
			return true, err
		}
	}
	s.count++
	s.captured.Add(1)
	more := true
	if s.cfg.Session != nil {
		// A packet the session cannot use is delivered as it is.
		out, _ := s.cfg.Session.Process(p, ci.Timestamp)
		for _, q := range out {
			if cb != nil && more {
				more = cb(q)
			}
		}
	} else if cb != nil {
		more = cb(p)
	}
	if !more {
		s.cbDone = true
	}
	if s.cfg.Stop != nil && s.cfg.Stop(p) {
		return true, nil
	}
	return !more || s.cfg.Count > 0 && s.count >= s.cfg.Count, nil
}

// Sniff captures as cfg says and calls cb for each packet until cb
// returns false or the capture ends (Count, Timeout, Stop, end of file).
func Sniff(cfg SniffConfig, cb func(p *packet.Packet) bool) error {
	return SniffContext(context.Background(), cfg, cb)
}

// SniffContext is Sniff; it also stops when ctx ends, returning ctx's
// error. A Timeout that passes is no error.
func SniffContext(ctx context.Context, cfg SniffConfig, cb func(p *packet.Packet) bool) error {
	s, err := Open(cfg)
	if err != nil {
		return err
	}
	err = s.Run(ctx, cb)
	return errors.Join(err, s.Close())
}

// SniffPackets captures as cfg says and returns the packets (Scapy's
// sniff() result); each owns its bytes.
func SniffPackets(ctx context.Context, cfg SniffConfig) ([]*packet.Packet, error) {
	cfg.Store = true
	var out []*packet.Packet
	err := SniffContext(ctx, cfg, func(p *packet.Packet) bool {
		out = append(out, p)
		return true
	})
	return out, err
}

// SniffChan starts a capture and returns a channel of its packets (each
// owns its bytes) and a function that stops it. The channel is closed
// when the capture ends (Count, Timeout, Stop) or is stopped. The capture
// is open when SniffChan returns. An error opening it closes the channel
// at once; SniffChanContext reports it.
func SniffChan(cfg SniffConfig) (<-chan *packet.Packet, func()) {
	ch, stop := SniffChanContext(context.Background(), cfg)
	return ch, func() { stop() }
}

// SniffChanContext is SniffChan, also stopping when ctx ends; its stop
// function returns the error that ended the capture (opening it, reading,
// writing, or ctx's error), nil after a normal end or a stop.
func SniffChanContext(ctx context.Context, cfg SniffConfig) (<-chan *packet.Packet, func() error) {
	ch := make(chan *packet.Packet, chanBuffer)
	s, err := Open(cfg)
	if err != nil {
		close(ch)
		return ch, func() error { return err }
	}
	s.own = true
	inner, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	var runErr error
	go func() {
		defer close(done)
		defer close(ch)
		runErr = s.Run(inner, func(p *packet.Packet) bool {
			select {
			case ch <- p:
				return true
			case <-inner.Done():
				return false
			}
		})
		runErr = errors.Join(runErr, s.Close())
	}()
	stop := sync.OnceValue(func() error {
		cancel()
		<-done
		if errors.Is(runErr, context.Canceled) && ctx.Err() == nil {
			return nil // stopped by us
		}
		return runErr
	})
	return ch, stop
}

// captureWriter writes the Write file.
type captureWriter struct {
	path   string
	f      *os.File
	pw     *pcap.Writer
	nw     *pcap.NgWriter
	lt     pcap.LinkType
	name   string
	snap   int
	ifaces map[[2]int]int // (interface index, link type) -> pcapng interface
}

func newCaptureWriter(path string, lt pcap.LinkType, iface string, snap int) (*captureWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("sniff: %w", err)
	}
	w := &captureWriter{path: path, f: f, lt: lt, name: iface, snap: snap}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".pcapng", ".ntar":
		w.nw, err = pcap.NewNgWriter(f, pcap.WithApplication("goscapy"), pcap.WithSnapLen(uint32(snap)))
		w.ifaces = make(map[[2]int]int)
	default:
		w.pw, err = pcap.NewWriter(f, lt, pcap.WithNanoseconds(), pcap.WithSnapLen(uint32(snap)))
	}
	if err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("sniff: %s: %w", path, err)
	}
	return w, nil
}

func (w *captureWriter) write(ci *pcap.CaptureInfo, data []byte) error {
	var err error
	if w.nw != nil {
		c := *ci
		k := [2]int{ci.InterfaceIndex, int(ci.LinkType)}
		idx, ok := w.ifaces[k]
		if !ok {
			idx, err = w.nw.AddInterface(pcap.Interface{Name: w.name, LinkType: ci.LinkType, SnapLen: uint32(w.snap), TsResol: 9})
			if err != nil {
				return fmt.Errorf("sniff: %s: %w", w.path, err)
			}
			w.ifaces[k] = idx
		}
		c.InterfaceIndex = idx
		err = w.nw.WritePacket(c, data)
	} else {
		err = w.pw.WritePacket(*ci, data)
	}
	if err != nil {
		return fmt.Errorf("sniff: %s: %w", w.path, err)
	}
	return nil
}

func (w *captureWriter) flush() error {
	var err error
	if w.nw != nil {
		err = w.nw.Flush()
	} else {
		err = w.pw.Flush()
	}
	if err != nil {
		return fmt.Errorf("sniff: %s: %w", w.path, err)
	}
	return nil
}

func (w *captureWriter) close() error {
	err := w.flush()
	if cerr := w.f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("sniff: %s: %w", w.path, cerr)
	}
	return err
}
