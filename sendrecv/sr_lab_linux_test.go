//go:build linux

package sendrecv_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/internal/netns"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/route"
	"github.com/goscapy/goscapy/sendrecv"
)

// The expected answers of these tests come from the kernel in the peer
// namespace (and dnsmasq): what an RFC 792 / 793 / 826 / 4443 host
// answers, read off the wire by hand in the comments.

// inA runs fn in namespace A of lab and fails the test on its error.
func inA(t *testing.T, lab *netns.Lab, fn func() error) {
	t.Helper()
	if err := lab.Do(netns.A, fn); err != nil {
		t.Fatal(err)
	}
}

// synTo is IP/TCP(flags=S) to dst with no source address (the route's).
func synTo(dst any, sport, dport uint16) *packet.Packet {
	return goscapy.NewIP().DstIP(dst).Over(goscapy.NewTCP().SrcPort(sport).DstPort(dport).Flags(layers.TCPSyn)).Packet()
}

// udpTo is IP/UDP/Raw(payload) to dst with no source address.
func udpTo(dst any, sport, dport uint16, payload string) *packet.Packet {
	b := goscapy.NewIP().DstIP(dst).Over(goscapy.NewUDP().SrcPort(sport).DstPort(dport))
	if payload != "" {
		b.Over(goscapy.NewRaw(payload))
	}
	return b.Packet()
}

// mustLayer returns the layer of type T of p, failing the test without.
func mustLayer[T packet.Layer](t *testing.T, p *packet.Packet) T {
	t.Helper()
	l, ok := packet.LayerOf[T](p)
	if !ok {
		t.Fatalf("no %T in %v", *new(T), p)
	}
	return l
}

func TestSr1ICMPEchoLab(t *testing.T) {
	lab := netns.NewPair(t)
	inA(t, lab, func() error {
		p := goscapy.NewIP().DstIP(lab.B4).Over(goscapy.NewICMP().ID(0x4242).Seq(7)).Over(goscapy.NewRaw("ping")).Packet()
		sent, reply, err := sendrecv.Sr1(p, "", 2*time.Second, nil)
		if err != nil {
			return err
		}
		// The request as sent: the source is the route's (A's address).
		if ip := mustLayer[*layers.IPv4](t, sent); ip.SrcAddr() != lab.A4 || ip.DstAddr() != lab.B4 {
			t.Errorf("sent %v", sent)
		}
		if sent.Data() == nil || sent.Metadata.Timestamp.IsZero() {
			t.Error("the sent packet has no bytes or no send time")
		}
		// Layer 3: the answer starts at IP, as Scapy's sr1 returns it.
		if _, ok := reply.Layer(0).(*layers.IPv4); !ok {
			t.Fatalf("reply %v does not start at IP", reply)
		}
		ip := mustLayer[*layers.IPv4](t, reply)
		ic := mustLayer[*layers.ICMP](t, reply)
		if ip.SrcAddr() != lab.B4 || ip.DstAddr() != lab.A4 || ic.Type != 0 || ic.Code != 0 || ic.ID != 0x4242 || ic.Seq != 7 {
			t.Errorf("reply %v: want an echo-reply 198.18.1.3 > 198.18.1.2 id 0x4242 seq 7", reply)
		}
		if r, ok := packet.LayerOf[*packet.Raw](reply); !ok || string(r.Load) != "ping" {
			t.Errorf("reply payload: %v", reply)
		}
		if md := reply.Metadata; md.Timestamp.Before(sent.Metadata.Timestamp) || md.InterfaceIndex == 0 {
			t.Errorf("reply metadata %+v (sent at %v)", md, sent.Metadata.Timestamp)
		}
		return nil
	})
}

