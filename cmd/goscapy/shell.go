package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/goscapy/goscapy/shell"
)

func init() {
	register(command{name: "shell", summary: "an interactive Scapy-like shell, or run a shell script", run: runShell})
}

const shellUsage = `usage: goscapy shell [-c STATEMENTS | FILE]

An interactive shell in Scapy's language: build packets with the
expression language, show them, send them, sniff and read captures.

  >>> p = IP(dst="198.18.1.3")/ICMP()
  >>> p.show()
  >>> r = sr1(p, iface="veth0", timeout=2)
  >>> pkts = rdpcap("capture.pcap"); pkts.summary()

Functions: ls(), ls(TCP), hexdump(p), raw(p), len(x), sr, sr1, srp, srp1,
send, sendp, sniff(count=, filter=, iface=, timeout=), AsyncSniffer,
rdpcap, wrpcap, traceroute, arping, help(), exit(). Methods: p.show(),
p.show2(), p.summary(), p.command(); lists and results: .summary(),
.show(), .table(); fields: p[IP].ttl, p[IP].ttl = 3.

Interactive sessions have line editing, history (up and down keys) and tab
completion of names. With -c or FILE the statements run without a prompt
("-" reads them from standard input); the first error stops the script
with exit status 1. Nothing is sent unless a statement sends it, to the
interface and addresses it names.
`

func runShell(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("shell")
	code := fs.String("c", "", "run `STATEMENTS` (separated by ; or newlines) and exit")
	pos, rc, ok := parseArgs(fs, args, stdout, stderr, shellUsage)
	if !ok {
		return rc
	}
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "c" })
	if set && len(pos) > 0 {
		return usageError(stderr, "shell", errors.New("-c and FILE are exclusive"))
	}
	if len(pos) > 1 {
		return usageError(stderr, "shell", errors.New("one FILE at most"))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	sh := shell.New(stdout, stderr)
	var err error
	switch {
	case set:
		err = sh.Exec(ctx, *code)
		if errors.Is(err, shell.ErrExit) {
			err = nil
		}
	case len(pos) == 1 && pos[0] == "-":
		err = sh.RunScript(ctx, stdin)
	case len(pos) == 1:
		var f *os.File
		f, err = os.Open(pos[0])
		if err != nil {
			return fail(stderr, err)
		}
		err = sh.RunScript(ctx, f)
		f.Close()
		var se *shell.Error
		if errors.As(err, &se) && se.Line > 0 {
			err = fmt.Errorf("%s: %w", pos[0], err)
		}
	default:
		stop() // the interactive mode handles Ctrl-C per statement
		in, isFile := stdin.(*os.File)
		if !isFile {
			err = sh.RunScript(context.Background(), stdin)
			break
		}
		err = sh.Interact(context.Background(), in, stdout)
	}
	if err != nil {
		return fail(stderr, err)
	}
	return exitOK
}
