package layers

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// RadioTap header (https://www.radiotap.org), every integer little-endian:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|    version    |      pad      |            length             |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|        present: one bit per field that follows; bits 29-31      |
//	|        are R (radiotap namespace next), V (vendor namespace     |
//	|        next) and E (another present word follows)              |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|            more present words while E (bit 31) is set          |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|   the fields, in bit order, each aligned to its natural size   |
//	|   counted from the start of the header; up to length bytes    |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// R makes the next present word start the radiotap fields over (one more
// antenna, say); V adds a vendor namespace: a 6-byte header (OUI,
// sub-namespace, skip length) aligned to 2 and that many bytes of vendor
// data, whose present words follow. A present word of the radiotap
// namespace after the first without R (bits 32 and up) names fields no
// one defines: the rest of the header is kept undecoded, as parsers do.
// The 802.11 frame comes after length bytes.
const (
	rtVersion    = 0
	rtPad        = 1
	rtLen        = 2
	rtPresent    = 4
	RadioTapLen  = 8 // the fixed part: version, pad, length, one present word
	rtVendorSize = 6
)

// RadioTap present bits (untyped).
const (
	RadioTapTSFT            = 1 << 0
	RadioTapFlags           = 1 << 1
	RadioTapRate            = 1 << 2
	RadioTapChannel         = 1 << 3
	RadioTapFHSS            = 1 << 4
	RadioTapDBmAntSignal    = 1 << 5
	RadioTapDBmAntNoise     = 1 << 6
	RadioTapLockQuality     = 1 << 7
	RadioTapTXAttenuation   = 1 << 8
	RadioTapDBTXAttenuation = 1 << 9
	RadioTapDBmTXPower      = 1 << 10
	RadioTapAntenna         = 1 << 11
	RadioTapDBAntSignal     = 1 << 12
	RadioTapDBAntNoise      = 1 << 13
	RadioTapRXFlags         = 1 << 14
	RadioTapTXFlags         = 1 << 15
	RadioTapRTSRetries      = 1 << 16
	RadioTapDataRetries     = 1 << 17
	RadioTapXChannel        = 1 << 18
	RadioTapMCS             = 1 << 19
	RadioTapAMPDU           = 1 << 20
	RadioTapVHT             = 1 << 21
	RadioTapTimestamp       = 1 << 22
	RadioTapHE              = 1 << 23
	RadioTapHEMU            = 1 << 24
	RadioTapHEMUOtherUser   = 1 << 25
	RadioTapZeroLenPSDU     = 1 << 26
	RadioTapLSIG            = 1 << 27
	RadioTapTLV             = 1 << 28
	RadioTapNamespaceNext   = 1 << 29
	RadioTapVendorNext      = 1 << 30
	RadioTapExt             = 1 << 31
)

// RadioTap Flags bits (untyped).
const (
	RadioTapFlagCFP           = 0x01
	RadioTapFlagShortPreamble = 0x02
	RadioTapFlagWEP           = 0x04
	RadioTapFlagFragment      = 0x08
	RadioTapFlagFCS           = 0x10 // the 802.11 frame ends with its FCS
	RadioTapFlagDataPad       = 0x20
	RadioTapFlagBadFCS        = 0x40
	RadioTapFlagShortGI       = 0x80
)

// RadioTap channel flags (untyped).
const (
	RadioTapChanTurbo   = 0x0010
	RadioTapChanCCK     = 0x0020
	RadioTapChanOFDM    = 0x0040
	RadioTapChan2GHz    = 0x0080
	RadioTapChan5GHz    = 0x0100
	RadioTapChanPassive = 0x0200
	RadioTapChanDynamic = 0x0400
	RadioTapChanGFSK    = 0x0800
)

// Scapy's names of the present bits, flags and channel flags.
var (
	radioTapPresentNames = []string{"TSFT", "Flags", "Rate", "Channel", "FHSS", "dBm_AntSignal",
		"dBm_AntNoise", "Lock_Quality", "TX_Attenuation", "dB_TX_Attenuation", "dBm_TX_Power", "Antenna",
		"dB_AntSignal", "dB_AntNoise", "RXFlags", "TXFlags", "b17", "b18", "ChannelPlus", "MCS", "A_MPDU",
		"VHT", "timestamp", "HE", "HE_MU", "HE_MU_other_user", "zero_length_psdu", "L_SIG", "TLV",
		"RadiotapNS", "VendorNS", "Ext"}
	radioTapFlagNames        = []string{"CFP", "ShortPreamble", "wep", "fragment", "FCS", "pad", "badFCS", "ShortGI"}
	radioTapChannelFlagNames = []string{"res1", "res2", "res3", "res4", "Turbo", "CCK", "OFDM", "2GHz", "5GHz",
		"Passive", "Dynamic_CCK_OFDM", "GFSK", "GSM", "StaticTurbo", "10MHz", "5MHz"}
	radioTapXChannelFlagNames = []string{"res1", "res2", "res3", "res4", "Turbo", "CCK", "OFDM", "2GHz", "5GHz",
		"Passive", "Dynamic_CCK_OFDM", "GFSK", "GSM", "StaticTurbo", "10MHz", "5MHz", "20MHz",
		"40MHz_ext_channel_above", "40MHz_ext_channel_below", "res5", "res6", "res7", "res8", "res9"}
	radioTapRXFlagNames   = []string{"res1", "BAD_PLCP", "res2"}
	radioTapTXFlagNames   = []string{"TX_FAIL", "CTS", "RTS", "NOACK", "NOSEQ", "ORDER"}
	radioTapKnownMCSNames = []string{"MCS_bandwidth", "MCS_index", "guard_interval", "HT_format", "FEC_type",
		"STBC_streams", "Ness", "Ness_MSB"}
	radioTapAMPDUFlagNames = []string{"Report0Subframe", "Is0Subframe", "KnownLastSubframe", "LastSubframe",
		"CRCerror", "EOFsubframe", "KnownEOF", "res1", "res2", "res3", "res4", "res5", "res6", "res7", "res8"}
	radioTapKnownVHTNames = []string{"STBC", "TXOP_PS_NOT_ALLOWED", "GuardInterval", "SGINsysmDis",
		"LDPCextraOFDM", "Beamformed", "Bandwidth", "GroupID", "PartialAID", "res1", "res2", "res3", "res4",
		"res5", "res6", "res7"}
	radioTapPresentVHTNames = []string{"STBC", "TXOP_PS_NOT_ALLOWED", "GuardInterval", "SGINsysmDis",
		"LDPCextraOFDM", "Beamformed", "res1", "res2"}
	radioTapTSFlagNames = []string{"32-bit_counter", "Accuracy", "res1", "res2", "res3", "res4", "res5", "res6"}
)

