package pcap

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// testdataFiles lists the files of testdata/ with their packet counts
// (tshark's) and whether they must be rejected after those packets.
var testdataFiles = []struct {
	name     string
	packets  int
	rejected bool
}{
	{"gopacket_le_test004.pcapng", 4, false},
	{"gopacket_be_test006.pcapng", 5, false},
	{"gopacket_le_test010.pcapng", 4, false},
	{"gopacket_be_test202.pcapng", 8, false},
	{"gopacket_le_test901.pcapng", 1, true},
	{"gopacket_be_test902.pcapng", 1, false},
	{"gopacket_epb.pcapng", 1, false},
	{"tcpdump_tcp-handshake-nano.pcap", 3, false},
	{"tcpdump_tcp-handshake-nano.pcap.gz", 3, false},
	{"pcapplusplus_microsecs_big_endian.pcap", 13, false},
	{"pcapplusplus_Sll2Packet.pcap", 1, false},
	{"pcapplusplus_pcapng-example.pcapng", 159, false},
}

// TestTestdataFiles reads the packaged sample files, so that real captures
// are covered even without the shared corpus.
func TestTestdataFiles(t *testing.T) {
	for _, tf := range testdataFiles {
		r, err := Open(filepath.Join("testdata", tf.name))
		if err != nil {
			t.Fatal(err)
		}
		pkts, err := readAllPackets(r)
		r.Close()
		if len(pkts) != tf.packets {
			t.Errorf("%s: %d packets, want %d", tf.name, len(pkts), tf.packets)
		}
		if tf.rejected != (err != nil) {
			t.Errorf("%s: err = %v, rejected = %v", tf.name, err, tf.rejected)
		}
		checkRoundTrip(t, readTestdata(t, tf.name))
	}
}

func readTestdata(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// checkRoundTrip reads what it can of a file, writes those packets as
// pcapng (with the file's interfaces while there is one section) and checks
// that reading them back gives the same packets. Packets whose timestamp
// the writer cannot represent are skipped.
func checkRoundTrip(t *testing.T, file []byte) {
	t.Helper()
	r, err := NewReader(bytes.NewReader(file))
	if err != nil {
		return
	}
	var buf bytes.Buffer
	w, err := NewNgWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	added := 0
	var want []Packet
	for {
		p, err := r.ReadPacket()
		if err != nil {
			break
		}
		if r.format == FormatPcapNG && r.sections == 1 && p.InterfaceIndex >= added {
			ifs := r.Interfaces()
			for ; added <= p.InterfaceIndex && added < len(ifs); added++ {
				if _, err := w.AddInterface(ifs[added]); err != nil {
					t.Fatalf("AddInterface(%+v): %v", ifs[added], err)
				}
			}
		}
		if s := p.Timestamp.Unix(); s >= maxSeconds || s <= -maxSeconds {
			continue // clamped by the reader: not the file's value
		}
		if err := w.WritePacket(p.CaptureInfo, p.Data); err != nil {
			if errors.Is(err, ErrBadCaptureInfo) {
				continue
			}
			t.Fatal(err)
		}
		want = append(want, p)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	r2, err := NewReader(&buf)
	if err != nil {
		t.Fatalf("reading back: %v", err)
	}
	got, err := readAllPackets(r2)
	if err != nil {
		t.Fatalf("reading back: %v", err)
	}
	comparePackets(t, got, want, r.sections == 1, true)
}

func FuzzReader(f *testing.F) {
	for _, tf := range testdataFiles {
		f.Add(readTestdata(f, tf.name))
	}
	f.Add(new(ngb).shb(true, 1, 0).idb(LinkTypeEthernet, 64, ngOpt{optIfTsResol, []byte{0x88}}).
		spb(100, make([]byte, 64)).opb(0, 5, []byte{1, 2, 3}, optStr(optComment, "c")).bytes())
	f.Add(buildPcap(true, true, 65535, uint32(LinkTypeRaw), rec(1, 2, []byte{0x45, 0})))
	f.Add(gzipBytes(new(ngb).shb(false, 1, 0).idb(LinkTypeNull, 0).epb(0, 1, []byte{2, 0, 0, 0}).bytes()))

	f.Fuzz(func(t *testing.T, file []byte) {
		r, err := NewReader(bytes.NewReader(file))
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Logf("non-format error: %v", err) // e.g. gzip checksum
			}
			return
		}
		_ = r.Interfaces()
		_ = r.LinkType().String()
		buf := make([]byte, 128)
		for i := 0; i < 10000; i++ {
			var n int
			var ci CaptureInfo
			var err error
			if i%2 == 0 {
				var data []byte
				data, ci, err = r.ReadPacketData()
				n = len(data)
			} else {
				n, ci, err = r.ReadPacketInto(buf)
				if err == io.ErrShortBuffer {
					n, err = ci.CaptureLength, nil
				}
			}
			if err != nil {
				if err != io.EOF && r.Err() != err {
					t.Fatalf("Err() = %v, want %v", r.Err(), err)
				}
				break
			}
			if n != ci.CaptureLength || ci.CaptureLength < 0 || ci.InterfaceIndex < 0 {
				t.Fatalf("inconsistent packet: %d bytes, %+v", n, ci)
			}
			if ci.Comments != nil && len(ci.Comments) == 0 {
				t.Fatal("empty non-nil Comments")
			}
			if r.Format() == FormatPcapNG && !slices.ContainsFunc(r.Interfaces(), func(ifc Interface) bool { return ifc.LinkType == ci.LinkType }) {
				t.Fatalf("packet link type %v not among the interfaces", ci.LinkType)
			}
		}
		checkRoundTrip(t, file)
	})
}
