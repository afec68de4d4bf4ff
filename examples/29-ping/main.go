// Ping sends ICMP echo requests to a host with Sr1 and prints the replies
// and a summary, as ping(8) does, in a few lines of goscapy: each request
// is built with the builders, sent at layer 3 and paired with its reply
// by sendrecv.DefaultMatch (echo identifier and sequence number, or an
// ICMP error quoting the request).
//
//	sudo go run ./examples/29-ping -i eth0 [-c 4] [-I 1s] [-W 1s] 192.0.2.1
//
// The round-trip time runs from the write of the request (the sent
// packet's timestamp) to the kernel's receive timestamp of the reply.
// Package tools/ping (goscapy ping) is the complete tool. Sending needs
// root or CAP_NET_RAW; nothing is sent unless an interface and a target
// are given.
//
//example:lab -i {iface} -c 2 -I 200ms {b}
//example:lab -i {iface} -c 2 -I 200ms {b6}
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
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
	count := flag.Int("c", 4, "number of requests")
	interval := flag.Duration("I", time.Second, "time between requests")
	timeout := flag.Duration("W", time.Second, "time to wait for each reply")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: ping -i IFACE [-c N] [-I INTERVAL] [-W TIMEOUT] TARGET")
		fmt.Fprintln(os.Stderr, "\nSend ICMP echo requests to TARGET (IPv4 or IPv6) through IFACE (needs root or CAP_NET_RAW).")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *iface == "" || flag.NArg() != 1 || *count < 1 {
		flag.Usage()
		os.Exit(2)
	}
	target, err := netip.ParseAddr(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "ping:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	fmt.Printf("PING %v: 56 data bytes\n", target)
	id := uint16(os.Getpid())
	data := make([]byte, 56)
	var rtts []time.Duration
	sent := 0
	start := time.Now()
	for seq := 1; seq <= *count && ctx.Err() == nil; seq++ {
		var req *packet.Packet
		if target.Is4() {
			req = goscapy.NewIP().DstIP(target).
				Over(goscapy.NewICMP().Type(layers.ICMPEchoRequest).ID(id).Seq(uint16(seq))).
				Over(goscapy.NewRaw(data)).Packet()
		} else {
			req = goscapy.NewIPv6().DstIP(target).
				Over(goscapy.NewICMPv6().Type(layers.ICMPv6EchoRequest).ID(id).Seq(uint16(seq))).
				Over(goscapy.NewRaw(data)).Packet()
		}
		begin := time.Now()
		s, reply, err := sendrecv.Sr1Context(ctx, req, sendrecv.SrOptions{Iface: *iface, Timeout: *timeout})
		switch {
		case errors.Is(err, sendrecv.ErrNoReply), errors.Is(err, context.Canceled):
			sent++
			fmt.Printf("no reply for icmp_seq=%d\n", seq)
		case err != nil:
			fmt.Fprintln(os.Stderr, "ping:", err)
			os.Exit(1)
		default:
			sent++
			rtt := reply.Metadata.Timestamp.Sub(s.Metadata.Timestamp)
			fmt.Printf("reply from %v: icmp_seq=%d %s time=%.3f ms\n", source(reply), seq, kind(reply), float64(rtt)/1e6)
			if kind(reply) == "echo-reply" {
				rtts = append(rtts, rtt)
			}
		}
		if wait := *interval - time.Since(begin); wait > 0 && seq < *count {
			select {
			case <-ctx.Done():
			case <-time.After(wait):
			}
		}
	}
	fmt.Printf("\n--- %v ping statistics ---\n", target)
	fmt.Printf("%d packets transmitted, %d received, %.0f%% packet loss, time %dms\n",
		sent, len(rtts), 100*float64(sent-len(rtts))/float64(max(sent, 1)), time.Since(start).Milliseconds())
	if len(rtts) > 0 {
		lo, hi, sum, sum2 := rtts[0], rtts[0], 0.0, 0.0
		for _, r := range rtts {
			lo, hi = min(lo, r), max(hi, r)
			sum += float64(r)
			sum2 += float64(r) * float64(r)
		}
		avg := sum / float64(len(rtts))
		mdev := math.Sqrt(max(sum2/float64(len(rtts))-avg*avg, 0))
		fmt.Printf("rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms\n", float64(lo)/1e6, avg/1e6, float64(hi)/1e6, mdev/1e6)
	} else {
		os.Exit(1)
	}
}

// source returns the address a reply came from.
func source(p *packet.Packet) netip.Addr {
	if ip, ok := packet.LayerOf[*layers.IPv4](p); ok {
		return ip.Src
	}
	if ip, ok := packet.LayerOf[*layers.IPv6](p); ok {
		return ip.Src
	}
	return netip.Addr{}
}

// kind names the answer: an echo reply, or the ICMP error that came
// instead (a router's time exceeded or unreachable).
func kind(p *packet.Packet) string {
	if icmp, ok := packet.LayerOf[*layers.ICMP](p); ok {
		if icmp.Type == layers.ICMPEchoReply {
			return "echo-reply"
		}
		return fmt.Sprintf("icmp-error type=%d code=%d", icmp.Type, icmp.Code)
	}
	if icmp, ok := packet.LayerOf[*layers.ICMPv6](p); ok {
		if icmp.Type == layers.ICMPv6EchoReply {
			return "echo-reply"
		}
		return fmt.Sprintf("icmpv6-error type=%d code=%d", icmp.Type, icmp.Code)
	}
	return "unknown"
}
