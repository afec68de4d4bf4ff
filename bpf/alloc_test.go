package bpf

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	xbpf "golang.org/x/net/bpf"
)

// reuseCases are compilations of different shapes: large and small
// graphs, pull-ups, live programs with memory, and errors, so that a
// workspace used by one leaves blocks, predecessor lists, facts and
// value tables behind for the next.
var reuseCases = []compileCase{
	{"port 80 or 443 or 53", LinkTypeEthernet, CompileOptions{}},
	{"tcp port 80 or udp port 53", LinkTypeLinuxSLL, CompileOptions{}},
	{"host 198.18.1.2 and port 80", LinkTypeEthernet, CompileOptions{}},
	{"ip6 and (tcp port 80 or tcp port 443)", LinkTypeIPv6, CompileOptions{}},
	{"vlan and portrange 1-1023", LinkTypeEthernet, CompileOptions{Live: true}},
	{"ip", LinkTypeRaw, CompileOptions{}},
	{"vlan 10 and host 198.18.1.3", LinkTypeEthernet, CompileOptions{Live: true}},
	{"tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn", LinkTypeEthernet, CompileOptions{}},
	{"ip and not ip", LinkTypeEthernet, CompileOptions{}}, // never matches
	{"port 99999", LinkTypeEthernet, CompileOptions{}},    // invalid
	{"", LinkTypeEthernet, CompileOptions{}},
	{largeExpr, LinkTypeEthernet, CompileOptions{}},
}

// largeExpr compiles to a graph of more than maxRecursiveDFS blocks,
// which the optimizer searches with an explicit stack.
var largeExpr = func() string {
	var sb strings.Builder
	for i := range 150 {
		if i > 0 {
			sb.WriteString(" or ")
		}
		fmt.Fprintf(&sb, "port %d", i+1)
	}
	return sb.String()
}()

