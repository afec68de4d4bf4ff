package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewBGP() {
	// Scapy's BGPHeader() is a KEEPALIVE: the all-ones marker, length 19, type 4.
	b, _ := goscapy.NewBGP().Build()
	fmt.Printf("%x\n", b)
	// Output:
	// ffffffffffffffffffffffffffffffff001304
}

func ExampleNewBGPKeepAlive() {
	k := goscapy.NewBGPKeepAlive()
	b, _ := k.Build()
	fmt.Println(k.Layer().Summary(), len(b))
	// Output:
	// BGP KEEPALIVE 19
}

func ExampleNewBGPOpen() {
	// Scapy (scapy.contrib.bgp): BGPHeader(type=1)/BGPOpen(my_as=65001, hold_time=90, bgp_id="192.0.2.1",
	//   opt_params=[BGPOptParam(param_type=2, param_value=BGPCapMultiprotocol(afi=1, safi=1)),
	//               BGPOptParam(param_type=2, param_value=BGPCapFourBytesASN(asn=65001))])
	open := goscapy.NewBGPOpen().MyAS(65001).HoldTime(90).BGPID("192.0.2.1").
		Capabilities(layers.BGPCapMP(layers.BGPAFIIPv4, layers.BGPSAFIUnicast)).
		Capabilities(layers.BGPCapAS4(65001))
	b, err := open.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(open.Layer().Summary())
	fmt.Printf("%x\n", b)
	// Output:
	// BGP OPEN
	// ffffffffffffffffffffffffffffffff002d0104fde9005ac0000201100206010400010001020641040000fde9
}

func ExampleNewBGPUpdate() {
	// Scapy: BGPHeader(type=2)/BGPUpdate(path_attr=[
	//   BGPPathAttr(type_flags="Transitive", type_code="ORIGIN", attribute=BGPPAOrigin(origin="IGP")),
	//   BGPPathAttr(type_flags="Transitive", type_code="AS_PATH", attribute=BGPPAAS4BytesPath(
	//     segments=[BGPPAAS4BytesPath.ASPathSegment(segment_type="AS_SEQUENCE", segment_value=[65001])])),
	//   BGPPathAttr(type_flags="Transitive", type_code="NEXT_HOP", attribute=BGPPANextHop(next_hop="192.0.2.1"))],
	//   nlri=[BGPNLRI_IPv4(prefix="198.51.100.0/24")])
	u := goscapy.NewBGPUpdate().Origin(layers.BGPOriginIGP).ASPath(65001).NextHop("192.0.2.1").
		NLRI("198.51.100.0/24")
	b, err := u.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%x\n", b)
	// Output:
	// ffffffffffffffffffffffffffffffff002f02000000144001010040020602010000fde9400304c000020118c63364
}

func ExampleNewBGPNotification() {
	// Cease, administrative shutdown, with a message.
	// Scapy: BGPHeader(type=3)/BGPNotification(error_code=6, error_subcode=2, data=b"bye")
	b, _ := goscapy.NewBGPNotification(6, 2).Data([]byte("bye")).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// ffffffffffffffffffffffffffffffff0018030602627965
}

func ExampleNewBGPRouteRefresh() {
	// Scapy: BGPHeader(type=5)/BGPRouteRefresh(afi=2, safi=1)
	b, _ := goscapy.NewBGPRouteRefresh(layers.BGPAFIIPv6, layers.BGPSAFIUnicast).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// ffffffffffffffffffffffffffffffff00170500020001
}

