package layers

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/packet"
)

// apps1FrameOf returns the corpus frame of the proto at file#n.
func apps1FrameOf(t testing.TB, proto, file, n string) []byte {
	t.Helper()
	for _, f := range loadApps1Frames(t) {
		if f.proto == proto && f.file == file && f.n == n {
			return f.frame
		}
	}
	t.Fatalf("no %s frame %s#%s", proto, file, n)
	return nil
}

func TestDHCPBindings(t *testing.T) {
	for _, c := range []struct {
		lower packet.LayerType
		field string
		value uint64
		want  packet.LayerType
	}{
		{UDPType, "dport", 67, BOOTPType}, {UDPType, "sport", 67, BOOTPType},
		{UDPType, "dport", 68, BOOTPType}, {UDPType, "sport", 68, BOOTPType},
		{BOOTPType, "options", DHCPMagic, DHCPType},
	} {
		if got := packet.NextLayer(c.lower, c.field, c.value); got != c.want {
			t.Errorf("%v %s=%d: %v, want %v", c.lower, c.field, c.value, got, c.want)
		}
	}
	if v, ok := packet.BindValue(BOOTPType, DHCPType, "options"); !ok || v != DHCPMagic {
		t.Errorf("bootp options for dhcp: %#x %v", v, ok)
	}
	if packet.Lookup("BOOTP") != bootpProto || packet.Lookup("dhcp") != dhcpProto {
		t.Error("lookup by name")
	}
}

