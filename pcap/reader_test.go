package pcap

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func mustReader(t *testing.T, b []byte) *Reader {
	t.Helper()
	r, err := NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	return r
}

// wantFormatError checks that err is a *FormatError at offset off wrapping
// sentinel.
func wantFormatError(t *testing.T, err error, sentinel error, off int64) {
	t.Helper()
	if !errors.Is(err, sentinel) {
		t.Fatalf("err = %v, want %v", err, sentinel)
	}
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("err %v is not a *FormatError", err)
	}
	if fe.Offset != off {
		t.Fatalf("error offset %d, want %d (%v)", fe.Offset, off, err)
	}
	if msg := err.Error(); msg != strings.ToLower(msg[:1])+msg[1:] || !strings.Contains(msg, "offset") {
		t.Fatalf("error text %q should start lowercase and name the offset", msg)
	}
}

func TestClassicByteOrdersAndResolutions(t *testing.T) {
	pkt1 := []byte{1, 2, 3, 4, 5}
	pkt2 := bytes.Repeat([]byte{0xab}, 70)
	for _, tc := range []struct {
		name      string
		be, nanos bool
		frac      uint32
		wantNsec  int
	}{
		{"le-usec", false, false, 123456, 123456000},
		{"be-usec", true, false, 123456, 123456000},
		{"le-nsec", false, true, 123456789, 123456789},
		{"be-nsec", true, true, 123456789, 123456789},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := buildPcap(tc.be, tc.nanos, 65535, uint32(LinkTypeLinuxSLL),
				rec(1700000000, tc.frac, pkt1),
				pcapRecord{1700000001, 0, 70, 1500, pkt2})
			r := mustReader(t, file)
			if r.Format() != FormatPcap || r.LinkType() != LinkTypeLinuxSLL {
				t.Fatalf("Format %v LinkType %v", r.Format(), r.LinkType())
			}
			wantRes := uint8(6)
			if tc.nanos {
				wantRes = 9
			}
			if ifs := r.Interfaces(); len(ifs) != 1 || ifs[0] != (Interface{LinkType: LinkTypeLinuxSLL, SnapLen: 65535, TsResol: wantRes}) {
				t.Fatalf("Interfaces() = %+v", ifs)
			}
			data, ci, err := r.ReadPacketData()
			if err != nil {
				t.Fatal(err)
			}
			want := time.Unix(1700000000, int64(tc.wantNsec)).UTC()
			if !bytes.Equal(data, pkt1) || !ci.Timestamp.Equal(want) || ci.Timestamp.Location() != time.UTC ||
				ci.CaptureLength != 5 || ci.Length != 5 || ci.LinkType != LinkTypeLinuxSLL || ci.InterfaceIndex != 0 || ci.Comments != nil {
				t.Fatalf("packet 1: %x %+v", data, ci)
			}
			data, ci, err = r.ReadPacketData()
			if err != nil || !bytes.Equal(data, pkt2) || ci.CaptureLength != 70 || ci.Length != 1500 {
				t.Fatalf("packet 2: %x %+v %v", data, ci, err)
			}
			if _, _, err := r.ReadPacketData(); err != io.EOF {
				t.Fatalf("at end: %v, want io.EOF", err)
			}
			if _, _, err := r.ReadPacketData(); err != io.EOF {
				t.Fatalf("after end: %v, want io.EOF", err)
			}
			if r.Err() != nil {
				t.Fatalf("Err() = %v at clean end", r.Err())
			}
		})
	}
}

func TestClassicFCSBits(t *testing.T) {
	// P bit set, 2 16-bit words of FCS, reserved bits set: link type keeps
	// the low 16 bits.
	field := uint32(2)<<28 | linkTypeFCSPresent | 0x00030000 | uint32(LinkTypeEthernet)
	r := mustReader(t, buildPcap(false, false, 65535, field, rec(1, 0, []byte{1})))
	if r.LinkType() != LinkTypeEthernet {
		t.Fatalf("LinkType() = %v", r.LinkType())
	}
	if got := r.Interfaces()[0].FCSLen; got != 4 {
		t.Fatalf("FCSLen = %d, want 4", got)
	}
	if _, ci, err := r.ReadPacketData(); err != nil || ci.LinkType != LinkTypeEthernet {
		t.Fatalf("%+v %v", ci, err)
	}
}

