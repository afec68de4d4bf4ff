package layers

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// ICMP frames from /work/shared/corpus. The expected field values are
// tshark's (icmp.type, icmp.code, icmp.checksum, icmp.ident, icmp.seq,
// icmp.mtu, icmp.redir_gw and the quoted ip/udp/tcp/icmp fields), the
// summaries Scapy's.
var icmpCorpus = []struct {
	name, hex string
	layers    []string       // the first layers (later ones may gain decoders)
	icmp      map[string]any // fields of the outer ICMP, by Scapy name
	quoted    map[string]any // "Layer.field" of the quoted layers
	summary   string         // Scapy's summary of the outer ICMP
	full      string         // the whole packet's, when it has no quote
}{
	{name: "lab-verify.pcap#8 echo-request",
		hex:    "020000000103020000000102080045000054a1a9400040010ad6c6120102c6120103080004a069d900017e99086b000000003fae040000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637",
		layers: []string{"Ethernet", "IP", "ICMP", "Raw"},
		icmp:   map[string]any{"type": 8, "code": 0, "chksum": 0x04a0, "id": 27097, "seq": 1},
		full:   "Ethernet / IP / ICMP 198.18.1.2 > 198.18.1.3 echo-request 0 / Raw"},
	{name: "lab-verify.pcap#9 echo-reply",
		hex:    "020000000102020000000103080045000054d6f8000040011587c6120103c612010200000ca069d900017e99086b000000003fae040000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637",
		layers: []string{"Ethernet", "IP", "ICMP", "Raw"},
		icmp:   map[string]any{"type": 0, "code": 0, "chksum": 0x0ca0, "id": 27097, "seq": 1},
		full:   "Ethernet / IP / ICMP 198.18.1.3 > 198.18.1.2 echo-reply 0 / Raw"},
	{name: "lab-verify.pcap#726 echo without data",
		hex:    "02000000010102000000010208004500001c0001000001012ab8c6120102c61202020800f7ff00000000",
		layers: []string{"Ethernet", "IP", "ICMP"},
		icmp:   map[string]any{"type": 8, "code": 0, "chksum": 0xf7ff, "id": 0, "seq": 0},
		full:   "Ethernet / IP / ICMP 198.18.1.2 > 198.18.2.2 echo-request 0"},
	{name: "lab-verify.pcap#553 port-unreachable quoting UDP",
		hex:     "020000000102020000000103080045c00038d8bc00004001131fc6120103c612010203038b40000000004500001ca30d00003311569ac6120102c6120103d382270f00087722",
		layers:  []string{"Ethernet", "IP", "ICMP", "IP", "UDP"},
		icmp:    map[string]any{"type": 3, "code": 3, "chksum": 0x8b40, "reserved": 0, "length": 0, "nexthopmtu": 0},
		quoted:  map[string]any{"IPerror.src": "198.18.1.2", "IPerror.dst": "198.18.1.3", "IPerror.proto": 17, "UDPerror.sport": 54146, "UDPerror.dport": 9999},
		summary: "ICMP 198.18.1.3 > 198.18.1.2 dest-unreach port-unreachable"},
	{name: "lab-verify.pcap#601 time-exceeded quoting UDP",
		hex:     "020000000102020000000101080045c00058e132000040010a8bc6120101c61201020b008462000000004500003ca3ce0000011186bac6120102c6120202a595829a00285340404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f",
		layers:  []string{"Ethernet", "IP", "ICMP", "IP", "UDP"},
		icmp:    map[string]any{"type": 11, "code": 0, "chksum": 0x8462, "reserved": 0, "length": 0, "unused": 0},
		quoted:  map[string]any{"IPerror.src": "198.18.1.2", "IPerror.dst": "198.18.2.2", "IPerror.ttl": 1, "UDPerror.sport": 42389, "UDPerror.dport": 33434},
		summary: "ICMP 198.18.1.1 > 198.18.1.2 time-exceeded ttl-zero-during-transit"},
	{name: "lab-verify.pcap#624 time-exceeded quoting ICMP",
		hex:     "020000000102020000000101080045c00058e138000040010a85c6120101c61201020b00f4ff000000004500003cca34000001016064c6120102c6120202080014726e07000148494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f6061626364656667",
		layers:  []string{"Ethernet", "IP", "ICMP", "IP", "ICMP", "Raw"},
		icmp:    map[string]any{"type": 11, "code": 0, "chksum": 0xf4ff},
		quoted:  map[string]any{"IPerror.dst": "198.18.2.2", "ICMPerror.type": 8, "ICMPerror.chksum": 0x1472, "ICMPerror.id": 28167, "ICMPerror.seq": 1},
		summary: "ICMP 198.18.1.1 > 198.18.1.2 time-exceeded ttl-zero-during-transit"},
	{name: "pmtu-v4.pcap#4 fragmentation-needed quoting ICMP, cut short",
		hex: "02000005000102000005000a080045c002406455000040012380c6123201c612320203040ec900000500450005940000" +
			"400040014340c6123202c61234020800379d1bf10001eba9086b00000000453f00000000000010111213141516171819" +
			"1a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40414243444546474849" +
			"4a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f70717273747576777879" +
			"7a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9" +
			"aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9" +
			"dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff00010203040506070809" +
			"0a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233343536373839" +
			"3a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f60616263646566676869" +
			"6a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f90919293949596979899" +
			"9a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9" +
			"cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9" +
			"fafbfcfdfeff0001020304050607",
		layers:  []string{"Ethernet", "IP", "ICMP", "IP", "ICMP", "Raw"},
		icmp:    map[string]any{"type": 3, "code": 4, "chksum": 0x0ec9, "nexthopmtu": 1280},
		quoted:  map[string]any{"IPerror.len": 1428, "IPerror.dst": "198.18.52.2", "ICMPerror.chksum": 0x379d, "ICMPerror.id": 7153, "ICMPerror.seq": 1},
		summary: "ICMP 198.18.50.1 > 198.18.50.2 dest-unreach fragmentation-needed"},
	{name: "ndp-icmp.pcap#174 host-redirect",
		hex:     "02000009000102000009000e080045c00070690800004001d09cc6125a01c6125a020501dae8c6125a0345000054c49f40003f0134dfc6125a02c6125c030800802e1f7100011eaa086b000000007177010000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637",
		layers:  []string{"Ethernet", "IP", "ICMP", "IP", "ICMP", "Raw"},
		icmp:    map[string]any{"type": 5, "code": 1, "chksum": 0xdae8, "gw": "198.18.90.3"},
		quoted:  map[string]any{"IPerror.dst": "198.18.92.3", "ICMPerror.chksum": 0x802e, "ICMPerror.id": 8049, "ICMPerror.seq": 1},
		summary: "ICMP 198.18.90.1 > 198.18.90.2 redirect host-redirect"},
	{name: "ndp-icmp.pcap#190 protocol-unreachable quoting protocol 253",
		hex:     "020000090001020000090002080045c00058b18000004001883ac6125a03c6125a020302bb49000000004500003cda4b400040fd1f4fc6125a02c6125a036c6162636170206578706572696d656e74616c2070726f746f636f6c20323533207061796c6f6164",
		layers:  []string{"Ethernet", "IP", "ICMP", "IP"},
		icmp:    map[string]any{"type": 3, "code": 2, "chksum": 0xbb49},
		quoted:  map[string]any{"IPerror.proto": 253, "IPerror.src": "198.18.90.2"},
		summary: "ICMP 198.18.90.3 > 198.18.90.2 dest-unreach protocol-unreachable"},
	{name: "no-ip-frag-all.pcap#8 protocol-unreachable quoting SCTP",
		hex:     "000bdb941470000bdb941480080045c000601e94000040019ab50a76d5d40a76d5d303022131000000004500004400004000408479a20a76d5d30a76d5d40b7c0b7c00000000ea06aa8b010000220badab02000190000400040000000001000500080a76d5d3000c000600050000",
		layers:  []string{"Ethernet", "IP", "ICMP", "IP"},
		icmp:    map[string]any{"type": 3, "code": 2, "chksum": 0x2131},
		quoted:  map[string]any{"IPerror.proto": 132, "IPerror.src": "10.118.213.211"},
		summary: "ICMP 10.118.213.212 > 10.118.213.211 dest-unreach protocol-unreachable"},
	{name: "pmtu-v4.pcap#27 fragmentation-needed quoting TCP",
		hex: "02000005000102000005000a080045c0024066310000400121a4c6123201c6123202030460e300000500450005dc0d86" +
			"40004006356dc6123202c6123402b2281f90f11e02e029d519358010003fbd9c00000101080a7a220b7b2276f8b8504f" +
			"5354202f6563686f20485454502f312e310d0a486f73743a203139382e31382e35322e323a383038300d0a557365722d" +
			"4167656e743a206375726c2f372e38382e310d0a4163636570743a202a2f2a0d0a436f6e74656e742d4c656e6774683a" +
			"2031393734310d0a436f6e74656e742d547970653a206170706c69636174696f6e2f782d7777772d666f726d2d75726c" +
			"656e636f6465640d0a0d0a546175664b7530567449397379646e3766797645326b384e7a446c68533466683279706d55" +
			"646b7676355a5546434a434e393759504b7044775845743978433461316e4d623564494c6249476e43664c4f6d743464" +
			"4175626e2f66444441697572434e4b6754794c696e387757636242722f78334f4c70615745597a69727a535a69687972" +
			"666d326f6b6f49566f776e49746763526a3054344c544a58535a6b6f7765457469523671456b2b4f705331477a4f6a75" +
			"68516e6e37394a706b786133417032565578414f77786e6e66585948613949766c37656353457a503347442f48597a4c" +
			"724a666245785773514d6c444269506e4c4448732f355669564b434f486a7a454d47664d4b726862514a544c4d647978" +
			"7251626679314867546749487473615163416830435a51646345543039734767677a456d61447a2f6a75654431595479" +
			"2f3739444f524773557935773368",
		layers:  []string{"Ethernet", "IP", "ICMP", "IP", "TCP"},
		icmp:    map[string]any{"type": 3, "code": 4, "chksum": 0x60e3, "nexthopmtu": 1280},
		quoted:  map[string]any{"IPerror.proto": 6, "TCPerror.sport": 45608, "TCPerror.dport": 8080, "TCPerror.seq": 4045275872, "TCPerror.dataofs": 8},
		summary: "ICMP 198.18.50.1 > 198.18.50.2 dest-unreach fragmentation-needed"},
}

