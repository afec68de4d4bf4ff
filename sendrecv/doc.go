// Package sendrecv sends packets and receives answers on live networks:
// Send (layer 3: the kernel adds the link layer and routes), Sendp (layer
// 2: the frame as built), the sockets under them, and the Sr family.
//
//	err := sendrecv.Send(p, "eth0")  // IP packet; a link layer in p is stripped
//	err = sendrecv.Sendp(p, "eth0")  // Ethernet frame, byte for byte
//	err = sendrecv.Sendp(p, "eth0", sendrecv.Count(100), sendrecv.Rate(1000))
//
// # Sockets
//
// OpenL2 opens an AF_PACKET socket bound to one interface (or to all). A
// BPF filter, a tcpdump expression compiled by package bpf or raw
// instructions, is attached before the socket is bound, so no packet the
// filter rejects is ever queued. Frames are read zero-copy into the
// caller's buffer with ReadPacket, which reports the kernel timestamp, the
// length on the wire, the interface and the direction: frames this host
// sent (PacketOutgoing) are flagged, so a receiver can drop its own. VLAN
// tags the kernel took out of the frame are put back, as libpcap does.
// OpenL3 opens a raw IPv4 (IP_HDRINCL) or IPv6 socket that sends whole IP
// packets; the kernel routes them and adds the link layer.
//
// Both connection types have deadlines (SetReadDeadline, ...) and
// context-aware reads, and implement net.PacketConn. Reading and writing
// allocate nothing per packet.
//
// Send and Sendp keep the sockets they open, one per network namespace,
// interface and kind, and reuse them on the next call: sending a packet is
// one system call, not the socket, bind and close Scapy makes for each.
// CloseSockets closes them. Send and Sendp build the packet once per call;
// with Count, Loop, Inter or Rate they write the same bytes repeatedly,
// without allocating per packet.
//
// Source addresses a packet leaves unset are filled in when it is sent,
// as Scapy does: the IP source from the kernel's route to the destination
// (package route), the Ethernet source from the interface. The packet
// passed in is not modified.
//
// Raw sockets need root or CAP_NET_RAW; without them the error says so and
// names the interface. An unknown interface is an error that lists the
// interfaces there are. On systems other than Linux every socket call
// returns ErrUnsupported.
package sendrecv

import (
	"errors"
	"net/netip"
	"os"
	"strconv"
	"time"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/route"

	"golang.org/x/net/bpf"
)

// Errors; test with errors.Is.
var (
	// ErrUnsupported: raw sockets are implemented for Linux only.
	ErrUnsupported = errors.New("raw sockets are not supported on this system (linux only)")
	// ErrPermission: opening a raw socket needs root or CAP_NET_RAW.
	// Errors wrapping it also match os.ErrPermission.
	ErrPermission = errors.New("needs root or CAP_NET_RAW")
	// ErrNoInterface: the interface does not exist (the message lists
	// those that do). It is route.ErrNoInterface.
	ErrNoInterface = route.ErrNoInterface
	// ErrNoIPLayer: Send got a packet without an IPv4 or IPv6 layer.
	ErrNoIPLayer = errors.New("packet has no IPv4 or IPv6 layer")
	// ErrSendOnly: the socket was opened to send and receives nothing.
	ErrSendOnly = errors.New("socket is send-only")
)

// PacketType is the direction and addressing of a received frame, the
// Linux sll_pkttype.
type PacketType uint8

// Packet types.
const (
	PacketHost      PacketType = 0 // addressed to this host
	PacketBroadcast PacketType = 1 // link-layer broadcast
	PacketMulticast PacketType = 2 // link-layer multicast
	PacketOtherHost PacketType = 3 // to another host (promiscuous mode)
	PacketOutgoing  PacketType = 4 // sent by this host
	PacketLoopback  PacketType = 5
	PacketUser      PacketType = 6
	PacketKernel    PacketType = 7
)

var packetTypeNames = [...]string{"host", "broadcast", "multicast", "otherhost", "outgoing", "loopback", "user", "kernel"}

func (t PacketType) String() string {
	if int(t) < len(packetTypeNames) {
		return packetTypeNames[t]
	}
	return "type" + strconv.Itoa(int(t))
}

// PacketInfo describes a frame ReadPacket received.
type PacketInfo struct {
	// Timestamp is the kernel's receive time (the time of the read when
	// the kernel gives none).
	Timestamp time.Time
	// Length is the frame's length on the wire; more than the n ReadPacket
	// returns when the buffer was too short (Truncated).
	Length int
	// Truncated reports a frame longer than the buffer.
	Truncated bool
	// InterfaceIndex is the index of the interface it was received on.
	InterfaceIndex int
	// Protocol is the EtherType the kernel saw (for L2 sockets) or the IP
	// protocol number (L3).
	Protocol uint16
	// Type tells the direction: PacketOutgoing for frames this host sent.
	Type PacketType
	// VLANTag is the 802.1Q tag the kernel had taken out of the frame
	// and ReadPacket put back (TCI; 0 when there was none).
	VLANTag uint16
}

