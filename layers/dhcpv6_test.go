package layers

import (
	"bytes"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/goscapy/goscapy/packet"
)

func TestDHCPv6Bindings(t *testing.T) {
	for _, field := range []string{"sport", "dport"} {
		for _, port := range []uint64{546, 547} {
			if got := packet.NextLayer(UDPType, field, port); got != DHCPv6Type {
				t.Errorf("udp %s=%d: %v", field, port, got)
			}
		}
	}
	// Scapy's class names and names find the layers.
	for name, want := range map[string]*packet.Proto{
		"DHCP6": dhcpv6Proto, "DHCP6_Solicit": dhcpv6Proto, "DHCPv6 Advertise Message": dhcpv6Proto,
		"DHCP6OptClientId": dhcp6Specs[1].proto, "DHCP6 Client Identifier Option": dhcp6Specs[1].proto,
		"DHCP6OptIA_NA": dhcp6Specs[3].proto, "DHCP6OptUnknown": dhcp6UnknownProto,
	} {
		if packet.Lookup(name) != want {
			t.Errorf("lookup %q", name)
		}
	}
}

// TestDHCPv6CorpusAdvertise reads a real Advertise (ISC dhcpd in our lab)
// through the option layers and their accessors.
func TestDHCPv6CorpusAdvertise(t *testing.T) {
	frame := apps1FrameOf(t, "dhcpv6", "generated/daemons/dhcpv6-ra.pcap", "15")
	p, err := packet.Dissect(frame, EthernetType)
	if err != nil {
		t.Fatal(err)
	}
	d, ok := packet.LayerOf[*DHCPv6](p)
	if !ok || d.MsgType != DHCPv6Advertise || d.Title() != "DHCPv6 Advertise Message" {
		t.Fatalf("%v", p)
	}
	if n := p.NumLayers(); n != 4+11 {
		t.Errorf("%d layers: %v", n, p)
	}
	cid, _ := DHCPv6OptionOf(p, DHCPv6OptClientID)
	duid, _ := cid.DUID()
	if hw, _ := duid.HWType(); duid.Type() != DUIDTypeLLT || hw != 1 || cid.Title() != "DHCP6 Client Identifier Option" {
		t.Errorf("duid %v", duid)
	}
	if ll, _ := duid.LinkLayerAddr(); len(ll) != 6 {
		t.Errorf("lladdr %x", ll)
	}
	if tm, ok := duid.Time(); !ok || tm.Year() != 2026 {
		t.Errorf("duid time %v", tm)
	}
	iana, _ := DHCPv6OptionOf(p, DHCPv6OptIANA)
	ia, ok := iana.IA()
	if !ok || ia.IAID != 0x740cfdcc || len(ia.Options) != 1 {
		t.Fatalf("ia_na %+v %v", ia, ok)
	}
	if v, _ := iana.Get("T1"); v != uint32(3600) {
		t.Errorf("T1 %v", v)
	}
	addr, ok := ia.Options[0].IAAddr()
	if !ok || addr.Addr != netip.MustParseAddr("2001:db8:99:12::18e") {
		t.Errorf("iaaddr %+v", addr)
	}
	dl, _ := DHCPv6OptionOf(p, DHCPv6OptDomainList)
	if ds, ok := dl.Domains(); !ok || strings.Join(ds, " ") != "example.org. lab.example.org." {
		t.Errorf("domains %v", ds)
	}
	dns, _ := DHCPv6OptionOf(p, DHCPv6OptDNSServers)
	if as, ok := dns.Addrs(); !ok || len(as) != 2 {
		t.Errorf("dns %v", as)
	}
	st, _ := DHCPv6OptionOf(p, DHCPv6OptStatusCode)
	if c, m, ok := st.StatusCode(); !ok || c != DHCPv6StatusSuccess || m != "success" {
		t.Errorf("status %d %q", c, m)
	}
	for _, want := range []string{"###[ DHCPv6 Advertise Message ]###", "msgtype   = ADVERTISE",
		"###[ DHCP6 Identity Association for Non-temporary Addresses Option ]###", "iaid      = 0x740cfdcc",
		"ianaopts  = [DHCP6OptIAAddress(addr=2001:db8:99:12::18e, preflft=7200, validlft=7200)]",
		"dnsdomains= [example.org., lab.example.org.]", "statusmsg = b'success'", "fqdn      = 'client6.'"} {
		if !strings.Contains(p.Show(), want) {
			t.Errorf("show lacks %q:\n%s", want, p.Show())
		}
	}
}

