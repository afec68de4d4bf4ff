// Command tls-sni prints the server name (SNI) and ALPN protocols of every
// TLS ClientHello in pcap or pcapng files, as a TLS ClientHello parser.
//
// TLS is dissected on TCP ports 443 and 4433; on other ports a TCP payload
// that starts like a TLS record (content type 20-24, version 3.0 to 3.4) is
// read as TLS too.
//
//	go run ./examples/15-tls-sni ../shared/corpus/generated/kernel/tls.pcap
//
//example:offline stream/testdata/tls.pcap
package main

import (
	"flag"
	"fmt"
	"net/netip"
	"os"
	"strings"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: tls-sni FILE.pcap [FILE.pcapng ...]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	status := 0
	for _, name := range flag.Args() {
		if err := scan(name); err != nil {
			fmt.Fprintln(os.Stderr, "tls-sni:", err)
			status = 1
		}
	}
	os.Exit(status)
}

func scan(name string) error {
	r, err := pcap.Open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	dec := goscapy.NewDecoder()
	n := 0
	for data, ci := range r.All() {
		n++
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		p, _ := dec.DecodeAs(data, first)
		tcp, ok := packet.LayerOf[*layers.TCP](p)
		if !ok {
			continue
		}
		records := p
		if _, isTLS := packet.LayerOf[*layers.TLS](p); !isTLS {
			// Content sniffing: TLS on a port without a binding.
			raw, ok := packet.LayerOf[*packet.Raw](p)
			if !ok || !layers.TLSLooksLike(raw.Load) {
				continue
			}
			records, _ = packet.Dissect(raw.Load, layers.TLSType)
		}
		for _, l := range records.Layers() {
			rec, ok := l.(*layers.TLS)
			if !ok {
				continue
			}
			ch, ok := rec.ClientHello()
			if !ok {
				continue
			}
			src, dst := addrs(p)
			sni := ch.ServerName()
			if sni == "" {
				sni = "-"
			}
			alpn := strings.Join(ch.ALPN(), ",")
			if alpn == "" {
				alpn = "-"
			}
			fmt.Printf("%s#%d %s > %s sni=%s alpn=%s ciphers=%d\n", name, n,
				netip.AddrPortFrom(src, tcp.SrcPort), netip.AddrPortFrom(dst, tcp.DstPort), sni, alpn, len(ch.CipherSuites))
		}
	}
	return r.Err()
}

// addrs returns the IP addresses of the packet.
func addrs(p *packet.Packet) (src, dst netip.Addr) {
	if ip, ok := packet.LayerOf[*layers.IPv4](p); ok {
		return ip.Src, ip.Dst
	}
	if ip, ok := packet.LayerOf[*layers.IPv6](p); ok {
		return ip.Src, ip.Dst
	}
	return
}
