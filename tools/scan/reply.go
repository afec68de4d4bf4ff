package scan

import (
	"encoding/binary"
	"net/netip"
)

// Reply parsing. The scanner reads every answer through the kernel
// filter (TCP to its source port, ICMP and ICMPv6) and checks it here,
// from the raw bytes: a quoted header in an ICMP error is often cut to 8
// bytes past the IP header, which is all the check needs.

type replyKind uint8

const (
	kindSynAck replyKind = iota + 1
	kindRst
	kindUnreach
)

// reply is what parseReply read from an answer.
type reply struct {
	kind   replyKind
	from   netip.Addr // source of the answer
	target netip.Addr // the probed host
	local  netip.Addr // our address, as the answer names it
	lport  uint16     // our source port
	tport  uint16     // the probed port
	ack    uint32     // TCP: acknowledgment number
	seq    uint32     // ICMP: the sequence number of the quoted SYN
	ttl    uint8
	icmpT  uint8
	icmpC  uint8
}

// Link layers of frames given to parseReply.
const (
	linkEthernet = 1
	linkRaw      = 101
)

const (
	etherTypeIPv4 = 0x0800
	etherTypeIPv6 = 0x86dd
	etherTypeVLAN = 0x8100
	etherTypeQinQ = 0x88a8
	protoICMP     = 1
	protoTCP      = 6
	protoICMPv6   = 58
)

// parseReply reads an answer to a probe from frame (an Ethernet frame,
// or an IP packet for linkRaw). It reports false for anything else. It
// never panics and does not allocate.
func parseReply(frame []byte, link uint32, r *reply) bool {
	b := frame
	if link == linkEthernet {
		if len(b) < 14 {
			return false
		}
		et := binary.BigEndian.Uint16(b[12:])
		b = b[14:]
		for et == etherTypeVLAN || et == etherTypeQinQ {
			if len(b) < 4 {
				return false
			}
			et = binary.BigEndian.Uint16(b[2:])
			b = b[4:]
		}
		if et != etherTypeIPv4 && et != etherTypeIPv6 {
			return false
		}
	}
	*r = reply{}
	proto, src, dst, ttl, payload, ok := parseIP(b)
	if !ok {
		return false
	}
	r.from, r.ttl = src, ttl
	switch proto {
	case protoTCP:
		if len(payload) < 20 {
			return false
		}
		flags := payload[13]
		switch {
		case flags&0x12 == 0x12 && flags&0x04 == 0: // SYN and ACK
			r.kind = kindSynAck
		case flags&0x04 != 0 && flags&0x10 != 0: // RST with ACK
			r.kind = kindRst
		default:
			return false
		}
		r.target, r.local = src, dst
		r.tport = binary.BigEndian.Uint16(payload[0:])
		r.lport = binary.BigEndian.Uint16(payload[2:])
		r.ack = binary.BigEndian.Uint32(payload[8:])
		return true
	case protoICMP, protoICMPv6:
		if len(payload) < 8 {
			return false
		}
		t, c := payload[0], payload[1]
		if proto == protoICMP && (t != 3 || !src.Is4()) || proto == protoICMPv6 && (t != 1 || !src.Is6()) {
			return false // only destination unreachable
		}
		qproto, qsrc, qdst, _, qpay, ok := parseIP(payload[8:])
		if !ok || qproto != protoTCP || len(qpay) < 8 {
			return false
		}
		r.kind, r.icmpT, r.icmpC = kindUnreach, t, c
		r.local, r.target = qsrc, qdst
		r.lport = binary.BigEndian.Uint16(qpay[0:])
		r.tport = binary.BigEndian.Uint16(qpay[2:])
		r.seq = binary.BigEndian.Uint32(qpay[4:])
		return true
	}
	return false
}

// parseIP reads an IPv4 or IPv6 header (IPv6 extension headers are
// skipped) and returns the upper protocol and its bytes. The payload is
// cut to the header's length when the packet is longer (padding) and
// left as it is when shorter (a quotation).
func parseIP(b []byte) (proto uint8, src, dst netip.Addr, ttl uint8, payload []byte, ok bool) {
	if len(b) < 1 {
		return
	}
	switch b[0] >> 4 {
	case 4:
		if len(b) < 20 {
			return
		}
		ihl := int(b[0]&0x0f) * 4
		if ihl < 20 || len(b) < ihl {
			return
		}
		if binary.BigEndian.Uint16(b[6:])&0x1fff != 0 {
			return // a later fragment
		}
		total := int(binary.BigEndian.Uint16(b[2:]))
		payload = b[ihl:]
		if total >= ihl && total < len(b) {
			payload = b[ihl:total]
		}
		return b[9], netip.AddrFrom4([4]byte(b[12:16])), netip.AddrFrom4([4]byte(b[16:20])), b[8], payload, true
	case 6:
		if len(b) < 40 {
			return
		}
		plen := int(binary.BigEndian.Uint16(b[4:]))
		next := b[6]
		payload = b[40:]
		if plen < len(payload) {
			payload = payload[:plen]
		}
		// hop-by-hop, routing, destination options
		for i := 0; i < 8 && (next == 0 || next == 43 || next == 60); i++ {
			if len(payload) < 8 {
				return
			}
			l := (int(payload[1]) + 1) * 8
			if len(payload) < l {
				return
			}
			next, payload = payload[0], payload[l:]
		}
		if next == 44 { // fragment header: only a first fragment
			if len(payload) < 8 || binary.BigEndian.Uint16(payload[2:])&0xfff8 != 0 {
				return
			}
			next, payload = payload[0], payload[8:]
		}
		return next, netip.AddrFrom16([16]byte(b[8:24])), netip.AddrFrom16([16]byte(b[24:40])), b[7], payload, true
	}
	return
}
