package expr

import (
	"flag"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/packet"
)

var classNames = flag.Bool("classnames", false, "print the layer class names the expressions accept (for testdata/gen_overloads.py)")

// TestClassNames prints the class names with -classnames.
func TestClassNames(t *testing.T) {
	if !*classNames {
		t.Skip("run with -classnames to print the class names")
	}
	names := map[string]bool{}
	for n, cl := range classes {
		if cl.member == "" || cl.merge {
			names[n] = true
		}
	}
	for _, pr := range packet.Protocols() {
		n := pr.Name
		if s, ok := scapyNames[n]; ok {
			n = s
		}
		names[n] = true
	}
	out := make([]string, 0, len(names))
	for n := range names {
		out = append(out, n)
	}
	sort.Strings(out)
	fmt.Println(strings.Join(out, "\n"))
}

// TestOverloadsSet checks every overload taken from Scapy's table: the
// lower layer accepts the value, and the common ones are there.
func TestOverloadsSet(t *testing.T) {
	overloadsFor("", "")
	n := 0
	for k, ps := range overloads {
		pr := packet.Lookup(k.lower)
		if pr == nil {
			t.Errorf("%s over %s: no protocol %s", k.upper, k.lower, k.lower)
			continue
		}
		for _, p := range ps {
			if err := pr.New().Set(p.name, p.v); err != nil {
				t.Errorf("%s over %s: %s=%v: %v", k.upper, k.lower, p.name, p.v, err)
			}
			n++
		}
	}
	if n < 60 {
		t.Errorf("only %d overloads", n)
	}
	for _, c := range []struct {
		upper, lower, field string
		v                   any
	}{
		{"NTP", "UDP", "dport", uint64(123)},
		{"SNMP", "UDP", "sport", uint64(161)},
		{"ICMPv6ND_NS", "IPv6", "hlim", uint64(255)},
		{"IGMP", "IP", "ttl", uint64(1)},
	} {
		found := false
		for _, p := range overloadsFor(c.upper, c.lower) {
			found = found || p.name == c.field && p.v == c.v
		}
		if !found {
			t.Errorf("%s over %s: no %s=%v in %v", c.upper, c.lower, c.field, c.v, overloadsFor(c.upper, c.lower))
		}
	}
}
