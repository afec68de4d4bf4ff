package expr

import (
	"fmt"
	"net/netip"

	"github.com/goscapy/goscapy/layers"
)

// RADIUS: Scapy's attribute classes (RadiusAttribute, RadiusAttr_User_Name,
// RadiusAttr_NAS_IP_Address, RadiusAttr_Vendor_Specific, ...) in
// Radius(attributes=[...]).

// Kinds of Scapy's RadiusAttr_* classes: what their value field holds.
const (
	radBytes = iota // a string (StrLenField, XStrLenField)
	radInt          // a 4-byte integer
	radIPv4         // an IPv4 address
	radAuth         // 16 bytes (Message-Authenticator)
)

// radiusAttrClasses are Scapy's RadiusAttr_* classes with a fixed type,
// by name after "RadiusAttr_".
var radiusAttrClasses = map[string]struct {
	typ  uint8
	kind int
}{
	"ARAP_Security":                      {73, radInt},
	"Acct_Authentic":                     {45, radInt},
	"Acct_Delay_Time":                    {41, radInt},
	"Acct_Input_Gigawords":               {52, radInt},
	"Acct_Input_Octets":                  {42, radInt},
	"Acct_Input_Packets":                 {47, radInt},
	"Acct_Interim_Interval":              {85, radInt},
	"Acct_Link_Count":                    {51, radInt},
	"Acct_Output_Gigawords":              {53, radInt},
	"Acct_Output_Octets":                 {43, radInt},
	"Acct_Output_Packets":                {48, radInt},
	"Acct_Session_Time":                  {46, radInt},
	"Acct_Status_Type":                   {40, radInt},
	"Acct_Terminate_Cause":               {49, radInt},
	"Acct_Tunnel_Packets_Lost":           {86, radInt},
	"Egress_VLANID":                      {56, radInt},
	"Framed_AppleTalk_Link":              {37, radInt},
	"Framed_AppleTalk_Network":           {38, radInt},
	"Framed_IPX_Network":                 {23, radIPv4},
	"Framed_IP_Address":                  {8, radIPv4},
	"Framed_IP_Netmask":                  {9, radIPv4},
	"Framed_MTU":                         {12, radInt},
	"Framed_Protocol":                    {7, radInt},
	"Idle_Timeout":                       {28, radInt},
	"Login_IP_Host":                      {14, radIPv4},
	"Login_TCP_Port":                     {16, radInt},
	"Management_Privilege_Level":         {136, radInt},
	"Message_Authenticator":              {80, radAuth},
	"Mobility_Domain_Id":                 {177, radInt},
	"NAS_IP_Address":                     {4, radIPv4},
	"NAS_Port":                           {5, radInt},
	"NAS_Port_Type":                      {61, radInt},
	"PMIP6_Home_DHCP4_Server_Address":    {157, radIPv4},
	"PMIP6_Home_IPv4_Gateway":            {161, radIPv4},
	"PMIP6_Home_LMA_IPv4_Address":        {149, radIPv4},
	"PMIP6_Visited_DHCP4_Server_Address": {158, radIPv4},
	"PMIP6_Visited_IPv4_Gateway":         {162, radIPv4},
	"PMIP6_Visited_LMA_IPv4_Address":     {150, radIPv4},
	"Password_Retry":                     {75, radInt},
	"Port_Limit":                         {62, radInt},
	"Preauth_Timeout":                    {178, radInt},
	"Service_Type":                       {6, radInt},
	"Session_Timeout":                    {27, radInt},
	"State":                              {24, radBytes},
	"Tunnel_Preference":                  {83, radInt},
	"User_Name":                          {1, radBytes},
	"User_Password":                      {2, radBytes},
	"WLAN_AKM_Suite":                     {188, radInt},
	"WLAN_Group_Cipher":                  {187, radInt},
	"WLAN_Group_Mgmt_Cipher":             {189, radInt},
	"WLAN_Pairwise_Cipher":               {186, radInt},
	"WLAN_RF_Band":                       {190, radInt},
	"WLAN_Reason_Code":                   {185, radInt},
	"WLAN_Venue_Info":                    {182, radInt},
}

// radiusAttr makes a Scapy RADIUS attribute class: typ 0 is
// RadiusAttribute, whose type is a field.
func radiusAttr(name string, typ uint8, kind int) func(c *compiler, call *callExpr) (any, error) {
	allowed := []string{"len", "value"}
	if typ == 0 {
		allowed = []string{"type", "len", "value"}
	}
	return func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, allowed...)
		if err != nil {
			return nil, err
		}
		a := layers.RadiusAttribute{Type: typ}
		if typ == 0 {
			a.Type = uint8(k.enum("type", layers.RadiusAttributeNames, 8, 1))
		}
		a.Len = k.u8("len", 0)
		switch kind {
		case radInt:
			v := k.u32("value", 0)
			a.Value = []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
		case radIPv4:
			a.Value = k.ipv4("value", netip.IPv4Unspecified())
		case radAuth:
			// a fixed 16-byte field: Scapy pads with zeros and truncates
			a.Value = make([]byte, 16)
			copy(a.Value, k.bytes("value", nil))
		default:
			a.Value = k.bytes("value", []byte{})
		}
		if k.err != nil {
			return nil, k.err
		}
		return a, nil
	}
}

// ipv4 reads an IPv4 address as its 4 bytes.
func (k *kw) ipv4(name string, def netip.Addr) []byte {
	a := k.addr(name, false, def).Unmap()
	if !a.Is4() {
		if k.err == nil {
			k.fail(name, fmt.Errorf("%w: %s is no IPv4 address", ErrBadValue, pyRepr(k.m[name])))
		}
		return make([]byte, 4)
	}
	b := a.As4()
	return b[:]
}

func init() {
	for n, a := range radiusAttrClasses {
		addObject("RadiusAttr_"+n, radiusAttr("RadiusAttr_"+n, a.typ, a.kind))
	}
	addObject("RadiusAttribute", radiusAttr("RadiusAttribute", 0, radBytes))
	addObject("RadiusAttr_EAP_Message", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "len", "value")
		if err != nil {
			return nil, err
		}
		a := layers.RadiusAttribute{Type: layers.RadiusAttrEAPMessage, Len: k.u8("len", 0), Value: k.bytes("value", []byte{})}
		return a, k.err
	})
	addObject("RadiusAttr_Vendor_Specific", func(c *compiler, call *callExpr) (any, error) {
		k, err := c.kw(call, "len", "vendor_id", "vendor_type", "vendor_len", "value")
		if err != nil {
			return nil, err
		}
		id, value := k.u32("vendor_id", 0), k.bytes("value", []byte{})
		v := []byte{byte(id >> 24), byte(id >> 16), byte(id >> 8), byte(id), k.u8("vendor_type", 0), k.u8("vendor_len", uint8(len(value)+2))}
		a := layers.RadiusAttribute{Type: layers.RadiusAttrVendorSpecific, Len: k.u8("len", 0), Value: append(v, value...)}
		if k.err == nil && len(value) > 253 {
			return nil, fmt.Errorf("field value: %w: %d bytes do not fit in a vendor attribute", ErrBadValue, len(value))
		}
		return a, k.err
	})
	addConverter("RADIUS", "attributes", func(c *compiler, n node) (any, error) {
		v, err := objList[layers.RadiusAttribute](c, n, "RADIUS attribute (RadiusAttribute(...), RadiusAttr_User_Name(...), ...)")
		if _, isBytes := v.([]byte); isBytes {
			return nil, fmt.Errorf("%w: attributes are RadiusAttribute(...) values", ErrBadValue)
		}
		return v, err
	})
}
