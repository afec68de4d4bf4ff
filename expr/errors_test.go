package expr

import (
	"errors"
	"strings"
	"testing"
)

// TestSyntaxErrors: malformed expressions give a *SyntaxError with the
// column of the problem, the layer and field concerned, and the kind.
func TestSyntaxErrors(t *testing.T) {
	for _, c := range []struct {
		in           string
		col          int
		layer, field string
		kind         error
		msg          string
	}{
		{"", 1, "", "", ErrEmpty, "empty expression"},
		{"   ", 1, "", "", ErrEmpty, "empty expression"},
		{"/IP", 1, "", "", ErrSyntax, "expected a layer name"},
		{"IP()/", 6, "", "", ErrSyntax, "missing layer after /"},
		{"IP() TCP()", 6, "", "", ErrSyntax, "expected / between layers"},
		{"IP(dst=1.2.3.4", 3, "", "", ErrSyntax, "IP: missing )"},
		{"IP(dst=)", 8, "", "", ErrSyntax, "missing value for dst"},
		{"IP(,)", 4, "", "", ErrSyntax, "expected name=value"},
		{"IP(dst=1.2.3.4 ttl=3)", 19, "", "", ErrSyntax, "missing comma"},
		{"IP(ttl=3 dport=4)", 15, "", "", ErrSyntax, "IP ttl: unexpected '='"},
		{"Raw(load='abc)", 10, "", "", ErrSyntax, "unterminated"},
		{`Raw(load="\x4")`, 11, "", "", ErrSyntax, `\x needs two hex digits`},
		{"IP(dport=[80, 443)", 18, "", "", ErrSyntax, "expected , or ] in a list, found ')'"},
		{"IP(dport=[80, 443", 10, "", "", ErrSyntax, "missing ] of the list"},
		{"IP(ttl=(1,2)", 3, "", "", ErrSyntax, "missing )"},
		{"Ether()/Bogus()", 9, "", "", ErrUnknownLayer, `unknown layer "Bogus"`},
		{"Ether(sorc=1)", 7, "Ethernet", "sorc", ErrNoField, `Ether has no field "sorc" (fields: dst, src, type)`},
		{"Ether(src='aa:bb:cc:dd:ee:zz')", 7, "Ethernet", "src", ErrBadValue, "invalid mac address"},
		{"IP()/TCP(dport=70000)", 10, "TCP", "dport", ErrBadValue, "does not fit in 16 bits"},
		{"IP(ttl=256)", 4, "IP", "ttl", ErrBadValue, "ttl=256"},
		{"IP(dst='10.0.0.300')", 4, "IP", "dst", ErrBadValue, "10.0.0.300"},
		{"TCP(flags='SQ')", 5, "TCP", "flags", ErrBadValue, `"SQ"`},
		{"IP(10.0.0.1)", 4, "IP", "", ErrSyntax, "value 10.0.0.1 has no field name"},
		{"IP(ttl=(1,300))", 4, "IP", "ttl", ErrBadValue, "300 does not fit in 8 bits"},
		{"IP(dst=(1,3))", 4, "IP", "dst", ErrBadValue, "a range (lo, hi) needs an integer field"},
		{"IP(ttl=RandShort())", 4, "IP", "ttl", ErrBadValue, "does not fit in 8 bits"},
		{"IP(dst='10.0.0.0/33')", 4, "IP", "dst", ErrBadValue, "network"},
		{"IP(dst=RandIP('x'))", 4, "IP", "dst", ErrBadValue, "want a network"},
		{"IP(ttl=3, ttl=4)", 11, "", "", ErrSyntax, "field ttl given twice"},
		{"IPv6()/ICMPv6EchoRequest(data=5)", 26, "ICMPv6", "data", ErrBadValue, "not bytes"},
		{"IP()/TCP(options=[('MSS', 'x')])", 10, "TCP", "options", ErrBadValue, "TCP option 'MSS'"},
		{"SCTPChunkInit()", 1, "", "", ErrSyntax, "SCTPChunkInit must follow a SCTP layer"},
		{"DNS(qd=DNSQR(bogus=1))", 14, "DNSQR", "bogus", ErrNoField, `DNSQR has no field "bogus"`},
		{"IP()/foo(1)", 6, "", "", ErrUnknownLayer, `unknown layer "foo"`},
		{"IP(ttl=nope())", 8, "", "", ErrUnknownLayer, `unknown function or layer "nope"`},
		{"fuzz(IP(), TCP())", 1, "", "", ErrSyntax, "fuzz takes one layer"},
		{"IP(ttl=3) and TCP()", 1, "", "", ErrSyntax, "module imports"},
		{"IP()/'x'*'y'", 9, "", "", ErrBadValue, "cannot compute"},
		{"IP(id=[[1,2]])", 4, "IP", "id", ErrBadValue, "a list inside a list"},
		{"IP(ttl=-1)", 4, "IP", "ttl", ErrBadValue, "negative"},
		{"é(ttl=1)", 1, "", "", ErrSyntax, `expected a layer name, found 'é'`},
		{"IP(ttl=1)/é", 11, "", "", ErrSyntax, `expected a layer name, found 'é'`},
	} {
		_, err := Parse(c.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: %T %v", c.in, err, err)
			continue
		}
		if se.Col != c.col || se.Layer != c.layer || se.Field != c.field || !errors.Is(err, c.kind) || !strings.Contains(se.Msg, c.msg) {
			t.Errorf("%q: col %d layer %q field %q kind ok %v: %q\nwant col %d layer %q field %q %v %q",
				c.in, se.Col, se.Layer, se.Field, errors.Is(err, c.kind), se.Msg, c.col, c.layer, c.field, c.kind, c.msg)
		}
		if !strings.HasPrefix(err.Error(), "column ") {
			t.Errorf("%q: %q", c.in, err.Error())
		}
	}
}
