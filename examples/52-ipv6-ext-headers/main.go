// Ipv6-ext-headers builds IPv6 packets carrying extension headers with the
// goscapy builders, writes them to a pcap file, dissects them back and shows
// each header:
//
//   - hop-by-hop options with a router alert, padded to 8 bytes with a PadN
//     option (autopad), then destination options with a PadN carrying two
//     bytes and an experimental option (RFC 4727), over UDP;
//   - a segment routing header (routing type 4, RFC 8754) with three segments
//     over TCP: the IPv6 destination is the active segment, and the TCP
//     checksum is computed with the final destination (the first segment of
//     the list), as RFC 8200 section 8.1 asks of every routing header;
//   - an atomic fragment header (offset 0, no more fragments, RFC 6946) over
//     an ICMPv6 echo request;
//   - an authentication header (IPsec AH, RFC 4302) over UDP, its integrity
//     check value a placeholder (no key is involved);
//   - all of them in RFC 8200 order: hop-by-hop, destination options,
//     segment routing, fragment, AH, UDP.
//
// Every upper-layer checksum is then verified here against the pseudo-header
// of the final destination.
//
//	go run ./examples/52-ipv6-ext-headers ext.pcap
//	tshark -r ext.pcap -V -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE
//
// Nothing is sent; an existing file is replaced only with -force.
//
//example:offline {tmp}/ext.pcap
//example:expect wrote 5 packets
//example:expect TCP checksum 0x[0-9a-f]{4} correct with final destination 2001:db8:ff::9
package main

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/checksum"
	"github.com/goscapy/goscapy/examples/internal/pcapout"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

const (
	srcMAC = "02:00:00:00:00:01"
	dstMAC = "02:00:00:00:00:02"
	src    = "2001:db8::1"
	dst    = "2001:db8::2"
	// the segments of the routing header, in the order they are visited
	seg1, seg2, final = "2001:db8:ff::1", "2001:db8:ff::2", "2001:db8:ff::9"
)

func main() {
	force := flag.Bool("force", false, "replace OUT if it exists")
	show := flag.Bool("show", false, "print the full dissection (Scapy's show()) of each packet")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: ipv6-ext-headers [-force] [-show] OUT.pcap")
		fmt.Fprintln(os.Stderr, "\nBuild IPv6 packets with extension headers (hop-by-hop, destination options,")
		fmt.Fprintln(os.Stderr, "segment routing, fragment, AH), write them to a pcap file and dissect them back.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *force, *show); err != nil {
		fmt.Fprintf(os.Stderr, "ipv6-ext-headers: %v\n", err)
		os.Exit(1)
	}
}

// experimental is an option of type 0x1e (RFC 4727: experimental, skip if
// unknown, may not change en route).
var experimental = layers.IPv6Option{Type: 0x1e, Data: []byte("gs")}

func eth() *goscapy.EthernetBuilder {
	return goscapy.NewEthernet().SrcMAC(srcMAC).DstMAC(dstMAC)
}

// srh returns the segment routing header: the list is written final segment
// first, so the segment visited first is last; segments left is 2.
func srh() *goscapy.IPv6ExtSRHBuilder {
	return goscapy.NewIPv6ExtSRH(final, seg2, seg1).Tag(7)
}

type example struct {
	title string
	frame []byte
}

func packets() ([]example, error) {
	var out []example
	var errs []error
	add := func(title string, b []byte, err error) {
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", title, err))
			return
		}
		out = append(out, example{title, b})
	}

	b, err := eth().
		Over(goscapy.NewIPv6().SrcIP(src).DstIP(dst)).
		Over(goscapy.NewIPv6ExtHopByHop().RouterAlert(0)).
		Over(goscapy.NewIPv6ExtDestOpts().Options(layers.IPv6OptionPadN(2), experimental)).
		Over(goscapy.NewUDP().SrcPort(40000).DstPort(5000)).
		Over(goscapy.NewRaw("options")).
		Build()
	add("hop-by-hop (router alert, autopad) and destination options over UDP", b, err)

	// The packet goes first to seg1: the IPv6 destination is the active
	// segment, Addresses[segments left].
	b, err = eth().
		Over(goscapy.NewIPv6().SrcIP(src).DstIP(seg1)).
		Over(srh()).
		Over(goscapy.NewTCP().SrcPort(40001).DstPort(80).Flags(layers.TCPSyn).Seq(1000)).
		Build()
	add("segment routing header (type 4) over TCP", b, err)

	b, err = eth().
		Over(goscapy.NewIPv6().SrcIP(src).DstIP(dst)).
		Over(goscapy.NewIPv6ExtFragment().ID(0x5eed).Offset(0).More(false)).
		Over(goscapy.NewICMPv6().Type(128).ID(0x4242).Seq(1)).
		Over(goscapy.NewRaw("atomic fragment")).
		Build()
	add("atomic fragment over ICMPv6 echo request", b, err)

	icv := make([]byte, 12) // HMAC-SHA1-96 size; a placeholder, not computed
	b, err = eth().
		Over(goscapy.NewIPv6().SrcIP(src).DstIP(dst)).
		Over(goscapy.NewAH().SPI(0x1000).Seq(1).ICV(icv)).
		Over(goscapy.NewUDP().SrcPort(40002).DstPort(5000)).
		Over(goscapy.NewRaw("authenticated")).
		Build()
	add("authentication header over UDP", b, err)

	b, err = eth().
		Over(goscapy.NewIPv6().SrcIP(src).DstIP(seg1)).
		Over(goscapy.NewIPv6ExtHopByHop().RouterAlert(0)).
		Over(goscapy.NewIPv6ExtDestOpts().Options(experimental)).
		Over(srh()).
		Over(goscapy.NewIPv6ExtFragment().ID(0x5eee)).
		Over(goscapy.NewAH().SPI(0x1001).Seq(2).ICV(icv)).
		Over(goscapy.NewUDP().SrcPort(40003).DstPort(5000)).
		Over(goscapy.NewRaw("all of them")).
		Build()
	add("all headers in RFC 8200 order over UDP", b, err)
	return out, errors.Join(errs...)
}