// Outgoing reports a frame this host sent.
func (i *PacketInfo) Outgoing() bool { return i.Type == PacketOutgoing }

// Option configures OpenL2 and OpenL3.
type Option func(*config)

type config struct {
	filter     string
	filterSet  bool
	prog       []bpf.RawInstruction
	progSet    bool
	promisc    bool
	protocol   uint16
	sendOnly   bool
	noOutgoing bool
	bypass     bool
	snaplen    int
	rcvbuf     int
	iface      string
	ipProto    int
}

func newConfig(opts []Option) config {
	c := config{protocol: 0x0003} // ETH_P_ALL
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}

// WithFilter attaches a filter in tcpdump syntax (pcap-filter(7)),
// compiled by package bpf for the socket's link type, before the socket
// is bound. An empty expression accepts everything.
func WithFilter(expr string) Option {
	return func(c *config) { c.filter, c.filterSet = expr, true }
}

// WithBPF attaches a classic BPF program before the socket is bound.
func WithBPF(prog []bpf.RawInstruction) Option {
	return func(c *config) { c.prog, c.progSet = prog, true }
}

// WithPromisc puts the interface in promiscuous mode while the socket is
// open.
func WithPromisc() Option { return func(c *config) { c.promisc = true } }

// WithProtocol receives only frames of one EtherType (default: all).
func WithProtocol(etherType uint16) Option {
	return func(c *config) { c.protocol = etherType }
}

// WithSendOnly opens a socket that receives nothing: no frame is ever
// queued on it. Send and Sendp use such sockets.
func WithSendOnly() Option { return func(c *config) { c.sendOnly = true } }

// WithoutOutgoing stops the kernel from delivering the frames this host
// sends (PACKET_IGNORE_OUTGOING, Linux 4.20 and later).
func WithoutOutgoing() Option { return func(c *config) { c.noOutgoing = true } }

// WithQdiscBypass sends frames straight to the driver, past the traffic
// control layer (PACKET_QDISC_BYPASS): faster, but frames the device
// queue cannot take are dropped.
func WithQdiscBypass() Option { return func(c *config) { c.bypass = true } }

// WithSnapLen sets the snapshot length a filter returns (default 262144).
func WithSnapLen(n int) Option { return func(c *config) { c.snaplen = n } }

// WithReadBuffer sets the socket's receive buffer in bytes (default 4
// MiB, which root may exceed the system limit for).
func WithReadBuffer(bytes int) Option { return func(c *config) { c.rcvbuf = bytes } }

// WithInterface binds an L3 socket to an interface (SO_BINDTODEVICE): the
// kernel routes its packets through that interface only.
func WithInterface(iface string) Option { return func(c *config) { c.iface = iface } }

// WithIPProtocol makes an L3 socket receive packets of one IP protocol (1
// ICMP, 6 TCP, ...) besides sending. Without it an L3 socket only sends.
func WithIPProtocol(proto uint8) Option { return func(c *config) { c.ipProto = int(proto) } }

// OpError is the error of a socket operation: what was done, on which
// interface, and why. It wraps the cause (ErrPermission, ErrNoInterface,
// os.ErrDeadlineExceeded, net.ErrClosed, a syscall.Errno, ...).
type OpError struct {
	Op    string // "open", "read", "write", ...
	Iface string // interface name ("any" for all interfaces); "" for none
	Err   error
}

func (e *OpError) Error() string {
	if e.Iface == "" {
		return "sendrecv: " + e.Op + ": " + e.Err.Error()
	}
	return "sendrecv: " + e.Op + " on " + e.Iface + ": " + e.Err.Error()
}

func (e *OpError) Unwrap() error { return e.Err }

// Timeout reports an expired deadline (net.Error style).
func (e *OpError) Timeout() bool { return errors.Is(e.Err, os.ErrDeadlineExceeded) }

// Temporary is false: kept for net.Error.
func (e *OpError) Temporary() bool { return false }

// Addr is the link-layer address of a frame's sender, as ReadFrom of an
// L2Conn returns it (net.Addr).
type Addr struct {
	Index    int        // interface index
	MAC      fields.MAC // source address of the frame
	Protocol uint16     // EtherType
}

// Network returns "packet".
func (a *Addr) Network() string { return "packet" }

func (a *Addr) String() string {
	if a == nil {
		return "<nil>"
	}
	return a.MAC.String()
}

// IPAddr is an IP address as ReadFrom and WriteTo of an L3Conn use it
// (net.Addr).
type IPAddr struct {
	Addr netip.Addr
}

// Network returns "ip4" or "ip6".
func (a *IPAddr) Network() string {
	if a != nil && a.Addr.Is4() {
		return "ip4"
	}
	return "ip6"
}

func (a *IPAddr) String() string {
	if a == nil {
		return "<nil>"
	}
	return a.Addr.String()
}
