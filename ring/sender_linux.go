//go:build linux

package ring

import (
	"errors"
	"fmt"
)

// OpenSender opens the fastest way of sending on iface the system offers,
// or the one cfg.Method names: the TX ring, else sendmmsg batches
// (io_uring only when asked, as it is no faster than sendmmsg for packet
// sockets). A method that cannot be set up here (no TX ring, io_uring
// disabled) falls back to sendmmsg; Method of the sender says which path
// runs. Errors that no other path would avoid (no such interface, no
// privilege) are returned.
func OpenSender(iface string, cfg TXConfig) (Sender, error) {
	if !validMethod(cfg.Method, true) {
		return nil, &OpError{Op: "open", Iface: ifaceDesc(iface), Err: fmt.Errorf("%w %q for sending (want %s, %s or %s)", ErrMethod, cfg.Method, MethodTXRing, MethodSendmmsg, MethodIOURing)}
	}
	if cfg.FrameSize == 0 {
		cfg.FrameSize = DefaultFrameSize
	}
	if cfg.Frames == 0 {
		cfg.Frames = DefaultFrames
	}
	if cfg.Batch <= 0 {
		cfg.Batch = DefaultBatch
	}
	switch cfg.Method {
	case "", MethodTXRing:
		t, err := NewTX(iface, cfg)
		if err == nil {
			return t, nil
		}
		if !ringSetupError(err) {
			return nil, err
		}
	case MethodIOURing:
		u, err := newURingTX(iface, cfg)
		if err == nil {
			return u, nil
		}
		if !errors.Is(err, ErrNoIOURing) {
			return nil, err
		}
	}
	return newMmsgTX(iface, cfg)
}

// ringSetupError reports an error of the TX ring's own setup, after which
// a plain socket may still work.
func ringSetupError(err error) bool {
	var op *OpError
	if !errors.As(err, &op) {
		return false
	}
	switch op.Op {
	case "set TPACKET_V2", "set PACKET_LOSS", "set PACKET_TX_RING", "map tx ring":
		return true
	}
	return false
}
