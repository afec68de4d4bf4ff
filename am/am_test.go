package am_test

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/goscapy/goscapy/am"
)

func TestConfigErrors(t *testing.T) {
	for name, f := range map[string]func() error{
		"arp no addresses": func() error { _, err := am.NewARP(am.ARPConfig{Iface: "eth0"}); return err },
		"arp ipv6": func() error {
			_, err := am.NewARP(am.ARPConfig{Iface: "eth0", Addrs: []netip.Addr{netip.MustParseAddr("2001:db8::1")}})
			return err
		},
		"arp no iface": func() error {
			_, err := am.NewARP(am.ARPConfig{Addrs: []netip.Addr{netip.MustParseAddr("192.0.2.1")}})
			return err
		},
		"dns bad name": func() error {
			_, err := am.NewDNS(am.DNSConfig{Iface: "eth0", Records: map[string][]netip.Addr{"a..b": {netip.MustParseAddr("192.0.2.1")}}})
			return err
		},
		"dhcp no pool": func() error {
			_, err := am.NewDHCP(am.DHCPConfig{Iface: "eth0", Server: netip.MustParseAddr("192.0.2.1")})
			return err
		},
		"dhcp no server": func() error {
			_, err := am.NewDHCP(am.DHCPConfig{Iface: "eth0", Pool: netip.MustParsePrefix("192.0.2.0/24")})
			return err
		},
		"dhcp range outside": func() error {
			_, err := am.NewDHCP(am.DHCPConfig{Iface: "eth0", Pool: netip.MustParsePrefix("192.0.2.0/24"),
				Server: netip.MustParseAddr("192.0.2.1"), First: netip.MustParseAddr("192.0.3.1")})
			return err
		},
	} {
		if err := f(); !errors.Is(err, am.ErrConfig) {
			t.Errorf("%s: %v, want ErrConfig", name, err)
		}
	}
	m, err := am.NewDNS(am.DNSConfig{Iface: "eth0", Filter: "host 192.0.2.1"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.Filter(), "(udp dst port 53) and (host 192.0.2.1)"; got != want {
		t.Errorf("filter %q, want %q", got, want)
	}
}
