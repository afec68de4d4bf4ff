package layers_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// v6Frame is a real frame from ../shared/corpus with the layer stack we
// expect ("/..." ends a prefix: layers of other protocols may follow) and
// field values read by tshark 4 (tshark-fields.sh). Keys are
// "Layer#n.field": the n-th layer of that name, quoted layers included.
type v6Frame struct {
	name  string
	stack string
	want  map[string]string
	hex   string
}

// ipv6Frames exercise the IPv6 header: TCP, UDP, tunnels both ways and
// next headers that stay Raw.
var ipv6Frames = []v6Frame{
	{name: "pmtu-v6.pcap#15", stack: "Ethernet/IPv6/TCP",
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#1.fl": "0x03965d", "IPv6#1.plen": "40", "IPv6#1.nh": "6", "IPv6#1.hlim": "64", "IPv6#1.src": "2001:db8:50::2", "IPv6#1.dst": "2001:db8:52::2", "TCP#1.sport": "55852", "TCP#1.dport": "8080", "TCP#1.chksum": "0x3c03"},
		hex: "02000005000a02000005000186dd6003965d0028064020010db800500000000000000000000220010db8005200000000000000000002da2c1f903c8cf6b10000" +
			"0000a002fd203c030000020405a00402080af3719268000000000103030a"},
	{name: "ipv6-ext.pcap#8", stack: "Ethernet/IPv6/...", // echo request behind a segment routing header (ipv6ext_test.go)
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#1.fl": "0x03fba0", "IPv6#1.plen": "104", "IPv6#1.nh": "43", "IPv6#1.hlim": "64", "IPv6#1.src": "2001:db8:80::2", "IPv6#1.dst": "2001:db8:80::1"},
		hex: "02000008000a02000008000186dd6003fba000682b4020010db800800000000000000000000220010db80080000000000000000000013a040401010000002001" +
			"0db800810000000000000000000220010db80080000000000000000000018000bdce1d5e000108aa086b0000000075f802000000000010111213141516171819" +
			"1a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637"},
	{name: "ipv6-ext.pcap#19", stack: "Ethernet/IPv6/...", // fragment header (ipv6ext_test.go)
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#1.fl": "0x07ff7f", "IPv6#1.plen": "120", "IPv6#1.nh": "44", "IPv6#1.hlim": "63", "IPv6#1.src": "2001:db8:81::2", "IPv6#1.dst": "2001:db8:80::22"},
		hex: "02000008000102000008000a86dd6007ff7f00782c3f20010db800810000000000000000000220010db80080000000000000000000223a000b50ea1425674849" +
			"4a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f80818283848586878889" +
			"8a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7"},
	{name: "ipv6-ext.pcap#54", stack: "Ethernet/IPv6/Raw", // unknown next header 253: Raw
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#1.fl": "0x0dd96a", "IPv6#1.plen": "40", "IPv6#1.nh": "253", "IPv6#1.hlim": "64", "IPv6#1.src": "2001:db8:80::22", "IPv6#1.dst": "2001:db8:80::1"},
		hex: "02000008000a02000008000186dd600dd96a0028fd4020010db800800000000000000000002220010db80080000000000000000000016c616263617020657870" +
			"6572696d656e74616c2070726f746f636f6c20323533207061796c6f6164"},
	{name: "ndp-icmp.pcap#1", stack: "Ethernet/IPv6/...", // MLDv2 report behind a hop-by-hop header (mld_test.go)
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#1.fl": "0x000000", "IPv6#1.plen": "36", "IPv6#1.nh": "0", "IPv6#1.hlim": "1", "IPv6#1.src": "::", "IPv6#1.dst": "ff02::16"},
		hex: "33330000001602000009000186dd600000000024000100000000000000000000000000000000ff0200000000000000000000000000163a000502000001008f00" +
			"6f800000000104000000ff0200000000000000000001ff090001"},
	{name: "ndp-icmp.pcap#101", stack: "Ethernet/IPv6/UDP/...",
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#1.fl": "0x0986ef", "IPv6#1.plen": "40", "IPv6#1.nh": "17", "IPv6#1.hlim": "1", "IPv6#1.src": "2001:db8:90::ff:fe09:1", "IPv6#1.dst": "2001:db8:91::2", "UDP#1.sport": "41056", "UDP#1.dport": "33434", "UDP#1.chksum": "0x8bff"},
		hex: "02000009000e02000009000186dd600986ef0028110120010db800900000000000fffe09000120010db8009100000000000000000002a060829a00288bff4041" +
			"42434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"},
	{name: "tunnels-ip6ip6-ip4ip6.pcap#3", stack: "Ethernet/IPv6/IP/...", // ICMP in IPv4 in IPv6
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#1.fl": "0x000000", "IPv6#1.plen": "84", "IPv6#1.nh": "4", "IPv6#1.hlim": "64", "IPv6#1.src": "2001:db8:30::1", "IPv6#1.dst": "2001:db8:ff:2::4", "IP#1.proto": "1", "IP#1.src": "198.18.33.1", "IP#1.dst": "198.18.33.2"},
		hex: "02000003000a02000003000186dd600000000054044020010db800300000000000000000000120010db800ff0002000000000000000445000054df4840004001" +
			"8d38c6122101c6122102080028d31ad30001e0a9086b000000000b71010000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d" +
			"2e2f3031323334353637"},
	{name: "tunnels-ip6ip6-ip4ip6.pcap#9", stack: "Ethernet/IPv6/IPv6/ICMPv6/Raw",
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#2.tc": "0x00000000", "IPv6#1.fl": "0x0a3cf5", "IPv6#2.fl": "0x0a3cf5", "IPv6#1.plen": "104", "IPv6#2.plen": "64", "IPv6#1.nh": "41", "IPv6#2.nh": "58", "IPv6#1.hlim": "64", "IPv6#2.hlim": "64", "IPv6#1.src": "2001:db8:30::1", "IPv6#2.src": "2001:db8:33::1", "IPv6#1.dst": "2001:db8:ff:2::6", "IPv6#2.dst": "2001:db8:33::2", "ICMPv6#1.type": "128", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0xce3d", "ICMPv6#1.id": "0x1ad4", "ICMPv6#1.seq": "1"},
		hex: "02000003000a02000003000186dd600a3cf50068294020010db800300000000000000000000120010db800ff00020000000000000006600a3cf500403a402001" +
			"0db800330000000000000000000120010db80033000000000000000000028000ce3d1ad40001e0a9086b000000008baf07000000000010111213141516171819" +
			"1a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637"},
	{name: "tunnels-ip6ip6-ip4ip6.pcap#31", stack: "Ethernet/IPv6/IPv6/TCP",
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#2.tc": "0x00000000", "IPv6#1.fl": "0x0130d2", "IPv6#2.fl": "0x0130d2", "IPv6#1.plen": "80", "IPv6#2.plen": "40", "IPv6#1.nh": "41", "IPv6#2.nh": "6", "IPv6#1.hlim": "64", "IPv6#2.hlim": "64", "IPv6#1.src": "2001:db8:30::1", "IPv6#2.src": "2001:db8:33::1", "IPv6#1.dst": "2001:db8:ff:2::6", "IPv6#2.dst": "2001:db8:33::2", "TCP#1.sport": "35142", "TCP#1.dport": "8080", "TCP#1.chksum": "0x0c5a"},
		hex: "02000003000a02000003000186dd600130d20050294020010db800300000000000000000000120010db800ff00020000000000000006600130d2002806402001" +
			"0db800330000000000000000000120010db800330000000000000000000289461f9066ec036f00000000a002fe340c5a0000020404fc0402080ad12afdee0000" +
			"00000103030a"},
	{name: "tunnels-ip6ip6-ip4ip6.pcap#46", stack: "Ethernet/IPv6/IP/UDP/...", // UDP in IPv4 in IPv6
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#1.fl": "0x000000", "IPv6#1.plen": "42", "IPv6#1.nh": "4", "IPv6#1.hlim": "64", "IPv6#1.src": "2001:db8:30::1", "IPv6#1.dst": "2001:db8:ff:2::4", "IP#1.proto": "17", "IP#1.src": "198.18.33.1", "IP#1.dst": "198.18.33.2", "UDP#1.sport": "60858", "UDP#1.dport": "5000", "UDP#1.chksum": "0xacf5"},
		hex: "02000003000a02000003000186dd60000000002a044020010db800300000000000000000000120010db800ff000200000000000000044500002a632240004011" +
			"0979c6122101c6122102edba13880016acf5756470206f76657220737276360a"},
}

