package layers_test

import (
	"encoding/hex"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

var greFrames = []tunFrame{
	// PPTP: gre.proto 0x880b, gre.key.payload_length 14, gre.key.call_id 24,
	// gre.sequence_number 0, ppp.address 0xff, ppp.protocol 0xc021 (LCP,
	// which stays Raw)
	{"pcapplusplus/GrePackets.cap#11",
		"0009e955c01c00140000020008004500002e18cf0000402f39d014000002140000013001880b000e001800000000ff03" +
			"c0210100000a05060a94c166",
		"Ethernet/IP/GRE/HDLC/PPP/Raw",
		[]tunField{{"GRE", 0, "version", 1}, {"GRE", 0, "proto", 0x880b}, {"GRE", 0, "payload_len", 14},
			{"GRE", 0, "call_id", 24}, {"GRE", 0, "sequence_number", 0}, {"GRE", 0, "acknum_present", 0}}},
	// gre.key.payload_length 18, gre.key.call_id 1, gre.sequence_number 1,
	// gre.ack_number 4294967295
	{"pcapplusplus/GrePackets.cap#13",
		"0014000002000009e955c01c0800450000361ad70000ff2f78bf14000001140000023081880b0012000100000001ffff" +
			"ffffff03c0210101000e0304c02305060f3f117c",
		"Ethernet/IP/GRE/HDLC/PPP/Raw",
		[]tunField{{"GRE", 0, "payload_len", 18}, {"GRE", 0, "call_id", 1}, {"GRE", 0, "sequence_number", 1},
			{"GRE", 0, "acknum_present", 1}, {"GRE", 0, "ack_number", 4294967295}, {"PPP", 0, "proto", 0xc021}}},
	// an acknowledgment alone: gre.key.payload_length 0, gre.key.call_id 24,
	// gre.ack_number 6
	{"pcapplusplus/GrePackets.cap#25",
		"0009e955c01c00140000020008004500002018d70000402f39d614000002140000012081880b0000001800000006",
		"Ethernet/IP/GRE",
		[]tunField{{"GRE", 0, "payload_len", 0}, {"GRE", 0, "call_id", 24}, {"GRE", 0, "ack_number", 6},
			{"GRE", 0, "seqnum_present", 0}}},
	// a keepalive: gre.proto 0x0800,0x0000 (checksum present, IP in GRE in IP)
	{"pcapplusplus/GrePackets.pcap#3",
		"00010100000200010100000108004500003400010000402f7c987f0000017f0000018000080077ff000045000018b6fd" +
			"0000402fc5b77f0000017f00000100000000",
		"Ethernet/IP/GRE/IP/GRE",
		[]tunField{{"GRE", 0, "chksum_present", 1}, {"GRE", 0, "chksum", 0x77ff}, {"GRE", 0, "proto", 0x0800},
			{"GRE", 1, "proto", 0}}},
	// gre.proto 0x0800,0x0800: GRE in GRE, RIP inside
	{"pcapplusplus/GrePackets.pcap#5",
		"000ffedd2242001bd5ff54d90800450000645f020000f42fed54566aa49648cd36460000080045c0004c59920000fe2f" +
			"36190a0a0d020a0a0b020000080045c00034000000000211d1eb03030302e000000902080208002052e1020200000002" +
			"0000c0a80100ffffff000000000000000001",
		"Ethernet/IP/GRE/IP/GRE/IP/UDP/Raw",
		[]tunField{{"GRE", 0, "proto", 0x0800}, {"GRE", 1, "proto", 0x0800}, {"UDP", 0, "dport", 520}}},
	// vlan.etype 0x86dd: IPv4 in IPv6, then PPTP's GRE: gre.key.call_id 17,
	// gre.key.payload_length 178, gre.sequence_number 539320; then
	// ppp:ip:udp:dns, ppp.protocol 0x0021
	{"pcapplusplus/GrePackets.pcap#6",
		"0c010000613d001906e682c48100006486dd6000000000d204392607fcd00100230000000000b1082a6b2402f0000001" +
			"8e010000000000005555450000d286d74000402f3b8fc034a69a100000c83001880b00b2001100083ab8ff0300214500" +
			"00ae0306000032119d1608080808ac102c0300359f40009abbdaa62c81830001000000010000357871742d6465746563" +
			"742d6d6f6465322d39373731326538382d313637612d343562392d393365652d39313331343065373636373800001c00" +
			"010000060001000002f5004001610c726f6f742d73657276657273036e657400056e73746c640c766572697369676e2d" +
			"67727303636f6d00780d0909000007080000038400093a8000015180",
		"Ethernet/Dot1Q/IPv6/IP/GRE/HDLC/PPP/IP/UDP/DNS",
		[]tunField{{"Dot1Q", 0, "vlan", 100}, {"GRE", 0, "call_id", 17}, {"GRE", 0, "payload_len", 178},
			{"GRE", 0, "sequence_number", 539320}, {"PPP", 0, "proto", 0x0021}, {"UDP", 0, "sport", 53}}},
	// transparent Ethernet bridging: gre.proto 0x6558, gre.key 0x0000fde8
	{"pcapplusplus/GrePackets.pcap#7",
		"00aef352aad100021537a24408004500005200010000402f70730102030404030201200065580000fde8000102030405" +
			"00012345567808004500002800010000400666c70a0000040a00000504d0005000000000000000005002200076ba0000",
		"Ethernet/IP/GRE/Ethernet/IP/TCP",
		[]tunField{{"GRE", 0, "proto", 0x6558}, {"GRE", 0, "key_present", 1}, {"GRE", 0, "key", 0xfde8},
			{"Ethernet", 1, "type", 0x0800}}},
	// vlan.id 1213; gre.proto 0x8909 (Cisco metadata: Raw for us),
	// gre.key 0x00000028
	{"tcpdump/various_gre.pcap#11",
		"aabbcc000100aabbcc000200810004bd080045c0004000a40000ff2f24c60aac40070aac400620008909000000280800" +
			"01010001000045c0001c00a30000ff2f24eb0aac40060aac40072000000000000028",
		"Ethernet/Dot1Q/IP/GRE/Raw",
		[]tunField{{"Dot1Q", 0, "vlan", 1213}, {"GRE", 0, "proto", 0x8909}, {"GRE", 0, "key", 0x28}}},
	// gre.proto 0x0000, gre.key 0x00000028 (a keepalive answer: no payload)
	{"tcpdump/various_gre.pcap#12",
		"aabbcc000200aabbcc000100810004bd080045c0001c00a30000fe2f25eb0aac40060aac40072000000000000028",
		"Ethernet/Dot1Q/IP/GRE",
		[]tunField{{"GRE", 0, "proto", 0}, {"GRE", 0, "key", 0x28}}},
}

func TestGREFrames(t *testing.T) { tunCheckFrames(t, greFrames) }

func TestGREBuild(t *testing.T) {
	raw := func(s string) packet.Layer { return &packet.Raw{Load: []byte(s)} }
	for _, c := range []struct {
		name   string
		layers []packet.Layer
		want   string
	}{
		// Scapy: raw(GRE()/IP()) and raw(GRE()/IPv6()): type from Ethernet's bindings
		{"ip", []packet.Layer{layers.NewGRE(), layers.NewIPv4()}, "00000800"},
		{"ipv6", []packet.Layer{layers.NewGRE(), layers.NewIPv6()}, "000086dd"},
		// Scapy: raw(GRE()/Ether()): transparent Ethernet bridging
		{"teb", []packet.Layer{layers.NewGRE(), layers.NewEthernet()}, "00006558ffffffffffff"},
		// Scapy: raw(GRE(chksum_present=1)/Raw(b'ab'))
		{"chksum", []packet.Layer{&layers.GRE{ChecksumPresent: 1}, raw("ab")}, "800000001e9d00006162"},
		// Scapy: raw(GRE(key_present=1, seqnum_present=1, key=5))
		{"key seq", []packet.Layer{&layers.GRE{KeyPresent: 1, SeqPresent: fields.Some(uint8(1)), Key: 5}},
			"300000000000000500000000"},
		// Scapy: raw(IP()/GRE()) and raw(IPv6()/GRE()): protocol 47
		{"over ip", []packet.Layer{layers.NewIPv4(), layers.NewGRE()}, "4500001800010000402f"},
		{"over ipv6", []packet.Layer{layers.NewIPv6(), layers.NewGRE()}, "6000000000042f40"},
		// Scapy: raw(GRE_PPTP())
		{"pptp", []packet.Layer{layers.NewGREPPTP()}, "2001880b00000000"},
		// Scapy: raw(GRE()/Dot1Q()): 0x8100
		{"dot1q", []packet.Layer{layers.NewGRE(), layers.NewDot1Q()}, "0000810000010000"},
		// Scapy: raw(GRE()/ERSPAN_II()) sets S; raw(GRE()/ERSPAN_I()) does not
		{"erspan ii", []packet.Layer{layers.NewGRE(), layers.NewERSPANII()}, "100088be00000000" + "0000000000000000"},
		{"erspan i", []packet.Layer{layers.NewGRE(), layers.NewERSPANI()}, "000088be"},
		{"erspan iii", []packet.Layer{layers.NewGRE(), layers.NewERSPANIII()}, "000022eb2000"},
	} {
		b, err := packet.New(c.layers...).Build()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := hex.EncodeToString(b); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s: got %s, want %s...", c.name, got, c.want)
		}
	}
}

