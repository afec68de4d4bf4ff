package bpf

import (
	"errors"
	"strings"
	"testing"

	xbpf "golang.org/x/net/bpf"
)

func TestEmptyExpressionAcceptsAll(t *testing.T) {
	for _, expr := range []string{"", "  ", "\t\n"} {
		prog, err := Compile(expr, LinkTypeEthernet, 0)
		if err != nil {
			t.Fatalf("%q: %v", expr, err)
		}
		want := []xbpf.RawInstruction{{Op: 0x06, K: DefaultSnaplen}}
		if len(prog) != 1 || prog[0] != want[0] {
			t.Fatalf("%q: got %v, want %v", expr, prog, want)
		}
	}
	prog := MustCompile("", LinkTypeEthernet, 96)
	if prog[0].K != 96 {
		t.Fatalf("snaplen 96: got %v", prog)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		expr string
		kind error
		msg  string
	}{
		{"tcp and port", ErrSyntax, `syntax error at 12: expected a port number or name after "port", found end of expression`},
		{"port", ErrSyntax, `syntax error at 4: expected a port number or name after "port"`},
		{"host", ErrSyntax, `syntax error at 4: expected an address after "host"`},
		{"tcp )", ErrSyntax, "syntax error at 4: unbalanced ')'"},
		{"( tcp", ErrSyntax, "syntax error at 5: expected ')'"},
		{"tcp tcp", ErrSyntax, `syntax error at 4: expected 'and' or 'or', found "tcp"`},
		{"10.0.0.1", ErrSyntax, "syntax error at 0: \"10.0.0.1\" needs a qualifier"},
		{"tcp and 80", ErrSyntax, "syntax error at 8"},
		{"ip[1", ErrSyntax, "syntax error at 4: expected ']'"},
		{"ip[1] =", ErrSyntax, "syntax error at 7"},
		{"len", ErrSyntax, "syntax error at 3: expected a comparison operator"},
		{"ip[0:3] = 1", ErrInvalid, "data size must be 1, 2, or 4"},
		{"port 70000", ErrInvalid, "invalid filter at 5: illegal port number 70000 > 65535"},
		{"tcp host 1.2.3.4", ErrInvalid, "'tcp' modifier applied to host"},
		{"ip[0] / 0 = 1", ErrInvalid, "division by zero"},
		{"ip[0] % 0 = 1", ErrInvalid, "modulus by zero"},
		{"ip[0] << 32 = 1", ErrInvalid, "shift by more than 31 bits"},
		{"net 10.0.0.1/8", ErrInvalid, `non-network bits set in "10.0.0.1/8"`},
		{"host 10.0.0.0/8", ErrInvalid, "mask syntax for networks only"},
		{"vlan 4096", ErrInvalid, "VLAN tag 4096 greater than maximum 4095"},
		{"port nosuchservice", ErrInvalid, "unknown port 'nosuchservice'"},
		{"udp port http", ErrInvalid, "port 'http' is tcp"},
		{"ip proto nosuch", ErrInvalid, "unknown ip proto 'nosuch'"},
		{"ether host 1.2.3.4", ErrInvalid, "illegal link layer address"},
		{"ip and arp", ErrRejectsAll, "expression rejects all packets"},
		{"host example.com", ErrUnsupported, "host names are not resolved"},
		{"ip protochain 6", ErrUnsupported, "protochain"},
		{"type mgt", ErrUnsupported, `"type" is not supported`},
		{"geneve", ErrUnsupported, "geneve"},
		{"ip[0x100000000] = 1", ErrSyntax, "number 0x100000000 overflows 32 bits"},
		{"ip[09] = 1", ErrSyntax, "non-octal digit"},
		{"host fe80::1::2", ErrSyntax, `expected 'and' or 'or', found "::2"`},
		{"ether host 1:2:3:4:5", ErrSyntax, "bogus ethernet address"},
		{"tcp # comment", ErrSyntax, "illegal character '#'"},
	}
	for _, c := range cases {
		_, err := Compile(c.expr, LinkTypeEthernet, 0)
		if err == nil {
			t.Errorf("%q: no error, want %v", c.expr, c.kind)
			continue
		}
		if !errors.Is(err, c.kind) {
			t.Errorf("%q: error %v is not %v", c.expr, err, c.kind)
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%q: error %T is not *Error", c.expr, err)
		}
		if !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q: error %q does not contain %q", c.expr, err, c.msg)
		}
		if msg := err.Error(); msg != "" && strings.ToLower(msg[:1]) != msg[:1] {
			t.Errorf("%q: error %q does not start lowercase", c.expr, msg)
		}
	}
}

