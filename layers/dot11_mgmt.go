package layers

import (
	"encoding/binary"
	"strconv"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// 802.11 management frame bodies (802.11-2020 9.3.3): the fixed fields of
// each subtype, little-endian, followed by information elements
// (Dot11Elt layers). Capability information is kept as Scapy reads it, a
// big-endian 16-bit word: the first byte's bits are bits 8-15, so ESS is
// 0x0100 (Dot11CapESS) and privacy 0x1000 (Dot11CapPrivacy).
//
//	Beacon, Probe Response:  timestamp (8) | beacon interval (2) | capability (2)
//	Association Request:     capability (2) | listen interval (2)
//	Association Response:    capability (2) | status (2) | AID (2)
//	Reassociation Request:   capability (2) | listen interval (2) | current AP (6)
//	Authentication:          algorithm (2) | sequence (2) | status (2)
//	Deauthentication, Disassociation: reason (2)
//	Action:                  category (1) | action details
//	Probe Request:           (elements only)
const (
	Dot11BeaconLen    = 12
	Dot11AssoReqLen   = 4
	Dot11AssoRespLen  = 6
	Dot11ReassoReqLen = 10
	Dot11AuthLen      = 6
	Dot11ReasonLen    = 2
	Dot11ActionLen    = 1
)

// Capability bits in Scapy's numbering (untyped).
const (
	Dot11CapShortSlot     = 1 << 2
	Dot11CapDSSSOFDM      = 1 << 5
	Dot11CapESS           = 1 << 8
	Dot11CapIBSS          = 1 << 9
	Dot11CapCFP           = 1 << 10
	Dot11CapCFPReq        = 1 << 11
	Dot11CapPrivacy       = 1 << 12
	Dot11CapShortPreamble = 1 << 13
	Dot11CapPBCC          = 1 << 14
	Dot11CapAgility       = 1 << 15
)

var (
	dot11CapNames = []string{"res8", "res9", "short-slot", "res11", "res12", "DSSS-OFDM", "res14", "res15",
		"ESS", "IBSS", "CFP", "CFP-req", "privacy", "short-preamble", "PBCC", "agility"}
	// Dot11ReasonNames and Dot11StatusNames are Scapy's reason_code and
	// status_code.
	Dot11ReasonNames = map[uint64]string{0: "reserved", 1: "unspec", 2: "auth-expired", 3: "deauth-ST-leaving",
		4: "inactivity", 5: "AP-full", 6: "class2-from-nonauth", 7: "class3-from-nonass", 8: "disas-ST-leaving",
		9: "ST-not-auth"}
	Dot11StatusNames = map[uint64]string{0: "success", 1: "failure", 10: "cannot-support-all-cap",
		11: "inexist-asso", 12: "asso-denied", 13: "algo-unsupported", 14: "bad-seq-num", 15: "challenge-failure",
		16: "timeout", 17: "AP-full", 18: "rate-unsupported"}
	dot11AuthAlgoNames = map[uint64]string{0: "open", 1: "sharedkey"}
	// Dot11ActionCategoryNames names action frame categories.
	Dot11ActionCategoryNames = map[uint64]string{0: "Spectrum Management", 1: "QoS", 2: "DLS", 3: "Block Ack",
		4: "Public", 5: "Radio Measurement", 6: "Fast BSS Transition", 7: "HT", 8: "SA Query",
		9: "Protected Dual of Public Action", 10: "WNM", 11: "Unprotected WNM", 12: "TDLS", 13: "Mesh",
		14: "Multihop", 15: "Self-protected", 16: "DMG", 17: "Reserved", 18: "Fast Session Transfer",
		19: "Robust AV Streaming", 20: "Unprotected DMG", 21: "VHT", 126: "Vendor-specific Protected",
		127: "Vendor-specific"}
)

var le16 = binary.LittleEndian.Uint16

func putLE16(b []byte, v uint16) { binary.LittleEndian.PutUint16(b, v) }

func capField[L any](ptr func(*L) *uint16) fields.Field {
	return fields.FlagsField("cap", 16, uint16(0), dot11CapNames, ptr)
}

// elementsAfter returns the layer of the elements that follow a body.
func elementsAfter(rest []byte, ctx *packet.DecodeContext) packet.LayerType {
	return dot11EltNext(rest, ctx)
}

// Dot11BSSInfo holds the fixed fields of beacons and probe responses.
type Dot11BSSInfo struct {
	Timestamp      uint64
	BeaconInterval uint16 // in time units of 1024 us; Scapy's default 100
	Cap            uint16
}

func bssFields[L any](p func(*L) *Dot11BSSInfo) []fields.Field {
	return []fields.Field{
		fields.LongField("timestamp", 0, func(l *L) *uint64 { return &p(l).Timestamp }),
		fields.ShortField("beacon_interval", 0x64, func(l *L) *uint16 { return &p(l).BeaconInterval }),
		capField(func(l *L) *uint16 { return &p(l).Cap }),
	}
}

func (b *Dot11BSSInfo) decode(data []byte) error {
	if len(data) < Dot11BeaconLen {
		return packet.ErrTruncated
	}
	b.Timestamp, b.BeaconInterval, b.Cap = binary.LittleEndian.Uint64(data), le16(data[8:]), be16(data[10:])
	return nil
}

func (b *Dot11BSSInfo) encode(out []byte) {
	binary.LittleEndian.PutUint64(out, b.Timestamp)
	putLE16(out[8:], b.BeaconInterval)
	put16(out[10:], b.Cap)
}

// Dot11Beacon is a beacon's fixed fields (Scapy's Dot11Beacon).
type Dot11Beacon struct{ Dot11BSSInfo }

// Dot11ProbeResp is a probe response's fixed fields (Scapy's
// Dot11ProbeResp).
type Dot11ProbeResp struct{ Dot11BSSInfo }

var (
	dot11BeaconProto = &packet.Proto{
		Name: "Dot11Beacon", Aliases: []string{"802.11 Beacon"},
		Doc:    "IEEE 802.11 beacon: timestamp, beacon interval, capabilities; elements follow",
		New:    func() packet.Layer { return NewDot11Beacon() },
		Fields: bssFields(func(b *Dot11Beacon) *Dot11BSSInfo { return &b.Dot11BSSInfo }),
	}
	dot11ProbeRespProto = &packet.Proto{
		Name: "Dot11ProbeResp", Aliases: []string{"802.11 Probe Response"},
		Doc:    "IEEE 802.11 probe response: timestamp, beacon interval, capabilities; elements follow",
		New:    func() packet.Layer { return NewDot11ProbeResp() },
		Fields: bssFields(func(b *Dot11ProbeResp) *Dot11BSSInfo { return &b.Dot11BSSInfo }),
	}
	// Dot11BeaconType and Dot11ProbeRespType are their registered types.
	Dot11BeaconType    = packet.Register(dot11BeaconProto)
	Dot11ProbeRespType = packet.Register(dot11ProbeRespProto)
)

// NewDot11Beacon returns beacon fields with Scapy's defaults (interval
// 100, no capabilities).
func NewDot11Beacon() *Dot11Beacon { return &Dot11Beacon{Dot11BSSInfo{BeaconInterval: 0x64}} }

// NewDot11ProbeResp returns probe response fields with Scapy's defaults.
func NewDot11ProbeResp() *Dot11ProbeResp {
	return &Dot11ProbeResp{Dot11BSSInfo{BeaconInterval: 0x64}}
}

func (b *Dot11Beacon) Proto() *packet.Proto         { return dot11BeaconProto }
func (b *Dot11Beacon) Get(name string) (any, error) { return packet.GetField(b, name) }
func (b *Dot11Beacon) Set(name string, v any) error { return packet.SetField(b, name, v) }
func (b *Dot11Beacon) Show() string                 { return packet.ShowLayer(b) }
func (b *Dot11Beacon) Title() string                { return "802.11 Beacon" }
func (b *Dot11Beacon) Summary() string              { return "Dot11Beacon" }
func (b *Dot11Beacon) HeaderLen() int               { return Dot11BeaconLen }

// DecodeFromBytes decodes the fixed fields; elements follow.
func (b *Dot11Beacon) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if err := b.decode(data); err != nil {
		return packet.DecodeResult{}, err
	}
	return packet.DecodeResult{HeaderLen: Dot11BeaconLen, PayloadLen: -1, Next: elementsAfter(data[Dot11BeaconLen:], ctx)}, nil
}

