package pcap

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// readAllBytes reads the packets of an in-memory file, stopping at the
// first error (returned, nil at a clean end).
func readAllBytes(t *testing.T, file []byte) ([]Packet, *Reader, error) {
	t.Helper()
	r, err := NewReader(bytes.NewReader(file))
	if err != nil {
		return nil, nil, err
	}
	pkts, err := readAllPackets(r)
	return pkts, r, err
}

func TestNgBothByteOrders(t *testing.T) {
	for _, be := range []bool{false, true} {
		file := new(ngb).shb(be, 1, 0, optStr(4, "test app")).
			idb(LinkTypeEthernet, 96, optStr(optIfName, "eth0"), optStr(optIfDescription, "the wire")).
			idb(LinkTypeIPv4, 0, optStr(optIfName, "tun0")).
			epb(1, 1_700_000_000_123_456, []byte{0x45, 0, 0, 20}).
			epb(0, 1_700_000_001_000_000, []byte{1, 2, 3, 4, 5, 6, 7}, optStr(optComment, "hi")).
			bytes()
		r := mustReader(t, file)
		if r.Format() != FormatPcapNG || r.LinkType() != LinkTypeEthernet {
			t.Fatalf("be=%v: %v %v", be, r.Format(), r.LinkType())
		}
		wantIfaces := []Interface{
			{Name: "eth0", Description: "the wire", LinkType: LinkTypeEthernet, SnapLen: 96, TsResol: 6},
			{Name: "tun0", LinkType: LinkTypeIPv4, TsResol: 6},
		}
		if got := r.Interfaces(); !slices.Equal(got, wantIfaces) {
			t.Fatalf("be=%v: Interfaces() = %+v", be, got)
		}
		data, ci, err := r.ReadPacketData()
		if err != nil || !bytes.Equal(data, []byte{0x45, 0, 0, 20}) || ci.InterfaceIndex != 1 || ci.LinkType != LinkTypeIPv4 ||
			!ci.Timestamp.Equal(time.Unix(1_700_000_000, 123_456_000)) || ci.Comments != nil {
			t.Fatalf("be=%v: packet 1 %x %+v %v", be, data, ci, err)
		}
		data, ci, err = r.ReadPacketData()
		if err != nil || len(data) != 7 || ci.InterfaceIndex != 0 || ci.LinkType != LinkTypeEthernet ||
			!slices.Equal(ci.Comments, []string{"hi"}) {
			t.Fatalf("be=%v: packet 2 %x %+v %v", be, data, ci, err)
		}
		if _, _, err := r.ReadPacketData(); err != io.EOF {
			t.Fatalf("be=%v: at end %v", be, err)
		}
	}
}

func TestNgSectionsChangeByteOrder(t *testing.T) {
	n := new(ngb).shb(false, 1, 0).idb(LinkTypeEthernet, 0).epb(0, 1, []byte{1})
	n.shb(true, 1, 0).idb(LinkTypeNull, 0).idb(LinkTypeRaw, 0).epb(1, 2, []byte{2}).epb(0, 3, []byte{3})
	n.shb(false, 1, 2).idb(LinkTypeLinuxSLL, 0).epb(0, 4, []byte{4})
	pkts, r, err := readAllBytes(t, n.bytes())
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		b   byte
		idx int
		lt  LinkType
	}
	var g []got
	for _, p := range pkts {
		g = append(g, got{p.Data[0], p.InterfaceIndex, p.LinkType})
	}
	want := []got{{1, 0, LinkTypeEthernet}, {2, 1, LinkTypeRaw}, {3, 0, LinkTypeNull}, {4, 0, LinkTypeLinuxSLL}}
	if !slices.Equal(g, want) {
		t.Fatalf("got %v, want %v", g, want)
	}
	if r.LinkType() != LinkTypeEthernet {
		t.Fatalf("LinkType() = %v, want the first interface's", r.LinkType())
	}
	if ifs := r.Interfaces(); len(ifs) != 1 || ifs[0].LinkType != LinkTypeLinuxSLL {
		t.Fatalf("Interfaces() after the last section = %+v", ifs)
	}
	// A packet may not use an interface of a previous section.
	n = new(ngb).shb(false, 1, 0).idb(LinkTypeEthernet, 0).idb(LinkTypeEthernet, 0).epb(1, 1, []byte{1})
	off := int64(len(n.bytes()))
	n.shb(true, 1, 0).idb(LinkTypeEthernet, 0)
	off2 := int64(len(n.bytes()))
	n.epb(1, 2, []byte{2})
	pkts, _, err = readAllBytes(t, n.bytes())
	if len(pkts) != 1 {
		t.Fatalf("%d packets before the error", len(pkts))
	}
	_ = off
	wantFormatError(t, err, ErrUnknownInterface, off2)
}

