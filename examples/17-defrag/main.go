// Command defrag reassembles the IPv4 and IPv6 fragments of a capture
// (pcap or pcapng, gzip-compressed or not), as tshark and Scapy's
// IPSession do.
//
// Without -w it prints one line per reassembled datagram: the frame that
// completed it, its length and its summary,
// dissected again from the reassembled bytes. With -w OUT it writes a
// classic pcap file in which every packet that is not a fragment is
// copied as it is and each datagram is written, reassembled, in place of
// the fragment that completed it. The counters of the defragmenter
// (duplicates, overlaps, timeouts, tiny fragments, ...) are printed at the
// end.
//
//	go run ./examples/17-defrag ../shared/corpus/pcapplusplus/ip4_fragments.pcap
//	go run ./examples/17-defrag -w whole.pcap frags.pcap && tshark -r whole.pcap
//
//example:offline defrag/testdata/ip4_fragments.pcap
//example:offline -w {tmp}/whole.pcap defrag/testdata/ipv6-frag.pcap
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/goscapy/goscapy/defrag"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

func main() {
	out := flag.String("w", "", "write the packets, datagrams reassembled, to this pcap file")
	force := flag.Bool("force", false, "replace the -w file if it exists")
	timeout := flag.Duration("timeout", defrag.DefaultTimeout, "how long a datagram waits for its fragments (capture time)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: defrag [-w OUT.pcap [-force]] [-timeout 30s] FILE")
		fmt.Fprintln(os.Stderr, "\nReassemble the IP fragments of a pcap or pcapng file.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *out, *force, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "defrag:", err)
		os.Exit(1)
	}
}

func run(name, out string, force bool, timeout time.Duration) (err error) {
	r, err := pcap.Open(name)
	if err != nil {
		return err
	}
	defer r.Close()

	var w *pcap.Writer
	if out != "" {
		mode := os.O_WRONLY | os.O_CREATE | os.O_EXCL
		if force {
			mode = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		}
		f, err := os.OpenFile(out, mode, 0o644)
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s exists; pass -force to replace it", out)
		}
		if err != nil {
			return err
		}
		defer func() {
			if e := w.Flush(); err == nil {
				err = e
			}
			if e := f.Close(); err == nil {
				err = e
			}
		}()
		if w, err = pcap.NewWriter(f, r.LinkType()); err != nil {
			return err
		}
	}

	d := defrag.New(defrag.Config{Timeout: timeout})
	decoders := map[packet.LayerType]*packet.Decoder{}
	frame, written := 0, 0
	var last time.Time
	for data, ci := range r.All() {
		frame++
		last = ci.Timestamp
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		dec := decoders[first]
		if dec == nil {
			dec = packet.NewDecoder(first)
			decoders[first] = dec
		}
		p, _ := dec.Decode(data) // what could not be dissected stays Raw
		p.Metadata.LinkType = uint32(ci.LinkType)
		q, ok, perr := d.Process(p, ci.Timestamp)
		if perr != nil {
			fmt.Printf("frame %d: fragment dropped: %v\n", frame, perr)
		}
		if !ok {
			continue
		}
		if q != p && w == nil {
			fmt.Printf("frame %d: reassembled %d bytes: %v\n", frame, len(q.Data()), q)
		}
		if w != nil {
			if q != p { // a reassembled datagram
				ci.CaptureLength, ci.Length = len(q.Data()), len(q.Data())
			}
			if err := w.WritePacket(ci, q.Data()); err != nil {
				return err
			}
			written++
		}
	}
	if err := r.Err(); err != nil {
		return err
	}
	d.Expire(last.Add(timeout + time.Nanosecond)) // what never completed
	s := d.Stats()
	fmt.Printf("%s: %d packets, %d fragments, %d datagrams reassembled, %d atomic fragments, %d duplicates\n",
		name, frame, s.Fragments, s.Reassembled, s.Atomic, s.Duplicates)
	fmt.Printf("dropped: %d incomplete at the end or timed out, %d overlapping, %d over a limit, %d oversized, %d malformed fragments, %d tiny fragments\n",
		s.DroppedTimeout, s.DroppedOverlap, s.DroppedLimit, s.DroppedOversized, s.DroppedMalformed, s.DroppedTiny)
	if w != nil {
		fmt.Printf("wrote %d packets to %s\n", written, out)
	}
	return nil
}
