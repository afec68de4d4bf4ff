// Sr-table sends TCP SYNs to some ports of one or more hosts with one
// Sr call and prints the results as Scapy does: the answered pairs, then
// a table of hosts by port (Scapy's make_table):
//
//	sudo go run ./examples/32-sr-table -i eth0 -t 192.0.2.10,192.0.2.11 [-p 22,80,443] [-timeout 2s] [-retry 1]
//
//	<Results: TCP:6 UDP:0 ICMP:0 Other:0>
//	IP / TCP 192.0.2.1:40000 > 192.0.2.10:22 S ==> IP / TCP 192.0.2.10:22 > 192.0.2.1:40000 SA
//	...
//	             22/tcp  80/tcp  443/tcp
//	192.0.2.10   SA      SA      RA
//	192.0.2.11   RA      SA      -
//
// "SA" (SYN-ACK) is an open port, "RA" (reset) a closed one, "-" no
// answer (filtered, or no host). All requests are in flight at once: the
// answers are collected while the SYNs are still being sent, and paired
// with their requests in constant time. The source address is the
// route's. It sends nothing unless both the interface and the targets are
// given, and needs root or CAP_NET_RAW. Scan only hosts you are allowed
// to.
//
//example:lab -i {iface} -t {b} -p 22,80,443
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sendrecv"
)

func main() {
	iface := flag.String("i", "", "interface to send on (required)")
	targets := flag.String("t", "", "target addresses, comma-separated (required)")
	ports := flag.String("p", "22,80,443", "TCP ports, comma-separated")
	timeout := flag.Duration("timeout", 2*time.Second, "how long to wait for answers after the last SYN")
	retry := flag.Int("retry", 1, "send unanswered SYNs this many more times")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: sr-table -i IFACE -t ADDR[,ADDR...] [-p PORT,...] [-timeout D] [-retry N]")
		fmt.Fprintln(os.Stderr, "\nSend TCP SYNs to the ports of the targets and print the answers as a table (needs root or CAP_NET_RAW).")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *iface == "" || *targets == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	var hosts []netip.Addr
	for _, s := range strings.Split(*targets, ",") {
		a, err := netip.ParseAddr(strings.TrimSpace(s))
		if err != nil {
			fmt.Fprintln(os.Stderr, "sr-table: bad target:", err)
			os.Exit(2)
		}
		hosts = append(hosts, a)
	}
	var portList []uint16
	for _, s := range strings.Split(*ports, ",") {
		p, err := strconv.ParseUint(strings.TrimSpace(s), 10, 16)
		if err != nil || p == 0 {
			fmt.Fprintf(os.Stderr, "sr-table: bad port %q\n", s)
			os.Exit(2)
		}
		portList = append(portList, uint16(p))
	}

	// One SYN per host and port, each from its own source port so that
	// every answer finds its request.
	var pkts []*packet.Packet
	for _, h := range hosts {
		for _, p := range portList {
			sport := uint16(40000 + len(pkts)%20000)
			syn := goscapy.NewTCP().SrcPort(sport).DstPort(p).Flags(layers.TCPSyn)
			if h.Is6() {
				pkts = append(pkts, goscapy.NewIPv6().DstIP(h).Over(syn).Packet())
			} else {
				pkts = append(pkts, goscapy.NewIP().DstIP(h).Over(syn).Packet())
			}
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := sendrecv.SrContext(ctx, pkts, sendrecv.SrOptions{Iface: *iface, Timeout: *timeout, Retry: *retry})
	if err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintln(os.Stderr, "sr-table:", err)
		os.Exit(1)
	}
	fmt.Print(res.Summary())
	fmt.Println()
	if err := res.Table(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "sr-table:", err)
		os.Exit(1)
	}
}