func TestNgTimestampResolutions(t *testing.T) {
	for _, tc := range []struct {
		name   string
		resol  byte
		ts     uint64
		offset int64
		want   time.Time
	}{
		{"2^-8", 0x88, 1519128000*256 + 50, 0, time.Unix(1519128000, 195312500)},
		{"2^-30", 0x9e, 3<<30 + 1<<29 + 1, 0, time.Unix(3, 500000000)}, // 1 unit is 0.93 ns
		{"2^0", 0x80, 77, 0, time.Unix(77, 0)},
		{"10^-3", 3, 1_234_567, 0, time.Unix(1234, 567_000_000)},
		{"10^-9", 9, 1_500_000_000_000_000_001, 0, time.Unix(1_500_000_000, 1)},
		{"10^-12", 12, 2_000_000_000_123_456_789, 0, time.Unix(2_000_000, 123_456)},
		{"10^0", 0, 1_600_000_000, 0, time.Unix(1_600_000_000, 0)},
		{"tsoffset", 6, 2_500_000, 1_000_000_000, time.Unix(1_000_000_002, 500_000_000)},
		{"negative tsoffset", 6, 2_500_000, -10, time.Unix(-8, 500_000_000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := []ngOpt{{optIfTsResol, []byte{tc.resol}}}
			if tc.offset != 0 {
				opts = append(opts, ngOpt{optIfTsOffset, binary.BigEndian.AppendUint64(nil, uint64(tc.offset))})
			}
			file := new(ngb).shb(true, 1, 0).idb(LinkTypeEthernet, 0, opts...).epb(0, tc.ts, []byte{1}).bytes()
			r := mustReader(t, file)
			if ifc := r.Interfaces()[0]; ifc.TsResol != tc.resol || ifc.TsOffset != tc.offset {
				t.Fatalf("interface %+v", ifc)
			}
			_, ci, err := r.ReadPacketData()
			if err != nil {
				t.Fatal(err)
			}
			if !ci.Timestamp.Equal(tc.want) {
				t.Fatalf("timestamp %v, want %v", ci.Timestamp, tc.want)
			}
			// Writing with the same interface reproduces the raw timestamp.
			var buf bytes.Buffer
			w, _ := NewNgWriter(&buf)
			if _, err := w.AddInterface(r.Interfaces()[0]); err != nil {
				t.Fatal(err)
			}
			if err := w.WritePacket(ci, []byte{1}); err != nil {
				t.Fatal(err)
			}
			w.Flush()
			raw := rawEPBTimestamp(t, buf.Bytes())
			// Bit for bit unless the resolution is finer than nanoseconds
			// (then several raw values share a nanosecond) or seconds (a
			// TsResol of 0 means nanoseconds to AddInterface).
			if raw != tc.ts && tc.resol != 12 && tc.resol != 0x9e && tc.resol != 0 {
				t.Fatalf("written raw timestamp %d, want %d", raw, tc.ts)
			}
			pkts, _, err := readAllBytes(t, buf.Bytes())
			if err != nil || len(pkts) != 1 || !pkts[0].Timestamp.Equal(tc.want) {
				t.Fatalf("read back %+v %v", pkts, err)
			}
		})
	}
	for _, bad := range []byte{20, 0x80 | 64, 0xff} {
		off := int64(28)
		file := new(ngb).shb(false, 1, 0).idb(LinkTypeEthernet, 0, ngOpt{optIfTsResol, []byte{bad}}).bytes()
		_, err := NewReader(bytes.NewReader(file))
		wantFormatError(t, err, ErrBadBlock, off)
	}
}

// rawEPBTimestamp returns the timestamp of the first EPB of a little-endian
// pcapng file.
func rawEPBTimestamp(t *testing.T, b []byte) uint64 {
	t.Helper()
	for len(b) >= 12 {
		typ, n := binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint32(b[4:])
		if typ == blockEPB {
			return uint64(binary.LittleEndian.Uint32(b[12:]))<<32 | uint64(binary.LittleEndian.Uint32(b[16:]))
		}
		b = b[n:]
	}
	t.Fatal("no EPB")
	return 0
}

