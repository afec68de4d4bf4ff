package ring

import (
	"context"
	"errors"
	"time"

	"github.com/goscapy/goscapy/sendrecv"
	"golang.org/x/net/bpf"
)

// Errors; test with errors.Is. Socket errors also wrap the sentinels of
// package sendrecv (sendrecv.ErrPermission, sendrecv.ErrNoInterface), so
// code that handles those handles ring errors too.
var (
	// ErrUnsupported: packet rings and io_uring are implemented for Linux
	// only.
	ErrUnsupported = errors.New("memory-mapped packet rings and io_uring are not supported on this system (linux only)")
	// ErrNoIOURing: the kernel does not offer io_uring to this process
	// (too old, disabled with the sysctl kernel.io_uring_disabled, or
	// refused by a seccomp filter). The error wrapping it says why.
	ErrNoIOURing = errors.New("io_uring is not available")
	// ErrFrameSize: a frame is shorter than the link-layer header or
	// longer than the interface or the slot takes. It was not sent.
	ErrFrameSize = errors.New("frame size out of range")
	// ErrNoSlot: Commit was called without a slot from Next.
	ErrNoSlot = errors.New("commit without a slot from Next")
	// ErrMethod: the configuration names a method that does not exist.
	ErrMethod = errors.New("unknown method")
)

// The I/O methods, as Method reports them.
const (
	MethodTXRing   = "tx-ring"  // PACKET_TX_RING, TPACKET_V2
	MethodSendmmsg = "sendmmsg" // batches of sendmmsg(2)
	MethodIOURing  = "io_uring" // IORING_OP_SEND / IORING_OP_RECVMSG
	MethodRXRing   = "rx-ring"  // PACKET_RX_RING, TPACKET_V3
	MethodRecvmmsg = "recvmmsg" // batches of recvmmsg(2)
	bypassSuffix   = "+qdisc-bypass"
	// MethodTXRingBypass is the TX ring with PACKET_QDISC_BYPASS.
	MethodTXRingBypass = MethodTXRing + bypassSuffix
)

// Defaults of the configurations.
const (
	DefaultFrameSize    = 2048
	DefaultFrames       = 4096
	DefaultBatch        = 1024
	DefaultBlockSize    = 1 << 20
	DefaultBlocks       = 16
	DefaultBlockTimeout = 10 * time.Millisecond
	DefaultSnapLen      = 262144
)

// TXConfig configures a TX ring (NewTX) or any sender (OpenSender). The
// zero value is the defaults.
type TXConfig struct {
	// FrameSize is the size of one slot of the ring, 32 bytes of kernel
	// header included, a multiple of 16 (default 2048: room for a 1500-byte
	// MTU frame).
	FrameSize int
	// Frames is the number of slots (default 4096).
	Frames int
	// QdiscBypass sends frames straight to the driver, past the traffic
	// control layer (PACKET_QDISC_BYPASS, Linux 3.14). Faster; a device
	// queue that is full makes the sender wait and send again, so no frame
	// is lost, but tc shaping and mirroring no longer see the frames.
	QdiscBypass bool
	// Batch is the number of frames committed before the kernel is kicked
	// (one system call); Flush kicks at once (default 1024, at most Frames).
	Batch int
	// Method chooses the path of OpenSender: "" for the fastest available
	// (the TX ring, else sendmmsg), or MethodTXRing, MethodSendmmsg,
	// MethodIOURing. A method the system cannot do falls back to sendmmsg;
	// Method() of the sender says which one runs.
	Method string
}

// FanoutMode is how PACKET_FANOUT spreads frames over the sockets of a
// group.
type FanoutMode uint16

// Fanout modes (linux/if_packet.h).
const (
	FanoutHash     FanoutMode = 0 // by flow hash: a flow stays on one socket
	FanoutLB       FanoutMode = 1 // round robin
	FanoutCPU      FanoutMode = 2 // by the CPU that received the frame
	FanoutRollover FanoutMode = 3 // fill one socket, then the next
	FanoutRandom   FanoutMode = 4
	FanoutQM       FanoutMode = 5 // by the device's receive queue
)

