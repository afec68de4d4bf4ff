package layers

import "github.com/goscapy/goscapy/packet"

// slowBlock is a preset block without a fast path: every packet goes
// through the generic decoder.
type slowBlock struct{ packet.PresetBlock }

func (slowBlock) DecodeCommon([]byte, *packet.DecodeContext) (int, int, packet.LayerType, bool) {
	return 0, 0, 0, false
}

// SetEthernetFastPath registers the Ethernet preset with or without its
// fast path (DecodeCommon), for tests that compare the two. Decoders take
// the preset at each decode, their blocks at their first use.
func SetEthernetFastPath(on bool) {
	ps := etherPreset
	if !on {
		ps.New = func(kind int) packet.PresetBlock { return slowBlock{newEtherBlock(kind)} }
		ps.Reused = func() packet.PresetBlock { return slowBlock{new(etherAllBlock)} }
	}
	packet.RegisterPreset(EthernetType, ps)
}

// countingBlock is a preset block counting the layers its fast path
// decodes.
type countingBlock struct {
	packet.PresetBlock
	hits *int
}

func (s countingBlock) DecodeCommon(data []byte, ctx *packet.DecodeContext) (int, int, packet.LayerType, bool) {
	off, end, next, ok := s.PresetBlock.DecodeCommon(data, ctx)
	if ok {
		*s.hits += ctx.Packet.NumLayers()
	}
	return off, end, next, ok
}

// CountEthernetFastPath registers the Ethernet preset so that *hits counts
// the layers its fast path decodes, until restore.
func CountEthernetFastPath() (hits *int, restore func()) {
	hits = new(int)
	ps := etherPreset
	ps.New = func(kind int) packet.PresetBlock { return countingBlock{newEtherBlock(kind), hits} }
	ps.Reused = func() packet.PresetBlock { return countingBlock{new(etherAllBlock), hits} }
	packet.RegisterPreset(EthernetType, ps)
	return hits, func() { SetEthernetFastPath(true) }
}
