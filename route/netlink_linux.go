//go:build linux

package route

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/goscapy/goscapy/fields"
)

// Netlink message header (RFC 3549 section 2.3.2), host byte order:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                          Length                             |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|            Type              |           Flags              |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                      Sequence Number                        |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                      Process ID (PID)                       |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// followed by a family header (ifinfomsg, ifaddrmsg, rtmsg, ndmsg) and
// route attributes, each {length u16, type u16, value}, padded to 4 bytes.
const (
	nlmsgLen   = 0
	nlmsgType  = 4
	nlmsgFlags = 6
	nlmsgSeq   = 8
	nlmsgPid   = 12
	nlmsgHdr   = 16

	rtaHdr = 4

	// ifinfomsg: family u8, pad u8, type u16, index i32, flags u32, change u32
	ifiType  = 2
	ifiIndex = 4
	ifiFlags = 8
	ifiLen   = 16

	// ifaddrmsg: family u8, prefixlen u8, flags u8, scope u8, index u32
	ifaFamily    = 0
	ifaPrefixLen = 1
	ifaIndex     = 4
	ifaLen       = 8

	// rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type
	// (u8 each), flags u32
	rtmFamily   = 0
	rtmDstLen   = 1
	rtmTable    = 4
	rtmProtocol = 5
	rtmScope    = 6
	rtmType     = 7
	rtmFlags    = 8
	rtmLen      = 12

	// ndmsg: family u8, pad u8, pad u16, ifindex i32, state u16, flags u8,
	// type u8
	ndmFamily  = 0
	ndmIfIndex = 4
	ndmState   = 8
	ndmFlags   = 10
	ndmLen     = 12

	// rtnexthop: len u16, flags u8, hops u8, ifindex i32, then attributes
	rtnhLen = 8

	// Attribute types not in every x/sys version.
	iflaIfname  = 3
	iflaMTU     = 4
	iflaAddress = 1

	// nlRecvBuf holds one netlink datagram; dumps use at most 32 KiB.
	nlRecvBuf = 64 << 10
	// nlTimeout bounds a netlink exchange when the context has no deadline.
	nlTimeout = 5 * time.Second
)

var ne = binary.NativeEndian

func align4(n int) int { return (n + 3) &^ 3 }

// errNetlink reports a malformed netlink message from the kernel.
var errNetlink = errors.New("route: malformed netlink message")

// nlConn is a NETLINK_ROUTE socket of the caller's network namespace.
type nlConn struct {
	fd  int
	seq uint32
	pid uint32
	buf []byte
	req []byte
}

func openNetlink() (*nlConn, error) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		return nil, os.NewSyscallError("route: netlink socket", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		unix.Close(fd)
		return nil, os.NewSyscallError("route: netlink bind", err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		unix.Close(fd)
		return nil, os.NewSyscallError("route: netlink getsockname", err)
	}
	c := &nlConn{fd: fd, seq: uint32(time.Now().UnixNano())}
	if nl, ok := sa.(*unix.SockaddrNetlink); ok {
		c.pid = nl.Pid
	}
	// Ask for error messages from the kernel's extended ack; harmless when
	// unsupported.
	_ = unix.SetsockoptInt(fd, unix.SOL_NETLINK, unix.NETLINK_EXT_ACK, 1)
	return c, nil
}

// bufPool holds receive buffers, which are too big to allocate per call.
var bufPool = sync.Pool{New: func() any { return new([nlRecvBuf]byte) }}

func (c *nlConn) Close() error {
	if c.buf != nil {
		bufPool.Put((*[nlRecvBuf]byte)(c.buf))
		c.buf = nil
	}
	return unix.Close(c.fd)
}

