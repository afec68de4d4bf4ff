// Buildinto-ring builds every frame straight into the slot of a TX ring
// where the kernel reads it: a SYN to each port of a range, the packet
// described once with the builders and changed in place (the destination
// port, the sequence number) before each BuildInto. Lengths and checksums
// are computed in the slot; nothing is copied and nothing is allocated
// per frame, which the example checks with the Go runtime's counters.
//
//	sudo ip link add gs0 type dummy && sudo ip link set gs0 up
//	sudo go run ./examples/37-buildinto-ring -i gs0 -dst-ip 198.18.0.2 -ports 1-65535
//
// It sends nothing unless an interface is named with -i, and only to the
// addresses given (default: a broadcast MAC and 198.18.0.2, an address of
// the benchmarking range of RFC 2544). Sending needs root or CAP_NET_RAW:
// scan only hosts you own.
//
//example:lab -i {iface} -dst-ip {b} -ports 1-2000
package main

import (
	"flag"
	"fmt"
	"net/netip"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/ring"
	"github.com/goscapy/goscapy/route"
)

func main() {
	iface := flag.String("i", "", "interface to send on (required)")
	dst := flag.String("dst", "ff:ff:ff:ff:ff:ff", "destination MAC address")
	dstIP := flag.String("dst-ip", "198.18.0.2", "destination IP address")
	ports := flag.String("ports", "1-1024", "destination ports, FIRST-LAST")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: buildinto-ring -i IFACE [-dst MAC] [-dst-ip IP] [-ports FIRST-LAST]")
		fmt.Fprintln(os.Stderr, "\nSend a TCP SYN to each port, each frame built in a TX ring slot (needs root or CAP_NET_RAW).")
		flag.PrintDefaults()
	}
	flag.Parse()
	lo, hi, ok := portRange(*ports)
	dstAddr, err := netip.ParseAddr(*dstIP)
	if *iface == "" || flag.NArg() > 0 || !ok || err != nil || !dstAddr.Is4() {
		flag.Usage()
		os.Exit(2)
	}
	ifc, err := route.InterfaceByName(*iface)
	if err != nil {
		fail(err)
	}
	src := "198.18.0.1"
	if r, err := route.Lookup(dstAddr); err == nil && r.Src.Is4() {
		src = r.Src.String()
	}
	// The packet, described once. Its layers are plain structs: change
	// them and build again.
	p := goscapy.NewEthernet().SrcMAC(ifc.MAC).DstMAC(*dst).
		Over(goscapy.NewIP().SrcIP(src).DstIP(*dstIP)).
		Over(goscapy.NewTCP().SrcPort(40000).Flags(layers.TCPSyn)).Packet()
	if err := p.Err(); err != nil && p.Data() == nil {
		fail(err)
	}
	tcp, _ := packet.LayerOf[*layers.TCP](p)
	ip, _ := packet.LayerOf[*layers.IPv4](p)

	tx, err := ring.NewTX(*iface, ring.TXConfig{FrameSize: ring.FrameSizeFor(p.Len())})
	if err != nil {
		fail(err)
	}
	defer tx.Close()
	// One build outside the ring warms the packet's caches; the frames
	// after it allocate nothing.
	if _, err := p.BuildInto(make([]byte, p.Len())); err != nil {
		fail(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	for port := lo; port <= hi; port++ {
		tcp.DstPort = uint16(port)
		tcp.Seq = uint32(port) * 2654435761 // a different sequence number per probe
		ip.ID = uint16(port)
		slot := tx.Next()             // the ring's memory
		out, err := p.BuildInto(slot) // lengths and checksums computed there
		if err != nil {
			fail(err)
		}
		if err := tx.Commit(len(out)); err != nil {
			fail(err)
		}
	}
	if err := tx.Flush(); err != nil {
		fail(err)
	}
	el := time.Since(start)
	runtime.ReadMemStats(&after)
	st := tx.Stats()
	fmt.Printf("%d SYNs to %s ports %d-%d in %.3fs (%.0f/s) with %s, %d system calls\n",
		st.Packets, *dstIP, lo, hi, el.Seconds(), float64(st.Packets)/el.Seconds(), tx.Method(), st.Kicks)
	fmt.Printf("heap allocations while sending: %d (%.3f per frame)\n", after.Mallocs-before.Mallocs, float64(after.Mallocs-before.Mallocs)/float64(max(st.Packets, 1)))
}

func portRange(s string) (lo, hi int, ok bool) {
	a, b, found := strings.Cut(s, "-")
	if !found {
		b = a
	}
	lo, err1 := strconv.Atoi(a)
	hi, err2 := strconv.Atoi(b)
	return lo, hi, err1 == nil && err2 == nil && lo >= 1 && hi <= 65535 && lo <= hi
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "buildinto-ring:", err)
	os.Exit(1)
}
