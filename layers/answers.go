package layers

import (
	"bytes"
	"net/netip"
	"sync/atomic"

	"github.com/goscapy/goscapy/packet"
)

// Request/answer matching of the layers of this package: Scapy's
// answers() and hashret() (scapy/layers/l2.py, inet.py, inet6.py, dns.py
// with Scapy's default configuration: checkIPaddr, checkIPsrc, checkIPinIP
// on, checkIPID and check_TCPerror_seqack off). Every method is called on
// the layer of the reply (AnswersAt) or of either packet (HashAt); see
// packet.Answerer and packet.Hasher.
//
// Where this file's hashes are coarser than Scapy's hashret, it is so that
// a request and a packet AnswersAt accepts never hash apart:
//   - IPv6 leaves out its addresses and next header: a request to a
//     multicast group is answered from a unicast address, IPv6 answers do
//     not compare the reply's source with the request's destination at
//     all, and they skip the request's extension headers;
//   - TCP, ICMP, ICMPv6, ARP and DNS leave out their payloads, which their
//     answers ignore.
//
// It is finer in one place: an ARP who-has and its is-at mix the address
// asked for, so that an ARP scan of a subnet spreads over many buckets.
//
// Packets Scapy would match but this file's hashes (like Scapy's) keep
// apart: a reply Scapy cannot dissect (an ICMPv6 message of an unknown
// type, or too short for its type; a protocol address shorter than 4
// bytes in an ARP reply), which Scapy's Raw lets answer anything.

var (
	ansMDNS4     = netip.AddrFrom4([4]byte{224, 0, 0, 251})
	ansAllNodes  = netip.AddrFrom16([16]byte{0xff, 0x02, 15: 1})
	ansAllRouter = netip.AddrFrom16([16]byte{0xff, 0x02, 15: 2})
)

// ansUpper is the layer above i, nil at the end or before Padding.
func ansUpper(p *packet.Packet, i int) packet.Layer {
	l := p.Layer(i + 1)
	if l == nil || l.Proto().Trailer {
		return nil
	}
	return l
}

// ansPayloadLen is the number of bytes after layer i, Padding included:
// Scapy's len(pkt.payload).
func ansPayloadLen(p *packet.Packet, i int) int {
	var n int
	if d := p.Data(); d != nil {
		n = len(d)
	} else {
		n = p.Len()
	}
	return max(n-packet.LayerOffset(p, i+1), 0)
}

// ansRaw returns the bytes of a Raw layer at i (nil, false for another).
func ansRaw(p *packet.Packet, i int) ([]byte, bool) {
	if r, ok := p.Layer(i).(*packet.Raw); ok {
		return r.Load, true
	}
	return nil, false
}

// ansPrefix is b cut to at most n bytes.
func ansPrefix(b []byte, n int) []byte { return b[:min(n, len(b))] }

// ---- Ethernet and VLAN tags ----

func (e *Ethernet) ansEtherType(p *packet.Packet, i int) uint16 {
	if e.Type.Valid {
		return e.Type.Value
	}
	if up := ansUpper(p, i); up != nil {
		if v, ok := packet.BindValue(EthernetType, up.Proto().Type(), "type"); ok {
			return uint16(v)
		}
	}
	return EtherTypeLoop
}

// AnswersAt implements packet.Answerer: an Ethernet II frame answers one
// of the same EtherType whose payload its payload answers; an IEEE 802.3
// frame (type 1500 or less, Scapy's Dot3) answers another 802.3 frame.
func (e *Ethernet) AnswersAt(reply *packet.Packet, i int, request *packet.Packet, j int) bool {
	q, ok := request.Layer(j).(*Ethernet)
	if !ok {
		return false
	}
	rt, qt := e.ansEtherType(reply, i), q.ansEtherType(request, j)
	if rt <= EtherTypeMaxLength || qt <= EtherTypeMaxLength {
		if rt > EtherTypeMaxLength || qt > EtherTypeMaxLength {
			return false
		}
	} else if rt != qt {
		return false
	}
	return packet.AnswersAt(reply, i+1, request, j+1)
}

// HashAt implements packet.Hasher: the EtherType and the payload's hash.
func (e *Ethernet) HashAt(p *packet.Packet, i int) uint64 {
	t := uint64(e.ansEtherType(p, i))
	if t <= EtherTypeMaxLength {
		t = 0x10000 // 802.3: the length is not shared
	}
	return packet.HashMix(packet.HashAt(p, i+1), t)
}

