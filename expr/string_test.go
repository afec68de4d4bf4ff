package expr

import "testing"

// TestString compares String with Scapy 2.5's command() of the same
// expressions (printed by /usr/bin/python3 with scapy.all).
func TestString(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Ether()", "Ether()"},
		{"Ether()/IP()/TCP()", "Ether()/IP()/TCP()"},
		{"IP(dst='10.0.0.1', ttl=3)", "IP(ttl=3, dst='10.0.0.1')"},
		{"IP(dst='10.0.0.1', ttl=3)/TCP(flags='SA')", "IP(ttl=3, dst='10.0.0.1')/TCP(flags=18)"},
		{"IPv6(src='fe80::1', dst='ff02::1')", "IPv6(src='fe80::1', dst='ff02::1')"},
		{"Raw(load='a, b/c (d)')", "Raw(load=b'a, b/c (d)')"},
		{"IP()/'payload'", "IP()/Raw(load=b'payload')"},
		{"IP(chksum=None)", "IP(chksum=None)"},
		{`IP(dst='10.0.0.0/30', ttl=(1,5))/TCP(dport=[22,80,443], flags='S')/'payload'`,
			`IP(ttl=(1, 5), dst=Net("10.0.0.0/30"))/TCP(dport=[22, 80, 443], flags=2)/Raw(load=b'payload')`},
		{"TCP(dport='https', sport=RandShort())", "TCP(sport=RandShort(), dport=443)"},
		{"IP(flags='DF', proto='udp')", "IP(flags=2, proto=17)"},
		{"ICMP(type='echo-reply')", "ICMP(type=0)"},
		// goscapy's unquoted forms print as Scapy writes them
		{"Ether src=aa:bb:cc:dd:ee:ff / IP dst=10.0.0.1 ttl=3", "Ether(src='aa:bb:cc:dd:ee:ff')/IP(ttl=3, dst='10.0.0.1')"},
		{"ether()/ipv4(ttl=0x3)/tcp(flags=S+A)", "Ether()/IP(ttl=3)/TCP(flags=18)"},
		{"Raw(0x4142)", "Raw(load=b'AB')"},
		{"fuzz(IP()/TCP(dport=80))", "fuzz(IP())/fuzz(TCP(dport=80))"},
		{"IPv6()/ICMPv6EchoRequest(id=1, data=b'abc')", "IPv6()/ICMPv6EchoRequest(id=1, data=b'abc')"},
	} {
		tpl, err := Parse(c.in)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if got := tpl.String(); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

// TestNames: every name Names lists parses as a layer, a value or a
// function.
func TestNames(t *testing.T) {
	names := Names()
	if len(names) < 100 {
		t.Fatalf("%d names", len(names))
	}
	for _, n := range names {
		_, isObj := objects[n]
		_, isWrap := wrappers[n]
		isRand := false
		for _, r := range randNames {
			isRand = isRand || r == n
		}
		if lookupClass(n) == nil && !isObj && !isWrap && !isRand && n != "fuzz" && n != "Net" && n != "Net6" {
			t.Errorf("%s is nothing", n)
		}
	}
	for _, n := range []string{"ICMPv6EchoRequest", "DNSQR", "RandShort", "fuzz", "SCTPChunkData", "LLDPDUChassisID"} {
		found := false
		for _, x := range names {
			found = found || x == n
		}
		if !found {
			t.Errorf("Names lacks %s", n)
		}
	}
}
