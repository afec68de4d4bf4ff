//go:build linux

package ring

// io_uring through golang.org/x/sys/unix system calls only. The main
// module may depend on the standard library and golang.org/x/* alone, and
// the part of io_uring a packet engine needs is small: io_uring_setup,
// two mmaps, io_uring_enter, and the opcodes SEND and RECVMSG. A Go
// io_uring library would add a dependency (and, for the cgo ones,
// liburing) to reach the same system calls.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/goscapy/goscapy/sendrecv"
	"golang.org/x/sys/unix"
)

const (
	uringOffSQRing = 0
	uringOffSQEs   = 0x10000000

	uringFeatSingleMmap = 1 << 0
	uringFeatExtArg     = 1 << 8

	uringEnterGetEvents = 1 << 0
	uringEnterExtArg    = 1 << 3

	uringSetupClamp = 1 << 4

	uringRegisterProbe = 8
	uringOpSupported   = 1

	uringOpRecvmsg     = 10
	uringOpAsyncCancel = 14
	uringOpSend        = 26

	uringCancelTag = 1 << 62 // user_data of cancel requests
)

type uringSQOffsets struct {
	head, tail, ringMask, ringEntries, flags, dropped, array, resv1 uint32
	userAddr                                                        uint64
}

type uringCQOffsets struct {
	head, tail, ringMask, ringEntries, overflow, cqes, flags, resv1 uint32
	userAddr                                                        uint64
}

// uringParams is struct io_uring_params.
type uringParams struct {
	sqEntries, cqEntries, flags, sqThreadCPU, sqThreadIdle, features, wqFD uint32
	resv                                                                   [3]uint32
	sqOff                                                                  uringSQOffsets
	cqOff                                                                  uringCQOffsets
}

// uringSQE is struct io_uring_sqe (64 bytes).
type uringSQE struct {
	opcode      uint8
	flags       uint8
	ioprio      uint16
	fd          int32
	off         uint64
	addr        uint64
	len         uint32
	opFlags     uint32
	userData    uint64
	bufIndex    uint16
	personality uint16
	spliceFdIn  int32
	addr3       uint64
	pad         uint64
}

// uringCQE is struct io_uring_cqe.
type uringCQE struct {
	userData uint64
	res      int32
	flags    uint32
}

// uringGetEventsArg is struct io_uring_getevents_arg.
type uringGetEventsArg struct {
	sigmask   uint64
	sigmaskSz uint32
	minWait   uint32
	ts        uint64
}

// uringSetup is io_uring_setup(2); tests replace it to play a kernel
// that refuses.
var uringSetup = func(entries uint32, p *uringParams) (int, error) {
	fd, _, e := unix.Syscall(unix.SYS_IO_URING_SETUP, uintptr(entries), uintptr(unsafe.Pointer(p)), 0)
	if e != 0 {
		return -1, e
	}
	return int(fd), nil
}

// uring is one io_uring instance: the submission and completion rings
// mapped from the kernel.
type uring struct {
	fd       int
	ringMem  []byte
	sqeMem   []byte
	sqHead   *uint32
	sqTail   *uint32
	sqMask   uint32
	sqN      uint32
	cqHead   *uint32
	cqTail   *uint32
	cqMask   uint32
	cqes     unsafe.Pointer
	tail     uint32 // our submission tail, published on submit
	inflight int
	ts       unix.Timespec
	arg      uringGetEventsArg
}

// uringUnavailable wraps the reason io_uring cannot be used.
func uringUnavailable(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrNoIOURing, fmt.Sprintf(format, a...))
}

