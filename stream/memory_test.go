package stream

import (
	"encoding/binary"
	"math/rand/v2"
	"net/netip"
	"runtime"
	"testing"
	"time"
)

// checkBounds fails when the Assembler holds more than its limits allow.
func checkBounds(t testing.TB, a *Assembler) {
	t.Helper()
	cfg := a.Config()
	if a.Buffered() > cfg.MaxBufferedTotal {
		t.Fatalf("%d bytes buffered, limit %d", a.Buffered(), cfg.MaxBufferedTotal)
	}
	if a.Flows() > cfg.MaxFlows {
		t.Fatalf("%d flows, limit %d", a.Flows(), cfg.MaxFlows)
	}
	sum := 0
	for _, c := range a.flows {
		if c.Buffered() > cfg.MaxBufferedPerFlow {
			t.Fatalf("conversation %d holds %d bytes, limit %d", c.ID, c.Buffered(), cfg.MaxBufferedPerFlow)
		}
		sum += c.Buffered()
	}
	if sum != a.Buffered() {
		t.Fatalf("conversations hold %d bytes, the assembler counts %d", sum, a.Buffered())
	}
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestAdversarialMemory: an attacker opens many connections and never
// completes them, and sends endless out-of-order segments (never filling
// the holes, overlapping each other, tiny and large) on many of them. The
// buffered bytes, the number of flows and the heap stay under the limits.
func TestAdversarialMemory(t *testing.T) {
	const (
		perFlow  = 64 << 10
		total    = 1 << 20
		maxFlows = 2000
	)
	var delivered, gaps int
	a := NewAssembler(Config{
		MaxBufferedPerFlow: perFlow, MaxBufferedTotal: total, MaxFlows: maxFlows,
		Handler: HandlerFuncs{DataFunc: func(_ *Conversation, _ Direction, d []byte, info DataInfo) {
			delivered += len(d)
			gaps += info.Gap
		}},
	})
	before := heapInUse()
	rng := rand.New(rand.NewPCG(1, 2))
	payload := make([]byte, 1500)
	dst := netip.MustParseAddrPort("192.0.2.80:80")
	n := 200000
	if testing.Short() {
		n = 50000
	}
	ts := t0
	peak := 0
	for i := range n {
		ts = ts.Add(time.Microsecond)
		var ip [4]byte
		binary.BigEndian.PutUint32(ip[:], 0x0a000000|uint32(rng.IntN(1<<16)))
		src := netip.AddrPortFrom(netip.AddrFrom4(ip), uint16(1024+rng.IntN(64)))
		s := Segment{Src: src, Dst: dst, Seen: ts}
		switch rng.IntN(4) {
		case 0: // a half-open connection
			s.Flags, s.Seq = syn, rng.Uint32()
		default: // out-of-order bytes far ahead of the SYN, holes never filled
			s.Flags = ack
			s.Seq = uint32(1000 + rng.IntN(1<<20))
			l := 1 + rng.IntN(len(payload))
			if rng.IntN(2) == 0 {
				l = 1 + rng.IntN(8) // tiny segments cost their overhead
			}
			s.Payload = payload[:l]
			if i%3 == 0 {
				s.Src = netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, 1, 0, byte(i % 41)}), 1000) // busy flows: more than the total allows
				if a.flows[keyOf(s.Src, dst)] == nil {
					a.ProcessSegment(&Segment{Src: s.Src, Dst: dst, Flags: syn, Seen: ts})
				}
			}
		}
		a.ProcessSegment(&s)
		peak = max(peak, a.Buffered())
		if i%997 == 0 {
			checkBounds(t, a)
		}
	}
	checkBounds(t, a)
	after := heapInUse()
	// The limits, the flows' own state (about half a kilobyte each), the
	// recycled buffers and the flow table, with room for the runtime.
	bound := uint64(total + maxFlows*2048 + 8<<20)
	if after > before && after-before > bound {
		t.Errorf("heap grew by %d bytes, bound %d", after-before, bound)
	}
	st := a.Stats()
	if st.ForcedGaps == 0 || st.Evicted == 0 || gaps == 0 || peak < total*3/4 {
		t.Errorf("the limits were not exercised: %+v, gaps %d", st, gaps)
	}
	t.Logf("heap +%d KiB, %d flows, %d buffered (peak %d), %+v, %d bytes handed over after %d skipped",
		(int64(after)-int64(before))>>10, a.Flows(), a.Buffered(), peak, st, delivered, gaps)
	a.FlushAll()
	if a.Buffered() != 0 || a.Flows() != 0 {
		t.Errorf("after FlushAll: %d buffered, %d flows", a.Buffered(), a.Flows())
	}
}

