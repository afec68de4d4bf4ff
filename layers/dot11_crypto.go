package layers

import (
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// Cipher headers of protected 802.11 frames (802.11-2020 12.3.2, 12.5.2.2,
// 12.5.3.2); the encrypted data after them is kept as it is:
//
//	WEP:  IV (3) | key ID (1)                               | data ... | ICV (4)
//	TKIP: TSC1 | WEP seed | TSC0 | key ID | TSC2..TSC5 (4)  | data and MIC ...
//	CCMP: PN0 | PN1 | reserved | key ID | PN2..PN5 (4)      | data and MIC ...
//
// The key ID byte holds the key index in bits 6-7 and ExtIV in bit 5; TKIP
// and CCMP set ExtIV and carry 4 more bytes. Which one a frame uses is
// guessed as Wireshark and Scapy do: ExtIV and TSC1 = (TSC0 | 0x20) & 0x7f
// is TKIP, ExtIV and a zero third byte CCMP (or GCMP), no ExtIV WEP.
const (
	Dot11WEPIVLen  = 4
	Dot11WEPICVLen = 4
	Dot11ExtIVLen  = 8
	dot11ExtIVBit  = 0x20
)

// dot11CipherNext picks the cipher header of a protected frame's body.
func dot11CipherNext(body []byte) packet.LayerType {
	switch {
	case len(body) >= Dot11ExtIVLen && body[3]&dot11ExtIVBit != 0:
		switch {
		case body[1] == (body[0]|0x20)&0x7f:
			return Dot11TKIPType
		case body[2] == 0:
			return Dot11CCMPType
		}
		return Dot11EncryptedType
	case len(body) >= Dot11WEPIVLen+Dot11WEPICVLen && body[3]&dot11ExtIVBit == 0:
		return Dot11WEPType
	case len(body) > 0:
		return Dot11EncryptedType
	}
	return 0
}

// Dot11Encrypted is the body of a protected frame whose cipher is not
// recognised, kept whole (Scapy's Dot11Encrypted).
type Dot11Encrypted struct{ Data []byte }

var dot11EncryptedProto = &packet.Proto{
	Name: "Dot11Encrypted", Aliases: []string{"802.11 Encrypted (unknown algorithm)"},
	Doc:    "body of a protected 802.11 frame of an unknown cipher, kept as bytes",
	New:    func() packet.Layer { return &Dot11Encrypted{} },
	Fields: []fields.Field{fields.BytesField("data", func(e *Dot11Encrypted) *[]byte { return &e.Data })},
}

// Dot11EncryptedType is the registered type of Dot11Encrypted.
var Dot11EncryptedType = packet.Register(dot11EncryptedProto)

func (e *Dot11Encrypted) Proto() *packet.Proto         { return dot11EncryptedProto }
func (e *Dot11Encrypted) Get(name string) (any, error) { return packet.GetField(e, name) }
func (e *Dot11Encrypted) Set(name string, v any) error { return packet.SetField(e, name, v) }
func (e *Dot11Encrypted) Show() string                 { return packet.ShowLayer(e) }
func (e *Dot11Encrypted) Title() string                { return "802.11 Encrypted (unknown algorithm)" }
func (e *Dot11Encrypted) Summary() string              { return "Dot11Encrypted" }
func (e *Dot11Encrypted) HeaderLen() int               { return len(e.Data) }

// DecodeFromBytes keeps everything.
func (e *Dot11Encrypted) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	e.Data = data
	return packet.DecodeResult{HeaderLen: len(data), PayloadLen: 0}, nil
}

// SerializeTo writes the data.
func (e *Dot11Encrypted) SerializeTo(b []byte, _ *packet.BuildContext) error {
	copy(b, e.Data)
	return nil
}

// Dot11WEP is a WEP-encrypted body (Scapy's Dot11WEP): IV, key ID, the
// encrypted data and the ICV (read big-endian, as Scapy does).
type Dot11WEP struct {
	IV      [3]byte
	KeyID   uint8
	WEPData []byte
	ICV     uint32
}

