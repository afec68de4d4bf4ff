package layers

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/goscapy/goscapy/packet"
)

// Frames built by Debian's python3-scapy 2.5.0 (the payload's port has no
// binding, so Scapy itself leaves it Raw):
//
//	Ether(src="00:11:22:33:44:55", dst="66:77:88:99:aa:bb")/IP(src="10.0.0.1", dst="10.0.0.2")/
//	TCP(sport=40000, dport=12345, flags="PA", seq=1, ack=1)/
//	TLS(msg=[TLSClientHello(ciphers=[0x1301, 0x1302],
//	    ext=[TLS_Ext_ServerName(servernames=[ServerName(servername=b"example.com")])])])
const heurTLSHex = "66778899aabb00112233445508004500007200010000400666830a0000010a0000029c40303900000001000000015018200023040000" +
	"160303004501000041030300000000e29f8a11aaaa0c79936ca587aa9722eddb54f3ec5187395b52387c1c000004130113020100001400000010000e00000b6578616d706c652e636f6d"

// ... TCP(sport=40001, dport=5000, flags="PA", seq=1, ack=1)/
// Raw(b"GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n")
const heurHTTPHex = "66778899aabb001122334455080045000057000100004006669e0a0000010a0000029c411388000000010000000150182000a00e0000" +
	"474554202f696e6465782e68746d6c20485454502f312e310d0a486f73743a206578616d706c652e636f6d0d0a0d0a"

// ... UDP(sport=50000, dport=4433)/Raw(quicInitial()): the headers only.
const heurQUICHeadHex = "66778899aabb0011223344550800450004cc000100004011621e0a0000010a000002c350115104b89699"

// ... TCP(sport=40000, dport=12345, flags="S", seq=1000): a SYN, no payload.
const heurSYNHex = "66778899aabb00112233445508004500002800010000400666cd0a0000010a0000029c403039000003e80000000050022000ab7e0000"

// quicInitial is a 1200-byte client Initial: the protected header of RFC
// 9001 appendix A.2 (first byte 0xc0, version 1, DCID 8394c8f03e515708, no
// SCID, no token, Length 1182 as the 2-byte varint 0x449e) and 1182 bytes
// of filler, (i*7+3) mod 256, in place of the protected packet number and
// payload.
func quicInitial(t testing.TB) []byte {
	b := unhexT(t, "c000000001088394c8f03e5157080000449e")
	for i := range 1182 {
		b = append(b, byte(i*7+3))
	}
	return b
}

func heurQUICFrame(t testing.TB) []byte {
	return append(unhexT(t, heurQUICHeadHex), quicInitial(t)...)
}

// heurDecode dissects an Ethernet frame both ways (one-shot and with a
// decoder) and checks that it re-encodes byte for byte.
func heurDecode(t *testing.T, data []byte) *packet.Packet {
	t.Helper()
	p, err := packet.Dissect(data, EthernetType)
	if err != nil {
		t.Fatalf("dissect: %v", err)
	}
	q, err := packet.NewDecoder(EthernetType).Decode(data)
	if err != nil || q.String() != p.String() {
		t.Errorf("decoder: %q, %v; Dissect: %q", q, err, p)
	}
	b, err := p.Build()
	if err != nil || !bytes.Equal(b, data) {
		t.Errorf("round trip: %v\n got %x\nwant %x", err, b, data)
	}
	return p
}

func TestHeuristicTLSOnUnboundPort(t *testing.T) {
	p := heurDecode(t, unhexT(t, heurTLSHex))
	tl, ok := packet.LayerOf[*TLS](p)
	if !ok {
		t.Fatalf("no TLS layer: %v", p)
	}
	if tl.Type != 22 || tl.Version != 0x0303 || tl.Length.Value != 0x45 || tl.Partial {
		t.Errorf("record: type %d version %#x length %d partial %v", tl.Type, tl.Version, tl.Length.Value, tl.Partial)
	}
	h, ok := tl.ClientHello()
	if !ok {
		t.Fatalf("no ClientHello: %s", tl.Show())
	}
	if h.ServerName() != "example.com" || !slices.Equal(h.CipherSuites, []uint16{0x1301, 0x1302}) {
		t.Errorf("ClientHello: SNI %q, ciphers %#x", h.ServerName(), h.CipherSuites)
	}
	if got := p.NumLayers(); got != 4 {
		t.Errorf("%d layers: %v", got, p)
	}
}

