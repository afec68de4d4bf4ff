// Vlan builds 802.1Q-tagged and QinQ (802.1ad) frames with the goscapy
// builders, dissects them back to show each tag as its own layer, and
// writes them to a classic pcap file:
//
//	go run ./examples/05-vlan vlan.pcap
//	tcpdump -e -n -r vlan.pcap
//
// It only writes the file named on the command line, and does not replace
// an existing file unless -force is given. Nothing is sent.
//
//example:offline {tmp}/vlan.pcap
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/examples/internal/pcapout"
	"github.com/goscapy/goscapy/layers"
)

func main() {
	force := flag.Bool("force", false, "replace OUT if it exists")
	show := flag.Bool("show", false, "print every layer's fields, not only the summary")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: vlan [-force] [-show] OUT.pcap")
		fmt.Fprintln(os.Stderr, "\nBuild 802.1Q and QinQ frames, print them and write them to a pcap file.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	frames, err := packets()
	if err == nil {
		err = report(frames, *show)
	}
	if err == nil {
		err = pcapout.Write(flag.Arg(0), *force, frames)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "vlan: %v\n", err)
		os.Exit(1)
	}
}

// packets builds the frames, from documentation addresses.
func packets() ([][]byte, error) {
	const (
		me     = "02:00:00:00:00:01"
		router = "02:00:00:00:00:fe"
		bcast  = "ff:ff:ff:ff:ff:ff"
	)
	var frames [][]byte
	var errs []error
	build := func(b []byte, err error) {
		errs = append(errs, err)
		frames = append(frames, b)
	}
	// A ping in VLAN 10 with priority 5 (voice); Ethernet's type (0x8100)
	// and the tag's type (0x0800) come from the layers above them.
	build(goscapy.NewEthernet().SrcMAC(me).DstMAC(router).
		Over(goscapy.NewDot1Q().VLAN(10).Prio(5)).
		Over(goscapy.NewIP().SrcIP("192.0.2.10").DstIP("198.51.100.7")).
		Over(goscapy.NewICMP().ID(0x4242).Seq(1)).
		Build())
	// The same in one call: an ARP request in VLAN 10.
	build(goscapy.EtherDot1Q(me, bcast, 10, goscapy.NewARP().Op(layers.ARPWhoHas).
		SrcMAC(me).SrcIP("192.0.2.10").DstIP("192.0.2.1")))
	// QinQ: service VLAN 20 (802.1ad, 0x88a8) over customer VLAN 100.
	build(goscapy.EtherQinQ(me, router, 20, 100, goscapy.NewIP().SrcIP("192.0.2.10").DstIP("198.51.100.53").
		Over(goscapy.NewUDP().SrcPort(33333).DstPort(53)).
		Over(goscapy.NewDNS().ID(0x1234).Question("example.com", layers.DNSTypeA))))
	// Two 802.1Q tags (the pre-802.1ad way), the inner one drop eligible.
	build(goscapy.NewEthernet().SrcMAC(me).DstMAC(router).
		Over(goscapy.NewDot1Q().VLAN(118)).
		Over(goscapy.NewDot1Q().VLAN(11).DEI(1)).
		Over(goscapy.NewIPv6().SrcIP("2001:db8::10").DstIP("2001:db8::1")).
		Over(goscapy.NewUDP().SrcPort(5000).DstPort(5001)).
		Over(goscapy.NewRaw("tagged twice")).
		Build())
	return frames, errors.Join(errs...)
}

// report dissects every frame and prints it, then each VLAN tag it holds:
// every tag is its own layer instance.
func report(frames [][]byte, show bool) error {
	for i, f := range frames {
		p, err := goscapy.Dissect(f)
		if err != nil {
			return fmt.Errorf("frame %d: %w", i+1, err)
		}
		fmt.Printf("%d  %v\n", i+1, p)
		if show {
			fmt.Print(p.Show())
		}
		for _, l := range p.Layers() {
			switch tag := l.(type) {
			case *layers.Dot1AD:
				fmt.Printf("     802.1ad service tag: vlan %d prio %d dei %d\n", tag.VLAN, tag.Priority, tag.DEI)
			case *layers.Dot1Q:
				fmt.Printf("     802.1Q tag:          vlan %d prio %d dei %d\n", tag.VLAN, tag.Priority, tag.DEI)
			}
		}
	}
	return nil
}
