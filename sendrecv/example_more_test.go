package sendrecv_test

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"net/netip"
	"os"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/bpf"
	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sendrecv"
)

// The examples with an Output block work on packets built by Scapy 2.5 and
// dissected here; the others send or capture, so they are compiled but not
// run. They use the interface "eth0" and the lab address 198.18.1.3: name
// your own.
//
//	syn = IP(src="198.18.1.2", dst="198.18.1.3")/TCP(sport=40000, dport=80, flags="S", seq=1000)
//	synAck = IP(src="198.18.1.3", dst="198.18.1.2")/TCP(sport=80, dport=40000, flags="SA", seq=5, ack=1001)
//	ping = IP(src="198.18.1.2", dst="198.18.1.3")/ICMP(id=7, seq=1)
//	pong = IP(src="198.18.1.3", dst="198.18.1.2")/ICMP(type=0, id=7, seq=1)
//	udp9 = IP(src="198.18.1.2", dst="198.18.1.3")/UDP(sport=5555, dport=9)/Raw(b"x")
//	unreach = IP(src="198.18.1.3", dst="198.18.1.2")/ICMP(type=3, code=3)/bytes(udp9)
//	whoHas = Ether(src="02:00:00:00:01:02", dst="ff:ff:ff:ff:ff:ff")/ARP(hwsrc="02:00:00:00:01:02", psrc="198.18.1.2", pdst="198.18.1.3")
//	isAt = Ether(src="02:00:00:00:01:03", dst="02:00:00:00:01:02")/ARP(op=2, hwsrc="02:00:00:00:01:03", psrc="198.18.1.3", hwdst="02:00:00:00:01:02", pdst="198.18.1.2")
//	synAckEther = Ether(src="02:00:00:00:01:03", dst="02:00:00:00:01:02")/synAck
var (
	syn         = exDissect("45000028000100004006eca5c6120102c61201039c400050000003e8000000005002200061400000")
	synAck      = exDissect("45000028000100004006eca5c6120103c612010200509c4000000005000003e950122000612a0000")
	ping        = exDissect("4500001c000100004001ecb6c6120102c61201030800f7f700070001")
	pong        = exDissect("4500001c000100004001ecb6c6120103c61201020000fff700070001")
	udp9        = exDissect("4500001d000100004011eca5c6120102c612010315b300090009e3f578")
	unreach     = exDissect("45000039000100004001ec99c6120103c612010203038b41000000004500001d000100004011eca5c6120102c612010315b300090009e3f578")
	whoHas      = exDissect("ffffffffffff02000000010208060001080006040001020000000102c6120102000000000000c6120103")
	isAt        = exDissect("02000000010202000000010308060001080006040002020000000103c6120103020000000102c6120102")
	synAckEther = exDissect("020000000102020000000103080045000028000100004006eca5c6120103c612010200509c4000000005000003e950122000612a0000")
)

// exDissect dissects an IPv4 packet or an Ethernet frame given in hex.
func exDissect(s string) *packet.Packet {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	first := layers.EthernetType
	if b[0]>>4 == 4 {
		first = layers.IPv4Type
	}
	p, _ := packet.Dissect(b, first)
	return p
}

// results is what an Sr call returns for the four requests above, with a SYN to port
// 22 of another host left unanswered.
func results() *sendrecv.SndRcvList {
	t0 := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	syn22 := goscapy.NewIP().SrcIP("198.18.1.2").DstIP("198.18.1.20").
		Over(goscapy.NewTCP().SrcPort(40001).DstPort(22).Flags(layers.TCPSyn)).Packet()
	return &sendrecv.SndRcvList{
		Answered: []sendrecv.SndRcvPair{
			{Sent: syn, Received: synAck, SentAt: t0, ReceivedAt: t0.Add(310 * time.Microsecond)},
			{Sent: ping, Received: pong, SentAt: t0, ReceivedAt: t0.Add(120 * time.Microsecond)},
			{Sent: udp9, Received: unreach, SentAt: t0, ReceivedAt: t0.Add(95 * time.Microsecond)},
			{Sent: whoHas, Received: isAt, SentAt: t0, ReceivedAt: t0.Add(60 * time.Microsecond)},
		},
		Unanswered: []*packet.Packet{syn22},
	}
}

