// Package defrag fragments IPv4 and IPv6 packets and reassembles IP
// fragments, as Scapy's fragment(), fragment6() and IPSession do, with the
// limits and attack handling of a kernel's reassembly queue.
//
// # Fragmenting
//
// Fragment cuts the outermost IP layer of a packet so that every fragment
// fits an MTU (the size of the IP packet, link layer not counted). Any
// link layer in front is copied onto each fragment. Fragment offsets are in
// 8-byte units and every fragment but the last carries a multiple of 8
// bytes; the last one may use the whole MTU, as in Scapy and Linux.
//
// IPv4 (RFC 791 section 3.2): a packet with DF set that does not fit is an
// error wrapping ErrDontFragment; the first fragment keeps the whole
// header, later fragments keep only the options whose copy flag is set
// (the header shrinks; Linux instead overwrites the others with NOPs). An
// IPv4 packet that is itself a fragment is fragmented further: offsets
// continue from its own and the last piece keeps its MF flag.
//
// IPv6 (RFC 8200 section 4.5): a Fragment header is inserted after the
// unfragmentable part: the hop-by-hop header, a routing header and any
// destination options header before it. A fresh random identification is
// drawn for each packet (RFC 7739). A packet that already carries a
// Fragment header is cut at that header with its identification, as
// Scapy's fragment6() does. A packet that fits is returned as it is: no
// atomic fragment is made (RFC 8021).
//
// # Reassembling
//
// A Defragmenter takes dissected packets one at a time (Process) and keeps
// the fragments of each datagram until it is complete. Datagrams are keyed
// by (source, destination, protocol, identification) for IPv4 and by
// (source, destination, identification) for IPv6 (RFC 791, RFC 8200). Only
// the outermost IP layer of a packet is considered. The reassembled packet
// is the link layer of the first fragment (offset 0) and its IP header
// with MF cleared, offset 0 and length and checksum recomputed (IPv6: the
// unfragmentable part with the Fragment header removed and the next header
// patched), followed by the data; it is dissected again from its bytes.
//
// Policy, following Linux (net/ipv4/inet_fragment.c since 4.19, which
// applies RFC 5722 to IPv4 as well):
//
//   - Overlaps: a fragment that lies entirely inside one fragment already
//     received is a duplicate and is ignored (Stats.Duplicates). Any other
//     overlap drops the whole datagram and its fragments (RFC 5722 for
//     IPv6; for IPv4 by default, Config.IPv4Overlap selects "first wins"
//     or "last wins" instead, as intrusion detection systems offer).
//   - A last fragment (MF=0) whose end differs from an earlier last
//     fragment, or lies before data already received, and a fragment that
//     reaches past the known end drop the datagram (teardrop, RFC 8200's
//     "inconsistent" fragments).
//   - A fragment other than the last whose length is zero or not a
//     multiple of 8 is malformed and dropped (the datagram is kept).
//   - A datagram that would exceed 65535 bytes (IPv4 total length, IPv6
//     payload length) is dropped (ErrOversized).
//   - Tiny fragments (RFC 1858, RFC 3128): an IPv4 TCP fragment at offset
//     8 (FO=1), or a first TCP fragment with fewer than 16 bytes of TCP
//     header; an IPv6 first fragment that does not hold the whole header
//     chain through the upper-layer header (RFC 7112). They are counted
//     and dropped (ErrTinyFragment).
//   - IPv6 atomic fragments (offset 0, M=0; RFC 6946) are returned at once
//     with the Fragment header removed and never mix with datagrams in
//     flight.
//   - Memory is bounded: at most MaxDatagrams datagrams in flight and
//     MaxBytes bytes of packet data buffered; a new datagram or fragment
//     that would exceed a bound evicts the oldest datagrams first. A
//     datagram with more than MaxFragmentsPerDatagram fragments is dropped.
//     Datagrams older than Timeout (from their first fragment) are dropped
//     by Expire and, for the oldest ones, by every Process call.
//
// A Defragmenter is not safe for concurrent use.
package defrag
