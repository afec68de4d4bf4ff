package layers_test

import (
	"bytes"
	"net/netip"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// mldFrames are real MLD frames (see v6Frame; values read by tshark 4;
// records as "type address sources" separated by ";").
var mldFrames = []v6Frame{
	{name: "ndp-icmp.pcap#1", stack: "Ethernet/IPv6/IPv6ExtHdrHopByHop/ICMPv6", // MLDv2 report from ::
		want: map[string]string{"IPv6#1.plen": "36", "IPv6#1.nh": "0", "IPv6#1.hlim": "1", "IPv6#1.src": "::", "IPv6#1.dst": "ff02::16", "IPv6ExtHdrHopByHop#1.nh": "58", "IPv6ExtHdrHopByHop#1.len": "0", "ICMPv6#1.type": "143", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x6f80", "ICMPv6#1.records_number": "1", "ICMPv6#1.records": "4 ff02::1:ff09:1 0"},
		hex: "33330000001602000009000186dd600000000024000100000000000000000000000000000000ff0200000000000000000000000000163a000502000001008f00" +
			"6f800000000104000000ff0200000000000000000001ff090001"},
	{name: "ipv6-ext.pcap#58", stack: "Ethernet/IPv6/IPv6ExtHdrHopByHop/ICMPv6",
		want: map[string]string{"IPv6#1.plen": "56", "IPv6#1.nh": "0", "IPv6#1.hlim": "1", "IPv6#1.src": "fe80::ff:fe08:1", "IPv6#1.dst": "ff02::16", "IPv6ExtHdrHopByHop#1.nh": "58", "IPv6ExtHdrHopByHop#1.len": "0", "ICMPv6#1.type": "143", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x621e", "ICMPv6#1.records_number": "2", "ICMPv6#1.records": "3 ff0e::db8:1 0;3 ff05::1:3 0"},
		hex: "33330000001602000008000186dd6000000000380001fe80000000000000000000fffe080001ff0200000000000000000000000000163a000502000001008f00" +
			"621e0000000203000000ff0e000000000000000000000db8000103000000ff050000000000000000000000010003"},
	{name: "igmp-sctp.pcap#11", stack: "Ethernet/IPv6/IPv6ExtHdrHopByHop/ICMPv6", // MLDv2 general query
		want: map[string]string{"IPv6#1.plen": "36", "IPv6#1.nh": "0", "IPv6#1.hlim": "1", "IPv6#1.src": "fe80::5075:15ff:fef6:47f7", "IPv6#1.dst": "ff02::1", "IPv6ExtHdrHopByHop#1.nh": "58", "IPv6ExtHdrHopByHop#1.len": "0", "ICMPv6#1.type": "130", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0xc8ed", "ICMPv6#1.mrd": "2000", "ICMPv6#1.mladdr": "::", "ICMPv6#1.QQIC": "4", "ICMPv6#1.sources_number": "0", "ICMPv6#1.S": "0", "ICMPv6#1.QRV": "2"},
		hex: "3333000000014ad4d29b9cfd86dd6000000000240001fe80000000000000507515fffef647f7ff0200000000000000000000000000013a000502000000008200" +
			"c8ed07d000000000000000000000000000000000000002040000"},
	{name: "ipv6_options.pcap#5", stack: "Ethernet/IPv6/IPv6ExtHdrHopByHop/ICMPv6",
		want: map[string]string{"IPv6#1.plen": "36", "IPv6#1.nh": "0", "IPv6#1.hlim": "1", "IPv6#1.src": "fe80::9c09:b416:768:ff42", "IPv6#1.dst": "ff02::16", "IPv6ExtHdrHopByHop#1.nh": "58", "IPv6ExtHdrHopByHop#1.len": "0", "ICMPv6#1.type": "143", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x193c", "ICMPv6#1.records_number": "1", "ICMPv6#1.records": "4 ff02::1:3 0"},
		hex: "33330000001600123f97920186dd6000000000240001fe800000000000009c09b4160768ff42ff0200000000000000000000000000163a000502000001008f00" +
			"193c0000000104000000ff020000000000000000000000010003"},
	{name: "dhcpv6-ra.pcap#1", stack: "Ethernet/IPv6/IPv6ExtHdrHopByHop/ICMPv6",
		want: map[string]string{"IPv6#1.plen": "56", "IPv6#1.nh": "0", "IPv6#1.hlim": "1", "IPv6#1.src": "fe80::94e3:fbff:fe6e:16a0", "IPv6#1.dst": "ff02::16", "IPv6ExtHdrHopByHop#1.nh": "58", "IPv6ExtHdrHopByHop#1.len": "0", "ICMPv6#1.type": "143", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0xb1ed", "ICMPv6#1.records_number": "2", "ICMPv6#1.records": "4 ff02::1:ff00:1 0;4 ff02::1:ff6e:16a0 0"},
		hex: "33330000001696e3fb6e16a086dd6000000000380001fe8000000000000094e3fbfffe6e16a0ff0200000000000000000000000000163a000502000001008f00" +
			"b1ed0000000204000000ff0200000000000000000001ff00000104000000ff0200000000000000000001ff6e16a0"},
}

func TestMLDCorpusFrames(t *testing.T) {
	for _, f := range mldFrames {
		t.Run(f.name, func(t *testing.T) { checkExtFrame(t, f) })
	}
}

// TestMLDShow: Scapy's names for MLDv2 reports and queries.
func TestMLDShow(t *testing.T) {
	p, err := packet.Dissect(findFrame(t, mldFrames, "ipv6-ext.pcap#58"), layers.EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	show := p.Show()
	for _, line := range []string{"###[ MLDv2 - Multicast Listener Report ]###", "type      = MLD Report Version 2", "reserved  = 0",
		"records_number= 2", "records   = [ICMPv6MLDMultAddrRec(rtype=3, dst=ff0e::db8:1, sources=[  ]), ICMPv6MLDMultAddrRec(rtype=3, dst=ff05::1:3, sources=[  ])]",
		"###[ IPv6 Extension Header - Hop-by-Hop Options Header ]###", "options   = [RouterAlert(value=0), PadN(optdata=b'')]"} {
		if !strings.Contains(show, line+"\n") {
			t.Errorf("show lacks %q:\n%s", line, show)
		}
	}
	if p.GetLayer("MLDv2 - Multicast Listener Report") != p.GetLayer("ICMPv6") {
		t.Error("Scapy's MLD name does not find the ICMPv6 layer")
	}
	p, err = packet.Dissect(findFrame(t, mldFrames, "igmp-sctp.pcap#11"), layers.EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	show = p.Show()
	for _, line := range []string{"###[ MLDv2 - Multicast Listener Query ]###", "mrd       = 2000", "mladdr    = ::", "Resv      = 0", "S         = 0",
		"QRV       = 2", "QQIC      = 4", "sources_number= 0", "sources   = [  ]"} {
		if !strings.Contains(show, line+"\n") {
			t.Errorf("show lacks %q:\n%s", line, show)
		}
	}
}

// TestMLDv2Build: records with sources and auxiliary data, counts
// computed, and an MLDv1 query turned into an MLDv2 one.
func TestMLDv2Build(t *testing.T) {
	rec := layers.NewMLDv2Record(netip.MustParseAddr("ff05::2"), netip.MustParseAddr("2001:db8::7"))
	rec.Type = layers.MLDv2AllowNewSources
	rec.AuxData = []byte{1, 2, 3, 4}
	m := layers.NewICMPv6Of(layers.ICMPv6MLDv2Report)
	m.Records = []layers.MLDv2Record{rec, layers.NewMLDv2Record(netip.MustParseAddr("ff02::fb"))}
	b, err := packet.New(m).Build()
	if err != nil {
		t.Fatal(err)
	}
	want := "8f00000000000002" + "05010001ff05000000000000000000000000000220010db800000000000000000000000701020304" +
		"04000000ff0200000000000000000000000000fb"
	if bytesHex(b) != want {
		t.Errorf("report %x\nwant %s", b, want)
	}
	p, err := packet.Dissect(b, layers.ICMPv6Type)
	if err != nil || stackOf(p) != "ICMPv6" {
		t.Fatalf("%v %s", err, stackOf(p))
	}
	got := p.Layer(0).(*layers.ICMPv6)
	if len(got.Records) != 2 || got.Records[0].Sources[0] != rec.Sources[0] || !bytes.Equal(got.Records[0].AuxData, rec.AuxData) {
		t.Errorf("records %+v", got.Records)
	}
	q := layers.NewICMPv6Of(layers.ICMPv6MLDQuery)
	q.MLDv2, q.QRV, q.Sources = true, 2, []netip.Addr{netip.MustParseAddr("2001:db8::1")}
	b, _ = packet.New(q).Build()
	if len(b) != 44 || b[24] != 2 || b[27] != 1 {
		t.Errorf("query %x", b)
	}
	// A report whose records run past the message is truncated.
	for _, bad := range []string{"8f00000000000001", "8f0000000000000104000001ff02000000000000000000000000000"} {
		data := bytesOf(t, bad+strings.Repeat("0", len(bad)%2))
		if _, err := packet.Dissect(data, layers.ICMPv6Type); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

// TestMLDNoAllocs: a warm decoder allocates nothing on MLDv2 reports.
func TestMLDNoAllocs(t *testing.T) {
	frame := findFrame(t, mldFrames, "ipv6-ext.pcap#58")
	d := packet.NewDecoder(layers.EthernetType)
	decode := func() {
		if _, err := d.Decode(frame); err != nil {
			t.Fatal(err)
		}
	}
	decode()
	if n := testing.AllocsPerRun(200, decode); n != 0 {
		t.Errorf("warm decode allocates %v times", n)
	}
}

// FuzzMLD: no input panics; what dissects re-encodes byte for byte.
func FuzzMLD(f *testing.F) {
	for _, fr := range mldFrames {
		b := fr.bytes(f)
		f.Add(b, false)
		f.Add(b[layers.EthHdrLen+layers.IPv6HdrLen+8:], true)
	}
	f.Fuzz(func(t *testing.T, data []byte, fromICMPv6 bool) {
		first := layers.EthernetType
		if fromICMPv6 {
			first = layers.ICMPv6Type
		}
		v6RoundTrip(t, data, first)
	})
}
