//go:build linux

package scan

import (
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/goscapy/goscapy/route"
	"github.com/goscapy/goscapy/sendrecv"
	"golang.org/x/sys/unix"
)

type linuxTransport struct {
	in       *sendrecv.L2Conn
	out4     *sendrecv.L3Conn
	out6     *sendrecv.L3Conn
	link     uint32
	nDropped uint64
}

// routeTo looks up the kernel's route to dst: the interface and source.
func routeTo(dst netip.Addr) (route.Route, error) {
	r, err := route.Lookup(dst)
	if err != nil {
		if errors.Is(err, route.ErrNoRoute) {
			return r, fmt.Errorf("scan: no route to %v: %w", dst, err)
		}
		return r, fmt.Errorf("scan: route to %v: %w", dst, err)
	}
	return r, nil
}

func openTransport(s *scanner) (transport, error) {
	v4, v6 := s.cfg.Targets.Families()
	ifaces := map[string]bool{}
	var named route.Interface
	if s.cfg.Iface != "" {
		ifc, err := route.InterfaceByName(s.cfg.Iface)
		if err != nil && !errors.Is(err, route.ErrNoInterface) {
			return nil, fmt.Errorf("scan: %w", err)
		}
		named = ifc // an unknown name fails below, when the socket is opened
	}
	for _, fam := range []int{4, 6} {
		if fam == 4 && !v4 || fam == 6 && !v6 {
			continue
		}
		src := &s.src4
		if fam == 6 {
			src = &s.src6
		}
		dst := s.cfg.Targets.First(fam)
		if s.cfg.Iface != "" {
			// the named interface's address, else the route's source
			if !src.IsValid() {
				if fam == 4 {
					*src, _ = named.Addr4(dst)
				} else {
					*src, _ = named.Addr6(dst)
					if src.IsLinkLocalUnicast() && !dst.IsLinkLocalUnicast() {
						*src = netip.Addr{} // the route's global source instead
					}
				}
			}
			if src.IsValid() || named.Index == 0 {
				continue
			}
		}
		r, err := routeTo(dst)
		if err != nil {
			return nil, err
		}
		if !src.IsValid() {
			if !r.Src.IsValid() {
				return nil, fmt.Errorf("scan: no IPv%d source address for %v (set Source)", fam, dst)
			}
			*src = r.Src.WithZone("")
		}
		ifaces[r.Iface] = true
	}
	listen := s.cfg.Iface
	if listen == "" && len(ifaces) == 1 {
		for name := range ifaces {
			listen = name
		}
	}
	t := &linuxTransport{}
	filter := fmt.Sprintf("(tcp dst port %d) or icmp or icmp6", s.sport)
	in, err := sendrecv.OpenL2(listen, sendrecv.WithFilter(filter), sendrecv.WithoutOutgoing(), sendrecv.WithSnapLen(256))
	if err != nil {
		return nil, err
	}
	t.in, t.link = in, in.LinkType()
	var opts []sendrecv.Option
	if s.cfg.Iface != "" {
		opts = append(opts, sendrecv.WithInterface(s.cfg.Iface))
	}
	if v4 {
		if t.out4, err = sendrecv.OpenL3(4, opts...); err != nil {
			t.close()
			return nil, err
		}
	}
	if v6 {
		if t.out6, err = sendrecv.OpenL3(6, opts...); err != nil {
			t.close()
			return nil, err
		}
	}
	return t, nil
}

func (t *linuxTransport) write(pkts [][]byte) (int, error) {
	if len(pkts) == 0 {
		return 0, nil
	}
	c := t.out4
	if len(pkts[0]) > 0 && pkts[0][0]>>4 == 6 {
		c = t.out6
	}
	if c == nil {
		return 0, errors.New("scan: no socket for the probe's address family")
	}
	return c.WriteBatch(pkts)
}

func (t *linuxTransport) read(buf []byte) (int, time.Time, error) {
	for {
		n, info, err := t.in.ReadPacket(buf)
		if err != nil {
			return 0, time.Time{}, err
		}
		if info.Outgoing() {
			continue
		}
		return n, info.Timestamp, nil
	}
}

func (t *linuxTransport) setReadDeadline(d time.Time) error { return t.in.SetReadDeadline(d) }

func (t *linuxTransport) linkType() uint32 { return t.link }

func (t *linuxTransport) dropped() uint64 {
	if _, d, err := t.in.Stats(); err == nil {
		t.nDropped += uint64(d)
	}
	return t.nDropped
}

func (t *linuxTransport) close() error {
	var errs []error
	if t.in != nil {
		errs = append(errs, t.in.Close())
	}
	if t.out4 != nil {
		errs = append(errs, t.out4.Close())
	}
	if t.out6 != nil {
		errs = append(errs, t.out6.Close())
	}
	return errors.Join(errs...)
}

func noBuffers(err error) bool { return errors.Is(err, unix.ENOBUFS) }

// sendRefused reports the errors of a send that concern only the probe's
// destination, with the reason its port is filtered.
func sendRefused(err error) (string, bool) {
	switch {
	case errors.Is(err, unix.ENETUNREACH):
		return "local-net-unreach", true
	case errors.Is(err, unix.EHOSTUNREACH):
		return "local-host-unreach", true
	case errors.Is(err, unix.EACCES), errors.Is(err, unix.EPERM):
		return "local-prohibited", true
	}
	return "", false
}
