package pcap

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// inPlaceFiles returns the corpus files (or, without the corpus, the
// repository's test data) to compare the in-place and streaming readers on.
func inPlaceFiles(t *testing.T) []string {
	var files []string
	if _, err := os.Stat(corpusDir); err == nil {
		for _, row := range loadCorpus(t) {
			if !row.rejected() {
				files = append(files, filepath.Join(corpusDir, row.file))
			}
		}
	}
	more, _ := filepath.Glob("testdata/*.pcap*")
	return append(files, more...)
}

func readAllFrom(t *testing.T, r *Reader, err error) []Packet {
	t.Helper()
	pkts, err := readAllErr(t, r, err)
	if err != nil {
		t.Fatal(err)
	}
	return pkts
}

// readAllErr reads every packet up to the end or the first error.
func readAllErr(t *testing.T, r *Reader, err error) ([]Packet, error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	return readAllPackets(r)
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// TestInPlaceMatchesStreaming: NewReaderBytes and Open (memory-mapped for
// larger files) return exactly what the streaming reader returns, and the
// input is never written to.
func TestInPlaceMatchesStreaming(t *testing.T) {
	files := inPlaceFiles(t)
	if len(files) == 0 {
		t.Skip("no capture files found")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			sr, err := NewReader(bytes.NewReader(data))
			want, wantErr := readAllErr(t, sr, err)
			orig := bytes.Clone(data)
			br, err := NewReaderBytes(data)
			got, gotErr := readAllErr(t, br, err)
			comparePackets(t, got, want, true, true)
			if errText(gotErr) != errText(wantErr) {
				t.Fatalf("NewReaderBytes ended with %v, streaming with %v", gotErr, wantErr)
			}
			if !bytes.Equal(data, orig) {
				t.Fatal("NewReaderBytes modified its input")
			}
			r, err := Open(path)
			got, gotErr = readAllErr(t, r, err)
			comparePackets(t, got, want, true, true)
			if errText(gotErr) != errText(wantErr) {
				t.Fatalf("Open ended with %v, streaming with %v", gotErr, wantErr)
			}
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			if _, _, err := r.ReadPacketData(); !errors.Is(err, os.ErrClosed) {
				t.Fatalf("read after Close: %v", err)
			}
		})
	}
}

// TestOpenMapsLargeFiles: a file above the mapping threshold is read in
// place, its packets stay valid across reads until Close, and a gzip file
// of the same packets reads the same.
func TestOpenMapsLargeFiles(t *testing.T) {
	var recs []pcapRecord
	for i := 0; i < 2000; i++ {
		recs = append(recs, rec(uint32(i), 0, bytes.Repeat([]byte{byte(i)}, 60+i%40)))
	}
	file := buildPcap(false, false, 65535, 1, recs...)
	if len(file) < minMapSize {
		t.Fatalf("test file of %d bytes is below the %d-byte threshold", len(file), minMapSize)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "big.pcap")
	os.WriteFile(path, file, 0o644)
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if mapsFiles && r.mmap == nil {
		t.Fatal("Open did not map a large regular file")
	}
	var kept [][]byte
	for data := range r.All() {
		kept = append(kept, data)
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if len(kept) != 2000 {
		t.Fatalf("read %d packets, want 2000", len(kept))
	}
	if r.mmap != nil {
		for i, d := range kept { // in place: earlier packets are intact
			if len(d) != 60+i%40 || d[0] != byte(i) || d[len(d)-1] != byte(i) {
				t.Fatalf("packet %d changed after later reads", i)
			}
		}
	}

	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(file)
	zw.Close()
	gzPath := filepath.Join(dir, "big.pcap.gz")
	os.WriteFile(gzPath, gz.Bytes(), 0o644)
	for name, open := range map[string]func() (*Reader, error){
		"Open":           func() (*Reader, error) { return Open(gzPath) },
		"NewReaderBytes": func() (*Reader, error) { return NewReaderBytes(gz.Bytes()) },
	} {
		r, err := open()
		got := readAllFrom(t, r, err)
		if len(got) != 2000 || !bytes.Equal(got[1999].Data, recs[1999].data) {
			t.Fatalf("%s of gzip: %d packets", name, len(got))
		}
	}
}

// TestNewReaderBytesAllocs: reading in place allocates nothing per packet.
func TestNewReaderBytesAllocs(t *testing.T) {
	var recs []pcapRecord
	for i := 0; i < 1000; i++ {
		recs = append(recs, rec(uint32(i), 0, make([]byte, 64)))
	}
	file := buildPcap(false, false, 65535, 1, recs...)
	r, err := NewReaderBytes(file)
	if err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(900, func() {
		if _, _, err := r.ReadPacketData(); err != nil && err != io.EOF {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("ReadPacketData in place: %v allocations per packet", allocs)
	}
}
