// Traceroute shows the routers on the path to a host, as Scapy's
// traceroute() does: it builds one probe per TTL (a UDP datagram to a
// high port, an ICMP echo request or a TCP SYN), sends them all with one
// Sr call, and reads who answered each: routers with ICMP time exceeded,
// the target with port unreachable, echo reply, or SYN-ACK/RST.
//
//	sudo go run ./examples/33-traceroute -i eth0 [-P udp|icmp|tcp] [-m 30] 192.0.2.1
//
// Package tools/traceroute (goscapy traceroute) is the complete tool:
// several probes per hop, windows of hops, IPv6. Sending needs root or
// CAP_NET_RAW; nothing is sent unless an interface and a target are
// given.
//
//example:lab -i {iface} -P icmp -m 5 {far}
package main

import (
	"context"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"os/signal"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sendrecv"
)

func main() {
	iface := flag.String("i", "", "interface to send on (required)")
	proto := flag.String("P", "udp", "probe type: udp, icmp or tcp")
	maxHops := flag.Int("m", 30, "largest TTL")
	port := flag.Int("p", 80, "destination port of TCP probes")
	timeout := flag.Duration("t", 2*time.Second, "time to wait for answers")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: traceroute -i IFACE [-P udp|icmp|tcp] [-m MAXHOPS] [-p PORT] [-t TIMEOUT] TARGET")
		fmt.Fprintln(os.Stderr, "\nPrint the hops to the IPv4 address TARGET (needs root or CAP_NET_RAW).")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *iface == "" || flag.NArg() != 1 || *maxHops < 1 || *maxHops > 64 {
		flag.Usage()
		os.Exit(2)
	}
	target, err := netip.ParseAddr(flag.Arg(0))
	if err != nil || !target.Is4() {
		fmt.Fprintln(os.Stderr, "traceroute: want an IPv4 address")
		os.Exit(2)
	}

	// One probe per TTL; the TTL is also in the probe (port or
	// sequence number) so an answer tells which hop it is for.
	var pkts []*packet.Packet
	for ttl := 1; ttl <= *maxHops; ttl++ {
		ip := goscapy.NewIP().DstIP(target).TTL(uint8(ttl))
		var p *packet.Packet
		switch *proto {
		case "udp":
			p = ip.Over(goscapy.NewUDP().SrcPort(40000).DstPort(uint16(33434 + ttl))).Packet()
		case "icmp":
			p = ip.Over(goscapy.NewICMP().ID(uint16(os.Getpid())).Seq(uint16(ttl))).Packet()
		case "tcp":
			p = ip.Over(goscapy.NewTCP().SrcPort(uint16(40000 + ttl)).DstPort(uint16(*port)).Flags(layers.TCPSyn)).Packet()
		default:
			flag.Usage()
			os.Exit(2)
		}
		pkts = append(pkts, p)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := sendrecv.SrContext(ctx, pkts, sendrecv.SrOptions{Iface: *iface, Timeout: *timeout})
	if res == nil {
		fmt.Fprintln(os.Stderr, "traceroute:", err)
		os.Exit(1)
	}

	// hop TTL -> who answered, how fast, and whether it was the target
	type answer struct {
		from    netip.Addr
		rtt     time.Duration
		reached bool
	}
	hops := map[int]answer{}
	for _, pair := range res.Answered {
		ttl := int(ttlOf(pair.Sent))
		ip, _ := packet.LayerOf[*layers.IPv4](pair.Received)
		a := answer{from: ip.Src, rtt: pair.RTT()}
		if icmp, ok := packet.LayerOf[*layers.ICMP](pair.Received); ok {
			a.reached = icmp.Type == layers.ICMPEchoReply || icmp.Type == 3 && ip.Src == target
		} else {
			a.reached = true // a TCP answer comes from the target
		}
		hops[ttl] = a
	}
	fmt.Printf("traceroute to %v, %d hops max, %s probes\n", target, *maxHops, *proto)
	for ttl := 1; ttl <= *maxHops; ttl++ {
		a, ok := hops[ttl]
		if !ok {
			fmt.Printf("%2d  *\n", ttl)
			continue
		}
		fmt.Printf("%2d  %-15v  %.3f ms\n", ttl, a.from, float64(a.rtt)/1e6)
		if a.reached {
			break
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "traceroute:", err)
		os.Exit(1)
	}
}

// ttlOf returns the TTL a probe was sent with.
func ttlOf(p *packet.Packet) uint8 {
	if ip, ok := packet.LayerOf[*layers.IPv4](p); ok {
		return ip.TTL
	}
	return 0
}
