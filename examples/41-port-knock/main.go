// Port-knock is a port-knocking client, as knock(1) of knockd: it sends a
// TCP SYN (or, with -u, a UDP datagram) to each port of a sequence on the
// target, in order, with a pause between knocks, so that a knock daemon
// watching for that sequence opens a port for the sender. Each knock is
// built with the builders and sent at layer 3 with sendrecv.Send (the
// kernel routes it and adds the link layer); no answer is awaited. With
// -open it then tries a TCP connection to that port (net.Dialer, bounded
// by -timeout) and says whether it opened.
//
//	sudo go run ./examples/41-port-knock -i eth0 -seq 7000,8000,9000 -open 22 192.0.2.10
//	sudo go run ./examples/41-port-knock -i eth0 -u -seq 1111,2222 -delay 500ms 2001:db8::10
//
// The exit status is 0 when the knocks were sent (and the -open port
// opened), 1 when the port stayed closed or sending failed. Knocking
// needs root or CAP_NET_RAW; nothing is sent unless an interface and a
// target are given.
//
//example:lab -i {iface} -seq 7000,8000,9000 -delay 100ms -open 22 {b}
//example:expect knock 3/3: TCP SYN to 198\.18\.1\.3:9000
//example:expect port 22 on 198\.18\.1\.3 is open
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sendrecv"
)

func main() {
	iface := flag.String("i", "", "interface to send on (required)")
	seqList := flag.String("seq", "7000,8000,9000", "the knock sequence: ports, in order")
	udp := flag.Bool("u", false, "knock with UDP datagrams instead of TCP SYNs")
	delay := flag.Duration("delay", 200*time.Millisecond, "pause between two knocks")
	sport := flag.Uint("sport", 0, "source port of the knocks (0: a random one)")
	open := flag.Uint("open", 0, "then try a TCP connection to this port (0: do not)")
	timeout := flag.Duration("timeout", 3*time.Second, "how long the connection attempt may take")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: port-knock -i IFACE [-seq P1,P2,...] [-u] [-delay D] [-sport P] [-open PORT] [-timeout D] TARGET")
		fmt.Fprintln(os.Stderr, "\nKnock on the ports of -seq of TARGET (IPv4 or IPv6) through IFACE, then")
		fmt.Fprintln(os.Stderr, "optionally try -open (needs root or CAP_NET_RAW).")
		flag.PrintDefaults()
	}
	flag.Parse()
	ports, err := parsePorts(*seqList)
	if *iface == "" || flag.NArg() != 1 || err != nil || *sport > 65535 || *open > 65535 || *delay < 0 || *timeout <= 0 {
		if err != nil {
			fmt.Fprintln(os.Stderr, "port-knock:", err)
		}
		flag.Usage()
		os.Exit(2)
	}
	target, err := netip.ParseAddr(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "port-knock:", err)
		os.Exit(2)
	}
	target = target.Unmap()
	src := uint16(*sport)
	if src == 0 {
		src = uint16(32768 + rand.IntN(28232)) // Linux's ephemeral range
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	proto := "TCP SYN"
	if *udp {
		proto = "UDP"
	}
	for i, port := range ports {
		if i > 0 && *delay > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(*delay):
			}
		}
		if ctx.Err() != nil {
			fmt.Fprintln(os.Stderr, "port-knock: interrupted")
			os.Exit(1)
		}
		if err := sendrecv.SendContext(ctx, knock(target, src, port, *udp), *iface); err != nil {
			fmt.Fprintln(os.Stderr, "port-knock:", err)
			os.Exit(1)
		}
		fmt.Printf("knock %d/%d: %s to %v from port %d\n", i+1, len(ports), proto, netip.AddrPortFrom(target, port), src)
	}
	if *open == 0 {
		return
	}
	// The door: a real connection, through the kernel's TCP stack.
	addr := netip.AddrPortFrom(target, uint16(*open))
	dctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	start := time.Now()
	var d net.Dialer
	conn, err := d.DialContext(dctx, "tcp", addr.String())
	if err != nil {
		fmt.Printf("port %d on %v is not open: %v\n", *open, target, err)
		os.Exit(1)
	}
	conn.Close()
	fmt.Printf("port %d on %v is open (connected in %.3f ms)\n", *open, target, float64(time.Since(start))/1e6)
}

// knock builds one knock: a TCP SYN, or an empty UDP datagram.
func knock(target netip.Addr, sport, dport uint16, udp bool) *packet.Packet {
	var l4 goscapy.Builder
	if udp {
		l4 = goscapy.NewUDP().SrcPort(sport).DstPort(dport)
	} else {
		l4 = goscapy.NewTCP().SrcPort(sport).DstPort(dport).Flags(layers.TCPSyn).Seq(rand.Uint32())
	}
	if target.Is4() {
		return goscapy.NewIP().DstIP(target).Over(l4).Packet()
	}
	return goscapy.NewIPv6().DstIP(target).Over(l4).Packet()
}

// parsePorts reads a comma-separated list of ports; the order is kept
// and a port may repeat.
func parsePorts(s string) ([]uint16, error) {
	var ports []uint16
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		n, err := strconv.ParseUint(f, 10, 16)
		if err != nil || n == 0 {
			return nil, fmt.Errorf("bad port %q in the sequence", f)
		}
		ports = append(ports, uint16(n))
	}
	return ports, nil
}
