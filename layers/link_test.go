package layers_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// linkFrames are real frames from /work/shared/corpus with the capture
// link type of their file. first holds the first layer's field values as
// tshark reads them (sll.pkttype, sll.hatype, sll.halen, sll.src.eth,
// sll.etype, sll.ifindex, null.family; Scapy's scapy-dump.py agrees, and
// gives src as the whole 8-byte field); stack is the start of the layer
// stack (protocols not written yet end it in Raw).
var linkFrames = []struct {
	name     string
	linkType uint32
	hex      string
	first    map[string]string
	stack    string
}{
	{
		name: "tcpdump/tcp-handshake-nano.pcap#1", linkType: 113,
		hex:   "000402000000000000000000000008004500003c29a940004006db5f839bd7458974515eb64000502f842acb00000000a0026a4050c40000020405500402080a436a03620000000001030307",
		first: map[string]string{"pkttype": "4", "lladdrtype": "512", "lladdrlen": "0", "src": "0000000000000000", "proto": "2048"},
		stack: "CookedLinux IP TCP",
	},
	{
		name: "tcpdump/tcp-handshake-nano.pcap#2", linkType: 113,
		hex:   "000002000000000000000000000008004500003c1c4440007506b3c48974515e839bd7450050b640b7839f902f842acca012200086480000020405a0010303080402080a0df5af50436a0362",
		first: map[string]string{"pkttype": "0", "lladdrtype": "512", "lladdrlen": "0", "proto": "2048"},
		stack: "CookedLinux IP TCP",
	},
	{
		name: "tcpdump/tcp-handshake-nano.pcap#3", linkType: 113,
		hex:   "000402000000000000000000000008004500003429aa40004006db66839bd7458974515eb64000502f842accb7839f91801000d5d40c00000101080a436a03820df5af50",
		first: map[string]string{"pkttype": "4", "proto": "2048"},
		stack: "CookedLinux IP TCP",
	},
	{
		name: "tcpdump/forces2.pcap#1", linkType: 113,
		hex:   "000400010006000c29b2a1170000080045020044000040004084b5c6c0a8018ec0a8018f84c11a3000000000259ef43f0100002494d021980000e00000010001e55ce946000c00060005000080000004c0000004",
		first: map[string]string{"pkttype": "4", "lladdrtype": "1", "lladdrlen": "6", "src": "000c29b2a1170000", "proto": "2048"},
		stack: "CookedLinux IP",
	},
	{
		name: "pcapplusplus/Sll2Packet.pcap#1", linkType: 276,
		hex: "080000000000001400010406d2cfc25015ea0000450000288b2240004006599707f99772743f426cdfcc01bba7ab9fbfaaceb5e95010042256310000",
		first: map[string]string{"proto": "2048", "reserved": "0", "ifindex": "20", "lladdrtype": "1", "pkttype": "4",
			"lladdrlen": "6", "src": "d2cfc25015ea0000"},
		stack: "CookedLinuxV2 IP TCP",
	},
	{
		name: "tcpdump/tcp_rst_diag_payload.pcap#1", linkType: 0,
		hex:   "020000004500003000000000ff06391dc0000201c0a800019b951f900000000113f49af15014000086a8000033aa000100000000",
		first: map[string]string{"type": "2"},
		stack: "Loopback IP TCP",
	},
	{
		name: "tcpdump/ikev2four.pcap#1", linkType: 0,
		hex:   "02000000450001944dc400004011a841c0a80102c0a8010101f401f401800765a88875a8198992a6000000000000000021202208000000000000017822000078000000740101000c0300000c0100000c800e00800300000c0100000c800e01000300000c0100000c800e00c003000008010000030300000802000002030000080200000103000008020000040300000803000002030000080300000103000008030000050300000804000002000000080400000e2800008800020000b5445bd60cece6fdcd3c96a52cbb7bb426a8c7a0f56a9c38d1b1c4f0c3a6e8e7dba5c7339b6ed02e757119dfb5b6933ce93b604987fbbc77221b2a0c7cdd32787eff10572bef546c361462f9da34847969a42e51c755996beac42e6fba961a75de0fc1b23f099380896ee89202122dedac1bd54aa8494ac3d740be4d2a4cf39d290000246128ebd023a864e94a7ffb74bf7cce2fd4367322b8b073f942282bd52ebfe3e62900001c00004004442ffe5aea0cee4dbacc758e801233bdc09a0abf0000001c00004005ba041b5de59955900d818ac54e18b236739d9e8b",
		first: map[string]string{"type": "2"},
		stack: "Loopback IP UDP",
	},
	{
		name: "pcapplusplus/mysql.pcapng#1", linkType: 0,
		hex:   "02000000450000f200004000400600007f0000017f000001e8470cea5e6f2109b3ea33ff801818ebfee600000101080a559342eb0f99c276ba0000018da6ff1900000001ff0000000000000000000000000000000000000000000000726f6f7400010073616b696c610063616368696e675f736861325f70617373776f72640075035f6f73096d61636f7331342e38095f706c6174666f726d067838365f36340f5f636c69656e745f76657273696f6e05392e362e300c5f636c69656e745f6e616d65086c69626d7973716c045f7069640432313436076f735f7573657204656c61640c70726f6772616d5f6e616d65056d7973716c",
		first: map[string]string{"type": "2"},
		stack: "Loopback IP TCP",
	},
	{
		// Darwin's AF_INET6 (30); tshark reads IPv6, Scapy on Linux Raw.
		name: "tcpdump/quic_vn.pcap#1 (first 120 bytes)", linkType: 0,
		hex:   "1e00000060060e0004b811400000000000000000000000000000000100000000000000000000000000000001e03e01bb04b804cbc71a2a3a4a089d5728481287a3b40000449ee863ad60fd952f62ce93b8509eeba8def07ed7d9eba494d8e45598a41d1c9f1b074638183a0016f551c69c062a91d00c160050f42a4d80d082e5f4c280",
		first: map[string]string{"type": "30"},
		stack: "Loopback IPv6 UDP",
	},
	{
		name: "tcpdump/LINKTYPE_RAW_ipv4.pcap#1", linkType: 101,
		hex:   "45000039000100004011a695c0a80164090909093039003500251976123401000001000000000000076578616d706c6503636f6d0000010001",
		first: map[string]string{"version": "4", "proto": "17", "src": "192.168.1.100", "dst": "9.9.9.9"},
		stack: "IP UDP",
	},
	{
		// link type 0x30000065: LINKTYPE_RAW with FCS bits; one byte, version 3.
		name: "tcpdump/heap-overflow-1.pcap#1", linkType: 101,
		hex:   "30",
		first: map[string]string{"load": "30"},
		stack: "Raw",
	},
	{
		name: "tcpdump/LINKTYPE_IPV4.pcap#1", linkType: 228,
		hex:   "45000039000100004011a695c0a80164090909093039003500251976123401000001000000000000076578616d706c6503636f6d0000010001",
		first: map[string]string{"src": "192.168.1.100", "dst": "9.9.9.9"},
		stack: "IP UDP",
	},
	{
		name: "tcpdump/icmpv6_nodeinfo_queryipv4.pcap#1", linkType: 229,
		hex:   "6000000000143a4000000000000000000000000000000001000000000000000000000000000000018b027b23000400023a9359e0b3afef5ec0000201",
		first: map[string]string{"nh": "58", "src": "::1"},
		stack: "IPv6 ICMPv6",
	},
}

func linkHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func linkStack(p *packet.Packet) string {
	var names []string
	for _, l := range p.Layers() {
		names = append(names, l.Proto().Name)
	}
	return strings.Join(names, " ")
}

// linkRoundTrip dissects data from its link type's first layer and
// requires a byte-exact rebuild and a warm decoder that agrees.
func linkRoundTrip(t *testing.T, linkType uint32, data []byte) *packet.Packet {
	t.Helper()
	first, ok := packet.FirstLayer(linkType, data)
	if !ok {
		t.Fatalf("link type %d is not bound", linkType)
	}
	p, _ := packet.Dissect(data, first)
	b, err := p.Build()
	if err != nil || !bytes.Equal(b, data) {
		t.Fatalf("round trip of %v: err=%v\n got %x\nwant %x", p, err, b, data)
	}
	d := packet.NewDecoder(first)
	for range 2 {
		q, _ := d.Decode(data)
		if q.String() != p.String() {
			t.Fatalf("decoder %q, Dissect %q", q, p)
		}
	}
	_ = p.Show()
	_ = p.AppendJSON(nil, 1)
	return p
}

func TestLinkCorpusFrames(t *testing.T) {
	for _, f := range linkFrames {
		t.Run(f.name, func(t *testing.T) {
			data := linkHex(t, f.hex)
			p := linkRoundTrip(t, f.linkType, data)
			if got := linkStack(p); got != f.stack && !strings.HasPrefix(got, f.stack+" ") {
				t.Errorf("layers %q, want %q...", got, f.stack)
			}
			if f.stack != "Raw" && p.Err() != nil {
				t.Errorf("dissect: %v", p.Err())
			}
			l := p.Layer(0)
			for name, want := range f.first {
				pf := l.Proto().Field(name)
				if pf == nil {
					t.Errorf("%s has no field %s", l.Proto().Name, name)
					continue
				}
				if got := fmt.Sprint(pf.JSON(l)); got != want {
					t.Errorf("%s.%s = %s, want %s", l.Proto().Name, name, got, want)
				}
			}
		})
	}
}

