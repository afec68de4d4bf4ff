package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

// The small captures of the pcap package (see pcap/testdata/README.md).
var pcapTestdata = filepath.Join("..", "..", "pcap", "testdata")

// The shared capture corpus beside the repository, when present.
var readCorpusDir = filepath.Join("..", "..", "..", "shared", "corpus")

func testdataFile(name string) string { return filepath.Join(pcapTestdata, name) }

// capturePacket is one packet read with the pcap package, for comparison.
type capturePacket struct {
	pcap.Packet
	ifName string
}

// readCapture reads every packet of a file with the pcap package; err is
// the error that ended reading early, if any.
func readCapture(t *testing.T, path string) (pkts []capturePacket, format pcap.Format, err error) {
	t.Helper()
	r, err := pcap.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer r.Close()
	return readAllFrom(r)
}

func readAllFrom(r *pcap.Reader) ([]capturePacket, pcap.Format, error) {
	var pkts []capturePacket
	for {
		p, err := r.ReadPacket()
		if err == io.EOF {
			return pkts, r.Format(), nil
		}
		if err != nil {
			return pkts, r.Format(), err
		}
		cp := capturePacket{Packet: p}
		if ifs := r.Interfaces(); p.InterfaceIndex < len(ifs) {
			cp.ifName = ifs[p.InterfaceIndex].Name
		}
		pkts = append(pkts, cp)
	}
}

// readableTestdata lists the pcap/testdata files that read to their end.
func readableTestdata(t *testing.T) []string {
	t.Helper()
	ents, err := os.ReadDir(pcapTestdata)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range ents {
		n := e.Name()
		if strings.Contains(n, ".pcap") && n != "gopacket_le_test901.pcapng" {
			files = append(files, testdataFile(n))
		}
	}
	if len(files) < 5 {
		t.Fatalf("only %d capture files in %s", len(files), pcapTestdata)
	}
	return files
}

func lines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// wantSummary is the summary line of packet n, computed independently:
// number, clock, link type marker, packet.Packet.String() and the error.
func wantSummary(n int, p pcap.Packet, nano bool) string {
	first, known := packet.FirstLayer(uint32(p.LinkType), p.Data)
	d, err := packet.Dissect(p.Data, first)
	ts := p.Timestamp.UTC()
	clock := ts.Format("15:04:05.000000")
	if nano {
		clock = ts.Format("15:04:05.000000000")
	}
	s := fmt.Sprintf("%d %s ", n, clock)
	if !known {
		s += fmt.Sprintf("[linktype %d", uint16(p.LinkType))
		if name := p.LinkType.String(); !strings.HasPrefix(name, "LINKTYPE_") {
			s += " " + name
		}
		s += "] "
	}
	s += d.String()
	if err != nil {
		s += " [malformed: " + err.Error() + "]"
	}
	return s
}

// fileIsNano reports whether a file records sub-microsecond timestamps
// (for the number of digits of the clock).
func fileIsNano(t *testing.T, path string) bool {
	t.Helper()
	r, err := pcap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	nano := false
	check := func() {
		for _, ifc := range r.Interfaces() {
			if fineResolution(ifc.TsResol) {
				nano = true
			}
		}
	}
	check()
	for {
		_, _, err := r.ReadPacketData()
		if err != nil {
			break
		}
		check()
	}
	return nano
}

// checkSummaries checks one summary line per packet, each as wantSummary.
func checkSummaries(t *testing.T, path, out string, pkts []capturePacket) {
	t.Helper()
	ls := lines(out)
	if len(ls) != len(pkts) {
		t.Fatalf("%s: %d summary lines for %d packets", path, len(ls), len(pkts))
	}
	nano := fileIsNano(t, path)
	for i, l := range ls {
		if w := wantSummary(i+1, pkts[i].Packet, nano); l != w {
			t.Errorf("%s line %d:\n got %q\nwant %q", path, i+1, l, w)
			return
		}
	}
}

