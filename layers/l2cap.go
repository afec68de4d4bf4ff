package layers

import "github.com/goscapy/goscapy/packet"

// L2CAP basic frame (Bluetooth Core Specification, vol 3 part A, 3.1),
// little-endian:
//
//	 0               15 16              31
//	+------------------+------------------+
//	|      length      |    channel ID    |
//	+------------------+------------------+
//	|      information payload ...        |
//
// Signalling channel (CID 1 BR/EDR, 5 LE) commands:
//
//	+--------+--------+------------------+
//	|  code  |   id   |      length      |
//	+--------+--------+------------------+
//	|      data ...                      |

// L2CAP channel IDs.
const (
	L2CAPCIDSignalling   = 1
	L2CAPCIDConnless     = 2
	L2CAPCIDATT          = 4
	L2CAPCIDLESignalling = 5
	L2CAPCIDSMP          = 6
)

// L2CAPCIDNames are Scapy's names of the channel IDs.
var L2CAPCIDNames = map[uint64]string{1: "control", 4: "attribute", 5: "le_control", 6: "smp"}

// L2CAPCodeNames are Scapy's names of the signalling command codes.
var L2CAPCodeNames = map[uint64]string{1: "rej", 2: "conn_req", 3: "conn_resp", 4: "conf_req", 5: "conf_resp",
	6: "disconn_req", 7: "disconn_resp", 8: "echo_req", 9: "echo_resp", 10: "info_req", 11: "info_resp",
	18: "conn_param_update_req", 19: "conn_param_update_resp", 20: "le_credit_conn_req", 21: "le_credit_conn_resp",
	22: "flow_control_credit"}

var (
	l2capSpec = newPDUSpec("L2CAP_Hdr", "L2CAP header", "Bluetooth L2CAP basic frame: length and channel ID",
		pduField{name: "len", size: 2, auto: autoLen},
		pduField{name: "cid", size: 2, enum: L2CAPCIDNames, auto: autoBind})
	l2capCmdSpec = newPDUSpec("L2CAP_CmdHdr", "L2CAP command header", "Bluetooth L2CAP signalling command: code, identifier, length",
		pduField{name: "code", size: 1, def: 8, enum: L2CAPCodeNames, auto: autoBind},
		pduField{name: "id", size: 1},
		pduField{name: "len", size: 2, auto: autoLen})
)

// Registered types of L2CAP.
var (
	L2CAPType    = l2capSpec.typ
	L2CAPCmdType = l2capCmdSpec.typ
)

var l2capResults = map[uint64]string{0: "success", 1: "pend", 2: "cr_bad_psm", 3: "cr_sec_block", 4: "cr_no_mem", 5: "reserved", 6: "cr_inval_scid", 7: "cr_scid_in_use"}