// TestLinkScapyNames: GetLayer takes Scapy's class and display names.
func TestLinkScapyNames(t *testing.T) {
	for _, c := range []struct {
		names []string
		typ   packet.LayerType
	}{
		{[]string{"CookedLinux", "SLL", "cooked linux"}, layers.SLLType},
		{[]string{"CookedLinuxV2", "SLL2", "cooked linux v2"}, layers.SLL2Type},
		{[]string{"Loopback", "Null"}, layers.LoopbackType},
	} {
		for _, n := range c.names {
			if pr := packet.Lookup(n); pr == nil || pr.Type() != c.typ {
				t.Errorf("Lookup(%q) = %v, want %v", n, pr, c.typ)
			}
		}
	}
	for lt, want := range map[uint32]packet.LayerType{0: layers.LoopbackType, 108: layers.LoopbackType,
		113: layers.SLLType, 276: layers.SLL2Type, 228: layers.IPv4Type, 229: layers.IPv6Type} {
		if got, ok := packet.LinkTypeLayer(lt); !ok || got != want {
			t.Errorf("link type %d: %v %v, want %v", lt, got, ok, want)
		}
	}
}

// TestLinkRawIP: the raw IP link types pick the layer by version nibble.
func TestLinkRawIP(t *testing.T) {
	for _, lt := range []uint32{12, 14, 101} {
		for _, c := range []struct {
			data []byte
			want packet.LayerType
		}{
			{[]byte{0x45, 0}, layers.IPv4Type},
			{[]byte{0x4f}, layers.IPv4Type},
			{[]byte{0x60, 0, 0, 0}, layers.IPv6Type},
			{[]byte{0x30}, packet.RawType},
			{[]byte{0x00}, packet.RawType},
			{[]byte{0xff}, packet.RawType},
			{nil, packet.RawType},
		} {
			got, ok := packet.FirstLayer(lt, c.data)
			if !ok || got != c.want {
				t.Errorf("link type %d, % x: %v %v, want %v", lt, c.data, got, ok, c.want)
			}
		}
	}
	if got := layers.RawIPLayer([]byte{0x50}); got != 0 {
		t.Errorf("version 5: %v, want 0", got)
	}
}

