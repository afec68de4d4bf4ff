package layers

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/goscapy/goscapy/packet"
)

// dot11RoundTrip dissects data from first: nothing may panic, the packet
// must re-encode byte for byte, a warm decoder must agree with one-shot
// dissection, and Show, String and JSON must work.
func dot11RoundTrip(t *testing.T, data []byte, first packet.LayerType) {
	t.Helper()
	p, _ := packet.Dissect(data, first)
	b, err := p.Build()
	if err != nil {
		t.Fatalf("build of dissected %v: %v", p, err)
	}
	if !bytes.Equal(b, data) {
		t.Fatalf("round trip of %v\n got %x\nwant %x", p, b, data)
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

func dot11Seeds(f *testing.F) [][]byte {
	var out [][]byte
	for _, h := range dot11Frames {
		b, _ := hex.DecodeString(h)
		out = append(out, b)
	}
	b, _ := hex.DecodeString(namespacesHex + "d4000000020000000010")
	return append(out, b, []byte(eapolKeyWPAInduction))
}

// FuzzRadioTap dissects from the radiotap header (link type 127).
func FuzzRadioTap(f *testing.F) {
	for _, s := range dot11Seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) { dot11RoundTrip(t, data, RadioTapType) })
}

// FuzzDot11 dissects from the 802.11 header, without and with FCS, and the
// EAPOL layers from Ethernet.
func FuzzDot11(f *testing.F) {
	for _, s := range dot11Seeds(f) {
		if len(s) > 4 {
			n := int(s[2]) | int(s[3])<<8
			if n < len(s) {
				f.Add(s[n:], uint8(0))
				f.Add(s[n:], uint8(1))
			}
		}
	}
	b, _ := hex.DecodeString(eapolKeyWPAInduction)
	f.Add(b, uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		first := Dot11Type
		switch mode % 3 {
		case 1:
			first = Dot11FCSType
		case 2:
			first = EthernetType
		}
		dot11RoundTrip(t, data, first)
	})
}