// SerializeTo writes the fixed fields.
func (b *Dot11Beacon) SerializeTo(out []byte, _ *packet.BuildContext) error {
	b.encode(out)
	return nil
}

func (b *Dot11ProbeResp) Proto() *packet.Proto         { return dot11ProbeRespProto }
func (b *Dot11ProbeResp) Get(name string) (any, error) { return packet.GetField(b, name) }
func (b *Dot11ProbeResp) Set(name string, v any) error { return packet.SetField(b, name, v) }
func (b *Dot11ProbeResp) Show() string                 { return packet.ShowLayer(b) }
func (b *Dot11ProbeResp) Title() string                { return "802.11 Probe Response" }
func (b *Dot11ProbeResp) Summary() string              { return "Dot11ProbeResp" }
func (b *Dot11ProbeResp) HeaderLen() int               { return Dot11BeaconLen }

// DecodeFromBytes decodes the fixed fields; elements follow.
func (b *Dot11ProbeResp) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if err := b.decode(data); err != nil {
		return packet.DecodeResult{}, err
	}
	return packet.DecodeResult{HeaderLen: Dot11BeaconLen, PayloadLen: -1, Next: elementsAfter(data[Dot11BeaconLen:], ctx)}, nil
}

// SerializeTo writes the fixed fields.
func (b *Dot11ProbeResp) SerializeTo(out []byte, _ *packet.BuildContext) error {
	b.encode(out)
	return nil
}

// Dot11ProbeReq is a probe request: elements only (Scapy's
// Dot11ProbeReq). Dissection produces it when elements follow.
type Dot11ProbeReq struct{}

var dot11ProbeReqProto = &packet.Proto{
	Name: "Dot11ProbeReq", Aliases: []string{"802.11 Probe Request"},
	Doc: "IEEE 802.11 probe request (no fixed fields); elements follow",
	New: func() packet.Layer { return NewDot11ProbeReq() },
}

