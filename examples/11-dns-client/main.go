// Dns-client builds a DNS query with the DNS builder and prints it, then
// sends it to a server you name on an interface you name (-i, with
// sendrecv.Sr1Context: the answer is the first response whose ID, ports
// and addresses match) or reads responses: the frames of a capture file,
// a frame given as hex, or (-lab) a real response of our lab's resolver,
// a CNAME chain ending in an address, kept in this program:
//
//	sudo go run ./examples/11-dns-client -i eth0 -server 198.18.1.3 -name b.lab.test
//	go run ./examples/11-dns-client -lab
//	go run ./examples/11-dns-client -name www.example.com -type AAAA -w query.pcap
//	go run ./examples/11-dns-client ../shared/corpus/generated/kernel/dns-dhcp.pcap
//	go run ./examples/11-dns-client -hex 0200000a0001...
//
// Nothing is sent without -i (which needs root or CAP_NET_RAW). The query
// is printed, and written to the pcap file given with -w (an existing
// file is replaced only with -force). Run without a capture, -hex, -lab
// or -w, it prints its usage.
//
//example:offline -name www.example.com -type AAAA -w {tmp}/query.pcap
//example:offline stream/testdata/dns-dhcp.pcap
//example:offline -lab
//example:lab -i {iface} -server {b} -name www.lab.test
package main

