package goscapy

import "github.com/goscapy/goscapy/expr"

// Parse parses a packet description in Scapy's syntax into a template:
//
//	t, err := goscapy.Parse(`Ether()/IP(dst="198.18.1.0/30", ttl=(1,5))/TCP(dport=[22,80,443], flags="S")/"payload"`)
//	for _, p := range t.All() { ... } // 4 × 5 × 3 packets, made one at a time
//
// Every registered layer is known by Scapy's class name, with Scapy's
// field names and values; lists, (lo, hi) ranges and networks expand into
// the cartesian product of their values in Scapy's order; RandShort(),
// RandIP(), ... and fuzz() draw new values for every packet. Package expr
// describes the syntax; errors are *expr.SyntaxError values with the
// column of the problem.
func Parse(s string) (*expr.Template, error) { return expr.Parse(s) }
