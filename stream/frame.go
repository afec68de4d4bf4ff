package stream

import (
	"bytes"
	"encoding/binary"
	"errors"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// ErrNotProtocol is returned by a Framer for bytes that do not hold its
// protocol: the direction is then handed on unframed.
var ErrNotProtocol = errors.New("not the protocol's framing")

// Framer cuts the byte streams of one conversation into the messages of
// an application protocol. The Messages handler calls Frame with the bytes
// of one direction that follow the last message (always starting where a
// message starts):
//
//   - n > 0: the first n bytes are a whole message;
//   - n == 0: more bytes are needed;
//   - n < 0: at least -n bytes are needed in all (the message's length is
//     known); Frame is not called again before they are there;
//   - an error: the bytes are not the protocol (ErrNotProtocol): the
//     direction is handed on unframed from there.
//
// atEOF says that no more bytes will come in that direction (the
// connection closed), for messages delimited by the close (an HTTP/1.0
// response without a length). Reset forgets what Frame learned about a
// direction's current message, after a gap. A Framer may keep state
// between calls (HTTP remembers the requests to frame their responses).
type Framer interface {
	Frame(dir Direction, b []byte, atEOF bool) (n int, err error)
	Reset(dir Direction)
}

// NewFramer returns a Framer for an application layer type: layers.TLSType
// (records: a 5-byte header with the length), layers.BGPType (a 16-byte
// marker, then the length), layers.DNSType (DNS over TCP: a 2-byte length
// prefix) or layers.HTTPType (HTTP/1.x messages: the header section, then
// a Content-Length or chunked body, or a body until the connection
// closes). It returns nil for other types.
func NewFramer(t packet.LayerType) Framer {
	switch t {
	case layers.TLSType:
		return tlsFramer{}
	case layers.BGPType:
		return bgpFramer{}
	case layers.DNSType:
		return dnsFramer{}
	case layers.HTTPType:
		return NewHTTPFramer()
	}
	return nil
}

// DetectProtocol picks the application protocol of a conversation: the
// registry's TCP port bindings of the server port, then of the client
// port, then the content of the first bytes (a TLS record header, an HTTP
// start line, a BGP marker). It returns 0 when nothing matches; first may
// be nil to decide by the ports only.
func DetectProtocol(c *Conversation, first []byte) packet.LayerType {
	for _, port := range []uint16{c.Server.Port(), c.Client.Port()} {
		for _, f := range []string{"dport", "sport"} {
			if t := packet.NextLayer(layers.TCPType, f, uint64(port)); t != 0 && NewFramer(t) != nil {
				return t
			}
		}
	}
	switch {
	case first == nil:
		return 0
	case layers.TLSLooksLike(first):
		return layers.TLSType
	case layers.HTTPLooksLike(first):
		return layers.HTTPType
	case len(first) >= 19 && bytes.Equal(first[:16], bgpMarker):
		return layers.BGPType
	}
	return 0
}

// tlsFramer frames TLS records (RFC 8446 section 5.1).
type tlsFramer struct{}

// tlsMaxRecord is the largest record length allowed (2^14 plus the
// expansion TLS 1.2 permits).
const tlsMaxRecord = 1<<14 + 2048

func (tlsFramer) Frame(_ Direction, b []byte, _ bool) (int, error) {
	if len(b) < 5 {
		if len(b) >= 1 && (b[0] < layers.TLSChangeCipherSpec || b[0] > layers.TLSHeartbeat) || len(b) >= 2 && b[1] != 3 {
			return 0, ErrNotProtocol
		}
		return 0, nil
	}
	if !layers.TLSLooksLike(b) {
		return 0, ErrNotProtocol
	}
	l := int(binary.BigEndian.Uint16(b[3:]))
	if l > tlsMaxRecord {
		return 0, ErrNotProtocol
	}
	return need(5+l, len(b)), nil
}

func (tlsFramer) Reset(Direction) {}

// need is n when b holds n bytes, else -n.
func need(n, have int) int {
	if n <= have {
		return n
	}
	return -n
}

var bgpMarker = bytes.Repeat([]byte{0xff}, 16)

// bgpFramer frames BGP messages (RFC 4271 section 4.1; up to 65535 bytes
// with RFC 8654 extended messages).
type bgpFramer struct{}

func (bgpFramer) Frame(_ Direction, b []byte, _ bool) (int, error) {
	if !bytes.Equal(b[:min(len(b), 16)], bgpMarker[:min(len(b), 16)]) {
		return 0, ErrNotProtocol
	}
	if len(b) < 19 {
		return 0, nil
	}
	l := int(binary.BigEndian.Uint16(b[16:]))
	if l < 19 {
		return 0, ErrNotProtocol
	}
	return need(l, len(b)), nil
}

func (bgpFramer) Reset(Direction) {}

// dnsFramer frames DNS messages over TCP (RFC 1035 section 4.2.2): a
// 2-byte length, then the message, which has at least its 12-byte header.
type dnsFramer struct{}

func (dnsFramer) Frame(_ Direction, b []byte, _ bool) (int, error) {
	if len(b) < 2 {
		return 0, nil
	}
	l := int(binary.BigEndian.Uint16(b))
	if l < 12 {
		return 0, ErrNotProtocol
	}
	return need(2+l, len(b)), nil
}

func (dnsFramer) Reset(Direction) {}
