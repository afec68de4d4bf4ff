package goscapy

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/goscapy/goscapy/packet"
)

// goldenCases maps a NAME of testdata/scapy/*.tsv to the Go description of
// the same packet. Each protocol's golden_*_test.go adds its cases.
var (
	goldenMu    sync.Mutex
	goldenCases = map[string]func() ([]byte, error){}
)

func addGolden(name string, f func() ([]byte, error)) {
	goldenMu.Lock()
	defer goldenMu.Unlock()
	if _, dup := goldenCases[name]; dup {
		panic("golden case " + name + " defined twice")
	}
	goldenCases[name] = f
}

type goldenRow struct {
	file, name, expr string
	want             []byte
}

func loadGolden(t *testing.T) []goldenRow {
	t.Helper()
	files, _ := filepath.Glob("testdata/scapy/*.tsv")
	if len(files) == 0 {
		t.Fatal("no testdata/scapy/*.tsv")
	}
	var rows []goldenRow
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			parts := strings.Split(line, "\t")
			if len(parts) != 3 {
				t.Fatalf("%s: bad line %q", f, line)
			}
			b, err := hex.DecodeString(parts[2])
			if err != nil {
				t.Fatalf("%s: %s: %v", f, parts[0], err)
			}
			rows = append(rows, goldenRow{filepath.Base(f), parts[0], parts[1], b})
		}
		fh.Close()
	}
	return rows
}

// TestGoldenScapy builds every description of testdata/scapy with our
// builders and compares the bytes with what Scapy built; then dissects
// Scapy's bytes and checks they re-encode unchanged.
func TestGoldenScapy(t *testing.T) {
	rows := loadGolden(t)
	seen := map[string]bool{}
	for _, r := range rows {
		if r.file == "doc.tsv" {
			continue // the Scapy-to-goscapy page's rows: checked by scapy_doc_test.go
		}
		seen[r.name] = true
		t.Run(r.name, func(t *testing.T) {
			f := goldenCases[r.name]
			if f == nil {
				t.Fatalf("%s: no Go description for %s", r.file, r.expr)
			}
			got, err := f()
			if err != nil {
				t.Fatalf("build: %v", err)
			}
			if !bytes.Equal(got, r.want) {
				t.Errorf("scapy: %s\n got %x\nwant %x", r.expr, got, r.want)
			}
			p, err := dissectExpr(r.expr, r.want)
			if err != nil {
				t.Fatalf("dissect scapy bytes: %v (%v)", err, p)
			}
			again, err := p.Build()
			if err != nil || !bytes.Equal(again, r.want) {
				t.Errorf("round trip of %v: err=%v\n got %x\nwant %x", p, err, again, r.want)
			}
		})
	}
	var missing []string
	for name := range goldenCases {
		if !seen[name] {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("Go cases without scapy bytes (run /usr/bin/python3 testdata/scapy/gen.py): %v", missing)
	}
}

// dissectExpr dissects from the layer the Scapy expression starts with
// ("Ether(" is Ethernet, "IP(" IPv4, "IPv6(" IPv6, ...).
func dissectExpr(expr string, b []byte) (*packet.Packet, error) {
	rest := expr
	for {
		i := strings.IndexAny(rest, "(/")
		if i < 0 {
			return nil, fmt.Errorf("no protocol at the start of %s", expr)
		}
		if pr := packet.Lookup(strings.TrimSpace(rest[:i])); pr != nil {
			return DissectAs(b, pr.Type())
		}
		rest = rest[i+1:] // a wrapper such as dns_compress(...)
	}
}

// dissectAny dissects from Ethernet, or from IPv4/IPv6 when the bytes start
// like a bare IP packet.
func dissectAny(b []byte) (*packet.Packet, error) {
	if len(b) > 0 && (b[0]>>4 == 4 || b[0]>>4 == 6) && (len(b) < 14 || !looksEthernet(b)) {
		if b[0]>>4 == 4 {
			return DissectAs(b, packet.Lookup("IP").Type())
		}
		return DissectAs(b, packet.Lookup("IPv6").Type())
	}
	return Dissect(b)
}

func looksEthernet(b []byte) bool {
	t := uint16(b[12])<<8 | uint16(b[13])
	return t < 1536 || packet.NextLayer(packet.Lookup("Ethernet").Type(), "type", uint64(t)) != 0
}