// TestDHCPCorpusDiscover reads a real discover (dhclient in our lab) by
// field names and typed accessors.
func TestDHCPCorpusDiscover(t *testing.T) {
	frame := apps1FrameOf(t, "dhcp", "generated/kernel/dns-dhcp.pcap", "1")
	p, err := packet.Dissect(frame, EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	if s := p.String(); s != "Ethernet / IP / UDP / BOOTP / DHCP Discover" {
		t.Errorf("summary %q", s)
	}
	b, _ := packet.LayerOf[*BOOTP](p)
	if xid, _ := b.Get("xid"); xid != uint32(0x5594782a) {
		t.Errorf("xid %v", xid)
	}
	if b.ClientMAC().String() != "02:00:00:0a:00:01" || !b.IsDHCP() {
		t.Errorf("chaddr %v dhcp %v", b.ClientMAC(), b.IsDHCP())
	}
	d, _ := packet.LayerOf[*DHCP](p)
	if mt, ok := d.MessageType(); !ok || mt != DHCPDiscover {
		t.Errorf("message type %d %v", mt, ok)
	}
	if o, ok := d.Option(DHCPOptHostname); !ok || string(o.Data) != "vm" || o.Name() != "hostname" {
		t.Errorf("hostname %+v", o)
	}
	if o, _ := d.Option(DHCPOptParamReqList); o.String() != "param_req_list=[1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42]" {
		t.Errorf("param list %s", o)
	}
	// The padding after end is kept, one pad option per byte, as Scapy.
	last := d.Options[len(d.Options)-1]
	if last.Code != DHCPOptPad || d.Options[3].Code != DHCPOptEnd {
		t.Errorf("options %v", d.Options[:4])
	}
	show := p.Show()
	for _, want := range []string{"###[ BOOTP ]###", "###[ DHCP options ]###", "chaddr    = 02:00:00:0a:00:01 (+ 10 nul pad)",
		"options   = b'c\\x82Sc' (DHCP magic)", "message-type=discover hostname=b'vm'", "end pad pad"} {
		if !strings.Contains(show, want) {
			t.Errorf("show lacks %q:\n%s", want, show)
		}
	}
	var js map[string]any
	if err := json.Unmarshal(p.AppendJSON(nil, 1), &js); err != nil {
		t.Fatal(err)
	}
}

func TestDHCPOptionValues(t *testing.T) {
	for _, c := range []struct {
		name   string
		values []any
		data   []byte
		text   string
		value  any
	}{
		{"message-type", []any{"request"}, []byte{3}, "message-type=request", uint8(3)},
		{"requested_addr", []any{"192.0.2.7"}, []byte{192, 0, 2, 7}, "requested_addr=192.0.2.7", netip.MustParseAddr("192.0.2.7")},
		{"name_server", []any{"192.0.2.1", netip.MustParseAddr("192.0.2.2")}, []byte{192, 0, 2, 1, 192, 0, 2, 2},
			"name_server=192.0.2.1,192.0.2.2", []netip.Addr{netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")}},
		{"lease_time", []any{3600}, []byte{0, 0, 0x0e, 0x10}, "lease_time=3600", uint32(3600)},
		{"max_dhcp_size", []any{uint16(1500)}, []byte{5, 0xdc}, "max_dhcp_size=1500", uint16(1500)},
		{"param_req_list", []any{[]int{1, 3, 6}}, []byte{1, 3, 6}, "param_req_list=[1, 3, 6]", []byte{1, 3, 6}},
		{"client_id", []any{"\x01ab"}, []byte{1, 'a', 'b'}, `client_id='\x01ab'`, []byte{1, 'a', 'b'}},
		{"hostname", []any{"host"}, []byte("host"), "hostname=b'host'", []byte("host")},
		{"250", []any{[]byte{9}}, []byte{9}, `250=b'\t'`, []byte{9}},
		{"END", nil, nil, "end", nil},
	} {
		o, err := NewDHCPOption(c.name, c.values...)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !bytes.Equal(o.Data, c.data) || o.String() != c.text {
			t.Errorf("%s: data %x text %q", c.name, o.Data, o.String())
		}
		if got, _ := json.Marshal(o.Value()); string(got) != mustJSON(c.value) {
			t.Errorf("%s: value %s, want %s", c.name, got, mustJSON(c.value))
		}
	}
	for _, bad := range [][]any{{"no-such-option"}, {"lease_time", "soon"}, {"requested_addr", "300.1.1.1"}, {"end", 1}, {"hostname", 5}} {
		if _, err := NewDHCPOption(bad[0].(string), bad[1:]...); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	ri := DHCPRelayAgentInfoOption(DHCPSubOption{Code: 1, Data: []byte("port1")}, DHCPSubOption{Code: 2, Data: []byte{1, 2}})
	subs, ok := ri.SubOptions()
	if !ok || len(subs) != 2 || string(subs[0].Data) != "port1" || subs[1].Code != 2 {
		t.Errorf("relay agent info %v %v", subs, ok)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestDHCPMalformedOptions: an option running past the end is kept raw
// and re-encodes as it was; garbage after end is read as Scapy does.
func TestDHCPMalformedOptions(t *testing.T) {
	for _, raw := range [][]byte{
		{53, 1, 1, 12, 10, 'a'},  // hostname cut short
		{53, 1, 1, 255, 0, 0, 7}, // a lone byte after the padding
		{53},                     // code without length
		{255, 53, 1, 5, 0, 0},    // options after end
	} {
		d := NewDHCP()
		if _, err := d.DecodeFromBytes(raw, nil); err != nil {
			t.Fatal(err)
		}
		out, err := packet.New(d).Build()
		if err != nil || !bytes.Equal(out, raw) {
			t.Errorf("%x: %x %v (%v)", raw, out, err, d.Options)
		}
		_ = formatDHCPOptions(d)
		_ = jsonDHCPOptions(d)
	}
	d := NewDHCP()
	d.DecodeFromBytes([]byte{53, 1, 1, 12, 10, 'a'}, nil)
	if o := d.Options[1]; !o.Bad || o.Code != 12 || len(o.Data) != 2 {
		t.Errorf("bad option %+v", o)
	}
	if _, err := packet.New(NewDHCP(), &DHCP{Options: []DHCPOption{{Code: 12, Data: make([]byte, 256)}}}).Build(); err == nil {
		t.Error("option of 256 bytes built")
	}
}

// TestBOOTPVendorArea: a BOOTP message without the magic cookie keeps its
// vendor area; one cut short is truncated.
func TestBOOTPVendorArea(t *testing.T) {
	msg := make([]byte, BOOTPLen+8)
	msg[0] = BOOTPReply
	copy(msg[BOOTPLen:], "vendor!!")
	p, err := packet.Dissect(msg, BOOTPType)
	if err != nil || p.NumLayers() != 1 {
		t.Fatalf("%v %v", p, err)
	}
	b := p.Layer(0).(*BOOTP)
	if string(b.Options) != "vendor!!" || b.IsDHCP() {
		t.Errorf("options %q", b.Options)
	}
	if _, err := NewBOOTP().DecodeFromBytes(msg[:BOOTPLen-1], nil); !errors.Is(err, packet.ErrTruncated) {
		t.Errorf("short: %v", err)
	}
	// Built alone, BOOTP has no cookie; before DHCP, it has.
	if n := packet.New(NewBOOTP()).Len(); n != BOOTPLen {
		t.Errorf("bootp alone: %d bytes", n)
	}
	if n := packet.New(NewBOOTP(), NewDHCP()).Len(); n != BOOTPLen+4 {
		t.Errorf("bootp before dhcp: %d bytes", n)
	}
	long := NewBOOTP()
	long.SName = make([]byte, 65)
	if _, err := packet.New(long).Build(); err == nil {
		t.Error("sname of 65 bytes built")
	}
	if err := long.Set("chaddr", []byte{1, 2, 3, 4, 5, 6}); err != nil || long.ClientMAC().String() != "01:02:03:04:05:06" {
		t.Errorf("set chaddr: %v %v", err, long.ClientMAC())
	}
	if err := long.Set("flags", "B"); err != nil || long.Flags != BOOTPBroadcast {
		t.Errorf("set flags: %v %#x", err, long.Flags)
	}
}

// FuzzDHCP decodes BOOTP/DHCP messages and frames: no panic, and every
// input re-encodes byte for byte.
func FuzzDHCP(f *testing.F) {
	apps1Seeds(f, "dhcp", BOOTPType)
	f.Add([]byte{53, 1, 1, 12, 10, 'a'})
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, first := range []packet.LayerType{BOOTPType, DHCPType, EthernetType} {
			p := apps1Fuzz(t, data, first)
			if d, ok := packet.LayerOf[*DHCP](p); ok {
				d.MessageType()
				for _, o := range d.Options {
					_ = o.Value()
					o.SubOptions()
				}
			}
		}
	})
}
