// Ndp-ns builds IPv6 neighbor discovery frames with the goscapy builders:
// a neighbor solicitation for a target (to the target's solicited-node
// multicast address and its 33:33:ff:xx:xx:xx MAC, with a source
// link-layer address option), the duplicate address detection form sent
// from ::, and the solicited neighbor advertisement a neighbor would
// answer with. It prints them, dissected back, and writes them to a
// classic pcap file:
//
//	go run ./examples/08-ndp-ns -target 2001:db8::7 ndp.pcap
//	tcpdump -n -v -r ndp.pcap
//
// It only writes the file named on the command line, and does not replace
// an existing file unless -force is given. Nothing is sent.
//
//example:offline -target 2001:db8::7 {tmp}/ndp.pcap
package main

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/examples/internal/pcapout"
	"github.com/goscapy/goscapy/layers"
)

func main() {
	force := flag.Bool("force", false, "replace OUT if it exists")
	show := flag.Bool("show", false, "print every layer's fields, not only the summary")
	mac := flag.String("mac", "02:00:00:00:00:01", "our MAC address")
	src := flag.String("src", "fe80::1", "our IPv6 address")
	target := flag.String("target", "fe80::2", "the address to resolve")
	peer := flag.String("peer-mac", "02:00:00:00:00:02", "the MAC the neighbor answers with")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: ndp-ns [-force] [-show] [-mac MAC] [-src IP] [-target IP] [-peer-mac MAC] OUT.pcap")
		fmt.Fprintln(os.Stderr, "\nBuild a neighbor solicitation, its duplicate address detection form and the")
		fmt.Fprintln(os.Stderr, "advertisement answering it; print them and write them to a pcap file.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	frames, err := packets(*mac, *src, *target, *peer)
	if err == nil {
		err = report(frames, *show)
	}
	if err == nil {
		err = pcapout.Write(flag.Arg(0), *force, frames)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "ndp-ns: %v\n", err)
		os.Exit(1)
	}
}

// packets builds the solicitation, its DAD form and the advertisement.
func packets(mac, src, target, peer string) ([][]byte, error) {
	tgt, err := netip.ParseAddr(target)
	if err != nil || !tgt.Is6() {
		return nil, fmt.Errorf("target %q is not an ipv6 address", target)
	}
	var frames [][]byte
	var errs []error
	build := func(b []byte, err error) {
		errs = append(errs, err)
		frames = append(frames, b)
	}
	// The shortcut computes ff02::1:ffXX:XXXX and 33:33:ff:XX:XX:XX from
	// the target.
	build(goscapy.EtherIPv6NS(mac, src, tgt))
	// Duplicate address detection: from ::, without the option.
	build(goscapy.EtherIPv6NS(mac, "::", tgt))
	// The answer: solicited and override set, router not, with the target
	// link-layer address option.
	build(goscapy.NewEthernet().SrcMAC(peer).DstMAC(mac).
		Over(goscapy.NewIPv6().SrcIP(tgt).DstIP(src).HopLimit(255)).
		Over(goscapy.NewNDPNeighborAdvertisement(tgt).Router(false).Solicited(true).Override(true)).
		Over(goscapy.NewNDPOptDstLLAddr(peer)).
		Build())
	return frames, errors.Join(errs...)
}

// report dissects each frame and prints its summary, the target and the
// link-layer address the options carry.
func report(frames [][]byte, show bool) error {
	for i, frame := range frames {
		p, err := goscapy.Dissect(frame)
		if err != nil {
			return fmt.Errorf("frame %d: %w", i+1, err)
		}
		fmt.Printf("%d  %v\n", i+1, p)
		if m := p.GetLayer("ICMPv6"); m != nil {
			tgt, _ := m.Get("tgt")
			ip := p.GetLayer("IPv6").(*layers.IPv6)
			fmt.Printf("   target %v, to %v, hop limit %d\n", tgt, ip.DstAddr(), ip.HopLimit)
		}
		for _, name := range []string{"ICMPv6NDOptSrcLLAddr", "ICMPv6NDOptDstLLAddr"} {
			if o := p.GetLayer(name); o != nil {
				ll, _ := o.Get("lladdr")
				fmt.Printf("   %s lladdr %v\n", name, ll)
			}
		}
		if show {
			fmt.Print(p.Show())
		}
	}
	return nil
}
