package stream

import (
	"bytes"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

var (
	cli = netip.MustParseAddrPort("10.0.0.1:40000")
	srv = netip.MustParseAddrPort("10.0.0.2:80")
)

// recorder keeps what an Assembler hands over.
type recorder struct {
	data   [2]bytes.Buffer
	events []string
	gaps   [2]int
	closed []CloseReason
	ids    []uint64
}

func (r *recorder) Start(c *Conversation) { r.ids = append(r.ids, c.ID) }

func (r *recorder) Data(c *Conversation, dir Direction, data []byte, info DataInfo) {
	r.data[dir].Write(data)
	r.gaps[dir] += info.Gap
	ev := fmt.Sprintf("%d:%s", dir, data)
	if info.Gap > 0 {
		ev = fmt.Sprintf("%d:gap%d:%s", dir, info.Gap, data)
	}
	r.events = append(r.events, ev)
}

func (r *recorder) Close(c *Conversation, reason CloseReason) { r.closed = append(r.closed, reason) }

// seg makes a segment from src to dst.
func seg(src, dst netip.AddrPort, seq, ack uint32, flags uint8, payload string) *Segment {
	return &Segment{Src: src, Dst: dst, Seq: seq, Ack: ack, Flags: flags, Payload: []byte(payload), Seen: t0}
}

const (
	syn    = layers.TCPSyn
	ack    = layers.TCPAck
	fin    = layers.TCPFin
	rst    = layers.TCPRst
	psh    = layers.TCPPsh
	synack = syn | ack
)

// handshake opens a connection with client ISN ci and server ISN si.
func handshake(a *Assembler, ci, si uint32) {
	a.ProcessSegment(seg(cli, srv, ci, 0, syn, ""))
	a.ProcessSegment(seg(srv, cli, si, ci+1, synack, ""))
	a.ProcessSegment(seg(cli, srv, ci+1, si+1, ack, ""))
}

func newRec(p Policy) (*Assembler, *recorder) {
	r := &recorder{}
	return NewAssembler(Config{Handler: r, Policy: p}), r
}

func TestInOrder(t *testing.T) {
	a, r := newRec(First)
	handshake(a, 1000, 5000)
	a.ProcessSegment(seg(cli, srv, 1001, 5001, psh|ack, "GET / "))
	a.ProcessSegment(seg(cli, srv, 1007, 5001, psh|ack, "HTTP/1.1\r\n\r\n"))
	a.ProcessSegment(seg(srv, cli, 5001, 1019, psh|ack, "HTTP/1.1 200 OK\r\n"))
	if got := r.data[0].String(); got != "GET / HTTP/1.1\r\n\r\n" {
		t.Errorf("client bytes %q", got)
	}
	if got := r.data[1].String(); got != "HTTP/1.1 200 OK\r\n" {
		t.Errorf("server bytes %q", got)
	}
	if len(r.ids) != 1 || r.ids[0] != 0 {
		t.Errorf("conversations %v, want [0]", r.ids)
	}
}

// TestWrapAround: the initial sequence numbers sit just below 2^32, so
// the sequence numbers wrap inside the data, which also arrives out of
// order around the wrap.
func TestWrapAround(t *testing.T) {
	for _, p := range []Policy{First, Last} {
		a, r := newRec(p)
		ci := uint32(1<<32 - 3) // data starts at 2^32-2
		handshake(a, ci, 1<<32-1)
		a.ProcessSegment(seg(cli, srv, ci+1+4, 0, ack, "EFGH")) // seq 2: after the wrap
		a.ProcessSegment(seg(cli, srv, ci+1, 0, ack, "ABCD"))   // seq 2^32-2 .. 1
		a.ProcessSegment(seg(cli, srv, ci+1+8, 0, ack, "IJ"))
		a.ProcessSegment(seg(srv, cli, 0, 0, ack, "xyz")) // server ISN 2^32-1: data at 0
		if got := r.data[0].String(); got != "ABCDEFGHIJ" {
			t.Errorf("%v: client bytes %q", p, got)
		}
		if got := r.data[1].String(); got != "xyz" {
			t.Errorf("%v: server bytes %q", p, got)
		}
	}
}

// TestOutOfOrder: segments arrive in reverse order; they are handed over
// once the first one arrives, each as it came.
func TestOutOfOrder(t *testing.T) {
	a, r := newRec(First)
	handshake(a, 0, 0)                                  // data starts at seq 1
	a.ProcessSegment(seg(cli, srv, 8, 1, ack, "hij"))   // seq 8..10
	a.ProcessSegment(seg(cli, srv, 5, 1, ack, "efghi")) // seq 5..9, overlaps the first
	if r.data[0].Len() != 0 {
		t.Fatalf("handed over before the gap filled: %q", r.data[0].String())
	}
	if a.Buffered() == 0 {
		t.Error("nothing buffered")
	}
	a.ProcessSegment(seg(cli, srv, 1, 1, ack, "abcd"))
	if got := r.data[0].String(); got != "abcdefghij" {
		t.Errorf("bytes %q", got)
	}
	// tshark's order: the segment that fills the gap, then the buffered
	// ones that continue the stream, each trimmed of what was handed over.
	want := []string{"0:abcd", "0:efghi", "0:j"}
	if strings.Join(r.events, "|") != strings.Join(want, "|") {
		t.Errorf("events %q, want %q", r.events, want)
	}
	if a.Buffered() != 0 {
		t.Errorf("%d bytes still buffered", a.Buffered())
	}
}

// TestRetransmissionPolicies: a retransmission carries other bytes than
// the original for the same sequence numbers, while the original waits
// for a gap; First keeps the original, Last the retransmission. Bytes
// already handed over are never replaced.
func TestRetransmissionPolicies(t *testing.T) {
	for _, tc := range []struct {
		p    Policy
		want string
	}{{First, "0123AAAA89xx"}, {Last, "0123BBBB89xx"}} {
		a, r := newRec(tc.p)
		handshake(a, 0, 0)
		a.ProcessSegment(seg(cli, srv, 1, 1, ack, "0123"))
		a.ProcessSegment(seg(cli, srv, 1, 1, ack, "zzzz")) // delivered bytes win under both
		a.ProcessSegment(seg(cli, srv, 9, 1, ack, "AAAA"))
		a.ProcessSegment(seg(cli, srv, 9, 1, ack, "BBBB"))
		a.ProcessSegment(seg(cli, srv, 13, 1, ack, "89xx"))
		a.ProcessSegment(seg(cli, srv, 5, 1, ack, "4567"))
		got := r.data[0].String()
		want := "0123" + "4567" + tc.want[4:]
		if got != want {
			t.Errorf("%v: %q, want %q", tc.p, got, want)
		}
	}
}

// TestOverlapPolicies: an in-order segment overlaps bytes that wait in
// the buffer (which arrived first) with other bytes.
func TestOverlapPolicies(t *testing.T) {
	for _, tc := range []struct {
		p    Policy
		want string
	}{{First, "abcdOLDdefgh"}, {Last, "abcdNEWdefgh"}} {
		a, r := newRec(tc.p)
		handshake(a, 0, 0)
		a.ProcessSegment(seg(cli, srv, 5, 1, ack, "OLD"))        // seq 5..8, waits
		a.ProcessSegment(seg(cli, srv, 8, 1, ack, "defgh"))      // seq 8..13
		a.ProcessSegment(seg(cli, srv, 1, 1, ack, "abcdNEWdef")) // seq 1..11 overlaps both
		if got := r.data[0].String(); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.p, got, tc.want)
		}
		// overlapping out-of-order segments among themselves
		a, r = newRec(tc.p)
		handshake(a, 0, 0)
		a.ProcessSegment(seg(cli, srv, 3, 1, ack, "CDEF"))
		a.ProcessSegment(seg(cli, srv, 5, 1, ack, "efgh"))
		a.ProcessSegment(seg(cli, srv, 1, 1, ack, "ab"))
		want := map[Policy]string{First: "abCDEFgh", Last: "abCDefgh"}[tc.p]
		if got := r.data[0].String(); got != want {
			t.Errorf("%v: %q, want %q", tc.p, got, want)
		}
	}
}

