package main

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/goscapy/goscapy"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// result is what one in-process run printed.
type result struct {
	stdout, stderr string
	code           int
}

func runCmd(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb strings.Builder
	code := run(args, strings.NewReader(stdin), &out, &errb)
	r := result{out.String(), errb.String(), code}
	// standard error holds only "goscapy: " lines
	for _, l := range strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n") {
		if l != "" && !strings.HasPrefix(l, "goscapy: ") {
			t.Errorf("%v: stderr line without the goscapy: prefix: %q", args, l)
		}
	}
	if r.stderr != "" && strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("%v: stderr is not one line: %q", args, r.stderr)
	}
	return r
}

func (r result) want(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit status %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
	if code == exitOK && r.stderr != "" {
		t.Errorf("stderr on success: %q", r.stderr)
	}
}

const articleSpec = `Ether(src=aa:bb:cc:dd:ee:ff, dst=ff:ff:ff:ff:ff:ff)/IP(dst=10.0.0.1, ttl=3)/TCP(dport=80, flags=SA)/Raw(load="hello")`

// articleBytes is the same packet built with the goscapy builders.
func articleBytes(t *testing.T) []byte {
	t.Helper()
	b, err := goscapy.NewEthernet().SrcMAC("aa:bb:cc:dd:ee:ff").DstMAC("ff:ff:ff:ff:ff:ff").
		Over(goscapy.NewIP().DstIP("10.0.0.1").TTL(3)).
		Over(goscapy.NewTCP().DstPort(80).Flags(layers.TCPSyn | layers.TCPAck)).
		Over(goscapy.NewRaw("hello")).Build()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBuildEqualsBuilders(t *testing.T) {
	want := articleBytes(t)
	for _, args := range [][]string{
		{"build", "--hex", articleSpec},
		{"build", articleSpec, "--hex"},
		{"build", "--hex", "Ether", "src=aa:bb:cc:dd:ee:ff", "/", "IP", "dst=10.0.0.1", "ttl=3", "/", "TCP", "dport=80", "flags=SA", "/", `Raw(load="hello")`},
		{"build", "--hex", "ether(dst=ff:ff:ff:ff:ff:ff,src=aa:bb:cc:dd:ee:ff) / IPv4(ttl=0x3,dst=10.0.0.1) / tcp(flags=S+A, dport=http) / 'hello'"},
		{"build", "--hex", "Ether(src=aa-bb-cc-dd-ee-ff)/IP(dst=10.0.0.1,ttl=3,chksum=None)/TCP(dport=80,flags=18)/Raw(0x68656c6c6f)"},
		{"build", "--hex", "Ether(src=aabb.ccdd.eeff)/IP(dst=10.0.0.1,ttl=3)/TCP(dport=80,flags=SA)/Raw(b'hel\\x6co')"},
	} {
		r := runCmd(t, "", args...)
		r.want(t, exitOK)
		if got := strings.TrimSpace(r.stdout); got != hex.EncodeToString(want) {
			t.Errorf("%q:\n got %s\nwant %x", args, got, want)
		}
	}
	// the default output is the hexdump
	r := runCmd(t, "", "build", articleSpec)
	r.want(t, exitOK)
	if r.stdout != packet.HexDump(want) {
		t.Errorf("hexdump:\n%s\nwant\n%s", r.stdout, packet.HexDump(want))
	}
	// SPEC from standard input
	r = runCmd(t, articleSpec+"\n", "build", "-", "--hex")
	r.want(t, exitOK)
	if strings.TrimSpace(r.stdout) != hex.EncodeToString(want) {
		t.Errorf("spec from stdin: %s", r.stdout)
	}
}

func TestBuildShowSummaryJSON(t *testing.T) {
	r := runCmd(t, "", "build", articleSpec, "--show")
	r.want(t, exitOK)
	p, err := goscapy.Dissect(articleBytes(t))
	if err != nil {
		t.Fatal(err)
	}
	if r.stdout != p.Show() {
		t.Errorf("--show:\n%s\nwant\n%s", r.stdout, p.Show())
	}
	// computed fields show their values, as show2()
	for _, s := range []string{"len       = 45", "chksum    = 0xadca", "dataofs   = 5", "type      = IPv4", "flags     = SA", "load      = b'hello'"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("--show lacks %q:\n%s", s, r.stdout)
		}
	}
	r = runCmd(t, "", "build", "--summary", articleSpec)
	r.want(t, exitOK)
	if r.stdout != "Ethernet / IP / TCP 0.0.0.0:20 > 10.0.0.1:80 SA / Raw\n" {
		t.Errorf("--summary: %q", r.stdout)
	}
	r = runCmd(t, "", "build", articleSpec, "--json")
	r.want(t, exitOK)
	d := parseJSONLine(t, r.stdout)
	if d.Len != 59 || d.CapLen != 59 || len(d.Layers) != 4 {
		t.Fatalf("--json: %s", r.stdout)
	}
	checkJSONField(t, d, 1, "ttl", "3")
	checkJSONField(t, d, 1, "len", "45")
	checkJSONField(t, d, 1, "chksum", "44490")
	checkJSONField(t, d, 2, "flags", "18")
	checkJSONField(t, d, 3, "load", `"68656c6c6f"`)
}

