package sendrecv

import (
	"cmp"
	"io"
	"iter"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// Len returns the number of answered pairs.
func (l *SndRcvList) Len() int {
	if l == nil {
		return 0
	}
	return len(l.Answered)
}

// All iterates over the answered pairs: the request and its answer.
func (l *SndRcvList) All() iter.Seq2[*packet.Packet, *packet.Packet] {
	return func(yield func(*packet.Packet, *packet.Packet) bool) {
		if l == nil {
			return
		}
		for _, p := range l.Answered {
			if !yield(p.Sent, p.Received) {
				return
			}
		}
	}
}

// String is Scapy's repr of the answers: "<Results: TCP:2 UDP:0 ICMP:1
// Other:0>", the answers counted by the protocol they carry (an ICMP
// error quoting a TCP segment counts as ICMP).
func (l *SndRcvList) String() string {
	var pkts []*packet.Packet
	if l != nil {
		pkts = make([]*packet.Packet, len(l.Answered))
		for i, p := range l.Answered {
			pkts[i] = p.Received
		}
	}
	return statsLine("Results", pkts)
}

// Summary is String followed by one line per answered pair, "request
// ==> answer" with the summaries of both, as Scapy's summary() of the
// answers.
func (l *SndRcvList) Summary() string {
	var b strings.Builder
	b.WriteString(l.String())
	b.WriteByte('\n')
	if l != nil {
		for _, p := range l.Answered {
			b.WriteString(p.Sent.String())
			b.WriteString(" ==> ")
			b.WriteString(p.Received.String())
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// UnansweredSummary is the same for the unanswered requests: Scapy's
// "<Unanswered: TCP:1 UDP:0 ICMP:0 Other:0>" and one summary line per
// request.
func (l *SndRcvList) UnansweredSummary() string {
	var pkts []*packet.Packet
	if l != nil {
		pkts = l.Unanswered
	}
	var b strings.Builder
	b.WriteString(statsLine("Unanswered", pkts))
	b.WriteByte('\n')
	for _, p := range pkts {
		b.WriteString(p.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// statsLine counts packets by Scapy's classic protocols (TCP, UDP and
// ICMP, outside an ICMP error's quotation) as PacketList's repr does.
func statsLine(name string, pkts []*packet.Packet) string {
	var tcp, udp, icmp, other int
	for _, p := range pkts {
		switch {
		case hasLayer[*layers.TCP](p):
			tcp++
		case hasLayer[*layers.UDP](p):
			udp++
		case hasLayer[*layers.ICMP](p):
			icmp++
		default:
			other++
		}
	}
	return "<" + name + ": TCP:" + strconv.Itoa(tcp) + " UDP:" + strconv.Itoa(udp) +
		" ICMP:" + strconv.Itoa(icmp) + " Other:" + strconv.Itoa(other) + ">"
}

// hasLayer reports a layer of type T outside an ICMP error's quotation.
func hasLayer[T packet.Layer](p *packet.Packet) bool {
	_, ok := firstLayer[T](p)
	return ok
}

func firstLayer[T packet.Layer](p *packet.Packet) (T, bool) {
	var zero T
	if p == nil {
		return zero, false
	}
	for k := 0; k < p.NumLayers(); k++ {
		if packet.InQuote(p, k) {
			break
		}
		if l, ok := p.Layer(k).(T); ok {
			return l, true
		}
	}
	return zero, false
}

// TableFunc gives the row, the column and the text of a table cell for a
// request and its answer (nil for an unanswered request); ok false leaves
// the pair out.
type TableFunc func(sent, recv *packet.Packet) (row, col, cell string, ok bool)

// Table writes the results as a table, Scapy's make_table: one row per
// destination (IP destination or ARP target), one column per probe (the
// destination port and protocol, "icmp", "arp", ...), and in each cell
// what answered: the TCP flags ("SA" open, "RA" closed), "echo-reply",
// an ICMP error as "icmp TYPE/CODE from SOURCE", an ARP "is-at MAC", ...;
// "-" where nothing did.
func (l *SndRcvList) Table(w io.Writer) error {
	return l.MakeTable(w, DefaultTableCell)
}

// MakeTable writes the results as a table whose rows, columns and cells
// f gives, for every answered pair and every unanswered request. Rows
// and columns are sorted, numerically where they are numbers, addresses
// or "PORT/PROTO".
func (l *SndRcvList) MakeTable(w io.Writer, f TableFunc) error {
	type key struct{ row, col string }
	cells := make(map[key][]string)
	var rows, cols []string
	seenRow, seenCol := make(map[string]bool), make(map[string]bool)
	add := func(s, r *packet.Packet) {
		row, col, cell, ok := f(s, r)
		if !ok {
			return
		}
		if !seenRow[row] {
			seenRow[row] = true
			rows = append(rows, row)
		}
		if !seenCol[col] {
			seenCol[col] = true
			cols = append(cols, col)
		}
		k := key{row, col}
		if !slices.Contains(cells[k], cell) {
			cells[k] = append(cells[k], cell)
		}
	}
	if l != nil {
		for _, p := range l.Answered {
			add(p.Sent, p.Received)
		}
		for _, p := range l.Unanswered {
			add(p, nil)
		}
	}
	sortLabels(rows)
	sortLabels(cols)
	var tb strings.Builder
	tw := tabwriter.NewWriter(&tb, 0, 8, 2, ' ', 0)
	var b strings.Builder
	for _, c := range cols {
		b.WriteByte('\t')
		b.WriteString(c)
	}
	b.WriteByte('\n')
	for _, r := range rows {
		b.WriteString(r)
		for _, c := range cols {
			b.WriteByte('\t')
			cs := cells[key{r, c}]
			switch {
			case len(cs) == 0:
			case len(cs) > 1 && slices.Contains(cs, "-"):
				// answered at last: leave out the unanswered mark
				cs = slices.DeleteFunc(slices.Clone(cs), func(s string) bool { return s == "-" })
				fallthrough
			default:
				b.WriteString(strings.Join(cs, ","))
			}
		}
		b.WriteByte('\n')
	}
	io.WriteString(tw, b.String())
	tw.Flush()
	// Empty cells at the end of a row leave no trailing blanks.
	lines := strings.SplitAfter(tb.String(), "\n")
	b.Reset()
	for _, line := range lines {
		if t := strings.TrimRight(line, " \n"); t != "" || line != "" {
			b.WriteString(t)
			if strings.HasSuffix(line, "\n") {
				b.WriteByte('\n')
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// sortLabels sorts table labels with compareLabels.
func sortLabels(s []string) { slices.SortFunc(s, compareLabels) }

// compareLabels orders table labels: addresses, then "N/proto" and
// numbers by value, then text.
func compareLabels(a, b string) int {
	aa, aerr := netip.ParseAddr(a)
	ba, berr := netip.ParseAddr(b)
	switch {
	case aerr == nil && berr == nil:
		return aa.Compare(ba)
	case aerr == nil:
		return -1
	case berr == nil:
		return 1
	}
	an, arest, aok := leadingNumber(a)
	bn, brest, bok := leadingNumber(b)
	switch {
	case aok && bok:
		if c := cmp.Compare(arest, brest); an == bn && c != 0 {
			return c
		}
		return cmp.Compare(an, bn)
	case aok:
		return -1
	case bok:
		return 1
	}
	return strings.Compare(a, b)
}

func leadingNumber(s string) (int, string, bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 9 {
		return 0, s, false
	}
	n, _ := strconv.Atoi(s[:i])
	return n, s[i:], true
}

// DefaultTableCell is the TableFunc of Table.
func DefaultTableCell(sent, recv *packet.Packet) (row, col, cell string, ok bool) {
	row, col = probeOf(sent)
	if row == "" {
		return "", "", "", false
	}
	if recv == nil {
		return row, col, "-", true
	}
	return row, col, answerText(sent, recv), true
}

// probeOf returns the destination and the probe of a request.
func probeOf(p *packet.Packet) (dst, probe string) {
	if a, ok := firstLayer[*layers.ARP](p); ok {
		return a.PDst.String(), "arp"
	}
	switch k := ipIndex(p); {
	case k < 0:
		return "", ""
	default:
		dst = ipDstOf(p.Layer(k)).String()
	}
	switch {
	case hasLayer[*layers.TCP](p):
		t, _ := firstLayer[*layers.TCP](p)
		return dst, strconv.Itoa(int(t.DstPort)) + "/tcp"
	case hasLayer[*layers.UDP](p):
		u, _ := firstLayer[*layers.UDP](p)
		return dst, strconv.Itoa(int(u.DstPort)) + "/udp"
	case hasLayer[*layers.ICMP](p):
		return dst, "icmp"
	case hasLayer[*layers.ICMPv6](p):
		return dst, "icmp6"
	}
	top := p.Layer(p.NumLayers() - 1)
	for k := p.NumLayers() - 1; k > 0 && (top.Proto().Trailer || top.Proto().Name == "Raw"); k-- {
		top = p.Layer(k - 1)
	}
	return dst, strings.ToLower(top.Proto().Name)
}

// answerText describes an answer in a few characters.
func answerText(sent, recv *packet.Packet) string {
	from := ""
	if k := ipIndex(recv); k >= 0 {
		if s, ok := firstLayer[*layers.IPv4](recv); ok {
			from = s.SrcAddr().String()
		} else if s, ok := firstLayer[*layers.IPv6](recv); ok {
			from = s.SrcAddr().String()
		}
		if ipDstOf(sent.Layer(max(ipIndex(sent), 0))).String() == from {
			from = ""
		}
	}
	suffix := ""
	if from != "" {
		suffix = " from " + from
	}
	if t, ok := firstLayer[*layers.TCP](recv); ok {
		return t.FlagString() + suffix
	}
	if m, ok := firstLayer[*layers.ICMP](recv); ok {
		if m.Type == 0 {
			return "echo-reply" + suffix
		}
		return "icmp " + strconv.Itoa(int(m.Type)) + "/" + strconv.Itoa(int(m.Code)) + suffix
	}
	if m, ok := firstLayer[*layers.ICMPv6](recv); ok {
		if m.Type == 129 {
			return "echo-reply" + suffix
		}
		return "icmp6 " + strconv.Itoa(int(m.Type)) + "/" + strconv.Itoa(int(m.Code)) + suffix
	}
	if a, ok := firstLayer[*layers.ARP](recv); ok {
		return "is-at " + a.HwSrc.String()
	}
	if d, ok := firstLayer[*layers.DNS](recv); ok {
		return "dns rcode " + strconv.Itoa(int(d.Rcode)) + suffix
	}
	if hasLayer[*layers.UDP](recv) {
		return "udp" + suffix
	}
	top := recv.Layer(recv.NumLayers() - 1)
	if top == nil {
		return "?"
	}
	return strings.ToLower(top.Proto().Name) + suffix
}
