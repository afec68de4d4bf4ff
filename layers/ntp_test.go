package layers

import (
	"bytes"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

func TestNTPBindings(t *testing.T) {
	if packet.NextLayer(UDPType, "dport", 123) != NTPType || packet.NextLayer(UDPType, "sport", 123) != NTPType {
		t.Error("udp port 123")
	}
	if packet.Lookup("NTPHeader") != ntpProto {
		t.Error("alias NTPHeader")
	}
}

// TestNTPCorpusServer reads a real chrony server reply and an ntpd reply
// with a SHA-1 MAC.
func TestNTPCorpusServer(t *testing.T) {
	p, err := packet.Dissect(apps1FrameOf(t, "ntp", "generated/daemons/ntp.pcap", "2"), EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := packet.LayerOf[*NTP](p)
	if p.String() != "Ethernet / IP / UDP / NTP v4, server" || n.Stratum != 6 || n.PrecisionExp() != -24 {
		t.Errorf("%v stratum %d precision %d", p, n.Stratum, n.PrecisionExp())
	}
	if n.RefAddr() != netip.MustParseAddr("127.0.0.1") || n.RecvTime().Year() != 2026 || !n.RefTime().IsZero() {
		t.Errorf("ref %v recv %v reftime %v", n.RefAddr(), n.RecvTime(), n.RefTime())
	}
	if n.OrigTime().Year() != 2083 { // chrony's random transmit timestamp, era 1
		t.Errorf("orig %v", n.OrigTime())
	}
	q, err := packet.Dissect(apps1FrameOf(t, "ntp", "pcapplusplus/Ntp.pcap", "4"), EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := packet.LayerOf[*NTP](q)
	if id, ok := m.KeyID(); !ok || id != 11 || len(m.Digest()) != 20 || m.RefIDText() != "DCFa" {
		t.Errorf("key %d digest %x ref %q", id, m.Digest(), m.RefIDText())
	}
	for _, want := range []string{"###[ NTPHeader ]###", "mode      = server", "ref_id    = b'DCFa'", "stratum   = 1"} {
		if !strings.Contains(q.Show(), want) {
			t.Errorf("show lacks %q:\n%s", want, q.Show())
		}
	}
}

// TestNTPCorpusControl reads mode 6 messages of ntpq.
func TestNTPCorpusControl(t *testing.T) {
	p, err := packet.Dissect(apps1FrameOf(t, "ntp", "tcpdump/ntp-control.pcap", "2"), EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := packet.LayerOf[*NTP](p)
	if n.Mode != NTPModeControl || n.Response != 1 || n.OpCode != 2 || n.Count.Value != 394 || len(n.Data) != 394 {
		t.Fatalf("%+v", n)
	}
	if !bytes.HasPrefix(n.Data, []byte("version=")) || n.Title() != "Control message" {
		t.Errorf("data %q", n.Data[:20])
	}
	if !strings.Contains(p.Show(), "op_code   = CTL_OP_READVAR") {
		t.Errorf("show:\n%s", p.Show())
	}
}

func TestNTPExtensionsAndMAC(t *testing.T) {
	n := NewNTP()
	n.Orig, n.Sent = fields.Some(NTPTimestamp(1<<32)), fields.Some(NTPTimestamp(2<<32))
	n.Extensions = []NTPExtension{{Type: 0x0104, Value: []byte("unique identifier...")}, {Type: 0x0204, Value: make([]byte, 28)}}
	n.MAC = append([]byte{0, 0, 0, 7}, bytes.Repeat([]byte{0xaa}, 16)...)
	b, err := packet.New(n).Build()
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != NTPLen+24+32+20 {
		t.Fatalf("%d bytes", len(b))
	}
	m := NewNTP()
	if _, err := m.DecodeFromBytes(b, nil); err != nil {
		t.Fatal(err)
	}
	if len(m.Extensions) != 2 || m.Extensions[0].Length != 24 || m.Extensions[1].Type != 0x0204 {
		t.Errorf("extensions %+v", m.Extensions)
	}
	if id, _ := m.KeyID(); id != 7 {
		t.Errorf("key id %d", id)
	}
	again, _ := packet.New(m).Build()
	if !bytes.Equal(again, b) {
		t.Errorf("round trip\n got %x\nwant %x", again, b)
	}
	// What follows the header and reads as no extension is kept as MAC.
	odd := append(append([]byte(nil), b[:NTPLen]...), 1, 2, 3)
	m.DecodeFromBytes(odd, nil)
	if len(m.Extensions) != 0 || !bytes.Equal(m.MAC, []byte{1, 2, 3}) {
		t.Errorf("odd tail: %+v %x", m.Extensions, m.MAC)
	}
}

func TestNTPDefaultsAndSet(t *testing.T) {
	before := time.Now().Add(-time.Second)
	b, err := packet.New(NewNTP()).Build()
	if err != nil {
		t.Fatal(err)
	}
	n := NewNTP()
	n.DecodeFromBytes(b, nil)
	if n.SentTime().Before(before) || n.OrigTime().Before(before) || n.Version != 4 || n.Mode != NTPModeClient {
		t.Errorf("defaults: sent %v orig %v", n.SentTime(), n.OrigTime())
	}
	if err := n.Set("delay", 0.5); err != nil || n.RootDelay != 0x8000 {
		t.Errorf("delay: %v %#x", err, uint32(n.RootDelay))
	}
	if err := n.Set("dispersion", 2); err != nil || n.RootDispersion != 0x20000 {
		t.Errorf("dispersion: %v %#x", err, uint32(n.RootDispersion))
	}
	when := time.Date(2030, 6, 1, 0, 0, 0, 123456789, time.UTC)
	if err := n.Set("orig", when); err != nil || !n.OrigTime().Equal(when) {
		t.Errorf("orig: %v %v", err, n.OrigTime())
	}
	if err := n.Set("ref", "2024-01-01T00:00:00Z"); err != nil || n.RefTime().Year() != 2024 {
		t.Errorf("ref: %v %v", err, n.RefTime())
	}
	if err := n.Set("id", "192.0.2.1"); err != nil || n.RefAddr() != netip.MustParseAddr("192.0.2.1") {
		t.Errorf("id: %v", err)
	}
	if err := n.Set("ref_id", "GOES!"); err == nil {
		t.Error("ref_id of 5 bytes set")
	}
	if v, _ := n.Get("orig"); v != NTPTime(when) {
		t.Errorf("get orig %v", v)
	}
	u := NewNTP()
	if v, _ := u.Get("sent"); v != nil {
		t.Errorf("unset sent is %v", v)
	}
	if !strings.Contains(u.Show(), "sent      = --") {
		t.Errorf("show:\n%s", u.Show())
	}
	for _, raw := range [][]byte{{0x23}, {0x23, 0, 0}, {0x16, 2, 0, 1}, {0x16, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9, 1}, {0x17, 0}} {
		if _, err := NewNTP().DecodeFromBytes(raw, nil); !errors.Is(err, packet.ErrTruncated) {
			t.Errorf("%x: %v", raw, err)
		}
	}
}

// FuzzNTP decodes NTP messages and frames: no panic, every input
// re-encodes byte for byte.
func FuzzNTP(f *testing.F) {
	apps1Seeds(f, "ntp", NTPType)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, first := range []packet.LayerType{NTPType, EthernetType} {
			p := apps1Fuzz(t, data, first)
			if n, ok := packet.LayerOf[*NTP](p); ok {
				ntpTsharkFields(apps1Values{}, n)
				n.RefTime()
				n.KeyID()
			}
		}
	})
}