func TestSr1ICMPv6EchoLab(t *testing.T) {
	lab := netns.NewPair(t)
	inA(t, lab, func() error {
		p := goscapy.NewIPv6().DstIP(lab.B6).Over(goscapy.NewICMPv6().Type(128).ID(9).Seq(3)).Packet()
		_, reply, err := sendrecv.Sr1(p, lab.IfaceA, 2*time.Second, nil)
		if err != nil {
			return err
		}
		ip := mustLayer[*layers.IPv6](t, reply)
		ic := mustLayer[*layers.ICMPv6](t, reply)
		if ip.SrcAddr() != lab.B6 || ic.Type != 129 || ic.ID != 9 || ic.Seq != 3 {
			t.Errorf("reply %v: want an ICMPv6 echo reply from %v id 9 seq 3", reply, lab.B6)
		}
		return nil
	})
}

func TestSrp1ARPLab(t *testing.T) {
	lab := netns.NewPair(t)
	inA(t, lab, func() error {
		// No source MAC: the interface's.
		p := goscapy.NewEthernet().DstMAC("ff:ff:ff:ff:ff:ff").
			Over(goscapy.NewARP().Op(layers.ARPWhoHas).SrcIP(lab.A4).DstIP(lab.B4)).Packet()
		sent, reply, err := sendrecv.Srp1(p, lab.IfaceA, 2*time.Second, nil)
		if err != nil {
			return err
		}
		if e := mustLayer[*layers.Ethernet](t, sent); e.Src != lab.MACA {
			t.Errorf("sent from %v, want the interface's %v", e.Src, lab.MACA)
		}
		e := mustLayer[*layers.Ethernet](t, reply)
		a := mustLayer[*layers.ARP](t, reply)
		if e.Src != lab.MACB || e.Dst != lab.MACA || a.Op != layers.ARPIsAt || a.HwSrc != lab.MACB || a.PSrc != lab.B4 || a.PDst != lab.A4 {
			t.Errorf("reply %v: want B's is-at %v (%v %v %v %v %v %v)", reply, lab.MACB, e.Src, e.Dst, a.Op, a.HwSrc, a.PSrc, a.PDst)
		}
		return nil
	})
}

// TestSrp1EchoLab: a whole frame out, a whole frame back.
func TestSrp1EchoLab(t *testing.T) {
	lab := netns.NewPair(t)
	inA(t, lab, func() error {
		fr := goscapy.NewEthernet().DstMAC(lab.MACB).
			Over(goscapy.NewIP().DstIP(lab.B4)).Over(goscapy.NewICMP().ID(0x5252).Seq(2)).Packet()
		sent, reply, err := sendrecv.Srp1(fr, "", 2*time.Second, nil)
		if err != nil {
			return err
		}
		if ip := mustLayer[*layers.IPv4](t, sent); ip.SrcAddr() != lab.A4 {
			t.Errorf("sent %v: want the route's source %v", sent, lab.A4)
		}
		e, ok := reply.Layer(0).(*layers.Ethernet)
		if !ok || e.Src != lab.MACB || e.Dst != lab.MACA {
			t.Fatalf("reply %v: want a frame from B to A", reply)
		}
		if ic := mustLayer[*layers.ICMP](t, reply); ic.Type != 0 || ic.ID != 0x5252 || ic.Seq != 2 {
			t.Errorf("reply %v", reply)
		}
		return nil
	})
}

// TestSrp1SpecARPScanner runs the article's ARP scanner fragment as
// written.
func TestSrp1SpecARPScanner(t *testing.T) {
	lab := netns.NewPair(t)
	srcMAC, srcIP, targetIP := lab.MACA.String(), lab.A4.String(), lab.B4.String()
	iface, timeout := lab.IfaceA, 2*time.Second
	inA(t, lab, func() error {
		pkt := goscapy.NewEthernet().
			DstMAC("ff:ff:ff:ff:ff:ff").
			SrcMAC(srcMAC).
			Type(layers.EtherTypeARP).
			Over(goscapy.NewARP().
				Op(layers.ARPWhoHas).
				SrcMAC(srcMAC).
				SrcIP(srcIP).
				DstIP(targetIP)).
			Packet()
		_, reply, err := sendrecv.Srp1(pkt, iface, timeout, nil)
		if err != nil {
			return err
		}
		arpLayer := reply.GetLayer("ARP")
		hwSrc, _ := arpLayer.Get("hwsrc")
		if fmt.Sprint(hwSrc) != "02:00:00:00:01:03" {
			t.Errorf("hwsrc %v, want B's 02:00:00:00:01:03", hwSrc)
		}
		return nil
	})
}

