package layers

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
)

// namespacesHeader is a radiotap header with three radiotap namespaces
// (one antenna each) and a vendor namespace. Its bytes, derived by hand
// from the radiotap specification (fields aligned from the header start,
// the vendor namespace header aligned to 2 and followed by skip_length
// bytes):
//
//	00 00 3200                      version, pad, length 50
//	230800a0 200800a0 200800c0 01000000   present words (offsets 4-20)
//	00000000                        pad to 8
//	0807060504030201                TSFT (offset 24)
//	00 d8 00                        flags, -40 dBm, antenna 0
//	d7 01                           -41 dBm, antenna 1 (second namespace)
//	d6 02                           -42 dBm, antenna 2 (third namespace)
//	00                              pad to 2
//	001122 03 0400 01020304         vendor OUI, sub-namespace, skip 4, data
const namespacesHex = "00003200230800a0200800a0200800c00100000000000000" + "0807060504030201" +
	"00d800d701d60200001122030400" + "01020304"

func namespacesRadioTap() *RadioTap {
	r := NewRadioTap()
	r.Present = fields.Some[uint32](RadioTapTSFT | RadioTapFlags | RadioTapDBmAntSignal | RadioTapAntenna | RadioTapNamespaceNext | RadioTapExt)
	r.Ext = []uint32{RadioTapDBmAntSignal | RadioTapAntenna | RadioTapNamespaceNext | RadioTapExt,
		RadioTapDBmAntSignal | RadioTapAntenna | RadioTapVendorNext | RadioTapExt, 1}
	r.TSFT, r.DBmAntSignal = 0x0102030405060708, -40
	r.More = []RadioTapNamespace{
		{Fields: RadioTapFields{DBmAntSignal: -41, Antenna: 1}},
		{Fields: RadioTapFields{DBmAntSignal: -42, Antenna: 2}},
		{Vendor: true, OUI: 0x001122, SubNS: 3, Data: []byte{1, 2, 3, 4}},
	}
	return r
}

func ackFrame() *Dot11 {
	d := NewDot11()
	d.Type, d.Subtype = fields.Some[uint8](Dot11TypeControl), fields.Some[uint8](Dot11SubtypeAck)
	d.Addr1 = fields.MAC{2, 0, 0, 0, 0, 0x10}
	return d
}

func TestRadioTapNamespaces(t *testing.T) {
	b, err := packet.New(namespacesRadioTap(), ackFrame()).Build()
	if err != nil {
		t.Fatal(err)
	}
	want := hexFrame(t, namespacesHex)
	if !bytes.HasPrefix(b, want) || len(b) != len(want)+Dot11MinLen {
		t.Fatalf("built\n got %x\nwant %x...", b, want)
	}
	p, err := packet.Dissect(b, RadioTapType)
	if err != nil {
		t.Fatal(err)
	}
	r := p.Layer(0).(*RadioTap)
	if s := r.Signals(); len(s) != 3 || s[0] != -40 || s[1] != -41 || s[2] != -42 {
		t.Errorf("signals %v", s)
	}
	if len(r.More) != 3 || r.More[1].Fields.Antenna != 2 || !r.More[2].Vendor || r.More[2].OUI != 0x001122 ||
		!bytes.Equal(r.More[2].Data, []byte{1, 2, 3, 4}) || len(r.NotDecoded) != 0 {
		t.Errorf("namespaces %+v not decoded %x", r.More, r.NotDecoded)
	}
	if again, _ := p.Build(); !bytes.Equal(again, b) {
		t.Errorf("round trip %x", again)
	}
	if !strings.Contains(p.Show(), "vendor(oui=001122, subns=3, data=b'\\x01\\x02\\x03\\x04')") {
		t.Errorf("%s", p.Show())
	}
	// tshark agrees (when installed): signals -40,-41,-42, antennas 0,1,2,
	// vendor OUI 00:11:22, sub-namespace 3, 4 bytes of vendor data.
	tsharkCheck(t, b, map[string]string{"radiotap.dbm_antsignal": "-40,-41,-42", "radiotap.antenna": "0,1,2",
		"radiotap.vendor_oui": "4386", "radiotap.vendor_subns": "3", "radiotap.vendor_data_len": "4",
		"radiotap.length": "50", "wlan.ra": "02:00:00:00:00:10"})
}

