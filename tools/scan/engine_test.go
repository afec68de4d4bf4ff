package scan

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// fakeNet is a network in user space: it reads the probes the scanner
// writes with the library's dissector and answers as each port's
// behaviour says.
type fakeNet struct {
	t        *testing.T
	behave   func(dst netip.Addr, port uint16) string // open, closed, admin, drop, lossy
	frames   chan []byte
	mu       sync.Mutex
	probes   map[netip.AddrPort]int
	order    []netip.AddrPort
	deadline time.Time
	forge    bool // also send a SYN-ACK with a wrong ack for every probe
	dupes    bool // answer every open port twice
	// refuse, when it returns an error for a destination, makes write
	// stop there with it, as the kernel does for a probe it cannot send.
	refuse func(dst netip.Addr) error
}

func newFakeNet(t *testing.T, behave func(netip.Addr, uint16) string) *fakeNet {
	return &fakeNet{t: t, behave: behave, frames: make(chan []byte, 1<<16), probes: map[netip.AddrPort]int{}}
}

func (f *fakeNet) push(b []byte, err error) {
	if err != nil {
		f.t.Error(err)
		return
	}
	f.frames <- b
}

func (f *fakeNet) write(pkts [][]byte) (int, error) {
	for i, b := range pkts {
		if f.refuse != nil {
			var dst netip.Addr
			if b[0]>>4 == 4 {
				dst = netip.AddrFrom4([4]byte(b[16:20]))
			} else {
				dst = netip.AddrFrom16([16]byte(b[24:40]))
			}
			if err := f.refuse(dst); err != nil {
				return i, fmt.Errorf("write: %w", err)
			}
		}
		first := layers.IPv4Type
		if b[0]>>4 == 6 {
			first = layers.IPv6Type
		}
		p, err := goscapy.DissectAs(b, first)
		if err != nil {
			f.t.Errorf("probe does not dissect: %v", err)
			continue
		}
		tcp, ok := packet.LayerOf[*layers.TCP](p)
		if !ok || tcp.Flags != layers.TCPSyn {
			f.t.Errorf("probe is not a SYN: %v", p)
			continue
		}
		var src, dst netip.Addr
		if ip, ok := packet.LayerOf[*layers.IPv4](p); ok {
			src, dst = ip.Src, ip.Dst
		} else if ip, ok := packet.LayerOf[*layers.IPv6](p); ok {
			src, dst = ip.Src, ip.Dst
		}
		ap := netip.AddrPortFrom(dst, tcp.DstPort)
		f.mu.Lock()
		f.probes[ap]++
		n := f.probes[ap]
		f.order = append(f.order, ap)
		f.mu.Unlock()
		eth := goscapy.NewEthernet().SrcMAC("02:00:00:00:01:03").DstMAC("02:00:00:00:01:02")
		answer := func(flags uint8, ack uint32) {
			if dst.Is4() {
				f.push(eth.Over(goscapy.NewIP().SrcIP(dst).DstIP(src).TTL(61)).
					Over(goscapy.NewTCP().SrcPort(tcp.DstPort).DstPort(tcp.SrcPort).Seq(1000).Ack(ack).Flags(flags)).Build())
			} else {
				f.push(eth.Over(goscapy.NewIPv6().SrcIP(dst).DstIP(src).HopLimit(61)).
					Over(goscapy.NewTCP().SrcPort(tcp.DstPort).DstPort(tcp.SrcPort).Seq(1000).Ack(ack).Flags(flags)).Build())
			}
		}
		if f.forge {
			answer(layers.TCPSyn|layers.TCPAck, tcp.Seq+2)
		}
		switch f.behave(dst, tcp.DstPort) {
		case "open":
			answer(layers.TCPSyn|layers.TCPAck, tcp.Seq+1)
			if f.dupes {
				answer(layers.TCPSyn|layers.TCPAck, tcp.Seq+1)
			}
		case "closed":
			answer(layers.TCPRst|layers.TCPAck, tcp.Seq+1)
		case "admin":
			quote := b[:min(len(b), 28)]
			f.push(eth.Over(goscapy.NewIP().SrcIP("198.18.1.1").DstIP(src).TTL(64)).
				Over(goscapy.NewICMP().Type(3).Code(13)).Over(goscapy.NewRaw(quote)).Build())
		case "lossy":
			if n > 1 {
				answer(layers.TCPSyn|layers.TCPAck, tcp.Seq+1)
			}
		}
	}
	return len(pkts), nil
}

func (f *fakeNet) read(buf []byte) (int, time.Time, error) {
	f.mu.Lock()
	d := f.deadline
	f.mu.Unlock()
	t := time.NewTimer(time.Until(d))
	defer t.Stop()
	select {
	case b := <-f.frames:
		return copy(buf, b), time.Now(), nil
	case <-t.C:
		return 0, time.Time{}, fmt.Errorf("read: %w", os.ErrDeadlineExceeded)
	}
}

