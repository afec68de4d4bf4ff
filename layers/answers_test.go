package layers_test

import (
	"bufio"
	"encoding/hex"
	"net/netip"
	"os"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// answerPair is one row of testdata/answers.tsv: a request, a reply and
// Scapy's verdicts (reply.answers(request), equal hashret).
type answerPair struct {
	name                 string
	reqFirst, repFirst   string
	reqExpr, repExpr     string
	req, rep             []byte
	answers, hashEqualSc bool
}

func loadAnswerPairs(t testing.TB) []answerPair {
	t.Helper()
	f, err := os.Open("testdata/answers.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []answerPair
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 9 {
			t.Fatalf("answers.tsv: %d columns in %q", len(c), line)
		}
		q, err1 := hex.DecodeString(c[5])
		r, err2 := hex.DecodeString(c[6])
		if err1 != nil || err2 != nil {
			t.Fatalf("answers.tsv: %s: bad hex", c[0])
		}
		out = append(out, answerPair{c[0], c[1], c[2], c[3], c[4], q, r, c[7] == "1", c[8] == "1"})
	}
	if len(out) < 100 {
		t.Fatalf("answers.tsv: only %d rows", len(out))
	}
	return out
}

func dissectAs(t testing.TB, first string, b []byte) *packet.Packet {
	t.Helper()
	pr := packet.Lookup(first)
	if pr == nil {
		t.Fatalf("no protocol %q", first)
	}
	p, _ := packet.Dissect(b, pr.Type())
	return p
}

// built returns a packet of the same layers with no decoded bytes behind
// it: what a sender holds. Matching must not depend on the difference.
func built(p *packet.Packet) *packet.Packet { return packet.New(p.Layers()...) }

// TestAnswersScapy checks every pair of testdata/answers.tsv (Scapy-built
// pairs and real frames of the lab capture) against Scapy's answers(),
// and that a request and its answer hash equal whenever Scapy's hashret
// agrees (our keys may be coarser, never finer).
func TestAnswersScapy(t *testing.T) {
	pairs := loadAnswerPairs(t)
	var yes, no, coarser int
	for _, c := range pairs {
		req, rep := dissectAs(t, c.reqFirst, c.req), dissectAs(t, c.repFirst, c.rep)
		got := packet.Answers(rep, req)
		if got != c.answers {
			t.Errorf("%s: Answers = %v, Scapy %v\n request %v\n reply   %v\n %s\n %s", c.name, got, c.answers, req, rep, c.reqExpr, c.repExpr)
			continue
		}
		if gotB := packet.Answers(rep, built(req)); gotB != got {
			t.Errorf("%s: Answers with the request as built = %v, dissected %v", c.name, gotB, got)
		}
		if gotB := packet.Answers(built(rep), built(req)); gotB != got {
			t.Errorf("%s: Answers with both as built = %v, dissected %v", c.name, gotB, got)
		}
		hq, hr := packet.HashKey(req), packet.HashKey(rep)
		if hq != packet.HashKey(built(req)) || hr != packet.HashKey(built(rep)) {
			t.Errorf("%s: HashKey differs between dissected and built packets", c.name)
		}
		switch {
		case got && c.hashEqualSc && hq != hr:
			t.Errorf("%s: answering pair with equal Scapy hashret hashes apart: %x %x\n request %v\n reply   %v", c.name, hq, hr, req, rep)
		case got && !c.hashEqualSc && hq != hr:
			t.Logf("%s: answering pair hashed apart, as by Scapy", c.name)
		case !got && !c.hashEqualSc && hq == hr:
			coarser++
		}
		if got {
			yes++
		} else {
			no++
		}
	}
	t.Logf("%d pairs: %d answer, %d do not; %d non-answers share a key that Scapy's hashret splits", len(pairs), yes, no, coarser)
}

// TestAnswersNeverSplits: whenever our Answers holds, the keys are equal,
// except for the pairs Scapy's hashret splits too (a reply Scapy only
// matches because it cannot dissect it).
func TestAnswersNeverSplits(t *testing.T) {
	allowed := map[string]bool{"icmp6_unknown_type_reply": true, "ndp_na_short": true, "arp_leak_short_address": true}
	for _, c := range loadAnswerPairs(t) {
		req, rep := dissectAs(t, c.reqFirst, c.req), dissectAs(t, c.repFirst, c.rep)
		if packet.Answers(rep, req) && packet.HashKey(rep) != packet.HashKey(req) && !allowed[c.name] {
			t.Errorf("%s: answers but hashes apart", c.name)
		}
	}
}

func pairByName(t testing.TB, name string) answerPair {
	t.Helper()
	for _, c := range loadAnswerPairs(t) {
		if c.name == name {
			return c
		}
	}
	t.Fatalf("no pair %s", name)
	return answerPair{}
}

var (
	addrA  = netip.MustParseAddr("198.18.1.2")
	addrB  = netip.MustParseAddr("198.18.1.3")
	addrA6 = netip.MustParseAddr("2001:db8:1::2")
	addrC6 = netip.MustParseAddr("2001:db8:2::2")
)

// builtRequests are requests described with the layer constructors, as a
// program sends them: checksums, lengths and protocol numbers unset.
func builtRequests() map[string]*packet.Packet {
	ip := func(src, dst netip.Addr) *layers.IPv4 {
		l := layers.NewIPv4()
		l.Src, l.Dst = src, dst
		return l
	}
	eth := layers.NewEthernet()
	eth.Src, eth.Dst = fields.MAC{2, 0, 0, 0, 0, 1}, fields.MAC{2, 0, 0, 0, 0, 2}
	syn := layers.NewTCP()
	syn.SrcPort, syn.DstPort, syn.Seq = 40000, 80, 1000
	echo := layers.NewICMP()
	echo.ID, echo.Seq = 0x1234, 7
	udp := layers.NewUDP()
	udp.SrcPort, udp.DstPort = 40000, 7
	udp6 := layers.NewUDP()
	udp6.SrcPort, udp6.DstPort = 40000, 33434
	ip6 := layers.NewIPv6()
	ip6.Src, ip6.Dst = addrA6, addrC6
	dns := layers.NewDNS()
	dns.ID = 0x4242
	dns.Questions = []layers.DNSQuestion{layers.NewDNSQuestion("b.lab.test", layers.DNSTypeA)}
	udp53 := layers.NewUDP()
	udp53.SrcPort = 40000
	arp := layers.NewARP()
	arp.HwSrc, arp.PSrc, arp.PDst = fields.MAC{2, 0, 0, 0, 0, 1}, addrA, addrB
	ethB := layers.NewEthernet()
	ethB.Src = fields.MAC{2, 0, 0, 0, 0, 1}
	e6 := layers.NewICMPv6()
	e6.ID, e6.Seq = 0x77, 3
	ip6b := layers.NewIPv6()
	ip6b.Src, ip6b.Dst = addrA6, netip.MustParseAddr("2001:db8:1::3")
	return map[string]*packet.Packet{
		"tcp_syn_synack":                packet.New(eth, ip(addrA, addrB), syn),
		"icmp_echo":                     packet.New(eth, ip(addrA, addrB), echo, &packet.Raw{Load: []byte("abcdefgh")}),
		"udp_port_unreachable":          packet.New(eth, ip(addrA, addrB), udp, &packet.Raw{Load: []byte("hello")}),
		"icmp6_port_unreachable":        packet.New(eth, ip6, udp6, &packet.Raw{Load: []byte("0123456789abcdef")}),
		"dns_query_response":            packet.New(eth, ip(addrA, addrB), udp53, dns),
		"arp_who_has_is_at":             packet.New(ethB, arp),
		"icmp6_echo":                    packet.New(eth, ip6b, e6, &packet.Raw{Load: []byte("ping6")}),
		"icmp6_echo_other_data":         packet.New(ip6b, e6, &packet.Raw{Load: []byte("ping6")}),
		"tcp_syn_time_exceeded_8_bytes": packet.New(ip(addrA, addrB), syn),
	}
}

// TestAnswersBuiltRequests matches requests built from the constructors
// (unset fields computed as a build would) with Scapy's replies, and
// checks their keys equal those of the dissected requests.
func TestAnswersBuiltRequests(t *testing.T) {
	for name, req := range builtRequests() {
		c := pairByName(t, name)
		rep := dissectAs(t, c.repFirst, c.rep)
		if got := packet.Answers(rep, req); got != c.answers {
			t.Errorf("%s: Answers(reply, built request) = %v, Scapy %v\n request %v\n reply   %v", name, got, c.answers, req, rep)
		}
		b, err := req.Build()
		if err != nil {
			t.Fatalf("%s: build: %v", name, err)
		}
		d := dissectAs(t, c.reqFirst, b)
		if d.NumLayers() == req.NumLayers() && packet.HashKey(req) != packet.HashKey(d) {
			t.Errorf("%s: key of the built request %x, of its bytes dissected %x", name, packet.HashKey(req), packet.HashKey(d))
		}
		if c.answers && c.hashEqualSc && packet.HashKey(req) != packet.HashKey(rep) {
			t.Errorf("%s: built request and reply hash apart", name)
		}
	}
}

// TestAnswersCorpusFrames checks named frames of the lab capture: each
// reply answers its request and nothing else around it.
func TestAnswersCorpusFrames(t *testing.T) {
	pairs := loadAnswerPairs(t)
	want := []string{
		"lab_verify_6_7",     // ARP who-has 198.18.1.3, is-at
		"lab_verify_8_9",     // ICMP echo
		"lab_verify_12_13",   // NS to the solicited-node group, NA
		"lab_verify_14_15",   // ICMPv6 echo
		"lab_verify_536_537", // nmap SYN, SYN-ACK
		"lab_verify_539_540", // SYN, RST-ACK
		"lab_verify_543_544", // IPv6 SYN, SYN-ACK
		"lab_verify_552_553", // UDP to a closed port, port unreachable
		"lab_verify_560_561", // DNS query, network unreachable from the router
		"lab_verify_564_565", // DNS query and response
		"lab_verify_600_601", // traceroute probe, time exceeded from the router
		"lab_verify_659_660", // IPv6 traceroute probe, time exceeded
		"lab_verify_661_662", // IPv6 probe, port unreachable
		"lab_verify_682_683", // full-size UDP, time exceeded quoting 548 bytes
	}
	have := map[string]answerPair{}
	for _, c := range pairs {
		have[c.name] = c
	}
	for _, n := range want {
		c, ok := have[n]
		if !ok || !c.answers {
			t.Errorf("%s: not an answering pair in testdata/answers.tsv", n)
			continue
		}
		req, rep := dissectAs(t, "Ethernet", c.req), dissectAs(t, "Ethernet", c.rep)
		if !packet.Answers(rep, req) || packet.HashKey(req) != packet.HashKey(rep) {
			t.Errorf("%s: %v does not answer %v", n, rep, req)
		}
		if packet.Answers(req, rep) {
			t.Errorf("%s: the request answers its reply", n)
		}
	}
}

// TestAnswersAllocs: matching dissected and built packets allocates
// nothing.
func TestAnswersAllocs(t *testing.T) {
	names := []string{"icmp_echo", "tcp_syn_synack", "udp_port_unreachable", "udp_port_unreachable_8_bytes",
		"dns_query_response", "arp_who_has_is_at", "icmp6_echo", "ndp_ns_na", "icmp6_port_unreachable",
		"icmp6_tcp_quote_mss_clamped", "tcp6_syn_synack"}
	for _, n := range names {
		c := pairByName(t, n)
		req, rep := dissectAs(t, c.reqFirst, c.req), dissectAs(t, c.repFirst, c.rep)
		breq := built(req)
		a := testing.AllocsPerRun(100, func() {
			if packet.Answers(rep, req) != c.answers || packet.Answers(rep, breq) != c.answers {
				panic("verdict changed")
			}
			_ = packet.HashKey(req) ^ packet.HashKey(rep) ^ packet.HashKey(breq)
		})
		if a != 0 {
			t.Errorf("%s: %v allocations per match", n, a)
		}
	}
	for name, req := range builtRequests() {
		c := pairByName(t, name)
		rep := dissectAs(t, c.repFirst, c.rep)
		if a := testing.AllocsPerRun(100, func() { packet.Answers(rep, req); packet.HashKey(req) }); a != 0 {
			t.Errorf("%s (built request): %v allocations per match", name, a)
		}
	}
}

func BenchmarkAnswers(b *testing.B) {
	for _, n := range []string{"tcp_syn_synack", "udp_port_unreachable", "icmp6_port_unreachable"} {
		c := pairByName(b, n)
		req, rep := dissectAs(b, c.reqFirst, c.req), dissectAs(b, c.repFirst, c.rep)
		b.Run(n, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				packet.Answers(rep, req)
				packet.HashKey(rep)
			}
		})
	}
}

