package sendrecv

import (
	"bytes"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// MatchFunc reports whether recv answers sent. Sr, Sr1, Srp and Srp1 take
// one; nil means DefaultMatch. A MatchFunc may be called concurrently and
// must not keep either packet.
type MatchFunc func(sent, recv *packet.Packet) bool

// DefaultMatch reports whether recv answers sent, by Scapy's rules
// (packet.Answers, and the Answers methods of each layer): ICMP echo
// request and reply by id and sequence number, ICMP errors quoting the
// request, TCP SYN and SYN-ACK or RST (ports swapped, ack = seq + 1), UDP
// by ports and ICMP port unreachable, DNS by transaction ID, ARP who-has
// and is-at for the address asked, ICMPv6 echo, neighbor and router
// discovery, ICMPv6 errors quoting the request.
//
// The two packets are compared from the first protocol they share, so a
// request sent at layer 3 (IP first) matches its answer read with its link
// layer (Ethernet / IP ...), and the other way round.
//
// Our own packet is never its answer: recv must not be sent itself, nor
// encode to the same bytes from the layer they are compared at (a packet
// seen again on the loopback interface, or on the capture of an L2
// socket).
//
// A dissected packet is compared by the bytes it was decoded from where
// bytes are compared (the quotation of an ICMPv6 error). Matching two
// dissected packets allocates nothing.
func DefaultMatch(sent, recv *packet.Packet) bool {
	if sent == nil || recv == nil || sent == recv {
		return false
	}
	j, i, ok := align(sent, recv)
	if !ok || !packet.AnswersAt(recv, i, sent, j) {
		return false
	}
	return !sameBytesFrom(sent, j, recv, i)
}

// align returns the layers at which sent (j) and recv (i) are compared:
// both first layers when they are of one protocol, else the first layer of
// recv of sent's first protocol (a link layer around the reply), else the
// first layer of sent of recv's first protocol (a link layer the reply
// came without).
func align(sent, recv *packet.Packet) (j, i int, ok bool) {
	s0, r0 := sent.Layer(0), recv.Layer(0)
	if s0 == nil || r0 == nil {
		return 0, 0, false
	}
	if s0.Proto() == r0.Proto() {
		return 0, 0, true
	}
	if k := find(recv, s0.Proto()); k > 0 {
		return 0, k, true
	}
	if k := find(sent, r0.Proto()); k > 0 {
		return k, 0, true
	}
	return 0, 0, false
}

// find returns the index of the first layer of p of protocol pr outside an
// ICMP error's quotation, or -1.
func find(p *packet.Packet, pr *packet.Proto) int {
	for k := 0; k < p.NumLayers(); k++ {
		if packet.InQuote(p, k) {
			break
		}
		if p.Layer(k).Proto() == pr {
			return k
		}
	}
	return -1
}

// sameBytesFrom reports whether a from layer j and b from layer i encode
// to the same bytes.
func sameBytesFrom(a *packet.Packet, j int, b *packet.Packet, i int) bool {
	aoff, boff := packet.LayerOffset(a, j), packet.LayerOffset(b, i)
	return packet.WithBytes(a, func(x []byte) bool {
		return packet.WithBytes(b, func(y []byte) bool {
			return aoff <= len(x) && boff <= len(y) && bytes.Equal(x[aoff:], y[boff:])
		})
	})
}

// MatchKey returns the bucket of p for DefaultMatch: a sent packet and a
// received packet DefaultMatch pairs have the same key, so a sender with
// many requests in flight looks up the candidates for each reply in a map
// instead of trying them all. The key is packet.HashAt from p's first
// IPv4, IPv6 or ARP layer (from its first layer when it has none), which
// makes a request sent at layer 3 and its answer read with a link layer
// agree. Keys may collide; DefaultMatch decides.
//
// The keys of a pair that DefaultMatch accepts differ only for replies
// Scapy itself cannot dissect (an ICMPv6 message of an unknown type or
// too short for its type, an ARP reply with a protocol address shorter
// than 4 bytes), which match anything as Scapy's Raw does; a sender that
// must not miss those tries them against every request.
func MatchKey(p *packet.Packet) uint64 {
	for k := 0; k < p.NumLayers(); k++ {
		if packet.InQuote(p, k) {
			break
		}
		switch p.Layer(k).(type) {
		case *layers.IPv4, *layers.IPv6, *layers.ARP:
			return packet.HashAt(p, k)
		}
	}
	return packet.HashKey(p)
}
