package shell

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/goscapy/goscapy" // registers the layers
)

// The expected bytes come from Scapy 2.5 (/usr/bin/python3):
//
//	raw(IP(src="192.0.2.2", dst="198.18.1.3")/ICMP()).hex()
//	raw(IP(src="192.0.2.2", dst="198.18.1.3", ttl=3)/ICMP()/"hello").hex()
//	IP(raw(...)).chksum, [ICMP].chksum: 0x2ec4, 0xb42d
const (
	scapyEcho      = "4500001c000100004001f1c8c0000202c61201030800f7ff00000000"
	scapyEchoHello = "450000210001000003012ec4c0000202c61201030800b42d0000000068656c6c6f"
)

// run executes a script in a sandboxed shell (or not) and returns stdout.
func run(t *testing.T, sandbox bool, script string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	s := New(&out, &errb)
	s.Sandbox = sandbox
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := s.Exec(ctx, script)
	return out.String(), err
}

func mustRun(t *testing.T, script string) string {
	t.Helper()
	out, err := run(t, false, script)
	if err != nil {
		t.Fatalf("%s: %v\noutput:\n%s", script, err, out)
	}
	return out
}

func hexOf(b []byte) string { return hex.EncodeToString(b) }

// pyBytes decodes the b'...' line the shell prints for raw(p).
func pyBytes(t *testing.T, line string) []byte {
	t.Helper()
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "b'") && !strings.HasPrefix(line, `b"`) {
		t.Fatalf("not a bytes literal: %q", line)
	}
	toks, err := lex(line)
	if err != nil || toks[0].kind != tStr {
		t.Fatalf("lex %q: %v", line, err)
	}
	return []byte(toks[0].str)
}