// FuzzAnswers matches mutated pairs: no panic, the same verdict for the
// request dissected and as built, and the same key.
func FuzzAnswers(f *testing.F) {
	for i, c := range loadAnswerPairs(f) {
		if c.reqFirst == "Ethernet" && c.repFirst == "Ethernet" || i%3 == 0 {
			f.Add(c.req, c.rep, c.reqFirst == "Ethernet")
		}
	}
	f.Fuzz(func(t *testing.T, reqB, repB []byte, ether bool) {
		first := layers.IPv4Type
		if ether {
			first = layers.EthernetType
		} else if len(reqB) > 0 && reqB[0]>>4 == 6 {
			first = layers.IPv6Type
		}
		req, _ := packet.Dissect(reqB, first)
		rep, _ := packet.Dissect(repB, first)
		got := packet.Answers(rep, req)
		packet.Answers(req, rep)
		packet.Answers(rep, rep)
		hr, hq := packet.HashKey(rep), packet.HashKey(req)
		if packet.HashKey(built(req)) != hq || packet.HashKey(built(rep)) != hr {
			t.Fatalf("key differs between dissected and built packets\n%v\n%v", req, rep)
		}
		if b, err := req.Build(); err == nil && string(b) == string(reqB) {
			if g := packet.Answers(rep, built(req)); g != got {
				t.Fatalf("Answers = %v dissected, %v built\n request %v\n reply   %v", got, g, req, rep)
			}
		}
	})
}
