package stream

import (
	"encoding/binary"
	"net/netip"
	"time"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Segment is one TCP segment as the Assembler sees it: the endpoints, the
// header values it uses and the payload. SegmentOf fills one from a
// dissected packet; a program with its own decoder fills it by hand.
type Segment struct {
	Src, Dst netip.AddrPort
	Seq, Ack uint32
	Flags    uint8 // layers.TCPSyn, layers.TCPAck, ...
	// Payload is the captured payload. It is not copied: in-order bytes
	// are handed to the Handler as sub-slices of it.
	Payload []byte
	// WireLen is the payload length the IP header gives, which is larger
	// than len(Payload) when the capture cut the packet short (snapshot
	// length). Zero means len(Payload).
	WireLen int
	// Seen is the capture time.
	Seen time.Time
}

// wireLen is the sequence space the payload takes.
func (s *Segment) wireLen() int {
	if s.WireLen < len(s.Payload) {
		return len(s.Payload)
	}
	return s.WireLen
}

// SegmentOf fills s from a dissected packet: the first TCP layer that is
// not quoted by an ICMP error, the addresses of the IP or IPv6 layer
// below it (the innermost one in a tunnel), and the payload bounded by the
// IP length (Ethernet padding is left out). It reports false, leaving the
// payload fields unset, for a packet without such a layer, for a fragment
// of an IP datagram (reassemble it first), for a TCP header whose data
// offset is below 5 words, and for a packet whose IP length does not hold
// the TCP header, as tshark's TCP analysis does. It does not allocate.
func SegmentOf(p *packet.Packet, s *Segment) bool {
	if p == nil {
		return false
	}
	ti, ii := tcpIndex(p)
	if ti < 0 || ii < 0 {
		return false
	}
	t := p.Layer(ti).(*layers.TCP)
	src, dst := netAddrs(p, ii, ti)
	fragmented := false
	data := p.Data()
	ipOff := packet.LayerOffset(p, ii)
	wireEnd := -1
	switch ip := p.Layer(ii).(type) {
	case *layers.IPv4:
		fragmented = ip.Flags&layers.IPv4MoreFragments != 0 || ip.FragOff != 0
		if int(ip.Len.Value) >= int(ip.IHL.Value)*4 && ip.Len.Value != 0 {
			wireEnd = ipOff + int(ip.Len.Value)
		}
	case *layers.IPv6:
		if ip.PayloadLen.Value != 0 || ip.NextHeader.Value == layers.IPProtoNoNext {
			wireEnd = ipOff + layers.IPv6HdrLen + int(ip.PayloadLen.Value)
		}
		for k := ii + 1; k < ti; k++ {
			if _, ok := p.Layer(k).(*layers.IPv6Fragment); ok {
				fragmented = true
			}
		}
	}
	if fragmented || data == nil {
		return false
	}
	tcpOff := packet.LayerOffset(p, ti)
	hl := int(t.DataOffset.Value) * 4
	if hl < layers.TCPMinLen || tcpOff+layers.TCPMinLen > len(data) ||
		binary.BigEndian.Uint16(data[tcpOff:]) != t.SrcPort || binary.BigEndian.Uint32(data[tcpOff+4:]) != t.Seq {
		return false
	}
	start := tcpOff + hl
	if wireEnd < 0 {
		wireEnd = len(data) // no usable IP length (segmentation offload): what was captured
	}
	if wireEnd < start {
		return false
	}
	end := min(wireEnd, len(data))
	*s = Segment{
		Src: netip.AddrPortFrom(src, t.SrcPort), Dst: netip.AddrPortFrom(dst, t.DstPort),
		Seq: t.Seq, Ack: t.Ack, Flags: t.Flags,
		WireLen: wireEnd - start,
		Seen:    p.Metadata.Timestamp,
	}
	if end > start {
		s.Payload = data[start:end:end]
	}
	return true
}

// tcpIndex returns the index of the first TCP layer outside an ICMP error
// quotation and of the IP or IPv6 layer closest below it, or -1.
func tcpIndex(p *packet.Packet) (ti, ii int) {
	ti, ii = -1, -1
	n := p.NumLayers()
	if q := p.Quoted(); q > 0 {
		n = q
	}
	for i := 0; i < n; i++ {
		switch p.Layer(i).(type) {
		case *layers.IPv4, *layers.IPv6:
			ii = i
		case *layers.TCP:
			return i, ii
		}
	}
	return -1, -1
}
