// Sniff-callback captures packets on an interface and prints each one as
// it arrives, with a callback: Scapy's sniff(prn=...).
//
//	sudo go run ./examples/27-sniff-callback -i eth0 [-f 'icmp or arp'] [-c 10] [-t 30s]
//
// The filter is in tcpdump syntax; it is compiled to BPF and runs in the
// kernel, so only matching packets reach the program. The callback gets
// packets decoded into reused layers (no allocation per packet): it
// prints them and keeps nothing. It also counts protocols with a packet
// predicate (LFilter) and stops at the first TCP reset (Stop). Capturing
// needs root or CAP_NET_RAW.
//
//example:lab -i {iface} -f 'icmp or arp' -c 1000 -t 2s
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sniff"
)

func main() {
	iface := flag.String("i", "", "interface to capture on (required)")
	filter := flag.String("f", "", "filter in tcpdump syntax")
	count := flag.Int("c", 0, "stop after this many packets (0: no limit)")
	timeout := flag.Duration("t", 0, "stop after this long (0: no limit)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: sniff-callback -i IFACE [-f FILTER] [-c N] [-t DURATION]")
		fmt.Fprintln(os.Stderr, "\nPrint the packets captured on IFACE, one line each (needs root or CAP_NET_RAW).")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *iface == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	start := time.Now()
	n := 0
	err := sniff.SniffContext(ctx, sniff.SniffConfig{
		Iface:   *iface,
		Filter:  *filter,
		Count:   *count,
		Timeout: *timeout,
		// Skip the packets a Go predicate rejects: here, none of IPv6's
		// multicast listener chatter.
		LFilter: func(p *packet.Packet) bool { return !isMLD(p) },
		// Stop at the first TCP reset seen.
		Stop: func(p *packet.Packet) bool {
			tcp := p.GetLayer("TCP")
			if tcp == nil {
				return false
			}
			flags, _ := tcp.Get("flags")
			f, _ := flags.(uint8)
			return f&layers.TCPRst != 0
		},
	}, func(p *packet.Packet) bool {
		n++
		fmt.Printf("%4d %8.3fs %s\n", n, p.Metadata.Timestamp.Sub(start).Seconds(), p)
		if err := p.Err(); err != nil {
			fmt.Printf("     (malformed: %v)\n", err)
		}
		return true // false would stop the capture
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintln(os.Stderr, "sniff-callback:", err)
		os.Exit(1)
	}
	fmt.Printf("%d packets\n", n)
}

// isMLD reports an ICMPv6 multicast listener message (types 130-132, 143).
func isMLD(p *packet.Packet) bool {
	l := p.GetLayer("ICMPv6")
	if l == nil {
		return false
	}
	t, _ := l.Get("type")
	v, _ := t.(uint8)
	return v >= 130 && v <= 132 || v == 143
}
