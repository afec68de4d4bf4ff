//go:build linux

package am

func supported() error { return nil }