// TestLargeGraph checks that largeExpr still makes a graph of more than
// maxRecursiveDFS blocks (so that TestCompileReuse covers the searches
// with an explicit stack), and that it compiles.
func TestLargeGraph(t *testing.T) {
	ws := new(workspace)
	prog, err := compileIn(ws, largeExpr, LinkTypeEthernet, DefaultSnaplen, CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ws.opt.nblocks <= maxRecursiveDFS {
		t.Errorf("largeExpr makes %d blocks, want more than %d", ws.opt.nblocks, maxRecursiveDFS)
	}
	if len(prog) == 0 {
		t.Error("empty program")
	}
}

func compileResult(c compileCase) string {
	return resultString(CompileWith(c.expr, c.linkType, 0, c.opts))
}

// freshResult compiles c in a workspace of its own.
func freshResult(c compileCase) string {
	return resultString(compileIn(new(workspace), c.expr, c.linkType, DefaultSnaplen, c.opts))
}

func resultString(prog []xbpf.RawInstruction, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	return fmt.Sprint(prog)
}

// TestCompileReuse compiles each case after every other one (A, B, A)
// and checks that the results are those of a fresh workspace, whatever
// the pooled workspace compiled before.
func TestCompileReuse(t *testing.T) {
	want := make([]string, len(reuseCases))
	for i, c := range reuseCases {
		want[i] = freshResult(c)
	}
	for i, a := range reuseCases {
		for j, b := range reuseCases {
			if got := compileResult(a); got != want[i] {
				t.Fatalf("%v:\n got %s\nwant %s", a, got, want[i])
			}
			if got := compileResult(b); got != want[j] {
				t.Fatalf("%v after %v:\n got %s\nwant %s", b, a, got, want[j])
			}
			if got := compileResult(a); got != want[i] {
				t.Fatalf("%v after %v:\n got %s\nwant %s", a, b, got, want[i])
			}
		}
	}
}

// TestCompileReuseConcurrent compiles the cases from several goroutines
// at once, so that workspaces pass between them, and checks the
// results.
func TestCompileReuseConcurrent(t *testing.T) {
	want := make([]string, len(reuseCases))
	for i, c := range reuseCases {
		want[i] = freshResult(c)
	}
	errs := make(chan error, 4)
	for g := range 4 {
		go func() {
			for n := range 50 {
				i := (g + n*3) % len(reuseCases)
				if got := compileResult(reuseCases[i]); got != want[i] {
					errs <- fmt.Errorf("%v: got %s, want %s", reuseCases[i], got, want[i])
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// maxSlowCompileAllocs bounds the allocations of one compile of the
// largest expressions of the differential lists (live ones included)
// with a warm workspace: the returned program only.
const maxSlowCompileAllocs = 1

// TestCompileAllocsSlowest fails if compiling one of the expressions
// that take the optimizer longest allocates more than the program it
// returns: their graphs are the largest, and grow every table of the
// workspace.
func TestCompileAllocsSlowest(t *testing.T) {
	for _, c := range reuseCases[:5] {
		var prog []xbpf.RawInstruction
		n := testing.AllocsPerRun(100, func() {
			var err error
			prog, err = CompileWith(c.expr, c.linkType, 0, c.opts)
			if err != nil {
				t.Fatal(err)
			}
		})
		if n > maxSlowCompileAllocs {
			t.Errorf("%v allocates %v times, want at most %d", c, n, maxSlowCompileAllocs)
		}
		if len(prog) == 0 {
			t.Errorf("%v: empty program", c)
		}
	}
}

// settledCases returns the expressions of the differential lists and
// random combinations of port, host and protocol tests, whose chains the
// pull-ups reorder.
func settledCases(t *testing.T) []string {
	exprs := append(readFilterFile(t, "testdata/filters.txt"), readFilterFile(t, "testdata/live_filters.txt")...)
	exprs = append(exprs,
		// A pull-up teaches the blocks it passes an outcome deciding
		// their common target's test.
		"arp host 198.18.1.2 and 80 or 443",
		"ip proto \\udp or (atalk) and ip6 proto 17 or rarp",
		"(igmp) or ether proto \\stp and icmp[icmptype] == icmp-echo or ether proto \\loopback",
		"port 80 or 443 or 53",
	)
	ports := []string{"80", "443", "53", "22", "1-1023", "http", "domain"}
	hosts := []string{"198.18.1.2", "10.0.0.1", "198.18.0.0/16", "fe80::1", "2001:db8::/32"}
	protos := []string{"tcp", "udp", "sctp", "ip", "ip6", "icmp", "arp", "vlan", "src", "dst", ""}
	ops := []string{" and ", " or ", " and not ", " or not "}
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	prim := func() string {
		switch r.IntN(6) {
		case 0:
			return pick(protos) + " port " + pick(ports)
		case 1:
			return pick(protos) + " host " + pick(hosts)
		case 2:
			return pick(ports)
		case 3:
			return pick(protos)
		case 4:
			return "(" + pick(exprs) + ")"
		}
		return "portrange " + pick(ports)
	}
	for range 1500 {
		var sb strings.Builder
		for j := range 1 + r.IntN(5) {
			if j > 0 {
				sb.WriteString(pick(ops))
			}
			sb.WriteString(prim())
		}
		exprs = append(exprs, sb.String())
	}
	return exprs
}

// TestSettledPasses checks the passes the optimizer makes over a graph
// it knows to be settled (no edge to thread): threading them anyway
// moves no edge, so the program is the one the shortcut gives.
func TestSettledPasses(t *testing.T) {
	ws := new(workspace)
	ws.opt.checkSettled = true
	for _, expr := range settledCases(t) {
		for _, lt := range stableLinkTypes {
			ws.opt.settledMoved = false
			want, werr := Compile(expr, lt, 0)
			got, gerr := compileIn(ws, expr, lt, DefaultSnaplen, CompileOptions{})
			if ws.opt.settledMoved {
				t.Errorf("%q link type %d: a pass over a settled graph moved an edge", expr, lt)
			}
			if fmt.Sprint(werr) != fmt.Sprint(gerr) || !slices.Equal(want, got) {
				t.Errorf("%q link type %d: the program differs when settled passes thread", expr, lt)
			}
		}
	}
	passes := ws.opt.settledPasses
	if passes == 0 {
		t.Error("no pass over a settled graph")
	}
	t.Logf("%d passes over settled graphs", passes)
}
