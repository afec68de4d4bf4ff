//go:build linux

package bpf_test

import (
	"encoding/binary"
	"fmt"
	"net"
	"testing"
	"time"

	xbpf "golang.org/x/net/bpf"
	"golang.org/x/sys/unix"

	"github.com/goscapy/goscapy/bpf"
	"github.com/goscapy/goscapy/internal/netns"
)

// capturedFrame describes a frame read from a packet socket.
type capturedFrame struct {
	vid    int // -1: untagged
	dport  uint16
	isUDP4 bool
}

func parseCaptured(f []byte) capturedFrame {
	c := capturedFrame{vid: -1}
	if len(f) < 14 {
		return c
	}
	et := binary.BigEndian.Uint16(f[12:])
	off := 14
	if et == 0x8100 && len(f) >= 18 {
		c.vid = int(binary.BigEndian.Uint16(f[14:]) & 0xfff)
		et = binary.BigEndian.Uint16(f[16:])
		off = 18
	}
	if et == 0x0800 && len(f) >= off+24 && f[off+9] == 17 {
		ihl := int(f[off]&0xf) * 4
		if len(f) >= off+ihl+4 {
			c.isUDP4 = true
			c.dport = binary.BigEndian.Uint16(f[off+ihl+2:])
		}
	}
	return c
}

func htons(v uint16) uint16 { return v<<8 | v>>8 }

