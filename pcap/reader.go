package pcap

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"slices"
	"time"
)

// Classic pcap file header: 24 bytes at the start of the file, in the byte
// order the magic number reveals (it reads a1b2c3d4 or a1b23c4d in the
// writer's byte order).
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|      Magic: 0xa1b2c3d4 (microseconds) / 0xa1b23c4d (nanos)    |  0
//	+-------------------------------+-------------------------------+
//	|       Major version (2)       |       Minor version (4)       |  4
//	+-------------------------------+-------------------------------+
//	|                 Reserved1 (was thiszone, 0)                   |  8
//	+---------------------------------------------------------------+
//	|                 Reserved2 (was sigfigs, 0)                    | 12
//	+---------------------------------------------------------------+
//	|                            SnapLen                            | 16
//	+-------+-+-+-------------------+-------------------------------+
//	|FCS len|R|P|     Reserved3     |        Link type (16 bits)    | 20
//	+-------+-+-+-------------------+-------------------------------+
//
// P set means the top 4 bits hold the number of 16-bit words of frame
// check sequence at the end of every packet.
const (
	fhMagic       = 0
	fhMajor       = 4
	fhMinor       = 6
	fhSnapLen     = 16
	fhLinkType    = 20
	fileHeaderLen = 24

	magicMicro        = 0xa1b2c3d4
	magicNano         = 0xa1b23c4d
	magicMicroSwapped = 0xd4c3b2a1
	magicNanoSwapped  = 0x4d3cb2a1

	linkTypeFCSPresent = 0x04000000
)

// Classic pcap record header: 16 bytes before every packet's data.
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                      Timestamp (seconds)                      |  0
//	+---------------------------------------------------------------+
//	|            Timestamp (microseconds or nanoseconds)            |  4
//	+---------------------------------------------------------------+
//	|                    Captured packet length                     |  8
//	+---------------------------------------------------------------+
//	|                    Original packet length                     | 12
//	+---------------------------------------------------------------+
//	/              Packet data (captured length bytes)              / 16
//	+---------------------------------------------------------------+
const (
	rhSec           = 0
	rhFrac          = 4
	rhCapLen        = 8
	rhOrigLen       = 12
	recordHeaderLen = 16
)

// Reader reads packets from a classic pcap or pcapng stream, optionally
// gzip-compressed. It is not safe for concurrent use.
type Reader struct {
	src  io.Reader
	gz   *gzip.Reader
	file *os.File // opened by Open, closed by Close
	mmap []byte   // the file mapped by Open, unmapped by Close

	// inPlace: buf is the whole input (NewReaderBytes or a mapped file),
	// never written to; packets are slices of it.
	inPlace bool

	// read buffer, see buffer.go
	buf    []byte
	r, w   int
	base   int64
	srcErr error

	format Format
	be     bool  // byte order of the file (pcap) or current section (pcapng)
	err    error // sticky: returned by every read after the first error

	// classic pcap
	nanos    bool
	linkType LinkType
	snapLen  uint32
	fcsLen   int
	maxCap   uint32

	// pcapng
	ifaces    []Interface  // interfaces of the current section
	ifstate   []ifaceState // decoding state, parallel to ifaces
	sections  int          // number of sections seen
	firstLT   LinkType     // link type of the first interface of the file
	haveFirst bool
	comments  []string // reused for CaptureInfo.Comments
}

// NewReader reads the file header of r (and, for pcapng, the section
// header and the interface descriptions before the first packet) and
// returns a Reader positioned at the first packet. The format is detected
// from the magic number; gzip-compressed input is decompressed
// transparently.
func NewReader(r io.Reader) (*Reader, error) {
	rd := &Reader{src: r}
	if err := rd.init(); err != nil {
		if rd.gz != nil {
			rd.gz.Close()
		}
		return nil, err
	}
	return rd, nil
}

