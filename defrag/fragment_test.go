package defrag

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"errors"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// payload is the test payload: byte i is (7i+3) mod 256, as in
// testdata/gen_scapy.py.
func payload(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(7*i + 3)
	}
	return b
}

// build makes the packets of testdata/gen_scapy.py: kind and payload size.
func build(t testing.TB, kind string, n int) *packet.Packet {
	t.Helper()
	var ls []packet.Layer
	switch kind {
	case "udp4", "udp4ra", "tcp4":
		ip := layers.NewIPv4()
		ip.Src = netip.MustParseAddr("192.0.2.1")
		ip.Dst = netip.MustParseAddr("198.51.100.2")
		ip.ID = 0x1234
		if kind == "udp4ra" {
			ip.Options = []layers.IPOption{{Type: layers.IPOptRouterAlert, Data: []byte{0, 0}}}
		}
		ls = append(ls, ip)
		if kind == "tcp4" {
			tcp := layers.NewTCP()
			tcp.SrcPort, tcp.DstPort = 40000, 8080
			tcp.Flags = layers.TCPPsh | layers.TCPAck
			tcp.Seq, tcp.Ack = 1000, 2000
			ls = append(ls, tcp)
		} else {
			ls = append(ls, udp())
		}
	case "udp6", "udp6hbh", "udp6rt", "udp6rtdo":
		ip := layers.NewIPv6()
		ip.Src = netip.MustParseAddr("2001:db8::1")
		ip.Dst = netip.MustParseAddr("2001:db8::2")
		ls = append(ls, ip)
		if kind != "udp6" {
			ls = append(ls, layers.NewIPv6HopByHop())
		}
		if kind == "udp6rt" || kind == "udp6rtdo" {
			ls = append(ls, layers.NewIPv6DestOpts(), layers.NewIPv6Routing())
		}
		if kind == "udp6rtdo" {
			ls = append(ls, layers.NewIPv6DestOpts())
		}
		ls = append(ls, udp())
	default:
		t.Fatalf("unknown kind %q", kind)
	}
	ls = append(ls, &packet.Raw{Load: payload(n)})
	return packet.New(ls...)
}

func udp() *layers.UDP {
	u := layers.NewUDP()
	u.SrcPort, u.DstPort = 1234, 5678
	return u
}

func withEther(p *packet.Packet) *packet.Packet {
	e := layers.NewEthernet()
	e.Src = fields.MAC{0x02, 0, 0, 0, 0, 1}
	e.Dst = fields.MAC{0x02, 0, 0, 0, 0, 2}
	return packet.New(append([]packet.Layer{e}, p.Layers()...)...)
}

