//go:build !linux

package sendrecv

import "github.com/goscapy/goscapy/route"

func srSupported(op, iface string) error { return unsupported(op, iface) }

func srInterface(op, iface string) (route.Interface, error) {
	return route.Interface{}, unsupported(op, iface)
}

func srOpenLink(iface, filter string, rcvbuf int) (*L2Conn, error) {
	return nil, unsupported("open", iface)
}
