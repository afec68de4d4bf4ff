package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/internal/netns"
	"github.com/goscapy/goscapy/pcap"
)

func TestReplayFloodUsage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.pcap")
	writeReplayPcap(t, path, replayFrames(t, 3), time.Millisecond)
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"replay", "-i", "eth0"}, exitUsage, "missing FILE"},
		{[]string{"replay", path}, exitUsage, "needs an interface"},
		{[]string{"replay", "-i", "eth0", path, path}, exitUsage, "one FILE"},
		{[]string{"replay", "-i", "eth0", "--topspeed", "--pps", "10", path}, exitUsage, "choose one of"},
		{[]string{"replay", "-i", "eth0", "--multiplier", "2", "--mbps", "10", path}, exitUsage, "choose one of"},
		{[]string{"replay", "-i", "eth0", "--loop", "-1", path}, exitUsage, "negative"},
		{[]string{"replay", "-i", "eth0", path + ".missing"}, exitError, "no such file"},
		{[]string{"flood", "-i", "eth0"}, exitUsage, "missing SPEC"},
		{[]string{"flood", "Ether()/IP()"}, exitUsage, "needs an interface"},
		{[]string{"flood", "-i", "eth0", "--rate", "5", "--mbps", "1", "Ether()"}, exitUsage, "not both"},
		{[]string{"flood", "-i", "eth0", "--senders", "0", "Ether()"}, exitUsage, "--senders"},
		{[]string{"flood", "-i", "eth0", "-c", "-2", "Ether()"}, exitUsage, "negative"},
		{[]string{"flood", "-i", "eth0", "Ether(dst=nonsense)"}, exitError, "nonsense"},
	} {
		r := runCmd(t, "", c.args...)
		if r.code != c.code || !strings.Contains(r.stderr, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, r.code, r.stderr, c.code, c.msg)
		}
	}
	for _, cmd := range []string{"replay", "flood"} {
		r := runCmd(t, "", cmd, "-h")
		r.want(t, exitOK)
		if !strings.HasPrefix(r.stdout, "usage: goscapy "+cmd) || !strings.Contains(r.stdout, "--topspeed") && cmd == "replay" {
			t.Errorf("%s -h:\n%s", cmd, r.stdout)
		}
	}
}

// replayFrames are n different UDP frames from A to B, to an address
// that is not B's.
func replayFrames(t *testing.T, n int) [][]byte {
	t.Helper()
	var out [][]byte
	for i := range n {
		f, err := goscapy.NewEthernet().SrcMAC("02:00:00:00:01:02").DstMAC("02:00:00:00:01:03").
			Over(goscapy.NewIP().SrcIP("198.18.1.2").DstIP("198.18.1.99").ID(uint16(i))).
			Over(goscapy.NewUDP().SrcPort(uint16(1000 + i)).DstPort(9999)).
			Over(goscapy.NewRaw(fmt.Sprintf("frame %d %s", i, strings.Repeat("x", i%300)))).Build()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, f)
	}
	return out
}

