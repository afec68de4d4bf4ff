package layers

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// dnsFrame is a row of testdata/dns_frames.txt: a frame of
// ../shared/corpus holding a DNS message, where the message is, and what
// tshark dissects from it.
type dnsFrame struct {
	file, n, kind string
	off, len      int
	want          map[string]string // tshark field -> values joined by "|"
	frame         []byte
}

func (f dnsFrame) String() string { return f.file + "#" + f.n }

// msg returns the DNS message (after the TCP length prefix).
func (f dnsFrame) msg() []byte {
	m := f.frame[f.off : f.off+f.len]
	if f.kind == "tcp" {
		m = m[2:]
	}
	return m
}

func loadDNSFrames(t testing.TB) []dnsFrame {
	t.Helper()
	fh, err := os.Open("testdata/dns_frames.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var cols []string
	var out []dnsFrame
	sc := bufio.NewScanner(fh)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if h, ok := strings.CutPrefix(line, "# file\t"); ok {
			cols = strings.Split("file\t"+h, "\t")
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := strings.Split(line, "\t")
		if len(p) != len(cols) {
			t.Fatalf("dns_frames.txt: %d columns, want %d: %.60s", len(p), len(cols), line)
		}
		f := dnsFrame{file: p[0], n: p[1], kind: p[2], want: map[string]string{}}
		f.off, _ = strconv.Atoi(p[3])
		f.len, _ = strconv.Atoi(p[4])
		for i := 5; i < len(p)-1; i++ {
			f.want[cols[i]] = p[i]
		}
		if f.frame, err = hex.DecodeString(p[len(p)-1]); err != nil {
			t.Fatal(err)
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		t.Fatal("no frames in testdata/dns_frames.txt")
	}
	return out
}

// tsharkName is a name as tshark prints it: no final dot, "<Root>".
func tsharkName(n DNSName) string {
	s := n.String()
	if s == "." {
		return "<Root>"
	}
	return strings.TrimSuffix(s, ".")
}

// dnsTsharkFields computes from our decoding the fields dns_frames.txt
// holds from tshark.
func dnsTsharkFields(d *DNS) map[string]string {
	m := map[string][]string{}
	add := func(k, v string) { m[k] = append(m[k], v) }
	add("dns.id", fmt.Sprintf("0x%04x", d.ID))
	var h [DNSHdrLen]byte
	e := dnsEncoder{out: h[:]}
	(&DNS{ID: d.ID, QR: d.QR, Opcode: d.Opcode, AA: d.AA, TC: d.TC, RD: d.RD, RA: d.RA, Z: d.Z, AD: d.AD, CD: d.CD, Rcode: d.Rcode}).encode(&e)
	add("dns.flags", fmt.Sprintf("0x%04x", be16(h[2:])))
	add("dns.count.queries", strconv.Itoa(int(d.QDCount.Value)))
	add("dns.count.answers", strconv.Itoa(int(d.ANCount.Value)))
	add("dns.count.auth_rr", strconv.Itoa(int(d.NSCount.Value)))
	add("dns.count.add_rr", strconv.Itoa(int(d.ARCount.Value)))
	for _, q := range d.Questions {
		add("dns.qry.name", tsharkName(q.Name))
		add("dns.qry.type", strconv.Itoa(int(q.Type)))
	}
	for _, sec := range [][]DNSRR{d.Answers, d.Authorities, d.Additionals} {
		for i := range sec {
			rr := &sec[i]
			switch rr.Type {
			case DNSTypeA:
				a, _ := rr.Addr()
				add("dns.a", a.String())
			case DNSTypeAAAA:
				a, _ := rr.Addr()
				add("dns.aaaa", a.String())
			case DNSTypeCNAME, DNSTypeNS, DNSTypePTR:
				n, _ := rr.Target()
				add(map[uint16]string{DNSTypeCNAME: "dns.cname", DNSTypeNS: "dns.ns", DNSTypePTR: "dns.ptr.domain_name"}[rr.Type], tsharkName(n))
			case DNSTypeMX:
				_, x, _ := rr.MX()
				add("dns.mx.mail_exchange", tsharkName(x))
			case DNSTypeSOA:
				s, _ := rr.SOA()
				add("dns.soa.mname", tsharkName(s.MName))
			case DNSTypeSRV:
				s, _ := rr.SRV()
				add("dns.srv.target", tsharkName(s.Target))
				add("dns.srv.port", strconv.Itoa(int(s.Port)))
			case DNSTypeOPT:
				add("dns.rr.udp_payload_size", strconv.Itoa(int(rr.UDPSize())))
				opts, _ := rr.Options()
				for _, o := range opts {
					add("dns.opt.code", strconv.Itoa(int(o.Code)))
				}
			}
		}
	}
	out := map[string]string{}
	for k, v := range m {
		out[k] = strings.Join(v, "|")
	}
	return out
}

// normTshark makes tshark's numbers comparable ("0x05a0" is 1440).
func normTshark(k, v string) string {
	if k == "dns.rr.udp_payload_size" && v != "" {
		var parts []string
		for _, s := range strings.Split(v, "|") {
			u, err := strconv.ParseUint(s, 0, 64)
			if err != nil {
				return v
			}
			parts = append(parts, strconv.FormatUint(u, 10))
		}
		return strings.Join(parts, "|")
	}
	return v
}

func dnsRoundTrip(t *testing.T, what string, data []byte, first packet.LayerType) *packet.Packet {
	t.Helper()
	p, err := packet.Dissect(data, first)
	if err != nil {
		t.Errorf("%s: dissect: %v (%v)", what, err, p)
		return p
	}
	out, err := p.Build()
	if err != nil {
		t.Errorf("%s: build: %v", what, err)
	} else if !bytes.Equal(out, data) {
		t.Errorf("%s: round trip differs\n got %x\nwant %x", what, out, data)
	}
	return p
}

// TestDNSCorpusFrames dissects every DNS frame of the corpus captures:
// the whole frame from Ethernet re-encodes byte for byte, and the DNS
// message alone decodes to what tshark shows and re-encodes exactly.
func TestDNSCorpusFrames(t *testing.T) {
	frames := loadDNSFrames(t)
	checked := 0
	for _, f := range frames {
		p := dnsRoundTrip(t, f.String()+" frame", f.frame, EthernetType)
		if f.kind == "quoted" {
			continue
		}
		if f.kind != "llmnr" {
			d, ok := packet.LayerOf[*DNS](p)
			if !ok {
				t.Errorf("%s: no DNS layer in %v", f, p)
			} else if d.OverTCP != (f.kind == "tcp") {
				t.Errorf("%s: OverTCP = %v", f, d.OverTCP)
			}
		}
		q := dnsRoundTrip(t, f.String()+" message", f.msg(), DNSType)
		d, ok := packet.LayerOf[*DNS](q)
		if !ok {
			continue
		}
		got := dnsTsharkFields(d)
		for k, want := range f.want {
			if g := got[k]; g != normTshark(k, want) {
				t.Errorf("%s: %s = %q, tshark %q", f, k, g, want)
			}
		}
		checked++
	}
	if checked < 500 {
		t.Errorf("only %d frames checked against tshark", checked)
	}
}

// TestDNSCorpusSpotChecks pins a few frames field by field (values from
// tshark -V).
func TestDNSCorpusSpotChecks(t *testing.T) {
	byName := map[string]dnsFrame{}
	for _, f := range loadDNSFrames(t) {
		byName[f.String()] = f
	}
	get := func(name string) *DNS {
		f, ok := byName[name]
		if !ok {
			t.Fatalf("no frame %s", name)
		}
		p, err := packet.Dissect(f.frame, EthernetType)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		d, ok := packet.LayerOf[*DNS](p)
		if !ok {
			t.Fatalf("%s: no DNS in %v", name, p)
		}
		return d
	}

	// dnsmasq over TCP: MX answer with A, AAAA and OPT additional records
	// (tshark: dns.length 107, dns.mx.preference 10).
	d := get("generated/lab-verify.pcap#573")
	if !d.OverTCP || d.Length.Value != 107 || d.ID != 0x8118 || d.QR != 1 || d.AA != 1 || d.RA != 1 {
		t.Errorf("573 header: %+v", d)
	}
	if len(d.Answers) != 1 || d.Answers[0].Type != DNSTypeMX {
		t.Fatalf("573 answers %v", d.Answers)
	}
	if pref, x, ok := d.Answers[0].MX(); !ok || pref != 10 || x.String() != "b.lab.test." {
		t.Errorf("573 MX = %d %v %v", pref, x, ok)
	}
	if got := d.Summary(); got != "DNS Ans" {
		t.Errorf("573 summary %q", got)
	}

	// SRV with compression, two address records and OPT (tshark:
	// priority 0, weight 10, port 8080).
	d = get("generated/kernel/dns-dhcp.pcap#37")
	s, ok := d.Answers[0].SRV()
	if !ok || s.Priority != 0 || s.Weight != 10 || s.Port != 8080 || s.Target.String() != "www.lab.test." {
		t.Errorf("37 SRV = %+v %v", s, ok)
	}
	if d.Answers[0].Name.String() != "_http._tcp.lab.test." || !d.Answers[0].Name.Compressed() {
		t.Errorf("37 rrname %v compressed=%v", d.Answers[0].Name, d.Answers[0].Name.Compressed())
	}
	opt := d.Additionals[len(d.Additionals)-1]
	if opt.Type != DNSTypeOPT || opt.UDPSize() != 1232 || opt.Version() != 0 || opt.ExtRcode() != 0 {
		t.Errorf("37 OPT = %v", opt)
	}

	// EDNS0 options: client subnet (8) and cookie (10) in one query.
	d = get("tcpdump/edns-opts.pcap#39")
	opts, ok := d.Additionals[0].Options()
	if !ok || len(opts) != 2 || opts[0].Code != 8 || len(opts[0].Data) != 6 || opts[1].Code != 10 || len(opts[1].Data) != 8 {
		t.Errorf("39 options %+v %v", opts, ok)
	}

	// TXT over TCP (tshark: dns.length 756, dns.txt.length 250,250,200).
	d = get("generated/kernel/dns-dhcp.pcap#81")
	txt, ok := d.Answers[0].TXT()
	if !ok || len(txt) != 3 || len(txt[0]) != 250 || len(txt[2]) != 200 || d.Length.Value != 756 {
		t.Errorf("81 TXT: %d strings, ok=%v, length %d", len(txt), ok, d.Length.Value)
	}

	// mDNS answers with the cache-flush bit in the class.
	d = get("pcapplusplus/DnsPackets.pcap#421")
	if d.Answers[0].Class&0x7fff != DNSClassIN || d.Answers[0].Class&0x8000 == 0 {
		t.Errorf("421 class %#x", d.Answers[0].Class)
	}

	// an NXDOMAIN with the SOA in the authority section
	for _, f := range loadDNSFrames(t) {
		if f.want["dns.flags"] == "0x8183" && f.want["dns.soa.mname"] != "" {
			d := get(f.String())
			if d.Rcode != DNSRcodeNXDomain || len(d.Authorities) != 1 {
				t.Errorf("%s: rcode %d, %d authority records", f, d.Rcode, len(d.Authorities))
			}
			if _, ok := d.Authorities[0].SOA(); !ok {
				t.Errorf("%s: SOA does not decode", f)
			}
			break
		}
	}
}

func TestDNSBindings(t *testing.T) {
	for _, c := range []struct {
		lower packet.LayerType
		field string
		port  uint64
	}{{UDPType, "dport", 53}, {UDPType, "sport", 53}, {UDPType, "dport", 5353}, {UDPType, "sport", 5353},
		{TCPType, "dport", 53}, {TCPType, "sport", 53}} {
		if got := packet.NextLayer(c.lower, c.field, c.port); got != DNSType {
			t.Errorf("%v %s %d -> %v", c.lower, c.field, c.port, got)
		}
	}
	if _, ok := packet.BindValue(UDPType, DNSType, "dport"); ok {
		t.Error("dns sets the udp port when building")
	}
	if packet.Lookup("dns") != dnsProto {
		t.Error("lookup dns")
	}
}

// dnsMsg builds a message: header with the given counts, then raw bytes.
func dnsMsg(qd, an, ns, ar uint16, body ...[]byte) []byte {
	b := []byte{0x12, 0x34, 0x81, 0x80, byte(qd >> 8), byte(qd), byte(an >> 8), byte(an), byte(ns >> 8), byte(ns), byte(ar >> 8), byte(ar)}
	for _, x := range body {
		b = append(b, x...)
	}
	return b
}

func TestDNSNameDecoding(t *testing.T) {
	q := func(name ...byte) []byte { return append(name, 0, 1, 0, 1) }
	long := []byte{}
	for range 4 {
		long = append(long, 63)
		long = append(long, bytes.Repeat([]byte{'a'}, 63)...)
	}
	cases := []struct {
		name string
		msg  []byte
		err  error
		want string // first question's name
	}{
		{"plain", dnsMsg(1, 0, 0, 0, q(3, 'w', 'w', 'w', 0)), nil, "www."},
		{"root", dnsMsg(1, 0, 0, 0, q(0)), nil, "."},
		{"pointer to itself", dnsMsg(1, 0, 0, 0, q(0xc0, 12)), packet.ErrMalformed, ""},
		{"forward pointer", dnsMsg(1, 0, 0, 0, q(0xc0, 14, 0)), packet.ErrMalformed, ""},
		{"pointer into own labels", dnsMsg(1, 0, 0, 0, q(1, 'a', 0xc0, 12)), packet.ErrMalformed, ""},
		{"pointer loop", dnsMsg(2, 0, 0, 0, q(1, 'a', 0), q(1, 'b', 0xc0, 19, 0xc0, 21)), packet.ErrMalformed, ""},
		{"cut pointer", dnsMsg(1, 0, 0, 0, []byte{0xc0}), packet.ErrTruncated, ""},
		{"cut label", dnsMsg(1, 0, 0, 0, []byte{5, 'a', 'b'}), packet.ErrTruncated, ""},
		{"no terminator", dnsMsg(1, 0, 0, 0, []byte{1, 'a'}), packet.ErrTruncated, ""},
		{"label type 0x40", dnsMsg(1, 0, 0, 0, q(0x41, 'a', 0)), packet.ErrMalformed, ""},
		{"label type 0x80", dnsMsg(1, 0, 0, 0, q(0x81, 'a', 0)), packet.ErrMalformed, ""},
		{"name of 256 bytes", dnsMsg(1, 0, 0, 0, q(append(append([]byte{}, long...), 0)...)), packet.ErrMalformed, ""},
		{"question cut", dnsMsg(1, 0, 0, 0, []byte{0, 0, 1, 0}), packet.ErrTruncated, ""},
		{"header cut", []byte{1, 2, 3}, packet.ErrTruncated, ""},
		{"rr cut", dnsMsg(0, 1, 0, 0, []byte{0, 0, 1, 0, 1, 0, 0, 0, 1, 0}), packet.ErrTruncated, ""},
		{"rdata cut", dnsMsg(0, 1, 0, 0, []byte{0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 1, 2}), packet.ErrTruncated, ""},
		{"fewer records than counted", dnsMsg(3, 2, 1, 1, q(1, 'a', 0)), nil, "a."},
		{"name reaching past the last record", dnsMsg(2, 0, 0, 0, []byte{1, 0x0c, 0, 0, 1, 0, 1, 0xc0, 13, 0, 1, 0, 1, 0x30, 0}), packet.ErrMalformed, ""},
		{"chain of pointers", dnsMsg(3, 0, 0, 0, q(1, 'a', 0), q(1, 'b', 0xc0, 12), q(1, 'c', 0xc0, 19)), nil, "a."},
	}
	for _, c := range cases {
		d := NewDNS()
		_, err := d.DecodeFromBytes(c.msg, &packet.DecodeContext{})
		if !errors.Is(err, c.err) || (err == nil) != (c.err == nil) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.err)
			continue
		}
		if err == nil {
			if got := d.Questions[0].Name.String(); got != c.want {
				t.Errorf("%s: name %q, want %q", c.name, got, c.want)
			}
			dnsRoundTrip(t, c.name, c.msg, DNSType)
		}
	}
	// a chain: c -> b -> a
	d := NewDNS()
	m := dnsMsg(3, 0, 0, 0, q(1, 'a', 0), q(1, 'b', 0xc0, 12), q(1, 'c', 0xc0, 19))
	if _, err := d.DecodeFromBytes(m, nil); err != nil {
		t.Fatal(err)
	}
	if got := d.Questions[2].Name.String(); got != "c.b.a." {
		t.Errorf("chain: %q", got)
	}
	if d.QDCount.Value != 3 || len(d.Questions) != 3 {
		t.Errorf("chain: %d questions", len(d.Questions))
	}
	// fewer records than counted: the counts are kept
	d = NewDNS()
	if _, err := d.DecodeFromBytes(dnsMsg(3, 2, 1, 1, q(1, 'a', 0)), nil); err != nil {
		t.Fatal(err)
	}
	if d.QDCount.Value != 3 || d.ANCount.Value != 2 || len(d.Questions) != 1 || len(d.Answers) != 0 {
		t.Errorf("short message: counts %v %v, %d questions", d.QDCount, d.ANCount, len(d.Questions))
	}
	// too many jumps: each pointer points at the one before it
	for _, c := range []struct {
		jumps int
		err   error
	}{{dnsMaxJumps, nil}, {dnsMaxJumps + 1, packet.ErrMalformed}, {1000, packet.ErrMalformed}} {
		m := dnsMsg(1, 0, 0, 0, []byte{0})
		prev := DNSHdrLen
		for range c.jumps {
			at := len(m)
			m = append(m, 0xc0|byte(prev>>8), byte(prev))
			prev = at
		}
		if _, _, err := dnsSkipName(m, prev); !errors.Is(err, c.err) || (err == nil) != (c.err == nil) {
			t.Errorf("%d jumps: %v", c.jumps, err)
		}
	}
}

