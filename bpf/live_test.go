package bpf

import (
	"errors"
	"testing"

	xbpf "golang.org/x/net/bpf"
)

// liveMeta is what a Linux packet socket knows of a frame's outer VLAN
// tag after removing it from the data.
type liveMeta struct {
	present bool
	tci     uint16
}

// runLive is a classic BPF interpreter with the VLAN ancillary loads,
// written from linux/filter.h and the kernel's semantics (a load out of
// the packet rejects it), to compare live programs by their verdicts.
func runLive(prog []xbpf.RawInstruction, pkt []byte, md liveMeta) uint32 {
	var a, x uint32
	var mem [16]uint32
	load := func(off uint32, size uint16) (uint32, bool) {
		n := uint32(4)
		switch size {
		case szH:
			n = 2
		case szB:
			n = 1
		}
		if off > uint32(len(pkt)) || uint32(len(pkt))-off < n {
			return 0, false
		}
		var v uint32
		for i := uint32(0); i < n; i++ {
			v = v<<8 | uint32(pkt[off+i])
		}
		return v, true
	}
	for pc := 0; pc < len(prog); pc++ {
		in := prog[pc]
		switch bpfClass(in.Op) {
		case clsLD:
			var ok bool
			switch bpfMode(in.Op) {
			case mIMM:
				a, ok = in.K, true
			case mLEN:
				a, ok = uint32(len(pkt)), true
			case mMEM:
				a, ok = mem[in.K&15], true
			case mABS:
				switch in.K {
				case ancVlanTagPresent:
					a, ok = 0, true
					if md.present {
						a = 1
					}
				case ancVlanTag:
					a, ok = uint32(md.tci), true
				default:
					a, ok = load(in.K, bpfSize(in.Op))
				}
			case mIND:
				a, ok = load(in.K+x, bpfSize(in.Op))
			}
			if !ok {
				return 0
			}
		case clsLDX:
			switch bpfMode(in.Op) {
			case mIMM:
				x = in.K
			case mLEN:
				x = uint32(len(pkt))
			case mMEM:
				x = mem[in.K&15]
			case mMSH:
				v, ok := load(in.K, szB)
				if !ok {
					return 0
				}
				x = (v & 0xf) * 4
			}
		case clsST:
			mem[in.K&15] = a
		case clsSTX:
			mem[in.K&15] = x
		case clsALU:
			v := in.K
			if bpfSrc(in.Op) == srcX {
				v = x
			}
			if bpfOp(in.Op) == aluNEG {
				a = -a
				break
			}
			r, msg := aluFold(bpfOp(in.Op), a, v)
			if msg != "" {
				return 0
			}
			a = r
		case clsJMP:
			if bpfOp(in.Op) == jmpJA {
				pc += int(in.K)
				break
			}
			v := in.K
			if bpfSrc(in.Op) == srcX {
				v = x
			}
			if evalJump(bpfOp(in.Op), a, v) {
				pc += int(in.Jt)
			} else {
				pc += int(in.Jf)
			}
		case clsRET:
			if in.Op == clsRET|retA {
				return a
			}
			return in.K
		case clsMISC:
			if in.Op&0xf8 == miscTXA {
				a = x
			} else {
				x = a
			}
		}
	}
	return 0
}

type liveFrame struct {
	name string
	data []byte
	md   liveMeta
}

// liveFrames builds frames as a packet socket sees them: with no tag,
// with tags in the data, with the outer tag in the metadata (and maybe
// another in the data), carrying IPv4 and IPv6 TCP and UDP, ICMP, ARP
// and IPv4 fragments, some cut short.
func liveFrames() []liveFrame {
	be16 := func(b []byte, v uint16) []byte { return append(b, byte(v>>8), byte(v)) }
	l4 := func(sport, dport uint16) []byte {
		b := be16(be16(nil, sport), dport)
		return append(b, make([]byte, 16)...)
	}
	ipv4 := func(proto byte, frag uint16, src, dst [4]byte, pl []byte) []byte {
		b := []byte{0x45, 0, 0, byte(20 + len(pl)), 0, 1}
		b = be16(b, frag)
		b = append(b, 64, proto, 0, 0)
		b = append(b, src[:]...)
		b = append(b, dst[:]...)
		return append(b, pl...)
	}
	ipv6 := func(next byte, pl []byte) []byte {
		b := []byte{0x60, 0, 0, 0, 0, byte(len(pl)), next, 64}
		b = append(b, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)
		b = append(b, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2)
		return append(b, pl...)
	}
	a, bb := [4]byte{198, 18, 1, 2}, [4]byte{198, 18, 1, 3}
	type l3 struct {
		name  string
		etype uint16
		data  []byte
	}
	payloads := []l3{
		{"tcp80", 0x0800, ipv4(6, 0, a, bb, l4(40000, 80))},
		{"tcp8000", 0x0800, ipv4(6, 0, bb, a, l4(8000, 22))},
		{"udp53", 0x0800, ipv4(17, 0, a, bb, l4(5353, 53))},
		{"icmp", 0x0800, ipv4(1, 0, [4]byte{1, 2, 3, 4}, [4]byte{224, 0, 0, 1}, make([]byte, 8))},
		{"frag", 0x0800, ipv4(6, 0x0010, a, bb, l4(1, 80))},
		{"tcp6", 0x86dd, ipv6(6, l4(80, 40000))},
		{"udp6", 0x86dd, ipv6(17, l4(53, 53))},
		{"arp", 0x0806, make([]byte, 28)},
		{"short4", 0x0800, []byte{0x45, 0, 0}},
	}
	eth := func(dst byte) []byte {
		return []byte{dst, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1}
	}
	var out []liveFrame
	for _, p := range payloads {
		for _, dst := range []byte{0x02, 0xff, 0x01} {
			add := func(name string, data []byte, md liveMeta) {
				out = append(out, liveFrame{p.name + "/" + name, data, md})
			}
			plain := be16(eth(dst), p.etype)
			plain = append(plain, p.data...)
			add("untagged", plain, liveMeta{})
			for _, tci := range []uint16{0, 10, 20, 100} {
				add("meta", plain, liveMeta{true, 0x2000 | tci})
				for _, tpid := range []uint16{0x8100, 0x88a8} {
					tagged := be16(be16(be16(eth(dst), tpid), tci), p.etype)
					tagged = append(tagged, p.data...)
					add("data", tagged, liveMeta{})
					add("meta+data", tagged, liveMeta{true, 10})
					double := be16(be16(be16(be16(be16(eth(dst), tpid), 10), 0x8100), tci), p.etype)
					double = append(double, p.data...)
					add("double", double, liveMeta{})
				}
			}
		}
	}
	return out
}

