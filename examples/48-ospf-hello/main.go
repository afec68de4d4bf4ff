// Ospf-hello builds the OSPFv2 Hello a router sends on a broadcast network
// (RFC 2328 appendix A.3.2) with the builders: Ethernet to 01:00:5e:00:00:05,
// IPv4 to AllSPFRouters (224.0.0.5) with TTL 1 and TOS 0xc0 (internetwork
// control), the OSPF header with its router ID, area and computed
// checksum, and the Hello with network mask, timers, options (E),
// priority, designated and backup designated routers and the neighbors
// seen. With -lsu it also builds a link state update carrying the
// router's router LSA (appendix A.4.2: a transit link to the designated
// router and a stub link for the network), whose Fletcher checksum the
// builder computes (section 12.1.7).
//
// The packets are written to a classic pcap file, dissected back from it
// and shown as Scapy's show() does. Each LSA checksum is then verified
// with the check of RFC 905 annex B and RFC 1008: both Fletcher sums over
// the LSA without its age field are zero. Nothing is sent.
//
//	go run ./examples/48-ospf-hello -lsu ospf.pcap
//	tshark -r ospf.pcap -V -Y ospf
//
//example:offline -lsu {tmp}/ospf.pcap
//example:offline -id 198.18.1.3 -src 198.18.1.3 -neighbors 198.18.1.2,198.18.1.4 {tmp}/hello.pcap
//example:expect wrote \d packets
package main

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"strings"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/examples/internal/pcapout"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

type config struct {
	src, id, area, dr, bdr netip.Addr
	prefix                 netip.Prefix
	neighbors              []netip.Addr
}

