package shell

import (
	"bytes"
	"context"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sendrecv"
)

// Bytes from Scapy 2.5: an echo request from 192.0.2.2 to 198.18.1.3, its
// reply, and an unanswered request to 198.18.1.4.
const (
	scapyReq   = "4500001c000100004001f1c8c0000202c61201030800f7ff00000000"
	scapyReply = "4500001c000100004001f1c8c6120103c00002020000ffff00000000"
	scapyReq2  = "4500001c000100004001f1c7c0000202c61201040800f7ff00000000"
)

func dissectHex(t *testing.T, h string) *packet.Packet {
	t.Helper()
	b, err := hex.DecodeString(h)
	if err != nil {
		t.Fatal(err)
	}
	p, err := packet.Dissect(b, layers.IPv4Type)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestResults works on the value sr returns, without a network.
func TestResults(t *testing.T) {
	var out bytes.Buffer
	s := New(&out, &out)
	s.Set("res", &Results{L: &sendrecv.SndRcvList{
		Answered:   []sendrecv.SndRcvPair{{Sent: dissectHex(t, scapyReq), Received: dissectHex(t, scapyReply)}},
		Unanswered: []*packet.Packet{dissectHex(t, scapyReq2)},
	}})
	err := s.Exec(context.Background(), `res; res.summary(); len(res); ans, unans = res; unans.summary(); s, r = ans[0]; r[ICMP].type; r.src; res.table()`)
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"(<Results: TCP:0 UDP:0 ICMP:1 Other:0>, <Unanswered: TCP:0 UDP:0 ICMP:1 Other:0>)\n",
		"IP / ICMP 192.0.2.2 > 198.18.1.3 echo-request 0 ==> IP / ICMP 198.18.1.3 > 192.0.2.2 echo-reply 0\n",
		"\n1\nIP / ICMP 192.0.2.2 > 198.18.1.4 echo-request 0\n0\n'198.18.1.3'\n",
		"echo-reply",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}
