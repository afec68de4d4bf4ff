package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/netip"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goscapy/goscapy/fields"
	"github.com/goscapy/goscapy/packet"
	"github.com/goscapy/goscapy/pcap"
	"github.com/goscapy/goscapy/sendrecv"
	"github.com/goscapy/goscapy/sniff"
	"github.com/goscapy/goscapy/tools/arping"
	"github.com/goscapy/goscapy/tools/traceroute"
)

// args are the arguments of a call.
type args struct {
	fn  string
	pos []Value
	kw  map[string]Value
}

type builtin struct {
	fn         func(s *Shell, ctx context.Context, a *args) (Value, error)
	restricted bool     // uses the network or files: refused in a sandbox
	kw         []string // keyword arguments it takes
	help       string
}

var builtins map[string]builtin

func init() {
	builtins = map[string]builtin{
		"ls":           {fn: biLs, help: "ls() lists the layers; ls(TCP) the fields of one with their defaults"},
		"hexdump":      {fn: biHexdump, help: "hexdump(p) prints the bytes of a packet"},
		"raw":          {fn: biRaw, help: "raw(p) returns the bytes of a packet"},
		"bytes":        {fn: biRaw, help: "bytes(p) returns the bytes of a packet"},
		"len":          {fn: biLen, help: "len(x) is the length of a packet in bytes or the size of a list"},
		"str":          {fn: func(_ *Shell, _ context.Context, a *args) (Value, error) { return oneStr(a) }, help: "str(x)"},
		"print":        {fn: biPrint, help: "print(x, ...) prints its arguments"},
		"sr":           {restricted: true, fn: biSr, kw: srKw, help: "sr(p, iface=, timeout=, retry=, inter=, filter=, multi=) sends IP packets and returns the answers"},
		"srp":          {restricted: true, fn: biSr, kw: srKw, help: "srp(p, iface=, timeout=, ...) sends frames and returns the answers"},
		"sr1":          {restricted: true, fn: biSr1, kw: srKw, help: "sr1(p, iface=, timeout=) sends an IP packet and returns its answer (None without)"},
		"srp1":         {restricted: true, fn: biSr1, kw: srKw, help: "srp1(p, iface=, timeout=) sends a frame and returns its answer"},
		"send":         {restricted: true, fn: biSend, kw: []string{"iface", "count", "inter", "verbose"}, help: "send(p, iface=, count=, inter=) sends IP packets"},
		"sendp":        {restricted: true, fn: biSend, kw: []string{"iface", "count", "inter", "verbose"}, help: "sendp(p, iface=, count=, inter=) sends frames"},
		"sniff":        {restricted: true, fn: biSniff, kw: sniffKw, help: "sniff(count=, filter=, iface=, timeout=, offline=) captures packets"},
		"AsyncSniffer": {restricted: true, fn: biAsync, kw: sniffKw, help: "AsyncSniffer(count=, filter=, iface=, timeout=): start(), stop(), join(), results"},
		"rdpcap":       {restricted: true, fn: biRdpcap, kw: []string{"count"}, help: `rdpcap("f.pcap", count=) reads a pcap or pcapng file`},
		"wrpcap":       {restricted: true, fn: biWrpcap, help: `wrpcap("f.pcap", pkts) writes packets to a pcap file`},
		"traceroute":   {restricted: true, fn: biTraceroute, kw: []string{"maxttl", "minttl", "iface", "timeout", "dport", "l4"}, help: `traceroute("198.18.2.2", maxttl=, iface=, timeout=) traces the route to a host`},
		"arping":       {restricted: true, fn: biArping, kw: []string{"iface", "timeout", "retry"}, help: `arping("198.18.1.0/24", iface=, timeout=) asks every address of a subnet`},
		"help":         {fn: biHelp, help: "help() lists the functions"},
		"exit":         {fn: biExit, help: "exit() ends the session"},
		"quit":         {fn: biExit, help: "quit() ends the session"},
	}
}

var (
	srKw    = []string{"iface", "timeout", "retry", "inter", "filter", "multi", "verbose"}
	sniffKw = []string{"count", "filter", "iface", "timeout", "offline", "store", "promisc"}
)

