package packet_test

import (
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// TestBindKeyFollowsRegistry checks that a BindKey answers as NextLayer,
// also for a binding added after its first use, and allocates nothing.
func TestBindKeyFollowsRegistry(t *testing.T) {
	k := packet.NewBindKey(layers.EthernetType, "type")
	if got := k.Next(0x0800); got != layers.IPv4Type {
		t.Errorf("0x0800 -> %v, want IPv4", got)
	}
	if got := k.Next(0x86dd); got != layers.IPv6Type {
		t.Errorf("0x86dd -> %v, want IPv6", got)
	}
	const unbound = 0x88b6 // IEEE 802.1 local experimental 2: bound by nothing
	if got := k.Next(unbound); got != 0 {
		t.Fatalf("0x%x bound to %v", unbound, got)
	}
	none := packet.NewBindKey(layers.EthernetType, "no-such-field")
	if got := none.Next(0x0800); got != 0 {
		t.Errorf("unknown field -> %v", got)
	}
	if n := testing.AllocsPerRun(100, func() { k.Next(0x0800) }); n != 0 {
		t.Errorf("Next allocates %v times", n)
	}
	lt := packet.Register(&packet.Proto{Name: "bindkey-test", New: func() packet.Layer { return &packet.Raw{} }})
	packet.Bind(packet.BindingRule{Lower: layers.EthernetType, Upper: lt, Field: "type", Value: unbound})
	if got := k.Next(unbound); got != lt {
		t.Errorf("after Bind: 0x%x -> %v, want %v", unbound, got, lt)
	}
	if got := packet.NextLayer(layers.EthernetType, "type", unbound); got != lt {
		t.Errorf("NextLayer after Bind: %v", got)
	}
}

// bindProbe is a layer that, when built, asks for the value binding the
// layer above both ways: through a BindKey and through BuildContext.Bind.
type bindProbe struct {
	packet.Raw
	key      *packet.BindKey
	v1, v2   uint64
	ok1, ok2 bool
}

var bindProbeProto = &packet.Proto{Name: "bindkey-probe", New: func() packet.Layer { return &bindProbe{} }}

var bindProbeType = packet.Register(bindProbeProto)

func (b *bindProbe) Proto() *packet.Proto { return bindProbeProto }
func (b *bindProbe) HeaderLen() int       { return 0 }
func (b *bindProbe) SerializeTo(_ []byte, ctx *packet.BuildContext) error {
	b.v1, b.ok1 = b.key.Value(ctx)
	b.v2, b.ok2 = ctx.Bind("f")
	return nil
}

// TestBindKeyValue checks BindKey.Value against BuildContext.Bind for
// bound and unbound layers above, with Padding above, and after a binding
// is added.
func TestBindKeyValue(t *testing.T) {
	k := packet.NewBindKey(bindProbeType, "f")
	packet.Bind(
		packet.BindingRule{Lower: bindProbeType, Upper: layers.TCPType, Field: "f", Value: 6},
		packet.BindingRule{Lower: bindProbeType, Upper: layers.UDPType, Field: "g", Value: 99},
		packet.BindingRule{Lower: bindProbeType, Upper: layers.UDPType, Field: "f", Value: 17},
	)
	check := func(name string, want uint64, wantOK bool, above ...packet.Layer) {
		t.Helper()
		pr := &bindProbe{key: k}
		if _, err := packet.New(append([]packet.Layer{pr}, above...)...).Build(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if pr.v1 != pr.v2 || pr.ok1 != pr.ok2 || pr.v1 != want || pr.ok1 != wantOK {
			t.Errorf("%s: Value %d %v, Bind %d %v, want %d %v", name, pr.v1, pr.ok1, pr.v2, pr.ok2, want, wantOK)
		}
	}
	check("TCP above", 6, true, layers.NewTCP())
	check("UDP above", 17, true, layers.NewUDP())
	check("ICMP above", 0, false, layers.NewICMP())
	check("nothing above", 0, false)
	check("Padding above", 0, false, &packet.Padding{Load: []byte{0}})
	packet.Bind(packet.BindingRule{Lower: bindProbeType, Upper: layers.ICMPType, Field: "f", Value: 1})
	check("ICMP above, bound later", 1, true, layers.NewICMP())
}
