//go:build linux

package ring

import (
	"context"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/goscapy/goscapy/internal/netns"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// benchSend sends b.N 60-byte frames (64 on the wire with the FCS) from
// A, built in place, with each sender, and reports frames per second.
// The side-by-side comparison with trafgen is in the bench module
// (bench/LINERATE.md).
func benchSend(b *testing.B, cfg TXConfig, goroutines int) {
	lab := netns.NewPair(b)
	var ss []Sender
	for range goroutines {
		ss = append(ss, openSender(b, lab, cfg))
	}
	before := rxPackets(b, lab, netns.B, lab.IfaceB)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	cpu0 := processCPU()
	var ru0 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	var wg sync.WaitGroup
	for g, s := range ss {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := testPacket(lab)
			ip, _ := packet.LayerOf[*layers.IPv4](p)
			n := b.N / goroutines
			if g == 0 {
				n += b.N % goroutines
			}
			for i := range n {
				ip.ID = uint16(i)
				slot, err := s.NextContext(context.Background())
				if err != nil {
					b.Error(err)
					return
				}
				out, _ := p.BuildInto(slot)
				s.Commit(len(out))
			}
			if err := s.Flush(); err != nil {
				b.Error(err)
			}
		}()
	}
	wg.Wait()
	el := time.Since(start)
	cpu := processCPU() - cpu0
	var ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	b.ReportMetric(float64(ru1.Utime.Nano()-ru0.Utime.Nano())/float64(b.N), "user-ns/pkt")
	b.StopTimer()
	b.ReportMetric(float64(b.N)/el.Seconds(), "pkts/s")
	b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/pkt")
	var retries uint64
	for _, s := range ss {
		retries += s.Stats().Retries
	}
	b.ReportMetric(float64(retries)/float64(b.N), "retries/pkt")
	if got := rxPackets(b, lab, netns.B, lab.IfaceB) - before; got < uint64(b.N) {
		b.Errorf("the peer received %d of %d frames", got, b.N)
	}
}

func BenchmarkSendTXRing(b *testing.B) { benchSend(b, TXConfig{Method: MethodTXRing}, 1) }
func BenchmarkSendTXRingBypass(b *testing.B) {
	benchSend(b, TXConfig{Method: MethodTXRing, QdiscBypass: true}, 1)
}
func BenchmarkSendSendmmsg(b *testing.B) { benchSend(b, TXConfig{Method: MethodSendmmsg}, 1) }
func BenchmarkSendIOURing(b *testing.B)  { benchSend(b, TXConfig{Method: MethodIOURing}, 1) }
func BenchmarkSendTXRing2(b *testing.B) {
	benchSend(b, TXConfig{Method: MethodTXRing, QdiscBypass: true}, 2)
}

// BenchmarkRecvDecode receives frames from the RX ring and decodes each
// with a warm decoder while A sends.
func BenchmarkRecvDecode(b *testing.B) {
	lab := netns.NewPair(b)
	rx := openRX(b, lab, netns.B, lab.IfaceB, RXConfig{Filter: testFilter})
	s := openSender(b, lab, TXConfig{QdiscBypass: true})
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		p := testPacket(lab)
		for {
			select {
			case <-stop:
				s.Flush()
				return
			default:
			}
			for range 256 {
				out, _ := p.BuildInto(s.Next())
				s.Commit(len(out))
			}
		}
	}()
	dec := packet.NewDecoder(layers.EthernetType)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		f, _, err := rx.Next(ctx)
		if err != nil {
			b.Fatal(err)
		}
		dec.Decode(f)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "pkts/s")
	b.StopTimer()
	close(stop)
	<-done
}

// processCPU returns the CPU time the process used (all threads, system
// time included: the kernel's work for the frames sent counts).
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
