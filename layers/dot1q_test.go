package layers_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// tunFrame is a real frame of ../shared/corpus with the stack of
// layers we dissect it into and field values tshark printed for it
// (tshark -T fields -E occurrence=a, recorded below each origin).
type tunFrame struct {
	origin string // corpus file and frame number
	hex    string
	stack  string // our layer names, outermost first
	want   []tunField
}

// tunField is the value of a field in the n-th layer of that name.
type tunField struct {
	layer string
	n     int
	field string
	want  uint64
}

func (f tunFrame) bytes(t testing.TB) []byte {
	b, err := hex.DecodeString(f.hex)
	if err != nil {
		t.Fatalf("%s: %v", f.origin, err)
	}
	return b
}

// tunNth returns the n-th layer (from 0) named name, or nil.
func tunNth(p *packet.Packet, name string, n int) packet.Layer {
	for _, l := range p.Layers() {
		if l.Proto().Name == name {
			if n == 0 {
				return l
			}
			n--
		}
	}
	return nil
}

func tunStack(p *packet.Packet) string {
	names := make([]string, 0, p.NumLayers())
	for _, l := range p.Layers() {
		names = append(names, l.Proto().Name)
	}
	return strings.Join(names, "/")
}

// tunCheckFrames dissects each frame from Ethernet and checks the stack,
// the field values, the byte-exact round trip, and that a warm decoder
// allocates nothing.
func tunCheckFrames(t *testing.T, frames []tunFrame) {
	for _, f := range frames {
		t.Run(f.origin, func(t *testing.T) {
			data := f.bytes(t)
			p, err := packet.Dissect(data, layers.EthernetType)
			if err != nil {
				t.Fatalf("dissect: %v (%v)", err, p)
			}
			if got := tunStack(p); got != f.stack {
				t.Errorf("stack %s, want %s", got, f.stack)
			}
			for _, w := range f.want {
				l := tunNth(p, w.layer, w.n)
				if l == nil {
					t.Errorf("no %s #%d", w.layer, w.n)
					continue
				}
				fd := l.Proto().Field(w.field)
				if fd == nil || !fd.Present(l) {
					t.Errorf("%s #%d has no field %s", w.layer, w.n, w.field)
					continue
				}
				if got, _ := fd.Uint(l); got != w.want {
					t.Errorf("%s #%d %s = %d, want %d", w.layer, w.n, w.field, got, w.want)
				}
			}
			checkRoundTrip(t, data, layers.EthernetType)
			dec := packet.NewDecoder(layers.EthernetType)
			dec.Decode(data)
			if n := testing.AllocsPerRun(20, func() { dec.Decode(data) }); n != 0 {
				t.Errorf("warm decode allocates %v times", n)
			}
		})
	}
}

// tunFuzz is the body of the fuzz targets: no input panics, and
// whatever dissects re-encodes byte for byte (also with a warm decoder).
func tunFuzz(f *testing.F, first packet.LayerType, seeds [][]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
	dec := packet.NewDecoder(first)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, _ := packet.Dissect(data, first)
		b, err := p.Build()
		if err != nil {
			t.Fatalf("build of dissected %v: %v", p, err)
		}
		if !bytes.Equal(b, data) {
			t.Fatalf("round trip of %v\n got %x\nwant %x", p, b, data)
		}
		q, _ := dec.Decode(data)
		if q.String() != p.String() {
			t.Fatalf("decoder %q, Dissect %q", q, p)
		}
		_ = p.Show()
		_ = p.AppendJSON(nil, 1)
	})
}

// tunSeeds returns the frames' bytes from the first layer named name on
// (the seeds of a decoder that starts there).
func tunSeeds(t testing.TB, frames []tunFrame, name string) [][]byte {
	var out [][]byte
	for _, f := range frames {
		data := f.bytes(t)
		p, _ := packet.Dissect(data, layers.EthernetType)
		off := 0
		for _, l := range p.Layers() {
			if l.Proto().Name == name {
				out = append(out, data[off:])
				break
			}
			off += l.HeaderLen()
		}
	}
	return out
}

