//go:build linux

package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// The live benchmarks run in a pair of network namespaces made for them:
// "a" and "b" joined by one veth pair, deleted when the benchmark ends.
// Nothing leaves them. They need root and iproute2, and are skipped
// otherwise. (The bench module cannot use internal/netns.)

var vethPairCounter atomic.Int32

// vethPair is a namespace pair for one benchmark.
type vethPair struct{ a, b string }

// newVethPair makes namespaces a and b joined by veth ifA (address
// net.2/24) and ifB (net.3/24), then runs the extra ip commands (with
// the namespace names filled in by the caller's closure).
func newVethPair(b *testing.B, name, ifA, ifB, net string, extra func(p *vethPair) [][]string) *vethPair {
	b.Helper()
	if os.Geteuid() != 0 {
		b.Skip("skipped: needs root (creates network namespaces); run as root")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		b.Skip("skipped: needs iproute2 (ip)")
	}
	id := fmt.Sprintf("gsbench-%s-%d-%d", name, os.Getpid(), vethPairCounter.Add(1))
	p := &vethPair{a: id + "-a", b: id + "-b"}
	b.Cleanup(func() {
		exec.Command("ip", "netns", "del", p.a).Run()
		exec.Command("ip", "netns", "del", p.b).Run()
	})
	cmds := [][]string{
		{"netns", "add", p.a},
		{"netns", "add", p.b},
		{"-n", p.a, "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", p.b},
		{"-n", p.a, "addr", "add", net + ".2/24", "dev", ifA},
		{"-n", p.b, "addr", "add", net + ".3/24", "dev", ifB},
		{"-n", p.a, "link", "set", "lo", "up"},
		{"-n", p.b, "link", "set", "lo", "up"},
		{"-n", p.a, "link", "set", ifA, "up"},
		{"-n", p.b, "link", "set", ifB, "up"},
	}
	if extra != nil {
		cmds = append(cmds, extra(p)...)
	}
	for _, args := range cmds {
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			b.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, bytes.TrimSpace(out))
		}
	}
	// Wait until the veth carries traffic (operational state UP).
	deadline := time.Now().Add(5 * time.Second)
	for {
		out, _ := exec.Command("ip", "-n", p.a, "-o", "link", "show", ifA).CombinedOutput()
		if strings.Contains(string(out), "state UP") {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("%s is not up: %s", ifA, out)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return p
}

// inA runs fn on the calling goroutine with its thread in namespace a:
// the sockets fn opens belong to a.
func (p *vethPair) inA(b *testing.B, fn func() error) {
	b.Helper()
	target, err := os.Open(filepath.Join("/var/run/netns", p.a))
	if err != nil {
		b.Fatal(err)
	}
	defer target.Close()
	runtime.LockOSThread()
	orig, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		runtime.UnlockOSThread()
		b.Fatal(err)
	}
	defer orig.Close()
	if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		b.Fatalf("setns: %v", err)
	}
	err = fn()
	if err := unix.Setns(int(orig.Fd()), unix.CLONE_NEWNET); err != nil {
		// The thread stays locked and ends with the goroutine.
		b.Fatalf("setns back: %v", err)
	}
	runtime.UnlockOSThread()
	if err != nil {
		b.Fatal(err)
	}
}
