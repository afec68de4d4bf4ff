package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/pcap"
)

// filterFrames are the packets of the -f tests: ARP, TCP, UDP, ICMP,
// TCP over IPv6.
func filterFrames(t *testing.T) [][]byte {
	t.Helper()
	a, b := "02:00:00:00:01:02", "02:00:00:00:01:03"
	var out [][]byte
	add := func(f []byte, err error) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, f)
	}
	add(goscapy.EtherARP(a, "ff:ff:ff:ff:ff:ff", "198.18.1.2", "198.18.1.3", layers.ARPWhoHas))
	add(goscapy.EtherIPTCP(a, b, "198.18.1.2", "198.18.1.3", 40000, 80, layers.TCPSyn))
	add(goscapy.EtherIPUDP(a, b, "198.18.1.2", "198.18.1.3", 1234, 9999, []byte("x")))
	add(goscapy.EtherIPICMP(a, b, "198.18.1.2", "198.18.1.3", 8, 0))
	add(goscapy.EtherIPv6TCP(a, b, "2001:db8:1::2", "2001:db8:1::3", 40001, 443, layers.TCPSyn))
	add(goscapy.EtherIPTCP(b, a, "198.18.1.3", "198.18.1.2", 80, 40000, layers.TCPSyn|layers.TCPAck))
	return out
}

func TestFilterCommand(t *testing.T) {
	r := runCmd(t, "", "filter", "tcp", "port", "80")
	r.want(t, exitOK)
	if !strings.HasPrefix(r.stdout, "(000) ldh      [12]\n(001) jeq      #0x86dd") || !strings.HasSuffix(r.stdout, "ret      #0\n") {
		t.Errorf("-d output:\n%s", r.stdout)
	}
	r = runCmd(t, "", "filter", "-dd", "arp")
	r.want(t, exitOK)
	if want := "{ 0x28, 0, 0, 0x0000000c },\n{ 0x15, 0, 1, 0x00000806 },\n{ 0x6, 0, 0, 0x00040000 },\n{ 0x6, 0, 0, 0x00000000 },\n"; r.stdout != want {
		t.Errorf("-dd arp:\n%s\nwant\n%s", r.stdout, want)
	}
	r = runCmd(t, "", "filter", "-ddd", "--snaplen", "96", "arp")
	r.want(t, exitOK)
	if want := "4\n40 0 0 12\n21 0 1 2054\n6 0 0 96\n6 0 0 0\n"; r.stdout != want {
		t.Errorf("-ddd arp:\n%s", r.stdout)
	}
	r = runCmd(t, "", "filter", "--linktype", "raw", "ip6")
	r.want(t, exitOK)
	if !strings.HasPrefix(r.stdout, "(000) ldb      [0]\n") {
		t.Errorf("raw ip6:\n%s", r.stdout)
	}
	r = runCmd(t, "", "filter")
	r.want(t, exitOK)
	if r.stdout != "(000) ret      #262144\n" {
		t.Errorf("empty expression: %q", r.stdout)
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"filter", "tcp", "port"}, exitError, "syntax error"},
		{[]string{"filter", "-d", "-dd", "tcp"}, exitUsage, "choose one"},
		{[]string{"filter", "--linktype", "token-ring", "tcp"}, exitUsage, "not a link type"},
		{[]string{"filter", "--snaplen", "0", "tcp"}, exitUsage, "positive"},
	} {
		r := runCmd(t, "", c.args...)
		r.want(t, c.code)
		if !strings.Contains(r.stderr, c.msg) {
			t.Errorf("%v: stderr %q, want %q", c.args, r.stderr, c.msg)
		}
	}
}

