// Ntp-client builds the request an SNTP client (RFC 4330) sends to a time
// server and prints it. Live, with -i, it sends the request with
// sendrecv.Sr1Context and computes the clock offset and the round-trip
// delay (RFC 5905 section 8) from the server's times, the time the request
// was written and the kernel's receive time of the reply; given the
// server's replies in a capture file or as hex, it computes them the same
// way from what they hold:
//
//	go run ./examples/10-ntp-client -i eth0 -server 192.0.2.123   # live, needs root
//	go run ./examples/10-ntp-client -server 192.0.2.123 -w request.pcap
//	go run ./examples/10-ntp-client ../shared/corpus/generated/daemons/ntp.pcap
//	go run ./examples/10-ntp-client -hex 4500004c...   # a reply, an IPv4, IPv6 or Ethernet frame
//
// Nothing is sent unless -i names the interface; -server then names the
// server (IPv4 or IPv6; the source address is the route's unless -src is
// given). The request is printed, and written to the pcap file given with
// -w, the reply after it in a live run (an existing file is replaced only
// with -force). Run without -i, a capture, -hex or -w, it prints its usage.
//
//example:offline -server 198.18.1.3 -w {tmp}/request.pcap
//example:offline ../shared/corpus/generated/daemons/ntp.pcap
//example:lab -i {iface} -server {b}
//example:expect (?m)^wrote the request to |^  offset -?[0-9][0-9.hmµns]*, delay -?[0-9]
package main

import (
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
	"github.com/goscapy/goscapy/sendrecv"
)

func main() {
	server := flag.String("server", "192.0.2.123", "time server address")
	src := flag.String("src", "192.0.2.10", "our address (live: the route's source unless given)")
	iface := flag.String("i", "", "send the request on this interface and read the reply (needs root)")
	timeout := flag.Duration("timeout", 3*time.Second, "live: how long to wait for the reply")
	hexReply := flag.String("hex", "", "an NTP reply as hex (an IPv4, IPv6 or Ethernet frame)")
	out := flag.String("w", "", "write the request (and, live, the reply) to this pcap file (raw IP)")
	force := flag.Bool("force", false, "replace the -w file if it exists")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: ntp-client -i IFACE -server ADDR [-src ADDR] [-timeout D] [-w OUT.pcap [-force]]")
		fmt.Fprintln(os.Stderr, "       ntp-client [-server ADDR] [-src ADDR] [-w OUT.pcap [-force]] [-hex REPLY | REPLIES.pcap]")
		fmt.Fprintln(os.Stderr, "\nBuild an NTP client request and print it; send it on IFACE and print the offset and delay")
		fmt.Fprintln(os.Stderr, "the reply gives, or read the replies of a capture or a hex frame.")
		flag.PrintDefaults()
	}
	flag.Parse()
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	usage := func(msg string) {
		if msg != "" {
			fmt.Fprintf(os.Stderr, "ntp-client: %s\n", msg)
		}
		flag.Usage()
		os.Exit(2)
	}
	if *iface != "" {
		if flag.NArg() > 0 || *hexReply != "" {
			usage("-i sends a request: it takes no capture or -hex")
		}
		if !set["server"] {
			usage("-i needs -server: name the time server")
		}
	} else if flag.NArg() > 1 || (flag.NArg() == 1 && *hexReply != "") || (flag.NArg() == 0 && *hexReply == "" && *out == "") {
		usage("")
	}
	srv, err := netip.ParseAddr(*server)
	if err != nil {
		usage("-server: " + err.Error())
	}
	var from netip.Addr // live: unset, the route's source
	if *iface == "" || set["src"] {
		if from, err = netip.ParseAddr(*src); err != nil {
			usage("-src: " + err.Error())
		}
		if from.Is4() != srv.Is4() {
			usage("-src and -server are of different address families")
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *iface != "" {
		err = live(ctx, *iface, srv.Unmap(), from.Unmap(), *timeout, *out, *force)
	} else {
		err = run(srv.Unmap(), from.Unmap(), *hexReply, flag.Arg(0), *out, *force)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "ntp-client: %v\n", err)
		os.Exit(1)
	}
}

// request returns IP/UDP/NTP, the SNTP request (RFC 4330) from port 123
// to port 123 with sent as its transmit timestamp; an invalid src is left
// unset (the sender fills in the route's source).
func request(src, server netip.Addr, sent time.Time) *goscapy.Stack {
	udp := goscapy.NewUDP().SrcPort(layers.NTPPort).DstPort(layers.NTPPort)
	ntp := goscapy.NewNTPClientRequest(sent)
	if server.Is6() {
		ip := goscapy.NewIPv6().DstIP(server)
		if src.IsValid() {
			ip.SrcIP(src)
		}
		return ip.Over(udp).Over(ntp)
	}
	ip := goscapy.NewIP().DstIP(server)
	if src.IsValid() {
		ip.SrcIP(src)
	}
	return ip.Over(udp).Over(ntp)
}

