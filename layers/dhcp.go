package layers

import (
	"bytes"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
)

// BOOTP message (RFC 951, RFC 2131 section 2):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+---------------+---------------+---------------+---------------+
//	|     op (1)    |   htype (1)   |   hlen (1)    |   hops (1)    |
//	+---------------+---------------+---------------+---------------+
//	|                            xid (4)                            |
//	+-------------------------------+-------------------------------+
//	|           secs (2)            |           flags (2)           |
//	+-------------------------------+-------------------------------+
//	|                          ciaddr  (4)                          |
//	+---------------------------------------------------------------+
//	|                          yiaddr  (4)                          |
//	+---------------------------------------------------------------+
//	|                          siaddr  (4)                          |
//	+---------------------------------------------------------------+
//	|                          giaddr  (4)                          |
//	+---------------------------------------------------------------+
//	|                          chaddr  (16)                         |
//	+---------------------------------------------------------------+
//	|                          sname   (64)                         |
//	+---------------------------------------------------------------+
//	|                          file    (128)                        |
//	+---------------------------------------------------------------+
//	|                          options (variable)                   |
//	+---------------------------------------------------------------+
//
// DHCP (RFC 2131 section 3) starts the options with the magic cookie
// 99.130.83.99; the options follow (RFC 2132): code, length, data; pad (0)
// and end (255) are a single byte.
const (
	bootpOp     = 0
	bootpHType  = 1
	bootpHLen   = 2
	bootpHops   = 3
	bootpXID    = 4
	bootpSecs   = 8
	bootpFlags  = 10
	bootpCIAddr = 12
	bootpYIAddr = 16
	bootpSIAddr = 20
	bootpGIAddr = 24
	bootpCHAddr = 28
	bootpSName  = 44
	bootpFile   = 108
	// BOOTPLen is the length of the fixed BOOTP header, before the options.
	BOOTPLen = 236
)

// BOOTP and DHCP constants (untyped).
const (
	BOOTPRequest = 1
	BOOTPReply   = 2

	// BOOTPBroadcast is the broadcast bit of the flags (Scapy's "B").
	BOOTPBroadcast = 0x8000

	// DHCPMagic is the magic cookie 99.130.83.99 that starts DHCP options.
	DHCPMagic = 0x63825363

	// BOOTPServerPort and BOOTPClientPort are the ports bound to BOOTP.
	BOOTPServerPort = 67
	BOOTPClientPort = 68
)

// DHCP message types (option 53).
const (
	DHCPDiscover        = 1
	DHCPOffer           = 2
	DHCPRequest         = 3
	DHCPDecline         = 4
	DHCPAck             = 5
	DHCPNak             = 6
	DHCPRelease         = 7
	DHCPInform          = 8
	DHCPForceRenew      = 9
	DHCPLeaseQuery      = 10
	DHCPLeaseUnassigned = 11
	DHCPLeaseUnknown    = 12
	DHCPLeaseActive     = 13
)

// DHCP option codes (RFC 2132 and later).
const (
	DHCPOptPad              = 0
	DHCPOptSubnetMask       = 1
	DHCPOptTimeOffset       = 2
	DHCPOptRouter           = 3
	DHCPOptDNS              = 6
	DHCPOptHostname         = 12
	DHCPOptDomainName       = 15
	DHCPOptBroadcastAddr    = 28
	DHCPOptNTPServers       = 42
	DHCPOptVendorSpecific   = 43
	DHCPOptRequestedAddr    = 50
	DHCPOptLeaseTime        = 51
	DHCPOptOverload         = 52
	DHCPOptMessageType      = 53
	DHCPOptServerID         = 54
	DHCPOptParamReqList     = 55
	DHCPOptMessage          = 56
	DHCPOptMaxMessageSize   = 57
	DHCPOptRenewalTime      = 58
	DHCPOptRebindingTime    = 59
	DHCPOptVendorClassID    = 60
	DHCPOptClientID         = 61
	DHCPOptClientFQDN       = 81
	DHCPOptRelayAgentInfo   = 82
	DHCPOptDomainSearch     = 119
	DHCPOptClasslessRoutes  = 121
	DHCPOptVIVendorClass    = 124
	DHCPOptVIVendorSpecific = 125
	DHCPOptEnd              = 255
)

var dhcpMagic = []byte{0x63, 0x82, 0x53, 0x63}

// DHCPTypeNames names the DHCP message types as Scapy's DHCPTypes.
var DHCPTypeNames = map[uint64]string{
	1: "discover", 2: "offer", 3: "request", 4: "decline", 5: "ack", 6: "nak", 7: "release",
	8: "inform", 9: "force_renew", 10: "lease_query", 11: "lease_unassigned", 12: "lease_unknown",
	13: "lease_active",
}

// dhcpKind is how an option's data reads (the Scapy field of DHCPOptions).
type dhcpKind uint8

const (
	dhcpRaw     dhcpKind = iota // a name only: bytes, shown as b'...'
	dhcpStr                     // StrField: bytes, shown as '...'
	dhcpIP                      // IPField: one or more IPv4 addresses
	dhcpInt                     // IntField: 32-bit integers
	dhcpShort                   // ShortField: 16-bit integers
	dhcpByte                    // ByteField: bytes as integers
	dhcpMsgType                 // message-type (ByteEnumField)
	dhcpParams                  // param_req_list: a list of option codes
	dhcpMarker                  // pad and end: no length, no data
)

