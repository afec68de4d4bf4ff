package stream

import (
	"encoding/binary"
	"net/netip"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// StreamIndex numbers TCP connections as tshark numbers them in its
// tcp.stream field, so that "stream N" means the same connection to both:
// from 0, in the order of the first packet of each connection; the TCP
// headers quoted by ICMP errors count (they can be the first sight of a
// connection); a SYN whose sequence number differs from the one its side
// started with begins a new stream between the same addresses and ports.
// Feed it every packet of a capture in order, IP fragments reassembled
// first. Unlike the Assembler it forgets nothing: it holds a small entry
// per connection.
type StreamIndex struct {
	m map[flowKey]*indexEntry
	n int
}

type indexEntry struct {
	stream int
	base   [2]uint32 // per side: 0 is the flowKey's a
	set    [2]bool
}

// NewStreamIndex returns an empty index.
func NewStreamIndex() *StreamIndex { return &StreamIndex{m: make(map[flowKey]*indexEntry)} }

// Streams returns how many stream numbers were given out.
func (x *StreamIndex) Streams() int { return x.n }

// Index returns the stream number of p's TCP segment (its first TCP layer
// outside an ICMP error quotation). ok is false when p has none; the TCP
// headers an ICMP error quotes are counted all the same.
func (x *StreamIndex) Index(p *packet.Packet) (stream int, ok bool) {
	stream = -1
	x.each(p, func(n int, quoted bool) {
		if !quoted && !ok {
			stream, ok = n, true
		}
	})
	return stream, ok
}

// each applies every TCP header of p in order and calls f with its stream.
func (x *StreamIndex) each(p *packet.Packet, f func(stream int, quoted bool)) {
	if p == nil {
		return
	}
	q := p.Quoted()
	ip := -1
	data := p.Data()
	for i, l := range p.Layers() {
		quoted := q > 0 && i >= q
		switch t := l.(type) {
		case *layers.IPv4, *layers.IPv6:
			ip = i
			if quoted && data != nil && i+1 < p.NumLayers() {
				// A quoted TCP header too short for the TCP layer (tshark
				// needs the first 16 bytes) is read from the raw bytes.
				if r, isRaw := p.Layer(i + 1).(*packet.Raw); isRaw && len(r.Load) >= 16 && ipProto(l) == layers.IPProtoTCP {
					src, dst := netAddrs(p, i, i+1)
					b := r.Load
					f(x.see(netip.AddrPortFrom(src, binary.BigEndian.Uint16(b)), netip.AddrPortFrom(dst, binary.BigEndian.Uint16(b[2:])),
						binary.BigEndian.Uint32(b[4:]), binary.BigEndian.Uint32(b[8:]), b[13], false), true)
				}
			}
		case *layers.TCP:
			if ip < 0 {
				continue
			}
			if fragmentBelow(p, ip, i) {
				continue // dissected only once reassembled
			}
			src, dst := netAddrs(p, ip, i)
			f(x.see(netip.AddrPortFrom(src, t.SrcPort), netip.AddrPortFrom(dst, t.DstPort), t.Seq, t.Ack, t.Flags, !quoted), quoted)
		}
	}
}

// see applies one TCP header and returns its stream.
func (x *StreamIndex) see(src, dst netip.AddrPort, seq, ack uint32, flags uint8, analyzed bool) int {
	key := keyOf(src, dst)
	d := 0
	if src != key.a {
		d = 1
	}
	e := x.m[key]
	if e == nil || flags&(layers.TCPSyn|layers.TCPAck) == layers.TCPSyn && e.set[d] && seq != e.base[d] {
		e = &indexEntry{stream: x.n}
		x.n++
		x.m[key] = e
	}
	if analyzed {
		if !e.set[d] {
			e.set[d] = true
			e.base[d] = seq
			if flags&layers.TCPSyn == 0 {
				e.base[d] = seq - 1
			}
		}
		if !e.set[1-d] && flags&layers.TCPAck != 0 {
			e.set[1-d] = true
			e.base[1-d] = ack - 1
		}
	}
	return e.stream
}

// netAddrs returns the addresses of the IP or IPv6 layer at index ip of
// p for the layer at upper: for IPv6 with a routing header between them,
// the final destination, as tshark keys its conversations.
func netAddrs(p *packet.Packet, ip, upper int) (src, dst netip.Addr) {
	switch l := p.Layer(ip).(type) {
	case *layers.IPv4:
		return l.SrcAddr(), l.DstAddr()
	case *layers.IPv6:
		src, dst = l.SrcAddr(), l.DstAddr()
		for k := ip + 1; k < upper; k++ {
			switch r := p.Layer(k).(type) {
			case *layers.IPv6Routing:
				if len(r.Addresses) > 0 && r.SegLeft.Value > 0 {
					dst = r.Addresses[len(r.Addresses)-1]
				}
			case *layers.IPv6SRH:
				if len(r.Addresses) > 0 && r.SegLeft.Value > 0 {
					dst = r.Addresses[0]
				}
			}
		}
	}
	return src, dst
}

func ipProto(l packet.Layer) uint8 {
	switch ip := l.(type) {
	case *layers.IPv4:
		return ip.Protocol.Value
	case *layers.IPv6:
		return ip.NextHeader.Value
	}
	return 0
}

// fragmentBelow reports whether the IP layer at ip (or an IPv6 fragment
// header between it and layer i) marks a fragment.
func fragmentBelow(p *packet.Packet, ip, i int) bool {
	if v4, ok := p.Layer(ip).(*layers.IPv4); ok {
		return v4.Flags&layers.IPv4MoreFragments != 0 || v4.FragOff != 0
	}
	for k := ip + 1; k < i; k++ {
		if _, ok := p.Layer(k).(*layers.IPv6Fragment); ok {
			return true
		}
	}
	return false
}
