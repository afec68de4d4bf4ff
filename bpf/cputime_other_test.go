//go:build !unix

package bpf

// processCPU is not known on this platform.
func processCPU() int64 { return -1 }
