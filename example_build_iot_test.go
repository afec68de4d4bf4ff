package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewPDUBuilder() {
	// Any table-driven layer by its Scapy class name, fields by Scapy name.
	// Scapy: ATT_Hdr()/ATT_Find_Information_Request(start=1, end=0xffff)
	b, err := goscapy.NewATT().
		Over(goscapy.NewPDUBuilder("ATT_Find_Information_Request").Set("start", 1).Set("end", 0xffff)).Build()
	fmt.Printf("%x %v\n", b, err)
	// An unknown name is reported by Build.
	_, err = goscapy.NewPDUBuilder("ATT_No_Such_Request").Build()
	fmt.Println(err != nil)
	// Output:
	// 040100ffff <nil>
	// true
}

func ExamplePDUBuilder_Set() {
	// Scapy: HCI_Hdr()/HCI_ACL_Hdr(handle=0x40, PB=2)/L2CAP_Hdr()/ATT_Hdr()/ATT_Read_Response(value=b"goscapy")
	b, err := goscapy.NewHCI().Over(goscapy.NewHCIACL(0x40).Set("PB", 2)).Over(goscapy.NewL2CAP()).
		Over(goscapy.NewATT()).Over(goscapy.NewPDUBuilder("ATT_Read_Response").Set("value", []byte("goscapy"))).
		Build()
	fmt.Printf("%x %v\n", b, err)
	// A field the layer does not have is reported by Build.
	_, err = goscapy.NewATTReadRequest(3).Set("no_such_field", 1).Build()
	fmt.Println(err != nil)
	// Output:
	// 0240200c00080004000b676f7363617079 <nil>
	// true
}

func ExampleNewHCIPHDR() {
	// Link type 201 (Bluetooth HCI H4 with pseudo-header): a received frame.
	// Scapy: HCI_PHDR_Hdr(direction=1)/HCI_Hdr()/HCI_ACL_Hdr(handle=0x40, PB=2)/L2CAP_Hdr()/
	//   ATT_Hdr()/ATT_Read_Request(gatt_handle=0x03)
	b, _ := goscapy.NewHCIPHDR(1).Over(goscapy.NewHCI()).Over(goscapy.NewHCIACL(0x40).Set("PB", 2)).
		Over(goscapy.NewL2CAP()).Over(goscapy.NewATT()).Over(goscapy.NewATTReadRequest(3)).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 000000010240200700030004000a0300
}

func ExampleNewHCI() {
	// The H4 packet type, the ACL length, the L2CAP length and channel
	// (4, ATT) and the ATT opcode come from the layers above.
	// Scapy: HCI_Hdr()/HCI_ACL_Hdr(handle=0x40)/L2CAP_Hdr()/ATT_Hdr()/ATT_Read_Request(gatt_handle=0x21)
	s := goscapy.NewHCI().Over(goscapy.NewHCIACL(0x40)).Over(goscapy.NewL2CAP()).
		Over(goscapy.NewATT()).Over(goscapy.NewATTReadRequest(0x21))
	b, _ := s.Build()
	fmt.Println(s.Packet())
	fmt.Printf("%x\n", b)
	// Output:
	// HCI_Hdr / HCI_ACL_Hdr / L2CAP_Hdr / ATT_Hdr / ATT_Read_Request
	// 0240000700030004000a2100
}

func ExampleNewHCIACL() {
	// Scapy: HCI_ACL_Hdr(handle=0x41)/L2CAP_Hdr()/ATT_Hdr()/ATT_Write_Command(gatt_handle=0x2a, data=b"\x02\x00")
	b, _ := goscapy.NewHCIACL(0x41).Over(goscapy.NewL2CAP()).Over(goscapy.NewATT()).
		Over(goscapy.NewPDUBuilder("ATT_Write_Command").Set("gatt_handle", 0x2a).Set("data", []byte{2, 0})).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 4100090005000400522a000200
}

func ExampleNewHCICommand() {
	// The opcode comes from the command above. Scapy: HCI_Hdr()/HCI_Command_Hdr()/HCI_Cmd_Reset()
	b, _ := goscapy.NewHCI().Over(goscapy.NewHCICommand()).Over(goscapy.NewPDUBuilder("HCI_Cmd_Reset")).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 01030c00
}

