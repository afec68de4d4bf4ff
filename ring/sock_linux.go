//go:build linux

package ring

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"os"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	gbpf "github.com/goscapy/goscapy/bpf"
	"github.com/goscapy/goscapy/route"
	"github.com/goscapy/goscapy/sendrecv"
	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

const (
	ethPAll = 0x0003

	// Capture link types (LINKTYPE_*).
	linkTypeEthernet = 1
	linkTypeRaw      = 101
	linkType80211    = 105
	linkTypeRadiotap = 127
	linkTypeNetlink  = 253

	// waitSlice bounds one wait of the poller, after which the context
	// and Close are checked again.
	waitSlice = 50 * time.Millisecond

	sizeofAuxdata = 20 // struct tpacket_auxdata
)

func htons(v uint16) uint16 { return v<<8 | v>>8 }

// linkTypeOf maps an ARPHRD_* device type to the LINKTYPE_* of its frames.
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

// hardHeaderLen is the shortest frame a device of this type takes.
func hardHeaderLen(hatype uint16) int {
	if linkTypeOf(hatype) == linkTypeEthernet {
		return 14
	}
	return 1
}

// ifaceDesc names an interface in messages.
func ifaceDesc(iface string) string {
	if iface == "" {
		return "any"
	}
	return iface
}

// lookupInterface resolves an interface name; the error of an unknown
// name lists the interfaces there are (and wraps sendrecv.ErrNoInterface).
func lookupInterface(op, iface string) (route.Interface, error) {
	ifc, err := route.InterfaceByName(iface)
	if err != nil {
		return ifc, &OpError{Op: op, Iface: iface, Err: err}
	}
	return ifc, nil
}

// permError wraps a socket error, marking a missing privilege.
func permError(op, iface string, err error) error {
	if errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) {
		return &OpError{Op: op, Iface: iface, Err: fmt.Errorf("%w: %w", sendrecv.ErrPermission, err)}
	}
	return &OpError{Op: op, Iface: iface, Err: err}
}

// packetSocket opens a non-blocking AF_PACKET socket with protocol 0:
// nothing is queued on it before it is bound.
func packetSocket(iface string, nonblock bool) (int, error) {
	flags := unix.SOCK_RAW | unix.SOCK_CLOEXEC
	if nonblock {
		flags |= unix.SOCK_NONBLOCK
	}
	fd, err := unix.Socket(unix.AF_PACKET, flags, 0)
	if err != nil {
		return -1, permError("open packet socket", ifaceDesc(iface), err)
	}
	return fd, nil
}

// bindPacket binds fd to the interface (0: all) for protocol proto.
func bindPacket(fd, ifindex int, proto uint16) error {
	return unix.Bind(fd, &unix.SockaddrLinklayer{Protocol: htons(proto), Ifindex: ifindex})
}

// filterProgram returns the program to attach: the compiled Filter, the
// Instructions, or (without either) one that keeps snaplen bytes when
// snaplen is below the default.
func filterProgram(filter string, ins []bpf.RawInstruction, linkType uint32, snaplen int) ([]bpf.RawInstruction, error) {
	if filter != "" && ins != nil {
		return nil, errors.New("give a filter expression or a BPF program, not both")
	}
	switch {
	case ins != nil:
		return ins, nil
	case filter != "":
		return gbpf.CompileLive(filter, linkType, snaplen)
	case snaplen < DefaultSnapLen:
		return []bpf.RawInstruction{{Op: unix.BPF_RET | unix.BPF_K, K: uint32(snaplen)}}, nil
	}
	return nil, nil
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

// pollSock is a non-blocking socket in the runtime poller: waits are
// edge-triggered epoll waits, cut in slices of waitSlice so the context
// and Close are checked without a goroutine or an allocation per wait.
type pollSock struct {
	f      *os.File
	rc     syscall.RawConn
	fd     int
	iface  string
	closed atomic.Bool
}

func (s *pollSock) init(fd int, iface, kind string) error {
	s.fd, s.iface = fd, iface
	s.f = os.NewFile(uintptr(fd), kind+":"+iface)
	rc, err := s.f.SyscallConn()
	if err != nil {
		s.f.Close()
		return &OpError{Op: "open", Iface: iface, Err: err}
	}
	s.rc = rc
	return nil
}

// wait calls ready until it returns true, waiting for the socket to be
// readable (write false) or writable between calls.
func (s *pollSock) wait(ctx context.Context, write bool, ready func(uintptr) bool) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if s.closed.Load() {
			return net.ErrClosed
		}
		var err error
		if write {
			s.f.SetWriteDeadline(time.Now().Add(waitSlice))
			err = s.rc.Write(ready)
		} else {
			s.f.SetReadDeadline(time.Now().Add(waitSlice))
			err = s.rc.Read(ready)
		}
		if err == nil {
			return nil
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			continue
		}
		if s.closed.Load() || errors.Is(err, os.ErrClosed) {
			return net.ErrClosed
		}
		return err
	}
}

