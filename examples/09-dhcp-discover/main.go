// Dhcp-discover builds the DHCP discover a client broadcasts to find a
// server (the frame Scapy's dhcp_request() sends), prints it as Scapy's
// show() and hexdump() do, then builds the request that follows the
// server's offer. Live, with -i, it is a DHCP client: it broadcasts the
// discover from the interface's MAC with sendrecv.Srp1Context and prints
// the offer (the address offered, the server, the lease time, router, DNS
// and domain); with -request it also asks for the offered address and
// prints the server's ACK (discover, offer, request, ack: Scapy's
// dhcp_request() twice, as a DORA client does):
//
//	go run ./examples/09-dhcp-discover dhcp.pcap
//	go run ./examples/09-dhcp-discover -mac 02:00:00:00:00:42 -xid 7 dhcp.pcap
//	tcpdump -n -v -r dhcp.pcap
//	go run ./examples/09-dhcp-discover -i eth0 -request   # live, needs root
//
// Nothing is sent unless -i names the interface. The address is only
// printed, not configured on the interface. The frames (live: those sent
// and received) are written to the pcap file named on the command line,
// which is optional with -i (an existing file is replaced only with
// -force).
//
// Replies are paired with the request by transaction ID and client
// hardware address: sendrecv.DefaultMatch, like Scapy with its default
// conf.checkIPaddr, wants the reply to come from the address the request
// went to (255.255.255.255) and to go back to its source (0.0.0.0), which
// a DHCP reply never does, so the example passes its own SrOptions.Match.
//
//example:offline -mac 02:00:00:00:00:42 -xid 7 {tmp}/dhcp.pcap
//example:lab -i {iface} -request
//example:expect (?s)wrote 2 frames to |DHCPOFFER .*your address +198\.18\.1\.1[0-5][0-9]\n.*DHCPACK .*your address +198\.18\.1\.1[0-5][0-9]\n
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
	"github.com/goscapy/goscapy/route"
	"github.com/goscapy/goscapy/sendrecv"
)

func main() {
	mac := flag.String("mac", "02:00:00:00:00:01", "client MAC address (live: the interface's unless given)")
	xid := flag.Uint("xid", 0, "transaction ID (0: random)")
	offered := flag.String("offered", "192.0.2.100", "address the server offered, asked for in the request (offline)")
	server := flag.String("server", "192.0.2.1", "server identifier of the offer (offline)")
	iface := flag.String("i", "", "broadcast the discover on this interface and print the offer (needs root)")
	doRequest := flag.Bool("request", false, "live: also request the offered address and print the ACK")
	timeout := flag.Duration("timeout", 2*time.Second, "live: how long to wait for each reply")
	retry := flag.Int("retry", 2, "live: send each message up to this many more times when nothing answers")
	force := flag.Bool("force", false, "replace OUT if it exists")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: dhcp-discover [-mac MAC] [-xid N] [-offered ADDR] [-server ADDR] [-force] OUT.pcap")
		fmt.Fprintln(os.Stderr, "       dhcp-discover -i IFACE [-request] [-mac MAC] [-xid N] [-timeout D] [-retry N] [-force] [OUT.pcap]")
		fmt.Fprintln(os.Stderr, "\nBuild a DHCP discover and the request that follows an offer; print them and write them to OUT.pcap.")
		fmt.Fprintln(os.Stderr, "With -i, broadcast the discover on IFACE and print the offer; with -request, also request")
		fmt.Fprintln(os.Stderr, "the offered address and print the ACK (the address is not configured).")
		flag.PrintDefaults()
	}
	flag.Parse()
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	usage := func(msg string) {
		if msg != "" {
			fmt.Fprintf(os.Stderr, "dhcp-discover: %s\n", msg)
		}
		flag.Usage()
		os.Exit(2)
	}
	if *xid > 1<<32-1 {
		usage("-xid: more than 32 bits")
	}
	out := flag.Arg(0)
	var err error
	if *iface != "" {
		if flag.NArg() > 1 {
			usage("")
		}
		if set["offered"] || set["server"] {
			usage("-offered and -server are for the offline request: live, the offer gives them")
		}
		client := ""
		if set["mac"] {
			client = *mac
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		err = live(ctx, liveConfig{iface: *iface, mac: client, xid: uint32(*xid), request: *doRequest,
			timeout: *timeout, retry: *retry, out: out, force: *force})
	} else {
		if flag.NArg() != 1 {
			usage("")
		}
		if *doRequest {
			usage("-request needs -i: it completes a live exchange")
		}
		err = run(*mac, uint32(*xid), *offered, *server, out, *force)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "dhcp-discover: %v\n", err)
		os.Exit(1)
	}
}

