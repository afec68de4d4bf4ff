//go:build linux

package sendrecv

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	gbpf "github.com/goscapy/goscapy/bpf"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/route"
	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

const (
	ethPAll        = 0x0003
	defaultSnaplen = 262144
	defaultRcvbuf  = 4 << 20
	oobWords       = 16 // control buffer: timestamp and auxdata messages
)

// Capture link types (LINKTYPE_*) of the interfaces an L2Conn reads.
const (
	linkTypeEthernet = 1
	linkTypeRaw      = 101
	linkType80211    = 105
	linkTypeRadiotap = 127
	linkTypeNetlink  = 253
)

func htons(v uint16) uint16 { return v<<8 | v>>8 }

// linkTypeOf maps an ARPHRD_* device type to the LINKTYPE_* of its frames
// on a SOCK_RAW packet socket.
func linkTypeOf(hatype uint16) uint32 {
	switch hatype {
	case unix.ARPHRD_ETHER, unix.ARPHRD_LOOPBACK:
		return linkTypeEthernet
	case unix.ARPHRD_NONE, unix.ARPHRD_TUNNEL, unix.ARPHRD_TUNNEL6, unix.ARPHRD_SIT, unix.ARPHRD_IPGRE, unix.ARPHRD_RAWIP:
		return linkTypeRaw
	case unix.ARPHRD_IEEE80211:
		return linkType80211
	case unix.ARPHRD_IEEE80211_RADIOTAP:
		return linkTypeRadiotap
	case unix.ARPHRD_NETLINK:
		return linkTypeNetlink
	}
	return linkTypeEthernet
}

// sock is the machinery L2Conn and L3Conn share: a non-blocking socket
// in the runtime poller (deadlines, Close waking readers), with the
// message headers of recvmsg and sendto kept in the struct so reads and
// writes allocate nothing.
type sock struct {
	f      *os.File
	rc     syscall.RawConn
	closed atomic.Bool
	iface  string

	rmu    sync.Mutex
	rbuf   []byte
	rn     int
	rerr   unix.Errno
	msg    unix.Msghdr
	iov    unix.Iovec
	name   unix.RawSockaddrAny
	oob    [oobWords]uint64
	readFn func(uintptr) bool

	wmu     sync.Mutex
	wbuf    []byte
	wname   unix.RawSockaddrInet6 // destination of L3 writes (v4 uses its start)
	wnamel  uintptr               // 0: no destination (L2)
	werr    unix.Errno
	writeFn func(uintptr) bool
	batch   *batchState // WriteBatch, made on first use
}

// batchMax is the number of messages one sendmmsg call takes.
const batchMax = 64

type mmsghdr struct {
	hdr unix.Msghdr
	n   uint32
}

// batchState holds the message headers of WriteBatch.
type batchState struct {
	mm    [batchMax]mmsghdr
	iov   [batchMax]unix.Iovec
	names [batchMax]unix.RawSockaddrInet6
	k     int
	sent  int
	err   unix.Errno
	fn    func(uintptr) bool
}

func (s *sock) batchState() *batchState {
	if s.batch == nil {
		b := &batchState{}
		b.fn = b.do
		s.batch = b
	}
	return s.batch
}

func (b *batchState) do(fd uintptr) bool {
	for {
		r, _, e := unix.Syscall6(unix.SYS_SENDMMSG, fd, uintptr(unsafe.Pointer(&b.mm[0])), uintptr(b.k), 0, 0, 0)
		switch e {
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return false
		}
		b.sent, b.err = int(r), e
		return true
	}
}

// writeBatch sends frames with sendmmsg, batchMax at a time; name, when
// not nil, fills in the destination of message i. The caller holds wmu.
func (s *sock) writeBatch(frames [][]byte, name func(i int, f []byte, sa *unix.RawSockaddrInet6) (uintptr, error)) (int, error) {
	b := s.batchState()
	defer func() {
		for i := range b.iov {
			b.iov[i].Base = nil // keep no reference to the caller's frames
		}
	}()
	total := 0
	for total < len(frames) {
		k := min(batchMax, len(frames)-total)
		for i := range k {
			f := frames[total+i]
			if len(f) == 0 {
				return total, &OpError{Op: "write", Iface: s.iface, Err: fmt.Errorf("frame %d is empty", total+i)}
			}
			b.iov[i].Base = &f[0]
			b.iov[i].SetLen(len(f))
			b.mm[i] = mmsghdr{hdr: unix.Msghdr{Iov: &b.iov[i]}}
			b.mm[i].hdr.SetIovlen(1)
			if name != nil {
				l, err := name(total+i, f, &b.names[i])
				if err != nil {
					return total, err
				}
				b.mm[i].hdr.Name = (*byte)(unsafe.Pointer(&b.names[i]))
				b.mm[i].hdr.Namelen = uint32(l)
			}
		}
		b.k = k
		err := s.rc.Write(b.fn)
		if err != nil {
			return total, s.sysErr("write", err)
		}
		total += b.sent
		if b.err != 0 {
			return total, s.sysErr("write", b.err)
		}
		if b.sent == 0 {
			return total, s.sysErr("write", io.ErrShortWrite)
		}
	}
	return total, nil
}

