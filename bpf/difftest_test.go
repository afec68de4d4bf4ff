package bpf

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	xbpf "golang.org/x/net/bpf"

	"github.com/goscapy/goscapy/pcap"
)

// The differential tests compare this package with libpcap as tcpdump
// uses it: for every expression of testdata/filters.txt and every test
// capture, the packets Compile's program accepts must be those
// "tcpdump -r FILE -w - EXPR" writes out.

const corpusDir = "../../shared/corpus"

// Captures of the corpus used by the tests: Ethernet captures chosen for
// the protocols they hold (VLAN, QinQ, MPLS, PPPoE, IPv4 and IPv6
// fragments, extension headers, LLC/STP, SCTP, IGMP, PIM, VRRP, IPsec,
// truncated and malformed frames) and every raw IP and Linux SLL capture.
var corpusFiles = []string{
	"generated/lab-verify.pcap",
	"generated/kernel/vlan.pcap",
	"generated/kernel/qinq.pcap",
	"generated/kernel/frag-v4.pcap",
	"generated/kernel/frag-v6.pcap",
	"generated/kernel/ndp-icmp.pcap",
	"generated/kernel/ipv6-ext.pcap",
	"generated/kernel/dns-dhcp.pcap",
	"generated/kernel/tcp-rst.pcap",
	"generated/daemons/igmp-sctp.pcap",
	"generated/daemons/lldp.pcap",
	"generated/daemons/ospf.pcap",
	"tcpdump/802.1w_rapid_STP.pcap",
	"tcpdump/802.1ad_QinQ.pcap",
	"tcpdump/mpls-label-heapoverflow.pcap",
	"tcpdump/pppoes.pcap",
	"tcpdump/various_gre.pcap",
	"tcpdump/PIM-SM_join_prune.pcap",
	"tcpdump/vrrp.pcap",
	"tcpdump/eapon1.pcap",
	"tcpdump/bad-ipv4-version-pgm-heapoverflow.pcap",
	"tcpdump/IGMP_V1.pcap",
	"pcapplusplus/MplsPackets.pcap",
	"pcapplusplus/one_http_stream_rst.pcap",
	"pcapplusplus/VlanPackets.pcap",
	"pcapplusplus/frag_http_req.pcap",
	"pcapplusplus/IPv4Frag.pcap",
	"pcapplusplus/ipv4-options.pcap",
	"pcapplusplus/ip6_fragments.pcap",
	// raw IP and Linux cooked captures
	"tcpdump/LINKTYPE_IPV4.pcap",
	"tcpdump/LINKTYPE_RAW_ipv4.pcap",
	"tcpdump/extract_read2_asan.pcap",
	"tcpdump/heap-overflow-1.pcap",
	"tcpdump/icmpv6_nodeinfo_queryipv4.pcap",
	"tcpdump/forces2.pcap",
	"tcpdump/tcp-handshake-nano.pcap",
	"pcapplusplus/Sll2Packet.pcap",
}

// Ethernet captures re-encapsulated as raw IP and Linux cooked captures,
// so that those link types are tested on many packets.
var derivedFrom = []string{
	"generated/lab-verify.pcap",
	"generated/kernel/ndp-icmp.pcap",
	"generated/kernel/frag-v4.pcap",
	"generated/kernel/frag-v6.pcap",
	"generated/daemons/igmp-sctp.pcap",
	"generated/daemons/lldp.pcap",
}

// Ethernet captures whose packets are also tested cut short, at lengths
// around the header fields filters look at, so that the rule that a load
// beyond the captured bytes rejects the packet is compared too.
var truncatedFrom = []string{
	"generated/lab-verify.pcap",
	"generated/kernel/vlan.pcap",
	"generated/kernel/ipv6-ext.pcap",
	"pcapplusplus/ipv4-options.pcap",
	"pcapplusplus/MplsPackets.pcap",
	"tcpdump/pppoes.pcap",
}

var truncLengths = []int{13, 14, 16, 18, 20, 24, 28, 30, 34, 36, 38, 40, 42, 46, 50, 54, 56, 58, 62, 66, 70, 74, 78}

func truncate(pkts []testPacket) []testPacket {
	var out []testPacket
	for _, p := range pkts {
		for _, n := range truncLengths {
			if n < len(p.data) {
				out = append(out, testPacket{bytes.Clone(p.data[:n]), p.wire})
			}
		}
	}
	return out
}

type testPacket struct {
	data []byte
	wire int
}

