//go:build linux

package netns

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestShortName(t *testing.T) {
	for in, want := range map[string]string{
		"TestSniffFilter/udp_port_9999": "snifffilte",
		"BenchmarkSendp":                "sendp",
		"Test":                          "",
	} {
		if got := shortName(in); got != want {
			t.Errorf("shortName(%q) = %q, want %q", in, got, want)
		}
	}
	if !staleName.MatchString("gssniff-123-4-a") || staleName.MatchString("plab-a") {
		t.Error("staleName does not match our names only")
	}
}

// httpGet fetches http://addr/ from namespace ns with a client whose
// sockets are created there.
func httpGet(t *testing.T, lab *Lab, ns NS, addr netip.Addr) string {
	t.Helper()
	var body string
	err := lab.Do(ns, func() error {
		c, err := net.DialTimeout("tcp", netip.AddrPortFrom(addr, 80).String(), 3*time.Second)
		if err != nil {
			return err
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(3 * time.Second))
		req, _ := http.NewRequest("GET", "http://"+netip.AddrPortFrom(addr, 80).String()+"/", nil)
		req.Close = true
		if err := req.Write(c); err != nil {
			return err
		}
		b, err := io.ReadAll(c)
		body = string(b)
		if err != nil && body == "" {
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatalf("GET http://%v/ from %v: %v", addr, ns, err)
	}
	return body
}

func TestLab(t *testing.T) {
	var names []string
	t.Run("topology", func(t *testing.T) {
		lab := NewLab(t)
		for _, ns := range []NS{A, R, B} {
			if lab.Name(ns) == "" {
				t.Fatalf("namespace %v has no name", ns)
			}
			names = append(names, lab.Name(ns))
		}
		// Everything answers at once: no first packet is lost while an
		// interface becomes ready (a lost ARP or NDP query costs 1s).
		for _, dst := range []netip.Addr{lab.R6, lab.R4, lab.B6, lab.B4, lab.RFar6, lab.BFar6} {
			start := time.Now()
			err := lab.Do(A, func() error {
				_, err := net.DialTimeout("tcp", netip.AddrPortFrom(dst, 81).String(), 3*time.Second)
				return err
			})
			if err == nil || !strings.Contains(err.Error(), "refused") || time.Since(start) > 2*time.Second {
				t.Errorf("connect to closed port %v: %v after %v", dst, err, time.Since(start))
			}
		}
		if err := lab.StartHTTP(); err != nil {
			t.Fatal(err)
		}
		for _, dst := range []netip.Addr{lab.B4, lab.B6, lab.BFar4, lab.BFar6} {
			if body := httpGet(t, lab, A, dst); !strings.HasSuffix(body, HTTPBody) {
				t.Errorf("GET %v: %q", dst, body)
			}
		}
		// Offloads are off on every interface.
		for ns, devs := range lab.devices() {
			lab.Do(ns, func() error {
				for _, d := range devs {
					if on, err := txChecksumOn(d); err != nil || on {
						t.Errorf("%v %s: tx checksum offload on=%v err=%v", ns, d, on, err)
					}
				}
				return nil
			})
		}
		// Do restores the thread: the host namespace has no a0.
		if _, err := net.InterfaceByName("a0"); err == nil {
			t.Error("a0 visible outside the namespace")
		}
		out, err := lab.Exec(B, "ip", "-br", "addr", "show", "b1")
		if err != nil || !strings.Contains(string(out), "198.18.2.2/24") {
			t.Errorf("exec in B: %s %v", out, err)
		}
		if err := lab.Do(R, func() error { return nil }); err != nil {
			t.Error(err)
		}
	})
	for _, n := range names {
		if _, err := os.Stat(filepath.Join(netnsDir, n)); err == nil {
			t.Errorf("namespace %s left after the test", n)
		}
	}
}

func TestPair(t *testing.T) {
	lab := NewPair(t)
	if lab.Name(R) != "" || !lab.Pair() {
		t.Fatal("a pair has a router")
	}
	if err := lab.Do(R, func() error { return nil }); err == nil {
		t.Error("Do(R) on a pair: no error")
	}
	if err := lab.StartHTTP(); err != nil {
		t.Fatal(err)
	}
	if body := httpGet(t, lab, A, lab.B6); !strings.HasSuffix(body, HTTPBody) {
		t.Errorf("GET: %q", body)
	}
}

func TestDNS(t *testing.T) {
	lab := NewPair(t)
	if err := lab.StartDNS(); err != nil {
		if errors.Is(err, ErrMissingTool) {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	// A query for b.lab.test A, ID 0x1234, recursion desired.
	q := []byte{0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0,
		1, 'b', 3, 'l', 'a', 'b', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1}
	var resp []byte
	err := lab.Do(A, func() error {
		c, err := net.Dial("udp", netip.AddrPortFrom(lab.B4, 53).String())
		if err != nil {
			return err
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(3 * time.Second))
		if _, err := c.Write(q); err != nil {
			return err
		}
		buf := make([]byte, 512)
		n, err := c.Read(buf)
		resp = buf[:n]
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp) < 12 || resp[0] != 0x12 || resp[1] != 0x34 || !bytes.HasSuffix(resp, lab.B4.AsSlice()) {
		t.Errorf("answer % x", resp)
	}
}
