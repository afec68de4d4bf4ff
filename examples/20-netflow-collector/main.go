// Netflow-collector reads NetFlow v5, v9 and IPFIX export packets from a
// capture file, as a collector listening on UDP would receive them, and
// prints every flow record. NetFlow v9 and IPFIX data records are decoded
// with the templates their exporter announced earlier in the capture
// (layers.DefaultFlowTemplates holds them per exporter address and source
// ID or observation domain); data sets whose template has not been seen
// yet are counted as pending, as a real collector must drop them.
//
//	go run ./examples/20-netflow-collector ../shared/corpus/generated/softflowd-v9.pcap
//	go run ./examples/20-netflow-collector -v ../shared/corpus/generated/daemons/netflow.pcap
//
// Packets are recognised on UDP ports 2055, 2056, 9995, 9996 and 4739.
//
//example:offline ../shared/corpus/generated/daemons/netflow.pcap
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

func main() {
	verbose := flag.Bool("v", false, "print every field of every record")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: netflow-collector [-v] capture.pcap [more.pcap ...]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	for _, f := range flag.Args() {
		if err := collect(f, *verbose); err != nil {
			fmt.Fprintln(os.Stderr, "netflow-collector:", err)
			os.Exit(1)
		}
	}
}

type stats struct{ packets, records, templates, pending int }

func collect(path string, verbose bool) error {
	r, err := pcap.Open(path)
	if err != nil {
		return err
	}
	defer r.Close()
	var st stats
	for n := 1; ; n++ {
		data, ci, err := r.ReadPacketData()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: packet %d: %w", path, n, err)
		}
		first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
		p, _ := packet.Dissect(data, first)
		src := ""
		if ip, ok := packet.LayerOf[*layers.IPv4](p); ok {
			src = ip.Src.String()
		} else if ip6, ok := packet.LayerOf[*layers.IPv6](p); ok {
			src = ip6.Src.String()
		}
		switch {
		case p.HasLayer("NetflowHeaderV1"):
			h, _ := packet.LayerOf[*layers.NetflowHeaderV1](p)
			st.packets++
			fmt.Printf("#%d %s NetFlow v1, %d records\n", n, src, len(h.Records))
			for _, rec := range h.Records {
				st.records++
				fmt.Printf("  %s:%d > %s:%d proto %d packets %d bytes %d\n", rec.IPSrc, rec.SrcPort, rec.IPDst, rec.DstPort, rec.Proto, rec.Dpkts, rec.Dbytes)
			}
		case p.HasLayer("NetflowHeaderV5"):
			h, _ := packet.LayerOf[*layers.NetflowHeaderV5](p)
			st.packets++
			fmt.Printf("#%d %s NetFlow v5 seq %d, %d records\n", n, src, h.FlowSequence, len(h.Records))
			for _, rec := range h.Records {
				st.records++
				fmt.Printf("  %s:%d > %s:%d proto %d packets %d bytes %d\n", rec.Src, rec.SrcPort, rec.Dst, rec.DstPort, rec.Prot, rec.Dpkts, rec.DOctets)
			}
		case p.HasLayer("NetflowHeaderV9"):
			h, _ := packet.LayerOf[*layers.NetflowHeaderV9](p)
			st.packets++
			fmt.Printf("#%d %s NetFlow v9 source %d seq %d, %d flowsets\n", n, src, h.SourceID, h.PackageSequence, len(h.FlowSets))
			printSets(h.FlowSets, verbose, &st)
		case p.HasLayer("NetflowHeaderV10"):
			h, _ := packet.LayerOf[*layers.NetflowHeaderV10](p)
			st.packets++
			fmt.Printf("#%d %s IPFIX domain %d seq %d, %d sets\n", n, src, h.ObservationDomainID, h.FlowSequence, len(h.FlowSets))
			printSets(h.FlowSets, verbose, &st)
		}
	}
	fmt.Printf("%s: %d export packets, %d flow records, %d templates, %d data sets without a template\n",
		path, st.packets, st.records, st.templates, st.pending)
	return nil
}

// printSets prints the templates and the decoded records of the sets.
func printSets(sets []*layers.FlowSet, verbose bool, st *stats) {
	for _, s := range sets {
		for _, t := range s.Templates {
			st.templates++
			kind := "template"
			if t.Options {
				kind = "options template"
			}
			fmt.Printf("  %s %d: %d fields\n", kind, t.ID, len(t.Fields))
		}
		if s.FlowSetID < 256 {
			continue
		}
		if s.Template == nil {
			st.pending++
			fmt.Printf("  data set %d: template not seen yet, %d bytes kept\n", s.FlowSetID, len(s.Data))
			continue
		}
		for _, rec := range s.Records {
			st.records++
			fmt.Println("  " + recordLine(s.Template, rec, verbose))
		}
	}
}

// recordLine prints a flow "src:port > dst:port proto N packets P bytes B",
// or every field with -v (and for options records, which hold no flow).
func recordLine(t *layers.FlowTemplate, rec layers.FlowRecord, verbose bool) string {
	get := func(types ...uint16) string {
		for _, typ := range types {
			if v, ok := rec.Get(typ); ok {
				return v.String()
			}
		}
		return "?"
	}
	_, has4 := rec.Get(8)
	_, has6 := rec.Get(27)
	if !verbose && !t.Options && (has4 || has6) {
		src, dst := get(8, 27), get(12, 28)
		if has6 {
			src, dst = "["+src+"]", "["+dst+"]"
		}
		return fmt.Sprintf("%s:%s > %s:%s proto %s packets %s bytes %s", src, get(7), dst, get(11), get(4), get(2, 86), get(1, 85))
	}
	var b strings.Builder
	for i, v := range rec {
		if i > 0 {
			b.WriteByte(' ')
		}
		if t.Options && i < t.ScopeCount {
			b.WriteString("scope:")
		}
		b.WriteString(v.Field.Name() + "=" + v.String())
	}
	return b.String()
}
