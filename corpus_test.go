package goscapy

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

const corpusDir = "../shared/corpus"

// corpusFiles lists every capture of the shared corpus, or skips.
func corpusFiles(t *testing.T) []string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(corpusDir, "INDEX.tsv")); err != nil {
		t.Skipf("corpus not found at %s (it sits beside the repository in CI): %v", corpusDir, err)
	}
	var files []string
	filepath.WalkDir(corpusDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".pcap") || strings.HasSuffix(path, ".pcapng") ||
			strings.HasSuffix(path, ".cap") || strings.HasSuffix(path, ".gz")) {
			files = append(files, path)
		}
		return nil
	})
	if len(files) == 0 {
		t.Fatal("no captures in the corpus")
	}
	return files
}

// TestCorpusDissectRoundTrip dissects every packet of every corpus capture
// (the crafted captures that once crashed tcpdump included) with the first
// layer its link type names: nothing may panic, and every packet must
// re-encode byte for byte, whether or not dissection failed part way. A
// warm decoder must agree with one-shot dissection.
func TestCorpusDissectRoundTrip(t *testing.T) {
	total, failed := 0, 0
	for _, f := range corpusFiles(t) {
		r, err := pcap.Open(f)
		if err != nil {
			continue // files meant to be rejected: the pcap tests check them
		}
		dec := packet.NewDecoder(0)
		for n := 1; ; n++ {
			data, ci, err := r.ReadPacketData()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					t.Logf("%s: %v", f, err)
				}
				break
			}
			first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
			total++
			p, _ := packet.Dissect(data, first)
			b, err := p.Build()
			if err != nil || !bytes.Equal(b, data) {
				failed++
				if failed < 20 {
					t.Errorf("%s #%d (%v): round trip: %v\n got %x\nwant %x", f, n, p, err, b, data)
				}
				continue
			}
			q, _ := dec.DecodeAs(data, first)
			if q.String() != p.String() {
				t.Errorf("%s #%d: decoder %q, Dissect %q", f, n, q, p)
			}
			_ = p.Show()
			_ = p.AppendJSON(nil, n)
		}
		r.Close()
	}
	if failed > 0 {
		t.Errorf("%d of %d corpus packets did not round-trip", failed, total)
	}
	t.Logf("%d corpus packets dissected and re-encoded", total)
}