func (s *sock) init(fd int, name string) error {
	s.f = os.NewFile(uintptr(fd), name)
	rc, err := s.f.SyscallConn()
	if err != nil {
		s.f.Close()
		return err
	}
	s.rc = rc
	s.readFn = s.doRead
	s.writeFn = s.doWrite
	return nil
}

func (s *sock) doRead(fd uintptr) bool {
	s.iov.Base = &s.rbuf[0]
	s.iov.SetLen(len(s.rbuf))
	s.msg = unix.Msghdr{
		Name:    (*byte)(unsafe.Pointer(&s.name)),
		Namelen: unix.SizeofSockaddrAny,
		Iov:     &s.iov,
		Control: (*byte)(unsafe.Pointer(&s.oob[0])),
	}
	s.msg.SetIovlen(1)
	s.msg.SetControllen(len(s.oob) * 8)
	for {
		n, _, e := unix.Syscall(unix.SYS_RECVMSG, fd, uintptr(unsafe.Pointer(&s.msg)), unix.MSG_TRUNC)
		switch e {
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return false
		}
		s.rn, s.rerr = int(n), e
		return true
	}
}

func (s *sock) doWrite(fd uintptr) bool {
	var to uintptr
	if s.wnamel != 0 {
		to = uintptr(unsafe.Pointer(&s.wname))
	}
	for {
		_, _, e := unix.Syscall6(unix.SYS_SENDTO, fd, uintptr(unsafe.Pointer(&s.wbuf[0])), uintptr(len(s.wbuf)), 0, to, s.wnamel)
		switch e {
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return false
		}
		s.werr = e
		return true
	}
}

// read receives one message into buf; the caller holds rmu.
func (s *sock) read(buf []byte) (n int, err error) {
	s.rbuf = buf
	err = s.rc.Read(s.readFn)
	s.rbuf = nil
	if err != nil {
		return 0, s.sysErr("read", err)
	}
	if s.rerr != 0 {
		return 0, s.sysErr("read", s.rerr)
	}
	return s.rn, nil
}

// write sends b (to the destination in wname for L3); caller holds wmu.
func (s *sock) write(b []byte) error {
	s.wbuf = b
	err := s.rc.Write(s.writeFn)
	s.wbuf = nil
	if err != nil {
		return s.sysErr("write", err)
	}
	if s.werr != 0 {
		e := s.werr
		s.werr = 0
		if e == unix.EMSGSIZE {
			return &OpError{Op: "write", Iface: s.iface, Err: fmt.Errorf("%d bytes: larger than the interface MTU: %w", len(b), e)}
		}
		return s.sysErr("write", e)
	}
	return nil
}

// sysErr wraps an error of the poller or the kernel; a closed socket
// gives net.ErrClosed.
func (s *sock) sysErr(op string, err error) error {
	if s.closed.Load() {
		err = net.ErrClosed
	}
	return &OpError{Op: op, Iface: s.iface, Err: err}
}

func (s *sock) close() error {
	if s.closed.Swap(true) {
		return &OpError{Op: "close", Iface: s.iface, Err: net.ErrClosed}
	}
	return s.f.Close()
}

// readContext runs read with ctx cancelling it through the deadline.
func (s *sock) readContext(ctx context.Context, read func() error) error {
	if ctx.Done() == nil {
		return read()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	fired := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		s.f.SetReadDeadline(aLongTimeAgo)
		close(fired)
	})
	err := read()
	if !stop() {
		<-fired // the deadline is set: clear it for the next read
		s.f.SetReadDeadline(time.Time{})
		if err != nil && errors.Is(err, os.ErrDeadlineExceeded) {
			return ctx.Err()
		}
	}
	return err
}

var aLongTimeAgo = time.Unix(1, 0)

// control returns the control messages of the last read.
func (s *sock) control() []byte {
	n := int(s.msg.Controllen)
	b := unsafe.Slice((*byte)(unsafe.Pointer(&s.oob[0])), len(s.oob)*8)
	if n < 0 || n > len(b) {
		n = len(b)
	}
	return b[:n]
}

// auxdata is struct tpacket_auxdata.
type auxdata struct {
	ok       bool
	status   uint32
	length   uint32
	snaplen  uint32
	vlanTCI  uint16
	vlanTPID uint16
}

const sizeofAuxdata = 20

