package lab

import (
	"bytes"
	"errors"
	"testing"
)

func TestSample(t *testing.T) {
	b := Sample()
	if len(b) < 24 || len(b) > 50000 {
		t.Fatalf("sample of %d bytes", len(b))
	}
	// The classic pcap magic, either byte order.
	if !bytes.Equal(b[:4], []byte{0xd4, 0xc3, 0xb2, 0xa1}) && !bytes.Equal(b[:4], []byte{0xa1, 0xb2, 0xc3, 0xd4}) {
		t.Errorf("sample starts % x, not a pcap header", b[:4])
	}
}

func TestNames(t *testing.T) {
	l := &Lab{Topology: Default, ID: "x1"}
	if got := l.Name(R); got != "gslab-x1-r" {
		t.Errorf("Name(R) = %q", got)
	}
	for _, id := range []string{"", "UPPER", "has-dash", "toolongname"} {
		if validID(id) {
			t.Errorf("validID(%q) = true", id)
		}
	}
	if _, err := Open("Bad!"); !errors.Is(err, ErrName) && !errors.Is(err, ErrUnsupported) {
		t.Errorf("Open(bad) = %v", err)
	}
}
