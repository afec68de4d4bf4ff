// Command instr repeats one operation of the ratio pairs N times, for
// counting instructions per operation with valgrind, which gives steadier
// figures than timings on a shared machine:
//
//	go build -o /tmp/instr ./cmd/instr
//	for n in 10000 210000; do GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 GOGC=off \
//	  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
//	  /tmp/instr -op decode -side goscapy -n $n 2>&1 | grep 'I *refs'; done
//
// The count per operation is the difference of the two totals divided by
// the difference of the n (200,000 here). GOGC=off keeps the collector's
// work out of the counts, so the dissect figures leave it out.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/bench"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"

	gp "github.com/google/gopacket"
	gpl "github.com/google/gopacket/layers"
)

var sink int

func main() {
	op := flag.String("op", "decode", "decode, dissect, build (an unchanged prepared SYN), buildseq (a new sequence number each time) or scan")
	side := flag.String("side", "goscapy", "goscapy or gopacket")
	n := flag.Int("n", 10000, "repetitions")
	flag.Parse()
	f, ok := ops[*side+"/"+*op]
	if !ok {
		fmt.Fprintf(os.Stderr, "instr: no operation %q for %q\n", *op, *side)
		os.Exit(2)
	}
	f(*n)
}

var ops = map[string]func(n int){
	"goscapy/decode": func(n int) {
		dec := goscapy.NewDecoder()
		for range n {
			p, _ := dec.Decode(bench.SYNFrame)
			t, _ := packet.LayerOf[*layers.TCP](p)
			sink += int(t.DstPort)
		}
	},
	"goscapy/dissect": func(n int) {
		for range n {
			p, _ := goscapy.Dissect(bench.SYNFrame)
			t, _ := packet.LayerOf[*layers.TCP](p)
			sink += int(t.DstPort)
		}
	},
	"goscapy/build":    func(n int) { goscapyBuild(n, false) },
	"goscapy/buildseq": func(n int) { goscapyBuild(n, true) },
	"goscapy/scan": func(n int) {
		for i := range n {
			out, _ := bench.GoscapyScanSYN(uint16(i))
			sink += len(out)
		}
	},
	"gopacket/decode": func(n int) {
		var (
			eth     gpl.Ethernet
			ip4     gpl.IPv4
			tcp     gpl.TCP
			payload gp.Payload
		)
		parser := gp.NewDecodingLayerParser(gpl.LayerTypeEthernet, &eth, &ip4, &tcp, &payload)
		decoded := make([]gp.LayerType, 0, 4)
		for range n {
			_ = parser.DecodeLayers(bench.SYNFrame, &decoded)
			sink += int(tcp.DstPort)
		}
	},
	"gopacket/dissect": func(n int) {
		for range n {
			p := gp.NewPacket(bench.SYNFrame, gpl.LayerTypeEthernet, gp.Default)
			if t, ok := p.Layer(gpl.LayerTypeTCP).(*gpl.TCP); ok {
				sink += int(t.DstPort)
			}
		}
	},
	"gopacket/build":    func(n int) { gopacketBuild(n, false) },
	"gopacket/buildseq": func(n int) { gopacketBuild(n, true) },
	"gopacket/scan": func(n int) {
		for i := range n {
			out, _ := bench.GopacketScanSYN(uint16(i))
			sink += len(out)
		}
	},
}

func goscapyBuild(n int, newSeq bool) {
	p := bench.GoscapySYN()
	tcp, _ := packet.LayerOf[*layers.TCP](p)
	buf := make([]byte, 1514)
	for i := range n {
		if newSeq {
			tcp.Seq = uint32(i)
		}
		out, _ := p.BuildInto(buf)
		sink += len(out)
	}
}

func gopacketBuild(n int, newSeq bool) {
	ls := bench.GopacketSYN()
	tcp := ls[2].(*gpl.TCP)
	buf := gp.NewSerializeBuffer()
	opts := gp.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	for i := range n {
		if newSeq {
			tcp.Seq = uint32(i)
		}
		_ = gp.SerializeLayers(buf, opts, ls...)
		sink += len(buf.Bytes())
	}
}