// dnsOddPointers is a message (found by FuzzDNS) whose names point back to
// labels that run over the pointing name itself and the records after it.
var dnsOddPointers, _ = hex.DecodeString("303030300001303030303030033030301030303030303030303030303030303030033030300030303030" +
	"c02130303030303030300020143030303030303030303030303030303030303030013006303030303030c021c0373031303030303030000430" +
	"303030c0233030303030303030000430303030c030303030303030303000263030303030303030303030303030303030303030303030013001" +
	"300030303030303030303030")

func TestDNSOddPointers(t *testing.T) {
	p := dnsRoundTrip(t, "odd pointers", dnsOddPointers, DNSType)
	d := p.Layer(0).(*DNS)
	want := strings.Join(dnsNames(d), " ")
	d.Questions[0].Name = DNSNameOf("x")
	b, err := p.Build()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(dnsNames(decodeDNS(t, b)), " ")
	if _, rest, _ := strings.Cut(want, " "); got != "x. "+rest {
		t.Errorf("after change\n got %s\nwant x. %s", got, rest)
	}
}

func TestDNSParseName(t *testing.T) {
	for _, c := range []struct {
		in, text string
		wire     []byte
	}{
		{"example.com", "example.com.", []byte("\x07example\x03com\x00")},
		{"example.com.", "example.com.", []byte("\x07example\x03com\x00")},
		{".", ".", []byte{0}},
		{"", ".", []byte{0}},
		{strings.Repeat("a", 63) + ".b", strings.Repeat("a", 63) + ".b.", nil},
	} {
		n, err := ParseDNSName(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if n.String() != c.text {
			t.Errorf("%q: text %q", c.in, n.String())
		}
		if c.wire != nil && !bytes.Equal(n.buf, c.wire) {
			t.Errorf("%q: wire %x", c.in, n.buf)
		}
	}
	for _, bad := range []string{"a..b", ".a", strings.Repeat("a", 64), strings.Repeat("abcdefg.", 32)} {
		if _, err := ParseDNSName(bad); !errors.Is(err, fields.ErrBadValue) {
			t.Errorf("%q: err %v", bad, err)
		}
		if DNSNameOf(bad).Err() == nil {
			t.Errorf("%q: DNSNameOf has no error", bad)
		}
	}
	var zero DNSName
	if zero.String() != "." || !zero.IsRoot() || zero.Compressed() {
		t.Errorf("zero name: %q root=%v", zero.String(), zero.IsRoot())
	}
	if !DNSNameOf("Example.COM").Equal(DNSNameOf("example.com.")) || DNSNameOf("a.com").Equal(DNSNameOf("b.com")) {
		t.Error("Equal")
	}
	var labels []string
	for l := range DNSNameOf("www.example.com").Labels() {
		labels = append(labels, string(l))
	}
	if strings.Join(labels, ",") != "www,example,com" {
		t.Errorf("labels %v", labels)
	}
}

// goldenDNS returns a built response with compression: qname, CNAME, A,
// MX and SOA names share suffixes.
func goldenDNS(t *testing.T, compress bool) []byte {
	t.Helper()
	d := NewDNS()
	d.ID, d.QR, d.RA = 7, 1, 1
	d.Questions = []DNSQuestion{NewDNSQuestion("www.example.com", DNSTypeA)}
	d.Answers = []DNSRR{DNSRRCNAME("www.example.com", 300, "web.example.com"), DNSRRA("web.example.com", 60, "192.0.2.7")}
	d.Authorities = []DNSRR{DNSRRSOA("example.com", 60, "ns.example.com", "admin.example.com", 1, 2, 3, 4, 5)}
	d.Additionals = []DNSRR{DNSRRMX("example.com", 60, 5, "mx.example.com"), DNSRRSRV("_x._tcp.example.com", 9, 1, 2, 3, "web.example.com"),
		DNSRRTXT("example.com", 1, "hi"), DNSRROPT(1232, 0, EDNS0Option{Code: 10, Data: []byte("12345678")})}
	d.Compress = compress
	b, err := packet.New(d).Build()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func dnsNames(d *DNS) []string {
	var out []string
	for _, q := range d.Questions {
		out = append(out, q.Name.String())
	}
	for _, sec := range [][]DNSRR{d.Answers, d.Authorities, d.Additionals} {
		for _, rr := range sec {
			out = append(out, rr.Name.String(), fmt.Sprint(rr.Type))
			if s, ok := rr.SOA(); ok {
				out = append(out, s.MName.String(), s.RName.String(), fmt.Sprint(s.Serial, s.Refresh, s.Retry, s.Expire, s.Minimum))
			} else if p, x, ok := rr.MX(); ok {
				out = append(out, fmt.Sprint(p), x.String())
			} else if s, ok := rr.SRV(); ok {
				out = append(out, fmt.Sprint(s.Priority, s.Weight, s.Port), s.Target.String())
			} else {
				out = append(out, rr.rdataText())
			}
		}
	}
	return out
}

// dnsRDataNamesValid reports whether every record whose type holds names
// decodes them: raw rdata keeps its bytes, not their meaning, when the
// message around it changes.
func dnsRDataNamesValid(d *DNS) bool {
	for _, sec := range [][]DNSRR{d.Answers, d.Authorities, d.Additionals} {
		for _, rr := range sec {
			ok := true
			switch {
			case dnsNameType(rr.Type):
				_, ok = rr.Target()
			case rr.Type == DNSTypeMX:
				_, _, ok = rr.MX()
			case rr.Type == DNSTypeSOA:
				_, ok = rr.SOA()
			case rr.Type == DNSTypeSRV:
				_, ok = rr.SRV()
			}
			if !ok {
				return false
			}
		}
	}
	return true
}

func decodeDNS(t *testing.T, b []byte) *DNS {
	t.Helper()
	d := NewDNS()
	n, err := d.DecodeFromBytes(b, nil)
	if err != nil {
		t.Fatalf("decode %x: %v", b, err)
	}
	if n.HeaderLen != len(b) {
		t.Fatalf("decoded %d of %d bytes", n.HeaderLen, len(b))
	}
	return d
}

func TestDNSCompression(t *testing.T) {
	plain, packed := goldenDNS(t, false), goldenDNS(t, true)
	if len(packed) >= len(plain) {
		t.Fatalf("compressed %d bytes, plain %d", len(packed), len(plain))
	}
	dp, dc := decodeDNS(t, plain), decodeDNS(t, packed)
	if a, b := strings.Join(dnsNames(dp), " "), strings.Join(dnsNames(dc), " "); a != b {
		t.Errorf("names differ\nplain %s\npacked %s", a, b)
	}
	if !dc.Answers[0].Name.Compressed() || dp.Answers[0].Name.Compressed() {
		t.Error("compression flags")
	}
	// compressing the decoded plain message gives the compressed bytes
	dp.Compress = true
	again, err := packet.New(dp).Build()
	if err != nil {
		t.Fatal(err)
	}
	// decoded rdlen values followed the compressed rdata
	if !bytes.Equal(again, packed) {
		t.Errorf("re-compressed\n got %x\nwant %x", again, packed)
	}
}

// TestDNSChangedName changes a decoded name that later names point into:
// their pointers no longer hold and they are written whole; decoded
// rdlen values follow.
func TestDNSChangedName(t *testing.T) {
	packed := goldenDNS(t, true)
	d := decodeDNS(t, packed)
	want := dnsNames(d)
	d.Questions[0].Name = DNSNameOf("www.example.com") // same text, fresh wire: still verbatim bytes
	b, err := packet.New(d).Build()
	if err != nil || !bytes.Equal(b, packed) {
		t.Fatalf("same name: err %v\n got %x\nwant %x", err, b, packed)
	}
	d.Questions[0].Name = DNSNameOf("a-much-longer-label.www.example.com")
	want[0] = "a-much-longer-label.www.example.com."
	b, err = packet.New(d).Build()
	if err != nil {
		t.Fatal(err)
	}
	d2 := decodeDNS(t, b)
	if got := dnsNames(d2); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("after change\n got %v\nwant %v", got, want)
	}
	// the same with compression asked again
	d.Compress = true
	b2, err := packet.New(d).Build()
	if err != nil {
		t.Fatal(err)
	}
	if got := dnsNames(decodeDNS(t, b2)); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("recompressed\n got %v\nwant %v", got, want)
	}
	if len(b2) >= len(b) {
		t.Errorf("recompressed %d bytes, expanded %d", len(b2), len(b))
	}
	// a record moved to another message keeps its names
	other := NewDNS()
	other.Questions = nil
	other.Answers = []DNSRR{decodeDNS(t, packed).Answers[0]}
	b3, err := packet.New(other).Build()
	if err != nil {
		t.Fatal(err)
	}
	o := decodeDNS(t, b3)
	if o.Answers[0].Name.String() != "www.example.com." || o.Answers[0].rdataText() != "'web.example.com.'" {
		t.Errorf("moved record: %v", o.Answers[0])
	}
}