type dhcpOptInfo struct {
	name string
	kind dhcpKind
}

// dhcpOptInfos is Scapy's DHCPOptions: the option names and how their
// values read.
var dhcpOptInfos = map[uint8]dhcpOptInfo{
	0: {"pad", dhcpMarker}, 1: {"subnet_mask", dhcpIP}, 2: {"time_zone", dhcpInt}, 3: {"router", dhcpIP},
	4: {"time_server", dhcpIP}, 5: {"IEN_name_server", dhcpIP}, 6: {"name_server", dhcpIP},
	7: {"log_server", dhcpIP}, 8: {"cookie_server", dhcpIP}, 9: {"lpr_server", dhcpIP},
	10: {"impress-servers", dhcpIP}, 11: {"resource-location-servers", dhcpIP}, 12: {"hostname", dhcpRaw},
	13: {"boot-size", dhcpShort}, 14: {"dump_path", dhcpRaw}, 15: {"domain", dhcpRaw},
	16: {"swap-server", dhcpIP}, 17: {"root_disk_path", dhcpRaw}, 18: {"extensions-path", dhcpRaw},
	19: {"ip-forwarding", dhcpByte}, 20: {"non-local-source-routing", dhcpByte},
	21: {"policy-filter", dhcpIP}, 22: {"max_dgram_reass_size", dhcpShort}, 23: {"default_ttl", dhcpByte},
	24: {"pmtu_timeout", dhcpInt}, 25: {"path-mtu-plateau-table", dhcpShort}, 26: {"interface-mtu", dhcpShort},
	27: {"all-subnets-local", dhcpByte}, 28: {"broadcast_address", dhcpIP},
	29: {"perform-mask-discovery", dhcpByte}, 30: {"mask-supplier", dhcpByte},
	31: {"router-discovery", dhcpByte}, 32: {"router-solicitation-address", dhcpIP},
	33: {"static-routes", dhcpIP}, 34: {"trailer-encapsulation", dhcpByte}, 35: {"arp_cache_timeout", dhcpInt},
	36: {"ieee802-3-encapsulation", dhcpByte}, 37: {"tcp_ttl", dhcpByte}, 38: {"tcp_keepalive_interval", dhcpInt},
	39: {"tcp_keepalive_garbage", dhcpByte}, 40: {"NIS_domain", dhcpStr}, 41: {"NIS_server", dhcpIP},
	42: {"NTP_server", dhcpIP}, 43: {"vendor_specific", dhcpRaw}, 44: {"NetBIOS_server", dhcpIP},
	45: {"NetBIOS_dist_server", dhcpIP}, 46: {"NetBIOS_node_type", dhcpByte}, 47: {"netbios-scope", dhcpRaw},
	48: {"font-servers", dhcpIP}, 49: {"x-display-manager", dhcpIP}, 50: {"requested_addr", dhcpIP},
	51: {"lease_time", dhcpInt}, 52: {"dhcp-option-overload", dhcpByte}, 53: {"message-type", dhcpMsgType},
	54: {"server_id", dhcpIP}, 55: {"param_req_list", dhcpParams}, 56: {"error_message", dhcpRaw},
	57: {"max_dhcp_size", dhcpShort}, 58: {"renewal_time", dhcpInt}, 59: {"rebinding_time", dhcpInt},
	60: {"vendor_class_id", dhcpStr}, 61: {"client_id", dhcpStr}, 62: {"nwip-domain-name", dhcpRaw},
	64: {"NISplus_domain", dhcpRaw}, 65: {"NISplus_server", dhcpIP}, 66: {"tftp_server_name", dhcpRaw},
	67: {"boot-file-name", dhcpStr}, 68: {"mobile-ip-home-agent", dhcpIP}, 69: {"SMTP_server", dhcpIP},
	70: {"POP3_server", dhcpIP}, 71: {"NNTP_server", dhcpIP}, 72: {"WWW_server", dhcpIP},
	73: {"Finger_server", dhcpIP}, 74: {"IRC_server", dhcpIP}, 75: {"StreetTalk_server", dhcpIP},
	76: {"StreetTalk_Dir_Assistance", dhcpIP}, 77: {"user_class", dhcpRaw}, 78: {"slp_service_agent", dhcpRaw},
	79: {"slp_service_scope", dhcpRaw}, 81: {"client_FQDN", dhcpRaw}, 82: {"relay_agent_information", dhcpRaw},
	85: {"nds-server", dhcpIP}, 86: {"nds-tree-name", dhcpStr}, 87: {"nds-context", dhcpStr},
	88: {"bcms-controller-namesi", dhcpRaw}, 89: {"bcms-controller-address", dhcpIP},
	91: {"client-last-transaction-time", dhcpInt}, 92: {"associated-ip", dhcpIP},
	93: {"pxe_client_architecture", dhcpRaw}, 94: {"pxe_client_network_interface", dhcpRaw},
	97: {"pxe_client_machine_identifier", dhcpRaw}, 98: {"uap-servers", dhcpStr}, 100: {"pcode", dhcpStr},
	101: {"tcode", dhcpStr}, 112: {"netinfo-server-address", dhcpIP}, 113: {"netinfo-server-tag", dhcpStr},
	114: {"default-url", dhcpStr}, 116: {"auto-config", dhcpByte}, 117: {"name-service-search", dhcpShort},
	118: {"subnet-selection", dhcpIP}, 121: {"classless_static_routes", dhcpRaw}, 124: {"vendor_class", dhcpRaw},
	125: {"vendor_specific_information", dhcpRaw}, 128: {"tftp_server_ip_address", dhcpIP},
	136: {"pana-agent", dhcpIP}, 137: {"v4-lost", dhcpRaw}, 138: {"capwap-ac-v4", dhcpIP},
	141: {"sip_ua_service_domains", dhcpRaw}, 146: {"rdnss-selection", dhcpRaw},
	150: {"tftp_server_address", dhcpIP}, 159: {"v4-portparams", dhcpRaw}, 160: {"v4-captive-portal", dhcpStr},
	161: {"mud-url", dhcpStr}, 208: {"pxelinux_magic", dhcpRaw}, 209: {"pxelinux_configuration_file", dhcpRaw},
	210: {"pxelinux_path_prefix", dhcpRaw}, 211: {"pxelinux_reboot_time", dhcpRaw}, 212: {"option-6rd", dhcpRaw},
	213: {"v4-access-domain", dhcpRaw}, 255: {"end", dhcpMarker},
}

