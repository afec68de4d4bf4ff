package goscapy

import (
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

func synPacket(t testing.TB) *packet.Packet {
	p := NewEthernet().SrcMAC("aa:bb:cc:dd:ee:ff").DstMAC("ff:ff:ff:ff:ff:ff").
		Over(NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
		Over(NewTCP().SrcPort(12345).DstPort(80).Flags(layers.TCPSyn).
			Options(layers.TCPOptionMSS(1460), layers.TCPOptionSAckOK(), layers.TCPOptionTimestamp(1, 0),
				layers.TCPOptionNOP(), layers.TCPOptionWScale(7))).Packet()
	if err := p.Err(); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBuildIntoNoAllocs: building a prepared Ether/IPv4/TCP packet into a
// caller buffer allocates nothing.
func TestBuildIntoNoAllocs(t *testing.T) {
	p := synPacket(t)
	buf := make([]byte, 1500)
	out, err := p.BuildInto(buf)
	if err != nil || len(out) != 74 {
		t.Fatalf("BuildInto: %d bytes, %v", len(out), err)
	}
	if n := testing.AllocsPerRun(1000, func() {
		if _, err := p.BuildInto(buf); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Fatalf("BuildInto allocates %v times per packet", n)
	}
}

// TestWarmDecoderNoAllocs: decoding a 74-byte SYN with a warm decoder and
// reading the TCP destination port through LayerOf allocates nothing.
func TestWarmDecoderNoAllocs(t *testing.T) {
	frame, err := synPacket(t).Build()
	if err != nil || len(frame) != 74 {
		t.Fatalf("build: %d bytes, %v", len(frame), err)
	}
	dec := NewDecoder()
	var port uint16
	decode := func() {
		p, err := dec.Decode(frame)
		if err != nil {
			t.Fatal(err)
		}
		tcp, ok := packet.LayerOf[*layers.TCP](p)
		if !ok {
			t.Fatal("no TCP layer")
		}
		port = tcp.DstPort
	}
	decode()
	if port != 80 {
		t.Fatalf("dport %d", port)
	}
	if n := testing.AllocsPerRun(1000, decode); n != 0 {
		t.Fatalf("warm Decode allocates %v times per packet", n)
	}
}

// TestDissectOneAlloc: Dissect of an Ethernet/IPv4/TCP or UDP frame takes
// its packet and layers from one allocation (the Ethernet preset), and a
// frame of other layers still dissects whole, the others allocated.
func TestDissectOneAlloc(t *testing.T) {
	frame, err := synPacket(t).Build()
	if err != nil {
		t.Fatal(err)
	}
	var p1, p2 *packet.Packet
	if n := testing.AllocsPerRun(1000, func() { p1, _ = Dissect(frame) }); n != 1 {
		t.Errorf("Dissect of a SYN allocates %v times, want 1", n)
	}
	p2, _ = Dissect(frame)
	if p1 == p2 || p1.Layer(2) == p2.Layer(2) || p1.String() != p2.String() {
		t.Errorf("two dissections share their layers: %v %v", p1, p2)
	}
	tcp, _ := packet.LayerOf[*layers.TCP](p2)
	if tcp == nil || tcp.DstPort != 80 || tcp.NumOptions() != 5 {
		t.Errorf("tcp %+v", tcp)
	}
	v6, err := NewEthernet().Over(NewIPv6().SrcIP("2001:db8::1").DstIP("2001:db8::2")).Over(NewUDP().DstPort(9)).Build()
	if err != nil {
		t.Fatal(err)
	}
	if p, err := Dissect(v6); err != nil || p.String() != "Ethernet / IPv6 / UDP 2001:db8::1:53 > 2001:db8::2:9" {
		t.Errorf("IPv6 frame: %v %v", p, err)
	}
}

// TestShortBufferIsError: a buffer too short is an error, never a panic.
func TestShortBufferIsError(t *testing.T) {
	p := synPacket(t)
	for n := 0; n < 74; n++ {
		if _, err := p.BuildInto(make([]byte, n)); err == nil {
			t.Fatalf("BuildInto with %d bytes: no error", n)
		}
	}
}
