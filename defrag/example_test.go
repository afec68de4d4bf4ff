package defrag_test

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/goscapy/goscapy/defrag"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

func Example() {
	ip := layers.NewIPv4()
	ip.Src, ip.Dst = netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("198.51.100.2")
	udp := layers.NewUDP()
	udp.SrcPort, udp.DstPort = 1234, 5678
	p := packet.New(ip, udp, &packet.Raw{Load: make([]byte, 3000)})

	frags, err := defrag.Fragment(p, 1500)
	if err != nil {
		panic(err)
	}
	for _, f := range frags {
		ip4, _ := packet.LayerOf[*layers.IPv4](f)
		fmt.Printf("%d bytes, offset %d, flags %d\n", f.Len(), ip4.FragOff*8, ip4.Flags)
	}

	d := defrag.New(defrag.Config{})
	now := time.Now()
	for i := len(frags) - 1; i >= 0; i-- { // in any order
		whole, ok, err := d.Process(frags[i], now)
		if err != nil {
			panic(err)
		}
		if ok {
			fmt.Println(whole.Len(), "bytes:", whole)
		}
	}
	// Output:
	// 1500 bytes, offset 0, flags 1
	// 1500 bytes, offset 1480, flags 1
	// 68 bytes, offset 2960, flags 0
	// 3028 bytes: IP / UDP 192.0.2.1:1234 > 198.51.100.2:5678 / Raw
}