// Dot11ProbeReqType is the registered type of Dot11ProbeReq.
var Dot11ProbeReqType = packet.Register(dot11ProbeReqProto)

// NewDot11ProbeReq returns a probe request body.
func NewDot11ProbeReq() *Dot11ProbeReq { return &Dot11ProbeReq{} }

func (b *Dot11ProbeReq) Proto() *packet.Proto         { return dot11ProbeReqProto }
func (b *Dot11ProbeReq) Get(name string) (any, error) { return packet.GetField(b, name) }
func (b *Dot11ProbeReq) Set(name string, v any) error { return packet.SetField(b, name, v) }
func (b *Dot11ProbeReq) Show() string                 { return packet.ShowLayer(b) }
func (b *Dot11ProbeReq) Title() string                { return "802.11 Probe Request" }
func (b *Dot11ProbeReq) Summary() string              { return "Dot11ProbeReq" }
func (b *Dot11ProbeReq) HeaderLen() int               { return 0 }

// DecodeFromBytes takes no bytes; elements follow.
func (b *Dot11ProbeReq) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	return packet.DecodeResult{HeaderLen: 0, PayloadLen: -1, Next: elementsAfter(data, ctx)}, nil
}

// SerializeTo writes nothing.
func (b *Dot11ProbeReq) SerializeTo([]byte, *packet.BuildContext) error { return nil }

// Dot11AssoReq is an association request's fixed fields (Scapy's
// Dot11AssoReq).
type Dot11AssoReq struct {
	Cap            uint16
	ListenInterval uint16 // Scapy's default 200
}

var dot11AssoReqProto = &packet.Proto{
	Name: "Dot11AssoReq", Aliases: []string{"802.11 Association Request"},
	Doc: "IEEE 802.11 association request: capabilities, listen interval; elements follow",
	New: func() packet.Layer { return NewDot11AssoReq() },
	Fields: []fields.Field{
		capField(func(b *Dot11AssoReq) *uint16 { return &b.Cap }),
		fields.ShortField("listen_interval", 0xc8, func(b *Dot11AssoReq) *uint16 { return &b.ListenInterval }),
	},
}

// Dot11AssoReqType is the registered type of Dot11AssoReq.
var Dot11AssoReqType = packet.Register(dot11AssoReqProto)

// NewDot11AssoReq returns association request fields with Scapy's
// defaults (listen interval 200).
func NewDot11AssoReq() *Dot11AssoReq { return &Dot11AssoReq{ListenInterval: 0xc8} }

func (b *Dot11AssoReq) Proto() *packet.Proto         { return dot11AssoReqProto }
func (b *Dot11AssoReq) Get(name string) (any, error) { return packet.GetField(b, name) }
func (b *Dot11AssoReq) Set(name string, v any) error { return packet.SetField(b, name, v) }
func (b *Dot11AssoReq) Show() string                 { return packet.ShowLayer(b) }
func (b *Dot11AssoReq) Title() string                { return "802.11 Association Request" }
func (b *Dot11AssoReq) Summary() string              { return "Dot11AssoReq" }
func (b *Dot11AssoReq) HeaderLen() int               { return Dot11AssoReqLen }

// DecodeFromBytes decodes the fixed fields; elements follow.
func (b *Dot11AssoReq) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < Dot11AssoReqLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	b.Cap, b.ListenInterval = be16(data), le16(data[2:])
	return packet.DecodeResult{HeaderLen: Dot11AssoReqLen, PayloadLen: -1, Next: elementsAfter(data[Dot11AssoReqLen:], ctx)}, nil
}

// SerializeTo writes the fixed fields.
func (b *Dot11AssoReq) SerializeTo(out []byte, _ *packet.BuildContext) error {
	put16(out, b.Cap)
	putLE16(out[2:], b.ListenInterval)
	return nil
}

// Dot11AssocResult holds the fixed fields of association and
// reassociation responses.
type Dot11AssocResult struct {
	Cap    uint16
	Status uint16
	AID    uint16
}

func assocRespFields[L any](p func(*L) *Dot11AssocResult) []fields.Field {
	return []fields.Field{
		capField(func(l *L) *uint16 { return &p(l).Cap }),
		fields.ShortField("status", 0, func(l *L) *uint16 { return &p(l).Status }),
		fields.ShortField("AID", 0, func(l *L) *uint16 { return &p(l).AID }),
	}
}

func (r *Dot11AssocResult) decode(data []byte) error {
	if len(data) < Dot11AssoRespLen {
		return packet.ErrTruncated
	}
	r.Cap, r.Status, r.AID = be16(data), le16(data[2:]), le16(data[4:])
	return nil
}

func (r *Dot11AssocResult) encode(out []byte) {
	put16(out, r.Cap)
	putLE16(out[2:], r.Status)
	putLE16(out[4:], r.AID)
}

// Dot11AssoResp is an association response's fixed fields (Scapy's
// Dot11AssoResp).
type Dot11AssoResp struct{ Dot11AssocResult }

// Dot11ReassoResp is a reassociation response's fixed fields (Scapy's
// Dot11ReassoResp).
type Dot11ReassoResp struct{ Dot11AssocResult }

