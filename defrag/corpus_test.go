package defrag

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

// corpusDir is the shared capture corpus beside the repository.
const corpusDir = "../../shared/corpus"

// reassembly is one datagram completed in a capture: the frame that
// completed it, the IP version and the reassembled IP payload.
type reassembly struct {
	frame   int
	version int
	data    []byte
}

func (r reassembly) String() string {
	sum := sha256.Sum256(r.data)
	return fmt.Sprintf("frame %d ipv%d %d bytes sha256 %x", r.frame, r.version, len(r.data), sum[:8])
}

// capturePath resolves a name of tshark_reassembled.tsv: a file of
// testdata, or corpus:PATH in the shared corpus.
func capturePath(name string) string {
	if p, ok := strings.CutPrefix(name, "corpus:"); ok {
		return filepath.Join(corpusDir, p)
	}
	return filepath.Join("testdata", name)
}

// defragFile runs a capture through a Defragmenter and returns the
// datagrams it reassembled (atomic fragments are not reassemblies).
func defragFile(t testing.TB, path string) ([]reassembly, Stats) {
	t.Helper()
	r, err := pcap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	d := New(Config{})
	dec := map[packet.LayerType]*packet.Decoder{}
	var out []reassembly
	// the length of the headers before the Fragment header in the first
	// fragment of each IPv6 datagram: tshark's data starts after them
	unfrag := map[key]int{}
	n := 0
	for data, ci := range r.All() {
		n++
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		if dec[first] == nil {
			dec[first] = packet.NewDecoder(first)
		}
		p, _ := dec[first].Decode(data)
		var k key
		if i, v6 := ipLayer(p); v6 && isFragment(p, i, true) {
			if f, err := parse6(p, i); err == nil {
				k = f.key
				if f.off == 0 {
					unfrag[k] = len(f.hdr)
				}
			}
		}
		atomic := d.Stats().Atomic
		q, ok, _ := d.Process(p, ci.Timestamp)
		if !ok || q == p || d.Stats().Atomic != atomic {
			continue
		}
		i, v6 := ipLayer(q)
		b := q.Data()[prefixLen(q, i):]
		if v6 {
			out = append(out, reassembly{n, 6, b[unfrag[k]:]})
		} else {
			out = append(out, reassembly{n, 4, b[int(b[0]&15)*4 : be16(b[2:])]})
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return out, d.Stats()
}

// TestCorpusTshark compares the datagrams reassembled from the fragment
// captures with what tshark reassembles (testdata/tshark_reassembled.tsv,
// made by gen_tshark.py): the same frames, lengths and bytes (SHA-256).
func TestCorpusTshark(t *testing.T) {
	f, err := os.Open("testdata/tshark_reassembled.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string][]string{}
	var names []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if strings.HasPrefix(c[0], "#") {
			continue
		}
		if want[c[0]] == nil {
			names = append(names, c[0])
		}
		want[c[0]] = append(want[c[0]], strings.Join(c[1:], " "))
	}
	// captures in which tshark reassembles nothing
	for _, n := range []string{"icmpv6-rfc7112.pcap"} {
		if want[n] == nil {
			names = append(names, n)
			want[n] = []string{}
		}
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			path := capturePath(name)
			if _, err := os.Stat(path); err != nil {
				t.Skipf("%s not here (the shared corpus is beside the repository): %v", path, err)
			}
			got, st := defragFile(t, path)
			var g []string
			for _, r := range got {
				sum := sha256.Sum256(r.data)
				g = append(g, fmt.Sprintf("%d %d %d %x", r.frame, r.version, len(r.data), sum))
			}
			if strings.Join(g, "\n") != strings.Join(want[name], "\n") {
				t.Errorf("reassembled:\n%s\ntshark:\n%s\nstats %+v", strings.Join(g, "\n"), strings.Join(want[name], "\n"), st)
			}
		})
	}
}

// TestCorpusTsharkLive runs tshark on the fragment captures and compares
// its reassembled bytes with ours (when tshark is installed).
func TestCorpusTsharkLive(t *testing.T) {
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		t.Skip("tshark not installed")
	}
	if testing.Short() {
		t.Skip("short")
	}
	files := []string{"IPv4Frag.pcap", "frag_http_req.pcap", "ip4_fragments.pcap", "ipv6-frag.pcap",
		"ipv6_opt_fragments.pcap", "ip6_fragments.pcap", "icmpv6-rfc7112.pcap", "ipv6-ext.pcap",
		"corpus:generated/kernel/frag-v4.pcap", "corpus:generated/kernel/frag-v6.pcap",
		"corpus:generated/kernel/pmtu-v6.pcap"}
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			path := capturePath(name)
			if _, err := os.Stat(path); err != nil {
				t.Skipf("%s not here: %v", path, err)
			}
			out, err := exec.Command(tshark, "-r", path, "-o", "ip.defragment:TRUE", "-o", "ipv6.defragment:TRUE",
				"-T", "fields", "-E", "separator=/t", "-e", "frame.number",
				"-e", "ip.reassembled.data", "-e", "ipv6.reassembled.data").Output()
			if err != nil {
				t.Fatalf("tshark: %v", err)
			}
			var want []reassembly
			for _, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
				c := strings.Split(line, "\t")
				if len(c) < 3 {
					continue
				}
				frame, _ := strconv.Atoi(c[0])
				for i, v := range []int{4, 6} {
					for _, h := range strings.Split(c[1+i], ",") {
						if h == "" {
							continue
						}
						b, err := hex.DecodeString(strings.ReplaceAll(h, ":", ""))
						if err != nil {
							t.Fatalf("tshark output %q: %v", h, err)
						}
						want = append(want, reassembly{frame, v, b})
					}
				}
			}
			got, _ := defragFile(t, path)
			if len(got) != len(want) {
				t.Fatalf("%d datagrams reassembled, tshark %d:\n%v\n%v", len(got), len(want), got, want)
			}
			for i := range got {
				if got[i].frame != want[i].frame || got[i].version != want[i].version || !bytes.Equal(got[i].data, want[i].data) {
					t.Errorf("datagram %d: %v, tshark %v", i, got[i], want[i])
				}
			}
		})
	}
}
