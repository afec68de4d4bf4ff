package sendrecv_test

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
	"github.com/goscapy/goscapy/sendrecv"
)

var _ sendrecv.MatchFunc = sendrecv.DefaultMatch

type pair struct {
	name               string
	reqFirst, repFirst string
	req, rep           []byte
	answers, hashEq    bool
}

// loadPairs reads the (request, reply) pairs with Scapy's verdicts that
// the layers package tests against (../layers/testdata/answers.tsv).
func loadPairs(t testing.TB) []pair {
	t.Helper()
	f, err := os.Open("../layers/testdata/answers.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []pair
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if sc.Text() == "" || strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 9 {
			t.Fatalf("bad row %q", sc.Text())
		}
		q, _ := hex.DecodeString(c[5])
		r, _ := hex.DecodeString(c[6])
		out = append(out, pair{c[0], c[1], c[2], q, r, c[7] == "1", c[8] == "1"})
	}
	return out
}

func dissect(t testing.TB, first string, b []byte) *packet.Packet {
	t.Helper()
	p, _ := packet.Dissect(b, packet.Lookup(first).Type())
	return p
}

// splitKeys are the pairs whose reply Scapy matches only because it cannot
// dissect it: their keys differ, as Scapy's hashret do.
var splitKeys = map[string]bool{"icmp6_unknown_type_reply": true, "ndp_na_short": true, "arp_leak_short_address": true}

// crossLink are the pairs Scapy refuses only because one packet has a link
// layer and the other not; DefaultMatch compares them from the first
// protocol they share.
var crossLink = map[string]bool{"icmp_echo_ether_vs_ip": true, "icmp_echo_ip_vs_ether": true}

// TestDefaultMatchScapy: DefaultMatch agrees with Scapy's answers() on
// every pair, also when the request was sent at layer 3 and the reply read
// with its Ethernet header, or the other way round; and MatchKey puts each
// answering pair in one bucket.
func TestDefaultMatchScapy(t *testing.T) {
	type view struct {
		what       string
		sent, recv *packet.Packet
		want       bool
	}
	n := 0
	for _, c := range loadPairs(t) {
		req, rep := dissect(t, c.reqFirst, c.req), dissect(t, c.repFirst, c.rep)
		want := c.answers || crossLink[c.name]
		views := []view{{"dissected", req, rep, want}, {"request built", packet.New(req.Layers()...), rep, want}}
		l3 := func(p *packet.Packet, b []byte) *packet.Packet {
			if p.NumLayers() > 1 && p.Layer(0).Proto().Name == "Ethernet" {
				if first := p.Layer(1).Proto().Name; first == "IP" || first == "IPv6" {
					return dissect(t, first, b[layers.EthHdrLen:])
				}
			}
			return nil
		}
		if q3 := l3(req, c.req); q3 != nil && c.repFirst == "Ethernet" {
			// the request as sent at layer 3, the reply read with its link layer
			want3 := want
			if c.name == "icmp_echo_wrong_ethertype" {
				want3 = true // VLAN-tagged: only the Ethernet types differed
			}
			views = append(views, view{"request at layer 3", q3, rep, want3})
		}
		if r3 := l3(rep, c.rep); r3 != nil && c.reqFirst == "Ethernet" {
			views = append(views, view{"reply at layer 3", req, r3, want})
		}
		for _, v := range views {
			if got := sendrecv.DefaultMatch(v.sent, v.recv); got != v.want {
				t.Errorf("%s (%s): DefaultMatch = %v, want %v\n sent %v\n recv %v", c.name, v.what, got, v.want, v.sent, v.recv)
			}
			if v.want && !splitKeys[c.name] && sendrecv.MatchKey(v.sent) != sendrecv.MatchKey(v.recv) {
				t.Errorf("%s (%s): MatchKey differs for an answering pair", c.name, v.what)
			}
		}
		n++
	}
	if n < 100 {
		t.Fatalf("only %d pairs", n)
	}
}