// parseControl reads the timestamp (SO_TIMESTAMPNS) and PACKET_AUXDATA
// messages from oob. It accepts any bytes without panicking.
func parseControl(oob []byte, ts *time.Time, aux *auxdata) {
	const hdr = unix.SizeofCmsghdr
	align := func(n int) int { return (n + unix.SizeofPtr - 1) &^ (unix.SizeofPtr - 1) }
	ne := binary.NativeEndian
	for len(oob) >= hdr {
		var l int
		if unix.SizeofPtr == 8 {
			v := ne.Uint64(oob)
			if v > uint64(len(oob)) {
				return
			}
			l = int(v)
		} else {
			l = int(ne.Uint32(oob))
		}
		if l < hdr || l > len(oob) {
			return
		}
		level := int32(ne.Uint32(oob[unix.SizeofPtr:]))
		typ := int32(ne.Uint32(oob[unix.SizeofPtr+4:]))
		data := oob[hdr:l]
		switch {
		case level == unix.SOL_SOCKET && typ == unix.SO_TIMESTAMPNS:
			if unix.SizeofPtr == 8 && len(data) >= 16 {
				*ts = time.Unix(int64(ne.Uint64(data)), int64(ne.Uint64(data[8:])))
			} else if unix.SizeofPtr == 4 && len(data) >= 8 {
				*ts = time.Unix(int64(int32(ne.Uint32(data))), int64(int32(ne.Uint32(data[4:]))))
			}
		case level == unix.SOL_PACKET && typ == unix.PACKET_AUXDATA:
			if len(data) >= sizeofAuxdata {
				*aux = auxdata{ok: true,
					status: ne.Uint32(data), length: ne.Uint32(data[4:]), snaplen: ne.Uint32(data[8:]),
					vlanTCI: ne.Uint16(data[16:]), vlanTPID: ne.Uint16(data[18:])}
			}
		}
		next := align(l)
		if next >= len(oob) {
			return
		}
		oob = oob[next:]
	}
}

// L2Conn is an AF_PACKET socket: it reads and writes whole frames on one
// interface (or reads on all). Its methods are safe for concurrent use;
// reads are serialised with each other, as are writes.
type L2Conn struct {
	sock
	ifindex  int
	hatype   uint16
	mac      fields.MAC
	linkType uint32
	sendOnly bool
	snaplen  int
	ifname   string // "" for all interfaces
}

// ifaceDesc names an interface in messages.
func ifaceDesc(iface string) string {
	if iface == "" {
		return "any"
	}
	return iface
}

// lookupInterface resolves an interface name in the caller's network
// namespace; the error of an unknown name lists the interfaces there are.
func lookupInterface(op, iface string) (route.Interface, error) {
	ifc, err := route.InterfaceByName(iface)
	if err != nil {
		return ifc, &OpError{Op: op, Iface: iface, Err: err}
	}
	return ifc, nil
}

func permError(op, iface string, err error) error {
	if errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) {
		return &OpError{Op: op, Iface: iface, Err: fmt.Errorf("%w: %w", ErrPermission, err)}
	}
	return &OpError{Op: op, Iface: iface, Err: err}
}

// OpenL2 opens a packet socket on iface ("" or "any" for all interfaces,
// which can only read). Options add a filter (attached before the socket
// is bound), promiscuous mode, a protocol, a send-only socket and more.
// Frames the host sends are delivered too, flagged PacketOutgoing, unless
// WithoutOutgoing is given.
func OpenL2(iface string, opts ...Option) (*L2Conn, error) {
	cfg := newConfig(opts)
	if iface == "any" {
		iface = ""
	}
	c := &L2Conn{linkType: linkTypeEthernet, hatype: unix.ARPHRD_ETHER, sendOnly: cfg.sendOnly, snaplen: cfg.snaplen}
	where := ifaceDesc(iface)
	c.iface, c.ifname = where, iface
	if c.snaplen <= 0 {
		c.snaplen = defaultSnaplen
	}
	if iface != "" {
		ifc, err := lookupInterface("open", iface)
		if err != nil {
			return nil, err
		}
		c.ifindex, c.hatype, c.mac = ifc.Index, ifc.Type, ifc.MAC
		c.linkType = linkTypeOf(ifc.Type)
	} else if cfg.promisc {
		return nil, &OpError{Op: "open", Iface: where, Err: errors.New("promiscuous mode needs an interface")}
	}
	if cfg.filterSet && cfg.progSet {
		return nil, &OpError{Op: "open", Iface: where, Err: errors.New("give a filter expression or a BPF program, not both")}
	}
	var prog []bpf.RawInstruction
	switch {
	case cfg.progSet:
		prog = cfg.prog
	case cfg.filterSet && cfg.filter != "":
		// The live form: the kernel has removed the outer VLAN tag
		// before the filter runs (see bpf.CompileOptions).
		p, err := gbpf.CompileLive(cfg.filter, c.linkType, c.snaplen)
		if err != nil {
			return nil, &OpError{Op: "filter", Iface: where, Err: err}
		}
		prog = p
	}
	// Protocol 0: nothing is queued before the filter is attached and the
	// socket bound.
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, permError("open packet socket", where, err)
	}
	fail := func(op string, err error) (*L2Conn, error) {
		unix.Close(fd)
		return nil, &OpError{Op: op, Iface: where, Err: err}
	}
	proto := cfg.protocol
	if cfg.sendOnly {
		proto = 0
	} else {
		if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, 1); err != nil {
			return fail("set SO_TIMESTAMPNS", err)
		}
		if err := unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_AUXDATA, 1); err != nil {
			return fail("set PACKET_AUXDATA", err)
		}
		rcvbuf := cfg.rcvbuf
		if rcvbuf <= 0 {
			rcvbuf = defaultRcvbuf
		}
		if unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, rcvbuf) != nil {
			unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, rcvbuf)
		}
		if cfg.noOutgoing {
			if err := unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_IGNORE_OUTGOING, 1); err != nil {
				return fail("set PACKET_IGNORE_OUTGOING", err)
			}
		}
	}
	if cfg.bypass {
		if err := unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_QDISC_BYPASS, 1); err != nil {
			return fail("set PACKET_QDISC_BYPASS", err)
		}
	}
	if prog != nil {
		if err := attachFilter(fd, prog); err != nil {
			return fail("attach filter", err)
		}
	}
	if err := unix.Bind(fd, &unix.SockaddrLinklayer{Protocol: htons(proto), Ifindex: c.ifindex}); err != nil {
		return fail("bind", err)
	}
	if cfg.promisc {
		mreq := unix.PacketMreq{Ifindex: int32(c.ifindex), Type: unix.PACKET_MR_PROMISC}
		if err := unix.SetsockoptPacketMreq(fd, unix.SOL_PACKET, unix.PACKET_ADD_MEMBERSHIP, &mreq); err != nil {
			return fail("set promiscuous mode", err)
		}
	}
	if err := c.init(fd, "packet:"+where); err != nil {
		return nil, &OpError{Op: "open", Iface: where, Err: err}
	}
	return c, nil
}

