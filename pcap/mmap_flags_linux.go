package pcap

import "golang.org/x/sys/unix"

// mapFlags: MAP_POPULATE reads the file's pages in with the mapping, so
// reading does not fault on every page.
const mapFlags = unix.MAP_PRIVATE | unix.MAP_POPULATE