var (
	dot11AssoRespProto = &packet.Proto{
		Name: "Dot11AssoResp", Aliases: []string{"802.11 Association Response"},
		Doc:    "IEEE 802.11 association response: capabilities, status, AID; elements follow",
		New:    func() packet.Layer { return NewDot11AssoResp() },
		Fields: assocRespFields(func(b *Dot11AssoResp) *Dot11AssocResult { return &b.Dot11AssocResult }),
	}
	dot11ReassoRespProto = &packet.Proto{
		Name: "Dot11ReassoResp", Aliases: []string{"802.11 Reassociation Response"},
		Doc:    "IEEE 802.11 reassociation response: capabilities, status, AID; elements follow",
		New:    func() packet.Layer { return NewDot11ReassoResp() },
		Fields: assocRespFields(func(b *Dot11ReassoResp) *Dot11AssocResult { return &b.Dot11AssocResult }),
	}
	// Dot11AssoRespType and Dot11ReassoRespType are their registered
	// types.
	Dot11AssoRespType   = packet.Register(dot11AssoRespProto)
	Dot11ReassoRespType = packet.Register(dot11ReassoRespProto)
)

// NewDot11AssoResp returns association response fields of zeros.
func NewDot11AssoResp() *Dot11AssoResp { return &Dot11AssoResp{} }

// NewDot11ReassoResp returns reassociation response fields of zeros.
func NewDot11ReassoResp() *Dot11ReassoResp { return &Dot11ReassoResp{} }

func (b *Dot11AssoResp) Proto() *packet.Proto         { return dot11AssoRespProto }
func (b *Dot11AssoResp) Get(name string) (any, error) { return packet.GetField(b, name) }
func (b *Dot11AssoResp) Set(name string, v any) error { return packet.SetField(b, name, v) }
func (b *Dot11AssoResp) Show() string                 { return packet.ShowLayer(b) }
func (b *Dot11AssoResp) Title() string                { return "802.11 Association Response" }
func (b *Dot11AssoResp) Summary() string              { return "Dot11AssoResp" }
func (b *Dot11AssoResp) HeaderLen() int               { return Dot11AssoRespLen }

// DecodeFromBytes decodes the fixed fields; elements follow.
func (b *Dot11AssoResp) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if err := b.decode(data); err != nil {
		return packet.DecodeResult{}, err
	}
	return packet.DecodeResult{HeaderLen: Dot11AssoRespLen, PayloadLen: -1, Next: elementsAfter(data[Dot11AssoRespLen:], ctx)}, nil
}

// SerializeTo writes the fixed fields.
func (b *Dot11AssoResp) SerializeTo(out []byte, _ *packet.BuildContext) error {
	b.encode(out)
	return nil
}

func (b *Dot11ReassoResp) Proto() *packet.Proto         { return dot11ReassoRespProto }
func (b *Dot11ReassoResp) Get(name string) (any, error) { return packet.GetField(b, name) }
func (b *Dot11ReassoResp) Set(name string, v any) error { return packet.SetField(b, name, v) }
func (b *Dot11ReassoResp) Show() string                 { return packet.ShowLayer(b) }
func (b *Dot11ReassoResp) Title() string                { return "802.11 Reassociation Response" }
func (b *Dot11ReassoResp) Summary() string              { return "Dot11ReassoResp" }
func (b *Dot11ReassoResp) HeaderLen() int               { return Dot11AssoRespLen }

// DecodeFromBytes decodes the fixed fields; elements follow.
func (b *Dot11ReassoResp) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if err := b.decode(data); err != nil {
		return packet.DecodeResult{}, err
	}
	return packet.DecodeResult{HeaderLen: Dot11AssoRespLen, PayloadLen: -1, Next: elementsAfter(data[Dot11AssoRespLen:], ctx)}, nil
}

// SerializeTo writes the fixed fields.
func (b *Dot11ReassoResp) SerializeTo(out []byte, _ *packet.BuildContext) error {
	b.encode(out)
	return nil
}

// Dot11ReassoReq is a reassociation request's fixed fields (Scapy's
// Dot11ReassoReq).
type Dot11ReassoReq struct {
	Cap            uint16
	ListenInterval uint16
	CurrentAP      fields.MAC
}

var dot11ReassoReqProto = &packet.Proto{
	Name: "Dot11ReassoReq", Aliases: []string{"802.11 Reassociation Request"},
	Doc: "IEEE 802.11 reassociation request: capabilities, listen interval, current AP; elements follow",
	New: func() packet.Layer { return NewDot11ReassoReq() },
	Fields: []fields.Field{
		capField(func(b *Dot11ReassoReq) *uint16 { return &b.Cap }),
		fields.ShortField("listen_interval", 0xc8, func(b *Dot11ReassoReq) *uint16 { return &b.ListenInterval }),
		fields.MACField("current_AP", fields.MAC{}, func(b *Dot11ReassoReq) *fields.MAC { return &b.CurrentAP }),
	},
}

// Dot11ReassoReqType is the registered type of Dot11ReassoReq.
var Dot11ReassoReqType = packet.Register(dot11ReassoReqProto)

// NewDot11ReassoReq returns reassociation request fields with Scapy's
// defaults (listen interval 200).
func NewDot11ReassoReq() *Dot11ReassoReq { return &Dot11ReassoReq{ListenInterval: 0xc8} }