func TestUnsupportedLinkType(t *testing.T) {
	_, err := Compile("ip", 105, 0)
	if !errors.Is(err, ErrUnsupported) {
		t.Fatalf("got %v, want ErrUnsupported", err)
	}
	for _, lt := range []uint32{1, 12, 14, 101, 113, 228, 229, 276} {
		if _, err := Compile("", lt, 0); err != nil {
			t.Errorf("link type %d: %v", lt, err)
		}
	}
	if _, err := Compile("vlan", LinkTypeLinuxSLL, 0); !errors.Is(err, ErrInvalid) {
		t.Errorf("vlan on SLL: got %v, want ErrInvalid", err)
	}
}

func TestMustCompilePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("MustCompile did not panic on a bad expression")
		}
	}()
	MustCompile("port", LinkTypeEthernet, 0)
}

func TestCompileInstructions(t *testing.T) {
	insts, err := CompileInstructions("ip", LinkTypeEthernet, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []xbpf.Instruction{
		xbpf.LoadAbsolute{Off: 12, Size: 2},
		xbpf.JumpIf{Cond: xbpf.JumpNotEqual, Val: 0x800, SkipTrue: 1},
		xbpf.RetConstant{Val: DefaultSnaplen},
		xbpf.RetConstant{Val: 0},
	}
	if len(insts) != len(want) {
		t.Fatalf("got %v", insts)
	}
	for i := range want {
		if insts[i] != want[i] {
			t.Errorf("instruction %d: got %#v, want %#v", i, insts[i], want[i])
		}
	}
	raw, err := xbpf.Assemble(insts)
	if err != nil {
		t.Fatal(err)
	}
	prog := MustCompile("ip", LinkTypeEthernet, 0)
	for i := range raw {
		if raw[i] != prog[i] {
			t.Errorf("reassembled instruction %d: %v != %v", i, raw[i], prog[i])
		}
	}
}

// TestQualifierInheritance checks that an id without qualifiers takes
// those of the primitive before it, as in "host a or b".
func TestQualifierInheritance(t *testing.T) {
	pairs := [][2]string{
		{"host 10.0.0.1 or 10.0.0.2", "host 10.0.0.1 or host 10.0.0.2"},
		{"tcp dst port 80 or 443", "tcp dst port 80 or tcp dst port 443"},
		{"not host 10.0.0.1 and 10.0.0.2", "not host 10.0.0.1 and host 10.0.0.2"},
		{"host 10.0.0.1 and not 10.0.0.2", "host 10.0.0.1 and not host 10.0.0.2"},
		{"port (80 or 443)", "port 80 or port 443"},
		{"src net (10.0.0.0/8 or 192.168.0.0/16)", "src net 10.0.0.0/8 or src net 192.168.0.0/16"},
		{"tcp src port 80 or dst 10.0.0.1", "tcp src port 80 or dst host 10.0.0.1"},
		{"ip[0] & 0xf != 5", "(ip[0] & 0xf) != 5"},
		{"ip[0] & 1 ^ 2 = 0", "ip[0] & (1 ^ 2) = 0"},
		{"ip[2:2] * 2 % 3 = 0", "ip[2:2] * (2 % 3) = 0"},
		{"tcp or udp and ip6", "(tcp or udp) and ip6"},
		{"not tcp or udp", "(not tcp) or udp"},
	}
	for _, p := range pairs {
		a, err := Compile(p[0], LinkTypeEthernet, 0)
		if err != nil {
			t.Errorf("%q: %v", p[0], err)
			continue
		}
		b, err := Compile(p[1], LinkTypeEthernet, 0)
		if err != nil {
			t.Errorf("%q: %v", p[1], err)
			continue
		}
		if Disassemble(a) != Disassemble(b) {
			t.Errorf("%q and %q compile differently:\n%s\n%s", p[0], p[1], Disassemble(a), Disassemble(b))
		}
	}
}

// TestKernelConstraints checks what the kernel's checker requires of
// compiled programs: at most 4096 instructions for these filters, jumps
// forward within the program, a return at the end, and scratch memory
// written before it is read on every path.
func TestKernelConstraints(t *testing.T) {
	exprs := loadFilters(t)
	for _, lt := range []uint32{1, 101, 113, 228, 229, 276} {
		for _, expr := range exprs {
			prog, err := Compile(expr, lt, 0)
			if err != nil {
				continue
			}
			if err := kernelCheck(prog); err != nil {
				t.Errorf("%q (link type %d): %v\n%s", expr, lt, err, Disassemble(prog))
			}
		}
	}
}

func kernelCheck(prog []xbpf.RawInstruction) error {
	if len(prog) == 0 || len(prog) > 4096 {
		return errors.New("bad length")
	}
	if prog[len(prog)-1].Op&7 != clsRET {
		return errors.New("does not end with a return")
	}
	// written[pc] is the set of memory cells written on every path to pc.
	const all = 0xffff
	written := make([]uint32, len(prog)+1)
	for i := range written {
		written[i] = all
	}
	written[0] = 0
	for pc, ins := range prog {
		w := written[pc]
		switch ins.Op {
		case clsLD | mMEM, clsLDX | mMEM:
			if ins.K >= 16 || w&(1<<ins.K) == 0 {
				return errors.New("scratch memory read before it is written")
			}
		case clsST, clsSTX:
			if ins.K >= 16 {
				return errors.New("scratch memory index out of range")
			}
			w |= 1 << ins.K
		}
		next := func(t int) error {
			if t <= pc || t >= len(prog) {
				return errors.New("jump out of range")
			}
			written[t] &= w
			return nil
		}
		switch {
		case ins.Op&7 == clsRET:
		case ins.Op == clsJMP|jmpJA:
			if err := next(pc + 1 + int(ins.K)); err != nil {
				return err
			}
		case ins.Op&7 == clsJMP:
			if err := next(pc + 1 + int(ins.Jt)); err != nil {
				return err
			}
			if err := next(pc + 1 + int(ins.Jf)); err != nil {
				return err
			}
		default:
			if err := next(pc + 1); err != nil {
				return err
			}
		}
	}
	return nil
}

func TestLongJumps(t *testing.T) {
	var parts []string
	for i := 1; i <= 300; i++ {
		parts = append(parts, "port "+itoa(i))
	}
	prog, err := Compile(strings.Join(parts, " or "), LinkTypeEthernet, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(prog) < 300 {
		t.Fatalf("program unexpectedly short: %d", len(prog))
	}
	if err := kernelCheck(prog); err != nil {
		t.Fatal(err)
	}
	m, err := NewMatcherProgram(prog)
	if err != nil {
		t.Fatal(err)
	}
	pkt := tcpPacket(1000, 300)
	if !m.Match(pkt) {
		t.Error("port 300 not matched")
	}
	if m.Match(tcpPacket(1000, 301)) {
		t.Error("port 301 matched")
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

// tcpPacket returns an Ethernet/IPv4/TCP frame with the given ports.
func tcpPacket(sport, dport uint16) []byte {
	p := []byte{
		0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,
		0x45, 0, 0, 40, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
		byte(sport >> 8), byte(sport), byte(dport >> 8), byte(dport), 0, 0, 0, 0, 0, 0, 0, 0, 0x50, 0x02, 0x20, 0, 0, 0, 0, 0,
	}
	return p
}

func TestMatcherSemantics(t *testing.T) {
	raw := func(insts ...xbpf.Instruction) []xbpf.RawInstruction {
		p, err := xbpf.Assemble(insts)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	pkt := []byte{1, 2, 3, 4, 5, 6, 7, 8}
	cases := []struct {
		name string
		prog []xbpf.RawInstruction
		want uint32
	}{
		{"ret k", raw(xbpf.RetConstant{Val: 7}), 7},
		{"load word", raw(xbpf.LoadAbsolute{Off: 0, Size: 4}, xbpf.RetA{}), 0x01020304},
		{"load out of bounds", raw(xbpf.LoadAbsolute{Off: 5, Size: 4}, xbpf.RetConstant{Val: 1}), 0},
		{"load at end", raw(xbpf.LoadAbsolute{Off: 4, Size: 4}, xbpf.RetA{}), 0x05060708},
		{"indirect", raw(xbpf.LoadConstant{Dst: xbpf.RegX, Val: 6}, xbpf.LoadIndirect{Off: 1, Size: 1}, xbpf.RetA{}), 8},
		{"indirect out of bounds", raw(xbpf.LoadConstant{Dst: xbpf.RegX, Val: 0xffffffff}, xbpf.LoadIndirect{Off: 2, Size: 1}, xbpf.RetConstant{Val: 1}), 0},
		{"msh", raw(xbpf.LoadMemShift{Off: 1}, xbpf.TXA{}, xbpf.RetA{}), 8},
		{"len", raw(xbpf.LoadExtension{Num: xbpf.ExtLen}, xbpf.RetA{}), 8},
		{"div by zero", raw(xbpf.LoadConstant{Dst: xbpf.RegX, Val: 0}, xbpf.ALUOpX{Op: xbpf.ALUOpDiv}, xbpf.RetConstant{Val: 1}), 0},
		{"mod by zero", raw(xbpf.LoadConstant{Dst: xbpf.RegX, Val: 0}, xbpf.ALUOpX{Op: xbpf.ALUOpMod}, xbpf.RetConstant{Val: 1}), 0},
		{"shift by 32", raw(xbpf.LoadConstant{Val: 1}, xbpf.LoadConstant{Dst: xbpf.RegX, Val: 32}, xbpf.ALUOpX{Op: xbpf.ALUOpShiftLeft}, xbpf.RetA{}), 0},
		{"neg", raw(xbpf.LoadConstant{Val: 1}, xbpf.NegateA{}, xbpf.RetA{}), 0xffffffff},
		{"scratch", raw(xbpf.LoadConstant{Val: 9}, xbpf.StoreScratch{Src: xbpf.RegA, N: 15}, xbpf.LoadConstant{Val: 0}, xbpf.LoadScratch{Dst: xbpf.RegX, N: 15}, xbpf.TXA{}, xbpf.RetA{}), 9},
		{"ja", raw(xbpf.Jump{Skip: 1}, xbpf.RetConstant{Val: 1}, xbpf.RetConstant{Val: 2}), 2},
		{"jset", raw(xbpf.LoadAbsolute{Off: 0, Size: 1}, xbpf.JumpIf{Cond: xbpf.JumpBitsSet, Val: 1, SkipTrue: 1}, xbpf.RetConstant{Val: 1}, xbpf.RetConstant{Val: 2}), 2},
		{"jgt x", raw(xbpf.LoadConstant{Val: 5}, xbpf.LoadConstant{Dst: xbpf.RegX, Val: 4}, xbpf.JumpIfX{Cond: xbpf.JumpGreaterThan, SkipTrue: 1}, xbpf.RetConstant{Val: 1}, xbpf.RetConstant{Val: 2}), 2},
	}
	for _, c := range cases {
		m, err := NewMatcherProgram(c.prog)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := m.Run(pkt, len(pkt)); got != c.want {
			t.Errorf("%s: got %d, want %d", c.name, got, c.want)
		}
	}
	// len is the wire length, not the captured length.
	m, _ := NewMatcherProgram(raw(xbpf.LoadExtension{Num: xbpf.ExtLen}, xbpf.RetA{}))
	if got := m.Run(pkt, 1500); got != 1500 {
		t.Errorf("wire length: got %d", got)
	}
}

func TestNewMatcherProgramRejects(t *testing.T) {
	bad := [][]xbpf.RawInstruction{
		nil,
		{{Op: clsLD | szW | mABS, K: 0}}, // no return at the end
		{{Op: clsJMP | jmpJEQ, Jt: 5}, {Op: clsRET}},        // jump out of range
		{{Op: clsJMP | jmpJA, K: 0xffffffff}, {Op: clsRET}}, // ja out of range
		{{Op: clsLD | mMEM, K: 16}, {Op: clsRET}},           // scratch index
		{{Op: clsALU | aluDIV, K: 0}, {Op: clsRET}},         // division by zero
		{{Op: 0xff}, {Op: clsRET}},                          // unknown opcode
		{{Op: clsLD | szW | 0xe0}, {Op: clsRET}},            // unknown mode
		{{Op: clsRET | 0x18}},                               // unknown return
		{{Op: clsMISC | 0x40}, {Op: clsRET}},                // unknown misc
	}
	for i, p := range bad {
		if _, err := NewMatcherProgram(p); !errors.Is(err, ErrProgram) {
			t.Errorf("program %d: got %v, want ErrProgram", i, err)
		}
	}
}

func TestMatcherProgramCopy(t *testing.T) {
	m, err := NewMatcher("tcp", LinkTypeEthernet, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := m.Program()
	p[0].K = 99
	if m.Program()[0].K == 99 {
		t.Error("Program returned the Matcher's own slice")
	}
}

func TestMatchDoesNotAllocate(t *testing.T) {
	m, err := NewMatcher("tcp port 80 and host 10.0.0.2", LinkTypeEthernet, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkt := tcpPacket(1234, 80)
	if !m.Match(pkt) {
		t.Fatal("packet not matched")
	}
	if n := testing.AllocsPerRun(100, func() { m.Match(pkt) }); n != 0 {
		t.Errorf("Match allocates %v times", n)
	}
}

func TestDisassembleFormats(t *testing.T) {
	prog := []xbpf.RawInstruction{
		{Op: clsLD | szW | mLEN},
		{Op: clsLDX | mMSH | szB, K: 14},
		{Op: clsLD | szH | mIND, K: 16},
		{Op: clsALU | aluAND | srcK, K: 0x1fff},
		{Op: clsALU | aluADD | srcK, K: 4},
		{Op: clsALU | aluXOR | srcX},
		{Op: clsST, K: 3},
		{Op: clsJMP | jmpJA, K: 1},
		{Op: clsJMP | jmpJGT | srcX, Jt: 0, Jf: 1},
		{Op: clsRET | retA},
		{Op: clsRET | retK, K: 0},
	}
	want := "(000) ld       #pktlen\n" +
		"(001) ldxb     4*([14]&0xf)\n" +
		"(002) ldh      [x + 16]\n" +
		"(003) and      #0x1fff\n" +
		"(004) add      #4\n" +
		"(005) xor      x\n" +
		"(006) st       M[3]\n" +
		"(007) ja       9\n" +
		"(008) jgt      x                jt 9\tjf 10\n" +
		"(009) ret      \n" +
		"(010) ret      #0\n"
	if got := Disassemble(prog); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestLexer(t *testing.T) {
	cases := []struct {
		in   string
		kind tokKind
		n    int
	}{
		{"ip6", kwIP6, 3},
		{"ipx", kwIPX, 3},
		{"ipaddr", tID, 6},
		{"tcp-syn", tNum, 7},
		{"tcp-foo", tID, 7},
		{"10.1.2.3", tHID, 8},
		{"10.1.2.3.4", tID, 10},
		{"0x800", tNum, 5},
		{"1000-2000", tID, 9},
		{"fe80::1", tHID6, 7},
		{"::1", tHID6, 3},
		{"aa:bb:cc:dd:ee:ff", tEID, 17},
		{"aabb.ccdd.eeff", tEID, 14},
		{"1:2:3:4:5:6:7:8", tHID6, 15},
		{"&&", tAnd, 2},
		{"!=", tNEQ, 2},
		{"\\tcp", tID, 4},
		{"es-is", kwESIS, 5},
		{"ftp-data", tID, 8},
	}
	for _, c := range cases {
		tok, n := lexOne(c.in)
		if tok.kind != c.kind || n != c.n {
			t.Errorf("%q: got kind %d length %d, want %d %d", c.in, tok.kind, n, c.kind, c.n)
		}
	}
}

// TestConcurrentCompile compiles the same expressions from several
// goroutines (the compiler pools its working memory) and compares the
// programs with those of a sequential run.
func TestConcurrentCompile(t *testing.T) {
	exprs := loadFilters(t)
	want := make([]string, len(exprs))
	for i, e := range exprs {
		p, err := Compile(e, LinkTypeEthernet, 0)
		if err != nil {
			want[i] = "error: " + err.Error()
			continue
		}
		want[i] = Disassemble(p)
	}
	done := make(chan string)
	for g := 0; g < 4; g++ {
		go func(g int) {
			for k := range exprs {
				i := (k + g*37) % len(exprs)
				p, err := Compile(exprs[i], LinkTypeEthernet, 0)
				got := ""
				if err != nil {
					got = "error: " + err.Error()
				} else {
					got = Disassemble(p)
				}
				if got != want[i] {
					done <- exprs[i]
					return
				}
			}
			done <- ""
		}(g)
	}
	for g := 0; g < 4; g++ {
		if e := <-done; e != "" {
			t.Errorf("%q compiles differently when compiled concurrently", e)
		}
	}
}

// TestFusion runs every test filter with and without the interpreter's
// fused instructions on packets of all kinds, cut at every length.
func TestFusion(t *testing.T) {
	var pkts [][]byte
	base := [][]byte{
		tcpPacket(1234, 80), tcpPacket(80, 1023), tcpPacket(53, 5000), tcpPacket(0, 0),
	}
	udp := tcpPacket(53, 53)
	udp[23] = 17
	base = append(base, udp)
	opts := tcpPacket(50, 60)
	opts[14] = 0x46 // IPv4 header with options
	opts = append(opts, make([]byte, 8)...)
	base = append(base, opts)
	v6 := append([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x86, 0xdd, 0x60, 0, 0, 0, 0, 20, 6, 64},
		make([]byte, 32)...)
	v6 = append(v6, 0x00, 0x50, 0x03, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x50, 0x12, 0x20, 0, 0, 0, 0, 0)
	base = append(base, v6)
	vlan := append([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 6, 7, 8, 9, 10, 11, 0x81, 0x00, 0x00, 0x64}, tcpPacket(80, 80)[12:]...)
	base = append(base, vlan)
	for _, p := range base {
		for n := 0; n <= len(p); n++ {
			pkts = append(pkts, p[:n])
		}
	}
	for _, expr := range loadFilters(t) {
		prog, err := Compile(expr, LinkTypeEthernet, 0)
		if err != nil {
			continue
		}
		fused, err := newMatcher(prog, true)
		if err != nil {
			t.Fatal(err)
		}
		plain, _ := newMatcher(prog, false)
		for _, p := range pkts {
			if a, b := fused.Run(p, len(p)+4), plain.Run(p, len(p)+4); a != b {
				t.Errorf("%q: fused %d, plain %d on % x", expr, a, b, p)
				break
			}
		}
	}
}

func TestZeroMatcher(t *testing.T) {
	var m Matcher
	if m.Match([]byte{1, 2, 3}) {
		t.Error("zero Matcher accepts a packet")
	}
}