// dhcpOptByName maps Scapy's option names to codes.
var dhcpOptByName = func() map[string]uint8 {
	m := make(map[string]uint8, len(dhcpOptInfos))
	for c, i := range dhcpOptInfos {
		m[strings.ToLower(i.name)] = c
	}
	return m
}()

// DHCPOptionName returns Scapy's name of an option code, or the code in
// decimal.
func DHCPOptionName(code uint8) string {
	if i, ok := dhcpOptInfos[code]; ok {
		return i.name
	}
	return strconv.Itoa(int(code))
}

// DHCPOptionCode returns the code of an option named as Scapy does
// ("message-type", "param_req_list", ...; case is ignored).
func DHCPOptionCode(name string) (uint8, bool) {
	c, ok := dhcpOptByName[strings.ToLower(name)]
	return c, ok
}

// BOOTP is the BOOTP header (Scapy's BOOTP). A DHCP message is a BOOTP
// header whose options start with the magic cookie, followed by a DHCP
// layer holding the options.
//
// Options is Scapy's "options" field: the vendor area that does not
// belong to a DHCP layer. Decoding keeps the magic cookie there when DHCP
// options follow, and the whole vendor area otherwise. Left nil, it is the
// magic cookie when a DHCP layer follows and empty otherwise.
type BOOTP struct {
	Op     uint8 // BOOTPRequest, BOOTPReply
	HType  uint8 // hardware type, 1 for Ethernet
	HLen   uint8
	Hops   uint8
	XID    uint32
	Secs   uint16
	Flags  uint16 // BOOTPBroadcast
	CIAddr netip.Addr
	YIAddr netip.Addr
	SIAddr netip.Addr
	GIAddr netip.Addr
	// CHAddr is the client hardware address: 16 bytes, zero padded.
	// Decoded, it holds all 16 bytes.
	CHAddr []byte
	// SName and File are zero padded to 64 and 128 bytes.
	SName []byte
	File  []byte
	// Options is the vendor area (see the type's comment).
	Options []byte
}

var bootpProto = &packet.Proto{
	Name: "BOOTP", Doc: "BOOTP header (RFC 951, RFC 2131); UDP ports 67 and 68",
	New: func() packet.Layer { return NewBOOTP() },
	Fields: []fields.Field{
		fields.EnumField("op", 8, uint8(1), map[uint64]string{1: "BOOTREQUEST", 2: "BOOTREPLY"}, func(b *BOOTP) *uint8 { return &b.Op }),
		fields.ByteField("htype", 1, func(b *BOOTP) *uint8 { return &b.HType }).WithEnum(ARPHwTypeNames),
		fields.ByteField("hlen", 6, func(b *BOOTP) *uint8 { return &b.HLen }),
		fields.ByteField("hops", 0, func(b *BOOTP) *uint8 { return &b.Hops }),
		fields.XIntField("xid", 0, func(b *BOOTP) *uint32 { return &b.XID }),
		fields.ShortField("secs", 0, func(b *BOOTP) *uint16 { return &b.Secs }),
		fields.FlagsField("flags", 16, uint16(0), bootpFlagNames, func(b *BOOTP) *uint16 { return &b.Flags }),
		bootpAddrField("ciaddr", func(b *BOOTP) *netip.Addr { return &b.CIAddr }),
		bootpAddrField("yiaddr", func(b *BOOTP) *netip.Addr { return &b.YIAddr }),
		bootpAddrField("siaddr", func(b *BOOTP) *netip.Addr { return &b.SIAddr }),
		bootpAddrField("giaddr", func(b *BOOTP) *netip.Addr { return &b.GIAddr }),
		fields.WithFormat(fields.BytesField("chaddr", func(b *BOOTP) *[]byte { return &b.CHAddr }), formatCHAddr),
		fields.WithFormat(fields.BytesField("sname", func(b *BOOTP) *[]byte { return &b.SName }),
			func(b *BOOTP) string { return bootpStrRepr(b.SName) }),
		fields.WithFormat(fields.BytesField("file", func(b *BOOTP) *[]byte { return &b.File }),
			func(b *BOOTP) string { return bootpStrRepr(b.File) }),
		fields.WithFormat(fields.BytesField("options", func(b *BOOTP) *[]byte { return &b.Options }), formatBOOTPOptions),
	},
}