// NewReaderBytes reads a capture held in memory. Packets are read in
// place: the data slices ReadPacketData returns are sub-slices of data
// (valid as long as data is), nothing is copied, and data is never
// modified. gzip-compressed input is decompressed into a buffer of the
// Reader's own.
func NewReaderBytes(data []byte) (*Reader, error) {
	rd := &Reader{src: eofReader{}, buf: data, w: len(data), srcErr: io.EOF, inPlace: true}
	if err := rd.init(); err != nil {
		if rd.gz != nil {
			rd.gz.Close()
		}
		return nil, err
	}
	return rd, nil
}

// eofReader is the source of a Reader that holds its whole input.
type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

// Open opens the named capture file for reading. Close the Reader to close
// the file.
//
// On Unix systems an uncompressed regular file is memory-mapped and read
// in place, without copying; the data slices of ReadPacketData then stay
// valid until Close (not only until the next read), and must not be used
// after Close. Truncating the file while it is being read makes the
// program fault, as with any memory-mapped file; read a file that another
// program is still writing with NewReader instead.
func Open(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if m := mapFile(f); m != nil {
		r, err := NewReaderBytes(m)
		if err != nil {
			unmapFile(m)
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r.file, r.mmap = f, m
		return r, nil
	}
	r, err := NewReader(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r.file = f
	return r, nil
}

var errClosed = fmt.Errorf("pcap: read from closed reader: %w", os.ErrClosed)

// Close releases the Reader's resources: the gzip decompressor, and the
// file if the Reader came from Open. It does not close an io.Reader passed
// to NewReader. Reads after Close fail.
func (r *Reader) Close() error {
	var err error
	if r.gz != nil {
		err = r.gz.Close()
		r.gz = nil
	}
	if r.file != nil {
		if e := r.file.Close(); err == nil {
			err = e
		}
		r.file = nil
	}
	if r.mmap != nil {
		unmapFile(r.mmap)
		r.mmap = nil
	}
	r.buf, r.r, r.w = nil, 0, 0
	r.err = errClosed
	return err
}

func (r *Reader) init() error {
	if err := r.fill(4); err != nil {
		if err == io.EOF {
			return formatErr(0, ErrTruncated, "empty input")
		}
		return readErr(0, "file magic", err)
	}
	if r.buf[r.r] == 0x1f && r.buf[r.r+1] == 0x8b {
		if err := r.startGzip(); err != nil {
			return err
		}
	}
	magic := binary.LittleEndian.Uint32(r.buf[r.r:])
	switch magic {
	case magicMicro, magicNano, magicMicroSwapped, magicNanoSwapped:
		return r.initPcap(magic)
	case blockSHB:
		return r.initNg()
	}
	return formatErr(r.offset(), ErrBadMagic, "magic % x is neither pcap, pcapng nor gzip", r.buf[r.r:r.r+4])
}

// startGzip switches the source to a gzip decompressor fed with the bytes
// already buffered and the rest of the input. Offsets in errors are then
// offsets of the decompressed stream.
func (r *Reader) startGzip() error {
	var src io.Reader
	if r.inPlace {
		// Decompress from the input in place into a buffer of our own.
		src = bytes.NewReader(r.buf[r.r:r.w])
		r.buf, r.inPlace = nil, false
	} else {
		pending := bytes.Clone(r.buf[r.r:r.w])
		src = io.MultiReader(bytes.NewReader(pending), r.src)
	}
	gz, err := gzip.NewReader(src)
	if err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return formatErr(0, ErrTruncated, "gzip header")
		}
		return fmt.Errorf("pcap: gzip: %w", err)
	}
	r.gz, r.src = gz, gz
	r.r, r.w, r.base, r.srcErr = 0, 0, 0, nil
	if err := r.fill(4); err != nil {
		if err == io.EOF {
			return formatErr(0, ErrTruncated, "empty gzip stream")
		}
		return readErr(0, "file magic", err)
	}
	return nil
}

