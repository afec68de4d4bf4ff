// Dns-spoof-detect finds forged DNS responses in a capture or live: it
// pairs each response with its query (same transaction ID, client
// address and port, and question) and reports the signs of spoofing:
//
//   - race: a second response to a query that already had one. A spoofer
//     (Kaminsky's attack, or an on-path one) must answer before the real
//     server, so two answers to one query mean one was forged; the alert
//     says how much later it came and whether its answers, its server
//     address or its link-layer source differ from the first.
//
//   - unsolicited: a response that answers no query seen, typically a
//     blind spoofer guessing transaction IDs.
//
//   - wrong-server: a response from another address than the query was
//     sent to.
//
//     go run ./examples/40-dns-spoof-detect examples/40-dns-spoof-detect/testdata/dns-spoof.pcap
//     sudo go run ./examples/40-dns-spoof-detect -i eth0 -t 10m
//
// It reads DNS over UDP (port 53, or -port) from a pcap or pcapng file, or
// live with -i through package sniff, the filter running in the kernel.
// Queries are forgotten after -window. A live capture started after a
// query sees its response as unsolicited. Nothing is ever sent; a live
// capture needs root or CAP_NET_RAW. The test capture and the Scapy
// script that made it are in testdata.
//
//example:offline examples/40-dns-spoof-detect/testdata/dns-spoof.pcap
//example:lab -i {iface} -t 2s
//example:expect \d+ queries, \d+ responses \(\d+ paired with their query\), \d+ alerts
//example:expect (?s)^Watching DNS on |ALERT unsolicited id=0x1a2a www\.example\.com\. A from 198\.51\.100\.53
//example:expect (?s)^Watching DNS on |ALERT race id=0x1a2b www\.example\.com\. A to 192\.0\.2\.10:40000: response 2 arrived 23\.000ms after the first: different answers \[203\.0\.113\.80\] vs \[203\.0\.113\.66\]; different link-layer source
//example:expect (?s)^Watching DNS on |2 queries, 5 responses \(2 paired with their query\), 3 alerts
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"os/signal"
	"slices"
	"strings"
	"time"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sniff"
)

// key identifies a query: what a resolver checks before it accepts a
// response.
type key struct {
	client netip.AddrPort
	id     uint16
	qname  string
	qtype  uint16
}

// query is a query seen, with the first response to it.
type query struct {
	server    netip.Addr
	at        time.Time
	answered  bool
	first     time.Time  // when the first response came
	answers   string     // its answers, sorted
	from      netip.Addr // its source address
	fromMAC   fields.MAC // its link-layer source
	responses int
	sent      int // times the query was sent (retransmissions reuse the ID)
}

type detector struct {
	window                             time.Duration
	port                               uint16
	pending                            map[key]*query
	queries, responses, alerts, paired int
	lastPurge                          time.Time
}

