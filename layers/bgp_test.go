package layers

import (
	"bytes"
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/packet"
)

func TestBGPBindings(t *testing.T) {
	if packet.NextLayer(TCPType, "dport", 179) != BGPType || packet.NextLayer(TCPType, "sport", 179) != BGPType {
		t.Error("tcp port 179")
	}
	if packet.Lookup("BGPHeader") != bgpProto {
		t.Error("alias BGPHeader")
	}
}

// bgpSegment is IP/TCP from port 179 carrying payload.
func bgpSegment(t *testing.T, payload []byte) []byte {
	t.Helper()
	ip := NewIPv4()
	ip.Src, ip.Dst = netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	tcp := NewTCP()
	tcp.SrcPort, tcp.DstPort, tcp.Flags = 179, 40000, TCPAck|TCPPsh
	b, err := packet.New(ip, tcp, &packet.Raw{Load: payload}).Build()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func bgpKeepAlive() []byte {
	return append(bytes.Repeat([]byte{0xff}, 16), 0, 19, BGPKeepAlive)
}

// TestBGPSegments: several messages per segment are several layers; a
// segment starting mid-message stays Raw (ErrMalformed); a message cut
// short by the segment's end is ErrTruncated; past packet.MaxTunnel
// messages the rest stays Raw without error. Every one re-encodes exactly.
func TestBGPSegments(t *testing.T) {
	ka := bgpKeepAlive()
	for _, c := range []struct {
		name    string
		payload []byte
		bgps    int
		err     error
		summary string
	}{
		{"one", ka, 1, nil, "IP / TCP / BGP KEEPALIVE"},
		{"three", bytes.Repeat(ka, 3), 3, nil, "IP / TCP / BGP / BGP / BGP KEEPALIVE"},
		{"mid-message", ka[5:], 0, nil, "IP / TCP 192.0.2.1:179 > 192.0.2.2:40000 PA / Raw"}, // a port guess that fails stays Raw
		{"cut short", append(bytes.Clone(ka), ka[:10]...), 1, packet.ErrTruncated, "IP / TCP / BGP KEEPALIVE / Raw"},
		{"trailing bytes", append(bytes.Clone(ka), 1, 2, 3), 1, nil, "IP / TCP / BGP KEEPALIVE / Raw"},
		{"many", bytes.Repeat(ka, 20), packet.MaxTunnel, nil, ""},
		{"bad length", append(bytes.Repeat([]byte{0xff}, 16), 0, 18, 4), 0, nil, ""},
	} {
		frame := bgpSegment(t, c.payload)
		p, err := packet.Dissect(frame, IPv4Type)
		if !errors.Is(err, c.err) && (err != nil || c.err != nil) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.err)
		}
		n := 0
		for _, l := range p.Layers() {
			if _, ok := l.(*BGP); ok {
				n++
			}
		}
		if n != c.bgps {
			t.Errorf("%s: %d BGP layers, want %d (%v)", c.name, n, c.bgps, p)
		}
		if c.summary != "" && p.String() != c.summary {
			t.Errorf("%s: %q", c.name, p.String())
		}
		if out, err := p.Build(); err != nil || !bytes.Equal(out, frame) {
			t.Errorf("%s: round trip %v", c.name, err)
		}
	}
}

