package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/expr"
	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

// TestParseSpec reads the forms SPEC takes back as Scapy's command() form
// (the expected text is what Scapy 2.5 prints for the same packet).
func TestParseSpec(t *testing.T) {
	for _, c := range []struct{ spec, want string }{
		{"Ether", "Ether()"},
		{"Ether()/IP()/TCP", "Ether()/IP()/TCP()"},
		{"  Ether ( ) /  IP  ", "Ether()/IP()"},
		{"IP(dst=10.0.0.1, ttl=3)", "IP(ttl=3, dst='10.0.0.1')"},
		{"IP( dst = 10.0.0.1 ,ttl=3 )", "IP(ttl=3, dst='10.0.0.1')"},
		{"IP dst=10.0.0.1 ttl=3 / TCP flags=SA", "IP(ttl=3, dst='10.0.0.1')/TCP(flags=18)"},
		{"IPv6(src=fe80::1, dst=ff02::1)", "IPv6(src='fe80::1', dst='ff02::1')"},
		{`Raw(load="a, b/c (d)")`, `Raw(load=b'a, b/c (d)')`},
		{`Raw(load='it\'s')`, `Raw(load=b"it's")`},
		{`Raw(load=b"\x00\n\t\r\\\"\0\q")`, `Raw(load=b'\x00\n\t\r\\"\x00\\q')`},
		{`Raw("hello")`, `Raw(load=b'hello')`},
		{`Raw(0x4142)`, `Raw(load=b'AB')`},
		{`IP()/"payload"`, `IP()/Raw(load=b'payload')`},
		{`IP()/b'x'`, `IP()/Raw(load=b'x')`},
		{"Dot3/Raw", "Ether()/Raw()"},
		{"IP(chksum=None)", "IP(chksum=None)"},
		{"Ether src=aa:bb:cc:dd:ee:ff/IP", "Ether(src='aa:bb:cc:dd:ee:ff')/IP()"},
		{`IP(dst="198.18.1.0/30", ttl=(1,5))/TCP(dport=[22,80,443], flags="S")`,
			`IP(ttl=(1, 5), dst=Net("198.18.1.0/30"))/TCP(dport=[22, 80, 443], flags=2)`},
	} {
		tpl, err := parseSpec(c.spec)
		if err != nil {
			t.Errorf("%q: %v", c.spec, err)
			continue
		}
		if got := tpl.String(); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.spec, got, c.want)
		}
	}
}

func TestSpecLayersValues(t *testing.T) {
	ls, err := specLayers(`ether(src=aa:bb:cc:dd:ee:ff)/IP(flags=DF, proto=udp, chksum=0x1234, len=None)/TCP(dport=https, flags=0x12, options=0x020405b4)/Raw(load="0x41")`)
	if err != nil {
		t.Fatal(err)
	}
	e := ls[0].(*layers.Ethernet)
	ip := ls[1].(*layers.IPv4)
	tcp := ls[2].(*layers.TCP)
	raw := ls[3].(*packet.Raw)
	if e.Src.String() != "aa:bb:cc:dd:ee:ff" || e.Type.Valid {
		t.Errorf("ether: %+v", e)
	}
	if ip.Flags != layers.IPv4DontFragment || ip.Protocol.Value != layers.IPProtoUDP || !ip.Checksum.Valid || ip.Checksum.Value != 0x1234 || ip.Len.Valid {
		t.Errorf("ip: %+v", ip)
	}
	if tcp.DstPort != 443 || tcp.Flags != layers.TCPSyn|layers.TCPAck || tcp.NumOptions() != 1 || tcp.Options()[0].Kind != 2 {
		t.Errorf("tcp: %+v", tcp)
	}
	if !bytes.Equal(raw.Load, []byte("0x41")) {
		t.Errorf("a quoted value is taken literally: %q", raw.Load)
	}
	ls, err = specLayers("Raw(load=0x41)")
	if err != nil || !bytes.Equal(ls[0].(*packet.Raw).Load, []byte{0x41}) {
		t.Errorf("an unquoted 0x value is hex: %v %v", ls, err)
	}
	// send sends the first packet of an expression with sets
	ls, err = specLayers(`IP(dst="10.0.0.0/30")/TCP(dport=[22,80])`)
	if err != nil || ls[0].(*layers.IPv4).Dst.String() != "10.0.0.0" || ls[1].(*layers.TCP).DstPort != 22 {
		t.Errorf("first packet: %v %v", ls, err)
	}
}

func TestSpecErrors(t *testing.T) {
	_, err := parseSpec("Ether()/Bogus()")
	var se *specError
	if !errors.As(err, &se) || se.col != 9 || !errors.Is(err, expr.ErrUnknownLayer) || !strings.Contains(se.msg, "Ethernet") {
		t.Errorf("unknown layer: %v", err)
	}
	if _, err := parseSpec("  "); !errors.Is(err, expr.ErrEmpty) || !strings.Contains(err.Error(), "empty spec") {
		t.Errorf("empty: %v", err)
	}
	if _, err := specLayers("IP()/TCP(dport=[])"); !errors.Is(err, expr.ErrNoPackets) {
		t.Errorf("no packet: %v", err)
	}
}

func FuzzSpec(f *testing.F) {
	for _, s := range []string{
		articleSpec,
		"Ether()/IP()/TCP",
		"Ether / IP dst=10.0.0.1 ttl=3 / TCP dport=80 flags=SA",
		`Raw(load=b"\x00\n")/"x"`,
		"IP(dst=1.2.3.4 ttl=3)",
		"IP(chksum=None, options=0x01010101)/UDP(sport=53)",
		"Raw(load='abc",
		"0000  ff ff",
		`IP(dst="10.0.0.0/30", ttl=(1,3))/TCP(dport=[22,80], sport=RandShort())/fuzz(Raw())`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ls, err := specLayers(s)
		if err != nil {
			var se *specError
			if !errors.As(err, &se) && !errors.Is(err, expr.ErrNoPackets) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		p := packet.New(ls...)
		frame, err := p.Build()
		if err != nil {
			return
		}
		_ = redissect(frame, p).Show()
		_, _ = parseHexInput(s)
	})
}
