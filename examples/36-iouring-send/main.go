//go:build linux

// Iouring-send sends the same frames three ways and compares them: the
// memory-mapped TX ring (PACKET_TX_RING), io_uring (IORING_OP_SEND
// requests, one io_uring_enter per batch) and sendmmsg batches. For each
// it prints the frames per second and the CPU time per frame (the
// process's, system time included: the kernel's work counts).
//
//	sudo ip link add gs0 type dummy && sudo ip link set gs0 up
//	sudo go run ./examples/36-iouring-send -i gs0 -c 500000
//
// io_uring is used only when the kernel offers it: a kernel without it,
// one where the sysctl kernel.io_uring_disabled forbids it, or a seccomp
// filter that blocks it make ring.OpenSender fall back to sendmmsg, and
// the example says why. It sends nothing unless an interface is named
// with -i. Sending needs root or CAP_NET_RAW.
//
//example:lab -i {iface} -c 20000
package main

import (
	"flag"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/ring"
	"github.com/goscapy/goscapy/route"
)

func main() {
	iface := flag.String("i", "", "interface to send on (required)")
	count := flag.Int("c", 500000, "frames per method")
	bypass := flag.Bool("bypass", true, "bypass the qdisc layer (PACKET_QDISC_BYPASS)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: iouring-send -i IFACE [-c N] [-bypass=false]")
		fmt.Fprintln(os.Stderr, "\nSend -c frames on IFACE with the TX ring, io_uring and sendmmsg, and compare (needs root or CAP_NET_RAW).")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *iface == "" || flag.NArg() > 0 || *count < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := ring.ProbeIOURing(); err != nil {
		fmt.Println("io_uring:", err)
	}
	ifc, err := route.InterfaceByName(*iface)
	if err != nil {
		fail(err)
	}
	frame, err := goscapy.NewEthernet().SrcMAC(ifc.MAC).DstMAC("ff:ff:ff:ff:ff:ff").
		Over(goscapy.NewIP().SrcIP("198.18.0.1").DstIP("198.18.0.2")).
		Over(goscapy.NewUDP().SrcPort(4321).DstPort(9)).
		Over(goscapy.NewRaw(make([]byte, 18))).Build()
	if err != nil {
		fail(err)
	}
	fmt.Printf("%-22s %12s %14s %10s\n", "method", "frames/s", "CPU ns/frame", "syscalls")
	for _, m := range []string{ring.MethodTXRing, ring.MethodIOURing, ring.MethodSendmmsg} {
		s, err := ring.OpenSender(*iface, ring.TXConfig{Method: m, QdiscBypass: *bypass, FrameSize: ring.FrameSizeFor(len(frame))})
		if err != nil {
			fail(err)
		}
		cpu0 := cpuTime()
		start := time.Now()
		for range *count {
			copy(s.Next(), frame)
			if err := s.Commit(len(frame)); err != nil {
				fail(err)
			}
		}
		if err := s.Flush(); err != nil {
			fail(err)
		}
		el, cpu := time.Since(start), cpuTime()-cpu0
		st := s.Stats()
		fmt.Printf("%-22s %12.0f %14.0f %10d\n", s.Method(), float64(st.Packets)/el.Seconds(), float64(cpu)/float64(st.Packets), st.Kicks)
		s.Close()
	}
}

// cpuTime returns the CPU time of the process (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "iouring-send:", err)
	os.Exit(1)
}
