package goscapy_test

import (
	"bytes"
	"fmt"
	"net/netip"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewNDPRouterSolicitation() {
	// Scapy: IPv6(src="fe80::1", dst="ff02::2", hlim=255)/ICMPv6ND_RS()/
	//        ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:01")
	b, err := goscapy.NewIPv6().SrcIP("fe80::1").DstIP("ff02::2").HopLimit(255).
		Over(goscapy.NewNDPRouterSolicitation()).
		Over(goscapy.NewNDPOptSrcLLAddr("02:00:00:00:00:01")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv6Type)
	fmt.Println(p.Summary())
	hexRows(b[40:])
	// Output:
	// IPv6 / ICMPv6 / ICMPv6 Neighbor Discovery Option - Source Link-Layer Address 02:00:00:00:00:01
	// 85 00 7a 2c 00 00 00 00 01 01 02 00 00 00 00 01
}

func ExampleNewNDPRouterAdvertisement() {
	// Scapy: IPv6(src="fe80::1", dst="ff02::1", hlim=255)/ICMPv6ND_RA(chlim=64, M=1, O=1, prf=3,
	//            routerlifetime=600, reachabletime=30000, retranstimer=1000)/
	//        ICMPv6NDOptPrefixInfo(prefix="2001:db8:1::", validlifetime=86400, preferredlifetime=14400)/
	//        ICMPv6NDOptMTU(mtu=1500)/ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:01")
	b, err := goscapy.NewIPv6().SrcIP("fe80::1").DstIP("ff02::1").HopLimit(255).
		Over(goscapy.NewNDPRouterAdvertisement().CurHopLimit(64).Managed(true).Other(true).
			Preference(layers.NDPPrefLow).RouterLifetime(600).ReachableTime(30000).RetransTimer(1000)).
		Over(goscapy.NewNDPOptPrefixInfo("2001:db8:1::/64").
			Set("validlifetime", 86400).Set("preferredlifetime", 14400)).
		Over(goscapy.NewNDPOptMTU(1500)).
		Over(goscapy.NewNDPOptSrcLLAddr("02:00:00:00:00:01")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv6Type)
	fmt.Println(p.Summary())
	hexRows(b[40:56]) // the advertisement; the options follow
	// Output:
	// IPv6 / ICMPv6 / ICMPv6NDOptPrefixInfo / ICMPv6NDOptMTU / ICMPv6 Neighbor Discovery Option - Source Link-Layer Address 02:00:00:00:00:01
	// 86 00 b6 97 40 d8 02 58 00 00 75 30 00 00 03 e8
}

func ExampleNewNDPNeighborSolicitation() {
	// Scapy: IPv6(src="fe80::1", dst="ff02::1:ff00:2", hlim=255)/ICMPv6ND_NS(tgt="fe80::2")/
	//        ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:01")
	b, err := goscapy.NewIPv6().SrcIP("fe80::1").DstIP("ff02::1:ff00:2").HopLimit(255).
		Over(goscapy.NewNDPNeighborSolicitation("fe80::2")).
		Over(goscapy.NewNDPOptSrcLLAddr("02:00:00:00:00:01")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv6Type)
	fmt.Println(p.Summary())
	hexRows(b[40:])
	// Output:
	// IPv6 / ICMPv6 / ICMPv6 Neighbor Discovery Option - Source Link-Layer Address 02:00:00:00:00:01
	// 87 00 7a 97 00 00 00 00 fe 80 00 00 00 00 00 00
	// 00 00 00 00 00 00 00 02 01 01 02 00 00 00 00 01
}

func ExampleNewNDPNeighborAdvertisement() {
	// Scapy: IPv6(src="fe80::2", dst="fe80::1", hlim=255)/ICMPv6ND_NA(tgt="fe80::2", R=0, S=1)/
	//        ICMPv6NDOptDstLLAddr(lladdr="02:00:00:00:00:02")
	b, err := goscapy.NewIPv6().SrcIP("fe80::2").DstIP("fe80::1").HopLimit(255).
		Over(goscapy.NewNDPNeighborAdvertisement("fe80::2").Router(false).Solicited(true)).
		Over(goscapy.NewNDPOptDstLLAddr("02:00:00:00:00:02")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv6Type)
	fmt.Println(p.Summary())
	hexRows(b[40:])
	// Output:
	// IPv6 / ICMPv6 / ICMPv6 Neighbor Discovery Option - Destination Link-Layer Address 02:00:00:00:00:02
	// 88 00 18 1a 60 00 00 00 fe 80 00 00 00 00 00 00
	// 00 00 00 00 00 00 00 02 02 01 02 00 00 00 00 02
}

func ExampleNewNDPRedirect() {
	// Scapy: IPv6(src="fe80::1", dst="2001:db8::5", hlim=255)/
	//        ICMPv6ND_Redirect(tgt="fe80::9", dst="2001:db8:2::7")/ICMPv6NDOptDstLLAddr(lladdr="02:00:00:00:00:09")
	b, err := goscapy.NewIPv6().SrcIP("fe80::1").DstIP("2001:db8::5").HopLimit(255).
		Over(goscapy.NewNDPRedirect("fe80::9", "2001:db8:2::7")).
		Over(goscapy.NewNDPOptDstLLAddr("02:00:00:00:00:09")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv6Type)
	fmt.Println(p.Summary())
	hexRows(b[40:48])
	// Output:
	// IPv6 / ICMPv6 / ICMPv6 Neighbor Discovery Option - Destination Link-Layer Address 02:00:00:00:00:09
	// 89 00 19 ff 00 00 00 00
}

func ExampleNDPBuilder_Set() {
	// Scapy: ICMPv6ND_RA(H=1, routerlifetime=0)
	ra := goscapy.NewNDPRouterAdvertisement().Set("H", 1).RouterLifetime(0)
	if err := ra.Err(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ra.Layer().Summary())
	// Output:
	// ICMPv6 Router Advertisement Lifetime 0 Hop Limit 0 Preference High Managed 0 Other 0 Home 1
}

func ExampleNewNDPOption() {
	// Any option layer, here a home agent information option.
	// Scapy: ICMPv6NDOptHAInfo(pref=1, lifetime=100)
	b, err := goscapy.NewNDPOption(&layers.NDOptHAInfo{Type: 8, Len: 1}).
		Set("pref", 1).Set("lifetime", 100).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b)
	// Output:
	// 08 01 00 00 00 01 00 64
}

