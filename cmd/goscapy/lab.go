package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/goscapy/goscapy/lab"
)

func init() {
	register(command{name: "lab", summary: "build the network-namespace lab, run the demo against it", run: runLab})
}

const labUsage = `usage: goscapy lab up [--name ID] | down [ID...] | status | demo

Build and run the goscapy lab: three Linux network namespaces, A (where
you act), R (a router with a bridge) and B (the peer where services
listen), joined by veth pairs, with addresses from 198.18.0.0/15 and
2001:db8::/32, so no traffic leaves them:

  A a0 198.18.1.2 --- R br0 198.18.1.1 --- B b0 198.18.1.3
                      R r1  198.18.2.1 --- B b1 198.18.2.2

  up      build a lab (namespaces gslab-ID-a, -r, -b; --name picks ID)
          and leave it up: use it with 'ip netns exec gslab-ID-a goscapy ...'
  down    remove the labs given, or every lab when none is
  status  list the labs that are up
  demo    build a lab, run ping, ARP scan, SYN scan, traceroute, a DNS
          query (our DNS answering machine in B), a DHCP exchange (our
          DHCP server in B) and a sniff against it, print the results
          and remove it again (also on failure or Ctrl-C)

The lab needs root or CAP_NET_ADMIN and CAP_NET_RAW. Without them, demo
explains this and reads a small bundled capture instead (goscapy read
--stats).
`

// labCheck tells whether the lab can be built (replaced in tests).
var labCheck = lab.Check

func runLab(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("lab")
	name := fs.String("name", "", "up: name the lab `ID` (1 to 8 of a-z, 0-9; default random)")
	pos, code, ok := parseArgs(fs, args, stdout, stderr, labUsage)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		return usageError(stderr, "lab", errors.New("needs an action: up, down, status or demo"))
	}
	action, rest := pos[0], pos[1:]
	if *name != "" && action != "up" {
		return usageError(stderr, "lab", errors.New("--name is for up"))
	}
	if action != "down" && len(rest) > 0 {
		return usageError(stderr, "lab", fmt.Errorf("%s takes no arguments", action))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch action {
	case "up":
		l, err := lab.Up(ctx, *name)
		if err != nil {
			return fail(stderr, err)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "lab %s is up: namespaces %s (A), %s (R), %s (B)\n", l.ID, l.Name(lab.A), l.Name(lab.R), l.Name(lab.B))
		fmt.Fprintf(&b, "  A %s %s %s, gateway %s\n", l.IfaceA, l.A4, l.A6, l.R4)
		fmt.Fprintf(&b, "  R %s %s %s; %s %s %s\n", l.IfaceR, l.R4, l.R6, l.IfaceRFar, l.RFar4, l.RFar6)
		fmt.Fprintf(&b, "  B %s %s %s; %s %s %s\n", l.IfaceB, l.B4, l.B6, l.IfaceBFar, l.BFar4, l.BFar6)
		fmt.Fprintf(&b, "try: ip netns exec %s goscapy ping %s; remove it: goscapy lab down %s\n", l.Name(lab.A), l.BFar4, l.ID)
		return writeOut(stdout, stderr, b.String())
	case "down":
		ids := rest
		if len(ids) == 0 {
			var err error
			if ids, err = lab.List(); err != nil {
				return fail(stderr, err)
			}
		}
		var b strings.Builder
		var errs []error
		for _, id := range ids {
			l, err := lab.Open(id)
			if err == nil {
				err = l.Down()
			}
			if err != nil {
				errs = append(errs, err)
				continue
			}
			fmt.Fprintf(&b, "lab %s removed\n", id)
		}
		if len(ids) == 0 {
			b.WriteString("no lab is up\n")
		}
		if c := writeOut(stdout, stderr, b.String()); c != exitOK {
			return c
		}
		if len(errs) > 0 {
			return fail(stderr, errors.Join(errs...))
		}
		return exitOK
	case "status":
		ids, err := lab.List()
		if err != nil {
			return fail(stderr, err)
		}
		var b strings.Builder
		if len(ids) == 0 {
			b.WriteString("no lab is up\n")
		}
		for _, id := range ids {
			l := &lab.Lab{Topology: lab.Default, ID: id}
			fmt.Fprintf(&b, "lab %s: namespaces %s %s %s\n", id, l.Name(lab.A), l.Name(lab.R), l.Name(lab.B))
		}
		return writeOut(stdout, stderr, b.String())
	case "demo":
		return runLabDemo(ctx, stdout, stderr)
	}
	return usageError(stderr, "lab", fmt.Errorf("unknown action %q (up, down, status or demo)", action))
}

func runLabDemo(ctx context.Context, stdout, stderr io.Writer) int {
	if err := labCheck(); err != nil {
		msg := "goscapy lab demo builds network namespaces and veth pairs: it needs root or CAP_NET_ADMIN and CAP_NET_RAW" +
			" (run it with sudo).\n"
		if errors.Is(err, lab.ErrUnsupported) {
			msg = "goscapy lab demo needs Linux network namespaces; this system has none.\n"
		}
		msg += "Meanwhile, here is a capture made in the lab, read with 'goscapy read --stats':\n\n"
		if c := writeOut(stdout, stderr, msg); c != exitOK {
			return c
		}
		return runRead([]string{"--stats", "-"}, bytes.NewReader(lab.Sample()), stdout, stderr)
	}
	start := time.Now()
	steps, err := lab.Demo(ctx, stdout)
	if len(steps) > 0 {
		io.WriteString(stdout, "\n")
		if werr := lab.WriteTable(stdout, steps); werr != nil {
			return fail(stderr, werr)
		}
		fmt.Fprintf(stdout, "demo took %v\n", time.Since(start).Round(time.Millisecond))
	}
	if err != nil {
		return fail(stderr, fmt.Errorf("lab demo: %w", err))
	}
	failed := 0
	for _, s := range steps {
		if !s.OK {
			failed++
		}
	}
	if failed > 0 {
		return fail(stderr, fmt.Errorf("lab demo: %d of %d steps failed", failed, len(steps)))
	}
	return exitOK
}