// TestRadioTapAllFields sets every field of bits 0-27 and checks where
// each lands: the offsets below are derived by hand from the radiotap
// alignment rules (8-byte TSFT and timestamp, 4-byte XChannel and A-MPDU,
// 2-byte Channel, FHSS, Lock quality, attenuations, RX/TX flags, VHT, HE,
// HE-MU, HE-MU-other-user, L-SIG).
func TestRadioTapAllFields(t *testing.T) {
	r := NewRadioTap()
	r.Present = fields.Some[uint32](0x0fffffff)
	r.TSFT, r.Flags, r.Rate = 0x1122334455667788, RadioTapFlagShortPreamble, 108
	r.ChannelFrequency, r.ChannelFlags = 5745, RadioTapChanOFDM|RadioTapChan5GHz
	r.FHSSHopSet, r.FHSSPattern, r.DBmAntSignal, r.DBmAntNoise = 1, 2, -50, -90
	r.LockQuality, r.TXAttenuation, r.DBTXAttenuation, r.DBmTXPower = 0x0aaa, 0x0bbb, 0x0ccc, 20
	r.Antenna, r.DBAntSignal, r.DBAntNoise, r.RXFlags, r.TXFlags = 3, 60, 10, 2, 8
	r.RTSRetries, r.DataRetries = 4, 5
	r.XChannelFlags, r.XChannelFrequency, r.XChannelNumber, r.XChannelMaxPower = 0x00020140, 5745, 149, 23
	r.KnownMCS, r.MCSBandwidth, r.GuardInterval, r.MCSIndex = 0x07, 1, 1, 15
	r.AMPDURef, r.AMPDUFlags = 0xdeadbeef, 0x0c
	r.KnownVHT, r.PresentVHT, r.VHTBandwidth, r.VHTMCSNSS, r.GroupID, r.PartialAID = 0x0044, 0x04, 4, [4]byte{0x92}, 0, 0x1ab
	r.Timestamp, r.TSAccuracy, r.TSUnit, r.TSPosition, r.TSFlags = 0x0102030405060708, 11, 1, 2, 2
	r.HE = [6]uint16{0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666}
	r.HEMUFlags1, r.HEMUFlags2, r.RUChannel1, r.RUChannel2 = 0x7777, 0x8888, [4]byte{1, 2, 3, 4}, [4]byte{5, 6, 7, 8}
	r.HEMUOUser1, r.HEMUOUser2, r.HEMUOUPos, r.HEMUOUKnown = 0x7fff, 0x003f, 1, 0x3f
	r.ZeroLenPSDU, r.LSIGData1, r.LSIGLength, r.LSIGRate = 1, 3, 1500, 11
	b, err := packet.New(r, ackFrame()).Build()
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	checks := []struct {
		name string
		off  int
		want []byte
	}{
		{"length", 2, []byte{128, 0}},
		{"TSFT", 8, le.AppendUint64(nil, r.TSFT)},
		{"flags rate", 16, []byte{RadioTapFlagShortPreamble, 108}},
		{"channel", 18, []byte{0x71, 0x16, 0x40, 0x01}},
		{"FHSS signal noise", 22, []byte{1, 2, 0xce, 0xa6}},
		{"lock quality, attenuations", 26, []byte{0xaa, 0x0a, 0xbb, 0x0b, 0xcc, 0x0c}},
		{"tx power, antenna, dB signal/noise", 32, []byte{20, 3, 60, 10}},
		{"rx/tx flags, retries", 36, []byte{2, 0, 8, 0, 4, 5}},
		{"xchannel (pad 2)", 42, []byte{0, 0, 0x40, 0x01, 0x02, 0x00, 0x71, 0x16, 149, 23}},
		{"mcs", 52, []byte{0x07, 0x05, 15}},
		{"a-mpdu (pad 1)", 55, []byte{0, 0xef, 0xbe, 0xad, 0xde, 0x0c, 0, 0, 0}},
		{"vht", 64, []byte{0x44, 0, 0x04, 4, 0x92, 0, 0, 0, 0, 0, 0xab, 0x01}},
		{"timestamp (pad 4)", 76, append([]byte{0, 0, 0, 0}, append(le.AppendUint64(nil, r.Timestamp), 11, 0, 0x21, 2)...)},
		{"he", 92, []byte{0x11, 0x11, 0x22, 0x22, 0x33, 0x33, 0x44, 0x44, 0x55, 0x55, 0x66, 0x66}},
		{"he-mu", 104, []byte{0x77, 0x77, 0x88, 0x88, 1, 2, 3, 4, 5, 6, 7, 8}},
		{"he-mu-other-user", 116, []byte{0xff, 0x7f, 0x3f, 0, 1, 0x3f}},
		{"0-length psdu, pad, l-sig", 122, []byte{1, 0, 3, 0, 0xcb, 0x5d}},
	}
	for _, c := range checks {
		if got := b[c.off : c.off+len(c.want)]; !bytes.Equal(got, c.want) {
			t.Errorf("%s at %d: %x, want %x", c.name, c.off, got, c.want)
		}
	}
	p, err := packet.Dissect(b, RadioTapType)
	if err != nil {
		t.Fatal(err)
	}
	d := p.Layer(0).(*RadioTap)
	d.Len = fields.Opt[uint16]{}
	if d.RadioTapFields.TSFT != r.TSFT || d.HE != r.HE || d.LSIGLength != 1500 || d.TSPosition != 2 || d.XChannelMaxPower != 23 {
		t.Errorf("decoded %+v", d.RadioTapFields)
	}
	if again, _ := p.Build(); !bytes.Equal(again, b) {
		t.Errorf("round trip\n got %x\nwant %x", again, b)
	}
	tsharkCheck(t, b, map[string]string{"radiotap.length": "128", "radiotap.channel.freq": "5745",
		"radiotap.fhss.hopset": "1", "radiotap.dbm_antsignal": "-50", "radiotap.dbm_antnoise": "-90",
		"radiotap.txattenuation": "3003", "radiotap.db_txattenuation": "3276", "radiotap.txpower": "20",
		"radiotap.antenna": "3", "radiotap.db_antsignal": "60", "radiotap.xchannel.freq": "5745",
		"radiotap.xchannel.channel": "149", "radiotap.mcs.index": "15", "radiotap.ampdu.reference": "3735928559",
		"radiotap.vht.bw": "4", "radiotap.timestamp.ts": "72623859790382856", "radiotap.timestamp.accuracy": "11",
		"radiotap.he.data_1": "0x1111", "radiotap.he.data_6": "0x6666", "wlan.ra": "02:00:00:00:00:10"})
}

