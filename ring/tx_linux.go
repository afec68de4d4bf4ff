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
	"time"

	"golang.org/x/sys/unix"
)

// TPACKET_V2 frame header (struct tpacket2_hdr): the status word the
// kernel and the sender hand the slot over with, the frame length, and
// the frame itself at TPACKET_ALIGN(sizeof(struct tpacket2_hdr)).
const (
	tp2Status  = 0
	tp2Len     = 4
	tp2Snaplen = 8
	tp2Data    = txHeaderLen

	tpAlignment = 16 // TPACKET_ALIGNMENT

	// A struct virtio_net_hdr (PACKET_VNET_HDR) before each frame tells
	// the kernel how many bytes to copy into the socket buffer's linear
	// part (up to vnetLinear); the rest stays in the ring's pages. Without
	// it the kernel copies the link header only, and a receiver on the
	// same host (a veth peer) must pull the IP header out of the ring's
	// page: 15-20% more CPU per small frame there.
	vnetHdrLen = 10
	vnetLinear = 128
	txBlockMin = 1 << 16
	txSndbuf   = 4 << 20
)

// TX is a memory-mapped transmit ring (PACKET_TX_RING, TPACKET_V2) on one
// interface. Frames are built in place:
//
//	slot := tx.Next()          // the next free slot of the ring
//	out, err := p.BuildInto(slot)
//	err = tx.Commit(len(out))  // queued; the kernel is kicked every Batch frames
//	...
//	err = tx.Flush()           // kick the rest
//
// One sendto(2) hands a whole batch to the kernel, which builds the
// socket buffers straight from the ring. When the ring is full, Next
// waits in the poller (epoll) for the kernel to free a slot; when the
// device queue is full (ENOBUFS) it sleeps a little and kicks again: no
// frame is lost and no CPU is spent spinning.
//
// TPACKET_V2 rather than V3: for sending the two are the same (V3's
// variable-size blocks only serve reception, and its TX path takes
// fixed-size frames as V2 does), and V2 works on every kernel since 2.6.31
// where V3 transmission needs 4.11. On Linux 4.13 and later each slot
// starts with a virtio_net_hdr (PACKET_VNET_HDR) that makes the kernel
// copy the first 128 bytes of the frame into the socket buffer: the
// headers then need not be pulled out of the ring's pages downstream.
//
// A TX is not safe for concurrent use (Close included): give each
// goroutine its own, on the same interface if need be.
type TX struct {
	pollSock
	ring      []byte
	offs      []int // offset of each slot
	frameSize int
	frames    int
	minLen    int
	maxLen    int // largest frame (MTU + link header, slot size)
	mtuLen    int // MTU + link header
	slotLen   int
	batch     int
	bypass    bool
	vnet      int // bytes of virtio_net_hdr before each frame (0 or 10)

	cur     int // next slot to fill
	held    bool
	pending int // committed since the last kick
	oldest  int // oldest committed slot not yet seen taken
	queued  int // committed slots not yet seen taken

	stats   TXStats
	err     error
	kickErr unix.Errno
	freeFn  func(uintptr) bool
	sleeper realClock
}

// txVnet enables the virtio_net_hdr prefix where the kernel honours it;
// tests turn it off to cover the plain layout.
var txVnet = true

// kernelAtLeast reports a running kernel of version major.minor or later.
func kernelAtLeast(major, minor int) bool {
	var u unix.Utsname
	if unix.Uname(&u) != nil {
		return false
	}
	var ma, mi int
	rel := unix.ByteSliceToString(u.Release[:])
	if _, err := fmt.Sscanf(rel, "%d.%d", &ma, &mi); err != nil {
		return false
	}
	return ma > major || ma == major && mi >= minor
}

// setTXRing asks the kernel for the ring; tests replace it to play a
// kernel without TX rings.
var setTXRing = func(fd int, req *unix.TpacketReq) error {
	return unix.SetsockoptTpacketReq(fd, unix.SOL_PACKET, unix.PACKET_TX_RING, req)
}