func (t *VLANTag) ansEtherType(p *packet.Packet, i int, own packet.LayerType) uint16 {
	if t.Type.Valid {
		return t.Type.Value
	}
	if up := ansUpper(p, i); up != nil {
		return uint16(etherTypeBindTo(own, up.Proto().Type(), "type", 0))
	}
	return 0
}

// ansVLAN is Scapy's Dot1Q.answers: a tag answers a tag (802.1Q or
// 802.1ad) of the same VLAN and type; facing anything else the reply's tag
// is skipped.
func ansVLAN(t *VLANTag, own packet.LayerType, reply *packet.Packet, i int, request *packet.Packet, j int) bool {
	var q *VLANTag
	var qown packet.LayerType
	switch l := request.Layer(j).(type) {
	case *Dot1Q:
		q, qown = &l.VLANTag, Dot1QType
	case *Dot1AD:
		q, qown = &l.VLANTag, Dot1ADType
	default:
		return packet.AnswersAt(reply, i+1, request, j)
	}
	if t.VLAN != q.VLAN || t.ansEtherType(reply, i, own) != q.ansEtherType(request, j, qown) {
		return false
	}
	return packet.AnswersAt(reply, i+1, request, j+1)
}

// AnswersAt implements packet.Answerer (Scapy's Dot1Q.answers).
func (d *Dot1Q) AnswersAt(reply *packet.Packet, i int, request *packet.Packet, j int) bool {
	return ansVLAN(&d.VLANTag, Dot1QType, reply, i, request, j)
}

// AnswersAt implements packet.Answerer (Scapy's Dot1AD inherits Dot1Q's).
func (d *Dot1AD) AnswersAt(reply *packet.Packet, i int, request *packet.Packet, j int) bool {
	return ansVLAN(&d.VLANTag, Dot1ADType, reply, i, request, j)
}

// ---- ARP ----

// ansARPAddr returns the protocol address as Scapy's i2m gives it: the
// bytes of an address of another size, 4 bytes for IPv4 (and an unset
// address), 16 for IPv6. buf holds the typed forms.
func ansARPAddr(a netip.Addr, raw []byte, buf *[16]byte) []byte {
	switch {
	case raw != nil:
		return raw
	case a.Is6():
		*buf = a.As16()
		return buf[:16]
	}
	*(*[4]byte)(buf[:4]) = arpAddr(a).As4()
	return buf[:4]
}

// AnswersAt implements packet.Answerer: an ARP reply (op + 1) answers a
// request when its sender protocol address is the one asked for (compared
// over the shorter of the two, as Scapy, to catch answers from ARP leaks).
func (a *ARP) AnswersAt(_ *packet.Packet, _ int, request *packet.Packet, j int) bool {
	q, ok := request.Layer(j).(*ARP)
	if !ok || int(a.Op) != int(q.Op)+1 {
		return false
	}
	var b1, b2 [16]byte
	src := ansARPAddr(a.PSrc, a.PSrcRaw, &b1)
	dst := ansARPAddr(q.PDst, q.PDstRaw, &b2)
	n := min(len(src), len(dst))
	return bytes.Equal(src[:n], dst[:n])
}

// HashAt implements packet.Hasher: Scapy's (hwtype, ptype, (op+1)/2) and,
// for who-has and is-at, the first 4 bytes of the address asked for (pdst
// of the request, psrc of the reply).
func (a *ARP) HashAt(*packet.Packet, int) uint64 {
	h := packet.HashMix(packet.HashSeed, uint64(a.HwType)<<32|uint64(a.PType)<<16|uint64((int(a.Op)+1)/2))
	var buf [16]byte
	var addr []byte
	switch a.Op {
	case ARPWhoHas:
		addr = ansARPAddr(a.PDst, a.PDstRaw, &buf)
	case ARPIsAt:
		addr = ansARPAddr(a.PSrc, a.PSrcRaw, &buf)
	}
	if len(addr) >= 4 {
		h = packet.HashMix(h, uint64(be32(addr)))
	}
	return h
}

// ---- IPv4 ----

