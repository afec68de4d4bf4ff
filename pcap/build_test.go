package pcap

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
)

// Builders of small capture files for the tests, in either byte order.

type pcapRecord struct {
	sec, frac       uint32
	caplen, origlen uint32
	data            []byte
}

type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

func order(be bool) byteOrder {
	if be {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// buildPcap returns a classic pcap file.
func buildPcap(be, nanos bool, snaplen, linkTypeField uint32, recs ...pcapRecord) []byte {
	o := order(be)
	var b []byte
	magic := uint32(magicMicro)
	if nanos {
		magic = magicNano
	}
	b = o.AppendUint32(b, magic)
	b = o.AppendUint16(b, 2)
	b = o.AppendUint16(b, 4)
	b = o.AppendUint32(b, 0)
	b = o.AppendUint32(b, 0)
	b = o.AppendUint32(b, snaplen)
	b = o.AppendUint32(b, linkTypeField)
	for _, r := range recs {
		b = o.AppendUint32(b, r.sec)
		b = o.AppendUint32(b, r.frac)
		b = o.AppendUint32(b, r.caplen)
		b = o.AppendUint32(b, r.origlen)
		b = append(b, r.data...)
	}
	return b
}

// rec is a record whose lengths are those of data.
func rec(sec, frac uint32, data []byte) pcapRecord {
	return pcapRecord{sec, frac, uint32(len(data)), uint32(len(data)), data}
}

// ngb builds pcapng files block by block.
type ngb struct {
	be  bool
	buf []byte
}

type ngOpt struct {
	code uint16
	val  []byte
}

func (n *ngb) o() byteOrder { return order(n.be) }

func (n *ngb) opts(opts []ngOpt) []byte {
	if len(opts) == 0 {
		return nil
	}
	o := n.o()
	var b []byte
	for _, op := range opts {
		b = o.AppendUint16(b, op.code)
		b = o.AppendUint16(b, uint16(len(op.val)))
		b = append(b, op.val...)
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
	}
	return append(b, 0, 0, 0, 0)
}

// block appends a block with the given body, padded to 4 bytes.
func (n *ngb) block(typ uint32, body []byte) *ngb {
	for len(body)%4 != 0 {
		body = append(body, 0)
	}
	return n.rawBlock(typ, body, uint32(12+len(body)), uint32(12+len(body)))
}

// rawBlock appends a block with explicit leading and trailing lengths and
// no padding.
func (n *ngb) rawBlock(typ uint32, body []byte, lead, trail uint32) *ngb {
	o := n.o()
	n.buf = o.AppendUint32(n.buf, typ)
	n.buf = o.AppendUint32(n.buf, lead)
	n.buf = append(n.buf, body...)
	n.buf = o.AppendUint32(n.buf, trail)
	return n
}

func (n *ngb) shb(be bool, major, minor uint16, opts ...ngOpt) *ngb {
	n.be = be
	o := n.o()
	var body []byte
	body = o.AppendUint32(body, byteOrderMagic)
	body = o.AppendUint16(body, major)
	body = o.AppendUint16(body, minor)
	body = o.AppendUint64(body, ^uint64(0))
	body = append(body, n.opts(opts)...)
	return n.block(blockSHB, body)
}

func (n *ngb) idb(lt LinkType, snap uint32, opts ...ngOpt) *ngb {
	o := n.o()
	var body []byte
	body = o.AppendUint16(body, uint16(lt))
	body = o.AppendUint16(body, 0)
	body = o.AppendUint32(body, snap)
	body = append(body, n.opts(opts)...)
	return n.block(blockIDB, body)
}

func (n *ngb) epbBody(ifid uint32, ts uint64, caplen, origlen uint32, data []byte, opts ...ngOpt) []byte {
	o := n.o()
	var body []byte
	body = o.AppendUint32(body, ifid)
	body = o.AppendUint32(body, uint32(ts>>32))
	body = o.AppendUint32(body, uint32(ts))
	body = o.AppendUint32(body, caplen)
	body = o.AppendUint32(body, origlen)
	body = append(body, data...)
	for len(body)%4 != 0 {
		body = append(body, 0)
	}
	return append(body, n.opts(opts)...)
}

func (n *ngb) epb(ifid uint32, ts uint64, data []byte, opts ...ngOpt) *ngb {
	return n.block(blockEPB, n.epbBody(ifid, ts, uint32(len(data)), uint32(len(data)), data, opts...))
}

func (n *ngb) opb(ifid uint16, ts uint64, data []byte, opts ...ngOpt) *ngb {
	body := n.epbBody(0, ts, uint32(len(data)), uint32(len(data)), data, opts...)
	o := n.o()
	o.PutUint16(body[0:], ifid)
	o.PutUint16(body[2:], 7) // drops count
	return n.block(blockOPB, body)
}

func (n *ngb) spb(origlen uint32, data []byte) *ngb {
	body := n.o().AppendUint32(nil, origlen)
	return n.block(blockSPB, append(body, data...))
}

func (n *ngb) bytes() []byte { return n.buf }

func optStr(code uint16, s string) ngOpt { return ngOpt{code, []byte(s)} }

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}
