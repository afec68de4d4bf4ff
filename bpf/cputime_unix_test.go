//go:build unix

package bpf

import "syscall"

// processCPU returns the CPU time (user and system) the process has used,
// in nanoseconds, or -1 if it is not known. Benchmarks report it per
// operation next to the wall-clock time, which other processes sharing
// the cores inflate.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
