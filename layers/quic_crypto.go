package layers

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// Initial packet protection (RFC 9001 section 5, RFC 9369 section 3.3):
// keys derived with HKDF-SHA256 from a version-specific salt and the
// Destination Connection ID of the client's first Initial, AES-128-GCM for
// the payload and AES-128 for the header protection mask.

// Errors of Initial packet protection.
var (
	// ErrQUICNotInitial: the packet is not an Initial packet.
	ErrQUICNotInitial = errors.New("quic: not an initial packet")
	// ErrQUICVersion: no Initial salt is known for the version.
	ErrQUICVersion = errors.New("quic: no initial keys for this version")
	// ErrQUICDecrypt: authentication of the payload failed (wrong
	// connection ID or direction, or a damaged packet).
	ErrQUICDecrypt = errors.New("quic: initial packet does not decrypt")
)

var (
	quicSaltV1      = []byte{0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17, 0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a}
	quicSaltV2      = []byte{0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93, 0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9}
	quicSaltDraft29 = []byte{0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97, 0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99}
)

// QUICInitialKeys are the keys protecting Initial packets in one
// direction.
type QUICInitialKeys struct {
	Key [16]byte // AEAD_AES_128_GCM key
	IV  [12]byte
	HP  [16]byte // header protection key
}

// hkdfExpandLabel is TLS 1.3's HKDF-Expand-Label with an empty context.
func hkdfExpandLabel(secret []byte, label string, n int) ([]byte, error) {
	full := "tls13 " + label
	info := make([]byte, 0, 4+len(full))
	info = append(info, byte(n>>8), byte(n), byte(len(full)))
	info = append(info, full...)
	info = append(info, 0)
	return hkdf.Expand(sha256.New, secret, string(info), n)
}

// NewQUICInitialKeys derives the Initial keys of a version from the
// Destination Connection ID of the client's first Initial packet, for the
// client's packets or (server true) the server's.
func NewQUICInitialKeys(version uint32, dcid []byte, server bool) (*QUICInitialKeys, error) {
	var salt []byte
	prefix := "quic "
	switch {
	case version == QUICVersion1:
		salt = quicSaltV1
	case version == QUICVersion2:
		salt, prefix = quicSaltV2, "quicv2 "
	case version >= 0xff00001d && version <= 0xff000020:
		salt = quicSaltDraft29
	default:
		return nil, fmt.Errorf("%w: %s", ErrQUICVersion, QUICVersionName(version))
	}
	initial, err := hkdf.Extract(sha256.New, dcid, salt)
	if err != nil {
		return nil, err
	}
	label := "client in"
	if server {
		label = "server in"
	}
	secret, err := hkdfExpandLabel(initial, label, 32)
	if err != nil {
		return nil, err
	}
	k := &QUICInitialKeys{}
	for _, x := range []struct {
		label string
		dst   []byte
	}{{prefix + "key", k.Key[:]}, {prefix + "iv", k.IV[:]}, {prefix + "hp", k.HP[:]}} {
		v, err := hkdfExpandLabel(secret, x.label, len(x.dst))
		if err != nil {
			return nil, err
		}
		copy(x.dst, v)
	}
	return k, nil
}

// QUICFrame is one frame of a decrypted payload: its type and, for
// CRYPTO frames, offset and data; ACK and CONNECTION_CLOSE frames keep
// their fields in Raw.
type QUICFrame struct {
	Type   uint64
	Offset uint64 // CRYPTO
	Data   []byte // CRYPTO data; the reason phrase of CONNECTION_CLOSE
	// ErrorCode is CONNECTION_CLOSE's error code.
	ErrorCode uint64
	// Count is the number of PADDING bytes this frame stands for.
	Count int
	Raw   []byte
}

// QUIC frame types met in Initial packets (untyped constants).
const (
	QUICFramePadding         = 0x00
	QUICFramePing            = 0x01
	QUICFrameACK             = 0x02
	QUICFrameACKECN          = 0x03
	QUICFrameCrypto          = 0x06
	QUICFrameConnectionClose = 0x1c
	QUICFrameAppClose        = 0x1d
)

// QUICInitialPayload is the content of a decrypted Initial packet.
type QUICInitialPayload struct {
	PacketNumber uint64
	// Header is the unprotected header, packet number included.
	Header []byte
	// Plaintext is the decrypted payload.
	Plaintext []byte
	Frames    []QUICFrame
	// Crypto is the CRYPTO data of the packet from offset 0 on, as far as
	// it is contiguous.
	Crypto []byte
	// ClientHello or ServerHello is set when Crypto starts with a whole
	// one.
	ClientHello *TLSHello
	ServerHello *TLSHello
}

// ServerName returns the ClientHello's server name (SNI), "" without one.
func (p *QUICInitialPayload) ServerName() string {
	if p.ClientHello == nil {
		return ""
	}
	return p.ClientHello.ServerName()
}

