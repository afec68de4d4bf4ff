package examples

// The example suite's harness. Every program under examples/NN-name
// declares how it is run in directive lines at the end of its package
// comment:
//
//	//example:offline ARGS   run from the repository root; needs nothing
//	//example:lab ARGS       run as root in namespace A of a fresh lab
//	//example:root ARGS      run as root in the host namespace (the
//	                         program builds its own namespaces)
//	//example:expect REGEXP  every run's output must match
//
// {tmp} in ARGS is a new temporary directory for the run; the lab
// placeholders ({iface}, {a}, {b}, {b6}, {far}, {net}) are the lab's
// interface and addresses. Arguments starting with ../shared/corpus/ skip
// the run when the corpus is absent. All programs are built; offline runs
// always happen, the others when the tests run as root.

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goscapy/goscapy/am"
	"github.com/goscapy/goscapy/lab"
)

const runTimeout = 60 * time.Second

type run struct {
	kind string // offline, lab, root
	args []string
}

type example struct {
	name   string
	runs   []run
	expect []*regexp.Regexp
}

var exampleDir = regexp.MustCompile(`^[0-9]{2}-[a-z0-9-]+$`)

// loadExamples reads the directive lines of every example.
func loadExamples(t *testing.T) []example {
	t.Helper()
	ents, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var exs []example
	for _, e := range ents {
		if !e.IsDir() || e.Name() == "internal" || e.Name() == "testdata" {
			continue
		}
		if !exampleDir.MatchString(e.Name()) {
			t.Errorf("examples/%s: example directories are named NN-name", e.Name())
			continue
		}
		ex, err := parseExample(e.Name())
		if err != nil {
			t.Error(err)
			continue
		}
		exs = append(exs, ex)
	}
	return exs
}