func run(server, src netip.Addr, hexReply, capture, out string, force bool) error {
	t1 := time.Now()
	req, err := request(src, server, t1).Build()
	if err != nil {
		return err
	}
	p, err := goscapy.DissectAs(req, ipType(server))
	if err != nil {
		return err
	}
	fmt.Println("request:", p)
	fmt.Print(p.Show())
	fmt.Println(packet.HexDump(req))
	if out != "" {
		if err := writePcap(out, force, server.Is6(), frame{req, t1}); err != nil {
			return err
		}
	}
	switch {
	case hexReply != "":
		b, err := hex.DecodeString(strings.Join(strings.Fields(hexReply), ""))
		if err != nil {
			return fmt.Errorf("-hex: %w", err)
		}
		first := layers.EthernetType // an Ethernet frame unless it reads as IP
		if len(b) > 0 && b[0]>>4 == 4 {
			first = layers.IPv4Type
		} else if len(b) > 0 && b[0]>>4 == 6 {
			first = layers.IPv6Type
		}
		q, err := goscapy.DissectAs(b, first)
		if err != nil {
			return err
		}
		return reply(q, time.Time{}, time.Time{})
	case capture != "":
		r, err := pcap.Open(capture)
		if err != nil {
			return err
		}
		defer r.Close()
		for data, ci := range r.All() {
			first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
			q, _ := goscapy.DissectAs(data, first)
			if n, ok := packet.LayerOf[*layers.NTP](q); ok && n.Mode == layers.NTPModeServer {
				fmt.Println("reply:", q)
				if err := reply(q, time.Time{}, ci.Timestamp); err != nil {
					return err
				}
			}
		}
		return r.Err()
	}
	return nil
}

// live sends the request on iface with Sr1Context and prints the reply.
// t1 is the time the request was written and t4 the kernel's receive
// time of the reply, closer to the wire than the transmit timestamp the
// request carries (taken when it was built).
func live(ctx context.Context, iface string, server, src netip.Addr, timeout time.Duration, out string, force bool) error {
	if err := checkOut(out, force); err != nil {
		return err // before anything is sent
	}
	xmt := time.Now()
	req := request(src, server, xmt)
	if _, err := req.Build(); err != nil {
		return err
	}
	want := layers.NTPTime(xmt)
	// DefaultMatch pairs the reply by addresses and ports; a reply must
	// also come from a server and echo our transmit timestamp as its
	// origin (RFC 5905 section 8: otherwise it is bogus).
	match := func(sent, recv *packet.Packet) bool {
		n, ok := packet.LayerOf[*layers.NTP](recv)
		return ok && n.Mode == layers.NTPModeServer && n.Orig.Valid && n.Orig.Value == want &&
			sendrecv.DefaultMatch(sent, recv)
	}
	sent, rep, err := sendrecv.Sr1Context(ctx, req.Packet(), sendrecv.SrOptions{Iface: iface, Timeout: timeout, Match: match})
	if sent != nil {
		fmt.Println("sent:", sent)
		fmt.Print(sent.Show())
	}
	if errors.Is(err, sendrecv.ErrNoReply) {
		return fmt.Errorf("no reply from %s within %v", server, timeout)
	}
	if err != nil {
		return err
	}
	fmt.Println("reply:", rep)
	t1, t4 := sent.Metadata.Timestamp, rep.Metadata.Timestamp
	if t1.IsZero() {
		t1 = xmt
	}
	if err := reply(rep, t1, t4); err != nil {
		return err
	}
	if out != "" {
		return writePcap(out, force, server.Is6(), frame{sent.Data(), t1}, frame{rep.Data(), t4})
	}
	return nil
}

// reply prints a server reply. With the time it arrived (t4), it also
// computes the offset of our clock and the round-trip delay (RFC 5905
// section 8): t1 is when our request left (zero: the origin timestamp of
// the reply, our transmit time echoed by the server), t2 and t3 the
// server's receive and transmit times.
func reply(p *packet.Packet, t1, t4 time.Time) error {
	n, ok := packet.LayerOf[*layers.NTP](p)
	if !ok {
		return errors.New("no ntp layer in the reply: " + p.String())
	}
	ref := n.RefIDText()
	if n.Stratum > 1 {
		ref = n.RefAddr().String()
	}
	fmt.Printf("  server stratum %d, reference %s, precision 2^%d s, root delay %v, root dispersion %v\n",
		n.Stratum, ref, n.PrecisionExp(), n.RootDelay.Duration(), n.RootDispersion.Duration())
	orig, t2, t3 := n.OrigTime(), n.RecvTime(), n.SentTime()
	if t1.IsZero() {
		t1 = orig
		fmt.Printf("  t1 (our request)   %s\n", stamp(t1))
	} else {
		fmt.Printf("  t1 (our request)   %s (written; origin %s)\n", stamp(t1), stamp(orig))
	}
	fmt.Printf("  t2 (server got it) %s\n  t3 (server sent)   %s\n", stamp(t2), stamp(t3))
	if t4.IsZero() || t1.IsZero() {
		return nil
	}
	offset := (t2.Sub(t1) + t3.Sub(t4)) / 2
	delay := t4.Sub(t1) - t3.Sub(t2)
	fmt.Printf("  t4 (reply arrived) %s\n  offset %v, delay %v\n", stamp(t4), offset, delay)
	return nil
}

// stamp formats a timestamp; a zero NTP timestamp means "unknown".
func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func ipType(a netip.Addr) packet.LayerType {
	if a.Is6() {
		return layers.IPv6Type
	}
	return layers.IPv4Type
}

// frame is a packet to write and its time.
type frame struct {
	data []byte
	t    time.Time
}

func writePcap(path string, force, v6 bool, frames ...frame) error {
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
	raw := pcap.LinkTypeIPv4
	if v6 {
		raw = pcap.LinkTypeIPv6
	}
	w, err := pcap.NewWriter(f, raw)
	for _, fr := range frames {
		if err == nil {
			err = w.WritePacket(pcap.CaptureInfo{Timestamp: fr.t, CaptureLength: len(fr.data), Length: len(fr.data), LinkType: raw}, fr.data)
		}
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		if len(frames) == 1 {
			fmt.Printf("wrote the request to %s\n", path)
		} else {
			fmt.Printf("wrote the request and the reply to %s\n", path)
		}
	}
	return err
}

// checkOut refuses an existing output file without -force.
func checkOut(path string, force bool) error {
	if path == "" || force {
		return nil
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s exists; pass -force to replace it", path)
	}
	return nil
}
