package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/goscapy/goscapy/am"
	"github.com/goscapy/goscapy/fields"
)

func init() {
	register(command{name: "am", summary: "run an answering machine: arp, icmp, dns or dhcp", run: runAM})
}

const amUsage = `usage: goscapy am MACHINE -i IFACE [options] [arguments]

Run an answering machine on IFACE until interrupted (Ctrl-C) or --timeout
passes, printing one line per answer and the counters on exit:

  goscapy am arp  -i eth0 [--mac MAC] ADDR|PREFIX...
        answer ARP who-has for these IPv4 addresses or whole prefixes
        (proxy ARP) with MAC (default: the interface's)
  goscapy am icmp -i eth0 [ADDR...]
        answer ICMP and ICMPv6 echo requests to these addresses (all
        echo requests when none is given)
  goscapy am dns  -i eth0 [--ttl N] NAME=ADDR[,ADDR...]...
        answer A and AAAA queries for these names, NXDOMAIN for others
  goscapy am dhcp -i eth0 --pool PREFIX --server ADDR [--range FIRST-LAST]
                  [--router ADDR,...] [--dns ADDR,...] [--domain NAME] [--lease DURATION]
        lease addresses of the pool: DISCOVER -> OFFER, REQUEST -> ACK

-f narrows what is read with a tcpdump filter, run in the kernel.
Answering needs root or CAP_NET_RAW. The traffic goes only where the
requests come from: run it on a lab or test network you own.
`

