package goscapy

// Shortcut functions build common stacks in one call. Address arguments
// take the text forms ("aa:bb:cc:dd:ee:ff", "192.168.1.1") or typed values
// (MAC, netip.Addr, net.HardwareAddr, net.IP); a bad one is returned as an
// error naming the layer and field.

// EtherIP builds Ether/IP/Raw(payload).
func EtherIP(srcMAC, dstMAC, srcIP, dstIP any, payload []byte) ([]byte, error) {
	s := NewEthernet().SrcMAC(srcMAC).DstMAC(dstMAC).Over(NewIP().SrcIP(srcIP).DstIP(dstIP))
	if len(payload) > 0 {
		s.Over(NewRaw(payload))
	}
	return s.Build()
}

// EtherIPTCP builds Ether/IP/TCP with the given ports and flags.
func EtherIPTCP(srcMAC, dstMAC, srcIP, dstIP any, sport, dport uint16, flags uint8) ([]byte, error) {
	return NewEthernet().SrcMAC(srcMAC).DstMAC(dstMAC).
		Over(NewIP().SrcIP(srcIP).DstIP(dstIP)).
		Over(NewTCP().SrcPort(sport).DstPort(dport).Flags(flags)).Build()
}

// EtherIPUDP builds Ether/IP/UDP/Raw(payload).
func EtherIPUDP(srcMAC, dstMAC, srcIP, dstIP any, sport, dport uint16, payload []byte) ([]byte, error) {
	s := NewEthernet().SrcMAC(srcMAC).DstMAC(dstMAC).
		Over(NewIP().SrcIP(srcIP).DstIP(dstIP)).
		Over(NewUDP().SrcPort(sport).DstPort(dport))
	if len(payload) > 0 {
		s.Over(NewRaw(payload))
	}
	return s.Build()
}

// IPTCP builds IP/TCP (for Send, which lets the kernel add the link layer).
func IPTCP(srcIP, dstIP any, sport, dport uint16, flags uint8) ([]byte, error) {
	return NewIP().SrcIP(srcIP).DstIP(dstIP).
		Over(NewTCP().SrcPort(sport).DstPort(dport).Flags(flags)).Build()
}

// IPUDP builds IP/UDP/Raw(payload).
func IPUDP(srcIP, dstIP any, sport, dport uint16, payload []byte) ([]byte, error) {
	s := NewIP().SrcIP(srcIP).DstIP(dstIP).Over(NewUDP().SrcPort(sport).DstPort(dport))
	if len(payload) > 0 {
		s.Over(NewRaw(payload))
	}
	return s.Build()
}
