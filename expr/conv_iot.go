package expr

import (
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// IEEE 802.15.4 and Zigbee: the FCS trailer of Dot15d4FCS, ZCL attribute
// records.

// zclRecord makes a Scapy ZCL attribute record class: an identifier, for
// read attributes responses a status, a data type and the data as sent
// (strings with their length prefix).
func zclRecord(data string, status bool) func(c *compiler, call *callExpr) (any, error) {
	allowed := []string{"attribute_identifier", "attribute_data_type", data}
	if status {
		allowed = []string{"attribute_identifier", "status", "attribute_data_type", data}
	}
	return func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, allowed...)
		if err != nil {
			return nil, err
		}
		a := layers.ZCLAttr{ID: k.u16("attribute_identifier", 0), DataType: k.u8("attribute_data_type", 0), Data: k.bytes(data, nil)}
		if status {
			a.Status = uint8(k.enum("status", layers.ZCLStatusNames, 8, 0))
		}
		if k.err != nil {
			return nil, k.err
		}
		return a, nil
	}
}

func init() {
	addClass(
		&class{name: "Dot15d4FCS", proto: "Dot15d4FCS", trailer: func() packet.Layer { return layers.NewDot15d4FCSTrailer() }},
	)
	addObject("ZCLAttributeReport", zclRecord("attribute_data", false))
	addObject("ZCLWriteAttributeRecord", zclRecord("attribute_data", false))
	addObject("ZCLReadAttributeStatusRecord", zclRecord("attribute_value", true))
	records := func(what string) func(c *compiler, n node) (any, error) {
		return func(c *compiler, n node) (any, error) { return objList[layers.ZCLAttr](c, n, what) }
	}
	addConverter("ZCLGeneralReportAttributes", "attribute_reports", records("attribute report (ZCLAttributeReport(...))"))
	addConverter("ZCLGeneralReadAttributesResponse", "read_attribute_status_record", records("read attribute status record (ZCLReadAttributeStatusRecord(...))"))
	for _, p := range []string{"ZCLGeneralWriteAttributes", "ZCLGeneralWriteAttributesUndivided", "ZCLGeneralWriteAttributesNoResponse"} {
		addConverter(p, "write_records", records("write attribute record (ZCLWriteAttributeRecord(...))"))
	}
}
