package layers

import (
	"errors"

	"github.com/goscapy/goscapy/packet"
)

// IEEE 802.15.4 MAC frame (IEEE 802.15.4-2006, 7.2), little-endian:
//
//	+--------+--------+--------+---------+---------+---------+---------+----------+---------+-----+
//	| frame control   | seq    | dest    | dest    | src     | src     | aux      | payload | FCS |
//	| (2)             | (1)    | PAN (2) | addr    | PAN (2) | addr    | security | ...     | (2) |
//	|                 |        |         | (0/2/8) |         | (0/2/8) | (0-14)   |         |     |
//	+--------+--------+--------+---------+---------+---------+---------+----------+---------+-----+
//
// Frame control, first byte (bit 7 first): reserved, PAN ID compression,
// ack request, frame pending, security enabled, frame type (3 bits);
// second byte: source address mode (2), frame version (2), destination
// address mode (2), reserved (2). Address modes: 0 none, 2 short, 3 long.
//
// As in Scapy, Dot15d4 holds the frame control and sequence number and the
// frame type's own layer (Dot15d4Data, Dot15d4Beacon, Dot15d4Cmd,
// Dot15d4Ack) the addresses and the auxiliary security header (kept, not
// decrypted). Dot15d4FCS is the same header for frames that end with the
// FCS (CRC-16/KERMIT, link type 195); a built Dot15d4FCS frame ends with a
// 2-byte trailer for it (NewDot15d4FCSTrailer). Link type 230 has no FCS.

// 802.15.4 frame types.
const (
	Dot15d4Beacon  = 0
	Dot15d4Data    = 1
	Dot15d4Ack     = 2
	Dot15d4Command = 3
)

// Dot15d4FCSLen is the length of the 802.15.4 FCS.
const Dot15d4FCSLen = 2

var dot15d4AddrModes = map[uint64]string{0: "None", 1: "Reserved", 2: "Short", 3: "Long"}
var dot15d4FrameTypes = map[uint64]string{0: "Beacon", 1: "Data", 2: "Ack", 3: "Command"}
var dot15d4Bool = map[uint64]string{0: "False", 1: "True"}

func dot15d4FCF(fcs bool) []pduField {
	f := []pduField{
		{name: "fcf_reserved_1", size: 1, bits: 1},
		{name: "fcf_panidcompress", size: 1, bits: 1, enum: dot15d4Bool},
		{name: "fcf_ackreq", size: 1, bits: 1, enum: dot15d4Bool},
		{name: "fcf_pending", size: 1, bits: 1, enum: dot15d4Bool},
		{name: "fcf_security", size: 1, bits: 1, enum: dot15d4Bool},
		{name: "fcf_frametype", size: 1, bits: 3, enum: dot15d4FrameTypes, auto: autoBind},
		{name: "fcf_srcaddrmode", size: 1, bits: 2, enum: dot15d4AddrModes},
		{name: "fcf_framever", size: 1, bits: 2},
		{name: "fcf_destaddrmode", size: 1, bits: 2, def: 2, enum: dot15d4AddrModes},
		{name: "fcf_reserved_2", size: 1, bits: 2},
		{name: "seqnum", size: 1, def: 1, cond: func(p *PDU) bool { // 2015: sequence number suppression
			return p.Uint("fcf_framever") < 2 || p.Uint("fcf_reserved_2")&1 == 0
		}},
	}
	if fcs {
		f = append(f, pduField{name: "fcs", kind: pkTrailer, size: 2, hex: true, auto: autoBind})
	}
	return f
}

var (
	dot15d4Spec = newPDUSpec("Dot15d4", "802.15.4", "IEEE 802.15.4 MAC header: frame control and sequence number (link type 230)",
		dot15d4FCF(false)...)
	dot15d4FCSSpec = newPDUSpec("Dot15d4FCS", "802.15.4 - FCS", "IEEE 802.15.4 MAC header of a frame ending with its FCS (CRC-16/KERMIT; link type 195)",
		dot15d4FCF(true)...)
)

