package layers

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

const flowCorpusDir = "../../shared/corpus"

// flowTsharkRows runs tshark on a corpus capture and returns, per frame number,
// the values of the fields (occurrences joined with ",").
func flowTsharkRows(t *testing.T, file string, extra []string, fields ...string) map[int][]string {
	t.Helper()
	if _, err := exec.LookPath("tshark"); err != nil {
		t.Skip("tshark not installed")
	}
	args := []string{"-n", "-r", file}
	args = append(args, extra...)
	args = append(args, "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,", "-e", "frame.number")
	for _, f := range fields {
		args = append(args, "-e", f)
	}
	out, err := exec.Command("tshark", args...).Output()
	if err != nil {
		t.Fatalf("tshark %s: %v", file, err)
	}
	rows := map[int][]string{}
	for _, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		f := strings.Split(line, "\t")
		n, err := strconv.Atoi(f[0])
		if err != nil {
			continue
		}
		for len(f) < len(fields)+1 {
			f = append(f, "")
		}
		rows[n] = f[1:]
	}
	return rows
}

// flowCorpusFrames dissects every frame of a corpus capture (Ethernet link
// type) in order, checking the byte-exact round trip.
func flowCorpusFrames(t *testing.T, name string, each func(n int, p *packet.Packet)) {
	t.Helper()
	path := filepath.Join(flowCorpusDir, name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("corpus capture %s: %v", name, err)
	}
	r, err := pcap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for n := 1; ; n++ {
		data, _, err := r.ReadPacketData()
		if err != nil {
			break
		}
		p, err := packet.Dissect(data, EthernetType)
		if err != nil {
			t.Errorf("%s #%d: %v", name, n, err)
		}
		if again, err := p.Build(); err != nil || !bytes.Equal(again, data) {
			t.Errorf("%s #%d: round trip: %v\n got %x\nwant %x", name, n, err, again, data)
		}
		each(n, p)
	}
}

func flowJoin[T any](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = fmt.Sprint(v)
	}
	return strings.Join(s, ",")
}

// flowColumns gives, for one export packet, the columns tshark's cflow
// dissector prints: version, count, sequence, source ID, observation
// domain, flowset IDs, template IDs, source addresses, source and
// destination ports of the records.
func flowColumns(p *packet.Packet) []string {
	col := make([]string, 9)
	var sets []*FlowSet
	var src, sport, dport []string
	if h, ok := packet.LayerOf[*NetflowHeader](p); ok {
		col[0] = fmt.Sprint(h.Version.Value)
	}
	if h, ok := packet.LayerOf[*NetflowHeaderV5](p); ok {
		col[1], col[2] = fmt.Sprint(h.Count.Value), fmt.Sprint(h.FlowSequence)
		for _, r := range h.Records {
			src = append(src, r.Src.String())
			sport = append(sport, fmt.Sprint(r.SrcPort))
			dport = append(dport, fmt.Sprint(r.DstPort))
		}
	}
	if h, ok := packet.LayerOf[*NetflowHeaderV1](p); ok {
		col[1] = fmt.Sprint(h.Count.Value)
		for _, r := range h.Records {
			src = append(src, r.IPSrc.String())
			sport = append(sport, fmt.Sprint(r.SrcPort))
			dport = append(dport, fmt.Sprint(r.DstPort))
		}
	}
	if h, ok := packet.LayerOf[*NetflowHeaderV9](p); ok {
		col[1], col[2], col[3] = fmt.Sprint(h.Count.Value), fmt.Sprint(h.PackageSequence), fmt.Sprint(h.SourceID)
		sets = h.FlowSets
	}
	if h, ok := packet.LayerOf[*NetflowHeaderV10](p); ok {
		col[2], col[4] = fmt.Sprint(h.FlowSequence), fmt.Sprint(h.ObservationDomainID)
		sets = h.FlowSets
	}
	var ids, tids []string
	for _, s := range sets {
		ids = append(ids, fmt.Sprint(s.FlowSetID))
		for _, t := range s.Templates {
			tids = append(tids, fmt.Sprint(t.ID))
		}
		for _, r := range s.Records {
			for _, v := range r {
				if v.Field.Enterprise != 0 {
					continue
				}
				switch v.Field.Type {
				case 8:
					src = append(src, v.String())
				case 7:
					sport = append(sport, v.String())
				case 11:
					dport = append(dport, v.String())
				}
			}
		}
	}
	col[5], col[6] = strings.Join(ids, ","), strings.Join(tids, ",")
	col[7], col[8] = strings.Join(src, ","), strings.Join(sport, ",")
	return append(col, strings.Join(dport, ","))
}