// capture holds all the test packets of one link type, written to a
// single temporary file so that tcpdump runs once per expression and link
// type; origin tells where each packet comes from.
type capture struct {
	name     string
	path     string
	linkType uint32
	pkts     []testPacket
	origin   []string
}

func (c *capture) add(name string, pkts []testPacket) {
	for i, p := range pkts {
		c.pkts = append(c.pkts, p)
		c.origin = append(c.origin, fmt.Sprintf("%s#%d", name, i+1))
	}
}

func readCapture(path string) (uint32, []testPacket, error) {
	r, err := pcap.Open(path)
	if err != nil {
		return 0, nil, err
	}
	defer r.Close()
	lt := uint32(r.LinkType())
	var pkts []testPacket
	for data, ci := range r.All() {
		if uint32(ci.LinkType) != lt {
			return 0, nil, fmt.Errorf("%s: several link types", path)
		}
		pkts = append(pkts, testPacket{bytes.Clone(data), ci.Length})
	}
	return lt, pkts, r.Err()
}

// derive re-encapsulates the IPv4 and IPv6 packets (and, for the cooked
// link types, every packet) of an Ethernet capture.
func derive(pkts []testPacket, lt uint32) []testPacket {
	var out []testPacket
	for i, p := range pkts {
		if len(p.data) < 14 {
			continue
		}
		et := binary.BigEndian.Uint16(p.data[12:])
		payload := p.data[14:]
		proto := et
		if et <= 1500 {
			proto = 4 // LINUX_SLL_P_802_2
		}
		var d []byte
		switch lt {
		case 101, 12:
			if et != 0x0800 && et != 0x86dd {
				continue
			}
			d = bytes.Clone(payload)
		case 228:
			if et != 0x0800 {
				continue
			}
			d = bytes.Clone(payload)
		case 229:
			if et != 0x86dd {
				continue
			}
			d = bytes.Clone(payload)
		case 113:
			h := make([]byte, 16)
			binary.BigEndian.PutUint16(h[0:], uint16(4*(i%2))) // host / outgoing
			binary.BigEndian.PutUint16(h[2:], 1)
			binary.BigEndian.PutUint16(h[4:], 6)
			copy(h[6:], p.data[6:12])
			binary.BigEndian.PutUint16(h[14:], proto)
			d = append(h, payload...)
		case 276:
			h := make([]byte, 20)
			binary.BigEndian.PutUint16(h[0:], proto)
			binary.BigEndian.PutUint32(h[4:], uint32(1+i%3))
			binary.BigEndian.PutUint16(h[8:], 1)
			h[10] = byte(4 * (i % 2))
			h[11] = 6
			copy(h[12:], p.data[6:12])
			d = append(h, payload...)
		}
		out = append(out, testPacket{d, p.wire - len(p.data) + len(d)})
	}
	return out
}

func writeCapture(path string, lt uint32, pkts []testPacket) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w, err := pcap.NewWriter(f, pcap.LinkType(lt))
	if err != nil {
		return err
	}
	for _, p := range pkts {
		if err := w.WritePacket(pcap.CaptureInfo{LinkType: pcap.LinkType(lt), CaptureLength: len(p.data), Length: p.wire}, p.data); err != nil {
			return err
		}
	}
	return w.Flush()
}

type diffEnv struct {
	exprs    []string
	captures []*capture
}

var (
	envOnce sync.Once
	envVal  *diffEnv
	envErr  string
)

func loadFilters(t testing.TB) []string {
	f, err := os.Open("testdata/filters.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var exprs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		exprs = append(exprs, line)
	}
	return exprs
}