func ExampleNewHCIEvent() {
	// Scapy: HCI_Hdr()/HCI_Event_Hdr()/HCI_Event_Disconnection_Complete(status=0, handle=0x40, reason=0x13)
	b, _ := goscapy.NewHCI().Over(goscapy.NewHCIEvent()).
		Over(goscapy.NewPDUBuilder("HCI_Event_Disconnection_Complete").Set("handle", 0x40).Set("reason", 0x13)).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 04050400400013
}

func ExampleNewL2CAP() {
	// Scapy: L2CAP_Hdr()/ATT_Hdr()/ATT_Exchange_MTU_Request(mtu=517)
	b, _ := goscapy.NewL2CAP().Over(goscapy.NewATT()).Over(goscapy.NewATTExchangeMTU(517)).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 03000400020502
}

func ExampleNewL2CAPCmd() {
	// A signalling command: the channel (1) and code come from the layers.
	// Scapy: L2CAP_Hdr()/L2CAP_CmdHdr(id=1)/L2CAP_ConnReq(psm=1, scid=0x40)
	b, _ := goscapy.NewL2CAP().Over(goscapy.NewL2CAPCmd(1)).
		Over(goscapy.NewPDUBuilder("L2CAP_ConnReq").Set("psm", 1).Set("scid", 0x40)).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 080005000201040001004000
}

func ExampleNewATT() {
	// Scapy: ATT_Hdr()/ATT_Error_Response(request=0x0a, handle=0x21, ecode=0x0a)
	b, _ := goscapy.NewATT().Over(goscapy.NewPDUBuilder("ATT_Error_Response").
		Set("request", 0x0a).Set("handle", 0x21).Set("ecode", 0x0a)).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 010a21000a
}

func ExampleNewATTReadRequest() {
	// Scapy: ATT_Hdr()/ATT_Read_Request(gatt_handle=0x21)
	b, _ := goscapy.NewATT().Over(goscapy.NewATTReadRequest(0x21)).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 0a2100
}

func ExampleNewATTWriteRequest() {
	// Enabling notifications on a client characteristic configuration descriptor.
	// Scapy: ATT_Hdr()/ATT_Write_Request(gatt_handle=0x2a, data=b"\x01\x00")
	b, _ := goscapy.NewATT().Over(goscapy.NewATTWriteRequest(0x2a, []byte{1, 0})).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 122a000100
}

func ExampleNewATTNotification() {
	// Scapy: ATT_Hdr()/ATT_Handle_Value_Notification(gatt_handle=0x25, value=b"\x64")
	b, _ := goscapy.NewATT().Over(goscapy.NewATTNotification(0x25, []byte{100})).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 1b250064
}

func ExampleNewATTExchangeMTU() {
	// Scapy: ATT_Hdr()/ATT_Exchange_MTU_Request(mtu=247)
	b, _ := goscapy.NewATT().Over(goscapy.NewATTExchangeMTU(247)).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 02f700
}

func ExampleBLEATTReadRequest() {
	// Scapy: HCI_Hdr()/HCI_ACL_Hdr(handle=0x40)/L2CAP_Hdr()/ATT_Hdr()/ATT_Read_Request(gatt_handle=0x21)
	b, err := goscapy.BLEATTReadRequest(0x40, 0x21)
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 0240000700030004000a2100 <nil>
}

func ExampleNewDot15d4() {
	// Link type 230 (no FCS): a broadcast data frame.
	// Scapy: Dot15d4()/Dot15d4Data(dest_panid=0x1234, dest_addr=0xffff)
	b, _ := goscapy.NewDot15d4().Over(goscapy.NewDot15d4Data(0x1234, 0xffff)).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 0108013412ffff
}

func ExampleNewDot15d4FCS() {
	// Link type 195: the frame ends with the FCS trailer.
	// Scapy: Dot15d4FCS(fcf_panidcompress=1, fcf_ackreq=1, fcf_srcaddrmode=2, seqnum=7)/
	//   Dot15d4Data(dest_panid=0x1aaa, dest_addr=0x0000, src_addr=0x1234)/Raw(b"hello")
	s := goscapy.NewDot15d4FCS().Set("fcf_panidcompress", 1).Set("fcf_ackreq", 1).
		Set("fcf_srcaddrmode", 2).Set("seqnum", 7).
		Over(goscapy.NewDot15d4Data(0x1aaa, 0).Set("src_addr", 0x1234)).
		Over(goscapy.NewRaw([]byte("hello"))).
		Over(goscapy.NewDot15d4FCSTrailer())
	b, err := s.Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 618807aa1a0000341268656c6c6f547d <nil>
}

