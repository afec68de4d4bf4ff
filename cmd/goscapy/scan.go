package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/goscapy/goscapy/tools/scan"
)

func init() {
	register(command{name: "scan", summary: "TCP SYN scan of hosts and ports (open, closed, filtered)", run: runScan})
}

const scanUsage = `usage: goscapy scan -p PORTS [--rate N] [--seed S] [--shard i/n] [--retries N] [--timeout D]
                    [-i IFACE] [--open] [--json] TARGETS...

Send a TCP SYN to every port of every target and report each port open
(SYN-ACK), closed (RST) or filtered (no answer after the retries, or an
ICMP unreachable), as nmap -sS does, statelessly as zmap does:

  goscapy scan -p 22,80,443 198.18.1.3
  goscapy scan -p 1-1024 --rate 5000 198.18.1.0/24 198.18.2.7
  goscapy scan -p 80 --seed 42 --shard 0/2 10.0.0.0/16   (and 1/2 elsewhere)

TARGETS are addresses, prefixes (198.18.1.0/24) and ranges
(198.18.1.10-20), IPv4 or IPv6, possibly comma-separated; PORTS are
numbers and ranges (22,80,8000-8100, - for all). The probes visit every
host x port in a random order fixed by --seed (a random seed is chosen
and printed when none is given). --shard i/n scans part i (0-based) of n:
n machines with the same seed, targets and ports each run one part and
together scan the space once, without coordination. --rate caps the
probes per second; --retries sends again to the ports that did not
answer; --timeout is the wait for answers after each round.

Answers are checked statelessly: the sequence number of each SYN is a
keyed hash of its addresses and ports. The scanning host's kernel
answers each SYN-ACK with a RST itself (it knows no such connection),
which closes the half-open connection on the target. Scanning needs root
or CAP_NET_RAW; scan only hosts you are allowed to.

Output (nmap's grepable form, one line per port as answers come, the
filtered ports at the end):
  Host: 198.18.1.3 ()	Ports: 80/open/tcp//http///
--open prints open ports only. --json prints one JSON object per port
and one with the statistics. Lines starting with # are comments.
`

