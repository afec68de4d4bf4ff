// Package am holds answering machines, as Scapy's: small servers that
// watch an interface and answer the requests they are made for, built
// from the layers of this module and sent on a packet socket.
//
//	m, err := am.NewARP(am.ARPConfig{Iface: "eth0",
//		Addrs: []netip.Addr{netip.MustParseAddr("192.0.2.50")}})
//	err = m.Run(ctx) // until ctx ends
//	fmt.Println(m.Stats())
//
// There are four: an ARP responder (answers who-has for given addresses
// or a whole prefix, with a MAC), an ICMP echo responder (IPv4 and
// IPv6), a DNS responder (a name to address map, A and AAAA, NXDOMAIN
// for the rest) and a DHCP server (a pool in a prefix, with lease time,
// router and DNS options). Each reads through a kernel BPF filter (its
// own, narrowed by the caller's), counts what it saw and what it
// answered, and stops cleanly when its context ends.
//
// Machines need a Linux packet socket and so root or CAP_NET_RAW; on
// other systems Run returns an error wrapping ErrUnsupported.
package am

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sendrecv"
)

// Errors; test with errors.Is.
var (
	// ErrUnsupported: answering machines need Linux packet sockets.
	ErrUnsupported = errors.New("answering machines are not supported on this system (linux only)")
	// ErrConfig: the configuration cannot be used (the message says why).
	ErrConfig = errors.New("invalid answering machine configuration")
)

// Stats counts what a machine did: Seen is the requests of its kind it
// read (after the kernel filter), Answered the replies it sent.
type Stats struct {
	Seen, Answered uint64
}

func (s Stats) String() string {
	return fmt.Sprintf("%d seen, %d answered", s.Seen, s.Answered)
}

// Answer describes one reply a machine sent.
type Answer struct {
	// Request and Reply are the packets; they are valid only during the
	// OnAnswer call.
	Request, Reply *packet.Packet
	// Text is a one-line description of the exchange.
	Text string
}

// handler inspects a decoded frame. It returns whether the frame is a
// request of the machine's kind (counted as seen) and, when it answers,
// the reply and its description.
type handler func(req *packet.Packet, mac fields.MAC) (seen bool, reply *packet.Packet, text string)

// Machine is a running (or ready to run) answering machine.
type Machine struct {
	name     string
	iface    string
	filter   string
	onAnswer func(Answer)
	handle   handler

	seen, answered atomic.Uint64
	readyOnce      sync.Once
	ready          chan struct{}
}

func newMachine(name, iface, own, user string, onAnswer func(Answer), h handler) (*Machine, error) {
	if iface == "" || iface == "any" {
		return nil, fmt.Errorf("%w: %s: needs an interface", ErrConfig, name)
	}
	filter := own
	if user != "" {
		filter = "(" + own + ") and (" + user + ")"
	}
	return &Machine{name: name, iface: iface, filter: filter, onAnswer: onAnswer, handle: h, ready: make(chan struct{})}, nil
}

// Name returns the machine's kind: "arp", "icmp", "dns" or "dhcp".
func (m *Machine) Name() string { return m.name }

// Filter returns the kernel filter the machine reads through (tcpdump
// syntax).
func (m *Machine) Filter() string { return m.filter }

// Stats returns the counters; safe to call while Run runs.
func (m *Machine) Stats() Stats {
	return Stats{Seen: m.seen.Load(), Answered: m.answered.Load()}
}

// Ready is closed once Run has opened its socket: from then on, every
// request is seen.
func (m *Machine) Ready() <-chan struct{} { return m.ready }

// Run answers requests until ctx ends, then returns nil. It returns an
// error when the socket cannot be opened (no privilege, no interface,
// ErrUnsupported) or fails.
func (m *Machine) Run(ctx context.Context) error {
	if err := supported(); err != nil {
		return fmt.Errorf("am %s on %s: %w", m.name, m.iface, err)
	}
	conn, err := sendrecv.OpenL2(m.iface, sendrecv.WithFilter(m.filter), sendrecv.WithoutOutgoing())
	if err != nil {
		return fmt.Errorf("am %s: %w", m.name, err)
	}
	defer conn.Close()
	m.readyOnce.Do(func() { close(m.ready) })
	stop := context.AfterFunc(ctx, func() { conn.SetReadDeadline(time.Unix(1, 0)) })
	defer stop()
	mac := conn.MAC()
	dec := packet.NewDecoder(layers.EthernetType)
	buf := make([]byte, 65536)
	out := make([]byte, 65536)
	for {
		n, _, err := conn.ReadPacket(buf)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				continue
			}
			return fmt.Errorf("am %s: %w", m.name, err)
		}
		req, _ := dec.Decode(buf[:n])
		if req == nil {
			continue
		}
		seen, reply, text := m.handle(req, mac)
		if seen {
			m.seen.Add(1)
		}
		if reply == nil {
			continue
		}
		frame, err := reply.BuildInto(out)
		if err != nil {
			return fmt.Errorf("am %s: building the reply: %w", m.name, err)
		}
		if err := conn.WritePacket(frame); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("am %s: %w", m.name, err)
		}
		m.answered.Add(1)
		if m.onAnswer != nil {
			m.onAnswer(Answer{Request: req, Reply: reply, Text: text})
		}
	}
}

// ethReply is the Ethernet header of a reply to req from mac.
func ethReply(req *packet.Packet, mac fields.MAC) *layers.Ethernet {
	e := layers.NewEthernet()
	e.Src = mac
	if eth, ok := packet.LayerOf[*layers.Ethernet](req); ok {
		e.Dst = eth.Src
	}
	return e
}

// payloadAfter returns the Raw payload of p (nil when there is none).
func payloadAfter(p *packet.Packet) []byte {
	if r, ok := packet.LayerOf[*packet.Raw](p); ok {
		return r.Load
	}
	return nil
}
