package bpf

import (
	"strings"
	"testing"
)

// The lexer's tables must answer exactly as the maps they are built from.
func TestNameTab(t *testing.T) {
	var probes []string
	for k := range keywords {
		probes = append(probes, k, k+"x", k[:len(k)-1], strings.ToUpper(k))
	}
	for k := range namedNums {
		probes = append(probes, k, k+"1", k[:len(k)-1])
		// The lexer does not look up numbers starting with a digit.
		if isDigit(k[0]) {
			t.Errorf("named constant %q starts with a digit", k)
		}
	}
	probes = append(probes, "a", "x", "portx", "hostname", "example.com", "tcp-flags", "icmp-")
	for _, s := range probes {
		if s == "" {
			continue
		}
		k, ok := keywordTab.get(s)
		wk, wok := keywords[s]
		if ok != wok || tokKind(k) != wk {
			t.Errorf("keywordTab.get(%q) = %d, %v, want %d, %v", s, k, ok, wk, wok)
		}
		v, ok := namedNumTab.get(s)
		wv, wok := namedNums[s]
		if ok != wok || v != wv {
			t.Errorf("namedNumTab.get(%q) = %d, %v, want %d, %v", s, v, ok, wv, wok)
		}
	}
}

// The lexer's shortcuts for numbers, dotted addresses and keywords must
// keep the longest-match rule: these tokens are at the edges of them.
func TestLexShortcuts(t *testing.T) {
	for _, c := range []struct {
		in   string
		kind tokKind
		n    int
		err  string
	}{
		{"80", tNum, 2, ""},
		{"80 ", tNum, 2, ""},
		{"010", tNum, 3, ""},
		{"99999999999", tNum, 11, "number 99999999999 overflows 32 bits"},
		{"4294967296", tNum, 10, "number 4294967296 overflows 32 bits"},
		{"123456789012", tEID, 12, ""},
		{"12ab", tID, 4, ""},
		{"12-3", tID, 4, ""},
		{"12_3", tID, 4, ""},
		{"12:34", tNum, 2, ""},
		{"198.18.1.3", tHID, 10, ""},
		{"198.18.1.3/24", tHID, 10, ""},
		{"10.1", tHID, 4, ""},
		{"1.2.3.4.5", tID, 9, ""},
		{"1.2.", tID, 4, ""},
		{"1234.5678.9012", tEID, 14, ""},
		{"1234.5678.90123", tHID, 15, ""},
		{"1234.5678.9012.3", tHID, 16, ""},
		{"port", kwPort, 4, ""},
		{"port1", tID, 5, ""},
		{"port-", kwPort, 4, ""},
		{"port:", kwPort, 4, ""},
		{"Port", tID, 4, ""},
		{"ah:1", kwAH, 2, ""},
		{"tcp-syn", tNum, 7, ""},
		{"tcpflags ", tNum, 8, ""},
	} {
		tok, n := lexOne(c.in)
		if tok.kind != c.kind || n != c.n || tok.err != c.err {
			t.Errorf("lexOne(%q) = kind %d, %d, %q; want kind %d, %d, %q", c.in, tok.kind, n, tok.err, c.kind, c.n, c.err)
		}
	}
}
