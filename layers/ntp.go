package layers

import (
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// NTP packet header (RFC 5905 section 7.3), modes 0 to 5:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|LI | VN  |Mode |    Stratum    |     Poll      |   Precision   |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                          Root Delay                           |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                       Root Dispersion                         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                          Reference ID                         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	+                     Reference Timestamp (64)                  +
//	+                      Origin Timestamp (64)                    +
//	+                      Receive Timestamp (64)                   +
//	+                      Transmit Timestamp (64)                  +
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	.                Extension Fields (RFC 7822, optional)          .
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|              Key Identifier and Digest (MAC, optional)        |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Mode 6 control messages (RFC 9327) have a 12-byte header, then count
// bytes of data, then padding and an optional MAC:
//
//	|LI | VN  |  6  |R|E|M| OpCode  |           Sequence            |
//	|            Status             |        Association ID         |
//	|            Offset             |            Count              |
//
// Mode 7 private messages (ntpd's ntpdc) have an 8-byte header:
//
//	|R|M| VN  |  7  |A|  Sequence   | Implementation|   Req Code    |
//	|  Err  |    Number of data items  |  MBZ  |   Size of data item  |
const (
	ntpFlags     = 0
	ntpStratum   = 1
	ntpPoll      = 2
	ntpPrecision = 3
	ntpDelay     = 4
	ntpDisp      = 8
	ntpRefID     = 12
	ntpRef       = 16
	ntpOrig      = 24
	ntpRecv      = 32
	ntpSent      = 40
	// NTPLen is the length of the NTP header (modes 0 to 5).
	NTPLen = 48

	ntpCtlOp     = 1
	ntpCtlSeq    = 2
	ntpCtlStatus = 4
	ntpCtlAssoc  = 6
	ntpCtlOffset = 8
	ntpCtlCount  = 10
	// NTPControlLen is the header length of mode 6 messages.
	NTPControlLen = 12
	// NTPPrivateLen is the header length of mode 7 messages.
	NTPPrivateLen = 8
)

// NTP modes and the port (untyped constants).
const (
	NTPModeReserved         = 0
	NTPModeSymmetricActive  = 1
	NTPModeSymmetricPassive = 2
	NTPModeClient           = 3
	NTPModeServer           = 4
	NTPModeBroadcast        = 5
	NTPModeControl          = 6
	NTPModePrivate          = 7

	NTPPort = 123
)

// NTPModeNames names the modes as Scapy does.
var NTPModeNames = map[uint64]string{
	0: "reserved", 1: "symmetric active", 2: "symmetric passive", 3: "client", 4: "server",
	5: "broadcast", 6: "NTP control message", 7: "reserved for private use",
}

var ntpLeapNames = map[uint64]string{
	0: "no warning", 1: "last minute of the day has 61 seconds",
	2: "last minute of the day has 59 seconds", 3: "unknown (clock unsynchronized)",
}

var ntpOpCodeNames = map[uint64]string{
	0: "CTL_OP_UNSPEC", 1: "CTL_OP_READSTAT", 2: "CTL_OP_READVAR", 3: "CTL_OP_WRITEVAR",
	4: "CTL_OP_READCLOCK", 5: "CTL_OP_WRITECLOCK", 6: "CTL_OP_SETTRAP", 7: "CTL_OP_ASYNCMSG",
	8: "CTL_OP_CONFIGURE", 9: "CTL_OP_SAVECONFIG", 10: "CTL_OP_READ_MRU", 11: "CTL_OP_READ_ORDLIST_A",
	12: "CTL_OP_REQ_NONCE", 31: "CTL_OP_UNSETTRAP",
}

var ntpImplNames = map[uint64]string{0: "IMPL_UNIV", 2: "IMPL_XNTPD_OLD", 3: "XNTPD"}

// ntpEpochOffset is the number of seconds from 1900 to 1970.
const ntpEpochOffset = 2208988800

// NTPTimestamp is the 64-bit NTP timestamp format (RFC 5905 section 6):
// seconds since 1900 in the high 32 bits, the fraction in the low 32.
type NTPTimestamp uint64

// NTPTime converts a time to an NTP timestamp (era 0 up to 2036, era 1
// after, as RFC 4330 section 3 reads them). The fraction is rounded up, so
// that Time gives the same nanosecond back.
func NTPTime(t time.Time) NTPTimestamp {
	if t.IsZero() {
		return 0
	}
	s := t.Unix() + ntpEpochOffset
	frac := (uint64(t.Nanosecond())<<32 + 1e9 - 1) / 1e9
	return NTPTimestamp(uint64(uint32(s))<<32 | frac)
}

// Seconds returns the whole seconds.
func (ts NTPTimestamp) Seconds() uint32 { return uint32(ts >> 32) }

// Fraction returns the fraction of a second in units of 2^-32 s.
func (ts NTPTimestamp) Fraction() uint32 { return uint32(ts) }

// Time returns the time the timestamp stands for, the zero time for 0
// ("unknown"). Seconds with the top bit clear are in era 1 (from 2036),
// as RFC 4330 section 3 prescribes. Nanoseconds are truncated, as
// Wireshark shows them.
func (ts NTPTimestamp) Time() time.Time {
	if ts == 0 {
		return time.Time{}
	}
	s := int64(ts.Seconds()) - ntpEpochOffset
	if ts.Seconds()&0x80000000 == 0 {
		s += 1 << 32
	}
	ns := uint64(ts.Fraction()) * 1e9 >> 32
	return time.Unix(s, int64(ns)).UTC()
}

// Float returns the seconds since 1900 as Scapy shows them.
func (ts NTPTimestamp) Float() float64 { return float64(ts) / (1 << 32) }

// String is Scapy's form: the date for times after 1970, seconds otherwise.
func (ts NTPTimestamp) String() string {
	if ts.Seconds() < ntpEpochOffset {
		return ntpFloat(ts.Float())
	}
	return time.Unix(int64(ts.Seconds())-ntpEpochOffset, 0).UTC().Format("Mon, 02 Jan 2006 15:04:05 +0000")
}

// NTPShort is the 32-bit NTP short format (16.16 fixed point seconds) of
// the root delay and root dispersion.
type NTPShort uint32

// NTPShortFrom converts a duration to the short format.
func NTPShortFrom(d time.Duration) NTPShort {
	return NTPShort(uint32((int64(d)<<16 + 5e8) / 1e9))
}

// Duration returns the value as a duration.
func (s NTPShort) Duration() time.Duration { return time.Duration((int64(s)*1e9 + 1<<15) >> 16) }

// Float returns the value in seconds.
func (s NTPShort) Float() float64 { return float64(s) / (1 << 16) }

// String is Scapy's form: the seconds as a Python float.
func (s NTPShort) String() string { return ntpFloat(s.Float()) }

// ntpFloat formats a float as Python's repr does for the common cases.
func ntpFloat(f float64) string {
	if f != 0 && math.Abs(f) < 1e-4 {
		return strconv.FormatFloat(f, 'e', -1, 64)
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".eIN") {
		s += ".0"
	}
	return s
}

// NTPExtension is an NTPv4 extension field (RFC 7822): type, length and
// value padded to 4 bytes. Length 0 is computed.
type NTPExtension struct {
	Type   uint16
	Length uint16
	Value  []byte
}

func (e NTPExtension) len() int { return 4 + (len(e.Value)+3)&^3 }

// NTP is an NTP message: the RFC 5905 header (modes 0-5) with its
// extension fields and MAC, or a mode 6 control or mode 7 private message
// whose data is kept raw (Scapy's NTPHeader, NTPControl and NTPPrivate).
//
// Fields are Scapy's: leap, version, mode, stratum, poll, precision, delay
// and dispersion (seconds), id (the reference ID as an address, stratum 2
// and up) or ref_id (as text, stratum 0 and 1), ref, orig, recv, sent.
// An unset Orig or Sent is the current time when built, as in Scapy.
type NTP struct {
	Leap    uint8 // 2 bits (Scapy's "zeros" in mode 6)
	Version uint8 // 3 bits
	Mode    uint8 // 3 bits

	// Modes 0 to 5.
	Stratum        uint8
	Poll           uint8 // log2 seconds
	Precision      uint8 // log2 seconds, signed on the wire
	RootDelay      NTPShort
	RootDispersion NTPShort
	RefID          [4]byte
	Ref            NTPTimestamp
	Orig           fields.Opt[NTPTimestamp]
	Recv           NTPTimestamp
	Sent           fields.Opt[NTPTimestamp]
	Extensions     []NTPExtension
	MAC            []byte // key identifier and digest

	// Modes 6 and 7.
	Response uint8 // 1 bit
	Err      uint8 // mode 6: 1 bit; mode 7: 4 bits
	More     uint8 // 1 bit
	// Mode 6.
	OpCode        uint8 // 5 bits
	Sequence      uint16
	Status        uint16
	AssociationID uint16
	Offset        uint16
	Count         fields.Opt[uint16] // unset: len(Data)
	// Mode 7.
	Auth           uint8 // 1 bit
	Seq            uint8 // 7 bits
	Implementation uint8
	RequestCode    uint8
	NbItems        uint16 // 12 bits
	MBZ            uint8  // 4 bits
	DataItemSize   uint16 // 12 bits
	// Data is the control data (count bytes, mode 6) or everything after
	// the header (mode 7).
	Data []byte
	// Authenticator is what follows the data of a mode 6 message: padding
	// and MAC.
	Authenticator []byte
}

func ntpHeaderMode(l any) bool  { return l.(*NTP).Mode < NTPModeControl }
func ntpControlMode(l any) bool { return l.(*NTP).Mode == NTPModeControl }
func ntpPrivateMode(l any) bool { return l.(*NTP).Mode == NTPModePrivate }
func ntpCtlOrPriv(l any) bool   { return l.(*NTP).Mode >= NTPModeControl }

var ntpProto = &packet.Proto{
	Name: "NTP", Aliases: []string{"NTPHeader"},
	Doc: "NTP v3/v4 (RFC 5905) with extension fields and MAC; mode 6/7 control messages kept raw; UDP port 123",
	New: func() packet.Layer { return NewNTP() },
	Fields: []fields.Field{
		fields.BitField("leap", 2, uint8(0), func(n *NTP) *uint8 { return &n.Leap }).WithEnum(ntpLeapNames).
			When(func(l any) bool { return l.(*NTP).Mode < NTPModeControl }),
		fields.BitField("zeros", 2, uint8(0), func(n *NTP) *uint8 { return &n.Leap }).When(ntpControlMode),
		fields.BitField("response", 1, uint8(0), func(n *NTP) *uint8 { return &n.Response }).When(ntpCtlOrPriv),
		fields.BitField("more", 1, uint8(0), func(n *NTP) *uint8 { return &n.More }).When(ntpPrivateMode),
		fields.BitField("version", 3, uint8(4), func(n *NTP) *uint8 { return &n.Version }),
		fields.BitField("mode", 3, uint8(3), func(n *NTP) *uint8 { return &n.Mode }).WithEnum(NTPModeNames),
		fields.ByteField("stratum", 2, func(n *NTP) *uint8 { return &n.Stratum }).When(ntpHeaderMode),
		fields.ByteField("poll", 10, func(n *NTP) *uint8 { return &n.Poll }).When(ntpHeaderMode),
		fields.ByteField("precision", 0, func(n *NTP) *uint8 { return &n.Precision }).When(ntpHeaderMode),
		ntpShortField("delay", func(n *NTP) *NTPShort { return &n.RootDelay }).When(ntpHeaderMode),
		ntpShortField("dispersion", func(n *NTP) *NTPShort { return &n.RootDispersion }).When(ntpHeaderMode),
		fields.ListField("id", func(n *NTP) any { return netip.AddrFrom4(n.RefID) }, setNTPRefAddr,
			func(n *NTP) string { return netip.AddrFrom4(n.RefID).String() },
			func(n *NTP) any { return netip.AddrFrom4(n.RefID).String() }).
			When(func(l any) bool { n := l.(*NTP); return n.Mode < NTPModeControl && n.Stratum > 1 }),
		fields.ListField("ref_id", func(n *NTP) any { return n.RefIDText() }, setNTPRefText,
			func(n *NTP) string { return fields.ReprBytes(n.refIDBytes()) },
			func(n *NTP) any { return n.RefIDText() }).
			When(func(l any) bool { n := l.(*NTP); return n.Mode < NTPModeControl && n.Stratum < 2 }),
		ntpTimeField("ref", func(n *NTP) *NTPTimestamp { return &n.Ref }),
		ntpOptTimeField("orig", func(n *NTP) *fields.Opt[NTPTimestamp] { return &n.Orig }),
		ntpTimeField("recv", func(n *NTP) *NTPTimestamp { return &n.Recv }),
		ntpOptTimeField("sent", func(n *NTP) *fields.Opt[NTPTimestamp] { return &n.Sent }),
		fields.ListField("extensions", func(n *NTP) any { return n.Extensions }, setNTPExtensions,
			formatNTPExtensions, jsonNTPExtensions).When(ntpHeaderMode),
		fields.BytesField("mac", func(n *NTP) *[]byte { return &n.MAC }).When(ntpHeaderMode),
		fields.BitField("err", 4, uint8(0), func(n *NTP) *uint8 { return &n.Err }).When(ntpCtlOrPriv),
		fields.BitField("op_code", 5, uint8(0), func(n *NTP) *uint8 { return &n.OpCode }).WithEnum(ntpOpCodeNames).When(ntpControlMode),
		fields.ShortField("sequence", 0, func(n *NTP) *uint16 { return &n.Sequence }).When(ntpControlMode),
		fields.XShortField("status", 0, func(n *NTP) *uint16 { return &n.Status }).When(ntpControlMode),
		fields.ShortField("association_id", 0, func(n *NTP) *uint16 { return &n.AssociationID }).When(ntpControlMode),
		fields.ShortField("offset", 0, func(n *NTP) *uint16 { return &n.Offset }).When(ntpControlMode),
		fields.AutoUintField("count", 16, func(n *NTP) *fields.Opt[uint16] { return &n.Count }).When(ntpControlMode),
		fields.BitField("auth", 1, uint8(0), func(n *NTP) *uint8 { return &n.Auth }).When(ntpPrivateMode),
		fields.BitField("seq", 7, uint8(0), func(n *NTP) *uint8 { return &n.Seq }).When(ntpPrivateMode),
		fields.ByteField("implementation", 0, func(n *NTP) *uint8 { return &n.Implementation }).WithEnum(ntpImplNames).When(ntpPrivateMode),
		fields.ByteField("request_code", 0, func(n *NTP) *uint8 { return &n.RequestCode }).When(ntpPrivateMode),
		fields.BitField("nb_items", 12, uint16(0), func(n *NTP) *uint16 { return &n.NbItems }).When(ntpPrivateMode),
		fields.BitField("mbz", 4, uint8(0), func(n *NTP) *uint8 { return &n.MBZ }).When(ntpPrivateMode),
		fields.BitField("data_item_size", 12, uint16(0), func(n *NTP) *uint16 { return &n.DataItemSize }).When(ntpPrivateMode),
		fields.BytesField("data", func(n *NTP) *[]byte { return &n.Data }).When(ntpCtlOrPriv),
		fields.BytesField("authenticator", func(n *NTP) *[]byte { return &n.Authenticator }).When(ntpControlMode),
	},
}

// NTPType is the registered type of NTP.
var NTPType = packet.Register(ntpProto)

// NewNTP returns an NTP client request with Scapy's defaults: version 4,
// mode client, stratum 2, poll 10, id 127.0.0.1; orig and sent are the
// time of the build unless set.
func NewNTP() *NTP {
	return &NTP{Version: 4, Mode: NTPModeClient, Stratum: 2, Poll: 10, RefID: [4]byte{127, 0, 0, 1}}
}

// NewNTPControl returns a mode 6 control message with Scapy's
// NTPControl defaults (version 2).
func NewNTPControl() *NTP { return &NTP{Version: 2, Mode: NTPModeControl} }

// NewNTPPrivate returns a mode 7 message with Scapy's NTPPrivate defaults
// (version 2).
func NewNTPPrivate() *NTP { return &NTP{Version: 2, Mode: NTPModePrivate} }

func (n *NTP) Proto() *packet.Proto         { return ntpProto }
func (n *NTP) Get(name string) (any, error) { return packet.GetField(n, name) }
func (n *NTP) Set(name string, v any) error { return packet.SetField(n, name, v) }
func (n *NTP) Show() string                 { return packet.ShowLayer(n) }

// Title is Scapy's name of the class for the mode.
func (n *NTP) Title() string {
	switch n.Mode {
	case NTPModeControl:
		return "Control message"
	case NTPModePrivate:
		return "Private (mode 7)"
	}
	return "NTPHeader"
}

// Summary is Scapy's: "NTP v4, client".
func (n *NTP) Summary() string { return n.SummaryIn(nil, 0) }

// SummaryIn implements packet.ContextSummarizer.
func (n *NTP) SummaryIn(*packet.Packet, int) string {
	return "NTP v" + strconv.Itoa(int(n.Version)) + ", " + NTPModeNames[uint64(n.Mode&7)]
}

// RefIDText returns the reference ID as text (a kiss code or a clock
// source such as "GPS"), trailing NULs removed.
func (n *NTP) RefIDText() string { return string(n.refIDBytes()) }

func (n *NTP) refIDBytes() []byte {
	b := n.RefID[:]
	for len(b) > 0 && b[len(b)-1] == 0 {
		b = b[:len(b)-1]
	}
	return b
}

// RefAddr returns the reference ID as an IPv4 address (stratum 2 and up).
func (n *NTP) RefAddr() netip.Addr { return netip.AddrFrom4(n.RefID) }

// RefTime, OrigTime, RecvTime and SentTime return the timestamps as times
// (the zero time for a zero or unset timestamp).
func (n *NTP) RefTime() time.Time  { return n.Ref.Time() }
func (n *NTP) OrigTime() time.Time { return n.Orig.Value.Time() }
func (n *NTP) RecvTime() time.Time { return n.Recv.Time() }
func (n *NTP) SentTime() time.Time { return n.Sent.Value.Time() }

// PrecisionExp returns the precision as the signed log2 seconds it is.
func (n *NTP) PrecisionExp() int8 { return int8(n.Precision) }

// KeyID returns the key identifier of the MAC.
func (n *NTP) KeyID() (uint32, bool) {
	if len(n.MAC) < 4 {
		return 0, false
	}
	return be32(n.MAC), true
}

// Digest returns the message digest of the MAC.
func (n *NTP) Digest() []byte {
	if len(n.MAC) < 4 {
		return nil
	}
	return n.MAC[4:]
}

// HeaderLen is the length of the message.
func (n *NTP) HeaderLen() int {
	switch n.Mode {
	case NTPModeControl:
		return NTPControlLen + len(n.Data) + len(n.Authenticator)
	case NTPModePrivate:
		return NTPPrivateLen + len(n.Data)
	}
	l := NTPLen + len(n.MAC)
	for i := range n.Extensions {
		l += n.Extensions[i].len()
	}
	return l
}

// ntpMACLens are the lengths of what follows the header when it is only a
// MAC: crypto-NAK, MD5, SHA-1, SHA-256, SHA-512 (key ID and digest).
func ntpMACLen(n int) bool { return n == 4 || n == 20 || n == 24 || n == 36 || n == 68 }

// DecodeFromBytes decodes the message by mode. Mode 0-5 messages are at
// least 48 bytes; what follows the header is read as extension fields
// (RFC 7822) while they are well formed, the rest is the MAC.
func (n *NTP) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < 1 {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	b0 := data[ntpFlags]
	n.Mode = b0 & 7
	n.Version = b0 >> 3 & 7
	n.Leap = b0 >> 6
	n.Extensions, n.MAC, n.Data, n.Authenticator = n.Extensions[:0], nil, nil, nil
	n.Response, n.Err, n.More = 0, 0, 0
	switch n.Mode {
	case NTPModeControl:
		if len(data) < NTPControlLen {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		b1 := data[ntpCtlOp]
		n.Response, n.Err, n.More, n.OpCode = b1>>7, b1>>6&1, b1>>5&1, b1&0x1f
		n.Sequence = be16(data[ntpCtlSeq:])
		n.Status = be16(data[ntpCtlStatus:])
		n.AssociationID = be16(data[ntpCtlAssoc:])
		n.Offset = be16(data[ntpCtlOffset:])
		c := be16(data[ntpCtlCount:])
		n.Count = fields.Some(c)
		if NTPControlLen+int(c) > len(data) {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		end := NTPControlLen + int(c)
		n.Data = data[NTPControlLen:end:end]
		if end < len(data) {
			n.Authenticator = data[end:]
		}
		return packet.DecodeResult{HeaderLen: len(data), PayloadLen: -1}, nil
	case NTPModePrivate:
		if len(data) < NTPPrivateLen {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		n.Response, n.More = b0>>7, b0>>6&1
		n.Auth, n.Seq = data[1]>>7, data[1]&0x7f
		n.Implementation, n.RequestCode = data[2], data[3]
		n.Err, n.NbItems = data[4]>>4, be16(data[4:])&0xfff
		n.MBZ, n.DataItemSize = data[6]>>4, be16(data[6:])&0xfff
		if len(data) > NTPPrivateLen {
			n.Data = data[NTPPrivateLen:]
		}
		return packet.DecodeResult{HeaderLen: len(data), PayloadLen: -1}, nil
	}
	if len(data) < NTPLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	n.Stratum = data[ntpStratum]
	n.Poll = data[ntpPoll]
	n.Precision = data[ntpPrecision]
	n.RootDelay = NTPShort(be32(data[ntpDelay:]))
	n.RootDispersion = NTPShort(be32(data[ntpDisp:]))
	n.RefID = [4]byte(data[ntpRefID : ntpRefID+4])
	n.Ref = ntpTS(data[ntpRef:])
	n.Orig = fields.Some(ntpTS(data[ntpOrig:]))
	n.Recv = ntpTS(data[ntpRecv:])
	n.Sent = fields.Some(ntpTS(data[ntpSent:]))
	rest := data[NTPLen:]
	for len(rest) > 0 && !ntpMACLen(len(rest)) && len(rest) >= 16 {
		l := int(be16(rest[2:]))
		if l < 16 || l%4 != 0 || l > len(rest) {
			break
		}
		n.Extensions = append(n.Extensions, NTPExtension{Type: be16(rest), Length: uint16(l), Value: rest[4:l:l]})
		rest = rest[l:]
	}
	if len(rest) > 0 {
		n.MAC = rest
	}
	return packet.DecodeResult{HeaderLen: len(data), PayloadLen: -1}, nil
}

func ntpTS(b []byte) NTPTimestamp { return NTPTimestamp(uint64(be32(b))<<32 | uint64(be32(b[4:]))) }

func putNTPTS(b []byte, ts NTPTimestamp) {
	put32(b, uint32(ts>>32))
	put32(b[4:], uint32(ts))
}

// SerializeTo writes the message; unset orig and sent are the current
// time, an unset count the length of the data.
func (n *NTP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	switch n.Mode {
	case NTPModeControl:
		b[ntpFlags] = n.Leap&3<<6 | n.Version&7<<3 | NTPModeControl
		b[ntpCtlOp] = n.Response&1<<7 | n.Err&1<<6 | n.More&1<<5 | n.OpCode&0x1f
		put16(b[ntpCtlSeq:], n.Sequence)
		put16(b[ntpCtlStatus:], n.Status)
		put16(b[ntpCtlAssoc:], n.AssociationID)
		put16(b[ntpCtlOffset:], n.Offset)
		if !n.Count.Valid && len(n.Data) > 0xffff {
			return fmt.Errorf("%w: ntp control data of %d bytes", fields.ErrBadValue, len(n.Data))
		}
		put16(b[ntpCtlCount:], n.Count.Or(uint16(len(n.Data))))
		m := NTPControlLen + copy(b[NTPControlLen:], n.Data)
		copy(b[m:], n.Authenticator)
		return nil
	case NTPModePrivate:
		b[ntpFlags] = n.Response&1<<7 | n.More&1<<6 | n.Version&7<<3 | NTPModePrivate
		b[1] = n.Auth&1<<7 | n.Seq&0x7f
		b[2], b[3] = n.Implementation, n.RequestCode
		put16(b[4:], uint16(n.Err&0xf)<<12|n.NbItems&0xfff)
		put16(b[6:], uint16(n.MBZ&0xf)<<12|n.DataItemSize&0xfff)
		copy(b[NTPPrivateLen:], n.Data)
		return nil
	}
	b[ntpFlags] = n.Leap&3<<6 | n.Version&7<<3 | n.Mode&7
	b[ntpStratum] = n.Stratum
	b[ntpPoll] = n.Poll
	b[ntpPrecision] = n.Precision
	put32(b[ntpDelay:], uint32(n.RootDelay))
	put32(b[ntpDisp:], uint32(n.RootDispersion))
	copy(b[ntpRefID:], n.RefID[:])
	var now NTPTimestamp
	if !n.Orig.Valid || !n.Sent.Valid {
		now = NTPTime(time.Now())
	}
	putNTPTS(b[ntpRef:], n.Ref)
	putNTPTS(b[ntpOrig:], n.Orig.Or(now))
	putNTPTS(b[ntpRecv:], n.Recv)
	putNTPTS(b[ntpSent:], n.Sent.Or(now))
	off := NTPLen
	for _, e := range n.Extensions {
		l := e.len()
		if l > 0xffff {
			return fmt.Errorf("%w: ntp extension field of %d bytes", fields.ErrBadValue, l)
		}
		put16(b[off:], e.Type)
		ln := e.Length
		if ln == 0 {
			ln = uint16(l)
		}
		put16(b[off+2:], ln)
		m := copy(b[off+4:], e.Value)
		clear(b[off+4+m : off+l])
		off += l
	}
	copy(b[off:], n.MAC)
	return nil
}

// Field table helpers: delay and dispersion in seconds, timestamps as
// NTPTimestamp, set from seconds, times or raw values as Scapy's
// FixedPointField and TimeStampField.

func ntpShortField(name string, ptr func(*NTP) *NTPShort) fields.Field {
	return fields.ListField(name, func(n *NTP) any { return *ptr(n) },
		func(n *NTP, v any) error {
			s, err := ntpShortFrom(v)
			if err != nil {
				return err
			}
			*ptr(n) = s
			return nil
		},
		func(n *NTP) string { return ptr(n).String() },
		func(n *NTP) any { return ptr(n).Float() })
}

func ntpShortFrom(v any) (NTPShort, error) {
	switch x := v.(type) {
	case NTPShort:
		return x, nil
	case time.Duration:
		return NTPShortFrom(x), nil
	case float64:
		if x < 0 || x >= 1<<16 {
			return 0, fmt.Errorf("%w: %v seconds", fields.ErrBadValue, x)
		}
		return NTPShort(x * (1 << 16)), nil
	case float32:
		return ntpShortFrom(float64(x))
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil {
			return 0, fmt.Errorf("%w: %q", fields.ErrBadValue, x)
		}
		return ntpShortFrom(f)
	}
	f := fields.Field{Name: "seconds", Kind: fields.KindUint, Bits: 16}
	u, err := f.ParseUint(v)
	if err != nil {
		return 0, err
	}
	return NTPShort(u << 16), nil
}

func ntpTimeFrom(v any) (NTPTimestamp, error) {
	switch x := v.(type) {
	case NTPTimestamp:
		return x, nil
	case time.Time:
		return NTPTime(x), nil
	case float64:
		if x < 0 || x >= 1<<32 {
			return 0, fmt.Errorf("%w: %v seconds", fields.ErrBadValue, x)
		}
		return NTPTimestamp(x * (1 << 32)), nil
	case string:
		if t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(x)); err == nil {
			return NTPTime(t), nil
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil {
			return 0, fmt.Errorf("%w: %q (want seconds since 1900 or an RFC 3339 time)", fields.ErrBadValue, x)
		}
		return ntpTimeFrom(f)
	}
	f := fields.Field{Name: "seconds", Kind: fields.KindUint, Bits: 32}
	u, err := f.ParseUint(v)
	if err != nil {
		return 0, err
	}
	return NTPTimestamp(u << 32), nil
}

func ntpTimeField(name string, ptr func(*NTP) *NTPTimestamp) fields.Field {
	return fields.ListField(name, func(n *NTP) any { return *ptr(n) },
		func(n *NTP, v any) error {
			ts, err := ntpTimeFrom(v)
			if err != nil {
				return err
			}
			*ptr(n) = ts
			return nil
		},
		func(n *NTP) string { return ptr(n).String() },
		func(n *NTP) any { return uint64(*ptr(n)) }).When(ntpHeaderMode)
}

func ntpOptTimeField(name string, ptr func(*NTP) *fields.Opt[NTPTimestamp]) fields.Field {
	return fields.ListField(name,
		func(n *NTP) any {
			if o := ptr(n); o.Valid {
				return o.Value
			}
			return nil
		},
		func(n *NTP, v any) error {
			ts, err := ntpTimeFrom(v)
			if err != nil {
				return err
			}
			ptr(n).Put(ts)
			return nil
		},
		func(n *NTP) string {
			if o := ptr(n); o.Valid {
				return o.Value.String()
			}
			return "--"
		},
		func(n *NTP) any {
			if o := ptr(n); o.Valid {
				return uint64(o.Value)
			}
			return nil
		}).When(ntpHeaderMode)
}

func setNTPRefAddr(n *NTP, v any) error {
	a, err := fields.AddrFrom(v, false)
	if err != nil {
		return err
	}
	n.RefID = a.As4()
	return nil
}

func setNTPRefText(n *NTP, v any) error {
	var b []byte
	switch x := v.(type) {
	case string:
		b = []byte(x)
	case []byte:
		b = x
	default:
		return fmt.Errorf("%w: ref_id from %T", fields.ErrBadValue, v)
	}
	if len(b) > 4 {
		return fmt.Errorf("%w: ref_id %q longer than 4 bytes", fields.ErrBadValue, b)
	}
	n.RefID = [4]byte{}
	copy(n.RefID[:], b)
	return nil
}

func formatNTPExtensions(n *NTP) string {
	parts := make([]string, len(n.Extensions))
	for i, e := range n.Extensions {
		parts[i] = fmt.Sprintf("extension(type=%#04x, len=%d, value=%s)", e.Type, e.Length, fields.ReprBytes(e.Value))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonNTPExtensions(n *NTP) any {
	out := make([]map[string]any, len(n.Extensions))
	for i, e := range n.Extensions {
		out[i] = map[string]any{"type": e.Type, "len": e.Length, "value": fmt.Sprintf("%x", e.Value)}
	}
	return out
}

func setNTPExtensions(n *NTP, v any) error {
	switch x := v.(type) {
	case []NTPExtension:
		n.Extensions = x
	case NTPExtension:
		n.Extensions = []NTPExtension{x}
	default:
		return fmt.Errorf("%w: ntp extensions from %T (want []layers.NTPExtension)", fields.ErrBadValue, v)
	}
	return nil
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: UDPType, Upper: NTPType, Field: "dport", Value: NTPPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: NTPType, Field: "sport", Value: NTPPort, DissectOnly: true},
	)
}
