package stream

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy/defrag"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"

	_ "github.com/goscapy/goscapy/layers"
)

// corpusDir is the shared capture corpus (../shared/corpus from the
// repository root).
var corpusDir = filepath.Join("..", "..", "shared", "corpus")

// needCorpus skips a test when the corpus is absent.
func needCorpus(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(corpusDir, "INDEX.tsv")); err != nil {
		t.Skipf("capture corpus not found at %s: %v", corpusDir, err)
	}
}

// needTshark skips a test when tshark is not installed.
func needTshark(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("tshark"); err != nil {
		t.Skip("tshark is not installed (apt-get install tshark)")
	}
}

// tshark runs tshark with args and returns its standard output.
func tshark(t testing.TB, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("tshark", append([]string{"-n"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tshark %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// corpusWith lists the corpus files whose protocols_seen column names one
// of protos (INDEX.tsv), smallest first as the index lists them.
func corpusWith(t testing.TB, protos ...string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusDir, "INDEX.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for first := true; sc.Scan(); first = false {
		cols := strings.Split(sc.Text(), "\t")
		if first || len(cols) < 6 {
			continue
		}
		for _, pr := range strings.Split(cols[5], ",") {
			name, _, _ := strings.Cut(pr, "(")
			found := false
			for _, want := range protos {
				if name == want {
					found = true
				}
			}
			if found {
				out = append(out, cols[0])
				break
			}
		}
	}
	return out
}

// eachPacket dissects every packet of a capture file, in order. The packet
// owns its layers and bytes.
func eachPacket(t testing.TB, path string, f func(n int, p *packet.Packet)) {
	t.Helper()
	r, err := pcap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for n := 1; ; n++ {
		data, ci, err := r.ReadPacketData()
		if err != nil {
			break
		}
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		p, _ := packet.Dissect(bytes.Clone(data), first)
		p.Metadata = packet.Metadata{Timestamp: ci.Timestamp, CaptureLength: ci.CaptureLength, Length: ci.Length, LinkType: uint32(ci.LinkType)}
		f(n, p)
	}
}

// eachReassembled is eachPacket with IP fragments reassembled first, as
// tshark does: a fragment kept for later gives nothing, the last one the
// whole datagram.
func eachReassembled(t testing.TB, path string, f func(n int, p *packet.Packet)) {
	t.Helper()
	d := defrag.New(defrag.Config{})
	eachPacket(t, path, func(n int, p *packet.Packet) {
		out, ok, err := d.Process(p, p.Metadata.Timestamp)
		if err != nil {
			out, ok = p, true
		}
		if ok {
			f(n, out)
		}
	})
}

var t0 = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
