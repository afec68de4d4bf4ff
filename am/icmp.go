package am

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// ICMPConfig configures the ICMP echo responder (Scapy's ICMPEcho_am).
type ICMPConfig struct {
	// Iface is the interface to answer on (required).
	Iface string
	// Addrs are the IPv4 and IPv6 addresses answered for; empty answers
	// every echo request that reaches the interface (the kernel may
	// answer those sent to its own addresses too).
	Addrs []netip.Addr
	// Filter narrows what is read (tcpdump syntax, ANDed with the
	// machine's "icmp or icmp6").
	Filter string
	// OnAnswer, when set, is called after each reply is sent.
	OnAnswer func(Answer)
}

// NewICMP returns an ICMP echo responder: echo requests (ICMP type 8,
// ICMPv6 type 128) to the configured addresses get an echo reply with the
// same identifier, sequence number and data. Frames must reach the
// interface: for an address the host does not own, the peer needs a
// neighbour entry (or an ARP responder) pointing at it.
func NewICMP(cfg ICMPConfig) (*Machine, error) {
	addrs := make([]netip.Addr, 0, len(cfg.Addrs))
	for _, a := range cfg.Addrs {
		if !a.IsValid() {
			return nil, fmt.Errorf("%w: icmp: invalid address", ErrConfig)
		}
		addrs = append(addrs, a.Unmap())
	}
	mine := func(a netip.Addr) bool { return len(addrs) == 0 || slices.Contains(addrs, a.Unmap()) }
	h := func(req *packet.Packet, mac fields.MAC) (bool, *packet.Packet, string) {
		if ip, ok := packet.LayerOf[*layers.IPv4](req); ok {
			ic, ok := packet.LayerOf[*layers.ICMP](req)
			if !ok || ic.Type != layers.ICMPEchoRequest {
				return false, nil, ""
			}
			if !mine(ip.Dst) || ip.FragOff != 0 || ip.Flags&layers.IPv4MoreFragments != 0 {
				return true, nil, ""
			}
			rip := layers.NewIPv4()
			rip.Src, rip.Dst, rip.ID = ip.Dst, ip.Src, ip.ID
			r := layers.NewICMP()
			r.Type, r.ID, r.Seq = layers.ICMPEchoReply, ic.ID, ic.Seq
			text := fmt.Sprintf("icmp echo-reply %s -> %s id=%d seq=%d", ip.Dst, ip.Src, ic.ID, ic.Seq)
			return true, packet.New(ethReply(req, mac), rip, r, &packet.Raw{Load: payloadAfter(req)}), text
		}
		if ip, ok := packet.LayerOf[*layers.IPv6](req); ok {
			ic, ok := packet.LayerOf[*layers.ICMPv6](req)
			if !ok || ic.Type != layers.ICMPv6EchoRequest {
				return false, nil, ""
			}
			if !mine(ip.Dst) || ip.Dst.IsMulticast() {
				return true, nil, ""
			}
			rip := layers.NewIPv6()
			rip.Src, rip.Dst = ip.Dst, ip.Src
			r := layers.NewICMPv6Of(layers.ICMPv6EchoReply)
			r.ID, r.Seq = ic.ID, ic.Seq
			text := fmt.Sprintf("icmp6 echo-reply %s -> %s id=%d seq=%d", ip.Dst, ip.Src, ic.ID, ic.Seq)
			return true, packet.New(ethReply(req, mac), rip, r, &packet.Raw{Load: payloadAfter(req)}), text
		}
		return false, nil, ""
	}
	return newMachine("icmp", cfg.Iface, "icmp or icmp6", cfg.Filter, cfg.OnAnswer, h)
}