func attachFilter(fd int, prog []bpf.RawInstruction) error {
	if len(prog) == 0 || len(prog) > 4096 {
		return fmt.Errorf("program of %d instructions (the kernel takes 1 to 4096)", len(prog))
	}
	ins := make([]unix.SockFilter, len(prog))
	for i, r := range prog {
		ins[i] = unix.SockFilter{Code: r.Op, Jt: r.Jt, Jf: r.Jf, K: r.K}
	}
	return unix.SetsockoptSockFprog(fd, unix.SOL_SOCKET, unix.SO_ATTACH_FILTER, &unix.SockFprog{Len: uint16(len(ins)), Filter: &ins[0]})
}

// Interface returns the interface name ("" for all interfaces).
func (c *L2Conn) Interface() string { return c.ifname }

// Index returns the interface index (0 for all interfaces).
func (c *L2Conn) Index() int { return c.ifindex }

// MAC returns the interface's hardware address.
func (c *L2Conn) MAC() fields.MAC { return c.mac }

// LinkType returns the capture link type of the frames (LINKTYPE_*, 1
// for Ethernet).
func (c *L2Conn) LinkType() uint32 { return c.linkType }

// ReadPacket reads one frame into buf and returns its length (at most
// len(buf); info.Truncated tells a longer frame), with its metadata. It
// blocks until a frame arrives, the read deadline passes or the socket is
// closed. It does not allocate.
func (c *L2Conn) ReadPacket(buf []byte) (n int, info PacketInfo, err error) {
	if c.sendOnly {
		return 0, info, &OpError{Op: "read", Iface: c.iface, Err: ErrSendOnly}
	}
	if len(buf) == 0 {
		return 0, info, &OpError{Op: "read", Iface: c.iface, Err: io.ErrShortBuffer}
	}
	c.rmu.Lock()
	defer c.rmu.Unlock()
	m, err := c.read(buf)
	if err != nil {
		return 0, info, err
	}
	from := (*unix.RawSockaddrLinklayer)(unsafe.Pointer(&c.sock.name))
	info.InterfaceIndex = int(from.Ifindex)
	info.Protocol = htons(from.Protocol)
	info.Type = PacketType(from.Pkttype)
	info.Length = m
	var aux auxdata
	parseControl(c.control(), &info.Timestamp, &aux)
	if aux.ok {
		info.Length = int(aux.length)
	}
	n = min(m, len(buf))
	if aux.ok && (aux.status&unix.TP_STATUS_VLAN_VALID != 0 || aux.vlanTCI != 0) && c.linkType == linkTypeEthernet && n >= 12 {
		tpid := uint16(0x8100)
		if aux.status&unix.TP_STATUS_VLAN_TPID_VALID != 0 && aux.vlanTPID != 0 {
			tpid = aux.vlanTPID
		}
		n = insertVLAN(buf, n, tpid, aux.vlanTCI)
		info.Length += 4
		info.VLANTag = aux.vlanTCI
	}
	info.Truncated = n < info.Length
	if info.Timestamp.IsZero() {
		info.Timestamp = time.Now()
	}
	return n, info, nil
}