var vlanFrames = []tunFrame{
	// vlan.id 10, vlan.priority 0, vlan.dei 0, vlan.etype 0x0806
	{"generated/kernel/vlan.pcap#1",
		"ffffffffffff0200000100018100000a08060001080006040001020000010001c6120a01000000000000c6120a02",
		"Ethernet/Dot1Q/ARP",
		[]tunField{{"Ethernet", 0, "type", 0x8100}, {"Dot1Q", 0, "vlan", 10}, {"Dot1Q", 0, "prio", 0},
			{"Dot1Q", 0, "id", 0}, {"Dot1Q", 0, "type", 0x0806}}},
	// vlan.id 10, vlan.etype 0x0800
	{"generated/kernel/vlan.pcap#3",
		"0200000100020200000100018100000a08004500005417b74000400182cac6120a01c6120a020800b0cd16960001b3a9" +
			"086b00000000a7b30e0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031" +
			"323334353637",
		"Ethernet/Dot1Q/IP/ICMP/Raw",
		[]tunField{{"Dot1Q", 0, "vlan", 10}, {"Dot1Q", 0, "type", 0x0800}}},
	// ieee8021ad.id 20, vlan.id 100, vlan.etype 0x0806
	{"generated/kernel/qinq.pcap#1",
		"ffffffffffff02000001000188a800148100006408060001080006040001020000010001c6120a01000000000000c612" +
			"0a02",
		"Ethernet/Dot1AD/Dot1Q/ARP",
		[]tunField{{"Ethernet", 0, "type", 0x88a8}, {"Dot1AD", 0, "vlan", 20}, {"Dot1AD", 0, "type", 0x8100},
			{"Dot1Q", 0, "vlan", 100}, {"Dot1Q", 0, "type", 0x0806}}},
	// ieee8021ad.id 20, vlan.id 100, vlan.etype 0x0800
	{"generated/kernel/qinq.pcap#3",
		"02000001000202000001000188a8001481000064080045000054bea140004001dbdfc6120a01c6120a020800da09170c" +
			"0001baa9086b0000000076010f0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d" +
			"2e2f3031323334353637",
		"Ethernet/Dot1AD/Dot1Q/IP/ICMP/Raw",
		[]tunField{{"Dot1AD", 0, "vlan", 20}, {"Dot1Q", 0, "vlan", 100}, {"Dot1Q", 0, "type", 0x0800}}},
	// ieee8021ad.id 200, vlan.id 2001, vlan.etype 0x0806
	{"tcpdump/802.1ad_QinQ.pcap#1",
		"ffffffffffff0020d25afb3f88a800c8810007d1080600010800060400010020d25afb3fac154f61000000000000ac15" +
			"4f640000000000000000000000000000",
		"Ethernet/Dot1AD/Dot1Q/ARP/Padding",
		[]tunField{{"Dot1AD", 0, "vlan", 200}, {"Dot1Q", 0, "vlan", 2001}, {"Dot1Q", 0, "type", 0x0806}}},
	// vlan.id 118,10; vlan.etype 0x8100,0x0800
	{"pcapplusplus/VlanPackets.pcap#1",
		"001bd41ba4d80013c3dfae18810000768100000a080045000064000f0000ff01929b0a760a010a760a020800ceb70003" +
			"000000000000001faf70abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd" +
			"abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd",
		"Ethernet/Dot1Q/Dot1Q/IP/ICMP/Raw",
		[]tunField{{"Dot1Q", 0, "vlan", 118}, {"Dot1Q", 0, "type", 0x8100}, {"Dot1Q", 1, "vlan", 10},
			{"Dot1Q", 1, "type", 0x0800}}},
	// vlan.id 118, vlan.priority 5, vlan.len 357 (an 802.3 length: LLC/CDP follows)
	{"pcapplusplus/VlanPackets.pcap#21",
		"01000ccdcdd00013c3dfae188100a0760165aaaa0300000c200002b4bae2000100065231000500fd436973636f20494f" +
			"5320536f6674776172652c203238303020536f667477617265202843323830304e4d2d41445649505345525649434553" +
			"4b392d4d292c2056657273696f6e2031322e3428323429542c2052454c4541534520534f465457415245202866633129" +
			"0a546563686e6963616c20537570706f72743a20687474703a2f2f7777772e636973636f2e636f6d2f74656368737570" +
			"706f72740a436f707972696768742028632920313938362d3230303920627920436973636f2053797374656d732c2049" +
			"6e632e0a436f6d70696c6564205765642032352d4665622d30392031373a35352062792070726f645f72656c5f746561" +
			"6d0006000e436973636f203238313100020011000000010101cc00040a760a01000300134661737445746865726e6574" +
			"302f300004000800000029000700130a760a00180a761400180a761e001800090004000b000501",
		"", // what follows an 802.3 length depends on whether an LLC layer is registered
		[]tunField{{"Dot1Q", 0, "vlan", 118}, {"Dot1Q", 0, "prio", 5}, {"Dot1Q", 0, "type", 357}}},
}

