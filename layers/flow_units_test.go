package layers

import (
	"bytes"
	"encoding/hex"
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/packet"
)

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRTCPCompound decodes a compound SR + SDES + BYE written by hand from
// RFC 3550 sections 6.4.1, 6.5 and 6.6, and rebuilds each packet's body
// from its fields.
func TestRTCPCompound(t *testing.T) {
	sr := "81 c8 000c 11223344" + // V=2 RC=1 PT=200 length=12 SSRC
		"e1234567 89abcdef 00000a00 00000064 00003e80" + // NTP, RTP ts, packets 100, octets 16000
		"55667788 05 000010 00001234 00000020 12345678 00010000" // report block
	sdes := "81 ca 0003 11223344 0105 616c696365 00" // CNAME "alice", end, padded to 32 bits (here none)
	bye := "81 cb 0003 11223344 04 646f6e65 000000"  // BYE reason "done"
	data := mustHex(t, sr+sdes+bye)
	p, err := packet.Dissect(data, RTCPType)
	if err != nil {
		t.Fatalf("%v: %v", p, err)
	}
	var got []*RTCP
	for _, l := range p.Layers() {
		if r, ok := l.(*RTCP); ok {
			got = append(got, r)
		}
	}
	if len(got) != 3 {
		t.Fatalf("want 3 RTCP packets: %v", p)
	}
	s := got[0]
	if s.PacketType != RTCPSR || s.SourceSync != 0x11223344 || s.SenderInfo.NTPTimestamp != 0xe123456789abcdef ||
		s.SenderInfo.RTPTimestamp != 0xa00 || s.SenderInfo.PacketCount != 100 || s.SenderInfo.OctetCount != 16000 {
		t.Errorf("SR: %+v", s)
	}
	if len(s.ReportBlocks) != 1 || (s.ReportBlocks[0] != RTCPReportBlock{0x55667788, 5, 16, 0x1234, 0x20, 0x12345678, 0x10000}) {
		t.Errorf("report blocks: %+v", s.ReportBlocks)
	}
	if c := got[1].Chunks; len(c) != 1 || c[0].SourceSync != 0x11223344 || len(c[0].Items) != 1 || string(c[0].Items[0].Value) != "alice" {
		t.Errorf("SDES: %+v", c)
	}
	if b := got[2]; len(b.ByeSSRCs) != 1 || b.Reason != "done" {
		t.Errorf("BYE: %+v", b)
	}
	again, err := p.Build()
	if err != nil || !bytes.Equal(again, data) {
		t.Errorf("round trip: %v\n got %x\nwant %x", err, again, data)
	}
	for i, r := range got {
		body := append([]byte(nil), r.Body...)
		if err := r.BuildRTCPBody(nil); err != nil || !bytes.Equal(r.Body, body) {
			t.Errorf("packet %d body from fields: %v\n got %x\nwant %x", i, err, r.Body, body)
		}
	}
	if !LooksLikeRTCP(data) || LooksLikeRTCP(data[:6]) {
		t.Error("LooksLikeRTCP")
	}
}

// TestRTPPaddingCSRC checks the padding count and CSRCs of RFC 3550 5.1.
func TestRTPPaddingCSRC(t *testing.T) {
	data := mustHex(t, "a2 e0 0102 00000003 00000004 0000000a 0000000b"+"aabb"+"0000 03")
	p, err := DecodeRTP(data)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := packet.LayerOf[*RTP](p)
	if r.PayloadType != 96 || r.Marker != 1 || r.Sequence != 0x102 || r.Timestamp != 3 || r.SourceSync != 4 ||
		len(r.Sync) != 2 || r.Sync[1] != 0xb || r.Padding != 1 {
		t.Errorf("%+v", r)
	}
	raw, _ := packet.LayerOf[*packet.Raw](p)
	pad, _ := packet.LayerOf[*packet.Padding](p)
	if raw == nil || !bytes.Equal(raw.Load, []byte{0xaa, 0xbb}) || pad == nil || len(pad.Load) != 3 {
		t.Errorf("payload and padding: %v", p)
	}
	if again, err := p.Build(); err != nil || !bytes.Equal(again, data) {
		t.Errorf("round trip %x", again)
	}
	if !LooksLikeRTP(data, 6000, 6002) || LooksLikeRTP(data, 6001, 6002) || LooksLikeRTP(data, 6000, 80) {
		t.Error("LooksLikeRTP")
	}
	if _, err := DecodeRTP(mustHex(t, "40000000000000000000000000")); !errors.Is(err, packet.ErrMalformed) {
		t.Errorf("version 1: %v", err)
	}
}

