package pcap

import (
	"encoding/binary"
	"io"
	"math/bits"
	"time"
)

// pcapng general block structure. Every block is a whole number of bytes
// given by its Block Total Length, repeated at the end so a reader can walk
// backwards. Writers pad blocks to a multiple of 4; this reader tolerates an
// unpadded length as long as the trailing copy sits at the end of the
// block the leading one describes and matches it.
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+---------------------------------------------------------------+
//	|                          Block Type                           |  0
//	+---------------------------------------------------------------+
//	|                      Block Total Length                       |  4
//	+---------------------------------------------------------------+
//	/                          Block Body                           /  8
//	+---------------------------------------------------------------+
//	|                      Block Total Length                       | L-4
//	+---------------------------------------------------------------+
//
// Options, at the end of most block bodies, are a list of TLVs with 16-bit
// code and length, each value padded to 32 bits, ended by opt_endofopt
// (code 0) or by the end of the body:
//
//	+-------------------------------+-------------------------------+
//	|          Option Code          |         Option Length         |
//	+-------------------------------+-------------------------------+
//	/            Option Value (Option Length bytes + pad)           /
//	+---------------------------------------------------------------+
const (
	bhType        = 0
	bhTotalLength = 4
	blockHeadLen  = 8  // type + length
	minBlockLen   = 12 // type + length + trailing length

	blockSHB = 0x0A0D0D0A
	blockIDB = 0x00000001
	blockOPB = 0x00000002 // obsolete packet block
	blockSPB = 0x00000003
	blockNRB = 0x00000004
	blockISB = 0x00000005
	blockEPB = 0x00000006
	blockDSB = 0x0000000A

	optEndOfOpt = 0
	optComment  = 1

	// maxBlockLen bounds the blocks the reader holds in memory whole
	// (section headers, interface descriptions, the options part of
	// packet blocks). Other blocks are skipped without buffering them.
	maxBlockLen = 16 << 20
)

// Section Header Block. Its type reads the same in both byte orders; the
// byte-order magic tells the order of every other field in the section.
//
//	+---------------------------------------------------------------+
//	|                   Block Type = 0x0A0D0D0A                     |  0
//	+---------------------------------------------------------------+
//	|                      Block Total Length                       |  4
//	+---------------------------------------------------------------+
//	|                      Byte-Order Magic 0x1A2B3C4D              |  8
//	+-------------------------------+-------------------------------+
//	|     Major Version (1)         |     Minor Version (0)         | 12
//	+-------------------------------+-------------------------------+
//	|                 Section Length (64 bits, -1 = unknown)        | 16
//	+---------------------------------------------------------------+
//	/                           Options                             / 24
//	+---------------------------------------------------------------+
//	|                      Block Total Length                       |
//	+---------------------------------------------------------------+
const (
	shbMagic       = 8
	shbMajor       = 12
	shbMinor       = 14
	shbSectionLen  = 16
	shbOptions     = 24
	shbMinLen      = 28
	byteOrderMagic = 0x1A2B3C4D
)

// Interface Description Block.
//
//	+---------------------------------------------------------------+
//	|                    Block Type = 0x00000001                    |  0
//	+---------------------------------------------------------------+
//	|                      Block Total Length                       |  4
//	+-------------------------------+-------------------------------+
//	|           LinkType            |           Reserved            |  8
//	+-------------------------------+-------------------------------+
//	|                            SnapLen                            | 12
//	+---------------------------------------------------------------+
//	/                           Options                             / 16
//	+---------------------------------------------------------------+
//	|                      Block Total Length                       |
//	+---------------------------------------------------------------+
const (
	idbLinkType = 8
	idbSnapLen  = 12
	idbOptions  = 16
	idbMinLen   = 20

	optIfName        = 2
	optIfDescription = 3
	optIfTsResol     = 9
	optIfFCSLen      = 13
	optIfTsOffset    = 14
)

