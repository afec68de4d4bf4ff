package layers

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// DNS message header (RFC 1035 section 4.1.1; AD and CD from RFC 4035):
//
//	 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
//	+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//	|                      ID                       |
//	+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//	|QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
//	+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//	|                    QDCOUNT                    |
//	+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//	|                    ANCOUNT                    |
//	+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//	|                    NSCOUNT                    |
//	+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//	|                    ARCOUNT                    |
//	+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//
// followed by the question, answer, authority and additional sections.
// Over TCP (RFC 1035 section 4.2.2) a 2-byte length precedes the message.
// A question is a name, a 2-byte type and a 2-byte class; a resource record
// is a name, type, class, a 4-byte TTL, a 2-byte RDLENGTH and the RDATA.
const (
	dnsID      = 0
	dnsFlags1  = 2
	dnsFlags2  = 3
	dnsQDCount = 4
	dnsANCount = 6
	dnsNSCount = 8
	dnsARCount = 10
	DNSHdrLen  = 12
)

// DNS record types, classes, opcodes and rcodes (untyped constants).
const (
	DNSTypeA     = 1
	DNSTypeNS    = 2
	DNSTypeCNAME = 5
	DNSTypeSOA   = 6
	DNSTypePTR   = 12
	DNSTypeMX    = 15
	DNSTypeTXT   = 16
	DNSTypeAAAA  = 28
	DNSTypeSRV   = 33
	DNSTypeOPT   = 41
	DNSTypeAXFR  = 252
	DNSTypeANY   = 255

	DNSClassIN  = 1
	DNSClassCH  = 3
	DNSClassANY = 255

	DNSOpcodeQuery  = 0
	DNSOpcodeIQuery = 1
	DNSOpcodeStatus = 2
	DNSOpcodeNotify = 4
	DNSOpcodeUpdate = 5

	DNSRcodeOK       = 0
	DNSRcodeFormErr  = 1
	DNSRcodeServFail = 2
	DNSRcodeNXDomain = 3
	DNSRcodeNotImp   = 4
	DNSRcodeRefused  = 5

	// DNSEDNS0DO is the DNSSEC OK flag of an OPT record (RFC 3225).
	DNSEDNS0DO = 0x8000

	// DNSPort and MDNSPort are the ports bound to DNS.
	DNSPort  = 53
	MDNSPort = 5353
)

// DNSTypeNames names record types as Scapy's dnsqtypes, with 255 "ANY".
var DNSTypeNames = map[uint64]string{
	1: "A", 2: "NS", 3: "MD", 4: "MF", 5: "CNAME", 6: "SOA", 7: "MB", 8: "MG",
	9: "MR", 10: "NULL", 11: "WKS", 12: "PTR", 13: "HINFO", 14: "MINFO",
	15: "MX", 16: "TXT", 17: "RP", 18: "AFSDB", 19: "X25", 20: "ISDN",
	21: "RT", 22: "NSAP", 23: "NSAP-PTR", 24: "SIG", 25: "KEY", 26: "PX",
	27: "GPOS", 28: "AAAA", 29: "LOC", 30: "NXT", 31: "EID", 32: "NIMLOC",
	33: "SRV", 34: "ATMA", 35: "NAPTR", 36: "KX", 37: "CERT", 38: "A6",
	39: "DNAME", 40: "SINK", 41: "OPT", 42: "APL", 43: "DS", 44: "SSHFP",
	45: "IPSECKEY", 46: "RRSIG", 47: "NSEC", 48: "DNSKEY", 49: "DHCID",
	50: "NSEC3", 51: "NSEC3PARAM", 52: "TLSA", 53: "SMIMEA", 55: "HIP",
	56: "NINFO", 57: "RKEY", 58: "TALINK", 59: "CDS", 60: "CDNSKEY",
	61: "OPENPGPKEY", 62: "CSYNC", 63: "ZONEMD", 64: "SVCB", 65: "HTTPS",
	99: "SPF", 100: "UINFO", 101: "UID", 102: "GID", 103: "UNSPEC", 104: "NID",
	105: "L32", 106: "L64", 107: "LP", 108: "EUI48", 109: "EUI64", 249: "TKEY",
	250: "TSIG", 251: "IXFR", 252: "AXFR", 253: "MAILB", 254: "MAILA", 255: "ANY",
	256: "URI", 257: "CAA", 258: "AVC", 259: "DOA", 260: "AMTRELAY",
	32768: "TA", 32769: "DLV", 65535: "RESERVED",
}

