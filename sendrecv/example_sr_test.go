package sendrecv_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sendrecv"
)

// A TCP SYN and its answer, as the article's SYN scan does it. (The
// examples of this file are compiled, not run: they send packets.)
func ExampleSr1() {
	pkt := goscapy.NewIP().DstIP("192.0.2.10").
		Over(goscapy.NewTCP().SrcPort(12345).DstPort(80).Flags(layers.TCPSyn)).
		Packet()
	_, reply, err := sendrecv.Sr1(pkt, "eth0", 2*time.Second, nil)
	if err != nil {
		fmt.Println(err) // errors.Is(err, sendrecv.ErrNoReply) when nothing answered
		return
	}
	flags, _ := reply.GetLayer("TCP").Get("flags")
	if flags.(uint8)&layers.TCPSyn != 0 && flags.(uint8)&layers.TCPAck != 0 {
		fmt.Println("port 80 open")
	}
}

// An ARP request for one address, answered with its MAC address.
func ExampleSrp1() {
	pkt := goscapy.NewEthernet().DstMAC("ff:ff:ff:ff:ff:ff").
		Over(goscapy.NewARP().Op(layers.ARPWhoHas).DstIP("192.0.2.10")). // sources: the interface's
		Packet()
	_, reply, err := sendrecv.Srp1(pkt, "eth0", time.Second, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	hwsrc, _ := reply.GetLayer("ARP").Get("hwsrc")
	fmt.Println("192.0.2.10 is at", hwsrc)
}

// Many requests in flight at once, resent once when unanswered, and the
// results as Scapy prints them.
func ExampleSrContext() {
	var pkts []*packet.Packet
	for _, port := range []uint16{22, 80, 443} {
		pkts = append(pkts, goscapy.NewIP().DstIP("192.0.2.10").
			Over(goscapy.NewTCP().SrcPort(40000+port).DstPort(port).Flags(layers.TCPSyn)).Packet())
	}
	res, err := sendrecv.SrContext(context.Background(), pkts, sendrecv.SrOptions{
		Iface: "eth0", Timeout: 2 * time.Second, Retry: 1, Rate: 1000,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(res.Summary()) // <Results: TCP:3 UDP:0 ICMP:0 Other:0> and one line per answer
	res.Table(os.Stdout)     // one row per host, one column per port: SA, RA or -
	for sent, recv := range res.All() {
		fmt.Println(sent.GetLayer("TCP").Summary(), "->", recv.GetLayer("TCP").Summary())
	}
	fmt.Println(len(res.Unanswered), "unanswered")
}