func main() {
	src := flag.String("src", "198.18.1.2", "the router's interface address")
	id := flag.String("id", "198.18.1.2", "router ID")
	area := flag.String("area", "0.0.0.0", "area ID")
	network := flag.String("net", "198.18.1.0/29", "the attached network (mask, stub link)")
	dr := flag.String("dr", "198.18.1.3", "designated router (interface address)")
	bdr := flag.String("bdr", "198.18.1.2", "backup designated router")
	neighbors := flag.String("neighbors", "198.18.1.3", "comma-separated router IDs of the neighbors seen")
	lsu := flag.Bool("lsu", false, "also build a link state update with the router LSA")
	force := flag.Bool("force", false, "replace OUT if it exists")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: ospf-hello [-lsu] [-src A] [-id A] [-area A] [-net P] [-dr A] [-bdr A] [-neighbors A,B] [-force] OUT.pcap")
		fmt.Fprintln(os.Stderr, "\nBuild an OSPFv2 Hello (and with -lsu a router LSA update), write, dissect and verify them.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	var c config
	var errs []error
	addr := func(name, s string) netip.Addr {
		a, err := netip.ParseAddr(s)
		if err != nil || !a.Is4() {
			errs = append(errs, fmt.Errorf("-%s: %q is not an IPv4 address", name, s))
		}
		return a
	}
	c.src, c.id, c.area = addr("src", *src), addr("id", *id), addr("area", *area)
	c.dr, c.bdr = addr("dr", *dr), addr("bdr", *bdr)
	for _, n := range strings.Split(*neighbors, ",") {
		if n = strings.TrimSpace(n); n != "" {
			c.neighbors = append(c.neighbors, addr("neighbors", n))
		}
	}
	p, err := netip.ParsePrefix(*network)
	if err != nil || !p.Addr().Is4() {
		errs = append(errs, fmt.Errorf("-net: %q is not an IPv4 prefix", *network))
	}
	c.prefix = p.Masked()
	if err := errors.Join(errs...); err != nil {
		fmt.Fprintln(os.Stderr, "ospf-hello:", err)
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *force, c, *lsu); err != nil {
		fmt.Fprintln(os.Stderr, "ospf-hello:", err)
		os.Exit(1)
	}
}

// mask is the network mask of a prefix as an address.
func mask(p netip.Prefix) netip.Addr {
	m := ^uint32(0) << (32 - p.Bits())
	return netip.AddrFrom4([4]byte{byte(m >> 24), byte(m >> 16), byte(m >> 8), byte(m)})
}

// ipTo224 is the link and IP layers of a packet to AllSPFRouters.
func ipTo224(c config) *goscapy.Stack {
	return goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("01:00:5e:00:00:05").
		Over(goscapy.NewIP().SrcIP(c.src).DstIP(layers.OSPFAllSPFRouters).TTL(1).TOS(0xc0))
}

func build(c config, lsu bool) ([][]byte, error) {
	neighbors := make([]any, len(c.neighbors))
	for i, n := range c.neighbors {
		neighbors[i] = n
	}
	hello, err := ipTo224(c).
		Over(goscapy.NewOSPF().Src(c.id).Area(c.area)).
		Over(goscapy.NewOSPFHello().Mask(mask(c.prefix)).HelloInterval(10).DeadInterval(40).
			Options(0x02).Prio(1).Router(c.dr).Backup(c.bdr).Neighbors(neighbors...)).
		Build()
	if err != nil {
		return nil, err
	}
	frames := [][]byte{hello}
	if !lsu {
		return frames, nil
	}
	lsa := layers.OSPFRouterLSA(c.id, c.id, 0,
		layers.OSPFLink{ID: c.dr, Data: c.src, Type: 2, Metric: 10},                     // transit network, by its DR
		layers.OSPFLink{ID: c.prefix.Addr(), Data: mask(c.prefix), Type: 3, Metric: 10}) // stub network
	lsa.Options = 0x02
	update, err := ipTo224(c).
		Over(goscapy.NewOSPF().Src(c.id).Area(c.area)).
		Over(goscapy.NewOSPFLSUpd().LSAs(lsa)).
		Build()
	if err != nil {
		return nil, err
	}
	return append(frames, update), nil
}

func run(out string, force bool, c config, lsu bool) error {
	frames, err := build(c, lsu)
	if err != nil {
		return err
	}
	if err := pcapout.Write(out, force, frames); err != nil {
		return err
	}
	r, err := pcap.Open(out)
	if err != nil {
		return err
	}
	defer r.Close()
	n := 0
	for data, ci := range r.All() {
		n++
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		p, err := packet.Dissect(data, first)
		if err != nil {
			return fmt.Errorf("packet %d: %w", n, err)
		}
		fmt.Printf("packet %d: %v\n%s", n, p, p.Show())
		if err := verifyLSAs(p); err != nil {
			return fmt.Errorf("packet %d: %w", n, err)
		}
	}
	return r.Err()
}

// verifyLSAs checks the Fletcher checksum of every LSA of a link state
// update in its bytes as written.
func verifyLSAs(p *packet.Packet) error {
	for i, l := range p.Layers() {
		u, ok := l.(*layers.OSPFLSUpdBody)
		if !ok {
			continue
		}
		b := p.Data()[packet.LayerOffset(p, i)+4:] // after the LSA count
		for k, a := range u.LSAs {
			if len(b) < layers.OSPFLSAHdrLen {
				return errors.New("lsa cut short")
			}
			n := int(b[18])<<8 | int(b[19])
			if n < layers.OSPFLSAHdrLen || n > len(b) {
				return fmt.Errorf("lsa %d: length %d", k+1, n)
			}
			c0, c1 := fletcher(b[2:n])
			h := a.Header()
			fmt.Printf("LSA %d (%s %s from %s, %d bytes): checksum %#04x, Fletcher sums C0=%d C1=%d",
				k+1, layers.OSPFLSATypeNames[uint64(h.Type)], h.ID, h.AdRouter, n, h.Chksum, c0, c1)
			if c0 != 0 || c1 != 0 {
				fmt.Println(": wrong")
				return fmt.Errorf("lsa %d: checksum %#04x does not verify", k+1, h.Chksum)
			}
			fmt.Println(": verified (RFC 905 annex B)")
			b = b[n:]
		}
	}
	return nil
}

// fletcher returns the two sums of the Fletcher checksum check of RFC 905
// annex B.4 (RFC 1008): both are zero for data that carries a correct
// checksum.
func fletcher(b []byte) (c0, c1 int) {
	for _, x := range b {
		c0 = (c0 + int(x)) % 255
		c1 = (c1 + c0) % 255
	}
	return c0, c1
}