// DefaultMatch pairs requests and answers by Scapy's rules, from the first
// protocol both packets have: an answer read with its Ethernet header
// matches a request sent at layer 3.
func ExampleDefaultMatch() {
	fmt.Println(sendrecv.DefaultMatch(syn, synAck), sendrecv.DefaultMatch(syn, synAckEther))
	fmt.Println(sendrecv.DefaultMatch(ping, pong), sendrecv.DefaultMatch(udp9, unreach), sendrecv.DefaultMatch(whoHas, isAt))
	fmt.Println(sendrecv.DefaultMatch(syn, pong), sendrecv.DefaultMatch(synAck, syn), sendrecv.DefaultMatch(syn, syn))
	// Output:
	// true true
	// true true true
	// false false false
}

// MatchKey buckets requests so that each reply is tried against a few
// candidates, not all of them.
func ExampleMatchKey() {
	pending := map[uint64][]*packet.Packet{}
	for _, s := range []*packet.Packet{syn, ping, udp9, whoHas} {
		k := sendrecv.MatchKey(s)
		pending[k] = append(pending[k], s)
	}
	for _, r := range []*packet.Packet{synAckEther, pong, unreach, isAt} {
		for _, s := range pending[sendrecv.MatchKey(r)] {
			if sendrecv.DefaultMatch(s, r) {
				fmt.Println(r.Summary(), "answers", s.Summary())
			}
		}
	}
	// Output:
	// Ethernet / IP / TCP 198.18.1.3:80 > 198.18.1.2:40000 SA answers IP / TCP 198.18.1.2:40000 > 198.18.1.3:80 S
	// IP / ICMP 198.18.1.3 > 198.18.1.2 echo-reply 0 answers IP / ICMP 198.18.1.2 > 198.18.1.3 echo-request 0
	// IP / ICMP 198.18.1.3 > 198.18.1.2 dest-unreach port-unreachable / IPerror / UDPerror / Raw answers IP / UDP 198.18.1.2:5555 > 198.18.1.3:9 / Raw
	// Ethernet / ARP is at 02:00:00:00:01:03 says 198.18.1.3 answers Ethernet / ARP who has 198.18.1.3 says 198.18.1.2
}

// A MatchFunc replaces DefaultMatch: here only SYN-ACKs count as answers
// to a SYN, so closed ports (RST) look unanswered.
func ExampleMatchFunc() {
	var openOnly sendrecv.MatchFunc = func(sent, recv *packet.Packet) bool {
		tcp, ok := packet.LayerOf[*layers.TCP](recv)
		return ok && tcp.Flags&(layers.TCPSyn|layers.TCPAck) == layers.TCPSyn|layers.TCPAck &&
			sendrecv.DefaultMatch(sent, recv)
	}
	fmt.Println(openOnly(syn, synAck), openOnly(ping, pong))
	// Used as SrOptions.Match, or the match argument of Sr, Sr1, Srp, Srp1.
	_ = sendrecv.SrOptions{Iface: "eth0", Timeout: time.Second, Match: openOnly}
	// Output:
	// true false
}