func ExampleNDPOptionBuilder_Set() {
	// Scapy: ICMPv6NDOptPrefixInfo(prefix="2001:db8:1::", L=0, validlifetime=600)
	b, err := goscapy.NewNDPOptPrefixInfo("2001:db8:1::/64").Set("L", 0).Set("validlifetime", 600).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b)
	// Output:
	// 03 04 40 40 00 00 02 58 ff ff ff ff 00 00 00 00
	// 20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 00
}

func ExampleNewNDPOptSrcLLAddr() {
	// Scapy: ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:01")
	b, _ := goscapy.NewNDPOptSrcLLAddr("02:00:00:00:00:01").Build()
	hexRows(b)
	// Output:
	// 01 01 02 00 00 00 00 01
}

func ExampleNewNDPOptDstLLAddr() {
	// Scapy: ICMPv6NDOptDstLLAddr(lladdr="02:00:00:00:00:02")
	b, _ := goscapy.NewNDPOptDstLLAddr("02:00:00:00:00:02").Build()
	hexRows(b)
	// Output:
	// 02 01 02 00 00 00 00 02
}

func ExampleNewNDPOptPrefixInfo() {
	// Scapy: ICMPv6NDOptPrefixInfo(prefix="2001:db8:1::")
	b, _ := goscapy.NewNDPOptPrefixInfo("2001:db8:1::/64").Build()
	hexRows(b)
	// Output:
	// 03 04 40 c0 ff ff ff ff ff ff ff ff 00 00 00 00
	// 20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 00
}

func ExampleNewNDPOptRouteInfo() {
	// Scapy: ICMPv6NDOptRouteInfo(prefix="2001:db8:2::", plen=48, prf=1)
	b, _ := goscapy.NewNDPOptRouteInfo("2001:db8:2::/48").Set("prf", 1).Build()
	hexRows(b)
	// Output:
	// 18 03 30 08 ff ff ff ff 20 01 0d b8 00 02 00 00
	// 00 00 00 00 00 00 00 00
}

func ExampleNewNDPOptMTU() {
	// Scapy: ICMPv6NDOptMTU(mtu=1500)
	b, _ := goscapy.NewNDPOptMTU(1500).Build()
	hexRows(b)
	// Output:
	// 05 01 00 00 00 00 05 dc
}

