package scan

import (
	"errors"
	"net/netip"
	"slices"
	"testing"
)

func TestParseTargets(t *testing.T) {
	tg, err := ParseTargets("198.18.1.0/30,198.18.1.2", "198.18.1.8-10", "198.18.1.4-198.18.1.5", "2001:db8::1", "198.18.1.6")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := uint64(0); i < tg.Len(); i++ {
		got = append(got, tg.At(i).String())
	}
	want := []string{"198.18.1.0", "198.18.1.1", "198.18.1.2", "198.18.1.3", "198.18.1.4", "198.18.1.5", "198.18.1.6",
		"198.18.1.8", "198.18.1.9", "198.18.1.10", "2001:db8::1"}
	if !slices.Equal(got, want) {
		t.Fatalf("hosts %v\nwant %v", got, want)
	}
	for i, s := range want {
		idx, ok := tg.Index(netip.MustParseAddr(s))
		if !ok || idx != uint64(i) {
			t.Errorf("Index(%s) = %d %v, want %d", s, idx, ok, i)
		}
	}
	for _, s := range []string{"198.18.1.7", "198.18.1.11", "10.0.0.1", "2001:db8::2", "::"} {
		if _, ok := tg.Index(netip.MustParseAddr(s)); ok {
			t.Errorf("Index(%s) found", s)
		}
	}
	if v4, v6 := tg.Families(); !v4 || !v6 {
		t.Errorf("families %v %v", v4, v6)
	}
	if s := tg.String(); s != "198.18.1.0-198.18.1.6,198.18.1.8-198.18.1.10,2001:db8::1" {
		t.Errorf("String %q", s)
	}
	if a := tg.First(6); a != netip.MustParseAddr("2001:db8::1") {
		t.Errorf("First(6) = %v", a)
	}
}

func TestTargetsLarge(t *testing.T) {
	tg, err := ParseTargets("10.0.0.0/8", "2001:db8::/80")
	if err != nil {
		t.Fatal(err)
	}
	if tg.Len() != 1<<24+1<<48 {
		t.Fatalf("Len %d", tg.Len())
	}
	if a := tg.At(1<<24 - 1); a != netip.MustParseAddr("10.255.255.255") {
		t.Errorf("last IPv4 host %v", a)
	}
	if a := tg.At(1<<24 + 1<<48 - 1); a != netip.MustParseAddr("2001:db8::ffff:ffff:ffff") {
		t.Errorf("last IPv6 host %v", a)
	}
	if _, err := ParseTargets("2001:db8::/64"); !errors.Is(err, ErrTarget) {
		t.Errorf("a /64: %v", err)
	}
	if _, err := ParseTargets("0.0.0.0/0"); err != nil {
		t.Errorf("0.0.0.0/0: %v", err)
	}
}

func TestParseTargetsErrors(t *testing.T) {
	for _, s := range []string{"example.com", "198.18.1.300", "198.18.1.9-198.18.1.1", "198.18.1.1-2001:db8::1", "198.18.1.1/33", "1-2", "fe80::1%eth0", "2001:db8::1-5"} {
		if _, err := ParseTargets(s); !errors.Is(err, ErrTarget) {
			t.Errorf("%q: %v", s, err)
		}
	}
}

func TestParsePorts(t *testing.T) {
	p, err := ParsePorts("80, 22,443,8000-8003,22,8001")
	if err != nil {
		t.Fatal(err)
	}
	if want := []uint16{22, 80, 443, 8000, 8001, 8002, 8003}; !slices.Equal(p, want) {
		t.Errorf("%v, want %v", p, want)
	}
	all, err := ParsePorts("-")
	if err != nil || len(all) != 65535 || all[0] != 1 || all[65534] != 65535 {
		t.Errorf("all ports: %d %v", len(all), err)
	}
	for _, s := range []string{"", "0", "65536", "http", "90-80", "1-", ","} {
		if _, err := ParsePorts(s); !errors.Is(err, ErrTarget) {
			t.Errorf("%q: %v", s, err)
		}
	}
}
