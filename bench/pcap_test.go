package bench

// Reading captures: goscapy's pcap reader side by side with gopacket's
// pcapgo on lab-100k.pcap (100k packets of real lab traffic), or on a
// generated file of the same kind when the corpus is absent.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	gp "github.com/google/gopacket"
	gplayers "github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

const lab100k = "../../shared/corpus/generated/lab-100k.pcap"

// captureBytes returns lab-100k.pcap, or 100k generated packets (TCP SYNs,
// DNS queries, pings, ARP) when the corpus is absent.
func captureBytes(tb testing.TB) []byte {
	tb.Helper()
	if b, err := os.ReadFile(lab100k); err == nil {
		return b
	}
	syn, _ := goscapy.EtherIPTCP("02:00:00:00:01:02", "02:00:00:00:01:03", "198.18.1.2", "198.18.1.3", 40000, 80, layers.TCPSyn)
	dns, _ := goscapy.NewEthernet().Over(goscapy.NewIP().SrcIP("198.18.1.2").DstIP("198.18.1.3")).
		Over(goscapy.NewUDP().SrcPort(40001)).Over(goscapy.NewDNS().Question("lab.test", layers.DNSTypeA)).Build()
	ping, _ := goscapy.EtherIPICMP("02:00:00:00:01:02", "02:00:00:00:01:03", "198.18.1.2", "198.18.1.3", layers.ICMPEchoRequest, 0)
	arp, _ := goscapy.EtherARP("02:00:00:00:01:02", "ff:ff:ff:ff:ff:ff", "198.18.1.2", "198.18.1.3", layers.ARPWhoHas)
	var buf bytes.Buffer
	w, err := pcap.NewWriter(&buf, pcap.LinkTypeEthernet)
	if err != nil {
		tb.Fatal(err)
	}
	ts := time.Unix(1700000000, 0)
	frames := [][]byte{syn, syn, syn, syn, syn, syn, syn, dns, ping, arp}
	for i := 0; i < 100000; i++ {
		f := frames[i%len(frames)]
		ts = ts.Add(10 * time.Microsecond)
		if err := w.WritePacket(pcap.CaptureInfo{Timestamp: ts, CaptureLength: len(f), Length: len(f), LinkType: pcap.LinkTypeEthernet}, f); err != nil {
			tb.Fatal(err)
		}
	}
	w.Flush()
	return buf.Bytes()
}

// readAll reads every packet of r and fails the benchmark on an error.
func readAll(b *testing.B, r *pcap.Reader, err error) {
	if err != nil {
		b.Fatal(err)
	}
	for {
		if _, _, err := r.ReadPacketData(); err != nil {
			if !errors.Is(err, io.EOF) {
				b.Fatal(err)
			}
			return
		}
	}
}

// readAllGopacket reads every packet with pcapgo's zero-copy reader.
func readAllGopacket(b *testing.B, src io.Reader) {
	r, err := pcapgo.NewReader(src)
	if err != nil {
		b.Fatal(err)
	}
	for {
		if _, _, err := r.ZeroCopyReadPacketData(); err != nil {
			if !errors.Is(err, io.EOF) {
				b.Fatal(err)
			}
			return
		}
	}
}

// BenchmarkReadPcap reads every packet of the capture held in memory: with
// goscapy in place (NewReaderBytes: packets are slices of the input) and
// streamed through an io.Reader (NewReader, copying through its buffer as
// pcapgo does), against pcapgo's ZeroCopyReadPacketData on a bytes.Reader.
// One op is one whole file.
func BenchmarkReadPcap(b *testing.B) {
	data := captureBytes(b)
	b.Run("goscapy", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			r, err := pcap.NewReaderBytes(data)
			readAll(b, r, err)
		}
	})
	b.Run("goscapy_stream", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			r, err := pcap.NewReader(bytes.NewReader(data))
			readAll(b, r, err)
		}
	})
	b.Run("gopacket", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			readAllGopacket(b, bytes.NewReader(data))
		}
	})
}

