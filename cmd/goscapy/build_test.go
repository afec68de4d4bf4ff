package main

import (
	"bufio"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/packet"
)

// scapyExpansions reads ../../expr/testdata/order.tsv: expressions with
// sets and the bytes of every packet Scapy expands them to, in order.
func scapyExpansions(t *testing.T) [][3]string {
	t.Helper()
	f, err := os.Open("../../expr/testdata/order.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][3]string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := strings.Split(line, "\t")
		if len(p) != 3 {
			t.Fatalf("bad line %q", line)
		}
		out = append(out, [3]string{p[0], p[1], p[2]})
	}
	if len(out) == 0 {
		t.Fatal("no expansions")
	}
	return out
}

// TestBuildHexEveryPacket: --hex prints every packet of the expansion, one
// line of lowercase hex each, in Scapy's order and with Scapy's bytes.
func TestBuildHexEveryPacket(t *testing.T) {
	for _, c := range scapyExpansions(t) {
		want := strings.Split(c[2], ",")
		r := runCmd(t, "", "build", "--hex", c[1])
		r.want(t, exitOK)
		got := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		if strings.Join(got, ",") != c[2] {
			t.Errorf("%s: %s\n got %d lines %q\nwant %d lines", c[0], c[1], len(got), r.stdout, len(want))
		}
		// -c N prints the first N
		r = runCmd(t, "", "build", c[1], "-c", "3", "--hex")
		r.want(t, exitOK)
		if got := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n"); strings.Join(got, ",") != strings.Join(want[:3], ",") {
			t.Errorf("%s -c 3: %q", c[0], r.stdout)
		}
	}
}

func TestBuildOutputsPerPacket(t *testing.T) {
	c := scapyExpansions(t)[0] // net_ports: 8 packets
	want := strings.Split(c[2], ",")
	// the default hexdumps, a blank line between two
	r := runCmd(t, "", "build", c[1])
	r.want(t, exitOK)
	var dumps []string
	for _, h := range want {
		b, _ := hex.DecodeString(h)
		dumps = append(dumps, packet.HexDump(b))
	}
	if r.stdout != strings.Join(dumps, "\n") {
		t.Errorf("hexdumps:\n%s", r.stdout)
	}
	r = runCmd(t, "", "build", "--summary", c[1])
	r.want(t, exitOK)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != len(want) || lines[1] != "IP / TCP 10.0.0.1:20 > 198.18.1.0:443 S" {
		t.Errorf("--summary:\n%s", r.stdout)
	}
	r = runCmd(t, "", "build", "--json", "-c", "2", c[1])
	r.want(t, exitOK)
	if n := strings.Count(r.stdout, "\n"); n != 2 || !strings.HasPrefix(r.stdout, `{"caplen":40`) {
		t.Errorf("--json -c 2:\n%s", r.stdout)
	}
	r = runCmd(t, "", "build", "--show", "-c", "2", c[1])
	r.want(t, exitOK)
	if n := strings.Count(r.stdout, "###[ IP ]###"); n != 2 {
		t.Errorf("--show -c 2:\n%s", r.stdout)
	}
}

func TestBuildRandomAndErrors(t *testing.T) {
	// a random value is drawn for every packet: three distinct sources
	r := runCmd(t, "", "build", "--hex", `IP(src=RandIP("10.0.0.0/8"), dst="10.0.0.1")/UDP(dport=[1,2,3])`)
	r.want(t, exitOK)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 {
		t.Fatalf("%q", r.stdout)
	}
	for _, l := range lines {
		if len(l) != 56 || l[24:26] != "0a" {
			t.Errorf("packet %s: source not in 10.0.0.0/8", l)
		}
	}
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"build", "IP()/TCP(dport=[])"}, "no packet"},
		{[]string{"build", "IP(ttl=RandShort())"}, "ttl"},
		{[]string{"build", `IP(dst="10.0.0.0/33")`}, "spec column 4"},
	} {
		r := runCmd(t, "", c.args...)
		r.want(t, exitError)
		if !strings.Contains(r.stderr, c.msg) || r.stdout != "" {
			t.Errorf("%v: %q", c.args, r.stderr)
		}
	}
	r = runCmd(t, "", "build", "-c", "-1", "IP()")
	if r.code != exitUsage || !strings.Contains(r.stderr, "-c -1") {
		t.Errorf("-c -1: %+v", r)
	}
}