func TestReadSummaryLines(t *testing.T) {
	for _, path := range readableTestdata(t) {
		pkts, _, err := readCapture(t, path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		r := runCmd(t, "", "read", path)
		r.want(t, exitOK)
		checkSummaries(t, path, r.stdout, pkts)
	}
	// a known line, spelled out
	r := runCmd(t, "", "read", "-c", "1", testdataFile("gopacket_epb.pcapng"))
	r.want(t, exitOK)
	if want := "1 04:30:50.619187329 Ethernet / IP / TCP 10.0.2.15:39812 > 1.1.1.1:80 S\n"; r.stdout != want {
		t.Errorf("epb.pcapng: %q, want %q", r.stdout, want)
	}
	r = runCmd(t, "", "read", "-c", "1", testdataFile("pcapplusplus_microsecs_big_endian.pcap"))
	r.want(t, exitOK)
	if want := "1 21:03:44.864984 [linktype 253 NETLINK] Raw\n"; r.stdout != want {
		t.Errorf("netlink: %q, want %q", r.stdout, want)
	}
}

func TestReadUnknownLinkType(t *testing.T) {
	path := filepath.Join(t.TempDir(), "user0.pcap")
	writeTestPcap(t, path, pcap.LinkTypeUser0, [][]byte{{1, 2, 3}, {4, 5}})
	r := runCmd(t, "", "read", path)
	r.want(t, exitOK)
	ls := lines(r.stdout)
	if len(ls) != 2 || !strings.HasSuffix(ls[0], " [linktype 147 USER0] Raw") || !strings.HasPrefix(ls[1], "2 ") {
		t.Errorf("user0: %q", r.stdout)
	}
	path = filepath.Join(t.TempDir(), "lt999.pcap")
	writeTestPcap(t, path, 999, [][]byte{{1}})
	r = runCmd(t, "", "read", path)
	r.want(t, exitOK)
	if !strings.HasSuffix(r.stdout, " [linktype 999] Raw\n") {
		t.Errorf("lt999: %q", r.stdout)
	}
	r = runCmd(t, "", "read", "--json", path)
	r.want(t, exitOK)
	var j readJSON
	if err := json.Unmarshal([]byte(r.stdout), &j); err != nil || len(j.Layers) != 1 || j.Layers[0].Name != "Raw" {
		t.Errorf("lt999 --json: %q (%v)", r.stdout, err)
	}
}

// writeTestPcap writes packets one millisecond apart from 2024-05-01 10:00.
func writeTestPcap(t *testing.T, path string, lt pcap.LinkType, data [][]byte) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := pcap.NewWriter(f, lt)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2024, 5, 1, 10, 0, 0, 1000, time.UTC)
	for i, d := range data {
		ci := pcap.CaptureInfo{Timestamp: t0.Add(time.Duration(i) * time.Millisecond), CaptureLength: len(d), Length: len(d), LinkType: lt}
		if err := w.WritePacket(ci, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestReadCount(t *testing.T) {
	path := testdataFile("pcapplusplus_pcapng-example.pcapng")
	pkts, _, err := readCapture(t, path)
	if err != nil || len(pkts) < 5 {
		t.Fatalf("%d packets, %v", len(pkts), err)
	}
	for _, args := range [][]string{
		{"read", "-c", "3", path},
		{"read", path, "-c", "3"},
		{"read", path, "-c=3"},
		{"read", "--c", "3", path},
	} {
		r := runCmd(t, "", args...)
		r.want(t, exitOK)
		checkSummaries(t, path, r.stdout, pkts[:3])
	}
	// -c larger than the file, and 0 for all
	for _, c := range []string{"0", strconv.Itoa(len(pkts) + 10)} {
		r := runCmd(t, "", "read", "-c", c, path)
		r.want(t, exitOK)
		if n := len(lines(r.stdout)); n != len(pkts) {
			t.Errorf("-c %s: %d lines, want %d", c, n, len(pkts))
		}
	}
}

// readJSON is a --json line.
type readJSON struct {
	N      int    `json:"n"`
	TS     string `json:"ts"`
	CapLen int    `json:"caplen"`
	Len    int    `json:"len"`
	Layers []struct {
		Name   string                     `json:"name"`
		Fields map[string]json.RawMessage `json:"fields"`
		Error  string                     `json:"error"`
	} `json:"layers"`
}

func TestReadJSON(t *testing.T) {
	for _, path := range readableTestdata(t) {
		pkts, _, err := readCapture(t, path)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []int{0, 2} {
			args := []string{"read", path, "--json"}
			want := pkts
			if c > 0 {
				args = append(args, "-c", strconv.Itoa(c))
				want = pkts[:min(c, len(pkts))]
			}
			r := runCmd(t, "", args...)
			r.want(t, exitOK)
			ls := lines(r.stdout)
			if len(ls) != len(want) {
				t.Fatalf("%v: %d lines, want %d", args, len(ls), len(want))
			}
			for i, l := range ls {
				var j readJSON
				if err := json.Unmarshal([]byte(l), &j); err != nil {
					t.Fatalf("%v line %d: %v: %s", args, i+1, err, l)
				}
				p := want[i]
				ts := p.Timestamp.UTC().Format(time.RFC3339Nano)
				if p.Timestamp.Equal(time.Unix(0, 0)) {
					ts = j.TS // packets without a timestamp (simple packet blocks)
				}
				if j.N != i+1 || j.TS != ts || j.CapLen != p.CaptureLength || j.Len != p.Length || len(j.Layers) == 0 {
					t.Errorf("%v line %d: n=%d ts=%s caplen=%d len=%d layers=%d, want n=%d ts=%s caplen=%d len=%d",
						args, i+1, j.N, j.TS, j.CapLen, j.Len, len(j.Layers), i+1, ts, p.CaptureLength, p.Length)
				}
			}
		}
	}
	// the JSON object is packet.AppendJSON with the capture's metadata
	path := testdataFile("gopacket_epb.pcapng")
	r := runCmd(t, "", "read", "--json", path)
	r.want(t, exitOK)
	pkts, _, _ := readCapture(t, path)
	ft, _ := packet.FirstLayer(uint32(pkts[0].LinkType), pkts[0].Data)
	d, _ := packet.Dissect(pkts[0].Data, ft)
	d.Metadata = packet.Metadata{Timestamp: pkts[0].Timestamp, CaptureLength: pkts[0].CaptureLength, Length: pkts[0].Length, LinkType: uint32(pkts[0].LinkType)}
	if want := string(d.AppendJSON(nil, 1)) + "\n"; r.stdout != want {
		t.Errorf("--json:\n got %s\nwant %s", r.stdout, want)
	}
	if !strings.HasPrefix(r.stdout, `{"n":1,"ts":"2019-`) && !strings.Contains(r.stdout, `"ts":"`) {
		t.Errorf("--json lacks ts: %s", r.stdout)
	}
}

func TestReadShowHex(t *testing.T) {
	path := testdataFile("gopacket_epb.pcapng")
	pkts, _, _ := readCapture(t, path)
	first, _ := packet.FirstLayer(uint32(pkts[0].LinkType), pkts[0].Data)
	d, _ := packet.Dissect(pkts[0].Data, first)
	header := fmt.Sprintf("packet 1 at %s: %d bytes captured, %d on the wire, link type EN10MB (1), interface %d",
		pkts[0].Timestamp.UTC().Format(time.RFC3339Nano), pkts[0].CaptureLength, pkts[0].Length, pkts[0].InterfaceIndex)
	if pkts[0].ifName != "" {
		header += " (" + pkts[0].ifName + ")"
	}
	header += "\n"
	for _, c := range pkts[0].Comments {
		header += "comment: " + strconv.Quote(c) + "\n"
	}
	r := runCmd(t, "", "read", "--show", path)
	r.want(t, exitOK)
	if want := header + d.Show() + "\n"; r.stdout != want {
		t.Errorf("--show:\n got %q\nwant %q", r.stdout, want)
	}
	if len(pkts[0].Comments) == 0 || !strings.Contains(r.stdout, "comment: ") {
		t.Errorf("--show does not print the comments %q", pkts[0].Comments)
	}
	r = runCmd(t, "", "read", path, "--hex")
	r.want(t, exitOK)
	if want := header + packet.HexDump(pkts[0].Data) + "\n"; r.stdout != want {
		t.Errorf("--hex:\n got %q\nwant %q", r.stdout, want)
	}
	// classic pcap: no interface
	path = testdataFile("tcpdump_tcp-handshake-nano.pcap")
	r = runCmd(t, "", "read", "--show", "-c", "2", path)
	r.want(t, exitOK)
	if strings.Count(r.stdout, "\npacket 2 at ") != 1 || !strings.HasPrefix(r.stdout, "packet 1 at ") ||
		strings.Contains(r.stdout, "interface") || !strings.Contains(r.stdout, "###[ TCP ]###") {
		t.Errorf("--show nano:\n%s", r.stdout)
	}
}

// statsOf parses the "name: value" lines and the hierarchy of a --stats
// block.
type statsBlock struct {
	kv   map[string]string
	phs  map[string][2]int64 // "Ethernet/IP/TCP" -> frames, bytes
	lts  map[string]int
	text string
}

func parseStats(t *testing.T, out string) []statsBlock {
	t.Helper()
	var blocks []statsBlock
	for _, text := range strings.Split(strings.TrimSuffix(out, "\n\n"), "\n\n") {
		b := statsBlock{kv: map[string]string{}, phs: map[string][2]int64{}, lts: map[string]int{}, text: text}
		section := ""
		var path []string
		for _, l := range strings.Split(text, "\n") {
			if !strings.HasPrefix(l, " ") {
				k, v, _ := strings.Cut(l, ":")
				b.kv[k] = strings.TrimSpace(v)
				section = k
				continue
			}
			f := strings.Fields(l)
			switch section {
			case "link types":
				n, _ := strconv.Atoi(f[len(f)-1])
				b.lts[strings.Join(f[:len(f)-1], " ")] = n
			case "protocol hierarchy":
				depth := (len(l) - len(strings.TrimLeft(l, " "))) / 2
				if len(f) != 3 || depth < 1 || depth > len(path)+1 {
					t.Fatalf("bad hierarchy line %q", l)
				}
				path = append(path[:depth-1], f[0])
				fr, _ := strconv.ParseInt(f[1], 10, 64)
				by, _ := strconv.ParseInt(f[2], 10, 64)
				b.phs[strings.Join(path, "/")] = [2]int64{fr, by}
			}
		}
		blocks = append(blocks, b)
	}
	return blocks
}

// expectedStats computes --stats independently of read.go.
func expectedStats(pkts []capturePacket) (capBytes, wireBytes int64, phs map[string][2]int64, first, last time.Time, lts map[string]int) {
	phs = map[string][2]int64{}
	lts = map[string]int{}
	for i, p := range pkts {
		capBytes += int64(p.CaptureLength)
		wireBytes += int64(p.Length)
		if i == 0 || p.Timestamp.Before(first) {
			first = p.Timestamp
		}
		if i == 0 || p.Timestamp.After(last) {
			last = p.Timestamp
		}
		lts[fmt.Sprintf("%s (%d)", p.LinkType, uint16(p.LinkType))]++
		ft, _ := packet.FirstLayer(uint32(p.LinkType), p.Data)
		d, _ := packet.Dissect(p.Data, ft)
		var path []string
		for _, l := range d.Layers() {
			if l.Proto().Name == "Padding" {
				continue
			}
			path = append(path, l.Proto().Name)
			k := strings.Join(path, "/")
			v := phs[k]
			phs[k] = [2]int64{v[0] + 1, v[1] + int64(p.CaptureLength)}
		}
	}
	return
}

func TestReadStats(t *testing.T) {
	files := readableTestdata(t)
	r := runCmd(t, "", append([]string{"read", "--stats"}, files...)...)
	r.want(t, exitOK)
	blocks := parseStats(t, r.stdout)
	if len(blocks) != len(files) {
		t.Fatalf("%d stats blocks for %d files:\n%s", len(blocks), len(files), r.stdout)
	}
	for i, path := range files {
		b := blocks[i]
		pkts, format, _ := readCapture(t, path)
		capBytes, wireBytes, phs, first, last, lts := expectedStats(pkts)
		want := map[string]string{
			"file":    path,
			"format":  format.String(),
			"packets": strconv.Itoa(len(pkts)),
			"bytes":   fmt.Sprintf("%d captured, %d on the wire", capBytes, wireBytes),
			"first":   first.UTC().Format(time.RFC3339Nano),
			"last":    last.UTC().Format(time.RFC3339Nano),
		}
		for k, v := range want {
			if b.kv[k] != v {
				t.Errorf("%s: %s: %q, want %q", path, k, b.kv[k], v)
			}
		}
		if !strings.HasPrefix(b.kv["span"], last.Sub(first).String()) {
			t.Errorf("%s: span %q, want %v", path, b.kv["span"], last.Sub(first))
		}
		if fmt.Sprint(b.phs) != fmt.Sprint(phs) {
			t.Errorf("%s: hierarchy\n got %v\nwant %v\n%s", path, b.phs, phs, b.text)
		}
		if fmt.Sprint(b.lts) != fmt.Sprint(lts) {
			t.Errorf("%s: link types %v, want %v", path, b.lts, lts)
		}
	}
	// -c limits the statistics too
	r = runCmd(t, "", "read", "--stats", "-c", "2", testdataFile("pcapplusplus_pcapng-example.pcapng"))
	r.want(t, exitOK)
	if b := parseStats(t, r.stdout); b[0].kv["packets"] != "2" || b[0].phs["Ethernet"][0] != 2 {
		t.Errorf("--stats -c 2:\n%s", r.stdout)
	}
	// mixed link types are counted apart
	r = runCmd(t, "", "read", "--stats", testdataFile("gopacket_be_test006.pcapng"))
	r.want(t, exitOK)
	if b := parseStats(t, r.stdout); len(b[0].lts) != 2 || b[0].lts["EN10MB (1)"] != 4 {
		t.Errorf("--stats mixed link types:\n%s", r.stdout)
	}
}

// sameCaptures compares packets read back with the originals; nsec is the
// timestamp precision kept.
func sameCaptures(t *testing.T, what string, got, want []capturePacket, prec time.Duration, keepIfaces bool) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d packets, want %d", what, len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if !bytes.Equal(g.Data, w.Data) || g.CaptureLength != w.CaptureLength || g.Length != w.Length ||
			!g.Timestamp.Equal(w.Timestamp.Truncate(prec)) || g.LinkType != w.LinkType {
			t.Errorf("%s packet %d: ts %v len %d/%d lt %d, want ts %v len %d/%d lt %d (data equal %v)", what, i+1,
				g.Timestamp, g.CaptureLength, g.Length, g.LinkType, w.Timestamp, w.CaptureLength, w.Length, w.LinkType, bytes.Equal(g.Data, w.Data))
			return
		}
		if keepIfaces && (!slices.Equal(g.Comments, w.Comments) || g.ifName != w.ifName) {
			t.Errorf("%s packet %d: comments %q interface %q, want %q %q", what, i+1, g.Comments, g.ifName, w.Comments, w.ifName)
		}
	}
}

func TestReadWriteRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, path := range readableTestdata(t) {
		want, format, err := readCapture(t, path)
		if err != nil {
			t.Fatal(err)
		}
		// to pcapng: everything kept
		out := filepath.Join(dir, filepath.Base(path)+".out.pcapng")
		r := runCmd(t, "", "read", path, "-w", out)
		r.want(t, exitOK)
		if r.stdout != "" {
			t.Errorf("-w prints %q", r.stdout)
		}
		got, f, err := readCapture(t, out)
		if err != nil || f != pcap.FormatPcapNG {
			t.Fatalf("%s: %v %v", out, f, err)
		}
		sameCaptures(t, out, got, want, 1, true)

		// to classic pcap: a single link type; microseconds unless the
		// input has finer timestamps
		lts := map[pcap.LinkType]bool{}
		for _, p := range want {
			lts[p.LinkType] = true
		}
		out = filepath.Join(dir, filepath.Base(path)+".out.pcap")
		r = runCmd(t, "", "read", "-w", out, path)
		if len(lts) > 1 {
			r.want(t, exitError)
			if !strings.Contains(r.stderr, "link type") || !strings.Contains(r.stderr, ".pcapng") || !strings.Contains(r.stderr, out) {
				t.Errorf("mixed link types to pcap: %q", r.stderr)
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s left behind after the error (%v)", out, err)
			}
			continue
		}
		if beyondPcap(want) {
			r.want(t, exitError)
			continue
		}
		r.want(t, exitOK)
		got, f, err = readCapture(t, out)
		if err != nil || f != pcap.FormatPcap {
			t.Fatalf("%s: %v %v", out, f, err)
		}
		prec := time.Microsecond
		if fileIsNano(t, path) {
			prec = 1
		}
		sameCaptures(t, out+" from "+format.String(), got, want, prec, false)
		// --ns keeps nanoseconds whatever the input
		r = runCmd(t, "", "read", "-w", out, "--ns", path)
		r.want(t, exitOK)
		got, _, _ = readCapture(t, out)
		sameCaptures(t, out+" --ns", got, want, 1, false)
		if b, _ := os.ReadFile(out); len(b) < 4 || binary.LittleEndian.Uint32(b) != 0xa1b23c4d {
			t.Errorf("--ns: magic % x", b[:min(4, len(b))])
		}
	}
}

