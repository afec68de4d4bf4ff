package layers

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// roundTrip builds a dissected packet again and compares.
func roundTrip(t testing.TB, p *packet.Packet, want []byte) {
	t.Helper()
	got, err := p.Build()
	if err != nil {
		t.Fatalf("build %v: %v", p, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("round trip of %v:\n got %x\nwant %x", p, got, want)
	}
}

// ARP frames from /work/shared/corpus; the expected values are tshark's
// (arp.opcode, arp.src.hw_mac, arp.src.proto_ipv4, arp.dst.hw_mac,
// arp.dst.proto_ipv4, eth.padding) and the summaries Scapy's.
var arpCorpus = []struct {
	name, hex                string
	op                       uint16
	hwsrc, psrc, hwdst, pdst string
	padding                  int
	summary                  string
}{
	{"lab-verify.pcap#18 who-has",
		"ffffffffffff02000000010208060001080006040001020000000102c6120102000000000000c6120101",
		1, "02:00:00:00:01:02", "198.18.1.2", "00:00:00:00:00:00", "198.18.1.1", 0,
		"Ethernet / ARP who has 198.18.1.1 says 198.18.1.2"},
	{"lab-verify.pcap#19 is-at",
		"02000000010202000000010108060001080006040002020000000101c6120101020000000102c6120102",
		2, "02:00:00:00:01:01", "198.18.1.1", "02:00:00:00:01:02", "198.18.1.2", 0,
		"Ethernet / ARP is at 02:00:00:00:01:01 says 198.18.1.1"},
	{"lab-verify.pcap#25 gratuitous",
		"ffffffffffff02000000010208060001080006040001020000000102c6120102000000000000c6120102",
		1, "02:00:00:00:01:02", "198.18.1.2", "00:00:00:00:00:00", "198.18.1.2", 0,
		"Ethernet / ARP who has 198.18.1.2 says 198.18.1.2"},
	{"pmtu-v4.pcap#2 is-at",
		"02000005000102000005000a0806000108000604000202000005000ac6123201020000050001c6123202",
		2, "02:00:00:05:00:0a", "198.18.50.1", "02:00:00:05:00:01", "198.18.50.2", 0,
		"Ethernet / ARP is at 02:00:00:05:00:0a says 198.18.50.1"},
	{"dhcp-rfc4388.pcap#7 who-has padded",
		"7483ef07d0a9a6824bc9a1a708060001080006040001a6824bc9a1a70a2802030000000000000a280101000000000000000000000000000000000000",
		1, "a6:82:4b:c9:a1:a7", "10.40.2.3", "00:00:00:00:00:00", "10.40.1.1", 18,
		"Ethernet / ARP who has 10.40.1.1 says 10.40.2.3 / Padding"},
	{"eapon1.pcap#12 is-at padded",
		"00042357a57a000d884f259108060001080006040002000d884f2591c0a8010100042357a57ac0a801f9000000000000000000000000000000000000",
		2, "00:0d:88:4f:25:91", "192.168.1.1", "00:04:23:57:a5:7a", "192.168.1.249", 18,
		"Ethernet / ARP is at 00:0d:88:4f:25:91 says 192.168.1.1 / Padding"},
}

func TestARPCorpus(t *testing.T) {
	for _, c := range arpCorpus {
		t.Run(c.name, func(t *testing.T) {
			b := unhex(t, c.hex)
			p, err := packet.Dissect(b, EthernetType)
			if err != nil {
				t.Fatal(err)
			}
			a, ok := packet.LayerOf[*ARP](p)
			if !ok {
				t.Fatalf("no ARP in %v", p)
			}
			if a.Op != c.op || a.HwType != 1 || a.PType != 0x0800 || a.HeaderLen() != ARPLen {
				t.Errorf("op %d hwtype %d ptype %#x len %d", a.Op, a.HwType, a.PType, a.HeaderLen())
			}
			for name, want := range map[string]string{"hwsrc": c.hwsrc, "psrc": c.psrc, "hwdst": c.hwdst, "pdst": c.pdst, "hwlen": "6", "plen": "4"} {
				v, err := p.GetLayer("ARP").Get(name)
				if err != nil || fmt.Sprint(v) != want {
					t.Errorf("%s = %v (%v), want %s", name, v, err, want)
				}
			}
			pad := p.GetLayer("Padding")
			if (pad == nil) != (c.padding == 0) || pad != nil && len(pad.(*Padding).Load) != c.padding {
				t.Errorf("padding %v, want %d bytes", pad, c.padding)
			}
			if s := p.String(); s != c.summary {
				t.Errorf("summary %q, want %q", s, c.summary)
			}
			roundTrip(t, p, b)
		})
	}
}

// TestARPOtherSizes decodes addresses that are not 6 and 4 bytes long.
func TestARPOtherSizes(t *testing.T) {
	// ipoib.pcap#6 without its 44-byte IPoIB header: InfiniBand (32)
	// hardware addresses of 20 bytes (tshark: arp.src.hw, arp.dst.hw).
	ib := unhex(t, "00200800140400018000004ffe800000000000000010e000014ad211c0a8380a00ffffffff10401b0000000000000000ffffffffc0a83818")
	p, err := packet.Dissect(ib, ARPType)
	if err != nil {
		t.Fatal(err)
	}
	a := p.Layer(0).(*ARP)
	if a.HwType != ARPHwInfiniBand || a.hwLen() != 20 || a.HeaderLen() != len(ib) || p.NumLayers() != 1 {
		t.Fatalf("%+v", a)
	}
	if fmt.Sprintf("%x", a.HwSrcRaw) != "8000004ffe800000000000000010e000014ad211" ||
		fmt.Sprintf("%x", a.HwDstRaw) != "00ffffffff10401b0000000000000000ffffffff" ||
		a.PSrc.String() != "192.168.56.10" || a.PDst.String() != "192.168.56.24" {
		t.Errorf("addresses %x %v %x %v", a.HwSrcRaw, a.PSrc, a.HwDstRaw, a.PDst)
	}
	if v, _ := a.Get("hwsrc"); !bytes.Equal(v.([]byte), ib[8:28]) {
		t.Errorf("Get(hwsrc) = %v", v)
	}
	if &a.HwSrcRaw[0] != &ib[8] {
		t.Error("hardware address copied, not a sub-slice")
	}
	if s := a.Summary(); s != `ARP who has 192.168.56.24 says 192.168.56.10` {
		t.Errorf("summary %q", s)
	}
	roundTrip(t, p, ib)

	// getname_2_read4_asan.pcap#1: an RARP (0x8035) reply of 8 bytes with
	// no addresses, in a frame cut to 22 bytes (tshark: hwtype 65280,
	// ptype 0x8b01, sizes 0, opcode 4).
	rarp := unhex(t, "000cff7f9677c0c1c0a000648035ff008b0100000004")
	p, err = packet.Dissect(rarp, EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	a, _ = packet.LayerOf[*ARP](p)
	if a == nil || a.HwType != 0xff00 || a.PType != 0x8b01 || a.Op != ARPRARPRep || a.HeaderLen() != 8 {
		t.Fatalf("%v %+v", p, a)
	}
	if s := p.String(); s != "Ethernet / ARP RARP-rep b'' > b''" {
		t.Errorf("summary %q", s)
	}
	roundTrip(t, p, rarp)
}

// Scapy 2.5 show() of the golden ARP packets (bytes in Python 3 repr).
var arpShows = map[string]string{
	"0001080006040001aabbccddeeffc0a80101000000000000c0a80102": `###[ ARP ]###
  hwtype    = Ethernet (10Mb)
  ptype     = IPv4
  hwlen     = 6
  plen      = 4
  op        = who-has
  hwsrc     = aa:bb:cc:dd:ee:ff
  psrc      = 192.168.1.1
  hwdst     = 00:00:00:00:00:00
  pdst      = 192.168.1.2
`,
	"000186dd06100001aabbccddeefffe800000000000000000000000000001000000000000fe800000000000000000000000000002": `###[ ARP ]###
  hwtype    = Ethernet (10Mb)
  ptype     = IPv6
  hwlen     = 6
  plen      = 16
  op        = who-has
  hwsrc     = aa:bb:cc:dd:ee:ff
  psrc      = fe80::1
  hwdst     = 00:00:00:00:00:00
  pdst      = fe80::2
`,
	"0001123406020001aabbccddeeff01020000000000000304": `###[ ARP ]###
  hwtype    = Ethernet (10Mb)
  ptype     = 0x1234
  hwlen     = 6
  plen      = 2
  op        = who-has
  hwsrc     = aa:bb:cc:dd:ee:ff
  psrc      = b'\x01\x02'
  hwdst     = 00:00:00:00:00:00
  pdst      = b'\x03\x04'
`,
	"0006080008040003313233343536373801020304616263646566676805060708": `###[ ARP ]###
  hwtype    = IEEE 802 Networks
  ptype     = IPv4
  hwlen     = 8
  plen      = 4
  op        = RARP-req
  hwsrc     = b'12345678'
  psrc      = 1.2.3.4
  hwdst     = b'abcdefgh'
  pdst      = 5.6.7.8
`,
}

func TestARPShow(t *testing.T) {
	for h, want := range arpShows {
		b := unhex(t, h)
		p, err := packet.Dissect(b, ARPType)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Layer(0).Show(); got != want {
			t.Errorf("show:\n%s\nwant:\n%s", got, want)
		}
		roundTrip(t, p, b)
	}
	// A fresh layer shows the computed lengths as None, as Scapy's show().
	if s := NewARP().Show(); !strings.Contains(s, "hwlen     = None\n") || !strings.Contains(s, "psrc      = 0.0.0.0\n") {
		t.Errorf("fresh show:\n%s", s)
	}
}

func TestARPSetGet(t *testing.T) {
	a := NewARP()
	for _, c := range []struct {
		field string
		v     any
	}{
		{"op", "is-at"}, {"hwsrc", "aa:bb:cc:dd:ee:ff"}, {"psrc", netip.MustParseAddr("10.0.0.1")},
		{"hwdst", fields.BroadcastMAC}, {"pdst", []byte{10, 0, 0, 2}}, {"hwtype", "IEEE 802 Networks"},
	} {
		if err := a.Set(c.field, c.v); err != nil {
			t.Fatalf("Set(%s, %v): %v", c.field, c.v, err)
		}
	}
	if a.Op != ARPIsAt || a.HwSrc.String() != "aa:bb:cc:dd:ee:ff" || a.PSrc.String() != "10.0.0.1" ||
		!a.HwDst.IsBroadcast() || a.PDst.String() != "10.0.0.2" || a.HwType != ARPHwIEEE802 || a.HeaderLen() != ARPLen {
		t.Fatalf("%+v", a)
	}
	if err := a.Set("psrc", "2001:db8::1"); err != nil || a.pLen() != 16 {
		t.Fatalf("ipv6 psrc: %v, plen %d", err, a.pLen())
	}
	if err := a.Set("psrc", []byte{1, 2, 3}); err != nil || a.pLen() != 3 {
		t.Fatalf("raw psrc: %v, plen %d", err, a.pLen())
	}
	if v, _ := a.Get("psrc"); !bytes.Equal(v.([]byte), []byte{1, 2, 3}) {
		t.Errorf("Get(psrc) = %v", v)
	}
	// pdst (an IPv4 address) is cut to the 3 bytes of psrc, as Scapy.
	b := make([]byte, a.HeaderLen())
	if err := a.SerializeTo(b, nil); err != nil {
		t.Fatal(err)
	}
	if want := "0006080006030002aabbccddeeff010203ffffffffffff0a0000"; fmt.Sprintf("%x", b) != want {
		t.Errorf("got %x\nwant %s", b, want)
	}
	for _, c := range []struct {
		field string
		v     any
	}{{"hwsrc", "nope"}, {"psrc", "1.2.3"}, {"pdst", 7}, {"op", 70000}, {"nosuch", 1}} {
		if err := a.Set(c.field, c.v); err == nil {
			t.Errorf("Set(%s, %v) accepted", c.field, c.v)
		}
	}
	if err := a.Set("nosuch", 1); !errors.Is(err, packet.ErrNoField) {
		t.Errorf("unknown field: %v", err)
	}
}

func TestARPBinding(t *testing.T) {
	if n := packet.NextLayer(EthernetType, "type", EtherTypeARP); n != ARPType {
		t.Errorf("0x0806 dissects as %v", n)
	}
	if n := packet.NextLayer(EthernetType, "type", EtherTypeRARP); n != ARPType {
		t.Errorf("0x8035 dissects as %v", n)
	}
	if v, ok := packet.BindValue(EthernetType, ARPType, "type"); !ok || v != EtherTypeARP {
		t.Errorf("ARP over Ethernet builds type %#x %v", v, ok)
	}
	if packet.Lookup("arp") != arpProto {
		t.Error("lookup")
	}
}

// TestARPTruncated cuts a padded frame everywhere: never a panic, an
// ErrTruncated inside the ARP header, and the bytes kept.
func TestARPTruncated(t *testing.T) {
	b := unhex(t, arpCorpus[4].hex)
	for n := 0; n <= len(b); n++ {
		p, err := packet.Dissect(b[:n], EthernetType)
		if n > EthHdrLen && n < EthHdrLen+ARPLen {
			var de *packet.DecodeError
			if !errors.As(err, &de) || !errors.Is(err, packet.ErrTruncated) || de.Layer != "ARP" || de.Offset != EthHdrLen {
				t.Errorf("%d bytes: %v", n, err)
			}
		}
		if got, _ := p.Build(); !bytes.Equal(got, b[:n]) {
			t.Errorf("%d bytes: rebuilt %x", n, got)
		}
	}
}

func TestARPNoAllocs(t *testing.T) {
	b := unhex(t, arpCorpus[4].hex)
	d := packet.NewDecoder(EthernetType)
	if _, err := d.Decode(b); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { d.Decode(b) }); n != 0 {
		t.Errorf("warm decode: %v allocations", n)
	}
	p := packet.New(&Ethernet{Dst: fields.BroadcastMAC}, &ARP{HwType: 1, PType: 0x0800, Op: 1,
		PSrc: netip.MustParseAddr("10.0.0.1"), PDst: netip.MustParseAddr("10.0.0.2")})
	buf := make([]byte, 64)
	if n := testing.AllocsPerRun(100, func() { p.BuildInto(buf) }); n != 0 {
		t.Errorf("build: %v allocations", n)
	}
}

// FuzzARP dissects from Ethernet and from ARP itself: no panic, and what
// decodes re-encodes byte for byte.
func FuzzARP(f *testing.F) {
	for _, c := range arpCorpus {
		b, _ := hex.DecodeString(c.hex)
		f.Add(b)
		f.Add(b[EthHdrLen:])
	}
	for h := range arpShows {
		b, _ := hex.DecodeString(h)
		f.Add(b)
	}
	f.Add([]byte{0, 0x0c, 0xff, 0x7f, 0x96, 0x77, 0xc0, 0xc1, 0xc0, 0xa0, 0, 0x64, 0x80, 0x35, 0xff, 0, 0x8b, 1, 0, 0, 0, 4})
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, first := range []packet.LayerType{EthernetType, ARPType} {
			p, err := packet.Dissect(data, first)
			_ = p.String()
			_ = p.Show()
			out, berr := p.Build()
			if err == nil && (berr != nil || !bytes.Equal(out, data)) {
				t.Fatalf("from %v: %v: round trip err=%v\n got %x\nwant %x", first, p, berr, out, data)
			}
		}
	})
}