func TestDNSOverTCP(t *testing.T) {
	msg := goldenDNS(t, true)
	seg := append([]byte{byte(len(msg) >> 8), byte(len(msg))}, msg...)
	tcp := NewTCP()
	tcp.DstPort = 53
	tcp.DataOffset = fields.Some(uint8(5))
	hdr := make([]byte, TCPMinLen)
	_ = tcp.SerializeTo(hdr, nil)
	frame := append(hdr, seg...)
	frame = append(frame, 0xde, 0xad) // bytes after the message
	p := dnsRoundTrip(t, "tcp", frame, TCPType)
	d, ok := packet.LayerOf[*DNS](p)
	if !ok || !d.OverTCP || d.Length.Value != uint16(len(msg)) {
		t.Fatalf("over tcp: %v", p)
	}
	if v, _ := d.Get("length"); v != uint16(len(msg)) {
		t.Errorf("length = %v", v)
	}
	if !strings.Contains(d.Show(), "length    = ") {
		t.Errorf("show has no length:\n%s", d.Show())
	}
	if l := p.Layer(p.NumLayers() - 1); l.Proto().Name != "Raw" {
		t.Errorf("trailing bytes: %v", p)
	}
	// a length prefix shorter than a header, or past the end: not DNS,
	// so the port guess leaves the bytes Raw without an error
	for _, bad := range [][]byte{{0, 5, 1, 2, 3, 4, 5}, {0, 200, 1, 2}, {0}} {
		f := append(append([]byte(nil), hdr...), bad...)
		q, err := packet.Dissect(f, TCPType)
		if err != nil || q.Layer(q.NumLayers()-1).Proto().Name != "Raw" {
			t.Errorf("%x: %v %v", bad, q, err)
		}
		var d DNS
		if _, err := d.DecodeFromBytes(bad, &packet.DecodeContext{Packet: q}); err == nil && len(bad) > 2 {
			t.Errorf("%x: DNS decoder accepted it", bad)
		}
	}
	// an unset length is the message's
	d.Length.Unset()
	b, err := p.Build()
	if err != nil || !bytes.Equal(b, frame) {
		t.Errorf("unset length: %v", err)
	}
	d.Length = fields.Some(uint16(3))
	b, _ = p.Build()
	if b[TCPMinLen] != 0 || b[TCPMinLen+1] != 3 {
		t.Errorf("set length not kept: %x", b[TCPMinLen:TCPMinLen+2])
	}
}