func TestDHCPv6Relay(t *testing.T) {
	inner := NewDHCPv6()
	inner.TrID = 0xabcdef
	relay := &DHCPv6{MsgType: DHCPv6RelayForw, HopCount: 1, LinkAddr: netip.MustParseAddr("2001:db8::1"),
		PeerAddr: netip.MustParseAddr("fe80::2")}
	outer := &DHCPv6{MsgType: DHCPv6RelayForw, HopCount: 2, LinkAddr: netip.IPv6Unspecified(),
		PeerAddr: netip.MustParseAddr("2001:db8::1")}
	// A relay of a relay of the solicit.
	msg := DHCPv6RelayMsgOption(outer, DHCPv6RelayMsgOption(relay,
		DHCPv6RelayMsgOption(inner, DHCPv6ClientIDOption(DUIDEN(9, []byte("id"))), DHCPv6ElapsedTimeOption(5))))
	b, err := packet.New(NewDHCPv6Opt(msg)).Build()
	if err != nil {
		t.Fatal(err)
	}
	top, err := packet.Dissect(b, dhcp6Types[DHCPv6OptRelayMsg])
	if err != nil {
		t.Fatal(err)
	}
	m1, err := top.Layer(0).(*DHCPv6Opt).RelayMessage()
	if err != nil || m1.Layer(0).(*DHCPv6).HopCount != 2 {
		t.Fatalf("%v %v", m1, err)
	}
	o1, _ := DHCPv6OptionOf(m1, DHCPv6OptRelayMsg)
	m2, _ := o1.RelayMessage()
	o2, _ := DHCPv6OptionOf(m2, DHCPv6OptRelayMsg)
	m3, err := o2.RelayMessage()
	if err != nil || m3.String() != "DHCPv6 SOLICIT / DHCP6OptClientId / DHCP6OptElapsedTime" || m3.Layer(0).(*DHCPv6).TrID != 0xabcdef {
		t.Fatalf("%v %v", m3, err)
	}
	if et, _ := DHCPv6OptionOf(m3, DHCPv6OptElapsedTime); et == nil || et.Data[1] != 5 {
		t.Errorf("elapsed %v", et)
	}
	if s := top.Show(); !strings.Contains(s, "DHCP6_RelayForward(hopcount=1") || !strings.Contains(s, "DUID_EN(enterprisenum=9, id=b'id')") {
		t.Errorf("show:\n%s", s)
	}
	if _, err := (DHCPv6Option{Code: DHCPv6OptRelayMsg, Data: []byte{1}}).RelayMessage(); !errors.Is(err, packet.ErrTruncated) {
		t.Errorf("short relayed message: %v", err)
	}
	// Nesting deeper than Show follows is cut, not a crash.
	deep := DHCPv6RelayMsgOption(inner)
	for range 12 {
		deep = DHCPv6RelayMsgOption(&DHCPv6{MsgType: DHCPv6RelayRepl, LinkAddr: netip.IPv6Unspecified(), PeerAddr: netip.IPv6Unspecified()}, deep)
	}
	_ = deep.String()
}

