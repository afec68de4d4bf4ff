// Lab-topology drives the goscapy network lab from Go: lab.Up builds three
// network namespaces (A, the router R and B) joined by veth pairs and a
// bridge; the example starts a TCP listener in B, then from namespace A
// (l.Do) pings B and B's far address behind the router with sendrecv.Sr1Context
// and connects to the listener; it prints the topology and the results, and
// removes the lab with l.Down, also on error and on Ctrl-C.
//
//	sudo go run ./examples/56-lab-topology
//	go run ./examples/56-lab-topology -dry-run   # the topology and the steps, no root needed
//
// Everything it sends stays inside the namespaces it built (addresses of
// 198.18.0.0/15 and 2001:db8::/32). Building them needs root (or
// CAP_NET_ADMIN, CAP_NET_RAW and CAP_SYS_ADMIN); without it the example says
// so and exits 1.
//
// With -dry-run the steps are listed, each marked as not done.
//
//example:root
//example:offline -dry-run
//example:expect a0 198\.18\.1\.2/24
//example:expect ping 198\.18\.1\.3: (echo-reply from 198\.18\.1\.3 ttl 64|not sent \(dry run\))
//example:expect ping 198\.18\.2\.2: (echo-reply from 198\.18\.2\.2 ttl \d+|not sent \(dry run\))
//example:expect tcp 198\.18\.1\.3:9000: (connected from 198\.18\.1\.2:\d+, read "hello from B\\n"|not connected \(dry run\))
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/lab"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sendrecv"
)

const greeting = "hello from B\n"

func main() {
	dry := flag.Bool("dry-run", false, "print the topology only: build nothing, send nothing")
	port := flag.Uint("port", 9000, "TCP port of the listener started in B")
	timeout := flag.Duration("timeout", 2*time.Second, "how long to wait for each answer")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: lab-topology [-dry-run] [-port N] [-timeout D]")
		fmt.Fprintln(os.Stderr, "\nBuild the goscapy lab (namespaces A, R, B), ping B and B's far address from A")
		fmt.Fprintln(os.Stderr, "and connect to a TCP listener in B, then remove the lab. Needs root unless -dry-run.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 0 || *port == 0 || *port > 65535 {
		flag.Usage()
		os.Exit(2)
	}
	topology(lab.Default)
	if *dry {
		t := lab.Default
		fmt.Printf("ping %s: not sent (dry run)\n", t.B4)
		fmt.Printf("ping %s: not sent (dry run)\n", t.BFar4)
		fmt.Printf("tcp %s: not connected (dry run)\n", netip.AddrPortFrom(t.B4, uint16(*port)))
		return
	}
	if err := lab.Check(); err != nil {
		fmt.Fprintf(os.Stderr, "lab-topology: %v\n", err)
		fmt.Fprintln(os.Stderr, "lab-topology: -dry-run prints the topology without building anything")
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, uint16(*port), *timeout)
	if err != nil {
		fmt.Fprintf(os.Stderr, "lab-topology: %v\n", err)
		stop()
		os.Exit(1)
	}
}

// topology prints the lab's namespaces, interfaces and addresses.
func topology(t lab.Topology) {
	fmt.Println("topology:")
	fmt.Printf("  ns A: %s %s/%d %s/%d mac %s (default route via %s)\n",
		t.IfaceA, t.A4, t.LAN4.Bits(), t.A6, t.LAN6.Bits(), t.MACA, t.R4)
	fmt.Printf("  ns R: %s %s/%d %s/%d mac %s (bridge of A's and B's links)\n",
		t.IfaceR, t.R4, t.LAN4.Bits(), t.R6, t.LAN6.Bits(), t.MACR)
	fmt.Printf("        %s %s/%d %s/%d mac %s\n",
		t.IfaceRFar, t.RFar4, t.Far4.Bits(), t.RFar6, t.Far6.Bits(), t.MACRFar)
	fmt.Printf("  ns B: %s %s/%d %s/%d mac %s\n",
		t.IfaceB, t.B4, t.LAN4.Bits(), t.B6, t.LAN6.Bits(), t.MACB)
	fmt.Printf("        %s %s/%d %s/%d mac %s (one router hop from A)\n",
		t.IfaceBFar, t.BFar4, t.Far4.Bits(), t.BFar6, t.Far6.Bits(), t.MACBFar)
}