func (ip *IPv4) ansProto(p *packet.Packet, i int) uint8 {
	if ip.Protocol.Valid {
		return ip.Protocol.Value
	}
	if up := ansUpper(p, i); up != nil {
		if v, ok := packet.BindValue(IPv4Type, up.Proto().Type(), "proto"); ok {
			return uint8(v)
		}
	}
	return 0
}

// ansICMPError reports whether the layer above i is an ICMP error message
// (whose payload is the quoted datagram).
func ansICMPError(p *packet.Packet, i int) bool {
	m, ok := ansUpper(p, i).(*ICMP)
	return ok && m.IsError()
}

// checkIPAddr is Scapy's conf.checkIPaddr (SetCheckIPAddr).
var checkIPAddr atomic.Bool

func init() { checkIPAddr.Store(true) }

// SetCheckIPAddr says whether an IPv4 reply must come from the request's
// destination and go to its source to answer it: Scapy's conf.checkIPaddr,
// true by default and, like it, one setting for the whole program. Turn it
// off to pair a DHCP offer (from the server, to the broadcast or the
// offered address) with a discover sent from 0.0.0.0 to the broadcast,
// which then match by transaction ID alone.
func SetCheckIPAddr(on bool) { checkIPAddr.Store(on) }

// CheckIPAddr reports the setting of SetCheckIPAddr.
func CheckIPAddr() bool { return checkIPAddr.Load() }

// AnswersAt implements packet.Answerer, as Scapy's IP.answers: the reply
// goes back to the request's source (unless SetCheckIPAddr(false)); an ICMP error answers when its
// quotation matches the request (IPerror: same addresses and protocol, and
// TCPerror, UDPerror or ICMPerror above); any other reply comes from the
// request's destination with the same protocol and a payload that answers.
// Inside a quotation the layer is Scapy's IPerror.
func (ip *IPv4) AnswersAt(reply *packet.Packet, i int, request *packet.Packet, j int) bool {
	q, ok := request.Layer(j).(*IPv4)
	if !ok {
		return false
	}
	proto := ip.ansProto(reply, i)
	if packet.InQuote(reply, i) {
		if ip.src() != q.src() || ip.dst() != q.dst() || proto != q.ansProto(request, j) {
			return false
		}
		return ansQuotedPayload(reply, i, request, j, proto)
	}
	if ip.dst() == ansMDNS4 && q.dst() == ansMDNS4 {
		return packet.AnswersAt(reply, i+1, request, j+1)
	}
	check := checkIPAddr.Load()
	if check && ip.dst() != q.src() {
		return false
	}
	if proto == IPProtoICMP && ansICMPError(reply, i) {
		if _, ok := reply.Layer(i + 2).(*IPv4); !ok {
			return false
		}
		return packet.AnswersAt(reply, i+2, request, j)
	}
	if check && ip.src() != q.dst() || proto != q.ansProto(request, j) {
		return false
	}
	return packet.AnswersAt(reply, i+1, request, j+1)
}

// ansQuotedPayload matches what follows a quoted IP header (at i) with the
// request's payload (after j). A transport header cut short (RFC 792
// quotes 8 bytes: a TCP header is then Raw) is compared on the bytes
// there are, as Scapy dissects what it can of TCPerror.
func ansQuotedPayload(reply *packet.Packet, i int, request *packet.Packet, j int, proto uint8) bool {
	raw, ok := ansRaw(reply, i+1)
	if !ok {
		return packet.AnswersAt(reply, i+1, request, j+1)
	}
	switch q := request.Layer(j + 1).(type) {
	case *TCP:
		return proto == IPProtoTCP && len(raw) >= 4 && be16(raw) == q.SrcPort && be16(raw[2:]) == q.DstPort
	case *UDP:
		return proto == IPProtoUDP && len(raw) >= 4 && be16(raw) == q.SrcPort && be16(raw[2:]) == q.DstPort
	case *ICMP:
		if proto != IPProtoICMP || len(raw) < 2 || raw[0] != q.Type || raw[1] != q.Code {
			return false
		}
		if !ansICMPErrorCodeIDSeq(raw[1]) {
			return true
		}
		return len(raw) >= 8 && be16(raw[4:]) == q.ansID() && be16(raw[6:]) == q.ansSeq()
	}
	return true // Raw answers anything
}

