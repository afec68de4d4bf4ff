// Package traceroute finds the routers on the path to a host, as
// traceroute(8) does: it sends probes with growing TTLs (hop limits) and
// reads who answers each, the routers with ICMP time exceeded, the target
// with the answer its probe type calls for. Three probe types:
//
//   - UDP (the default, as traceroute(8)): datagrams to ports 33434 and
//     up, one port per probe; the target answers ICMP port unreachable.
//   - ICMP: echo requests (ICMPv6 for IPv6, as traceroute -I); the target
//     answers an echo reply.
//   - TCP: SYNs to one port (80 by default, as tcptraceroute); the target
//     answers SYN-ACK (open) or RST (closed).
//
// The probes of several hops go at once (Config.Window hops, Probes each)
// through sendrecv.SrContext, which matches the answers with
// sendrecv.DefaultMatch: an ICMP error quoting the probe, or the target's
// reply. A window that reaches the target ends the trace; the hops past
// it are not shown.
//
//	res, err := traceroute.Trace(ctx, traceroute.Config{Target: netip.MustParseAddr("192.0.2.1")})
//	fmt.Print(res) // the table traceroute -n prints
//
// Tracing needs root or CAP_NET_RAW.
package traceroute

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/route"
	"github.com/goscapy/goscapy/sendrecv"
)

// ErrConfig reports a configuration that cannot be used.
var ErrConfig = errors.New("traceroute: bad configuration")

// Method is the probe type.
type Method uint8

// Probe types.
const (
	UDP Method = iota
	ICMP
	TCP
)

func (m Method) String() string {
	switch m {
	case UDP:
		return "udp"
	case ICMP:
		return "icmp"
	case TCP:
		return "tcp"
	}
	return "method" + strconv.Itoa(int(m))
}

// ParseMethod reads "udp", "icmp" or "tcp".
func ParseMethod(s string) (Method, error) {
	switch strings.ToLower(s) {
	case "udp":
		return UDP, nil
	case "icmp":
		return ICMP, nil
	case "tcp":
		return TCP, nil
	}
	return 0, fmt.Errorf("%w: probe type %q: want icmp, udp or tcp", ErrConfig, s)
}

// Config says what to trace and how.
type Config struct {
	// Target is the host (IPv4 or IPv6).
	Target netip.Addr
	// Method is the probe type (default UDP).
	Method Method
	// Port is the first destination port of UDP probes (default
	// 33434; each probe takes the next) or the destination port of TCP
	// probes (default 80).
	Port uint16
	// FirstTTL is the TTL of the first hop probed (default 1); MaxHops
	// the largest TTL (default 30).
	FirstTTL, MaxHops int
	// Probes is the number of probes per hop (default 3).
	Probes int
	// Timeout is how long to wait for answers after the last probe of a
	// window (default 2s).
	Timeout time.Duration
	// Window is the number of hops probed at once (default 8).
	Window int
	// Iface is the interface to send on; "" takes the route's.
	Iface string
}

// Probe is the answer to one probe.
type Probe struct {
	// OK reports an answer; the other fields are set only then.
	OK   bool          `json:"ok"`
	From netip.Addr    `json:"from,omitzero"`
	RTT  time.Duration `json:"rtt,omitempty"`
	// Reached reports the target's own answer.
	Reached bool `json:"reached,omitempty"`
	// Note is traceroute(8)'s mark of an ICMP unreachable: "!H" host,
	// "!N" network, "!P" protocol, "!X" administratively prohibited,
	// "!F" fragmentation needed, "!S" source route failed, "!<code>"
	// for others; the port unreachable of the target of a UDP probe is
	// no note (it is the expected answer).
	Note string `json:"note,omitempty"`
}

// Hop is one TTL.
type Hop struct {
	TTL    int     `json:"ttl"`
	Probes []Probe `json:"probes"`
}

// Result is a trace.
type Result struct {
	Target  netip.Addr `json:"target"`
	Method  Method     `json:"-"`
	MaxHops int        `json:"max_hops"`
	Hops    []Hop      `json:"hops"`
	// Reached reports that the target answered.
	Reached bool `json:"reached"`
	// Sent is the number of probes sent.
	Sent int `json:"sent"`
}