// do sends one request (family header body plus attributes already in
// body) and calls fn for each reply message until the dump is done or the
// single answer arrived. A NLMSG_ERROR reply is returned as a
// *NetlinkError; a dump the kernel interrupted (the table changed under
// it) as errDumpInterrupted.
func (c *nlConn) do(ctx context.Context, typ, flags uint16, body []byte, fn func(typ uint16, msg []byte) error) error {
	c.seq++
	seq := c.seq
	var hdr [nlmsgHdr]byte
	req := append(append(c.req[:0], hdr[:]...), body...)
	c.req = req
	ne.PutUint32(req[nlmsgLen:], uint32(len(req)))
	ne.PutUint16(req[nlmsgType:], typ)
	ne.PutUint16(req[nlmsgFlags:], flags|unix.NLM_F_REQUEST)
	ne.PutUint32(req[nlmsgSeq:], seq)
	ne.PutUint32(req[nlmsgPid:], 0)
	if err := unix.Sendto(c.fd, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return os.NewSyscallError("route: netlink send", err)
	}
	if c.buf == nil {
		c.buf = bufPool.Get().(*[nlRecvBuf]byte)[:]
	}
	dump := flags&unix.NLM_F_DUMP == unix.NLM_F_DUMP
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(nlTimeout)
	}
	intr := false
	for {
		if err := waitReadable(ctx, c.fd, deadline); err != nil {
			return err
		}
		m, _, rflags, from, err := unix.Recvmsg(c.fd, c.buf, nil, unix.MSG_DONTWAIT)
		if err == unix.EAGAIN || err == unix.EINTR {
			continue
		}
		if err != nil {
			return os.NewSyscallError("route: netlink receive", err)
		}
		if rflags&unix.MSG_TRUNC != 0 {
			return fmt.Errorf("%w: reply longer than %d bytes", errNetlink, len(c.buf))
		}
		if nl, ok := from.(*unix.SockaddrNetlink); ok && nl.Pid != 0 {
			continue // not from the kernel
		}
		done := false
		err = splitMessages(c.buf[:m], func(h nlHeader, msg []byte) error {
			if h.seq != seq || (c.pid != 0 && h.pid != 0 && h.pid != c.pid) {
				return nil // a late answer to an earlier request
			}
			if h.flags&unix.NLM_F_DUMP_INTR != 0 {
				intr = true
			}
			switch h.typ {
			case unix.NLMSG_DONE:
				done = true
				return dumpDoneErr(msg)
			case unix.NLMSG_ERROR:
				done = true
				return nlError(h, msg)
			case unix.NLMSG_NOOP:
				return nil
			}
			if !dump && h.flags&unix.NLM_F_MULTI == 0 {
				done = true
			}
			return fn(h.typ, msg)
		})
		if err != nil {
			return err
		}
		if done {
			if intr {
				return errDumpInterrupted
			}
			return nil
		}
	}
}

// errDumpInterrupted reports a dump during which the table changed; dumps
// are retried a few times.
var errDumpInterrupted = errors.New("route: netlink dump interrupted by a change, try again")

// dumpRetries is how many times an interrupted dump is repeated.
const dumpRetries = 5

// NetlinkError is an error answer of the kernel: the errno (test with
// errors.Is, e.g. unix.ENETUNREACH) and the kernel's extended message when
// it gave one.
type NetlinkError struct {
	Errno unix.Errno
	Msg   string
}

func (e *NetlinkError) Error() string {
	if e.Msg != "" {
		return e.Errno.Error() + " (" + e.Msg + ")"
	}
	return e.Errno.Error()
}

func (e *NetlinkError) Unwrap() error { return e.Errno }

// nlError decodes NLMSG_ERROR: a negative errno (0 is an ack), the request
// it answers and, with NLM_F_ACK_TLVS, attributes (1: a message).
func nlError(h nlHeader, msg []byte) error {
	if len(msg) < 4 {
		return fmt.Errorf("%w: short error message", errNetlink)
	}
	code := int32(ne.Uint32(msg))
	if code == 0 {
		return nil
	}
	e := &NetlinkError{Errno: unix.Errno(-code)}
	if h.flags&unix.NLM_F_ACK_TLVS != 0 && len(msg) >= 4+nlmsgHdr {
		skip := 4 + nlmsgHdr
		if h.flags&unix.NLM_F_CAPPED == 0 {
			skip = 4 + int(ne.Uint32(msg[4:]))
		}
		if skip = align4(skip); skip >= 4+nlmsgHdr && skip <= len(msg) {
			_ = attrs(msg[skip:], func(typ uint16, v []byte) {
				if typ == 1 { // NLMSGERR_ATTR_MSG
					e.Msg = cstring(v)
				}
			})
		}
	}
	return e
}

// waitReadable waits until fd is readable, ctx is done or the deadline
// passes, polling in short slices so that a cancelled ctx is seen soon.
func waitReadable(ctx context.Context, fd int, deadline time.Time) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		left := time.Until(deadline)
		if left <= 0 {
			return context.DeadlineExceeded
		}
		ms := int(min(left, 50*time.Millisecond) / time.Millisecond)
		if ms == 0 {
			ms = 1
		}
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, ms)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return os.NewSyscallError("route: poll", err)
		}
		if n > 0 {
			return nil
		}
	}
}

type nlHeader struct {
	typ, flags uint16
	seq, pid   uint32
}

