package layers_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/pcap"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// igscFrame is a real frame of the shared corpus with the values tshark
// 4 reads from it (frame name is file#number; SCTP TSNs are tshark's
// sctp.data_tsn_raw, absolute).
type igscFrame struct {
	name  string
	first packet.LayerType
	want  map[string]string
	hex   string
}

func (f igscFrame) bytes(t testing.TB) []byte {
	b, err := hex.DecodeString(f.hex)
	if err != nil {
		t.Fatalf("%s: %v", f.name, err)
	}
	return b
}

// igscDissect dissects f, checks it re-encodes byte-exact and returns it.
func igscDissect(t *testing.T, f igscFrame) *packet.Packet {
	t.Helper()
	data := f.bytes(t)
	p, err := packet.Dissect(data, f.first)
	if err != nil {
		t.Fatalf("dissect: %v (%v)", err, p)
	}
	again, err := p.Build()
	if err != nil || !bytes.Equal(again, data) {
		t.Errorf("round trip: err=%v\n got %x\nwant %x", err, again, data)
	}
	return p
}

func igscCheck(t *testing.T, want map[string]string, key, got string) {
	t.Helper()
	if w, ok := want[key]; ok && w != got {
		t.Errorf("%s = %s, tshark says %s", key, got, w)
	}
}

// igmpv3Time is the max response time or QQI a v3 code stands for (RFC
// 3376 section 4.1.1), as tshark shows it.
func igmpv3Time(code uint8) int {
	if code < 128 {
		return int(code)
	}
	return int(code&0x0f|0x10) << (code>>4&7 + 3)
}