// radioTapAlign gives the alignment and size of the fields of present bits
// 0 to 27 in the radiotap namespace (bit 28, TLVs, takes the rest).
var radioTapAlign = [28]struct{ align, size uint8 }{
	{8, 8}, {1, 1}, {1, 1}, {2, 4}, {2, 2}, {1, 1}, {1, 1}, {2, 2}, {2, 2}, {2, 2}, {1, 1}, {1, 1},
	{1, 1}, {1, 1}, {2, 2}, {2, 2}, {1, 1}, {1, 1}, {4, 8}, {1, 3}, {4, 8}, {2, 12}, {8, 12}, {2, 12},
	{2, 12}, {2, 6}, {1, 1}, {2, 4},
}

// RadioTapFields holds the values of the radiotap namespace's fields; a
// field is on the wire only when its present bit is set.
type RadioTapFields struct {
	TSFT             uint64 // mac_timestamp, microseconds
	Flags            uint8  // RadioTapFlag... bits
	Rate             uint8  // in units of 500 kb/s
	ChannelFrequency uint16 // MHz
	ChannelFlags     uint16 // RadioTapChan... bits
	FHSSHopSet       uint8
	FHSSPattern      uint8
	DBmAntSignal     int8
	DBmAntNoise      int8
	LockQuality      uint16
	TXAttenuation    uint16
	DBTXAttenuation  uint16
	DBmTXPower       int8
	Antenna          uint8
	DBAntSignal      uint8
	DBAntNoise       uint8
	RXFlags          uint16
	TXFlags          uint16
	RTSRetries       uint8
	DataRetries      uint8
	// XChannel (Scapy's ChannelPlus)
	XChannelFlags     uint32
	XChannelFrequency uint16
	XChannelNumber    uint8
	XChannelMaxPower  uint8
	// MCS: known bits, the flags byte's subfields, the MCS index
	KnownMCS      uint8
	MCSBandwidth  uint8 // 2 bits
	GuardInterval uint8 // 1 bit: 1 is short
	HTFormat      uint8 // 1 bit: 1 is greenfield
	FECType       uint8 // 1 bit: 1 is LDPC
	STBCStreams   uint8 // 2 bits
	NessLSB       uint8 // 1 bit
	MCSIndex      uint8
	// A-MPDU status: reference number; flags, delimiter CRC and reserved
	// byte as one little-endian word (Scapy's A_MPDU_flags)
	AMPDURef   uint32
	AMPDUFlags uint32
	// VHT
	KnownVHT     uint16
	PresentVHT   uint8 // the flags byte
	VHTBandwidth uint8
	VHTMCSNSS    [4]byte // one byte per user: MCS in the high nibble, NSS in the low
	VHTCoding    uint8
	GroupID      uint8
	PartialAID   uint16
	// timestamp
	Timestamp   uint64
	TSAccuracy  uint16
	TSUnit      uint8 // 4 bits: 0 ms, 1 us, 2 ns
	TSPosition  uint8 // 4 bits: sampling position
	TSFlags     uint8
	HE          [6]uint16 // he_data1..6
	HEMUFlags1  uint16
	HEMUFlags2  uint16
	RUChannel1  [4]byte
	RUChannel2  [4]byte
	HEMUOUser1  uint16 // HE-MU-other-user per_user_1
	HEMUOUser2  uint16
	HEMUOUPos   uint8
	HEMUOUKnown uint8
	ZeroLenPSDU uint8 // type
	LSIGData1   uint16
	LSIGLength  uint16 // 12 bits
	LSIGRate    uint8  // 4 bits
	TLVs        []byte // the TLV list (bit 28), kept as bytes
}

// RadioTapNamespace is a namespace after the first one: the radiotap
// namespace again, whose fields start over (a second antenna, say), or a
// vendor namespace, whose data is kept as bytes.
type RadioTapNamespace struct {
	Vendor     bool
	OUI        uint32             // vendor: organisation (24 bits)
	SubNS      uint8              // vendor: sub-namespace
	SkipLength fields.Opt[uint16] // vendor: length of Data; unset: len(Data)
	Data       []byte             // vendor data
	Fields     RadioTapFields     // radiotap namespace: its field values
}

// RadioTap is a radiotap capture header (LINKTYPE_IEEE802_11_RADIOTAP) in
// front of an 802.11 frame. Present says which fields follow (Scapy's
// present); Ext holds the further present words. The fields of the first
// radiotap namespace are the embedded RadioTapFields; the namespaces after
// it are in More. Bytes of the header that are not decoded (fields of
// present bits no one defines, inconsistent padding) stay in NotDecoded.
type RadioTap struct {
	Version uint8
	Pad     uint8
	Len     fields.Opt[uint16]
	// Present is the first present word; unset it is 0, or Flags with the
	// FCS bit when a Dot11FCS follows (as Scapy does).
	Present fields.Opt[uint32]
	Ext     []uint32
	RadioTapFields
	More       []RadioTapNamespace
	NotDecoded []byte

	stop int // events walked before decoding stopped, plus one; 0: none
}

func rtBit(bit uint32) func(l any) bool {
	return func(l any) bool { return l.(*RadioTap).Present.Value&bit != 0 }
}

// rtInt8 is a signed byte field (dBm values): shown and given as JSON as
// a signed number.
func rtInt8(name string, ptr func(*RadioTap) *int8, unit string) fields.Field {
	return fields.ListField(name,
		func(r *RadioTap) any { return *ptr(r) },
		func(r *RadioTap, v any) error {
			n, err := toInt(v)
			if err != nil || n < -128 || n > 127 {
				return fmt.Errorf("%w: %v is not a signed byte", fields.ErrBadValue, v)
			}
			*ptr(r) = int8(n)
			return nil
		},
		func(r *RadioTap) string { return strconv.Itoa(int(*ptr(r))) + unit },
		func(r *RadioTap) any { return int(*ptr(r)) })
}

