package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/goscapy/goscapy/bpf"
	"github.com/goscapy/goscapy/defrag"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
	"github.com/goscapy/goscapy/stream"
)

func init() {
	register(command{name: "follow", summary: "print the conversation of a TCP stream of a capture, as tshark -z follow,tcp", run: runFollow})
}

const followUsage = `usage: goscapy follow [flags] FILE

Print the conversation of one TCP stream of a pcap or pcapng file (gzip
too; "-" is standard input), as "tshark -q -z follow,tcp,MODE,N" prints
it: a header naming the two nodes (node 0 sent the stream's first
packet), then the bytes, one chunk per segment that brought new bytes, in
capture order, the second node's chunks indented by a tab, and a closing
line.

Streams are numbered from 0 in the order of their first packet, as
tshark's tcp.stream field numbers them (a new SYN on the same addresses
and ports starts a new stream; IP fragments are reassembled first).
Segments are put back in order; retransmitted bytes are shown once (the
first copy); bytes the peer acknowledged that the capture missed show as
"[N bytes missing in capture file]".

  --ascii  (default) each chunk's length, then its bytes, the unprintable
           ones (except CR and LF) as dots
  --hex    a hexdump of each chunk, offsets counted per direction
  --raw    each chunk as one line of lowercase hex

-f FILTER keeps only the packets a filter in tcpdump syntax accepts; the
streams are then numbered among those packets.
`

func runFollow(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("follow")
	n := fs.Int("stream", 0, "follow stream number `N`")
	ascii := fs.Bool("ascii", false, "print the bytes as text (the default)")
	hex := fs.Bool("hex", false, "print a hexdump of each chunk")
	raw := fs.Bool("raw", false, "print each chunk as a line of hex")
	filter := fs.String("f", "", "keep only the packets `FILTER` (tcpdump syntax) accepts")
	pos, code, ok := parseArgs(fs, args, stdout, stderr, followUsage)
	if !ok {
		return code
	}
	mode, err := followMode(*ascii, *hex, *raw)
	if err != nil {
		return usageError(stderr, "follow", err)
	}
	if len(pos) != 1 {
		return usageError(stderr, "follow", errors.New("give one FILE"))
	}
	if *n < 0 {
		return usageError(stderr, "follow", fmt.Errorf("--stream %d: stream numbers start at 0", *n))
	}
	if err := followCheckFilter(*filter); err != nil {
		return usageError(stderr, "follow", err)
	}
	f := stream.NewFollow(*n)
	name, err := followPackets(pos[0], stdin, *filter, func(_ int, p *packet.Packet) error {
		f.Add(p)
		return nil
	})
	if err != nil {
		return fail(stderr, err)
	}
	if *n >= f.Streams() {
		if f.Streams() == 0 {
			return fail(stderr, fmt.Errorf("%s: %w %d: the capture has none", name, stream.ErrNoStream, *n))
		}
		return fail(stderr, fmt.Errorf("%s: %w %d: the capture has streams 0 to %d", name, stream.ErrNoStream, *n, f.Streams()-1))
	}
	if err := f.Write(stdout, *n, mode); err != nil {
		return fail(stderr, fmt.Errorf("write output: %w", err))
	}
	return exitOK
}

func followMode(ascii, hex, raw bool) (stream.FollowMode, error) {
	n := 0
	mode := stream.FollowASCII
	for _, m := range []struct {
		set  bool
		mode stream.FollowMode
	}{{ascii, stream.FollowASCII}, {hex, stream.FollowHex}, {raw, stream.FollowRaw}} {
		if m.set {
			n++
			mode = m.mode
		}
	}
	if n > 1 {
		return 0, errors.New("choose one of --ascii, --hex, --raw")
	}
	return mode, nil
}

// followCheckFilter reports a filter expression that does not parse.
func followCheckFilter(filter string) error {
	if _, err := bpf.Compile(filter, bpf.LinkTypeEthernet, 0); errors.Is(err, bpf.ErrSyntax) {
		return fmt.Errorf("-f: %w", err)
	}
	return nil
}

// followPackets reads a capture file ("-": stdin), keeps the packets
// filter accepts, reassembles IP fragments, and calls fn with each
// dissected packet (valid only during the call) and its number in the
// file (of the last fragment for a reassembled datagram). It returns the
// file's name for messages, and an error naming the file.
func followPackets(name string, stdin io.Reader, filter string, fn func(n int, p *packet.Packet) error) (string, error) {
	var r *pcap.Reader
	var err error
	if name == "-" {
		if stdin == nil {
			return "standard input", errors.New("no standard input")
		}
		name = "standard input"
		r, err = pcap.NewReader(bufio.NewReaderSize(stdin, 1<<16))
	} else {
		r, err = pcap.Open(name)
	}
	if err != nil {
		return name, err
	}
	defer r.Close()
	matchers := map[pcap.LinkType]*bpf.Matcher{}
	dec := packet.NewDecoder(0)
	dfr := defrag.New(defrag.Config{})
	for n := 1; ; n++ {
		data, ci, err := r.ReadPacketData()
		if err == io.EOF {
			return name, nil
		}
		if err != nil {
			return name, fmt.Errorf("%s: %w", name, err)
		}
		if filter != "" {
			m, ok := matchers[ci.LinkType]
			if !ok {
				if m, err = bpf.NewMatcher(filter, uint32(ci.LinkType), 0); err != nil {
					return name, fmt.Errorf("%s: packet %d: -f for link type %s (%d): %w", name, n, ci.LinkType, uint16(ci.LinkType), err)
				}
				matchers[ci.LinkType] = m
			}
			if m.Run(data, ci.Length) == 0 {
				continue
			}
		}
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		p, _ := dec.DecodeAs(data, first)
		p.Metadata = packet.Metadata{Timestamp: ci.Timestamp, CaptureLength: ci.CaptureLength, Length: ci.Length,
			InterfaceIndex: ci.InterfaceIndex, LinkType: uint32(ci.LinkType)}
		out, ok, derr := dfr.Process(p, ci.Timestamp)
		if derr != nil {
			out, ok = p, true // a fragment it dropped: shown as it is
		}
		if !ok {
			continue
		}
		if err := fn(n, out); err != nil {
			return name, err
		}
	}
}