func TestHeuristicHTTPOnUnboundPort(t *testing.T) {
	p := heurDecode(t, unhexT(t, heurHTTPHex))
	h, ok := packet.LayerOf[*HTTP](p)
	if !ok {
		t.Fatalf("no HTTP layer: %v", p)
	}
	host, _ := h.Header("Host")
	if h.Response || string(h.Method) != "GET" || string(h.Path) != "/index.html" ||
		string(h.HTTPVersion) != "HTTP/1.1" || string(host) != "example.com" {
		t.Errorf("HTTP: %s", h.Show())
	}
	if got := p.NumLayers(); got != 4 {
		t.Errorf("%d layers: %v", got, p)
	}
}

func TestHeuristicQUICOnUnboundPort(t *testing.T) {
	p := heurDecode(t, heurQUICFrame(t))
	q, ok := packet.LayerOf[*QUIC](p)
	if !ok {
		t.Fatalf("no QUIC layer: %v", p)
	}
	if q.First != 0xc0 || q.Version != 1 || q.Kind() != QUICInitial || q.Opaque ||
		!bytes.Equal(q.DCID, unhexT(t, "8394c8f03e515708")) || len(q.SCID) != 0 || len(q.Token) != 0 ||
		q.Length.Value != 1182 || len(q.Payload) != 1182 {
		t.Errorf("QUIC: first %#x version %#x kind %d opaque %v dcid %x scid %x token %x length %d payload %d",
			q.First, q.Version, q.Kind(), q.Opaque, q.DCID, q.SCID, q.Token, q.Length.Value, len(q.Payload))
	}
	if got := p.NumLayers(); got != 4 {
		t.Errorf("%d layers: %v", got, p)
	}
}

// tcpHeader is a 20-byte TCP header (data offset 5, flags PA) between two
// unbound ports.
func tcpHeader(sport, dport uint16) []byte {
	b := make([]byte, TCPMinLen)
	binary.BigEndian.PutUint16(b, sport)
	binary.BigEndian.PutUint16(b[2:], dport)
	b[12], b[13] = 0x50, 0x18
	return b
}

// udpHeader is a UDP header whose length covers n bytes of payload.
func udpHeader(sport, dport uint16, n int) []byte {
	b := make([]byte, UDPLen)
	binary.BigEndian.PutUint16(b, sport)
	binary.BigEndian.PutUint16(b[2:], dport)
	binary.BigEndian.PutUint16(b[4:], uint16(UDPLen+n))
	return b
}

// TestHeuristicNoMatchStaysRaw: random payloads and near misses on
// unbound ports stay Raw, without an error.
func TestHeuristicNoMatchStaysRaw(t *testing.T) {
	var payloads [][]byte
	r := rand.New(rand.NewPCG(6, 6))
	for range 2000 {
		b := make([]byte, 1+r.IntN(1400))
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		payloads = append(payloads, b)
	}
	payloads = append(payloads,
		[]byte("\x16\x03\x01\x00\x00"),                                  // TLS record of length 0
		[]byte("\x16\x03\x01\x48\x01rest"),                              // longer than TLS allows
		[]byte("\x16\x02\x01\x00\x10rest"),                              // version 2.1
		[]byte("\x19\x03\x03\x00\x10rest"),                              // content type 25
		[]byte("GET / HTTP/1.1"),                                        // no CRLF
		[]byte("GET / HTTP/2.0\r\n\r\n"),                                // not HTTP/1.x
		[]byte("GET /\r\n\r\n"),                                         // HTTP/0.9
		[]byte("HELO mail.example.com\r\n"),                             // SMTP
		[]byte("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"),            // SSH banner
		[]byte("HTTP/1.1 2000 OK\r\n\r\n"),                              // bad status
		[]byte("\xc0\x1a\x2a\x3a\x4a\x08\x83\x94\xc8\xf0\x3e"),          // QUIC, unknown version
		[]byte("\x40\x00\x00\x00\x01\x08\x83\x94"),                      // short header
		append([]byte("\xc0\x00\x00\x00\x01\x15"), make([]byte, 40)...), // DCID of 21 bytes
	)
	for _, pl := range payloads {
		tcp := append(tcpHeader(40000, 12345), pl...)
		udp := append(udpHeader(50000, 4433, len(pl)), pl...)
		for _, c := range []struct {
			data  []byte
			first packet.LayerType
			want  string
		}{{tcp, TCPType, "TCP / Raw"}, {udp, UDPType, "UDP / Raw"}} {
			p, err := packet.Dissect(c.data, c.first)
			names := make([]string, 0, 2)
			for _, l := range p.Layers() {
				names = append(names, l.Proto().Name)
			}
			if got := names[0] + " / " + names[len(names)-1]; err != nil || len(names) != 2 || got != c.want {
				t.Errorf("payload %.32x: %v (%v), want %s", pl, names, err, c.want)
			}
		}
	}
}