// setRateMbps sets Rate from Mb/s, as Scapy's Rate field takes it (22
// is 22 Mb/s, stored as 44 units of 500 kb/s).
func (r *RadioTap) setRateMbps(v any) error {
	var mbps float64
	switch x := v.(type) {
	case float64:
		mbps = x
	case float32:
		mbps = float64(x)
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(x), "Mbps")), 64)
		if err != nil {
			return fmt.Errorf("%w: rate %q", fields.ErrBadValue, x)
		}
		mbps = f
	default:
		n, err := toInt(v)
		if err != nil {
			return err
		}
		mbps = float64(n)
	}
	if mbps < 0 || mbps > 127.5 || mbps*2 != float64(int(mbps*2)) {
		return fmt.Errorf("%w: rate %v Mb/s is not a multiple of 0.5 up to 127.5", fields.ErrBadValue, v)
	}
	r.Rate = uint8(mbps * 2)
	return nil
}

// toInt converts a Go integer or decimal text ("-40", "-40 dBm") to an int.
func toInt(v any) (int, error) {
	switch x := v.(type) {
	case int:
		return x, nil
	case int8:
		return int(x), nil
	case int16:
		return int(x), nil
	case int32:
		return int(x), nil
	case int64:
		if x < -1<<31 || x > 1<<31 {
			return 0, fields.ErrBadValue
		}
		return int(x), nil
	case uint8:
		return int(x), nil
	case uint16:
		return int(x), nil
	case uint32:
		return int(x), nil
	case uint64:
		if x > 1<<31 {
			return 0, fields.ErrBadValue
		}
		return int(x), nil
	case float64:
		if x != float64(int(x)) {
			return 0, fields.ErrBadValue
		}
		return int(x), nil
	case string:
		n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(x), "dBm")))
		if err != nil {
			return 0, fmt.Errorf("%w: %q", fields.ErrBadValue, x)
		}
		return n, nil
	}
	return 0, fmt.Errorf("%w: %T is not an integer", fields.ErrBadValue, v)
}

func rtBytesN(name string, ptr func(*RadioTap) []byte) fields.Field {
	return fields.ListField(name,
		func(r *RadioTap) any { return append([]byte(nil), ptr(r)...) },
		func(r *RadioTap, v any) error { return setFixed(ptr(r), v) },
		func(r *RadioTap) string { return fields.ReprBytes(ptr(r)) },
		func(r *RadioTap) any { return fmt.Sprintf("%x", ptr(r)) })
}

func rtU[T fields.Unsigned](name string, bits int, bit uint32, ptr func(*RadioTap) *T) fields.Field {
	return fields.UintField(name, bits, T(0), ptr).When(rtBit(bit))
}