type jsonLine struct {
	CapLen int `json:"caplen"`
	Len    int `json:"len"`
	Layers []struct {
		Name   string                     `json:"name"`
		Fields map[string]json.RawMessage `json:"fields"`
		Error  string                     `json:"error"`
	} `json:"layers"`
}

func parseJSONLine(t *testing.T, s string) jsonLine {
	t.Helper()
	if !strings.HasSuffix(s, "\n") || strings.Count(s, "\n") != 1 {
		t.Fatalf("not one line: %q", s)
	}
	var d jsonLine
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		t.Fatalf("%v: %s", err, s)
	}
	return d
}

func checkJSONField(t *testing.T, d jsonLine, layer int, field, want string) {
	t.Helper()
	if layer >= len(d.Layers) {
		t.Errorf("no layer %d", layer)
		return
	}
	if got := string(d.Layers[layer].Fields[field]); got != want {
		t.Errorf("layer %d (%s) %s = %s, want %s", layer, d.Layers[layer].Name, field, got, want)
	}
}

func TestBuildDissectRoundTrip(t *testing.T) {
	for _, spec := range []string{
		articleSpec,
		"Ether()/IP()/TCP",
		"Ether(type=0x0800)/IP(src=192.168.1.1, dst=8.8.8.8, flags=DF, id=0x1234)/UDP(sport=1234, dport=9999)/Raw(load='x,y/z()')",
		"IP(dst=10.0.0.2, ihl=None)/TCP(sport=12345, options=0x020405b4010303070402)",
	} {
		build := runCmd(t, "", "build", "--hex", spec)
		build.want(t, exitOK)
		hexText := strings.TrimSpace(build.stdout)
		first := "Ethernet"
		if strings.HasPrefix(spec, "IP") {
			first = "IP"
		}
		// hex out, hex in: the same bytes
		d := runCmd(t, "", "dissect", "--first", first, "--hex", hexText)
		d.want(t, exitOK)
		raw, _ := hex.DecodeString(hexText)
		if d.stdout != packet.HexDump(raw) {
			t.Errorf("%s: dissect --hex:\n%s\nwant\n%s", spec, d.stdout, packet.HexDump(raw))
		}
		// the tree and the JSON of build and dissect agree
		for _, form := range []string{"--show", "--json", "--summary"} {
			b := runCmd(t, "", "build", form, spec)
			b.want(t, exitOK)
			d := runCmd(t, "", "dissect", hexText, form, "--first="+first)
			d.want(t, exitOK)
			if b.stdout != d.stdout {
				t.Errorf("%s %s:\nbuild   %s\ndissect %s", spec, form, b.stdout, d.stdout)
			}
		}
		// the default hexdump output of build is valid input to dissect
		dump := runCmd(t, "", "build", spec)
		dump.want(t, exitOK)
		d = runCmd(t, dump.stdout, "dissect", "--first", first, "--hex")
		d.want(t, exitOK)
		if d.stdout != dump.stdout {
			t.Errorf("%s: hexdump round trip:\n%s\nwant\n%s", spec, d.stdout, dump.stdout)
		}
	}
}

// Frame 537 of corpus/generated/lab-verify.pcap as tshark -x prints it.
const tsharkDump = `0000  02 00 00 00 01 02 02 00 00 00 01 03 08 00 45 00   ..............E.
0010  00 2c 00 00 40 00 40 06 ac a2 c6 12 01 03 c6 12   .,..@.@.........
0020  01 02 00 50 b2 49 62 c3 2e cc cd 16 ad b3 60 12   ...P.Ib.......` + "`" + `.
0030  fa f0 50 08 00 00 02 04 05 b4                     ..P.......
`

