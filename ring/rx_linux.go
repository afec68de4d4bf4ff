//go:build linux

package ring

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/goscapy/goscapy/sendrecv"
	"golang.org/x/sys/unix"
)

// TPACKET_V3 block descriptor (struct tpacket_block_desc with its
// tpacket_hdr_v1) and frame header (struct tpacket3_hdr), followed by the
// struct sockaddr_ll of the frame.
const (
	bdStatus  = 8
	bdNumPkts = 12
	bdFirst   = 16

	tp3Next     = 0
	tp3Sec      = 4
	tp3Nsec     = 8
	tp3Snaplen  = 12
	tp3Len      = 16
	tp3Status   = 20
	tp3Mac      = 24
	tp3Rxhash   = 28
	tp3VlanTCI  = 32
	tp3VlanTPID = 36
	tp3Sll      = 48 // TPACKET_ALIGN(sizeof(struct tpacket3_hdr))
	tp3HdrLen   = tp3Sll + 20

	sllProtocol = 2
	sllIfindex  = 4
	sllPkttype  = 10

	tpFTReqFillRxhash = 1 // TP_FT_REQ_FILL_RXHASH
)

// Reader states: a Next in progress, Close called, resources released.
const (
	stBusy = 1 << iota
	stClosed
	stReleased
)

// RX is a receiver on one interface (or all): a memory-mapped RX ring
// (PACKET_RX_RING, TPACKET_V3) by default, the recvmmsg(2) or io_uring
// fallback otherwise. Frames come zero-copy:
//
//	for {
//		frame, info, err := rx.Next(ctx) // valid until the next Next, RecvInto or Close
//		...
//	}
//
// The kernel fills blocks of frames and hands a block over when it is
// full or BlockTimeout passed; Next walks the frames of a block in place
// and gives the block back when it moves on. Next waits in the poller
// (epoll) while no block is ready. A tag the kernel took out of a frame
// (802.1Q, 802.1ad) is put back in place, as libpcap does, and reported
// in Info.
//
// One goroutine reads an RX; Close may come from another one, and ends a
// Next that waits (a frame being processed by the reader when Close
// comes must not be used afterwards: stop a reader through its context
// to avoid that). Stats may be called from any goroutine.
type RX struct {
	pollSock
	method   string
	linkType uint32
	ifindex  int
	snaplen  int
	state    atomic.Uint32

	// TPACKET_V3 ring
	ring      []byte
	blockSize int
	blocks    int
	cur       int
	inBlock   bool
	left      int
	off       int
	readyFn   func(uintptr) bool

	mm *mmsgRX
	ur *uringRX

	fanout    uint16
	delivered atomic.Uint64
	smu       sync.Mutex
	kstats    RXStats // kernel counters summed so far
}

