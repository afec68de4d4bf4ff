//go:build linux

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/internal/netns"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"golang.org/x/sys/unix"
)

func TestSrPackets(t *testing.T) {
	layerNames := func(p *packet.Packet) string {
		var s []string
		for _, l := range p.Layers() {
			s = append(s, l.Proto().Name)
		}
		return strings.Join(s, "/")
	}
	for _, c := range []struct {
		args  []string
		stdin string
		want  []string
		err   string
	}{
		{args: []string{"IP", "dst=198.18.1.3", "/", "TCP", "dport=80"}, want: []string{"IP/TCP"}},
		{args: []string{"IP(dst=198.18.1.3)/ICMP()", "IP(dst=198.18.1.4)/UDP()"}, want: []string{"IP/ICMP", "IP/UDP"}},
		{args: []string{"IP dst=198.18.1.3 / ICMP", "IP dst=198.18.1.4 / TCP"}, want: []string{"IP/ICMP", "IP/TCP"}},
		{args: []string{"-"}, stdin: "# two packets\nIP(dst=198.18.1.3)/ICMP()\n\nEther()/ARP(pdst=198.18.1.3)\n", want: []string{"IP/ICMP", "Ethernet/ARP"}},
		{args: []string{"IP(dst=198.18.1.3)/TCP(dport=[22,80])/Raw(load=\"x\")"}, want: []string{"IP/TCP/Raw", "IP/TCP/Raw"}},
		{args: []string{"IP(dst=198.18.1.3, ttl=(1,3))/ICMP()", "Ether()/ARP()"}, want: []string{"IP/ICMP", "IP/ICMP", "IP/ICMP", "Ethernet/ARP"}},
		{args: []string{"IP(dst=198.18.1.3)/ICMP()", "Bogus()"}, err: "spec column "},
		{args: []string{"Bogus()"}, err: "Bogus"},
		{args: []string{"-"}, stdin: "IP()\nIP(ttl=x)\n", err: "SPEC 2: "},
		{args: []string{"-"}, stdin: "# nothing\n", err: "no SPEC"},
	} {
		pkts, err := srPackets(c.args, strings.NewReader(c.stdin))
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: error %v, want %q", c.args, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.args, err)
			continue
		}
		var got []string
		for _, p := range pkts {
			got = append(got, layerNames(p))
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%q: %v, want %v", c.args, got, c.want)
		}
	}
}

func TestSrUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"sr1"}, exitUsage, "missing SPEC"},
		{[]string{"sr"}, exitUsage, "missing SPEC"},
		{[]string{"sr1", "IP()/ICMP()", "IP()/TCP()"}, exitUsage, "sr1 sends one packet, the SPEC gives 2 (use sr)"},
		{[]string{"sr1", "IP()/TCP(dport=[22,80,443])"}, exitUsage, "sr1 sends one packet, the SPEC gives 3 (use sr)"},
		{[]string{"srp1", "-t", "-1s", "Ether()/ARP()"}, exitUsage, "cannot be negative"},
		{[]string{"sr1", "--show", "--json", "IP()/ICMP()"}, exitUsage, "choose one of"},
		{[]string{"sr", "--table", "--json", "IP()/ICMP()"}, exitUsage, "choose one of"},
		{[]string{"sr1", "--multi", "IP()/ICMP()"}, exitUsage, "flag provided but not defined: -multi"},
		{[]string{"sr1", "Bogus()"}, exitError, `unknown layer "Bogus"`},
		{[]string{"sr1", "-i", "nosuch0", "IP(dst=127.0.0.1)/ICMP()"}, exitError, `no such interface "nosuch0" (available: `},
	} {
		r := runCmd(t, "", c.args...)
		if r.code != c.code || !strings.Contains(r.stderr, c.msg) {
			t.Errorf("%q: status %d, stderr %q; want %d and %q", c.args, r.code, r.stderr, c.code, c.msg)
		}
	}
	for _, name := range []string{"sr1", "sr", "srp1", "srp"} {
		r := runCmd(t, "", name, "-h")
		r.want(t, exitOK)
		if !strings.Contains(r.stdout, "usage: goscapy sr1") || !strings.Contains(r.stdout, "--retry N") {
			t.Errorf("%s -h:\n%s", name, r.stdout)
		}
	}
}

func TestSrNotRoot(t *testing.T) {
	check := func() {
		r := runCmd(t, "", "sr1", "-i", "lo", "IP(dst=127.0.0.1)/ICMP()")
		if r.code != exitError || !strings.Contains(r.stderr, "needs root or CAP_NET_RAW") || !strings.Contains(r.stderr, " lo") {
			t.Errorf("sr1 without privilege: %d %q", r.code, r.stderr)
		}
	}
	if os.Geteuid() != 0 {
		check()
		return
	}
	// As root: on a thread that gave up its privileges (effective user
	// nobody), restored afterwards.
	runtime.LockOSThread()
	if _, _, e := unix.RawSyscall(unix.SYS_SETRESUID, ^uintptr(0), 65534, ^uintptr(0)); e != 0 {
		runtime.UnlockOSThread()
		t.Fatalf("setresuid: %v", e)
	}
	defer func() {
		if _, _, e := unix.RawSyscall(unix.SYS_SETRESUID, ^uintptr(0), 0, ^uintptr(0)); e != 0 {
			t.Errorf("restoring root on the thread: %v (the thread stays locked)", e)
			return
		}
		runtime.UnlockOSThread()
	}()
	check()
}

