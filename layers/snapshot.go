package layers

import (
	"bytes"

	"github.com/goscapy/goscapy/packet"
)

// Snapshots of the common layers, so that a prepared packet of them is
// rebuilt by copying its last bytes while nothing changed (see
// packet.Snapshotter). Each Unchanged compares every field SerializeTo
// and the build hooks read, and the bytes behind every slice.

// snapOf returns dst as a *T, or a new T when dst is nil or another type.
func snapOf[T any](dst packet.Layer) *T {
	if s, ok := dst.(interface{ snapPtr() *T }); ok {
		return s.snapPtr()
	}
	return new(T)
}

func (e *Ethernet) snapPtr() *Ethernet { return e }
func (ip *IPv4) snapPtr() *IPv4        { return ip }
func (ip *IPv6) snapPtr() *IPv6        { return ip }
func (t *TCP) snapPtr() *TCP           { return t }
func (u *UDP) snapPtr() *UDP           { return u }
func (c *ICMP) snapPtr() *ICMP         { return c }
func (a *ARP) snapPtr() *ARP           { return a }

// cloneInto copies src into dst's storage; nil stays nil.
func cloneInto(dst, src []byte) []byte {
	if src == nil {
		return nil
	}
	return append(dst[:0], src...)
}

// sameBytes compares two byte slices, nil and empty apart.
func sameBytes(a, b []byte) bool {
	return (a == nil) == (b == nil) && bytes.Equal(a, b)
}

// cloneOptions copies src into dst's storage (dst has length 0), each
// option's data into the storage the option at its place in dst held:
// the copy owns its bytes, and a snapshot taken again reuses them.
func cloneOptions[O any](dst, src []O, data func(*O) *[]byte) []O {
	for i, o := range src {
		var keep []byte
		if i < cap(dst) {
			keep = *data(&dst[:i+1][i])
		}
		*data(&o) = cloneInto(keep, *data(&o))
		dst = append(dst, o)
	}
	return dst
}

// Snapshot implements packet.Snapshotter.
func (e *Ethernet) Snapshot(dst packet.Layer) packet.Layer {
	s := snapOf[Ethernet](dst)
	*s = *e
	return s
}

// Unchanged implements packet.Snapshotter.
func (e *Ethernet) Unchanged(s packet.Layer) bool {
	o, ok := s.(*Ethernet)
	return ok && *e == *o
}

// Snapshot implements packet.Snapshotter.
func (ip *IPv4) Snapshot(dst packet.Layer) packet.Layer {
	s := snapOf[IPv4](dst)
	opts := s.Options[:0]
	*s = *ip
	s.Options = nil
	if ip.Options != nil {
		s.Options = cloneOptions(opts, ip.Options, func(o *IPOption) *[]byte { return &o.Data })
	}
	return s
}

// Unchanged implements packet.Snapshotter.
func (ip *IPv4) Unchanged(s packet.Layer) bool {
	o, ok := s.(*IPv4)
	if !ok || ip.Version != o.Version || ip.IHL != o.IHL || ip.TOS != o.TOS || ip.Len != o.Len ||
		ip.ID != o.ID || ip.Flags != o.Flags || ip.FragOff != o.FragOff || ip.TTL != o.TTL ||
		ip.Protocol != o.Protocol || ip.Checksum != o.Checksum || ip.Src != o.Src || ip.Dst != o.Dst ||
		len(ip.Options) != len(o.Options) || (ip.Options == nil) != (o.Options == nil) {
		return false
	}
	for i := range ip.Options {
		a, b := &ip.Options[i], &o.Options[i]
		if a.Type != b.Type || a.Length != b.Length || a.Bad != b.Bad || !sameBytes(a.Data, b.Data) {
			return false
		}
	}
	return true
}

// Snapshot implements packet.Snapshotter.
func (ip *IPv6) Snapshot(dst packet.Layer) packet.Layer {
	s := snapOf[IPv6](dst)
	*s = *ip
	return s
}

// Unchanged implements packet.Snapshotter.
func (ip *IPv6) Unchanged(s packet.Layer) bool {
	o, ok := s.(*IPv6)
	return ok && ip.Version == o.Version && ip.TrafficClass == o.TrafficClass && ip.FlowLabel == o.FlowLabel &&
		ip.PayloadLen == o.PayloadLen && ip.NextHeader == o.NextHeader && ip.HopLimit == o.HopLimit &&
		ip.Src == o.Src && ip.Dst == o.Dst
}