// NewRX opens a receiver on iface ("" or "any" for all interfaces) as
// cfg says: the filter is attached before the socket is bound, then it
// joins the fanout group, if any.
func NewRX(iface string, cfg RXConfig) (*RX, error) {
	if iface == "any" {
		iface = ""
	}
	where := ifaceDesc(iface)
	if !validMethod(cfg.Method, false) {
		return nil, &OpError{Op: "open", Iface: where, Err: fmt.Errorf("%w %q for receiving (want %s, %s or %s)", ErrMethod, cfg.Method, MethodRXRing, MethodRecvmmsg, MethodIOURing)}
	}
	if cfg.BlockSize == 0 {
		cfg.BlockSize = DefaultBlockSize
	}
	if cfg.Blocks == 0 {
		cfg.Blocks = DefaultBlocks
	}
	if cfg.BlockTimeout == 0 {
		cfg.BlockTimeout = DefaultBlockTimeout
	}
	if cfg.SnapLen <= 0 {
		cfg.SnapLen = DefaultSnapLen
	}
	page := os.Getpagesize()
	if cfg.BlockSize < page || cfg.BlockSize%page != 0 || cfg.BlockSize > 1<<30 {
		return nil, &OpError{Op: "open", Iface: where, Err: fmt.Errorf("block size %d: want a multiple of the page size (%d)", cfg.BlockSize, page)}
	}
	if cfg.Blocks < 1 || cfg.Blocks > 1<<16 || cfg.BlockTimeout < 0 {
		return nil, &OpError{Op: "open", Iface: where, Err: fmt.Errorf("%d blocks, timeout %v: want 1 to 65536 blocks and a timeout of 0 or more", cfg.Blocks, cfg.BlockTimeout)}
	}
	r := &RX{linkType: linkTypeEthernet, snaplen: cfg.SnapLen}
	mtu := 65536
	if iface != "" {
		ifc, err := lookupInterface("open", iface)
		if err != nil {
			return nil, err
		}
		r.ifindex = ifc.Index
		r.linkType = linkTypeOf(ifc.Type)
		if ifc.MTU > 0 {
			mtu = ifc.MTU
		}
	} else if cfg.Promisc {
		return nil, &OpError{Op: "open", Iface: where, Err: errors.New("promiscuous mode needs an interface")}
	}
	prog, err := filterProgram(cfg.Filter, cfg.Instructions, r.linkType, cfg.SnapLen)
	if err != nil {
		return nil, &OpError{Op: "filter", Iface: where, Err: err}
	}
	method := cfg.Method
	if method == MethodIOURing {
		if err := ProbeIOURing(); err != nil {
			method = MethodRecvmmsg
		}
	}
	nonblock := method != MethodIOURing
	fd, err := packetSocket(iface, nonblock)
	if err != nil {
		return nil, err
	}
	fail := func(op string, err error) (*RX, error) {
		if r.ring != nil {
			unix.Munmap(r.ring)
		}
		if r.ur != nil {
			r.ur.release()
		}
		unix.Close(fd)
		return nil, &OpError{Op: op, Iface: where, Err: err}
	}
	if cfg.IgnoreOutgoing {
		if err := unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_IGNORE_OUTGOING, 1); err != nil {
			return fail("set PACKET_IGNORE_OUTGOING", err)
		}
	}
	if method == "" || method == MethodRXRing {
		if err := setupRXRing(r, fd, cfg); err != nil {
			if method == MethodRXRing {
				return fail("set up rx ring", err)
			}
			method = MethodRecvmmsg // a fresh socket: the failed ring leaves nothing behind
			unix.Close(fd)
			if fd, err = packetSocket(iface, true); err != nil {
				return nil, err
			}
		} else {
			method = MethodRXRing
		}
	}
	if method != MethodRXRing {
		if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, 1); err != nil {
			return fail("set SO_TIMESTAMPNS", err)
		}
		if err := unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_AUXDATA, 1); err != nil {
			return fail("set PACKET_AUXDATA", err)
		}
		rcvbuf := cfg.BlockSize * cfg.Blocks
		if unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, rcvbuf) != nil {
			unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, rcvbuf)
		}
	}
	if prog != nil {
		if err := attachFilter(fd, prog); err != nil {
			return fail("attach filter", err)
		}
	}
	if err := bindPacket(fd, r.ifindex, ethPAll); err != nil {
		return fail("bind", err)
	}
	if cfg.Promisc {
		mreq := unix.PacketMreq{Ifindex: int32(r.ifindex), Type: unix.PACKET_MR_PROMISC}
		if err := unix.SetsockoptPacketMreq(fd, unix.SOL_PACKET, unix.PACKET_ADD_MEMBERSHIP, &mreq); err != nil {
			return fail("set promiscuous mode", err)
		}
	}
	if f := cfg.Fanout; f != nil {
		id, err := joinFanout(fd, f)
		if err != nil {
			return fail("join fanout group", err)
		}
		r.fanout = id
	}
	bufLen := min(cfg.SnapLen, max(mtu, 65535)) + 4
	switch method {
	case MethodRecvmmsg:
		r.mm = newMmsgRX(bufLen)
	case MethodIOURing:
		ur, err := newURingRX(fd, bufLen)
		if err != nil {
			return fail("set up io_uring", err)
		}
		r.ur = ur
	}
	r.method = method
	r.readyFn = r.blockReady
	kind := "rxring"
	if !nonblock {
		// io_uring waits on the socket; the poller never does.
		r.fd, r.iface = fd, where
		r.f = os.NewFile(uintptr(fd), "uring:"+where)
		return r, nil
	}
	if err := r.init(fd, where, kind); err != nil {
		if r.ring != nil {
			unix.Munmap(r.ring)
		}
		return nil, err
	}
	return r, nil
}

