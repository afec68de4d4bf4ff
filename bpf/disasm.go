package bpf

import (
	"fmt"
	"strings"

	"golang.org/x/net/bpf"
)

// Disassemble returns the program in the format of "tcpdump -d", one
// instruction per line:
//
//	(000) ldh      [12]
//	(001) jeq      #0x800           jt 2	jf 5
func Disassemble(prog []bpf.RawInstruction) string {
	var sb strings.Builder
	for i, ins := range prog {
		sb.WriteString(image(ins, i))
		sb.WriteByte('\n')
	}
	return sb.String()
}

// image formats one instruction like libpcap's bpf_image.
func image(p bpf.RawInstruction, n int) string {
	v := int32(p.K)
	op, operand := "", ""
	hex := func(s string) string { return fmt.Sprintf(s, uint32(v)) }
	dec := func(s string) string { return fmt.Sprintf(s, v) }
	switch p.Op {
	case clsRET | retK:
		op, operand = "ret", dec("#%d")
	case clsRET | retA:
		op = "ret"
	case clsLD | szW | mABS:
		op, operand = "ld", absOperand(p.K)
	case clsLD | szH | mABS:
		op, operand = "ldh", absOperand(p.K)
	case clsLD | szB | mABS:
		op, operand = "ldb", absOperand(p.K)
	case clsLD | szW | mLEN:
		op, operand = "ld", "#pktlen"
	case clsLD | szW | mIND:
		op, operand = "ld", dec("[x + %d]")
	case clsLD | szH | mIND:
		op, operand = "ldh", dec("[x + %d]")
	case clsLD | szB | mIND:
		op, operand = "ldb", dec("[x + %d]")
	case clsLD | mIMM:
		op, operand = "ld", hex("#0x%x")
	case clsLDX | mIMM:
		op, operand = "ldx", hex("#0x%x")
	case clsLDX | szW | mLEN:
		op, operand = "ldx", "#pktlen"
	case clsLDX | mMSH | szB:
		op, operand = "ldxb", dec("4*([%d]&0xf)")
	case clsLD | mMEM:
		op, operand = "ld", dec("M[%d]")
	case clsLDX | mMEM:
		op, operand = "ldx", dec("M[%d]")
	case clsST:
		op, operand = "st", dec("M[%d]")
	case clsSTX:
		op, operand = "stx", dec("M[%d]")
	case clsJMP | jmpJA:
		op, operand = "ja", fmt.Sprintf("%d", int32(uint32(n)+1+p.K))
	case clsJMP | jmpJGT | srcK:
		op, operand = "jgt", hex("#0x%x")
	case clsJMP | jmpJGE | srcK:
		op, operand = "jge", hex("#0x%x")
	case clsJMP | jmpJEQ | srcK:
		op, operand = "jeq", hex("#0x%x")
	case clsJMP | jmpJSET | srcK:
		op, operand = "jset", hex("#0x%x")
	case clsJMP | jmpJGT | srcX:
		op, operand = "jgt", "x"
	case clsJMP | jmpJGE | srcX:
		op, operand = "jge", "x"
	case clsJMP | jmpJEQ | srcX:
		op, operand = "jeq", "x"
	case clsJMP | jmpJSET | srcX:
		op, operand = "jset", "x"
	case clsALU | aluNEG:
		op = "neg"
	case clsMISC | miscTAX:
		op = "tax"
	case clsMISC | miscTXA:
		op = "txa"
	default:
		if bpfClass(p.Op) == clsALU && p.Op&^(0xf8) == clsALU {
			name, ok := map[uint16]string{aluADD: "add", aluSUB: "sub", aluMUL: "mul",
				aluDIV: "div", aluMOD: "mod", aluAND: "and", aluOR: "or", aluXOR: "xor",
				aluLSH: "lsh", aluRSH: "rsh"}[bpfOp(p.Op)]
			if ok {
				op = name
				switch {
				case bpfSrc(p.Op) == srcX:
					operand = "x"
				case bpfOp(p.Op) == aluAND || bpfOp(p.Op) == aluOR || bpfOp(p.Op) == aluXOR:
					operand = hex("#0x%x")
				default:
					operand = dec("#%d")
				}
				break
			}
		}
		op, operand = "unimp", fmt.Sprintf("0x%x", p.Op)
	}
	if bpfClass(p.Op) == clsJMP && bpfOp(p.Op) != jmpJA {
		return fmt.Sprintf("(%03d) %-8s %-16s jt %d\tjf %d", n, op, operand, n+1+int(p.Jt), n+1+int(p.Jf))
	}
	return fmt.Sprintf("(%03d) %-8s %s", n, op, operand)
}

// absOperand prints the operand of an absolute load, with the names
// libpcap gives the ancillary loads of the VLAN tag.
func absOperand(k uint32) string {
	switch k {
	case ancVlanTag:
		return "[vlan_tci]"
	case ancVlanTagPresent:
		return "[vlanp]"
	}
	return fmt.Sprintf("[%d]", int32(k))
}
