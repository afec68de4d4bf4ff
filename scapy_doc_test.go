package goscapy_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/am"
	"github.com/goscapy/goscapy/bpf"
	"github.com/goscapy/goscapy/defrag"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
	"github.com/goscapy/goscapy/sendrecv"
	"github.com/goscapy/goscapy/shell"
	"github.com/goscapy/goscapy/sniff"
	"github.com/goscapy/goscapy/stream"
	"github.com/goscapy/goscapy/tools/arping"
	"github.com/goscapy/goscapy/tools/traceroute"
)

// The tests of docs/scapy-to-goscapy.md. Every ```go block of the page is
// copied verbatim into a test function below (TestScapyDocBlocksInTest
// checks it), and what it builds is compared with the bytes Scapy built
// for the same expression (testdata/scapy/doc.tsv, made by
// /usr/bin/python3 testdata/scapy/gen.py testdata/scapy/doc.in).

const scapyDocPage = "docs/scapy-to-goscapy.md"

type scapyDocRow struct {
	name, expr string
	want       []byte
}

// scapyDocRows reads testdata/scapy/doc.tsv, in file order.
func scapyDocRows(t *testing.T) []scapyDocRow {
	t.Helper()
	f, err := os.Open("testdata/scapy/doc.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []scapyDocRow
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) != 3 {
			t.Fatalf("doc.tsv: bad line %q", line)
		}
		b, err := hex.DecodeString(parts[2])
		if err != nil {
			t.Fatalf("doc.tsv: %s: %v", parts[0], err)
		}
		rows = append(rows, scapyDocRow{parts[0], parts[1], b})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("doc.tsv holds no rows")
	}
	return rows
}

// scapyDoc returns the bytes Scapy built for a row of doc.tsv.
func scapyDoc(t *testing.T, name string) []byte {
	t.Helper()
	for _, r := range scapyDocRows(t) {
		if r.name == name {
			return r.want
		}
	}
	t.Fatalf("doc.tsv has no row %s (run /usr/bin/python3 testdata/scapy/gen.py testdata/scapy/doc.in)", name)
	return nil
}

// scapyDocSame fails when a snippet's result differs from Scapy's bytes.
func scapyDocSame(t *testing.T, name string, got []byte, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	if want := scapyDoc(t, name); !bytes.Equal(got, want) {
		t.Errorf("%s: not Scapy's bytes\n got %x\nwant %x", name, got, want)
	}
}

// docPrinter stands in for package fmt inside the snippets that print, so
// the test can read what they print.
type docPrinter struct{ w io.Writer }

func (p docPrinter) Println(a ...any)               { fmt.Fprintln(p.w, a...) }
func (p docPrinter) Print(a ...any)                 { fmt.Fprint(p.w, a...) }
func (p docPrinter) Printf(format string, a ...any) { fmt.Fprintf(p.w, format, a...) }

// TestScapyDocExpressions: every Scapy expression of the page (doc.in)
// parses with goscapy.Parse into one packet with Scapy's bytes.
func TestScapyDocExpressions(t *testing.T) {
	for _, r := range scapyDocRows(t) {
		t.Run(r.name, func(t *testing.T) {
			tpl, err := goscapy.Parse(r.expr)
			if err != nil {
				t.Fatalf("%s: %v", r.expr, err)
			}
			if n := tpl.Count(); n != 1 {
				t.Fatalf("%s: %d packets", r.expr, n)
			}
			p, err := tpl.First()
			if err != nil {
				t.Fatal(err)
			}
			got, err := p.Build()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, r.want) {
				t.Errorf("%s\n got %x\nwant %x", r.expr, got, r.want)
			}
		})
	}
}