func TestRST(t *testing.T) {
	a, r := newRec(First)
	handshake(a, 0, 0)
	a.ProcessSegment(seg(cli, srv, 1, 1, ack, "abc"))
	a.ProcessSegment(seg(cli, srv, 10, 1, ack, "waiting"))
	a.ProcessSegment(seg(srv, cli, 0, 0, rst, "")) // stale: before the next byte
	if len(r.closed) != 0 {
		t.Fatalf("stale reset closed the conversation: %v", r.closed)
	}
	c := a.ProcessSegment(seg(srv, cli, 1, 4, rst|ack, ""))
	if len(r.closed) != 1 || r.closed[0] != ClosedRST || c.Closed() != ClosedRST {
		t.Fatalf("closed %v", r.closed)
	}
	if got := r.data[0].String(); got != "abc" {
		t.Errorf("bytes %q: waiting ones must be dropped on reset", got)
	}
	if a.Buffered() != 0 || a.Stats().Dropped != 7 {
		t.Errorf("buffered %d, dropped %d", a.Buffered(), a.Stats().Dropped)
	}
	// late packets of the closed connection are ignored, not a new one
	a.ProcessSegment(seg(cli, srv, 4, 1, ack, "late"))
	if r.data[0].String() != "abc" || len(r.ids) != 1 {
		t.Errorf("late segment: bytes %q, conversations %v", r.data[0].String(), r.ids)
	}
	// a new SYN (another ISN) is a new connection
	a.ProcessSegment(seg(cli, srv, 777, 0, syn, ""))
	if len(r.ids) != 2 || r.ids[1] != 1 {
		t.Errorf("conversations %v after a new SYN", r.ids)
	}
}

