package layers

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/checksum"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// TCP header (RFC 9293 section 3.1):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|          Source Port          |       Destination Port        |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                        Sequence Number                        |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                    Acknowledgment Number                      |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Data |       |C|E|U|A|P|R|S|F|                               |
//	| Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
//	|       |       |R|E|G|K|H|T|N|N|                               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|           Checksum            |         Urgent Pointer        |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                           [Options]                           |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
const (
	tcpSrcPort = 0
	tcpDstPort = 2
	tcpSeq     = 4
	tcpAck     = 8
	tcpOffRes  = 12
	tcpFlags   = 13
	tcpWindow  = 14
	tcpCsum    = 16
	tcpUrg     = 18
	TCPMinLen  = 20
)

// TCP flags (untyped constants: flags.(uint8)&layers.TCPSyn compiles).
const (
	TCPFin = 0x01
	TCPSyn = 0x02
	TCPRst = 0x04
	TCPPsh = 0x08
	TCPAck = 0x10
	TCPUrg = 0x20
	TCPEce = 0x40
	TCPCwr = 0x80
)

// TCP option kinds.
const (
	TCPOptEOL       = 0
	TCPOptNOP       = 1
	TCPOptMSS       = 2
	TCPOptWScale    = 3
	TCPOptSAckOK    = 4
	TCPOptSAck      = 5
	TCPOptTimestamp = 8
	TCPOptMD5       = 19
	TCPOptUserTO    = 28
	TCPOptAO        = 29
	TCPOptMPTCP     = 30
	TCPOptTFO       = 34
)

var tcpOptNames = map[uint8]string{0: "EOL", 1: "NOP", 2: "MSS", 3: "WScale", 4: "SAckOK", 5: "SAck",
	8: "Timestamp", 14: "AltChkSum", 15: "AltChkSumOpt", 19: "MD5", 28: "UTO", 29: "AO", 30: "MPTCP", 34: "TFO"}

// TCPPortNames names well-known ports as Scapy's TCP_SERVICES (a subset).
var TCPPortNames = map[uint64]string{
	20: "ftp_data", 21: "ftp", 22: "ssh", 23: "telnet", 25: "smtp", 53: "domain", 80: "http",
	110: "pop3", 143: "imap2", 179: "bgp", 389: "ldap", 443: "https", 445: "microsoft_ds",
}

// TCPOption is one TCP option. EOL and NOP have no length byte; an EOL's
// Data holds the bytes after it. Length 0 means computed (2 + len(Data)).
// An option whose length byte is missing or runs past the header is kept
// with Bad set and its remaining bytes in Data, so it re-encodes verbatim.
type TCPOption struct {
	Kind   uint8
	Length uint8
	Data   []byte
	Bad    bool
}

// Option constructors.
func TCPOptionMSS(mss uint16) TCPOption {
	return TCPOption{Kind: TCPOptMSS, Data: []byte{byte(mss >> 8), byte(mss)}}
}
func TCPOptionWScale(shift uint8) TCPOption {
	return TCPOption{Kind: TCPOptWScale, Data: []byte{shift}}
}
func TCPOptionSAckOK() TCPOption { return TCPOption{Kind: TCPOptSAckOK} }
func TCPOptionNOP() TCPOption    { return TCPOption{Kind: TCPOptNOP} }
func TCPOptionEOL() TCPOption    { return TCPOption{Kind: TCPOptEOL} }
func TCPOptionTimestamp(val, ecr uint32) TCPOption {
	d := make([]byte, 8)
	put32(d, val)
	put32(d[4:], ecr)
	return TCPOption{Kind: TCPOptTimestamp, Data: d}
}
func TCPOptionSAck(edges ...uint32) TCPOption {
	d := make([]byte, 4*len(edges))
	for i, e := range edges {
		put32(d[4*i:], e)
	}
	return TCPOption{Kind: TCPOptSAck, Data: d}
}

