// Pcap-split splits a capture into several files, as Wireshark's editcap
// does with -c and -i, or by conversation:
//
//   - -c N: a new file every N packets (editcap -c N);
//   - -seconds S: a new file for every S seconds of capture time, counted
//     from the first packet; intervals without packets make no file
//     (editcap -i S);
//   - -flows: one file per conversation: TCP and UDP by their 5-tuple (both
//     directions in one file), other IP traffic by protocol and address
//     pair, the rest in one "other" file. Files are named by the tuple, as
//     tcp_198.18.1.2_40000_198.18.1.3_80.pcap (IPv6 colons written as "-").
//     IP fragments after the first carry no ports: they go to the file of
//     their protocol and addresses.
//
// Files go to the -o directory, named after the input, with editcap's
// numbering for -c and -seconds (IN_00000_YYYYmmddHHMMSS.pcap, the time of
// the file's first packet in UTC). The output keeps the input's format:
// classic pcap (in its timestamp resolution) or pcapng. Each file written
// is printed with its packet count. An existing file is replaced only with
// -force.
//
//	go run ./examples/50-pcap-split -c 1000 -o parts big.pcap
//	go run ./examples/50-pcap-split -seconds 60 -o minutes trace.pcapng
//	go run ./examples/50-pcap-split -flows -o flows trace.pcap
//
//example:offline -flows -o {tmp} stream/testdata/dns-dhcp.pcap
//example:offline -c 10 -o {tmp} defrag/testdata/ip6_fragments.pcap
//example:offline -seconds 2 -o {tmp} stream/testdata/bgp-daemons.pcap
//example:expect \d+ files written
package main

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

func main() {
	count := flag.Int("c", 0, "a new file every `N` packets")
	seconds := flag.Float64("seconds", 0, "a new file every `S` seconds of capture time")
	flows := flag.Bool("flows", false, "one file per conversation (5-tuple)")
	dir := flag.String("o", ".", "the `DIR`ectory of the files written")
	force := flag.Bool("force", false, "replace files that exist")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: pcap-split (-c N | -seconds S | -flows) [-o DIR] [-force] FILE")
		fmt.Fprintln(os.Stderr, "\nSplit a pcap or pcapng capture by packet count, by time or by conversation.")
		flag.PrintDefaults()
	}
	flag.Parse()
	modes := 0
	for _, set := range []bool{*count > 0, *seconds > 0, *flows} {
		if set {
			modes++
		}
	}
	if flag.NArg() != 1 || modes != 1 || *count < 0 || *seconds < 0 {
		flag.Usage()
		os.Exit(2)
	}
	s := &splitter{dir: *dir, force: *force, files: map[string]*output{}}
	var key func(data []byte, ci pcap.CaptureInfo, n int) string
	switch {
	case *count > 0:
		key = func(_ []byte, _ pcap.CaptureInfo, n int) string { return s.numbered((n - 1) / *count) }
	case *seconds > 0:
		var start time.Time
		span := time.Duration(*seconds * float64(time.Second))
		if span <= 0 {
			fmt.Fprintln(os.Stderr, "pcap-split: -seconds too small")
			os.Exit(2)
		}
		key = func(_ []byte, ci pcap.CaptureInfo, n int) string {
			if n == 1 {
				start = ci.Timestamp
			}
			i := 0
			if d := ci.Timestamp.Sub(start); d > 0 {
				i = int(d / span)
			}
			return s.numbered(i)
		}
	default:
		decoders := map[packet.LayerType]*packet.Decoder{}
		key = func(data []byte, ci pcap.CaptureInfo, _ int) string {
			first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
			dec := decoders[first]
			if dec == nil {
				dec = packet.NewDecoder(first)
				decoders[first] = dec
			}
			p, _ := dec.Decode(data) // what could not be dissected stays Raw
			return s.prefix + "_" + conversation(p)
		}
	}
	if err := s.run(flag.Arg(0), key); err != nil {
		fmt.Fprintln(os.Stderr, "pcap-split:", err)
		os.Exit(1)
	}
}

// output is one file being written.
type output struct {
	path   string
	f      *os.File
	w      *pcap.Writer
	ng     *pcap.NgWriter
	ifaces map[int]int // pcapng: input interface index to output index
	count  int
}

type splitter struct {
	dir, prefix, ext string
	force            bool
	r                *pcap.Reader
	files            map[string]*output
	order            []*output
	seq              map[int]string // -c and -seconds: file number to key
	first            time.Time      // time of the packet opening a numbered file
}

// numbered is the key of the i-th numbered file, named as editcap names
// them after the time of its first packet.
func (s *splitter) numbered(i int) string {
	if k, ok := s.seq[i]; ok {
		return k
	}
	k := fmt.Sprintf("%s_%05d_%s", s.prefix, len(s.seq), s.first.UTC().Format("20060102150405"))
	s.seq[i] = k
	return k
}

func (s *splitter) run(name string, key func([]byte, pcap.CaptureInfo, int) string) (err error) {
	r, err := pcap.Open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	s.r, s.seq = r, map[int]string{}
	base := filepath.Base(name)
	base = strings.TrimSuffix(base, ".gz")
	if r.Format() == pcap.FormatPcapNG {
		s.ext = ".pcapng"
	} else {
		s.ext = ".pcap"
	}
	s.prefix = strings.TrimSuffix(base, filepath.Ext(base))
	defer func() {
		for _, o := range s.order {
			if e := o.close(); err == nil {
				err = e
			}
		}
	}()
	n := 0
	for data, ci := range r.All() {
		n++
		s.first = ci.Timestamp
		o, err := s.open(key(data, ci, n))
		if err != nil {
			return err
		}
		if err := o.write(s.r, ci, data); err != nil {
			return fmt.Errorf("%s: %w", o.path, err)
		}
	}
	if err := r.Err(); err != nil {
		return err
	}
	for _, o := range s.order {
		fmt.Printf("%s: %d packets\n", o.path, o.count)
	}
	fmt.Printf("%s: %d packets, %d files written\n", name, n, len(s.order))
	return nil
}