// DNSClassNames names classes as Scapy's dnsclasses.
var DNSClassNames = map[uint64]string{1: "IN", 2: "CS", 3: "CH", 4: "HS", 255: "ANY"}

// EDNS0OptionNames names EDNS0 option codes as Scapy's edns0types.
var EDNS0OptionNames = map[uint64]string{0: "Reserved", 1: "LLQ", 2: "UL", 3: "NSID", 4: "Reserved",
	5: "PING", 8: "edns-client-subnet"}

var (
	dnsOpcodeNames = map[uint64]string{0: "QUERY", 1: "IQUERY", 2: "STATUS"}
	dnsRcodeNames  = map[uint64]string{0: "ok", 1: "format-error", 2: "server-failure", 3: "name-error",
		4: "not-implemented", 5: "refused"}
)

// DNS is a DNS message (RFC 1035; Scapy's DNS): the header and the
// question, answer, authority and additional sections.
//
// Counts left unset are those of the sections; decoded counts are kept as
// they were, even when they disagree with the sections. Names are written
// uncompressed, as Scapy's DNS() builds them, unless Compress is set; a
// decoded message re-encodes byte for byte, its compression pointers
// included.
//
// Over TCP the message is preceded by its length ("length", Scapy's field
// when the layer below is TCP): decoding sets OverTCP when the layer below
// is TCP; a built message needs OverTCP set (the builder's OverTCP).
//
//	p, _ := goscapy.Dissect(frame)
//	if d, ok := packet.LayerOf[*layers.DNS](p); ok && d.QR == 1 {
//		for _, rr := range d.Answers {
//			if a, ok := rr.Addr(); ok {
//				fmt.Println(rr.Name, a) // example.com. 93.184.216.34
//			}
//		}
//	}
type DNS struct {
	OverTCP bool               // a 2-byte length precedes the message
	Length  fields.Opt[uint16] // that length (TCP only)

	ID     uint16
	QR     uint8 // 1 bit: response
	Opcode uint8 // 4 bits
	AA     uint8 // 1 bit: authoritative answer
	TC     uint8 // 1 bit: truncated
	RD     uint8 // 1 bit: recursion desired
	RA     uint8 // 1 bit: recursion available
	Z      uint8 // 1 bit
	AD     uint8 // 1 bit: authentic data
	CD     uint8 // 1 bit: checking disabled
	Rcode  uint8 // 4 bits

	QDCount, ANCount, NSCount, ARCount fields.Opt[uint16]

	Questions   []DNSQuestion // qd
	Answers     []DNSRR       // an
	Authorities []DNSRR       // ns
	Additionals []DNSRR       // ar

	// Compress makes Build compress names as Scapy's dns_compress does.
	Compress bool

	msg  []byte      // the message it was decoded from
	ctab []dnsSuffix // compression table, reused across builds

	// The message as the length pass of a build encoded it, which the
	// write pass of the same build copies instead of encoding it again.
	// encFor is the DNS it was made for: a copy of the struct does not
	// use (or reuse) another's buffer.
	enc    []byte
	encN   int
	encOK  bool
	encFor *DNS
	encP   *packet.Packet // the packet being built
}

