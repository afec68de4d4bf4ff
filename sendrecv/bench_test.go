//go:build linux

package sendrecv_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/internal/netns"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sendrecv"
	"golang.org/x/sys/unix"
)

// benchPacket is a 60-byte UDP frame from A to B's MAC address for an IP
// that is not B's: B's kernel drops it after the veth hands it over.
func benchPacket(lab *netns.Lab) *packet.Packet {
	return goscapy.NewEthernet().SrcMAC(lab.MACA).DstMAC(lab.MACB).
		Over(goscapy.NewIP().SrcIP(lab.A4).DstIP("198.18.1.99")).
		Over(goscapy.NewUDP().SrcPort(1234).DstPort(9999)).Packet()
}

func reportRate(b *testing.B, start time.Time) {
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "pkts/s")
}

// BenchmarkSendpCount: one Sendp call sending b.N frames on its reused
// socket (Scapy: 295k/s on a reused socket).
func BenchmarkSendpCount(b *testing.B) {
	lab := netns.NewPair(b)
	p := benchPacket(lab)
	err := lab.Do(netns.A, func() error {
		if err := sendrecv.Sendp(p, lab.IfaceA); err != nil { // opens the socket
			return err
		}
		b.ReportAllocs()
		b.ResetTimer()
		start := time.Now()
		err := sendrecv.SendpContext(context.Background(), p, lab.IfaceA, sendrecv.Count(b.N))
		reportRate(b, start)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSendpCall: one Sendp call per frame, as a program sending
// different packets does (Scapy: 41 sendp() calls per second, each
// opening a socket).
func BenchmarkSendpCall(b *testing.B) {
	lab := netns.NewPair(b)
	p := benchPacket(lab)
	err := lab.Do(netns.A, func() error {
		if err := sendrecv.Sendp(p, lab.IfaceA); err != nil {
			return err
		}
		b.ReportAllocs()
		b.ResetTimer()
		start := time.Now()
		for range b.N {
			if err := sendrecv.Sendp(p, lab.IfaceA); err != nil {
				return err
			}
		}
		reportRate(b, start)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkL2WritePacket: WritePacket of built bytes on an open socket,
// the floor under Sendp.
func BenchmarkL2WritePacket(b *testing.B) {
	lab := netns.NewPair(b)
	frame, err := benchPacket(lab).Build()
	if err != nil {
		b.Fatal(err)
	}
	var c *sendrecv.L2Conn
	if err := lab.Do(netns.A, func() error {
		var err error
		c, err = sendrecv.OpenL2(lab.IfaceA, sendrecv.WithSendOnly())
		return err
	}); err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	dropped := 0
	for range b.N {
		for {
			err := c.WritePacket(frame)
			if err == nil {
				break
			}
			if !isNoBufs(err) {
				b.Fatal(err)
			}
			dropped++ // the peer's backlog is full: wait a little
			time.Sleep(20 * time.Microsecond)
		}
	}
	reportRate(b, start)
	b.ReportMetric(float64(dropped)/float64(b.N), "retries/pkt")
}

func isNoBufs(err error) bool { return errors.Is(err, unix.ENOBUFS) }

// BenchmarkL2WriteBatch: WriteBatch of 64 copies of a frame per call
// (sendmmsg).
func BenchmarkL2WriteBatch(b *testing.B) {
	lab := netns.NewPair(b)
	frame, err := benchPacket(lab).Build()
	if err != nil {
		b.Fatal(err)
	}
	var c *sendrecv.L2Conn
	if err := lab.Do(netns.A, func() error {
		var err error
		c, err = sendrecv.OpenL2(lab.IfaceA, sendrecv.WithSendOnly())
		return err
	}); err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	batch := make([][]byte, 64)
	for i := range batch {
		batch[i] = frame
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	retries := 0
	for sent := 0; sent < b.N; {
		n, err := c.WriteBatch(batch[:min(len(batch), b.N-sent)])
		sent += n
		if err != nil {
			if !isNoBufs(err) {
				b.Fatal(err)
			}
			retries++
			time.Sleep(20 * time.Microsecond)
		}
	}
	reportRate(b, start)
	b.ReportMetric(float64(retries)/float64(b.N), "retries/pkt")
}
