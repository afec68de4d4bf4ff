package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewLLC() {
	// An 802.2 LLC header for the spanning tree protocol.
	// Scapy: LLC(dsap=0x42, ssap=0x42, ctrl=3)
	b, _ := goscapy.NewLLC().DSAP(0x42).SSAP(0x42).Ctrl(3).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 424203
}

func ExampleNewSNAP() {
	// LLC and SNAP fields come from the layer above: for IP, 0xaa 0xaa 3,
	// OUI 0 and the EtherType 0x0800.
	// Scapy: LLC()/SNAP()/IP(src="192.0.2.1", dst="192.0.2.2")
	b, _ := goscapy.NewLLC().Over(goscapy.NewSNAP()).
		Over(goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2")).Build()
	fmt.Printf("%x\n", b[:8])
	// Output:
	// aaaa030000000800
}

func ExampleSNAPBuilder_OUI() {
	// Scapy: LLC()/SNAP(OUI=0x00000c, code=0x2000)
	b, _ := goscapy.NewLLC().Over(goscapy.NewSNAP().OUI(0x00000c).Code(0x2000)).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// aaaa0300000c2000
}

func ExampleNewCDP() {
	// TLVs in the order of the calls; the checksum is computed.
	// Scapy (scapy.contrib.cdp): CDPv2_HDR(msg=[CDPMsgDeviceID(val=b"R1"),
	//   CDPMsgPortID(iface=b"Gi0/1"), CDPMsgCapabilities(cap=0x09)])
	cdp := goscapy.NewCDP().DeviceID("R1").PortID("Gi0/1").Capabilities(layers.CDPCapRouter | layers.CDPCapSwitch)
	b, err := cdp.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%x\n", b)
	// Output:
	// 02b4f665000100065231000300094769302f310004000800000009
}

func ExampleCDPBuilder_Addresses() {
	// Scapy: CDPv2_HDR(ttl=60, msg=[CDPMsgSoftwareVersion(val=b"IOS 15.1"),
	//   CDPMsgPlatform(val=b"cisco 2911"), CDPMsgAddr(addr=[CDPAddrRecordIPv4(addr="192.0.2.1")]),
	//   CDPMsgNativeVLAN(vlan=10), CDPMsgDuplex(duplex=1)])
	b, err := goscapy.NewCDP().TTL(60).SoftwareVersion("IOS 15.1").Platform("cisco 2911").
		Addresses("192.0.2.1").NativeVLAN(10).Duplex(true).Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 023c5b980005000c494f532031352e310006000e636973636f203239313100020011000000010101cc0004c0000201000a0006000a000b000501 <nil>
}

func ExampleEtherCDP() {
	// An 802.3 frame to 01:00:0c:cc:cc:cc, padded to 60 bytes.
	// Scapy: Dot3(src="02:00:00:00:00:01", dst="01:00:0c:cc:cc:cc")/LLC()/SNAP()/
	//        CDPv2_HDR(msg=[CDPMsgDeviceID(val=b"R1"), CDPMsgPortID(iface=b"Gi0/1")])
	b, err := goscapy.EtherCDP("02:00:00:00:00:01", goscapy.NewCDP().DeviceID("R1").PortID("Gi0/1"))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := goscapy.Dissect(b)
	fmt.Println(p, len(b))
	fmt.Printf("%x\n", b[:41]) // the rest is padding
	// Output:
	// Ethernet / LLC / SNAP / CDPv2 R1 Gi0/1 / Padding 60
	// 01000ccccccc020000000001001baaaa0300000c200002b4333e000100065231000300094769302f31
}
