//go:build !linux

package arping

import (
	"net/netip"

	"github.com/goscapy/goscapy/fields"
)

func open(*Config) (transport, fields.MAC, netip.Addr, error) {
	return nil, fields.MAC{}, netip.Addr{}, ErrUnsupported
}
