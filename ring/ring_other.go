//go:build !linux

package ring

import (
	"context"
	"fmt"
)

func unsupported(op, iface string) error {
	if iface == "" {
		iface = "any"
	}
	return &OpError{Op: op, Iface: iface, Err: ErrUnsupported}
}

// TX is a memory-mapped transmit ring (Linux only: NewTX returns
// ErrUnsupported here).
type TX struct{ iface string }

// NewTX returns ErrUnsupported: packet rings need Linux.
func NewTX(iface string, cfg TXConfig) (*TX, error) { return nil, unsupported("open tx ring", iface) }

func (t *TX) Method() string { return MethodTXRing }
func (t *TX) Frames() int    { return 0 }
func (t *TX) MaxFrame() int  { return 0 }
func (t *TX) Err() error     { return unsupported("send", t.iface) }
func (t *TX) Next() []byte   { return nil }
func (t *TX) NextContext(ctx context.Context) ([]byte, error) {
	return nil, unsupported("send", t.iface)
}
func (t *TX) Commit(n int) error                     { return unsupported("send", t.iface) }
func (t *TX) Flush() error                           { return unsupported("send", t.iface) }
func (t *TX) FlushContext(ctx context.Context) error { return unsupported("send", t.iface) }
func (t *TX) Send(frame []byte) error                { return unsupported("send", t.iface) }
func (t *TX) SendContext(ctx context.Context, frame []byte) error {
	return unsupported("send", t.iface)
}
func (t *TX) Stats() TXStats { return TXStats{} }
func (t *TX) Close() error   { return nil }

var _ Sender = (*TX)(nil)

// OpenSender returns ErrUnsupported: packet sockets need Linux.
func OpenSender(iface string, cfg TXConfig) (Sender, error) { return nil, unsupported("open", iface) }

// RX is a receiver (Linux only: NewRX returns ErrUnsupported here).
type RX struct{ iface string }

// NewRX returns ErrUnsupported: packet rings need Linux.
func NewRX(iface string, cfg RXConfig) (*RX, error) { return nil, unsupported("open", iface) }

// NewFanout returns ErrUnsupported: packet rings need Linux.
func NewFanout(iface string, cfg RXConfig, n int) ([]*RX, error) {
	return nil, unsupported("open fanout", iface)
}

func (r *RX) FanoutGroup() uint16 { return 0 }
func (r *RX) Method() string      { return MethodRXRing }
func (r *RX) LinkType() uint32    { return 1 }
func (r *RX) Index() int          { return 0 }
func (r *RX) Next(ctx context.Context) ([]byte, Info, error) {
	return nil, Info{}, unsupported("read", r.iface)
}
func (r *RX) RecvInto(ctx context.Context, buf []byte) (int, Info, error) {
	return 0, Info{}, unsupported("read", r.iface)
}
func (r *RX) Stats() (RXStats, error) { return RXStats{}, unsupported("stats", r.iface) }
func (r *RX) Close() error            { return nil }

// ProbeIOURing returns ErrUnsupported wrapped with ErrNoIOURing.
func ProbeIOURing() error {
	return &OpError{Op: "probe io_uring", Err: fmt.Errorf("%w: %w", ErrNoIOURing, ErrUnsupported)}
}
