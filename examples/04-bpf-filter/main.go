// Bpf-filter compiles a filter expression in tcpdump syntax to a classic
// BPF program, prints the program as "tcpdump -d" does, and filters a
// capture file with it in user space.
//
//	go run ./examples/04-bpf-filter 'tcp port 80'
//	go run ./examples/04-bpf-filter [-d] 'udp and dst port 53' trace.pcap
//
// Without a file the program is compiled for Ethernet and printed. With a
// file it is compiled for the file's link type (for pcapng, for the link
// type of each interface) and the number and summary of every packet the
// program accepts are printed, as "tcpdump -r FILE EXPR" selects them;
// -d prints the program first. The program is the one the kernel runs
// when a socket or a sniffer is given the same filter.
//
//example:offline -d 'tcp port 80' stream/testdata/http.pcap
//example:offline 'udp and dst port 53'
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/bpf"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

func main() {
	dump := flag.Bool("d", false, "print the compiled program before the matching packets")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: bpf-filter [-d] EXPR [FILE.pcap]")
		fmt.Fprintln(os.Stderr, "\nCompile a tcpdump filter expression to BPF and print the program;")
		fmt.Fprintln(os.Stderr, "with a capture file, print the packets it accepts.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() < 1 || flag.NArg() > 2 {
		flag.Usage()
		os.Exit(2)
	}
	expr := flag.Arg(0)
	if flag.NArg() == 1 {
		prog, err := bpf.Compile(expr, bpf.LinkTypeEthernet, 0)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bpf-filter: %v\n", err)
			os.Exit(1)
		}
		fmt.Print(bpf.Disassemble(prog))
		return
	}
	if err := filter(expr, flag.Arg(1), *dump); err != nil {
		fmt.Fprintf(os.Stderr, "bpf-filter: %v\n", err)
		os.Exit(1)
	}
}

// filter prints the packets of the file that expr accepts. A matcher is
// compiled for each link type met (a pcapng file may mix them).
func filter(expr, name string, dump bool) error {
	r, err := pcap.Open(name)
	if err != nil {
		return err
	}
	defer r.Close()

	matchers := map[pcap.LinkType]*bpf.Matcher{}
	matcher := func(lt pcap.LinkType) (*bpf.Matcher, error) {
		if m, ok := matchers[lt]; ok {
			return m, nil
		}
		m, err := bpf.NewMatcher(expr, uint32(lt), 0)
		if err != nil {
			return nil, err
		}
		if dump {
			if len(matchers) > 0 {
				fmt.Printf("link type %d:\n", lt)
			}
			fmt.Print(bpf.Disassemble(m.Program()))
		}
		matchers[lt] = m
		return m, nil
	}
	// Compile for the file's link type up front, so that a bad expression
	// is reported even for an empty file.
	if lt := r.LinkType(); lt != 0 || r.Format() == pcap.FormatPcap {
		if _, err := matcher(lt); err != nil {
			return err
		}
	}

	dec := goscapy.NewDecoder() // one warm decoder for every packet
	n, matched := 0, 0
	for data, ci := range r.All() {
		n++
		m, err := matcher(ci.LinkType)
		if err != nil {
			return fmt.Errorf("packet %d: %w", n, err)
		}
		// The wire length, not the captured one, is what "len",
		// "less" and "greater" test.
		if m.Run(data, ci.Length) == 0 {
			continue
		}
		matched++
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		p, _ := dec.DecodeAs(data, first) // layers that decoded are kept on error
		fmt.Printf("%6d  %s\n", n, p.Summary())
	}
	fmt.Printf("%d of %d packets match %q\n", matched, n, expr)
	if err := r.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
