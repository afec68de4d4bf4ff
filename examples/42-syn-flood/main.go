// Syn-flood is a SYN-flood tester for a network you own: it sends TCP
// SYNs to TARGET:PORT, each with a random source port, sequence number
// and IP ID (and with -src a random source address of a prefix, as a
// spoofing attacker would), at a fixed rate for a count or a duration,
// and says how the target coped. Use it to check a server's SYN cookies,
// backlog and rate limits, or a firewall's SYN protection, in a lab.
//
//	sudo go run ./examples/42-syn-flood -i eth0 -c 100000 -rate 50000 -watch 198.18.1.3 80
//	sudo go run ./examples/42-syn-flood -i eth0 -d 10s -rate 10000 -src 198.18.200.0/24 198.18.1.3 80
//
// The frame is described once with the builders and built again in place
// (BuildInto) in each slot of a sender from ring.OpenSender (the TX ring
// or sendmmsg batches), after its random fields were changed: lengths
// and checksums are computed in the slot, nothing is copied and nothing
// is allocated per frame (the example prints the heap allocations of the
// whole sending loop: a few dozen, from timers and the runtime, however
// many frames). ring.Limiter holds the rate. With -watch a sniffer counts
// the target's SYN-ACKs and RSTs (none come back to spoofed sources, and
// on loopback the kernel does not answer frames a packet socket wrote).
// The destination MAC is the next hop's (route, then the neighbour cache
// or one ARP/NDP query).
//
// It refuses to run without -i, a target and a port, and refuses targets
// and -src prefixes outside the benchmarking and documentation ranges
// (198.18.0.0/15, 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
// 2001:db8::/32) and loopback unless -i-own-this-network is given.
// Sending needs root or CAP_NET_RAW.
//
//example:lab -i {iface} -c 2000 -rate 20000 {b} 80
//example:lab -i {iface} -c 500 -rate 5000 -watch {b} 80
//example:expect sent 2000 SYNs to 198\.18\.1\.3:80|sent 500 SYNs to 198\.18\.1\.3:80
//example:expect heap allocations while sending: \d+
//example:expect (?s)^flooding [^\n]*, not watching|answers from 198\.18\.1\.3:80: [1-9][0-9]* SYN-ACK
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/ring"
	"github.com/goscapy/goscapy/route"
	"github.com/goscapy/goscapy/sniff"
)

// safe are the ranges a flood may go to without -i-own-this-network:
// the benchmarking range of RFC 2544 and the documentation ranges of
// RFC 5737 and RFC 3849 (loopback is allowed as well).
var safe = []netip.Prefix{
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("2001:db8::/32"),
}