func newURing(entries uint32) (*uring, error) {
	var p uringParams
	p.flags = uringSetupClamp
	fd, err := uringSetup(entries, &p)
	if err != nil {
		switch {
		case errors.Is(err, unix.ENOSYS):
			return nil, uringUnavailable("the kernel has no io_uring (ENOSYS: older than 5.1, built without it, or hidden by a seccomp filter)")
		case errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES):
			why := "refused by a seccomp filter or a security module"
			if b, rerr := os.ReadFile("/proc/sys/kernel/io_uring_disabled"); rerr == nil {
				switch strings.TrimSpace(string(b)) {
				case "2":
					why = "disabled by the sysctl kernel.io_uring_disabled=2"
				case "1":
					why = "restricted by the sysctl kernel.io_uring_disabled=1 to CAP_SYS_ADMIN and the group kernel.io_uring_group"
				}
			}
			return nil, uringUnavailable("io_uring_setup: %v: %s", err, why)
		}
		return nil, uringUnavailable("io_uring_setup: %v", err)
	}
	u := &uring{fd: fd}
	if p.features&uringFeatSingleMmap == 0 || p.features&uringFeatExtArg == 0 {
		unix.Close(fd)
		return nil, uringUnavailable("the kernel's io_uring lacks the features used here (single mapping, wait timeouts: Linux 5.11)")
	}
	size := max(int(p.sqOff.array)+int(p.sqEntries)*4, int(p.cqOff.cqes)+int(p.cqEntries)*int(unsafe.Sizeof(uringCQE{})))
	mem, err := unix.Mmap(fd, uringOffSQRing, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE)
	if err != nil {
		unix.Close(fd)
		return nil, uringUnavailable("map rings: %v", err)
	}
	sqes, err := unix.Mmap(fd, uringOffSQEs, int(p.sqEntries)*int(unsafe.Sizeof(uringSQE{})), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE)
	if err != nil {
		unix.Munmap(mem)
		unix.Close(fd)
		return nil, uringUnavailable("map submission entries: %v", err)
	}
	u.ringMem, u.sqeMem = mem, sqes
	u.sqHead = ptr32(mem, int(p.sqOff.head))
	u.sqTail = ptr32(mem, int(p.sqOff.tail))
	u.sqMask = *ptr32(mem, int(p.sqOff.ringMask))
	u.sqN = p.sqEntries
	u.cqHead = ptr32(mem, int(p.cqOff.head))
	u.cqTail = ptr32(mem, int(p.cqOff.tail))
	u.cqMask = *ptr32(mem, int(p.cqOff.ringMask))
	u.cqes = unsafe.Pointer(&mem[p.cqOff.cqes])
	arr := unsafe.Slice((*uint32)(unsafe.Pointer(&mem[p.sqOff.array])), p.sqEntries)
	for i := range arr {
		arr[i] = uint32(i) // entries are filled in ring order
	}
	u.tail = atomic.LoadUint32(u.sqTail)
	return u, nil
}

// probe checks that the kernel knows the opcodes.
func (u *uring) probe(ops ...uint8) error {
	var buf [16 + 256*8]byte
	_, _, e := unix.Syscall6(unix.SYS_IO_URING_REGISTER, uintptr(u.fd), uringRegisterProbe, uintptr(unsafe.Pointer(&buf[0])), 256, 0, 0)
	if e != 0 {
		return uringUnavailable("probe: %v", e)
	}
	last := buf[0]
	for _, op := range ops {
		if op > last || buf[16+int(op)*8+2]&uringOpSupported == 0 {
			return uringUnavailable("the kernel's io_uring has no opcode %d (SEND needs Linux 5.6)", op)
		}
	}
	return nil
}

// sqe returns the next free submission entry, zeroed (nil when the
// submission ring is full).
func (u *uring) sqe() *uringSQE {
	if u.tail-atomic.LoadUint32(u.sqHead) >= u.sqN {
		return nil
	}
	s := (*uringSQE)(unsafe.Pointer(&u.sqeMem[int(u.tail&u.sqMask)*int(unsafe.Sizeof(uringSQE{}))]))
	*s = uringSQE{}
	u.tail++
	return s
}

