package layers

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

const lldpCorpusDir = "../../shared/corpus"

// lldpdHostB is frame 1 of generated/daemons/lldp.pcap: lldpd on host B.
// tshark: chassis MAC 76:1f:ab:2e:49:27, port MAC (subtype 3), ttl 20,
// system name host-b.example, management address 198.19.3.2, 802.1 and
// 802.3 organisation-specific TLVs (OUIs 0x0012f0f and 0x0012bb).
const lldpdHostB = "0180c200000e761fab2e492788cc020704761fab2e4927040703761fab2e4927060200140a0e686f73742d622e6578616d706c650c13617070636170206c6c64706420686f737420420e0400bc0020100c0501c6130302020000000200080965746830206f662042fe0900120f030100000000fe0900120f010080000036fe0c00120f02060203d30032002dfe070012bb01003f03fe130012bb07362e31382e34342d66632d763636390000"

func TestLLDPBindings(t *testing.T) {
	if packet.NextLayer(EthernetType, "type", EtherTypeLLDP) != LLDPType || packet.NextLayer(Dot1QType, "type", EtherTypeLLDP) != LLDPType {
		t.Error("ethertype 0x88cc")
	}
	if v, ok := packet.BindValue(EthernetType, LLDPType, "type"); !ok || v != EtherTypeLLDP {
		t.Error("build binding")
	}
	if packet.Lookup("LLDP") != lldpProto || packet.Lookup("LLDPDU") != lldpProto {
		t.Error("names")
	}
}

func TestLLDPDecodeLLDPD(t *testing.T) {
	data, _ := hex.DecodeString(lldpdHostB)
	p, err := packet.Dissect(data, EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	l, ok := packet.LayerOf[*LLDP](p)
	if !ok {
		t.Fatalf("no lldp in %v", p)
	}
	if got := p.String(); got != "Ethernet / LLDP chassis 76:1f:ab:2e:49:27 port 76:1f:ab:2e:49:27 ttl 20" {
		t.Errorf("summary %q", got)
	}
	var types []string
	for _, tlv := range l.TLVs {
		types = append(types, strconv.Itoa(int(tlv.Type)))
	}
	if got := strings.Join(types, ","); got != "1,2,3,5,6,7,8,4,127,127,127,127,127,0" {
		t.Errorf("tlv types %s", got)
	}
	if l.SystemName() != "host-b.example" {
		t.Errorf("system name %q", l.SystemName())
	}
	if a, ok := l.TLV(LLDPTLVManagementAddress).ManagementAddress(); !ok || a != netip.MustParseAddr("198.19.3.2") {
		t.Errorf("management address %v", a)
	}
	if c := l.TLV(LLDPTLVSystemCaps); be16(c.Value) != 0x00bc || be16(c.Value[2:]) != 0x0020 {
		t.Errorf("caps %x", c.Value)
	}
	if o := l.TLVs[8]; o.OUI() != 0x00120f && o.OUI() != 0x0080c2 || o.Subtype() != 3 {
		t.Errorf("org tlv oui %#x subtype %d", o.OUI(), o.Subtype())
	}
	if l.TLVs[12].OUI() != 0x0012bb || l.TLVs[12].Subtype() != 7 || string(l.TLVs[12].OrgData()) != "6.18.44-fc-v669" {
		t.Errorf("lldp-med tlv %v", l.TLVs[12])
	}
	b, err := p.Build()
	if err != nil || !bytes.Equal(b, data) {
		t.Errorf("round trip %v\n got %x\nwant %x", err, b, data)
	}
	for _, want := range []string{"###[ LLDPDU ]###", "chassis id(_length=7, subtype=MAC address, id=\"76:1f:ab:2e:49:27\")", "system_name=b'host-b.example'", "end of LLDPDU(_length=0, )"} {
		if !strings.Contains(p.Show(), want) {
			t.Errorf("show lacks %q:\n%s", want, p.Show())
		}
	}
	// truncated TLVs fail cleanly and the bytes stay
	for n := 14; n < len(data)-2; n += 7 {
		q, err := packet.Dissect(data[:n], EthernetType)
		b, berr := q.Build()
		if berr != nil || !bytes.Equal(b, data[:n]) {
			t.Errorf("truncated at %d: %v %v", n, err, berr)
		}
	}
}

func TestLLDPBuild(t *testing.T) {
	l := NewLLDP()
	l.TLVs = []LLDPTLV{LLDPChassisID(LLDPChassisMAC, []byte{2, 0, 0, 0, 0, 1}), LLDPPortID(LLDPPortInterfaceName, []byte("eth0")),
		LLDPTTL(120), LLDPText(LLDPTLVSystemName, "sw1"), LLDPEnd()}
	p := packet.New(l)
	b, err := p.Build()
	want, _ := hex.DecodeString("0207040200000000010405056574683006020078" + "0a03737731" + "0000")
	if err != nil || !bytes.Equal(b, want) {
		t.Fatalf("%v\n got %x\nwant %x", err, b, want)
	}
	l.TLVs = append(l.TLVs, LLDPTLV{Type: 9, Value: make([]byte, 512)})
	if _, err := p.Build(); err == nil {
		t.Error("a 512-byte tlv built")
	}
}

func TestLLDPDecodeNoAlloc(t *testing.T) {
	data, _ := hex.DecodeString(lldpdHostB)
	l := NewLLDP()
	l.DecodeFromBytes(data[14:], nil)
	if n := testing.AllocsPerRun(100, func() { l.DecodeFromBytes(data[14:], nil) }); n != 0 {
		t.Errorf("%v allocations per decode", n)
	}
}

// corpusFrames reads the frames of a corpus capture, skipping the test
// when the corpus is not there.
func corpusFrames(t testing.TB, file string) [][]byte {
	t.Helper()
	path := filepath.Join(lldpCorpusDir, file)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("corpus file %s not found: %v", path, err)
	}
	r, err := pcap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out [][]byte
	for {
		data, _, err := r.ReadPacketData()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, append([]byte(nil), data...))
	}
	return out
}

