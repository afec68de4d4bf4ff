package goscapy

import (
	"bytes"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// freshBytes builds a copy of p's layers as a new packet, without any
// memory of earlier builds.
func freshBytes(t *testing.T, p *packet.Packet) []byte {
	t.Helper()
	var ls []packet.Layer
	for _, l := range p.Layers() {
		c := l.Proto().New()
		fs := l.Proto().Fields
		for i := range fs {
			if v := fs[i].Get(l); v != nil {
				if err := fs[i].Set(c, v); err != nil {
					t.Fatalf("%s.%s: %v", l.Proto().Name, fs[i].Name, err)
				}
			}
		}
		ls = append(ls, c)
	}
	b, err := packet.New(ls...).Build()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRebuildAfterChanges: a prepared packet rebuilt many times gives the
// bytes of a fresh build after every kind of change: a field through its
// pointer, a field through Set, option bytes and payload bytes changed in
// place, a layer replaced.
func TestRebuildAfterChanges(t *testing.T) {
	p := NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02").
		Over(NewIP().SrcIP("198.18.0.1").DstIP("198.18.0.2")).
		Over(NewTCP().SrcPort(1234).DstPort(80).Flags(layers.TCPSyn).
			Options(layers.TCPOptionMSS(1460), layers.TCPOptionWScale(7))).
		Over(NewRaw([]byte("hello"))).Packet()
	tcp, _ := packet.LayerOf[*layers.TCP](p)
	ip, _ := packet.LayerOf[*layers.IPv4](p)
	raw, _ := packet.LayerOf[*packet.Raw](p)
	buf := make([]byte, 1500)
	check := func(what string) {
		t.Helper()
		for i := 0; i < 3; i++ { // the first, the snapshot-taking and a copying build
			out, err := p.BuildInto(buf)
			if err != nil {
				t.Fatal(err)
			}
			if want := freshBytes(t, p); !bytes.Equal(out, want) {
				t.Fatalf("%s, build %d:\n got % x\nwant % x", what, i, out, want)
			}
		}
	}
	check("prepared")
	tcp.DstPort = 443
	check("dport through the pointer")
	if err := p.GetLayer("IP").Set("ttl", 7); err != nil {
		t.Fatal(err)
	}
	check("ttl through Set")
	tcp.Options()[0].Data[0] = 0x04
	check("option bytes in place")
	raw.Load[0] = 'j'
	check("payload bytes in place")
	ip.Options = []layers.IPOption{{Type: 1}, {Type: 1}, {Type: 1}, {Type: 1}}
	check("IP options added")
	p.Layers()[3] = &packet.Raw{Load: []byte("other payload")}
	check("layer replaced")
	if _, err := p.BuildInto(make([]byte, 10)); err == nil {
		t.Fatal("short buffer accepted after cached builds")
	}
}

// TestRebuildStopsSnapshotsOnChurn: a packet that changes before every
// build still builds correctly, and stops paying for snapshots.
func TestRebuildStopsSnapshotsOnChurn(t *testing.T) {
	p := NewIP().SrcIP("198.18.0.1").DstIP("198.18.0.2").Over(NewUDP().SrcPort(1)).Packet()
	udp, _ := packet.LayerOf[*layers.UDP](p)
	buf := make([]byte, 100)
	for port := uint16(1); port < 50; port++ {
		udp.DstPort = port
		out, err := p.BuildInto(buf)
		if err != nil {
			t.Fatal(err)
		}
		if want := freshBytes(t, p); !bytes.Equal(out, want) {
			t.Fatalf("port %d: got % x want % x", port, out, want)
		}
	}
	allocs := testing.AllocsPerRun(100, func() {
		udp.DstPort++
		p.BuildInto(buf)
	})
	if allocs != 0 {
		t.Fatalf("changing packet: %v allocations per build", allocs)
	}
}

// TestRebuildNotForTimestamps: an ICMP timestamp request whose times are
// left to the build is never served from the last build.
func TestRebuildNotForTimestamps(t *testing.T) {
	p := NewIP().DstIP("198.18.0.2").Over(NewICMP().Type(13)).Packet()
	icmp, _ := packet.LayerOf[*layers.ICMP](p)
	s := icmp.Snapshot(nil)
	if icmp.Unchanged(s) {
		t.Fatal("timestamp request with unset times reported unchanged")
	}
}
