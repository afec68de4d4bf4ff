package goscapy_test

import (
	"fmt"
	"net/netip"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewLLDP() {
	// Scapy (load_contrib("lldp")): Ether(src="02:00:00:00:00:01", dst="01:80:c2:00:00:0e")/
	//        LLDPDUChassisID(subtype=4, id="02:00:00:00:00:01")/LLDPDUPortID(subtype=5, id="eth0")/
	//        LLDPDUTimeToLive(ttl=120)/LLDPDUSystemName(system_name="sw1")/LLDPDUEndOfLLDPDU()
	b, err := goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC(layers.LLDPMulticast).
		Over(goscapy.NewLLDP().ChassisMAC("02:00:00:00:00:01").PortName("eth0").TTL(120).
			SystemName("sw1").End()).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p.Summary())
	hexRows(b[14:])
	// Output:
	// Ethernet / LLDP chassis 02:00:00:00:00:01 port eth0 ttl 120
	// 02 07 04 02 00 00 00 00 01 04 05 05 65 74 68 30
	// 06 02 00 78 0a 03 73 77 31 00 00
}

func ExampleLLDPBuilder_ManagementAddress() {
	// Scapy (load_contrib("lldp")): LLDPDUChassisID(subtype=7, id="chassis-7")/
	//        LLDPDUPortID(subtype=3, id="02:00:00:00:00:02")/LLDPDUTimeToLive(ttl=20)/
	//        LLDPDUSystemCapabilities(mac_bridge_available=1, router_available=1, router_enabled=1)/
	//        LLDPDUManagementAddress(management_address_subtype=1, management_address=b"\xc0\x00\x02\x01",
	//                                interface_numbering_subtype=2, interface_number=3)/LLDPDUEndOfLLDPDU()
	b, err := goscapy.NewLLDP().ChassisName("chassis-7").PortMAC("02:00:00:00:00:02").TTL(20).
		SystemCapabilities(layers.LLDPCapBridge|layers.LLDPCapRouter, layers.LLDPCapRouter).
		ManagementAddress("192.0.2.1", 3).End().
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b)
	// Output:
	// 02 0a 07 63 68 61 73 73 69 73 2d 37 04 07 03 02
	// 00 00 00 00 02 06 02 00 14 0e 04 00 14 00 10 10
	// 0c 05 01 c0 00 02 01 02 00 00 00 03 00 00 00
}

func ExampleLLDPBuilder_OrgSpecific() {
	// An IEEE 802.1 port VLAN ID TLV.
	// Scapy (load_contrib("lldp")): LLDPDUGenericOrganisationSpecific(org_code=0x0080c2, subtype=1, data=b"\x00\x0a")
	b, _ := goscapy.NewLLDP().OrgSpecific(0x0080c2, 1, []byte{0, 10}).Build()
	hexRows(b)
	// Output:
	// fe 06 00 80 c2 01 00 0a
}

func ExampleEtherLLDP() {
	// Padded to 60 bytes, as Scapy's LLDPDU does.
	// Scapy (load_contrib("lldp")): Ether(src="02:00:00:00:00:01", dst="01:80:c2:00:00:0e")/
	//        LLDPDUChassisID(subtype=4, id="02:00:00:00:00:01")/LLDPDUPortID(subtype=5, id="eth0")/
	//        LLDPDUTimeToLive(ttl=120)/LLDPDUSystemName(system_name="sw1")/LLDPDUEndOfLLDPDU()
	b, err := goscapy.EtherLLDP("02:00:00:00:00:01", "eth0", 120, "sw1")
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p.Summary())
	fmt.Println(len(b))
	hexRows(b[14:])
	// Output:
	// Ethernet / LLDP chassis 02:00:00:00:00:01 port eth0 ttl 120 / Padding
	// 60
	// 02 07 04 02 00 00 00 00 01 04 05 05 65 74 68 30
	// 06 02 00 78 0a 03 73 77 31 00 00 00 00 00 00 00
	// 00 00 00 00 00 00 00 00 00 00 00 00 00 00
}