func runAM(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("am")
	iface := fs.String("i", "", "answer on interface `IFACE` (required)")
	filter := fs.String("f", "", "read only what `FILTER` (tcpdump syntax) accepts")
	timeout := fs.Duration("timeout", 0, "stop after `DURATION` (0: run until interrupted)")
	macFlag := fs.String("mac", "", "arp: answer with `MAC` (default: the interface's)")
	ttl := fs.Uint("ttl", 60, "dns: time to live of the answers, in `SECONDS`")
	pool := fs.String("pool", "", "dhcp: lease from `PREFIX` (required for dhcp)")
	server := fs.String("server", "", "dhcp: server identifier and source `ADDR` (required for dhcp)")
	rng := fs.String("range", "", "dhcp: lease only `FIRST-LAST` of the pool")
	router := fs.String("router", "", "dhcp: router option, `ADDR[,ADDR...]`")
	dnsList := fs.String("dns", "", "dhcp: name server option, `ADDR[,ADDR...]`")
	domain := fs.String("domain", "", "dhcp: domain name option `NAME`")
	lease := fs.Duration("lease", time.Hour, "dhcp: lease `DURATION`")
	pos, code, ok := parseArgs(fs, args, stdout, stderr, amUsage)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		return usageError(stderr, "am", errors.New("needs a machine: arp, icmp, dns or dhcp"))
	}
	if *iface == "" {
		return usageError(stderr, "am", errors.New("needs an interface: -i IFACE"))
	}
	if *timeout < 0 {
		return usageError(stderr, "am", errors.New("--timeout cannot be negative"))
	}
	var mu sync.Mutex
	onAnswer := func(a am.Answer) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintln(stdout, a.Text)
	}
	kind, rest := pos[0], pos[1:]
	var m *am.Machine
	var err error
	switch kind {
	case "arp":
		cfg := am.ARPConfig{Iface: *iface, Filter: *filter, OnAnswer: onAnswer}
		if *macFlag != "" {
			if cfg.MAC, err = fields.ParseMAC(*macFlag); err != nil {
				return usageError(stderr, "am", fmt.Errorf("--mac: %w", err))
			}
		}
		if len(rest) == 0 {
			return usageError(stderr, "am", errors.New("arp: give the addresses or prefixes to answer for"))
		}
		for _, s := range rest {
			if strings.Contains(s, "/") {
				p, perr := netip.ParsePrefix(s)
				if perr != nil || cfg.Prefix.IsValid() {
					return usageError(stderr, "am", fmt.Errorf("arp: bad or second prefix %q (one prefix at most)", s))
				}
				cfg.Prefix = p
				continue
			}
			a, perr := netip.ParseAddr(s)
			if perr != nil {
				return usageError(stderr, "am", fmt.Errorf("arp: %w", perr))
			}
			cfg.Addrs = append(cfg.Addrs, a)
		}
		m, err = am.NewARP(cfg)
	case "icmp":
		cfg := am.ICMPConfig{Iface: *iface, Filter: *filter, OnAnswer: onAnswer}
		for _, s := range rest {
			a, perr := netip.ParseAddr(s)
			if perr != nil {
				return usageError(stderr, "am", fmt.Errorf("icmp: %w", perr))
			}
			cfg.Addrs = append(cfg.Addrs, a)
		}
		m, err = am.NewICMP(cfg)
	case "dns":
		if *ttl > 1<<31-1 {
			return usageError(stderr, "am", errors.New("dns: --ttl too large"))
		}
		cfg := am.DNSConfig{Iface: *iface, Filter: *filter, OnAnswer: onAnswer, TTL: uint32(*ttl), Records: map[string][]netip.Addr{}}
		if len(rest) == 0 {
			return usageError(stderr, "am", errors.New("dns: give the records: NAME=ADDR[,ADDR...]"))
		}
		for _, s := range rest {
			name, list, found := strings.Cut(s, "=")
			if !found || name == "" {
				return usageError(stderr, "am", fmt.Errorf("dns: record %q is not NAME=ADDR[,ADDR...]", s))
			}
			addrs, perr := parseAddrList(list)
			if perr != nil {
				return usageError(stderr, "am", fmt.Errorf("dns: %s: %w", name, perr))
			}
			cfg.Records[name] = append(cfg.Records[name], addrs...)
		}
		m, err = am.NewDNS(cfg)
	case "dhcp":
		if len(rest) > 0 {
			return usageError(stderr, "am", errors.New("dhcp takes no arguments"))
		}
		cfg := am.DHCPConfig{Iface: *iface, Filter: *filter, OnAnswer: onAnswer, Domain: *domain, Lease: *lease}
		if cfg.Pool, err = netip.ParsePrefix(*pool); err != nil {
			return usageError(stderr, "am", fmt.Errorf("dhcp: --pool: %w", err))
		}
		if cfg.Server, err = netip.ParseAddr(*server); err != nil {
			return usageError(stderr, "am", fmt.Errorf("dhcp: --server: %w", err))
		}
		if *rng != "" {
			f, l, found := strings.Cut(*rng, "-")
			first, e1 := netip.ParseAddr(f)
			last, e2 := netip.ParseAddr(l)
			if !found || e1 != nil || e2 != nil {
				return usageError(stderr, "am", fmt.Errorf("dhcp: --range %q is not FIRST-LAST", *rng))
			}
			cfg.First, cfg.Last = first, last
		}
		if cfg.Router, err = parseAddrList(*router); err != nil {
			return usageError(stderr, "am", fmt.Errorf("dhcp: --router: %w", err))
		}
		if cfg.DNS, err = parseAddrList(*dnsList); err != nil {
			return usageError(stderr, "am", fmt.Errorf("dhcp: --dns: %w", err))
		}
		m, err = am.NewDHCP(cfg)
	default:
		return usageError(stderr, "am", fmt.Errorf("unknown machine %q (arp, icmp, dns or dhcp)", kind))
	}
	if err != nil {
		return usageError(stderr, "am", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *timeout)
		defer cancel()
	}
	err = m.Run(ctx)
	select {
	case <-m.Ready(): // it ran: the counters mean something
		mu.Lock()
		fmt.Fprintf(stdout, "am %s on %s: %v\n", m.Name(), *iface, m.Stats())
		mu.Unlock()
	default:
	}
	if err != nil {
		return fail(stderr, err)
	}
	return exitOK
}

// parseAddrList reads "A,B,C" ("" is none).
func parseAddrList(s string) ([]netip.Addr, error) {
	if s == "" {
		return nil, nil
	}
	var out []netip.Addr
	for _, f := range strings.Split(s, ",") {
		a, err := netip.ParseAddr(strings.TrimSpace(f))
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}