// beyondPcap reports timestamps classic pcap cannot hold (after 2106).
func beyondPcap(pkts []capturePacket) bool {
	for _, p := range pkts {
		if p.Timestamp.Unix() > 1<<32-1 {
			return true
		}
	}
	return false
}

func TestReadWriteClassicExact(t *testing.T) {
	// a little-endian microsecond pcap written back is the same file
	src := filepath.Join(t.TempDir(), "in.pcap")
	writeTestPcap(t, src, pcap.LinkTypeEthernet, [][]byte{articleBytes(t), articleBytes(t)[:20]})
	out := filepath.Join(t.TempDir(), "out.cap")
	r := runCmd(t, "", "read", src, "-w", out)
	r.want(t, exitOK)
	a, _ := os.ReadFile(src)
	b, _ := os.ReadFile(out)
	if !bytes.Equal(a, b) {
		t.Errorf("pcap -> pcap differs:\n% x\n% x", a, b)
	}
	// nanosecond input gives nanosecond output
	nano := testdataFile("tcpdump_tcp-handshake-nano.pcap")
	r = runCmd(t, "", "read", nano, "-w", out)
	r.want(t, exitOK)
	if b, _ := os.ReadFile(out); binary.LittleEndian.Uint32(b) != 0xa1b23c4d {
		t.Errorf("nano input: magic % x", b[:4])
	}
	// -w - writes the capture to standard output
	r = runCmd(t, "", "read", src, "-w", "-")
	r.want(t, exitOK)
	if r.stdout != string(a) {
		t.Errorf("-w -: % x", r.stdout)
	}
}

