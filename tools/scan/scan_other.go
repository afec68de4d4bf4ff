//go:build !linux

package scan

func openTransport(*scanner) (transport, error) { return nil, ErrUnsupported }

func noBuffers(error) bool { return false }

func sendRefused(error) (string, bool) { return "", false }
