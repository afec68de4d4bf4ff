// Bgp-builder builds the messages of a BGP session's start as TCP segments
// between two speakers: an OPEN with capabilities (multiprotocol IPv4 and
// IPv6, route refresh, 4-octet AS), a KEEPALIVE, an UPDATE announcing IPv4
// routes with ORIGIN, AS_PATH, NEXT_HOP, MED, LOCAL_PREF and COMMUNITIES,
// one announcing IPv6 routes in MP_REACH_NLRI, and several messages in one
// segment; it prints them and dissects them back:
//
//	go run ./examples/12-bgp-builder bgp.pcap
//	go run ./examples/12-bgp-builder -as 4200000001 bgp.pcap
//	tshark -r bgp.pcap -V -Y bgp
//
// Nothing is sent (a BGP session needs a TCP connection, which is the
// kernel's); the segments are printed and written to the pcap file named
// on the command line (an existing file is replaced only with -force).
//
//example:offline -as 4200000001 {tmp}/bgp.pcap
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

func main() {
	asn := flag.Uint("as", 65001, "our AS number (4-byte numbers go in the capability, AS_TRANS in the header)")
	force := flag.Bool("force", false, "replace OUT if it exists")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: bgp-builder [-as N] [-force] OUT.pcap")
		fmt.Fprintln(os.Stderr, "\nBuild BGP OPEN, KEEPALIVE, UPDATE, ROUTE-REFRESH and NOTIFICATION messages in TCP segments;")
		fmt.Fprintln(os.Stderr, "print them and write them to OUT.pcap (raw IPv4).")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || *asn == 0 || *asn > 1<<32-1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(uint32(*asn), flag.Arg(0), *force); err != nil {
		fmt.Fprintf(os.Stderr, "bgp-builder: %v\n", err)
		os.Exit(1)
	}
}

const (
	us, peer = "192.0.2.1", "192.0.2.2"
	ourPort  = 40179
)

func run(asn uint32, out string, force bool) error {
	myAS := uint16(asn)
	if asn > 0xffff {
		myAS = 23456 // AS_TRANS (RFC 6793)
	}
	open := goscapy.NewBGPOpen().MyAS(myAS).HoldTime(90).BGPID(us).
		Capabilities(layers.BGPCapMP(layers.BGPAFIIPv4, layers.BGPSAFIUnicast)).
		Capabilities(layers.BGPCapMP(layers.BGPAFIIPv6, layers.BGPSAFIUnicast)).
		Capabilities(layers.BGPCapRR(), layers.BGPCapAS4(asn))
	update4 := goscapy.NewBGPUpdate().
		Origin(layers.BGPOriginIGP).ASPath(asn).NextHop(us).MED(10).LocalPref(100).
		Communities(65535<<16|65281). // NO_EXPORT
		NLRI("198.51.100.0/24", "203.0.113.0/25")
	update6 := goscapy.NewBGPUpdate().
		Origin(layers.BGPOriginIGP).ASPath(asn).
		MPReach(layers.BGPAFIIPv6, layers.BGPSAFIUnicast, []any{"2001:db8::1", "fe80::1"}, "2001:db8:100::/48", "2001:db8:200::/48")
	withdraw := goscapy.NewBGPUpdate().Withdraw("203.0.113.0/25").
		MPUnreach(layers.BGPAFIIPv6, layers.BGPSAFIUnicast, "2001:db8:200::/48")
	seq := uint32(1)
	var segs [][]byte
	for _, msgs := range [][]*goscapy.BGPBuilder{
		{open},
		{goscapy.NewBGPKeepAlive()},
		{update4},
		{update6, withdraw, goscapy.NewBGPKeepAlive()}, // three messages, one segment
		{goscapy.NewBGPRouteRefresh(layers.BGPAFIIPv4, layers.BGPSAFIUnicast)},
		{goscapy.NewBGPNotification(6, 2).Data([]byte("going down"))}, // Cease, administrative shutdown
	} {
		seg, err := goscapy.BGPSegment(us, peer, ourPort, layers.BGPPort, seq, 1, msgs...)
		if err != nil {
			return err
		}
		seq += uint32(len(seg) - 40)
		segs = append(segs, seg)
	}
	for _, seg := range segs {
		p, err := goscapy.DissectAs(seg, layers.IPv4Type)
		if err != nil {
			return err
		}
		fmt.Println(p)
		for _, l := range p.Layers() {
			if b, ok := l.(*layers.BGP); ok {
				fmt.Print(b.Show())
			}
		}
		fmt.Println(packet.HexDump(seg))
	}
	return writePcap(out, force, segs)
}

func writePcap(path string, force bool, frames [][]byte) error {
	mode := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		mode = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, mode, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s exists; pass -force to replace it", path)
	}
	if err != nil {
		return err
	}
	w, err := pcap.NewWriter(f, pcap.LinkTypeIPv4)
	t := time.Now()
	for _, frame := range frames {
		if err != nil {
			break
		}
		err = w.WritePacket(pcap.CaptureInfo{Timestamp: t, CaptureLength: len(frame), Length: len(frame), LinkType: pcap.LinkTypeIPv4}, frame)
		t = t.Add(time.Millisecond)
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		fmt.Printf("wrote %d segments to %s\n", len(frames), path)
	}
	return err
}