// BenchmarkReadPcapFile reads every packet of the capture file (in the page
// cache after the first round): goscapy's pcap.Open (memory-mapped, read
// in place) against pcapgo on an os.File.
func BenchmarkReadPcapFile(b *testing.B) {
	path := lab100k
	if _, err := os.Stat(path); err != nil {
		path = filepath.Join(b.TempDir(), "capture.pcap")
		if err := os.WriteFile(path, captureBytes(b), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("goscapy", func(b *testing.B) {
		b.SetBytes(st.Size())
		b.ReportAllocs()
		for b.Loop() {
			r, err := pcap.Open(path)
			readAll(b, r, err)
			r.Close()
		}
	})
	b.Run("gopacket", func(b *testing.B) {
		b.SetBytes(st.Size())
		b.ReportAllocs()
		for b.Loop() {
			f, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			readAllGopacket(b, f)
			f.Close()
		}
	})
}

// BenchmarkReadDecode reads and decodes every packet: goscapy's reader and
// warm Decoder against pcapgo and a DecodingLayerParser.
func BenchmarkReadDecode(b *testing.B) {
	data := captureBytes(b)
	b.Run("goscapy", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		dec := packet.NewDecoder(layers.EthernetType)
		for b.Loop() {
			r, _ := pcap.NewReaderBytes(data)
			for {
				d, _, err := r.ReadPacketData()
				if err != nil {
					break
				}
				dec.Decode(d)
			}
		}
	})
	b.Run("gopacket", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		var eth gplayers.Ethernet
		var ip4 gplayers.IPv4
		var ip6 gplayers.IPv6
		var tcp gplayers.TCP
		var udp gplayers.UDP
		var dns gplayers.DNS
		var icmp gplayers.ICMPv4
		var arp gplayers.ARP
		var pl gp.Payload
		parser := gp.NewDecodingLayerParser(gplayers.LayerTypeEthernet, &eth, &ip4, &ip6, &tcp, &udp, &dns, &icmp, &arp, &pl)
		parser.IgnoreUnsupported = true
		decoded := make([]gp.LayerType, 0, 10)
		for b.Loop() {
			r, _ := pcapgo.NewReader(bytes.NewReader(data))
			for {
				d, _, err := r.ZeroCopyReadPacketData()
				if err != nil {
					break
				}
				parser.DecodeLayers(d, &decoded)
			}
		}
	})
}

// TestReadDecodeZeroAllocs: on the benchmark capture, reading and
// decoding allocate nothing per packet once the decoder is warm.
func TestReadDecodeZeroAllocs(t *testing.T) {
	data := captureBytes(t)
	dec := packet.NewDecoder(layers.EthernetType)
	r, _ := pcap.NewReader(bytes.NewReader(data))
	for i := 0; i < 20000; i++ { // warm: the decoder meets every kind of packet
		d, _, err := r.ReadPacketData()
		if err != nil {
			t.Fatal(err)
		}
		dec.Decode(d)
	}
	if a := testing.AllocsPerRun(20000, func() {
		d, _, err := r.ReadPacketData()
		if err != nil {
			t.Fatal(err)
		}
		dec.Decode(d)
	}); a > 0.001 { // a rare malformed packet allocates its *DecodeError
		t.Fatalf("%.4f allocations per packet", a)
	}
}

// TestReadStatsRSS runs `goscapy read --stats` on a 1M-packet capture
// (lab-100k.pcap ten times) and requires a peak RSS under 50 MB.
func TestReadStatsRSS(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	data := captureBytes(t)
	dir := t.TempDir()
	big := filepath.Join(dir, "1m.pcap")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(data[:24])
	for i := 0; i < 10; i++ {
		f.Write(data[24:])
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "goscapy")
	if out, err := exec.Command("go", "build", "-C", "..", "-o", bin, "./cmd/goscapy").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	// The peak RSS is measured by GNU time: a child forked from this
	// (large) test process would report the test's own pages as its peak.
	timeBin, err := exec.LookPath("/usr/bin/time")
	if err != nil {
		t.Skip("GNU time (/usr/bin/time, Debian package time) is not installed")
	}
	rssFile := filepath.Join(dir, "rss")
	cmd := exec.Command(timeBin, "-f", "%M", "-o", rssFile, bin, "read", "--stats", big)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("goscapy read --stats: %v", err)
	}
	if !bytes.Contains(out, []byte("1000000")) {
		t.Fatalf("stats do not count 1000000 packets:\n%s", out)
	}
	kb, err := os.ReadFile(rssFile)
	if err != nil {
		t.Fatal(err)
	}
	var rssKB int64
	if _, err := fmt.Sscan(string(kb), &rssKB); err != nil {
		t.Fatalf("time -f %%M wrote %q: %v", kb, err)
	}
	rss := rssKB * 1024
	t.Logf("peak RSS of goscapy read --stats on 1M packets: %.1f MB", float64(rss)/1e6)
	if rss > 50e6 {
		t.Fatalf("peak RSS %.1f MB, want under 50 MB", float64(rss)/1e6)
	}
}