func (b *Dot11ReassoReq) Proto() *packet.Proto         { return dot11ReassoReqProto }
func (b *Dot11ReassoReq) Get(name string) (any, error) { return packet.GetField(b, name) }
func (b *Dot11ReassoReq) Set(name string, v any) error { return packet.SetField(b, name, v) }
func (b *Dot11ReassoReq) Show() string                 { return packet.ShowLayer(b) }
func (b *Dot11ReassoReq) Title() string                { return "802.11 Reassociation Request" }
func (b *Dot11ReassoReq) Summary() string              { return "Dot11ReassoReq" }
func (b *Dot11ReassoReq) HeaderLen() int               { return Dot11ReassoReqLen }

// DecodeFromBytes decodes the fixed fields; elements follow.
func (b *Dot11ReassoReq) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < Dot11ReassoReqLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	b.Cap, b.ListenInterval = be16(data), le16(data[2:])
	copy(b.CurrentAP[:], data[4:10])
	return packet.DecodeResult{HeaderLen: Dot11ReassoReqLen, PayloadLen: -1, Next: elementsAfter(data[Dot11ReassoReqLen:], ctx)}, nil
}

// SerializeTo writes the fixed fields.
func (b *Dot11ReassoReq) SerializeTo(out []byte, _ *packet.BuildContext) error {
	put16(out, b.Cap)
	putLE16(out[2:], b.ListenInterval)
	copy(out[4:], b.CurrentAP[:])
	return nil
}

// Dot11Auth is an authentication frame's fixed fields (Scapy's Dot11Auth).
// Elements follow, except for SAE (algorithm 3), whose body stays Raw.
type Dot11Auth struct {
	Algo   uint16
	Seqnum uint16
	Status uint16
}

var dot11AuthProto = &packet.Proto{
	Name: "Dot11Auth", Aliases: []string{"802.11 Authentication"},
	Doc: "IEEE 802.11 authentication: algorithm, sequence number, status; elements follow",
	New: func() packet.Layer { return NewDot11Auth() },
	Fields: []fields.Field{
		fields.ShortField("algo", 0, func(b *Dot11Auth) *uint16 { return &b.Algo }).WithEnum(dot11AuthAlgoNames),
		fields.ShortField("seqnum", 0, func(b *Dot11Auth) *uint16 { return &b.Seqnum }),
		fields.ShortField("status", 0, func(b *Dot11Auth) *uint16 { return &b.Status }).WithEnum(Dot11StatusNames),
	},
}

// Dot11AuthType is the registered type of Dot11Auth.
var Dot11AuthType = packet.Register(dot11AuthProto)

// NewDot11Auth returns authentication fields of zeros (open system).
func NewDot11Auth() *Dot11Auth { return &Dot11Auth{} }

func (b *Dot11Auth) Proto() *packet.Proto         { return dot11AuthProto }
func (b *Dot11Auth) Get(name string) (any, error) { return packet.GetField(b, name) }
func (b *Dot11Auth) Set(name string, v any) error { return packet.SetField(b, name, v) }
func (b *Dot11Auth) Show() string                 { return packet.ShowLayer(b) }
func (b *Dot11Auth) Title() string                { return "802.11 Authentication" }
func (b *Dot11Auth) Summary() string              { return "Dot11Auth" }
func (b *Dot11Auth) HeaderLen() int               { return Dot11AuthLen }

// DecodeFromBytes decodes the fixed fields; elements follow.
func (b *Dot11Auth) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < Dot11AuthLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	b.Algo, b.Seqnum, b.Status = le16(data), le16(data[2:]), le16(data[4:])
	var next packet.LayerType
	if b.Algo != 3 {
		next = elementsAfter(data[Dot11AuthLen:], ctx)
	}
	return packet.DecodeResult{HeaderLen: Dot11AuthLen, PayloadLen: -1, Next: next}, nil
}

// SerializeTo writes the fixed fields.
func (b *Dot11Auth) SerializeTo(out []byte, _ *packet.BuildContext) error {
	putLE16(out, b.Algo)
	putLE16(out[2:], b.Seqnum)
	putLE16(out[4:], b.Status)
	return nil
}

// Dot11Deauth is a deauthentication's reason code (Scapy's Dot11Deauth).
type Dot11Deauth struct{ Reason uint16 }

// Dot11Disas is a disassociation's reason code (Scapy's Dot11Disas).
type Dot11Disas struct{ Reason uint16 }

var (
	dot11DeauthProto = &packet.Proto{
		Name: "Dot11Deauth", Aliases: []string{"802.11 Deauthentication"},
		Doc: "IEEE 802.11 deauthentication: reason code",
		New: func() packet.Layer { return NewDot11Deauth() },
		Fields: []fields.Field{fields.ShortField("reason", 1, func(b *Dot11Deauth) *uint16 { return &b.Reason }).
			WithEnum(Dot11ReasonNames)},
	}
	dot11DisasProto = &packet.Proto{
		Name: "Dot11Disas", Aliases: []string{"802.11 Disassociation"},
		Doc: "IEEE 802.11 disassociation: reason code",
		New: func() packet.Layer { return NewDot11Disas() },
		Fields: []fields.Field{fields.ShortField("reason", 1, func(b *Dot11Disas) *uint16 { return &b.Reason }).
			WithEnum(Dot11ReasonNames)},
	}
	// Dot11DeauthType and Dot11DisasType are their registered types.
	Dot11DeauthType = packet.Register(dot11DeauthProto)
	Dot11DisasType  = packet.Register(dot11DisasProto)
)

