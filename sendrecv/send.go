package sendrecv

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// SendOption configures Send and Sendp.
type SendOption func(*sendConfig)

type sendConfig struct {
	count int
	loop  bool
	inter time.Duration
	rate  float64
	sent  *int
}

func newSendConfig(opts []SendOption) sendConfig {
	var c sendConfig
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}

// Count sends the packet n times (Scapy's count); n of 0 or less means
// once, or forever with Loop.
func Count(n int) SendOption { return func(c *sendConfig) { c.count = n } }

// Loop sends the packet again and again until the context ends (Scapy's
// loop=1); Count bounds it.
func Loop() SendOption { return func(c *sendConfig) { c.loop = true } }

// Inter waits d between two packets (Scapy's inter). The schedule is kept
// from the first packet, so time spent sending is not added to d.
func Inter(d time.Duration) SendOption { return func(c *sendConfig) { c.inter = d } }

// Rate sends at most pps packets per second. A sender that falls behind
// (a slow device) does not burst to catch up.
func Rate(pps float64) SendOption { return func(c *sendConfig) { c.rate = pps } }

// Sent stores in *n the number of packets sent, also when sending fails
// or the context ends it.
func Sent(n *int) SendOption { return func(c *sendConfig) { c.sent = n } }

// Send sends p at layer 3: the link layer of p, if any, is left out, and
// the kernel routes the IP packet and adds the link layer. With iface the
// packet leaves through that interface (SO_BINDTODEVICE); "" lets the
// kernel choose (a link-local IPv6 destination needs iface). An unset IP
// source is the kernel's source for the destination. The raw socket is
// kept open for the next calls.
//
// Linux rewrites the total length and header checksum of IPv4 packets
// sent this way (and a zero ID); use Sendp to send them as built.
func Send(p *packet.Packet, iface string, opts ...SendOption) error {
	return SendContext(context.Background(), p, iface, opts...)
}

// SendContext is Send; it stops when ctx ends (between two packets, or
// while it waits).
func SendContext(ctx context.Context, p *packet.Packet, iface string, opts ...SendOption) error {
	cfg := newSendConfig(opts)
	cfg.report(0)
	if err := checkPacket(p); err != nil {
		return err
	}
	q, family, err := l3Packet(p)
	if err != nil {
		return &OpError{Op: "send", Iface: iface, Err: err}
	}
	pkt, err := q.Build()
	if err != nil {
		return err
	}
	conn, drop, err := cachedL3(family, iface)
	if err != nil {
		return err
	}
	reopen := func(err error) bool {
		if !staleSocket(err) {
			return false
		}
		drop()
		c, d, err2 := cachedL3(family, iface)
		if err2 != nil {
			return false
		}
		conn, drop = c, d
		return true
	}
	return sendLoop(ctx, &cfg, pkt, func(b []byte) error {
		err := conn.WritePacket(b)
		if err != nil && reopen(err) {
			err = conn.WritePacket(b)
		}
		return err
	}, func(bs [][]byte) (int, error) {
		n, err := conn.WriteBatch(bs)
		if n == 0 && err != nil && reopen(err) {
			n, err = conn.WriteBatch(bs)
		}
		return n, err
	})
}

// Sendp sends p at layer 2: the frame as built, on iface. An unset
// Ethernet source is the interface's address, an unset IP source the
// kernel's source for the destination. The packet socket (which receives
// nothing) is kept open for the next calls.
func Sendp(p *packet.Packet, iface string, opts ...SendOption) error {
	return SendpContext(context.Background(), p, iface, opts...)
}

// SendpContext is Sendp; it stops when ctx ends.
func SendpContext(ctx context.Context, p *packet.Packet, iface string, opts ...SendOption) error {
	cfg := newSendConfig(opts)
	cfg.report(0)
	if err := checkPacket(p); err != nil {
		return err
	}
	conn, drop, err := cachedL2(iface)
	if err != nil {
		return err
	}
	if _, ok := packet.LayerOf[*layers.ARP](p); ok {
		// An ARP request without sender addresses gets the interface's,
		// as Scapy fills them in.
		if ifc, err := srInterface("sendp", iface); err == nil {
			p = fillARP(p, ifc)
		}
	}
	frame, err := l2Packet(p, conn.MAC()).Build()
	if err != nil {
		return err
	}
	reopen := func(err error) bool {
		if !staleSocket(err) {
			return false
		}
		drop()
		c, d, err2 := cachedL2(iface)
		if err2 != nil {
			return false
		}
		conn, drop = c, d
		return true
	}
	return sendLoop(ctx, &cfg, frame, func(b []byte) error {
		err := conn.WritePacket(b)
		if err != nil && reopen(err) {
			err = conn.WritePacket(b)
		}
		return err
	}, func(bs [][]byte) (int, error) {
		n, err := conn.WriteBatch(bs)
		if n == 0 && err != nil && reopen(err) {
			n, err = conn.WriteBatch(bs)
		}
		return n, err
	})
}

func (c *sendConfig) report(n int) {
	if c.sent != nil {
		*c.sent = n
	}
}

func checkPacket(p *packet.Packet) error {
	if p == nil || p.NumLayers() == 0 {
		return &OpError{Op: "send", Err: errors.New("empty packet")}
	}
	if p.Data() == nil && p.Err() != nil {
		return p.Err() // a value a builder could not use
	}
	return nil
}

