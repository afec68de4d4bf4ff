package pcap

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestWriterClassic(t *testing.T) {
	ts := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)
	for _, nanos := range []bool{false, true} {
		var buf bytes.Buffer
		var opts []WriterOption
		if nanos {
			opts = append(opts, WithNanoseconds())
		}
		opts = append(opts, WithSnapLen(1500))
		w, err := NewWriter(&buf, LinkTypeRaw, opts...)
		if err != nil {
			t.Fatal(err)
		}
		if buf.Len() != fileHeaderLen {
			t.Fatalf("header not written at once: %d bytes", buf.Len())
		}
		must(t, w.WritePacket(CaptureInfo{Timestamp: ts, CaptureLength: 3, Length: 60, LinkType: LinkTypeRaw}, []byte{1, 2, 3}))
		must(t, w.WritePacket(CaptureInfo{LinkType: LinkTypeRaw}, []byte{4, 5})) // defaults
		must(t, w.Flush())
		pkts, r, err := readAllBytes(t, buf.Bytes())
		if err != nil || len(pkts) != 2 {
			t.Fatalf("%v %v", pkts, err)
		}
		if ifc := r.Interfaces()[0]; ifc.SnapLen != 1500 || ifc.LinkType != LinkTypeRaw || (ifc.TsResol == 9) != nanos {
			t.Fatalf("header: %+v", ifc)
		}
		want := ts
		if !nanos {
			want = ts.Truncate(time.Microsecond)
		}
		if p := pkts[0]; !p.Timestamp.Equal(want) || p.CaptureLength != 3 || p.Length != 60 || !bytes.Equal(p.Data, []byte{1, 2, 3}) {
			t.Fatalf("packet 1: %+v", p)
		}
		if p := pkts[1]; !p.Timestamp.Equal(time.Unix(0, 0)) || p.CaptureLength != 2 || p.Length != 2 {
			t.Fatalf("packet 2: %+v", p)
		}
	}
}

func TestWriterClassicRejects(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, LinkTypeEthernet)
	if err != nil {
		t.Fatal(err)
	}
	err = w.WritePacket(CaptureInfo{LinkType: LinkTypeNull}, []byte{1})
	if !errors.Is(err, ErrLinkTypeMismatch) || !strings.Contains(err.Error(), "NULL") || !strings.Contains(err.Error(), "EN10MB") {
		t.Fatalf("mixed link types: %v", err)
	}
	for _, ci := range []CaptureInfo{
		{LinkType: LinkTypeEthernet, CaptureLength: 5},
		{LinkType: LinkTypeEthernet, Length: -1, CaptureLength: 1},
		{LinkType: LinkTypeEthernet, Timestamp: time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC)},
		{LinkType: LinkTypeEthernet, Timestamp: time.Date(2107, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		if err := w.WritePacket(ci, []byte{1}); !errors.Is(err, ErrBadCaptureInfo) {
			t.Fatalf("%+v: %v", ci, err)
		}
	}
	// Validation errors do not break the writer.
	must(t, w.WritePacket(CaptureInfo{LinkType: LinkTypeEthernet}, []byte{1}))
	must(t, w.Flush())
	if pkts, _, err := readAllBytes(t, buf.Bytes()); err != nil || len(pkts) != 1 {
		t.Fatalf("%v %v", pkts, err)
	}
}

