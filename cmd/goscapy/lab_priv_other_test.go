//go:build !linux

package main

import "testing"

func dropPrivileges(t *testing.T, fn func()) { fn() }