func TestDNSGetSetShowJSON(t *testing.T) {
	b := goldenDNS(t, true)
	d := decodeDNS(t, b)
	for name, want := range map[string]any{"id": uint16(7), "qr": uint8(1), "rd": uint8(1), "rcode": uint8(0),
		"qdcount": uint16(1), "ancount": uint16(2), "nscount": uint16(1), "arcount": uint16(4)} {
		if v, err := d.Get(name); err != nil || v != want {
			t.Errorf("Get(%s) = %v %v, want %v", name, v, err, want)
		}
	}
	if v, _ := d.Get("length"); v != nil {
		t.Errorf("length over udp = %v", v)
	}
	show := d.Show()
	for _, s := range []string{"###[ DNS ]###", "opcode    = QUERY", "rcode     = ok", "qdcount   = 1",
		"qd        = [<DNSQR  qname='www.example.com.' qtype=A qclass=IN |>]",
		"<DNSRR  rrname='www.example.com.' type=CNAME rclass=IN ttl=300 rdlen=6 rdata='web.example.com.' |>",
		"rdata=192.0.2.7", "<DNSRRSOA  rrname='example.com.' type=SOA", "mname='ns.example.com.' rname='admin.example.com.' serial=1",
		"<DNSRRMX  rrname='example.com.' type=MX rclass=IN ttl=60 rdlen=7 preference=5 exchange='mx.example.com.' |>",
		"<DNSRRSRV ", "port=3 target='web.example.com.'", "rdata=[b'hi']",
		"<DNSRROPT  rrname='.' type=OPT rclass=1232 extrcode=0 version=0 z=0 rdlen=12 rdata=[<EDNS0TLV  optcode=10 optlen=8 optdata='12345678' |>] |>"} {
		if !strings.Contains(show, s) {
			t.Errorf("show lacks %q:\n%s", s, show)
		}
	}
	if strings.Contains(show, "length") {
		t.Errorf("show has length over udp")
	}
	obj := map[string]any{}
	for i := range dnsProto.Fields {
		f := &dnsProto.Fields[i]
		if f.Present(d) {
			obj[f.Name] = f.JSON(d)
		}
	}
	js, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"qd":[{"qclass":1,"qname":"www.example.com.","qtype":1}]`,
		`{"rclass":1,"rdata":"web.example.com.","rdlen":6,"rrname":"www.example.com.","ttl":300,"type":5}`,
		`"rdata":"192.0.2.7"`, `"exchange":"mx.example.com.","preference":5`, `"mname":"ns.example.com."`,
		`"port":3,"priority":1`, `"rdata":["hi"]`, `"rdata":[{"optcode":10,"optdata":"3132333435363738","optlen":8}]`, `"z":0`} {
		if !bytes.Contains(js, []byte(s)) {
			t.Errorf("json lacks %s:\n%s", s, js)
		}
	}
	// Set by Scapy names
	if err := d.Set("rcode", "name-error"); err != nil || d.Rcode != 3 {
		t.Errorf("set rcode: %v", err)
	}
	if err := d.Set("opcode", 16); err == nil {
		t.Error("opcode 16 accepted")
	}
	if err := d.Set("qdcount", nil); err != nil || d.QDCount.Valid {
		t.Errorf("unset qdcount: %v", err)
	}
	if err := d.Set("an", DNSRRA("x.", 1, "192.0.2.9")); err != nil || len(d.Answers) != 1 {
		t.Errorf("set an: %v", err)
	}
	if err := d.Set("qd", []DNSQuestion{NewDNSQuestion("q.example", DNSTypeMX)}); err != nil || d.Questions[0].Type != DNSTypeMX {
		t.Errorf("set qd: %v", err)
	}
	if err := d.Set("ar", "nope"); err == nil {
		t.Error("set ar from a string")
	}
	if got := d.Summary(); got != `DNS Ans "192.0.2.9"` {
		t.Errorf("summary %q", got)
	}
	// defaults are Scapy's
	n := NewDNS()
	if n.RD != 1 || len(n.Questions) != 1 || n.Questions[0].Name.String() != "www.example.com." || n.Summary() != `DNS Qry "www.example.com."` {
		t.Errorf("defaults: %s", n.Show())
	}
}

func TestDNSRecordAccessors(t *testing.T) {
	a := DNSRRA("a.", 1, "192.0.2.1")
	if x, ok := a.Addr(); !ok || x.String() != "192.0.2.1" {
		t.Error("A")
	}
	if _, ok := a.Target(); ok {
		t.Error("A has a target")
	}
	six := DNSRRAAAA("a.", 1, "2001:db8::1")
	if x, ok := six.Addr(); !ok || x.String() != "2001:db8::1" {
		t.Error("AAAA")
	}
	txt := DNSRRTXT("t.", 1, "", strings.Repeat("y", 255), "z")
	if s, ok := txt.TXT(); !ok || len(s) != 2 || len(s[0]) != 255 || string(s[1]) != "z" {
		t.Errorf("TXT %q", s)
	}
	bad := NewDNSRR("b.", DNSTypeTXT, 1, []byte{5, 'a'})
	if _, ok := bad.TXT(); ok {
		t.Error("cut TXT")
	}
	if _, ok := NewDNSRR("b.", DNSTypeSOA, 1, []byte{0, 0, 1}).SOA(); ok {
		t.Error("cut SOA")
	}
	if _, _, ok := NewDNSRR("b.", DNSTypeMX, 1, []byte{0, 1, 0xc0, 0}).MX(); ok {
		t.Error("MX with a pointer outside a message")
	}
	if _, ok := NewDNSRR("b.", DNSTypeOPT, 1, []byte{0, 1, 0, 9}).Options(); ok {
		t.Error("cut option")
	}
	opt := DNSRROPT(4096, DNSEDNS0DO)
	if opt.UDPSize() != 4096 || opt.EDNSFlags() != DNSEDNS0DO || !opt.Name.IsRoot() || len(opt.Data) != 0 {
		t.Errorf("OPT %v", opt)
	}
	// malformed rdata of a name type is kept as it is
	raw := NewDNSRR("c.", DNSTypeCNAME, 1, []byte{3, 'a', 'b'})
	d := NewDNS()
	d.Answers = []DNSRR{raw}
	b, err := packet.New(d).Build()
	if err != nil || !bytes.HasSuffix(b, []byte{0, 3, 3, 'a', 'b'}) {
		t.Errorf("raw cname: %v %x", err, b)
	}
	if err := DNSRRA("x", 1, "nope").Err(); err == nil {
		t.Error("bad A accepted")
	}
}

// FuzzDNS decodes DNS messages and Ethernet frames: no panic, and what
// decodes with a DNS layer re-encodes byte for byte; then the decoded message re-encodes
// with compression and with its first name changed, and decodes back to
// the same names.
func FuzzDNS(f *testing.F) {
	for _, fr := range loadDNSFrames(f) {
		f.Add(fr.frame)
		if fr.kind != "quoted" {
			f.Add(fr.msg())
		}
	}
	f.Add([]byte{0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1})
	f.Add(dnsOddPointers)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, first := range []packet.LayerType{DNSType, EthernetType} {
			p, err := packet.Dissect(data, first)
			_ = p.String()
			_ = p.Show()
			if err != nil {
				continue
			}
			d, ok := packet.LayerOf[*DNS](p)
			if !ok {
				continue // frames without DNS are FuzzDissect's
			}
			out, err := p.Build()
			if err != nil {
				t.Fatalf("build of %v: %v", p, err)
			}
			if !bytes.Equal(out, data) {
				t.Fatalf("round trip of %v\n got %x\nwant %x", p, out, data)
			}
			for i := range dnsProto.Fields {
				_ = dnsProto.Fields[i].JSON(d)
			}
			if d.OverTCP || !dnsRDataNamesValid(d) {
				continue // raw rdata keeps its bytes, not their meaning
			}
			want := strings.Join(dnsNames(d), " ")
			check := func(what string) {
				b, err := packet.New(d).Build()
				if err != nil {
					t.Fatalf("%s: build: %v", what, err)
				}
				e := NewDNS()
				res, err := e.DecodeFromBytes(b, nil)
				if err != nil || res.HeaderLen != len(b) {
					t.Fatalf("%s: decode %x: %v", what, b, err)
				}
				if got := strings.Join(dnsNames(e), " "); got != want {
					t.Fatalf("%s: names\n got %s\nwant %s", what, got, want)
				}
			}
			d.Compress = true
			check("compressed")
			if len(d.Questions) > 0 {
				d.Questions[0].Name = DNSNameOf("x.y")
				want = strings.Join(dnsNames(d), " ")
				d.Compress = false
				check("changed")
			}
		}
	})
}

// TestDNSCorpusNoAllocs decodes the corpus frames with a warm decoder and
// re-encodes them into a buffer: neither allocates.
func TestDNSCorpusNoAllocs(t *testing.T) {
	dec := packet.NewDecoder(EthernetType)
	buf := make([]byte, 2048)
	for _, f := range loadDNSFrames(t) {
		if f.kind == "quoted" || f.kind == "llmnr" {
			continue
		}
		if _, err := dec.Decode(f.frame); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if n := testing.AllocsPerRun(20, func() {
			p, _ := dec.Decode(f.frame)
			if _, err := p.BuildInto(buf); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("%s: %v allocations", f, n)
		}
	}
}
