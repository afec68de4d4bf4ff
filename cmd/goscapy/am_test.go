package main

import (
	"strings"
	"testing"
)

func TestAMUsage(t *testing.T) {
	for _, args := range [][]string{
		{"am"},
		{"am", "arp"},                          // no interface
		{"am", "-i", "lo", "teleport"},         // unknown machine
		{"am", "-i", "lo", "arp"},              // nothing to answer for
		{"am", "-i", "lo", "arp", "not-an-ip"}, // bad address
		{"am", "-i", "lo", "arp", "--mac", "zz", "192.0.2.1"},
		{"am", "-i", "lo", "dns", "name-without-addr"}, // bad record
		{"am", "-i", "lo", "dns", "a.test=300.1.1.1"},
		{"am", "-i", "lo", "dhcp"},                           // no pool
		{"am", "-i", "lo", "dhcp", "--pool", "192.0.2.0/24"}, // no server
		{"am", "-i", "lo", "dhcp", "--pool", "192.0.2.0/24", "--server", "192.0.2.1", "--range", "x"},
		{"am", "-i", "lo", "icmp", "--timeout", "-1s"},
	} {
		r := runCmd(t, "", args...)
		if r.code != exitUsage {
			t.Errorf("%v: exit %d, want %d (stderr %q)", args, r.code, exitUsage, r.stderr)
		}
	}
	r := runCmd(t, "", "am", "-h")
	r.want(t, exitOK)
	if !strings.Contains(r.stdout, "usage: goscapy am MACHINE") {
		t.Errorf("am -h: %q", r.stdout)
	}
}
