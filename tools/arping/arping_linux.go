//go:build linux

package arping

import (
	"net/netip"
	"time"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/route"
	"github.com/goscapy/goscapy/sendrecv"
)

type linuxTransport struct{ c *sendrecv.L2Conn }

// open opens the socket on cfg.Iface and picks the source address.
func open(cfg *Config) (transport, fields.MAC, netip.Addr, error) {
	c, err := sendrecv.OpenL2(cfg.Iface, sendrecv.WithFilter("arp and arp[6:2] = 2"), sendrecv.WithoutOutgoing())
	if err != nil {
		return nil, fields.MAC{}, netip.Addr{}, err
	}
	src := cfg.Source.Unmap()
	if !src.IsValid() {
		ifc, err := route.InterfaceByName(cfg.Iface)
		if err != nil {
			c.Close()
			return nil, fields.MAC{}, netip.Addr{}, err
		}
		pfx := cfg.Prefix.Addr().Unmap()
		src, _ = ifc.Addr4(pfx)
		for _, p := range ifc.Addrs {
			if p.Addr().Is4() && netip.PrefixFrom(pfx, cfg.Prefix.Bits()).Masked().Contains(p.Addr()) {
				src = p.Addr()
				break
			}
		}
	}
	return linuxTransport{c}, c.MAC(), src, nil
}

func (t linuxTransport) write(frame []byte) error { return t.c.WritePacket(frame) }

func (t linuxTransport) read(buf []byte) (int, time.Time, error) {
	for {
		n, info, err := t.c.ReadPacket(buf)
		if err != nil {
			return 0, time.Time{}, err
		}
		if !info.Outgoing() {
			return n, info.Timestamp, nil
		}
	}
}

func (t linuxTransport) setReadDeadline(d time.Time) error { return t.c.SetReadDeadline(d) }

func (t linuxTransport) close() error { return t.c.Close() }
