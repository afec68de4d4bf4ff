package layers

import "github.com/goscapy/goscapy/packet"

// slowEthernetPreset is the Ethernet preset without its fast path: every
// packet goes through the generic decoder.
type slowEthernetPreset struct{ ethernetPreset }

func (*slowEthernetPreset) DecodeCommon([]byte, *packet.DecodeContext) (int, int, packet.LayerType, bool) {
	return 0, 0, 0, false
}

// SetEthernetFastPath registers the Ethernet preset with or without its
// fast path (DecodeCommon), for tests that compare the two. Decoders take
// the preset at their first decode.
func SetEthernetFastPath(on bool) {
	alloc := newEthernetPreset
	if !on {
		alloc = func() packet.PresetBlock { return new(slowEthernetPreset) }
	}
	packet.RegisterPreset(EthernetType, []packet.LayerType{EthernetType, IPv4Type, TCPType, UDPType}, alloc)
}

// countingEthernetPreset is the Ethernet preset counting the packets its
// fast path takes.
type countingEthernetPreset struct {
	ethernetPreset
	hits *int
}

func (s *countingEthernetPreset) DecodeCommon(data []byte, ctx *packet.DecodeContext) (int, int, packet.LayerType, bool) {
	off, end, next, ok := s.ethernetPreset.DecodeCommon(data, ctx)
	if ok {
		*s.hits++
	}
	return off, end, next, ok
}

// CountEthernetFastPath registers the Ethernet preset so that *hits counts
// the packets its fast path takes, until restore.
func CountEthernetFastPath() (hits *int, restore func()) {
	hits = new(int)
	packet.RegisterPreset(EthernetType, []packet.LayerType{EthernetType, IPv4Type, TCPType, UDPType},
		func() packet.PresetBlock { return &countingEthernetPreset{hits: hits} })
	return hits, func() { SetEthernetFastPath(true) }
}
