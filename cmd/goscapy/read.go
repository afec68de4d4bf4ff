package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goscapy/goscapy/bpf"
	"github.com/goscapy/goscapy/defrag"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
	"github.com/goscapy/goscapy/stream"
)

func init() {
	register(command{name: "read", summary: "read pcap and pcapng files: summaries, trees, JSON, statistics, conversion", run: runRead})
}

const readUsage = `usage: goscapy read [flags] FILE...

Read pcap or pcapng capture files (gzip-compressed ones too) and print
their packets. A FILE of "-" is standard input. Several files are read in
order; packet numbers, -c and --stats start again for each.

Output, one form at a time:

  (default)  one line per packet, Scapy's summary() with number and time:
               1 10:00:00.000001 Ethernet / IP / TCP 10.0.0.1:12345 > 10.0.0.2:80 S
             The number is the packet's position in its file, from 1. The
             time is the capture timestamp's time of day in UTC, to the
             microsecond (to the nanosecond when the file records finer
             timestamps). A link type without a known first layer is shown
             as [linktype N NAME] before the bytes, dissected as Raw; a
             layer that failed to decode adds [malformed: ...] at the end.
  --show     a header line per packet (number, UTC timestamp, captured and
             original length, link type, interface and comments for pcapng)
             followed by the field tree, as Scapy's show(); a blank line
             after each packet.
  --hex      the same header line followed by a hexdump, as Scapy's hexdump().
  --json     one JSON object per line: {"n":1,"ts":"...","caplen":74,
             "len":74,"layers":[...]}, n being the position in the file.
  --stats    no per-packet output; per file: packets, bytes, first and
             last timestamps and the span between them, packets per link
             type, decode errors and the protocol hierarchy (frames and
             captured bytes per layer path, as tshark -z io,phs; Padding is
             not counted). Memory use does not grow with the file.

--reassemble reassembles IP fragments and TCP streams before printing:
a fragmented datagram is printed once, whole, at its last fragment; TCP
segments with data are not printed one by one but as the application
messages they carry (TLS records, BGP messages, DNS over TCP, HTTP/1.x
messages; the bytes of other protocols in order, chunk by chunk), each
dissected whole from the network header of the segment that completed
it, under that segment's number (see goscapy follow). It changes the
printed packets only: -c, -w and --stats see the packets of the file.

-f FILTER keeps only the packets a filter in tcpdump syntax (pcap-filter(7))
accepts, compiled to BPF for each link type; the others are skipped and
keep their numbers. -c then counts the packets kept.

-w OUT writes the packets read (the first N of each file with -c) to OUT
and prints nothing unless an output flag asks for it. OUT ending in
.pcapng (or .ntar) is written as pcapng, keeping interfaces (names,
descriptions, timestamp resolutions) and packet comments; anything else is
classic pcap, which holds a single link type: packets of another link type
are an error. Classic pcap is written with microsecond timestamps unless
--ns is given or the first file records finer timestamps. An OUT of "-" is
standard output, as classic pcap. On an error writing OUT, OUT is removed.

A broken file prints every packet that could be read, then the error with
the offset of the problem, and the exit status is 1.
`

// readConfig holds the flags of goscapy read.
type readConfig struct {
	out         outputFlags
	stats       bool
	count       int
	write       string
	ns          bool
	filter      string
	reassemble  bool
	print       bool // per-packet output
	quietStdout bool // stdout carries no per-packet text
}

