//go:build !linux

package netns

import (
	"errors"
	"io"
	"net"
	"os/exec"
	"testing"
)

// ErrMissingTool reports a program a helper needs that is not installed.
var ErrMissingTool = errors.New("not installed")

type labState struct{}

// Proc is a command started in a namespace with Start.
type Proc struct{ Cmd *exec.Cmd }

// Done is closed when the command has exited.
func (p *Proc) Done() <-chan struct{} { c := make(chan struct{}); close(c); return c }

// Err returns the command's exit error.
func (p *Proc) Err() error { return errUnsupported }

var errUnsupported = errors.New("netns: network namespaces need linux")

// Require skips the test: network namespaces exist on Linux only.
func Require(t testing.TB) {
	t.Helper()
	t.Skip("skipped: network namespaces need linux")
}

// NewLab skips the test: network namespaces exist on Linux only.
func NewLab(t testing.TB) *Lab {
	t.Helper()
	Require(t)
	return nil
}

// NewPair skips the test: network namespaces exist on Linux only.
func NewPair(t testing.TB) *Lab {
	t.Helper()
	Require(t)
	return nil
}

func (l *Lab) Do(NS, func() error) error                         { return errUnsupported }
func (l *Lab) Exec(NS, ...string) ([]byte, error)                { return nil, errUnsupported }
func (l *Lab) Start(NS, io.Writer, ...string) (*exec.Cmd, error) { return nil, errUnsupported }
func (l *Lab) AddCloser(io.Closer)                               {}
func (l *Lab) Listen(NS, string, string) (net.Listener, error)   { return nil, errUnsupported }
func (l *Lab) ListenPacket(NS, string, string) (net.PacketConn, error) {
	return nil, errUnsupported
}
func (l *Lab) Sysctl(NS, string, string) error { return errUnsupported }
func (l *Lab) StartHTTP() error                { return errUnsupported }
func (l *Lab) StartDNS() error                 { return errUnsupported }