// env loads the filters and the captures once per test binary run; it
// skips the test when tcpdump or the corpus is missing.
func env(t *testing.T) *diffEnv {
	t.Helper()
	if _, err := exec.LookPath("tcpdump"); err != nil {
		t.Skip("tcpdump not installed; skipping the comparison with libpcap")
	}
	if _, err := os.Stat(filepath.Join(corpusDir, "INDEX.tsv")); err != nil {
		t.Skipf("capture corpus not found at %s; skipping the comparison with libpcap", corpusDir)
	}
	envOnce.Do(func() {
		e := &diffEnv{exprs: loadFilters(t)}
		byLT := map[uint32]*capture{}
		get := func(lt uint32) *capture {
			if c, ok := byLT[lt]; ok {
				return c
			}
			c := &capture{linkType: lt, name: "link type " + dltName[lt]}
			byLT[lt] = c
			e.captures = append(e.captures, c)
			return c
		}
		for _, name := range corpusFiles {
			lt, pkts, err := readCapture(filepath.Join(corpusDir, name))
			if err != nil {
				envErr = err.Error()
				return
			}
			get(lt).add(name, pkts)
		}
		for _, name := range truncatedFrom {
			lt, pkts, err := readCapture(filepath.Join(corpusDir, name))
			if err != nil {
				envErr = err.Error()
				return
			}
			get(lt).add(name+" truncated", truncate(pkts))
		}
		for _, name := range derivedFrom {
			_, pkts, err := readCapture(filepath.Join(corpusDir, name))
			if err != nil {
				envErr = err.Error()
				return
			}
			for _, lt := range []uint32{101, 228, 229, 113, 276} {
				get(lt).add(fmt.Sprintf("%s as link type %d", name, lt), derive(pkts, lt))
			}
		}
		dir, err := os.MkdirTemp("", "bpf-difftest")
		if err != nil {
			envErr = err.Error()
			return
		}
		for _, c := range e.captures {
			c.path = filepath.Join(dir, fmt.Sprintf("linktype-%d.pcap", c.linkType))
			if err := writeCapture(c.path, c.linkType, c.pkts); err != nil {
				envErr = err.Error()
				return
			}
		}
		envVal = e
	})
	if envErr != "" {
		t.Fatal(envErr)
	}
	return envVal
}

// tcpdumpAccepts runs "tcpdump -r path -w - expr" and returns the indices
// of the packets it writes, or tcpdump's error message.
func tcpdumpAccepts(c *capture, expr string) ([]int, string, error) {
	cmd := exec.Command("tcpdump", "-r", c.path, "-w", "-", "--", expr)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			return nil, "", err
		}
		return nil, msg, nil
	}
	r, err := pcap.NewReader(&stdout)
	if err != nil {
		if stdout.Len() == 0 {
			return nil, "", fmt.Errorf("tcpdump wrote nothing: %s", stderr.String())
		}
		return nil, "", err
	}
	var idx []int
	next := 0
	for data, ci := range r.All() {
		for next < len(c.pkts) && (c.pkts[next].wire != ci.Length || !bytes.Equal(c.pkts[next].data, data)) {
			next++
		}
		if next == len(c.pkts) {
			return nil, "", fmt.Errorf("tcpdump output packet not found in %s", c.name)
		}
		idx = append(idx, next)
		next++
	}
	if err := r.Err(); err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, "", err
	}
	return idx, "", nil
}

func ourAccepts(m *Matcher, c *capture) []int {
	var idx []int
	for i, p := range c.pkts {
		if m.Run(p.data, p.wire) != 0 {
			idx = append(idx, i)
		}
	}
	return idx
}

func diffIndices(c *capture, a, b []int) string {
	in := func(s []int) map[int]bool {
		m := make(map[int]bool, len(s))
		for _, v := range s {
			m[v] = true
		}
		return m
	}
	ma, mb := in(a), in(b)
	var onlyA, onlyB []string
	for _, v := range a {
		if !mb[v] {
			onlyA = append(onlyA, c.origin[v])
		}
	}
	for _, v := range b {
		if !ma[v] {
			onlyB = append(onlyB, c.origin[v])
		}
	}
	trim := func(s []string) []string {
		if len(s) > 10 {
			return s[:10]
		}
		return s
	}
	return fmt.Sprintf("accepted only by us: %v (%d); only by tcpdump: %v (%d)", trim(onlyA), len(onlyA), trim(onlyB), len(onlyB))
}