// tsharkCheck writes the frame to a capture of link type 127 and compares
// tshark's fields with want (the values tshark 4 gives, committed with the
// test). It skips when tshark is not installed.
func tsharkCheck(t *testing.T, frame []byte, want map[string]string) {
	t.Helper()
	if _, err := exec.LookPath("tshark"); err != nil {
		t.Log("tshark is not installed: not compared")
		return
	}
	path := filepath.Join(t.TempDir(), "f.pcap")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := pcap.NewWriter(f, pcap.LinkType(127))
	if err != nil {
		t.Fatal(err)
	}
	ci := pcap.CaptureInfo{Timestamp: time.Unix(1, 0), CaptureLength: len(frame), Length: len(frame), LinkType: 127}
	if err := w.WritePacket(ci, frame); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	args := []string{"-n", "-r", path, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,", "-E", "separator=/t"}
	var names []string
	for k := range want {
		names = append(names, k)
		args = append(args, "-e", k)
	}
	out, err := exec.Command("tshark", args...).Output()
	if err != nil {
		t.Fatalf("tshark: %v", err)
	}
	got := strings.Split(strings.TrimRight(string(out), "\n"), "\t")
	for i, k := range names {
		if i >= len(got) || got[i] != want[k] {
			t.Errorf("tshark %s = %q, want %q", k, strings.Join(got[i:min(i+1, len(got))], ""), want[k])
		}
	}
}

func TestRadioTapErrors(t *testing.T) {
	for _, c := range []struct {
		name, hex string
		err       error
	}{
		{"short", "00000800", packet.ErrTruncated},
		{"length below 8", "0000040000000000", packet.ErrMalformed},
		{"length past the data", "0000100000000000", packet.ErrTruncated},
		{"ext word past the length", "0000080000000080", packet.ErrMalformed},
	} {
		data := hexFrame(t, c.hex)
		p, err := packet.Dissect(data, RadioTapType)
		if !errors.Is(err, c.err) {
			t.Errorf("%s: %v, want %v", c.name, err, c.err)
		}
		if b, _ := p.Build(); !bytes.Equal(b, data) {
			t.Errorf("%s: round trip %x", c.name, b)
		}
	}
	// kept undecoded: an undefined bit of an extended radiotap word, a
	// non-zero pad byte, a field past the length, vendor data past it
	for _, c := range []struct {
		name, hex, rest string
	}{
		{"bit 33", "0000100000000080" + "02000000" + "aabbcc00", "aabbcc00"},
		{"non-zero pad", "00000e000a000000" + "1001" + "6c09a000", "01" + "6c09a000"},
		{"field past length", "00000a0001000000" + "0102", "0102"},
		{"vendor skip past length", "00000e0000000040" + "001122000900", "001122000900"},
	} {
		data := hexFrame(t, c.hex)
		p, err := packet.Dissect(data, RadioTapType)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		r := p.Layer(0).(*RadioTap)
		if got := r.NotDecoded; !bytes.Equal(got, hexFrame(t, c.rest)) {
			t.Errorf("%s: not decoded %x, want %s", c.name, got, c.rest)
		}
		if b, _ := p.Build(); !bytes.Equal(b, data) {
			t.Errorf("%s: round trip %x", c.name, b)
		}
	}
}

func TestRadioTapFields(t *testing.T) {
	r := NewRadioTap()
	if err := r.Set("Rate", 5.5); err != nil || r.Rate != 11 {
		t.Errorf("rate %v %d", err, r.Rate)
	}
	if err := r.Set("Rate", "54"); err != nil || r.Rate != 108 {
		t.Errorf("rate %v %d", err, r.Rate)
	}
	if err := r.Set("Rate", 0.7); !errors.Is(err, fields.ErrBadValue) {
		t.Errorf("rate 0.7: %v", err)
	}
	if err := r.Set("dBm_AntSignal", "-61 dBm"); err != nil || r.DBmAntSignal != -61 {
		t.Errorf("signal %v %d", err, r.DBmAntSignal)
	}
	if err := r.Set("dBm_AntSignal", 200); !errors.Is(err, fields.ErrBadValue) {
		t.Errorf("signal 200: %v", err)
	}
	if v, _ := r.Get("dBm_AntSignal"); v != int8(-61) {
		t.Errorf("get %v", v)
	}
	if FrequencyToChannel(2437) != 6 || FrequencyToChannel(2484) != 14 || FrequencyToChannel(5180) != 36 ||
		FrequencyToChannel(5955) != 1 || FrequencyToChannel(1000) != 0 {
		t.Error("channels")
	}
	// Scapy's overload: no present word under a Dot11FCS is Flags with FCS
	b, err := packet.New(NewRadioTap(), NewDot11FCS(), NewDot11FCSTrailer()).Build()
	if err != nil || !bytes.HasPrefix(b, []byte{0, 0, 9, 0, 2, 0, 0, 0, RadioTapFlagFCS}) {
		t.Errorf("%v %x", err, b)
	}
}

// TestRadioTapDecodeNoAllocs: a warm decoder dissects a radiotap beacon
// (header, 802.11 header, beacon, 12 elements, FCS) without allocating.
func TestRadioTapDecodeNoAllocs(t *testing.T) {
	data := hexFrame(t, dot11Frames[1])
	dec := packet.NewDecoder(RadioTapType)
	if _, err := dec.Decode(data); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(200, func() {
		p, _ := dec.Decode(data)
		if e, ok := packet.LayerOf[*Dot11Elt](p); !ok || e.ID != 0 {
			t.Fatal("no ssid")
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per decode", allocs)
	}
	b := hexFrame(t, namespacesHex+"d4000000020000000010")
	if _, err := dec.Decode(b); err != nil {
		t.Fatal(err)
	}
	if allocs := testing.AllocsPerRun(100, func() { dec.Decode(b) }); allocs != 0 {
		t.Errorf("namespaces: %v allocations per decode", allocs)
	}
}

func BenchmarkRadioTapBeaconDecode(b *testing.B) {
	data := hexFrame(b, dot11Frames[1])
	dec := packet.NewDecoder(RadioTapType)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		dec.Decode(data)
	}
}

func BenchmarkRadioTapBeaconBuild(b *testing.B) {
	data := hexFrame(b, dot11Frames[1])
	p, err := packet.Dissect(data, RadioTapType)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 512)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.BuildInto(buf); err != nil {
			b.Fatal(err)
		}
	}
}