func TestICMPCorpus(t *testing.T) {
	for _, c := range icmpCorpus {
		t.Run(c.name, func(t *testing.T) {
			b := unhex(t, c.hex)
			p, err := packet.Dissect(b, EthernetType)
			ls := p.Layers()
			end := 0
			for i, name := range c.layers {
				if i >= len(ls) || ls[i].Proto().Name != name {
					t.Fatalf("layers %v, want %v first (err %v)", p, c.layers, err)
				}
				end += ls[i].HeaderLen()
			}
			var de *packet.DecodeError
			if err != nil && (!errors.As(err, &de) || de.Offset < end) {
				t.Fatalf("%v: %v", p, err)
			}
			icmp := p.GetLayer("ICMP")
			for name, want := range c.icmp {
				if v, err := icmp.Get(name); err != nil || fmt.Sprint(v) != fmt.Sprint(want) {
					t.Errorf("ICMP %s = %v (%v), want %v", name, v, err, want)
				}
			}
			for path, want := range c.quoted {
				ln, fn, _ := strings.Cut(path, ".")
				l := p.GetLayer(ln)
				if l == nil {
					t.Errorf("no %s in %v", ln, p)
					continue
				}
				if v, err := l.Get(fn); err != nil || fmt.Sprint(v) != fmt.Sprint(want) {
					t.Errorf("%s = %v (%v), want %v", path, v, err, want)
				}
			}
			m := icmp.(*ICMP)
			if m.IsError() != (p.Quoted() == 3) || (p.Quoted() == 3) != (c.quoted != nil) {
				t.Errorf("quote at %d", p.Quoted())
			}
			if c.full != "" {
				if s := p.String(); s != c.full {
					t.Errorf("summary %q, want %q", s, c.full)
				}
			} else if s := m.SummaryIn(p, 2); s != c.summary {
				t.Errorf("summary %q, want %q", s, c.summary)
			}
			if c.quoted != nil && !strings.Contains(p.Show(), "###[ IP in ICMP ]###") {
				t.Errorf("show:\n%s", p.Show())
			}
			roundTrip(t, p, b)
		})
	}
}