// ansRawHash is the hash of a transport header decoded as Raw (cut short
// in a quotation, or too short for its decoder): what the decoded layer's
// HashAt would give. ok is false when the bytes say nothing.
func ansRawHash(proto uint8, raw []byte) (uint64, bool) {
	switch proto {
	case IPProtoTCP:
		if len(raw) >= 4 {
			return ansTCPHash(be16(raw), be16(raw[2:])), true
		}
	case IPProtoICMP:
		if len(raw) >= 8 && icmpIDSeqType(raw[0]) {
			return ansIDSeqHash(be16(raw[4:]), be16(raw[6:])), true
		}
	case IPProtoICMPv6:
		if len(raw) >= 8 && (raw[0] == ICMPv6EchoRequest || raw[0] == ICMPv6EchoReply) {
			return ansIDSeqHash(be16(raw[4:]), be16(raw[6:])), true
		}
	}
	return 0, false
}

// ansNetPayloadHash is the hash of what follows a network header at i.
func ansNetPayloadHash(p *packet.Packet, i int, proto uint8) uint64 {
	if raw, ok := ansRaw(p, i+1); ok {
		if h, ok := ansRawHash(proto, raw); ok {
			return h
		}
	}
	return packet.HashAt(p, i+1)
}

// HashAt implements packet.Hasher, as Scapy's IP.hashret: an ICMP error
// hashes as its quotation; otherwise the addresses (xored, so that a
// request and its reply agree; left out for mDNS), the protocol and the
// payload's hash.
func (ip *IPv4) HashAt(p *packet.Packet, i int) uint64 {
	proto := ip.ansProto(p, i)
	if proto == IPProtoICMP && ansICMPError(p, i) {
		return packet.HashAt(p, i+2)
	}
	h := packet.HashMix(ansNetPayloadHash(p, i, proto), uint64(proto))
	if ip.dst() == ansMDNS4 || !checkIPAddr.Load() {
		return h
	}
	s, d := ip.src().As4(), ip.dst().As4()
	return packet.HashMix(h, uint64(be32(s[:])^be32(d[:])))
}

// ---- ICMP ----

func (m *ICMP) ansID() uint16 {
	if icmpIDSeqType(m.Type) {
		return m.ID
	}
	return 0
}

func (m *ICMP) ansSeq() uint16 {
	if icmpIDSeqType(m.Type) {
		return m.Seq
	}
	return 0
}

// ansICMPErrorCodeIDSeq is Scapy's ICMPerror test of whether to compare
// id and seq, which looks at the code (of an echo request, 0).
func ansICMPErrorCodeIDSeq(code uint8) bool {
	switch code {
	case 0, 8, 13, 14, 17, 18:
		return true
	}
	return false
}

// AnswersAt implements packet.Answerer: an echo, timestamp, information,
// address mask, mobile registration or domain name reply answers the
// request of the same id and sequence number. Inside a quotation (Scapy's
// ICMPerror) a message answers one of the same type and code (and id and
// seq when the code is one Scapy checks them for).
func (m *ICMP) AnswersAt(reply *packet.Packet, i int, request *packet.Packet, j int) bool {
	q, ok := request.Layer(j).(*ICMP)
	if !ok {
		return false
	}
	if packet.InQuote(reply, i) {
		if m.Type != q.Type || m.Code != q.Code {
			return false
		}
		return !ansICMPErrorCodeIDSeq(m.Code) || m.ansID() == q.ansID() && m.ansSeq() == q.ansSeq()
	}
	switch uint16(q.Type)<<8 | uint16(m.Type) {
	case 8<<8 | 0, 13<<8 | 14, 15<<8 | 16, 17<<8 | 18, 33<<8 | 34, 35<<8 | 36, 37<<8 | 38:
		return m.ansID() == q.ansID() && m.ansSeq() == q.ansSeq()
	}
	return false
}

func ansIDSeqHash(id, seq uint16) uint64 {
	return packet.HashMix(packet.HashSeed, 1<<32|uint64(id)<<16|uint64(seq))
}

// HashAt implements packet.Hasher: id and seq for the messages that have
// them.
func (m *ICMP) HashAt(*packet.Packet, int) uint64 {
	if icmpIDSeqType(m.Type) {
		return ansIDSeqHash(m.ID, m.Seq)
	}
	return packet.HashSeed
}

// ---- TCP ----