var igmpFrames = []igscFrame{
	{name: "IGMP_V1.pcap#1", first: layers.EthernetType,
		want: map[string]string{"type": "0x11", "chksum": "0xeeff", "gaddr": "0.0.0.0"},
		hex:  "01005e0000015cd998f91c18080046000020000200000102723d0a00c897e0000001940400001100eeff000000000000000000000000000000000000"},
	{name: "IGMP_V1.pcap#2", first: layers.EthernetType,
		want: map[string]string{"type": "0x12", "chksum": "0x0d03", "gaddr": "224.0.0.252"},
		hex:  "01005e0000fc782bcb99fb5b08004600002053ab000001021d8d0a00c8a3e00000fc9404000012000d03e00000fc0000000000000000000000000000"},
	{name: "igmpv3-queries.pcap#1", first: layers.EthernetType,
		want: map[string]string{"type": "0x11", "mrcode": "100", "chksum": "0xec1e", "gaddr": "0.0.0.0", "s": "0", "qrv": "2", "qqic": "125", "numsrc": "0"},
		hex:  "01005e000001020001630000080046c00024000100000102840dc0020002e0000001940400001164ec1e00000000027d0000"},
	{name: "igmpv3-queries.pcap#2", first: layers.EthernetType,
		want: map[string]string{"type": "0x11", "mrcode": "30720", "chksum": "0xeb84", "gaddr": "0.0.0.0", "s": "0", "qrv": "2", "qqic": "125", "numsrc": "0"},
		hex:  "01005e000001020001630000080046c00024000100000102840dc0020002e00000019404000011feeb8400000000027d0000"},
	{name: "igmpv3-queries.pcap#3", first: layers.EthernetType,
		want: map[string]string{"type": "0x11", "mrcode": "30720", "chksum": "0xeb84", "gaddr": "0.0.0.0", "s": "0", "qrv": "2", "qqic": "125", "numsrc": "0"},
		hex:  "01005e000001020001630000080046c00024000100000102840dc0020002e00000019404000011feeb8400000000027d0000"},
	{name: "igmpv3-queries.pcap#4", first: layers.EthernetType,
		want: map[string]string{"type": "0x11", "mrcode": "10", "chksum": "0xec78", "gaddr": "0.0.0.0", "s": "0", "qrv": "2", "qqic": "125", "numsrc": "0"},
		hex:  "01005e000001020001630000080046c00024000100000102840dc0020002e000000194040000110aec7800000000027d0000"},
	{name: "igmpv3-queries.pcap#5", first: layers.EthernetType,
		want: map[string]string{"type": "0x11", "mrcode": "10", "chksum": "0xec78", "gaddr": "0.0.0.0", "s": "0", "qrv": "2", "qqic": "125", "numsrc": "0"},
		hex:  "01005e000001020001630000080046c00024000100000102840dc0020002e000000194040000110aec7800000000027d0000"},
	{name: "igmpv3-queries.pcap#6", first: layers.EthernetType,
		want: map[string]string{"type": "0x11", "mrcode": "10", "chksum": "0xec78", "gaddr": "0.0.0.0", "s": "0", "qrv": "2", "qqic": "125", "numsrc": "0"},
		hex:  "01005e000001020001630000080046c00024000100000102840dc0020002e000000194040000110aec7800000000027d0000"},
	{name: "igmp-sctp.pcap#5", first: layers.EthernetType,
		want: map[string]string{"type": "0x22", "chksum": "0xf993", "gaddr": "224.0.0.106", "numsrc": "0", "numgrp": "1", "rtype": "4"},
		hex:  "01005e0000164ad4d29b9cfd080046c0002800004000010232e8c6130afee0000016940400002200f9930000000104000000e000006a"},
	{name: "igmp-sctp.pcap#10", first: layers.EthernetType,
		want: map[string]string{"type": "0x11", "mrcode": "20", "chksum": "0xece7", "gaddr": "0.0.0.0", "s": "0", "qrv": "2", "qqic": "4", "numsrc": "0"},
		hex:  "01005e0000014ad4d29b9cfd080046c000240000400001023301c6130afee0000001940400001114ece70000000002040000"},
	{name: "igmp-sctp.pcap#19", first: layers.EthernetType,
		want: map[string]string{"type": "0x16", "mrcode": "0", "chksum": "0xf8fa", "gaddr": "239.1.2.3"},
		hex:  "01005e010203ee510656be9e080046c0002000004000010222ffc6130a01ef010203940400001600f8faef010203"},
	{name: "igmp-sctp.pcap#60", first: layers.EthernetType,
		want: map[string]string{"type": "0x17", "mrcode": "0", "chksum": "0xf7fa", "gaddr": "239.1.2.3"},
		hex:  "01005e000002ee510656be9e080046c000200000400001023401c6130a01e0000002940400001700f7faef010203"},
	{name: "igmp.pcapng#1", first: layers.EthernetType,
		want: map[string]string{"type": "0x11", "mrcode": "100", "chksum": "0xee9b", "gaddr": "0.0.0.0"},
		hex:  "01005e0000010001636fc800080045c0001cf77000000102d6b50a3c00bde00000011164ee9b00000000000000000000000000000000000000000000"},
	{name: "igmp.pcapng#2", first: layers.EthernetType,
		want: map[string]string{"type": "0x16", "mrcode": "0", "chksum": "0xfa04", "gaddr": "239.255.255.250"},
		hex:  "01005e7ffffa001558dca84d0800460000200e47000001021a540a3c0207effffffa940400001600fa04effffffa0000000000000000000000000000"},
	{name: "eapon1.pcap#44", first: layers.EthernetType,
		want: map[string]string{"type": "0x22", "chksum": "0xea03", "gaddr": "239.255.255.250", "numsrc": "0", "numgrp": "1", "rtype": "4"},
		hex:  "01005e00001600042357a57a08004600002838c0000001021e39a9fe43c2e0000016940400002200ea030000000104000000effffffa"},
}

