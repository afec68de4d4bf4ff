// Command follow-tcp prints the conversation of one TCP stream of a
// capture, as Wireshark's "Follow TCP Stream" does: the stream's segments
// put back in order by stream.Follow (retransmissions shown once, bytes
// lost from the capture marked), streams numbered as tshark's tcp.stream.
//
//	go run ./examples/18-follow-tcp -stream 1 ../shared/corpus/generated/kernel/http.pcap
//	go run ./examples/18-follow-tcp -stream 0 -mode raw trace.pcapng
//	go run ./examples/18-follow-tcp -list trace.pcap
//
//example:offline -list stream/testdata/http.pcap
//example:offline -stream 0 stream/testdata/http.pcap
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/goscapy/goscapy/defrag"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
	"github.com/goscapy/goscapy/stream"

	_ "github.com/goscapy/goscapy/layers" // the protocols to dissect with
)

func main() {
	n := flag.Int("stream", 0, "the stream to print, from 0")
	mode := flag.String("mode", "ascii", "ascii, hex or raw (as tshark -z follow,tcp,MODE,N)")
	list := flag.Bool("list", false, "list the streams (endpoints and bytes each way) instead")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: follow-tcp [-stream N] [-mode ascii|hex|raw] [-list] FILE")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	m, ok := map[string]stream.FollowMode{"ascii": stream.FollowASCII, "hex": stream.FollowHex, "raw": stream.FollowRaw}[*mode]
	if !ok {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *n, m, *list); err != nil {
		fmt.Fprintln(os.Stderr, "follow-tcp:", err)
		os.Exit(1)
	}
}

func run(name string, n int, mode stream.FollowMode, list bool) error {
	r, err := pcap.Open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	f := stream.NewFollow(n)
	if list {
		f = stream.NewFollowAll()
	}
	dfr := defrag.New(defrag.Config{}) // tshark numbers reassembled datagrams
	dec := packet.NewDecoder(0)
	for {
		data, ci, err := r.ReadPacketData()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		p, _ := dec.DecodeAs(data, first)
		p.Metadata.Timestamp = ci.Timestamp
		if p, ok, err := dfr.Process(p, ci.Timestamp); ok && err == nil {
			f.Add(p)
		}
	}
	if list {
		for i := range f.Streams() {
			a, b, ok := f.Nodes(i)
			if !ok {
				fmt.Printf("%d (no segment)\n", i)
				continue
			}
			var sent [2]int
			f.Chunks(i, func(node int, data []byte) { sent[node] += len(data) })
			fmt.Printf("%d %v > %v: %d bytes, %d back\n", i, a, b, sent[0], sent[1])
		}
		return nil
	}
	if n >= f.Streams() {
		return fmt.Errorf("%s has no tcp stream %d (%d streams)", name, n, f.Streams())
	}
	return f.Write(os.Stdout, n, mode)
}