// BOOTPType is the registered type of BOOTP.
var BOOTPType = packet.Register(bootpProto)

var bootpFlagNames = []string{"", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "B"}

func bootpAddrField(name string, ptr func(*BOOTP) *netip.Addr) fields.Field {
	return fields.IPField(name, netip.AddrFrom4([4]byte{}), ptr)
}

// NewBOOTP returns a BOOTP header with Scapy's defaults: a request for an
// Ethernet address (op 1, htype 1, hlen 6), all addresses 0.0.0.0.
func NewBOOTP() *BOOTP {
	z := netip.AddrFrom4([4]byte{})
	return &BOOTP{Op: BOOTPRequest, HType: 1, HLen: 6, CIAddr: z, YIAddr: z, SIAddr: z, GIAddr: z}
}

func (b *BOOTP) Proto() *packet.Proto         { return bootpProto }
func (b *BOOTP) Get(name string) (any, error) { return packet.GetField(b, name) }
func (b *BOOTP) Set(name string, v any) error { return packet.SetField(b, name, v) }
func (b *BOOTP) Show() string                 { return packet.ShowLayer(b) }
func (b *BOOTP) Summary() string              { return "BOOTP" }

// HeaderLen is 236 plus the vendor area.
func (b *BOOTP) HeaderLen() int { return BOOTPLen + len(b.Options) }

// HeaderLenIn counts the magic cookie when Options is nil and a DHCP layer
// follows.
func (b *BOOTP) HeaderLenIn(p *packet.Packet, i int) int {
	if b.Options == nil && i+1 < p.NumLayers() {
		if _, ok := p.Layer(i + 1).(*DHCP); ok {
			return BOOTPLen + len(dhcpMagic)
		}
	}
	return b.HeaderLen()
}

// ClientMAC returns the first six bytes of chaddr as a MAC.
func (b *BOOTP) ClientMAC() fields.MAC {
	var m fields.MAC
	copy(m[:], b.CHAddr)
	return m
}

// IsDHCP reports whether the vendor area starts with the DHCP magic cookie.
func (b *BOOTP) IsDHCP() bool { return bytes.HasPrefix(b.Options, dhcpMagic) }

// DecodeFromBytes decodes the fixed header. When the vendor area starts
// with the magic cookie, the options after it are a DHCP layer; otherwise
// the whole vendor area is kept in Options.
func (b *BOOTP) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	if len(data) < BOOTPLen {
		return packet.DecodeResult{}, packet.ErrTruncated
	}
	b.Op = data[bootpOp]
	b.HType = data[bootpHType]
	b.HLen = data[bootpHLen]
	b.Hops = data[bootpHops]
	b.XID = be32(data[bootpXID:])
	b.Secs = be16(data[bootpSecs:])
	b.Flags = be16(data[bootpFlags:])
	b.CIAddr = netip.AddrFrom4([4]byte(data[bootpCIAddr : bootpCIAddr+4]))
	b.YIAddr = netip.AddrFrom4([4]byte(data[bootpYIAddr : bootpYIAddr+4]))
	b.SIAddr = netip.AddrFrom4([4]byte(data[bootpSIAddr : bootpSIAddr+4]))
	b.GIAddr = netip.AddrFrom4([4]byte(data[bootpGIAddr : bootpGIAddr+4]))
	b.CHAddr = data[bootpCHAddr:bootpSName:bootpSName]
	b.SName = data[bootpSName:bootpFile:bootpFile]
	b.File = data[bootpFile:BOOTPLen:BOOTPLen]
	rest := data[BOOTPLen:]
	if len(rest) >= len(dhcpMagic) && bytes.Equal(rest[:len(dhcpMagic)], dhcpMagic) {
		b.Options = rest[:len(dhcpMagic):len(dhcpMagic)]
		next := packet.NextLayer(BOOTPType, "options", DHCPMagic)
		return packet.DecodeResult{HeaderLen: BOOTPLen + len(dhcpMagic), PayloadLen: -1, Next: next}, nil
	}
	b.Options = nil
	if len(rest) > 0 {
		b.Options = rest
	}
	return packet.DecodeResult{HeaderLen: len(data), PayloadLen: -1}, nil
}

