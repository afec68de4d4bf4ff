package layers

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// Zigbee (Zigbee specification 05-3474, ZCL 07-5123) over 802.15.4 data
// frames, with Scapy's layer and field names (scapy.layers.zigbee):
//
// NWK header (little-endian):
//
//	+------------+-------+-------+--------+-----+----------+----------+-------------------+
//	| frame ctrl | dest  | src   | radius | seq | ext dst  | ext src  | source route      |
//	| (2)        | (2)   | (2)   | (1)    | (1) | (0/8)    | (0/8)    | (0/2+2n)          |
//	+------------+-------+-------+--------+-----+----------+----------+-------------------+
//
// Frame control: frame type (bits 0-1), protocol version (2-5), discover
// route (6-7), then the flags byte: multicast, security, source route,
// extended destination, extended source.
//
// Security header (kept, not decrypted): security control (1), frame
// counter (4), source IEEE address (8, with the extended nonce bit), key
// sequence number (1, network key), then the encrypted data and the MIC.
//
// APS header: frame control (1), destination endpoint / group address,
// cluster (2), profile (2), source endpoint (1), counter (1), extended
// header. ZCL header: frame control (1), manufacturer code (0/2),
// transaction sequence (1), command (1); the general commands read, write
// and report attributes have their records decoded with typed values.

var zigbeeNWKFlags = []string{"multicast", "security", "source_route", "extended_dst", "extended_src", "reserved1", "reserved2", "reserved3"}

