package bpf

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	xbpf "golang.org/x/net/bpf"
)

// Expressions timed by the benchmarks.
var benchFilters = []string{
	"tcp port 80",
	"host 198.18.1.3",
	"udp and dst port 53",
	"tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn",
	"net 198.18.1.0/24 and not icmp",
	"ip6 and tcp",
	"vlan and host 198.18.1.3",
	"portrange 1-1023",
	// The slowest of the lists (BenchmarkCompileSlowest).
	"port 80 or 443 or 53",
	"tcp and (port 80 or port 443) and not src net 198.18.2.0/24",
}

// BenchmarkCompile measures Compile per expression, and CompileLive for
// the slowest live form of the lists.
func BenchmarkCompile(b *testing.B) {
	cases := make([]compileCase, 0, len(benchFilters)+1)
	for _, expr := range benchFilters {
		cases = append(cases, compileCase{expr: expr, linkType: LinkTypeEthernet})
	}
	cases = append(cases, compileCase{expr: "vlan and portrange 1-1023", linkType: LinkTypeEthernet, opts: CompileOptions{Live: true}})
	for _, c := range cases {
		name := c.expr
		if c.opts.Live {
			name = "live " + name
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := processCPU()
			for b.Loop() {
				if err := c.compile(); err != nil {
					b.Fatal(err)
				}
			}
			if cpu1 := processCPU(); cpu0 >= 0 && cpu1 >= 0 {
				// The process's CPU time per compile: unlike ns/op it
				// does not count the time other processes hold the
				// core (the runtime's own threads add a little).
				b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}

type compileCase struct {
	expr     string
	linkType uint32
	opts     CompileOptions
}

func (c compileCase) String() string {
	s := fmt.Sprintf("%q link type %d", c.expr, c.linkType)
	if c.opts.Live {
		s += " live"
	}
	return s
}

func (c compileCase) compile() error {
	_, err := CompileWith(c.expr, c.linkType, 0, c.opts)
	return err
}

// compileCases lists the compilations of every expression of the
// differential lists (testdata/filters.txt, and testdata/live_filters.txt
// in both forms) for every link type, and of the benchmark expressions
// for Ethernet, leaving out those that do not compile.
func compileCases(tb testing.TB) []compileCase {
	var cases []compileCase
	add := func(path string, live bool) {
		data, err := os.ReadFile(path)
		if err != nil {
			tb.Fatal(err)
		}
		for l := range strings.Lines(string(data)) {
			l = strings.TrimSpace(l)
			if l == "" || strings.HasPrefix(l, "#") {
				continue
			}
			for _, lt := range stableLinkTypes {
				c := compileCase{l, lt, CompileOptions{Live: live}}
				if c.compile() == nil {
					cases = append(cases, c)
				}
			}
		}
	}
	add("testdata/filters.txt", false)
	add("testdata/live_filters.txt", false)
	add("testdata/live_filters.txt", true)
	for _, expr := range benchFilters {
		if c := (compileCase{expr, LinkTypeEthernet, CompileOptions{}}); !slices.Contains(cases, c) {
			cases = append(cases, c)
		}
	}
	return cases
}

// BenchmarkCompileSlowest finds the slowest case of compileCases and
// reports its compile time as ns/op, measured as BenchmarkCompile
// measures an expression: many compiles of it in a row (its CPU time as
// cpu-ns/op). Each iteration compiles every case once; the medians of
// those rounds pick the slowest case (medians keep a collection or a
// preemption in one round from deciding it), and are reported too: the
// slowest case's as cold-ns/op (a compile between compiles of other
// expressions, with colder caches and branch predictors), and the mean
// of all the cases' as mean-ns/op. It logs the five slowest cases.
func BenchmarkCompileSlowest(b *testing.B) {
	cases := compileCases(b)
	times := make([][]time.Duration, len(cases))
	for b.Loop() {
		for i, c := range cases {
			t0 := time.Now()
			if err := c.compile(); err != nil {
				b.Fatal(err)
			}
			times[i] = append(times[i], time.Since(t0))
		}
	}
	slowest, med, total := 0, make([]time.Duration, len(cases)), time.Duration(0)
	for i, ts := range times {
		slices.Sort(ts)
		med[i] = ts[len(ts)/2]
		total += med[i]
		if med[i] > med[slowest] {
			slowest = i
		}
	}
	b.ReportMetric(float64(med[slowest]), "cold-ns/op")
	b.ReportMetric(float64(total)/float64(len(cases)), "mean-ns/op")
	b.ReportMetric(float64(len(cases)), "cases")
	// The slowest case alone, in a row: enough compiles to make the
	// resolution of getrusage negligible.
	c := cases[slowest]
	n := max(2000, len(times[slowest]))
	cpu0 := processCPU()
	t0 := time.Now()
	for range n {
		_ = c.compile()
	}
	b.ReportMetric(float64(time.Since(t0))/float64(n), "ns/op")
	if cpu1 := processCPU(); cpu0 >= 0 && cpu1 >= 0 {
		b.ReportMetric(float64(cpu1-cpu0)/float64(n), "cpu-ns/op")
	}
	idx := make([]int, len(cases))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(i, j int) int { return int(med[j] - med[i]) })
	for _, i := range idx[:min(5, len(idx))] {
		b.Logf("%8d ns %v", med[i], cases[i])
	}
}

var (
	benchOnce sync.Once
	benchPkts []testPacket
)

func labPackets(b *testing.B) []testPacket {
	path := filepath.Join(corpusDir, "generated/lab-100k.pcap")
	if _, err := os.Stat(path); err != nil {
		b.Skipf("%s not found; skipping", path)
	}
	benchOnce.Do(func() {
		_, pkts, err := readCapture(path)
		if err == nil {
			benchPkts = pkts
		}
	})
	if len(benchPkts) == 0 {
		b.Skip("could not read lab-100k.pcap")
	}
	return benchPkts
}

// BenchmarkMatcher measures Matcher.Run per packet of lab-100k.pcap
// (ns/op is per packet).
func BenchmarkMatcher(b *testing.B) {
	pkts := labPackets(b)
	for _, expr := range benchFilters {
		b.Run(expr, func(b *testing.B) {
			m, err := NewMatcher(expr, LinkTypeEthernet, 0)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				p := &pkts[i]
				m.Run(p.data, p.wire)
				i++
				if i == len(pkts) {
					i = 0
				}
			}
		})
	}
}

// BenchmarkXNetVM runs the same programs with golang.org/x/net/bpf's VM,
// for comparison (ns/op is per packet).
func BenchmarkXNetVM(b *testing.B) {
	pkts := labPackets(b)
	for _, expr := range benchFilters {
		b.Run(expr, func(b *testing.B) {
			insts, err := CompileInstructions(expr, LinkTypeEthernet, 0)
			if err != nil {
				b.Fatal(err)
			}
			vm, err := xbpf.NewVM(insts)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := vm.Run(pkts[i].data); err != nil {
					b.Fatal(err)
				}
				i++
				if i == len(pkts) {
					i = 0
				}
			}
		})
	}
}

// maxCompileAllocs bounds the allocations of one Compile of a benchmark
// expression with a warm workspace: the returned program.
const maxCompileAllocs = 1

// TestCompileAllocs fails if compiling a benchmark expression allocates
// more than maxCompileAllocs times: the lexer, parser, code generator
// and optimizer work in the pooled workspace.
func TestCompileAllocs(t *testing.T) {
	for _, expr := range benchFilters {
		for _, lt := range []uint32{LinkTypeEthernet, LinkTypeRaw, LinkTypeLinuxSLL} {
			if strings.HasPrefix(expr, "vlan") && lt != LinkTypeEthernet {
				continue // vlan needs an Ethernet header
			}
			if _, err := Compile(expr, lt, 0); err != nil {
				t.Fatalf("Compile(%q, %d): %v", expr, lt, err)
			}
			n := testing.AllocsPerRun(200, func() {
				if _, err := Compile(expr, lt, 0); err != nil {
					t.Fatal(err)
				}
			})
			if n > maxCompileAllocs {
				t.Errorf("Compile(%q, %d) allocates %v times, want at most %d", expr, lt, n, maxCompileAllocs)
			}
		}
	}
}