const sipInvite = "INVITE sip:bob@192.0.2.2 SIP/2.0\r\n" +
	"v: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776\r\n" +
	"f: <sip:alice@192.0.2.1>;tag=1\r\n" +
	"t: <sip:bob@192.0.2.2>\r\n" +
	"i: a84b4c76e66710@192.0.2.1\r\n" +
	"CSeq: 314159 INVITE\r\n" +
	"c: application/sdp\r\n" +
	"l:  129\r\n" +
	"\r\n" +
	"v=0\r\no=alice 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" +
	"m=audio 49170 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\nm=video 51372/2 RTP/AVP 31\r\nc=IN IP4 192.0.2.7\r\n"

// TestSIPCompactSDP decodes a request with compact header names (RFC 3261
// section 7.3.3) and an SDP body (RFC 4566).
func TestSIPCompactSDP(t *testing.T) {
	data := []byte(sipInvite)
	var s SIP
	if _, err := s.DecodeFromBytes(data, nil); err != nil {
		t.Fatal(err)
	}
	if s.Method != "INVITE" || s.URI != "sip:bob@192.0.2.2" || s.Version != "SIP/2.0" {
		t.Errorf("request line: %q %q %q", s.Method, s.URI, s.Version)
	}
	for name, want := range map[string]string{"Call-ID": "a84b4c76e66710@192.0.2.1", "call-id": "a84b4c76e66710@192.0.2.1",
		"i": "a84b4c76e66710@192.0.2.1", "Via": "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776", "Content-Length": "129",
		"To": "<sip:bob@192.0.2.2>"} {
		if v, ok := s.Header(name); !ok || v != want {
			t.Errorf("%s = %q, want %q", name, v, want)
		}
	}
	if n, m := s.CSeq(); n != 314159 || m != "INVITE" {
		t.Errorf("CSeq %d %s", n, m)
	}
	d := s.SDP
	if d == nil || len(d.Media) != 2 || d.Media[0].Port != 49170 || d.Media[0].Proto != "RTP/AVP" ||
		strings.Join(d.Media[0].Formats, " ") != "0 8 101" || d.Media[1].Port != 51372 || d.Origin != "alice 1 1 IN IP4 192.0.2.1" {
		t.Fatalf("SDP %+v", d)
	}
	if a := d.ConnectionAddress(&d.Media[0]); a != "192.0.2.1" {
		t.Errorf("audio address %s", a)
	}
	if a := d.ConnectionAddress(&d.Media[1]); a != "192.0.2.7" {
		t.Errorf("video address %s", a)
	}
	b := make([]byte, s.HeaderLen())
	if err := s.SerializeTo(b, nil); err != nil || !bytes.Equal(b, data) {
		t.Errorf("round trip:\n%q", b)
	}
	if !SIPLooksLike(data) || !SIPLooksLike([]byte("SIP/2.0 200 OK\r\n")) || SIPLooksLike([]byte("GET / HTTP/1.1\r\n")) {
		t.Error("SIPLooksLike")
	}
}

