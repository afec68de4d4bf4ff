//go:build linux

package bpf

import (
	"bytes"
	"errors"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	xbpf "golang.org/x/net/bpf"

	"github.com/goscapy/goscapy/internal/netns"
)

// parseDDD parses the output of "tcpdump -ddd".
func parseDDD(out []byte) ([]xbpf.RawInstruction, error) {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	n, err := strconv.Atoi(strings.TrimSpace(lines[0]))
	if err != nil || n != len(lines)-1 {
		return nil, errors.New("bad tcpdump -ddd output: " + string(out))
	}
	prog := make([]xbpf.RawInstruction, n)
	for i, l := range lines[1:] {
		f := strings.Fields(l)
		if len(f) != 4 {
			return nil, errors.New("bad tcpdump -ddd line: " + l)
		}
		var v [4]uint64
		for j := range f {
			if v[j], err = strconv.ParseUint(f[j], 10, 32); err != nil {
				return nil, err
			}
		}
		prog[i] = xbpf.RawInstruction{Op: uint16(v[0]), Jt: uint8(v[1]), Jf: uint8(v[2]), K: uint32(v[3])}
	}
	return prog, nil
}

// TestLiveProgramsMatchTcpdump compares CompileLive with the program
// libpcap compiles for a live capture on a Linux Ethernet interface
// ("tcpdump -ddd -i IFACE", on a veth interface of a namespace the test
// creates), for the expressions of testdata/live_filters.txt; -d output
// (Disassemble) is compared too.
func TestLiveProgramsMatchTcpdump(t *testing.T) {
	netns.Require(t)
	if _, err := exec.LookPath("tcpdump"); err != nil {
		t.Skip("tcpdump not installed; skipping the comparison with libpcap's live programs")
	}
	var exprs []string
	// Expressions marked '~' need only the same verdicts: libpcap's
	// program differs by a peephole rewrite Compile does not do in either
	// form ("and #k; jeq #0" to "jset #k").
	sameVerdicts := map[string]bool{}
	for _, e := range readFilterFile(t, "testdata/live_filters.txt") {
		if r, ok := strings.CutPrefix(e, "~"); ok {
			e = strings.TrimSpace(r)
			sameVerdicts[e] = true
		}
		exprs = append(exprs, e)
	}
	frames := liveFrames()
	lab := netns.NewPair(t)
	ns := lab.Name(netns.A)
	checked := 0
	for _, expr := range exprs {
		var stdout, stderr bytes.Buffer
		cmd := exec.Command("ip", "netns", "exec", ns, "tcpdump", "-ddd", "-i", lab.IfaceA, "--", expr)
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		runErr := cmd.Run()
		got, err := CompileLive(expr, LinkTypeEthernet, 0)
		if runErr != nil {
			if err == nil {
				t.Errorf("%q: tcpdump refuses it (%s), CompileLive accepts it", expr, strings.TrimSpace(stderr.String()))
			}
			continue
		}
		if errors.Is(err, ErrUnsupported) {
			t.Logf("%q: not supported in the live form: %v", expr, err)
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", expr, err)
			continue
		}
		want, perr := parseDDD(stdout.Bytes())
		if perr != nil {
			t.Fatal(perr)
		}
		for _, f := range frames {
			if g, w := runLive(got, f.data, f.md), runLive(want, f.data, f.md); g != w {
				t.Errorf("%q: frame %s (%+v): verdict %d, libpcap's %d", expr, f.name, f.md, g, w)
				break
			}
		}
		if !equalProgs(got, want) {
			if !sameVerdicts[expr] {
				t.Errorf("%q: program differs from tcpdump -i's\ngot:\n%swant:\n%s", expr, Disassemble(got), Disassemble(want))
			}
			continue
		}
		d, derr := exec.Command("ip", "netns", "exec", ns, "tcpdump", "-d", "-i", lab.IfaceA, "--", expr).Output()
		if derr == nil && Disassemble(got) != string(d) {
			t.Errorf("%q: Disassemble differs from tcpdump -d -i\ngot:\n%swant:\n%s", expr, Disassemble(got), d)
		}
		checked++
	}
	t.Logf("%d of %d expressions compile to tcpdump -i's programs; all %d give libpcap's verdicts on %d frames", checked, len(exprs), len(exprs), len(frames))
}

func equalProgs(a, b []xbpf.RawInstruction) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestLiveWithoutVlanIsOffline checks that the live form differs from the
// offline one only for "vlan".
func TestLiveWithoutVlanIsOffline(t *testing.T) {
	for _, expr := range []string{"tcp port 80", "host 198.18.1.3 and not icmp", "ip6 and udp", "portrange 1-1023", "mpls and ip", "ip[2:2] > 576", "pppoes and ip"} {
		a, err1 := Compile(expr, LinkTypeEthernet, 0)
		b, err2 := CompileLive(expr, LinkTypeEthernet, 0)
		if err1 != nil || err2 != nil {
			t.Fatalf("%q: %v, %v", expr, err1, err2)
		}
		if !equalProgs(a, b) {
			t.Errorf("%q: live form differs from the offline one\n%s\n%s", expr, Disassemble(a), Disassemble(b))
		}
	}
	// Other link types have no live vlan form.
	for _, lt := range []uint32{LinkTypeLinuxSLL, LinkTypeRaw} {
		if _, err := CompileLive("vlan", lt, 0); !errors.Is(err, ErrInvalid) {
			t.Errorf("vlan on link type %d: %v, want ErrInvalid", lt, err)
		}
	}
}