// TestFlowCorpusTshark dissects the corpus's NetFlow v5, v9 and IPFIX
// captures and compares the headers, flowsets, templates and the records'
// addresses and ports with tshark's cflow dissector. Templates learnt from
// one packet decode the data sets of the next, as in a collector.
func TestFlowCorpusTshark(t *testing.T) {
	DefaultFlowTemplates.Reset()
	defer DefaultFlowTemplates.Reset()
	for _, name := range []string{"generated/softflowd-v5.pcap", "generated/softflowd-v9.pcap",
		"generated/softflowd-v10.pcap", "generated/daemons/netflow.pcap"} {
		want := flowTsharkRows(t, filepath.Join(flowCorpusDir, name), []string{"-d", "udp.port==2055,cflow"},
			"cflow.version", "cflow.count", "cflow.sequence", "cflow.source_id", "cflow.od_id", "cflow.flowset_id",
			"cflow.template_id", "cflow.srcaddr", "cflow.srcport", "cflow.dstport")
		seen := 0
		flowCorpusFrames(t, name, func(n int, p *packet.Packet) {
			w, ok := want[n]
			if !ok || w[0] == "" {
				return
			}
			seen++
			if p.HasLayer("Raw") {
				t.Errorf("%s #%d: undecoded bytes: %v", name, n, p)
			}
			got := flowColumns(p)
			if strings.Join(got, "\t") != strings.Join(w, "\t") {
				t.Errorf("%s #%d:\n got %q\nwant %q", name, n, got, w)
			}
		})
		if seen == 0 {
			t.Errorf("%s: no NetFlow frame", name)
		}
	}
}

// TestSIPCorpusTshark compares methods, status codes, Call-IDs and SDP
// media ports with tshark's SIP and SDP dissectors.
func TestSIPCorpusTshark(t *testing.T) {
	for _, name := range []string{"pcapplusplus/sip_resp.pcap", "generated/daemons/sip-rtp.pcap"} {
		want := flowTsharkRows(t, filepath.Join(flowCorpusDir, name), nil, "sip.Method", "sip.Status-Code", "sip.Call-ID", "sdp.media.port")
		seen := 0
		flowCorpusFrames(t, name, func(n int, p *packet.Packet) {
			w := want[n]
			if w == nil || (w[0] == "" && w[1] == "") {
				if p.HasLayer("SIP") {
					t.Errorf("%s #%d: SIP where tshark sees none: %v", name, n, p)
				}
				return
			}
			seen++
			s, ok := packet.LayerOf[*SIP](p)
			if !ok {
				t.Errorf("%s #%d: no SIP layer: %v", name, n, p)
				return
			}
			code := ""
			if !s.IsRequest() {
				code = fmt.Sprint(s.StatusCode)
			}
			callID, _ := s.Header("Call-ID")
			var ports []uint16
			if s.SDP != nil {
				for _, m := range s.SDP.Media {
					ports = append(ports, m.Port)
				}
			}
			got := []string{s.Method, code, callID, flowJoin(ports)}
			if strings.Join(got, "\t") != strings.Join(w, "\t") {
				t.Errorf("%s #%d:\n got %q\nwant %q", name, n, got, w)
			}
		})
		if seen == 0 {
			t.Errorf("%s: no SIP frame", name)
		}
	}
}