// underMode returns a field of the 802.15.4 header below (Scapy's defaults
// when there is none).
func underField(p *PDU, name string, def uint64) uint64 {
	for u := p.under; u != nil; u = u.under {
		if i := u.index(name); i >= 0 {
			return u.uint(i)
		}
	}
	return def
}

func addrLen(mode uint64) int {
	switch mode {
	case 2:
		return 2
	case 3:
		return 8
	}
	return 0
}

func dot15d4Secured(p *PDU) bool { return underField(p, "fcf_security", 0) == 1 }

// dot15d4PANs says which PAN identifiers are present: IEEE 802.15.4-2006
// 7.2.1.5 for frame versions 0 and 1, table 7-2 of 802.15.4-2015 for
// version 2.
func dot15d4PANs(p *PDU) (dst, src bool) {
	dm := underField(p, "fcf_destaddrmode", 2)
	sm := underField(p, "fcf_srcaddrmode", 0)
	pc := underField(p, "fcf_panidcompress", 0)
	if underField(p, "fcf_framever", 0) < 2 {
		return dm != 0, sm != 0 && pc == 0
	}
	switch {
	case dm == 0 && sm == 0:
		return pc == 1, false
	case sm == 0:
		return pc == 0, false
	case dm == 0:
		return false, pc == 0
	case dm == 3 && sm == 3:
		return pc == 0, false
	}
	return true, pc == 0
}

// dot15d4Addressing: the addressing fields and auxiliary security header
// that follow the sequence number.
func dot15d4Addressing(withDest bool, destDef uint64) []pduField {
	var f []pduField
	if withDest {
		f = append(f,
			pduField{name: "dest_panid", size: 2, hex: true, def: 0xffff,
				cond: func(p *PDU) bool { d, _ := dot15d4PANs(p); return d }},
			pduField{name: "dest_addr", size: 8, hex: true, def: destDef,
				sizeFn: func(p *PDU) int { return addrLen(underField(p, "fcf_destaddrmode", 2)) }})
	}
	srcPAN := func(p *PDU) bool { _, s := dot15d4PANs(p); return s }
	if !withDest { // beacons always carry the source PAN
		srcPAN = func(*PDU) bool { return true }
	}
	sec := dot15d4Secured
	f = append(f,
		pduField{name: "src_panid", size: 2, hex: true, cond: srcPAN},
		pduField{name: "src_addr", size: 8, hex: true,
			sizeFn: func(p *PDU) int { return addrLen(underField(p, "fcf_srcaddrmode", 0)) }},
		pduField{name: "sec_sc_reserved", size: 1, bits: 3, cond: sec},
		pduField{name: "sec_sc_keyidmode", size: 1, bits: 2, cond: sec,
			enum: map[uint64]string{0: "Implicit", 1: "1oKeyIndex", 2: "4o-KeySource-1oKeyIndex", 3: "8o-KeySource-1oKeyIndex"}},
		pduField{name: "sec_sc_seclevel", size: 1, bits: 3, cond: sec,
			enum: map[uint64]string{0: "None", 1: "MIC-32", 2: "MIC-64", 3: "MIC-128", 4: "ENC", 5: "ENC-MIC-32", 6: "ENC-MIC-64", 7: "ENC-MIC-128"}},
		pduField{name: "sec_framecounter", size: 4, hex: true, cond: sec},
		pduField{name: "sec_keyid_keysource", size: 8, hex: true, sizeFn: func(p *PDU) int {
			if !dot15d4Secured(p) {
				return 0
			}
			switch p.Uint("sec_sc_keyidmode") {
			case 2:
				return 4
			case 3:
				return 8
			}
			return 0
		}},
		pduField{name: "sec_keyid_keyindex", size: 1, hex: true, def: 0xff,
			cond: func(p *PDU) bool { return dot15d4Secured(p) && p.Uint("sec_sc_keyidmode") != 0 }},
	)
	return f
}

