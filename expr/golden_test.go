package expr

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goldenSkip lists the golden expressions whose bytes goscapy does not
// reproduce from the expression alone, with the reason. Keep it short.
var goldenSkip = map[string]string{
	// Scapy builds TCP over AH with a checksum of 0 (its TCP post_build
	// finds no IP pseudo-header under AH); goscapy computes the checksum
	// unless it is set, so the expression needs TCP(chksum=0) here.
	"ipv6ext_ah_tcp": "Scapy leaves the TCP checksum under AH at 0; goscapy computes it",
	// Scapy 2.5's NetflowHeaderV10.post_build counts the IPFIX message
	// length without NetflowHeader's 2-byte version (30 here); goscapy
	// writes RFC 7011's length of the whole message (32).
	"ipfix_template": "Scapy's IPFIX length leaves out the version field; goscapy's is RFC 7011's",
	// Python code around the packet: a lambda that computes the RADIUS
	// authenticators with Scapy's methods after building.
	"radius_response_auth": "a Python lambda calling Radius.compute_authenticator; the expression language has no functions",
	"radius_message_auth":  "a Python lambda calling compute_message_authenticator; the expression language has no functions",
}

// goldenSkipFiles are golden files whose expressions use Scapy classes
// the expression language does not have (yet).
var goldenSkipFiles = map[string]string{}

type goldenCase struct {
	file, name, expr string
	want             []byte
}

// loadScapyGolden reads ../testdata/scapy/*.tsv: NAME, expression and the
// bytes Scapy built for it.
func loadScapyGolden(t *testing.T) []goldenCase {
	t.Helper()
	files, _ := filepath.Glob("../testdata/scapy/*.tsv")
	if len(files) == 0 {
		t.Fatal("no ../testdata/scapy/*.tsv")
	}
	var out []goldenCase
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
			out = append(out, goldenCase{filepath.Base(f), parts[0], parts[1], b})
		}
		fh.Close()
	}
	return out
}

// TestGoldenExpressions parses every Scapy expression of the golden corpus
// and builds it: the bytes must be Scapy's.
func TestGoldenExpressions(t *testing.T) {
	cases := loadScapyGolden(t)
	skipped, passed := 0, 0
	for _, gc := range cases {
		t.Run(gc.name, func(t *testing.T) {
			if why, ok := goldenSkipFiles[gc.file]; ok {
				skipped++
				t.Skipf("%s: %s", gc.file, why)
			}
			if why, ok := goldenSkip[gc.name]; ok {
				skipped++
				if tpl, err := Parse(gc.expr); err == nil {
					if p, err := tpl.First(); err == nil {
						if b, err := p.Build(); err == nil && bytes.Equal(b, gc.want) {
							t.Fatalf("%s builds Scapy's bytes now: remove it from goldenSkip", gc.name)
						}
					}
				}
				t.Skipf("%s: %s", gc.expr, why)
			}
			tpl, err := Parse(gc.expr)
			if err != nil {
				t.Fatalf("%s\n%v", gc.expr, err)
			}
			if tpl.Count() != 1 {
				t.Fatalf("%s: %d packets", gc.expr, tpl.Count())
			}
			p, err := tpl.First()
			if err != nil {
				t.Fatalf("%s: %v", gc.expr, err)
			}
			got, err := p.Build()
			if err != nil {
				t.Fatalf("%s: build: %v", gc.expr, err)
			}
			if !bytes.Equal(got, gc.want) {
				t.Fatalf("%s\n got %x\nwant %x", gc.expr, got, gc.want)
			}
			// String, Scapy's command() form, reads back to the same bytes
			again, err := Parse(tpl.String())
			if err != nil {
				t.Fatalf("String %s: %v", tpl.String(), err)
			}
			q, err := again.First()
			if err != nil {
				t.Fatalf("String %s: %v", tpl.String(), err)
			}
			if b, err := q.Build(); err != nil || !bytes.Equal(b, gc.want) {
				t.Fatalf("String %s: %v\n got %x\nwant %x", tpl.String(), err, b, gc.want)
			}
			passed++
		})
	}
	for name := range goldenSkip {
		found := false
		for _, gc := range cases {
			found = found || gc.name == name
		}
		if !found {
			t.Errorf("skip list names %s, which is not in the corpus", name)
		}
	}
	t.Logf("%d of %d golden expressions build Scapy's bytes; %d skipped", passed, len(cases), skipped)
}