// DecryptInitial removes the protection of an Initial packet. dcid is the
// Destination Connection ID of the client's first Initial: the packet's
// own DCID for a client's packet (nil takes it), the original one for a
// server's (server true). It returns the packet number, the frames and the
// TLS handshake message the CRYPTO frames carry.
func (q *QUIC) DecryptInitial(dcid []byte, server bool) (*QUICInitialPayload, error) {
	if q.Kind() != QUICInitial || q.Opaque {
		return nil, ErrQUICNotInitial
	}
	if dcid == nil {
		dcid = q.DCID
	}
	keys, err := NewQUICInitialKeys(q.Version, dcid, server)
	if err != nil {
		return nil, err
	}
	full := make([]byte, q.HeaderLen())
	if err := q.SerializeTo(full, nil); err != nil {
		return nil, err
	}
	return keys.Open(full[:len(full)-len(q.Payload)], q.Payload)
}

// Open removes header and payload protection: hdr is the long header up
// to the packet number (protected first byte), rest the protected packet
// number and payload (Length bytes).
func (k *QUICInitialKeys) Open(hdr, rest []byte) (*QUICInitialPayload, error) {
	if len(rest) < 4+16 {
		return nil, fmt.Errorf("%w: %d bytes after the header", packet.ErrTruncated, len(rest))
	}
	hp, err := aes.NewCipher(k.HP[:])
	if err != nil {
		return nil, err
	}
	var mask [16]byte
	hp.Encrypt(mask[:], rest[4:20])
	first := hdr[0] ^ mask[0]&0x0f
	pnLen := int(first&3) + 1
	h := make([]byte, 0, len(hdr)+pnLen)
	h = append(h, first)
	h = append(h, hdr[1:]...)
	var pn uint64
	for i := 0; i < pnLen; i++ {
		c := rest[i] ^ mask[1+i]
		h = append(h, c)
		pn = pn<<8 | uint64(c)
	}
	block, err := aes.NewCipher(k.Key[:])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	nonce := k.IV
	for i := 0; i < 8; i++ {
		nonce[11-i] ^= byte(pn >> (8 * uint(i)))
	}
	plain, err := aead.Open(nil, nonce[:], rest[pnLen:], h)
	if err != nil {
		return nil, ErrQUICDecrypt
	}
	p := &QUICInitialPayload{PacketNumber: pn, Header: h, Plaintext: plain}
	p.Frames = ParseQUICFrames(plain)
	p.Crypto = quicCryptoStream(p.Frames)
	p.readHello()
	return p, nil
}

// Seal protects a packet: hdr is the long header up to the packet number
// with the unprotected first byte (its low two bits give the packet
// number length), pn the packet number and payload the frames. It returns
// the protected packet number and payload, to follow hdr.
func (k *QUICInitialKeys) Seal(hdr []byte, pn uint64, payload []byte) ([]byte, error) {
	pnLen := int(hdr[0]&3) + 1
	h := slices.Clone(hdr)
	for i := pnLen - 1; i >= 0; i-- {
		h = append(h, byte(pn>>(8*uint(i))))
	}
	block, err := aes.NewCipher(k.Key[:])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	nonce := k.IV
	for i := 0; i < 8; i++ {
		nonce[11-i] ^= byte(pn >> (8 * uint(i)))
	}
	out := append([]byte(nil), h[len(hdr):]...)
	out = aead.Seal(out, nonce[:], payload, h)
	if len(out) < 4+16 {
		return nil, fmt.Errorf("%w: payload of %d bytes too short to sample (pad it)", packet.ErrMalformed, len(payload))
	}
	hp, err := aes.NewCipher(k.HP[:])
	if err != nil {
		return nil, err
	}
	var mask [16]byte
	hp.Encrypt(mask[:], out[4:20])
	for i := 0; i < pnLen; i++ {
		out[i] ^= mask[1+i]
	}
	hdr[0] ^= mask[0] & 0x0f
	return out, nil
}