// SndRcvList is what Sr and Srp return: the answered pairs and the
// unanswered requests, printed as Scapy prints them.
func ExampleSndRcvList() {
	res := results()
	fmt.Println(res, res.Len())
	fmt.Print(res.Summary())
	// Output:
	// <Results: TCP:1 UDP:0 ICMP:2 Other:1> 4
	// <Results: TCP:1 UDP:0 ICMP:2 Other:1>
	// IP / TCP 198.18.1.2:40000 > 198.18.1.3:80 S ==> IP / TCP 198.18.1.3:80 > 198.18.1.2:40000 SA
	// IP / ICMP 198.18.1.2 > 198.18.1.3 echo-request 0 ==> IP / ICMP 198.18.1.3 > 198.18.1.2 echo-reply 0
	// IP / UDP 198.18.1.2:5555 > 198.18.1.3:9 / Raw ==> IP / ICMP 198.18.1.3 > 198.18.1.2 dest-unreach port-unreachable / IPerror / UDPerror / Raw
	// Ethernet / ARP who has 198.18.1.3 says 198.18.1.2 ==> Ethernet / ARP is at 02:00:00:00:01:03 says 198.18.1.3
}

func ExampleSndRcvList_All() {
	for sent, recv := range results().All() {
		fmt.Println(sent.Layer(1).Proto().Name, "->", recv.Layer(1).Proto().Name)
	}
	// Output:
	// TCP -> TCP
	// ICMP -> ICMP
	// UDP -> ICMP
	// ARP -> ARP
}

func ExampleSndRcvList_UnansweredSummary() {
	fmt.Print(results().UnansweredSummary())
	// Output:
	// <Unanswered: TCP:1 UDP:0 ICMP:0 Other:0>
	// IP / TCP 198.18.1.2:40001 > 198.18.1.20:22 S
}

// Table is Scapy's make_table: one row per destination, one column per
// probe.
func ExampleSndRcvList_Table() {
	res := results()
	res.Answered = res.Answered[:3] // the IP ones
	fmt.Println("TCP SYN, UDP and ICMP echo probes:")
	if err := res.Table(os.Stdout); err != nil {
		log.Fatal(err)
	}
	// Output:
	// TCP SYN, UDP and ICMP echo probes:
	//              9/udp     22/tcp  80/tcp  icmp
	// 198.18.1.3   icmp 3/3          SA      echo-reply
	// 198.18.1.20            -
}

// DefaultTableCell is the TableFunc of Table: where each pair goes and
// what its cell says.
func ExampleDefaultTableCell() {
	for sent, recv := range results().All() {
		row, col, cell, ok := sendrecv.DefaultTableCell(sent, recv)
		fmt.Printf("%q %q %q %v\n", row, col, cell, ok)
	}
	// Output:
	// "198.18.1.3" "80/tcp" "SA" true
	// "198.18.1.3" "icmp" "echo-reply" true
	// "198.18.1.3" "9/udp" "icmp 3/3" true
	// "198.18.1.3" "arp" "is-at 02:00:00:00:01:03" true
}

// MakeTable lays the results out with a TableFunc of one's own, like
// Scapy's make_table(lambda s, r: ...). Unanswered requests come with a
// nil recv.
func ExampleSndRcvList_MakeTable() {
	var ttl sendrecv.TableFunc = func(sent, recv *packet.Packet) (row, col, cell string, ok bool) {
		ip, ok := packet.LayerOf[*layers.IPv4](sent)
		if !ok {
			return "", "", "", false
		}
		cell = "-"
		if recv != nil {
			rip, _ := packet.LayerOf[*layers.IPv4](recv)
			cell = fmt.Sprint(rip.TTL)
		}
		return ip.Dst.String(), ip.Proto().Name + "/" + sent.Layer(1).Proto().Name, cell, true
	}
	fmt.Println("TTL of the answers:")
	if err := results().MakeTable(os.Stdout, ttl); err != nil {
		log.Fatal(err)
	}
	// Output:
	// TTL of the answers:
	//              IP/ICMP  IP/TCP  IP/UDP
	// 198.18.1.3   64       64      64
	// 198.18.1.20           -
}

func ExampleTableFunc() {
	// A TableFunc returning ok false leaves the pair out.
	var arpOnly sendrecv.TableFunc = func(sent, recv *packet.Packet) (string, string, string, bool) {
		if recv == nil || !recv.HasLayer("ARP") {
			return "", "", "", false
		}
		hwsrc, _ := recv.GetLayer("ARP").Get("hwsrc")
		psrc, _ := recv.GetLayer("ARP").Get("psrc")
		return fmt.Sprint(psrc), "MAC", fmt.Sprint(hwsrc), true
	}
	fmt.Println("ARP answers:")
	results().MakeTable(os.Stdout, arpOnly)
	// Output:
	// ARP answers:
	//             MAC
	// 198.18.1.3  02:00:00:00:01:03
}