// tsharkRows runs tshark on a corpus file with a display filter and
// fields, one row per packet (frame.number first); it skips the test when
// tshark is not installed.
func tsharkRows(t testing.TB, file, filter string, fieldNames ...string) [][]string {
	t.Helper()
	if _, err := exec.LookPath("tshark"); err != nil {
		t.Skip("tshark not installed")
	}
	args := []string{"-r", filepath.Join(lldpCorpusDir, file), "-Y", filter, "-T", "fields", "-E", "separator=\t", "-e", "frame.number"}
	for _, f := range fieldNames {
		args = append(args, "-e", f)
	}
	out, err := exec.Command("tshark", args...).Output()
	if err != nil {
		t.Fatalf("tshark: %v", err)
	}
	var rows [][]string
	for _, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		if line != "" {
			rows = append(rows, strings.Split(line, "\t"))
		}
	}
	return rows
}

// TestLLDPCorpusTshark compares every LLDP frame of the corpus captures
// with tshark: TLV types, chassis MAC, TTL and system name; and checks
// the byte-exact round trip.
func TestLLDPCorpusTshark(t *testing.T) {
	for _, file := range []string{"generated/daemons/lldp.pcap", "tcpdump/dcb_ets.pcap"} {
		frames := corpusFrames(t, file)
		rows := tsharkRows(t, file, "lldp && !_ws.malformed", "lldp.tlv.type", "lldp.chassis.id.mac", "lldp.time_to_live", "lldp.tlv.system.name")
		if len(rows) == 0 {
			t.Fatalf("%s: no lldp frames", file)
		}
		for _, r := range rows {
			n, _ := strconv.Atoi(r[0])
			data := frames[n-1]
			p, err := packet.Dissect(data, EthernetType)
			l, ok := packet.LayerOf[*LLDP](p)
			if err != nil || !ok {
				t.Errorf("%s #%d: %v %v", file, n, p, err)
				continue
			}
			var types []string
			for _, tlv := range l.TLVs {
				types = append(types, strconv.Itoa(int(tlv.Type)))
			}
			mac := ""
			if c := l.TLV(LLDPTLVChassisID); c != nil && c.Subtype() == LLDPChassisMAC {
				mac = c.IDString()
			}
			ttl, _ := l.TTL()
			got := []string{r[0], strings.Join(types, ","), mac, strconv.Itoa(int(ttl)), l.SystemName()}
			if strings.Join(got, "|") != strings.Join(r, "|") {
				t.Errorf("%s #%d:\n got %q\nwant %q (tshark)", file, n, got, r)
			}
			if b, err := p.Build(); err != nil || !bytes.Equal(b, data) {
				t.Errorf("%s #%d: round trip %v", file, n, err)
			}
		}
	}
}

func FuzzLLDP(f *testing.F) {
	data, _ := hex.DecodeString(lldpdHostB)
	f.Add(data[14:])
	f.Add([]byte{0x02, 0x07, 0x04, 1, 2, 3, 4, 5, 6, 0, 0})
	f.Add([]byte{0xfe, 0x05, 0, 0x12, 0x0f, 1, 2})
	f.Fuzz(func(t *testing.T, in []byte) {
		l := NewLLDP()
		r, err := l.DecodeFromBytes(in, nil)
		if err != nil {
			return
		}
		_ = l.Show()
		_ = l.Summary()
		b := make([]byte, l.HeaderLen())
		if err := l.SerializeTo(b, nil); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, in[:r.HeaderLen]) {
			t.Fatalf("re-encode\n got %x\nwant %x", b, in[:r.HeaderLen])
		}
	})
}
