package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/sendrecv"
)

func init() {
	for _, c := range []command{
		{name: "sr1", summary: "send an IP packet described as for build and print its answer (layer 3)"},
		{name: "sr", summary: "send IP packets described as for build and print the answers (layer 3)"},
		{name: "srp1", summary: "send a frame described as for build and print its answer (layer 2)"},
		{name: "srp", summary: "send frames described as for build and print the answers (layer 2)"},
	} {
		name := c.name
		c.run = func(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
			return runSr(name, args, stdin, stdout, stderr)
		}
		register(c)
	}
}

const srUsage = `usage: goscapy sr1 [-i IFACE] [-t TIMEOUT] [--retry N] [-f FILTER] [--show|--hex|--json] SPEC
       goscapy sr [-i IFACE] [-t TIMEOUT] [--retry N] [--inter D] [--rate PPS] [--multi]
                  [-f FILTER] [--table|--show|--hex|--json|--summary] SPEC [SPEC...]
       goscapy srp1 ... SPEC, goscapy srp ... SPEC [SPEC...]: the same at layer 2

Send packets built from SPEC, the description goscapy build takes (see
'goscapy build -h'), and print what answers them, as Scapy's sr1(),
sr(), srp1() and srp() do:

  goscapy sr1 'IP(dst=198.18.1.3)/ICMP()'
  goscapy sr1 -i eth0 IP dst=198.18.1.3 / TCP dport=80 flags=S
  goscapy sr --table 'IP(dst=198.18.1.3)/TCP(dport=22)' 'IP(dst=198.18.1.3)/TCP(dport=80)'
  goscapy srp1 -i eth0 'Ether(dst=ff:ff:ff:ff:ff:ff)/ARP(pdst=198.18.1.3)'

sr and sr1 work at layer 3: a link layer in SPEC is left out, the kernel
routes the packets and adds the link layer, and answers are shown from
their IP layer on. srp and srp1 send the frames as built and show whole
frames. Unset source addresses are filled in from the route to the
destination and the interface. Without -i the interface is that of the
kernel's route to the destination. Answers are paired with their
requests as Scapy does (ICMP echo and errors, TCP SYN and SYN-ACK or RST,
UDP ports, DNS IDs, ARP, ICMPv6, NDP). Sending needs root or CAP_NET_RAW.

SPEC: all arguments joined by spaces form one SPEC, as for build; when
they do not, each argument is a SPEC of its own. A SPEC with lists,
ranges or networks (TCP(dport=[22,80]), IP(dst="198.18.1.0/30"),
IP(ttl=(1,5))) is all the packets it expands to, as in Scapy. A SPEC of
"-" reads standard input, one SPEC per line (lines starting with # are
skipped). sr1 and srp1 take a SPEC of one packet.

-t is how long to wait for answers after the last packet is sent (0:
until every packet is answered, or Ctrl-C). --retry N sends the
unanswered packets up to N more times; a negative N resends until -N
rounds in a row bring no new answer. --multi keeps collecting several
answers per packet. -f replaces the kernel filter derived from the
packets (frames addressed to their sources).

Output: sr1 and srp1 print the answer's summary (--show: its field tree,
--hex: a hexdump, --json: one JSON object with "sent", "received" and
"rtt" in seconds) and exit with status 1 when nothing answered. sr and srp
print Scapy's results line ("<Results: TCP:1 UDP:0 ICMP:0 Other:0>") and
one "request ==> answer" line per answer, then the unanswered packets
(--summary: the answers only, --table: a table of destinations by probe,
--json: one object per packet sent, "received" null when unanswered).
`

