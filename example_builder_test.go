package goscapy_test

import (
	"fmt"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
)

func ExampleParseMAC() {
	// The usual spellings of a hardware address are accepted.
	for _, s := range []string{"AA:BB:CC:DD:EE:01", "aa-bb-cc-dd-ee-02", "aabb.ccdd.ee03"} {
		m, err := goscapy.ParseMAC(s)
		fmt.Println(m, err)
	}
	_, err := goscapy.ParseMAC("aa:bb:cc")
	fmt.Println(err != nil)
	// Output:
	// aa:bb:cc:dd:ee:01 <nil>
	// aa:bb:cc:dd:ee:02 <nil>
	// aa:bb:cc:dd:ee:03 <nil>
	// true
}

func ExampleMAC() {
	m := goscapy.MAC{0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb}
	fmt.Println(m, m.IsMulticast(), m.IsBroadcast())
	// Output:
	// 01:00:5e:00:00:fb true false
}

func ExampleBuilder() {
	// Layer builders and stacks are both Builders: a function can take
	// any of them and put them over each other.
	stack := func(parts ...goscapy.Builder) *goscapy.Stack {
		s := &goscapy.Stack{}
		for _, p := range parts {
			s.Over(p)
		}
		return s
	}
	ipudp := goscapy.NewIP().DstIP("192.0.2.1").Over(goscapy.NewUDP().DstPort(53))
	fmt.Println(stack(goscapy.NewEthernet(), ipudp, goscapy.NewDNS()).Packet())
	// Output:
	// Ethernet / IP / UDP / DNS Qry "www.example.com."
}

func ExampleStack() {
	// Scapy: Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/
	//        IP(src="192.0.2.1", dst="192.0.2.2")/TCP(sport=40000, dport=80, flags="S")
	s := goscapy.NewEthernet().SrcMAC("02:00:00:00:00:01").DstMAC("02:00:00:00:00:02").
		Over(goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2")).
		Over(goscapy.NewTCP().SrcPort(40000).DstPort(80).Flags(layers.TCPSyn))
	b, err := s.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Packet())
	fmt.Printf("%x\n", b)
	// Output:
	// Ethernet / IP / TCP 192.0.2.1:40000 > 192.0.2.2:80 S
	// 020000000002020000000001080045000028000100004006f6cbc0000201c00002029c4000500000000000000000500220006f4e0000
}

func ExampleStack_Over() {
	// Over puts a layer (or a whole stack) on top of the stack, like
	// Scapy's "/" operator: IP()/UDP()/Raw(b"hi"). On a Stack it appends
	// in place and returns the same stack.
	s := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
		Over(goscapy.NewUDP().SrcPort(1234).DstPort(5678))
	s.Over(goscapy.NewRaw([]byte("hi")))
	b, _ := s.Build()
	fmt.Printf("%x\n", b)
	// Output:
	// 4500001e000100004011f6cac0000201c000020204d2162e000af86c6869
}

func ExampleStack_Layers() {
	ls, err := goscapy.NewEthernet().Over(goscapy.NewIP()).Over(goscapy.NewICMP()).Layers()
	for _, l := range ls {
		fmt.Print(l.Proto().Name, " ")
	}
	fmt.Println(err)
	// Output:
	// Ethernet IP ICMP <nil>
}

func ExampleStack_Packet() {
	p := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").TTL(1).
		Over(goscapy.NewICMP().ID(7).Seq(1)).Packet()
	fmt.Println(p.Summary())
	fmt.Println(p.NumLayers(), p.HasLayer("ICMP"))
	// Output:
	// IP / ICMP 192.0.2.1 > 192.0.2.2 echo-request 0
	// 2 true
}

func ExampleStack_Build() {
	// A bad value given to a builder is reported by Build.
	_, err := goscapy.NewIP().DstIP("192.0.2.300").Over(goscapy.NewUDP()).Build()
	fmt.Println(err)
	// Output:
	// build IP: field dst = 192.0.2.300: invalid field value: ip address "192.0.2.300"
}

func ExampleStack_BuildInto() {
	// BuildInto reuses a buffer: once warm, building allocates nothing.
	buf := make([]byte, 1500)
	s := goscapy.NewIP().SrcIP("192.0.2.1").DstIP("192.0.2.2").
		Over(goscapy.NewUDP().SrcPort(1000).DstPort(2000))
	b, err := s.BuildInto(buf)
	fmt.Println(len(b), err)
	fmt.Printf("%x\n", b)
	// Output:
	// 28 <nil>
	// 4500001c000100004011f6ccc0000201c000020203e807d000087022
}