import (
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
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

// labResponse is frame 41 of generated/kernel/dns-dhcp.pcap in the shared
// corpus: the answer of dnsmasq to "alias.lab.test A", two CNAMEs and an
// address, with an EDNS0 record.
const labResponse = "0200000a00010200000a000208004500008b5a4a400040118befc6126401c612640200359a5f0077e1e7c594" +
	"8580000100030000000105616c696173036c616204746573740000010001c00c0005000100000000000e03776562036c" +
	"6162047465737400c02c0005000100000000000e03777777036c6162047465737400c04600010001000000000004c612" +
	"645000002904d0000000000000"

func main() {
	name := flag.String("name", "example.com", "name to ask for")
	qtype := flag.String("type", "A", "record type (A, AAAA, MX, TXT, ...)")
	server := flag.String("server", "192.0.2.53", "resolver address")
	src := flag.String("src", "", "our address (default: the interface's with -i, 192.0.2.10 otherwise)")
	iface := flag.String("i", "", "send the query on this interface to -server and print the answer")
	timeout := flag.Duration("timeout", 2*time.Second, "how long to wait for the answer (-i)")
	hexResp := flag.String("hex", "", "a response frame as hex (Ethernet)")
	lab := flag.Bool("lab", false, "read the lab response kept in this program")
	out := flag.String("w", "", "write the query to this pcap file (raw IPv4)")
	force := flag.Bool("force", false, "replace the -w file if it exists")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: dns-client [-name NAME] [-type TYPE] [-server ADDR] [-src ADDR] [-w OUT.pcap [-force]] [-i IFACE [-timeout D] | -lab | -hex FRAME | RESPONSES.pcap]")
		fmt.Fprintln(os.Stderr, "\nBuild a DNS query and print it; read DNS responses from a capture, a hex frame or a built-in one.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 1 || (flag.NArg() == 1 && *hexResp != "") || (flag.NArg() == 0 && *hexResp == "" && !*lab && *out == "" && *iface == "") {
		flag.Usage()
		os.Exit(2)
	}
	if *iface != "" && (flag.NArg() > 0 || *hexResp != "" || *lab) {
		fmt.Fprintln(os.Stderr, "dns-client: -i sends the query; it does not go with a capture, -hex or -lab")
		os.Exit(2)
	}
	if *src == "" && *iface == "" {
		*src = "192.0.2.10"
	}
	if err := run(*name, *qtype, *server, *src, *hexResp, *lab, flag.Arg(0), *out, *force, *iface, *timeout); err != nil {
		fmt.Fprintf(os.Stderr, "dns-client: %v\n", err)
		os.Exit(1)
	}
}

func run(name, qtype, server, src, hexResp string, lab bool, capture, out string, force bool, iface string, timeout time.Duration) error {
	t, ok := typeCode(qtype)
	if !ok {
		return fmt.Errorf("unknown record type %q", qtype)
	}
	ip := goscapy.NewIP().DstIP(server)
	if src != "" {
		ip = ip.SrcIP(src) // unset with -i: filled from the route when sent
	}
	stack := ip.Over(goscapy.NewUDP().SrcPort(33333).DstPort(layers.DNSPort)).
		Over(goscapy.NewDNS().ID(0x1234).Question(name, t).
			Additional(layers.DNSRROPT(1232, 0))) // EDNS0: we take answers up to 1232 bytes
	query, err := stack.Build()
	if err != nil {
		return err
	}
	if iface != "" {
		ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
		defer cancel()
		sent, reply, err := sendrecv.Sr1Context(ctx, stack.Packet(), sendrecv.SrOptions{Iface: iface, Timeout: timeout})
		if err != nil {
			return err
		}
		fmt.Println("sent:", sent)
		if !isResponse(reply) {
			return errors.New("the answer is no dns response: " + reply.String())
		}
		answers(reply)
		return nil
	}
	p, err := goscapy.DissectAs(query, layers.IPv4Type)
	if err != nil {
		return err
	}
	fmt.Println("query:", p)
	fmt.Print(p.Show())
	fmt.Println(packet.HexDump(query))
	if out != "" {
		if err := writePcap(out, force, query); err != nil {
			return err
		}
	}
	if capture != "" {
		r, err := pcap.Open(capture)
		if err != nil {
			return err
		}
		defer r.Close()
		for data, ci := range r.All() {
			first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
			if q, _ := goscapy.DissectAs(data, first); isResponse(q) {
				answers(q)
			}
		}
		return r.Err()
	}
	frame := strings.Join(strings.Fields(hexResp), "")
	if frame == "" {
		if !lab {
			return nil
		}
		frame = labResponse
	}
	b, err := hex.DecodeString(frame)
	if err != nil {
		return fmt.Errorf("-hex: %w", err)
	}
	q, err := goscapy.Dissect(b)
	if err != nil {
		return err
	}
	if !isResponse(q) {
		return errors.New("no dns response in the frame: " + q.String())
	}
	answers(q)
	return nil
}

func isResponse(p *packet.Packet) bool {
	d, ok := packet.LayerOf[*layers.DNS](p)
	return ok && d.QR == 1
}

// answers prints a response: its question and each answer's data.
func answers(p *packet.Packet) {
	d, _ := packet.LayerOf[*layers.DNS](p)
	fmt.Println("response:", p)
	for _, q := range d.Questions {
		fmt.Printf("  question %s %s\n", q.Name, layers.DNSTypeNames[uint64(q.Type)])
	}
	for _, rr := range d.Answers {
		typ := layers.DNSTypeNames[uint64(rr.Type)]
		if a, ok := rr.Addr(); ok {
			fmt.Printf("  answer   %s %s %s (ttl %d)\n", rr.Name, typ, a, rr.TTL)
		} else if n, ok := rr.Target(); ok {
			fmt.Printf("  answer   %s %s %s (ttl %d)\n", rr.Name, typ, n, rr.TTL)
		} else {
			fmt.Printf("  answer   %s\n", rr)
		}
	}
	fmt.Printf("  rcode %d, %d authority and %d additional records\n", d.Rcode, len(d.Authorities), len(d.Additionals))
}

func typeCode(s string) (uint16, bool) {
	for k, v := range layers.DNSTypeNames {
		if strings.EqualFold(v, s) {
			return uint16(k), true
		}
	}
	return 0, false
}

func writePcap(path string, force bool, frame []byte) error {
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
	if err == nil {
		err = w.WritePacket(pcap.CaptureInfo{Timestamp: time.Now(), CaptureLength: len(frame), Length: len(frame), LinkType: pcap.LinkTypeIPv4}, frame)
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		fmt.Printf("wrote the query to %s\n", path)
	}
	return err
}