func runSr(name string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	one := strings.HasSuffix(name, "1")
	fs := newFlagSet(name)
	var out outputFlags
	out.register(fs, "print the field tree of the answers", "print a hexdump of the answers")
	iface := fs.String("i", "", "send and receive on interface `IFACE` (default: the route's)")
	timeout := fs.Duration("t", 2*time.Second, "wait `TIMEOUT` for answers after the last packet (0: until answered)")
	retry := fs.Int("retry", 0, "send unanswered packets up to `N` more times (negative: until -N rounds bring nothing)")
	filter := fs.String("f", "", "kernel filter `FILTER` in tcpdump syntax on what is received")
	inter := fs.Duration("inter", 0, "wait `D` between two packets")
	rate := fs.Float64("rate", 0, "send at most `PPS` packets per second")
	var multi, table *bool
	if !one {
		multi = fs.Bool("multi", false, "keep collecting several answers per packet")
		table = fs.Bool("table", false, "print a table: one row per destination, one column per probe")
	}
	pos, code, ok := parseArgs(fs, args, stdout, stderr, srUsage)
	if !ok {
		return code
	}
	if err := out.check(); err != nil {
		return usageError(stderr, name, err)
	}
	if table != nil && *table && (out.show || out.hex || out.json || out.summary) {
		return usageError(stderr, name, errors.New("choose one of --table, --show, --hex, --json, --summary"))
	}
	if len(pos) == 0 {
		return usageError(stderr, name, errors.New("missing SPEC"))
	}
	if *timeout < 0 || *inter < 0 || *rate < 0 {
		return usageError(stderr, name, errors.New("-t, --inter and --rate cannot be negative"))
	}
	pkts, err := srPackets(pos, stdin)
	if err != nil {
		return fail(stderr, err)
	}
	if one && len(pkts) != 1 {
		return usageError(stderr, name, fmt.Errorf("%s sends one packet, the SPEC gives %d (use %s)", name, len(pkts), strings.TrimSuffix(name, "1")))
	}
	opts := sendrecv.SrOptions{Iface: *iface, Timeout: *timeout, Retry: *retry, Filter: *filter, Inter: *inter, Rate: *rate}
	if multi != nil {
		opts.Multi = *multi
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	l2 := strings.HasPrefix(name, "srp")
	if one {
		var sent, reply *packet.Packet
		if l2 {
			sent, reply, err = sendrecv.Srp1Context(ctx, pkts[0], opts)
		} else {
			sent, reply, err = sendrecv.Sr1Context(ctx, pkts[0], opts)
		}
		if err != nil {
			return fail(stderr, err)
		}
		res := &sendrecv.SndRcvList{Answered: []sendrecv.SndRcvPair{{Sent: sent, Received: reply,
			SentAt: sent.Metadata.Timestamp, ReceivedAt: reply.Metadata.Timestamp}}}
		return writeOut(stdout, stderr, srOutput(res, &out, true))
	}
	var res *sendrecv.SndRcvList
	if l2 {
		res, err = sendrecv.SrpContext(ctx, pkts, opts)
	} else {
		res, err = sendrecv.SrContext(ctx, pkts, opts)
	}
	if errors.Is(err, context.Canceled) {
		err = nil // Ctrl-C: print what was answered
	}
	if res != nil {
		text := srOutput(res, &out, false)
		if *table {
			var b strings.Builder
			if terr := res.Table(&b); terr == nil {
				text = b.String()
			}
		}
		if code := writeOut(stdout, stderr, text); code != exitOK {
			return code
		}
	}
	if err != nil {
		return fail(stderr, err)
	}
	return exitOK
}

// maxSrPackets bounds the packets one command sends.
const maxSrPackets = 1 << 20

// srPackets builds the packets of the SPEC arguments: the expansion of
// all of them joined (a SPEC with lists or ranges is several packets),
// or of each argument on its own when the joined text is no SPEC, or of
// each line of standard input for "-".
func srPackets(pos []string, stdin io.Reader) ([]*packet.Packet, error) {
	var specs []string
	if len(pos) == 1 && pos[0] == "-" {
		b, err := readInput(stdin)
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(b), "\n") {
			if s := strings.TrimSpace(line); s != "" && !strings.HasPrefix(s, "#") {
				specs = append(specs, s)
			}
		}
		if len(specs) == 0 {
			return nil, errors.New("no SPEC on standard input")
		}
	} else if _, err := parseSpec(strings.Join(pos, " ")); err == nil || len(pos) == 1 {
		specs = []string{strings.Join(pos, " ")}
	} else {
		for _, s := range pos {
			if _, perr := parseSpec(s); perr != nil {
				return nil, err // the error of the whole: it was meant as one
			}
		}
		specs = pos
	}
	var pkts []*packet.Packet
	for i, s := range specs {
		t, err := parseSpec(s)
		if err != nil {
			if len(specs) > 1 {
				return nil, fmt.Errorf("SPEC %d: %w", i+1, err)
			}
			return nil, err
		}
		if len(pkts)+t.Count() > maxSrPackets {
			return nil, fmt.Errorf("more than %d packets", maxSrPackets)
		}
		for _, p := range t.All() {
			if err := p.Err(); err != nil {
				return nil, err
			}
			pkts = append(pkts, p)
		}
	}
	if len(pkts) == 0 {
		return nil, errors.New("the SPEC expands to no packet")
	}
	return pkts, nil
}

// srOutput formats the result of sr (one: of sr1).
func srOutput(res *sendrecv.SndRcvList, out *outputFlags, one bool) string {
	var b []byte
	switch {
	case out.json:
		n := 0
		for _, p := range res.Answered {
			n++
			b = appendPairJSON(b, n, p.Sent, p.Received, p.RTT())
		}
		for _, p := range res.Unanswered {
			n++
			b = appendPairJSON(b, n, p, nil, 0)
		}
	case out.show || out.hex:
		for i, p := range res.Answered {
			if one {
				b = append(b, srShowHex(p.Received, out.show)...)
				break
			}
			if i > 0 {
				b = append(b, '\n')
			}
			b = fmt.Appendf(b, "answer %d: %s ==> %s (%s)\n", i+1, p.Sent, p.Received, fmtRTT(p.RTT()))
			b = append(b, srShowHex(p.Received, out.show)...)
		}
	case one:
		b = append(b, res.Answered[0].Received.String()...)
		b = append(b, '\n')
	default:
		b = append(b, res.Summary()...)
		if !out.summary && len(res.Unanswered) > 0 {
			b = append(b, res.UnansweredSummary()...)
		}
	}
	return string(b)
}

func srShowHex(p *packet.Packet, show bool) string {
	if show {
		s := p.Show()
		if err := p.Err(); err != nil {
			s += "[malformed: " + err.Error() + "]\n"
		}
		return s
	}
	return packet.HexDump(p.Data()) + "\n"
}

func fmtRTT(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 3, 64) + " ms"
}

// appendPairJSON appends {"n":N,"sent":{...},"received":{...}|null,
// "rtt":SECONDS} and a newline.
func appendPairJSON(b []byte, n int, sent, recv *packet.Packet, rtt time.Duration) []byte {
	b = append(b, `{"n":`...)
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, `,"sent":`...)
	b = sent.AppendJSON(b, 0)
	b = append(b, `,"received":`...)
	b = recv.AppendJSON(b, 0)
	if recv != nil {
		b = append(b, `,"rtt":`...)
		b = strconv.AppendFloat(b, rtt.Seconds(), 'f', -1, 64)
	}
	return append(b, "}\n"...)
}