func main() {
	iface := flag.String("i", "", "capture live on this interface instead of reading a file")
	timeout := flag.Duration("t", 0, "live: stop after this long (0: until Ctrl-C)")
	window := flag.Duration("window", 10*time.Second, "how long a query waits for responses")
	port := flag.Uint("port", 53, "the DNS server port")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: dns-spoof-detect [-window D] [-port N] FILE")
		fmt.Fprintln(os.Stderr, "       dns-spoof-detect -i IFACE [-t DURATION] [-window D] [-port N]")
		fmt.Fprintln(os.Stderr, "\nReport forged DNS responses in a capture file (pcap or pcapng) or live on")
		fmt.Fprintln(os.Stderr, "IFACE (needs root or CAP_NET_RAW). Nothing is sent.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if (*iface == "") == (flag.NArg() != 1) || flag.NArg() > 1 || *window <= 0 || *port < 1 || *port > 65535 || *timeout < 0 {
		flag.Usage()
		os.Exit(2)
	}
	cfg := sniff.SniffConfig{Iface: *iface, Filter: fmt.Sprintf("udp port %d", *port), Timeout: *timeout}
	if *iface == "" {
		cfg.Offline = flag.Arg(0)
		fmt.Printf("Reading DNS from %s\n", cfg.Offline)
	} else {
		fmt.Printf("Watching DNS on %s\n", *iface)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	d := &detector{window: *window, port: uint16(*port), pending: map[key]*query{}}
	err := sniff.SniffContext(ctx, cfg, func(p *packet.Packet) bool {
		d.packet(p)
		return true
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintln(os.Stderr, "dns-spoof-detect:", err)
		os.Exit(1)
	}
	fmt.Printf("\n%d queries, %d responses (%d paired with their query), %d alerts\n",
		d.queries, d.responses, d.paired, d.alerts)
}

// packet handles one captured DNS message.
func (d *detector) packet(p *packet.Packet) {
	dns, ok := packet.LayerOf[*layers.DNS](p)
	udp, ok2 := packet.LayerOf[*layers.UDP](p)
	if !ok || !ok2 || len(dns.Questions) != 1 || dns.Opcode != 0 {
		return // not a standard query or response with one question
	}
	src, dst, ok := addrs(p)
	if !ok {
		return
	}
	var srcMAC fields.MAC
	if eth, ok := packet.LayerOf[*layers.Ethernet](p); ok {
		srcMAC = eth.Src
	}
	now := p.Metadata.Timestamp
	d.purge(now)
	q := dns.Questions[0]
	k := key{id: dns.ID, qname: strings.ToLower(q.Name.String()), qtype: q.Type}
	ts := now.UTC().Format("15:04:05.000000")
	what := fmt.Sprintf("id=%#04x %s %s", dns.ID, k.qname, typeName(q.Type))

	if dns.QR == 0 {
		if udp.DstPort != d.port {
			return
		}
		d.queries++
		k.client = netip.AddrPortFrom(src, udp.SrcPort)
		if qr := d.pending[k]; qr != nil && !qr.answered && qr.server == dst {
			qr.sent++ // a retransmission: the same query again
			return
		}
		d.pending[k] = &query{server: dst, at: now, sent: 1}
		return
	}
	if udp.SrcPort != d.port {
		return
	}
	d.responses++
	k.client = netip.AddrPortFrom(dst, udp.DstPort)
	answers := answerText(dns)
	qr := d.pending[k]
	if qr == nil {
		d.alert(ts, "unsolicited", "%s from %v to %v: no query seen (answers [%s])", what, src, k.client, answers)
		return
	}
	qr.responses++
	if src != qr.server {
		d.alert(ts, "wrong-server", "%s to %v: from %v, the query went to %v", what, k.client, src, qr.server)
	}
	if !qr.answered {
		d.paired++
		qr.answered, qr.first, qr.answers, qr.from, qr.fromMAC = true, now, answers, src, srcMAC
		return
	}
	var diffs []string
	if answers != qr.answers {
		diffs = append(diffs, fmt.Sprintf("different answers [%s] vs [%s]", answers, qr.answers))
	}
	if src != qr.from {
		diffs = append(diffs, fmt.Sprintf("different server %v vs %v", src, qr.from))
	}
	if srcMAC != qr.fromMAC {
		diffs = append(diffs, fmt.Sprintf("different link-layer source %v vs %v", srcMAC, qr.fromMAC))
	}
	if len(diffs) == 0 {
		diffs = append(diffs, "same answers")
		if qr.sent > 1 {
			diffs = append(diffs, fmt.Sprintf("the query was sent %d times", qr.sent))
		}
	}
	late := now.Sub(qr.first)
	d.alert(ts, "race", "%s to %v: response %d arrived %.3fms after the first: %s",
		what, k.client, qr.responses, float64(late)/1e6, strings.Join(diffs, "; "))
}

func (d *detector) alert(ts, kind, format string, args ...any) {
	d.alerts++
	fmt.Printf("%s ALERT %s %s\n", ts, kind, fmt.Sprintf(format, args...))
}

// purge forgets the queries older than the window, once per window.
func (d *detector) purge(now time.Time) {
	if now.Sub(d.lastPurge) < d.window {
		return
	}
	d.lastPurge = now
	for k, q := range d.pending {
		if now.Sub(q.at) > d.window {
			delete(d.pending, k)
		}
	}
}

// addrs returns the IP source and destination of a packet.
func addrs(p *packet.Packet) (src, dst netip.Addr, ok bool) {
	if ip, ok := packet.LayerOf[*layers.IPv4](p); ok {
		return ip.Src, ip.Dst, true
	}
	if ip, ok := packet.LayerOf[*layers.IPv6](p); ok {
		return ip.Src, ip.Dst, true
	}
	return netip.Addr{}, netip.Addr{}, false
}

// answerText returns the answer section as sorted text: addresses, names
// for CNAME and the like, the record type and size for the rest, and the
// response code when it is not NOERROR.
func answerText(dns *layers.DNS) string {
	var out []string
	if dns.Rcode != 0 {
		out = append(out, fmt.Sprintf("rcode=%d", dns.Rcode))
	}
	for _, rr := range dns.Answers {
		if a, ok := rr.Addr(); ok {
			out = append(out, a.String())
		} else if t, ok := rr.Target(); ok {
			out = append(out, typeName(rr.Type)+" "+t.String())
		} else {
			out = append(out, fmt.Sprintf("%s (%d bytes)", typeName(rr.Type), len(rr.Data)))
		}
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

func typeName(t uint16) string {
	switch t {
	case layers.DNSTypeA:
		return "A"
	case layers.DNSTypeAAAA:
		return "AAAA"
	case layers.DNSTypeCNAME:
		return "CNAME"
	case layers.DNSTypeNS:
		return "NS"
	case layers.DNSTypePTR:
		return "PTR"
	case layers.DNSTypeMX:
		return "MX"
	case layers.DNSTypeTXT:
		return "TXT"
	case layers.DNSTypeSRV:
		return "SRV"
	case layers.DNSTypeSOA:
		return "SOA"
	}
	return fmt.Sprintf("TYPE%d", t)
}
