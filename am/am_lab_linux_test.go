//go:build linux

package am_test

import (
	"context"
	"errors"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/am"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/internal/netns"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sendrecv"
	"github.com/goscapy/goscapy/tools/arping"
)

// startIn runs m in namespace ns until the test ends; it returns once the
// machine's socket is open.
func startIn(t *testing.T, lab *netns.Lab, ns netns.NS, m *am.Machine) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- lab.Do(ns, func() error { return m.Run(ctx) }) }()
	select {
	case <-m.Ready():
	case err := <-done:
		cancel()
		t.Fatalf("%s machine: %v", m.Name(), err)
	case <-time.After(5 * time.Second):
		cancel()
		t.Fatalf("%s machine not ready after 5s", m.Name())
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%s machine: Run: %v", m.Name(), err)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("%s machine did not stop 5s after its context ended", m.Name())
		}
	})
}

// answers collects the OnAnswer lines of a machine.
type answers struct {
	mu    sync.Mutex
	lines []string
}

func (a *answers) add(x am.Answer) {
	a.mu.Lock()
	a.lines = append(a.lines, x.Text)
	a.mu.Unlock()
}

func (a *answers) all() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.lines...)
}

func inA(t *testing.T, lab *netns.Lab, fn func() error) {
	t.Helper()
	if err := lab.Do(netns.A, fn); err != nil {
		t.Fatal(err)
	}
}

func TestARPResponderLab(t *testing.T) {
	lab := netns.NewPair(t)
	mac := fields.MAC{0x02, 0, 0, 0, 0x99, 0x50}
	var got answers
	m, err := am.NewARP(am.ARPConfig{Iface: lab.IfaceB, MAC: mac,
		Addrs:  []netip.Addr{netip.MustParseAddr("198.18.1.50")},
		Prefix: netip.MustParsePrefix("198.18.1.64/28"), OnAnswer: got.add})
	if err != nil {
		t.Fatal(err)
	}
	startIn(t, lab, netns.B, m)

	// Our arping finds the answered addresses, and B itself.
	var res []arping.Result
	inA(t, lab, func() error {
		var err error
		res, _, err = arping.Scan(context.Background(), arping.Config{Iface: lab.IfaceA,
			Prefix: netip.MustParsePrefix("198.18.1.0/25"), Timeout: time.Second})
		return err
	})
	want := map[string]string{"198.18.1.3": lab.MACB.String(), "198.18.1.50": mac.String()}
	for a := 64; a <= 79; a++ { // every address of 198.18.1.64/28 (proxy ARP)
		want["198.18.1."+itoa(a)] = mac.String()
	}
	gotMap := map[string]string{}
	for _, r := range res {
		gotMap[r.IP.String()] = r.MAC.String()
	}
	for ip, w := range want {
		if gotMap[ip] != w {
			t.Errorf("arping %s: got %q, want %s", ip, gotMap[ip], w)
		}
	}
	for ip := range gotMap {
		if _, ok := want[ip]; !ok {
			t.Errorf("arping: unexpected answer for %s (%s)", ip, gotMap[ip])
		}
	}
	// The system arping agrees.
	out, err := lab.Exec(netns.A, "arping", "-c", "1", "-w", "3", "-I", lab.IfaceA, "198.18.1.50")
	if err != nil {
		if strings.Contains(err.Error(), "executable file not found") {
			t.Log("arping command not installed; skipping its check")
		} else {
			t.Errorf("arping command: %v", err)
		}
	} else if !strings.Contains(strings.ToLower(string(out)), mac.String()) {
		t.Errorf("arping command output lacks %s:\n%s", mac, out)
	}
	st := m.Stats()
	if st.Answered < uint64(len(want)-1) || st.Seen < st.Answered {
		t.Errorf("stats %v: want at least %d answered", st, len(want)-1)
	}
	if l := got.all(); len(l) == 0 || !strings.Contains(l[0], "is-at "+mac.String()) {
		t.Errorf("answer lines %q", l)
	}
}

