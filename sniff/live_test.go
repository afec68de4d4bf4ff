//go:build linux

package sniff_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/internal/netns"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sendrecv"
	"github.com/goscapy/goscapy/sniff"
)

// TestLiveAllInterfaces sniffs on every interface of B with a kernel
// filter while A sends: the packets come with B's interface index.
func TestLiveAllInterfaces(t *testing.T) {
	lab := netns.NewPair(t)
	var s *sniff.Sniffer
	err := lab.Do(netns.B, func() error {
		var err error
		s, err = sniff.Open(sniff.SniffConfig{Filter: "udp port 9999", Count: 2, Timeout: 5 * time.Second})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	p := goscapy.NewEthernet().DstMAC(lab.MACB).Over(goscapy.NewIP().DstIP(lab.B4)).Over(goscapy.NewUDP().DstPort(9999)).Packet()
	if err := lab.Do(netns.A, func() error { return sendrecv.Sendp(p, lab.IfaceA, sendrecv.Count(2)) }); err != nil {
		t.Fatal(err)
	}
	var got []packet.Metadata
	if err := s.Run(context.Background(), func(p *packet.Packet) bool {
		got = append(got, p.Metadata)
		return true
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if len(got) != 2 {
		t.Fatalf("got %d packets", len(got))
	}
	for _, m := range got {
		if m.InterfaceIndex != 11 || m.LinkType != 1 || m.Length != 42 || m.CaptureLength != 42 {
			t.Errorf("metadata %+v", m)
		}
	}
}

// TestLivePromisc: promiscuous mode is on while the capture is open.
func TestLivePromisc(t *testing.T) {
	lab := netns.NewPair(t)
	promisc := func() bool {
		out, err := lab.Exec(netns.B, "ip", "-d", "link", "show", lab.IfaceB)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Contains(string(out), "promiscuity 1")
	}
	var s *sniff.Sniffer
	if err := lab.Do(netns.B, func() error {
		var err error
		s, err = sniff.Open(sniff.SniffConfig{Iface: lab.IfaceB, Promisc: true, Timeout: 100 * time.Millisecond})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !promisc() {
		t.Error("interface not promiscuous during the capture")
	}
	start := time.Now()
	if err := s.Run(context.Background(), nil); err != nil {
		t.Errorf("run with a timeout: %v", err)
	}
	if d := time.Since(start); d < 90*time.Millisecond || d > 2*time.Second {
		t.Errorf("timeout of 100ms took %v", d)
	}
	if _, _, err := s.Stats(); err != nil {
		t.Error(err)
	}
	s.Close()
	if promisc() {
		t.Error("interface still promiscuous after the capture")
	}
}

// TestLiveCloseDuringRun: Close from another goroutine ends Run.
func TestLiveCloseDuringRun(t *testing.T) {
	lab := netns.NewPair(t)
	var s *sniff.Sniffer
	if err := lab.Do(netns.B, func() error {
		var err error
		s, err = sniff.Open(sniff.SniffConfig{Iface: lab.IfaceB, Write: t.TempDir() + "/x.pcap"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Run(context.Background(), nil) }()
	time.Sleep(50 * time.Millisecond)
	s.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after close: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Close did not end Run")
	}
}