// ParseQUICFrames splits a decrypted payload into frames, stopping at a
// frame type it does not know (its bytes are that frame's Raw).
func ParseQUICFrames(b []byte) []QUICFrame {
	var out []QUICFrame
	for len(b) > 0 {
		start := b
		t, n := QUICVarint(b)
		if n == 0 {
			break
		}
		b = b[n:]
		f := QUICFrame{Type: t}
		ok := true
		switch t {
		case QUICFramePadding:
			k := 0
			for k < len(b) && b[k] == 0 {
				k++
			}
			f.Count = 1 + k
			b = b[k:]
		case QUICFramePing:
		case QUICFrameACK, QUICFrameACKECN:
			var vals [4]uint64
			for i := range vals {
				v, m := QUICVarint(b)
				if m == 0 {
					ok = false
					break
				}
				vals[i], b = v, b[m:]
			}
			for i := uint64(0); ok && i < 2*vals[2]; i++ {
				_, m := QUICVarint(b)
				if m == 0 {
					ok = false
					break
				}
				b = b[m:]
			}
			if t == QUICFrameACKECN {
				for i := 0; ok && i < 3; i++ {
					_, m := QUICVarint(b)
					if m == 0 {
						ok = false
						break
					}
					b = b[m:]
				}
			}
		case QUICFrameCrypto:
			off, m := QUICVarint(b)
			if m == 0 {
				ok = false
				break
			}
			b = b[m:]
			l, m := QUICVarint(b)
			if m == 0 || l > uint64(len(b)-m) {
				ok = false
				break
			}
			f.Offset, f.Data = off, b[m:m+int(l)]
			b = b[m+int(l):]
		case QUICFrameConnectionClose, QUICFrameAppClose:
			code, m := QUICVarint(b)
			if m == 0 {
				ok = false
				break
			}
			f.ErrorCode, b = code, b[m:]
			if t == QUICFrameConnectionClose {
				if _, m = QUICVarint(b); m == 0 {
					ok = false
					break
				}
				b = b[m:]
			}
			l, m := QUICVarint(b)
			if m == 0 || l > uint64(len(b)-m) {
				ok = false
				break
			}
			f.Data = b[m : m+int(l)]
			b = b[m+int(l):]
		default:
			ok = false
		}
		if !ok {
			f.Raw = start
			out = append(out, f)
			break
		}
		f.Raw = start[:len(start)-len(b)]
		out = append(out, f)
	}
	return out
}

// quicCryptoStream joins the CRYPTO data from offset 0 as far as it is
// contiguous.
func quicCryptoStream(frames []QUICFrame) []byte {
	var cs []QUICFrame
	for _, f := range frames {
		if f.Type == QUICFrameCrypto && f.Raw != nil && f.Data != nil {
			cs = append(cs, f)
		}
	}
	slices.SortStableFunc(cs, func(a, b QUICFrame) int {
		switch {
		case a.Offset < b.Offset:
			return -1
		case a.Offset > b.Offset:
			return 1
		}
		return 0
	})
	var out []byte
	for _, f := range cs {
		if f.Offset > uint64(len(out)) {
			break
		}
		end := f.Offset + uint64(len(f.Data))
		if end > uint64(len(out)) {
			out = append(out, f.Data[uint64(len(out))-f.Offset:]...)
		}
	}
	return out
}

func (p *QUICInitialPayload) readHello() {
	c := p.Crypto
	if len(c) < 4 {
		return
	}
	n := be24(c[1:])
	if n > len(c)-4 {
		return
	}
	h := &TLSHello{}
	switch c[0] {
	case TLSClientHello:
		if h.decode(c[4:4+n], true) {
			p.ClientHello = h
		}
	case TLSServerHello:
		if h.decode(c[4:4+n], false) {
			p.ServerHello = h
		}
	}
}

// ProtectInitial makes q a protected Initial packet: the header fields
// are q's (version, connection IDs, token, the packet number length in the
// low two bits of First), pn the packet number, frames the plaintext
// payload, padded with PADDING frames until the packet is padTo bytes
// long (1200 for a client's first datagram, RFC 9000 section 14.1). The
// keys come from dcid (nil: q.DCID) and the direction. q's First, Length
// and Payload are set; the packet then builds as it is to be sent.
func (q *QUIC) ProtectInitial(dcid []byte, server bool, pn uint64, frames []byte, padTo int) error {
	if q.Kind() != QUICInitial {
		return ErrQUICNotInitial
	}
	if dcid == nil {
		dcid = q.DCID
	}
	keys, err := NewQUICInitialKeys(q.Version, dcid, server)
	if err != nil {
		return err
	}
	pnLen := int(q.First&3) + 1
	q.Opaque = false
	// Header length without the Length field: compute with a placeholder.
	q.Payload = nil
	q.Length = fields.Opt[uint64]{}
	base := q.HeaderLen() - 1 // minus the 1-byte length of an empty payload
	plain := append([]byte(nil), frames...)
	for {
		total := pnLen + len(plain) + 16
		l := uint64(total)
		size := base + quicWidth(q.LengthWidth, l) + total
		if size >= padTo && total >= 4+16+pnLen {
			break
		}
		plain = append(plain, 0)
	}
	total := pnLen + len(plain) + 16
	q.Length.Put(uint64(total))
	q.Payload = make([]byte, total)
	hdrLen := q.HeaderLen() - total
	full := make([]byte, q.HeaderLen())
	if err := q.SerializeTo(full, nil); err != nil {
		return err
	}
	hdr := full[:hdrLen]
	hdr[0] = q.First
	sealed, err := keys.Seal(hdr, pn, plain)
	if err != nil {
		return err
	}
	q.First = hdr[0]
	q.Payload = sealed
	return nil
}

// AppendQUICCryptoFrame appends a CRYPTO frame carrying data at offset.
func AppendQUICCryptoFrame(dst []byte, offset uint64, data []byte) []byte {
	dst = append(dst, QUICFrameCrypto)
	dst = AppendQUICVarint(dst, offset, 0)
	dst = AppendQUICVarint(dst, uint64(len(data)), 0)
	return append(dst, data...)
}