var radioTapProto = &packet.Proto{
	Name: "RadioTap", Aliases: []string{"Radiotap"},
	Doc: "radiotap capture header (LINKTYPE_IEEE802_11_RADIOTAP, 127): extended present words, namespaces, field alignment",
	New: func() packet.Layer { return NewRadioTap() },
	Fields: []fields.Field{
		fields.ByteField("version", 0, func(r *RadioTap) *uint8 { return &r.Version }),
		fields.ByteField("pad", 0, func(r *RadioTap) *uint8 { return &r.Pad }),
		fields.AutoUintField("len", 16, func(r *RadioTap) *fields.Opt[uint16] { return &r.Len }),
		fields.AutoUintField("present", 32, func(r *RadioTap) *fields.Opt[uint32] { return &r.Present }).
			WithFlags(radioTapPresentNames),
		fields.ListField("Ext", func(r *RadioTap) any { return r.Ext },
			func(r *RadioTap, v any) error {
				w, ok := v.([]uint32)
				if !ok {
					return fmt.Errorf("%w: Ext takes []uint32", fields.ErrBadValue)
				}
				r.Ext = w
				return nil
			},
			func(r *RadioTap) string {
				var b strings.Builder
				b.WriteByte('[')
				for i, w := range r.Ext {
					if i > 0 {
						b.WriteString(", ")
					}
					fmt.Fprintf(&b, "0x%08x", w)
				}
				b.WriteByte(']')
				return b.String()
			}, nil).When(rtBit(RadioTapExt)),
		rtU("mac_timestamp", 64, RadioTapTSFT, func(r *RadioTap) *uint64 { return &r.TSFT }),
		rtU("Flags", 8, RadioTapFlags, func(r *RadioTap) *uint8 { return &r.Flags }).WithFlags(radioTapFlagNames),
		fields.ListField("Rate", func(r *RadioTap) any { return float64(r.Rate) / 2 },
			func(r *RadioTap, v any) error { return r.setRateMbps(v) },
			func(r *RadioTap) string { return strconv.FormatFloat(float64(r.Rate)/2, 'f', 1, 64) + " Mbps" },
			func(r *RadioTap) any { return float64(r.Rate) / 2 }).When(rtBit(RadioTapRate)),
		rtU("ChannelFrequency", 16, RadioTapChannel, func(r *RadioTap) *uint16 { return &r.ChannelFrequency }),
		rtU("ChannelFlags", 16, RadioTapChannel, func(r *RadioTap) *uint16 { return &r.ChannelFlags }).
			WithFlags(radioTapChannelFlagNames),
		rtU("FHSS_hopset", 8, RadioTapFHSS, func(r *RadioTap) *uint8 { return &r.FHSSHopSet }),
		rtU("FHSS_pattern", 8, RadioTapFHSS, func(r *RadioTap) *uint8 { return &r.FHSSPattern }),
		rtInt8("dBm_AntSignal", func(r *RadioTap) *int8 { return &r.DBmAntSignal }, " dBm").When(rtBit(RadioTapDBmAntSignal)),
		rtInt8("dBm_AntNoise", func(r *RadioTap) *int8 { return &r.DBmAntNoise }, " dBm").When(rtBit(RadioTapDBmAntNoise)),
		rtU("Lock_Quality", 16, RadioTapLockQuality, func(r *RadioTap) *uint16 { return &r.LockQuality }),
		rtU("TX_Attenuation", 16, RadioTapTXAttenuation, func(r *RadioTap) *uint16 { return &r.TXAttenuation }),
		rtU("dB_TX_Attenuation", 16, RadioTapDBTXAttenuation, func(r *RadioTap) *uint16 { return &r.DBTXAttenuation }),
		rtInt8("dBm_TX_Power", func(r *RadioTap) *int8 { return &r.DBmTXPower }, " dBm").When(rtBit(RadioTapDBmTXPower)),
		rtU("Antenna", 8, RadioTapAntenna, func(r *RadioTap) *uint8 { return &r.Antenna }),
		rtU("dB_AntSignal", 8, RadioTapDBAntSignal, func(r *RadioTap) *uint8 { return &r.DBAntSignal }),
		rtU("dB_AntNoise", 8, RadioTapDBAntNoise, func(r *RadioTap) *uint8 { return &r.DBAntNoise }),
		rtU("RXFlags", 16, RadioTapRXFlags, func(r *RadioTap) *uint16 { return &r.RXFlags }).WithFlags(radioTapRXFlagNames),
		rtU("TXFlags", 16, RadioTapTXFlags, func(r *RadioTap) *uint16 { return &r.TXFlags }).WithFlags(radioTapTXFlagNames),
		rtU("RTS_retries", 8, RadioTapRTSRetries, func(r *RadioTap) *uint8 { return &r.RTSRetries }),
		rtU("data_retries", 8, RadioTapDataRetries, func(r *RadioTap) *uint8 { return &r.DataRetries }),
		rtU("ChannelPlusFlags", 32, RadioTapXChannel, func(r *RadioTap) *uint32 { return &r.XChannelFlags }).
			WithFlags(radioTapXChannelFlagNames),
		rtU("ChannelPlusFrequency", 16, RadioTapXChannel, func(r *RadioTap) *uint16 { return &r.XChannelFrequency }),
		rtU("ChannelPlusNumber", 8, RadioTapXChannel, func(r *RadioTap) *uint8 { return &r.XChannelNumber }),
		rtU("ChannelPlusMaxPower", 8, RadioTapXChannel, func(r *RadioTap) *uint8 { return &r.XChannelMaxPower }),
		rtU("knownMCS", 8, RadioTapMCS, func(r *RadioTap) *uint8 { return &r.KnownMCS }).WithFlags(radioTapKnownMCSNames),
		rtU("Ness_LSB", 1, RadioTapMCS, func(r *RadioTap) *uint8 { return &r.NessLSB }),
		rtU("STBC_streams", 2, RadioTapMCS, func(r *RadioTap) *uint8 { return &r.STBCStreams }),
		rtU("FEC_type", 1, RadioTapMCS, func(r *RadioTap) *uint8 { return &r.FECType }).
			WithEnum(map[uint64]string{0: "BCC", 1: "LDPC"}),
		rtU("HT_format", 1, RadioTapMCS, func(r *RadioTap) *uint8 { return &r.HTFormat }).
			WithEnum(map[uint64]string{0: "mixed", 1: "greenfield"}),
		rtU("guard_interval", 1, RadioTapMCS, func(r *RadioTap) *uint8 { return &r.GuardInterval }).
			WithEnum(map[uint64]string{0: "Long_GI", 1: "Short_GI"}),
		rtU("MCS_bandwidth", 2, RadioTapMCS, func(r *RadioTap) *uint8 { return &r.MCSBandwidth }).
			WithEnum(map[uint64]string{0: "20MHz", 1: "40MHz", 2: "ht40Mhz-", 3: "ht40MHz+"}),
		rtU("MCS_index", 8, RadioTapMCS, func(r *RadioTap) *uint8 { return &r.MCSIndex }),
		rtU("A_MPDU_ref", 32, RadioTapAMPDU, func(r *RadioTap) *uint32 { return &r.AMPDURef }),
		rtU("A_MPDU_flags", 32, RadioTapAMPDU, func(r *RadioTap) *uint32 { return &r.AMPDUFlags }).
			WithFlags(radioTapAMPDUFlagNames),
		rtU("KnownVHT", 16, RadioTapVHT, func(r *RadioTap) *uint16 { return &r.KnownVHT }).WithFlags(radioTapKnownVHTNames),
		rtU("PresentVHT", 8, RadioTapVHT, func(r *RadioTap) *uint8 { return &r.PresentVHT }).WithFlags(radioTapPresentVHTNames),
		rtU("VHT_bandwidth", 8, RadioTapVHT, func(r *RadioTap) *uint8 { return &r.VHTBandwidth }),
		rtBytesN("mcs_nss", func(r *RadioTap) []byte { return r.VHTMCSNSS[:] }).When(rtBit(RadioTapVHT)),
		rtU("VHT_coding", 8, RadioTapVHT, func(r *RadioTap) *uint8 { return &r.VHTCoding }),
		rtU("GroupID", 8, RadioTapVHT, func(r *RadioTap) *uint8 { return &r.GroupID }),
		rtU("PartialAID", 16, RadioTapVHT, func(r *RadioTap) *uint16 { return &r.PartialAID }),
		rtU("timestamp", 64, RadioTapTimestamp, func(r *RadioTap) *uint64 { return &r.Timestamp }),
		rtU("ts_accuracy", 16, RadioTapTimestamp, func(r *RadioTap) *uint16 { return &r.TSAccuracy }),
		rtU("ts_unit", 4, RadioTapTimestamp, func(r *RadioTap) *uint8 { return &r.TSUnit }).
			WithEnum(map[uint64]string{0: "milliseconds", 1: "microseconds", 2: "nanoseconds"}),
		rtU("ts_position", 4, RadioTapTimestamp, func(r *RadioTap) *uint8 { return &r.TSPosition }),
		rtU("ts_flags", 8, RadioTapTimestamp, func(r *RadioTap) *uint8 { return &r.TSFlags }).WithFlags(radioTapTSFlagNames),
		rtU("he_data1", 16, RadioTapHE, func(r *RadioTap) *uint16 { return &r.HE[0] }),
		rtU("he_data2", 16, RadioTapHE, func(r *RadioTap) *uint16 { return &r.HE[1] }),
		rtU("he_data3", 16, RadioTapHE, func(r *RadioTap) *uint16 { return &r.HE[2] }),
		rtU("he_data4", 16, RadioTapHE, func(r *RadioTap) *uint16 { return &r.HE[3] }),
		rtU("he_data5", 16, RadioTapHE, func(r *RadioTap) *uint16 { return &r.HE[4] }),
		rtU("he_data6", 16, RadioTapHE, func(r *RadioTap) *uint16 { return &r.HE[5] }),
		rtU("hemu_flags1", 16, RadioTapHEMU, func(r *RadioTap) *uint16 { return &r.HEMUFlags1 }),
		rtU("hemu_flags2", 16, RadioTapHEMU, func(r *RadioTap) *uint16 { return &r.HEMUFlags2 }),
		rtBytesN("RU_channel1", func(r *RadioTap) []byte { return r.RUChannel1[:] }).When(rtBit(RadioTapHEMU)),
		rtBytesN("RU_channel2", func(r *RadioTap) []byte { return r.RUChannel2[:] }).When(rtBit(RadioTapHEMU)),
		rtU("hemuou_per_user_1", 16, RadioTapHEMUOtherUser, func(r *RadioTap) *uint16 { return &r.HEMUOUser1 }),
		rtU("hemuou_per_user_2", 16, RadioTapHEMUOtherUser, func(r *RadioTap) *uint16 { return &r.HEMUOUser2 }),
		rtU("hemuou_per_user_position", 8, RadioTapHEMUOtherUser, func(r *RadioTap) *uint8 { return &r.HEMUOUPos }),
		rtU("hemuou_per_user_known", 8, RadioTapHEMUOtherUser, func(r *RadioTap) *uint8 { return &r.HEMUOUKnown }),
		rtU("zero_length_psdu", 8, RadioTapZeroLenPSDU, func(r *RadioTap) *uint8 { return &r.ZeroLenPSDU }),
		rtU("lsig_data1", 16, RadioTapLSIG, func(r *RadioTap) *uint16 { return &r.LSIGData1 }).
			WithFlags([]string{"rate", "length"}),
		rtU("lsig_length", 12, RadioTapLSIG, func(r *RadioTap) *uint16 { return &r.LSIGLength }),
		rtU("lsig_rate", 4, RadioTapLSIG, func(r *RadioTap) *uint8 { return &r.LSIGRate }),
		fields.BytesField("tlvs", func(r *RadioTap) *[]byte { return &r.TLVs }).When(rtBit(RadioTapTLV)),
		fields.ListField("namespaces", func(r *RadioTap) any { return r.More }, nil,
			func(r *RadioTap) string { return formatRadioTapNamespaces(r.More) },
			func(r *RadioTap) any { return radioTapNamespacesJSON(r.More) }).
			When(func(l any) bool { return len(l.(*RadioTap).More) > 0 }),
		fields.BytesField("notdecoded", func(r *RadioTap) *[]byte { return &r.NotDecoded }),
	},
	PostBuild: radioTapPostBuild,
}

