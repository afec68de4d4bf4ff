package layers

import "github.com/goscapy/goscapy/packet"

// ethernetPreset (480 bytes with the packet) is what packet.Dissect allocates at once for a frame
// starting at Ethernet: the packet and the layers of the common stacks
// (Ethernet / IPv4 / TCP or UDP; the layers of other stacks are
// allocated one by one, and adding them here would make every packet
// pay for their bytes).
type ethernetPreset struct {
	p   packet.Packet
	eth Ethernet
	ip4 IPv4
	tcp TCP
	udp UDP
}

func init() {
	packet.RegisterPreset(EthernetType,
		[]packet.LayerType{EthernetType, IPv4Type, TCPType, UDPType},
		func() (*packet.Packet, [packet.MaxPreset]packet.Layer) {
			s := new(ethernetPreset)
			return &s.p, [packet.MaxPreset]packet.Layer{&s.eth, &s.ip4, &s.tcp, &s.udp}
		})
}
