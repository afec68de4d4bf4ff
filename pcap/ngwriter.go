package pcap

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/bits"
)

// NgWriter writes a pcapng file: one little-endian section, one interface
// description block per interface, an enhanced packet block per packet.
// Timestamps are written in each interface's resolution: nanoseconds for
// the interfaces it creates itself. Output is buffered; call Flush when
// done.
type NgWriter struct {
	bw      *bufio.Writer
	ifaces  []Interface
	units   []uint64         // timestamp units per second, parallel to ifaces
	remap   map[ifaceKey]int // (packet's index, link type) -> written index, when they differ
	snapLen uint32
	hdr     [epbData]byte
	opt     [4]byte
	scratch []byte
	err     error // sticky write error
}

type ifaceKey struct {
	index    int
	linkType LinkType
}

const (
	optShbUserAppl = 4
	ngTsResolNanos = 9
)

var zeroPad [4]byte

// NewNgWriter writes a pcapng section header block to w and returns an
// NgWriter for the interfaces and packets. The header is written to w at
// once; what follows is buffered.
func NewNgWriter(w io.Writer, opts ...WriterOption) (*NgWriter, error) {
	c := newConfig(opts)
	if len(c.app) > math.MaxUint16 {
		return nil, fmt.Errorf("%w: application name of %d bytes is too long for a pcapng option", ErrBadCaptureInfo, len(c.app))
	}
	nw := &NgWriter{snapLen: c.snapLen}
	b := nw.scratch[:0]
	b = le32(b, blockSHB)
	b = le32(b, 0) // length, patched below
	b = le32(b, byteOrderMagic)
	b = le16(b, 1)
	b = le16(b, 0)
	b = binary.LittleEndian.AppendUint64(b, math.MaxUint64) // section length unknown (-1)
	if c.app != "" {
		b = appendOption(b, optShbUserAppl, []byte(c.app))
		b = le32(b, optEndOfOpt)
	}
	b = finishBlock(b)
	nw.scratch = b
	if _, err := w.Write(b); err != nil {
		return nil, fmt.Errorf("pcap: writing section header: %w", err)
	}
	nw.bw = bufio.NewWriterSize(w, writeBufSize)
	return nw, nil
}

// AddInterface writes an interface description block and returns the new
// interface's index. It writes LinkType, SnapLen, Name, Description,
// FCSLen, TsResol and TsOffset. Packet timestamps on the interface are
// written in units of its resolution (a TsResol of 0 stands for
// nanoseconds, 9), relative to its offset, so an Interface taken from a
// Reader reproduces the original encoding. Interfaces may be added at any
// time.
func (w *NgWriter) AddInterface(ifc Interface) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	if len(ifc.Name) > math.MaxUint16 || len(ifc.Description) > math.MaxUint16 {
		return 0, fmt.Errorf("%w: interface name or description too long for a pcapng option", ErrBadCaptureInfo)
	}
	if ifc.TsResol == 0 {
		ifc.TsResol = ngTsResolNanos
	}
	units, ok := tsUnits(ifc.TsResol)
	if !ok {
		return 0, fmt.Errorf("%w: timestamp resolution %#02x out of range", ErrBadCaptureInfo, ifc.TsResol)
	}
	b := w.scratch[:0]
	b = le32(b, blockIDB)
	b = le32(b, 0)
	b = le16(b, uint16(ifc.LinkType))
	b = le16(b, 0)
	b = le32(b, ifc.SnapLen)
	if ifc.Name != "" {
		b = appendOption(b, optIfName, []byte(ifc.Name))
	}
	if ifc.Description != "" {
		b = appendOption(b, optIfDescription, []byte(ifc.Description))
	}
	b = appendOption(b, optIfTsResol, []byte{ifc.TsResol})
	if ifc.TsOffset != 0 {
		b = appendOption(b, optIfTsOffset, binary.LittleEndian.AppendUint64(nil, uint64(ifc.TsOffset)))
	}
	if ifc.FCSLen > 0 && ifc.FCSLen <= math.MaxUint8 {
		b = appendOption(b, optIfFCSLen, []byte{byte(ifc.FCSLen)})
	}
	b = le32(b, optEndOfOpt)
	b = finishBlock(b)
	w.scratch = b
	if _, err := w.bw.Write(b); err != nil {
		w.err = err
		return 0, err
	}
	w.ifaces = append(w.ifaces, ifc)
	w.units = append(w.units, units)
	return len(w.ifaces) - 1, nil
}

// interfaceFor returns the index of the interface a packet is written on.
// The packet keeps its InterfaceIndex when that interface exists with the
// packet's link type, or when it is the next one to create; otherwise the
// (InterfaceIndex, LinkType) pair gets an interface of its own, created on
// first use and reused after.
func (w *NgWriter) interfaceFor(ci CaptureInfo) (int, error) {
	i := ci.InterfaceIndex
	if len(w.remap) > 0 {
		if j, ok := w.remap[ifaceKey{i, ci.LinkType}]; ok {
			return j, nil
		}
	}
	if i >= 0 && i < len(w.ifaces) && w.ifaces[i].LinkType == ci.LinkType {
		return i, nil
	}
	j, err := w.AddInterface(Interface{LinkType: ci.LinkType, SnapLen: w.snapLen})
	if err != nil {
		return 0, err
	}
	if j != i {
		if w.remap == nil {
			w.remap = make(map[ifaceKey]int)
		}
		w.remap[ifaceKey{i, ci.LinkType}] = j
	}
	return j, nil
}