// enter publishes the new entries and submits them, waiting for
// minComplete completions at most timeout (0: no wait limit). ETIME
// (the time passed) is no error.
func (u *uring) enter(minComplete uint32, timeout time.Duration) (int, error) {
	atomic.StoreUint32(u.sqTail, u.tail)
	toSubmit := u.tail - atomic.LoadUint32(u.sqHead)
	flags := uintptr(0)
	var argp, argsz uintptr
	if minComplete > 0 {
		flags |= uringEnterGetEvents
		if timeout > 0 {
			u.ts = unix.NsecToTimespec(int64(timeout))
			u.arg = uringGetEventsArg{ts: uint64(uintptr(unsafe.Pointer(&u.ts)))}
			flags |= uringEnterExtArg
			argp, argsz = uintptr(unsafe.Pointer(&u.arg)), unsafe.Sizeof(u.arg)
		}
	}
	for {
		r, _, e := unix.Syscall6(unix.SYS_IO_URING_ENTER, uintptr(u.fd), uintptr(toSubmit), uintptr(minComplete), flags, argp, argsz)
		switch e {
		case 0:
			return int(r), nil
		case unix.EINTR:
			continue
		case unix.ETIME:
			return 0, nil
		}
		return 0, e
	}
}

// peek returns the oldest completion without consuming it.
func (u *uring) peek() (userData uint64, res int32, ok bool) {
	head := atomic.LoadUint32(u.cqHead)
	if head == atomic.LoadUint32(u.cqTail) {
		return 0, 0, false
	}
	c := (*uringCQE)(unsafe.Add(u.cqes, uintptr(head&u.cqMask)*unsafe.Sizeof(uringCQE{})))
	return c.userData, c.res, true
}

// pop consumes the oldest completion.
func (u *uring) pop() {
	atomic.StoreUint32(u.cqHead, atomic.LoadUint32(u.cqHead)+1)
}

func (u *uring) close() {
	if u.sqeMem != nil {
		unix.Munmap(u.sqeMem)
		u.sqeMem = nil
	}
	if u.ringMem != nil {
		unix.Munmap(u.ringMem)
		u.ringMem = nil
	}
	if u.fd >= 0 {
		unix.Close(u.fd)
		u.fd = -1
	}
}

var probeOnce struct {
	sync.Mutex
	done bool
	err  error
}

// ProbeIOURing reports whether io_uring can be used here, with the
// opcodes the senders and receivers use: nil, or an error wrapping
// ErrNoIOURing that says why not (the answer is remembered).
func ProbeIOURing() error {
	probeOnce.Lock()
	defer probeOnce.Unlock()
	if !probeOnce.done {
		probeOnce.err = probeURing()
		probeOnce.done = true
	}
	return probeOnce.err
}

func probeURing() error {
	u, err := newURing(4)
	if err != nil {
		return err
	}
	defer u.close()
	return u.probe(uringOpSend, uringOpRecvmsg, uringOpAsyncCancel)
}

// anonMap returns n bytes of memory outside the Go heap, for buffers the
// kernel reads or writes after the system call that named them returned.
func anonMap(n int) ([]byte, error) {
	page := os.Getpagesize()
	n = (n + page - 1) / page * page
	return unix.Mmap(-1, 0, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS|unix.MAP_POPULATE)
}

// The io_uring sender: a batch of slots, one SEND request each,
// submitted with one io_uring_enter that also waits for their
// completions.

type uringTX struct {
	slotTX
	u       *uring
	sock    int
	lens    []int
	retry   []int
	sleeper realClock
}

func newURingTX(iface string, cfg TXConfig) (*uringTX, error) {
	if err := ProbeIOURing(); err != nil {
		return nil, &OpError{Op: "open", Iface: ifaceDesc(iface), Err: err}
	}
	if iface == "" || iface == "any" {
		return nil, &OpError{Op: "open", Iface: ifaceDesc(iface), Err: errors.New("sending needs an interface")}
	}
	ifc, err := lookupInterface("open", iface)
	if err != nil {
		return nil, err
	}
	batch := min(max(cfg.Batch, 1), cfg.Frames, 4096)
	fd, err := packetSocket(iface, false)
	if err != nil {
		return nil, err
	}
	t := &uringTX{sock: fd, slotTX: slotTX{iface: iface, slotLen: cfg.FrameSize - tp2Data, bypass: cfg.QdiscBypass}}
	fail := func(op string, err error) (*uringTX, error) {
		if t.u != nil {
			t.u.close()
		}
		if t.mem != nil {
			unix.Munmap(t.mem)
		}
		unix.Close(fd)
		if errors.Is(err, ErrNoIOURing) {
			return nil, &OpError{Op: op, Iface: iface, Err: err}
		}
		return nil, &OpError{Op: op, Iface: iface, Err: err}
	}
	if cfg.QdiscBypass {
		if err := unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_QDISC_BYPASS, 1); err != nil {
			return fail("set PACKET_QDISC_BYPASS", err)
		}
	}
	if unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_SNDBUFFORCE, txSndbuf) != nil {
		unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_SNDBUF, txSndbuf)
	}
	if err := bindPacket(fd, ifc.Index, 0); err != nil {
		return fail("bind", err)
	}
	if t.u, err = newURing(uint32(batch)); err != nil {
		return fail("set up io_uring", err)
	}
	if int(t.u.sqN) < batch {
		batch = int(t.u.sqN)
	}
	if t.mem, err = anonMap(batch * t.slotLen); err != nil {
		return fail("map slots", err)
	}
	t.batch = batch
	t.lens = make([]int, batch)
	t.retry = make([]int, 0, batch)
	t.setLimits(ifc.Type, ifc.MTU)
	return t, nil
}