var dnsProto = &packet.Proto{
	Name: "DNS", Doc: "DNS (RFC 1035) with EDNS0, SRV, name compression; UDP/TCP port 53 and mDNS",
	New: func() packet.Layer { return NewDNS() },
	Fields: []fields.Field{
		fields.AutoUintField("length", 16, func(d *DNS) *fields.Opt[uint16] { return &d.Length }).
			When(func(l any) bool { return l.(*DNS).OverTCP }),
		fields.ShortField("id", 0, func(d *DNS) *uint16 { return &d.ID }),
		fields.BitField("qr", 1, uint8(0), func(d *DNS) *uint8 { return &d.QR }),
		fields.BitField("opcode", 4, uint8(0), func(d *DNS) *uint8 { return &d.Opcode }).WithEnum(dnsOpcodeNames),
		fields.BitField("aa", 1, uint8(0), func(d *DNS) *uint8 { return &d.AA }),
		fields.BitField("tc", 1, uint8(0), func(d *DNS) *uint8 { return &d.TC }),
		fields.BitField("rd", 1, uint8(1), func(d *DNS) *uint8 { return &d.RD }),
		fields.BitField("ra", 1, uint8(0), func(d *DNS) *uint8 { return &d.RA }),
		fields.BitField("z", 1, uint8(0), func(d *DNS) *uint8 { return &d.Z }),
		fields.BitField("ad", 1, uint8(0), func(d *DNS) *uint8 { return &d.AD }),
		fields.BitField("cd", 1, uint8(0), func(d *DNS) *uint8 { return &d.CD }),
		fields.BitField("rcode", 4, uint8(0), func(d *DNS) *uint8 { return &d.Rcode }).WithEnum(dnsRcodeNames),
		fields.AutoUintField("qdcount", 16, func(d *DNS) *fields.Opt[uint16] { return &d.QDCount }),
		fields.AutoUintField("ancount", 16, func(d *DNS) *fields.Opt[uint16] { return &d.ANCount }),
		fields.AutoUintField("nscount", 16, func(d *DNS) *fields.Opt[uint16] { return &d.NSCount }),
		fields.AutoUintField("arcount", 16, func(d *DNS) *fields.Opt[uint16] { return &d.ARCount }),
		fields.ListField("qd", func(d *DNS) any { return d.Questions }, setDNSQuestions,
			func(d *DNS) string { return formatDNSList(d.Questions) }, jsonDNSQuestions).
			WithDefault([]DNSQuestion{NewDNSQuestion("www.example.com", DNSTypeA)}),
		dnsRRField("an", func(d *DNS) *[]DNSRR { return &d.Answers }),
		dnsRRField("ns", func(d *DNS) *[]DNSRR { return &d.Authorities }),
		dnsRRField("ar", func(d *DNS) *[]DNSRR { return &d.Additionals }),
	},
}

// DNSType is the registered type of DNS.
var DNSType = packet.Register(dnsProto)

// NewDNS returns a message with Scapy's defaults: rd=1 and one question,
// www.example.com type A class IN.
func NewDNS() *DNS {
	return &DNS{RD: 1, Questions: []DNSQuestion{NewDNSQuestion("www.example.com", DNSTypeA)}}
}

func (d *DNS) Proto() *packet.Proto         { return dnsProto }
func (d *DNS) Get(name string) (any, error) { return packet.GetField(d, name) }
func (d *DNS) Set(name string, v any) error { return packet.SetField(d, name, v) }
func (d *DNS) Show() string                 { return packet.ShowLayer(d) }
func (d *DNS) Summary() string              { return d.SummaryIn(nil, 0) }

// SummaryIn is Scapy's DNS summary: `DNS Qry "example.com."` with the
// first question, `DNS Ans "93.184.216.34"` with the rdata of the first
// answer (none for MX, SOA, SRV and OPT records, as Scapy).
func (d *DNS) SummaryIn(_ *packet.Packet, _ int) string {
	if d.QR == 0 {
		if d.QDCount.Or(uint16(len(d.Questions))) > 0 && len(d.Questions) > 0 {
			return "DNS Qry " + strconv.Quote(dnsNameText(d.Questions[0].Name))
		}
		return "DNS Qry"
	}
	if d.ANCount.Or(uint16(len(d.Answers))) > 0 && len(d.Answers) > 0 {
		if s, ok := d.Answers[0].summaryText(); ok {
			return "DNS Ans " + strconv.Quote(s)
		}
	}
	return "DNS Ans"
}

