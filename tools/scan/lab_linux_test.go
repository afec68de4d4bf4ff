//go:build linux

package scan_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/internal/netns"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/sendrecv"
	"github.com/goscapy/goscapy/tools/scan"
)

// firewall adds nftables rules in B: TCP port 82 dropped, 83 rejected
// with ICMP admin-prohibited. It reports false when nft is missing or
// the kernel refuses.
func firewall(t *testing.T, lab *netns.Lab) bool {
	if _, err := exec.LookPath("nft"); err != nil {
		t.Log("nft not installed: the filtered-by-firewall cases are skipped")
		return false
	}
	for _, args := range [][]string{
		{"nft", "add", "table", "inet", "scantest"},
		{"nft", "add", "chain", "inet", "scantest", "in", "{ type filter hook input priority 0; }"},
		{"nft", "add", "rule", "inet", "scantest", "in", "tcp", "dport", "82", "drop"},
		{"nft", "add", "rule", "inet", "scantest", "in", "tcp", "dport", "83", "reject", "with", "icmpx", "type", "admin-prohibited"},
	} {
		if out, err := lab.Exec(netns.B, args...); err != nil {
			t.Logf("nftables does not work here (%v: %s): the filtered-by-firewall cases are skipped", err, out)
			return false
		}
	}
	return true
}

func listen(t *testing.T, lab *netns.Lab, addr string) {
	t.Helper()
	if _, err := lab.Listen(netns.B, "tcp", addr); err != nil {
		t.Fatal(err)
	}
}

type found map[netip.AddrPort]scan.Result