// interrupt wakes a waiting reader or writer at once.
func (s *pollSock) interrupt() {
	s.f.SetDeadline(time.Unix(1, 0))
}

func (s *pollSock) close() error {
	if s.closed.Swap(true) {
		return nil
	}
	return s.f.Close()
}

// control runs fn on the descriptor.
func (s *pollSock) control(fn func(fd int)) error {
	return s.rc.Control(func(fd uintptr) { fn(int(fd)) })
}

// sockErr wraps an error of an operation on s.
func (s *pollSock) sockErr(op string, err error) error {
	if s.closed.Load() && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		err = net.ErrClosed
	}
	return &OpError{Op: op, Iface: s.iface, Err: err}
}

// mmsghdr is struct mmsghdr.
type mmsghdr struct {
	hdr unix.Msghdr
	n   uint32
	_   [4]byte
}

// parseControl reads the timestamp (SO_TIMESTAMPNS) and PACKET_AUXDATA
// messages of oob, accepting any bytes without panicking.
func parseControl(oob []byte, info *Info, aux *unix.TpacketAuxdata) (gotAux bool) {
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
				info.Timestamp = time.Unix(int64(ne.Uint64(data)), int64(ne.Uint64(data[8:])))
			} else if unix.SizeofPtr == 4 && len(data) >= 8 {
				info.Timestamp = time.Unix(int64(int32(ne.Uint32(data))), int64(int32(ne.Uint32(data[4:]))))
			}
		case level == unix.SOL_PACKET && typ == unix.PACKET_AUXDATA:
			if len(data) >= sizeofAuxdata {
				*aux = unix.TpacketAuxdata{Status: ne.Uint32(data), Len: ne.Uint32(data[4:]), Snaplen: ne.Uint32(data[8:]),
					Vlan_tci: ne.Uint16(data[16:]), Vlan_tpid: ne.Uint16(data[18:])}
				gotAux = true
			}
		}
		next := align(l)
		if next >= len(oob) {
			return
		}
		oob = oob[next:]
	}
	return
}

// insertVLAN puts an 802.1Q tag after the MAC addresses of the n-byte
// frame in buf, dropping what no longer fits; it returns the new length.
func insertVLAN(buf []byte, n int, tpid, tci uint16) int {
	if len(buf) < 16 || n < 12 {
		return n
	}
	end := min(n+4, len(buf))
	copy(buf[16:end], buf[12:n])
	binary.BigEndian.PutUint16(buf[12:], tpid)
	binary.BigEndian.PutUint16(buf[14:], tci)
	return end
}

// vlanTPID returns the TPID of a tag the kernel reported.
func vlanTPID(status uint32, tpid uint16) uint16 {
	if status&unix.TP_STATUS_VLAN_TPID_VALID != 0 && tpid != 0 {
		return tpid
	}
	return 0x8100
}

// ptr returns a pointer to the uint32 at off in b (b is memory the
// kernel shares: ring or anonymous mapping).
func ptr32(b []byte, off int) *uint32 { return (*uint32)(unsafe.Pointer(&b[off])) }

func unsafePointer[T any](p *T) unsafe.Pointer { return unsafe.Pointer(p) }

// unsafeBytes views the n bytes at p.
func unsafeBytes(p *uint64, n int) []byte { return unsafe.Slice((*byte)(unsafe.Pointer(p)), n) }
