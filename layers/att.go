package layers

import "github.com/goscapy/goscapy/packet"

// ATT, the Bluetooth attribute protocol (Core Specification, vol 3 part F),
// carried on L2CAP channel 4; every PDU starts with its opcode and the
// parameters follow, little-endian:
//
//	+--------+---------------------------------+
//	| opcode |  parameters ...                 |
//	+--------+---------------------------------+
//
// Each opcode is its own layer with Scapy's name (ATT_Read_Request, ...).
// Opcodes Scapy 2.5 lacks use the names of the specification:
// ATT_Handle_Value_Confirmation, ATT_Read_Multiple_Variable_Request and
// _Response, ATT_Multiple_Handle_Value_Notification,
// ATT_Signed_Write_Command, ATT_Read_By_Group_Type_Request_128bit. Lists
// of handles and values are kept as byte strings, as they are sent.

// ATT opcodes.
const (
	ATTErrorResponse             = 0x01
	ATTExchangeMTURequest        = 0x02
	ATTExchangeMTUResponse       = 0x03
	ATTFindInformationRequest    = 0x04
	ATTFindInformationResponse   = 0x05
	ATTFindByTypeValueRequest    = 0x06
	ATTFindByTypeValueResponse   = 0x07
	ATTReadByTypeRequest         = 0x08
	ATTReadByTypeResponse        = 0x09
	ATTReadRequest               = 0x0a
	ATTReadResponse              = 0x0b
	ATTReadBlobRequest           = 0x0c
	ATTReadBlobResponse          = 0x0d
	ATTReadMultipleRequest       = 0x0e
	ATTReadMultipleResponse      = 0x0f
	ATTReadByGroupTypeRequest    = 0x10
	ATTReadByGroupTypeResponse   = 0x11
	ATTWriteRequest              = 0x12
	ATTWriteResponse             = 0x13
	ATTPrepareWriteRequest       = 0x16
	ATTPrepareWriteResponse      = 0x17
	ATTExecuteWriteRequest       = 0x18
	ATTExecuteWriteResponse      = 0x19
	ATTReadMultipleVarRequest    = 0x20
	ATTReadMultipleVarResponse   = 0x21
	ATTMultipleHandleValueNotify = 0x23
	ATTHandleValueNotification   = 0x1b
	ATTHandleValueIndication     = 0x1d
	ATTHandleValueConfirmation   = 0x1e
	ATTWriteCommand              = 0x52
	ATTSignedWriteCommand        = 0xd2
)

// ATTErrorNames are Scapy's names of the ATT error codes.
var ATTErrorNames = map[uint64]string{
	0x01: "invalid handle", 0x02: "read not permitted", 0x03: "write not permitted", 0x04: "invalid pdu",
	0x05: "insufficient auth", 0x06: "unsupported req", 0x07: "invalid offset", 0x08: "insuficient author",
	0x09: "prepare queue full", 0x0a: "attr not found", 0x0b: "attr not long", 0x0c: "insufficient key size",
	0x0d: "invalid value size", 0x0e: "unlikely", 0x0f: "insufficiet encrypt", 0x10: "unsupported gpr type",
	0x11: "insufficient resources",
}

var attSpec = newPDUSpec("ATT_Hdr", "ATT header", "Bluetooth ATT: opcode; each opcode's parameters are their own layer",
	pduField{name: "opcode", size: 1, hex: true, auto: autoBind})

// ATTType is the registered type of the ATT header.
var ATTType = attSpec.typ

func gattHandle() pduField         { return pduField{name: "gatt_handle", size: 2, hex: true} }
func attRest(name string) pduField { return pduField{name: name, kind: pkRest} }
func xle16(name string, def uint64) pduField {
	return pduField{name: name, size: 2, hex: true, def: def}
}

