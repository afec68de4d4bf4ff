package sendrecv

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/route"
)

// Packets and their summaries from Scapy 2.5 (testdata of this file):
//
//	s1 = IP(src="198.18.1.2", dst="198.18.1.3")/TCP(sport=40000, dport=80, flags="S", seq=1000)
//	r1 = IP(src="198.18.1.3", dst="198.18.1.2")/TCP(sport=80, dport=40000, flags="SA", seq=5, ack=1001)
//	s2 = IP(src="198.18.1.2", dst="198.18.1.3")/ICMP(id=7, seq=1)
//	r2 = IP(src="198.18.1.3", dst="198.18.1.2")/ICMP(type=0, id=7, seq=1)
//	s3 = IP(src="198.18.1.2", dst="198.18.1.3")/UDP(sport=5555, dport=9)/Raw(b"x")
//	r3 = IP(src="198.18.1.3", dst="198.18.1.2")/ICMP(type=3, code=3)/bytes(s3)
//	s4 = Ether(src="02:00:00:00:01:02", dst="ff:ff:ff:ff:ff:ff")/ARP(hwsrc="02:00:00:00:01:02", psrc="198.18.1.2", pdst="198.18.1.3")
//	r4 = Ether(src="02:00:00:00:01:03", dst="02:00:00:00:01:02")/ARP(op=2, hwsrc="02:00:00:00:01:03", psrc="198.18.1.3", hwdst="02:00:00:00:01:02", pdst="198.18.1.2")
var scapyPairs = [][2]string{
	{"45000028000100004006eca5c6120102c61201039c400050000003e8000000005002200061400000",
		"45000028000100004006eca5c6120103c612010200509c4000000005000003e950122000612a0000"},
	{"4500001c000100004001ecb6c6120102c61201030800f7f700070001",
		"4500001c000100004001ecb6c6120103c61201020000fff700070001"},
	{"4500001d000100004011eca5c6120102c612010315b300090009e3f578",
		"45000039000100004001ec99c6120103c612010203038b41000000004500001d000100004011eca5c6120102c612010315b300090009e3f578"},
	{"ffffffffffff02000000010208060001080006040001020000000102c6120102000000000000c6120103",
		"02000000010202000000010308060001080006040002020000000103c6120103020000000102c6120102"},
}

// Scapy: repr(SndRcvList(pairs)) and "%s ==> %s" % (s.summary(),
// r.summary()) of each pair. Scapy names Ethernet "Ether" and ports by
// their /etc/services names, where this package's summaries print
// "Ethernet" and numbers (scapyNames).
const scapySummary = `<Results: TCP:1 UDP:0 ICMP:2 Other:1>
IP / TCP 198.18.1.2:40000 > 198.18.1.3:http S ==> IP / TCP 198.18.1.3:http > 198.18.1.2:40000 SA
IP / ICMP 198.18.1.2 > 198.18.1.3 echo-request 0 ==> IP / ICMP 198.18.1.3 > 198.18.1.2 echo-reply 0
IP / UDP 198.18.1.2:rplay > 198.18.1.3:discard / Raw ==> IP / ICMP 198.18.1.3 > 198.18.1.2 dest-unreach port-unreachable / IPerror / UDPerror / Raw
Ether / ARP who has 198.18.1.3 says 198.18.1.2 ==> Ether / ARP is at 02:00:00:00:01:03 says 198.18.1.3
`