func TestNgSimpleAndObsoletePacketBlocks(t *testing.T) {
	data := bytes.Repeat([]byte{0xcd}, 100)
	file := new(ngb).shb(false, 1, 0).idb(LinkTypeEthernet, 64).idb(LinkTypeNull, 0).
		spb(100, data[:64]). // cut to interface 0's snaplen
		spb(10, data[:10]).
		opb(1, 5_000_000, data[:20], optStr(optComment, "old")).
		bytes()
	pkts, _, err := readAllBytes(t, file)
	if err != nil {
		t.Fatal(err)
	}
	if len(pkts) != 3 {
		t.Fatalf("%d packets", len(pkts))
	}
	p := pkts[0]
	if p.CaptureLength != 64 || p.Length != 100 || len(p.Data) != 64 || p.InterfaceIndex != 0 ||
		!p.Timestamp.Equal(time.Unix(0, 0)) || p.LinkType != LinkTypeEthernet {
		t.Fatalf("SPB: %+v", p.CaptureInfo)
	}
	if p := pkts[1]; p.CaptureLength != 10 || p.Length != 10 {
		t.Fatalf("short SPB: %+v", p.CaptureInfo)
	}
	p = pkts[2]
	if p.CaptureLength != 20 || p.InterfaceIndex != 1 || p.LinkType != LinkTypeNull ||
		!p.Timestamp.Equal(time.Unix(5, 0)) || !slices.Equal(p.Comments, []string{"old"}) {
		t.Fatalf("OPB: %+v", p.CaptureInfo)
	}

	// An SPB whose computed captured length overruns the block.
	n := new(ngb).shb(false, 1, 0).idb(LinkTypeEthernet, 0)
	off := int64(len(n.bytes()))
	_, _, err = readAllBytes(t, n.spb(100, data[:64]).bytes())
	wantFormatError(t, err, ErrBadBlock, off)
	// An SPB needs interface 0.
	_, _, err = readAllBytes(t, new(ngb).shb(false, 1, 0).spb(4, data[:4]).bytes())
	wantFormatError(t, err, ErrUnknownInterface, 28)
}

func TestNgSkippedBlocks(t *testing.T) {
	n := new(ngb).shb(false, 1, 0, optStr(1, "section comment"), optStr(2, "hw"))
	n.block(blockNRB, []byte{1, 0, 8, 0, 10, 0, 0, 1, 'h', 'o', 's', 't', 0, 0, 0, 0, 0, 0, 0, 0})
	n.block(blockDSB, []byte("TLSK\x05\x00\x00\x00abcde"))
	n.idb(LinkTypeEthernet, 0)
	n.block(0x00000BAD, []byte{0, 0, 0x7e, 0xd9, 'c', 'u', 's', 't'})
	n.epb(0, 1, []byte{1})
	n.block(blockISB, make([]byte, 12))
	n.block(0x40000BAD, []byte{0, 0, 0x7e, 0xd9})
	n.block(0x80001234, nil) // local use
	n.block(0x00000009, []byte("journal entry"))
	n.epb(0, 2, []byte{2})
	pkts, r, err := readAllBytes(t, n.bytes())
	if err != nil || len(pkts) != 2 {
		t.Fatalf("%d packets, %v", len(pkts), err)
	}
	if r.LinkType() != LinkTypeEthernet {
		t.Fatalf("LinkType() = %v: the IDB after the NRB and DSB should be read up front", r.LinkType())
	}
}

func TestNgBigSkippedBlock(t *testing.T) {
	n := new(ngb).shb(false, 1, 0).idb(LinkTypeEthernet, 0)
	n.block(0x00000BAD, make([]byte, maxBlockLen+8))
	n.epb(0, 1, []byte{1})
	pkts, _, err := readAllBytes(t, n.bytes())
	if err != nil || len(pkts) != 1 {
		t.Fatalf("%d packets, %v", len(pkts), err)
	}
	// Mismatched trailing length on the streamed path.
	b := n.bytes()
	off := 28 + 20
	binary.LittleEndian.PutUint32(b[off+maxBlockLen+8+8:], 12)
	_, _, err = readAllBytes(t, b)
	wantFormatError(t, err, ErrBadBlock, int64(off))
	// Cut inside.
	_, _, err = readAllBytes(t, n.bytes()[:off+1000])
	wantFormatError(t, err, ErrTruncated, int64(off))
}

