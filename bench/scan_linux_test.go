//go:build linux

package bench

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/goscapy/goscapy/tools/scan"
)

// The scan benchmark runs in a pair of network namespaces made for it:
// "a" (198.18.8.2/24 on veth ka0), the scanner, and "b" (198.18.8.3/24 on
// kb0), whose kernel answers for every address of 198.19.0.0/16 (a local
// route: AnyIP), so a scan can have many hosts. Nothing leaves the
// namespaces; they are deleted when the benchmark ends. It needs root and
// iproute2, and is skipped otherwise.

// newScanPair: a (198.18.8.2/24 on ka0) and b (198.18.8.3/24 on kb0),
// b answering for all of 198.19.0.0/16, routed from a through b.
func newScanPair(b *testing.B) *vethPair {
	return newVethPair(b, "scan", "ka0", "kb0", "198.18.8", func(p *vethPair) [][]string {
		return [][]string{
			{"-n", p.b, "route", "add", "local", "198.19.0.0/16", "dev", "lo"},
			{"-n", p.a, "route", "add", "198.19.0.0/16", "via", "198.18.8.3"},
		}
	})
}

// BenchmarkScanSYN: a stateless SYN scan (tools/scan) of 256 hosts × 100
// closed ports (25,600 probes, one round, no rate limit) against the
// peer's kernel, which answers every SYN with a RST. Reports the probes
// sent per second (the time to the last probe: the wait for late answers
// is left out), the valid answers per second of the whole scan, and the
// answers lost per scan (probes without an answer; goal: 0).
func BenchmarkScanSYN(b *testing.B) {
	p := newScanPair(b)
	targets, err := scan.NewTargets(netip.MustParsePrefix("198.19.7.0/24"))
	if err != nil {
		b.Fatal(err)
	}
	ports, _ := scan.ParsePorts("2000-2099")
	const timeout = 300 * time.Millisecond
	var probes, answers, lost, dropped uint64
	var sending, total time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cfg := scan.Config{Targets: targets, Ports: ports, Timeout: timeout, Seed: uint64(i)}
		var st scan.Stats
		p.inA(b, func() error {
			var err error
			st, err = scan.Scan(context.Background(), cfg, nil)
			return err
		})
		if st.Closed+st.Open+st.Filtered != st.Targets {
			b.Fatalf("stats %+v", st)
		}
		probes += st.Probes
		answers += st.Answers - st.Dups
		lost += st.Targets - (st.Answers - st.Dups)
		dropped += st.Dropped
		sending += st.Elapsed - timeout
		total += st.Elapsed
	}
	b.StopTimer()
	b.ReportMetric(float64(probes)/sending.Seconds(), "probes/s")
	b.ReportMetric(float64(answers)/total.Seconds(), "answers/s")
	b.ReportMetric(float64(lost)/float64(b.N), "lost/op")
	b.ReportMetric(float64(dropped)/float64(b.N), "dropped/op")
}