// splitMessages calls fn for each netlink message in b with the bytes
// after its header. It stops at the first malformed length.
func splitMessages(b []byte, fn func(h nlHeader, msg []byte) error) error {
	for len(b) >= nlmsgHdr {
		l := int(ne.Uint32(b[nlmsgLen:]))
		if l < nlmsgHdr || l > len(b) {
			return fmt.Errorf("%w: message length %d, %d bytes left", errNetlink, l, len(b))
		}
		h := nlHeader{
			typ:   ne.Uint16(b[nlmsgType:]),
			flags: ne.Uint16(b[nlmsgFlags:]),
			seq:   ne.Uint32(b[nlmsgSeq:]),
			pid:   ne.Uint32(b[nlmsgPid:]),
		}
		if err := fn(h, b[nlmsgHdr:l]); err != nil {
			return err
		}
		b = b[min(align4(l), len(b)):]
	}
	return nil
}

// dumpDoneErr decodes NLMSG_DONE, which may carry an error of the dump.
func dumpDoneErr(msg []byte) error {
	if len(msg) >= 4 {
		if code := int32(ne.Uint32(msg)); code < 0 {
			return unix.Errno(-code)
		}
	}
	return nil
}

// attrs calls fn for each route attribute in b. It stops at the first
// malformed length and reports it.
func attrs(b []byte, fn func(typ uint16, val []byte)) error {
	for len(b) >= rtaHdr {
		l := int(ne.Uint16(b))
		if l < rtaHdr || l > len(b) {
			return fmt.Errorf("%w: attribute length %d, %d bytes left", errNetlink, l, len(b))
		}
		fn(ne.Uint16(b[2:])&0x3fff, b[rtaHdr:l]) // without NLA_F_NESTED/NET_BYTEORDER
		b = b[min(align4(l), len(b)):]
	}
	return nil
}

