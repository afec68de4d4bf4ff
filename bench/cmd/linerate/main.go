// Command linerate runs the line-rate benchmarks of the bench module
// (ring_linux_test.go: goscapy's senders against trafgen, goscapy replay
// against tcpreplay, goscapy's RX ring against tcpdump) several times and
// prints the medians as the Markdown tables of LINERATE.md. Each run
// measures every contender in turn, so they share the machine's load
// alike. It needs root, iproute2, netsniff-ng (trafgen), tcpreplay and
// tcpdump; missing tools skip their rows.
//
//	cd bench && sudo go run ./cmd/linerate -rounds 5 -n 1000000
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	rounds := flag.Int("rounds", 5, "run the benchmarks `N` times")
	n := flag.Int("n", 1000000, "frames per send benchmark")
	capN := flag.Int("capture", 2000000, "frames per capture benchmark")
	replays := flag.Int("replays", 3, "passes over lab-100k.pcap per replay benchmark")
	run := flag.String("run", "LineRate|Replay|Capture", "benchmarks to run (regexp)")
	verbose := flag.Bool("v", false, "show the benchmark output")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "linerate: no arguments expected")
		os.Exit(2)
	}
	// Build once: the runs then use the same code whatever happens to
	// the sources meanwhile.
	dir, err := os.MkdirTemp("", "linerate")
	if err != nil {
		fmt.Fprintln(os.Stderr, "linerate:", err)
		os.Exit(1)
	}
	defer os.RemoveAll(dir)
	testBin, goscapyBin := filepath.Join(dir, "bench.test"), filepath.Join(dir, "goscapy")
	for _, args := range [][]string{
		{"test", "-c", "-o", testBin, "."},
		{"build", "-C", "..", "-o", goscapyBin, "./cmd/goscapy"}, // in the main module
	} {
		if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "linerate: go %s: %v\n%s", strings.Join(args, " "), err, out)
			os.Exit(1)
		}
	}
	os.Setenv("GOSCAPY_BIN", goscapyBin)
	res := map[string]map[string][]float64{} // benchmark -> metric -> values
	var order []string
	for r := range *rounds {
		load, _ := os.ReadFile("/proc/loadavg")
		fmt.Fprintf(os.Stderr, "round %d/%d (load %s)\n", r+1, *rounds, strings.Join(strings.Fields(string(load))[:3], " "))
		for _, c := range []struct{ pattern, benchtime string }{
			{"LineRate", strconv.Itoa(*n) + "x"},
			{"Replay", strconv.Itoa(*replays) + "x"},
			{"Capture", strconv.Itoa(*capN) + "x"},
		} {
			if ok, _ := regexp.MatchString(*run, c.pattern); !ok {
				continue
			}
			out, err := benchmark(testBin, c.pattern, c.benchtime, *verbose)
			if err != nil {
				fmt.Fprintf(os.Stderr, "linerate: %s: %v\n%s", c.pattern, err, out)
				os.Exit(1)
			}
			for _, b := range parse(out) {
				if res[b.name] == nil {
					res[b.name] = map[string][]float64{}
					order = append(order, b.name)
				}
				for m, v := range b.metrics {
					res[b.name][m] = append(res[b.name][m], v)
				}
			}
		}
	}
	write(os.Stdout, order, res, *rounds)
}

// benchmark runs one benchmark of the test binary.
func benchmark(testBin, pattern, benchtime string, verbose bool) ([]byte, error) {
	cmd := exec.Command(testBin, "-test.run", "^$", "-test.bench", "^Benchmark"+pattern+"$", "-test.benchtime", benchtime, "-test.count", "1", "-test.timeout", "60m")
	var buf bytes.Buffer
	if verbose {
		cmd.Stdout = io.MultiWriter(&buf, os.Stderr)
	} else {
		cmd.Stdout = &buf
	}
	cmd.Stderr = &buf
	err := cmd.Run()
	return buf.Bytes(), err
}

var lineRe = regexp.MustCompile(`^Benchmark(\S+?)(-\d+)?\s+\d+\s+(.*)$`)

type result struct {
	name    string
	metrics map[string]float64
}

