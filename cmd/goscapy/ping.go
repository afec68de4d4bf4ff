package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/goscapy/goscapy/tools/ping"
)

func init() {
	register(command{name: "ping", summary: "send ICMP echo requests to a host, as ping(8)", run: runPing})
}

const pingUsage = `usage: goscapy ping [-c N] [-i IFACE] [-I INTERVAL] [-W TIMEOUT] [-s SIZE] [-t TTL] [--json] TARGET

Send ICMP echo requests (ICMPv6 for an IPv6 TARGET) and print each reply
and the statistics of the run, as ping(8) does:

  goscapy ping -c 3 198.18.1.3
  goscapy ping -i eth0 -I 200ms 2001:db8:1::3

TARGET is an address or a host name. Without -i the requests leave by
the interface of the kernel's route to TARGET. It runs until -c requests
are done, or Ctrl-C. Each request waits up to -W for its reply. Pinging
needs root or CAP_NET_RAW.

--json prints one JSON object per reply (seq, from, ttl, rtt in seconds,
size, error for an ICMP error) and one with the statistics at the end.
The exit status is 1 when no reply came.
`

func runPing(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("ping")
	count := fs.Int("c", 0, "stop after `N` requests (default: until Ctrl-C)")
	iface := fs.String("i", "", "send through interface `IFACE` (default: the route's)")
	interval := fs.Duration("I", time.Second, "wait `INTERVAL` between requests")
	timeout := fs.Duration("W", time.Second, "wait up to `TIMEOUT` for each reply")
	size := fs.Int("s", 56, "send `SIZE` data bytes")
	ttl := fs.Int("t", 64, "set the TTL (hop limit) to `TTL`")
	asJSON := fs.Bool("json", false, "print JSON objects, one per line")
	pos, code, ok := parseArgs(fs, args, stdout, stderr, pingUsage)
	if !ok {
		return code
	}
	switch {
	case len(pos) == 0:
		return usageError(stderr, "ping", errors.New("missing TARGET"))
	case len(pos) > 1:
		return usageError(stderr, "ping", fmt.Errorf("one TARGET expected, got %d", len(pos)))
	case *count < 0:
		return usageError(stderr, "ping", fmt.Errorf("-c %d: the count cannot be negative", *count))
	case *interval <= 0 || *timeout <= 0:
		return usageError(stderr, "ping", errors.New("-I and -W must be positive"))
	case *size < 0 || *size > 65000:
		return usageError(stderr, "ping", fmt.Errorf("-s %d: want 0 to 65000", *size))
	case *ttl < 1 || *ttl > 255:
		return usageError(stderr, "ping", fmt.Errorf("-t %d: want 1 to 255", *ttl))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	target, err := resolveTarget(ctx, pos[0])
	if err != nil {
		return fail(stderr, err)
	}
	cfg := ping.Config{Target: target, Iface: *iface, Count: *count, Interval: *interval, Timeout: *timeout,
		Size: *size, TTL: uint8(*ttl)}
	// The header goes out with the first reply, or at the end when
	// requests were sent: an error before any request is all there is
	// to print.
	var werr error
	headed := *asJSON
	header := func() {
		if !headed {
			headed = true
			_, werr = io.WriteString(stdout, ping.Header(cfg)+"\n")
		}
	}
	st, err := ping.Ping(ctx, cfg, func(r ping.Reply) {
		header()
		if werr != nil {
			return
		}
		var line string
		if *asJSON {
			b, _ := json.Marshal(struct {
				Seq   int     `json:"seq"`
				From  string  `json:"from"`
				TTL   uint8   `json:"ttl"`
				RTT   float64 `json:"rtt"`
				Size  int     `json:"size"`
				Error string  `json:"error,omitempty"`
			}{r.Seq, r.From.String(), r.TTL, r.RTT.Seconds(), r.Size, r.Error})
			line = string(b) + "\n"
		} else {
			line = r.String() + "\n"
		}
		_, werr = io.WriteString(stdout, line)
	})
	if err != nil && st.Sent == 0 {
		return fail(stderr, err)
	}
	header()
	if werr != nil {
		return fail(stderr, fmt.Errorf("write output: %w", werr))
	}
	var out string
	if *asJSON {
		b, _ := json.Marshal(map[string]any{"stats": map[string]any{
			"target": st.Target.String(), "sent": st.Sent, "received": st.Received, "errors": st.Errors,
			"loss": st.Loss(), "min": st.Min.Seconds(), "avg": st.Avg.Seconds(), "max": st.Max.Seconds(),
			"mdev": st.Mdev.Seconds(), "time": st.Elapsed.Seconds(),
		}})
		out = string(b) + "\n"
	} else {
		out = "\n" + st.String()
	}
	if c := writeOut(stdout, stderr, out); c != exitOK {
		return c
	}
	if err != nil {
		return fail(stderr, err)
	}
	if st.Received == 0 {
		return fail(stderr, fmt.Errorf("ping: no reply from %v", st.Target))
	}
	return exitOK
}

// resolveTarget reads an address, or looks a host name up (IPv4 first).
func resolveTarget(ctx context.Context, s string) (netip.Addr, error) {
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap(), nil
	}
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", s)
	if err != nil || len(addrs) == 0 {
		return netip.Addr{}, fmt.Errorf("unknown host %q", s)
	}
	for _, a := range addrs {
		if a.Unmap().Is4() {
			return a.Unmap(), nil
		}
	}
	return addrs[0], nil
}