// TestLinkLoopbackByteOrder: LINKTYPE_NULL in either byte order and
// LINKTYPE_LOOP in network order decode to the same family and re-encode
// as read.
func TestLinkLoopbackByteOrder(t *testing.T) {
	ip6 := "6000000000003b40" + strings.Repeat("00", 15) + "01" + strings.Repeat("00", 15) + "01"
	ip4 := "450000140001000040007ce77f0000017f000001"
	for _, c := range []struct {
		lt     uint32
		hdr    string
		family uint32
		be     bool
		next   string
	}{
		{0, "02000000", 2, false, "IP"},
		{0, "00000002", 2, true, "IP"},
		{108, "00000002", 2, true, "IP"},
		{0, "18000000", 24, false, "IPv6"},
		{0, "00000018", 24, true, "IPv6"},
		{108, "00000018", 24, true, "IPv6"},
		{0, "1c000000", 28, false, "IPv6"},
		{0, "0000001c", 28, true, "IPv6"},
		{0, "1e000000", 30, false, "IPv6"},
		{0, "0000001e", 30, true, "IPv6"},
		{0, "0a000000", 10, false, "IPv6"},
		{0, "07000000", 7, false, "Raw"},
		{0, "00000000", 0, false, "Raw"},
		{0, "02000002", 0x02000002, false, "Raw"},
	} {
		payload := ip4
		if c.next == "IPv6" {
			payload = ip6
		}
		data := linkHex(t, c.hdr+payload)
		p := linkRoundTrip(t, c.lt, data)
		lo, ok := packet.LayerOf[*layers.Loopback](p)
		if !ok {
			t.Fatalf("%s: no Loopback in %v", c.hdr, p)
		}
		if lo.Family != fields.Some(c.family) || lo.BigEndian != c.be {
			t.Errorf("%s: family %v big-endian %v, want %d %v", c.hdr, lo.Family, lo.BigEndian, c.family, c.be)
		}
		if got := p.Layer(1).Proto().Name; got != c.next {
			t.Errorf("%s: next %s, want %s", c.hdr, got, c.next)
		}
	}
}

