// Package ping sends ICMP (or ICMPv6) echo requests to a host and reports
// each reply and the statistics of the run, as ping(8) does.
//
//	stats, err := ping.Ping(ctx, ping.Config{Target: netip.MustParseAddr("192.0.2.1"), Count: 3},
//		func(r ping.Reply) { fmt.Println(r) })
//	fmt.Print(stats)
//
// Each request is one sendrecv.Sr1Context round trip: the request is
// written on a raw IP socket, and its answer, matched by
// sendrecv.DefaultMatch (the echo identifier and sequence number, or an
// ICMP error quoting the request), is read on a packet socket through a
// kernel filter. The round-trip time runs from the write to the kernel's
// receive timestamp of the answer.
//
// Requests go every Config.Interval. Each waits up to Config.Timeout for
// its answer; when that is longer than the interval and no answer comes,
// the next request goes when the wait ends.
//
// Pinging needs root or CAP_NET_RAW.
package ping

import (
	"context"
	"errors"
	"fmt"
	"math"
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
var ErrConfig = errors.New("ping: bad configuration")

// Config says whom to ping and how.
type Config struct {
	// Target is the host (IPv4 or IPv6).
	Target netip.Addr
	// Iface is the interface to send on; "" takes the interface of the
	// kernel's route to Target (a link-local IPv6 target needs one).
	Iface string
	// Count is the number of requests (0: until ctx ends).
	Count int
	// Interval is the time between two requests (default 1s).
	Interval time.Duration
	// Timeout is how long to wait for each reply (default 1s).
	Timeout time.Duration
	// Size is the number of data bytes after the ICMP header (default
	// 56, as ping(8)).
	Size int
	// TTL is the TTL (hop limit) of the requests (default 64).
	TTL uint8
	// ID is the echo identifier (0: from the process ID).
	ID uint16
}

// Reply is the answer to one request.
type Reply struct {
	Seq  int           `json:"seq"` // icmp_seq, from 1
	From netip.Addr    `json:"from"`
	TTL  uint8         `json:"ttl"`
	RTT  time.Duration `json:"rtt"`
	// Size is the length of the ICMP message answered (header and data).
	Size int `json:"size"`
	// Error is empty for an echo reply, else the ICMP error that came
	// instead ("Destination Host Unreachable", "Time to live exceeded").
	Error string `json:"error,omitempty"`
	// Type and Code are the ICMP (ICMPv6) type and code of the answer.
	Type uint8 `json:"type"`
	Code uint8 `json:"code"`
}

// String is ping(8)'s line: "64 bytes from 198.18.1.3: icmp_seq=1 ttl=64
// time=0.123 ms", or "From 198.18.1.1 icmp_seq=1 Destination Host
// Unreachable".
func (r Reply) String() string {
	if r.Error != "" {
		return "From " + r.From.String() + " icmp_seq=" + strconv.Itoa(r.Seq) + " " + r.Error
	}
	return strconv.Itoa(r.Size) + " bytes from " + r.From.String() + ": icmp_seq=" + strconv.Itoa(r.Seq) +
		" ttl=" + strconv.Itoa(int(r.TTL)) + " time=" + ms(r.RTT) + " ms"
}

// ms formats a duration in milliseconds as ping(8) does (3 decimals
// below 100 ms).
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 3, 64)
}

// Stats sums up a run.
type Stats struct {
	Target   netip.Addr
	Sent     int // requests
	Received int // echo replies
	Errors   int // ICMP errors received instead
	// Min, Avg, Max and Mdev (the standard deviation, as ping(8)
	// computes it) of the round-trip times of the echo replies.
	Min, Avg, Max, Mdev time.Duration
	Elapsed             time.Duration
}

// Loss returns the share of requests without an echo reply, in percent.
func (s Stats) Loss() float64 {
	if s.Sent == 0 {
		return 0
	}
	return 100 * float64(s.Sent-s.Received) / float64(s.Sent)
}

