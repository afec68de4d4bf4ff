package ring

import (
	"context"
	"fmt"
	"net"
)

// slotTX is what the batching senders (sendmmsg and io_uring) share: a
// batch of fixed-size slots in mem, handed out by next and checked by
// commit; each sender sends a full batch its own way.
type slotTX struct {
	iface   string
	mem     []byte
	slotLen int
	batch   int  // slots in mem
	k       int  // committed in this batch
	held    bool // slot k is handed out
	minLen  int  // the link header
	mtuLen  int  // the link header and the MTU
	maxLen  int
	bypass  bool
	stats   TXStats
	err     error
	closed  bool
}

// setLimits sets the frame sizes of interface type typ and MTU mtu.
func (s *slotTX) setLimits(typ uint16, mtu int) {
	s.minLen = hardHeaderLen(typ)
	s.mtuLen = mtu + s.minLen
	if mtu <= 0 {
		s.mtuLen = s.slotLen
	}
	s.maxLen = min(s.slotLen, s.mtuLen)
}

func (s *slotTX) method(name string) string {
	if s.bypass {
		return name + bypassSuffix
	}
	return name
}

func (s *slotTX) MaxFrame() int  { return s.maxLen }
func (s *slotTX) Err() error     { return s.err }
func (s *slotTX) Stats() TXStats { return s.stats }

// slot is slot i, long enough for a VLAN-tagged frame of the MTU.
func (s *slotTX) slot(i int) []byte {
	n := min(s.slotLen, s.mtuLen+4)
	return s.mem[i*s.slotLen : i*s.slotLen+n : i*s.slotLen+n]
}

// next hands out the next slot, sending the batch with flush first when
// it is full.
func (s *slotTX) next(ctx context.Context, flush func(context.Context) error) ([]byte, error) {
	if s.err != nil {
		return nil, s.err
	}
	if s.closed {
		return nil, &OpError{Op: "next", Iface: s.iface, Err: net.ErrClosed}
	}
	if s.held {
		return s.slot(s.k), nil
	}
	if s.k == s.batch {
		if err := flush(ctx); err != nil {
			if ctx.Err() == nil {
				s.err = err
			}
			return nil, err
		}
	}
	s.held = true
	return s.slot(s.k), nil
}

// commit checks the n bytes written into the slot handed out: a frame
// from its link header to the MTU (4 more with an 802.1Q tag).
func (s *slotTX) commit(n int) error {
	if !s.held || s.closed {
		return &OpError{Op: "commit", Iface: s.iface, Err: ErrNoSlot}
	}
	s.held = false
	slot := s.slot(s.k)
	limit := s.mtuLen
	if n >= 16 && s.minLen == 14 && slot[12] == 0x81 && slot[13] == 0x00 {
		limit += 4
	}
	if n < s.minLen || n > min(limit, s.slotLen) {
		s.stats.WrongFormat++
		return &OpError{Op: "commit", Iface: s.iface, Err: fmt.Errorf("%w: %d bytes (the interface takes %d to %d)", ErrFrameSize, n, s.minLen, min(limit, s.slotLen))}
	}
	return nil
}