// TestLinkBuild: unset protocol and family fields come from the layer
// above; a value that was set is kept; the address field is 8 bytes,
// zero padded even in a dirty buffer.
func TestLinkBuild(t *testing.T) {
	arp := func() packet.Layer { return layers.NewARP() }
	ip4 := func() packet.Layer { return layers.NewIPv4() }
	ip6 := func() packet.Layer { return layers.NewIPv6() }
	raw := func() packet.Layer { return &layers.Raw{Load: []byte("x")} }
	for _, c := range []struct {
		name  string
		first packet.Layer
		upper func() packet.Layer
		off   int
		want  string
	}{
		{"sll/ip", layers.NewSLL(), ip4, 14, "0800"},
		{"sll/ipv6", layers.NewSLL(), ip6, 14, "86dd"},
		{"sll/arp", layers.NewSLL(), arp, 14, "0806"},
		{"sll/raw", layers.NewSLL(), raw, 14, "0800"},
		{"sll/none", layers.NewSLL(), nil, 14, "0800"},
		{"sll set", &layers.SLL{Protocol: fields.Some[uint16](0x86dd)}, ip4, 14, "86dd"},
		{"sll2/ipv6", layers.NewSLL2(), ip6, 0, "86dd"},
		{"sll2/arp", layers.NewSLL2(), arp, 0, "0806"},
		{"sll2/none", layers.NewSLL2(), nil, 0, "0800"},
		{"sll2 set", &layers.SLL2{Protocol: fields.Some[uint16](0x1234)}, ip6, 0, "1234"},
		{"null/ip", layers.NewLoopback(), ip4, 0, "02000000"},
		{"null/ipv6", layers.NewLoopback(), ip6, 0, "18000000"},
		{"null/raw", layers.NewLoopback(), raw, 0, "02000000"},
		{"loop/ip", layers.NewLoop(), ip4, 0, "00000002"},
		{"loop/ipv6", layers.NewLoop(), ip6, 0, "00000018"},
		{"null set", &layers.Loopback{Family: fields.Some[uint32](30)}, ip6, 0, "1e000000"},
		{"loop set", &layers.Loopback{Family: fields.Some[uint32](28), BigEndian: true}, ip4, 0, "0000001c"},
	} {
		ls := []packet.Layer{c.first}
		if c.upper != nil {
			ls = append(ls, c.upper())
		}
		p := packet.New(ls...)
		buf := bytes.Repeat([]byte{0xff}, 128)
		b, err := p.BuildInto(buf)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		w := linkHex(t, c.want)
		if got := b[c.off : c.off+len(w)]; !bytes.Equal(got, w) {
			t.Errorf("%s: %x, want %x", c.name, got, w)
		}
		if sll, ok := c.first.(*layers.SLL); ok && !bytes.Equal(b[6:14], make([]byte, 8)) && sll.Src == nil {
			t.Errorf("%s: address field %x, want zeros", c.name, b[6:14])
		}
		if sll, ok := c.first.(*layers.SLL2); ok && !bytes.Equal(b[12:20], make([]byte, 8)) && sll.Src == nil {
			t.Errorf("%s: address field %x, want zeros", c.name, b[12:20])
		}
		// Building fills nothing into the layer: it stays unset.
		if f := c.first.Proto().Field("proto"); f != nil && !strings.HasSuffix(c.name, " set") && f.IsSet(c.first) {
			t.Errorf("%s: build set the proto field", c.name)
		}
	}

	// A long address is cut at 8 bytes, a short one padded.
	long := &layers.SLL{Src: []byte("0123456789")}
	b, err := packet.New(long).BuildInto(bytes.Repeat([]byte{0xff}, 16))
	if err != nil || string(b[6:14]) != "01234567" {
		t.Errorf("long address: %q %v", b[6:14], err)
	}
	short := &layers.SLL2{Src: []byte{1, 2}}
	b, err = packet.New(short).BuildInto(bytes.Repeat([]byte{0xff}, 20))
	if err != nil || !bytes.Equal(b[12:20], []byte{1, 2, 0, 0, 0, 0, 0, 0}) {
		t.Errorf("short address: %x %v", b[12:20], err)
	}
	if _, err := packet.New(layers.NewSLL2(), layers.NewIPv6()).BuildInto(make([]byte, 10)); !errors.Is(err, packet.ErrShortBuffer) {
		t.Errorf("short buffer: %v", err)
	}
}

var linkShows = []struct {
	linkType uint32
	hex      string
	show     string
	summary  string
}{
	{113, "000000010006001122334455000008004500001c00010000400166de0a0000010a0000020800f7ff00000000",
		"###[ CookedLinux ]###\n  pkttype   = unicast\n  lladdrtype= 0x1\n  lladdrlen = 6\n  src       = 00:11:22:33:44:55\n  proto     = IPv4\n",
		"CookedLinux unicast 00:11:22:33:44:55 (IPv4)"},
	{113, "00030304000000000000000000001234616263",
		"###[ CookedLinux ]###\n  pkttype   = unicast-to-another-host\n  lladdrtype= 0x304\n  lladdrlen = 0\n  src       = b'\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00'\n  proto     = 0x1234\n",
		"CookedLinux unicast-to-another-host (0x1234)"},
	{276, "080000000000001400010406d2cfc25015ea0000450000288b2240004006599707f99772743f426cdfcc01bba7ab9fbfaaceb5e95010042256310000",
		"###[ CookedLinuxV2 ]###\n  proto     = IPv4\n  reserved  = 0\n  ifindex   = 20\n  lladdrtype= 0x1\n  pkttype   = sent-by-us\n  lladdrlen = 6\n  src       = d2:cf:c2:50:15:ea\n",
		"CookedLinuxV2 sent-by-us d2:cf:c2:50:15:ea ifindex 20 (IPv4)"},
	{276, "43210007deadbeeffffe02083132333435363738010203",
		"###[ CookedLinuxV2 ]###\n  proto     = 0x4321\n  reserved  = 7\n  ifindex   = 3735928559\n  lladdrtype= 0xfffe\n  pkttype   = multicast\n  lladdrlen = 8\n  src       = 31:32:33:34:35:36:37:38\n",
		"CookedLinuxV2 multicast 31:32:33:34:35:36:37:38 ifindex 3735928559 (0x4321)"},
	{0, "1e00000060000000000811400000000000000000000000000000000100000000000000000000000000000001003500350008ff72",
		"###[ Loopback ]###\n  type      = IPv6_Darwin\n",
		"Loopback (IPv6_Darwin)"},
	{108, "00000002450000140001000040007ce77f0000017f000001",
		"###[ Loopback ]###\n  type      = IPv4\n",
		"Loopback (IPv4)"},
}

