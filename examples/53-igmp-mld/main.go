// Igmp-mld builds the messages of multicast group management with the goscapy
// builders, each to the destination its RFC names and with the router alert
// it requires, writes them to a pcap file and dissects them back:
//
//   - IGMPv2 (RFC 2236): a general membership query to 224.0.0.1, a report to
//     the group itself, a leave to 224.0.0.2 (all routers); IPv4 TTL 1 and
//     the router alert option (RFC 2113);
//   - IGMPv3 (RFC 3376): a report to 224.0.0.22 with group records
//     (any-source join, source-specific join with sources, leave), TOS 0xc0;
//   - MLDv1 (RFC 2710): a report to the group, a done to ff02::2, from a
//     link-local address with hop limit 1 and a hop-by-hop header carrying a
//     router alert of value 0 (MLD);
//   - MLDv2 (RFC 3810): a report to ff02::16 with multicast address records.
//
// Ethernet destinations are the multicast MACs of the IP destinations
// (01:00:5e + 23 bits, 33:33 + 32 bits).
//
//	go run ./examples/53-igmp-mld igmp.pcap
//	tshark -r igmp.pcap -V -Y 'igmp || icmpv6'
//
// Nothing is sent; an existing file is replaced only with -force.
//
//example:offline {tmp}/igmp-mld.pcap
//example:expect wrote 7 packets
//example:expect IGMPv3 report .*224\.0\.0\.22
//example:expect record Allow New Sources 232\.1\.1\.1 sources \[198\.51\.100\.7 198\.51\.100\.8\]
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
	"github.com/goscapy/goscapy/route"
)

const (
	hostMAC   = "02:00:00:00:00:0a"
	routerMAC = "02:00:00:00:00:01"
	host4     = "192.0.2.10"
	router4   = "192.0.2.1"
	host6     = "fe80::a"
	group4    = "239.1.2.3"
	ssmGroup4 = "232.1.1.1"
	group6    = "ff15::1234"
)

func main() {
	force := flag.Bool("force", false, "replace OUT if it exists")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: igmp-mld [-force] OUT.pcap")
		fmt.Fprintln(os.Stderr, "\nBuild IGMPv2, IGMPv3, MLDv1 and MLDv2 messages, write them to a pcap file")
		fmt.Fprintln(os.Stderr, "and dissect them back.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *force); err != nil {
		fmt.Fprintf(os.Stderr, "igmp-mld: %v\n", err)
		os.Exit(1)
	}
}

// routerAlert4 is the IPv4 router alert option (RFC 2113): every router
// examines the packet.
var routerAlert4 = layers.IPOption{Type: layers.IPOptRouterAlert, Data: []byte{0, 0}}

// eth returns an Ethernet header from src to the multicast MAC of dst.
func eth(src, dst string) *goscapy.EthernetBuilder {
	mac, _ := route.MulticastMAC(netip.MustParseAddr(dst))
	return goscapy.NewEthernet().SrcMAC(src).DstMAC(mac)
}

// ip4 is the IPv4 header IGMP travels in: TTL 1, router alert.
func ip4(src, dst string) *goscapy.IPBuilder {
	return goscapy.NewIP().SrcIP(src).DstIP(dst).TTL(1).Options(routerAlert4)
}

// ip6 is the IPv6 header MLD travels in: link-local source, hop limit 1,
// then a hop-by-hop header with a router alert of value 0 (MLD).
func ip6(dst string) *goscapy.Stack {
	return goscapy.NewIPv6().SrcIP(host6).DstIP(dst).HopLimit(1).
		Over(goscapy.NewIPv6ExtHopByHop().RouterAlert(0))
}

type message struct {
	title string
	dst   string // where the RFC sends it
	frame []byte
}

func messages() ([]message, error) {
	var out []message
	var errs []error
	add := func(title, dst string, b []byte, err error) {
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", title, err))
			return
		}
		out = append(out, message{title, dst, b})
	}
	a := netip.MustParseAddr

	b, err := eth(routerMAC, "224.0.0.1").
		Over(ip4(router4, "224.0.0.1")).
		Over(goscapy.NewIGMP().Type(layers.IGMPMembershipQuery).MRCode(100).Group("0.0.0.0")).
		Build()
	add("IGMPv2 general query (max response 10 s)", "224.0.0.1", b, err)

	b, err = eth(hostMAC, group4).
		Over(ip4(host4, group4)).
		Over(goscapy.NewIGMP().Type(layers.IGMPv2MembershipReport).MRCode(0).Group(group4)).
		Build()
	add("IGMPv2 membership report", group4, b, err)

	b, err = eth(hostMAC, "224.0.0.2").
		Over(ip4(host4, "224.0.0.2")).
		Over(goscapy.NewIGMP().Type(layers.IGMPLeaveGroup).MRCode(0).Group(group4)).
		Build()
	add("IGMPv2 leave group", "224.0.0.2", b, err)

	b, err = eth(hostMAC, "224.0.0.22").
		Over(ip4(host4, "224.0.0.22").TOS(0xc0)).
		Over(goscapy.NewIGMPv3Report(
			layers.NewIGMPv3Record(layers.IGMPv3ChangeToExclude, a(group4)), // any-source join
			layers.NewIGMPv3Record(layers.IGMPv3AllowNewSources, a(ssmGroup4), a("198.51.100.7"), a("198.51.100.8")),
			layers.NewIGMPv3Record(layers.IGMPv3ChangeToInclude, a("239.9.9.9")), // leave: include nothing
		)).
		Build()
	add("IGMPv3 membership report", "224.0.0.22", b, err)

	b, err = eth(hostMAC, group6).Over(ip6(group6)).Over(goscapy.NewMLDReport(group6)).Build()
	add("MLDv1 report", group6, b, err)

	b, err = eth(hostMAC, "ff02::2").Over(ip6("ff02::2")).Over(goscapy.NewMLDDone(group6)).Build()
	add("MLDv1 done", "ff02::2", b, err)

	join := layers.NewMLDv2Record(a(group6)) // exclude nothing: any source
	join.Type = layers.MLDv2ChangeToExclude
	ssm := layers.NewMLDv2Record(a("ff35::8000:1"), a("2001:db8::7"))
	ssm.Type = layers.MLDv2AllowNewSources
	b, err = eth(hostMAC, "ff02::16").Over(ip6("ff02::16")).Over(goscapy.NewMLDv2Report(join, ssm)).Build()
	add("MLDv2 report", "ff02::16", b, err)
	return out, errors.Join(errs...)
}