func ExampleSndRcvPair_RTT() {
	for _, pr := range results().Answered {
		fmt.Println(pr.Sent.Layer(1).Proto().Name, pr.RTT())
	}
	// Output:
	// TCP 310µs
	// ICMP 120µs
	// UDP 95µs
	// ARP 60µs
}

func ExamplePacketType() {
	for _, t := range []sendrecv.PacketType{sendrecv.PacketHost, sendrecv.PacketBroadcast, sendrecv.PacketOutgoing} {
		fmt.Println(uint8(t), t)
	}
	// Output:
	// 0 host
	// 1 broadcast
	// 4 outgoing
}

// PacketInfo is what ReadPacket says about a frame besides its bytes.
func ExamplePacketInfo() {
	conn, err := sendrecv.OpenL2("eth0", sendrecv.WithFilter("icmp"))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	buf := make([]byte, 65536)
	for {
		n, info, err := conn.ReadPacket(buf)
		if err != nil {
			log.Fatal(err)
		}
		if info.Outgoing() {
			continue // this host's own
		}
		fmt.Println(info.Timestamp, info.Type, n, info.Length, info.Truncated, info.VLANTag)
	}
}

func ExamplePacketInfo_Outgoing() {
	in := sendrecv.PacketInfo{Type: sendrecv.PacketHost}
	out := sendrecv.PacketInfo{Type: sendrecv.PacketOutgoing}
	fmt.Println(in.Outgoing(), out.Outgoing())
	// Output:
	// false true
}

// Addr is the sender of a frame, as an L2Conn's ReadFrom returns it.
func ExampleAddr() {
	a := &sendrecv.Addr{Index: 2, MAC: fields.MustParseMAC("02:00:00:00:01:03"), Protocol: layers.EtherTypeIPv4}
	fmt.Println(a.Network(), a, a.Index, a.Protocol)
	// Output:
	// packet 02:00:00:00:01:03 2 2048
}

// IPAddr is the address an L3Conn's ReadFrom and WriteTo use.
func ExampleIPAddr() {
	for _, s := range []string{"198.18.1.3", "2001:db8:1::3"} {
		a := &sendrecv.IPAddr{Addr: netip.MustParseAddr(s)}
		fmt.Println(a.Network(), a)
	}
	// Output:
	// ip4 198.18.1.3
	// ip6 2001:db8:1::3
}

// Socket errors say what failed on which interface and wrap the cause.
func ExampleOpError() {
	err := error(&sendrecv.OpError{Op: "open", Iface: "eth0", Err: sendrecv.ErrPermission})
	fmt.Println(err)
	fmt.Println(errors.Is(err, sendrecv.ErrPermission))
	err = &sendrecv.OpError{Op: "read", Iface: "eth0", Err: os.ErrDeadlineExceeded}
	var op *sendrecv.OpError
	fmt.Println(errors.As(err, &op) && op.Timeout())
	// Output:
	// sendrecv: open on eth0: needs root or CAP_NET_RAW
	// true
	// true
}

// Send sends at layer 3: the kernel routes the packet and adds the link
// layer; an unset IP source is the route's.
func ExampleSend() {
	p := goscapy.NewIP().DstIP("198.18.1.3").
		Over(goscapy.NewICMP().Type(8).Code(0)).Packet()
	if err := sendrecv.Send(p, "eth0"); err != nil {
		log.Fatal(err) // errors.Is(err, sendrecv.ErrPermission) without root
	}
}