func TestReadWriteOptions(t *testing.T) {
	dir := t.TempDir()
	a := testdataFile("gopacket_le_test004.pcapng")
	b := testdataFile("pcapplusplus_pcapng-example.pcapng")
	pa, _, _ := readCapture(t, a)
	pb, _, _ := readCapture(t, b)

	// -c: the first packets only; printing on request
	out := filepath.Join(dir, "c.pcapng")
	r := runCmd(t, "", "read", "-c", "2", "-w", out, b, "--summary")
	r.want(t, exitOK)
	if n := len(lines(r.stdout)); n != 2 {
		t.Errorf("-w --summary printed %d lines", n)
	}
	got, _, _ := readCapture(t, out)
	sameCaptures(t, "-c 2", got, pb[:2], 1, true)

	// several files go to one output, in order
	out = filepath.Join(dir, "ab.pcapng")
	r = runCmd(t, "", "read", "-w", out, a, b)
	r.want(t, exitOK)
	got, _, _ = readCapture(t, out)
	sameCaptures(t, "a+b", got, append(slices.Clone(pa), pb...), 1, true)

	// pcapng with one link type to classic pcap
	out = filepath.Join(dir, "a.pcap")
	r = runCmd(t, "", "read", a, "-w", out)
	r.want(t, exitOK)
	got, f, _ := readCapture(t, out)
	if f != pcap.FormatPcap {
		t.Errorf("%s is %v", out, f)
	}
	sameCaptures(t, "pcapng to pcap", got, pa, time.Microsecond, false)

	// an empty output still is a capture file
	empty := filepath.Join(dir, "empty.pcap")
	writeTestPcap(t, empty, pcap.LinkTypeRaw, nil)
	out = filepath.Join(dir, "empty-out.pcap")
	r = runCmd(t, "", "read", empty, "-w", out)
	r.want(t, exitOK)
	if rd, err := pcap.Open(out); err != nil || rd.LinkType() != pcap.LinkTypeRaw {
		t.Errorf("empty output: %v", err)
	} else {
		rd.Close()
	}

	// the output may not be an input
	r = runCmd(t, "", "read", a, "-w", a)
	r.want(t, exitUsage)
	if _, _, err := readCapture(t, a); err != nil {
		t.Fatalf("input damaged: %v", err)
	}
	// -w - with other output on standard output
	r = runCmd(t, "", "read", a, "-w", "-", "--json")
	r.want(t, exitUsage)
	// an unwritable output
	r = runCmd(t, "", "read", a, "-w", filepath.Join(dir, "no", "such", "dir.pcap"))
	r.want(t, exitError)
}