// TestLinkShowSummary: Show uses Scapy's field names and values (src as
// an address of lladdrlen bytes); like Scapy, the packet summary names
// the link layer and lets the layers above describe the packet.
func TestLinkShowSummary(t *testing.T) {
	for _, c := range linkShows {
		p := linkRoundTrip(t, c.linkType, linkHex(t, c.hex))
		l := p.Layer(0)
		if got := l.Show(); got != c.show {
			t.Errorf("show:\n%s\nwant:\n%s", got, c.show)
		}
		if got := l.Summary(); got != c.summary {
			t.Errorf("summary %q, want %q", got, c.summary)
		}
		if s, name := p.String(), l.Proto().Name; !strings.HasPrefix(s, name+" / ") {
			t.Errorf("packet summary %q, want %q first", s, name)
		}
	}
	p, _ := packet.Dissect(linkHex(t, "000000010006001122334455000008004500001c00010000400166de0a0000010a0000020800f7ff00000000"), layers.SLLType)
	if !strings.HasPrefix(p.String(), "CookedLinux / IP / ICMP 10.0.0.1 > 10.0.0.2") {
		t.Errorf("packet summary %q", p)
	}
	if got := packet.New(layers.NewSLL()).String(); got != "CookedLinux" {
		t.Errorf("summary of a lone header %q, want Scapy's %q", got, "CookedLinux")
	}
}

// TestLinkSetGet: fields by Scapy name, with enum names and bytes.
func TestLinkSetGet(t *testing.T) {
	s := layers.NewSLL()
	for name, v := range map[string]any{"pkttype": "sent-by-us", "lladdrtype": 1, "lladdrlen": 6,
		"src": []byte{1, 2, 3, 4, 5, 6}, "proto": "IPv6"} {
		if err := s.Set(name, v); err != nil {
			t.Fatalf("set %s: %v", name, err)
		}
	}
	if s.PktType != layers.SLLOutgoing || s.LLAddrType != 1 || s.Protocol != fields.Some[uint16](0x86dd) ||
		!bytes.Equal(s.Addr(), []byte{1, 2, 3, 4, 5, 6}) {
		t.Errorf("after set: %+v", s)
	}
	if v, err := s.Get("src"); err != nil || !bytes.Equal(v.([]byte), []byte{1, 2, 3, 4, 5, 6}) {
		t.Errorf("get src: %v %v", v, err)
	}
	if err := s.Set("proto", nil); err != nil || s.Protocol.Valid {
		t.Errorf("unset proto: %v %+v", err, s.Protocol)
	}
	if err := s.Set("pkttype", 1<<16); err == nil {
		t.Error("pkttype 65536 accepted")
	}
	if err := s.Set("nosuch", 1); !errors.Is(err, packet.ErrNoField) {
		t.Errorf("unknown field: %v", err)
	}

	s2 := layers.NewSLL2()
	if err := s2.Set("ifindex", uint32(7)); err != nil || s2.IfIndex != 7 {
		t.Errorf("set ifindex: %v %d", err, s2.IfIndex)
	}
	if err := s2.Set("pkttype", 256); err == nil {
		t.Error("sll2 pkttype 256 accepted")
	}
	if v, _ := s2.Get("lladdrtype"); v != uint16(512) {
		t.Errorf("sll2 default lladdrtype %v", v)
	}

	lo := layers.NewLoopback()
	if v, _ := lo.Get("type"); v != nil {
		t.Errorf("unset type reads %v, want nil", v)
	}
	for name, want := range map[string]uint32{"IPv4": 2, "IPv6": 24, "IPv6_FreeBSD": 28, "IPv6_Darwin": 30, "0x1e": 30} {
		if err := lo.Set("type", name); err != nil || lo.Family != fields.Some(want) {
			t.Errorf("set type %s: %v %v", name, err, lo.Family)
		}
	}
}