func TestBuildShowHexdump(t *testing.T) {
	out := mustRun(t, `p = IP(src="192.0.2.2", dst="198.18.1.3")/ICMP()
raw(p)`)
	if got := hexOf(pyBytes(t, out)); got != scapyEcho {
		t.Errorf("raw(p) = %s, Scapy %s", got, scapyEcho)
	}
	// Field assignment rewrites the description; "/" stacks a payload.
	out = mustRun(t, `p = IP(src="192.0.2.2", dst="198.18.1.3")/ICMP(); p[IP].ttl = 3; q = p/"hello"; raw(q)`)
	if got := hexOf(pyBytes(t, out)); got != scapyEchoHello {
		t.Errorf("raw(q) = %s, Scapy %s", got, scapyEchoHello)
	}
	out = mustRun(t, `p = IP(src="192.0.2.2", dst="198.18.1.3", ttl=3)/ICMP()/"hello"; p.show(); p.show2(); hexdump(p); p[IP].ttl; p.ttl; len(p); p.summary()`)
	for _, want := range []string{
		"###[ IP ]###", "  dst       = 198.18.1.3", "  ttl       = 3", "  chksum    = None", // show: computed fields unset
		"  chksum    = 0x2ec4", "     chksum    = 0xb42d", // show2: Scapy's checksums
		"0000  45 00 00 21 00 01 00 00 03 01 2E C4 C0 00 02 02  E..!............",
		"\n3\n3\n33\n",
		"'IP / ICMP 192.0.2.2 > 198.18.1.3 echo-request 0 / Raw'",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// command() reads back: the same bytes.
	out = mustRun(t, `p = IP(src="192.0.2.2", dst="198.18.1.3")/ICMP(); p.ttl = 3; p = p/Raw(load="hello"); c = p.command(); print(c)`)
	if !strings.Contains(out, "ttl=3") {
		t.Errorf("command() = %q", out)
	}
	out2 := mustRun(t, "raw("+strings.TrimSpace(out)+")")
	if got := hexOf(pyBytes(t, out2)); got != scapyEchoHello {
		t.Errorf("raw(command) = %s, Scapy %s", got, scapyEchoHello)
	}
}

func TestVariablesInLiterals(t *testing.T) {
	out := mustRun(t, `dst = "198.18.1.3"; src = "192.0.2.2"; p = IP(src=src, dst=dst)/ICMP(); raw(p)`)
	if got := hexOf(pyBytes(t, out)); got != scapyEcho {
		t.Errorf("raw(p) = %s, Scapy %s", got, scapyEcho)
	}
	// A set: 2 ports, as Scapy's [p for p in IP()/TCP(dport=[80,443])].
	out = mustRun(t, `p = IP()/TCP(dport=[80, 443]); p.summary()`)
	if strings.Count(out, "\n") != 2 || !strings.Contains(out, ":80 S") && !strings.Contains(out, "> 80 S") {
		t.Errorf("set summary:\n%s", out)
	}
}

func TestLs(t *testing.T) {
	out := mustRun(t, "ls(UDP)")
	// Scapy 2.5's ls(UDP), hand-copied.
	want := "sport      : ShortEnumField                      = ('53')\n" +
		"dport      : ShortEnumField                      = ('53')\n" +
		"len        : ShortField                          = ('None')\n" +
		"chksum     : XShortField                         = ('None')\n"
	if out != want {
		t.Errorf("ls(UDP) =\n%s\nScapy:\n%s", out, want)
	}
	out = mustRun(t, "ls()")
	for _, l := range []string{"TCP", "UDP", "ICMP", "ARP"} {
		if !strings.Contains(out, "\n"+l+" ") {
			t.Errorf("ls() lacks %s", l)
		}
	}
	out = mustRun(t, "ls(IP(ttl=3))")
	if !strings.Contains(out, "ttl        : ByteField                           = 3               ('64')") {
		t.Errorf("ls(IP(ttl=3)):\n%s", out)
	}
}

// The capture's expected values come from tcpdump -nr:
//
//	IP 131.155.215.69.46656 > 137.116.81.94.80: Flags [S], seq 797190859, ...
//	IP 137.116.81.94.80 > 131.155.215.69.46656: Flags [S.], seq 3078856592, ack 797190860, ...
//	IP 131.155.215.69.46656 > 137.116.81.94.80: Flags [.], ack 1, ...
func TestRdpcap(t *testing.T) {
	path := filepath.Join("..", "pcap", "testdata", "tcpdump_tcp-handshake-nano.pcap")
	out := mustRun(t, `pkts = rdpcap("`+path+`"); len(pkts); pkts[0][TCP].sport; pkts[1][TCP].seq; pkts[1][TCP].flags; pkts[-1][IP].dst; pkts.summary(); pkts`)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{"3", "46656", "3078856592", "18", "'137.116.81.94'"}
	if len(lines) < len(want)+4 {
		t.Fatalf("output:\n%s", out)
	}
	for i, w := range want {
		if lines[i] != w {
			t.Errorf("line %d = %q, want %q", i, lines[i], w)
		}
	}
	if !strings.Contains(lines[5], "131.155.215.69:46656 > 137.116.81.94:80 S") {
		t.Errorf("summary line %q", lines[5])
	}
	if !strings.HasSuffix(out, "TCP:3 UDP:0 ICMP:0 Other:0>\n") {
		t.Errorf("repr %q", lines[len(lines)-1])
	}
}

func TestWrpcapReadBack(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "out.pcap")
	out := mustRun(t, `p = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/IP(src="192.0.2.2", dst="198.18.1.3")/UDP(sport=1234, dport=[53, 54])/"hi"
wrpcap("`+f+`", p)
q = rdpcap("`+f+`")
len(q)
q[1][UDP].dport
q[0][IP].dst`)
	if out != "2\n54\n'198.18.1.3'\n" {
		t.Errorf("read back:\n%s", out)
	}
	// tcpdump reads the file we wrote.
	if _, err := exec.LookPath("tcpdump"); err == nil {
		b, err := exec.Command("tcpdump", "-nr", f).Output()
		if err != nil {
			t.Fatalf("tcpdump: %v", err)
		}
		if !strings.Contains(string(b), "192.0.2.2.1234 > 198.18.1.3.53:") || !strings.Contains(string(b), "198.18.1.3.54: UDP, length 2") {
			t.Errorf("tcpdump -r:\n%s", b)
		}
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		script string
		kind   error
		line   int
		col    int
	}{
		{`p = IP(dst="1.2.3.4"`, ErrSyntax, 0, 5},
		{`x = 1; y = foo`, ErrName, 0, 12},
		{"x = 1\n\ny = [1, 2][5]", ErrIndex, 3, 11},
		{`p = IP()/ICMP(); p.nosuch`, ErrName, 0, 20},
		{`p = IP(); p[TCP]`, ErrIndex, 0, 12},
		{`len(1, 2)`, ErrArgs, 0, 1},
		{`"a" / 3`, ErrType, 0, 5},
		{`ls = 3`, ErrName, 0, 1},
		{`sr1(IP(), timeout=1)`, ErrDisabled, 0, 1},
		{`x = 'abc`, ErrSyntax, 0, 5},
		{`f(`, ErrSyntax, 0, 3},
	} {
		_, err := run(t, true, c.script)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%q: error %v is not an *Error", c.script, err)
			continue
		}
		if !errors.Is(err, c.kind) || e.Line != c.line || e.Col != c.col {
			t.Errorf("%q: %v (line %d col %d), want %v at line %d col %d", c.script, err, e.Line, e.Col, c.kind, c.line, c.col)
		}
	}
	// The expression language's own errors keep their column.
	_, err := run(t, true, `p = IP(ttl=300)`)
	var e *Error
	if !errors.As(err, &e) || e.Col != 8 || !strings.Contains(err.Error(), "ttl") {
		t.Errorf("IP(ttl=300): %v", err)
	}
}

