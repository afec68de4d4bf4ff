package stream

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net/netip"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// frameAll runs a framer over a byte stream cut into pieces of size step
// through a Messages handler and returns the messages.
func frameAll(t *testing.T, proto packet.LayerType, dirs [2][]byte, step int) [][2]string {
	t.Helper()
	var out [][2]string
	m := &Messages{
		Framer: func(*Conversation, []byte) (Framer, packet.LayerType) { return NewFramer(proto), proto },
		OnMessage: func(c *Conversation, dir Direction, msg *Message) {
			kind := "raw"
			if msg.Proto != 0 {
				kind = msg.Proto.String()
			}
			if msg.Partial {
				kind += "(partial)"
			}
			out = append(out, [2]string{fmt.Sprintf("%d:%s", dir, kind), string(msg.Data)})
		},
	}
	a := NewAssembler(Config{Handler: m})
	handshake(a, 0, 0)
	seq := [2]uint32{1, 1}
	for off := 0; off < max(len(dirs[0]), len(dirs[1])); off += step {
		for d, src := range []netip.AddrPort{cli, srv} {
			b := dirs[d]
			if off >= len(b) {
				continue
			}
			piece := b[off:min(off+step, len(b))]
			dst := srv
			if d == 1 {
				dst = cli
			}
			a.ProcessSegment(seg(src, dst, seq[d], seq[1-d], ack|psh, string(piece)))
			seq[d] += uint32(len(piece))
		}
	}
	a.FlushAll()
	return out
}

func tlsRecord(typ byte, body string) string {
	h := []byte{typ, 3, 3, 0, 0}
	binary.BigEndian.PutUint16(h[3:], uint16(len(body)))
	return string(h) + body
}

func TestFrameTLS(t *testing.T) {
	recs := []string{tlsRecord(22, strings.Repeat("h", 700)), tlsRecord(20, "\x01"), tlsRecord(23, strings.Repeat("x", 3000))}
	for _, step := range []int{1, 7, 100, 5000} {
		got := frameAll(t, layers.TLSType, [2][]byte{[]byte(strings.Join(recs, "")), nil}, step)
		if len(got) != 3 {
			t.Fatalf("step %d: %d messages", step, len(got))
		}
		for i, g := range got {
			if g[0] != "0:TLS" || g[1] != recs[i] {
				t.Errorf("step %d: message %d is %s of %d bytes", step, i, g[0], len(g[1]))
			}
		}
	}
	// not TLS: the direction goes unframed
	got := frameAll(t, layers.TLSType, [2][]byte{[]byte("SSH-2.0-OpenSSH\r\n"), nil}, 100)
	if len(got) != 1 || got[0][0] != "0:raw" {
		t.Errorf("%q", got)
	}
}

func TestFrameBGPAndDNS(t *testing.T) {
	marker := strings.Repeat("\xff", 16)
	keepalive := marker + "\x00\x13\x04"
	update := marker + "\x00\x20\x02" + strings.Repeat("u", 13)
	got := frameAll(t, layers.BGPType, [2][]byte{[]byte(keepalive + update), []byte(update + keepalive)}, 5)
	want := [][2]string{{"0:BGP", keepalive}, {"1:BGP", update}, {"0:BGP", update}, {"1:BGP", keepalive}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("bgp: %q", got)
	}
	q := "\x00\x0c" + "abcdefghijkl"
	r := "\x00\x10" + "ABCDEFGHIJKLMNOP"
	got = frameAll(t, layers.DNSType, [2][]byte{[]byte(q + q), []byte(r)}, 3)
	want = [][2]string{{"0:DNS", q}, {"1:DNS", r}, {"0:DNS", q}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("dns: %q", got)
	}
}

func TestFrameHTTP(t *testing.T) {
	reqs := []string{
		"GET /a HTTP/1.1\r\nHost: x\r\n\r\n",
		"POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
		"HEAD /c HTTP/1.1\r\nHost: x\r\n\r\n",
		"PUT /d HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
		"GET /e HTTP/1.1\r\n\r\n",
	}
	resps := []string{
		"HTTP/1.1 100 Continue\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc",
		"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nwxyz\r\n0\r\nTrailer: t\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\n", // to HEAD: no body
		"HTTP/1.1 204 No Content\r\n\r\n",
		"HTTP/1.0 200 OK\r\n\r\nuntil the end",
	}
	for _, step := range []int{1, 9, 4096} {
		got := frameAll(t, layers.HTTPType, [2][]byte{[]byte(strings.Join(reqs, "")), []byte(strings.Join(resps, ""))}, step)
		var g0, g1 []string
		for _, g := range got {
			if g[0] == "0:HTTP" {
				g0 = append(g0, g[1])
			} else if g[0] == "1:HTTP" {
				g1 = append(g1, g[1])
			} else {
				t.Errorf("step %d: %s %q", step, g[0], g[1])
			}
		}
		if fmt.Sprint(g0) != fmt.Sprint(reqs) || fmt.Sprint(g1) != fmt.Sprint(resps) {
			t.Errorf("step %d:\n requests  %q\n responses %q", step, g0, g1)
		}
	}
	// an upgrade: after 101 both directions are unframed
	got := frameAll(t, layers.HTTPType, [2][]byte{
		[]byte("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n\x81\x05hello"),
		[]byte("HTTP/1.1 101 Switching Protocols\r\n\r\n\x81\x02hi"),
	}, 4096)
	if len(got) != 4 || got[0][0] != "0:HTTP" || got[1] != [2]string{"0:raw", "\x81\x05hello"} || got[2][0] != "1:HTTP" || got[3] != [2]string{"1:raw", "\x81\x02hi"} {
		t.Errorf("upgrade: %q", got)
	}
}

