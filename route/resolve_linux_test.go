//go:build linux

package route

import (
	"bytes"
	"encoding/hex"
	"net"
	"net/netip"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Frames of /work/shared/corpus/generated/lab-verify.pcap (host A
// 02:00:00:00:01:02 198.18.1.2 2001:db8:1::2, host B 02:00:00:00:01:03
// 198.18.1.3 2001:db8:1::3, router 02:00:00:00:01:01), with what tshark
// says of them; and frames Scapy 2.5 built.
var (
	// frame 6: "Who has 198.18.1.3? Tell 198.18.1.2", sent by A's kernel.
	corpusARPRequest = "ffffffffffff02000000010208060001080006040001020000000102c6120102000000000000c6120103"
	// frame 7: "198.18.1.3 is at 02:00:00:00:01:03".
	corpusARPReply = "02000000010202000000010308060001080006040002020000000103c6120103020000000102c6120102"
	// frame 12: "Neighbor Solicitation for 2001:db8:1::3 from 02:00:00:00:01:02".
	corpusNS = "3333ff00000302000000010286dd6000000000203aff20010db8000100000000000000000002ff020000000000" +
		"0000000001ff00000387001b210000000020010db80001000000000000000000030101020000000102"
	// frame 13: "Neighbor Advertisement 2001:db8:1::3 (sol, ovr) is at 02:00:00:00:01:03".
	corpusNA = "02000000010202000000010386dd6000000000203aff20010db800010000000000000000000320010db80001" +
		"000000000000000000028800896a6000000020010db80001000000000000000000030201020000000103"
	// frame 581: "Neighbor Advertisement 2001:db8:1::2 (sol)" without the
	// target address option, from 02:00:00:00:01:02.
	corpusNANoOpt = "02000000010302000000010286dd6000000000183aff20010db8000100000000000000000002fe8000000000" +
		"0000000000fffe0001038800ddb04000000020010db8000100000000000000000002"
	// frame 658: "Neighbor Advertisement 2001:db8:1::1 (rtr, sol, ovr) is at 02:00:00:00:01:01".
	corpusNARouter = "02000000010202000000010186dd6000000000203aff20010db800010000000000000000000120010db80001" +
		"0000000000000000000288000970e000000020010db80001000000000000000000010201020000000101"

	// Ether(dst="ff:ff:ff:ff:ff:ff", src="02:00:00:00:01:02")/ARP(op=1,
	// hwsrc="02:00:00:00:01:02", psrc="198.18.1.2", pdst="198.18.1.9")
	scapyARP = "ffffffffffff02000000010208060001080006040001020000000102c6120102000000000000c6120109"
	// Ether(src="02:00:00:00:01:02", dst="33:33:ff:00:00:09")/IPv6(src="fe80::ff:fe00:102",
	// dst="ff02::1:ff00:9", hlim=255)/ICMPv6ND_NS(tgt="2001:db8:7::9")/
	// ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:01:02")
	scapyNS = "3333ff00000902000000010286dd6000000000203afffe80000000000000000000fffe000102ff020000000000" +
		"0000000001ff00000987004a480000000020010db80007000000000000000000090101020000000102"
	// the same from "::" without the option (no IPv6 address on the link)
	scapyNSUnspec = "3333ff00000902000000010286dd6000000000183aff00000000000000000000000000000000ff020000000000" +
		"0000000001ff00000987004cd60000000020010db8000700000000000000000009"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var hostA = Interface{
	Index: 2, Name: "a0", MTU: 1500, MAC: fields.MustParseMAC("02:00:00:00:01:02"),
	Flags: net.FlagUp | net.FlagBroadcast | net.FlagMulticast | net.FlagRunning, Type: LinkEthernet,
	Addrs: []netip.Prefix{
		netip.MustParsePrefix("198.18.1.2/24"),
		netip.MustParsePrefix("2001:db8:1::2/64"),
		netip.MustParsePrefix("fe80::ff:fe00:102/64"),
	},
}

func TestBuildQueries(t *testing.T) {
	noV6 := hostA
	noV6.Addrs = hostA.Addrs[:1]
	for _, tc := range []struct {
		name string
		ifc  Interface
		ip   string
		want string
	}{
		{"arp corpus", hostA, "198.18.1.3", corpusARPRequest},
		{"arp scapy", hostA, "198.18.1.9", scapyARP},
		{"ns corpus", hostA, "2001:db8:1::3", corpusNS},
		{"ns link-local source", hostA, "2001:db8:7::9", scapyNS},
		{"ns unspecified source", noV6, "2001:db8:7::9", scapyNSUnspec},
	} {
		ip := netip.MustParseAddr(tc.ip)
		var got []byte
		var err error
		if ip.Is4() {
			got, err = arpRequest(tc.ifc, ip)
		} else {
			got, err = neighborSolicitation(tc.ifc, ip)
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if want := unhex(t, tc.want); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %x\nwant %x", tc.name, got, want)
		}
	}
}

func TestAnswers(t *testing.T) {
	var eth layers.Ethernet
	var arp layers.ARP
	var ip6 layers.IPv6
	var icmp layers.ICMPv6
	for _, tc := range []struct {
		name, frame, ip, mac string
	}{
		{"arp reply", corpusARPReply, "198.18.1.3", "02:00:00:00:01:03"},
		{"arp request of the target", corpusARPRequest, "198.18.1.2", "02:00:00:00:01:02"},
		{"arp reply, other sender", corpusARPReply, "198.18.1.9", ""},
		{"arp request is not ours", corpusARPRequest, "198.18.1.3", ""},
		{"na", corpusNA, "2001:db8:1::3", "02:00:00:00:01:03"},
		{"na router", corpusNARouter, "2001:db8:1::1", "02:00:00:00:01:01"},
		{"na without option", corpusNANoOpt, "2001:db8:1::2", "02:00:00:00:01:02"},
		{"na other target", corpusNA, "2001:db8:1::9", ""},
		{"ns is no answer", corpusNS, "2001:db8:1::3", ""},
	} {
		frame, ip := unhex(t, tc.frame), netip.MustParseAddr(tc.ip)
		var mac fields.MAC
		var ok bool
		if ip.Is4() {
			mac, ok = arpAnswer(frame, ip, &eth, &arp)
		} else {
			mac, ok = naAnswer(frame, ip, &eth, &ip6, &icmp)
		}
		if tc.mac == "" {
			if ok {
				t.Errorf("%s: took %v", tc.name, mac)
			}
			continue
		}
		if !ok || mac.String() != tc.mac {
			t.Errorf("%s: got %v %v, want %s", tc.name, mac, ok, tc.mac)
		}
	}
	// A hop limit below 255 means the advertisement was routed: refused.
	b := unhex(t, corpusNA)
	b[14+7] = 64
	if _, ok := naAnswer(b, netip.MustParseAddr("2001:db8:1::3"), &eth, &ip6, &icmp); ok {
		t.Error("routed advertisement taken")
	}
}

// FuzzNeighborAnswer feeds the reply parsers arbitrary frames: no panic, a
// taken answer has a unicast MAC, and the layers it decoded rebuild the
// frame's bytes exactly.
func FuzzNeighborAnswer(f *testing.F) {
	for _, s := range []string{corpusARPReply, corpusARPRequest, corpusNA, corpusNANoOpt, corpusNARouter, corpusNS, scapyNS} {
		f.Add(unhex(f, s), s == corpusARPReply || s == corpusARPRequest)
	}
	var eth layers.Ethernet
	var arp layers.ARP
	var ip6 layers.IPv6
	var icmp layers.ICMPv6
	f.Fuzz(func(t *testing.T, frame []byte, v4 bool) {
		var mac fields.MAC
		var ok bool
		var target netip.Addr
		if v4 {
			target = netip.MustParseAddr("198.18.1.3")
			if len(frame) >= 42 {
				target = netip.AddrFrom4([4]byte(frame[28:32]))
			}
			mac, ok = arpAnswer(frame, target, &eth, &arp)
		} else {
			target = netip.MustParseAddr("2001:db8:1::3")
			if len(frame) >= 78 {
				target = netip.AddrFrom16([16]byte(frame[62:78]))
			}
			mac, ok = naAnswer(frame, target, &eth, &ip6, &icmp)
		}
		if !ok {
			return
		}
		if mac.IsZero() || mac.IsMulticast() {
			t.Fatalf("took %v", mac)
		}
		var layersOf []packet.Layer
		if v4 {
			layersOf = []packet.Layer{&eth, &arp}
		} else {
			layersOf = []packet.Layer{&eth, &ip6, &icmp}
		}
		p := packet.New(layersOf...)
		out, err := p.Build()
		if err != nil {
			t.Fatalf("rebuild: %v", err)
		}
		if !bytes.Equal(out, frame[:len(out)]) {
			t.Fatalf("rebuilt\n%x\nfrom\n%x", out, frame)
		}
	})
}
