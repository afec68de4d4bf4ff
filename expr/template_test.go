package expr

import (
	"bytes"
	"errors"
	"math"
	"net/netip"
	"testing"

	"github.com/goscapy/goscapy/layers"
	"github.com/goscapy/goscapy/packet"
)

func first(t *testing.T, s string) *packet.Packet {
	t.Helper()
	tpl, err := Parse(s)
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	p, err := tpl.First()
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return p
}

func TestCountAndLaziness(t *testing.T) {
	for _, c := range []struct {
		in string
		n  int
	}{
		{"IP()", 1},
		{"IP(ttl=(1,5))", 5},
		{"IP(ttl=(1,10,3))", 4},  // 1 4 7 10
		{"IP(ttl=(10,1,-3))", 3}, // range(10, 2, -3): 10 7 4
		{"IP(ttl=(5,1))", 0},
		{"IP(ttl=[1,(3,5),9])", 5},
		{"IP(dst='10.0.0.0/24')/TCP(dport=[80,443])", 512},
		{"IP(dst='10.0.0.0/16')/TCP(dport=(1,1000))", 65536000},
		{"IPv6(dst='2001:db8::/64')", math.MaxInt},
		{"IP(dst='10.0.0.0/8', ttl=(1,255))/TCP(dport=(1,65535), sport=(1,65535))/IP(dst='0.0.0.0/1')", math.MaxInt},
		{"IP(src=RandIP(), ttl=[1,2])/TCP(sport=RandShort())", 2},
		{"IP()/TCP(dport=[])", 0},
	} {
		tpl, err := Parse(c.in)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if tpl.Count() != c.n {
			t.Errorf("%s: Count %d, want %d", c.in, tpl.Count(), c.n)
		}
	}
	// a /16 by a thousand ports: the packets come one at a time, and
	// stopping early stops the expansion
	tpl, _ := Parse("IP(src='10.1.1.1', dst='10.0.0.0/16')/TCP(dport=(1,1000))")
	n := 0
	for i, p := range tpl.All() {
		tcp, _ := packet.LayerOf[*layers.TCP](p)
		ip, _ := packet.LayerOf[*layers.IPv4](p)
		if tcp.DstPort != uint16(i%1000+1) || ip.Dst != netip.AddrFrom4([4]byte{10, 0, byte(i / 1000 / 256), byte(i / 1000 % 256)}) {
			t.Fatalf("packet %d: %v", i, p)
		}
		if n++; n == 2500 {
			break
		}
	}
	if _, err := Parse("IP()/TCP(dport=[])"); err != nil {
		t.Fatal(err)
	}
	if _, err := MustParse("IP()/TCP(dport=[])").First(); !errors.Is(err, ErrNoPackets) {
		t.Errorf("First of nothing: %v", err)
	}
	if _, err := MustParse("IP()/TCP(dport=[])").Packet().Build(); !errors.Is(err, ErrNoPackets) {
		t.Errorf("Packet of nothing: %v", err)
	}
}