// The signalling commands (Scapy's L2CAP_* classes), by code.
var l2capCmds = []struct {
	code uint64
	spec *pduSpec
}{
	{1, newPDUSpec("L2CAP_CmdRej", "L2CAP Command Rej", "L2CAP command reject",
		pduField{name: "reason", size: 2})},
	{2, newPDUSpec("L2CAP_ConnReq", "L2CAP Conn Req", "L2CAP connection request",
		pduField{name: "psm", size: 2, enum: map[uint64]string{1: "SDP", 3: "RFCOMM", 5: "telephony control"}},
		pduField{name: "scid", size: 2})},
	{3, newPDUSpec("L2CAP_ConnResp", "L2CAP Conn Resp", "L2CAP connection response",
		pduField{name: "dcid", size: 2},
		pduField{name: "scid", size: 2},
		pduField{name: "result", size: 2, enum: l2capResults},
		pduField{name: "status", size: 2, enum: map[uint64]string{0: "no_info", 1: "authen_pend", 2: "author_pend", 3: "reserved"}})},
	{4, newPDUSpec("L2CAP_ConfReq", "L2CAP Conf Req", "L2CAP configuration request (options kept as payload)",
		pduField{name: "dcid", size: 2},
		pduField{name: "flags", size: 2})},
	{5, newPDUSpec("L2CAP_ConfResp", "L2CAP Conf Resp", "L2CAP configuration response (options kept as payload)",
		pduField{name: "scid", size: 2},
		pduField{name: "flags", size: 2},
		pduField{name: "result", size: 2, enum: map[uint64]string{0: "success", 1: "unaccept", 2: "reject", 3: "unknown"}})},
	{6, newPDUSpec("L2CAP_DisconnReq", "L2CAP Disconn Req", "L2CAP disconnection request",
		pduField{name: "dcid", size: 2},
		pduField{name: "scid", size: 2})},
	{7, newPDUSpec("L2CAP_DisconnResp", "L2CAP Disconn Resp", "L2CAP disconnection response",
		pduField{name: "dcid", size: 2},
		pduField{name: "scid", size: 2})},
	{8, newPDUSpec("L2CAP_EchoReq", "L2CAP Echo Req", "L2CAP echo request",
		pduField{name: "data", kind: pkRest})},
	{9, newPDUSpec("L2CAP_EchoResp", "L2CAP Echo Resp", "L2CAP echo response",
		pduField{name: "data", kind: pkRest})},
	{10, newPDUSpec("L2CAP_InfoReq", "L2CAP Info Req", "L2CAP information request",
		pduField{name: "type", size: 2, enum: map[uint64]string{1: "CL_MTU", 2: "FEAT_MASK", 3: "FIXED_CHANNELS"}},
		pduField{name: "data", kind: pkRest})},
	{11, newPDUSpec("L2CAP_InfoResp", "L2CAP Info Resp", "L2CAP information response",
		pduField{name: "type", size: 2},
		pduField{name: "result", size: 2, enum: map[uint64]string{0: "success", 1: "not_supp"}},
		pduField{name: "data", kind: pkRest})},
	{18, newPDUSpec("L2CAP_Connection_Parameter_Update_Request", "L2CAP Connection Parameter Update Request", "L2CAP LE connection parameter update request",
		pduField{name: "min_interval", size: 2},
		pduField{name: "max_interval", size: 2},
		pduField{name: "slave_latency", size: 2},
		pduField{name: "timeout_mult", size: 2})},
	{19, newPDUSpec("L2CAP_Connection_Parameter_Update_Response", "L2CAP Connection Parameter Update Response", "L2CAP LE connection parameter update response",
		pduField{name: "move_result", size: 2})},
	{20, newPDUSpec("L2CAP_LE_Credit_Based_Connection_Request", "L2CAP LE Credit Based Connection Request", "L2CAP LE credit based connection request",
		pduField{name: "spsm", size: 2},
		pduField{name: "scid", size: 2},
		pduField{name: "mtu", size: 2},
		pduField{name: "mps", size: 2},
		pduField{name: "initial_credits", size: 2})},
	{21, newPDUSpec("L2CAP_LE_Credit_Based_Connection_Response", "L2CAP LE Credit Based Connection Response", "L2CAP LE credit based connection response",
		pduField{name: "dcid", size: 2},
		pduField{name: "mtu", size: 2},
		pduField{name: "mps", size: 2},
		pduField{name: "initial_credits", size: 2},
		pduField{name: "result", size: 2})},
	{22, newPDUSpec("L2CAP_Flow_Control_Credit_Ind", "L2CAP Flow Control Credit Ind", "L2CAP flow control credit indication",
		pduField{name: "cid", size: 2},
		pduField{name: "credits", size: 2})},
}

func init() {
	l2capSpec.lenFld = 0
	l2capSpec.dispFld = []string{"cid"}
	l2capCmdSpec.lenFld = 2
	l2capCmdSpec.dispFld = []string{"code"}
	l2capSpec.summary = func(p *PDU) string { return pduSummary(p, "L2CAP", "cid", "len") }
	l2capCmdSpec.summary = func(p *PDU) string { return pduSummary(p, "L2CAP", "code", "id") }
	packet.Bind(
		// Built on the LE signalling channel, as Scapy does (its last
		// binding wins); both channels dissect.
		packet.BindingRule{Lower: L2CAPType, Upper: L2CAPCmdType, Field: "cid", Value: L2CAPCIDLESignalling},
		packet.BindingRule{Lower: L2CAPType, Upper: L2CAPCmdType, Field: "cid", Value: L2CAPCIDSignalling, DissectOnly: true},
	)
	for _, c := range l2capCmds {
		packet.Bind(packet.BindingRule{Lower: L2CAPCmdType, Upper: c.spec.typ, Field: "code", Value: c.code})
	}
}