// NewDot11Deauth returns a deauthentication with Scapy's default reason 1
// (unspecified).
func NewDot11Deauth() *Dot11Deauth { return &Dot11Deauth{Reason: 1} }

// NewDot11Disas returns a disassociation with Scapy's default reason 1.
func NewDot11Disas() *Dot11Disas { return &Dot11Disas{Reason: 1} }

func (b *Dot11Deauth) Proto() *packet.Proto         { return dot11DeauthProto }
func (b *Dot11Deauth) Get(name string) (any, error) { return packet.GetField(b, name) }
func (b *Dot11Deauth) Set(name string, v any) error { return packet.SetField(b, name, v) }
func (b *Dot11Deauth) Show() string                 { return packet.ShowLayer(b) }
func (b *Dot11Deauth) Title() string                { return "802.11 Deauthentication" }
func (b *Dot11Deauth) Summary() string {
	return "Dot11Deauth " + dot11DeauthProto.Fields[0].Format(b)
}
func (b *Dot11Deauth) HeaderLen() int { return Dot11ReasonLen }

// DecodeFromBytes decodes the reason; elements (a management MIC, say)
// may follow.
func (b *Dot11Deauth) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < Dot11ReasonLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	b.Reason = le16(data)
	return packet.DecodeResult{HeaderLen: Dot11ReasonLen, PayloadLen: -1, Next: elementsAfter(data[Dot11ReasonLen:], ctx)}, nil
}

// SerializeTo writes the reason.
func (b *Dot11Deauth) SerializeTo(out []byte, _ *packet.BuildContext) error {
	putLE16(out, b.Reason)
	return nil
}

func (b *Dot11Disas) Proto() *packet.Proto         { return dot11DisasProto }
func (b *Dot11Disas) Get(name string) (any, error) { return packet.GetField(b, name) }
func (b *Dot11Disas) Set(name string, v any) error { return packet.SetField(b, name, v) }
func (b *Dot11Disas) Show() string                 { return packet.ShowLayer(b) }
func (b *Dot11Disas) Title() string                { return "802.11 Disassociation" }
func (b *Dot11Disas) Summary() string              { return "Dot11Disas " + dot11DisasProto.Fields[0].Format(b) }
func (b *Dot11Disas) HeaderLen() int               { return Dot11ReasonLen }

// DecodeFromBytes decodes the reason; elements may follow.
func (b *Dot11Disas) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < Dot11ReasonLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	b.Reason = le16(data)
	return packet.DecodeResult{HeaderLen: Dot11ReasonLen, PayloadLen: -1, Next: elementsAfter(data[Dot11ReasonLen:], ctx)}, nil
}

// SerializeTo writes the reason.
func (b *Dot11Disas) SerializeTo(out []byte, _ *packet.BuildContext) error {
	putLE16(out, b.Reason)
	return nil
}

// Dot11ATIM is the (empty) body of an ATIM frame (Scapy's Dot11ATIM).
type Dot11ATIM struct{}

var dot11ATIMProto = &packet.Proto{
	Name: "Dot11ATIM", Aliases: []string{"802.11 ATIM"},
	Doc: "IEEE 802.11 announcement traffic indication message (empty body)",
	New: func() packet.Layer { return &Dot11ATIM{} },
}

// Dot11ATIMType is the registered type of Dot11ATIM.
var Dot11ATIMType = packet.Register(dot11ATIMProto)

func (b *Dot11ATIM) Proto() *packet.Proto         { return dot11ATIMProto }
func (b *Dot11ATIM) Get(name string) (any, error) { return packet.GetField(b, name) }
func (b *Dot11ATIM) Set(name string, v any) error { return packet.SetField(b, name, v) }
func (b *Dot11ATIM) Show() string                 { return packet.ShowLayer(b) }
func (b *Dot11ATIM) Title() string                { return "802.11 ATIM" }
func (b *Dot11ATIM) Summary() string              { return "Dot11ATIM" }
func (b *Dot11ATIM) HeaderLen() int               { return 0 }

// DecodeFromBytes takes nothing; what follows is Raw.
func (b *Dot11ATIM) DecodeFromBytes([]byte, *packet.DecodeContext) (packet.DecodeResult, error) {
	return packet.DecodeResult{PayloadLen: -1}, nil
}

// SerializeTo writes nothing.
func (b *Dot11ATIM) SerializeTo([]byte, *packet.BuildContext) error { return nil }

// Dot11Action is an action frame's category and action code (Scapy's
// Dot11Action has the category). Spectrum management actions (category
// 0) continue with elements, after a dialog token for actions 0-3; the
// details of other categories follow as Raw.
type Dot11Action struct {
	Category    uint8
	Action      fields.Opt[uint8] // unset: absent (a frame of the category alone)
	DialogToken fields.Opt[uint8] // spectrum management actions 0-3
}