func parseExample(name string) (example, error) {
	ex := example{name: name}
	f, err := os.Open(filepath.Join(name, "main.go"))
	if err != nil {
		return ex, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	line := 0
	doc := false
	for sc.Scan() {
		line++
		s := sc.Text()
		if strings.HasPrefix(s, "package ") {
			break
		}
		if strings.HasPrefix(s, "// ") && len(s) > 3 {
			doc = true
		}
		rest, ok := strings.CutPrefix(s, "//example:")
		if !ok {
			continue
		}
		kind, arg, _ := strings.Cut(rest, " ")
		switch kind {
		case "offline", "lab", "root":
			args, err := splitArgs(arg)
			if err != nil {
				return ex, fmt.Errorf("examples/%s/main.go:%d: %v", name, line, err)
			}
			ex.runs = append(ex.runs, run{kind, args})
		case "expect":
			re, err := regexp.Compile(strings.TrimSpace(arg))
			if err != nil {
				return ex, fmt.Errorf("examples/%s/main.go:%d: %v", name, line, err)
			}
			ex.expect = append(ex.expect, re)
		default:
			return ex, fmt.Errorf("examples/%s/main.go:%d: unknown directive %q", name, line, kind)
		}
	}
	if err := sc.Err(); err != nil {
		return ex, err
	}
	if !doc {
		return ex, fmt.Errorf("examples/%s/main.go: no package comment saying what it shows and how to run it", name)
	}
	if len(ex.runs) == 0 {
		return ex, fmt.Errorf("examples/%s/main.go: no //example:offline, lab or root line", name)
	}
	return ex, nil
}

// splitArgs splits a directive's arguments as a shell would for words,
// single and double quotes.
func splitArgs(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	in := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t':
			if in {
				args = append(args, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if quote != 0 {
		return nil, errors.New("unterminated quote")
	}
	if in {
		args = append(args, cur.String())
	}
	return args, nil
}

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// buildAll builds every example once into a temporary directory.
func buildAll(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "goscapy-examples-")
		if buildErr != nil {
			return
		}
		gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
		if _, err := os.Stat(gobin); err != nil {
			gobin = "go"
		}
		cmd := exec.Command(gobin, "build", "-o", binDir+string(filepath.Separator), "./examples/...")
		cmd.Dir = ".."
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build ./examples/...: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// TestExamplesIndex checks that examples/README.md lists every example
// once, with its command, and nothing else.
func TestExamplesIndex(t *testing.T) {
	exs := loadExamples(t)
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("^\\| \\[([0-9a-z-]+)\\]\\(([0-9a-z-]+)/main\\.go\\) \\|.*\\| `([^`]+)`.* \\|$")
	listed := map[string]bool{}
	for _, l := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(l, "| [") {
			continue
		}
		m := row.FindStringSubmatch(l)
		if m == nil || m[1] != m[2] {
			t.Errorf("README.md: malformed row %q", l)
			continue
		}
		if listed[m[1]] {
			t.Errorf("README.md lists %s twice", m[1])
		}
		listed[m[1]] = true
		if !strings.Contains(m[3], "./examples/"+m[1]) {
			t.Errorf("README.md: the command of %s does not run ./examples/%s: %s", m[1], m[1], m[3])
		}
	}
	for _, ex := range exs {
		if !listed[ex.name] {
			t.Errorf("README.md does not list %s", ex.name)
		}
		delete(listed, ex.name)
	}
	for name := range listed {
		t.Errorf("README.md lists %s, which is not an example directory", name)
	}
	if len(exs) < 50 {
		t.Errorf("%d examples, want at least 50", len(exs))
	}
}

// TestExamplesOffline builds every example and runs its offline lines.
func TestExamplesOffline(t *testing.T) {
	exs := loadExamples(t)
	bin := buildAll(t)
	for _, ex := range exs {
		for i, r := range ex.runs {
			if r.kind != "offline" {
				continue
			}
			t.Run(fmt.Sprintf("%s/%d", ex.name, i), func(t *testing.T) {
				runExample(t, bin, ex, r, nil, "")
			})
		}
	}
}

// TestExamplesLab runs the lab and root lines: the network examples
// against a lab of their own.
func TestExamplesLab(t *testing.T) {
	exs := loadExamples(t)
	var labRuns, rootRuns int
	for _, ex := range exs {
		for _, r := range ex.runs {
			switch r.kind {
			case "lab":
				labRuns++
			case "root":
				rootRuns++
			}
		}
	}
	if runtime.GOOS != "linux" {
		t.Skipf("the lab needs Linux network namespaces; %d lab and %d root runs skipped", labRuns, rootRuns)
	}
	if os.Geteuid() != 0 {
		t.Skipf("not root: %d lab and %d root runs need root (run go test as root)", labRuns, rootRuns)
	}
	bin := buildAll(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	l, err := lab.Up(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := l.Down(); err != nil {
			t.Errorf("lab down: %v", err)
		}
	})
	stop, err := startServices(ctx, l)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	vars := map[string]string{
		"iface": l.IfaceA,
		"a":     l.A4.String(),
		"b":     l.B4.String(),
		"b6":    l.B6.String(),
		"far":   l.BFar4.String(),
		"net":   netip.PrefixFrom(l.LAN4.Addr(), 29).String(),
	}
	for _, ex := range exs {
		for i, r := range ex.runs {
			switch r.kind {
			case "lab":
				t.Run(fmt.Sprintf("%s/%d", ex.name, i), func(t *testing.T) {
					runExample(t, bin, ex, r, vars, l.Name(lab.A))
				})
			case "root":
				t.Run(fmt.Sprintf("%s/%d", ex.name, i), func(t *testing.T) {
					runExample(t, bin, ex, r, nil, "")
				})
			}
		}
	}
}

// startServices starts what the lab examples talk to in namespace B: TCP
// listeners on ports 22, 80 and 8080, a UDP socket on port 53 (so B does
// not answer port unreachable) and a DNS answering machine for a, b, www
// and far.lab.test, a DHCP server leasing 198.18.1.100-150, and an NTP
// server on UDP port 123.
func startServices(ctx context.Context, l *lab.Lab) (stop func(), err error) {
	ctx, cancel := context.WithCancel(ctx)
	var closers []interface{ Close() error }
	var wg sync.WaitGroup
	stop = func() {
		cancel()
		for _, c := range closers {
			c.Close()
		}
		wg.Wait()
	}
	defer func() {
		if err != nil {
			stop()
		}
	}()
	err = l.Do(lab.B, func() error {
		for _, port := range []int{22, 80, 8080} {
			ln, err := net.Listen("tcp", fmt.Sprintf(":%d", port))
			if err != nil {
				return err
			}
			closers = append(closers, ln)
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					c, err := ln.Accept()
					if err != nil {
						return
					}
					c.Close()
				}
			}()
		}
		pc, err := net.ListenPacket("udp", ":53")
		if err != nil {
			return err
		}
		closers = append(closers, pc)
		ntp, err := net.ListenPacket("udp", ":123")
		if err != nil {
			return err
		}
		closers = append(closers, ntp)
		wg.Add(1)
		go func() {
			defer wg.Done()
			serveNTP(ntp)
		}()
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("services in B: %w", err)
	}
	m, err := am.NewDNS(am.DNSConfig{Iface: l.IfaceB, Records: map[string][]netip.Addr{
		"a.lab.test": {l.A4, l.A6}, "b.lab.test": {l.B4, l.B6},
		"www.lab.test": {l.B4, l.B6}, "far.lab.test": {l.BFar4, l.BFar6},
	}})
	if err != nil {
		return nil, err
	}
	dhcp, err := am.NewDHCP(am.DHCPConfig{Iface: l.IfaceB, Pool: l.LAN4,
		First: netip.MustParseAddr("198.18.1.100"), Last: netip.MustParseAddr("198.18.1.150"),
		Server: l.B4, Router: []netip.Addr{l.R4}, DNS: []netip.Addr{l.B4}, Domain: "lab.test"})
	if err != nil {
		return nil, err
	}
	for _, m := range []*am.Machine{m, dhcp} {
		errc := make(chan error, 1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := l.Do(lab.B, func() error { return m.Run(ctx) }); err != nil && ctx.Err() == nil {
				errc <- err
			}
		}()
		select {
		case <-m.Ready():
		case err := <-errc:
			return nil, fmt.Errorf("%s machine in B: %w", m.Name(), err)
		case <-time.After(5 * time.Second):
			return nil, fmt.Errorf("%s machine in B did not start", m.Name())
		}
	}
	return stop, nil
}

// serveNTP answers NTP client requests (RFC 5905 mode 3) as a stratum 2
// server with the local clock, until pc is closed.
func serveNTP(pc net.PacketConn) {
	const unixTo1900 = 2208988800
	buf := make([]byte, 512)
	for {
		n, from, err := pc.ReadFrom(buf)
		if err != nil {
			return
		}
		if n < 48 || buf[0]&7 != 3 {
			continue
		}
		now := time.Now()
		ts := func(b []byte) {
			binary.BigEndian.PutUint32(b, uint32(now.Unix()+unixTo1900))
			binary.BigEndian.PutUint32(b[4:], uint32((uint64(now.Nanosecond())<<32)/1e9))
		}
		var r [48]byte
		r[0] = buf[0]&0x38 | 4 // the client's version, mode 4 (server)
		r[1] = 2               // stratum
		r[2] = buf[2]          // poll
		r[3] = 0xec            // precision 2^-20
		copy(r[12:16], []byte{198, 18, 1, 1})
		ts(r[16:])                 // reference
		copy(r[24:32], buf[40:48]) // origin: the client's transmit time
		ts(r[32:])                 // receive
		ts(r[40:])                 // transmit
		pc.WriteTo(r[:], from)
	}
}

var placeholder = regexp.MustCompile(`\{([a-z0-9]+)\}`)

// runExample runs one directive line of an example and checks its exit
// status and output.
func runExample(t *testing.T, bin string, ex example, r run, vars map[string]string, netns string) {
	tmp := t.TempDir()
	args := make([]string, len(r.args))
	for i, a := range r.args {
		if strings.HasPrefix(a, "../shared/corpus/") {
			if _, err := os.Stat(filepath.Join("..", a)); err != nil {
				t.Skipf("%s is absent (the shared corpus is not beside the repository)", a)
			}
		}
		var bad string
		args[i] = placeholder.ReplaceAllStringFunc(a, func(m string) string {
			k := m[1 : len(m)-1]
			if k == "tmp" {
				return tmp
			}
			if v, ok := vars[k]; ok {
				return v
			}
			bad = m
			return m
		})
		if bad != "" {
			t.Fatalf("unknown placeholder %s in a %s line", bad, r.kind)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	prog := filepath.Join(bin, ex.name)
	var cmd *exec.Cmd
	if netns != "" {
		cmd = exec.CommandContext(ctx, "ip", append([]string{"netns", "exec", netns, prog}, args...)...)
	} else {
		cmd = exec.CommandContext(ctx, prog, args...)
	}
	cmd.Dir = ".."
	cmd.Stdin = strings.NewReader("")
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("%s %s: still running after %v\n%s", ex.name, strings.Join(args, " "), runTimeout, out)
	}
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", ex.name, strings.Join(args, " "), err, out)
	}
	for _, re := range ex.expect {
		if !re.Match(out) {
			t.Errorf("%s %s: output does not match %q:\n%s", ex.name, strings.Join(args, " "), re, out)
		}
	}
	if testing.Verbose() {
		lines := strings.SplitN(string(out), "\n", 4)
		t.Logf("%s", strings.Join(lines[:min(3, len(lines))], "\n"))
	}
}

// TestSplitArgs checks the directive word splitting.
func TestSplitArgs(t *testing.T) {
	got, err := splitArgs(`-d 'tcp port 80' "a b"c  x`)
	want := []string{"-d", "tcp port 80", "a bc", "x"}
	if err != nil || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
	if _, err := splitArgs(`'open`); err == nil {
		t.Error("unterminated quote accepted")
	}
	names := []string{}
	for _, ex := range loadExamples(t) {
		names = append(names, ex.name)
	}
	if !sort.StringsAreSorted(names) {
		t.Errorf("examples not in order: %v", names)
	}
}