func runRead(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("read")
	var c readConfig
	c.out.register(fs, "print a header line and the field tree of each packet",
		"print a header line and a hexdump of each packet")
	fs.BoolVar(&c.stats, "stats", false, "print statistics and the protocol hierarchy of each file instead of the packets")
	fs.IntVar(&c.count, "c", 0, "stop after `N` packets of each file; 0 reads them all")
	fs.StringVar(&c.write, "w", "", "write the packets read to `OUT` (.pcapng: pcapng, else classic pcap)")
	fs.BoolVar(&c.ns, "ns", false, "with -w to a classic pcap file, write nanosecond timestamps")
	fs.StringVar(&c.filter, "f", "", "keep only the packets `FILTER` (tcpdump syntax) accepts")
	fs.BoolVar(&c.reassemble, "reassemble", false, "reassemble IP fragments and TCP streams: print application messages whole")
	pos, code, ok := parseArgs(fs, args, stdout, stderr, readUsage)
	if !ok {
		return code
	}
	if err := c.out.check(); err != nil {
		return usageError(stderr, "read", err)
	}
	if c.stats && (c.out.show || c.out.hex || c.out.json || c.out.summary) {
		return usageError(stderr, "read", errors.New("--stats prints no packets: leave out --show, --hex, --json and --summary"))
	}
	if c.count < 0 {
		return usageError(stderr, "read", fmt.Errorf("-c %d: the count cannot be negative", c.count))
	}
	if c.ns && c.write == "" {
		return usageError(stderr, "read", errors.New("--ns applies to -w only"))
	}
	if len(pos) == 0 {
		return usageError(stderr, "read", errors.New("missing FILE"))
	}
	if _, err := bpf.Compile(c.filter, bpf.LinkTypeEthernet, 0); errors.Is(err, bpf.ErrSyntax) {
		return usageError(stderr, "read", fmt.Errorf("-f: %w", err))
	}
	stdinUses := 0
	for _, name := range pos {
		if name == "-" {
			stdinUses++
		}
	}
	if stdinUses > 1 {
		return usageError(stderr, "read", errors.New(`standard input ("-") can be read only once`))
	}
	explicit := c.out.show || c.out.hex || c.out.json || c.out.summary
	c.print = explicit || (c.write == "" && !c.stats)
	if c.write == "-" && (c.print || c.stats) {
		return usageError(stderr, "read", errors.New("-w - writes the capture to standard output: no other output can go there"))
	}
	c.quietStdout = !c.print

	var cw *captureWriter
	if c.write != "" {
		for _, name := range pos {
			if name != "-" && sameFile(name, c.write) {
				return usageError(stderr, "read", fmt.Errorf("-w %s would overwrite the input file %s", c.write, name))
			}
		}
		var err error
		if cw, err = newCaptureWriter(c.write, c.ns, stdout); err != nil {
			return fail(stderr, err)
		}
	}

	bw := bufio.NewWriterSize(stdout, 256<<10)
	rd := &reader{cfg: &c, bw: bw, stderr: stderr, stdout: stdout, cw: cw, dec: packet.NewDecoder(0)}
	rd.watchSections = cw != nil && cw.ng || c.out.show || c.out.hex
	status := exitOK
	for _, name := range pos {
		err := rd.readFile(name, stdin)
		if ferr := bw.Flush(); ferr != nil {
			if cw != nil {
				cw.abort()
			}
			return fail(stderr, fmt.Errorf("write output: %w", ferr))
		}
		if err != nil {
			var we *writeError
			if errors.As(err, &we) {
				cw.abort()
				return fail(stderr, err)
			}
			fail(stderr, err)
			status = exitError
		}
	}
	if cw != nil {
		if err := cw.finish(rd.firstLinkType, rd.haveFirstLT); err != nil {
			cw.abort()
			return fail(stderr, err)
		}
	}
	return status
}

// sameFile reports whether two paths name the same existing file.
func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false
	}
	return os.SameFile(fa, fb)
}

// reader prints, counts and writes the packets of the files, one after the
// other, reusing one decoder and one line buffer.
type reader struct {
	cfg    *readConfig
	bw     *bufio.Writer
	stdout io.Writer
	stderr io.Writer
	cw     *captureWriter
	dec    *packet.Decoder
	line   []byte

	firstLinkType pcap.LinkType // of the first file opened, for an empty -w output
	haveFirstLT   bool
	haveFirst     bool

	// matchers run -f FILTER, one per link type.
	matchers map[pcap.LinkType]*bpf.Matcher

	// watchSections makes the interface list of a pcapng file be checked
	// after every packet (a new section may replace it without growing
	// it): for -w to pcapng and for the headers of --show and --hex.
	watchSections bool
}