func TestUnpackAndTuples(t *testing.T) {
	out := mustRun(t, `a, b = 1, "x"; a; b; (1,); [1, b'\x00']`)
	if out != "1\n'x'\n(1,)\n[1, b'\\x00']\n" {
		t.Errorf("got %q", out)
	}
}

func TestComplete(t *testing.T) {
	s := New(&bytes.Buffer{}, &bytes.Buffer{})
	if err := s.Exec(context.Background(), `pkt = IP()/TCP()`); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ line, want string }{
		{"TCP(dpo", "TCP(dport="},
		{"IP(ds", "IP(dst="},
		{"hexd", "hexdump("},
		{"pk", "pkt"},
		{"pkt.sho", "pkt.show"},
		{"rdpc", "rdpcap("},
		{"ICMPv6EchoReq", "ICMPv6EchoRequest"},
	} {
		got, pos, ok := s.Complete(c.line, len(c.line))
		if !ok || got != c.want || pos != len(c.want) {
			t.Errorf("Complete(%q) = %q, %d, %v; want %q", c.line, got, pos, ok, c.want)
		}
	}
	if _, _, ok := s.Complete("zzzz", 4); ok {
		t.Error("completed an unknown word")
	}
}

func TestScriptLines(t *testing.T) {
	var out bytes.Buffer
	s := New(&out, &out)
	err := s.RunScript(context.Background(), strings.NewReader("# a comment\np = IP(dst=\"198.18.1.3\")/ICMP()\np.summary()\nexit()\nnever()\n"))
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != "'IP / ICMP 0.0.0.0 > 198.18.1.3 echo-request 0'\n" {
		t.Errorf("got %q", out.String())
	}
}

func FuzzShellLine(f *testing.F) {
	for _, s := range []string{
		`p = IP(dst="198.18.1.3")/ICMP(); p.show(); p[IP].ttl = 3; raw(p)`,
		`ls(TCP); hexdump(Ether()/IP()/TCP(dport=[80,443])/"x")`,
		`a, b = 1, 2; [a, b][1]; "A"*3 + "b"`,
		`p = IP()/UDP(); p.dport = 99; p.command(); len(p); p[1].summary()`,
		`x = IP(`, `p[`, `-`, `f(a=1, 2)`, `b'\x'`, `((((`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if len(line) > 512 {
			return
		}
		s := New(&bytes.Buffer{}, &bytes.Buffer{})
		s.Sandbox = true
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = s.Exec(ctx, line)
		s.Complete(line, len(line))
		s.Complete(line, len(line)/2)
	})
}