// NewTX opens a TX ring on iface (an interface name: sending needs one).
func NewTX(iface string, cfg TXConfig) (*TX, error) {
	if cfg.FrameSize == 0 {
		cfg.FrameSize = DefaultFrameSize
	}
	if cfg.Frames == 0 {
		cfg.Frames = DefaultFrames
	}
	if cfg.Batch <= 0 {
		cfg.Batch = DefaultBatch
	}
	where := ifaceDesc(iface)
	if cfg.FrameSize < tp2Data+64 || cfg.FrameSize%tpAlignment != 0 || cfg.FrameSize > 1<<20 {
		return nil, &OpError{Op: "open tx ring", Iface: where, Err: fmt.Errorf("frame size %d: want a multiple of 16 from 96 to 1 MiB", cfg.FrameSize)}
	}
	if cfg.Frames < 1 || cfg.Frames > 1<<20 {
		return nil, &OpError{Op: "open tx ring", Iface: where, Err: fmt.Errorf("%d frames: want 1 to %d", cfg.Frames, 1<<20)}
	}
	if iface == "" || iface == "any" {
		return nil, &OpError{Op: "open tx ring", Iface: where, Err: errors.New("sending needs an interface")}
	}
	ifc, err := lookupInterface("open tx ring", iface)
	if err != nil {
		return nil, err
	}
	fd, err := packetSocket(iface, true)
	if err != nil {
		return nil, err
	}
	fail := func(op string, err error) (*TX, error) {
		unix.Close(fd)
		return nil, &OpError{Op: op, Iface: iface, Err: err}
	}
	if err := unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_VERSION, unix.TPACKET_V2); err != nil {
		return fail("set TPACKET_V2", err)
	}
	// A frame the kernel cannot send is skipped rather than stopping the
	// ring (frames are checked before they are queued, so it does not
	// happen).
	if err := unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_LOSS, 1); err != nil {
		return fail("set PACKET_LOSS", err)
	}
	if cfg.QdiscBypass {
		if err := unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_QDISC_BYPASS, 1); err != nil {
			return fail("set PACKET_QDISC_BYPASS", err)
		}
	}
	if unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_SNDBUFFORCE, txSndbuf) != nil {
		unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_SNDBUF, txSndbuf)
	}
	vnet := 0
	if txVnet && kernelAtLeast(4, 13) && unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_VNET_HDR, 1) == nil {
		vnet = vnetHdrLen
	}
	page := os.Getpagesize()
	block := (cfg.FrameSize + page - 1) / page * page
	for block < txBlockMin {
		block *= 2
	}
	fpb := block / cfg.FrameSize
	nblocks := (cfg.Frames + fpb - 1) / fpb
	req := unix.TpacketReq{Block_size: uint32(block), Block_nr: uint32(nblocks), Frame_size: uint32(cfg.FrameSize), Frame_nr: uint32(nblocks * fpb)}
	if err := setTXRing(fd, &req); err != nil {
		return fail("set PACKET_TX_RING", err)
	}
	mem, err := unix.Mmap(fd, 0, block*nblocks, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE)
	if err != nil {
		return fail("map tx ring", err)
	}
	if err := bindPacket(fd, ifc.Index, 0); err != nil {
		unix.Munmap(mem)
		return fail("bind", err)
	}
	t := &TX{ring: mem, frameSize: cfg.FrameSize, frames: nblocks * fpb, batch: min(cfg.Batch, nblocks*fpb), bypass: cfg.QdiscBypass, vnet: vnet}
	t.offs = make([]int, t.frames)
	for i := range t.offs {
		t.offs[i] = i/fpb*block + i%fpb*cfg.FrameSize
	}
	t.minLen = hardHeaderLen(ifc.Type)
	t.slotLen = cfg.FrameSize - tp2Data - vnet
	t.mtuLen = ifc.MTU + t.minLen
	if ifc.MTU <= 0 {
		t.mtuLen = t.slotLen
	}
	t.maxLen = min(t.slotLen, t.mtuLen)
	t.freeFn = t.kickUntilFree
	if err := t.init(fd, iface, "txring"); err != nil {
		unix.Munmap(mem)
		return nil, err
	}
	return t, nil
}

// Method returns "tx-ring" or "tx-ring+qdisc-bypass".
func (t *TX) Method() string {
	if t.bypass {
		return MethodTXRingBypass
	}
	return MethodTXRing
}

// Frames returns the number of slots of the ring.
func (t *TX) Frames() int { return t.frames }

// MaxFrame returns the largest frame the interface and a slot take.
func (t *TX) MaxFrame() int { return t.maxLen }

// Err returns the error that made Next return nil.
func (t *TX) Err() error { return t.err }

func (t *TX) status(i int) *uint32 { return ptr32(t.ring, t.offs[i]+tp2Status) }

