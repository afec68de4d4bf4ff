//go:build linux

package main

import (
	"os"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// asNobody runs fn on a thread whose effective user is nobody (no
// capabilities), when the test runs as root; otherwise as the user the
// test runs as.
func asNobody(t *testing.T, fn func()) {
	t.Helper()
	if os.Geteuid() != 0 {
		fn()
		return
	}
	runtime.LockOSThread()
	if _, _, e := unix.RawSyscall(unix.SYS_SETRESUID, ^uintptr(0), 65534, ^uintptr(0)); e != 0 {
		runtime.UnlockOSThread()
		t.Skipf("setresuid: %v", e)
	}
	defer func() {
		if _, _, e := unix.RawSyscall(unix.SYS_SETRESUID, ^uintptr(0), 0, ^uintptr(0)); e != 0 {
			t.Errorf("restoring root: %v (the thread stays locked)", e)
			return
		}
		runtime.UnlockOSThread()
	}()
	fn()
}

// TestToolsNeedPrivilege: without root or CAP_NET_RAW each tool says so
// and names the interface (loopback here: nothing leaves the host).
func TestToolsNeedPrivilege(t *testing.T) {
	asNobody(t, func() {
		runToolCases(t, []toolCase{
			{[]string{"ping", "-c", "1", "127.0.0.1"}, exitError, "needs root or CAP_NET_RAW"},
			{[]string{"arping", "-i", "lo", "127.0.0.0/30"}, exitError, "needs root or CAP_NET_RAW"},
			{[]string{"traceroute", "-m", "1", "127.0.0.1"}, exitError, "needs root or CAP_NET_RAW"},
			{[]string{"scan", "-p", "80", "127.0.0.1"}, exitError, "needs root or CAP_NET_RAW"},
		})
		for _, args := range [][]string{{"ping", "-c", "1", "127.0.0.1"}, {"arping", "-i", "lo", "127.0.0.0/30"},
			{"traceroute", "-m", "1", "127.0.0.1"}, {"scan", "-p", "80", "127.0.0.1"}} {
			if r := runCmd(t, "", args...); !strings.Contains(r.stderr, " lo") {
				t.Errorf("%q: %q does not name the interface", args, r.stderr)
			}
		}
	})
}
