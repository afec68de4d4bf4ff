//go:build !linux

package lab

import (
	"context"
	"io"
)

// Demo returns ErrUnsupported: the lab needs Linux.
func Demo(ctx context.Context, log io.Writer) ([]Step, error) { return nil, ErrUnsupported }