func ExampleNewOSPF() {
	// Scapy (load_contrib("ospf")): IP(src="10.0.0.1", dst="224.0.0.5", ttl=1, tos=0xc0)/
	//        OSPF_Hdr(src="10.0.0.1", area="0.0.0.1")/OSPF_Hello(router="10.0.0.1", backup="10.0.0.2",
	//        neighbors=["2.2.2.2", "3.3.3.3"], options=0x02, prio=10)
	b, err := goscapy.NewIP().SrcIP("10.0.0.1").DstIP(layers.OSPFAllSPFRouters).TTL(1).TOS(0xc0).
		Over(goscapy.NewOSPF().Src("10.0.0.1").Area("0.0.0.1")).
		Over(goscapy.NewOSPFHello().Router("10.0.0.1").Backup("10.0.0.2").
			Neighbors("2.2.2.2", "3.3.3.3").Options(0x02).Prio(10)).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	hexRows(b[20:44]) // the OSPF header: type, length and checksum computed
	// Output:
	// IP / OSPFv2 Hello 10.0.0.1 area 0.0.0.1 / OSPF_Hello
	// 02 01 00 34 0a 00 00 01 00 00 00 01 d4 7e 00 00
	// 00 00 00 00 00 00 00 00
}

func ExampleOSPFBuilder_CryptoAuth() {
	// Scapy (load_contrib("ospf")): IP(src="10.0.0.1", dst="224.0.0.5")/
	//        OSPF_Hdr(authtype=2, keyid=5, authdatalen=16, seq=100)/OSPF_Hello()
	b, _ := goscapy.NewIP().SrcIP("10.0.0.1").DstIP("224.0.0.5").
		Over(goscapy.NewOSPF().CryptoAuth(5, 16, 100)).
		Over(goscapy.NewOSPFHello()).Build()
	hexRows(b[20:44])
	// Output:
	// 02 01 00 2c 01 01 01 01 00 00 00 00 00 00 00 02
	// 00 00 05 10 00 00 00 64
}

func ExampleOSPFBuilder_AuthData() {
	// Simple password authentication.
	// Scapy (load_contrib("ospf")): IP(src="10.0.0.1", dst="224.0.0.5")/
	//        OSPF_Hdr(authtype=1, authdata=0x70617373776f7264)/OSPF_Hello()
	b, _ := goscapy.NewIP().SrcIP("10.0.0.1").DstIP("224.0.0.5").
		Over(goscapy.NewOSPF().AuthType(layers.OSPFAuthSimple).AuthData(0x70617373776f7264)).
		Over(goscapy.NewOSPFHello()).Build()
	hexRows(b[20:44])
	// Output:
	// 02 01 00 2c 01 01 01 01 00 00 00 00 fc 9b 00 01
	// 70 61 73 73 77 6f 72 64
}

func ExampleNewOSPFHello() {
	// Scapy (load_contrib("ospf")): OSPF_Hello(hellointerval=5, deadinterval=20, mask="255.255.255.252")
	b, err := goscapy.NewOSPFHello().HelloInterval(5).DeadInterval(20).Mask("255.255.255.252").Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b)
	// Output:
	// ff ff ff fc 00 05 00 01 00 00 00 14 00 00 00 00
	// 00 00 00 00
}

func ExampleNewOSPFDBDesc() {
	// Scapy (load_contrib("ospf")): IP(src="10.0.0.1", dst="10.0.0.2")/OSPF_Hdr(src="1.1.1.1")/
	//        OSPF_DBDesc(dbdescr=0x07, ddseq=1234, options=0x42, lsaheaders=[OSPF_LSA_Hdr()])
	b, err := goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").
		Over(goscapy.NewOSPF().Src("1.1.1.1")).
		Over(goscapy.NewOSPFDBDesc().DBDescr(0x07).DDSeq(1234).Options(0x42).
			LSAHeaders(layers.NewOSPFLSAHdr())).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	hexRows(b[44:])
	// Output:
	// IP / OSPFv2 DBDesc 1.1.1.1 area 0.0.0.0 / OSPF_DBDesc
	// 05 dc 42 07 00 00 04 d2 00 01 00 01 c0 a8 00 00
	// 01 01 01 01 80 00 00 01 00 00 00 24
}