// open returns the output of a key, creating its file the first time.
func (s *splitter) open(key string) (*output, error) {
	if o := s.files[key]; o != nil {
		return o, nil
	}
	path := filepath.Join(s.dir, key+s.ext)
	mode := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if s.force {
		mode = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, mode, 0o644)
	if errors.Is(err, os.ErrExist) {
		return nil, fmt.Errorf("%s exists; pass -force to replace it", path)
	}
	if err != nil {
		return nil, err
	}
	o := &output{path: path, f: f}
	if s.ext == ".pcapng" {
		o.ng, err = pcap.NewNgWriter(f, pcap.WithApplication("goscapy pcap-split"))
		o.ifaces = map[int]int{}
	} else {
		var opts []pcap.WriterOption
		if ifs := s.r.Interfaces(); len(ifs) > 0 && ifs[0].TsResol == 9 {
			opts = append(opts, pcap.WithNanoseconds())
		}
		o.w, err = pcap.NewWriter(f, s.r.LinkType(), opts...)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	s.files[key] = o
	s.order = append(s.order, o)
	return o, nil
}

func (o *output) write(r *pcap.Reader, ci pcap.CaptureInfo, data []byte) error {
	o.count++
	if o.w != nil {
		return o.w.WritePacket(ci, data)
	}
	// pcapng: the packet's interface, described as in the input.
	i, ok := o.ifaces[ci.InterfaceIndex]
	if !ok {
		ifc := pcap.Interface{LinkType: ci.LinkType}
		if ifs := r.Interfaces(); ci.InterfaceIndex < len(ifs) {
			ifc = ifs[ci.InterfaceIndex]
		}
		var err error
		if i, err = o.ng.AddInterface(ifc); err != nil {
			return err
		}
		o.ifaces[ci.InterfaceIndex] = i
	}
	ci.InterfaceIndex = i
	return o.ng.WritePacket(ci, data)
}

func (o *output) close() error {
	var err error
	if o.w != nil {
		err = o.w.Flush()
	} else {
		err = o.ng.Flush()
	}
	if e := o.f.Close(); err == nil {
		err = e
	}
	return err
}

// conversation names the conversation of a packet: protocol and both
// ends, the lower end first, from its outermost IP header (outside any
// ICMP error quote) and the TCP or UDP header right after it.
func conversation(p *packet.Packet) string {
	var src, dst netip.Addr
	var proto uint8
	ipAt := -1
	for i, l := range p.Layers() {
		if q := p.Quoted(); q > 0 && i >= q {
			break
		}
		if ipAt >= 0 {
			switch l := l.(type) {
			case *layers.TCP:
				return ends("tcp", src, l.SrcPort, dst, l.DstPort)
			case *layers.UDP:
				return ends("udp", src, l.SrcPort, dst, l.DstPort)
			case *layers.IPv6Fragment:
				if l.Offset != 0 {
					return addrs(protoName(l.NextHeader.Value), src, dst)
				}
				continue
			case *layers.IPv6HopByHop, *layers.IPv6Routing, *layers.IPv6DestOpts:
				continue // extension headers before the upper layer
			case *packet.Raw:
				return addrs(protoName(proto), src, dst)
			}
			return addrs(layerName(l), src, dst)
		}
		switch l := l.(type) {
		case *layers.IPv4:
			src, dst, proto, ipAt = l.Src, l.Dst, l.Protocol.Value, i
		case *layers.IPv6:
			src, dst, proto, ipAt = l.Src, l.Dst, l.NextHeader.Value, i
		}
	}
	if ipAt >= 0 {
		return addrs(protoName(proto), src, dst)
	}
	return "other"
}

// layerName is a layer's name in lower case, letters and digits only.
func layerName(l packet.Layer) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, l.Proto().Name)
}

func protoName(p uint8) string {
	switch p {
	case 1:
		return "icmp"
	case 2:
		return "igmp"
	case 6:
		return "tcp"
	case 17:
		return "udp"
	case 47:
		return "gre"
	case 58:
		return "icmpv6"
	case 89:
		return "ospf"
	case 132:
		return "sctp"
	}
	return fmt.Sprintf("ip%d", p)
}

func fileAddr(a netip.Addr) string { return strings.ReplaceAll(a.String(), ":", "-") }

func ends(proto string, a netip.Addr, ap uint16, b netip.Addr, bp uint16) string {
	x, y := netip.AddrPortFrom(a, ap), netip.AddrPortFrom(b, bp)
	if y.Compare(x) < 0 {
		x, y = y, x
	}
	return fmt.Sprintf("%s_%s_%d_%s_%d", proto, fileAddr(x.Addr()), x.Port(), fileAddr(y.Addr()), y.Port())
}

func addrs(proto string, a, b netip.Addr) string {
	if b.Less(a) {
		a, b = b, a
	}
	return fmt.Sprintf("%s_%s_%s", proto, fileAddr(a), fileAddr(b))
}