// l3Packet returns the IP part of p (without link layer and trailing
// padding) with an unset source filled in, and its IP version.
func l3Packet(p *packet.Packet) (*packet.Packet, int, error) {
	ls := p.Layers()
	i := ipIndex(p)
	if i < 0 {
		return nil, 0, fmt.Errorf("%w: Send sends IP packets (use Sendp for link-layer frames)", ErrNoIPLayer)
	}
	end := len(ls)
	for end > i+1 && ls[end-1].Proto().Trailer {
		end--
	}
	out := make([]packet.Layer, end-i)
	copy(out, ls[i:end])
	fillSource(out, 0)
	family := 4
	if _, ok := out[0].(*layers.IPv6); ok {
		family = 6
	}
	return packet.New(out...), family, nil
}

// l2Packet returns p, or a copy of its layer list with an unset Ethernet
// source (mac) and IP source filled in. p is not modified.
func l2Packet(p *packet.Packet, mac fields.MAC) *packet.Packet {
	ls := p.Layers()
	eth, _ := ls[0].(*layers.Ethernet)
	setMAC := eth != nil && eth.Src.IsZero() && !mac.IsZero()
	i := ipIndex(p)
	setIP := i >= 0 && needsSource(ls[i])
	if !setMAC && !setIP {
		return p
	}
	out := append([]packet.Layer(nil), ls...)
	if setMAC {
		e := *eth
		e.Src = mac
		out[0] = &e
	}
	if setIP {
		fillSource(out, i)
	}
	return packet.New(out...)
}

// ipIndex returns the index of the first IPv4 or IPv6 layer outside an
// ICMP error's quotation, or -1.
func ipIndex(p *packet.Packet) int {
	for i, l := range p.Layers() {
		if q := p.Quoted(); q > 0 && i >= q {
			break
		}
		switch l.(type) {
		case *layers.IPv4, *layers.IPv6:
			return i
		}
	}
	return -1
}

func needsSource(l packet.Layer) bool {
	switch ip := l.(type) {
	case *layers.IPv4:
		return !ip.Src.IsValid()
	case *layers.IPv6:
		return !ip.Src.IsValid()
	}
	return false
}

// fillSource replaces ls[i], an IP layer without source, by a copy with
// the kernel's source address for its destination.
func fillSource(ls []packet.Layer, i int) {
	switch ip := ls[i].(type) {
	case *layers.IPv4:
		if ip.Src.IsValid() {
			return
		}
		if src := routeSource(ip.DstAddr()); src.Is4() {
			c := *ip
			c.Src = src
			ls[i] = &c
		}
	case *layers.IPv6:
		if ip.Src.IsValid() {
			return
		}
		if src := routeSource(ip.DstAddr()); src.Is6() && !src.Is4In6() {
			c := *ip
			c.Src = src
			ls[i] = &c
		}
	}
}

// batchLen is the number of copies of a frame sendLoop hands to one
// WriteBatch call when nothing paces the packets.
const batchLen = 64

// sendLoop writes frame as many times as cfg says, paced by Inter and
// Rate, retrying a frame the device queue had no room for. Without pacing
// it writes batches (sendmmsg). It does not allocate per packet.
func sendLoop(ctx context.Context, cfg *sendConfig, frame []byte, write func([]byte) error, writeBatch func([][]byte) (int, error)) error {
	total := max(cfg.count, 1)
	forever := cfg.loop && cfg.count <= 0
	gap := max(cfg.inter, 0)
	if cfg.rate > 0 {
		gap = max(gap, time.Duration(float64(time.Second)/cfg.rate))
	}
	done := ctx.Done()
	var timer *time.Timer
	wait := func(d time.Duration) error {
		if timer == nil {
			timer = time.NewTimer(d)
		} else {
			timer.Reset(d)
		}
		select {
		case <-done:
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
			return nil
		}
	}
	n := 0
	defer func() {
		cfg.report(n)
		if timer != nil {
			timer.Stop()
		}
	}()
	ended := func() bool {
		if done == nil {
			return false
		}
		select {
		case <-done:
			return true
		default:
			return false
		}
	}
	// A full device queue drops the frame (ENOBUFS): send it again when
	// there is room, giving up after a second without progress.
	var stalled time.Time
	backoff := 20 * time.Microsecond
	retry := func(err error) (bool, error) {
		if !noBuffers(err) {
			return false, err
		}
		now := time.Now()
		if stalled.IsZero() {
			stalled = now
		} else if now.Sub(stalled) > time.Second {
			return false, err
		}
		if werr := wait(backoff); werr != nil {
			return false, werr
		}
		backoff = min(2*backoff, time.Millisecond)
		return true, nil
	}
	progress := func() { stalled, backoff = time.Time{}, 20*time.Microsecond }

	if gap == 0 && writeBatch != nil && (forever || total > 1) {
		batch := make([][]byte, batchLen)
		for i := range batch {
			batch[i] = frame
		}
		for forever || n < total {
			if ended() {
				return ctx.Err()
			}
			k := batchLen
			if !forever {
				k = min(k, total-n)
			}
			sent, err := writeBatch(batch[:k])
			n += sent
			if sent > 0 {
				progress()
			}
			if err != nil {
				if again, rerr := retry(err); !again {
					return rerr
				}
			}
		}
		return nil
	}

	start := time.Now()
	for forever || n < total {
		if n > 0 && gap > 0 {
			next := start.Add(time.Duration(n) * gap)
			now := time.Now()
			if late := now.Sub(next); late > gap {
				start = now.Add(-time.Duration(n) * gap) // fell behind: no burst
			} else if late < 0 {
				if err := wait(-late); err != nil {
					return err
				}
			}
		}
		if ended() {
			return ctx.Err()
		}
		if err := write(frame); err != nil {
			if again, rerr := retry(err); !again {
				return rerr
			}
			continue
		}
		progress()
		n++
	}
	return nil
}
