//go:build linux

package sendrecv_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"net"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy"
	gbpf "github.com/goscapy/goscapy/bpf"
	"github.com/goscapy/goscapy/internal/netns"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sendrecv"
	"github.com/goscapy/goscapy/sniff"
	"golang.org/x/sys/unix"
)

// frame builds an Ethernet frame with a shortcut and dissects it into a
// packet that Sendp re-encodes byte for byte.
func frame(t testing.TB, b []byte, err error) *packet.Packet {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	p, _ := goscapy.Dissect(b) // a layer that fails to decode stays Raw
	return p
}

func bytesOf(t testing.TB, p *packet.Packet) []byte {
	t.Helper()
	b, err := p.Build()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// asUnprivileged runs fn on a thread whose effective user is nobody, so
// it has no capabilities; the thread gets root back afterwards.
func asUnprivileged(t *testing.T, fn func()) {
	t.Helper()
	runtime.LockOSThread()
	if _, _, e := unix.RawSyscall(unix.SYS_SETRESUID, ^uintptr(0), 65534, ^uintptr(0)); e != 0 {
		runtime.UnlockOSThread()
		t.Fatalf("setresuid: %v", e)
	}
	defer func() {
		if _, _, e := unix.RawSyscall(unix.SYS_SETRESUID, ^uintptr(0), 0, ^uintptr(0)); e != 0 {
			t.Errorf("restoring root on the thread: %v (the thread stays locked and ends with the test)", e)
			return
		}
		runtime.UnlockOSThread()
	}()
	fn()
}

func TestNotRootError(t *testing.T) {
	check := func() {
		_, err := sendrecv.OpenL2("lo")
		if err == nil {
			t.Fatal("OpenL2 without privilege: no error")
		}
		if !errors.Is(err, sendrecv.ErrPermission) || !errors.Is(err, os.ErrPermission) {
			t.Errorf("error %v does not match ErrPermission and os.ErrPermission", err)
		}
		if msg := err.Error(); !strings.Contains(msg, "needs root or CAP_NET_RAW") || !strings.Contains(msg, "lo") {
			t.Errorf("error %q does not say what is needed and on which interface", msg)
		}
		_, err = sendrecv.OpenL3(4, sendrecv.WithInterface("lo"))
		if !errors.Is(err, sendrecv.ErrPermission) || !strings.Contains(err.Error(), "lo") {
			t.Errorf("OpenL3: %v", err)
		}
		p := goscapy.NewIP().DstIP("127.0.0.1").Over(goscapy.NewICMP()).Packet()
		if err := sendrecv.Send(p, "lo"); !errors.Is(err, sendrecv.ErrPermission) {
			t.Errorf("Send: %v", err)
		}
		_, err = sniff.Open(sniff.SniffConfig{Iface: "lo"})
		if !errors.Is(err, sendrecv.ErrPermission) || !strings.Contains(err.Error(), "needs root or CAP_NET_RAW") {
			t.Errorf("sniff.Open: %v", err)
		}
	}
	if os.Geteuid() != 0 {
		check()
		return
	}
	asUnprivileged(t, check)
}

func TestUnknownInterface(t *testing.T) {
	_, err := sendrecv.OpenL2("nosuch0")
	if !errors.Is(err, sendrecv.ErrNoInterface) {
		t.Fatalf("OpenL2(nosuch0): %v", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, `"nosuch0"`) || !strings.Contains(msg, "available: ") || !strings.Contains(msg, "lo") {
		t.Errorf("error %q does not name the interface and list the others", msg)
	}
	p := goscapy.NewEthernet().Over(goscapy.NewARP()).Packet()
	if err := sendrecv.Sendp(p, "nosuch0"); !errors.Is(err, sendrecv.ErrNoInterface) {
		t.Errorf("Sendp: %v", err)
	}
	if _, err := sendrecv.OpenL3(6, sendrecv.WithInterface("nosuch0")); !errors.Is(err, sendrecv.ErrNoInterface) {
		t.Errorf("OpenL3: %v", err)
	}
	if _, err := sniff.Open(sniff.SniffConfig{Iface: "nosuch0"}); !errors.Is(err, sendrecv.ErrNoInterface) {
		t.Errorf("sniff.Open: %v", err)
	}
	if err := sendrecv.Sendp(p, ""); err == nil || !strings.Contains(err.Error(), "needs an interface") {
		t.Errorf("Sendp without interface: %v", err)
	}
}

func TestSendNeedsIP(t *testing.T) {
	p := goscapy.NewEthernet().Over(goscapy.NewARP()).Packet()
	if err := sendrecv.Send(p, ""); !errors.Is(err, sendrecv.ErrNoIPLayer) {
		t.Errorf("Send of ARP: %v", err)
	}
	bad := goscapy.NewIP().DstIP("not-an-ip").Packet()
	if err := sendrecv.Send(bad, ""); err == nil || !strings.Contains(err.Error(), "not-an-ip") {
		t.Errorf("Send of a bad builder value: %v", err)
	}
	if err := sendrecv.Send(nil, ""); err == nil {
		t.Error("Send(nil): no error")
	}
}

// filterExprs reads the expressions of bpf/testdata/filters.txt.
func filterExprs(t *testing.T) []string {
	f, err := os.Open("../bpf/testdata/filters.txt")
	if err != nil {
		t.Skipf("no filter list: %v", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out
}

// TestKernelAcceptsFilters attaches every program the compiler makes from
// bpf/testdata/filters.txt, for Ethernet, with SO_ATTACH_FILTER: to a
// packet socket as root (in a namespace), else to a UDP socket (the kernel
// checks classic BPF the same way for both).
func TestKernelAcceptsFilters(t *testing.T) {
	exprs := filterExprs(t)
	attach := func(prog []unix.SockFilter) error { return errors.New("no socket") }
	if os.Geteuid() == 0 {
		lab := netns.NewPair(t)
		var c *sendrecv.L2Conn
		err := lab.Do(netns.A, func() error {
			var err error
			c, err = sendrecv.OpenL2(lab.IfaceA, sendrecv.WithSendOnly())
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		attach = nil
		n := 0
		for _, e := range exprs {
			prog, err := gbpf.Compile(e, gbpf.LinkTypeEthernet, 262144)
			if err != nil {
				continue // libpcap refuses it too (see the bpf tests)
			}
			n++
			if err := c.SetBPF(prog); err != nil {
				t.Errorf("%q: the kernel refuses the program: %v\n%s", e, err, gbpf.Disassemble(prog))
			}
		}
		// And through OpenL2, before bind.
		err = lab.Do(netns.A, func() error {
			c2, err := sendrecv.OpenL2(lab.IfaceA, sendrecv.WithFilter("tcp port 80 or arp"))
			if err == nil {
				c2.Close()
			}
			return err
		})
		if err != nil {
			t.Error(err)
		}
		t.Logf("%d programs attached to a packet socket", n)
		return
	}
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	n := 0
	for _, e := range exprs {
		prog, err := gbpf.Compile(e, gbpf.LinkTypeEthernet, 262144)
		if err != nil {
			continue
		}
		n++
		ins := make([]unix.SockFilter, len(prog))
		for i, r := range prog {
			ins[i] = unix.SockFilter{Code: r.Op, Jt: r.Jt, Jf: r.Jf, K: r.K}
		}
		if err := unix.SetsockoptSockFprog(fd, unix.SOL_SOCKET, unix.SO_ATTACH_FILTER, &unix.SockFprog{Len: uint16(len(ins)), Filter: &ins[0]}); err != nil {
			t.Errorf("%q: the kernel refuses the program: %v", e, err)
		}
	}
	_ = attach
	t.Logf("%d programs attached to a UDP socket", n)
}

// mix is a known set of frames A sends to B's MAC address. Their IP
// destinations are not B's, so B's stack answers none of them.
type mix struct {
	name   string
	frames [][]byte
}

func testMix(t *testing.T, lab *netns.Lab) []mix {
	a, b := lab.MACA.String(), lab.MACB.String()
	src, dst := "198.18.1.2", "198.18.1.99"
	var out []mix
	must := func(f []byte, err error) []byte {
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	add := func(name string, f []byte) { out = append(out, mix{name, [][]byte{f}}) }
	add("icmp echo", must(goscapy.EtherIPICMP(a, b, src, dst, 8, 0)))
	add("icmp reply", must(goscapy.EtherIPICMP(a, b, src, dst, 0, 0)))
	add("udp 9999", must(goscapy.EtherIPUDP(a, b, src, dst, 1234, 9999, []byte("hello"))))
	add("udp from 9999", must(goscapy.EtherIPUDP(a, b, src, dst, 9999, 7777, []byte("x"))))
	add("udp 9998", must(goscapy.EtherIPUDP(a, b, src, dst, 1234, 9998, []byte("other"))))
	add("tcp syn 80", must(goscapy.EtherIPTCP(a, b, src, dst, 40000, 80, layers.TCPSyn)))
	add("tcp syn 9999", must(goscapy.EtherIPTCP(a, b, src, dst, 40001, 9999, layers.TCPSyn)))
	add("arp who-has", must(goscapy.EtherARP(a, "ff:ff:ff:ff:ff:ff", src, dst, layers.ARPWhoHas)))
	add("arp is-at", must(goscapy.EtherARP(a, b, src, dst, layers.ARPIsAt)))
	add("udp6 9999", must(goscapy.EtherIPv6UDP(a, b, "2001:db8:1::2", "2001:db8:1::99", 1234, 9999, []byte("six"))))
	add("icmp6 echo", must(goscapy.EtherIPv6ICMPv6(a, b, "2001:db8:1::2", "2001:db8:1::99", 128, 0)))
	return out
}

// TestSniffFilter sends a known mix of frames with Sendp from A and sniffs
// on B with kernel filters: each sniffer gets exactly the frames its
// filter selects, byte for byte.
func TestSniffFilter(t *testing.T) {
	lab := netns.NewPair(t)
	frames := testMix(t, lab)
	want := map[string][]string{
		"udp port 9999": {"udp 9999", "udp from 9999", "udp6 9999"},
		"icmp":          {"icmp echo", "icmp reply"},
		"arp":           {"arp who-has", "arp is-at"},
		"tcp[tcpflags] & tcp-syn != 0 and dst port 80": {"tcp syn 80"},
		"": nil, // everything (and B's own traffic)
	}
	type capture struct {
		ch   <-chan *packet.Packet
		stop func() error
	}
	caps := map[string]capture{}
	err := lab.Do(netns.B, func() error {
		for f := range want {
			ch, stop := sniff.SniffChanContext(context.Background(), sniff.SniffConfig{Iface: lab.IfaceB, Filter: f, Timeout: 10 * time.Second})
			caps[f] = capture{ch, stop}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = lab.Do(netns.A, func() error {
		for _, m := range frames {
			if err := sendrecv.Sendp(frame(t, m.frames[0], nil), lab.IfaceA); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	byBytes := map[string]string{}
	for _, m := range frames {
		byBytes[string(m.frames[0])] = m.name
	}
	for f, names := range want {
		c := caps[f]
		var got []string
		var unknown int
		expect := len(names)
		if f == "" {
			expect = len(frames)
		}
		timeout := time.After(3 * time.Second)
	collect:
		for len(got) < expect {
			select {
			case p, ok := <-c.ch:
				if !ok {
					break collect
				}
				if n, ok := byBytes[string(p.Data())]; ok {
					got = append(got, n)
					if p.Metadata.Timestamp.IsZero() || p.Metadata.Length != len(p.Data()) || p.Metadata.LinkType != 1 {
						t.Errorf("%q: %s: metadata %+v", f, n, p.Metadata)
					}
				} else {
					unknown++
					if f != "" {
						t.Errorf("filter %q: unexpected frame %s", f, p)
					}
				}
			case <-timeout:
				break collect
			}
		}
		// Nothing more arrives.
		select {
		case p, ok := <-c.ch:
			if ok && f != "" {
				t.Errorf("filter %q: extra frame %s", f, p)
			}
		case <-time.After(200 * time.Millisecond):
		}
		if err := c.stop(); err != nil {
			t.Errorf("filter %q: %v", f, err)
		}
		if f == "" {
			names = nil
			for _, m := range frames {
				names = append(names, m.name)
			}
		}
		sort.Strings(got)
		w := slices.Clone(names)
		sort.Strings(w)
		if !slices.Equal(got, w) {
			t.Errorf("filter %q: got %v, want %v", f, got, w)
		}
	}
}

// TestOutgoingFlagged checks the direction of frames: outgoing on the
// sender's own socket, to this host on the receiver's.
func TestOutgoingFlagged(t *testing.T) {
	lab := netns.NewPair(t)
	var ca, cb *sendrecv.L2Conn
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(lab.Do(netns.A, func() error {
		var err error
		ca, err = sendrecv.OpenL2(lab.IfaceA, sendrecv.WithFilter("udp port 9999"))
		return err
	}))
	defer ca.Close()
	must(lab.Do(netns.B, func() error {
		var err error
		cb, err = sendrecv.OpenL2(lab.IfaceB, sendrecv.WithFilter("udp port 9999"))
		return err
	}))
	defer cb.Close()
	f, err := goscapy.EtherIPUDP(lab.MACA, lab.MACB, lab.A4, "198.18.1.99", 1, 9999, []byte("out"))
	must(err)
	// A socket does not see the frames it sends itself: send with
	// Sendp's socket.
	sendp := func() { must(lab.Do(netns.A, func() error { return sendrecv.Sendp(frame(t, f, nil), lab.IfaceA) })) }
	sendp()
	buf := make([]byte, 2048)
	ca.SetReadDeadline(time.Now().Add(3 * time.Second))
	n, info, err := ca.ReadPacket(buf)
	must(err)
	if !info.Outgoing() || info.Type != sendrecv.PacketOutgoing || !bytes.Equal(buf[:n], f) {
		t.Errorf("sender: type %v, % x", info.Type, buf[:n])
	}
	if info.InterfaceIndex != ca.Index() || info.Protocol != 0x0800 || info.Length != len(f) || info.Truncated {
		t.Errorf("sender: info %+v", info)
	}
	n, info, err = cb.ReadPacketContext(context.Background(), buf)
	must(err)
	if info.Outgoing() || info.Type != sendrecv.PacketHost || !bytes.Equal(buf[:n], f) {
		t.Errorf("receiver: type %v, % x", info.Type, buf[:n])
	}
	if time.Since(info.Timestamp) > 5*time.Second || time.Until(info.Timestamp) > time.Second {
		t.Errorf("receiver: timestamp %v", info.Timestamp)
	}
	// A short buffer: the frame is cut, Length tells its size.
	must(ca.WritePacket(f))
	small := make([]byte, 20)
	n, info, err = cb.ReadPacket(small)
	must(err)
	if n != 20 || !info.Truncated || info.Length != len(f) || !bytes.Equal(small, f[:20]) {
		t.Errorf("short buffer: n=%d info %+v", n, info)
	}
	// A deadline in the past ends a read at once; a context too.
	cb.SetReadDeadline(time.Now().Add(-time.Second))
	if _, _, err := cb.ReadPacket(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("read after the deadline: %v", err)
	} else if ne, ok := err.(net.Error); !ok || !ne.Timeout() {
		t.Errorf("deadline error %v is not a net.Error timeout", err)
	}
	cb.SetReadDeadline(time.Time{})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, _, err := cb.ReadPacketContext(ctx, buf); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("read with an ending context: %v", err)
	}
	// Close wakes a blocked reader.
	errc := make(chan error, 1)
	go func() { _, _, err := cb.ReadPacket(buf); errc <- err }()
	time.Sleep(50 * time.Millisecond)
	cb.Close()
	select {
	case err := <-errc:
		if !errors.Is(err, net.ErrClosed) {
			t.Errorf("read on a closed socket: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Error("Close did not wake the reader")
	}
	// net.PacketConn.
	var _ net.PacketConn = ca
	sendp()
	ca.SetReadDeadline(time.Now().Add(3 * time.Second))
	_, addr, err := ca.ReadFrom(buf)
	must(err)
	if a, ok := addr.(*sendrecv.Addr); !ok || a.MAC != lab.MACA || addr.Network() != "packet" {
		t.Errorf("ReadFrom address %v", addr)
	}
}

// TestVLANTagKept sends an 802.1Q frame: the veth peer takes the tag out
// of the frame, and ReadPacket puts it back.
func TestVLANTagKept(t *testing.T) {
	lab := netns.NewPair(t)
	inner, err := goscapy.EtherIPUDP(lab.MACA, lab.MACB, lab.A4, "198.18.1.99", 1, 9999, []byte("vlan"))
	if err != nil {
		t.Fatal(err)
	}
	f := append(append(slices.Clone(inner[:12]), 0x81, 0x00, 0x20, 0x05), inner[12:]...) // PCP 1, VID 5
	var cb *sendrecv.L2Conn
	if err := lab.Do(netns.B, func() error {
		var err error
		cb, err = sendrecv.OpenL2(lab.IfaceB)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer cb.Close()
	if err := lab.Do(netns.A, func() error {
		c, err := sendrecv.OpenL2(lab.IfaceA)
		if err != nil {
			return err
		}
		defer c.Close()
		return c.WritePacket(f)
	}); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 2048)
	cb.SetReadDeadline(time.Now().Add(3 * time.Second))
	for {
		n, info, err := cb.ReadPacket(buf)
		if err != nil {
			t.Fatal(err)
		}
		if n < 18 || !bytes.Equal(buf[:6], lab.MACB[:]) || !bytes.HasSuffix(buf[:n], []byte("vlan")) {
			continue // B's own traffic
		}
		if !bytes.Equal(buf[:n], f) || info.Length != len(f) || info.VLANTag != 0x2005 {
			t.Errorf("got %x (tag %#x, length %d)\nwant %x", buf[:n], info.VLANTag, info.Length, f)
		}
		return
	}
}

// TestSendL3 sends IPv4 and IPv6 packets with Send from A and checks that
// B receives them as built; an unset source is filled in.
func TestSendL3(t *testing.T) {
	lab := netns.NewPair(t)
	var cb *sendrecv.L2Conn
	if err := lab.Do(netns.B, func() error {
		var err error
		cb, err = sendrecv.OpenL2(lab.IfaceB, sendrecv.WithFilter("udp dst port 9999"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer cb.Close()
	cases := []struct {
		name      string
		pkt       *packet.Packet // what is sent
		want      *packet.Packet // the IP packet expected on the wire
		iface     string
		etherType uint16
	}{
		{"ipv4 via a0", goscapy.NewIP().SrcIP(lab.A4).DstIP(lab.B4).Over(goscapy.NewUDP().SrcPort(1000).DstPort(9999)).Packet(),
			nil, lab.IfaceA, 0x0800},
		{"ipv4 routed, link layer stripped", goscapy.NewEthernet().Over(goscapy.NewIP().SrcIP(lab.A4).DstIP(lab.B4).TTL(9)).Over(goscapy.NewUDP().SrcPort(1001).DstPort(9999)).Packet(),
			goscapy.NewIP().SrcIP(lab.A4).DstIP(lab.B4).TTL(9).Over(goscapy.NewUDP().SrcPort(1001).DstPort(9999)).Packet(), "", 0x0800},
		{"ipv4 source filled", goscapy.NewIP().DstIP(lab.B4).Over(goscapy.NewUDP().SrcPort(1002).DstPort(9999)).Packet(),
			goscapy.NewIP().SrcIP(lab.A4).DstIP(lab.B4).Over(goscapy.NewUDP().SrcPort(1002).DstPort(9999)).Packet(), lab.IfaceA, 0x0800},
		{"ipv6 via a0", goscapy.NewIPv6().SrcIP(lab.A6).DstIP(lab.B6).Over(goscapy.NewUDP().SrcPort(1003).DstPort(9999)).Packet(),
			nil, lab.IfaceA, 0x86dd},
		{"ipv6 source filled", goscapy.NewIPv6().DstIP(lab.B6).Over(goscapy.NewUDP().SrcPort(1004).DstPort(9999)).Packet(),
			goscapy.NewIPv6().SrcIP(lab.A6).DstIP(lab.B6).Over(goscapy.NewUDP().SrcPort(1004).DstPort(9999)).Packet(), "", 0x86dd},
	}
	buf := make([]byte, 2048)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := c.pkt.String()
			if err := lab.Do(netns.A, func() error { return sendrecv.Send(c.pkt, c.iface) }); err != nil {
				t.Fatal(err)
			}
			if c.pkt.String() != before {
				t.Errorf("Send changed the packet: %s -> %s", before, c.pkt)
			}
			want := c.want
			if want == nil {
				want = c.pkt
			}
			wb := bytesOf(t, want)
			cb.SetReadDeadline(time.Now().Add(3 * time.Second))
			n, info, err := cb.ReadPacket(buf)
			if err != nil {
				t.Fatal(err)
			}
			got := buf[:n]
			if info.Protocol != c.etherType || n < 14 || !bytes.Equal(got[14:], wb) || !bytes.Equal(got[:6], lab.MACB[:]) || !bytes.Equal(got[6:12], lab.MACA[:]) {
				t.Errorf("got  %s\nwant %s", hex.EncodeToString(got), hex.EncodeToString(wb))
			}
		})
	}
	sendrecv.CloseSockets()
}

// TestSniffChanCount: a channel capture with Count delivers that many
// packets, then closes.
func TestSniffChanCount(t *testing.T) {
	lab := netns.NewPair(t)
	var ch <-chan *packet.Packet
	var stop func()
	lab.Do(netns.B, func() error {
		ch, stop = sniff.SniffChan(sniff.SniffConfig{Iface: lab.IfaceB, Filter: "udp port 9999", Count: 3, Timeout: 10 * time.Second})
		return nil
	})
	defer stop()
	p := goscapy.NewEthernet().DstMAC(lab.MACB).Over(goscapy.NewIP().DstIP("198.18.1.99")).Over(goscapy.NewUDP().DstPort(9999)).Packet()
	var sent int
	if err := lab.Do(netns.A, func() error {
		return sendrecv.Sendp(p, lab.IfaceA, sendrecv.Count(5), sendrecv.Inter(time.Millisecond), sendrecv.Sent(&sent))
	}); err != nil {
		t.Fatal(err)
	}
	if sent != 5 {
		t.Errorf("sent %d packets, want 5", sent)
	}
	var got []*packet.Packet
	timeout := time.After(5 * time.Second)
	for done := false; !done; {
		select {
		case p, ok := <-ch:
			if !ok {
				done = true
				break
			}
			got = append(got, p)
		case <-timeout:
			t.Fatal("the channel was not closed")
		}
	}
	if len(got) != 3 {
		t.Fatalf("got %d packets, want 3", len(got))
	}
	for _, q := range got {
		// Sendp filled the source MAC and IP.
		eth, _ := packet.LayerOf[*layers.Ethernet](q)
		ip, _ := packet.LayerOf[*layers.IPv4](q)
		if eth == nil || ip == nil || eth.Src != lab.MACA || ip.Src != lab.A4 {
			t.Errorf("packet %s: sources not filled", q)
		}
	}
	// The packets own their bytes: they are all still intact.
	if !bytes.Equal(got[0].Data(), got[2].Data()) {
		t.Error("packets share a buffer")
	}
}

// TestSniffWriteLive writes a live capture to pcap and pcapng files.
func TestSniffWriteLive(t *testing.T) {
	lab := netns.NewPair(t)
	dir := t.TempDir()
	for _, name := range []string{"cap.pcap", "cap.pcapng"} {
		path := dir + "/" + name
		var s *sniff.Sniffer
		if err := lab.Do(netns.B, func() error {
			var err error
			s, err = sniff.Open(sniff.SniffConfig{Iface: lab.IfaceB, Filter: "udp port 9999", Count: 2, Write: path, Timeout: 5 * time.Second})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		p := goscapy.NewEthernet().DstMAC(lab.MACB).Over(goscapy.NewIP().DstIP("198.18.1.99")).Over(goscapy.NewUDP().DstPort(9999)).Packet()
		if err := lab.Do(netns.A, func() error { return sendrecv.Sendp(p, lab.IfaceA, sendrecv.Count(2)) }); err != nil {
			t.Fatal(err)
		}
		n := 0
		if err := s.Run(context.Background(), func(*packet.Packet) bool { n++; return true }); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		pkts, err := sniff.SniffPackets(context.Background(), sniff.SniffConfig{Offline: path})
		if err != nil {
			t.Fatal(err)
		}
		if n != 2 || len(pkts) != 2 || !pkts[0].HasLayer("UDP") || pkts[0].Metadata.Timestamp.IsZero() {
			t.Errorf("%s: delivered %d, read back %d: %v", name, n, len(pkts), pkts)
		}
	}
}

// TestNoAllocs: reading and writing frames allocates nothing.
func TestNoAllocs(t *testing.T) {
	lab := netns.NewPair(t)
	var ca, cb *sendrecv.L2Conn
	lab.Do(netns.A, func() error {
		var err error
		ca, err = sendrecv.OpenL2(lab.IfaceA, sendrecv.WithSendOnly())
		if err != nil {
			t.Fatal(err)
		}
		return nil
	})
	defer ca.Close()
	lab.Do(netns.B, func() error {
		var err error
		cb, err = sendrecv.OpenL2(lab.IfaceB, sendrecv.WithFilter("udp port 9999"))
		if err != nil {
			t.Fatal(err)
		}
		return nil
	})
	defer cb.Close()
	f, _ := goscapy.EtherIPUDP(lab.MACA, lab.MACB, lab.A4, "198.18.1.99", 1, 9999, []byte("x"))
	buf := make([]byte, 2048)
	cb.SetReadDeadline(time.Now().Add(10 * time.Second))
	allocs := testing.AllocsPerRun(200, func() {
		if err := ca.WritePacket(f); err != nil {
			t.Fatal(err)
		}
		if _, _, err := cb.ReadPacket(buf); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("WritePacket + ReadPacket: %v allocations, want 0", allocs)
	}
	batch := [][]byte{f, f, f, f}
	allocs = testing.AllocsPerRun(50, func() {
		if n, err := ca.WriteBatch(batch); err != nil || n != 4 {
			t.Fatal(n, err)
		}
		for range batch {
			if _, _, err := cb.ReadPacket(buf); err != nil {
				t.Fatal(err)
			}
		}
	})
	if allocs != 0 {
		t.Errorf("WriteBatch + ReadPacket: %v allocations, want 0", allocs)
	}
}
