//go:build linux

package main

import (
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// dropPrivileges runs fn on a thread whose effective user is nobody,
// restoring root afterwards.
func dropPrivileges(t *testing.T, fn func()) {
	t.Helper()
	runtime.LockOSThread()
	if _, _, e := unix.RawSyscall(unix.SYS_SETRESUID, ^uintptr(0), 65534, ^uintptr(0)); e != 0 {
		runtime.UnlockOSThread()
		t.Fatalf("setresuid: %v", e)
	}
	defer func() {
		if _, _, e := unix.RawSyscall(unix.SYS_SETRESUID, ^uintptr(0), 0, ^uintptr(0)); e != 0 {
			t.Errorf("restoring root on the thread: %v (the thread stays locked)", e)
			return
		}
		runtime.UnlockOSThread()
	}()
	fn()
}