func TestNgUnpaddedBlockTolerated(t *testing.T) {
	// An EPB with 5 bytes of data and no padding: total length 37, the
	// trailing length right after the data.
	n := new(ngb).shb(true, 1, 0).idb(LinkTypeEthernet, 0)
	body := n.epbBody(0, 1, 5, 5, nil)
	body = append(body, 1, 2, 3, 4, 5)
	n.rawBlock(blockEPB, body, 37, 37)
	n.epb(0, 2, []byte{6, 7})
	pkts, _, err := readAllBytes(t, n.bytes())
	if err != nil || len(pkts) != 2 || !bytes.Equal(pkts[0].Data, []byte{1, 2, 3, 4, 5}) || !bytes.Equal(pkts[1].Data, []byte{6, 7}) {
		t.Fatalf("%+v %v", pkts, err)
	}
	// The same block with padding but the unpadded length is a mismatch:
	// the trailing length is not where the leading one says.
	n = new(ngb).shb(true, 1, 0).idb(LinkTypeEthernet, 0)
	off := int64(len(n.bytes()))
	body = n.epbBody(0, 1, 5, 5, []byte{1, 2, 3, 4, 5})
	n.rawBlock(blockEPB, body, 37, 37)
	_, _, err = readAllBytes(t, n.bytes())
	wantFormatError(t, err, ErrBadBlock, off)
}

func TestNgRejects(t *testing.T) {
	base := func() *ngb { return new(ngb).shb(false, 1, 0).idb(LinkTypeEthernet, 0).epb(0, 1, []byte{1, 2, 3}) }
	baseLen := int64(len(base().bytes()))
	for _, tc := range []struct {
		name     string
		file     func() []byte
		sentinel error
		off      int64
		pkts     int
	}{
		{"length mismatch", func() []byte {
			n := base()
			return n.rawBlock(blockEPB, n.epbBody(0, 2, 4, 4, []byte{1, 2, 3, 4}), 44, 40).epb(0, 3, []byte{1}).bytes()
		}, ErrBadBlock, baseLen, 1},
		{"block length below 12", func() []byte {
			return base().rawBlock(0xBAD, nil, 8, 8).bytes()
		}, ErrBadBlock, baseLen, 1},
		{"EPB shorter than its header", func() []byte {
			return base().rawBlock(blockEPB, make([]byte, 8), 20, 20).bytes()
		}, ErrBadBlock, baseLen, 1},
		{"caplen overruns block", func() []byte {
			n := base()
			return n.block(blockEPB, n.epbBody(0, 2, 40, 40, []byte{1, 2, 3, 4})).bytes()
		}, ErrBadBlock, baseLen, 1},
		{"undefined interface", func() []byte {
			return base().epb(1, 2, []byte{1}).bytes()
		}, ErrUnknownInterface, baseLen, 1},
		{"truncated block", func() []byte {
			b := base().epb(0, 2, []byte{1, 2, 3, 4, 5, 6, 7, 8}).bytes()
			return b[:len(b)-3]
		}, ErrTruncated, baseLen, 1},
		{"truncated block header", func() []byte {
			b := base().epb(0, 2, []byte{1}).bytes()
			return b[:baseLen+5]
		}, ErrTruncated, baseLen, 1},
		{"option overruns", func() []byte {
			n := base()
			body := n.epbBody(0, 2, 4, 4, []byte{1, 2, 3, 4})
			body = binary.LittleEndian.AppendUint16(body, optComment)
			body = binary.LittleEndian.AppendUint16(body, 200)
			body = append(body, "abcd"...)
			return n.block(blockEPB, body).bytes()
		}, ErrBadBlock, baseLen, 1},
		{"captured length over the limit", func() []byte {
			n := base()
			return n.block(blockEPB, n.epbBody(0, 2, maxPacketSizeStandard+1, 0, nil)).bytes()
		}, ErrPacketTooLarge, baseLen, 1},
		{"SHB version 2.0 in a later section", func() []byte {
			return base().shb(false, 2, 0).idb(LinkTypeEthernet, 0).epb(0, 1, []byte{1}).bytes()
		}, ErrUnsupportedVersion, baseLen, 1},
		{"SHB version 1.1", func() []byte {
			return base().shb(true, 1, 1).bytes()
		}, ErrUnsupportedVersion, baseLen, 1},
		{"SHB bad byte-order magic", func() []byte {
			b := base().shb(false, 1, 0).bytes()
			copy(b[baseLen+8:], "\x01\x02\x03\x04")
			return b
		}, ErrBadBlock, baseLen, 1},
		{"first SHB version 2.0", func() []byte {
			return new(ngb).shb(false, 2, 0).bytes()
		}, ErrUnsupportedVersion, 0, 0},
		{"first SHB truncated", func() []byte {
			return new(ngb).shb(true, 1, 0).bytes()[:20]
		}, ErrTruncated, 0, 0},
		{"IDB shorter than its header", func() []byte {
			return new(ngb).shb(false, 1, 0).rawBlock(blockIDB, []byte{1, 0, 0, 0}, 16, 16).bytes()
		}, ErrBadBlock, 28, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pkts, _, err := readAllBytes(t, tc.file())
			if len(pkts) != tc.pkts {
				t.Fatalf("%d packets before the error, want %d", len(pkts), tc.pkts)
			}
			wantFormatError(t, err, tc.sentinel, tc.off)
			if tc.sentinel == ErrTruncated && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("%v does not wrap io.ErrUnexpectedEOF", err)
			}
		})
	}
}