// TestSr1SpecSYNScan runs the article's TCP SYN scan fragment as written,
// against a port with a listener and a closed one.
func TestSr1SpecSYNScan(t *testing.T) {
	lab := netns.NewPair(t)
	if err := lab.StartHTTP(); err != nil {
		t.Fatal(err)
	}
	srcIP, targetIP, iface := lab.A4.String(), lab.B4.String(), lab.IfaceA
	var out bytes.Buffer
	inA(t, lab, func() error {
		for _, port := range []uint16{80, 81} {
			pkt := goscapy.NewIP().SrcIP(srcIP).DstIP(targetIP).
				Over(goscapy.NewTCP().SrcPort(12345).DstPort(port).Flags(layers.TCPSyn)).
				Packet()
			_, reply, err := sendrecv.Sr1(pkt, iface, 2*time.Second, nil)
			if err == nil && reply != nil {
				tcpLayer := reply.GetLayer("TCP")
				flags, _ := tcpLayer.Get("flags")
				if flags.(uint8)&layers.TCPSyn != 0 && flags.(uint8)&layers.TCPAck != 0 {
					fmt.Fprintf(&out, "Port %d: OPEN\n", port)
				}
			}
		}
		return nil
	})
	if out.String() != "Port 80: OPEN\n" {
		t.Errorf("scan output %q, want port 80 open only", out.String())
	}
}

func TestSr1TCPLab(t *testing.T) {
	lab := netns.NewPair(t)
	if err := lab.StartHTTP(); err != nil {
		t.Fatal(err)
	}
	inA(t, lab, func() error {
		for _, c := range []struct {
			port  uint16
			flags uint8
		}{
			{80, layers.TCPSyn | layers.TCPAck}, // listener: SYN-ACK, ack = seq + 1
			{81, layers.TCPRst | layers.TCPAck}, // closed (RFC 793): RST-ACK, ack = seq + 1
		} {
			p := goscapy.NewIP().DstIP(lab.B4).
				Over(goscapy.NewTCP().SrcPort(40000).DstPort(c.port).Seq(1000).Flags(layers.TCPSyn)).Packet()
			_, reply, err := sendrecv.Sr1(p, "", 2*time.Second, nil)
			if err != nil {
				return fmt.Errorf("port %d: %w", c.port, err)
			}
			tcp := mustLayer[*layers.TCP](t, reply)
			if tcp.Flags != c.flags || tcp.SrcPort != c.port || tcp.DstPort != 40000 || tcp.Ack != 1001 {
				t.Errorf("port %d: reply %v (ack %d)", c.port, reply, tcp.Ack)
			}
		}
		return nil
	})
}

func TestSr1UDPUnreachableLab(t *testing.T) {
	lab := netns.NewPair(t)
	inA(t, lab, func() error {
		p := goscapy.NewIP().DstIP(lab.B4).Over(goscapy.NewUDP().SrcPort(5555).DstPort(9)).Over(goscapy.NewRaw("x")).Packet()
		_, reply, err := sendrecv.Sr1(p, "", 2*time.Second, nil)
		if err != nil {
			return err
		}
		// RFC 792: destination unreachable, port unreachable (3/3),
		// quoting our IP header and datagram.
		ic := mustLayer[*layers.ICMP](t, reply)
		if ic.Type != 3 || ic.Code != 3 || reply.Quoted() == 0 {
			t.Fatalf("reply %v: want an ICMP port unreachable", reply)
		}
		if s := reply.String(); !strings.Contains(s, "IPerror") || !strings.Contains(s, "UDPerror") {
			t.Errorf("reply %q does not quote the datagram", s)
		}
		return nil
	})
}

