package goscapy_test

import (
	"strings"
	"testing"

	"github.com/goscapy/goscapy"
)

// TestShowUnbuiltBindings checks the show() tree of a stack not built
// yet: the fields bindings fill in show the value of the layer above, and
// the other computed fields None, as Scapy's show() prints them
// (Ether()/IPv6()/UDP()/DNS() there shows type IPv6, nh UDP, plen None).
func TestShowUnbuiltBindings(t *testing.T) {
	for _, c := range []struct {
		expr       string
		want, none []string
	}{
		{`Ether()/IP(dst="198.18.1.2")/TCP(dport=80)`, []string{"type      = IPv4", "proto     = tcp"}, []string{"ihl", "len", "chksum", "dataofs"}},
		{`Ether()/IPv6()/UDP()/DNS()`, []string{"type      = IPv6", "nh        = UDP"}, []string{"plen", "len", "chksum"}},
		{`Ether()/ARP()`, []string{"type      = ARP"}, nil},
		{`Ether(type=0x88b5)/IP()`, []string{"type      = 0x88b5"}, nil},
		{`IP()/ICMP()`, []string{"proto     = icmp"}, nil},
	} {
		tpl, err := goscapy.Parse(c.expr)
		if err != nil {
			t.Fatal(err)
		}
		show := tpl.Packet().Show()
		for _, w := range c.want {
			if !strings.Contains(show, w) {
				t.Errorf("%s: show lacks %q:\n%s", c.expr, w, show)
			}
		}
		for _, f := range c.none {
			found := false
			for _, line := range strings.Split(show, "\n") {
				if fs := strings.Fields(line); len(fs) == 3 && fs[0] == f && fs[2] == "None" {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: %s is not None:\n%s", c.expr, f, show)
			}
		}
	}
}
