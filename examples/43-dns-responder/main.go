// Dns-responder answers DNS queries on an interface from a table of
// names, with the am.NewDNS answering machine (Scapy's DNS_am): A
// questions from the IPv4 addresses of a name, AAAA from its IPv6 ones,
// NXDOMAIN for names not in the table. It prints each answer as it is
// sent and, at the end (-t elapsed or Ctrl-C), what the machine saw and
// answered.
//
//	sudo go run ./examples/43-dns-responder -i eth0 -t 10m www.lab.test=198.18.1.3 www.lab.test=2001:db8:1::3
//	sudo go run ./examples/43-dns-responder -i eth0 -server 192.0.2.53 printer.test=192.0.2.80
//
// The machine reads the queries through a kernel filter (udp dst port 53,
// narrowed by -f) from a packet socket and answers from the address and
// port each query was sent to, so it answers for addresses the host does
// not own too (the peers must route their queries to this link); -server
// limits it to queries sent to given addresses. The host's own stack may
// also answer (ICMP port unreachable) when nothing listens on the port.
// Answering needs root or CAP_NET_RAW; nothing is sent unless an
// interface is named.
//
//example:lab -i {iface} -t 2s a.lab.test=198.18.1.2 a.lab.test=2001:db8:1::2
//example:expect answering on a0 for 1 names
//example:expect dns machine: seen \d+, answered \d+
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"net/netip"
	"os"
	"os/signal"
	"slices"
	"strings"
	"time"

	"github.com/goscapy/goscapy/am"
)

// addrList is a repeatable flag of addresses, comma-separated or not.
type addrList []netip.Addr

func (l *addrList) String() string { return fmt.Sprint([]netip.Addr(*l)) }

func (l *addrList) Set(s string) error {
	for _, f := range strings.Split(s, ",") {
		a, err := netip.ParseAddr(strings.TrimSpace(f))
		if err != nil {
			return err
		}
		*l = append(*l, a.Unmap())
	}
	return nil
}

func main() {
	iface := flag.String("i", "", "interface to answer on (required)")
	timeout := flag.Duration("t", 0, "stop after this long (0: until Ctrl-C)")
	ttl := flag.Uint("ttl", 60, "TTL of the answers, in seconds")
	port := flag.Uint("port", 53, "UDP port served")
	filter := flag.String("f", "", "answer only queries this filter accepts (tcpdump syntax)")
	var servers addrList
	flag.Var(&servers, "server", "answer only queries sent to these addresses (repeatable, comma-separated)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: dns-responder -i IFACE [-t DURATION] [-ttl S] [-port N] [-f FILTER] [-server ADDR] NAME=ADDR...")
		fmt.Fprintln(os.Stderr, "\nAnswer the DNS queries seen on IFACE for the names given (A for IPv4 addresses, AAAA")
		fmt.Fprintln(os.Stderr, "for IPv6 ones; a name may be given several times), NXDOMAIN for other names")
		fmt.Fprintln(os.Stderr, "(needs root or CAP_NET_RAW).")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *iface == "" || flag.NArg() == 0 || *timeout < 0 || *ttl > 1<<31-1 || *port < 1 || *port > 65535 {
		flag.Usage()
		os.Exit(2)
	}
	records := map[string][]netip.Addr{}
	for _, arg := range flag.Args() {
		name, addr, ok := strings.Cut(arg, "=")
		a, err := netip.ParseAddr(addr)
		name = strings.TrimSuffix(strings.ToLower(name), ".")
		if !ok || err != nil || name == "" {
			fmt.Fprintf(os.Stderr, "dns-responder: want NAME=ADDR, got %q\n", arg)
			os.Exit(2)
		}
		records[name] = append(records[name], a.Unmap())
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *timeout)
		defer cancel()
	}
	m, err := am.NewDNS(am.DNSConfig{
		Iface:   *iface,
		Records: records,
		TTL:     uint32(*ttl),
		Addrs:   servers,
		Port:    uint16(*port),
		Filter:  *filter,
		OnAnswer: func(a am.Answer) {
			fmt.Printf("%s %s\n", time.Now().UTC().Format("15:04:05.000"), a.Text)
		},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "dns-responder:", err)
		os.Exit(2)
	}
	errc := make(chan error, 1)
	go func() { errc <- m.Run(ctx) }()
	select {
	case <-m.Ready():
		fmt.Printf("answering on %s for %d names (filter %q)\n", *iface, len(records), m.Filter())
		for _, name := range slices.Sorted(maps.Keys(records)) {
			fmt.Printf("  %s %v\n", name, records[name])
		}
		err = <-errc
	case err = <-errc:
	}
	if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		fmt.Fprintln(os.Stderr, "dns-responder:", err)
		os.Exit(1)
	}
	st := m.Stats()
	fmt.Printf("dns machine: seen %d, answered %d\n", st.Seen, st.Answered)
}
