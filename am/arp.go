package am

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// ARPConfig configures the ARP responder (Scapy's ARP_am, farpd).
type ARPConfig struct {
	// Iface is the interface to answer on (required).
	Iface string
	// Addrs are the IPv4 addresses answered for; Prefix answers for every
	// address of a subnet (proxy ARP). At least one of them is needed.
	Addrs  []netip.Addr
	Prefix netip.Prefix
	// MAC is the address given in the answers; zero is the interface's.
	MAC fields.MAC
	// Filter narrows what is read (tcpdump syntax, ANDed with "arp").
	Filter string
	// OnAnswer, when set, is called after each reply is sent.
	OnAnswer func(Answer)
}

// NewARP returns an ARP responder: it answers who-has requests for the
// configured addresses with an is-at carrying MAC. Requests whose sender
// and target address are the same (gratuitous ARP) are not answered.
func NewARP(cfg ARPConfig) (*Machine, error) {
	if len(cfg.Addrs) == 0 && !cfg.Prefix.IsValid() {
		return nil, fmt.Errorf("%w: arp: needs addresses or a prefix to answer for", ErrConfig)
	}
	if cfg.Prefix.IsValid() && !cfg.Prefix.Addr().Is4() {
		return nil, fmt.Errorf("%w: arp: prefix %s is not IPv4", ErrConfig, cfg.Prefix)
	}
	addrs := make([]netip.Addr, 0, len(cfg.Addrs))
	for _, a := range cfg.Addrs {
		a = a.Unmap()
		if !a.Is4() {
			return nil, fmt.Errorf("%w: arp: address %s is not IPv4", ErrConfig, a)
		}
		addrs = append(addrs, a)
	}
	prefix := cfg.Prefix.Masked()
	answerMAC := cfg.MAC
	h := func(req *packet.Packet, ifMAC fields.MAC) (bool, *packet.Packet, string) {
		a, ok := packet.LayerOf[*layers.ARP](req)
		if !ok || a.Op != layers.ARPWhoHas || a.PType != layers.EtherTypeIPv4 || a.HwSrcRaw != nil || a.PDstRaw != nil {
			return false, nil, ""
		}
		pdst := a.PDst.Unmap()
		if !pdst.Is4() || a.PSrc == a.PDst || !(slices.Contains(addrs, pdst) || prefix.IsValid() && prefix.Contains(pdst)) {
			return true, nil, ""
		}
		mac := answerMAC
		if mac.IsZero() {
			mac = ifMAC
		}
		eth := ethReply(req, mac)
		r := layers.NewARP()
		r.Op = layers.ARPIsAt
		r.HwSrc, r.PSrc = mac, pdst
		r.HwDst, r.PDst = a.HwSrc, a.PSrc
		text := fmt.Sprintf("arp %s is-at %s -> %s (%s)", pdst, mac, a.PSrc, a.HwSrc)
		return true, packet.New(eth, r), text
	}
	return newMachine("arp", cfg.Iface, "arp", cfg.Filter, cfg.OnAnswer, h)
}
