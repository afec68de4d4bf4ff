// Fuzz-packets does what Scapy's fuzz() is for: it makes N packets from an
// expression in which fuzz(Layer()) draws every field of that layer the
// expression does not set (computed fields such as lengths and checksums
// stay computed), writes them to a classic pcap file, and dissects each one
// back from its bytes. It prints every packet's summary, the fields whose
// values varied from packet to packet (with how many distinct values each
// took) and the ones that did not, and the dissection errors, which fuzzed
// data is expected to cause: each names the layer and byte offset where
// dissection stopped. Nothing is sent.
//
// -seed makes the run reproducible: the same seed gives the same packets
// (without it a seed is drawn and printed).
//
//	go run ./examples/45-fuzz-packets -n 20 -seed 7 fuzz.pcap
//	go run ./examples/45-fuzz-packets -n 50 fuzz.pcap 'fuzz(IP(dst="198.18.1.3"))/UDP()/"hello"'
//	go run ./examples/45-fuzz-packets -n 20 hdr.pcap 'IP(dst="198.18.1.3",ihl=RandNum(0,15))/fuzz(TCP(dataofs=RandNum(0,15)))'
//	tshark -r fuzz.pcap
//
// The default expression is IP(dst="198.18.1.3")/fuzz(TCP()). The last one
// above draws header lengths too, which most packets then contradict:
// their dissection stops with an error.
//
//example:offline -n 20 -seed 7 {tmp}/fuzz.pcap
//example:offline -n 20 -seed 3 {tmp}/hdr.pcap IP(dst=198.18.1.3,ihl=RandNum(0,15))/fuzz(TCP(dataofs=RandNum(0,15)))
//example:expect wrote \d+ packets
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/examples/internal/pcapout"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

const defaultExpr = `IP(dst="198.18.1.3")/fuzz(TCP())`

func main() {
	n := flag.Int("n", 10, "number of packets to make")
	seed := flag.Int64("seed", 0, "seed of the random draws (0: draw one and print it)")
	force := flag.Bool("force", false, "replace OUT if it exists")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: fuzz-packets [-n N] [-seed S] [-force] OUT.pcap [EXPRESSION]")
		fmt.Fprintf(os.Stderr, "\nMake N fuzzed packets from EXPRESSION (default %s),\nwrite them to OUT.pcap and dissect each back.\n", defaultExpr)
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() < 1 || flag.NArg() > 2 || *n <= 0 {
		flag.Usage()
		os.Exit(2)
	}
	s := defaultExpr
	if flag.NArg() == 2 {
		s = flag.Arg(1)
	}
	if *seed == 0 {
		*seed = time.Now().UnixNano()&0x7fffffff | 1
	}
	if err := run(flag.Arg(0), *force, s, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "fuzz-packets:", err)
		os.Exit(1)
	}
}

// fieldValues collects the distinct values one field takes.
type fieldValues struct {
	layer, field string
	seen         map[string]bool
}

func run(out string, force bool, s string, n int, seed int64) error {
	t, err := goscapy.Parse(s)
	if err != nil {
		return err
	}
	if !t.Volatile() {
		fmt.Println("note: the expression draws nothing at random; wrap a layer in fuzz()")
	}
	fmt.Printf("%s: %d packets, seed %d (-seed %d repeats them)\n", t, n, seed, seed)

	// Every expansion after Seed draws the same values: one seed per
	// expansion, derived from -seed, gives N different packets that a run
	// with the same -seed makes again.
	var frames [][]byte
	var buildErrs int
	for k := int64(0); len(frames) < n; k++ {
		t.Seed(seed + k)
		for _, p := range t.All() {
			if len(frames) == n {
				break
			}
			b, err := p.Build()
			if err != nil {
				buildErrs++
				fmt.Printf("a packet does not build: %v\n", err)
				if buildErrs > n {
					return errors.New("too many packets fail to build")
				}
				continue
			}
			frames = append(frames, b)
		}
	}
	lt, err := linkTypeOf(t.Packet())
	if err != nil {
		return err
	}
	if err := pcapout.WriteLinkType(out, force, lt, frames); err != nil {
		return err
	}

	// Read the file back and dissect each packet from its bytes.
	r, err := pcap.Open(out)
	if err != nil {
		return err
	}
	defer r.Close()
	var values []*fieldValues
	index := map[string]*fieldValues{}
	var decodeErrs, i int
	for b, ci := range r.All() {
		i++
		first, _ := packet.FirstLayer(uint32(ci.LinkType), b)
		p, err := packet.Dissect(b, first) // b is valid until the next packet: used here only
		fmt.Printf("%4d  %4d bytes  %v\n", i, len(b), p)
		if err != nil {
			decodeErrs++
			var de *packet.DecodeError
			if errors.As(err, &de) {
				fmt.Printf("      dissection stopped in %s at offset %d: %v\n", de.Layer, de.Offset, de.Err)
			} else {
				fmt.Printf("      dissection error: %v\n", err)
			}
		}
		for j, l := range p.Layers() {
			if j == p.ErrLayer() {
				break // the undecoded bytes
			}
			proto := l.Proto()
			for _, f := range proto.Fields {
				v, err := l.Get(f.Name)
				if err != nil {
					continue // a field absent from this instance
				}
				key := fmt.Sprintf("%d/%s.%s", j, proto.Name, f.Name)
				fv := index[key]
				if fv == nil {
					fv = &fieldValues{layer: proto.Name, field: f.Name, seen: map[string]bool{}}
					index[key] = fv
					values = append(values, fv)
				}
				fv.seen[fmt.Sprint(v)] = true
			}
		}
	}
	if err := r.Err(); err != nil {
		return err
	}

	// Fields by layer: the ones that varied, then the constant ones.
	var layerOrder []string
	varied := map[string][]string{}
	fixed := map[string][]string{}
	for _, fv := range values {
		if !slices.Contains(layerOrder, fv.layer) {
			layerOrder = append(layerOrder, fv.layer)
		}
		if len(fv.seen) > 1 {
			varied[fv.layer] = append(varied[fv.layer], fmt.Sprintf("%s(%d)", fv.field, len(fv.seen)))
		} else {
			fixed[fv.layer] = append(fixed[fv.layer], fv.field)
		}
	}
	fmt.Println("fields that varied (distinct values) and fields that did not, by layer:")
	for _, l := range layerOrder {
		fmt.Printf("  %-10s varied: %s\n", l, orNone(varied[l]))
		fmt.Printf("  %-10s fixed:  %s\n", "", orNone(fixed[l]))
	}
	fmt.Printf("%d packets read back and dissected, %d with a dissection error (expected for fuzzed data), %d that did not build\n",
		i, decodeErrs, buildErrs)
	return nil
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, " ")
}

// linkTypeOf is the pcap link type whose first layer is the packet's
// first layer.
func linkTypeOf(p *packet.Packet) (pcap.LinkType, error) {
	first := p.Layer(0)
	if first == nil {
		return 0, errors.New("empty packet")
	}
	want := first.Proto().Type()
	for _, lt := range []pcap.LinkType{pcap.LinkTypeEthernet, pcap.LinkTypeIPv4, pcap.LinkTypeIPv6,
		pcap.LinkTypeLinuxSLL, pcap.LinkTypeIEEE80211, pcap.LinkTypeRadiotap} {
		if t, ok := packet.LinkTypeLayer(uint32(lt)); ok && t == want {
			return lt, nil
		}
	}
	return 0, fmt.Errorf("no pcap link type starts with %s", first.Proto().Name)
}