// Enhanced Packet Block, and the Obsolete Packet Block (type 2) it replaced,
// which has a 16-bit interface ID followed by a 16-bit drops count.
// Timestamps count units of the interface's if_tsresol since the epoch
// (plus if_tsoffset seconds).
//
//	+---------------------------------------------------------------+
//	|                    Block Type = 0x00000006                    |  0
//	+---------------------------------------------------------------+
//	|                      Block Total Length                       |  4
//	+---------------------------------------------------------------+
//	|     Interface ID (OPB: 16-bit ID, then 16-bit drops count)    |  8
//	+---------------------------------------------------------------+
//	|                        Timestamp (High)                       | 12
//	+---------------------------------------------------------------+
//	|                        Timestamp (Low)                        | 16
//	+---------------------------------------------------------------+
//	|                    Captured Packet Length                     | 20
//	+---------------------------------------------------------------+
//	|                    Original Packet Length                     | 24
//	+---------------------------------------------------------------+
//	/            Packet Data (captured length, padded to 32 bits)   / 28
//	+---------------------------------------------------------------+
//	/                           Options                             /
//	+---------------------------------------------------------------+
//	|                      Block Total Length                       |
//	+---------------------------------------------------------------+
const (
	epbInterface = 8
	epbTsHigh    = 12
	epbTsLow     = 16
	epbCapLen    = 20
	epbOrigLen   = 24
	epbData      = 28
)

// Simple Packet Block: no interface ID (always interface 0), no timestamp,
// no captured length: that is the original length cut to interface 0's
// snaplen.
//
//	+---------------------------------------------------------------+
//	|                    Block Type = 0x00000003                    |  0
//	+---------------------------------------------------------------+
//	|                      Block Total Length                       |  4
//	+---------------------------------------------------------------+
//	|                    Original Packet Length                     |  8
//	+---------------------------------------------------------------+
//	/                 Packet Data (padded to 32 bits)               / 12
//	+---------------------------------------------------------------+
//	|                      Block Total Length                       |
//	+---------------------------------------------------------------+
const (
	spbOrigLen = 8
	spbData    = 12
)

// ifaceState is what decoding a packet of an interface needs.
type ifaceState struct {
	linkType LinkType
	snapLen  uint32
	maxCap   uint32
	units    uint64 // timestamp units per second
	offset   int64  // if_tsoffset, seconds
}

// time converts a raw pcapng timestamp to a time.Time.
func (s *ifaceState) time(ts uint64) time.Time {
	var sec, nsec uint64
	switch s.units {
	case 1_000_000:
		sec, nsec = ts/1_000_000, ts%1_000_000*1000
	case 1_000_000_000:
		sec, nsec = ts/1_000_000_000, ts%1_000_000_000
	default:
		sec = ts / s.units
		frac := ts % s.units
		// frac*1e9/units < 1e9, so the high word is below units and
		// Div64 cannot panic.
		hi, lo := bits.Mul64(frac, 1_000_000_000)
		nsec, _ = bits.Div64(hi, lo, s.units)
	}
	return time.Unix(addSeconds(sec, s.offset), int64(nsec)).UTC()
}

// maxSeconds bounds timestamps (about 146 billion years) so that absurd
// values stay representable by time.Time instead of wrapping around.
const maxSeconds = 1 << 62

// addSeconds returns sec+offset, computed exactly and clamped to
// [-maxSeconds, maxSeconds].
func addSeconds(sec uint64, offset int64) int64 {
	if offset >= 0 {
		s, carry := bits.Add64(sec, uint64(offset), 0)
		if carry != 0 || s > maxSeconds {
			return maxSeconds
		}
		return int64(s)
	}
	neg := uint64(-(offset + 1)) + 1 // |offset|, also for math.MinInt64
	if sec >= neg {
		if s := sec - neg; s < maxSeconds {
			return int64(s)
		}
		return maxSeconds
	}
	if d := neg - sec; d < maxSeconds {
		return -int64(d)
	}
	return -maxSeconds
}

func blockName(t uint32) string {
	switch t {
	case blockSHB:
		return "section header block"
	case blockIDB:
		return "interface description block"
	case blockOPB:
		return "obsolete packet block"
	case blockSPB:
		return "simple packet block"
	case blockNRB:
		return "name resolution block"
	case blockISB:
		return "interface statistics block"
	case blockEPB:
		return "enhanced packet block"
	case blockDSB:
		return "decryption secrets block"
	}
	return "block"
}

