//go:build linux

package ring

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/internal/netns"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sendrecv"
	"golang.org/x/sys/unix"
)

const testFilter = "udp dst port 9999"

// testPacket is a 60-byte UDP frame from A to B's MAC address for an IP
// that is not B's (B's kernel drops it after the capture saw it).
func testPacket(lab *netns.Lab) *packet.Packet {
	return goscapy.NewEthernet().SrcMAC(lab.MACA).DstMAC(lab.MACB).
		Over(goscapy.NewIP().SrcIP(lab.A4).DstIP("198.18.1.99")).
		Over(goscapy.NewUDP().SrcPort(1000).DstPort(9999)).
		Over(goscapy.NewRaw(make([]byte, 18))).Packet()
}

func openSender(t testing.TB, lab *netns.Lab, cfg TXConfig) Sender {
	t.Helper()
	var s Sender
	if err := lab.Do(netns.A, func() error {
		var err error
		s, err = OpenSender(lab.IfaceA, cfg)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func openRX(t testing.TB, lab *netns.Lab, ns netns.NS, iface string, cfg RXConfig) *RX {
	t.Helper()
	var r *RX
	if err := lab.Do(ns, func() error {
		var err error
		r, err = NewRX(iface, cfg)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// sendSeq sends n frames built in place, frame i with IP ID i and UDP
// source port 1000+i%flows.
func sendSeq(t testing.TB, s Sender, p *packet.Packet, n, flows int) {
	t.Helper()
	ip, _ := packet.LayerOf[*layers.IPv4](p)
	udp, _ := packet.LayerOf[*layers.UDP](p)
	for i := range n {
		ip.ID = uint16(i)
		udp.SrcPort = uint16(1000 + i%max(flows, 1))
		slot, err := s.NextContext(context.Background())
		if err != nil {
			t.Fatalf("frame %d: next: %v", i, err)
		}
		out, err := p.BuildInto(slot)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(len(out)); err != nil {
			t.Fatalf("frame %d: commit: %v", i, err)
		}
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
}

// collect reads frames until it has n or none came for a second; it
// returns the IP IDs in order and the frames' infos.
func collect(t testing.TB, r *RX, n int) ([]uint16, []Info) {
	t.Helper()
	var ids []uint16
	var infos []Info
	for len(ids) < n {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		f, info, err := r.Next(ctx)
		cancel()
		if errors.Is(err, context.DeadlineExceeded) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(f) < 42 || binary.BigEndian.Uint16(f[36:]) != 9999 {
			continue
		}
		ids = append(ids, binary.BigEndian.Uint16(f[18:]))
		infos = append(infos, info)
	}
	return ids, infos
}

// rxPackets reads the receive counter of an interface from the kernel.
func rxPackets(t testing.TB, lab *netns.Lab, ns netns.NS, iface string) uint64 {
	t.Helper()
	out, err := lab.Exec(ns, "ip", "-j", "-s", "link", "show", iface)
	if err != nil {
		t.Fatal(err)
	}
	var v []struct {
		Stats64 struct {
			RX struct{ Packets uint64 } `json:"rx"`
		} `json:"stats64"`
	}
	if err := json.Unmarshal(out, &v); err != nil || len(v) != 1 {
		t.Fatalf("ip -j -s link: %v: %s", err, out)
	}
	return v[0].Stats64.RX.Packets
}

// TestTXRingToRXRing sends 20000 frames built in place in TX ring slots
// from A; B's RX ring receives every one, in order, with the metadata the
// kernel gives, and the kernel's interface counter agrees.
func TestTXRingToRXRing(t *testing.T) {
	lab := netns.NewPair(t)
	rx := openRX(t, lab, netns.B, lab.IfaceB, RXConfig{Filter: testFilter})
	if rx.Method() != MethodRXRing {
		t.Fatalf("receiver method %q", rx.Method())
	}
	before := rxPackets(t, lab, netns.B, lab.IfaceB)
	s := openSender(t, lab, TXConfig{})
	if s.Method() != MethodTXRing {
		t.Fatalf("sender method %q", s.Method())
	}
	if kernelAtLeast(4, 13) && s.(*TX).vnet == 0 {
		t.Error("no virtio_net_hdr on a kernel that takes it")
	}
	const n = 20000
	start := time.Now()
	done := make(chan struct{})
	var ids []uint16
	var infos []Info
	go func() {
		defer close(done)
		ids, infos = collect(t, rx, n)
	}()
	sendSeq(t, s, testPacket(lab), n, 1)
	<-done
	if len(ids) != n {
		t.Fatalf("received %d of %d frames", len(ids), n)
	}
	for i, id := range ids {
		if id != uint16(i) {
			t.Fatalf("frame %d has ID %d", i, id)
		}
	}
	st := s.Stats()
	if st.Packets != n || st.Bytes != 60*n || st.WrongFormat != 0 {
		t.Errorf("sender stats %+v", st)
	}
	if st.Kicks == 0 || st.Kicks > n/10 {
		t.Errorf("%d kicks for %d frames", st.Kicks, n)
	}
	if got := rxPackets(t, lab, netns.B, lab.IfaceB) - before; got < n {
		t.Errorf("the kernel counted %d frames received on %s", got, lab.IfaceB)
	}
	for _, in := range infos[:10] {
		if in.Length != 60 || in.CaptureLength != 60 || in.InterfaceIndex != 11 || in.Protocol != 0x0800 ||
			in.Type != sendrecv.PacketHost || in.VLAN || in.Truncated {
			t.Errorf("info %+v", in)
		}
		if in.Timestamp.Before(start.Add(-time.Second)) || in.Timestamp.After(time.Now()) {
			t.Errorf("timestamp %v", in.Timestamp)
		}
	}
	rs, err := rx.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if rs.Packets != n || rs.Drops != 0 || rs.Delivered != n {
		t.Errorf("receiver stats %+v", rs)
	}
}

// TestTXRingPlain: without the virtio_net_hdr prefix (kernels before
// 4.13) the frames arrive all the same.
func TestTXRingPlain(t *testing.T) {
	lab := netns.NewPair(t)
	txVnet = false
	defer func() { txVnet = true }()
	rx := openRX(t, lab, netns.B, lab.IfaceB, RXConfig{Filter: testFilter})
	s := openSender(t, lab, TXConfig{})
	if s.(*TX).vnet != 0 {
		t.Fatal("virtio_net_hdr in use")
	}
	frames := [][]byte{}
	p := testPacket(lab)
	ip, _ := packet.LayerOf[*layers.IPv4](p)
	for i := range 300 {
		ip.ID = uint16(i)
		f, _ := p.Build()
		frames = append(frames, f)
		if err := s.Send(f); err != nil {
			t.Fatal(err)
		}
	}
	s.Flush()
	for i, want := range frames {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		got, _, err := rx.Next(ctx)
		cancel()
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("frame %d: %x, %v", i, got, err)
		}
	}
	if st := s.Stats(); st.Packets != 300 || st.Bytes != 300*60 {
		t.Errorf("stats %+v", st)
	}
}

// TestMethods sends with every sender and receives with every receiver.
func TestMethods(t *testing.T) {
	lab := netns.NewPair(t)
	uring := ProbeIOURing() == nil
	if !uring {
		t.Logf("io_uring not available: %v", ProbeIOURing())
	}
	for _, rm := range []string{MethodRXRing, MethodRecvmmsg, MethodIOURing} {
		for _, tc := range []TXConfig{{Method: MethodTXRing}, {Method: MethodTXRing, QdiscBypass: true},
			{Method: MethodSendmmsg}, {Method: MethodSendmmsg, QdiscBypass: true}, {Method: MethodIOURing, Batch: 100}} {
			name := rm + "/" + tc.Method
			if tc.QdiscBypass {
				name += bypassSuffix
			}
			t.Run(name, func(t *testing.T) {
				rx := openRX(t, lab, netns.B, lab.IfaceB, RXConfig{Filter: testFilter, Method: rm})
				wantRM := rm
				if rm == MethodIOURing && !uring {
					wantRM = MethodRecvmmsg
				}
				if rx.Method() != wantRM {
					t.Errorf("receiver method %q, want %q", rx.Method(), wantRM)
				}
				s := openSender(t, lab, tc)
				want := tc.Method
				if tc.Method == MethodIOURing && !uring {
					want = MethodSendmmsg
				}
				if tc.QdiscBypass {
					want += bypassSuffix
				}
				if s.Method() != want {
					t.Errorf("sender method %q, want %q", s.Method(), want)
				}
				const n = 1500
				done := make(chan []uint16)
				go func() {
					ids, _ := collect(t, rx, n)
					done <- ids
				}()
				sendSeq(t, s, testPacket(lab), n, 1)
				ids := <-done
				if len(ids) != n {
					t.Fatalf("received %d of %d", len(ids), n)
				}
				seen := make(map[uint16]bool)
				for _, id := range ids {
					seen[id] = true
				}
				if len(seen) != n {
					t.Errorf("%d distinct frames of %d", len(seen), n)
				}
				if st := s.Stats(); st.Packets != n {
					t.Errorf("sender stats %+v", st)
				}
			})
		}
	}
}

// TestOutgoingAndVLAN: a receiver on the sending side sees the frames
// flagged outgoing; a VLAN-tagged frame comes out of the peer's ring
// with its tag back in place, byte for byte as sent.
func TestOutgoingAndVLAN(t *testing.T) {
	lab := netns.NewPair(t)
	for _, m := range []string{MethodRXRing, MethodRecvmmsg} {
		t.Run(m, func(t *testing.T) {
			rxA := openRX(t, lab, netns.A, lab.IfaceA, RXConfig{Filter: "udp dst port 9999", Method: m})
			// The kernel takes the tag out before the filter runs: the
			// tagged frame passes a filter for untagged UDP.
			rxB := openRX(t, lab, netns.B, lab.IfaceB, RXConfig{Filter: testFilter, Method: m})
			s := openSender(t, lab, TXConfig{})
			frame, err := goscapy.NewEthernet().SrcMAC(lab.MACA).DstMAC(lab.MACB).
				Over(goscapy.NewDot1Q().VLAN(42).Prio(5)).
				Over(goscapy.NewIP().SrcIP(lab.A4).DstIP("198.18.1.99")).
				Over(goscapy.NewUDP().SrcPort(7).DstPort(9999)).Build()
			if err != nil {
				t.Fatal(err)
			}
			plain, _ := testPacket(lab).Build()
			for _, f := range [][]byte{plain, frame} {
				if err := s.Send(f); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Flush(); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			got, info, err := rxA.Next(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !info.Outgoing() || !bytes.Equal(got, plain) {
				t.Errorf("own frame: outgoing %v, %x", info.Outgoing(), got)
			}
			if got, _, err = rxB.Next(ctx); err != nil || !bytes.Equal(got, plain) {
				t.Fatalf("first frame in B: %x, %v", got, err)
			}
			got, info, err = rxB.Next(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, frame) {
				t.Errorf("tagged frame\n got %x\nwant %x", got, frame)
			}
			// Linux takes the tag out of every received frame
			// (skb_vlan_untag); the receiver put it back.
			if !info.VLAN || info.VLANTag != 5<<13|42 || info.VLANTPID != 0x8100 {
				t.Errorf("tag %#x tpid %#x", info.VLANTag, info.VLANTPID)
			}
			if info.Length != len(frame) || info.CaptureLength != len(frame) || info.Outgoing() {
				t.Errorf("info %+v", info)
			}
		})
	}
}

// TestFanout: two sockets of a hash group share 64 flows, each flow on
// one socket; a round-robin group splits the frames evenly.
func TestFanout(t *testing.T) {
	lab := netns.NewPair(t)
	for _, mode := range []FanoutMode{FanoutHash, FanoutLB} {
		t.Run(mode.String(), func(t *testing.T) {
			var rxs []*RX
			if err := lab.Do(netns.B, func() error {
				var err error
				rxs, err = NewFanout(lab.IfaceB, RXConfig{Filter: testFilter, Fanout: &FanoutConfig{Mode: mode, Defrag: true}}, 2)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			for _, r := range rxs {
				defer r.Close()
			}
			if rxs[0].FanoutGroup() != rxs[1].FanoutGroup() {
				t.Fatalf("groups %d and %d", rxs[0].FanoutGroup(), rxs[1].FanoutGroup())
			}
			s := openSender(t, lab, TXConfig{})
			const n = 6400
			type res struct {
				ids   []uint16
				ports map[uint16]bool
			}
			ch := make(chan res, 2)
			for _, r := range rxs {
				go func() {
					ports := map[uint16]bool{}
					var ids []uint16
					for {
						ctx, cancel := context.WithTimeout(context.Background(), time.Second)
						f, _, err := r.Next(ctx)
						cancel()
						if err != nil {
							break
						}
						ids = append(ids, binary.BigEndian.Uint16(f[18:]))
						ports[binary.BigEndian.Uint16(f[34:])] = true
					}
					ch <- res{ids, ports}
				}()
			}
			sendSeq(t, s, testPacket(lab), n, 64)
			a, b := <-ch, <-ch
			if len(a.ids)+len(b.ids) != n {
				t.Fatalf("%d + %d frames of %d", len(a.ids), len(b.ids), n)
			}
			switch mode {
			case FanoutHash:
				for p := range a.ports {
					if b.ports[p] {
						t.Errorf("flow with source port %d on both sockets", p)
					}
				}
				if len(a.ports)+len(b.ports) != 64 || len(a.ports) == 0 || len(b.ports) == 0 {
					t.Errorf("flows %d and %d", len(a.ports), len(b.ports))
				}
			case FanoutLB:
				if len(a.ids) != n/2 || len(b.ids) != n/2 {
					t.Errorf("round robin gave %d and %d", len(a.ids), len(b.ids))
				}
			}
		})
	}
}

// TestRXDrops: a small ring nobody reads overflows; the kernel's counters
// say how many frames it dropped, and the frames read plus the drops are
// the frames sent.
func TestRXDrops(t *testing.T) {
	lab := netns.NewPair(t)
	rx := openRX(t, lab, netns.B, lab.IfaceB, RXConfig{Filter: testFilter, BlockSize: 4096, Blocks: 4, BlockTimeout: time.Millisecond})
	s := openSender(t, lab, TXConfig{})
	const n = 3000
	sendSeq(t, s, testPacket(lab), n, 1)
	time.Sleep(50 * time.Millisecond)
	ids, _ := collect(t, rx, n)
	st, err := rx.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Packets != n || st.Drops == 0 || uint64(len(ids))+st.Drops != n || st.Delivered != uint64(len(ids)) {
		t.Errorf("read %d, stats %+v", len(ids), st)
	}
	if st.FreezeCount == 0 {
		t.Errorf("no freeze counted: %+v", st)
	}
}

// TestCloseWakesNext: Close from another goroutine ends a waiting Next.
func TestCloseWakesNext(t *testing.T) {
	lab := netns.NewPair(t)
	for _, m := range []string{MethodRXRing, MethodRecvmmsg, MethodIOURing} {
		rx := openRX(t, lab, netns.B, lab.IfaceB, RXConfig{Filter: testFilter, Method: m})
		done := make(chan error, 1)
		go func() {
			_, _, err := rx.Next(context.Background())
			done <- err
		}()
		time.Sleep(30 * time.Millisecond)
		rx.Close()
		select {
		case err := <-done:
			if !errors.Is(err, net.ErrClosed) {
				t.Errorf("%s: Next after Close: %v", m, err)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("%s: Close did not end Next", m)
		}
		if _, _, err := rx.Next(context.Background()); !errors.Is(err, net.ErrClosed) {
			t.Errorf("%s: Next on a closed receiver: %v", m, err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		rx2 := openRX(t, lab, netns.B, lab.IfaceB, RXConfig{Filter: testFilter, Method: m})
		start := time.Now()
		if _, _, err := rx2.Next(ctx); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
			t.Errorf("%s: Next with a deadline: %v after %v", m, err, time.Since(start))
		}
		cancel()
	}
}

// TestErrors: the errors say what is wrong, and errors.Is finds the cause.
func TestErrors(t *testing.T) {
	lab := netns.NewPair(t)
	lab.Do(netns.A, func() error {
		if _, err := NewTX("nosuch0", TXConfig{}); !errors.Is(err, sendrecv.ErrNoInterface) {
			t.Errorf("unknown interface: %v", err)
		}
		if _, err := NewRX("nosuch0", RXConfig{}); !errors.Is(err, sendrecv.ErrNoInterface) {
			t.Errorf("unknown interface: %v", err)
		}
		if _, err := NewTX(lab.IfaceA, TXConfig{FrameSize: 100}); err == nil {
			t.Error("frame size 100 accepted")
		}
		if _, err := NewRX(lab.IfaceA, RXConfig{Filter: "tcp port"}); err == nil {
			t.Error("bad filter accepted")
		}
		if _, err := OpenSender(lab.IfaceA, TXConfig{Method: "carrier-pigeon"}); !errors.Is(err, ErrMethod) {
			t.Errorf("unknown method: %v", err)
		}
		if _, err := OpenSender("", TXConfig{}); err == nil {
			t.Error("sender without interface")
		}
		for _, m := range []string{MethodTXRing, MethodSendmmsg, MethodIOURing} {
			s, err := OpenSender(lab.IfaceA, TXConfig{Method: m})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Commit(60); !errors.Is(err, ErrNoSlot) {
				t.Errorf("%s: commit without slot: %v", m, err)
			}
			slot := s.Next()
			if len(slot) != 1518 || s.MaxFrame() != 1514 {
				t.Errorf("%s: slot of %d bytes, max frame %d", m, len(slot), s.MaxFrame())
			}
			if err := s.Commit(10); !errors.Is(err, ErrFrameSize) {
				t.Errorf("%s: 10-byte frame: %v", m, err)
			}
			copy(s.Next(), make([]byte, 16))
			if err := s.Commit(1515); !errors.Is(err, ErrFrameSize) {
				t.Errorf("%s: 1515-byte frame: %v", m, err)
			}
			if err := s.Send(make([]byte, 1600)); !errors.Is(err, ErrFrameSize) {
				t.Errorf("%s: 1600-byte frame: %v", m, err)
			}
			if st := s.Stats(); st.WrongFormat != 3 || st.Packets != 0 {
				t.Errorf("%s: stats %+v", m, st)
			}
			if err := s.Close(); err != nil {
				t.Error(err)
			}
			if s.Next() != nil {
				t.Errorf("%s: a slot after close", m)
			}
			if err := s.Send(make([]byte, 60)); !errors.Is(err, net.ErrClosed) {
				t.Errorf("%s: send after close: %v", m, err)
			}
		}
		return nil
	})
}

// TestIOURingFallback: a kernel that refuses io_uring (as the sysctl
// kernel.io_uring_disabled=2 or a seccomp filter make it) gives the
// sendmmsg and recvmmsg paths, and the probe says why.
func TestIOURingFallback(t *testing.T) {
	lab := netns.NewPair(t)
	saved := uringSetup
	probeOnce.Lock()
	probeOnce.done = false
	probeOnce.Unlock()
	uringSetup = func(uint32, *uringParams) (int, error) { return -1, unix.EPERM }
	defer func() {
		uringSetup = saved
		probeOnce.Lock()
		probeOnce.done = false
		probeOnce.Unlock()
	}()
	err := ProbeIOURing()
	if !errors.Is(err, ErrNoIOURing) {
		t.Fatalf("probe: %v", err)
	}
	t.Log(err)
	s := openSender(t, lab, TXConfig{Method: MethodIOURing})
	if s.Method() != MethodSendmmsg {
		t.Errorf("sender method %q", s.Method())
	}
	rx := openRX(t, lab, netns.B, lab.IfaceB, RXConfig{Method: MethodIOURing, Filter: testFilter})
	if rx.Method() != MethodRecvmmsg {
		t.Errorf("receiver method %q", rx.Method())
	}
	sendSeq(t, s, testPacket(lab), 10, 1)
	if ids, _ := collect(t, rx, 10); len(ids) != 10 {
		t.Errorf("received %d of 10", len(ids))
	}
}

// TestRecvmmsgFallback: where the RX ring cannot be set up, the receiver
// reads with recvmmsg and says so.
func TestRecvmmsgFallback(t *testing.T) {
	lab := netns.NewPair(t)
	saved := setupRXRing
	setupRXRing = func(*RX, int, RXConfig) error { return unix.ENOMEM }
	defer func() { setupRXRing = saved }()
	rx := openRX(t, lab, netns.B, lab.IfaceB, RXConfig{Filter: testFilter})
	if rx.Method() != MethodRecvmmsg {
		t.Errorf("method %q", rx.Method())
	}
	lab.Do(netns.B, func() error {
		if _, err := NewRX(lab.IfaceB, RXConfig{Method: MethodRXRing}); !errors.Is(err, unix.ENOMEM) {
			t.Errorf("rx-ring asked for: %v", err)
		}
		return nil
	})
	s := openSender(t, lab, TXConfig{})
	sendSeq(t, s, testPacket(lab), 500, 1)
	ids, _ := collect(t, rx, 500)
	if len(ids) != 500 {
		t.Fatalf("received %d of 500", len(ids))
	}
	for i, id := range ids {
		if id != uint16(i) {
			t.Fatalf("frame %d has ID %d", i, id)
		}
	}
	if st, err := rx.Stats(); err != nil || st.Packets != 500 || st.Delivered != 500 {
		t.Errorf("stats %+v, %v", st, err)
	}
}

// TestSendmmsgFallback: where the TX ring cannot be set up, OpenSender
// sends with sendmmsg and says so; NewTX reports the error.
func TestSendmmsgFallback(t *testing.T) {
	lab := netns.NewPair(t)
	saved := setTXRing
	setTXRing = func(int, *unix.TpacketReq) error { return unix.EINVAL }
	defer func() { setTXRing = saved }()
	rx := openRX(t, lab, netns.B, lab.IfaceB, RXConfig{Filter: testFilter})
	for _, cfg := range []TXConfig{{}, {QdiscBypass: true}} {
		s := openSender(t, lab, cfg)
		want := MethodSendmmsg
		if cfg.QdiscBypass {
			want += bypassSuffix
		}
		if s.Method() != want {
			t.Errorf("method %q, want %q", s.Method(), want)
		}
		sendSeq(t, s, testPacket(lab), 300, 1)
		if ids, _ := collect(t, rx, 300); len(ids) != 300 {
			t.Errorf("received %d of 300", len(ids))
		}
	}
	lab.Do(netns.A, func() error {
		if _, err := NewTX(lab.IfaceA, TXConfig{}); !errors.Is(err, unix.EINVAL) {
			t.Errorf("NewTX: %v", err)
		}
		return nil
	})
}

// TestNoAllocs: a warm send loop that builds each frame in a ring slot,
// and a warm receive loop that decodes each frame from the ring, allocate
// nothing per packet.
func TestNoAllocs(t *testing.T) {
	lab := netns.NewPair(t)
	for _, m := range []string{MethodTXRing, MethodSendmmsg, MethodIOURing} {
		s := openSender(t, lab, TXConfig{Method: m})
		p := testPacket(lab)
		ip, _ := packet.LayerOf[*layers.IPv4](p)
		i := 0
		send := func() {
			i++
			ip.ID = uint16(i)
			slot := s.Next()
			out, err := p.BuildInto(slot)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Commit(len(out)); err != nil {
				t.Fatal(err)
			}
		}
		for range 3000 {
			send()
		}
		if a := testing.AllocsPerRun(5000, send); a != 0 {
			t.Errorf("%s: %v allocations per frame sent", s.Method(), a)
		}
		s.Flush()
	}
	for _, m := range []string{MethodRXRing, MethodRecvmmsg, MethodIOURing} {
		rx := openRX(t, lab, netns.B, lab.IfaceB, RXConfig{Filter: testFilter, Method: m})
		s := openSender(t, lab, TXConfig{})
		const n = 6000
		sendSeq(t, s, testPacket(lab), n, 1)
		time.Sleep(30 * time.Millisecond) // the last block times out
		dec := goscapy.NewDecoder()
		ctx := context.Background()
		sum := 0
		recv := func() {
			f, _, err := rx.Next(ctx)
			if err != nil {
				t.Fatal(err)
			}
			p, err := dec.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			if u, ok := packet.LayerOf[*layers.UDP](p); ok {
				sum += int(u.DstPort)
			}
		}
		for range 1000 {
			recv()
		}
		if a := testing.AllocsPerRun(4000, recv); a != 0 {
			t.Errorf("%s: %v allocations per frame received and decoded", rx.Method(), a)
		}
		if sum != 9999*5001 {
			t.Errorf("%s: decoded %d frames' ports wrong (sum %d)", rx.Method(), 5001, sum)
		}
		buf := make([]byte, 2048)
		if n, info, err := rx.RecvInto(ctx, buf[:20]); err != nil || n != 20 || !info.Truncated || info.CaptureLength != 20 {
			t.Errorf("RecvInto a short buffer: %d %+v %v", n, info, err)
		}
		if n, info, err := rx.RecvInto(ctx, buf); err != nil || n != 60 || info.Truncated {
			t.Errorf("RecvInto: %d %+v %v", n, info, err)
		}
	}
}

func ExampleTX() {
	tx, err := NewTX("veth0", TXConfig{QdiscBypass: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer tx.Close()
	p := goscapy.NewEthernet().DstMAC("02:00:00:00:00:02").
		Over(goscapy.NewIP().DstIP("198.18.0.2")).Over(goscapy.NewUDP()).Packet()
	for range 1000 {
		out, err := p.BuildInto(tx.Next()) // built in the ring slot
		if err != nil {
			break
		}
		tx.Commit(len(out))
	}
	tx.Flush()
}
