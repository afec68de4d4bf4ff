//go:build !linux

package route

import (
	"context"
	"errors"
	"net/netip"
	"testing"
)

func TestUnsupported(t *testing.T) {
	if _, err := Interfaces(); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Interfaces: %v", err)
	}
	if _, err := Lookup(netip.MustParseAddr("198.18.1.3")); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Lookup: %v", err)
	}
	if _, err := ResolveMAC(context.Background(), "a0", netip.MustParseAddr("198.18.1.3")); !errors.Is(err, ErrUnsupported) {
		t.Errorf("ResolveMAC: %v", err)
	}
}
