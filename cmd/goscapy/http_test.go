package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestHTTPEqualsTshark: every request and response goscapy http lists is
// the one tshark dissects (stream, packet that completed it, method, host,
// URI, status, media type, and the body size where tshark gives a
// Content-Length), in the same order, for the HTTP captures.
func TestHTTPEqualsTshark(t *testing.T) {
	files := []string{filepath.Join(streamTestdata, "http.pcap"), filepath.Join(streamTestdata, "frag_http_req.pcap")}
	for _, name := range []string{"pcapplusplus/http-packets2.pcap", "generated/kernel/pmtu-v4.pcap", "generated/kernel/pmtu-v6.pcap"} {
		if p := filepath.Join(readCorpusDir, name); fileExists(p) {
			files = append(files, p)
		}
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			out := tsharkOut(t, "-r", path, "-Y", "(http.request or http.response) and not icmp and not icmpv6", "-T", "fields", "-E", "occurrence=f",
				"-e", "tcp.stream", "-e", "frame.number", "-e", "http.request.method", "-e", "http.host",
				"-e", "http.request.uri", "-e", "http.response.code", "-e", "http.content_type", "-e", "http.content_length")
			var want []string
			for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
				f := strings.Split(line, "\t")
				if len(f) < 8 {
					continue
				}
				ct, _, _ := strings.Cut(f[6], ";")
				if f[5] == "" { // a request
					want = append(want, fmt.Sprintf("%s %s request %s %s %s %s", f[0], f[1], f[2], f[3], f[4], strings.TrimSpace(ct)))
				} else {
					want = append(want, fmt.Sprintf("%s %s response %s %s", f[0], f[1], f[5], strings.TrimSpace(ct)))
				}
			}
			r := runCmd(t, "", "http", "--json", path)
			r.want(t, exitOK)
			var got []string
			for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
				var rec httpRecord
				if err := json.Unmarshal([]byte(line), &rec); err != nil {
					t.Fatalf("%q: %v", line, err)
				}
				if rec.Type == "request" {
					got = append(got, fmt.Sprintf("%d %d request %s %s %s %s", rec.Stream, rec.Packet, rec.Method, rec.Host, rec.URI, rec.ContentType))
				} else {
					got = append(got, fmt.Sprintf("%d %d response %d %s", rec.Stream, rec.Packet, rec.Status, rec.ContentType))
				}
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("goscapy http:\n%s\ntshark:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func TestHTTPText(t *testing.T) {
	r := runCmd(t, "", "http", filepath.Join(streamTestdata, "http.pcap"))
	r.want(t, exitOK)
	lines := strings.Split(r.stdout, "\n")
	for _, want := range []string{
		"0 8 request  GET 198.18.120.2 /cl/5000 - - 0",
		"0 18 response GET 198.18.120.2 /cl/5000 200 text/plain 5000",
		"3 84 response HEAD 198.18.120.2 /cl/100 200 text/plain 0",
	} {
		found := false
		for _, l := range lines {
			found = found || l == want
		}
		if !found {
			t.Errorf("no line %q in\n%s", want, r.stdout)
		}
	}
	// the chunked response's size is that of the dechunked body: tshark
	// shows chunks of 700, 701, 702, 703, 704 and 705 bytes
	for _, l := range lines {
		if strings.HasPrefix(l, "1 ") && strings.Contains(l, "response") {
			f := strings.Fields(l)
			if n, _ := strconv.Atoi(f[len(f)-1]); n != 700+701+702+703+704+705 {
				t.Errorf("chunked size: %q", l)
			}
		}
	}
	for _, c := range []struct {
		args []string
		code int
	}{{[]string{"http"}, exitUsage}, {[]string{"http", "a", "b"}, exitUsage}, {[]string{"http", "-f", "(", "x"}, exitUsage}} {
		if r := runCmd(t, "", c.args...); r.code != c.code {
			t.Errorf("%v: status %d, want %d", c.args, r.code, c.code)
		}
	}
	h := runCmd(t, "", "http", "-h")
	h.want(t, exitOK)
	if !strings.HasPrefix(h.stdout, "usage: goscapy http") || !strings.Contains(h.stdout, "--json") {
		t.Errorf("http -h: %q", h.stdout)
	}
}
