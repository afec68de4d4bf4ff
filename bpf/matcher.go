package bpf

import (
	"fmt"

	"golang.org/x/net/bpf"
)

// Matcher runs a classic BPF program on packets, in user space: a
// switch-based interpreter over instructions decoded (and where possible
// fused: a load and the jump testing it run as one step) when the
// Matcher is made. It is safe for concurrent use; Match and Run do not
// allocate. The zero Matcher rejects every packet.
type Matcher struct {
	prog   []vmInsn
	consts []uint32 // constants of the opJeqSet instructions
	source []bpf.RawInstruction
}

// Internal opcodes of the interpreter. Loads followed by a conditional
// jump on K are fused into one instruction.
const (
	opRetK uint8 = iota
	opRetA
	opLdW
	opLdH
	opLdB
	opLdIndW
	opLdIndH
	opLdIndB
	opLdLen
	opLdImm
	opLdMem
	opLdxImm
	opLdxMem
	opLdxLen
	opLdxMsh
	opSt
	opStx
	opAddK
	opSubK
	opMulK
	opDivK
	opModK
	opAndK
	opOrK
	opXorK
	opLshK
	opRshK
	opAddX
	opSubX
	opMulX
	opDivX
	opModX
	opAndX
	opOrX
	opXorX
	opLshX
	opRshX
	opNeg
	opTax
	opTxa
	opJa
	opJeqK
	opJgtK
	opJgeK
	opJsetK
	opJeqX
	opJgtX
	opJgeX
	opJsetX
	// fused: a load, then a conditional jump on a constant
	opAbsBJeq
	opAbsBJgt
	opAbsBJge
	opAbsBJset
	opAbsHJeq
	opAbsHJgt
	opAbsHJge
	opAbsHJset
	opAbsWJeq
	opAbsWJgt
	opAbsWJge
	opAbsWJset
	opIndBJeq
	opIndBJgt
	opIndBJge
	opIndBJset
	opIndHJeq
	opIndHJgt
	opIndHJge
	opIndHJset
	opIndWJeq
	opIndWJgt
	opIndWJge
	opIndWJset
	// fused: a load, "and" with a constant, then "jeq" a constant
	opAbsBAndJeq
	opAbsHAndJeq
	opAbsWAndJeq
	opIndBAndJeq
	opIndHAndJeq
	opIndWAndJeq
	// fused: "jeq" against several constants with the same true target
	opJeqSet
	opAbsBJeqSet
	opAbsHJeqSet
	// fused: "jge lo" then "jgt hi", a range test
	opRange
	opAbsHRange
	opIndHRange
	// fused: "ldxb 4*([k3]&0xf)" then one of the fused indirect loads
	opMshIndHJeq
	opMshIndBJeq
	opMshIndBJset
	opMshIndBAndJeq
	opMshIndHRange
)

// vmInsn is a decoded instruction; jt and jf are absolute indices.
type vmInsn struct {
	op     uint8
	jt, jf uint16
	k      uint32
	k2     uint32 // fused instructions: the jump constant
	m      uint32 // fused "and" instructions: the mask
	k3     uint32 // fused "ldxb": its offset
}

// maxProgram is the largest program NewMatcherProgram accepts.
const maxProgram = 1 << 16

// NewMatcher compiles expr (see Compile) and returns a Matcher for it.
func NewMatcher(expr string, linkType uint32, snaplen int) (*Matcher, error) {
	prog, err := Compile(expr, linkType, snaplen)
	if err != nil {
		return nil, err
	}
	return NewMatcherProgram(prog)
}

// NewMatcherProgram returns a Matcher running prog, after checking it as
// the kernel would: known opcodes, jumps inside the program, scratch
// memory indices below 16, no division by a constant zero, and a return
// as the last instruction. Programs reading the kernel's metadata (the
// ancillary loads of CompileOptions.Live programs) are refused: a Matcher
// runs on packets as captured, with any VLAN tag in the data, and
// matches them with the program compiled without Live.
func NewMatcherProgram(prog []bpf.RawInstruction) (*Matcher, error) {
	return newMatcher(prog, true)
}