func mustBuild(t testing.TB, p *packet.Packet) []byte {
	t.Helper()
	b, err := p.Build()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fixedID() uint32 { return 0x12345678 }

// TestFragmentScapy compares Fragment with Scapy's fragment() and
// fragment6() (testdata/scapy_fragments.tsv.gz, made by gen_scapy.py).
func TestFragmentScapy(t *testing.T) {
	f, err := os.Open("testdata/scapy_fragments.tsv.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	cases := 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 5 {
			t.Fatalf("bad line %q", line)
		}
		kind := c[0]
		n, _ := strconv.Atoi(c[1])
		mtu, _ := strconv.Atoi(c[2])
		name := kind + "/" + c[1] + "/" + c[2]
		p := build(t, kind, n)
		if got := hex.EncodeToString(mustBuild(t, p)); got != c[3] {
			t.Fatalf("%s: packet builds to\n%s\nScapy:\n%s", name, got, c[3])
		}
		frags, err := fragment(p, mtu, fixedID)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := strings.Split(c[4], ",")
		if len(frags) != len(want) {
			t.Errorf("%s: %d fragments, Scapy %d", name, len(frags), len(want))
			continue
		}
		for i, q := range frags {
			if got := hex.EncodeToString(mustBuild(t, q)); got != want[i] {
				t.Errorf("%s: fragment %d\n got %s\nwant %s", name, i, got, want[i])
			}
			if q.Len() > mtu {
				t.Errorf("%s: fragment %d is %d bytes, mtu %d", name, i, q.Len(), mtu)
			}
		}
		cases++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if cases < 50 {
		t.Fatalf("only %d cases", cases)
	}
}

// TestFragmentIPv4Options checks the RFC 791 copy flag: the first
// fragment keeps every option, later ones the copied options only,
// re-padded. Expected headers are derived by hand from RFC 791.
func TestFragmentIPv4Options(t *testing.T) {
	ip := layers.NewIPv4()
	ip.Src = netip.MustParseAddr("192.0.2.1")
	ip.Dst = netip.MustParseAddr("198.51.100.2")
	ip.ID = 7
	ip.Options = []layers.IPOption{
		{Type: layers.IPOptNOP},
		{Type: layers.IPOptRecordRoute, Data: []byte{4, 0, 0, 0, 0}}, // 7, not copied: 07 07 04 00000000
		{Type: layers.IPOptRouterAlert, Data: []byte{0, 0}},          // 148, copied: 94 04 0000
		{Type: layers.IPOptSecurity, Data: make([]byte, 9)},          // 130, copied: 82 0b + 9
	}
	p := packet.New(ip, udp(), &packet.Raw{Load: payload(200)})
	frags, err := Fragment(p, 120)
	if err != nil {
		t.Fatal(err)
	}
	// header of the first: 20 + 1 + 7 + 4 + 11 = 43 -> 44 bytes
	first := mustBuild(t, frags[0])
	if hl := int(first[0]&15) * 4; hl != 44 {
		t.Fatalf("first fragment header %d bytes, want 44", hl)
	}
	wantOpts := "01" + "07070400000000" + "94040000" + "820b" + strings.Repeat("00", 9) + "00"
	if got := hex.EncodeToString(first[20:44]); got != wantOpts {
		t.Errorf("first fragment options %s, want %s", got, wantOpts)
	}
	// data of the first: (120-44) &^ 7 = 72
	if n := len(first) - 44; n != 72 {
		t.Errorf("first fragment carries %d bytes, want 72", n)
	}
	for i, q := range frags[1:] {
		b := mustBuild(t, q)
		hl := int(b[0]&15) * 4
		// copied: router alert (4) + security (11) = 15 -> 16 bytes, one EOL
		if want := "94040000" + "820b" + strings.Repeat("00", 9) + "00"; hl != 36 || hex.EncodeToString(b[20:36]) != want {
			t.Errorf("fragment %d: header %d bytes, options %x; want 36 bytes, %s", i+1, hl, b[20:hl], want)
		}
		if c := be16(b[10:]); ipChecksumOK(b[:hl]) == false {
			t.Errorf("fragment %d: bad checksum %#04x", i+1, c)
		}
	}
	// offsets: 0, 72, then (120-36)&^7 = 80 per fragment; 208 bytes in all
	wantOff := []int{0, 72, 152}
	wantLen := []int{72, 80, 56}
	if len(frags) != 3 {
		t.Fatalf("%d fragments, want 3", len(frags))
	}
	for i, q := range frags {
		b := mustBuild(t, q)
		hl := int(b[0]&15) * 4
		ff := be16(b[6:])
		if int(ff&ip4OffMask)*8 != wantOff[i] || int(be16(b[2:]))-hl != wantLen[i] || (ff&ip4MF != 0) != (i < 2) {
			t.Errorf("fragment %d: offset %d, %d bytes, flags %#x; want offset %d, %d bytes", i, int(ff&ip4OffMask)*8, int(be16(b[2:]))-hl, ff>>13, wantOff[i], wantLen[i])
		}
	}
	// and they reassemble to the original
	d := New(Config{})
	var got *packet.Packet
	for _, q := range frags {
		r, ok, err := d.Process(q, testTime)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			got = r
		}
	}
	if got == nil || !bytes.Equal(got.Data(), mustBuild(t, p)) {
		t.Errorf("reassembled %v, want the original", got)
	}
}