func (o *TCPOption) len() int {
	if o.Bad {
		return 1 + len(o.Data)
	}
	if o.Kind == TCPOptEOL || o.Kind == TCPOptNOP {
		return 1 + len(o.Data)
	}
	return 2 + len(o.Data)
}

// Name returns Scapy's option name or the kind number.
func (o TCPOption) Name() string {
	if n, ok := tcpOptNames[o.Kind]; ok {
		return n
	}
	return strconv.Itoa(int(o.Kind))
}

// Value returns the option's value as Scapy shows it: MSS and WScale as
// integers, Timestamp as [tsval, tsecr], SAck as its edges, others as bytes.
func (o TCPOption) Value() any {
	switch {
	case o.Bad:
		return o.Data
	case o.Kind == TCPOptMSS && len(o.Data) == 2:
		return be16(o.Data)
	case o.Kind == TCPOptWScale && len(o.Data) == 1:
		return o.Data[0]
	case o.Kind == TCPOptTimestamp && len(o.Data) == 8:
		return []uint32{be32(o.Data), be32(o.Data[4:])}
	case o.Kind == TCPOptSAck && len(o.Data)%4 == 0:
		e := make([]uint32, len(o.Data)/4)
		for i := range e {
			e[i] = be32(o.Data[4*i:])
		}
		return e
	case o.Kind == TCPOptEOL || o.Kind == TCPOptNOP:
		return nil
	}
	return o.Data
}

// TCP is a TCP header with options.
type TCP struct {
	SrcPort    uint16
	DstPort    uint16
	Seq        uint32
	Ack        uint32
	DataOffset fields.Opt[uint8] // header length in 32-bit words
	Reserved   uint8             // 4 bits: 3 reserved and the AE (NS) bit
	Flags      uint8             // TCPFin ... TCPCwr
	Window     uint16
	Checksum   fields.Opt[uint16]
	Urgent     uint16

	// The options: set ones in *set, or, when set is nil, the option
	// bytes of a decoded header in raw, parsed only when asked for, so
	// that decoding a header costs the same with options as without. (A
	// pointer rather than a slice keeps the header small: Dissect
	// allocates it with the packet.)
	set *[]TCPOption
	raw []byte
}

// Options returns the options. After decoding they are parsed from the
// header at each call (a new slice whose Data alias the packet's bytes);
// change them with SetOptions. Option and OptionBytes read them without
// allocating.
func (t *TCP) Options() []TCPOption {
	if t.set == nil {
		return decodeTCPOptions(nil, t.raw)
	}
	return *t.set
}

// SetOptions replaces the options; they are padded with zeros (EOL) to a
// multiple of 4 bytes when built. No options is an empty header.
func (t *TCP) SetOptions(opts ...TCPOption) {
	t.set, t.raw = nil, nil
	if len(opts) > 0 {
		t.set = &opts
	}
}

// NumOptions returns the number of options, without allocating.
func (t *TCP) NumOptions() int {
	if t.set == nil {
		return countTCPOptions(t.raw)
	}
	return len(*t.set)
}

// Option returns the first option of that kind, without allocating.
func (t *TCP) Option(kind uint8) (TCPOption, bool) {
	if t.set != nil {
		for _, o := range *t.set {
			if o.Kind == kind {
				return o, true
			}
		}
		return TCPOption{}, false
	}
	for b := t.raw; len(b) > 0; {
		var o TCPOption
		b = nextTCPOption(&o, b)
		if o.Kind == kind {
			return o, true
		}
	}
	return TCPOption{}, false
}

// OptionBytes returns the options as they are on the wire when they come
// from a decoded header (padding included), nil otherwise.
func (t *TCP) OptionBytes() []byte {
	if t.set == nil && len(t.raw) > 0 {
		return t.raw
	}
	return nil
}