// free reports that slot cur may be filled.
func (t *TX) free() bool {
	if t.queued == t.frames {
		return false // every slot is waiting to be accounted
	}
	st := atomic.LoadUint32(t.status(t.cur))
	return st == unix.TP_STATUS_AVAILABLE || st&unix.TP_STATUS_WRONG_FORMAT != 0
}

// slot returns the frame area of slot i, as long as a frame may be (a
// VLAN tag may add 4 bytes to the MTU).
func (t *TX) slot(i int) []byte {
	off := t.offs[i] + tp2Data + t.vnet
	n := min(t.slotLen, t.mtuLen+4)
	return t.ring[off : off+n : off+n]
}

// Next returns the next free slot, waiting while the ring is full; nil
// when the ring failed or was closed (Err says why).
func (t *TX) Next() []byte {
	b, err := t.NextContext(context.Background())
	if err != nil {
		return nil
	}
	return b
}

// NextContext is Next; it returns ctx's error when ctx ends first.
func (t *TX) NextContext(ctx context.Context) ([]byte, error) {
	if t.err != nil {
		return nil, t.err
	}
	if t.closed.Load() {
		return nil, t.sockErr("next", net.ErrClosed)
	}
	if t.held {
		return t.slot(t.cur), nil
	}
	if !t.free() {
		t.account()
		if !t.free() {
			if err := t.waitFree(ctx); err != nil {
				if ctx.Err() == nil {
					t.err = err
				}
				return nil, err
			}
		}
	}
	t.held = true
	return t.slot(t.cur), nil
}

// Commit queues the first n bytes of the slot Next returned.
func (t *TX) Commit(n int) error {
	if !t.held || t.closed.Load() {
		return &OpError{Op: "commit", Iface: t.iface, Err: ErrNoSlot}
	}
	t.held = false
	if err := t.checkLen(n, t.slot(t.cur)); err != nil {
		return err
	}
	off := t.offs[t.cur]
	if t.vnet != 0 {
		h := t.ring[off+tp2Data : off+tp2Data+vnetHdrLen]
		clear(h) // no checksum offload, no segmentation
		binary.LittleEndian.PutUint16(h[2:], uint16(min(n, vnetLinear)))
	}
	*ptr32(t.ring, off+tp2Len) = uint32(n + t.vnet)
	*ptr32(t.ring, off+tp2Snaplen) = uint32(n + t.vnet)
	atomic.StoreUint32(ptr32(t.ring, off+tp2Status), unix.TP_STATUS_SEND_REQUEST)
	t.cur++
	if t.cur == t.frames {
		t.cur = 0
	}
	t.pending++
	t.queued++
	if t.pending >= t.batch {
		t.kick(uintptr(t.fd))
		t.account()
		if err := t.fatal(); err != nil {
			return err
		}
	}
	return nil
}

// checkLen refuses a frame the interface would not take.
func (t *TX) checkLen(n int, frame []byte) error {
	limit := t.mtuLen
	if n >= 16 && t.minLen == 14 && binary.BigEndian.Uint16(frame[12:]) == 0x8100 {
		limit += 4 // the kernel takes a VLAN tag beyond the MTU
	}
	if n < t.minLen || n > min(limit, t.slotLen) {
		t.stats.WrongFormat++
		return &OpError{Op: "commit", Iface: t.iface, Err: fmt.Errorf("%w: %d bytes (the interface takes %d to %d)", ErrFrameSize, n, t.minLen, min(limit, t.slotLen))}
	}
	return nil
}

// kick hands the queued frames to the kernel: one sendto that returns
// without waiting for their transmission.
func (t *TX) kick(fd uintptr) {
	for {
		_, _, e := unix.Syscall6(unix.SYS_SENDTO, fd, 0, 0, unix.MSG_DONTWAIT, 0, 0)
		if e == unix.EINTR {
			continue
		}
		t.kickErr = e
		t.stats.Kicks++
		t.pending = 0
		return
	}
}

// fatal returns the error of the last kick unless it only says "full,
// try again".
func (t *TX) fatal() error {
	switch t.kickErr {
	case 0, unix.EAGAIN, unix.ENOBUFS:
		return nil
	}
	return t.sockErr("send", t.kickErr)
}

