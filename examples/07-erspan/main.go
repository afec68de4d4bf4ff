// Erspan builds ERSPAN packets with the goscapy builders: a mirrored
// Ethernet frame carried in GRE to a remote analyser, as switches send it
// (type I without header, type II with session, VLAN and port index, type
// III with a timestamp and an optional platform subheader). It dissects
// them back, prints them, and writes them to a classic pcap file:
//
//	go run ./examples/07-erspan erspan.pcap
//	tcpdump -n -r erspan.pcap
//
// It only writes the file named on the command line, and does not replace
// an existing file unless -force is given. Nothing is sent.
//
//example:offline {tmp}/erspan.pcap
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
		fmt.Fprintln(os.Stderr, "usage: erspan [-force] [-show] OUT.pcap")
		fmt.Fprintln(os.Stderr, "\nBuild ERSPAN type I, II and III packets, print them and write them to a pcap file.")
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
		fmt.Fprintf(os.Stderr, "erspan: %v\n", err)
		os.Exit(1)
	}
}

// mirrored is the frame a switch port saw: an HTTP SYN in VLAN 101.
func mirrored() *goscapy.Stack {
	return goscapy.NewEthernet().SrcMAC("02:00:00:00:01:01").DstMAC("02:00:00:00:01:02").
		Over(goscapy.NewDot1Q().VLAN(101)).
		Over(goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
		Over(goscapy.NewTCP().SrcPort(40000).DstPort(80).Flags(layers.TCPSyn))
}

// toAnalyser is the underlay: the switch's address to the analyser's, in
// GRE (protocol 47, protocol type from the ERSPAN layer above).
func toAnalyser() *goscapy.Stack {
	return goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:fe").
		Over(goscapy.NewIP().SrcIP("192.0.2.1").DstIP("198.51.100.99").TTL(255))
}

// packets builds the frames, from documentation addresses.
func packets() ([][]byte, error) {
	var frames [][]byte
	var errs []error
	build := func(b []byte, err error) {
		errs = append(errs, err)
		frames = append(frames, b)
	}
	// Type I: GRE 0x88be without a sequence number, no ERSPAN header.
	build(toAnalyser().Over(goscapy.NewGRE()).Over(goscapy.NewERSPANI()).Over(mirrored()).Build())
	// Type II: GRE 0x88be with a sequence number (set S by itself under
	// ERSPAN II), session 1, original VLAN 101, port index 7.
	for seq := uint32(1); seq <= 2; seq++ {
		build(toAnalyser().Over(goscapy.NewGRE().Seq(seq)).
			Over(goscapy.NewERSPAN().Ver(1).SessionID(1).VLAN(101).COS(6).Index(7)).
			Over(mirrored()).Build())
	}
	// Type III: GRE 0x22eb, a timestamp in 100 microsecond units, the
	// security group tag, and a platform specific subheader.
	build(toAnalyser().Over(goscapy.NewGRE().Seq(3)).
		Over(goscapy.NewERSPANIII().SessionID(2).VLAN(101).Timestamp(880151297).SGT(10).HW(32).
			Platform(3, 0x1234, 0xdeadbeef)).
		Over(mirrored()).Build())
	return frames, errors.Join(errs...)
}

// report dissects every frame and prints it with its ERSPAN header.
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
			switch e := l.(type) {
			case *layers.ERSPANI, *layers.ERSPANII, *layers.ERSPANIII:
				fmt.Printf("     %s\n", e.Summary())
			case *layers.GRE:
				if e.SeqPresent.Value == 1 {
					fmt.Printf("     %s seq %d\n", e.Summary(), e.Seq)
				} else {
					fmt.Printf("     %s\n", e.Summary())
				}
			}
		}
	}
	return nil
}