// initNg reads the first section header, then the blocks up to the first
// packet (or the next section), so that Interfaces and LinkType describe
// the interfaces declared up front.
func (r *Reader) initNg() error {
	r.format = FormatPcapNG
	if err := r.readSHB(r.offset()); err != nil {
		return err
	}
	for {
		off := r.offset()
		if err := r.fill(blockHeadLen); err != nil {
			if err == io.EOF {
				return nil // no packets; reads will return io.EOF
			}
			return r.truncated(off, "block header", blockHeadLen, err)
		}
		var err error
		switch t := r.u32(r.buf[r.r:]); t {
		case blockSHB, blockEPB, blockSPB, blockOPB:
			return nil
		case blockIDB:
			err = r.readIDB(off)
		default:
			err = r.skipBlock(off, t)
		}
		if err != nil {
			return err
		}
	}
}

func (r *Reader) nextNg() ([]byte, CaptureInfo, error) {
	for {
		off := r.offset()
		if err := r.fill(blockHeadLen); err != nil {
			if err == io.EOF {
				return nil, CaptureInfo{}, io.EOF
			}
			return nil, CaptureInfo{}, r.truncated(off, "block header", blockHeadLen, err)
		}
		var err error
		switch t := r.u32(r.buf[r.r:]); t {
		case blockEPB, blockSPB, blockOPB:
			return r.readPacketBlock(off, t)
		case blockSHB:
			err = r.readSHB(off)
		case blockIDB:
			err = r.readIDB(off)
		default:
			err = r.skipBlock(off, t)
		}
		if err != nil {
			return nil, CaptureInfo{}, err
		}
	}
}

// loadBlock buffers the whole block at r.r (whose header is buffered),
// checks its length fields and returns it. limit bounds its length.
func (r *Reader) loadBlock(off int64, name string, minLen, limit uint32) ([]byte, error) {
	blen := r.u32(r.buf[r.r+bhTotalLength:])
	if blen < minLen {
		return nil, formatErr(off, ErrBadBlock, "%s: block total length %d is less than the minimum %d", name, blen, minLen)
	}
	if blen > limit {
		return nil, formatErr(off, ErrBadBlock, "%s: block total length %d exceeds the %d-byte limit", name, blen, limit)
	}
	if err := r.fill(int(blen)); err != nil {
		return nil, r.truncated(off, name, int(blen), err)
	}
	b := r.buf[r.r : r.r+int(blen)]
	if tail := r.u32(b[blen-4:]); tail != blen {
		return nil, formatErr(off, ErrBadBlock, "%s: block total length %d at the start but %d at the end", name, blen, tail)
	}
	return b, nil
}

// skipBlock steps over a block this reader does not interpret (name
// resolution, interface statistics, decryption secrets, custom, unknown),
// still checking that its two length fields agree.
func (r *Reader) skipBlock(off int64, t uint32) error {
	name := blockName(t)
	blen := r.u32(r.buf[r.r+bhTotalLength:])
	if blen <= maxBlockLen {
		if _, err := r.loadBlock(off, name, minBlockLen, maxBlockLen); err != nil {
			return err
		}
		r.r += int(blen)
		return nil
	}
	// A big block: stream past it instead of buffering it.
	if err := r.discard(int64(blen) - 4); err != nil {
		return r.truncated(off, name, int(blen), err)
	}
	if err := r.fill(4); err != nil {
		return r.truncated(off, name, int(blen), err)
	}
	if tail := r.u32(r.buf[r.r:]); tail != blen {
		return formatErr(off, ErrBadBlock, "%s: block total length %d at the start but %d at the end", name, blen, tail)
	}
	r.r += 4
	return nil
}