var tcpProto = &packet.Proto{
	Name: "TCP", Doc: "TCP with options: MSS, WScale, SAckOK, SAck, Timestamp, others kept (RFC 9293)",
	New: func() packet.Layer { return NewTCP() },
	Fields: []fields.Field{
		fields.ShortField("sport", 20, func(t *TCP) *uint16 { return &t.SrcPort }).WithEnum(TCPPortNames),
		fields.ShortField("dport", 80, func(t *TCP) *uint16 { return &t.DstPort }).WithEnum(TCPPortNames),
		fields.IntField("seq", 0, func(t *TCP) *uint32 { return &t.Seq }),
		fields.IntField("ack", 0, func(t *TCP) *uint32 { return &t.Ack }),
		fields.AutoUintField("dataofs", 4, func(t *TCP) *fields.Opt[uint8] { return &t.DataOffset }),
		fields.BitField("reserved", 4, uint8(0), func(t *TCP) *uint8 { return &t.Reserved }),
		fields.FlagsField("flags", 8, uint8(TCPSyn), "FSRPAUEC", func(t *TCP) *uint8 { return &t.Flags }),
		fields.ShortField("window", 8192, func(t *TCP) *uint16 { return &t.Window }),
		fields.AutoUintField("chksum", 16, func(t *TCP) *fields.Opt[uint16] { return &t.Checksum }).WithHex(),
		fields.ShortField("urgptr", 0, func(t *TCP) *uint16 { return &t.Urgent }),
		fields.ListField("options", func(t *TCP) any { return t.Options() }, setTCPOptions, formatTCPOptions, jsonTCPOptions),
	},
	PostBuild: tcpPostBuild,
}

// TCPType is the registered type of TCP.
var TCPType = packet.Register(tcpProto)

// NewTCP returns a TCP header with Scapy's defaults (sport=20, dport=80,
// flags=S, window=8192).
func NewTCP() *TCP { return &TCP{SrcPort: 20, DstPort: 80, Flags: TCPSyn, Window: 8192} }

func (t *TCP) Proto() *packet.Proto         { return tcpProto }
func (t *TCP) Get(name string) (any, error) { return packet.GetField(t, name) }
func (t *TCP) Set(name string, v any) error { return packet.SetField(t, name, v) }
func (t *TCP) Show() string                 { return packet.ShowLayer(t) }
func (t *TCP) Summary() string              { return t.SummaryIn(nil, 0) }

// FlagString returns the flags as Scapy's letters ("SA").
func (t *TCP) FlagString() string {
	return fields.FormatFlags(uint64(t.Flags), tcpProto.Fields[6].Flags)
}

// SummaryIn is "TCP src:sport > dst:dport flags" with the addresses of the
// network layer below.
func (t *TCP) SummaryIn(p *packet.Packet, i int) string {
	return "TCP " + endpoints(p, i, t.SrcPort, t.DstPort) + " " + t.FlagString()
}

// endpoints formats "a:sport > b:dport" using the layer below when it has
// addresses, "sport > dport" otherwise.
func endpoints(p *packet.Packet, i int, sport, dport uint16) string {
	if p != nil && i > 0 {
		if a, ok := p.Layer(i - 1).(interface {
			SrcAddr() netip.Addr
			DstAddr() netip.Addr
		}); ok {
			return a.SrcAddr().String() + ":" + strconv.Itoa(int(sport)) + " > " + a.DstAddr().String() + ":" + strconv.Itoa(int(dport))
		}
	}
	return strconv.Itoa(int(sport)) + " > " + strconv.Itoa(int(dport))
}

func (t *TCP) optLen() int {
	if t.set == nil {
		return len(t.raw)
	}
	n := 0
	opts := *t.set
	for i := range opts {
		n += opts[i].len()
	}
	return n
}

// HeaderLen is 20 plus the options padded to a multiple of 4.
func (t *TCP) HeaderLen() int { return TCPMinLen + (t.optLen()+3)&^3 }

