package goscapy_test

import (
	"fmt"
	"net/netip"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

func ExampleNewBOOTP() {
	// A DHCP discover by hand.
	// Scapy: Ether(src="02:00:00:00:00:01", dst="ff:ff:ff:ff:ff:ff")/IP(src="0.0.0.0", dst="255.255.255.255")/
	//        UDP(sport=68, dport=67)/BOOTP(chaddr=mac2str("02:00:00:00:00:01"), xid=0x1234abcd, flags="B")/
	//        DHCP(options=[("message-type", "discover"), ("param_req_list", [1, 3, 6, 15]), "end"])
	const mac = "02:00:00:00:00:01"
	s := goscapy.NewEthernet().SrcMAC(mac).DstMAC("ff:ff:ff:ff:ff:ff").
		Over(goscapy.NewIP().SrcIP("0.0.0.0").DstIP("255.255.255.255")).
		Over(goscapy.NewUDP().SrcPort(68).DstPort(67)).
		Over(goscapy.NewBOOTP().CHAddr(mac).XID(0x1234abcd).Broadcast()).
		Over(goscapy.NewDHCP().MessageType(layers.DHCPDiscover).ParamReqList(1, 3, 6, 15).End())
	b, err := s.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Packet(), len(b))
	fmt.Printf("BOOTP %x\n", b[42:54])
	fmt.Printf("cookie and options %x\n", b[278:])
	// Output:
	// Ethernet / IP / UDP / BOOTP / DHCP Discover 292
	// BOOTP 010106001234abcd00008000
	// cookie and options 6382536335010137040103060fff
}

func ExampleBOOTPBuilder_YIAddr() {
	// The server's side: a reply with the offered address.
	// Scapy: BOOTP(op=2, xid=0x99, yiaddr="192.0.2.100", siaddr="192.0.2.1",
	//              giaddr="192.0.2.254", chaddr=mac2str("02:00:00:00:00:01"))
	b, _ := goscapy.NewBOOTP().Op(layers.BOOTPReply).XID(0x99).
		YIAddr("192.0.2.100").SIAddr("192.0.2.1").GIAddr("192.0.2.254").
		CHAddr("02:00:00:00:00:01").Build()
	fmt.Println(len(b))
	fmt.Printf("%x\n", b[:34])
	// Output:
	// 236
	// 02010600000000990000000000000000c0000264c0000201c00002fe020000000001
}

func ExampleBOOTPBuilder_SName() {
	// A relayed PXE request. Scapy: BOOTP(hops=1, secs=3, xid=7, giaddr="10.0.0.1",
	//   sname=b"server1", file=b"pxelinux.0")
	bootp := goscapy.NewBOOTP().Hops(1).Secs(3).XID(7).GIAddr("10.0.0.1").
		SName("server1").File("pxelinux.0")
	b, _ := bootp.Build()
	fmt.Printf("%x\n", b[:12])
	fmt.Printf("%q %q\n", b[44:52], b[108:119])
	// Output:
	// 010106010000000700030000
	// "server1\x00" "pxelinux.0\x00"
}

func ExampleNewDHCP() {
	// The DHCP layer holds the options after BOOTP's magic cookie, in the
	// order given; End is not added by itself.
	// Scapy: DHCP(options=[("message-type", "ack"), ("server_id", "192.0.2.1"),
	//   ("lease_time", 3600), ("subnet_mask", "255.255.255.0"), ("router", "192.0.2.1"),
	//   ("name_server", "192.0.2.53"), "end"])
	d := goscapy.NewDHCP().MessageType(layers.DHCPAck).ServerID("192.0.2.1").LeaseTime(3600).
		SubnetMask("255.255.255.0").Router("192.0.2.1").DNS("192.0.2.53").End()
	b, err := d.Build()
	fmt.Println(d.Layer().Summary(), err)
	fmt.Printf("%x\n", b)
	// Output:
	// DHCP Ack <nil>
	// 3501053604c0000201330400000e100104ffffff000304c00002010604c0000235ff
}

func ExampleDHCPBuilder_Option() {
	// Options as Scapy's (name, value, ...) tuples.
	// Scapy: DHCP(options=[("message-type", "offer"), ("name_server", "192.0.2.53", "192.0.2.54"),
	//   ("domain", b"example.com"), ("renewal_time", 1800), "end"])
	b, err := goscapy.NewDHCP().Option("message-type", "offer").
		Option("name_server", "192.0.2.53", "192.0.2.54").Option("domain", "example.com").
		Option("renewal_time", 1800).Option("end").Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 3501020608c0000235c00002360f0b6578616d706c652e636f6d3a0400000708ff <nil>
}