// TestGREChecksum: the checksum covers header and payload (odd lengths
// too), a set checksum is kept, and a dissected one is reproduced.
func TestGREChecksum(t *testing.T) {
	g := &layers.GRE{ChecksumPresent: 1}
	b, err := packet.New(g, &packet.Raw{Load: []byte("abcde")}).Build()
	if err != nil {
		t.Fatal(err)
	}
	// Scapy: raw(GRE(chksum_present=1)/Raw(b'abcde'))
	if got := hex.EncodeToString(b); got != "80000000563800006162636465" {
		t.Errorf("odd payload: %s", got)
	}
	// The routing bit brings the checksum field without computing it, and
	// odd-length routing puts the payload at an odd offset.
	g = &layers.GRE{ChecksumPresent: 1, RoutingPresent: 1, Routing: []byte{0, 1, 0, 1, 9, 0, 0, 0, 0}}
	b, err = packet.New(g, &packet.Raw{Load: []byte("xyz")}).Build()
	if err != nil {
		t.Fatal(err)
	}
	if naive := onesSum(b); naive != 0xffff {
		t.Errorf("checksum over odd routing: sum %04x (%x)", naive, b)
	}
	checkRoundTrip(t, b, layers.GREType)
	g = &layers.GRE{ChecksumPresent: 1, Checksum: fields.Some(uint16(0xdead))}
	b, _ = packet.New(g).Build()
	if b[4] != 0xde || b[5] != 0xad {
		t.Errorf("set checksum overwritten: %x", b)
	}
}