func main() {
	iface := flag.String("i", "", "interface to send on (required)")
	count := flag.Int("c", 1000, "SYNs to send (0: no limit, then -d is needed)")
	dur := flag.Duration("d", 0, "stop after this long (0: no limit)")
	rate := flag.Float64("rate", 1000, "SYNs per second (0: as fast as the interface takes them)")
	srcNet := flag.String("src", "", "spoof random source addresses of this prefix (default: the interface's address)")
	watch := flag.Bool("watch", false, "count the target's SYN-ACKs and RSTs")
	wait := flag.Duration("wait", time.Second, "with -watch: how long to wait for answers after the last SYN")
	own := flag.Bool("i-own-this-network", false, "allow targets and -src prefixes outside the lab and documentation ranges")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: syn-flood -i IFACE [-c N] [-d DURATION] [-rate PPS] [-src PREFIX] [-watch] [-i-own-this-network] TARGET PORT")
		fmt.Fprintln(os.Stderr, "\nSend TCP SYNs with random source ports and sequence numbers to TARGET:PORT through")
		fmt.Fprintln(os.Stderr, "IFACE (needs root or CAP_NET_RAW). Test only networks you own: TARGET and -src must be")
		fmt.Fprintln(os.Stderr, "in 198.18.0.0/15, 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32 or")
		fmt.Fprintln(os.Stderr, "loopback unless -i-own-this-network is given.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *iface == "" || flag.NArg() != 2 || *count < 0 || *dur < 0 || *rate < 0 || (*count == 0 && *dur == 0) {
		flag.Usage()
		os.Exit(2)
	}
	target, err := netip.ParseAddr(flag.Arg(0))
	if err != nil {
		usageError(err)
	}
	target = target.Unmap()
	port, err := strconv.ParseUint(flag.Arg(1), 10, 16)
	if err != nil || port == 0 {
		usageError(fmt.Errorf("bad port %q", flag.Arg(1)))
	}
	if !*own && !allowed(target) {
		usageError(fmt.Errorf("%v is outside the lab and documentation ranges: give -i-own-this-network if you own that network", target))
	}
	var spoof netip.Prefix
	if *srcNet != "" {
		if spoof, err = netip.ParsePrefix(*srcNet); err != nil {
			usageError(err)
		}
		spoof = spoof.Masked()
		if spoof.Addr().Is4() != target.Is4() {
			usageError(fmt.Errorf("-src %v and the target are not of the same IP version", spoof))
		}
		if !*own && (!allowed(spoof.Addr()) || !allowed(lastAddr(spoof))) {
			usageError(fmt.Errorf("-src %v is outside the lab and documentation ranges: give -i-own-this-network if you own that network", spoof))
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	// Where the frames go: the route's interface must be the one named,
	// the destination MAC is the next hop's.
	ifc, err := route.InterfaceByName(*iface)
	if err != nil {
		fail(err)
	}
	r, err := route.LookupContext(ctx, target)
	if err != nil {
		fail(err)
	}
	if r.Iface != *iface {
		fail(fmt.Errorf("%v is routed through %s, not %s", target, r.Iface, *iface))
	}
	var dstMAC fields.MAC // loopback's frames carry zero addresses
	if !ifc.IsLoopback() {
		hop := target
		if r.Gateway.IsValid() {
			hop = r.Gateway
		}
		if dstMAC, err = route.ResolveMAC(ctx, *iface, hop); err != nil {
			fail(err)
		}
	}
	src := r.Src
	if spoof.IsValid() {
		src = spoof.Addr()
	}

	// The SYN, described once; its layers are plain structs, changed in
	// place before each build.
	syn := goscapy.NewTCP().DstPort(uint16(port)).Flags(layers.TCPSyn).Window(64240)
	var p *packet.Packet
	if target.Is4() {
		p = goscapy.NewEthernet().SrcMAC(ifc.MAC).DstMAC(dstMAC).
			Over(goscapy.NewIP().SrcIP(src).DstIP(target)).Over(syn).Packet()
	} else {
		p = goscapy.NewEthernet().SrcMAC(ifc.MAC).DstMAC(dstMAC).
			Over(goscapy.NewIPv6().SrcIP(src).DstIP(target)).Over(syn).Packet()
	}
	if err := p.Err(); err != nil {
		fail(err)
	}
	tcp, _ := packet.LayerOf[*layers.TCP](p)
	ip4, _ := packet.LayerOf[*layers.IPv4](p)
	ip6, _ := packet.LayerOf[*layers.IPv6](p)
	size := p.Len()
	if _, err := p.BuildInto(make([]byte, size)); err != nil { // warms the packet's caches
		fail(err)
	}

	s, err := ring.OpenSender(*iface, ring.TXConfig{FrameSize: ring.FrameSizeFor(size)})
	if err != nil {
		fail(err)
	}
	defer s.Close()

	// The watcher opens its socket before the first SYN leaves.
	var synAcks, rsts atomic.Int64
	watchDone := make(chan error, 1)
	wctx, wcancel := context.WithCancel(context.Background())
	defer wcancel()
	if *watch {
		sn, err := sniff.Open(sniff.SniffConfig{Iface: *iface,
			Filter: fmt.Sprintf("tcp and src host %v and src port %d", target, port)})
		if err != nil {
			fail(err)
		}
		defer sn.Close()
		go func() {
			watchDone <- sn.Run(wctx, func(p *packet.Packet) bool {
				if t, ok := packet.LayerOf[*layers.TCP](p); ok {
					switch {
					case t.Flags&(layers.TCPSyn|layers.TCPAck) == layers.TCPSyn|layers.TCPAck:
						synAcks.Add(1)
					case t.Flags&layers.TCPRst != 0:
						rsts.Add(1)
					}
				}
				return true
			})
		}()
	}

	var lim *ring.Limiter
	if *rate > 0 {
		if lim, err = ring.NewLimiter(*rate); err != nil {
			usageError(err)
		}
	}
	sctx := ctx
	if *dur > 0 {
		var cancel context.CancelFunc
		sctx, cancel = context.WithTimeout(ctx, *dur)
		defer cancel()
	}
	watching := "not watching"
	if *watch {
		watching = "counting the answers"
	}
	fmt.Printf("flooding %v:%d from %s on %s (next hop %v), %s\n", target, port, srcText(src, spoof), *iface, dstMAC, watching)
	rng := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	sent := 0
	var sendErr error
	for (*count == 0 || sent < *count) && sctx.Err() == nil && sendErr == nil {
		k := 256
		if *count > 0 {
			k = min(k, *count-sent)
		}
		if lim != nil {
			n, _ := lim.TryTake(k, size)
			if n == 0 {
				s.Flush() // what is queued goes out before the wait
				if n, err = lim.Take(sctx, k, size); err != nil {
					break
				}
			}
			k = n
		}
		for range k {
			slot, err := s.NextContext(sctx)
			if err != nil {
				break
			}
			tcp.SrcPort = uint16(1024 + rng.IntN(65536-1024))
			tcp.Seq = rng.Uint32()
			if ip4 != nil {
				ip4.ID = uint16(rng.Uint32())
				if spoof.IsValid() {
					ip4.Src = randomAddr(spoof, rng)
				}
			} else if spoof.IsValid() {
				ip6.Src = randomAddr(spoof, rng)
			}
			out, err := p.BuildInto(slot) // lengths and checksums computed in the slot
			if err != nil {
				sendErr = err
				break
			}
			if err := s.Commit(len(out)); err != nil {
				sendErr = err
				break
			}
			sent++
		}
	}
	if err := s.Flush(); err != nil && sendErr == nil {
		sendErr = err
	}
	el := time.Since(start)
	runtime.ReadMemStats(&after)
	if sendErr != nil && !errors.Is(sendErr, context.Canceled) && !errors.Is(sendErr, context.DeadlineExceeded) {
		fail(sendErr)
	}
	st := s.Stats()
	fmt.Printf("sent %d SYNs to %v:%d in %.3fs: %.0f SYNs/s, %.1f Mbit/s\n",
		st.Packets, target, port, el.Seconds(), float64(st.Packets)/el.Seconds(), float64(st.Bytes)*8/el.Seconds()/1e6)
	fmt.Printf("method %s, %d system calls, %d waits for a full queue, %d refused\n", s.Method(), st.Kicks, st.Retries, st.WrongFormat)
	fmt.Printf("heap allocations while sending: %d (%.3f per SYN)\n",
		after.Mallocs-before.Mallocs, float64(after.Mallocs-before.Mallocs)/float64(max(st.Packets, 1)))
	if *watch {
		select {
		case <-ctx.Done():
		case <-time.After(*wait):
		}
		wcancel()
		if err := <-watchDone; err != nil && !errors.Is(err, context.Canceled) {
			fail(err)
		}
		fmt.Printf("answers from %v:%d: %d SYN-ACK, %d RST\n", target, port, synAcks.Load(), rsts.Load())
	}
}

// allowed reports an address of the ranges a flood may go to.
func allowed(a netip.Addr) bool {
	if a.IsLoopback() {
		return true
	}
	for _, p := range safe {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// randomAddr returns a random address of a prefix.
func randomAddr(p netip.Prefix, rng *rand.Rand) netip.Addr {
	if p.Addr().Is4() {
		b := p.Addr().As4()
		v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
		if p.Bits() < 32 {
			v |= rng.Uint32() & (1<<(32-p.Bits()) - 1)
		}
		return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
	}
	b := p.Addr().As16()
	for i := p.Bits(); i < 128; i++ {
		if rng.Uint32()&1 != 0 {
			b[i/8] |= 0x80 >> (i % 8)
		}
	}
	return netip.AddrFrom16(b)
}

// lastAddr returns the last address of a prefix.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

func srcText(src netip.Addr, spoof netip.Prefix) string {
	if spoof.IsValid() {
		return "random addresses of " + spoof.String()
	}
	return src.String()
}

func usageError(err error) {
	fmt.Fprintln(os.Stderr, "syn-flood:", err)
	os.Exit(2)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "syn-flood:", err)
	os.Exit(1)
}