// insertVLAN puts an 802.1Q tag after the MAC addresses of the n-byte
// frame in buf, dropping what no longer fits; it returns the new length.
func insertVLAN(buf []byte, n int, tpid, tci uint16) int {
	if len(buf) < 16 {
		return n
	}
	end := min(n+4, len(buf))
	copy(buf[16:end], buf[12:n])
	binary.BigEndian.PutUint16(buf[12:], tpid)
	binary.BigEndian.PutUint16(buf[14:], tci)
	return end
}

// ReadPacketContext is ReadPacket, returning ctx.Err() when ctx ends
// first. (It allocates a little per call for the context; a loop that
// reads many frames does better setting a deadline.)
func (c *L2Conn) ReadPacketContext(ctx context.Context, buf []byte) (n int, info PacketInfo, err error) {
	err = c.readContext(ctx, func() error {
		var e error
		n, info, e = c.ReadPacket(buf)
		return e
	})
	return n, info, err
}

// WritePacket sends one frame as it is, on the interface the socket is
// bound to. It does not allocate.
func (c *L2Conn) WritePacket(frame []byte) error {
	if c.ifindex == 0 {
		return &OpError{Op: "write", Iface: c.iface, Err: errors.New("a socket on all interfaces cannot send: open it on one interface")}
	}
	if len(frame) == 0 {
		return &OpError{Op: "write", Iface: c.iface, Err: errors.New("empty frame")}
	}
	c.wmu.Lock()
	err := c.write(frame)
	c.wmu.Unlock()
	return err
}

// WriteBatch sends frames, as they are, with as few system calls as it
// can (sendmmsg, 64 frames per call). It returns the number of frames
// sent; an error stops it at the first frame the kernel refused. Once
// warm it does not allocate.
func (c *L2Conn) WriteBatch(frames [][]byte) (int, error) {
	if c.ifindex == 0 {
		return 0, &OpError{Op: "write", Iface: c.iface, Err: errors.New("a socket on all interfaces cannot send: open it on one interface")}
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.writeBatch(frames, nil)
}

// ReadFrom implements net.PacketConn: ReadPacket, with the sender's
// hardware address as an *Addr (which allocates).
func (c *L2Conn) ReadFrom(b []byte) (int, net.Addr, error) {
	n, info, err := c.ReadPacket(b)
	if err != nil {
		return 0, nil, err
	}
	from := (*unix.RawSockaddrLinklayer)(unsafe.Pointer(&c.sock.name))
	a := &Addr{Index: info.InterfaceIndex, Protocol: info.Protocol}
	copy(a.MAC[:], from.Addr[:min(int(from.Halen), 6)])
	return n, a, nil
}

// WriteTo implements net.PacketConn: the frame carries its destination,
// so addr is ignored.
func (c *L2Conn) WriteTo(b []byte, _ net.Addr) (int, error) {
	if err := c.WritePacket(b); err != nil {
		return 0, err
	}
	return len(b), nil
}

// LocalAddr returns the interface's address as an *Addr.
func (c *L2Conn) LocalAddr() net.Addr {
	return &Addr{Index: c.ifindex, MAC: c.mac}
}

// SetDeadline sets the read and write deadlines.
func (c *L2Conn) SetDeadline(t time.Time) error { return c.f.SetDeadline(t) }

// SetReadDeadline sets the deadline of ReadPacket; a zero t means none.
func (c *L2Conn) SetReadDeadline(t time.Time) error { return c.f.SetReadDeadline(t) }

// SetWriteDeadline sets the deadline of WritePacket (writes only wait
// while the socket's send buffer is full).
func (c *L2Conn) SetWriteDeadline(t time.Time) error { return c.f.SetWriteDeadline(t) }

// Close closes the socket; blocked reads return net.ErrClosed.
func (c *L2Conn) Close() error { return c.close() }

// SetBPF replaces the socket's filter (golang.org/x/net/bpf's Setter).
// Frames the previous filter accepted may still be queued.
func (c *L2Conn) SetBPF(prog []bpf.RawInstruction) error {
	var err error
	cerr := c.rc.Control(func(fd uintptr) { err = attachFilter(int(fd), prog) })
	if cerr != nil {
		return c.sysErr("attach filter", cerr)
	}
	if err != nil {
		return &OpError{Op: "attach filter", Iface: c.iface, Err: err}
	}
	return nil
}

// Stats returns the frames the kernel delivered to the socket and those
// it dropped (the receive buffer was full) since the last call.
func (c *L2Conn) Stats() (received, dropped uint32, err error) {
	var st *unix.TpacketStats
	cerr := c.rc.Control(func(fd uintptr) {
		st, err = unix.GetsockoptTpacketStats(int(fd), unix.SOL_PACKET, unix.PACKET_STATISTICS)
	})
	if cerr != nil {
		return 0, 0, c.sysErr("stats", cerr)
	}
	if err != nil {
		return 0, 0, &OpError{Op: "stats", Iface: c.iface, Err: err}
	}
	return st.Packets, st.Drops, nil
}

// L3Conn is a raw IP socket that sends whole IPv4 or IPv6 packets (the
// kernel routes them and adds the link layer) and, opened with
// WithIPProtocol, receives packets of one IP protocol. Its methods are
// safe for concurrent use.
//
// Linux rewrites some fields of IPv4 packets sent this way: the total
// length and header checksum always, a zero ID and a zero source address.
// Send such packets with an L2Conn (Sendp) to keep every byte.
type L3Conn struct {
	sock
	family  int
	ifindex int
	proto   int
}

// OpenL3 opens a raw socket of family 4 or 6 (unix.AF_INET and
// unix.AF_INET6 are accepted too). WithInterface binds it to an
// interface; WithIPProtocol makes it receive.
func OpenL3(family int, opts ...Option) (*L3Conn, error) {
	cfg := newConfig(opts)
	switch family {
	case 4, unix.AF_INET:
		family = unix.AF_INET
	case 6, unix.AF_INET6:
		family = unix.AF_INET6
	default:
		return nil, &OpError{Op: "open", Iface: cfg.iface, Err: fmt.Errorf("address family %d: want 4 or 6", family)}
	}
	c := &L3Conn{family: family, proto: cfg.ipProto}
	c.iface = cfg.iface
	if cfg.iface != "" {
		ifc, err := lookupInterface("open", cfg.iface)
		if err != nil {
			return nil, err
		}
		c.ifindex = ifc.Index
	}
	proto := unix.IPPROTO_RAW
	if cfg.ipProto != 0 {
		proto = cfg.ipProto
	}
	kind := "raw IPv4 socket"
	if family == unix.AF_INET6 {
		kind = "raw IPv6 socket"
	}
	fd, err := unix.Socket(family, unix.SOCK_RAW|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, proto)
	if err != nil {
		return nil, permError("open "+kind, cfg.iface, err)
	}
	fail := func(op string, err error) (*L3Conn, error) {
		unix.Close(fd)
		return nil, &OpError{Op: op, Iface: cfg.iface, Err: err}
	}
	if family == unix.AF_INET {
		if proto != unix.IPPROTO_RAW {
			if err := unix.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_HDRINCL, 1); err != nil {
				return fail("set IP_HDRINCL", err)
			}
		}
		unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_BROADCAST, 1)
	} else if proto != unix.IPPROTO_RAW {
		if err := unix.SetsockoptInt(fd, unix.IPPROTO_IPV6, unix.IPV6_HDRINCL, 1); err != nil {
			return fail("set IPV6_HDRINCL", err)
		}
	}
	if cfg.ipProto != 0 {
		unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, 1)
		rcvbuf := cfg.rcvbuf
		if rcvbuf <= 0 {
			rcvbuf = defaultRcvbuf
		}
		if unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, rcvbuf) != nil {
			unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, rcvbuf)
		}
	}
	if cfg.iface != "" {
		if err := unix.BindToDevice(fd, cfg.iface); err != nil {
			return fail("bind to device", err)
		}
	}
	if err := c.init(fd, kind); err != nil {
		return nil, &OpError{Op: "open", Iface: cfg.iface, Err: err}
	}
	return c, nil
}

