package main

import (
	"strings"
	"testing"
)

// toolCase is a command line and what it must do.
type toolCase struct {
	args []string
	code int
	msg  string // in stderr (or stdout for exitOK)
}

func runToolCases(t *testing.T, cases []toolCase) {
	t.Helper()
	for _, c := range cases {
		r := runCmd(t, "", c.args...)
		if r.code != c.code {
			t.Errorf("%q: exit %d, want %d\nstdout: %s\nstderr: %s", c.args, r.code, c.code, r.stdout, r.stderr)
			continue
		}
		out := r.stderr
		if c.code == exitOK {
			out = r.stdout
		}
		if !strings.Contains(out, c.msg) {
			t.Errorf("%q: output %q does not contain %q", c.args, out, c.msg)
		}
	}
}

func TestPingUsage(t *testing.T) {
	runToolCases(t, []toolCase{
		{[]string{"ping", "-h"}, exitOK, "usage: goscapy ping [-c N] [-i IFACE] [-I INTERVAL] [-W TIMEOUT]"},
		{[]string{"help", "ping"}, exitOK, "-W TIMEOUT"},
		{[]string{"ping"}, exitUsage, "missing TARGET"},
		{[]string{"ping", "198.18.1.3", "198.18.1.4"}, exitUsage, "one TARGET expected"},
		{[]string{"ping", "-c", "-1", "198.18.1.3"}, exitUsage, "cannot be negative"},
		{[]string{"ping", "-I", "0s", "198.18.1.3"}, exitUsage, "must be positive"},
		{[]string{"ping", "-s", "70000", "198.18.1.3"}, exitUsage, "want 0 to 65000"},
		{[]string{"ping", "-t", "0", "198.18.1.3"}, exitUsage, "want 1 to 255"},
		{[]string{"ping", "--bogus", "198.18.1.3"}, exitUsage, "flag provided but not defined"},
		{[]string{"ping", "-c", "1", "-i", "nosuch0", "127.0.0.1"}, exitError, `no such interface "nosuch0"`},
	})
}
