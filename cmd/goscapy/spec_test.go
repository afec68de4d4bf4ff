package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

func TestParseSpec(t *testing.T) {
	for _, c := range []struct {
		spec string
		want string // layers as name[arg;arg] with args name=value, "q" marking quoted values
	}{
		{"Ether", "Ether[]"},
		{"Ether()/IP()/TCP", "Ether[] IP[] TCP[]"},
		{"  Ether ( ) /  IP  ", "Ether[] IP[]"},
		{"IP(dst=10.0.0.1, ttl=3)", "IP[dst=10.0.0.1;ttl=3]"},
		{"IP( dst = 10.0.0.1 ,ttl=3 )", "IP[dst=10.0.0.1;ttl=3]"},
		{"IP dst=10.0.0.1 ttl=3 / TCP flags=SA", "IP[dst=10.0.0.1;ttl=3] TCP[flags=SA]"},
		{"IPv6(src=fe80::1, dst=ff02::1)", "IPv6[src=fe80::1;dst=ff02::1]"},
		{`Raw(load="a, b/c (d)")`, `Raw[load=q"a, b/c (d)"]`},
		{`Raw(load='it\'s')`, `Raw[load=q"it's"]`},
		{`Raw(load=b"\x00\n\t\r\\\"\0\q")`, `Raw[load=q"\x00\n\t\r\\\"\x00\\q"]`},
		{`Raw("hello")`, `Raw[q"hello"]`},
		{`Raw(0x4142)`, `Raw[0x4142]`},
		{`IP()/"payload"`, `IP[] [q"payload"]`},
		{`IP()/b'x'`, `IP[] [q"x"]`},
		{"Dot3/Raw", "Dot3[] Raw[]"},
		{"IP(chksum=None)", "IP[chksum=None]"},
		{"Ether src=aa:bb:cc:dd:ee:ff/IP", "Ether[src=aa:bb:cc:dd:ee:ff] IP[]"},
	} {
		sl, err := parseSpec(c.spec)
		if err != nil {
			t.Errorf("%q: %v", c.spec, err)
			continue
		}
		var parts []string
		for _, l := range sl {
			var args []string
			for _, a := range l.args {
				v := a.value
				if a.quoted {
					v = "q" + fmt.Sprintf("%q", v)
				}
				if a.name != "" {
					v = a.name + "=" + v
				}
				args = append(args, v)
			}
			parts = append(parts, l.name+"["+strings.Join(args, ";")+"]")
		}
		if got := strings.Join(parts, " "); got != c.want {
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
	if tcp.DstPort != 443 || tcp.Flags != layers.TCPSyn|layers.TCPAck || len(tcp.Options) != 1 || tcp.Options[0].Kind != 2 {
		t.Errorf("tcp: %+v", tcp)
	}
	if !bytes.Equal(raw.Load, []byte("0x41")) {
		t.Errorf("a quoted value is taken literally: %q", raw.Load)
	}
	ls, err = specLayers("Raw(load=0x41)")
	if err != nil || !bytes.Equal(ls[0].(*packet.Raw).Load, []byte{0x41}) {
		t.Errorf("an unquoted 0x value is hex: %v %v", ls, err)
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
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ls, err := specLayers(s)
		if err != nil {
			if _, ok := err.(*specError); !ok {
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
