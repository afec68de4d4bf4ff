package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The captures of the stream package (see stream/testdata/README.md).
var streamTestdata = filepath.Join("..", "..", "stream", "testdata")

func tsharkOut(t *testing.T, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("tshark"); err != nil {
		t.Skip("tshark is not installed (apt-get install tshark)")
	}
	out, err := exec.Command("tshark", append([]string{"-n"}, args...)...).Output()
	if err != nil {
		t.Fatalf("tshark %v: %v", args, err)
	}
	return string(out)
}

// TestFollowEqualsTshark: goscapy follow prints what tshark -q -z
// follow,tcp,MODE,N prints, in every mode, for the streams of the HTTP,
// TLS, BGP and fragmented-request captures of stream/testdata.
func TestFollowEqualsTshark(t *testing.T) {
	for _, c := range []struct {
		file    string
		streams []string
	}{
		{"http.pcap", []string{"0", "1", "6", "10"}},
		{"tls.pcap", []string{"0", "3"}},
		{"bgp-daemons.pcap", []string{"0"}},
		{"bgp-4byte-asn.pcap", []string{"0"}},
		{"frag_http_req.pcap", []string{"0"}},
	} {
		path := filepath.Join(streamTestdata, c.file)
		for _, n := range c.streams {
			for _, mode := range []string{"ascii", "hex", "raw"} {
				want := tsharkOut(t, "-r", path, "-q", "-z", "follow,tcp,"+mode+","+n)
				r := runCmd(t, "", "follow", path, "--stream", n, "--"+mode)
				r.want(t, exitOK)
				if r.stdout != want {
					t.Errorf("%s stream %s --%s differs from tshark:\n got  %.300q\n want %.300q", c.file, n, mode, r.stdout, want)
				}
			}
		}
	}
}

func TestFollowFlags(t *testing.T) {
	path := filepath.Join(streamTestdata, "http.pcap")
	def := runCmd(t, "", "follow", path)
	def.want(t, exitOK)
	if !strings.Contains(def.stdout, "Follow: tcp,ascii\nFilter: tcp.stream eq 0\nNode 0: 198.18.120.1:") {
		t.Errorf("default output:\n%.300s", def.stdout)
	}
	// flags after the file, standard input
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	in := runCmd(t, string(data), "follow", "-", "--stream", "0")
	in.want(t, exitOK)
	if in.stdout != def.stdout {
		t.Error("standard input gives other output than the file")
	}
	// a filter renumbers the streams among the packets kept
	f := runCmd(t, "", "follow", "-f", "ip6", path, "--raw")
	f.want(t, exitOK)
	if !strings.Contains(f.stdout, "Node 0: [2001:db8:120::1]:") {
		t.Errorf("-f ip6:\n%.300s", f.stdout)
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"follow"}, exitUsage, "give one FILE"},
		{[]string{"follow", path, "--hex", "--raw"}, exitUsage, "choose one of"},
		{[]string{"follow", path, "--stream", "-1"}, exitUsage, "start at 0"},
		{[]string{"follow", path, "-f", "tcp port"}, exitUsage, "-f"},
		{[]string{"follow", path, "--stream", "999"}, exitError, "no such tcp stream 999: the capture has streams 0 to"},
		{[]string{"follow", filepath.Join(streamTestdata, "missing.pcap")}, exitError, "missing.pcap"},
	} {
		r := runCmd(t, "", c.args...)
		if r.code != c.code || !strings.Contains(r.stderr, c.msg) {
			t.Errorf("%v: status %d, stderr %q; want %d and %q", c.args, r.code, r.stderr, c.code, c.msg)
		}
	}
	h := runCmd(t, "", "follow", "-h")
	h.want(t, exitOK)
	for _, s := range []string{"usage: goscapy follow", "--stream N", "--raw", "tshark"} {
		if !strings.Contains(h.stdout, s) {
			t.Errorf("follow -h lacks %q", s)
		}
	}
}

// TestReadReassemble: read --reassemble prints a fragmented request once,
// whole, and the TLS records of a connection as messages.
func TestReadReassemble(t *testing.T) {
	r := runCmd(t, "", "read", "--reassemble", filepath.Join(streamTestdata, "frag_http_req.pcap"))
	r.want(t, exitOK)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "11 ") || !strings.Contains(lines[0], "HTTP Request GET /convert_data.js") {
		t.Errorf("fragmented request:\n%s", r.stdout)
	}
	plain := runCmd(t, "", "read", filepath.Join(streamTestdata, "frag_http_req.pcap"))
	if n := strings.Count(plain.stdout, "\n"); n != 11 {
		t.Errorf("without --reassemble: %d lines", n)
	}
	// the first ClientHello: one packet of the IP and TCP headers and the
	// whole record, numbered and sized as tshark sees them
	tls := filepath.Join(streamTestdata, "tls.pcap")
	first, _, _ := strings.Cut(tsharkOut(t, "-r", tls, "-Y", "tls.handshake.type == 1", "-T", "fields",
		"-e", "frame.number", "-e", "ip.hdr_len", "-e", "tcp.hdr_len", "-e", "tls.record.length"), "\n")
	f := strings.Fields(first)
	if len(f) != 4 {
		t.Fatalf("tshark: %q", f)
	}
	ihl, _ := strconv.Atoi(f[1])
	thl, _ := strconv.Atoi(f[2])
	rl, _ := strconv.Atoi(f[3])
	r = runCmd(t, "", "read", "--reassemble", "--json", tls)
	r.want(t, exitOK)
	head := fmt.Sprintf(`{"n":%s,`, f[0])
	size := fmt.Sprintf(`"caplen":%d,"len":%d,"layers":[{"name":"IP",`, ihl+thl+5+rl, ihl+thl+5+rl)
	rec := fmt.Sprintf(`{"name":"TLS","fields":{"type":22,"version":769,"len":%d,`, rl)
	found := false
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(l, head) && strings.Contains(l, size) && strings.Contains(l, rec) {
			found = true
		}
	}
	if !found {
		t.Errorf("no line %s...%s...%s in\n%.1000s", head, size, rec, r.stdout)
	}
	// the tshark count of ClientHellos: each comes out whole
	want := strings.Count(tsharkOut(t, "-r", filepath.Join(streamTestdata, "tls.pcap"), "-Y", "tls.handshake.type == 1"), "\n")
	s := runCmd(t, "", "read", "--reassemble", filepath.Join(streamTestdata, "tls.pcap"))
	if got := strings.Count(s.stdout, "TLS handshake client_hello"); got != want || want == 0 {
		t.Errorf("%d client hellos, tshark %d", got, want)
	}
}