var dot11WEPProto = &packet.Proto{
	Name: "Dot11WEP", Aliases: []string{"802.11 WEP packet"},
	Doc: "WEP header of a protected 802.11 frame: IV, key ID, encrypted data, ICV",
	New: func() packet.Layer { return &Dot11WEP{} },
	Fields: []fields.Field{
		fields.ListField("iv", func(w *Dot11WEP) any { return w.IV[:] },
			func(w *Dot11WEP, v any) error { return setFixed(w.IV[:], v) },
			func(w *Dot11WEP) string { return fields.ReprBytes(w.IV[:]) }, nil),
		fields.ByteField("keyid", 0, func(w *Dot11WEP) *uint8 { return &w.KeyID }),
		fields.BytesField("wepdata", func(w *Dot11WEP) *[]byte { return &w.WEPData }),
		fields.IntField("icv", 0, func(w *Dot11WEP) *uint32 { return &w.ICV }),
	},
}

// Dot11WEPType is the registered type of Dot11WEP.
var Dot11WEPType = packet.Register(dot11WEPProto)

func (w *Dot11WEP) Proto() *packet.Proto         { return dot11WEPProto }
func (w *Dot11WEP) Get(name string) (any, error) { return packet.GetField(w, name) }
func (w *Dot11WEP) Set(name string, v any) error { return packet.SetField(w, name, v) }
func (w *Dot11WEP) Show() string                 { return packet.ShowLayer(w) }
func (w *Dot11WEP) Title() string                { return "802.11 WEP packet" }
func (w *Dot11WEP) Summary() string              { return "Dot11WEP" }
func (w *Dot11WEP) HeaderLen() int               { return Dot11WEPIVLen + len(w.WEPData) + Dot11WEPICVLen }

// DecodeFromBytes keeps the encrypted data.
func (w *Dot11WEP) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < Dot11WEPIVLen+Dot11WEPICVLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	copy(w.IV[:], data)
	w.KeyID = data[3]
	w.WEPData = data[Dot11WEPIVLen : len(data)-Dot11WEPICVLen]
	w.ICV = be32(data[len(data)-Dot11WEPICVLen:])
	return packet.DecodeResult{HeaderLen: len(data), PayloadLen: 0}, nil
}

// SerializeTo writes IV, key ID, data and ICV.
func (w *Dot11WEP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	copy(b, w.IV[:])
	b[3] = w.KeyID
	n := Dot11WEPIVLen + copy(b[Dot11WEPIVLen:], w.WEPData)
	put32(b[n:], w.ICV)
	return nil
}

// setFixed copies v ([]byte or string) into a fixed-size array.
func setFixed(dst []byte, v any) error {
	var b []byte
	switch x := v.(type) {
	case []byte:
		b = x
	case string:
		b = []byte(x)
	default:
		return fields.ErrBadValue
	}
	if len(b) != len(dst) {
		return fields.ErrBadValue
	}
	copy(dst, b)
	return nil
}

// Dot11TKIP is a TKIP header (Scapy's Dot11TKIP) and the encrypted data.
type Dot11TKIP struct {
	TSC1, WEPSeed, TSC0 uint8
	KeyID               uint8 // 2 bits
	ExtIV               uint8 // 1 bit
	Res                 uint8 // 5 bits
	TSC2, TSC3          uint8
	TSC4, TSC5          uint8
	Data                []byte
}

func extIV(l any) bool {
	switch x := l.(type) {
	case *Dot11TKIP:
		return x.ExtIV != 0
	case *Dot11CCMP:
		return x.ExtIV != 0
	}
	return false
}

