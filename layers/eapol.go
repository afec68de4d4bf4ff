package layers

import (
	"encoding/binary"
	"strconv"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// EAPOL header (IEEE 802.1X-2020 11.3), after EtherType 0x888e or LLC/SNAP
// in 802.11 data frames:
//
//	+--------+--------+-----------------+
//	| version|  type  |  body length    |   type 0: EAP, 1: Start,
//	+--------+--------+-----------------+   2: Logoff, 3: Key, ...
//	|  body (length bytes) ...          |
//
// An EAPOL-Key body (802.11-2020 12.7.2) with descriptor type 2 (RSN) or
// 254 (WPA), big-endian:
//
//	| type (1) | key information (2) | key length (2) | replay counter (8) |
//	| nonce (32) | IV (16) | RSC (8) | reserved/ID (8) | MIC (16) |
//	| key data length (2) | key data ...
//
// and with descriptor type 1 (RC4, 802.1X-2004 7.6):
//
//	| type (1) | key length (2) | replay counter (8) | IV (16) |
//	| key index (1) | signature (16) | key ...
//
// An EAP packet (RFC 3748 4): code (1), identifier (1), length (2), and
// for requests and responses a type (1) and its data.
const (
	EAPOLLen          = 4
	EAPOLKeyRSNLen    = 95 // the RSN/WPA key descriptor up to the key data
	EAPOLKeyRC4Len    = 44 // the RC4 key descriptor up to the key
	EAPHdrLen         = 4
	eapolKeyMICOffset = 77
)

// EAPOL packet types and EAP codes (untyped).
const (
	EAPOLTypeEAP    = 0
	EAPOLTypeStart  = 1
	EAPOLTypeLogoff = 2
	EAPOLTypeKey    = 3
	EAPOLTypeASF    = 4
	EAPOLTypeMKA    = 5

	EAPOLKeyRC4 = 1
	EAPOLKeyRSN = 2
	EAPOLKeyWPA = 254

	EAPRequest  = 1
	EAPResponse = 2
	EAPSuccess  = 3
	EAPFailure  = 4
)

// EAPOL-Key key information bits (untyped).
const (
	EAPOLKeyInfoVersion   = 0x0007
	EAPOLKeyInfoPairwise  = 0x0008
	EAPOLKeyInfoInstall   = 0x0040
	EAPOLKeyInfoAck       = 0x0080
	EAPOLKeyInfoMIC       = 0x0100
	EAPOLKeyInfoSecure    = 0x0200
	EAPOLKeyInfoError     = 0x0400
	EAPOLKeyInfoRequest   = 0x0800
	EAPOLKeyInfoEncrypted = 0x1000
	EAPOLKeyInfoSMK       = 0x2000
)

// Names of EAPOL versions and types, EAP codes and types, as Scapy.
var (
	EAPOLVersionNames = map[uint64]string{1: "802.1X-2001", 2: "802.1X-2004", 3: "802.1X-2010"}
	EAPOLTypeNames    = map[uint64]string{0: "EAP-Packet", 1: "EAPOL-Start", 2: "EAPOL-Logoff", 3: "EAPOL-Key",
		4: "EAPOL-Encapsulated-ASF-Alert", 5: "EAPOL-MKA", 6: "EAPOL-Announcement (Generic)",
		7: "EAPOL-Announcement (Specific)", 8: "EAPOL-Announcement-Req"}
	EAPCodeNames = map[uint64]string{1: "Request", 2: "Response", 3: "Success", 4: "Failure", 5: "Initiate", 6: "Finish"}
	EAPTypeNames = map[uint64]string{0: "Reserved", 1: "Identity", 2: "Notification", 3: "Legacy Nak",
		4: "MD5-Challenge", 5: "One-Time Password (OTP)", 6: "Generic Token Card (GTC)", 13: "EAP-TLS",
		17: "EAP-Cisco Wireless", 18: "GSM Subscriber Identity Modules (EAP-SIM)", 21: "EAP-TTLS",
		23: "EAP-AKA Authentication", 25: "PEAP", 26: "MS-EAP-Authentication", 29: "EAP-MSCHAP-V2",
		43: "EAP-FAST", 47: "EAP-PSK", 49: "EAP-IKEv2", 50: "EAP-AKA", 52: "EAP-pwd", 55: "TEAP",
		254: "Reserved for the Expanded Type", 255: "Experimental"}
	eapolKeyTypeNames    = map[uint64]string{1: "RC4", 2: "RSN", 254: "WPA"}
	eapolKeyVersionNames = map[uint64]string{1: "HMAC-MD5+ARC4", 2: "HMAC-SHA1-128+AES-128", 3: "AES-128-CMAC+AES-128"}
)

// EAPOL is an 802.1X EAPOL header (Scapy's EAPOL).
type EAPOL struct {
	Version uint8
	Type    fields.Opt[uint8]  // unset: from the layer above (EAP 0, EAPOL_KEY 3), else 0
	Len     fields.Opt[uint16] // body length; unset: computed
}

var eapolProto = &packet.Proto{
	Name: "EAPOL", Doc: "IEEE 802.1X EAPOL (EtherType 0x888e, and LLC/SNAP in 802.11): EAP, Start, Logoff, Key",
	New: func() packet.Layer { return NewEAPOL() },
	Fields: []fields.Field{
		fields.ByteField("version", 1, func(e *EAPOL) *uint8 { return &e.Version }).WithEnum(EAPOLVersionNames),
		fields.AutoUintField("type", 8, func(e *EAPOL) *fields.Opt[uint8] { return &e.Type }).WithEnum(EAPOLTypeNames),
		fields.AutoUintField("len", 16, func(e *EAPOL) *fields.Opt[uint16] { return &e.Len }),
	},
	PostBuild: eapolPostBuild,
}

// EAPOLType is the registered type of EAPOL.
var EAPOLType = packet.Register(eapolProto)

// NewEAPOL returns an EAPOL header with Scapy's defaults (version 1).
func NewEAPOL() *EAPOL { return &EAPOL{Version: 1} }

func (e *EAPOL) Proto() *packet.Proto         { return eapolProto }
func (e *EAPOL) Get(name string) (any, error) { return packet.GetField(e, name) }
func (e *EAPOL) Set(name string, v any) error { return packet.SetField(e, name, v) }
func (e *EAPOL) Show() string                 { return packet.ShowLayer(e) }
func (e *EAPOL) HeaderLen() int               { return EAPOLLen }

// Summary is Scapy's "EAPOL type".
func (e *EAPOL) Summary() string { return "EAPOL " + eapolProto.Fields[1].Format(e) }

// SummaryIn is the summary when nothing above describes itself.
func (e *EAPOL) SummaryIn(*packet.Packet, int) string { return e.Summary() }

// DecodeFromBytes decodes the header; the body ends where the length says
// (the rest is padding).
func (e *EAPOL) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < EAPOLLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	e.Version, e.Type, e.Len = data[0], fields.Some(data[1]), fields.Some(be16(data[2:]))
	return packet.DecodeResult{HeaderLen: EAPOLLen, PayloadLen: int(e.Len.Value),
		Next: packet.NextLayer(EAPOLType, "type", uint64(data[1]))}, nil
}

