// Ip-fragment cuts IP datagrams into fragments with defrag.Fragment, as
// Scapy's fragment() and fragment6() do, writes the fragments to a classic
// pcap file, reads them back and reassembles them with a
// defrag.Defragmenter, and checks that each reassembled datagram equals the
// original byte for byte.
//
// Two datagrams are built, each Ethernet / IP / UDP with a payload of -size
// bytes:
//
//   - IPv4 with two options: Record Route, whose copy flag is clear, stays
//     in the first fragment only; Router Alert, whose copy flag is set, is
//     repeated in every fragment (RFC 791 section 3.1). The same datagram
//     with DF set is refused (defrag.ErrDontFragment);
//   - IPv6, into which a Fragment header is inserted (RFC 8200 section 4.5).
//
// Every fragment is printed with its offset and more-fragments flag as
// tcpdump -v prints them. Nothing is sent.
//
//	go run ./examples/46-ip-fragment -mtu 1280 -size 3000 frags.pcap
//	tcpdump -v -n -r frags.pcap
//
//example:offline -mtu 1280 -size 3000 {tmp}/frags.pcap
//example:offline -mtu 576 -size 1400 -6=false {tmp}/frags4.pcap
//example:expect reassembled datagram equals the original
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/defrag"
	"github.com/goscapy/goscapy/examples/internal/pcapout"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

const (
	srcMAC = "02:00:00:00:00:01"
	dstMAC = "02:00:00:00:00:02"
)

func main() {
	mtu := flag.Int("mtu", 1280, "largest IP packet, header included (link layer not counted)")
	size := flag.Int("size", 3000, "UDP payload bytes of each datagram")
	v4 := flag.Bool("4", true, "fragment an IPv4 datagram")
	v6 := flag.Bool("6", true, "fragment an IPv6 datagram")
	force := flag.Bool("force", false, "replace OUT if it exists")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: ip-fragment [-mtu N] [-size N] [-4=false | -6=false] [-force] OUT.pcap")
		fmt.Fprintln(os.Stderr, "\nFragment an IPv4 and an IPv6 datagram, write the fragments to OUT.pcap,")
		fmt.Fprintln(os.Stderr, "reassemble them and compare with the originals.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || *size < 0 || *size > 65000 || *mtu < 68 || (!*v4 && !*v6) {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *force, *mtu, *size, *v4, *v6); err != nil {
		fmt.Fprintln(os.Stderr, "ip-fragment:", err)
		os.Exit(1)
	}
}

func payload(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + i%26)
	}
	return b
}

// ipv4 is Ether / IP with Record Route (two slots) and Router Alert / UDP.
func ipv4(size int, flags uint8) *packet.Packet {
	rr := layers.IPOption{Type: layers.IPOptRecordRoute, Data: append([]byte{4}, make([]byte, 8)...)}
	ra := layers.IPOption{Type: layers.IPOptRouterAlert, Data: []byte{0, 0}}
	return goscapy.NewEthernet().SrcMAC(srcMAC).DstMAC(dstMAC).
		Over(goscapy.NewIP().SrcIP("198.18.1.2").DstIP("198.18.1.3").ID(0x1234).Flags(flags).Options(rr, ra)).
		Over(goscapy.NewUDP().SrcPort(40000).DstPort(9)).
		Over(goscapy.NewRaw(payload(size))).
		Packet()
}

// ipv6 is Ether / IPv6 / UDP.
func ipv6(size int) *packet.Packet {
	return goscapy.NewEthernet().SrcMAC(srcMAC).DstMAC(dstMAC).
		Over(goscapy.NewIPv6().SrcIP("2001:db8:1::2").DstIP("2001:db8:1::3")).
		Over(goscapy.NewUDP().SrcPort(40000).DstPort(9)).
		Over(goscapy.NewRaw(payload(size))).
		Packet()
}

func run(out string, force bool, mtu, size int, v4, v6 bool) error {
	var datagrams []*packet.Packet
	if v4 {
		datagrams = append(datagrams, ipv4(size, 0))
	}
	if v6 {
		datagrams = append(datagrams, ipv6(size))
	}
	var frames, originals [][]byte
	for _, p := range datagrams {
		orig, err := p.Build()
		if err != nil {
			return err
		}
		frags, err := defrag.Fragment(p, mtu)
		if err != nil {
			return err
		}
		fmt.Printf("%v: %d bytes, %d fragments at mtu %d\n", p, len(orig), len(frags), mtu)
		for i, f := range frags {
			fmt.Printf("  %2d  %s\n", i+1, tcpdumpLine(f))
			frames = append(frames, f.Data())
		}
		originals = append(originals, orig)
	}
	if v4 {
		// The same IPv4 datagram with DF set is not fragmented.
		_, err := defrag.Fragment(ipv4(size, layers.IPv4DontFragment), mtu)
		switch {
		case errors.Is(err, defrag.ErrDontFragment):
			fmt.Printf("with DF set: %v\n", err)
		case err == nil:
			fmt.Println("with DF set: fits the mtu, not fragmented")
		default:
			return fmt.Errorf("with DF set: %v", err)
		}
	}
	if err := pcapout.Write(out, force, frames); err != nil {
		return err
	}
	return reassemble(out, originals)
}