func newMatcher(prog []bpf.RawInstruction, fuse bool) (*Matcher, error) {
	n := len(prog)
	if n == 0 || n > maxProgram {
		return nil, fmt.Errorf("%w: program length %d out of range 1..%d", ErrProgram, n, maxProgram)
	}
	if c := prog[n-1].Op; bpfClass(c) != clsRET {
		return nil, fmt.Errorf("%w: last instruction is not a return", ErrProgram)
	}
	m := &Matcher{prog: make([]vmInsn, n), source: append([]bpf.RawInstruction(nil), prog...)}
	for pc, ins := range prog {
		if ins.Op&0x07 == clsLD && ins.Op&0xe0 == mABS && (ins.K == ancVlanTag || ins.K == ancVlanTagPresent) {
			// The kernel's ancillary loads (programs compiled with
			// CompileOptions.Live) read metadata a Matcher does not have.
			return nil, fmt.Errorf("%w: instruction %d loads kernel metadata (ancillary offset %#x, the VLAN tag); match with the program compiled without CompileOptions.Live", ErrProgram, pc, ins.K)
		}
		d, err := decode(ins, pc, n)
		if err != nil {
			return nil, err
		}
		m.prog[pc] = d
	}
	if fuse {
		m.fuse()
	}
	return m, nil
}

// Program returns a copy of the program the Matcher runs.
func (m *Matcher) Program() []bpf.RawInstruction {
	return append([]bpf.RawInstruction(nil), m.source...)
}