// summaryText is the rdata as Scapy's summary prints it, for the records
// Scapy decodes as plain DNSRR.
func (rr DNSRR) summaryText() (string, bool) {
	switch rr.Type {
	case DNSTypeMX, DNSTypeSOA, DNSTypeSRV, DNSTypeOPT, 43, 46, 47, 48, 50, 51, 250, 32769:
		return "", false
	}
	if a, ok := rr.Addr(); ok {
		return a.String(), true
	}
	if n, ok := rr.Target(); ok {
		return n.String(), true
	}
	if rr.Type == DNSTypeTXT {
		if txt, ok := rr.TXT(); ok {
			parts := make([]string, len(txt))
			for i, t := range txt {
				parts[i] = pyRepr(string(t))
			}
			return "[" + strings.Join(parts, ", ") + "]", true
		}
	}
	return string(rr.Data), true
}

// HeaderLen is the length of the message (and of its TCP length prefix).
func (d *DNS) HeaderLen() int { return d.headerLen(d.OverTCP, nil) }

// HeaderLenIn counts the 2-byte length prefix also when the layer below is
// TCP, as Scapy does.
func (d *DNS) HeaderLenIn(p *packet.Packet, i int) int {
	return d.headerLen(d.overTCP(p.Layer(i-1)), p)
}

func (d *DNS) overTCP(below packet.Layer) bool {
	if d.OverTCP {
		return true
	}
	_, ok := below.(*TCP)
	return ok
}

// headerLen measures the message; in a build of p (the length pass of
// BuildInto), it keeps the encoding for the write pass.
func (d *DNS) headerLen(tcp bool, p *packet.Packet) int {
	if d.encFor != d {
		d.enc, d.encFor = nil, d
	}
	n, err := d.write(d.enc[:cap(d.enc)])
	if d.enc == nil || err != nil && errors.Is(err, packet.ErrShortBuffer) {
		if n, err = d.write(nil); err == nil {
			d.enc = make([]byte, max(n, 512))
			n, err = d.write(d.enc)
		}
	}
	d.encN, d.encOK, d.encP = n, err == nil && p != nil, p
	if tcp {
		return 2 + n
	}
	return n
}

// write encodes the message into out (measures it when out is nil). A
// decoded message is first written keeping all its compression pointers;
// when that is not the message decoded, it is written again keeping only
// the pointers that reach unchanged bytes.
func (d *DNS) write(out []byte) (int, error) {
	e := dnsEncoder{out: out, src: d.msg, compress: d.Compress, optimistic: d.msg != nil, tab: d.ctab[:0]}
	d.encode(&e)
	if e.optimistic && e.div != e.pos {
		e = dnsEncoder{out: out, src: d.msg, compress: d.Compress, tab: e.tab[:0]}
		d.encode(&e)
	}
	d.ctab = e.tab[:0]
	return e.pos, e.err
}

// SerializeTo writes the message: unset counts are those of the sections,
// an unset TCP length the message's.
func (d *DNS) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	tcp := d.OverTCP || ctx != nil && d.overTCP(ctx.Prev())
	off := 0
	if tcp {
		off = 2
	}
	if len(b) < off {
		return packet.ErrShortBuffer
	}
	var n int
	if d.encOK && d.encFor == d && ctx != nil && ctx.Packet() == d.encP && d.encN == len(b)-off {
		n = copy(b[off:], d.enc[:d.encN]) // encoded by this build's length pass
	} else {
		var err error
		if n, err = d.write(b[off:]); err != nil {
			return err
		}
	}
	d.encOK, d.encP = false, nil
	if n != len(b)-off {
		return fmt.Errorf("%w: dns message of %d bytes for %d", packet.ErrShortBuffer, n, len(b)-off)
	}
	if tcp {
		if !d.Length.Valid && n > 0xffff {
			return fmt.Errorf("%w: dns message of %d bytes over tcp", fields.ErrBadValue, n)
		}
		put16(b, d.Length.Or(uint16(n)))
	}
	return nil
}