func (f v6Frame) bytes(t testing.TB) []byte {
	b, err := hex.DecodeString(f.hex)
	if err != nil {
		t.Fatalf("%s: %v", f.name, err)
	}
	return b
}

// nthLayer returns the n-th layer (1-based) of that name, or nil.
func nthLayer(p *packet.Packet, name string, n int) packet.Layer {
	pr := packet.Lookup(name)
	for _, l := range p.Layers() {
		if l.Proto() == pr {
			if n--; n == 0 {
				return l
			}
		}
	}
	return nil
}

func stackOf(p *packet.Packet) string {
	names := make([]string, p.NumLayers())
	for i, l := range p.Layers() {
		names[i] = l.Proto().Name
	}
	return strings.Join(names, "/")
}

// checkField compares a field with tshark's text: numbers (decimal or 0x
// hex) by value, everything else (addresses) by text.
func checkField(t *testing.T, p *packet.Packet, key, want string) {
	t.Helper()
	ln, field, ok := strings.Cut(key, ".")
	name, idx, _ := strings.Cut(ln, "#")
	n, err := strconv.Atoi(idx)
	if !ok || err != nil {
		t.Fatalf("bad key %q", key)
	}
	l := nthLayer(p, name, n)
	if l == nil {
		t.Errorf("%s: no layer %s #%d in %s", key, name, n, stackOf(p))
		return
	}
	fd := l.Proto().Field(field)
	if fd == nil {
		t.Errorf("%s: no field %q", key, field)
		return
	}
	if !fd.Present(l) {
		t.Errorf("%s: field not present", key)
	}
	if w, err := strconv.ParseUint(want, 0, 64); err == nil {
		if got, ok := fd.Uint(l); !ok || got != w {
			t.Errorf("%s = %v, tshark says %s", key, fd.Get(l), want)
		}
		return
	}
	if got := fmt.Sprint(fd.Get(l)); got != want {
		t.Errorf("%s = %s, tshark says %s", key, got, want)
	}
}