func runScan(t *testing.T, lab *netns.Lab, cfg scan.Config) (found, scan.Stats) {
	t.Helper()
	got := found{}
	var st scan.Stats
	err := lab.Do(netns.A, func() error {
		var err error
		st, err = scan.Scan(context.Background(), cfg, func(r scan.Result) {
			ap := netip.AddrPortFrom(r.Addr, r.Port)
			if _, dup := got[ap]; dup {
				t.Errorf("%v reported twice", ap)
			}
			got[ap] = r
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got, st
}

// TestLabScan scans B on its LAN address (IPv4 and IPv6) and behind the
// router from A: a listener makes port 80 open, 8080 open on IPv4 only,
// the rest closed, and with nftables in B, 82 is dropped (filtered,
// no-response) and 83 rejected (filtered, admin-prohibited). A LAN
// address nobody has is filtered on every port.
func TestLabScan(t *testing.T) {
	lab := netns.NewLab(t)
	listen(t, lab, ":80")
	if _, err := lab.Listen(netns.B, "tcp4", ":8080"); err != nil {
		t.Fatal(err)
	}
	fw := firewall(t, lab)
	nobody := netip.MustParseAddr("198.18.1.77")
	targets, err := scan.NewTargets(netip.PrefixFrom(lab.B4, 32), netip.PrefixFrom(lab.BFar4, 32),
		netip.PrefixFrom(lab.B6, 128), netip.PrefixFrom(nobody, 32))
	if err != nil {
		t.Fatal(err)
	}
	ports, _ := scan.ParsePorts("22,80-83,8080")
	got, st := runScan(t, lab, scan.Config{Targets: targets, Ports: ports, Retries: 1, Timeout: 500 * time.Millisecond, Seed: 5})
	t.Logf("stats %+v", st)
	want := func(a netip.Addr, p uint16) (scan.State, string) {
		switch {
		case a == nobody:
			return scan.Filtered, ""
		case p == 80, p == 8080 && a.Is4():
			return scan.Open, scan.ReasonSynAck
		case p == 82 && fw:
			return scan.Filtered, scan.ReasonNoResponse
		case p == 83 && fw:
			return scan.Filtered, "admin-prohibited"
		}
		return scan.Closed, scan.ReasonReset
	}
	if len(got) != 4*len(ports) {
		t.Errorf("%d results, want %d", len(got), 4*len(ports))
	}
	for _, a := range []netip.Addr{lab.B4, lab.BFar4, lab.B6, nobody} {
		for _, p := range ports {
			r := got[netip.AddrPortFrom(a, p)]
			ws, wr := want(a, p)
			if r.State != ws || wr != "" && r.Reason != wr {
				t.Errorf("%v port %d: %v, want %v %s", a, p, r, ws, wr)
			}
			if r.State == scan.Open && (r.TTL != 64 || r.From != a) {
				t.Errorf("%v: TTL %d from %v, want 64 from the target (B answers on the LAN)", r, r.TTL, r.From)
			}
		}
	}
	if st.Open != 5 || st.Closed != 13-6*boolInt(fw) || st.Invalid != 0 || st.Targets != uint64(4*len(ports)) {
		t.Errorf("stats %+v", st)
	}
}

// TestLabScanShards: shards 0/2 and 1/2 of one seed find together
// exactly what the unsharded scan finds, with no port in both.
func TestLabScanShards(t *testing.T) {
	lab := netns.NewLab(t)
	listen(t, lab, ":80")
	listen(t, lab, ":443")
	targets, _ := scan.ParseTargets(lab.B4.String(), lab.BFar4.String(), lab.B6.String())
	ports, _ := scan.ParsePorts("20-30,80,443,1000-1010")
	cfg := scan.Config{Targets: targets, Ports: ports, Retries: 1, Timeout: 300 * time.Millisecond, Seed: 1234}
	whole, _ := runScan(t, lab, cfg)
	union := found{}
	for i := range 2 {
		c := cfg
		c.Shard, c.Shards = i, 2
		part, st := runScan(t, lab, c)
		if len(part) == 0 || uint64(len(part)) != st.Targets {
			t.Errorf("shard %d/2: %d results, stats %+v", i, len(part), st)
		}
		for ap, r := range part {
			if _, ok := union[ap]; ok {
				t.Errorf("%v in both shards", ap)
			}
			union[ap] = r
		}
	}
	if len(union) != len(whole) || len(whole) != 3*len(ports) {
		t.Fatalf("shards %d results, unsharded %d, space %d", len(union), len(whole), 3*len(ports))
	}
	for ap, r := range whole {
		if u := union[ap]; u.State != r.State {
			t.Errorf("%v: shards say %v, unsharded %v", ap, u, r)
		}
	}
	open := 0
	for _, r := range whole {
		if r.State == scan.Open {
			open++
		}
	}
	if open != 6 {
		t.Errorf("%d open ports, want 6 (80 and 443 on three addresses)", open)
	}
}

// TestArticleSynScan runs the article's TCP SYN scan fragment, as
// written, in A against B: port 80 (a listener) prints OPEN, port 81
// (closed) prints nothing.
func TestArticleSynScan(t *testing.T) {
	lab := netns.NewLab(t)
	listen(t, lab, ":80")
	srcIP, targetIP, iface := lab.A4.String(), lab.B4.String(), lab.IfaceA
	out := captureStdout(t, func() {
		for _, port := range []uint16{80, 81} {
			err := lab.Do(netns.A, func() error {
				// The fragment, as the article has it:
				pkt := goscapy.NewIP().SrcIP(srcIP).DstIP(targetIP).
					Over(goscapy.NewTCP().SrcPort(12345).DstPort(port).Flags(layers.TCPSyn)).
					Packet()
				_, reply, err := sendrecv.Sr1(pkt, iface, 2*time.Second, nil)
				if err == nil && reply != nil {
					tcpLayer := reply.GetLayer("TCP")
					flags, _ := tcpLayer.Get("flags")
					if flags.(uint8)&layers.TCPSyn != 0 && flags.(uint8)&layers.TCPAck != 0 {
						fmt.Printf("Port %d: OPEN\n", port)
					}
				}
				return err
			})
			if err != nil {
				t.Errorf("port %d: %v", port, err)
			}
		}
	})
	if out != "Port 80: OPEN\n" {
		t.Errorf("the fragment printed %q, want %q", out, "Port 80: OPEN\n")
	}
}

// captureStdout returns what fn printed on standard output.
func captureStdout(t *testing.T, fn func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		var b bytes.Buffer
		io.Copy(&b, r)
		done <- b.String()
	}()
	func() {
		defer func() { os.Stdout = old }()
		fn()
	}()
	w.Close()
	s := <-done
	r.Close()
	return s
}

// TestLabScanErrors: no route, and an unknown interface.
func TestLabScanErrors(t *testing.T) {
	lab := netns.NewPair(t)
	targets, _ := scan.ParseTargets("203.0.113.9")
	ports, _ := scan.ParsePorts("80")
	err := lab.Do(netns.B, func() error {
		// B of a pair has no default route
		_, err := scan.Scan(context.Background(), scan.Config{Targets: targets, Ports: ports}, nil)
		if err == nil || !strings.Contains(err.Error(), "no route to 203.0.113.9") {
			t.Errorf("no route: %v", err)
		}
		_, err = scan.Scan(context.Background(), scan.Config{Targets: targets, Ports: ports, Iface: "nosuch0", Source: lab.B4}, nil)
		if err == nil || !strings.Contains(err.Error(), `no such interface "nosuch0"`) {
			t.Errorf("unknown interface: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func boolInt(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