func TestDHCPv6Malformed(t *testing.T) {
	for _, raw := range [][]byte{
		{1, 0, 0, 1, 0, 1, 0, 10, 1, 2},       // option longer than the message
		{1, 0, 0, 1, 0, 1, 0},                 // option header cut short
		{12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, // relay header cut short
		{1, 2},
	} {
		p, err := packet.Dissect(raw, DHCPv6Type)
		if !errors.Is(err, packet.ErrTruncated) {
			t.Errorf("%x: %v %v", raw, p, err)
		}
		if out, _ := p.Build(); !bytes.Equal(out, raw) {
			t.Errorf("%x: round trip %x", raw, out)
		}
	}
	// Sub-options that do not parse are reported by the accessor.
	if _, ok := (DHCPv6Option{Code: DHCPv6OptIANA, Data: []byte{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5}}).IA(); ok {
		t.Error("ia_na with a broken sub-option read")
	}
	if _, ok := (DHCPv6Option{Code: DHCPv6OptDomainList, Data: []byte{3, 'c', 'o', 'm'}}).Domains(); ok {
		t.Error("domain without root label read")
	}
	if s := (DHCPv6Option{Code: 999, Data: []byte{1}}).String(); s != "DHCP6OptUnknown(optcode=999, data=b'\\x01')" {
		t.Error(s)
	}
	// An unknown code is a DHCP6OptUnknown layer.
	p, err := packet.Dissect([]byte{1, 0, 0, 1, 0x12, 0x34, 0, 1, 9}, DHCPv6Type)
	if err != nil || p.String() != "DHCPv6 SOLICIT / DHCP6OptUnknown" {
		t.Errorf("%v %v", p, err)
	}
	// Past packet.MaxTunnel options of one kind, the rest stays Raw.
	many := []byte{1, 0, 0, 1}
	for range 20 {
		many = append(many, 0, 14, 0, 0)
	}
	p, err = packet.Dissect(many, DHCPv6Type)
	if err != nil || p.NumLayers() != 1+packet.MaxTunnel+1 {
		t.Errorf("%v %v", p, err)
	}
}

func TestDHCPv6OptionFields(t *testing.T) {
	pd := DHCPv6IAPDOption(5, 100, 200, DHCPv6IAPrefixOption(netip.MustParsePrefix("2001:db8:1200::/56"), 300, 400))
	ia, ok := pd.IA()
	if !ok || ia.T2 != 200 {
		t.Fatalf("%+v", ia)
	}
	pr, ok := ia.Options[0].IAPrefix()
	if !ok || pr.Prefix.String() != "2001:db8:1200::/56" || pr.Valid != 400 {
		t.Errorf("%+v", pr)
	}
	if c, ok := DHCPv6OROOption(23, 24).ORO(); !ok || len(c) != 2 || c[1] != 24 {
		t.Errorf("oro %v", c)
	}
	if ds, _ := DHCPv6DomainListOption("a.example", "b.example.").Domains(); strings.Join(ds, ",") != "a.example.,b.example." {
		t.Errorf("domains %v", ds)
	}
	llt := DUIDLLT(1, 3600, []byte{2, 0, 0, 0, 0, 1})
	if tm, _ := llt.Time(); !tm.Equal(time.Date(2000, 1, 1, 1, 0, 0, 0, time.UTC)) || llt.String() != "DUID_LLT(hwtype=1, timeval=3600, lladdr=02:00:00:00:00:01)" {
		t.Errorf("llt %v %s", tm, llt)
	}
	if e, id, ok := DUIDEN(311, []byte{1}).Enterprise(); !ok || e != 311 || !bytes.Equal(id, []byte{1}) {
		t.Errorf("en %d %x", e, id)
	}
	// Fields set by Scapy name write the option's data; the decoded
	// packet it came from is not touched.
	frame := apps1FrameOf(t, "dhcpv6", "generated/daemons/dhcpv6-ra.pcap", "15")
	orig := bytes.Clone(frame)
	p, _ := packet.Dissect(frame, EthernetType)
	iana, _ := DHCPv6OptionOf(p, DHCPv6OptIANA)
	for name, v := range map[string]any{"iaid": 7, "T1": "100", "T2": uint32(200)} {
		if err := iana.Set(name, v); err != nil {
			t.Errorf("set %s: %v", name, err)
		}
	}
	if !bytes.Equal(frame, orig) {
		t.Error("setting a field changed the decoded frame")
	}
	if ia, _ := iana.IA(); ia.IAID != 7 || ia.T1 != 100 || ia.T2 != 200 || len(ia.Options) != 1 {
		t.Errorf("%+v", ia)
	}
	fq := NewDHCPv6Opt(DHCPv6Option{Code: 39})
	if err := fq.Set("fqdn", "host.example"); err != nil || !bytes.Equal(fq.Data, []byte("\x00\x04host\x07example\x00")) {
		t.Errorf("fqdn %x %v", fq.Data, err)
	}
	if err := fq.Set("flags", "S"); err != nil || fq.Data[0] != 1 {
		t.Errorf("flags %x %v", fq.Data, err)
	}
	for _, c := range []uint16{1, 3, 5, 6, 7, 8, 13, 23, 24, 25, 26, 39, 79, 999} {
		o := NewDHCPv6Opt(DHCPv6Option{Code: c})
		if c != 999 {
			o = o.Proto().New().(*DHCPv6Opt) // Scapy's defaults
		}
		_ = o.Show()
		for _, f := range o.Proto().Fields {
			_ = f.JSON(o)
		}
	}
	et := dhcp6Specs[8].proto.New().(*DHCPv6Opt)
	if b, _ := packet.New(et).Build(); !bytes.Equal(b, []byte{0, 8, 0, 2, 0, 0}) {
		t.Errorf("elapsed time default %x", b)
	}
}

// FuzzDHCPv6 decodes DHCPv6 messages and frames: no panic, every input
// re-encodes byte for byte, and the accessors survive what decoded.
func FuzzDHCPv6(f *testing.F) {
	apps1Seeds(f, "dhcpv6", DHCPv6Type)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, first := range []packet.LayerType{DHCPv6Type, EthernetType} {
			p := apps1Fuzz(t, data, first)
			dhcp6TsharkPacket(apps1Values{}, p, 0)
		}
	})
}