func (r *Reader) initPcap(magic uint32) error {
	r.format = FormatPcap
	if err := r.fill(fileHeaderLen); err != nil {
		return readErr(0, "pcap file header", err)
	}
	r.be = magic == magicMicroSwapped || magic == magicNanoSwapped
	r.nanos = magic == magicNano || magic == magicNanoSwapped
	h := r.buf[r.r : r.r+fileHeaderLen]
	if major, minor := r.u16(h[fhMajor:]), r.u16(h[fhMinor:]); major != 2 {
		return formatErr(0, ErrUnsupportedVersion, "pcap version %d.%d (want 2.x)", major, minor)
	}
	r.snapLen = r.u32(h[fhSnapLen:])
	lt := r.u32(h[fhLinkType:])
	r.linkType = LinkType(lt)
	if lt&linkTypeFCSPresent != 0 {
		r.fcsLen = int(lt>>28) * 2
	}
	r.maxCap = maxCaptureLength(r.linkType)
	r.r += fileHeaderLen
	return nil
}

// Format reports whether the file is classic pcap or pcapng.
func (r *Reader) Format() Format { return r.format }

// LinkType returns the file's link type: the header's for classic pcap,
// for pcapng the link type of the first interface of the first section
// (LinkTypeNull while none has been read; NewReader reads the interfaces
// described before the first packet). pcapng packets carry their own link
// type in CaptureInfo.LinkType.
func (r *Reader) LinkType() LinkType {
	if r.format == FormatPcap {
		return r.linkType
	}
	return r.firstLT
}

// Interfaces returns the interfaces known so far: the single interface of
// a classic pcap file, or for pcapng the interfaces of the current section
// (those described before the first packet after NewReader; a new section
// replaces them). The slice is a copy.
func (r *Reader) Interfaces() []Interface {
	if r.format == FormatPcap {
		res := uint8(6)
		if r.nanos {
			res = 9
		}
		return []Interface{{LinkType: r.linkType, SnapLen: r.snapLen, TsResol: res, FCSLen: r.fcsLen}}
	}
	return slices.Clone(r.ifaces)
}

// ReadPacketData returns the next packet. The data slice points into the
// Reader's buffer and is valid only until the next call to a Read method
// (as is ci.Comments); copy what you keep. At the end of the input it
// returns io.EOF. After any other error the Reader is stuck: every later
// call returns the same error. Complete packets before a damaged or
// truncated part of the file are all returned before the error.
//
// Once the buffer has grown to the largest packet, ReadPacketData does not
// allocate (except the strings of pcapng packet comments).
func (r *Reader) ReadPacketData() (data []byte, ci CaptureInfo, err error) {
	if r.format == FormatPcap && r.err == nil && r.w-r.r >= recordHeaderLen {
		// Fast path: a classic pcap record that is wholly buffered.
		h := r.buf[r.r : r.r+recordHeaderLen : r.r+recordHeaderLen]
		var sec, frac, caplen, origlen uint32
		if r.be {
			sec, frac = binary.BigEndian.Uint32(h[rhSec:]), binary.BigEndian.Uint32(h[rhFrac:])
			caplen, origlen = binary.BigEndian.Uint32(h[rhCapLen:]), binary.BigEndian.Uint32(h[rhOrigLen:])
		} else {
			sec, frac = binary.LittleEndian.Uint32(h[rhSec:]), binary.LittleEndian.Uint32(h[rhFrac:])
			caplen, origlen = binary.LittleEndian.Uint32(h[rhCapLen:]), binary.LittleEndian.Uint32(h[rhOrigLen:])
		}
		if end := r.r + recordHeaderLen + int(caplen); caplen <= r.maxCap && end <= r.w {
			data = r.buf[r.r+recordHeaderLen : end : end]
			r.r = end
			ns := int64(frac)
			if !r.nanos {
				ns *= 1000
			}
			ci.Timestamp = time.Unix(int64(sec), ns).UTC()
			ci.CaptureLength = int(caplen)
			ci.Length = int(origlen)
			ci.LinkType = r.linkType
			return data, ci, nil
		}
	}
	if r.err != nil {
		return nil, CaptureInfo{}, r.err
	}
	if r.format == FormatPcap {
		data, ci, err = r.nextPcap()
	} else {
		data, ci, err = r.nextNg()
	}
	if err != nil {
		r.err = err
	}
	return data, ci, err
}