// String is the table of traceroute -n:
//
//	traceroute to 198.18.2.2 (198.18.2.2), 30 hops max, udp probes
//	 1  198.18.1.1  0.215 ms  0.190 ms  0.181 ms
//	 2  198.18.2.2  0.300 ms  0.210 ms  0.190 ms
func (r *Result) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "traceroute to %v (%v), %d hops max, %v probes\n", r.Target, r.Target, r.MaxHops, r.Method)
	for _, h := range r.Hops {
		b.WriteString(h.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// String is one line of the table: the TTL, then each probe's address
// (when it differs from the previous one's), round-trip time and note,
// or "*".
func (h Hop) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%2d ", h.TTL)
	var last netip.Addr
	for _, p := range h.Probes {
		if !p.OK {
			b.WriteString(" *")
			continue
		}
		if p.From != last {
			b.WriteString(" " + p.From.String())
			last = p.From
		}
		fmt.Fprintf(&b, "  %.3f ms", float64(p.RTT)/float64(time.Millisecond))
		if p.Note != "" {
			b.WriteString(" " + p.Note)
		}
	}
	return b.String()
}

// settings are a Config with its defaults.
type settings struct {
	Config
	id    uint16 // ICMP identifier; UDP and TCP source port
	ipv6  bool
	count int // probes per window
}

func configure(cfg Config) (*settings, error) {
	s := &settings{Config: cfg}
	if !cfg.Target.IsValid() {
		return nil, fmt.Errorf("%w: no target", ErrConfig)
	}
	s.Target = cfg.Target.Unmap()
	s.ipv6 = !s.Target.Is4()
	if s.Method > TCP {
		return nil, fmt.Errorf("%w: unknown probe type %v", ErrConfig, s.Method)
	}
	if s.FirstTTL == 0 {
		s.FirstTTL = 1
	}
	if s.MaxHops == 0 {
		s.MaxHops = 30
	}
	if s.Probes == 0 {
		s.Probes = 3
	}
	if s.Timeout == 0 {
		s.Timeout = 2 * time.Second
	}
	if s.Window == 0 {
		s.Window = 8
	}
	if s.FirstTTL < 1 || s.MaxHops > 255 || s.FirstTTL > s.MaxHops {
		return nil, fmt.Errorf("%w: hops %d to %d: want 1 <= first <= max <= 255", ErrConfig, s.FirstTTL, s.MaxHops)
	}
	if s.Probes < 1 || s.Probes > 10 || s.Window < 1 || s.Timeout < 0 {
		return nil, fmt.Errorf("%w: want 1 to 10 probes per hop, a window of at least one hop and a timeout >= 0", ErrConfig)
	}
	if s.Port == 0 {
		s.Port = 33434
		if s.Method == TCP {
			s.Port = 80
		}
	}
	probes := s.MaxHops * s.Probes
	s.id = uint16(os.Getpid()) | 0x8000
	switch s.Method {
	case UDP:
		if int(s.Port)+probes > 65536 {
			return nil, fmt.Errorf("%w: UDP ports from %d for %d probes pass 65535", ErrConfig, s.Port, probes)
		}
	case TCP:
		// source ports 33000 + probe number
		s.id = 33000
	}
	return s, nil
}

// probe returns the number of probe q of hop ttl (0-based, in TTL
// order), and probeOf its inverse.
func (s *settings) probe(ttl, q int) int { return (ttl-1)*s.Probes + q }

func (s *settings) probeOf(n int) (ttl, q int) { return n/s.Probes + 1, n % s.Probes }

// request builds probe q of hop ttl.
func (s *settings) request(ttl, q int) *packet.Packet {
	n := s.probe(ttl, q)
	var upper goscapy.Builder
	switch s.Method {
	case UDP:
		upper = goscapy.NewUDP().SrcPort(s.id).DstPort(s.Port + uint16(n)).Over(goscapy.NewRaw(make([]byte, 32)))
	case TCP:
		upper = goscapy.NewTCP().SrcPort(s.id + uint16(n)).DstPort(s.Port).Flags(layers.TCPSyn).
			Seq(uint32(s.id)<<16 | uint32(n)).Window(5840)
	case ICMP:
		if s.ipv6 {
			upper = goscapy.NewICMPv6().Type(layers.ICMPv6EchoRequest).ID(s.id).Seq(uint16(n + 1)).Over(goscapy.NewRaw(make([]byte, 32)))
		} else {
			upper = goscapy.NewICMP().Type(layers.ICMPEchoRequest).ID(s.id).Seq(uint16(n + 1)).Over(goscapy.NewRaw(make([]byte, 32)))
		}
	}
	if s.ipv6 {
		return goscapy.NewIPv6().DstIP(s.Target).HopLimit(uint8(ttl)).Over(upper).Packet()
	}
	return goscapy.NewIP().DstIP(s.Target).TTL(uint8(ttl)).Over(upper).Packet()
}

// probeNumber reads the probe number from a probe as sent.
func (s *settings) probeNumber(sent *packet.Packet) (int, bool) {
	n := -1
	switch s.Method {
	case UDP:
		if u, ok := packet.LayerOf[*layers.UDP](sent); ok {
			n = int(u.DstPort) - int(s.Port)
		}
	case TCP:
		if t, ok := packet.LayerOf[*layers.TCP](sent); ok {
			n = int(t.SrcPort) - int(s.id)
		}
	case ICMP:
		if s.ipv6 {
			if c, ok := packet.LayerOf[*layers.ICMPv6](sent); ok {
				n = int(c.Seq) - 1
			}
		} else if c, ok := packet.LayerOf[*layers.ICMP](sent); ok {
			n = int(c.Seq) - 1
		}
	}
	return n, n >= 0 && n < s.MaxHops*s.Probes
}

// Trace runs the trace. The sockets are opened on the calling goroutine.
// When ctx ends it returns the hops so far with ctx.Err().
func Trace(ctx context.Context, cfg Config) (*Result, error) {
	s, err := configure(cfg)
	if err != nil {
		return nil, err
	}
	if s.Iface == "" {
		if _, err := route.Lookup(s.Target); err != nil {
			if errors.Is(err, route.ErrNoRoute) {
				return nil, fmt.Errorf("traceroute: no route to %v: %w", s.Target, err)
			}
			return nil, fmt.Errorf("traceroute: %w", err)
		}
	}
	res := &Result{Target: s.Target, Method: s.Method, MaxHops: s.MaxHops}
	reachedAt, stopAt := 0, 0
	for first := s.FirstTTL; first <= s.MaxHops && stopAt == 0; first += s.Window {
		last := min(first+s.Window-1, s.MaxHops)
		var pkts []*packet.Packet
		for ttl := first; ttl <= last; ttl++ {
			hop := Hop{TTL: ttl, Probes: make([]Probe, s.Probes)}
			res.Hops = append(res.Hops, hop)
			for q := range s.Probes {
				pkts = append(pkts, s.request(ttl, q))
			}
		}
		list, err := sendrecv.SrContext(ctx, pkts, sendrecv.SrOptions{Iface: s.Iface, Timeout: s.Timeout})
		if list != nil {
			res.Sent += len(list.Answered) + len(list.Unanswered)
			for _, pair := range list.Answered {
				n, ok := s.probeNumber(pair.Sent)
				if !ok {
					continue
				}
				ttl, q := s.probeOf(n)
				p := s.answer(pair)
				res.Hops[ttl-s.FirstTTL].Probes[q] = p
				if p.Reached && (reachedAt == 0 || ttl < reachedAt) {
					reachedAt = ttl
				}
				if (p.Reached || p.Note != "") && (stopAt == 0 || ttl < stopAt) {
					stopAt = ttl
				}
			}
		}
		if err != nil {
			if list == nil { // nothing of this window was sent
				res.Hops = res.Hops[:first-s.FirstTTL]
			}
			res.Reached = reachedAt != 0
			res.trim(stopAt, s.FirstTTL)
			return res, err
		}
	}
	res.Reached = reachedAt != 0
	res.trim(stopAt, s.FirstTTL)
	return res, nil
}

// trim drops the hops past the one that ended the trace.
func (r *Result) trim(stopAt, first int) {
	if stopAt != 0 && stopAt-first+1 < len(r.Hops) {
		r.Hops = r.Hops[:stopAt-first+1]
	}
}

// answer reads the answer to a probe.
func (s *settings) answer(pair sendrecv.SndRcvPair) Probe {
	p := Probe{OK: true, RTT: max(pair.RTT(), 0)}
	reply := pair.Received
	for i, l := range reply.Layers() {
		if q := reply.Quoted(); q > 0 && i >= q {
			break
		}
		switch l := l.(type) {
		case *layers.IPv4:
			p.From = l.Src
		case *layers.IPv6:
			p.From = l.Src
		case *layers.ICMP:
			switch l.Type {
			case layers.ICMPEchoReply:
				p.Reached = true
			case 3: // destination unreachable
				if l.Code == 3 && s.Method == UDP && p.From == s.Target {
					p.Reached = true
				} else {
					p.Note = unreachNote(l.Code)
				}
			}
			return p
		case *layers.ICMPv6:
			switch l.Type {
			case layers.ICMPv6EchoReply:
				p.Reached = true
			case 1: // destination unreachable
				if l.Code == 4 && s.Method == UDP && p.From == s.Target {
					p.Reached = true
				} else {
					p.Note = unreach6Note(l.Code)
				}
			}
			return p
		case *layers.TCP:
			p.Reached = true // SYN-ACK or RST from the target
			return p
		}
	}
	return p
}

// unreachNote is traceroute(8)'s mark for an ICMP unreachable code.
func unreachNote(code uint8) string {
	switch code {
	case 0, 6, 11:
		return "!N"
	case 1, 7, 12:
		return "!H"
	case 2:
		return "!P"
	case 3:
		return "!p"
	case 4:
		return "!F"
	case 5:
		return "!S"
	case 9, 10, 13:
		return "!X"
	case 14:
		return "!V"
	case 15:
		return "!C"
	}
	return "!" + strconv.Itoa(int(code))
}

// unreach6Note is traceroute(8)'s mark for an ICMPv6 unreachable code.
func unreach6Note(code uint8) string {
	switch code {
	case 0:
		return "!N"
	case 1:
		return "!X"
	case 3:
		return "!H"
	case 4:
		return "!p"
	}
	return "!" + strconv.Itoa(int(code))
}