// Functions returns the names of the shell's functions, sorted.
func Functions() []string {
	out := make([]string, 0, len(builtins))
	for n := range builtins {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (s *Shell) call(ctx context.Context, n *callN) (Value, error) {
	a := &args{kw: map[string]Value{}}
	for _, x := range n.args {
		v, err := s.eval(ctx, x)
		if err != nil {
			return nil, err
		}
		a.pos = append(a.pos, v)
	}
	for _, k := range n.kw {
		if _, dup := a.kw[k.name]; dup {
			return nil, errAt(k.pos, ErrArgs, "keyword argument %s repeated", k.name)
		}
		v, err := s.eval(ctx, k.val)
		if err != nil {
			return nil, err
		}
		a.kw[k.name] = v
	}
	if at, ok := n.fn.(*attrN); ok {
		recv, err := s.eval(ctx, at.x)
		if err != nil {
			return nil, err
		}
		a.fn = at.name
		v, err := s.method(ctx, recv, at.name, a)
		return v, wrapAt(at.pos, err)
	}
	f, err := s.eval(ctx, n.fn)
	if err != nil {
		return nil, err
	}
	switch f := f.(type) {
	case *function:
		b := builtins[f.name]
		a.fn = f.name
		if b.restricted && s.Sandbox {
			return nil, errAt(n.fn.at(), ErrDisabled, "%s() is disabled in this shell", f.name)
		}
		for k := range a.kw {
			if !contains(b.kw, k) {
				return nil, errAt(n.pos, ErrArgs, "%s() takes no keyword argument %s", f.name, k)
			}
		}
		v, err := b.fn(s, ctx, a)
		return v, wrapAt(n.fn.at(), err)
	case *bound:
		a.fn = f.name
		v, err := s.method(ctx, f.recv, f.name, a)
		return v, wrapAt(n.fn.at(), err)
	}
	return nil, errAt(n.fn.at(), ErrType, "a %s is not callable", typeName(f))
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func (a *args) want(min, max int) error {
	if len(a.pos) < min || len(a.pos) > max {
		if min == max {
			return fmt.Errorf("%w: %s() takes %d argument(s), %d given", ErrArgs, a.fn, min, len(a.pos))
		}
		return fmt.Errorf("%w: %s() takes %d to %d arguments, %d given", ErrArgs, a.fn, min, max, len(a.pos))
	}
	return nil
}

func (a *args) str(name, def string) (string, error) {
	v, ok := a.kw[name]
	if !ok || v == nil {
		return def, nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%w: %s= takes a string, not a %s", ErrArgs, name, typeName(v))
	}
	return s, nil
}

func (a *args) integer(name string, def int) (int, error) {
	v, ok := a.kw[name]
	if !ok || v == nil {
		return def, nil
	}
	switch x := v.(type) {
	case int64:
		if x < math.MinInt32 || x > math.MaxInt32 {
			return 0, fmt.Errorf("%w: %s=%d is out of range", ErrArgs, name, x)
		}
		return int(x), nil
	case bool:
		if x {
			return 1, nil
		}
		return 0, nil
	}
	return 0, fmt.Errorf("%w: %s= takes an integer, not a %s", ErrArgs, name, typeName(v))
}

// dur reads a number of seconds.
func (a *args) dur(name string, def time.Duration) (time.Duration, error) {
	v, ok := a.kw[name]
	if !ok || v == nil {
		return def, nil
	}
	f, ok := toFloat(v)
	if !ok || f < 0 || f > 1e6 || math.IsNaN(f) {
		return 0, fmt.Errorf("%w: %s= takes a number of seconds", ErrArgs, name)
	}
	return time.Duration(f * float64(time.Second)), nil
}

// packets returns the packets of argument i (a packet, a list of them).
func (a *args) packets(i int) ([]*packet.Packet, error) {
	if i >= len(a.pos) {
		return nil, fmt.Errorf("%w: %s() needs a packet", ErrArgs, a.fn)
	}
	return valuePackets(a.pos[i])
}

func valuePackets(v Value) ([]*packet.Packet, error) {
	switch x := v.(type) {
	case *Packet:
		return x.All()
	case *LayerRef:
		p, i, err := x.layer()
		if err != nil {
			return nil, err
		}
		return []*packet.Packet{packet.New(p.Layers()[i:]...)}, nil
	case *List:
		var out []*packet.Packet
		for _, it := range x.Items {
			ps, err := valuePackets(it)
			if err != nil {
				return nil, err
			}
			out = append(out, ps...)
			if len(out) > maxExpand {
				return nil, fmt.Errorf("%w: more than %d packets", ErrArgs, maxExpand)
			}
		}
		return out, nil
	case *Results:
		var out []*packet.Packet
		for _, p := range x.L.Answered {
			out = append(out, p.Sent, p.Received)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%w: a %s is not a packet", ErrType, typeName(v))
}

func packetBytes(v Value) ([]byte, error) {
	switch x := v.(type) {
	case *Packet:
		return x.Bytes()
	case []byte:
		return x, nil
	case string:
		return []byte(x), nil
	}
	ps, err := valuePackets(v)
	if err != nil {
		return nil, err
	}
	if len(ps) != 1 {
		return nil, fmt.Errorf("%w: %d packets where one is wanted", ErrType, len(ps))
	}
	return ps[0].Build()
}

func biLs(s *Shell, _ context.Context, a *args) (Value, error) {
	if err := a.want(0, 1); err != nil {
		return nil, err
	}
	var b strings.Builder
	if len(a.pos) == 0 {
		ps := packet.Protocols()
		sort.Slice(ps, func(i, j int) bool { return strings.ToLower(ps[i].Name) < strings.ToLower(ps[j].Name) })
		for _, p := range ps {
			doc := p.Doc
			if doc == "" {
				doc = p.Name
			}
			fmt.Fprintf(&b, "%-15s : %s\n", p.Name, doc)
		}
		_, err := io.WriteString(s.Out, b.String())
		return nil, err
	}
	var l packet.Layer
	class := false
	switch x := a.pos[0].(type) {
	case *Packet:
		class = x.p == nil && packet.Lookup(x.src) != nil
		p, err := x.First()
		if err != nil {
			return nil, err
		}
		if p.NumLayers() == 0 {
			return nil, fmt.Errorf("%w: empty packet", ErrArgs)
		}
		l = p.Layer(0)
	case *LayerRef:
		p, i, err := x.layer()
		if err != nil {
			return nil, err
		}
		l = p.Layer(i)
	case string:
		pr := packet.Lookup(x)
		if pr == nil {
			return nil, fmt.Errorf("%w: unknown layer %q", ErrArgs, x)
		}
		l = pr.New()
		class = true
	default:
		return nil, fmt.Errorf("%w: ls() takes a layer, not a %s", ErrArgs, typeName(a.pos[0]))
	}
	pr := l.Proto()
	fresh := pr.New()
	for i := range pr.Fields {
		f := &pr.Fields[i]
		def := pyStr(lsValue(f, fresh), '\'')
		if class {
			// Scapy's ls of a class: the defaults only.
			fmt.Fprintf(&b, "%-10s : %-35s = (%s)\n", f.Name, fieldClass(f), def)
		} else {
			fmt.Fprintf(&b, "%-10s : %-35s = %-15s (%s)\n", f.Name, fieldClass(f), lsValue(f, l), def)
		}
	}
	_, err := io.WriteString(s.Out, b.String())
	return nil, err
}

// lsValue is a field's value as ls prints it: integers in decimal, None
// for a computed field left unset.
func lsValue(f *fields.Field, l packet.Layer) string {
	if f.Auto && !f.IsSet(l) {
		return "None"
	}
	if f.Kind == fields.KindUint {
		if u, ok := f.Uint(l); ok {
			return strconv.FormatUint(u, 10)
		}
	}
	return f.Format(l)
}

// fieldClass names a field as Scapy's field classes do.
func fieldClass(f *fields.Field) string {
	switch f.Kind {
	case fields.KindUint:
		base := map[int]string{8: "Byte", 16: "Short", 32: "Int", 64: "Long"}[f.Bits]
		switch {
		case len(f.Flags) > 0:
			return "FlagsField"
		case base == "":
			return fmt.Sprintf("BitField (%d bits)", f.Bits)
		case len(f.Enum) > 0:
			return base + "EnumField"
		case f.Hex:
			return "X" + base + "Field"
		}
		return base + "Field"
	case fields.KindMAC:
		return "MACField"
	case fields.KindIPv4:
		return "IPField"
	case fields.KindIPv6:
		return "IP6Field"
	case fields.KindBytes:
		return "StrField"
	case fields.KindString:
		return "StrField"
	case fields.KindList:
		return "PacketListField"
	}
	return f.Kind.String()
}

func biHexdump(s *Shell, _ context.Context, a *args) (Value, error) {
	if err := a.want(1, 1); err != nil {
		return nil, err
	}
	return nil, hexdumpValue(s.Out, a.pos[0])
}

func hexdumpValue(w io.Writer, v Value) error {
	b, err := packetBytes(v)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, packet.HexDump(b))
	return err
}

func biRaw(_ *Shell, _ context.Context, a *args) (Value, error) {
	if err := a.want(1, 1); err != nil {
		return nil, err
	}
	if n, ok := a.pos[0].(int64); ok && a.fn == "bytes" {
		if n < 0 || n > 1<<20 {
			return nil, fmt.Errorf("%w: bytes(%d)", ErrArgs, n)
		}
		return make([]byte, n), nil
	}
	return packetBytes(a.pos[0])
}

func biLen(_ *Shell, _ context.Context, a *args) (Value, error) {
	if err := a.want(1, 1); err != nil {
		return nil, err
	}
	switch x := a.pos[0].(type) {
	case *List:
		return int64(len(x.Items)), nil
	case *Results:
		return int64(len(x.L.Answered)), nil
	case string:
		return int64(len(x)), nil
	}
	b, err := packetBytes(a.pos[0])
	if err != nil {
		return nil, err
	}
	return int64(len(b)), nil
}

func oneStr(a *args) (Value, error) {
	if err := a.want(1, 1); err != nil {
		return nil, err
	}
	return str(a.pos[0]), nil
}

func biPrint(s *Shell, _ context.Context, a *args) (Value, error) {
	parts := make([]string, len(a.pos))
	for i, v := range a.pos {
		parts[i] = str(v)
	}
	_, err := fmt.Fprintln(s.Out, strings.Join(parts, " "))
	return nil, err
}

func srOptions(a *args) (sendrecv.SrOptions, bool, error) {
	var o sendrecv.SrOptions
	var err error
	if o.Iface, err = a.str("iface", ""); err != nil {
		return o, false, err
	}
	if o.Filter, err = a.str("filter", ""); err != nil {
		return o, false, err
	}
	if o.Timeout, err = a.dur("timeout", 0); err != nil {
		return o, false, err
	}
	if o.Timeout == 0 {
		// Without a timeout a request nothing answers would wait for ever.
		o.Timeout = 2 * time.Second
	}
	if o.Inter, err = a.dur("inter", 0); err != nil {
		return o, false, err
	}
	if o.Retry, err = a.integer("retry", 0); err != nil {
		return o, false, err
	}
	multi, err := a.integer("multi", 0)
	if err != nil {
		return o, false, err
	}
	o.Multi = multi != 0
	verbose, err := a.integer("verbose", 1)
	return o, verbose != 0, err
}

func biSr(s *Shell, ctx context.Context, a *args) (Value, error) {
	if err := a.want(1, 1); err != nil {
		return nil, err
	}
	ps, err := a.packets(0)
	if err != nil {
		return nil, err
	}
	o, verbose, err := srOptions(a)
	if err != nil {
		return nil, err
	}
	var l *sendrecv.SndRcvList
	if a.fn == "srp" {
		l, err = sendrecv.SrpContext(ctx, ps, o)
	} else {
		l, err = sendrecv.SrContext(ctx, ps, o)
	}
	if err != nil {
		return nil, err
	}
	if verbose {
		fmt.Fprintf(s.Out, "Sent %d packets, got %d answers, remaining %d packets\n", len(ps), len(l.Answered), len(l.Unanswered))
	}
	return &Results{L: l}, nil
}

func biSr1(s *Shell, ctx context.Context, a *args) (Value, error) {
	if err := a.want(1, 1); err != nil {
		return nil, err
	}
	ps, err := a.packets(0)
	if err != nil {
		return nil, err
	}
	o, verbose, err := srOptions(a)
	if err != nil {
		return nil, err
	}
	var l *sendrecv.SndRcvList
	if a.fn == "srp1" {
		l, err = sendrecv.SrpContext(ctx, ps, o)
	} else {
		l, err = sendrecv.SrContext(ctx, ps, o)
	}
	if err != nil {
		return nil, err
	}
	got := 0
	if len(l.Answered) > 0 {
		got = 1
	}
	if verbose {
		fmt.Fprintf(s.Out, "Sent %d packets, got %d answers, remaining %d packets\n", len(ps), got, len(ps)-got)
	}
	if got == 0 {
		return nil, nil
	}
	return &Packet{p: l.Answered[0].Received}, nil
}

func biSend(s *Shell, ctx context.Context, a *args) (Value, error) {
	if err := a.want(1, 1); err != nil {
		return nil, err
	}
	ps, err := a.packets(0)
	if err != nil {
		return nil, err
	}
	iface, err := a.str("iface", "")
	if err != nil {
		return nil, err
	}
	count, err := a.integer("count", 1)
	if err != nil {
		return nil, err
	}
	inter, err := a.dur("inter", 0)
	if err != nil {
		return nil, err
	}
	if a.fn == "sendp" && iface == "" {
		return nil, fmt.Errorf("%w: sendp() needs iface=", ErrArgs)
	}
	opts := []sendrecv.SendOption{sendrecv.Count(count)}
	if inter > 0 {
		opts = append(opts, sendrecv.Inter(inter))
	}
	for _, p := range ps {
		if a.fn == "sendp" {
			err = sendrecv.SendpContext(ctx, p, iface, opts...)
		} else {
			err = sendrecv.SendContext(ctx, p, iface, opts...)
		}
		if err != nil {
			return nil, err
		}
	}
	if v, _ := a.integer("verbose", 1); v != 0 {
		fmt.Fprintf(s.Out, "Sent %d packets.\n", len(ps)*count)
	}
	return nil, nil
}

func sniffConfig(a *args) (sniff.SniffConfig, error) {
	cfg := sniff.SniffConfig{Store: true}
	var err error
	if cfg.Iface, err = a.str("iface", ""); err != nil {
		return cfg, err
	}
	if cfg.Filter, err = a.str("filter", ""); err != nil {
		return cfg, err
	}
	if cfg.Offline, err = a.str("offline", ""); err != nil {
		return cfg, err
	}
	if cfg.Count, err = a.integer("count", 0); err != nil {
		return cfg, err
	}
	if cfg.Count < 0 {
		return cfg, fmt.Errorf("%w: count= cannot be negative", ErrArgs)
	}
	if cfg.Timeout, err = a.dur("timeout", 0); err != nil {
		return cfg, err
	}
	promisc, err := a.integer("promisc", 0)
	cfg.Promisc = promisc != 0
	return cfg, err
}

func biSniff(_ *Shell, ctx context.Context, a *args) (Value, error) {
	if err := a.want(0, 0); err != nil {
		return nil, err
	}
	cfg, err := sniffConfig(a)
	if err != nil {
		return nil, err
	}
	if cfg.Count == 0 && cfg.Timeout == 0 && cfg.Offline == "" {
		return nil, fmt.Errorf("%w: sniff() needs count= or timeout= (or offline=)", ErrArgs)
	}
	ps, err := sniff.SniffPackets(ctx, cfg)
	if err != nil && len(ps) == 0 {
		return nil, err
	}
	return &List{Name: "Sniffed", Items: pktValues(ps)}, nil
}

func biAsync(_ *Shell, _ context.Context, a *args) (Value, error) {
	if err := a.want(0, 0); err != nil {
		return nil, err
	}
	cfg, err := sniffConfig(a)
	if err != nil {
		return nil, err
	}
	return &AsyncSniffer{cfg: cfg}, nil
}

// start opens the capture at once, so that packets sent afterwards are
// seen, and runs it in the background.
func (as *AsyncSniffer) start(ctx context.Context) error {
	if as.started {
		return fmt.Errorf("%w: the sniffer is already started", ErrType)
	}
	sn, err := sniff.Open(as.cfg)
	if err != nil {
		return err
	}
	as.started = true
	// The capture outlives the statement that starts it: stop() ends it.
	rctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	as.cancel = cancel
	as.done = make(chan struct{})
	go func() {
		defer close(as.done)
		defer sn.Close()
		err := sn.Run(rctx, func(p *packet.Packet) bool {
			as.mu.Lock()
			as.pkts = append(as.pkts, &Packet{p: p})
			as.mu.Unlock()
			return true
		})
		if err != nil && !errors.Is(err, context.Canceled) {
			as.mu.Lock()
			as.err = err
			as.mu.Unlock()
		}
	}()
	return nil
}

func (as *AsyncSniffer) results() Value {
	as.mu.Lock()
	defer as.mu.Unlock()
	return &List{Name: "Sniffed", Items: append([]Value(nil), as.pkts...)}
}

func (as *AsyncSniffer) wait(ctx context.Context, stop bool) (Value, error) {
	if !as.started {
		return nil, fmt.Errorf("%w: the sniffer is not started", ErrType)
	}
	if stop {
		as.cancel()
	}
	select {
	case <-as.done:
	case <-ctx.Done():
		as.cancel()
		<-as.done
	}
	as.mu.Lock()
	err := as.err
	as.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return as.results(), nil
}

func biRdpcap(_ *Shell, _ context.Context, a *args) (Value, error) {
	if err := a.want(1, 1); err != nil {
		return nil, err
	}
	name, ok := a.pos[0].(string)
	if !ok {
		return nil, fmt.Errorf("%w: rdpcap() takes a file name", ErrArgs)
	}
	count, err := a.integer("count", -1)
	if err != nil {
		return nil, err
	}
	r, err := pcap.Open(name)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	l := &List{Name: name}
	for count < 0 || len(l.Items) < count {
		rp, err := r.ReadPacket()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		first, ok := packet.FirstLayer(uint32(rp.LinkType), rp.Data)
		var p *packet.Packet
		if ok {
			p, _ = packet.Dissect(rp.Data, first)
		}
		if p == nil {
			p = packet.New(&packet.Raw{Load: rp.Data})
		}
		p.Metadata.Timestamp = rp.Timestamp
		p.Metadata.LinkType = uint32(rp.LinkType)
		l.Items = append(l.Items, &Packet{p: p})
	}
	return l, nil
}

func biWrpcap(_ *Shell, _ context.Context, a *args) (Value, error) {
	if err := a.want(2, 2); err != nil {
		return nil, err
	}
	name, ok := a.pos[0].(string)
	if !ok {
		return nil, fmt.Errorf("%w: wrpcap() takes a file name and packets", ErrArgs)
	}
	ps, err := valuePackets(a.pos[1])
	if err != nil {
		return nil, err
	}
	frames := make([][]byte, len(ps))
	lt := pcap.LinkTypeEthernet
	for i, p := range ps {
		if frames[i], err = p.Build(); err != nil {
			return nil, err
		}
		if i == 0 {
			lt = linkTypeOf(p)
		}
	}
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	w, err := pcap.NewWriter(f, lt)
	if err == nil {
		for i, b := range frames {
			ts := ps[i].Metadata.Timestamp
			if ts.IsZero() {
				ts = time.Now()
			}
			if err = w.WritePacket(pcap.CaptureInfo{Timestamp: ts, CaptureLength: len(b), Length: len(b), LinkType: linkTypeOf(ps[i])}, b); err != nil {
				break
			}
		}
		if err == nil {
			err = w.Flush()
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return nil, err
}

// linkTypeOf is the pcap link type of a packet: the one it was captured
// with, else the one its first layer implies (Ethernet by default).
func linkTypeOf(p *packet.Packet) pcap.LinkType {
	if p.Metadata.LinkType != 0 {
		return pcap.LinkType(p.Metadata.LinkType)
	}
	if p.NumLayers() > 0 {
		switch p.Layer(0).Proto().Name {
		case "IP", "IPv6":
			return pcap.LinkTypeRaw
		case "CookedLinux":
			return pcap.LinkTypeLinuxSLL
		case "802.11", "Dot11":
			return pcap.LinkTypeIEEE80211
		}
	}
	return pcap.LinkTypeEthernet
}

func biTraceroute(s *Shell, ctx context.Context, a *args) (Value, error) {
	if err := a.want(1, 1); err != nil {
		return nil, err
	}
	t, ok := a.pos[0].(string)
	if !ok {
		return nil, fmt.Errorf("%w: traceroute() takes an address", ErrArgs)
	}
	addr, err := netip.ParseAddr(t)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrArgs, err)
	}
	cfg := traceroute.Config{Target: addr}
	if cfg.MaxHops, err = a.integer("maxttl", 30); err != nil {
		return nil, err
	}
	if cfg.FirstTTL, err = a.integer("minttl", 1); err != nil {
		return nil, err
	}
	if cfg.Iface, err = a.str("iface", ""); err != nil {
		return nil, err
	}
	if cfg.Timeout, err = a.dur("timeout", 2*time.Second); err != nil {
		return nil, err
	}
	port, err := a.integer("dport", 0)
	if err != nil {
		return nil, err
	}
	if port < 0 || port > 65535 {
		return nil, fmt.Errorf("%w: dport=%d", ErrArgs, port)
	}
	cfg.Port = uint16(port)
	l4, err := a.str("l4", "")
	if err != nil {
		return nil, err
	}
	if l4 != "" {
		if cfg.Method, err = traceroute.ParseMethod(l4); err != nil {
			return nil, err
		}
	}
	r, err := traceroute.Trace(ctx, cfg)
	if err != nil {
		return nil, err
	}
	_, err = io.WriteString(s.Out, strings.TrimRight(r.String(), "\n")+"\n")
	return nil, err
}

func biArping(s *Shell, ctx context.Context, a *args) (Value, error) {
	if err := a.want(1, 1); err != nil {
		return nil, err
	}
	t, ok := a.pos[0].(string)
	if !ok {
		return nil, fmt.Errorf("%w: arping() takes a subnet", ErrArgs)
	}
	pfx, err := netip.ParsePrefix(t)
	if err != nil {
		addr, aerr := netip.ParseAddr(t)
		if aerr != nil {
			return nil, fmt.Errorf("%w: %v", ErrArgs, err)
		}
		pfx = netip.PrefixFrom(addr, addr.BitLen())
	}
	cfg := arping.Config{Prefix: pfx.Masked()}
	if cfg.Iface, err = a.str("iface", ""); err != nil {
		return nil, err
	}
	if cfg.Iface == "" {
		return nil, fmt.Errorf("%w: arping() needs iface=", ErrArgs)
	}
	if cfg.Timeout, err = a.dur("timeout", 0); err != nil {
		return nil, err
	}
	if cfg.Retries, err = a.integer("retry", 0); err != nil {
		return nil, err
	}
	res, st, err := arping.Scan(ctx, cfg)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for _, r := range res {
		b.WriteString(r.String() + "\n")
	}
	b.WriteString(st.String() + "\n")
	_, err = io.WriteString(s.Out, b.String())
	return nil, err
}

func biHelp(s *Shell, _ context.Context, a *args) (Value, error) {
	var b strings.Builder
	b.WriteString("Functions:\n")
	for _, n := range Functions() {
		fmt.Fprintf(&b, "  %s\n", builtins[n].help)
	}
	b.WriteString("Packets: p = IP(dst=\"198.18.1.3\")/ICMP(); p.show(), p.show2(), p.summary(), p.command(), p[IP].ttl = 3\n")
	b.WriteString("Lists and results: x[0], x.summary(), x.show(), x.nsummary(), ans.table()\n")
	_, err := io.WriteString(s.Out, b.String())
	return nil, err
}

func biExit(*Shell, context.Context, *args) (Value, error) { return nil, ErrExit }