func TestNgWriterInterfaces(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewNgWriter(&buf, WithApplication("goscapy test"), WithSnapLen(9000))
	if err != nil {
		t.Fatal(err)
	}
	idx, err := w.AddInterface(Interface{Name: "eth0", Description: "uplink", LinkType: LinkTypeEthernet, SnapLen: 65535, FCSLen: 4})
	if err != nil || idx != 0 {
		t.Fatal(idx, err)
	}
	ts := time.Date(2030, 1, 2, 3, 4, 5, 6, time.UTC)
	writes := []struct {
		ci      CaptureInfo
		wantIdx int
		wantLT  LinkType
	}{
		{CaptureInfo{Timestamp: ts, LinkType: LinkTypeEthernet, Comments: []string{"one", "two words"}}, 0, LinkTypeEthernet},
		{CaptureInfo{InterfaceIndex: 1, LinkType: LinkTypeNull}, 1, LinkTypeNull}, // next index: created as is
		{CaptureInfo{InterfaceIndex: 0, LinkType: LinkTypeRaw}, 2, LinkTypeRaw},   // index 0 is Ethernet: new interface
		{CaptureInfo{InterfaceIndex: 0, LinkType: LinkTypeRaw}, 2, LinkTypeRaw},   // reused
		{CaptureInfo{InterfaceIndex: 7, LinkType: LinkTypeEthernet}, 3, LinkTypeEthernet},
		{CaptureInfo{InterfaceIndex: 1, LinkType: LinkTypeNull, Comments: []string{""}}, 1, LinkTypeNull},
		{CaptureInfo{InterfaceIndex: 0, LinkType: LinkTypeEthernet, CaptureLength: 2, Length: 1514}, 0, LinkTypeEthernet},
	}
	for i, wr := range writes {
		must(t, w.WritePacket(wr.ci, []byte{byte(i), 0xee}))
	}
	must(t, w.Flush())
	pkts, r, err := readAllBytes(t, buf.Bytes())
	if err != nil || len(pkts) != len(writes) {
		t.Fatalf("%d packets, %v", len(pkts), err)
	}
	for i, p := range pkts {
		wr := writes[i]
		if p.Data[0] != byte(i) || p.InterfaceIndex != wr.wantIdx || p.LinkType != wr.wantLT || !slices.Equal(p.Comments, wr.ci.Comments) {
			t.Fatalf("packet %d: %+v, want interface %d %v", i, p.CaptureInfo, wr.wantIdx, wr.wantLT)
		}
	}
	if !pkts[0].Timestamp.Equal(ts) || pkts[6].Length != 1514 || pkts[1].Length != 2 {
		t.Fatalf("%+v", pkts)
	}
	ifs := r.Interfaces()
	want := []Interface{
		{Name: "eth0", Description: "uplink", LinkType: LinkTypeEthernet, SnapLen: 65535, TsResol: 9, FCSLen: 4},
		{LinkType: LinkTypeNull, SnapLen: 9000, TsResol: 9},
		{LinkType: LinkTypeRaw, SnapLen: 9000, TsResol: 9},
		{LinkType: LinkTypeEthernet, SnapLen: 9000, TsResol: 9},
	}
	if !slices.Equal(ifs, want) {
		t.Fatalf("interfaces:\n%+v\nwant\n%+v", ifs, want)
	}
	if !bytes.Contains(buf.Bytes()[:64], []byte("goscapy test")) {
		t.Fatal("shb_userappl missing")
	}
}

func TestNgWriterRejects(t *testing.T) {
	var buf bytes.Buffer
	w, _ := NewNgWriter(&buf)
	for _, tc := range []struct {
		ci   CaptureInfo
		data []byte
	}{
		{CaptureInfo{CaptureLength: 3}, []byte{1}},
		{CaptureInfo{Timestamp: time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)}, []byte{1}},
		{CaptureInfo{Timestamp: time.Date(2600, 1, 1, 0, 0, 0, 0, time.UTC)}, []byte{1}},
		{CaptureInfo{Comments: []string{strings.Repeat("x", 70000)}}, []byte{1}},
	} {
		if err := w.WritePacket(tc.ci, tc.data); !errors.Is(err, ErrBadCaptureInfo) {
			t.Fatalf("%+v: %v", tc.ci, err)
		}
	}
	if _, err := w.AddInterface(Interface{TsResol: 0x80 | 70}); !errors.Is(err, ErrBadCaptureInfo) {
		t.Fatalf("bad resolution: %v", err)
	}
	// Timestamps before 1970 fit an interface with a negative offset.
	idx, err := w.AddInterface(Interface{LinkType: LinkTypeEthernet, TsResol: 6, TsOffset: -1e9})
	must(t, err)
	old := time.Date(1960, 1, 1, 0, 0, 0, 5000, time.UTC)
	must(t, w.WritePacket(CaptureInfo{Timestamp: old, InterfaceIndex: idx, LinkType: LinkTypeEthernet}, []byte{1}))
	must(t, w.Flush())
	pkts, _, err := readAllBytes(t, buf.Bytes())
	if err != nil || len(pkts) != 1 || !pkts[0].Timestamp.Equal(old) {
		t.Fatalf("%+v %v", pkts, err)
	}
}