// AnswersAt implements packet.Answerer with Scapy's TCP.answers rules: a
// RST is never answered; a SYN-ACK answers a SYN only; the ports are
// swapped; unless the request is a bare SYN the reply's seq is within 2 of
// the request's ack; a RST without ACK answers then, anything else needs
// its ack within 2 + the request's payload length of the request's seq.
// Sequence numbers are compared as integers, without wrapping, as Scapy
// does. Inside a quotation (Scapy's TCPerror) the same ports answer.
func (t *TCP) AnswersAt(reply *packet.Packet, i int, request *packet.Packet, j int) bool {
	q, ok := request.Layer(j).(*TCP)
	if !ok {
		return false
	}
	if packet.InQuote(reply, i) {
		return t.SrcPort == q.SrcPort && t.DstPort == q.DstPort
	}
	if q.Flags&TCPRst != 0 {
		return false
	}
	if t.Flags&TCPSyn != 0 && (t.Flags&TCPAck == 0 || q.Flags&TCPSyn == 0) {
		return false
	}
	if t.SrcPort != q.DstPort || t.DstPort != q.SrcPort {
		return false
	}
	bareSyn := q.Flags&(TCPSyn|TCPAck) == TCPSyn
	if !bareSyn && ansAbsDiff(q.Ack, t.Seq) > 2 {
		return false
	}
	if t.Flags&(TCPRst|TCPAck) == TCPRst {
		return true
	}
	return ansAbsDiff(q.Seq, t.Ack) <= 2+int64(ansPayloadLen(request, j))
}

func ansAbsDiff(a, b uint32) int64 {
	d := int64(a) - int64(b)
	if d < 0 {
		return -d
	}
	return d
}

func ansTCPHash(sport, dport uint16) uint64 {
	return packet.HashMix(packet.HashSeed, 6<<32|uint64(sport^dport))
}

// HashAt implements packet.Hasher: the ports, xored (Scapy's), without the
// payload, which answers ignore.
func (t *TCP) HashAt(*packet.Packet, int) uint64 { return ansTCPHash(t.SrcPort, t.DstPort) }

// ---- UDP ----

// AnswersAt implements packet.Answerer: a reply to the request's source
// port whose payload answers the request's payload (Scapy's UDP.answers;
// the reply's source port may differ). Inside a quotation (Scapy's
// UDPerror) the same ports answer.
func (u *UDP) AnswersAt(reply *packet.Packet, i int, request *packet.Packet, j int) bool {
	q, ok := request.Layer(j).(*UDP)
	if !ok {
		return false
	}
	if packet.InQuote(reply, i) {
		return u.SrcPort == q.SrcPort && u.DstPort == q.DstPort
	}
	if u.DstPort != q.SrcPort {
		return false
	}
	return packet.AnswersAt(reply, i+1, request, j+1)
}

// ---- BOOTP / DHCP ----

// AnswersAt implements packet.Answerer, as Scapy's BOOTP.answers: a BOOTP
// message answers one of the same transaction ID. (With Scapy's default
// checkIPaddr, IPv4 still wants the reply from the request's destination
// to its source, which a DHCP offer to a client without an address is
// not: a DHCP client matches on the xid itself, as Scapy's dhcp_request
// turns checkIPaddr off.)
func (b *BOOTP) AnswersAt(_ *packet.Packet, _ int, request *packet.Packet, j int) bool {
	q, ok := request.Layer(j).(*BOOTP)
	return ok && b.XID == q.XID
}

// HashAt implements packet.Hasher: the transaction ID (Scapy's
// BOOTP.hashret).
func (b *BOOTP) HashAt(*packet.Packet, int) uint64 {
	return packet.HashMix(packet.HashSeed, uint64(b.XID))
}

// ---- DNS ----

// AnswersAt implements packet.Answerer: a response (qr 1) answers the
// query (qr 0) of the same id.
func (d *DNS) AnswersAt(_ *packet.Packet, _ int, request *packet.Packet, j int) bool {
	q, ok := request.Layer(j).(*DNS)
	return ok && d.ID == q.ID && d.QR == 1 && q.QR == 0
}

// ---- IPv6 ----

// ansICMPv6Error reports whether the layer above i is an ICMPv6 error that
// quotes a packet (types 1 to 4).
func ansICMPv6Error(p *packet.Packet, i int) bool {
	m, ok := ansUpper(p, i).(*ICMPv6)
	return ok && m.Type >= ICMPv6DestUnreach && m.Type <= ICMPv6ParamProblem
}