// Family returns 4 or 6.
func (c *L3Conn) Family() int {
	if c.family == unix.AF_INET {
		return 4
	}
	return 6
}

// WritePacket sends one IP packet to the destination in its header. It
// does not allocate.
func (c *L3Conn) WritePacket(pkt []byte) error {
	return c.writeTo(pkt, netip.Addr{})
}

func (c *L3Conn) writeTo(pkt []byte, dst netip.Addr) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	l, err := c.sockaddr(pkt, dst, &c.wname)
	if err != nil {
		return err
	}
	c.wnamel = l
	return c.write(pkt)
}

// sockaddr fills sa with the destination of pkt (dst, or the one in its
// header when dst is invalid) and returns its length.
func (c *L3Conn) sockaddr(pkt []byte, dst netip.Addr, sa *unix.RawSockaddrInet6) (uintptr, error) {
	if !dst.IsValid() {
		var ok bool
		if dst, ok = ipDst(pkt, c.family == unix.AF_INET); !ok {
			return 0, &OpError{Op: "write", Iface: c.iface, Err: fmt.Errorf("not an IPv%d packet: %w", c.Family(), ErrNoIPLayer)}
		}
	}
	if c.family == unix.AF_INET {
		if !dst.Unmap().Is4() {
			return 0, &OpError{Op: "write", Iface: c.iface, Err: fmt.Errorf("destination %v is not IPv4", dst)}
		}
		sa4 := (*unix.RawSockaddrInet4)(unsafe.Pointer(sa))
		*sa4 = unix.RawSockaddrInet4{Family: unix.AF_INET, Addr: dst.Unmap().As4()}
		return unix.SizeofSockaddrInet4, nil
	}
	if !dst.Is6() || dst.Is4In6() {
		return 0, &OpError{Op: "write", Iface: c.iface, Err: fmt.Errorf("destination %v is not IPv6", dst)}
	}
	*sa = unix.RawSockaddrInet6{Family: unix.AF_INET6, Addr: dst.As16()}
	if dst.IsLinkLocalUnicast() || dst.IsLinkLocalMulticast() || dst.IsInterfaceLocalMulticast() {
		sa.Scope_id = uint32(c.ifindex)
	}
	return unix.SizeofSockaddrInet6, nil
}