func actionHas(l any) bool { return l.(*Dot11Action).Action.Valid }
func tokenHas(l any) bool  { return l.(*Dot11Action).DialogToken.Valid }

var dot11ActionProto = &packet.Proto{
	Name: "Dot11Action", Aliases: []string{"802.11 Action"},
	Doc: "IEEE 802.11 action frame: category and action; spectrum management elements, other details kept Raw",
	New: func() packet.Layer { return NewDot11Action() },
	Fields: []fields.Field{
		fields.ByteField("category", 0, func(b *Dot11Action) *uint8 { return &b.Category }).
			WithEnum(Dot11ActionCategoryNames),
		fields.AutoUintField("action", 8, func(b *Dot11Action) *fields.Opt[uint8] { return &b.Action }).When(actionHas),
		fields.AutoUintField("dialog_token", 8, func(b *Dot11Action) *fields.Opt[uint8] { return &b.DialogToken }).When(tokenHas),
	},
}

// Dot11ActionType is the registered type of Dot11Action.
var Dot11ActionType = packet.Register(dot11ActionProto)

// NewDot11Action returns an action of category 0 (spectrum management),
// action 0.
func NewDot11Action() *Dot11Action { return &Dot11Action{Action: fields.Some[uint8](0)} }

func (b *Dot11Action) Proto() *packet.Proto         { return dot11ActionProto }
func (b *Dot11Action) Get(name string) (any, error) { return packet.GetField(b, name) }
func (b *Dot11Action) Set(name string, v any) error { return packet.SetField(b, name, v) }
func (b *Dot11Action) Show() string                 { return packet.ShowLayer(b) }
func (b *Dot11Action) Title() string                { return "802.11 Action" }
func (b *Dot11Action) Summary() string {
	return "Dot11Action " + dot11ActionProto.Fields[0].Format(b)
}

// HeaderLen is the category and, when present, action and dialog token.
func (b *Dot11Action) HeaderLen() int {
	n := Dot11ActionLen
	if b.Action.Valid {
		n++
		if b.DialogToken.Valid {
			n++
		}
	}
	return n
}

// DecodeFromBytes decodes category and action (and the dialog token and
// elements of spectrum management).
func (b *Dot11Action) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < Dot11ActionLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	b.Category, b.Action, b.DialogToken = data[0], fields.Opt[uint8]{}, fields.Opt[uint8]{}
	n := Dot11ActionLen
	var next packet.LayerType
	if len(data) > 1 {
		b.Action = fields.Some(data[1])
		n++
		if b.Category == 0 && data[1] <= 4 {
			if data[1] < 4 && len(data) > 2 {
				b.DialogToken = fields.Some(data[2])
				n++
			}
			next = elementsAfter(data[n:], ctx)
		}
	}
	return packet.DecodeResult{HeaderLen: n, PayloadLen: -1, Next: next}, nil
}

// SerializeTo writes category, action and dialog token.
func (b *Dot11Action) SerializeTo(out []byte, _ *packet.BuildContext) error {
	out[0] = b.Category
	if b.Action.Valid {
		out[1] = b.Action.Value
		if b.DialogToken.Valid {
			out[2] = b.DialogToken.Value
		}
	}
	return nil
}

// 802.11 block ack request and block ack bodies (802.11-2020 9.3.1.7,
// 9.3.1.8), after a control header with RA and TA:
//
//	+-------------------+-------------------------------------------+
//	| BAR/BA control (2)| information: starting sequence control,   |
//	|  little-endian    | and for a block ack its bitmap            |
//	+-------------------+-------------------------------------------+
//
// The control's bit 0 is the ack policy, bits 1-4 the variant (basic,
// compressed, multi-TID, ...), bits 12-15 the TID.
const Dot11BlockAckCtlLen = 2

// Dot11BlockAckReq is a block ack request body: control and information
// (for the basic and compressed variants, the starting sequence control).
type Dot11BlockAckReq struct {
	Control uint16
	Info    []byte
}

// Dot11BlockAck is a block ack body: control and information (starting
// sequence control and bitmap for the basic and compressed variants).
type Dot11BlockAck struct {
	Control uint16
	Info    []byte
}

var (
	dot11BlockAckReqProto = &packet.Proto{
		Name: "Dot11BlockAckReq", Aliases: []string{"802.11 Block Ack Request"},
		Doc: "IEEE 802.11 block ack request: BAR control and information",
		New: func() packet.Layer { return &Dot11BlockAckReq{} },
		Fields: []fields.Field{
			fields.XShortField("ba_control", 0, func(b *Dot11BlockAckReq) *uint16 { return &b.Control }),
			fields.BytesField("info", func(b *Dot11BlockAckReq) *[]byte { return &b.Info }),
		},
	}
	dot11BlockAckProto = &packet.Proto{
		Name: "Dot11BlockAck", Aliases: []string{"802.11 Block Ack"},
		Doc: "IEEE 802.11 block ack: BA control, starting sequence and bitmap",
		New: func() packet.Layer { return &Dot11BlockAck{} },
		Fields: []fields.Field{
			fields.XShortField("ba_control", 0, func(b *Dot11BlockAck) *uint16 { return &b.Control }),
			fields.BytesField("info", func(b *Dot11BlockAck) *[]byte { return &b.Info }),
		},
	}
	// Dot11BlockAckReqType and Dot11BlockAckType are their registered
	// types.
	Dot11BlockAckReqType = packet.Register(dot11BlockAckReqProto)
	Dot11BlockAckType    = packet.Register(dot11BlockAckProto)
)

