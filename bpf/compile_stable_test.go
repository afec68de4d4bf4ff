package bpf

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/programs.golden from the current compiler")

const programsGolden = "testdata/programs.golden"

// stableLinkTypes are the link types every expression of the stability
// test is compiled for.
var stableLinkTypes = []uint32{
	LinkTypeEthernet, LinkTypeRaw, LinkTypeIPv4, LinkTypeIPv6, LinkTypeLinuxSLL, LinkTypeLinuxSLL2,
}

// readFilterFile returns the expressions of a list in testdata (one per
// line; blank lines and '#' comments are skipped).
func readFilterFile(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// stablePrograms compiles every expression of the differential lists
// (testdata/filters.txt, and testdata/live_filters.txt in both forms)
// and of the benchmarks for every link type, and returns the
// disassembly (or the error) of each, one section per compilation.
func stablePrograms(t *testing.T) []byte {
	type list struct {
		name  string
		exprs []string
		live  []bool
	}
	lists := []list{
		{"filters.txt", readFilterFile(t, "testdata/filters.txt"), []bool{false}},
		{"live_filters.txt", readFilterFile(t, "testdata/live_filters.txt"), []bool{false, true}},
		{"bench", benchFilters, []bool{false}},
	}
	var buf bytes.Buffer
	for _, l := range lists {
		for _, expr := range l.exprs {
			for _, live := range l.live {
				for _, lt := range stableLinkTypes {
					fmt.Fprintf(&buf, "=== %s linktype=%d live=%v: %s\n", l.name, lt, live, expr)
					prog, err := CompileWith(expr, lt, 0, CompileOptions{Live: live})
					if err != nil {
						fmt.Fprintf(&buf, "error: %v\n", err)
						continue
					}
					buf.WriteString(Disassemble(prog))
				}
			}
		}
	}
	return buf.Bytes()
}

// TestCompileStable checks that the programs compiled for the expressions
// of the differential and benchmark lists are those recorded in
// testdata/programs.golden: changes made to speed the compiler up must
// not change its output. Run with -update to record a deliberate change
// (and check it with the differential tests against tcpdump).
func TestCompileStable(t *testing.T) {
	got := stablePrograms(t)
	if *updateGolden {
		if err := os.WriteFile(programsGolden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(programsGolden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestCompileStable -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gs, ws := splitSections(got), splitSections(want)
	if len(gs) != len(ws) {
		t.Errorf("%d compilations, golden file has %d", len(gs), len(ws))
	}
	bad := 0
	for i := range min(len(gs), len(ws)) {
		if gs[i] != ws[i] {
			bad++
			if bad <= 10 {
				t.Errorf("program differs from %s:\ngot:\n%s\nwant:\n%s", programsGolden, gs[i], ws[i])
			}
		}
	}
	if bad > 10 {
		t.Errorf("... and %d more differences", bad-10)
	}
}

// splitSections splits the output of stablePrograms at its "===" headers.
func splitSections(b []byte) []string {
	var out []string
	for _, s := range strings.SplitAfter(string(b), "\n===") {
		out = append(out, strings.TrimSuffix(s, "\n==="))
	}
	return out
}
