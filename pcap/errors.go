package pcap

import (
	"errors"
	"fmt"
	"io"
)

// Sentinel errors. Errors returned by this package wrap one of these, so
// callers test them with errors.Is. Errors about a broken file are
// *FormatError values that also name the byte offset of the problem.
var (
	// ErrBadMagic means the input does not start with a classic pcap,
	// pcapng or gzip magic number.
	ErrBadMagic = errors.New("pcap: unknown file magic")

	// ErrUnsupportedVersion means a classic pcap header or a pcapng
	// section header carries a format version this package cannot read
	// (classic pcap 2.x and pcapng 1.0/1.2 are read).
	ErrUnsupportedVersion = errors.New("pcap: unsupported format version")

	// ErrTruncated means the input ends inside a header, record or block.
	// It wraps io.ErrUnexpectedEOF, so errors.Is(err, io.ErrUnexpectedEOF)
	// also holds for truncated files.
	ErrTruncated = fmt.Errorf("pcap: truncated file: %w", io.ErrUnexpectedEOF)

	// ErrBadBlock means a pcapng block is malformed: a total length below
	// the minimum, a leading length that differs from the trailing one, a
	// captured length that overruns the block, a bad option, and so on.
	ErrBadBlock = errors.New("pcap: malformed block")

	// ErrBadRecord means a classic pcap record header is malformed.
	ErrBadRecord = errors.New("pcap: malformed record")

	// ErrPacketTooLarge means a record or block claims a captured length
	// beyond the sanity limit for its link type (256 KiB for most link
	// types, as in Wireshark).
	ErrPacketTooLarge = errors.New("pcap: captured length too large")

	// ErrUnknownInterface means a pcapng packet block refers to an
	// interface that no interface description block of its section
	// defined.
	ErrUnknownInterface = errors.New("pcap: packet refers to an undefined interface")

	// ErrLinkTypeMismatch is returned by Writer.WritePacket for a packet
	// whose link type differs from the file's: a classic pcap file holds a
	// single link type (write pcapng with NgWriter instead).
	ErrLinkTypeMismatch = errors.New("pcap: link type mismatch")

	// ErrBadCaptureInfo is returned by the writers for packet metadata
	// that cannot be written: a capture length that differs from the data
	// length, a timestamp outside the format's range, an over-long comment.
	ErrBadCaptureInfo = errors.New("pcap: invalid capture info")
)

// FormatError describes a problem in the input, at a byte offset of the
// (decompressed) stream. Err is one of the package's sentinel errors.
type FormatError struct {
	Offset int64  // offset of the offending header, record or block
	Err    error  // sentinel: ErrBadBlock, ErrTruncated, ...
	Detail string // what exactly is wrong
}

// Error reports the sentinel's text, the offset and the detail, e.g.
// "pcap: malformed block at offset 1220: leading length 96 != trailing length 92".
func (e *FormatError) Error() string {
	if e.Detail == "" {
		return fmt.Sprintf("%v at offset %d", e.Err, e.Offset)
	}
	return fmt.Sprintf("%v at offset %d: %s", e.Err, e.Offset, e.Detail)
}

// Unwrap returns the sentinel error.
func (e *FormatError) Unwrap() error { return e.Err }

func formatErr(off int64, sentinel error, format string, args ...any) error {
	return &FormatError{Offset: off, Err: sentinel, Detail: fmt.Sprintf(format, args...)}
}

// readErr wraps an error met while filling the buffer for the header,
// record or block that starts at off. End of input becomes ErrTruncated;
// other errors (I/O, gzip checksum) are wrapped with the offset.
func readErr(off int64, what string, err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return formatErr(off, ErrTruncated, "%s", what)
	}
	return fmt.Errorf("pcap: reading %s at offset %d: %w", what, off, err)
}