func TestRandomValues(t *testing.T) {
	tpl := MustParse(`Ether(src=RandMAC("02:00:*:*:*:*"))/IP(src=RandIP("10.0.0.0/8"), dst="192.0.2.1", id=RandShort(), ttl=RandByte(), tos=RandNum(4,8))/UDP(sport=RandNum(1024,1030), dport=[1,2,3,4,5,6,7,8])/Raw(load=RandString(12))`)
	if tpl.Count() != 8 || !tpl.Volatile() {
		t.Fatalf("Count %d volatile %v", tpl.Count(), tpl.Volatile())
	}
	ids := map[uint16]bool{}
	for _, p := range tpl.All() {
		e, _ := packet.LayerOf[*layers.Ethernet](p)
		ip, _ := packet.LayerOf[*layers.IPv4](p)
		udp, _ := packet.LayerOf[*layers.UDP](p)
		raw, _ := packet.LayerOf[*packet.Raw](p)
		if e.Src[0] != 2 || e.Src[1] != 0 {
			t.Errorf("mac %v", e.Src)
		}
		if ip.Src.As4()[0] != 10 || ip.TOS < 4 || ip.TOS > 8 || udp.SrcPort < 1024 || udp.SrcPort > 1030 || len(raw.Load) != 12 {
			t.Errorf("values %v %d %d %q", ip.Src, ip.TOS, udp.SrcPort, raw.Load)
		}
		for _, c := range raw.Load {
			if !bytes.ContainsRune([]byte(alnum), rune(c)) {
				t.Errorf("RandString byte %q", c)
			}
		}
		ids[ip.ID] = true
	}
	if len(ids) < 6 {
		t.Errorf("RandShort drew %d distinct values in 8 packets", len(ids))
	}
	// Seed: the same values on every expansion
	build := func(tpl *Template) []byte {
		var all []byte
		for _, p := range tpl.All() {
			b, err := p.Build()
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, b...)
		}
		return all
	}
	tpl.Seed(42)
	a, b := build(tpl), build(tpl)
	if !bytes.Equal(a, b) {
		t.Error("seeded expansions differ")
	}
	if c := build(MustParse(tpl.String()).Seed(42)); !bytes.Equal(a, c) {
		t.Error("String of a random template reads back to other values")
	}
	if d := build(tpl.Seed(43)); bytes.Equal(a, d) {
		t.Error("seeds 42 and 43 draw the same values")
	}
	// without a seed, two expansions differ
	u := MustParse(`IP(id=RandShort(), src=RandIP())/TCP(seq=RandInt())`)
	if bytes.Equal(build(u), build(u)) {
		t.Error("unseeded expansions are equal")
	}
	// RandChoice and RandIP6
	p := first(t, `IPv6(src=RandIP6("2001:db8::/64"))/TCP(dport=RandChoice(22, 80))`)
	v6, _ := packet.LayerOf[*layers.IPv6](p)
	tcp, _ := packet.LayerOf[*layers.TCP](p)
	if !netip.MustParsePrefix("2001:db8::/64").Contains(v6.Src) || tcp.DstPort != 22 && tcp.DstPort != 80 {
		t.Errorf("%v %d", v6.Src, tcp.DstPort)
	}
}

// TestFuzz: fuzz() draws every field left unset, computed fields stay
// computed (the packet builds with correct lengths and checksums).
func TestFuzz(t *testing.T) {
	tpl := MustParse(`IP(src="10.0.0.1", dst="10.0.0.2")/fuzz(TCP(dport=80))`).Seed(1)
	seqs := map[uint32]bool{}
	for i := 0; i < 20; i++ {
		tpl.Seed(int64(i))
		p, err := tpl.First()
		if err != nil {
			t.Fatal(err)
		}
		b, err := p.Build()
		if err != nil {
			t.Fatal(err)
		}
		q, err := packet.Dissect(b, layers.IPv4Type)
		if err != nil {
			t.Fatal(err)
		}
		tcp, ok := packet.LayerOf[*layers.TCP](q)
		if !ok || tcp.DstPort != 80 {
			t.Fatalf("dport %v", q)
		}
		if !tcp.Checksum.Valid {
			t.Fatal("no checksum")
		}
		// the checksum is computed: rebuilding the decoded packet with the
		// checksum unset gives the same bytes
		tcp.Checksum.Unset()
		tcp.DataOffset.Unset()
		again, _ := q.Build()
		if !bytes.Equal(again, b) {
			t.Errorf("computed fields were drawn:\n%x\n%x", b, again)
		}
		seqs[tcp.Seq] = true
	}
	if len(seqs) < 15 {
		t.Errorf("fuzz drew %d distinct sequence numbers in 20 packets", len(seqs))
	}
	// a payload's load is drawn too
	rt := MustParse(`IP()/fuzz(Raw())`)
	lens := map[int]bool{}
	for i := 0; i < 10; i++ {
		p, err := rt.Seed(int64(i)).First()
		if err != nil {
			t.Fatal(err)
		}
		r, _ := p.Layer(1).(*packet.Raw)
		lens[len(r.Load)] = true
	}
	if len(lens) < 5 {
		t.Errorf("fuzz(Raw()) drew %d distinct lengths in 10 packets", len(lens))
	}
	// the fields set stay set; outside fuzz() nothing is drawn
	p := first(t, `fuzz(IP(ttl=7))/TCP()`)
	ip, _ := packet.LayerOf[*layers.IPv4](p)
	tcp, _ := packet.LayerOf[*layers.TCP](p)
	if ip.TTL != 7 || tcp.DstPort != 80 || tcp.SrcPort != 20 || tcp.Window != 8192 {
		t.Errorf("%+v %+v", ip, tcp)
	}
}

