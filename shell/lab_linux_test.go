//go:build linux

package shell

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy/internal/netns"
)

// TestShellLab drives a shell session in namespace A of a veth pair: it
// builds and shows a packet, sr1s an ICMP echo to B, sniffs with a filter
// while sending, asks B's MAC with arping, writes what it sniffed to a
// pcap and reads it back. The expected answers come from B's kernel (an
// RFC 792 echo reply to the request's identifier, from B's address) and
// from the lab's fixed addresses and MACs.
func TestShellLab(t *testing.T) {
	netns.Require(t)
	lab := netns.NewPair(t)
	f := filepath.Join(t.TempDir(), "sniffed.pcap")
	script := fmt.Sprintf(`p = IP(dst="%[1]s")/ICMP(id=0x4242, seq=7)/"ping"
p.show()
r = sr1(p, iface="%[2]s", timeout=3)
r.summary()
r[ICMP].type
r[ICMP].id
r[IP].src
s = AsyncSniffer(iface="%[2]s", filter="icmp and host %[1]s", count=2, timeout=5)
s.start()
send(IP(dst="%[1]s")/ICMP(id=0x4343, seq=9), iface="%[2]s")
pkts = s.join()
len(pkts)
pkts.summary()
arping("%[3]s", iface="%[2]s", timeout=1)
wrpcap("%[4]s", pkts)
back = rdpcap("%[4]s")
back[1][ICMP].id
`, lab.B4, lab.IfaceA, lab.LAN4, f)
	var out bytes.Buffer
	s := New(&out, &out)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := lab.Do(netns.A, func() error { return s.Exec(ctx, script) }); err != nil {
		t.Fatalf("%v\noutput:\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		"  dst       = " + lab.B4.String(),
		"Sent 1 packets, got 1 answers, remaining 0 packets",
		fmt.Sprintf("'IP / ICMP %s > %s echo-reply 0 / Raw'", lab.B4, lab.A4),
		"\n0\n16962\n'" + lab.B4.String() + "'\n",
		"Sent 1 packets.\n2\n",
		fmt.Sprintf("%s > %s echo-request 0", lab.A4, lab.B4),
		fmt.Sprintf("%s > %s echo-reply 0", lab.B4, lab.A4),
		lab.B4.String() + "\t" + lab.MACB.String(),
		"\n17219\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", got)
	}
}