func writeReplayPcap(t *testing.T, path string, frames [][]byte, gap time.Duration) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := pcap.NewWriter(f, pcap.LinkTypeEthernet, pcap.WithNanoseconds())
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	for i, d := range frames {
		ci := pcap.CaptureInfo{Timestamp: t0.Add(time.Duration(i) * gap), CaptureLength: len(d), Length: len(d), LinkType: pcap.LinkTypeEthernet}
		if err := w.WritePacket(ci, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// readPcap returns the packets of a capture file.
func readPcap(t *testing.T, path string) []pcap.Packet {
	t.Helper()
	r, err := pcap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []pcap.Packet
	for {
		p, err := r.ReadPacket()
		if err != nil {
			break
		}
		out = append(out, p)
	}
	return out
}

// peerRX reads B's receive counter from the kernel.
func peerRX(t *testing.T, lab *netns.Lab) uint64 {
	t.Helper()
	out, err := lab.Exec(netns.B, "ip", "-j", "-s", "link", "show", lab.IfaceB)
	if err != nil {
		t.Fatal(err)
	}
	var v []struct {
		Stats64 struct {
			RX struct{ Packets uint64 } `json:"rx"`
		} `json:"stats64"`
	}
	if err := json.Unmarshal(out, &v); err != nil || len(v) != 1 {
		t.Fatalf("ip -j -s link: %v: %s", err, out)
	}
	return v[0].Stats64.RX.Packets
}

var actualRe = regexp.MustCompile(`^Actual: (\d+) packets \((\d+) bytes\) sent in ([0-9.]+) seconds\nRated: [0-9.]+ Bps, [0-9.]+ Mbps, [0-9.]+ pps\n`)

// TestReplayLive replays files from A while goscapy sniff captures in B:
// every frame arrives byte for byte, in order, with the timing asked
// for, and the kernel of B counts them.
func TestReplayLive(t *testing.T) {
	lab := netns.NewPair(t)
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	frames := replayFrames(t, 400)
	in := filepath.Join(dir, "in.pcap")
	writeReplayPcap(t, in, frames, 100*time.Microsecond)
	total := 0
	for _, f := range frames {
		total += len(f)
	}

	type res struct {
		r   result
		out string
	}
	sniffB := func(n int, args ...string) chan res {
		out := filepath.Join(dir, fmt.Sprintf("out%d.pcap", time.Now().UnixNano()))
		ch := make(chan res, 1)
		ready := make(chan struct{})
		go func() {
			var r result
			lab.Do(netns.B, func() error {
				close(ready)
				r = runCmd(t, "", append([]string{"sniff", "-i", lab.IfaceB, "--stats", "-c", strconv.Itoa(n), "--timeout", "20s", "-w", out, "udp dst port 9999"}, args...)...)
				return nil
			})
			ch <- res{r, out}
		}()
		<-ready
		time.Sleep(300 * time.Millisecond) // the capture is open
		return ch
	}
	inA := func(args ...string) result {
		var r result
		lab.Do(netns.A, func() error { r = runCmd(t, "", args...); return nil })
		return r
	}
	check := func(name string, r result, s res, loops int) {
		t.Helper()
		r.want(t, exitOK)
		m := actualRe.FindStringSubmatch(r.stdout)
		if m == nil || m[1] != strconv.Itoa(loops*len(frames)) || m[2] != strconv.Itoa(loops*total) ||
			!strings.Contains(r.stdout, "Failed packets:            0\n") {
			t.Errorf("%s: replay printed\n%s", name, r.stdout)
		}
		s.r.want(t, exitOK)
		want := fmt.Sprintf("%d packets captured\n%d packets received by filter\n0 packets dropped by kernel\ncapture method: rx-ring", loops*len(frames), loops*len(frames))
		if !strings.HasPrefix(s.r.stdout, want) {
			t.Errorf("%s: sniff --stats printed %q, want %q", name, s.r.stdout, want)
		}
		got := readPcap(t, s.out)
		if len(got) != loops*len(frames) {
			t.Fatalf("%s: captured %d of %d", name, len(got), loops*len(frames))
		}
		for i, p := range got {
			if !bytes.Equal(p.Data, frames[i%len(frames)]) {
				t.Fatalf("%s: frame %d differs:\n got %x\nwant %x", name, i, p.Data, frames[i%len(frames)])
			}
		}
	}

	before := peerRX(t, lab)
	s := sniffB(len(frames))
	r := inA("replay", "-i", lab.IfaceA, "--topspeed", in)
	check("topspeed", r, <-s, 1)
	if got := peerRX(t, lab) - before; got < uint64(len(frames)) {
		t.Errorf("B's kernel counted %d frames", got)
	}

	s = sniffB(3 * len(frames))
	r = inA("replay", "-i", lab.IfaceA, "--topspeed", "--preload", "--loop", "3", "--qdisc-bypass", in)
	check("preload loop 3", r, <-s, 3)

	// Timing kept: 400 frames 100µs apart take 40ms; --multiplier 0.1
	// takes 400ms.
	s = sniffB(len(frames))
	start := time.Now()
	r = inA("replay", "-i", lab.IfaceA, "--multiplier", "0.1", in)
	el := time.Since(start)
	sr := <-s
	check("multiplier", r, sr, 1)
	if el < 380*time.Millisecond || el > 5*time.Second {
		t.Errorf("replay at 0.1x of 40ms took %v", el)
	}
	got := readPcap(t, sr.out)
	if span := got[len(got)-1].Timestamp.Sub(got[0].Timestamp); span < 350*time.Millisecond || span > 3*time.Second {
		t.Errorf("captured span %v, want about 400ms", span)
	}

	// --pps 2000: 400 frames in 200ms.
	s = sniffB(len(frames))
	r = inA("replay", "-i", lab.IfaceA, "--pps", "2000", "--method", "sendmmsg", in)
	sr = <-s
	check("pps", r, sr, 1)
	got = readPcap(t, sr.out)
	if span := got[len(got)-1].Timestamp.Sub(got[0].Timestamp); span < 180*time.Millisecond || span > 2*time.Second {
		t.Errorf("--pps 2000: 400 frames in %v, want about 200ms", span)
	}
	if !strings.Contains(r.stdout, "Method: sendmmsg\n") {
		t.Errorf("--method sendmmsg:\n%s", r.stdout)
	}
}

// TestFloodLive floods from A; B's kernel counts the frames.
func TestFloodLive(t *testing.T) {
	lab := netns.NewPair(t)
	spec := "Ether(dst=" + lab.MACB.String() + ")/IP(dst=198.18.1.99)/UDP(sport=1, dport=9999)/Raw(load='flood')"
	before := peerRX(t, lab)
	var r result
	lab.Do(netns.A, func() error {
		r = runCmd(t, "", "flood", "-i", lab.IfaceA, "-c", "20000", "--senders", "2", spec)
		return nil
	})
	r.want(t, exitOK)
	if !strings.HasPrefix(r.stdout, "Sent 20000 packets (940000 bytes) in ") || !strings.Contains(r.stdout, "(tx-ring, 2 senders, 0 failed") {
		t.Errorf("flood printed %q", r.stdout)
	}
	if got := peerRX(t, lab) - before; got < 20000 {
		t.Errorf("B's kernel counted %d of 20000 frames", got)
	}

	// The frame: source MAC and IP filled in as sendp does.
	ch := make(chan result, 1)
	go lab.Do(netns.B, func() error {
		ch <- runCmd(t, "", "sniff", "-i", lab.IfaceB, "-c", "1", "--timeout", "10s", "--hex", "udp dst port 9999")
		return nil
	})
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	lab.Do(netns.A, func() error {
		r = runCmd(t, "", "flood", "-i", lab.IfaceA, "--rate", "1000", "--duration", "400ms", spec)
		return nil
	})
	el := time.Since(start)
	r.want(t, exitOK)
	m := regexp.MustCompile(`^Sent (\d+) packets`).FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("flood printed %q", r.stdout)
	}
	if n, _ := strconv.Atoi(m[1]); n < 300 || n > 450 || el < 390*time.Millisecond || el > 3*time.Second {
		t.Errorf("--rate 1000 for 400ms: %d packets in %v", n, el)
	}
	want, err := goscapy.NewEthernet().SrcMAC(lab.MACA).DstMAC(lab.MACB).
		Over(goscapy.NewIP().SrcIP(lab.A4).DstIP("198.18.1.99")).
		Over(goscapy.NewUDP().SrcPort(1).DstPort(9999)).Over(goscapy.NewRaw("flood")).Build()
	if err != nil {
		t.Fatal(err)
	}
	sn := <-ch
	sn.want(t, exitOK)
	if !strings.Contains(sn.stdout, fmt.Sprintf(": %d bytes captured, %d on the wire", len(want), len(want))) {
		t.Errorf("sniffed flood frame:\n%s", sn.stdout)
	}
	if got := strings.ToLower(hexdumpBytes(sn.stdout)); got != fmt.Sprintf("%x", want) {
		t.Errorf("sniffed %s\n   want %x", got, want)
	}
}

// hexdumpBytes keeps the hex columns of a hexdump.
func hexdumpBytes(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		f := strings.Fields(l)
		if len(f) < 2 || len(f[0]) != 4 {
			continue
		}
		for _, x := range f[1:] {
			if len(x) != 2 {
				break
			}
			if _, err := strconv.ParseUint(x, 16, 8); err != nil {
				break
			}
			b.WriteString(x)
		}
	}
	return b.String()
}
