// Txring-blaster sends one frame as fast as an interface takes it, built
// once and copied into the slots of a memory-mapped TX ring
// (PACKET_TX_RING): one system call hands the kernel a whole batch.
//
//	sudo ip link add gs0 type dummy && sudo ip link set gs0 up
//	sudo go run ./examples/34-txring-blaster -i gs0 -c 1000000 -bypass
//
// It sends nothing unless an interface is named with -i; frames go to the
// MAC and IP given with -dst and -dst-ip (default: a broadcast frame to
// 198.18.0.2, an address of the benchmarking range of RFC 2544). With
// -senders N it sends from N goroutines, each with its own ring; -rate
// paces them with ring.Limiter. At the end it prints the frames sent, the
// rate and what the kernel said (ring statistics). Sending needs root or
// CAP_NET_RAW: blast only networks you own.
//
//example:lab -i {iface} -c 20000
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/ring"
	"github.com/goscapy/goscapy/route"
)

func main() {
	iface := flag.String("i", "", "interface to send on (required)")
	dst := flag.String("dst", "ff:ff:ff:ff:ff:ff", "destination MAC address")
	dstIP := flag.String("dst-ip", "198.18.0.2", "destination IP address")
	count := flag.Int("c", 1000000, "frames to send")
	rate := flag.Float64("rate", 0, "frames per second (0: as fast as possible)")
	bypass := flag.Bool("bypass", false, "bypass the qdisc layer (PACKET_QDISC_BYPASS)")
	senders := flag.Int("senders", 1, "goroutines, each with its own ring")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: txring-blaster -i IFACE [-dst MAC] [-dst-ip IP] [-c N] [-rate PPS] [-bypass] [-senders N]")
		fmt.Fprintln(os.Stderr, "\nSend -c copies of a 60-byte UDP frame on IFACE through a TX ring (needs root or CAP_NET_RAW).")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *iface == "" || flag.NArg() > 0 || *senders < 1 || *count < 1 {
		flag.Usage()
		os.Exit(2)
	}
	ifc, err := route.InterfaceByName(*iface)
	if err != nil {
		fail(err)
	}
	frame, err := goscapy.NewEthernet().SrcMAC(ifc.MAC).DstMAC(*dst).
		Over(goscapy.NewIP().SrcIP("198.18.0.1").DstIP(*dstIP)).
		Over(goscapy.NewUDP().SrcPort(4321).DstPort(9)).
		Over(goscapy.NewRaw(make([]byte, 18))).Build() // 60 bytes, 64 with the FCS
	if err != nil {
		fail(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	cfg := ring.TXConfig{FrameSize: ring.FrameSizeFor(len(frame)), QdiscBypass: *bypass}
	var wg sync.WaitGroup
	stats := make([]ring.TXStats, *senders)
	methods := make([]string, *senders)
	errs := make([]error, *senders)
	start := time.Now()
	for g := range *senders {
		n := *count / *senders
		if g == 0 {
			n += *count % *senders
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread() // one thread per sender: it keeps its CPU's caches
			defer runtime.UnlockOSThread()
			tx, err := ring.NewTX(*iface, cfg)
			if err != nil {
				errs[g] = err
				return
			}
			defer tx.Close()
			methods[g] = tx.Method()
			var lim *ring.Limiter
			if *rate > 0 {
				lim, _ = ring.NewLimiter(*rate / float64(*senders))
			}
			for sent := 0; sent < n && ctx.Err() == nil; {
				k := min(256, n-sent)
				if lim != nil {
					if k, _ = lim.TryTake(k, len(frame)); k == 0 {
						tx.Flush() // what is queued goes out before the wait
						var werr error
						if k, werr = lim.Take(ctx, min(256, n-sent), len(frame)); werr != nil {
							break
						}
					}
				}
				for range k {
					slot, err := tx.NextContext(ctx) // waits while the ring is full
					if err != nil {
						break
					}
					copy(slot, frame)
					if errs[g] = tx.Commit(len(frame)); errs[g] != nil {
						return
					}
				}
				sent += k
			}
			errs[g] = tx.Flush()
			stats[g] = tx.Stats()
		}()
	}
	wg.Wait()
	el := time.Since(start)
	var total ring.TXStats
	for g, err := range errs {
		if err != nil {
			fail(err)
		}
		total.Packets += stats[g].Packets
		total.Bytes += stats[g].Bytes
		total.Kicks += stats[g].Kicks
		total.Retries += stats[g].Retries
		total.WrongFormat += stats[g].WrongFormat
	}
	fmt.Printf("%d frames (%d bytes) in %.3fs: %.0f frames/s, %.1f Mbit/s\n",
		total.Packets, total.Bytes, el.Seconds(), float64(total.Packets)/el.Seconds(), float64(total.Bytes)*8/el.Seconds()/1e6)
	fmt.Printf("method %s, %d sender(s), %d system calls (%.0f frames each), %d waits for a full queue, %d refused\n",
		methods[0], *senders, total.Kicks, float64(total.Packets)/float64(max(total.Kicks, 1)), total.Retries, total.WrongFormat)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "txring-blaster:", err)
	os.Exit(1)
}