// TestMessagesGap: after a gap the framing starts again when the bytes
// after it start a message, the message the gap cut is handed on as a
// partial one.
func TestMessagesGap(t *testing.T) {
	var got []string
	m := &Messages{OnMessage: func(c *Conversation, dir Direction, msg *Message) {
		got = append(got, fmt.Sprintf("%v gap%d partial=%v %q", msg.Proto, msg.Gap, msg.Partial, msg.Data))
	}}
	a := NewAssembler(Config{Handler: m})
	tlsSrv := netip.MustParseAddrPort("10.0.0.2:443")
	a.ProcessSegment(seg(cli, tlsSrv, 0, 0, syn, ""))
	r1 := tlsRecord(23, "0123456789")
	r2 := tlsRecord(23, "abc")
	a.ProcessSegment(seg(cli, tlsSrv, 1, 0, ack, r1[:8]))             // first part of r1
	a.ProcessSegment(seg(cli, tlsSrv, 1+uint32(len(r1)), 0, ack, r2)) // r1's end missing
	a.ProcessSegment(seg(tlsSrv, cli, 0, 100, ack, ""))               // acked: a gap
	want := []string{
		fmt.Sprintf("LayerType(0) gap0 partial=true %q", r1[:8]),
		fmt.Sprintf("TLS gap%d partial=false %q", len(r1)-8, r2),
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("\n got  %q\n want %q", got, want)
	}
}

// TestSessionTLS: a TLS ClientHello split over several segments (and out
// of order) comes out of the Session as one packet whose TLS layer holds
// the whole ClientHello; packets without payload pass through.
func TestSessionTLS(t *testing.T) {
	sess := NewSession(SessionConfig{})
	hello := clientHello(t, "www.example.org")
	c, s := netip.MustParseAddrPort("192.0.2.1:50000"), netip.MustParseAddrPort("192.0.2.2:443")
	var out []*packet.Packet
	feed := func(src, dst netip.AddrPort, seq uint32, flags uint8, payload []byte) {
		p := tcpPacket(t, src, dst, seq, flags, payload)
		res, err := sess.Process(p, t0)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, res...)
	}
	feed(c, s, 100, syn, nil)
	feed(s, c, 900, synack, nil)
	feed(c, s, 101, ack, nil)
	cut := len(hello) - 20
	feed(c, s, 101+40, ack|psh, hello[40:cut])
	feed(c, s, 101, ack, hello[:40])
	feed(c, s, 101+uint32(cut), ack|psh, hello[cut:])
	out = append(out, sess.Flush()...)
	if len(out) != 4 {
		for _, p := range out {
			t.Log(p)
		}
		t.Fatalf("%d packets out, want 3 handshake packets and 1 message", len(out))
	}
	msg := out[3]
	tls, ok := packet.LayerOf[*layers.TLS](msg)
	if !ok {
		t.Fatalf("no TLS layer: %v", msg)
	}
	h, ok := tls.ClientHello()
	if !ok || h.ServerName() != "www.example.org" {
		t.Fatalf("client hello %v, server name %q", ok, h.ServerName())
	}
	tcp, _ := packet.LayerOf[*layers.TCP](msg)
	if tcp.Seq != 101 {
		t.Errorf("message seq %d, want 101", tcp.Seq)
	}
	b, err := msg.Build()
	if err != nil {
		t.Fatal(err)
	}
	p2, err := packet.Dissect(b, layers.IPv4Type)
	if err != nil {
		t.Fatalf("rebuilt message does not dissect: %v", err)
	}
	if ip, _ := packet.LayerOf[*layers.IPv4](p2); int(ip.Len.Value) != len(b) {
		t.Errorf("rebuilt IP length %d, packet %d bytes", ip.Len.Value, len(b))
	}
	if tcp.SrcPort != 50000 || tcp.DstPort != 443 || msg.String() != "IP / TCP / TLS handshake client_hello" {
		t.Errorf("ports %d > %d, summary %q", tcp.SrcPort, tcp.DstPort, msg.String())
	}
}