func TestNgLenientOptions(t *testing.T) {
	// Options area with stray bytes after opt_endofopt, a last option
	// without padding, wrong-length if_tsoffset and if_fcslen: tolerated.
	n := new(ngb).shb(false, 1, 0)
	var idbBody []byte
	idbBody = binary.LittleEndian.AppendUint16(idbBody, uint16(LinkTypeEthernet))
	idbBody = append(idbBody, 0, 0, 0, 0, 0, 0)
	idbBody = append(idbBody, optIfTsOffset, 0, 2, 0, 1, 2, 0, 0)
	idbBody = append(idbBody, optIfFCSLen, 0, 1, 0, 4, 0, 0, 0)
	idbBody = append(idbBody, optIfName, 0, 3, 0, 'e', 't', 'h') // no padding, block ends
	n.rawBlock(blockIDB, idbBody, uint32(12+len(idbBody)), uint32(12+len(idbBody)))
	n.epb(0, 1, []byte{1}, optStr(optComment, "c"))
	b := n.bytes()
	pkts, r, err := readAllBytes(t, b)
	if err != nil || len(pkts) != 1 {
		t.Fatal(err)
	}
	if ifs := r.Interfaces(); ifs[0].Name != "eth" || ifs[0].FCSLen != 4 || ifs[0].TsOffset != 0 {
		t.Fatalf("%+v", ifs)
	}
}

