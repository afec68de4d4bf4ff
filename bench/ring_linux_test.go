//go:build linux

package bench

// Line-rate benchmarks: goscapy's senders and receivers against trafgen
// (netsniff-ng), tcpreplay and tcpdump, side by side in the same run, in
// a pair of network namespaces joined by a veth pair (a0 in A, b0 in B).
// Every send is checked on the receiving side: B's kernel counts the
// frames b0 received. bench/LINERATE.md has the results and how they
// were taken; go run ./cmd/linerate runs these benchmarks several times,
// alternating, and prints the table.
//
//	sudo go test -run '^$' -bench 'LineRate|Replay|Capture' -benchtime 1000000x .

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/goscapy/goscapy/pcap"
	"github.com/goscapy/goscapy/ring"
	"golang.org/x/sys/unix"
)

// A minimal `ip netns` pair. Names are unique per process and run; the
// namespaces (and any process left in them) are removed when the
// benchmark ends, failed or not.

type nsPair struct {
	a, b string
}

var pairCount atomic.Int64

// The frame every sender sends: 60 bytes (64 on the wire with the FCS),
// UDP from A to B's MAC address (B's kernel counts and drops it).
var (
	macA  = []byte{0x02, 0, 0, 0, 0x01, 0x02}
	macB  = []byte{0x02, 0, 0, 0, 0x01, 0x03}
	frame = func() []byte {
		f := append(append(append([]byte{}, macB...), macA...), 0x08, 0x00,
			0x45, 0x00, 0x00, 0x2e, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
			198, 18, 1, 2, 198, 18, 1, 99,
			0x04, 0xd2, 0x27, 0x0f, 0x00, 0x1a, 0x00, 0x00)
		f = append(f, make([]byte, 18)...)
		// IPv4 header checksum.
		var sum uint32
		for i := 14; i < 34; i += 2 {
			sum += uint32(f[i])<<8 | uint32(f[i+1])
		}
		for sum > 0xffff {
			sum = sum&0xffff + sum>>16
		}
		f[24], f[25] = byte(^sum>>8), byte(^sum)
		return f
	}()
)

func need(b *testing.B, tools ...string) {
	b.Helper()
	if os.Geteuid() != 0 {
		b.Skip("skipped: needs root (creates network namespaces and veth pairs)")
	}
	for _, t := range append([]string{"ip"}, tools...) {
		if _, err := exec.LookPath(t); err != nil {
			b.Skipf("skipped: %s is not installed (Debian: netsniff-ng for trafgen, tcpreplay, tcpdump, iproute2)", t)
		}
	}
}