// SendContext is Send with a context: here a stream of 1000 packets a
// second until the context ends, with the count of packets sent.
func ExampleSendContext() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	p := goscapy.NewIP().DstIP("198.18.1.3").
		Over(goscapy.NewUDP().SrcPort(40000).DstPort(9)).Packet()
	var n int
	err := sendrecv.SendContext(ctx, p, "eth0", sendrecv.Loop(), sendrecv.Rate(1000), sendrecv.Sent(&n))
	fmt.Println(n, "sent", err) // context.DeadlineExceeded ends the loop
}

// Sendp sends the frame as built, at layer 2.
func ExampleSendp() {
	p := goscapy.NewEthernet().DstMAC("ff:ff:ff:ff:ff:ff").
		Over(goscapy.NewARP().Op(layers.ARPWhoHas).DstIP("198.18.1.3")).Packet()
	if err := sendrecv.Sendp(p, "eth0"); err != nil {
		log.Fatal(err)
	}
}

func ExampleSendpContext() {
	p := goscapy.NewEthernet().DstMAC("ff:ff:ff:ff:ff:ff").
		Over(goscapy.NewARP().Op(layers.ARPWhoHas).DstIP("198.18.1.3")).Packet()
	err := sendrecv.SendpContext(context.Background(), p, "eth0", sendrecv.Count(3), sendrecv.Inter(time.Second))
	if err != nil {
		log.Fatal(err)
	}
}

// Count sends the packet n times.
func ExampleCount() {
	p := goscapy.NewIP().DstIP("198.18.1.3").Over(goscapy.NewICMP()).Packet()
	sendrecv.Send(p, "eth0", sendrecv.Count(10))
}

// Inter waits between two copies (Scapy's inter).
func ExampleInter() {
	p := goscapy.NewIP().DstIP("198.18.1.3").Over(goscapy.NewICMP()).Packet()
	sendrecv.Send(p, "eth0", sendrecv.Count(5), sendrecv.Inter(200*time.Millisecond))
}

// Loop sends until the context ends (Scapy's loop=1); Count bounds it.
func ExampleLoop() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	p := goscapy.NewIP().DstIP("198.18.1.3").Over(goscapy.NewICMP()).Packet()
	sendrecv.SendContext(ctx, p, "eth0", sendrecv.Loop(), sendrecv.Inter(10*time.Millisecond))
}

// Rate caps the packets per second.
func ExampleRate() {
	p := goscapy.NewIP().DstIP("198.18.1.3").Over(goscapy.NewUDP().DstPort(9)).Packet()
	sendrecv.Send(p, "eth0", sendrecv.Count(10000), sendrecv.Rate(5000))
}

// Sent reports how many packets went out, also when sending stopped on an
// error.
func ExampleSent() {
	p := goscapy.NewIP().DstIP("198.18.1.3").Over(goscapy.NewICMP()).Packet()
	var n int
	err := sendrecv.Send(p, "eth0", sendrecv.Count(100), sendrecv.Sent(&n))
	fmt.Println(n, err)
}

// CloseSockets closes the sockets Send and Sendp keep for reuse.
func ExampleCloseSockets() {
	defer sendrecv.CloseSockets()
	p := goscapy.NewIP().DstIP("198.18.1.3").Over(goscapy.NewICMP()).Packet()
	for range 3 {
		sendrecv.Send(p, "eth0") // one socket, opened by the first call
	}
}

// Sr sends packets at layer 3 and collects their answers.
func ExampleSr() {
	var pkts []*packet.Packet
	for _, port := range []uint16{22, 80, 8080} {
		pkts = append(pkts, goscapy.NewIP().DstIP("198.18.1.3").
			Over(goscapy.NewTCP().SrcPort(40000).DstPort(port).Flags(layers.TCPSyn)).Packet())
	}
	res, err := sendrecv.Sr(pkts, "eth0", 2*time.Second, nil)
	if err != nil {
		log.Fatal(err)
	}
	res.Table(os.Stdout)
}