// setupRXRing is setupRing; tests replace it to play a kernel without
// rings.
var setupRXRing = (*RX).setupRing

// setupRing asks for a TPACKET_V3 ring and maps it.
func (r *RX) setupRing(fd int, cfg RXConfig) error {
	if err := unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_VERSION, unix.TPACKET_V3); err != nil {
		return err
	}
	tov := uint32(cfg.BlockTimeout / time.Millisecond)
	if tov == 0 && cfg.BlockTimeout > 0 {
		tov = 1
	}
	const frameSize = 2048 // only checks the request: V3 frames have any size
	req := unix.TpacketReq3{
		Block_size: uint32(cfg.BlockSize), Block_nr: uint32(cfg.Blocks),
		Frame_size: frameSize, Frame_nr: uint32(cfg.BlockSize / frameSize * cfg.Blocks),
		Retire_blk_tov: tov, Feature_req_word: tpFTReqFillRxhash,
	}
	if cfg.BlockSize < frameSize {
		req.Frame_size = uint32(cfg.BlockSize)
		req.Frame_nr = uint32(cfg.Blocks)
	}
	if err := unix.SetsockoptTpacketReq3(fd, unix.SOL_PACKET, unix.PACKET_RX_RING, &req); err != nil {
		return err
	}
	mem, err := unix.Mmap(fd, 0, cfg.BlockSize*cfg.Blocks, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE)
	if err != nil {
		// Leave the version as it was for the fallback socket.
		return err
	}
	r.ring, r.blockSize, r.blocks = mem, cfg.BlockSize, cfg.Blocks
	return nil
}

// fanoutIDs hands out group IDs when the kernel cannot choose one.
var fanoutIDs atomic.Uint32

// joinFanout joins fd to the fanout group of f and returns its ID.
func joinFanout(fd int, f *FanoutConfig) (uint16, error) {
	flags := 0
	if f.Defrag {
		flags |= unix.PACKET_FANOUT_FLAG_DEFRAG
	}
	if f.Rollover {
		flags |= unix.PACKET_FANOUT_FLAG_ROLLOVER
	}
	if f.Mode > FanoutQM {
		return 0, fmt.Errorf("fanout mode %d", f.Mode)
	}
	arg := func(id uint16, extra int) int { return int(id) | (int(f.Mode)|flags|extra)<<16 }
	if f.Group != 0 || f.join {
		if err := unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_FANOUT, arg(f.Group, 0)); err != nil {
			return 0, err
		}
		return f.Group, nil
	}
	// Let the kernel pick a free ID (Linux 4.20), then read it back.
	if err := unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_FANOUT, arg(0, unix.PACKET_FANOUT_FLAG_UNIQUEID)); err == nil {
		v, err := unix.GetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_FANOUT)
		if err != nil {
			return 0, err
		}
		return uint16(v), nil
	}
	var last error
	for range 16 {
		id := uint16(os.Getpid()) ^ uint16(fanoutIDs.Add(0x9e37))
		if id == 0 {
			continue
		}
		err := unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_FANOUT, arg(id, 0))
		if err == nil {
			return id, nil
		}
		last = err
	}
	return 0, last
}

// NewFanout opens n receivers on iface in one fanout group (a new one
// when cfg.Fanout is nil or its Group is 0), for n goroutines to read.
func NewFanout(iface string, cfg RXConfig, n int) ([]*RX, error) {
	if n < 1 {
		return nil, &OpError{Op: "open fanout", Iface: ifaceDesc(iface), Err: fmt.Errorf("%d sockets: want at least 1", n)}
	}
	f := FanoutConfig{Mode: FanoutHash}
	if cfg.Fanout != nil {
		f = *cfg.Fanout
	}
	var out []*RX
	for i := range n {
		c := cfg
		c.Fanout = &f
		r, err := NewRX(iface, c)
		if err != nil {
			for _, o := range out {
				o.Close()
			}
			return nil, err
		}
		if i == 0 {
			f.Group, f.join = r.fanout, true // the kernel may have chosen 0
		}
		out = append(out, r)
	}
	return out, nil
}