// AnswersAt implements packet.Answerer, as Scapy's IPv6.answers: the reply
// goes to the request's source (a request to a multicast group may be
// answered by the group, or on ff02::1 when sent to ff02::2); an ICMPv6
// error answers when its quotation is the request (IPerror6); any other
// reply has the same next header and a payload that answers. Inside a
// quotation the layer is Scapy's IPerror6: same addresses (the destination
// is not compared when the request has a routing header) and the same
// bytes above the extension headers, over the shorter of the two, TCP
// options, checksum and data offset left out when the options differ
// (MSS clamping on the way).
func (ip *IPv6) AnswersAt(reply *packet.Packet, i int, request *packet.Packet, j int) bool {
	q, ok := request.Layer(j).(*IPv6)
	if !ok {
		return false
	}
	if packet.InQuote(reply, i) {
		return ip.ansQuote(reply, i, q, request, j)
	}
	sd, os, od := ip.dst(), q.src(), q.dst()
	if od.IsMulticast() {
		if sd.IsMulticast() {
			if od == sd || sd == ansAllNodes && od == ansAllRouter {
				return packet.AnswersAt(reply, i+1, request, j+1)
			}
			return false
		}
		if os == sd {
			return packet.AnswersAt(reply, i+1, request, j+1)
		}
		return false
	}
	if sd != os {
		return false
	}
	if ansICMPv6Error(reply, i) {
		if _, ok := reply.Layer(i + 2).(*IPv6); !ok {
			return false
		}
		return packet.AnswersAt(reply, i+2, request, j)
	}
	// extension headers of the request (and a destination options header
	// of the reply) are skipped as Scapy skips them
	qnh, rnh := q.nextHeader(request, j), ip.nextHeader(reply, i)
	switch {
	case qnh == IPProtoHopOpt && ansDecoded(request, j+1):
		return packet.AnswersAt(reply, i+1, request, j+1)
	case (qnh == IPProtoFragment || qnh == IPProtoRouting) && ansDecoded(request, j+1):
		return packet.AnswersAt(reply, i+1, request, j+2)
	case qnh == IPProtoDstOpts && ansDecoded(request, j+1):
		return packet.AnswersAt(reply, i+2, request, j+2)
	case rnh == IPProtoDstOpts && ansDecoded(reply, i+1):
		return packet.AnswersAt(reply, i+2, request, j+1)
	}
	if rnh != qnh {
		return false
	}
	return packet.AnswersAt(reply, i+1, request, j+1)
}

// ansDecoded reports whether layer i of p is a decoded header (not Raw,
// Padding or missing).
func ansDecoded(p *packet.Packet, i int) bool {
	l := p.Layer(i)
	if l == nil || l.Proto().Trailer {
		return false
	}
	_, raw := l.(*packet.Raw)
	return !raw
}

// ansQuote is Scapy's IPerror6.answers.
func (ip *IPv6) ansQuote(reply *packet.Packet, i int, q *IPv6, request *packet.Packet, j int) bool {
	m, ok := reply.Layer(i - 1).(*ICMPv6)
	if !ok || m.Type >= 128 {
		return false
	}
	if ip.src() != q.src() {
		return false
	}
	sameDst := ip.dst() == q.dst()
	rnh, qnh := ip.nextHeader(reply, i), q.nextHeader(request, j)
	roff, rend := packet.LayerOffset(reply, i+1), ansPayloadEnd(reply, i)
	qoff, qend := packet.LayerOffset(request, j+1), ansPayloadEnd(request, j)
	return packet.WithBytes(reply, func(rb []byte) bool {
		if rend > len(rb) || roff > rend {
			return false
		}
		return packet.WithBytes(request, func(qb []byte) bool {
			if qend > len(qb) || qoff > qend {
				return false
			}
			anh, a, _ := ansSkipExt(rnh, rb[roff:rend])
			bnh, b, routed := ansSkipExt(qnh, qb[qoff:qend])
			if !sameDst && !routed {
				return false // the destination is compared unless the request has a routing header
			}
			return ansUpperBytesEqual(anh, a, bnh, b)
		})
	})
}

// ansPayloadEnd is the offset where the bytes after layer i end: the start
// of a trailing Padding, or the end of the packet.
func ansPayloadEnd(p *packet.Packet, i int) int {
	for k := i + 1; k < p.NumLayers(); k++ {
		if p.Layer(k).Proto().Trailer {
			return packet.LayerOffset(p, k)
		}
	}
	return packet.LayerOffset(p, p.NumLayers())
}

