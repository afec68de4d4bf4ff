package layers

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// MLD messages are ICMPv6 messages (icmpv6.go holds their fields); this
// file has the MLDv2 parts: the query's sources and the report's
// multicast address records.
//
// MLDv1 message (RFC 2710 section 3), types 130-132:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|     Type      |     Code      |          Checksum             |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|     Maximum Response Delay    |          Reserved             |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                       Multicast Address (16)                  |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// MLDv2 query (RFC 3810 section 5.1): the same first 24 bytes, then
//
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	| Resv  |S| QRV |     QQIC      |     Number of Sources (N)     |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                  Source Address [1..N] (16 each)              |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// A type 130 message of 28 bytes or more is an MLDv2 query (RFC 3810
// section 8.1).
//
// MLDv2 report (RFC 3810 section 5.2), type 143:
//
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Type = 143   |    Reserved   |           Checksum            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|           Reserved            |Nr of Mcast Address Records (M)|
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                  Multicast Address Record [1..M]              |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Multicast address record:
//
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Record Type  |  Aux Data Len |     Number of Sources (N)     |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                  Multicast Address (16)                       |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                  Source Address [1..N] (16 each)              |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                  Auxiliary Data (Aux Data Len 32-bit words)   |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
const (
	mldv2QFlags   = 24
	mldv2QQIC     = 25
	mldv2QNSrc    = 26
	mldv2QSources = 28
	mldv2QueryLen = 28

	mldRecType     = 0
	mldRecAuxLen   = 1
	mldRecNSrc     = 2
	mldRecAddr     = 4
	mldRecSources  = 20
	MLDv2RecMinLen = 20
)

// MLDv2 multicast address record types (RFC 3810 section 5.2.12).
const (
	MLDv2ModeIsInclude   = 1
	MLDv2ModeIsExclude   = 2
	MLDv2ChangeToInclude = 3
	MLDv2ChangeToExclude = 4
	MLDv2AllowNewSources = 5
	MLDv2BlockOldSources = 6
)

// MLDv2RecordTypeNames names the record types (RFC 3810).
var MLDv2RecordTypeNames = map[uint8]string{
	1: "MODE_IS_INCLUDE", 2: "MODE_IS_EXCLUDE", 3: "CHANGE_TO_INCLUDE_MODE",
	4: "CHANGE_TO_EXCLUDE_MODE", 5: "ALLOW_NEW_SOURCES", 6: "BLOCK_OLD_SOURCES",
}

// MLDv2Record is one multicast address record of an MLDv2 report (Scapy's
// ICMPv6MLDMultAddrRec). Unset counts are computed. The auxiliary data
// length counts 32-bit words as RFC 3810 says (Scapy 2.5 writes the byte
// count; the two agree when there is no auxiliary data, as always in
// practice).
type MLDv2Record struct {
	Type          uint8             // rtype
	AuxDataLen    fields.Opt[uint8] // auxdata_len, in 32-bit words
	SourcesNumber fields.Opt[uint16]
	Addr          netip.Addr // dst: the multicast address
	Sources       []netip.Addr
	AuxData       []byte
}

// NewMLDv2Record returns a record of Scapy's default type (4,
// CHANGE_TO_EXCLUDE_MODE: join) for addr.
func NewMLDv2Record(addr netip.Addr, sources ...netip.Addr) MLDv2Record {
	return MLDv2Record{Type: MLDv2ChangeToExclude, Addr: addr, Sources: sources}
}

func (r *MLDv2Record) len() int { return MLDv2RecMinLen + 16*len(r.Sources) + len(r.AuxData) }

func mldv2RecordsLen(recs []MLDv2Record) int {
	n := 0
	for i := range recs {
		n += recs[i].len()
	}
	return n
}

// decodeMLDv2Records reads n records from b, reusing recs and their
// source lists; it returns the bytes used.
func decodeMLDv2Records(recs []MLDv2Record, b []byte, n int) ([]MLDv2Record, int, error) {
	off := 0
	recs = recs[:cap(recs)]
	for i := 0; i < n; i++ {
		if len(b)-off < MLDv2RecMinLen {
			return recs[:0], 0, packet.ErrTruncated
		}
		rb := b[off:]
		ns, aux := int(be16(rb[mldRecNSrc:])), 4*int(rb[mldRecAuxLen])
		l := MLDv2RecMinLen + 16*ns + aux
		if len(rb) < l {
			return recs[:0], 0, packet.ErrTruncated
		}
		if i == len(recs) {
			recs = append(recs, MLDv2Record{})
			recs = recs[:cap(recs)]
		}
		r := &recs[i]
		r.Type = rb[mldRecType]
		r.AuxDataLen = fields.Some(rb[mldRecAuxLen])
		r.SourcesNumber = fields.Some(uint16(ns))
		r.Addr = netip.AddrFrom16([16]byte(rb[mldRecAddr:mldRecSources]))
		r.Sources = decodeAddrs(r.Sources, rb[mldRecSources:], ns)
		r.AuxData = nil
		if aux > 0 {
			r.AuxData = rb[l-aux : l : l]
		}
		off += l
	}
	return recs[:n], off, nil
}