var (
	dot15d4DataSpec = newPDUSpec("Dot15d4Data", "802.15.4 Data", "IEEE 802.15.4 data frame: addressing and auxiliary security header (kept)",
		dot15d4Addressing(true, 0xffff)...)
	dot15d4AckSpec    = newPDUSpec("Dot15d4Ack", "802.15.4 Ack", "IEEE 802.15.4 acknowledgement")
	dot15d4BeaconSpec = newPDUSpec("Dot15d4Beacon", "802.15.4 Beacon", "IEEE 802.15.4 beacon: superframe, GTS and pending addresses",
		append(dot15d4Addressing(false, 0),
			pduField{name: "sf_sforder", size: 1, bits: 4, def: 15},
			pduField{name: "sf_beaconorder", size: 1, bits: 4, def: 15},
			pduField{name: "sf_assocpermit", size: 1, bits: 1, enum: dot15d4Bool},
			pduField{name: "sf_pancoord", size: 1, bits: 1, enum: dot15d4Bool},
			pduField{name: "sf_reserved", size: 1, bits: 1},
			pduField{name: "sf_battlifeextend", size: 1, bits: 1, enum: dot15d4Bool},
			pduField{name: "sf_finalcapslot", size: 1, bits: 4, def: 15},
			pduField{name: "gts_spec_permit", size: 1, bits: 1, def: 1, enum: dot15d4Bool},
			pduField{name: "gts_spec_reserved", size: 1, bits: 4},
			pduField{name: "gts_spec_desccount", size: 1, bits: 3},
			pduField{name: "gts_dir_reserved", size: 1, bits: 1, cond: func(p *PDU) bool { return p.Uint("gts_spec_desccount") != 0 }},
			pduField{name: "gts_dir_mask", size: 1, bits: 7, cond: func(p *PDU) bool { return p.Uint("gts_spec_desccount") != 0 }},
			pduField{name: "gts_list", kind: pkBytes, lenFn: func(p *PDU, _ int) int { return 3 * int(p.Uint("gts_spec_desccount")) }},
			pduField{name: "pa_reserved_1", size: 1, bits: 1},
			pduField{name: "pa_num_long", size: 1, bits: 3},
			pduField{name: "pa_reserved_2", size: 1, bits: 1},
			pduField{name: "pa_num_short", size: 1, bits: 3},
			pduField{name: "pa_short_addresses", kind: pkBytes, lenFn: func(p *PDU, _ int) int { return 2 * int(p.Uint("pa_num_short")) }},
			pduField{name: "pa_long_addresses", kind: pkBytes, lenFn: func(p *PDU, _ int) int { return 8 * int(p.Uint("pa_num_long")) }},
		)...)
	dot15d4CmdSpec = newPDUSpec("Dot15d4Cmd", "802.15.4 Command", "IEEE 802.15.4 MAC command: addressing, security header, command ID (parameters kept)",
		append(dot15d4Addressing(true, 0), pduField{name: "cmd_id", size: 1, enum: map[uint64]string{
			1: "AssocReq", 2: "AssocResp", 3: "DisassocNotify", 4: "DataReq", 5: "PANIDConflictNotify",
			6: "OrphanNotify", 7: "BeaconReq", 8: "CoordRealign", 9: "GTSReq"}})...)
)

// Registered types of the 802.15.4 layers.
var (
	Dot15d4Type       = dot15d4Spec.typ
	Dot15d4FCSType    = dot15d4FCSSpec.typ
	Dot15d4DataType   = dot15d4DataSpec.typ
	Dot15d4AckType    = dot15d4AckSpec.typ
	Dot15d4BeaconType = dot15d4BeaconSpec.typ
	Dot15d4CmdType    = dot15d4CmdSpec.typ
)

// ErrNoDot15d4FCSRoom is returned by building a Dot15d4FCS frame that does
// not end with a 2-byte trailer (NewDot15d4FCSTrailer) to hold the FCS.
var ErrNoDot15d4FCSRoom = errors.New("no 2-byte trailer after the frame for its fcs")

// NewDot15d4FCSTrailer returns the 2-byte trailer that holds the FCS of a
// Dot15d4FCS frame; the FCS is computed into it unless set.
func NewDot15d4FCSTrailer() *packet.Padding {
	return &packet.Padding{Load: make([]byte, Dot15d4FCSLen)}
}

