package stream

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/packet"
)

// tsharkFollow runs one tshark pass with a follow tap per stream and mode
// and returns each block of its output by mode and stream
// (raw for streams, hex and ascii for few).
func tsharkFollow(t *testing.T, path string, streams, few []int) map[FollowMode]map[int]string {
	t.Helper()
	args := []string{"-r", path, "-q"}
	for _, n := range streams {
		args = append(args, "-z", fmt.Sprintf("follow,tcp,raw,%d", n))
	}
	for _, n := range few {
		args = append(args, "-z", fmt.Sprintf("follow,tcp,hex,%d", n), "-z", fmt.Sprintf("follow,tcp,ascii,%d", n))
	}
	modes := []FollowMode{FollowRaw, FollowHex, FollowASCII}
	out := string(tshark(t, args...))
	res := make(map[FollowMode]map[int]string)
	for _, m := range modes {
		res[m] = make(map[int]string)
	}
	start := "\n" + followSeparator + "Follow: tcp,"
	re := regexp.MustCompile(`^Follow: tcp,(\w+)\nFilter: tcp.stream eq (\d+)\n`)
	for len(out) > 0 {
		if !strings.HasPrefix(out, start) {
			t.Fatalf("tshark output does not start with a follow block: %.80q", out)
		}
		next := strings.Index(out[1:], start)
		block := out
		if next >= 0 {
			block = out[:next+1]
		}
		out = out[len(block):]
		m := re.FindStringSubmatch(block[1+len(followSeparator):])
		if m == nil {
			t.Fatalf("unexpected follow block: %.200q", block)
		}
		n, _ := strconv.Atoi(m[2])
		for _, mode := range modes {
			if mode.String() == m[1] {
				res[mode][n] = block
			}
		}
	}
	return res
}

// tcpFrames returns tshark's tcp.stream field of every frame, the stream
// numbers of the frames with TCP payload, and the number of streams.
func tcpFrames(t *testing.T, path string) (frames []string, withData []int, total int) {
	out := tshark(t, "-r", path, "-T", "fields", "-e", "tcp.stream", "-e", "tcp.len")
	seen := map[int]bool{}
	for _, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		s, l, _ := strings.Cut(line, "\t")
		frames = append(frames, s)
		if s == "" {
			continue
		}
		s, _, _ = strings.Cut(s, ",")
		n, _ := strconv.Atoi(s)
		total = max(total, n+1)
		if l != "" && l != "0" && !seen[n] {
			seen[n] = true
			withData = append(withData, n)
		}
	}
	return frames, withData, total
}

// followCaptures lists the captures of the follow comparison: the copies
// in testdata, then, when the corpus is present, every corpus capture
// with HTTP, TLS or BGP.
func followCaptures(t *testing.T) []string {
	if _, err := os.Stat(filepath.Join(corpusDir, "INDEX.tsv")); err != nil {
		t.Logf("capture corpus not found at %s: only the copies in testdata are compared", corpusDir)
		files, _ := filepath.Glob(filepath.Join("testdata", "*.pcap*"))
		return files
	}
	var files []string
	for _, name := range corpusWith(t, "http", "tls", "bgp") {
		files = append(files, filepath.Join(corpusDir, name))
	}
	return files
}

// TestFollowTshark compares our Follow output with tshark's
// -z follow,tcp,raw,N for every TCP stream of the captures carrying HTTP,
// TLS or BGP (streams without payload too, except in the 100k-packet lab
// capture, where only those with payload are compared), and the hex and
// ascii forms for the first streams of each capture.
func TestFollowTshark(t *testing.T) {
	needTshark(t)
	for _, path := range followCaptures(t) {
		name := path
		if rel, err := filepath.Rel(corpusDir, path); err == nil && !strings.HasPrefix(rel, "..") {
			name = rel
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if testing.Short() && strings.Contains(name, "lab-100k") {
				t.Skip("100k packets: not in -short")
			}
			frames, withData, total := tcpFrames(t, path)
			if reason := undissected(t, path, frames); reason != "" {
				t.Skip(reason)
			}
			streams := withData
			if total <= 1000 {
				streams = nil
				for n := range total {
					streams = append(streams, n)
				}
			}
			if len(streams) == 0 {
				t.Skip("no tcp stream")
			}
			f := NewFollowAll()
			eachReassembled(t, path, func(_ int, p *packet.Packet) { f.Add(p) })
			want := tsharkFollow(t, path, streams, withData[:min(len(withData), 4)])
			bad := 0
			for _, m := range []FollowMode{FollowRaw, FollowHex, FollowASCII} {
				for n, w := range want[m] {
					var b bytes.Buffer
					if err := f.Write(&b, n, m); err != nil {
						t.Fatal(err)
					}
					if got := b.String(); got != w {
						bad++
						if bad <= 3 {
							t.Errorf("stream %d, %s: differs from tshark\n%s", n, m, firstDiff(got, w))
						}
					}
				}
			}
			if bad > 3 {
				t.Errorf("%d blocks differ in all", bad)
			}
			t.Logf("%d streams compared (%d with payload)", len(want[FollowRaw]), len(withData))
		})
	}
}

// firstDiff shows where two texts part.
func firstDiff(got, want string) string {
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < max(len(gl), len(wl)); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			return fmt.Sprintf("line %d:\n got  %.200q\n want %.200q\n(%d and %d lines)", i+1, g, w, len(gl), len(wl))
		}
	}
	return "same lines"
}

// undissected explains why a capture cannot be compared: frames in which
// tshark finds TCP but goscapy finds no IP layer (a link type or an
// encapsulation goscapy does not decode); or "".
func undissected(t *testing.T, path string, lines []string) string {
	missing, first := 0, ""
	eachPacket(t, path, func(n int, p *packet.Packet) {
		if n-1 < len(lines) && lines[n-1] != "" && p.GetLayer("TCP") == nil && p.GetLayer("IP") == nil && p.GetLayer("IPv6") == nil {
			if missing == 0 {
				first = fmt.Sprintf("frame %d: %v", n, p)
			}
			missing++
		}
	})
	if missing > 0 {
		return fmt.Sprintf("tshark finds TCP in %d frames goscapy does not dissect to TCP (%s)", missing, first)
	}
	return ""
}