// RadioTapType is the registered type of RadioTap.
var RadioTapType = packet.Register(radioTapProto)

// NewRadioTap returns a radiotap header with Scapy's defaults: version 0,
// no fields (present and len computed).
func NewRadioTap() *RadioTap { return &RadioTap{} }

func (r *RadioTap) Proto() *packet.Proto         { return radioTapProto }
func (r *RadioTap) Get(name string) (any, error) { return packet.GetField(r, name) }
func (r *RadioTap) Set(name string, v any) error { return packet.SetField(r, name, v) }
func (r *RadioTap) Show() string                 { return packet.ShowLayer(r) }

// Summary is "RadioTap", with the channel, rate and signal when present.
func (r *RadioTap) Summary() string {
	var b strings.Builder
	b.WriteString("RadioTap")
	p := r.Present.Value
	if p&RadioTapChannel != 0 {
		fmt.Fprintf(&b, " %d MHz", r.ChannelFrequency)
	}
	if p&RadioTapRate != 0 {
		b.WriteString(" " + strconv.FormatFloat(float64(r.Rate)/2, 'f', -1, 64) + " Mb/s")
	}
	if p&RadioTapDBmAntSignal != 0 {
		fmt.Fprintf(&b, " %d dBm", r.DBmAntSignal)
	}
	return b.String()
}

// Has reports whether a present bit of the first present word is set.
func (r *RadioTap) Has(bit uint32) bool { return r.Present.Value&bit != 0 }

// HasFCS reports whether the 802.11 frame after the header ends with its
// frame check sequence (flag RadioTapFlagFCS).
func (r *RadioTap) HasFCS() bool { return r.Has(RadioTapFlags) && r.Flags&RadioTapFlagFCS != 0 }

// Signal returns the antenna signal in dBm: the first one present, in the
// first namespace or in a later radiotap namespace.
func (r *RadioTap) Signal() (int8, bool) {
	if r.Has(RadioTapDBmAntSignal) {
		return r.DBmAntSignal, true
	}
	it := r.iter(r.Present.Value)
	for n := 1; r.stop == 0 || n < r.stop; n++ {
		bit, ns, ok := it.next(r)
		if !ok {
			break
		}
		if bit == 5 {
			return r.fieldsOf(ns).DBmAntSignal, true
		}
	}
	return 0, false
}

// Signals returns every dBm antenna signal of the header in order, as
// tshark lists radiotap.dbm_antsignal.
func (r *RadioTap) Signals() []int8 {
	var out []int8
	it := r.iter(r.Present.Value)
	for n := 1; r.stop == 0 || n < r.stop; n++ {
		bit, ns, ok := it.next(r)
		if !ok {
			break
		}
		if bit == 5 {
			out = append(out, r.fieldsOf(ns).DBmAntSignal)
		}
	}
	return out
}

// ChannelNumber returns the IEEE channel number of ChannelFrequency (0 when
// the frequency is no 802.11 channel).
func (r *RadioTap) ChannelNumber() int { return FrequencyToChannel(int(r.ChannelFrequency)) }

// FrequencyToChannel converts a centre frequency in MHz to the 802.11
// channel number (2.4, 5 and 6 GHz bands), or 0.
func FrequencyToChannel(mhz int) int {
	switch {
	case mhz == 2484:
		return 14
	case mhz >= 2412 && mhz < 2484:
		return (mhz - 2407) / 5
	case mhz >= 4910 && mhz <= 4980:
		return (mhz - 4000) / 5
	case mhz == 5935:
		return 2
	case mhz > 5950 && mhz <= 7115:
		return (mhz - 5950) / 5
	case mhz >= 5000 && mhz <= 5925:
		return (mhz - 5000) / 5
	}
	return 0
}

// RateMbps returns the legacy rate in Mb/s (0 when absent).
func (r *RadioTap) RateMbps() float64 {
	if !r.Has(RadioTapRate) {
		return 0
	}
	return float64(r.Rate) / 2
}

