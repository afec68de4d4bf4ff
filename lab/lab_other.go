//go:build !linux

package lab

import "context"

// Up returns ErrUnsupported: network namespaces are Linux only.
func Up(ctx context.Context, id string) (*Lab, error) { return nil, ErrUnsupported }

// Open returns ErrUnsupported.
func Open(id string) (*Lab, error) { return nil, ErrUnsupported }

// List returns ErrUnsupported.
func List() ([]string, error) { return nil, ErrUnsupported }

// Down returns ErrUnsupported.
func (l *Lab) Down() error { return ErrUnsupported }

// Do returns ErrUnsupported.
func (l *Lab) Do(ns NS, fn func() error) error { return ErrUnsupported }

// Check returns ErrUnsupported.
func Check() error { return ErrUnsupported }