// TestSrCommandLab runs the commands in namespace A of a pair against
// the kernel of B.
func TestSrCommandLab(t *testing.T) {
	lab := netns.NewPair(t)
	if err := lab.StartHTTP(); err != nil {
		t.Fatal(err)
	}
	if _, err := lab.ListenPacket(netns.B, "udp4", ":7000"); err != nil { // bound, silent
		t.Fatal(err)
	}
	inA := func(args ...string) result {
		var r result
		if err := lab.Do(netns.A, func() error { r = runCmd(t, "", args...); return nil }); err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := inA("sr1", "IP", "dst=198.18.1.3", "/", "ICMP", "id=7", "seq=1")
	r.want(t, exitOK)
	if r.stdout != "IP / ICMP 198.18.1.3 > 198.18.1.2 echo-reply 0\n" {
		t.Errorf("sr1: %q", r.stdout)
	}
	r = inA("sr1", "-t", "200ms", "IP(dst=198.18.1.3)/UDP(sport=4000, dport=7000)")
	if r.code != exitError || !strings.Contains(r.stderr, "no reply within 200ms") || r.stdout != "" {
		t.Errorf("sr1 without answer: %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = inA("sr1", "--json", "IP(dst=198.18.1.3)/TCP(sport=4000, dport=80, flags=S)")
	r.want(t, exitOK)
	var j struct {
		N        int
		Sent     struct{ Layers []struct{ Name string } }
		Received struct {
			Layers []struct {
				Name   string
				Fields map[string]any
			}
		}
		RTT float64
	}
	if err := json.Unmarshal([]byte(r.stdout), &j); err != nil || j.N != 1 || len(j.Received.Layers) < 2 ||
		j.Received.Layers[1].Fields["flags"] != float64(layers.TCPSyn|layers.TCPAck) || j.RTT <= 0 {
		t.Errorf("sr1 --json: %q (%v)", r.stdout, err)
	}
	r = inA("sr", "-t", "300ms", "IP(dst=198.18.1.3)/TCP(sport=4000, dport=80, flags=S)",
		"IP(dst=198.18.1.3)/TCP(sport=4001, dport=81, flags=S)", "IP(dst=198.18.1.3)/UDP(sport=4002, dport=7000)")
	r.want(t, exitOK)
	want := "<Results: TCP:2 UDP:0 ICMP:0 Other:0>\n" +
		"IP / TCP 198.18.1.2:4000 > 198.18.1.3:80 S ==> IP / TCP 198.18.1.3:80 > 198.18.1.2:4000 SA\n" +
		"IP / TCP 198.18.1.2:4001 > 198.18.1.3:81 S ==> IP / TCP 198.18.1.3:81 > 198.18.1.2:4001 RA\n" +
		"<Unanswered: TCP:0 UDP:1 ICMP:0 Other:0>\n" +
		"IP / UDP 198.18.1.2:4002 > 198.18.1.3:7000\n"
	// The two answers may come in either order.
	if lines := strings.Split(r.stdout, "\n"); len(lines) == 6 && strings.Contains(lines[1], ":81 S") {
		lines[1], lines[2] = lines[2], lines[1]
		r.stdout = strings.Join(lines, "\n")
	}
	if r.stdout != want {
		t.Errorf("sr:\n%s\nwant:\n%s", r.stdout, want)
	}
	r = inA("sr", "--table", "-t", "300ms", "IP(dst=198.18.1.3)/TCP(sport=4000, dport=[80,81])")
	r.want(t, exitOK)
	if r.stdout != "            80/tcp  81/tcp\n198.18.1.3  SA      RA\n" {
		t.Errorf("sr --table:\n%q", r.stdout)
	}
	r = inA("srp1", "-i", "a0", "--show", "Ether(dst=ff:ff:ff:ff:ff:ff)/ARP(pdst=198.18.1.3)")
	r.want(t, exitOK)
	if !strings.Contains(r.stdout, "###[ ARP ]###") || !strings.Contains(r.stdout, "hwsrc     = 02:00:00:00:01:03") {
		t.Errorf("srp1 --show:\n%s", r.stdout)
	}
	var in strings.Builder
	for i := range 3 {
		fmt.Fprintf(&in, "Ether(dst=02:00:00:00:01:03)/IP(dst=198.18.1.3)/ICMP(id=9, seq=%d)\n", i)
	}
	var rs result
	if err := lab.Do(netns.A, func() error { rs = runCmd(t, in.String(), "srp", "--summary", "-"); return nil }); err != nil {
		t.Fatal(err)
	}
	rs.want(t, exitOK)
	if n := strings.Count(rs.stdout, "==> Ethernet / IP / ICMP 198.18.1.3 > 198.18.1.2 echo-reply 0"); n != 3 || !strings.HasPrefix(rs.stdout, "<Results: TCP:0 UDP:0 ICMP:3 Other:0>\n") {
		t.Errorf("srp --summary:\n%s", rs.stdout)
	}
}
