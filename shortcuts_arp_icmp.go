package goscapy

import "github.com/goscapy/goscapy/layers"

// EtherARP builds Ether/ARP: the Ethernet header goes from srcMAC to
// dstMAC, the ARP packet has operation op, sender srcMAC/srcIP and target
// address dstIP. The target hardware address (hwdst) is
// 00:00:00:00:00:00 for a who-has, as Scapy sends it, and dstMAC for the
// other operations (an is-at answers the station at dstMAC).
func EtherARP(srcMAC, dstMAC, srcIP, dstIP any, op uint16) ([]byte, error) {
	a := NewARP().Op(op).SrcMAC(srcMAC).SrcIP(srcIP).DstIP(dstIP)
	if op != layers.ARPWhoHas {
		a.DstMAC(dstMAC)
	}
	return NewEthernet().SrcMAC(srcMAC).DstMAC(dstMAC).Over(a).Build()
}

// EtherIPICMP builds Ether/IP/ICMP with the given type and code (id, seq
// 0; checksums computed).
func EtherIPICMP(srcMAC, dstMAC, srcIP, dstIP any, icmpType, code uint8) ([]byte, error) {
	return NewEthernet().SrcMAC(srcMAC).DstMAC(dstMAC).
		Over(NewIP().SrcIP(srcIP).DstIP(dstIP)).
		Over(NewICMP().Type(icmpType).Code(code)).Build()
}

// IPICMP builds IP/ICMP (for Send, which lets the kernel add the link
// layer).
func IPICMP(srcIP, dstIP any, icmpType, code uint8) ([]byte, error) {
	return NewIP().SrcIP(srcIP).DstIP(dstIP).
		Over(NewICMP().Type(icmpType).Code(code)).Build()
}