func run(mac string, xid uint32, offered, server, out string, force bool) error {
	if xid == 0 {
		xid = rand.Uint32()
	}
	// The shortcut: Ether/IP/UDP/BOOTP/DHCP as Scapy's dhcp_request().
	discover, err := goscapy.DHCPDiscover(mac, xid)
	if err != nil {
		return err
	}
	// The same kind of frame from the builders, option by option.
	request, err := requestFrame(mac, xid, offered, server).Build()
	if err != nil {
		return err
	}
	for _, frame := range [][]byte{discover, request} {
		p, err := goscapy.Dissect(frame)
		if err != nil {
			return err
		}
		fmt.Println(p)
		fmt.Print(p.Show())
		fmt.Println(packet.HexDump(frame))
		if d, ok := packet.LayerOf[*layers.DHCP](p); ok {
			printOptions(d)
		}
	}
	return writePcap(out, force, stamped{discover, time.Now()}, stamped{request, time.Now().Add(time.Millisecond)})
}

// requestFrame is the DHCPREQUEST for an offer, broadcast from 0.0.0.0:
// the offered address and the server that offered it (RFC 2131 section
// 4.3.2, SELECTING state).
func requestFrame(mac any, xid uint32, offered, server any) *goscapy.Stack {
	return goscapy.NewEthernet().SrcMAC(mac).DstMAC("ff:ff:ff:ff:ff:ff").
		Over(goscapy.NewIP().SrcIP("0.0.0.0").DstIP("255.255.255.255")).
		Over(goscapy.NewUDP().SrcPort(layers.BOOTPClientPort).DstPort(layers.BOOTPServerPort)).
		Over(goscapy.NewBOOTP().CHAddr(mac).XID(xid).Broadcast()).
		Over(goscapy.NewDHCP().MessageType(layers.DHCPRequest).ClientIDMAC(mac).
			RequestedAddr(offered).ServerID(server).Hostname("goscapy").
			ParamReqList(layers.DHCPOptSubnetMask, layers.DHCPOptRouter, layers.DHCPOptDNS, layers.DHCPOptDomainName).
			End())
}

// discoverFrame is the DHCPDISCOVER of Scapy's dhcp_request().
func discoverFrame(mac any, xid uint32) *goscapy.Stack {
	return goscapy.NewEthernet().SrcMAC(mac).DstMAC("ff:ff:ff:ff:ff:ff").
		Over(goscapy.NewIP().SrcIP("0.0.0.0").DstIP("255.255.255.255")).
		Over(goscapy.NewUDP().SrcPort(layers.BOOTPClientPort).DstPort(layers.BOOTPServerPort)).
		Over(goscapy.NewBOOTP().CHAddr(mac).XID(xid).Broadcast()).
		Over(goscapy.NewDHCP().Discover(mac))
}

func printOptions(d *layers.DHCP) {
	for _, o := range d.Options {
		if o.Code != layers.DHCPOptPad && o.Code != layers.DHCPOptEnd {
			fmt.Printf("  option %3d %-16s %v\n", o.Code, o.Name(), o.Value())
		}
	}
	fmt.Println()
}

type liveConfig struct {
	iface, mac string // mac "" is the interface's
	xid        uint32
	request    bool
	timeout    time.Duration
	retry      int
	out        string
	force      bool
}