// Srp sends frames at layer 2: an ARP sweep of a small network.
func ExampleSrp() {
	var pkts []*packet.Packet
	for i := 1; i < 8; i++ {
		pkts = append(pkts, goscapy.NewEthernet().DstMAC("ff:ff:ff:ff:ff:ff").
			Over(goscapy.NewARP().Op(layers.ARPWhoHas).DstIP(fmt.Sprintf("198.18.1.%d", i))).Packet())
	}
	res, err := sendrecv.Srp(pkts, "eth0", time.Second, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, pr := range res.Answered {
		fmt.Println(pr.Received.GetLayer("ARP").Summary())
	}
}

// SrpContext takes its options in an SrOptions and stops when the
// context ends.
func ExampleSrpContext() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := goscapy.NewEthernet().DstMAC("ff:ff:ff:ff:ff:ff").
		Over(goscapy.NewARP().Op(layers.ARPWhoHas).DstIP("198.18.1.3")).Packet()
	res, err := sendrecv.SrpContext(ctx, []*packet.Packet{p}, sendrecv.SrOptions{
		Iface: "eth0", Timeout: time.Second, Retry: 2,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(res.Summary())
}

// Sr1Context sends one packet and returns its first answer.
func ExampleSr1Context() {
	p := goscapy.NewIP().DstIP("198.18.1.3").
		Over(goscapy.NewUDP().SrcPort(40000).DstPort(53)).
		Over(goscapy.NewDNS().Question("www.lab.test", layers.DNSTypeA)).Packet()
	_, reply, err := sendrecv.Sr1Context(context.Background(), p, sendrecv.SrOptions{
		Iface: "eth0", Timeout: 2 * time.Second,
	})
	if errors.Is(err, sendrecv.ErrNoReply) {
		fmt.Println("no answer")
		return
	}
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(reply.Summary())
}

func ExampleSrp1Context() {
	p := goscapy.NewEthernet().DstMAC("ff:ff:ff:ff:ff:ff").
		Over(goscapy.NewARP().Op(layers.ARPWhoHas).DstIP("198.18.1.3")).Packet()
	_, reply, err := sendrecv.Srp1Context(context.Background(), p, sendrecv.SrOptions{
		Iface: "eth0", Timeout: time.Second, Retry: 1,
	})
	if err != nil {
		log.Fatal(err)
	}
	hwsrc, _ := reply.GetLayer("ARP").Get("hwsrc")
	fmt.Println("198.18.1.3 is at", hwsrc)
}

// SrOptions gathers the settings of the Context variants; Scapy's names
// in parentheses.
func ExampleSrOptions() {
	opts := sendrecv.SrOptions{
		Iface:   "eth0",
		Timeout: 2 * time.Second,   // (timeout)
		Retry:   -2,                // (retry): until 2 rounds bring nothing new
		Inter:   time.Millisecond,  // (inter)
		Multi:   false,             // (multi)
		Filter:  "host 198.18.1.3", // kernel filter on what is received
		Rate:    500,               // requests per second
	}
	p := goscapy.NewIP().DstIP("198.18.1.3").Over(goscapy.NewICMP()).Packet()
	res, err := sendrecv.SrContext(context.Background(), []*packet.Packet{p}, opts)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res)
}

// OpenL2 opens a packet socket; the filter is attached before the socket
// is bound, so nothing it rejects is ever queued.
func ExampleOpenL2() {
	conn, err := sendrecv.OpenL2("eth0", sendrecv.WithFilter("arp or icmp"), sendrecv.WithoutOutgoing())
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	fmt.Println(conn.Interface(), conn.Index(), conn.MAC(), conn.LinkType())

	dec := goscapy.NewDecoder()
	buf := make([]byte, 65536)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		n, _, err := conn.ReadPacketContext(ctx, buf)
		if err != nil {
			break // the context ended
		}
		p, _ := dec.Decode(buf[:n])
		fmt.Println(p)
	}
}