// Snapshot implements packet.Snapshotter.
func (t *TCP) Snapshot(dst packet.Layer) packet.Layer {
	s := snapOf[TCP](dst)
	set, raw := s.set, s.raw
	*s = *t
	s.set, s.raw = nil, nil
	if t.set == nil {
		s.raw = cloneInto(raw, t.raw)
		return s
	}
	if set == nil {
		set = new([]TCPOption)
	}
	*set = cloneOptions((*set)[:0], *t.set, func(o *TCPOption) *[]byte { return &o.Data })
	s.set = set
	return s
}

// Unchanged implements packet.Snapshotter.
func (t *TCP) Unchanged(s packet.Layer) bool {
	o, ok := s.(*TCP)
	if !ok || t.SrcPort != o.SrcPort || t.DstPort != o.DstPort || t.Seq != o.Seq || t.Ack != o.Ack ||
		t.DataOffset != o.DataOffset || t.Reserved != o.Reserved || t.Flags != o.Flags ||
		t.Window != o.Window || t.Checksum != o.Checksum || t.Urgent != o.Urgent ||
		(t.set == nil) != (o.set == nil) {
		return false
	}
	if t.set == nil {
		return string(t.raw) == string(o.raw)
	}
	to, oo := *t.set, *o.set
	if len(to) != len(oo) {
		return false
	}
	oo = oo[:len(to)]
	for i := range to {
		a, b := &to[i], &oo[i]
		if a.Kind != b.Kind || a.Length != b.Length || a.Bad != b.Bad || len(a.Data) != len(b.Data) ||
			(a.Data == nil) != (b.Data == nil) || string(a.Data) != string(b.Data) {
			return false
		}
	}
	return true
}

// Snapshot implements packet.Snapshotter.
func (u *UDP) Snapshot(dst packet.Layer) packet.Layer {
	s := snapOf[UDP](dst)
	*s = *u
	return s
}

// Unchanged implements packet.Snapshotter.
func (u *UDP) Unchanged(s packet.Layer) bool {
	o, ok := s.(*UDP)
	return ok && *u == *o
}

// Snapshot implements packet.Snapshotter.
func (c *ICMP) Snapshot(dst packet.Layer) packet.Layer {
	s := snapOf[ICMP](dst)
	*s = *c
	return s
}

// Unchanged implements packet.Snapshotter. Timestamp messages whose
// times are left to the build (the time of building) always change.
func (c *ICMP) Unchanged(s packet.Layer) bool {
	o, ok := s.(*ICMP)
	if !ok || *c != *o {
		return false
	}
	if c.Type == 13 || c.Type == 14 {
		return c.TSOri.Valid && c.TSRx.Valid && c.TSTx.Valid
	}
	return true
}

// Snapshot implements packet.Snapshotter.
func (a *ARP) Snapshot(dst packet.Layer) packet.Layer {
	s := snapOf[ARP](dst)
	hs, hd, ps, pd := s.HwSrcRaw, s.HwDstRaw, s.PSrcRaw, s.PDstRaw
	*s = *a
	s.HwSrcRaw, s.HwDstRaw = cloneInto(hs, a.HwSrcRaw), cloneInto(hd, a.HwDstRaw)
	s.PSrcRaw, s.PDstRaw = cloneInto(ps, a.PSrcRaw), cloneInto(pd, a.PDstRaw)
	return s
}

// Unchanged implements packet.Snapshotter.
func (a *ARP) Unchanged(s packet.Layer) bool {
	o, ok := s.(*ARP)
	return ok && a.HwType == o.HwType && a.PType == o.PType && a.HwLen == o.HwLen && a.PLen == o.PLen &&
		a.Op == o.Op && a.HwSrc == o.HwSrc && a.PSrc == o.PSrc && a.HwDst == o.HwDst && a.PDst == o.PDst &&
		sameBytes(a.HwSrcRaw, o.HwSrcRaw) && sameBytes(a.HwDstRaw, o.HwDstRaw) &&
		sameBytes(a.PSrcRaw, o.PSrcRaw) && sameBytes(a.PDstRaw, o.PDstRaw)
}

var (
	_ packet.Snapshotter = (*Ethernet)(nil)
	_ packet.Snapshotter = (*IPv4)(nil)
	_ packet.Snapshotter = (*IPv6)(nil)
	_ packet.Snapshotter = (*TCP)(nil)
	_ packet.Snapshotter = (*UDP)(nil)
	_ packet.Snapshotter = (*ICMP)(nil)
	_ packet.Snapshotter = (*ARP)(nil)
)
