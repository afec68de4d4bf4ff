package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleNewIP() {
	// Scapy's defaults: IP() is ttl 64, id 1, dst 127.0.0.1; len, proto and
	// chksum are computed. Scapy: IP(src="192.0.2.1", dst="192.0.2.2")/UDP(sport=53, dport=53)
	b, err := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
		Over(goscapy.NewUDP().SrcPort(53).DstPort(53)).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%x\n", b[:20])
	// Output:
	// 4500001c000100004011f6ccc0000201c0000202
}

func ExampleNewIPv4() {
	ip := goscapy.NewIPv4().SrcIP("192.0.2.1").DstIP("198.51.100.7").TTL(3)
	fmt.Println(ip.Layer().Summary())
	// Output:
	// 192.0.2.1 > 198.51.100.7 hopopt
}

func ExampleIPBuilder() {
	// Every header field has a setter. Scapy: IP(src="192.0.2.1", dst="192.0.2.2",
	// tos=0xb8, id=0x4242, flags="DF", ttl=1, proto=253)/b"data"
	b, err := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
		TOS(0xb8).ID(0x4242).Flags(layers.IPv4DontFragment).TTL(1).Proto(253).
		Over(goscapy.NewRaw([]byte("data"))).Build()
	fmt.Printf("%x %v\n", b, err)
	// Output:
	// 45b800184242400001fdb1ebc0000201c000020264617461 <nil>
}

func ExampleIPBuilder_Frag() {
	// The second fragment of a datagram: offset in 8-byte units.
	// Scapy: IP(src="192.0.2.1", dst="192.0.2.2", id=9, flags="MF", frag=185, proto=17)
	b, _ := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
		ID(9).Flags(layers.IPv4MoreFragments).Frag(185).Proto(layers.IPProtoUDP).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 45000014000920b94011d613c0000201c0000202
}

func ExampleIPBuilder_Chksum() {
	// A value that was set is never overwritten: here a wrong checksum,
	// a wrong total length and a header length of 6 words.
	// Scapy: IP(src="192.0.2.1", dst="192.0.2.2", chksum=0xdead, len=1000, ihl=6, options=[IPOption_NOP()]*3)
	b, _ := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
		Chksum(0xdead).Len(1000).IHL(6).
		Options(layers.IPOption{Type: layers.IPOptNOP}, layers.IPOption{Type: layers.IPOptNOP},
			layers.IPOption{Type: layers.IPOptNOP}).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 460003e8000100004000deadc0000201c000020201010100
}

func ExampleIPBuilder_Options() {
	// A router-alert option, as IGMP and RSVP use.
	// Scapy: IP(src="192.0.2.1", dst="224.0.0.22", ttl=1, options=[IPOption_Router_Alert()])
	b, _ := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("224.0.0.22").TTL(1).
		Options(layers.IPOption{Type: layers.IPOptRouterAlert, Data: []byte{0, 0}}).Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 4600001800010000010082c9c0000201e000001694040000
}

func ExampleIPBuilder_Set() {
	// Scapy names and values: flags="DF+MF" is 3.
	ip := goscapy.NewIP().Set("src", "192.0.2.1").Set("dst", "192.0.2.2").Set("flags", "DF+MF").Set("ttl", 5)
	v, _ := ip.Layer().Get("flags")
	fmt.Println(v, ip.Layer().TTL, ip.Err())
	// Output:
	// 3 5 <nil>
}

func ExampleIPBuilder_Err() {
	// A bad value does not stop the chain: Err (and Build) report the
	// first one.
	ip := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("2001:db8::1").TTL(0).Flags(9)
	fmt.Println(ip.Err())
	// Output:
	// build IP: field dst = 2001:db8::1: invalid field value: 2001:db8::1 is not an ipv4 address
}

func ExampleIPBuilder_Layer() {
	// Layer gives the layer being built, for direct access to its fields.
	ip := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2")
	l := ip.Layer()
	l.TTL = 3
	fmt.Println(l.Src, l.Dst, l.TTL, l.ID)
	// Output:
	// 192.0.2.1 192.0.2.2 3 1
}

func ExampleIPBuilder_BuildInto() {
	// Reuse one buffer for many packets: the result is a slice of it.
	buf := make([]byte, 1500)
	ip := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").Proto(253)
	for ttl := uint8(1); ttl <= 3; ttl++ {
		b, err := ip.TTL(ttl).BuildInto(buf)
		fmt.Printf("%x %v\n", b[8:12], err)
	}
	// Output:
	// 01fd34e9 <nil>
	// 02fd33e9 <nil>
	// 03fd32e9 <nil>
}
