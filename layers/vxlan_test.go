package layers_test

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

var vxlanFrames = []tunFrame{
	// udp.dstport 4789; vxlan.flags 0x0800 (tshark's 16 bits), vxlan.vni 100
	{"tcpdump/vxlan.pcap#2",
		"36dc851eb34000163e0871cf08004500004eb80240003e116e48c0a8ca01c0a8cb01a6d612b5003a0000080000000000" +
			"6400ffffffffffff00308801000208060001080006040001003088010002c0a8cb05000000000000c0a8cb03",
		"Ethernet/IP/UDP/VXLAN/Ethernet/ARP",
		[]tunField{{"VXLAN", 0, "flags", 0x08}, {"VXLAN", 0, "vni", 100}, {"VXLAN", 0, "reserved1", 0}}},
	// vxlan.flags 0x8848 (G and I; policy flags 0x48), vxlan.gbp 100,
	// vxlan.vni 3000001
	{"pcapplusplus/Vxlan1.pcap#1",
		"00163e0871cf36dc851eb340080045000086d2c2400040115150c0a8cb01c0a8ca01b05d12b50072e9a9884800642dc6" +
			"c10000308801000200163e37f604080045000054000040004001234fc0a8cb03c0a8cb05080005ed050c0002fde29751" +
			"0000000096fd020000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233" +
			"34353637",
		"Ethernet/IP/UDP/VXLAN/Ethernet/IP/ICMP/Raw",
		[]tunField{{"VXLAN", 0, "flags", 0x88}, {"VXLAN", 0, "gpflags", 0x48}, {"VXLAN", 0, "gpid", 100},
			{"VXLAN", 0, "vni", 3000001}}},
	// Linux's group policy tunnel: vxlan.vni 77 (this frame carries no policy)
	{"generated/kernel/tunnels-vxlan-gbp.pcap#3",
		"02000002000202000002000108004500004ee42200004011e254c6121401c6121402ae7712b5003a5cea080000000000" +
			"4d00ffffffffffff02000002040108060001080006040001020000020401c6121501000000000000c6121502",
		"Ethernet/IP/UDP/VXLAN/Ethernet/ARP",
		[]tunField{{"VXLAN", 0, "vni", 77}}},
	// VXLAN-GPE on 4790: vxlan.flags 0x0c, vxlan.next_proto 1 (IPv4), vxlan.vni 9
	{"generated/kernel/tunnels-vxlan-gpe.pcap#3",
		"0200000200020200000200010800450000786d4c000040115901c6121401c6121402e3aa12b6006400000c0000010000" +
			"09004500005456c34000400129bec6121701c612170208009f7319d60001d7a9086b000000009ccd0300000000001011" +
			"12131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637",
		"Ethernet/IP/UDP/VXLAN/IP/ICMP/Raw",
		[]tunField{{"UDP", 0, "dport", 4790}, {"VXLAN", 0, "flags", 0x0c}, {"VXLAN", 0, "NextProtocol", 1},
			{"VXLAN", 0, "vni", 9}}},
	// vxlan.next_proto 2 (IPv6)
	{"generated/kernel/tunnels-vxlan-gpe.pcap#9",
		"02000002000202000002000108004500008c6d650000401158d4c6121401c6121402a80312b6007800000c0000020000" +
			"09006002896e00403a4020010db800230000000000000000000120010db8002300000000000000000002800000fa19d7" +
			"0001d7a9086b0000000060100a0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d" +
			"2e2f3031323334353637",
		"Ethernet/IP/UDP/VXLAN/IPv6/ICMPv6/Raw",
		[]tunField{{"VXLAN", 0, "NextProtocol", 2}, {"VXLAN", 0, "vni", 9}}},
	// Linux's old port 8472 (tshark -d udp.port==8472,vxlan): vxlan.vni 4096
	{"generated/kernel/tunnels-vxlan-port8472.pcap#3",
		"02000002000202000002000108004500004e403a00004011863dc6121401c61214029c6a2118003ab184080000000010" +
			"0000ffffffffffff02000002020108060001080006040001020000020201c6121501000000000000c6121502",
		"Ethernet/IP/UDP/VXLAN/Ethernet/ARP",
		[]tunField{{"UDP", 0, "dport", 8472}, {"VXLAN", 0, "vni", 4096}}},
	// over IPv6: vxlan.vni 600
	{"generated/kernel/tunnels-vxlan6.pcap#3",
		"02000002000202000002000186dd60000000003a114020010db800200000000000000000000120010db8002000000000" +
			"000000000002ae7712b5003aac5b0800000000025800ffffffffffff0200000203010806000108000604000102000002" +
			"0301c6121501000000000000c6121502",
		"Ethernet/IPv6/UDP/VXLAN/Ethernet/ARP",
		[]tunField{{"VXLAN", 0, "vni", 600}}},
}

