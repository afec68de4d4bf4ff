package goscapy

import (
	"fmt"
	"net/netip"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// BOOTPBuilder builds a BOOTP header, the first half of a DHCP message.
//
//	frame, err := goscapy.NewEthernet().SrcMAC(mac).DstMAC("ff:ff:ff:ff:ff:ff").
//		Over(goscapy.NewIP().SrcIP("0.0.0.0").DstIP("255.255.255.255")).
//		Over(goscapy.NewUDP().SrcPort(68).DstPort(67)).
//		Over(goscapy.NewBOOTP().CHAddr(mac).XID(0x1234abcd).Broadcast()).
//		Over(goscapy.NewDHCP().MessageType(layers.DHCPDiscover).
//			ParamReqList(1, 3, 6, 15).End()).
//		Build()
type BOOTPBuilder struct{ base[*layers.BOOTP] }

// NewBOOTP starts a BOOTP header with Scapy's defaults: a request (op 1)
// for an Ethernet address, all addresses 0.0.0.0. Before a DHCP layer it
// carries the magic cookie.
func NewBOOTP() *BOOTPBuilder { return &BOOTPBuilder{base[*layers.BOOTP]{l: layers.NewBOOTP()}} }

func (b *BOOTPBuilder) addr(field string, v any) netip.Addr {
	a, err := fields.AddrFrom(v, false)
	if err != nil {
		b.fail(field, v, err)
	}
	return a
}

// Op sets the operation (layers.BOOTPRequest, layers.BOOTPReply).
func (b *BOOTPBuilder) Op(v uint8) *BOOTPBuilder { b.l.Op = v; return b }

// HType sets the hardware type (1 for Ethernet).
func (b *BOOTPBuilder) HType(v uint8) *BOOTPBuilder { b.l.HType = v; return b }

// HLen sets the hardware address length.
func (b *BOOTPBuilder) HLen(v uint8) *BOOTPBuilder { b.l.HLen = v; return b }

// Hops sets the relay hop count.
func (b *BOOTPBuilder) Hops(v uint8) *BOOTPBuilder { b.l.Hops = v; return b }

// XID sets the transaction ID.
func (b *BOOTPBuilder) XID(v uint32) *BOOTPBuilder { b.l.XID = v; return b }

// Secs sets the seconds elapsed.
func (b *BOOTPBuilder) Secs(v uint16) *BOOTPBuilder { b.l.Secs = v; return b }

// Flags sets the flags (layers.BOOTPBroadcast).
func (b *BOOTPBuilder) Flags(v uint16) *BOOTPBuilder { b.l.Flags = v; return b }

// Broadcast sets the broadcast flag (Scapy's flags="B").
func (b *BOOTPBuilder) Broadcast() *BOOTPBuilder { b.l.Flags |= layers.BOOTPBroadcast; return b }

// CIAddr sets the client address.
func (b *BOOTPBuilder) CIAddr(v any) *BOOTPBuilder { b.l.CIAddr = b.addr("ciaddr", v); return b }

// YIAddr sets "your" address, the one a server offers.
func (b *BOOTPBuilder) YIAddr(v any) *BOOTPBuilder { b.l.YIAddr = b.addr("yiaddr", v); return b }

// SIAddr sets the next server address.
func (b *BOOTPBuilder) SIAddr(v any) *BOOTPBuilder { b.l.SIAddr = b.addr("siaddr", v); return b }

// GIAddr sets the relay agent address.
func (b *BOOTPBuilder) GIAddr(v any) *BOOTPBuilder { b.l.GIAddr = b.addr("giaddr", v); return b }

// CHAddr sets the client hardware address from a MAC ("02:00:00:00:00:01",
// a MAC, net.HardwareAddr) or raw bytes (up to 16); it is zero padded.
func (b *BOOTPBuilder) CHAddr(v any) *BOOTPBuilder {
	if raw, ok := v.([]byte); ok {
		if len(raw) > 16 {
			b.fail("chaddr", v, fields.ErrBadValue)
		}
		b.l.CHAddr = raw
		return b
	}
	m := b.mac("chaddr", v)
	b.l.CHAddr = m[:]
	return b
}

// SName sets the server host name (up to 64 bytes).
func (b *BOOTPBuilder) SName(s string) *BOOTPBuilder {
	if len(s) > 64 {
		b.fail("sname", s, fields.ErrBadValue)
	}
	b.l.SName = []byte(s)
	return b
}

// File sets the boot file name (up to 128 bytes).
func (b *BOOTPBuilder) File(s string) *BOOTPBuilder {
	if len(s) > 128 {
		b.fail("file", s, fields.ErrBadValue)
	}
	b.l.File = []byte(s)
	return b
}

// Options sets the vendor area; by default it is the DHCP magic cookie
// when a DHCP layer follows.
func (b *BOOTPBuilder) Options(v []byte) *BOOTPBuilder { b.l.Options = v; return b }

// Set sets any field by its Scapy name.
func (b *BOOTPBuilder) Set(field string, v any) *BOOTPBuilder { b.set(field, v); return b }

// DHCPBuilder builds the DHCP options that follow a BOOTP header, in the
// order given; as in Scapy, End adds the end option, which is not added by
// itself.
type DHCPBuilder struct{ base[*layers.DHCP] }

// NewDHCP starts an empty option list.
func NewDHCP() *DHCPBuilder { return &DHCPBuilder{base[*layers.DHCP]{l: layers.NewDHCP()}} }

// Options appends options (layers.DHCPMessageTypeOption(...), ...).
func (b *DHCPBuilder) Options(opts ...layers.DHCPOption) *DHCPBuilder {
	b.l.Options = append(b.l.Options, opts...)
	return b
}

// Option appends an option as Scapy's ("name", value, ...) tuples:
// Option("message-type", "discover"), Option("name_server", "192.0.2.1",
// "192.0.2.2"), Option("lease_time", 3600), Option("end").
func (b *DHCPBuilder) Option(name string, values ...any) *DHCPBuilder {
	o, err := layers.NewDHCPOption(name, values...)
	if err != nil {
		b.fail("options", name, err)
		return b
	}
	return b.Options(o)
}

// MessageType appends option 53 (layers.DHCPDiscover, ...).
func (b *DHCPBuilder) MessageType(t uint8) *DHCPBuilder {
	return b.Options(layers.DHCPMessageTypeOption(t))
}

// ParamReqList appends option 55, the parameter request list.
func (b *DHCPBuilder) ParamReqList(codes ...uint8) *DHCPBuilder {
	return b.Options(layers.DHCPParamReqListOption(codes...))
}

// ClientID appends option 61 with the given identifier.
func (b *DHCPBuilder) ClientID(id []byte) *DHCPBuilder {
	return b.Options(layers.DHCPBytesOption(layers.DHCPOptClientID, id))
}

// ClientIDMAC appends option 61 as hardware type 1 and a MAC.
func (b *DHCPBuilder) ClientIDMAC(mac any) *DHCPBuilder {
	m := b.mac("client_id", mac)
	return b.ClientID(append([]byte{1}, m[:]...))
}

func (b *DHCPBuilder) addrs(code uint8, field string, vs []any) *DHCPBuilder {
	as := make([]netip.Addr, 0, len(vs))
	for _, v := range vs {
		a, err := fields.AddrFrom(v, false)
		if err != nil {
			b.fail(field, v, err)
			return b
		}
		as = append(as, a)
	}
	return b.Options(layers.DHCPAddrOption(code, as...))
}

// RequestedAddr appends option 50.
func (b *DHCPBuilder) RequestedAddr(a any) *DHCPBuilder {
	return b.addrs(layers.DHCPOptRequestedAddr, "requested_addr", []any{a})
}

// ServerID appends option 54.
func (b *DHCPBuilder) ServerID(a any) *DHCPBuilder {
	return b.addrs(layers.DHCPOptServerID, "server_id", []any{a})
}

// SubnetMask appends option 1.
func (b *DHCPBuilder) SubnetMask(a any) *DHCPBuilder {
	return b.addrs(layers.DHCPOptSubnetMask, "subnet_mask", []any{a})
}

// Router appends option 3 with one or more routers.
func (b *DHCPBuilder) Router(as ...any) *DHCPBuilder {
	return b.addrs(layers.DHCPOptRouter, "router", as)
}

// DNS appends option 6 with one or more name servers.
func (b *DHCPBuilder) DNS(as ...any) *DHCPBuilder {
	return b.addrs(layers.DHCPOptDNS, "name_server", as)
}

// LeaseTime appends option 51, in seconds.
func (b *DHCPBuilder) LeaseTime(s uint32) *DHCPBuilder {
	return b.Options(layers.DHCPUint32Option(layers.DHCPOptLeaseTime, s))
}

// DomainName appends option 15.
func (b *DHCPBuilder) DomainName(s string) *DHCPBuilder {
	return b.Options(layers.DHCPBytesOption(layers.DHCPOptDomainName, []byte(s)))
}

// Hostname appends option 12.
func (b *DHCPBuilder) Hostname(s string) *DHCPBuilder {
	return b.Options(layers.DHCPBytesOption(layers.DHCPOptHostname, []byte(s)))
}

// VendorClassID appends option 60.
func (b *DHCPBuilder) VendorClassID(s string) *DHCPBuilder {
	return b.Options(layers.DHCPBytesOption(layers.DHCPOptVendorClassID, []byte(s)))
}

// RelayAgentInfo appends option 82 with its sub-options.
func (b *DHCPBuilder) RelayAgentInfo(subs ...layers.DHCPSubOption) *DHCPBuilder {
	return b.Options(layers.DHCPRelayAgentInfoOption(subs...))
}

// End appends the end option.
func (b *DHCPBuilder) End() *DHCPBuilder { return b.Options(layers.DHCPEndOption()) }

// Pad appends n pad options.
func (b *DHCPBuilder) Pad(n int) *DHCPBuilder {
	for range n {
		b.Options(layers.DHCPPadOption())
	}
	return b
}

// dhcpParams is the parameter request list of Scapy's dhcp_request.
var dhcpParams = []uint8{1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252}

// Discover appends the options of Scapy's dhcp_request() discover:
// message type, client identifier (type 1 and the MAC), vendor class
// "MSFT 5.0", its parameter request list and end.
func (b *DHCPBuilder) Discover(mac any) *DHCPBuilder {
	return b.MessageType(layers.DHCPDiscover).ClientIDMAC(mac).VendorClassID("MSFT 5.0").
		ParamReqList(dhcpParams...).End()
}

// Request appends the options of Scapy's dhcp_request(req_type="request",
// requested_addr=..., server_id=...).
func (b *DHCPBuilder) Request(mac, requested, server any) *DHCPBuilder {
	return b.MessageType(layers.DHCPRequest).ClientIDMAC(mac).RequestedAddr(requested).ServerID(server).
		VendorClassID("MSFT 5.0").ParamReqList(dhcpParams...).End()
}

// Set sets any field by its Scapy name ("options").
func (b *DHCPBuilder) Set(field string, v any) *DHCPBuilder { b.set(field, v); return b }

// dhcpFrame is the frame of Scapy's dhcp_request: broadcast from
// 0.0.0.0:68 to 255.255.255.255:67, the broadcast flag set.
func dhcpFrame(mac any, xid uint32, d *DHCPBuilder) ([]byte, error) {
	return NewEthernet().SrcMAC(mac).DstMAC("ff:ff:ff:ff:ff:ff").
		Over(NewIP().SrcIP("0.0.0.0").DstIP("255.255.255.255")).
		Over(NewUDP().SrcPort(layers.BOOTPClientPort).DstPort(layers.BOOTPServerPort)).
		Over(NewBOOTP().CHAddr(mac).XID(xid).Broadcast()).
		Over(d).Build()
}

// DHCPDiscover builds the DHCP discover frame Scapy's dhcp_request() sends
// for the MAC, with transaction ID xid.
func DHCPDiscover(mac any, xid uint32) ([]byte, error) {
	return dhcpFrame(mac, xid, NewDHCP().Discover(mac))
}

// DHCPRequest builds the DHCP request frame Scapy's
// dhcp_request(req_type="request", ...) sends: it asks the server for the
// address it offered.
func DHCPRequest(mac any, xid uint32, requested, server any) ([]byte, error) {
	return dhcpFrame(mac, xid, NewDHCP().Request(mac, requested, server))
}

// DHCPv6Builder builds a DHCPv6 message: its header and, as in Scapy,
// each option as a layer of its own, in the order given.
//
//	solicit := goscapy.NewDHCPv6().TrID(0x123456).
//		ClientID(layers.DUIDLL(1, mac[:])).IANA(1, 0, 0).
//		ORO(layers.DHCPv6OptDNSServers, layers.DHCPv6OptDomainList).ElapsedTime(0)
type DHCPv6Builder struct {
	base[*layers.DHCPv6]
	opts []packet.Layer
}

// NewDHCPv6 starts a Solicit with Scapy's defaults (trid 0, no options).
func NewDHCPv6() *DHCPv6Builder {
	return &DHCPv6Builder{base: base[*layers.DHCPv6]{l: layers.NewDHCPv6()}}
}

// layerAndErr makes Stack.Over call Layers.
func (b *DHCPv6Builder) layerAndErr() (packet.Layer, error, bool) { return nil, nil, false }

// Layers implements Builder: the message header and its options.
func (b *DHCPv6Builder) Layers() ([]packet.Layer, error) {
	return append([]packet.Layer{b.l}, b.opts...), b.err
}

// Over starts a stack with the message and puts x on top of it.
func (b *DHCPv6Builder) Over(x Builder) *Stack {
	ls, _ := b.Layers()
	s := &Stack{err: b.err}
	s.pkt.Append(ls...)
	return s.Over(x)
}

// Packet returns the message as a packet.
func (b *DHCPv6Builder) Packet() *packet.Packet {
	ls, _ := b.Layers()
	p := packet.New(ls...)
	if b.err != nil {
		p.SetErr(b.err)
	}
	return p
}

// Build returns the message's bytes.
func (b *DHCPv6Builder) Build() ([]byte, error) { return b.Packet().Build() }

// BuildInto builds into buf and returns buf[:n].
func (b *DHCPv6Builder) BuildInto(buf []byte) ([]byte, error) { return b.Packet().BuildInto(buf) }

// MsgType sets the message type (layers.DHCPv6Advertise, ...).
func (b *DHCPv6Builder) MsgType(t uint8) *DHCPv6Builder { b.l.MsgType = t; return b }

// TrID sets the 24-bit transaction ID.
func (b *DHCPv6Builder) TrID(v uint32) *DHCPv6Builder {
	if v > 0xffffff {
		b.fail("trid", v, fields.ErrBadValue)
	}
	b.l.TrID = v
	return b
}

func (b *DHCPv6Builder) addr(field string, v any) netip.Addr {
	a, err := fields.AddrFrom(v, true)
	if err != nil {
		b.fail(field, v, err)
	}
	return a
}

// HopCount sets the hop count of a relay message.
func (b *DHCPv6Builder) HopCount(v uint8) *DHCPv6Builder { b.l.HopCount = v; return b }

// LinkAddr sets the link address of a relay message.
func (b *DHCPv6Builder) LinkAddr(v any) *DHCPv6Builder {
	b.l.LinkAddr = b.addr("linkaddr", v)
	return b
}

// PeerAddr sets the peer address of a relay message.
func (b *DHCPv6Builder) PeerAddr(v any) *DHCPv6Builder {
	b.l.PeerAddr = b.addr("peeraddr", v)
	return b
}

// Options appends options (layers.DHCPv6ClientIDOption(...), ...), each
// its own layer.
func (b *DHCPv6Builder) Options(opts ...layers.DHCPv6Option) *DHCPv6Builder {
	for _, o := range opts {
		b.opts = append(b.opts, layers.NewDHCPv6Opt(o))
	}
	return b
}

// ClientID appends a client identifier.
func (b *DHCPv6Builder) ClientID(d layers.DUID) *DHCPv6Builder {
	return b.Options(layers.DHCPv6ClientIDOption(d))
}

// ServerID appends a server identifier.
func (b *DHCPv6Builder) ServerID(d layers.DUID) *DHCPv6Builder {
	return b.Options(layers.DHCPv6ServerIDOption(d))
}

// IANA appends an IA_NA with its options (layers.DHCPv6IAAddrOption(...)).
func (b *DHCPv6Builder) IANA(iaid, t1, t2 uint32, opts ...layers.DHCPv6Option) *DHCPv6Builder {
	return b.Options(layers.DHCPv6IANAOption(iaid, t1, t2, opts...))
}

// IAPD appends an IA_PD with its options (layers.DHCPv6IAPrefixOption(...)).
func (b *DHCPv6Builder) IAPD(iaid, t1, t2 uint32, opts ...layers.DHCPv6Option) *DHCPv6Builder {
	return b.Options(layers.DHCPv6IAPDOption(iaid, t1, t2, opts...))
}

// ORO appends an option request option.
func (b *DHCPv6Builder) ORO(codes ...uint16) *DHCPv6Builder {
	return b.Options(layers.DHCPv6OROOption(codes...))
}

// ElapsedTime appends the elapsed time in hundredths of a second.
func (b *DHCPv6Builder) ElapsedTime(centis uint16) *DHCPv6Builder {
	return b.Options(layers.DHCPv6ElapsedTimeOption(centis))
}

// RapidCommit appends the rapid commit option.
func (b *DHCPv6Builder) RapidCommit() *DHCPv6Builder {
	return b.Options(layers.DHCPv6RapidCommitOption())
}

// StatusCode appends a status code.
func (b *DHCPv6Builder) StatusCode(code uint16, msg string) *DHCPv6Builder {
	return b.Options(layers.DHCPv6StatusCodeOption(code, msg))
}

// DNSServers appends the recursive name servers option.
func (b *DHCPv6Builder) DNSServers(as ...any) *DHCPv6Builder {
	addrs := make([]netip.Addr, 0, len(as))
	for _, v := range as {
		addrs = append(addrs, b.addr("dnsservers", v))
	}
	return b.Options(layers.DHCPv6DNSServersOption(addrs...))
}

// DomainList appends the domain search list option.
func (b *DHCPv6Builder) DomainList(names ...string) *DHCPv6Builder {
	return b.Options(layers.DHCPv6DomainListOption(names...))
}

// InterfaceID appends a relay's interface ID.
func (b *DHCPv6Builder) InterfaceID(id []byte) *DHCPv6Builder {
	return b.Options(layers.DHCPv6InterfaceIDOption(id))
}

// RelayMessage appends a relay message option holding msg and its
// options.
func (b *DHCPv6Builder) RelayMessage(msg *DHCPv6Builder) *DHCPv6Builder {
	inner, err := msg.Build()
	if err != nil {
		b.fail("message", "relayed message", err)
		return b
	}
	return b.Options(layers.DHCPv6Option{Code: layers.DHCPv6OptRelayMsg, Data: inner})
}

// Set sets any field of the message header by its Scapy name.
func (b *DHCPv6Builder) Set(field string, v any) *DHCPv6Builder { b.set(field, v); return b }

// DHCPv6Solicit builds the Solicit a client on the link of mac sends:
// from its link-local address (EUI-64) to ff02::1:2, UDP 546 to 547, with
// a link-layer DUID, an IA_NA of IAID iaid, a request for DNS servers and
// domains, and an elapsed time of 0.
func DHCPv6Solicit(mac any, trid, iaid uint32) ([]byte, error) {
	m, err := fields.MACFrom(mac)
	if err != nil {
		return nil, &packet.BuildError{Layer: "Ethernet", Field: "src", Value: fmt.Sprint(mac), Err: err}
	}
	ll := netip.AddrFrom16([16]byte{0xfe, 0x80, 8: m[0] ^ 2, 9: m[1], 10: m[2], 11: 0xff, 12: 0xfe, 13: m[3], 14: m[4], 15: m[5]})
	return NewEthernet().SrcMAC(m).DstMAC("33:33:00:01:00:02").
		Over(NewIPv6().SrcIP(ll).DstIP("ff02::1:2")).
		Over(NewUDP().SrcPort(layers.DHCPv6ClientPort).DstPort(layers.DHCPv6ServerPort)).
		Over(NewDHCPv6().TrID(trid).ClientID(layers.DUIDLL(1, m[:])).IANA(iaid, 0, 0).
			ORO(layers.DHCPv6OptDNSServers, layers.DHCPv6OptDomainList).ElapsedTime(0)).
		Build()
}