// SerializeTo writes the header; chaddr, sname and file are zero padded.
func (b *BOOTP) SerializeTo(buf []byte, ctx *packet.BuildContext) error {
	if len(b.CHAddr) > 16 || len(b.SName) > 64 || len(b.File) > 128 {
		return fmt.Errorf("%w: bootp chaddr, sname or file too long (%d, %d, %d bytes; at most 16, 64, 128)",
			fields.ErrBadValue, len(b.CHAddr), len(b.SName), len(b.File))
	}
	if len(buf) < BOOTPLen {
		return packet.ErrShortBuffer
	}
	buf[bootpOp] = b.Op
	buf[bootpHType] = b.HType
	buf[bootpHLen] = b.HLen
	buf[bootpHops] = b.Hops
	put32(buf[bootpXID:], b.XID)
	put16(buf[bootpSecs:], b.Secs)
	put16(buf[bootpFlags:], b.Flags)
	for i, a := range [4]netip.Addr{b.CIAddr, b.YIAddr, b.SIAddr, b.GIAddr} {
		var v [4]byte
		if a.Is4() {
			v = a.As4()
		}
		copy(buf[bootpCIAddr+4*i:], v[:])
	}
	clear(buf[bootpCHAddr:BOOTPLen])
	copy(buf[bootpCHAddr:], b.CHAddr)
	copy(buf[bootpSName:], b.SName)
	copy(buf[bootpFile:], b.File)
	rest := buf[BOOTPLen:]
	if b.Options == nil && len(rest) == len(dhcpMagic) {
		// The cookie before a DHCP layer: the value the binding table
		// gives BOOTP's options for it.
		v := uint64(DHCPMagic)
		if ctx != nil {
			if x, ok := ctx.Bind("options"); ok {
				v = x
			}
		}
		put32(rest, uint32(v))
		return nil
	}
	copy(rest, b.Options)
	return nil
}

// formatCHAddr shows chaddr as Scapy does for Ethernet: the MAC and its
// padding.
func formatCHAddr(b *BOOTP) string {
	if b.HType == 1 && len(b.CHAddr) >= 6 {
		mac := b.ClientMAC().String()
		pad := b.CHAddr[6:]
		if len(pad) == 10 && bytes.Count(pad, []byte{0}) == 10 || len(pad) == 0 {
			return mac + " (+ 10 nul pad)"
		}
		return mac + " (pad: " + fields.ReprBytes(pad) + ")"
	}
	return fields.ReprBytes(b.CHAddr)
}

// bootpStrRepr shows a zero-padded string as Scapy shows sname and file.
func bootpStrRepr(s []byte) string {
	s = bytes.TrimRight(s, "\x00")
	return fields.ReprBytes(s)[1:]
}

func formatBOOTPOptions(b *BOOTP) string {
	if b.Options == nil {
		return "b''"
	}
	s := fields.ReprBytes(b.Options)
	if bytes.Equal(b.Options, dhcpMagic) {
		s += " (DHCP magic)"
	}
	return s
}

// DHCPOption is one DHCP option (RFC 2132): Code and Data. Pad (0) and
// end (255) have no length byte and no data. An option whose length byte
// is missing or runs past the message is kept with Bad set and the bytes
// after its code in Data, as Scapy keeps them, so it re-encodes verbatim.
type DHCPOption struct {
	Code uint8
	Data []byte
	Bad  bool
}

// DHCPPadOption and DHCPEndOption are the one-byte options.
func DHCPPadOption() DHCPOption { return DHCPOption{Code: DHCPOptPad} }
func DHCPEndOption() DHCPOption { return DHCPOption{Code: DHCPOptEnd} }

// DHCPMessageTypeOption is option 53 (DHCPDiscover, ...).
func DHCPMessageTypeOption(t uint8) DHCPOption {
	return DHCPOption{Code: DHCPOptMessageType, Data: []byte{t}}
}

// DHCPParamReqListOption is option 55, the parameter request list.
func DHCPParamReqListOption(codes ...uint8) DHCPOption {
	return DHCPOption{Code: DHCPOptParamReqList, Data: append([]byte(nil), codes...)}
}

// DHCPAddrOption is an option holding IPv4 addresses (subnet mask, router,
// name servers, requested address, server identifier, ...).
func DHCPAddrOption(code uint8, addrs ...netip.Addr) DHCPOption {
	d := make([]byte, 0, 4*len(addrs))
	for _, a := range addrs {
		v := a.Unmap().As4()
		d = append(d, v[:]...)
	}
	return DHCPOption{Code: code, Data: d}
}

// DHCPUint32Option is an option holding a 32-bit integer (lease time,
// renewal and rebinding times).
func DHCPUint32Option(code uint8, v uint32) DHCPOption {
	d := make([]byte, 4)
	put32(d, v)
	return DHCPOption{Code: code, Data: d}
}

// DHCPUint16Option is an option holding a 16-bit integer (max message
// size, interface MTU).
func DHCPUint16Option(code uint8, v uint16) DHCPOption {
	d := make([]byte, 2)
	put16(d, v)
	return DHCPOption{Code: code, Data: d}
}

// DHCPBytesOption is an option with the given data (host name, domain
// name, client identifier, vendor class, unknown codes).
func DHCPBytesOption(code uint8, data []byte) DHCPOption { return DHCPOption{Code: code, Data: data} }

// DHCPSubOption is a sub-option of the relay agent information option
// (RFC 3046): circuit ID (1), remote ID (2), ...
type DHCPSubOption struct {
	Code uint8
	Data []byte
}

// DHCPRelayAgentInfoOption is option 82 with its sub-options.
func DHCPRelayAgentInfoOption(subs ...DHCPSubOption) DHCPOption {
	var d []byte
	for _, s := range subs {
		d = append(d, s.Code, byte(len(s.Data)))
		d = append(d, s.Data...)
	}
	return DHCPOption{Code: DHCPOptRelayAgentInfo, Data: d}
}