// The same frame as tcpdump -nn -xx prints it, with its summary line.
const tcpdumpDump = `20:41:38.409091 IP 198.18.1.3.80 > 198.18.1.2.45641: Flags [S.], seq 1656958668, ack 3440815539, win 64240, options [mss 1460], length 0
	0x0000:  0200 0000 0102 0200 0000 0103 0800 4500
	0x0010:  002c 0000 4000 4006 aca2 c612 0103 c612
	0x0020:  0102 0050 b249 62c3 2ecc cd16 adb3 6012
	0x0030:  faf0 5008 0000 0204 05b4
`

const frame537 = "02000000010202000000010308004500002c000040004006aca2c6120103c612" +
	"01020050b24962c32ecccd16adb36012faf050080000020405b4"

func TestDissectCorpusFrame(t *testing.T) {
	for name, in := range map[string][]string{
		"args":    {frame537},
		"colons":  {"02:00:00:00:01:02:02:00:00:00:01:03:08:00:45:00", "0x002c000040004006aca2c6120103c612", "01020050b24962c32ecccd16adb36012faf050080000020405b4"},
		"tshark":  {"-", tsharkDump},
		"tcpdump": {"", tcpdumpDump},
	} {
		t.Run(name, func(t *testing.T) {
			args := []string{"dissect", "--json"}
			stdin := ""
			switch in[0] {
			case "-":
				args, stdin = append(args, "-"), in[1]
			case "":
				stdin = in[1]
			default:
				args = append(args, in...)
			}
			r := runCmd(t, stdin, args...)
			r.want(t, exitOK)
			d := parseJSONLine(t, r.stdout)
			// expected values from tshark
			if d.Len != 58 || len(d.Layers) != 3 || d.Layers[2].Name != "TCP" {
				t.Fatalf("%s", r.stdout)
			}
			checkJSONField(t, d, 0, "src", `"02:00:00:00:01:03"`)
			checkJSONField(t, d, 1, "chksum", "44194") // 0xaca2
			checkJSONField(t, d, 1, "flags", "2")      // DF
			checkJSONField(t, d, 2, "sport", "80")
			checkJSONField(t, d, 2, "dport", "45641")
			checkJSONField(t, d, 2, "seq", "1656958668")
			checkJSONField(t, d, 2, "ack", "3440815539")
			checkJSONField(t, d, 2, "window", "64240")
			checkJSONField(t, d, 2, "chksum", "20488") // 0x5008
			checkJSONField(t, d, 2, "options", `[{"kind":2,"name":"MSS","value":1460}]`)
		})
	}
	r := runCmd(t, "", "dissect", frame537)
	r.want(t, exitOK)
	if !strings.HasPrefix(r.stdout, "###[ Ethernet ]###\n") || !strings.Contains(r.stdout, "options   = [('MSS', 1460)]") {
		t.Errorf("show:\n%s", r.stdout)
	}
	// raw IP with --first
	r = runCmd(t, "", "dissect", "--first", "ipv4", "--summary", frame537[28:])
	r.want(t, exitOK)
	if r.stdout != "IP / TCP 198.18.1.3:80 > 198.18.1.2:45641 SA\n" {
		t.Errorf("--first ipv4: %q", r.stdout)
	}
}

func TestDissectBrokenFrame(t *testing.T) {
	broken := frame537[:80] // the TCP header is cut after 6 bytes
	r := runCmd(t, "", "dissect", broken)
	r.want(t, exitError)
	for _, s := range []string{"###[ Ethernet ]###", "###[ IP ]###", "###[ Raw ]###", "src       = 198.18.1.3", "load      = b'\\x00P\\xb2Ib\\xc3'"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("output lacks %q:\n%s", s, r.stdout)
		}
	}
	if r.stderr != "goscapy: tcp at offset 34: truncated\n" {
		t.Errorf("stderr: %q", r.stderr)
	}
	r = runCmd(t, "", "dissect", broken, "--json")
	r.want(t, exitError)
	d := parseJSONLine(t, r.stdout)
	if len(d.Layers) != 3 || d.Layers[2].Name != "Raw" || d.Layers[2].Error != "tcp at offset 34: truncated" {
		t.Errorf("--json: %s", r.stdout)
	}
}

func TestFlagsAnywhere(t *testing.T) {
	a := runCmd(t, "", "dissect", "--json", frame537)
	b := runCmd(t, "", "dissect", frame537, "--json")
	c := runCmd(t, "", "dissect", "-json", frame537[:40], frame537[40:])
	e := runCmd(t, "", "dissect", frame537[:40], "--first", "Ether", frame537[40:], "--json=true")
	for _, r := range []result{a, b, c, e} {
		r.want(t, exitOK)
		if r.stdout != a.stdout {
			t.Errorf("output differs:\n%s\n%s", r.stdout, a.stdout)
		}
	}
	// after "--" nothing is a flag
	r := runCmd(t, "", "build", "--hex", "--", "Raw(load=0x2d2d)")
	r.want(t, exitOK)
	if r.stdout != "2d2d\n" {
		t.Errorf("after --: %q", r.stdout)
	}
}

