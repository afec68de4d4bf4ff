// Replay sends the packets of a pcap or pcapng file on an interface, as
// tcpreplay does: with the gaps between packets as they were captured
// (-speed scales them), or as fast as the interface takes them
// (-topspeed). The file is read with the zero-copy reader and each packet
// copied into a slot of the TX ring; the kernel gets a batch per system
// call, and before each wait what was queued goes out.
//
//	sudo ip link add gs0 type dummy && sudo ip link set gs0 up
//	sudo go run ./examples/38-replay -i gs0 -topspeed ../shared/corpus/generated/lab-100k.pcap
//
// It sends nothing unless an interface is named with -i. The command line
// tool does the same and more: goscapy replay (--pps, --mbps, --loop,
// --preload). Sending needs root or CAP_NET_RAW: replay only on networks
// you own.
//
//example:lab -i {iface} -topspeed lab/testdata/sample.pcap
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/goscapy/goscapy/pcap"
	"github.com/goscapy/goscapy/ring"
)

func main() {
	iface := flag.String("i", "", "interface to send on (required)")
	topspeed := flag.Bool("topspeed", false, "send as fast as possible")
	speed := flag.Float64("speed", 1, "replay this many times faster than captured")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: replay -i IFACE [-topspeed | -speed X] FILE")
		fmt.Fprintln(os.Stderr, "\nSend the packets of FILE on IFACE with their captured timing (needs root or CAP_NET_RAW).")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *iface == "" || flag.NArg() != 1 || *speed <= 0 {
		flag.Usage()
		os.Exit(2)
	}
	r, err := pcap.Open(flag.Arg(0))
	if err != nil {
		fail(err)
	}
	defer r.Close()
	if r.LinkType() != pcap.LinkTypeEthernet {
		fail(fmt.Errorf("%s: link type %v: this example replays Ethernet captures", flag.Arg(0), r.LinkType()))
	}
	s, err := ring.OpenSender(*iface, ring.TXConfig{})
	if err != nil {
		fail(err)
	}
	defer s.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	var first time.Time // capture time of the first packet
	var start time.Time // when it was sent
	failed := 0
	for {
		data, ci, err := r.ReadPacketData() // valid until the next read
		if err == io.EOF {
			break
		}
		if err != nil {
			fail(err)
		}
		if start.IsZero() {
			first, start = ci.Timestamp, time.Now()
		} else if !*topspeed {
			due := start.Add(time.Duration(float64(ci.Timestamp.Sub(first)) / *speed))
			if wait := time.Until(due); wait > 0 {
				s.Flush() // the packets queued so far leave on time
				select {
				case <-time.After(wait):
				case <-ctx.Done():
				}
			}
		}
		if ctx.Err() != nil {
			break
		}
		if err := s.SendContext(ctx, data); err != nil {
			if errors.Is(err, ring.ErrFrameSize) {
				failed++ // larger than the interface's MTU: skipped
				continue
			}
			fail(err)
		}
	}
	if err := s.Flush(); err != nil {
		fail(err)
	}
	el := time.Since(start)
	st := s.Stats()
	fmt.Printf("%d packets (%d bytes) in %.3fs: %.0f packets/s with %s; %d too large, skipped\n",
		st.Packets, st.Bytes, el.Seconds(), float64(st.Packets)/el.Seconds(), s.Method(), failed)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "replay:", err)
	os.Exit(1)
}