// TestValues checks what the values of the language set.
func TestValues(t *testing.T) {
	p := first(t, `Ether(dst=ff:ff:ff:ff:ff:ff, src="02:00:00:00:00:01", type=None)/IP(flags="DF", tos=0b101, ttl=0o17, id=0x10_00, proto="tcp", chksum=None)/TCP(flags="S+A", dport="https", options=[("MSS",1460),("WScale",7),("SAckOK",b""),("Timestamp",(1,2)),("NOP",None),("SAck",(10,20))])/"a\tb\x41\u00e9"`)
	ip, _ := packet.LayerOf[*layers.IPv4](p)
	tcp, _ := packet.LayerOf[*layers.TCP](p)
	raw, _ := packet.LayerOf[*packet.Raw](p)
	if ip.Flags != layers.IPv4DontFragment || ip.TOS != 5 || ip.TTL != 15 || ip.ID != 0x1000 || ip.Protocol.Value != 6 || ip.Checksum.Valid {
		t.Errorf("ip %+v", ip)
	}
	if tcp.Flags != layers.TCPSyn|layers.TCPAck || tcp.DstPort != 443 || tcp.NumOptions() != 6 {
		t.Errorf("tcp %+v", tcp)
	}
	if string(raw.Load) != "a\tbA\xc3\xa9" {
		t.Errorf("payload %q", raw.Load)
	}
	// bytes and str payloads, concatenation and repetition
	p = first(t, `Raw(load=b'\x00'*3+b'ab')/("xy"*2)`)
	if r, _ := p.Layer(0).(*packet.Raw); string(r.Load) != "\x00\x00\x00ab" {
		t.Errorf("%q", r.Load)
	}
	if r, _ := p.Layer(1).(*packet.Raw); string(r.Load) != "xyxy" {
		t.Errorf("%q", r.Load)
	}
	// mac2str, the import idiom, module-qualified names
	p = first(t, `(M:=__import__('scapy.contrib.igmp', fromlist=['*'])) and (IP(dst="224.0.0.1")/M.IGMP(gaddr="224.0.0.1")/Raw(load=mac2str("02:00:00:00:00:01")))`)
	if r, _ := p.Layer(2).(*packet.Raw); !bytes.Equal(r.Load, []byte{2, 0, 0, 0, 0, 1}) || p.Layer(1).Proto().Name != "IGMP" {
		t.Errorf("%v", p)
	}
	// Python's raw strings and octal escapes
	p = first(t, `Raw(load=r'\x41')/Raw(load=b'\101\0')`)
	if r, _ := p.Layer(0).(*packet.Raw); string(r.Load) != `\x41` {
		t.Errorf("%q", r.Load)
	}
	if r, _ := p.Layer(1).(*packet.Raw); string(r.Load) != "A\x00" {
		t.Errorf("%q", r.Load)
	}
}

// TestConcurrentAll: goroutines may expand one template at once.
func TestConcurrentAll(t *testing.T) {
	tpl := MustParse(`IP(src=RandIP(), dst="10.0.0.0/28")/TCP(dport=[22,80], options=[("MSS",1460)])/"x"`)
	done := make(chan int)
	for g := 0; g < 4; g++ {
		go func() {
			n := 0
			for _, p := range tpl.All() {
				if _, err := p.Build(); err == nil {
					n++
				}
			}
			done <- n
		}()
	}
	for g := 0; g < 4; g++ {
		if n := <-done; n != 32 {
			t.Errorf("goroutine built %d packets, want 32", n)
		}
	}
}