func TestSr1DNSLab(t *testing.T) {
	lab := netns.NewPair(t)
	if err := lab.StartDNS(); err != nil {
		if errors.Is(err, netns.ErrMissingTool) {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	inA(t, lab, func() error {
		p := goscapy.NewIP().DstIP(lab.B4).Over(goscapy.NewUDP().SrcPort(33333).DstPort(53)).
			Over(goscapy.NewDNS().ID(0xbeef).RD(true).Question("b.lab.test", 1)).Packet()
		_, reply, err := sendrecv.Sr1(p, "", 3*time.Second, nil)
		if err != nil {
			return err
		}
		d := mustLayer[*layers.DNS](t, reply)
		if d.ID != 0xbeef || d.QR != 1 || len(d.Answers) != 1 || !bytes.Equal(d.Answers[0].Data, []byte{198, 18, 1, 3}) {
			t.Errorf("reply %v: want the answer to query 0xbeef, b.lab.test A 198.18.1.3", reply)
		}
		return nil
	})
}

// TestSr1OwnAddressLab: a destination that is one of the host's own
// addresses is answered over the loopback interface (route type local).
func TestSr1OwnAddressLab(t *testing.T) {
	lab := netns.NewPair(t)
	inA(t, lab, func() error {
		p := goscapy.NewIP().DstIP(lab.A4).Over(goscapy.NewICMP().ID(1).Seq(1)).Packet()
		_, reply, err := sendrecv.Sr1(p, "", 2*time.Second, nil)
		if err != nil {
			return err
		}
		if ic := mustLayer[*layers.ICMP](t, reply); ic.Type != 0 {
			t.Errorf("reply %v", reply)
		}
		return nil
	})
}

func TestSr10000SYNsLab(t *testing.T) {
	lab := netns.NewPair(t)
	const n = 10000
	inA(t, lab, func() error {
		pkts := make([]*packet.Packet, n)
		for i := range pkts {
			pkts[i] = goscapy.NewIP().DstIP(lab.B4).
				Over(goscapy.NewTCP().SrcPort(uint16(20000 + i)).DstPort(uint16(1 + i%1000)).Flags(layers.TCPSyn)).Packet()
		}
		start := time.Now()
		res, err := sendrecv.Sr(pkts, "", 10*time.Second, nil)
		if err != nil {
			return err
		}
		t.Logf("%d requests: %d answered, %d unanswered in %v", n, len(res.Answered), len(res.Unanswered), time.Since(start))
		if len(res.Answered) != n || len(res.Unanswered) != 0 {
			t.Errorf("%d answered, %d unanswered: want all %d answered", len(res.Answered), len(res.Unanswered), n)
		}
		seen := make(map[uint16]bool, n)
		for s, r := range res.All() {
			st, rt := mustLayer[*layers.TCP](t, s), mustLayer[*layers.TCP](t, r)
			if rt.SrcPort != st.DstPort || rt.DstPort != st.SrcPort || rt.Flags != layers.TCPRst|layers.TCPAck {
				t.Fatalf("pair %v ==> %v", s, r)
			}
			seen[st.SrcPort] = true
		}
		if len(seen) != n {
			t.Errorf("%d distinct requests answered", len(seen))
		}
		return nil
	})
}

// TestSrUnresolvedNeighborLab: a burst of requests to a next hop the
// kernel has not resolved yet loses nothing. B answers ARP only after
// 150 ms (A asks again every 100 ms): meanwhile the kernel holds the
// packets for the neighbour, and the raw socket's send buffer makes the
// sender wait rather than overflow that queue.
func TestSrUnresolvedNeighborLab(t *testing.T) {
	lab := netns.NewPair(t)
	if _, err := lab.Exec(netns.B, "ip", "link", "set", lab.IfaceB, "arp", "off"); err != nil {
		t.Fatal(err)
	}
	// The kernel queues packets for an unresolved neighbour up to
	// unres_qlen_bytes (about 200 KB by default, fewer than 2000 SYNs) and
	// drops the rest: that queue is the host's, not ours, so make room.
	// The resolution probes come every 500 ms, so that a slow start of
	// the command turning ARP back on cannot exhaust them.
	if err := lab.Sysctl(netns.A, "net/ipv4/neigh/"+lab.IfaceA+"/unres_qlen_bytes", "16777216"); err != nil {
		t.Fatal(err)
	}
	if err := lab.Sysctl(netns.A, "net/ipv4/neigh/"+lab.IfaceA+"/retrans_time_ms", "500"); err != nil {
		t.Fatal(err)
	}
	const n = 500
	done := make(chan error, 1)
	go func() {
		time.Sleep(150 * time.Millisecond)
		_, err := lab.Exec(netns.B, "ip", "link", "set", lab.IfaceB, "arp", "on")
		done <- err
	}()
	inA(t, lab, func() error {
		pkts := make([]*packet.Packet, n)
		for i := range pkts {
			pkts[i] = synTo(lab.B4, uint16(20000+i), 9)
		}
		res, err := sendrecv.Sr(pkts, "", 6*time.Second, nil)
		if err != nil {
			return err
		}
		if len(res.Answered) != n {
			t.Errorf("%d of %d answered", len(res.Answered), n)
		}
		return nil
	})
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// udpCounter serves UDP in B: it counts datagrams and answers from the
// answerFrom-th on (0: never).
func udpCounter(t *testing.T, lab *netns.Lab, port, answerFrom int) *atomic.Int32 {
	pc, err := lab.ListenPacket(netns.B, "udp4", fmt.Sprintf(":%d", port))
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int32
	go func() {
		buf := make([]byte, 1500)
		for {
			k, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if c := n.Add(1); answerFrom > 0 && int(c) >= answerFrom {
				pc.WriteTo(buf[:k], from)
			}
		}
	}()
	return &n
}

func TestSrRetryLab(t *testing.T) {
	lab := netns.NewPair(t)
	silent := udpCounter(t, lab, 7000, 0) // never answers
	second := udpCounter(t, lab, 7001, 2) // answers from the second datagram on
	inA(t, lab, func() error {
		pkts := []*packet.Packet{
			udpTo(lab.B4, 41000, 7000, "a"),
			udpTo(lab.B4, 41001, 7001, "b"),
			goscapy.NewIP().DstIP(lab.B4).Over(goscapy.NewICMP().ID(5)).Packet(),
		}
		res, err := sendrecv.SrContext(context.Background(), pkts, sendrecv.SrOptions{Timeout: 300 * time.Millisecond, Retry: 2})
		if err != nil {
			return err
		}
		// Round 1: the echo is answered, 7001 counts 1. Round 2: 7000
		// and 7001 again, 7001 answers. Round 3: 7000 alone.
		if got := silent.Load(); got != 3 {
			t.Errorf("port 7000 got %d datagrams, want 3 (1 + 2 retries)", got)
		}
		if got := second.Load(); got != 2 {
			t.Errorf("port 7001 got %d datagrams, want 2 (answered on the retry)", got)
		}
		if len(res.Answered) != 2 || len(res.Unanswered) != 1 {
			t.Fatalf("answered %d, unanswered %d:\n%s", len(res.Answered), len(res.Unanswered), res.Summary())
		}
		if u := mustLayer[*layers.UDP](t, res.Unanswered[0]); u.DstPort != 7000 {
			t.Errorf("unanswered %v", res.Unanswered[0])
		}
		if h := res.String(); h != "<Results: TCP:0 UDP:1 ICMP:1 Other:0>" {
			t.Errorf("header %q", h)
		}
		return nil
	})
	// Retry < 0: rounds until -Retry rounds in a row bring nothing new;
	// nothing ever answers port 7000: 1 + 2 rounds.
	before := silent.Load()
	inA(t, lab, func() error {
		res, err := sendrecv.SrContext(context.Background(), []*packet.Packet{udpTo(lab.B4, 41002, 7000, "c")},
			sendrecv.SrOptions{Timeout: 100 * time.Millisecond, Retry: -2})
		if err != nil {
			return err
		}
		if len(res.Unanswered) != 1 {
			t.Errorf("unanswered %d", len(res.Unanswered))
		}
		return nil
	})
	if got := silent.Load() - before; got != 3 {
		t.Errorf("Retry -2: %d datagrams, want 3", got)
	}
}

func TestSr1NoReplyLab(t *testing.T) {
	lab := netns.NewPair(t)
	udpCounter(t, lab, 7000, 0)
	inA(t, lab, func() error {
		p := udpTo(lab.B4, 41000, 7000, "a")
		start := time.Now()
		sent, reply, err := sendrecv.Sr1(p, "", 200*time.Millisecond, nil)
		if !errors.Is(err, sendrecv.ErrNoReply) || reply != nil || sent == nil {
			t.Fatalf("Sr1 without answer: %v, %v, %v", sent, reply, err)
		}
		if d := time.Since(start); d < 200*time.Millisecond {
			t.Errorf("gave up after %v", d)
		}
		// A timeout is no error for Sr.
		res, err := sendrecv.Sr([]*packet.Packet{p}, "", 100*time.Millisecond, nil)
		if err != nil || res.Len() != 0 || len(res.Unanswered) != 1 {
			t.Errorf("Sr: %v, %v", res, err)
		}
		return nil
	})
}

func TestSrErrorsLab(t *testing.T) {
	lab := netns.NewPair(t)
	inA(t, lab, func() error {
		p := goscapy.NewIP().DstIP("203.0.113.1").Over(goscapy.NewICMP()).Packet()
		if _, _, err := sendrecv.Sr1(p, "", time.Second, nil); !errors.Is(err, route.ErrNoRoute) {
			t.Errorf("no route: %v", err)
		}
		if _, _, err := sendrecv.Sr1(p, "nosuch0", time.Second, nil); !errors.Is(err, sendrecv.ErrNoInterface) || !strings.Contains(err.Error(), "nosuch0") {
			t.Errorf("unknown interface: %v", err)
		}
		arp := goscapy.NewEthernet().Over(goscapy.NewARP().DstIP("203.0.113.1")).Packet()
		if _, _, err := sendrecv.Srp1(arp, "", time.Second, nil); !errors.Is(err, route.ErrNoRoute) {
			t.Errorf("Srp1 without route: %v", err)
		}
		if _, _, err := sendrecv.Sr1(arp, lab.IfaceA, time.Second, nil); !errors.Is(err, sendrecv.ErrNoIPLayer) {
			t.Errorf("Sr1 of ARP: %v", err)
		}
		return nil
	})
}

func TestSrNotRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("skipped: checks losing root privilege; run as root")
	}
	asUnprivileged(t, func() {
		p := goscapy.NewIP().DstIP("127.0.0.1").Over(goscapy.NewICMP()).Packet()
		_, _, err := sendrecv.Sr1(p, "lo", time.Second, nil)
		if !errors.Is(err, sendrecv.ErrPermission) || !strings.Contains(err.Error(), "needs root or CAP_NET_RAW") || !strings.Contains(err.Error(), "lo") {
			t.Errorf("Sr1 without privilege: %v", err)
		}
		_, err = sendrecv.Srp([]*packet.Packet{goscapy.NewEthernet().Over(goscapy.NewARP().DstIP("127.0.0.1")).Packet()}, "lo", time.Second, nil)
		if !errors.Is(err, sendrecv.ErrPermission) {
			t.Errorf("Srp without privilege: %v", err)
		}
	})
}

// TestSrMultiLab: an ICMPv6 echo to all nodes (ff02::1) is answered by
// R and B; Multi keeps both answers.
func TestSrMultiLab(t *testing.T) {
	lab := netns.NewLab(t)
	req := goscapy.NewIPv6().SrcIP(lab.A6).DstIP("ff02::1").Over(goscapy.NewICMPv6().Type(128).ID(77)).Packet()
	inA(t, lab, func() error {
		res, err := sendrecv.SrContext(context.Background(), []*packet.Packet{req},
			sendrecv.SrOptions{Iface: lab.IfaceA, Timeout: 500 * time.Millisecond, Multi: true})
		if err != nil {
			return err
		}
		from := map[netip.Addr]bool{}
		for _, p := range res.Answered {
			from[mustLayer[*layers.IPv6](t, p.Received).SrcAddr()] = true
		}
		if len(res.Answered) != 2 || !from[lab.R6] || !from[lab.B6] {
			t.Errorf("Multi: %d answers from %v, want R and B\n%s", len(res.Answered), from, res.Summary())
		}
		// Without Multi: the first answer only, and no waiting for more.
		start := time.Now()
		res, err = sendrecv.SrContext(context.Background(), []*packet.Packet{req},
			sendrecv.SrOptions{Iface: lab.IfaceA, Timeout: 2 * time.Second})
		if err != nil {
			return err
		}
		if len(res.Answered) != 1 || time.Since(start) > time.Second {
			t.Errorf("without Multi: %d answers after %v", len(res.Answered), time.Since(start))
		}
		return nil
	})
}

// TestSrCustomMatchLab: a custom match function (here: any echo reply
// from B) is tried against every request.
func TestSrCustomMatchLab(t *testing.T) {
	lab := netns.NewPair(t)
	inA(t, lab, func() error {
		var calls atomic.Int32
		match := func(sent, recv *packet.Packet) bool {
			calls.Add(1)
			ic, ok := packet.LayerOf[*layers.ICMP](recv)
			ip, _ := packet.LayerOf[*layers.IPv4](recv)
			return ok && ic.Type == 0 && ip.SrcAddr() == lab.B4
		}
		// The request's id is not the reply's business here: the custom
		// function pairs them anyway.
		p := goscapy.NewIP().DstIP(lab.B4).Over(goscapy.NewICMP().ID(3)).Packet()
		_, reply, err := sendrecv.Sr1(p, "", 2*time.Second, match)
		if err != nil {
			return err
		}
		if calls.Load() == 0 || mustLayer[*layers.ICMP](t, reply).ID != 3 {
			t.Errorf("reply %v after %d calls", reply, calls.Load())
		}
		// A function that refuses everything: no answer.
		_, _, err = sendrecv.Sr1(p, "", 200*time.Millisecond, func(_, _ *packet.Packet) bool { return false })
		if !errors.Is(err, sendrecv.ErrNoReply) {
			t.Errorf("refusing match: %v", err)
		}
		return nil
	})
}

// TestSrContextCancelLab: cancelling ends the wait; what was answered is
// kept.
func TestSrContextCancelLab(t *testing.T) {
	lab := netns.NewPair(t)
	udpCounter(t, lab, 7000, 0)
	inA(t, lab, func() error {
		pkts := []*packet.Packet{
			goscapy.NewIP().DstIP(lab.B4).Over(goscapy.NewICMP().ID(1)).Packet(),
			udpTo(lab.B4, 41000, 7000, "a"),
		}
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		res, err := sendrecv.SrContext(ctx, pkts, sendrecv.SrOptions{}) // no timeout: until every answer or ctx
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("error %v, want the context's", err)
		}
		if res == nil || len(res.Answered) != 1 || len(res.Unanswered) != 1 {
			t.Errorf("result %v", res)
		}
		return nil
	})
}

