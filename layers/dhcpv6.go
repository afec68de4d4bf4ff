package layers

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// DHCPv6 client/server message (RFC 8415 section 8):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|    msg-type   |               transaction-id                  |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	.                            options                            .
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Relay agent/server message (RFC 8415 section 9): msg-type (12 or 13),
// hop-count (1), link-address (16), peer-address (16), options; the
// relayed message is the value of a Relay Message option (9).
//
// Options (section 21.1): option-code (2), option-len (2), option-data.
// IA_NA, IA_TA, IA_PD, IA Address and IA Prefix options hold options of
// their own after their fixed fields.
const (
	dhcp6MsgType = 0
	dhcp6TrID    = 1
	// DHCPv6HdrLen is the header length of client/server messages.
	DHCPv6HdrLen = 4

	dhcp6HopCount = 1
	dhcp6LinkAddr = 2
	dhcp6PeerAddr = 18
	// DHCPv6RelayHdrLen is the header length of relay messages.
	DHCPv6RelayHdrLen = 34

	// dhcp6MaxDepth bounds the nesting of relayed messages and options
	// that the accessors follow.
	dhcp6MaxDepth = 8
)

// DHCPv6 message types, option codes, status codes, DUID types and ports
// (untyped constants).
const (
	DHCPv6Solicit            = 1
	DHCPv6Advertise          = 2
	DHCPv6Request            = 3
	DHCPv6Confirm            = 4
	DHCPv6Renew              = 5
	DHCPv6Rebind             = 6
	DHCPv6Reply              = 7
	DHCPv6Release            = 8
	DHCPv6Decline            = 9
	DHCPv6Reconfigure        = 10
	DHCPv6InformationRequest = 11
	DHCPv6RelayForw          = 12
	DHCPv6RelayRepl          = 13

	DHCPv6OptClientID     = 1
	DHCPv6OptServerID     = 2
	DHCPv6OptIANA         = 3
	DHCPv6OptIATA         = 4
	DHCPv6OptIAAddr       = 5
	DHCPv6OptORO          = 6
	DHCPv6OptPreference   = 7
	DHCPv6OptElapsedTime  = 8
	DHCPv6OptRelayMsg     = 9
	DHCPv6OptAuth         = 11
	DHCPv6OptUnicast      = 12
	DHCPv6OptStatusCode   = 13
	DHCPv6OptRapidCommit  = 14
	DHCPv6OptUserClass    = 15
	DHCPv6OptVendorClass  = 16
	DHCPv6OptVendorOpts   = 17
	DHCPv6OptInterfaceID  = 18
	DHCPv6OptReconfMsg    = 19
	DHCPv6OptReconfAccept = 20
	DHCPv6OptDNSServers   = 23
	DHCPv6OptDomainList   = 24
	DHCPv6OptIAPD         = 25
	DHCPv6OptIAPrefix     = 26
	DHCPv6OptSNTPServers  = 31
	DHCPv6OptInfoRefresh  = 32
	DHCPv6OptClientFQDN   = 39
	DHCPv6OptNTPServer    = 56
	DHCPv6OptSOLMaxRT     = 82

	DHCPv6StatusSuccess       = 0
	DHCPv6StatusUnspecFail    = 1
	DHCPv6StatusNoAddrsAvail  = 2
	DHCPv6StatusNoBinding     = 3
	DHCPv6StatusNotOnLink     = 4
	DHCPv6StatusUseMulticast  = 5
	DHCPv6StatusNoPrefixAvail = 6

	DUIDTypeLLT  = 1
	DUIDTypeEN   = 2
	DUIDTypeLL   = 3
	DUIDTypeUUID = 4

	DHCPv6ClientPort = 546
	DHCPv6ServerPort = 547
)

// DHCPv6TypeNames names the message types as Scapy's dhcp6types.
var DHCPv6TypeNames = map[uint64]string{
	1: "SOLICIT", 2: "ADVERTISE", 3: "REQUEST", 4: "CONFIRM", 5: "RENEW", 6: "REBIND", 7: "REPLY",
	8: "RELEASE", 9: "DECLINE", 10: "RECONFIGURE", 11: "INFORMATION-REQUEST", 12: "RELAY-FORW",
	13: "RELAY-REPL",
}

var dhcp6Titles = map[uint8]string{
	1: "DHCPv6 Solicit Message", 2: "DHCPv6 Advertise Message", 3: "DHCPv6 Request Message",
	4: "DHCPv6 Confirm Message", 5: "DHCPv6 Renew Message", 6: "DHCPv6 Rebind Message",
	7: "DHCPv6 Reply Message", 8: "DHCPv6 Release Message", 9: "DHCPv6 Decline Message",
	10: "DHCPv6 Reconfigure Message", 11: "DHCPv6 Information Request Message",
	12: "DHCPv6 Relay Forward Message (Relay Agent/Server Message)",
	13: "DHCPv6 Relay Reply Message (Relay Agent/Server Message)",
}

// DHCPv6OptionNames names option codes as Scapy's dhcp6opts.
var DHCPv6OptionNames = map[uint64]string{
	1: "CLIENTID", 2: "SERVERID", 3: "IA_NA", 4: "IA_TA", 5: "IAADDR", 6: "ORO", 7: "PREFERENCE",
	8: "ELAPSED_TIME", 9: "RELAY_MSG", 11: "AUTH", 12: "UNICAST", 13: "STATUS_CODE", 14: "RAPID_COMMIT",
	15: "USER_CLASS", 16: "VENDOR_CLASS", 17: "VENDOR_OPTS", 18: "INTERFACE_ID", 19: "RECONF_MSG",
	20: "RECONF_ACCEPT", 21: "SIP Servers Domain Name List", 22: "SIP Servers IPv6 Address List",
	23: "DNS Recursive Name Server Option", 24: "Domain Search List option", 25: "OPTION_IA_PD",
	26: "OPTION_IAPREFIX", 27: "OPTION_NIS_SERVERS", 28: "OPTION_NISP_SERVERS", 29: "OPTION_NIS_DOMAIN_NAME",
	30: "OPTION_NISP_DOMAIN_NAME", 31: "OPTION_SNTP_SERVERS", 32: "OPTION_INFORMATION_REFRESH_TIME",
	33: "OPTION_BCMCS_SERVER_D", 34: "OPTION_BCMCS_SERVER_A", 36: "OPTION_GEOCONF_CIVIC",
	37: "OPTION_REMOTE_ID", 38: "OPTION_SUBSCRIBER_ID", 39: "OPTION_CLIENT_FQDN", 40: "OPTION_PANA_AGENT",
	41: "OPTION_NEW_POSIX_TIMEZONE", 42: "OPTION_NEW_TZDB_TIMEZONE", 48: "OPTION_LQ_CLIENT_LINK",
	56: "OPTION_NTP_SERVER", 59: "OPT_BOOTFILE_URL", 60: "OPT_BOOTFILE_PARAM", 61: "OPTION_CLIENT_ARCH_TYPE",
	62: "OPTION_NII", 65: "OPTION_ERP_LOCAL_DOMAIN_NAME", 66: "OPTION_RELAY_SUPPLIED_OPTIONS",
	68: "OPTION_VSS", 79: "OPTION_CLIENT_LINKLAYER_ADDR", 82: "OPTION_SOL_MAX_RT", 112: "OPTION_MUD_URL",
}

var dhcp6StatusNames = map[uint16]string{0: "Success", 1: "UnspecFail", 2: "NoAddrsAvail",
	3: "NoBinding", 4: "NotOnLink", 5: "UseMulticast", 6: "NoPrefixAvail"}

// DUID is a DHCP unique identifier (RFC 8415 section 11) in its wire form.
type DUID []byte

// DUIDLLT is a DUID of type 1: hardware type, time (seconds since
// 2000-01-01 UTC) and link-layer address.
func DUIDLLT(hwtype uint16, t uint32, lladdr []byte) DUID {
	d := []byte{0, DUIDTypeLLT, byte(hwtype >> 8), byte(hwtype), byte(t >> 24), byte(t >> 16), byte(t >> 8), byte(t)}
	return append(d, lladdr...)
}

// DUIDEN is a DUID of type 2: enterprise number and identifier.
func DUIDEN(enterprise uint32, id []byte) DUID {
	d := []byte{0, DUIDTypeEN, byte(enterprise >> 24), byte(enterprise >> 16), byte(enterprise >> 8), byte(enterprise)}
	return append(d, id...)
}

