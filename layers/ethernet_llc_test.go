package layers_test

import (
	"encoding/hex"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// TestEthernetLengthForLLC: with LLC above it and no type given, the
// Ethernet header carries the 802.3 length, as Scapy's Dot3()/LLC()/SNAP()
// builds ffffffffffff0000000000000008aaaa030000000000.
func TestEthernetLengthForLLC(t *testing.T) {
	eth := layers.NewEthernet()
	eth.Dst = [6]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
	b, err := packet.New(eth, layers.NewLLC(), layers.NewSNAP()).Build()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := hex.EncodeToString(b), "ffffffffffff0000000000000008aaaa030000000000"; got != want {
		t.Fatalf("got %s want %s", got, want)
	}
	p, err := packet.Dissect(b, layers.EthernetType)
	if err != nil || p.GetLayer("SNAP") == nil {
		t.Fatalf("dissected back as %v (%v)", p, err)
	}
}