func ExampleNewDot15d4FCSTrailer() {
	// An ack: the trailer receives the CRC of the frame.
	// Scapy: Dot15d4FCS(seqnum=42)/Dot15d4Ack()
	b, _ := goscapy.NewDot15d4FCS().Set("seqnum", 42).Over(goscapy.NewPDUBuilder("Dot15d4Ack")).
		Over(goscapy.NewDot15d4FCSTrailer()).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 02002ae03b
}

func ExampleNewDot15d4Data() {
	// Long (64-bit) addresses. Scapy: Dot15d4(fcf_srcaddrmode=3, fcf_destaddrmode=3, fcf_framever=1, seqnum=9)/
	//   Dot15d4Data(dest_panid=0xabcd, dest_addr=0x0011223344556677, src_panid=0xabcd, src_addr=0x8899aabbccddeeff)
	b, err := goscapy.NewDot15d4().Set("fcf_srcaddrmode", 3).Set("fcf_destaddrmode", 3).
		Set("fcf_framever", 1).Set("seqnum", 9).
		Over(goscapy.NewDot15d4Data(0xabcd, 0x0011223344556677).
			Set("src_panid", 0xabcd).Set("src_addr", uint64(0x8899aabbccddeeff))).Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 01dc09cdab7766554433221100cdabffeeddccbbaa9988 <nil>
}

func ExampleNewZigbeeNWK() {
	// Zigbee Home Automation: read the on/off attribute of a light.
	// Scapy: ZigbeeNWK(flags=0, destination=0x0001, source=0x0000, radius=30, seqnum=21)/
	//   ZigbeeAppDataPayload(frame_control=0, dst_endpoint=1, cluster=0x0006, profile=0x0104,
	//     src_endpoint=1, counter=5)/ZigbeeClusterLibrary(transaction_sequence=9)/
	//   ZCLGeneralReadAttributes(attribute_identifiers=[0x0000, 0x4003])
	s := goscapy.NewZigbeeNWK(1, 0).Set("radius", 30).Set("seqnum", 21).
		Over(goscapy.NewZigbeeAPS(0x0006, 0x0104, 1, 1).Set("counter", 5)).
		Over(goscapy.NewZCL(9)).
		Over(goscapy.NewZCLReadAttributes(0x0000, 0x4003))
	b, err := s.Build()
	fmt.Println(s.Packet())
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// ZigbeeNWK / ZigbeeAppDataPayload / ZigbeeClusterLibrary / ZCLGeneralReadAttributes
	// 0800010000001e15000106000401010500090000000340 <nil>
}

func ExampleNewZigbeeAPS() {
	// Scapy: ZigbeeAppDataPayload(frame_control=0, dst_endpoint=1, cluster=0x0006, profile=0x0104,
	//   src_endpoint=1, counter=10)
	b, _ := goscapy.NewZigbeeAPS(0x0006, 0x0104, 1, 1).Set("counter", 10).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 000106000401010a
}

func ExampleNewZCL() {
	// Scapy: ZigbeeClusterLibrary(transaction_sequence=13, disable_default_response=1)/
	//   ZCLGeneralDefaultResponse(response_command_identifier=1)
	b, _ := goscapy.NewZCL(13).Set("disable_default_response", 1).
		Over(goscapy.NewPDUBuilder("ZCLGeneralDefaultResponse").Set("response_command_identifier", 1)).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 100d0b0100
}

func ExampleNewZCLReadAttributes() {
	// Scapy: ZigbeeClusterLibrary(transaction_sequence=1)/ZCLGeneralReadAttributes(attribute_identifiers=[0x0000, 0x0005])
	b, _ := goscapy.NewZCL(1).Over(goscapy.NewZCLReadAttributes(0x0000, 0x0005)).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 00010000000500
}