func TestDot1QFrames(t *testing.T) {
	frames := vlanFrames
	// The LLC frame's stack depends on other protocols: check it apart.
	last := frames[len(frames)-1]
	tunCheckFrames(t, frames[:len(frames)-1])
	data := last.bytes(t)
	p, err := packet.Dissect(data, layers.EthernetType)
	if err != nil {
		t.Fatalf("%s: %v", last.origin, err)
	}
	if !strings.HasPrefix(tunStack(p), "Ethernet/Dot1Q/") {
		t.Fatalf("%s: stack %s", last.origin, tunStack(p))
	}
	d := p.Layer(1).(*layers.Dot1Q)
	if d.VLAN != 118 || d.Priority != 5 || d.Type.Value != 357 {
		t.Errorf("%s: %+v", last.origin, d.VLANTag)
	}
	checkRoundTrip(t, data, layers.EthernetType)
}

func TestDot1QBuild(t *testing.T) {
	// Scapy: raw(Ether(src=..., dst=...)/Dot1Q()/Dot1Q()/IP()) without the IP.
	p := packet.New(layers.NewEthernet(), layers.NewDot1Q(), layers.NewDot1Q(), layers.NewIPv4())
	b, err := p.Build()
	if err != nil {
		t.Fatal(err)
	}
	want := "ffffffffffff000000000000" + "8100" + "0001" + "8100" + "0001" + "0800"
	if got := hex.EncodeToString(b[:22]); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	// QinQ: Ether/Dot1AD/Dot1Q: 0x88a8 then 0x8100.
	p = packet.New(layers.NewEthernet(), layers.NewDot1AD(), layers.NewDot1Q(), layers.NewIPv6())
	b, _ = p.Build()
	if got := hex.EncodeToString(b[12:22]); got != "88a8000181000001"+"86dd" {
		t.Errorf("qinq types %s", got)
	}
	// A tag alone has type 0 (Scapy's default).
	b, _ = packet.New(layers.NewDot1Q()).Build()
	if !bytes.Equal(b, []byte{0, 1, 0, 0}) {
		t.Errorf("alone %x", b)
	}
	// A type set is kept.
	d := layers.NewDot1Q()
	d.Type = fields.Some(uint16(0x1234))
	b, _ = packet.New(d, layers.NewIPv4()).Build()
	if b[2] != 0x12 || b[3] != 0x34 {
		t.Errorf("type set %x", b[:4])
	}
}