var (
	zigbeeNWKSpec = newPDUSpec("ZigbeeNWK", "Zigbee Network Layer", "Zigbee network (NWK) header",
		pduField{name: "discover_route", size: 1, bits: 2},
		pduField{name: "proto_version", size: 1, bits: 4, def: 2},
		pduField{name: "frametype", size: 1, bits: 2, enum: map[uint64]string{0: "data", 1: "command", 3: "Inter-PAN"}},
		pduField{name: "flags", size: 1, flags: zigbeeNWKFlags},
		pduField{name: "destination", size: 2, hex: true},
		pduField{name: "source", size: 2, hex: true},
		pduField{name: "radius", size: 1},
		pduField{name: "seqnum", size: 1, def: 1},
		pduField{name: "ext_dst", size: 8, hex: true, cond: func(p *PDU) bool { return p.Uint("flags")&8 != 0 }},
		pduField{name: "ext_src", size: 8, hex: true, cond: func(p *PDU) bool { return p.Uint("flags")&16 != 0 }},
		pduField{name: "relay_count", size: 1, def: 1, cond: func(p *PDU) bool { return p.Uint("flags")&4 != 0 }},
		pduField{name: "relay_index", size: 1, cond: func(p *PDU) bool { return p.Uint("flags")&4 != 0 }},
		pduField{name: "relays", kind: pkBytes, cond: func(p *PDU) bool { return p.Uint("flags")&4 != 0 },
			lenFn: func(p *PDU, _ int) int { return 2 * int(p.Uint("relay_count")) }},
	)
	zigbeeSecSpec = newPDUSpec("ZigbeeSecurityHeader", "Zigbee Security Header", "Zigbee auxiliary security header; the encrypted data and MIC are kept",
		pduField{name: "reserved1", size: 1, bits: 2, flags: []string{"reserved1", "reserved2"}},
		pduField{name: "extended_nonce", size: 1, bits: 1, def: 1},
		pduField{name: "key_type", size: 1, bits: 2, def: 1, enum: map[uint64]string{0: "data_key", 1: "network_key", 2: "key_transport_key", 3: "key_load_key"}},
		pduField{name: "nwk_seclevel", size: 1, bits: 3, enum: map[uint64]string{0: "None", 1: "MIC-32", 2: "MIC-64", 3: "MIC-128", 4: "ENC", 5: "ENC-MIC-32", 6: "ENC-MIC-64", 7: "ENC-MIC-128"}},
		pduField{name: "fc", size: 4, hex: true},
		pduField{name: "source", size: 8, hex: true, cond: func(p *PDU) bool { return p.Uint("extended_nonce") != 0 }},
		pduField{name: "key_seqnum", size: 1, cond: func(p *PDU) bool { return p.Uint("key_type") == 1 }},
		pduField{name: "data", kind: pkBytes, lenFn: func(p *PDU, rest int) int { return max(rest-zigbeeMICLen(p), 0) }},
		pduField{name: "mic", kind: pkRest},
	)
	zigbeeAPSSpec = newPDUSpec("ZigbeeAppDataPayload", "Zigbee Application Layer Data Payload (General APS Frame Format)", "Zigbee application support (APS) header",
		pduField{name: "frame_control", size: 1, bits: 4, def: 2, flags: []string{"ack_format", "security", "ack_req", "extended_hdr"}},
		pduField{name: "delivery_mode", size: 1, bits: 2, enum: map[uint64]string{0: "unicast", 1: "indirect", 2: "broadcast", 3: "group_addressing"}},
		pduField{name: "aps_frametype", size: 1, bits: 2, enum: map[uint64]string{0: "data", 1: "command", 2: "ack"}},
		pduField{name: "dst_endpoint", size: 1, def: 10, cond: func(p *PDU) bool {
			t, m := p.Uint("aps_frametype"), p.Uint("delivery_mode")
			return (t == 0 && (m == 0 || m == 2)) || (t == 2 && p.Uint("frame_control")&1 == 0)
		}},
		pduField{name: "group_addr", size: 2, hex: true, cond: func(p *PDU) bool { return p.Uint("aps_frametype") == 0 && p.Uint("delivery_mode") == 3 }},
		pduField{name: "cluster", size: 2, hex: true, cond: apsHasCluster},
		pduField{name: "profile", size: 2, cond: apsHasCluster, enum: map[uint64]string{
			0x0000: "Zigbee_Device_Profile", 0x0101: "IPM_Industrial_Plant_Monitoring", 0x0104: "HA_Home_Automation",
			0x0105: "CBA_Commercial_Building_Automation", 0x0107: "TA_Telecom_Applications", 0x0108: "HC_Health_Care",
			0x0109: "SE_Smart_Energy_Profile"}},
		pduField{name: "src_endpoint", size: 1, def: 10, cond: apsHasCluster},
		pduField{name: "counter", size: 1},
		pduField{name: "fragmentation", size: 1, enum: map[uint64]string{0: "none", 1: "first_block", 2: "middle_block"}, cond: func(p *PDU) bool {
			t := p.Uint("aps_frametype")
			return (t == 0 || t == 2) && p.Uint("frame_control")&8 != 0
		}},
		pduField{name: "block_number", size: 1, cond: apsFragmented},
		pduField{name: "ack_bitfield", size: 1, cond: func(p *PDU) bool { return p.Uint("aps_frametype") == 2 && apsFragmented(p) }},
	)
	zigbeeZCLSpec = newPDUSpec("ZigbeeClusterLibrary", "Zigbee Cluster Library (ZCL) Frame", "Zigbee cluster library (ZCL) header",
		pduField{name: "reserved", size: 1, bits: 3},
		pduField{name: "disable_default_response", size: 1, bits: 1},
		pduField{name: "command_direction", size: 1, bits: 1},
		pduField{name: "manufacturer_specific", size: 1, bits: 1},
		pduField{name: "zcl_frametype", size: 1, bits: 2, enum: map[uint64]string{0: "profile-wide", 1: "cluster-specific", 2: "reserved2", 3: "reserved3"}},
		pduField{name: "manufacturer_code", size: 2, hex: true, cond: func(p *PDU) bool { return p.Uint("manufacturer_specific") == 1 }},
		pduField{name: "transaction_sequence", size: 1},
		pduField{name: "command_identifier", size: 1, enum: ZCLCommandNames, auto: autoBind},
	)
	zclDefaultRespSpec = newPDUSpec("ZCLGeneralDefaultResponse", "General Domain: Command Frame Payload: default_response", "ZCL default response",
		pduField{name: "response_command_identifier", size: 1},
		pduField{name: "status", size: 1, enum: ZCLStatusNames})
	zclWriteRespSpec = newPDUSpec("ZCLGeneralWriteAttributesResponse", "General Domain: Command Frame Payload: write_attributes_response", "ZCL write attributes response (status records kept)",
		pduField{name: "status_records", kind: pkRest})
)