func TestFIN(t *testing.T) {
	a, r := newRec(First)
	handshake(a, 0, 100)
	a.ProcessSegment(seg(cli, srv, 1, 101, ack|fin, "bye")) // FIN with data
	a.ProcessSegment(seg(srv, cli, 104, 5, ack, "late"))    // out of order: seq 101..104 missing
	a.ProcessSegment(seg(srv, cli, 108, 5, ack|fin, ""))
	if len(r.closed) != 0 {
		t.Fatalf("closed before the server's bytes were all there: %v", r.closed)
	}
	a.ProcessSegment(seg(srv, cli, 101, 5, ack, "abc"))
	if len(r.closed) != 1 || r.closed[0] != ClosedFIN {
		t.Fatalf("closed %v, want [fin]", r.closed)
	}
	if r.data[0].String() != "bye" || r.data[1].String() != "abclate" {
		t.Errorf("bytes %q %q", r.data[0].String(), r.data[1].String())
	}
	// the last ACK of the close does not start a conversation
	a.ProcessSegment(seg(cli, srv, 5, 109, ack, ""))
	if len(r.ids) != 1 {
		t.Errorf("conversations %v", r.ids)
	}
}

// TestMidStream: no handshake seen; the first packet's sender is the
// client, bytes are handed over from there.
func TestMidStream(t *testing.T) {
	a, r := newRec(First)
	c := a.ProcessSegment(seg(srv, cli, 123456, 999, ack, "tail of a response"))
	a.ProcessSegment(seg(cli, srv, 999, 123474, ack, "GET /next"))
	if c.Client != srv || c.Server != cli {
		t.Errorf("client %v server %v", c.Client, c.Server)
	}
	if r.data[ClientToServer].String() != "tail of a response" || r.data[ServerToClient].String() != "GET /next" {
		t.Errorf("bytes %q %q", r.data[0].String(), r.data[1].String())
	}
	// a SYN-ACK seen first: its receiver is the client
	c = a.ProcessSegment(seg(netip.MustParseAddrPort("10.9.9.9:443"), cli, 7, 11, synack, ""))
	if c.Client != cli {
		t.Errorf("client %v after a SYN-ACK", c.Client)
	}
}

// TestAckSkipsGap: the receiver acknowledges past a hole, so the bytes
// were lost from the capture only: they are skipped and reported, as
// tshark's "[N bytes missing in capture file]".
func TestAckSkipsGap(t *testing.T) {
	a, r := newRec(First)
	handshake(a, 0, 0)
	a.ProcessSegment(seg(cli, srv, 1, 1, ack, "abc"))
	a.ProcessSegment(seg(cli, srv, 10, 1, ack, "xyz"))
	a.ProcessSegment(seg(srv, cli, 1, 10, ack, "")) // acks up to the hole: no skip
	if r.gaps[0] != 0 {
		t.Fatal("skipped too early")
	}
	a.ProcessSegment(seg(srv, cli, 1, 13, ack, ""))
	if r.gaps[0] != 6 || r.data[0].String() != "abcxyz" {
		t.Errorf("gap %d, bytes %q", r.gaps[0], r.data[0].String())
	}
}