// word returns present word k (0 is present).
func (r *RadioTap) word(present uint32, k int) uint32 {
	if k == 0 {
		return present
	}
	return r.Ext[k-1]
}

// rtIter walks the present words as a parser does: it yields each field
// bit of the radiotap namespace (0..28) and each vendor namespace header
// (bit 30), with the namespace the value belongs to (0 is the first). It
// stops at a present bit no one defines.
type rtIter struct {
	present uint32
	words   int // number of present words
	k       int // current word
	bit     int // next bit of the current word
	base    int // bit number of the current word's bit 0 in its namespace
	vendor  bool
	toRT    bool // bit 29 seen: the next word starts the radiotap namespace
	reset   bool // a namespace bit was seen in this word
	ns      int
	unknown bool // stopped at an undefined bit
}

func (r *RadioTap) iter(present uint32) rtIter {
	n := 1
	for w := present; w&RadioTapExt != 0 && n-1 < len(r.Ext); n++ {
		w = r.Ext[n-1]
	}
	return rtIter{present: present, words: n}
}

// next returns the next event: a field bit (0..28) or 30 for a vendor
// namespace header, with its namespace; ok is false at the end.
func (it *rtIter) next(r *RadioTap) (bit, ns int, ok bool) {
	for it.k < it.words {
		w := r.word(it.present, it.k)
		for it.bit < 32 {
			b := it.bit
			it.bit++
			if w&(1<<uint(b)) == 0 {
				continue
			}
			switch {
			case b < 29:
				if it.vendor {
					continue // vendor data is kept as bytes
				}
				if it.base != 0 {
					it.unknown = true
					it.k = it.words
					return 0, 0, false
				}
				return b, it.ns, true
			case b == 29:
				it.toRT, it.reset = true, true
			case b == 30:
				it.toRT, it.reset, it.vendor = false, true, true
				it.ns++
				return 30, it.ns, true
			}
		}
		// bit 31: the next word
		it.k++
		it.bit = 0
		if it.reset {
			if it.toRT {
				it.ns++
				it.vendor = false
			}
			it.base = 0
		} else {
			it.base += 32
		}
		it.reset, it.toRT = false, false
	}
	return 0, 0, false
}

// fieldsOf returns the field values of namespace ns.
func (r *RadioTap) fieldsOf(ns int) *RadioTapFields {
	if ns == 0 {
		return &r.RadioTapFields
	}
	if ns-1 < len(r.More) {
		return &r.More[ns-1].Fields
	}
	return &rtZeroNS.Fields
}

// rtZeroNS stands for namespaces the present words name and More lacks;
// it is never written.
var rtZeroNS RadioTapNamespace

func (r *RadioTap) nsOf(ns int) *RadioTapNamespace {
	if ns > 0 && ns-1 < len(r.More) {
		return &r.More[ns-1]
	}
	return &rtZeroNS
}

// growMore makes room in More for namespace ns (a new radiotap namespace
// has zero values until its fields are read).
func (r *RadioTap) growMore(ns int) {
	for len(r.More) < ns {
		r.More = append(r.More, RadioTapNamespace{})
	}
}

func rtPadTo(off, align int) int { return (off + align - 1) &^ (align - 1) }

// size returns the header length for a first present word of present.
func (r *RadioTap) size(present uint32) int {
	it := r.iter(present)
	off := RadioTapLen + 4*(it.words-1)
	for n := 1; r.stop == 0 || n < r.stop; n++ {
		bit, ns, ok := it.next(r)
		if !ok {
			break
		}
		switch bit {
		case 30:
			off = rtPadTo(off, 2) + rtVendorSize + len(r.nsOf(ns).Data)
		case 28:
			off = rtPadTo(off, 4) + len(r.fieldsOf(ns).TLVs)
		default:
			a := radioTapAlign[bit]
			off = rtPadTo(off, int(a.align)) + int(a.size)
		}
	}
	return off + len(r.NotDecoded)
}

// effPresent is the first present word and Flags as built: Present, or
// the Flags bit with the FCS flag when a Dot11FCS follows and Present is
// unset (Scapy's overload of RadioTap by Dot11FCS).
func (r *RadioTap) effPresent(next packet.Layer) (uint32, uint8) {
	if r.Present.Valid {
		return r.Present.Value, r.Flags
	}
	if d, ok := next.(*Dot11); ok && d.fcs {
		f := r.Flags
		if f == 0 {
			f = RadioTapFlagFCS
		}
		return RadioTapFlags, f
	}
	return 0, r.Flags
}

// HeaderLen is the header length with Present as it is.
func (r *RadioTap) HeaderLen() int { return r.size(r.Present.Value) }

// HeaderLenIn accounts for the present word computed from the layer above.
func (r *RadioTap) HeaderLenIn(p *packet.Packet, i int) int {
	pr, _ := r.effPresent(p.Layer(i + 1))
	return r.size(pr)
}

// DecodeFromBytes decodes the header and every field it can: those of the
// radiotap namespaces and the vendor namespaces' bytes. The payload is an
// 802.11 frame, with its FCS when the flags say so.
func (r *RadioTap) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < RadioTapLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	le := binary.LittleEndian
	r.Version, r.Pad = data[rtVersion], data[rtPad]
	hl := int(le.Uint16(data[rtLen:]))
	r.Len = fields.Some(uint16(hl))
	present := le.Uint32(data[rtPresent:])
	r.Present = fields.Some(present)
	if hl < RadioTapLen {
		return packet.DecodeResult{}, packet.ErrMalformed
	}
	if hl > len(data) {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	hdr := data[:hl]
	r.Ext = r.Ext[:0]
	off := RadioTapLen
	for w := present; w&RadioTapExt != 0; {
		if off+4 > hl {
			return packet.DecodeResult{}, packet.ErrMalformed
		}
		w = le.Uint32(hdr[off:])
		r.Ext = append(r.Ext, w)
		off += 4
	}
	r.RadioTapFields = RadioTapFields{}
	r.More = r.More[:0]
	r.NotDecoded = nil
	r.stop = 0
	it := r.iter(present)
	for n := 1; ; n++ {
		bit, ns, ok := it.next(r)
		if !ok {
			if it.unknown {
				r.stop = n
			}
			break
		}
		if bit == 30 {
			start := rtPadTo(off, 2)
			if start+rtVendorSize > hl || !zeros(hdr[off:start]) {
				r.stop = n
				break
			}
			v := hdr[start:]
			skip := int(le.Uint16(v[4:]))
			if start+rtVendorSize+skip > hl {
				r.stop = n
				break
			}
			r.growMore(ns)
			r.More[ns-1] = RadioTapNamespace{Vendor: true,
				OUI: uint32(v[0])<<16 | uint32(v[1])<<8 | uint32(v[2]), SubNS: v[3],
				SkipLength: fields.Some(uint16(skip)), Data: v[rtVendorSize : rtVendorSize+skip]}
			off = start + rtVendorSize + skip
			continue
		}
		r.growMore(ns)
		f := r.fieldsOf(ns)
		if bit == 28 {
			start := rtPadTo(off, 4)
			if start > hl || !zeros(hdr[off:start]) {
				r.stop = n
				break
			}
			f.TLVs = hdr[start:hl]
			off = hl
			continue
		}
		a := radioTapAlign[bit]
		start := rtPadTo(off, int(a.align))
		if start+int(a.size) > hl || !zeros(hdr[off:start]) {
			r.stop = n
			break
		}
		f.decode(bit, hdr[start:start+int(a.size)])
		off = start + int(a.size)
	}
	if off < hl {
		r.NotDecoded = hdr[off:hl]
	}
	next := Dot11Type
	if r.HasFCS() {
		next = Dot11FCSType
	}
	return packet.DecodeResult{HeaderLen: hl, PayloadLen: -1, Next: next}, nil
}

