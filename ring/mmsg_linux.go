//go:build linux

package ring

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/goscapy/goscapy/sendrecv"
	"golang.org/x/sys/unix"
)

// mmsgBatch is the number of frames of one sendmmsg call (as
// sendrecv.L2Conn.WriteBatch sends them).
const mmsgBatch = 64

// mmsgTX sends with sendmmsg: the slots are buffers of its own, and each
// batch of them goes out in one system call per 64 frames.
type mmsgTX struct {
	slotTX
	conn    *sendrecv.L2Conn
	frames  [][]byte
	sleeper realClock
}

func newMmsgTX(iface string, cfg TXConfig) (*mmsgTX, error) {
	if iface == "" || iface == "any" {
		return nil, &OpError{Op: "open", Iface: ifaceDesc(iface), Err: errors.New("sending needs an interface")}
	}
	ifc, err := lookupInterface("open", iface)
	if err != nil {
		return nil, err
	}
	opts := []sendrecv.Option{sendrecv.WithSendOnly()}
	if cfg.QdiscBypass {
		opts = append(opts, sendrecv.WithQdiscBypass())
	}
	c, err := sendrecv.OpenL2(iface, opts...)
	if err != nil {
		return nil, err
	}
	batch := min(max(cfg.Batch, 1), cfg.Frames)
	m := &mmsgTX{conn: c, slotTX: slotTX{iface: iface, slotLen: cfg.FrameSize - tp2Data, batch: batch, bypass: cfg.QdiscBypass}}
	m.setLimits(ifc.Type, ifc.MTU)
	m.mem = make([]byte, batch*m.slotLen)
	m.frames = make([][]byte, batch)
	return m, nil
}

func (m *mmsgTX) Method() string { return m.method(MethodSendmmsg) }

func (m *mmsgTX) Next() []byte {
	b, _ := m.NextContext(context.Background())
	return b
}

func (m *mmsgTX) NextContext(ctx context.Context) ([]byte, error) {
	return m.next(ctx, m.FlushContext)
}

func (m *mmsgTX) Commit(n int) error {
	if err := m.commit(n); err != nil {
		return err
	}
	m.frames[m.k] = m.slot(m.k)[:n]
	m.k++
	if m.k == len(m.frames) {
		return m.FlushContext(context.Background())
	}
	return nil
}

func (m *mmsgTX) Flush() error { return m.FlushContext(context.Background()) }

// FlushContext sends the batch, waiting and sending again what the
// device queue had no room for.
func (m *mmsgTX) FlushContext(ctx context.Context) error {
	if m.closed {
		return &OpError{Op: "flush", Iface: m.iface, Err: net.ErrClosed}
	}
	sent := 0
	backoff := 20 * time.Microsecond
	var stalled time.Time
	for sent < m.k {
		n, err := m.conn.WriteBatch(m.frames[sent:m.k])
		m.stats.Kicks += uint64(max(1, (n+mmsgBatch-1)/mmsgBatch))
		for _, f := range m.frames[sent : sent+n] {
			m.stats.Packets++
			m.stats.Bytes += uint64(len(f))
		}
		sent += n
		if n > 0 {
			stalled, backoff = time.Time{}, 20*time.Microsecond
		}
		if err == nil {
			continue
		}
		switch {
		case errors.Is(err, unix.ENOBUFS) || errors.Is(err, unix.EAGAIN):
			m.stats.Retries++
			now := time.Now()
			if stalled.IsZero() {
				stalled = now
			} else if now.Sub(stalled) > 5*time.Second {
				m.drop(sent)
				return err
			}
			if serr := m.sleeper.Sleep(ctx, backoff); serr != nil {
				m.drop(sent)
				return serr
			}
			backoff = min(2*backoff, time.Millisecond)
		case errors.Is(err, unix.EMSGSIZE) || errors.Is(err, unix.EINVAL):
			m.stats.WrongFormat++ // this frame only: go on with the next
			sent++
		default:
			m.drop(sent)
			return err
		}
	}
	m.k = 0
	return nil
}

// drop forgets the frames of the batch from sent on (after an error).
func (m *mmsgTX) drop(sent int) {
	copy(m.frames, m.frames[sent:m.k])
	m.k -= sent
	// The slots of the kept frames are the first m.k ones only if they
	// did not move: copy their bytes down too.
	for i := range m.k {
		src := m.frames[i]
		dst := m.mem[i*m.slotLen:]
		n := copy(dst, src)
		m.frames[i] = dst[:n]
	}
}

func (m *mmsgTX) Send(frame []byte) error { return m.SendContext(context.Background(), frame) }

func (m *mmsgTX) SendContext(ctx context.Context, frame []byte) error {
	slot, err := m.NextContext(ctx)
	if err != nil {
		return err
	}
	if len(frame) > len(slot) {
		m.held = false
		m.stats.WrongFormat++
		return &OpError{Op: "send", Iface: m.iface, Err: fmt.Errorf("%w: %d bytes (the interface takes %d to %d)", ErrFrameSize, len(frame), m.minLen, m.maxLen)}
	}
	copy(slot, frame)
	return m.Commit(len(frame))
}

func (m *mmsgTX) Close() error {
	if m.closed {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	err := m.FlushContext(ctx)
	cancel()
	m.closed = true
	if cerr := m.conn.Close(); err == nil {
		err = cerr
	}
	return err
}

var _ Sender = (*mmsgTX)(nil)
