package goscapy

import (
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// PDUBuilder builds one layer of the table-driven protocols: Bluetooth
// HCI, L2CAP, ATT and SMP, IEEE 802.15.4, Zigbee NWK/APS/ZCL and LoRaWAN.
// Fields are set by Scapy name with Set; the common ones have typed
// setters. Lengths, the H4 packet type, the L2CAP channel, opcodes, the
// 802.15.4 frame type and FCS are computed unless set.
//
//	frame, err := goscapy.NewHCI().
//		Over(goscapy.NewHCIACL(0x40)).
//		Over(goscapy.NewL2CAP()).
//		Over(goscapy.NewATT()).
//		Over(goscapy.NewATTReadRequest(0x21)).
//		Build()
type PDUBuilder struct{ base[*layers.PDU] }

// NewPDUBuilder starts a layer of a table-driven protocol by its Scapy
// name ("ATT_Find_Information_Request", "Dot15d4Cmd", ...). An unknown
// name is a build error.
func NewPDUBuilder(name string) *PDUBuilder {
	p := layers.NewPDU(name)
	b := &PDUBuilder{}
	if p == nil {
		b.l = layers.NewPDU("ATT_Hdr") // a placeholder: Build reports the error
		b.fail("name", name, packet.ErrNoLayer)
		return b
	}
	b.l = p
	return b
}

// Set sets a field by its Scapy name; a bad name or value is a build error.
func (b *PDUBuilder) Set(field string, v any) *PDUBuilder { b.set(field, v); return b }

// Bluetooth HCI over H4.

// NewHCIPHDR starts the 4-byte direction header of link type 201 (0 sent,
// 1 received).
func NewHCIPHDR(direction uint32) *PDUBuilder {
	return NewPDUBuilder("HCI_PHDR_Hdr").Set("direction", direction)
}

// NewHCI starts the H4 packet type byte (computed from the layer above).
func NewHCI() *PDUBuilder { return NewPDUBuilder("HCI_Hdr") }

// NewHCIACL starts an HCI ACL data header for a connection handle.
func NewHCIACL(handle uint16) *PDUBuilder {
	return NewPDUBuilder("HCI_ACL_Hdr").Set("handle", handle)
}

// NewHCICommand starts an HCI command header (opcode from the parameter
// layer above unless set).
func NewHCICommand() *PDUBuilder { return NewPDUBuilder("HCI_Command_Hdr") }

// NewHCIEvent starts an HCI event header (code from the layer above
// unless set).
func NewHCIEvent() *PDUBuilder { return NewPDUBuilder("HCI_Event_Hdr") }

// NewL2CAP starts an L2CAP basic header (channel from the layer above).
func NewL2CAP() *PDUBuilder { return NewPDUBuilder("L2CAP_Hdr") }

// NewL2CAPCmd starts an L2CAP signalling command header with an
// identifier.
func NewL2CAPCmd(id uint8) *PDUBuilder { return NewPDUBuilder("L2CAP_CmdHdr").Set("id", id) }

// NewATT starts an ATT header (opcode from the layer above).
func NewATT() *PDUBuilder { return NewPDUBuilder("ATT_Hdr") }

// NewATTReadRequest starts an ATT read request of an attribute handle.
func NewATTReadRequest(handle uint16) *PDUBuilder {
	return NewPDUBuilder("ATT_Read_Request").Set("gatt_handle", handle)
}

// NewATTWriteRequest starts an ATT write request.
func NewATTWriteRequest(handle uint16, data []byte) *PDUBuilder {
	return NewPDUBuilder("ATT_Write_Request").Set("gatt_handle", handle).Set("data", data)
}

// NewATTNotification starts an ATT handle value notification.
func NewATTNotification(handle uint16, value []byte) *PDUBuilder {
	return NewPDUBuilder("ATT_Handle_Value_Notification").Set("gatt_handle", handle).Set("value", value)
}

// NewATTExchangeMTU starts an ATT exchange MTU request.
func NewATTExchangeMTU(mtu uint16) *PDUBuilder {
	return NewPDUBuilder("ATT_Exchange_MTU_Request").Set("mtu", mtu)
}

// BLEATTReadRequest builds an H4 frame (link type 187) holding an ATT read
// request of attribute handle on ACL connection conn.
func BLEATTReadRequest(conn, handle uint16) ([]byte, error) {
	return NewHCI().Over(NewHCIACL(conn)).Over(NewL2CAP()).Over(NewATT()).
		Over(NewATTReadRequest(handle)).Build()
}

// IEEE 802.15.4.

// NewDot15d4 starts an 802.15.4 header for link type 230 (no FCS).
func NewDot15d4() *PDUBuilder { return NewPDUBuilder("Dot15d4") }

// NewDot15d4FCS starts an 802.15.4 header for link type 195: end the stack
// with NewDot15d4FCSTrailer, which receives the FCS.
func NewDot15d4FCS() *PDUBuilder { return NewPDUBuilder("Dot15d4FCS") }

// NewDot15d4FCSTrailer returns the 2-byte trailer of a Dot15d4FCS frame.
func NewDot15d4FCSTrailer() *PaddingBuilder {
	return &PaddingBuilder{base[*packet.Padding]{l: layers.NewDot15d4FCSTrailer()}}
}

// NewDot15d4Data starts the addressing of an 802.15.4 data frame.
func NewDot15d4Data(destPAN, dest uint64) *PDUBuilder {
	return NewPDUBuilder("Dot15d4Data").Set("dest_panid", destPAN).Set("dest_addr", dest)
}

// Zigbee.

// NewZigbeeNWK starts a Zigbee NWK header.
func NewZigbeeNWK(dst, src uint16) *PDUBuilder {
	return NewPDUBuilder("ZigbeeNWK").Set("destination", dst).Set("source", src)
}

// NewZigbeeAPS starts a Zigbee APS data header (unicast, no security)
// for a cluster and profile between endpoints.
func NewZigbeeAPS(cluster, profile uint16, srcEP, dstEP uint8) *PDUBuilder {
	return NewPDUBuilder("ZigbeeAppDataPayload").Set("frame_control", 0).
		Set("cluster", cluster).Set("profile", profile).Set("src_endpoint", srcEP).Set("dst_endpoint", dstEP)
}

// NewZCL starts a ZCL header (profile-wide command from the layer above).
func NewZCL(seq uint8) *PDUBuilder {
	return NewPDUBuilder("ZigbeeClusterLibrary").Set("transaction_sequence", seq)
}

// ZCLGeneralBuilder builds the records of a ZCL read, write or report
// attributes command.
type ZCLGeneralBuilder struct{ base[*layers.ZCLGeneral] }

// NewZCLReadAttributes starts a read attributes command.
func NewZCLReadAttributes(ids ...uint16) *ZCLGeneralBuilder {
	b := &ZCLGeneralBuilder{base[*layers.ZCLGeneral]{l: layers.NewZCLGeneral(layers.ZCLReadAttributes)}}
	for _, id := range ids {
		b.l.Attrs = append(b.l.Attrs, layers.ZCLAttr{ID: id})
	}
	return b
}

// NewZCLReportAttributes starts a report attributes command.
func NewZCLReportAttributes() *ZCLGeneralBuilder {
	return &ZCLGeneralBuilder{base[*layers.ZCLGeneral]{l: layers.NewZCLGeneral(layers.ZCLReportAttributes)}}
}

// NewZCLWriteAttributes starts a write attributes command.
func NewZCLWriteAttributes() *ZCLGeneralBuilder {
	return &ZCLGeneralBuilder{base[*layers.ZCLGeneral]{l: layers.NewZCLGeneral(layers.ZCLWriteAttributes)}}
}

// NewZCLReadAttributesResponse starts a read attributes response.
func NewZCLReadAttributesResponse() *ZCLGeneralBuilder {
	return &ZCLGeneralBuilder{base[*layers.ZCLGeneral]{l: layers.NewZCLGeneral(layers.ZCLReadAttributesResponse)}}
}

// Attr adds a record with a typed value of ZCL data type dtype
// (layers.ZCLTypeUint16, ...); a value that does not fit is a build error.
func (b *ZCLGeneralBuilder) Attr(id uint16, dtype uint8, v any) *ZCLGeneralBuilder {
	data, err := layers.ZCLValue(dtype, v)
	if err != nil {
		b.fail("attribute", v, err)
		return b
	}
	b.l.Attrs = append(b.l.Attrs, layers.ZCLAttr{ID: id, DataType: dtype, Data: data})
	return b
}

// Status adds a read attributes response record with a non-zero status
// (no value).
func (b *ZCLGeneralBuilder) Status(id uint16, status uint8) *ZCLGeneralBuilder {
	b.l.Attrs = append(b.l.Attrs, layers.ZCLAttr{ID: id, Status: status})
	return b
}

// LoRaWAN.

// NewLoRaWAN starts a LoRaWAN frame of message type mtype
// (layers.LoRaWANUnconfirmedDataUp, ...).
func NewLoRaWAN(mtype uint8) *PDUBuilder {
	b := &PDUBuilder{}
	b.l = layers.NewLoRaWAN(mtype)
	return b
}