// failWriter fails after n bytes.
type failWriter struct{ n int }

var errDiskFull = errors.New("disk full")

func (f *failWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		k := f.n
		f.n = 0
		return k, errDiskFull
	}
	f.n -= len(p)
	return len(p), nil
}

func TestWriterErrorsAreSticky(t *testing.T) {
	if _, err := NewWriter(&failWriter{10}, LinkTypeEthernet); !errors.Is(err, errDiskFull) {
		t.Fatalf("NewWriter: %v", err)
	}
	if _, err := NewNgWriter(&failWriter{10}); !errors.Is(err, errDiskFull) {
		t.Fatalf("NewNgWriter: %v", err)
	}
	big := make([]byte, 100_000) // more than the write buffer
	w, err := NewWriter(&failWriter{1000}, LinkTypeEthernet)
	must(t, err)
	err = w.WritePacket(CaptureInfo{LinkType: LinkTypeEthernet}, big)
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("WritePacket: %v", err)
	}
	if err2 := w.Flush(); !errors.Is(err2, errDiskFull) {
		t.Fatalf("Flush: %v", err2)
	}
	nw, err := NewNgWriter(&failWriter{1000})
	must(t, err)
	if err := nw.WritePacket(CaptureInfo{}, big); !errors.Is(err, errDiskFull) {
		t.Fatalf("NgWriter.WritePacket: %v", err)
	}
	if err := nw.WritePacket(CaptureInfo{}, []byte{1}); !errors.Is(err, errDiskFull) {
		t.Fatalf("NgWriter.WritePacket after failure: %v", err)
	}
}

// TestTsharkReadsWrittenFiles checks written files with tshark when it is
// installed: mixed link types, comments, nanosecond timestamps.
func TestTsharkReadsWrittenFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs tshark")
	}
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		t.Skip("tshark not installed")
	}
	dir := t.TempDir()
	var ng bytes.Buffer
	w, _ := NewNgWriter(&ng)
	eth := []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x88, 0xb5, 'h', 'i'}
	null := []byte{2, 0, 0, 0, 0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2}
	must(t, w.WritePacket(CaptureInfo{Timestamp: time.Unix(1700000000, 123456789), LinkType: LinkTypeEthernet, Comments: []string{"hello tshark"}}, eth))
	must(t, w.WritePacket(CaptureInfo{Timestamp: time.Unix(1700000001, 1), InterfaceIndex: 1, LinkType: LinkTypeNull}, null))
	must(t, w.Flush())
	ngPath := filepath.Join(dir, "w.pcapng")
	must(t, os.WriteFile(ngPath, ng.Bytes(), 0o644))
	out, err := exec.Command(tshark, "-n", "-r", ngPath, "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.interface_id", "-e", "frame.comment").Output()
	if err != nil {
		t.Fatalf("tshark: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "1700000000.123456789\t0\thello tshark") || !strings.HasPrefix(lines[1], "1700000001.000000001\t1") {
		t.Fatalf("tshark output:\n%s", out)
	}

	var classic bytes.Buffer
	cw, _ := NewWriter(&classic, LinkTypeEthernet, WithNanoseconds())
	must(t, cw.WritePacket(CaptureInfo{Timestamp: time.Unix(1700000000, 5), LinkType: LinkTypeEthernet}, eth))
	must(t, cw.Flush())
	pcapPath := filepath.Join(dir, "w.pcap")
	must(t, os.WriteFile(pcapPath, classic.Bytes(), 0o644))
	out, err = exec.Command(tshark, "-n", "-r", pcapPath, "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.len").Output()
	if err != nil || strings.TrimSpace(string(out)) != "1700000000.000000005\t16" {
		t.Fatalf("tshark: %v\n%s", err, out)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