func TestTruncated(t *testing.T) {
	a, r := newRec(First)
	handshake(a, 0, 0)
	s := seg(cli, srv, 1, 1, ack, "abc")
	s.WireLen = 10
	var trunc int
	a.cfg.Handler = HandlerFuncs{DataFunc: func(c *Conversation, dir Direction, data []byte, info DataInfo) {
		r.Data(c, dir, data, info)
		trunc += info.Truncated
	}}
	a.ProcessSegment(s)
	a.ProcessSegment(seg(cli, srv, 11, 1, ack, "next"))
	if r.data[0].String() != "abcnext" || trunc != 7 {
		t.Errorf("bytes %q truncated %d", r.data[0].String(), trunc)
	}
}

func TestTimeoutAndFlush(t *testing.T) {
	r := &recorder{}
	a := NewAssembler(Config{Handler: r, Timeout: time.Minute})
	s := seg(cli, srv, 0, 0, syn, "")
	a.ProcessSegment(s)
	s = seg(cli, srv, 5, 0, ack, "later")
	a.ProcessSegment(s)
	other := netip.MustParseAddrPort("10.0.0.3:1234")
	s = seg(other, srv, 0, 0, syn, "")
	s.Seen = t0.Add(2 * time.Minute)
	a.ProcessSegment(s)
	if len(r.closed) != 1 || r.closed[0] != ClosedTimeout || r.data[0].String() != "later" || r.gaps[0] != 4 {
		t.Errorf("closed %v, bytes %q, gap %d", r.closed, r.data[0].String(), r.gaps[0])
	}
	if n := a.FlushOlderThan(t0.Add(3 * time.Minute)); n != 1 {
		t.Errorf("FlushOlderThan closed %d", n)
	}
	a.ProcessSegment(seg(cli, srv, 50, 0, ack, "x"))
	a.FlushAll()
	if a.Flows() != 0 || r.closed[len(r.closed)-1] != ClosedFlush {
		t.Errorf("flows %d, closed %v", a.Flows(), r.closed)
	}
}

func TestMaxFlowsEvicts(t *testing.T) {
	r := &recorder{}
	a := NewAssembler(Config{Handler: r, MaxFlows: 3})
	for i := range 5 {
		src := netip.AddrPortFrom(cli.Addr(), uint16(1000+i))
		a.ProcessSegment(seg(src, srv, 0, 0, syn, ""))
	}
	if a.Flows() != 3 || a.Stats().Evicted != 2 {
		t.Errorf("flows %d evicted %d", a.Flows(), a.Stats().Evicted)
	}
	if len(r.closed) != 2 || r.closed[0] != ClosedEvicted {
		t.Errorf("closed %v", r.closed)
	}
}