// checkV6Frame dissects a corpus frame, checks the stack and the fields,
// and requires a byte-exact re-encoding, with a one-shot and a warm
// decoder alike; then recomputes the outer lengths and checksums and
// requires the wire values.
func checkV6Frame(t *testing.T, f v6Frame) {
	data := f.bytes(t)
	p, err := packet.Dissect(data, layers.EthernetType)
	if err != nil {
		t.Fatalf("dissect: %v (%v)", err, p)
	}
	got := stackOf(p)
	if prefix, ok := strings.CutSuffix(f.stack, "/..."); ok {
		if !strings.HasPrefix(got+"/", prefix+"/") {
			t.Errorf("stack %s, want %s", got, f.stack)
		}
	} else if got != f.stack {
		t.Errorf("stack %s, want %s", got, f.stack)
	}
	for k, v := range f.want {
		checkField(t, p, k, v)
	}
	b, err := p.Build()
	if err != nil || !bytes.Equal(b, data) {
		t.Fatalf("round trip of %v: %v\n got %x\nwant %x", p, err, b, data)
	}
	d := packet.NewDecoder(layers.EthernetType)
	for i := 0; i < 2; i++ {
		q, err := d.Decode(data)
		if err != nil || q.String() != p.String() || stackOf(q) != got {
			t.Fatalf("warm decoder: %v %q, Dissect %q", err, q, p)
		}
	}
	_ = p.Show()

	// Unset what the library computes in the outer (unquoted) layers:
	// the rebuilt frame must be the captured one.
	stop := p.NumLayers()
	if q := p.Quoted(); q > 0 {
		stop = q
	}
	for _, l := range p.Layers()[:stop] {
		for _, name := range []string{"plen", "cksum", "chksum", "len"} {
			if fd := l.Proto().Field(name); fd != nil && fd.Auto {
				if _, ok := l.(*layers.IPv4); ok && name != "chksum" {
					continue
				}
				if err := l.Set(name, nil); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	b, err = p.Build()
	if err != nil || !bytes.Equal(b, data) {
		t.Fatalf("recomputed lengths and checksums of %v: %v\n got %x\nwant %x", p, err, b, data)
	}
}

func TestIPv6CorpusFrames(t *testing.T) {
	for _, f := range ipv6Frames {
		t.Run(f.name, func(t *testing.T) { checkV6Frame(t, f) })
	}
}

// TestIPv6LinkType: LINKTYPE_IPV6 (229) starts at IPv6, and the frames
// dissect from IPv6 as well as from Ethernet.
func TestIPv6LinkType(t *testing.T) {
	first, ok := packet.LinkTypeLayer(229)
	if !ok || first != layers.IPv6Type {
		t.Fatalf("link type 229 -> %v, %v", first, ok)
	}
	for _, f := range append(append([]v6Frame(nil), ipv6Frames...), icmpv6Frames...) {
		data := f.bytes(t)[layers.EthHdrLen:]
		p, err := packet.Dissect(data, first)
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		if b, err := p.Build(); err != nil || !bytes.Equal(b, data) {
			t.Fatalf("%s: round trip from IPv6: %v", f.name, err)
		}
	}
}

func TestIPv6Bindings(t *testing.T) {
	for _, c := range []struct {
		lower, upper packet.LayerType
		field        string
		value        uint64
	}{
		{layers.EthernetType, layers.IPv6Type, "type", layers.EtherTypeIPv6},
		{layers.IPv6Type, layers.TCPType, "nh", layers.IPProtoTCP},
		{layers.IPv6Type, layers.UDPType, "nh", layers.IPProtoUDP},
		{layers.IPv6Type, layers.ICMPv6Type, "nh", layers.IPProtoICMPv6},
		{layers.IPv6Type, layers.IPv4Type, "nh", layers.IPProtoIPIP},
		{layers.IPv6Type, layers.IPv6Type, "nh", layers.IPProtoIPv6},
		{layers.IPv4Type, layers.IPv6Type, "proto", layers.IPProtoIPv6},
	} {
		if got := packet.NextLayer(c.lower, c.field, c.value); got != c.upper {
			t.Errorf("dissect %v %s=%d: %v, want %v", c.lower, c.field, c.value, got, c.upper)
		}
		if v, ok := packet.BindValue(c.lower, c.upper, c.field); !ok || v != c.value {
			t.Errorf("build %v/%v: %s=%d %v, want %d", c.lower, c.upper, c.field, v, ok, c.value)
		}
	}
	for nh, want := range map[uint64]packet.LayerType{0: layers.IPv6HopByHopType, 43: layers.IPv6RoutingType,
		44: layers.IPv6FragmentType, 50: layers.ESPType, 51: layers.AHType, 60: layers.IPv6DestOptsType, 59: 0, 253: 0} {
		if got := packet.NextLayer(layers.IPv6Type, "nh", nh); got != want {
			t.Errorf("nh %d bound to %v, want %v", nh, got, want)
		}
	}
}

func TestIPv6Defaults(t *testing.T) {
	ip := layers.NewIPv6()
	b, err := packet.New(ip).Build()
	if err != nil {
		t.Fatal(err)
	}
	// Scapy 2.5: raw(IPv6())
	if want := "6000000000003b400000000000000000000000000000000100000000000000000000000000000001"; hex.EncodeToString(b) != want {
		t.Errorf("IPv6() = %x\nwant %s", b, want)
	}
	if s := ip.Summary(); s != "::1 > ::1 No Next Header" {
		t.Errorf("summary %q", s)
	}
	// A destination other than ::1 and no source: the unspecified address
	// (Scapy asks its routing table; we leave that to the sender).
	ip.Dst = netip.MustParseAddr("2001:db8::1")
	if ip.SrcAddr() != netip.IPv6Unspecified() || ip.DstAddr() != ip.Dst {
		t.Errorf("addresses %v %v", ip.SrcAddr(), ip.DstAddr())
	}
	// The zero value still builds: :: to ::.
	var z layers.IPv6
	if _, err := packet.New(&z).Build(); err != nil {
		t.Fatal(err)
	}
	if z.SrcAddr() != netip.IPv6Unspecified() || z.DstAddr() != netip.IPv6Unspecified() {
		t.Errorf("zero value addresses %v %v", z.SrcAddr(), z.DstAddr())
	}
}

func TestIPv6GetSetShow(t *testing.T) {
	ip := layers.NewIPv6()
	for name, v := range map[string]any{"version": 6, "tc": "0xb8", "fl": 0x12345, "plen": 8, "nh": "UDP", "hlim": 1,
		"src": "2001:db8::1", "dst": netip.MustParseAddr("ff02::1")} {
		if err := ip.Set(name, v); err != nil {
			t.Fatalf("Set(%s, %v): %v", name, v, err)
		}
	}
	if ip.TrafficClass != 0xb8 || ip.FlowLabel != 0x12345 || ip.NextHeader != fields.Some(uint8(17)) || ip.HopLimit != 1 {
		t.Fatalf("set: %+v", ip)
	}
	if v, _ := ip.Get("nh"); v != uint8(17) {
		t.Errorf("Get(nh) = %#v", v)
	}
	if v, _ := ip.Get("src"); v != netip.MustParseAddr("2001:db8::1") {
		t.Errorf("Get(src) = %#v", v)
	}
	for _, bad := range []struct {
		name string
		v    any
	}{{"fl", 0x100000}, {"tc", 256}, {"version", 16}, {"src", "10.0.0.1"}, {"dst", "nonsense"}, {"nope", 1}} {
		if err := ip.Set(bad.name, bad.v); err == nil {
			t.Errorf("Set(%s, %v): no error", bad.name, bad.v)
		}
	}
	show := ip.Show()
	for _, line := range []string{"###[ IPv6 ]###", "version   = 6", "tc        = 184", "fl        = 74565", "plen      = 8",
		"nh        = UDP", "hlim      = 1", "src       = 2001:db8::1", "dst       = ff02::1"} {
		if !strings.Contains(show, line+"\n") && !strings.HasPrefix(show, line) {
			t.Errorf("show lacks %q:\n%s", line, show)
		}
	}
	if err := ip.Set("plen", nil); err != nil {
		t.Fatal(err)
	}
	if v, _ := ip.Get("plen"); v != nil {
		t.Errorf("unset plen reads %v", v)
	}
}

// TestIPv6PayloadEnd: the payload ends at plen and the rest is Padding;
// plen 0 takes the rest unless the next header is 59.
func TestIPv6PayloadEnd(t *testing.T) {
	hdr := func(plen uint16, nh uint8) []byte {
		b := make([]byte, 40)
		b[0] = 0x60
		b[4], b[5], b[6], b[7] = byte(plen>>8), byte(plen), nh, 64
		b[23], b[39] = 1, 2
		return b
	}
	for _, c := range []struct {
		name  string
		data  []byte
		stack string
	}{
		{"ethernet padding", append(hdr(0, 59), 0, 0, 0, 0, 0, 0), "IPv6/Padding"},
		{"plen short of the data", append(hdr(2, 59), 'a', 'b', 0, 0), "IPv6/Raw/Padding"},
		{"plen past the data", append(hdr(200, 59), 'a', 'b'), "IPv6/Raw"},
		{"plen 0 from offload", append(hdr(0, 17), 0, 1, 0, 2, 0, 0, 0, 0, 'x'), "IPv6/UDP/Raw"},
		{"jumbogram", append(hdr(0, 0), 58, 0, 0xc2, 4, 0, 1, 0, 0), "IPv6/IPv6ExtHdrHopByHop"},
		{"header alone", hdr(0, 59), "IPv6"},
	} {
		p, err := packet.Dissect(c.data, layers.IPv6Type)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := stackOf(p); got != c.stack {
			t.Errorf("%s: %s, want %s", c.name, got, c.stack)
		}
		if b, err := p.Build(); err != nil || !bytes.Equal(b, c.data) {
			t.Errorf("%s: round trip %v\n got %x\nwant %x", c.name, err, b, c.data)
		}
	}
	for n := 0; n < 40; n++ {
		_, err := packet.Dissect(make([]byte, n), layers.IPv6Type)
		var de *packet.DecodeError
		if n > 0 && (!errors.As(err, &de) || !errors.Is(err, packet.ErrTruncated) || de.Layer != "IPv6") {
			t.Errorf("%d bytes: %v", n, err)
		}
	}
}

// TestIPv6Build: nh from the layer above (59 for Raw), plen from the
// payload, padding left out, values set by the user kept.
func TestIPv6Build(t *testing.T) {
	src, dst := netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db8::2")
	ip := &layers.IPv6{Version: 6, HopLimit: 64, Src: src, Dst: dst}
	b, err := packet.New(ip, &layers.Raw{Load: []byte("abc")}, &layers.Padding{Load: []byte{0, 0}}).Build()
	if err != nil {
		t.Fatal(err)
	}
	if b[4] != 0 || b[5] != 3 || b[6] != 59 || len(b) != 45 {
		t.Errorf("plen/nh: %x", b[:8])
	}
	ip.NextHeader, ip.PayloadLen = fields.Some(uint8(250)), fields.Some(uint16(1000))
	b, _ = packet.New(ip, layers.NewUDP()).Build()
	if b[6] != 250 || b[4] != 1000>>8 || b[5] != 1000&0xff {
		t.Errorf("user values overwritten: %x", b[:8])
	}
	// An IPv4-mapped address is an IPv6 address on the wire.
	ip = layers.NewIPv6()
	if err := ip.Set("src", "::ffff:10.0.0.1"); err != nil {
		t.Fatal(err)
	}
	ip.Dst = netip.MustParseAddr("10.0.0.2") // typed IPv4 assigned directly: mapped
	b, _ = packet.New(ip).Build()
	if hex.EncodeToString(b[8:40]) != "00000000000000000000ffff0a00000100000000000000000000ffff0a000002" {
		t.Errorf("mapped addresses: %x", b[8:40])
	}
	if ip.DstAddr().String() != "::ffff:10.0.0.2" {
		t.Errorf("dst shown as %s", ip.DstAddr())
	}
	// A payload longer than plen can hold is an error, not a wrap.
	big := packet.New(layers.NewIPv6(), &layers.Raw{Load: make([]byte, 70000)})
	if _, err := big.Build(); err == nil || !strings.Contains(err.Error(), "plen") {
		t.Errorf("70000-byte payload: %v", err)
	}
	ip = layers.NewIPv6()
	ip.PayloadLen = fields.Some(uint16(0))
	if _, err := packet.New(ip, &layers.Raw{Load: make([]byte, 70000)}).Build(); err != nil {
		t.Errorf("jumbogram with plen 0 set: %v", err)
	}
}

// TestIPv6TransportChecksums: TCP and UDP over IPv6 use the IPv6
// pseudo-header; a UDP checksum that computes to 0 goes out as 0xffff.
func TestIPv6TransportChecksums(t *testing.T) {
	ip := layers.NewIPv6()
	ip.Src, ip.Dst = netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db8::2")
	udp := layers.NewUDP()
	udp.SrcPort, udp.DstPort = 1234, 5678
	b, err := packet.New(ip, udp, &layers.Raw{Load: []byte{0x89, 'e'}}).Build()
	if err != nil {
		t.Fatal(err)
	}
	if c := uint16(b[46])<<8 | uint16(b[47]); c != 0xffff {
		t.Errorf("udp checksum %#x, want 0xffff", c)
	}
	s := ip.PseudoHeaderSum(layers.IPProtoUDP, 10)
	if fields.BE.Uint16(b[46:]) != 0xffff || s == 0 {
		t.Errorf("pseudo-header sum %d", s)
	}
	tcp := layers.NewTCP()
	b, _ = packet.New(ip, tcp).Build()
	p, _ := packet.Dissect(b, layers.IPv6Type)
	tc, _ := packet.LayerOf[*layers.TCP](p)
	want := tc.Checksum.Value
	tc.Checksum.Unset()
	b2, _ := p.Build()
	if !bytes.Equal(b, b2) || want == 0 {
		t.Errorf("tcp checksum not stable: %x / %x", b, b2)
	}
	if s := p.String(); s != "IPv6 / TCP 2001:db8::1:20 > 2001:db8::2:80 S" {
		t.Errorf("summary %q", s)
	}
}

// TestIPv6NoAllocs: a warm decoder and BuildInto allocate nothing.
func TestIPv6NoAllocs(t *testing.T) {
	frame := ipv6Frames[0].bytes(t) // Ether/IPv6/TCP SYN with options
	d := packet.NewDecoder(layers.EthernetType)
	var hlim uint8
	decode := func() {
		p, err := d.Decode(frame)
		if err != nil {
			t.Fatal(err)
		}
		ip, _ := packet.LayerOf[*layers.IPv6](p)
		hlim = ip.HopLimit
	}
	decode()
	if hlim != 64 {
		t.Fatalf("hlim %d", hlim)
	}
	if n := testing.AllocsPerRun(500, decode); n != 0 {
		t.Errorf("warm decode allocates %v times", n)
	}
	p, _ := packet.Dissect(frame, layers.EthernetType)
	buf := make([]byte, 1500)
	if n := testing.AllocsPerRun(500, func() {
		if _, err := p.BuildInto(buf); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("BuildInto allocates %v times", n)
	}
}

// v6RoundTrip dissects data from first and, when dissection succeeds,
// requires a byte-exact re-encoding; it also walks every field's text and
// JSON forms, which must not panic either.
func v6RoundTrip(t *testing.T, data []byte, first packet.LayerType) {
	p, err := packet.Dissect(data, first)
	_ = p.String()
	_ = p.Show()
	for _, l := range p.Layers() {
		_ = l.Summary()
		for i := range l.Proto().Fields {
			f := &l.Proto().Fields[i]
			_ = f.Format(l)
			_ = f.JSON(l)
		}
	}
	if err != nil {
		return
	}
	b, err := p.Build()
	if err != nil {
		t.Fatalf("build of dissected %v: %v", p, err)
	}
	if !bytes.Equal(b, data) {
		t.Fatalf("round trip of %v\n got %x\nwant %x", p, b, data)
	}
	q, err := packet.NewDecoder(first).Decode(data)
	if err != nil || q.String() != p.String() {
		t.Fatalf("decoder %q (%v), Dissect %q", q, err, p)
	}
}

func v6Seeds(f *testing.F, frames ...[]v6Frame) {
	for _, fs := range frames {
		for _, fr := range fs {
			b := fr.bytes(f)
			f.Add(b, false)
			f.Add(b[layers.EthHdrLen:], true)
		}
	}
}

// FuzzIPv6: no input panics; what dissects re-encodes byte for byte, from
// Ethernet and from IPv6.
func FuzzIPv6(f *testing.F) {
	v6Seeds(f, ipv6Frames, icmpv6Frames)
	f.Fuzz(func(t *testing.T, data []byte, fromIPv6 bool) {
		first := layers.EthernetType
		if fromIPv6 {
			first = layers.IPv6Type
		}
		v6RoundTrip(t, data, first)
	})
}