// readSHB reads a section header block: it sets the byte order of the
// section and forgets the previous section's interfaces.
func (r *Reader) readSHB(off int64) error {
	const name = "section header block"
	if err := r.fill(shbMagic + 4); err != nil {
		return r.truncated(off, name, shbMinLen, err)
	}
	switch binary.BigEndian.Uint32(r.buf[r.r+shbMagic:]) {
	case byteOrderMagic:
		r.be = true
	case 0x4D3C2B1A:
		r.be = false
	default:
		return formatErr(off, ErrBadBlock, "%s: bad byte-order magic % x", name, r.buf[r.r+shbMagic:r.r+shbMagic+4])
	}
	b, err := r.loadBlock(off, name, shbMinLen, maxBlockLen)
	if err != nil {
		return err
	}
	// Wireshark reads versions 1.0 and 1.2 (which some writers use for
	// 1.0 files) and rejects the others.
	major, minor := r.u16(b[shbMajor:]), r.u16(b[shbMinor:])
	if major != 1 || (minor != 0 && minor != 2) {
		return formatErr(off, ErrUnsupportedVersion, "%s version %d.%d (want 1.0)", name, major, minor)
	}
	if err := r.checkOptions(off, name, b[shbOptions:len(b)-4]); err != nil {
		return err
	}
	r.ifaces = r.ifaces[:0]
	r.ifstate = r.ifstate[:0]
	r.sections++
	r.r += len(b)
	return nil
}

// checkOptions verifies that an options area is well formed.
func (r *Reader) checkOptions(off int64, name string, opts []byte) error {
	for {
		code, _, rest, ok, bad := r.option(opts)
		if bad {
			return r.badOption(off, name, code, opts)
		}
		if !ok {
			return nil
		}
		opts = rest
	}
}

func (r *Reader) badOption(off int64, name string, code uint16, opts []byte) error {
	return formatErr(off, ErrBadBlock, "%s: option %d of length %d overruns the block (%d bytes left)",
		name, code, r.u16(opts[2:]), len(opts)-4)
}

// option splits the first option off opts. ok is false at the end of the
// options: opt_endofopt, or fewer than 4 bytes left (tolerated, as some
// writers leave stray padding). bad is true if the option's length overruns
// opts. A last option missing its padding is tolerated.
func (r *Reader) option(opts []byte) (code uint16, val, rest []byte, ok, bad bool) {
	if len(opts) < 4 {
		return 0, nil, nil, false, false
	}
	code = r.u16(opts)
	if code == optEndOfOpt {
		return code, nil, nil, false, false
	}
	n := int(r.u16(opts[2:]))
	if 4+n > len(opts) {
		return code, nil, nil, false, true
	}
	adv := 4 + (n+3)&^3
	if adv > len(opts) {
		adv = len(opts)
	}
	return code, opts[4 : 4+n], opts[adv:], true, false
}

// readIDB reads an interface description block and appends the interface
// to the current section.
func (r *Reader) readIDB(off int64) error {
	const name = "interface description block"
	b, err := r.loadBlock(off, name, idbMinLen, maxBlockLen)
	if err != nil {
		return err
	}
	lt := LinkType(r.u16(b[idbLinkType:]))
	ifc := Interface{LinkType: lt, SnapLen: r.u32(b[idbSnapLen:]), TsResol: 6}
	st := ifaceState{linkType: lt, snapLen: ifc.SnapLen, maxCap: maxCaptureLength(lt), units: 1_000_000}
	opts := b[idbOptions : len(b)-4]
	for {
		code, val, rest, ok, bad := r.option(opts)
		if bad {
			return r.badOption(off, name, code, opts)
		}
		if !ok {
			break
		}
		opts = rest
		switch code {
		case optIfName:
			ifc.Name = string(val)
		case optIfDescription:
			ifc.Description = string(val)
		case optIfTsResol:
			if len(val) < 1 {
				continue
			}
			units, ok := tsUnits(val[0])
			if !ok {
				return formatErr(off, ErrBadBlock, "%s: if_tsresol %#02x is out of range", name, val[0])
			}
			ifc.TsResol, st.units = val[0], units
		case optIfTsOffset:
			if len(val) == 8 {
				ifc.TsOffset = int64(r.u64(val))
				st.offset = ifc.TsOffset
			}
		case optIfFCSLen:
			if len(val) == 1 {
				ifc.FCSLen = int(val[0])
			}
		}
	}
	if r.sections == 1 && len(r.ifaces) == 0 && !r.haveFirst {
		r.firstLT, r.haveFirst = lt, true
	}
	r.ifaces = append(r.ifaces, ifc)
	r.ifstate = append(r.ifstate, st)
	r.r += len(b)
	return nil
}