// TestProcessPacket goes through dissected packets: Ethernet padding is
// not payload, a TCP header quoted by an ICMP error is no segment.
func TestProcessPacket(t *testing.T) {
	a, r := newRec(First)
	frame, err := goscapy.NewEthernet().Over(goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
		Over(goscapy.NewTCP().SrcPort(40000).DstPort(80).Seq(7).Flags(layers.TCPAck)).
		Over(goscapy.NewRaw([]byte("hi"))).Build()
	if err != nil {
		t.Fatal(err)
	}
	frame = append(frame, make([]byte, 60-len(frame))...) // Ethernet padding
	p, err := goscapy.Dissect(frame)
	if err != nil {
		t.Fatal(err)
	}
	c := a.Process(p, t0)
	if c == nil || r.data[0].String() != "hi" {
		t.Fatalf("conversation %v bytes %q", c, r.data[0].String())
	}
	var s Segment
	if !SegmentOf(p, &s) || s.WireLen != 2 || s.Src != cli {
		t.Errorf("segment %+v", s)
	}
	if a.Process(packet.New(layers.NewIPv4()), t0) != nil {
		t.Error("a packet without TCP gave a conversation")
	}
}

// TestInOrderNoAlloc: once the conversation exists, in-order segments
// are handed over without any allocation, through Process too.
func TestInOrderNoAlloc(t *testing.T) {
	var n int
	a := NewAssembler(Config{Handler: HandlerFuncs{DataFunc: func(_ *Conversation, _ Direction, d []byte, _ DataInfo) { n += len(d) }}})
	frame, err := goscapy.NewEthernet().Over(goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
		Over(goscapy.NewTCP().SrcPort(40000).DstPort(80).Seq(1).Flags(layers.TCPAck)).
		Over(goscapy.NewRaw(bytes.Repeat([]byte("x"), 1000))).Build()
	if err != nil {
		t.Fatal(err)
	}
	dec := goscapy.NewDecoder()
	seq := uint32(1)
	put := func() {
		frame[14+20+4], frame[14+20+5], frame[14+20+6], frame[14+20+7] = byte(seq>>24), byte(seq>>16), byte(seq>>8), byte(seq)
		p, _ := dec.Decode(frame)
		a.Process(p, t0)
		seq += 1000
	}
	put()
	s := seg(cli, srv, 0, 0, ack, "")
	s.Payload = make([]byte, 100)
	if allocs := testing.AllocsPerRun(1000, put); allocs != 0 {
		t.Errorf("Process: %v allocations per in-order segment", allocs)
	}
	sseq := uint32(0)
	a.ProcessSegment(seg(srv, cli, 0, 0, ack, ""))
	if allocs := testing.AllocsPerRun(1000, func() {
		s := Segment{Src: srv, Dst: cli, Seq: sseq, Flags: ack, Payload: s.Payload}
		a.ProcessSegment(&s)
		sseq += 100
	}); allocs != 0 {
		t.Errorf("ProcessSegment: %v allocations per in-order segment", allocs)
	}
	if n != 1002*1000+1001*100 { // AllocsPerRun runs once more to warm up
		t.Errorf("%d bytes handed over", n)
	}
}

// TestBufferLimits: when a conversation's buffer is full its oldest hole
// is skipped and reported; when the assembler's total is reached the
// least recently active conversation holding bytes is flushed.
func TestBufferLimits(t *testing.T) {
	r := &recorder{}
	// each 100-byte segment costs 128 (its buffer) + 64 (overhead)
	a := NewAssembler(Config{Handler: r, MaxBufferedPerFlow: 3 * 192, MaxBufferedTotal: 4*192 + 100})
	handshake(a, 0, 0)
	chunk := strings.Repeat("x", 100)
	for i := range 3 { // holes before each: seq 1..100 never comes
		a.ProcessSegment(seg(cli, srv, uint32(101+200*i), 1, ack, chunk))
	}
	if r.data[0].Len() != 0 || a.Buffered() != 3*192 {
		t.Fatalf("handed over %d, buffered %d", r.data[0].Len(), a.Buffered())
	}
	a.ProcessSegment(seg(cli, srv, 701, 1, ack, chunk)) // no room: the first hole goes
	if r.gaps[0] != 100 || r.data[0].String() != chunk || a.Buffered() != 3*192 {
		t.Errorf("gap %d, handed over %d, buffered %d", r.gaps[0], r.data[0].Len(), a.Buffered())
	}
	other := netip.MustParseAddrPort("10.0.0.9:5555")
	a.ProcessSegment(seg(other, srv, 0, 0, syn, ""))
	a.ProcessSegment(seg(other, srv, 11, 0, ack, chunk))
	a.ProcessSegment(seg(other, srv, 211, 0, ack, chunk)) // total passed: the first conversation is flushed
	if a.Buffered() != 2*192 || r.data[0].Len() != 4*100 || r.gaps[0] != 100+3*100 {
		t.Errorf("buffered %d, handed over %d, gaps %d", a.Buffered(), r.data[0].Len(), r.gaps[0])
	}
	if a.Stats().ForcedGaps == 0 {
		t.Error("no forced gap counted")
	}
}

// TestFINAfterLostBytes: the bytes before a FIN never reach the capture,
// but the peer acknowledges the FIN: the conversation still closes.
func TestFINAfterLostBytes(t *testing.T) {
	a, r := newRec(First)
	handshake(a, 0, 0)
	a.ProcessSegment(seg(cli, srv, 11, 1, ack|fin, "")) // bytes 1..10 lost
	a.ProcessSegment(seg(srv, cli, 1, 1, ack, ""))      // acknowledges nothing of them
	if len(r.closed) != 0 {
		t.Fatal("closed before the FIN was acknowledged")
	}
	c := a.ProcessSegment(seg(srv, cli, 1, 12, ack|fin, "")) // acknowledges the FIN, and ends too
	if len(r.closed) != 1 || r.closed[0] != ClosedFIN || c.Gaps[0] != 10 {
		t.Errorf("closed %v, gaps %v", r.closed, c.Gaps)
	}
}
