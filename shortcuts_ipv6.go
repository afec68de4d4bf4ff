package goscapy

// IPv6 shortcuts: the same stacks as shortcuts.go over IPv6. Address
// arguments take text ("2001:db8::1") or typed values; an IPv4 address
// where an IPv6 one is needed is an error naming the layer and field.

// EtherIPv6 builds Ether/IPv6/Raw(payload).
func EtherIPv6(srcMAC, dstMAC, srcIP, dstIP any, payload []byte) ([]byte, error) {
	s := NewEthernet().SrcMAC(srcMAC).DstMAC(dstMAC).Over(NewIPv6().SrcIP(srcIP).DstIP(dstIP))
	if len(payload) > 0 {
		s.Over(NewRaw(payload))
	}
	return s.Build()
}

// EtherIPv6TCP builds Ether/IPv6/TCP with the given ports and flags.
func EtherIPv6TCP(srcMAC, dstMAC, srcIP, dstIP any, sport, dport uint16, flags uint8) ([]byte, error) {
	return NewEthernet().SrcMAC(srcMAC).DstMAC(dstMAC).
		Over(NewIPv6().SrcIP(srcIP).DstIP(dstIP)).
		Over(NewTCP().SrcPort(sport).DstPort(dport).Flags(flags)).Build()
}

// EtherIPv6UDP builds Ether/IPv6/UDP/Raw(payload).
func EtherIPv6UDP(srcMAC, dstMAC, srcIP, dstIP any, sport, dport uint16, payload []byte) ([]byte, error) {
	s := NewEthernet().SrcMAC(srcMAC).DstMAC(dstMAC).
		Over(NewIPv6().SrcIP(srcIP).DstIP(dstIP)).
		Over(NewUDP().SrcPort(sport).DstPort(dport))
	if len(payload) > 0 {
		s.Over(NewRaw(payload))
	}
	return s.Build()
}

// EtherIPv6ICMPv6 builds Ether/IPv6/ICMPv6 of the given type and code
// (id, seq, mtu and pointer keep their defaults).
func EtherIPv6ICMPv6(srcMAC, dstMAC, srcIP, dstIP any, icmpType, code uint8) ([]byte, error) {
	return NewEthernet().SrcMAC(srcMAC).DstMAC(dstMAC).
		Over(NewIPv6().SrcIP(srcIP).DstIP(dstIP)).
		Over(NewICMPv6().Type(icmpType).Code(code)).Build()
}

// IPv6TCP builds IPv6/TCP (for Send, which lets the kernel add the link
// layer).
func IPv6TCP(srcIP, dstIP any, sport, dport uint16, flags uint8) ([]byte, error) {
	return NewIPv6().SrcIP(srcIP).DstIP(dstIP).
		Over(NewTCP().SrcPort(sport).DstPort(dport).Flags(flags)).Build()
}

// IPv6UDP builds IPv6/UDP/Raw(payload).
func IPv6UDP(srcIP, dstIP any, sport, dport uint16, payload []byte) ([]byte, error) {
	s := NewIPv6().SrcIP(srcIP).DstIP(dstIP).Over(NewUDP().SrcPort(sport).DstPort(dport))
	if len(payload) > 0 {
		s.Over(NewRaw(payload))
	}
	return s.Build()
}

// IPv6ICMPv6 builds IPv6/ICMPv6 of the given type and code.
func IPv6ICMPv6(srcIP, dstIP any, icmpType, code uint8) ([]byte, error) {
	return NewIPv6().SrcIP(srcIP).DstIP(dstIP).
		Over(NewICMPv6().Type(icmpType).Code(code)).Build()
}