// TestScapyDocBuilding runs the Go blocks of the page's "Building packets".
func TestScapyDocBuilding(t *testing.T) {
	t.Run("stack", func(t *testing.T) {
		frame, err := goscapy.NewEthernet().SrcMAC("aa:bb:cc:dd:ee:ff").DstMAC("ff:ff:ff:ff:ff:ff").
			Over(goscapy.NewIP().SrcIP("192.168.1.1").DstIP("10.0.0.1")).
			Over(goscapy.NewTCP().SrcPort(12345).DstPort(80).Flags(layers.TCPSyn)).
			Build()
		scapyDocSame(t, "doc_stack", frame, err)
	})
	t.Run("parse", func(t *testing.T) {
		var got []byte
		err := func() error {
			t, err := goscapy.Parse(`Ether(src="aa:bb:cc:dd:ee:ff", dst="ff:ff:ff:ff:ff:ff")/IP(src="192.168.1.1", dst="10.0.0.1")/TCP(sport=12345, dport=80, flags="S")`)
			if err != nil {
				return err
			}
			p, err := t.First()
			if err != nil {
				return err
			}
			frame, err := p.Build()
			got = frame
			return err
		}()
		scapyDocSame(t, "doc_stack", got, err)
	})
	t.Run("defaults", func(t *testing.T) {
		tcpDefaults, err := goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").Over(goscapy.NewTCP()).Build()
		udpDefaults, err := goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").Over(goscapy.NewUDP()).Build()
		icmpDefaults, err := goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").Over(goscapy.NewICMP()).Build()
		// A failed build leaves its bytes nil, which differ from Scapy's.
		scapyDocSame(t, "doc_defaults_tcp", tcpDefaults, nil)
		scapyDocSame(t, "doc_defaults_udp", udpDefaults, nil)
		scapyDocSame(t, "doc_defaults_icmp", icmpDefaults, err)
	})
	t.Run("fields", func(t *testing.T) {
		p := goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").TTL(3).ID(7).Flags(layers.IPv4DontFragment).
			Over(goscapy.NewTCP().SrcPort(1025).DstPort(443).Seq(1000).Ack(1).Flags(layers.TCPPsh | layers.TCPAck).Window(512)).
			Packet()
		b, err := p.Build()
		scapyDocSame(t, "doc_fields", b, err)
	})
	t.Run("payload", func(t *testing.T) {
		hello, err := goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").
			Over(goscapy.NewUDP().SrcPort(1234).DstPort(9999)).
			Over(goscapy.NewRaw("hello")).
			Build()
		get, err := goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").
			Over(goscapy.NewTCP().SrcPort(1025).DstPort(80).Flags(layers.TCPPsh | layers.TCPAck)).
			Over(goscapy.NewRaw([]byte("GET / HTTP/1.0\r\n\r\n"))).
			Build()
		scapyDocSame(t, "doc_payload", hello, nil)
		scapyDocSame(t, "doc_payload_raw", get, err)
	})
	t.Run("options_chksum", func(t *testing.T) {
		syn, err := goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").
			Over(goscapy.NewTCP().SrcPort(1025).DstPort(80).Flags(layers.TCPSyn).
				Options(layers.TCPOptionMSS(1460), layers.TCPOptionNOP(), layers.TCPOptionWScale(7), layers.TCPOptionSAckOK())).
			Build()
		bad, err := goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").Chksum(0x1234).
			Over(goscapy.NewUDP().SrcPort(1).DstPort(2).Chksum(0)).
			Build()
		scapyDocSame(t, "doc_tcp_options", syn, nil)
		scapyDocSame(t, "doc_keep_chksum", bad, err)
	})
	t.Run("arp_dot1q_ipv6", func(t *testing.T) {
		arp, err := goscapy.EtherARP("02:00:00:00:00:01", "ff:ff:ff:ff:ff:ff", "192.168.1.1", "192.168.1.2", layers.ARPWhoHas)
		tagged, err := goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02").
			Over(goscapy.NewDot1Q().VLAN(42)).
			Over(goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
			Over(goscapy.NewICMP().ID(1).Seq(1)).
			Build()
		echo6, err := goscapy.NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2").
			Over(goscapy.NewICMPv6().Type(layers.ICMPv6EchoRequest).ID(1).Seq(2)).
			Build()
		scapyDocSame(t, "doc_arp", arp, nil)
		scapyDocSame(t, "doc_dot1q", tagged, nil)
		scapyDocSame(t, "doc_ipv6", echo6, err)
	})
	t.Run("dns", func(t *testing.T) {
		query, err := goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.53").
			Over(goscapy.NewUDP().SrcPort(33333).DstPort(53)).
			Over(goscapy.NewDNS().ID(0x1234).Question("www.example.com", layers.DNSTypeA)).
			Build()
		answer := func() *goscapy.DNSBuilder {
			return goscapy.NewDNS().ID(0x1234).QR(true).
				Question("a.example", layers.DNSTypeA).
				Answer(layers.DNSRRA("a.example", 60, "192.0.2.80"))
		}
		whole, err := goscapy.NewIP().SrcIP("10.0.0.53").DstIP("10.0.0.1").
			Over(goscapy.NewUDP().SrcPort(53).DstPort(33333)).
			Over(answer()).
			Build()
		compressed, err := goscapy.NewIP().SrcIP("10.0.0.53").DstIP("10.0.0.1").
			Over(goscapy.NewUDP().SrcPort(53).DstPort(33333)).
			Over(answer().Compress()).
			Build()
		scapyDocSame(t, "doc_dns_query", query, nil)
		scapyDocSame(t, "doc_dns_answer", whole, nil)
		scapyDocSame(t, "doc_dns_compress", compressed, err)
	})
	t.Run("vxlan", func(t *testing.T) {
		vx, err := goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").
			Over(goscapy.NewUDP().SrcPort(4789).DstPort(4789)). // Scapy fills these from VXLAN; the Go builders do not
			Over(goscapy.NewVXLAN().VNI(42)).
			Over(goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02")).
			Over(goscapy.NewIP().SrcIP("192.168.0.1").DstIP("192.168.0.2")).
			Over(goscapy.NewICMP()).
			Build()
		scapyDocSame(t, "doc_vxlan", vx, err)
	})
	t.Run("udp_ports_from_above", func(t *testing.T) {
		// In an expression, VXLAN sets the UDP ports as Scapy's class
		// does (its overload_fields): the same bytes as doc_vxlan's,
		// where the builders were given the ports.
		p, err := goscapy.Parse(`IP(src="10.0.0.1", dst="10.0.0.2")/UDP()/VXLAN(vni=42)/Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/IP(src="192.168.0.1", dst="192.168.0.2")/ICMP()`)
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.Packet().Build()
		scapyDocSame(t, "doc_vxlan", got, err)
	})
	t.Run("sets", func(t *testing.T) {
		var got [][]byte
		err := func() error {
			t, err := goscapy.Parse(`IP(src="10.0.0.9", dst="10.0.0.0/31", ttl=(1,2))/TCP(dport=[22,80])`)
			if err != nil {
				return err
			}
			var frames [][]byte
			for _, p := range t.All() { // t.Count() is 8
				b, err := p.Build()
				if err != nil {
					return err
				}
				frames = append(frames, b)
			}
			got = frames
			return nil
		}()
		if err != nil {
			t.Fatal(err)
		}
		var want [][]byte
		for _, r := range scapyDocRows(t) {
			if strings.HasPrefix(r.name, "doc_set_") {
				want = append(want, r.want)
			}
		}
		if len(want) != 8 || len(got) != len(want) {
			t.Fatalf("%d packets, Scapy's iteration gives %d (8 expected)", len(got), len(want))
		}
		for i := range want {
			if !bytes.Equal(got[i], want[i]) {
				t.Errorf("packet %d, not Scapy's (doc_set_%d)\n got %x\nwant %x", i, i, got[i], want[i])
			}
		}
	})
	t.Run("random", func(t *testing.T) {
		var first *packet.Packet
		err := func() error {
			t, err := goscapy.Parse(`IP(src="10.0.0.1", dst="10.0.0.2")/UDP(sport=RandShort(), dport=53)/fuzz(DNS())`)
			if err != nil {
				return err
			}
			t.Seed(42) // the same draws on every run; without it every expansion differs
			p, err := t.First()
			first = p
			return err
		}()
		if err != nil {
			t.Fatal(err)
		}
		a, err := first.Build()
		if err != nil {
			t.Fatal(err)
		}
		// The same seed draws the same packet; other seeds other ones; the
		// fields the expression sets keep their values.
		tp, err := goscapy.Parse(`IP(src="10.0.0.1", dst="10.0.0.2")/UDP(sport=RandShort(), dport=53)/fuzz(DNS())`)
		if err != nil {
			t.Fatal(err)
		}
		if !tp.Volatile() || tp.Count() != 1 {
			t.Errorf("Volatile %v, Count %d: random values neither volatile nor counted once", tp.Volatile(), tp.Count())
		}
		p, err := tp.Seed(42).First()
		if err != nil {
			t.Fatal(err)
		}
		b, err := p.Build()
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("Seed(42) twice: %v\n%x\n%x", err, a, b)
		}
		differ := false
		for seed := int64(1); seed <= 4 && !differ; seed++ {
			q, err := tp.Seed(seed).First()
			if err != nil {
				t.Fatal(err)
			}
			c, err := q.Build()
			if err != nil {
				t.Fatal(err)
			}
			differ = !bytes.Equal(a, c)
		}
		if !differ {
			t.Error("other seeds draw the same packet")
		}
		dec, err := goscapy.DissectAs(a, layers.IPv4Type)
		if err != nil && dec == nil {
			t.Fatal(err)
		}
		if dport, _ := dec.GetLayer("UDP").Get("dport"); dport != uint16(53) {
			t.Errorf("dport %v, set to 53 in the expression", dport)
		}
		if src, _ := dec.GetLayer("IP").Get("src"); src != netip.MustParseAddr("10.0.0.1") {
			t.Errorf("src %v, set to 10.0.0.1 in the expression", src)
		}
	})
}

// scapyDocShow is what Scapy 2.5.0 prints for doc_stack's bytes:
// Ether(bytes.fromhex(HEX)).show() and hexdump(...), HEX from doc.tsv.
const scapyDocShow = `###[ Ethernet ]###
  dst       = ff:ff:ff:ff:ff:ff
  src       = aa:bb:cc:dd:ee:ff
  type      = IPv4
###[ IP ]###
     version   = 4
     ihl       = 5
     tos       = 0x0
     len       = 40
     id        = 1
     flags     = 
     frag      = 0
     ttl       = 64
     proto     = tcp
     chksum    = 0xaf25
     src       = 192.168.1.1
     dst       = 10.0.0.1
###[ TCP ]###
        sport     = 12345
        dport     = http
        seq       = 0
        ack       = 0
        dataofs   = 5
        reserved  = 0
        flags     = S
        window    = 8192
        chksum    = 0x93af
        urgptr    = 0
`

const scapyDocHexdump = `0000  FF FF FF FF FF FF AA BB CC DD EE FF 08 00 45 00  ..............E.
0010  00 28 00 01 00 00 40 06 AF 25 C0 A8 01 01 0A 00  .(....@..%......
0020  00 01 30 39 00 50 00 00 00 00 00 00 00 00 50 02  ..09.P........P.
0030  20 00 93 AF 00 00                                 .....
`

// withoutOptions drops the options lines (Scapy writes an empty list as
// an empty string or \options\, goscapy as []) and trailing blanks.
func withoutOptions(s string) string {
	var b strings.Builder
	for line := range strings.Lines(s) {
		line = strings.TrimRight(line, " \n")
		if strings.Contains(line, "options") || line == "" {
			continue
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// TestScapyDocInspecting runs the Go blocks of "Inspecting".
func TestScapyDocInspecting(t *testing.T) {
	frame := scapyDoc(t, "doc_stack")
	var out strings.Builder
	var rebuilt []byte
	err := func() error {
		fmt := docPrinter{&out}
		p, err := goscapy.Dissect(frame)
		if err != nil {
			return err
		}
		fmt.Println(p)         // Ethernet / IP / TCP 192.168.1.1:12345 > 10.0.0.1:80 S
		fmt.Print(p.Show())    // Scapy's show() tree
		fmt.Print(p.HexDump()) // Scapy's hexdump()
		if p.HasLayer("TCP") {
			dport, _ := p.GetLayer("TCP").Get("dport") // Scapy's p[TCP].dport: uint16(80)
			fmt.Println(dport)
		}
		if tcp, ok := packet.LayerOf[*layers.TCP](p); ok {
			fmt.Println(tcp.DstPort) // typed, no name lookup
		}
		ip := p.GetLayer("IP")
		if err := ip.Set("ttl", 3); err != nil { // p[IP].ttl = 3
			return err
		}
		if err := ip.Set("chksum", nil); err != nil { // del p[IP].chksum: computed again
			return err
		}
		again, err := p.Build()
		rebuilt = again
		return err
	}()
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	summary, rest, _ := strings.Cut(got, "\n")
	if summary != "Ethernet / IP / TCP 192.168.1.1:12345 > 10.0.0.1:80 S" {
		t.Errorf("summary %q, the page says Ethernet / IP / TCP 192.168.1.1:12345 > 10.0.0.1:80 S", summary)
	}
	show, rest, ok := strings.Cut(rest, "0000  ")
	if !ok {
		t.Fatalf("no hexdump in %q", got)
	}
	if a, b := withoutOptions(show), withoutOptions(scapyDocShow); a != b {
		t.Errorf("Show differs from Scapy's show()\n got:\n%s\nwant:\n%s", a, b)
	}
	if !strings.HasPrefix("0000  "+rest, scapyDocHexdump) {
		t.Errorf("HexDump differs from Scapy's hexdump()\n got:\n%s\nwant:\n%s", "0000  "+rest, scapyDocHexdump)
	}
	if tail := strings.TrimPrefix("0000  "+rest, scapyDocHexdump); tail != "80\n80\n" {
		t.Errorf("p[TCP].dport and LayerOf printed %q, want 80 twice", tail)
	}

	// p[IP].ttl = 3 then a new build: the bytes are those of doc_stack
	// with the TTL and the IP checksum changed (RFC 1624: the checksum
	// grows by the decrease of the ttl/proto word).
	b := rebuilt
	want := bytes.Clone(frame)
	want[14+8] = 3
	sum := uint32(want[14+10])<<8 | uint32(want[14+11])
	sum += (64 - 3) << 8
	sum = (sum & 0xffff) + sum>>16
	want[14+10], want[14+11] = byte(sum>>8), byte(sum)
	if !bytes.Equal(b, want) {
		t.Errorf("ttl=3\n got %x\nwant %x", b, want)
	}

	// ls(UDP)
	out.Reset()
	{
		fmt := docPrinter{&out}
		for _, f := range packet.Lookup("UDP").Fields {
			fmt.Printf("%-10s default %v, computed when unset: %v\n", f.Name, f.Default, f.Auto)
		}
	}
	// Scapy's ls(UDP): sport 53, dport 53, len None, chksum None.
	for _, w := range []string{"sport      default 53, computed when unset: false", "dport      default 53, computed when unset: false",
		"len        default <nil>, computed when unset: true", "chksum     default <nil>, computed when unset: true"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("ls(UDP) lacks %q:\n%s", w, out.String())
		}
	}
}

// TestScapyDocDissecting runs the Go block of "Dissecting".
func TestScapyDocDissecting(t *testing.T) {
	frame := scapyDoc(t, "doc_stack")
	b := scapyDoc(t, "doc_defaults_tcp")
	var pkts []*packet.Packet
	var first []byte
	err := func() error {
		p, err := goscapy.Dissect(frame) // Ether(frame)
		if err != nil {
			return err
		}
		ip, err := goscapy.DissectAs(b, layers.IPv4Type) // IP(b)
		if err != nil {
			return err
		}
		dec := goscapy.NewDecoder() // reused for every packet
		q, err := dec.Decode(frame) // q is valid until the next Decode
		pkts = append(pkts, p, ip)
		if q != nil {
			first, _ = q.Build()
		}
		return err
	}()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		summary string
		raw     []byte
	}{
		{"Ethernet / IP / TCP 192.168.1.1:12345 > 10.0.0.1:80 S", frame},
		{"IP / TCP 10.0.0.1:20 > 10.0.0.2:80 S", b},
	}
	for i, p := range pkts {
		if p.Summary() != want[i].summary {
			t.Errorf("packet %d: %q, want %q", i, p.Summary(), want[i].summary)
		}
		if again, err := p.Build(); err != nil || !bytes.Equal(again, want[i].raw) {
			t.Errorf("packet %d re-encodes to %x (%v), want %x", i, again, err, want[i].raw)
		}
	}
	if !bytes.Equal(first, frame) {
		t.Errorf("Decoder: %x, want %x", first, frame)
	}
	ip, _ := packet.LayerOf[*layers.IPv4](pkts[1])
	if ip == nil || ip.TTL != 64 || ip.Src != netip.MustParseAddr("10.0.0.1") {
		t.Errorf("IP(b): %+v", ip)
	}
}

// TestScapyDocBind runs the bind_layers block in a child process, so that
// the binding it adds to the registry does not reach the other tests.
func TestScapyDocBind(t *testing.T) {
	b := scapyDoc(t, "doc_bind")
	if os.Getenv("GOSCAPY_SCAPY_DOC_BIND") != "1" {
		// Without the binding, UDP port 4000 is no VXLAN.
		q, _ := goscapy.DissectAs(b, layers.IPv4Type)
		if q != nil && q.HasLayer("VXLAN") {
			t.Fatalf("UDP 4000 dissects as VXLAN before Bind (%v): the test would prove nothing", q)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestScapyDocBind$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "GOSCAPY_SCAPY_DOC_BIND=1")
		out, err := cmd.CombinedOutput()
		if err == nil && !bytes.Contains(out, []byte("--- PASS: TestScapyDocBind")) {
			err = errors.New("the child ran no test")
		}
		if err != nil {
			t.Fatalf("child: %v\n%s", err, out)
		}
		return
	}
	packet.Bind(packet.BindingRule{Lower: layers.UDPType, Upper: layers.VXLANType, Field: "dport", Value: 4000})
	p, err := goscapy.DissectAs(b, layers.IPv4Type) // IP / UDP / VXLAN / Ethernet / IP / ICMP ...
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Summary(), "IP / UDP / VXLAN / Ethernet / IP / ICMP 192.168.0.1 > 192.168.0.2 echo-request 0"; got != want {
		t.Errorf("after Bind: %q, want %q", got, want)
	}
	if vni, _ := p.GetLayer("VXLAN").Get("vni"); fmt.Sprint(vni) != "7" {
		t.Errorf("vni %v, Scapy built 7", vni)
	}
	if again, err := p.Build(); err != nil || !bytes.Equal(again, b) {
		t.Errorf("re-encoded %x (%v), want %x", again, err, b)
	}
}

// TestScapyDocPcap runs the pcap blocks in a temporary directory: write the
// page's frames, read them back with pcap.Open and with sniff offline.
func TestScapyDocPcap(t *testing.T) {
	frames := [][]byte{scapyDoc(t, "doc_stack"), scapyDoc(t, "doc_arp"), scapyDoc(t, "doc_dot1q")}
	t.Chdir(t.TempDir())
	ctx := context.Background()
	err := func() error {
		f, err := os.Create("capture.pcap")
		if err != nil {
			return err
		}
		defer f.Close()
		w, err := pcap.NewWriter(f, pcap.LinkTypeEthernet) // wrpcap("capture.pcap", frames)
		if err != nil {
			return err
		}
		for _, frame := range frames {
			ci := pcap.CaptureInfo{Timestamp: time.Now(), CaptureLength: len(frame), Length: len(frame), LinkType: pcap.LinkTypeEthernet}
			if err := w.WritePacket(ci, frame); err != nil {
				return err
			}
		}
		if err := w.Flush(); err != nil {
			return err
		}
		return nil
	}()
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	var read []*packet.Packet
	err = func() error {
		fmt := docPrinter{&out}
		r, err := pcap.Open("capture.pcap") // PcapReader: pcap or pcapng, gzip too
		if err != nil {
			return err
		}
		defer r.Close()
		for data, ci := range r.All() {
			first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
			p, err := goscapy.DissectAs(data, first)
			if err != nil {
				fmt.Println("malformed:", err) // the layers decoded are still in p
			}
			fmt.Println(ci.Timestamp, p.Summary())
		}
		if err := r.Err(); err != nil {
			return err
		}
		pkts, err := sniff.SniffPackets(ctx, sniff.SniffConfig{Offline: "capture.pcap"}) // rdpcap("capture.pcap")
		read = pkts
		return err
	}()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "malformed") || strings.Count(out.String(), "\n") != len(frames) {
		t.Errorf("PcapReader loop printed:\n%s", out.String())
	}
	if len(read) != len(frames) {
		t.Fatalf("SniffPackets read %d packets, wrote %d", len(read), len(frames))
	}
	for i, p := range read {
		if !bytes.Equal(p.Data(), frames[i]) {
			t.Errorf("packet %d: %x, wrote %x", i, p.Data(), frames[i])
		}
		if want, _ := goscapy.Dissect(frames[i]); p.Summary() != want.Summary() {
			t.Errorf("packet %d: %q, want %q", i, p.Summary(), want.Summary())
		}
	}
	// tcpdump reads the file as a pcap with the three frames.
	if _, err := exec.LookPath("tcpdump"); err == nil {
		cmd := exec.Command("tcpdump", "-nn", "-r", "capture.pcap")
		o, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("tcpdump: %v\n%s", err, o)
		}
		if n := strings.Count(string(o), "\n") - strings.Count(string(o), "reading from file"); n != len(frames) {
			t.Errorf("tcpdump read %d packets:\n%s", n, o)
		}
	}
}

