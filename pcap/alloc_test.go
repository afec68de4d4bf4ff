package pcap

import (
	"bytes"
	"testing"
)

// endless serves a header once, then repeats a run of records forever.
type endless struct {
	head, loop []byte
	pos        int
}

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(e.head) > 0 {
			k := copy(p[n:], e.head)
			e.head = e.head[k:]
			n += k
			continue
		}
		k := copy(p[n:], e.loop[e.pos:])
		e.pos = (e.pos + k) % len(e.loop)
		n += k
	}
	return n, nil
}

// endlessPcap and endlessNg return readers over endless captures of
// varied packet sizes.
func endlessPcap(tb testing.TB, nanos, be bool) *Reader {
	tb.Helper()
	var recs []pcapRecord
	for i := range 64 {
		recs = append(recs, rec(uint32(i), 1000, bytes.Repeat([]byte{byte(i)}, 60+i*23)))
	}
	file := buildPcap(be, nanos, 65535, uint32(LinkTypeEthernet), recs...)
	r, err := NewReader(&endless{head: file[:fileHeaderLen], loop: file[fileHeaderLen:]})
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func endlessNg(tb testing.TB, be bool) *Reader {
	tb.Helper()
	n := new(ngb).shb(be, 1, 0).
		idb(LinkTypeEthernet, 0).
		idb(LinkTypeRaw, 0, ngOpt{optIfTsResol, []byte{0x80 | 20}}, ngOpt{optIfTsOffset, make([]byte, 8)})
	head := len(n.bytes())
	flags := ngOpt{2, []byte{1, 0, 0, 0}} // epb_flags: not a comment, no allocation
	for i := range 64 {
		data := bytes.Repeat([]byte{byte(i)}, 60+i*23)
		if i%2 == 0 {
			n.epb(0, uint64(i)*1_000_003, data, flags)
		} else {
			n.epb(1, uint64(i)<<20, data)
		}
	}
	n.spb(1000, make([]byte, 1000))
	n.opb(1, 5, []byte{1, 2, 3})
	n.block(blockISB, make([]byte, 12))
	b := n.bytes()
	r, err := NewReader(&endless{head: b[:head], loop: b[head:]})
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func TestReadPacketDataAllocs(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    *Reader
	}{
		{"pcap", endlessPcap(t, false, false)},
		{"pcap-nsec-be", endlessPcap(t, true, true)},
		{"pcapng", endlessNg(t, false)},
		{"pcapng-be", endlessNg(t, true)},
	} {
		r := tc.r
		for range 1000 { // warm up: grow the buffer
			if _, _, err := r.ReadPacketData(); err != nil {
				t.Fatal(err)
			}
		}
		allocs := testing.AllocsPerRun(5000, func() {
			if _, _, err := r.ReadPacketData(); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: ReadPacketData allocates %v times per packet, want 0", tc.name, allocs)
		}
		// The range-over-func form allocates at most its closure per loop,
		// nothing per packet.
		allocs = testing.AllocsPerRun(20, func() {
			n := 0
			for range r.All() {
				if n++; n == 1000 {
					break
				}
			}
		})
		if allocs > 1 {
			t.Errorf("%s: a 1000-packet All loop allocates %v times, want at most 1", tc.name, allocs)
		}
	}
}

func TestWritePacketAllocs(t *testing.T) {
	data := make([]byte, 1500)
	ci := CaptureInfo{CaptureLength: 1500, Length: 1500, LinkType: LinkTypeEthernet}
	w, _ := NewWriter(discardWriter{}, LinkTypeEthernet)
	if a := testing.AllocsPerRun(1000, func() { w.WritePacket(ci, data) }); a != 0 {
		t.Errorf("Writer.WritePacket allocates %v times", a)
	}
	nw, _ := NewNgWriter(discardWriter{})
	ci.Comments = []string{"a comment"}
	nw.WritePacket(ci, data)
	if a := testing.AllocsPerRun(1000, func() { nw.WritePacket(ci, data) }); a != 0 {
		t.Errorf("NgWriter.WritePacket allocates %v times", a)
	}
}

type discardWriter struct{}

func (discardWriter) Write(p []byte) (int, error) { return len(p), nil }

func benchmarkRead(b *testing.B, r *Reader) {
	var bytes int64
	for range 1000 {
		data, _, _ := r.ReadPacketData()
		bytes += int64(len(data))
	}
	b.SetBytes(bytes / 1000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := r.ReadPacketData(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadPcap(b *testing.B)   { benchmarkRead(b, endlessPcap(b, false, false)) }
func BenchmarkReadPcapNG(b *testing.B) { benchmarkRead(b, endlessNg(b, false)) }

func BenchmarkWritePcapNG(b *testing.B) {
	data := make([]byte, 600)
	ci := CaptureInfo{CaptureLength: 600, Length: 600, LinkType: LinkTypeEthernet}
	w, _ := NewNgWriter(discardWriter{})
	b.SetBytes(600)
	b.ReportAllocs()
	for b.Loop() {
		w.WritePacket(ci, data)
	}
}