// SerializeTo writes the header; the type comes from the layer above when
// unset.
func (e *EAPOL) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	b[0] = e.Version
	t := e.Type.Value
	if !e.Type.Valid && ctx != nil {
		if v, ok := ctx.Bind("type"); ok {
			t = uint8(v)
		}
	}
	b[1] = t
	put16(b[2:], e.Len.Value)
	return nil
}

func eapolPostBuild(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
	if e := l.(*EAPOL); !e.Len.Valid {
		put16(hdr[2:], uint16(len(ctx.Payload())))
	}
	return nil
}

// EAPOLKey is an EAPOL-Key body (Scapy's EAPOL_KEY): the RSN/WPA key
// descriptor with the key information bits as Scapy's fields, or the RC4
// key descriptor of 802.1X-2004.
type EAPOLKey struct {
	DescriptorType uint8 // EAPOLKeyRSN, EAPOLKeyWPA, EAPOLKeyRC4

	// Key information (RSN and WPA), most significant bits first
	Reserved2        uint8 // 2 bits
	SMKMessage       uint8
	EncryptedKeyData uint8
	Request          uint8
	Error            uint8
	Secure           uint8
	HasKeyMIC        uint8 // Scapy's default 1
	KeyAck           uint8
	Install          uint8
	KeyIndex         uint8 // 2 bits (reserved in RSN)
	KeyType          uint8 // 1: pairwise
	KeyVersion       uint8 // 3 bits: descriptor version

	KeyLength     uint16
	ReplayCounter uint64
	Nonce         [32]byte
	IV            [16]byte
	RSC           [8]byte
	ID            [8]byte
	MIC           [16]byte
	KeyDataLength fields.Opt[uint16] // unset: len(KeyData)
	KeyData       []byte

	// RC4 descriptor: key index byte, signature and key
	RC4KeyIndex uint8
	Signature   [16]byte
	Key         []byte
}

