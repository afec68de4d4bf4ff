package goscapy

import (
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

func BenchmarkBuildIntoSYN(b *testing.B) {
	p := synPacket(b)
	buf := make([]byte, 1500)
	b.ReportAllocs()
	for b.Loop() {
		p.BuildInto(buf)
	}
}

func BenchmarkDecodeSYN(b *testing.B) {
	frame, _ := synPacket(b).Build()
	dec := NewDecoder()
	b.ReportAllocs()
	for b.Loop() {
		p, _ := dec.Decode(frame)
		t, _ := packet.LayerOf[*layers.TCP](p)
		_ = t.DstPort
	}
}

func BenchmarkDissectSYN(b *testing.B) {
	frame, _ := synPacket(b).Build()
	b.ReportAllocs()
	for b.Loop() {
		Dissect(frame)
	}
}

func BenchmarkScannerChain(b *testing.B) {
	b.ReportAllocs()
	port := uint16(0)
	for b.Loop() {
		port++
		NewEthernet().SrcMAC("aa:bb:cc:dd:ee:ff").DstMAC("ff:ff:ff:ff:ff:ff").
			Over(NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2")).
			Over(NewTCP().SrcPort(12345).DstPort(port).Flags(layers.TCPSyn)).Build()
	}
}