func newPair(b *testing.B) *nsPair {
	b.Helper()
	need(b)
	id := fmt.Sprintf("gslr%d-%d", os.Getpid(), pairCount.Add(1))
	p := &nsPair{a: id + "-a", b: id + "-b"}
	b.Cleanup(p.remove)
	run := func(args ...string) {
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			b.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, out)
		}
	}
	run("netns", "add", p.a)
	run("netns", "add", p.b)
	run("-n", p.a, "link", "add", "a0", "address", "02:00:00:00:01:02", "type", "veth", "peer", "name", "b0", "netns", p.b, "address", "02:00:00:00:01:03")
	// No addresses and no IPv6: B is a cheap sink that counts every
	// frame and hands none to an IP stack (the traffic of a capture
	// would otherwise make B answer, on the sender's CPU), the same for
	// every tool.
	for _, c := range [][2]string{{p.a, "a0"}, {p.b, "b0"}} {
		run("-n", c[0], "link", "set", "lo", "up")
		if out, err := exec.Command("ip", "netns", "exec", c[0], "sysctl", "-qw", "net.ipv6.conf."+c[1]+".disable_ipv6=1").CombinedOutput(); err != nil {
			b.Fatalf("sysctl: %v: %s", err, out)
		}
	}
	run("-n", p.a, "link", "set", "a0", "up")
	run("-n", p.b, "link", "set", "b0", "up")
	deadline := time.Now().Add(5 * time.Second)
	for _, c := range [][2]string{{p.a, "a0"}, {p.b, "b0"}} {
		for {
			out, _ := exec.Command("ip", "-n", c[0], "-o", "link", "show", c[1]).Output()
			if bytes.Contains(out, []byte("LOWER_UP")) && bytes.Contains(out, []byte("state UP")) {
				break
			}
			if time.Now().After(deadline) {
				b.Fatalf("%s not up: %s", c[1], out)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	return p
}

func (p *nsPair) remove() {
	for _, ns := range []string{p.a, p.b} {
		if out, _ := exec.Command("ip", "netns", "pids", ns).Output(); len(out) > 0 {
			for _, f := range strings.Fields(string(out)) {
				if pid, err := strconv.Atoi(f); err == nil && pid > 1 && pid != os.Getpid() {
					syscall.Kill(pid, syscall.SIGKILL)
				}
			}
			time.Sleep(50 * time.Millisecond)
		}
		exec.Command("ip", "netns", "del", ns).Run()
	}
}

// do runs fn with the calling thread in namespace ns: sockets fn opens
// stay there.
func (p *nsPair) do(ns string, fn func() error) error {
	f, err := os.Open("/run/netns/" + ns)
	if err != nil {
		return err
	}
	defer f.Close()
	runtime.LockOSThread()
	orig, err := os.Open(fmt.Sprintf("/proc/%d/task/%d/ns/net", os.Getpid(), unix.Gettid()))
	if err != nil {
		runtime.UnlockOSThread()
		return err
	}
	defer orig.Close()
	if err := unix.Setns(int(f.Fd()), unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	err = fn()
	if unix.Setns(int(orig.Fd()), unix.CLONE_NEWNET) == nil {
		runtime.UnlockOSThread()
	}
	return err
}

func (p *nsPair) cmd(ns string, args ...string) *exec.Cmd {
	return exec.Command("ip", append([]string{"netns", "exec", ns}, args...)...)
}

// rxPackets reads b0's receive counter from B's kernel.
func (p *nsPair) rxPackets(b *testing.B) uint64 {
	b.Helper()
	out, err := exec.Command("ip", "-n", p.b, "-j", "-s", "link", "show", "b0").Output()
	if err != nil {
		b.Fatal(err)
	}
	var v []struct {
		Stats64 struct {
			RX struct{ Packets uint64 } `json:"rx"`
		} `json:"stats64"`
	}
	if err := json.Unmarshal(out, &v); err != nil || len(v) != 1 {
		b.Fatalf("ip -j -s link: %v: %s", err, out)
	}
	return v[0].Stats64.RX.Packets
}

// senderCPU is the CPU time the process used (all threads, system time
// included: the kernel's work for the frames sent counts).
func senderCPU() time.Duration {
	t, _ := processCPU()
	return t
}

// report adds the common metrics: frames per second (wall clock), CPU
// time of the sender per frame, and the share of the frames B received.
func report(b *testing.B, sent uint64, el, cpu time.Duration, rx uint64) {
	b.ReportMetric(float64(sent)/el.Seconds(), "pkts/s")
	if cpu > 0 {
		b.ReportMetric(float64(cpu)/float64(sent), "cpu-ns/pkt")
	}
	b.ReportMetric(float64(rx)/float64(sent), "received/sent")
	if rx < sent {
		b.Errorf("B received %d of %d frames", rx, sent)
	}
}

// goscapySend sends b.N copies of frame from A with senders goroutines,
// each with its own sender.
func goscapySend(b *testing.B, p *nsPair, cfg ring.TXConfig, senders int) {
	var ss []ring.Sender
	for range senders {
		if err := p.do(p.a, func() error {
			s, err := ring.OpenSender("a0", cfg)
			ss = append(ss, s)
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
	defer func() {
		for _, s := range ss {
			s.Close()
		}
	}()
	if cfg.Method != "" && !strings.HasPrefix(ss[0].Method(), cfg.Method) {
		b.Logf("asked for %s, sending with %s", cfg.Method, ss[0].Method())
	}
	rx0 := p.rxPackets(b)
	b.ResetTimer()
	cpu0 := senderCPU()
	start := time.Now()
	var wg sync.WaitGroup
	for i, s := range ss {
		n := b.N / senders
		if i == 0 {
			n += b.N % senders
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread() // as a line-rate sender should
			defer runtime.UnlockOSThread()
			for range n {
				copy(s.Next(), frame)
				if err := s.Commit(len(frame)); err != nil {
					b.Error(err)
					return
				}
			}
			if err := s.Flush(); err != nil {
				b.Error(err)
			}
		}()
	}
	wg.Wait()
	el, cpu := time.Since(start), senderCPU()-cpu0
	b.StopTimer()
	time.Sleep(20 * time.Millisecond)
	report(b, uint64(b.N), el, cpu, p.rxPackets(b)-rx0)
}

var trafgenOut = regexp.MustCompile(`(\d+) packets outgoing`)

// trafgenSend sends b.N frames with trafgen on cpus CPUs (one process
// each), its TX ring and qdisc bypass (its defaults).
func trafgenSend(b *testing.B, p *nsPair, cpus int) {
	need(b, "trafgen")
	conf := filepath.Join(b.TempDir(), "frame.cfg")
	var sb strings.Builder
	sb.WriteString("{ ")
	for i, c := range frame {
		if i > 0 {
			sb.WriteString(", ")
		}
		fmt.Fprintf(&sb, "0x%02x", c)
	}
	sb.WriteString(" }\n")
	if err := os.WriteFile(conf, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	rx0 := p.rxPackets(b)
	b.ResetTimer()
	cmd := p.cmd(p.a, "trafgen", "--dev", "a0", "--conf", conf, "--no-sock-mem", "-Q", "-n", strconv.Itoa(b.N), "-P", strconv.Itoa(cpus), "-C")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	el := time.Since(start)
	b.StopTimer()
	if err != nil {
		b.Fatalf("trafgen: %v: %s", err, out)
	}
	sent := uint64(0)
	for _, m := range trafgenOut.FindAllSubmatch(out, -1) {
		n, _ := strconv.ParseUint(string(m[1]), 10, 64)
		sent = max(sent, n)
	}
	if sent == 0 {
		b.Fatalf("trafgen said:\n%s", out)
	}
	var cpu time.Duration
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	time.Sleep(20 * time.Millisecond)
	report(b, sent, el, cpu, p.rxPackets(b)-rx0)
}

// BenchmarkLineRate: 64-byte frames per second from one goroutine (one
// core) with each send path, and from two; trafgen with one and two
// processes in the same run.
func BenchmarkLineRate(b *testing.B) {
	small := ring.FrameSizeFor(len(frame))
	for _, c := range []struct {
		name    string
		cfg     ring.TXConfig
		senders int
		trafgen int
	}{
		{name: "goscapy-tx-ring", cfg: ring.TXConfig{Method: ring.MethodTXRing, FrameSize: small}, senders: 1},
		{name: "goscapy-tx-ring-bypass", cfg: ring.TXConfig{Method: ring.MethodTXRing, QdiscBypass: true, FrameSize: small}, senders: 1},
		{name: "goscapy-tx-ring-bypass-2048", cfg: ring.TXConfig{Method: ring.MethodTXRing, QdiscBypass: true}, senders: 1},
		{name: "goscapy-sendmmsg-bypass", cfg: ring.TXConfig{Method: ring.MethodSendmmsg, QdiscBypass: true}, senders: 1},
		{name: "goscapy-io_uring-bypass", cfg: ring.TXConfig{Method: ring.MethodIOURing, QdiscBypass: true}, senders: 1},
		{name: "trafgen-1", trafgen: 1},
		{name: "goscapy-tx-ring-bypass-x2", cfg: ring.TXConfig{Method: ring.MethodTXRing, QdiscBypass: true, FrameSize: small}, senders: 2},
		{name: "trafgen-2", trafgen: 2},
	} {
		b.Run(c.name, func(b *testing.B) {
			p := newPair(b)
			if c.trafgen > 0 {
				trafgenSend(b, p, c.trafgen)
				return
			}
			goscapySend(b, p, c.cfg, c.senders)
		})
	}
}

// corpusFile finds a capture of the shared corpus.
func corpusFile(b *testing.B, name string) string {
	b.Helper()
	for _, dir := range []string{os.Getenv("GOSCAPY_CORPUS"), "../../shared/corpus", "/work/shared/corpus"} {
		if dir == "" {
			continue
		}
		var found string
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && d.Name() == name {
				found = path
				return filepath.SkipAll
			}
			return nil
		})
		if found != "" {
			return found
		}
	}
	b.Skipf("skipped: %s not found (set GOSCAPY_CORPUS to the corpus directory)", name)
	return ""
}

var (
	goscapyBin  string
	goscapyOnce sync.Once
	goscapyErr  error
)

// goscapyCommand builds the goscapy command once (or takes the one
// GOSCAPY_BIN names).
func goscapyCommand(b *testing.B) string {
	b.Helper()
	if bin := os.Getenv("GOSCAPY_BIN"); bin != "" {
		return bin
	}
	goscapyOnce.Do(func() {
		dir, err := os.MkdirTemp("", "goscapy-linerate")
		if err != nil {
			goscapyErr = err
			return
		}
		goscapyBin = filepath.Join(dir, "goscapy")
		// Built in the main module (the parent directory), with its
		// own go.sum.
		out, err := exec.Command("go", "build", "-C", "..", "-o", goscapyBin, "./cmd/goscapy").CombinedOutput()
		if err != nil {
			goscapyErr = fmt.Errorf("go build: %v: %s", err, out)
		}
	})
	if goscapyErr != nil {
		b.Fatal(goscapyErr)
	}
	return goscapyBin
}

var ratedPPS = regexp.MustCompile(`Rated: [0-9.]+ Bps, [0-9.]+ Mbps, ([0-9.]+) pps`)
var actualPkts = regexp.MustCompile(`Actual: (\d+) packets`)

// replayRun runs a replay command in A; it returns the packets it sent
// and the rate it printed.
func replayRun(b *testing.B, p *nsPair, args ...string) (uint64, float64, time.Duration) {
	cmd := p.cmd(p.a, args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("%s: %v: %s", strings.Join(args, " "), err, out)
	}
	m, a := ratedPPS.FindSubmatch(out), actualPkts.FindSubmatch(out)
	if m == nil || a == nil {
		b.Fatalf("%s printed:\n%s", args[0], out)
	}
	pps, _ := strconv.ParseFloat(string(m[1]), 64)
	n, _ := strconv.ParseUint(string(a[1]), 10, 64)
	var cpu time.Duration
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return n, pps, cpu
}

// BenchmarkReplay: goscapy replay --topspeed of lab-100k.pcap against
// tcpreplay --topspeed, each reporting the rate it printed (Rated: pps);
// one op is one pass over the file.
func BenchmarkReplay(b *testing.B) {
	file := corpusFile(b, "lab-100k.pcap")
	for _, c := range []struct {
		name string
		args func() []string
	}{
		{"goscapy", func() []string { return []string{goscapyCommand(b), "replay", "--topspeed", "-i", "a0", file} }},
		{"goscapy-preload", func() []string {
			return []string{goscapyCommand(b), "replay", "--topspeed", "--preload", "-i", "a0", file}
		}},
		{"goscapy-preload-bypass", func() []string {
			return []string{goscapyCommand(b), "replay", "--topspeed", "--preload", "--qdisc-bypass", "-i", "a0", file}
		}},
		{"tcpreplay", func() []string { return []string{"tcpreplay", "--topspeed", "-i", "a0", file} }},
		{"tcpreplay-preload", func() []string { return []string{"tcpreplay", "--topspeed", "--preload-pcap", "-i", "a0", file} }},
	} {
		b.Run(c.name, func(b *testing.B) {
			if strings.HasPrefix(c.name, "tcpreplay") {
				need(b, "tcpreplay")
			}
			p := newPair(b)
			args := c.args()
			rx0 := p.rxPackets(b)
			b.ResetTimer()
			var sent uint64
			var rates []float64
			var cpu time.Duration
			for range b.N {
				n, pps, c := replayRun(b, p, args...)
				sent += n
				cpu += c
				rates = append(rates, pps)
			}
			b.StopTimer()
			time.Sleep(20 * time.Millisecond)
			rx := p.rxPackets(b) - rx0
			sum := 0.0
			for _, r := range rates {
				sum += r
			}
			b.ReportMetric(sum/float64(len(rates)), "pkts/s")
			if cpu > 0 {
				// The whole process: start, reading the file, sending.
				b.ReportMetric(float64(cpu)/float64(sent), "cpu-ns/pkt")
			}
			b.ReportMetric(float64(rx)/float64(sent), "received/sent")
			if rx < sent {
				b.Errorf("B received %d of %d packets", rx, sent)
			}
		})
	}
}

var tcpdumpStats = regexp.MustCompile(`(\d+) packets? captured\s+(\d+) packets? received by filter\s+(\d+) packets? dropped by kernel`)

// BenchmarkCapture: while A sends b.N frames as fast as one (or two) TX
// ring goroutines go, B captures them to /dev/null with goscapy's RX ring
// (pcap writer included) or with tcpdump -w /dev/null (its defaults:
// TPACKET_V3, a 2 MiB buffer); each reports the frames the kernel
// dropped.
func BenchmarkCapture(b *testing.B) {
	for _, c := range []struct {
		name    string
		senders int
	}{{"goscapy-rx-ring", 1}, {"tcpdump", 1}, {"goscapy-rx-ring-x2", 2}, {"tcpdump-x2", 2}} {
		name := strings.TrimSuffix(c.name, "-x2")
		b.Run(c.name, func(b *testing.B) {
			p := newPair(b)
			var ss []ring.Sender
			for range c.senders {
				if err := p.do(p.a, func() error {
					s, err := ring.OpenSender("a0", ring.TXConfig{QdiscBypass: true, FrameSize: ring.FrameSizeFor(len(frame))})
					ss = append(ss, s)
					return err
				}); err != nil {
					b.Fatal(err)
				}
			}
			defer func() {
				for _, s := range ss {
					s.Close()
				}
			}()
			var stopCapture func() (captured, received, dropped uint64)
			switch name {
			case "tcpdump":
				need(b, "tcpdump")
				cmd := p.cmd(p.b, "tcpdump", "-i", "b0", "-n", "-w", "/dev/null", "udp dst port 9999")
				errPath := filepath.Join(b.TempDir(), "tcpdump.err")
				errf, err := os.Create(errPath)
				if err != nil {
					b.Fatal(err)
				}
				defer errf.Close()
				cmd.Stderr = errf
				if err := cmd.Start(); err != nil {
					b.Fatal(err)
				}
				stderr := func() string { out, _ := os.ReadFile(errPath); return string(out) }
				for i := 0; !strings.Contains(stderr(), "listening on"); i++ {
					if i > 500 {
						b.Fatalf("tcpdump did not start: %s", stderr())
					}
					time.Sleep(10 * time.Millisecond)
				}
				stopCapture = func() (uint64, uint64, uint64) {
					time.Sleep(1500 * time.Millisecond) // tcpdump's blocks time out after a second
					// ip netns exec became tcpdump (exec): signal it.
					syscall.Kill(cmd.Process.Pid, syscall.SIGINT)
					cmd.Wait()
					m := tcpdumpStats.FindStringSubmatch(stderr())
					if m == nil {
						b.Fatalf("tcpdump said:\n%s", stderr())
					}
					c, _ := strconv.ParseUint(m[1], 10, 64)
					r, _ := strconv.ParseUint(m[2], 10, 64)
					d, _ := strconv.ParseUint(m[3], 10, 64)
					return c, r, d
				}
			default:
				var rx *ring.RX
				if err := p.do(p.b, func() error {
					var err error
					rx, err = ring.NewRX("b0", ring.RXConfig{Filter: "udp dst port 9999"})
					return err
				}); err != nil {
					b.Fatal(err)
				}
				null, _ := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
				bw := bufio.NewWriterSize(null, 1<<16)
				w, err := pcap.NewWriter(bw, pcap.LinkTypeEthernet, pcap.WithNanoseconds())
				if err != nil {
					b.Fatal(err)
				}
				ctx, cancel := context.WithCancel(context.Background())
				var captured atomic.Uint64
				done := make(chan struct{})
				go func() {
					defer close(done)
					for {
						f, info, err := rx.Next(ctx)
						if err != nil {
							return
						}
						w.WritePacket(pcap.CaptureInfo{Timestamp: info.Timestamp, CaptureLength: len(f), Length: info.Length, LinkType: pcap.LinkTypeEthernet}, f)
						captured.Add(1)
					}
				}()
				stopCapture = func() (uint64, uint64, uint64) {
					time.Sleep(100 * time.Millisecond) // the last block times out (10ms)
					cancel()
					<-done
					st, err := rx.Stats()
					if err != nil {
						b.Fatal(err)
					}
					w.Flush()
					bw.Flush()
					null.Close()
					rx.Close()
					return captured.Load(), st.Packets, st.Drops
				}
			}
			rx0 := p.rxPackets(b)
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for i, s := range ss {
				n := b.N / len(ss)
				if i == 0 {
					n += b.N % len(ss)
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					runtime.LockOSThread()
					defer runtime.UnlockOSThread()
					for range n {
						copy(s.Next(), frame)
						s.Commit(len(frame))
					}
					if err := s.Flush(); err != nil {
						b.Error(err)
					}
				}()
			}
			wg.Wait()
			el := time.Since(start)
			b.StopTimer()
			captured, received, dropped := stopCapture()
			b.ReportMetric(float64(b.N)/el.Seconds(), "pkts/s")
			b.ReportMetric(float64(captured), "captured")
			b.ReportMetric(float64(received), "received")
			b.ReportMetric(float64(dropped), "dropped")
			b.ReportMetric(float64(dropped)/float64(b.N), "dropped/sent")
			if got := p.rxPackets(b) - rx0; got < uint64(b.N) {
				b.Errorf("B's kernel counted %d of %d frames", got, b.N)
			}
			if received < uint64(b.N) {
				b.Logf("the capture's filter saw %d of %d frames", received, b.N)
			}
		})
	}
}