func decode(ins bpf.RawInstruction, pc, n int) (vmInsn, error) {
	bad := func(format string, args ...any) (vmInsn, error) {
		return vmInsn{}, fmt.Errorf("%w: instruction %d: %s", ErrProgram, pc, fmt.Sprintf(format, args...))
	}
	d := vmInsn{k: ins.K}
	c := ins.Op
	switch bpfClass(c) {
	case clsLD:
		switch c {
		case clsLD | szW | mABS:
			d.op = opLdW
		case clsLD | szH | mABS:
			d.op = opLdH
		case clsLD | szB | mABS:
			d.op = opLdB
		case clsLD | szW | mIND:
			d.op = opLdIndW
		case clsLD | szH | mIND:
			d.op = opLdIndH
		case clsLD | szB | mIND:
			d.op = opLdIndB
		case clsLD | szW | mLEN:
			d.op = opLdLen
		case clsLD | szW | mIMM:
			d.op = opLdImm
		case clsLD | szW | mMEM:
			d.op = opLdMem
		default:
			return bad("unknown load opcode %#x", c)
		}
	case clsLDX:
		switch c {
		case clsLDX | szW | mIMM:
			d.op = opLdxImm
		case clsLDX | szW | mMEM:
			d.op = opLdxMem
		case clsLDX | szW | mLEN:
			d.op = opLdxLen
		case clsLDX | szB | mMSH:
			d.op = opLdxMsh
		default:
			return bad("unknown load opcode %#x", c)
		}
	case clsST:
		if c != clsST {
			return bad("unknown store opcode %#x", c)
		}
		d.op = opSt
	case clsSTX:
		if c != clsSTX {
			return bad("unknown store opcode %#x", c)
		}
		d.op = opStx
	case clsALU:
		if c&^0xf8 != clsALU {
			return bad("unknown alu opcode %#x", c)
		}
		x := bpfSrc(c) == srcX
		ops := map[uint16][2]uint8{
			aluADD: {opAddK, opAddX}, aluSUB: {opSubK, opSubX}, aluMUL: {opMulK, opMulX},
			aluDIV: {opDivK, opDivX}, aluMOD: {opModK, opModX}, aluAND: {opAndK, opAndX},
			aluOR: {opOrK, opOrX}, aluXOR: {opXorK, opXorX}, aluLSH: {opLshK, opLshX},
			aluRSH: {opRshK, opRshX},
		}
		op := bpfOp(c)
		if op == aluNEG {
			if x {
				return bad("unknown alu opcode %#x", c)
			}
			d.op = opNeg
			break
		}
		p, ok := ops[op]
		if !ok {
			return bad("unknown alu opcode %#x", c)
		}
		if x {
			d.op = p[1]
		} else {
			d.op = p[0]
			if (op == aluDIV || op == aluMOD) && ins.K == 0 {
				return bad("division by zero")
			}
		}
	case clsJMP:
		op := bpfOp(c)
		if c&^0xf8 != clsJMP || (op == jmpJA && bpfSrc(c) == srcX) {
			return bad("unknown jump opcode %#x", c)
		}
		if op == jmpJA {
			t := uint64(pc) + 1 + uint64(ins.K)
			if t >= uint64(n) {
				return bad("jump out of the program")
			}
			d.op, d.jt = opJa, uint16(t)
			break
		}
		jt, jf := pc+1+int(ins.Jt), pc+1+int(ins.Jf)
		if jt >= n || jf >= n {
			return bad("jump out of the program")
		}
		d.jt, d.jf = uint16(jt), uint16(jf)
		x := bpfSrc(c) == srcX
		switch op {
		case jmpJEQ:
			d.op = map[bool]uint8{false: opJeqK, true: opJeqX}[x]
		case jmpJGT:
			d.op = map[bool]uint8{false: opJgtK, true: opJgtX}[x]
		case jmpJGE:
			d.op = map[bool]uint8{false: opJgeK, true: opJgeX}[x]
		case jmpJSET:
			d.op = map[bool]uint8{false: opJsetK, true: opJsetX}[x]
		default:
			return bad("unknown jump opcode %#x", c)
		}
	case clsRET:
		switch c {
		case clsRET | retK:
			d.op = opRetK
		case clsRET | retA:
			d.op = opRetA
		default:
			return bad("unknown return opcode %#x", c)
		}
	case clsMISC:
		switch c {
		case clsMISC | miscTAX:
			d.op = opTax
		case clsMISC | miscTXA:
			d.op = opTxa
		default:
			return bad("unknown misc opcode %#x", c)
		}
	}
	if (d.op == opLdMem || d.op == opLdxMem || d.op == opSt || d.op == opStx) && ins.K >= 16 {
		return bad("scratch memory index %d out of range", ins.K)
	}
	return d, nil
}