func (d *DNS) encode(e *dnsEncoder) {
	var h [DNSHdrLen]byte
	put16(h[dnsID:], d.ID)
	h[dnsFlags1] = d.QR&1<<7 | d.Opcode&0xf<<3 | d.AA&1<<2 | d.TC&1<<1 | d.RD&1
	h[dnsFlags2] = d.RA&1<<7 | d.Z&1<<6 | d.AD&1<<5 | d.CD&1<<4 | d.Rcode&0xf
	put16(h[dnsQDCount:], e.count(d.QDCount, len(d.Questions)))
	put16(h[dnsANCount:], e.count(d.ANCount, len(d.Answers)))
	put16(h[dnsNSCount:], e.count(d.NSCount, len(d.Authorities)))
	put16(h[dnsARCount:], e.count(d.ARCount, len(d.Additionals)))
	e.put(h[:])
	for i := range d.Questions {
		q := &d.Questions[i]
		e.name(q.Name)
		e.put16(q.Type)
		e.put16(q.Class)
	}
	for i := range d.Answers {
		e.rr(&d.Answers[i])
	}
	for i := range d.Authorities {
		e.rr(&d.Authorities[i])
	}
	for i := range d.Additionals {
		e.rr(&d.Additionals[i])
	}
}

// count is a section's count: the one set, else the number of entries.
func (e *dnsEncoder) count(set fields.Opt[uint16], n int) uint16 {
	if set.Valid {
		return set.Value
	}
	if n > 0xffff {
		e.fail(fmt.Errorf("%w: %d records in a dns section", fields.ErrBadValue, n))
	}
	return uint16(n)
}