func loopUDP(t *testing.T) []byte {
	ip := layers.NewIPv4() // 127.0.0.1 > 127.0.0.1
	u := layers.NewUDP()
	u.SrcPort, u.DstPort = 7, 7
	b, err := packet.New(ip, u, &packet.Raw{Load: []byte("echo")}).Build()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDefaultMatchNotOwnPacket: a packet to ourselves on the loopback
// interface answers itself by Scapy's rules (same addresses, same ports,
// Raw payload); DefaultMatch still never takes it for its own answer.
func TestDefaultMatchNotOwnPacket(t *testing.T) {
	b := loopUDP(t)
	sent, _ := packet.Dissect(b, layers.IPv4Type)
	again, _ := packet.Dissect(append([]byte(nil), b...), layers.IPv4Type)
	if !packet.Answers(again, sent) {
		t.Fatal("test premise: the loopback packet answers itself by Scapy's rules")
	}
	if sendrecv.DefaultMatch(sent, sent) || sendrecv.DefaultMatch(sent, again) {
		t.Error("DefaultMatch matched our own packet")
	}
	if sendrecv.DefaultMatch(packet.New(sent.Layers()...), again) {
		t.Error("DefaultMatch matched our own packet (sent as built)")
	}
	// seen again with a link layer, as an L2 capture of lo gives it
	eth := layers.NewEthernet()
	eth.Dst = fields.MAC{}
	framed, err := packet.New(eth, sent.Layer(0), sent.Layer(1), sent.Layer(2)).Build()
	if err != nil {
		t.Fatal(err)
	}
	seen, _ := packet.Dissect(framed, layers.EthernetType)
	if sendrecv.DefaultMatch(sent, seen) {
		t.Errorf("DefaultMatch matched our own packet captured with its link layer: %v", seen)
	}
	// a real answer differs from the request: the payload
	reply := append([]byte(nil), b...)
	reply[len(reply)-1] = 'O'
	ans, _ := packet.Dissect(reply, layers.IPv4Type)
	if !sendrecv.DefaultMatch(sent, ans) {
		t.Errorf("DefaultMatch refused a different packet: %v", ans)
	}
	if sendrecv.DefaultMatch(nil, ans) || sendrecv.DefaultMatch(sent, nil) || sendrecv.DefaultMatch(packet.New(), ans) {
		t.Error("DefaultMatch with nil or empty packets")
	}
}

// TestDefaultMatchBuiltRequest: a request as a program builds it (unset
// checksums, lengths, protocol numbers) matches the dissected reply.
func TestDefaultMatchBuiltRequest(t *testing.T) {
	ip := layers.NewIPv4()
	ip.Src, ip.Dst = netip.MustParseAddr("198.18.1.2"), netip.MustParseAddr("198.18.1.3")
	tcp := layers.NewTCP()
	tcp.SrcPort, tcp.DstPort, tcp.Seq = 40000, 80, 1000
	sent := packet.New(ip, tcp)
	for _, c := range loadPairs(t) {
		if c.name != "tcp_syn_synack" {
			continue
		}
		rep := dissect(t, c.repFirst, c.rep)
		if !sendrecv.DefaultMatch(sent, rep) {
			t.Errorf("%v does not answer %v", rep, sent)
		}
		if sendrecv.MatchKey(sent) != sendrecv.MatchKey(rep) {
			t.Error("MatchKey of the built SYN and of its SYN-ACK differ")
		}
		tcp.DstPort = 81
		if sendrecv.DefaultMatch(sent, rep) {
			t.Error("SYN-ACK from port 80 answers a SYN to port 81")
		}
		return
	}
	t.Fatal("no pair tcp_syn_synack")
}

func TestDefaultMatchAllocs(t *testing.T) {
	for _, c := range loadPairs(t) {
		switch c.name {
		case "icmp_echo", "tcp_syn_synack", "udp_port_unreachable", "dns_query_response", "arp_who_has_is_at",
			"icmp6_echo", "icmp6_port_unreachable", "ndp_ns_na":
		default:
			continue
		}
		req, rep := dissect(t, c.reqFirst, c.req), dissect(t, c.repFirst, c.rep)
		if a := testing.AllocsPerRun(100, func() {
			if !sendrecv.DefaultMatch(req, rep) || sendrecv.MatchKey(req) != sendrecv.MatchKey(rep) {
				panic(c.name)
			}
		}); a != 0 {
			t.Errorf("%s: %v allocations", c.name, a)
		}
	}
}
