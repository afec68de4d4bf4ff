// Mpls-sctp builds two packets with the goscapy builders, writes them to a
// pcap file, dissects them back and verifies their checksums:
//
//   - an MPLS label stack (RFC 3032) of two entries over Ethernet (EtherType
//     0x8847 from the binding table): an outer transport label with a traffic
//     class, an inner service label whose bottom-of-stack bit the builder
//     sets, both with a TTL, carrying IPv4 and UDP;
//
//   - an SCTP INIT (RFC 9260) over IPv4: verification tag 0, initiate tag,
//     receiver window, stream counts, initial TSN, an IPv4 address parameter
//     and a supported address types parameter; the CRC32c checksum is
//     computed by the builder and checked here with hash/crc32 (Castagnoli
//     polynomial, over the packet with the checksum field zeroed, stored
//     least significant byte first as RFC 9260 appendix A shows; printed as
//     the four bytes read in network order, as tshark shows it).
//
//     go run ./examples/57-mpls-sctp mpls-sctp.pcap
//     tshark -r mpls-sctp.pcap -V -o sctp.checksum:CRC-32c -o udp.check_checksum:TRUE -o ip.check_checksum:TRUE
//
// Nothing is sent; an existing file is replaced only with -force.
//
//example:offline {tmp}/mpls-sctp.pcap
//example:expect MPLS label 16 tc 5 bottom 0 ttl 64
//example:expect MPLS label 1000 tc 0 bottom 1 ttl 64
//example:expect SCTP checksum 0x[0-9a-f]{8} correct \(CRC32c\)
package main

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"os"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/checksum"
	"github.com/goscapy/goscapy/examples/internal/pcapout"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

func main() {
	force := flag.Bool("force", false, "replace OUT if it exists")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: mpls-sctp [-force] OUT.pcap")
		fmt.Fprintln(os.Stderr, "\nBuild an MPLS-labelled IPv4/UDP packet and an SCTP INIT, write them to a pcap")
		fmt.Fprintln(os.Stderr, "file, dissect them back and verify their checksums.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *force); err != nil {
		fmt.Fprintf(os.Stderr, "mpls-sctp: %v\n", err)
		os.Exit(1)
	}
}

const (
	srcMAC = "02:00:00:00:00:01"
	dstMAC = "02:00:00:00:00:02"
)

// SCTP parameter types (RFC 9260 section 3.3.2).
const (
	paramIPv4Address    = 5
	paramSupportedAddrs = 12
)

func packets() ([][]byte, error) {
	mpls, err1 := goscapy.NewEthernet().SrcMAC(srcMAC).DstMAC(dstMAC).
		Over(goscapy.NewMPLS().Label(16).COS(5).TTL(64)). // transport label
		Over(goscapy.NewMPLS().Label(1000).TTL(64)).      // service label, bottom of stack
		Over(goscapy.NewIP().SrcIP("192.0.2.1").DstIP("198.51.100.2").TTL(64)).
		Over(goscapy.NewUDP().SrcPort(49152).DstPort(7)).
		Over(goscapy.NewRaw("labelled")).
		Build()

	// The parameter needing padding goes first: the chunk length counts the
	// padding of every parameter but the last (RFC 9260 section 3.2).
	init := layers.SCTPChunkInit(0x1a2b3c4d, 106496, 10, 65535, 0x10000,
		layers.SCTPParam{Type: paramSupportedAddrs, Value: []byte{0, paramIPv4Address}},
		layers.SCTPParam{Type: paramIPv4Address, Value: []byte{192, 0, 2, 1}},
	)
	sctp, err2 := goscapy.NewEthernet().SrcMAC(srcMAC).DstMAC(dstMAC).
		Over(goscapy.NewIP().SrcIP("192.0.2.1").DstIP("198.51.100.2")).
		Over(goscapy.NewSCTP(init).SrcPort(5000).DstPort(2905).Tag(0)). // an INIT has tag 0
		Build()
	return [][]byte{mpls, sctp}, errors.Join(err1, err2)
}

