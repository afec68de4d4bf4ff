//go:build linux

package sniff

import (
	"context"
	"errors"
	"net"
	"sync"

	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
	"github.com/goscapy/goscapy/ring"
)

func init() { openRing = openRingSource }

// ringSource captures from an RX ring (or its recvmmsg fallback); each
// packet is decoded where the kernel wrote it.
type ringSource struct {
	rx          *ring.RX
	mu          sync.Mutex
	cancel      context.CancelFunc
	interrupted bool
	last        ring.RXStats
}

func openRingSource(cfg *SniffConfig) (liveSource, uint32, error) {
	rx, err := ring.NewRX(cfg.Iface, ring.RXConfig{
		Filter: cfg.Filter, Instructions: cfg.Instructions,
		SnapLen: cfg.SnapLen, Promisc: cfg.Promisc,
	})
	if err != nil {
		return nil, 0, err
	}
	return &ringSource{rx: rx}, rx.LinkType(), nil
}

func (r *ringSource) run(ctx context.Context, s *Sniffer, cb func(*packet.Packet) bool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r.mu.Lock()
	if r.interrupted {
		r.mu.Unlock()
		return net.ErrClosed
	}
	r.cancel = cancel
	r.mu.Unlock()
	lt := pcap.LinkType(s.linkType)
	for {
		data, info, err := r.rx.Next(ctx)
		if err != nil {
			r.mu.Lock()
			stopped := r.interrupted
			r.mu.Unlock()
			if stopped && errors.Is(err, context.Canceled) {
				return net.ErrClosed
			}
			return err
		}
		ci := pcap.CaptureInfo{Timestamp: info.Timestamp, CaptureLength: len(data), Length: info.Length,
			InterfaceIndex: info.InterfaceIndex, LinkType: lt}
		if done, err := s.deliver(data, &ci, cb); done || err != nil {
			return err
		}
	}
}

// interrupt ends run through its context: the ring stays mapped until
// run returned, so a packet the callback holds stays valid.
func (r *ringSource) interrupt() {
	r.mu.Lock()
	r.interrupted = true
	if r.cancel != nil {
		r.cancel()
	}
	r.mu.Unlock()
}

func (r *ringSource) counters() (CaptureStats, error) {
	st, err := r.rx.Stats()
	r.mu.Lock()
	if err == nil {
		r.last = st
	} else {
		st = r.last
		if errors.Is(err, net.ErrClosed) {
			err = nil
		}
	}
	r.mu.Unlock()
	return CaptureStats{Received: st.Packets, Dropped: st.Drops, FreezeCount: st.FreezeCount, Method: r.rx.Method()}, err
}

func (r *ringSource) close() error {
	r.counters() // keep the last counters
	return r.rx.Close()
}