func apsHasCluster(p *PDU) bool {
	t := p.Uint("aps_frametype")
	return t == 0 || (t == 2 && p.Uint("frame_control")&1 == 0)
}

func apsFragmented(p *PDU) bool {
	t := p.Uint("aps_frametype")
	f := p.Uint("fragmentation")
	return (t == 0 || t == 2) && p.Uint("frame_control")&8 != 0 && (f == 1 || f == 2)
}

// zigbeeMICLen is the MIC length of a security level (Scapy reads the
// level as sent; senders usually clear it, so the MIC then stays in data).
func zigbeeMICLen(p *PDU) int {
	switch p.Uint("nwk_seclevel") & 3 {
	case 1:
		return 4
	case 2:
		return 8
	case 3:
		return 16
	}
	return 0
}

// Registered types of the Zigbee layers.
var (
	ZigbeeNWKType            = zigbeeNWKSpec.typ
	ZigbeeSecurityHeaderType = zigbeeSecSpec.typ
	ZigbeeAPSType            = zigbeeAPSSpec.typ
	ZigbeeZCLType            = zigbeeZCLSpec.typ
)

// ZCL general command identifiers.
const (
	ZCLReadAttributes         = 0x00
	ZCLReadAttributesResponse = 0x01
	ZCLWriteAttributes        = 0x02
	ZCLWriteAttributesUndiv   = 0x03
	ZCLWriteAttributesResp    = 0x04
	ZCLWriteAttributesNoResp  = 0x05
	ZCLReportAttributes       = 0x0a
	ZCLDefaultResponse        = 0x0b
)

// ZCLCommandNames are Scapy's names of the ZCL general commands.
var ZCLCommandNames = map[uint64]string{
	0x00: "read_attributes", 0x01: "read_attributes_response", 0x02: "write_attributes",
	0x03: "write_attributes_undivided", 0x04: "write_attributes_response", 0x05: "write_attributes_no_response",
	0x06: "configure_reporting", 0x07: "configure_reporting_response", 0x08: "read_reporting_configuration",
	0x09: "read_reporting_configuration_response", 0x0a: "report_attributes", 0x0b: "default_response",
	0x0c: "discover_attributes", 0x0d: "discover_attributes_response",
}

// ZCLStatusNames names common ZCL status values.
var ZCLStatusNames = map[uint64]string{
	0x00: "SUCCESS", 0x01: "FAILURE", 0x7e: "NOT_AUTHORIZED", 0x80: "MALFORMED_COMMAND", 0x81: "UNSUP_CLUSTER_COMMAND",
	0x82: "UNSUP_GENERAL_COMMAND", 0x86: "UNSUPPORTED_ATTRIBUTE", 0x87: "INVALID_VALUE", 0x88: "READ_ONLY",
	0x8d: "INVALID_DATA_TYPE",
}

// ZCL attribute data types.
const (
	ZCLTypeNoData    = 0x00
	ZCLTypeBool      = 0x10
	ZCLTypeUint8     = 0x20
	ZCLTypeUint16    = 0x21
	ZCLTypeUint32    = 0x23
	ZCLTypeInt8      = 0x28
	ZCLTypeInt16     = 0x29
	ZCLTypeInt32     = 0x2b
	ZCLTypeEnum8     = 0x30
	ZCLTypeEnum16    = 0x31
	ZCLTypeFloat     = 0x39
	ZCLTypeDouble    = 0x3a
	ZCLTypeOctetStr  = 0x41
	ZCLTypeCharStr   = 0x42
	ZCLTypeLongOctet = 0x43
	ZCLTypeLongChar  = 0x44
	ZCLTypeIEEEAddr  = 0xf0
)

// ErrZCLType is returned for an attribute value of a data type whose
// length is unknown (arrays, structures, sets, bags) or a value that does
// not fit its type.
var ErrZCLType = errors.New("unsupported zcl data type")