func run(path string, force bool) error {
	frames, err := packets()
	if err != nil {
		return err
	}
	if err := pcapout.Write(path, force, frames); err != nil {
		return err
	}
	bad := 0
	for i, f := range frames {
		p, err := goscapy.Dissect(f)
		if err != nil {
			return fmt.Errorf("packet %d: %w", i+1, err)
		}
		fmt.Printf("\n#%d %s (%d bytes)\n", i+1, p.Summary(), len(f))
		bad += show(p)
	}
	if bad > 0 {
		return fmt.Errorf("%d bad checksums", bad)
	}
	return nil
}

// show prints the layers of p and verifies its checksums; it returns the
// number of wrong ones.
func show(p *packet.Packet) (bad int) {
	verdict := func(ok bool) string {
		if ok {
			return "correct"
		}
		bad++
		return "WRONG"
	}
	data := p.Data()
	off := 0
	var ip *layers.IPv4
	for _, l := range p.Layers() {
		b := data[off:]
		switch l := l.(type) {
		case *layers.Ethernet:
			fmt.Printf("  Ethernet %s > %s type 0x%04x\n", l.Src, l.Dst, l.Type.Value)
		case *layers.MPLS:
			fmt.Printf("  MPLS label %d tc %d bottom %d ttl %d\n", l.Label.Value, l.TC, l.S.Value, l.TTL)
		case *layers.IPv4:
			ip = l
			hl := l.HeaderLen()
			fmt.Printf("  IPv4 %s > %s ttl %d proto %d header checksum 0x%04x %s\n",
				l.Src, l.Dst, l.TTL, l.Protocol.Value, l.Checksum.Value,
				verdict(len(b) >= hl && checksum.Checksum(b[:hl], 0) == 0))
		case *layers.UDP:
			n := int(l.Len.Value)
			ok := ip != nil && n <= len(b) &&
				checksum.Checksum(b[:n], checksum.Pseudo4(ip.Src.As4(), ip.Dst.As4(), 17, n)) == 0
			fmt.Printf("  UDP %d > %d len %d checksum 0x%04x %s\n", l.SrcPort, l.DstPort, n, l.Checksum.Value, verdict(ok))
		case *layers.SCTP:
			n := l.HeaderLen()
			ok := false
			var wire uint32
			if n >= 12 && n <= len(b) {
				pkt := append([]byte(nil), b[:n]...)
				wire = binary.BigEndian.Uint32(pkt[8:12]) // as tshark shows it
				stored := binary.LittleEndian.Uint32(pkt[8:12])
				clear(pkt[8:12])
				ok = crc32.Checksum(pkt, crc32.MakeTable(crc32.Castagnoli)) == stored
			}
			fmt.Printf("  SCTP %d > %d verification tag 0x%08x\n", l.SrcPort, l.DstPort, l.Tag)
			for _, c := range l.Chunks {
				if tag, rwnd, nOut, nIn, tsn, params, isInit := c.InitFields(); isInit {
					fmt.Printf("    %s initiate tag 0x%08x a_rwnd %d outbound streams %d inbound streams %d initial TSN %d\n",
						layers.SCTPChunkTypeNames[c.Type], tag, rwnd, nOut, nIn, tsn)
					for _, prm := range params {
						fmt.Printf("      parameter type %d value % x\n", prm.Type, prm.Value)
					}
				} else {
					fmt.Printf("    %s\n", c)
				}
			}
			fmt.Printf("  SCTP checksum 0x%08x %s (CRC32c)\n", wire, verdict(ok))
		case *layers.Raw:
			fmt.Printf("  Raw %q\n", b[:min(l.HeaderLen(), len(b))])
		}
		off += l.HeaderLen()
		if off > len(data) {
			break
		}
	}
	return bad
}
