package goscapy

import (
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Dissect decodes an Ethernet frame into a new packet. The layers it could
// decode are kept on error; the rest is Raw and the error is a
// *packet.DecodeError. The packet references frame without copying it.
func Dissect(frame []byte) (*packet.Packet, error) {
	return packet.Dissect(frame, layers.EthernetType)
}

// DissectAs decodes data starting at the given layer type
// (layers.IPv4Type for a raw IP packet, say).
func DissectAs(data []byte, first packet.LayerType) (*packet.Packet, error) {
	return packet.Dissect(data, first)
}

// NewDecoder returns a reusable decoder for Ethernet frames: once warm it
// allocates nothing; each packet it returns is valid until the next Decode.
func NewDecoder() *packet.Decoder { return packet.NewDecoder(layers.EthernetType) }

// NewDecoderFor returns a reusable decoder that starts at first.
func NewDecoderFor(first packet.LayerType) *packet.Decoder { return packet.NewDecoder(first) }
