// Arp-scanner finds the hosts of an IPv4 subnet on the local link, the
// scanner of the goscapy article: for every address it builds an ARP
// request, sends it with Srp1, takes the MAC address from the answer, and
// a semaphore limits how many addresses are asked at once. A /24 takes a
// few seconds.
//
//	sudo go run ./examples/30-arp-scanner -i eth0 192.168.1.0/24
//	sudo go run ./examples/30-arp-scanner -i eth0 -c 128 -t 500ms -r 1 192.168.1.0/24
//
// Each Srp1 call opens a packet socket with a kernel filter for ARP
// replies, sends the request as built and waits for the frame that
// answers it (sendrecv.DefaultMatch: an ARP is-at for the address asked).
// Package tools/arping (goscapy arping) does the same on one shared
// socket. Scanning needs root or CAP_NET_RAW; nothing is sent unless an
// interface and a subnet are given.
//
//example:lab -i {iface} {net}
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"os/signal"
	"slices"
	"sync"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/route"
	"github.com/goscapy/goscapy/sendrecv"
)

// host is an address that answered.
type host struct {
	ip  netip.Addr
	mac string
	rtt time.Duration
}

func main() {
	iface := flag.String("i", "", "interface to scan on (required)")
	concurrency := flag.Int("c", 64, "addresses asked at once")
	timeout := flag.Duration("t", time.Second, "time to wait for each answer")
	retries := flag.Int("r", 0, "requests again to an address that did not answer")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: arp-scanner -i IFACE [-c N] [-t TIMEOUT] [-r RETRIES] PREFIX")
		fmt.Fprintln(os.Stderr, "\nAsk every address of the IPv4 subnet PREFIX on IFACE who has it and print")
		fmt.Fprintln(os.Stderr, "those that answer, with their MAC addresses (needs root or CAP_NET_RAW).")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *iface == "" || flag.NArg() != 1 || *concurrency < 1 || *retries < 0 {
		flag.Usage()
		os.Exit(2)
	}
	prefix, err := netip.ParsePrefix(flag.Arg(0))
	if err != nil || !prefix.Addr().Is4() || prefix.Bits() < 16 {
		fmt.Fprintln(os.Stderr, "arp-scanner: want an IPv4 prefix of /16 or smaller, like 192.168.1.0/24")
		os.Exit(2)
	}
	prefix = prefix.Masked()

	// Our addresses: the interface's MAC and its IPv4 address (in the
	// subnet if it has one there).
	ifc, err := route.InterfaceByName(*iface)
	if err != nil {
		fmt.Fprintln(os.Stderr, "arp-scanner:", err)
		os.Exit(1)
	}
	src, ok := ifc.Addr4(prefix.Addr())
	if !ok {
		fmt.Fprintf(os.Stderr, "arp-scanner: %s has no IPv4 address\n", *iface)
		os.Exit(1)
	}
	srcMAC, srcIP := ifc.MAC.String(), src.String()
	fmt.Printf("Scanning %v on %s (%s, %s), %d at a time\n", prefix, *iface, srcMAC, srcIP, *concurrency)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()

	var (
		mu    sync.Mutex
		hosts []host
		wg    sync.WaitGroup
		fatal error
		once  sync.Once
	)
	sem := make(chan struct{}, *concurrency) // the semaphore
	asked := 0
	for a := prefix.Addr(); prefix.Contains(a); a = a.Next() {
		if a == src || isEdge(prefix, a) {
			continue
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		asked++
		wg.Add(1)
		go func(targetIP string) {
			defer func() { <-sem; wg.Done() }()
			h, ok, err := ask(ctx, *iface, srcMAC, srcIP, targetIP, *timeout, *retries)
			if err != nil {
				once.Do(func() { fatal = err; stop() })
				return
			}
			if ok {
				mu.Lock()
				hosts = append(hosts, h)
				mu.Unlock()
			}
		}(a.String())
	}
	wg.Wait()
	if fatal != nil {
		fmt.Fprintln(os.Stderr, "arp-scanner:", fatal)
		os.Exit(1)
	}

	slices.SortFunc(hosts, func(x, y host) int { return x.ip.Compare(y.ip) })
	for _, h := range hosts {
		fmt.Printf("%-15s  %s  %.3f ms\n", h.ip, h.mac, float64(h.rtt)/1e6)
	}
	fmt.Printf("\n%d addresses asked in %.2f s; %d answered\n", asked, time.Since(start).Seconds(), len(hosts))
}

// ask sends who-has targetIP, up to 1+retries times, and returns the
// answer. A missing answer is no error; a failure to send is.
func ask(ctx context.Context, iface, srcMAC, srcIP, targetIP string, timeout time.Duration, retries int) (host, bool, error) {
	// The request, as the article builds it.
	pkt := goscapy.NewEthernet().
		DstMAC("ff:ff:ff:ff:ff:ff").
		SrcMAC(srcMAC).
		Type(layers.EtherTypeARP).
		Over(goscapy.NewARP().
			Op(layers.ARPWhoHas).
			SrcMAC(srcMAC).
			SrcIP(srcIP).
			DstIP(targetIP)).
		Packet()
	for try := 0; try <= retries; try++ {
		sent, reply, err := sendrecv.Srp1Context(ctx, pkt, sendrecv.SrOptions{Iface: iface, Timeout: timeout})
		if errors.Is(err, sendrecv.ErrNoReply) || errors.Is(err, context.Canceled) {
			continue
		}
		if err != nil {
			return host{}, false, err
		}
		// The answer, read as the article reads it.
		arpLayer := reply.GetLayer("ARP")
		hwSrc, _ := arpLayer.Get("hwsrc")
		return host{
			ip:  netip.MustParseAddr(targetIP),
			mac: fmt.Sprint(hwSrc),
			rtt: reply.Metadata.Timestamp.Sub(sent.Metadata.Timestamp),
		}, true, nil
	}
	return host{}, false, nil
}

// isEdge reports the network and broadcast addresses of a prefix shorter
// than /31, which no host has.
func isEdge(p netip.Prefix, a netip.Addr) bool {
	if p.Bits() >= 31 {
		return false
	}
	if a == p.Addr() {
		return true
	}
	b := p.Addr().As4()
	for i := p.Bits(); i < 32; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	return a == netip.AddrFrom4(b)
}
