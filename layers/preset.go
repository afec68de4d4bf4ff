package layers

import "github.com/goscapy/goscapy/packet"

// Dissect of a frame starting at Ethernet allocates the packet and the
// layers of its common stacks at once, in a block of one of two kinds,
// picked by the EtherType: Ethernet / IPv4 / TCP or UDP (416 bytes with
// the packet) or Ethernet / IPv6 / TCP or UDP (448 bytes). Layers of other
// stacks are allocated one by one: adding them here would make every
// packet pay for their bytes. The blocks' DecodeCommon is the decoders'
// fast path for those stacks.
const (
	etherKindIPv4 = iota
	etherKindIPv6
	etherKinds
)

// ether4Block is the block of IPv4 frames, and of any frame not IPv6.
type ether4Block struct {
	p   packet.Packet
	eth Ethernet
	ip4 IPv4
	tcp TCP
	udp UDP
}

// ether6Block is the block of IPv6 frames.
type ether6Block struct {
	p   packet.Packet
	eth Ethernet
	ip6 IPv6
	tcp TCP
	udp UDP
}

func (s *ether4Block) Packet() *packet.Packet { return &s.p }
func (s *ether6Block) Packet() *packet.Packet { return &s.p }

func (s *ether4Block) Layers() [packet.MaxPreset]packet.Layer {
	return [packet.MaxPreset]packet.Layer{&s.eth, &s.ip4, &s.tcp, &s.udp}
}

func (s *ether6Block) Layers() [packet.MaxPreset]packet.Layer {
	return [packet.MaxPreset]packet.Layer{&s.eth, &s.ip6, &s.tcp, &s.udp}
}

func (s *ether4Block) DecodeCommon(data []byte, ctx *packet.DecodeContext) (int, int, packet.LayerType, bool) {
	return decodeEtherCommon(data, ctx, &s.eth, &s.ip4, nil, &s.tcp, &s.udp)
}

func (s *ether6Block) DecodeCommon(data []byte, ctx *packet.DecodeContext) (int, int, packet.LayerType, bool) {
	return decodeEtherCommon(data, ctx, &s.eth, nil, &s.ip6, &s.tcp, &s.udp)
}

// decodeEtherCommon decodes Ethernet, then IPv4 (ip4 not nil) or IPv6 (ip6
// not nil), then TCP or UDP, with direct calls, following the generic
// decoder step by step: the same layer decoders, the same checks of
// header and payload lengths, the same bindings. It stops where the stack
// leaves these layers (802.3 framing, VLAN, ARP, ICMP, extension headers,
// fragments, an application protocol) and before a layer that does not
// decode cleanly, and the generic decoder goes on from there. None of
// these layers marks a quotation, and only TCP and UDP, which come last,
// guess their payload.
func decodeEtherCommon(data []byte, ctx *packet.DecodeContext, eth *Ethernet, ip4 *IPv4, ip6 *IPv6, tcp *TCP, udp *UDP) (off, end int, next packet.LayerType, ok bool) {
	end = len(data)
	r, err := eth.DecodeFromBytes(data, ctx)
	if err != nil {
		return 0, 0, 0, false
	}
	p := ctx.Packet
	p.Push(eth)
	off, next = r.HeaderLen, r.Next
	if r.PayloadLen >= 0 && off+r.PayloadLen < end {
		end = off + r.PayloadLen
	}
	if off >= end {
		return off, end, next, true
	}
	ctx.Offset = off
	var l3 packet.Layer
	switch {
	case next == IPv4Type && ip4 != nil:
		r, err = ip4.DecodeFromBytes(data[off:end], ctx)
		l3 = ip4
	case next == IPv6Type && ip6 != nil:
		r, err = ip6.DecodeFromBytes(data[off:end], ctx)
		l3 = ip6
	default:
		return off, end, next, true
	}
	if err != nil || uint(r.HeaderLen) > uint(end-off) {
		return off, end, next, true
	}
	p.Push(l3)
	off, next = off+r.HeaderLen, r.Next
	if r.PayloadLen >= 0 && off+r.PayloadLen < end {
		end = off + r.PayloadLen
	}
	if off >= end {
		return off, end, next, true
	}
	ctx.Offset = off
	var l4 packet.Layer
	switch next {
	case TCPType:
		r, err = tcp.DecodeFromBytes(data[off:end], ctx)
		l4 = tcp
	case UDPType:
		r, err = udp.DecodeFromBytes(data[off:end], ctx)
		l4 = udp
	default:
		return off, end, next, true
	}
	if err != nil || uint(r.HeaderLen) > uint(end-off) {
		ctx.Guess = false
		return off, end, next, true
	}
	p.Push(l4)
	off, next = off+r.HeaderLen, r.Next
	if r.PayloadLen >= 0 && off+r.PayloadLen < end {
		end = off + r.PayloadLen
	}
	return off, end, next, true
}

// etherKind picks the block by the EtherType.
func etherKind(data []byte) int {
	if len(data) >= EthHdrLen && data[ethType] == 0x86 && data[ethType+1] == 0xdd {
		return etherKindIPv6
	}
	return etherKindIPv4
}

func newEtherBlock(kind int) packet.PresetBlock {
	if kind == etherKindIPv6 {
		return new(ether6Block)
	}
	return new(ether4Block)
}

var etherPreset = packet.Preset{Kinds: etherKinds, Kind: etherKind, New: newEtherBlock}

func init() {
	packet.RegisterPreset(EthernetType, etherPreset)
}