func (b *Dot11BlockAckReq) Proto() *packet.Proto         { return dot11BlockAckReqProto }
func (b *Dot11BlockAckReq) Get(name string) (any, error) { return packet.GetField(b, name) }
func (b *Dot11BlockAckReq) Set(name string, v any) error { return packet.SetField(b, name, v) }
func (b *Dot11BlockAckReq) Show() string                 { return packet.ShowLayer(b) }
func (b *Dot11BlockAckReq) Title() string                { return "802.11 Block Ack Request" }
func (b *Dot11BlockAckReq) Summary() string {
	return "Dot11BlockAckReq TID " + strconv.Itoa(int(b.Control>>12))
}
func (b *Dot11BlockAckReq) HeaderLen() int { return Dot11BlockAckCtlLen + len(b.Info) }

// TID is the traffic identifier of the control field.
func (b *Dot11BlockAckReq) TID() uint8 { return uint8(b.Control >> 12) }

// StartSeq is the starting sequence number (basic and compressed forms).
func (b *Dot11BlockAckReq) StartSeq() (uint16, bool) {
	if len(b.Info) < 2 {
		return 0, false
	}
	return le16(b.Info) >> 4, true
}

// DecodeFromBytes decodes the control and keeps the information.
func (b *Dot11BlockAckReq) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < Dot11BlockAckCtlLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	b.Control, b.Info = le16(data), data[Dot11BlockAckCtlLen:]
	return packet.DecodeResult{HeaderLen: len(data), PayloadLen: 0}, nil
}

// SerializeTo writes control and information.
func (b *Dot11BlockAckReq) SerializeTo(out []byte, _ *packet.BuildContext) error {
	putLE16(out, b.Control)
	copy(out[Dot11BlockAckCtlLen:], b.Info)
	return nil
}

func (b *Dot11BlockAck) Proto() *packet.Proto         { return dot11BlockAckProto }
func (b *Dot11BlockAck) Get(name string) (any, error) { return packet.GetField(b, name) }
func (b *Dot11BlockAck) Set(name string, v any) error { return packet.SetField(b, name, v) }
func (b *Dot11BlockAck) Show() string                 { return packet.ShowLayer(b) }
func (b *Dot11BlockAck) Title() string                { return "802.11 Block Ack" }
func (b *Dot11BlockAck) Summary() string {
	return "Dot11BlockAck TID " + strconv.Itoa(int(b.Control>>12))
}
func (b *Dot11BlockAck) HeaderLen() int { return Dot11BlockAckCtlLen + len(b.Info) }

// TID is the traffic identifier of the control field.
func (b *Dot11BlockAck) TID() uint8 { return uint8(b.Control >> 12) }

// StartSeq is the starting sequence number (basic and compressed forms).
func (b *Dot11BlockAck) StartSeq() (uint16, bool) {
	if len(b.Info) < 2 {
		return 0, false
	}
	return le16(b.Info) >> 4, true
}

// Bitmap is the acknowledgement bitmap (basic and compressed forms).
func (b *Dot11BlockAck) Bitmap() []byte {
	if len(b.Info) < 2 {
		return nil
	}
	return b.Info[2:]
}

// DecodeFromBytes decodes the control and keeps the information.
func (b *Dot11BlockAck) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < Dot11BlockAckCtlLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	b.Control, b.Info = le16(data), data[Dot11BlockAckCtlLen:]
	return packet.DecodeResult{HeaderLen: len(data), PayloadLen: 0}, nil
}

// SerializeTo writes control and information.
func (b *Dot11BlockAck) SerializeTo(out []byte, _ *packet.BuildContext) error {
	putLE16(out, b.Control)
	copy(out[Dot11BlockAckCtlLen:], b.Info)
	return nil
}

func init() {
	bind := func(up packet.LayerType, v uint64, dissectOnly bool) {
		packet.Bind(packet.BindingRule{Lower: Dot11Type, Upper: up, Field: "type_subtype", Value: v, DissectOnly: dissectOnly})
	}
	bind(Dot11AssoReqType, 0x00, false)
	bind(Dot11AssoRespType, 0x01, false)
	bind(Dot11ReassoReqType, 0x02, false)
	bind(Dot11ReassoRespType, 0x03, false)
	bind(Dot11ProbeReqType, 0x04, false)
	bind(Dot11ProbeRespType, 0x05, false)
	bind(Dot11BeaconType, 0x08, false)
	bind(Dot11ATIMType, 0x09, false)
	bind(Dot11DisasType, 0x0a, false)
	bind(Dot11AuthType, 0x0b, false)
	bind(Dot11DeauthType, 0x0c, false)
	bind(Dot11ActionType, 0x0d, false)
	bind(Dot11ActionType, 0x0e, true) // action no ack
	bind(Dot11BlockAckReqType, 0x18, false)
	bind(Dot11BlockAckType, 0x19, false)
}