func rsnKey(l any) bool { return l.(*EAPOLKey).DescriptorType != EAPOLKeyRC4 }
func rc4Key(l any) bool { return l.(*EAPOLKey).DescriptorType == EAPOLKeyRC4 }

func keyBit(name string, bits int, def uint8, ptr func(*EAPOLKey) *uint8) fields.Field {
	return fields.BitField(name, bits, def, ptr).When(rsnKey)
}

func keyArray(name string, get func(*EAPOLKey) []byte) fields.Field {
	return fields.ListField(name, func(k *EAPOLKey) any { return append([]byte(nil), get(k)...) },
		func(k *EAPOLKey, v any) error { return setFixed(get(k), v) },
		func(k *EAPOLKey) string { return fields.ReprBytes(get(k)) },
		func(k *EAPOLKey) any { return hexString(get(k)) })
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = digits[c>>4], digits[c&15]
	}
	return string(out)
}

var eapolKeyProto = &packet.Proto{
	Name: "EAPOL_KEY", Aliases: []string{"EAPOL-Key"},
	Doc: "EAPOL-Key (802.11 RSN and WPA key descriptors, 802.1X RC4): key information, nonce, MIC, key data",
	New: func() packet.Layer { return NewEAPOLKey() },
	Fields: []fields.Field{
		fields.ByteField("key_descriptor_type", 1, func(k *EAPOLKey) *uint8 { return &k.DescriptorType }).
			WithEnum(eapolKeyTypeNames),
		keyBit("reserved2", 2, 0, func(k *EAPOLKey) *uint8 { return &k.Reserved2 }),
		keyBit("smk_message", 1, 0, func(k *EAPOLKey) *uint8 { return &k.SMKMessage }),
		keyBit("encrypted_key_data", 1, 0, func(k *EAPOLKey) *uint8 { return &k.EncryptedKeyData }),
		keyBit("request", 1, 0, func(k *EAPOLKey) *uint8 { return &k.Request }),
		keyBit("error", 1, 0, func(k *EAPOLKey) *uint8 { return &k.Error }),
		keyBit("secure", 1, 0, func(k *EAPOLKey) *uint8 { return &k.Secure }),
		keyBit("has_key_mic", 1, 1, func(k *EAPOLKey) *uint8 { return &k.HasKeyMIC }),
		keyBit("key_ack", 1, 0, func(k *EAPOLKey) *uint8 { return &k.KeyAck }),
		keyBit("install", 1, 0, func(k *EAPOLKey) *uint8 { return &k.Install }),
		keyBit("key_index", 2, 0, func(k *EAPOLKey) *uint8 { return &k.KeyIndex }),
		keyBit("key_type", 1, 0, func(k *EAPOLKey) *uint8 { return &k.KeyType }).
			WithEnum(map[uint64]string{0: "Group/SMK", 1: "Pairwise"}),
		keyBit("key_descriptor_type_version", 3, 0, func(k *EAPOLKey) *uint8 { return &k.KeyVersion }).
			WithEnum(eapolKeyVersionNames),
		fields.ShortField("key_length", 0, func(k *EAPOLKey) *uint16 { return &k.KeyLength }),
		fields.LongField("key_replay_counter", 0, func(k *EAPOLKey) *uint64 { return &k.ReplayCounter }),
		keyArray("key_nonce", func(k *EAPOLKey) []byte { return k.Nonce[:] }).When(rsnKey),
		keyArray("key_iv", func(k *EAPOLKey) []byte { return k.IV[:] }),
		keyArray("key_rsc", func(k *EAPOLKey) []byte { return k.RSC[:] }).When(rsnKey),
		keyArray("key_id", func(k *EAPOLKey) []byte { return k.ID[:] }).When(rsnKey),
		keyArray("key_mic", func(k *EAPOLKey) []byte { return k.MIC[:] }).When(rsnKey),
		fields.AutoUintField("key_data_length", 16, func(k *EAPOLKey) *fields.Opt[uint16] { return &k.KeyDataLength }).When(rsnKey),
		fields.BytesField("key_data", func(k *EAPOLKey) *[]byte { return &k.KeyData }).When(rsnKey),
		fields.ByteField("rc4_key_index", 0, func(k *EAPOLKey) *uint8 { return &k.RC4KeyIndex }).When(rc4Key),
		keyArray("key_signature", func(k *EAPOLKey) []byte { return k.Signature[:] }).When(rc4Key),
		fields.BytesField("key", func(k *EAPOLKey) *[]byte { return &k.Key }).When(rc4Key),
	},
}

