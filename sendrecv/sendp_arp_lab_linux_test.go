package sendrecv_test

import (
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/internal/netns"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/sendrecv"
)

// TestSendpARPFillsSenderLab: Sendp of an ARP request without sender
// addresses sends the interface's MAC and IPv4 address (as Scapy does),
// so the peer's kernel learns A as a neighbour from it; a request from
// 0.0.0.0 would teach it nothing.
func TestSendpARPFillsSenderLab(t *testing.T) {
	lab := netns.NewPair(t)
	inA(t, lab, func() error {
		p := goscapy.NewEthernet().DstMAC("ff:ff:ff:ff:ff:ff").
			Over(goscapy.NewARP().Op(layers.ARPWhoHas).DstIP(lab.B4)).Packet()
		return sendrecv.Sendp(p, lab.IfaceA)
	})
	want := lab.A4.String() + " dev " + lab.IfaceB + " lladdr " + lab.MACA.String()
	deadline := time.Now().Add(2 * time.Second)
	for {
		out, err := lab.Exec(netns.B, "ip", "neigh", "show", lab.A4.String())
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(out), want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("B's neighbour table %q lacks %q", out, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