// tsUnits returns the number of timestamp units per second for an
// if_tsresol value: 10^v, or 2^(v&0x7f) when bit 7 is set. Values whose
// unit count does not fit 64 bits are rejected.
func tsUnits(v uint8) (uint64, bool) {
	if v&0x80 != 0 {
		e := v & 0x7f
		if e > 63 {
			return 0, false
		}
		return 1 << e, true
	}
	if v > 19 {
		return 0, false
	}
	u := uint64(1)
	for range v {
		u *= 10
	}
	return u, true
}

// readPacketBlock reads an EPB, SPB or OPB whose header is buffered.
func (r *Reader) readPacketBlock(off int64, t uint32) ([]byte, CaptureInfo, error) {
	name := blockName(t)
	fixed := epbData
	if t == blockSPB {
		fixed = spbData
	}
	blen := r.u32(r.buf[r.r+bhTotalLength:])
	if blen < uint32(fixed)+4 {
		return nil, CaptureInfo{}, formatErr(off, ErrBadBlock, "%s: block total length %d is less than the minimum %d", name, blen, fixed+4)
	}
	if err := r.fill(fixed); err != nil {
		return nil, CaptureInfo{}, r.truncated(off, name, int(blen), err)
	}
	h := r.buf[r.r : r.r+fixed]
	var ifid, caplen, origlen uint32
	var ts uint64
	switch t {
	case blockEPB:
		ifid = r.u32(h[epbInterface:])
	case blockOPB:
		ifid = uint32(r.u16(h[epbInterface:]))
	}
	if ifid >= uint32(len(r.ifstate)) {
		return nil, CaptureInfo{}, formatErr(off, ErrUnknownInterface,
			"%s refers to interface %d but its section describes %d", name, ifid, len(r.ifstate))
	}
	st := &r.ifstate[ifid]
	if t == blockSPB {
		origlen = r.u32(h[spbOrigLen:])
		caplen = origlen
		if st.snapLen != 0 && caplen > st.snapLen {
			caplen = st.snapLen
		}
	} else {
		ts = uint64(r.u32(h[epbTsHigh:]))<<32 | uint64(r.u32(h[epbTsLow:]))
		caplen = r.u32(h[epbCapLen:])
		origlen = r.u32(h[epbOrigLen:])
	}
	if caplen > st.maxCap {
		return nil, CaptureInfo{}, formatErr(off, ErrPacketTooLarge,
			"%s: captured length %d exceeds the %d-byte limit for link type %v", name, caplen, st.maxCap, st.linkType)
	}
	if caplen > blen-uint32(fixed)-4 {
		return nil, CaptureInfo{}, formatErr(off, ErrBadBlock,
			"%s: captured length %d does not fit in a block of total length %d", name, caplen, blen)
	}
	if blen-uint32(fixed)-4-caplen > maxBlockLen {
		return nil, CaptureInfo{}, formatErr(off, ErrBadBlock,
			"%s: block total length %d exceeds the %d-byte limit", name, blen, uint64(caplen)+uint64(fixed)+4+maxBlockLen)
	}
	b, err := r.loadBlock(off, name, uint32(fixed)+4, blen)
	if err != nil {
		return nil, CaptureInfo{}, err
	}
	end := fixed + int(caplen)
	data := b[fixed:end:end]

	ci := CaptureInfo{
		CaptureLength:  int(caplen),
		Length:         int(origlen),
		InterfaceIndex: int(ifid),
		LinkType:       st.linkType,
	}
	if t == blockSPB {
		ci.Timestamp = time.Unix(0, 0).UTC()
	} else {
		ci.Timestamp = st.time(ts)
		// Options follow the padded data; an unpadded block (tolerated)
		// may end right after the data.
		if optStart := fixed + (int(caplen)+3)&^3; optStart < len(b)-4 {
			r.comments = r.comments[:0]
			opts := b[optStart : len(b)-4]
			for {
				code, val, rest, ok, bad := r.option(opts)
				if bad {
					return nil, CaptureInfo{}, r.badOption(off, name, code, opts)
				}
				if !ok {
					break
				}
				opts = rest
				if code == optComment {
					r.comments = append(r.comments, string(val))
				}
			}
			if len(r.comments) > 0 {
				ci.Comments = r.comments
			}
		}
	}
	r.r += len(b)
	return data, ci, nil
}