// zclTypeLen returns the encoded length of a value of type t at b (with its
// length prefix for strings), or -1.
func zclTypeLen(t uint8, b []byte) int {
	switch {
	case t == 0x00 || t == 0xff:
		return 0
	case t >= 0x08 && t <= 0x0f:
		return int(t-0x08) + 1
	case t == 0x10:
		return 1
	case t >= 0x18 && t <= 0x1f:
		return int(t-0x18) + 1
	case t >= 0x20 && t <= 0x27:
		return int(t-0x20) + 1
	case t >= 0x28 && t <= 0x2f:
		return int(t-0x28) + 1
	case t == 0x30:
		return 1
	case t == 0x31, t == 0x38, t == 0xe8, t == 0xe9:
		return 2
	case t == 0x39, t == 0xe0, t == 0xe1, t == 0xe2, t == 0xea:
		return 4
	case t == 0x3a, t == 0xf0:
		return 8
	case t == 0xf1:
		return 16
	case t == 0x41 || t == 0x42:
		if len(b) < 1 {
			return -1
		}
		if b[0] == 0xff { // invalid value: no data follows
			return 1
		}
		return 1 + int(b[0])
	case t == 0x43 || t == 0x44:
		if len(b) < 2 {
			return -1
		}
		n := int(binary.LittleEndian.Uint16(b))
		if n == 0xffff {
			return 2
		}
		return 2 + n
	}
	return -1
}

// ZCLAttr is one attribute record of a ZCL general command: an identifier
// (read attributes), an identifier with status and value (read attributes
// response), or an identifier with value (write and report attributes).
// Data is the value as sent (strings with their length prefix).
type ZCLAttr struct {
	ID       uint16
	Status   uint8 // read attributes response only
	DataType uint8
	Data     []byte
}

// Value returns the typed value: uint64 (unsigned, bitmap, enum, data,
// identifiers, times), int64 (signed), bool, float32/float64, string
// (character strings), []byte (octet strings, keys), fields.MAC-like
// uint64 for IEEE addresses; nil without data.
func (a ZCLAttr) Value() any {
	t, b := a.DataType, a.Data
	if zclTypeLen(t, b) != len(b) || len(b) == 0 {
		return nil
	}
	le := func(b []byte) uint64 { return readUint(b, len(b), false) }
	switch {
	case t == 0x10:
		return b[0] != 0
	case t >= 0x28 && t <= 0x2f:
		n := uint(len(b) * 8)
		return int64(le(b)<<(64-n)) >> (64 - n)
	case t == 0x39:
		return math.Float32frombits(uint32(le(b)))
	case t == 0x3a:
		return math.Float64frombits(le(b))
	case t == 0x42:
		return string(b[1:])
	case t == 0x44:
		return string(b[2:])
	case t == 0x41:
		return b[1:]
	case t == 0x43:
		return b[2:]
	case t == 0xf1:
		return b
	}
	return le(b)
}

// ZCLValue encodes v as a value of data type t: integers for the numeric
// types, bool, float32/float64, string or []byte for strings.
func ZCLValue(t uint8, v any) ([]byte, error) {
	switch t {
	case 0x41, 0x42:
		s, ok := zclBytes(v)
		if !ok || len(s) > 254 {
			return nil, fmt.Errorf("%w: %T for type 0x%02x", ErrZCLType, v, t)
		}
		return append([]byte{byte(len(s))}, s...), nil
	case 0x43, 0x44:
		s, ok := zclBytes(v)
		if !ok || len(s) > 0xfffe {
			return nil, fmt.Errorf("%w: %T for type 0x%02x", ErrZCLType, v, t)
		}
		return append([]byte{byte(len(s)), byte(len(s) >> 8)}, s...), nil
	case 0xf1:
		s, ok := zclBytes(v)
		if !ok || len(s) != 16 {
			return nil, fmt.Errorf("%w: want 16 bytes for type 0xf1", ErrZCLType)
		}
		return append([]byte(nil), s...), nil
	}
	n := zclTypeLen(t, nil)
	if n < 0 {
		return nil, fmt.Errorf("%w: 0x%02x", ErrZCLType, t)
	}
	var u uint64
	var i int64 // the value of a signed Go integer
	kind := 0   // 0 not an integer, 1 signed Go integer, 2 unsigned
	switch x := v.(type) {
	case bool:
		if x {
			u = 1
		}
	case float32:
		if t == 0x3a {
			u = math.Float64bits(float64(x))
		} else {
			u = uint64(math.Float32bits(x))
		}
	case float64:
		if t == 0x39 {
			u = uint64(math.Float32bits(float32(x)))
		} else {
			u = math.Float64bits(x)
		}
	case int:
		i, kind = int64(x), 1
	case int8:
		i, kind = int64(x), 1
	case int16:
		i, kind = int64(x), 1
	case int32:
		i, kind = int64(x), 1
	case int64:
		i, kind = x, 1
	case uint:
		u, kind = uint64(x), 2
	case uint8:
		u, kind = uint64(x), 2
	case uint16:
		u, kind = uint64(x), 2
	case uint32:
		u, kind = uint64(x), 2
	case uint64:
		u, kind = x, 2
	default:
		return nil, fmt.Errorf("%w: %T for type 0x%02x", ErrZCLType, v, t)
	}
	if kind != 0 && n < 8 {
		// Integers must fit the type: signed ones (0x28-0x2f) in
		// [-2^(8n-1), 2^(8n-1)), the others in [0, 2^(8n)).
		bits := uint(8 * n)
		signed := t >= 0x28 && t <= 0x2f
		lo, hi := int64(0), int64(1)<<bits
		if signed {
			lo, hi = -(int64(1) << (bits - 1)), int64(1)<<(bits-1)
		}
		ok := kind == 1 && i >= lo && i < hi || kind == 2 && u < uint64(hi)
		if !ok {
			return nil, fmt.Errorf("%w: %v does not fit type 0x%02x (%d bytes)", ErrZCLType, v, t, n)
		}
	}
	if kind == 1 {
		u = uint64(i)
	}
	b := make([]byte, n)
	writeUint(b, n, false, u)
	return b, nil
}