// onesSum is the RFC 1071 sum of b, computed the slow way.
func onesSum(b []byte) uint16 {
	var s uint32
	for i := 0; i < len(b); i += 2 {
		w := uint32(b[i]) << 8
		if i+1 < len(b) {
			w |= uint32(b[i+1])
		}
		s += w
	}
	for s > 0xffff {
		s = s>>16 + s&0xffff
	}
	return uint16(s)
}

func TestGRERouting(t *testing.T) {
	// R set: checksum and offset, then source route entries up to the null
	// entry (RFC 1701), then the payload.
	b, _ := hex.DecodeString("40000800" + "00000000" + "0800" + "00" + "04" + "0a000001" + "00000000" +
		"4500001400010000400066e70a0000010a000002")
	p, err := packet.Dissect(b, layers.GREType)
	if err != nil || tunStack(p) != "GRE/IP" {
		t.Fatalf("%v %s", err, tunStack(p))
	}
	g := p.Layer(0).(*layers.GRE)
	if len(g.Routing) != 12 || g.HeaderLen() != 20 {
		t.Errorf("routing %x, header %d", g.Routing, g.HeaderLen())
	}
	checkRoundTrip(t, b, layers.GREType)
	// Without the null entry the header is truncated.
	if _, err := packet.Dissect(b[:16], layers.GREType); !errors.Is(err, packet.ErrTruncated) {
		t.Errorf("unterminated routing: %v", err)
	}
}