func putMLDv2Records(b []byte, recs []MLDv2Record) int {
	off := 0
	for i := range recs {
		r := &recs[i]
		rb := b[off:]
		rb[mldRecType] = r.Type
		rb[mldRecAuxLen] = r.AuxDataLen.Or(uint8((len(r.AuxData) + 3) / 4))
		put16(rb[mldRecNSrc:], r.SourcesNumber.Or(uint16(len(r.Sources))))
		putAddr(rb[mldRecAddr:], r.Addr)
		n := mldRecSources + putAddrs(rb[mldRecSources:], r.Sources)
		n += copy(rb[n:], r.AuxData)
		off += n
	}
	return off
}

// decodeMLDv2Query reads the MLDv2 part of a query and returns its
// length.
func (m *ICMPv6) decodeMLDv2Query(data []byte) (int, error) {
	ns := int(be16(data[mldv2QNSrc:]))
	l := mldv2QueryLen + 16*ns
	if len(data) < l {
		return 0, packet.ErrTruncated
	}
	m.MLDv2 = true
	f := data[mldv2QFlags]
	m.Resv, m.S, m.QRV = f>>4, f>>3&1, f&7
	m.QQIC = data[mldv2QQIC]
	m.SourcesNumber = fields.Some(uint16(ns))
	m.Sources = decodeAddrs(m.Sources, data[mldv2QSources:], ns)
	return l, nil
}

func (m *ICMPv6) putMLDv2Query(b []byte) {
	b[mldv2QFlags] = m.Resv&0x0f<<4 | m.S&1<<3 | m.QRV&7
	b[mldv2QQIC] = m.QQIC
	put16(b[mldv2QNSrc:], m.SourcesNumber.Or(uint16(len(m.Sources))))
	putAddrs(b[mldv2QSources:], m.Sources)
}

// String is the record as a Scapy constructor:
// ICMPv6MLDMultAddrRec(rtype=4, dst=ff02::fb, sources=[  ]).
func (r MLDv2Record) String() string {
	s := "ICMPv6MLDMultAddrRec(rtype=" + strconv.Itoa(int(r.Type)) + ", dst=" + addr6Text(r.Addr) + ", sources=" + formatAddrs(r.Sources)
	if r.AuxDataLen.Valid && int(r.AuxDataLen.Value)*4 != len(r.AuxData) {
		s += ", auxdata_len=" + strconv.Itoa(int(r.AuxDataLen.Value))
	}
	if r.SourcesNumber.Valid && int(r.SourcesNumber.Value) != len(r.Sources) {
		s += ", sources_number=" + strconv.Itoa(int(r.SourcesNumber.Value))
	}
	if len(r.AuxData) > 0 {
		s += ", auxdata=" + fields.ReprBytes(r.AuxData)
	}
	return s + ")"
}

func formatMLDv2Records(m *ICMPv6) string {
	parts := make([]string, len(m.Records))
	for i, r := range m.Records {
		parts[i] = r.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonMLDv2Records(m *ICMPv6) any {
	out := make([]map[string]any, len(m.Records))
	for i, r := range m.Records {
		out[i] = map[string]any{
			"rtype":          r.Type,
			"auxdata_len":    r.AuxDataLen.Or(uint8((len(r.AuxData) + 3) / 4)),
			"sources_number": r.SourcesNumber.Or(uint16(len(r.Sources))),
			"dst":            addr6Text(r.Addr),
			"sources":        jsonAddrs(r.Sources),
			"auxdata":        fmt.Sprintf("%x", r.AuxData),
		}
	}
	return out
}

func setMLDv2Records(m *ICMPv6, v any) error {
	switch x := v.(type) {
	case []MLDv2Record:
		m.Records = x
	case MLDv2Record:
		m.Records = []MLDv2Record{x}
	default:
		return fmt.Errorf("%w: mldv2 records from %T (want []layers.MLDv2Record)", fields.ErrBadValue, v)
	}
	return nil
}