var dot11TKIPProto = &packet.Proto{
	Name: "Dot11TKIP", Aliases: []string{"802.11 TKIP packet"},
	Doc: "TKIP header of a protected 802.11 frame: TSC, key ID, extended IV; data kept encrypted",
	New: func() packet.Layer { return &Dot11TKIP{} },
	Fields: []fields.Field{
		fields.ByteField("TSC1", 0, func(t *Dot11TKIP) *uint8 { return &t.TSC1 }),
		fields.ByteField("WEPSeed", 0, func(t *Dot11TKIP) *uint8 { return &t.WEPSeed }),
		fields.ByteField("TSC0", 0, func(t *Dot11TKIP) *uint8 { return &t.TSC0 }),
		fields.BitField("key_id", 2, uint8(0), func(t *Dot11TKIP) *uint8 { return &t.KeyID }),
		fields.BitField("ext_iv", 1, uint8(0), func(t *Dot11TKIP) *uint8 { return &t.ExtIV }),
		fields.BitField("res", 5, uint8(0), func(t *Dot11TKIP) *uint8 { return &t.Res }),
		fields.ByteField("TSC2", 0, func(t *Dot11TKIP) *uint8 { return &t.TSC2 }).When(extIV),
		fields.ByteField("TSC3", 0, func(t *Dot11TKIP) *uint8 { return &t.TSC3 }).When(extIV),
		fields.ByteField("TSC4", 0, func(t *Dot11TKIP) *uint8 { return &t.TSC4 }).When(extIV),
		fields.ByteField("TSC5", 0, func(t *Dot11TKIP) *uint8 { return &t.TSC5 }).When(extIV),
		fields.BytesField("data", func(t *Dot11TKIP) *[]byte { return &t.Data }),
	},
}

// Dot11TKIPType is the registered type of Dot11TKIP.
var Dot11TKIPType = packet.Register(dot11TKIPProto)

func (t *Dot11TKIP) Proto() *packet.Proto         { return dot11TKIPProto }
func (t *Dot11TKIP) Get(name string) (any, error) { return packet.GetField(t, name) }
func (t *Dot11TKIP) Set(name string, v any) error { return packet.SetField(t, name, v) }
func (t *Dot11TKIP) Show() string                 { return packet.ShowLayer(t) }
func (t *Dot11TKIP) Title() string                { return "802.11 TKIP packet" }
func (t *Dot11TKIP) Summary() string              { return "Dot11TKIP" }
func (t *Dot11TKIP) HeaderLen() int               { return t.ivLen() + len(t.Data) }

func (t *Dot11TKIP) ivLen() int {
	if t.ExtIV != 0 {
		return Dot11ExtIVLen
	}
	return Dot11WEPIVLen
}

// TSC is the 48-bit TKIP sequence counter.
func (t *Dot11TKIP) TSC() uint64 {
	return uint64(t.TSC0) | uint64(t.TSC1)<<8 | uint64(t.TSC2)<<16 | uint64(t.TSC3)<<24 |
		uint64(t.TSC4)<<32 | uint64(t.TSC5)<<40
}

// DecodeFromBytes decodes the header; the rest stays encrypted.
func (t *Dot11TKIP) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < Dot11WEPIVLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	t.TSC1, t.WEPSeed, t.TSC0 = data[0], data[1], data[2]
	t.KeyID, t.ExtIV, t.Res = data[3]>>6, data[3]>>5&1, data[3]&31
	t.TSC2, t.TSC3, t.TSC4, t.TSC5 = 0, 0, 0, 0
	n := t.ivLen()
	if len(data) < n {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	if t.ExtIV != 0 {
		t.TSC2, t.TSC3, t.TSC4, t.TSC5 = data[4], data[5], data[6], data[7]
	}
	t.Data = data[n:]
	return packet.DecodeResult{HeaderLen: len(data), PayloadLen: 0}, nil
}

// SerializeTo writes the header and the data.
func (t *Dot11TKIP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[0], b[1], b[2] = t.TSC1, t.WEPSeed, t.TSC0
	b[3] = t.KeyID<<6 | (t.ExtIV&1)<<5 | t.Res&31
	if t.ExtIV != 0 {
		b[4], b[5], b[6], b[7] = t.TSC2, t.TSC3, t.TSC4, t.TSC5
	}
	copy(b[t.ivLen():], t.Data)
	return nil
}

