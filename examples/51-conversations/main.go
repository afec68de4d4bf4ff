// Conversations prints the conversation statistics of a capture, as
// `tshark -q -z conv,tcp` (or conv,udp, conv,ip, conv,ipv6) does: for each
// pair of endpoints, the frames and bytes each way, the start relative to the
// first packet of the capture and the duration, largest conversations (by
// bytes) first.
//
//	go run ./examples/51-conversations -type tcp trace.pcap
//	go run ./examples/51-conversations -type ip trace.pcapng
//
// Address A is the source of the first packet of a conversation; "<-" counts
// what B sent to A, "->" what A sent to B. Bytes are frame lengths on the wire,
// as tshark counts them. The outermost IP header of a packet (and the TCP or
// UDP header right above it) names the conversation; headers quoted inside
// ICMP errors are not counted.
//
// The capture is streamed with the zero-copy pcap reader (each packet in the
// reader's buffer, valid until the next one) and dissected by one warm
// decoder, so memory grows with the number of conversations, not with the
// number of packets.
//
//example:offline -type tcp lab/testdata/sample.pcap
//example:expect 198\.18\.100\.2:41835 +<-> +198\.18\.100\.1:53 +4 +1030 +6 +459 +10 +1489
package main

import (
	"cmp"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"slices"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

// endpoint is one side of a conversation; port is 0 for the ip types.
type endpoint struct {
	addr netip.Addr
	port uint16
}

func (e endpoint) String(withPort bool) string {
	if !withPort {
		return e.addr.String()
	}
	// tshark writes IPv6 endpoints without brackets: addr:port
	return e.addr.String() + ":" + strconv.Itoa(int(e.port))
}

// key names a conversation whichever way a packet goes: lo sorts before hi.
type key struct{ lo, hi endpoint }

func less(a, b endpoint) bool {
	if c := a.addr.Compare(b.addr); c != 0 {
		return c < 0
	}
	return a.port < b.port
}

func keyOf(src, dst endpoint) key {
	if less(dst, src) {
		return key{dst, src}
	}
	return key{src, dst}
}

// conv is one conversation: a is the source of its first packet.
type conv struct {
	a, b              endpoint
	framesAB, bytesAB int
	framesBA, bytesBA int
	first, last       time.Time
}

func main() {
	typ := flag.String("type", "tcp", "conversation type: tcp, udp, ip (IPv4) or ipv6")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: conversations [-type tcp|udp|ip|ipv6] FILE")
		fmt.Fprintln(os.Stderr, "\nConversation statistics of a pcap or pcapng file, like tshark -q -z conv,TYPE, sorted by bytes.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	switch *typ {
	case "tcp", "udp", "ip", "ipv6":
	default:
		fmt.Fprintf(os.Stderr, "conversations: unknown -type %q (tcp, udp, ip or ipv6)\n", *typ)
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *typ); err != nil {
		fmt.Fprintf(os.Stderr, "conversations: %v\n", err)
		os.Exit(1)
	}
}

// endpoints returns the source and destination of p for the conversation
// type, from the outermost IP header; ok is false when p has none.
func endpoints(p *packet.Packet, typ string) (src, dst endpoint, ok bool) {
	ipSeen := false
	for _, l := range p.Layers() {
		switch l := l.(type) {
		case *layers.IPv4:
			if ipSeen {
				return src, dst, false
			}
			ipSeen = true
			if typ == "ipv6" {
				return src, dst, false
			}
			src.addr, dst.addr = l.Src, l.Dst
			if typ == "ip" {
				return src, dst, true
			}
		case *layers.IPv6:
			if ipSeen {
				return src, dst, false
			}
			ipSeen = true
			if typ == "ip" {
				return src, dst, false
			}
			src.addr, dst.addr = l.Src, l.Dst
			if typ == "ipv6" {
				return src, dst, true
			}
		case *layers.TCP:
			if !ipSeen || typ != "tcp" {
				return src, dst, false
			}
			src.port, dst.port = l.SrcPort, l.DstPort
			return src, dst, true
		case *layers.UDP:
			if !ipSeen || typ != "udp" {
				return src, dst, false
			}
			src.port, dst.port = l.SrcPort, l.DstPort
			return src, dst, true
		case *layers.ICMP, *layers.ICMPv6:
			// what follows is the quoted header of an error
			return src, dst, false
		}
	}
	return src, dst, false
}

func run(name, typ string) error {
	r, err := pcap.Open(name)
	if err != nil {
		return err
	}
	defer r.Close()

	dec := goscapy.NewDecoder()
	convs := map[key]*conv{}
	var start time.Time
	packets := 0
	for data, ci := range r.All() {
		if packets == 0 {
			start = ci.Timestamp
		}
		packets++
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		p, _ := dec.DecodeAs(data, first) // the layers that decoded are kept on error
		src, dst, ok := endpoints(p, typ)
		if !ok {
			continue
		}
		k := keyOf(src, dst)
		c := convs[k]
		if c == nil {
			c = &conv{a: src, b: dst, first: ci.Timestamp}
			convs[k] = c
		}
		if src == c.a {
			c.framesAB++
			c.bytesAB += ci.Length
		} else {
			c.framesBA++
			c.bytesBA += ci.Length
		}
		c.last = ci.Timestamp
	}
	readErr := r.Err()

	list := make([]*conv, 0, len(convs))
	for _, c := range convs {
		list = append(list, c)
	}
	slices.SortFunc(list, func(x, y *conv) int {
		if c := cmp.Compare(y.bytesAB+y.bytesBA, x.bytesAB+x.bytesBA); c != 0 {
			return c
		}
		if c := cmp.Compare(y.framesAB+y.framesBA, x.framesAB+x.framesBA); c != 0 {
			return c
		}
		return x.first.Compare(y.first)
	})

	titles := map[string]string{"tcp": "TCP", "udp": "UDP", "ip": "IPv4", "ipv6": "IPv6"}
	fmt.Printf("%s conversations of %s: %d packets, %d conversations, sorted by bytes\n",
		titles[typ], name, packets, len(list))
	withPort := typ == "tcp" || typ == "udp"
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "A\t\tB\t<- frames\tbytes\t-> frames\tbytes\ttotal frames\tbytes\trel start\tduration\t")
	for _, c := range list {
		fmt.Fprintf(tw, "%s\t<->\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%.9f\t%.4f\t\n",
			c.a.String(withPort), c.b.String(withPort),
			c.framesBA, c.bytesBA, c.framesAB, c.bytesAB,
			c.framesAB+c.framesBA, c.bytesAB+c.bytesBA,
			c.first.Sub(start).Seconds(), c.last.Sub(c.first).Seconds())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if readErr != nil {
		// the statistics above cover the packets read before the damage
		return fmt.Errorf("%s: %w", name, readErr)
	}
	return nil
}