// ansSkipExt skips the IPv6 extension headers Scapy skips (hop-by-hop,
// routing, fragment, destination options) and returns the upper protocol,
// its bytes, and whether a routing header was among them.
func ansSkipExt(nh uint8, b []byte) (uint8, []byte, bool) {
	routed := false
	for n := 0; n < 16; n++ {
		var l int
		switch nh {
		case IPProtoHopOpt, IPProtoRouting, IPProtoDstOpts:
			if len(b) < 2 {
				return nh, b, routed
			}
			l = (int(b[1]) + 1) * 8
		case IPProtoFragment:
			l = 8
		default:
			return nh, b, routed
		}
		if len(b) < l {
			return nh, b, routed
		}
		routed = routed || nh == IPProtoRouting
		nh, b = b[0], b[l:]
	}
	return nh, b, routed
}

// ansUpperBytesEqual compares the upper-layer bytes of a quotation (a)
// and of the request (b) as IPerror6.answers does.
func ansUpperBytesEqual(anh uint8, a []byte, bnh uint8, b []byte) bool {
	if anh == IPProtoTCP && bnh == IPProtoTCP && len(a) >= TCPMinLen && len(b) >= TCPMinLen {
		ao, bo := ansTCPOptions(a), ansTCPOptions(b)
		if !bytes.Equal(ao, bo) {
			// MSS clamping: compare without options, checksum and offset
			ha, hb := ansTCPMasked(a), ansTCPMasked(b)
			pa, pb := a[TCPMinLen+len(ao):], b[TCPMinLen+len(bo):]
			n := min(len(pa), len(pb))
			return ha == hb && bytes.Equal(pa[:n], pb[:n])
		}
	}
	n := min(len(a), len(b))
	return bytes.Equal(a[:n], b[:n])
}

// ansTCPOptions returns the option bytes of a TCP header (b has at least
// the fixed 20 bytes).
func ansTCPOptions(b []byte) []byte {
	hl := int(b[tcpOffRes]>>4) * 4
	if hl < TCPMinLen {
		hl = TCPMinLen
	}
	return b[TCPMinLen:min(hl, len(b))]
}

// ansTCPMasked is the fixed TCP header with data offset and checksum
// zeroed.
func ansTCPMasked(b []byte) [TCPMinLen]byte {
	var h [TCPMinLen]byte
	copy(h[:], b)
	h[tcpOffRes] &= 0x0f
	h[tcpCsum], h[tcpCsum+1] = 0, 0
	return h
}

// HashAt implements packet.Hasher, as Scapy's IPv6.hashret without the
// addresses and the next header (see the top of this file): an ICMPv6
// error hashes as its quotation, anything else as its payload (whose
// extension headers pass the hash of what follows them on).
func (ip *IPv6) HashAt(p *packet.Packet, i int) uint64 {
	nh := ip.nextHeader(p, i)
	if nh == IPProtoICMPv6 && ansICMPv6Error(p, i) {
		return packet.HashAt(p, i+2)
	}
	return packet.HashMix(ansNetPayloadHash(p, i, nh), 6)
}

// ---- ICMPv6 ----

// ansICMPv6MinLen is Scapy's icmp6typesminhdrlen: a message of a type not
// listed, or shorter, is dissected by Scapy as Raw, which answers
// anything.
func ansICMPv6MinLen(t uint8) (int, bool) {
	switch t {
	case 1, 2, 3, 4, 128, 129, 133, 141, 142, 143, 144, 145, 146, 147, 151:
		return 8, true
	case 130, 131, 132, 135, 136:
		return 24, true
	case 134:
		return 16, true
	case 137:
		return 40, true
	case 139, 140: // node information: Scapy dissects them whenever longer than 2
		return 3, true
	}
	return 0, false
}

// ansICMPv6Len is the length of the message at layer i: its header and
// everything after it up to the end of the payload.
func ansICMPv6Len(p *packet.Packet, i int) int {
	return max(ansPayloadEnd(p, i)-packet.LayerOffset(p, i), 0)
}

