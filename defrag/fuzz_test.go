package defrag

import (
	"testing"
	"time"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// FuzzDefrag feeds random fragment streams to a small Defragmenter: no
// panic, and the bounds on datagrams and bytes always hold.
//
// The input is a stream of 6-byte records, each one fragment: flags (bit
// 0 IPv6, bit 1 more fragments, bits 2-3 the protocol: UDP, TCP, ICMP,
// destination options), identification (a few values, so fragments
// collide), offset in 8-byte units (2 bytes, the top bits cleared), data
// length and a time step. A first byte of 0xff makes the rest one packet
// of raw bytes dissected from Ethernet instead.
func FuzzDefrag(f *testing.F) {
	f.Add([]byte{0, 1, 0, 0, 8, 0, 2, 1, 0, 1, 4, 0})
	f.Add([]byte{3, 7, 0, 0, 16, 1, 1, 7, 0, 1, 16, 1, 1, 7, 0, 2, 3, 0})
	f.Add([]byte{2, 1, 0, 0, 255, 0, 2, 1, 0, 2, 255, 0, 0, 1, 0, 3, 17, 0})
	f.Add([]byte{2, 9, 0x1f, 0xff, 200, 0, 0, 9, 0x1f, 0xfe, 10, 50})
	frame, _ := packet.New(withEther(build(f, "udp4", 100)).Layers()...).Build()
	f.Add(append([]byte{0xff}, frame...))
	f.Fuzz(func(t *testing.T, in []byte) {
		cfg := Config{MaxDatagrams: 4, MaxBytes: 2048, MaxFragmentsPerDatagram: 8, Timeout: time.Second}
		cfg.IPv4Overlap = OverlapPolicy(len(in) % 3)
		d := New(cfg)
		check := func() {
			s := d.Stats()
			if s.InFlight > cfg.MaxDatagrams || s.BytesBuffered > cfg.MaxBytes || s.BytesBuffered < 0 || s.MaxBytesBuffered > cfg.MaxBytes {
				t.Fatalf("bounds: %+v", s)
			}
		}
		if len(in) > 0 && in[0] == 0xff {
			p, _ := packet.Dissect(in[1:], layers.EthernetType)
			d.Process(p, testTime)
			check()
			p, _ = packet.Dissect(in[1:], layers.IPv6Type)
			d.Process(p, testTime)
			check()
			return
		}
		now := testTime
		buf := make([]byte, 256)
		for len(in) >= 6 {
			r := in[:6]
			in = in[6:]
			v6, mf := r[0]&1 != 0, r[0]&2 != 0
			proto := []uint8{layers.IPProtoUDP, layers.IPProtoTCP, layers.IPProtoICMP, layers.IPProtoDstOpts}[r[0]>>2&3]
			id := uint16(r[1] & 3)
			off := int(be16(r[2:])&ip4OffMask) * 8
			data := buf[:r[4]]
			for i := range data {
				data[i] = r[1] ^ byte(i)
			}
			now = now.Add(time.Duration(r[5]) * 10 * time.Millisecond)
			var p *packet.Packet
			if v6 {
				p = raw6(t, uint32(id), proto, off, mf, data)
			} else {
				p = raw4(t, id, proto, off, mf, data)
			}
			q, ok, err := d.Process(p, now)
			if ok && q == nil || (err != nil && (ok || q != nil)) {
				t.Fatalf("Process: %v %v %v", q, ok, err)
			}
			if ok && q != p {
				if _, err := q.Build(); err != nil {
					t.Fatalf("reassembled packet does not build: %v", err)
				}
			}
			check()
		}
		d.Expire(now.Add(time.Hour))
		if s := d.Stats(); s.InFlight != 0 || s.BytesBuffered != 0 {
			t.Fatalf("after expiry: %+v", s)
		}
	})
}