// EAPOLKeyType is the registered type of EAPOLKey.
var EAPOLKeyType = packet.Register(eapolKeyProto)

// NewEAPOLKey returns an EAPOL-Key body with Scapy's defaults (descriptor
// type 1, has_key_mic 1); set DescriptorType to EAPOLKeyRSN for WPA2/3.
func NewEAPOLKey() *EAPOLKey { return &EAPOLKey{DescriptorType: EAPOLKeyRC4, HasKeyMIC: 1} }

func (k *EAPOLKey) Proto() *packet.Proto         { return eapolKeyProto }
func (k *EAPOLKey) Get(name string) (any, error) { return packet.GetField(k, name) }
func (k *EAPOLKey) Set(name string, v any) error { return packet.SetField(k, name, v) }
func (k *EAPOLKey) Show() string                 { return packet.ShowLayer(k) }

// Summary names the message of the 4-way handshake it looks like.
func (k *EAPOLKey) Summary() string {
	if n := k.HandshakeMessage(); n > 0 {
		return "EAPOL_KEY message " + strconv.Itoa(n) + " of 4"
	}
	return "EAPOL_KEY " + eapolKeyProto.Fields[0].Format(k)
}

// SummaryIn is the summary.
func (k *EAPOLKey) SummaryIn(*packet.Packet, int) string { return k.Summary() }

// KeyInfo returns the key information field as on the wire.
func (k *EAPOLKey) KeyInfo() uint16 {
	return uint16(k.Reserved2&3)<<14 | uint16(k.SMKMessage&1)<<13 | uint16(k.EncryptedKeyData&1)<<12 |
		uint16(k.Request&1)<<11 | uint16(k.Error&1)<<10 | uint16(k.Secure&1)<<9 | uint16(k.HasKeyMIC&1)<<8 |
		uint16(k.KeyAck&1)<<7 | uint16(k.Install&1)<<6 | uint16(k.KeyIndex&3)<<4 | uint16(k.KeyType&1)<<3 |
		uint16(k.KeyVersion&7)
}

// SetKeyInfo sets the key information bits from the wire value.
func (k *EAPOLKey) SetKeyInfo(v uint16) {
	k.Reserved2, k.SMKMessage, k.EncryptedKeyData = uint8(v>>14)&3, uint8(v>>13)&1, uint8(v>>12)&1
	k.Request, k.Error, k.Secure, k.HasKeyMIC = uint8(v>>11)&1, uint8(v>>10)&1, uint8(v>>9)&1, uint8(v>>8)&1
	k.KeyAck, k.Install, k.KeyIndex = uint8(v>>7)&1, uint8(v>>6)&1, uint8(v>>4)&3
	k.KeyType, k.KeyVersion = uint8(v>>3)&1, uint8(v)&7
}

// HandshakeMessage guesses which message (1-4) of the 4-way handshake a
// pairwise RSN/WPA key frame is, from its key information; 0 for others.
func (k *EAPOLKey) HandshakeMessage() int {
	if k.DescriptorType == EAPOLKeyRC4 || k.KeyType == 0 {
		return 0
	}
	switch {
	case k.KeyAck == 1 && k.HasKeyMIC == 0:
		return 1
	case k.KeyAck == 1 && k.Install == 1:
		return 3
	case k.KeyAck == 0 && k.HasKeyMIC == 1 && k.Secure == 0:
		return 2
	case k.KeyAck == 0 && k.HasKeyMIC == 1 && k.Secure == 1:
		return 4
	}
	return 0
}

// HeaderLen is the descriptor's length with its key data (or key).
func (k *EAPOLKey) HeaderLen() int {
	if k.DescriptorType == EAPOLKeyRC4 {
		return EAPOLKeyRC4Len + len(k.Key)
	}
	return EAPOLKeyRSNLen + len(k.KeyData)
}