// file is the state of the file being read.
type file struct {
	name   string // as shown in messages
	r      *pcap.Reader
	ifaces []pcap.Interface // known so far (reloaded when a packet names a new one)
	nano   bool             // some interface records sub-microsecond timestamps
	ng     bool
}

// readFile reads one file. It returns an error naming the file for a file
// that could not be opened or read to its end, or a *writeError when
// writing -w OUT failed (which ends the whole command).
func (rd *reader) readFile(name string, stdin io.Reader) error {
	f := &file{name: name}
	var src io.Reader
	var size int64 = -1
	var counter *countingReader
	if name == "-" {
		f.name = "standard input"
		if stdin == nil {
			return errors.New("no standard input")
		}
		src = stdin
	} else {
		osf, err := os.Open(name)
		if err != nil {
			return err
		}
		defer osf.Close()
		if fi, err := osf.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
		counter = &countingReader{r: osf}
		src = counter
	}
	r, err := pcap.NewReader(src)
	if err != nil {
		return fmt.Errorf("%s: %w", f.name, err)
	}
	defer r.Close()
	f.r = r
	f.ng = r.Format() == pcap.FormatPcapNG
	f.refreshInterfaces()
	if !rd.haveFirst {
		rd.haveFirst = true
		if len(f.ifaces) > 0 {
			rd.firstLinkType, rd.haveFirstLT = r.LinkType(), true
		}
		if rd.cw != nil {
			rd.cw.nanoHint = f.nano
		}
	}
	if rd.cw != nil {
		if err := rd.cw.startFile(f); err != nil {
			return err
		}
	}

	var prog *progress
	if counter != nil && progressWanted(rd.stderr, rd.stdout, rd.cfg.quietStdout, size) {
		prog = newProgress(rd.stderr, f.name, size, counter, time.Now)
	}
	defer prog.done()

	var st *fileStats
	if rd.cfg.stats {
		st = &fileStats{}
	}
	n, kept := 0, 0
	var sess *stream.Session
	if rd.cfg.reassemble && rd.cfg.print {
		sess = stream.NewSession(stream.SessionConfig{Defrag: defrag.New(defrag.Config{})})
	}
	var readErr error
	for rd.cfg.count == 0 || kept < rd.cfg.count {
		data, ci, err := r.ReadPacketData()
		if err != nil {
			if err != io.EOF {
				readErr = err
			}
			break
		}
		n++
		if ci.InterfaceIndex >= len(f.ifaces) || f.ng && rd.watchSections {
			f.refreshInterfaces()
		}
		if rd.cfg.filter != "" {
			match, err := rd.match(ci.LinkType, data, ci.Length)
			if err != nil {
				return fmt.Errorf("%s: packet %d: %w", f.name, n, err)
			}
			if !match {
				prog.tick(n)
				continue
			}
		}
		kept++
		if rd.cw != nil {
			if err := rd.cw.write(f, n, ci, data); err != nil {
				return err
			}
		}
		if rd.cfg.print || st != nil {
			first, known := packet.FirstLayer(uint32(ci.LinkType), data)
			p, derr := rd.dec.DecodeAs(data, first)
			if st != nil {
				st.add(p, &ci, derr != nil)
			}
			if rd.cfg.print {
				p.Metadata = packet.Metadata{
					Timestamp:      ci.Timestamp,
					CaptureLength:  ci.CaptureLength,
					Length:         ci.Length,
					InterfaceIndex: ci.InterfaceIndex,
					LinkType:       uint32(ci.LinkType),
				}
				if sess != nil {
					ps, _ := sess.Process(p, ci.Timestamp)
					if err := rd.printSession(f, n, ps, p, &ci, data, known, derr); err != nil {
						return &writeError{fmt.Errorf("write output: %w", err)}
					}
				} else if err := rd.printPacket(f, n, p, &ci, data, known, derr); err != nil {
					return &writeError{fmt.Errorf("write output: %w", err)}
				}
			}
		}
		prog.tick(n)
	}
	prog.done()
	if sess != nil {
		if err := rd.printSession(f, n, sess.Flush(), nil, nil, nil, true, nil); err != nil {
			return &writeError{fmt.Errorf("write output: %w", err)}
		}
	}
	if st != nil {
		if _, err := io.WriteString(rd.bw, st.format(f)); err != nil {
			return &writeError{fmt.Errorf("write output: %w", err)}
		}
	}
	if readErr != nil {
		return fmt.Errorf("%s: %w", f.name, readErr)
	}
	return nil
}