func ExampleNewZCLReportAttributes() {
	// A temperature report: 25.00 degrees as a signed 16-bit value.
	// Scapy: ZigbeeClusterLibrary(command_direction=1, disable_default_response=1, transaction_sequence=10)/
	//   ZCLGeneralReportAttributes(attribute_reports=[ZCLAttributeReport(attribute_identifier=0x0000,
	//     attribute_data_type=0x29, attribute_data=b"\xc4\x09")])
	b, err := goscapy.NewZCL(10).Set("command_direction", 1).Set("disable_default_response", 1).
		Over(goscapy.NewZCLReportAttributes().Attr(0x0000, layers.ZCLTypeInt16, 2500)).Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 180a0a000029c409 <nil>
}

func ExampleNewZCLWriteAttributes() {
	// Scapy: ZigbeeClusterLibrary(transaction_sequence=12)/ZCLGeneralWriteAttributes(write_records=[
	//   ZCLWriteAttributeRecord(attribute_identifier=0x0010, attribute_data_type=0x42, attribute_data=b"\x07kitchen"),
	//   ZCLWriteAttributeRecord(attribute_identifier=0x4001, attribute_data_type=0x21, attribute_data=b"\x2c\x01")])
	b, err := goscapy.NewZCL(12).Over(goscapy.NewZCLWriteAttributes().
		Attr(0x10, layers.ZCLTypeCharStr, "kitchen").Attr(0x4001, layers.ZCLTypeUint16, 300)).Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 000c02100042076b69746368656e0140212c01 <nil>
}

func ExampleNewZCLReadAttributesResponse() {
	// One value and one unsupported attribute (status 0x86).
	// Scapy: ZigbeeClusterLibrary(command_direction=1, transaction_sequence=11)/
	//   ZCLGeneralReadAttributesResponse(read_attribute_status_record=[
	//     ZCLReadAttributeStatusRecord(attribute_identifier=0x0005, status=0, attribute_data_type=0x42,
	//       attribute_value=b"\x04lamp"),
	//     ZCLReadAttributeStatusRecord(attribute_identifier=0x4000, status=0x86)])
	b, err := goscapy.NewZCL(11).Set("command_direction", 1).
		Over(goscapy.NewZCLReadAttributesResponse().Attr(5, layers.ZCLTypeCharStr, "lamp").Status(0x4000, 0x86)).
		Build()
	fmt.Printf("%x %v\n", b, err)
	// A value of the wrong kind for its type is a build error.
	_, err = goscapy.NewZCLReportAttributes().Attr(0, layers.ZCLTypeUint16, "hot").Build()
	fmt.Println(err != nil)
	// Output:
	// 080b0105000042046c616d70004086 <nil>
	// true
}

func ExampleNewLoRaWAN() {
	// An unconfirmed data uplink (LoRaWAN 1.0.x, section 4): MHDR 0x40;
	// DevAddr, FCtrl and FCnt little-endian; FPort; the (encrypted)
	// FRMPayload; the MIC, given here, as the 4 bytes on the wire.
	l := goscapy.NewLoRaWAN(layers.LoRaWANUnconfirmedDataUp).
		Set("DevAddr", 0x26011bda).Set("FCnt", 1).Set("FPort", 1).
		Set("FRMPayload", []byte{0xaa, 0xbb}).Set("MIC", 0x01020304)
	b, err := l.Build()
	fmt.Println(l.Layer().Summary())
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// LoRaWAN MType=Unconfirmed Data Up DevAddr=0x26011bda FCnt=1 FPort=1
	// 40da1b012600010001aabb01020304 <nil>
}

func ExampleZCLGeneralBuilder_Attr() {
	// Values typed by ZCL data type: a boolean, an 8-bit unsigned integer
	// and a 16-bit signed integer.
	// Scapy: ZCLGeneralReportAttributes(attribute_reports=[
	//   ZCLAttributeReport(attribute_identifier=0x0000, attribute_data_type=0x10, attribute_data=b"\x01"),
	//   ZCLAttributeReport(attribute_identifier=0x0021, attribute_data_type=0x20, attribute_data=b"\xc8"),
	//   ZCLAttributeReport(attribute_identifier=0x0000, attribute_data_type=0x29, attribute_data=b"\x0c\xfe")])
	b, err := goscapy.NewZCLReportAttributes().Attr(0x0000, layers.ZCLTypeBool, true).
		Attr(0x0021, layers.ZCLTypeUint8, 200).Attr(0x0000, layers.ZCLTypeInt16, -500).Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 00001001210020c80000290cfe <nil>
}
