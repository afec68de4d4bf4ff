package stream

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/packet"
)

// TestStreamIndexTshark numbers the TCP streams of every corpus capture
// with TCP and compares each frame's numbers (the TCP headers ICMP errors
// quote included) with tshark's tcp.stream.
func TestStreamIndexTshark(t *testing.T) {
	needCorpus(t)
	needTshark(t)
	for _, name := range corpusWith(t, "tcp") {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if testing.Short() && strings.Contains(name, "lab-100k") {
				t.Skip("100k packets: not in -short")
			}
			path := filepath.Join(corpusDir, name)
			want, _, _ := tcpFrames(t, path)
			if reason := undissected(t, path, want); reason != "" {
				t.Skip(reason)
			}
			x := NewStreamIndex()
			bad := 0
			eachReassembled(t, path, func(n int, p *packet.Packet) {
				var got []string
				x.each(p, func(s int, _ bool) { got = append(got, strconv.Itoa(s)) })
				w := ""
				if n-1 < len(want) {
					w = want[n-1]
				}
				if g := strings.Join(got, ","); g != w {
					bad++
					if bad <= 10 {
						t.Errorf("frame %d: tcp.stream %q, tshark %q (%v)", n, g, w, p)
					}
				}
			})
		})
	}
}