// match runs -f FILTER on a packet, compiling it for the link type on
// first use.
func (rd *reader) match(lt pcap.LinkType, data []byte, length int) (bool, error) {
	m, ok := rd.matchers[lt]
	if !ok {
		var err error
		if m, err = bpf.NewMatcher(rd.cfg.filter, uint32(lt), 0); err != nil {
			return false, fmt.Errorf("-f for link type %s (%d): %w", lt, uint16(lt), err)
		}
		if rd.matchers == nil {
			rd.matchers = make(map[pcap.LinkType]*bpf.Matcher)
		}
		rd.matchers[lt] = m
	}
	return m.Run(data, length) != 0, nil
}

// refreshInterfaces reloads the interface list when it changed (a new
// pcapng section, more interfaces). It allocates a copy of the list.
func (f *file) refreshInterfaces() {
	ifs := f.r.Interfaces()
	if !slices.Equal(ifs, f.ifaces) {
		f.ifaces = ifs
		for _, ifc := range f.ifaces {
			if fineResolution(ifc.TsResol) {
				f.nano = true
			}
		}
	}
}

// fineResolution reports an if_tsresol value finer than microseconds.
func fineResolution(res uint8) bool {
	if res&0x80 != 0 {
		return res&0x7f >= 20 // 2^-20 s is about a microsecond
	}
	return res > 6
}

// writeError is a failure to write the output: it ends the command.
type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

// printPacket writes one packet in the chosen output form.
func (rd *reader) printPacket(f *file, n int, p *packet.Packet, ci *pcap.CaptureInfo, data []byte, known bool, derr error) error {
	b := rd.line[:0]
	switch {
	case rd.cfg.out.json:
		b = p.AppendJSON(b, n)
		b = append(b, '\n')
	case rd.cfg.out.show, rd.cfg.out.hex:
		b = appendHeader(b, f, n, ci)
		if rd.cfg.out.show {
			b = append(b, p.Show()...)
			if derr != nil {
				b = append(b, "[malformed: "...)
				b = append(b, derr.Error()...)
				b = append(b, "]\n"...)
			}
		} else {
			b = append(b, packet.HexDump(data)...)
		}
		b = append(b, '\n')
	default:
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, ' ')
		b = appendClock(b, ci.Timestamp, f.nano)
		b = append(b, ' ')
		if !known {
			b = appendLinkType(b, ci.LinkType)
			b = append(b, ' ')
		}
		b = appendStack(b, p)
		if derr != nil {
			b = append(b, " [malformed: "...)
			b = append(b, derr.Error()...)
			b = append(b, ']')
		}
		b = append(b, '\n')
	}
	rd.line = b
	_, err := rd.bw.Write(b)
	return err
}

// printSession prints the packets a stream.Session gave for packet n:
// the packet itself (orig) as usual, the reassembled ones (a datagram, an
// application message) with their own bytes and lengths.
func (rd *reader) printSession(f *file, n int, ps []*packet.Packet, orig *packet.Packet, ci *pcap.CaptureInfo, data []byte, known bool, derr error) error {
	for _, p := range ps {
		if p == orig {
			if err := rd.printPacket(f, n, p, ci, data, known, derr); err != nil {
				return err
			}
			continue
		}
		b := p.Data()
		if b == nil {
			b, _ = p.Build()
		}
		mci := pcap.CaptureInfo{Timestamp: p.Metadata.Timestamp, CaptureLength: len(b), Length: len(b), LinkType: pcap.LinkType(p.Metadata.LinkType)}
		if ci != nil {
			mci.InterfaceIndex, mci.LinkType = ci.InterfaceIndex, ci.LinkType
		}
		if err := rd.printPacket(f, n, p, &mci, b, true, p.Err()); err != nil {
			return err
		}
	}
	return nil
}

