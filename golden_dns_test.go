package goscapy

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Go descriptions of testdata/scapy/dns.in.
func init() {
	query := func(src, dst string, sport uint16, d *DNSBuilder) func() ([]byte, error) {
		return func() ([]byte, error) {
			return NewIP().SrcIP(src).DstIP(dst).Over(NewUDP().SrcPort(sport).DstPort(53)).Over(d).Build()
		}
	}
	answer := func(dport uint16, d *DNSBuilder) func() ([]byte, error) {
		return func() ([]byte, error) {
			return NewIP().SrcIP("10.0.0.53").DstIP("10.0.0.1").Over(NewUDP().SrcPort(53).DstPort(dport)).Over(d).Build()
		}
	}
	addGolden("dns_query_a", func() ([]byte, error) {
		return NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02").
			Over(NewIP().SrcIP("192.168.1.10").DstIP("8.8.8.8")).
			Over(NewUDP().SrcPort(33333).DstPort(53)).
			Over(NewDNS().ID(0x1234).RD(true).Question("example.com", layers.DNSTypeA)).Build()
	})
	addGolden("dns_query_aaaa", query("10.0.0.1", "10.0.0.53", 40000,
		NewDNS().ID(2).Question("www.example.org", layers.DNSTypeAAAA)))
	addGolden("dns_defaults", func() ([]byte, error) {
		return NewIP().SrcIP("1.2.3.4").DstIP("5.6.7.8").Over(NewUDP()).Over(NewDNS()).Build()
	})
	addGolden("dns_query_flags", query("10.0.0.1", "10.0.0.53", 40001,
		NewDNS().ID(0xbeef).RD(false).AD(true).CD(true).Z(true).Opcode(layers.DNSOpcodeStatus).
			Questions(layers.DNSQuestion{Name: layers.DNSNameOf("a.b.c.d.example.net."), Type: layers.DNSTypeANY, Class: layers.DNSClassCH})))
	cnameA := func() *DNSBuilder {
		return NewDNS().ID(3).QR(true).AA(true).RA(true).Question("www.example.com", layers.DNSTypeA).
			Answer(layers.DNSRRCNAME("www.example.com", 300, "example.com"), layers.DNSRRA("example.com", 60, "93.184.216.34"))
	}
	addGolden("dns_resp_a_cname", answer(40000, cnameA()))
	addGolden("dns_resp_a_cname_compressed", answer(40000, cnameA().Compress()))
	addGolden("dns_resp_ns_compressed", answer(40002, NewDNS().ID(4).QR(true).Question("example.com", layers.DNSTypeNS).
		Answer(layers.DNSRRNS("example.com", 86400, "ns1.example.com"), layers.DNSRRNS("example.com", 86400, "ns2.example.com")).
		Additional(layers.DNSRRA("ns1.example.com", 3600, "192.0.2.1"), layers.DNSRRAAAA("ns2.example.com", 3600, "2001:db8::2")).
		Compress()))
	addGolden("dns_resp_aaaa", answer(40000, NewDNS().ID(2).QR(true).RA(true).Question("www.example.org", layers.DNSTypeAAAA).
		Answer(layers.DNSRRAAAA("www.example.org", 120, "2001:db8::1"))))
	mx := func() *DNSBuilder {
		return NewDNS().ID(5).QR(true).RA(true).Question("example.com", layers.DNSTypeMX).
			Answer(layers.DNSRRMX("example.com", 3600, 10, "mail.example.com"), layers.DNSRRMX("example.com", 3600, 20, "mail2.example.com"))
	}
	addGolden("dns_resp_mx", answer(40003, mx()))
	addGolden("dns_resp_mx_compressed", answer(40003, mx().Compress()))
	addGolden("dns_resp_txt", answer(40004, NewDNS().ID(6).QR(true).Question("example.com", layers.DNSTypeTXT).
		Answer(layers.DNSRRTXT("example.com", 300, "v=spf1 -all", "hello world", strings.Repeat("x", 300)))))
	addGolden("dns_resp_soa", answer(40005, NewDNS().ID(7).QR(true).AA(true).Question("example.com", layers.DNSTypeSOA).
		Answer(layers.DNSRRSOA("example.com", 3600, "ns1.example.com", "hostmaster.example.com", 2024010101, 7200, 3600, 1209600, 300))))
	addGolden("dns_resp_srv", answer(40006, NewDNS().ID(8).QR(true).Question("_http._tcp.example.com", layers.DNSTypeSRV).
		Answer(layers.DNSRRSRV("_http._tcp.example.com", 60, 10, 5, 8080, "www.example.com"))))
	addGolden("dns_resp_ptr", answer(40007, NewDNS().ID(9).QR(true).Question("4.3.2.1.in-addr.arpa", layers.DNSTypePTR).
		Answer(layers.DNSRRPTR("4.3.2.1.in-addr.arpa", 86400, "host.example.com"))))
	addGolden("dns_query_opt", query("10.0.0.1", "10.0.0.53", 40008, NewDNS().ID(10).AD(true).Question("example.com", layers.DNSTypeA).
		Additional(layers.DNSRROPT(1232, layers.DNSEDNS0DO, layers.EDNS0Option{Code: 10, Data: []byte{1, 2, 3, 4, 5, 6, 7, 8}}))))
	addGolden("dns_query_opt_default", query("10.0.0.1", "10.0.0.53", 40009, NewDNS().ID(11).Question("example.com", layers.DNSTypeA).
		Additional(layers.DNSRROPT(4096, layers.DNSEDNS0DO))))
	nx := func() *DNSBuilder {
		return NewDNS().ID(12).QR(true).RA(true).Rcode(layers.DNSRcodeNXDomain).Question("nope.example.com", layers.DNSTypeA).
			Authority(layers.DNSRRSOA("example.com", 900, "ns1.example.com", "hostmaster.example.com", 1, 7200, 3600, 1209600, 300))
	}
	addGolden("dns_nxdomain", answer(40010, nx()))
	addGolden("dns_nxdomain_compressed", answer(40010, nx().Compress()))
	addGolden("dns_counts_set", query("10.0.0.1", "10.0.0.53", 40011, NewDNS().ID(13).Set("qdcount", 5).Set("arcount", 2).
		Question("example.com", layers.DNSTypeA)))
	addGolden("dns_tcp_query", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.53").
			Over(NewTCP().SrcPort(40012).DstPort(53).Flags(layers.TCPPsh | layers.TCPAck).Seq(1000).Ack(2000)).
			Over(NewDNS().ID(14).Question("example.com", layers.DNSTypeA)).Build()
	})
	addGolden("dns_tcp_answer", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.53").DstIP("10.0.0.1").
			Over(NewTCP().SrcPort(53).DstPort(40012).Flags(layers.TCPPsh | layers.TCPAck).Seq(2000).Ack(1031)).
			Over(NewDNS().OverTCP().ID(14).QR(true).RA(true).Question("example.com", layers.DNSTypeA).
				Answer(layers.DNSRRA("example.com", 60, "93.184.216.34"))).Build()
	})
	addGolden("dns_mdns_ether", func() ([]byte, error) {
		return NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("01:00:5e:00:00:fb").
			Over(NewIP().SrcIP("192.168.1.10").DstIP("224.0.0.251").TTL(255)).
			Over(NewUDP().SrcPort(5353).DstPort(5353)).
			Over(NewDNS().RD(false).Questions(layers.DNSQuestion{Name: layers.DNSNameOf("printer.local"), Type: layers.DNSTypeA, Class: 0x8001})).Build()
	})
}