func TestDot1QFieldsShow(t *testing.T) {
	d := layers.NewDot1Q()
	for name, v := range map[string]any{"prio": 6, "id": 1, "vlan": 4000, "type": "IPv6"} {
		if err := d.Set(name, v); err != nil {
			t.Fatalf("set %s: %v", name, err)
		}
	}
	if d.Priority != 6 || d.DEI != 1 || d.VLAN != 4000 || d.Type.Value != layers.EtherTypeIPv6 {
		t.Errorf("%+v", d.VLANTag)
	}
	if d.TCI() != 6<<13|1<<12|4000 {
		t.Errorf("tci %x", d.TCI())
	}
	if err := d.Set("vlan", 5000); err == nil {
		t.Error("vlan 5000 accepted")
	}
	if v, _ := d.Get("vlan"); v != uint16(4000) {
		t.Errorf("get vlan %v (%T)", v, v)
	}
	show := d.Show()
	for _, s := range []string{"###[ 802.1Q ]###", "prio      = 6", "id        = 1", "vlan      = 4000", "type      = IPv6"} {
		if !strings.Contains(show, s) {
			t.Errorf("show lacks %q:\n%s", s, show)
		}
	}
	if !strings.Contains(layers.NewDot1AD().Show(), "###[ 802_1AD ]###") {
		t.Error("Dot1AD title")
	}
	data := vlanFrames[0].bytes(t)
	p, _ := packet.Dissect(data, layers.EthernetType)
	if got := p.Layer(1).(*layers.Dot1Q).SummaryIn(p, 1); got != "802.1q 02:00:00:01:00:01 > ff:ff:ff:ff:ff:ff (ARP) vlan 10" {
		t.Errorf("summary %q", got)
	}
	if p.GetLayer("Dot1Q") == nil || p.GetLayer("802.1Q") == nil || p.GetLayer("VLAN") == nil {
		t.Error("GetLayer by name or alias")
	}
	if tag, ok := packet.LayerOf[*layers.Dot1Q](p); !ok || tag.VLAN != 10 {
		t.Error("typed access")
	}
}

func TestDot1QBindings(t *testing.T) {
	for _, c := range []struct {
		lower, upper packet.LayerType
		value        uint64
	}{
		{layers.EthernetType, layers.Dot1QType, layers.EtherTypeDot1Q},
		{layers.EthernetType, layers.Dot1ADType, layers.EtherTypeQinQ},
	} {
		if v, ok := packet.BindValue(c.lower, c.upper, "type"); !ok || v != c.value {
			t.Errorf("build binding %v/%v: %x %v", c.lower, c.upper, v, ok)
		}
		if got := packet.NextLayer(c.lower, "type", c.value); got != c.upper {
			t.Errorf("dissect binding %x: %v", c.value, got)
		}
	}
	for _, v := range []uint64{layers.EtherTypeQinQ9100, layers.EtherTypeQinQ9200} {
		if got := packet.NextLayer(layers.EthernetType, "type", v); got != layers.Dot1QType {
			t.Errorf("0x%x dissects as %v", v, got)
		}
	}
	// An old-style 0x9100 outer tag.
	b, _ := hex.DecodeString("ffffffffffff0000000000019100000a8100001408004500001400010000400066e70a0000010a000002")
	p, err := packet.Dissect(b, layers.EthernetType)
	if err != nil || tunStack(p) != "Ethernet/Dot1Q/Dot1Q/IP" {
		t.Errorf("0x9100: %v %s", err, tunStack(p))
	}
	checkRoundTrip(t, b, layers.EthernetType)
}

func TestDot1QTruncated(t *testing.T) {
	for n := 0; n < layers.Dot1QHdrLen; n++ {
		if _, err := layers.NewDot1Q().DecodeFromBytes(make([]byte, n), &packet.DecodeContext{}); !errors.Is(err, packet.ErrTruncated) {
			t.Errorf("%d bytes: %v", n, err)
		}
	}
}

// FuzzDot1Q starts at a VLAN tag.
func FuzzDot1Q(f *testing.F) {
	tunFuzz(f, layers.Dot1QType, tunSeeds(f, vlanFrames, "Dot1Q"))
}

// FuzzDot1AD starts at a service tag.
func FuzzDot1AD(f *testing.F) {
	tunFuzz(f, layers.Dot1ADType, tunSeeds(f, vlanFrames, "Dot1AD"))
}