var (
	attReadByType128 = newPDUSpec("ATT_Read_By_Type_Request_128bit", "Read By Type Request", "ATT read by type request, 128-bit UUID",
		xle16("start", 1), xle16("end", 0xffff),
		pduField{name: "uuid1", size: 8, hex: true}, pduField{name: "uuid2", size: 8, hex: true})
	attReadByGroup128 = newPDUSpec("ATT_Read_By_Group_Type_Request_128bit", "Read By Group Type Request", "ATT read by group type request, 128-bit UUID",
		xle16("start", 0), xle16("end", 0xffff),
		pduField{name: "uuid1", size: 8, hex: true}, pduField{name: "uuid2", size: 8, hex: true})
)

// The ATT PDUs by opcode.
var attPDUs = []struct {
	op   uint64
	spec *pduSpec
}{
	{ATTErrorResponse, newPDUSpec("ATT_Error_Response", "Error Response", "ATT error response",
		pduField{name: "request", size: 1, hex: true}, pduField{name: "handle", size: 2},
		pduField{name: "ecode", size: 1, enum: ATTErrorNames})},
	{ATTExchangeMTURequest, newPDUSpec("ATT_Exchange_MTU_Request", "Exchange MTU Request", "ATT exchange MTU request",
		pduField{name: "mtu", size: 2})},
	{ATTExchangeMTUResponse, newPDUSpec("ATT_Exchange_MTU_Response", "Exchange MTU Response", "ATT exchange MTU response",
		pduField{name: "mtu", size: 2})},
	{ATTFindInformationRequest, newPDUSpec("ATT_Find_Information_Request", "Find Information Request", "ATT find information request",
		xle16("start", 0), xle16("end", 0xffff))},
	{ATTFindInformationResponse, newPDUSpec("ATT_Find_Information_Response", "Find Information Response", "ATT find information response (handle/UUID pairs kept)",
		pduField{name: "format", size: 1, hex: true, def: 1}, attRest("handles"))},
	{ATTFindByTypeValueRequest, newPDUSpec("ATT_Find_By_Type_Value_Request", "Find By Type Value Request", "ATT find by type value request",
		xle16("start", 1), xle16("end", 0xffff), xle16("uuid", 0), attRest("data"))},
	{ATTFindByTypeValueResponse, newPDUSpec("ATT_Find_By_Type_Value_Response", "Find By Type Value Response", "ATT find by type value response (handle ranges kept)",
		attRest("handles"))},
	{ATTReadByTypeRequest, newPDUSpec("ATT_Read_By_Type_Request", "Read By Type Request", "ATT read by type request, 16-bit UUID",
		xle16("start", 1), xle16("end", 0xffff), xle16("uuid", 0))},
	{ATTReadByTypeResponse, newPDUSpec("ATT_Read_By_Type_Response", "Read By Type Response", "ATT read by type response (handle/value pairs kept)",
		pduField{name: "len", size: 1, def: 4}, attRest("handles"))},
	{ATTReadRequest, newPDUSpec("ATT_Read_Request", "Read Request", "ATT read request",
		gattHandle())},
	{ATTReadResponse, newPDUSpec("ATT_Read_Response", "Read Response", "ATT read response",
		attRest("value"))},
	{ATTReadBlobRequest, newPDUSpec("ATT_Read_Blob_Request", "Read Blob Request", "ATT read blob request",
		gattHandle(), pduField{name: "offset", size: 2})},
	{ATTReadBlobResponse, newPDUSpec("ATT_Read_Blob_Response", "Read Blob Response", "ATT read blob response",
		attRest("value"))},
	{ATTReadMultipleRequest, newPDUSpec("ATT_Read_Multiple_Request", "Read Multiple Request", "ATT read multiple request (handles kept)",
		attRest("handles"))},
	{ATTReadMultipleResponse, newPDUSpec("ATT_Read_Multiple_Response", "Read Multiple Response", "ATT read multiple response",
		attRest("values"))},
	{ATTReadByGroupTypeRequest, newPDUSpec("ATT_Read_By_Group_Type_Request", "Read By Group Type Request", "ATT read by group type request, 16-bit UUID",
		xle16("start", 0), xle16("end", 0xffff), xle16("uuid", 0))},
	{ATTReadByGroupTypeResponse, newPDUSpec("ATT_Read_By_Group_Type_Response", "Read By Group Type Response", "ATT read by group type response (attribute data kept)",
		pduField{name: "length", size: 1, hex: true}, attRest("data"))},
	{ATTWriteRequest, newPDUSpec("ATT_Write_Request", "Write Request", "ATT write request",
		gattHandle(), attRest("data"))},
	{ATTWriteResponse, newPDUSpec("ATT_Write_Response", "Write Response", "ATT write response")},
	{ATTPrepareWriteRequest, newPDUSpec("ATT_Prepare_Write_Request", "Prepare Write Request", "ATT prepare write request",
		gattHandle(), pduField{name: "offset", size: 2}, attRest("data"))},
	{ATTPrepareWriteResponse, newPDUSpec("ATT_Prepare_Write_Response", "Prepare Write Response", "ATT prepare write response",
		gattHandle(), pduField{name: "offset", size: 2}, attRest("data"))},
	{ATTExecuteWriteRequest, newPDUSpec("ATT_Execute_Write_Request", "Execute Write Request", "ATT execute write request",
		pduField{name: "flags", size: 1, def: 1, enum: map[uint64]string{0: "Cancel all prepared writes", 1: "Immediately write all pending prepared values"}})},
	{ATTExecuteWriteResponse, newPDUSpec("ATT_Execute_Write_Response", "Execute Write Response", "ATT execute write response")},
	{ATTReadMultipleVarRequest, newPDUSpec("ATT_Read_Multiple_Variable_Request", "Read Multiple Variable Request", "ATT read multiple variable length request (handles kept)",
		attRest("handles"))},
	{ATTReadMultipleVarResponse, newPDUSpec("ATT_Read_Multiple_Variable_Response", "Read Multiple Variable Response", "ATT read multiple variable length response (length/value tuples kept)",
		attRest("values"))},
	{ATTMultipleHandleValueNotify, newPDUSpec("ATT_Multiple_Handle_Value_Notification", "Multiple Handle Value Notification", "ATT multiple handle value notification (handle/length/value tuples kept)",
		attRest("values"))},
	{ATTHandleValueNotification, newPDUSpec("ATT_Handle_Value_Notification", "Handle Value Notification", "ATT handle value notification",
		gattHandle(), attRest("value"))},
	{ATTHandleValueIndication, newPDUSpec("ATT_Handle_Value_Indication", "Handle Value Indication", "ATT handle value indication",
		gattHandle(), attRest("value"))},
	{ATTHandleValueConfirmation, newPDUSpec("ATT_Handle_Value_Confirmation", "Handle Value Confirmation", "ATT handle value confirmation")},
	{ATTWriteCommand, newPDUSpec("ATT_Write_Command", "Write Request", "ATT write command",
		gattHandle(), attRest("data"))},
	{ATTSignedWriteCommand, newPDUSpec("ATT_Signed_Write_Command", "Signed Write Command", "ATT signed write command (signature kept)",
		gattHandle(),
		pduField{name: "data", kind: pkBytes, lenFn: func(_ *PDU, rest int) int { return rest - 12 }},
		pduField{name: "signature", kind: pkBytes, size: 12})},
}