func (m FanoutMode) String() string {
	switch m {
	case FanoutHash:
		return "hash"
	case FanoutLB:
		return "lb"
	case FanoutCPU:
		return "cpu"
	case FanoutRollover:
		return "rollover"
	case FanoutRandom:
		return "random"
	case FanoutQM:
		return "qm"
	}
	return "mode?"
}

// ParseFanoutMode reads "hash", "lb", "cpu", "rollover", "random" or "qm".
func ParseFanoutMode(s string) (FanoutMode, error) {
	for m := FanoutHash; m <= FanoutQM; m++ {
		if m.String() == s {
			return m, nil
		}
	}
	return 0, errors.New("ring: unknown fanout mode " + quote(s) + " (want hash, lb, cpu, rollover, random or qm)")
}

func quote(s string) string { return "\"" + s + "\"" }

// FanoutConfig joins an RX socket to a fanout group (PACKET_FANOUT): the
// kernel spreads the frames of the interface over the sockets of the
// group, each read by its own goroutine.
type FanoutConfig struct {
	// Group is the group ID; sockets with the same ID, mode and interface
	// share the frames. 0 lets the kernel choose a free ID, which may be
	// 0 (NewFanout joins its other sockets to it; read it with
	// FanoutGroup).
	Group uint16
	Mode  FanoutMode
	// Defrag reassembles IP fragments before hashing, so the fragments
	// of a datagram reach the same socket (PACKET_FANOUT_FLAG_DEFRAG).
	Defrag bool
	// Rollover moves frames to another socket when one is full
	// (PACKET_FANOUT_FLAG_ROLLOVER).
	Rollover bool

	join bool // Group is an ID to join even when 0
}

// RXConfig configures an RX ring (NewRX). The zero value is the defaults.
type RXConfig struct {
	// BlockSize is the size of one block of the ring, a multiple of the
	// page size (default 1 MiB). A block holds many frames; a frame
	// larger than a block is truncated.
	BlockSize int
	// Blocks is the number of blocks (default 16).
	Blocks int
	// BlockTimeout hands a block that is not full to the reader after
	// this long (default 10ms): the latency of a quiet link.
	BlockTimeout time.Duration
	// Filter is a filter in tcpdump syntax (pcap-filter(7)), compiled by
	// package bpf and attached before the socket is bound, so no frame it
	// rejects is ever queued.
	Filter string
	// Instructions is a classic BPF program to filter with instead of
	// Filter.
	Instructions []bpf.RawInstruction
	// SnapLen is the largest number of bytes kept of a frame (default
	// 262144).
	SnapLen int
	// Promisc puts the interface in promiscuous mode while the socket is
	// open.
	Promisc bool
	// IgnoreOutgoing leaves out the frames this host sends
	// (PACKET_IGNORE_OUTGOING).
	IgnoreOutgoing bool
	// Fanout joins the socket to a fanout group.
	Fanout *FanoutConfig
	// Method chooses the path: "" for the RX ring, falling back to
	// recvmmsg when the ring cannot be set up; MethodRXRing,
	// MethodRecvmmsg or MethodIOURing (which falls back to recvmmsg).
	Method string
}

// Info describes a frame Next or RecvInto returned.
type Info struct {
	// Timestamp is the kernel's receive time.
	Timestamp time.Time
	// Length is the frame's length on the wire (with a VLAN tag put back,
	// 4 bytes more than the kernel reports).
	Length int
	// CaptureLength is the number of bytes returned.
	CaptureLength int
	// Truncated reports a frame cut by the snapshot length, the slot or
	// the caller's buffer.
	Truncated bool
	// InterfaceIndex is the index of the interface it came on.
	InterfaceIndex int
	// Protocol is the EtherType the kernel saw.
	Protocol uint16
	// Type is the direction: sendrecv.PacketOutgoing for frames this host
	// sent.
	Type sendrecv.PacketType
	// VLANTag is the 802.1Q TCI the kernel had taken out of the frame
	// (tpacket3_hdr hv1); the tag is put back into the frame, as libpcap
	// does. VLANTPID is its TPID (0x8100 or 0x88a8).
	VLANTag, VLANTPID uint16
	// VLAN reports a tag in VLANTag.
	VLAN bool
	// RXHash is the kernel's flow hash (0 when it computed none).
	RXHash uint32
}