func ExampleDHCPBuilder_Discover() {
	// The options of Scapy's dhcp_request(): DHCP(options=[("message-type", "discover"),
	//   ("client_id", b"\x01" + mac2str("02:00:00:00:00:01")), ("vendor_class_id", b"MSFT 5.0"),
	//   ("param_req_list", [1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252]), "end"])
	b, _ := goscapy.NewDHCP().Discover("02:00:00:00:00:01").Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 3501013d07010200000000013c084d53465420352e30370e0103060f1f212b2c2e2f7779f9fcff
}

func ExampleDHCPBuilder_Request() {
	// Scapy: DHCP(options=[("message-type", "request"),
	//   ("client_id", b"\x01" + mac2str("02:00:00:00:00:01")), ("requested_addr", "192.0.2.100"),
	//   ("server_id", "192.0.2.1"), ("vendor_class_id", b"MSFT 5.0"),
	//   ("param_req_list", [1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252]), "end"])
	d := goscapy.NewDHCP().Request("02:00:00:00:00:01", "192.0.2.100", "192.0.2.1")
	b, _ := d.Build()
	fmt.Println(d.Layer().Summary())
	fmt.Printf("%x\n", b[:24])
	// Output:
	// DHCP Request
	// 3501033d07010200000000013204c00002643604c0000201
}

func ExampleDHCPBuilder_RelayAgentInfo() {
	// Option 82 added by a relay, with a circuit ID and a remote ID.
	// Scapy: DHCP(options=[("message-type", "request"), ("hostname", b"client"),
	//   ("relay_agent_information", b"\x01\x04eth0\x02\x06\x02\x00\x00\x00\x00\x02"), "end"])
	b, _ := goscapy.NewDHCP().MessageType(layers.DHCPRequest).Hostname("client").
		RelayAgentInfo(layers.DHCPSubOption{Code: 1, Data: []byte("eth0")},
			layers.DHCPSubOption{Code: 2, Data: []byte{2, 0, 0, 0, 0, 2}}).
		End().Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 3501030c06636c69656e74520e0104657468300206020000000002ff
}

func ExampleDHCPDiscover() {
	// The frame Scapy's dhcp_request() sends, built without sending it.
	b, err := goscapy.DHCPDiscover("02:00:00:00:00:01", 0x1234abcd)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	bootp, _ := packet.LayerOf[*layers.BOOTP](p)
	dhcp, _ := packet.LayerOf[*layers.DHCP](p)
	t, _ := dhcp.MessageType()
	fmt.Println(p, len(b))
	fmt.Printf("xid %#x client %s flags %#x type %d\n", bootp.XID, bootp.ClientMAC(), bootp.Flags, t)
	// Output:
	// Ethernet / IP / UDP / BOOTP / DHCP Discover 321
	// xid 0x1234abcd client 02:00:00:00:00:01 flags 0x8000 type 1
}

func ExampleDHCPRequest() {
	// The request that follows an offer of 192.0.2.100 by 192.0.2.1.
	b, err := goscapy.DHCPRequest("02:00:00:00:00:01", 0x1234abcd, "192.0.2.100", "192.0.2.1")
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	dhcp, _ := packet.LayerOf[*layers.DHCP](p)
	o, _ := dhcp.Option(layers.DHCPOptRequestedAddr)
	fmt.Println(p, len(b))
	fmt.Printf("requested %x\n", o.Data)
	// Output:
	// Ethernet / IP / UDP / BOOTP / DHCP Request 333
	// requested c0000264
}

func ExampleNewDHCPv6() {
	// Each option is a layer of its own, as in Scapy.
	// Scapy: IPv6(src="fe80::1", dst="ff02::1:2")/UDP(sport=546, dport=547)/DHCP6_Solicit(trid=0x123456)/
	//        DHCP6OptClientId(duid=DUID_LL(lladdr="02:00:00:00:00:01"))/DHCP6OptIA_NA(iaid=1, T1=0, T2=0)/
	//        DHCP6OptOptReq(reqopts=[23, 24])/DHCP6OptElapsedTime()
	s := goscapy.NewIPv6().SrcIP("fe80::1").DstIP("ff02::1:2").
		Over(goscapy.NewUDP().SrcPort(546).DstPort(547)).
		Over(goscapy.NewDHCPv6().TrID(0x123456).
			ClientID(layers.DUIDLL(1, []byte{2, 0, 0, 0, 0, 1})).IANA(1, 0, 0).
			ORO(layers.DHCPv6OptDNSServers, layers.DHCPv6OptDomainList).ElapsedTime(0))
	b, err := s.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Packet())
	fmt.Printf("%x\n", b[48:])
	// Output:
	// IPv6 / UDP / DHCPv6 SOLICIT / DHCP6OptClientId / DHCP6OptIA_NA / DHCP6OptOptReq / DHCP6OptElapsedTime
	// 011234560001000a000300010200000000010003000c0000000100000000000000000006000400170018000800020000
}

