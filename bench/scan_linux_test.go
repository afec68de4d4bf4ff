//go:build linux

package bench

import (
	"bytes"
	"context"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goscapy/goscapy/tools/scan"
	"golang.org/x/sys/unix"
)

// The scan benchmark runs in a pair of network namespaces made for it:
// "a" (198.18.8.2/24 on veth ka0), the scanner, and "b" (198.18.8.3/24 on
// kb0), whose kernel answers for every address of 198.19.0.0/16 (a local
// route: AnyIP), so a scan can have many hosts. Nothing leaves the
// namespaces; they are deleted when the benchmark ends. It needs root and
// iproute2, and is skipped otherwise.

var scanPairCounter atomic.Int32

type scanPair struct{ a, b string }

func newScanPair(b *testing.B) *scanPair {
	b.Helper()
	if os.Geteuid() != 0 {
		b.Skip("skipped: needs root (creates network namespaces); run as root")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		b.Skip("skipped: needs iproute2 (ip)")
	}
	id := fmt.Sprintf("gsbench-scan-%d-%d", os.Getpid(), scanPairCounter.Add(1))
	p := &scanPair{a: id + "-a", b: id + "-b"}
	b.Cleanup(func() {
		exec.Command("ip", "netns", "del", p.a).Run()
		exec.Command("ip", "netns", "del", p.b).Run()
	})
	for _, args := range [][]string{
		{"netns", "add", p.a},
		{"netns", "add", p.b},
		{"-n", p.a, "link", "add", "ka0", "type", "veth", "peer", "name", "kb0", "netns", p.b},
		{"-n", p.a, "addr", "add", "198.18.8.2/24", "dev", "ka0"},
		{"-n", p.b, "addr", "add", "198.18.8.3/24", "dev", "kb0"},
		{"-n", p.a, "link", "set", "lo", "up"},
		{"-n", p.b, "link", "set", "lo", "up"},
		{"-n", p.a, "link", "set", "ka0", "up"},
		{"-n", p.b, "link", "set", "kb0", "up"},
		{"-n", p.b, "route", "add", "local", "198.19.0.0/16", "dev", "lo"},
		{"-n", p.a, "route", "add", "198.19.0.0/16", "via", "198.18.8.3"},
	} {
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			b.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, bytes.TrimSpace(out))
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		out, _ := exec.Command("ip", "-n", p.a, "-o", "link", "show", "ka0").CombinedOutput()
		if strings.Contains(string(out), "state UP") {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("ka0 is not up: %s", out)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return p
}

// inA runs fn with the calling goroutine's thread in namespace a.
func (p *scanPair) inA(b *testing.B, fn func() error) {
	b.Helper()
	target, err := os.Open(filepath.Join("/var/run/netns", p.a))
	if err != nil {
		b.Fatal(err)
	}
	defer target.Close()
	runtime.LockOSThread()
	orig, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		runtime.UnlockOSThread()
		b.Fatal(err)
	}
	defer orig.Close()
	if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		b.Fatalf("setns: %v", err)
	}
	err = fn()
	if err := unix.Setns(int(orig.Fd()), unix.CLONE_NEWNET); err != nil {
		b.Fatalf("setns back: %v", err) // the thread stays locked and ends with the goroutine
	}
	runtime.UnlockOSThread()
	if err != nil {
		b.Fatal(err)
	}
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
