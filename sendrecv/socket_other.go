//go:build !linux

package sendrecv

import (
	"context"
	"net"
	"net/netip"
	"time"

	"github.com/goscapy/goscapy/fields"
	"golang.org/x/net/bpf"
)

func unsupported(op, iface string) error { return &OpError{Op: op, Iface: iface, Err: ErrUnsupported} }

// L2Conn is a packet socket (Linux only: every method returns
// ErrUnsupported here).
type L2Conn struct{ iface string }

// OpenL2 returns ErrUnsupported: packet sockets need Linux.
func OpenL2(iface string, opts ...Option) (*L2Conn, error) { return nil, unsupported("open", iface) }

func (c *L2Conn) Interface() string { return c.iface }
func (c *L2Conn) Index() int        { return 0 }
func (c *L2Conn) MAC() fields.MAC   { return fields.MAC{} }
func (c *L2Conn) LinkType() uint32  { return 1 }
func (c *L2Conn) ReadPacket(buf []byte) (int, PacketInfo, error) {
	return 0, PacketInfo{}, unsupported("read", c.iface)
}
func (c *L2Conn) ReadPacketContext(ctx context.Context, buf []byte) (int, PacketInfo, error) {
	return 0, PacketInfo{}, unsupported("read", c.iface)
}
func (c *L2Conn) WritePacket(frame []byte) error          { return unsupported("write", c.iface) }
func (c *L2Conn) WriteBatch(frames [][]byte) (int, error) { return 0, unsupported("write", c.iface) }
func (c *L2Conn) ReadFrom(b []byte) (int, net.Addr, error) {
	return 0, nil, unsupported("read", c.iface)
}
func (c *L2Conn) WriteTo(b []byte, _ net.Addr) (int, error) { return 0, unsupported("write", c.iface) }
func (c *L2Conn) LocalAddr() net.Addr                       { return &Addr{} }
func (c *L2Conn) SetDeadline(t time.Time) error             { return unsupported("set deadline", c.iface) }
func (c *L2Conn) SetReadDeadline(t time.Time) error         { return unsupported("set deadline", c.iface) }
func (c *L2Conn) SetWriteDeadline(t time.Time) error        { return unsupported("set deadline", c.iface) }
func (c *L2Conn) Close() error                              { return nil }
func (c *L2Conn) SetBPF(prog []bpf.RawInstruction) error {
	return unsupported("attach filter", c.iface)
}
func (c *L2Conn) Stats() (received, dropped uint32, err error) {
	return 0, 0, unsupported("stats", c.iface)
}

// L3Conn is a raw IP socket (Linux only: every method returns
// ErrUnsupported here).
type L3Conn struct{ iface string }

// OpenL3 returns ErrUnsupported: raw sockets need Linux.
func OpenL3(family int, opts ...Option) (*L3Conn, error) {
	return nil, unsupported("open", newConfig(opts).iface)
}

func (c *L3Conn) Family() int                           { return 0 }
func (c *L3Conn) WritePacket(pkt []byte) error          { return unsupported("write", c.iface) }
func (c *L3Conn) WriteBatch(pkts [][]byte) (int, error) { return 0, unsupported("write", c.iface) }
func (c *L3Conn) ReadPacket(buf []byte) (int, PacketInfo, error) {
	return 0, PacketInfo{}, unsupported("read", c.iface)
}
func (c *L3Conn) ReadPacketContext(ctx context.Context, buf []byte) (int, PacketInfo, error) {
	return 0, PacketInfo{}, unsupported("read", c.iface)
}
func (c *L3Conn) ReadFrom(b []byte) (int, net.Addr, error) {
	return 0, nil, unsupported("read", c.iface)
}
func (c *L3Conn) WriteTo(b []byte, _ net.Addr) (int, error) { return 0, unsupported("write", c.iface) }
func (c *L3Conn) LocalAddr() net.Addr                       { return nil }
func (c *L3Conn) SetDeadline(t time.Time) error             { return unsupported("set deadline", c.iface) }
func (c *L3Conn) SetReadDeadline(t time.Time) error         { return unsupported("set deadline", c.iface) }
func (c *L3Conn) SetWriteDeadline(t time.Time) error        { return unsupported("set deadline", c.iface) }
func (c *L3Conn) Close() error                              { return nil }

// CloseSockets does nothing: no socket is ever opened here.
func CloseSockets() {}

func cachedL2(iface string) (*L2Conn, func(), error) { return nil, nil, unsupported("sendp", iface) }
func cachedL3(family int, iface string) (*L3Conn, func(), error) {
	return nil, nil, unsupported("send", iface)
}
func staleSocket(error) bool            { return false }
func noBuffers(error) bool              { return false }
func routeSource(netip.Addr) netip.Addr { return netip.Addr{} }