func ExampleNewNDPOptRDNSS() {
	// Scapy: ICMPv6NDOptRDNSS(dns=["2001:db8::53", "2001:db8::54"], lifetime=600)
	b, _ := goscapy.NewNDPOptRDNSS("2001:db8::53", "2001:db8::54").Set("lifetime", 600).Build()
	hexRows(b)
	// Output:
	// 19 05 00 00 00 00 02 58 20 01 0d b8 00 00 00 00
	// 00 00 00 00 00 00 00 53 20 01 0d b8 00 00 00 00
	// 00 00 00 00 00 00 00 54
}

func ExampleNewNDPOptDNSSL() {
	// Scapy: ICMPv6NDOptDNSSL(searchlist=["lab.test", "example.com"], lifetime=600)
	b, _ := goscapy.NewNDPOptDNSSL("lab.test", "example.com").Set("lifetime", 600).Build()
	hexRows(b)
	// Output:
	// 1f 04 00 00 00 00 02 58 03 6c 61 62 04 74 65 73
	// 74 00 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00
}

func ExampleNewNDPOptRedirectedHdr() {
	// The start of the packet redirected, cut to a multiple of 8 bytes.
	// Scapy: ICMPv6NDOptRedirectedHdr(pkt=IPv6(src="2001:db8::5", dst="2001:db8:2::7")/
	//                                     ICMPv6EchoRequest(id=1, seq=1)/Raw(b"x"*20))
	orig, _ := goscapy.NewIPv6().SrcIP("2001:db8::5").DstIP("2001:db8:2::7").
		Over(goscapy.NewICMPv6().ID(1).Seq(1)).Over(goscapy.NewRaw(bytes.Repeat([]byte("x"), 20))).Build()
	b, _ := goscapy.NewNDPOptRedirectedHdr(orig).Build()
	fmt.Println(len(orig), len(b))
	hexRows(b[:16])
	// Output:
	// 68 72
	// 04 09 00 00 00 00 00 00 60 00 00 00 00 1c 3a 40
}

func ExampleNewMLDQuery() {
	// Scapy: IPv6(src="fe80::1", dst="ff02::1", hlim=1)/ICMPv6MLQuery()
	b, err := goscapy.NewIPv6().SrcIP("fe80::1").DstIP("ff02::1").HopLimit(1).
		Over(goscapy.NewMLDQuery("::")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv6Type)
	fmt.Println(p.Summary())
	hexRows(b[40:])
	// Output:
	// IPv6 / ICMPv6 MLD Query (::)
	// 82 00 59 17 27 10 00 00 00 00 00 00 00 00 00 00
	// 00 00 00 00 00 00 00 00
}

func ExampleNewMLDReport() {
	// Scapy: IPv6(src="fe80::1", dst="ff02::1:ff00:1", hlim=1)/ICMPv6MLReport(mladdr="ff02::1:ff00:1")
	b, err := goscapy.NewIPv6().SrcIP("fe80::1").DstIP("ff02::1:ff00:1").HopLimit(1).
		Over(goscapy.NewMLDReport("ff02::1:ff00:1")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[40:])
	// Output:
	// 83 00 82 1f 00 00 00 00 ff 02 00 00 00 00 00 00
	// 00 00 00 01 ff 00 00 01
}

func ExampleNewMLDDone() {
	// Scapy: IPv6(src="fe80::1", dst="ff02::2", hlim=1)/ICMPv6MLDone(mladdr="ff02::1:ff00:1")
	b, err := goscapy.NewIPv6().SrcIP("fe80::1").DstIP("ff02::2").HopLimit(1).
		Over(goscapy.NewMLDDone("ff02::1:ff00:1")).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[40:])
	// Output:
	// 84 00 80 20 00 00 00 00 ff 02 00 00 00 00 00 00
	// 00 00 00 01 ff 00 00 01
}

