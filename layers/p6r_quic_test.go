package layers

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/goscapy/goscapy/packet"
)

func unhexT(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestQUICInitialKeys: the keys of RFC 9001 appendix A.1 (version 1) and
// RFC 9369 appendix A.1 (version 2) for DCID 0x8394c8f03e515708.
func TestQUICInitialKeys(t *testing.T) {
	dcid := unhexT(t, "8394c8f03e515708")
	for _, tc := range []struct {
		version     uint32
		server      bool
		key, iv, hp string
	}{
		{QUICVersion1, false, "1f369613dd76d5467730efcbe3b1a22d", "fa044b2f42a3fd3b46fb255c", "9f50449e04a0e810283a1e9933adedd2"},
		{QUICVersion1, true, "cf3a5331653c364c88f0f379b6067e37", "0ac1493ca1905853b0bba03e", "c206b8d9b9f0f37644430b490eeaa314"},
		{QUICVersion2, false, "8b1a0bc121284290a29e0971b5cd045d", "91f73e2351d8fa91660e909f", "45b95e15235d6f45a6b19cbcb0294ba9"},
		{QUICVersion2, true, "82db637861d55e1d011f19ea71d5d2a7", "dd13c276499c0249d3310652", "edf6d05c83121201b436e16877593c3a"},
	} {
		k, err := NewQUICInitialKeys(tc.version, dcid, tc.server)
		if err != nil {
			t.Fatal(err)
		}
		if hex.EncodeToString(k.Key[:]) != tc.key || hex.EncodeToString(k.IV[:]) != tc.iv || hex.EncodeToString(k.HP[:]) != tc.hp {
			t.Errorf("%#x server=%v: key %x iv %x hp %x", tc.version, tc.server, k.Key, k.IV, k.HP)
		}
	}
	if _, err := NewQUICInitialKeys(0x1a2a3a4a, dcid, false); !errors.Is(err, ErrQUICVersion) {
		t.Errorf("grease version: %v", err)
	}
}

func quicOf(t *testing.T, n string) (*packet.Packet, *QUIC) {
	t.Helper()
	first := packet.LayerType(0)
	frame := p6rFrameOf(t, "quic", "tcpdump/quic_vn.pcap", n)
	first, _ = packet.FirstLayer(0, frame)
	p, err := packet.Dissect(frame, first)
	if err != nil {
		t.Fatal(err)
	}
	q, ok := packet.LayerOf[*QUIC](p)
	if !ok {
		t.Fatalf("no quic in %v", p)
	}
	return p, q
}

// TestQUICDecryptCorpus decrypts the client's Initial of the corpus (tshark
// reads a ClientHello for "localhost" in it) and, with the client's
// original DCID, the server's Initial (tshark, reading the whole capture:
// a ServerHello choosing TLS_AES_128_GCM_SHA256 with an x25519 key share
// and TLS 1.3, in a CRYPTO frame of 90 bytes, then an ACK).
func TestQUICDecryptCorpus(t *testing.T) {
	_, q := quicOf(t, "3")
	p, err := q.DecryptInitial(nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if p.ServerName() != "localhost" || p.PacketNumber != 0 || len(p.Crypto) != 261 {
		t.Errorf("sni %q pn %d crypto %d", p.ServerName(), p.PacketNumber, len(p.Crypto))
	}
	if cs := p.ClientHello.CipherSuites; len(cs) != 4 || cs[1] != 0x1301 {
		t.Errorf("ciphers %x", cs)
	}
	if _, err := q.DecryptInitial(nil, true); !errors.Is(err, ErrQUICDecrypt) {
		t.Errorf("server keys on a client packet: %v", err)
	}
	_, s := quicOf(t, "4")
	sp, err := s.DecryptInitial(q.DCID, true)
	if err != nil {
		t.Fatal(err)
	}
	if sp.ServerHello == nil || sp.ServerHello.CipherSuites[0] != 0x1301 {
		t.Fatalf("server hello %+v", sp.ServerHello)
	}
	if ks := sp.ServerHello.KeyShares(); len(ks) != 1 || ks[0].Group != 29 {
		t.Errorf("key share %+v", ks)
	}
	if v := sp.ServerHello.SupportedVersions(); len(v) != 1 || v[0] != 0x0304 {
		t.Errorf("versions %x", v)
	}
	if len(sp.Frames) != 2 || sp.Frames[0].Type != QUICFrameCrypto || len(sp.Frames[0].Data) != 90 || sp.Frames[1].Type != QUICFrameACK {
		t.Errorf("frames %+v", sp.Frames)
	}
}

// TestQUICVersionNegotiation reads frame 2 of the corpus capture (tshark,
// reading the whole capture: no DCID, SCID 9d5728481287a3b4, versions 1
// and 0x1a2a3a4a).
func TestQUICVersionNegotiation(t *testing.T) {
	frame := unhexT(t, "1e00000060000e00001f1140000000000000000000000000000000010000000000000000000000000000000101bbe03e001f0032f50000000000089d5728481287a3b4000000011a2a3a4a")
	p := p6rRoundTrip(t, "vn", frame, LoopbackType)
	q, ok := packet.LayerOf[*QUIC](p)
	if !ok || p.Err() != nil {
		t.Fatalf("%v %v", p, p.Err())
	}
	if q.Kind() != QUICVersionNegotiation || len(q.DCID) != 0 || hex.EncodeToString(q.SCID) != "9d5728481287a3b4" ||
		len(q.SupportedVersions) != 2 || q.SupportedVersions[1] != 0x1a2a3a4a {
		t.Errorf("%+v", q)
	}
	if s := q.Summary(); s != "QUIC Version Negotiation SCID=9d5728481287a3b4" {
		t.Errorf("summary %q", s)
	}
}

// TestQUICProtectRoundTrip protects an Initial and reads it back; the
// packet also dissects and rebuilds byte for byte.
func TestQUICProtectRoundTrip(t *testing.T) {
	hello := []byte{1, 0, 0, 4, 3, 3, 0, 0} // not a whole ClientHello: kept as CRYPTO data
	for _, version := range []uint32{QUICVersion1, QUICVersion2, QUICVersionDraft29} {
		q := NewQUIC()
		q.Version = version
		if version == QUICVersion2 {
			q.First = 0xd0 // Initial in version 2
		}
		q.First |= 3 // 4-byte packet numbers
		q.DCID, q.SCID, q.Token = []byte{1, 2, 3, 4, 5, 6, 7, 8}, []byte{9}, []byte("tok")
		if err := q.ProtectInitial(nil, false, 0x01020304, AppendQUICCryptoFrame(nil, 0, hello), 1200); err != nil {
			t.Fatal(err)
		}
		b, err := packet.New(q).Build()
		if err != nil || len(b) != 1200 {
			t.Fatalf("%#x: %d bytes %v", version, len(b), err)
		}
		r := NewQUIC()
		if _, err := r.DecodeFromBytes(b, nil); err != nil {
			t.Fatal(err)
		}
		if r.Kind() != QUICInitial || string(r.Token) != "tok" {
			t.Errorf("%#x: kind %d token %q", version, r.Kind(), r.Token)
		}
		p, err := r.DecryptInitial(nil, false)
		if err != nil {
			t.Fatalf("%#x: %v", version, err)
		}
		if p.PacketNumber != 0x01020304 || !bytes.Equal(p.Crypto, hello) || p.ClientHello != nil {
			t.Errorf("%#x: pn %#x crypto %x", version, p.PacketNumber, p.Crypto)
		}
		if last := p.Frames[len(p.Frames)-1]; last.Type != QUICFramePadding || last.Count < 1000 {
			t.Errorf("%#x: padding %+v", version, last)
		}
	}
}

// TestQUICHeaders: coalesced packets, Retry, short headers, non-minimal
// variable-length integers, errors.
func TestQUICHeaders(t *testing.T) {
	// Handshake (length 4, in a 2-byte varint) then an Initial with
	// a 4-byte token length, then zero padding.
	hs := []byte{0xe0, 0, 0, 0, 1, 1, 0xaa, 0, 0x40, 4, 1, 2, 3, 4}
	in := []byte{0xc0, 0, 0, 0, 1, 0, 0, 0x80, 0, 0, 1, 't', 3, 5, 6, 7}
	dgram := append(append(append([]byte(nil), hs...), in...), 0, 0, 0)
	p, err := packet.Dissect(dgram, QUICType)
	if err != nil || p.String() != "QUIC / QUIC Initial v1 / Padding" {
		t.Fatalf("%v %v", p, err)
	}
	if b, _ := p.Build(); !bytes.Equal(b, dgram) {
		t.Errorf("round trip %x", b)
	}
	q := p.Layers()[0].(*QUIC)
	if q.Kind() != QUICHandshake || q.LengthWidth != 2 || q.Length.Value != 4 {
		t.Errorf("%+v", q)
	}
	// Retry: token and integrity tag.
	retry := append([]byte{0xf0, 0, 0, 0, 1, 1, 1, 1, 2, 'r', 't'}, bytes.Repeat([]byte{0xee}, 16)...)
	r := NewQUIC()
	if _, err := r.DecodeFromBytes(retry, nil); err != nil || r.Kind() != QUICRetry || string(r.Token) != "rt" || r.RetryIntegrityTag[0] != 0xee {
		t.Errorf("retry %+v %v", r, err)
	}
	// Short header: opaque.
	s := NewQUIC()
	if _, err := s.DecodeFromBytes([]byte{0x41, 1, 2, 3}, nil); err != nil || s.Kind() != QUICShortHeader || len(s.Payload) != 3 {
		t.Errorf("short %+v %v", s, err)
	}
	for _, bad := range [][]byte{{}, {0xc0, 0, 0, 0, 1, 8, 1}, {0xc0, 0, 0, 0, 1, 0, 0, 0x40}, {0xc0, 0, 0, 0, 1, 0, 0, 0, 9, 1}} {
		if _, err := NewQUIC().DecodeFromBytes(bad, nil); !errors.Is(err, packet.ErrTruncated) {
			t.Errorf("%x: %v", bad, err)
		}
	}
	if !QUICLooksLike(in) || QUICLooksLike([]byte{0x40, 1, 2, 3, 4, 5, 6, 7}) {
		t.Error("QUICLooksLike")
	}
	for _, v := range []uint64{0, 63, 64, 16383, 16384, 1<<30 - 1, 1 << 30, 1<<62 - 1} {
		b := AppendQUICVarint(nil, v, 0)
		got, n := QUICVarint(b)
		if got != v || n != len(b) || n != QUICVarintLen(v) {
			t.Errorf("varint %d: %x", v, b)
		}
	}
	if s := QUICVersionName(0xff00001d); s != "draft-29" {
		t.Errorf("version name %q", s)
	}
}
