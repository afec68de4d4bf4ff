//go:build !linux

package route

import (
	"context"
	"net/netip"

	"github.com/goscapy/goscapy/fields"
)

// Interfaces is not supported on this system.
func Interfaces() ([]Interface, error) { return nil, ErrUnsupported }

// InterfacesContext is not supported on this system.
func InterfacesContext(context.Context) ([]Interface, error) { return nil, ErrUnsupported }

// InterfaceByName is not supported on this system.
func InterfaceByName(string) (Interface, error) { return Interface{}, ErrUnsupported }

// InterfaceByIndex is not supported on this system.
func InterfaceByIndex(int) (Interface, error) { return Interface{}, ErrUnsupported }

// Routes is not supported on this system.
func Routes(int) ([]Route, error) { return nil, ErrUnsupported }

// RoutesContext is not supported on this system.
func RoutesContext(context.Context, int) ([]Route, error) { return nil, ErrUnsupported }

// Lookup is not supported on this system.
func Lookup(netip.Addr) (Route, error) { return Route{}, ErrUnsupported }

// LookupContext is not supported on this system.
func LookupContext(context.Context, netip.Addr) (Route, error) { return Route{}, ErrUnsupported }

// Neighbors is not supported on this system.
func Neighbors(string) ([]Neighbor, error) { return nil, ErrUnsupported }

// NeighborsContext is not supported on this system.
func NeighborsContext(context.Context, string) ([]Neighbor, error) { return nil, ErrUnsupported }

// ResolveMAC is not supported on this system.
func ResolveMAC(context.Context, string, netip.Addr) (fields.MAC, error) {
	return fields.MAC{}, ErrUnsupported
}

// NextHop is not supported on this system.
func NextHop(netip.Addr) (string, netip.Addr, fields.MAC, error) {
	return "", netip.Addr{}, fields.MAC{}, ErrUnsupported
}

// NextHopContext is not supported on this system.
func NextHopContext(context.Context, netip.Addr) (string, netip.Addr, fields.MAC, error) {
	return "", netip.Addr{}, fields.MAC{}, ErrUnsupported
}

// FlushCache does nothing on this system.
func FlushCache() {}
