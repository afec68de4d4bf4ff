// Rxring-fanout captures on an interface with several memory-mapped RX
// rings (PACKET_RX_RING, TPACKET_V3) joined in one fanout group
// (PACKET_FANOUT): the kernel spreads the packets over the rings, by flow
// hash, round robin or CPU, and one goroutine reads each, decoding in
// place with its own warm decoder. At the end it prints what each ring
// got and what the kernel dropped.
//
//	sudo ip netns add fan && sudo ip -n fan link add v0 type veth peer name v1
//	sudo ip -n fan link set v0 up && sudo ip -n fan link set v1 up
//	sudo ip netns exec fan go run ./examples/35-rxring-fanout -i v1 -n 2 -t 10s &
//	sudo ip netns exec fan go run ./examples/34-txring-blaster -i v0 -c 1000000
//
// It only listens. The filter (-f) is in tcpdump syntax and runs in the
// kernel. Capturing needs root or CAP_NET_RAW.
//
//example:lab -i {iface} -n 2 -t 2s
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/ring"
)

// counts is what one goroutine saw.
type counts struct {
	packets, bytes, tcp, udp, other uint64
	flows                           map[[2]uint16]bool // source and destination port
}

func main() {
	iface := flag.String("i", "", "interface to capture on (required)")
	n := flag.Int("n", 2, "rings (and goroutines) in the fanout group")
	mode := flag.String("mode", "hash", "fanout mode: hash, lb, cpu, rollover, random or qm")
	defrag := flag.Bool("defrag", false, "reassemble IP fragments before hashing (PACKET_FANOUT_FLAG_DEFRAG)")
	filter := flag.String("f", "", "filter in tcpdump syntax")
	timeout := flag.Duration("t", 10*time.Second, "capture for this long")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: rxring-fanout -i IFACE [-n RINGS] [-mode hash|lb|cpu|...] [-defrag] [-f FILTER] [-t DURATION]")
		fmt.Fprintln(os.Stderr, "\nCapture on IFACE with a fanout group of RX rings, one goroutine each (needs root or CAP_NET_RAW).")
		flag.PrintDefaults()
	}
	flag.Parse()
	m, err := ring.ParseFanoutMode(*mode)
	if *iface == "" || flag.NArg() > 0 || *n < 1 || err != nil {
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		flag.Usage()
		os.Exit(2)
	}
	rxs, err := ring.NewFanout(*iface, ring.RXConfig{
		Filter: *filter,
		Fanout: &ring.FanoutConfig{Mode: m, Defrag: *defrag},
	}, *n)
	if err != nil {
		fmt.Fprintln(os.Stderr, "rxring-fanout:", err)
		os.Exit(1)
	}
	fmt.Printf("%d %s rings in fanout group %d (%s) on %s; Ctrl-C or %v to stop\n", len(rxs), rxs[0].Method(), rxs[0].FanoutGroup(), m, *iface, *timeout)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	res := make([]counts, len(rxs))
	var wg sync.WaitGroup
	for i, rx := range rxs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &res[i]
			c.flows = map[[2]uint16]bool{}
			dec := goscapy.NewDecoder() // warm after the first packets: no allocation per packet
			for {
				frame, _, err := rx.Next(ctx) // zero-copy: valid until the next Next
				if err != nil {
					if !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
						fmt.Fprintln(os.Stderr, "rxring-fanout:", err)
					}
					return
				}
				c.packets++
				c.bytes += uint64(len(frame))
				p, _ := dec.Decode(frame)
				if t, ok := packet.LayerOf[*layers.TCP](p); ok {
					c.tcp++
					c.flows[[2]uint16{t.SrcPort, t.DstPort}] = true
				} else if u, ok := packet.LayerOf[*layers.UDP](p); ok {
					c.udp++
					c.flows[[2]uint16{u.SrcPort, u.DstPort}] = true
				} else {
					c.other++
				}
			}
		}()
	}
	wg.Wait()
	var total uint64
	for i, rx := range rxs {
		st, err := rx.Stats()
		if err != nil {
			fmt.Fprintln(os.Stderr, "rxring-fanout:", err)
		}
		c := res[i]
		total += c.packets
		fmt.Printf("ring %d: %d packets (%d bytes): %d TCP, %d UDP, %d other, %d port pairs; kernel: %d received, %d dropped, %d freezes\n",
			i, c.packets, c.bytes, c.tcp, c.udp, c.other, len(c.flows), st.Packets, st.Drops, st.FreezeCount)
		rx.Close()
	}
	fmt.Printf("%d packets in all\n", total)
}