// NewDHCPOption makes an option the way Scapy's ("name", value, ...)
// tuples do: name is Scapy's option name ("message-type", "requested_addr",
// "param_req_list", "lease_time", "hostname", "end", ...) or a code in
// decimal; values are read as the option's kind: addresses (strings or
// netip.Addr), integers, message type names ("discover"), lists of codes,
// or strings and bytes.
func NewDHCPOption(name string, values ...any) (DHCPOption, error) {
	code, ok := DHCPOptionCode(name)
	if !ok {
		n, err := strconv.ParseUint(name, 10, 8)
		if err != nil {
			return DHCPOption{}, fmt.Errorf("%w: unknown dhcp option %q", fields.ErrBadValue, name)
		}
		code = uint8(n)
	}
	info, known := dhcpOptInfos[code]
	if !known {
		info.kind = dhcpRaw
	}
	if info.kind == dhcpMarker {
		if len(values) > 0 {
			return DHCPOption{}, fmt.Errorf("%w: dhcp option %s takes no value", fields.ErrBadValue, info.name)
		}
		return DHCPOption{Code: code}, nil
	}
	var d []byte
	for _, v := range values {
		var err error
		if d, err = appendDHCPValue(d, info.kind, v); err != nil {
			return DHCPOption{}, fmt.Errorf("dhcp option %s: %w", DHCPOptionName(code), err)
		}
	}
	if len(d) > 255 {
		return DHCPOption{}, fmt.Errorf("%w: dhcp option %s of %d bytes (at most 255)", fields.ErrBadValue, DHCPOptionName(code), len(d))
	}
	return DHCPOption{Code: code, Data: d}, nil
}

func appendDHCPValue(d []byte, k dhcpKind, v any) ([]byte, error) {
	switch k {
	case dhcpIP:
		switch x := v.(type) {
		case []netip.Addr:
			for _, a := range x {
				var err error
				if d, err = appendDHCPValue(d, k, a); err != nil {
					return nil, err
				}
			}
			return d, nil
		case []string:
			for _, a := range x {
				var err error
				if d, err = appendDHCPValue(d, k, a); err != nil {
					return nil, err
				}
			}
			return d, nil
		}
		a, err := fields.AddrFrom(v, false)
		if err != nil {
			return nil, err
		}
		b := a.As4()
		return append(d, b[:]...), nil
	case dhcpInt, dhcpShort, dhcpByte, dhcpMsgType, dhcpParams:
		if l, ok := v.([]uint8); ok && k == dhcpParams {
			return append(d, l...), nil
		}
		if l, ok := v.([]int); ok && k == dhcpParams {
			for _, x := range l {
				if x < 0 || x > 255 {
					return nil, fmt.Errorf("%w: option code %d", fields.ErrBadValue, x)
				}
				d = append(d, byte(x))
			}
			return d, nil
		}
		bits := map[dhcpKind]int{dhcpInt: 32, dhcpShort: 16}[k]
		if bits == 0 {
			bits = 8
		}
		f := fields.Field{Name: "value", Kind: fields.KindUint, Bits: bits}
		if k == dhcpMsgType {
			f.Enum = DHCPTypeNames
		}
		u, err := f.ParseUint(v)
		if err != nil {
			return nil, err
		}
		for i := bits/8 - 1; i >= 0; i-- {
			d = append(d, byte(u>>(8*uint(i))))
		}
		return d, nil
	}
	switch x := v.(type) {
	case string:
		return append(d, x...), nil
	case []byte:
		return append(d, x...), nil
	case fields.MAC:
		return append(d, x[:]...), nil
	}
	return nil, fmt.Errorf("%w: %T for a string option", fields.ErrBadValue, v)
}

func (o DHCPOption) len() int {
	if o.Bad {
		return 1 + len(o.Data)
	}
	if o.Code == DHCPOptPad || o.Code == DHCPOptEnd {
		return 1
	}
	return 2 + len(o.Data)
}

// Name returns Scapy's name of the option, or its code.
func (o DHCPOption) Name() string { return DHCPOptionName(o.Code) }

func (o DHCPOption) kind() dhcpKind {
	if o.Bad {
		return dhcpRaw
	}
	if i, ok := dhcpOptInfos[o.Code]; ok {
		return i.kind
	}
	return dhcpRaw
}

// Addrs returns the IPv4 addresses of an address option.
func (o DHCPOption) Addrs() ([]netip.Addr, bool) {
	if len(o.Data) == 0 || len(o.Data)%4 != 0 {
		return nil, false
	}
	out := make([]netip.Addr, len(o.Data)/4)
	for i := range out {
		out[i] = netip.AddrFrom4([4]byte(o.Data[4*i : 4*i+4]))
	}
	return out, true
}

// Addr returns the address of a one-address option (requested_addr,
// server_id, subnet_mask).
func (o DHCPOption) Addr() (netip.Addr, bool) {
	if len(o.Data) != 4 {
		return netip.Addr{}, false
	}
	return netip.AddrFrom4([4]byte(o.Data)), true
}

// Uint returns the value of a 1-, 2- or 4-byte integer option.
func (o DHCPOption) Uint() (uint32, bool) {
	switch len(o.Data) {
	case 1:
		return uint32(o.Data[0]), true
	case 2:
		return uint32(be16(o.Data)), true
	case 4:
		return be32(o.Data), true
	}
	return 0, false
}

