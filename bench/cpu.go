package bench

import (
	"testing"
	"time"
)

// CPUMetric is the name of the metric every benchmark reports beside
// ns/op: the process CPU time (user + system, all threads, so the garbage
// collector's work counts) per operation. Unlike ns/op it does not grow when
// other processes compete for the machine, so ratios taken from it are
// stable on a busy machine.
const CPUMetric = "cpu-ns/op"

type cpuClock struct {
	start time.Duration
	ok    bool
}

// startCPU is called just before the b.Loop loop.
func startCPU() cpuClock {
	t, ok := processCPU()
	return cpuClock{t, ok}
}

// report adds the CPU metric after the loop.
func (c cpuClock) report(b *testing.B) {
	t, ok := processCPU()
	if c.ok && ok && b.N > 0 {
		b.ReportMetric(float64(t-c.start)/float64(b.N), CPUMetric)
	}
}
