//go:build linux

package lab

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/am"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sendrecv"
	"github.com/goscapy/goscapy/sniff"
	"github.com/goscapy/goscapy/tools/arping"
	"github.com/goscapy/goscapy/tools/ping"
	"github.com/goscapy/goscapy/tools/scan"
	"github.com/goscapy/goscapy/tools/traceroute"
)

// DemoPort is the TCP port a listener in B opens for the SYN scan.
const DemoPort = 8080

// DemoClientMAC is the hardware address of the demo's DHCP client.
const DemoClientMAC = "02:00:00:00:01:aa"

// Demo brings a lab up, runs against it a ping, an ARP scan, a SYN scan
// of a port with a listener in B, a traceroute through the router, a
// DNS query answered by the DNS answering machine in B, a DHCP exchange
// with the DHCP server in B, and a sniff of all that on A's interface;
// then it tears the lab down, also when ctx ends or a step fails. It
// returns one Step per action; the error is for a lab that could not be
// built (or removed). Progress lines go to log (nil discards them).
func Demo(ctx context.Context, log io.Writer) (steps []Step, err error) {
	if log == nil {
		log = io.Discard
	}
	l, err := Up(ctx, "")
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "lab %s is up (namespaces %s, %s, %s)\n", l.ID, l.Name(A), l.Name(R), l.Name(B))
	defer func() {
		if derr := l.Down(); derr != nil && err == nil {
			err = derr
		}
		fmt.Fprintf(log, "lab %s is down\n", l.ID)
	}()
	var closers []io.Closer
	defer func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i].Close()
		}
	}()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// Services in B: a TCP listener, a UDP socket on port 53 (so B's
	// kernel does not answer port unreachable), the DNS and DHCP
	// machines.
	err = l.Do(B, func() error {
		ln, err := net.Listen("tcp", fmt.Sprintf(":%d", DemoPort))
		if err != nil {
			return err
		}
		closers = append(closers, ln)
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				c.Close()
			}
		}()
		pc, err := net.ListenPacket("udp", ":53")
		if err != nil {
			return err
		}
		closers = append(closers, pc)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("lab %s: starting services in B: %w", l.ID, err)
	}
	dnsAM, err := am.NewDNS(am.DNSConfig{Iface: l.IfaceB, Records: map[string][]netip.Addr{
		"r.lab.test": {l.R4, l.R6}, "a.lab.test": {l.A4, l.A6},
		"b.lab.test": {l.B4, l.B6}, "far.lab.test": {l.BFar4, l.BFar6},
	}})
	if err != nil {
		return nil, err
	}
	dhcpAM, err := am.NewDHCP(am.DHCPConfig{Iface: l.IfaceB, Pool: l.LAN4,
		First: netip.MustParseAddr("198.18.1.100"), Last: netip.MustParseAddr("198.18.1.150"),
		Server: l.B4, Router: []netip.Addr{l.R4}, DNS: []netip.Addr{l.B4}, Domain: "lab.test", Lease: time.Hour})
	if err != nil {
		return nil, err
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	amErr := make(chan error, 2)
	for _, m := range []*am.Machine{dnsAM, dhcpAM} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := l.Do(B, func() error { return m.Run(ctx) }); err != nil {
				amErr <- err
			}
		}()
		select {
		case <-m.Ready():
		case err := <-amErr:
			return nil, err
		case <-time.After(5 * time.Second):
			return nil, fmt.Errorf("lab %s: the %s machine did not start", l.ID, m.Name())
		}
	}

	// The sniff on A's interface runs through all steps.
	var sn *sniff.Sniffer
	if err := l.Do(A, func() error {
		var err error
		sn, err = sniff.Open(sniff.SniffConfig{Iface: l.IfaceA})
		return err
	}); err != nil {
		return nil, fmt.Errorf("lab %s: sniff: %w", l.ID, err)
	}
	sniffCtx, stopSniff := context.WithCancel(ctx)
	counts := map[string]int{}
	total := 0
	sniffDone := make(chan error, 1)
	go func() {
		sniffDone <- sn.Run(sniffCtx, func(p *packet.Packet) bool {
			total++
			for _, ly := range p.Layers() {
				switch n := ly.Proto().Name; n {
				case "ARP", "ICMP", "ICMPv6", "TCP", "UDP", "DNS", "DHCP":
					counts[n]++
				}
			}
			return true
		})
	}()

	run := func(name string, fn func() (string, error)) {
		fmt.Fprintf(log, "running %s ...\n", name)
		var detail string
		err := l.Do(A, func() error {
			var err error
			detail, err = fn()
			return err
		})
		s := Step{Name: name, OK: err == nil, Detail: detail}
		if err != nil {
			s.Detail = strings.TrimSpace(detail + " " + err.Error())
		}
		steps = append(steps, s)
	}
	errFailed := errors.New("unexpected result")

	run("ping", func() (string, error) {
		st, err := ping.Ping(ctx, ping.Config{Target: l.BFar4, Count: 3, Interval: 200 * time.Millisecond, Timeout: 2 * time.Second}, func(ping.Reply) {})
		if err != nil {
			return "", err
		}
		d := fmt.Sprintf("%s: %d/%d replies, avg %v", l.BFar4, st.Received, st.Sent, st.Avg.Round(time.Microsecond))
		if st.Received == 0 {
			return d, errFailed
		}
		return d, nil
	})
	run("arp scan", func() (string, error) {
		res, _, err := arping.Scan(ctx, arping.Config{Iface: l.IfaceA, Prefix: l.LAN4, Timeout: time.Second})
		if err != nil {
			return "", err
		}
		var hosts []string
		found := map[netip.Addr]bool{}
		for _, r := range res {
			hosts = append(hosts, r.IP.String()+" "+r.MAC.String())
			found[r.IP] = true
		}
		d := strings.Join(hosts, ", ")
		if !found[l.R4] || !found[l.B4] {
			return d, errFailed
		}
		return d, nil
	})
	run("syn scan", func() (string, error) {
		targets, err := scan.NewTargets(netip.PrefixFrom(l.B4, 32))
		if err != nil {
			return "", err
		}
		var got []scan.Result
		_, err = scan.Scan(ctx, scan.Config{Targets: targets, Ports: []uint16{DemoPort - 1, DemoPort}, Iface: l.IfaceA,
			Timeout: time.Second, Retries: 1}, func(r scan.Result) { got = append(got, r) })
		if err != nil {
			return "", err
		}
		sort.Slice(got, func(i, j int) bool { return got[i].Port < got[j].Port })
		var parts []string
		open := false
		for _, r := range got {
			parts = append(parts, fmt.Sprintf("%d %s", r.Port, r.State))
			open = open || r.Port == DemoPort && r.State == scan.Open
		}
		d := l.B4.String() + ": " + strings.Join(parts, ", ")
		if !open {
			return d, errFailed
		}
		return d, nil
	})
	run("traceroute", func() (string, error) {
		res, err := traceroute.Trace(ctx, traceroute.Config{Target: l.BFar4, MaxHops: 5, Timeout: time.Second})
		if err != nil {
			return "", err
		}
		var hops []string
		for _, h := range res.Hops {
			from := "*"
			for _, p := range h.Probes {
				if p.OK {
					from = p.From.String()
					break
				}
			}
			hops = append(hops, fmt.Sprintf("%d %s", h.TTL, from))
		}
		d := strings.Join(hops, ", ")
		if !res.Reached || len(res.Hops) < 2 {
			return d, errFailed
		}
		return d, nil
	})
	run("dns query", func() (string, error) {
		q := goscapy.NewIP().DstIP(l.B4).Over(goscapy.NewUDP().SrcPort(53053).DstPort(53)).
			Over(goscapy.NewDNS().ID(0x1ab).Question("far.lab.test", layers.DNSTypeA)).Packet()
		_, reply, err := sendrecv.Sr1Context(ctx, q, sendrecv.SrOptions{Iface: l.IfaceA, Timeout: 2 * time.Second})
		if err != nil {
			return "", err
		}
		d, ok := packet.LayerOf[*layers.DNS](reply)
		if !ok || len(d.Answers) == 0 {
			return fmt.Sprint(reply), errFailed
		}
		a, _ := d.Answers[0].Addr()
		detail := fmt.Sprintf("far.lab.test A %s (from our DNS machine at %s)", a, l.B4)
		if a != l.BFar4 {
			return detail, errFailed
		}
		return detail, nil
	})
	run("dhcp", func() (string, error) {
		var lease netip.Addr
		for i, mk := range []func() *goscapy.DHCPBuilder{
			func() *goscapy.DHCPBuilder { return goscapy.NewDHCP().Discover(DemoClientMAC) },
			func() *goscapy.DHCPBuilder { return goscapy.NewDHCP().Request(DemoClientMAC, lease, l.B4) },
		} {
			p := goscapy.NewEthernet().DstMAC("ff:ff:ff:ff:ff:ff").SrcMAC(l.MACA).
				Over(goscapy.NewIP().SrcIP("0.0.0.0").DstIP("255.255.255.255")).
				Over(goscapy.NewUDP().SrcPort(layers.BOOTPClientPort).DstPort(layers.BOOTPServerPort)).
				Over(goscapy.NewBOOTP().CHAddr(DemoClientMAC).XID(0xd0c0 + uint32(i)).Broadcast()).Over(mk()).Packet()
			_, reply, err := sendrecv.Srp1Context(ctx, p, sendrecv.SrOptions{Iface: l.IfaceA, Timeout: 2 * time.Second, Match: bootpMatch})
			if err != nil {
				return "", err
			}
			b, _ := packet.LayerOf[*layers.BOOTP](reply)
			lease = b.YIAddr
		}
		d := fmt.Sprintf("offer and ack of %s for %s", lease, DemoClientMAC)
		if !l.LAN4.Contains(lease) {
			return d, errFailed
		}
		return d, nil
	})
	time.Sleep(100 * time.Millisecond) // the last replies reach the sniffer
	stopSniff()
	serr := <-sniffDone
	sn.Close()
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	sort.Strings(names)
	var parts []string
	for _, n := range names {
		parts = append(parts, fmt.Sprintf("%s %d", n, counts[n]))
	}
	s := Step{Name: "sniff", OK: total > 0 && (serr == nil || errors.Is(serr, context.Canceled)),
		Detail: fmt.Sprintf("%d packets on %s: %s", total, l.IfaceA, strings.Join(parts, ", "))}
	if serr != nil && !errors.Is(serr, context.Canceled) {
		s.Detail += " " + serr.Error()
	}
	steps = append(steps, s)
	steps = append(steps, Step{Name: "answering machines", OK: dnsAM.Stats().Answered > 0 && dhcpAM.Stats().Answered > 0,
		Detail: fmt.Sprintf("dns %v; dhcp %v", dnsAM.Stats(), dhcpAM.Stats())})
	if ctx.Err() != nil {
		return steps, ctx.Err()
	}
	return steps, nil
}

// bootpMatch pairs a BOOTP reply with the request of the same xid.
func bootpMatch(sent, recv *packet.Packet) bool {
	s, ok1 := packet.LayerOf[*layers.BOOTP](sent)
	r, ok2 := packet.LayerOf[*layers.BOOTP](recv)
	return ok1 && ok2 && r.Op == layers.BOOTPReply && r.XID == s.XID
}
