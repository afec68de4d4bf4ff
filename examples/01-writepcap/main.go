// Writepcap builds a few packets with the goscapy builders and writes them
// to a classic pcap file, ready for tcpdump, Wireshark or goscapy read:
//
//	go run ./examples/01-writepcap out.pcap
//	tcpdump -n -r out.pcap
//
// It only writes the file named on the command line, and does not replace
// an existing file unless -force is given. Nothing is sent.
//
//example:offline {tmp}/out.pcap
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/pcap"
)

func main() {
	force := flag.Bool("force", false, "replace OUT if it exists")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: writepcap [-force] OUT.pcap")
		fmt.Fprintln(os.Stderr, "\nBuild a few packets (ARP, ICMP, TCP, DNS) and write them to a pcap file.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *force); err != nil {
		fmt.Fprintf(os.Stderr, "writepcap: %v\n", err)
		os.Exit(1)
	}
}

// packets builds the frames: an ARP request, a ping, a TCP handshake
// opener and a DNS query, from documentation addresses.
func packets() ([][]byte, error) {
	const (
		me     = "02:00:00:00:00:01"
		router = "02:00:00:00:00:fe"
		bcast  = "ff:ff:ff:ff:ff:ff"
	)
	var frames [][]byte
	var errs []error
	build := func(b []byte, err error) {
		errs = append(errs, err)
		frames = append(frames, b)
	}
	build(goscapy.EtherARP(me, bcast, "192.0.2.10", "192.0.2.1", layers.ARPWhoHas))
	build(goscapy.NewEthernet().SrcMAC(me).DstMAC(router).
		Over(goscapy.NewIP().SrcIP("192.0.2.10").DstIP("198.51.100.7")).
		Over(goscapy.NewICMP().Type(8).ID(0x4242).Seq(1)).
		Over(goscapy.NewRaw("goscapy ping")).
		Build())
	build(goscapy.EtherIPTCP(me, router, "192.0.2.10", "198.51.100.80", 40000, 80, layers.TCPSyn))
	build(goscapy.NewEthernet().SrcMAC(me).DstMAC(router).
		Over(goscapy.NewIP().SrcIP("192.0.2.10").DstIP("198.51.100.53")).
		Over(goscapy.NewUDP().SrcPort(33333).DstPort(53)).
		Over(goscapy.NewDNS().ID(0x1234).Question("example.com", layers.DNSTypeA)).
		Build())
	return frames, errors.Join(errs...)
}

func run(path string, force bool) error {
	frames, err := packets()
	if err != nil {
		return err
	}
	mode := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		mode = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, mode, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s exists; pass -force to replace it", path)
	}
	if err != nil {
		return err
	}
	w, err := pcap.NewWriter(f, pcap.LinkTypeEthernet)
	if err != nil {
		f.Close()
		return err
	}
	t := time.Now()
	for _, frame := range frames {
		ci := pcap.CaptureInfo{Timestamp: t, CaptureLength: len(frame), Length: len(frame), LinkType: pcap.LinkTypeEthernet}
		if err := w.WritePacket(ci, frame); err != nil {
			f.Close()
			return err
		}
		t = t.Add(time.Millisecond)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("wrote %d packets to %s\n", len(frames), path)
	return nil
}