// ansICMPv6Msg calls f with the bytes of the message at layer i (header
// and body, up to the end of the payload, however the body is decoded),
// and returns what f returns; false when they cannot be had.
func ansICMPv6Msg(p *packet.Packet, i int, f func(msg []byte) bool) bool {
	off, end := packet.LayerOffset(p, i), ansPayloadEnd(p, i)
	return packet.WithBytes(p, func(b []byte) bool {
		if off > end || end > len(b) || end-off < ICMPv6HdrLen {
			return false
		}
		return f(b[off:end])
	})
}

// ansScapyRaw reports whether Scapy dissects this message as Raw.
func (m *ICMPv6) ansScapyRaw(p *packet.Packet, i int) bool {
	n, ok := ansICMPv6MinLen(m.Type)
	return !ok || ansICMPv6Len(p, i) < n
}

// AnswersAt implements packet.Answerer with Scapy's rules: an echo reply
// answers an echo (request or reply: Scapy's reply class derives from the
// request's) with the same id, seq and data; a neighbor advertisement the
// solicitation for the same target; a router advertisement any router
// solicitation; an MLD report an MLD query of its version. A message
// Scapy cannot dissect (unknown type, too short) answers anything, as its
// Raw does. Inside a quotation a message answers one of the same type and
// code.
func (m *ICMPv6) AnswersAt(reply *packet.Packet, i int, request *packet.Packet, j int) bool {
	if m.ansScapyRaw(reply, i) {
		return true
	}
	q, ok := request.Layer(j).(*ICMPv6)
	if !ok || q.ansScapyRaw(request, j) {
		return false
	}
	if _, under := reply.Layer(i - 1).(*IPv6); under && packet.InQuote(reply, i-1) {
		return m.Type == q.Type && m.Code == q.Code
	}
	switch m.Type {
	case ICMPv6EchoReply:
		if (q.Type != ICMPv6EchoRequest && q.Type != ICMPv6EchoReply) || m.ID != q.ID || m.Seq != q.Seq {
			return false
		}
		return ansICMPv6Equal(reply, i, request, j, ICMPv6HdrLen, -1) // the data
	case ICMPv6NeighborAdvertisement:
		// the targets; Scapy's classes need 24 bytes, so both hold one
		return q.Type == ICMPv6NeighborSolicitation && ansICMPv6Equal(reply, i, request, j, ICMPv6HdrLen, 16)
	case ICMPv6RouterAdvertisement:
		return q.Type == ICMPv6RouterSolicitation
	case ICMPv6MLDReport:
		// "ICMPv6MLQuery in query": an MLDv1 query anywhere in the request
		for k := j; k < request.NumLayers(); k++ {
			if x, ok := request.Layer(k).(*ICMPv6); ok && x.Type == ICMPv6MLDQuery && !x.ansScapyRaw(request, k) &&
				ansICMPv6Len(request, k) < 28 {
				return true
			}
		}
		return false
	case ICMPv6MLDv2Report:
		return q.Type == ICMPv6MLDQuery && ansICMPv6Len(request, j) >= 28
	}
	return false
}

// ansICMPv6Equal compares n bytes (n < 0: the rest) from offset off of the
// messages at reply layer i and request layer j.
func ansICMPv6Equal(reply *packet.Packet, i int, request *packet.Packet, j int, off, n int) bool {
	return ansICMPv6Msg(reply, i, func(a []byte) bool {
		return ansICMPv6Msg(request, j, func(b []byte) bool {
			a, b := a[off:], b[off:]
			if n >= 0 {
				a, b = ansPrefix(a, n), ansPrefix(b, n)
			}
			return bytes.Equal(a, b)
		})
	})
}

// HashAt implements packet.Hasher: id and seq of echo messages, the target
// of neighbor solicitations and advertisements (Scapy's hashret).
func (m *ICMPv6) HashAt(p *packet.Packet, i int) uint64 {
	switch m.Type {
	case ICMPv6EchoRequest, ICMPv6EchoReply:
		return ansIDSeqHash(m.ID, m.Seq)
	case ICMPv6NeighborSolicitation, ICMPv6NeighborAdvertisement:
		h := packet.HashSeed
		ansICMPv6Msg(p, i, func(msg []byte) bool {
			if len(msg) >= ICMPv6HdrLen+16 {
				h = packet.HashBytes(h, msg[ICMPv6HdrLen:ICMPv6HdrLen+16])
			}
			return true
		})
		return h
	}
	return packet.HashSeed
}
