// Voip-summary reads a capture and summarises its SIP calls and their
// media: for each call (Call-ID) the parties, the requests and final
// responses, the media the SDP offers and answers announce; for each RTP
// stream (SSRC) the payload type, the packet count, the sequence numbers
// lost and the duration; and the RTCP packets seen.
//
//	go run ./examples/21-voip-summary ../shared/corpus/generated/daemons/sip-rtp.pcap
//	go run ./examples/21-voip-summary -heuristic capture.pcap
//
// RTP is found on the UDP ports the SDP bodies announce; with -heuristic,
// also on any pair of even ports whose payload looks like RTP
// (layers.LooksLikeRTP). RTCP is looked for on the odd port above each RTP
// port and, with -heuristic, on any pair of odd ports.
//
//example:offline ../shared/corpus/generated/daemons/sip-rtp.pcap
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

type call struct {
	id, from, to string
	events       []string
	media        []string
	first        time.Time
}

type stream struct {
	ssrc       uint32
	src, dst   string
	pt         uint8
	packets    int
	lost       int
	lastSeq    uint16
	first, end time.Time
}

func main() {
	heur := flag.Bool("heuristic", false, "also find RTP and RTCP on ports no SDP announced")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: voip-summary [-heuristic] capture.pcap")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *heur); err != nil {
		fmt.Fprintln(os.Stderr, "voip-summary:", err)
		os.Exit(1)
	}
}

func run(path string, heur bool) error {
	r, err := pcap.Open(path)
	if err != nil {
		return err
	}
	defer r.Close()
	calls := map[string]*call{}
	var order []string
	ports := map[uint16]bool{} // RTP ports from SDP
	streams := map[uint32]*stream{}
	rtcp := map[string]int{}
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
		if s, ok := packet.LayerOf[*layers.SIP](p); ok {
			id, _ := s.Header("Call-ID")
			c := calls[id]
			if c == nil {
				c = &call{id: id, first: ci.Timestamp}
				c.from, _ = s.Header("From")
				c.to, _ = s.Header("To")
				calls[id] = c
				order = append(order, id)
			}
			ev := s.Method
			if !s.IsRequest() {
				_, m := s.CSeq()
				ev = fmt.Sprintf("%d %s (%s)", s.StatusCode, s.Reason, m)
			}
			c.events = append(c.events, fmt.Sprintf("%s %s", ci.Timestamp.Sub(c.first).Round(time.Millisecond), ev))
			if s.SDP != nil {
				for i := range s.SDP.Media {
					m := &s.SDP.Media[i]
					ports[m.Port] = true
					c.media = append(c.media, fmt.Sprintf("%s %s:%d %s %s", m.Media, s.SDP.ConnectionAddress(m), m.Port, m.Proto, strings.Join(m.Formats, ",")))
				}
			}
			continue
		}
		u, ok := packet.LayerOf[*layers.UDP](p)
		if !ok {
			continue
		}
		raw, ok := packet.LayerOf[*packet.Raw](p)
		if !ok {
			continue
		}
		payload := raw.Load
		addr := endpoints(p, u)
		switch {
		case (ports[u.SrcPort] || ports[u.DstPort] || (heur && layers.LooksLikeRTP(payload, u.SrcPort, u.DstPort))) && !layers.LooksLikeRTCP(payload):
			rp, err := layers.DecodeRTP(payload)
			h, ok := packet.LayerOf[*layers.RTP](rp)
			if err != nil || !ok {
				continue
			}
			st := streams[h.SourceSync]
			if st == nil {
				st = &stream{ssrc: h.SourceSync, src: addr[0], dst: addr[1], pt: h.PayloadType, first: ci.Timestamp, lastSeq: h.Sequence - 1}
				streams[h.SourceSync] = st
			}
			st.packets++
			if gap := h.Sequence - st.lastSeq; gap > 1 && gap < 0x8000 {
				st.lost += int(gap - 1)
			}
			if h.Sequence-st.lastSeq < 0x8000 {
				st.lastSeq = h.Sequence
			}
			st.end = ci.Timestamp
		case layers.LooksLikeRTCP(payload) && (ports[u.SrcPort-1] || ports[u.DstPort-1] || (heur && u.SrcPort%2 == 1 && u.DstPort%2 == 1)):
			rp, err := packet.Dissect(payload, layers.RTCPType)
			if err != nil {
				continue
			}
			for _, l := range rp.Layers() {
				if c, ok := l.(*layers.RTCP); ok {
					rtcp[c.Summary()]++
				}
			}
		}
	}
	for _, id := range order {
		c := calls[id]
		fmt.Printf("call %s\n  from %s\n  to   %s\n", c.id, c.from, c.to)
		for _, e := range c.events {
			fmt.Println("  " + e)
		}
		for _, m := range c.media {
			fmt.Println("  media " + m)
		}
	}
	var ss []*stream
	for _, s := range streams {
		ss = append(ss, s)
	}
	sort.Slice(ss, func(i, j int) bool { return ss[i].first.Before(ss[j].first) })
	for _, s := range ss {
		pt, ok := layers.RTPPayloadTypeNames[uint64(s.pt)]
		if !ok {
			pt = fmt.Sprintf("dynamic %d", s.pt)
		}
		fmt.Printf("rtp ssrc %#08x %s > %s %s: %d packets, %d lost, %s\n", s.ssrc, s.src, s.dst, pt, s.packets, s.lost, s.end.Sub(s.first).Round(time.Millisecond))
	}
	var kinds []string
	for k := range rtcp {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Printf("%s: %d\n", k, rtcp[k])
	}
	if len(calls) == 0 && len(streams) == 0 {
		fmt.Println("no SIP call and no RTP stream found")
	}
	return nil
}

// endpoints returns "address:port" of the source and destination.
func endpoints(p *packet.Packet, u *layers.UDP) [2]string {
	if ip, ok := packet.LayerOf[*layers.IPv4](p); ok {
		return [2]string{fmt.Sprintf("%s:%d", ip.Src, u.SrcPort), fmt.Sprintf("%s:%d", ip.Dst, u.DstPort)}
	}
	if ip, ok := packet.LayerOf[*layers.IPv6](p); ok {
		return [2]string{fmt.Sprintf("[%s]:%d", ip.Src, u.SrcPort), fmt.Sprintf("[%s]:%d", ip.Dst, u.DstPort)}
	}
	return [2]string{fmt.Sprint(u.SrcPort), fmt.Sprint(u.DstPort)}
}