// live runs the client side of the exchange on an interface: DISCOVER,
// OFFER and, with request, REQUEST and ACK (or NAK).
func live(ctx context.Context, c liveConfig) error {
	if err := checkOut(c.out, c.force); err != nil {
		return err // before anything is sent
	}
	ifc, err := route.InterfaceByName(c.iface)
	if err != nil {
		return err
	}
	mac := ifc.MAC
	if c.mac != "" {
		if mac, err = fields.ParseMAC(c.mac); err != nil {
			return fmt.Errorf("-mac: %w", err)
		}
	}
	if mac.IsZero() {
		return fmt.Errorf("%s has no Ethernet address: name one with -mac", c.iface)
	}
	xid := c.xid
	if xid == 0 {
		xid = rand.Uint32()
	}
	var frames []stamped
	defer func() {
		if c.out != "" && len(frames) > 0 {
			if err := writePcap(c.out, c.force, frames...); err != nil {
				fmt.Fprintf(os.Stderr, "dhcp-discover: %v\n", err)
			}
		}
	}()
	opts := sendrecv.SrOptions{Iface: c.iface, Timeout: c.timeout, Retry: c.retry,
		Filter: "udp src port 67 and udp dst port 68"}

	opts.Match = answers(mac, layers.DHCPOffer)
	_, offer, err := exchange(ctx, "DHCPDISCOVER", discoverFrame(mac, xid), opts, &frames)
	if err != nil {
		return err
	}
	yi, sid := lease(offer)
	if !yi.IsValid() || !sid.IsValid() {
		return fmt.Errorf("the offer gives no address or no server identifier: %s", offer)
	}
	if !c.request {
		return nil
	}
	opts.Match = answers(mac, layers.DHCPAck, layers.DHCPNak)
	_, ack, err := exchange(ctx, "DHCPREQUEST", requestFrame(mac, xid, yi, sid), opts, &frames)
	if err != nil {
		return err
	}
	if t, _ := dhcpType(ack); t == layers.DHCPNak {
		return fmt.Errorf("%s refused %s (DHCPNAK)", sid, yi)
	}
	return nil
}

// exchange sends one message with Srp1Context and prints it and its
// answer; both are added to frames.
func exchange(ctx context.Context, what string, req *goscapy.Stack, opts sendrecv.SrOptions, frames *[]stamped) (sent, reply *packet.Packet, err error) {
	if _, err := req.Build(); err != nil {
		return nil, nil, err
	}
	sent, reply, err = sendrecv.Srp1Context(ctx, req.Packet(), opts)
	if sent != nil {
		fmt.Printf("%s sent: %s\n", what, sent)
		if b, ok := packet.LayerOf[*layers.BOOTP](sent); ok {
			fmt.Printf("  xid %#08x, client %s\n", b.XID, b.ClientMAC())
		}
		*frames = append(*frames, stamped{sent.Data(), sent.Metadata.Timestamp})
	}
	if errors.Is(err, sendrecv.ErrNoReply) {
		return sent, nil, fmt.Errorf("no answer to the %s within %v (%d tries): is a DHCP server on the link?", what, opts.Timeout, opts.Retry+1)
	}
	if err != nil {
		return sent, nil, err
	}
	*frames = append(*frames, stamped{reply.Data(), reply.Metadata.Timestamp})
	printReply(reply)
	return sent, reply, nil
}

// answers returns the MatchFunc of a DHCP client: a BOOTP reply with the
// request's transaction ID, for our hardware address, carrying one of
// the DHCP message types wanted (Scapy's BOOTP.answers compares the xid).
func answers(mac fields.MAC, types ...uint8) sendrecv.MatchFunc {
	return func(sent, recv *packet.Packet) bool {
		q, ok1 := packet.LayerOf[*layers.BOOTP](sent)
		r, ok2 := packet.LayerOf[*layers.BOOTP](recv)
		if !ok1 || !ok2 || r.Op != layers.BOOTPReply || r.XID != q.XID || r.ClientMAC() != mac {
			return false
		}
		t, ok := dhcpType(recv)
		if !ok {
			return false
		}
		for _, w := range types {
			if t == w {
				return true
			}
		}
		return false
	}
}