// settledStats returns the machine's counts once they reach seen and
// answered, or after a second: a machine counts an answer after sending
// it, so the peer may hold the answer a moment before it is counted.
func settledStats(m interface{ Stats() am.Stats }, seen, answered uint64) am.Stats {
	deadline := time.Now().Add(time.Second)
	for {
		st := m.Stats()
		if st.Seen == seen && st.Answered == answered || time.Now().After(deadline) {
			return st
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func itoa(i int) string {
	const d = "0123456789"
	if i < 10 {
		return d[i : i+1]
	}
	return itoa(i/10) + d[i%10:i%10+1]
}

func TestICMPResponderLab(t *testing.T) {
	lab := netns.NewPair(t)
	v4, v6 := netip.MustParseAddr("198.18.1.60"), netip.MustParseAddr("2001:db8:1::60")
	m, err := am.NewICMP(am.ICMPConfig{Iface: lab.IfaceB, Addrs: []netip.Addr{v4, v6}})
	if err != nil {
		t.Fatal(err)
	}
	startIn(t, lab, netns.B, m)
	// The dummy addresses live on B's link: A sends their frames to B.
	for _, a := range []netip.Addr{v4, v6} {
		if _, err := lab.Exec(netns.A, "ip", "neigh", "replace", a.String(), "lladdr", lab.MACB.String(), "dev", lab.IfaceA, "nud", "permanent"); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range []netip.Addr{v4, v6} {
		out, err := lab.Exec(netns.A, "ping", "-c", "3", "-i", "0.2", "-W", "2", a.String())
		if err != nil {
			t.Fatalf("ping %s: %v", a, err)
		}
		if !strings.Contains(string(out), "3 received") {
			t.Errorf("ping %s:\n%s", a, out)
		}
	}
	if st := settledStats(m, 6, 6); st.Answered != 6 || st.Seen != 6 {
		t.Errorf("stats %v, want 6 seen and 6 answered", st)
	}
	// B's own address is not the machine's: the kernel answers alone.
	out, err := lab.Exec(netns.A, "ping", "-c", "1", "-W", "2", lab.B4.String())
	if err != nil || strings.Contains(string(out), "DUP") {
		t.Errorf("ping B: %v\n%s", err, out)
	}
	if st := m.Stats(); st.Answered != 6 {
		t.Errorf("stats %v after pinging B, want still 6 answered", st)
	}
}

func TestDNSResponderLab(t *testing.T) {
	lab := netns.NewPair(t)
	m, err := am.NewDNS(am.DNSConfig{Iface: lab.IfaceB, Records: map[string][]netip.Addr{
		"b.lab.test.": {lab.B4, lab.B6}, "v4only.lab.test": {netip.MustParseAddr("198.18.1.77")},
	}, TTL: 300})
	if err != nil {
		t.Fatal(err)
	}
	// A bound socket keeps B's kernel from answering port unreachable.
	if _, err := lab.ListenPacket(netns.B, "udp", ":53"); err != nil {
		t.Fatal(err)
	}
	startIn(t, lab, netns.B, m)
	query := func(ip interface {
		Over(goscapy.Builder) *goscapy.Stack
	}, name string, qtype uint16, id uint16) *packet.Packet {
		t.Helper()
		p := ip.Over(goscapy.NewUDP().SrcPort(40000 + id).DstPort(53)).
			Over(goscapy.NewDNS().ID(id).Question(name, qtype)).Packet()
		var reply *packet.Packet
		inA(t, lab, func() error {
			var err error
			_, reply, err = sendrecv.Sr1(p, lab.IfaceA, 3*time.Second, nil)
			return err
		})
		return reply
	}
	check := func(reply *packet.Packet, rcode uint8, want ...netip.Addr) {
		t.Helper()
		d, ok := packet.LayerOf[*layers.DNS](reply)
		if !ok {
			t.Fatalf("reply %v has no DNS", reply)
		}
		if d.QR != 1 || d.AA != 1 || d.Rcode != rcode || len(d.Answers) != len(want) {
			t.Fatalf("reply %v: qr=%d aa=%d rcode=%d answers=%d, want rcode %d and %d answers", reply, d.QR, d.AA, d.Rcode, len(d.Answers), rcode, len(want))
		}
		for i, w := range want {
			if a, ok := d.Answers[i].Addr(); !ok || a != w || d.Answers[i].TTL != 300 {
				t.Errorf("answer %d: %v ttl %d, want %v ttl 300", i, a, d.Answers[i].TTL, w)
			}
		}
	}
	check(query(goscapy.NewIP().DstIP(lab.B4), "b.lab.test", layers.DNSTypeA, 1), 0, lab.B4)
	check(query(goscapy.NewIP().DstIP(lab.B4), "B.Lab.Test.", layers.DNSTypeAAAA, 2), 0, lab.B6)
	check(query(goscapy.NewIPv6().DstIP(lab.B6), "b.lab.test", layers.DNSTypeAAAA, 3), 0, lab.B6)
	check(query(goscapy.NewIP().DstIP(lab.B4), "v4only.lab.test", layers.DNSTypeAAAA, 4), 0)
	check(query(goscapy.NewIP().DstIP(lab.B4), "nowhere.lab.test", layers.DNSTypeA, 5), layers.DNSRcodeNXDomain)
	if st := settledStats(m, 5, 5); st.Seen != 5 || st.Answered != 5 {
		t.Errorf("stats %v, want 5 seen and 5 answered", st)
	}
}

// bootpMatch pairs a BOOTP reply with the request of the same xid.
func bootpMatch(sent, recv *packet.Packet) bool {
	s, ok1 := packet.LayerOf[*layers.BOOTP](sent)
	r, ok2 := packet.LayerOf[*layers.BOOTP](recv)
	return ok1 && ok2 && r.Op == layers.BOOTPReply && r.XID == s.XID
}

func dhcpOpt(p *packet.Packet, code uint8) []byte {
	d, ok := packet.LayerOf[*layers.DHCP](p)
	if !ok {
		return nil
	}
	for _, o := range d.Options {
		if o.Code == code {
			return o.Data
		}
	}
	return nil
}

func TestDHCPServerLab(t *testing.T) {
	lab := netns.NewPair(t)
	router := netip.MustParseAddr("198.18.1.1")
	m, err := am.NewDHCP(am.DHCPConfig{Iface: lab.IfaceB, Pool: lab.LAN4,
		First: netip.MustParseAddr("198.18.1.100"), Last: netip.MustParseAddr("198.18.1.150"),
		Server: lab.B4, Router: []netip.Addr{router}, DNS: []netip.Addr{lab.B4}, Lease: 30 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	startIn(t, lab, netns.B, m)
	client := "02:00:00:00:aa:01"
	exchange := func(d *goscapy.DHCPBuilder, xid uint32) *packet.Packet {
		t.Helper()
		p := goscapy.NewEthernet().DstMAC("ff:ff:ff:ff:ff:ff").SrcMAC(lab.MACA).
			Over(goscapy.NewIP().SrcIP("0.0.0.0").DstIP("255.255.255.255")).
			Over(goscapy.NewUDP().SrcPort(68).DstPort(67)).
			Over(goscapy.NewBOOTP().CHAddr(client).XID(xid).Broadcast()).Over(d).Packet()
		var res *sendrecv.SndRcvList
		inA(t, lab, func() error {
			var err error
			res, err = sendrecv.Srp([]*packet.Packet{p}, lab.IfaceA, 3*time.Second, bootpMatch)
			return err
		})
		if len(res.Answered) != 1 {
			t.Fatalf("xid %#x: %d answers", xid, len(res.Answered))
		}
		return res.Answered[0].Received
	}
	offer := exchange(goscapy.NewDHCP().Discover(client), 0x1234)
	b, _ := packet.LayerOf[*layers.BOOTP](offer)
	if b == nil || b.YIAddr != netip.MustParseAddr("198.18.1.100") || b.SIAddr != lab.B4 {
		t.Fatalf("offer %v", offer)
	}
	if mt := dhcpOpt(offer, layers.DHCPOptMessageType); len(mt) != 1 || mt[0] != layers.DHCPOffer {
		t.Errorf("offer message type %v", mt)
	}
	ack := exchange(goscapy.NewDHCP().Request(client, b.YIAddr, lab.B4), 0x1235)
	ab, _ := packet.LayerOf[*layers.BOOTP](ack)
	if ab == nil || ab.YIAddr != b.YIAddr {
		t.Fatalf("ack %v", ack)
	}
	for _, c := range []struct {
		code uint8
		want []byte
	}{
		{layers.DHCPOptMessageType, []byte{layers.DHCPAck}},
		{layers.DHCPOptServerID, []byte{198, 18, 1, 3}},
		{layers.DHCPOptLeaseTime, []byte{0, 0, 0x07, 0x08}}, // 1800 s
		{layers.DHCPOptSubnetMask, []byte{255, 255, 255, 0}},
		{layers.DHCPOptRouter, []byte{198, 18, 1, 1}},
		{layers.DHCPOptDNS, []byte{198, 18, 1, 3}},
	} {
		if got := dhcpOpt(ack, c.code); string(got) != string(c.want) {
			t.Errorf("ack option %d = %v, want %v", c.code, got, c.want)
		}
	}
	// A request for an address outside the pool gets a NAK.
	nak := exchange(goscapy.NewDHCP().Request("02:00:00:00:aa:02", "198.18.1.200", lab.B4), 0x1236)
	if mt := dhcpOpt(nak, layers.DHCPOptMessageType); len(mt) != 1 || mt[0] != layers.DHCPNak {
		t.Errorf("request out of the pool: message type %v, want NAK", mt)
	}
	if st := settledStats(m, 3, 3); st.Seen != 3 || st.Answered != 3 {
		t.Errorf("stats %v, want 3 seen and 3 answered", st)
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	lab := netns.NewPair(t)
	m, err := am.NewICMP(am.ICMPConfig{Iface: lab.IfaceB})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- lab.Do(netns.B, func() error { return m.Run(ctx) }) }()
	<-m.Ready()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	// An unknown interface is an error, not a hang.
	m2, _ := am.NewARP(am.ARPConfig{Iface: "nosuch0", Addrs: []netip.Addr{lab.A4}})
	err = lab.Do(netns.B, func() error { return m2.Run(context.Background()) })
	if !errors.Is(err, sendrecv.ErrNoInterface) {
		t.Errorf("unknown interface: %v", err)
	}
}