func TestVXLANFrames(t *testing.T) { tunCheckFrames(t, vxlanFrames) }

func TestVXLANBuild(t *testing.T) {
	eth := func() packet.Layer { e := layers.NewEthernet(); e.Type = fields.Some(uint16(0x9000)); return e }
	for _, c := range []struct {
		name   string
		layers []packet.Layer
		want   string
	}{
		// Scapy: raw(VXLAN()/Ether()): flags 0x0c, next protocol 3
		{"scapy default", []packet.Layer{layers.NewVXLAN(), eth()}, "0c00000300000000"},
		// Scapy: raw(VXLAN(vni=5)/IP()): next protocol 1
		{"ip", []packet.Layer{&layers.VXLAN{VNI: 5}, layers.NewIPv4()}, "0c00000100000500"},
		// Scapy: raw(VXLAN()): flags 0x08
		{"alone", []packet.Layer{layers.NewVXLAN()}, "0800000000000000"},
		// flags set: the RFC 7348 header
		{"rfc", []packet.Layer{&layers.VXLAN{Flags: fields.Some(uint8(8)), VNI: 0xabcdef}, eth()}, "08000000abcdef00"},
		// group policy
		{"gbp", []packet.Layer{&layers.VXLAN{Flags: fields.Some(uint8(0x88)), GPFlags: 0x40, GPID: 17, VNI: 77}, eth()},
			"884000110000" + "4d00"},
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

func TestVXLANFieldsShow(t *testing.T) {
	v := &layers.VXLAN{Flags: fields.Some(uint8(0x88)), GPFlags: 0x40, GPID: 17, VNI: 77}
	show := v.Show()
	for _, s := range []string{"###[ VXLAN ]###", "flags     = Instance+G", "gpflags   = D", "gpid      = 17", "vni       = 0x4d"} {
		if !strings.Contains(show, s) {
			t.Errorf("show lacks %q:\n%s", s, show)
		}
	}
	if strings.Contains(show, "NextProtocol") || strings.Contains(show, "reserved1") {
		t.Errorf("absent fields shown:\n%s", show)
	}
	if v.Summary() != "VXLAN (vni=0x4d gpid=17)" {
		t.Errorf("summary %q", v.Summary())
	}
	if err := v.Set("vni", 1<<24); err == nil {
		t.Error("25-bit vni accepted")
	}
	if err := v.Set("flags", "Instance+NextProtocol"); err != nil || v.Flags.Value != 0x0c {
		t.Errorf("set flags: %v %x", err, v.Flags.Value)
	}
	if err := v.Set("NextProtocol", "IPv6"); err != nil || v.NextProtocol.Value != 2 {
		t.Errorf("set NextProtocol: %v", err)
	}
	if !strings.Contains(v.Show(), "NextProtocol= IPv6") {
		t.Errorf("GPE show:\n%s", v.Show())
	}
}

// TestVXLANHeuristic: traffic on a VXLAN port without the I flag is not
// VXLAN: the bytes stay Raw, without an error (a port guess), and round-trip.
func TestVXLANHeuristic(t *testing.T) {
	b, _ := hex.DecodeString("45000024000100004011f6c4c0000201c0000202c35012b50010000000112233445566aa")
	p, err := packet.Dissect(b, layers.IPv4Type)
	if err != nil || tunStack(p) != "IP/UDP/Raw" {
		t.Errorf("%v %s", err, tunStack(p))
	}
	checkRoundTrip(t, b, layers.IPv4Type)
	for _, port := range []uint64{layers.VXLANPort, layers.VXLANGPEPort, layers.VXLANLinuxPort} {
		for _, f := range []string{"sport", "dport"} {
			if packet.NextLayer(layers.UDPType, f, port) != layers.VXLANType {
				t.Errorf("udp %s %d not bound", f, port)
			}
		}
		if _, ok := packet.BindValue(layers.UDPType, layers.VXLANType, "dport"); ok {
			t.Error("port binding used for building")
		}
	}
}

func TestVXLANTruncated(t *testing.T) {
	for n := 0; n < layers.VXLANHdrLen; n++ {
		if _, err := layers.NewVXLAN().DecodeFromBytes(make([]byte, n), &packet.DecodeContext{}); !errors.Is(err, packet.ErrTruncated) {
			t.Errorf("%d bytes: %v", n, err)
		}
	}
}

// FuzzVXLAN starts at a VXLAN header.
func FuzzVXLAN(f *testing.F) {
	tunFuzz(f, layers.VXLANType, tunSeeds(f, vxlanFrames, "VXLAN"))
}