// String is ping(8)'s summary:
//
//	--- 198.18.1.3 ping statistics ---
//	3 packets transmitted, 3 received, 0% packet loss, time 2003ms
//	rtt min/avg/max/mdev = 0.045/0.060/0.080/0.014 ms
func (s Stats) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "--- %v ping statistics ---\n", s.Target)
	fmt.Fprintf(&b, "%d packets transmitted, %d received", s.Sent, s.Received)
	if s.Errors > 0 {
		fmt.Fprintf(&b, ", +%d errors", s.Errors)
	}
	fmt.Fprintf(&b, ", %s%% packet loss, time %dms\n", strconv.FormatFloat(s.Loss(), 'g', 4, 64), s.Elapsed.Milliseconds())
	if s.Received > 0 {
		f := func(d time.Duration) string {
			return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 3, 64)
		}
		fmt.Fprintf(&b, "rtt min/avg/max/mdev = %s/%s/%s/%s ms\n", f(s.Min), f(s.Avg), f(s.Max), f(s.Mdev))
	}
	return b.String()
}

// rttStats accumulates round-trip times.
type rttStats struct {
	n             int
	sum, sum2     float64
	minRTT, maxRT time.Duration
}

func (r *rttStats) add(d time.Duration) {
	if r.n == 0 || d < r.minRTT {
		r.minRTT = d
	}
	if d > r.maxRT {
		r.maxRT = d
	}
	r.n++
	v := float64(d)
	r.sum += v
	r.sum2 += v * v
}

func (r *rttStats) fill(s *Stats) {
	if r.n == 0 {
		return
	}
	avg := r.sum / float64(r.n)
	s.Min, s.Max, s.Avg = r.minRTT, r.maxRT, time.Duration(avg)
	s.Mdev = time.Duration(math.Sqrt(max(r.sum2/float64(r.n)-avg*avg, 0)))
}

// Header is ping(8)'s first line: "PING 198.18.1.3 (198.18.1.3) 56(84)
// bytes of data.".
func Header(cfg Config) string {
	size := cfg.Size
	if size == 0 {
		size = 56
	}
	hdr := 28
	if cfg.Target.Is6() && !cfg.Target.Is4In6() {
		hdr = 48
	}
	return fmt.Sprintf("PING %v (%v) %d(%d) bytes of data.", cfg.Target, cfg.Target, size, size+hdr)
}

// Request builds echo request seq of cfg (an IPv4 / ICMP or IPv6 /
// ICMPv6 packet without source: the route's source is used).
func Request(cfg Config, id uint16, seq int) *packet.Packet {
	size := cfg.Size
	if size == 0 {
		size = 56
	}
	data := make([]byte, size)
	for i := range data {
		data[i] = byte(i) // ping(8)'s pattern after its timestamp
	}
	ttl := cfg.TTL
	if ttl == 0 {
		ttl = 64
	}
	if t := cfg.Target.Unmap(); t.Is4() {
		return goscapy.NewIP().DstIP(t).TTL(ttl).
			Over(goscapy.NewICMP().Type(layers.ICMPEchoRequest).ID(id).Seq(uint16(seq))).
			Over(goscapy.NewRaw(data)).Packet()
	}
	return goscapy.NewIPv6().DstIP(cfg.Target).HopLimit(ttl).
		Over(goscapy.NewICMPv6().Type(layers.ICMPv6EchoRequest).ID(id).Seq(uint16(seq))).
		Over(goscapy.NewRaw(data)).Packet()
}

