package expr

import (
	"errors"
	"testing"
)

// FuzzParse: no input makes Parse panic; every error is a *SyntaxError;
// a parsed template's first packet builds or reports an error, and its
// String reads back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`Ether()/IP(dst="198.18.1.3", ttl=(1,5))/TCP(dport=[22,80,443], flags="S")/"payload"`,
		`Ether(src=aa:bb:cc:dd:ee:ff)/IP(dst=10.0.0.1, ttl=3)`,
		`IP dst=10.0.0.1 ttl=3 / TCP dport=80 flags=SA`,
		`IP(dst="10.0.0.0/30")/fuzz(TCP(dport=RandShort()))/Raw(load=RandString(4))`,
		`IPv6(dst=RandIP6("2001:db8::/64"))/ICMPv6EchoRequest(data=b'x'*8)`,
		`IP()/TCP(options=[('MSS',1460),('NOP',None),('Timestamp',(1,2))])`,
		`IP()/UDP()/DNS(qd=DNSQR(qname="a.example"), an=DNSRR(rrname="a.example", rdata="192.0.2.1")/DNSRR(type="AAAA", rdata="::1"))`,
		`IP()/SCTP()/SCTPChunkInit(params=[SCTPChunkParamIPv4Addr()])/SCTPChunkData(data=b"x")`,
		`Ether()/LLDPDUChassisID(subtype=4, id="02:00:00:00:00:01")/LLDPDUEndOfLLDPDU()`,
		`(M:=__import__('scapy.contrib.bgp', fromlist=['*'])) and (IP()/TCP()/M.BGPHeader(type=1)/M.BGPOpen(my_as=1))`,
		`dns_compress(IP()/UDP()/DNS(an=DNSRR(rrname="x.y")/DNSRR(rrname="x.y")))`,
		`Raw(load='abc`, `IP(,)`, `/IP`, `IP(ttl=(1,3,0))`, `IP(id=(10,1,-3))`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tpl, err := Parse(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Col < 1 {
				t.Fatalf("%q: error %T %v", s, err, err)
			}
			return
		}
		_ = tpl.Count()
		p, err := tpl.First()
		if err != nil {
			return
		}
		_, _ = p.Build()
		n := 0
		for _, q := range tpl.All() {
			_, _ = q.Build()
			if n++; n == 3 {
				break
			}
		}
		if _, err := Parse(tpl.String()); err != nil {
			t.Fatalf("%q: String %q does not parse: %v", s, tpl.String(), err)
		}
	})
}