// FuzzAssembler feeds random segments of a few connections. Every
// segment carries, at each sequence number, the byte the sequence number
// gives, so whatever is handed over can be checked; the limits must hold
// and nothing may panic.
func FuzzAssembler(f *testing.F) {
	f.Add([]byte{0, 2, 0, 0, 4, 1, 1, 0x10, 0, 1, 4, 0, 0x10, 0, 9, 3})
	f.Add([]byte{3, 2, 0xff, 0xf0, 0, 2, 0x12, 0, 0, 0, 7, 0x10, 0xff, 0xf1, 30, 1, 0x04, 0, 0, 0})
	f.Fuzz(func(t *testing.T, ops []byte) {
		type key struct {
			c   *Conversation
			dir Direction
		}
		next := map[key]uint32{}
		policy := First
		if len(ops) > 0 && ops[0]&0x80 != 0 {
			policy = Last
		}
		var a *Assembler
		a = NewAssembler(Config{
			Policy: policy, MaxBufferedPerFlow: 4096, MaxBufferedTotal: 8192, MaxFlows: 3,
			Handler: HandlerFuncs{
				DataFunc: func(c *Conversation, dir Direction, d []byte, info DataInfo) {
					k := key{c, dir}
					if want, ok := next[k]; ok && info.Seq != want+uint32(info.Gap) {
						t.Fatalf("data at %d after a gap of %d, expected %d", info.Seq, info.Gap, want)
					}
					src, _ := c.Endpoints(dir)
					for i, b := range d {
						if w := byteAt(src, info.Seq+uint32(i)); b != w {
							t.Fatalf("byte at seq %d is %#x, want %#x", info.Seq+uint32(i), b, w)
						}
					}
					next[k] = info.Seq + uint32(len(d)+info.Truncated)
				},
				CloseFunc: func(c *Conversation, _ CloseReason) {
					delete(next, key{c, 0})
					delete(next, key{c, 1})
				},
			},
		})
		eps := []netip.AddrPort{
			netip.MustParseAddrPort("10.0.0.1:1"), netip.MustParseAddrPort("10.0.0.2:2"),
			netip.MustParseAddrPort("[2001:db8::1]:3"), netip.MustParseAddrPort("10.0.0.4:4"),
		}
		buf := make([]byte, 300)
		for len(ops) >= 5 {
			op := ops[0]
			src, dst := eps[op&3], eps[op>>2&3]
			if src == dst {
				dst = eps[(op&3+1)&3]
			}
			seq := uint32(ops[1])<<24 | uint32(ops[2])<<8 | uint32(op>>4)
			flags := ops[3]
			n := int(ops[4]) % len(buf)
			s := Segment{Src: src, Dst: dst, Seq: seq, Ack: seq ^ 0x5a5a, Flags: flags, Seen: t0}
			start := seq
			if flags&syn != 0 {
				start++
			}
			for i := range n {
				buf[i] = byteAt(src, start+uint32(i))
			}
			s.Payload = buf[:n]
			if op&0x40 != 0 && n > 3 {
				s.WireLen = n + 5
				s.Payload = buf[:n-3]
			}
			a.ProcessSegment(&s)
			checkBounds(t, a)
			ops = ops[5:]
		}
		a.FlushAll()
		if a.Buffered() != 0 {
			t.Fatalf("%d bytes buffered after FlushAll", a.Buffered())
		}
	})
}

// byteAt is the byte a fuzzed sender puts at a sequence number.
func byteAt(src netip.AddrPort, seq uint32) byte {
	return byte(seq*31+seq>>8) ^ byte(src.Port())
}
