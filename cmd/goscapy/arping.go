package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/goscapy/goscapy/route"
	"github.com/goscapy/goscapy/tools/arping"
)

func init() {
	register(command{name: "arping", summary: "find the hosts of a subnet with ARP requests, as arp-scan", run: runArping})
}

const arpingUsage = `usage: goscapy arping -i IFACE [-r RETRIES] [-W TIMEOUT] [--concurrency N] [--json] [PREFIX]

Ask every address of an IPv4 subnet on the link of IFACE who has it (ARP
who-has) and print the hosts that answered with their MAC addresses,
sorted by address, as arp-scan does:

  goscapy arping -i eth0 192.168.1.0/24
  goscapy arping -i eth0              (the subnet of eth0's IPv4 address)
  goscapy arping -i eth0 192.168.1.7  (one address)

At most --concurrency addresses are asked at once; one that does not
answer within -W is asked again -r times. A second MAC address answering
for an address (an address conflict) is printed too, marked (DUP).
Scanning needs root or CAP_NET_RAW.

--json prints one JSON object per host (ip, mac, rtt in seconds,
duplicate) and one with the statistics. The exit status is 1 when no host
answered.
`

func runArping(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("arping")
	iface := fs.String("i", "", "scan on interface `IFACE` (required)")
	retries := fs.Int("r", 1, "ask a silent address `N` more times")
	timeout := fs.Duration("W", 500*time.Millisecond, "wait up to `TIMEOUT` for each answer")
	conc := fs.Int("concurrency", 64, "ask at most `N` addresses at once")
	asJSON := fs.Bool("json", false, "print JSON objects, one per line")
	pos, code, ok := parseArgs(fs, args, stdout, stderr, arpingUsage)
	if !ok {
		return code
	}
	switch {
	case *iface == "":
		return usageError(stderr, "arping", errors.New("needs an interface: -i IFACE"))
	case len(pos) > 1:
		return usageError(stderr, "arping", fmt.Errorf("one PREFIX expected, got %d", len(pos)))
	case *retries < 0 || *timeout <= 0 || *conc < 1:
		return usageError(stderr, "arping", errors.New("-r cannot be negative, -W and --concurrency must be positive"))
	}
	var prefix netip.Prefix
	if len(pos) == 1 {
		p, err := arpingPrefix(pos[0])
		if err != nil {
			return usageError(stderr, "arping", err)
		}
		prefix = p
	} else {
		ifc, err := route.InterfaceByName(*iface)
		if err != nil {
			return fail(stderr, err)
		}
		for _, a := range ifc.Addrs {
			if a.Addr().Is4() {
				prefix = a.Masked()
				break
			}
		}
		if !prefix.IsValid() {
			return fail(stderr, fmt.Errorf("%s has no IPv4 address: give the PREFIX to scan", *iface))
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hosts, st, err := arping.Scan(ctx, arping.Config{Iface: *iface, Prefix: prefix, Retries: *retries, Timeout: *timeout, Concurrency: *conc})
	if errors.Is(err, context.Canceled) {
		err = nil // Ctrl-C: print what was found
	}
	if err != nil && st.Requests == 0 {
		return fail(stderr, err)
	}
	var b strings.Builder
	if *asJSON {
		for _, h := range hosts {
			j, _ := json.Marshal(struct {
				IP        string  `json:"ip"`
				MAC       string  `json:"mac"`
				RTT       float64 `json:"rtt"`
				Duplicate bool    `json:"duplicate"`
			}{h.IP.String(), h.MAC.String(), h.RTT.Seconds(), h.Duplicate})
			b.Write(j)
			b.WriteByte('\n')
		}
		j, _ := json.Marshal(map[string]any{"stats": map[string]any{"prefix": prefix.String(), "addresses": st.Addresses,
			"requests": st.Requests, "hosts": st.Hosts, "duplicates": st.Duplicates, "time": st.Elapsed.Seconds()}})
		b.Write(j)
		b.WriteByte('\n')
	} else {
		fmt.Fprintf(&b, "Interface: %s, scanning %v (%d addresses)\n", *iface, prefix, st.Addresses)
		for _, h := range hosts {
			b.WriteString(h.String())
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "\n%s\n", st)
	}
	if c := writeOut(stdout, stderr, b.String()); c != exitOK {
		return c
	}
	if err != nil {
		return fail(stderr, err)
	}
	if st.Hosts == 0 {
		return fail(stderr, fmt.Errorf("arping: no host answered on %s", *iface))
	}
	return exitOK
}

// arpingPrefix reads a prefix or a single IPv4 address.
func arpingPrefix(s string) (netip.Prefix, error) {
	if p, err := netip.ParsePrefix(s); err == nil {
		if !p.Addr().Unmap().Is4() {
			return p, fmt.Errorf("%s: ARP scans IPv4 subnets", s)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not an IPv4 prefix or address", s)
	}
	if !a.Unmap().Is4() {
		return netip.Prefix{}, fmt.Errorf("%s: ARP scans IPv4 subnets", s)
	}
	return netip.PrefixFrom(a.Unmap(), 32), nil
}