func TestClassicLenientCapLen(t *testing.T) {
	// Records longer than the snaplen are read, as Wireshark does.
	big := bytes.Repeat([]byte{7}, 2000)
	r := mustReader(t, buildPcap(false, false, 96, uint32(LinkTypeEthernet), rec(1, 0, big), rec(2, 0, []byte{1, 2})))
	data, ci, err := r.ReadPacketData()
	if err != nil || len(data) != 2000 || ci.CaptureLength != 2000 {
		t.Fatalf("%d %+v %v", len(data), ci, err)
	}
	if data, _, err := r.ReadPacketData(); err != nil || len(data) != 2 {
		t.Fatalf("second packet: %v", err)
	}
	// Capture lengths of 256 KiB are fine, beyond that they are absurd.
	huge := bytes.Repeat([]byte{1}, maxPacketSizeStandard)
	r = mustReader(t, buildPcap(false, false, 65535, uint32(LinkTypeEthernet), rec(1, 0, huge)))
	if data, _, err := r.ReadPacketData(); err != nil || len(data) != len(huge) {
		t.Fatalf("256 KiB packet: %v", err)
	}
	file := buildPcap(false, false, 65535, uint32(LinkTypeEthernet), rec(1, 0, []byte{1}),
		pcapRecord{2, 0, maxPacketSizeStandard + 1, 100, nil})
	r = mustReader(t, file)
	if _, _, err := r.ReadPacketData(); err != nil {
		t.Fatal(err)
	}
	_, _, err = r.ReadPacketData()
	wantFormatError(t, err, ErrPacketTooLarge, 24+16+1)
	// The error is sticky.
	if _, _, err2 := r.ReadPacketData(); err2 != err || r.Err() != err {
		t.Fatalf("error not sticky: %v / %v", err2, r.Err())
	}
	// D-Bus messages may be larger.
	r = mustReader(t, buildPcap(false, false, 65535, uint32(LinkTypeDBus), pcapRecord{1, 0, maxPacketSizeStandard + 1, 0, nil}))
	_, _, err = r.ReadPacketData()
	wantFormatError(t, err, ErrTruncated, 24)
}

func TestClassicTruncated(t *testing.T) {
	file := buildPcap(true, false, 65535, uint32(LinkTypeEthernet),
		rec(1, 0, []byte{1, 2, 3}), rec(2, 0, []byte{4, 5, 6, 7}), rec(3, 0, []byte{8, 9, 10, 11, 12}))
	for cut := 24 + 19 + 20 + 1; cut < len(file); cut++ {
		r := mustReader(t, file[:cut])
		n := 0
		for range r.All() {
			n++
		}
		if n != 2 {
			t.Fatalf("cut at %d: read %d packets, want the 2 complete ones", cut, n)
		}
		err := r.Err()
		wantFormatError(t, err, ErrTruncated, 24+19+20)
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("cut at %d: %v does not wrap io.ErrUnexpectedEOF", cut, err)
		}
	}
	// Cut inside the file header.
	for cut := 0; cut < 24; cut++ {
		_, err := NewReader(bytes.NewReader(file[:cut]))
		wantFormatError(t, err, ErrTruncated, 0)
	}
}

func TestBadMagicAndVersion(t *testing.T) {
	_, err := NewReader(strings.NewReader("GIF89a, not a capture"))
	wantFormatError(t, err, ErrBadMagic, 0)

	file := buildPcap(false, false, 65535, 1)
	file[4] = 1 // version 1.4
	_, err = NewReader(bytes.NewReader(file))
	wantFormatError(t, err, ErrUnsupportedVersion, 0)
}