// WriteBatch sends IP packets, each to the destination in its header,
// with as few system calls as it can (sendmmsg). It returns the number
// sent; an error stops it at the first packet refused. Once warm it does
// not allocate.
func (c *L3Conn) WriteBatch(pkts [][]byte) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.writeBatch(pkts, c.batchName)
}

func (c *L3Conn) batchName(_ int, pkt []byte, sa *unix.RawSockaddrInet6) (uintptr, error) {
	return c.sockaddr(pkt, netip.Addr{}, sa)
}

// ipDst reads the destination address of an IPv4 or IPv6 header.
func ipDst(pkt []byte, v4 bool) (netip.Addr, bool) {
	if len(pkt) < 1 {
		return netip.Addr{}, false
	}
	if v4 {
		if pkt[0]>>4 != 4 || len(pkt) < 20 {
			return netip.Addr{}, false
		}
		return netip.AddrFrom4([4]byte(pkt[16:20])), true
	}
	if pkt[0]>>4 != 6 || len(pkt) < 40 {
		return netip.Addr{}, false
	}
	return netip.AddrFrom16([16]byte(pkt[24:40])), true
}

// ReadPacket reads one packet of the socket's IP protocol: with its IPv4
// header for IPv4, from the protocol header on for IPv6 (the kernel keeps
// the IPv6 header). It does not allocate.
func (c *L3Conn) ReadPacket(buf []byte) (n int, info PacketInfo, err error) {
	if c.proto == 0 {
		return 0, info, &OpError{Op: "read", Iface: c.iface, Err: fmt.Errorf("%w: open it WithIPProtocol to receive", ErrSendOnly)}
	}
	if len(buf) == 0 {
		return 0, info, &OpError{Op: "read", Iface: c.iface, Err: io.ErrShortBuffer}
	}
	c.rmu.Lock()
	defer c.rmu.Unlock()
	m, err := c.read(buf)
	if err != nil {
		return 0, info, err
	}
	info.Length = m
	info.Protocol = uint16(c.proto)
	var aux auxdata
	parseControl(c.control(), &info.Timestamp, &aux)
	n = min(m, len(buf))
	info.Truncated = n < m
	if info.Timestamp.IsZero() {
		info.Timestamp = time.Now()
	}
	return n, info, nil
}

// ReadPacketContext is ReadPacket, returning ctx.Err() when ctx ends
// first.
func (c *L3Conn) ReadPacketContext(ctx context.Context, buf []byte) (n int, info PacketInfo, err error) {
	err = c.readContext(ctx, func() error {
		var e error
		n, info, e = c.ReadPacket(buf)
		return e
	})
	return n, info, err
}

// ReadFrom implements net.PacketConn; the address is an *IPAddr.
func (c *L3Conn) ReadFrom(b []byte) (int, net.Addr, error) {
	n, _, err := c.ReadPacket(b)
	if err != nil {
		return 0, nil, err
	}
	a := &IPAddr{}
	if c.family == unix.AF_INET {
		sa := (*unix.RawSockaddrInet4)(unsafe.Pointer(&c.sock.name))
		a.Addr = netip.AddrFrom4(sa.Addr)
	} else {
		sa := (*unix.RawSockaddrInet6)(unsafe.Pointer(&c.sock.name))
		a.Addr = netip.AddrFrom16(sa.Addr)
	}
	return n, a, nil
}

// WriteTo implements net.PacketConn: it sends the packet to addr (an
// *IPAddr, *net.IPAddr or nil for the header's destination).
func (c *L3Conn) WriteTo(b []byte, addr net.Addr) (int, error) {
	var dst netip.Addr
	switch a := addr.(type) {
	case nil:
	case *IPAddr:
		dst = a.Addr
	case *net.IPAddr:
		d, ok := netip.AddrFromSlice(a.IP)
		if !ok {
			return 0, &OpError{Op: "write", Iface: c.iface, Err: fmt.Errorf("bad address %v", a)}
		}
		dst = d
	default:
		return 0, &OpError{Op: "write", Iface: c.iface, Err: fmt.Errorf("unsupported address type %T", addr)}
	}
	if err := c.writeTo(b, dst); err != nil {
		return 0, err
	}
	return len(b), nil
}

// LocalAddr returns nil: a raw socket has no address of its own.
func (c *L3Conn) LocalAddr() net.Addr { return nil }

// SetDeadline sets the read and write deadlines.
func (c *L3Conn) SetDeadline(t time.Time) error { return c.f.SetDeadline(t) }

// SetReadDeadline sets the deadline of ReadPacket.
func (c *L3Conn) SetReadDeadline(t time.Time) error { return c.f.SetReadDeadline(t) }