// TestLinkTruncated: short headers are ErrTruncated, kept as Raw, and
// still re-encode.
func TestLinkTruncated(t *testing.T) {
	for _, c := range []struct {
		lt uint32
		n  int
	}{{113, 16}, {276, 20}, {0, 4}, {108, 4}} {
		full := make([]byte, c.n)
		for n := 1; n < c.n; n++ {
			data := full[:n]
			first, _ := packet.FirstLayer(c.lt, data)
			p, err := packet.Dissect(data, first)
			if !errors.Is(err, packet.ErrTruncated) {
				t.Errorf("link type %d, %d bytes: %v", c.lt, n, err)
			}
			var de *packet.DecodeError
			if !errors.As(err, &de) || de.Offset != 0 {
				t.Errorf("link type %d, %d bytes: %#v", c.lt, n, err)
			}
			if b, err := p.Build(); err != nil || !bytes.Equal(b, data) {
				t.Errorf("link type %d, %d bytes: rebuilt %x %v", c.lt, n, b, err)
			}
		}
		// The bare header decodes alone.
		first, _ := packet.FirstLayer(c.lt, full)
		if p, err := packet.Dissect(full, first); err != nil || p.NumLayers() != 1 {
			t.Errorf("link type %d: bare header: %v %v", c.lt, p, err)
		}
	}
}

func TestLinkNoAllocs(t *testing.T) {
	for _, i := range []int{0, 3, 4, 5} {
		f := linkFrames[i]
		data := linkHex(t, f.hex)
		first, _ := packet.FirstLayer(f.linkType, data)
		d := packet.NewDecoder(first)
		if _, err := d.Decode(data); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() { d.Decode(data) }); n != 0 {
			t.Errorf("%s: warm decode: %v allocations", f.name, n)
		}
	}
	p := packet.New(&layers.SLL2{LLAddrLen: 6, Src: []byte{1, 2, 3, 4, 5, 6}}, layers.NewIPv4(), layers.NewTCP())
	q := packet.New(layers.NewLoopback(), layers.NewIPv6(), layers.NewUDP())
	buf := make([]byte, 128)
	if n := testing.AllocsPerRun(100, func() { p.BuildInto(buf); q.BuildInto(buf) }); n != 0 {
		t.Errorf("build: %v allocations", n)
	}
}

// FuzzLinkLayers dissects from each link type this file covers: nothing
// panics, and a packet that decodes re-encodes byte for byte.
func FuzzLinkLayers(f *testing.F) {
	for _, fr := range linkFrames {
		f.Add(linkHex(f, fr.hex))
	}
	for _, c := range linkShows {
		f.Add(linkHex(f, c.hex))
	}
	f.Add([]byte{0, 0, 0, 0x18, 0x60})
	f.Add([]byte{0x1c, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lt := range []uint32{113, 276, 0, 108, 101} {
			first, _ := packet.FirstLayer(lt, data)
			p, err := packet.Dissect(data, first)
			_ = p.String()
			_ = p.Show()
			for _, l := range p.Layers() {
				_ = l.Summary()
			}
			out, berr := p.Build()
			if err == nil && (berr != nil || !bytes.Equal(out, data)) {
				t.Fatalf("link type %d: %v: round trip err=%v\n got %x\nwant %x", lt, p, berr, out, data)
			}
		}
	})
}
