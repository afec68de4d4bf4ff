// Package layers holds goscapy's protocol layers: typed structs with the
// fields of each header, their field tables (Scapy names and defaults),
// decoding, building and registration in the packet registry. One file per
// protocol; each file registers its protocol and binding rules.
//
// The constants users combine with builders (TCPSyn, ARPWhoHas,
// EtherTypeARP, ...) are untyped so they fit any integer parameter.
package layers

import "github.com/goscapy/goscapy/packet"

// Raw and Padding are the packet package's leaf layers.
type (
	Raw     = packet.Raw
	Padding = packet.Padding
)

// Re-exported layer types of the leaf layers.
var (
	RawType     = packet.RawType
	PaddingType = packet.PaddingType
)

// be16 and friends read big-endian integers; callers check lengths first.
func be16(b []byte) uint16 { return uint16(b[0])<<8 | uint16(b[1]) }
func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}
func put16(b []byte, v uint16) { b[0], b[1] = byte(v>>8), byte(v) }
func put32(b []byte, v uint32) {
	b[0], b[1], b[2], b[3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
}
