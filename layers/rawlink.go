package layers

import "github.com/goscapy/goscapy/packet"

// Raw IP link types carry no link-layer header: the packet starts with
// the IP header, whose version nibble says IPv4 or IPv6.
//
//	 0 1 2 3 4 5 6 7
//	+-+-+-+-+-+-+-+-+
//	|Version|  ...  |  4: IPv4 (RFC 791), 6: IPv6 (RFC 8200)
//	+-+-+-+-+-+-+-+-+
//
// LINKTYPE_RAW (101) and the DLT_RAW values found in old captures (12, and
// 14 from OpenBSD) are bound here; LINKTYPE_IPV4 (228) and LINKTYPE_IPV6
// (229) are bound by the IPv4 and IPv6 layers.

// RawIPLayer returns the first layer of a raw IP packet from its version
// nibble: IPv4Type, IPv6Type, or 0 (Raw) for anything else.
func RawIPLayer(data []byte) packet.LayerType {
	if len(data) == 0 {
		return 0
	}
	switch data[0] >> 4 {
	case 4:
		return IPv4Type
	case 6:
		return IPv6Type
	}
	return 0
}

func init() {
	packet.BindLinkTypeFunc(12, RawIPLayer)  // DLT_RAW on most systems
	packet.BindLinkTypeFunc(14, RawIPLayer)  // DLT_RAW on OpenBSD
	packet.BindLinkTypeFunc(101, RawIPLayer) // LINKTYPE_RAW
}