// TestDifferentialTcpdump checks, for every expression and capture, that
// the packets accepted by the compiled program are those tcpdump accepts,
// and that an expression is refused by both or by neither.
func TestDifferentialTcpdump(t *testing.T) {
	e := env(t)
	if testing.Short() {
		t.Skip("skipping the comparison with tcpdump in short mode")
	}
	type job struct {
		c    *capture
		expr string
	}
	jobs := make(chan job)
	var mu sync.Mutex
	var failures []string
	compiled := sync.Map{}
	var wg sync.WaitGroup
	for w := 0; w < 2*runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				key := fmt.Sprintf("%d\x00%s", j.c.linkType, j.expr)
				type result struct {
					m   *Matcher
					err error
				}
				var res result
				if v, ok := compiled.Load(key); ok {
					res = v.(result)
				} else {
					m, err := NewMatcher(j.expr, j.c.linkType, 0)
					res = result{m, err}
					compiled.Store(key, res)
				}
				want, tdErr, err := tcpdumpAccepts(j.c, j.expr)
				var msg string
				switch {
				case err != nil:
					msg = fmt.Sprintf("%s: %q: running tcpdump: %v", j.c.name, j.expr, err)
				case tdErr != "" && res.err == nil:
					msg = fmt.Sprintf("%s: %q: tcpdump refuses it (%s), Compile accepts it", j.c.name, j.expr, tdErr)
				case tdErr == "" && res.err != nil:
					msg = fmt.Sprintf("%s: %q: Compile refuses it (%v), tcpdump accepts it", j.c.name, j.expr, res.err)
				case tdErr == "":
					got := ourAccepts(res.m, j.c)
					if fmt.Sprint(got) != fmt.Sprint(want) {
						msg = fmt.Sprintf("%s: %q: %d packets accepted, tcpdump accepts %d; %s", j.c.name, j.expr, len(got), len(want), diffIndices(j.c, got, want))
					}
				}
				if msg != "" {
					mu.Lock()
					failures = append(failures, msg)
					mu.Unlock()
				}
			}
		}()
	}
	for _, c := range e.captures {
		for _, expr := range e.exprs {
			jobs <- job{c, expr}
		}
	}
	close(jobs)
	wg.Wait()
	for i, f := range failures {
		if i == 40 {
			t.Errorf("... and %d more", len(failures)-40)
			break
		}
		t.Error(f)
	}
	t.Logf("%d expressions x %d captures compared with tcpdump", len(e.exprs), len(e.captures))
}

var dltName = map[uint32]string{1: "EN10MB", 101: "RAW", 12: "RAW", 228: "IPV4", 229: "IPV6", 113: "LINUX_SLL", 276: "LINUX_SLL2"}

// libpcapProgram returns libpcap's program for expr ("tcpdump -ddd").
func libpcapProgram(expr string, lt uint32) ([]xbpf.RawInstruction, string, error) {
	cmd := exec.Command("tcpdump", "-ddd", "-y", dltName[lt], "--", expr)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, strings.TrimSpace(stderr.String()), nil
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	n, err := strconv.Atoi(lines[0])
	if err != nil || n != len(lines)-1 {
		return nil, "", fmt.Errorf("bad tcpdump -ddd output %q", stdout.String())
	}
	prog := make([]xbpf.RawInstruction, n)
	for i, l := range lines[1:] {
		f := strings.Fields(l)
		if len(f) != 4 {
			return nil, "", fmt.Errorf("bad tcpdump -ddd line %q", l)
		}
		var v [4]uint64
		for j := range f {
			if v[j], err = strconv.ParseUint(f[j], 10, 32); err != nil {
				return nil, "", err
			}
		}
		prog[i] = xbpf.RawInstruction{Op: uint16(v[0]), Jt: uint8(v[1]), Jf: uint8(v[2]), K: uint32(v[3])}
	}
	return prog, "", nil
}