// SubOptions returns the sub-options of a relay agent information option
// (RFC 3046).
func (o DHCPOption) SubOptions() ([]DHCPSubOption, bool) {
	var out []DHCPSubOption
	d := o.Data
	for len(d) > 0 {
		if len(d) < 2 || int(d[1]) > len(d)-2 {
			return out, false
		}
		out = append(out, DHCPSubOption{Code: d[0], Data: d[2 : 2+int(d[1])]})
		d = d[2+int(d[1]):]
	}
	return out, true
}

// Value returns the option's value as Scapy reads it: netip.Addr or
// []netip.Addr for address options, uint32/uint16/uint8 (or their slices)
// for integer options, []uint8 for the parameter request list, []byte
// otherwise; nil for pad and end.
func (o DHCPOption) Value() any {
	k := o.kind()
	switch k {
	case dhcpMarker:
		return nil
	case dhcpIP:
		if a, ok := o.Addrs(); ok {
			if len(a) == 1 {
				return a[0]
			}
			return a
		}
	case dhcpInt, dhcpShort, dhcpByte, dhcpMsgType:
		w := map[dhcpKind]int{dhcpInt: 4, dhcpShort: 2}[k]
		if w == 0 {
			w = 1
		}
		if len(o.Data) == 0 || len(o.Data)%w != 0 {
			break
		}
		n := len(o.Data) / w
		switch w {
		case 4:
			if n == 1 {
				return be32(o.Data)
			}
			v := make([]uint32, n)
			for i := range v {
				v[i] = be32(o.Data[4*i:])
			}
			return v
		case 2:
			if n == 1 {
				return be16(o.Data)
			}
			v := make([]uint16, n)
			for i := range v {
				v[i] = be16(o.Data[2*i:])
			}
			return v
		}
		if n == 1 {
			return o.Data[0]
		}
		return o.Data
	case dhcpParams:
		return o.Data
	}
	return o.Data
}

// String is the option as Scapy's DHCP options field shows it:
// "message-type=discover", "name_server=192.0.2.1,192.0.2.2", "end".
func (o DHCPOption) String() string {
	if o.Bad {
		return fields.ReprBytes(append([]byte{o.Code}, o.Data...))
	}
	k := o.kind()
	if k == dhcpMarker {
		return o.Name()
	}
	return o.Name() + "=" + o.valueText(k)
}

func (o DHCPOption) valueText(k dhcpKind) string {
	switch k {
	case dhcpMsgType:
		if len(o.Data) == 1 {
			if n, ok := DHCPTypeNames[uint64(o.Data[0])]; ok {
				return n
			}
		}
	case dhcpParams:
		parts := make([]string, len(o.Data))
		for i, c := range o.Data {
			parts[i] = strconv.Itoa(int(c))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case dhcpStr:
		return fields.ReprBytes(o.Data)[1:]
	case dhcpRaw:
		return fields.ReprBytes(o.Data)
	}
	switch v := o.Value().(type) {
	case netip.Addr:
		return v.String()
	case []netip.Addr:
		parts := make([]string, len(v))
		for i, a := range v {
			parts[i] = a.String()
		}
		return strings.Join(parts, ",")
	case []uint32:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = strconv.FormatUint(uint64(x), 10)
		}
		return strings.Join(parts, ",")
	case []uint16:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = strconv.FormatUint(uint64(x), 10)
		}
		return strings.Join(parts, ",")
	case []byte:
		if k == dhcpByte {
			parts := make([]string, len(v))
			for i, x := range v {
				parts[i] = strconv.Itoa(int(x))
			}
			return strings.Join(parts, ",")
		}
		return fields.ReprBytes(v)
	default:
		return fmt.Sprint(v)
	}
}

// DHCP holds the DHCP options after the magic cookie (Scapy's DHCP, shown
// as "DHCP options"): a list in wire order, end and pad included, so that
// a decoded message re-encodes byte for byte, padding after end included.
type DHCP struct {
	Options []DHCPOption
}

var dhcpProto = &packet.Proto{
	Name: "DHCP", Aliases: []string{"DHCP options"},
	Doc: "DHCP options (RFC 2131, RFC 2132) after a BOOTP header with the magic cookie",
	New: func() packet.Layer { return NewDHCP() },
	Fields: []fields.Field{
		fields.ListField("options", func(d *DHCP) any { return d.Options }, setDHCPOptions, formatDHCPOptions, jsonDHCPOptions),
	},
}

// DHCPType is the registered type of DHCP.
var DHCPType = packet.Register(dhcpProto)

// NewDHCP returns an empty option list (Scapy's default).
func NewDHCP() *DHCP { return &DHCP{} }

func (d *DHCP) Proto() *packet.Proto         { return dhcpProto }
func (d *DHCP) Get(name string) (any, error) { return packet.GetField(d, name) }
func (d *DHCP) Set(name string, v any) error { return packet.SetField(d, name, v) }
func (d *DHCP) Show() string                 { return packet.ShowLayer(d) }

// Title is Scapy's name of the layer.
func (d *DHCP) Title() string { return "DHCP options" }

// Summary is Scapy's: "DHCP Discover" with the message type.
func (d *DHCP) Summary() string { return d.SummaryIn(nil, 0) }