func TestHelp(t *testing.T) {
	for _, c := range []string{"build", "dissect", "help", "version"} {
		for _, h := range []string{"-h", "--help", "-help"} {
			for _, args := range [][]string{{c, h}, {c, "x", h}} {
				if c == "help" || c == "version" {
					args = []string{c, h}
				}
				r := runCmd(t, "", args...)
				r.want(t, exitOK)
				if !strings.HasPrefix(r.stdout, "usage: goscapy "+c) || !strings.Contains(r.stdout, "--help") {
					t.Errorf("%v: %q", args, r.stdout)
				}
			}
		}
		r := runCmd(t, "", "help", c)
		r.want(t, exitOK)
		if !strings.HasPrefix(r.stdout, "usage: goscapy "+c) {
			t.Errorf("help %s: %q", c, r.stdout)
		}
	}
	b := runCmd(t, "", "build", "-h")
	for _, s := range []string{"SPEC", "Ether(src=aa:bb:cc:dd:ee:ff", "--show", "--hex", "--json", "--summary", "TCP", "IPv4"} {
		if !strings.Contains(b.stdout, s) {
			t.Errorf("build -h lacks %q", s)
		}
	}
	d := runCmd(t, "", "dissect", "--help")
	if !strings.Contains(d.stdout, "--first NAME") || !strings.Contains(d.stdout, "(default Ethernet)") {
		t.Errorf("dissect -h:\n%s", d.stdout)
	}
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		r := runCmd(t, "", args...)
		r.want(t, exitOK)
		for _, c := range []string{"build", "dissect", "help", "version"} {
			if !strings.Contains(r.stdout, "\n  "+c+" ") {
				t.Errorf("%v lacks %s:\n%s", args, c, r.stdout)
			}
		}
	}
	r := runCmd(t, "")
	if r.code != exitUsage || !strings.Contains(r.stdout, "build") || r.stderr != "" {
		t.Errorf("bare goscapy: %+v", r)
	}
	r = runCmd(t, "", "version")
	r.want(t, exitOK)
	if !strings.HasPrefix(r.stdout, "goscapy ") || !strings.Contains(r.stdout, "go1.") {
		t.Errorf("version: %q", r.stdout)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"--bogus"}, "unknown flag --bogus"},
		{[]string{"build", "--bogus", articleSpec}, "build: flag provided but not defined: -bogus"},
		{[]string{"build", articleSpec, "-x"}, "build: flag provided but not defined: -x"},
		{[]string{"dissect", "--nope"}, "dissect: flag provided but not defined: -nope"},
		{[]string{"build"}, "build: missing SPEC"},
		{[]string{"build", "--show", "--json", articleSpec}, "choose one of"},
		{[]string{"dissect", "--hex", "--summary", frame537}, "choose one of"},
		{[]string{"dissect", "--first", "Bogus", frame537}, `unknown layer "Bogus" for --first`},
		{[]string{"dissect", frame537, "--first"}, "flag needs an argument: -first"},
		{[]string{"help", "bogus"}, `unknown command "bogus"`},
		{[]string{"version", "extra"}, "no arguments expected"},
		{[]string{"dissect", "--json=maybe", frame537}, "invalid boolean value"},
	} {
		r := runCmd(t, "", c.args...)
		r.want(t, exitUsage)
		if !strings.HasPrefix(r.stderr, "goscapy: ") || !strings.Contains(r.stderr, c.msg) || r.stdout != "" {
			t.Errorf("%v: stdout %q stderr %q, want %q", c.args, r.stdout, r.stderr, c.msg)
		}
	}
}

