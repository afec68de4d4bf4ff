package pcap

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The shared capture corpus lives beside the repository. Its INDEX.tsv
// lists every file with the packet count tshark reports.
var corpusDir = filepath.Join("..", "..", "shared", "corpus")

type corpusRow struct {
	file, format, linktype, selectedFor string
	packets                             int // -1 when unknown ("?")
}

func loadCorpus(t *testing.T) []corpusRow {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusDir, "INDEX.tsv"))
	if err != nil {
		t.Skipf("capture corpus not available (%v); it is expected at %s", err, corpusDir)
	}
	defer f.Close()
	var rows []corpusRow
	sc := bufio.NewScanner(f)
	header := true
	for sc.Scan() {
		if header {
			header = false
			continue
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 7 {
			t.Fatalf("INDEX.tsv: short line %q", sc.Text())
		}
		row := corpusRow{file: cols[0], format: cols[2], linktype: cols[3], selectedFor: cols[6], packets: -1}
		if n, err := strconv.Atoi(cols[4]); err == nil {
			row.packets = n
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("INDEX.tsv lists no files")
	}
	return rows
}

// rejected tells whether the corpus marks a file as one readers must
// reject. Such rows come from the pcapng test suite of gopacket's pcapgo
// (test901: a second section with SHB version 2.0, which tshark refuses as
// "unknown SHB version 2.0" and pcapgo reports as ErrNgVersionMismatch).
func (row corpusRow) rejected() bool { return row.format == "unreadable-by-tshark" }

// tsharkLinkTypes maps the encapsulation names of the INDEX linktype column
// to link types.
var tsharkLinkTypes = map[string]LinkType{
	"ether":                LinkTypeEthernet,
	"null":                 LinkTypeNull,
	"linux-sll":            LinkTypeLinuxSLL,
	"linux-sll2":           LinkTypeLinuxSLL2,
	"rawip":                LinkTypeRaw,
	"rawip4":               LinkTypeIPv4,
	"rawip6":               LinkTypeIPv6,
	"ieee-802-11-radiotap": LinkTypeRadiotap,
	"nflog":                LinkTypeNFLog,
	"netlink":              LinkTypeNetlink,
	"frelay":               LinkTypeFrameRelay,
	"chdlc":                LinkTypeCHDLC,
	"pktap":                LinkTypePKTAP,
	"dbus":                 LinkTypeDBus,
	"vsock":                LinkTypeVSock,
	"slip":                 LinkTypeSLIP,
	"arcnet_linux":         LinkTypeARCNetLinux,
	"juniper-ether":        LinkTypeJuniperEther,
	"juniper-atm1":         LinkTypeJuniperATM1,
	"ipnet":                LinkTypeIPNet,
	"ip-ib":                LinkTypeIPoIB,
	"linux-atm-clip":       LinkTypeATMCLIP,
	"user2":                LinkTypeUser0 + 2,
	"user13":               LinkTypeUser0 + 13,
	"wpan":                 LinkTypeIEEE802154,
}

// readAllPackets reads every packet of a file with owned copies. It
// returns the packets read before any error.
func readAllPackets(r *Reader) ([]Packet, error) {
	var pkts []Packet
	for {
		p, err := r.ReadPacket()
		if err == io.EOF {
			return pkts, nil
		}
		if err != nil {
			return pkts, err
		}
		pkts = append(pkts, p)
	}
}

func TestCorpusPacketCounts(t *testing.T) {
	for _, row := range loadCorpus(t) {
		t.Run(row.file, func(t *testing.T) {
			r, err := Open(filepath.Join(corpusDir, row.file))
			if row.rejected() {
				if err == nil {
					var n int
					for range r.All() {
						n++
					}
					err = r.Err()
					r.Close()
					t.Logf("rejected after %d packets: %v", n, err)
				}
				if err == nil {
					t.Fatal("file meant to be rejected was read without error")
				}
				var fe *FormatError
				if !errors.As(err, &fe) {
					t.Fatalf("rejection is not a *FormatError: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			switch row.format {
			case "pcap", "nsecpcap":
				if r.Format() != FormatPcap {
					t.Errorf("Format() = %v, want pcap", r.Format())
				}
			case "pcapng":
				if r.Format() != FormatPcapNG {
					t.Errorf("Format() = %v, want pcapng", r.Format())
				}
			}
			if lt, ok := tsharkLinkTypes[row.linktype]; ok && r.LinkType() != lt {
				t.Errorf("LinkType() = %v, want %v (%s)", r.LinkType(), lt, row.linktype)
			}
			n := 0
			for data, ci := range r.All() {
				if len(data) != ci.CaptureLength {
					t.Fatalf("packet %d: %d bytes but CaptureLength %d", n, len(data), ci.CaptureLength)
				}
				n++
			}
			if err := r.Err(); err != nil {
				t.Fatalf("after %d packets: %v", n, err)
			}
			if n != row.packets {
				t.Fatalf("read %d packets, INDEX.tsv says %d", n, row.packets)
			}
		})
	}
}

// comparePackets checks that got matches want in data, timestamp,
// lengths and link type; interface indexes and comments when asked.
func comparePackets(t *testing.T, got, want []Packet, ifaces, comments bool) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("round trip gave %d packets, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		switch {
		case !bytes.Equal(g.Data, w.Data):
			t.Fatalf("packet %d: data differs", i)
		case !g.Timestamp.Equal(w.Timestamp):
			t.Fatalf("packet %d: timestamp %v, want %v", i, g.Timestamp, w.Timestamp)
		case g.CaptureLength != w.CaptureLength || g.Length != w.Length:
			t.Fatalf("packet %d: lengths %d/%d, want %d/%d", i, g.CaptureLength, g.Length, w.CaptureLength, w.Length)
		case g.LinkType != w.LinkType:
			t.Fatalf("packet %d: link type %v, want %v", i, g.LinkType, w.LinkType)
		case ifaces && g.InterfaceIndex != w.InterfaceIndex:
			t.Fatalf("packet %d: interface %d, want %d", i, g.InterfaceIndex, w.InterfaceIndex)
		case comments && !slices.Equal(g.Comments, w.Comments):
			t.Fatalf("packet %d: comments %q, want %q", i, g.Comments, w.Comments)
		}
	}
}

func TestCorpusRoundTrip(t *testing.T) {
	for _, row := range loadCorpus(t) {
		if row.rejected() {
			continue
		}
		t.Run(row.file, func(t *testing.T) {
			r, err := Open(filepath.Join(corpusDir, row.file))
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			ifaces := r.Interfaces()
			tracked, err := readAllTracked(r)
			if err != nil {
				t.Fatal(err)
			}
			pkts := make([]Packet, len(tracked))
			for i, p := range tracked {
				pkts[i] = p.Packet
			}
			lastIfaces := r.Interfaces()
			multiSection := r.sections > 1

			// Same format.
			var buf bytes.Buffer
			if r.Format() == FormatPcap {
				var opts []WriterOption
				if ifaces[0].TsResol == 9 {
					opts = append(opts, WithNanoseconds())
				}
				opts = append(opts, WithSnapLen(ifaces[0].SnapLen))
				writeClassic(t, &buf, r.LinkType(), pkts, opts...)
				got, gotIfaces := readBack(t, &buf, FormatPcap)
				comparePackets(t, got, pkts, true, true)
				if !slices.Equal(gotIfaces, ifaces) {
					t.Fatalf("interfaces %+v, want %+v", gotIfaces, ifaces)
				}
			} else {
				w, err := NewNgWriter(&buf)
				if err != nil {
					t.Fatal(err)
				}
				added := copyInterfaces(t, w, ifaces, 0, len(ifaces))
				for _, p := range tracked {
					// Interfaces described after the first packet are
					// added as packets need them (first section only).
					if p.section == 1 && p.InterfaceIndex >= added {
						added = copyInterfaces(t, w, p.sectionIfaces, added, p.InterfaceIndex+1)
					}
					if err := w.WritePacket(p.CaptureInfo, p.Data); err != nil {
						t.Fatal(err)
					}
				}
				if err := w.Flush(); err != nil {
					t.Fatal(err)
				}
				got, gotIfaces := readBack(t, &buf, FormatPcapNG)
				// A single-section file keeps its interface indexes;
				// several sections merge into one, where interfaces of
				// the same index and link type are shared.
				comparePackets(t, got, pkts, !multiSection, true)
				if !multiSection && !slices.Equal(gotIfaces[:added], lastIfaces[:added]) {
					t.Fatalf("interfaces %+v, want %+v", gotIfaces, lastIfaces)
				}
			}

			// Across formats.
			buf.Reset()
			if r.Format() == FormatPcap {
				w, err := NewNgWriter(&buf)
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range pkts {
					if err := w.WritePacket(p.CaptureInfo, p.Data); err != nil {
						t.Fatal(err)
					}
				}
				if err := w.Flush(); err != nil {
					t.Fatal(err)
				}
				got, _ := readBack(t, &buf, FormatPcapNG)
				comparePackets(t, got, pkts, true, true)
				return
			}
			if len(pkts) == 0 {
				return
			}
			lt := pkts[0].LinkType
			mixed := slices.ContainsFunc(pkts, func(p Packet) bool { return p.LinkType != lt })
			w, err := NewWriter(&buf, lt, WithNanoseconds())
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range pkts {
				err := w.WritePacket(p.CaptureInfo, p.Data)
				if mixed && p.LinkType != lt {
					if !errors.Is(err, ErrLinkTypeMismatch) {
						t.Fatalf("packet %d of link type %v written to a %v pcap file: err = %v", i, p.LinkType, lt, err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			if mixed {
				t.Fatal("mixed link types written to classic pcap without error")
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			got, _ := readBack(t, &buf, FormatPcap)
			want := make([]Packet, len(pkts))
			for i, p := range pkts {
				// Classic pcap has no interfaces or comments.
				want[i] = p
				want[i].InterfaceIndex, want[i].Comments = 0, nil
			}
			comparePackets(t, got, want, true, true)
		})
	}
}

// trackedPacket is a packet with the section it came from and the
// interfaces its section had described when it was read.
type trackedPacket struct {
	Packet
	section       int
	sectionIfaces []Interface
}

func readAllTracked(r *Reader) ([]trackedPacket, error) {
	var pkts []trackedPacket
	var ifaces []Interface
	for {
		p, err := r.ReadPacket()
		if err == io.EOF {
			return pkts, nil
		}
		if err != nil {
			return pkts, err
		}
		if r.format == FormatPcapNG && len(ifaces) != len(r.ifaces) {
			ifaces = r.Interfaces()
		}
		pkts = append(pkts, trackedPacket{p, r.sections, ifaces})
	}
}

func copyInterfaces(t *testing.T, w *NgWriter, ifaces []Interface, from, to int) int {
	t.Helper()
	for i := from; i < to && i < len(ifaces); i++ {
		if j, err := w.AddInterface(ifaces[i]); err != nil || j != i {
			t.Fatalf("AddInterface(%+v) = %d, %v; want %d", ifaces[i], j, err, i)
		}
		from = i + 1
	}
	return from
}

func writeClassic(t *testing.T, w io.Writer, lt LinkType, pkts []Packet, opts ...WriterOption) {
	t.Helper()
	pw, err := NewWriter(w, lt, opts...)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkts {
		if err := pw.WritePacket(p.CaptureInfo, p.Data); err != nil {
			t.Fatal(err)
		}
	}
	if err := pw.Flush(); err != nil {
		t.Fatal(err)
	}
}

func readBack(t *testing.T, src io.Reader, want Format) ([]Packet, []Interface) {
	t.Helper()
	r, err := NewReader(src)
	if err != nil {
		t.Fatal(err)
	}
	if r.Format() != want {
		t.Fatalf("wrote %v, read back %v", want, r.Format())
	}
	pkts, err := readAllPackets(r)
	if err != nil {
		t.Fatalf("reading back: %v", err)
	}
	return pkts, r.Interfaces()
}
