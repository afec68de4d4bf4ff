// Gre-vxlan builds tunnelled packets with the goscapy builders and
// shortcuts (IP in GRE, Ethernet over GRE with a key, VXLAN over IPv4 and
// IPv6, VXLAN inside GRE, Geneve), dissects them back to show that every
// inner layer is its own instance, and writes them to a classic pcap file:
//
//	go run ./examples/06-gre-vxlan tunnels.pcap
//	tcpdump -n -r tunnels.pcap
//
// It only writes the file named on the command line, and does not replace
// an existing file unless -force is given. Nothing is sent.
//
//example:offline {tmp}/tunnels.pcap
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
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: gre-vxlan [-force] [-show] OUT.pcap")
		fmt.Fprintln(os.Stderr, "\nBuild GRE, VXLAN and Geneve tunnelled packets, print them and write them to a pcap file.")
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
		fmt.Fprintf(os.Stderr, "gre-vxlan: %v\n", err)
		os.Exit(1)
	}
}

const (
	me     = "02:00:00:00:00:01"
	router = "02:00:00:00:00:fe"
	vm1    = "02:00:00:00:01:01"
	vm2    = "02:00:00:00:01:02"
)

// outer is the underlay Ethernet header of every frame.
func outer() *goscapy.EthernetBuilder { return goscapy.NewEthernet().SrcMAC(me).DstMAC(router) }

// ping is the overlay packet the tunnels carry: an Ethernet frame between
// two virtual machines holding an ICMP echo request.
func ping() *goscapy.Stack {
	return goscapy.NewEthernet().SrcMAC(vm1).DstMAC(vm2).
		Over(goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
		Over(goscapy.NewICMP().ID(7).Seq(1))
}

// packets builds the frames, from documentation addresses. Protocol types
// (GRE 0x0800 and 0x6558, Geneve 0x6558), IP protocol 47, lengths and
// checksums are filled in from the layers around them.
func packets() ([][]byte, error) {
	var frames [][]byte
	var errs []error
	build := func(b []byte, err error) {
		errs = append(errs, err)
		frames = append(frames, b)
	}
	// IP in GRE in IP.
	build(outer().Over(goscapy.NewIP().SrcIP("192.0.2.1").DstIP("198.51.100.1")).
		Over(goscapy.NewGRE()).
		Over(goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
		Over(goscapy.NewICMP().ID(7).Seq(1)).Build())
	// Ethernet over GRE (transparent Ethernet bridging) with a key, a
	// sequence number and the optional checksum.
	build(outer().Over(goscapy.NewIP().SrcIP("192.0.2.1").DstIP("198.51.100.1")).
		Over(goscapy.NewGRE().Key(1000).Seq(1).ChecksumPresent()).
		Over(ping()).Build())
	// VXLAN (RFC 7348: flags I, UDP port 4789), over IPv4 and over IPv6.
	for _, a := range [][2]string{{"192.0.2.1", "198.51.100.1"}, {"2001:db8::1", "2001:db8:1::1"}} {
		under := goscapy.NewUDP().SrcPort(54321).DstPort(layers.VXLANPort)
		ip := goscapy.Builder(goscapy.NewIP().SrcIP(a[0]).DstIP(a[1]))
		if netip.MustParseAddr(a[0]).Is6() {
			ip = goscapy.NewIPv6().SrcIP(a[0]).DstIP(a[1])
		}
		build(outer().Over(ip).Over(under).
			Over(goscapy.NewVXLAN().Flags(layers.VXLANFlagInstance).VNI(42)).
			Over(ping()).Build())
	}
	// VXLAN inside GRE inside IP: three IPv4 headers, each its own layer.
	build(outer().Over(goscapy.NewIP().SrcIP("192.0.2.1").DstIP("198.51.100.1")).
		Over(goscapy.NewGRE()).
		Over(goscapy.NewIP().SrcIP("172.16.0.1").DstIP("172.16.0.2")).
		Over(goscapy.NewUDP().SrcPort(54322).DstPort(layers.VXLANPort)).
		Over(goscapy.NewVXLAN().Flags(layers.VXLANFlagInstance).VNI(5)).
		Over(ping()).Build())
	// Geneve with an option TLV.
	build(outer().Over(goscapy.NewIP().SrcIP("192.0.2.1").DstIP("198.51.100.1")).
		Over(goscapy.NewUDP().SrcPort(54323).DstPort(layers.GenevePort)).
		Over(goscapy.NewGeneve().VNI(0x0a).Option(0x0102, 0x80, []byte{0, 0, 0, 1})).
		Over(ping()).Build())
	return frames, errors.Join(errs...)
}

// report dissects every frame and prints it, then walks its layers with
// typed access: the outer and inner IPv4 headers are distinct instances.
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
		for depth, l := range p.Layers() {
			switch x := l.(type) {
			case *layers.IPv4:
				fmt.Printf("     [%d] IPv4 %v > %v\n", depth, x.Src, x.Dst)
			case *layers.IPv6:
				fmt.Printf("     [%d] IPv6 %v > %v\n", depth, x.Src, x.Dst)
			case *layers.GRE:
				fmt.Printf("     [%d] %s\n", depth, x.Summary())
			case *layers.VXLAN:
				fmt.Printf("     [%d] VXLAN vni %d\n", depth, x.VNI)
			case *layers.Geneve:
				fmt.Printf("     [%d] Geneve vni %d, %d option(s)\n", depth, x.VNI, len(x.Options))
			case *layers.Ethernet:
				fmt.Printf("     [%d] Ethernet %v > %v\n", depth, x.Src, x.Dst)
			}
		}
	}
	return nil
}