// DecodeFromBytes decodes the header and options. Inside an ICMP error
// quotation a header cut short is no error: its bytes become Raw.
var (
	tcpDportKey = packet.NewBindKey(TCPType, "dport")
	tcpSportKey = packet.NewBindKey(TCPType, "sport")
)

func (t *TCP) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < TCPMinLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	off := data[tcpOffRes] >> 4
	hl := int(off) * 4
	if hl < TCPMinLen {
		hl = TCPMinLen // kept as decoded; options are empty
	}
	if len(data) < hl {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	t.SrcPort = be16(data[tcpSrcPort:])
	t.DstPort = be16(data[tcpDstPort:])
	t.Seq = be32(data[tcpSeq:])
	t.Ack = be32(data[tcpAck:])
	t.DataOffset = fields.Some(off)
	t.Reserved = data[tcpOffRes] & 0x0f
	t.Flags = data[tcpFlags]
	t.Window = be16(data[tcpWindow:])
	t.Checksum = fields.Some(be16(data[tcpCsum:]))
	t.Urgent = be16(data[tcpUrg:])
	if t.set != nil {
		t.set = nil
	}
	t.raw = data[TCPMinLen:hl]
	var next packet.LayerType
	if len(data) > hl { // no payload, nothing to guess
		next = tcpDportKey.Next(uint64(t.DstPort))
		if next == 0 {
			next = tcpSportKey.Next(uint64(t.SrcPort))
		}
		if next == 0 { // no port binding: content heuristics (TLS, HTTP)
			next = packet.GuessLayer(TCPType, data[hl:])
		}
	}
	ctx.Guess = next != 0 // port bindings are heuristics
	return packet.DecodeResult{HeaderLen: hl, PayloadLen: -1, Next: next}, nil
}

// countTCPOptions returns the number of options decodeTCPOptions finds.
func countTCPOptions(b []byte) int {
	n := 0
	for len(b) > 0 {
		n++
		switch {
		case b[0] == TCPOptEOL:
			return n
		case b[0] == TCPOptNOP:
			b = b[1:]
		case len(b) < 2 || int(b[1]) < 2 || int(b[1]) > len(b):
			return n
		default:
			b = b[b[1]:]
		}
	}
	return n
}

// decodeTCPOptions parses option bytes into opts (reused) or, when opts
// has no room, a new slice of the exact count.
func decodeTCPOptions(opts []TCPOption, b []byte) []TCPOption {
	if cap(opts) == 0 && len(b) > 0 {
		opts = make([]TCPOption, 0, countTCPOptions(b))
	}
	for len(b) > 0 {
		var o TCPOption
		b = nextTCPOption(&o, b)
		opts = append(opts, o)
	}
	return opts
}

// nextTCPOption parses the option at the start of b into o and returns
// the bytes after it (none after EOL or a malformed option, whose bytes
// stay in its Data).
func nextTCPOption(o *TCPOption, b []byte) []byte {
	k := b[0]
	o.Kind = k
	switch {
	case k == TCPOptEOL:
		if len(b) > 1 {
			o.Data = b[1:]
		}
		return nil
	case k == TCPOptNOP:
		return b[1:]
	case len(b) < 2 || int(b[1]) < 2 || int(b[1]) > len(b):
		o.Data, o.Bad = b[1:], true
		return nil
	default:
		l := int(b[1])
		o.Length, o.Data = b[1], b[2:l:l]
		return b[l:]
	}
}

func writeTCPOptions(b []byte, opts []TCPOption) int {
	n := 0
	for i := range opts {
		o := &opts[i]
		b[n] = o.Kind
		n++
		if !o.Bad && o.Kind != TCPOptEOL && o.Kind != TCPOptNOP {
			l := o.Length
			if l == 0 {
				l = uint8(2 + len(o.Data))
			}
			b[n] = l
			n++
		}
		switch d := o.Data; {
		case len(d) == 0:
		case len(d) == 2 && n+2 <= len(b): // MSS: no call
			*(*[2]byte)(b[n : n+2]) = [2]byte(d)
			n += 2
		case len(d) == 8 && n+8 <= len(b): // timestamps
			*(*[8]byte)(b[n : n+8]) = [8]byte(d)
			n += 8
		default:
			n += copy(b[n:], d)
		}
	}
	return n
}