// appendHeader appends the header line of --show and --hex:
//
//	packet 1 at 2024-05-01T10:00:00.000001Z: 74 bytes captured, 74 on the wire, link type EN10MB (1)
//
// with ", interface 0" and the comments for pcapng files.
func appendHeader(b []byte, f *file, n int, ci *pcap.CaptureInfo) []byte {
	b = append(b, "packet "...)
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, " at "...)
	b = ci.Timestamp.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, ": "...)
	b = strconv.AppendInt(b, int64(ci.CaptureLength), 10)
	b = append(b, " bytes captured, "...)
	b = strconv.AppendInt(b, int64(ci.Length), 10)
	b = append(b, " on the wire, link type "...)
	b = append(b, ci.LinkType.String()...)
	b = append(b, " ("...)
	b = strconv.AppendUint(b, uint64(ci.LinkType), 10)
	b = append(b, ')')
	if f.ng {
		b = append(b, ", interface "...)
		b = strconv.AppendInt(b, int64(ci.InterfaceIndex), 10)
		if ci.InterfaceIndex < len(f.ifaces) && f.ifaces[ci.InterfaceIndex].Name != "" {
			b = append(b, " ("...)
			b = append(b, f.ifaces[ci.InterfaceIndex].Name...)
			b = append(b, ')')
		}
	}
	b = append(b, '\n')
	for _, c := range ci.Comments {
		b = append(b, "comment: "...)
		b = strconv.AppendQuote(b, c)
		b = append(b, '\n')
	}
	return b
}

// appendLinkType appends "[linktype 147 USER0]" (the name only when the
// link type has one).
func appendLinkType(b []byte, lt pcap.LinkType) []byte {
	b = append(b, "[linktype "...)
	b = strconv.AppendUint(b, uint64(lt), 10)
	if s := lt.String(); !strings.HasPrefix(s, "LINKTYPE_") {
		b = append(b, ' ')
		b = append(b, s...)
	}
	return append(b, ']')
}

// appendClock appends the time of day of t in UTC, HH:MM:SS.ffffff, with
// nine fractional digits when nano is set.
func appendClock(b []byte, t time.Time, nano bool) []byte {
	sec := t.Unix() % 86400
	if sec < 0 {
		sec += 86400
	}
	b = append2(b, int(sec/3600))
	b = append(b, ':')
	b = append2(b, int(sec/60%60))
	b = append(b, ':')
	b = append2(b, int(sec%60))
	b = append(b, '.')
	frac, digits := t.Nanosecond(), 9
	if !nano {
		frac, digits = frac/1000, 6
	}
	var d [9]byte
	for i := digits - 1; i >= 0; i-- {
		d[i] = byte('0' + frac%10)
		frac /= 10
	}
	return append(b, d[:digits]...)
}

func append2(b []byte, v int) []byte {
	return append(b, byte('0'+v/10), byte('0'+v%10))
}

// appendStack appends p.String(): Scapy's summary() of the packet.
func appendStack(b []byte, p *packet.Packet) []byte {
	return append(b, p.String()...)
}

// fileStats accumulates --stats for one file, in memory that depends on
// the variety of the packets, not their number.
type fileStats struct {
	packets      int
	capBytes     int64
	wireBytes    int64
	first, last  time.Time
	decodeErrors int
	linkTypes    []linkTypeCount
	root         phsNode
}

type linkTypeCount struct {
	lt pcap.LinkType
	n  int
}

// phsNode is one layer path of the protocol hierarchy.
type phsNode struct {
	name   string
	typ    packet.LayerType
	frames int
	bytes  int64
	kids   []*phsNode
}

