package layers_test

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

type corpusFrame struct {
	file string
	n    string
	data []byte
}

// loadFrames reads testdata/frames.txt: real frames from ../shared/corpus.
func loadFrames(t testing.TB) []corpusFrame {
	f, err := os.Open("testdata/frames.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusFrame
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		parts := strings.Split(sc.Text(), "\t")
		b, err := hex.DecodeString(parts[2])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, corpusFrame{parts[0], parts[1], b})
	}
	return out
}

// checkRoundTrip dissects data from first and requires that re-encoding
// reproduces it, whether or not dissection failed part way.
func checkRoundTrip(t *testing.T, data []byte, first packet.LayerType) {
	p, perr := packet.Dissect(data, first)
	// A decoder made for another first layer decodes this one with the
	// generic decoder alone (a preset's fast path is taken only for a
	// decoder's own first layer): both must give the same packet.
	if g, gerr := packet.NewDecoder(0).DecodeAs(data, first); describe(g, gerr) != describe(p, perr) {
		t.Fatalf("generic decoder:\n%s\nDissect:\n%s", describe(g, gerr), describe(p, perr))
	}
	b, err := p.Build()
	if err != nil {
		t.Fatalf("build of dissected %v: %v", p, err)
	}
	if !bytes.Equal(b, data) {
		t.Fatalf("round trip of %v\n got %x\nwant %x", p, b, data)
	}
	// The warm decoder must agree with one-shot dissection.
	d := packet.NewDecoder(first)
	for i := 0; i < 2; i++ {
		q, _ := d.Decode(data)
		if q.String() != p.String() {
			t.Fatalf("decoder %q, Dissect %q", q.String(), p.String())
		}
	}
	_ = p.Show()
	_ = p.String()
}

func TestCoreFramesRoundTrip(t *testing.T) {
	for _, f := range loadFrames(t) {
		t.Run(f.file+"#"+f.n, func(t *testing.T) { checkRoundTrip(t, f.data, layers.EthernetType) })
	}
}

// FuzzDissect: no input panics, and every input re-encodes byte for byte,
// from Ethernet and from IPv4.
func FuzzDissect(f *testing.F) {
	for _, fr := range loadFrames(f) {
		f.Add(fr.data, false)
		if len(fr.data) > 14 {
			f.Add(fr.data[14:], true)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, ip bool) {
		first := layers.EthernetType
		if ip {
			first = layers.IPv4Type
		}
		checkRoundTrip(t, data, first)
	})
}