func zeros(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// decode reads the field of present bit bit from b (exactly its size).
func (f *RadioTapFields) decode(bit int, b []byte) {
	le := binary.LittleEndian
	switch bit {
	case 0:
		f.TSFT = le.Uint64(b)
	case 1:
		f.Flags = b[0]
	case 2:
		f.Rate = b[0]
	case 3:
		f.ChannelFrequency, f.ChannelFlags = le.Uint16(b), le.Uint16(b[2:])
	case 4:
		f.FHSSHopSet, f.FHSSPattern = b[0], b[1]
	case 5:
		f.DBmAntSignal = int8(b[0])
	case 6:
		f.DBmAntNoise = int8(b[0])
	case 7:
		f.LockQuality = le.Uint16(b)
	case 8:
		f.TXAttenuation = le.Uint16(b)
	case 9:
		f.DBTXAttenuation = le.Uint16(b)
	case 10:
		f.DBmTXPower = int8(b[0])
	case 11:
		f.Antenna = b[0]
	case 12:
		f.DBAntSignal = b[0]
	case 13:
		f.DBAntNoise = b[0]
	case 14:
		f.RXFlags = le.Uint16(b)
	case 15:
		f.TXFlags = le.Uint16(b)
	case 16:
		f.RTSRetries = b[0]
	case 17:
		f.DataRetries = b[0]
	case 18:
		f.XChannelFlags, f.XChannelFrequency, f.XChannelNumber, f.XChannelMaxPower = le.Uint32(b), le.Uint16(b[4:]), b[6], b[7]
	case 19:
		f.KnownMCS = b[0]
		fl := b[1]
		f.MCSBandwidth, f.GuardInterval, f.HTFormat = fl&3, fl>>2&1, fl>>3&1
		f.FECType, f.STBCStreams, f.NessLSB = fl>>4&1, fl>>5&3, fl>>7
		f.MCSIndex = b[2]
	case 20:
		f.AMPDURef, f.AMPDUFlags = le.Uint32(b), le.Uint32(b[4:])
	case 21:
		f.KnownVHT, f.PresentVHT, f.VHTBandwidth = le.Uint16(b), b[2], b[3]
		copy(f.VHTMCSNSS[:], b[4:8])
		f.VHTCoding, f.GroupID, f.PartialAID = b[8], b[9], le.Uint16(b[10:])
	case 22:
		f.Timestamp, f.TSAccuracy = le.Uint64(b), le.Uint16(b[8:])
		f.TSUnit, f.TSPosition, f.TSFlags = b[10]&15, b[10]>>4, b[11]
	case 23:
		for i := range f.HE {
			f.HE[i] = le.Uint16(b[2*i:])
		}
	case 24:
		f.HEMUFlags1, f.HEMUFlags2 = le.Uint16(b), le.Uint16(b[2:])
		copy(f.RUChannel1[:], b[4:8])
		copy(f.RUChannel2[:], b[8:12])
	case 25:
		f.HEMUOUser1, f.HEMUOUser2, f.HEMUOUPos, f.HEMUOUKnown = le.Uint16(b), le.Uint16(b[2:]), b[4], b[5]
	case 26:
		f.ZeroLenPSDU = b[0]
	case 27:
		f.LSIGData1 = le.Uint16(b)
		d2 := le.Uint16(b[2:])
		f.LSIGRate, f.LSIGLength = uint8(d2&15), d2>>4
	}
}

// encode writes the field of present bit bit into b (exactly its size).
func (f *RadioTapFields) encode(bit int, b []byte) {
	le := binary.LittleEndian
	switch bit {
	case 0:
		le.PutUint64(b, f.TSFT)
	case 1:
		b[0] = f.Flags
	case 2:
		b[0] = f.Rate
	case 3:
		le.PutUint16(b, f.ChannelFrequency)
		le.PutUint16(b[2:], f.ChannelFlags)
	case 4:
		b[0], b[1] = f.FHSSHopSet, f.FHSSPattern
	case 5:
		b[0] = byte(f.DBmAntSignal)
	case 6:
		b[0] = byte(f.DBmAntNoise)
	case 7:
		le.PutUint16(b, f.LockQuality)
	case 8:
		le.PutUint16(b, f.TXAttenuation)
	case 9:
		le.PutUint16(b, f.DBTXAttenuation)
	case 10:
		b[0] = byte(f.DBmTXPower)
	case 11:
		b[0] = f.Antenna
	case 12:
		b[0] = f.DBAntSignal
	case 13:
		b[0] = f.DBAntNoise
	case 14:
		le.PutUint16(b, f.RXFlags)
	case 15:
		le.PutUint16(b, f.TXFlags)
	case 16:
		b[0] = f.RTSRetries
	case 17:
		b[0] = f.DataRetries
	case 18:
		le.PutUint32(b, f.XChannelFlags)
		le.PutUint16(b[4:], f.XChannelFrequency)
		b[6], b[7] = f.XChannelNumber, f.XChannelMaxPower
	case 19:
		b[0] = f.KnownMCS
		b[1] = f.MCSBandwidth&3 | (f.GuardInterval&1)<<2 | (f.HTFormat&1)<<3 | (f.FECType&1)<<4 |
			(f.STBCStreams&3)<<5 | (f.NessLSB&1)<<7
		b[2] = f.MCSIndex
	case 20:
		le.PutUint32(b, f.AMPDURef)
		le.PutUint32(b[4:], f.AMPDUFlags)
	case 21:
		le.PutUint16(b, f.KnownVHT)
		b[2], b[3] = f.PresentVHT, f.VHTBandwidth
		copy(b[4:8], f.VHTMCSNSS[:])
		b[8], b[9] = f.VHTCoding, f.GroupID
		le.PutUint16(b[10:], f.PartialAID)
	case 22:
		le.PutUint64(b, f.Timestamp)
		le.PutUint16(b[8:], f.TSAccuracy)
		b[10] = f.TSUnit&15 | f.TSPosition<<4
		b[11] = f.TSFlags
	case 23:
		for i, v := range f.HE {
			le.PutUint16(b[2*i:], v)
		}
	case 24:
		le.PutUint16(b, f.HEMUFlags1)
		le.PutUint16(b[2:], f.HEMUFlags2)
		copy(b[4:8], f.RUChannel1[:])
		copy(b[8:12], f.RUChannel2[:])
	case 25:
		le.PutUint16(b, f.HEMUOUser1)
		le.PutUint16(b[2:], f.HEMUOUser2)
		b[4], b[5] = f.HEMUOUPos, f.HEMUOUKnown
	case 26:
		b[0] = f.ZeroLenPSDU
	case 27:
		le.PutUint16(b, f.LSIGData1)
		le.PutUint16(b[2:], uint16(f.LSIGRate&15)|f.LSIGLength<<4)
	}
}

// SerializeTo writes the header: present words, then each field at its
// alignment (padding bytes zero), the vendor namespaces, NotDecoded.
func (r *RadioTap) SerializeTo(b []byte, ctx *packet.BuildContext) error {
	present, flags := r.Present.Value, r.Flags
	if ctx != nil && ctx.Packet() != nil {
		present, flags = r.effPresent(ctx.Next())
	}
	clear(b)
	le := binary.LittleEndian
	b[rtVersion], b[rtPad] = r.Version, r.Pad
	le.PutUint16(b[rtLen:], r.Len.Or(uint16(len(b))))
	le.PutUint32(b[rtPresent:], present)
	it := r.iter(present)
	off := RadioTapLen
	for k := 1; k < it.words; k++ {
		le.PutUint32(b[off:], r.Ext[k-1])
		off += 4
	}
	for n := 1; r.stop == 0 || n < r.stop; n++ {
		bit, ns, ok := it.next(r)
		if !ok {
			break
		}
		switch bit {
		case 30:
			v := r.nsOf(ns)
			off = rtPadTo(off, 2)
			b[off], b[off+1], b[off+2], b[off+3] = byte(v.OUI>>16), byte(v.OUI>>8), byte(v.OUI), v.SubNS
			le.PutUint16(b[off+4:], v.SkipLength.Or(uint16(len(v.Data))))
			off += rtVendorSize
			off += copy(b[off:], v.Data)
		case 28:
			off = rtPadTo(off, 4)
			off += copy(b[off:], r.fieldsOf(ns).TLVs)
		default:
			a := radioTapAlign[bit]
			off = rtPadTo(off, int(a.align))
			if ns == 0 && bit == 1 {
				b[off] = flags
			} else {
				r.fieldsOf(ns).encode(bit, b[off:off+int(a.size)])
			}
			off += int(a.size)
		}
	}
	copy(b[off:], r.NotDecoded)
	return nil
}

// radioTapPostBuild checks that the header and the vendor data fit their
// 16-bit lengths.
func radioTapPostBuild(hdr []byte, l packet.Layer, _ *packet.BuildContext) error {
	r := l.(*RadioTap)
	if !r.Len.Valid && len(hdr) > 0xffff {
		return &packet.BuildError{Layer: "RadioTap", Field: "len", Value: strconv.Itoa(len(hdr)), Err: fields.ErrBadValue}
	}
	for i := range r.More {
		if v := &r.More[i]; v.Vendor && !v.SkipLength.Valid && len(v.Data) > 0xffff {
			return &packet.BuildError{Layer: "RadioTap", Field: "namespaces", Value: strconv.Itoa(len(v.Data)), Err: fields.ErrBadValue}
		}
	}
	return nil
}

func formatRadioTapNamespaces(ns []RadioTapNamespace) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := range ns {
		if i > 0 {
			b.WriteString(", ")
		}
		v := &ns[i]
		if v.Vendor {
			fmt.Fprintf(&b, "vendor(oui=%06x, subns=%d, data=%s)", v.OUI, v.SubNS, fields.ReprBytes(v.Data))
			continue
		}
		fmt.Fprintf(&b, "radiotap(dBm_AntSignal=%d, Antenna=%d)", v.Fields.DBmAntSignal, v.Fields.Antenna)
	}
	b.WriteByte(']')
	return b.String()
}

func radioTapNamespacesJSON(ns []RadioTapNamespace) any {
	out := make([]map[string]any, 0, len(ns))
	for i := range ns {
		v := &ns[i]
		if v.Vendor {
			out = append(out, map[string]any{"vendor": true, "oui": v.OUI, "subns": v.SubNS,
				"skip_length": v.SkipLength.Or(uint16(len(v.Data))), "data": fmt.Sprintf("%x", v.Data)})
			continue
		}
		out = append(out, map[string]any{"vendor": false, "dBm_AntSignal": int(v.Fields.DBmAntSignal),
			"Antenna": v.Fields.Antenna})
	}
	return out
}

func init() {
	packet.BindLinkType(127, RadioTapType) // LINKTYPE_IEEE802_11_RADIOTAP
	// Prism, AVS and PPI headers are kept as Raw (the link type tells
	// which one it is).
	packet.BindLinkType(119, packet.RawType) // LINKTYPE_IEEE802_11_PRISM
	packet.BindLinkType(163, packet.RawType) // LINKTYPE_IEEE802_11_AVS
	packet.BindLinkType(192, packet.RawType) // LINKTYPE_PPI
}
