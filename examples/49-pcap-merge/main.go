// Pcap-merge merges capture files into one, as Wireshark's mergecap does:
// packets in timestamp order (the inputs read side by side, the earliest
// next packet written first, the earlier input first on equal times), or
// with -a one file after the other. Inputs may be pcap or pcapng (gzip-
// compressed or not); they are streamed with the zero-copy pcap reader, a
// packet going from the reader's buffer to the writer without a copy.
//
// The output is classic pcap, in nanoseconds when an input has nanosecond
// timestamps, or pcapng when its name ends in .pcapng. A classic pcap file
// holds one link type: inputs that mix link types are refused unless the
// output is pcapng, where each input interface becomes an interface of the
// output (identical interfaces merged). An existing output is replaced only
// with -force.
//
//	go run ./examples/49-pcap-merge -w merged.pcap a.pcap b.pcapng
//	go run ./examples/49-pcap-merge -a -w all.pcapng x.pcap y.pcap
//	mergecap -w merged2.pcap a.pcap b.pcapng   # the same packet order
//
//example:offline -w {tmp}/m.pcap defrag/testdata/ipv6-frag.pcap defrag/testdata/ipv6_opt_fragments.pcap pcap/testdata/gopacket_le_test004.pcapng
//example:offline -a -w {tmp}/m.pcapng defrag/testdata/ipv6-frag.pcap pcap/testdata/tcpdump_tcp-handshake-nano.pcap
//example:expect wrote \d+ packets
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/goscapy/goscapy/pcap"
)

func main() {
	out := flag.String("w", "", "the merged `OUT` file (.pcapng: pcapng, else classic pcap)")
	appendMode := flag.Bool("a", false, "append the inputs one after the other instead of merging by time")
	force := flag.Bool("force", false, "replace OUT if it exists")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: pcap-merge [-a] [-force] -w OUT IN [IN ...]")
		fmt.Fprintln(os.Stderr, "\nMerge pcap and pcapng captures in timestamp order (or, with -a, one after the other).")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*out, *force, *appendMode, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "pcap-merge:", err)
		os.Exit(1)
	}
}

// input is one capture being read, with its next packet.
type input struct {
	name  string
	r     *pcap.Reader
	data  []byte // the next packet, in the reader's buffer
	ci    pcap.CaptureInfo
	done  bool
	count int
}

// next reads the input's next packet.
func (in *input) next() error {
	data, ci, err := in.r.ReadPacketData()
	if errors.Is(err, io.EOF) {
		in.done = true
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", in.name, err)
	}
	in.data, in.ci = data, ci
	return nil
}

// packetWriter is pcap.Writer or pcap.NgWriter.
type packetWriter interface {
	WritePacket(ci pcap.CaptureInfo, data []byte) error
	Flush() error
}

// ngInterfaces maps the interfaces of the inputs to those of a pcapng
// output: one per distinct interface description.
type ngInterfaces struct {
	w     *pcap.NgWriter
	index map[pcap.Interface]int
}

func (n *ngInterfaces) WritePacket(ci pcap.CaptureInfo, data []byte) error {
	return n.w.WritePacket(ci, data)
}
func (n *ngInterfaces) Flush() error { return n.w.Flush() }

func (n *ngInterfaces) interfaceOf(in *input) (int, error) {
	ifc := pcap.Interface{LinkType: in.ci.LinkType}
	if ifs := in.r.Interfaces(); in.ci.InterfaceIndex < len(ifs) {
		ifc = ifs[in.ci.InterfaceIndex]
	}
	if i, ok := n.index[ifc]; ok {
		return i, nil
	}
	i, err := n.w.AddInterface(ifc)
	if err != nil {
		return 0, err
	}
	n.index[ifc] = i
	return i, nil
}

func run(out string, force, appendMode bool, names []string) (err error) {
	var ins []*input
	defer func() {
		for _, in := range ins {
			in.r.Close()
		}
	}()
	nano := false
	for _, name := range names {
		r, err := pcap.Open(name)
		if err != nil {
			return err
		}
		in := &input{name: name, r: r}
		ins = append(ins, in)
		for _, ifc := range r.Interfaces() {
			nano = nano || ifc.TsResol != 6
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
			os.Remove(out) // no half-written output
		}
	}()

	ng := strings.HasSuffix(strings.ToLower(out), ".pcapng")
	var w packetWriter
	var ngw *ngInterfaces
	var linkType pcap.LinkType
	var linkFrom string
	format := "pcapng"
	if ng {
		nw, err := pcap.NewNgWriter(f, pcap.WithApplication("goscapy pcap-merge"))
		if err != nil {
			return err
		}
		ngw = &ngInterfaces{w: nw, index: map[pcap.Interface]int{}}
		w = ngw
	} else {
		format = "pcap"
		if nano {
			format = "pcap (nanoseconds)"
		}
	}

	// write writes the current packet of in.
	write := func(in *input) error {
		ci := in.ci
		if ng {
			i, err := ngw.interfaceOf(in)
			if err != nil {
				return err
			}
			ci.InterfaceIndex = i
		} else {
			if w == nil {
				linkType, linkFrom = ci.LinkType, in.name
				var opts []pcap.WriterOption
				if nano {
					opts = append(opts, pcap.WithNanoseconds())
				}
				pw, err := pcap.NewWriter(f, linkType, opts...)
				if err != nil {
					return err
				}
				w = pw
			}
			if ci.LinkType != linkType {
				return fmt.Errorf("%s has link type %v and %s %v: a pcap file holds one link type; write pcapng (-w OUT.pcapng)",
					linkFrom, linkType, in.name, ci.LinkType)
			}
			ci.Comments = nil
		}
		in.count++
		return w.WritePacket(ci, in.data)
	}

	for _, in := range ins {
		if err := in.next(); err != nil {
			return err
		}
	}
	total := 0
	if appendMode {
		for _, in := range ins {
			for !in.done {
				if err := write(in); err != nil {
					return err
				}
				total++
				if err := in.next(); err != nil {
					return err
				}
			}
		}
	} else {
		for {
			var first *input
			for _, in := range ins {
				if !in.done && (first == nil || in.ci.Timestamp.Before(first.ci.Timestamp)) {
					first = in
				}
			}
			if first == nil {
				break
			}
			if err := write(first); err != nil {
				return err
			}
			total++
			if err := first.next(); err != nil {
				return err
			}
		}
	}
	if w == nil {
		return errors.New("the inputs hold no packets")
	}
	if err := w.Flush(); err != nil {
		return err
	}
	for _, in := range ins {
		fmt.Printf("%s: %d packets (%v)\n", in.name, in.count, in.r.Format())
	}
	how := "merged by time"
	if appendMode {
		how = "appended"
	}
	fmt.Printf("wrote %d packets to %s (%s, %s)\n", total, out, format, how)
	return nil
}