// TestSrRateLab: Rate spaces the requests.
func TestSrRateLab(t *testing.T) {
	lab := netns.NewPair(t)
	inA(t, lab, func() error {
		var pkts []*packet.Packet
		for i := range 5 {
			pkts = append(pkts, goscapy.NewIP().DstIP(lab.B4).Over(goscapy.NewICMP().ID(9).Seq(uint16(i))).Packet())
		}
		res, err := sendrecv.SrContext(context.Background(), pkts, sendrecv.SrOptions{Timeout: time.Second, Rate: 50})
		if err != nil {
			return err
		}
		if len(res.Answered) != 5 {
			t.Fatalf("%d answered", len(res.Answered))
		}
		first, last := res.Answered[0].SentAt, res.Answered[0].SentAt
		for _, p := range res.Answered {
			if p.SentAt.Before(first) {
				first = p.SentAt
			}
			if p.SentAt.After(last) {
				last = p.SentAt
			}
			if p.RTT() <= 0 {
				t.Errorf("RTT %v", p.RTT())
			}
		}
		if d := last.Sub(first); d < 70*time.Millisecond {
			t.Errorf("5 requests at 50/s sent within %v, want about 80ms", d)
		}
		return nil
	})
}

// TestSrTableLab: the table of a small scan, rows by host, columns by
// port.
func TestSrTableLab(t *testing.T) {
	lab := netns.NewPair(t)
	if err := lab.StartHTTP(); err != nil {
		t.Fatal(err)
	}
	udpCounter(t, lab, 7000, 0)
	inA(t, lab, func() error {
		var pkts []*packet.Packet
		for _, port := range []uint16{81, 80} {
			pkts = append(pkts, synTo(lab.B4, 40000+port, port))
		}
		pkts = append(pkts, udpTo(lab.B4, 41000, 7000, ""))
		res, err := sendrecv.Sr(pkts, "", 300*time.Millisecond, nil)
		if err != nil {
			return err
		}
		var b strings.Builder
		if err := res.Table(&b); err != nil {
			return err
		}
		want := "            80/tcp  81/tcp  7000/udp\n" +
			"198.18.1.3  SA      RA      -\n"
		if b.String() != want {
			t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
		}
		return nil
	})
}

