package bench

// TCP stream reassembly: goscapy's stream.Assembler side by side with
// gopacket's reassembly package on lab-100k.pcap, each reading the file
// from memory with its own reader and decoder, reassembling every TCP
// connection, and counting the ordered bytes handed over. Reported: packets
// per second, reassembled bytes per second, allocations per packet.

import (
	"bytes"
	"errors"
	"io"
	"os"
	"runtime"
	"testing"
	"time"

	gp "github.com/google/gopacket"
	gplayers "github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
	"github.com/google/gopacket/reassembly"

	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
	"github.com/goscapy/goscapy/stream"
)

// lab100kBytes returns lab-100k.pcap, or skips.
func lab100kBytes(b *testing.B) []byte {
	data, err := os.ReadFile(lab100k)
	if err != nil {
		b.Skipf("lab-100k.pcap not found (%v): the shared corpus is absent", err)
	}
	return data
}

// reportStream reports the rates of one benchmark: packets and
// reassembled bytes per second, allocations per packet.
func reportStream(b *testing.B, packets, bytes int, start time.Time, m0 *runtime.MemStats) {
	el := time.Since(start).Seconds()
	var m1 runtime.MemStats
	runtime.ReadMemStats(&m1)
	b.ReportMetric(float64(packets)/el, "pkts/s")
	b.ReportMetric(float64(bytes)/el/1e6, "MB/s")
	b.ReportMetric(float64(m1.Mallocs-m0.Mallocs)/float64(packets), "allocs/pkt")
}

// countHandler counts the bytes goscapy's Assembler hands over.
type countHandler struct{ n int }

func (h *countHandler) Data(_ *stream.Conversation, _ stream.Direction, d []byte, _ stream.DataInfo) {
	h.n += len(d)
}
func (h *countHandler) Close(*stream.Conversation, stream.CloseReason) {}

func BenchmarkReassemblyGoscapy(b *testing.B) {
	data := lab100kBytes(b)
	b.ReportAllocs()
	var m0 runtime.MemStats
	runtime.ReadMemStats(&m0)
	start := time.Now()
	packets, reassembled := 0, 0
	for range b.N {
		r, err := pcap.NewReaderBytes(data)
		if err != nil {
			b.Fatal(err)
		}
		h := &countHandler{}
		a := stream.NewAssembler(stream.Config{Handler: h})
		dec := packet.NewDecoder(0)
		for {
			frame, ci, err := r.ReadPacketData()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					b.Fatal(err)
				}
				break
			}
			first, _ := packet.FirstLayer(uint32(ci.LinkType), frame)
			p, _ := dec.DecodeAs(frame, first)
			a.Process(p, ci.Timestamp)
			packets++
		}
		a.FlushAll()
		reassembled += h.n
	}
	reportStream(b, packets, reassembled, start, &m0)
	b.Logf("%d bytes reassembled per pass", reassembled/b.N)
}

// gpStream counts the bytes gopacket's reassembly hands over.
type gpStream struct{ n *int }

func (s *gpStream) Accept(_ *gplayers.TCP, _ gp.CaptureInfo, _ reassembly.TCPFlowDirection, _ reassembly.Sequence, start *bool, _ reassembly.AssemblerContext) bool {
	*start = true // pick up connections without their SYN, as goscapy does
	return true
}

func (s *gpStream) ReassembledSG(sg reassembly.ScatterGather, _ reassembly.AssemblerContext) {
	n, _ := sg.Lengths()
	*s.n += n
}

func (s *gpStream) ReassemblyComplete(reassembly.AssemblerContext) bool { return true }

type gpFactory struct{ n int }

func (f *gpFactory) New(_, _ gp.Flow, _ *gplayers.TCP, _ reassembly.AssemblerContext) reassembly.Stream {
	return &gpStream{n: &f.n}
}

type gpContext struct{ ci gp.CaptureInfo }

func (c *gpContext) GetCaptureInfo() gp.CaptureInfo { return c.ci }

func BenchmarkReassemblyGopacket(b *testing.B) {
	data := lab100kBytes(b)
	b.ReportAllocs()
	var m0 runtime.MemStats
	runtime.ReadMemStats(&m0)
	start := time.Now()
	packets, reassembled := 0, 0
	for range b.N {
		r, err := pcapgo.NewReader(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		f := &gpFactory{}
		asm := reassembly.NewAssembler(reassembly.NewStreamPool(f))
		var (
			eth   gplayers.Ethernet
			dot1q gplayers.Dot1Q
			ip4   gplayers.IPv4
			ip6   gplayers.IPv6
			tcp   gplayers.TCP
			udp   gplayers.UDP
			pay   gp.Payload
		)
		parser := gp.NewDecodingLayerParser(gplayers.LayerTypeEthernet, &eth, &dot1q, &ip4, &ip6, &tcp, &udp, &pay)
		parser.IgnoreUnsupported = true
		decoded := make([]gp.LayerType, 0, 8)
		ctx := &gpContext{}
		for {
			frame, ci, err := r.ZeroCopyReadPacketData()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					b.Fatal(err)
				}
				break
			}
			packets++
			_ = parser.DecodeLayers(frame, &decoded)
			var flow gp.Flow
			isTCP := false
			for _, t := range decoded {
				switch t {
				case gplayers.LayerTypeIPv4:
					flow = ip4.NetworkFlow()
				case gplayers.LayerTypeIPv6:
					flow = ip6.NetworkFlow()
				case gplayers.LayerTypeTCP:
					isTCP = true
				}
			}
			if !isTCP {
				continue
			}
			ctx.ci = ci
			asm.AssembleWithContext(flow, &tcp, ctx)
		}
		asm.FlushAll()
		reassembled += f.n
	}
	reportStream(b, packets, reassembled, start, &m0)
	b.Logf("%d bytes reassembled per pass", reassembled/b.N)
}