// DecodeFromBytes decodes a message; after TCP, its length prefix first.
// A message that ends where a record should start holds fewer records
// than its counts say (the counts are kept); a record cut short is an
// error. Bytes after the last record are the payload (Raw). Names are checked
// (pointers must point backwards, at most 126 of them, at most 255 bytes,
// no byte read past the last record) but not copied; rdata is read only by
// the record accessors.
func (d *DNS) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	tcp := false
	if ctx != nil && ctx.Packet != nil {
		if n := ctx.Packet.NumLayers(); n > 0 {
			_, tcp = ctx.Packet.Layer(n - 1).(*TCP)
		}
	}
	msg, hl := data, 0
	if tcp {
		if len(data) < 2 {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		l := int(be16(data))
		if l < DNSHdrLen {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		if len(data)-2 < l {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		msg, hl = data[2:2+l], 2
	}
	n, err := d.decodeMessage(msg)
	if err != nil {
		return packet.DecodeResult{}, err
	}
	d.OverTCP = tcp
	d.Length = fields.Opt[uint16]{}
	if tcp {
		d.Length = fields.Some(be16(data))
	}
	return packet.DecodeResult{HeaderLen: hl + n, PayloadLen: -1}, nil
}

func (d *DNS) decodeMessage(msg []byte) (int, error) {
	if len(msg) < DNSHdrLen {
		return 0, packet.ErrTruncated
	}
	f1, f2 := msg[dnsFlags1], msg[dnsFlags2]
	d.ID = be16(msg[dnsID:])
	d.QR, d.Opcode, d.AA, d.TC, d.RD = f1>>7, f1>>3&0xf, f1>>2&1, f1>>1&1, f1&1
	d.RA, d.Z, d.AD, d.CD, d.Rcode = f2>>7, f2>>6&1, f2>>5&1, f2>>4&1, f2&0xf
	qd, an := be16(msg[dnsQDCount:]), be16(msg[dnsANCount:])
	ns, ar := be16(msg[dnsNSCount:]), be16(msg[dnsARCount:])
	d.QDCount, d.ANCount, d.NSCount, d.ARCount = fields.Some(qd), fields.Some(an), fields.Some(ns), fields.Some(ar)
	d.Compress = false
	d.msg = msg
	d.Questions = d.Questions[:0]
	d.Answers = d.Answers[:0]
	d.Authorities = d.Authorities[:0]
	d.Additionals = d.Additionals[:0]
	p, reach := DNSHdrLen, 0
	for range qd {
		if p == len(msg) {
			break // fewer records than counted: the count is kept
		}
		end, r, err := dnsSkipName(msg, p)
		if err != nil {
			return 0, err
		}
		reach = max(reach, r)
		if end+4 > len(msg) {
			return 0, packet.ErrTruncated
		}
		d.Questions = append(d.Questions, DNSQuestion{Name: DNSName{buf: msg, off: p},
			Type: be16(msg[end:]), Class: be16(msg[end+2:])})
		p = end + 4
	}
	var err error
	if d.Answers, p, err = decodeDNSRRs(d.Answers, msg, p, an, &reach); err != nil {
		return 0, err
	}
	if d.Authorities, p, err = decodeDNSRRs(d.Authorities, msg, p, ns, &reach); err != nil {
		return 0, err
	}
	if d.Additionals, p, err = decodeDNSRRs(d.Additionals, msg, p, ar, &reach); err != nil {
		return 0, err
	}
	if reach > p {
		return 0, packet.ErrMalformed // a name reads bytes past the last record
	}
	// The message ends with its last record: names and rdata reach no
	// further.
	if p == len(msg) {
		return p, nil // the records already hold msg
	}
	d.msg = msg[:p]
	for i := range d.Questions {
		d.Questions[i].Name.buf = d.msg
	}
	for _, sec := range [3][]DNSRR{d.Answers, d.Authorities, d.Additionals} {
		for i := range sec {
			sec[i].Name.buf, sec[i].msg = d.msg, d.msg
		}
	}
	return p, nil
}

func decodeDNSRRs(rrs []DNSRR, msg []byte, p int, n uint16, reach *int) ([]DNSRR, int, error) {
	for range n {
		if p == len(msg) {
			break
		}
		end, r, err := dnsSkipName(msg, p)
		if err != nil {
			return rrs, 0, err
		}
		*reach = max(*reach, r)
		if end+10 > len(msg) {
			return rrs, 0, packet.ErrTruncated
		}
		rdlen := be16(msg[end+8:])
		q := end + 10
		if q+int(rdlen) > len(msg) {
			return rrs, 0, packet.ErrTruncated
		}
		rrs = append(rrs, DNSRR{Name: DNSName{buf: msg, off: p}, Type: be16(msg[end:]), Class: be16(msg[end+2:]),
			TTL: be32(msg[end+4:]), RDLen: fields.Some(rdlen), Data: msg[q : q+int(rdlen)], msg: msg, off: q})
		p = q + int(rdlen)
	}
	return rrs, p, nil
}

// Field table helpers: qd, an, ns and ar as lists of records.

func dnsRRField(name string, ptr func(*DNS) *[]DNSRR) fields.Field {
	return fields.ListField(name, func(d *DNS) any { return *ptr(d) },
		func(d *DNS, v any) error {
			switch x := v.(type) {
			case []DNSRR:
				*ptr(d) = x
			case DNSRR:
				*ptr(d) = []DNSRR{x}
			default:
				return fmt.Errorf("%w: dns %s from %T (want []layers.DNSRR or layers.DNSRR)", fields.ErrBadValue, name, v)
			}
			return nil
		},
		func(d *DNS) string { return formatDNSList(*ptr(d)) },
		func(d *DNS) any {
			rrs := *ptr(d)
			out := make([]map[string]any, len(rrs))
			for i := range rrs {
				out[i] = rrs[i].json()
			}
			return out
		})
}

func setDNSQuestions(d *DNS, v any) error {
	switch x := v.(type) {
	case []DNSQuestion:
		d.Questions = x
	case DNSQuestion:
		d.Questions = []DNSQuestion{x}
	default:
		return fmt.Errorf("%w: dns qd from %T (want []layers.DNSQuestion or layers.DNSQuestion)", fields.ErrBadValue, v)
	}
	return nil
}

func jsonDNSQuestions(d *DNS) any {
	out := make([]map[string]any, len(d.Questions))
	for i := range d.Questions {
		out[i] = d.Questions[i].json()
	}
	return out
}

// formatDNSList shows a section as Scapy's repr of its records, None when
// empty.
func formatDNSList[T fmt.Stringer](l []T) string {
	if len(l) == 0 {
		return "None"
	}
	parts := make([]string, len(l))
	for i, x := range l {
		parts[i] = x.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: UDPType, Upper: DNSType, Field: "dport", Value: DNSPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: DNSType, Field: "sport", Value: DNSPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: DNSType, Field: "dport", Value: MDNSPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: DNSType, Field: "sport", Value: MDNSPort, DissectOnly: true},
		packet.BindingRule{Lower: TCPType, Upper: DNSType, Field: "dport", Value: DNSPort, DissectOnly: true},
		packet.BindingRule{Lower: TCPType, Upper: DNSType, Field: "sport", Value: DNSPort, DissectOnly: true},
	)
}