// FanoutGroup returns the ID of the fanout group the receiver joined (0:
// none).
func (r *RX) FanoutGroup() uint16 { return r.fanout }

// Method returns "rx-ring", "recvmmsg" or "io_uring".
func (r *RX) Method() string { return r.method }

// LinkType returns the capture link type of the frames (LINKTYPE_*, 1
// for Ethernet).
func (r *RX) LinkType() uint32 { return r.linkType }

// Index returns the interface index (0 for all interfaces).
func (r *RX) Index() int { return r.ifindex }

func (r *RX) enter() bool {
	for {
		s := r.state.Load()
		if s&stClosed != 0 {
			return false
		}
		if r.state.CompareAndSwap(s, s|stBusy) {
			return true
		}
	}
}

// leave ends a Next; it reports false when Close came meanwhile (the
// reader then released everything: a frame it holds is gone).
func (r *RX) leave() bool {
	for {
		s := r.state.Load()
		ns := s &^ stBusy
		if r.state.CompareAndSwap(s, ns) {
			if ns&stClosed != 0 {
				r.release()
				return false
			}
			return true
		}
	}
}

// Next returns the next frame, waiting for one until ctx ends. The frame
// is valid until the next call to Next, RecvInto or Close; it is not
// copied (with the RX ring it lies in the ring).
func (r *RX) Next(ctx context.Context) ([]byte, Info, error) {
	if !r.enter() {
		return nil, Info{}, r.sockErr("read", net.ErrClosed)
	}
	var (
		b    []byte
		info Info
		err  error
	)
	switch {
	case r.ring != nil:
		b, info, err = r.nextRing(ctx)
	case r.mm != nil:
		b, info, err = r.mm.next(ctx, r)
	default:
		b, info, err = r.ur.next(ctx, r)
	}
	if !r.leave() {
		return nil, Info{}, r.sockErr("read", net.ErrClosed)
	}
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, Info{}, err
		}
		return nil, Info{}, r.sockErr("read", err)
	}
	r.delivered.Add(1)
	return b, info, nil
}

// RecvInto copies the next frame into buf and returns its length (at most
// len(buf); info.Truncated tells a longer frame).
func (r *RX) RecvInto(ctx context.Context, buf []byte) (int, Info, error) {
	b, info, err := r.Next(ctx)
	if err != nil {
		return 0, info, err
	}
	n := copy(buf, b)
	if n < len(b) {
		info.Truncated = true
		info.CaptureLength = n
	}
	return n, info, nil
}

func (r *RX) blockStatus(i int) *uint32 { return ptr32(r.ring, i*r.blockSize+bdStatus) }

// blockReady is the poller's test: the current block is the reader's.
func (r *RX) blockReady(uintptr) bool {
	return atomic.LoadUint32(r.blockStatus(r.cur))&unix.TP_STATUS_USER != 0
}

