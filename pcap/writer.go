package pcap

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"time"
)

const (
	writeBufSize   = 64 << 10
	defaultSnapLen = 262144 // tcpdump's default
)

// WriterOption configures NewWriter and NewNgWriter.
type WriterOption struct{ apply func(*writerConfig) }

type writerConfig struct {
	nanos   bool
	snapLen uint32
	app     string
}

// WithNanoseconds makes NewWriter write a nanosecond-resolution classic
// pcap file (magic 0xa1b23c4d) instead of the default microsecond one.
// pcapng files are always written with nanosecond resolution.
func WithNanoseconds() WriterOption {
	return WriterOption{func(c *writerConfig) { c.nanos = true }}
}

// WithSnapLen sets the snapshot length written in the classic pcap header
// and in the pcapng interface descriptions the NgWriter creates by itself
// (default 262144). Packets longer than it are still written whole.
func WithSnapLen(n uint32) WriterOption {
	return WriterOption{func(c *writerConfig) { c.snapLen = n }}
}

// WithApplication sets the shb_userappl option of the pcapng section
// header (the application that wrote the file). Classic pcap ignores it.
func WithApplication(name string) WriterOption {
	return WriterOption{func(c *writerConfig) { c.app = name }}
}

func newConfig(opts []WriterOption) writerConfig {
	c := writerConfig{snapLen: defaultSnapLen}
	for _, o := range opts {
		if o.apply != nil {
			o.apply(&c)
		}
	}
	return c
}

// Writer writes a classic pcap file: one link type, no interfaces, no
// comments. Output is buffered; call Flush when done.
type Writer struct {
	bw       *bufio.Writer
	linkType LinkType
	nanos    bool
	hdr      [recordHeaderLen]byte
	err      error // sticky write error
}

// NewWriter writes a classic pcap file header (little-endian, version 2.4,
// microsecond resolution unless WithNanoseconds) for link type linkType to
// w and returns a Writer for the packets. The header is written to w at
// once; packets are buffered.
func NewWriter(w io.Writer, linkType LinkType, opts ...WriterOption) (*Writer, error) {
	c := newConfig(opts)
	var h [fileHeaderLen]byte
	magic := uint32(magicMicro)
	if c.nanos {
		magic = magicNano
	}
	le := binary.LittleEndian
	le.PutUint32(h[fhMagic:], magic)
	le.PutUint16(h[fhMajor:], 2)
	le.PutUint16(h[fhMinor:], 4)
	le.PutUint32(h[fhSnapLen:], c.snapLen)
	le.PutUint32(h[fhLinkType:], uint32(linkType))
	if _, err := w.Write(h[:]); err != nil {
		return nil, fmt.Errorf("pcap: writing file header: %w", err)
	}
	return &Writer{bw: bufio.NewWriterSize(w, writeBufSize), linkType: linkType, nanos: c.nanos}, nil
}

// WritePacket appends a packet record.
//
// ci.LinkType must be the file's link type, else WritePacket returns an
// error wrapping ErrLinkTypeMismatch (a classic pcap file cannot hold
// packets of several link types; use NgWriter). ci.CaptureLength must be
// len(data); if it is 0 it is taken as len(data), and if ci.Length is also 0
// the original length is len(data) too. A zero ci.Timestamp is written as
// the Unix epoch; timestamps must lie between 1970 and 2106. Sub-microsecond
// digits are truncated unless the file has nanosecond resolution.
// InterfaceIndex and Comments have no place in classic pcap and are ignored.
func (w *Writer) WritePacket(ci CaptureInfo, data []byte) error {
	if w.err != nil {
		return w.err
	}
	if ci.LinkType != w.linkType {
		return fmt.Errorf("%w: packet has link type %v (%d) but the pcap file has %v (%d); write pcapng to mix link types",
			ErrLinkTypeMismatch, ci.LinkType, uint16(ci.LinkType), w.linkType, uint16(w.linkType))
	}
	caplen, origlen, err := packetLengths(ci, data)
	if err != nil {
		return err
	}
	sec, nsec := splitTime(ci.Timestamp)
	if sec < 0 || sec > math.MaxUint32 {
		return fmt.Errorf("%w: timestamp %v is outside the classic pcap range 1970-2106", ErrBadCaptureInfo, ci.Timestamp)
	}
	frac := uint32(nsec)
	if !w.nanos {
		frac /= 1000
	}
	le := binary.LittleEndian
	le.PutUint32(w.hdr[rhSec:], uint32(sec))
	le.PutUint32(w.hdr[rhFrac:], frac)
	le.PutUint32(w.hdr[rhCapLen:], caplen)
	le.PutUint32(w.hdr[rhOrigLen:], origlen)
	if _, err := w.bw.Write(w.hdr[:]); err != nil {
		w.err = err
		return err
	}
	if _, err := w.bw.Write(data); err != nil {
		w.err = err
		return err
	}
	return nil
}

// Flush writes buffered packets to the underlying writer.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	if err := w.bw.Flush(); err != nil {
		w.err = err
		return err
	}
	return nil
}

// packetLengths returns the captured and original lengths to write for a
// packet, applying the defaults documented on WritePacket.
func packetLengths(ci CaptureInfo, data []byte) (caplen, origlen uint32, err error) {
	c, o := ci.CaptureLength, ci.Length
	if c == 0 {
		c = len(data)
		if o == 0 {
			o = len(data)
		}
	}
	if c != len(data) {
		return 0, 0, fmt.Errorf("%w: capture length %d but %d bytes of data", ErrBadCaptureInfo, ci.CaptureLength, len(data))
	}
	if o < 0 || uint64(c) > math.MaxUint32 || uint64(o) > math.MaxUint32 {
		return 0, 0, fmt.Errorf("%w: lengths %d/%d out of range", ErrBadCaptureInfo, c, o)
	}
	return uint32(c), uint32(o), nil
}

// splitTime returns t as seconds and nanoseconds since the Unix epoch; the
// zero Time counts as the epoch.
func splitTime(t time.Time) (sec int64, nsec int64) {
	if t.IsZero() {
		return 0, 0
	}
	return t.Unix(), int64(t.Nanosecond())
}