func zclBytes(v any) ([]byte, bool) {
	switch x := v.(type) {
	case string:
		return []byte(x), true
	case []byte:
		return x, true
	}
	return nil, false
}

// ZCLGeneral is the payload of a ZCL read, write or report attributes
// command: a list of attribute records. Its Scapy name depends on the
// command (ZCLGeneralReadAttributes, ZCLGeneralReadAttributesResponse,
// ZCLGeneralWriteAttributes, ZCLGeneralReportAttributes).
type ZCLGeneral struct {
	Command uint8
	Attrs   []ZCLAttr
}

var zclGeneralProtos = map[uint8]*packet.Proto{}

func zclGeneralProto(cmd uint8, name, field, title string) *packet.Proto {
	pr := &packet.Proto{
		Name: name, Doc: "ZCL " + title + " with typed attribute values",
		New: func() packet.Layer { return &ZCLGeneral{Command: cmd} },
		Fields: []fields.Field{fields.ListField(field,
			func(z *ZCLGeneral) any { return z.Attrs },
			func(z *ZCLGeneral, v any) error {
				switch x := v.(type) {
				case []ZCLAttr:
					z.Attrs = x
				case []uint16:
					z.Attrs = z.Attrs[:0]
					for _, id := range x {
						z.Attrs = append(z.Attrs, ZCLAttr{ID: id})
					}
				default:
					return fmt.Errorf("%w: %T is not []ZCLAttr", fields.ErrBadValue, v)
				}
				return nil
			},
			func(z *ZCLGeneral) string { return z.format() },
			func(z *ZCLGeneral) any { return z.json() })},
	}
	packet.Register(pr)
	zclGeneralProtos[cmd] = pr
	return pr
}

var (
	zclReadProto     = zclGeneralProto(ZCLReadAttributes, "ZCLGeneralReadAttributes", "attribute_identifiers", "read attributes")
	zclReadRespProto = zclGeneralProto(ZCLReadAttributesResponse, "ZCLGeneralReadAttributesResponse", "read_attribute_status_record", "read attributes response")
	zclWriteProto    = zclGeneralProto(ZCLWriteAttributes, "ZCLGeneralWriteAttributes", "write_records", "write attributes")
	zclWriteUndProto = zclGeneralProto(ZCLWriteAttributesUndiv, "ZCLGeneralWriteAttributesUndivided", "write_records", "write attributes undivided")
	zclWriteNoRProto = zclGeneralProto(ZCLWriteAttributesNoResp, "ZCLGeneralWriteAttributesNoResponse", "write_records", "write attributes no response")
	zclReportProto   = zclGeneralProto(ZCLReportAttributes, "ZCLGeneralReportAttributes", "attribute_reports", "report attributes")
	zclGeneralTitles = map[uint8]string{0: "read_attributes", 1: "read_attributes_response", 2: "write_attributes", 3: "write_attributes_undivided", 5: "write_attributes_no_response", 0x0a: "report_attributes"}
)