func TestReadBrokenFiles(t *testing.T) {
	dir := t.TempDir()
	// classic pcap cut inside its last record
	src := testdataFile("tcpdump_tcp-handshake-nano.pcap")
	pkts, _, _ := readCapture(t, src)
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.pcap")
	os.WriteFile(cut, data[:len(data)-5], 0o644)
	lastRecord := len(data) - 16 - len(pkts[len(pkts)-1].Data)
	r := runCmd(t, "", "read", cut)
	r.want(t, exitError)
	checkSummaries(t, cut, r.stdout, pkts[:len(pkts)-1])
	if want := fmt.Sprintf("goscapy: %s: pcap: truncated file", cut); !strings.HasPrefix(r.stderr, want) ||
		!strings.Contains(r.stderr, fmt.Sprintf(" at offset %d: ", lastRecord)) {
		t.Errorf("stderr %q, want %q... at offset %d", r.stderr, want, lastRecord)
	}
	// every output form prints the packets before the error
	r = runCmd(t, "", "read", "--json", cut)
	r.want(t, exitError)
	if n := len(lines(r.stdout)); n != len(pkts)-1 {
		t.Errorf("--json printed %d packets", n)
	}
	r = runCmd(t, "", "read", "--stats", cut)
	r.want(t, exitError)
	if b := parseStats(t, r.stdout); b[0].kv["packets"] != strconv.Itoa(len(pkts)-1) {
		t.Errorf("--stats of the broken file:\n%s", r.stdout)
	}
	// -w keeps the packets that could be read
	out := filepath.Join(dir, "cut-out.pcap")
	r = runCmd(t, "", "read", cut, "-w", out)
	r.want(t, exitError)
	got, _, _ := readCapture(t, out)
	sameCaptures(t, "broken -w", got, pkts[:len(pkts)-1], 1, false)

	// pcapng whose second block has a bad trailing length
	ng := testdataFile("gopacket_le_test004.pcapng")
	ngPkts, _, _ := readCapture(t, ng)
	data, _ = os.ReadFile(ng)
	offs := blockOffsets(data)
	if len(offs) < 4 {
		t.Fatalf("blocks at %v", offs)
	}
	bad := slices.Clone(data)
	last := offs[len(offs)-1] // the last packet's block
	bad[len(bad)-4]++         // its trailing length
	badPath := filepath.Join(dir, "bad.pcapng")
	os.WriteFile(badPath, bad, 0o644)
	r = runCmd(t, "", "read", badPath)
	r.want(t, exitError)
	checkSummaries(t, badPath, r.stdout, ngPkts[:len(ngPkts)-1])
	if want := fmt.Sprintf("goscapy: %s: pcap: malformed block at offset %d", badPath, last); !strings.HasPrefix(r.stderr, want) {
		t.Errorf("stderr %q, want prefix %q", r.stderr, want)
	}

	// a section of an unsupported version after the first packet
	v2 := testdataFile("gopacket_le_test901.pcapng")
	r = runCmd(t, "", "read", v2)
	r.want(t, exitError)
	if len(lines(r.stdout)) != 1 || !strings.Contains(r.stderr, v2+": ") || !strings.Contains(r.stderr, "offset") {
		t.Errorf("test901: %+v", r)
	}

	// not a capture; a missing file
	junk := filepath.Join(dir, "junk.pcap")
	os.WriteFile(junk, []byte("this is not a capture file at all"), 0o644)
	for _, p := range []string{junk, filepath.Join(dir, "missing.pcap")} {
		r = runCmd(t, "", "read", p)
		r.want(t, exitError)
		if r.stdout != "" || !strings.Contains(r.stderr, p) {
			t.Errorf("%s: %+v", p, r)
		}
	}

	// the other files are still read, and the status is 1
	var out2, errb strings.Builder
	code := run([]string{"read", junk, src}, nil, &out2, &errb)
	if code != exitError || len(lines(out2.String())) != len(pkts) || !strings.Contains(errb.String(), junk) {
		t.Errorf("junk then good: %d %q %q", code, out2.String(), errb.String())
	}
}

// blockOffsets returns the offsets of the blocks of a little-endian pcapng
// file.
func blockOffsets(b []byte) []int {
	var offs []int
	for off := 0; off+12 <= len(b); {
		n := int(binary.LittleEndian.Uint32(b[off+4:]))
		if n < 12 {
			break
		}
		offs = append(offs, off)
		off += n
	}
	return offs
}