// TestScapyDocShell runs the lines of the page's shell session in a
// sandboxed shell: those that need the network or files must be refused
// (not fail otherwise), the others must run.
func TestScapyDocShell(t *testing.T) {
	page, err := os.ReadFile(scapyDocPage)
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(page), "## The shell")
	if !ok {
		t.Fatal("the page has no shell section")
	}
	_, block, ok := strings.Cut(sec, "```text\n")
	if !ok {
		t.Fatal("the shell section has no session")
	}
	block, _, _ = strings.Cut(block, "```")
	var out bytes.Buffer
	sh := shell.New(&out, &out)
	sh.Sandbox = true
	refused := map[string]bool{}
	assigned := regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*(?:\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*)\s*=[^=]`)
	lines := 0
	for line := range strings.Lines(block) {
		stmt, ok := strings.CutPrefix(strings.TrimRight(line, "\n"), ">>> ")
		if !ok {
			continue
		}
		lines++
		err := sh.Exec(context.Background(), stmt)
		switch {
		case err == nil:
		case errors.Is(err, shell.ErrDisabled):
			if m := assigned.FindStringSubmatch(stmt); m != nil {
				for _, n := range strings.Split(m[1], ",") {
					refused[strings.TrimSpace(n)] = true
				}
			}
		case errors.Is(err, shell.ErrName) && refusedName(err, refused):
			// uses what a refused statement would have made
		default:
			t.Errorf(">>> %s\n%v", stmt, err)
		}
	}
	if lines < 10 {
		t.Fatalf("only %d shell lines found", lines)
	}
	// p[IP].ttl = 3 took effect, and p[TCP].dport printed 80.
	if err := sh.Exec(context.Background(), "p[IP].ttl"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "\n80\n") || !strings.HasSuffix(out.String(), "3\n") {
		t.Errorf("shell output:\n%s", out.String())
	}
}

// refusedName reports an error about an undefined name that a refused
// statement would have assigned.
func refusedName(err error, refused map[string]bool) bool {
	m := regexp.MustCompile(`name "([A-Za-z_][A-Za-z0-9_]*)"`).FindStringSubmatch(err.Error())
	return m != nil && refused[m[1]]
}

// TestScapyDocTypes compiles the forms the page's tables name.
func TestScapyDocTypes(t *testing.T) {
	cfg := sniff.SniffConfig{Session: stream.NewSession(stream.SessionConfig{Defrag: defrag.New(defrag.Config{}), NoStreams: true})}
	if cfg.Session == nil {
		t.Fatal("no session")
	}
	if _, err := defrag.Fragment(goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").Over(goscapy.NewRaw(make([]byte, 64))).Packet(), 48); err != nil {
		t.Fatal(err)
	}
	if packet.Lookup("Ether") == nil || packet.Lookup("IPv4") == nil || len(packet.Protocols()) == 0 {
		t.Fatal("aliases of the page are not registered")
	}
	if _, err := bpf.Compile("tcp port 80", bpf.LinkTypeEthernet, 0); err != nil {
		t.Fatal(err)
	}
	// Inspecting: aliases in any case, typed Get values, %+v, JSON, Set by
	// name with Scapy's text and with integers.
	p, err := goscapy.Dissect(scapyDoc(t, "doc_stack"))
	if err != nil {
		t.Fatal(err)
	}
	if p.GetLayer("Ether") == nil || p.GetLayer("ipv4") == nil || p.GetLayer("UDP") != nil || p.HasLayer("ARP") {
		t.Error("GetLayer/HasLayer by alias, in any case, nil when absent")
	}
	if src, _ := p.GetLayer("IP").Get("src"); src != netip.MustParseAddr("192.168.1.1") {
		t.Errorf("IP src %T %v", src, src)
	}
	if src, _ := p.GetLayer("Ether").Get("src"); src != goscapy.MAC(fields.MustParseMAC("aa:bb:cc:dd:ee:ff")) {
		t.Errorf("Ether src %T %v", src, src)
	}
	if fmt.Sprintf("%+v", p) != p.Show() || p.String() != p.Summary() || p.Len() != 54 || p.NumLayers() != 3 {
		t.Errorf("Sprintf(%q), String, Len or NumLayers differ from the page", "%+v")
	}
	if j, err := json.Marshal(p); err != nil || !bytes.Contains(j, []byte(`"dport":80`)) {
		t.Errorf("json.Marshal: %s %v", j, err)
	}
	tos, err := goscapy.NewIP().Set("tos", 0xb8).SrcIP("1.2.3.4").DstIP("5.6.7.8").Build()
	if err != nil || tos[1] != 0xb8 {
		t.Errorf("Set(\"tos\", 0xb8): %x %v", tos, err)
	}
	if err := p.GetLayer("TCP").Set("flags", "SA"); err != nil {
		t.Fatal(err)
	}
	if f, _ := p.GetLayer("TCP").Get("flags"); f != uint8(layers.TCPSyn|layers.TCPAck) {
		t.Errorf("flags %v after Set(\"flags\", \"SA\")", f)
	}
	var _ sendrecv.SrOptions = sendrecv.SrOptions{Retry: 2, Inter: time.Millisecond, Multi: true, Filter: "icmp"}
	var _ sendrecv.MatchFunc = sendrecv.DefaultMatch
}

// scapyDocSending holds the blocks of the page that send, capture or
// answer on a live network: compiled, never run by the tests.
func scapyDocSending(ctx context.Context) error {
	if err := func() error {
		p := goscapy.NewIP().DstIP("198.18.1.3").Over(goscapy.NewICMP()).Packet()
		if err := sendrecv.Send(p, "eth0"); err != nil { // send(p, iface="eth0")
			return err
		}
		frame := goscapy.NewEthernet().DstMAC("ff:ff:ff:ff:ff:ff").
			Over(goscapy.NewARP().Op(layers.ARPWhoHas).DstIP("198.18.1.3")).Packet()
		err := sendrecv.Sendp(frame, "eth0", sendrecv.Count(10), sendrecv.Inter(100*time.Millisecond)) // sendp(frame, count=10, inter=0.1)
		if err != nil {
			return err
		}
		sent, reply, err := sendrecv.Sr1(p, "eth0", 2*time.Second, nil) // sr1(p, timeout=2)
		if errors.Is(err, sendrecv.ErrNoReply) {
			fmt.Println("no answer to", sent)
		} else if err == nil {
			fmt.Println(reply.Summary())
		}
		return nil
	}(); err != nil {
		return err
	}
	if err := func() error {
		t, err := goscapy.Parse(`IP(dst="198.18.1.3")/TCP(dport=[22,80,443], flags="S")`)
		if err != nil {
			return err
		}
		var probes []*packet.Packet
		for _, p := range t.All() {
			probes = append(probes, p)
		}
		l, err := sendrecv.SrContext(ctx, probes, sendrecv.SrOptions{Iface: "eth0", Timeout: 2 * time.Second, Retry: 2})
		if err != nil {
			return err
		}
		fmt.Println(l.Summary())                   // ans.summary()
		fmt.Println(l.UnansweredSummary())         // unans.summary()
		if err := l.Table(os.Stdout); err != nil { // ans.make_table(...): one row per host, one column per port
			return err
		}
		for sent, recv := range l.All() {
			fmt.Println(sent.Summary(), "==>", recv.Summary())
		}
		return nil
	}(); err != nil {
		return err
	}
	if err := func() error {
		err := sniff.Sniff(sniff.SniffConfig{Iface: "eth0", Filter: "tcp port 80", Count: 10, Timeout: 30 * time.Second},
			func(p *packet.Packet) bool { fmt.Println(p.Summary()); return true }) // prn=lambda p: p.summary()
		if err != nil {
			return err
		}
		pkts, err := sniff.SniffPackets(ctx, sniff.SniffConfig{Iface: "eth0", Filter: "icmp", Count: 5}) // pkts = sniff(...)
		if err != nil {
			return err
		}
		fmt.Println(len(pkts))
		return nil
	}(); err != nil {
		return err
	}
	return func() error {
		res, err := traceroute.Trace(ctx, traceroute.Config{Target: netip.MustParseAddr("198.18.2.2"), Method: traceroute.TCP, Port: 80})
		if err != nil {
			return err
		}
		fmt.Print(res) // the table traceroute -n prints
		hosts, stats, err := arping.Scan(ctx, arping.Config{Iface: "eth0", Prefix: netip.MustParsePrefix("198.18.1.0/29")})
		if err != nil {
			return err
		}
		for _, h := range hosts {
			fmt.Println(h.IP, h.MAC)
		}
		fmt.Println(stats)
		m, err := am.NewDNS(am.DNSConfig{Iface: "eth0", Records: map[string][]netip.Addr{
			"b.lab.test": {netip.MustParseAddr("198.18.1.3")},
		}})
		if err != nil {
			return err
		}
		err = m.Run(ctx) // answers until ctx ends
		fmt.Println(m.Stats())
		return err
	}()
}

var _ = scapyDocSending

// scapyDocNorm collapses white space, so indentation does not matter.
func scapyDocNorm(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestScapyDocBlocksInTest: every ```go block of the page appears verbatim
// (white space aside) in this file, so the page shows what is tested.
func TestScapyDocBlocksInTest(t *testing.T) {
	page, err := os.ReadFile(scapyDocPage)
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("scapy_doc_test.go")
	if err != nil {
		t.Fatal(err)
	}
	code := scapyDocNorm(string(src))
	blocks := regexp.MustCompile("(?s)```go\n(.*?)\n```").FindAllStringSubmatch(string(page), -1)
	if len(blocks) < 15 {
		t.Fatalf("only %d go blocks found in %s", len(blocks), scapyDocPage)
	}
	for _, b := range blocks {
		if !strings.Contains(code, scapyDocNorm(b[1])) {
			t.Errorf("%s: this block is not in scapy_doc_test.go:\n%s", scapyDocPage, b[1])
		}
	}
}