func (t *uringTX) Method() string { return t.method(MethodIOURing) }

func (t *uringTX) Next() []byte {
	b, _ := t.NextContext(context.Background())
	return b
}

func (t *uringTX) NextContext(ctx context.Context) ([]byte, error) {
	return t.next(ctx, t.FlushContext)
}

func (t *uringTX) Commit(n int) error {
	if err := t.commit(n); err != nil {
		return err
	}
	t.lens[t.k] = n
	t.k++
	if t.k == len(t.lens) {
		return t.FlushContext(context.Background())
	}
	return nil
}

func (t *uringTX) Flush() error { return t.FlushContext(context.Background()) }

// queue puts a SEND request for slot i in the submission ring.
func (t *uringTX) queue(i int) {
	s := t.u.sqe()
	if s == nil {
		return // cannot happen: the ring has a slot per entry
	}
	s.opcode = uringOpSend
	s.fd = int32(t.sock)
	s.addr = uint64(uintptr(unsafe.Pointer(&t.mem[i*t.slotLen])))
	s.len = uint32(t.lens[i])
	s.userData = uint64(i)
}

// FlushContext sends the batch and waits for every completion; frames the
// device queue had no room for are sent again after a short sleep.
func (t *uringTX) FlushContext(ctx context.Context) error {
	if t.closed {
		return &OpError{Op: "flush", Iface: t.iface, Err: net.ErrClosed}
	}
	if t.k == 0 {
		return nil
	}
	for i := range t.k {
		t.queue(i)
	}
	want := t.k
	backoff := 20 * time.Microsecond
	var stalled time.Time
	var ferr error
	for want > 0 {
		t.retry = t.retry[:0]
		got := 0
		for got < want {
			if _, err := t.u.enter(uint32(want-got), waitSlice); err != nil {
				return &OpError{Op: "send", Iface: t.iface, Err: err}
			}
			t.stats.Kicks++
			for {
				ud, res, ok := t.u.peek()
				if !ok {
					break
				}
				t.u.pop()
				got++
				i := int(ud)
				switch {
				case res >= 0:
					t.stats.Packets++
					t.stats.Bytes += uint64(res)
				case res == -int32(unix.ENOBUFS) || res == -int32(unix.EAGAIN):
					t.retry = append(t.retry, i)
				case res == -int32(unix.EMSGSIZE) || res == -int32(unix.EINVAL):
					t.stats.WrongFormat++
				default:
					if ferr == nil {
						ferr = &OpError{Op: "send", Iface: t.iface, Err: unix.Errno(-res)}
					}
				}
			}
			// Sends complete at once or when the socket has room: wait
			// for every one, whatever ctx says, so none is left behind.
		}
		if ferr != nil {
			t.k = 0
			return ferr
		}
		want = len(t.retry)
		if want == 0 {
			break
		}
		t.stats.Retries++
		now := time.Now()
		if stalled.IsZero() {
			stalled = now
		} else if now.Sub(stalled) > 5*time.Second {
			t.k = 0
			return &OpError{Op: "send", Iface: t.iface, Err: unix.ENOBUFS}
		}
		if err := t.sleeper.Sleep(ctx, backoff); err != nil {
			return err
		}
		backoff = min(2*backoff, time.Millisecond)
		for _, i := range t.retry {
			t.queue(i)
		}
	}
	t.k = 0
	return nil
}