// TestFilterCommandTcpdump compares the three output forms with tcpdump's
// (when it is installed) on an Ethernet capture.
func TestFilterCommandTcpdump(t *testing.T) {
	tcpdump, err := exec.LookPath("tcpdump")
	if err != nil {
		t.Skip("tcpdump not installed")
	}
	path := filepath.Join(t.TempDir(), "ether.pcap")
	writeTestPcap(t, path, pcap.LinkTypeEthernet, filterFrames(t))
	for _, expr := range []string{"tcp port 80", "icmp or arp", "ip6 and tcp", "ip[8] > 64", "net 198.18.0.0/15", "udp dst port 9999 and not src host 198.18.1.3", "vlan and tcp", "ether broadcast"} {
		for _, form := range []string{"-d", "-dd", "-ddd"} {
			want, err := exec.Command(tcpdump, form, "-r", path, expr).Output()
			if err != nil {
				t.Fatalf("tcpdump %s %q: %v", form, expr, err)
			}
			r := runCmd(t, "", "filter", form, expr)
			r.want(t, exitOK)
			if r.stdout != string(want) {
				t.Errorf("filter %s %q:\n%s\ntcpdump:\n%s", form, expr, r.stdout, want)
			}
		}
	}
}

func TestReadFilterFlag(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.pcap")
	writeTestPcap(t, path, pcap.LinkTypeEthernet, filterFrames(t))
	numbers := func(out string) string {
		var ns []string
		for _, l := range lines(out) {
			n, _, _ := strings.Cut(l, " ")
			ns = append(ns, n)
		}
		return strings.Join(ns, " ")
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-f", "tcp"}, "2 5 6"},
		{[]string{"-f", "tcp[tcpflags] == tcp-syn"}, "2"}, // tcp[] is IPv4 only, as in libpcap
		{[]string{"-f", "tcp", "-c", "2"}, "2 5"},
		{[]string{"-f", "arp or icmp"}, "1 4"},
		{[]string{"-f", "ip6"}, "5"},
		{[]string{"-f", "port 53"}, ""},
		{[]string{"-f", ""}, "1 2 3 4 5 6"},
	} {
		r := runCmd(t, "", append(append([]string{"read"}, c.args...), path)...)
		r.want(t, exitOK)
		if got := numbers(r.stdout); got != c.want {
			t.Errorf("read %v: packets %q, want %q\n%s", c.args, got, c.want, r.stdout)
		}
	}
	// --json keeps the position in the file.
	r := runCmd(t, "", "read", "--json", "-f", "udp", path)
	r.want(t, exitOK)
	var j struct{ N int }
	if err := json.Unmarshal([]byte(r.stdout), &j); err != nil || j.N != 3 {
		t.Errorf("--json -f udp: %q", r.stdout)
	}
	// -w writes the packets kept.
	out := filepath.Join(t.TempDir(), "out.pcap")
	r = runCmd(t, "", "read", "-f", "tcp", "-w", out, path)
	r.want(t, exitOK)
	rd, err := pcap.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	n := 0
	for range rd.All() {
		n++
	}
	if n != 3 {
		t.Errorf("-w with -f tcp wrote %d packets, want 3", n)
	}
	// A syntax error is a usage error; a filter a link type cannot take
	// is an error naming the file.
	r = runCmd(t, "", "read", "-f", "tcp port", path)
	r.want(t, exitUsage)
	if !strings.Contains(r.stderr, "-f: syntax error") {
		t.Errorf("syntax error: %q", r.stderr)
	}
	raw := filepath.Join(t.TempDir(), "raw.pcap")
	writeTestPcap(t, raw, pcap.LinkType(101), [][]byte{filterFrames(t)[1][14:]})
	r = runCmd(t, "", "read", "-f", "ether host 02:00:00:00:01:02", raw)
	r.want(t, exitError)
	if !strings.Contains(r.stderr, "raw.pcap") || !strings.Contains(r.stderr, "link type") {
		t.Errorf("filter refused for the link type: %q", r.stderr)
	}
	r = runCmd(t, "", "read", "-f", "tcp", raw)
	r.want(t, exitOK)
	if numbers(r.stdout) != "1" {
		t.Errorf("raw IP, -f tcp: %q", r.stdout)
	}
	os.Remove(out)
}