// TestSrLoopback works on the host's loopback interface, without
// namespaces: an echo to 127.0.0.1 and SYNs to a port with a listener of
// this test and to one without.
func TestSrLoopback(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("skipped: needs root (raw sockets); run as root")
	}
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	open := uint16(ln.Addr().(*net.TCPAddr).Port)
	ln2, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := uint16(ln2.Addr().(*net.TCPAddr).Port)
	ln2.Close()

	p := goscapy.NewIP().DstIP("127.0.0.1").Over(goscapy.NewICMP().ID(0x5151).Seq(1)).Packet()
	_, reply, err := sendrecv.Sr1(p, "", 2*time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ic := mustLayer[*layers.ICMP](t, reply); ic.Type != 0 || ic.ID != 0x5151 {
		t.Errorf("reply %v", reply)
	}
	pkts := []*packet.Packet{
		synTo("127.0.0.1", 45000, open),
		synTo("127.0.0.1", 45001, closed),
	}
	res, err := sendrecv.Sr(pkts, "lo", 2*time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Answered) != 2 {
		t.Fatalf("%s", res.Summary())
	}
	for s, r := range res.All() {
		want := uint8(layers.TCPSyn | layers.TCPAck)
		if mustLayer[*layers.TCP](t, s).DstPort == closed {
			want = layers.TCPRst | layers.TCPAck
		}
		if f := mustLayer[*layers.TCP](t, r).Flags; f != want {
			t.Errorf("%v ==> %v", s, r)
		}
	}
}