func ExampleNewMLDv2Query() {
	// Scapy: IPv6(src="fe80::1", dst="ff02::1", hlim=1)/IPv6ExtHdrHopByHop(options=[RouterAlert()])/
	//        ICMPv6MLQuery2(mladdr="ff02::db8", sources=["2001:db8::1", "2001:db8::2"], S=1, QRV=2, QQIC=125)
	b, err := goscapy.NewIPv6().SrcIP("fe80::1").DstIP("ff02::1").HopLimit(1).
		Over(goscapy.NewIPv6ExtHopByHop().RouterAlert(0)).
		Over(goscapy.NewMLDv2Query("ff02::db8", "2001:db8::1", "2001:db8::2").
			SuppressRouterSide(true).QRV(2).QQIC(125)).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.DissectAs(b, layers.IPv6Type)
	fmt.Println(p.Summary())
	hexRows(b[48:76]) // the query up to its source count
	// Output:
	// IPv6 / IPv6ExtHdrHopByHop / ICMPv6 MLDv2 Query (ff02::db8)
	// 82 00 e6 43 27 10 00 00 ff 02 00 00 00 00 00 00
	// 00 00 00 00 00 00 0d b8 0a 7d 00 02
}

func ExampleNewMLDv2Report() {
	// Scapy: IPv6(src="fe80::1", dst="ff02::16", hlim=1)/IPv6ExtHdrHopByHop(options=[RouterAlert()])/
	//        ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(rtype=4, dst="ff02::1:ff00:1")])
	rec := layers.NewMLDv2Record(netip.MustParseAddr("ff02::1:ff00:1"))
	rec.Type = layers.MLDv2ChangeToExclude
	b, err := goscapy.NewIPv6().SrcIP("fe80::1").DstIP("ff02::16").HopLimit(1).
		Over(goscapy.NewIPv6ExtHopByHop().RouterAlert(0)).
		Over(goscapy.NewMLDv2Report(rec)).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[48:])
	// Output:
	// 8f 00 71 07 00 00 00 01 04 00 00 00 ff 02 00 00
	// 00 00 00 00 00 00 00 01 ff 00 00 01
}

func ExampleNeighborSolicitation() {
	// Scapy: Ether(src="02:00:00:00:00:01", dst="33:33:ff:00:00:02")/
	//        IPv6(src="fe80::1", dst="ff02::1:ff00:2", hlim=255)/ICMPv6ND_NS(tgt="fe80::2")/
	//        ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:01")
	s := goscapy.NeighborSolicitation("02:00:00:00:00:01", "fe80::1", "fe80::2")
	b, err := s.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p.Summary())
	hexRows(b[:14])
	// Output:
	// Ethernet / IPv6 / ICMPv6 / ICMPv6 Neighbor Discovery Option - Source Link-Layer Address 02:00:00:00:00:01
	// 33 33 ff 00 00 02 02 00 00 00 00 01 86 dd
}

func ExampleEtherIPv6NS() {
	// Duplicate address detection: from ::, without the source link-layer address option.
	// Scapy: Ether(src="02:00:00:00:00:01", dst="33:33:ff:aa:bb:cc")/
	//        IPv6(src="::", dst="ff02::1:ffaa:bbcc", hlim=255)/ICMPv6ND_NS(tgt="2001:db8::1:22aa:bbcc")
	b, err := goscapy.EtherIPv6NS("02:00:00:00:00:01", "::", "2001:db8::1:22aa:bbcc")
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p.Summary())
	fmt.Println(len(b))
	hexRows(b[:14])
	hexRows(b[54:])
	// Output:
	// Ethernet / IPv6 / ICMPv6 Neighbor Solicitation (tgt: 2001:db8::1:22aa:bbcc)
	// 78
	// 33 33 ff aa bb cc 02 00 00 00 00 01 86 dd
	// 87 00 b2 00 00 00 00 00 20 01 0d b8 00 00 00 00
	// 00 00 00 01 22 aa bb cc
}

func ExampleMLDBuilder_MRD() {
	// A multicast-address-specific query answered within 1 s.
	// Scapy: IPv6(src="fe80::1", dst="ff02::1:ff00:1", hlim=1)/ICMPv6MLQuery(mladdr="ff02::1:ff00:1", mrd=1000)
	b, err := goscapy.NewIPv6().SrcIP("fe80::1").DstIP("ff02::1:ff00:1").HopLimit(1).
		Over(goscapy.NewMLDQuery("ff02::1:ff00:1").MRD(1000)).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	hexRows(b[40:])
	// Output:
	// 82 00 7f 37 03 e8 00 00 ff 02 00 00 00 00 00 00
	// 00 00 00 01 ff 00 00 01
}