// DUIDLL is a DUID of type 3: hardware type and link-layer address.
func DUIDLL(hwtype uint16, lladdr []byte) DUID {
	return append([]byte{0, DUIDTypeLL, byte(hwtype >> 8), byte(hwtype)}, lladdr...)
}

// DUIDUUID is a DUID of type 4 (RFC 6355).
func DUIDUUID(uuid [16]byte) DUID { return append([]byte{0, DUIDTypeUUID}, uuid[:]...) }

// Type returns the DUID type.
func (d DUID) Type() uint16 {
	if len(d) < 2 {
		return 0
	}
	return be16(d)
}

// HWType returns the hardware type of an LLT or LL DUID.
func (d DUID) HWType() (uint16, bool) {
	switch {
	case d.Type() == DUIDTypeLLT && len(d) >= 8, d.Type() == DUIDTypeLL && len(d) >= 4:
		return be16(d[2:]), true
	}
	return 0, false
}

// Time returns the time of an LLT DUID.
func (d DUID) Time() (time.Time, bool) {
	if d.Type() != DUIDTypeLLT || len(d) < 8 {
		return time.Time{}, false
	}
	return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(be32(d[4:])) * time.Second), true
}

// LinkLayerAddr returns the link-layer address of an LLT or LL DUID.
func (d DUID) LinkLayerAddr() ([]byte, bool) {
	switch {
	case d.Type() == DUIDTypeLLT && len(d) >= 8:
		return d[8:], true
	case d.Type() == DUIDTypeLL && len(d) >= 4:
		return d[4:], true
	}
	return nil, false
}

// Enterprise returns the enterprise number and identifier of an EN DUID.
func (d DUID) Enterprise() (uint32, []byte, bool) {
	if d.Type() != DUIDTypeEN || len(d) < 6 {
		return 0, nil, false
	}
	return be32(d[2:]), d[6:], true
}

func dhcp6LLText(b []byte) string {
	if len(b) == 6 {
		return fields.MAC(b).String()
	}
	return fmt.Sprintf("%x", b)
}

// String is Scapy's form: "DUID_LLT(hwtype=1, timeval=..., lladdr=...)".
func (d DUID) String() string {
	switch d.Type() {
	case DUIDTypeLLT:
		if len(d) >= 8 {
			return fmt.Sprintf("DUID_LLT(hwtype=%d, timeval=%d, lladdr=%s)", be16(d[2:]), be32(d[4:]), dhcp6LLText(d[8:]))
		}
	case DUIDTypeEN:
		if len(d) >= 6 {
			return fmt.Sprintf("DUID_EN(enterprisenum=%d, id=%s)", be32(d[2:]), fields.ReprBytes(d[6:]))
		}
	case DUIDTypeLL:
		if len(d) >= 4 {
			return fmt.Sprintf("DUID_LL(hwtype=%d, lladdr=%s)", be16(d[2:]), dhcp6LLText(d[4:]))
		}
	case DUIDTypeUUID:
		if len(d) == 18 {
			return fmt.Sprintf("DUID_UUID(uuid=%x)", []byte(d[2:]))
		}
	}
	return fields.ReprBytes(d)
}

// DHCPv6Option is one DHCPv6 option as a value: code and data. It is the
// content of an option layer (DHCPv6Opt embeds it) and the form of the
// options nested in IA_NA, IA_TA, IA_PD, IA Address and IA Prefix
// options, which keep them in their Data; the accessors read them.
type DHCPv6Option struct {
	Code uint16
	Data []byte
}

// DHCPv6ClientIDOption and DHCPv6ServerIDOption carry a DUID.
func DHCPv6ClientIDOption(duid DUID) DHCPv6Option {
	return DHCPv6Option{Code: DHCPv6OptClientID, Data: duid}
}
func DHCPv6ServerIDOption(duid DUID) DHCPv6Option {
	return DHCPv6Option{Code: DHCPv6OptServerID, Data: duid}
}

// DHCPv6IANAOption is an IA_NA with its options (IA Address, status).
func DHCPv6IANAOption(iaid, t1, t2 uint32, opts ...DHCPv6Option) DHCPv6Option {
	return DHCPv6Option{Code: DHCPv6OptIANA, Data: appendDHCPv6Options(append(bgpU32(iaid), append(bgpU32(t1), bgpU32(t2)...)...), opts)}
}

// DHCPv6IATAOption is an IA_TA with its options.
func DHCPv6IATAOption(iaid uint32, opts ...DHCPv6Option) DHCPv6Option {
	return DHCPv6Option{Code: DHCPv6OptIATA, Data: appendDHCPv6Options(bgpU32(iaid), opts)}
}

// DHCPv6IAPDOption is an IA_PD (prefix delegation) with its options.
func DHCPv6IAPDOption(iaid, t1, t2 uint32, opts ...DHCPv6Option) DHCPv6Option {
	return DHCPv6Option{Code: DHCPv6OptIAPD, Data: appendDHCPv6Options(append(bgpU32(iaid), append(bgpU32(t1), bgpU32(t2)...)...), opts)}
}

// DHCPv6IAAddrOption is an IA Address with preferred and valid lifetimes.
func DHCPv6IAAddrOption(addr netip.Addr, preferred, valid uint32, opts ...DHCPv6Option) DHCPv6Option {
	a := addr.As16()
	d := append(a[:], append(bgpU32(preferred), bgpU32(valid)...)...)
	return DHCPv6Option{Code: DHCPv6OptIAAddr, Data: appendDHCPv6Options(d, opts)}
}

// DHCPv6IAPrefixOption is an IA Prefix with preferred and valid lifetimes.
func DHCPv6IAPrefixOption(prefix netip.Prefix, preferred, valid uint32, opts ...DHCPv6Option) DHCPv6Option {
	a := prefix.Addr().As16()
	d := append(append(bgpU32(preferred), bgpU32(valid)...), byte(max(prefix.Bits(), 0)))
	d = append(d, a[:]...)
	return DHCPv6Option{Code: DHCPv6OptIAPrefix, Data: appendDHCPv6Options(d, opts)}
}

// DHCPv6OROOption is the option request option.
func DHCPv6OROOption(codes ...uint16) DHCPv6Option {
	d := make([]byte, 0, 2*len(codes))
	for _, c := range codes {
		d = append(d, byte(c>>8), byte(c))
	}
	return DHCPv6Option{Code: DHCPv6OptORO, Data: d}
}

// DHCPv6PreferenceOption is the preference option.
func DHCPv6PreferenceOption(pref uint8) DHCPv6Option {
	return DHCPv6Option{Code: DHCPv6OptPreference, Data: []byte{pref}}
}

// DHCPv6ElapsedTimeOption is the elapsed time in hundredths of a second.
func DHCPv6ElapsedTimeOption(centis uint16) DHCPv6Option {
	return DHCPv6Option{Code: DHCPv6OptElapsedTime, Data: []byte{byte(centis >> 8), byte(centis)}}
}

// DHCPv6StatusCodeOption is a status code with its message.
func DHCPv6StatusCodeOption(code uint16, msg string) DHCPv6Option {
	return DHCPv6Option{Code: DHCPv6OptStatusCode, Data: append([]byte{byte(code >> 8), byte(code)}, msg...)}
}

// DHCPv6RapidCommitOption is the rapid commit option.
func DHCPv6RapidCommitOption() DHCPv6Option {
	return DHCPv6Option{Code: DHCPv6OptRapidCommit, Data: []byte{}}
}

// DHCPv6AddrsOption is an option holding IPv6 addresses (DNS servers (23),
// SNTP servers (31), SIP servers (22), ...).
func DHCPv6AddrsOption(code uint16, addrs ...netip.Addr) DHCPv6Option {
	d := make([]byte, 0, 16*len(addrs))
	for _, a := range addrs {
		v := a.As16()
		d = append(d, v[:]...)
	}
	return DHCPv6Option{Code: code, Data: d}
}

// DHCPv6DNSServersOption is option 23 (RFC 3646).
func DHCPv6DNSServersOption(addrs ...netip.Addr) DHCPv6Option {
	return DHCPv6AddrsOption(DHCPv6OptDNSServers, addrs...)
}

// DHCPv6DomainListOption is option 24 (RFC 3646): domain names in DNS
// wire form, uncompressed.
func DHCPv6DomainListOption(names ...string) DHCPv6Option {
	var d []byte
	for _, n := range names {
		d = dhcp6AppendName(d, n)
	}
	return DHCPv6Option{Code: DHCPv6OptDomainList, Data: d}
}

func dhcp6AppendName(d []byte, n string) []byte {
	n = strings.TrimSuffix(n, ".")
	if n != "" {
		for _, l := range strings.Split(n, ".") {
			if len(l) > 63 {
				l = l[:63]
			}
			d = append(d, byte(len(l)))
			d = append(d, l...)
		}
	}
	return append(d, 0)
}

