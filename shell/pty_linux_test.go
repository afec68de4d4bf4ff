//go:build linux

package shell

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY returns the controller and the terminal of a new pseudo-terminal.
func openPTY(t *testing.T) (ctl, tty *os.File) {
	t.Helper()
	ctl, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	if err := unix.IoctlSetPointerInt(int(ctl.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		ctl.Close()
		t.Skipf("unlockpt: %v", err)
	}
	n, err := unix.IoctlGetInt(int(ctl.Fd()), unix.TIOCGPTN)
	if err != nil {
		ctl.Close()
		t.Skipf("ptsname: %v", err)
	}
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		ctl.Close()
		t.Skipf("open the terminal: %v", err)
	}
	return ctl, tty
}

// TestInteractivePTY types into a pseudo-terminal: tab completes a layer
// name, a field name and a method, the up key recalls the last line, and
// Ctrl-D ends the session.
func TestInteractivePTY(t *testing.T) {
	ctl, tty := openPTY(t)
	defer ctl.Close()
	defer tty.Close()
	var mu sync.Mutex
	var seen strings.Builder
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := ctl.Read(buf)
			mu.Lock()
			seen.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	s := New(os.Stdout, os.Stderr)
	done := make(chan error, 1)
	go func() { done <- s.Interact(context.Background(), tty, tty) }()
	waitFor := func(want string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			mu.Lock()
			ok := strings.Contains(seen.String(), want)
			mu.Unlock()
			if ok {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("the terminal never showed %q; it showed:\n%q", want, seen.String())
	}
	waitFor(Prompt)
	// "IP(ds<tab>" completes the field (dst=), "ICM<tab>" the layer
	// name up to the common prefix of ICMP, ICMPv6, ... (ICMP).
	ctl.WriteString("p = IP(ds\t\"198.18.1.3\")/ICM\t()\r")
	waitFor(`p = IP(dst="198.18.1.3")/ICMP()`)
	ctl.WriteString("p.summ\t)\r") // completes to p.summary(
	waitFor("'IP / ICMP 0.0.0.0 > 198.18.1.3 echo-request 0'")
	// Up recalls p.summary(); Enter runs it again.
	mu.Lock()
	before := strings.Count(seen.String(), "echo-request 0'")
	mu.Unlock()
	ctl.WriteString("\x1b[A\r")
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := strings.Count(seen.String(), "echo-request 0'")
		mu.Unlock()
		if n > before {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the up key did not recall the last line")
		}
		time.Sleep(10 * time.Millisecond)
	}
	ctl.WriteString("nosuch\r")
	waitFor(`goscapy: column 1: name "nosuch" is not defined`)
	ctl.WriteString("\x04")
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Ctrl-D did not end the session")
	}
}