func TestBadSpecs(t *testing.T) {
	for _, c := range []struct {
		spec string
		msg  []string
	}{
		{"Ether(src=aa:bb:cc:dd:ee:zz)/IP()", []string{"spec column 7", "src", "aa:bb:cc:dd:ee:zz", "invalid mac address"}},
		{"Ether src=xyz / IP", []string{"spec column 7", "src", "xyz"}},
		{"Ether()/IP(dst=10.0.0.300)", []string{"spec column 12", "dst", "10.0.0.300"}},
		{"Ether()/IP(ttl=256)", []string{"spec column 12", "ttl", "256", "8 bits"}},
		{"TCP(flags=SQ)", []string{"TCP", "flags", `"SQ"`}},
		{"Ether()/Bogus()", []string{"spec column 9", `unknown layer "Bogus"`, "Ethernet"}},
		{"Ether(sorc=1)", []string{"spec column 7", `no field "sorc"`, "dst, src, type"}},
		{"IP(dst=1.2.3.4 ttl=3)", []string{"spec column 19", "IP dst", "missing comma"}},
		{"IP(dst=1.2.3.4", []string{"spec column 3", "missing )"}},
		{"IP(dst=)", []string{"spec column 8", "missing value for dst"}},
		{"IP()/", []string{"spec column 6", "missing layer"}},
		{"IP() TCP()", []string{"spec column 6", "expected / between layers"}},
		{"Raw(load='abc)", []string{"spec column 10", "unterminated"}},
		{`Raw(load="\x4")`, []string{`\x needs two hex digits`}},
		{"IP(10.0.0.1)", []string{"spec column 4", "no field name"}},
		{"   ", []string{"empty spec"}},
		{"IP(,)", []string{"spec column 4", "expected name=value"}},
		{"/IP", []string{"spec column 1", "expected a layer name"}},
	} {
		r := runCmd(t, "", "build", c.spec)
		r.want(t, exitError)
		if r.stdout != "" {
			t.Errorf("%q: output on error: %q", c.spec, r.stdout)
		}
		for _, m := range c.msg {
			if !strings.Contains(r.stderr, m) {
				t.Errorf("%q: stderr %q lacks %q", c.spec, r.stderr, m)
			}
		}
	}
}

func TestBadHex(t *testing.T) {
	for _, c := range []struct {
		stdin string
		args  []string
		msg   string
	}{
		{"", []string{"ffzz"}, "invalid hex digit 'z' at position 3"},
		{"", []string{"fff"}, "odd number of hex digits"},
		{"", []string{"0x"}, "no bytes to dissect"},
		{"  \n", nil, "no bytes to dissect"},
		{"0000  ff ff\n0020  ff ff\n", []string{"-"}, "hexdump line 2: offset 0x20, expected 0x2"},
		{"0000  ff ff\n0000  ff ff\n", nil, "second packet"},
		{"0000  ff ff\nhello\n", nil, "hexdump line 2: no offset"},
	} {
		r := runCmd(t, c.stdin, append([]string{"dissect"}, c.args...)...)
		r.want(t, exitError)
		if r.stdout != "" || !strings.Contains(r.stderr, c.msg) {
			t.Errorf("%q %v: stdout %q stderr %q, want %q", c.stdin, c.args, r.stdout, r.stderr, c.msg)
		}
	}
}

func TestParseHexInput(t *testing.T) {
	want := "0011223344556677"
	for _, in := range []string{
		"0011223344556677",
		"00 11 22 33\n44 55 66 77\n",
		"00:11:22:33:44:55:66:77",
		"0x0011223344556677",
		"0X00112233 0x44556677",
		"0000  00 11 22 33 44 55 66 77                           .\"3DUfw\n",
		"0x0000:  0011 2233 4455 6677\n",
		"\t0x0000:  0011 2233 4455 6677                      .\"3DUfw\n",
		"00000000  00 11 22 33 44 55 66 77\n",
		"summary line\n0000  00 11 22 33\n0004  44 55 66 77\n",
		"0000   00 11 22 33 44 55 66 77   ..\"3DUfw\r\n",
	} {
		b, err := parseHexInput(in)
		if err != nil || hex.EncodeToString(b) != want {
			t.Errorf("%q: %x %v", in, b, err)
		}
	}
	// plain hex that starts like an offset is not a hexdump
	b, err := parseHexInput("0000 1111 2222")
	if err != nil || hex.EncodeToString(b) != "000011112222" {
		t.Errorf("plain hex read as hexdump: %x %v", b, err)
	}
	b, err = parseHexInput("0000:1111:2222")
	if err != nil || hex.EncodeToString(b) != "000011112222" {
		t.Errorf("colon-separated hex read as hexdump: %x %v", b, err)
	}
}

func TestWriteErrors(t *testing.T) {
	var errb strings.Builder
	code := run([]string{"build", "--hex", "Raw(load=0x00)"}, strings.NewReader(""), failWriter{}, &errb)
	if code != exitError || !strings.HasPrefix(errb.String(), "goscapy: write output:") {
		t.Errorf("write error: %d %q", code, errb.String())
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("closed") }