// Scapy 2.5 show() of the ICMP layer of golden packets, bytes written in
// Python 3 repr (b” where Scapy 2.5 prints ”).
var icmpShows = []struct{ hex, show string }{
	{"4500003c00010000400166be0a0000010a00000208003b21123400076162636465666768696a6b6c6d6e6f7071727374757677616263646566676869", `###[ ICMP ]###
  type      = echo-request
  code      = 0
  chksum    = 0x3b21
  id        = 0x1234
  seq       = 0x7
  unused    = b''
`},
	{"4500003800010000400166c20a0000020a00000103031119000000004500001c00010000401166ce0a0000010a00000204d200350008e6d4", `###[ ICMP ]###
  type      = dest-unreach
  code      = port-unreachable
  chksum    = 0x1119
  reserved  = 0
  length    = 0
  nexthopmtu= 0
  unused    = b''
`},
	{"45000044000100004001aeb6c00002010a00000104000c17010203044500002800010000400666cd0a0000010a000002000700090000000000000000500220007bd00000", `###[ ICMP ]###
  type      = source-quench
  code      = 0
  chksum    = 0xc17
  unused    = 16909060
`},
	{"4500003800010000400165c60a0000fe0a0000010501bc250a0000fd4500001c000100004011aec60a000001c0000209829a00350008b104", `###[ ICMP ]###
  type      = redirect
  code      = host-redirect
  chksum    = 0xbc25
  gw        = 10.0.0.253
  unused    = b''
`},
	{"45000044000100004001aeb6c00002010a0000010b01294a0005000045000028000100000106859a0a000001c6336401000100020000000000000000500220005baa0000", `###[ ICMP ]###
  type      = time-exceeded
  code      = ttl-zero-during-reassembly
  chksum    = 0x294a
  reserved  = 0
  length    = 5
  unused    = 0
`},
	{"45000044000100004001aeb6c00002010a0000010c025b470106abcd4500002800010000400666cd0a0000010a000002000300040000000000000000500220007bd90000", `###[ ICMP ]###
  type      = parameter-problem
  code      = 2
  chksum    = 0x5b47
  ptr       = 1
  length    = 6
  unused    = 43981
`},
	{"4500002800010000400166d20a0000020a0000010e00bdba00010002000003e80038cefc05265bff", `###[ ICMP ]###
  type      = timestamp-reply
  code      = 0
  chksum    = 0xbdba
  id        = 0x1
  seq       = 0x2
  ts_ori    = 0:0:1.0
  ts_rx     = 1:2:3.4
  ts_tx     = 23:59:59.999
  unused    = b''
`},
	{"4500002000010000400166da0a0000020a0000011200eef300050006ffffff00", `###[ ICMP ]###
  type      = address-mask-reply
  code      = 0
  chksum    = 0xeef3
  id        = 0x5
  seq       = 0x6
  addr_mask = 255.255.255.0
  unused    = b''
`},
	{"450000240001000040018fd90a0000fee00000010900d301010018000a0000fe00000000", `###[ ICMP ]###
  type      = router-advertisement
  code      = 0
  chksum    = 0xd301
  unused    = 16783360
`},
	{"4500002000010000400166da0a0000010a0000022500dae10009000a0000000b", `###[ ICMP ]###
  type      = domain-name-request
  code      = 0
  chksum    = 0xdae1
  id        = 0x9
  seq       = 0xa
  unused    = 11
`},
}

