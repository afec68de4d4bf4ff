package layers

import (
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// Dissect of a frame starting at Ethernet allocates the packet and the
// layers of its common stack at once, in a block of one of four kinds
// picked by the EtherType and the IP protocol: Ethernet / IPv4 / TCP
// (384 bytes with the packet), Ethernet / IPv4 / UDP (352), Ethernet /
// IPv6 / TCP (416) or Ethernet / IPv6 / UDP (384). Layers of other stacks
// are allocated one by one: adding them here would make every packet pay
// for their bytes. The blocks' DecodeCommon is the decoders' fast path
// for those stacks.
const (
	etherKind4UDP = iota // also the block of frames neither IPv4 nor IPv6
	etherKind4TCP
	etherKind6UDP
	etherKind6TCP
	etherKinds
)

// etherAllBlock is the block a Decoder reuses for every frame.
type etherAllBlock struct {
	p   packet.Packet
	eth Ethernet
	ip4 IPv4
	ip6 IPv6
	tcp TCP
	udp UDP
}

func (s *etherAllBlock) Packet() *packet.Packet { return &s.p }

func (s *etherAllBlock) Layers() [packet.MaxPreset]packet.Layer {
	return [packet.MaxPreset]packet.Layer{&s.eth, &s.ip4, &s.ip6, &s.tcp, &s.udp}
}

func (s *etherAllBlock) DecodeCommon(data []byte, ctx *packet.DecodeContext) (int, int, packet.LayerType, bool) {
	return decodeEtherCommon(data, ctx, &s.eth, &s.ip4, &s.ip6, &s.tcp, &s.udp)
}

type ether4TCPBlock struct {
	p   packet.Packet
	eth Ethernet
	ip4 IPv4
	tcp TCP
}

type ether4UDPBlock struct {
	p   packet.Packet
	eth Ethernet
	ip4 IPv4
	udp UDP
}

type ether6TCPBlock struct {
	p   packet.Packet
	eth Ethernet
	ip6 IPv6
	tcp TCP
}

type ether6UDPBlock struct {
	p   packet.Packet
	eth Ethernet
	ip6 IPv6
	udp UDP
}

func (s *ether4TCPBlock) Packet() *packet.Packet { return &s.p }
func (s *ether4UDPBlock) Packet() *packet.Packet { return &s.p }
func (s *ether6TCPBlock) Packet() *packet.Packet { return &s.p }
func (s *ether6UDPBlock) Packet() *packet.Packet { return &s.p }

func (s *ether4TCPBlock) Layers() [packet.MaxPreset]packet.Layer {
	return [packet.MaxPreset]packet.Layer{&s.eth, &s.ip4, &s.tcp}
}

func (s *ether4UDPBlock) Layers() [packet.MaxPreset]packet.Layer {
	return [packet.MaxPreset]packet.Layer{&s.eth, &s.ip4, &s.udp}
}

func (s *ether6TCPBlock) Layers() [packet.MaxPreset]packet.Layer {
	return [packet.MaxPreset]packet.Layer{&s.eth, &s.ip6, &s.tcp}
}

func (s *ether6UDPBlock) Layers() [packet.MaxPreset]packet.Layer {
	return [packet.MaxPreset]packet.Layer{&s.eth, &s.ip6, &s.udp}
}

func (s *ether4TCPBlock) DecodeCommon(data []byte, ctx *packet.DecodeContext) (int, int, packet.LayerType, bool) {
	return decodeEtherCommon(data, ctx, &s.eth, &s.ip4, nil, &s.tcp, nil)
}

func (s *ether4UDPBlock) DecodeCommon(data []byte, ctx *packet.DecodeContext) (int, int, packet.LayerType, bool) {
	return decodeEtherCommon(data, ctx, &s.eth, &s.ip4, nil, nil, &s.udp)
}

func (s *ether6TCPBlock) DecodeCommon(data []byte, ctx *packet.DecodeContext) (int, int, packet.LayerType, bool) {
	return decodeEtherCommon(data, ctx, &s.eth, nil, &s.ip6, &s.tcp, nil)
}

func (s *ether6UDPBlock) DecodeCommon(data []byte, ctx *packet.DecodeContext) (int, int, packet.LayerType, bool) {
	return decodeEtherCommon(data, ctx, &s.eth, nil, &s.ip6, nil, &s.udp)
}

// decodeEtherCommon decodes Ethernet, then IPv4 (ip4 not nil) or IPv6 (ip6
// not nil), then TCP (tcp not nil) or UDP (udp not nil), with direct calls, following the generic
// decoder step by step: the same layer decoders, the same checks of
// header and payload lengths, the same bindings. It stops where the stack
// leaves these layers (802.3 framing, VLAN, ARP, ICMP, extension headers,
// fragments, an application protocol) and before a layer that does not
// decode cleanly, and the generic decoder goes on from there. None of
// these layers marks a quotation, and only TCP and UDP, which come last,
// guess their payload.
func decodeEtherCommon(data []byte, ctx *packet.DecodeContext, eth *Ethernet, ip4 *IPv4, ip6 *IPv6, tcp *TCP, udp *UDP) (off, end int, next packet.LayerType, ok bool) {
	end = len(data)
	p := ctx.Packet
	var r packet.DecodeResult
	var err error
	if ip4 != nil && len(data) > EthHdrLen+IPv4MinLen && data[ethType] == 0x08 && data[ethType+1] == 0x00 && data[EthHdrLen] == 0x45 {
		// The usual frame, IPv4 without options: Ethernet's and IPv4's
		// decoders written out, to save their calls.
		eth.Dst = fields.MAC(data[ethDst : ethDst+6])
		eth.Src = fields.MAC(data[ethSrc : ethSrc+6])
		eth.Type = fields.Some(uint16(EtherTypeIPv4))
		p.Push(eth)
		off, next = EthHdrLen, ethTypeKey.Next(EtherTypeIPv4)
		if next != IPv4Type {
			return off, end, next, true
		}
		ctx.Offset = off
		h := (*[IPv4MinLen]byte)(data[EthHdrLen : EthHdrLen+IPv4MinLen])
		ip4.decodePlain(h)
		pl := int(ip4.Len.Value) - IPv4MinLen
		next = 0
		if ip4.FragOff == 0 {
			next = ipv4ProtoKey.Next(uint64(ip4.Protocol.Value))
		}
		p.Push(ip4)
		off = EthHdrLen + IPv4MinLen
		if pl >= 0 && off+pl < end {
			end = off + pl
		}
	} else {
		r, err = eth.DecodeFromBytes(data, ctx)
		if err != nil {
			return 0, 0, 0, false
		}
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
	}
	if off >= end {
		return off, end, next, true
	}
	ctx.Offset = off
	var l4 packet.Layer
	switch {
	case next == TCPType && tcp != nil:
		r, err = tcp.DecodeFromBytes(data[off:end], ctx)
		l4 = tcp
	case next == UDPType && udp != nil:
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

// etherKind picks the block by the EtherType and the IP protocol (a
// frame cut short gets any block: its fast path stops early).
func etherKind(data []byte) int {
	if len(data) < EthHdrLen+IPv4MinLen {
		return etherKind4UDP
	}
	switch be16(data[ethType:]) {
	case EtherTypeIPv4:
		if data[EthHdrLen+ip4Proto] == IPProtoTCP {
			return etherKind4TCP
		}
	case EtherTypeIPv6:
		if data[EthHdrLen+ip6NH] == IPProtoTCP {
			return etherKind6TCP
		}
		return etherKind6UDP
	}
	return etherKind4UDP
}

func newEtherBlock(kind int) packet.PresetBlock {
	switch kind {
	case etherKind4TCP:
		return new(ether4TCPBlock)
	case etherKind6UDP:
		return new(ether6UDPBlock)
	case etherKind6TCP:
		return new(ether6TCPBlock)
	}
	return new(ether4UDPBlock)
}

var etherPreset = packet.Preset{
	Kinds:  etherKinds,
	Kind:   etherKind,
	New:    newEtherBlock,
	Reused: func() packet.PresetBlock { return new(etherAllBlock) },
}

func init() {
	packet.RegisterPreset(EthernetType, etherPreset)
}
