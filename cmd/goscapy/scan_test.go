package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"sort"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/internal/netns"
)

func TestScanUsage(t *testing.T) {
	runToolCases(t, []toolCase{
		{[]string{"scan", "-h"}, exitOK, "usage: goscapy scan -p PORTS [--rate N] [--seed S] [--shard i/n]"},
		{[]string{"help", "scan"}, exitOK, "--shard i/n"},
		{[]string{"scan", "198.18.1.3"}, exitUsage, "needs the ports: -p PORTS"},
		{[]string{"scan", "-p", "80"}, exitUsage, "missing TARGETS"},
		{[]string{"scan", "-p", "0", "198.18.1.3"}, exitUsage, "want 1 to 65535"},
		{[]string{"scan", "-p", "80", "example.com"}, exitUsage, "host names are not resolved"},
		{[]string{"scan", "-p", "80", "--shard", "2/2", "--seed", "1", "198.18.1.3"}, exitUsage, "want i/n with 0 <= i < n"},
		{[]string{"scan", "-p", "80", "--shard", "0/2", "198.18.1.3"}, exitUsage, "--shard needs --seed"},
		{[]string{"scan", "-p", "80", "--seed", "x", "198.18.1.3"}, exitUsage, "want an unsigned integer"},
		{[]string{"scan", "-p", "80", "--rate", "-1", "198.18.1.3"}, exitUsage, "cannot be negative"},
		{[]string{"scan", "-p", "80", "-i", "nosuch0", "127.0.0.1"}, exitError, `no such interface "nosuch0"`},
	})
}

// TestToolsLab runs ping, arping, traceroute and scan in the lab's
// namespace A against R and B (root only).
func TestToolsLab(t *testing.T) {
	lab := netns.NewLab(t)
	if _, err := lab.Listen(netns.B, "tcp", ":80"); err != nil {
		t.Fatal(err)
	}
	for _, ns := range []netns.NS{netns.R, netns.B} {
		if err := lab.Sysctl(ns, "net/ipv4/icmp_ratelimit", "0"); err != nil {
			t.Fatal(err)
		}
	}
	inA := func(args ...string) result {
		var r result
		if err := lab.Do(netns.A, func() error { r = runCmd(t, "", args...); return nil }); err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := inA("ping", "-c", "2", "-I", "100ms", lab.B4.String())
	r.want(t, exitOK)
	for _, s := range []string{"PING 198.18.1.3 (198.18.1.3) 56(84) bytes of data.\n", "64 bytes from 198.18.1.3: icmp_seq=1 ttl=64 time=",
		"64 bytes from 198.18.1.3: icmp_seq=2 ttl=64 time=", "--- 198.18.1.3 ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("ping output lacks %q:\n%s", s, r.stdout)
		}
	}
	r = inA("ping", "-c", "1", "-W", "200ms", "198.18.1.77")
	r.want(t, exitError)
	if !strings.Contains(r.stdout, "1 packets transmitted, 0 received, 100% packet loss") || !strings.Contains(r.stderr, "no reply from 198.18.1.77") {
		t.Errorf("ping of nobody:\n%s%s", r.stdout, r.stderr)
	}

	r = inA("arping", "-i", lab.IfaceA, "-W", "200ms", "--concurrency", "128", lab.LAN4.String())
	r.want(t, exitOK)
	want := "Interface: a0, scanning 198.18.1.0/24 (253 addresses)\n198.18.1.1\t02:00:00:00:01:01\n198.18.1.3\t02:00:00:00:01:03\n\n253 hosts scanned in "
	if !strings.HasPrefix(r.stdout, want) || !strings.HasSuffix(r.stdout, " seconds; 2 responded\n") {
		t.Errorf("arping output:\n%s\nwant it to start\n%s", r.stdout, want)
	}

	for _, m := range []string{"icmp", "udp", "tcp"} {
		r = inA("traceroute", "-P", m, "-w", "500ms", "-m", "5", lab.BFar4.String())
		r.want(t, exitOK)
		ls := lines(r.stdout)
		if len(ls) != 3 || ls[0] != "traceroute to 198.18.2.2 (198.18.2.2), 5 hops max, "+m+" probes" ||
			!strings.HasPrefix(ls[1], " 1  198.18.1.1  ") || !strings.HasPrefix(ls[2], " 2  198.18.2.2  ") {
			t.Errorf("traceroute -P %s:\n%s", m, r.stdout)
		}
	}

	r = inA("scan", "-p", "80,81", "--seed", "7", "--timeout", "300ms", lab.B4.String())
	r.want(t, exitOK)
	ls := lines(r.stdout)
	sort.Strings(ls[1 : len(ls)-1])
	wantLines := []string{"# goscapy scan of 198.18.1.3, ports 80,81: 1 hosts x 2 ports, seed 7, shard 0/1",
		"Host: 198.18.1.3 ()\tPorts: 80/open/tcp//http///", "Host: 198.18.1.3 ()\tPorts: 81/closed/tcp/////"}
	if len(ls) != 4 || strings.Join(ls[:3], "\n") != strings.Join(wantLines, "\n") || !strings.HasPrefix(ls[3], "# done: 2 probes, 2 answers, 1 open, 1 closed, 0 filtered in ") {
		t.Errorf("scan output:\n%s", r.stdout)
	}
	// --shard 0/2 and 1/2 together find what one scan finds
	ports := "20-25,80,443"
	targets := []string{lab.B4.String(), lab.BFar4.String()}
	collect := func(extra ...string) map[string]string {
		args := append([]string{"scan", "--json", "-p", ports, "--seed", "99", "--timeout", "300ms"}, extra...)
		r := inA(append(args, targets...)...)
		r.want(t, exitOK)
		got := map[string]string{}
		for _, l := range lines(r.stdout) {
			var j struct {
				Addr  string
				Port  int
				State string
			}
			if err := json.Unmarshal([]byte(l), &j); err != nil {
				t.Fatal(err)
			}
			if j.Addr != "" {
				got[fmt.Sprintf("%s:%d", j.Addr, j.Port)] = j.State
			}
		}
		return got
	}
	whole := collect()
	union := collect("--shard", "0/2")
	for k, v := range collect("--shard", "1/2") {
		if _, dup := union[k]; dup {
			t.Errorf("%s in both shards", k)
		}
		union[k] = v
	}
	if len(whole) != 16 || !maps.Equal(whole, union) {
		t.Errorf("unsharded %v\nshards %v", whole, union)
	}
}

// TestToolsNoRoute: in a namespace without a default route, the tools
// say there is no route to the target (nothing is sent).
func TestToolsNoRoute(t *testing.T) {
	lab := netns.NewPair(t)
	err := lab.Do(netns.A, func() error {
		runToolCases(t, []toolCase{
			{[]string{"ping", "-c", "1", "203.0.113.1"}, exitError, "no route to 203.0.113.1"},
			{[]string{"traceroute", "203.0.113.1"}, exitError, "no route to 203.0.113.1"},
			{[]string{"scan", "-p", "80", "203.0.113.1"}, exitError, "no route to 203.0.113.1"},
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