func TestDNSBuilderErrors(t *testing.T) {
	cases := []struct {
		name string
		b    *DNSBuilder
		want string
	}{
		{"bad address", NewDNS().Answer(layers.DNSRRA("x.com", 1, "300.1.1.1")), "field an"},
		{"v6 in A", NewDNS().Answer(layers.DNSRRA("x.com", 1, "::1")), "not an ipv4"},
		{"long label", NewDNS().Question(strings.Repeat("a", 64)+".com", layers.DNSTypeA), "longer than 63"},
		{"empty label", NewDNS().Question("a..com", layers.DNSTypeA), "empty label"},
		{"long name", NewDNS().Question(strings.Repeat("abcdefghi.", 26), layers.DNSTypeA), "longer than 255"},
		{"bad cname", NewDNS().Answer(layers.DNSRRCNAME("x.com", 1, "a..b")), "empty label"},
		{"rcode", NewDNS().Rcode(16), "field rcode"},
		{"opcode", NewDNS().Opcode(99), "field opcode"},
		{"set", NewDNS().Set("qd", 5), "field qd"},
	}
	for _, c := range cases {
		_, err := NewIP().Over(NewUDP()).Over(c.b).Build()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to mention %q", c.name, err, c.want)
		}
		// the layer alone reports the same kind of error
		if _, err := c.b.Build(); err == nil {
			t.Errorf("%s: layer built without error", c.name)
		}
	}
}

func TestDNSBuilderQuestions(t *testing.T) {
	d := NewDNS().Question("a.com", layers.DNSTypeA).Question("b.com", layers.DNSTypeMX).Layer()
	if len(d.Questions) != 2 || d.Questions[0].Name.String() != "a.com." || d.Questions[1].Type != layers.DNSTypeMX {
		t.Fatalf("questions = %v", d.Questions)
	}
	b, err := NewDNS().QR(true).Questions().Answer(layers.DNSRRA("a.com", 5, "192.0.2.1")).Build()
	if err != nil {
		t.Fatal(err)
	}
	p, err := DissectAs(b, layers.DNSType)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.String(); got != `DNS Ans "192.0.2.1"` {
		t.Errorf("summary %q", got)
	}
	if n, _ := p.GetLayer("DNS").Get("qdcount"); n != uint16(0) {
		t.Errorf("qdcount = %v", n)
	}
}