// The pcapng test files of gopacket's pcapgo, in the shared corpus: a few
// of their documented expectations, checked in both byte orders.
func TestNgSuiteExpectations(t *testing.T) {
	loadCorpus(t) // skips without the corpus
	src0 := 314   // length of the suite's first DHCP packet
	for _, prefix := range []string{"", "le_"} {
		open := func(name string) *Reader {
			t.Helper()
			r, err := Open(filepath.Join(corpusDir, "gopacket", prefix+name+".pcapng"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { r.Close() })
			return r
		}
		// test902: if_tsresol 2^-8.
		r := open("test902")
		if ifc := r.Interfaces()[0]; ifc.TsResol != 0x88 || ifc.Name != "eth0" {
			t.Fatalf("%stest902 interface %+v", prefix, ifc)
		}
		_, ci, err := r.ReadPacketData()
		if err != nil || !ci.Timestamp.Equal(time.Unix(1519128000, 195312500)) || ci.CaptureLength != src0 {
			t.Fatalf("%stest902: %+v %v", prefix, ci, err)
		}
		// test008: nanosecond resolution, two interfaces with names and
		// descriptions.
		r = open("test008")
		pkts, err := readAllPackets(r)
		if err != nil || len(pkts) != 4 || pkts[1].InterfaceIndex != 1 || pkts[1].CaptureLength != 128 ||
			!pkts[1].Timestamp.Equal(time.Unix(0, 0x4c39764ca47aa+1000)) {
			t.Fatalf("%stest008: %v %v", prefix, err, pkts)
		}
		ifs := r.Interfaces()
		if len(ifs) != 2 || ifs[0].Name != "eth-_0 foo" || ifs[0].Description != "silly ethernet interface" ||
			ifs[1].SnapLen != 128 || ifs[0].TsResol != 9 || ifs[1].Name != "en1" {
			t.Fatalf("%stest008 interfaces %+v", prefix, ifs)
		}
		// test012: simple packet blocks cut to interface 0's snaplen 315.
		pkts, err = readAllPackets(open("test012"))
		if err != nil || len(pkts) != 4 || pkts[0].CaptureLength != src0 || pkts[1].CaptureLength != 315 || pkts[1].Length <= 315 {
			t.Fatalf("%stest012: %v %+v", prefix, err, pkts)
		}
		// test006: per-packet link types.
		pkts, err = readAllPackets(open("test006"))
		if err != nil || len(pkts) != 5 || pkts[1].LinkType != LinkTypeNull || pkts[1].InterfaceIndex != 1 || pkts[0].LinkType != LinkTypeEthernet {
			t.Fatalf("%stest006: %v %+v", prefix, err, pkts)
		}
		// test901: the first section's packet, then a section of version
		// 2.0 that must be refused.
		r = open("test901")
		pkts, err = readAllPackets(r)
		if len(pkts) != 1 || !errors.Is(err, ErrUnsupportedVersion) {
			t.Fatalf("%stest901: %d packets, %v", prefix, len(pkts), err)
		}
		// epb.pcapng: comments among other EPB options.
		if prefix == "" {
			_, ci, err := open("epb").ReadPacketData()
			if err != nil || !slices.Equal(ci.Comments, []string{"this is a comment", "foobar"}) {
				t.Fatalf("epb.pcapng: %+v %v", ci, err)
			}
		}
	}
}

func TestTimestampClamping(t *testing.T) {
	for _, tc := range []struct {
		sec    uint64
		offset int64
		want   int64
	}{
		{5, 7, 12},
		{5, -7, -2},
		{1 << 63, 0, maxSeconds},
		{1 << 63, -(1 << 63), 0},
		{0, 1<<63 - 1, maxSeconds},
		{0, -1 << 63, -maxSeconds},
		{maxSeconds, maxSeconds, maxSeconds},
	} {
		if got := addSeconds(tc.sec, tc.offset); got != tc.want {
			t.Errorf("addSeconds(%d, %d) = %d, want %d", tc.sec, tc.offset, got, tc.want)
		}
	}
	// A 64-bit timestamp in seconds far beyond time.Time's range.
	file := new(ngb).shb(false, 1, 0).idb(LinkTypeEthernet, 0, ngOpt{optIfTsResol, []byte{0}}).epb(0, ^uint64(0), []byte{1}).bytes()
	pkts, _, err := readAllBytes(t, file)
	if err != nil || pkts[0].Timestamp.Unix() != maxSeconds {
		t.Fatalf("%v %v", pkts[0].Timestamp.Unix(), err)
	}
	// The writer refuses what does not fit its interface.
	if _, ok := encodeTimestamp(maxSeconds, 0, 1_000_000_000, 0); ok {
		t.Error("encodeTimestamp accepted an overflowing value")
	}
	if _, ok := encodeTimestamp(-1<<63+5, 0, 1, 10); ok {
		t.Error("encodeTimestamp accepted an overflowing offset")
	}
	if ts, ok := encodeTimestamp(10, 999_999_999, 2, 0); !ok || ts != 21 {
		t.Errorf("half-second units: %d %v, want 21 (truncated)", ts, ok)
	}
}

// failingReader returns its data, then an error.
type failingReader struct {
	data []byte
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestSourceErrors(t *testing.T) {
	errBoom := errors.New("boom")
	file := new(ngb).shb(false, 1, 0).idb(LinkTypeEthernet, 0).epb(0, 1, []byte{1, 2, 3}).epb(0, 2, []byte{4}).bytes()
	r, err := NewReader(&failingReader{file[:len(file)-10], errBoom})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.ReadPacketData(); err != nil {
		t.Fatal(err)
	}
	_, _, err = r.ReadPacketData()
	if !errors.Is(err, errBoom) || errors.Is(err, ErrTruncated) {
		t.Fatalf("source error: %v", err)
	}
	// A corrupt gzip stream: the checksum error comes through.
	z := gzipBytes(file)
	z[len(z)-6] ^= 0xff // CRC-32
	r, err = NewReader(bytes.NewReader(z))
	if err == nil {
		_, err = readAllPackets(r)
	}
	if err == nil {
		t.Fatal("corrupt gzip read without error")
	}
	// An io.Reader that never makes progress.
	_, err = NewReader(&failingReader{nil, nil})
	if !errors.Is(err, io.ErrNoProgress) {
		t.Fatalf("no progress: %v", err)
	}
}