func TestICMPShow(t *testing.T) {
	for _, c := range icmpShows {
		b := unhex(t, c.hex)
		p, err := packet.Dissect(b, IPv4Type)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Layer(1).Show(); got != c.show {
			t.Errorf("show:\n%s\nwant:\n%s", got, c.show)
		}
		roundTrip(t, p, b)
	}
	// Scapy's show() of ICMP() before building.
	want := "###[ ICMP ]###\n  type      = echo-request\n  code      = 0\n  chksum    = None\n  id        = 0x0\n  seq       = 0x0\n  unused    = b''\n"
	if got := NewICMP().Show(); got != want {
		t.Errorf("fresh show:\n%s\nwant:\n%s", got, want)
	}
}

// TestICMPTypes builds every type with its Scapy layout (header length
// and the fields Show lists), then decodes it back.
func TestICMPTypes(t *testing.T) {
	for _, c := range []struct {
		typ    uint8
		hl     int
		fields string
	}{
		{0, 8, "type code chksum id seq unused"},
		{3, 8, "type code chksum reserved length nexthopmtu unused"},
		{4, 8, "type code chksum unused"},
		{5, 8, "type code chksum gw unused"},
		{8, 8, "type code chksum id seq unused"},
		{9, 8, "type code chksum unused"},
		{11, 8, "type code chksum reserved length unused"},
		{12, 8, "type code chksum ptr length unused"},
		{13, 20, "type code chksum id seq ts_ori ts_rx ts_tx unused"},
		{15, 8, "type code chksum id seq unused"},
		{17, 12, "type code chksum id seq addr_mask unused"},
		{30, 8, "type code chksum unused"},
		{37, 12, "type code chksum id seq unused"},
		{255, 8, "type code chksum unused"},
	} {
		m := NewICMP()
		m.Type = c.typ
		var names []string
		for _, line := range strings.Split(strings.TrimSpace(m.Show()), "\n")[1:] {
			n, _, _ := strings.Cut(line, "=")
			names = append(names, strings.TrimSpace(n))
		}
		if got := strings.Join(names, " "); got != c.fields || m.HeaderLen() != c.hl {
			t.Errorf("type %d: %d bytes, fields %q, want %d, %q", c.typ, m.HeaderLen(), got, c.hl, c.fields)
		}
		// every byte of the rest of the header belongs to a field
		m.ID, m.Seq, m.Gateway, m.Pointer, m.Reserved, m.Length = 0x0102, 0x0304, netip.MustParseAddr("1.2.3.4"), 1, 1, 2
		m.AddrMask, m.NextHopMTU, m.Unused = netip.MustParseAddr("5.6.7.8"), 0x0304, 0x01020304
		m.TSOri, m.TSRx, m.TSTx = fields.Some[uint32](0x05060708), fields.Some[uint32](0x090a0b0c), fields.Some[uint32](0x0d0e0f10)
		b, err := packet.New(m).Build()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b[4:], []byte{0}) {
			t.Errorf("type %d: a byte no field covers: %x", c.typ, b)
		}
		p, err := packet.Dissect(b, ICMPType)
		if err != nil || p.NumLayers() != 1 {
			t.Fatalf("type %d: %v %v", c.typ, p, err)
		}
		roundTrip(t, p, b)
		if v, _ := p.Layer(0).Get("chksum"); v.(uint16) != be16(b[2:]) {
			t.Errorf("checksum %v", v)
		}
	}
}