// NewZCLGeneral returns the payload of ZCL general command cmd (read,
// read response, write, write undivided, write no response, report).
func NewZCLGeneral(cmd uint8, attrs ...ZCLAttr) *ZCLGeneral {
	return &ZCLGeneral{Command: cmd, Attrs: attrs}
}

func (z *ZCLGeneral) Proto() *packet.Proto {
	if pr := zclGeneralProtos[z.Command]; pr != nil {
		return pr
	}
	return zclReportProto
}
func (z *ZCLGeneral) Get(name string) (any, error) { return packet.GetField(z, name) }
func (z *ZCLGeneral) Set(name string, v any) error { return packet.SetField(z, name, v) }
func (z *ZCLGeneral) Show() string                 { return packet.ShowLayer(z) }

// Title is Scapy's name of the payload.
func (z *ZCLGeneral) Title() string {
	return "General Domain: Command Frame Payload: " + zclGeneralTitles[z.Command]
}

// Summary lists the attribute identifiers.
func (z *ZCLGeneral) Summary() string { return z.Proto().Name + " " + z.format() }

func (z *ZCLGeneral) format() string {
	var b strings.Builder
	b.WriteByte('[')
	for i, a := range z.Attrs {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "0x%04x", a.ID)
		switch z.Command {
		case ZCLReadAttributes:
			continue
		case ZCLReadAttributesResponse:
			fmt.Fprintf(&b, " status=0x%02x", a.Status)
			if a.Status != 0 {
				continue
			}
		}
		fmt.Fprintf(&b, " type=0x%02x value=%v", a.DataType, a.Value())
	}
	b.WriteByte(']')
	return b.String()
}

func (z *ZCLGeneral) json() any {
	out := make([]map[string]any, 0, len(z.Attrs))
	for _, a := range z.Attrs {
		m := map[string]any{"attribute_identifier": a.ID}
		if z.Command != ZCLReadAttributes {
			if z.Command == ZCLReadAttributesResponse {
				m["status"] = a.Status
			}
			if z.Command != ZCLReadAttributesResponse || a.Status == 0 {
				m["attribute_data_type"] = a.DataType
				m["attribute_data"] = fmt.Sprintf("%x", a.Data)
				if v, ok := a.Value().([]byte); ok {
					m["value"] = fmt.Sprintf("%x", v)
				} else if f, ok := a.Value().(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
					m["value"] = nil
				} else if f, ok := a.Value().(float32); ok && (math.IsNaN(float64(f)) || math.IsInf(float64(f), 0)) {
					m["value"] = nil
				} else {
					m["value"] = a.Value()
				}
			}
		}
		out = append(out, m)
	}
	return out
}

func (z *ZCLGeneral) recLen(a *ZCLAttr) int {
	switch z.Command {
	case ZCLReadAttributes:
		return 2
	case ZCLReadAttributesResponse:
		if a.Status != 0 {
			return 3
		}
		return 4 + len(a.Data)
	}
	return 3 + len(a.Data)
}

// HeaderLen is the length of the records.
func (z *ZCLGeneral) HeaderLen() int {
	n := 0
	for i := range z.Attrs {
		n += z.recLen(&z.Attrs[i])
	}
	return n
}

// DecodeFromBytes decodes the records up to the end of the frame.
func (z *ZCLGeneral) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	z.Attrs = z.Attrs[:0]
	off := 0
	for off < len(data) {
		if len(data)-off < 2 {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		a := ZCLAttr{ID: uint16(data[off]) | uint16(data[off+1])<<8}
		off += 2
		if z.Command != ZCLReadAttributes {
			if z.Command == ZCLReadAttributesResponse {
				if off >= len(data) {
					return packet.DecodeResult{}, packet.ErrTruncated
				}
				a.Status = data[off]
				off++
			}
			if z.Command != ZCLReadAttributesResponse || a.Status == 0 {
				if off >= len(data) {
					return packet.DecodeResult{}, packet.ErrTruncated
				}
				a.DataType = data[off]
				off++
				n := zclTypeLen(a.DataType, data[off:])
				if n < 0 {
					return packet.DecodeResult{}, packet.ErrMalformed
				}
				if len(data)-off < n {
					return packet.DecodeResult{}, packet.ErrTruncated
				}
				a.Data = data[off : off+n : off+n]
				off += n
			}
		}
		z.Attrs = append(z.Attrs, a)
	}
	return packet.DecodeResult{HeaderLen: off, PayloadLen: 0}, nil
}

