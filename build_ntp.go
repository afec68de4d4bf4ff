package goscapy

import (
	"time"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
)

// NTPBuilder builds an NTP message.
//
//	req, err := goscapy.NewIP().DstIP("192.0.2.123").
//		Over(goscapy.NewUDP().SrcPort(123).DstPort(123)).
//		Over(goscapy.NewNTP().Sent(time.Now())).
//		Build()
type NTPBuilder struct{ base[*layers.NTP] }

// NewNTP starts an NTP header with Scapy's defaults: version 4, mode
// client, stratum 2, poll 10, id 127.0.0.1; orig and sent are the time of
// the build unless set.
func NewNTP() *NTPBuilder { return &NTPBuilder{base[*layers.NTP]{l: layers.NewNTP()}} }

// NewNTPControl starts a mode 6 control message (Scapy's NTPControl:
// version 2).
func NewNTPControl() *NTPBuilder { return &NTPBuilder{base[*layers.NTP]{l: layers.NewNTPControl()}} }

// NewNTPPrivate starts a mode 7 private message (version 2).
func NewNTPPrivate() *NTPBuilder { return &NTPBuilder{base[*layers.NTP]{l: layers.NewNTPPrivate()}} }

func (b *NTPBuilder) bits(field string, v uint8, n uint) uint8 {
	if v>>n != 0 {
		b.fail(field, v, fields.ErrBadValue)
	}
	return v
}

// Leap sets the leap indicator (2 bits).
func (b *NTPBuilder) Leap(v uint8) *NTPBuilder { b.l.Leap = b.bits("leap", v, 2); return b }

// Version sets the version (3 bits).
func (b *NTPBuilder) Version(v uint8) *NTPBuilder { b.l.Version = b.bits("version", v, 3); return b }

// Mode sets the mode (layers.NTPModeClient, ...; 3 bits).
func (b *NTPBuilder) Mode(v uint8) *NTPBuilder { b.l.Mode = b.bits("mode", v, 3); return b }

// Stratum sets the stratum.
func (b *NTPBuilder) Stratum(v uint8) *NTPBuilder { b.l.Stratum = v; return b }

// Poll sets the poll interval, log2 seconds.
func (b *NTPBuilder) Poll(v uint8) *NTPBuilder { b.l.Poll = v; return b }

// Precision sets the precision, log2 seconds (-20 is about a microsecond).
func (b *NTPBuilder) Precision(v int8) *NTPBuilder { b.l.Precision = uint8(v); return b }

// RootDelay sets the root delay.
func (b *NTPBuilder) RootDelay(d time.Duration) *NTPBuilder {
	b.l.RootDelay = layers.NTPShortFrom(d)
	return b
}

// RootDispersion sets the root dispersion.
func (b *NTPBuilder) RootDispersion(d time.Duration) *NTPBuilder {
	b.l.RootDispersion = layers.NTPShortFrom(d)
	return b
}

// RefID sets the reference ID from an IPv4 address (stratum 2 and up:
// "192.0.2.1", netip.Addr) or up to four characters (stratum 1: "GPS",
// kiss codes: "RATE").
func (b *NTPBuilder) RefID(v any) *NTPBuilder {
	if s, ok := v.(string); ok && len(s) <= 4 {
		if err := b.l.Set("ref_id", s); err != nil {
			b.fail("ref_id", v, err)
		}
		return b
	}
	b.set("id", v)
	return b
}

// Ref, Orig, Recv and Sent set the timestamps from a time.Time, a
// layers.NTPTimestamp or seconds since 1900 (as Scapy).
func (b *NTPBuilder) Ref(v any) *NTPBuilder  { b.set("ref", v); return b }
func (b *NTPBuilder) Orig(v any) *NTPBuilder { b.set("orig", v); return b }
func (b *NTPBuilder) Recv(v any) *NTPBuilder { b.set("recv", v); return b }
func (b *NTPBuilder) Sent(v any) *NTPBuilder { b.set("sent", v); return b }

// Extensions appends extension fields (RFC 7822).
func (b *NTPBuilder) Extensions(e ...layers.NTPExtension) *NTPBuilder {
	b.l.Extensions = append(b.l.Extensions, e...)
	return b
}

// MAC sets the message authentication code: key identifier and digest.
func (b *NTPBuilder) MAC(keyID uint32, digest []byte) *NTPBuilder {
	m := make([]byte, 4+len(digest))
	m[0], m[1], m[2], m[3] = byte(keyID>>24), byte(keyID>>16), byte(keyID>>8), byte(keyID)
	copy(m[4:], digest)
	b.l.MAC = m
	return b
}

// Response, Err and More set the flags of control and private messages.
func (b *NTPBuilder) Response(v bool) *NTPBuilder { b.l.Response = dnsBit(v); return b }
func (b *NTPBuilder) Err(v uint8) *NTPBuilder     { b.l.Err = b.bits("err", v, 4); return b }
func (b *NTPBuilder) More(v bool) *NTPBuilder     { b.l.More = dnsBit(v); return b }

// OpCode sets the opcode of a control message (5 bits).
func (b *NTPBuilder) OpCode(v uint8) *NTPBuilder { b.l.OpCode = b.bits("op_code", v, 5); return b }

// Sequence, Status, AssociationID and Offset set the fields of a control
// message.
func (b *NTPBuilder) Sequence(v uint16) *NTPBuilder      { b.l.Sequence = v; return b }
func (b *NTPBuilder) Status(v uint16) *NTPBuilder        { b.l.Status = v; return b }
func (b *NTPBuilder) AssociationID(v uint16) *NTPBuilder { b.l.AssociationID = v; return b }
func (b *NTPBuilder) Offset(v uint16) *NTPBuilder        { b.l.Offset = v; return b }

// Count sets the data count of a control message; by default it is the
// length of the data.
func (b *NTPBuilder) Count(v uint16) *NTPBuilder { b.l.Count = fields.Some(v); return b }

// Data sets the data of a control or private message.
func (b *NTPBuilder) Data(d []byte) *NTPBuilder { b.l.Data = d; return b }

// Set sets any field by its Scapy name.
func (b *NTPBuilder) Set(field string, v any) *NTPBuilder { b.set(field, v); return b }

// NTPRequest builds IP/UDP/NTP: a client request as RFC 4330 describes it
// (SNTP), from port 123 to port 123: version 4, mode client, every field
// zero but the transmit timestamp, sent. The server copies sent into the
// origin timestamp of its reply.
func NTPRequest(srcIP, dstIP any, sent time.Time) ([]byte, error) {
	return NewIP().SrcIP(srcIP).DstIP(dstIP).
		Over(NewUDP().SrcPort(layers.NTPPort).DstPort(layers.NTPPort)).
		Over(NewNTPClientRequest(sent)).Build()
}

// NewNTPClientRequest starts the SNTP client request NTPRequest sends.
func NewNTPClientRequest(sent time.Time) *NTPBuilder {
	return NewNTP().Stratum(0).Poll(0).RefID("").Orig(layers.NTPTimestamp(0)).Sent(layers.NTPTime(sent))
}