// DHCPv6RelayMsgOption is a relay message option holding the message msg
// with its options.
func DHCPv6RelayMsgOption(msg *DHCPv6, opts ...DHCPv6Option) DHCPv6Option {
	b := make([]byte, msg.HeaderLen())
	msg.write(b)
	return DHCPv6Option{Code: DHCPv6OptRelayMsg, Data: appendDHCPv6Options(b, opts)}
}

// DHCPv6InterfaceIDOption is the interface ID of a relay.
func DHCPv6InterfaceIDOption(id []byte) DHCPv6Option {
	return DHCPv6Option{Code: DHCPv6OptInterfaceID, Data: id}
}

func appendDHCPv6Options(d []byte, opts []DHCPv6Option) []byte {
	for _, o := range opts {
		d = append(d, byte(o.Code>>8), byte(o.Code), byte(len(o.Data)>>8), byte(len(o.Data)))
		d = append(d, o.Data...)
	}
	return d
}

// Name returns Scapy's name of the option code.
func (o DHCPv6Option) Name() string {
	if n, ok := DHCPv6OptionNames[uint64(o.Code)]; ok {
		return n
	}
	return strconv.Itoa(int(o.Code))
}

// DUID returns the DUID of a client or server identifier.
func (o DHCPv6Option) DUID() (DUID, bool) {
	if o.Code != DHCPv6OptClientID && o.Code != DHCPv6OptServerID {
		return nil, false
	}
	return DUID(o.Data), true
}

// DHCPv6IA is an identity association: IA_NA and IA_PD have T1 and T2,
// IA_TA does not.
type DHCPv6IA struct {
	IAID    uint32
	T1, T2  uint32
	Options []DHCPv6Option
}

// IA returns the content of an IA_NA, IA_TA or IA_PD option.
func (o DHCPv6Option) IA() (DHCPv6IA, bool) {
	var ia DHCPv6IA
	var rest []byte
	switch o.Code {
	case DHCPv6OptIANA, DHCPv6OptIAPD:
		if len(o.Data) < 12 {
			return ia, false
		}
		ia.IAID, ia.T1, ia.T2 = be32(o.Data), be32(o.Data[4:]), be32(o.Data[8:])
		rest = o.Data[12:]
	case DHCPv6OptIATA:
		if len(o.Data) < 4 {
			return ia, false
		}
		ia.IAID = be32(o.Data)
		rest = o.Data[4:]
	default:
		return ia, false
	}
	var ok bool
	ia.Options, ok = decodeDHCPv6Options(nil, rest)
	return ia, ok
}

// DHCPv6IAAddr is an IA Address (IA_NA and IA_TA sub-option).
type DHCPv6IAAddr struct {
	Addr             netip.Addr
	Preferred, Valid uint32
	Options          []DHCPv6Option
}

// IAAddr returns the content of an IA Address option.
func (o DHCPv6Option) IAAddr() (DHCPv6IAAddr, bool) {
	var a DHCPv6IAAddr
	if o.Code != DHCPv6OptIAAddr || len(o.Data) < 24 {
		return a, false
	}
	a.Addr = netip.AddrFrom16([16]byte(o.Data[:16]))
	a.Preferred, a.Valid = be32(o.Data[16:]), be32(o.Data[20:])
	var ok bool
	a.Options, ok = decodeDHCPv6Options(nil, o.Data[24:])
	return a, ok
}

// DHCPv6IAPrefix is an IA Prefix (IA_PD sub-option).
type DHCPv6IAPrefix struct {
	Preferred, Valid uint32
	Prefix           netip.Prefix
	Options          []DHCPv6Option
}

// IAPrefix returns the content of an IA Prefix option.
func (o DHCPv6Option) IAPrefix() (DHCPv6IAPrefix, bool) {
	var p DHCPv6IAPrefix
	if o.Code != DHCPv6OptIAPrefix || len(o.Data) < 25 {
		return p, false
	}
	p.Preferred, p.Valid = be32(o.Data), be32(o.Data[4:])
	p.Prefix = netip.PrefixFrom(netip.AddrFrom16([16]byte(o.Data[9:25])), int(o.Data[8]))
	var ok bool
	p.Options, ok = decodeDHCPv6Options(nil, o.Data[25:])
	return p, ok
}

// ORO returns the codes of an option request option.
func (o DHCPv6Option) ORO() ([]uint16, bool) {
	if o.Code != DHCPv6OptORO || len(o.Data)%2 != 0 {
		return nil, false
	}
	out := make([]uint16, len(o.Data)/2)
	for i := range out {
		out[i] = be16(o.Data[2*i:])
	}
	return out, true
}

// ElapsedTime returns the elapsed time in hundredths of a second.
func (o DHCPv6Option) ElapsedTime() (uint16, bool) {
	if o.Code != DHCPv6OptElapsedTime || len(o.Data) != 2 {
		return 0, false
	}
	return be16(o.Data), true
}

// StatusCode returns the code and message of a status code option.
func (o DHCPv6Option) StatusCode() (uint16, string, bool) {
	if o.Code != DHCPv6OptStatusCode || len(o.Data) < 2 {
		return 0, "", false
	}
	return be16(o.Data), string(o.Data[2:]), true
}

// Addrs returns the IPv6 addresses of an address list option.
func (o DHCPv6Option) Addrs() ([]netip.Addr, bool) {
	if len(o.Data)%16 != 0 {
		return nil, false
	}
	out := make([]netip.Addr, len(o.Data)/16)
	for i := range out {
		out[i] = netip.AddrFrom16([16]byte(o.Data[16*i : 16*i+16]))
	}
	return out, true
}

// Domains returns the names of a domain list option (RFC 3646; DNS wire
// names without compression), with their final dots.
func (o DHCPv6Option) Domains() ([]string, bool) {
	var out []string
	d := o.Data
	var sb strings.Builder
	for len(d) > 0 {
		sb.Reset()
		for {
			if len(d) == 0 {
				return out, false // a name without its root label
			}
			l := int(d[0])
			if l == 0 {
				d = d[1:]
				break
			}
			if l > 63 || 1+l > len(d) {
				return out, false
			}
			sb.Write(d[1 : 1+l])
			sb.WriteByte('.')
			d = d[1+l:]
		}
		if sb.Len() == 0 {
			out = append(out, ".")
		} else {
			out = append(out, sb.String())
		}
	}
	return out, true
}

// RelayMessage dissects the message of a relay message option: a DHCPv6
// layer and its option layers.
func (o DHCPv6Option) RelayMessage() (*packet.Packet, error) {
	if o.Code != DHCPv6OptRelayMsg {
		return nil, fmt.Errorf("%w: dhcpv6 option %s is no relay message", packet.ErrMalformed, o.Name())
	}
	return packet.Dissect(o.Data, DHCPv6Type)
}

// String is the option as Scapy's class with its main fields.
func (o DHCPv6Option) String() string { return o.text(0) }