// account counts the committed frames the kernel took, oldest first.
func (t *TX) account() {
	for t.queued > 0 {
		off := t.offs[t.oldest]
		st := atomic.LoadUint32(ptr32(t.ring, off+tp2Status))
		if st&unix.TP_STATUS_SEND_REQUEST != 0 {
			return
		}
		if st&unix.TP_STATUS_WRONG_FORMAT != 0 {
			t.stats.WrongFormat++
			atomic.StoreUint32(ptr32(t.ring, off+tp2Status), unix.TP_STATUS_AVAILABLE)
		} else {
			t.stats.Packets++
			t.stats.Bytes += uint64(int(*ptr32(t.ring, off+tp2Len)) - t.vnet)
		}
		t.oldest++
		if t.oldest == t.frames {
			t.oldest = 0
		}
		t.queued--
	}
}

// kickUntilFree is the poller's test while Next waits: kick, and say
// whether slot cur is free (or the kick needs the caller's attention).
func (t *TX) kickUntilFree(fd uintptr) bool {
	if t.queued > 0 && t.oldestPending() {
		t.kick(fd)
		if t.kickErr != 0 && t.kickErr != unix.EAGAIN {
			return true
		}
	}
	t.account()
	return t.free()
}

// oldestPending reports that the oldest queued frame waits for a kick.
func (t *TX) oldestPending() bool {
	return atomic.LoadUint32(t.status(t.oldest))&unix.TP_STATUS_SEND_REQUEST != 0
}

// waitFree waits until slot cur is free: in the poller while the kernel
// transmits, sleeping while the device queue is full.
func (t *TX) waitFree(ctx context.Context) error {
	backoff := 20 * time.Microsecond
	for {
		if err := t.wait(ctx, true, t.freeFn); err != nil {
			return t.sockErr("send", err)
		}
		if err := t.fatal(); err != nil {
			return err
		}
		if t.free() {
			return nil
		}
		if t.kickErr == unix.ENOBUFS || t.kickErr == unix.EAGAIN {
			t.stats.Retries++
			if err := t.sleeper.Sleep(ctx, backoff); err != nil {
				return err
			}
			backoff = min(2*backoff, time.Millisecond)
			t.kickErr = 0
		}
	}
}

// Flush hands every committed frame to the kernel and waits until it
// took them (not until they left the device).
func (t *TX) Flush() error { return t.FlushContext(context.Background()) }

// FlushContext is Flush; it returns ctx's error when ctx ends first.
func (t *TX) FlushContext(ctx context.Context) error {
	if t.closed.Load() {
		return t.sockErr("flush", net.ErrClosed)
	}
	backoff := 20 * time.Microsecond
	for {
		t.account()
		if t.queued == 0 || !t.oldestPending() {
			return nil
		}
		t.kick(uintptr(t.fd))
		if err := t.fatal(); err != nil {
			return err
		}
		t.account()
		if t.queued == 0 || !t.oldestPending() {
			return nil
		}
		switch t.kickErr {
		case unix.ENOBUFS, unix.EAGAIN:
			t.stats.Retries++
			if err := t.sleeper.Sleep(ctx, backoff); err != nil {
				return err
			}
			backoff = min(2*backoff, time.Millisecond)
		default:
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
}

// Send copies frame into the next slot and commits it.
func (t *TX) Send(frame []byte) error { return t.SendContext(context.Background(), frame) }

// SendContext is Send; it returns ctx's error when ctx ends first.
func (t *TX) SendContext(ctx context.Context, frame []byte) error {
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

// Stats returns the counters since the ring was opened.
func (t *TX) Stats() TXStats {
	if !t.closed.Load() {
		t.account()
	}
	return t.stats
}

// Close sends what was committed (waiting at most a second for the
// kernel), then unmaps the ring and closes the socket.
func (t *TX) Close() error {
	if t.closed.Load() {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	err := t.FlushContext(ctx)
	cancel()
	if errors.Is(err, context.DeadlineExceeded) {
		err = &OpError{Op: "close", Iface: t.iface, Err: fmt.Errorf("%d frames not sent: %w", t.queued, err)}
	}
	t.account()
	// Frames in flight keep their pages: unmapping is safe.
	uerr := unix.Munmap(t.ring)
	t.ring = nil
	cerr := t.close()
	if err == nil && uerr != nil {
		err = &OpError{Op: "unmap tx ring", Iface: t.iface, Err: uerr}
	}
	if err == nil && cerr != nil {
		err = &OpError{Op: "close", Iface: t.iface, Err: cerr}
	}
	return err
}

var _ Sender = (*TX)(nil)
