package goscapy

import (
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// DNSBuilder builds a DNS message.
//
//	query, err := goscapy.NewIP().DstIP("192.0.2.53").
//		Over(goscapy.NewUDP().SrcPort(33333).DstPort(53)).
//		Over(goscapy.NewDNS().ID(0x1234).Question("example.com", layers.DNSTypeA)).
//		Build()
//
//	answer, err := goscapy.NewIP().SrcIP("192.0.2.53").
//		Over(goscapy.NewUDP().SrcPort(53).DstPort(33333)).
//		Over(goscapy.NewDNS().ID(0x1234).QR(true).RA(true).
//			Question("www.example.com", layers.DNSTypeA).
//			Answer(layers.DNSRRCNAME("www.example.com", 300, "example.com"),
//				layers.DNSRRA("example.com", 60, "192.0.2.80")).
//			Compress()).
//		Build()
type DNSBuilder struct {
	base[*layers.DNS]
	asked bool // a question was given: Scapy's default one is gone
}

// NewDNS starts a message with Scapy's defaults: id 0, rd 1 and the
// question www.example.com type A, which the first Question replaces.
func NewDNS() *DNSBuilder { return &DNSBuilder{base: base[*layers.DNS]{l: layers.NewDNS()}} }

func dnsBit(v bool) uint8 {
	if v {
		return 1
	}
	return 0
}

// ID sets the transaction ID.
func (b *DNSBuilder) ID(v uint16) *DNSBuilder { b.l.ID = v; return b }

// QR marks a response.
func (b *DNSBuilder) QR(v bool) *DNSBuilder { b.l.QR = dnsBit(v); return b }

// Opcode sets the opcode (layers.DNSOpcodeQuery, ...; 4 bits).
func (b *DNSBuilder) Opcode(v uint8) *DNSBuilder {
	if v > 15 {
		b.fail("opcode", v, fields.ErrBadValue)
	}
	b.l.Opcode = v
	return b
}

// AA sets the authoritative-answer bit.
func (b *DNSBuilder) AA(v bool) *DNSBuilder { b.l.AA = dnsBit(v); return b }

// TC sets the truncation bit.
func (b *DNSBuilder) TC(v bool) *DNSBuilder { b.l.TC = dnsBit(v); return b }

// RD sets the recursion-desired bit (set by default).
func (b *DNSBuilder) RD(v bool) *DNSBuilder { b.l.RD = dnsBit(v); return b }

// RA sets the recursion-available bit.
func (b *DNSBuilder) RA(v bool) *DNSBuilder { b.l.RA = dnsBit(v); return b }

// Z sets the reserved bit.
func (b *DNSBuilder) Z(v bool) *DNSBuilder { b.l.Z = dnsBit(v); return b }

// AD sets the authentic-data bit.
func (b *DNSBuilder) AD(v bool) *DNSBuilder { b.l.AD = dnsBit(v); return b }

// CD sets the checking-disabled bit.
func (b *DNSBuilder) CD(v bool) *DNSBuilder { b.l.CD = dnsBit(v); return b }

// Rcode sets the response code (layers.DNSRcodeNXDomain, ...; 4 bits).
func (b *DNSBuilder) Rcode(v uint8) *DNSBuilder {
	if v > 15 {
		b.fail("rcode", v, fields.ErrBadValue)
	}
	b.l.Rcode = v
	return b
}

// Question adds a question of class IN (layers.DNSTypeA, ...). The first
// one replaces the default question.
func (b *DNSBuilder) Question(name string, qtype uint16) *DNSBuilder {
	return b.Questions(append(b.questions(), layers.NewDNSQuestion(name, qtype))...)
}

func (b *DNSBuilder) questions() []layers.DNSQuestion {
	if !b.asked {
		return nil
	}
	return b.l.Questions
}

// Questions sets the question section; with no argument it is empty.
func (b *DNSBuilder) Questions(q ...layers.DNSQuestion) *DNSBuilder {
	b.asked = true
	for _, x := range q {
		if err := x.Name.Err(); err != nil {
			b.fail("qd", x.Name, err)
		}
	}
	b.l.Questions = q
	return b
}

func (b *DNSBuilder) records(field string, dst *[]layers.DNSRR, rrs []layers.DNSRR) {
	for i := range rrs {
		if err := rrs[i].Err(); err != nil {
			b.fail(field, rrs[i].Name, err)
		}
	}
	*dst = append(*dst, rrs...)
}

// Answer adds records to the answer section (layers.DNSRRA(...), ...).
func (b *DNSBuilder) Answer(rr ...layers.DNSRR) *DNSBuilder {
	b.records("an", &b.l.Answers, rr)
	return b
}

// Authority adds records to the authority section.
func (b *DNSBuilder) Authority(rr ...layers.DNSRR) *DNSBuilder {
	b.records("ns", &b.l.Authorities, rr)
	return b
}

// Additional adds records to the additional section (layers.DNSRROPT for
// EDNS0, ...).
func (b *DNSBuilder) Additional(rr ...layers.DNSRR) *DNSBuilder {
	b.records("ar", &b.l.Additionals, rr)
	return b
}

// Compress compresses the names as Scapy's dns_compress does; by default
// they are written whole, as Scapy's DNS() builds them.
func (b *DNSBuilder) Compress() *DNSBuilder { b.l.Compress = true; return b }

// OverTCP precedes the message with its 2-byte length (DNS over TCP,
// Scapy's "length" field when DNS is over TCP).
func (b *DNSBuilder) OverTCP() *DNSBuilder { b.l.OverTCP = true; return b }

// Set sets any field by its Scapy name ("qdcount", "length", "qd", ...).
func (b *DNSBuilder) Set(field string, v any) *DNSBuilder {
	if field == "qd" {
		b.asked = true
	}
	b.set(field, v)
	return b
}