func (t *uringTX) Send(frame []byte) error { return t.SendContext(context.Background(), frame) }

func (t *uringTX) SendContext(ctx context.Context, frame []byte) error {
	slot, err := t.NextContext(ctx)
	if err != nil {
		return err
	}
	if len(frame) > len(slot) {
		t.held = false
		t.stats.WrongFormat++
		return &OpError{Op: "send", Iface: t.iface, Err: fmt.Errorf("%w: %d bytes (the interface takes %d to %d)", ErrFrameSize, len(frame), t.minLen, t.maxLen)}
	}
	copy(slot, frame)
	return t.Commit(len(frame))
}

func (t *uringTX) Close() error {
	if t.closed {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	err := t.FlushContext(ctx)
	cancel()
	t.closed = true
	t.u.close() // waits for nothing: every request completed or was cancelled by closing
	unix.Munmap(t.mem)
	t.mem = nil
	if cerr := unix.Close(t.sock); err == nil && cerr != nil {
		err = &OpError{Op: "close", Iface: t.iface, Err: cerr}
	}
	return err
}

var _ Sender = (*uringTX)(nil)

// The io_uring receiver: uringSlots RECVMSG requests stay armed on the
// socket; each completion is one frame, delivered in completion order,
// and its request is armed again on the next call.

const (
	uringSlots = 32
	sizeofMsg  = int(unsafe.Sizeof(unix.Msghdr{}))
	sizeofIov  = int(unsafe.Sizeof(unix.Iovec{}))
	uringCtl   = oobWords * 8
)

type uringRX struct {
	u       *uring
	sock    int
	mem     []byte
	slot    int // bytes per slot
	bufLen  int
	last    int // slot of the frame delivered last, to arm again
	pending int // requests armed
}

// slot layout: msghdr, iovec, sockaddr_ll (24), control, buffer.
func (x *uringRX) base(i int) int    { return i * x.slot }
func (x *uringRX) msgOff(i int) int  { return x.base(i) }
func (x *uringRX) iovOff(i int) int  { return x.base(i) + sizeofMsg }
func (x *uringRX) nameOff(i int) int { return x.iovOff(i) + sizeofIov }
func (x *uringRX) ctlOff(i int) int  { return x.nameOff(i) + 24 }
func (x *uringRX) bufOff(i int) int  { return x.ctlOff(i) + uringCtl }

func newURingRX(sock, bufLen int) (*uringRX, error) {
	u, err := newURing(uringSlots * 2)
	if err != nil {
		return nil, err
	}
	x := &uringRX{u: u, sock: sock, bufLen: bufLen, last: -1}
	x.slot = (sizeofMsg + sizeofIov + 24 + uringCtl + bufLen + 63) &^ 63
	if x.mem, err = anonMap(uringSlots * x.slot); err != nil {
		u.close()
		return nil, err
	}
	for i := range uringSlots {
		iov := (*unix.Iovec)(unsafe.Pointer(&x.mem[x.iovOff(i)]))
		iov.Base = &x.mem[x.bufOff(i)]
		iov.SetLen(bufLen - 4) // 4 bytes kept for a VLAN tag
		x.arm(i)
	}
	if _, err := u.enter(0, 0); err != nil {
		x.release()
		return nil, err
	}
	return x, nil
}

// arm queues a RECVMSG request for slot i.
func (x *uringRX) arm(i int) {
	m := (*unix.Msghdr)(unsafe.Pointer(&x.mem[x.msgOff(i)]))
	*m = unix.Msghdr{
		Name:    &x.mem[x.nameOff(i)],
		Namelen: unix.SizeofSockaddrLinklayer,
		Iov:     (*unix.Iovec)(unsafe.Pointer(&x.mem[x.iovOff(i)])),
		Control: &x.mem[x.ctlOff(i)],
	}
	m.SetIovlen(1)
	m.SetControllen(uringCtl)
	s := x.u.sqe()
	if s == nil {
		return
	}
	s.opcode = uringOpRecvmsg
	s.fd = int32(x.sock)
	s.addr = uint64(uintptr(unsafe.Pointer(m)))
	s.len = 1
	s.opFlags = unix.MSG_TRUNC
	s.userData = uint64(i)
	x.pending++
}

func (x *uringRX) next(ctx context.Context, r *RX) ([]byte, Info, error) {
	if x.last >= 0 {
		x.arm(x.last)
		x.last = -1
	}
	for {
		ud, res, ok := x.u.peek()
		if ok {
			x.u.pop()
			if ud&uringCancelTag != 0 {
				continue
			}
			i := int(ud)
			if i < 0 || i >= uringSlots {
				continue
			}
			x.pending--
			if res < 0 {
				x.arm(i)
				if res == -int32(unix.EINTR) || res == -int32(unix.EAGAIN) || res == -int32(unix.ECANCELED) || res == -int32(unix.ENOBUFS) {
					continue
				}
				return nil, Info{}, unix.Errno(-res)
			}
			x.last = i
			return x.frame(i, int(res), r)
		}
		if r.state.Load()&stClosed != 0 {
			return nil, Info{}, net.ErrClosed
		}
		if err := ctx.Err(); err != nil {
			return nil, Info{}, err
		}
		if _, err := x.u.enter(1, waitSlice); err != nil {
			return nil, Info{}, err
		}
	}
}

// frame reads slot i after its request completed with res bytes.
func (x *uringRX) frame(i, wire int, r *RX) ([]byte, Info, error) {
	var info Info
	m := (*unix.Msghdr)(unsafe.Pointer(&x.mem[x.msgOff(i)]))
	sa := (*unix.RawSockaddrLinklayer)(unsafe.Pointer(&x.mem[x.nameOff(i)]))
	info.InterfaceIndex = int(sa.Ifindex)
	info.Protocol = htons(sa.Protocol)
	info.Type = sendrecv.PacketType(sa.Pkttype)
	info.Length = wire
	ctl := x.mem[x.ctlOff(i) : x.ctlOff(i)+uringCtl]
	if cl := int(m.Controllen); cl >= 0 && cl < len(ctl) {
		ctl = ctl[:cl]
	}
	var aux unix.TpacketAuxdata
	if parseControl(ctl, &info, &aux) {
		info.Length = int(aux.Len)
	}
	buf := x.mem[x.bufOff(i) : x.bufOff(i)+x.bufLen]
	n := min(wire, x.bufLen-4)
	if aux.Status&unix.TP_STATUS_VLAN_VALID != 0 || aux.Vlan_tci != 0 {
		info.VLAN, info.VLANTag = true, aux.Vlan_tci
		info.VLANTPID = vlanTPID(aux.Status, aux.Vlan_tpid)
		if r.linkType == linkTypeEthernet && n >= 12 {
			n = insertVLAN(buf, n, info.VLANTPID, aux.Vlan_tci)
			info.Length += 4
		}
	}
	if info.Timestamp.IsZero() {
		info.Timestamp = time.Now()
	}
	info.CaptureLength = n
	info.Truncated = n < info.Length
	return buf[:n:n], info, nil
}

// release cancels the armed requests, waits (at most a second) until
// the kernel let go of the buffers, and frees everything.
func (x *uringRX) release() {
	if x.u == nil {
		return
	}
	for i := range uringSlots {
		if s := x.u.sqe(); s != nil {
			s.opcode = uringOpAsyncCancel
			s.fd = -1
			s.addr = uint64(i)
			s.userData = uringCancelTag | uint64(i)
		}
	}
	deadline := time.Now().Add(time.Second)
	x.u.enter(0, 0)
	for x.pending > 0 && time.Now().Before(deadline) {
		ud, _, ok := x.u.peek()
		if !ok {
			x.u.enter(1, 10*time.Millisecond)
			continue
		}
		x.u.pop()
		if ud&uringCancelTag == 0 {
			x.pending--
		}
	}
	x.u.close()
	x.u = nil
	if x.pending == 0 {
		unix.Munmap(x.mem) // else leave the memory to a kernel that still holds it
	}
	x.mem = nil
}