// CRC16Kermit is the 802.15.4 FCS (CRC-16/KERMIT: reflected CCITT
// polynomial, initial value 0).
func CRC16Kermit(b []byte) uint16 {
	var crc uint16
	for _, c := range b {
		crc ^= uint16(c)
		for i := 0; i < 8; i++ {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0x8408
			} else {
				crc >>= 1
			}
		}
	}
	return crc
}

// dot15d4Post: an ack has no destination address (Scapy clears the mode);
// a Dot15d4FCS frame gets its FCS in its last 2 bytes.
func dot15d4Post(p *PDU, hdr []byte, ctx *packet.BuildContext) error {
	if hdr[0]&7 == Dot15d4Ack && !p.valid(p.index("fcf_frametype")) {
		hdr[1] &^= 0x0c // an ack built over Dot15d4Ack (a decoded one is kept)
	}
	if p.spec != dot15d4FCSSpec {
		return nil
	}
	pk := ctx.Packet()
	n := len(hdr)
	for j := ctx.Index() + 1; j < pk.NumLayers(); j++ {
		if c, ok := pk.Layer(j).(packet.ContextHeaderLen); ok {
			n += c.HeaderLenIn(pk, j)
		} else {
			n += pk.Layer(j).HeaderLen()
		}
	}
	if n-len(hdr)-len(ctx.Payload()) < Dot15d4FCSLen || cap(hdr) < n {
		return &packet.BuildError{Layer: "Dot15d4FCS", Field: "fcs", Value: "none", Err: ErrNoDot15d4FCSRoom}
	}
	frame := hdr[:n]
	i := p.index("fcs")
	fcs := p.o16[p.spec.fs[i].slot]
	v := fcs.Value
	if !fcs.Valid {
		v = CRC16Kermit(frame[:n-Dot15d4FCSLen])
	}
	frame[n-2], frame[n-1] = byte(v), byte(v>>8)
	return nil
}

// dot15d4PayloadNext guesses the payload of a data frame: Zigbee NWK when
// the first byte has NWK protocol version 2, else Raw (6LoWPAN is not
// decoded).
func dot15d4PayloadNext(p *PDU, payload []byte) packet.LayerType {
	if dot15d4Secured(p) {
		return 0 // encrypted at the MAC layer
	}
	if len(payload) >= 8 && payload[0]>>2&0xf == 2 && payload[0]&3 <= 1 {
		return ZigbeeNWKType
	}
	return 0
}

func init() {
	for _, s := range []*pduSpec{dot15d4Spec, dot15d4FCSSpec} {
		s.dispFld = []string{"fcf_frametype"}
		s.post = dot15d4Post
		s.summary = func(p *PDU) string {
			return pduSummary(p, "802.15.4", "fcf_frametype", "fcf_ackreq", "fcf_destaddrmode", "fcf_srcaddrmode", "seqnum")
		}
	}
	dot15d4FCSSpec.trailer = Dot15d4FCSLen
	dot15d4DataSpec.next = dot15d4PayloadNext
	dot15d4DataSpec.summary = func(p *PDU) string {
		return pduSummary(p, "802.15.4 Data", "src_panid", "src_addr", "dest_panid", "dest_addr")
	}
	for _, s := range []*pduSpec{dot15d4Spec, dot15d4FCSSpec} {
		packet.Bind(
			packet.BindingRule{Lower: s.typ, Upper: Dot15d4BeaconType, Field: "fcf_frametype", Value: Dot15d4Beacon},
			packet.BindingRule{Lower: s.typ, Upper: Dot15d4DataType, Field: "fcf_frametype", Value: Dot15d4Data},
			packet.BindingRule{Lower: s.typ, Upper: Dot15d4AckType, Field: "fcf_frametype", Value: Dot15d4Ack},
			packet.BindingRule{Lower: s.typ, Upper: Dot15d4CmdType, Field: "fcf_frametype", Value: Dot15d4Command},
		)
	}
	packet.BindLinkType(195, Dot15d4FCSType) // LINKTYPE_IEEE802_15_4_WITHFCS
	packet.BindLinkType(230, Dot15d4Type)    // LINKTYPE_IEEE802_15_4_NOFCS
}