// SerializeTo writes the header; an unset data offset comes from the
// options, an unset checksum from the build hook.
func (t *TCP) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	put16(b[tcpSrcPort:], t.SrcPort)
	put16(b[tcpDstPort:], t.DstPort)
	put32(b[tcpSeq:], t.Seq)
	put32(b[tcpAck:], t.Ack)
	b[tcpOffRes] = t.DataOffset.Or(uint8(len(b)/4))<<4 | t.Reserved&0x0f
	b[tcpFlags] = t.Flags
	put16(b[tcpWindow:], t.Window)
	put16(b[tcpCsum:], t.Checksum.Value)
	put16(b[tcpUrg:], t.Urgent)
	var n int
	if t.set == nil {
		n = TCPMinLen + copy(b[TCPMinLen:], t.raw)
	} else {
		n = TCPMinLen + writeTCPOptions(b[TCPMinLen:], *t.set)
	}
	clear(b[n:])
	return nil
}

// tcpPostBuild computes the checksum over the pseudo-header of the network
// layer below, the header and the payload.
func tcpPostBuild(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
	t := l.(*TCP)
	if t.Checksum.Valid {
		return nil
	}
	put16(hdr[tcpCsum:], transportChecksum(hdr, ctx, IPProtoTCP))
	return nil
}

// transportChecksum is the Internet checksum of the pseudo-header, hdr and
// payload; 0 when there is no network layer below.
func transportChecksum(hdr []byte, ctx *packet.BuildContext, proto uint8) uint16 {
	pl := ctx.Payload()
	ph, ok := ctx.PseudoHeaderSum(proto, len(hdr)+len(pl))
	if !ok {
		return 0
	}
	// hdr is always of even length here, so pl continues the 16-bit words.
	return ^checksum.Fold(checksum.Partial(pl, checksum.Partial(hdr, ph)))
}

func formatTCPOptions(t *TCP) string {
	opts := t.Options()
	parts := make([]string, len(opts))
	for i, o := range opts {
		v := o.Value()
		var s string
		switch x := v.(type) {
		case nil:
			s = "None"
		case []byte:
			s = fields.ReprBytes(x)
		case []uint32:
			ss := make([]string, len(x))
			for j, e := range x {
				ss[j] = strconv.FormatUint(uint64(e), 10)
			}
			if len(ss) == 1 {
				s = "(" + ss[0] + ",)"
			} else {
				s = "(" + strings.Join(ss, ", ") + ")"
			}
		default:
			s = fmt.Sprint(x)
		}
		parts[i] = "('" + o.Name() + "', " + s + ")"
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonTCPOptions(t *TCP) any {
	opts := t.Options()
	out := make([]map[string]any, len(opts))
	for i, o := range opts {
		m := map[string]any{"kind": o.Kind, "name": o.Name()}
		switch v := o.Value().(type) {
		case nil:
		case []byte:
			m["data"] = fmt.Sprintf("%x", v)
		default:
			m["value"] = v
		}
		out[i] = m
	}
	return out
}

func setTCPOptions(t *TCP, v any) error {
	switch x := v.(type) {
	case []TCPOption:
		t.SetOptions(x...)
	case []byte:
		t.SetOptions(decodeTCPOptions(nil, x)...)
	default:
		return fmt.Errorf("%w: tcp options from %T (want []layers.TCPOption or raw bytes)", fields.ErrBadValue, v)
	}
	return nil
}

func init() {
	packet.Bind(packet.BindingRule{Lower: IPv4Type, Upper: TCPType, Field: "proto", Value: IPProtoTCP})
}