// WritePacket writes an enhanced packet block for the packet, with one
// opt_comment option per comment.
//
// The interface is chosen by (ci.InterfaceIndex, ci.LinkType): an interface
// added with AddInterface or created earlier at that index with that link
// type is used as is; otherwise an interface description block is written
// for it first (see AddInterface). Lengths follow the rules of
// Writer.WritePacket. A zero ci.Timestamp is written as the epoch.
// Timestamps are written in the interface's resolution (digits finer than
// it are truncated) and must not precede its offset (by default the epoch);
// with nanoseconds they must lie before 2554.
func (w *NgWriter) WritePacket(ci CaptureInfo, data []byte) error {
	if w.err != nil {
		return w.err
	}
	caplen, origlen, err := packetLengths(ci, data)
	if err != nil {
		return err
	}
	optLen := 0
	for _, c := range ci.Comments {
		if len(c) > math.MaxUint16 {
			return fmt.Errorf("%w: comment of %d bytes is too long for a pcapng option", ErrBadCaptureInfo, len(c))
		}
		optLen += 4 + pad4(len(c))
	}
	if optLen > 0 {
		optLen += 4 // opt_endofopt
	}
	total := uint64(epbData) + uint64(pad4(int(caplen))) + uint64(optLen) + 4
	if total > math.MaxUint32 {
		return fmt.Errorf("%w: packet too large for a pcapng block", ErrBadCaptureInfo)
	}
	idx, err := w.interfaceFor(ci)
	if err != nil {
		return err
	}
	sec, nsec := splitTime(ci.Timestamp)
	ts, ok := encodeTimestamp(sec, nsec, w.units[idx], w.ifaces[idx].TsOffset)
	if !ok {
		return fmt.Errorf("%w: timestamp %v does not fit the resolution and offset of interface %d",
			ErrBadCaptureInfo, ci.Timestamp, idx)
	}

	le := binary.LittleEndian
	h := w.hdr[:]
	le.PutUint32(h[bhType:], blockEPB)
	le.PutUint32(h[bhTotalLength:], uint32(total))
	le.PutUint32(h[epbInterface:], uint32(idx))
	le.PutUint32(h[epbTsHigh:], uint32(ts>>32))
	le.PutUint32(h[epbTsLow:], uint32(ts))
	le.PutUint32(h[epbCapLen:], caplen)
	le.PutUint32(h[epbOrigLen:], origlen)
	bw := w.bw
	bw.Write(h)
	bw.Write(data)
	bw.Write(zeroPad[:pad4(len(data))-len(data)])
	oh := w.opt[:]
	for _, c := range ci.Comments {
		le.PutUint16(oh[0:], optComment)
		le.PutUint16(oh[2:], uint16(len(c)))
		bw.Write(oh)
		bw.WriteString(c)
		bw.Write(zeroPad[:pad4(len(c))-len(c)])
	}
	if optLen > 0 {
		bw.Write(zeroPad[:])
	}
	le.PutUint32(oh, uint32(total))
	if _, err := bw.Write(oh); err != nil {
		// bufio.Writer errors are sticky, so the last write reports any
		// failure of the ones before it.
		w.err = err
		return err
	}
	return nil
}

// Flush writes buffered blocks to the underlying writer.
func (w *NgWriter) Flush() error {
	if w.err != nil {
		return w.err
	}
	if err := w.bw.Flush(); err != nil {
		w.err = err
		return err
	}
	return nil
}

func pad4(n int) int { return (n + 3) &^ 3 }

func le16(b []byte, v uint16) []byte { return binary.LittleEndian.AppendUint16(b, v) }
func le32(b []byte, v uint32) []byte { return binary.LittleEndian.AppendUint32(b, v) }

// appendOption appends a little-endian pcapng option, padded to 32 bits.
func appendOption(b []byte, code uint16, val []byte) []byte {
	b = le16(b, code)
	b = le16(b, uint16(len(val)))
	b = append(b, val...)
	return append(b, zeroPad[:pad4(len(val))-len(val)]...)
}

// finishBlock appends the trailing total length and patches the leading one.
func finishBlock(b []byte) []byte {
	n := uint32(len(b) + 4)
	binary.LittleEndian.PutUint32(b[bhTotalLength:], n)
	return le32(b, n)
}

// encodeTimestamp converts a time to a pcapng timestamp of units per second
// relative to offset seconds. Digits finer than the unit are truncated, but
// when the next unit count up decodes (see ifaceState.time) to exactly
// nsec, that count is used: timestamps read from a file are written back to
// the same nanosecond even in binary resolutions (and bit for bit unless the
// resolution is finer than a nanosecond). ok is false if the value does
// not fit.
func encodeTimestamp(sec, nsec int64, units uint64, offset int64) (ts uint64, ok bool) {
	s := sec - offset
	if (offset > 0 && s > sec) || (offset < 0 && s < sec) || s < 0 {
		return 0, false // overflow or before the offset
	}
	hi, whole := bits.Mul64(uint64(s), units)
	if hi != 0 {
		return 0, false
	}
	var frac uint64
	switch units {
	case 1_000_000_000:
		frac = uint64(nsec)
	case 1_000_000:
		frac = uint64(nsec) / 1000
	default:
		// floor and ceiling of nsec*units/1e9; the high word stays far
		// below 1e9 (nsec < 2^30, units <= 2^63), so Div64 cannot panic.
		ph, pl := bits.Mul64(uint64(nsec), units)
		q, rem := bits.Div64(ph, pl, 1_000_000_000)
		frac = q
		if rem != 0 && q+1 < units {
			// Use the ceiling if it decodes to the same nanosecond.
			dh, dl := bits.Mul64(q+1, 1_000_000_000)
			if d, _ := bits.Div64(dh, dl, units); d == uint64(nsec) {
				frac = q + 1
			}
		}
	}
	ts, carry := bits.Add64(whole, frac, 0)
	if carry != 0 {
		return 0, false
	}
	return ts, true
}
