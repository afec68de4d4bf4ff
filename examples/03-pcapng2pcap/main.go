// Pcapng2pcap converts a pcapng capture (or any capture the pcap package
// reads) to a classic pcap file, for tools that only read the old format:
//
//	go run ./examples/03-pcapng2pcap in.pcapng out.pcap
//
// A classic pcap file holds a single link type, so a pcapng file whose
// interfaces mix link types cannot be converted: that is an error, and the
// partial output is removed. Packet comments and interface names have no
// place in classic pcap and are dropped (the count is reported).
// Timestamps are written to the microsecond unless -ns is given. An
// existing OUT is not replaced unless -force is given.
//
//example:offline pcap/testdata/gopacket_le_test010.pcapng {tmp}/out.pcap
//example:offline -ns pcap/testdata/gopacket_be_test902.pcapng {tmp}/out.pcap
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/goscapy/goscapy/pcap"
)

func main() {
	ns := flag.Bool("ns", false, "write nanosecond timestamps")
	force := flag.Bool("force", false, "replace OUT if it exists")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: pcapng2pcap [-ns] [-force] IN.pcapng OUT.pcap")
		fmt.Fprintln(os.Stderr, "\nConvert a pcapng capture to classic pcap.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 2 {
		flag.Usage()
		os.Exit(2)
	}
	if err := convert(flag.Arg(0), flag.Arg(1), *ns, *force); err != nil {
		fmt.Fprintf(os.Stderr, "pcapng2pcap: %v\n", err)
		os.Exit(1)
	}
}

func convert(in, out string, ns, force bool) (err error) {
	r, err := pcap.Open(in)
	if err != nil {
		return err
	}
	defer r.Close()
	if a, e1 := os.Stat(in); e1 == nil {
		if b, e2 := os.Stat(out); e2 == nil && os.SameFile(a, b) {
			return fmt.Errorf("%s is the input file", out)
		}
	}

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
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(out)
		}
	}()

	var opts []pcap.WriterOption
	if ns {
		opts = append(opts, pcap.WithNanoseconds())
	}
	var w *pcap.Writer
	var lt pcap.LinkType // of the output
	packets, comments := 0, 0
	// ReadPacketData hands out the reader's buffer: no copy, no allocation.
	for {
		data, ci, err := r.ReadPacketData()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return fmt.Errorf("%s: %w", in, err)
		}
		if w == nil { // the first packet fixes the link type
			lt = ci.LinkType
			if w, err = pcap.NewWriter(f, lt, opts...); err != nil {
				return err
			}
		}
		if err := w.WritePacket(ci, data); err != nil {
			if errors.Is(err, pcap.ErrLinkTypeMismatch) {
				return fmt.Errorf("packet %d of %s has link type %s, the packets before it %s: a classic pcap file holds one link type",
					packets+1, in, ci.LinkType, lt)
			}
			return fmt.Errorf("packet %d of %s: %w", packets+1, in, err)
		}
		packets++
		comments += len(ci.Comments)
	}
	if w == nil { // no packets: a header with the file's link type
		lt = r.LinkType()
		if len(r.Interfaces()) == 0 {
			lt = pcap.LinkTypeEthernet
		}
		if w, err = pcap.NewWriter(f, lt, opts...); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Printf("%s: %d packets written", out, packets)
	if comments > 0 {
		fmt.Printf(", %d packet comments dropped", comments)
	}
	fmt.Println()
	return nil
}