// parse reads the metrics of each benchmark line, in order.
func parse(out []byte) []result {
	var res []result
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		m := lineRe.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		f := strings.Fields(m[3])
		ms := map[string]float64{}
		for i := 0; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				ms[f[i+1]] = v
			}
		}
		res = append(res, result{m[1], ms})
	}
	return res
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func write(w io.Writer, order []string, res map[string]map[string][]float64, rounds int) {
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Fprintf(w, "Medians of %d rounds, %s (load average at the end: %s).\n\n", rounds, time.Now().UTC().Format("2006-01-02 15:04 MST"), strings.Join(strings.Fields(string(load))[:3], " "))
	get := func(name, metric string) float64 { return median(res[name][metric]) }
	ranges := func(name, metric string) string {
		v := res[name][metric]
		if len(v) == 0 {
			return ""
		}
		return fmt.Sprintf("%.0f–%.0f", slices.Min(v), slices.Max(v))
	}
	section := func(prefix, title string, cols []string) {
		var names []string
		for _, n := range order {
			if strings.HasPrefix(n, prefix) {
				names = append(names, n)
			}
		}
		if len(names) == 0 {
			return
		}
		fmt.Fprintf(w, "### %s\n\n| benchmark | %s |\n|---|%s\n", title, strings.Join(cols, " | "), strings.Repeat("---|", len(cols)))
		for _, n := range names {
			var cells []string
			for _, c := range cols {
				switch c {
				case "pkts/s (range)":
					cells = append(cells, ranges(n, "pkts/s"))
				case "pkts per CPU-s":
					if v := get(n, "cpu-ns/pkt"); v > 0 {
						cells = append(cells, fmt.Sprintf("%.0f", 1e9/v))
					} else {
						cells = append(cells, "")
					}
				default:
					v := get(n, c)
					if c == "received/sent" || c == "dropped/sent" {
						cells = append(cells, fmt.Sprintf("%.4f", v))
					} else {
						cells = append(cells, fmt.Sprintf("%.0f", v))
					}
				}
			}
			fmt.Fprintf(w, "| `%s` | %s |\n", n, strings.Join(cells, " | "))
		}
		fmt.Fprintln(w)
	}
	section("LineRate/", "Send: 64-byte frames", []string{"pkts/s", "pkts/s (range)", "cpu-ns/pkt", "pkts per CPU-s", "received/sent"})
	section("Replay/", "Replay of lab-100k.pcap at top speed (the rate each tool prints)", []string{"pkts/s", "pkts/s (range)", "cpu-ns/pkt", "pkts per CPU-s", "received/sent"})
	section("Capture/", "Capture while one TX ring goroutine sends", []string{"pkts/s", "received", "captured", "dropped", "dropped/sent"})
	ratio := func(a, b, metric string) string {
		x, y := get(a, metric), get(b, metric)
		if x == 0 || y == 0 {
			return "n/a"
		}
		return fmt.Sprintf("%.2f", x/y)
	}
	fmt.Fprintln(w, "### Ratios (medians)")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "- one goroutine (TX ring, qdisc bypass) / trafgen -P 1: %s (pkts/s), %s (CPU per frame, trafgen / goscapy)\n",
		ratio("LineRate/goscapy-tx-ring-bypass", "LineRate/trafgen-1", "pkts/s"), ratio("LineRate/trafgen-1", "LineRate/goscapy-tx-ring-bypass", "cpu-ns/pkt"))
	fmt.Fprintf(w, "- two goroutines / trafgen -P 2: %s (pkts/s)\n", ratio("LineRate/goscapy-tx-ring-bypass-x2", "LineRate/trafgen-2", "pkts/s"))
	fmt.Fprintf(w, "- two goroutines / trafgen -P 2, CPU per frame (trafgen / goscapy): %s\n", ratio("LineRate/trafgen-2", "LineRate/goscapy-tx-ring-bypass-x2", "cpu-ns/pkt"))
	fmt.Fprintf(w, "- goscapy replay --topspeed / tcpreplay --topspeed: %s (pkts/s), %s (CPU per packet, tcpreplay / goscapy)\n",
		ratio("Replay/goscapy", "Replay/tcpreplay", "pkts/s"), ratio("Replay/tcpreplay", "Replay/goscapy", "cpu-ns/pkt"))
	fmt.Fprintf(w, "- with --preload / --preload-pcap: %s (pkts/s), %s (CPU per packet)\n",
		ratio("Replay/goscapy-preload", "Replay/tcpreplay-preload", "pkts/s"), ratio("Replay/tcpreplay-preload", "Replay/goscapy-preload", "cpu-ns/pkt"))
}