// add counts one decoded packet.
func (s *fileStats) add(p *packet.Packet, ci *pcap.CaptureInfo, decodeErr bool) {
	s.packets++
	s.capBytes += int64(ci.CaptureLength)
	s.wireBytes += int64(ci.Length)
	if s.packets == 1 || ci.Timestamp.Before(s.first) {
		s.first = ci.Timestamp
	}
	if s.packets == 1 || ci.Timestamp.After(s.last) {
		s.last = ci.Timestamp
	}
	if decodeErr {
		s.decodeErrors++
	}
	found := false
	for i := range s.linkTypes {
		if s.linkTypes[i].lt == ci.LinkType {
			s.linkTypes[i].n++
			found = true
			break
		}
	}
	if !found {
		s.linkTypes = append(s.linkTypes, linkTypeCount{ci.LinkType, 1})
	}
	node := &s.root
	for _, l := range p.Layers() {
		pr := l.Proto()
		t := pr.Type()
		if t == packet.PaddingType {
			continue
		}
		node = node.child(t, pr.Name)
		node.frames++
		node.bytes += int64(ci.CaptureLength)
	}
}

// child returns the node of layer type t below n, created on first use.
func (n *phsNode) child(t packet.LayerType, name string) *phsNode {
	for _, k := range n.kids {
		if k.typ == t {
			return k
		}
	}
	k := &phsNode{name: name, typ: t}
	n.kids = append(n.kids, k)
	return k
}

// format returns the statistics block of a file.
func (s *fileStats) format(f *file) string {
	var b strings.Builder
	fmt.Fprintf(&b, "file: %s\n", f.name)
	fmt.Fprintf(&b, "format: %s\n", f.r.Format())
	fmt.Fprintf(&b, "packets: %d\n", s.packets)
	fmt.Fprintf(&b, "bytes: %d captured, %d on the wire\n", s.capBytes, s.wireBytes)
	if s.packets > 0 {
		fmt.Fprintf(&b, "first: %s\n", s.first.UTC().Format(time.RFC3339Nano))
		fmt.Fprintf(&b, "last: %s\n", s.last.UTC().Format(time.RFC3339Nano))
		span := s.last.Sub(s.first)
		if span >= time.Minute {
			fmt.Fprintf(&b, "span: %s (%.6f s)\n", span, span.Seconds())
		} else {
			fmt.Fprintf(&b, "span: %s\n", span)
		}
	}
	fmt.Fprintf(&b, "decode errors: %d\n", s.decodeErrors)
	b.WriteString("link types:\n")
	for _, l := range s.linkTypes {
		fmt.Fprintf(&b, "  %-24s %10d\n", fmt.Sprintf("%s (%d)", l.lt, uint16(l.lt)), l.n)
	}
	fmt.Fprintf(&b, "protocol hierarchy: %*s %14s\n", 40-len("protocol hierarchy:")+10, "frames", "bytes")
	var walk func(n *phsNode, depth int)
	walk = func(n *phsNode, depth int) {
		for _, k := range n.kids {
			label := strings.Repeat("  ", depth+1) + k.name
			fmt.Fprintf(&b, "%-40s %10d %14d\n", label, k.frames, k.bytes)
			walk(k, depth+1)
		}
	}
	walk(&s.root, 0)
	b.WriteString("\n")
	return b.String()
}

// captureWriter writes -w OUT.
type captureWriter struct {
	path     string
	f        *os.File // nil for standard output
	out      io.Writer
	ng       bool
	ns       bool
	nanoHint bool // the first file records sub-microsecond timestamps
	pw       *pcap.Writer
	pcapLT   pcap.LinkType // link type of the classic pcap output
	nw       *pcap.NgWriter

	// pcapng: the interfaces of the file being read and their indexes in
	// the output.
	known []pcap.Interface
	index []int
}

