package bench

import (
	"bytes"
	"net/netip"
	"testing"
	"time"

	gp "github.com/google/gopacket"
	"github.com/google/gopacket/ip4defrag"
	gpl "github.com/google/gopacket/layers"

	"github.com/goscapy/goscapy/defrag"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// BenchmarkDefrag reassembles the same stream of IPv4 fragments with
// goscapy's defrag and gopacket's ip4defrag: Ethernet/IPv4/UDP datagrams
// of 4000 bytes of payload cut at MTU 1500 (3 fragments each), each with
// its own identification, in order. One op is one datagram: its fragments
// decoded from their frames and reassembled; ns/op is ns per datagram.
//
//   - goscapy: a warm packet.Decoder per frame, Defragmenter.Process; the
//     fragments are copied and the reassembled datagram is a new packet,
//     dissected again down to UDP.
//   - gopacket: a fresh layers.IPv4 decoded with DecodeFromBytes per frame
//     (ip4defrag keeps the layers it is given), DefragIPv4WithTimestamp;
//     the fragments are referenced, not copied, and the result is an IPv4
//     layer holding the payload, not dissected further.
func BenchmarkDefrag(b *testing.B) {
	frames := defragStream(b, 1024)
	b.Run("goscapy", func(b *testing.B) {
		d := defrag.New(defrag.Config{})
		dec := packet.NewDecoder(layers.EthernetType)
		ts := time.Unix(1700000000, 0)
		b.ReportAllocs()
		b.ResetTimer()
		cpu := startCPU()
		n := 0
		for i := 0; i < b.N; i++ {
			for _, f := range frames[i%len(frames)] {
				p, _ := dec.Decode(f)
				q, ok, err := d.Process(p, ts)
				if err != nil {
					b.Fatal(err)
				}
				if ok {
					n++
					_ = q
				}
			}
		}
		cpu.report(b)
		if n != b.N {
			b.Fatalf("%d datagrams out of %d", n, b.N)
		}
	})
	b.Run("gopacket", func(b *testing.B) {
		d := ip4defrag.NewIPv4Defragmenter()
		ts := time.Unix(1700000000, 0)
		b.ReportAllocs()
		b.ResetTimer()
		cpu := startCPU()
		n := 0
		for i := 0; i < b.N; i++ {
			for _, f := range frames[i%len(frames)] {
				ip := new(gpl.IPv4)
				if err := ip.DecodeFromBytes(f[14:], gp.NilDecodeFeedback); err != nil {
					b.Fatal(err)
				}
				out, err := d.DefragIPv4WithTimestamp(ip, ts)
				if err != nil {
					b.Fatal(err)
				}
				if out != nil {
					n++
				}
			}
		}
		cpu.report(b)
		if n != b.N {
			b.Fatalf("%d datagrams out of %d", n, b.N)
		}
	})
}

// defragStream returns n datagrams, each as the frames of its fragments.
func defragStream(tb testing.TB, n int) [][][]byte {
	tb.Helper()
	load := make([]byte, 4000)
	for i := range load {
		load[i] = byte(i * 7)
	}
	out := make([][][]byte, n)
	for i := range out {
		e := layers.NewEthernet()
		e.Src = fields.MAC{2, 0, 0, 0, 0, 1}
		e.Dst = fields.MAC{2, 0, 0, 0, 0, 2}
		ip := layers.NewIPv4()
		ip.Src, ip.Dst = netip.MustParseAddr("198.18.1.2"), netip.MustParseAddr("198.18.1.3")
		ip.ID = uint16(i)
		u := layers.NewUDP()
		u.SrcPort, u.DstPort = 40000, 9
		fs, err := defrag.Fragment(packet.New(e, ip, u, &packet.Raw{Load: load}), 1500)
		if err != nil {
			tb.Fatal(err)
		}
		for _, f := range fs {
			out[i] = append(out[i], f.Data())
		}
	}
	return out
}

// TestDefragSameWork checks that both sides reassemble the stream to the
// same IP payload.
func TestDefragSameWork(t *testing.T) {
	frames := defragStream(t, 4)
	d := defrag.New(defrag.Config{})
	g := ip4defrag.NewIPv4Defragmenter()
	ts := time.Unix(1700000000, 0)
	for i, fs := range frames {
		if len(fs) != 3 {
			t.Fatalf("datagram %d: %d fragments", i, len(fs))
		}
		var ours, theirs []byte
		for _, f := range fs {
			p, _ := packet.Dissect(f, layers.EthernetType)
			q, ok, err := d.Process(p, ts)
			if err != nil {
				t.Fatal(err)
			}
			if ok {
				ours = q.Data()[14+20:]
			}
			ip := new(gpl.IPv4)
			if err := ip.DecodeFromBytes(f[14:], gp.NilDecodeFeedback); err != nil {
				t.Fatal(err)
			}
			out, err := g.DefragIPv4WithTimestamp(ip, ts)
			if err != nil {
				t.Fatal(err)
			}
			if out != nil {
				theirs = out.Payload
			}
		}
		if len(ours) != 4008 || !bytes.Equal(ours, theirs) {
			t.Errorf("datagram %d: goscapy %d bytes, gopacket %d bytes, equal %v", i, len(ours), len(theirs), bytes.Equal(ours, theirs))
		}
	}
}
