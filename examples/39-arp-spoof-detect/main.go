// Arp-spoof-detect watches ARP traffic for cache poisoning, as arpwatch
// does: it learns which MAC address answers for each IPv4 address and
// prints an alert when an address is claimed by another MAC than before
// (a spoofed is-at for the gateway, say), when a gratuitous ARP moves an
// address to another MAC, when one MAC claims many addresses, and when a
// frame's Ethernet source differs from the sender MAC inside the ARP
// packet. It reads a capture file, or captures live with -i through
// package sniff (the filter "arp" runs in the kernel), and ends with a
// summary and the address table it learned.
//
//	go run ./examples/39-arp-spoof-detect examples/39-arp-spoof-detect/testdata/arp-spoof.pcap
//	sudo go run ./examples/39-arp-spoof-detect -i eth0 -t 10m
//
// Alerts are one line each, starting with ALERT and the kind: spoof (an
// address changed MAC), gratuitous-change (the same through a gratuitous
// ARP), many-ips (a MAC has claimed -max-ips addresses: a router doing
// proxy ARP does this too) and mismatch. Nothing is ever sent; a live
// capture needs root or CAP_NET_RAW. The test capture and the Scapy
// script that made it are in testdata.
//
//example:offline examples/39-arp-spoof-detect/testdata/arp-spoof.pcap
//example:lab -i {iface} -t 2s
//example:expect \d+ ARP packets \(\d+ gratuitous\), \d+ addresses, \d+ MACs, \d+ alerts
//example:expect (?s)^Watching ARP on |ALERT spoof 192\.0\.2\.1 is-at 02:00:5e:00:53:66 \(was 00:00:5e:00:53:01\)
//example:expect (?s)^Watching ARP on |ALERT gratuitous-change 192\.0\.2\.20 is-at 02:00:5e:00:53:66
//example:expect (?s)^Watching ARP on |ALERT many-ips 02:00:5e:00:53:66 has claimed 4 addresses
//example:expect (?s)^Watching ARP on |8 ARP packets \(2 gratuitous\), 5 addresses, 4 MACs, 4 alerts
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"net/netip"
	"os"
	"os/signal"
	"slices"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sniff"
)

// watcher is the state learned from the ARP packets seen so far.
type watcher struct {
	maxIPs     int
	ipMAC      map[netip.Addr]fields.MAC              // the MAC each address was last claimed by
	macIPs     map[fields.MAC]map[netip.Addr]struct{} // the addresses each MAC claimed
	flagged    map[fields.MAC]bool                    // MACs already reported as claiming many
	packets    int
	gratuitous int
	alerts     int
}

func main() {
	iface := flag.String("i", "", "capture live on this interface instead of reading a file")
	timeout := flag.Duration("t", 0, "live: stop after this long (0: until Ctrl-C)")
	maxIPs := flag.Int("max-ips", 4, "alert when one MAC has claimed this many addresses")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: arp-spoof-detect [-max-ips N] FILE")
		fmt.Fprintln(os.Stderr, "       arp-spoof-detect -i IFACE [-t DURATION] [-max-ips N]")
		fmt.Fprintln(os.Stderr, "\nReport ARP cache poisoning in a capture file (pcap or pcapng) or live on IFACE")
		fmt.Fprintln(os.Stderr, "(needs root or CAP_NET_RAW). Nothing is sent.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if (*iface == "") == (flag.NArg() != 1) || flag.NArg() > 1 || *maxIPs < 2 || *timeout < 0 {
		flag.Usage()
		os.Exit(2)
	}
	cfg := sniff.SniffConfig{Iface: *iface, Filter: "arp", Timeout: *timeout}
	if *iface == "" {
		cfg.Offline = flag.Arg(0)
		fmt.Printf("Reading ARP from %s\n", cfg.Offline)
	} else {
		fmt.Printf("Watching ARP on %s\n", *iface)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	w := &watcher{
		maxIPs:  *maxIPs,
		ipMAC:   map[netip.Addr]fields.MAC{},
		macIPs:  map[fields.MAC]map[netip.Addr]struct{}{},
		flagged: map[fields.MAC]bool{},
	}
	err := sniff.SniffContext(ctx, cfg, func(p *packet.Packet) bool {
		w.packet(p)
		return true
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintln(os.Stderr, "arp-spoof-detect:", err)
		os.Exit(1)
	}
	w.summary()
}

// packet checks one ARP packet against what was learned, then learns
// from it.
func (w *watcher) packet(p *packet.Packet) {
	arp, ok := packet.LayerOf[*layers.ARP](p)
	if !ok || arp.HwSrcRaw != nil || !arp.PSrc.Is4() {
		return // not Ethernet/IPv4 ARP
	}
	if arp.Op != layers.ARPWhoHas && arp.Op != layers.ARPIsAt {
		return
	}
	w.packets++
	ts := p.Metadata.Timestamp.UTC().Format("15:04:05.000000")
	if eth, ok := packet.LayerOf[*layers.Ethernet](p); ok && eth.Src != arp.HwSrc {
		w.alert(ts, "mismatch", "%v claims %v but the frame came from %v", arp.HwSrc, arp.PSrc, eth.Src)
	}
	if arp.PSrc.IsUnspecified() {
		return // an address probe (RFC 5227) claims nothing
	}
	// A gratuitous ARP announces the sender's own address: sender and
	// target address are the same (a request or a reply).
	gratuitous := arp.PSrc == arp.PDst
	if gratuitous {
		w.gratuitous++
	}
	if old, seen := w.ipMAC[arp.PSrc]; seen && old != arp.HwSrc {
		kind := "spoof"
		if gratuitous {
			kind = "gratuitous-change"
		}
		w.alert(ts, kind, "%v is-at %v (was %v)", arp.PSrc, arp.HwSrc, old)
	}
	w.ipMAC[arp.PSrc] = arp.HwSrc
	ips := w.macIPs[arp.HwSrc]
	if ips == nil {
		ips = map[netip.Addr]struct{}{}
		w.macIPs[arp.HwSrc] = ips
	}
	ips[arp.PSrc] = struct{}{}
	if len(ips) >= w.maxIPs && !w.flagged[arp.HwSrc] {
		w.flagged[arp.HwSrc] = true
		w.alert(ts, "many-ips", "%v has claimed %d addresses: %s", arp.HwSrc, len(ips), addrList(ips))
	}
}

func (w *watcher) alert(ts, kind, format string, args ...any) {
	w.alerts++
	fmt.Printf("%s ALERT %s %s\n", ts, kind, fmt.Sprintf(format, args...))
}

// summary prints the counters and the address table.
func (w *watcher) summary() {
	fmt.Printf("\n%d ARP packets (%d gratuitous), %d addresses, %d MACs, %d alerts\n",
		w.packets, w.gratuitous, len(w.ipMAC), len(w.macIPs), w.alerts)
	for _, a := range slices.SortedFunc(maps.Keys(w.ipMAC), netip.Addr.Compare) {
		mac := w.ipMAC[a]
		note := ""
		if w.flagged[mac] {
			note = "  (claims many addresses)"
		}
		fmt.Printf("  %-15v %v%s\n", a, mac, note)
	}
}

// addrList returns a set of addresses sorted, comma-separated.
func addrList(set map[netip.Addr]struct{}) string {
	list := make([]string, 0, len(set))
	for _, a := range slices.SortedFunc(maps.Keys(set), netip.Addr.Compare) {
		list = append(list, a.String())
	}
	return strings.Join(list, ",")
}