func (o DHCPv6Option) text(depth int) string {
	spec := dhcp6Specs[o.Code]
	if spec == nil {
		return fmt.Sprintf("DHCP6OptUnknown(optcode=%d, data=%s)", o.Code, fields.ReprBytes(o.Data))
	}
	cls := spec.class
	v := ""
	sub := func(opts []DHCPv6Option) string {
		if depth >= dhcp6MaxDepth {
			return "[...]"
		}
		parts := make([]string, len(opts))
		for i, x := range opts {
			parts[i] = x.text(depth + 1)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	switch o.Code {
	case DHCPv6OptClientID, DHCPv6OptServerID:
		v = "duid=" + DUID(o.Data).String()
	case DHCPv6OptIANA, DHCPv6OptIAPD:
		if ia, ok := o.IA(); ok {
			name := "ianaopts"
			if o.Code == DHCPv6OptIAPD {
				name = "iapdopt"
			}
			v = fmt.Sprintf("iaid=%#x, T1=%d, T2=%d, %s=%s", ia.IAID, ia.T1, ia.T2, name, sub(ia.Options))
		}
	case DHCPv6OptIATA:
		if ia, ok := o.IA(); ok {
			v = fmt.Sprintf("iaid=%#x, iataopts=%s", ia.IAID, sub(ia.Options))
		}
	case DHCPv6OptIAAddr:
		if a, ok := o.IAAddr(); ok {
			v = fmt.Sprintf("addr=%s, preflft=%d, validlft=%d", a.Addr, a.Preferred, a.Valid)
			if len(a.Options) > 0 {
				v += ", iaaddropts=" + sub(a.Options)
			}
		}
	case DHCPv6OptIAPrefix:
		if p, ok := o.IAPrefix(); ok {
			v = fmt.Sprintf("preflft=%d, validlft=%d, plen=%d, prefix=%s", p.Preferred, p.Valid, p.Prefix.Bits(), p.Prefix.Addr())
			if len(p.Options) > 0 {
				v += ", iaprefopts=" + sub(p.Options)
			}
		}
	case DHCPv6OptORO, 43:
		if c, ok := dhcp6U16s(o.Data); ok {
			v = "reqopts=" + dhcp6U16Text(c)
		}
	case DHCPv6OptPreference:
		if len(o.Data) == 1 {
			v = fmt.Sprintf("prefval=%d", o.Data[0])
		}
	case DHCPv6OptElapsedTime:
		if t, ok := o.ElapsedTime(); ok {
			v = fmt.Sprintf("elapsedtime=%d.%02d sec", t/100, t%100)
		}
	case DHCPv6OptStatusCode:
		if c, m, ok := o.StatusCode(); ok {
			n := dhcp6StatusNames[c]
			if n == "" {
				n = strconv.Itoa(int(c))
			}
			v = fmt.Sprintf("statuscode=%s, statusmsg=%s", n, pyRepr(m))
		}
	case DHCPv6OptRapidCommit, DHCPv6OptReconfAccept:
		if len(o.Data) == 0 {
			return cls + "()"
		}
	case DHCPv6OptRelayMsg:
		if depth < dhcp6MaxDepth {
			v = "message=" + dhcp6MessageText(o.Data, depth+1)
		}
	case 21, 24, 33, 65:
		if ds, ok := o.Domains(); ok {
			v = spec.list + "=[" + strings.Join(ds, ", ") + "]"
		}
	case 22, 23, 27, 28, 31, 34, 40, 48:
		if as, ok := o.Addrs(); ok {
			v = spec.list + "=" + bgpList(as)
		}
	case DHCPv6OptInterfaceID:
		v = "ifaceid=" + fields.ReprBytes(o.Data)
	}
	if v == "" {
		v = "data=" + fields.ReprBytes(o.Data)
	}
	return cls + "(" + v + ")"
}

// dhcp6MessageText is a relayed message as Scapy's repr: the message
// class and its options.
func dhcp6MessageText(b []byte, depth int) string {
	if depth > dhcp6MaxDepth {
		return "..."
	}
	var m DHCPv6
	hl, err := m.decode(b)
	if err != nil {
		return fields.ReprBytes(b)
	}
	opts, ok := decodeDHCPv6Options(nil, b[hl:])
	if !ok {
		return fields.ReprBytes(b)
	}
	var sb strings.Builder
	sb.WriteString(dhcp6ClassOf(m.MsgType))
	sb.WriteString("(")
	if m.isRelay() {
		fmt.Fprintf(&sb, "hopcount=%d, linkaddr=%s, peeraddr=%s", m.HopCount, m.LinkAddr, m.PeerAddr)
	} else {
		fmt.Fprintf(&sb, "trid=%#x", m.TrID)
	}
	sb.WriteString(")")
	for _, o := range opts {
		sb.WriteString(" / ")
		sb.WriteString(o.text(depth))
	}
	return sb.String()
}

func dhcp6U16s(d []byte) ([]uint16, bool) {
	if len(d)%2 != 0 {
		return nil, false
	}
	out := make([]uint16, len(d)/2)
	for i := range out {
		out[i] = be16(d[2*i:])
	}
	return out, true
}

func dhcp6U16Text(c []uint16) string {
	parts := make([]string, len(c))
	for i, x := range c {
		parts[i] = strconv.Itoa(int(x))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func decodeDHCPv6Options(out []DHCPv6Option, b []byte) ([]DHCPv6Option, bool) {
	for len(b) > 0 {
		if len(b) < 4 {
			return out, false
		}
		l := 4 + int(be16(b[2:]))
		if l > len(b) {
			return out, false
		}
		out = append(out, DHCPv6Option{Code: be16(b), Data: b[4:l:l]})
		b = b[l:]
	}
	return out, true
}

// DHCPv6 is the header of a DHCPv6 message (Scapy's DHCP6_Solicit, ...,
// DHCP6_RelayForward): msgtype and trid, or for relay messages msgtype,
// hopcount, linkaddr and peeraddr. Each option that follows is a layer of
// its own (DHCPv6Opt), as in Scapy: DHCP6OptClientId, DHCP6OptIA_NA, ...
//
//	p, _ := goscapy.Dissect(frame)
//	if m, ok := packet.LayerOf[*layers.DHCPv6](p); ok && m.MsgType == layers.DHCPv6Advertise {
//		for _, l := range p.Layers() {
//			if o, ok := l.(*layers.DHCPv6Opt); ok && o.Code == layers.DHCPv6OptIANA {
//				ia, _ := o.IA() // IAID, T1, T2 and the addresses
//			}
//		}
//	}
type DHCPv6 struct {
	MsgType  uint8
	TrID     uint32 // 24 bits
	HopCount uint8
	LinkAddr netip.Addr
	PeerAddr netip.Addr
}

func dhcp6Relay(l any) bool {
	t := l.(*DHCPv6).MsgType
	return t == DHCPv6RelayForw || t == DHCPv6RelayRepl
}
func dhcp6Client(l any) bool    { return !dhcp6Relay(l) }
func (d *DHCPv6) isRelay() bool { return dhcp6Relay(d) }

var dhcpv6Proto = &packet.Proto{
	Name: "DHCPv6", Aliases: dhcp6MessageAliases(),
	Doc: "DHCPv6 (RFC 8415) client/server and relay messages; each option is a layer of its own; UDP ports 546 and 547",
	New: func() packet.Layer { return NewDHCPv6() },
	Fields: []fields.Field{
		fields.EnumField("msgtype", 8, uint8(DHCPv6Solicit), DHCPv6TypeNames, func(d *DHCPv6) *uint8 { return &d.MsgType }),
		fields.BitField("trid", 24, uint32(0), func(d *DHCPv6) *uint32 { return &d.TrID }).WithHex().When(dhcp6Client),
		fields.ByteField("hopcount", 0, func(d *DHCPv6) *uint8 { return &d.HopCount }).When(dhcp6Relay),
		fields.IP6Field("linkaddr", netip.IPv6Unspecified(), func(d *DHCPv6) *netip.Addr { return &d.LinkAddr }).When(dhcp6Relay),
		fields.IP6Field("peeraddr", netip.IPv6Unspecified(), func(d *DHCPv6) *netip.Addr { return &d.PeerAddr }).When(dhcp6Relay),
	},
}

// dhcp6MessageAliases are Scapy's class names and names of the messages,
// so that Scapy's names find the layer.
func dhcp6MessageAliases() []string {
	a := []string{"DHCP6", "DHCPv6 Generic Message"}
	for t := uint8(1); t <= 13; t++ {
		a = append(a, dhcp6ClassOf(t), dhcp6Titles[t])
	}
	return a
}

// DHCPv6Type is the registered type of DHCPv6.
var DHCPv6Type = packet.Register(dhcpv6Proto)

// NewDHCPv6 returns a Solicit with Scapy's DHCP6_Solicit defaults (trid
// 0).
func NewDHCPv6() *DHCPv6 {
	return &DHCPv6{MsgType: DHCPv6Solicit, LinkAddr: netip.IPv6Unspecified(), PeerAddr: netip.IPv6Unspecified()}
}

func (d *DHCPv6) Proto() *packet.Proto         { return dhcpv6Proto }
func (d *DHCPv6) Get(name string) (any, error) { return packet.GetField(d, name) }
func (d *DHCPv6) Set(name string, v any) error { return packet.SetField(d, name, v) }
func (d *DHCPv6) Show() string                 { return packet.ShowLayer(d) }

// Title is Scapy's name of the message class.
func (d *DHCPv6) Title() string {
	if t, ok := dhcp6Titles[d.MsgType]; ok {
		return t
	}
	return "DHCPv6 Generic Message"
}

// Summary is "DHCPv6 SOLICIT", with the message type.
func (d *DHCPv6) Summary() string { return d.SummaryIn(nil, 0) }

// SummaryIn implements packet.ContextSummarizer.
func (d *DHCPv6) SummaryIn(*packet.Packet, int) string {
	n, ok := DHCPv6TypeNames[uint64(d.MsgType)]
	if !ok {
		n = strconv.Itoa(int(d.MsgType))
	}
	return "DHCPv6 " + n
}

func dhcp6ClassOf(t uint8) string {
	switch t {
	case 1:
		return "DHCP6_Solicit"
	case 2:
		return "DHCP6_Advertise"
	case 3:
		return "DHCP6_Request"
	case 4:
		return "DHCP6_Confirm"
	case 5:
		return "DHCP6_Renew"
	case 6:
		return "DHCP6_Rebind"
	case 7:
		return "DHCP6_Reply"
	case 8:
		return "DHCP6_Release"
	case 9:
		return "DHCP6_Decline"
	case 10:
		return "DHCP6_Reconf"
	case 11:
		return "DHCP6_InfoRequest"
	case 12:
		return "DHCP6_RelayForward"
	case 13:
		return "DHCP6_RelayReply"
	}
	return "DHCP6"
}

// HeaderLen is 4, or 34 for relay messages.
func (d *DHCPv6) HeaderLen() int {
	if d.isRelay() {
		return DHCPv6RelayHdrLen
	}
	return DHCPv6HdrLen
}

// DecodeFromBytes decodes the header; the first option is the next layer.
func (d *DHCPv6) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	hl, err := d.decode(data)
	if err != nil {
		return packet.DecodeResult{}, err
	}
	return packet.DecodeResult{HeaderLen: hl, PayloadLen: -1, Next: dhcp6NextOption(data[hl:], ctx)}, nil
}

func (d *DHCPv6) decode(data []byte) (int, error) {
	if len(data) < DHCPv6HdrLen {
		return 0, packet.ErrTruncated
	}
	d.MsgType = data[dhcp6MsgType]
	d.TrID, d.HopCount = 0, 0
	if d.isRelay() {
		if len(data) < DHCPv6RelayHdrLen {
			return 0, packet.ErrTruncated
		}
		d.HopCount = data[dhcp6HopCount]
		d.LinkAddr = netip.AddrFrom16([16]byte(data[dhcp6LinkAddr : dhcp6LinkAddr+16]))
		d.PeerAddr = netip.AddrFrom16([16]byte(data[dhcp6PeerAddr : dhcp6PeerAddr+16]))
		return DHCPv6RelayHdrLen, nil
	}
	d.TrID = uint32(data[dhcp6TrID])<<16 | uint32(be16(data[dhcp6TrID+1:]))
	d.LinkAddr, d.PeerAddr = netip.IPv6Unspecified(), netip.IPv6Unspecified()
	return DHCPv6HdrLen, nil
}

// dhcp6NextOption picks the layer of the option at the start of rest: the
// one of its code, DHCP6OptUnknown for others. Past packet.MaxTunnel
// options of one kind, or near packet.MaxLayers, the rest stays Raw.
func dhcp6NextOption(rest []byte, ctx *packet.DecodeContext) packet.LayerType {
	if len(rest) == 0 {
		return 0
	}
	t := dhcp6UnknownType
	if len(rest) >= 2 {
		if x, ok := dhcp6Types[be16(rest)]; ok {
			t = x
		}
	}
	if ctx != nil && ctx.Packet != nil {
		n, same := ctx.Packet.NumLayers(), 0
		if n >= packet.MaxLayers-4 {
			return 0
		}
		for _, l := range ctx.Packet.Layers() {
			if l.Proto().Type() == t {
				same++
			}
		}
		if same >= packet.MaxTunnel-1 {
			return 0
		}
	}
	return t
}

// SerializeTo writes the header.
func (d *DHCPv6) SerializeTo(b []byte, _ *packet.BuildContext) error {
	d.write(b)
	return nil
}

func (d *DHCPv6) write(b []byte) {
	b[dhcp6MsgType] = d.MsgType
	if d.isRelay() {
		b[dhcp6HopCount] = d.HopCount
		l, p := d.LinkAddr.As16(), d.PeerAddr.As16()
		copy(b[dhcp6LinkAddr:], l[:])
		copy(b[dhcp6PeerAddr:], p[:])
		return
	}
	b[dhcp6TrID] = byte(d.TrID >> 16)
	put16(b[dhcp6TrID+1:], uint16(d.TrID))
}

// DHCPv6Opt is one DHCPv6 option as a layer of its own, registered under
// Scapy's class name of its code (DHCP6OptClientId, DHCP6OptIA_NA,
// DHCP6OptElapsedTime, ..., DHCP6OptUnknown for codes Scapy does not
// know) with Scapy's fields: optcode, optlen and those of the option
// (duid, iaid, T1, T2, ianaopts, reqopts, elapsedtime, statuscode, ...),
// read from and written to Data. Options nested in IA options stay in
// Data; the accessors of DHCPv6Option read them.
type DHCPv6Opt struct {
	DHCPv6Option
	Length fields.Opt[uint16] // optlen; unset: len(Data)
	proto  *packet.Proto
}

// NewDHCPv6Opt returns the layer of an option (layers.DHCPv6ClientIDOption(...), ...).
func NewDHCPv6Opt(o DHCPv6Option) *DHCPv6Opt {
	pr := dhcp6UnknownProto
	if s := dhcp6Specs[o.Code]; s != nil {
		pr = s.proto
	}
	return &DHCPv6Opt{DHCPv6Option: o, proto: pr}
}

func (o *DHCPv6Opt) Proto() *packet.Proto         { return o.proto }
func (o *DHCPv6Opt) Get(name string) (any, error) { return packet.GetField(o, name) }
func (o *DHCPv6Opt) Set(name string, v any) error { return packet.SetField(o, name, v) }
func (o *DHCPv6Opt) Show() string                 { return packet.ShowLayer(o) }
func (o *DHCPv6Opt) Summary() string              { return o.proto.Name }

// Title is Scapy's name of the option class.
func (o *DHCPv6Opt) Title() string {
	if len(o.proto.Aliases) > 0 {
		return o.proto.Aliases[0]
	}
	return o.proto.Name
}

// HeaderLen is the option's length: 4 and its data.
func (o *DHCPv6Opt) HeaderLen() int { return 4 + len(o.Data) }

// DecodeFromBytes decodes one option; the next option is the next layer.
func (o *DHCPv6Opt) DecodeFromBytes(data []byte, ctx *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < 4 {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	l := int(be16(data[2:]))
	if 4+l > len(data) {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	o.Code = be16(data)
	o.Length = fields.Some(uint16(l))
	o.Data = data[4 : 4+l : 4+l]
	return packet.DecodeResult{HeaderLen: 4 + l, PayloadLen: -1, Next: dhcp6NextOption(data[4+l:], ctx)}, nil
}

// SerializeTo writes the option; an unset optlen is the data's length.
func (o *DHCPv6Opt) SerializeTo(b []byte, _ *packet.BuildContext) error {
	if !o.Length.Valid && len(o.Data) > 0xffff {
		return fmt.Errorf("%w: dhcpv6 option %s of %d bytes", fields.ErrBadValue, o.Name(), len(o.Data))
	}
	put16(b, o.Code)
	put16(b[2:], o.Length.Or(uint16(len(o.Data))))
	copy(b[4:], o.Data)
	return nil
}

// dhcp6Spec describes an option class of Scapy: its code, class name,
// name, fields after optcode and optlen, and default data.
type dhcp6Spec struct {
	code   uint16
	class  string
	title  string
	list   string // the name of its list field, for String
	fields []fields.Field
	def    []byte
	proto  *packet.Proto
}

var (
	dhcp6Specs        = map[uint16]*dhcp6Spec{}
	dhcp6Types        = map[uint16]packet.LayerType{}
	dhcp6UnknownProto *packet.Proto
	dhcp6UnknownType  packet.LayerType
)

func init() {
	u32, u16, u8 := d6Uint(4), d6Uint(2), d6Uint(1)
	ipAt, rest, addrs, domains, subs := d6Addr, d6Rest, d6Addrs, d6Domains, d6Subs
	specs := []dhcp6Spec{
		{code: 1, class: "DHCP6OptClientId", title: "DHCP6 Client Identifier Option", fields: []fields.Field{d6DUID()}},
		{code: 2, class: "DHCP6OptServerId", title: "DHCP6 Server Identifier Option", fields: []fields.Field{d6DUID()}},
		{code: 3, class: "DHCP6OptIA_NA", title: "DHCP6 Identity Association for Non-temporary Addresses Option",
			fields: []fields.Field{u32("iaid", 0, true), u32("T1", 4, false), u32("T2", 8, false), subs("ianaopts", 12)}, def: make([]byte, 12)},
		{code: 4, class: "DHCP6OptIA_TA", title: "DHCP6 Identity Association for Temporary Addresses Option",
			fields: []fields.Field{u32("iaid", 0, true), subs("iataopts", 4)}, def: make([]byte, 4)},
		{code: 5, class: "DHCP6OptIAAddress", title: "DHCP6 IA Address Option (IA_TA or IA_NA suboption)",
			fields: []fields.Field{ipAt("addr", 0), u32("preflft", 16, false), u32("validlft", 20, false), subs("iaaddropts", 24)}, def: make([]byte, 24)},
		{code: 6, class: "DHCP6OptOptReq", title: "DHCP6 Option Request Option", list: "reqopts",
			fields: []fields.Field{d6U16List("reqopts")}, def: []byte{0, 23, 0, 24}},
		{code: 7, class: "DHCP6OptPref", title: "DHCP6 Preference Option", fields: []fields.Field{u8("prefval", 0, false)}, def: []byte{255}},
		{code: 8, class: "DHCP6OptElapsedTime", title: "DHCP6 Elapsed Time Option", fields: []fields.Field{u16("elapsedtime", 0, false)}, def: []byte{0, 0}},
		{code: 9, class: "DHCP6OptRelayMsg", title: "DHCP6 Relay Message Option", fields: []fields.Field{d6Message()}, def: []byte{0, 0, 0, 0}},
		{code: 11, class: "DHCP6OptAuth", title: "DHCP6 Option - Authentication",
			fields: []fields.Field{u8("proto", 0, false), u8("alg", 1, false), u8("rdm", 2, false), d6Fixed("replay", 3, 8), rest("authinfo", 11)},
			def:    []byte{3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
		{code: 12, class: "DHCP6OptServerUnicast", title: "DHCP6 Server Unicast Option", fields: []fields.Field{ipAt("srvaddr", 0)}, def: make([]byte, 16)},
		{code: 13, class: "DHCP6OptStatusCode", title: "DHCP6 Status Code Option",
			fields: []fields.Field{u16("statuscode", 0, false), rest("statusmsg", 2)}, def: []byte{0, 0}},
		{code: 14, class: "DHCP6OptRapidCommit", title: "DHCP6 Rapid Commit Option"},
		{code: 15, class: "DHCP6OptUserClass", title: "DHCP6 User Class Option", fields: []fields.Field{rest("userclassdata", 0)}},
		{code: 16, class: "DHCP6OptVendorClass", title: "DHCP6 Vendor Class Option",
			fields: []fields.Field{u32("enterprisenum", 0, false), rest("vcdata", 4)}, def: make([]byte, 4)},
		{code: 17, class: "DHCP6OptVendorSpecificInfo", title: "DHCP6 Vendor-specific Information Option",
			fields: []fields.Field{u32("enterprisenum", 0, false), rest("vso", 4)}, def: make([]byte, 4)},
		{code: 18, class: "DHCP6OptIfaceId", title: "DHCP6 Interface-Id Option", fields: []fields.Field{rest("ifaceid", 0)}},
		{code: 19, class: "DHCP6OptReconfMsg", title: "DHCP6 Reconfigure Message Option", fields: []fields.Field{u8("msgtype", 0, false)}, def: []byte{11}},
		{code: 20, class: "DHCP6OptReconfAccept", title: "DHCP6 Reconfigure Accept Option"},
		{code: 21, class: "DHCP6OptSIPDomains", title: "DHCP6 Option - SIP Servers Domain Name List", list: "sipdomains", fields: []fields.Field{domains("sipdomains")}},
		{code: 22, class: "DHCP6OptSIPServers", title: "DHCP6 Option - SIP Servers IPv6 Address List", list: "sipservers", fields: []fields.Field{addrs("sipservers")}},
		{code: 23, class: "DHCP6OptDNSServers", title: "DHCP6 Option - DNS Recursive Name Server", list: "dnsservers", fields: []fields.Field{addrs("dnsservers")}},
		{code: 24, class: "DHCP6OptDNSDomains", title: "DHCP6 Option - Domain Search List option", list: "dnsdomains", fields: []fields.Field{domains("dnsdomains")}},
		{code: 25, class: "DHCP6OptIA_PD", title: "DHCP6 Option - Identity Association for Prefix Delegation",
			fields: []fields.Field{u32("iaid", 0, true), u32("T1", 4, false), u32("T2", 8, false), subs("iapdopt", 12)}, def: make([]byte, 12)},
		{code: 26, class: "DHCP6OptIAPrefix", title: "DHCP6 Option - IA Prefix option",
			fields: []fields.Field{u32("preflft", 0, false), u32("validlft", 4, false), u8("plen", 8, false), ipAt("prefix", 9), subs("iaprefopts", 25)},
			def:    []byte{0, 0, 0, 0, 0, 0, 0, 0, 48, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
		{code: 27, class: "DHCP6OptNISServers", title: "DHCP6 Option - NIS Servers", list: "nisservers", fields: []fields.Field{addrs("nisservers")}},
		{code: 28, class: "DHCP6OptNISPServers", title: "DHCP6 Option - NIS+ Servers", list: "nispservers", fields: []fields.Field{addrs("nispservers")}},
		{code: 29, class: "DHCP6OptNISDomain", title: "DHCP6 Option - NIS Domain Name", fields: []fields.Field{d6Name("nisdomain", 0)}, def: []byte{0}},
		{code: 30, class: "DHCP6OptNISPDomain", title: "DHCP6 Option - NIS+ Domain Name", fields: []fields.Field{d6Name("nispdomain", 0)}, def: []byte{0}},
		{code: 31, class: "DHCP6OptSNTPServers", title: "DHCP6 option - SNTP Servers", list: "sntpservers", fields: []fields.Field{addrs("sntpservers")}},
		{code: 32, class: "DHCP6OptInfoRefreshTime", title: "DHCP6 Option - Information Refresh Time",
			fields: []fields.Field{u32("reftime", 0, false)}, def: []byte{0, 1, 0x51, 0x80}},
		{code: 33, class: "DHCP6OptBCMCSDomains", title: "DHCP6 Option - BCMCS Domain Name List", list: "bcmcsdomains", fields: []fields.Field{domains("bcmcsdomains")}},
		{code: 34, class: "DHCP6OptBCMCSServers", title: "DHCP6 Option - BCMCS Addresses List", list: "bcmcsservers", fields: []fields.Field{addrs("bcmcsservers")}},
		{code: 37, class: "DHCP6OptRemoteID", title: "DHCP6 Option - Relay Agent Remote-ID",
			fields: []fields.Field{u32("enterprisenum", 0, false), rest("remoteid", 4)}, def: make([]byte, 4)},
		{code: 38, class: "DHCP6OptSubscriberID", title: "DHCP6 Option - Subscriber ID", fields: []fields.Field{rest("subscriberid", 0)}},
		{code: 39, class: "DHCP6OptClientFQDN", title: "DHCP6 Option - Client FQDN",
			fields: []fields.Field{d6Bits("res", 0, 3, 5, ""), d6Bits("flags", 0, 0, 3, "SON"), d6Name("fqdn", 1)}, def: []byte{0, 0}},
		{code: 40, class: "DHCP6OptPanaAuthAgent", title: "DHCP6 PANA Authentication Agent Option", list: "paaaddr", fields: []fields.Field{addrs("paaaddr")}},
		{code: 41, class: "DHCP6OptNewPOSIXTimeZone", title: "DHCP6 POSIX Timezone Option", fields: []fields.Field{rest("optdata", 0)}},
		{code: 42, class: "DHCP6OptNewTZDBTimeZone", title: "DHCP6 TZDB Timezone Option", fields: []fields.Field{rest("optdata", 0)}},
		{code: 43, class: "DHCP6OptRelayAgentERO", title: "DHCP6 Option - RelayRequest Option", list: "reqopts",
			fields: []fields.Field{d6U16List("reqopts")}, def: []byte{0, 23, 0, 24}},
		{code: 48, class: "DHCP6OptLQClientLink", title: "DHCP6 Client Link Option", list: "linkaddress", fields: []fields.Field{addrs("linkaddress")}},
		{code: 59, class: "DHCP6OptBootFileUrl", title: "DHCP6 Boot File URL Option", fields: []fields.Field{rest("optdata", 0)}},
		{code: 61, class: "DHCP6OptClientArchType", title: "DHCP6 Client System Architecture Type Option", list: "archtypes",
			fields: []fields.Field{d6U16List("archtypes")}},
		{code: 62, class: "DHCP6OptClientNetworkInterId", title: "DHCP6 Client Network Interface Identifier Option",
			fields: []fields.Field{u8("iitype", 0, false), u8("iimajor", 1, false), u8("iiminor", 2, false)}, def: []byte{0, 0, 0}},
		{code: 65, class: "DHCP6OptERPDomain", title: "DHCP6 Option - ERP Domain Name List", list: "erpdomain", fields: []fields.Field{domains("erpdomain")}},
		{code: 66, class: "DHCP6OptRelaySuppliedOpt", title: "DHCP6 Relay-Supplied Options Option", fields: []fields.Field{subs("relaysupplied", 0)}},
		{code: 68, class: "DHCP6OptVSS", title: "DHCP6 Option - Virtual Subnet Selection",
			fields: []fields.Field{u8("type", 0, false), rest("data", 1)}, def: []byte{255}},
		{code: 79, class: "DHCP6OptClientLinkLayerAddr", title: "DHCP6 Option - Client Link Layer address",
			fields: []fields.Field{u16("lltype", 0, false), d6LLAddr("clladdr", 2)}, def: []byte{0, 1, 0, 0, 0, 0, 0, 0}},
		{code: 112, class: "DHCP6OptMudUrl", title: "DHCP6 Option - MUD URL", fields: []fields.Field{rest("mudstring", 0)}},
	}
	for i := range specs {
		s := &specs[i]
		s.proto = registerDHCPv6Opt(s.code, s.class, s.title, s.fields, s.def)
		dhcp6Specs[s.code] = s
		dhcp6Types[s.code] = s.proto.Type()
	}
	dhcp6UnknownProto = registerDHCPv6Opt(0, "DHCP6OptUnknown", "Unknown DHCPv6 Option", []fields.Field{rest("data", 0)}, nil)
	dhcp6UnknownType = dhcp6UnknownProto.Type()
	packet.Bind(
		packet.BindingRule{Lower: UDPType, Upper: DHCPv6Type, Field: "dport", Value: DHCPv6ServerPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: DHCPv6Type, Field: "dport", Value: DHCPv6ClientPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: DHCPv6Type, Field: "sport", Value: DHCPv6ServerPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: DHCPv6Type, Field: "sport", Value: DHCPv6ClientPort, DissectOnly: true},
	)
}

func registerDHCPv6Opt(code uint16, class, title string, fs []fields.Field, def []byte) *packet.Proto {
	pr := &packet.Proto{Name: class, Aliases: []string{title}, Doc: "DHCPv6 option " + strconv.Itoa(int(code)) + " (Scapy's " + title + ")"}
	if code == 0 {
		pr.Doc = "DHCPv6 option of a code Scapy does not know"
	}
	pr.Fields = append([]fields.Field{
		fields.ListField("optcode", func(o *DHCPv6Opt) any { return o.Code },
			func(o *DHCPv6Opt, v any) error {
				u, err := d6ParseUint(v, 16)
				o.Code = uint16(u)
				return err
			},
			func(o *DHCPv6Opt) string { return o.Name() },
			func(o *DHCPv6Opt) any { return uint64(o.Code) }),
		fields.AutoUintField("optlen", 16, func(o *DHCPv6Opt) *fields.Opt[uint16] { return &o.Length }),
	}, fs...)
	pr.New = func() packet.Layer {
		return &DHCPv6Opt{DHCPv6Option: DHCPv6Option{Code: code, Data: append([]byte(nil), def...)}, proto: pr}
	}
	packet.Register(pr)
	return pr
}

// Field helpers: the fields of an option read from and write to its data.
// Writes copy the data first: a decoded option's data is part of the
// packet it came from.

func d6ParseUint(v any, bits int) (uint64, error) {
	f := fields.Field{Name: "value", Kind: fields.KindUint, Bits: bits}
	return f.ParseUint(v)
}

// d6Edit returns a copy of the data at least n bytes long, for writing.
func (o *DHCPv6Opt) d6Edit(n int) []byte {
	d := make([]byte, max(n, len(o.Data)))
	copy(d, o.Data)
	return d
}

func d6Uint(width int) func(name string, off int, hex bool) fields.Field {
	return func(name string, off int, hex bool) fields.Field {
		get := func(o *DHCPv6Opt) (uint64, bool) {
			if len(o.Data) < off+width {
				return 0, false
			}
			var u uint64
			for _, c := range o.Data[off : off+width] {
				u = u<<8 | uint64(c)
			}
			return u, true
		}
		return fields.ListField(name,
			func(o *DHCPv6Opt) any {
				u, _ := get(o)
				switch width {
				case 1:
					return uint8(u)
				case 2:
					return uint16(u)
				}
				return uint32(u)
			},
			func(o *DHCPv6Opt, v any) error {
				u, err := d6ParseUint(v, 8*width)
				if err != nil {
					return err
				}
				d := o.d6Edit(off + width)
				for i := width - 1; i >= 0; i-- {
					d[off+i] = byte(u)
					u >>= 8
				}
				o.Data = d
				return nil
			},
			func(o *DHCPv6Opt) string {
				u, ok := get(o)
				if !ok {
					return "None"
				}
				if hex {
					return "0x" + strconv.FormatUint(u, 16)
				}
				return strconv.FormatUint(u, 10)
			},
			func(o *DHCPv6Opt) any {
				if u, ok := get(o); ok {
					return u
				}
				return nil
			})
	}
}

func d6Bits(name string, off int, shift, bits uint, flags string) fields.Field {
	get := func(o *DHCPv6Opt) (uint64, bool) {
		if len(o.Data) <= off {
			return 0, false
		}
		return uint64(o.Data[off]>>shift) & (1<<bits - 1), true
	}
	return fields.ListField(name,
		func(o *DHCPv6Opt) any { u, _ := get(o); return uint8(u) },
		func(o *DHCPv6Opt, v any) error {
			f := fields.Field{Name: name, Kind: fields.KindUint, Bits: int(bits)}
			if flags != "" {
				f.Flags = strings.Split(flags, "")
			}
			u, err := f.ParseUint(v)
			if err != nil {
				return err
			}
			d := o.d6Edit(off + 1)
			d[off] = d[off]&^byte((1<<bits-1)<<shift) | byte(u)<<shift
			o.Data = d
			return nil
		},
		func(o *DHCPv6Opt) string {
			u, _ := get(o)
			if flags != "" {
				return fields.FormatFlags(u, strings.Split(flags, ""))
			}
			return strconv.FormatUint(u, 10)
		},
		func(o *DHCPv6Opt) any {
			if u, ok := get(o); ok {
				return u
			}
			return nil
		})
}

func d6Addr(name string, off int) fields.Field {
	get := func(o *DHCPv6Opt) (netip.Addr, bool) {
		if len(o.Data) < off+16 {
			return netip.Addr{}, false
		}
		return netip.AddrFrom16([16]byte(o.Data[off : off+16])), true
	}
	return fields.ListField(name,
		func(o *DHCPv6Opt) any { a, _ := get(o); return a },
		func(o *DHCPv6Opt, v any) error {
			a, err := fields.AddrFrom(v, true)
			if err != nil {
				return err
			}
			d := o.d6Edit(off + 16)
			b := a.As16()
			copy(d[off:], b[:])
			o.Data = d
			return nil
		},
		func(o *DHCPv6Opt) string {
			if a, ok := get(o); ok {
				return a.String()
			}
			return "None"
		},
		func(o *DHCPv6Opt) any {
			if a, ok := get(o); ok {
				return a.String()
			}
			return nil
		})
}

// d6Rest is the data from off on, as bytes.
func d6Rest(name string, off int) fields.Field {
	get := func(o *DHCPv6Opt) []byte {
		if len(o.Data) < off {
			return nil
		}
		return o.Data[off:]
	}
	return fields.ListField(name,
		func(o *DHCPv6Opt) any { return get(o) },
		func(o *DHCPv6Opt, v any) error {
			var b []byte
			switch x := v.(type) {
			case []byte:
				b = x
			case string:
				b = []byte(x)
			default:
				return fmt.Errorf("%w: %T is not bytes", fields.ErrBadValue, v)
			}
			d := o.d6Edit(off)[:off]
			o.Data = append(d, b...)
			return nil
		},
		func(o *DHCPv6Opt) string { return fields.ReprBytes(get(o)) },
		func(o *DHCPv6Opt) any { return fmt.Sprintf("%x", get(o)) })
}

// d6Fixed is n bytes at off.
func d6Fixed(name string, off, n int) fields.Field {
	get := func(o *DHCPv6Opt) []byte {
		if len(o.Data) < off+n {
			return nil
		}
		return o.Data[off : off+n]
	}
	return fields.ListField(name,
		func(o *DHCPv6Opt) any { return get(o) },
		func(o *DHCPv6Opt, v any) error {
			b, ok := v.([]byte)
			if !ok || len(b) != n {
				return fmt.Errorf("%w: want %d bytes", fields.ErrBadValue, n)
			}
			d := o.d6Edit(off + n)
			copy(d[off:], b)
			o.Data = d
			return nil
		},
		func(o *DHCPv6Opt) string { return fields.ReprBytes(get(o)) },
		func(o *DHCPv6Opt) any { return fmt.Sprintf("%x", get(o)) })
}

func d6DUID() fields.Field {
	return fields.ListField("duid",
		func(o *DHCPv6Opt) any { return DUID(o.Data) },
		func(o *DHCPv6Opt, v any) error {
			switch x := v.(type) {
			case DUID:
				o.Data = x
			case []byte:
				o.Data = x
			default:
				return fmt.Errorf("%w: duid from %T", fields.ErrBadValue, v)
			}
			return nil
		},
		func(o *DHCPv6Opt) string { return DUID(o.Data).String() },
		func(o *DHCPv6Opt) any { return fmt.Sprintf("%x", o.Data) })
}

func d6Message() fields.Field {
	return fields.ListField("message",
		func(o *DHCPv6Opt) any { return o.Data },
		func(o *DHCPv6Opt, v any) error {
			b, ok := v.([]byte)
			if !ok {
				return fmt.Errorf("%w: message from %T (want the message's bytes)", fields.ErrBadValue, v)
			}
			o.Data = b
			return nil
		},
		func(o *DHCPv6Opt) string { return dhcp6MessageText(o.Data, 1) },
		func(o *DHCPv6Opt) any { return fmt.Sprintf("%x", o.Data) })
}

// d6Name is a DNS name in wire form from off (uncompressed; a partial
// name may lack its root label, RFC 4704), shown as text with a final dot;
// its JSON form is that text in hex, as Scapy's.
func d6Name(name string, off int) fields.Field {
	text := func(o *DHCPv6Opt) string {
		if len(o.Data) < off {
			return ""
		}
		return dhcp6NameText(o.Data[off:])
	}
	return fields.ListField(name,
		func(o *DHCPv6Opt) any { return text(o) },
		func(o *DHCPv6Opt, v any) error {
			s, ok := v.(string)
			if !ok {
				return fmt.Errorf("%w: %s from %T (want a name)", fields.ErrBadValue, name, v)
			}
			d := o.d6Edit(off)[:off]
			if s == "" {
				o.Data = append(d, 0)
			} else {
				o.Data = dhcp6AppendName(d, s)
			}
			return nil
		},
		func(o *DHCPv6Opt) string { return pyRepr(text(o)) },
		func(o *DHCPv6Opt) any { return fmt.Sprintf("%x", text(o)) })
}

// dhcp6NameText reads the labels of b up to a root label or the end as
// "a.b.", the bytes themselves when they are no labels.
func dhcp6NameText(b []byte) string {
	var sb strings.Builder
	for d := b; len(d) > 0 && d[0] != 0; {
		l := int(d[0])
		if l > 63 || 1+l > len(d) {
			return string(b)
		}
		sb.Write(d[1 : 1+l])
		sb.WriteByte('.')
		d = d[1+l:]
	}
	return sb.String()
}

func d6LLAddr(name string, off int) fields.Field {
	get := func(o *DHCPv6Opt) []byte {
		if len(o.Data) < off {
			return nil
		}
		return o.Data[off:]
	}
	return fields.ListField(name,
		func(o *DHCPv6Opt) any { return get(o) },
		func(o *DHCPv6Opt, v any) error {
			m, err := fields.MACFrom(v)
			if err != nil {
				return err
			}
			o.Data = append(o.d6Edit(off)[:off], m[:]...)
			return nil
		},
		func(o *DHCPv6Opt) string { return dhcp6LLText(get(o)) },
		func(o *DHCPv6Opt) any { return dhcp6LLText(get(o)) })
}

func d6U16List(name string) fields.Field {
	return fields.ListField(name,
		func(o *DHCPv6Opt) any { c, _ := dhcp6U16s(o.Data); return c },
		func(o *DHCPv6Opt, v any) error {
			var c []uint16
			switch x := v.(type) {
			case []uint16:
				c = x
			case []int:
				for _, i := range x {
					if i < 0 || i > 0xffff {
						return fmt.Errorf("%w: %d", fields.ErrBadValue, i)
					}
					c = append(c, uint16(i))
				}
			default:
				return fmt.Errorf("%w: %s from %T (want []uint16)", fields.ErrBadValue, name, v)
			}
			d := make([]byte, 0, 2*len(c))
			for _, x := range c {
				d = append(d, byte(x>>8), byte(x))
			}
			o.Data = d
			return nil
		},
		func(o *DHCPv6Opt) string {
			c, ok := dhcp6U16s(o.Data)
			if !ok {
				return fields.ReprBytes(o.Data)
			}
			return dhcp6U16Text(c)
		},
		func(o *DHCPv6Opt) any { c, _ := dhcp6U16s(o.Data); return c })
}

func d6Addrs(name string) fields.Field {
	return fields.ListField(name,
		func(o *DHCPv6Opt) any { a, _ := o.Addrs(); return a },
		func(o *DHCPv6Opt, v any) error {
			as, ok := v.([]netip.Addr)
			if !ok {
				return fmt.Errorf("%w: %s from %T (want []netip.Addr)", fields.ErrBadValue, name, v)
			}
			o.Data = DHCPv6AddrsOption(o.Code, as...).Data
			return nil
		},
		func(o *DHCPv6Opt) string {
			as, ok := o.Addrs()
			if !ok {
				return fields.ReprBytes(o.Data)
			}
			return bgpList(as)
		},
		func(o *DHCPv6Opt) any {
			as, _ := o.Addrs()
			out := make([]string, len(as))
			for i, a := range as {
				out[i] = a.String()
			}
			return out
		})
}

func d6Domains(name string) fields.Field {
	return fields.ListField(name,
		func(o *DHCPv6Opt) any { d, _ := o.Domains(); return d },
		func(o *DHCPv6Opt, v any) error {
			ns, ok := v.([]string)
			if !ok {
				return fmt.Errorf("%w: %s from %T (want []string)", fields.ErrBadValue, name, v)
			}
			o.Data = DHCPv6DomainListOption(ns...).Data
			return nil
		},
		func(o *DHCPv6Opt) string {
			ds, ok := o.Domains()
			if !ok {
				return fields.ReprBytes(o.Data)
			}
			return "[" + strings.Join(ds, ", ") + "]"
		},
		func(o *DHCPv6Opt) any { d, _ := o.Domains(); return d })
}

// d6Subs is the list of options nested from off (IA options).
func d6Subs(name string, off int) fields.Field {
	get := func(o *DHCPv6Opt) ([]DHCPv6Option, bool) {
		if len(o.Data) < off {
			return nil, false
		}
		return decodeDHCPv6Options(nil, o.Data[off:])
	}
	return fields.ListField(name,
		func(o *DHCPv6Opt) any { s, _ := get(o); return s },
		func(o *DHCPv6Opt, v any) error {
			var s []DHCPv6Option
			switch x := v.(type) {
			case []DHCPv6Option:
				s = x
			case DHCPv6Option:
				s = []DHCPv6Option{x}
			default:
				return fmt.Errorf("%w: %s from %T (want []layers.DHCPv6Option)", fields.ErrBadValue, name, v)
			}
			o.Data = appendDHCPv6Options(o.d6Edit(off)[:off], s)
			return nil
		},
		func(o *DHCPv6Opt) string {
			s, ok := get(o)
			if !ok {
				return fields.ReprBytes(o.Data[min(off, len(o.Data)):])
			}
			parts := make([]string, len(s))
			for i, x := range s {
				parts[i] = x.String()
			}
			return "[" + strings.Join(parts, ", ") + "]"
		},
		func(o *DHCPv6Opt) any {
			s, _ := get(o)
			out := make([]map[string]any, len(s))
			for i, x := range s {
				out[i] = map[string]any{"optcode": x.Code, "optlen": len(x.Data), "data": fmt.Sprintf("%x", x.Data), "text": x.String()}
			}
			return out
		})
}

// DHCPv6OptionOf returns the first option layer of p with that code.
func DHCPv6OptionOf(p *packet.Packet, code uint16) (*DHCPv6Opt, bool) {
	for _, l := range p.Layers() {
		if o, ok := l.(*DHCPv6Opt); ok && o.Code == code {
			return o, true
		}
	}
	return nil, false
}