// attOps maps an opcode to its layer type.
var attOps [256]packet.LayerType

// SMP, the security manager protocol on L2CAP channel 6 (Scapy's SM_*).
var smSpec = newPDUSpec("SM_Hdr", "SM header", "Bluetooth security manager protocol: command code",
	pduField{name: "sm_command", size: 1, auto: autoBind})

// SMType is the registered type of the SMP header.
var SMType = smSpec.typ

var smIOCap = map[uint64]string{0: "DisplayOnly", 1: "DisplayYesNo", 2: "KeyboardOnly", 3: "NoInputNoOutput", 4: "KeyboardDisplay"}
var smOOB = map[uint64]string{0: "Not Present", 1: "Present (from remote device)"}

func smPairing() []pduField {
	return []pduField{
		{name: "iocap", size: 1, def: 3, enum: smIOCap}, {name: "oob", size: 1, enum: smOOB},
		{name: "authentication", size: 1}, {name: "max_key_size", size: 1, def: 16},
		{name: "initiator_key_distribution", size: 1}, {name: "responder_key_distribution", size: 1},
	}
}

var smPDUs = []struct {
	op   uint64
	spec *pduSpec
}{
	{1, newPDUSpec("SM_Pairing_Request", "Pairing Request", "SMP pairing request", smPairing()...)},
	{2, newPDUSpec("SM_Pairing_Response", "Pairing Response", "SMP pairing response", smPairing()...)},
	{3, newPDUSpec("SM_Confirm", "Pairing Confirm", "SMP pairing confirm", pduField{name: "confirm", kind: pkBytes, size: 16})},
	{4, newPDUSpec("SM_Random", "Pairing Random", "SMP pairing random", pduField{name: "random", kind: pkBytes, size: 16})},
	{5, newPDUSpec("SM_Failed", "Pairing Failed", "SMP pairing failed", pduField{name: "reason", size: 1, hex: true})},
	{6, newPDUSpec("SM_Encryption_Information", "Encryption Information", "SMP encryption information", pduField{name: "ltk", kind: pkBytes, size: 16})},
	{7, newPDUSpec("SM_Master_Identification", "Master Identification", "SMP master identification",
		pduField{name: "ediv", size: 2, hex: true}, pduField{name: "rand", kind: pkBytes, size: 8})},
	{8, newPDUSpec("SM_Identity_Information", "Identity Information", "SMP identity information", pduField{name: "irk", kind: pkBytes, size: 16})},
	{9, newPDUSpec("SM_Identity_Address_Information", "Identity Address Information", "SMP identity address information",
		pduField{name: "atype", size: 1, enum: map[uint64]string{0: "public"}}, pduField{name: "address", kind: pkMAC})},
	{10, newPDUSpec("SM_Signing_Information", "Signing Information", "SMP signing information", pduField{name: "csrk", kind: pkBytes, size: 16})},
	{12, newPDUSpec("SM_Public_Key", "Public Key", "SMP pairing public key",
		pduField{name: "key_x", kind: pkBytes, size: 32}, pduField{name: "key_y", kind: pkBytes, size: 32})},
	{13, newPDUSpec("SM_DHKey_Check", "DHKey Check", "SMP pairing DHKey check", pduField{name: "dhkey_check", kind: pkBytes, size: 16})},
}