// TestSIPResponseLF keeps bare LF line endings and a message cut inside
// the headers byte for byte.
func TestSIPResponseLF(t *testing.T) {
	for _, m := range []string{"SIP/2.0 180 Ringing\nCall-ID: x\n\n", "SIP/2.0 200 OK\r\nVia: a\r\nTo: b"} {
		var s SIP
		if _, err := s.DecodeFromBytes([]byte(m), nil); err != nil {
			t.Fatalf("%q: %v", m, err)
		}
		if s.IsRequest() || s.StatusCode < 180 {
			t.Errorf("%q: %+v", m, s)
		}
		b := make([]byte, s.HeaderLen())
		_ = s.SerializeTo(b, nil)
		if string(b) != m {
			t.Errorf("got %q want %q", b, m)
		}
	}
	var s SIP
	for _, bad := range []string{"SIP/2.0 099 x\r\n\r\n", "hello\r\n", "SIP/2.0 abc x\r\n"} {
		if _, err := s.DecodeFromBytes([]byte(bad), nil); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// ipfixMessage returns an IPFIX message, by hand from RFC 7011 sections
// 3.1, 3.4.1 and 7: a template set with an enterprise field (bit set,
// enterprise number 29305) and a variable-length field, then a data set of
// two records (one 3-byte length, one 1-byte length).
func ipfixMessage(t *testing.T) []byte {
	long := strings.Repeat("x", 300)
	msg := "000a LLLL 65000000 00000001 00000005" +
		"0002 0018 0400 0003 0008 0004 8001 0002 00007279 0052 ffff" + // template 1024: srcIPv4, ent 29305/1 (2 bytes), interfaceName var
		"0400 SSSS" +
		"c0000201 0007 03 657468" + // 192.0.2.1, 7, "eth"
		"c0000202 0008 ff012c " + hex.EncodeToString([]byte(long))
	setLen := 4 + 4 + 2 + 1 + 3 + 4 + 2 + 3 + 300
	total := 16 + 24 + setLen
	msg = strings.Replace(msg, "LLLL", hex.EncodeToString([]byte{byte(total >> 8), byte(total)}), 1)
	msg = strings.Replace(msg, "SSSS", hex.EncodeToString([]byte{byte(setLen >> 8), byte(setLen)}), 1)
	return mustHex(t, msg)
}

func TestIPFIXEnterpriseVarLen(t *testing.T) {
	DefaultFlowTemplates.Reset()
	defer DefaultFlowTemplates.Reset()
	data := ipfixMessage(t)
	p, err := packet.Dissect(data, NetflowHeaderType)
	if err != nil {
		t.Fatalf("%v: %v", p, err)
	}
	h, ok := packet.LayerOf[*NetflowHeaderV10](p)
	if !ok || len(h.FlowSets) != 2 || h.ObservationDomainID != 5 {
		t.Fatalf("%v", p)
	}
	tpl := h.FlowSets[0].Templates
	if len(tpl) != 1 || tpl[0].ID != 1024 || tpl[0].Fields[1] != (FlowField{Type: 1, Length: 2, Enterprise: 29305}) ||
		tpl[0].Fields[2].Length != FlowVarLen {
		t.Fatalf("template %+v", tpl)
	}
	recs := h.FlowSets[1].Records
	if len(recs) != 2 {
		t.Fatalf("records %v", h.FlowSets[1])
	}
	if v, _ := recs[0].Get(8); v.String() != "192.0.2.1" {
		t.Errorf("src %s", v)
	}
	if v, _ := recs[0].Get(82); string(v.Value) != "eth" {
		t.Errorf("name %q", v.Value)
	}
	if v, _ := recs[1].Get(82); len(v.Value) != 300 {
		t.Errorf("long name %d", len(v.Value))
	}
	if u, _ := recs[1][1].Uint(); u != 8 || recs[1][1].Field.Enterprise != 29305 {
		t.Errorf("enterprise value %v", recs[1][1])
	}
	if again, err := p.Build(); err != nil || !bytes.Equal(again, data) {
		t.Errorf("round trip: %v", err)
	}
	// Encoding the same records gives the same bytes.
	enc, err := EncodeFlowRecord(nil, &tpl[0], []byte{192, 0, 2, 1}, FlowUint(7, 2), []byte("eth"))
	if err == nil {
		enc, err = EncodeFlowRecord(enc, &tpl[0], []byte{192, 0, 2, 2}, FlowUint(8, 2), []byte(strings.Repeat("x", 300)))
	}
	if err != nil || !bytes.Equal(enc, h.FlowSets[1].Data) {
		t.Errorf("encode: %v\n got %x\nwant %x", err, enc, h.FlowSets[1].Data)
	}
}

// TestFlowTemplatesScope checks templates are kept per exporter and
// observation domain: the same data set from another exporter stays raw.
func TestFlowTemplatesScope(t *testing.T) {
	c := NewFlowTemplates()
	a, b := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	c.Add(a, 10, 5, &FlowTemplate{ID: 1024, Fields: []FlowField{{Type: 8, Length: 4}}})
	if c.Lookup(a, 10, 5, 1024) == nil || c.Lookup(b, 10, 5, 1024) != nil || c.Lookup(a, 10, 6, 1024) != nil || c.Lookup(a, 9, 5, 1024) != nil {
		t.Error("lookup scope")
	}
	c.Remove(a, 10, 5, 1024)
	if c.Len() != 0 {
		t.Error("remove")
	}

	DefaultFlowTemplates.Reset()
	defer DefaultFlowTemplates.Reset()
	data := ipfixMessage(t)
	// The data set alone (template set cut out): unknown template, raw.
	dataOnly := append(append([]byte(nil), data[:16]...), data[40:]...)
	total := len(dataOnly)
	dataOnly[2], dataOnly[3] = byte(total>>8), byte(total)
	p, err := packet.Dissect(dataOnly, NetflowHeaderType)
	if err != nil {
		t.Fatal(err)
	}
	h, _ := packet.LayerOf[*NetflowHeaderV10](p)
	if len(h.FlowSets) != 1 || h.FlowSets[0].Template != nil || len(h.FlowSets[0].Data) != total-20 {
		t.Errorf("unknown template: %v", p)
	}
	if again, _ := p.Build(); !bytes.Equal(again, dataOnly) {
		t.Error("round trip of a raw data set")
	}
}

// TestNetflowV9Options decodes a v9 options template flowset (RFC 3954
// section 6.1): scope system (1, 4 bytes), options samplingInterval (34, 4).
func TestNetflowV9Options(t *testing.T) {
	data := mustHex(t, "0009 0001 00000000 00000000 00000001 00000000"+"0001 0014 0101 0004 0004 0001 0004 0022 0004 0000")
	p, err := packet.Dissect(data, NetflowHeaderType)
	if err != nil {
		t.Fatal(err)
	}
	h, _ := packet.LayerOf[*NetflowHeaderV9](p)
	if len(h.FlowSets) != 1 || h.FlowSets[0].Proto().Name != "NetflowOptionsFlowsetV9" {
		t.Fatalf("%v", p)
	}
	tp := h.FlowSets[0].Templates
	if len(tp) != 1 || tp[0].ID != 257 || !tp[0].Options || tp[0].ScopeCount != 1 || len(tp[0].Fields) != 2 ||
		tp[0].Fields[1].Type != 34 || len(h.FlowSets[0].Pad) != 2 {
		t.Errorf("%+v pad %x", tp, h.FlowSets[0].Pad)
	}
	if again, _ := p.Build(); !bytes.Equal(again, data) {
		t.Errorf("round trip %x", again)
	}
}

// TestFlowDecodeNoAlloc checks a warm decoder decodes RTP and NetFlow v5
// without allocating.
func TestFlowDecodeNoAlloc(t *testing.T) {
	rtp := mustHex(t, "92 00 ffff ffffffff 00000005 00000001 00000002 bede0002 10203040 00000005 d5d5")
	nf5 := mustHex(t, "000500010000000000000005000000060000000001024010c0000201c6336402c00002fe00030004000000010000003c0000000a000000140000000000120610fc00fc0118100000")
	for _, c := range []struct {
		data  []byte
		first packet.LayerType
	}{{rtp, RTPType}, {nf5, NetflowHeaderType}} {
		d := packet.NewDecoder(c.first)
		if _, err := d.Decode(c.data); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() { _, _ = d.Decode(c.data) }); n != 0 {
			t.Errorf("%v: %v allocations per decode", c.first, n)
		}
	}
}