func runScan(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("scan")
	portList := fs.String("p", "", "scan ports `PORTS` (required): 22,80,8000-8100 or - for all")
	rate := fs.Float64("rate", 10000, "send at most `N` probes per second (0: no limit)")
	seedFlag := fs.String("seed", "", "order the targets with seed `S` (default: random)")
	shard := fs.String("shard", "0/1", "scan part `i/n` of the target space")
	retries := fs.Int("retries", 1, "probe the silent ports `N` more times")
	timeout := fs.Duration("timeout", time.Second, "wait `D` for answers after each round")
	iface := fs.String("i", "", "send and listen on interface `IFACE` (default: the route's)")
	openOnly := fs.Bool("open", false, "print open ports only")
	asJSON := fs.Bool("json", false, "print JSON objects, one per line")
	pos, code, ok := parseArgs(fs, args, stdout, stderr, scanUsage)
	if !ok {
		return code
	}
	if *portList == "" {
		return usageError(stderr, "scan", errors.New("needs the ports: -p PORTS"))
	}
	if len(pos) == 0 {
		return usageError(stderr, "scan", errors.New("missing TARGETS"))
	}
	if *rate < 0 || *retries < 0 || *timeout <= 0 {
		return usageError(stderr, "scan", errors.New("--rate and --retries cannot be negative, --timeout must be positive"))
	}
	ports, err := scan.ParsePorts(*portList)
	if err != nil {
		return usageError(stderr, "scan", err)
	}
	targets, err := scan.ParseTargets(pos...)
	if err != nil {
		return usageError(stderr, "scan", err)
	}
	shardI, shardN, err := scanShard(*shard)
	if err != nil {
		return usageError(stderr, "scan", err)
	}
	var seed uint64
	if *seedFlag != "" {
		seed, err = strconv.ParseUint(*seedFlag, 0, 64)
		if err != nil {
			return usageError(stderr, "scan", fmt.Errorf("--seed %q: want an unsigned integer", *seedFlag))
		}
	} else {
		if shardN > 1 {
			return usageError(stderr, "scan", errors.New("--shard needs --seed: every part must use the same one"))
		}
		var b [8]byte
		rand.Read(b[:])
		seed = binary.BigEndian.Uint64(b[:]) >> 1
	}
	cfg := scan.Config{Targets: targets, Ports: ports, Iface: *iface, Rate: *rate, Retries: *retries,
		Timeout: *timeout, Seed: seed, Shard: shardI, Shards: shardN}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	bw := bufio.NewWriter(stdout)
	var werr error
	write := func(s string) {
		if werr == nil {
			_, werr = bw.WriteString(s)
		}
	}
	if !*asJSON {
		write(fmt.Sprintf("# goscapy scan of %s, ports %s: %d hosts x %d ports, seed %d, shard %d/%d\n",
			targets, *portList, targets.Len(), len(ports), seed, shardI, shardN))
	}
	started := false
	st, err := scan.Scan(ctx, cfg, func(r scan.Result) {
		started = true
		if *openOnly && r.State != scan.Open {
			return
		}
		if *asJSON {
			b, _ := json.Marshal(struct {
				Addr    string `json:"addr"`
				Port    uint16 `json:"port"`
				State   string `json:"state"`
				Reason  string `json:"reason"`
				Service string `json:"service,omitempty"`
				From    string `json:"from,omitempty"`
				TTL     uint8  `json:"ttl,omitempty"`
			}{r.Addr.String(), r.Port, r.State.String(), r.Reason, r.Service(), scanFrom(r), r.TTL})
			write(string(b) + "\n")
		} else {
			write(fmt.Sprintf("Host: %v ()\tPorts: %d/%v/tcp//%s///\n", r.Addr, r.Port, r.State, r.Service()))
		}
		if werr == nil && r.State != scan.Filtered {
			werr = bw.Flush() // show answers as they come
		}
	})
	if errors.Is(err, context.Canceled) {
		err = nil // Ctrl-C: the statistics of what was done
	}
	if err != nil && !started && st.Probes == 0 {
		return fail(stderr, err)
	}
	if *asJSON {
		b, _ := json.Marshal(map[string]any{"stats": map[string]any{"space": st.Space, "targets": st.Targets,
			"probes": st.Probes, "answers": st.Answers, "open": st.Open, "closed": st.Closed, "filtered": st.Filtered,
			"duplicates": st.Dups, "invalid": st.Invalid, "dropped": st.Dropped, "unsent": st.Unsent, "rounds": st.Rounds,
			"seed": seed, "shard": fmt.Sprintf("%d/%d", shardI, shardN), "time": st.Elapsed.Seconds()}})
		write(string(b) + "\n")
	} else {
		unsent := ""
		if st.Unsent > 0 {
			unsent = fmt.Sprintf(", %d not sent", st.Unsent)
		}
		write(fmt.Sprintf("# done: %d probes, %d answers, %d open, %d closed, %d filtered in %.2f s (%d invalid, %d dropped%s)\n",
			st.Probes, st.Answers, st.Open, st.Closed, st.Filtered, st.Elapsed.Seconds(), st.Invalid, st.Dropped, unsent))
	}
	if werr == nil {
		werr = bw.Flush()
	}
	if werr != nil {
		return fail(stderr, fmt.Errorf("write output: %w", werr))
	}
	if err != nil {
		return fail(stderr, err)
	}
	return exitOK
}

func scanFrom(r scan.Result) string {
	if r.From.IsValid() && r.From != r.Addr {
		return r.From.String()
	}
	return ""
}

// scanShard reads "i/n" with 0 <= i < n.
func scanShard(s string) (i, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("--shard %q: want i/n with 0 <= i < n", s)
	}
	return i, n, nil
}
