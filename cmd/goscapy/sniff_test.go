package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy/internal/netns"
	"github.com/goscapy/goscapy/pcap"
)

func TestSniffOffline(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.pcap")
	writeTestPcap(t, path, pcap.LinkTypeEthernet, filterFrames(t))
	r := runCmd(t, "", "sniff", "-r", path, "tcp")
	r.want(t, exitOK)
	ls := lines(r.stdout)
	if len(ls) != 3 || !strings.HasPrefix(ls[0], "1 10:00:00.001001 Ethernet / IP / TCP 198.18.1.2:40000 > 198.18.1.3:") {
		t.Errorf("sniff -r tcp:\n%s", r.stdout)
	}
	r = runCmd(t, "", "sniff", "-r", path, "-f", "udp or arp", "-c", "1", "--json")
	r.want(t, exitOK)
	var j struct {
		N      int
		Layers []struct{ Name string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &j); err != nil || j.N != 1 || len(j.Layers) != 2 || j.Layers[1].Name != "ARP" {
		t.Errorf("sniff --json: %q (%v)", r.stdout, err)
	}
	r = runCmd(t, "", "sniff", "-r", path, "--show", "-c", "1", "icmp")
	r.want(t, exitOK)
	if !strings.Contains(r.stdout, "###[ ICMP ]###") || !strings.HasPrefix(r.stdout, "packet 1 at 2024-05-01T10:00:00.003001Z: 42 bytes captured, 42 on the wire") {
		t.Errorf("sniff --show:\n%s", r.stdout)
	}
	out := filepath.Join(t.TempDir(), "out.pcapng")
	r = runCmd(t, "", "sniff", "-r", path, "-w", out, "ip")
	r.want(t, exitOK)
	if r.stdout != "" {
		t.Errorf("-w printed %q", r.stdout)
	}
	r = runCmd(t, "", "read", out)
	r.want(t, exitOK)
	if len(lines(r.stdout)) != 4 {
		t.Errorf("read back:\n%s", r.stdout)
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"sniff", "-r", path, "-f", "tcp", "udp"}, exitUsage, "not both"},
		{[]string{"sniff", "-r", path, "-i", "eth0"}, exitUsage, "do not apply"},
		{[]string{"sniff", "-r", path, "-c", "-1"}, exitUsage, "negative"},
		{[]string{"sniff", "-r", path, "tcp port"}, exitError, "syntax error"},
		{[]string{"sniff", "-r", path + ".missing"}, exitError, "no such file"},
		{[]string{"sniff", "-i", "nosuch0"}, exitError, `no such interface "nosuch0" (available: `},
	} {
		r := runCmd(t, "", c.args...)
		r.want(t, c.code)
		if !strings.Contains(r.stderr, c.msg) {
			t.Errorf("%v: stderr %q, want %q", c.args, r.stderr, c.msg)
		}
	}
}

func TestSendCommandErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"send"}, exitUsage, "missing SPEC"},
		{[]string{"sendp", "Ether()/ARP()"}, exitUsage, "needs an interface"},
		{[]string{"send", "-c", "0", "IP()/ICMP()"}, exitUsage, "at least 1"},
		{[]string{"send", "IP(dst=nowhere)/ICMP()"}, exitError, "nowhere"},
		{[]string{"send", "Ether()/ARP()"}, exitError, "no IPv4 or IPv6 layer"},
		{[]string{"sendp", "-i", "nosuch0", "Ether()/ARP()"}, exitError, `no such interface "nosuch0"`},
		{[]string{"send", "-i", "nosuch0", "IP(dst=198.18.1.3)/ICMP()"}, exitError, `no such interface "nosuch0"`},
	} {
		r := runCmd(t, "", c.args...)
		r.want(t, c.code)
		if !strings.Contains(r.stderr, c.msg) || r.stdout != "" {
			t.Errorf("%v: stdout %q stderr %q, want %q", c.args, r.stdout, r.stderr, c.msg)
		}
	}
}

// TestSendSniffCommands runs goscapy sendp and send in namespace A and
// goscapy sniff in B.
func TestSendSniffCommands(t *testing.T) {
	lab := netns.NewPair(t)
	type res struct {
		r   result
		err error
	}
	sniffIn := func(args ...string) chan res {
		ch := make(chan res, 1)
		go func() {
			var r result
			err := lab.Do(netns.B, func() error {
				r = runCmd(t, "", append([]string{"sniff", "-i", lab.IfaceB, "--timeout", "10s"}, args...)...)
				return nil
			})
			ch <- res{r, err}
		}()
		return ch
	}
	inA := func(args ...string) result {
		var r result
		if err := lab.Do(netns.A, func() error { r = runCmd(t, "", args...); return nil }); err != nil {
			t.Fatal(err)
		}
		return r
	}
	// The sniffer may open after the first packets: send until it has its
	// count.
	ch := sniffIn("-c", "3", "udp port 9999")
	r := inA("sendp", "-i", lab.IfaceA, "-c", "40", "--inter", "25ms",
		"Ether(dst="+lab.MACB.String()+")/IP(dst=198.18.1.99)/UDP(sport=1000, dport=9999)/'hi'")
	r.want(t, exitOK)
	if r.stdout != "Sent 40 packets.\n" && !strings.HasPrefix(r.stdout, "Sent 40 packets in ") {
		t.Errorf("sendp printed %q", r.stdout)
	}
	s := <-ch
	if s.err != nil {
		t.Fatal(s.err)
	}
	s.r.want(t, exitOK)
	ls := lines(s.r.stdout)
	if len(ls) != 3 || !strings.Contains(ls[0], "Ethernet / IP / UDP 198.18.1.2:1000 > 198.18.1.99:9999 / Raw") {
		t.Errorf("sniff:\n%s", s.r.stdout)
	}

	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	w := filepath.Join(dir, "l3.pcap")
	ch = sniffIn("-c", "2", "-w", w, "--summary", "icmp[icmptype] == icmp-echo or icmp6[icmp6type] == icmp6-echo")
	for range 40 {
		inA("send", "-q", "IP(dst="+lab.B4.String()+")/ICMP()").want(t, exitOK)
		inA("send", "-q", "-i", lab.IfaceA, "IPv6(dst="+lab.B6.String()+")/ICMPv6()")
		select {
		case s = <-ch:
		case <-time.After(25 * time.Millisecond):
			continue
		}
		break
	}
	if s.err != nil {
		t.Fatal(s.err)
	}
	s.r.want(t, exitOK)
	ls = lines(s.r.stdout)
	if len(ls) != 2 || !strings.Contains(s.r.stdout, "ICMP 198.18.1.2 > 198.18.1.3 echo-request") {
		t.Errorf("sniff of send:\n%s", s.r.stdout)
	}
	r = runCmd(t, "", "read", w)
	r.want(t, exitOK)
	if len(lines(r.stdout)) != 2 {
		t.Errorf("-w file:\n%s", r.stdout)
	}
	runtime.KeepAlive(lab)
}
