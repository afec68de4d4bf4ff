//go:build linux

package bench

import (
	"testing"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sendrecv"
)

// The Sr benchmarks run in a pair of network namespaces made for them:
// "a" (198.18.9.2/24 on veth sa0) and "b" (198.18.9.3/24 on sb0), whose
// kernel answers. Nothing leaves the namespaces; they are deleted when
// the benchmark ends. They need root and iproute2, and are skipped
// otherwise.
//
// Scapy's figures for the same work (issue 5): 24 ms per sr1() and, with
// 200 requests in flight, 43 answers lost.

// newSrPair: a (198.18.9.2/24 on sa0) and b (198.18.9.3/24 on sb0).
func newSrPair(b *testing.B) *vethPair {
	return newVethPair(b, "sr", "sa0", "sb0", "198.18.9", nil)
}

// BenchmarkSr10kSYN: one Sr call of 10,000 TCP SYNs to closed ports of
// the peer, all in flight at once; the peer's kernel answers each with a
// RST. Reports the requests answered per second (sending, receiving and
// matching included) and the answers lost per call (goal: 0).
func BenchmarkSr10kSYN(b *testing.B) {
	p := newSrPair(b)
	const n = 10000
	pkts := make([]*packet.Packet, n)
	for i := range pkts {
		pkts[i] = goscapy.NewIP().DstIP("198.18.9.3").
			Over(goscapy.NewTCP().SrcPort(uint16(20000 + i)).DstPort(uint16(1 + i%1000)).Flags(layers.TCPSyn)).Packet()
	}
	p.inA(b, func() error {
		// Warm up: the neighbour entry and the raw socket.
		if _, _, err := sendrecv.Sr1(pkts[0], "", 2*time.Second, nil); err != nil {
			return err
		}
		lost := 0
		b.ReportAllocs()
		b.ResetTimer()
		start := time.Now()
		for b.Loop() {
			res, err := sendrecv.Sr(pkts, "sa0", 5*time.Second, nil)
			if err != nil {
				return err
			}
			lost += len(res.Unanswered)
		}
		elapsed := time.Since(start)
		b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "answers/s")
		b.ReportMetric(float64(lost)/float64(b.N), "lost/op")
		return nil
	})
}

// BenchmarkSr1RTT: one Sr1 call per operation, an ICMP echo to the peer
// and its reply (a socket opened, a filter compiled and attached, the
// request sent, the answer read and matched, the socket closed). Goal:
// under 5 ms per call; Scapy's sr1() takes 24 ms.
func BenchmarkSr1RTT(b *testing.B) {
	p := newSrPair(b)
	pkt := goscapy.NewIP().DstIP("198.18.9.3").Over(goscapy.NewICMP().ID(1).Seq(1)).Packet()
	p.inA(b, func() error {
		if _, _, err := sendrecv.Sr1(pkt, "", 2*time.Second, nil); err != nil {
			return err
		}
		b.ReportAllocs()
		b.ResetTimer()
		start := time.Now()
		for b.Loop() {
			if _, _, err := sendrecv.Sr1(pkt, "", 2*time.Second, nil); err != nil {
				return err
			}
		}
		b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/sr1")
		return nil
	})
}
