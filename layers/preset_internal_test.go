package layers

import (
	"testing"
	"unsafe"
)

// TestEthernetPresetSize guards the bytes Dissect allocates for a common
// frame: the block must stay in the 416-byte size class (the collector's
// work grows with every byte, and the next class up is 448).
func TestEthernetPresetSize(t *testing.T) {
	if n := unsafe.Sizeof(ethernetPreset{}); n > 416 {
		t.Errorf("ethernetPreset is %d bytes, more than 416", n)
	}
}