func ipChecksumOK(h []byte) bool {
	var s uint32
	for i := 0; i+1 < len(h); i += 2 {
		s += uint32(h[i])<<8 | uint32(h[i+1])
	}
	for s > 0xffff {
		s = s>>16 + s&0xffff
	}
	return s == 0xffff
}

func TestFragmentErrors(t *testing.T) {
	p := build(t, "udp4", 2000)
	p.Layer(0).(*layers.IPv4).Flags = layers.IPv4DontFragment
	if _, err := Fragment(p, 1500); !errors.Is(err, ErrDontFragment) {
		t.Errorf("DF: %v, want ErrDontFragment", err)
	}
	if fs, err := Fragment(p, 3000); err != nil || len(fs) != 1 || fs[0] != p {
		t.Errorf("DF that fits: %v %v, want the packet itself", fs, err)
	}
	if _, err := Fragment(build(t, "udp4", 2000), 27); !errors.Is(err, ErrMTU) {
		t.Errorf("mtu 27: %v, want ErrMTU", err)
	}
	if _, err := Fragment(build(t, "udp6", 2000), 40+8+7); !errors.Is(err, ErrMTU) {
		t.Errorf("ipv6 mtu 55: %v, want ErrMTU", err)
	}
	if _, err := Fragment(packet.New(&packet.Raw{Load: []byte{1, 2, 3}}), 1500); !errors.Is(err, ErrNotIP) {
		t.Errorf("no ip: %v, want ErrNotIP", err)
	}
	if _, err := Fragment(nil, 1500); !errors.Is(err, ErrNotIP) {
		t.Errorf("nil: %v, want ErrNotIP", err)
	}
	big := build(t, "udp6", 65535-8-8+1) // plen 65528, 65536 with the fragment header
	if _, err := Fragment(big, 1500); !errors.Is(err, ErrOversized) {
		t.Errorf("ipv6 near 65535: %v, want ErrOversized", err)
	}
}

// TestFragmentIPv6Random checks that each packet gets its own
// identification.
func TestFragmentIPv6Random(t *testing.T) {
	ids := map[uint32]bool{}
	for range 20 {
		fs, err := Fragment(build(t, "udp6", 3000), 1280)
		if err != nil {
			t.Fatal(err)
		}
		var id uint32
		for i, q := range fs {
			f, ok := packet.LayerOf[*layers.IPv6Fragment](q)
			if !ok {
				t.Fatalf("fragment %d has no fragment header: %v", i, q)
			}
			if i == 0 {
				id = f.ID
			} else if f.ID != id {
				t.Fatalf("fragment %d: id %#x, first %#x", i, f.ID, id)
			}
		}
		ids[id] = true
	}
	if len(ids) < 15 {
		t.Errorf("%d distinct identifications in 20 packets", len(ids))
	}
}

// TestFragmentRefragment fragments a fragment again: offsets continue and
// the last piece keeps MF.
func TestFragmentRefragment(t *testing.T) {
	p := build(t, "udp4", 3000)
	fs, err := Fragment(p, 1500)
	if err != nil {
		t.Fatal(err)
	}
	var all []*packet.Packet
	for _, q := range fs {
		more, err := Fragment(q, 600)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, more...)
	}
	if len(all) <= len(fs) {
		t.Fatalf("%d fragments after refragmenting %d", len(all), len(fs))
	}
	d := New(Config{})
	var got *packet.Packet
	for _, q := range all {
		r, ok, err := d.Process(q, testTime)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			got = r
		}
	}
	if got == nil || !bytes.Equal(got.Data(), mustBuild(t, p)) {
		t.Fatal("refragmented packet does not reassemble to the original")
	}
}
