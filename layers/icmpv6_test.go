package layers_test

import (
	"bytes"
	"encoding/hex"
	"net/netip"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// icmpv6Frames exercise ICMPv6: echo, every error type quoting IPv6, and
// NDP messages (their options: ndp_test.go). See v6Frame.
var icmpv6Frames = []v6Frame{
	{name: "ICMPv6_echos.cap#1", stack: "Ethernet/IPv6/ICMPv6/Raw",
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#1.fl": "0x000000", "IPv6#1.plen": "60", "IPv6#1.nh": "58", "IPv6#1.hlim": "64", "IPv6#1.src": "2001:db8:0:12::1", "IPv6#1.dst": "2001:db8:0:12::2", "ICMPv6#1.type": "128", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x863c", "ICMPv6#1.id": "0x110d", "ICMPv6#1.seq": "0"},
		hex: "c20151fa0000c20051fa000086dd60000000003c3a4020010db800000012000000000000000120010db80000001200000000000000028000863c110d00000001" +
			"02030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233"},
	{name: "ICMPv6_echos.cap#2", stack: "Ethernet/IPv6/ICMPv6/Raw",
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#1.fl": "0x000000", "IPv6#1.plen": "60", "IPv6#1.nh": "58", "IPv6#1.hlim": "64", "IPv6#1.src": "2001:db8:0:12::2", "IPv6#1.dst": "2001:db8:0:12::1", "ICMPv6#1.type": "129", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x853c", "ICMPv6#1.id": "0x110d", "ICMPv6#1.seq": "0"},
		hex: "c20051fa0000c20151fa000086dd60000000003c3a4020010db800000012000000000000000220010db80000001200000000000000018100853c110d00000001" +
			"02030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233"},
	{name: "pmtu-v6.pcap#4", stack: "Ethernet/IPv6/ICMPv6/IPv6/ICMPv6/Raw", // packet too big quoting an echo request cut to fit 1280 bytes
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#2.tc": "0x00000000", "IPv6#1.fl": "0x040bff", "IPv6#2.fl": "0x0a6c14", "IPv6#1.plen": "1240", "IPv6#2.plen": "1408", "IPv6#1.nh": "58", "IPv6#2.nh": "58", "IPv6#1.hlim": "64", "IPv6#2.hlim": "64", "IPv6#1.src": "2001:db8:50::1", "IPv6#2.src": "2001:db8:50::2", "IPv6#1.dst": "2001:db8:50::2", "IPv6#2.dst": "2001:db8:52::2", "ICMPv6#1.type": "2", "ICMPv6#2.type": "128", "ICMPv6#1.code": "0", "ICMPv6#2.code": "0", "ICMPv6#1.cksum": "0x6af8", "ICMPv6#2.cksum": "0x718c", "ICMPv6#2.id": "0x1c09", "ICMPv6#2.seq": "1", "ICMPv6#1.mtu": "1280"},
		hex: "02000005000102000005000a86dd60040bff04d83a4020010db800500000000000000000000120010db800500000000000000000000202006af800000500600a" +
			"6c1405803a4020010db800500000000000000000000220010db80052000000000000000000028000718c1c090001eea9086b0000000028650600000000001011" +
			"12131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f5051" +
			"52535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f9091" +
			"92939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1" +
			"d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f1011" +
			"12131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f5051" +
			"52535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f9091" +
			"92939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1" +
			"d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f1011" +
			"12131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f5051" +
			"52535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f9091" +
			"92939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1" +
			"d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f1011" +
			"12131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f5051" +
			"52535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f9091" +
			"92939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1" +
			"d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f1011" +
			"12131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f5051" +
			"52535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f9091" +
			"92939495969798999a9b9c9d9e9f"},
	{name: "pmtu-v6.pcap#12", stack: "Ethernet/IPv6/ICMPv6/...", // neighbor advertisement
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#1.fl": "0x000000", "IPv6#1.plen": "24", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "2001:db8:50::2", "IPv6#1.dst": "fe80::ff:fe05:a", "ICMPv6#1.type": "136", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0xde06"},
		hex: "02000005000a02000005000186dd6000000000183aff20010db8005000000000000000000002fe80000000000000000000fffe05000a8800de06400000002001" +
			"0db8005000000000000000000002"},
	{name: "ndp-icmp.pcap#4", stack: "Ethernet/IPv6/ICMPv6/...", // neighbor solicitation from ::
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#1.fl": "0x000000", "IPv6#1.plen": "32", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "::", "IPv6#1.dst": "ff02::1:ff09:1", "ICMPv6#1.type": "135", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x21cd", "ICMPv6#1.res": "0x00000000"},
		hex: "3333ff09000102000009000186dd6000000000203aff00000000000000000000000000000000ff0200000000000000000001ff090001870021cd00000000fe80" +
			"000000000000000000fffe0900010e013884e98a2b2e"},
	{name: "ndp-icmp.pcap#7", stack: "Ethernet/IPv6/ICMPv6/...", // router solicitation
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#1.fl": "0x000000", "IPv6#1.plen": "16", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "fe80::ff:fe09:1", "IPv6#1.dst": "ff02::2", "ICMPv6#1.type": "133", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x7b1a", "ICMPv6#1.res": "0x00000000"},
		hex: "33330000000202000009000186dd6000000000103afffe80000000000000000000fffe090001ff02000000000000000000000000000285007b1a000000000101" +
			"020000090001"},
	{name: "ndp-icmp.pcap#8", stack: "Ethernet/IPv6/ICMPv6/...", // router advertisement
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#1.fl": "0x05a570", "IPv6#1.plen": "136", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "fe80::ff:fe09:e", "IPv6#1.dst": "fe80::ff:fe09:1", "ICMPv6#1.type": "134", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x727b"},
		hex: "02000009000102000009000e86dd6005a57000883afffe80000000000000000000fffe09000efe80000000000000000000fffe0900018600727b4008001e0000" +
			"000000000000030440c000000e10000007080000000020010db8009000000000000000000000180340000000025820010db80091000000000000000000001903" +
			"00000000025820010db80090000000000000000000031f03000000000258036c616204746573740000000000000005010000000005dc010102000009000e"},
	{name: "ndp-icmp.pcap#23", stack: "Ethernet/IPv6/ICMPv6/Raw",
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#1.fl": "0x0fc9ca", "IPv6#1.plen": "64", "IPv6#1.nh": "58", "IPv6#1.hlim": "64", "IPv6#1.src": "2001:db8:90::ff:fe09:1", "IPv6#1.dst": "2001:db8:90::3", "ICMPv6#1.type": "128", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0x44fe", "ICMPv6#1.id": "0x1e3b", "ICMPv6#1.seq": "1"},
		hex: "02000009000202000009000186dd600fc9ca00403a4020010db800900000000000fffe09000120010db8009000000000000000000003800044fe1e3b000111aa" +
			"086b00000000d9c30e0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637"},
	{name: "ndp-icmp.pcap#104", stack: "Ethernet/IPv6/ICMPv6/IPv6/UDP/...", // time exceeded quoting traceroute UDP
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#2.tc": "0x00000000", "IPv6#1.fl": "0x050aa6", "IPv6#2.fl": "0x0986ef", "IPv6#1.plen": "88", "IPv6#2.plen": "40", "IPv6#1.nh": "58", "IPv6#2.nh": "17", "IPv6#1.hlim": "64", "IPv6#2.hlim": "1", "IPv6#1.src": "2001:db8:90::1", "IPv6#2.src": "2001:db8:90::ff:fe09:1", "IPv6#1.dst": "2001:db8:90::ff:fe09:1", "IPv6#2.dst": "2001:db8:91::2", "ICMPv6#1.type": "3", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0xa8e7", "ICMPv6#1.length": "0", "ICMPv6#1.unused": "0x00000000", "UDP#1.sport": "41056", "UDP#1.dport": "33434", "UDP#1.chksum": "0x8bff"},
		hex: "02000009000102000009000e86dd60050aa600583a4020010db800900000000000000000000120010db800900000000000fffe0900010300a8e7000000006009" +
			"86ef0028110120010db800900000000000fffe09000120010db8009100000000000000000002a060829a00288bff404142434445464748494a4b4c4d4e4f5051" +
			"52535455565758595a5b5c5d5e5f"},
	{name: "ndp-icmp.pcap#106", stack: "Ethernet/IPv6/ICMPv6/IPv6/UDP/...", // port unreachable quoting UDP
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#2.tc": "0x00000000", "IPv6#1.fl": "0x046703", "IPv6#2.fl": "0x04ba8e", "IPv6#1.plen": "88", "IPv6#2.plen": "40", "IPv6#1.nh": "58", "IPv6#2.nh": "17", "IPv6#1.hlim": "63", "IPv6#2.hlim": "1", "IPv6#1.src": "2001:db8:91::2", "IPv6#2.src": "2001:db8:90::ff:fe09:1", "IPv6#1.dst": "2001:db8:90::ff:fe09:1", "IPv6#2.dst": "2001:db8:91::2", "ICMPv6#1.type": "1", "ICMPv6#1.code": "4", "ICMPv6#1.cksum": "0x7747", "ICMPv6#1.length": "0", "ICMPv6#1.unused": "0x00000000", "UDP#1.sport": "59329", "UDP#1.dport": "33435", "UDP#1.chksum": "0x449d"},
		hex: "02000009000102000009000e86dd6004670300583a3f20010db800910000000000000000000220010db800900000000000fffe09000101047747000000006004" +
			"ba8e0028110120010db800900000000000fffe09000120010db8009100000000000000000002e7c1829b0028449d404142434445464748494a4b4c4d4e4f5051" +
			"52535455565758595a5b5c5d5e5f"},
	{name: "ndp-icmp.pcap#161", stack: "Ethernet/IPv6/ICMPv6/IPv6/ICMPv6/Raw", // no route quoting an echo request
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#2.tc": "0x00000000", "IPv6#1.fl": "0x045e12", "IPv6#2.fl": "0x02fa90", "IPv6#1.plen": "112", "IPv6#2.plen": "64", "IPv6#1.nh": "58", "IPv6#2.nh": "58", "IPv6#1.hlim": "64", "IPv6#2.hlim": "64", "IPv6#1.src": "2001:db8:90::1", "IPv6#2.src": "2001:db8:90::ff:fe09:1", "IPv6#1.dst": "2001:db8:90::ff:fe09:1", "IPv6#2.dst": "2001:db8:93::1", "ICMPv6#1.type": "1", "ICMPv6#2.type": "128", "ICMPv6#1.code": "0", "ICMPv6#2.code": "0", "ICMPv6#1.cksum": "0x0e1f", "ICMPv6#2.cksum": "0x078b", "ICMPv6#2.id": "0x1ecc", "ICMPv6#2.seq": "1", "ICMPv6#1.length": "0", "ICMPv6#1.unused": "0x00000000"},
		hex: "02000009000102000009000e86dd60045e1200703a4020010db800900000000000000000000120010db800900000000000fffe09000101000e1f000000006002" +
			"fa9000403a4020010db800900000000000fffe09000120010db80093000000000000000000018000078b1ecc000117aa086b0000000010a50e00000000001011" +
			"12131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637"},
	{name: "ndp-icmp.pcap#165", stack: "Ethernet/IPv6/ICMPv6/IPv6/ICMPv6/Raw", // administratively prohibited
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#2.tc": "0x00000000", "IPv6#1.fl": "0x05d271", "IPv6#2.fl": "0x0e12f5", "IPv6#1.plen": "112", "IPv6#2.plen": "64", "IPv6#1.nh": "58", "IPv6#2.nh": "58", "IPv6#1.hlim": "64", "IPv6#2.hlim": "64", "IPv6#1.src": "2001:db8:90::1", "IPv6#2.src": "2001:db8:90::ff:fe09:1", "IPv6#1.dst": "2001:db8:90::ff:fe09:1", "IPv6#2.dst": "2001:db8:94::1", "ICMPv6#1.type": "1", "ICMPv6#2.type": "128", "ICMPv6#1.code": "1", "ICMPv6#2.code": "0", "ICMPv6#1.cksum": "0xf5ad", "ICMPv6#2.cksum": "0x0175", "ICMPv6#2.id": "0x1ece", "ICMPv6#2.seq": "1", "ICMPv6#1.length": "0", "ICMPv6#1.unused": "0x00000000"},
		hex: "02000009000102000009000e86dd6005d27100703a4020010db800900000000000000000000120010db800900000000000fffe0900010101f5ad00000000600e" +
			"12f500403a4020010db800900000000000fffe09000120010db8009400000000000000000001800001751ece000117aa086b0000000016b80e00000000001011" +
			"12131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637"},
	{name: "ndp-icmp.pcap#180", stack: "Ethernet/IPv6/ICMPv6/...", // redirect with a redirected header option
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#1.fl": "0x000000", "IPv6#1.plen": "152", "IPv6#1.nh": "58", "IPv6#1.hlim": "255", "IPv6#1.src": "fe80::ff:fe09:e", "IPv6#1.dst": "2001:db8:90::ff:fe09:1", "ICMPv6#1.type": "137", "ICMPv6#1.code": "0", "ICMPv6#1.cksum": "0xc74e", "ICMPv6#1.res": "0x00000000"},
		hex: "02000009000102000009000e86dd6000000000983afffe80000000000000000000fffe09000e20010db800900000000000fffe0900018900c74e00000000fe80" +
			"000000000000000000fffe09000220010db8009200000000000000000003040e000000000000600fb9f500403a4020010db800900000000000fffe0900012001" +
			"0db800920000000000000000000380003bb51f7200011faa086b00000000e0d3010000000000101112131415161718191a1b1c1d1e1f20212223242526272829" +
			"2a2b2c2d2e2f3031323334353637"},
	{name: "ndp-icmp.pcap#188", stack: "Ethernet/IPv6/ICMPv6/IPv6/UDP/...", // port unreachable quoting a short UDP
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#2.tc": "0x00000000", "IPv6#1.fl": "0x0844ef", "IPv6#2.fl": "0x0bb790", "IPv6#1.plen": "58", "IPv6#2.plen": "10", "IPv6#1.nh": "58", "IPv6#2.nh": "17", "IPv6#1.hlim": "64", "IPv6#2.hlim": "64", "IPv6#1.src": "2001:db8:90::3", "IPv6#2.src": "2001:db8:90::ff:fe09:1", "IPv6#1.dst": "2001:db8:90::ff:fe09:1", "IPv6#2.dst": "2001:db8:90::3", "ICMPv6#1.type": "1", "ICMPv6#1.code": "4", "ICMPv6#1.cksum": "0x7a1d", "ICMPv6#1.length": "0", "ICMPv6#1.unused": "0x00000000", "UDP#1.sport": "54929", "UDP#1.dport": "33999", "UDP#1.chksum": "0xd0cf"},
		hex: "02000009000102000009000286dd600844ef003a3a4020010db800900000000000000000000320010db800900000000000fffe09000101047a1d00000000600b" +
			"b790000a114020010db800900000000000fffe09000120010db8009000000000000000000003d69184cf000ad0cf780a"},
	{name: "ndp-icmp.pcap#192", stack: "Ethernet/IPv6/ICMPv6/IPv6/Raw", // parameter problem: unknown next header
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#2.tc": "0x00000000", "IPv6#1.fl": "0x091765", "IPv6#2.fl": "0x03cbe8", "IPv6#1.plen": "88", "IPv6#2.plen": "40", "IPv6#1.nh": "58", "IPv6#2.nh": "253", "IPv6#1.hlim": "64", "IPv6#2.hlim": "64", "IPv6#1.src": "2001:db8:90::3", "IPv6#2.src": "2001:db8:90::ff:fe09:1", "IPv6#1.dst": "2001:db8:90::ff:fe09:1", "IPv6#2.dst": "2001:db8:90::3", "ICMPv6#1.type": "4", "ICMPv6#1.code": "1", "ICMPv6#1.cksum": "0xd91e", "ICMPv6#1.ptr": "6"},
		hex: "02000009000102000009000286dd6009176500583a4020010db800900000000000000000000320010db800900000000000fffe0900010401d91e000000066003" +
			"cbe80028fd4020010db800900000000000fffe09000120010db80090000000000000000000036c6162636170206578706572696d656e74616c2070726f746f63" +
			"6f6c20323533207061796c6f6164"},
	{name: "ndp-icmp.pcap#194", stack: "Ethernet/IPv6/ICMPv6/IPv6/...", // quoted packet with a destination options header
		want: map[string]string{"IPv6#1.tc": "0x00000000", "IPv6#2.tc": "0x00000000", "IPv6#1.fl": "0x0b3764", "IPv6#2.fl": "0x066179", "IPv6#1.plen": "82", "IPv6#2.plen": "34", "IPv6#1.nh": "58", "IPv6#2.nh": "60", "IPv6#1.hlim": "64", "IPv6#2.hlim": "64", "IPv6#1.src": "2001:db8:90::3", "IPv6#2.src": "2001:db8:90::ff:fe09:1", "IPv6#1.dst": "2001:db8:90::ff:fe09:1", "IPv6#2.dst": "2001:db8:90::3", "ICMPv6#1.type": "4", "ICMPv6#1.code": "2", "ICMPv6#1.cksum": "0x2428", "ICMPv6#1.ptr": "42"},
		hex: "02000009000102000009000286dd600b376400523a4020010db800900000000000000000000320010db800900000000000fffe090001040224280000002a6006" +
			"617900223c4020010db800900000000000fffe09000120010db800900000000000000000000311009e046c616263dd9d1389001ac8a3756e6b6e6f776e206473" +
			"74206f7074696f6e"},
}

func TestICMPv6CorpusFrames(t *testing.T) {
	for _, f := range icmpv6Frames {
		t.Run(f.name, func(t *testing.T) { checkV6Frame(t, f) })
	}
}

// TestICMPv6Quote: an error's payload is the quoted packet, found with
// the "error" suffix names; layers before it are not quoted.
func TestICMPv6Quote(t *testing.T) {
	var f v6Frame
	for _, x := range icmpv6Frames {
		if x.name == "ndp-icmp.pcap#106" {
			f = x
		}
	}
	p, err := packet.Dissect(f.bytes(t), layers.EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	if p.Quoted() != 3 {
		t.Fatalf("quoted from layer %d of %s", p.Quoted(), stackOf(p))
	}
	outer, inner := p.GetLayer("IPv6"), p.GetLayer("IPv6error")
	if outer == nil || inner == nil || outer == inner || inner != p.Layer(3) {
		t.Fatalf("IPv6 %v, IPv6error %v", outer, inner)
	}
	if u := p.GetLayer("UDPerror"); u == nil || u != p.Layer(4) {
		t.Fatalf("UDPerror %v", u)
	}
	m, _ := packet.LayerOf[*layers.ICMPv6](p)
	if m.Type != layers.ICMPv6DestUnreach || m.Code != layers.ICMPv6PortUnreach || !m.IsError() {
		t.Errorf("icmpv6 %+v", m)
	}
	if s := m.Summary(); s != "ICMPv6 Destination unreachable (Port unreachable)" {
		t.Errorf("summary %q", s)
	}
	show := p.Show()
	for _, line := range []string{"###[ ICMPv6 Destination Unreachable ]###", "###[ IPv6 in ICMPv6 ]###", "type      = Destination unreachable", "code      = Port unreachable",
		"cksum     = 0x7747", "length    = 0", "unused    = 0x0", "###[ IPv6 in ICMPv6 ]###"} {
		if !strings.Contains(show, line) {
			t.Errorf("show lacks %q:\n%s", line, show)
		}
	}
	for _, absent := range []string{"id        =", "mtu       =", "ptr       =", "res       =", "word      ="} {
		if strings.Contains(show, absent) {
			t.Errorf("show has %q for a destination unreachable:\n%s", absent, show)
		}
	}
}

// TestICMPv6Fields: the 4 bytes after the checksum go through the view the
// type selects; changing the type of a decoded message between the types
// without a body keeps them (ndp_test.go and mld_test.go cover the others).
func TestICMPv6Fields(t *testing.T) {
	for _, c := range []struct {
		typ     uint8
		present []string
		summary string
	}{
		{layers.ICMPv6EchoRequest, []string{"id", "seq"}, "ICMPv6 Echo Request (id: 0x102 seq: 0x304)"},
		{layers.ICMPv6EchoReply, []string{"id", "seq"}, "ICMPv6 Echo Reply (id: 0x102 seq: 0x304)"},
		{layers.ICMPv6PacketTooBig, []string{"mtu"}, "ICMPv6 Packet too big (mtu: 16909060)"},
		{layers.ICMPv6ParamProblem, []string{"ptr"}, "ICMPv6 Parameter problem (erroneous header field encountered, ptr: 16909060)"},
		{layers.ICMPv6DestUnreach, []string{"length", "unused"}, "ICMPv6 Destination unreachable (No route to destination)"},
		{layers.ICMPv6TimeExceeded, []string{"length", "unused"}, "ICMPv6 Time exceeded (hop limit exceeded in transit)"},
		{layers.ICMPv6RouterSolicitation, []string{"res"}, "ICMPv6 Router Solicitation"},
		{250, []string{"word"}, "ICMPv6 type 250"},
	} {
		data := []byte{c.typ, 0, 0xab, 0xcd, 1, 2, 3, 4}
		p, err := packet.Dissect(data, layers.ICMPv6Type)
		if err != nil {
			t.Fatal(err)
		}
		m := p.Layer(0).(*layers.ICMPv6)
		for _, name := range []string{"id", "seq", "mtu", "ptr", "length", "unused", "res", "word"} {
			want := false
			for _, x := range c.present {
				want = want || x == name
			}
			if got := m.Proto().Field(name).Present(m); got != want {
				t.Errorf("type %d: %s present %v", c.typ, name, got)
			}
		}
		if s := m.Summary(); s != c.summary {
			t.Errorf("type %d: summary %q, want %q", c.typ, s, c.summary)
		}
		if s := p.String(); s != c.summary {
			t.Errorf("type %d: packet summary %q", c.typ, s)
		}
		for _, typ := range []uint8{128, 2, 4, 1, 3, 133, 250} {
			m.Type = typ
			b, err := p.Build()
			if err != nil || !bytes.Equal(b[4:], data[4:]) || b[0] != typ || b[2] != 0xab {
				t.Errorf("decoded type %d rebuilt as %d: %x (%v)", c.typ, typ, b, err)
			}
		}
	}
	m := layers.NewICMPv6()
	for name, want := range map[string]any{"type": uint8(128), "code": uint8(0), "cksum": nil, "id": uint16(0), "seq": uint16(0),
		"mtu": uint32(1280), "ptr": uint32(6), "length": uint8(0), "unused": uint32(0), "res": uint32(0), "word": uint32(0)} {
		if got, err := m.Get(name); err != nil || got != want {
			t.Errorf("default %s = %#v (%v), want %#v", name, got, err, want)
		}
	}
	if err := m.Set("type", "Packet too big"); err != nil || m.Type != 2 {
		t.Errorf("Set(type, name): %v %d", err, m.Type)
	}
	if err := m.Set("unused", 1<<24); err == nil {
		t.Error("unused takes 24 bits")
	}
	if _, err := m.Get("data"); err == nil {
		t.Error("no data field: echo data is a Raw payload")
	}
}

// TestICMPv6Checksum: computed with the IPv6 pseudo-header, kept when set,
// 0 without IPv6 below (as Scapy leaves it).
func TestICMPv6Checksum(t *testing.T) {
	ip := layers.NewIPv6()
	b, err := packet.New(ip, layers.NewICMPv6()).Build()
	if err != nil {
		t.Fatal(err)
	}
	// Scapy 2.5: raw(IPv6()/ICMPv6EchoRequest())
	if want := "6000000000083a40000000000000000000000000000000010000000000000000000000000000000180007fbb00000000"; hex.EncodeToString(b) != want {
		t.Errorf("IPv6()/ICMPv6EchoRequest() = %x\nwant %s", b, want)
	}
	m := layers.NewICMPv6()
	m.Checksum = fields.Some(uint16(0xdead))
	b, _ = packet.New(ip, m).Build()
	if b[42] != 0xde || b[43] != 0xad {
		t.Errorf("set checksum overwritten: %x", b[40:])
	}
	for _, below := range []packet.Layer{layers.NewIPv4(), &layers.Raw{Load: []byte{1, 2}}} {
		b, _ = packet.New(below, layers.NewICMPv6()).Build()
		if n := len(b); b[n-6] != 0 || b[n-5] != 0 {
			t.Errorf("checksum over %s: %x", below.Proto().Name, b)
		}
	}
	// Over IPv4 over IPv6 the nearest network layer is IPv4: no checksum.
	b, _ = packet.New(layers.NewIPv6(), layers.NewIPv4(), layers.NewICMPv6()).Build()
	if n := len(b); b[n-6] != 0 || b[n-5] != 0 {
		t.Errorf("checksum over IPv4 in IPv6: %x", b)
	}
	// In an error, the quoted packet's own checksums use the quoted header.
	inner := layers.NewIPv6()
	inner.Src, inner.Dst = netip.MustParseAddr("2001:db8::2"), netip.MustParseAddr("2001:db8::3")
	errMsg := layers.NewICMPv6()
	errMsg.Type = layers.ICMPv6DestUnreach
	b, _ = packet.New(layers.NewIPv6(), errMsg, inner, layers.NewUDP()).Build()
	p, err := packet.Dissect(b, layers.IPv6Type)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := packet.LayerOf[*layers.UDP](p)
	got := u.Checksum.Value
	u.Checksum.Unset()
	want := packet.New(inner, layers.NewUDP())
	wb, _ := want.Build()
	if got != uint16(wb[46])<<8|uint16(wb[47]) {
		t.Errorf("quoted udp checksum %#x, want that of %x", got, wb)
	}
}

func TestICMPv6Truncated(t *testing.T) {
	for n := 1; n < layers.ICMPv6HdrLen; n++ {
		data := []byte{128, 0, 0, 0, 0, 0, 0, 0}[:n]
		p, err := packet.Dissect(data, layers.ICMPv6Type)
		if err == nil || !strings.Contains(err.Error(), "icmpv6") {
			t.Errorf("%d bytes: %v", n, err)
		}
		if b, _ := p.Build(); !bytes.Equal(b, data) {
			t.Errorf("%d bytes: kept as %x", n, b)
		}
	}
}

func TestICMPv6NoAllocs(t *testing.T) {
	frame := icmpv6Frames[0].bytes(t)
	d := packet.NewDecoder(layers.EthernetType)
	var id uint16
	decode := func() {
		p, err := d.Decode(frame)
		if err != nil {
			t.Fatal(err)
		}
		m, _ := packet.LayerOf[*layers.ICMPv6](p)
		id = m.ID
	}
	decode()
	if id != 0x110d {
		t.Fatalf("id %#x", id)
	}
	if n := testing.AllocsPerRun(500, decode); n != 0 {
		t.Errorf("warm decode allocates %v times", n)
	}
	p, _ := packet.Dissect(frame, layers.EthernetType)
	p.Layer(2).(*layers.ICMPv6).Checksum.Unset()
	buf := make([]byte, 1500)
	if n := testing.AllocsPerRun(500, func() {
		if _, err := p.BuildInto(buf); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("BuildInto allocates %v times", n)
	}
}

// FuzzICMPv6: no input panics; what dissects re-encodes byte for byte,
// from Ethernet, from IPv6 and from ICMPv6.
func FuzzICMPv6(f *testing.F) {
	for _, fr := range icmpv6Frames {
		b := fr.bytes(f)
		f.Add(b, uint8(0))
		f.Add(b[layers.EthHdrLen:], uint8(1))
		f.Add(b[layers.EthHdrLen+layers.IPv6HdrLen:], uint8(2))
	}
	f.Fuzz(func(t *testing.T, data []byte, start uint8) {
		first := []packet.LayerType{layers.EthernetType, layers.IPv6Type, layers.ICMPv6Type}[start%3]
		v6RoundTrip(t, data, first)
	})
}