// TestHeuristicWrongGuessStaysRaw: a payload that passes a heuristic but
// does not decode as the protocol stays Raw, with no error.
func TestHeuristicWrongGuessStaysRaw(t *testing.T) {
	// The QUIC heuristic accepts it; the Initial's Length varint is cut.
	pl := unhexT(t, "c0000000010000")
	pl = append(pl, 0x44)
	if !QUICLooksLike(pl) {
		t.Fatal("QUICLooksLike rejects the test payload")
	}
	p, err := packet.Dissect(append(udpHeader(50000, 4433, len(pl)), pl...), UDPType)
	if err != nil || p.Err() != nil || p.NumLayers() != 2 || p.Layer(1).Proto().Type() != packet.RawType {
		t.Errorf("%v, error %v", p, err)
	}
	if b, err := p.Build(); err != nil || !bytes.Equal(b[UDPLen:], pl) {
		t.Errorf("round trip %x, %v", b, err)
	}
}

// TestHeuristicBindingFirst: a port binding wins over the content: TLS on
// TCP port 80 is handed to HTTP (which fails, so it stays Raw) and a
// registered port is not re-guessed.
func TestHeuristicBindingFirst(t *testing.T) {
	tlsPayload := unhexT(t, heurTLSHex)[54:]
	p, err := packet.Dissect(append(tcpHeader(40000, HTTPPort), tlsPayload...), TCPType)
	if err != nil || p.NumLayers() != 2 || p.Layer(1).Proto().Type() != packet.RawType {
		t.Errorf("TLS on port 80: %v, %v", p, err)
	}
	p, err = packet.Dissect(append(tcpHeader(40000, 12345), tlsPayload...), TCPType)
	if err != nil || p.NumLayers() != 2 || p.Layer(1).Proto().Type() != TLSType {
		t.Errorf("TLS on port 12345: %v, %v", p, err)
	}
}

func TestHeuristicsRegistered(t *testing.T) {
	var got []string
	for _, lower := range []packet.LayerType{TCPType, UDPType} {
		for _, h := range packet.Heuristics(lower) {
			got = append(got, lower.String()+":"+h.Name+">"+h.Upper.String())
		}
	}
	// Other files may register more; these come in this order.
	want := []string{"TCP:tls>TLS", "TCP:http>HTTP", "UDP:quic>QUIC"}
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	if i != len(want) {
		t.Errorf("heuristics %v, want %v among them in this order", got, want)
	}
}

// TestHeuristicDecodeNoAlloc: a warm decoder allocates nothing for a SYN
// nor for packets whose payload a heuristic picked.
func TestHeuristicDecodeNoAlloc(t *testing.T) {
	frames := [][]byte{unhexT(t, heurSYNHex), unhexT(t, heurTLSHex), unhexT(t, heurHTTPHex), heurQUICFrame(t)}
	want := []packet.LayerType{TCPType, TLSType, HTTPType, QUICType}
	d := packet.NewDecoder(EthernetType)
	for i, f := range frames {
		p, err := d.Decode(f)
		if err != nil || p.Layer(p.NumLayers()-1).Proto().Type() != want[i] {
			t.Fatalf("frame %d: %v, %v", i, p, err)
		}
	}
	for i, f := range frames {
		n := testing.AllocsPerRun(100, func() {
			if _, err := d.Decode(f); err != nil {
				t.Fatal(err)
			}
		})
		if n != 0 {
			t.Errorf("frame %d (%v): %v allocations per warm decode", i, want[i], n)
		}
	}
	pl := unhexT(t, heurTLSHex)[54:]
	if n := testing.AllocsPerRun(100, func() {
		tlsHeuristic(pl)
		httpHeuristic(pl)
		QUICLooksLike(pl)
	}); n != 0 {
		t.Errorf("heuristics allocate %v times", n)
	}
}

func BenchmarkHeuristicMiss(b *testing.B) {
	// A 1400-byte TCP payload on an unbound port that no heuristic takes:
	// the cost every such segment pays.
	pl := bytes.Repeat([]byte("GET"), 1400/3)
	data := append(tcpHeader(40000, 12345), pl...)
	d := packet.NewDecoder(TCPType)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		d.Decode(data)
	}
}