// ReadPacketInto copies the next packet's data into buf and returns the
// number of bytes copied. If buf is shorter than the packet, it copies
// what fits and returns io.ErrShortBuffer (the packet is consumed;
// ci.CaptureLength tells its size). ci.Comments is a fresh slice.
func (r *Reader) ReadPacketInto(buf []byte) (n int, ci CaptureInfo, err error) {
	data, ci, err := r.ReadPacketData()
	if err != nil {
		return 0, ci, err
	}
	ci.Comments = slices.Clone(ci.Comments)
	n = copy(buf, data)
	if n < len(data) {
		return n, ci, io.ErrShortBuffer
	}
	return n, ci, nil
}

// ReadPacket returns the next packet with its own copy of the data and
// comments. It allocates; see ReadPacketData for the zero-copy form.
func (r *Reader) ReadPacket() (Packet, error) {
	data, ci, err := r.ReadPacketData()
	if err != nil {
		return Packet{}, err
	}
	ci.Comments = slices.Clone(ci.Comments)
	return Packet{CaptureInfo: ci, Data: bytes.Clone(data)}, nil
}

// All returns an iterator over the remaining packets, for range loops:
//
//	for data, ci := range r.All() {
//		...
//	}
//	if err := r.Err(); err != nil {
//		...
//	}
//
// The data and ci.Comments are only valid during their iteration step, as
// with ReadPacketData. The loop ends at the end of the input or at the
// first error; Err reports that error (nil at a clean end).
func (r *Reader) All() iter.Seq2[[]byte, CaptureInfo] {
	return func(yield func([]byte, CaptureInfo) bool) {
		for {
			data, ci, err := r.ReadPacketData()
			if err != nil {
				return
			}
			if !yield(data, ci) {
				return
			}
		}
	}
}

// Err returns the error that ended reading, or nil if reading has not
// failed (io.EOF at a clean end is not an error).
func (r *Reader) Err() error {
	if r.err == io.EOF {
		return nil
	}
	return r.err
}

func (r *Reader) nextPcap() ([]byte, CaptureInfo, error) {
	off := r.offset()
	if err := r.fill(recordHeaderLen); err != nil {
		if err == io.EOF {
			return nil, CaptureInfo{}, io.EOF
		}
		return nil, CaptureInfo{}, r.truncated(off, "record header", recordHeaderLen, err)
	}
	h := r.buf[r.r : r.r+recordHeaderLen]
	sec := r.u32(h[rhSec:])
	frac := uint64(r.u32(h[rhFrac:]))
	caplen := r.u32(h[rhCapLen:])
	origlen := r.u32(h[rhOrigLen:])
	if caplen > r.maxCap {
		return nil, CaptureInfo{}, formatErr(off, ErrPacketTooLarge,
			"record captured length %d exceeds the %d-byte limit for link type %v (snaplen %d)",
			caplen, r.maxCap, r.linkType, r.snapLen)
	}
	total := recordHeaderLen + int(caplen)
	if err := r.fill(total); err != nil {
		return nil, CaptureInfo{}, r.truncated(off, "packet record", total, err)
	}
	start := r.r + recordHeaderLen
	data := r.buf[start : start+int(caplen) : start+int(caplen)]
	r.r += total
	if !r.nanos {
		frac *= 1000
	}
	return data, CaptureInfo{
		Timestamp:     time.Unix(int64(sec), int64(frac)).UTC(),
		CaptureLength: int(caplen),
		Length:        int(origlen),
		LinkType:      r.linkType,
	}, nil
}

// truncated builds the error for a header, record or block of size bytes at
// off that the input does not hold entirely.
func (r *Reader) truncated(off int64, what string, size int, err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return formatErr(off, ErrTruncated, "%s of %d bytes cut short, %d present", what, size, r.buffered())
	}
	return readErr(off, what, err)
}

func (r *Reader) u16(b []byte) uint16 {
	if r.be {
		return binary.BigEndian.Uint16(b)
	}
	return binary.LittleEndian.Uint16(b)
}

func (r *Reader) u32(b []byte) uint32 {
	if r.be {
		return binary.BigEndian.Uint32(b)
	}
	return binary.LittleEndian.Uint32(b)
}

func (r *Reader) u64(b []byte) uint64 {
	if r.be {
		return binary.BigEndian.Uint64(b)
	}
	return binary.LittleEndian.Uint64(b)
}