// fuse replaces a load followed by a conditional jump on a constant
// (possibly with an "and" between them) with one instruction doing all.
// The original instructions keep their slots, so that jumps to them
// still work.
func (m *Matcher) fuse() {
	loads := map[uint8]uint8{opLdB: 0, opLdH: 1, opLdW: 2, opLdIndB: 3, opLdIndH: 4, opLdIndW: 5}
	jumps := map[uint8]uint8{opJeqK: 0, opJgtK: 1, opJgeK: 2, opJsetK: 3}
	p := m.prog
	for i := 0; i+1 < len(p); i++ {
		a, b := p[i], p[i+1]
		l, ok := loads[a.op]
		if !ok {
			continue
		}
		if i+2 < len(p) && b.op == opAndK && p[i+2].op == opJeqK {
			j := p[i+2]
			p[i] = vmInsn{op: opAbsBAndJeq + l, k: a.k, m: b.k, k2: j.k, jt: j.jt, jf: j.jf}
			continue
		}
		if jk, ok := jumps[b.op]; ok {
			p[i] = vmInsn{op: opAbsBJeq + 4*l + jk, k: a.k, k2: b.k, jt: b.jt, jf: b.jf}
		}
	}
	// Chains of "jeq" on A with one true target ("ip proto is SCTP, TCP
	// or UDP") and "jge lo; jgt hi" range tests become one instruction.
	for i := range p {
		a := p[i]
		var k0 uint32
		setOp := uint8(0)
		switch a.op {
		case opJeqK:
			k0, setOp = a.k, opJeqSet
		case opAbsBJeq:
			k0, setOp = a.k2, opAbsBJeqSet
		case opAbsHJeq:
			k0, setOp = a.k2, opAbsHJeqSet
		}
		if setOp != 0 {
			start := len(m.consts)
			m.consts = append(m.consts, k0)
			t := a.jf
			for p[t].op == opJeqK && p[t].jt == a.jt && len(m.consts)-start < 8 {
				m.consts = append(m.consts, p[t].k)
				t = p[t].jf
			}
			if n := len(m.consts) - start; n > 1 {
				p[i] = vmInsn{op: setOp, k: a.k, m: uint32(start), k2: uint32(n), jt: a.jt, jf: t}
			} else {
				m.consts = m.consts[:start]
			}
			continue
		}
		var lo uint32
		rangeOp := uint8(0)
		switch a.op {
		case opJgeK:
			lo, rangeOp = a.k, opRange
		case opAbsHJge:
			lo, rangeOp = a.k2, opAbsHRange
		case opIndHJge:
			lo, rangeOp = a.k2, opIndHRange
		}
		if rangeOp != 0 {
			if b := p[a.jt]; b.op == opJgtK && b.jt == a.jf {
				p[i] = vmInsn{op: rangeOp, k: a.k, k2: lo, m: b.k, jt: b.jf, jf: a.jf}
			}
		}
	}
	// "ldxb 4*([k]&0xf)" (the IPv4 header length) before a transport
	// header test.
	msh := map[uint8]uint8{opIndHJeq: opMshIndHJeq, opIndBJeq: opMshIndBJeq,
		opIndBJset: opMshIndBJset, opIndBAndJeq: opMshIndBAndJeq, opIndHRange: opMshIndHRange}
	for i := 0; i+1 < len(p); i++ {
		if p[i].op != opLdxMsh {
			continue
		}
		if op, ok := msh[p[i+1].op]; ok {
			f := p[i+1]
			f.op, f.k3 = op, p[i].k
			p[i] = f
		}
	}
}

// Match reports whether the program accepts the packet (returns a
// non-zero length). The packet's length on the wire is taken to be
// len(pkt); use Run for captures truncated by a snapshot length.
func (m *Matcher) Match(pkt []byte) bool {
	return m.Run(pkt, len(pkt)) != 0
}