func TestGREFieldsShow(t *testing.T) {
	g := layers.NewGRE()
	for name, v := range map[string]any{"key_present": 1, "key": 0x1234, "proto": "IPv6", "seqnum_present": 1,
		"sequence_number": 77} {
		if err := g.Set(name, v); err != nil {
			t.Fatalf("set %s: %v", name, err)
		}
	}
	show := g.Show()
	for _, s := range []string{"###[ GRE ]###", "key_present= 1", "key       = 0x1234", "proto     = IPv6",
		"sequence_number= 0x4d"} {
		if !strings.Contains(show, s) {
			t.Errorf("show lacks %q:\n%s", s, show)
		}
	}
	for _, s := range []string{"chksum", "offset", "payload_len", "call_id", "ack_number", "acknum_present", "routing"} {
		if regexp.MustCompile(`(?m)^\s+` + s + `\s*=`).MatchString(show) {
			t.Errorf("show has absent field %s:\n%s", s, show)
		}
	}
	if g.Summary() != "GRE (IPv6) key 0x1234" {
		t.Errorf("summary %q", g.Summary())
	}
	pp := layers.NewGREPPTP()
	pp.CallID = 24
	show = pp.Show()
	for _, s := range []string{"###[ GRE PPTP ]###", "version   = 1", "payload_len= None", "call_id   = 24", "acknum_present= 0"} {
		if !strings.Contains(show, s) {
			t.Errorf("pptp show lacks %q:\n%s", s, show)
		}
	}
	if g.HeaderLen() != 12 || pp.HeaderLen() != 8 {
		t.Errorf("header lengths %d %d", g.HeaderLen(), pp.HeaderLen())
	}
}

func TestGREBindings(t *testing.T) {
	for _, c := range []struct {
		lower packet.LayerType
		field string
		value uint64
		upper packet.LayerType
	}{
		{layers.IPv4Type, "proto", layers.IPProtoGRE, layers.GREType},
		{layers.IPv6Type, "nh", layers.IPProtoGRE, layers.GREType},
		{layers.GREType, "proto", layers.EtherTypeTEB, layers.EthernetType},
		{layers.GREType, "proto", layers.EtherTypeERSPAN, layers.ERSPANIIType},
		{layers.GREType, "proto", layers.EtherTypeERSPANIII, layers.ERSPANIIIType},
	} {
		if v, ok := packet.BindValue(c.lower, c.upper, c.field); !ok || v != c.value {
			t.Errorf("build %v/%v: %x %v", c.lower, c.upper, v, ok)
		}
		if got := packet.NextLayer(c.lower, c.field, c.value); got != c.upper {
			t.Errorf("dissect %v %s %x: %v", c.lower, c.field, c.value, got)
		}
	}
	// Every EtherType binding works over GRE: ARP, VLAN tags, MPLS.
	for _, up := range []packet.Layer{layers.NewARP(), layers.NewDot1Q(), layers.NewDot1AD(), layers.NewMPLS()} {
		b, err := packet.New(layers.NewGRE(), up).Build()
		if err != nil {
			t.Fatal(err)
		}
		want, _ := packet.BindValue(layers.EthernetType, up.Proto().Type(), "type")
		if got := uint64(b[2])<<8 | uint64(b[3]); got != want {
			t.Errorf("GRE/%s: proto %x, want %x", up.Proto().Name, got, want)
		}
		p, _ := packet.Dissect(b, layers.GREType)
		if p.NumLayers() < 2 || p.Layer(1).Proto() != up.Proto() {
			t.Errorf("GRE/%s dissects as %s", up.Proto().Name, tunStack(p))
		}
	}
}

func TestGRETruncated(t *testing.T) {
	full, _ := hex.DecodeString("b0000800" + "12340000" + "00000005" + "00000009")
	for n := 0; n < len(full); n++ {
		if _, err := layers.NewGRE().DecodeFromBytes(full[:n], &packet.DecodeContext{}); !errors.Is(err, packet.ErrTruncated) {
			t.Errorf("%d bytes: %v", n, err)
		}
	}
	if _, err := layers.NewGRE().DecodeFromBytes(full, &packet.DecodeContext{}); err != nil {
		t.Error(err)
	}
}

// FuzzGRE starts at a GRE header.
func FuzzGRE(f *testing.F) {
	seeds := tunSeeds(f, greFrames, "GRE")
	seeds = append(seeds, tunSeeds(f, erspanFrames, "GRE")...)
	tunFuzz(f, layers.GREType, seeds)
}
