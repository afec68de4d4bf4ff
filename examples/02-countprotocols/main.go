// Countprotocols reads capture files (pcap or pcapng, gzip-compressed or
// not) and counts, for each protocol, the packets that carry it, by the
// layer names goscapy dissects (Ethernet, IP, TCP, DNS, Raw, ...).
//
//	go run ./examples/02-countprotocols trace.pcap [more.pcapng ...]
//
// It streams: the reader hands out each packet in its own buffer and one
// warm decoder dissects them all, so memory does not grow with the file.
//
//example:offline stream/testdata/http.pcap pcap/testdata/pcapplusplus_pcapng-example.pcapng
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: countprotocols FILE...")
		fmt.Fprintln(os.Stderr, "\nCount the packets of each protocol in pcap or pcapng files.")
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	status := 0
	for _, name := range flag.Args() {
		if err := count(name); err != nil {
			fmt.Fprintf(os.Stderr, "countprotocols: %v\n", err)
			status = 1
		}
	}
	os.Exit(status)
}

// count prints the protocol counts of one file. The counts of the packets
// read before an error are printed too.
func count(name string) error {
	r, err := pcap.Open(name)
	if err != nil {
		return err
	}
	defer r.Close()

	dec := goscapy.NewDecoder()
	counts := map[string]int{}
	var seen []string // layer names of the current packet, each counted once
	packets := 0
	for data, ci := range r.All() {
		packets++
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		p, _ := dec.DecodeAs(data, first) // layers that decoded are kept on error
		seen = seen[:0]
		for _, l := range p.Layers() {
			n := l.Proto().Name
			if !slices.Contains(seen, n) {
				seen = append(seen, n)
				counts[n]++
			}
		}
	}

	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int {
		if counts[a] != counts[b] {
			return counts[b] - counts[a]
		}
		return strings.Compare(a, b)
	})
	fmt.Printf("%s: %d packets\n", name, packets)
	for _, n := range names {
		fmt.Printf("  %-16s %10d  %5.1f%%\n", n, counts[n], 100*float64(counts[n])/float64(packets))
	}
	if err := r.Err(); err != nil {
		// a *pcap.FormatError names the offset of the damage
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
