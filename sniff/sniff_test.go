package sniff_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy"
	gbpf "github.com/goscapy/goscapy/bpf"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
	"github.com/goscapy/goscapy/sniff"
)

type testFrame struct {
	name string
	data []byte
}

var t0 = time.Date(2024, 5, 1, 10, 0, 0, 123456789, time.UTC)

func mustFrame(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// frames is a small capture: the kinds of packets the filters tell apart,
// and one whose IPv4 header is cut short.
func frames() []testFrame {
	a, b := "02:00:00:00:01:02", "02:00:00:00:01:03"
	ip := mustFrame(goscapy.EtherIPUDP(a, b, "198.18.1.2", "198.18.1.3", 1234, 9999, []byte("hello")))
	return []testFrame{
		{"arp", mustFrame(goscapy.EtherARP(a, "ff:ff:ff:ff:ff:ff", "198.18.1.2", "198.18.1.3", layers.ARPWhoHas))},
		{"syn", mustFrame(goscapy.EtherIPTCP(a, b, "198.18.1.2", "198.18.1.3", 40000, 80, layers.TCPSyn))},
		{"udp", ip},
		{"icmp", mustFrame(goscapy.EtherIPICMP(a, b, "198.18.1.2", "198.18.1.3", 8, 0))},
		{"broken", ip[:14+12]},
		{"syn6", mustFrame(goscapy.EtherIPv6TCP(a, b, "2001:db8:1::2", "2001:db8:1::3", 40001, 443, layers.TCPSyn))},
		{"synack", mustFrame(goscapy.EtherIPTCP(b, a, "198.18.1.3", "198.18.1.2", 80, 40000, layers.TCPSyn|layers.TCPAck))},
	}
}

// writeCapture writes the frames n times over to a classic pcap file.
func writeCapture(t testing.TB, fs []testFrame, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "in.pcap")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := pcap.NewWriter(f, pcap.LinkTypeEthernet, pcap.WithNanoseconds())
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	for range n {
		for _, fr := range fs {
			ci := pcap.CaptureInfo{Timestamp: t0.Add(time.Duration(i) * time.Millisecond), CaptureLength: len(fr.data), Length: len(fr.data), LinkType: pcap.LinkTypeEthernet}
			if err := w.WritePacket(ci, fr.data); err != nil {
				t.Fatal(err)
			}
			i++
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

// names maps packets back to frame names.
func names(t testing.TB, fs []testFrame, ps []*packet.Packet) []string {
	t.Helper()
	var out []string
	for _, p := range ps {
		found := ""
		for _, f := range fs {
			if bytes.Equal(p.Data(), f.data) {
				found = f.name
			}
		}
		if found == "" {
			t.Errorf("unknown packet %s", p)
		}
		out = append(out, found)
	}
	return out
}

func TestOffline(t *testing.T) {
	fs := frames()
	path := writeCapture(t, fs, 1)
	tcp := gbpf.MustCompile("tcp", gbpf.LinkTypeEthernet, 0)
	for _, c := range []struct {
		name string
		cfg  sniff.SniffConfig
		want string
	}{
		{"all", sniff.SniffConfig{}, "arp syn udp icmp broken syn6 synack"},
		{"filter tcp", sniff.SniffConfig{Filter: "tcp"}, "syn syn6 synack"},
		{"instructions", sniff.SniffConfig{Instructions: tcp}, "syn syn6 synack"},
		{"filter syn only", sniff.SniffConfig{Filter: "tcp[tcpflags] == tcp-syn"}, "syn"},
		{"count", sniff.SniffConfig{Count: 2}, "arp syn"},
		{"lfilter and count", sniff.SniffConfig{Count: 2, LFilter: func(p *packet.Packet) bool { return p.HasLayer("TCP") }}, "syn syn6"},
		{"stop", sniff.SniffConfig{Stop: func(p *packet.Packet) bool { return p.HasLayer("ICMP") }}, "arp syn udp icmp"},
		{"filter and lfilter", sniff.SniffConfig{Filter: "ip", LFilter: func(p *packet.Packet) bool { return p.HasLayer("UDP") }}, "udp"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := c.cfg
			cfg.Offline = path
			ps, err := sniff.SniffPackets(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(names(t, fs, ps), " "); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestOfflineCallback(t *testing.T) {
	fs := frames()
	path := writeCapture(t, fs, 1)
	// Without Store: valid during the callback only; with Store: kept.
	var seen []string
	var kept []*packet.Packet
	n := 0
	err := sniff.Sniff(sniff.SniffConfig{Offline: path}, func(p *packet.Packet) bool {
		seen = append(seen, p.String())
		if !bytes.Equal(p.Data(), fs[n].data) {
			t.Errorf("packet %d: % x", n, p.Data())
		}
		if want := t0.Add(time.Duration(n) * time.Millisecond); !p.Metadata.Timestamp.Equal(want) || p.Metadata.Length != len(fs[n].data) || p.Metadata.LinkType != 1 {
			t.Errorf("packet %d: metadata %+v", n, p.Metadata)
		}
		n++
		return n < 3 // the callback ends the capture
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("callback called %d times after returning false", n)
	}
	err = sniff.Sniff(sniff.SniffConfig{Offline: path, Store: true}, func(p *packet.Packet) bool {
		kept = append(kept, p)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(t, fs, kept); len(got) != len(fs) {
		t.Fatalf("kept %d packets", len(got))
	}
	for i, p := range kept {
		if !bytes.Equal(p.Data(), fs[i].data) {
			t.Errorf("kept packet %d changed", i)
		}
		if i < len(seen) && p.String() != seen[i] {
			t.Errorf("packet %d: %s, then %s", i, seen[i], p)
		}
	}
	// The broken packet is delivered with its error and its rest as Raw.
	b := kept[4]
	if b.Err() == nil || !b.HasLayer("Raw") || !b.HasLayer("Ethernet") {
		t.Errorf("broken packet: %s, err %v", b, b.Err())
	}
	var de *packet.DecodeError
	if !errors.As(b.Err(), &de) || de.Layer != "IP" {
		t.Errorf("broken packet error %v", b.Err())
	}
	if !kept[1].HasLayer("TCP") || kept[1].String() != "Ethernet / IP / TCP 198.18.1.2:40000 > 198.18.1.3:http S" && !strings.Contains(kept[1].String(), "TCP") {
		t.Errorf("syn: %s", kept[1])
	}
}

func TestOfflineChan(t *testing.T) {
	fs := frames()
	path := writeCapture(t, fs, 50)
	ch, stop := sniff.SniffChan(sniff.SniffConfig{Offline: path, Count: 5})
	var got []*packet.Packet
	for p := range ch {
		got = append(got, p)
	}
	stop()
	if len(got) != 5 {
		t.Fatalf("got %d packets, want 5", len(got))
	}
	for i, p := range got {
		if !bytes.Equal(p.Data(), fs[i].data) {
			t.Errorf("packet %d: % x", i, p.Data())
		}
	}
	// Stopping early: the capture ends and the channel closes.
	ch, stopErr := sniff.SniffChanContext(context.Background(), sniff.SniffConfig{Offline: path})
	<-ch
	if err := stopErr(); err != nil {
		t.Errorf("stop: %v", err)
	}
	for range ch {
	}
	if err := stopErr(); err != nil {
		t.Errorf("second stop: %v", err)
	}
	// An error opening the capture closes the channel; stop reports it.
	ch, stopErr = sniff.SniffChanContext(context.Background(), sniff.SniffConfig{Offline: path + ".missing"})
	if _, ok := <-ch; ok {
		t.Error("channel of a failed capture delivers")
	}
	if err := stopErr(); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stop of a failed capture: %v", err)
	}
}

func TestOfflineContext(t *testing.T) {
	path := writeCapture(t, frames(), 10)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := sniff.SniffContext(ctx, sniff.SniffConfig{Offline: path}, func(*packet.Packet) bool {
		n++
		if n == 3 {
			cancel()
		}
		return true
	})
	if !errors.Is(err, context.Canceled) || n != 3 {
		t.Errorf("after cancel: n=%d err=%v", n, err)
	}
}

func TestWrite(t *testing.T) {
	fs := frames()
	path := writeCapture(t, fs, 1)
	dir := t.TempDir()
	for _, out := range []string{"out.pcap", "out.pcapng"} {
		t.Run(out, func(t *testing.T) {
			w := filepath.Join(dir, out)
			err := sniff.Sniff(sniff.SniffConfig{Offline: path, Filter: "tcp or arp", Write: w}, nil)
			if err != nil {
				t.Fatal(err)
			}
			r, err := pcap.Open(w)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if (r.Format() == pcap.FormatPcapNG) != strings.HasSuffix(out, "ng") {
				t.Errorf("format %v", r.Format())
			}
			want := []int{0, 1, 5, 6}
			i := 0
			for data, ci := range r.All() {
				if i >= len(want) {
					t.Fatalf("more than %d packets", len(want))
				}
				f := fs[want[i]]
				if !bytes.Equal(data, f.data) || !ci.Timestamp.Equal(t0.Add(time.Duration(want[i])*time.Millisecond)) || ci.LinkType != pcap.LinkTypeEthernet {
					t.Errorf("packet %d: %s % x", i, ci.Timestamp, data)
				}
				i++
			}
			if r.Err() != nil || i != len(want) {
				t.Errorf("read back %d packets: %v", i, r.Err())
			}
		})
	}
}

func TestErrors(t *testing.T) {
	path := writeCapture(t, frames(), 1)
	for _, c := range []struct {
		cfg  sniff.SniffConfig
		want string
	}{
		{sniff.SniffConfig{Offline: path, Filter: "tcp port"}, "filter"},
		{sniff.SniffConfig{Offline: path, Filter: "tcp", Instructions: gbpf.MustCompile("tcp", 1, 0)}, "not both"},
		{sniff.SniffConfig{Offline: path, Iface: "eth0"}, "not both"},
		{sniff.SniffConfig{Offline: path, Count: -1}, "negative"},
		{sniff.SniffConfig{Offline: path + ".missing"}, "no such file"},
		{sniff.SniffConfig{Offline: path, Write: filepath.Join(t.TempDir(), "no", "dir.pcap")}, "no such file"},
	} {
		err := sniff.Sniff(c.cfg, func(*packet.Packet) bool { return true })
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want one containing %q", c.cfg, err, c.want)
		}
	}
	s, err := sniff.Open(sniff.SniffConfig{Offline: path})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Run(context.Background(), nil); err == nil {
		t.Error("second Run: no error")
	}
	if err := s.Close(); err != nil {
		t.Error(err)
	}
	if err := s.Close(); err != nil {
		t.Error("second Close:", err)
	}
}

// TestNoAllocsPerPacket: without Store, a capture allocates nothing per
// packet (the file reader and decoder reuse their memory). A packet that
// fails to decode costs one allocation, its *packet.DecodeError, so the
// test leaves the broken frame out.
func TestNoAllocsPerPacket(t *testing.T) {
	var fs []testFrame
	for _, f := range frames() {
		if f.name != "broken" {
			fs = append(fs, f)
		}
	}
	small := writeCapture(t, fs, 2)
	large := writeCapture(t, fs, 300)
	count := func(path string) float64 {
		return testing.AllocsPerRun(5, func() {
			n := 0
			if err := sniff.Sniff(sniff.SniffConfig{Offline: path, Filter: "ip or ip6 or arp"}, func(p *packet.Packet) bool {
				n += p.NumLayers()
				return true
			}); err != nil {
				t.Fatal(err)
			}
		})
	}
	a, b := count(small), count(large)
	if extra := b - a; extra > 10 {
		t.Errorf("%v allocations for %d more packets", extra, 298*len(fs))
	}
}