// tcpPacket builds and dissects an IPv4/TCP packet.
func tcpPacket(t *testing.T, src, dst netip.AddrPort, seq uint32, flags uint8, payload []byte) *packet.Packet {
	t.Helper()
	ip := layers.NewIPv4()
	ip.Src, ip.Dst = src.Addr(), dst.Addr()
	tcp := layers.NewTCP()
	tcp.SrcPort, tcp.DstPort, tcp.Seq, tcp.Flags = src.Port(), dst.Port(), seq, flags
	ls := []packet.Layer{ip, tcp}
	if len(payload) > 0 {
		ls = append(ls, &packet.Raw{Load: payload})
	}
	b, err := packet.New(ls...).Build()
	if err != nil {
		t.Fatal(err)
	}
	p, _ := packet.Dissect(b, layers.IPv4Type)
	return p
}

// clientHello returns a TLS record with a ClientHello naming sni.
func clientHello(t *testing.T, sni string) []byte {
	t.Helper()
	tls := layers.NewTLS()
	tls.Messages = []layers.TLSHandshakeMsg{{Type: layers.TLSClientHello, Parsed: true, Hello: layers.TLSHello{
		Version: 0x0303, Random: [32]byte(bytes.Repeat([]byte{7}, 32)), CipherSuites: []uint16{0x1301},
		CompressionMethods: []uint8{0}, Extensions: []layers.TLSExtension{layers.TLSExtSNI(sni)},
	}}}
	tls.HasMessages = true
	b, err := packet.New(tls).Build()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSessionTshark: the application messages a Session puts out for
// the captures of testdata are the PDUs tshark dissects, frame by frame
// (the frame that completes each one): TLS records with their content
// types, ClientHellos with their server names, BGP messages with their
// types, DNS over TCP messages with their IDs and names.
func TestSessionTshark(t *testing.T) {
	needTshark(t)
	bgpType := func(l packet.Layer) string {
		if b, ok := l.(*layers.BGP); ok {
			return fmt.Sprint(b.Type)
		}
		return ""
	}
	for _, c := range []struct {
		name, file, filter string
		fields             []string
		join               bool // one PDU per row: its fields joined by "/"
		ours               func(l packet.Layer) string
	}{
		{"tls records", "tls.pcap", "tls", []string{"tls.record.content_type", "tls.record.opaque_type"}, false, func(l packet.Layer) string {
			if tls, ok := l.(*layers.TLS); ok {
				return fmt.Sprint(tls.Type)
			}
			return ""
		}},
		{"tls hellos", "tls.pcap", "tls.handshake.type == 1", []string{"tls.handshake.extensions_server_name"}, false, func(l packet.Layer) string {
			if tls, ok := l.(*layers.TLS); ok {
				if h, ok := tls.ClientHello(); ok {
					return h.ServerName()
				}
			}
			return ""
		}},
		{"bgp daemons", "bgp-daemons.pcap", "bgp", []string{"bgp.type"}, false, bgpType},
		{"bgp 4-byte as", "bgp-4byte-asn.pcap", "bgp", []string{"bgp.type"}, false, bgpType},
		{"dns over tcp", "dns-dhcp.pcap", "dns && tcp", []string{"dns.id", "dns.qry.name"}, true, func(l packet.Layer) string {
			if d, ok := l.(*layers.DNS); ok && d.OverTCP && len(d.Questions) > 0 {
				return fmt.Sprintf("0x%04x/%s", d.ID, strings.TrimSuffix(d.Questions[0].Name.String(), "."))
			}
			return ""
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join("testdata", c.file)
			args := []string{"-r", path, "-Y", "(" + c.filter + ") and not icmp and not icmpv6", "-T", "fields", "-e", "frame.number"}
			for _, f := range c.fields {
				args = append(args, "-e", f)
			}
			want := map[int][]string{}
			for _, line := range strings.Split(strings.TrimRight(string(tshark(t, args...)), "\n"), "\n") {
				f := strings.Split(line, "\t")
				n := 0
				fmt.Sscan(f[0], &n)
				if c.join {
					want[n] = append(want[n], strings.Join(f[1:], "/"))
					continue
				}
				for _, col := range f[1:] {
					for _, v := range strings.Split(col, ",") {
						if v != "" {
							want[n] = append(want[n], v)
						}
					}
				}
			}
			got := map[int][]string{}
			sess := NewSession(SessionConfig{})
			collect := func(n int, ps []*packet.Packet) {
				for _, p := range ps {
					for _, l := range p.Layers() {
						if v := c.ours(l); v != "" {
							got[n] = append(got[n], v)
						}
					}
				}
			}
			last := 0
			eachPacket(t, path, func(n int, p *packet.Packet) {
				ps, _ := sess.Process(p, p.Metadata.Timestamp)
				collect(n, ps)
				last = n
			})
			collect(last, sess.Flush())
			for _, m := range []map[int][]string{got, want} {
				for _, v := range m {
					slices.Sort(v)
				}
			}
			if len(want) == 0 || fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("PDUs per frame:\n got  %v\n want %v", got, want)
			}
		})
	}
}
