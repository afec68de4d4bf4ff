package route_test

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/goscapy/goscapy/route"
)

// The route the kernel takes to a destination, with its source address.
func ExampleLookup() {
	r, err := route.Lookup(netip.MustParseAddr("198.18.2.2"))
	if err != nil {
		fmt.Println(err) // route: no route to 198.18.2.2: network is unreachable
		return
	}
	fmt.Println(r.Iface, r.Src, r.Gateway) // a0 198.18.1.2 198.18.1.1
}

// What a frame to a destination needs: the interface, the source address
// and the destination MAC (the gateway's when routed).
func ExampleNextHop() {
	iface, src, mac, err := route.NextHop(netip.MustParseAddr("198.18.2.2"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(iface, src, mac) // a0 198.18.1.2 02:00:00:00:01:01
}

// A MAC from the neighbour cache, or from an ARP query bounded by the
// context.
func ExampleResolveMAC() {
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	mac, err := route.ResolveMAC(ctx, "a0", netip.MustParseAddr("198.18.1.3"))
	if err != nil {
		fmt.Println(err) // route: no answer from 198.18.1.3 on a0 (is it up?)
		return
	}
	fmt.Println(mac)
}
