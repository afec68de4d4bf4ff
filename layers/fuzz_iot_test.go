package layers

import (
	"bytes"
	"testing"

	"github.com/goscapy/goscapy/packet"
)

// iotRoundTrip dissects data from first: nothing may panic, the packet
// must re-encode byte for byte, a warm decoder must agree with one-shot
// dissection, and Show, Summary and JSON must work.
func iotRoundTrip(t *testing.T, data []byte, first packet.LayerType) {
	t.Helper()
	p, _ := packet.Dissect(data, first)
	b, err := p.Build()
	if err != nil {
		t.Fatalf("build of dissected %v: %v", p, err)
	}
	if !bytes.Equal(b, data) {
		t.Fatalf("round trip of %v\n got %x\nwant %x", p, b, data)
	}
	// A copy of the layers built afresh (no memo of the input) must give
	// the same bytes too.
	q := packet.New(p.Layers()...)
	if b, err := q.Build(); err != nil || !bytes.Equal(b, data) {
		t.Fatalf("rebuild of %v: %x, %v; want %x", p, b, err, data)
	}
	d := packet.NewDecoder(first)
	for i := 0; i < 2; i++ {
		q, _ := d.Decode(data)
		if q.String() != p.String() {
			t.Fatalf("decoder %q, Dissect %q", q.String(), p.String())
		}
	}
	_ = p.Show()
	_ = p.AppendJSON(nil, 1)
	for _, l := range p.Layers() {
		_ = l.Summary()
		for i := range l.Proto().Fields {
			f := &l.Proto().Fields[i]
			_ = f.Get(l)
			_ = f.Format(l)
		}
	}
}

var iotSeeds = []struct {
	first packet.LayerType
	hex   string
}{
	{HCIType, "0240000700030004000a2100"},
	{HCIType, "0240200c000800040062003501006400"},
	{HCIType, "020b000c00080005000201040001004000"},
	{HCIType, "0240000b00070006000103002d10070700"},
	{HCIType, "01030c00"},
	{HCIType, "040e0401030c00"},
	{HCIType, "0301000301020300"},
	{HCIType, "05010003000102"},
	{HCIType, "02400017001300040008010010ff000000000000001000000080"},
	{HCIPHDRType, "000000010240200700030004000a0300"},
	{Dot15d4FCSType, "41880baa1a010000000800010000001e150001060004010105000900000003404321"},
	{Dot15d4FCSType, "41880caa1a000001000800000001001e160001020404010106180a0a000029c409c6bc"},
	{Dot15d4FCSType, "21ec014dab0100010081000510021002400200020007e33b00401271008ff16875ec6c6f001db6"},
	{Dot15d4FCSType, "00eb cdab ffff cdab 0100 0000 0000 0cc1"},
	{Dot15d4Type, "4988063412010002000d0700000001deadbeef"},
	{Dot15d4Type, "0380 05 ffff ffff 07"},
	{ZigbeeNWKType, "0812000034121e1a77665544332211000001000000776655443322110000deadbeef01020304"},
	{LoRaWANType, "40F17DBE4900020001954378762B11FF0D"},
	{LoRaWANType, "a004030201a30a0002070144332211"},
	{LoRaWANType, "00010000d07ed5b37030051c000ba3040034 12aabbccdd"},
	{LoRaWANType, "20 0102030405060708090a0b0c0d0e0f10"},
}

func FuzzIoTDissect(f *testing.F) {
	firsts := []packet.LayerType{HCIType, HCIPHDRType, Dot15d4Type, Dot15d4FCSType, ZigbeeNWKType, LoRaWANType, L2CAPType, ATTType, ZigbeeZCLType}
	for _, s := range iotSeeds {
		for k, ft := range firsts {
			if ft == s.first {
				f.Add(uint8(k), iotHex(f, stripSpaces(s.hex)))
			}
		}
	}
	f.Fuzz(func(t *testing.T, k uint8, data []byte) {
		iotRoundTrip(t, data, firsts[int(k)%len(firsts)])
	})
}

// TestIoTSeedsRoundTrip runs the fuzz seeds as a plain test.
func TestIoTSeedsRoundTrip(t *testing.T) {
	for _, s := range iotSeeds {
		iotRoundTrip(t, iotHex(t, stripSpaces(s.hex)), s.first)
	}
}
