//go:build unix

package pcap

import (
	"golang.org/x/sys/unix"
	"os"
)

// mapsFiles tells whether Open maps files on this system.
const mapsFiles = true

// minMapSize is the smallest file worth mapping; smaller files are read.
const minMapSize = 64 << 10

// mapFile maps a regular, uncompressed file read-only, or returns nil
// when the file should be read through the buffer instead (not regular,
// small, gzip-compressed, or mapping failed).
func mapFile(f *os.File) []byte {
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() < minMapSize || int64(int(st.Size())) != st.Size() {
		return nil
	}
	var magic [2]byte
	if n, _ := f.ReadAt(magic[:], 0); n == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		return nil
	}
	m, err := unix.Mmap(int(f.Fd()), 0, int(st.Size()), unix.PROT_READ, mapFlags)
	if err != nil {
		return nil
	}
	unix.Madvise(m, unix.MADV_SEQUENTIAL) // a hint; reading works without it
	return m
}

func unmapFile(m []byte) { unix.Munmap(m) }
