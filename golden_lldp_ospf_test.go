package goscapy

import (
	"bytes"
	"net/netip"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Go descriptions of testdata/scapy/lldp_ospf.in: LLDP and OSPFv2.
// Scapy's LLDPDU pads a short frame to 60 bytes; here the padding is
// explicit (EtherLLDP adds it).
func init() {
	ip := netip.MustParseAddr
	addGolden("lldp_basic", func() ([]byte, error) {
		return EtherLLDP("02:00:00:00:00:01", "eth0", 120, "sw1")
	})
	addGolden("lldp_full", func() ([]byte, error) {
		return NewEthernet().SrcMAC("02:00:00:00:00:02").DstMAC(layers.LLDPMulticast).
			Over(NewLLDP().ChassisName("chassis-7").PortMAC("02:00:00:00:00:02").TTL(20).
				PortDescription("uplink").SystemName("router1.example").SystemDescription("Debian GNU/Linux").
				SystemCapabilities(layers.LLDPCapBridge|layers.LLDPCapRouter, layers.LLDPCapRouter).
				ManagementAddress("192.0.2.1", 3).OrgSpecific(0x0080c2, 1, []byte{0, 10}).End()).
			Build()
	})
	addGolden("lldp_ttl_zero", func() ([]byte, error) {
		return NewEthernet().SrcMAC("02:00:00:00:00:03").DstMAC(layers.LLDPMulticast).
			Over(NewLLDP().ChassisMAC("02:00:00:00:00:03").PortID(layers.LLDPPortLocal, []byte("1")).TTL(0).End()).
			Over(NewRaw(make([]byte, 60-14-19))).Build()
	})
	addGolden("ospf_hello_defaults", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.1").DstIP("224.0.0.5").Over(NewOSPF()).Over(NewOSPFHello()).Build()
	})
	addGolden("ospf_hello_nbrs", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.1").DstIP("224.0.0.5").TTL(1).TOS(0xc0).
			Over(NewOSPF().Src("10.0.0.1").Area("0.0.0.1")).
			Over(NewOSPFHello().Router("10.0.0.1").Backup("10.0.0.2").Neighbors("2.2.2.2", "3.3.3.3").Options(0x02).Prio(10)).
			Build()
	})
	addGolden("ospf_dbdesc", func() ([]byte, error) {
		h2 := layers.NewOSPFLSAHdr()
		h2.Type, h2.ID, h2.AdRouter, h2.Seq, h2.Chksum, h2.Len = 2, ip("10.0.0.1"), ip("2.2.2.2"), 0x80000005, 0x1234, 32
		return NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").Over(NewOSPF().Src("1.1.1.1")).
			Over(NewOSPFDBDesc().DBDescr(7).DDSeq(1234).Options(0x42).LSAHeaders(layers.NewOSPFLSAHdr(), h2)).Build()
	})
	addGolden("ospf_lsreq", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").Over(NewOSPF()).
			Over(NewOSPFLSReq().Request(1, "1.1.1.1", "1.1.1.1").Request(2, "10.0.0.1", "2.2.2.2")).Build()
	})
	addGolden("ospf_lsupd", func() ([]byte, error) {
		mask := ip("255.255.255.0")
		return NewIP().SrcIP("10.0.0.1").DstIP("224.0.0.5").Over(NewOSPF()).
			Over(NewOSPFLSUpd().LSAs(
				layers.OSPFRouterLSA(ip("1.1.1.1"), ip("1.1.1.1"), 0x02,
					layers.OSPFLink{ID: ip("10.0.0.0"), Data: mask, Type: 3, Metric: 10},
					layers.OSPFLink{ID: ip("10.0.0.2"), Data: ip("10.0.0.1"), Type: 2, Metric: 1}),
				layers.OSPFNetworkLSA(ip("192.168.0.0"), ip("1.1.1.1"), mask, ip("1.1.1.1"), ip("2.2.2.2")),
				layers.OSPFSummaryLSA(layers.OSPFLSASummaryIP, ip("192.168.0.0"), ip("1.1.1.1"), mask, 10),
				layers.OSPFSummaryLSA(layers.OSPFLSASummaryASBR, ip("2.2.2.2"), ip("1.1.1.1"), ip("0.0.0.0"), 20),
				layers.OSPFExternalLSA(layers.OSPFLSAExternal, ip("192.168.0.0"), ip("2.2.2.2"), mask, true, 20, ip("0.0.0.0"), 0),
				layers.OSPFExternalLSA(layers.OSPFLSANSSAExternal, ip("192.168.0.0"), ip("2.2.2.2"), mask, false, 20, ip("10.9.9.9"), 7),
			)).Build()
	})
	addGolden("ospf_lsack", func() ([]byte, error) {
		h := layers.NewOSPFLSAHdr()
		h.Type, h.ID, h.AdRouter, h.Seq, h.Chksum, h.Len = 5, ip("10.1.0.0"), ip("2.2.2.2"), 0x80000003, 0xabcd, 36
		return NewIP().SrcIP("10.0.0.1").DstIP("224.0.0.5").Over(NewOSPF().Src("3.3.3.3")).Over(NewOSPFLSAck().LSAHeaders(h)).Build()
	})
	addGolden("ospf_simple_auth", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.1").DstIP("224.0.0.5").
			Over(NewOSPF().AuthType(layers.OSPFAuthSimple).AuthData(0x70617373776f7264)).Over(NewOSPFHello()).Build()
	})
	addGolden("ospf_crypto_auth", func() ([]byte, error) {
		return NewIP().SrcIP("10.0.0.1").DstIP("224.0.0.5").
			Over(NewOSPF().CryptoAuth(5, 16, 100)).Over(NewOSPFHello()).Build()
	})
}

// TestLLDPOSPFShortcuts checks the shortcuts dissect back to what was
// asked for.
func TestLLDPOSPFShortcuts(t *testing.T) {
	b, err := EtherLLDP("02:00:00:00:00:09", "eth3", 120, "")
	if err != nil || len(b) != 60 {
		t.Fatalf("%v %d", err, len(b))
	}
	p, _ := Dissect(b)
	if got := p.String(); got != "Ethernet / LLDP chassis 02:00:00:00:00:09 port eth3 ttl 120 / Padding" {
		t.Errorf("%q", got)
	}
	if _, err := EtherLLDP("nope", "eth0", 1, ""); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("bad mac: %v", err)
	}
	h, err := OSPFHelloPacket("10.0.0.1", "1.1.1.1", "0.0.0.0", "2.2.2.2")
	if err != nil {
		t.Fatal(err)
	}
	q, err := packet.Dissect(h, layers.IPv4Type)
	hello, ok := packet.LayerOf[*layers.OSPFHelloBody](q)
	if err != nil || !ok || len(hello.Neighbors) != 1 || q.String() != "IP / OSPFv2 Hello 1.1.1.1 area 0.0.0.0 / OSPF_Hello" {
		t.Errorf("%v %v", q, err)
	}
	if r, _ := q.Build(); !bytes.Equal(r, h) {
		t.Error("round trip")
	}
	if _, err := NewOSPF().Src("x").Build(); err == nil {
		t.Error("bad router id built")
	}
}