// TestRTPCorpusTshark decodes the UDP payloads of the SIP call's media
// streams as RTP (ports from the SDP bodies) and RTCP,
// and compares with tshark, which finds RTP the same way; RTCP is found by
// LooksLikeRTCP on odd ports, as tshark's heuristic finds it.
func TestRTPCorpusTshark(t *testing.T) {
	name := "generated/daemons/sip-rtp.pcap"
	want := flowTsharkRows(t, filepath.Join(flowCorpusDir, name), nil,
		"rtp.seq", "rtp.ssrc", "rtp.p_type", "rtp.marker", "rtp.timestamp", "rtcp.pt", "rtcp.senderssrc")
	media := map[uint16]bool{}
	nRTP, nRTCP := 0, 0
	flowCorpusFrames(t, name, func(n int, p *packet.Packet) {
		if s, ok := packet.LayerOf[*SIP](p); ok && s.SDP != nil {
			for _, m := range s.SDP.Media {
				media[m.Port] = true
			}
			return
		}
		u, ok := packet.LayerOf[*UDP](p)
		if !ok {
			return
		}
		payload := p.Data()[len(p.Data())-len(flowUDPPayload(p)):]
		w := want[n]
		switch {
		case media[u.DstPort] || media[u.SrcPort]:
			if w[0] == "" {
				return // tshark sees another protocol (RTP events are RTP too)
			}
			nRTP++
			rp, err := DecodeRTP(payload)
			r, ok := packet.LayerOf[*RTP](rp)
			if err != nil || !ok {
				t.Errorf("#%d: %v %v", n, err, rp)
				return
			}
			if !LooksLikeRTP(payload, u.SrcPort, u.DstPort) {
				t.Errorf("#%d: heuristic says no", n)
			}
			got := []string{fmt.Sprint(r.Sequence), fmt.Sprintf("0x%08x", r.SourceSync), fmt.Sprint(r.PayloadType),
				fmt.Sprint(r.Marker), fmt.Sprint(r.Timestamp)}
			if strings.Join(got, "\t") != strings.Join(w[:5], "\t") {
				t.Errorf("#%d:\n got %q\nwant %q", n, got, w[:5])
			}
		case u.SrcPort%2 == 1 && u.DstPort%2 == 1 && LooksLikeRTCP(payload):
			if w[5] == "" {
				t.Errorf("#%d: RTCP where tshark sees none", n)
				return
			}
			nRTCP++
			rp, err := packet.Dissect(payload, RTCPType)
			if err != nil {
				t.Errorf("#%d: %v %v", n, err, rp)
				return
			}
			var pts []string
			var ssrc string
			for _, l := range rp.Layers() {
				if c, ok := l.(*RTCP); ok {
					pts = append(pts, fmt.Sprint(c.PacketType))
					if c.PacketType == RTCPSR || c.PacketType == RTCPRR {
						ssrc = fmt.Sprintf("0x%08x", c.SourceSync)
					}
				}
			}
			got := []string{strings.Join(pts, ","), ssrc}
			if strings.Join(got, "\t") != strings.Join(w[5:], "\t") {
				t.Errorf("#%d:\n got %q\nwant %q", n, got, w[5:])
			}
			if again, err := rp.Build(); err != nil || !bytes.Equal(again, payload) {
				t.Errorf("#%d: RTCP round trip: %v", n, err)
			}
		}
	})
	if nRTP < 400 || nRTCP == 0 {
		t.Errorf("checked %d RTP and %d RTCP packets", nRTP, nRTCP)
	}
}

// flowUDPPayload returns the bytes after the UDP header.
func flowUDPPayload(p *packet.Packet) []byte {
	ls := p.Layers()
	for i, l := range ls {
		if _, ok := l.(*UDP); ok && i+1 < len(ls) {
			if r, ok := ls[i+1].(*packet.Raw); ok {
				return r.Load
			}
		}
	}
	return nil
}