func (f *fakeNet) setReadDeadline(d time.Time) error {
	f.mu.Lock()
	f.deadline = d
	f.mu.Unlock()
	return nil
}
func (f *fakeNet) linkType() uint32 { return linkEthernet }
func (f *fakeNet) dropped() uint64  { return 0 }
func (f *fakeNet) close() error     { return nil }

// behaviour of the fake network: from the last byte of the address and
// the port.
func behaviour(a netip.Addr, port uint16) string {
	b := a.As16()
	return [...]string{"open", "closed", "admin", "drop", "lossy"}[(int(b[15])+int(port))%5]
}

// wantState is the state a port of that behaviour must end in.
func wantState(b string, retries int) (State, string) {
	switch b {
	case "open":
		return Open, ReasonSynAck
	case "closed":
		return Closed, ReasonReset
	case "admin":
		return Filtered, "admin-prohibited"
	case "lossy":
		if retries > 0 {
			return Open, ReasonSynAck
		}
	}
	return Filtered, ReasonNoResponse
}

func runFake(t *testing.T, cfg Config, net *fakeNet) (map[netip.AddrPort]Result, Stats) {
	t.Helper()
	s, err := newScanner(cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := map[netip.AddrPort]Result{}
	st, err := s.run(context.Background(), net, func(r Result) {
		ap := netip.AddrPortFrom(r.Addr, r.Port)
		if _, dup := got[ap]; dup {
			t.Errorf("%v reported twice", ap)
		}
		got[ap] = r
	})
	if err != nil {
		t.Fatal(err)
	}
	return got, st
}

func testConfig(t *testing.T, targets string, retries int) Config {
	tg, err := ParseTargets(targets)
	if err != nil {
		t.Fatal(err)
	}
	ports, err := ParsePorts("22,80,443,8080,9000-9003")
	if err != nil {
		t.Fatal(err)
	}
	return Config{Targets: tg, Ports: ports, Source: addrA, Source6: addrA6, Retries: retries,
		Timeout: 30 * time.Millisecond, Seed: 11}
}

func TestEngineStates(t *testing.T) {
	for _, retries := range []int{0, 1} {
		cfg := testConfig(t, "198.18.1.0/29,2001:db8:1::3", retries)
		net := newFakeNet(t, behaviour)
		net.forge, net.dupes = true, true
		got, st := runFake(t, cfg, net)
		space := cfg.Targets.Len() * uint64(len(cfg.Ports))
		if uint64(len(got)) != space || st.Space != space || st.Targets != space {
			t.Fatalf("retries %d: %d results, stats %+v, want %d", retries, len(got), st, space)
		}
		var open, closed, filtered uint64
		for i := uint64(0); i < cfg.Targets.Len(); i++ {
			for _, p := range cfg.Ports {
				a := cfg.Targets.At(i)
				r, ok := got[netip.AddrPortFrom(a, p)]
				wst, wreason := wantState(behaviour(a, p), retries)
				if !ok || r.State != wst || r.Reason != wreason {
					t.Errorf("retries %d: %v:%d (%s): %+v, want %v %s", retries, a, p, behaviour(a, p), r, wst, wreason)
				}
				switch wst {
				case Open:
					open++
					if r.TTL != 61 || r.From != a {
						t.Errorf("%v:%d: ttl %d from %v", a, p, r.TTL, r.From)
					}
				case Closed:
					closed++
				default:
					filtered++
				}
			}
		}
		if st.Open != open || st.Closed != closed || st.Filtered != filtered {
			t.Errorf("retries %d: stats %+v, want open %d closed %d filtered %d", retries, st, open, closed, filtered)
		}
		if st.Invalid == 0 || st.Dups == 0 {
			t.Errorf("retries %d: forged answers and duplicates not counted: %+v", retries, st)
		}
		// a retry goes only to the silent ports
		for ap, n := range net.probes {
			b := behaviour(ap.Addr(), ap.Port())
			want := 1
			if retries > 0 && (b == "drop" || b == "lossy") {
				want = 2
			}
			if n != want {
				t.Errorf("retries %d: %v (%s) probed %d times, want %d", retries, ap, b, n, want)
			}
		}
		if wantRounds := 1 + retries; st.Rounds != wantRounds {
			t.Errorf("rounds %d, want %d", st.Rounds, wantRounds)
		}
	}
}

// TestEngineShards: the shards of one seed probe disjoint parts of the
// space whose union is the space, and find together what one scan
// finds.
func TestEngineShards(t *testing.T) {
	cfg := testConfig(t, "198.18.1.0/28", 1)
	whole, _ := runFake(t, cfg, newFakeNet(t, behaviour))
	union := map[netip.AddrPort]Result{}
	probed := map[netip.AddrPort]int{}
	for shard := range 3 {
		c := cfg
		c.Shard, c.Shards = shard, 3
		net := newFakeNet(t, behaviour)
		part, st := runFake(t, c, net)
		if st.Targets != uint64(len(part)) {
			t.Errorf("shard %d: %d targets, %d results", shard, st.Targets, len(part))
		}
		for ap, r := range part {
			if _, ok := union[ap]; ok {
				t.Errorf("%v in two shards", ap)
			}
			union[ap] = r
		}
		for ap := range net.probes {
			probed[ap]++
		}
	}
	if len(union) != len(whole) {
		t.Fatalf("shards found %d ports, one scan %d", len(union), len(whole))
	}
	for ap, r := range whole {
		u := union[ap]
		if u.State != r.State || u.Reason != r.Reason {
			t.Errorf("%v: shards %v, one scan %v", ap, u, r)
		}
		if probed[ap] == 0 {
			t.Errorf("%v probed by no shard", ap)
		}
	}
}

// TestEngineOrder: the probes follow the permutation of the seed, not
// the address order.
func TestEngineOrder(t *testing.T) {
	cfg := testConfig(t, "198.18.1.0/28", 0)
	net := newFakeNet(t, behaviour)
	runFake(t, cfg, net)
	pm, _ := NewPermutation(cfg.Targets.Len()*uint64(len(cfg.Ports)), cfg.Seed, 0, 1)
	var want []netip.AddrPort
	for {
		idx, ok := pm.Next()
		if !ok {
			break
		}
		P := uint64(len(cfg.Ports))
		want = append(want, netip.AddrPortFrom(cfg.Targets.At(idx/P), cfg.Ports[idx%P]))
	}
	if !slices.Equal(net.order, want) {
		t.Error("the probes are not in the order of the permutation")
	}
	sorted := slices.IsSortedFunc(net.order, func(a, b netip.AddrPort) int { return a.Compare(b) })
	if sorted {
		t.Error("the probes went in address order")
	}
}

// TestEngineRate: the rate limit can only make a scan slower; 300
// probes at 3000/s take at least about 0.1 s.
func TestEngineRate(t *testing.T) {
	cfg := testConfig(t, "198.18.1.0/27", 0) // 32 hosts x 8 ports = 256
	cfg.Rate = 2560
	net := newFakeNet(t, func(netip.Addr, uint16) string { return "closed" })
	_, st := runFake(t, cfg, net)
	if st.Probes != 256 {
		t.Fatalf("%d probes", st.Probes)
	}
	if min := 90*time.Millisecond + cfg.Timeout; st.Elapsed < min {
		t.Errorf("256 probes at 2560/s took %v", st.Elapsed)
	}
}

func TestEngineCancel(t *testing.T) {
	cfg := testConfig(t, "198.18.0.0/20", 0)
	cfg.Rate = 1000
	s, err := newScanner(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	n := 0
	st, err := s.run(ctx, newFakeNet(t, behaviour), func(Result) { n++ })
	if err != context.DeadlineExceeded {
		t.Errorf("err %v", err)
	}
	if st.Probes == 0 || st.Probes > 200 || uint64(n) > st.Probes {
		t.Errorf("stats %+v, %d results", st, n)
	}
}

func TestConfigErrors(t *testing.T) {
	good := testConfig(t, "198.18.1.3", 0)
	for name, mod := range map[string]func(*Config){
		"no targets": func(c *Config) { c.Targets = Targets{} },
		"no ports":   func(c *Config) { c.Ports = nil },
		"unsorted":   func(c *Config) { c.Ports = []uint16{80, 22} },
		"port 0":     func(c *Config) { c.Ports = []uint16{0} },
		"shard":      func(c *Config) { c.Shard, c.Shards = 2, 2 },
		"rate":       func(c *Config) { c.Rate = -1 },
		"source":     func(c *Config) { c.Source = addrA6 },
		"huge":       func(c *Config) { c.Targets, _ = ParseTargets("2001:db8::/66"); c.Ports, _ = ParsePorts("-") },
	} {
		c := good
		mod(&c)
		if _, err := newScanner(c); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestProbeNoAllocs: building a probe allocates nothing.
func TestProbeNoAllocs(t *testing.T) {
	s, err := newScanner(testConfig(t, "198.18.1.3,2001:db8:1::3", 0))
	if err != nil {
		t.Fatal(err)
	}
	pr := newProber(s)
	buf := make([]byte, 128)
	for _, dst := range []netip.Addr{addrB, addrB6} {
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := pr.build(buf, dst, 80); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%v: build allocates %.1f times", dst, allocs)
		}
	}
}