func run(path string, force bool) error {
	list, err := messages()
	if err != nil {
		return err
	}
	frames := make([][]byte, len(list))
	for i, m := range list {
		frames[i] = m.frame
	}
	if err := pcapout.Write(path, force, frames); err != nil {
		return err
	}
	bad := 0
	for i, m := range list {
		p, err := goscapy.Dissect(m.frame)
		if err != nil {
			return fmt.Errorf("packet %d: %w", i+1, err)
		}
		fmt.Printf("\n#%d %s\n  %s\n", i+1, m.title, p.Summary())
		problems := show(p, m.dst)
		if len(problems) > 0 {
			bad++
			fmt.Printf("  PROBLEM: %s\n", strings.Join(problems, "; "))
		}
	}
	if bad > 0 {
		return fmt.Errorf("%d messages not as the RFCs say", bad)
	}
	return nil
}

// show prints the dissected message and returns what differs from the RFCs:
// destination, TTL or hop limit 1, router alert.
func show(p *packet.Packet, wantDst string) (problems []string) {
	var dst netip.Addr
	hops := -1
	alert := false
	for _, l := range p.Layers() {
		switch l := l.(type) {
		case *layers.Ethernet:
			if want, _ := route.MulticastMAC(netip.MustParseAddr(wantDst)); l.Dst != want {
				problems = append(problems, fmt.Sprintf("ethernet destination %s, want %s", l.Dst, want))
			}
		case *layers.IPv4:
			dst, hops = l.Dst, int(l.TTL)
			for _, o := range l.Options {
				alert = alert || o.Type == layers.IPOptRouterAlert
			}
			fmt.Printf("  IPv4 %s > %s ttl %d tos 0x%02x router alert %v\n", l.Src, l.Dst, l.TTL, l.TOS, alert)
		case *layers.IPv6:
			dst, hops = l.Dst, int(l.HopLimit)
			fmt.Printf("  IPv6 %s > %s hop limit %d\n", l.Src, l.Dst, l.HopLimit)
		case *layers.IPv6HopByHop:
			for _, o := range l.Options {
				if o.Type == layers.IPv6OptRouterAlert {
					alert = true
					fmt.Printf("  hop-by-hop %s\n", o)
				}
			}
		case *layers.IGMP:
			name := layers.IGMPTypeNames[uint64(l.Type)]
			if l.Type == layers.IGMPv3MembershipReport {
				fmt.Printf("  IGMPv3 report (type 0x%02x) to %s, %d records\n", l.Type, dst, len(l.Records))
				for _, r := range l.Records {
					fmt.Printf("    record %s %s sources %v\n", layers.IGMPv3RecordTypeNames[r.Type], r.MAddr, r.Sources)
				}
			} else {
				fmt.Printf("  IGMP %s (type 0x%02x) group %s max response %d (1/10 s)\n", name, l.Type, l.GAddr, l.MRCode)
			}
		case *layers.ICMPv6:
			switch l.Type {
			case layers.ICMPv6MLDv2Report:
				fmt.Printf("  MLDv2 report (type %d) to %s, %d records\n", l.Type, dst, len(l.Records))
				for _, r := range l.Records {
					fmt.Printf("    record %s %s sources %v\n", layers.MLDv2RecordTypeNames[r.Type], r.Addr, r.Sources)
				}
			default:
				fmt.Printf("  %s (type %d) group %s max response delay %d ms\n",
					layers.ICMPv6TypeNames[uint64(l.Type)], l.Type, l.MLAddr, l.MRD)
			}
		}
	}
	if dst != netip.MustParseAddr(wantDst) {
		problems = append(problems, fmt.Sprintf("destination %s, want %s", dst, wantDst))
	}
	if hops != 1 {
		problems = append(problems, fmt.Sprintf("ttl or hop limit %d, want 1", hops))
	}
	if !alert {
		problems = append(problems, "no router alert")
	}
	return problems
}