// DecodeFromBytes decodes an RC4 descriptor (its key takes the rest of the
// EAPOL body) or an RSN/WPA descriptor with its key data.
func (k *EAPOLKey) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < 1 {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	k.DescriptorType = data[0]
	if k.DescriptorType == EAPOLKeyRC4 {
		if len(data) < EAPOLKeyRC4Len {
			return packet.DecodeResult{}, packet.ErrTruncated
		}
		k.SetKeyInfo(0)
		k.KeyLength, k.ReplayCounter = be16(data[1:]), binary.BigEndian.Uint64(data[3:])
		copy(k.IV[:], data[11:27])
		k.RC4KeyIndex = data[27]
		copy(k.Signature[:], data[28:44])
		k.Key = data[EAPOLKeyRC4Len:]
		k.Nonce, k.RSC, k.ID, k.MIC, k.KeyData, k.KeyDataLength = [32]byte{}, [8]byte{}, [8]byte{}, [16]byte{}, nil, fields.Opt[uint16]{}
		return packet.DecodeResult{HeaderLen: len(data), PayloadLen: 0}, nil
	}
	if len(data) < EAPOLKeyRSNLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	k.SetKeyInfo(be16(data[1:]))
	k.KeyLength, k.ReplayCounter = be16(data[3:]), binary.BigEndian.Uint64(data[5:])
	copy(k.Nonce[:], data[13:45])
	copy(k.IV[:], data[45:61])
	copy(k.RSC[:], data[61:69])
	copy(k.ID[:], data[69:77])
	copy(k.MIC[:], data[eapolKeyMICOffset:93])
	kdl := int(be16(data[93:]))
	k.KeyDataLength = fields.Some(uint16(kdl))
	if len(data) < EAPOLKeyRSNLen+kdl {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	k.KeyData = data[EAPOLKeyRSNLen : EAPOLKeyRSNLen+kdl]
	k.RC4KeyIndex, k.Signature, k.Key = 0, [16]byte{}, nil
	return packet.DecodeResult{HeaderLen: EAPOLKeyRSNLen + kdl, PayloadLen: -1}, nil
}

// SerializeTo writes the descriptor.
func (k *EAPOLKey) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[0] = k.DescriptorType
	if k.DescriptorType == EAPOLKeyRC4 {
		put16(b[1:], k.KeyLength)
		binary.BigEndian.PutUint64(b[3:], k.ReplayCounter)
		copy(b[11:27], k.IV[:])
		b[27] = k.RC4KeyIndex
		copy(b[28:44], k.Signature[:])
		copy(b[EAPOLKeyRC4Len:], k.Key)
		return nil
	}
	put16(b[1:], k.KeyInfo())
	put16(b[3:], k.KeyLength)
	binary.BigEndian.PutUint64(b[5:], k.ReplayCounter)
	copy(b[13:45], k.Nonce[:])
	copy(b[45:61], k.IV[:])
	copy(b[61:69], k.RSC[:])
	copy(b[69:77], k.ID[:])
	copy(b[eapolKeyMICOffset:93], k.MIC[:])
	put16(b[93:], k.KeyDataLength.Or(uint16(len(k.KeyData))))
	copy(b[EAPOLKeyRSNLen:], k.KeyData)
	return nil
}

// EAP is an EAP packet (Scapy's EAP): code, identifier, length, and for
// requests and responses the type and its data (Scapy's identity,
// message or desired_auth_types; data for the other types).
type EAP struct {
	Code uint8
	ID   uint8
	Len  fields.Opt[uint16] // unset: computed
	Type uint8              // absent in success and failure
	Data []byte
}

func eapHasType(l any) bool { c := l.(*EAP).Code; return c != EAPSuccess && c != EAPFailure }

func eapData(name string, code, typ uint8, text bool) fields.Field {
	f := fields.BytesField(name, func(e *EAP) *[]byte { return &e.Data })
	if text {
		f = fields.WithFormat(f, func(e *EAP) string { return strconv.Quote(string(e.Data)) })
	}
	return f.When(func(l any) bool { e := l.(*EAP); return e.Code == code && e.Type == typ })
}