func run(path string, force, show bool) error {
	list, err := packets()
	if err != nil {
		return err
	}
	frames := make([][]byte, len(list))
	for i, e := range list {
		frames[i] = e.frame
	}
	if err := pcapout.Write(path, force, frames); err != nil {
		return err
	}
	bad := 0
	for i, e := range list {
		p, err := goscapy.Dissect(e.frame)
		if err != nil {
			return fmt.Errorf("packet %d: %w", i+1, err)
		}
		fmt.Printf("\n#%d %s (%d bytes)\n  %s\n", i+1, e.title, len(e.frame), p.Summary())
		if show {
			fmt.Print(p.Show())
		} else {
			for _, l := range p.Layers() {
				fmt.Printf("    %-26s %s\n", l.Proto().Name, describe(l))
			}
		}
		msg, ok := verify(p)
		fmt.Printf("  %s\n", msg)
		if !ok {
			bad++
		}
	}
	if bad > 0 {
		return fmt.Errorf("%d bad checksums", bad)
	}
	return nil
}

// verify checks the upper-layer checksum of p against the pseudo-header of
// its final destination: the IPv6 destination, or the final segment of a
// routing header that has segments left.
func verify(p *packet.Packet) (string, bool) {
	var ip *layers.IPv6
	ipOff, off := 0, 0
	var finalDst netip.Addr
	for _, l := range p.Layers() {
		var name string
		var proto uint8
		switch l := l.(type) {
		case *layers.IPv6:
			ip, ipOff, finalDst = l, off, l.Dst
		case *layers.IPv6SRH:
			if l.SegLeft.Value > 0 && len(l.Addresses) > 0 {
				finalDst = l.Addresses[0]
			}
		case *layers.IPv6Routing:
			if l.SegLeft.Value > 0 && len(l.Addresses) > 0 {
				finalDst = l.Addresses[len(l.Addresses)-1]
			}
		case *layers.TCP:
			name, proto = "TCP", 6
		case *layers.UDP:
			name, proto = "UDP", 17
		case *layers.ICMPv6:
			name, proto = "ICMPv6", 58
		}
		if name != "" && ip != nil {
			data := p.Data()
			end := ipOff + 40 + int(ip.PayloadLen.Value)
			if end > len(data) || off > end {
				return name + " checksum: packet truncated", false
			}
			upper := data[off:end]
			sum := checksum.Checksum(upper, checksum.Pseudo6(ip.Src.As16(), finalDst.As16(), proto, len(upper)))
			field := checksumField(upper, proto)
			if sum != 0 {
				return fmt.Sprintf("%s checksum 0x%04x WRONG for final destination %s", name, field, finalDst), false
			}
			note := ""
			if finalDst != ip.Dst {
				note = fmt.Sprintf(" (not the IPv6 destination %s)", ip.Dst)
			}
			return fmt.Sprintf("%s checksum 0x%04x correct with final destination %s%s", name, field, finalDst, note), true
		}
		off += l.HeaderLen()
	}
	return "no upper-layer checksum", true
}

// describe shows the fields of an extension header; other layers give their
// summary.
func describe(l packet.Layer) string {
	opts := func(list []layers.IPv6Option) string {
		s := ""
		for i, o := range list {
			if i > 0 {
				s += ", "
			}
			s += o.String()
		}
		return s
	}
	switch l := l.(type) {
	case *layers.IPv6HopByHop:
		return fmt.Sprintf("%d bytes: %s", l.HeaderLen(), opts(l.Options))
	case *layers.IPv6DestOpts:
		return fmt.Sprintf("%d bytes: %s", l.HeaderLen(), opts(l.Options))
	case *layers.IPv6SRH:
		return fmt.Sprintf("type %d, segments left %d, last entry %d, tag %d, segments (final first) %v",
			l.Type, l.SegLeft.Value, l.LastEntry.Value, l.Tag, l.Addresses)
	case *layers.IPv6Routing:
		return fmt.Sprintf("type %d, segments left %d, addresses %v", l.Type, l.SegLeft.Value, l.Addresses)
	case *layers.IPv6Fragment:
		return fmt.Sprintf("id 0x%x, offset %d, more fragments %d", l.ID, l.Offset, l.M)
	case *layers.AH:
		return fmt.Sprintf("spi 0x%x, seq %d, payload length %d (%d bytes), ICV %d bytes",
			l.SPI, l.Seq, l.PayloadLen.Value, l.HeaderLen(), len(l.ICV))
	}
	return l.Summary()
}

// checksumField reads the checksum field of an upper-layer header.
func checksumField(b []byte, proto uint8) uint16 {
	at := map[uint8]int{6: 16, 17: 6, 58: 2}[proto]
	if len(b) < at+2 {
		return 0
	}
	return uint16(b[at])<<8 | uint16(b[at+1])
}
