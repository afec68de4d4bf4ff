//go:build linux

package lab

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"os"
	"time"

	"github.com/goscapy/goscapy/fields"

	"golang.org/x/sys/unix"
)

// nl is a rtnetlink socket of the namespace it was opened in.
type nl struct {
	fd  int
	seq uint32
}

func openNL() (*nl, error) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		return nil, os.NewSyscallError("netlink socket", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		unix.Close(fd)
		return nil, os.NewSyscallError("netlink bind", err)
	}
	tv := unix.NsecToTimeval(int64(5 * time.Second))
	unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv)
	return &nl{fd: fd}, nil
}

func (c *nl) close() { unix.Close(c.fd) }

const vethInfoPeer = 1

func align4(n int) int { return (n + 3) &^ 3 }

func attr(typ uint16, val []byte) []byte {
	b := make([]byte, 4, align4(4+len(val)))
	binary.NativeEndian.PutUint16(b, uint16(4+len(val)))
	binary.NativeEndian.PutUint16(b[2:], typ)
	b = append(b, val...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

func attrU32(typ uint16, v uint32) []byte {
	var b [4]byte
	binary.NativeEndian.PutUint32(b[:], v)
	return attr(typ, b[:])
}

func attrStr(typ uint16, s string) []byte { return attr(typ, append([]byte(s), 0)) }

func nested(typ uint16, parts ...[]byte) []byte {
	var v []byte
	for _, p := range parts {
		v = append(v, p...)
	}
	return attr(typ, v)
}

// ifinfomsg returns a struct ifinfomsg.
func ifinfomsg(index int32, flags, change uint32) []byte {
	b := make([]byte, unix.SizeofIfInfomsg)
	b[0] = unix.AF_UNSPEC
	binary.NativeEndian.PutUint32(b[4:], uint32(index))
	binary.NativeEndian.PutUint32(b[8:], flags)
	binary.NativeEndian.PutUint32(b[12:], change)
	return b
}

// request sends one message and waits for its acknowledgement.
func (c *nl) request(typ, flags uint16, body ...[]byte) error {
	c.seq++
	msg := make([]byte, unix.SizeofNlMsghdr)
	for _, b := range body {
		msg = append(msg, b...)
	}
	binary.NativeEndian.PutUint32(msg, uint32(len(msg)))
	binary.NativeEndian.PutUint16(msg[4:], typ)
	binary.NativeEndian.PutUint16(msg[6:], flags|unix.NLM_F_REQUEST|unix.NLM_F_ACK)
	binary.NativeEndian.PutUint32(msg[8:], c.seq)
	if err := unix.Sendto(c.fd, msg, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return os.NewSyscallError("netlink send", err)
	}
	buf := make([]byte, 1<<16)
	for {
		n, _, err := unix.Recvfrom(c.fd, buf, 0)
		if err != nil {
			return os.NewSyscallError("netlink receive", err)
		}
		b := buf[:n]
		for len(b) >= unix.SizeofNlMsghdr {
			l := int(binary.NativeEndian.Uint32(b))
			if l < unix.SizeofNlMsghdr || l > len(b) {
				return fmt.Errorf("netlink: malformed answer")
			}
			t := binary.NativeEndian.Uint16(b[4:])
			seq := binary.NativeEndian.Uint32(b[8:])
			if seq == c.seq && t == unix.NLMSG_ERROR {
				if l < unix.SizeofNlMsghdr+4 {
					return fmt.Errorf("netlink: short error message")
				}
				if e := int32(binary.NativeEndian.Uint32(b[16:])); e != 0 {
					return unix.Errno(-e)
				}
				return nil
			}
			b = b[align4(l):]
		}
	}
}

const createFlags = unix.NLM_F_CREATE | unix.NLM_F_EXCL

// addVeth creates the veth pair name (here) and peer (in the namespace
// of peerNS, an open namespace file).
func (c *nl) addVeth(name string, mac fields.MAC, peer string, peerMAC fields.MAC, peerNS int) error {
	peerInfo := append(ifinfomsg(0, 0, 0), attrStr(unix.IFLA_IFNAME, peer)...)
	peerInfo = append(peerInfo, attr(unix.IFLA_ADDRESS, peerMAC[:])...)
	peerInfo = append(peerInfo, attrU32(unix.IFLA_NET_NS_FD, uint32(peerNS))...)
	err := c.request(unix.RTM_NEWLINK, createFlags, ifinfomsg(0, 0, 0),
		attrStr(unix.IFLA_IFNAME, name), attr(unix.IFLA_ADDRESS, mac[:]),
		nested(unix.IFLA_LINKINFO, attrStr(unix.IFLA_INFO_KIND, "veth"),
			nested(unix.IFLA_INFO_DATA, attr(vethInfoPeer, peerInfo))))
	if err != nil {
		return fmt.Errorf("creating veth %s-%s: %w", name, peer, err)
	}
	return nil
}

// addBridge creates a bridge without STP, forward delay or multicast
// snooping.
func (c *nl) addBridge(name string, mac fields.MAC) error {
	err := c.request(unix.RTM_NEWLINK, createFlags, ifinfomsg(0, 0, 0),
		attrStr(unix.IFLA_IFNAME, name), attr(unix.IFLA_ADDRESS, mac[:]),
		nested(unix.IFLA_LINKINFO, attrStr(unix.IFLA_INFO_KIND, "bridge"),
			nested(unix.IFLA_INFO_DATA, attrU32(unix.IFLA_BR_STP_STATE, 0),
				attrU32(unix.IFLA_BR_FORWARD_DELAY, 0), attr(unix.IFLA_BR_MCAST_SNOOPING, []byte{0}))))
	if err != nil {
		return fmt.Errorf("creating bridge %s: %w", name, err)
	}
	return nil
}

// setUp brings a link up; master, when positive, enslaves it to that
// interface index.
func (c *nl) setUp(name string, master int) error {
	parts := [][]byte{ifinfomsg(0, unix.IFF_UP, unix.IFF_UP), attrStr(unix.IFLA_IFNAME, name)}
	if master > 0 {
		parts = append(parts, attrU32(unix.IFLA_MASTER, uint32(master)))
	}
	if err := c.request(unix.RTM_NEWLINK, 0, parts...); err != nil {
		return fmt.Errorf("setting %s up: %w", name, err)
	}
	return nil
}

// addAddr adds an address (without duplicate address detection for
// IPv6).
func (c *nl) addAddr(index int, p netip.Prefix) error {
	m := make([]byte, unix.SizeofIfAddrmsg)
	a := p.Addr()
	m[0] = unix.AF_INET
	if a.Is6() {
		m[0] = unix.AF_INET6
		m[2] = unix.IFA_F_NODAD
	}
	m[1] = byte(p.Bits())
	binary.NativeEndian.PutUint32(m[4:], uint32(index))
	if err := c.request(unix.RTM_NEWADDR, createFlags, m, attr(unix.IFA_LOCAL, a.AsSlice()), attr(unix.IFA_ADDRESS, a.AsSlice())); err != nil {
		return fmt.Errorf("adding address %s: %w", p, err)
	}
	return nil
}

// addDefault adds a default route through gw.
func (c *nl) addDefault(gw netip.Addr) error {
	m := make([]byte, unix.SizeofRtMsg)
	m[0] = unix.AF_INET
	if gw.Is6() {
		m[0] = unix.AF_INET6
	}
	m[4], m[5], m[6], m[7] = unix.RT_TABLE_MAIN, unix.RTPROT_BOOT, unix.RT_SCOPE_UNIVERSE, unix.RTN_UNICAST
	if err := c.request(unix.RTM_NEWROUTE, createFlags, m, attr(unix.RTA_GATEWAY, gw.AsSlice())); err != nil {
		return fmt.Errorf("adding default route via %s: %w", gw, err)
	}
	return nil
}
