package layers

import (
	"fmt"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// This file holds Bluetooth HCI over H4 (Scapy's scapy.layers.bluetooth)
// and the table-driven PDU type that the Bluetooth, 802.15.4, Zigbee and
// LoRaWAN layers share: a protocol described as a list of fields (little-
// or big-endian integers, bit groups, addresses, fixed and variable byte
// strings, conditional fields) decodes, builds, shows and computes its
// length and next-protocol fields from that list alone.

// pduKind is how a PDU field is encoded.
type pduKind uint8

const (
	pkUint    pduKind = iota // integer of size bytes, or bit field of a size-byte group
	pkMAC                    // 6-byte address stored least significant byte first
	pkBytes                  // byte string of size bytes, or of lenFn bytes
	pkRest                   // byte string: the rest of the PDU
	pkTrailer                // integer of size bytes at the end of the frame (FCS), outside the header
)

// pduAuto is what an unset field is computed from.
type pduAuto uint8

const (
	autoNone    pduAuto = iota
	autoLen             // length of the payload, plus adj
	autoBind            // value the binding table gives for the layer above
	autoLenBind         // both: binding when there is a layer above, else default
)

// pduField describes one field of a table-driven PDU.
type pduField struct {
	name   string
	kind   pduKind
	size   int  // bytes (of the field, or of its bit group)
	bits   int  // > 0: bit field, most significant first within the group
	be     bool // big-endian integer (default little-endian)
	def    uint64
	auto   pduAuto
	adj    int
	hex    bool
	enum   map[uint64]string
	flags  []string
	cond   func(p *PDU) bool          // present only when cond holds
	lenFn  func(p *PDU, rest int) int // pkBytes: length from earlier fields
	sizeFn func(p *PDU) int           // pkUint: width from earlier fields (0 = absent)

	slot int // index in the storage of its width class
	cls  int // 0: 8-bit, 1: 16-bit, 2: 32-bit, 3: 64-bit, 4: MAC, 5: bytes
}

// pduSpec is one table-driven protocol.
type pduSpec struct {
	name    string
	title   string
	fs      []pduField
	proto   *packet.Proto
	typ     packet.LayerType
	lenFld  int // field whose value is the payload length (-1: none)
	lenAdj  int
	dispFld []string // fields whose value picks the payload (first match wins)
	next    func(p *PDU, payload []byte) packet.LayerType
	summary func(p *PDU) string
	trailer int // bytes at the end of the frame that belong to this layer (FCS)
	post    func(p *PDU, hdr []byte, ctx *packet.BuildContext) error
}

// PDU is a layer of a table-driven protocol (HCI, L2CAP, ATT, 802.15.4,
// Zigbee, LoRaWAN). Its fields are read and written with Get and Set by
// Scapy name; Uint and Bytes are typed shortcuts.
type PDU struct {
	spec *pduSpec
	o8   [24]fields.Opt[uint8]
	o16  [10]fields.Opt[uint16]
	o32  [6]fields.Opt[uint32]
	o64  [4]fields.Opt[uint64]
	mac  [2]fields.MAC
	b    [6][]byte
	// under is the layer below, for protocols whose fields depend on it
	// (802.15.4 addressing modes live in the frame control field).
	under *PDU
	// avail is the number of bytes left while a field is decoded, -1
	// otherwise (LoRaWAN's FPort is present when a payload follows).
	avail int
	// port records a LoRaWAN FPort decoded without a payload after it.
	port bool
}

var pduClassCap = [...]int{24, 10, 6, 4, 2, 6}

// newPDUSpec registers a table-driven protocol.
func newPDUSpec(name, title, doc string, fs ...pduField) *pduSpec {
	s := &pduSpec{name: name, title: title, fs: fs, lenFld: -1}
	var used [6]int
	ff := make([]fields.Field, 0, len(fs))
	for i := range s.fs {
		f := &s.fs[i]
		switch {
		case f.kind == pkMAC:
			f.cls = 4
		case f.kind != pkUint && f.kind != pkTrailer:
			f.cls = 5
		default:
			w := f.size * 8
			if f.bits > 0 {
				w = f.bits
			}
			switch {
			case w <= 8:
				f.cls = 0
			case w <= 16:
				f.cls = 1
			case w <= 32:
				f.cls = 2
			default:
				f.cls = 3
			}
		}
		f.slot = used[f.cls]
		used[f.cls]++
		if used[f.cls] > pduClassCap[f.cls] {
			panic("layers: too many fields in " + name)
		}
		ff = append(ff, s.field(f))
	}
	s.proto = &packet.Proto{Name: name, Doc: doc, New: func() packet.Layer { return s.New() }, Fields: ff, PostBuild: pduPostBuild}
	s.typ = packet.Register(s.proto)
	return s
}

func (s *pduSpec) field(f *pduField) fields.Field {
	k := f.slot
	bits := f.size * 8
	if f.bits > 0 {
		bits = f.bits
	}
	var out fields.Field
	switch f.cls {
	case 0:
		if f.auto != autoNone {
			out = fields.AutoUintField(f.name, bits, func(p *PDU) *fields.Opt[uint8] { return &p.o8[k] })
		} else {
			out = fields.UintField(f.name, bits, uint8(f.def), func(p *PDU) *uint8 { return &p.o8[k].Value })
		}
	case 1:
		if f.auto != autoNone {
			out = fields.AutoUintField(f.name, bits, func(p *PDU) *fields.Opt[uint16] { return &p.o16[k] })
		} else {
			out = fields.UintField(f.name, bits, uint16(f.def), func(p *PDU) *uint16 { return &p.o16[k].Value })
		}
	case 2:
		if f.auto != autoNone {
			out = fields.AutoUintField(f.name, bits, func(p *PDU) *fields.Opt[uint32] { return &p.o32[k] })
		} else {
			out = fields.UintField(f.name, bits, uint32(f.def), func(p *PDU) *uint32 { return &p.o32[k].Value })
		}
	case 3:
		if f.auto != autoNone {
			out = fields.AutoUintField(f.name, bits, func(p *PDU) *fields.Opt[uint64] { return &p.o64[k] })
		} else {
			out = fields.UintField(f.name, bits, f.def, func(p *PDU) *uint64 { return &p.o64[k].Value })
		}
	case 4:
		out = fields.MACField(f.name, fields.MAC{}, func(p *PDU) *fields.MAC { return &p.mac[k] })
	default:
		out = fields.BytesField(f.name, func(p *PDU) *[]byte { return &p.b[k] })
	}
	if f.hex {
		out = out.WithHex()
	}
	if f.enum != nil {
		out = out.WithEnum(f.enum)
	}
	if f.flags != nil {
		out = out.WithFlags(f.flags)
	}
	if f.cond != nil {
		c := f.cond
		out = out.When(func(l any) bool { return c(l.(*PDU)) })
	} else if f.sizeFn != nil {
		c := f.sizeFn
		out = out.When(func(l any) bool { return c(l.(*PDU)) > 0 })
	}
	return out
}

// New returns a PDU of this protocol with its defaults.
func (s *pduSpec) New() *PDU {
	p := &PDU{spec: s}
	p.reset()
	return p
}

func (p *PDU) reset() {
	*p = PDU{spec: p.spec, under: p.under, avail: -1}
	for i := range p.spec.fs {
		f := &p.spec.fs[i]
		if f.kind == pkUint && f.auto == autoNone {
			p.put(i, f.def)
		}
	}
}

// uint returns field i's integer value.
func (p *PDU) uint(i int) uint64 {
	f := &p.spec.fs[i]
	switch f.cls {
	case 0:
		return uint64(p.o8[f.slot].Value)
	case 1:
		return uint64(p.o16[f.slot].Value)
	case 2:
		return uint64(p.o32[f.slot].Value)
	case 3:
		return p.o64[f.slot].Value
	}
	return 0
}

// valid reports whether field i holds a value (always, but for unset auto
// fields).
func (p *PDU) valid(i int) bool {
	f := &p.spec.fs[i]
	if f.auto == autoNone {
		return true
	}
	switch f.cls {
	case 0:
		return p.o8[f.slot].Valid
	case 1:
		return p.o16[f.slot].Valid
	case 2:
		return p.o32[f.slot].Valid
	case 3:
		return p.o64[f.slot].Valid
	}
	return true
}

// put sets field i's integer value (and marks it set).
func (p *PDU) put(i int, v uint64) {
	f := &p.spec.fs[i]
	switch f.cls {
	case 0:
		p.o8[f.slot] = fields.Some(uint8(v))
	case 1:
		p.o16[f.slot] = fields.Some(uint16(v))
	case 2:
		p.o32[f.slot] = fields.Some(uint32(v))
	case 3:
		p.o64[f.slot] = fields.Some(v)
	}
}

func (p *PDU) index(name string) int {
	for i := range p.spec.fs {
		if p.spec.fs[i].name == name {
			return i
		}
	}
	return -1
}

// Uint returns an integer field by Scapy name (0 when absent or unset).
func (p *PDU) Uint(name string) uint64 {
	if i := p.index(name); i >= 0 {
		return p.uint(i)
	}
	return 0
}

// Bytes returns a byte-string field by Scapy name (nil when absent).
func (p *PDU) Bytes(name string) []byte {
	if i := p.index(name); i >= 0 && p.spec.fs[i].cls == 5 {
		return p.b[p.spec.fs[i].slot]
	}
	return nil
}

// Addr returns an address field by Scapy name.
func (p *PDU) Addr(name string) fields.MAC {
	if i := p.index(name); i >= 0 && p.spec.fs[i].cls == 4 {
		return p.mac[p.spec.fs[i].slot]
	}
	return fields.MAC{}
}

// present reports whether field i is in this PDU.
func (p *PDU) present(i int) bool {
	f := &p.spec.fs[i]
	if f.cond != nil && !f.cond(p) {
		return false
	}
	if f.sizeFn != nil && f.sizeFn(p) <= 0 {
		return false
	}
	return true
}

// width returns field i's encoded size in bytes (bit fields: their group).
func (p *PDU) width(i int) int {
	f := &p.spec.fs[i]
	switch {
	case f.sizeFn != nil:
		return f.sizeFn(p)
	case f.kind == pkBytes && f.lenFn != nil, f.kind == pkRest:
		return len(p.b[f.slot])
	case f.kind == pkMAC:
		return 6
	case f.kind == pkTrailer:
		return 0
	}
	return f.size
}

// lower returns the layer below as a PDU, or nil.
func lowerPDU(l packet.Layer) *PDU {
	if u, ok := l.(*PDU); ok {
		return u
	}
	return nil
}

// HeaderLenIn is HeaderLen with the layer below known.
func (p *PDU) HeaderLenIn(pk *packet.Packet, i int) int {
	if pk != nil && i > 0 {
		p.under = lowerPDU(pk.Layer(i - 1))
	}
	return p.HeaderLen()
}

func (p *PDU) Proto() *packet.Proto         { return p.spec.proto }
func (p *PDU) Get(name string) (any, error) { return packet.GetField(p, name) }
func (p *PDU) Set(name string, v any) error { return packet.SetField(p, name, v) }
func (p *PDU) Show() string                 { return packet.ShowLayer(p) }

// Title is Scapy's name attribute ("Read Request").
func (p *PDU) Title() string {
	if p.spec.title != "" {
		return p.spec.title
	}
	return p.spec.name
}

// Summary is Scapy's summary of the layer: its name, or the protocol's
// own line.
func (p *PDU) Summary() string {
	if p.spec.summary != nil {
		return p.spec.summary(p)
	}
	return p.spec.name
}

// HeaderLen is the encoded size of the present fields.
func (p *PDU) HeaderLen() int {
	n := 0
	for i := 0; i < len(p.spec.fs); {
		f := &p.spec.fs[i]
		if f.bits > 0 {
			if p.present(i) {
				n += f.size
			}
			i = p.groupEnd(i)
			continue
		}
		if p.present(i) {
			n += p.width(i)
		}
		i++
	}
	return n
}

// groupEnd returns the index after the bit group starting at i.
func (p *PDU) groupEnd(i int) int {
	f := &p.spec.fs[i]
	tot := 0
	for ; i < len(p.spec.fs) && p.spec.fs[i].bits > 0 && tot < f.size*8; i++ {
		tot += p.spec.fs[i].bits
	}
	return i
}

func readUint(b []byte, n int, be bool) uint64 {
	var v uint64
	for i := 0; i < n; i++ {
		if be {
			v = v<<8 | uint64(b[i])
		} else {
			v |= uint64(b[i]) << (8 * i)
		}
	}
	return v
}

func writeUint(b []byte, n int, be bool, v uint64) {
	for i := 0; i < n; i++ {
		if be {
			b[n-1-i] = byte(v >> (8 * i))
		} else {
			b[i] = byte(v >> (8 * i))
		}
	}
}

// DecodeFromBytes decodes the fields in order; the payload is picked by
// the protocol's dispatch fields or function.
func (p *PDU) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	p.under = nil
	if ctx != nil && ctx.Packet != nil {
		if n := ctx.Packet.NumLayers(); n > 0 {
			p.under = lowerPDU(ctx.Packet.Layer(n - 1))
		}
	}
	p.reset()
	s := p.spec
	end := len(data) - s.trailer
	if end < 0 {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	off := 0
	defer func() { p.avail = -1 }()
	for i := 0; i < len(s.fs); {
		f := &s.fs[i]
		p.avail = end - off
		if f.bits > 0 {
			j := p.groupEnd(i)
			if !p.present(i) {
				i = j
				continue
			}
			if end-off < f.size {
				return packet.DecodeResult{}, packet.ErrTruncated
			}
			w := readUint(data[off:], f.size, f.be)
			shift := f.size * 8
			for k := i; k < j; k++ {
				shift -= s.fs[k].bits
				p.put(k, w>>shift&(1<<s.fs[k].bits-1))
			}
			off += f.size
			i = j
			continue
		}
		if !p.present(i) {
			i++
			continue
		}
		switch f.kind {
		case pkUint:
			n := f.size
			if f.sizeFn != nil {
				n = f.sizeFn(p)
			}
			if end-off < n {
				return packet.DecodeResult{}, packet.ErrTruncated
			}
			p.put(i, readUint(data[off:], n, f.be))
			off += n
		case pkMAC:
			if end-off < 6 {
				return packet.DecodeResult{}, packet.ErrTruncated
			}
			m := &p.mac[f.slot]
			for k := 0; k < 6; k++ {
				m[k] = data[off+5-k]
			}
			off += 6
		case pkBytes:
			n := f.size
			if f.lenFn != nil {
				n = f.lenFn(p, end-off)
			}
			if n < 0 {
				return packet.DecodeResult{}, packet.ErrMalformed
			}
			if end-off < n {
				return packet.DecodeResult{}, packet.ErrTruncated
			}
			p.b[f.slot] = data[off : off+n : off+n]
			off += n
		case pkRest:
			p.b[f.slot] = data[off:end:end]
			off = end
		case pkTrailer:
			p.put(i, readUint(data[end:], f.size, f.be))
		}
		i++
	}
	p.avail = -1
	pl := -1
	if s.lenFld >= 0 {
		pl = int(p.uint(s.lenFld)) - s.lenAdj
		if pl < 0 {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
	}
	if s.trailer > 0 {
		tl := end - off
		if pl < 0 || pl > tl {
			pl = tl
		}
	}
	payload := data[off:end]
	if pl >= 0 && pl < len(payload) {
		payload = payload[:pl]
	}
	var next packet.LayerType
	if len(payload) > 0 {
		if s.next != nil {
			next = s.next(p, payload)
		} else {
			for _, name := range s.dispFld {
				if i := p.index(name); i >= 0 && p.present(i) {
					if next = packet.NextLayer(s.typ, name, p.uint(i)); next != 0 {
						break
					}
				}
			}
		}
	}
	return packet.DecodeResult{HeaderLen: off, PayloadLen: pl, Next: next}, nil
}

// SerializeTo writes the present fields; unset computed fields are written
// as 0 and filled by the build hook.
func (p *PDU) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	if ctx != nil && ctx.Packet() != nil {
		p.under = lowerPDU(ctx.Prev())
	}
	s := p.spec
	off := 0
	for i := 0; i < len(s.fs); {
		f := &s.fs[i]
		if f.bits > 0 {
			j := p.groupEnd(i)
			if !p.present(i) {
				i = j
				continue
			}
			var w uint64
			shift := f.size * 8
			for k := i; k < j; k++ {
				shift -= s.fs[k].bits
				w |= (p.uint(k) & (1<<s.fs[k].bits - 1)) << shift
			}
			writeUint(b[off:], f.size, f.be, w)
			off += f.size
			i = j
			continue
		}
		if !p.present(i) {
			i++
			continue
		}
		switch f.kind {
		case pkUint:
			n := f.size
			if f.sizeFn != nil {
				n = f.sizeFn(p)
			}
			writeUint(b[off:], n, f.be, p.uint(i))
			off += n
		case pkMAC:
			m := &p.mac[f.slot]
			for k := 0; k < 6; k++ {
				b[off+k] = m[5-k]
			}
			off += 6
		case pkBytes:
			n := p.width(i)
			clear(b[off : off+n])
			copy(b[off:off+n], p.b[f.slot])
			off += n
		case pkRest:
			off += copy(b[off:], p.b[f.slot])
		}
		i++
	}
	return nil
}

// fieldOffset returns where field i starts in the encoded PDU and its bit
// shift within its group.
func (p *PDU) fieldOffset(i int) (off, shift int) {
	s := p.spec
	for k := 0; k < len(s.fs); {
		f := &s.fs[k]
		if f.bits > 0 {
			j := p.groupEnd(k)
			if !p.present(k) {
				k = j
				continue
			}
			if i >= k && i < j {
				sh := f.size * 8
				for m := k; m <= i; m++ {
					sh -= s.fs[m].bits
				}
				return off, sh
			}
			off += f.size
			k = j
			continue
		}
		if k == i {
			return off, 0
		}
		if p.present(k) {
			off += p.width(k)
		}
		k++
	}
	return off, 0
}

// pduPostBuild fills the unset length and next-protocol fields.
func pduPostBuild(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
	p := l.(*PDU)
	s := p.spec
	for i := range s.fs {
		f := &s.fs[i]
		if f.auto == autoNone || f.kind == pkTrailer || p.valid(i) || !p.present(i) {
			continue
		}
		var v uint64
		switch f.auto {
		case autoLen:
			v = uint64(len(ctx.Payload()) + f.adj)
		case autoBind, autoLenBind:
			v = f.def
			if b, ok := ctx.Bind(f.name); ok {
				v = b
			}
		}
		off, shift := p.fieldOffset(i)
		if f.bits > 0 {
			w := readUint(hdr[off:], f.size, f.be)
			mask := uint64(1<<f.bits-1) << shift
			w = w&^mask | (v<<shift)&mask
			writeUint(hdr[off:], f.size, f.be, w)
		} else {
			n := f.size
			if f.sizeFn != nil {
				n = f.sizeFn(p)
			}
			writeUint(hdr[off:], n, f.be, v)
		}
	}
	if s.post != nil {
		return s.post(p, hdr, ctx)
	}
	return nil
}

// pduSummary builds "NAME field=value ..." lines.
func pduSummary(p *PDU, prefix string, names ...string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for _, n := range names {
		i := p.index(n)
		if i < 0 || !p.present(i) {
			continue
		}
		fmt.Fprintf(&b, " %s=%s", n, p.spec.proto.Fields[i].Format(p))
	}
	return b.String()
}

// HCI over H4 (Bluetooth Core Specification, vol 4 part A): one byte of
// packet type before the HCI packet. Link type 201 adds a 4-byte
// big-endian direction word before it (0 sent, 1 received).
//
//	+--------+----------------------------------+
//	|  type  |  command / ACL / SCO / event / ISO |
//	+--------+----------------------------------+
//
// HCI ACL data header (little-endian 16-bit words):
//
//	 15 14 13 12 11                         0 15                         0
//	+-----+-----+----------------------------+----------------------------+
//	| BC  | PB  |      connection handle     |        data length         |
//	+-----+-----+----------------------------+----------------------------+
//
// Command: opcode (LE16: OGF 6 bits, OCF 10 bits), parameter length (1).
// Event: event code (1), parameter length (1).
// SCO: handle and packet status (LE16), length (1).
// ISO: handle, PB and TS flags (LE16), length (LE16, 14 bits).

// H4 packet types (HCI_Hdr type).
const (
	HCITypeCommand = 1
	HCITypeACL     = 2
	HCITypeSCO     = 3
	HCITypeEvent   = 4
	HCITypeISO     = 5
)

// HCITypeNames are Scapy's names of the H4 packet types (5, which Scapy
// 2.5 calls "Reserve", carries ISO data since Bluetooth 5.2).
var HCITypeNames = map[uint64]string{0: "Acknowledgement", 1: "Command", 2: "ACL Data", 3: "Synchronous", 4: "Event", 5: "ISO Data", 14: "Vendor", 15: "Link Control"}

// HCIEventNames names common HCI event codes.
var HCIEventNames = map[uint64]string{
	0x01: "inquiry_complete", 0x03: "connection_complete", 0x05: "disconnection_complete",
	0x08: "encryption_change", 0x0e: "command_complete", 0x0f: "command_status",
	0x13: "number_of_completed_packets", 0x2f: "extended_inquiry_result", 0x3e: "le_meta",
}

var (
	hciPHDRSpec = newPDUSpec("HCI_PHDR_Hdr", "HCI PHDR transport layer",
		"Bluetooth HCI H4 direction header (link type 201)",
		pduField{name: "direction", size: 4, be: true})
	hciSpec = newPDUSpec("HCI_Hdr", "HCI header", "Bluetooth HCI over H4: packet type (link type 187)",
		pduField{name: "type", size: 1, def: HCITypeACL, enum: HCITypeNames, auto: autoBind})
	hciCmdSpec = newPDUSpec("HCI_Command_Hdr", "HCI Command header", "Bluetooth HCI command: opcode and parameter length",
		pduField{name: "opcode", size: 2, hex: true, auto: autoBind},
		pduField{name: "len", size: 1, auto: autoLen})
	hciEventSpec = newPDUSpec("HCI_Event_Hdr", "HCI Event header", "Bluetooth HCI event: code and parameter length",
		pduField{name: "code", size: 1, hex: true, enum: HCIEventNames, auto: autoBind},
		pduField{name: "len", size: 1, auto: autoLen})
	hciACLSpec = newPDUSpec("HCI_ACL_Hdr", "HCI ACL header", "Bluetooth HCI ACL data: handle, PB/BC flags, length",
		pduField{name: "BC", size: 2, bits: 2},
		pduField{name: "PB", size: 2, bits: 2},
		pduField{name: "handle", size: 2, bits: 12},
		pduField{name: "len", size: 2, auto: autoLen})
	hciSCOSpec = newPDUSpec("HCI_SCO_Hdr", "HCI SCO header", "Bluetooth HCI synchronous (SCO) data: handle, status, length",
		pduField{name: "reserved", size: 2, bits: 2},
		pduField{name: "status", size: 2, bits: 2},
		pduField{name: "handle", size: 2, bits: 12},
		pduField{name: "len", size: 1, auto: autoLen})
	hciISOSpec = newPDUSpec("HCI_ISO_Hdr", "HCI ISO header", "Bluetooth HCI isochronous (ISO) data: handle, PB/TS flags, length",
		pduField{name: "rfu", size: 2, bits: 1},
		pduField{name: "TS", size: 2, bits: 1},
		pduField{name: "PB", size: 2, bits: 2},
		pduField{name: "handle", size: 2, bits: 12},
		pduField{name: "rfu2", size: 2, bits: 2},
		pduField{name: "len", size: 2, bits: 14, auto: autoLen})
)

// Registered types of the HCI layers.
var (
	HCIPHDRType  = hciPHDRSpec.typ
	HCIType      = hciSpec.typ
	HCICmdType   = hciCmdSpec.typ
	HCIEventType = hciEventSpec.typ
	HCIACLType   = hciACLSpec.typ
	HCISCOType   = hciSCOSpec.typ
	HCIISOType   = hciISOSpec.typ
)

// HCI command and event parameter layers (Scapy's HCI_Cmd_*, HCI_Event_*).
var (
	hciCmdReset      = newPDUSpec("HCI_Cmd_Reset", "Reset", "Bluetooth HCI Reset command")
	hciCmdDisconnect = newPDUSpec("HCI_Cmd_Disconnect", "Disconnect", "Bluetooth HCI Disconnect command",
		pduField{name: "handle", size: 2, hex: true},
		pduField{name: "reason", size: 1, def: 0x13})
	hciCmdScanParams = newPDUSpec("HCI_Cmd_LE_Set_Scan_Parameters", "LE Set Scan Parameters", "Bluetooth HCI LE Set Scan Parameters command",
		pduField{name: "type", size: 1, def: 1, enum: map[uint64]string{0: "passive", 1: "active"}},
		pduField{name: "interval", size: 2, def: 16, hex: true},
		pduField{name: "window", size: 2, def: 16, hex: true},
		pduField{name: "atype", size: 1, enum: map[uint64]string{0: "public", 1: "random"}},
		pduField{name: "policy", size: 1, enum: map[uint64]string{0: "all", 1: "whitelist"}})
	hciCmdScanEnable = newPDUSpec("HCI_Cmd_LE_Set_Scan_Enable", "LE Set Scan Enable", "Bluetooth HCI LE Set Scan Enable command",
		pduField{name: "enable", size: 1, def: 1},
		pduField{name: "filter_dups", size: 1, def: 1})
	hciCmdCreateConn = newPDUSpec("HCI_Cmd_LE_Create_Connection", "LE Create Connection", "Bluetooth HCI LE Create Connection command",
		pduField{name: "interval", size: 2, def: 96},
		pduField{name: "window", size: 2, def: 48},
		pduField{name: "filter", size: 1},
		pduField{name: "patype", size: 1, enum: map[uint64]string{0: "public", 1: "random"}},
		pduField{name: "paddr", kind: pkMAC},
		pduField{name: "atype", size: 1, enum: map[uint64]string{0: "public", 1: "random"}},
		pduField{name: "min_interval", size: 2, def: 40},
		pduField{name: "max_interval", size: 2, def: 56},
		pduField{name: "latency", size: 2},
		pduField{name: "timeout", size: 2, def: 42},
		pduField{name: "min_ce", size: 2},
		pduField{name: "max_ce", size: 2})
	hciEvDisconn = newPDUSpec("HCI_Event_Disconnection_Complete", "Disconnection Complete", "Bluetooth HCI Disconnection Complete event",
		pduField{name: "status", size: 1},
		pduField{name: "handle", size: 2},
		pduField{name: "reason", size: 1, hex: true})
	hciEvCmdComplete = newPDUSpec("HCI_Event_Command_Complete", "Command Complete", "Bluetooth HCI Command Complete event (return parameters kept)",
		pduField{name: "number", size: 1},
		pduField{name: "opcode", size: 2, hex: true},
		pduField{name: "status", size: 1})
	hciEvCmdStatus = newPDUSpec("HCI_Event_Command_Status", "Command Status", "Bluetooth HCI Command Status event",
		pduField{name: "status", size: 1},
		pduField{name: "number", size: 1},
		pduField{name: "opcode", size: 2, hex: true})
	hciEvLEMeta = newPDUSpec("HCI_Event_LE_Meta", "LE Meta", "Bluetooth HCI LE Meta event (subevent parameters kept)",
		pduField{name: "event", size: 1, enum: map[uint64]string{1: "connection_complete", 2: "advertising_report", 3: "connection_update_complete", 5: "long_term_key_request"}})
)

// HCI opcodes of the bound commands.
const (
	HCIOpReset              = 0x0c03
	HCIOpDisconnect         = 0x0406
	HCIOpLESetScanParams    = 0x200b
	HCIOpLESetScanEnable    = 0x200c
	HCIOpLECreateConnection = 0x200d
)

func init() {
	hciSpec.dispFld = []string{"type"}
	hciCmdSpec.dispFld = []string{"opcode"}
	hciEventSpec.dispFld = []string{"code"}
	hciCmdSpec.lenFld = 1
	hciEventSpec.lenFld = 1
	hciACLSpec.lenFld = 3
	hciSCOSpec.lenFld = 3
	hciISOSpec.lenFld = 5
	hciACLSpec.next = func(p *PDU, _ []byte) packet.LayerType { return L2CAPType }
	hciPHDRSpec.next = func(p *PDU, _ []byte) packet.LayerType { return HCIType }
	hciSpec.summary = func(p *PDU) string { return "HCI " + p.spec.proto.Fields[0].Format(p) }
	hciACLSpec.summary = func(p *PDU) string { return pduSummary(p, "HCI ACL", "handle", "PB", "len") }
	hciCmdSpec.summary = func(p *PDU) string { return pduSummary(p, "HCI Command", "opcode") }
	hciEventSpec.summary = func(p *PDU) string { return pduSummary(p, "HCI Event", "code") }
	packet.Bind(
		packet.BindingRule{Lower: HCIPHDRType, Upper: HCIType, Field: "direction", Value: 0, DissectOnly: true},
		packet.BindingRule{Lower: HCIType, Upper: HCICmdType, Field: "type", Value: HCITypeCommand},
		packet.BindingRule{Lower: HCIType, Upper: HCIACLType, Field: "type", Value: HCITypeACL},
		packet.BindingRule{Lower: HCIType, Upper: HCISCOType, Field: "type", Value: HCITypeSCO},
		packet.BindingRule{Lower: HCIType, Upper: HCIEventType, Field: "type", Value: HCITypeEvent},
		packet.BindingRule{Lower: HCIType, Upper: HCIISOType, Field: "type", Value: HCITypeISO},
		packet.BindingRule{Lower: HCICmdType, Upper: hciCmdReset.typ, Field: "opcode", Value: HCIOpReset},
		packet.BindingRule{Lower: HCICmdType, Upper: hciCmdDisconnect.typ, Field: "opcode", Value: HCIOpDisconnect},
		packet.BindingRule{Lower: HCICmdType, Upper: hciCmdScanParams.typ, Field: "opcode", Value: HCIOpLESetScanParams},
		packet.BindingRule{Lower: HCICmdType, Upper: hciCmdScanEnable.typ, Field: "opcode", Value: HCIOpLESetScanEnable},
		packet.BindingRule{Lower: HCICmdType, Upper: hciCmdCreateConn.typ, Field: "opcode", Value: HCIOpLECreateConnection},
		packet.BindingRule{Lower: HCIEventType, Upper: hciEvDisconn.typ, Field: "code", Value: 0x05},
		packet.BindingRule{Lower: HCIEventType, Upper: hciEvCmdComplete.typ, Field: "code", Value: 0x0e},
		packet.BindingRule{Lower: HCIEventType, Upper: hciEvCmdStatus.typ, Field: "code", Value: 0x0f},
		packet.BindingRule{Lower: HCIEventType, Upper: hciEvLEMeta.typ, Field: "code", Value: 0x3e},
	)
	packet.BindLinkType(187, HCIType)     // LINKTYPE_BLUETOOTH_HCI_H4
	packet.BindLinkType(201, HCIPHDRType) // LINKTYPE_BLUETOOTH_HCI_H4_WITH_PHDR
}

// NewPDU returns a fresh layer of a table-driven protocol by Scapy name
// ("HCI_Hdr", "ATT_Read_Request", "Dot15d4Data", ...), or nil when the name
// is not one.
func NewPDU(name string) *PDU {
	pr := packet.Lookup(name)
	if pr == nil {
		return nil
	}
	p, ok := pr.New().(*PDU)
	if !ok {
		return nil
	}
	return p
}