func TestReadSeveralFilesAndStdin(t *testing.T) {
	a := testdataFile("gopacket_le_test004.pcapng")
	b := testdataFile("tcpdump_tcp-handshake-nano.pcap.gz")
	pa, _, _ := readCapture(t, a)
	pb, _, _ := readCapture(t, b)
	r := runCmd(t, "", "read", a, b, "-c", "3")
	r.want(t, exitOK)
	ls := lines(r.stdout)
	if len(ls) != 6 || !strings.HasPrefix(ls[0], "1 ") || !strings.HasPrefix(ls[3], "1 ") || !strings.HasPrefix(ls[5], "3 ") {
		t.Errorf("two files, -c 3:\n%s", r.stdout)
	}
	checkSummaries(t, a, strings.Join(ls[:3], "\n"), pa[:3])
	checkSummaries(t, b, strings.Join(ls[3:], "\n"), pb[:3])

	data, _ := os.ReadFile(b)
	r = runCmd(t, string(data), "read", "-")
	r.want(t, exitOK)
	checkSummaries(t, b, r.stdout, pb)
	r = runCmd(t, "", "read", "-", "-")
	r.want(t, exitUsage)
}

func TestReadHelpAndUsage(t *testing.T) {
	for _, args := range [][]string{{"read", "-h"}, {"read", "x.pcap", "--help"}, {"help", "read"}} {
		r := runCmd(t, "", args...)
		r.want(t, exitOK)
		for _, s := range []string{"usage: goscapy read", "--show", "--hex", "--json", "--stats", "-c N", "-w OUT", "--ns", "pcapng"} {
			if !strings.Contains(r.stdout, s) {
				t.Errorf("%v lacks %q", args, s)
			}
		}
	}
	r := runCmd(t, "", "help")
	if !strings.Contains(r.stdout, "\n  read ") {
		t.Errorf("help lacks read:\n%s", r.stdout)
	}
	f := testdataFile("gopacket_epb.pcapng")
	for _, args := range [][]string{
		{"read"},
		{"read", "-c", "-1", f},
		{"read", "-c", "x", f},
		{"read", "--ns", f},
		{"read", "--stats", "--json", f},
		{"read", "--show", "--hex", f},
		{"read", "--bogus", f},
	} {
		r := runCmd(t, "", args...)
		r.want(t, exitUsage)
		if !strings.HasPrefix(r.stderr, "goscapy: read: ") {
			t.Errorf("%v: %q", args, r.stderr)
		}
	}
}

func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	if progressWanted(&buf, &buf, true, 1<<40) || isTerminal(&buf) || isTerminal(nil) {
		t.Error("progress for a buffer")
	}
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if isTerminal(null) {
		t.Error("the null device is a terminal")
	}
	tmp, _ := os.Create(filepath.Join(t.TempDir(), "f"))
	defer tmp.Close()
	if isTerminal(tmp) || progressWanted(tmp, tmp, true, 1<<40) {
		t.Error("a file is a terminal")
	}

	now := time.Unix(1000, 0)
	clock := func() time.Time { return now }
	c := &countingReader{r: strings.NewReader(strings.Repeat("x", 1000))}
	p := newProgress(&buf, "big.pcap", 2000, c, clock)
	io.ReadAll(c)
	for i := 1; i <= 4096; i++ {
		p.tick(i)
	}
	if buf.Len() != 0 {
		t.Errorf("drawn before the delay: %q", buf.String())
	}
	now = now.Add(time.Second)
	p.tick(4097)
	if buf.Len() != 0 {
		t.Errorf("drawn off the tick mask: %q", buf.String())
	}
	p.tick(8192)
	if want := "\rgoscapy: big.pcap: 50% (8192 packets)\x1b[K"; buf.String() != want {
		t.Errorf("%q, want %q", buf.String(), want)
	}
	buf.Reset()
	p.tick(3 * 4096) // too soon after the last draw
	if buf.Len() != 0 {
		t.Errorf("redrawn too soon: %q", buf.String())
	}
	p.done()
	p.done()
	if buf.String() != "\r\x1b[K" {
		t.Errorf("done: %q", buf.String())
	}
	var nilp *progress
	nilp.tick(4096)
	nilp.done()
}

