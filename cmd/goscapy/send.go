package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sendrecv"
)

func init() {
	register(command{name: "send", summary: "send an IP packet described as for build (layer 3)", run: func(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
		return runSend("send", args, stdin, stdout, stderr)
	}})
	register(command{name: "sendp", summary: "send a frame described as for build, as built (layer 2)", run: func(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
		return runSend("sendp", args, stdin, stdout, stderr)
	}})
}

const sendUsage = `usage: goscapy send [-i IFACE] [-c N] [--inter D] [--rate PPS] [--loop] SPEC
       goscapy sendp -i IFACE [-c N] [--inter D] [--rate PPS] [--loop] SPEC

Build a packet from SPEC, the description goscapy build takes (see
'goscapy build -h'), and send it, as Scapy's send() and sendp() do:

  goscapy send 'IP(dst=198.18.1.3)/ICMP()'
  goscapy send -c 3 --inter 1s IP dst=198.18.1.3 / UDP dport=9999 / '"hi"'
  goscapy sendp -i eth0 'Ether(dst=ff:ff:ff:ff:ff:ff)/ARP(pdst=198.18.1.3)'

send works at layer 3: a link layer in SPEC is left out, the kernel
routes the IP packet (through IFACE if -i is given) and adds the link
layer; Linux fills in the IPv4 length and checksum. sendp sends the frame
on IFACE exactly as built. An unset IP source is the kernel's source
address for the destination; an unset Ethernet source is the interface's
address. Sending needs root or CAP_NET_RAW.

-c sends the packet N times, --inter waits D between two packets, --rate
sends at most PPS packets per second, --loop sends until Ctrl-C. At the
end it prints "Sent N packets.", as Scapy does. A SPEC of "-" is read
from standard input.
`

func runSend(name string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet(name)
	iface := fs.String("i", "", "send through interface `IFACE`")
	count := fs.Int("c", 1, "send the packet `N` times")
	inter := fs.Duration("inter", 0, "wait `D` between two packets (100ms, 1s, ...)")
	rate := fs.Float64("rate", 0, "send at most `PPS` packets per second")
	loop := fs.Bool("loop", false, "send until interrupted")
	quiet := fs.Bool("q", false, "print nothing")
	pos, code, ok := parseArgs(fs, args, stdout, stderr, sendUsage)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		return usageError(stderr, name, errors.New("missing SPEC"))
	}
	if name == "sendp" && *iface == "" {
		return usageError(stderr, name, errors.New("sendp needs an interface: -i IFACE"))
	}
	if *count < 1 && !*loop {
		return usageError(stderr, name, fmt.Errorf("-c %d: the count must be at least 1", *count))
	}
	if *inter < 0 || *rate < 0 {
		return usageError(stderr, name, errors.New("--inter and --rate cannot be negative"))
	}
	spec := strings.Join(pos, " ")
	if spec == "-" {
		b, err := readInput(stdin)
		if err != nil {
			return fail(stderr, err)
		}
		spec = string(b)
	}
	ls, err := specLayers(spec)
	if err != nil {
		return fail(stderr, err)
	}
	p := packet.New(ls...)
	opts := []sendrecv.SendOption{sendrecv.Inter(*inter), sendrecv.Rate(*rate)}
	if *loop {
		opts = append(opts, sendrecv.Loop())
		if flagGiven(fs, "c") {
			opts = append(opts, sendrecv.Count(*count))
		}
	} else {
		opts = append(opts, sendrecv.Count(*count))
	}
	var sent int
	opts = append(opts, sendrecv.Sent(&sent))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	if name == "send" {
		err = sendrecv.SendContext(ctx, p, *iface, opts...)
	} else {
		err = sendrecv.SendpContext(ctx, p, *iface, opts...)
	}
	if errors.Is(err, context.Canceled) {
		err = nil // Ctrl-C ends --loop
	}
	if !*quiet && (err == nil || sent > 0) {
		msg := fmt.Sprintf("Sent %d packets.\n", sent)
		if d := time.Since(start); sent > 1 && d > time.Second {
			msg = fmt.Sprintf("Sent %d packets in %.1fs (%.0f/s).\n", sent, d.Seconds(), float64(sent)/d.Seconds())
		}
		if code := writeOut(stdout, stderr, msg); code != exitOK {
			return code
		}
	}
	if err != nil {
		return fail(stderr, err)
	}
	return exitOK
}

// flagGiven reports whether a flag was set on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			found = true
		}
	})
	return found
}
