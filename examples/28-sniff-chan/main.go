// Sniff-chan captures a batch of packets through a channel and then
// reports on them: Scapy's pkts = sniff(count=N) followed by work on the
// list.
//
//	sudo go run ./examples/28-sniff-chan -i eth0 [-f 'udp port 53'] [-c 20] [-t 10s] [-w out.pcapng]
//
// The packets from the channel own their bytes, so they can be kept after
// the capture. The capture is open when SniffChan returns; stop ends it
// early. Capturing needs root or CAP_NET_RAW.
//
//example:lab -i {iface} -c 1000 -t 2s -w {tmp}/out.pcapng
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"time"

	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sniff"
)

func main() {
	iface := flag.String("i", "", "interface to capture on (required)")
	filter := flag.String("f", "", "filter in tcpdump syntax")
	count := flag.Int("c", 20, "packets to collect")
	timeout := flag.Duration("t", 10*time.Second, "give up after this long")
	write := flag.String("w", "", "also write the packets to this pcap or pcapng file")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: sniff-chan -i IFACE [-f FILTER] [-c N] [-t DURATION] [-w FILE]")
		fmt.Fprintln(os.Stderr, "\nCollect packets from IFACE, then summarise them (needs root or CAP_NET_RAW).")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *iface == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if *write != "" {
		if _, err := os.Stat(*write); err == nil {
			fmt.Fprintf(os.Stderr, "sniff-chan: %s exists; not replacing it\n", *write)
			os.Exit(1)
		}
	}

	ch, stop := sniff.SniffChan(sniff.SniffConfig{
		Iface: *iface, Filter: *filter, Count: *count, Timeout: *timeout, Write: *write,
	})
	defer stop()
	intr := make(chan os.Signal, 1)
	signal.Notify(intr, os.Interrupt)

	var pkts []*packet.Packet
collect:
	for {
		select {
		case p, ok := <-ch:
			if !ok {
				break collect // Count reached, timeout, or an error
			}
			pkts = append(pkts, p)
			fmt.Printf("\rcollected %d", len(pkts))
		case <-intr:
			stop()
		}
	}
	fmt.Println()
	if len(pkts) == 0 {
		fmt.Println("no packets (is the interface right, and are you root?)")
		return
	}

	// The packets are ours to keep: summarise them.
	perProto := map[string]int{}
	bytes := 0
	for _, p := range pkts {
		for _, l := range p.Layers() {
			perProto[l.Proto().Name]++
		}
		bytes += p.Metadata.Length
	}
	span := pkts[len(pkts)-1].Metadata.Timestamp.Sub(pkts[0].Metadata.Timestamp)
	fmt.Printf("%d packets, %d bytes in %v\n", len(pkts), bytes, span.Round(time.Millisecond))
	names := make([]string, 0, len(perProto))
	for n := range perProto {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return perProto[names[i]] > perProto[names[j]] })
	for _, n := range names {
		fmt.Printf("  %-12s %d\n", n, perProto[n])
	}
	fmt.Println("first:", pkts[0])
	fmt.Println("last: ", pkts[len(pkts)-1])
}
