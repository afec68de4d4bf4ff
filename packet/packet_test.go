package packet_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A SYN from Scapy: Ether/IP(10.0.0.1 > 10.0.0.2)/TCP(sport=12345, MSS, NOP, SAckOK)/Raw(b"hi").
const synHex = "ffffffffffffaabbccddeeff08004500003200010000400666c30a0000010a000002" +
	"30390050000000000000000070022000b8270000020405b4010402006869"

func TestLookupAliases(t *testing.T) {
	for _, n := range []string{"Ethernet", "Ether", "ether", "IP", "IPv4", "TCP", "UDP", "Raw", "Padding"} {
		if packet.Lookup(n) == nil {
			t.Errorf("Lookup(%q) = nil", n)
		}
	}
	if packet.Lookup("Ether") != packet.Lookup("Ethernet") || packet.Lookup("IPv4").Name != "IP" {
		t.Error("aliases do not name the same protocol")
	}
	if packet.Lookup("NoSuchProto") != nil {
		t.Error("unknown name found")
	}
}

func TestRegisterTwicePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("registering the name TCP twice did not panic")
		}
	}()
	packet.Register(&packet.Proto{Name: "tcp", New: func() packet.Layer { return &packet.Raw{} }})
}

func TestBindingsBothWays(t *testing.T) {
	if got := packet.NextLayer(layers.EthernetType, "type", 0x0800); got != layers.IPv4Type {
		t.Errorf("dissect: ether type 0x800 -> %v", got)
	}
	if v, ok := packet.BindValue(layers.IPv4Type, layers.TCPType, "proto"); !ok || v != 6 {
		t.Errorf("build: ip proto for TCP = %v %v", v, ok)
	}
	if got := packet.NextLayer(layers.IPv4Type, "proto", 250); got != 0 {
		t.Errorf("unbound proto -> %v", got)
	}
}

func TestDissectSummaryAndTypedAccess(t *testing.T) {
	p, err := packet.Dissect(mustHex(t, synHex), layers.EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.String(), "Ethernet / IP / TCP 10.0.0.1:12345 > 10.0.0.2:80 S / Raw"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	tcp, ok := packet.LayerOf[*layers.TCP](p)
	if !ok || tcp.DstPort != 80 || tcp.SrcPort != 12345 || len(tcp.Options()) != 4 || tcp.NumOptions() != 4 {
		t.Fatalf("LayerOf TCP: %v %+v", ok, tcp)
	}
	if p.GetLayer("Ether") == nil || p.GetLayer("IPv4") == nil || p.GetLayer("UDP") != nil {
		t.Error("GetLayer by alias")
	}
	flags, err := p.GetLayer("TCP").Get("flags")
	if err != nil || flags.(uint8)&layers.TCPSyn == 0 {
		t.Errorf("flags %v %v", flags, err)
	}
	if _, err := p.GetLayer("TCP").Get("nosuch"); !errors.Is(err, packet.ErrNoField) {
		t.Errorf("unknown field: %v", err)
	}
	show := p.Show()
	for _, s := range []string{"###[ Ethernet ]###", "###[ TCP ]###", "  dst       = ff:ff:ff:ff:ff:ff", "        dport     = http", "chksum    = 0xb827"} {
		if !strings.Contains(show, s) {
			t.Errorf("Show lacks %q:\n%s", s, show)
		}
	}
	if !strings.HasPrefix(p.HexDump(), "0000  FF FF FF FF FF FF AA BB CC DD EE FF 08 00 45 00  ..............E.") {
		t.Errorf("hexdump:\n%s", p.HexDump())
	}
}

// TestTruncatedKeepsDecodedLayers: a TCP header cut short fails TCP; the
// layers before it are kept, TCP's bytes are Raw, the error names TCP and
// its offset and matches ErrTruncated.
func TestTruncatedKeepsDecodedLayers(t *testing.T) {
	frame := mustHex(t, synHex)[:14+20+10]
	p, err := packet.Dissect(frame, layers.EthernetType)
	var de *packet.DecodeError
	if !errors.As(err, &de) || de.Layer != "TCP" || de.Offset != 34 || !errors.Is(err, packet.ErrTruncated) {
		t.Fatalf("error %v (%#v)", err, de)
	}
	if got := p.String(); got != "Ethernet / 10.0.0.1 > 10.0.0.2 tcp / Raw" {
		t.Errorf("layers kept: %q", got)
	}
	if p.ErrLayer() != 2 {
		t.Errorf("ErrLayer %d", p.ErrLayer())
	}
	if b, err := p.Build(); err != nil || !bytes.Equal(b, frame) {
		t.Errorf("round trip of a truncated packet: %v", err)
	}
}

// TestPadding: bytes past the IP total length become Padding and are left
// out of lengths and checksums when re-encoded.
func TestPadding(t *testing.T) {
	frame := append(mustHex(t, synHex), 0, 0, 0, 0, 0, 0)
	p, err := packet.Dissect(frame, layers.EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := packet.LayerOf[*packet.Padding](p); !ok {
		t.Fatalf("no padding: %v", p)
	}
	b, err := p.Build()
	if err != nil || !bytes.Equal(b, frame) {
		t.Fatalf("round trip: %v\n%x\n%x", err, b, frame)
	}
	// Unset computed fields: recomputed values leave the padding out.
	ip, _ := packet.LayerOf[*layers.IPv4](p)
	tcp, _ := packet.LayerOf[*layers.TCP](p)
	ip.Len.Unset()
	ip.Checksum.Unset()
	tcp.Checksum.Unset()
	b, err = p.Build()
	if err != nil || !bytes.Equal(b, frame) {
		t.Fatalf("recomputed: %v\n%x\n%x", err, b, frame)
	}
}

// TestTunnelDepthBounded: IP in IP nested past MaxTunnel stops with
// ErrTooDeep instead of recursing.
func TestTunnelDepthBounded(t *testing.T) {
	inner := []byte{}
	for i := 0; i < 12; i++ {
		hdr := mustHex(t, "4500000000010000400400000101010102020202")
		inner = append(hdr, inner...)
	}
	p, err := packet.Dissect(inner, layers.IPv4Type)
	if !errors.Is(err, packet.ErrTooDeep) {
		t.Fatalf("err %v", err)
	}
	n := 0
	for _, l := range p.Layers() {
		if _, ok := l.(*layers.IPv4); ok {
			n++
		}
	}
	if n != packet.MaxTunnel+1 { // the outer header and 8 tunnels
		t.Fatalf("%d IPv4 layers decoded", n)
	}
}

func TestSetByName(t *testing.T) {
	p, _ := packet.Dissect(mustHex(t, synHex), layers.EthernetType)
	tcp := p.GetLayer("TCP")
	if err := tcp.Set("dport", "443"); err != nil {
		t.Fatal(err)
	}
	if err := tcp.Set("flags", "SA"); err != nil {
		t.Fatal(err)
	}
	if err := tcp.Set("chksum", nil); err != nil {
		t.Fatal(err)
	}
	if err := p.GetLayer("IP").Set("src", "not-an-ip"); err == nil {
		t.Error("bad address accepted")
	}
	if got := p.String(); !strings.Contains(got, "10.0.0.2:443 SA") {
		t.Errorf("summary after Set: %q", got)
	}
	b, err := p.Build()
	if err != nil {
		t.Fatal(err)
	}
	q, err := packet.Dissect(b, layers.EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	tc, _ := packet.LayerOf[*layers.TCP](q)
	if tc.Checksum.Value == 0xb827 || tc.DstPort != 443 {
		t.Errorf("checksum not recomputed or port lost: %+v", tc)
	}
}