// SerializeTo writes the records.
func (z *ZCLGeneral) SerializeTo(b []byte, _ *packet.BuildContext) error {
	off := 0
	for i := range z.Attrs {
		a := &z.Attrs[i]
		b[off], b[off+1] = byte(a.ID), byte(a.ID>>8)
		off += 2
		switch {
		case z.Command == ZCLReadAttributes:
			continue
		case z.Command == ZCLReadAttributesResponse:
			b[off] = a.Status
			off++
			if a.Status != 0 {
				continue
			}
		}
		b[off] = a.DataType
		off++
		off += copy(b[off:], a.Data)
	}
	return nil
}

func init() {
	zigbeeNWKSpec.next = func(p *PDU, payload []byte) packet.LayerType {
		switch {
		case p.Uint("flags")&2 != 0:
			return ZigbeeSecurityHeaderType
		case p.Uint("frametype") == 0:
			return ZigbeeAPSType
		}
		return 0
	}
	zigbeeNWKSpec.summary = func(p *PDU) string {
		return pduSummary(p, "ZigbeeNWK", "frametype", "source", "destination", "seqnum")
	}
	zigbeeAPSSpec.next = func(p *PDU, payload []byte) packet.LayerType {
		switch {
		case p.Uint("frame_control")&2 != 0:
			return ZigbeeSecurityHeaderType
		case p.Uint("aps_frametype") == 0 && p.Uint("profile") != 0:
			return ZigbeeZCLType
		}
		return 0
	}
	zigbeeAPSSpec.summary = func(p *PDU) string {
		return pduSummary(p, "ZigbeeAPS", "aps_frametype", "cluster", "profile", "src_endpoint", "dst_endpoint")
	}
	zigbeeZCLSpec.next = func(p *PDU, payload []byte) packet.LayerType {
		if p.Uint("zcl_frametype") != 0 {
			return 0
		}
		return packet.NextLayer(ZigbeeZCLType, "command_identifier", p.Uint("command_identifier"))
	}
	zigbeeZCLSpec.summary = func(p *PDU) string {
		return pduSummary(p, "ZCL", "zcl_frametype", "command_identifier", "transaction_sequence")
	}
	packet.Bind(
		packet.BindingRule{Lower: ZigbeeZCLType, Upper: zclReadProto.Type(), Field: "command_identifier", Value: ZCLReadAttributes},
		packet.BindingRule{Lower: ZigbeeZCLType, Upper: zclReadRespProto.Type(), Field: "command_identifier", Value: ZCLReadAttributesResponse},
		packet.BindingRule{Lower: ZigbeeZCLType, Upper: zclWriteProto.Type(), Field: "command_identifier", Value: ZCLWriteAttributes},
		packet.BindingRule{Lower: ZigbeeZCLType, Upper: zclWriteUndProto.Type(), Field: "command_identifier", Value: ZCLWriteAttributesUndiv},
		packet.BindingRule{Lower: ZigbeeZCLType, Upper: zclWriteRespSpec.typ, Field: "command_identifier", Value: ZCLWriteAttributesResp},
		packet.BindingRule{Lower: ZigbeeZCLType, Upper: zclWriteNoRProto.Type(), Field: "command_identifier", Value: ZCLWriteAttributesNoResp},
		packet.BindingRule{Lower: ZigbeeZCLType, Upper: zclReportProto.Type(), Field: "command_identifier", Value: ZCLReportAttributes},
		packet.BindingRule{Lower: ZigbeeZCLType, Upper: zclDefaultRespSpec.typ, Field: "command_identifier", Value: ZCLDefaultResponse},
	)
}
