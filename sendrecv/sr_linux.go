//go:build linux

package sendrecv

import (
	"errors"

	"github.com/goscapy/goscapy/route"
	"golang.org/x/sys/unix"
)

func srSupported(op, iface string) error { return nil }

// srInterface looks up an interface; the error of an unknown name lists
// those there are.
func srInterface(op, iface string) (route.Interface, error) { return lookupInterface(op, iface) }

// srOpenLink opens the socket a call reads its answers from: the host's
// own outgoing frames are not delivered (a kernel older than 4.20 lacks
// the option: the reader then drops them by their PACKET_OUTGOING flag).
func srOpenLink(iface, filter string, rcvbuf int) (*L2Conn, error) {
	opts := []Option{WithReadBuffer(rcvbuf)}
	if filter != "" {
		opts = append(opts, WithFilter(filter))
	}
	c, err := OpenL2(iface, append(opts, WithoutOutgoing())...)
	if err != nil && errors.Is(err, unix.ENOPROTOOPT) {
		c, err = OpenL2(iface, opts...)
	}
	return c, err
}