func TestGzip(t *testing.T) {
	classic := buildPcap(false, true, 65535, uint32(LinkTypeEthernet), rec(5, 6, []byte("hello")))
	ng := new(ngb).shb(false, 1, 0).idb(LinkTypeRaw, 0).epb(0, 1_000_007, []byte("world")).bytes()
	for _, tc := range []struct {
		file   []byte
		format Format
		data   string
		ts     time.Time
	}{
		{classic, FormatPcap, "hello", time.Unix(5, 6)},
		{ng, FormatPcapNG, "world", time.Unix(1, 7000)},
	} {
		r := mustReader(t, gzipBytes(tc.file))
		if r.Format() != tc.format {
			t.Fatalf("Format() = %v", r.Format())
		}
		data, ci, err := r.ReadPacketData()
		if err != nil || string(data) != tc.data || !ci.Timestamp.Equal(tc.ts) {
			t.Fatalf("%q %+v %v", data, ci, err)
		}
		if _, _, err := r.ReadPacketData(); err != io.EOF {
			t.Fatalf("at end: %v", err)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if _, _, err := r.ReadPacketData(); !errors.Is(err, os.ErrClosed) {
			t.Fatalf("read after Close: %v", err)
		}
	}
	// A truncated gzip stream is a truncated file.
	z := gzipBytes(classic)
	if _, err := NewReader(bytes.NewReader(z[:3])); !errors.Is(err, ErrTruncated) {
		t.Fatalf("3 bytes of gzip: %v", err)
	}
	r, err := NewReader(bytes.NewReader(z[:len(z)-10]))
	if err == nil {
		_, _, err = r.ReadPacketData()
		if err == nil {
			_, _, err = r.ReadPacketData()
		}
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("gzip cut short: %v", err)
	}
}

func TestEmptyInput(t *testing.T) {
	_, err := NewReader(bytes.NewReader(nil))
	wantFormatError(t, err, ErrTruncated, 0)
}

func TestReadPacketIntoAndReadPacket(t *testing.T) {
	ng := new(ngb).shb(false, 1, 0).idb(LinkTypeEthernet, 0).
		epb(0, 1, []byte{1, 2, 3, 4, 5, 6}, optStr(optComment, "first")).
		epb(0, 2, []byte{9, 8, 7}).
		epb(0, 3, []byte{4, 4, 4, 4, 4, 4, 4, 4, 4, 4}, optStr(optComment, "third"), optStr(optComment, "3rd")).
		bytes()
	r := mustReader(t, ng)
	buf := make([]byte, 8)
	n, ci, err := r.ReadPacketInto(buf)
	if err != nil || n != 6 || !bytes.Equal(buf[:n], []byte{1, 2, 3, 4, 5, 6}) || !slices.Equal(ci.Comments, []string{"first"}) {
		t.Fatalf("%d %+v %v", n, ci, err)
	}
	first := ci.Comments
	p, err := r.ReadPacket()
	if err != nil || !bytes.Equal(p.Data, []byte{9, 8, 7}) || p.Comments != nil || p.CaptureLength != 3 {
		t.Fatalf("%+v %v", p, err)
	}
	n, ci, err = r.ReadPacketInto(buf)
	if err != io.ErrShortBuffer || n != 8 || ci.CaptureLength != 10 || !slices.Equal(ci.Comments, []string{"third", "3rd"}) {
		t.Fatalf("short buffer: %d %+v %v", n, ci, err)
	}
	if !slices.Equal(first, []string{"first"}) {
		t.Fatalf("ReadPacketInto comments were overwritten: %q", first)
	}
}

func TestAllStopsEarlyAndReportsErrors(t *testing.T) {
	var recs []pcapRecord
	for i := range 10 {
		recs = append(recs, rec(uint32(i), 0, []byte{byte(i)}))
	}
	file := buildPcap(false, false, 65535, 1, recs...)
	r := mustReader(t, file)
	n := 0
	for data, ci := range r.All() {
		if data[0] != byte(n) || ci.Timestamp.Unix() != int64(n) {
			t.Fatalf("packet %d: %x %v", n, data, ci.Timestamp)
		}
		n++
		if n == 4 {
			break
		}
	}
	// Breaking out leaves the reader usable.
	for range r.All() {
		n++
	}
	if n != 10 || r.Err() != nil {
		t.Fatalf("n = %d, Err() = %v", n, r.Err())
	}
	r = mustReader(t, file[:len(file)-1])
	n = 0
	for range r.All() {
		n++
	}
	if n != 9 || !errors.Is(r.Err(), ErrTruncated) {
		t.Fatalf("n = %d, Err() = %v", n, r.Err())
	}
}

// oneByteReader returns one byte per Read, to exercise buffer refills.
type oneByteReader struct{ r io.Reader }

func (o oneByteReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return o.r.Read(p)
}

func TestSlowSource(t *testing.T) {
	big := bytes.Repeat([]byte{3}, 100_000) // beyond the initial buffer
	file := buildPcap(false, false, 65535, 1, rec(1, 0, []byte{1}), rec(2, 0, big), rec(3, 0, []byte{2}))
	r, err := NewReader(oneByteReader{bytes.NewReader(file)})
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int
	for data := range r.All() {
		sizes = append(sizes, len(data))
	}
	if r.Err() != nil || !slices.Equal(sizes, []int{1, 100_000, 1}) {
		t.Fatalf("%v %v", sizes, r.Err())
	}
}

func TestOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.pcap")
	if err := os.WriteFile(path, buildPcap(false, false, 65535, 1, rec(1, 0, []byte{1})), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.ReadPacketData(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing.pcap")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
	os.WriteFile(path, []byte("nope"), 0o644)
	if _, err := Open(path); !errors.Is(err, ErrBadMagic) || !strings.Contains(err.Error(), path) {
		t.Fatalf("bad file: %v", err)
	}
}

func TestLinkTypeString(t *testing.T) {
	for lt, want := range map[LinkType]string{
		LinkTypeNull:      "NULL",
		LinkTypeEthernet:  "EN10MB",
		LinkTypeRaw:       "RAW",
		LinkTypeLoop:      "LOOP",
		LinkTypeLinuxSLL:  "LINUX_SLL",
		LinkTypeIPv4:      "IPV4",
		LinkTypeIPv6:      "IPV6",
		LinkTypeLinuxSLL2: "LINUX_SLL2",
		LinkTypeIEEE80211: "IEEE802_11",
		LinkTypeRadiotap:  "IEEE802_11_RADIO",
		LinkTypeUser0 + 2: "USER2",
		LinkType(60000):   "LINKTYPE_60000",
	} {
		if got := lt.String(); got != want {
			t.Errorf("LinkType(%d).String() = %q, want %q", uint16(lt), got, want)
		}
	}
	if FormatPcap.String() != "pcap" || FormatPcapNG.String() != "pcapng" {
		t.Error("Format.String")
	}
}