// SummaryIn implements packet.ContextSummarizer.
func (d *DHCP) SummaryIn(*packet.Packet, int) string {
	if t, ok := d.MessageType(); ok {
		n := DHCPTypeNames[uint64(t)]
		if n != "" {
			n = strings.ToUpper(n[:1]) + n[1:]
		}
		return "DHCP " + n
	}
	return "DHCP"
}

// Option returns the first option with that code.
func (d *DHCP) Option(code uint8) (DHCPOption, bool) {
	for _, o := range d.Options {
		if o.Code == code && !o.Bad && code != DHCPOptPad && code != DHCPOptEnd {
			return o, true
		}
	}
	return DHCPOption{}, false
}

// MessageType returns option 53.
func (d *DHCP) MessageType() (uint8, bool) {
	if o, ok := d.Option(DHCPOptMessageType); ok && len(o.Data) == 1 {
		return o.Data[0], true
	}
	return 0, false
}

// HeaderLen is the length of the options.
func (d *DHCP) HeaderLen() int {
	n := 0
	for i := range d.Options {
		n += d.Options[i].len()
	}
	return n
}

// DecodeFromBytes decodes the options as Scapy does: up to the end of the
// data, past the end option (padding after it becomes pad options).
func (d *DHCP) DecodeFromBytes(data []byte, _ *packet.DecodeContext) (packet.DecodeResult, error) {
	d.Options = decodeDHCPOptions(d.Options[:0], data)
	return packet.DecodeResult{HeaderLen: len(data), PayloadLen: -1}, nil
}

func decodeDHCPOptions(opts []DHCPOption, b []byte) []DHCPOption {
	for len(b) > 0 {
		c := b[0]
		switch {
		case c == DHCPOptPad || c == DHCPOptEnd:
			opts = append(opts, DHCPOption{Code: c})
			b = b[1:]
		case len(b) < 2 || int(b[1]) > len(b)-2:
			return append(opts, DHCPOption{Code: c, Data: b[1:], Bad: true})
		default:
			l := 2 + int(b[1])
			opts = append(opts, DHCPOption{Code: c, Data: b[2:l:l]})
			b = b[l:]
		}
	}
	return opts
}

// SerializeTo writes the options.
func (d *DHCP) SerializeTo(b []byte, _ *packet.BuildContext) error {
	n := 0
	for _, o := range d.Options {
		if !o.Bad && o.Code != DHCPOptPad && o.Code != DHCPOptEnd && len(o.Data) > 255 {
			return fmt.Errorf("%w: dhcp option %s of %d bytes (at most 255)", fields.ErrBadValue, o.Name(), len(o.Data))
		}
		if n+o.len() > len(b) {
			return packet.ErrShortBuffer
		}
		b[n] = o.Code
		n++
		if o.Bad {
			n += copy(b[n:], o.Data)
			continue
		}
		if o.Code == DHCPOptPad || o.Code == DHCPOptEnd {
			continue
		}
		b[n] = byte(len(o.Data))
		n++
		n += copy(b[n:], o.Data)
	}
	return nil
}

func formatDHCPOptions(d *DHCP) string {
	parts := make([]string, len(d.Options))
	for i, o := range d.Options {
		parts[i] = o.String()
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func jsonDHCPOptions(d *DHCP) any {
	out := make([]map[string]any, len(d.Options))
	for i, o := range d.Options {
		m := map[string]any{"code": o.Code, "name": o.Name()}
		if o.Bad {
			m["data"] = fmt.Sprintf("%x", o.Data)
			m["malformed"] = true
		} else if o.Code != DHCPOptPad && o.Code != DHCPOptEnd {
			m["data"] = fmt.Sprintf("%x", o.Data)
			switch v := o.Value().(type) {
			case netip.Addr:
				m["value"] = v.String()
			case []netip.Addr:
				s := make([]string, len(v))
				for j, a := range v {
					s[j] = a.String()
				}
				m["value"] = s
			case uint8, uint16, uint32, []uint16, []uint32:
				m["value"] = v
			case []byte:
				if o.kind() == dhcpParams {
					l := make([]int, len(v))
					for j, c := range v {
						l[j] = int(c)
					}
					m["value"] = l
				}
			}
			if o.Code == DHCPOptMessageType && len(o.Data) == 1 {
				m["value"] = DHCPTypeNames[uint64(o.Data[0])]
			}
		}
		out[i] = m
	}
	return out
}

func setDHCPOptions(d *DHCP, v any) error {
	switch x := v.(type) {
	case []DHCPOption:
		d.Options = x
	case DHCPOption:
		d.Options = []DHCPOption{x}
	case []byte:
		d.Options = decodeDHCPOptions(nil, x)
	default:
		return fmt.Errorf("%w: dhcp options from %T (want []layers.DHCPOption or raw bytes)", fields.ErrBadValue, v)
	}
	return nil
}

func init() {
	packet.Bind(
		packet.BindingRule{Lower: UDPType, Upper: BOOTPType, Field: "dport", Value: BOOTPServerPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: BOOTPType, Field: "sport", Value: BOOTPServerPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: BOOTPType, Field: "dport", Value: BOOTPClientPort, DissectOnly: true},
		packet.BindingRule{Lower: UDPType, Upper: BOOTPType, Field: "sport", Value: BOOTPClientPort, DissectOnly: true},
		packet.BindingRule{Lower: BOOTPType, Upper: DHCPType, Field: "options", Value: DHCPMagic},
	)
}