// TestDNSDissectedSummaries checks what a dissected message says about
// itself, against what Scapy 2.5 prints for the same bytes.
func TestDNSDissectedSummaries(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		// scapy: IP / UDP / DNS Qry "b'example.com.'"
		{"dns_query_a", `Ethernet / IP / UDP / DNS Qry "example.com."`},
		// scapy: IP / UDP / DNS Ans "b'example.com.'"
		{"dns_resp_a_cname_compressed", `IP / UDP / DNS Ans "example.com."`},
		{"dns_resp_aaaa", `IP / UDP / DNS Ans "2001:db8::1"`},
		{"dns_resp_mx", `IP / UDP / DNS Ans`},
		{"dns_tcp_query", `IP / TCP / DNS Qry "example.com."`},
		{"dns_resp_txt", `IP / UDP / DNS Ans "['v=spf1 -all', 'hello world', '` + strings.Repeat("x", 255) + `', '` + strings.Repeat("x", 45) + `']"`},
	} {
		row := goldenRowByName(t, c.name)
		p, err := dissectAny(row.want)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := p.String(); got != c.want {
			t.Errorf("%s: summary\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func goldenRowByName(t *testing.T, name string) goldenRow {
	t.Helper()
	for _, r := range loadGolden(t) {
		if r.name == name {
			return r
		}
	}
	t.Fatalf("no golden row %s", name)
	return goldenRow{}
}

// TestDNSNoAllocs proves that building a prepared DNS packet into a buffer
// and decoding with a warm decoder allocate nothing, compressed or not.
func TestDNSNoAllocs(t *testing.T) {
	for _, compress := range []bool{false, true} {
		s := NewEthernet().Over(NewIP().SrcIP("10.0.0.53").DstIP("10.0.0.1")).Over(NewUDP().SrcPort(53).DstPort(4000))
		d := NewDNS().ID(3).QR(true).Question("www.example.com", layers.DNSTypeA).
			Answer(layers.DNSRRCNAME("www.example.com", 300, "example.com"), layers.DNSRRA("example.com", 60, "93.184.216.34"),
				layers.DNSRRMX("example.com", 5, 10, "mail.example.com"))
		if compress {
			d.Compress()
		}
		p := s.Over(d).Packet()
		buf := make([]byte, 1500)
		frame, err := p.BuildInto(buf)
		if err != nil {
			t.Fatal(err)
		}
		frame = append([]byte(nil), frame...)
		if n := testing.AllocsPerRun(100, func() {
			if _, err := p.BuildInto(buf); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("compress=%v: BuildInto allocates %v times", compress, n)
		}
		dec := NewDecoder()
		if _, err := dec.Decode(frame); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() {
			q, err := dec.Decode(frame)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := packet.LayerOf[*layers.DNS](q); !ok {
				t.Fatal("no dns layer")
			}
		}); n != 0 {
			t.Errorf("compress=%v: warm Decode allocates %v times", compress, n)
		}
		// a decoded message re-encodes byte for byte, without allocating
		q, _ := dec.Decode(frame)
		out := make([]byte, 1500)
		if n := testing.AllocsPerRun(100, func() {
			b, err := q.BuildInto(out)
			if err != nil || !bytes.Equal(b, frame) {
				t.Fatalf("re-encode: %v", err)
			}
		}); n != 0 {
			t.Errorf("compress=%v: re-encode allocates %v times", compress, n)
		}
	}
}

func ExampleNewDNS() {
	frame, err := NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02").
		Over(NewIP().SrcIP("192.0.2.53").DstIP("192.0.2.1")).
		Over(NewUDP().SrcPort(53).DstPort(33333)).
		Over(NewDNS().ID(0x1234).QR(true).RA(true).
			Question("www.example.com", layers.DNSTypeA).
			Answer(layers.DNSRRCNAME("www.example.com", 300, "example.com"),
				layers.DNSRRA("example.com", 60, "192.0.2.80")).
			Compress()).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := Dissect(frame)
	fmt.Println(p)
	d, _ := packet.LayerOf[*layers.DNS](p)
	for _, rr := range d.Answers {
		if a, ok := rr.Addr(); ok {
			fmt.Println(rr.Name, a)
		}
		if n, ok := rr.Target(); ok {
			fmt.Println(rr.Name, "is an alias of", n)
		}
	}
	// Output:
	// Ethernet / IP / UDP / DNS Ans "example.com."
	// www.example.com. is an alias of example.com.
	// example.com. 192.0.2.80
}