// reassemble reads the fragments back from the file, reassembles them
// and compares each datagram with its original.
func reassemble(name string, originals [][]byte) error {
	r, err := pcap.Open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	d := defrag.New(defrag.Config{})
	dec := packet.NewDecoder(layers.EthernetType)
	n, k := 0, 0
	for data, ci := range r.All() {
		n++
		p, _ := dec.Decode(data) // Process copies the fragment's bytes
		q, ok, err := d.Process(p, ci.Timestamp)
		if err != nil {
			return fmt.Errorf("packet %d: %w", n, err)
		}
		if !ok {
			continue
		}
		if k == len(originals) {
			return fmt.Errorf("packet %d: one datagram too many", n)
		}
		if !bytes.Equal(q.Data(), originals[k]) {
			return fmt.Errorf("packet %d: reassembled datagram differs from the original (%d and %d bytes)", n, len(q.Data()), len(originals[k]))
		}
		fmt.Printf("packet %d: reassembled datagram equals the original: %d bytes, %v\n", n, len(q.Data()), q)
		k++
	}
	if err := r.Err(); err != nil {
		return err
	}
	s := d.Stats()
	fmt.Printf("defragmenter: %d fragments, %d datagrams reassembled, %d in flight\n", s.Fragments, s.Reassembled, s.InFlight)
	if k != len(originals) {
		return fmt.Errorf("%d of %d datagrams reassembled", k, len(originals))
	}
	return nil
}

// tcpdumpLine describes a fragment as tcpdump -v does: IPv4 id, offset
// in bytes, flags ([+] for more fragments, [DF]), protocol, length and
// options; IPv6 frag (id:offset|length).
func tcpdumpLine(f *packet.Packet) string {
	if ip, ok := packet.LayerOf[*layers.IPv4](f); ok {
		flags := "none"
		switch {
		case ip.Flags&layers.IPv4MoreFragments != 0:
			flags = "+"
		case ip.Flags&layers.IPv4DontFragment != 0:
			flags = "DF"
		}
		var opts []string
		for _, o := range ip.Options {
			switch o.Type {
			case layers.IPOptRecordRoute:
				opts = append(opts, "RR")
			case layers.IPOptRouterAlert:
				opts = append(opts, "RA")
			case layers.IPOptNOP:
				opts = append(opts, "NOP")
			case layers.IPOptEOL:
				opts = append(opts, "EOL")
			default:
				opts = append(opts, fmt.Sprintf("opt-%d", o.Type))
			}
		}
		proto := map[uint8]string{1: "ICMP", 6: "TCP", 17: "UDP"}[ip.Protocol.Value]
		s := fmt.Sprintf("IP (ttl %d, id %d, offset %d, flags [%s], proto %s (%d), length %d",
			ip.TTL, ip.ID, int(ip.FragOff)*8, flags, proto, ip.Protocol.Value, ip.Len.Value)
		if len(opts) > 0 {
			s += ", options (" + strings.Join(opts, ",") + ")"
		}
		return s + fmt.Sprintf(") %s > %s", ip.Src, ip.Dst)
	}
	if ip, ok := packet.LayerOf[*layers.IPv6](f); ok {
		fh, ok := packet.LayerOf[*layers.IPv6Fragment](f)
		if !ok {
			return fmt.Sprintf("IP6 %s > %s: payload length %d (not fragmented)", ip.Src, ip.Dst, ip.PayloadLen.Value)
		}
		// The fragment's data: the payload after the Fragment header.
		n := int(ip.PayloadLen.Value) - fh.HeaderLen()
		more := ""
		if fh.M != 0 {
			more = ", more fragments"
		}
		return fmt.Sprintf("IP6 (hlim %d, payload length %d) %s > %s: frag (0x%08x:%d|%d)%s",
			ip.HopLimit, ip.PayloadLen.Value, ip.Src, ip.Dst, fh.ID, int(fh.Offset)*8, n, more)
	}
	return f.String()
}
