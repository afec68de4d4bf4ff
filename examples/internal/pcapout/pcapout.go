// Package pcapout writes the frames an example builds to a classic pcap
// file, one millisecond apart, refusing to replace a file unless forced.
package pcapout

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/goscapy/goscapy/pcap"
)

// Write writes frames (Ethernet) to path and says how many it wrote.
func Write(path string, force bool, frames [][]byte) error {
	return WriteLinkType(path, force, pcap.LinkTypeEthernet, frames)
}

// WriteLinkType writes frames of link type lt to path and says how many
// it wrote.
func WriteLinkType(path string, force bool, lt pcap.LinkType, frames [][]byte) error {
	mode := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		mode = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, mode, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s exists; pass -force to replace it", path)
	}
	if err != nil {
		return err
	}
	w, err := pcap.NewWriter(f, lt)
	if err != nil {
		f.Close()
		return err
	}
	t := time.Now()
	for _, frame := range frames {
		ci := pcap.CaptureInfo{Timestamp: t, CaptureLength: len(frame), Length: len(frame), LinkType: lt}
		if err := w.WritePacket(ci, frame); err != nil {
			f.Close()
			return err
		}
		t = t.Add(time.Millisecond)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("wrote %d packets to %s\n", len(frames), path)
	return nil
}
