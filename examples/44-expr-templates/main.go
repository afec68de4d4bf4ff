// Expr-templates uses Scapy expressions as packet templates: each
// expression given as an argument is parsed with goscapy.Parse, its packet
// count printed (the product of its sets: lists, ranges and networks), and
// each packet it expands to printed as a summary line (or, with -hex, as
// one line of hex, or, with -show, as Scapy's show() tree). -w writes them
// all to a classic pcap file. Nothing is sent.
//
// Without arguments it expands these expressions:
//
//	Ether()/IP(dst="198.18.1.0/30")/TCP(dport=[80,443],flags="S")
//	IP(dst="198.18.1.3")/TCP(sport=RandShort(),dport=(20,23),flags="S")
//	IPv6(dst="2001:db8:1::3")/UDP(sport=[5353,5354])/DNS(qd=DNSQR(qname="lab.test"))
//
// and builds the packets of the first one again with the Go builders (a
// loop over the addresses of the /30 and the ports), checking that both
// give the same bytes. Run it with
//
//	go run ./examples/44-expr-templates
//	go run ./examples/44-expr-templates -show 'IP(dst="198.18.1.3")/TCP(dport=(20,22))'
//	go run ./examples/44-expr-templates -w out.pcap 'Ether()/IP(dst="198.18.1.0/30")/TCP(dport=[80,443],flags="S")'
//
//example:offline
//example:offline -hex -w {tmp}/t.pcap Ether()/IP(dst=Net(198.18.1.0/30))/TCP(dport=[80,443],flags=S)
//example:expect 8 packets
package main

