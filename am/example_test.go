package am_test

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/goscapy/goscapy/am"
)

// An ARP responder for two addresses of a lab network, stopped after a
// minute. (It needs root and an interface named lab0.)
func ExampleNewARP() {
	m, err := am.NewARP(am.ARPConfig{
		Iface:    "lab0",
		Addrs:    []netip.Addr{netip.MustParseAddr("198.18.1.50"), netip.MustParseAddr("198.18.1.51")},
		OnAnswer: func(a am.Answer) { fmt.Println(a.Text) },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := m.Run(ctx); err != nil {
		fmt.Println(err)
	}
	fmt.Println(m.Stats())
}

// A DNS responder with one name; other names get NXDOMAIN.
func ExampleNewDNS() {
	m, err := am.NewDNS(am.DNSConfig{
		Iface: "lab0",
		Records: map[string][]netip.Addr{
			"www.lab.test": {netip.MustParseAddr("198.18.1.3"), netip.MustParseAddr("2001:db8:1::3")},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Name(), m.Filter())
	// Output: dns udp dst port 53
}
