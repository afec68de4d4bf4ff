package sniff_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/goscapy/goscapy/bpf"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
	"github.com/goscapy/goscapy/sniff"
)

// The examples with an Output block read a capture file (a TCP handshake
// from the tcpdump test suite); the live ones are compiled but not run:
// they capture on "eth0", so name your own interface.
const handshake = "../pcap/testdata/tcpdump_tcp-handshake-nano.pcap"

// Sniff hands each packet to a callback; Filter is tcpdump syntax. Here
// the two packets with SYN set, as
// tcpdump -r FILE 'tcp[tcpflags] & tcp-syn != 0' shows them.
func ExampleSniff() {
	err := sniff.Sniff(sniff.SniffConfig{
		Offline: handshake,
		Filter:  "tcp[tcpflags] & tcp-syn != 0",
	}, func(p *packet.Packet) bool {
		fmt.Println(p.Metadata.Timestamp.UTC().Format("15:04:05.000000"), p.Summary())
		return true // false stops the capture
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// 17:16:09.924505 CookedLinux / IP / TCP 131.155.215.69:46656 > 137.116.81.94:80 S
	// 17:16:10.052027 CookedLinux / IP / TCP 137.116.81.94:80 > 131.155.215.69:46656 SA
}

// A live capture: ICMP on one interface for ten seconds. The packet is
// valid only during the callback unless Store is set.
func ExampleSniff_live() {
	err := sniff.Sniff(sniff.SniffConfig{Iface: "eth0", Filter: "icmp", Timeout: 10 * time.Second},
		func(p *packet.Packet) bool {
			fmt.Println(p)
			return true
		})
	if err != nil {
		log.Fatal(err) // errors.Is(err, sendrecv.ErrPermission) without root
	}
}

// SniffContext also stops when the context ends.
func ExampleSniffContext() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	n := 0
	err := sniff.SniffContext(ctx, sniff.SniffConfig{Offline: handshake, Count: 2}, func(p *packet.Packet) bool {
		n++
		tcp, _ := packet.LayerOf[*layers.TCP](p)
		fmt.Println(n, tcp.Seq, tcp.Ack)
		return true
	})
	fmt.Println(err)
	// Output:
	// 1 797190859 0
	// 2 3078856592 797190860
	// <nil>
}

// SniffPackets returns the packets, as Scapy's sniff() does; each owns its
// bytes.
func ExampleSniffPackets() {
	pkts, err := sniff.SniffPackets(context.Background(), sniff.SniffConfig{Offline: handshake})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range pkts {
		fmt.Println(p.Metadata.CaptureLength, p)
	}
	// Output:
	// 76 CookedLinux / IP / TCP 131.155.215.69:46656 > 137.116.81.94:80 S
	// 76 CookedLinux / IP / TCP 137.116.81.94:80 > 131.155.215.69:46656 SA
	// 68 CookedLinux / IP / TCP 131.155.215.69:46656 > 137.116.81.94:80 A
}

// SniffChan delivers the packets on a channel, closed when the capture
// ends; stop ends it early.
func ExampleSniffChan() {
	ch, stop := sniff.SniffChan(sniff.SniffConfig{Offline: handshake, Filter: "src port 80"})
	defer stop()
	for p := range ch {
		fmt.Println(p)
	}
	// Output:
	// CookedLinux / IP / TCP 137.116.81.94:80 > 131.155.215.69:46656 SA
}

// SniffChanContext reports why the capture ended; here a live capture of
// five DNS packets, or what a minute brings.
func ExampleSniffChanContext() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ch, stop := sniff.SniffChanContext(ctx, sniff.SniffConfig{Iface: "eth0", Filter: "udp port 53", Count: 5})
	for p := range ch {
		fmt.Println(p)
	}
	if err := stop(); err != nil {
		fmt.Println(err) // context.DeadlineExceeded, or an error opening the capture
	}
}

// Open starts the capture at once, so that a program can send its probes
// knowing nothing will be missed; Run then delivers.
func ExampleOpen() {
	s, err := sniff.Open(sniff.SniffConfig{Offline: handshake})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	fmt.Println(pcap.LinkType(s.LinkType()), s.Method())
	err = s.Run(context.Background(), func(p *packet.Packet) bool {
		fmt.Println(p)
		return true
	})
	fmt.Println(err)
	// Output:
	// LINUX_SLL file
	// CookedLinux / IP / TCP 131.155.215.69:46656 > 137.116.81.94:80 S
	// CookedLinux / IP / TCP 137.116.81.94:80 > 131.155.215.69:46656 SA
	// CookedLinux / IP / TCP 131.155.215.69:46656 > 137.116.81.94:80 A
	// <nil>
}