// TestLibpcapPrograms runs libpcap's own program for every expression
// ("tcpdump -ddd") with the Matcher, next to the compiled program, on the
// test captures: the verdicts (including the returned length) must be
// equal. This checks the interpreter independently of the compiler. For
// a third of the expressions it also checks that Disassemble prints
// libpcap's program as "tcpdump -d" does.
func TestLibpcapPrograms(t *testing.T) {
	e := env(t)
	byLT := map[uint32][]*capture{}
	for _, c := range e.captures {
		byLT[c.linkType] = append(byLT[c.linkType], c)
	}
	type job struct {
		expr string
		lt   uint32
		n    int
	}
	jobs := make(chan job)
	var mu sync.Mutex
	var failures []string
	fail := func(format string, args ...any) {
		mu.Lock()
		failures = append(failures, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for w := 0; w < 2*runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				theirs, tdErr, err := libpcapProgram(j.expr, j.lt)
				if err != nil {
					fail("%q (%s): %v", j.expr, dltName[j.lt], err)
					continue
				}
				ours, ourErr := Compile(j.expr, j.lt, 0)
				if tdErr == "" && errors.Is(ourErr, ErrUnsupported) {
					// libpcap compiles inbound, outbound and ifindex
					// for live captures with Linux ancillary loads;
					// reading a file, tcpdump refuses them as Compile does.
					continue
				}
				if (tdErr != "") != (ourErr != nil) {
					fail("%q (%s): libpcap error %q, Compile error %v", j.expr, dltName[j.lt], tdErr, ourErr)
					continue
				}
				if tdErr != "" {
					continue
				}
				mt, err := NewMatcherProgram(theirs)
				if err != nil {
					fail("%q (%s): NewMatcherProgram(libpcap's program): %v", j.expr, dltName[j.lt], err)
					continue
				}
				mo, err := NewMatcherProgram(ours)
				if err != nil {
					fail("%q (%s): NewMatcherProgram(our program): %v", j.expr, dltName[j.lt], err)
					continue
				}
				plain, _ := newMatcher(theirs, false)
				if j.lt == 1 && j.n%3 == 0 {
					cmd := exec.Command("tcpdump", "-d", "-y", "EN10MB", "--", j.expr)
					out, err := cmd.Output()
					if err == nil && Disassemble(theirs) != string(out) {
						fail("%q: Disassemble differs from tcpdump -d:\n%s\nwant:\n%s", j.expr, Disassemble(theirs), out)
					}
				}
				for _, c := range byLT[j.lt] {
					for i, p := range c.pkts {
						a, b := mt.Run(p.data, p.wire), mo.Run(p.data, p.wire)
						if u := plain.Run(p.data, p.wire); u != a {
							fail("%q: %s: libpcap's program returns %d with fused instructions, %d without", j.expr, c.origin[i], a, u)
							break
						}
						if a != b {
							fail("%q: %s: libpcap's program returns %d, ours %d\nlibpcap:\n%s\nours:\n%s", j.expr, c.origin[i], a, b, Disassemble(theirs), Disassemble(ours))
							break
						}
					}
				}
			}
		}()
	}
	for n, expr := range e.exprs {
		for lt := range byLT {
			jobs <- job{expr, lt, n}
		}
	}
	close(jobs)
	wg.Wait()
	for i, f := range failures {
		if i == 40 {
			t.Errorf("... and %d more", len(failures)-40)
			break
		}
		t.Error(f)
	}
}

// Primitives combined at random by TestRandomExpressions.
var randomPrimitives = []string{
	"tcp", "udp", "ip", "ip6", "arp", "icmp", "icmp6", "sctp", "igmp", "stp", "llc",
	"vlan", "vlan 100", "mpls", "mpls 16", "pppoes", "pppoes 1",
	"host 198.18.1.3", "198.18.1.2", "src or dst host 198.18.1.2", "ip host 198.18.1.3",
	"arp host 198.18.1.3", "net 198.18.1.0/24", "net 198.18", "src net 2001:db8::/32",
	"ip6 host 2001:db8:1::2", "2001:db8:1::3", "port 80", "53", "src port 53", "tcp port 80",
	"tcp dst port 80", "udp src port 53", "port 80 or 53", "portrange 50-60", "udp portrange 1-1023",
	"dst host 198.18.2.2", "ether host 02:00:00:00:01:02", "ether src 02:00:00:00:01:03",
	"broadcast", "multicast", "ip multicast", "ip6 multicast", "ip broadcast",
	"less 80", "greater 500", "len > 100", "len - 14 > 60",
	"ip[8] < 64", "ip[9] = 6", "ip[0] & 0xf != 5", "ip[6:2] & 0x1fff != 0",
	"ip[2:2] - ((ip[0]&0xf)<<2) > 100", "tcp[13] & 2 != 0", "tcp[0:2] > 1023",
	"tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn", "udp[0:2] = 53", "icmp[0] = 8",
	"icmp6[icmp6type] = icmp6-echo", "ip6[6] = 58", "ether[0] & 1 != 0",
	"ip proto 17", "ip6 proto 17", "proto 6", "ether proto 0x806",
	"(tcp)", "(80)", "not ip6", "icmp or icmp6", "tcp and 80",
}

func randomExpr(r *rand.Rand, depth int) string {
	if depth == 0 || r.Intn(3) == 0 {
		p := randomPrimitives[r.Intn(len(randomPrimitives))]
		if r.Intn(5) == 0 {
			return "not " + p
		}
		return p
	}
	ops := []string{" and ", " or ", " && ", " || "}
	s := randomExpr(r, depth-1) + ops[r.Intn(len(ops))] + randomExpr(r, depth-1)
	if r.Intn(3) == 0 {
		s = "(" + s + ")"
	}
	if r.Intn(6) == 0 {
		s = "not " + s
	}
	return s
}