// Outgoing reports a frame this host sent.
func (i *Info) Outgoing() bool { return i.Type == sendrecv.PacketOutgoing }

// TXStats counts what a sender did.
type TXStats struct {
	// Packets and Bytes are the frames the kernel took to send.
	Packets, Bytes uint64
	// WrongFormat counts frames that were not sent: shorter than the link
	// header or longer than the interface takes (the TX ring's
	// TP_STATUS_WRONG_FORMAT), or refused by the kernel.
	WrongFormat uint64
	// Retries counts the times the device queue (ENOBUFS) or the socket
	// buffer (EAGAIN) was full: the sender waited and sent again; no frame
	// was lost.
	Retries uint64
	// Kicks counts the system calls that handed frames to the kernel.
	Kicks uint64
}

// RXStats counts what a receiver saw, since it was opened.
type RXStats struct {
	// Packets counts the frames the filter accepted: delivered, queued or
	// dropped (libpcap's ps_recv).
	Packets uint64
	// Drops counts the frames the kernel dropped because the ring or the
	// receive buffer was full.
	Drops uint64
	// FreezeCount counts the times the RX ring was full and the kernel
	// froze it until a block was released (TPACKET_V3).
	FreezeCount uint64
	// Delivered counts the frames Next and RecvInto returned.
	Delivered uint64
}

// Sender sends frames on one interface, built in place: Next returns the
// next free slot, the caller builds a frame into it (BuildInto), and
// Commit(n) queues its first n bytes. The kernel is kicked every Batch
// frames and by Flush. A Sender is not safe for concurrent use: give each
// goroutine its own.
type Sender interface {
	// Next returns the next free slot, waiting while the ring is full; nil
	// when the sender failed or is closed (Err says why). The slot's
	// length is the largest frame that may be sent.
	Next() []byte
	// NextContext is Next, returning ctx's error when ctx ends first.
	NextContext(ctx context.Context) ([]byte, error)
	// Commit queues the first n bytes of the slot Next returned. A frame
	// of a size the interface cannot take is counted in WrongFormat and
	// returned as ErrFrameSize; the slot is reused.
	Commit(n int) error
	// Flush hands every committed frame to the kernel and waits until it
	// took them.
	Flush() error
	FlushContext(ctx context.Context) error
	// Send copies frame into a slot and commits it.
	Send(frame []byte) error
	SendContext(ctx context.Context, frame []byte) error
	// Err returns the error that made Next return nil.
	Err() error
	// Stats returns the counters since the sender was opened.
	Stats() TXStats
	// Method says which path sends: "tx-ring", "tx-ring+qdisc-bypass",
	// "sendmmsg", "io_uring" (with "+qdisc-bypass" when asked).
	Method() string
	// MaxFrame is the largest frame the interface and a slot take.
	MaxFrame() int
	// Close flushes what was committed and closes the socket.
	Close() error
}

// OpError is the error of a ring operation: what was done, on which
// interface, and why. It wraps the cause.
type OpError struct {
	Op    string
	Iface string
	Err   error
}

func (e *OpError) Error() string {
	if e.Iface == "" {
		return "ring: " + e.Op + ": " + e.Err.Error()
	}
	return "ring: " + e.Op + " on " + e.Iface + ": " + e.Err.Error()
}

func (e *OpError) Unwrap() error { return e.Err }

// validMethod checks a TX or RX method name.
func validMethod(m string, tx bool) bool {
	switch m {
	case "", MethodIOURing:
		return true
	case MethodTXRing, MethodSendmmsg:
		return tx
	case MethodRXRing, MethodRecvmmsg:
		return !tx
	}
	return false
}

// txHeaderLen is the kernel's header at the start of a TX slot
// (TPACKET_ALIGN(sizeof(struct tpacket2_hdr))).
const txHeaderLen = 32

// FrameSizeFor returns the TXConfig.FrameSize whose slots fit frames of
// up to n bytes, with room for a VLAN tag. Slots no larger than needed
// are faster: a ring of small frames then spans fewer pages and cache
// lines (the default, 2048, fits any 1500-byte MTU frame).
func FrameSizeFor(n int) int {
	return max((n+4+txHeaderLen+15)&^15, 128)
}