// TestLiveVlanVerdicts checks the live programs of a few expressions on
// frames as a packet socket sees them, against verdicts derived by hand
// from pcap-filter(7): the outer tag may be in the metadata or in the
// data, and the headers after "vlan" are found either way. The offline
// program must miss the tags that are in the metadata.
func TestLiveVlanVerdicts(t *testing.T) {
	frames := liveFrames()
	byName := func(name string, md liveMeta) liveFrame {
		for _, f := range frames {
			if f.name == name && f.md == md && f.data[0] == 0x02 {
				return f
			}
		}
		t.Fatalf("no frame %s %+v", name, md)
		return liveFrame{}
	}
	none := liveMeta{}
	meta10, meta20 := liveMeta{true, 0x2000 | 10}, liveMeta{true, 0x2000 | 20}
	cases := []struct {
		expr  string
		frame string
		md    liveMeta
		want  bool
	}{
		{"vlan", "tcp80/untagged", none, false},
		{"vlan", "tcp80/meta", meta10, true},
		{"vlan 10", "tcp80/meta", meta10, true},
		{"vlan 10", "tcp80/meta", meta20, false},
		{"vlan 20", "tcp80/meta", meta20, true},
		{"not vlan", "tcp80/meta", meta10, false},
		{"not vlan", "tcp80/untagged", none, true},
		{"vlan and tcp port 80", "tcp80/meta", meta10, true},
		{"vlan and tcp port 80", "udp53/meta", meta10, false},
		{"vlan and udp port 53", "udp53/meta", meta20, true},
		{"vlan and ip6 and tcp", "tcp6/meta", meta10, true},
		{"vlan 10 and host 198.18.1.3", "tcp80/meta", meta10, true},
		{"vlan 10 and host 198.18.1.9", "tcp80/meta", meta10, false},
	}
	for _, c := range cases {
		prog, err := CompileLive(c.expr, LinkTypeEthernet, 0)
		if err != nil {
			t.Fatalf("%q: %v", c.expr, err)
		}
		f := byName(c.frame, c.md)
		if got := runLive(prog, f.data, f.md) != 0; got != c.want {
			t.Errorf("%q on %s %+v: %v, want %v\n%s", c.expr, c.frame, c.md, got, c.want, Disassemble(prog))
		}
		if c.md.present {
			off := MustCompile(c.expr, LinkTypeEthernet, 0)
			if runLive(off, f.data, f.md) != 0 && c.expr != "not vlan" {
				t.Errorf("%q: the offline program accepts a frame whose tag is in the metadata", c.expr)
			}
		}
	}
	// A tag in the data is found too ("vlan 10 and vlan 20": the
	// metadata holds 10, the frame 20).
	prog := mustCompileLive("vlan 10 and vlan 20 and tcp", LinkTypeEthernet, 0)
	for _, f := range frames {
		want := f.md == liveMeta{true, 10} && f.name == "tcp80/meta+data" && len(f.data) > 15 && f.data[15] == 20
		if got := runLive(prog, f.data, f.md) != 0; got != want && f.name == "tcp80/meta+data" {
			t.Errorf("vlan 10 and vlan 20 and tcp on %s %+v: %v, want %v", f.name, f.md, got, want)
		}
	}
}

// mustCompileLive is CompileLive for tests; it panics on error.
func mustCompileLive(expr string, lt uint32, snaplen int) []xbpf.RawInstruction {
	p, err := CompileLive(expr, lt, snaplen)
	if err != nil {
		panic(err)
	}
	return p
}

// TestMatcherRefusesLiveVlan: a Matcher has no metadata to run the
// ancillary loads of a live program on.
func TestMatcherRefusesLiveVlan(t *testing.T) {
	if _, err := NewMatcherProgram(mustCompileLive("vlan 10", LinkTypeEthernet, 0)); !errors.Is(err, ErrProgram) {
		t.Errorf("NewMatcherProgram(live vlan 10): %v, want ErrProgram", err)
	}
	if _, err := NewMatcherProgram(mustCompileLive("tcp port 80", LinkTypeEthernet, 0)); err != nil {
		t.Errorf("NewMatcherProgram(live tcp port 80): %v", err)
	}
}