// An L2Conn writes frames as they are.
func ExampleL2Conn_WritePacket() {
	conn, err := sendrecv.OpenL2("eth0", sendrecv.WithSendOnly())
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	frame, _ := goscapy.EtherARP(conn.MAC(), "ff:ff:ff:ff:ff:ff", "198.18.1.2", "198.18.1.3", layers.ARPWhoHas)
	if err := conn.WritePacket(frame); err != nil {
		log.Fatal(err)
	}
}

// OpenL3 opens a raw IP socket (4 or 6): the kernel routes what it sends.
func ExampleOpenL3() {
	conn, err := sendrecv.OpenL3(4, sendrecv.WithIPProtocol(layers.IPProtoICMP))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	pkt, _ := goscapy.IPICMP("198.18.1.2", "198.18.1.3", 8, 0)
	if _, err := conn.WriteTo(pkt, &sendrecv.IPAddr{Addr: netip.MustParseAddr("198.18.1.3")}); err != nil {
		log.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(time.Second))
	buf := make([]byte, 65536)
	n, from, err := conn.ReadFrom(buf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, "bytes from", from)
}

// WithBPF attaches a program compiled elsewhere.
func ExampleWithBPF() {
	prog, err := bpf.CompileLive("tcp port 80", bpf.LinkTypeEthernet, 0)
	if err != nil {
		log.Fatal(err)
	}
	conn, err := sendrecv.OpenL2("eth0", sendrecv.WithBPF(prog))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
}

// WithFilter compiles a tcpdump expression for the socket.
func ExampleWithFilter() {
	conn, err := sendrecv.OpenL2("eth0", sendrecv.WithFilter("udp port 53"))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
}

// WithIPProtocol makes an L3 socket receive one IP protocol too.
func ExampleWithIPProtocol() {
	conn, err := sendrecv.OpenL3(6, sendrecv.WithIPProtocol(layers.IPProtoICMPv6))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
}

// WithInterface binds an L3 socket to one interface.
func ExampleWithInterface() {
	conn, err := sendrecv.OpenL3(4, sendrecv.WithInterface("eth0"))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
}

// WithPromisc receives frames addressed to other hosts too.
func ExampleWithPromisc() {
	conn, err := sendrecv.OpenL2("eth0", sendrecv.WithPromisc())
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
}

// WithProtocol receives one EtherType only.
func ExampleWithProtocol() {
	conn, err := sendrecv.OpenL2("eth0", sendrecv.WithProtocol(layers.EtherTypeARP))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
}

// WithQdiscBypass sends frames straight to the driver, past the traffic
// control queues.
func ExampleWithQdiscBypass() {
	conn, err := sendrecv.OpenL2("eth0", sendrecv.WithSendOnly(), sendrecv.WithQdiscBypass())
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
}

// WithReadBuffer enlarges the socket's receive buffer for bursts.
func ExampleWithReadBuffer() {
	conn, err := sendrecv.OpenL2("eth0", sendrecv.WithReadBuffer(8<<20))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	received, dropped, _ := conn.Stats()
	fmt.Println(received, dropped)
}

// WithSendOnly opens a socket that never queues a received frame.
func ExampleWithSendOnly() {
	conn, err := sendrecv.OpenL2("eth0", sendrecv.WithSendOnly())
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	frame, _ := goscapy.EtherIPUDP(conn.MAC(), "ff:ff:ff:ff:ff:ff", "198.18.1.2", "198.18.1.3", 40000, 9, []byte("x"))
	n, err := conn.WriteBatch([][]byte{frame, frame, frame})
	fmt.Println(n, err)
}

// WithSnapLen keeps at most n bytes of each frame (the filter's return
// value).
func ExampleWithSnapLen() {
	conn, err := sendrecv.OpenL2("eth0", sendrecv.WithSnapLen(96), sendrecv.WithFilter("tcp"))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
}

// WithoutOutgoing leaves out the frames this host sends.
func ExampleWithoutOutgoing() {
	conn, err := sendrecv.OpenL2("eth0", sendrecv.WithoutOutgoing())
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
}
