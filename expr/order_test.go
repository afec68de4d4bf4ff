package expr

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"os"
	"strings"
	"testing"
)

// TestScapyOrder expands expressions with lists, ranges and networks and
// compares the packets, in order, with what Scapy's iteration gives
// ([raw(p) for p in expr], testdata/order.tsv from gen_order.py).
func TestScapyOrder(t *testing.T) {
	if n := checkScapyPackets(t, "testdata/order.tsv"); n < 8 {
		t.Errorf("only %d expressions in testdata/order.tsv", n)
	}
}

// TestScapyOverloads builds stacks whose upper layers set fields of the
// layers under them (UDP ports for NTP, the hop limit for Neighbor
// Discovery) and compares the bytes with Scapy's (testdata/overload.tsv,
// from gen_order.py overload).
func TestScapyOverloads(t *testing.T) {
	if n := checkScapyPackets(t, "testdata/overload.tsv"); n < 30 {
		t.Errorf("only %d expressions in testdata/overload.tsv", n)
	}
}

// checkScapyPackets compares the packets of every expression of a file
// written by gen_order.py with Scapy's, and returns the number of
// expressions.
func checkScapyPackets(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) != 3 {
			t.Fatalf("bad line %q", line)
		}
		name, src := parts[0], parts[1]
		var want [][]byte
		for _, h := range strings.Split(parts[2], ",") {
			b, err := hex.DecodeString(h)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, b)
		}
		n++
		t.Run(name, func(t *testing.T) {
			tpl, err := Parse(src)
			if err != nil {
				t.Fatalf("%s: %v", src, err)
			}
			if tpl.Count() != len(want) {
				t.Fatalf("%s: Count %d, Scapy expands it to %d packets", src, tpl.Count(), len(want))
			}
			i := 0
			for k, p := range tpl.All() {
				if k != i {
					t.Fatalf("index %d, want %d", k, i)
				}
				got, err := p.Build()
				if err != nil {
					t.Fatalf("packet %d: %v", k, err)
				}
				if i < len(want) && !bytes.Equal(got, want[i]) {
					t.Errorf("%s: packet %d:\n got %x\nwant %x", src, i, got, want[i])
				}
				i++
			}
			if i != len(want) {
				t.Errorf("All gave %d packets, want %d", i, len(want))
			}
			// the command() form reads back to the same packets
			again, err := Parse(tpl.String())
			if err != nil {
				t.Fatalf("String %s: %v", tpl.String(), err)
			}
			if again.Count() != len(want) {
				t.Fatalf("String %s: %d packets", tpl.String(), again.Count())
			}
			j := 0
			for _, p := range again.All() {
				got, _ := p.Build()
				if !bytes.Equal(got, want[j]) {
					t.Errorf("String %s: packet %d differs", tpl.String(), j)
				}
				j++
			}
		})
	}
	return n
}