// TestRandomExpressions compiles random combinations of primitives and
// runs them next to libpcap's programs on every test packet (truncated
// ones included). Where libpcap's optimizer and this package's disagree
// on whether a contradictory expression "rejects all packets", the
// program that was compiled must indeed reject every packet.
func TestRandomExpressions(t *testing.T) {
	e := env(t)
	n := 60
	if testing.Short() {
		n = 10
	}
	r := rand.New(rand.NewSource(1))
	same, total := 0, 0
	for _, c := range e.captures {
		for i := 0; i < n; i++ {
			expr := randomExpr(r, 3)
			theirs, tdErr, err := libpcapProgram(expr, c.linkType)
			if err != nil {
				t.Fatal(err)
			}
			ours, ourErr := Compile(expr, c.linkType, 0)
			rejectsAll := func(prog []xbpf.RawInstruction) bool {
				m, err := NewMatcherProgram(prog)
				if err != nil {
					t.Fatalf("%q: %v", expr, err)
				}
				for j, p := range c.pkts {
					if m.Run(p.data, p.wire) != 0 {
						t.Errorf("%q (%s): expected to reject every packet, accepts %s", expr, c.name, c.origin[j])
						return false
					}
				}
				return true
			}
			switch {
			case strings.Contains(tdErr, "rejects all") && ourErr == nil:
				rejectsAll(ours)
				continue
			case tdErr == "" && errors.Is(ourErr, ErrRejectsAll):
				rejectsAll(theirs)
				continue
			case tdErr == "" && errors.Is(ourErr, ErrUnsupported):
				continue
			case (tdErr != "") != (ourErr != nil):
				t.Errorf("%q (%s): libpcap error %q, Compile error %v", expr, c.name, tdErr, ourErr)
				continue
			case tdErr != "":
				continue
			}
			total++
			if Disassemble(ours) == Disassemble(theirs) {
				same++
			}
			mt, _ := NewMatcherProgram(theirs)
			mo, err := NewMatcherProgram(ours)
			if err != nil {
				t.Fatalf("%q: %v", expr, err)
			}
			for j, p := range c.pkts {
				if a, b := mt.Run(p.data, p.wire), mo.Run(p.data, p.wire); a != b {
					t.Errorf("%q (%s): %s: libpcap's program returns %d, ours %d", expr, c.name, c.origin[j], a, b)
					break
				}
			}
		}
	}
	t.Logf("%d random expressions compiled by both; %d programs are instruction for instruction libpcap's", total, same)
}

// TestSameProgramsAsTcpdump compares the programs of the expressions of
// testdata/filters.txt for Ethernet with libpcap's ("tcpdump -ddd"),
// instruction for instruction: they must be the same but for the
// expressions listed in testdata/tcpdump_differs.txt, where the
// programs differ and accept the same packets.
func TestSameProgramsAsTcpdump(t *testing.T) {
	if _, err := exec.LookPath("tcpdump"); err != nil {
		t.Skip("tcpdump not installed; skipping the comparison with libpcap's programs")
	}
	differs := map[string]bool{}
	for _, e := range readFilterFile(t, "testdata/tcpdump_differs.txt") {
		differs[e] = true
	}
	same, listed := 0, 0
	for _, expr := range readFilterFile(t, "testdata/filters.txt") {
		theirs, tdErr, err := libpcapProgram(expr, LinkTypeEthernet)
		if err != nil {
			t.Fatal(err)
		}
		ours, ourErr := Compile(expr, LinkTypeEthernet, 0)
		if tdErr != "" || ourErr != nil {
			continue // TestLibpcapPrograms compares the errors
		}
		// As printed: libpcap leaves stray operands in instructions
		// that ignore them (tax with k 1).
		switch eq := Disassemble(ours) == Disassemble(theirs); {
		case eq && differs[expr]:
			t.Logf("%q: now the same program as libpcap's; remove it from testdata/tcpdump_differs.txt", expr)
			same++
		case eq:
			same++
		case differs[expr]:
			listed++
		default:
			t.Errorf("%q: program differs from tcpdump -d's:\n%s\nlibpcap:\n%s", expr, Disassemble(ours), Disassemble(theirs))
		}
	}
	t.Logf("%d programs the same as libpcap's, %d listed as different", same, listed)
	if same < 300 {
		t.Errorf("only %d programs compared", same)
	}
}
