package layers

import (
	"bytes"

	"github.com/goscapy/goscapy/packet"
)

// Content heuristics: TLS, HTTP and QUIC on ports that carry no binding
// are recognised by their first bytes, as Scapy and tshark do. TCP and UDP
// try them, in this order, when neither port is bound; a wrong guess stays
// Raw without an error.
func init() {
	packet.RegisterHeuristic(TCPType, packet.Heuristic{Name: "tls", Upper: TLSType, Looks: tlsHeuristic})
	packet.RegisterHeuristic(TCPType, packet.Heuristic{Name: "http", Upper: HTTPType, Looks: httpHeuristic})
	packet.RegisterHeuristic(UDPType, packet.Heuristic{Name: "quic", Upper: QUICType, Looks: QUICLooksLike})
}

// tlsMaxRecord is the longest record payload RFC 8446 section 5.2 allows
// (TLSCiphertext: 2^14 + 256; RFC 5246 allows 2^14 + 2048).
const tlsMaxRecord = 1<<14 + 2048

// tlsHeuristic is TLSLooksLike with a record length that TLS allows: a
// record header (content type 20 to 24, version 3.0 to 3.4) whose length
// is neither zero nor beyond 2^14 + 2048.
func tlsHeuristic(b []byte) bool {
	if !TLSLooksLike(b) {
		return false
	}
	l := int(b[tlsLength])<<8 | int(b[tlsLength+1])
	return l > 0 && l <= tlsMaxRecord
}

// httpHeuristicScan bounds the search for the end of the start line, so a
// long payload that is not HTTP costs little.
const httpHeuristicScan = 8192

// httpHeuristic is HTTPLooksLike on the first line only: a request line
// ("GET /path HTTP/1.1") or a status line ("HTTP/1.1 200 OK") ended by
// CRLF within the first 8 KiB.
func httpHeuristic(b []byte) bool {
	if len(b) < len("GET / HTTP/1.0\r\n")-1 || !httpTokenChar(b[0]) {
		return false
	}
	head := b[:min(len(b), httpHeuristicScan)]
	i := bytes.Index(head, []byte("\r\n"))
	if i < 0 {
		return false
	}
	return HTTPLooksLike(head[:i+2])
}
