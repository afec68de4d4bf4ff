package goscapy

import (
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// RadioTapBuilder builds a radiotap header. Each field setter also sets
// the field's present bit; without any, the header is Scapy's RadioTap():
// 8 bytes, no fields (or the flags with the FCS bit under a Dot11FCS).
// With fields under a Dot11FCS, set Flags(layers.RadioTapFlagFCS) too.
type RadioTapBuilder struct{ base[*layers.RadioTap] }

// NewRadioTap starts a radiotap header with no fields.
func NewRadioTap() *RadioTapBuilder {
	return &RadioTapBuilder{base[*layers.RadioTap]{l: layers.NewRadioTap()}}
}

func (b *RadioTapBuilder) present(bit uint32) *RadioTapBuilder {
	b.l.Present = fields.Some(b.l.Present.Value | bit)
	return b
}

// Present sets the first present word as given (layers.RadioTapTSFT|...).
func (b *RadioTapBuilder) Present(v uint32) *RadioTapBuilder {
	b.l.Present = fields.Some(v)
	return b
}

// TSFT sets the MAC timestamp in microseconds.
func (b *RadioTapBuilder) TSFT(v uint64) *RadioTapBuilder {
	b.l.TSFT = v
	return b.present(layers.RadioTapTSFT)
}

// Flags sets the flags (layers.RadioTapFlagFCS, ...).
func (b *RadioTapBuilder) Flags(v uint8) *RadioTapBuilder {
	b.l.Flags = v
	return b.present(layers.RadioTapFlags)
}

// Rate sets the legacy rate in units of 500 kb/s (2 is 1 Mb/s).
func (b *RadioTapBuilder) Rate(v uint8) *RadioTapBuilder {
	b.l.Rate = v
	return b.present(layers.RadioTapRate)
}

// Channel sets the channel frequency (MHz) and flags
// (layers.RadioTapChan2GHz|layers.RadioTapChanCCK, ...).
func (b *RadioTapBuilder) Channel(freq, flags uint16) *RadioTapBuilder {
	b.l.ChannelFrequency, b.l.ChannelFlags = freq, flags
	return b.present(layers.RadioTapChannel)
}

// DBmAntSignal sets the antenna signal in dBm.
func (b *RadioTapBuilder) DBmAntSignal(v int8) *RadioTapBuilder {
	b.l.DBmAntSignal = v
	return b.present(layers.RadioTapDBmAntSignal)
}

// DBmAntNoise sets the antenna noise in dBm.
func (b *RadioTapBuilder) DBmAntNoise(v int8) *RadioTapBuilder {
	b.l.DBmAntNoise = v
	return b.present(layers.RadioTapDBmAntNoise)
}

// DBmTXPower sets the transmit power in dBm.
func (b *RadioTapBuilder) DBmTXPower(v int8) *RadioTapBuilder {
	b.l.DBmTXPower = v
	return b.present(layers.RadioTapDBmTXPower)
}

// Antenna sets the antenna index.
func (b *RadioTapBuilder) Antenna(v uint8) *RadioTapBuilder {
	b.l.Antenna = v
	return b.present(layers.RadioTapAntenna)
}

// RXFlags sets the receive flags.
func (b *RadioTapBuilder) RXFlags(v uint16) *RadioTapBuilder {
	b.l.RXFlags = v
	return b.present(layers.RadioTapRXFlags)
}

// TXFlags sets the transmit flags (0x0008: no ack expected, ...).
func (b *RadioTapBuilder) TXFlags(v uint16) *RadioTapBuilder {
	b.l.TXFlags = v
	return b.present(layers.RadioTapTXFlags)
}

// MCS sets the HT rate: the known bits, the flags byte (bandwidth in bits
// 0-1, short guard interval bit 2, ...) and the MCS index.
func (b *RadioTapBuilder) MCS(known, flags, index uint8) *RadioTapBuilder {
	b.l.KnownMCS, b.l.MCSIndex = known, index
	b.l.MCSBandwidth, b.l.GuardInterval, b.l.HTFormat = flags&3, flags>>2&1, flags>>3&1
	b.l.FECType, b.l.STBCStreams, b.l.NessLSB = flags>>4&1, flags>>5&3, flags>>7
	return b.present(layers.RadioTapMCS)
}

// Set sets any field by its Scapy name (it does not touch present).
func (b *RadioTapBuilder) Set(field string, v any) *RadioTapBuilder { b.set(field, v); return b }

// Dot11Builder builds an 802.11 MAC header (Scapy's Dot11, or Dot11FCS).
type Dot11Builder struct{ base[*layers.Dot11] }

// NewDot11 starts an 802.11 header with Scapy's defaults: addresses
// 00:00:00:00:00:00, type and subtype from the layer above.
func NewDot11() *Dot11Builder { return &Dot11Builder{base[*layers.Dot11]{l: layers.NewDot11()}} }

// NewDot11FCS starts an 802.11 header of a frame that ends with its FCS:
// end the stack with NewDot11FCSTrailer, which holds the FCS computed at
// build (or the one set with FCS).
func NewDot11FCS() *Dot11Builder { return &Dot11Builder{base[*layers.Dot11]{l: layers.NewDot11FCS()}} }

// Type sets the frame type (layers.Dot11TypeManagement, ...).
func (b *Dot11Builder) Type(v uint8) *Dot11Builder {
	if v > 3 {
		b.fail("type", v, fields.ErrBadValue)
	}
	b.l.Type = fields.Some(v)
	return b
}

// Subtype sets the frame subtype (layers.Dot11SubtypeBeacon, ...).
func (b *Dot11Builder) Subtype(v uint8) *Dot11Builder {
	if v > 15 {
		b.fail("subtype", v, fields.ErrBadValue)
	}
	b.l.Subtype = fields.Some(v)
	return b
}

// FCfield sets the frame control flags (layers.Dot11FlagToDS, ...).
func (b *Dot11Builder) FCfield(v uint8) *Dot11Builder { b.l.FCfield = v; return b }

// ID sets the duration/ID field as Scapy reads it (big-endian).
func (b *Dot11Builder) ID(v uint16) *Dot11Builder { b.l.ID = v; return b }

// Duration sets the duration/ID field as the standard reads it
// (little-endian, microseconds).
func (b *Dot11Builder) Duration(v uint16) *Dot11Builder { b.l.ID = v>>8 | v<<8; return b }

// Addr1 sets address 1 (the receiver): "ff:ff:ff:ff:ff:ff", a MAC, ...
func (b *Dot11Builder) Addr1(v any) *Dot11Builder { b.l.Addr1 = b.mac("addr1", v); return b }

// Addr2 sets address 2 (the transmitter).
func (b *Dot11Builder) Addr2(v any) *Dot11Builder { b.l.Addr2 = b.mac("addr2", v); return b }

// Addr3 sets address 3 (BSSID, source or destination by the DS flags).
func (b *Dot11Builder) Addr3(v any) *Dot11Builder { b.l.Addr3 = b.mac("addr3", v); return b }

// Addr4 sets address 4 (frames with both to-DS and from-DS).
func (b *Dot11Builder) Addr4(v any) *Dot11Builder { b.l.Addr4 = b.mac("addr4", v); return b }

// SC sets the sequence control (sequence number << 4 | fragment).
func (b *Dot11Builder) SC(v uint16) *Dot11Builder { b.l.SC = v; return b }

// Seq sets the sequence number (12 bits) of the sequence control.
func (b *Dot11Builder) Seq(v uint16) *Dot11Builder {
	if v > 0xfff {
		b.fail("SC", v, fields.ErrBadValue)
	}
	b.l.SC = v<<4 | b.l.SC&15
	return b
}

// FCS sets the frame check sequence of a Dot11FCS frame (a wrong one on
// purpose); by default it is computed.
func (b *Dot11Builder) FCS(v uint32) *Dot11Builder { b.l.FCS = fields.Some(v); return b }

// Set sets any field by its Scapy name.
func (b *Dot11Builder) Set(field string, v any) *Dot11Builder { b.set(field, v); return b }

// PaddingBuilder builds trailing bytes that are no part of any payload.
type PaddingBuilder struct{ base[*packet.Padding] }

// NewDot11FCSTrailer returns the 4-byte trailer that ends a Dot11FCS
// frame and receives its FCS.
func NewDot11FCSTrailer() *PaddingBuilder {
	return &PaddingBuilder{base[*packet.Padding]{l: layers.NewDot11FCSTrailer()}}
}

// Dot11QoSBuilder builds the QoS control of a QoS data frame. Under a
// Dot11 of unset type and subtype it makes QoS Null (subtype 12), as
// Scapy does: set the Dot11 subtype to 8 for QoS data.
type Dot11QoSBuilder struct{ base[*layers.Dot11QoS] }

// NewDot11QoS starts a QoS control of zeros.
func NewDot11QoS() *Dot11QoSBuilder {
	return &Dot11QoSBuilder{base[*layers.Dot11QoS]{l: layers.NewDot11QoS()}}
}

// TID sets the traffic identifier (0-15).
func (b *Dot11QoSBuilder) TID(v uint8) *Dot11QoSBuilder {
	if v > 15 {
		b.fail("TID", v, fields.ErrBadValue)
	}
	b.l.TID = v
	return b
}

// EOSP sets the end of service period bit.
func (b *Dot11QoSBuilder) EOSP(v uint8) *Dot11QoSBuilder { b.l.EOSP = v & 1; return b }

// AckPolicy sets the ack policy (0-3).
func (b *Dot11QoSBuilder) AckPolicy(v uint8) *Dot11QoSBuilder { b.l.AckPolicy = v & 3; return b }

// TXOP sets the TXOP limit or queue size byte.
func (b *Dot11QoSBuilder) TXOP(v uint8) *Dot11QoSBuilder { b.l.TXOP = v; return b }

// Set sets any field by its Scapy name.
func (b *Dot11QoSBuilder) Set(field string, v any) *Dot11QoSBuilder { b.set(field, v); return b }

// Dot11BeaconBuilder builds a beacon's fixed fields.
type Dot11BeaconBuilder struct{ base[*layers.Dot11Beacon] }

// NewDot11Beacon starts beacon fields with Scapy's defaults (interval 100
// time units, no capabilities).
func NewDot11Beacon() *Dot11BeaconBuilder {
	return &Dot11BeaconBuilder{base[*layers.Dot11Beacon]{l: layers.NewDot11Beacon()}}
}

// Timestamp sets the TSF timestamp.
func (b *Dot11BeaconBuilder) Timestamp(v uint64) *Dot11BeaconBuilder { b.l.Timestamp = v; return b }

// BeaconInterval sets the interval in time units of 1024 microseconds.
func (b *Dot11BeaconBuilder) BeaconInterval(v uint16) *Dot11BeaconBuilder {
	b.l.BeaconInterval = v
	return b
}

// Cap sets the capabilities in Scapy's numbering
// (layers.Dot11CapESS|layers.Dot11CapPrivacy, ...).
func (b *Dot11BeaconBuilder) Cap(v uint16) *Dot11BeaconBuilder { b.l.Cap = v; return b }

// Set sets any field by its Scapy name.
func (b *Dot11BeaconBuilder) Set(field string, v any) *Dot11BeaconBuilder { b.set(field, v); return b }

// Dot11BodyBuilder builds the fixed fields of another 802.11 management
// or control frame body (probe request and response, authentication,
// association, deauthentication, disassociation, action); set them by
// their Scapy names.
type Dot11BodyBuilder[L packet.Layer] struct{ base[L] }

// Set sets a field by its Scapy name ("reason", "algo", "seqnum", ...).
func (b *Dot11BodyBuilder[L]) Set(field string, v any) *Dot11BodyBuilder[L] {
	b.set(field, v)
	return b
}

func dot11Body[L packet.Layer](l L) *Dot11BodyBuilder[L] { return &Dot11BodyBuilder[L]{base[L]{l: l}} }

// NewDot11ProbeReq starts a probe request body (elements only).
func NewDot11ProbeReq() *Dot11BodyBuilder[*layers.Dot11ProbeReq] {
	return dot11Body(layers.NewDot11ProbeReq())
}

// NewDot11ProbeResp starts a probe response's fixed fields.
func NewDot11ProbeResp() *Dot11BodyBuilder[*layers.Dot11ProbeResp] {
	return dot11Body(layers.NewDot11ProbeResp())
}

// NewDot11Auth starts an authentication's fixed fields (open system).
func NewDot11Auth() *Dot11BodyBuilder[*layers.Dot11Auth] { return dot11Body(layers.NewDot11Auth()) }

// NewDot11AssoReq starts an association request's fixed fields.
func NewDot11AssoReq() *Dot11BodyBuilder[*layers.Dot11AssoReq] {
	return dot11Body(layers.NewDot11AssoReq())
}

// NewDot11AssoResp starts an association response's fixed fields.
func NewDot11AssoResp() *Dot11BodyBuilder[*layers.Dot11AssoResp] {
	return dot11Body(layers.NewDot11AssoResp())
}

// NewDot11ReassoReq starts a reassociation request's fixed fields.
func NewDot11ReassoReq() *Dot11BodyBuilder[*layers.Dot11ReassoReq] {
	return dot11Body(layers.NewDot11ReassoReq())
}

// NewDot11Deauth starts a deauthentication (reason 1).
func NewDot11Deauth() *Dot11BodyBuilder[*layers.Dot11Deauth] {
	return dot11Body(layers.NewDot11Deauth())
}

// NewDot11Disas starts a disassociation (reason 1).
func NewDot11Disas() *Dot11BodyBuilder[*layers.Dot11Disas] { return dot11Body(layers.NewDot11Disas()) }

// NewDot11Action starts an action frame of a category and action code;
// its details follow as Raw (or elements, for spectrum management).
func NewDot11Action(category, action uint8) *Dot11BodyBuilder[*layers.Dot11Action] {
	return dot11Body(&layers.Dot11Action{Category: category, Action: fields.Some(action)})
}

// Dot11EltBuilder builds one information element.
type Dot11EltBuilder struct{ base[*layers.Dot11Elt] }

func dot11EltOf(e *layers.Dot11Elt) *Dot11EltBuilder {
	return &Dot11EltBuilder{base[*layers.Dot11Elt]{l: e}}
}

// NewDot11Elt starts an element of an ID and its information bytes.
func NewDot11Elt(id uint8, info []byte) *Dot11EltBuilder {
	return dot11EltOf(layers.NewDot11Elt(id, info))
}

// NewDot11EltSSID returns an SSID element.
func NewDot11EltSSID(ssid string) *Dot11EltBuilder {
	b := dot11EltOf(layers.NewDot11EltSSID(ssid))
	if len(ssid) > 32 {
		b.fail("info", ssid, fields.ErrBadValue)
	}
	return b
}

// NewDot11EltRates returns a supported rates element (500 kb/s units,
// 0x80 for basic rates).
func NewDot11EltRates(rates ...uint8) *Dot11EltBuilder {
	return dot11EltOf(layers.NewDot11EltRates(rates...))
}

// NewDot11EltExtRates returns an extended supported rates element.
func NewDot11EltExtRates(rates ...uint8) *Dot11EltBuilder {
	return dot11EltOf(layers.NewDot11EltExtRates(rates...))
}

// NewDot11EltDSSSet returns a DSSS parameter set element (the channel).
func NewDot11EltDSSSet(channel uint8) *Dot11EltBuilder {
	return dot11EltOf(layers.NewDot11EltDSSSet(channel))
}

// NewDot11EltTIM returns a TIM element.
func NewDot11EltTIM(t layers.Dot11TIM) *Dot11EltBuilder { return dot11EltOf(layers.NewDot11EltTIM(t)) }

// NewDot11EltCountry returns a country element.
func NewDot11EltCountry(c layers.Dot11Country) *Dot11EltBuilder {
	return dot11EltOf(layers.NewDot11EltCountry(c))
}

// NewDot11EltRSN returns an RSN element (layers.DefaultRSNInfo is Scapy's
// Dot11EltRSN()).
func NewDot11EltRSN(r layers.RSNInfo) *Dot11EltBuilder { return dot11EltOf(layers.NewDot11EltRSN(r)) }

// NewDot11EltVendor returns a vendor specific element.
func NewDot11EltVendor(oui uint32, data []byte) *Dot11EltBuilder {
	return dot11EltOf(layers.NewDot11EltVendor(oui, data))
}

// Len sets the length byte (by default the length of the information).
func (b *Dot11EltBuilder) Len(v uint8) *Dot11EltBuilder { b.l.Len = fields.Some(v); return b }

// Set sets any field by its Scapy name.
func (b *Dot11EltBuilder) Set(field string, v any) *Dot11EltBuilder { b.set(field, v); return b }

// LLCSNAPBuilder builds the LLC and SNAP headers of an 802.11 data frame
// (0xaa 0xaa 0x03, OUI 0); the SNAP code comes from the layer above (the
// EtherType of IP, ARP, EAPOL, ...).
type LLCSNAPBuilder struct {
	llc  layers.LLC
	snap layers.SNAP
	two  [2]packet.Layer
}

// NewLLCSNAP starts LLC and SNAP headers whose fields come from the
// bindings.
func NewLLCSNAP() *LLCSNAPBuilder { return &LLCSNAPBuilder{} }

// Code sets the SNAP protocol code (an EtherType with OUI 0).
func (b *LLCSNAPBuilder) Code(v uint16) *LLCSNAPBuilder { b.snap.Code = fields.Some(v); return b }

// Layers implements Builder.
func (b *LLCSNAPBuilder) Layers() ([]packet.Layer, error) {
	b.two = [2]packet.Layer{&b.llc, &b.snap}
	return b.two[:], nil
}

// Over starts a stack with these headers and puts x on top of them.
func (b *LLCSNAPBuilder) Over(x Builder) *Stack { return (&Stack{}).Over(b).Over(x) }

// EAPOLBuilder builds an EAPOL header.
type EAPOLBuilder struct{ base[*layers.EAPOL] }

// NewEAPOL starts an EAPOL header (version 1; type from the layer above).
func NewEAPOL() *EAPOLBuilder { return &EAPOLBuilder{base[*layers.EAPOL]{l: layers.NewEAPOL()}} }

// Version sets the 802.1X version (1, 2 or 3).
func (b *EAPOLBuilder) Version(v uint8) *EAPOLBuilder { b.l.Version = v; return b }

// Type sets the packet type (layers.EAPOLTypeStart, ...).
func (b *EAPOLBuilder) Type(v uint8) *EAPOLBuilder { b.l.Type = fields.Some(v); return b }

// Len sets the body length; by default it is computed.
func (b *EAPOLBuilder) Len(v uint16) *EAPOLBuilder { b.l.Len = fields.Some(v); return b }

// Set sets any field by its Scapy name.
func (b *EAPOLBuilder) Set(field string, v any) *EAPOLBuilder { b.set(field, v); return b }

// EAPOLKeyBuilder builds an EAPOL-Key body.
type EAPOLKeyBuilder struct{ base[*layers.EAPOLKey] }

// NewEAPOLKey starts an RSN key descriptor (type 2) with the MIC bit set,
// as Scapy's EAPOL_KEY(key_descriptor_type=2).
func NewEAPOLKey() *EAPOLKeyBuilder {
	k := layers.NewEAPOLKey()
	k.DescriptorType = layers.EAPOLKeyRSN
	return &EAPOLKeyBuilder{base[*layers.EAPOLKey]{l: k}}
}

// DescriptorType sets the descriptor type (layers.EAPOLKeyRSN, ...).
func (b *EAPOLKeyBuilder) DescriptorType(v uint8) *EAPOLKeyBuilder {
	b.l.DescriptorType = v
	return b
}

// KeyInfo sets the key information bits as on the wire
// (layers.EAPOLKeyInfoPairwise|layers.EAPOLKeyInfoAck|2, ...).
func (b *EAPOLKeyBuilder) KeyInfo(v uint16) *EAPOLKeyBuilder { b.l.SetKeyInfo(v); return b }

// KeyLength sets the key length.
func (b *EAPOLKeyBuilder) KeyLength(v uint16) *EAPOLKeyBuilder { b.l.KeyLength = v; return b }

// ReplayCounter sets the replay counter.
func (b *EAPOLKeyBuilder) ReplayCounter(v uint64) *EAPOLKeyBuilder {
	b.l.ReplayCounter = v
	return b
}

// Nonce sets the key nonce (32 bytes).
func (b *EAPOLKeyBuilder) Nonce(v []byte) *EAPOLKeyBuilder { b.set("key_nonce", v); return b }

// MIC sets the key MIC (16 bytes).
func (b *EAPOLKeyBuilder) MIC(v []byte) *EAPOLKeyBuilder { b.set("key_mic", v); return b }

// KeyData sets the key data (its length is computed).
func (b *EAPOLKeyBuilder) KeyData(v []byte) *EAPOLKeyBuilder { b.l.KeyData = v; return b }

// Set sets any field by its Scapy name.
func (b *EAPOLKeyBuilder) Set(field string, v any) *EAPOLKeyBuilder { b.set(field, v); return b }

// EAPBuilder builds an EAP packet.
type EAPBuilder struct{ base[*layers.EAP] }

// NewEAP starts an EAP packet: code, identifier, type and type data (the
// type is left out for success and failure).
func NewEAP(code, id, typ uint8, data []byte) *EAPBuilder {
	return &EAPBuilder{base[*layers.EAP]{l: &layers.EAP{Code: code, ID: id, Type: typ, Data: data}}}
}

// Set sets any field by its Scapy name.
func (b *EAPBuilder) Set(field string, v any) *EAPBuilder { b.set(field, v); return b }

// Dot11BeaconRates are the rates of RadioTapBeacon's beacons: 1, 2, 5.5
// and 11 Mb/s basic, 6, 9, 12 and 18 Mb/s.
var Dot11BeaconRates = []uint8{0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24}

// NewBeacon returns the stack of a beacon of an access point (BSSID) on a
// 2.4 GHz channel: RadioTap (no fields) / Dot11 (to the broadcast address)
// / Dot11Beacon (ESS) / SSID / rates / DSSS parameter set. More elements
// can go on top (an RSN element, say).
func NewBeacon(bssid any, ssid string, channel uint8) *Stack {
	return NewRadioTap().
		Over(NewDot11().Addr1(fields.BroadcastMAC).Addr2(bssid).Addr3(bssid)).
		Over(NewDot11Beacon().Cap(layers.Dot11CapESS)).
		Over(NewDot11EltSSID(ssid)).
		Over(NewDot11EltRates(Dot11BeaconRates...)).
		Over(NewDot11EltDSSSet(channel))
}

// RadioTapBeacon builds the beacon of NewBeacon.
func RadioTapBeacon(bssid any, ssid string, channel uint8) ([]byte, error) {
	return NewBeacon(bssid, ssid, channel).Build()
}