func TestIGMPCorpusFrames(t *testing.T) {
	for _, f := range igmpFrames {
		t.Run(f.name, func(t *testing.T) {
			p := igscDissect(t, f)
			g, ok := packet.LayerOf[*layers.IGMP](p)
			if !ok {
				t.Fatalf("no IGMP layer in %v", p)
			}
			igscCheck(t, f.want, "type", fmt.Sprintf("0x%02x", g.Type))
			igscCheck(t, f.want, "chksum", fmt.Sprintf("0x%04x", g.Checksum.Value))
			if g.Type == layers.IGMPv3MembershipReport {
				igscCheck(t, f.want, "numgrp", fmt.Sprint(len(g.Records)))
				if len(g.Records) > 0 {
					igscCheck(t, f.want, "gaddr", g.Records[0].MAddr.String())
					igscCheck(t, f.want, "rtype", fmt.Sprint(g.Records[0].Type))
					igscCheck(t, f.want, "numsrc", fmt.Sprint(len(g.Records[0].Sources)))
				}
				return
			}
			igscCheck(t, f.want, "gaddr", g.GAddr.String())
			if g.V3 {
				igscCheck(t, f.want, "mrcode", fmt.Sprint(igmpv3Time(g.MRCode)))
				igscCheck(t, f.want, "qqic", fmt.Sprint(igmpv3Time(g.QQIC)))
				igscCheck(t, f.want, "s", fmt.Sprint(g.S))
				igscCheck(t, f.want, "qrv", fmt.Sprint(g.QRV))
				igscCheck(t, f.want, "numsrc", fmt.Sprint(len(g.SrcAddrs)))
			} else if _, ok := f.want["mrcode"]; ok {
				igscCheck(t, f.want, "mrcode", fmt.Sprint(g.MRCode))
			}
			// The checksum we compute equals the captured one.
			c := *g
			c.Checksum.Unset()
			q, _ := packet.Dissect(f.bytes(t), f.first)
			for i, l := range q.Layers() {
				if _, ok := l.(*layers.IGMP); ok {
					ls := q.Layers()
					ls[i] = &c
					b, err := packet.New(ls...).Build()
					if err != nil || !bytes.Equal(b, f.bytes(t)) {
						t.Errorf("computed checksum differs: %v\n got %x\nwant %x", err, b, f.bytes(t))
					}
				}
			}
		})
	}
}

func TestIGMPShowAndSet(t *testing.T) {
	g := layers.NewIGMPv3Report(layers.NewIGMPv3Record(layers.IGMPv3ModeIsInclude,
		netip.MustParseAddr("232.1.1.1"), netip.MustParseAddr("10.1.1.1")))
	s := g.Show()
	for _, w := range []string{"###[ IGMPv3 ]###", "type      = Version 3 Membership Report", "numgrp", "IGMPv3gr(rtype=1, maddr=232.1.1.1, srcaddrs=[10.1.1.1])"} {
		if !strings.Contains(s, w) {
			t.Errorf("show lacks %q:\n%s", w, s)
		}
	}
	if strings.Contains(s, "gaddr") {
		t.Errorf("v3 report shows gaddr:\n%s", s)
	}
	q := layers.NewIGMP()
	if err := q.Set("gaddr", "239.1.2.3"); err != nil {
		t.Fatal(err)
	}
	if err := q.Set("srcaddrs", "10.0.0.1, 10.0.0.2"); err != nil || !q.V3 || len(q.SrcAddrs) != 2 {
		t.Fatalf("srcaddrs: %v %v", err, q.SrcAddrs)
	}
	if err := q.Set("srcaddrs", "2001:db8::1"); err == nil {
		t.Error("srcaddrs accepted an IPv6 address")
	}
	if v, _ := q.Get("mrcode"); v != uint8(20) {
		t.Errorf("mrcode default %v", v)
	}
	if s := q.Summary(); s != "IGMPv3 Membership Query 239.1.2.3" {
		t.Errorf("summary %q", s)
	}
}

func TestIGMPErrors(t *testing.T) {
	for _, h := range []string{"", "11", "116400", "1164ec1e000000", "2200e9f000000002", "1164ec1e00000000027d0001"} {
		b, _ := hex.DecodeString(h)
		var g layers.IGMP
		if _, err := g.DecodeFromBytes(b, nil); err == nil {
			t.Errorf("%s decoded", h)
		}
	}
}