// SetWriteDeadline sets the deadline of WritePacket.
func (c *L3Conn) SetWriteDeadline(t time.Time) error { return c.f.SetWriteDeadline(t) }

// Close closes the socket.
func (c *L3Conn) Close() error { return c.close() }

// The socket cache of Send and Sendp.

type cacheKey struct {
	dev, ino uint64 // network namespace of the calling thread
	kind     int
	iface    string
}

const (
	kindL2 = iota
	kindL3v4
	kindL3v6
)

type cacheEntry struct {
	l2   *L2Conn
	l3   *L3Conn
	used uint64
}

// maxCached bounds the sockets kept open; the least recently used one is
// closed to make room.
const maxCached = 64

var cache struct {
	mu   sync.Mutex
	m    map[cacheKey]*cacheEntry
	tick uint64
}

// namespaceID identifies the calling thread's network namespace.
func namespaceID() (dev, ino uint64) {
	var st unix.Stat_t
	if unix.Stat("/proc/thread-self/ns/net", &st) != nil {
		return 0, 0
	}
	return uint64(st.Dev), st.Ino
}

func cached(kind int, iface string, open func() (*cacheEntry, error)) (*cacheEntry, cacheKey, error) {
	dev, ino := namespaceID()
	k := cacheKey{dev: dev, ino: ino, kind: kind, iface: iface}
	cache.mu.Lock()
	defer cache.mu.Unlock()
	cache.tick++
	if e, ok := cache.m[k]; ok {
		e.used = cache.tick
		return e, k, nil
	}
	e, err := open()
	if err != nil {
		return nil, k, err
	}
	if cache.m == nil {
		cache.m = make(map[cacheKey]*cacheEntry)
	}
	if len(cache.m) >= maxCached {
		var oldest cacheKey
		first := true
		for ok, oe := range cache.m {
			if first || oe.used < cache.m[oldest].used {
				oldest, first = ok, false
			}
		}
		cache.m[oldest].close()
		delete(cache.m, oldest)
	}
	e.used = cache.tick
	cache.m[k] = e
	return e, k, nil
}

func (e *cacheEntry) close() {
	if e.l2 != nil {
		e.l2.Close()
	}
	if e.l3 != nil {
		e.l3.Close()
	}
}

// uncache closes and forgets the entry of k if it is still e.
func uncache(k cacheKey, e *cacheEntry) {
	cache.mu.Lock()
	defer cache.mu.Unlock()
	if cache.m[k] == e {
		delete(cache.m, k)
		e.close()
	}
}

// CloseSockets closes the sockets Send and Sendp keep open for reuse;
// the next calls open new ones.
func CloseSockets() {
	cache.mu.Lock()
	defer cache.mu.Unlock()
	for k, e := range cache.m {
		e.close()
		delete(cache.m, k)
	}
}

// cachedL2 returns the send-only packet socket of iface.
func cachedL2(iface string) (*L2Conn, func(), error) {
	if iface == "" || iface == "any" {
		return nil, nil, &OpError{Op: "sendp", Err: errors.New("Sendp needs an interface")}
	}
	e, k, err := cached(kindL2, iface, func() (*cacheEntry, error) {
		c, err := OpenL2(iface, WithSendOnly())
		if err != nil {
			return nil, err
		}
		return &cacheEntry{l2: c}, nil
	})
	if err != nil {
		return nil, nil, err
	}
	return e.l2, func() { uncache(k, e) }, nil
}

// cachedL3 returns the raw IP socket of family (4 or 6) bound to iface
// ("": not bound).
func cachedL3(family int, iface string) (*L3Conn, func(), error) {
	kind := kindL3v4
	if family == 6 {
		kind = kindL3v6
	}
	e, k, err := cached(kind, iface, func() (*cacheEntry, error) {
		var opts []Option
		if iface != "" {
			opts = append(opts, WithInterface(iface))
		}
		c, err := OpenL3(family, opts...)
		if err != nil {
			return nil, err
		}
		return &cacheEntry{l3: c}, nil
	})
	if err != nil {
		return nil, nil, err
	}
	return e.l3, func() { uncache(k, e) }, nil
}

// staleSocket reports an error after which a cached socket is reopened:
// it was closed, or its interface went away and may be back.
func staleSocket(err error) bool {
	return errors.Is(err, net.ErrClosed) || errors.Is(err, unix.ENXIO) || errors.Is(err, unix.ENODEV)
}

// noBuffers reports a frame the device queue could not take (ENOBUFS):
// sending it again later may succeed.
func noBuffers(err error) bool { return errors.Is(err, unix.ENOBUFS) }

// routeSource returns the source address the kernel uses towards dst in
// the calling thread's network namespace (invalid when there is no
// route).
func routeSource(dst netip.Addr) netip.Addr {
	r, err := route.Lookup(dst)
	if err != nil {
		return netip.Addr{}
	}
	return r.Src
}
