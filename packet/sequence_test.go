package packet_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// TestSequenceLayersPastMaxTunnel: twenty TLS records in one TCP segment
// all dissect (records are a sequence, not nested tunnels), while IP
// nested in IP more than MaxTunnel times is still refused.
func TestSequenceLayersPastMaxTunnel(t *testing.T) {
	var recs []byte
	for i := 0; i < 20; i++ {
		recs = append(recs, 23, 3, 3, 0, 2, byte(i), byte(i)) // application data, 2 bytes
	}
	tcp := make([]byte, 20)
	binary.BigEndian.PutUint16(tcp[0:], 443)
	binary.BigEndian.PutUint16(tcp[2:], 40000)
	tcp[12] = 5 << 4
	p, err := packet.Dissect(append(tcp, recs...), layers.TCPType)
	if err != nil {
		t.Fatalf("%v: %v", p, err)
	}
	n := 0
	for _, l := range p.Layers() {
		if l.Proto().Name == "TLS" {
			n++
		}
	}
	if n != 20 {
		t.Fatalf("%d TLS records dissected, want 20: %v", n, p)
	}

	// IP in IP, MaxTunnel+2 deep.
	var pkt []byte
	depth := packet.MaxTunnel + 2
	for i := 0; i < depth; i++ {
		h := make([]byte, 20)
		h[0], h[9] = 0x45, 4
		pkt = append(pkt, h...)
	}
	total := len(pkt)
	for i := 0; i < depth; i++ {
		binary.BigEndian.PutUint16(pkt[i*20+2:], uint16(total-i*20))
	}
	_, err = packet.Dissect(bytes.Clone(pkt), layers.IPv4Type)
	if err == nil {
		t.Fatalf("IP nested %d deep dissected without error", depth)
	}
}
