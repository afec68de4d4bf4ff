//go:build !unix

package pcap

import "os"

// mapsFiles tells whether Open maps files on this system.
const mapsFiles = false

// minMapSize is unused without mapping; tests refer to it.
const minMapSize = 64 << 10

// mapFile returns nil: files are read through the buffer on this system.
func mapFile(*os.File) []byte { return nil }

func unmapFile([]byte) {}
