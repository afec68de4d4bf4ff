package layers_test

import (
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// testdata/checkipaddr.txt holds a DHCP discover from 0.0.0.0 to the
// broadcast, the server's offer to the offered address, and an offer of
// another transaction (xid 0x9999), as python3-scapy builds them:
//
//	Ether()/IP(src="0.0.0.0",dst="255.255.255.255")/UDP(sport=68,dport=67)/
//	  BOOTP(xid=0x1234,chaddr=b"\x02\0\0\0\1\2")/DHCP(options=[("message-type","discover"),"end"])
//	Ether()/IP(src="198.18.1.2",dst="198.18.1.100")/UDP(sport=67,dport=68)/
//	  BOOTP(op=2,xid=0x1234,yiaddr="198.18.1.100",chaddr=b"\x02\0\0\0\1\2")/DHCP(options=[("message-type","offer"),"end"])
//
// Scapy: offer.answers(discover) is 0 and the hashrets differ with
// conf.checkIPaddr = True; with False, answers is True and the hashrets
// are equal, and the other offer does not answer.
func checkIPFrames(t *testing.T) (discover, offer, other *packet.Packet) {
	b, err := os.ReadFile("testdata/checkipaddr.txt")
	if err != nil {
		t.Fatal(err)
	}
	var ps []*packet.Packet
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		data, err := hex.DecodeString(line)
		if err != nil {
			t.Fatal(err)
		}
		p, err := packet.Dissect(data, layers.EthernetType)
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	if len(ps) != 3 {
		t.Fatalf("%d frames", len(ps))
	}
	return ps[0], ps[1], ps[2]
}

func TestCheckIPAddr(t *testing.T) {
	discover, offer, other := checkIPFrames(t)
	if !layers.CheckIPAddr() {
		t.Fatal("CheckIPAddr is off by default")
	}
	if packet.Answers(offer, discover) || packet.HashKey(offer) == packet.HashKey(discover) {
		t.Errorf("with the check: answers %v, same hash %v; Scapy: 0, false",
			packet.Answers(offer, discover), packet.HashKey(offer) == packet.HashKey(discover))
	}
	layers.SetCheckIPAddr(false)
	defer layers.SetCheckIPAddr(true)
	if !packet.Answers(offer, discover) || packet.HashKey(offer) != packet.HashKey(discover) {
		t.Errorf("without the check: answers %v, same hash %v; Scapy: true, true",
			packet.Answers(offer, discover), packet.HashKey(offer) == packet.HashKey(discover))
	}
	// Another transaction still does not answer (Scapy: False).
	if packet.Answers(other, discover) {
		t.Error("an offer of another transaction answers")
	}
}