var eapProto = &packet.Proto{
	Name: "EAP", Doc: "EAP (RFC 3748) over EAPOL: code, identifier, length, type and its data",
	New: func() packet.Layer { return NewEAP() },
	Fields: []fields.Field{
		fields.ByteField("code", 4, func(e *EAP) *uint8 { return &e.Code }).WithEnum(EAPCodeNames),
		fields.ByteField("id", 0, func(e *EAP) *uint8 { return &e.ID }),
		fields.AutoUintField("len", 16, func(e *EAP) *fields.Opt[uint16] { return &e.Len }),
		fields.ByteField("type", 0, func(e *EAP) *uint8 { return &e.Type }).WithEnum(EAPTypeNames).When(eapHasType),
		eapData("desired_auth_types", EAPResponse, 3, false),
		eapData("identity", EAPResponse, 1, true),
		eapData("message", EAPRequest, 1, true),
		fields.BytesField("data", func(e *EAP) *[]byte { return &e.Data }).When(func(l any) bool {
			e := l.(*EAP)
			return !((e.Code == EAPResponse && (e.Type == 1 || e.Type == 3)) || (e.Code == EAPRequest && e.Type == 1))
		}),
	},
	PostBuild: eapPostBuild,
}

// EAPType is the registered type of EAP.
var EAPType = packet.Register(eapProto)

// NewEAP returns an EAP packet with Scapy's defaults (code 4, failure).
func NewEAP() *EAP { return &EAP{Code: EAPFailure} }

func (e *EAP) Proto() *packet.Proto         { return eapProto }
func (e *EAP) Get(name string) (any, error) { return packet.GetField(e, name) }
func (e *EAP) Set(name string, v any) error { return packet.SetField(e, name, v) }
func (e *EAP) Show() string                 { return packet.ShowLayer(e) }

func (e *EAP) hdrLen() int {
	if eapHasType(e) {
		return EAPHdrLen + 1
	}
	return EAPHdrLen
}

// HeaderLen is the whole EAP packet.
func (e *EAP) HeaderLen() int { return e.hdrLen() + len(e.Data) }

// Summary is Scapy's "EAP code type" (with the identity of a response).
func (e *EAP) Summary() string {
	s := "EAP " + eapProto.Fields[0].Format(e)
	if eapHasType(e) {
		s += " " + eapProto.Fields[3].Format(e)
		if e.Code == EAPResponse && e.Type == 1 {
			s += " " + string(e.Data)
		}
	}
	return s
}

// SummaryIn is the summary.
func (e *EAP) SummaryIn(*packet.Packet, int) string { return e.Summary() }

// DecodeFromBytes decodes the packet up to its length (the rest is
// padding).
func (e *EAP) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < EAPHdrLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	e.Code, e.ID = data[0], data[1]
	l := int(be16(data[2:]))
	e.Len = fields.Some(uint16(l))
	n := e.hdrLen()
	if l < n {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	if len(data) < l {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	e.Type = 0
	if n > EAPHdrLen {
		e.Type = data[EAPHdrLen]
	}
	e.Data = data[n:l]
	return packet.DecodeResult{HeaderLen: l, PayloadLen: 0}, nil
}

// SerializeTo writes the packet.
func (e *EAP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[0], b[1] = e.Code, e.ID
	put16(b[2:], e.Len.Value)
	n := EAPHdrLen
	if eapHasType(e) {
		b[EAPHdrLen] = e.Type
		n++
	}
	copy(b[n:], e.Data)
	return nil
}

func eapPostBuild(hdr []byte, l packet.Layer, ctx *packet.BuildContext) error {
	if e := l.(*EAP); !e.Len.Valid {
		put16(hdr[2:], uint16(len(hdr)+len(ctx.Payload())))
	}
	return nil
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: EthernetType, Upper: EAPOLType, Field: "type", Value: EtherTypeEAPOL},
		packet.BindingRule{Lower: EthernetType, Upper: EAPOLType, Field: "type", Value: 0x88c7, DissectOnly: true}, // RSN pre-authentication
		packet.BindingRule{Lower: Dot1QType, Upper: EAPOLType, Field: "type", Value: EtherTypeEAPOL},
		packet.BindingRule{Lower: SNAPType, Upper: EAPOLType, Field: "code", Value: EtherTypeEAPOL},
		packet.BindingRule{Lower: SNAPType, Upper: EAPOLType, Field: "OUI", Value: SNAPOUIEncapsulated},
		packet.BindingRule{Lower: EAPOLType, Upper: EAPType, Field: "type", Value: EAPOLTypeEAP},
		packet.BindingRule{Lower: EAPOLType, Upper: EAPOLKeyType, Field: "type", Value: EAPOLTypeKey},
	)
}
