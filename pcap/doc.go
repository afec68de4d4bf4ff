// Package pcap reads and writes packet capture files in the classic
// libpcap format and in pcapng, streaming, without cgo and without knowing
// anything of the protocols inside the packets.
//
// # Formats
//
// A classic pcap file is a 24-byte header (magic number, version, snapshot
// length, link type) followed by records of a 16-byte header (timestamp,
// captured and original length) and the packet bytes. The magic number
// tells the byte order and the timestamp resolution: 0xa1b2c3d4 for
// microseconds, 0xa1b23c4d for nanoseconds, either read in the writer's
// byte order. The upper bits of the link-type field may carry the length
// of a frame check sequence (see Interface.FCSLen); LinkType keeps the low
// 16 bits.
//
// A pcapng file is a sequence of blocks, each with a type and a total
// length repeated at its end. A Section Header Block starts each section and
// fixes its byte order; Interface Description Blocks declare the
// section's interfaces (link type, snapshot length, timestamp resolution
// and offset, name); Enhanced, Simple and (obsolete) Packet Blocks carry
// packets, each on an interface. Other blocks (name resolution,
// statistics, decryption secrets, custom and unknown ones) are checked for
// consistent length fields and skipped. Options with packet comments
// (opt_comment) are returned in CaptureInfo.Comments.
//
// NewReader detects the format from the magic number and reads gzip-compressed
// files (magic 1f 8b) transparently.
//
// # Reading
//
// ReadPacketData is the fast path. It returns a slice of the Reader's
// internal buffer: the bytes are only valid until the next read call, and
// must be copied (ReadPacketInto, ReadPacket, bytes.Clone) to be kept. In
// exchange it does not allocate once the buffer has grown to the largest
// record: reading a file costs no garbage per packet. The same holds for
// the All iterator:
//
//	r, err := pcap.Open("trace.pcapng")
//	if err != nil { ... }
//	defer r.Close()
//	for data, ci := range r.All() {
//		use(data, ci.Timestamp, ci.LinkType)
//	}
//	if err := r.Err(); err != nil { ... }
//
// # Leniency and errors
//
// The reader accepts what Wireshark accepts where that does not risk
// misreading a packet: records longer than the snapshot length (up to a
// sanity limit of 256 KiB for most link types), pcapng blocks whose total
// length is not a multiple of 4 when the trailing length field is where
// the leading one says and agrees with it, section header versions 1.0 and
// 1.2, stray bytes after the options. It rejects with an error what
// Wireshark rejects: unknown magic, pcapng sections of any other version
// (such as the version 2.0 section of pcapgo's test901 file), leading and
// trailing block lengths that differ, packet blocks on an interface their
// section did not describe, captured lengths overrunning their block,
// options overrunning their block, out-of-range if_tsresol, absurd
// lengths. Errors about the input are *FormatError values naming the byte
// offset of the bad header, record or block; they wrap a sentinel
// (ErrBadMagic, ErrTruncated, ErrBadBlock, ...) for errors.Is. A file cut
// short yields all its complete packets and then an error wrapping
// ErrTruncated and io.ErrUnexpectedEOF. A clean end of input is io.EOF.
//
// # Writing
//
// Writer writes classic pcap with one link type, in microsecond or (with
// WithNanoseconds) nanosecond resolution, and refuses packets of another
// link type with ErrLinkTypeMismatch. NgWriter writes pcapng: it creates an
// interface description per (interface index, link type) as packets need
// them, or takes them from AddInterface (with their timestamp resolution
// and offset), and keeps packet comments: a capture read by this package
// is written back with the same data, lengths, nanosecond timestamps,
// interfaces and comments (several sections merge into one).
package pcap