func dhcpType(p *packet.Packet) (uint8, bool) {
	d, ok := packet.LayerOf[*layers.DHCP](p)
	if !ok {
		return 0, false
	}
	return d.MessageType()
}

// lease returns the address a reply gives and the server identifier
// (option 54; the BOOTP next-server address or the IP source when
// absent).
func lease(p *packet.Packet) (yi, server netip.Addr) {
	if b, ok := packet.LayerOf[*layers.BOOTP](p); ok {
		yi = b.YIAddr
		if d, ok := packet.LayerOf[*layers.DHCP](p); ok {
			if o, ok := d.Option(layers.DHCPOptServerID); ok {
				server, _ = o.Addr()
			}
		}
		if !server.IsValid() && b.SIAddr.IsValid() && !b.SIAddr.IsUnspecified() {
			server = b.SIAddr
		}
	}
	if ip, ok := packet.LayerOf[*layers.IPv4](p); ok && !server.IsValid() {
		server = ip.SrcAddr()
	}
	return yi, server
}

var typeNames = map[uint8]string{layers.DHCPOffer: "DHCPOFFER", layers.DHCPAck: "DHCPACK", layers.DHCPNak: "DHCPNAK"}

// printReply prints what a server's reply gives the client.
func printReply(p *packet.Packet) {
	t, _ := dhcpType(p)
	name := typeNames[t]
	if name == "" {
		name = fmt.Sprintf("DHCP message %d", t)
	}
	from := "?"
	if ip, ok := packet.LayerOf[*layers.IPv4](p); ok {
		from = ip.SrcAddr().String()
	}
	if e, ok := packet.LayerOf[*layers.Ethernet](p); ok {
		from += " (" + e.Src.String() + ")"
	}
	fmt.Printf("%s from %s: %s\n", name, from, p)
	yi, sid := lease(p)
	if t != layers.DHCPNak {
		fmt.Printf("  your address   %s\n", yi)
	}
	fmt.Printf("  server         %s\n", sid)
	d, ok := packet.LayerOf[*layers.DHCP](p)
	if !ok {
		return
	}
	if o, ok := d.Option(layers.DHCPOptLeaseTime); ok {
		if s, ok := o.Uint(); ok {
			fmt.Printf("  lease time     %v\n", time.Duration(s)*time.Second)
		}
	}
	addrs := func(label string, code uint8) {
		if o, ok := d.Option(code); ok {
			if as, ok := o.Addrs(); ok {
				text := make([]string, len(as))
				for i, a := range as {
					text[i] = a.String()
				}
				fmt.Printf("  %-14s %s\n", label, strings.Join(text, ", "))
			}
		}
	}
	addrs("subnet mask", layers.DHCPOptSubnetMask)
	addrs("router", layers.DHCPOptRouter)
	addrs("DNS", layers.DHCPOptDNS)
	if o, ok := d.Option(layers.DHCPOptDomainName); ok {
		fmt.Printf("  domain         %s\n", o.Data)
	}
	if o, ok := d.Option(layers.DHCPOptMessage); ok {
		fmt.Printf("  message        %s\n", o.Data)
	}
}

// stamped is a frame to write and its time.
type stamped struct {
	data []byte
	t    time.Time
}

func writePcap(path string, force bool, frames ...stamped) error {
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
	w, err := pcap.NewWriter(f, pcap.LinkTypeEthernet)
	if err != nil {
		f.Close()
		return err
	}
	for _, fr := range frames {
		ci := pcap.CaptureInfo{Timestamp: fr.t, CaptureLength: len(fr.data), Length: len(fr.data), LinkType: pcap.LinkTypeEthernet}
		if err := w.WritePacket(ci, fr.data); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("wrote %d frames to %s\n", len(frames), path)
	return nil
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