func ExampleBGPSegment() {
	// An OPEN and a KEEPALIVE in one TCP segment, as a speaker writes them.
	// Scapy: IP(src="192.0.2.2", dst="192.0.2.1")/TCP(sport=40000, dport=179, flags="PA", seq=1, ack=1)/
	//        BGPHeader(type=1, len=29)/BGPOpen(my_as=65001, hold_time=90, bgp_id="192.0.2.1")/BGPHeader()
	// (Scapy needs the OPEN's length given: it would count the KEEPALIVE in it.)
	b, err := goscapy.BGPSegment("192.0.2.2", "192.0.2.1", 40000, layers.BGPPort, 1, 1,
		goscapy.NewBGPOpen().MyAS(65001).HoldTime(90).BGPID("192.0.2.1"),
		goscapy.NewBGPKeepAlive())
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv4Type)
	fmt.Println(p)
	fmt.Printf("%x\n", b[20:40])
	// Output:
	// IP / TCP / BGP / BGP KEEPALIVE
	// 9c4000b30000000100000001501820009a380000
}

func ExampleBGPBuilder_MPReach() {
	// IPv6 routes go in MP_REACH_NLRI and MP_UNREACH_NLRI.
	// Scapy: BGPHeader(type=2)/BGPUpdate(path_attr=[
	//   BGPPathAttr(type_flags="Optional", type_code="MP_REACH_NLRI", attribute=BGPPAMPReachNLRI(
	//     afi=2, safi=1, nh_addr_len=16, nh_v6_addr="2001:db8::1", nlri=[BGPNLRI_IPv6(prefix="2001:db8:100::/40")])),
	//   BGPPathAttr(type_flags="Optional", type_code="MP_UNREACH_NLRI", attribute=BGPPAMPUnreachNLRI(
	//     afi=2, safi=1, afi_safi_specific=BGPPAMPUnreachNLRI_IPv6(withdrawn_routes=[BGPNLRI_IPv6(prefix="2001:db8:200::/48")])))])
	b, err := goscapy.NewBGPUpdate().
		MPReach(layers.BGPAFIIPv6, layers.BGPSAFIUnicast, []any{"2001:db8::1"}, "2001:db8:100::/40").
		MPUnreach(layers.BGPAFIIPv6, layers.BGPSAFIUnicast, "2001:db8:200::/48").Build()
	fmt.Printf("%x %v\n", b[19:], err)
	// Output:
	// 0000002b800e1b0002011020010db8000000000000000000000001002820010db801800f0a0002013020010db80200 <nil>
}

func ExampleBGPBuilder_Withdraw() {
	// Scapy: BGPHeader(type=2)/BGPUpdate(withdrawn_routes=[BGPNLRI_IPv4(prefix="10.9.0.0/16")])
	b, _ := goscapy.NewBGPUpdate().Withdraw("10.9.0.0/16").Build()
	fmt.Printf("%x\n", b)
	// A bad prefix is reported by Build.
	_, err := goscapy.NewBGPUpdate().NLRI("10.0.0.0/33").Build()
	fmt.Println(err != nil)
	// Output:
	// ffffffffffffffffffffffffffffffff001a020003100a090000
	// true
}

func ExampleBGPBuilder_Communities() {
	// Attributes in the order of the calls; communities are AS<<16 | value.
	// Scapy: BGPHeader(type=2)/BGPUpdate(path_attr=[
	//   BGPPathAttr(type_flags="Optional", type_code="MULTI_EXIT_DISC", attribute=BGPPAMultiExitDisc(med=100)),
	//   BGPPathAttr(type_flags="Transitive", type_code="LOCAL_PREF", attribute=BGPPALocalPref(local_pref=200)),
	//   BGPPathAttr(type_flags="Optional+Transitive", type_code="COMMUNITY", attribute=BGPPACommunity(community=0xfde90064))])
	b, _ := goscapy.NewBGPUpdate().MED(100).LocalPref(200).Communities(65001<<16 | 100).Build()
	fmt.Printf("%x\n", b[19:])
	// Output:
	// 0000001580040400000064400504000000c8c00804fde90064
}

func ExampleBGPBuilder_Len() {
	// A value that was set is kept, here a wrong length.
	// Scapy: BGPHeader(len=100)
	b, _ := goscapy.NewBGPKeepAlive().Len(100).Build()
	fmt.Printf("%x\n", b[16:])
	// Output:
	// 006404
}