// A live Sniffer: open it, send, then read the answers and the kernel's
// counters.
func ExampleSniffer() {
	s, err := sniff.Open(sniff.SniffConfig{Iface: "eth0", Filter: "icmp and host 198.18.1.3", Timeout: 5 * time.Second})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	// ... send the probes here (package sendrecv) ...
	err = s.Run(context.Background(), func(p *packet.Packet) bool {
		fmt.Println(p)
		return true
	})
	if err != nil {
		log.Fatal(err)
	}
	st, _ := s.CaptureStats()
	fmt.Printf("%d captured, %d received by filter, %d dropped by kernel (%s)\n",
		st.Captured, st.Received, st.Dropped, st.Method)
}

// CaptureStats are tcpdump's closing counters.
func ExampleCaptureStats() {
	s, err := sniff.Open(sniff.SniffConfig{Iface: "eth0", Filter: "tcp", Count: 1000})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	if err := s.Run(context.Background(), nil); err != nil { // a nil callback only counts
		log.Fatal(err)
	}
	var st sniff.CaptureStats
	st, _ = s.CaptureStats()
	fmt.Println(st.Captured, "packets captured")
	fmt.Println(st.Received, "packets received by filter")
	fmt.Println(st.Dropped, "packets dropped by kernel")
	fmt.Println(st.FreezeCount, "times the ring was full")
}

// SniffConfig combines a kernel filter (Filter or Instructions), a Go
// filter (LFilter), a stop condition and a copy to a file.
func ExampleSniffConfig() {
	dir, err := os.MkdirTemp("", "sniff-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "syn.pcapng")

	prog, err := bpf.Compile("tcp", bpf.LinkTypeLinuxSLL, 0)
	if err != nil {
		log.Fatal(err)
	}
	cfg := sniff.SniffConfig{
		Offline:      handshake,
		Instructions: prog,
		LFilter: func(p *packet.Packet) bool { // only segments with a window above 1000
			tcp, ok := packet.LayerOf[*layers.TCP](p)
			return ok && tcp.Window > 1000
		},
		Stop: func(p *packet.Packet) bool { // up to the SYN-ACK
			tcp, _ := packet.LayerOf[*layers.TCP](p)
			return tcp.Flags&layers.TCPAck != 0
		},
		Write: out,
		Store: true,
	}
	var kept []*packet.Packet
	if err := sniff.Sniff(cfg, func(p *packet.Packet) bool { kept = append(kept, p); return true }); err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(kept), "packets")

	r, err := pcap.Open(out)
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	for _, ci := range r.All() {
		fmt.Println(r.Format(), ci.LinkType, ci.CaptureLength)
	}
	// Output:
	// 2 packets
	// pcapng LINUX_SLL 76
	// pcapng LINUX_SLL 76
}

// pairs is a toy Session that delivers packets two at a time; what is
// left at the end of the capture comes from Flush. (A *stream.Session
// reassembles TCP messages.)
var _ sniff.Session = (*pairs)(nil)

type pairs struct {
	held *packet.Packet
	in   int // packets processed
}

func (s *pairs) Process(p *packet.Packet, _ time.Time) ([]*packet.Packet, error) {
	s.in++
	if s.held == nil {
		s.held = p
		return nil, nil
	}
	out := []*packet.Packet{s.held, p}
	s.held = nil
	return out, nil
}

func (s *pairs) Flush() []*packet.Packet {
	if s.held == nil {
		return nil
	}
	out := []*packet.Packet{s.held}
	s.held = nil
	return out
}

// The callback gets the first two packets once the session has seen
// both, and the third from Flush at the end of the file.
func ExampleSession() {
	session := &pairs{}
	err := sniff.Sniff(sniff.SniffConfig{Offline: handshake, Session: session}, func(p *packet.Packet) bool {
		tcp, _ := packet.LayerOf[*layers.TCP](p)
		fmt.Println("seen", session.in, "delivered", tcp.SrcPort, ">", tcp.DstPort)
		return true
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// seen 2 delivered 46656 > 80
	// seen 2 delivered 80 > 46656
	// seen 3 delivered 46656 > 80
}
