package main

import "testing"

func TestArpingUsage(t *testing.T) {
	runToolCases(t, []toolCase{
		{[]string{"arping", "-h"}, exitOK, "usage: goscapy arping -i IFACE"},
		{[]string{"help", "arping"}, exitOK, "--concurrency N"},
		{[]string{"arping", "198.18.1.0/24"}, exitUsage, "needs an interface: -i IFACE"},
		{[]string{"arping", "-i", "lo", "198.18.1.0/24", "198.18.2.0/24"}, exitUsage, "one PREFIX expected"},
		{[]string{"arping", "-i", "lo", "2001:db8::/64"}, exitUsage, "ARP scans IPv4 subnets"},
		{[]string{"arping", "-i", "lo", "nonsense"}, exitUsage, "is not an IPv4 prefix or address"},
		{[]string{"arping", "-i", "lo", "--concurrency", "0", "198.18.1.0/24"}, exitUsage, "must be positive"},
		{[]string{"arping", "-i", "lo", "10.0.0.0/8"}, exitError, "more than 1048576 addresses"},
		{[]string{"arping", "-i", "nosuch0", "198.18.1.0/24"}, exitError, `no such interface "nosuch0"`},
	})
}
