// Syn-scanner checks the TCP ports of a host with SYNs, the TCP SYN scan
// of the goscapy article: a SYN to each port, a SYN-ACK means open, a RST
// closed, no answer filtered. All the SYNs go in one Sr call, which sends
// them while it reads the answers (so none is lost) and pairs each answer
// with its SYN by sendrecv.DefaultMatch; the flags are read as the
// article reads them.
//
//	sudo go run ./examples/31-syn-scanner -i eth0 -p 1-1024 192.0.2.1
//
// The scanning host's kernel answers each SYN-ACK with a RST (it knows no
// such connection), which closes the half-open connection as nmap would.
// For many hosts and ports, statelessly, in a random order and in shards,
// use package tools/scan (goscapy scan). Scanning needs root or
// CAP_NET_RAW; scan only hosts you may, and nothing is sent unless an
// interface and a target are given.
//
//example:lab -i {iface} -p 20-25,80,443 {b}
package main

import (
	"context"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"os/signal"
	"slices"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sendrecv"
	"github.com/goscapy/goscapy/tools/scan"
)

func main() {
	iface := flag.String("i", "", "interface to send on (required)")
	portList := flag.String("p", "", "ports: 22,80,8000-8100 (required)")
	timeout := flag.Duration("t", 2*time.Second, "time to wait for answers after the last SYN")
	retry := flag.Int("r", 1, "send again to the ports that did not answer")
	rate := flag.Float64("rate", 1000, "SYNs per second (0: no limit)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: syn-scanner -i IFACE -p PORTS [-t TIMEOUT] [-r RETRY] [-rate PPS] TARGET")
		fmt.Fprintln(os.Stderr, "\nSend a TCP SYN to each port of TARGET and print the open, closed and")
		fmt.Fprintln(os.Stderr, "filtered ports (needs root or CAP_NET_RAW).")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *iface == "" || *portList == "" || flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	target, err := netip.ParseAddr(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "syn-scanner:", err)
		os.Exit(2)
	}
	ports, err := scan.ParsePorts(*portList)
	if err != nil {
		fmt.Fprintln(os.Stderr, "syn-scanner:", err)
		os.Exit(2)
	}

	// One SYN per port, as the article builds it (the source address
	// is the route's).
	pkts := make([]*packet.Packet, len(ports))
	for i, port := range ports {
		if target.Is4() {
			pkts[i] = goscapy.NewIP().DstIP(target).
				Over(goscapy.NewTCP().SrcPort(12345).DstPort(port).Flags(layers.TCPSyn)).
				Packet()
		} else {
			pkts[i] = goscapy.NewIPv6().DstIP(target).
				Over(goscapy.NewTCP().SrcPort(12345).DstPort(port).Flags(layers.TCPSyn)).
				Packet()
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	res, err := sendrecv.SrContext(ctx, pkts, sendrecv.SrOptions{Iface: *iface, Timeout: *timeout, Retry: *retry, Rate: *rate})
	if res == nil {
		fmt.Fprintln(os.Stderr, "syn-scanner:", err)
		os.Exit(1)
	}

	state := map[uint16]string{}
	for _, pair := range res.Answered {
		port := dport(pair.Sent)
		tcpLayer := pair.Received.GetLayer("TCP")
		if tcpLayer == nil {
			state[port] = "filtered (icmp)" // an ICMP unreachable
			continue
		}
		flags, _ := tcpLayer.Get("flags")
		switch {
		case flags.(uint8)&layers.TCPSyn != 0 && flags.(uint8)&layers.TCPAck != 0:
			state[port] = "open"
		case flags.(uint8)&layers.TCPRst != 0:
			state[port] = "closed"
		}
	}
	for _, p := range res.Unanswered {
		state[dport(p)] = "filtered"
	}
	fmt.Printf("PORT      STATE\n")
	counts := map[string]int{}
	for _, port := range slices.Sorted(func(yield func(uint16) bool) {
		for p := range state {
			if !yield(p) {
				return
			}
		}
	}) {
		counts[state[port]]++
		if state[port] != "closed" || len(ports) <= 30 {
			fmt.Printf("%-9s %s\n", fmt.Sprintf("%d/tcp", port), state[port])
		}
	}
	fmt.Printf("\n%v: %d open, %d closed, %d filtered; %d SYNs answered in %.2f s\n",
		target, counts["open"], counts["closed"], counts["filtered"]+counts["filtered (icmp)"], len(res.Answered), time.Since(start).Seconds())
	if err != nil {
		fmt.Fprintln(os.Stderr, "syn-scanner:", err)
		os.Exit(1)
	}
}

// dport returns the destination port of a SYN.
func dport(p *packet.Packet) uint16 {
	if t, ok := packet.LayerOf[*layers.TCP](p); ok {
		return t.DstPort
	}
	return 0
}
