package layers_test

import (
	"bytes"
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// ndpFrames are real neighbor discovery frames (see v6Frame; values read
// by tshark 4, list fields comma-separated, search list names with their
// final dot as Scapy writes them).
var ndpFrames = []v6Frame{
	{name: "ndp-icmp.pcap#7", stack: "Ethernet/IPv6/ICMPv6/ICMPv6NDOptSrcLLAddr", // router solicitation
		want: map[string]string{"IPv6#1.plen": "16", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "fe80::ff:fe09:1", "IPv6#1.dst": "ff02::2", "ICMPv6#1.type": "133", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x7b1a", "ICMPv6NDOptSrcLLAddr#1.type": "1", "ICMPv6NDOptSrcLLAddr#1.len": "1", "ICMPv6NDOptSrcLLAddr#1.lladdr": "02:00:00:09:00:01"},
		hex: "33330000000202000009000186dd6000000000103afffe80000000000000000000fffe090001ff02000000000000000000000000000285007b1a000000000101" +
			"020000090001"},
	{name: "ndp-icmp.pcap#11", stack: "Ethernet/IPv6/ICMPv6", // router solicitation from ::
		want: map[string]string{"IPv6#1.plen": "8", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "fe80::ff:fe09:1", "IPv6#1.dst": "ff02::2", "ICMPv6#1.type": "133", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x7e2d"},
		hex:  "33330000000202000009000186dd600306cc00083afffe80000000000000000000fffe090001ff02000000000000000000000000000285007e2d00000000"},
	{name: "ndp-icmp.pcap#8", stack: "Ethernet/IPv6/ICMPv6/ICMPv6NDOptPrefixInfo/ICMPv6NDOptRouteInfo/ICMPv6NDOptRDNSS/ICMPv6NDOptDNSSL/ICMPv6NDOptMTU/ICMPv6NDOptSrcLLAddr", // router advertisement
		want: map[string]string{"IPv6#1.plen": "136", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "fe80::ff:fe09:e", "IPv6#1.dst": "fe80::ff:fe09:1", "ICMPv6#1.type": "134", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x727b", "ICMPv6#1.chlim": "64", "ICMPv6#1.routerlifetime": "30", "ICMPv6#1.reachabletime": "0", "ICMPv6#1.retranstimer": "0", "ICMPv6#1.M": "0", "ICMPv6#1.O": "0", "ICMPv6#1.H": "0", "ICMPv6#1.prf": "1", "ICMPv6#1.P": "0", "ICMPv6NDOptPrefixInfo#1.type": "3", "ICMPv6NDOptPrefixInfo#1.len": "4", "ICMPv6NDOptPrefixInfo#1.prefixlen": "64", "ICMPv6NDOptPrefixInfo#1.validlifetime": "3600", "ICMPv6NDOptPrefixInfo#1.preferredlifetime": "1800", "ICMPv6NDOptPrefixInfo#1.prefix": "2001:db8:90::", "ICMPv6NDOptPrefixInfo#1.L": "1", "ICMPv6NDOptPrefixInfo#1.A": "1", "ICMPv6NDOptPrefixInfo#1.R": "0", "ICMPv6NDOptRouteInfo#1.type": "24", "ICMPv6NDOptRouteInfo#1.len": "3", "ICMPv6NDOptRouteInfo#1.plen": "64", "ICMPv6NDOptRouteInfo#1.prefix": "2001:db8:91::", "ICMPv6NDOptRouteInfo#1.rtlifetime": "600", "ICMPv6NDOptRouteInfo#1.prf": "0", "ICMPv6NDOptRDNSS#1.type": "25", "ICMPv6NDOptRDNSS#1.len": "3", "ICMPv6NDOptRDNSS#1.lifetime": "600", "ICMPv6NDOptRDNSS#1.dns": "2001:db8:90::3", "ICMPv6NDOptDNSSL#1.type": "31", "ICMPv6NDOptDNSSL#1.len": "3", "ICMPv6NDOptDNSSL#1.lifetime": "600", "ICMPv6NDOptDNSSL#1.searchlist": "lab.test.", "ICMPv6NDOptMTU#1.type": "5", "ICMPv6NDOptMTU#1.len": "1", "ICMPv6NDOptMTU#1.mtu": "1500", "ICMPv6NDOptSrcLLAddr#1.type": "1", "ICMPv6NDOptSrcLLAddr#1.len": "1", "ICMPv6NDOptSrcLLAddr#1.lladdr": "02:00:00:09:00:0e"},
		hex: "02000009000102000009000e86dd6005a57000883afffe80000000000000000000fffe09000efe80000000000000000000fffe0900018600727b4008001e0000" +
			"000000000000030440c000000e10000007080000000020010db8009000000000000000000000180340000000025820010db80091000000000000000000001903" +
			"00000000025820010db80090000000000000000000031f03000000000258036c616204746573740000000000000005010000000005dc010102000009000e"},
	{name: "ndp-icmp.pcap#4", stack: "Ethernet/IPv6/ICMPv6/Raw", // duplicate address detection: a nonce option stays Raw, as in Scapy
		want: map[string]string{"IPv6#1.plen": "32", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "::", "IPv6#1.dst": "ff02::1:ff09:1", "ICMPv6#1.type": "135", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x21cd", "ICMPv6#1.tgt": "fe80::ff:fe09:1"},
		hex: "3333ff09000102000009000186dd6000000000203aff00000000000000000000000000000000ff0200000000000000000001ff090001870021cd00000000fe80" +
			"000000000000000000fffe0900010e013884e98a2b2e"},
	{name: "ndp-icmp.pcap#13", stack: "Ethernet/IPv6/ICMPv6/ICMPv6NDOptSrcLLAddr", // neighbor solicitation
		want: map[string]string{"IPv6#1.plen": "32", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "fe80::ff:fe09:1", "IPv6#1.dst": "ff02::1:ff00:3", "ICMPv6#1.type": "135", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x4bbb", "ICMPv6#1.tgt": "2001:db8:90::3", "ICMPv6NDOptSrcLLAddr#1.type": "1", "ICMPv6NDOptSrcLLAddr#1.len": "1", "ICMPv6NDOptSrcLLAddr#1.lladdr": "02:00:00:09:00:01"},
		hex: "3333ff00000302000009000186dd600f755600203afffe80000000000000000000fffe090001ff0200000000000000000001ff00000387004bbb000000002001" +
			"0db80090000000000000000000030101020000090001"},
	{name: "ndp-icmp.pcap#14", stack: "Ethernet/IPv6/ICMPv6/ICMPv6NDOptDstLLAddr", // neighbor advertisement
		want: map[string]string{"IPv6#1.plen": "32", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "2001:db8:90::3", "IPv6#1.dst": "fe80::ff:fe09:1", "ICMPv6#1.type": "136", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0xb975", "ICMPv6#1.tgt": "2001:db8:90::3", "ICMPv6#1.R": "0", "ICMPv6#1.S": "1", "ICMPv6#1.O": "1", "ICMPv6NDOptDstLLAddr#1.type": "2", "ICMPv6NDOptDstLLAddr#1.len": "1", "ICMPv6NDOptDstLLAddr#1.lladdr": "02:00:00:09:00:02"},
		hex: "02000009000102000009000286dd6000000000203aff20010db8009000000000000000000003fe80000000000000000000fffe0900018800b975600000002001" +
			"0db80090000000000000000000030201020000090002"},
	{name: "ndp-icmp.pcap#139", stack: "Ethernet/IPv6/ICMPv6", // neighbor advertisement without option
		want: map[string]string{"IPv6#1.plen": "24", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "fe80::ff:fe09:1", "IPv6#1.dst": "fe80::ff:fe09:e", "ICMPv6#1.type": "136", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x3eff", "ICMPv6#1.tgt": "fe80::ff:fe09:1", "ICMPv6#1.R": "0", "ICMPv6#1.S": "1", "ICMPv6#1.O": "0"},
		hex: "02000009000e02000009000186dd6000000000183afffe80000000000000000000fffe090001fe80000000000000000000fffe09000e88003eff40000000fe80" +
			"000000000000000000fffe090001"},
	{name: "ndp-icmp.pcap#156", stack: "Ethernet/IPv6/ICMPv6", // advertisement from a router
		want: map[string]string{"IPv6#1.plen": "24", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "2001:db8:90::1", "IPv6#1.dst": "fe80::ff:fe09:1", "ICMPv6#1.type": "136", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x5d8d", "ICMPv6#1.tgt": "2001:db8:90::1", "ICMPv6#1.R": "1", "ICMPv6#1.S": "1", "ICMPv6#1.O": "0"},
		hex: "02000009000102000009000e86dd6000000000183aff20010db8009000000000000000000001fe80000000000000000000fffe09000188005d8dc00000002001" +
			"0db8009000000000000000000001"},
	{name: "ndp-icmp.pcap#180", stack: "Ethernet/IPv6/ICMPv6/ICMPv6NDOptRedirectedHdr/IPv6/ICMPv6/Raw", // redirect: the redirected header quotes the packet
		want: map[string]string{"IPv6#1.plen": "152", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "fe80::ff:fe09:e", "IPv6#1.dst": "2001:db8:90::ff:fe09:1", "ICMPv6#1.type": "137", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0xc74e", "ICMPv6#1.tgt": "fe80::ff:fe09:2", "ICMPv6#1.dst": "2001:db8:92::3", "ICMPv6NDOptRedirectedHdr#1.type": "4", "ICMPv6NDOptRedirectedHdr#1.len": "14"},
		hex: "02000009000102000009000e86dd6000000000983afffe80000000000000000000fffe09000e20010db800900000000000fffe0900018900c74e00000000fe80" +
			"000000000000000000fffe09000220010db8009200000000000000000003040e000000000000600fb9f500403a4020010db800900000000000fffe0900012001" +
			"0db800920000000000000000000380003bb51f7200011faa086b00000000e0d3010000000000101112131415161718191a1b1c1d1e1f20212223242526272829" +
			"2a2b2c2d2e2f3031323334353637"},
	{name: "dhcpv6-ra.pcap#7", stack: "Ethernet/IPv6/ICMPv6/ICMPv6NDOptPrefixInfo/ICMPv6NDOptPrefixInfo/ICMPv6NDOptMTU/ICMPv6NDOptSrcLLAddr/ICMPv6NDOptDNSSL/ICMPv6NDOptRDNSS", // radvd
		want: map[string]string{"IPv6#1.plen": "176", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "fe80::94e3:fbff:fe6e:16a0", "IPv6#1.dst": "fe80::30cb:74ff:fe0c:fdcc", "ICMPv6#1.type": "134", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x04fc", "ICMPv6#1.chlim": "64", "ICMPv6#1.routerlifetime": "1800", "ICMPv6#1.reachabletime": "0", "ICMPv6#1.retranstimer": "0", "ICMPv6#1.M": "1", "ICMPv6#1.O": "1", "ICMPv6#1.H": "0", "ICMPv6#1.prf": "1", "ICMPv6#1.P": "0", "ICMPv6NDOptPrefixInfo#1.type": "3", "ICMPv6NDOptPrefixInfo#1.len": "4", "ICMPv6NDOptPrefixInfo#1.prefixlen": "64", "ICMPv6NDOptPrefixInfo#1.validlifetime": "7200", "ICMPv6NDOptPrefixInfo#1.preferredlifetime": "7200", "ICMPv6NDOptPrefixInfo#1.prefix": "2001:db8:99:13::", "ICMPv6NDOptPrefixInfo#1.L": "1", "ICMPv6NDOptPrefixInfo#1.A": "1", "ICMPv6NDOptPrefixInfo#1.R": "0", "ICMPv6NDOptPrefixInfo#2.type": "3", "ICMPv6NDOptPrefixInfo#2.len": "4", "ICMPv6NDOptPrefixInfo#2.prefixlen": "64", "ICMPv6NDOptPrefixInfo#2.validlifetime": "7200", "ICMPv6NDOptPrefixInfo#2.preferredlifetime": "7200", "ICMPv6NDOptPrefixInfo#2.prefix": "2001:db8:99:12::", "ICMPv6NDOptPrefixInfo#2.L": "1", "ICMPv6NDOptPrefixInfo#2.A": "0", "ICMPv6NDOptPrefixInfo#2.R": "0", "ICMPv6NDOptMTU#1.type": "5", "ICMPv6NDOptMTU#1.len": "1", "ICMPv6NDOptMTU#1.mtu": "1480", "ICMPv6NDOptSrcLLAddr#1.type": "1", "ICMPv6NDOptSrcLLAddr#1.len": "1", "ICMPv6NDOptSrcLLAddr#1.lladdr": "96:e3:fb:6e:16:a0", "ICMPv6NDOptDNSSL#1.type": "31", "ICMPv6NDOptDNSSL#1.len": "5", "ICMPv6NDOptDNSSL#1.lifetime": "7200", "ICMPv6NDOptDNSSL#1.searchlist": "example.org.,lab.example.org.", "ICMPv6NDOptRDNSS#1.type": "25", "ICMPv6NDOptRDNSS#1.len": "5", "ICMPv6NDOptRDNSS#1.lifetime": "7200", "ICMPv6NDOptRDNSS#1.dns": "2001:db8:99:12::53,2001:db8:99:12::54"},
		hex: "32cb740cfdcc96e3fb6e16a086dd6c0160ba00b03afffe8000000000000094e3fbfffe6e16a0fe8000000000000030cb74fffe0cfdcc860004fc40c807080000" +
			"000000000000030440c000001c2000001c200000000020010db80099001300000000000000000304408000001c2000001c200000000020010db8009900120000" +
			"00000000000005010000000005c8010196e3fb6e16a01f05000000001c20076578616d706c65036f726700036c6162076578616d706c65036f72670000001905" +
			"000000001c2020010db800990012000000000000005320010db8009900120000000000000054"},
	{name: "icmpv6-ra-pref64.pcap#1", stack: "Ethernet/IPv6/ICMPv6/ICMPv6NDOptSrcLLAddr/ICMPv6NDOptPrefixInfo/Raw", // PREF64 option stays Raw
		want: map[string]string{"IPv6#1.plen": "72", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "fe80::e015:81ff:feb4:b945", "IPv6#1.dst": "ff02::1", "ICMPv6#1.type": "134", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x15e8", "ICMPv6#1.chlim": "80", "ICMPv6#1.routerlifetime": "500", "ICMPv6#1.reachabletime": "0", "ICMPv6#1.retranstimer": "0", "ICMPv6#1.M": "0", "ICMPv6#1.O": "1", "ICMPv6#1.H": "0", "ICMPv6#1.prf": "0", "ICMPv6#1.P": "0", "ICMPv6NDOptSrcLLAddr#1.type": "1", "ICMPv6NDOptSrcLLAddr#1.len": "1", "ICMPv6NDOptSrcLLAddr#1.lladdr": "e2:15:81:b4:b9:45", "ICMPv6NDOptPrefixInfo#1.type": "3", "ICMPv6NDOptPrefixInfo#1.len": "4", "ICMPv6NDOptPrefixInfo#1.prefixlen": "64", "ICMPv6NDOptPrefixInfo#1.validlifetime": "3600", "ICMPv6NDOptPrefixInfo#1.preferredlifetime": "1800", "ICMPv6NDOptPrefixInfo#1.prefix": "2001:db8:cc:dd::", "ICMPv6NDOptPrefixInfo#1.L": "1", "ICMPv6NDOptPrefixInfo#1.A": "0", "ICMPv6NDOptPrefixInfo#1.R": "0"},
		hex: "333300000001e21581b4b94586dd6009fc7200483afffe80000000000000e01581fffeb4b945ff020000000000000000000000000001860015e8504001f40000" +
			"0000000000000101e21581b4b9450304408000000e10000007080000000020010db800cc00dd00000000000000002602000020010db800010064ff9b0000"},
	{name: "icmpv6_opt24.pcap#1", stack: "Ethernet/IPv6/ICMPv6/ICMPv6NDOptSrcLLAddr/ICMPv6NDOptMTU/ICMPv6NDOptPrefixInfo/ICMPv6NDOptRouteInfo/ICMPv6NDOptRDNSS/ICMPv6NDOptDNSSL",
		want: map[string]string{"IPv6#1.plen": "120", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "fe80::16cf:92ff:fe87:23d6", "IPv6#1.dst": "ff02::1", "ICMPv6#1.type": "134", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x6882", "ICMPv6#1.chlim": "0", "ICMPv6#1.routerlifetime": "0", "ICMPv6#1.reachabletime": "0", "ICMPv6#1.retranstimer": "0", "ICMPv6#1.M": "1", "ICMPv6#1.O": "1", "ICMPv6#1.H": "0", "ICMPv6#1.prf": "0", "ICMPv6#1.P": "0", "ICMPv6NDOptSrcLLAddr#1.type": "1", "ICMPv6NDOptSrcLLAddr#1.len": "1", "ICMPv6NDOptSrcLLAddr#1.lladdr": "14:cf:92:87:23:d6", "ICMPv6NDOptMTU#1.type": "5", "ICMPv6NDOptMTU#1.len": "1", "ICMPv6NDOptMTU#1.mtu": "1500", "ICMPv6NDOptPrefixInfo#1.type": "3", "ICMPv6NDOptPrefixInfo#1.len": "4", "ICMPv6NDOptPrefixInfo#1.prefixlen": "64", "ICMPv6NDOptPrefixInfo#1.validlifetime": "7200", "ICMPv6NDOptPrefixInfo#1.preferredlifetime": "1800", "ICMPv6NDOptPrefixInfo#1.prefix": "fd8d:4fb3:5b2e::", "ICMPv6NDOptPrefixInfo#1.L": "1", "ICMPv6NDOptPrefixInfo#1.A": "1", "ICMPv6NDOptPrefixInfo#1.R": "0", "ICMPv6NDOptRouteInfo#1.type": "24", "ICMPv6NDOptRouteInfo#1.len": "2", "ICMPv6NDOptRouteInfo#1.plen": "48", "ICMPv6NDOptRouteInfo#1.prefix": "fd8d:4fb3:5b2e::", "ICMPv6NDOptRouteInfo#1.rtlifetime": "7200", "ICMPv6NDOptRouteInfo#1.prf": "0", "ICMPv6NDOptRDNSS#1.type": "25", "ICMPv6NDOptRDNSS#1.len": "3", "ICMPv6NDOptRDNSS#1.lifetime": "1800", "ICMPv6NDOptRDNSS#1.dns": "fd8d:4fb3:5b2e::1", "ICMPv6NDOptDNSSL#1.type": "31", "ICMPv6NDOptDNSSL#1.len": "2", "ICMPv6NDOptDNSSL#1.lifetime": "1800", "ICMPv6NDOptDNSSL#1.searchlist": "lan."},
		hex: "33330000000114cf928723d686dd6000000000783afffe8000000000000016cf92fffe8723d6ff0200000000000000000000000000018600688200c000000000" +
			"000000000000010114cf928723d605010000000005dc030440c000001c200000070800000000fd8d4fb35b2e000000000000000000001802300000001c20fd8d" +
			"4fb35b2e00001903000000000708fd8d4fb35b2e000000000000000000011f02000000000708036c616e00000000"},
	{name: "IcmpV6_NeighAdvSoli.pcap#1", stack: "Ethernet/IPv6/ICMPv6",
		want: map[string]string{"IPv6#1.plen": "24", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "::", "IPv6#1.dst": "ff02::1:fff5:0", "ICMPv6#1.type": "135", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x673c", "ICMPv6#1.tgt": "fe80::c000:54ff:fef5:0"},
		hex: "3333fff50000c20054f5000086dd6e00000000183aff00000000000000000000000000000000ff0200000000000000000001fff500008700673c00000000fe80" +
			"000000000000c00054fffef50000"},
	{name: "IcmpV6_NeighAdvSoli.pcap#2", stack: "Ethernet/IPv6/ICMPv6/ICMPv6NDOptDstLLAddr",
		want: map[string]string{"IPv6#1.plen": "32", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "fe80::c000:54ff:fef5:0", "IPv6#1.dst": "ff02::1", "ICMPv6#1.type": "136", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x9abb", "ICMPv6#1.tgt": "fe80::c000:54ff:fef5:0", "ICMPv6#1.R": "1", "ICMPv6#1.S": "0", "ICMPv6#1.O": "1", "ICMPv6NDOptDstLLAddr#1.type": "2", "ICMPv6NDOptDstLLAddr#1.len": "1", "ICMPv6NDOptDstLLAddr#1.lladdr": "c2:00:54:f5:00:00"},
		hex: "333300000001c20054f5000086dd6e00000000203afffe80000000000000c00054fffef50000ff02000000000000000000000000000188009abba0000000fe80" +
			"000000000000c00054fffef500000201c20054f50000"},
	{name: "icmpv6-ns-nonce.pcap#1", stack: "Ethernet/IPv6/ICMPv6/Raw",
		want: map[string]string{"IPv6#1.plen": "32", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "::", "IPv6#1.dst": "ff02::1:ffe1:f", "ICMPv6#1.type": "135", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x566e", "ICMPv6#1.tgt": "fe80::546f:f7ff:fee1:f"},
		hex: "3333ffe1000f566ff7e1000f86dd6000000000203aff00000000000000000000000000000000ff0200000000000000000001ffe1000f8700566e00000000fe80" +
			"000000000000546ff7fffee1000f0e016069604c0aaa"},
}

func TestNDPCorpusFrames(t *testing.T) {
	for _, f := range ndpFrames {
		t.Run(f.name, func(t *testing.T) { checkExtFrame(t, f) })
	}
}

func findFrame(t *testing.T, frames []v6Frame, name string) []byte {
	t.Helper()
	for _, f := range frames {
		if f.name == name {
			return f.bytes(t)
		}
	}
	t.Fatalf("no frame %s", name)
	return nil
}

// TestNDPShow: Scapy's class titles and field names for each message and
// option.
func TestNDPShow(t *testing.T) {
	for _, c := range []struct {
		frame   string
		lines   []string
		absent  []string
		summary string
	}{
		{"ndp-icmp.pcap#14", []string{"###[ ICMPv6 Neighbor Discovery - Neighbor Advertisement ]###", "R         = 0", "S         = 1", "O         = 1",
			"res       = 0x0", "tgt       = 2001:db8:90::3", "###[ ICMPv6 Neighbor Discovery Option - Destination Link-Layer Address ]###",
			"lladdr    = 02:00:00:09:00:02"}, []string{"word", "M         =", "chlim"},
			"Ethernet / IPv6 / ICMPv6 / ICMPv6 Neighbor Discovery Option - Destination Link-Layer Address 02:00:00:09:00:02"},
		{"ndp-icmp.pcap#13", []string{"###[ ICMPv6 Neighbor Discovery - Neighbor Solicitation ]###", "res       = 0", "tgt       = 2001:db8:90::3",
			"###[ ICMPv6 Neighbor Discovery Option - Source Link-Layer Address ]###", "type      = 1", "len       = 1"}, []string{"R         =", "word"}, ""},
		{"ndp-icmp.pcap#8", []string{"###[ ICMPv6 Neighbor Discovery - Router Advertisement ]###", "chlim     = 64", "M         = 0", "O         = 0",
			"H         = 0", "prf       = High", "P         = 0", "res       = 0", "routerlifetime= 30", "reachabletime= 0", "retranstimer= 0",
			"###[ ICMPv6 Neighbor Discovery Option - Prefix Information ]###", "prefixlen = 64", "L         = 1", "A         = 1",
			"validlifetime= 0xe10", "preferredlifetime= 0x708", "prefix    = 2001:db8:90::",
			"###[ ICMPv6 Neighbor Discovery Option - Route Information Option ]###", "plen      = 64", "prf       = Medium (default)", "rtlifetime= 600",
			"prefix    = 2001:db8:91::", "###[ ICMPv6 Neighbor Discovery Option - Recursive DNS Server Option ]###", "dns       = [ 2001:db8:90::3 ]",
			"###[ ICMPv6 Neighbor Discovery Option - DNS Search List Option ]###", "searchlist= ['lab.test.']",
			"###[ ICMPv6 Neighbor Discovery Option - MTU ]###", "mtu       = 1500"}, []string{"tgt", "S         =", "extra"},
			"Ethernet / IPv6 / ICMPv6 / ICMPv6NDOptPrefixInfo / ICMPv6NDOptRouteInfo / ICMPv6NDOptRDNSS / ICMPv6NDOptDNSSL / ICMPv6NDOptMTU / ICMPv6 Neighbor Discovery Option - Source Link-Layer Address 02:00:00:09:00:0e"},
		{"ndp-icmp.pcap#180", []string{"###[ ICMPv6 Neighbor Discovery - Redirect ]###", "res       = 0x0", "tgt       = fe80::ff:fe09:2",
			"dst       = 2001:db8:92::3", "###[ ICMPv6 Neighbor Discovery Option - Redirected Header ]###", "len       = 14",
			"res       = b'\\x00\\x00\\x00\\x00\\x00\\x00'"}, nil, ""},
		{"ndp-icmp.pcap#11", []string{"###[ ICMPv6 Neighbor Discovery - Router Solicitation ]###", "res       = 0"}, nil,
			"Ethernet / IPv6 / ICMPv6 Router Solicitation"},
	} {
		p, err := packet.Dissect(findFrame(t, ndpFrames, c.frame), layers.EthernetType)
		if err != nil {
			t.Fatal(err)
		}
		show := p.Show()
		for _, line := range c.lines {
			if !strings.Contains(show, line+"\n") {
				t.Errorf("%s: show lacks %q:\n%s", c.frame, line, show)
			}
		}
		for _, line := range c.absent {
			if strings.Contains(show, line) {
				t.Errorf("%s: show has %q:\n%s", c.frame, line, show)
			}
		}
		if c.summary != "" && p.String() != c.summary {
			t.Errorf("%s: summary %q, want %q", c.frame, p.String(), c.summary)
		}
	}
	m := layers.NewICMPv6Of(layers.ICMPv6NeighborSolicitation)
	m.Target = netip.MustParseAddr("2001:db8::1")
	if s := m.Summary(); s != "ICMPv6 Neighbor Solicitation (tgt: 2001:db8::1)" {
		t.Errorf("ns summary %q", s)
	}
	// The redirected packet of a last option is a quotation.
	p, _ := packet.Dissect(findFrame(t, ndpFrames, "ndp-icmp.pcap#180"), layers.EthernetType)
	if p.Quoted() != 4 || p.GetLayer("IPv6error") != p.Layer(4) {
		t.Errorf("quoted from %d: %v", p.Quoted(), p)
	}
	if !strings.Contains(p.Show(), "###[ IPv6 in ICMPv6 ]###") {
		t.Errorf("show:\n%s", p.Show())
	}
	// Followed by another option, it stays bytes, which Packet dissects.
	data := bytesOf(t, "89000000000000000000000000000000000000000000000000000000000000000000000000000000"+
		"0407000000000000"+"6000000000083a40"+strings.Repeat("00", 32)+"8000000000010001"+"0101020000000001")
	p, err := packet.Dissect(data, layers.ICMPv6Type)
	if err != nil || stackOf(p) != "ICMPv6/ICMPv6NDOptRedirectedHdr/ICMPv6NDOptSrcLLAddr" {
		t.Fatalf("%v %s", err, stackOf(p))
	}
	rh, _ := packet.LayerOf[*layers.NDOptRedirectedHdr](p)
	if q := rh.Packet(); stackOf(q) != "IPv6/ICMPv6" {
		t.Errorf("redirected packet %s", stackOf(q))
	}
	if b, _ := p.Build(); !bytes.Equal(b, data) {
		t.Errorf("round trip %x", b)
	}
	rh.Len.Unset()
	if b, _ := p.Build(); !bytes.Equal(b, data) {
		t.Errorf("computed length %x", b)
	}
}

// TestNDPDefaults: NewICMPv6Of gives the defaults of Scapy's classes (the
// bytes are those of ICMPv6ND_*() with a zero checksum).
func TestNDPDefaults(t *testing.T) {
	for _, c := range []struct {
		typ  uint8
		want string
	}{
		{layers.ICMPv6RouterSolicitation, "8500000000000000"},
		{layers.ICMPv6RouterAdvertisement, "86000000000807080000000000000000"},
		{layers.ICMPv6NeighborSolicitation, "870000000000000000000000000000000000000000000000"},
		{layers.ICMPv6NeighborAdvertisement, "88000000a000000000000000000000000000000000000000"},
		{layers.ICMPv6Redirect, "89000000000000000000000000000000000000000000000000000000000000000000000000000000"},
		{layers.ICMPv6MLDQuery, "820000002710000000000000000000000000000000000000"},
	} {
		b, err := packet.New(layers.NewICMPv6Of(c.typ)).Build()
		if err != nil || bytesHex(b) != c.want {
			t.Errorf("type %d: %x (%v), want %s", c.typ, b, err, c.want)
		}
	}
	for _, c := range []struct {
		l    packet.Layer
		want string
	}{
		{layers.NewNDOptSrcLLAddr(fields.MAC{}), "0101000000000000"},
		{layers.NewNDOptDstLLAddr(fields.MAC{}), "0201000000000000"},
		{layers.NewNDOptPrefixInfo(netip.Prefix{}), "030440c0ffffffffffffffff0000000000000000000000000000000000000000"},
		{layers.NewNDOptMTU(1280), "0501000000000500"},
		{layers.NewNDOptRouteInfo(netip.Prefix{}), "18010000ffffffff"},
		{layers.NewNDOptRDNSS(netip.MustParseAddr("2001:db8::53")), "19030000ffffffff20010db8000000000000000000000053"},
		{layers.NewNDOptDNSSL("lab.test.", "example.com"), "1f040000ffffffff036c6162047465737400076578616d706c6503636f6d0000"},
		{layers.NewNDOptRedirectedHdr(make([]byte, 13)), "0402000000000000" + strings.Repeat("00", 8)},
	} {
		b, err := packet.New(c.l).Build()
		if err != nil || bytesHex(b) != c.want {
			t.Errorf("%s: %x (%v), want %s", c.l.Proto().Name, b, err, c.want)
		}
	}
	o := layers.NewNDOptDNSSL()
	if err := o.Set("searchlist", []string{"a.example", "b"}); err != nil || strings.Join(o.Names(), " ") != "a.example. b." {
		t.Errorf("searchlist %v %v", err, o.Names())
	}
	if err := o.Set("searchlist", []string{strings.Repeat("x", 64)}); err == nil {
		t.Error("64-byte label accepted")
	}
}

func bytesHex(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = digits[c>>4], digits[c&15]
	}
	return string(out)
}

// TestNDPOptionErrors: an option of length 0, one running past the
// message and one shorter than its fields are errors; the bytes stay Raw.
// An unknown option and what follows stay Raw without error, as in Scapy.
func TestNDPOptionErrors(t *testing.T) {
	ns := bytesOf(t, "8700000000000000fe800000000000000000000000000001")
	for _, c := range []struct {
		name string
		opts string
		err  error
	}{
		{"length 0", "0100020000000001", packet.ErrMalformed},
		{"past the message", "0102020000000001", packet.ErrTruncated},
		{"prefix information of 8 bytes", "0301400000000000", packet.ErrMalformed},
		{"lone byte", "01", nil},
		{"unknown option", "0e01010203040506" + "0101020000000001", nil},
	} {
		data := append(append([]byte(nil), ns...), bytesOf(t, c.opts)...)
		p, err := packet.Dissect(data, layers.ICMPv6Type)
		if !errors.Is(err, c.err) || (c.err == nil && err != nil) {
			t.Errorf("%s: %v", c.name, err)
		}
		if got := stackOf(p); got != "ICMPv6/Raw" {
			t.Errorf("%s: %s", c.name, got)
		}
		if b, _ := p.Build(); !bytes.Equal(b, data) {
			t.Errorf("%s: kept as %x", c.name, b)
		}
	}
	// Options longer than their fields keep the rest in "extra".
	data := append(append([]byte(nil), ns...), bytesOf(t, "01020200000000010102030405060708")...)
	p, err := packet.Dissect(data, layers.ICMPv6Type)
	if err != nil || stackOf(p) != "ICMPv6/ICMPv6NDOptSrcLLAddr" {
		t.Fatalf("%v %s", err, stackOf(p))
	}
	if v, _ := p.Layer(1).Get("extra"); bytesHex(v.([]byte)) != "0102030405060708" {
		t.Errorf("extra %x", v)
	}
	if b, _ := p.Build(); !bytes.Equal(b, data) {
		t.Errorf("round trip %x", b)
	}
	// Messages shorter than their fixed part are truncated.
	for _, typ := range []uint8{134, 135, 136, 137, 130, 131, 132} {
		data := make([]byte, 12)
		data[0] = typ
		if _, err := packet.Dissect(data, layers.ICMPv6Type); !errors.Is(err, packet.ErrTruncated) {
			t.Errorf("type %d of 12 bytes: %v", typ, err)
		}
	}
}

func bytesOf(t *testing.T, h string) []byte {
	t.Helper()
	f := v6Frame{name: "inline", hex: h}
	return f.bytes(t)
}

// TestNDPHelpers: solicited-node multicast addresses and their MACs.
func TestNDPHelpers(t *testing.T) {
	a := layers.SolicitedNodeMulticast(netip.MustParseAddr("fe80::2aa:ff:fe28:9c5a"))
	if a.String() != "ff02::1:ff28:9c5a" {
		t.Errorf("solicited-node %s", a)
	}
	if m := layers.MulticastMAC(a); m.String() != "33:33:ff:28:9c:5a" {
		t.Errorf("mac %s", m)
	}
}

// TestNDPNoAllocs: a warm decoder allocates nothing on a router
// advertisement with every option kind.
func TestNDPNoAllocs(t *testing.T) {
	for _, name := range []string{"ndp-icmp.pcap#8", "icmpv6_opt24.pcap#1", "ndp-icmp.pcap#14"} {
		frame := findFrame(t, ndpFrames, name)
		d := packet.NewDecoder(layers.EthernetType)
		decode := func() {
			if _, err := d.Decode(frame); err != nil {
				t.Fatal(err)
			}
		}
		decode()
		if n := testing.AllocsPerRun(200, decode); n != 0 {
			t.Errorf("%s: warm decode allocates %v times", name, n)
		}
		p, _ := packet.Dissect(frame, layers.EthernetType)
		p.Layer(2).Set("cksum", nil)
		buf := make([]byte, 1500)
		if n := testing.AllocsPerRun(200, func() {
			if _, err := p.BuildInto(buf); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("%s: BuildInto allocates %v times", name, n)
		}
	}
}

// FuzzNDP: no input panics; what dissects re-encodes byte for byte, from
// Ethernet, ICMPv6 and the first option.
func FuzzNDP(f *testing.F) {
	for _, fr := range ndpFrames {
		b := fr.bytes(f)
		f.Add(b, uint8(0))
		icmp := b[layers.EthHdrLen+layers.IPv6HdrLen:]
		f.Add(icmp, uint8(1))
		p, _ := packet.Dissect(icmp, layers.ICMPv6Type)
		if p.NumLayers() > 1 {
			f.Add(icmp[p.Layer(0).HeaderLen():], uint8(2))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, start uint8) {
		first := layers.EthernetType
		switch start % 3 {
		case 1:
			first = layers.ICMPv6Type
		case 2:
			if len(data) > 0 {
				first = packet.NextLayer(layers.ICMPv6Type, "ndopt", uint64(data[0]))
			}
			if first == 0 {
				first = layers.NDOptSrcLLAddrType
			}
		}
		v6RoundTrip(t, data, first)
	})
}