// packetSocket opens a packet socket on iface in the current namespace,
// with prog attached before bind (nil: none).
func packetSocket(iface string, prog []xbpf.RawInstruction) (int, error) {
	ifi, err := net.InterfaceByName(iface)
	if err != nil {
		return -1, err
	}
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	if prog != nil {
		ins := make([]unix.SockFilter, len(prog))
		for i, r := range prog {
			ins[i] = unix.SockFilter{Code: r.Op, Jt: r.Jt, Jf: r.Jf, K: r.K}
		}
		if err := unix.SetsockoptSockFprog(fd, unix.SOL_SOCKET, unix.SO_ATTACH_FILTER, &unix.SockFprog{Len: uint16(len(ins)), Filter: &ins[0]}); err != nil {
			unix.Close(fd)
			return -1, err
		}
	}
	if err := unix.Bind(fd, &unix.SockaddrLinklayer{Protocol: htons(unix.ETH_P_ALL), Ifindex: ifi.Index}); err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

// udpFrame builds an Ethernet/IPv4/UDP frame from 198.18.1.2 to
// 198.18.1.3 (the pair's addresses) with the given destination port.
func udpFrame(dst, src net.HardwareAddr, port uint16) []byte {
	f := make([]byte, 14+20+8+4)
	copy(f, dst)
	copy(f[6:], src)
	binary.BigEndian.PutUint16(f[12:], 0x0800)
	ip := f[14:]
	ip[0], ip[8], ip[9] = 0x45, 64, 17
	binary.BigEndian.PutUint16(ip[2:], 32)
	copy(ip[12:], []byte{198, 18, 1, 2})
	copy(ip[16:], []byte{198, 18, 1, 3})
	var sum uint32
	for i := 0; i < 20; i += 2 {
		sum += uint32(binary.BigEndian.Uint16(ip[i:]))
	}
	for sum > 0xffff {
		sum = sum>>16 + sum&0xffff
	}
	binary.BigEndian.PutUint16(ip[10:], ^uint16(sum))
	binary.BigEndian.PutUint16(ip[20:], 4444)
	binary.BigEndian.PutUint16(ip[22:], port)
	binary.BigEndian.PutUint16(ip[24:], 12)
	return f
}

// TestLiveVlanSniff sends frames tagged by VLAN sub-interfaces (IDs 10
// and 20) and untagged frames from A to B in a namespace pair, and reads
// them on B's parent interface through packet sockets with the live
// programs of "vlan 10" and "not vlan" attached: the kernel removes the
// tag before the filter runs. "vlan 10" must see exactly the frames of
// VLAN 10, "not vlan" the untagged ones and none of the tagged. The
// offline form of "vlan 10" (for capture files) sees none of them.
func TestLiveVlanSniff(t *testing.T) {
	netns.Require(t)
	lab := netns.NewPair(t)
	// VLAN sub-interfaces tag the frames sent on them; without the
	// kernel's 802.1Q support (module 8021q), the frames are sent on the
	// parent with the tag written in them. B's kernel removes the tag on
	// receipt either way.
	subIfaces := true
	for _, id := range []string{"10", "20"} {
		for _, c := range [][]string{
			{"ip", "link", "add", "link", lab.IfaceA, "name", lab.IfaceA + "." + id, "type", "vlan", "id", id},
			{"ip", "link", "set", lab.IfaceA + "." + id, "addrgenmode", "none"},
			{"ip", "link", "set", lab.IfaceA + "." + id, "up"},
		} {
			if out, err := lab.Exec(netns.A, c...); err != nil {
				t.Logf("no VLAN sub-interface (%v: %s); sending frames tagged in the data", err, out)
				subIfaces = false
				break
			}
		}
		if !subIfaces {
			break
		}
	}
	type capture struct {
		name string
		prog []xbpf.RawInstruction
		fd   int
		got  []capturedFrame
	}
	var caps []*capture
	for _, e := range []struct {
		expr string
		live bool
	}{{"vlan 10", true}, {"not vlan", true}, {"vlan 10", false}} {
		opts := bpf.CompileOptions{Live: e.live}
		prog, err := bpf.CompileWith(e.expr, bpf.LinkTypeEthernet, 0, opts)
		if err != nil {
			t.Fatal(err)
		}
		name := e.expr
		if !e.live {
			name = "offline " + name
		}
		caps = append(caps, &capture{name: name, prog: prog})
	}
	for _, c := range caps {
		err := lab.Do(netns.B, func() error {
			var err error
			c.fd, err = packetSocket(lab.IfaceB, c.prog)
			return err
		})
		if err != nil {
			t.Fatalf("%s: the kernel refuses the program or the socket: %v", c.name, err)
		}
		defer unix.Close(c.fd)
	}
	const n = 5
	const quiet = 500 * time.Millisecond
	send := func(vid int, port uint16) {
		iface := lab.IfaceA
		if vid >= 0 && subIfaces {
			iface = fmt.Sprintf("%s.%d", lab.IfaceA, vid)
		}
		err := lab.Do(netns.A, func() error {
			ifi, err := net.InterfaceByName(iface)
			if err != nil {
				return err
			}
			fd, err := packetSocket(iface, nil)
			if err != nil {
				return err
			}
			defer unix.Close(fd)
			f := udpFrame(net.HardwareAddr(lab.MACB[:]), ifi.HardwareAddr, port)
			if vid >= 0 && !subIfaces {
				tag := []byte{0x81, 0x00, byte(vid >> 8), byte(vid)}
				f = append(append(append([]byte(nil), f[:12]...), tag...), f[12:]...)
			}
			for range n {
				if err := unix.Sendto(fd, f, 0, &unix.SockaddrLinklayer{Ifindex: ifi.Index}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("send on %s: %v", iface, err)
		}
	}
	send(10, 10010)
	send(20, 10020)
	send(-1, 10000)

	// The frames are queued on the sockets by now or soon: read each
	// socket until it stays empty for half a second.
	buf := make([]byte, 2048)
	for _, c := range caps {
		for {
			pfd := []unix.PollFd{{Fd: int32(c.fd), Events: unix.POLLIN}}
			k, err := unix.Poll(pfd, int(quiet/time.Millisecond))
			if err == unix.EINTR {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if k == 0 {
				break
			}
			nr, _, err := unix.Recvfrom(c.fd, buf, unix.MSG_DONTWAIT)
			if err != nil {
				continue
			}
			c.got = append(c.got, parseCaptured(buf[:nr]))
		}
	}
	count := func(c *capture, port uint16) int {
		k := 0
		for _, f := range c.got {
			if f.isUDP4 && f.dport == port {
				k++
			}
		}
		return k
	}
	v10, notv, off := caps[0], caps[1], caps[2]
	if k := count(v10, 10010); k != n {
		t.Errorf("vlan 10: %d of the %d frames sent on VLAN 10", k, n)
	}
	if k := count(v10, 10020) + count(v10, 10000); k != 0 {
		t.Errorf("vlan 10: %d frames of VLAN 20 or untagged", k)
	}
	if k := count(notv, 10000); k != n {
		t.Errorf("not vlan: %d of the %d untagged frames", k, n)
	}
	if k := count(notv, 10010) + count(notv, 10020); k != 0 {
		t.Errorf("not vlan: %d tagged frames", k)
	}
	if k := count(off, 10010); k != 0 {
		t.Errorf("offline form of vlan 10: %d tagged frames; the kernel was expected to remove the tag before the filter", k)
	}
	t.Logf("frames seen: vlan 10: %d, not vlan: %d, offline vlan 10: %d", len(v10.got), len(notv.got), len(off.got))
}
