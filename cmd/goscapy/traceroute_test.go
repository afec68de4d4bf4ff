package main

import "testing"

func TestTracerouteUsage(t *testing.T) {
	runToolCases(t, []toolCase{
		{[]string{"traceroute", "-h"}, exitOK, "usage: goscapy traceroute [-P icmp|udp|tcp] [-p PORT] [-m MAXHOPS] [-q PROBES]"},
		{[]string{"help", "traceroute"}, exitOK, "-P TYPE"},
		{[]string{"traceroute"}, exitUsage, "missing TARGET"},
		{[]string{"traceroute", "-P", "sctp", "198.18.2.2"}, exitUsage, `probe type "sctp": want icmp, udp or tcp`},
		{[]string{"traceroute", "-m", "300", "198.18.2.2"}, exitUsage, "want 1 <= first <= max <= 255"},
		{[]string{"traceroute", "-q", "0", "198.18.2.2"}, exitUsage, "must be at least 1"},
		{[]string{"traceroute", "-p", "70000", "198.18.2.2"}, exitUsage, "want 1 to 65535"},
		{[]string{"traceroute", "-i", "nosuch0", "-m", "1", "127.0.0.1"}, exitError, `no such interface "nosuch0"`},
	})
}
