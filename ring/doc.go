// Package ring sends and receives packets at line rate on Linux:
// memory-mapped TX and RX rings (AF_PACKET PACKET_TX_RING and
// PACKET_RX_RING), batching, PACKET_QDISC_BYPASS, PACKET_FANOUT,
// io_uring, and a rate limiter. Frames are built in place and read in
// place: the sender writes them into memory the kernel reads, the
// receiver decodes them where the kernel wrote them.
//
// # Sending
//
// OpenSender picks the fastest path the system offers and says which
// (Method): the TX ring, with qdisc bypass when asked, else sendmmsg
// batches; io_uring when asked for and offered by the kernel. Every path
// has the same slot interface, so a frame is built straight into the
// memory it is sent from:
//
//	s, err := ring.OpenSender("eth1", ring.TXConfig{QdiscBypass: true})
//	for _, p := range packets {
//		out, err := p.BuildInto(s.Next()) // lengths, checksums: in the slot
//		...
//		s.Commit(len(out))                // one system call per Batch frames
//	}
//	s.Flush()
//
// With the TX ring (TX, TPACKET_V2) one sendto(2) hands the kernel a
// whole batch; when the ring is full the sender waits in the poller for
// the kernel to free a slot, and when the device queue is full (ENOBUFS)
// it sleeps briefly and sends again: frames are not lost, and the CPU is
// not spun. FrameSizeFor sizes the slots for small frames, which is
// faster. A warm send loop allocates nothing. A goroutine that sends at
// line rate does best locked to its thread (runtime.LockOSThread): it
// then stays on one CPU's caches across the system calls.
//
// # Receiving
//
// NewRX opens an RX ring (TPACKET_V3 blocks): the kernel fills a block
// and hands it over when it is full or BlockTimeout passed; Next returns
// the frames one by one, zero-copy, with the kernel's timestamp, the
// VLAN tag the kernel took out (put back in place, as libpcap does) and
// the direction. RecvInto copies instead. The filter, in tcpdump syntax,
// is compiled by package bpf and attached before the socket is bound.
// Stats reports the kernel's counters (PACKET_STATISTICS): packets, drops,
// ring freezes. NewFanout opens several rings in one PACKET_FANOUT group
// (hash, lb, cpu, ...) to spread a capture over goroutines. Where the ring
// cannot be set up, the receiver falls back to recvmmsg batches. A warm
// receive loop allocates nothing.
//
// # io_uring
//
// The io_uring paths (MethodIOURing: IORING_OP_SEND for sending, armed
// IORING_OP_RECVMSG requests for receiving) are written on the system
// calls of golang.org/x/sys/unix: io_uring_setup, two mmaps of the
// submission and completion rings, io_uring_enter. The main module may
// depend on the standard library and golang.org/x/* only, and this small
// subset needs no library; a Go io_uring library would add a dependency,
// and the cgo ones liburing. ProbeIOURing says whether the kernel offers
// io_uring to the process: it may be too old, disabled by the sysctl
// kernel.io_uring_disabled, or blocked by a seccomp filter (containers
// often do). Then the senders and receivers fall back to sendmmsg and
// recvmmsg, and Method says so.
//
// # Rate
//
// Limiter holds a rate in packets or bits per second on an absolute
// schedule, so time lost to a late timer is made up and the rate holds to
// within 1% over a second; it sleeps rather than spins, once per packet at
// low rates, once per batch at high ones.
//
// # Platforms
//
// Everything here needs Linux; elsewhere the constructors return
// ErrUnsupported. Opening sockets needs root or CAP_NET_RAW (the errors
// wrap sendrecv.ErrPermission).
package ring
