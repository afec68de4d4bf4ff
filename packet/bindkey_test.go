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
