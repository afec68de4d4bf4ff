//go:build linux

package lab

import (
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("skipped: needs root (creates network namespaces and veth pairs)")
	}
}

func TestUpDown(t *testing.T) {
	needRoot(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	l, err := Up(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Down() })
	ids, err := List()
	if err != nil || !slices.Contains(ids, l.ID) {
		t.Fatalf("List = %v, %v; want it to hold %s", ids, err, l.ID)
	}
	if _, err := Up(ctx, l.ID); err == nil {
		t.Error("a second Up with the same ID succeeded")
	}
	// The kernel's view, through iproute2 when it is there: the
	// addresses of the harness topology.
	if _, err := exec.LookPath("ip"); err == nil {
		for ns, want := range map[NS][]string{
			A: {"a0", "198.18.1.2/24", "2001:db8:1::2/64", "02:00:00:00:01:02"},
			R: {"br0", "198.18.1.1/24", "198.18.2.1/24", "2001:db8:2::1/64", "master br0"},
			B: {"b0", "b1", "198.18.1.3/24", "198.18.2.2/24", "2001:db8:1::3/64", "02:00:00:00:02:02"},
		} {
			out, err := exec.Command("ip", "-n", l.Name(ns), "addr").CombinedOutput()
			if err != nil {
				t.Fatalf("ip -n %s addr: %v: %s", l.Name(ns), err, out)
			}
			out2, _ := exec.Command("ip", "-n", l.Name(ns), "link").CombinedOutput()
			for _, w := range want {
				if !strings.Contains(string(out)+string(out2), w) {
					t.Errorf("namespace %v lacks %q:\n%s%s", ns, w, out, out2)
				}
			}
		}
		out, _ := exec.Command("ip", "-n", l.Name(A), "route").CombinedOutput()
		if !strings.Contains(string(out), "default via 198.18.1.1") {
			t.Errorf("A routes:\n%s", out)
		}
	}
	// Traffic flows: A reaches B's far address through R.
	var conn net.Conn
	ln := make(chan net.Listener, 1)
	if err := l.Do(B, func() error {
		x, err := net.Listen("tcp", "198.18.2.2:7")
		ln <- x
		return err
	}); err != nil {
		t.Fatal(err)
	}
	lst := <-ln
	defer lst.Close()
	go func() {
		if c, err := lst.Accept(); err == nil {
			c.Write([]byte("hi"))
			c.Close()
		}
	}()
	if err := l.Do(A, func() error {
		var err error
		conn, err = net.DialTimeout("tcp", "198.18.2.2:7", 3*time.Second)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 2)
	conn.SetDeadline(time.Now().Add(3 * time.Second))
	if _, err := conn.Read(buf); err != nil || string(buf) != "hi" {
		t.Errorf("read %q, %v", buf, err)
	}
	conn.Close()
	if err := l.Down(); err != nil {
		t.Fatal(err)
	}
	for _, ns := range all {
		if _, err := os.Stat(filepath.Join(netnsDir, l.Name(ns))); err == nil {
			t.Errorf("%s still exists after Down", l.Name(ns))
		}
	}
	if _, err := Open(l.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Open after Down: %v", err)
	}
}
