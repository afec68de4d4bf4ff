// Package stream reassembles TCP streams: it follows both directions of
// every connection, puts segments back in order, resolves retransmissions
// and overlaps, and hands the ordered bytes to the caller; on top of that
// it cuts the bytes into application messages, turns captured packets
// into packets whose messages are whole (Scapy's sessions), and prints a
// stream as tshark's Follow TCP Stream does.
//
// # Assembler
//
// An Assembler takes dissected packets (Process) or hand-filled segments
// (ProcessSegment) and calls a Handler with each direction's bytes in
// order. Conversations are keyed by addresses and ports, both directions
// in one Conversation; the client is the side that sent the first SYN, or,
// when the connection is picked up in the middle, the sender of the first
// packet seen. Sequence numbers wrap around (RFC 9293 comparisons).
//
//   - In-order segments are handed over at once, without copying and
//     without allocating; out-of-order ones are copied and wait for the
//     hole before them. They are applied as tshark's Follow TCP Stream
//     applies them (in arrival order, each trimmed of what was handed
//     over), so the chunks of Handler.Data are tshark's chunks.
//   - Retransmissions and overlaps follow a Policy: First (the default,
//     what tshark shows) keeps the copy that arrived first, Last the most
//     recent one still buffered. Bytes handed over are never taken back.
//   - When a peer acknowledges bytes past a hole, they were lost from the
//     capture only: the hole is skipped and reported (DataInfo.Gap).
//   - SYN starts a conversation; a new SYN with another initial sequence
//     number on the same addresses and ports starts a new one. FIN ends a
//     direction once every byte before it was handed over (FinHandler);
//     when both have ended the conversation closes. RST closes it at once
//     (a reset older than the next expected byte is ignored) and drops
//     what still waits, as the receiving host does. A closed conversation
//     is kept, so that its late packets (the last ACK) are recognised and
//     ignored, until it is evicted or times out.
//   - Memory is bounded (Config): out-of-order bytes per conversation and
//     in all, and the number of conversations. When a conversation's
//     buffer is full its oldest hole is skipped (reported as a gap); when
//     the total is reached the least recently active conversations
//     holding bytes are flushed; when the table is full the least
//     recently active conversation is evicted. Conversations idle longer
//     than Config.Timeout, or than FlushOlderThan's time, are flushed and
//     closed; FlushAll ends everything at the end of the input.
//
// # Messages and framing
//
// Messages is a Handler that cuts each direction into application
// messages with a Framer (NewFramer: TLS records, BGP messages, DNS over
// TCP, HTTP/1.x messages with Content-Length, chunked or until-close
// bodies) chosen by the registry's port bindings or by content
// (DetectProtocol). A message inside one segment is handed over without
// copying; one that spans segments is gathered first.
//
// # Sessions
//
// A Session turns captured packets into packets whose application
// messages are whole, as Scapy's sniff(session=TCPSession): IP fragments
// reassembled (a Defragmenter such as package defrag's), TCP reassembled,
// each message dissected with the registry under the headers of the
// segment that completed it. goscapy read --reassemble uses it.
//
// # tshark's numbering and Follow TCP Stream
//
// StreamIndex numbers connections as tshark's tcp.stream field does, and
// Follow prints a stream as "tshark -q -z follow,tcp,MODE,N" prints it,
// byte for byte (the tests compare them on every capture of the corpus
// with HTTP, TLS or BGP). goscapy follow and goscapy http use them.
package stream
