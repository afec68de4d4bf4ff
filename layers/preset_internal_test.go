package layers

import (
	"testing"
	"unsafe"
)

// TestEtherBlockSizes guards the bytes Dissect allocates for a common
// frame: the collector's work grows with every byte, so each block must
// stay in its size class (416 and 448 bytes; the next classes up are 448
// and 480).
func TestEtherBlockSizes(t *testing.T) {
	if n := unsafe.Sizeof(ether4Block{}); n > 416 {
		t.Errorf("the IPv4 block is %d bytes, more than 416", n)
	}
	if n := unsafe.Sizeof(ether6Block{}); n > 448 {
		t.Errorf("the IPv6 block is %d bytes, more than 448", n)
	}
}
