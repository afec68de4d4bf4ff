package layers

import "github.com/goscapy/goscapy/packet"

// ethernetPreset (416 bytes with the packet) is what packet.Dissect allocates at once for a frame
// starting at Ethernet: the packet and the layers of the common stacks
// (Ethernet / IPv4 / TCP or UDP; the layers of other stacks are
// allocated one by one, and adding them here would make every packet
// pay for their bytes). Its DecodeCommon is the decoders' fast path for
// those stacks.
type ethernetPreset struct {
	p   packet.Packet
	eth Ethernet
	ip4 IPv4
	tcp TCP
	udp UDP
}

func (s *ethernetPreset) Packet() *packet.Packet { return &s.p }

func (s *ethernetPreset) Layers() [packet.MaxPreset]packet.Layer {
	return [packet.MaxPreset]packet.Layer{&s.eth, &s.ip4, &s.tcp, &s.udp}
}

// DecodeCommon decodes Ethernet / IPv4 / TCP or UDP with direct calls,
// following the generic decoder step by step: the same layer decoders,
// the same checks of header and payload lengths, the same bindings. Any
// other stack (802.3 framing, VLAN, IPv6, fragments, other protocols),
// an IPv4 packet without payload and any decode error go to the generic
// decoder.
func (s *ethernetPreset) DecodeCommon(data []byte, ctx *packet.DecodeContext) (off, end int, next packet.LayerType, ok bool) {
	end = len(data)
	r, err := s.eth.DecodeFromBytes(data, ctx)
	if err != nil || r.Next != IPv4Type || r.PayloadLen >= 0 {
		return 0, 0, 0, false
	}
	off = r.HeaderLen
	ctx.Offset = off
	r, err = s.ip4.DecodeFromBytes(data[off:], ctx)
	if err != nil || uint(r.HeaderLen) > uint(end-off) {
		return 0, 0, 0, false
	}
	off += r.HeaderLen
	if r.PayloadLen >= 0 && off+r.PayloadLen < end {
		end = off + r.PayloadLen
	}
	if off >= end {
		return 0, 0, 0, false
	}
	ctx.Offset = off
	var top packet.Layer
	switch r.Next {
	case TCPType:
		r, err = s.tcp.DecodeFromBytes(data[off:end], ctx)
		top = &s.tcp
	case UDPType:
		r, err = s.udp.DecodeFromBytes(data[off:end], ctx)
		top = &s.udp
	default:
		return 0, 0, 0, false
	}
	if err != nil || uint(r.HeaderLen) > uint(end-off) || ctx.Quote {
		return 0, 0, 0, false
	}
	ctx.Packet.Append(&s.eth, &s.ip4, top)
	off += r.HeaderLen
	if r.PayloadLen >= 0 && off+r.PayloadLen < end {
		end = off + r.PayloadLen
	}
	return off, end, r.Next, true
}

func newEthernetPreset() packet.PresetBlock { return new(ethernetPreset) }

func init() {
	packet.RegisterPreset(EthernetType,
		[]packet.LayerType{EthernetType, IPv4Type, TCPType, UDPType},
		newEthernetPreset)
}