// The corpus: every readable file prints exactly its packet count, with
// the summary of each packet; the files readers must reject are rejected.
func TestReadCorpus(t *testing.T) {
	f, err := os.Open(filepath.Join(readCorpusDir, "INDEX.tsv"))
	if err != nil {
		t.Skipf("capture corpus not available: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	n := 0
	dir := t.TempDir()
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 5 {
			continue
		}
		path := filepath.Join(readCorpusDir, cols[0])
		if fi, err := os.Stat(path); testing.Short() && err == nil && fi.Size() > 1<<20 {
			continue
		}
		count, cerr := strconv.Atoi(cols[4])
		r := runCmd(t, "", "read", path)
		if cols[2] == "unreadable-by-tshark" {
			if r.code != exitError || !strings.Contains(r.stderr, path) {
				t.Errorf("%s: not rejected: %d %q", cols[0], r.code, r.stderr)
			}
			continue
		}
		if r.code != exitOK {
			t.Errorf("%s: exit %d: %s", cols[0], r.code, r.stderr)
			continue
		}
		pkts, _, err := readCapture(t, path)
		if err != nil {
			t.Errorf("%s: %v", cols[0], err)
			continue
		}
		if cerr == nil && len(pkts) != count {
			t.Errorf("%s: %d packets, INDEX.tsv says %d", cols[0], len(pkts), count)
		}
		checkSummaries(t, path, r.stdout, pkts)
		// -w to pcapng keeps everything
		out := filepath.Join(dir, "out.pcapng")
		r = runCmd(t, "", "read", "-w", out, path)
		r.want(t, exitOK)
		got, _, err := readCapture(t, out)
		if err != nil {
			t.Errorf("%s written back: %v", cols[0], err)
			continue
		}
		sameCaptures(t, cols[0]+" to pcapng", got, pkts, 1, true)
		n++
	}
	if n == 0 {
		t.Error("no corpus file read")
	}
}

// lab-verify.pcap: --stats against the frame counts tshark recorded in
// INDEX.tsv (eth(738), arp(536)).
func TestReadCorpusStats(t *testing.T) {
	path := filepath.Join(readCorpusDir, "generated", "lab-verify.pcap")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("capture corpus not available: %v", err)
	}
	r := runCmd(t, "", "read", "--stats", path)
	r.want(t, exitOK)
	b := parseStats(t, r.stdout)[0]
	if b.kv["packets"] != "738" || b.phs["Ethernet"][0] != 738 || b.phs["Ethernet/ARP"][0] != 536 || b.lts["EN10MB (1)"] != 738 {
		t.Errorf("lab-verify --stats:\n%s", r.stdout)
	}
}

// FuzzReadCommand feeds arbitrary bytes to goscapy read on standard input
// in one of its output forms: no panic, status 0 or 1, every summary line
// numbered in order, and -w output that reads back as the packets read.
func FuzzReadCommand(f *testing.F) {
	ents, _ := os.ReadDir(pcapTestdata)
	for _, e := range ents {
		if b, err := os.ReadFile(filepath.Join(pcapTestdata, e.Name())); err == nil && strings.Contains(e.Name(), ".pcap") && len(b) <= 4<<10 {
			for mode := range fuzzModes {
				f.Add(uint8(mode), b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, mode uint8, data []byte) {
		if len(data) > 16<<10 {
			t.Skip("large inputs make minimisation slow; the pcap fuzz target covers them")
		}
		args := append([]string{"read"}, fuzzModes[int(mode)%len(fuzzModes)]...)
		args = append(args, "-")
		var out, errb bytes.Buffer
		code := run(args, bytes.NewReader(data), &out, &errb)
		if code != exitOK && code != exitError {
			t.Fatalf("%v: exit %d: %s", args, code, errb.String())
		}
		switch args[1] {
		case "--summary":
			for i, l := range lines(out.String()) {
				if !strings.HasPrefix(l, strconv.Itoa(i+1)+" ") {
					t.Fatalf("line %d: %q", i+1, l)
				}
			}
		case "--json":
			for i, l := range lines(out.String()) {
				var j readJSON
				if err := json.Unmarshal([]byte(l), &j); err != nil || j.N != i+1 {
					t.Fatalf("line %d: %v: %s", i+1, err, l)
				}
			}
		case "-w":
			if code != exitOK {
				return
			}
			in, err := pcap.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("read succeeded on input pcap cannot open: %v", err)
			}
			want, _, _ := readAllFrom(in)
			rd, err := pcap.NewReader(&out)
			if err != nil {
				t.Fatalf("-w output: %v", err)
			}
			got, _, err := readAllFrom(rd)
			if err != nil || len(got) != len(want) {
				t.Fatalf("-w output: %d packets, want %d (%v)", len(got), len(want), err)
			}
			for i := range got {
				gt, wt := got[i].Timestamp, want[i].Timestamp
				if !bytes.Equal(got[i].Data, want[i].Data) || !gt.Equal(wt) && !gt.Equal(wt.Truncate(time.Microsecond)) {
					t.Fatalf("-w packet %d differs", i+1)
				}
			}
		}
	})
}

var fuzzModes = [][]string{{"--summary"}, {"--json"}, {"--stats"}, {"--show"}, {"--hex"}, {"-w", "-"}}

// BenchmarkReadSummary prints the summaries of a capture (lab-100k.pcap of
// the corpus, else a test file) to io.Discard.
func BenchmarkReadSummary(b *testing.B) {
	path := filepath.Join(readCorpusDir, "generated", "lab-100k.pcap")
	if _, err := os.Stat(path); err != nil {
		path = testdataFile("pcapplusplus_pcapng-example.pcapng")
	}
	for _, mode := range []string{"--summary", "--stats"} {
		b.Run(mode[2:], func(b *testing.B) {
			for b.Loop() {
				if code := run([]string{"read", mode, path}, nil, io.Discard, io.Discard); code != exitOK {
					b.Fatal(code)
				}
			}
		})
	}
}