// Run runs the program on pkt, whose original length on the wire is
// wireLen (what the "len" primitive tests), and returns the program's
// verdict as the kernel uses it: the number of bytes of the packet to
// keep, 0 to drop it. A load beyond the end of pkt, or a division by
// zero, ends the program with 0.
func (m *Matcher) Run(pkt []byte, wireLen int) uint32 {
	var A, X uint32
	var M [16]uint32
	prog := m.prog
	consts := m.consts
	if len(prog) == 0 { // the zero Matcher rejects everything
		return 0
	}
	blen := uint64(len(pkt))
	wl := uint32(wireLen)
	pc := 0
	for {
		// NewMatcherProgram checked that every jump stays inside the
		// program and that the last instruction returns.
		in := &prog[pc]
		switch in.op {
		case opAbsBJeq:
			k := uint64(in.k)
			if k >= blen {
				return 0
			}
			A = uint32(pkt[k])
			if A == in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opAbsBJgt:
			k := uint64(in.k)
			if k >= blen {
				return 0
			}
			A = uint32(pkt[k])
			if A > in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opAbsBJge:
			k := uint64(in.k)
			if k >= blen {
				return 0
			}
			A = uint32(pkt[k])
			if A >= in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opAbsBJset:
			k := uint64(in.k)
			if k >= blen {
				return 0
			}
			A = uint32(pkt[k])
			if A&in.k2 != 0 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opAbsHJeq:
			k := uint64(in.k)
			if k+2 > blen {
				return 0
			}
			A = uint32(pkt[k])<<8 | uint32(pkt[k+1])
			if A == in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opAbsHJgt:
			k := uint64(in.k)
			if k+2 > blen {
				return 0
			}
			A = uint32(pkt[k])<<8 | uint32(pkt[k+1])
			if A > in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opAbsHJge:
			k := uint64(in.k)
			if k+2 > blen {
				return 0
			}
			A = uint32(pkt[k])<<8 | uint32(pkt[k+1])
			if A >= in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opAbsHJset:
			k := uint64(in.k)
			if k+2 > blen {
				return 0
			}
			A = uint32(pkt[k])<<8 | uint32(pkt[k+1])
			if A&in.k2 != 0 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opAbsWJeq:
			k := uint64(in.k)
			if k+4 > blen {
				return 0
			}
			A = uint32(pkt[k])<<24 | uint32(pkt[k+1])<<16 | uint32(pkt[k+2])<<8 | uint32(pkt[k+3])
			if A == in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opAbsWJgt:
			k := uint64(in.k)
			if k+4 > blen {
				return 0
			}
			A = uint32(pkt[k])<<24 | uint32(pkt[k+1])<<16 | uint32(pkt[k+2])<<8 | uint32(pkt[k+3])
			if A > in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opAbsWJge:
			k := uint64(in.k)
			if k+4 > blen {
				return 0
			}
			A = uint32(pkt[k])<<24 | uint32(pkt[k+1])<<16 | uint32(pkt[k+2])<<8 | uint32(pkt[k+3])
			if A >= in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opAbsWJset:
			k := uint64(in.k)
			if k+4 > blen {
				return 0
			}
			A = uint32(pkt[k])<<24 | uint32(pkt[k+1])<<16 | uint32(pkt[k+2])<<8 | uint32(pkt[k+3])
			if A&in.k2 != 0 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opIndBJeq:
			k := uint64(in.k) + uint64(X)
			if k >= blen {
				return 0
			}
			A = uint32(pkt[k])
			if A == in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opIndBJgt:
			k := uint64(in.k) + uint64(X)
			if k >= blen {
				return 0
			}
			A = uint32(pkt[k])
			if A > in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opIndBJge:
			k := uint64(in.k) + uint64(X)
			if k >= blen {
				return 0
			}
			A = uint32(pkt[k])
			if A >= in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opIndBJset:
			k := uint64(in.k) + uint64(X)
			if k >= blen {
				return 0
			}
			A = uint32(pkt[k])
			if A&in.k2 != 0 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opIndHJeq:
			k := uint64(in.k) + uint64(X)
			if k+2 > blen {
				return 0
			}
			A = uint32(pkt[k])<<8 | uint32(pkt[k+1])
			if A == in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opIndHJgt:
			k := uint64(in.k) + uint64(X)
			if k+2 > blen {
				return 0
			}
			A = uint32(pkt[k])<<8 | uint32(pkt[k+1])
			if A > in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opIndHJge:
			k := uint64(in.k) + uint64(X)
			if k+2 > blen {
				return 0
			}
			A = uint32(pkt[k])<<8 | uint32(pkt[k+1])
			if A >= in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opIndHJset:
			k := uint64(in.k) + uint64(X)
			if k+2 > blen {
				return 0
			}
			A = uint32(pkt[k])<<8 | uint32(pkt[k+1])
			if A&in.k2 != 0 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opIndWJeq:
			k := uint64(in.k) + uint64(X)
			if k+4 > blen {
				return 0
			}
			A = uint32(pkt[k])<<24 | uint32(pkt[k+1])<<16 | uint32(pkt[k+2])<<8 | uint32(pkt[k+3])
			if A == in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opIndWJgt:
			k := uint64(in.k) + uint64(X)
			if k+4 > blen {
				return 0
			}
			A = uint32(pkt[k])<<24 | uint32(pkt[k+1])<<16 | uint32(pkt[k+2])<<8 | uint32(pkt[k+3])
			if A > in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opIndWJge:
			k := uint64(in.k) + uint64(X)
			if k+4 > blen {
				return 0
			}
			A = uint32(pkt[k])<<24 | uint32(pkt[k+1])<<16 | uint32(pkt[k+2])<<8 | uint32(pkt[k+3])
			if A >= in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opIndWJset:
			k := uint64(in.k) + uint64(X)
			if k+4 > blen {
				return 0
			}
			A = uint32(pkt[k])<<24 | uint32(pkt[k+1])<<16 | uint32(pkt[k+2])<<8 | uint32(pkt[k+3])
			if A&in.k2 != 0 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opAbsBAndJeq:
			k := uint64(in.k)
			if k >= blen {
				return 0
			}
			A = uint32(pkt[k])
			A &= in.m
			if A == in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opAbsHAndJeq:
			k := uint64(in.k)
			if k+2 > blen {
				return 0
			}
			A = uint32(pkt[k])<<8 | uint32(pkt[k+1])
			A &= in.m
			if A == in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opAbsWAndJeq:
			k := uint64(in.k)
			if k+4 > blen {
				return 0
			}
			A = uint32(pkt[k])<<24 | uint32(pkt[k+1])<<16 | uint32(pkt[k+2])<<8 | uint32(pkt[k+3])
			A &= in.m
			if A == in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opIndBAndJeq:
			k := uint64(in.k) + uint64(X)
			if k >= blen {
				return 0
			}
			A = uint32(pkt[k])
			A &= in.m
			if A == in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opIndHAndJeq:
			k := uint64(in.k) + uint64(X)
			if k+2 > blen {
				return 0
			}
			A = uint32(pkt[k])<<8 | uint32(pkt[k+1])
			A &= in.m
			if A == in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opIndWAndJeq:
			k := uint64(in.k) + uint64(X)
			if k+4 > blen {
				return 0
			}
			A = uint32(pkt[k])<<24 | uint32(pkt[k+1])<<16 | uint32(pkt[k+2])<<8 | uint32(pkt[k+3])
			A &= in.m
			if A == in.k2 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opJeqSet, opAbsBJeqSet, opAbsHJeqSet:
			switch in.op {
			case opAbsBJeqSet:
				k := uint64(in.k)
				if k >= blen {
					return 0
				}
				A = uint32(pkt[k])
			case opAbsHJeqSet:
				k := uint64(in.k)
				if k+2 > blen {
					return 0
				}
				A = uint32(pkt[k])<<8 | uint32(pkt[k+1])
			}
			pc = int(in.jf)
			for _, c := range consts[in.m : in.m+in.k2] {
				if A == c {
					pc = int(in.jt)
					break
				}
			}
		case opRange:
			if A >= in.k2 && A <= in.m {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opAbsHRange, opIndHRange:
			k := uint64(in.k)
			if in.op == opIndHRange {
				k += uint64(X)
			}
			if k+2 > blen {
				return 0
			}
			A = uint32(pkt[k])<<8 | uint32(pkt[k+1])
			if A >= in.k2 && A <= in.m {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opMshIndHJeq, opMshIndBJeq, opMshIndBJset, opMshIndBAndJeq, opMshIndHRange:
			k := uint64(in.k3)
			if k >= blen {
				return 0
			}
			X = uint32(pkt[k]&0xf) << 2
			k = uint64(in.k) + uint64(X)
			var t bool
			switch in.op {
			case opMshIndHJeq, opMshIndHRange:
				if k+2 > blen {
					return 0
				}
				A = uint32(pkt[k])<<8 | uint32(pkt[k+1])
				if in.op == opMshIndHJeq {
					t = A == in.k2
				} else {
					t = A >= in.k2 && A <= in.m
				}
			default:
				if k >= blen {
					return 0
				}
				A = uint32(pkt[k])
				switch in.op {
				case opMshIndBJeq:
					t = A == in.k2
				case opMshIndBJset:
					t = A&in.k2 != 0
				default:
					A &= in.m
					t = A == in.k2
				}
			}
			if t {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opLdxMsh:
			k := uint64(in.k)
			if k >= blen {
				return 0
			}
			X = uint32(pkt[k]&0xf) << 2
			pc++
		case opRetK:
			return in.k
		case opRetA:
			return A
		case opLdW:
			k := uint64(in.k)
			if k+4 > blen {
				return 0
			}
			A = uint32(pkt[k])<<24 | uint32(pkt[k+1])<<16 | uint32(pkt[k+2])<<8 | uint32(pkt[k+3])
			pc++
		case opLdH:
			k := uint64(in.k)
			if k+2 > blen {
				return 0
			}
			A = uint32(pkt[k])<<8 | uint32(pkt[k+1])
			pc++
		case opLdB:
			k := uint64(in.k)
			if k >= blen {
				return 0
			}
			A = uint32(pkt[k])
			pc++
		case opLdIndW:
			k := uint64(in.k) + uint64(X)
			if k+4 > blen {
				return 0
			}
			A = uint32(pkt[k])<<24 | uint32(pkt[k+1])<<16 | uint32(pkt[k+2])<<8 | uint32(pkt[k+3])
			pc++
		case opLdIndH:
			k := uint64(in.k) + uint64(X)
			if k+2 > blen {
				return 0
			}
			A = uint32(pkt[k])<<8 | uint32(pkt[k+1])
			pc++
		case opLdIndB:
			k := uint64(in.k) + uint64(X)
			if k >= blen {
				return 0
			}
			A = uint32(pkt[k])
			pc++
		case opLdLen:
			A = wl
			pc++
		case opLdImm:
			A = in.k
			pc++
		case opLdMem:
			A = M[in.k&15]
			pc++
		case opLdxImm:
			X = in.k
			pc++
		case opLdxMem:
			X = M[in.k&15]
			pc++
		case opLdxLen:
			X = wl
			pc++
		case opSt:
			M[in.k&15] = A
			pc++
		case opStx:
			M[in.k&15] = X
			pc++
		case opAddK:
			A += in.k
			pc++
		case opSubK:
			A -= in.k
			pc++
		case opMulK:
			A *= in.k
			pc++
		case opDivK:
			A /= in.k
			pc++
		case opModK:
			A %= in.k
			pc++
		case opAndK:
			A &= in.k
			pc++
		case opOrK:
			A |= in.k
			pc++
		case opXorK:
			A ^= in.k
			pc++
		case opLshK:
			A = shl(A, in.k)
			pc++
		case opRshK:
			A = shr(A, in.k)
			pc++
		case opAddX:
			A += X
			pc++
		case opSubX:
			A -= X
			pc++
		case opMulX:
			A *= X
			pc++
		case opDivX:
			if X == 0 {
				return 0
			}
			A /= X
			pc++
		case opModX:
			if X == 0 {
				return 0
			}
			A %= X
			pc++
		case opAndX:
			A &= X
			pc++
		case opOrX:
			A |= X
			pc++
		case opXorX:
			A ^= X
			pc++
		case opLshX:
			A = shl(A, X)
			pc++
		case opRshX:
			A = shr(A, X)
			pc++
		case opNeg:
			A = -A
			pc++
		case opTax:
			X = A
			pc++
		case opTxa:
			A = X
			pc++
		case opJa:
			pc = int(in.jt)
		case opJeqK:
			if A == in.k {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opJgtK:
			if A > in.k {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opJgeK:
			if A >= in.k {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opJsetK:
			if A&in.k != 0 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opJeqX:
			if A == X {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opJgtX:
			if A > X {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opJgeX:
			if A >= X {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		case opJsetX:
			if A&X != 0 {
				pc = int(in.jt)
			} else {
				pc = int(in.jf)
			}
		default:
			return 0
		}
	}
}

// Shifts by 32 or more give 0, as in libpcap's interpreter.
func shl(a, n uint32) uint32 {
	if n >= 32 {
		return 0
	}
	return a << n
}

func shr(a, n uint32) uint32 {
	if n >= 32 {
		return 0
	}
	return a >> n
}