func ExampleDHCPv6Builder_IANA() {
	// An Advertise with an address, DNS servers and a search list.
	// Scapy: DHCP6_Advertise(trid=0x123456)/DHCP6OptServerId(duid=DUID_LL(lladdr="02:00:00:00:00:02"))/
	//        DHCP6OptIA_NA(iaid=1, T1=3600, T2=5400, ianaopts=[DHCP6OptIAAddress(addr="2001:db8::100",
	//          preflft=7200, validlft=10800)])/DHCP6OptDNSServers(dnsservers=["2001:db8::53"])/
	//        DHCP6OptDNSDomains(dnsdomains=["example.com"])
	d := goscapy.NewDHCPv6().MsgType(layers.DHCPv6Advertise).TrID(0x123456).
		ServerID(layers.DUIDLL(1, []byte{2, 0, 0, 0, 0, 2})).
		IANA(1, 3600, 5400, layers.DHCPv6IAAddrOption(netip.MustParseAddr("2001:db8::100"), 7200, 10800)).
		DNSServers("2001:db8::53").DomainList("example.com")
	b, err := d.Build()
	fmt.Println(d.Packet(), len(b), err)
	fmt.Printf("%x\n", b[:22])
	// Output:
	// DHCPv6 ADVERTISE / DHCP6OptServerId / DHCP6OptIA_NA / DHCP6OptDNSServers / DHCP6OptDNSDomains 99 <nil>
	// 021234560002000a0003000102000000000200030028
}

func ExampleDHCPv6Builder_IAPD() {
	// A Reply delegating a /56 prefix, with rapid commit.
	// Scapy: DHCP6_Reply(trid=0x42)/DHCP6OptIA_PD(iaid=5, T1=100, T2=200,
	//          iapdopt=[DHCP6OptIAPrefix(preflft=300, validlft=400, plen=56, prefix="2001:db8:1200::")])/
	//        DHCP6OptRapidCommit()
	b, err := goscapy.NewDHCPv6().MsgType(layers.DHCPv6Reply).TrID(0x42).
		IAPD(5, 100, 200, layers.DHCPv6IAPrefixOption(netip.MustParsePrefix("2001:db8:1200::/56"), 300, 400)).
		RapidCommit().Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 07000042001900290000000500000064000000c8001a00190000012c000001903820010db8120000000000000000000000000e0000 <nil>
}

func ExampleDHCPv6Builder_RelayMessage() {
	// A relay agent forwards a client's Solicit.
	// Scapy: DHCP6_RelayForward(hopcount=0, linkaddr="2001:db8:1::1", peeraddr="fe80::1")/
	//        DHCP6OptIfaceId(ifaceid=b"eth0")/DHCP6OptRelayMsg(message=DHCP6_Solicit(trid=1)/
	//          DHCP6OptElapsedTime(elapsedtime=100))
	relay := goscapy.NewDHCPv6().MsgType(layers.DHCPv6RelayForw).HopCount(0).
		LinkAddr("2001:db8:1::1").PeerAddr("fe80::1").
		InterfaceID([]byte("eth0")).
		RelayMessage(goscapy.NewDHCPv6().TrID(1).ElapsedTime(100))
	b, err := relay.Build()
	fmt.Println(len(b), err)
	fmt.Printf("%x\n", b[34:])
	// Output:
	// 56 <nil>
	// 00120004657468300009000a01000001000800020064
}

func ExampleDHCPv6Builder_StatusCode() {
	// Scapy: DHCP6_Reply(trid=7)/DHCP6OptStatusCode(statuscode=2, statusmsg="no addrs")
	b, _ := goscapy.NewDHCPv6().MsgType(layers.DHCPv6Reply).TrID(7).
		StatusCode(layers.DHCPv6StatusNoAddrsAvail, "no addrs").Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 07000007000d000a00026e6f206164647273
}

func ExampleDHCPv6Solicit() {
	// A Solicit from the link-local address of the MAC (EUI-64) to ff02::1:2.
	// Scapy: Ether(src="02:00:00:00:00:01", dst="33:33:00:01:00:02")/IPv6(src="fe80::ff:fe00:1",
	//   dst="ff02::1:2")/UDP(sport=546, dport=547)/DHCP6_Solicit(trid=0xabcdef)/
	//   DHCP6OptClientId(duid=DUID_LL(lladdr="02:00:00:00:00:01"))/DHCP6OptIA_NA(iaid=7, T1=0, T2=0)/
	//   DHCP6OptOptReq(reqopts=[23, 24])/DHCP6OptElapsedTime()
	b, err := goscapy.DHCPv6Solicit("02:00:00:00:00:01", 0xabcdef, 7)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p, len(b))
	fmt.Printf("%x\n", b[62:])
	// Output:
	// Ethernet / IPv6 / UDP / DHCPv6 SOLICIT / DHCP6OptClientId / DHCP6OptIA_NA / DHCP6OptOptReq / DHCP6OptElapsedTime 110
	// 01abcdef0001000a000300010200000000010003000c0000000700000000000000000006000400170018000800020000
}