import (
	"bytes"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/examples/internal/pcapout"
	"github.com/goscapy/goscapy/expr"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

// defaults are expanded when no expression is given; the first one is
// built again with the builders.
var defaults = []string{
	`Ether()/IP(dst="198.18.1.0/30")/TCP(dport=[80,443],flags="S")`,
	`IP(dst="198.18.1.3")/TCP(sport=RandShort(),dport=(20,23),flags="S")`,
	`IPv6(dst="2001:db8:1::3")/UDP(sport=[5353,5354])/DNS(qd=DNSQR(qname="lab.test"))`,
}

type options struct {
	hex, show bool
	max       int
	out       string
	force     bool
}

func main() {
	var o options
	flag.BoolVar(&o.hex, "hex", false, "print each packet as one line of hex")
	flag.BoolVar(&o.show, "show", false, "print each packet's show() tree")
	flag.IntVar(&o.max, "c", 100, "print at most `N` packets per expression (all are written with -w)")
	flag.StringVar(&o.out, "w", "", "write every packet to this pcap `FILE`")
	flag.BoolVar(&o.force, "force", false, "replace the -w file if it exists")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: expr-templates [-hex | -show] [-c N] [-w OUT.pcap [-force]] [EXPRESSION ...]")
		fmt.Fprintln(os.Stderr, "\nExpand Scapy expressions into packets; without expressions, expand a few examples")
		fmt.Fprintln(os.Stderr, "and build the first one again with the Go builders.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if o.hex && o.show || o.max < 0 {
		flag.Usage()
		os.Exit(2)
	}
	exprs := flag.Args()
	if len(exprs) == 0 {
		exprs = defaults
	}
	if err := run(exprs, o, flag.NArg() == 0); err != nil {
		fmt.Fprintln(os.Stderr, "expr-templates:", err)
		os.Exit(1)
	}
}

func run(exprs []string, o options, withBuilders bool) error {
	var (
		frames [][]byte
		links  []pcap.LinkType
	)
	for _, s := range exprs {
		t, err := goscapy.Parse(s)
		if err != nil {
			var se *expr.SyntaxError
			if errors.As(err, &se) && se.Col > 0 {
				// Point at the column of the problem, under the expression.
				return fmt.Errorf("%w\n  %s\n  %*s", err, s, se.Col, "^")
			}
			return err
		}
		fmt.Printf("%s\n  %d packets", t, t.Count())
		if t.Volatile() {
			fmt.Print(" (random values drawn anew for each)")
		}
		fmt.Println()
		for i, p := range t.All() {
			b, err := p.Build()
			if err != nil {
				return fmt.Errorf("packet %d of %s: %w", i+1, s, err)
			}
			if o.out != "" {
				lt, err := linkTypeOf(p)
				if err != nil {
					return err
				}
				frames, links = append(frames, b), append(links, lt)
			}
			if i >= o.max {
				if i == o.max {
					fmt.Printf("  ... (-c %d)\n", o.max)
				}
				if o.out == "" {
					break
				}
				continue
			}
			switch {
			case o.hex:
				fmt.Printf("  %s\n", hex.EncodeToString(b))
			case o.show:
				// Dissected again from its bytes: computed fields filled in
				// (Scapy's show2()).
				q, err := packet.Dissect(b, p.Layer(0).Proto().Type())
				if err != nil {
					fmt.Printf("  packet %d: %v\n", i+1, err)
				}
				fmt.Printf("  packet %d:\n%s", i+1, q.Show())
			default:
				fmt.Printf("  %3d  %v\n", i+1, p)
			}
		}
	}
	if withBuilders {
		if err := builders(exprs[0]); err != nil {
			return err
		}
	}
	if o.out != "" {
		return write(o.out, o.force, frames, links)
	}
	return nil
}

// builders builds the packets of the first default expression with the Go
// builders, in Scapy's order (the last layer's set varies fastest), and
// compares them with the template's.
func builders(s string) error {
	t, err := goscapy.Parse(s)
	if err != nil {
		return err
	}
	var want [][]byte
	for _, p := range t.All() {
		b, err := p.Build()
		if err != nil {
			return err
		}
		want = append(want, b)
	}
	var got [][]byte
	net := netip.MustParsePrefix("198.18.1.0/30")
	for a := net.Addr(); net.Contains(a); a = a.Next() {
		for _, port := range []uint16{80, 443} {
			b, err := goscapy.NewEthernet().
				Over(goscapy.NewIP().DstIP(a)).
				Over(goscapy.NewTCP().DstPort(port).Flags(layers.TCPSyn)).
				Build()
			if err != nil {
				return err
			}
			got = append(got, b)
		}
	}
	same := len(got) == len(want)
	for i := 0; same && i < len(got); i++ {
		same = bytes.Equal(got[i], want[i])
	}
	fmt.Printf("builders: %d packets from a loop over %s and ports 80, 443\n", len(got), net)
	if !same {
		return fmt.Errorf("the builders' %d packets differ from the template's %d", len(got), len(want))
	}
	fmt.Println("builders: the same bytes as the template")
	return nil
}

// linkTypeOf is the pcap link type whose first layer is the packet's
// first layer.
func linkTypeOf(p *packet.Packet) (pcap.LinkType, error) {
	first := p.Layer(0)
	if first == nil {
		return 0, errors.New("empty packet")
	}
	b, err := p.Build()
	if err != nil {
		return 0, err
	}
	for _, lt := range []pcap.LinkType{pcap.LinkTypeEthernet, pcap.LinkTypeRaw, pcap.LinkTypeLinuxSLL,
		pcap.LinkTypeIEEE80211, pcap.LinkTypeRadiotap, pcap.LinkTypeNull} {
		if t, ok := packet.FirstLayer(uint32(lt), b); ok && t == first.Proto().Type() {
			return lt, nil
		}
	}
	return 0, fmt.Errorf("no pcap link type starts with %s", first.Proto().Name)
}

func write(path string, force bool, frames [][]byte, links []pcap.LinkType) error {
	if len(frames) == 0 {
		return errors.New("no packets to write")
	}
	lt := links[0]
	for _, l := range links {
		if l != lt {
			return fmt.Errorf("the packets start with different link layers (%v and %v): one pcap file holds one link type", lt, l)
		}
	}
	return pcapout.WriteLinkType(path, force, lt, frames)
}