func init() {
	attSpec.next = func(p *PDU, payload []byte) packet.LayerType {
		op := p.uint(0)
		switch {
		case op == ATTReadByTypeRequest && len(payload) == 20:
			return attReadByType128.typ
		case op == ATTReadByGroupTypeRequest && len(payload) == 20:
			return attReadByGroup128.typ
		}
		return attOps[op&0xff]
	}
	attSpec.summary = func(p *PDU) string { return pduSummary(p, "ATT", "opcode") }
	smSpec.dispFld = []string{"sm_command"}
	packet.Bind(
		packet.BindingRule{Lower: L2CAPType, Upper: ATTType, Field: "cid", Value: L2CAPCIDATT},
		packet.BindingRule{Lower: L2CAPType, Upper: SMType, Field: "cid", Value: L2CAPCIDSMP},
		packet.BindingRule{Lower: ATTType, Upper: attReadByType128.typ, Field: "opcode", Value: ATTReadByTypeRequest},
		packet.BindingRule{Lower: ATTType, Upper: attReadByGroup128.typ, Field: "opcode", Value: ATTReadByGroupTypeRequest},
	)
	for _, a := range attPDUs {
		attOps[a.op] = a.spec.typ
		packet.Bind(packet.BindingRule{Lower: ATTType, Upper: a.spec.typ, Field: "opcode", Value: a.op})
	}
	for _, s := range smPDUs {
		packet.Bind(packet.BindingRule{Lower: SMType, Upper: s.spec.typ, Field: "sm_command", Value: s.op})
	}
}
