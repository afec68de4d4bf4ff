package layers

import (
	"testing"
	"unsafe"
)

// TestEtherBlockSizes guards the bytes Dissect allocates for a common
// frame: the collector's work grows with every byte, so each block must
// stay in its size class.
func TestEtherBlockSizes(t *testing.T) {
	for _, c := range []struct {
		name      string
		size, max uintptr
	}{
		{"IPv4/TCP", unsafe.Sizeof(ether4TCPBlock{}), 384},
		{"IPv4/UDP", unsafe.Sizeof(ether4UDPBlock{}), 352},
		{"IPv6/TCP", unsafe.Sizeof(ether6TCPBlock{}), 416},
		{"IPv6/UDP", unsafe.Sizeof(ether6UDPBlock{}), 384},
	} {
		if c.size > c.max {
			t.Errorf("the %s block is %d bytes, more than %d", c.name, c.size, c.max)
		}
	}
}