// TestBGPCorpusOpenUpdate reads real OPEN and UPDATE messages of our lab
// routers (bird and FRR) and of tcpdump's 4-byte AS capture.
func TestBGPCorpusOpenUpdate(t *testing.T) {
	p, err := packet.Dissect(apps1FrameOf(t, "bgp", "generated/daemons/bgp.pcap", "6"), EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	o, _ := packet.LayerOf[*BGP](p)
	if o.Type != BGPOpen || o.MyAS != 23456 || o.HoldTime != 9 {
		t.Fatalf("%v %+v", p, o)
	}
	var as4 uint32
	var codes []uint8
	for _, c := range o.Capabilities() {
		codes = append(codes, c.Code)
		if a, ok := c.ASN(); ok {
			as4 = a
		}
	}
	if as4 != 4200000001 || len(codes) != 10 {
		t.Errorf("capabilities %v as4 %d", codes, as4)
	}
	if !strings.Contains(p.Show(), "AS4(4200000001)") {
		t.Errorf("show:\n%s", p.Show())
	}

	q, err := packet.Dissect(apps1FrameOf(t, "bgp", "generated/daemons/bgp.pcap", "29"), EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	var updates []*BGP
	for _, l := range q.Layers() {
		if b, ok := l.(*BGP); ok {
			updates = append(updates, b)
		}
	}
	if len(updates) != 6 {
		t.Fatalf("%d messages in %v", len(updates), q)
	}
	u := updates[0]
	asp, _ := u.PathAttr(BGPAttrASPath)
	if segs, ok := asp.ASPath(); !ok || asp.ASPathWidth() != 4 || segs[0].ASNs[0] != 4200000001 {
		t.Errorf("as path %v", segs)
	}
	nh, _ := u.PathAttr(BGPAttrNextHop)
	if a, _ := nh.NextHop(); a != netip.MustParseAddr("198.19.2.1") {
		t.Errorf("next hop %v", a)
	}
	if len(u.NLRI) != 1 || u.NLRI[0].Prefix.String() != "198.19.101.0/24" || !u.NLRI[0].HasPathID {
		t.Errorf("nlri %v", u.NLRI)
	}

	// 2-byte AS paths (tcpdump's capture from a router without the
	// capability): AS_PATH and AS4_PATH.
	for _, f := range loadApps1Frames(t) {
		if f.file != "tcpdump/bgp-4byte-asn.pcap" || !strings.Contains(f.want["bgp.update.path_attribute.type_code"], "17") {
			continue
		}
		r, _ := packet.Dissect(f.frame, EthernetType)
		b, _ := packet.LayerOf[*BGP](r)
		asp, _ := b.PathAttr(BGPAttrASPath)
		as4p, _ := b.PathAttr(BGPAttrAS4Path)
		if asp.ASPathWidth() != 2 || as4p.ASPathWidth() != 4 {
			t.Errorf("%s: widths %d %d", f, asp.ASPathWidth(), as4p.ASPathWidth())
		}
	}
}

func TestBGPMPReach(t *testing.T) {
	nh := []netip.Addr{netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("fe80::1")}
	routes := []BGPPrefix{{Prefix: netip.MustParsePrefix("2001:db8:100::/40")}, {Prefix: netip.MustParsePrefix("::/0")}}
	a := BGPMPReachAttr(BGPAFIIPv6, BGPSAFIUnicast, nh, routes...)
	r, ok := a.MPReach()
	if !ok || len(r.NextHops) != 2 || r.NextHops[1] != nh[1] || len(r.Routes) != 2 || r.Routes[1].Prefix.Bits() != 0 {
		t.Fatalf("%+v", r)
	}
	u, ok := BGPMPUnreachAttr(BGPAFIIPv4, BGPSAFIUnicast, BGPPrefix{Prefix: netip.MustParsePrefix("10.0.0.0/8")}).MPUnreach()
	if !ok || len(u.Withdrawn) != 1 || u.Withdrawn[0].Prefix.String() != "10.0.0.0/8" {
		t.Errorf("%+v", u)
	}
	// Host bits past the prefix length are kept, so the bytes round-trip.
	b := NewBGP()
	b.Type = BGPUpdate
	b.NLRI = []BGPPrefix{{Prefix: netip.PrefixFrom(netip.MustParseAddr("10.1.2.3"), 20)}}
	out, err := packet.New(b).Build()
	if err != nil || !bytes.HasSuffix(out, []byte{20, 10, 1, 2}) {
		t.Errorf("%x %v", out, err)
	}
	// A long attribute takes the extended length.
	long := BGPCommunitiesAttr(make([]uint32, 80)...)
	if !long.extended() {
		t.Error("320-byte attribute without extended length")
	}
	b.PathAttrs = []BGPPathAttr{long}
	out, err = packet.New(b).Build()
	if err != nil {
		t.Fatal(err)
	}
	c := NewBGP()
	if _, err := c.DecodeFromBytes(out, nil); err != nil || c.PathAttrs[0].Length.Value != 320 {
		t.Errorf("%v %+v", err, c.PathAttrs)
	}
	b.PathAttrs = []BGPPathAttr{{Flags: BGPAttrFlagOptional, Type: 99, Data: make([]byte, 300)}}
	if _, err := packet.New(b).Build(); err == nil {
		t.Error("300-byte attribute built without the extended length flag")
	}
}

func TestBGPGetSet(t *testing.T) {
	b := NewBGP()
	for _, c := range []struct {
		name string
		v    any
	}{{"type", "OPEN"}, {"my_as", 65001}, {"hold_time", 90}, {"bgp_id", "192.0.2.1"},
		{"opt_params", []BGPCapability{BGPCapMP(1, 1), BGPCapRR()}}} {
		if err := b.Set(c.name, c.v); err != nil {
			t.Errorf("set %s: %v", c.name, err)
		}
	}
	out, err := packet.New(b).Build()
	if err != nil {
		t.Fatal(err)
	}
	// OPEN, AS 65001, hold time 90, one capabilities parameter (RFC 5492)
	// holding multiprotocol IPv4 unicast and route refresh.
	want := "ffffffffffffffffffffffffffffffff002701" + "04fde9005ac00002010a" + "0208010400010001" + "0200"
	if got := bytesHex(out); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if v, _ := b.Get("my_as"); v != uint16(65001) {
		t.Errorf("my_as %v", v)
	}
	if err := b.Set("nlri", []string{"10.0.0.0/8", "bad"}); err == nil {
		t.Error("bad prefix set")
	}
	if err := b.Set("path_attr", BGPOriginAttr(BGPOriginEGP)); err != nil || b.PathAttrs[0].String() != "ORIGIN(EGP)" {
		t.Errorf("path_attr %v", err)
	}
}

func bytesHex(b []byte) string {
	const digits = "0123456789abcdef"
	var sb strings.Builder
	for _, c := range b {
		sb.WriteByte(digits[c>>4])
		sb.WriteByte(digits[c&15])
	}
	return sb.String()
}

// FuzzBGP decodes TCP payloads and frames: no panic, every input
// re-encodes byte for byte, and the accessors survive what decoded.
func FuzzBGP(f *testing.F) {
	apps1Seeds(f, "bgp", BGPType)
	f.Add(bytes.Repeat(bgpKeepAlive(), 10))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, first := range []packet.LayerType{BGPType, EthernetType} {
			p := apps1Fuzz(t, data, first)
			for _, l := range p.Layers() {
				if b, ok := l.(*BGP); ok {
					bgpTsharkFields(apps1Values{}, b)
					for _, a := range b.PathAttrs {
						_ = a.String()
						a.Aggregator()
					}
				}
			}
		}
	})
}