// newCaptureWriter creates OUT; the file header follows with the first
// packet (classic pcap needs its link type).
func newCaptureWriter(path string, ns bool, stdout io.Writer) (*captureWriter, error) {
	cw := &captureWriter{path: path, ns: ns}
	if path == "-" {
		cw.out = stdout
		return cw, nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".pcapng", ".ntar":
		cw.ng = true
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	cw.f, cw.out = f, f
	return cw, nil
}

// startFile prepares for the packets of a new input file.
func (cw *captureWriter) startFile(f *file) error {
	if !cw.ng {
		return nil
	}
	if cw.nw == nil {
		nw, err := pcap.NewNgWriter(cw.out, pcap.WithApplication("goscapy"))
		if err != nil {
			return &writeError{fmt.Errorf("%s: %w", cw.path, err)}
		}
		cw.nw = nw
	}
	cw.known, cw.index = cw.known[:0], cw.index[:0]
	return cw.syncInterfaces(f)
}

// syncInterfaces adds to the output the interfaces of f not written yet
// (or changed, as in a new pcapng section).
func (cw *captureWriter) syncInterfaces(f *file) error {
	for i, ifc := range f.ifaces {
		if i < len(cw.known) && cw.known[i] == ifc {
			continue
		}
		j, err := cw.nw.AddInterface(ifc)
		if err != nil {
			return &writeError{fmt.Errorf("%s: interface %d of %s: %w", cw.path, i, f.name, err)}
		}
		if i < len(cw.known) {
			cw.known[i], cw.index[i] = ifc, j
		} else {
			cw.known = append(cw.known, ifc)
			cw.index = append(cw.index, j)
		}
	}
	return nil
}

// write writes packet n of f.
func (cw *captureWriter) write(f *file, n int, ci pcap.CaptureInfo, data []byte) error {
	var err error
	if cw.ng {
		i := ci.InterfaceIndex
		if err := cw.syncInterfaces(f); err != nil {
			return err
		}
		if i < 0 || i >= len(cw.known) || cw.known[i].LinkType != ci.LinkType {
			return &writeError{fmt.Errorf("%s: packet %d of %s is on interface %d, which the file does not describe", cw.path, n, f.name, i)}
		}
		ci.InterfaceIndex = cw.index[i]
		err = cw.nw.WritePacket(ci, data)
	} else {
		if cw.pw == nil {
			if err := cw.startPcap(ci.LinkType, f); err != nil {
				return err
			}
		}
		err = cw.pw.WritePacket(ci, data)
		if errors.Is(err, pcap.ErrLinkTypeMismatch) {
			return &writeError{fmt.Errorf("%s: packet %d of %s has link type %s (%d) but a classic pcap file holds one link type, here %s (%d): write a .pcapng file to keep both",
				cw.path, n, f.name, ci.LinkType, uint16(ci.LinkType), cw.pcapLT, uint16(cw.pcapLT))}
		}
	}
	if err != nil {
		return &writeError{fmt.Errorf("%s: packet %d of %s: %w", cw.path, n, f.name, err)}
	}
	return nil
}

// startPcap writes the classic pcap header for link type lt.
func (cw *captureWriter) startPcap(lt pcap.LinkType, f *file) error {
	var opts []pcap.WriterOption
	if cw.ns || cw.nanoHint {
		opts = append(opts, pcap.WithNanoseconds())
	}
	if f != nil && len(f.ifaces) > 0 && f.ifaces[0].SnapLen > 0 {
		opts = append(opts, pcap.WithSnapLen(f.ifaces[0].SnapLen))
	}
	pw, err := pcap.NewWriter(cw.out, lt, opts...)
	if err != nil {
		return &writeError{fmt.Errorf("%s: %w", cw.path, err)}
	}
	cw.pw, cw.pcapLT = pw, lt
	return nil
}

// finish writes what is buffered (and a header for an empty output: link
// type lt when known, else Ethernet) and closes OUT.
func (cw *captureWriter) finish(lt pcap.LinkType, known bool) error {
	var err error
	switch {
	case cw.ng && cw.nw == nil:
		_, err = pcap.NewNgWriter(cw.out, pcap.WithApplication("goscapy"))
	case cw.ng:
		err = cw.nw.Flush()
	case cw.pw == nil:
		if !known {
			lt = pcap.LinkTypeEthernet
		}
		if e := cw.startPcap(lt, nil); e != nil {
			return e
		}
		err = cw.pw.Flush()
	default:
		err = cw.pw.Flush()
	}
	if err == nil && cw.f != nil {
		err = cw.f.Close()
		cw.f = nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", cw.path, err)
	}
	return nil
}

// abort closes and removes a partly written OUT.
func (cw *captureWriter) abort() {
	if cw == nil || cw.f == nil {
		return
	}
	cw.f.Close()
	os.Remove(cw.path)
	cw.f = nil
}