func TestIGMPNoAllocs(t *testing.T) {
	f := igmpFrames[len(igmpFrames)-1]
	data := f.bytes(t)
	dec := packet.NewDecoder(layers.EthernetType)
	dec.Decode(data)
	if n := testing.AllocsPerRun(100, func() { dec.Decode(data) }); n != 0 {
		t.Errorf("warm decode allocates %v times", n)
	}
}

func FuzzIGMP(f *testing.F) {
	for _, fr := range igmpFrames {
		b := fr.bytes(f)
		f.Add(b)
		if len(b) > 38 {
			f.Add(b[38:]) // past Ethernet, IP and the router alert
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, first := range []packet.LayerType{layers.IGMPType, layers.EthernetType} {
			p, err := packet.Dissect(data, first)
			if p == nil {
				continue
			}
			_ = p.String()
			_ = p.Show()
			if err != nil {
				continue
			}
			out, err := p.Build()
			if err != nil || !bytes.Equal(out, data) {
				t.Fatalf("re-encode of %v: %v\n got %x\nwant %x", p, err, out, data)
			}
		}
	})
}

// igscCorpusFiles are the corpus captures with IGMP or SCTP (INDEX.tsv).
var igscCorpusFiles = []string{
	"pcapplusplus/igmp.pcapng", "pcapplusplus/ipv4-options.pcap", "pcapplusplus/no-ip-frag-all.pcap",
	"tcpdump/IGMP_V1.pcap", "tcpdump/PIM-SM_join_prune.pcap", "tcpdump/eapon1.pcap", "tcpdump/forces2.pcap",
	"tcpdump/igmpv3-queries.pcap", "generated/daemons/igmp-sctp.pcap", "generated/daemons/ospf.pcap",
}

// TestIGMPSCTPCorpus checks that every IGMP and SCTP packet of the corpus
// (IP protocol 2 or 132, first fragment) dissects without error, ends in
// an IGMP or SCTP layer (or Raw/Padding after it) and re-encodes
// byte-exact.
func TestIGMPSCTPCorpus(t *testing.T) {
	dir := "../../shared/corpus"
	if _, err := os.Stat(filepath.Join(dir, "INDEX.tsv")); err != nil {
		t.Skipf("corpus not found: %v", err)
	}
	counts := map[string]int{}
	for _, name := range igscCorpusFiles {
		r, err := pcap.Open(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for n := 1; ; n++ {
			data, ci, err := r.ReadPacketData()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					t.Errorf("%s: %v", name, err)
				}
				break
			}
			first, _ := packet.FirstLayer(uint32(ci.LinkType), data)
			p, derr := packet.Dissect(data, first)
			want := ""
			for _, l := range p.Layers() {
				switch x := l.(type) {
				case *layers.IPv4:
					if x.FragOff == 0 && x.Protocol.Value == layers.IPProtoIGMP {
						want = "IGMP"
					} else if x.FragOff == 0 && x.Protocol.Value == layers.IPProtoSCTP {
						want = "SCTP"
					}
				case *layers.IPv6:
					if x.NextHeader.Value == layers.IPProtoSCTP {
						want = "SCTP"
					}
				}
			}
			if want == "" {
				continue
			}
			counts[want]++
			if derr != nil || p.GetLayer(want) == nil {
				t.Errorf("%s#%d: %v (%v)", name, n, derr, p)
			}
			if b, err := p.Build(); err != nil || !bytes.Equal(b, data) {
				t.Errorf("%s#%d: round trip: %v", name, n, err)
			}
		}
		r.Close()
	}
	t.Logf("corpus packets: %v", counts)
	if counts["IGMP"] == 0 || counts["SCTP"] == 0 {
		t.Errorf("corpus packets: %v", counts)
	}
}
