package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/goscapy/goscapy/tools/traceroute"
)

func init() {
	register(command{name: "traceroute", summary: "show the routers on the path to a host, as traceroute(8)", run: runTraceroute})
}

const tracerouteUsage = `usage: goscapy traceroute [-P icmp|udp|tcp] [-p PORT] [-m MAXHOPS] [-q PROBES] [-f FIRST] [-w TIMEOUT] [-i IFACE] [--json] TARGET

Send probes with growing TTLs (hop limits) to TARGET and print who
answers each, as traceroute -n does:

  goscapy traceroute 198.18.2.2
  goscapy traceroute -P tcp -p 443 198.18.2.2
  goscapy traceroute -P icmp 2001:db8:2::2

Probe types (-P): udp (the default) to ports PORT (33434) and up, one per
probe, answered by the target's port unreachable; icmp echo requests,
answered by an echo reply; tcp SYNs to PORT (80), answered by SYN-ACK or
RST. Routers answer ICMP time exceeded. -q probes per hop, hops -f to -m;
the probes of several hops go at once, and each window waits -w for its
answers. The trace stops at the hop where the target (or an ICMP
unreachable, marked !H, !N, !P, !X, ...) answered; "*" is a probe
without answer. Tracing needs root or CAP_NET_RAW.

--json prints the result as one JSON object (rtt in seconds).
`

func runTraceroute(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("traceroute")
	method := fs.String("P", "udp", "probe type `TYPE`: icmp, udp or tcp")
	port := fs.Int("p", 0, "destination `PORT` (udp: the first, 33434; tcp: 80)")
	maxHops := fs.Int("m", 30, "probe up to `MAXHOPS` hops")
	probes := fs.Int("q", 3, "send `PROBES` probes per hop")
	first := fs.Int("f", 1, "start at hop `FIRST`")
	timeout := fs.Duration("w", 2*time.Second, "wait `TIMEOUT` for the answers of a window of hops")
	iface := fs.String("i", "", "send through interface `IFACE` (default: the route's)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	pos, code, ok := parseArgs(fs, args, stdout, stderr, tracerouteUsage)
	if !ok {
		return code
	}
	switch {
	case len(pos) == 0:
		return usageError(stderr, "traceroute", errors.New("missing TARGET"))
	case len(pos) > 1:
		return usageError(stderr, "traceroute", fmt.Errorf("one TARGET expected, got %d", len(pos)))
	case *port < 0 || *port > 65535:
		return usageError(stderr, "traceroute", fmt.Errorf("-p %d: want 1 to 65535", *port))
	case *timeout <= 0:
		return usageError(stderr, "traceroute", errors.New("-w must be positive"))
	}
	m, err := traceroute.ParseMethod(*method)
	if err != nil {
		return usageError(stderr, "traceroute", err)
	}
	cfg := traceroute.Config{Method: m, Port: uint16(*port), FirstTTL: *first, MaxHops: *maxHops, Probes: *probes,
		Timeout: *timeout, Iface: *iface}
	if *first < 1 || *maxHops < 1 || *probes < 1 {
		return usageError(stderr, "traceroute", errors.New("-f, -m and -q must be at least 1"))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg.Target, err = resolveTarget(ctx, pos[0])
	if err != nil {
		return fail(stderr, err)
	}
	res, err := traceroute.Trace(ctx, cfg)
	if errors.Is(err, traceroute.ErrConfig) {
		return usageError(stderr, "traceroute", err)
	}
	if res == nil || len(res.Hops) == 0 {
		return fail(stderr, err)
	}
	var out string
	if *asJSON {
		type probe struct {
			From    string  `json:"from,omitempty"`
			RTT     float64 `json:"rtt,omitempty"`
			Reached bool    `json:"reached,omitempty"`
			Note    string  `json:"note,omitempty"`
		}
		type hop struct {
			TTL    int      `json:"ttl"`
			Probes []*probe `json:"probes"`
		}
		j := struct {
			Target  string `json:"target"`
			Method  string `json:"method"`
			Reached bool   `json:"reached"`
			Hops    []hop  `json:"hops"`
		}{res.Target.String(), res.Method.String(), res.Reached, []hop{}}
		for _, h := range res.Hops {
			jh := hop{TTL: h.TTL, Probes: []*probe{}}
			for _, p := range h.Probes {
				if !p.OK {
					jh.Probes = append(jh.Probes, nil) // null: no answer
					continue
				}
				jh.Probes = append(jh.Probes, &probe{p.From.String(), p.RTT.Seconds(), p.Reached, p.Note})
			}
			j.Hops = append(j.Hops, jh)
		}
		b, _ := json.Marshal(j)
		out = string(b) + "\n"
	} else {
		out = res.String()
	}
	if c := writeOut(stdout, stderr, out); c != exitOK {
		return c
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return fail(stderr, err)
	}
	return exitOK
}