func ExampleNewOSPFLSReq() {
	// Scapy (load_contrib("ospf")): IP(src="10.0.0.1", dst="10.0.0.2")/OSPF_Hdr()/
	//        OSPF_LSReq(requests=[OSPF_LSReq_Item(type=2, id="10.0.0.1", adrouter="2.2.2.2")])
	b, err := goscapy.NewIP().SrcIP("10.0.0.1").DstIP("10.0.0.2").
		Over(goscapy.NewOSPF()).
		Over(goscapy.NewOSPFLSReq().Request(2, "10.0.0.1", "2.2.2.2")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[20:])
	// Output:
	// 02 03 00 24 01 01 01 01 00 00 00 00 ed cf 00 00
	// 00 00 00 00 00 00 00 00 00 00 00 02 0a 00 00 01
	// 02 02 02 02
}

func ExampleNewOSPFLSUpd() {
	// Scapy (load_contrib("ospf")): IP(src="10.0.0.1", dst="224.0.0.5")/OSPF_Hdr()/
	//        OSPF_LSUpd(lsalist=[OSPF_Router_LSA(flags=0x02, linklist=[
	//            OSPF_Link(id="10.0.0.0", data="255.255.255.0", type=3, metric=10)])])
	ip := netip.MustParseAddr
	lsa := layers.OSPFRouterLSA(ip("1.1.1.1"), ip("1.1.1.1"), 0x02,
		layers.OSPFLink{ID: ip("10.0.0.0"), Data: ip("255.255.255.0"), Type: 3, Metric: 10})
	b, err := goscapy.NewIP().SrcIP("10.0.0.1").DstIP("224.0.0.5").
		Over(goscapy.NewOSPF()).
		Over(goscapy.NewOSPFLSUpd().LSAs(lsa)).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[44:]) // LSA count, then the LSA with its length and Fletcher checksum
	// Output:
	// 00 00 00 01 00 01 00 01 01 01 01 01 01 01 01 01
	// 80 00 00 01 9d 99 00 24 02 00 00 01 0a 00 00 00
	// ff ff ff 00 03 00 00 0a
}

func ExampleNewOSPFLSAck() {
	// Scapy (load_contrib("ospf")): IP(src="10.0.0.1", dst="224.0.0.5")/OSPF_Hdr(src="3.3.3.3")/
	//        OSPF_LSAck(lsaheaders=[OSPF_LSA_Hdr(type=5, id="10.1.0.0", adrouter="2.2.2.2",
	//                   seq=0x80000003, chksum=0xabcd, len=36)])
	h := layers.NewOSPFLSAHdr()
	h.Type, h.ID, h.AdRouter = 5, netip.MustParseAddr("10.1.0.0"), netip.MustParseAddr("2.2.2.2")
	h.Seq, h.Chksum, h.Len = 0x80000003, 0xabcd, 36
	b, err := goscapy.NewIP().SrcIP("10.0.0.1").DstIP("224.0.0.5").
		Over(goscapy.NewOSPF().Src("3.3.3.3")).
		Over(goscapy.NewOSPFLSAck().LSAHeaders(h)).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[20:])
	// Output:
	// 02 05 00 2c 03 03 03 03 00 00 00 00 bd c8 00 00
	// 00 00 00 00 00 00 00 00 00 01 00 05 0a 01 00 00
	// 02 02 02 02 80 00 00 03 ab cd 00 24
}

func ExampleOSPFHelloPacket() {
	// Scapy (load_contrib("ospf")): IP(src="10.0.0.1", dst="224.0.0.5", ttl=1, tos=0xc0)/
	//        OSPF_Hdr(src="10.0.0.1", area="0.0.0.0")/OSPF_Hello(neighbors=["10.0.0.2"])
	b, err := goscapy.OSPFHelloPacket("10.0.0.1", "10.0.0.1", "0.0.0.0", "10.0.0.2")
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p.Summary())
	hexRows(b)
	// Output:
	// IP / OSPFv2 Hello 10.0.0.1 area 0.0.0.0 / OSPF_Hello
	// 45 c0 00 44 00 01 00 00 01 59 ce 9a 0a 00 00 01
	// e0 00 00 05 02 01 00 30 0a 00 00 01 00 00 00 00
	// ea 97 00 00 00 00 00 00 00 00 00 00 ff ff ff 00
	// 00 0a 00 01 00 00 00 28 00 00 00 00 00 00 00 00
	// 0a 00 00 02
}