// scapyNames turns Scapy's names in scapySummary into this package's.
var scapyNames = strings.NewReplacer("Ether / ", "Ethernet / ", ":http ", ":80 ", ":http\n", ":80\n",
	":rplay ", ":5555 ", ":discard ", ":9 ")

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dissectAny dissects an IPv4 packet or an Ethernet frame.
func dissectAny(t testing.TB, b []byte) *packet.Packet {
	t.Helper()
	first := layers.EthernetType
	switch b[0] >> 4 {
	case 4:
		first = layers.IPv4Type
	case 6:
		first = layers.IPv6Type
	}
	p, err := packet.Dissect(b, first)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func scapyList(t *testing.T) *SndRcvList {
	l := &SndRcvList{}
	for _, pr := range scapyPairs {
		l.Answered = append(l.Answered, SndRcvPair{Sent: dissectAny(t, mustHex(t, pr[0])), Received: dissectAny(t, mustHex(t, pr[1]))})
	}
	return l
}

func TestSndRcvListSummary(t *testing.T) {
	l := scapyList(t)
	want := scapyNames.Replace(scapySummary)
	if got := l.Summary(); got != want {
		t.Errorf("Summary:\n%s\nwant (Scapy):\n%s", got, want)
	}
	if l.Len() != 4 {
		t.Errorf("Len %d", l.Len())
	}
	n := 0
	for s, r := range l.All() {
		if s != l.Answered[n].Sent || r != l.Answered[n].Received {
			t.Errorf("All: pair %d", n)
		}
		n++
		if n == 2 {
			break // the iterator stops when asked
		}
	}
	// Scapy: repr(PacketList([s1, s3], name="Unanswered")).
	l.Unanswered = []*packet.Packet{l.Answered[0].Sent, l.Answered[2].Sent}
	wantU := scapyNames.Replace("<Unanswered: TCP:1 UDP:1 ICMP:0 Other:0>\n" +
		"IP / TCP 198.18.1.2:40000 > 198.18.1.3:http S\n" +
		"IP / UDP 198.18.1.2:rplay > 198.18.1.3:discard / Raw\n")
	if got := l.UnansweredSummary(); got != wantU {
		t.Errorf("UnansweredSummary:\n%s\nwant:\n%s", got, wantU)
	}
	var nilList *SndRcvList
	if nilList.Len() != 0 || nilList.String() != "<Results: TCP:0 UDP:0 ICMP:0 Other:0>" {
		t.Error("nil list")
	}
}

// TestDefaultMatchScapyPairs: each Scapy answer matches its request, and
// no other (Scapy: r.answers(s) is 1 exactly on the diagonal).
func TestDefaultMatchScapyPairs(t *testing.T) {
	l := scapyList(t)
	for i, a := range l.Answered {
		for j, b := range l.Answered {
			if got := DefaultMatch(b.Sent, a.Received); got != (i == j) {
				t.Errorf("answer %d to request %d: %v", i, j, got)
			}
		}
	}
}

func TestTable(t *testing.T) {
	l := scapyList(t)
	l.Answered = l.Answered[:3]
	// Another host, and a request to port 22 nothing answered.
	syn22 := dissectAny(t, mustHex(t, scapyPairs[0][0]))
	tcp, _ := packet.LayerOf[*layers.TCP](syn22)
	tcp.DstPort = 22
	ip, _ := packet.LayerOf[*layers.IPv4](syn22)
	ip.Dst = netip.MustParseAddr("198.18.1.20")
	l.Unanswered = []*packet.Packet{syn22}
	var b strings.Builder
	if err := l.Table(&b); err != nil {
		t.Fatal(err)
	}
	// Hand-derived: rows sorted by address, columns by port; the SYN-ACK
	// is "SA", the port unreachable comes from the destination itself.
	want := "             9/udp     22/tcp  80/tcp  icmp\n" +
		"198.18.1.3   icmp 3/3          SA      echo-reply\n" +
		"198.18.1.20            -\n"
	if b.String() != want {
		t.Errorf("table:\n%q\nwant:\n%q", b.String(), want)
	}
	// A custom layout.
	b.Reset()
	err := l.MakeTable(&b, func(s, r *packet.Packet) (string, string, string, bool) {
		if r == nil {
			return "", "", "", false
		}
		return "x", "y", fmt.Sprint(r.NumLayers()), true
	})
	if err != nil || b.String() != "   y\nx  2,5\n" {
		t.Errorf("MakeTable: %q, %v", b.String(), err)
	}
}

func TestCompareLabels(t *testing.T) {
	in := []string{"icmp", "80/tcp", "198.18.1.10", "443/tcp", "53/udp", "198.18.1.9", "2001:db8::1", "53/tcp", "arp"}
	want := []string{"198.18.1.9", "198.18.1.10", "2001:db8::1", "53/tcp", "53/udp", "80/tcp", "443/tcp", "arp", "icmp"}
	got := append([]string(nil), in...)
	sortLabels(got)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestAutoFilter(t *testing.T) {
	l := scapyList(t)
	req := func(ps ...*packet.Packet) []srReq {
		out := make([]srReq, len(ps))
		for i, p := range ps {
			out[i].pkt = p
		}
		return out
	}
	s := func(i int) *packet.Packet { return l.Answered[i].Sent }
	v6 := dissectAny(t, mustHex(t, "6000000000083a4020010db8000100000000000000000002ff0200000000000000000000000000018000000000000000"))
	dhcp := dissectAny(t, mustHex(t, "4500001c000100004011000000000000ffffffff0044004300080000"))
	vlan := dissectAny(t, mustHex(t, "ffffffffffff0200000001028100000a0806000108000604000102000000010"+"2c6120102000000000000c6120103"))
	for _, c := range []struct {
		name string
		reqs []srReq
		want string
	}{
		{"one source", req(s(0), s(1), s(2)), "dst host 198.18.1.2"},
		{"arp", req(s(3)), "arp"},
		{"ip and arp", req(s(0), s(3)), "dst host 198.18.1.2 or arp"},
		{"ipv6", req(s(0), v6), "dst host 198.18.1.2 or dst host 2001:db8:1::2"},
		{"no source", req(s(0), dhcp), ""},
		{"vlan", req(vlan), ""},
		{"raw", req(packet.New(&packet.Raw{Load: []byte("x")})), ""},
	} {
		if got := autoFilter(c.reqs); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// ether wraps an IP packet in an Ethernet header (B to A).
func ether(ip []byte) []byte {
	b := make([]byte, 14+len(ip))
	copy(b, []byte{2, 0, 0, 0, 1, 2, 2, 0, 0, 0, 1, 3, 8, 0})
	copy(b[14:], ip)
	return b
}

// testEngine is an engine with the requests reqs already sent, and no
// sockets.
func testEngine(t testing.TB, o SrOptions, l2 bool, reqs ...*packet.Packet) *srEngine {
	e := newSrEngine("sr", o, l2, false)
	e.reqs = make([]srReq, len(reqs))
	for i, p := range reqs {
		e.reqs[i] = srReq{pkt: p, sent: true, sentAt: time.Now()}
	}
	e.pending = len(reqs)
	if e.hashed {
		e.buckets = make(map[uint64][]int32)
		for i := range e.reqs {
			r := &e.reqs[i]
			r.key = MatchKey(r.pkt)
			e.buckets[r.key] = append(e.buckets[r.key], int32(i))
			r.inBucket = true
		}
	}
	return e
}

// synAt returns s1 of scapyPairs from source port sport, and its answer
// r1 to that port, with the checksums left as they are (matching does not
// read them).
func synAt(t testing.TB, sport uint16) (req *packet.Packet, reply []byte) {
	s := mustHex(t, scapyPairs[0][0])
	binary.BigEndian.PutUint16(s[20:], sport)
	r := mustHex(t, scapyPairs[0][1])
	binary.BigEndian.PutUint16(r[22:], sport)
	return dissectAny(t, s), ether(r)
}

func TestHandleMatches(t *testing.T) {
	const n = 2000
	var reqs []*packet.Packet
	var replies [][]byte
	for i := range n {
		q, r := synAt(t, uint16(10000+i))
		reqs = append(reqs, q)
		replies = append(replies, r)
	}
	e := testEngine(t, SrOptions{}, false, reqs...)
	dec := packet.NewDecoder(0)
	info := PacketInfo{Timestamp: time.Now(), InterfaceIndex: 3}
	// Our own request seen again (loopback) answers nothing; neither does
	// a frame flagged outgoing.
	e.handle(dec, ether(mustHex(t, scapyPairs[0][0])), &info, 1)
	out := info
	out.Type = PacketOutgoing
	e.handle(dec, replies[0], &out, 1)
	if len(e.answered) != 0 {
		t.Fatalf("%d answers from our own packets", len(e.answered))
	}
	for i := n - 1; i >= 0; i-- {
		info.Length = len(replies[i])
		e.handle(dec, replies[i], &info, 1)
		e.handle(dec, replies[i], &info, 1) // a duplicate: already answered
	}
	if len(e.answered) != n || e.pending != 0 || len(e.buckets) != 0 {
		t.Fatalf("%d answered, %d pending, %d buckets left", len(e.answered), e.pending, len(e.buckets))
	}
	for k, a := range e.answered {
		i := n - 1 - k
		if a.Sent != reqs[i] {
			t.Fatalf("answer %d paired with the wrong request", k)
		}
		// Layer 3: the answer from its IP layer on, a packet of its own.
		tcp, ok := packet.LayerOf[*layers.TCP](a.Received)
		if _, isIP := a.Received.Layer(0).(*layers.IPv4); !isIP || !ok || tcp.DstPort != uint16(10000+i) || tcp.Flags != 0x12 {
			t.Fatalf("answer %d: %v", k, a.Received)
		}
		if md := a.Received.Metadata; md.LinkType != linkTypeRawIP || md.CaptureLength != 40 || md.Length != 40 || md.InterfaceIndex != 3 {
			t.Fatalf("metadata %+v", md)
		}
	}
	// The reply does not alias the read buffer.
	replies[0][14+12] = 0
	if ip, _ := packet.LayerOf[*layers.IPv4](e.answered[n-1].Received); ip.SrcAddr() != netip.MustParseAddr("198.18.1.3") {
		t.Error("the answer aliases the read buffer")
	}

	// Layer 2 keeps the link layer; Multi keeps every answer.
	q, r := synAt(t, 999)
	e = testEngine(t, SrOptions{Multi: true}, true, q)
	e.handle(dec, r, &info, 1)
	e.handle(dec, r, &info, 1)
	if len(e.answered) != 2 || e.pending != 0 {
		t.Fatalf("multi: %d answers", len(e.answered))
	}
	if _, ok := e.answered[0].Received.Layer(0).(*layers.Ethernet); !ok {
		t.Errorf("layer 2 answer %v", e.answered[0].Received)
	}

	// A custom match function is tried against every request.
	calls := 0
	e = testEngine(t, SrOptions{Match: func(s, r *packet.Packet) bool { calls++; return s == reqs[5] }}, false, reqs[:10]...)
	if e.hashed {
		t.Fatal("custom match hashed")
	}
	e.handle(dec, replies[0], &info, 1)
	if len(e.answered) != 1 || e.answered[0].Sent != reqs[5] || calls != 6 {
		t.Errorf("custom match: %d answers after %d calls", len(e.answered), calls)
	}
	// DefaultMatch given by name is hashed as nil is.
	if e = testEngine(t, SrOptions{Match: DefaultMatch}, false, q); !e.hashed {
		t.Error("DefaultMatch not hashed")
	}
}

// TestHandleAllocs: a frame that answers nothing costs no allocation,
// with many requests waiting.
func TestHandleAllocs(t *testing.T) {
	var reqs []*packet.Packet
	for i := range 1000 {
		q, _ := synAt(t, uint16(10000+i))
		reqs = append(reqs, q)
	}
	e := testEngine(t, SrOptions{}, false, reqs...)
	dec := packet.NewDecoder(0)
	info := PacketInfo{Timestamp: time.Now()}
	_, noise := synAt(t, 9999) // a RST-ACK to a port no request used
	noise[14+33] = 0x14
	own := ether(mustHex(t, scapyPairs[0][0]))
	echo := ether(mustHex(t, scapyPairs[1][1]))
	for _, f := range [][]byte{noise, own, echo} {
		if n := testing.AllocsPerRun(200, func() { e.handle(dec, f, &info, 1) }); n != 0 {
			t.Errorf("%d allocations per frame that answers nothing", int(n))
		}
	}
	if len(e.answered) != 0 {
		t.Errorf("%d answers", len(e.answered))
	}
}

func BenchmarkHandleNoMatch(b *testing.B) {
	var reqs []*packet.Packet
	for i := range 10000 {
		q, _ := synAt(b, uint16(10000+i))
		reqs = append(reqs, q)
	}
	e := testEngine(b, SrOptions{}, false, reqs...)
	dec := packet.NewDecoder(0)
	info := PacketInfo{Timestamp: time.Now()}
	_, noise := synAt(b, 9999)
	b.ReportAllocs()
	for b.Loop() {
		e.handle(dec, noise, &info, 1)
	}
}

// routeIfaceForTest is an interface with A's MAC and two addresses.
func routeIfaceForTest() route.Interface {
	return route.Interface{Name: "a0", MAC: [6]byte{2, 0, 0, 0, 1, 2},
		Addrs: []netip.Prefix{netip.MustParsePrefix("10.9.9.9/8"), netip.MustParsePrefix("198.18.1.2/24")}}
}

func TestFillARP(t *testing.T) {
	l := scapyList(t)
	req := dissectAny(t, mustHex(t, scapyPairs[3][0]))
	a, _ := packet.LayerOf[*layers.ARP](req)
	a.HwSrc = [6]byte{}
	a.PSrc = netip.Addr{}
	ifc := routeIfaceForTest()
	got := fillARP(req, ifc)
	ga, _ := packet.LayerOf[*layers.ARP](got)
	if ga.HwSrc != ifc.MAC || ga.PSrc != netip.MustParseAddr("198.18.1.2") {
		t.Errorf("filled ARP %v", got)
	}
	if a.PSrc.IsValid() {
		t.Error("the request was modified")
	}
	// Nothing to fill: the same packet.
	if s := l.Answered[3].Sent; fillARP(s, ifc) != s {
		t.Error("a complete ARP request was copied")
	}
}