func (r *RX) nextRing(ctx context.Context) ([]byte, Info, error) {
	ne := binary.NativeEndian
	for {
		if r.left > 0 {
			blk := r.ring[r.cur*r.blockSize : (r.cur+1)*r.blockSize]
			off := r.off
			if off < 0 || off > len(blk)-tp3HdrLen {
				r.left = 0 // a header out of the block: skip the rest
				continue
			}
			h := blk[off:]
			next := int(ne.Uint32(h[tp3Next:]))
			snap := int(ne.Uint32(h[tp3Snaplen:]))
			mac := int(ne.Uint16(h[tp3Mac:]))
			r.left--
			if next <= 0 {
				r.left = 0
			} else {
				r.off += next
			}
			if mac < tp3HdrLen || snap < 0 || mac+snap > len(h) {
				continue
			}
			st := ne.Uint32(h[tp3Status:])
			info := Info{
				Timestamp:      time.Unix(int64(ne.Uint32(h[tp3Sec:])), int64(ne.Uint32(h[tp3Nsec:]))),
				Length:         int(ne.Uint32(h[tp3Len:])),
				InterfaceIndex: int(int32(ne.Uint32(h[tp3Sll+sllIfindex:]))),
				Protocol:       htons(ne.Uint16(h[tp3Sll+sllProtocol:])),
				Type:           sendrecv.PacketType(h[tp3Sll+sllPkttype]),
				RXHash:         ne.Uint32(h[tp3Rxhash:]),
			}
			start, end := mac, mac+snap
			tci := uint16(ne.Uint32(h[tp3VlanTCI:]))
			if st&unix.TP_STATUS_VLAN_VALID != 0 || tci != 0 {
				info.VLAN, info.VLANTag = true, tci
				info.VLANTPID = vlanTPID(st, ne.Uint16(h[tp3VlanTPID:]))
				// Put the tag back in place: the 12 address bytes move
				// into the gap before the frame.
				if r.linkType == linkTypeEthernet && snap >= 12 && mac-4 >= tp3HdrLen {
					start = mac - 4
					copy(h[start:start+12], h[mac:mac+12])
					binary.BigEndian.PutUint16(h[start+12:], info.VLANTPID)
					binary.BigEndian.PutUint16(h[start+14:], tci)
					info.Length += 4
				}
			}
			info.CaptureLength = end - start
			info.Truncated = info.CaptureLength < info.Length
			return h[start:end:end], info, nil
		}
		if r.inBlock {
			atomic.StoreUint32(r.blockStatus(r.cur), unix.TP_STATUS_KERNEL)
			r.inBlock = false
			r.cur++
			if r.cur == r.blocks {
				r.cur = 0
			}
		}
		if !r.blockReady(0) {
			if err := r.wait(ctx, false, r.readyFn); err != nil {
				return nil, Info{}, err
			}
		}
		b := r.ring[r.cur*r.blockSize:]
		r.inBlock = true
		r.left = int(ne.Uint32(b[bdNumPkts:]))
		r.off = int(ne.Uint32(b[bdFirst:]))
	}
}

// Stats returns the counters since the receiver was opened: the kernel's
// (PACKET_STATISTICS, which it resets on each read, summed here) and the
// frames delivered.
func (r *RX) Stats() (RXStats, error) {
	r.smu.Lock()
	defer r.smu.Unlock()
	if r.state.Load()&stReleased == 0 {
		var err error
		var v3 *unix.TpacketStatsV3
		var v1 *unix.TpacketStats
		cerr := r.statsControl(func(fd int) {
			if r.ring != nil {
				v3, err = unix.GetsockoptTpacketStatsV3(fd, unix.SOL_PACKET, unix.PACKET_STATISTICS)
			} else {
				v1, err = unix.GetsockoptTpacketStats(fd, unix.SOL_PACKET, unix.PACKET_STATISTICS)
			}
		})
		if cerr == nil && err == nil {
			if v3 != nil {
				r.kstats.Packets += uint64(v3.Packets)
				r.kstats.Drops += uint64(v3.Drops)
				r.kstats.FreezeCount += uint64(v3.Freeze_q_cnt)
			} else if v1 != nil {
				r.kstats.Packets += uint64(v1.Packets)
				r.kstats.Drops += uint64(v1.Drops)
			}
		} else if cerr != nil || err != nil {
			st := r.kstats
			st.Delivered = r.delivered.Load()
			return st, r.sockErr("stats", errors.Join(cerr, err))
		}
	}
	st := r.kstats
	st.Delivered = r.delivered.Load()
	return st, nil
}

func (r *RX) statsControl(fn func(fd int)) error {
	if r.rc == nil {
		fn(r.fd)
		return nil
	}
	return r.control(fn)
}

