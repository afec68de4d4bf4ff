package bench

import (
	"fmt"
	"io"
	"slices"
	"testing"
)

// Side is one library's measurement of a pair.
type Side struct {
	NsPerOp     float64 // wall time per operation
	CPUNsPerOp  float64 // process CPU time per operation (0: not measured)
	AllocsPerOp int64
	BytesPerOp  int64
}

// Result is the outcome of one pair.
type Result struct {
	Pair              Pair
	Goscapy, Gopacket Side
	// Ratio is goscapy's time divided by gopacket's, wall clock.
	Ratio float64
	// CPURatio is the same with CPU time (0 when not measured).
	CPURatio float64
	// Status is "pass" or "FAIL" (judged on CPURatio when it was measured,
	// on Ratio otherwise) or "error" when a side failed.
	Status string
}

// Run measures every pair whose name match accepts (all when match is nil)
// count times with testing.Benchmark, the two sides alternating, and keeps
// the median of each figure (the fastest with best set).
func Run(count int, best bool, match func(name string) bool) []Result {
	count = max(count, 1)
	var out []Result
	for _, p := range Pairs() {
		if match != nil && !match(p.Name) {
			continue
		}
		var ours, theirs []testing.BenchmarkResult
		for range count {
			ours = append(ours, testing.Benchmark(p.Goscapy))
			theirs = append(theirs, testing.Benchmark(p.Gopacket))
		}
		r := Result{Pair: p, Status: "error"}
		var ok1, ok2 bool
		r.Goscapy, ok1 = summarize(ours, best)
		r.Gopacket, ok2 = summarize(theirs, best)
		if ok1 && ok2 {
			r.Ratio = r.Goscapy.NsPerOp / max(r.Gopacket.NsPerOp, 1e-9)
			ratio := r.Ratio
			if r.Goscapy.CPUNsPerOp > 0 && r.Gopacket.CPUNsPerOp > 0 {
				r.CPURatio = r.Goscapy.CPUNsPerOp / r.Gopacket.CPUNsPerOp
				ratio = r.CPURatio
			}
			r.Status = "FAIL"
			if ratio <= p.Goal {
				r.Status = "pass"
			}
		}
		out = append(out, r)
	}
	return out
}

// summarize takes the median (or smallest) of each figure over the runs; it
// fails when a run failed (testing.Benchmark then returns N == 0).
func summarize(rs []testing.BenchmarkResult, best bool) (Side, bool) {
	var ns, cpu []float64
	for _, r := range rs {
		if r.N == 0 {
			return Side{}, false
		}
		ns = append(ns, float64(r.T.Nanoseconds())/float64(r.N))
		if c, ok := r.Extra[CPUMetric]; ok {
			cpu = append(cpu, c)
		}
	}
	pick := func(v []float64) float64 {
		if len(v) == 0 {
			return 0
		}
		v = slices.Clone(v)
		slices.Sort(v)
		if best {
			return v[0]
		}
		return v[len(v)/2]
	}
	last := rs[len(rs)-1]
	return Side{NsPerOp: pick(ns), CPUNsPerOp: pick(cpu), AllocsPerOp: last.AllocsPerOp(), BytesPerOp: last.AllocedBytesPerOp()}, true
}

// WriteTable prints the results as an aligned table.
func WriteTable(w io.Writer, rs []Result) error {
	if _, err := fmt.Fprintf(w, "%-14s %10s %10s %6s | %10s %10s %6s | %6s %6s %5s  %s\n",
		"name", "goscapy", "cpu", "allocs", "gopacket", "cpu", "allocs", "ratio", "cpu", "goal", "result"); err != nil {
		return err
	}
	if _, err := fmt.Fprintf(w, "%-14s %10s %10s %6s | %10s %10s %6s | %6s %6s %5s\n",
		"", "ns/op", "ns/op", "/op", "ns/op", "ns/op", "/op", "", "ratio", ""); err != nil {
		return err
	}
	for _, r := range rs {
		var err error
		if r.Status == "error" {
			_, err = fmt.Fprintf(w, "%-14s %10s %10s %6s | %10s %10s %6s | %6s %6s %5.2f  error (go test -bench %s says why)\n",
				r.Pair.Name, "-", "-", "-", "-", "-", "-", "-", "-", r.Pair.Goal, r.Pair.Name)
		} else {
			_, err = fmt.Fprintf(w, "%-14s %10.1f %10.1f %6d | %10.1f %10.1f %6d | %6.2f %6.2f %5.2f  %s\n",
				r.Pair.Name, r.Goscapy.NsPerOp, r.Goscapy.CPUNsPerOp, r.Goscapy.AllocsPerOp,
				r.Gopacket.NsPerOp, r.Gopacket.CPUNsPerOp, r.Gopacket.AllocsPerOp,
				r.Ratio, r.CPURatio, r.Pair.Goal, r.Status)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