func TestICMPSetAndTimestamps(t *testing.T) {
	m := NewICMP()
	for _, c := range []struct {
		field string
		v     any
	}{
		{"type", "dest-unreach"}, {"code", "fragmentation-needed"}, {"nexthopmtu", 1400}, {"gw", "10.0.0.1"},
		{"ts_ori", "1:2:3.004"}, {"ts_rx", 42}, {"chksum", nil},
	} {
		if err := m.Set(c.field, c.v); err != nil {
			t.Fatalf("Set(%s, %v): %v", c.field, c.v, err)
		}
	}
	if m.Type != ICMPDestUnreach || m.Code != ICMPFragmentationNeeded || m.NextHopMTU != 1400 ||
		m.Gateway.String() != "10.0.0.1" || m.TSOri.Value != 3723004 || m.TSRx.Value != 42 || m.Checksum.Valid {
		t.Fatalf("%+v", m)
	}
	if err := m.Set("code", "host-redirect"); err == nil {
		t.Error("a redirect code name was taken for dest-unreach")
	}
	for _, s := range []string{"", "x", "30:00", "1:60", "1:2:3.4567", "1:2:3x"} {
		if _, err := ParseICMPTimestamp(s); err == nil {
			t.Errorf("ParseICMPTimestamp(%q) accepted", s)
		}
	}
	for s, want := range map[string]uint32{"1:2:3.4": 3723400, "1:2:3.004": 3723004, "12h30m": 45000000, "0:": 0, "23:59:59.999": 86399999} {
		if got, err := ParseICMPTimestamp(s); err != nil || got != want {
			t.Errorf("ParseICMPTimestamp(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	if s := FormatICMPTimestamp(3723004); s != "1:2:3.4" {
		t.Errorf("format %q", s)
	}
	// unset timestamps are the time of day, as Scapy's
	m = NewICMP()
	m.Type = ICMPTimestampRequest
	b, err := packet.New(m).Build()
	if err != nil {
		t.Fatal(err)
	}
	now := uint32(time.Now().UnixMilli() % 86400000)
	if ts := be32(b[8:]); now-ts > 5000 && ts-now > 5000 {
		t.Errorf("timestamp %d, now %d", ts, now)
	}
	if be32(b[8:]) != be32(b[12:]) || be32(b[8:]) != be32(b[16:]) {
		t.Errorf("timestamps differ: %x", b)
	}
}

// TestICMPQuoteCutShort: an error quoting only 8 bytes of a TCP header
// (what RFC 792 routers send). The ICMP and the quoted IP header decode;
// the 8 TCP bytes stay Raw, so the packet re-encodes unchanged.
func TestICMPQuoteCutShort(t *testing.T) {
	full := unhex(t, "45000044000100004001aeb6c00002010a0000010301111c0000000045000028004d0000400666810a0000010a0000029c400050000030390000000050022000af160000")
	b := full[:56]
	p, err := packet.Dissect(b, IPv4Type)
	if p.NumLayers() < 3 || p.Layer(1).Proto() != icmpProto || p.Quoted() != 2 || p.GetLayer("IPerror") == nil {
		t.Fatalf("%v", p)
	}
	if err != nil {
		// the TCP decoder does not yet take a short quote for granted
		var de *packet.DecodeError
		if !errors.As(err, &de) || de.Layer != "TCP" || de.Offset != 48 || !errors.Is(err, packet.ErrTruncated) {
			t.Fatalf("%v", err)
		}
	}
	roundTrip(t, p, b)
}

// TestICMPTruncated cuts a frame with a quote everywhere.
func TestICMPTruncated(t *testing.T) {
	b := unhex(t, icmpCorpus[3].hex)
	for n := 0; n <= len(b); n++ {
		p, err := packet.Dissect(b[:n], EthernetType)
		if n > 34 && n < 42 {
			var de *packet.DecodeError
			if !errors.As(err, &de) || de.Layer != "ICMP" || de.Offset != 34 || !errors.Is(err, packet.ErrTruncated) {
				t.Errorf("%d bytes: %v", n, err)
			}
		}
		if got, _ := p.Build(); !bytes.Equal(got, b[:n]) {
			t.Errorf("%d bytes: rebuilt %x", n, got)
		}
	}
	// extract_read2_asan.pcap#1 (raw IPv4, 34 of 512 bytes captured): a
	// source-quench cut to 6 bytes after a 28-byte header.
	asan := unhex(t, "4714020000010000000103fff0190000030303030303030303030303044303030303")
	p, err := packet.Dissect(asan, IPv4Type)
	var de *packet.DecodeError
	if !errors.As(err, &de) || de.Layer != "ICMP" || de.Offset != 28 || p.NumLayers() != 2 {
		t.Errorf("%v: %v", p, err)
	}
	roundTrip(t, p, asan)
	// a timestamp needs 20 bytes
	ts := unhex(t, "0d00000000010002000003e8")
	if _, err := packet.Dissect(ts, ICMPType); !errors.Is(err, packet.ErrTruncated) {
		t.Errorf("short timestamp: %v", err)
	}
}

func TestICMPBinding(t *testing.T) {
	if n := packet.NextLayer(IPv4Type, "proto", IPProtoICMP); n != ICMPType {
		t.Errorf("proto 1 dissects as %v", n)
	}
	if v, ok := packet.BindValue(IPv4Type, ICMPType, "proto"); !ok || v != IPProtoICMP {
		t.Errorf("ICMP over IP builds proto %d %v", v, ok)
	}
}

func TestICMPNoAllocs(t *testing.T) {
	d := packet.NewDecoder(EthernetType)
	for _, i := range []int{0, 3, 5} {
		b := unhex(t, icmpCorpus[i].hex)
		if _, err := d.Decode(b); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() { d.Decode(b) }); n != 0 {
			t.Errorf("%s: warm decode: %v allocations", icmpCorpus[i].name, n)
		}
	}
	ip := NewIPv4()
	ip.Src = netip.MustParseAddr("10.0.0.1")
	m := NewICMP()
	m.ID, m.Seq = 1, 2
	p := packet.New(ip, m, &Raw{Load: []byte("0123456789")})
	buf := make([]byte, 64)
	if n := testing.AllocsPerRun(100, func() { p.BuildInto(buf) }); n != 0 {
		t.Errorf("build: %v allocations", n)
	}
}

// FuzzICMP dissects from Ethernet and from IPv4: no panic, and what
// decodes re-encodes byte for byte.
func FuzzICMP(f *testing.F) {
	for _, c := range icmpCorpus {
		b, _ := hex.DecodeString(c.hex)
		f.Add(b)
		f.Add(b[EthHdrLen:])
	}
	for _, c := range icmpShows {
		b, _ := hex.DecodeString(c.hex)
		f.Add(b)
	}
	f.Add([]byte("\x47\x14\x02\x00\x00\x01\x00\x00\x00\x01\x03\xff\xf0\x19\x00\x00\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x04\x43\x03\x03\x03\x03"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, first := range []packet.LayerType{EthernetType, IPv4Type} {
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