func appendAttr(b []byte, typ uint16, val []byte) []byte {
	var h [rtaHdr]byte
	ne.PutUint16(h[:], uint16(rtaHdr+len(val)))
	ne.PutUint16(h[2:], typ)
	b = append(b, h[:]...)
	b = append(b, val...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

func appendAttrU32(b []byte, typ uint16, v uint32) []byte {
	var x [4]byte
	ne.PutUint32(x[:], v)
	return appendAttr(b, typ, x[:])
}

// addrFrom converts a 4- or 16-byte attribute to an address.
func addrFrom(b []byte) (netip.Addr, bool) {
	switch len(b) {
	case 4:
		return netip.AddrFrom4([4]byte(b)), true
	case 16:
		return netip.AddrFrom16([16]byte(b)), true
	}
	return netip.Addr{}, false
}

func cstring(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// linkFlags converts IFF_* flags as package net does.
func linkFlags(raw uint32) net.Flags {
	var f net.Flags
	if raw&unix.IFF_UP != 0 {
		f |= net.FlagUp
	}
	if raw&unix.IFF_RUNNING != 0 {
		f |= net.FlagRunning
	}
	if raw&unix.IFF_BROADCAST != 0 {
		f |= net.FlagBroadcast
	}
	if raw&unix.IFF_LOOPBACK != 0 {
		f |= net.FlagLoopback
	}
	if raw&unix.IFF_POINTOPOINT != 0 {
		f |= net.FlagPointToPoint
	}
	if raw&unix.IFF_MULTICAST != 0 {
		f |= net.FlagMulticast
	}
	return f
}

// parseLink decodes the body of an RTM_NEWLINK message.
func parseLink(msg []byte) (Interface, error) {
	if len(msg) < ifiLen {
		return Interface{}, fmt.Errorf("%w: short link message (%d bytes)", errNetlink, len(msg))
	}
	ifc := Interface{
		Type:  ne.Uint16(msg[ifiType:]),
		Index: int(int32(ne.Uint32(msg[ifiIndex:]))),
		Flags: linkFlags(ne.Uint32(msg[ifiFlags:])),
	}
	err := attrs(msg[ifiLen:], func(typ uint16, v []byte) {
		switch typ {
		case iflaIfname:
			ifc.Name = cstring(v)
		case iflaMTU:
			if len(v) == 4 {
				ifc.MTU = int(ne.Uint32(v))
			}
		case iflaAddress:
			if len(v) == 6 {
				ifc.MAC = fields.MAC(v)
			}
		}
	})
	return ifc, err
}

// parseAddr decodes the body of an RTM_NEWADDR message: the interface
// index and the address with its prefix length. IFA_LOCAL wins over
// IFA_ADDRESS, which is the peer on point-to-point links.
func parseAddr(msg []byte) (index int, p netip.Prefix, err error) {
	if len(msg) < ifaLen {
		return 0, p, fmt.Errorf("%w: short address message (%d bytes)", errNetlink, len(msg))
	}
	fam, bits := msg[ifaFamily], int(msg[ifaPrefixLen])
	index = int(ne.Uint32(msg[ifaIndex:]))
	var local, addr netip.Addr
	err = attrs(msg[ifaLen:], func(typ uint16, v []byte) {
		switch typ {
		case unix.IFA_LOCAL:
			local, _ = addrFrom(v)
		case unix.IFA_ADDRESS:
			addr, _ = addrFrom(v)
		}
	})
	if local.IsValid() {
		addr = local
	}
	if !addr.IsValid() || (fam == unix.AF_INET) != addr.Is4() || bits > addr.BitLen() {
		return index, p, err
	}
	return index, netip.PrefixFrom(addr, bits), err
}

// parseRoute decodes the body of an RTM_NEWROUTE message. Iface is left
// empty. A multipath route gives its first next hop.
func parseRoute(msg []byte) (Route, error) {
	if len(msg) < rtmLen {
		return Route{}, fmt.Errorf("%w: short route message (%d bytes)", errNetlink, len(msg))
	}
	fam := msg[rtmFamily]
	r := Route{
		Table:    int(msg[rtmTable]),
		Protocol: msg[rtmProtocol],
		Scope:    msg[rtmScope],
		Type:     msg[rtmType],
	}
	var dst netip.Addr
	err := attrs(msg[rtmLen:], func(typ uint16, v []byte) {
		switch typ {
		case unix.RTA_DST:
			dst, _ = addrFrom(v)
		case unix.RTA_GATEWAY:
			r.Gateway, _ = addrFrom(v)
		case unix.RTA_VIA: // family u16, address
			if len(v) > 2 {
				r.Gateway, _ = addrFrom(v[2:])
			}
		case unix.RTA_PREFSRC:
			r.Src, _ = addrFrom(v)
		case unix.RTA_OIF:
			if len(v) == 4 {
				r.IfIndex = int(ne.Uint32(v))
			}
		case unix.RTA_PRIORITY:
			if len(v) == 4 {
				r.Metric = int(ne.Uint32(v))
			}
		case unix.RTA_TABLE:
			if len(v) == 4 {
				r.Table = int(ne.Uint32(v))
			}
		case unix.RTA_MULTIPATH:
			if len(v) >= rtnhLen {
				l := int(ne.Uint16(v))
				if l >= rtnhLen && l <= len(v) {
					if r.IfIndex == 0 {
						r.IfIndex = int(ne.Uint32(v[4:]))
					}
					_ = attrs(v[rtnhLen:l], func(t uint16, x []byte) {
						if t == unix.RTA_GATEWAY && !r.Gateway.IsValid() {
							r.Gateway, _ = addrFrom(x)
						}
					})
				}
			}
		}
	})
	if !dst.IsValid() {
		switch fam {
		case unix.AF_INET:
			dst = netip.IPv4Unspecified()
		case unix.AF_INET6:
			dst = netip.IPv6Unspecified()
		}
	}
	if dst.IsValid() && (fam == unix.AF_INET) == dst.Is4() {
		r.Dst = netip.PrefixFrom(dst, int(msg[rtmDstLen]))
	}
	return r, err
}

// routeFlags returns rtm_flags of an RTM_NEWROUTE body.
func routeFlags(msg []byte) uint32 {
	if len(msg) < rtmLen {
		return 0
	}
	return ne.Uint32(msg[rtmFlags:])
}

// parseNeigh decodes the body of an RTM_NEWNEIGH message. ok is false for
// entries that are not IPv4 or IPv6 (bridge forwarding entries).
func parseNeigh(msg []byte) (n Neighbor, ok bool, err error) {
	if len(msg) < ndmLen {
		return n, false, fmt.Errorf("%w: short neighbour message (%d bytes)", errNetlink, len(msg))
	}
	fam := msg[ndmFamily]
	if fam != unix.AF_INET && fam != unix.AF_INET6 {
		return n, false, nil
	}
	n.IfIndex = int(int32(ne.Uint32(msg[ndmIfIndex:])))
	n.State = NeighState(ne.Uint16(msg[ndmState:]))
	n.Router = msg[ndmFlags]&unix.NTF_ROUTER != 0
	err = attrs(msg[ndmLen:], func(typ uint16, v []byte) {
		switch typ {
		case unix.NDA_DST:
			n.IP, _ = addrFrom(v)
		case unix.NDA_LLADDR:
			if len(v) == 6 {
				n.MAC = fields.MAC(v)
			}
		}
	})
	if !n.IP.IsValid() || (fam == unix.AF_INET) != n.IP.Is4() {
		return n, false, err
	}
	return n, true, err
}
