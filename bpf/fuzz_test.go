package bpf

import (
	"bufio"
	"encoding/binary"
	"os"
	"strings"
	"testing"
	"time"

	xbpf "golang.org/x/net/bpf"
)

var fuzzLinkTypes = []uint32{1, 101, 113, 228, 229, 276}

// fuzzPackets are run through every program the fuzz targets compile.
var fuzzPackets = [][]byte{
	tcpPacket(1234, 80),
	tcpPacket(80, 53)[:30],
	{},
	{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 1, 2, 3, 4, 5, 0x81, 0x00, 0x00, 0x64, 0x08, 0x00, 0x45},
}

func seedFilters(f *testing.F) []string {
	file, err := os.Open("testdata/filters.txt")
	if err != nil {
		f.Fatal(err)
	}
	defer file.Close()
	var out []string
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// FuzzCompile compiles arbitrary expressions: Compile must not panic,
// must finish in bounded time, must be deterministic, and every program
// it returns must be valid for the kernel and for the Matcher.
func FuzzCompile(f *testing.F) {
	for i, s := range seedFilters(f) {
		f.Add(s, uint8(i))
	}
	f.Add("((((((((((tcp))))))))))", uint8(0))
	f.Add("ip[ip[ip[ip[0]]]] = 1", uint8(0))
	f.Add("not not not not tcp", uint8(0))
	f.Add("host 1.2.3.4 or 5.6.7.8 or (9.9.9.9 and not 1.1.1.1)", uint8(0))
	f.Add("\\", uint8(0))
	f.Add("ip[0] - - - - 1 = 0", uint8(0))
	f.Fuzz(func(t *testing.T, expr string, lt uint8) {
		linkType := fuzzLinkTypes[int(lt)%len(fuzzLinkTypes)]
		start := time.Now()
		prog, err := Compile(expr, linkType, 0)
		if d := time.Since(start); d > 10*time.Second {
			t.Fatalf("%q: compile took %v", expr, d)
		}
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("%q: error %T is not *Error", expr, err)
			}
			msg := err.Error()
			if msg == "" || strings.ToLower(msg[:1]) != msg[:1] {
				t.Fatalf("%q: bad error message %q", expr, msg)
			}
			return
		}
		again, err := Compile(expr, linkType, 0)
		if err != nil || Disassemble(again) != Disassemble(prog) {
			t.Fatalf("%q: compiling twice gives different results", expr)
		}
		if len(prog) <= 4096 {
			if err := kernelCheck(prog); err != nil {
				t.Fatalf("%q: %v\n%s", expr, err, Disassemble(prog))
			}
		}
		m, err := NewMatcherProgram(prog)
		if err != nil {
			t.Fatalf("%q: %v", expr, err)
		}
		for _, p := range fuzzPackets {
			m.Run(p, len(p))
		}
	})
}

// FuzzMatcher runs arbitrary programs on arbitrary packets: programs the
// Matcher accepts must run without panicking, and with golang.org/x/net's
// VM (where it accepts them too) to the same verdict.
func FuzzMatcher(f *testing.F) {
	add := func(prog []xbpf.RawInstruction, pkt []byte) {
		b := make([]byte, 8*len(prog))
		for i, ins := range prog {
			binary.LittleEndian.PutUint16(b[8*i:], ins.Op)
			b[8*i+2] = ins.Jt
			b[8*i+3] = ins.Jf
			binary.LittleEndian.PutUint32(b[8*i+4:], ins.K)
		}
		f.Add(b, pkt)
	}
	for _, expr := range []string{"tcp port 80", "ip[2:2] - ((ip[0]&0xf)<<2) > 20", "vlan and host 10.0.0.2", "len > 30 and ip[ip[0]&0xf] = 1"} {
		prog := MustCompile(expr, LinkTypeEthernet, 0)
		for _, p := range fuzzPackets {
			add(prog, p)
		}
	}
	f.Fuzz(func(t *testing.T, code []byte, pkt []byte) {
		prog := make([]xbpf.RawInstruction, len(code)/8)
		for i := range prog {
			c := code[8*i:]
			prog[i] = xbpf.RawInstruction{Op: binary.LittleEndian.Uint16(c), Jt: c[2], Jf: c[3], K: binary.LittleEndian.Uint32(c[4:])}
		}
		m, err := NewMatcherProgram(prog)
		if err != nil {
			return
		}
		got := m.Run(pkt, len(pkt))
		// Compare with x/net's VM on the programs it runs (it has no
		// negation, and treats "ld len" as an extension).
		insts := make([]xbpf.Instruction, len(prog))
		for i, r := range prog {
			insts[i] = r.Disassemble()
			switch insts[i].(type) {
			case xbpf.LoadExtension, xbpf.RawInstruction:
				return
			}
		}
		vm, err := xbpf.NewVM(insts)
		if err != nil {
			return
		}
		want, err := vm.Run(pkt)
		if err != nil {
			return
		}
		if uint32(want) != got {
			t.Fatalf("Matcher returns %d, x/net VM %d\n%s", got, want, Disassemble(prog))
		}
	})
}
