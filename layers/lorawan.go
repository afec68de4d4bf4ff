package layers

import "github.com/goscapy/goscapy/packet"

// LoRaWAN MAC frame (LoRaWAN 1.0.x and 1.1 specifications, 4), the
// PHYPayload, little-endian:
//
//	+------+-------------------------------------------------+-----+
//	| MHDR | MACPayload / join request / join accept          | MIC |
//	| (1)  |                                                 | (4) |
//	+------+-------------------------------------------------+-----+
//
//	MHDR: MType (3 bits) | RFU (3) | Major (2)
//	data: DevAddr (4) | FCtrl (1) | FCnt (2) | FOpts (0-15) | FPort (0/1) | FRMPayload
//	FCtrl: ADR | ADRACKReq | ACK | FPending (ClassB uplink) | FOptsLen (4 bits)
//	join request: AppEUI/JoinEUI (8) | DevEUI (8) | DevNonce (2)
//
// Scapy's scapy.contrib.loraphy2wan nests these in several packet lists
// (and reads the MIC big-endian); goscapy has one layer, LoRaWAN, with
// Scapy's field names: MType, RFU, Major, DevAddr, ADR, ADRACKReq, ACK,
// FPending, FOptsLen, FCnt, FOpts, FPort, FRMPayload, AppEUI, DevEUI,
// DevNonce, MIC. A join accept is encrypted as a whole (its MIC too) and
// is kept in Join_Accept_Encrypted; rejoin requests (RejoinReq) and
// proprietary frames (Proprietary) keep their body. The MIC is kept, not
// verified; FRMPayload stays encrypted. The MIC reads as a big-endian
// integer so that its hex form lists the bytes as sent (as Scapy and
// network servers print it).

// LoRaWAN message types (MType).
const (
	LoRaWANJoinRequest         = 0
	LoRaWANJoinAccept          = 1
	LoRaWANUnconfirmedDataUp   = 2
	LoRaWANUnconfirmedDataDown = 3
	LoRaWANConfirmedDataUp     = 4
	LoRaWANConfirmedDataDown   = 5
	LoRaWANRejoinRequest       = 6
	LoRaWANProprietary         = 7
)

// LoRaWANMTypeNames are Scapy's names of the message types.
var LoRaWANMTypeNames = map[uint64]string{0: "Join-request", 1: "Join-accept", 2: "Unconfirmed Data Up",
	3: "Unconfirmed Data Down", 4: "Confirmed Data Up", 5: "Confirmed Data Down", 6: "Rejoin-request", 7: "Proprietary"}

func lorawanIsData(p *PDU) bool { t := p.Uint("MType"); return t >= 2 && t <= 5 }
func lorawanIs(t uint64) func(p *PDU) bool {
	return func(p *PDU) bool { return p.Uint("MType") == t }
}

var lorawanSpec = newPDUSpec("LoRaWAN", "LoRaWAN", "LoRaWAN 1.0.x/1.1 MAC frame: MHDR, FHDR, FPort, FRMPayload, MIC (kept)",
	pduField{name: "MType", size: 1, bits: 3, enum: LoRaWANMTypeNames},
	pduField{name: "RFU", size: 1, bits: 3},
	pduField{name: "Major", size: 1, bits: 2},
	pduField{name: "DevAddr", size: 4, hex: true, cond: lorawanIsData},
	pduField{name: "ADR", size: 1, bits: 1, cond: lorawanIsData},
	pduField{name: "ADRACKReq", size: 1, bits: 1, cond: lorawanIsData},
	pduField{name: "ACK", size: 1, bits: 1, cond: lorawanIsData},
	pduField{name: "FPending", size: 1, bits: 1, cond: lorawanIsData},
	pduField{name: "FOptsLen", size: 1, bits: 4, cond: lorawanIsData, auto: autoBind},
	pduField{name: "FCnt", size: 2, cond: lorawanIsData},
	pduField{name: "FOpts", kind: pkBytes, cond: lorawanIsData, lenFn: func(p *PDU, _ int) int { return int(p.Uint("FOptsLen")) }},
	pduField{name: "FPort", size: 1, enum: map[uint64]string{0: "NwkSKey"}, cond: func(p *PDU) bool {
		if !lorawanIsData(p) {
			return false
		}
		if p.avail >= 0 {
			p.port = p.avail > 4
			return p.port
		}
		return p.port || len(p.Bytes("FRMPayload")) > 0
	}},
	pduField{name: "FRMPayload", kind: pkBytes, cond: lorawanIsData, lenFn: func(_ *PDU, rest int) int { return rest - 4 }},
	pduField{name: "AppEUI", size: 8, hex: true, cond: lorawanIs(LoRaWANJoinRequest)},
	pduField{name: "DevEUI", size: 8, hex: true, cond: lorawanIs(LoRaWANJoinRequest)},
	pduField{name: "DevNonce", size: 2, hex: true, cond: lorawanIs(LoRaWANJoinRequest)},
	pduField{name: "Join_Accept_Encrypted", kind: pkRest, cond: lorawanIs(LoRaWANJoinAccept)},
	pduField{name: "RejoinReq", kind: pkBytes, cond: lorawanIs(LoRaWANRejoinRequest), lenFn: func(_ *PDU, rest int) int { return rest - 4 }},
	pduField{name: "Proprietary", kind: pkBytes, cond: lorawanIs(LoRaWANProprietary), lenFn: func(_ *PDU, rest int) int { return rest - 4 }},
	pduField{name: "MIC", size: 4, hex: true, be: true, cond: func(p *PDU) bool { return p.Uint("MType") != LoRaWANJoinAccept }},
)

// LoRaWANType is the registered type of the LoRaWAN MAC frame.
var LoRaWANType = lorawanSpec.typ

// NewLoRaWAN returns a LoRaWAN frame of message type mtype.
func NewLoRaWAN(mtype uint8) *PDU {
	p := lorawanSpec.New()
	p.put(0, uint64(mtype&7))
	return p
}

func init() {
	lorawanSpec.summary = func(p *PDU) string {
		if lorawanIsData(p) {
			return pduSummary(p, "LoRaWAN", "MType", "DevAddr", "FCnt", "FPort")
		}
		return pduSummary(p, "LoRaWAN", "MType", "DevEUI")
	}
	// FOptsLen is computed from FOpts unless set.
	lorawanSpec.post = func(p *PDU, hdr []byte, _ *packet.BuildContext) error {
		i := p.index("FOptsLen")
		if p.present(i) && !p.valid(i) && len(hdr) > 5 {
			hdr[5] = hdr[5]&0xf0 | byte(len(p.Bytes("FOpts")))&0x0f
		}
		return nil
	}
}