// Dot11CCMP is a CCMP (or GCMP) header (Scapy's Dot11CCMP) and the
// encrypted data with its MIC.
type Dot11CCMP struct {
	PN0, PN1 uint8
	Res0     uint8
	KeyID    uint8 // 2 bits
	ExtIV    uint8 // 1 bit
	Res1     uint8 // 5 bits
	PN2, PN3 uint8
	PN4, PN5 uint8
	Data     []byte
}

var dot11CCMPProto = &packet.Proto{
	Name: "Dot11CCMP", Aliases: []string{"802.11 CCMP packet"},
	Doc: "CCMP/GCMP header of a protected 802.11 frame: packet number, key ID; data and MIC kept encrypted",
	New: func() packet.Layer { return &Dot11CCMP{} },
	Fields: []fields.Field{
		fields.ByteField("PN0", 0, func(c *Dot11CCMP) *uint8 { return &c.PN0 }),
		fields.ByteField("PN1", 0, func(c *Dot11CCMP) *uint8 { return &c.PN1 }),
		fields.ByteField("res0", 0, func(c *Dot11CCMP) *uint8 { return &c.Res0 }),
		fields.BitField("key_id", 2, uint8(0), func(c *Dot11CCMP) *uint8 { return &c.KeyID }),
		fields.BitField("ext_iv", 1, uint8(0), func(c *Dot11CCMP) *uint8 { return &c.ExtIV }),
		fields.BitField("res1", 5, uint8(0), func(c *Dot11CCMP) *uint8 { return &c.Res1 }),
		fields.ByteField("PN2", 0, func(c *Dot11CCMP) *uint8 { return &c.PN2 }),
		fields.ByteField("PN3", 0, func(c *Dot11CCMP) *uint8 { return &c.PN3 }),
		fields.ByteField("PN4", 0, func(c *Dot11CCMP) *uint8 { return &c.PN4 }),
		fields.ByteField("PN5", 0, func(c *Dot11CCMP) *uint8 { return &c.PN5 }),
		fields.BytesField("data", func(c *Dot11CCMP) *[]byte { return &c.Data }),
	},
}

// Dot11CCMPType is the registered type of Dot11CCMP.
var Dot11CCMPType = packet.Register(dot11CCMPProto)

func (c *Dot11CCMP) Proto() *packet.Proto         { return dot11CCMPProto }
func (c *Dot11CCMP) Get(name string) (any, error) { return packet.GetField(c, name) }
func (c *Dot11CCMP) Set(name string, v any) error { return packet.SetField(c, name, v) }
func (c *Dot11CCMP) Show() string                 { return packet.ShowLayer(c) }
func (c *Dot11CCMP) Title() string                { return "802.11 CCMP packet" }
func (c *Dot11CCMP) Summary() string              { return "Dot11CCMP" }
func (c *Dot11CCMP) HeaderLen() int               { return Dot11ExtIVLen + len(c.Data) }

// PN is the 48-bit packet number.
func (c *Dot11CCMP) PN() uint64 {
	return uint64(c.PN0) | uint64(c.PN1)<<8 | uint64(c.PN2)<<16 | uint64(c.PN3)<<24 |
		uint64(c.PN4)<<32 | uint64(c.PN5)<<40
}

// DecodeFromBytes decodes the header; the rest stays encrypted.
func (c *Dot11CCMP) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < Dot11ExtIVLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	c.PN0, c.PN1, c.Res0 = data[0], data[1], data[2]
	c.KeyID, c.ExtIV, c.Res1 = data[3]>>6, data[3]>>5&1, data[3]&31
	c.PN2, c.PN3, c.PN4, c.PN5 = data[4], data[5], data[6], data[7]
	c.Data = data[Dot11ExtIVLen:]
	return packet.DecodeResult{HeaderLen: len(data), PayloadLen: 0}, nil
}

// SerializeTo writes the header and the data.
func (c *Dot11CCMP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	b[0], b[1], b[2] = c.PN0, c.PN1, c.Res0
	b[3] = c.KeyID<<6 | (c.ExtIV&1)<<5 | c.Res1&31
	b[4], b[5], b[6], b[7] = c.PN2, c.PN3, c.PN4, c.PN5
	copy(b[Dot11ExtIVLen:], c.Data)
	return nil
}