// Close releases the ring and closes the socket. Called while a Next
// waits (from another goroutine), it wakes it and the reader releases
// them as it returns.
func (r *RX) Close() error {
	for {
		s := r.state.Load()
		if s&stClosed != 0 {
			return nil
		}
		if r.state.CompareAndSwap(s, s|stClosed) {
			r.Stats() // keep the final counters
			if s&stBusy != 0 {
				r.closed.Store(true) // the waiting reader sees it and releases
				if r.rc != nil {
					r.interrupt()
				}
				return nil
			}
			return r.release()
		}
	}
}

// release frees everything once.
func (r *RX) release() error {
	for {
		s := r.state.Load()
		if s&stReleased != 0 {
			return nil
		}
		if r.state.CompareAndSwap(s, s|stReleased) {
			break
		}
	}
	r.smu.Lock() // no Stats on the descriptor while it closes
	defer r.smu.Unlock()
	var err error
	if r.ur != nil {
		r.ur.release()
	}
	if r.ring != nil {
		err = unix.Munmap(r.ring)
		r.ring = nil
	}
	r.closed.Store(true)
	if cerr := r.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &OpError{Op: "close", Iface: r.iface, Err: err}
	}
	return nil
}

// The recvmmsg fallback.

const (
	rxBatch  = 32
	oobWords = 16
)

type mmsgRX struct {
	bufLen int
	bufs   []byte
	hdrs   [rxBatch]mmsghdr
	iovs   [rxBatch]unix.Iovec
	names  [rxBatch]unix.RawSockaddrLinklayer
	oobs   [rxBatch][oobWords]uint64
	n, i   int
	err    unix.Errno
	fn     func(uintptr) bool
}

func newMmsgRX(bufLen int) *mmsgRX {
	m := &mmsgRX{bufLen: bufLen, bufs: make([]byte, bufLen*rxBatch)}
	m.fn = m.recv
	return m
}

// recv is one recvmmsg call (the poller's test).
func (m *mmsgRX) recv(fd uintptr) bool {
	for j := range rxBatch {
		m.iovs[j].Base = &m.bufs[j*m.bufLen]
		m.iovs[j].SetLen(m.bufLen - 4) // 4 bytes kept for a VLAN tag
		m.hdrs[j] = mmsghdr{hdr: unix.Msghdr{
			Name:    (*byte)(unsafePointer(&m.names[j])),
			Namelen: unix.SizeofSockaddrLinklayer,
			Iov:     &m.iovs[j],
			Control: (*byte)(unsafePointer(&m.oobs[j][0])),
		}}
		m.hdrs[j].hdr.SetIovlen(1)
		m.hdrs[j].hdr.SetControllen(oobWords * 8)
	}
	for {
		r, _, e := unix.Syscall6(unix.SYS_RECVMMSG, fd, uintptr(unsafePointer(&m.hdrs[0])), rxBatch, unix.MSG_TRUNC|unix.MSG_DONTWAIT, 0, 0)
		switch e {
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return false
		}
		m.n, m.i, m.err = int(r), 0, e
		if e != 0 {
			m.n = 0
		}
		return true
	}
}

func (m *mmsgRX) next(ctx context.Context, r *RX) ([]byte, Info, error) {
	for m.i >= m.n {
		if err := r.wait(ctx, false, m.fn); err != nil {
			return nil, Info{}, err
		}
		if m.err != 0 {
			e := m.err
			m.err = 0
			return nil, Info{}, e
		}
	}
	j := m.i
	m.i++
	buf := m.bufs[j*m.bufLen : (j+1)*m.bufLen]
	wire := int(m.hdrs[j].n)
	var info Info
	sa := &m.names[j]
	info.InterfaceIndex = int(sa.Ifindex)
	info.Protocol = htons(sa.Protocol)
	info.Type = sendrecv.PacketType(sa.Pkttype)
	info.Length = wire
	ctl := unsafeBytes(&m.oobs[j][0], oobWords*8)
	if cl := int(m.hdrs[j].hdr.Controllen); cl >= 0 && cl < len(ctl) {
		ctl = ctl[:cl]
	}
	var aux unix.TpacketAuxdata
	if parseControl(ctl, &info, &aux) {
		info.Length = int(aux.Len)
	}
	n := min(wire, m.bufLen-4)
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