func run(ctx context.Context, port uint16, timeout time.Duration) (err error) {
	l, err := lab.Up(ctx, "")
	if err != nil {
		return err
	}
	fmt.Printf("lab %s is up: namespaces %s, %s, %s\n", l.ID, l.Name(lab.A), l.Name(lab.R), l.Name(lab.B))
	defer func() {
		derr := l.Down()
		if derr == nil {
			fmt.Printf("lab %s is down\n", l.ID)
		}
		err = errors.Join(err, derr)
	}()

	// The listener's socket is opened in B; its goroutine may run on any
	// thread, the socket stays in B.
	var ln net.Listener
	if err := l.Do(lab.B, func() error {
		var err error
		ln, err = net.Listen("tcp", netip.AddrPortFrom(l.B4, port).String())
		return err
	}); err != nil {
		return fmt.Errorf("listener in B: %w", err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Write([]byte(greeting))
			c.Close()
		}
	}()

	failed := 0
	for i, dst := range []netip.Addr{l.B4, l.BFar4} {
		var line string
		err := l.Do(lab.A, func() error {
			var err error
			line, err = ping(ctx, l.IfaceA, dst, uint16(i+1), timeout)
			return err
		})
		if err != nil {
			failed++
			line = err.Error()
		}
		fmt.Printf("ping %s: %s\n", dst, line)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}

	var line string
	err = l.Do(lab.A, func() error {
		var err error
		line, err = connect(ctx, netip.AddrPortFrom(l.B4, port), timeout)
		return err
	})
	if err != nil {
		failed++
		line = err.Error()
	}
	fmt.Printf("tcp %s: %s\n", netip.AddrPortFrom(l.B4, port), line)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if failed > 0 {
		return fmt.Errorf("%d of 3 checks failed", failed)
	}
	return nil
}

// ping sends one ICMP echo request to dst on iface and waits for its reply.
func ping(ctx context.Context, iface string, dst netip.Addr, seq uint16, timeout time.Duration) (string, error) {
	req := goscapy.NewIP().DstIP(dst).
		Over(goscapy.NewICMP().Type(8).ID(0x5601).Seq(seq)).
		Over(goscapy.NewRaw("goscapy lab")).
		Packet()
	start := time.Now()
	_, reply, err := sendrecv.Sr1Context(ctx, req, sendrecv.SrOptions{Iface: iface, Timeout: timeout})
	if err != nil {
		return "", err
	}
	if reply == nil {
		return "", errors.New("no reply")
	}
	rtt := time.Since(start)
	ip, ok1 := packet.LayerOf[*layers.IPv4](reply)
	icmp, ok2 := packet.LayerOf[*layers.ICMP](reply)
	if !ok1 || !ok2 || icmp.Type != 0 {
		return reply.Summary(), errors.New("not an echo reply")
	}
	return fmt.Sprintf("echo-reply from %s ttl %d seq %d in %v (%s)",
		ip.Src, ip.TTL, icmp.Seq, rtt.Round(time.Microsecond), reply.Summary()), nil
}

// connect opens a TCP connection to dst (from the namespace of the calling
// thread) and reads what the listener says.
func connect(ctx context.Context, dst netip.AddrPort, timeout time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", dst.String())
	if err != nil {
		return "", err
	}
	defer c.Close()
	if dl, ok := ctx.Deadline(); ok {
		c.SetDeadline(dl)
	}
	b, err := io.ReadAll(c)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("connected from %s, read %q", c.LocalAddr(), b), nil
}
