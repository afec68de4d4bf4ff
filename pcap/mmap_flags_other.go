//go:build unix && !linux

package pcap

import "golang.org/x/sys/unix"

const mapFlags = unix.MAP_PRIVATE
