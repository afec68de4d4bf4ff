package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sniff"
)

func init() {
	register(command{name: "sniff", summary: "capture packets from an interface (or a file) and print them", run: runSniff})
}

const sniffUsage = `usage: goscapy sniff [-i IFACE] [-f FILTER | FILTER...] [flags]

Capture packets and print them, as Scapy's sniff() and tcpdump do. The
filter, in tcpdump syntax (pcap-filter(7)), runs in the kernel: it is
compiled to BPF and attached before the capture starts. It is given with
-f or as the remaining arguments:

  goscapy sniff -i eth0 tcp port 80
  goscapy sniff -i eth0 -c 10 --json icmp or arp
  goscapy sniff -i eth0 -w out.pcapng --timeout 30s
  goscapy sniff -r trace.pcap -f 'udp port 53'

Capturing needs root or CAP_NET_RAW. Without -i it captures on all
interfaces. It runs until -c packets, --timeout, or Ctrl-C.

Output, one form at a time (as goscapy read): a summary line per packet
with its number and time of day (UTC) by default, --show (the field
tree), --hex (a hexdump), --json (one object per line) or --summary. -w
OUT writes the packets to OUT (pcapng when it ends in .pcapng, classic
pcap otherwise) and prints nothing unless an output flag asks for it.

Packets are read from a memory-mapped RX ring when the kernel has one.
--stats prints at the end, as tcpdump does, the packets captured, those
the kernel's filter received, and those the kernel dropped because the
capture could not keep up, with the way packets were read (rx-ring,
recvmmsg).
`

func runSniff(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("sniff")
	var out outputFlags
	out.register(fs, "print a header line and the field tree of each packet",
		"print a header line and a hexdump of each packet")
	iface := fs.String("i", "", "capture on `IFACE` (default: all interfaces)")
	filter := fs.String("f", "", "kernel filter `FILTER` in tcpdump syntax")
	count := fs.Int("c", 0, "stop after `N` packets")
	timeout := fs.Duration("timeout", 0, "stop after `D` (10s, 1m, ...)")
	write := fs.String("w", "", "write the packets to `OUT` (.pcapng: pcapng, else classic pcap)")
	offline := fs.String("r", "", "read the packets from `FILE` instead of an interface")
	promisc := fs.Bool("promisc", false, "put the interface in promiscuous mode")
	snap := fs.Int("snaplen", sniff.DefaultSnapLen, "keep at most `N` bytes of each packet")
	stats := fs.Bool("stats", false, "print the kernel's counters (captured, received, dropped) at the end")
	pos, code, ok := parseArgs(fs, args, stdout, stderr, sniffUsage)
	if !ok {
		return code
	}
	if err := out.check(); err != nil {
		return usageError(stderr, "sniff", err)
	}
	if len(pos) > 0 {
		if *filter != "" {
			return usageError(stderr, "sniff", errors.New("give the filter with -f or as arguments, not both"))
		}
		*filter = strings.Join(pos, " ")
	}
	if *count < 0 {
		return usageError(stderr, "sniff", fmt.Errorf("-c %d: the count cannot be negative", *count))
	}
	if *timeout < 0 {
		return usageError(stderr, "sniff", fmt.Errorf("--timeout %v: cannot be negative", *timeout))
	}
	if *offline != "" && (*iface != "" || *promisc) {
		return usageError(stderr, "sniff", errors.New("-r reads a file: -i and --promisc do not apply"))
	}
	if *snap <= 0 {
		return usageError(stderr, "sniff", fmt.Errorf("--snaplen %d: must be positive", *snap))
	}
	if *stats && *offline != "" {
		return usageError(stderr, "sniff", errors.New("--stats counts what the kernel dropped: a live capture only, not -r"))
	}
	printing := out.show || out.hex || out.json || out.summary || *write == ""
	cfg := sniff.SniffConfig{
		Iface: *iface, Filter: *filter, Count: *count, Timeout: *timeout,
		Promisc: *promisc, Offline: *offline, Write: *write, SnapLen: *snap,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s, err := sniff.Open(cfg)
	if err != nil {
		return fail(stderr, err)
	}
	bw := bufio.NewWriterSize(stdout, 64<<10)
	live := *offline == ""
	var line []byte
	var werr error
	n := 0
	var cb func(p *packet.Packet) bool
	if printing {
		cb = func(p *packet.Packet) bool {
			n++
			line = appendSniffed(line[:0], &out, n, p, *iface, live)
			if _, werr = bw.Write(line); werr == nil && live {
				werr = bw.Flush() // show each packet as it comes
			}
			return werr == nil
		}
	}
	err = s.Run(ctx, cb)
	if errors.Is(err, context.Canceled) {
		err = nil // Ctrl-C
	}
	err = errors.Join(err, s.Close())
	if *stats && werr == nil {
		if st, serr := s.CaptureStats(); serr != nil {
			err = errors.Join(err, serr)
		} else {
			_, werr = fmt.Fprintf(bw, "%d packets captured\n%d packets received by filter\n%d packets dropped by kernel\ncapture method: %s (%d ring freezes)\n",
				st.Captured, st.Received, st.Dropped, st.Method, st.FreezeCount)
		}
	}
	if ferr := bw.Flush(); werr == nil {
		werr = ferr
	}
	if werr != nil {
		return fail(stderr, fmt.Errorf("write output: %w", werr))
	}
	if err != nil {
		return fail(stderr, err)
	}
	return exitOK
}

// appendSniffed appends one packet in the chosen output form.
func appendSniffed(b []byte, out *outputFlags, n int, p *packet.Packet, iface string, nano bool) []byte {
	md := &p.Metadata
	switch {
	case out.json:
		b = p.AppendJSON(b, n)
		b = append(b, '\n')
	case out.show, out.hex:
		b = append(b, "packet "...)
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, " at "...)
		b = md.Timestamp.UTC().AppendFormat(b, time.RFC3339Nano)
		b = append(b, ": "...)
		b = strconv.AppendInt(b, int64(md.CaptureLength), 10)
		b = append(b, " bytes captured, "...)
		b = strconv.AppendInt(b, int64(md.Length), 10)
		b = append(b, " on the wire, interface "...)
		if iface != "" {
			b = append(b, iface...)
		} else {
			b = strconv.AppendInt(b, int64(md.InterfaceIndex), 10)
		}
		b = append(b, '\n')
		if out.show {
			b = append(b, p.Show()...)
			if err := p.Err(); err != nil {
				b = append(b, "[malformed: "...)
				b = append(b, err.Error()...)
				b = append(b, "]\n"...)
			}
		} else {
			b = append(b, packet.HexDump(p.Data())...)
		}
		b = append(b, '\n')
	case out.summary:
		b = append(b, p.String()...)
		b = append(b, '\n')
	default:
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, ' ')
		b = appendClock(b, md.Timestamp, nano)
		b = append(b, ' ')
		b = append(b, p.String()...)
		if err := p.Err(); err != nil {
			b = append(b, " [malformed: "...)
			b = append(b, err.Error()...)
			b = append(b, ']')
		}
		b = append(b, '\n')
	}
	return b
}