// Ping sends the requests and calls fn (if not nil) with each answer,
// in order, from the calling goroutine. It returns the statistics when
// Count requests are done or ctx ends (with a nil error: a run cut by
// ctx is the normal end of an endless ping). The sockets are opened on
// the calling goroutine.
func Ping(ctx context.Context, cfg Config, fn func(Reply)) (Stats, error) {
	if !cfg.Target.IsValid() {
		return Stats{}, fmt.Errorf("%w: no target", ErrConfig)
	}
	if cfg.Count < 0 || cfg.Interval < 0 || cfg.Timeout < 0 || cfg.Size < 0 || cfg.Size > 65000 {
		return Stats{}, fmt.Errorf("%w: negative count, interval or timeout, or a size out of 0..65000", ErrConfig)
	}
	target := cfg.Target.Unmap()
	if cfg.Iface == "" {
		if _, err := route.Lookup(target); err != nil {
			if errors.Is(err, route.ErrNoRoute) {
				return Stats{}, fmt.Errorf("ping: no route to %v: %w", target, err)
			}
			return Stats{}, fmt.Errorf("ping: %w", err)
		}
	}
	interval, timeout := cfg.Interval, cfg.Timeout
	if interval == 0 {
		interval = time.Second
	}
	if timeout == 0 {
		timeout = time.Second
	}
	id := cfg.ID
	if id == 0 {
		id = uint16(os.Getpid())
	}
	st := Stats{Target: target}
	var rtts rttStats
	start := time.Now()
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	var err error
	for seq := 1; cfg.Count == 0 || seq <= cfg.Count; seq++ {
		if seq > 1 {
			next := start.Add(time.Duration(seq-1) * interval)
			if d := time.Until(next); d > 0 {
				if timer == nil {
					timer = time.NewTimer(d)
				} else {
					timer.Reset(d)
				}
				select {
				case <-ctx.Done():
				case <-timer.C:
				}
			}
		}
		if ctx.Err() != nil {
			break
		}
		req := Request(cfg, id, seq)
		sent, reply, rerr := sendrecv.Sr1Context(ctx, req, sendrecv.SrOptions{Iface: cfg.Iface, Timeout: timeout})
		if sent != nil {
			st.Sent++
		}
		if rerr != nil {
			if errors.Is(rerr, sendrecv.ErrNoReply) || ctx.Err() != nil {
				continue
			}
			err = rerr
			break
		}
		r := readReply(seq, sent, reply)
		if r.Error != "" {
			st.Errors++
		} else {
			st.Received++
			rtts.add(r.RTT)
		}
		if fn != nil {
			fn(r)
		}
	}
	rtts.fill(&st)
	st.Elapsed = time.Since(start)
	return st, err
}

// readReply reads the answer to request seq.
func readReply(seq int, sent, reply *packet.Packet) Reply {
	r := Reply{Seq: seq, RTT: max(reply.Metadata.Timestamp.Sub(sent.Metadata.Timestamp), 0)}
	for i, l := range reply.Layers() {
		if q := reply.Quoted(); q > 0 && i >= q {
			break
		}
		switch l := l.(type) {
		case *layers.IPv4:
			r.From, r.TTL = l.Src, l.TTL
			r.Size = max(int(l.Len.Or(0))-l.HeaderLen(), 0)
		case *layers.IPv6:
			r.From, r.TTL = l.Src, l.HopLimit
			r.Size = int(l.PayloadLen.Or(0)) // no extension headers in an echo reply
		case *layers.ICMP:
			r.Type, r.Code = l.Type, l.Code
			if l.Type != layers.ICMPEchoReply {
				r.Error = icmpError(l.Type, l.Code)
			}
			return r
		case *layers.ICMPv6:
			r.Type, r.Code = l.Type, l.Code
			if l.Type != layers.ICMPv6EchoReply {
				r.Error = icmp6Error(l.Type, l.Code)
			}
			return r
		}
	}
	return r
}

// icmpError names an ICMP error as ping(8) prints it.
func icmpError(t, c uint8) string {
	switch t {
	case 3:
		switch c {
		case 0:
			return "Destination Net Unreachable"
		case 1:
			return "Destination Host Unreachable"
		case 2:
			return "Destination Protocol Unreachable"
		case 3:
			return "Destination Port Unreachable"
		case 4:
			return "Frag needed"
		case 9, 10, 13:
			return "Packet filtered"
		}
		return "Dest Unreachable, Bad Code: " + strconv.Itoa(int(c))
	case 4:
		return "Source Quench"
	case 5:
		return "Redirect"
	case 11:
		if c == 1 {
			return "Frag reassembly time exceeded"
		}
		return "Time to live exceeded"
	case 12:
		return "Parameter problem"
	}
	return "Bad ICMP type: " + strconv.Itoa(int(t))
}

// icmp6Error names an ICMPv6 error as ping(8) prints it.
func icmp6Error(t, c uint8) string {
	switch t {
	case 1:
		switch c {
		case 0:
			return "Destination unreachable: No route"
		case 1:
			return "Destination unreachable: Administratively prohibited"
		case 3:
			return "Destination unreachable: Address unreachable"
		case 4:
			return "Destination unreachable: Port unreachable"
		}
		return "Destination unreachable: Unknown code " + strconv.Itoa(int(c))
	case 2:
		return "Packet too big"
	case 3:
		return "Time exceeded: Hop limit"
	case 4:
		return "Parameter problem"
	}
	return "Bad ICMPv6 type: " + strconv.Itoa(int(t))
}
